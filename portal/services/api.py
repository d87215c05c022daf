"""The JSON API's rules: who the bearer is, what they see, and storing what they send.

Plain Python (no Flask): the view turns ``ApiError`` into a JSON response and
hands over the request's header and body. Decisions (documented for clients):

* **Authentication** — ``Authorization: Bearer <token>`` where the token is the
  trainee's personal token (the one on the printed QR slip). Missing, malformed,
  unknown or expired (the cohort is archived) → 401. No cookie, no session.
* **Instrument JSON** — the CURRENT version, expanded with the trainee's cohort:
  a repeat (one set of questions per agenda session) becomes one entry per
  question and instance; such a question's ``name`` is ``<repeat>.<instance>.<question>``
  (the key the answers use, and the key a 422 names), ``question`` is the bare
  name and ``repeat`` says which instance it belongs to. ``relevant`` and
  ``constraint`` are the expression texts of ``forms/README.md`` (``${x}`` inside
  a repeat means the same instance's ``x``; ``.`` in a constraint is the answer
  itself). The answer key, and anything derived from it, is never sent; test
  choices are in file order (shown as ก ข ค ง by position).
* **Submissions** — answers are flat ``{name: value}`` with the names above (the
  nested shape ``{"sessions": {"12": {"q": 5}}}`` is accepted too). Values are
  checked with the same engine as the web form (required enforced) and stored as
  cleaned; "identical" for a replay means the same cleaned answers, version and
  phase. Any stored version of the instrument is accepted (an offline client may
  hold the previous one; the response points at the version it answered and is
  scored with that version's key); a version never synced → 403.
* **Order of checks** for ``POST /responses``: 401, 413, 400 (JSON and shapes),
  404 (unknown instrument), 403 (not assigned / unknown version), then a UUID
  already stored answers at once (200 replay with the first body, or 409) — even
  after the window closed —, then 403 (window not open), 422, and 201.
* **Edits** — knowledge tests never change (a second response → 409). Anonymous
  instruments sent through the API cannot be edited later (the API has no
  device secret): a second response → 409. A named instrument that may be edited
  while its window is open takes ``"replaces": "<uuid of the current response>"``.
* A UUID stored by another trainee (or, for an anonymous response, another
  cohort) is a 409, never a replay: a trainee never learns of another's answers.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from portal import clock
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaitext import sorted_thai
from portal.instruments import Definition, Field, check, expand, iter_fields, score
from portal.models import Cooperative, Instrument, InstrumentVersion, Trainee
from portal.models.responses import PrivacyNotice, Response
from portal.models.training import CohortCooperative
from portal.services import assignments as assign
from portal.services.collection import Conflict, payload_hash, store_response, valid_uuid
from portal.services.instruments import version_definition

__all__ = ["ApiError", "MAX_BODY_BYTES", "authenticate", "me", "instrument_json", "parse_submission",
           "Submission", "submit", "too_large"]

MAX_BODY_BYTES = 64 * 1024
PHASES = ("pre", "post", "single")
# RFC 6750 b64token characters; personal tokens are secrets.token_urlsafe (a subset).
_TOKEN_RE = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


class ApiError(Exception):
    """An answer other than success: HTTP status, a short machine code, a Thai/English message."""

    def __init__(self, status: int, error: str, message: BilingualMessage, extra: dict | None = None,
                 headers: dict | None = None):
        super().__init__(str(message))
        self.status = status
        self.error = error
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict:
        return {"error": self.error, "message_th": self.message.th, "message_en": self.message.en, **self.extra}


M = BilingualMessage
_NO_TOKEN = M("กรุณาส่งรหัสประจำตัวผู้เข้าอบรมในส่วนหัว Authorization: Bearer",
              "Send the trainee's personal token in the header Authorization: Bearer")
_BAD_TOKEN = M("รหัสประจำตัวไม่ถูกต้องหรือหมดอายุแล้ว (รุ่นการอบรมถูกเก็บถาวร)",
               "The token is invalid or has expired (the cohort is archived)")
_TOO_LARGE = M(f"ข้อมูลที่ส่งมาใหญ่เกิน {MAX_BODY_BYTES // 1024} KB",
               f"The request body is larger than {MAX_BODY_BYTES // 1024} KB")
_NOT_JSON = M("ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง", "The body is not valid JSON")
_NOT_OBJECT = M("ข้อมูลที่ส่งมาต้องเป็น JSON object", "The body must be a JSON object")
_UNKNOWN_INSTRUMENT = M("ไม่พบแบบสอบถามนี้", "No such questionnaire")
_NOT_ASSIGNED = M("ท่านไม่ได้รับมอบหมายให้ตอบแบบสอบถามนี้", "You are not asked to answer this questionnaire")
_UNKNOWN_VERSION = M("ไม่มีฉบับนี้ของแบบสอบถาม กรุณาโหลดแบบสอบถามใหม่",
                     "This version of the questionnaire does not exist; download the questionnaire again")
_NOT_OPENED = M("แบบสอบถามนี้ยังไม่เปิดให้ตอบ", "This questionnaire is not open yet")
_CLOSED = M("แบบสอบถามนี้ปิดรับคำตอบแล้ว", "This questionnaire is closed")
_INVALID = M("คำตอบบางข้อไม่ถูกต้อง กรุณาแก้ไขตามข้อความของแต่ละข้อ",
             "Some answers are not valid; fix each one as its message says")
_NOT_YOURS = M("รหัสการส่งนี้ถูกใช้แล้ว", "This submission id was already used")
_UNKNOWN_QUESTION = "ไม่มีข้อนี้ในแบบสอบถาม / There is no such question in this questionnaire."


def _shape(what_th: str, what_en: str) -> ApiError:
    return ApiError(400, "bad_request", M(what_th, what_en))


def too_large() -> ApiError:
    return ApiError(413, "too_large", _TOO_LARGE)


# --------------------------------------------------------------------------- who is calling

def authenticate(header: str | None) -> Trainee:
    """The trainee whose personal token is the bearer token; ApiError 401 otherwise."""
    if not header or not header.strip():
        raise ApiError(401, "missing_token", _NO_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    trainee = None
    if scheme.lower() == "bearer" and token and _TOKEN_RE.fullmatch(token):
        trainee = assign.trainee_by_token(token)
    if trainee is None:
        raise ApiError(401, "invalid_token", _BAD_TOKEN, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return trainee


# --------------------------------------------------------------------------- GET /me

def _bi(th: str, en: str) -> dict:
    return {"th": th or "", "en": en or ""}


def _stamp(value: dt.datetime | None) -> str | None:
    """A stored (naive, portal time zone) timestamp as ISO 8601 with its offset."""
    if value is None:
        return None
    if isinstance(value, str):  # a driver that hands back text
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=clock.now().tzinfo, microsecond=0).isoformat()


def me(trainee: Trainee) -> dict:
    cohort = trainee.cohort
    course = cohort.course
    names = [c.name for c in Cooperative.select(Cooperative.name).join(
        CohortCooperative, on=(CohortCooperative.cooperative == Cooperative.id)).where(
        CohortCooperative.cohort == cohort)]
    items = []
    for a in assign.assignments(trainee):
        item = {"instrument": a.instrument.code, "version": a.instrument.current_version.version,
                "title": _bi(a.instrument.title_th, a.instrument.title_en), "anonymous": bool(a.instrument.anonymous),
                "phase": a.phase, "window": a.window_state, "status": a.state}
        if a.window is not None and a.window.opened_at is not None:
            item["opened_at"] = _stamp(a.window.opened_at)
        if a.window_state == "closed":
            item["closed_at"] = _stamp(a.window.closed_at)
        items.append(item)
    notice = PrivacyNotice.current()
    return {
        "trainee": {"id": trainee.id, "prefix": trainee.prefix, "first_name": trainee.first_name,
                    "last_name": trainee.last_name},
        "cohort": {"id": cohort.id, "course": course.number, "course_name": _bi(course.name_th, course.name_en),
                   "number": cohort.number, "starts": cohort.starts.isoformat(), "ends": cohort.ends.isoformat(),
                   "cooperatives": sorted_thai(names)},
        "assignments": items,
        "privacy_notice": ({"version": notice.version, "text": _bi(notice.text_th, notice.text_en)}
                           if notice else None),
    }


# --------------------------------------------------------------------------- GET /instruments/<code>

def _assigned_instrument(trainee: Trainee, code: str) -> Instrument:
    """The instrument ``code`` if it is one of the trainee's; 404 unknown, 403 not theirs."""
    instrument = Instrument.get_or_none(Instrument.code == code) if isinstance(code, str) else None
    if instrument is None or instrument.current_version_id is None:
        raise ApiError(404, "not_found", _UNKNOWN_INSTRUMENT)
    if instrument.id not in {i.id for i in assign.instruments_for(trainee.cohort)}:
        raise ApiError(403, "not_assigned", _NOT_ASSIGNED)
    return instrument


def _question(f: Field, section: str | None, repeat: dict | None) -> dict:
    q = f.question
    out: dict[str, Any] = {"name": f.key, "question": q.name, "type": q.type, "required": bool(q.required),
                           "label": _bi(f.label.get("th", ""), f.label.get("en", ""))}
    if f.hint:
        out["hint"] = _bi(f.hint.get("th", ""), f.hint.get("en", ""))
    out["choices"] = [{"value": c.name, "label": _bi(c.label.get("th", ""), c.label.get("en", ""))}
                      for c in q.choices]
    out["relevant"] = q.relevant_text or None
    out["constraint"] = q.constraint_text or None
    if q.constraint_message:
        out["constraint_message"] = _bi(q.constraint_message.get("th", ""), q.constraint_message.get("en", ""))
    if section:
        out["section"] = section
    if repeat:
        out["repeat"] = repeat
    return out


def _describe(defn: Definition, context: dict) -> tuple[list, list, list]:
    """Questions (expanded), sections (groups) and repeats, in file order."""
    questions: list[dict] = []
    sections: list[dict] = []
    repeats: list[dict] = []
    seen_sections: set[str] = set()

    def walk(nodes, section=None, repeat=None):
        for node in nodes:
            if isinstance(node, Field):
                questions.append(_question(node, section, repeat))
                continue
            s = node.section
            if node.kind == "group":
                if s.name not in seen_sections:
                    seen_sections.add(s.name)
                    entry = {"name": s.name, "label": _bi(s.label.get("th", ""), s.label.get("en", "")),
                             "relevant": s.relevant_text or None, "parent": section}
                    if s.hint:
                        entry["hint"] = _bi(s.hint.get("th", ""), s.hint.get("en", ""))
                    sections.append(entry)
                walk(node.children, s.name, repeat)
            elif node.kind == "repeat":
                entry = {"name": s.name, "label": _bi(s.label.get("th", ""), s.label.get("en", "")),
                         "relevant": s.relevant_text or None, "over": s.repeat_over, "section": section,
                         "instances": [{"id": b.instance, "label": _bi(b.label.get("th", ""), b.label.get("en", ""))}
                                       for b in node.children]}
                if s.hint:
                    entry["hint"] = _bi(s.hint.get("th", ""), s.hint.get("en", ""))
                repeats.append(entry)
                walk(node.children, section, repeat)
            else:  # one instance of a repeat
                walk(node.children, section, {"name": s.name, "instance": node.instance,
                                              "label": _bi(node.label.get("th", ""), node.label.get("en", ""))})

    walk(expand(defn, context))
    return questions, sections, repeats


def instrument_json(trainee: Trainee, code: str) -> dict:
    """The current version of an instrument assigned to the trainee, without its answer key."""
    instrument = _assigned_instrument(trainee, code)
    version = instrument.current_version
    defn = version_definition(version)
    questions, sections, repeats = _describe(defn, assign.collection_context(trainee.cohort))
    return {
        "id": instrument.code, "version": version.version,
        "title": _bi(defn.title.get("th", ""), defn.title.get("en", "")),
        "description": _bi(defn.description.get("th", ""), defn.description.get("en", "")),
        "level": defn.level, "anonymous": bool(defn.anonymous), "phases": list(defn.phases),
        "sections": sections, "repeats": repeats, "questions": questions,
    }


# --------------------------------------------------------------------------- POST /responses

@dataclass(frozen=True)
class Submission:
    uuid: str
    instrument: str
    version: int
    phase: str
    answers: dict  # flat {name: value}
    replaces: str | None = None


def _reject_constant(name):
    raise ValueError(name)


def _scalar_ok(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _flatten(answers: dict) -> dict:
    """Flat ``{name: value}``; a nested repeat ``{"rep": {"inst": {"q": v}}}`` becomes ``rep.inst.q``."""
    flat: dict[str, Any] = {}
    for name, value in answers.items():
        if isinstance(value, dict):
            for instance, inner in value.items():
                if not isinstance(inner, dict):
                    raise _shape(f"คำตอบของชุดคำถามซ้ำ {name!r} ต้องเป็น object ของแต่ละรายการ",
                                 f"the answers of repeat {name!r} must be an object per instance")
                for qname, v in inner.items():
                    flat[f"{name}.{instance}.{qname}"] = v
        else:
            flat[name] = value
    for name, value in flat.items():
        ok = _scalar_ok(value) or (isinstance(value, list) and all(_scalar_ok(v) and v is not None for v in value))
        if not ok:
            raise _shape(f"คำตอบข้อ {name!r} ต้องเป็นข้อความ ตัวเลข หรือรายการของข้อความ",
                         f"the answer to {name!r} must be text, a number or a list of texts")
    return flat


def parse_submission(raw: bytes) -> Submission:
    """The request body as a Submission; ApiError 400 for bad JSON or wrong shapes."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "bad_json", _NOT_JSON) from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", _NOT_OBJECT)
    uuid = data.get("uuid")
    if not isinstance(uuid, str) or not valid_uuid(uuid.lower()):
        raise _shape("uuid ต้องเป็น UUID เช่น 3f2b8c1e-5d4a-4b6e-9f10-2a7c9e8d1b34",
                     "uuid must be a UUID, e.g. 3f2b8c1e-5d4a-4b6e-9f10-2a7c9e8d1b34")
    instrument = data.get("instrument")
    if not isinstance(instrument, str) or not instrument or len(instrument) > 64:
        raise _shape("instrument ต้องเป็นรหัสแบบสอบถาม เช่น c1_knowledge",
                     "instrument must be a questionnaire id, e.g. c1_knowledge")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _shape("version ต้องเป็นเลขฉบับ (จำนวนเต็มบวก)", "version must be a version number (a positive integer)")
    phase = data.get("phase")
    if phase not in PHASES:
        raise _shape("phase ต้องเป็น pre, post หรือ single", "phase must be pre, post or single")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise _shape("answers ต้องเป็น object {ชื่อข้อ: คำตอบ}", "answers must be an object {name: value}")
    replaces = data.get("replaces")
    if replaces is not None and not (isinstance(replaces, str) and valid_uuid(replaces.lower())):
        raise _shape("replaces ต้องเป็น UUID ของคำตอบที่ต้องการแก้ไข",
                     "replaces must be the UUID of the response being edited")
    return Submission(uuid.lower(), instrument, version, phase, _flatten(answers),
                      replaces.lower() if replaces else None)


def _nest(flat: dict, repeats: set[str]) -> dict:
    nested: dict[str, Any] = {}
    for name, value in flat.items():
        head, _, rest = name.partition(".")
        if rest and head in repeats:
            instance, _, qname = rest.partition(".")
            nested.setdefault(head, {}).setdefault(instance, {})[qname] = value
        else:
            nested[name] = value
    return nested


def _body(response: Response) -> dict:
    return {"uuid": response.uuid, "instrument": response.instrument.code, "version": response.version.version,
            "phase": response.phase, "status": "stored", "submitted_at": _stamp(response.submitted_at)}


def _conflict(message: BilingualMessage) -> ApiError:
    return ApiError(409, "conflict", message)


_REUSED = M("รหัสการส่งนี้ถูกใช้กับคำตอบอื่นแล้ว", "This submission id was already used with other answers")


def _already_stored(trainee: Trainee, instrument: Instrument, uuid: str, digest: str | None) -> dict | None:
    """The first body when this UUID is stored with the same payload (``digest``); 409 when it differs.

    ``digest`` None: the payload cannot match any stored one (it names unknown questions).
    """
    existing = Response.get_or_none((Response.instrument == instrument) & (Response.uuid == uuid))
    if existing is None:
        return None
    yours = (existing.trainee_id == trainee.id if existing.trainee_id is not None
             else existing.cohort_id == trainee.cohort_id)
    if not yours:
        raise _conflict(_NOT_YOURS)
    if digest is None or existing.payload_hash != digest:
        raise _conflict(_REUSED)
    return _body(existing)


def submit(trainee: Trainee, sub: Submission) -> tuple[int, dict]:
    """Store the submission exactly once: (201, body) or (200, the same body) for a replay; ApiError otherwise."""
    instrument = _assigned_instrument(trainee, sub.instrument)
    if sub.phase not in instrument.phase_list:
        raise ApiError(403, "not_assigned", _NOT_ASSIGNED)
    version = InstrumentVersion.get_or_none((InstrumentVersion.instrument == instrument)
                                            & (InstrumentVersion.version == sub.version))
    if version is None:
        raise ApiError(403, "unknown_version", _UNKNOWN_VERSION)
    defn = version_definition(version)
    cohort = trainee.cohort
    context = assign.collection_context(cohort)
    known = {f.key for f in iter_fields(expand(defn, context)) if f.question.is_input}
    unknown = {name: _UNKNOWN_QUESTION for name in sub.answers if name not in known}
    result = check(defn, _nest({k: v for k, v in sub.answers.items() if k in known},
                               {r.name for r in defn.repeats()}), context, enforce_required=True)
    digest = payload_hash(version.id, sub.phase, result.cleaned)
    # A UUID already stored answers now, even after its window closed: the first body, or 409.
    replay = _already_stored(trainee, instrument, sub.uuid, None if unknown else digest)
    if replay is not None:
        return 200, replay
    window = assign.window(cohort, instrument, sub.phase)
    if window is None or window.opened_at is None:
        raise ApiError(403, "window_not_open", _NOT_OPENED)
    if window.closed_at is not None:
        raise ApiError(403, "window_closed", _CLOSED)
    errors = {**result.errors, **unknown}
    if errors:
        raise ApiError(422, "invalid_answers", _INVALID, extra={"errors": errors})
    points = max_points = None
    if defn.is_test:
        points, max_points = score(defn, result.cleaned)
    editable = instrument.phases == "single" and not defn.is_test and not instrument.anonymous
    notice = PrivacyNotice.current()
    try:
        stored = store_response(
            uuid=sub.uuid, instrument=instrument, version=version, phase=sub.phase, answers=result.cleaned,
            respondent="trainee", editable=editable, trainee=trainee, cohort_id=cohort.id,
            base_uuid=sub.replaces if editable else None, score=points, max_score=max_points,
            privacy_version=notice.version if notice else None, draft_owner=assign.draft_owner(trainee))
    except Conflict as exc:
        raise _conflict(exc.message) from None
    if not stored.created:  # a double tap that lost the race to an identical twin
        replay = _already_stored(trainee, instrument, sub.uuid, digest)
        return 200, replay if replay is not None else _body(stored.response)
    return 201, _body(stored.response)

