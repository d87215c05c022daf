"""KPI scorecards: every programme KPI as เป้าหมาย | ผล | ร้อยละ per province, centre and nation.

One function per KPI of ``portal.domain.kpis.CATALOGUE``, each computed exactly as
DOMAIN.md defines it over the target cooperatives of the scope
(``portal.services.outcomes.targets``), as the picture at the end of ``as_of``:

* ``coops_trained_c1`` / ``coops_trained_c2`` — target cooperatives of the fiscal year
  with a cohort of that course that has ended and is closed or later.
* ``trainees_c1`` / ``trainees_c2`` — trainees of those cohorts from the scope's target
  cooperatives who were **present at least one day** (attendance by ``as_of``).
* ``post_beats_pre`` — of the trainees with both tests (pairs, both courses), the share
  whose post-test score is higher than their pre-test (``analytics.learning_gain``'s
  ``n_improved`` ÷ ``n_pairs``).
* ``satisfaction_high`` — of the satisfaction answers (forms) of the trained cohorts
  of the scope, the share whose own mean over its five-level items bands at มาก or
  above (``analytics.band`` with the band scheme passed in). A cohort belongs to the
  scope when it trained one of the scope's target cooperatives.
* ``plans_adopted`` — of the course-1-trained targets, the share whose board adopted
  the fiscal year's development plan (``adopted_on`` by ``as_of``).
* ``participation_65`` — of the trained targets with an official yearly record of an
  accounting year closed after their training, the share at or above 65% on the exact
  rate (``analytics.at_or_above``).
* ``loss_reduced`` — of the trained targets with an accumulated loss at baseline and a
  record after the training, the share whose accumulated loss fell (reduced or
  cleared: ``analytics.loss_status(...).fell``).

Targets come from the bureau's ``KpiTarget`` rows (a province's row; a centre's for
percents; the catalogue's defaults via ``portal.domain.kpis`` where none is set); for
counts a centre's target is the sum of its provinces' and the nation's the sum of the
centres'. ร้อยละ is ``kpis.percent_of_target``. A percent KPI whose denominator is below
``analytics.MIN_SATISFACTION_N`` (5) is not sufficient and is shown "ข้อมูลไม่พอ".
No Flask here: the band scheme is a parameter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from portal import clock
from portal.domain import analytics, kpis
from portal.exports import Column, Table
from portal.models import Centre, DevelopmentPlan, Kpi, KpiTarget, Office, ProgrammeYear, Province
from portal.services import figures, outcomes

__all__ = ["ScoreRow", "Scorecard", "scorecard", "scorecard_table", "MIN_N", "satisfaction_values",
           "kpi_results", "KpiCount", "kpi_targets"]

MIN_N = analytics.MIN_SATISFACTION_N
#: items of the satisfaction forms that are self-assessments, not satisfaction
SELF_ASSESSMENT_ITEMS = frozenset({"knowledge_before", "knowledge_after"})


@dataclass
class ScoreRow:
    code: str
    name_th: str
    name_en: str
    unit: str
    target: Decimal | None
    result: Decimal | None
    percent: Decimal | None
    numerator: int | None
    denominator: int | None
    sufficient: bool


@dataclass
class Scorecard:
    fy: int
    level: str  # nation | centre | province
    name_th: str
    as_of: dt.date
    rows: list[ScoreRow]
    name_en: str = ""


@dataclass(frozen=True)
class KpiCount:
    """A KPI's result: a count (numerator only) or a share numerator ÷ denominator."""

    numerator: int
    denominator: int | None = None

    @property
    def result(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        return analytics.kpi_result(self.denominator, self.numerator)  # part ÷ whole × 100


def satisfaction_values(answers: dict) -> list[int]:
    """The five-level answers of one satisfaction form (sessions included, self-assessments left out)."""
    out: list[int] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, int) and not isinstance(value, bool) and key not in SELF_ASSESSMENT_ITEMS:
            if 1 <= value <= 5:
                out.append(value)

    walk(answers)
    return out


# --------------------------------------------------------------------------- one function per KPI

def _trained(fy, course_no, tcs, as_of):
    return outcomes.trained_cohorts(fy, course_no, [t.cooperative.id for t in tcs], as_of)


def kpi_coops_trained(fy: int, course_no: int, tcs, as_of: dt.date) -> KpiCount:
    trained = _trained(fy, course_no, tcs, as_of)
    return KpiCount(sum(1 for t in tcs if trained.get(t.cooperative.id)))


def kpi_trainees(fy: int, course_no: int, tcs, as_of: dt.date) -> KpiCount:
    trained = _trained(fy, course_no, tcs, as_of)
    cohort_ids = {c.id for cs in trained.values() for c in cs}
    present = outcomes.trainees_present(cohort_ids, [t.cooperative.id for t in tcs], as_of)
    return KpiCount(len(present))


def kpi_post_beats_pre(fy: int, tcs, as_of: dt.date) -> KpiCount:
    trained = _trained(fy, None, tcs, as_of)
    coop_ids = {t.cooperative.id for t in tcs}
    cohort_ids = sorted({c.id for cs in trained.values() for c in cs})
    improved = pairs = 0
    coop_of = outcomes.trainee_cooperatives(cohort_ids)
    for tp in figures.test_pairs(cohort_ids, until=outcomes.end_of(as_of)).values():
        mine = [(tp.pre[tid].score, tp.post[tid].score) for tid in tp.pre
                if tid in tp.post and coop_of.get(tid) in coop_ids]
        if not mine or not tp.max_score:
            continue
        gain = analytics.learning_gain(mine, tp.max_score)
        improved += gain.n_improved
        pairs += gain.n_pairs
    return KpiCount(improved, pairs)


def kpi_satisfaction_high(fy: int, tcs, as_of: dt.date, scheme: str) -> KpiCount:
    trained = _trained(fy, None, tcs, as_of)
    cohort_ids = sorted({c.id for cs in trained.values() for c in cs})
    high = n = 0
    for forms in figures.satisfaction_answers(cohort_ids, until=outcomes.end_of(as_of)).values():
        for answers in forms:
            values = satisfaction_values(answers)
            if not values:
                continue
            own = analytics.satisfaction_stats(values, min_n=1, scheme=scheme)
            n += 1
            high += own.band is not None and own.band.level >= 4
    return KpiCount(high, n)


def kpi_plans_adopted(fy: int, tcs, as_of: dt.date) -> KpiCount:
    trained = _trained(fy, 1, tcs, as_of)
    ids = [t.cooperative.id for t in tcs if trained.get(t.cooperative.id)]
    adopted = {p.cooperative_id for p in DevelopmentPlan.select(DevelopmentPlan.cooperative).where(
        DevelopmentPlan.cooperative.in_(ids or [0]), DevelopmentPlan.fiscal_year == fy,
        DevelopmentPlan.adopted_on.is_null(False), DevelopmentPlan.adopted_on <= as_of)}
    return KpiCount(len(adopted), len(ids))


def kpi_participation_65(fy: int, rows: list[outcomes.CoopParticipation]) -> KpiCount:
    known = [r for r in rows if r.at_or_above is not None]
    return KpiCount(sum(1 for r in known if r.at_or_above), len(known))


def kpi_loss_reduced(fy: int, rows: list[outcomes.CoopParticipation]) -> KpiCount:
    known = [r for r in rows if r.loss.applicable and r.loss.fell is not None]
    return KpiCount(sum(1 for r in known if r.loss.fell), len(known))


def kpi_results(fy: int, tcs, as_of: dt.date, scheme: str = analytics.DEFAULT_BAND_SCHEME,
                participation: list | None = None) -> dict[str, KpiCount]:
    """Every KPI's result over these target cooperatives."""
    if participation is None:
        trained = _trained(fy, None, tcs, as_of)
        participation = [outcomes.participation_of(t, fy, as_of, trained) for t in tcs]
    return {
        "coops_trained_c1": kpi_coops_trained(fy, 1, tcs, as_of),
        "trainees_c1": kpi_trainees(fy, 1, tcs, as_of),
        "coops_trained_c2": kpi_coops_trained(fy, 2, tcs, as_of),
        "trainees_c2": kpi_trainees(fy, 2, tcs, as_of),
        "post_beats_pre": kpi_post_beats_pre(fy, tcs, as_of),
        "satisfaction_high": kpi_satisfaction_high(fy, tcs, as_of, scheme),
        "plans_adopted": kpi_plans_adopted(fy, tcs, as_of),
        "participation_65": kpi_participation_65(fy, participation),
        "loss_reduced": kpi_loss_reduced(fy, participation),
    }


# --------------------------------------------------------------------------- targets

@dataclass(frozen=True)
class _KpiDef:
    code: str
    name_th: str
    name_en: str
    unit: str
    default: Decimal
    kpi_id: int | None


def _kpi_defs(fy: int) -> list[_KpiDef]:
    year = ProgrammeYear.of(fy)
    rows = {k.code: k for k in Kpi.select().where(Kpi.year == year.id)} if year else {}
    out = []
    for spec in kpis.CATALOGUE:
        row = rows.get(spec.code)
        out.append(_KpiDef(spec.code, row.name_th if row else spec.name_th, row.name_en if row else spec.name_en,
                           spec.unit, Decimal(row.default_target) if row else spec.default_target,
                           row.id if row else None))
    return out


def _office_counts(province_ids) -> dict[int, int]:
    counts: dict[int, int] = {}
    for o in Office.select(Office.province).where(Office.province.in_(sorted(province_ids) or [0])):
        counts[o.province_id] = counts.get(o.province_id, 0) + 1
    return counts


def _province_target(d: _KpiDef, set_rows: dict, province: Province, offices: dict[int, int]) -> Decimal:
    value = set_rows.get((province.centre_id, province.id))
    if value is not None:
        return Decimal(value)
    return kpis.province_target(d.unit, d.default, offices.get(province.id, 1))


def _centre_target(d: _KpiDef, set_rows: dict, centre_id: int, provinces: list[Province],
                   offices: dict[int, int]) -> Decimal:
    if d.unit in kpis.COUNT_UNITS:
        return kpis.centre_target(d.unit, [_province_target(d, set_rows, p, offices) for p in provinces], d.default)
    value = set_rows.get((centre_id, None))
    return Decimal(value) if value is not None else d.default


def kpi_targets(fy: int, *, centre=None, province=None) -> dict[str, Decimal]:
    """Each KPI's target at the level asked (province, centre or the nation)."""
    defs = _kpi_defs(fy)
    province_obj = None if province is None else (province if isinstance(province, Province)
                                                  else Province.get_by_id(province))
    centre_id = None if centre is None else (centre if isinstance(centre, int) else centre.id)
    if province_obj is not None:
        provinces = [province_obj]
    elif centre_id is not None:
        provinces = list(Province.select().where(Province.centre == centre_id))
    else:
        provinces = list(Province.select().where(Province.centre.is_null(False)))
    offices = _office_counts([p.id for p in provinces])
    out = {}
    for d in defs:
        set_rows = {}
        if d.kpi_id is not None:
            for row in KpiTarget.select().where(KpiTarget.kpi == d.kpi_id):
                set_rows[(row.centre_id, row.province_id)] = row.target
        if province_obj is not None:
            out[d.code] = _province_target(d, set_rows, province_obj, offices)
        elif centre_id is not None:
            out[d.code] = _centre_target(d, set_rows, centre_id, provinces, offices)
        elif d.unit in kpis.COUNT_UNITS:
            by_centre: dict[int, list[Province]] = {}
            for p in provinces:
                by_centre.setdefault(p.centre_id, []).append(p)
            out[d.code] = sum((_centre_target(d, set_rows, cid, ps, offices) for cid, ps in by_centre.items()),
                              Decimal(0))
        else:
            out[d.code] = d.default
    return out


# --------------------------------------------------------------------------- the scorecard

def scorecard(fy: int, *, centre=None, province=None, as_of: dt.date | None = None,
              scheme: str = analytics.DEFAULT_BAND_SCHEME, office_ids=None) -> Scorecard:
    """เป้าหมาย | ผล | ร้อยละ of every KPI for a province, a centre or (neither given) the nation."""
    as_of = as_of or clock.today()
    if province is not None:
        province = province if isinstance(province, Province) else Province.get_by_id(province)
        level, name_th, name_en = "province", f"จังหวัด{province.name_th}", province.name_en
    elif centre is not None:
        centre = centre if isinstance(centre, Centre) else Centre.get_by_id(centre)
        level, name_th, name_en = "centre", centre.name_th, centre.name_en
    else:
        level, name_th, name_en = "nation", "ทั้งประเทศ", "Whole country"
    tcs = outcomes.targets(fy, centre=centre, province=province, office_ids=office_ids, as_of=as_of)
    results = kpi_results(fy, tcs, as_of, scheme)
    targets_ = kpi_targets(fy, centre=centre, province=province)
    rows = []
    for d in _kpi_defs(fy):
        count = results[d.code]
        sufficient = count.denominator is None or count.denominator >= MIN_N
        result = count.result if sufficient else None
        target = targets_.get(d.code)
        rows.append(ScoreRow(d.code, d.name_th, d.name_en, d.unit, target, result,
                             kpis.percent_of_target(result, target), count.numerator, count.denominator,
                             sufficient))
    return Scorecard(fy, level, name_th, as_of, rows, name_en)


def scorecard_table(card: Scorecard, lang: str = "th") -> Table:
    """ตัวชี้วัด | หน่วย | เป้าหมาย | ผล | ร้อยละ, with "ข้อมูล ณ วันที่ …"; an insufficient result reads
    "ข้อมูลไม่พอ" (numbers stay numbers). Target and result are "number" columns: counts (cooperatives,
    people) are ints and print "10", percents stay Decimal and print "85.00"."""
    th = lang == "th"
    columns = [Column("ตัวชี้วัด" if th else "KPI", width=60), Column("หน่วย" if th else "Unit", width=10),
               Column("เป้าหมาย" if th else "Target", "number"), Column("ผล" if th else "Result", "number"),
               Column("ร้อยละ" if th else "Percent of target", "percent"),
               Column("จำนวนที่นับได้" if th else "Numerator", "int"),
               Column("จำนวนทั้งหมด" if th else "Denominator", "int")]
    body = []
    for r in card.rows:
        unit = kpis.UNITS[r.unit][0 if th else 1]
        if not r.sufficient:
            result = analytics.INSUFFICIENT_TH if th else analytics.INSUFFICIENT_EN
        elif r.result is None:
            result = None
        elif r.unit in kpis.COUNT_UNITS:
            result = int(r.result)
        else:
            result = analytics.round_half_up(r.result, 2)
        target = r.target
        if target is not None and r.unit in kpis.COUNT_UNITS and target == int(target):
            target = int(target)  # a count of cooperatives or people reads "10", a percent "80.00"
        body.append([r.name_th if th else r.name_en, unit, target, result, r.percent,
                     r.numerator if r.denominator is not None else None, r.denominator])
    title = (f"ผลการดำเนินงานตามตัวชี้วัด ปีงบประมาณ {card.fy}" if th else f"KPI scorecard, fiscal year {card.fy}")
    return Table(title=title, columns=columns, rows=body, subtitles=(card.name_th if th else card.name_en,),
                 as_of=outcomes.as_of_text(card.as_of, lang), sheet_name="ตัวชี้วัด" if th else "KPIs")
