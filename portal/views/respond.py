"""The respondents' side (no accounts): a trainee's personal link and the cohort link (pick your name), a cooperative's member-survey and follow-up links, and the answering pages with drafts.

Routes (all public; each checks what the respondent holds):

* ``/t/<token>``            the landing page of a personal link; its button's POST
                            claims the name for this device and goes to ``/t/``.
* ``/c/<cohort token>``     the cohort link (projector QR): pick your name.
* ``/t/``                   the trainee's questionnaires; ``POST /t/forget`` is "ไม่ใช่ฉัน".
* ``/t/<code>/<phase>``     answering, one section at a time (drafts on the server);
                            ``…/visible`` answers htmx with the questions now shown;
                            ``…/done`` is the thank-you page.
* ``/m/<token>``, ``/f/<token>``  a cooperative's member-survey and follow-up links,
                            answered the same way while the link is valid.
* ``/privacy``              the privacy notice (``?version=N`` for older ones).

Every form works as plain HTML (a POST per section, then a redirect); htmx
swaps the form in place instead. Which questions are visible is decided by the
server (portal.instruments.check), never by a second interpreter in JS.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from portal import clock
from portal.db import write_transaction
from portal.domain.followup import FollowupError
from portal.domain.thaidates import format_date
from portal.htmx import htmx_response, is_htmx
from portal.i18n import current_language
from portal.instruments import check, expand, from_form, score
from portal.models import Cohort, Instrument, InstrumentVersion, Trainee
from portal.models.responses import PrivacyNotice, RespondentLink, Response
from portal.respondents import (
    answer_as,
    current_trainee,
    device_hash,
    device_secret,
    ensure_device_secret,
    forget_trainee,
    set_device_cookie,
)
from portal.services import followup as followup_svc
from portal.services import respond as svc
from portal.services.assignments import PHASE_LABELS, STATE_LABELS, assignments, collection_context, draft_owner
from portal.services.assignments import trainee_by_token
from portal.services.collection import (
    Conflict,
    current_response,
    hash_secret,
    new_uuid,
    store_response,
    valid_uuid,
)
from portal.services.instruments import version_definition

bp = Blueprint("respond", __name__)
bp.after_request(set_device_cookie)

WINDOW_LABELS = {
    "not_opened": _l("ยังไม่เปิด"),
    "open": _l("เปิดให้ตอบถึงเมื่อเจ้าหน้าที่ปิดแบบ"),
    "closed": _l("ปิดแล้ว"),
}


@bp.after_request
def _no_store(response):
    # Answers and personal links must not linger in shared caches or the back-forward cache of a shared phone.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.context_processor
def _respond_globals():
    # Only read here: a landing page's GET changes nothing; the answering page creates the default notice.
    return {"privacy": PrivacyNotice.current(), "lang_label": _lang_label}


def _lang_label(pair) -> str:
    """A (Thai, English) pair from the vocabularies, in the reader's language."""
    th, en = pair
    return en if current_language() == "en" and en else th


def _whole_page(html: str, status: int):
    """A whole page; when htmx asked (from inside the form), it replaces the page's body instead."""
    if is_htmx():
        return htmx_response(html, status, retarget="body", reswap="innerHTML")
    return html, status


def _message(title: str, message: str, status: int = 200, link: tuple[str, str] | None = None):
    return _whole_page(render_template("respond/message.html", title=title, message=message, link=link), status)


@bp.errorhandler(CSRFError)
def _expired_form(exc):
    # A respondent's page left open too long, or its session lost (LINE closed): a respondent's page, not staff's.
    back = request.path
    if request.endpoint in ("respond.visible", "respond.link_visible"):
        back = back.removesuffix("/visible")
    elif request.endpoint == "respond.forget":
        back = url_for("respond.home")
    return _message(_("หน้านี้หมดอายุ"), _("หน้านี้เปิดค้างไว้นานเกินไป คำตอบที่บันทึกไว้แล้วยังอยู่ "
                                           "กรุณาเปิดหน้าใหม่แล้วทำต่อ"), 400, (back, _("เปิดหน้าใหม่")))


def _not_found():
    return _message(_("ไม่พบลิงก์นี้"),
                    _("ลิงก์นี้ไม่ถูกต้องหรือหมดอายุแล้ว กรุณาตรวจสอบลิงก์หรือคิวอาร์โค้ดอีกครั้ง "
                      "หรือสอบถามเจ้าหน้าที่ของศูนย์ฯ"), 404)


def _base_url() -> str:
    return (current_app.config.get("BASE_URL") or request.url_root).rstrip("/")


# --------------------------------------------------------------------------- personal link and cohort link

def _taken_message() -> str:
    return _("ชื่อนี้ถูกใช้บนอุปกรณ์อื่นแล้ว กรุณาแจ้งเจ้าหน้าที่ให้ปลดล็อกชื่อของท่าน แล้วเปิดลิงก์อีกครั้ง "
             "(แอป LINE และเบราว์เซอร์ Chrome นับเป็นคนละอุปกรณ์)")


@bp.get("/t/<token>")
def landing(token: str):
    trainee = trainee_by_token(token)
    if trainee is None:
        return _not_found()
    return render_template("respond/landing.html", trainee=trainee, cohort=trainee.cohort, token=token, error=None)


@bp.post("/t/<token>")
def enter(token: str):
    trainee = trainee_by_token(token)
    if trainee is None:
        return _not_found()
    secret = ensure_device_secret()
    if not svc.claim_name(trainee, hash_secret(secret), svc.device_label(request.headers.get("User-Agent"))):
        return render_template("respond/landing.html", trainee=trainee, cohort=trainee.cohort, token=token,
                               error=_taken_message()), 409
    answer_as(trainee)
    return redirect(url_for("respond.home"), code=303)


def _live_cohort(token: str) -> Cohort | None:
    if not token or len(token) > 64:
        return None
    cohort = Cohort.get_or_none(Cohort.token == token)
    if cohort is None or cohort.status == "archived":
        return None
    return cohort


def _cohort_page(cohort: Cohort, error: str | None = None, status: int = 200):
    link = _base_url() + url_for("respond.cohort", token=cohort.token)
    share = "https://line.me/R/share?text=" + quote(
        _("ลิงก์แบบสอบถามของรุ่น (เลือกชื่อของท่าน)") + " " + link, safe="")
    return render_template("respond/cohort.html", cohort=cohort, groups=svc.roster(cohort, device_hash()),
                           share_url=share, cohort_link=link, error=error), status


@bp.get("/c/<token>")
def cohort(token: str):
    found = _live_cohort(token)
    if found is None:
        return _not_found()
    return _cohort_page(found)


@bp.post("/c/<token>")
def pick(token: str):
    found = _live_cohort(token)
    if found is None:
        return _not_found()
    try:
        trainee_id = int(request.form.get("trainee", ""))
    except ValueError:
        trainee_id = None
    trainee = Trainee.get_or_none((Trainee.id == trainee_id) & (Trainee.cohort == found)) if trainee_id else None
    if trainee is None:
        return _cohort_page(found, _("กรุณาแตะชื่อของท่านจากรายชื่อ"), 400)
    secret = ensure_device_secret()
    if not svc.claim_name(trainee, hash_secret(secret), svc.device_label(request.headers.get("User-Agent"))):
        return _cohort_page(found, _taken_message(), 409)
    answer_as(trainee)
    return redirect(url_for("respond.home"), code=303)


# --------------------------------------------------------------------------- the trainee's home

def _editable(instrument: Instrument, window_open: bool) -> bool:
    """Tests can never be changed; other forms may be edited while their window is open."""
    return window_open and instrument.level != "learning"


@bp.get("/t/")
def home():
    trainee = current_trainee()
    if trainee is None:
        return render_template("respond/nobody.html")
    rows = []
    for a in assignments(trainee):
        editable = _editable(a.instrument, a.is_open)
        rows.append({
            "a": a,
            "title": a.instrument.title(current_language()),
            "phase": _lang_label(PHASE_LABELS.get(a.phase, ("", ""))),
            "window": WINDOW_LABELS[a.window_state],
            "state": _lang_label(STATE_LABELS[a.state]),
            "url": url_for("respond.answer", code=a.instrument.code, phase=a.phase),
            "can_answer": a.is_open and a.state != "submitted",
            "can_edit": editable and a.state == "submitted",
        })
    return render_template("respond/home.html", trainee=trainee, cohort=trainee.cohort, rows=rows)


@bp.post("/t/forget")
def forget():
    forget_trainee()
    return redirect(url_for("respond.home"), code=303)


# --------------------------------------------------------------------------- answering: the sheet

@dataclass
class Sheet:
    """One questionnaire being answered by one respondent, and what storing it needs."""

    instrument: Instrument
    phase: str
    context: dict
    owner: str  # the draft owner
    post_url: str
    visible_url: str
    done_url: str
    editable: bool = False
    trainee: Trainee | None = None
    link: RespondentLink | None = None
    edit_key: str | None = None  # anonymous trainee forms, or the member's device marker
    base_uuid: str | None = None  # the response being edited
    prefill: dict = field(default_factory=dict)  # its answers
    who: str = ""
    window_state: str = "open"  # not_opened | open | closed (trainees; links are checked before)
    state: str = ""  # not_started | draft | submitted (trainees)
    locked: bool = False  # already sent and not editable: steps lead to the thank-you page

    def version(self, posted_id: str | None = None) -> InstrumentVersion:
        """The version the form was drawn from (posted), else the current one."""
        if posted_id and posted_id.isdigit():
            found = InstrumentVersion.get_or_none((InstrumentVersion.id == int(posted_id))
                                                  & (InstrumentVersion.instrument == self.instrument))
            if found is not None:
                return found
        return InstrumentVersion.get_by_id(self.instrument.current_version_id)


def _trainee_sheet(trainee: Trainee, code: str, phase: str):
    """(sheet, None) or (None, the page to answer instead: not found, not open, closed)."""
    found = next((a for a in assignments(trainee) if a.instrument.code == code and a.phase == phase), None)
    if found is None:
        return None, _not_found()
    instrument = found.instrument
    urls = dict(post_url=url_for("respond.answer", code=code, phase=phase),
                visible_url=url_for("respond.visible", code=code, phase=phase),
                done_url=url_for("respond.done", code=code, phase=phase))
    sheet = Sheet(instrument, phase, collection_context(trainee.cohort), draft_owner(trainee), trainee=trainee,
                  editable=_editable(instrument, found.is_open), who=trainee.full_name, **urls)
    sheet.window_state, sheet.state = found.window_state, found.state
    if instrument.anonymous:
        secret = device_secret()
        if secret:
            sheet.edit_key = svc.trainee_edit_key(secret, trainee.id, instrument.id, phase)
        if found.state == "submitted" and sheet.edit_key:
            mine = svc.anonymous_response_of(instrument, phase, sheet.edit_key)
            if mine is not None:
                sheet.base_uuid, sheet.prefill = mine.uuid, json.loads(mine.answers)
    elif found.state == "submitted":
        mine = current_response(trainee, instrument, phase)
        if mine is not None:
            sheet.base_uuid, sheet.prefill = mine.uuid, json.loads(mine.answers)
    sheet.locked = found.state == "submitted" and not (sheet.editable and sheet.base_uuid)
    return sheet, None


def _window_page(sheet: Sheet, status: int):
    if sheet.window_state == "not_opened":
        return _message(_("ยังไม่เปิดให้ตอบ"),
                        _("แบบนี้ยังไม่เปิดให้ตอบ เจ้าหน้าที่จะเปิดให้ตอบตามกำหนดการอบรม กรุณากลับมาอีกครั้ง"),
                        status, (url_for("respond.home"), _("กลับไปหน้ารายการแบบสอบถาม")))
    return _message(_("ปิดรับคำตอบแล้ว"),
                    _("แบบนี้ปิดรับคำตอบแล้ว หากท่านยังไม่ได้ตอบ กรุณาแจ้งเจ้าหน้าที่ของศูนย์ฯ"),
                    status, (url_for("respond.home"), _("กลับไปหน้ารายการแบบสอบถาม")))


def _go(url: str):
    """303 to a page; htmx is asked to load it as a whole page (not inside the form)."""
    if is_htmx():
        return htmx_response("", redirect=url)
    return redirect(url, code=303)


def _signed_in_sheet(code: str, phase: str):
    """(sheet, None) for the signed-in trainee's questionnaire, or (None, the page to show instead)."""
    trainee, away = _trainee_or_home()
    if away:
        return None, away
    return _trainee_sheet(trainee, code, phase)


def _trainee_or_home():
    trainee = current_trainee()
    if trainee is None:
        return None, _go(url_for("respond.home"))
    return trainee, None


@bp.get("/t/<code>/<phase>")
def answer(code: str, phase: str):
    sheet, page = _signed_in_sheet(code, phase)
    if page:
        return page
    if sheet.locked:
        return redirect(sheet.done_url, code=303)
    if sheet.window_state != "open":
        return _window_page(sheet, 200)
    return _show(sheet)


@bp.post("/t/<code>/<phase>")
def answer_step(code: str, phase: str):
    sheet, page = _signed_in_sheet(code, phase)
    if page:
        return page
    if sheet.window_state != "open":
        return _window_page(sheet, 403)
    return _step(sheet)


@bp.post("/t/<code>/<phase>/visible")
def visible(code: str, phase: str):
    sheet, page = _signed_in_sheet(code, phase)
    if page:
        return page
    if sheet.window_state != "open":
        return _window_page(sheet, 403)
    return _visible(sheet)


@bp.get("/t/<code>/<phase>/done")
def done(code: str, phase: str):
    sheet, page = _signed_in_sheet(code, phase)
    if page:
        return page
    if sheet.state != "submitted":
        return redirect(sheet.post_url, code=303)
    return render_template("respond/done.html", sheet=sheet, title=sheet.instrument.title(current_language()),
                           is_test=sheet.instrument.level == "learning",
                           can_edit=sheet.editable and bool(sheet.base_uuid),
                           back=(url_for("respond.home"), _("กลับไปหน้ารายการแบบสอบถาม")))


# --------------------------------------------------------------------------- answering: members and activity owners

def _link(kind: str, token: str) -> RespondentLink | None:
    if not token or len(token) > 64:
        return None
    return RespondentLink.get_or_none((RespondentLink.token == token) & (RespondentLink.kind == svc.LINK_KINDS[kind]))


def _link_sheet(kind: str, token: str):
    link = _link(kind, token)
    if link is None or link.instrument.current_version_id is None:
        return None, _not_found()
    state = svc.link_state(link, clock.today())
    if state == "not_yet":
        return None, _message(_("ยังไม่เปิดให้ตอบ"), _("ลิงก์นี้เปิดให้ตอบตั้งแต่วันที่ %(date)s",
                                                       date=_thdate(link.valid_from)), 403)
    if state == "expired":
        return None, _message(_("ลิงก์หมดอายุแล้ว"), _("ลิงก์นี้ใช้ได้ถึงวันที่ %(date)s ขอบคุณที่ให้ความร่วมมือ",
                                                       date=_thdate(link.valid_until)), 403)
    secret = ensure_device_secret()
    urls = dict(post_url=url_for("respond.link", kind=kind, token=token),
                visible_url=url_for("respond.link_visible", kind=kind, token=token),
                done_url=url_for("respond.link_done", kind=kind, token=token))
    # Follow-up repeats over the cooperative's plan activities running in this fiscal year (adopted plans).
    context = {"plan_activities": [], "agenda_sessions": []}
    if kind == "f":
        context = followup_svc.link_context(link.cooperative_id, clock.today())
    sheet = Sheet(link.instrument, "single", context, svc.link_draft_owner(secret, link.id), link=link,
                  who=link.cooperative.name, **urls)
    if kind == "m":
        sheet.edit_key = svc.link_device_key(secret, link.id)
        sheet.locked = svc.link_answered(link, sheet.edit_key) is not None
    return sheet, None


def _thdate(d) -> str:
    return format_date(d, "long", current_language())


@bp.get("/<any(m, f):kind>/<token>")
def link(kind: str, token: str):
    sheet, page = _link_sheet(kind, token)
    if page:
        return page
    if sheet.locked:
        return redirect(sheet.done_url, code=303)
    return _show(sheet)


@bp.post("/<any(m, f):kind>/<token>")
def link_step(kind: str, token: str):
    sheet, page = _link_sheet(kind, token)
    if page:
        return page
    return _step(sheet)


@bp.post("/<any(m, f):kind>/<token>/visible")
def link_visible(kind: str, token: str):
    sheet, page = _link_sheet(kind, token)
    if page:
        return page
    return _visible(sheet)


@bp.get("/<any(m, f):kind>/<token>/done")
def link_done(kind: str, token: str):
    sheet, page = _link_sheet(kind, token)
    if page:
        return page
    if kind == "m" and not sheet.locked:
        return redirect(sheet.post_url, code=303)
    return render_template("respond/done.html", sheet=sheet, title=sheet.instrument.title(current_language()),
                           is_test=False, can_edit=False, again=kind == "f", back=None)


# --------------------------------------------------------------------------- answering: shared steps

@dataclass
class Shown:
    """What one rendering of the form shows."""

    sections: list
    current: object
    index: int
    shown: set
    tree: list
    start: int = 0  # questions numbered in the sections before this one


def _layout(sheet: Sheet, defn, answers: dict, section_key: str | None) -> Shown:
    all_sections = svc.sections(expand(defn, sheet.context))
    shown = svc.visible_keys(defn, answers, sheet.context)
    visible_sections = svc.visible_sections(all_sections, shown) or all_sections[:1]
    current = next((s for s in visible_sections if s.key == section_key), visible_sections[0])
    index = visible_sections.index(current)
    start = sum(1 for s in visible_sections[:index] for f in s.fields() if f.question.is_input and f.key in shown)
    return Shown(visible_sections, current, index, shown, svc.prune(current.nodes, shown), start)


def _render(sheet: Sheet, version, defn, answers: dict, section_key: str | None, *, uuid: str | None = None,
            errors: dict | None = None, summary: str | None = None, status: int = 200, notice: str | None = None):
    """The answering page (or, for htmx, only the form) at one section."""
    layout = _layout(sheet, defn, answers, section_key)
    context = dict(
        sheet=sheet, defn=defn, version=version, answers=answers, errors=errors or {}, layout=layout,
        uuid=uuid or new_uuid(), summary=summary, notice=notice,
        title=defn.title.get(current_language()) or defn.title.get("th", ""),
        description=defn.description.get(current_language()) or defn.description.get("th", ""),
        live=layout.current.has_relevance(), privacy_version=svc.current_privacy_notice().version,
    )
    if is_htmx():
        return render_template("respond/_form.html", **context), status
    return render_template("respond/answer.html", **context), status


def _show(sheet: Sheet):
    version = sheet.version()
    defn = version_definition(version)
    saved = svc.load_draft(sheet.owner, sheet.instrument, sheet.phase)
    notice = None
    if sheet.base_uuid:
        notice = _("ท่านส่งแบบนี้แล้ว แก้ไขคำตอบได้จนกว่าจะปิดแบบประเมิน")
    if saved is not None:
        answers, section_key = saved
    else:
        answers, section_key = sheet.prefill, None
    return _render(sheet, version, defn, answers, section_key, notice=notice)


def _saved_answers(sheet: Sheet) -> tuple[dict, str | None]:
    saved = svc.load_draft(sheet.owner, sheet.instrument, sheet.phase)
    if saved is not None:
        return saved
    return dict(sheet.prefill), None


def _visible(sheet: Sheet):
    """htmx: the current section's questions as now visible (and the draft saved)."""
    if sheet.locked:
        return _thanks(sheet)
    version = sheet.version(request.form.get("version"))
    defn = version_definition(version)
    saved, _section = _saved_answers(sheet)
    layout = _layout(sheet, defn, saved, request.form.get("section"))
    answers = svc.merge_section(saved, from_form(defn, request.form, sheet.context), layout.current.input_keys())
    svc.save_draft(sheet.owner, sheet.instrument, sheet.phase, answers, layout.current.key, clock.naive_now())
    layout = _layout(sheet, defn, answers, layout.current.key)
    return render_template("respond/_section.html", sheet=sheet, layout=layout, answers=answers, errors={},
                           live=layout.current.has_relevance())


def _bad_form():
    return _message(_("แบบฟอร์มไม่สมบูรณ์"), _("แบบฟอร์มนี้ขาดข้อมูลที่จำเป็น กรุณาเปิดแบบสอบถามใหม่อีกครั้ง"), 400)


def _step(sheet: Sheet):
    form = request.form
    uuid = (form.get("uuid") or "").strip()
    if not valid_uuid(uuid):
        return _bad_form()
    action = form.get("action", "next")
    if sheet.locked and action != "submit":
        return _thanks(sheet)
    version = sheet.version(form.get("version"))
    defn = version_definition(version)
    saved, _section = _saved_answers(sheet)
    layout = _layout(sheet, defn, saved, form.get("section"))
    current = layout.current
    posted = from_form(defn, form, sheet.context)
    answers = svc.merge_section(saved, posted, current.input_keys())
    # Relevance may have changed with this section's answers: find the neighbours again.
    layout = _layout(sheet, defn, answers, current.key)
    now = clock.naive_now()

    if action == "back":
        target = layout.sections[max(layout.index - 1, 0)].key
        svc.save_draft(sheet.owner, sheet.instrument, sheet.phase, answers, target, now)
        return _after_step(sheet, version, defn, answers, target)

    last = layout.index >= len(layout.sections) - 1
    if action != "submit" and not last:
        errors = svc.section_errors(defn, answers, sheet.context, layout.current)
        svc.save_draft(sheet.owner, sheet.instrument, sheet.phase, answers,
                       layout.current.key if errors else layout.sections[layout.index + 1].key, now)
        if errors and not is_htmx():
            # Without JavaScript a question this very answer revealed was never on the screen: ask for it
            # plainly instead of marking it red as if it had been skipped.
            revealed = svc.revealed_blank(defn, saved, answers, sheet.context, errors)
            if revealed and len(revealed) == len(errors):
                return _render(sheet, version, defn, answers, layout.current.key, uuid=uuid,
                               notice=_("คำตอบของท่านมีคำถามเพิ่มเติมในตอนนี้ กรุณาตอบข้อที่เพิ่มขึ้นแล้วกดถัดไป"))
            errors = {k: v for k, v in errors.items() if k not in revealed}
        if errors:
            return _render(sheet, version, defn, answers, layout.current.key, uuid=uuid, errors=errors,
                           summary=_("กรุณาแก้ไขคำตอบที่มีข้อความสีแดงก่อนไปตอนถัดไป"), status=422)
        return _after_step(sheet, version, defn, answers, layout.sections[layout.index + 1].key)
    return _submit(sheet, version, defn, answers, posted, layout, uuid)


def _after_step(sheet: Sheet, version, defn, answers: dict, section_key: str):
    """After a saved step: htmx gets the next section at once; a plain form is redirected (reload-safe)."""
    if is_htmx():
        return _render(sheet, version, defn, answers, section_key)
    return redirect(sheet.post_url, code=303)


def _conflict(sheet: Sheet, exc: Conflict):
    message = exc.message
    text = getattr(message, "en", "") if current_language() == "en" else getattr(message, "th", str(message))
    return _whole_page(render_template("respond/conflict.html", sheet=sheet, message=text or str(message),
                                       title=sheet.instrument.title(current_language())), 409)


def _store(sheet: Sheet, version, defn, cleaned: dict, uuid: str):
    correct = total = None
    if defn.is_test:
        correct, total = score(defn, cleaned)
    privacy = form_privacy_version()
    common = dict(uuid=uuid, instrument=sheet.instrument, version=version, phase=sheet.phase, answers=cleaned,
                  score=correct, max_score=total, privacy_version=privacy, draft_owner=sheet.owner)
    if sheet.trainee is not None:
        trainee = sheet.trainee
        return store_response(**common, respondent="trainee", editable=sheet.editable, trainee=trainee,
                              cohort_id=trainee.cohort_id,
                              cooperative_id=None if sheet.instrument.anonymous else trainee.cooperative_id,
                              base_uuid=(request.form.get("base_uuid") or None),
                              edit_key=sheet.edit_key if sheet.instrument.anonymous else None)
    link = sheet.link
    respondent = "member" if link.kind == "member_survey" else "activity_owner"
    if link.kind != "followup":
        return store_response(**common, respondent=respondent, editable=False, cooperative_id=link.cooperative_id,
                              link_id=link.id, edit_key=sheet.edit_key)
    # The owners' report and its ActivityProgress rows (one per activity and month, replaced by a later report).
    with write_transaction():
        stored = store_response(**common, respondent=respondent, editable=False, cooperative_id=link.cooperative_id,
                                link_id=link.id, edit_key=sheet.edit_key)
        if stored.created:  # a replay of the same submission changes nothing
            followup_svc.store_link_progress(link.cooperative_id, cleaned, stored.response.id)
    return stored


def form_privacy_version() -> int:
    """The notice version the form showed (as posted), else the one in force."""
    posted = request.form.get("privacy", "")
    if posted.isdigit() and PrivacyNotice.get_or_none(PrivacyNotice.version == int(posted)) is not None:
        return int(posted)
    return svc.current_privacy_notice().version


def _precheck(sheet: Sheet, uuid: str) -> None:
    """Conflict before validation: a second tab, a stale form, a test already sent, a device that answered."""
    if sheet.trainee is not None:
        svc.precheck_trainee(sheet.instrument, sheet.phase, sheet.trainee, sheet.editable,
                             request.form.get("base_uuid") or None,
                             sheet.edit_key if sheet.instrument.anonymous else None)
    elif sheet.link is not None and sheet.edit_key and svc.link_answered(sheet.link, sheet.edit_key):
        raise Conflict(svc.DEVICE_ANSWERED)


def _replay(sheet: Sheet, version, defn, posted: dict, layout: Shown, uuid: str):
    """The same submission again (a double tap, a reload): answered like the first time, or Conflict.

    None when no response carries this UUID yet.
    """
    existing = Response.get_or_none((Response.instrument == sheet.instrument) & (Response.uuid == uuid))
    if existing is None:
        return None
    # The draft is gone with the first submission: compare the posted section with what was stored.
    answers = svc.merge_section(json.loads(existing.answers), posted, layout.current.input_keys())
    result = check(defn, answers, sheet.context, enforce_required=True)
    if not result.ok:
        raise Conflict(svc.UUID_REUSED, existing)
    _store(sheet, version, defn, result.cleaned, uuid)
    return _thanks(sheet)


def _submit(sheet: Sheet, version, defn, answers: dict, posted: dict, layout: Shown, uuid: str):
    try:
        replayed = _replay(sheet, version, defn, posted, layout, uuid)
        if replayed is not None:
            return replayed
        try:
            _precheck(sheet, uuid)
        except Conflict:
            # A twin of this very POST may have been stored a moment ago (concurrent double tap).
            replayed = _replay(sheet, version, defn, posted, layout, uuid)
            if replayed is not None:
                return replayed
            raise
    except Conflict as exc:
        return _conflict(sheet, exc)

    result = check(defn, answers, sheet.context, enforce_required=True)
    if not result.ok:
        first = next(iter(result.errors))
        target = next((s.key for s in layout.sections if first in {f.key for f in s.fields()}), layout.current.key)
        svc.save_draft(sheet.owner, sheet.instrument, sheet.phase, answers, target, clock.naive_now())
        return _render(sheet, version, defn, answers, target, uuid=uuid, errors=result.errors,
                       summary=_("ยังส่งไม่ได้ กรุณาตอบข้อที่มีข้อความสีแดงให้ครบ แล้วกดส่งอีกครั้ง"), status=422)
    if sheet.link is not None and sheet.link.kind == "followup":
        try:
            followup_svc.check_link_answers(sheet.link.cooperative_id, result.cleaned)
        except FollowupError as exc:
            svc.save_draft(sheet.owner, sheet.instrument, sheet.phase, answers, layout.sections[0].key,
                           clock.naive_now())
            message = exc.en if current_language() == "en" else exc.th
            return _render(sheet, version, defn, answers, layout.sections[0].key, uuid=uuid,
                           errors={"report_month": str(exc.message)}, summary=message, status=422)
    try:
        if sheet.link is not None and sheet.edit_key:
            # Once per device: the check and the insert in one write transaction.
            with write_transaction():
                _precheck(sheet, uuid)
                _store(sheet, version, defn, result.cleaned, uuid)
        else:
            _store(sheet, version, defn, result.cleaned, uuid)
    except Conflict as exc:
        return _conflict(sheet, exc)
    return _thanks(sheet)


def _thanks(sheet: Sheet):
    return _go(sheet.done_url)


# --------------------------------------------------------------------------- privacy notice

@bp.get("/privacy")
def privacy():
    raw = request.args.get("version", "")
    version = int(raw) if raw.isdigit() else None
    notice = svc.privacy_notice(version)
    if notice is None:
        return _message(_("ไม่พบประกาศฉบับนี้"), _("ไม่พบประกาศความเป็นส่วนตัวฉบับที่ขอ"), 404,
                        (url_for("respond.privacy"), _("ดูฉบับที่ใช้อยู่")))
    older = list(PrivacyNotice.select(PrivacyNotice.version).order_by(PrivacyNotice.version.desc()))
    return render_template("respond/privacy.html", notice=notice, versions=[n.version for n in older])
