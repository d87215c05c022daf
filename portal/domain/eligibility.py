"""Target-cooperative selection rule (Course 1, step 2 of the FY 2566 guideline).

A cooperative qualifies as a target candidate when, in the yearly record that
counts (the latest accounting year closed before the selection):

* it has an accumulated loss (ขาดทุนสะสม), and/or
* its strength level is 2 or 3 (ระดับชั้นความเข้มแข็ง ชั้น 2 / ชั้น 3) **and** its
  official member participation (members who did business ÷ members × 100) is
  below 65% (สมาชิกมีส่วนร่วมดำเนินธุรกิจกับสหกรณ์ต่ำกว่าร้อยละ 65), decided on the
  exact value (64.996 is below; 65 is not).

Plain values only: no Flask, no database. Functions accept the
:class:`YearlyFigures` dataclass or any object with the same attributes (e.g. a
model row).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

__all__ = [
    "THRESHOLD",
    "CANDIDATE_LEVELS",
    "QUOTA_PER_OFFICE",
    "BANGKOK_TZ",
    "BilingualMessage",
    "YearlyFigures",
    "participation_rate",
    "is_below_threshold",
    "record_participation_rate",
    "record_for_selection",
    "CLAUSE_ACCUMULATED_LOSS",
    "CLAUSE_LOW_PARTICIPATION",
    "CLAUSE_LABELS",
    "candidate_clauses",
    "is_target_candidate",
    "STATUS_NOT_STARTED",
    "STATUS_PROPOSED",
    "STATUS_SUBMITTED",
    "STATUS_LATE",
    "STATUS_LABELS",
    "local_date",
    "submitted_late",
    "selection_status",
    "SelectionError",
    "check_quota",
    "validate_yearly_figures",
]

THRESHOLD = Decimal(65)
CANDIDATE_LEVELS: frozenset[int] = frozenset({2, 3})
QUOTA_PER_OFFICE = 2
BANGKOK_TZ = timezone(timedelta(hours=7), "Asia/Bangkok")  # Thailand keeps no DST


class BilingualMessage(str):
    """A message that is a plain ``str`` ("Thai / English") and keeps its parts.

    ``.th`` and ``.en`` hold each language; ``.field`` the attribute concerned
    (or ``None``).
    """

    th: str
    en: str
    field: str | None

    def __new__(cls, th: str, en: str, field: str | None = None) -> "BilingualMessage":
        obj = super().__new__(cls, f"{th} / {en}")
        obj.th = th
        obj.en = en
        obj.field = field
        return obj

    def __reduce__(self):  # keep pickling/copying working for a str subclass with attributes
        return (BilingualMessage, (self.th, self.en, self.field))


@dataclass(frozen=True)
class YearlyFigures:
    """One cooperative's figures for one accounting year (ปีบัญชี).

    accounting_year is in the Buddhist Era (e.g. 2565). accumulated_profit_loss
    is negative for an accumulated loss. active_by_line maps business-line codes
    (business_lines.csv) to the members who did business in that line.
    """

    accounting_year: int
    closing_date: date | None
    members: int | None
    active_members: int | None
    accumulated_profit_loss: Decimal | None = None
    profit_this_year: Decimal | None = None
    strength_level: int | None = None
    active_by_line: Mapping[str, int] = field(default_factory=dict)

    @property
    def participation_rate(self) -> Decimal | None:
        return participation_rate(self.active_members, self.members)


# --- participation ------------------------------------------------------------


def participation_rate(active: int | None, members: int | None) -> Decimal | None:
    """Official participation rate = active ÷ members × 100, as an unrounded Decimal.

    None when members is 0 or None, or active is None. Computed with 50
    significant digits (active × 100 first), so comparisons with 65 are exact
    for any realistic membership.
    """
    if members is None or active is None or members == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return (Decimal(active) * 100) / Decimal(members)


def is_below_threshold(rate: Decimal | int | float | str | None, threshold: Decimal = THRESHOLD) -> bool:
    """True when the exact rate is strictly below the threshold (64.996 < 65; 65 is not).

    None (no members) is not below. Floats are converted via ``str`` so that
    ``64.996`` means 64.996, not its binary approximation.
    """
    if rate is None:
        return False
    if isinstance(rate, float):
        rate = Decimal(str(rate))
    return Decimal(rate) < Decimal(threshold)


def record_participation_rate(record: Any) -> Decimal | None:
    return participation_rate(getattr(record, "active_members", None), getattr(record, "members", None))


# --- which record counts ------------------------------------------------------


def record_for_selection(records: Iterable[Any], selection_date: date) -> Any | None:
    """The record of the latest accounting year whose closing date is strictly before
    ``selection_date``; None if there is none. Records without a closing date are ignored.
    """
    if isinstance(selection_date, datetime):
        selection_date = local_date(selection_date)
    best = None
    for r in records:
        closing = getattr(r, "closing_date", None)
        if closing is None:
            continue
        if isinstance(closing, datetime):
            closing = local_date(closing)
        if closing >= selection_date:
            continue
        key = (getattr(r, "accounting_year", 0) or 0, closing)
        if best is None or key > best[0]:
            best = (key, r)
    return None if best is None else best[1]


# --- the rule -------------------------------------------------------------------

CLAUSE_ACCUMULATED_LOSS = "accumulated_loss"
CLAUSE_LOW_PARTICIPATION = "low_participation"

CLAUSE_LABELS: dict[str, dict[str, str]] = {
    CLAUSE_ACCUMULATED_LOSS: {
        "th": "มีขาดทุนสะสม",
        "en": "Accumulated loss",
    },
    CLAUSE_LOW_PARTICIPATION: {
        "th": "ระดับชั้นความเข้มแข็ง ชั้น 2 หรือ ชั้น 3 และสมาชิกมีส่วนร่วมดำเนินธุรกิจกับสหกรณ์ต่ำกว่าร้อยละ 65",
        "en": "Strength level 2 or 3 and member participation in business below 65%",
    },
}


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def candidate_clauses(
    record: Any | None,
    threshold: Decimal = THRESHOLD,
    levels: Iterable[int] = CANDIDATE_LEVELS,
) -> list[str]:
    """Clause codes under which the record qualifies, in a fixed order
    (accumulated_loss, low_participation); empty when none or when record is None."""
    if record is None:
        return []
    clauses: list[str] = []
    loss = _as_decimal(getattr(record, "accumulated_profit_loss", None))
    if loss is not None and loss < 0:
        clauses.append(CLAUSE_ACCUMULATED_LOSS)
    level = getattr(record, "strength_level", None)
    if level is not None and int(level) in set(levels):
        if is_below_threshold(record_participation_rate(record), threshold):
            clauses.append(CLAUSE_LOW_PARTICIPATION)
    return clauses


def is_target_candidate(
    record: Any | None,
    threshold: Decimal = THRESHOLD,
    levels: Iterable[int] = CANDIDATE_LEVELS,
) -> bool:
    return bool(candidate_clauses(record, threshold, levels))


# --- deadline and status ------------------------------------------------------------

STATUS_NOT_STARTED = "not_started"
STATUS_PROPOSED = "proposed"
STATUS_SUBMITTED = "submitted"
STATUS_LATE = "late"

STATUS_LABELS: dict[str, dict[str, str]] = {
    STATUS_NOT_STARTED: {"th": "ยังไม่เริ่ม", "en": "Not started"},
    STATUS_PROPOSED: {"th": "เสนอแล้ว", "en": "Proposed"},
    STATUS_SUBMITTED: {"th": "ส่งแล้ว", "en": "Submitted"},
    STATUS_LATE: {"th": "ล่าช้า", "en": "Late"},
}


def local_date(moment: date | datetime) -> date:
    """The Thai calendar day of a date or datetime (aware datetimes converted to
    Asia/Bangkok, naive ones taken as Thai local time)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(BANGKOK_TZ)
        return moment.date()
    return moment


def submitted_late(submitted_at: date | datetime | None, deadline: date) -> bool:
    """True when submitted after the deadline day. ``deadline`` is the LAST day on time
    (FY 2566: 15 Dec 2565 = 2022-12-15, as the seed says "before 16 December")."""
    if submitted_at is None:
        return False
    return local_date(submitted_at) > deadline


def selection_status(
    proposed_count: int,
    submitted_at: date | datetime | None,
    deadline: date | None,
    today: date | datetime,
) -> str:
    """not_started | proposed | submitted | late.

    Submitted on or before the deadline: submitted; submitted after it: late
    (see :func:`submitted_late` to show "submitted, late"). Not submitted and
    today after the deadline: late. Otherwise proposed when anything is
    proposed, else not_started. No deadline set: never late.
    """
    if submitted_at is not None:
        if deadline is not None and submitted_late(submitted_at, deadline):
            return STATUS_LATE
        return STATUS_SUBMITTED
    if deadline is not None and local_date(today) > deadline:
        return STATUS_LATE
    return STATUS_PROPOSED if proposed_count > 0 else STATUS_NOT_STARTED


# --- quota -----------------------------------------------------------------------


class SelectionError(ValueError):
    """A refused selection action; ``str()`` is "Thai / English"; ``.th``, ``.en`` apart."""

    def __init__(self, th: str, en: str) -> None:
        self.th = th
        self.en = en
        self.message = BilingualMessage(th, en)
        super().__init__(str(self.message))


def check_quota(existing: int, quota: int = QUOTA_PER_OFFICE, adding: int = 1) -> None:
    """Raise SelectionError when ``existing + adding`` proposals exceed ``quota``
    (2 per provincial office; each Bangkok area office has its own)."""
    if quota < 0 or existing < 0 or adding < 0:
        raise ValueError("quota, existing and adding must not be negative")
    if existing + adding > quota:
        raise SelectionError(
            f"เสนอสหกรณ์เป้าหมายได้ไม่เกิน {quota} แห่งต่อสำนักงาน (เสนอแล้ว {existing} แห่ง) "
            "กรุณาถอนรายการเดิมก่อนเสนอเพิ่ม",
            f"At most {quota} target cooperatives per office ({existing} already proposed); "
            "withdraw one before proposing another.",
        )


# --- yearly figure validation -------------------------------------------------------


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _line_labels(code: str) -> tuple[str, str]:
    """Thai and English name of a business line code; the code itself when unknown."""
    from portal.reference import business_line_by_code  # plain CSV reference data

    try:
        line = business_line_by_code(code)
    except KeyError:
        return f" {code}", str(code)
    return line.name_th, line.name_en


def validate_yearly_figures(
    record: Any,
    active_by_line: Mapping[str, int] | None = None,
) -> list[BilingualMessage]:
    """Problems of one yearly record, Thai first then English (empty list = fine).

    Checks: closing date present; accounting year given (Buddhist Era);
    member counts not negative; active members not above members; each
    business line's active members neither negative nor above members;
    strength level in 1..4 when given. ``active_by_line`` defaults to the
    record's own ``active_by_line`` attribute.
    """
    problems: list[BilingualMessage] = []
    year = _int_or_none(getattr(record, "accounting_year", None))
    if year is None:
        problems.append(BilingualMessage("ไม่ได้ระบุปีบัญชี", "Accounting year missing", "accounting_year"))
    elif year < 2400:
        problems.append(
            BilingualMessage(
                f"ปีบัญชี {year} ต้องเป็นปีพุทธศักราช (เช่น {year + 543})",
                f"Accounting year {year} must be in the Buddhist Era (e.g. {year + 543})",
                "accounting_year",
            )
        )
    if getattr(record, "closing_date", None) is None:
        problems.append(
            BilingualMessage("ไม่ได้ระบุวันสิ้นปีบัญชี", "Closing date of the accounting year missing", "closing_date")
        )

    members = _int_or_none(getattr(record, "members", None))
    active = _int_or_none(getattr(record, "active_members", None))
    if members is not None and members < 0:
        problems.append(
            BilingualMessage(f"จำนวนสมาชิกติดลบ ({members})", f"Negative number of members ({members})", "members")
        )
    if active is not None and active < 0:
        problems.append(
            BilingualMessage(
                f"จำนวนสมาชิกที่ทำธุรกิจกับสหกรณ์ติดลบ ({active})",
                f"Negative number of members who did business ({active})",
                "active_members",
            )
        )
    if members is not None and active is not None and members >= 0 and active > members:
        problems.append(
            BilingualMessage(
                f"สมาชิกที่ทำธุรกิจกับสหกรณ์ ({active:,}) มากกว่าจำนวนสมาชิกทั้งหมด ({members:,})",
                f"Members who did business ({active:,}) exceed all members ({members:,})",
                "active_members",
            )
        )

    lines = active_by_line if active_by_line is not None else getattr(record, "active_by_line", None)
    for code, value in (lines or {}).items():
        label_th, label_en = _line_labels(code)
        count = _int_or_none(value)
        if count is None:
            continue
        if count < 0:
            problems.append(
                BilingualMessage(
                    f"ธุรกิจ{label_th}: จำนวนสมาชิกที่ทำธุรกิจติดลบ ({count})",
                    f"Business line {label_en}: negative number of members ({count})",
                    f"active_by_line.{code}",
                )
            )
        elif members is not None and members >= 0 and count > members:
            problems.append(
                BilingualMessage(
                    f"ธุรกิจ{label_th}: สมาชิกที่ทำธุรกิจ ({count:,}) มากกว่าจำนวนสมาชิกทั้งหมด ({members:,})",
                    f"Business line {label_en}: members who did business ({count:,}) exceed all members ({members:,})",
                    f"active_by_line.{code}",
                )
            )

    level = getattr(record, "strength_level", None)
    if level is not None and level != "":
        lv = _int_or_none(level)
        if lv is None or lv not in (1, 2, 3, 4) or (isinstance(level, float) and level != lv):
            problems.append(
                BilingualMessage(
                    f"ระดับชั้นความเข้มแข็งต้องเป็น 1 ถึง 4 (ได้ {level})",
                    f"Strength level must be 1 to 4 (got {level})",
                    "strength_level",
                )
            )
    return problems
