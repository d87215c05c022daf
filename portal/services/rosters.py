"""A cohort's roster in the database: who may see and change it, trainees typed in or imported, downloads.

Plain Python, no Flask. The rules of one row are ``portal.domain.rosters``;
reading files is ``portal.services.tabular``; spreadsheets are neutralised with
``portal.exports``.

- Readers: the bureau, the cohort's centre, and provincial users of the
  offices of the cohort's cooperatives — who see only their own offices'
  cooperatives' trainees. Writers: centre staff and the director of the
  cohort's centre, and the bureau administrator. Nothing changes once the
  cohort is locked (``portal.domain.cohorts.is_locked``).
- Import: ``build_preview(data, filename, encoding, cohort)`` checks every row
  (missing surname, an unknown prefix without gender, a role or position the
  course does not have, a cooperative not in the cohort, a duplicate within the
  file or against the roster, a 13-digit value like a national ID number) and
  ``import_file(...)`` writes all rows of a clean file, or only the good rows
  when the user explicitly asked for that — never silently.
- The single-name variant: a file with one column "ชื่อ-นามสกุล" instead of
  คำนำหน้า / ชื่อ / นามสกุล has each cell split with ``split_full_name``
  ("นาย สมชาย ใจดี" → นาย, สมชาย, ใจดี); a name whose prefix the portal does
  not know is refused with the advice to use the three columns, because the
  split cannot tell a prefix it does not know from a first name.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

import peewee as pw

from portal import clock
from portal.db import write_transaction
from portal.domain import rosters as rules
from portal.domain.cohorts import AGE_BANDS, GENDERS, TRAINEE_ROLES, is_locked
from portal.domain.eligibility import BilingualMessage
from portal.domain.thaidates import format_date
from portal.domain.thaitext import gender_from_prefix, normalize_text, split_full_name, thai_sort_key
from portal.exports import Column as ExportColumn
from portal.exports import Table, neutralise_cell
from portal.models import Attendance, Centre, Cohort, CohortCooperative, Cooperative, Course, Office, Trainee
from portal.scope import NotInScope, Scope
from portal.services.tabular import (
    ImportFileError,
    ImportRefused,
    RowError,
    UploadStore,
    cell_text,
    header_key,
    is_blank,
    looks_garbled,
    msg,
    read_rows,
)

__all__ = [
    "READ_ROLES", "WRITE_ROLES", "DOWNLOAD_ROLES", "MAX_ROWS", "EXAMPLE_MARK",
    "RosterError", "RosterLocked", "ImportFileError", "ImportRefused", "UploadStore",
    "cohort_in_scope", "office_filter", "can_write", "can_download", "cooperatives_of", "roster_groups",
    "save_trainee", "delete_trainee", "build_preview", "import_preview", "import_file",
    "template_workbook", "roster_table",
]

WRITE_ROLES = ("centre_staff", "centre_director", "bureau_admin")
DOWNLOAD_ROLES = ("centre_staff", "centre_director")  # names stay inside the centre
READ_ROLES = ("bureau_admin", "bureau_exec", "centre_director", "centre_staff", "provincial_officer", "provincial_head")
MAX_ROWS = 2_000  # a cohort trains a few cooperatives of 20–28 people
EXAMPLE_MARK = "ตัวอย่าง"  # the template's example row: its cooperative cell starts with this


class RosterError(ValueError):
    """A refused change; ``.message`` is a BilingualMessage."""

    def __init__(self, message: BilingualMessage):
        self.message = message
        super().__init__(str(message))


class RosterLocked(RosterError):
    def __init__(self):
        super().__init__(msg(
            "รุ่นนี้ปิดการอบรมแล้ว รายชื่อผู้เข้ารับการอบรมแก้ไขไม่ได้",
            "This cohort's training is closed: its roster can no longer be changed"))


# --- who sees what ------------------------------------------------------------------------


def cohort_in_scope(scope: Scope, cohort_id) -> Cohort:
    """The cohort (with its course and centre) when the scope sees it, else NotInScope.

    A provincial user sees a cohort that trains a cooperative of their office.
    """
    try:
        cohort_id = int(cohort_id)
    except (TypeError, ValueError):
        raise NotInScope(cohort_id) from None
    cohort = (
        Cohort.select(Cohort, Course, Centre).join(Course).switch(Cohort).join(Centre)
        .where(Cohort.id == cohort_id).first()
    )
    if cohort is None:
        raise NotInScope(cohort_id)
    if scope.level == "office":
        linked = {
            office for (office,) in Cooperative.select(Cooperative.office)
            .join(CohortCooperative, on=(CohortCooperative.cooperative == Cooperative.id))
            .where(CohortCooperative.cohort == cohort.id).tuples()
        }
        if scope.office_ids is None or not linked & set(scope.office_ids):
            raise NotInScope(cohort_id)
    elif not scope.sees_centre(cohort.centre_id):
        raise NotInScope(cohort_id)
    return cohort


def office_filter(scope: Scope) -> frozenset[int] | None:
    """The offices whose cooperatives' trainees a user sees in a cohort they may open (None: all)."""
    return scope.office_ids if scope.level == "office" else None


def can_write(role: str | None, scope: Scope, cohort: Cohort) -> bool:
    return role in WRITE_ROLES and scope.sees_centre(cohort.centre_id)


def can_download(role: str | None, scope: Scope, cohort: Cohort) -> bool:
    return role in DOWNLOAD_ROLES and scope.level == "centre" and scope.sees_centre(cohort.centre_id)


def course_number(cohort: Cohort) -> int:
    return cohort.course.number


# --- reading the roster -------------------------------------------------------------------


def cooperatives_of(cohort: Cohort, office_ids: frozenset[int] | None = None) -> list[Cooperative]:
    """The cohort's cooperatives in Thai order (with any a trainee still belongs to after its link went)."""
    linked = CohortCooperative.select(CohortCooperative.cooperative).where(CohortCooperative.cohort == cohort.id)
    of_trainees = Trainee.select(Trainee.cooperative).where(Trainee.cohort == cohort.id)
    query = Cooperative.select(Cooperative, Office).join(Office).where(
        Cooperative.id.in_(linked) | Cooperative.id.in_(of_trainees))
    if office_ids is not None:
        query = query.where(Cooperative.office.in_(sorted(office_ids) or [0]))
    return sorted(query, key=lambda c: (thai_sort_key(c.name), c.id))


def linked_cooperatives(cohort: Cohort) -> list[Cooperative]:
    """Only the cooperatives linked to the cohort (the ones a trainee may be added to), Thai order."""
    query = (Cooperative.select().join(CohortCooperative, on=(CohortCooperative.cooperative == Cooperative.id))
             .where(CohortCooperative.cohort == cohort.id))
    return sorted(query, key=lambda c: (thai_sort_key(c.name), c.id))


def _trainee_order(t: Trainee) -> tuple:
    return thai_sort_key(t.first_name), thai_sort_key(t.last_name), t.id


@dataclass
class Group:
    cooperative: Cooperative
    linked: bool
    trainees: list[Trainee]
    counts: rules.Counts


@dataclass
class Roster:
    cohort: Cohort
    groups: list[Group]
    totals: rules.Counts
    roles: tuple[str, ...]

    @property
    def trainees(self) -> list[Trainee]:
        return [t for g in self.groups for t in g.trainees]


def roster_groups(cohort: Cohort, office_ids: frozenset[int] | None = None) -> Roster:
    """Trainees grouped by cooperative (Thai order), each group in Thai order of first name and surname,
    with counts by gender and role and people against the course's target per cooperative."""
    roles = rules.course_roles(course_number(cohort))
    target = cohort.course.people_per_cooperative or 0
    coops = cooperatives_of(cohort, office_ids)
    linked_ids = {cid for (cid,) in CohortCooperative.select(CohortCooperative.cooperative)
                  .where(CohortCooperative.cohort == cohort.id).tuples()}
    by_coop: dict[int, list[Trainee]] = defaultdict(list)
    query = Trainee.select().where(Trainee.cohort == cohort.id)
    if office_ids is not None:
        query = query.where(Trainee.cooperative.in_([c.id for c in coops] or [0]))
    for trainee in query:
        by_coop[trainee.cooperative_id].append(trainee)
    groups = []
    totals = rules.Counts(by_role={r: 0 for r in roles})
    for coop in coops:
        people = sorted(by_coop.get(coop.id, []), key=_trainee_order)
        for t in people:
            t.cooperative = coop  # no query per row in templates
        linked = coop.id in linked_ids
        counts = rules.count_trainees(((t.gender, t.role) for t in people), target if linked else 0, roles)
        groups.append(Group(coop, linked, people, counts))
        totals = totals.add(counts)
    return Roster(cohort, groups, totals, roles)


# --- typing a trainee in ---------------------------------------------------------------------


def _duplicate_message(existing: Trainee, coop_name: str) -> BilingualMessage:
    role_th, role_en = TRAINEE_ROLES.get(existing.role, (existing.role, existing.role))
    return msg(
        f"มีชื่อนี้ในรายชื่อของ{coop_name} แล้ว: {existing.full_name} ({role_th}"
        f"{' ' + existing.position if existing.position else ''}) — ถ้าเป็นคนเดียวกันให้แก้รายการเดิมแทน",
        f"This name is already on the roster of {coop_name}: {existing.full_name} ({role_en}"
        f"{', ' + existing.position if existing.position else ''}) — if it is the same person, edit that row instead",
        "first_name")


def _check_cooperative(cohort: Cohort, cooperative_id) -> tuple[Cooperative | None, BilingualMessage | None]:
    try:
        cooperative_id = int(cooperative_id)
    except (TypeError, ValueError):
        return None, msg("ไม่ได้เลือกสหกรณ์ — เลือกสหกรณ์ของรุ่นนี้", "No cooperative chosen — choose one of this cohort's",
                         "cooperative")
    coop = (Cooperative.select().join(CohortCooperative, on=(CohortCooperative.cooperative == Cooperative.id))
            .where((CohortCooperative.cohort == cohort.id) & (Cooperative.id == cooperative_id)).first())
    if coop is None:
        return None, msg("สหกรณ์นี้ไม่ได้อยู่ในรุ่นนี้ — เลือกสหกรณ์ของรุ่นนี้",
                         "That cooperative is not in this cohort — choose one of this cohort's", "cooperative")
    return coop, None


def _ensure_unlocked(cohort: Cohort) -> None:
    status = Cohort.select(Cohort.status).where(Cohort.id == cohort.id).scalar()
    if status is None or is_locked(status):
        raise RosterLocked()


def save_trainee(cohort: Cohort, raw: dict, cooperative_id, *, trainee: Trainee | None = None,
                 user_id: int | None = None) -> tuple[Trainee | None, list[BilingualMessage]]:
    """Check and store one trainee typed in a form; return it, or None and every problem (by field).

    Raises RosterLocked when the cohort is locked. Nothing is written unless every check passes.
    """
    clean, problems = rules.check_trainee(raw, course_number(cohort))
    coop, coop_problem = _check_cooperative(cohort, cooperative_id)
    if coop_problem:
        problems.insert(0, coop_problem)
    with write_transaction():
        _ensure_unlocked(cohort)
        if clean is not None and coop is not None:
            for other in Trainee.select().where((Trainee.cohort == cohort.id) & (Trainee.cooperative == coop.id)):
                if trainee is not None and other.id == trainee.id:
                    continue
                if rules.name_key(other.first_name, other.last_name) == clean.key:
                    problems.append(_duplicate_message(other, coop.name))
                    break
        if problems or clean is None or coop is None:
            return None, problems
        values = {
            "cooperative": coop.id, "prefix": clean.prefix, "first_name": clean.first_name,
            "last_name": clean.last_name, "gender": clean.gender, "role": clean.role, "position": clean.position,
            "member_group": clean.member_group, "age_band": clean.age_band, "food_needs": clean.food_needs,
        }
        if trainee is None:
            trainee = Trainee.create(cohort=cohort.id, token=secrets.token_urlsafe(24), source="entered",
                                     created_by=user_id, **values)
        else:
            Trainee.update(**values).where(Trainee.id == trainee.id).execute()
            trainee = Trainee.get_by_id(trainee.id)
    return trainee, []


def delete_trainee(cohort: Cohort, trainee: Trainee) -> None:
    """Remove a trainee who has no attendance recorded; RosterLocked or RosterError otherwise."""
    with write_transaction():
        _ensure_unlocked(cohort)
        if Attendance.select().where(Attendance.trainee == trainee.id).exists():
            raise RosterError(msg(
                f"ลบ {trainee.full_name} ไม่ได้ เพราะบันทึกการเข้าอบรมแล้ว",
                f"{trainee.full_name} cannot be removed: attendance has been recorded"))
        try:
            Trainee.delete().where(Trainee.id == trainee.id).execute()
        except pw.IntegrityError:
            raise RosterError(msg(
                f"ลบ {trainee.full_name} ไม่ได้ เพราะมีข้อมูลอื่นอ้างถึง (เช่น คำตอบแบบสอบถาม)",
                f"{trainee.full_name} cannot be removed: other records refer to them (e.g. questionnaire answers)")) from None


def trainee_of(cohort: Cohort, trainee_id, office_ids: frozenset[int] | None = None) -> Trainee:
    """A trainee of this cohort (and of the user's offices), else NotInScope."""
    try:
        trainee_id = int(trainee_id)
    except (TypeError, ValueError):
        raise NotInScope(trainee_id) from None
    query = Trainee.select(Trainee, Cooperative).join(Cooperative).where(
        (Trainee.id == trainee_id) & (Trainee.cohort == cohort.id))
    if office_ids is not None:
        query = query.where(Cooperative.office.in_(sorted(office_ids) or [0]))
    trainee = query.first()
    if trainee is None:
        raise NotInScope(trainee_id)
    return trainee


# --- the import's columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    th: str
    en: str
    aliases: tuple[str, ...] = ()
    note_th: str = ""
    note_en: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("cooperative", "สหกรณ์", "Cooperative", ("ชื่อสหกรณ์", "cooperative", "เลขทะเบียนสหกรณ์", "coop"),
           "ชื่อสหกรณ์ของรุ่นนี้ (ตามแผ่นงานคำอธิบาย) หรือเลขทะเบียน — รุ่นที่มีสหกรณ์เดียวเว้นว่างได้",
           "The name (see the notes sheet) or registration number of one of the cohort's cooperatives; "
           "may be empty when the cohort has one cooperative"),
    Column("prefix", "คำนำหน้า", "Prefix", ("คำนำหน้าชื่อ", "คำนำหน้านาม", "prefix", "title"),
           "เช่น นาย นาง นางสาว ว่าที่ ร.ต. — นาย/นาง/นางสาว บอกเพศได้เอง",
           "e.g. นาย, นาง, นางสาว, ว่าที่ ร.ต.; นาย/นาง/นางสาว give the gender"),
    Column("first_name", "ชื่อ", "First name", ("ชื่อจริง", "first name", "firstname", "given name"),
           "ชื่อ ไม่มีคำนำหน้า", "First name, without the prefix"),
    Column("last_name", "นามสกุล", "Surname", ("สกุล", "last name", "lastname", "surname", "family name"),
           "จำเป็น แถวที่ไม่มีนามสกุลจะไม่ถูกนำเข้า", "Required: a row without a surname is refused"),
    Column("full_name", "ชื่อ-นามสกุล", "Full name", ("ชื่อ-สกุล", "ชื่อและนามสกุล", "full name", "name"),
           "แบบชื่อเต็มช่องเดียว เช่น นาย สมชาย ใจดี (ใช้แทนคำนำหน้า ชื่อ นามสกุล)",
           "Single-name variant, e.g. นาย สมชาย ใจดี (instead of prefix, first name, surname)"),
    Column("gender", "เพศ", "Gender", ("gender", "sex"),
           "หญิง หรือ ชาย — เว้นว่างได้เมื่อคำนำหน้าบอกเพศ", "หญิง or ชาย; may be empty when the prefix tells it"),
    Column("role", "บทบาท", "Role", ("role", "ประเภท", "ประเภทผู้เข้าอบรม", "ประเภทผู้เข้ารับการอบรม"),
           "บทบาทของหลักสูตรนี้ (ดูแผ่นงานคำอธิบาย)", "One of this course's roles (see the notes sheet)"),
    Column("position", "ตำแหน่ง", "Position", ("position", "ตำแหน่งในสหกรณ์"),
           "ตำแหน่งในสหกรณ์ (ดูแผ่นงานคำอธิบาย) เว้นว่างได้", "Position in the cooperative (see the notes sheet), optional"),
    Column("member_group", "กลุ่มสมาชิก/หมู่บ้าน", "Member group / village",
           ("กลุ่มสมาชิก", "หมู่บ้าน", "กลุ่ม", "member group", "village", "group"),
           "หลักสูตรที่ 2: กลุ่มสมาชิกหรือหมู่บ้านที่ดูแล (จำเป็น)",
           "Course 2: the member group or village led (required)"),
    Column("age_band", "ช่วงอายุ", "Age band", ("อายุ", "age", "age band"),
           "เช่น 40–49 ปี หรืออายุเป็นปี เช่น 45 (เก็บเฉพาะช่วงอายุ) เว้นว่างได้",
           "e.g. 40–49 ปี, or the age in years, e.g. 45 (only the band is kept); optional"),
    Column("food_needs", "อาหาร", "Food needs",
           ("อาหารพิเศษ", "ความต้องการด้านอาหาร", "อาหารที่แพ้", "food", "food needs", "diet"),
           "เช่น มังสวิรัติ ฮาลาล แพ้อาหารทะเล เว้นว่างได้", "e.g. vegetarian, halal, seafood allergy; optional"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_SEQUENCE_HEADERS = ("ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#", "seq")
# A column for national ID numbers is refused whole: the portal never collects them.
_ID_HEADERS = ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "บัตรประชาชน", "เลขที่บัตรประชาชน", "เลขบัตรประจำตัวประชาชน",
               "national id", "citizen id", "id card", "id number", "เลขประจำตัว")

_HEADER_INDEX: dict[str, str] = {}
for _col in COLUMNS:
    for _alias in (_col.th, _col.en, _col.key, *_col.aliases):
        _HEADER_INDEX.setdefault(header_key(_alias), _col.key)
for _alias in _SEQUENCE_HEADERS:
    _HEADER_INDEX.setdefault(header_key(_alias), "_sequence")
for _alias in _ID_HEADERS:
    _HEADER_INDEX.setdefault(header_key(_alias), "_national_id")


def template_columns(course_no: int, variant: str = "split") -> list[Column]:
    """The template's columns for a course: three name columns, or one (variant "full_name")."""
    names = ["full_name"] if variant == "full_name" else ["prefix", "first_name", "last_name"]
    keys = ["cooperative", *names, "gender", "role", "position"]
    if course_no == 2:
        keys.append("member_group")
    keys += ["age_band", "food_needs"]
    return [COLUMN_BY_KEY[k] for k in keys]


# --- the preview ---------------------------------------------------------------------------


@dataclass
class ParsedTrainee:
    line: int
    cooperative_id: int
    cooperative_name: str
    trainee: rules.CleanTrainee


@dataclass
class ImportPreview:
    filename: str
    encoding: str  # xlsx | utf-8 | cp874
    rows: list[ParsedTrainee] = field(default_factory=list)  # good rows only
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0  # data rows read (the example and blank rows not counted)
    skipped_example_lines: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    full_name_variant: bool = False
    file_problem: bool = False  # no row can be imported (header, file)
    has_id_numbers: bool = False  # something looks like a national ID number: the upload is not kept

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors if e.line})

    @property
    def is_clean(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def fingerprint(self) -> str:
        """The good rows and bad lines; a confirmation is refused when this changed since the preview."""
        digest = hashlib.sha256(repr([(r.line, r.cooperative_id, r.trainee) for r in self.rows]).encode()).hexdigest()
        return f"{len(self.rows)}:{','.join(map(str, self.bad_lines))}:{digest[:16]}"


@dataclass
class ImportResult:
    rows_imported: int = 0
    rows_skipped: int = 0


def _find_header(rows: list[tuple[int, list]]):
    """(index of the header row, position -> key, ignored headers, errors)."""
    for index, (line, values) in enumerate(rows[:10]):
        keys = [_HEADER_INDEX.get(header_key(v)) if not is_blank(v) else None for v in values]
        if sum(1 for k in keys if k and not k.startswith("_")) < 2:
            continue
        mapping: dict[int, str] = {}
        errors: list[RowError] = []
        ignored: list[str] = []
        seen: dict[str, int] = {}
        for pos, (key, raw) in enumerate(zip(keys, values)):
            if key is None:
                if not is_blank(raw):
                    ignored.append(str(raw))
                continue
            if key == "_sequence":
                continue
            if key in seen and key != "_national_id":
                errors.append(RowError(line, str(raw), msg(
                    f"หัวคอลัมน์ \"{raw}\" ซ้ำกับคอลัมน์ที่ {seen[key] + 1} — ลบคอลัมน์ที่ซ้ำออก",
                    f"Header \"{raw}\" repeats column {seen[key] + 1} — delete the duplicate column")))
                continue
            seen.setdefault(key, pos)
            mapping[pos] = key
        return index, mapping, ignored, errors
    return -1, {}, [], []


def _no_header_error(rows) -> RowError:
    first_line = rows[0][0] if rows else 1
    if any(looks_garbled(str(v)) for _line, values in rows[:10] for v in values if isinstance(v, str)):
        return RowError(first_line, "", msg(
            "หัวตารางอ่านไม่ออก (ตัวอักษรเพี้ยน) — ไฟล์ถูกบันทึกด้วยการเข้ารหัสอื่น: บันทึกใหม่เป็น \"CSV UTF-8\" หรือ .xlsx แล้วอัปโหลดอีกครั้ง",
            "The header is garbled — the file was saved in another encoding: save it as \"CSV UTF-8\" or .xlsx and upload again"))
    return RowError(first_line, "", msg(
        "ไม่พบแถวหัวตาราง (เช่น คำนำหน้า, ชื่อ, นามสกุล, บทบาท) — ใช้แบบฟอร์มที่ดาวน์โหลดจากหน้านำเข้า",
        "No header row found (e.g. คำนำหน้า, ชื่อ, นามสกุล, บทบาท) — use the template downloaded from the import page"))


class _CoopLookup:
    """The cohort's linked cooperatives by name (with or without สหกรณ์ … จำกัด) and registration number."""

    def __init__(self, coops: list[Cooperative]):
        self.coops = coops
        self.by_key: dict[str, Cooperative] = {}
        for c in coops:
            name = normalize_text(c.name)
            short = name.removeprefix("สหกรณ์").removesuffix("จำกัด").strip()
            for key in (name, short, c.registration_no):
                self.by_key.setdefault(header_key(key), c)

    def find(self, text: str) -> Cooperative | None:
        if not text:
            return self.coops[0] if len(self.coops) == 1 else None
        return self.by_key.get(header_key(text))

    @property
    def names(self) -> str:
        return ", ".join(c.name for c in self.coops)


def build_preview(data: bytes, filename: str, encoding: str, cohort: Cohort) -> ImportPreview:
    """Read and check the whole file against the cohort; nothing is written.

    Raises ImportFileError when the file cannot be read at all.
    """
    course_no = course_number(cohort)
    rows, used = read_rows(data, filename, encoding, MAX_ROWS)
    preview = ImportPreview(filename=filename, encoding=used)
    header_index, mapping, ignored, header_errors = _find_header(rows)
    preview.ignored_columns = ignored
    if header_index < 0:
        preview.errors.append(_no_header_error(rows))
        preview.file_problem = True
        return preview
    header_line, header_values = rows[header_index]
    labels = {key: str(header_values[pos]).strip() for pos, key in mapping.items()}
    keys = set(mapping.values())
    errors = list(header_errors)

    def missing(key: str, th_extra: str = "", en_extra: str = "") -> None:
        col = COLUMN_BY_KEY[key]
        errors.append(RowError(header_line, col.th, msg(
            f"ไม่พบคอลัมน์ \"{col.th}\"{th_extra} — เพิ่มคอลัมน์นี้ (ดูแบบฟอร์ม)",
            f"Column \"{col.th}\" ({col.en}){en_extra} is missing — add it (see the template)")))

    if "_national_id" in keys:
        preview.has_id_numbers = True
        for pos, key in mapping.items():
            if key == "_national_id":
                errors.append(RowError(header_line, str(header_values[pos]), msg(
                    f"คอลัมน์ \"{header_values[pos]}\" เป็นเลขประจำตัวประชาชน ซึ่งระบบไม่เก็บ — ลบทั้งคอลัมน์ออกแล้วอัปโหลดใหม่",
                    f"Column \"{header_values[pos]}\" holds national ID numbers, which the portal never collects — "
                    "delete the whole column and upload again")))
    if "full_name" in keys and keys & {"first_name", "last_name"}:
        errors.append(RowError(header_line, labels["full_name"], msg(
            "ไฟล์มีทั้งคอลัมน์ \"ชื่อ-นามสกุล\" และ \"ชื่อ\"/\"นามสกุล\" — ใช้แบบใดแบบหนึ่ง ลบอีกแบบออก",
            "The file has both \"ชื่อ-นามสกุล\" and \"ชื่อ\"/\"นามสกุล\" columns — use one or the other, delete the rest")))
    elif "full_name" in keys:
        preview.full_name_variant = True
    else:
        for key in ("prefix", "first_name", "last_name"):
            if key not in keys:
                missing(key)
    if "role" not in keys:
        missing("role")
    if course_no == 2 and "member_group" not in keys:
        missing("member_group", " (หลักสูตรที่ 2)", " (course 2)")
    if course_no != 2 and "member_group" in keys:
        preview.ignored_columns.append(labels["member_group"])
    coops = _CoopLookup(linked_cooperatives(cohort))
    if not coops.coops:
        errors.append(RowError(header_line, "", msg(
            "รุ่นนี้ยังไม่มีสหกรณ์ — เพิ่มสหกรณ์ให้รุ่นก่อนนำเข้ารายชื่อ",
            "This cohort has no cooperative yet — add its cooperatives before importing the roster")))
    elif "cooperative" not in keys and len(coops.coops) > 1:
        missing("cooperative", " (รุ่นนี้มีหลายสหกรณ์)", " (this cohort has several cooperatives)")
    if errors:
        preview.errors = errors
        preview.file_problem = True
        return preview

    def label(key: str) -> str:
        return labels.get(key, COLUMN_BY_KEY[key].th if key in COLUMN_BY_KEY else "")

    row_errors: dict[int, list[RowError]] = defaultdict(list)
    candidates: list[tuple[int, ParsedTrainee | None]] = []
    for line, values in rows[header_index + 1:]:
        cells = {key: (values[pos] if pos < len(values) else None) for pos, key in mapping.items()}
        if any(cell_text(cells.get(k)).startswith(EXAMPLE_MARK) for k in ("cooperative", "first_name", "full_name")):
            preview.skipped_example_lines.append(line)
            continue
        preview.total_rows += 1
        errs = row_errors[line]
        # A 13-digit value anywhere in the row, mapped column or not, is refused.
        for pos, value in enumerate(values):
            if mapping.get(pos) == "_national_id":
                continue
            if rules.looks_like_national_id(value):
                header = header_values[pos] if pos < len(header_values) and not is_blank(header_values[pos]) \
                    else f"คอลัมน์ที่ {pos + 1}"
                errs.append(RowError(line, str(header), msg(
                    "มีตัวเลข 13 หลักคล้ายเลขประจำตัวประชาชน ซึ่งระบบไม่เก็บ — ลบออกจากไฟล์",
                    "A 13-digit number like a national ID number, which the portal never collects — remove it from the file")))
                preview.has_id_numbers = True
        parsed = _parse_row(line, cells, label, coops, course_no, preview.full_name_variant, errs)
        candidates.append((line, parsed))

    _check_duplicates(cohort, candidates, label, row_errors)
    for line, parsed in candidates:
        if row_errors.get(line):
            preview.errors.extend(row_errors[line])
        elif parsed is not None:
            preview.rows.append(parsed)
    if preview.total_rows == 0:
        preview.file_problem = True
        preview.errors.append(RowError(header_line, "", msg(
            "ไม่มีรายชื่อใต้แถวหัวตาราง — กรอกอย่างน้อยหนึ่งคน (แถวตัวอย่างไม่นับ)",
            "No names under the header row — fill in at least one person (the example row does not count)")))
    preview.errors.sort(key=lambda e: e.line)
    return preview


def _parse_row(line, cells, label, coops: _CoopLookup, course_no: int, full_name_variant: bool,
               errors: list[RowError]) -> ParsedTrainee | None:
    def err(key: str, message: BilingualMessage) -> None:
        errors.append(RowError(line, label(key), message))

    texts: dict[str, str] = {}
    for key in ("cooperative", "prefix", "first_name", "last_name", "full_name", "gender", "role", "position",
                "member_group", "age_band", "food_needs"):
        value = cells.get(key)
        if rules.looks_like_national_id(value):
            texts[key] = ""  # reported once for the row above
            continue
        text = cell_text(value)
        if looks_garbled(text):
            err(key, msg(
                f"ข้อความอ่านไม่ออก (\"{text[:30]}\") — ไฟล์ถูกบันทึกด้วยการเข้ารหัสอื่น: บันทึกใหม่เป็น \"CSV UTF-8\" หรือเลือกการเข้ารหัสให้ตรงกับไฟล์",
                f"Garbled text (\"{text[:30]}\") — the file was saved in another encoding: save it as \"CSV UTF-8\" or choose the matching encoding"))
            text = ""
        texts[key] = text

    coop = coops.find(texts["cooperative"])
    if coop is None and coops.coops:
        if texts["cooperative"]:
            err("cooperative", msg(
                f"สหกรณ์ \"{texts['cooperative']}\" ไม่ได้อยู่ในรุ่นนี้ — ใช้หนึ่งใน: {coops.names}",
                f"The cooperative \"{texts['cooperative']}\" is not in this cohort — use one of: {coops.names}"))
        else:
            err("cooperative", msg(
                f"ไม่ได้ระบุสหกรณ์ — ใช้หนึ่งใน: {coops.names}",
                f"No cooperative given — use one of: {coops.names}"))

    raw = {k: texts.get(k, "") for k in rules.FIELDS}
    name_columns = {"prefix": "prefix", "first_name": "first_name", "last_name": "last_name"}
    if full_name_variant:
        name_columns = {"prefix": "full_name", "first_name": "full_name", "last_name": "full_name"}
        full = texts["full_name"]
        column_prefix = texts.get("prefix", "")
        if not full:
            err("full_name", msg("ไม่ได้กรอกชื่อ-นามสกุล — กรอกเช่น นาย สมชาย ใจดี",
                                 "The full name is empty — fill it in, e.g. นาย สมชาย ใจดี"))
            return None
        try:
            prefix, first, last = split_full_name(full)
        except ValueError as exc:
            if "นามสกุล" in str(exc):
                err("full_name", msg(f"ไม่มีนามสกุลใน \"{full}\" — กรอกเป็น คำนำหน้า ชื่อ นามสกุล เช่น นาย สมชาย ใจดี",
                                     f"No surname in \"{full}\" — write prefix, first name and surname, e.g. นาย สมชาย ใจดี"))
            else:
                err("full_name", msg(f"ไม่มีชื่อใน \"{full}\" — กรอกเป็น คำนำหน้า ชื่อ นามสกุล",
                                     f"No first name in \"{full}\" — write prefix, first name and surname"))
            return None
        if not prefix and column_prefix:
            prefix = column_prefix
        elif prefix and column_prefix and normalize_text(column_prefix) != prefix:
            err("prefix", msg(f"คำนำหน้า \"{column_prefix}\" ไม่ตรงกับในชื่อเต็ม \"{prefix}\" — แก้ให้ตรงกัน",
                              f"The prefix \"{column_prefix}\" differs from the one in the full name \"{prefix}\" — make them agree"))
        if not prefix:
            err("full_name", msg(
                f"ไม่พบคำนำหน้าที่ระบบรู้จักใน \"{full}\" — ใช้แบบฟอร์มแยกคอลัมน์ คำนำหน้า ชื่อ นามสกุล แล้วระบุเพศ",
                f"No known prefix in \"{full}\" — use the template with separate prefix, first name and surname columns and give the gender"))
            return None
        raw.update(prefix=prefix, first_name=first, last_name=last)

    clean, problems = rules.check_trainee(raw, course_no)
    for problem in problems:
        key = name_columns.get(problem.field, problem.field) or ""
        err(key, problem)
    if clean is None or coop is None or errors:
        return None
    return ParsedTrainee(line, coop.id, coop.name, clean)


def _check_duplicates(cohort: Cohort, candidates, label, row_errors) -> None:
    """The same person twice in the file (every row of the group is reported), or already on the roster."""
    column = label("full_name") if label("full_name") and not label("last_name") else label("first_name")
    groups: dict[tuple[int, tuple[str, str]], list[ParsedTrainee]] = defaultdict(list)
    for _line, parsed in candidates:
        if parsed is not None:
            groups[(parsed.cooperative_id, parsed.trainee.key)].append(parsed)
    for group in groups.values():
        if len(group) < 2:
            continue
        for p in group:
            others = ", ".join(str(q.line) for q in group if q.line != p.line)
            row_errors[p.line].append(RowError(p.line, column, msg(
                f"{p.trainee.first_name} {p.trainee.last_name} ซ้ำกับแถวที่ {others} (สหกรณ์เดียวกัน) — เก็บไว้แถวเดียว",
                f"{p.trainee.first_name} {p.trainee.last_name} repeats line {others} (same cooperative) — keep one row")))
    existing: dict[tuple[int, tuple[str, str]], Trainee] = {}
    for t in Trainee.select().where(Trainee.cohort == cohort.id):
        existing.setdefault((t.cooperative_id, rules.name_key(t.first_name, t.last_name)), t)
    for (coop_id, key), group in groups.items():
        other = existing.get((coop_id, key))
        if other is None:
            continue
        for p in group:
            message = _duplicate_message(other, p.cooperative_name)
            row_errors[p.line].append(RowError(p.line, column, msg(
                message.th.replace("ถ้าเป็นคนเดียวกันให้แก้รายการเดิมแทน", "ลบแถวนี้ออก หรือแก้รายการเดิมในหน้ารายชื่อ"),
                message.en.replace("if it is the same person, edit that row instead",
                                   "remove this row, or edit the existing one on the roster page"))))


# --- writing ----------------------------------------------------------------------------------


def import_preview(cohort: Cohort, preview: ImportPreview, *, only_good: bool = False,
                   user_id: int | None = None) -> ImportResult:
    """Write a preview's good rows: all of a clean file, or only the good rows when asked. One transaction."""
    if preview.file_problem:
        raise ImportRefused(msg("ไฟล์นี้นำเข้าไม่ได้ — แก้ตามรายการแล้วอัปโหลดใหม่",
                                "This file cannot be imported — fix what is listed and upload it again"))
    if preview.errors and not only_good:
        raise ImportRefused(msg(
            f"ไฟล์มีแถวที่ผิด {len(preview.bad_lines)} แถว จึงยังไม่นำเข้า — แก้ไฟล์แล้วอัปโหลดใหม่ หรือเลือก \"นำเข้าเฉพาะแถวที่ถูกต้อง\"",
            f"The file has {len(preview.bad_lines)} bad rows, so nothing was imported — fix the file and upload it again, "
            "or choose \"import only the good rows\""))
    if not preview.rows:
        raise ImportRefused(msg("ไม่มีแถวที่ถูกต้องให้นำเข้า — แก้ไฟล์แล้วอัปโหลดใหม่",
                                "There are no good rows to import — fix the file and upload it again"))
    now = clock.naive_now()
    with write_transaction():
        _ensure_unlocked(cohort)
        rows = [{
            "cohort": cohort.id, "cooperative": p.cooperative_id, "prefix": p.trainee.prefix,
            "first_name": p.trainee.first_name, "last_name": p.trainee.last_name, "gender": p.trainee.gender,
            "role": p.trainee.role, "position": p.trainee.position, "member_group": p.trainee.member_group,
            "age_band": p.trainee.age_band, "food_needs": p.trainee.food_needs,
            "token": secrets.token_urlsafe(24), "source": "imported", "created_by": user_id, "created_at": now,
        } for p in preview.rows]
        for start in range(0, len(rows), 50):
            Trainee.insert_many(rows[start:start + 50]).execute()
    return ImportResult(rows_imported=len(rows), rows_skipped=len(preview.bad_lines))


def import_file(data: bytes, filename: str, encoding: str, cohort: Cohort, *, only_good: bool = False,
                expected_fingerprint: str | None = None, user_id: int | None = None) -> tuple[ImportPreview, ImportResult]:
    """Check the file again and import it in one write transaction.

    When the file now checks differently from the preview the user confirmed
    (the roster changed meanwhile), ImportRefused is raised and nothing is written.
    """
    with write_transaction():
        _ensure_unlocked(cohort)
        preview = build_preview(data, filename, encoding, cohort)
        if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
            raise ImportRefused(msg(
                "ผลการตรวจไฟล์เปลี่ยนไปจากที่แสดงก่อนหน้า (มีการแก้รายชื่อระหว่างนั้น) ยังไม่ได้นำเข้า — ตรวจผลใหม่แล้วยืนยันอีกครั้ง",
                "The file now checks differently than in the preview (the roster changed meanwhile); nothing was imported — "
                "review the new preview and confirm again"))
        return preview, import_preview(cohort, preview, only_good=only_good, user_id=user_id)


# --- the template -------------------------------------------------------------------------------


def _cohort_title(cohort: Cohort) -> str:
    return f"รุ่นที่ {cohort.number} หลักสูตร{cohort.course.name_th} ปีงบประมาณ {cohort.course.fiscal_year}"


def template_workbook(cohort: Cohort, variant: str = "split") -> bytes:
    """The XLSX staff fill in: Thai headers, one example row (skipped on import), a notes sheet.

    Every text cell goes through ``portal.exports.neutralise_cell``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    course_no = course_number(cohort)
    columns = template_columns(course_no, variant)
    roles = rules.course_roles(course_no)
    positions = rules.course_positions(course_no)
    coops = linked_cooperatives(cohort)

    wb = Workbook()
    ws = wb.active
    ws.title = "รายชื่อ"
    ws.append([neutralise_cell(c.th) for c in columns])
    example_role = roles[0]
    example = {
        "cooperative": f"{EXAMPLE_MARK} (ระบบจะข้ามแถวนี้ ลบหรือเขียนทับได้)",
        "prefix": "นาย", "first_name": "สมชาย", "last_name": "ใจดี", "full_name": "นาย สมชาย ใจดี",
        "gender": "ชาย", "role": TRAINEE_ROLES[example_role][0],
        "position": "ประธานกรรมการ" if course_no == 1 else "ประธานกลุ่ม",
        "member_group": "บ้านหนองบัว หมู่ 3", "age_band": AGE_BANDS["50_59"][0], "food_needs": "",
    }
    ws.append([neutralise_cell(example.get(c.key)) or None for c in columns])
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        ws.cell(row=1, column=index).font = bold
        width = 34 if column.key in ("cooperative", "full_name") else max(14, len(column.th) + 6)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"

    # Drop-down lists where the values are a short fixed list (Excel caps a list at 255 characters).
    lists = {
        "gender": [GENDERS[g][0] for g in GENDERS],
        "role": [TRAINEE_ROLES[r][0] for r in roles],
        "position": list(positions),
        "age_band": [AGE_BANDS[a][0] for a in AGE_BANDS],
    }
    for index, column in enumerate(columns, start=1):
        options = lists.get(column.key)
        if not options:
            continue
        formula = '"' + ",".join(options) + '"'
        if len(formula) > 255:
            continue
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        ws.add_data_validation(validation)

    notes = wb.create_sheet("คำอธิบาย")
    notes.append([neutralise_cell(x) for x in ("คอลัมน์", "Column", "คำอธิบาย", "Notes")])
    for column in columns:
        notes.append([neutralise_cell(x) for x in (column.th, column.en, column.note_th, column.note_en)])
    notes.append([])
    general = [
        (_cohort_title(cohort), f"Cohort {cohort.number}, {cohort.course.name_en}, fiscal year {cohort.course.fiscal_year}"),
        ("แถวที่ 2 ของแผ่นงาน \"รายชื่อ\" เป็นตัวอย่าง (ช่องสหกรณ์ขึ้นต้นด้วย \"ตัวอย่าง\") ระบบจะข้ามให้ ลบหรือเขียนทับได้",
         "Row 2 of the sheet \"รายชื่อ\" is an example (its cooperative starts with \"ตัวอย่าง\") and is skipped; delete or overwrite it"),
        ("หนึ่งแถวต่อหนึ่งคน ชื่อเดียวกันในสหกรณ์เดียวกันซ้ำไม่ได้", "One row per person; the same name twice in one cooperative is refused"),
        ("ห้ามใส่เลขประจำตัวประชาชน ระบบไม่เก็บ แถวที่มีตัวเลข 13 หลักจะไม่ถูกนำเข้า",
         "Never enter national ID numbers: the portal does not collect them, and a row with a 13-digit number is refused"),
        ("แบบชื่อเต็มช่องเดียว: ใช้คอลัมน์ \"ชื่อ-นามสกุล\" แทน คำนำหน้า ชื่อ นามสกุล เช่น \"นาย สมชาย ใจดี\" "
         "ระบบแยกคำนำหน้าที่รู้จัก (นาย นาง นางสาว ยศ ฯลฯ) ให้ ถ้าคำนำหน้าไม่เป็นที่รู้จัก ให้ใช้แบบแยกคอลัมน์",
         "Single-name variant: one column \"ชื่อ-นามสกุล\" instead of prefix, first name and surname, e.g. \"นาย สมชาย ใจดี\"; "
         "known prefixes (นาย, นาง, นางสาว, ranks…) are split off; for other prefixes use the separate columns"),
        ("เพศ: นาย = ชาย, นาง/นางสาว = หญิง ระบบกำหนดให้เอง คำนำหน้าอื่น (เช่น ดร. ว่าที่ ร.ต.) ต้องระบุเพศ",
         "Gender: นาย = male, นาง/นางสาว = female, set automatically; other prefixes (e.g. ดร., ว่าที่ ร.ต.) need the gender"),
        ("บันทึกเป็น .xlsx หรือ \"CSV UTF-8\" (CSV ธรรมดาของ Excel ภาษาไทยเป็น cp874 ระบบตรวจให้อัตโนมัติ หรือเลือกเองตอนอัปโหลด)",
         "Save as .xlsx or \"CSV UTF-8\" (plain CSV from Thai Excel is cp874: detected automatically, or choose it when uploading)"),
        ("ถ้ามีแถวผิด ระบบแสดงทุกแถวพร้อมเหตุผล และยังไม่นำเข้าจนกว่าไฟล์จะถูกต้อง หรือท่านเลือกนำเข้าเฉพาะแถวที่ถูกต้อง",
         "Bad rows are all listed with their reasons; nothing is imported until the file is clean, or until you choose to import only the good rows"),
        ("สหกรณ์ของรุ่นนี้: " + ", ".join(c.name for c in coops), "This cohort's cooperatives (see above)"),
        ("บทบาท: " + ", ".join(TRAINEE_ROLES[r][0] for r in roles), "Roles: " + ", ".join(TRAINEE_ROLES[r][1] for r in roles)),
        ("ตำแหน่ง: " + ", ".join(positions), "Positions (see the Thai list)"),
        ("ช่วงอายุ: " + ", ".join(AGE_BANDS[a][0] for a in AGE_BANDS), "Age bands: " + ", ".join(AGE_BANDS[a][1] for a in AGE_BANDS)),
    ]
    if course_no == 1:
        general.append(("กรรมการดำเนินการ: ประธานกรรมการ รองประธานกรรมการ เลขานุการ เหรัญญิก กรรมการ — "
                        "ผู้จัดการ ผู้ตรวจสอบกิจการ เจ้าหน้าที่ และสมาชิก เป็นผู้สังเกตการณ์",
                        "Board members hold a board seat; the manager, the internal inspector, staff and members are observers"))
    for th, en in general:
        notes.append([neutralise_cell(th), None, None, neutralise_cell(en)])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 60
    notes.column_dimensions["D"].width = 60
    for cell in notes[1]:
        cell.font = bold
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the download ---------------------------------------------------------------------------------


def roster_table(cohort: Cohort, roster: Roster, today: dt.date) -> Table:
    """The roster as one table (Thai headers, the import template's names), for XLSX or CSV."""
    course_no = course_number(cohort)
    columns = [ExportColumn("ลำดับ", "int", 7), ExportColumn("สหกรณ์", width=34), ExportColumn("คำนำหน้า"),
               ExportColumn("ชื่อ"), ExportColumn("นามสกุล"), ExportColumn("เพศ"), ExportColumn("บทบาท"),
               ExportColumn("ตำแหน่ง")]
    if course_no == 2:
        columns.append(ExportColumn("กลุ่มสมาชิก/หมู่บ้าน"))
    columns += [ExportColumn("ช่วงอายุ"), ExportColumn("อาหาร")]
    rows = []
    for number, t in enumerate(roster.trainees, start=1):
        row = [number, t.cooperative.name, t.prefix, t.first_name, t.last_name, GENDERS.get(t.gender, ("", ""))[0],
               TRAINEE_ROLES.get(t.role, (t.role, ""))[0], t.position]
        if course_no == 2:
            row.append(t.member_group)
        row += [AGE_BANDS.get(t.age_band, ("", ""))[0], t.food_needs]
        rows.append(row)
    place = f"{format_date(cohort.starts, 'long')} – {format_date(cohort.ends, 'long')} ณ {cohort.place}"
    return Table(
        title=f"รายชื่อผู้เข้ารับการอบรม {_cohort_title(cohort)}",
        subtitles=(cohort.centre.name_th, place),
        as_of=f"ข้อมูล ณ วันที่ {format_date(today, 'long')}",
        columns=columns, rows=rows, sheet_name="รายชื่อ",
    )


def gender_hint(prefix: str) -> str | None:
    """The gender a typed prefix gives (for the form's live hint), or None."""
    return gender_from_prefix(prefix) if normalize_text(prefix) else None
