"""portal.services.meetings and portal.services.analysis against a database."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.meetings import AttendeeRow
from portal.models import (
    AnalysisFile, Centre, CooperativeAnalysis, Kpi, KpiTarget, MeetingAttendee, MeetingKpi, Office, ProgrammeYear,
    Province, ProvinceMeeting, TargetProposal,
)
from portal.services import analysis, meetings

NOW = dt.datetime(2022, 12, 8, 16, 0)


def test_default_year_is_todays_fiscal_year_else_the_latest(world):
    assert meetings.default_year(dt.date(2023, 3, 15)).fiscal_year == 2566
    ProgrammeYear.create(fiscal_year=2565)
    assert meetings.default_year(dt.date(2020, 1, 1)).fiscal_year == 2566
    assert meetings.default_year(dt.date(2021, 12, 1)).fiscal_year == 2565


def test_centre_offices_are_the_centres_in_thai_order_and_narrow_to_a_scope(world):
    offices = meetings.centre_offices(world.centre.id)
    expected = Office.select().join(Province).where(Province.centre == world.centre).count()
    assert len(offices) == expected and world.other_office not in offices
    names = [o.province.name_th for o in offices]
    from portal.domain.thaitext import thai_sort_key
    assert names == sorted(names, key=thai_sort_key)
    assert meetings.centre_offices(world.centre.id, frozenset({world.office.id})) == [world.office]
    assert meetings.centre_offices(world.centre.id, frozenset()) == []


def test_office_statuses_and_the_bureau_overview(world):
    offices = meetings.centre_offices(world.centre.id)
    for day in (dt.date(2022, 12, 9), dt.date(2022, 12, 1)):
        ProvinceMeeting.create(year=world.year, centre=world.centre, office=world.office, held_on=day, place="ห้อง")
    statuses = {s.office.id: s for s in meetings.office_statuses(world.year, world.centre.id, offices)}
    assert statuses[world.office.id].met and statuses[world.office.id].first_met_on == dt.date(2022, 12, 1)
    assert sum(1 for s in statuses.values() if not s.met) == len(offices) - 1
    rows = {r.centre.id: r for r in meetings.centre_overview(world.year, list(Centre.select()))}
    assert (rows[world.centre.id].offices_met, rows[world.centre.id].meetings) == (1, 2)
    assert rows[world.centre.id].offices == len(offices)
    assert rows[world.other_centre.id].offices_met == 0


def test_prefilled_targets_use_the_provinces_kpi_target_else_the_default(world):
    a = Kpi.create(year=world.year, code="a", name_th="ก", name_en="A", unit="cooperatives", default_target=2)
    b = Kpi.create(year=world.year, code="b", name_th="ข", name_en="B", unit="percent", default_target=80)
    KpiTarget.create(kpi=a, centre=world.centre, province=world.province, target=4)
    KpiTarget.create(kpi=b, centre=world.centre, province=None, target=90)  # the centre's, not the province's
    assert meetings.prefilled_targets([a, b], world.centre.id, world.office) == {a.id: Decimal(4), b.id: Decimal(80)}
    assert [meetings.target_text(Decimal(x)) for x in ("2.00", "82.50", "0")] == ["2", "82.5", "0"]


def test_save_meeting_creates_and_an_edit_keeps_the_recorder(world):
    kpi = Kpi.create(year=world.year, code="a", name_th="ก", name_en="A", unit="cooperatives", default_target=2)
    data = meetings.MeetingInput(world.office.id, dt.date(2022, 12, 8), dt.time(9), dt.time(12), "ห้อง", "",
                                 [AttendeeRow.typed("นาย", "ก ข", "", "", "chair")], {kpi.id: (Decimal(2), "")})
    staff, director = world.users["centre_staff"], world.users["centre_director"]
    meeting = meetings.save_meeting(world.year, world.centre.id, data, staff, None, NOW)
    assert (meeting.recorded_by_id, meeting.recorded_at) == (staff.id, NOW)
    data.attendees = [AttendeeRow.typed("", "ค ง", "", "", "centre"), AttendeeRow.typed("", "จ ฉ", "", "", "other")]
    data.kpis = {}
    later = NOW + dt.timedelta(days=3)
    meeting = meetings.save_meeting(world.year, world.centre.id, data, director, meeting, later)
    assert (meeting.recorded_by_id, meeting.recorded_at, meeting.updated_at) == (staff.id, NOW, later)
    report = meetings.meeting_report(meeting)
    assert [a.full_name for a in report.attendees] == ["ค ง", "จ ฉ"]
    assert report.kpis == [] and report.recorder.id == staff.id
    meetings.delete_meeting(meeting)
    assert ProvinceMeeting.select().count() == MeetingAttendee.select().count() == MeetingKpi.select().count() == 0


def test_course_one_name_comes_from_the_years_course(world):
    assert meetings.course_one_name(2566) == world.course1.name_th
    assert meetings.course_one_name(2599) == "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ"


# --- analysis --------------------------------------------------------------------------------------


def test_targets_include_unsubmitted_lists_and_exclude_withdrawn_proposals(world):
    assert analysis.is_target(2566, world.coop.id)
    world.target_list.submitted_at = None
    world.target_list.save()
    assert analysis.is_target(2566, world.coop.id)
    TargetProposal.update(status="withdrawn").where(TargetProposal.id == world.proposal.id).execute()
    assert not analysis.is_target(2566, world.coop.id)
    assert not analysis.is_target(2567, world.other_coop.id)


def test_centre_targets_and_overview(world):
    rows = analysis.centre_targets(world.year, world.centre.id, None)
    assert [r.cooperative.id for r in rows] == [world.coop.id] and not rows[0].done
    assert analysis.centre_targets(world.year, world.centre.id, frozenset({world.other_office.id})) == []
    CooperativeAnalysis.create(year=world.year, cooperative=world.coop)
    assert analysis.centre_targets(world.year, world.centre.id, None)[0].done
    overview = {r.centre.id: (r.targets, r.done) for r in analysis.centre_overview(world.year, list(Centre.select()))}
    assert overview[world.centre.id] == (1, 1) and overview[world.other_centre.id] == (1, 0)


def test_secondary_data_newest_first_with_the_official_rate(world):
    rows, latest, loss = analysis.secondary_data(world.coop)
    assert latest.accounting_year == 2565 and loss
    assert rows[0].rate == Decimal(64) and rows[0].below


def test_save_analysis_refuses_a_non_target_and_writes_nothing(world):
    TargetProposal.update(status="withdrawn").execute()
    data = analysis.AnalysisInput({"annual_report": "x"}, None, None, ["ปัญหา"])
    with pytest.raises(analysis.NotATarget) as exc:
        analysis.save_analysis(world.year, world.coop, data, world.users["centre_staff"], NOW)
    assert exc.value.message.th.startswith("สหกรณ์นี้ไม่ใช่สหกรณ์เป้าหมายของปีงบประมาณ พ.ศ. 2566")
    assert CooperativeAnalysis.select().count() == 0


def test_loss_lines_are_left_alone_when_not_given(world):
    staff = world.users["centre_staff"]
    data = analysis.AnalysisInput({}, {1: (Decimal(5), "ก", "ข")}, "short", [])
    saved = analysis.save_analysis(world.year, world.coop, data, staff, NOW)
    analysis.save_analysis(world.year, world.coop, analysis.AnalysisInput({}, None, None, []), staff, NOW)
    view = analysis.analysis_of(world.year, world.coop)
    assert [row.loss for _line, row in view.loss_lines] == [Decimal(5)]
    assert view.analysis.plan_horizon == "short" and view.analysis.id == saved.id


def test_store_file_removes_the_bytes_when_the_row_fails(world, tmp_path, monkeypatch):
    tmp_path = tmp_path / "files"
    saved = analysis.save_analysis(world.year, world.coop, analysis.AnalysisInput({}, None, None, []),
                                   world.users["centre_staff"], NOW)
    row = analysis.store_file(tmp_path, saved, "other", "a.pdf", b"%PDF-1", world.users["centre_staff"], NOW)
    assert (tmp_path / row.stored_name).read_bytes() == b"%PDF-1"

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AnalysisFile, "create", fail)
    with pytest.raises(RuntimeError):
        analysis.store_file(tmp_path, saved, "other", "b.pdf", b"%PDF-2", world.users["centre_staff"], NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == [row.stored_name]
    analysis.delete_file(tmp_path, row)
    assert list(tmp_path.iterdir()) == []
