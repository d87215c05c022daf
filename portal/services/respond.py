"""The respondents' side, as plain Python: claims, drafts, sections, the privacy notice, links.

No Flask here (portal/respondents.py holds the cookie and the session; the views
in portal/views/respond.py parse and render). What is decided here:

* **Claims.** A trainee's name is claimed by one device: the sha256 of a random
  secret kept in that device's cookie. The same device may come back; another
  device (LINE's in-app browser and Chrome on one phone are two) gets "taken"
  until staff release the name.
* **Sections.** A questionnaire is answered one section at a time: each
  top-level group or repeat of the expanded tree is a section, and loose
  top-level questions next to each other form one. A section none of whose
  questions is visible (``relevant`` false, or a repeat with no instances —
  the follow-up form's plan activities until plans exist) is skipped.
* **Drafts.** The raw answers typed so far (the nested shape of
  ``portal.instruments``) and the section reached, saved on every step.
* **Edit keys and device keys.** Secrets derived from the device secret, so
  that nothing stored (not even the claim's device hash) leads from an
  anonymous response back to a device or a person.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import peewee as pw

from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import normalize_text, thai_sort_key
from portal.instruments import Block, Field, check, iter_fields
from portal.models import Cohort, Instrument, Trainee
from portal.models.responses import AnonymousReceipt, Claim, Draft, PrivacyNotice, RespondentLink, Response
from portal.services.collection import check_trainee, hash_secret

__all__ = [
    "DEFAULT_PRIVACY_TH", "DEFAULT_PRIVACY_EN", "current_privacy_notice", "privacy_notice",
    "device_label", "claim_name", "device_claims", "Roster", "roster",
    "Section", "sections", "visible_keys", "visible_sections", "prune", "section_errors", "revealed_blank", "merge_section",
    "load_draft", "save_draft", "delete_draft",
    "trainee_edit_key", "link_device_key", "link_draft_owner", "anonymous_response_of", "link_state",
    "link_answered", "precheck_trainee", "LINK_KINDS", "anonymous_submitted", "RosterName",
    "DEVICE_ANSWERED", "UUID_REUSED",
]

# --------------------------------------------------------------------------- privacy notice

DEFAULT_PRIVACY_TH = """\
ประกาศความเป็นส่วนตัว (ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)

กรมส่งเสริมสหกรณ์ โดยศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1–20 และสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์ เป็นผู้ควบคุมข้อมูลส่วนบุคคลที่เก็บผ่านแบบสอบถามนี้

วัตถุประสงค์: ใช้ประเมินผลโครงการฝึกอบรม (ความพึงพอใจ ความรู้ก่อนและหลังการอบรม การนำแผนไปปฏิบัติ และการมีส่วนร่วมของสมาชิก) และปรับปรุงการฝึกอบรมในปีต่อไป ไม่ใช้เพื่อการอื่น

ข้อมูลที่เก็บ: คำตอบในแบบสอบถาม และสำหรับผู้เข้ารับการอบรม ชื่อ นามสกุล สหกรณ์ และรุ่นที่อบรม ตามที่ศูนย์ฯ บันทึกไว้แล้ว ระบบไม่เก็บเลขประจำตัวประชาชน แบบที่ระบุว่า "ไม่ระบุชื่อ" (เช่น แบบประเมินความพึงพอใจและแบบสำรวจสมาชิก) จะไม่บันทึกว่าใครเป็นผู้ตอบ และไม่บันทึกที่อยู่ไอพีหรือข้อมูลเครื่องไว้กับคำตอบ อุปกรณ์ของท่านได้รับคุกกี้ที่เป็นรหัสสุ่มเพื่อให้กลับมาตอบต่อได้

ผู้ที่เห็นข้อมูล: เจ้าหน้าที่โครงการของศูนย์ฯ ที่จัดการอบรม ผู้อำนวยการศูนย์ฯ และสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์ รายงานที่ส่งออกนอกศูนย์ฯ แสดงเป็นตัวเลขสรุปหรือข้อมูลที่ไม่ระบุตัวบุคคล

ระยะเวลาเก็บรักษา: เก็บตลอดปีงบประมาณของโครงการและการติดตามผล แล้วลบข้อมูลที่ระบุตัวบุคคลออก โดยคงไว้เฉพาะตัวเลขสรุป

สิทธิของท่าน: ท่านมีสิทธิขอเข้าถึง ขอแก้ไข หรือขอลบข้อมูลของท่าน และมีสิทธิไม่ตอบคำถามที่ไม่บังคับ ติดต่อศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่จัดการอบรม หรือสำนักงานสหกรณ์จังหวัดของท่าน"""

DEFAULT_PRIVACY_EN = """\
Privacy notice (Personal Data Protection Act B.E. 2562, 2019)

The Cooperative Promotion Department, through Cooperative Technology Transfer Centres 1–20 and the Bureau of Cooperative Technology Development and Transfer, controls the personal data collected by this questionnaire.

Purpose: to evaluate the training programme (satisfaction, knowledge before and after the training, carrying out the plan, and member participation) and to improve next year's training; for no other purpose.

What is collected: your answers and, for trainees, the name, surname, cooperative and cohort the centre has already recorded. No national ID number is collected. Forms marked "anonymous" (such as the satisfaction form and the member survey) do not record who answered, nor any IP address or device details with the answers. Your device receives a cookie holding a random code so that you can come back and continue.

Who sees it: the centre's project staff who run the training, the centre director and the Bureau. Reports that leave the centre show totals or data that identify no one.

Retention: kept for the programme's fiscal year and its follow-up, then the data that identify people are deleted and only the totals are kept.

Your rights: you may ask to see, correct or delete your data, and you may leave optional questions blank. Contact the Cooperative Technology Transfer Centre that runs your training, or your provincial cooperative office."""


def current_privacy_notice() -> PrivacyNotice:
    """The notice in force; version 1 (the default text above) is created if none exists yet."""
    notice = PrivacyNotice.current()
    if notice is not None:
        return notice
    try:
        with write_transaction():
            if PrivacyNotice.current() is None:
                PrivacyNotice.create(version=1, text_th=DEFAULT_PRIVACY_TH, text_en=DEFAULT_PRIVACY_EN)
    except pw.IntegrityError:
        pass  # another request created it at the same moment
    return PrivacyNotice.current()


def publish_privacy_notice(text_th: str, text_en: str, user_id: int | None) -> PrivacyNotice:
    """A new version of the notice (the next number); earlier versions stay, and every response keeps
    the version it was shown. Raises ValueError (Thai / English) when the Thai text is empty."""
    text_th, text_en = normalize_text(text_th or "").strip(), (text_en or "").strip()
    if not text_th:
        raise ValueError(BilingualMessage("กรุณากรอกประกาศความเป็นส่วนตัวภาษาไทย", "The Thai text of the notice is required"))
    current_privacy_notice()
    with write_transaction():
        latest = PrivacyNotice.current()
        return PrivacyNotice.create(version=(latest.version if latest else 0) + 1, text_th=text_th, text_en=text_en,
                                    created_by=user_id)


def privacy_notice(version: int | None) -> PrivacyNotice | None:
    """A given version (None: the one in force)."""
    if version is None:
        return current_privacy_notice()
    return PrivacyNotice.get_or_none(PrivacyNotice.version == version)


# --------------------------------------------------------------------------- devices and claims

_APPS = (  # (pattern in the user agent, label): in-app browsers first, they also say "Chrome"
    (re.compile(r"\bLine/", re.I), "LINE"),
    (re.compile(r"FBAN|FBAV|FB_IAB", re.I), "Facebook"),
    (re.compile(r"Instagram", re.I), "Instagram"),
    (re.compile(r"SamsungBrowser", re.I), "Samsung Internet"),
    (re.compile(r"EdgA?/|EdgiOS", re.I), "Edge"),
    (re.compile(r"OPR/|Opera", re.I), "Opera"),
    (re.compile(r"Firefox/|FxiOS", re.I), "Firefox"),
    (re.compile(r"CriOS|Chrome/", re.I), "Chrome"),
    (re.compile(r"Safari/", re.I), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"Android", re.I), "Android"),
    (re.compile(r"iPhone|iPad|iPod", re.I), "iOS"),
    (re.compile(r"Windows", re.I), "Windows"),
    (re.compile(r"Mac OS X|Macintosh", re.I), "macOS"),
    (re.compile(r"CrOS", re.I), "ChromeOS"),
    (re.compile(r"Linux", re.I), "Linux"),
)


def device_label(user_agent: str | None) -> str:
    """A short label that helps staff tell devices apart: "LINE · Android", "Chrome · Android"."""
    ua = (user_agent or "")[:512]
    app = next((label for pattern, label in _APPS if pattern.search(ua)), "Browser")
    system = next((label for pattern, label in _SYSTEMS if pattern.search(ua)), "")
    return (f"{app} · {system}" if system else app)[:64]


def claim_name(trainee: Trainee, device_hash: str, label: str) -> bool:
    """Claim the trainee's name for this device; False when another device holds it.

    The same device coming back is let in again (its claim is kept as it was).
    """
    for _attempt in range(2):
        try:
            with write_transaction():
                claim = Claim.get_or_none(Claim.trainee == trainee)
                if claim is None:
                    Claim.create(trainee=trainee, device_hash=device_hash, device_label=label[:64])
                    return True
                return claim.device_hash == device_hash
        except pw.IntegrityError:
            continue  # claimed at the same moment by someone else: decide on what is there
    claim = Claim.get_or_none(Claim.trainee == trainee)
    return claim is not None and claim.device_hash == device_hash


def device_claims(device_hash: str) -> list[Trainee]:
    """The trainees this device holds, in cohorts that are not archived."""
    return [c.trainee for c in Claim.select(Claim, Trainee).join(Trainee).where(Claim.device_hash == device_hash)
            if c.trainee.cohort.status != "archived"]


@dataclass(frozen=True)
class RosterName:
    trainee: Trainee
    taken: bool  # claimed by another device
    mine: bool  # claimed by this device


@dataclass(frozen=True)
class Roster:
    cooperative: str
    names: list


def roster(cohort: Cohort, device_hash: str | None) -> list[Roster]:
    """The cohort's names in Thai order, grouped by cooperative (also in Thai order)."""
    from portal.models import Cooperative

    trainees = list(Trainee.select(Trainee, Cooperative).join(Cooperative).where(Trainee.cohort == cohort))
    claims = {c.trainee_id: c.device_hash for c in
              Claim.select(Claim.trainee, Claim.device_hash).where(Claim.trainee.in_([t.id for t in trainees]))}
    groups: dict[str, list] = {}
    for t in trainees:
        holder = claims.get(t.id)
        groups.setdefault(t.cooperative.name, []).append(
            RosterName(t, holder is not None and holder != device_hash, holder is not None and holder == device_hash))
    out = []
    for name in sorted(groups, key=thai_sort_key):
        names = sorted(groups[name], key=lambda r: (thai_sort_key(r.trainee.first_name),
                                                    thai_sort_key(r.trainee.last_name), r.trainee.id))
        out.append(Roster(name, names))
    return out


# --------------------------------------------------------------------------- secrets derived from the device

def _derive(secret: str, *parts: Any) -> str:
    text = ":".join([secret, *map(str, parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def trainee_edit_key(device_secret: str, trainee_id: int, instrument_id: int, phase: str) -> str:
    """The edit key of an anonymous trainee response: only this device can compute it.

    It is not the device secret itself: the claim stores sha256(secret), and the
    response stores sha256(edit key), which must not be equal.
    """
    return _derive(device_secret, "anonymous-edit", trainee_id, instrument_id, phase)


def link_device_key(device_secret: str, link_id: int) -> str:
    """A member's device marker for one survey link ("once per device")."""
    return _derive(device_secret, "link", link_id)


def link_draft_owner(device_secret: str, link_id: int) -> str:
    return "device:" + _derive(device_secret, "link-draft", link_id)


def anonymous_response_of(instrument: Instrument, phase: str, edit_key: str) -> Response | None:
    """The current (not superseded) anonymous response this edit key may change."""
    return Response.get_or_none((Response.instrument == instrument) & (Response.phase == phase)
                                & (Response.state == "submitted")
                                & (Response.edit_key_hash == hash_secret(edit_key)))


def precheck_trainee(instrument: Instrument, phase: str, trainee: Trainee, editable: bool,
                     base_uuid: str | None, edit_key: str | None) -> None:
    """Raise ``Conflict`` when a stored response forbids this submission (the rule store_response applies).

    Asked before the answers are validated, so that a second tab or a stale form
    learns that the first answers are kept instead of being asked to fill in
    questions again.
    """
    check_trainee(instrument, phase, trainee, bool(instrument.anonymous), editable, base_uuid, edit_key)


# --------------------------------------------------------------------------- member and follow-up links

LINK_KINDS = {"m": "member_survey", "f": "followup"}

DEVICE_ANSWERED = BilingualMessage("อุปกรณ์นี้ส่งแบบสำรวจนี้แล้ว ระบบเก็บคำตอบที่ส่งครั้งแรกไว้",
                                   "This device has already sent this survey; the answers sent first are kept")
UUID_REUSED = BilingualMessage("รหัสการส่งนี้ถูกใช้กับคำตอบอื่นแล้ว ระบบเก็บคำตอบที่ส่งครั้งแรกไว้",
                               "This submission id was already used with other answers; the answers sent first "
                               "are kept")


def link_state(link: RespondentLink, today: dt.date) -> str:
    """not_yet | open | expired."""
    if today < link.valid_from:
        return "not_yet"
    if today > link.valid_until:
        return "expired"
    return "open"


def link_answered(link: RespondentLink, device_key: str) -> Response | None:
    """The response this device already gave through this link (member survey: once per device)."""
    return Response.get_or_none((Response.link == link) & (Response.edit_key_hash == hash_secret(device_key)))


# --------------------------------------------------------------------------- sections

@dataclass
class Section:
    key: str
    nodes: list  # Blocks and Fields of the expanded tree

    def fields(self) -> list[Field]:
        return list(iter_fields(self.nodes))

    def input_keys(self) -> set[str]:
        return {f.key for f in self.fields() if f.question.is_input}

    def has_relevance(self) -> bool:
        """Whether a question or group inside may appear or disappear as answers change."""
        def walk(nodes):
            for n in nodes:
                if isinstance(n, Field):
                    if n.question.relevant is not None:
                        return True
                else:
                    if n.section.relevant is not None or walk(n.children):
                        return True
            return False
        return walk(self.nodes)


def sections(tree: list) -> list[Section]:
    """The sections of an expanded tree (see the module docstring)."""
    out: list[Section] = []
    loose: list = []
    for node in tree:
        if isinstance(node, Block):
            if loose:
                out.append(Section(f"part{len(out) + 1}", loose))
                loose = []
            out.append(Section(node.key, [node]))
        else:
            loose.append(node)
    if loose:
        out.append(Section(f"part{len(out) + 1}", loose))
    return out


def visible_keys(defn, answers: dict, context: dict) -> set[str]:
    """Keys of the fields shown given the answers so far (``relevant`` evaluated here, not in JS)."""
    return {f.key for f in check(defn, answers, context, enforce_required=False).visible}


def visible_sections(all_sections: list[Section], shown: set[str]) -> list[Section]:
    return [s for s in all_sections if any(f.key in shown for f in s.fields())]


def prune(nodes: list, shown: set[str]) -> list:
    """The tree with hidden questions (and groups left empty) removed."""
    out = []
    for node in nodes:
        if isinstance(node, Field):
            if node.key in shown:
                out.append(node)
        else:
            children = prune(node.children, shown)
            if children:
                out.append(dataclasses.replace(node, children=children))
    return out


def section_errors(defn, answers: dict, context: dict, section: Section) -> dict:
    """The errors of one section's questions (required enforced), in order."""
    keys = {f.key for f in section.fields()}
    errors = check(defn, answers, context, enforce_required=True).errors
    return {k: v for k, v in errors.items() if k in keys}


def revealed_blank(defn, before: dict, after: dict, context: dict, errors: dict) -> set[str]:
    """Keys among ``errors`` that were hidden with the answers ``before`` this step (so the page did not
    show them) and are still unanswered: questions the step itself revealed, not questions skipped."""
    shown_before = visible_keys(defn, before, context)
    return {k for k in errors if k not in shown_before and _get(after, k) in (None, "", [], {})}


def _path(key: str) -> list[str]:
    return key.split(".")


def _get(answers: dict, key: str):
    node: Any = answers
    for part in _path(key):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _pop(answers: dict, key: str) -> None:
    parts = _path(key)
    node: Any = answers
    for part in parts[:-1]:
        if not isinstance(node, dict) or part not in node:
            return
        node = node[part]
    if isinstance(node, dict):
        node.pop(parts[-1], None)


def _set(answers: dict, key: str, value) -> None:
    parts = _path(key)
    node = answers
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def merge_section(saved: dict, posted: dict, keys: set[str]) -> dict:
    """The saved answers with one section's questions replaced by what was posted.

    ``posted`` is the nested shape (``from_form``); a question of the section
    that was not posted (an unticked radio group) is cleared. Anything posted
    outside the section is ignored.
    """
    out = copy.deepcopy(saved) if isinstance(saved, dict) else {}
    for key in keys:
        _pop(out, key)
        value = _get(posted, key)
        if value is None or value == [] or value == "":
            continue
        _set(out, key, value)
    return out


# --------------------------------------------------------------------------- drafts

def _draft_where(owner: str, instrument: Instrument, phase: str):
    return (Draft.owner == owner) & (Draft.instrument == instrument) & (Draft.phase == phase)


def load_draft(owner: str, instrument: Instrument, phase: str) -> tuple[dict, str] | None:
    """(raw answers, section key) saved so far, or None."""
    draft = Draft.get_or_none(_draft_where(owner, instrument, phase))
    if draft is None:
        return None
    try:
        answers = json.loads(draft.answers or "{}")
    except ValueError:
        answers = {}
    return (answers if isinstance(answers, dict) else {}), draft.section


def save_draft(owner: str, instrument: Instrument, phase: str, answers: dict, section: str, now: dt.datetime) -> None:
    text = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    for _attempt in range(2):
        try:
            with write_transaction():
                updated = (Draft.update(answers=text, section=section[:64], updated_at=now)
                           .where(_draft_where(owner, instrument, phase)).execute())
                if not updated:
                    Draft.create(owner=owner, instrument=instrument, phase=phase, answers=text,
                                 section=section[:64], updated_at=now)
                return
        except pw.IntegrityError:
            continue  # created by a double tap at the same moment: update it


def delete_draft(owner: str, instrument: Instrument, phase: str) -> None:
    with write_transaction():
        Draft.delete().where(_draft_where(owner, instrument, phase)).execute()


def anonymous_submitted(trainee: Trainee, instrument: Instrument, phase: str) -> bool:
    return AnonymousReceipt.get_or_none((AnonymousReceipt.trainee == trainee)
                                        & (AnonymousReceipt.instrument == instrument)
                                        & (AnonymousReceipt.phase == phase)) is not None

