"""The year setup in the database (portal.services.planning): create fresh, copy, change, refuse."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.kpis import CATALOGUE
from portal.domain.planning import PlanningError
from portal.domain.programme import SEED_COURSES, WORKSHOP
from portal.models import (
    Centre,
    CentreBudget,
    Course,
    CourseStep,
    Kpi,
    KpiTarget,
    Office,
    OfficeQuota,
    ProgrammeYear,
    Province,
)
from portal.services import planning as service


def _target(year, code, centre, province=None):
    kpi = Kpi.get((Kpi.year == year) & (Kpi.code == code))
    where = (KpiTarget.kpi == kpi) & (KpiTarget.centre == centre)
    where &= KpiTarget.province.is_null() if province is None else (KpiTarget.province == province)
    return KpiTarget.get(where).target


def _bangkok():
    return Province.get(Province.code == "10")


def test_a_fresh_year_has_the_seed_courses_moved_the_deadline_quota_kpis_and_every_target(app):
    year = service.create_year(2568)
    assert year.selection_deadline == dt.date(2024, 12, 15)  # 15 Dec 2567: the last day on time
    assert year.default_quota == 2 and year.workshop_recorded_at is None
    courses = service.year_courses(2568)
    assert [c.number for c, _s in courses] == [1, 2]
    (c1, steps1), (c2, steps2) = courses
    assert c1.name_th == SEED_COURSES[0]["name_th"] and c1.days == 2 and c1.people_per_cooperative == 20
    assert c2.people_per_cooperative == 28 and c2.cooperatives_per_province == 2
    assert [s.step_no for s in steps1] == [1, 2, 3, 4, 5] and len(steps2) == 3
    assert (steps1[0].starts, steps1[0].ends) == (dt.date(2024, 10, 25), dt.date(2024, 10, 26))
    assert steps1[1].ends == dt.date(2024, 12, 15)
    assert steps2[2].ends == dt.date(2025, 8, 31)
    kpis = service.kpis_of(year)
    assert [k.code for k in kpis] == [k.code for k in CATALOGUE]
    centres = Centre.select().count()
    provinces = Province.select().where(Province.centre.is_null(False)).count()
    assert KpiTarget.select().join(Kpi).where(Kpi.year == year).count() == len(CATALOGUE) * (centres + provinces)
    centre1 = Centre.get(Centre.number == 1)
    bangkok = _bangkok()
    assert bangkok.centre_id == centre1.id
    # Counts are per office: Bangkok's two area offices count twice; a centre is the sum of its provinces.
    assert _target(year, "coops_trained_c1", centre1, bangkok) == Decimal(4)
    pathum = Province.get(Province.code == "13")
    assert _target(year, "coops_trained_c1", centre1, pathum) == Decimal(2)
    offices_c1 = Office.select().join(Province).where(Province.centre == centre1).count()
    assert _target(year, "coops_trained_c1", centre1) == Decimal(2 * offices_c1)
    assert _target(year, "trainees_c2", centre1) == Decimal(56 * offices_c1)
    # Percentages are the same at every level.
    assert _target(year, "post_beats_pre", centre1) == Decimal(80)
    assert _target(year, "post_beats_pre", centre1, bangkok) == Decimal(80)


def test_a_year_that_exists_is_refused_and_nothing_changes(app):
    service.create_year(2568)
    before = (Course.select().count(), Kpi.select().count(), KpiTarget.select().count())
    with pytest.raises(PlanningError) as exc:
        service.create_year(2568)
    assert "ตั้งค่าไว้แล้ว" in exc.value.th and "already set up" in exc.value.en
    assert exc.value.field == "fiscal_year"
    with pytest.raises(PlanningError, match="ไม่ใช่ปีเดียวกับต้นฉบับ"):
        service.copy_year(2568, 2568)
    assert (Course.select().count(), Kpi.select().count(), KpiTarget.select().count()) == before
    service.create_year(2569)
    with pytest.raises(PlanningError, match="ปีงบประมาณ 2569 ตั้งค่าไว้แล้ว"):
        service.copy_year(2568, 2569)


def test_years_outside_2500_to_2700_are_refused(app):
    for bad in (2499, 2701):
        with pytest.raises(PlanningError, match="2500"):
            service.create_year(bad)
    service.create_year(2568)
    with pytest.raises(PlanningError, match="2700"):
        service.copy_year(2568, 2800)
    assert ProgrammeYear.select().count() == 1


def test_courses_a_demo_already_made_are_kept_not_doubled(app):
    Course.create(fiscal_year=2569, number=1, name_th="หลักสูตรที่ปรับแล้ว", name_en="Adjusted", days=3,
                  people_per_cooperative=25)
    service.create_year(2569)
    (c1, steps1), (c2, _steps2) = service.year_courses(2569)
    assert c1.name_th == "หลักสูตรที่ปรับแล้ว" and c1.days == 3 and len(steps1) == 5
    assert Course.select().where(Course.fiscal_year == 2569).count() == 2


def _full_year(admin) -> ProgrammeYear:
    year = service.create_year(2568)
    centre1 = Centre.get(Centre.number == 1)
    course1 = Course.get((Course.fiscal_year == 2568) & (Course.number == 1))
    area1 = Office.get(Office.code == "10-1")
    service.set_office_quotas(year, {area1.id: 3})
    service.set_budgets(year, {(centre1.id, course1.id): Decimal("456000.50")})
    kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "satisfaction_high"))
    service.set_targets(year, centre1, {(kpi.id, None): Decimal(85)})
    service.update_settings(year, dt.date(2024, 12, 20), 3)
    service.record_workshop(year, starts=WORKSHOP["starts"].replace(year=2024), ends=WORKSHOP["ends"].replace(year=2024),
                            place=WORKSHOP["place"], attendees=60, notes="ได้เป้าหมายแล้ว", by_user_id=admin.id)
    return ProgrammeYear.get_by_id(year.id)


@pytest.fixture
def admin(world):
    return world.users["bureau_admin"]


def test_copy_one_year_later_moves_every_date_and_carries_every_setting_but_the_workshop(app, admin):
    source = _full_year(admin)
    copy = service.copy_year(2568, 2569)
    assert copy.fiscal_year == 2569
    assert copy.selection_deadline == dt.date(2025, 12, 20) and copy.default_quota == 3
    assert copy.workshop_starts is None and copy.workshop_recorded_at is None and copy.workshop_place == ""
    old, new = service.year_courses(2568), service.year_courses(2569)
    assert [c.name_th for c, _ in new] == [c.name_th for c, _ in old]
    for (oc, osteps), (nc, nsteps) in zip(old, new):
        assert nc.id != oc.id and nc.days == oc.days
        assert [(s.step_no, s.name_th) for s in nsteps] == [(s.step_no, s.name_th) for s in osteps]
        for o, n in zip(osteps, nsteps):
            assert n.starts == o.starts.replace(year=o.starts.year + 1)
            assert n.ends == o.ends.replace(year=o.ends.year + 1)
    area1 = Office.get(Office.code == "10-1")
    assert copy.quota_for(area1.id) == 3
    assert copy.quota_for(Office.get(Office.code == "10-2").id) == 3  # the copied default
    budget = CentreBudget.get(CentreBudget.year == copy)
    assert budget.amount == Decimal("456000.50")
    assert budget.course.fiscal_year == 2569 and budget.course.number == 1
    centre1 = Centre.get(Centre.number == 1)
    assert _target(copy, "satisfaction_high", centre1) == Decimal(85)
    assert KpiTarget.select().join(Kpi).where(Kpi.year == copy).count() == \
        KpiTarget.select().join(Kpi).where(Kpi.year == source).count()
    # The source is untouched.
    assert ProgrammeYear.get_by_id(source.id).workshop_attendees == 60


def test_copy_backwards_and_refusals(app, admin):
    _full_year(admin)
    earlier = service.copy_year(2568, 2565)
    assert earlier.selection_deadline == dt.date(2021, 12, 20)
    with pytest.raises(PlanningError, match="ไม่พบปีงบประมาณ 2560"):
        service.copy_year(2560, 2570)
    with pytest.raises(PlanningError, match="already set up"):
        service.copy_year(2568, 2565)
    assert ProgrammeYear.select().count() == 3  # with the World's 2566


def test_changes_refuse_bad_values_and_write_nothing(app, admin):
    year = _full_year(admin)
    centre1 = Centre.get(Centre.number == 1)
    province = Province.get(Province.code == "13")
    kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "post_beats_pre"))
    count_kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "coops_trained_c1"))
    course1 = Course.get((Course.fiscal_year == 2568) & (Course.number == 1))
    area1 = Office.get(Office.code == "10-1")
    with pytest.raises(PlanningError, match="ไม่เกิน 100"):
        service.set_targets(year, centre1, {(count_kpi.id, province.id): Decimal(9), (kpi.id, province.id): Decimal(101)})
    assert _target(year, "coops_trained_c1", centre1, province) == Decimal(2)  # the good value was not written either
    with pytest.raises(PlanningError, match="ต้องไม่ติดลบ"):
        service.set_targets(year, centre1, {(count_kpi.id, province.id): Decimal(-1)})
    with pytest.raises(PlanningError, match="ต้องไม่ติดลบ"):
        service.set_office_quotas(year, {area1.id: -1})
    assert year.quota_for(area1.id) == 3
    with pytest.raises(PlanningError, match="งบประมาณต้องไม่ติดลบ"):
        service.set_budgets(year, {(centre1.id, course1.id): Decimal(-1)})
    assert CentreBudget.get(CentreBudget.year == year).amount == Decimal("456000.50")
    with pytest.raises(PlanningError, match="ต้องไม่ติดลบ"):
        service.update_settings(year, dt.date(2024, 12, 15), -1)
    with pytest.raises(PlanningError, match="ปีงบประมาณ 2568"):
        service.update_settings(year, dt.date(2025, 12, 15), 2)
    steps = {s.step_no: (s.starts, s.ends) for s in CourseStep.select().where(CourseStep.course == course1)}
    with pytest.raises(PlanningError) as exc:
        service.update_course(year, course1, name_th="x", name_en="x", days=2, people_per_cooperative=20,
                              cooperatives_per_province=2, steps={3: (dt.date(2025, 1, 10), dt.date(2025, 1, 9))})
    assert exc.value.field == "step_3_ends"
    assert Course.get_by_id(course1.id).name_th != "x"
    assert {s.step_no: (s.starts, s.ends) for s in CourseStep.select().where(CourseStep.course == course1)} == steps
    with pytest.raises(PlanningError, match="ต้องไม่ก่อนวันเริ่มต้น"):
        service.record_workshop(year, starts=dt.date(2024, 10, 26), ends=dt.date(2024, 10, 25), place="ที่ใดก็ได้",
                                attendees=None, notes="", by_user_id=admin.id)
    assert ProgrammeYear.get_by_id(year.id).workshop_ends == dt.date(2024, 10, 26)
    fresh = ProgrammeYear.get_by_id(year.id)
    assert fresh.selection_deadline == dt.date(2024, 12, 20) and fresh.default_quota == 3


def test_changes_that_pass_are_kept(app, admin):
    year = _full_year(admin)
    assert year.workshop_recorded_by_id == admin.id and year.workshop_recorded_at is not None
    course1 = Course.get((Course.fiscal_year == 2568) & (Course.number == 1))
    service.update_course(year, course1, name_th=" หลักสูตร  ใหม่ ", name_en="New", days=3, people_per_cooperative=18,
                          cooperatives_per_province=1, steps={2: (dt.date(2024, 11, 1), dt.date(2024, 12, 20))})
    course1 = Course.get_by_id(course1.id)
    assert (course1.name_th, course1.days, course1.people_per_cooperative) == ("หลักสูตร ใหม่", 3, 18)
    assert CourseStep.get((CourseStep.course == course1) & (CourseStep.step_no == 2)).ends == dt.date(2024, 12, 20)
    area1 = Office.get(Office.code == "10-1")
    service.set_office_quotas(year, {area1.id: None})
    assert year.quota_for(area1.id) == 3 and OfficeQuota.select().count() == 0
    kpi = Kpi.get((Kpi.year == year) & (Kpi.code == "coops_trained_c1"))
    service.set_kpi_defaults(year, {kpi.id: Decimal(3)}, reset_targets=True)
    centre1 = Centre.get(Centre.number == 1)
    assert _target(year, "coops_trained_c1", centre1, _bangkok()) == Decimal(6)
    table = service.budget_table(year)
    assert table.total == Decimal("456000.50") and len(table.rows) == Centre.select().count()


def test_reading_is_scoped_by_the_ids_given(app, world):
    year = service.create_year(2568)
    own = frozenset({world.centre.id})
    blocks = service.target_blocks(year, own)
    assert [b.centre.id for b in blocks] == [world.centre.id]
    assert {p.id for p, _t in blocks[0].provinces} == {p.id for p in Province.select().where(Province.centre == world.centre)}
    office_view = service.target_blocks(year, own, frozenset({world.province.id}), show_centre=False)
    assert [p.id for p, _t in office_view[0].provinces] == [world.province.id] and not office_view[0].show_centre
    rows = service.office_rows(year)
    codes = [r.office.code for r in rows]
    assert codes.index("10-1") + 1 == codes.index("10-2")  # each Bangkok area office its own row
    assert service.budget_table(year, own).rows[0][0].id == world.centre.id
    assert service.ensure_year(2568).id == year.id
