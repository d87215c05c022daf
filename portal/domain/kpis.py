"""The programme KPIs (ตัวชี้วัด) the bureau sets per fiscal year, and their default targets.

DOMAIN.md's list: target cooperatives trained (2 per province), trainees trained
against 20 / 28 per cooperative, the share of trainees whose post-test beats the
pre-test, satisfaction at least มาก, the share of cooperatives whose board
adopted the plan, the share at or above 65% after the project, and the share of
loss-making cooperatives whose accumulated loss fell.

Counts (cooperatives, people) have a default target *per office* (a province
with two Bangkok area offices counts twice); a centre's target is the sum of
its provinces'. Percent KPIs have the same target at every level.
No Flask, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["KpiSpec", "CATALOGUE", "BY_CODE", "UNITS", "COUNT_UNITS", "province_target", "centre_target",
           "percent_of_target"]


@dataclass(frozen=True)
class KpiSpec:
    code: str
    name_th: str
    name_en: str
    unit: str  # cooperatives | people | percent
    course: int | None
    default_target: Decimal  # per office for counts; the percentage itself for percents


UNITS: dict[str, tuple[str, str]] = {
    "cooperatives": ("แห่ง", "cooperatives"),
    "people": ("คน", "people"),
    "percent": ("ร้อยละ", "percent"),
}
COUNT_UNITS = frozenset({"cooperatives", "people"})

CATALOGUE: tuple[KpiSpec, ...] = (
    KpiSpec("coops_trained_c1", "จำนวนสหกรณ์เป้าหมายที่ได้รับการอบรมหลักสูตรพัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
            "Target cooperatives trained in course 1 (strong whole board)", "cooperatives", 1, Decimal(2)),
    KpiSpec("trainees_c1", "จำนวนผู้เข้ารับการอบรมหลักสูตรที่ 1 (สหกรณ์ละ 20 คน)",
            "Trainees trained in course 1 (20 per cooperative)", "people", 1, Decimal(40)),
    KpiSpec("coops_trained_c2", "จำนวนสหกรณ์เป้าหมายที่ได้รับการอบรมหลักสูตรพัฒนาสมาชิกสร้างการมีส่วนร่วม",
            "Target cooperatives trained in course 2 (member participation)", "cooperatives", 2, Decimal(2)),
    KpiSpec("trainees_c2", "จำนวนผู้เข้ารับการอบรมหลักสูตรที่ 2 (สหกรณ์ละ 28 คน)",
            "Trainees trained in course 2 (28 per cooperative)", "people", 2, Decimal(56)),
    KpiSpec("post_beats_pre", "ร้อยละของผู้เข้ารับการอบรมที่มีคะแนนทดสอบหลังการอบรมสูงกว่าก่อนการอบรม",
            "Share of trainees whose post-test score beats their pre-test", "percent", None, Decimal(80)),
    KpiSpec("satisfaction_high", "ร้อยละของผู้เข้ารับการอบรมที่มีความพึงพอใจในระดับมากขึ้นไป",
            "Share of trainees satisfied at the level 'much' (มาก) or above", "percent", None, Decimal(80)),
    KpiSpec("plans_adopted", "ร้อยละของสหกรณ์เป้าหมายที่คณะกรรมการดำเนินการรับรองแผนพัฒนาสหกรณ์",
            "Share of target cooperatives whose board adopted the development plan", "percent", 1, Decimal(100)),
    KpiSpec("participation_65", "ร้อยละของสหกรณ์เป้าหมายที่สมาชิกมีส่วนร่วมดำเนินธุรกิจกับสหกรณ์ไม่ต่ำกว่าร้อยละ 65 หลังสิ้นสุดโครงการ",
            "Share of target cooperatives with member participation at or above 65% after the project",
            "percent", 2, Decimal(50)),
    KpiSpec("loss_reduced", "ร้อยละของสหกรณ์เป้าหมายที่มีขาดทุนสะสมซึ่งขาดทุนสะสมลดลง",
            "Share of loss-making target cooperatives whose accumulated loss fell", "percent", 1, Decimal(50)),
)
BY_CODE: dict[str, KpiSpec] = {k.code: k for k in CATALOGUE}


def province_target(unit: str, default_target: Decimal, offices: int) -> Decimal:
    """A province's default target: per-office counts times its offices; percents unchanged."""
    if unit in COUNT_UNITS:
        return Decimal(default_target) * offices
    return Decimal(default_target)


def centre_target(unit: str, province_targets: list[Decimal], default_target: Decimal) -> Decimal:
    """A centre's target: the sum of its provinces' for counts; the percentage for percents."""
    if unit in COUNT_UNITS:
        return sum((Decimal(t) for t in province_targets), Decimal(0))
    return Decimal(default_target)


def percent_of_target(result: Decimal | int | None, target: Decimal | int | None) -> Decimal | None:
    """ร้อยละ = result ÷ target × 100, rounded half up to 2 decimals; None when either is missing or target is 0."""
    if result is None or target is None or Decimal(target) == 0:
        return None
    return (Decimal(result) * 100 / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
