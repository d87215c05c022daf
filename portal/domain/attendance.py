"""Attendance of a cohort: its training days, who was trained, coverage of the board and the
course target per cooperative, and who may receive a certificate (วุฒิบัตร).

Plain Python (no Flask, no database): the service (portal.services.attendance)
loads the rows and passes plain values here.

Definitions (one place, the same for the page, the print and any report):

- **Training days** are every calendar day from the cohort's ``starts`` to its
  ``ends``, both included (the seed's trainings are consecutive days).
- A trainee is **present** on a day only when the sign-in record says so. A day
  with no record is *not recorded* on the screens, and counts as *not present*
  for the figures below (the sign-in sheet is the evidence; no signature, no day).
- **Trained** (ผ่านการอบรม): on the cohort's roster and present on **at least one**
  training day. People trained, board members trained and the split by gender
  count trained trainees.
- **Completed** (อบรมครบทุกวัน): present on **every** training day. Only they
  receive a certificate; everybody else is listed with the days they missed.
- **Board coverage** (ทั้งคณะ): board members (role ``board``) trained ÷ the
  cooperative's ``board_size``. "ครบทั้งคณะ" when trained ≥ board size. Unknown
  when the board size is not recorded (None or 0): no ratio is invented.
- **Target**: people trained ÷ the course's ``people_per_cooperative`` (20 for
  course 1, 28 for course 2 in FY 2566).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from portal.domain.thaidates import (
    BE_OFFSET,
    EN_MONTHS_LONG,
    EN_WEEKDAYS,
    TH_MONTHS_LONG,
    TH_WEEKDAYS,
    be_year,
)

__all__ = [
    "BOARD_ROLE",
    "TraineeFacts",
    "CooperativeCoverage",
    "CoverageTotals",
    "DayCount",
    "CertificateCheck",
    "training_days",
    "is_training_day",
    "parse_day",
    "parse_mark",
    "changed_marks",
    "is_trained",
    "is_complete",
    "missed_days",
    "percent",
    "cooperative_coverage",
    "coverage_totals",
    "day_counts",
    "certificate_checks",
    "certificate_numbers",
    "sheet_date",
    "date_span",
]

BOARD_ROLE = "board"
EN_DASH = "\u2013"


# --- days -----------------------------------------------------------------------------------


def training_days(starts: dt.date, ends: dt.date) -> list[dt.date]:
    """Every day from starts to ends, both included; [] when ends is before starts."""
    if ends < starts:
        return []
    return [starts + dt.timedelta(days=i) for i in range((ends - starts).days + 1)]


def is_training_day(day: dt.date, starts: dt.date, ends: dt.date) -> bool:
    return starts <= day <= ends


def parse_day(text: str | None) -> dt.date | None:
    """A day as written in URLs (ISO, YYYY-MM-DD, Common Era); None when it is not one."""
    if not text or len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_mark(value: str | None) -> bool | None:
    """A toggle's posted value: "1" present, "0" absent, "" or None nothing chosen.

    Anything else raises ValueError (a tampered form, not a person's typing).
    """
    if value is None:
        return None
    value = value.strip()
    if value == "":
        return None
    if value == "1":
        return True
    if value == "0":
        return False
    raise ValueError(f"not a mark: {value!r}")


def changed_marks(current: dict[int, bool], wanted: dict[int, bool | None]) -> dict[int, bool]:
    """The marks that differ from what is stored (None in ``wanted`` leaves a trainee as is).

    Only these are written, so "who recorded, when" stays with the person who
    actually decided each mark.
    """
    return {tid: mark for tid, mark in wanted.items() if mark is not None and current.get(tid) is not mark}


# --- trainees ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraineeFacts:
    """What the figures need to know about one trainee."""

    id: int
    cooperative_id: int
    role: str
    gender: str  # female | male
    present_days: frozenset[dt.date] = frozenset()
    absent_days: frozenset[dt.date] = frozenset()  # recorded absent (not merely unrecorded)


def is_trained(trainee: TraineeFacts, days: Sequence[dt.date]) -> bool:
    """Present on at least one training day."""
    return any(d in trainee.present_days for d in days)


def missed_days(trainee: TraineeFacts, days: Sequence[dt.date]) -> list[dt.date]:
    """Training days without a "present" record (recorded absent or not recorded), in order."""
    return [d for d in days if d not in trainee.present_days]


def is_complete(trainee: TraineeFacts, days: Sequence[dt.date]) -> bool:
    """Present on every training day (a cohort without days completes nobody)."""
    return bool(days) and not missed_days(trainee, days)


def percent(part: int, whole: int | None) -> Decimal | None:
    """part ÷ whole × 100, exact to 28 digits; None when whole is unknown or zero."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


# --- coverage per cooperative ---------------------------------------------------------------------


@dataclass(frozen=True)
class CooperativeCoverage:
    cooperative_id: int
    name: str
    board_size: int | None  # None or 0: not recorded
    target: int | None  # the course's people per cooperative
    roster: int  # trainees on the roster
    board_on_roster: int
    board_trained: int
    trained: int
    trained_women: int
    trained_men: int
    completed: int  # present every day
    board_applies: bool = True  # course 1 trains the board; course 2 trains group leaders

    @property
    def board_known(self) -> bool:
        return bool(self.board_size)

    @property
    def board_percent(self) -> Decimal | None:
        return percent(self.board_trained, self.board_size) if self.board_applies else None

    @property
    def whole_board(self) -> bool | None:
        """True: every board seat trained (ครบทั้งคณะ); None: not applicable or size unknown."""
        if not self.board_applies or not self.board_known:
            return None
        return self.board_trained >= self.board_size

    @property
    def board_over_size(self) -> bool:
        """More board members trained than the recorded board size: the size or the roster needs a look."""
        return self.board_applies and self.board_known and self.board_trained > self.board_size

    @property
    def target_percent(self) -> Decimal | None:
        return percent(self.trained, self.target)

    @property
    def target_met(self) -> bool | None:
        return None if not self.target else self.trained >= self.target


def cooperative_coverage(cooperative_id: int, name: str, board_size: int | None, target: int | None,
                         trainees: Iterable[TraineeFacts], days: Sequence[dt.date],
                         board_applies: bool = True) -> CooperativeCoverage:
    """Coverage of one cooperative from its trainees (other cooperatives' trainees are ignored)."""
    own = [t for t in trainees if t.cooperative_id == cooperative_id]
    trained = [t for t in own if is_trained(t, days)]
    return CooperativeCoverage(
        cooperative_id=cooperative_id,
        name=name,
        board_size=board_size,
        target=target,
        roster=len(own),
        board_on_roster=sum(1 for t in own if t.role == BOARD_ROLE),
        board_trained=sum(1 for t in trained if t.role == BOARD_ROLE),
        trained=len(trained),
        trained_women=sum(1 for t in trained if t.gender == "female"),
        trained_men=sum(1 for t in trained if t.gender == "male"),
        completed=sum(1 for t in own if is_complete(t, days)),
        board_applies=board_applies,
    )


@dataclass(frozen=True)
class CoverageTotals:
    """The totals row (รวม). Board figures add only cooperatives whose board size is known."""

    cooperatives: int
    roster: int
    trained: int
    trained_women: int
    trained_men: int
    completed: int
    target: int | None
    whole_boards: int  # cooperatives trained as a whole board
    board_known: int  # cooperatives with a known board size
    board_trained: int  # board members trained, in cooperatives with a known size
    board_size: int  # sum of known board sizes

    @property
    def target_percent(self) -> Decimal | None:
        return percent(self.trained, self.target)

    @property
    def board_percent(self) -> Decimal | None:
        return percent(self.board_trained, self.board_size)


def coverage_totals(rows: Sequence[CooperativeCoverage]) -> CoverageTotals:
    targets = [r.target for r in rows if r.target]
    known = [r for r in rows if r.board_applies and r.board_known]
    return CoverageTotals(
        cooperatives=len(rows),
        roster=sum(r.roster for r in rows),
        trained=sum(r.trained for r in rows),
        trained_women=sum(r.trained_women for r in rows),
        trained_men=sum(r.trained_men for r in rows),
        completed=sum(r.completed for r in rows),
        target=sum(targets) if targets else None,
        whole_boards=sum(1 for r in known if r.whole_board),
        board_known=len(known),
        board_trained=sum(r.board_trained for r in known),
        board_size=sum(r.board_size for r in known),
    )


# --- per day -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    number: int  # วันที่ 1, 2 … of the cohort
    present: int
    present_women: int
    present_men: int
    absent: int  # recorded absent
    unrecorded: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent

    @property
    def complete(self) -> bool:
        """Every trainee of the day has a mark."""
        return self.unrecorded == 0


def day_counts(days: Sequence[dt.date], trainees: Sequence[TraineeFacts]) -> list[DayCount]:
    out = []
    for number, day in enumerate(days, start=1):
        present = [t for t in trainees if day in t.present_days]
        absent = sum(1 for t in trainees if day in t.absent_days and day not in t.present_days)
        out.append(DayCount(
            day=day, number=number, present=len(present),
            present_women=sum(1 for t in present if t.gender == "female"),
            present_men=sum(1 for t in present if t.gender == "male"),
            absent=absent, unrecorded=len(trainees) - len(present) - absent,
        ))
    return out


# --- certificates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateCheck:
    trainee_id: int
    eligible: bool
    missed: tuple[dt.date, ...] = field(default_factory=tuple)


def certificate_checks(trainees: Iterable[TraineeFacts], days: Sequence[dt.date]) -> list[CertificateCheck]:
    """One check per trainee, in the order given: eligible when present on every training day."""
    out = []
    for t in trainees:
        missed = tuple(missed_days(t, days))
        out.append(CertificateCheck(t.id, bool(days) and not missed, missed))
    return out


# --- how dates are written on the sheet and the certificate -------------------------------------


def certificate_numbers(centre_number: int, fiscal_year: int, course_number: int, cohort_number: int,
                        trainee_ids: Iterable[int]) -> dict[int, str]:
    """A serial for each certificate: "ศ.1/2566/ห1-ร2/007" — centre, fiscal year, course, cohort, then the
    trainee's place in the roster *in the order names were entered* (ids), so a number never changes
    when someone else is added, renamed or misses a day. Every trainee of the cohort gets one, whether
    or not they earn the certificate, so numbers are not reused."""
    prefix = f"ศ.{centre_number}/{fiscal_year}/ห{course_number}-ร{cohort_number}"
    return {tid: f"{prefix}/{seq:03d}" for seq, tid in enumerate(sorted(trainee_ids), start=1)}


def sheet_date(day: dt.date, lang: str = "th") -> str:
    """"วันพุธที่ 11 มกราคม 2566" / "Wednesday 11 January 2023" (the sign-in sheet's heading)."""
    if lang == "th":
        return f"วัน{TH_WEEKDAYS[day.weekday()]}ที่ {day.day} {TH_MONTHS_LONG[day.month - 1]} {be_year(day)}"
    return f"{EN_WEEKDAYS[day.weekday()]} {day.day} {EN_MONTHS_LONG[day.month - 1]} {day.year}"


def date_span(starts: dt.date, ends: dt.date, lang: str = "th") -> str:
    """The training dates in words: "10–11 มกราคม 2566", "31 มกราคม – 1 กุมภาพันธ์ 2566",
    "30 ธันวาคม 2565 – 2 มกราคม 2566"; one day alone: "11 มกราคม 2566". English in CE."""
    months = TH_MONTHS_LONG if lang == "th" else EN_MONTHS_LONG

    def year(d: dt.date) -> int:
        return d.year + BE_OFFSET if lang == "th" else d.year

    if ends <= starts:
        return f"{starts.day} {months[starts.month - 1]} {year(starts)}"
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}{EN_DASH}{ends.day} {months[ends.month - 1]} {year(ends)}"
    if starts.year == ends.year:
        return f"{starts.day} {months[starts.month - 1]} {EN_DASH} {ends.day} {months[ends.month - 1]} {year(ends)}"
    return (f"{starts.day} {months[starts.month - 1]} {year(starts)} {EN_DASH} "
            f"{ends.day} {months[ends.month - 1]} {year(ends)}")
