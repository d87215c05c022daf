"""Reports under a memorandum: draft → approved → sent, each move kept with who and when.

Centre staff (and the director) of the report's centre draft and edit; only the
centre's director approves or sends back to draft with a note; staff or the
director mark an approved report sent. Editing an approved report returns it to
draft. Marking sent renders every format once and stores the bytes: the sent
version is served from there forever after. No Flask here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal import clock
from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import quarter_bounds
from portal.domain.thaitext import normalize_text
from portal.models import Centre, Cohort, Course, User
from portal.models.reports import Report, ReportEvent, ReportFile
from portal.scope import Scope
from portal.services import report_documents as docs

STATES = ("draft", "approved", "sent")
STATE_LABELS = {"draft": ("ร่าง", "Draft"), "approved": ("อนุมัติแล้ว", "Approved"), "sent": ("ส่งแล้ว", "Sent")}
FORMATS = ("pdf", "docx", "xlsx", "csv")
WRITER_ROLES = ("centre_staff", "centre_director")


class ReportError(ValueError):
    """A refused change: ``messages`` (BilingualMessage, each with ``.th``, ``.en`` and ``.field``)."""

    def __init__(self, messages: list[BilingualMessage]):
        self.messages = list(messages)
        super().__init__("; ".join(str(m) for m in self.messages))


def _msg(th: str, en: str, field_name: str | None = None) -> BilingualMessage:
    return BilingualMessage(th, en, field_name)


def _refuse(th: str, en: str, field_name: str | None = None):
    raise ReportError([_msg(th, en, field_name)])


# --- reading --------------------------------------------------------------------------------------


def scoped_reports(scope: Scope):
    query = Report.select(Report, Centre).join(Centre)
    if scope.is_national:
        return query
    if scope.level != "centre":
        return query.where(Report.id == 0)
    return query.where(Report.centre.in_(sorted(scope.centre_ids or ()) or [0]))


def get_report(scope: Scope, report_id) -> Report:
    return scope.get(scoped_reports(scope), report_id)


def history(report: Report) -> list[ReportEvent]:
    return list(ReportEvent.select().where(ReportEvent.report == report.id).order_by(ReportEvent.at, ReportEvent.id))


def may_write(user: User | None, report_or_centre_id) -> bool:
    centre_id = getattr(report_or_centre_id, "centre_id", report_or_centre_id)
    return user is not None and user.role in WRITER_ROLES and user.centre_id == centre_id


def may_approve(user: User | None, report: Report) -> bool:
    return user is not None and user.role == "centre_director" and user.centre_id == report.centre_id


def title_of(report: Report, lang: str = "th") -> str:
    """The report's name on the portal's pages, in the page's language ("th" or "en")."""
    th = lang != "en"
    label = docs.KIND_LABELS[report.kind][0 if th else 1]
    if report.kind == "quarterly":
        return f"{label} {docs.quarter_label(report.fiscal_year, report.quarter, 'th' if th else 'en')}"
    if report.kind == "cohort" and report.cohort_id:
        cohort = Cohort.get_by_id(report.cohort_id)
        if th:
            return f"{label} หลักสูตรที่ {cohort.course.number} รุ่นที่ {cohort.number}"
        return f"{label}, course {cohort.course.number}, cohort {cohort.number}"
    return f"{label} หลักสูตรที่ {report.course}" if th else f"{label}, course {report.course}"


# --- creating and editing ---------------------------------------------------------------------------


@dataclass
class NewReport:
    kind: str
    fiscal_year: int | None
    quarter: int | None = None
    course: int | None = None
    cohort_id: int | None = None


@dataclass
class MemoInput:
    agency: str
    reference: str
    memo_date: dt.date | None
    subject: str
    to: str
    body: str
    problems: str = ""
    help_needed: str = ""


def _check_new(centre: Centre, data: NewReport) -> Cohort | None:
    if data.kind not in docs.KINDS:
        _refuse("เลือกชนิดรายงาน", "Choose the kind of report", "kind")
    if data.fiscal_year is None or not Course.select().where(Course.fiscal_year == data.fiscal_year).exists():
        _refuse("ไม่พบปีงบประมาณนี้ ใส่ปี พ.ศ. ที่ตั้งหลักสูตรไว้แล้ว เช่น 2566",
                "No such fiscal year: give a Buddhist-Era year with courses, e.g. 2566", "fiscal_year")
    if data.kind == "quarterly" and data.quarter not in (1, 2, 3, 4):
        _refuse("เลือกไตรมาส 1 ถึง 4", "Choose quarter 1 to 4", "quarter")
    if data.kind == "quarterly" and quarter_bounds(data.fiscal_year, data.quarter)[0] > clock.today():
        _refuse("ไตรมาสนี้ยังไม่เริ่ม เลือกไตรมาสที่เริ่มแล้ว", "This quarter has not begun yet: choose one that has",
                "quarter")
    if data.kind in ("training", "final"):
        if not Course.select().where((Course.fiscal_year == data.fiscal_year) & (Course.number == data.course)).exists():
            _refuse("เลือกหลักสูตรที่ 1 หรือ 2 ของปีนี้", "Choose course 1 or 2 of this year", "course")
    if data.kind == "cohort":
        cohort = (Cohort.select(Cohort, Course).join(Course)
                  .where((Cohort.id == (data.cohort_id or 0)) & (Cohort.centre == centre.id)
                         & (Course.fiscal_year == data.fiscal_year)).first())
        if cohort is None:
            _refuse("เลือกรุ่นของศูนย์ในปีนี้", "Choose a cohort of the centre in this year", "cohort")
        return cohort
    return None


def defaults(centre: Centre, data: NewReport, cohort: Cohort | None) -> dict:
    subject = docs.default_subject(data.kind, data.fiscal_year, data.quarter, data.course, cohort)
    return {"agency": docs.default_agency(centre), "reference": "", "memo_date": clock.today(), "subject": subject,
            "to": docs.BUREAU_TO, "body": docs.default_body(data.kind, centre, subject)}


def create_report(centre: Centre, data: NewReport, user: User | None) -> Report:
    cohort = _check_new(centre, data)
    values = defaults(centre, data, cohort)
    now = clock.naive_now()
    with write_transaction():
        report = Report.create(
            centre=centre, kind=data.kind, fiscal_year=data.fiscal_year,
            quarter=data.quarter if data.kind == "quarterly" else None,
            course=(cohort.course.number if cohort else data.course) if data.kind != "quarterly" else None,
            cohort=cohort, created_by=user, updated_by=user, created_at=now, updated_at=now, **values)
        ReportEvent.create(report=report, from_state="", to_state="draft", by=user, at=now)
    return report


def _clean(text: str) -> str:
    return normalize_text(text or "").strip()


def _clean_paragraphs(text: str) -> str:
    """A multi-line text (the memorandum's body, problems, help needed) normalised line by line: each
    paragraph stays a paragraph (normalize_text alone would fold every line break into a space)."""
    lines = (normalize_text(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def memo_errors(agency: str | None, subject: str | None, to: str | None) -> list[BilingualMessage]:
    """The memorandum's required texts that are missing, each for its field."""
    errors = []
    if not _clean(subject):
        errors.append(_msg("ใส่เรื่อง", "Give the subject", "subject"))
    if not _clean(to):
        errors.append(_msg("ใส่เรียน (ผู้รับ)", "Give the addressee (เรียน)", "to"))
    if not _clean(agency):
        errors.append(_msg("ใส่ส่วนราชการ", "Give the agency (ส่วนราชการ)", "agency"))
    return errors


def update_memo(report: Report, data: MemoInput, user: User | None) -> Report:
    """Save the memorandum; an approved report goes back to draft; a sent one cannot change."""
    if report.state == "sent":
        _refuse("รายงานที่ส่งแล้วแก้ไขไม่ได้", "A sent report cannot be changed")
    errors = memo_errors(data.agency, data.subject, data.to)
    if errors:
        raise ReportError(errors)
    now = clock.naive_now()
    with write_transaction():
        previous = report.state
        report.agency, report.reference = _clean(data.agency), _clean(data.reference)
        report.memo_date = data.memo_date
        report.subject, report.to = _clean(data.subject), _clean(data.to)
        report.body = _clean_paragraphs(data.body)
        report.problems = _clean_paragraphs(data.problems)
        report.help_needed = _clean_paragraphs(data.help_needed)
        report.updated_by, report.updated_at = user, now
        if previous == "approved":
            report.state, report.approved_by, report.approved_at = "draft", None, None
            ReportEvent.create(report=report, from_state="approved", to_state="draft", by=user, at=now,
                               note="แก้ไขหลังอนุมัติ")
        report.save()
    return report


# --- the approval -------------------------------------------------------------------------------------


def _move(report: Report, to_state: str, user: User | None, note: str = "") -> Report:
    now = clock.naive_now()
    with write_transaction():
        fresh = Report.get_by_id(report.id)
        if fresh.state != report.state:
            _refuse("สถานะของรายงานเปลี่ยนไปแล้ว กรุณาโหลดหน้าใหม่", "The report's state has changed: reload the page")
        ReportEvent.create(report=report, from_state=report.state, to_state=to_state, by=user, at=now,
                           note=normalize_text(note or "").strip())
        report.state = to_state
        if to_state == "approved":
            report.approved_by, report.approved_at = user, now
        elif to_state == "draft":
            report.approved_by, report.approved_at = None, None
        elif to_state == "sent":
            report.sent_by, report.sent_at = user, now
        report.save()
    return report


def approve(report: Report, user: User | None, note: str = "") -> Report:
    if not may_approve(user, report):
        _refuse("เฉพาะผู้อำนวยการศูนย์ของรายงานนี้อนุมัติได้", "Only the director of this report's centre may approve it")
    if report.state != "draft":
        _refuse("อนุมัติได้เฉพาะรายงานที่เป็นร่าง", "Only a draft can be approved")
    return _move(report, "approved", user, note)


def send_back(report: Report, user: User | None, note: str) -> Report:
    if not may_approve(user, report):
        _refuse("เฉพาะผู้อำนวยการศูนย์ของรายงานนี้ส่งกลับได้", "Only the director of this report's centre may send it back")
    if report.state != "approved" and report.state != "draft":
        _refuse("รายงานที่ส่งแล้วส่งกลับไม่ได้", "A sent report cannot be sent back")
    if not (note or "").strip():
        _refuse("ใส่เหตุผลที่ส่งกลับไปแก้ไข", "Say why the report goes back for changes", "note")
    return _move(report, "draft", user, note)


def render_all(report: Report, *, scheme: str = "0.8") -> dict[str, tuple[bytes, str, str]]:
    """Every format of the report's current document: {fmt: (bytes, mimetype, filename)}."""
    from portal.documents.render import render

    document = docs.report_document(report, scheme=scheme)
    return {fmt: render(document, fmt) for fmt in FORMATS}


def mark_sent(report: Report, user: User | None, *, scheme: str = "0.8") -> Report:
    if not may_write(user, report):
        _refuse("เฉพาะเจ้าหน้าที่และผู้อำนวยการของศูนย์ทำเครื่องหมายว่าส่งแล้วได้",
                "Only the centre's staff and director may mark the report sent")
    if report.state != "approved":
        _refuse("ต้องให้ผู้อำนวยการอนุมัติก่อนจึงส่งได้", "The director must approve the report before it is sent")
    files = render_all(report, scheme=scheme)  # outside the write transaction: rendering takes a while
    with write_transaction():
        _move(report, "sent", user)
        ReportFile.delete().where(ReportFile.report == report.id).execute()
        for fmt, (data, mimetype, filename) in files.items():
            ext = filename.rsplit(".", 1)[-1] if "." in filename else fmt
            ReportFile.create(report=report, fmt=fmt, kind=ext, filename=filename, data=data)
    return report


def download(report: Report, fmt: str, *, scheme: str = "0.8") -> tuple[bytes, str, str]:
    """(bytes, stem, extension): the frozen file once sent, else rendered now."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if report.state == "sent":
        stored = ReportFile.get_or_none((ReportFile.report == report.id) & (ReportFile.fmt == fmt))
        if stored is not None:
            return bytes(stored.data), stored.filename.rsplit(".", 1)[0], stored.kind
    from portal.documents.render import render

    data, _mimetype, filename = render(docs.report_document(report, scheme=scheme), fmt)
    stem, _, ext = filename.rpartition(".")
    return data, stem or filename, ext or fmt
