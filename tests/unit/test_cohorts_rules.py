"""The rules of a cohort: typed times and amounts, dates, the agenda, the budget and the moves."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain.cohorts import AGENDA_TEMPLATES, STATUSES
from portal.domain.cohorts_rules import (
    Allocation,
    BudgetEntry,
    CohortRuleError,
    SessionSlot,
    agenda_locked,
    agenda_totals,
    allocation_warnings,
    budget_totals,
    check_budget_entry,
    check_cohort_dates,
    check_daily_hours,
    check_move,
    check_session,
    cohort_days,
    days_note,
    default_speakers,
    minutes_of,
    next_status,
    parse_baht,
    parse_number,
    parse_time,
    planned_budget_locked,
    seed_agenda,
    shift_days,
    spent_budget_locked,
    swap_times,
)
from portal.domain.thaidates import format_duration

T = dt.time
D = dt.date


# --- typed values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("09.00", T(9, 0)), ("9.30", T(9, 30)), ("13:30", T(13, 30)), ("0930", T(9, 30)), ("9", T(9, 0)),
    ("๐๙.๓๐", T(9, 30)), ("16.30 น.", T(16, 30)), (" 8 . 15 ", T(8, 15)), ("23.59", T(23, 59)),
])
def test_times_are_read_as_thai_users_type_them(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "24.00", "9.60", "9.3", "nine", "12.30.00", "-1"])
def test_a_bad_time_is_refused_in_thai_and_english(text):
    with pytest.raises(ValueError) as info:
        parse_time(text)
    message = info.value.args[0]
    assert "เวลาไม่ถูกต้อง" in message.th and "Invalid time" in message.en


@pytest.mark.parametrize("text, expected", [
    ("45600", Decimal("45600.00")), ("45,600.00", Decimal("45600.00")), ("๑,๒๐๐ บาท", Decimal("1200.00")),
    ("0", Decimal("0.00")), ("-0", Decimal("0.00")), ("  ", None), (None, None), ("12.5", Decimal("12.50")),
])
def test_amounts_in_baht(text, expected):
    assert parse_baht(text) == expected


@pytest.mark.parametrize("text, words", [
    ("-1", "ติดลบไม่ได้"), ("-45,600", "ติดลบไม่ได้"), ("12.345", "ทศนิยม"), ("abc", "ต้องเป็นตัวเลข"),
    ("1e20", "ต้องเป็นตัวเลข"), ("1.5e3", "ต้องเป็นตัวเลข"), ("NaN", "ต้องเป็นตัวเลข"), ("99999999999999", "มากเกินไป"),
])
def test_negative_and_malformed_amounts_are_refused(text, words):
    with pytest.raises(ValueError) as info:
        parse_baht(text, "ค่าอาหาร", "Food")
    assert words in info.value.args[0].th
    assert info.value.args[0].en.startswith("Food")


def test_cohort_numbers():
    assert parse_number("2") == 2 and parse_number("๓") == 3 and parse_number("") is None
    for bad in ("0", "-1", "1.5", "1000", "x"):
        with pytest.raises(ValueError):
            parse_number(bad)


# --- dates and hours --------------------------------------------------------------------------------


def test_days_are_inclusive():
    assert cohort_days(D(2023, 1, 10), D(2023, 1, 11)) == [D(2023, 1, 10), D(2023, 1, 11)]
    assert cohort_days(D(2023, 1, 10), D(2023, 1, 10)) == [D(2023, 1, 10)]
    assert cohort_days(D(2023, 1, 11), D(2023, 1, 10)) == []


def test_an_end_before_the_start_is_refused_with_be_dates():
    [problem] = check_cohort_dates(D(2023, 1, 11), D(2023, 1, 10), 2566)
    assert problem.field == "ends"
    assert "10 ม.ค. 2566" in problem.th and "11 ม.ค. 2566" in problem.th
    assert "10 Jan 2023" in problem.en


def test_dates_outside_the_courses_fiscal_year_are_refused():
    assert check_cohort_dates(D(2022, 10, 1), D(2022, 10, 2), 2566) == []
    assert check_cohort_dates(D(2023, 9, 29), D(2023, 9, 30), 2566) == []
    [problem] = check_cohort_dates(D(2023, 10, 1), D(2023, 10, 2), 2566)  # typed 2566 for FY 2567
    assert "ปีงบประมาณ 2566" in problem.th
    [problem] = check_cohort_dates(D(2023, 9, 30), D(2023, 10, 1), 2566)
    assert problem.field == "ends"


def test_a_training_longer_than_two_weeks_is_a_typing_slip():
    [problem] = check_cohort_dates(D(2023, 1, 10), D(2023, 2, 10), None)
    assert "ปี พ.ศ." in problem.th


def test_the_courses_days_are_a_reminder_not_a_refusal():
    assert days_note(D(2023, 1, 10), D(2023, 1, 11), 2) is None
    note = days_note(D(2023, 1, 10), D(2023, 1, 10), 2)
    assert "1 วัน" in note.th and "2 วัน" in note.th


def test_daily_hours_both_or_neither_and_in_order():
    assert check_daily_hours(None, None) == []
    assert check_daily_hours(T(9), T(16, 30)) == []
    assert check_daily_hours(T(9), None)[0].field == "day_ends"
    assert check_daily_hours(None, T(9))[0].field == "day_starts"
    assert check_daily_hours(T(16, 30), T(9))[0].field == "day_ends"


# --- the agenda ----------------------------------------------------------------------------------------


def test_one_and_a_half_hours_is_ninety_minutes_not_one_point_three():
    assert minutes_of(T(13, 0), T(14, 30)) == 90
    assert format_duration(90) == "1 ชั่วโมง 30 นาที"
    slots = [SessionSlot(D(2023, 1, 10), T(13, 0), T(14, 30)), SessionSlot(D(2023, 1, 10), T(14, 30), T(16, 30)),
             SessionSlot(D(2023, 1, 11), T(9, 0), T(9, 45))]
    per_day, total = agenda_totals(slots)
    assert per_day == {D(2023, 1, 10): 210, D(2023, 1, 11): 45}
    assert total == 255 and format_duration(total) == "4 ชั่วโมง 15 นาที"


def test_a_session_outside_the_dates_is_refused():
    [problem] = check_session(SessionSlot(D(2023, 1, 12), T(9), T(10)), D(2023, 1, 10), D(2023, 1, 11))
    assert problem.field == "day" and "นอกวันอบรม" in problem.th and "outside" in problem.en


def test_a_session_ending_before_it_starts_is_refused():
    for ends in (T(9), T(8, 59)):
        [problem] = check_session(SessionSlot(D(2023, 1, 10), T(9), ends), D(2023, 1, 10), D(2023, 1, 11))
        assert problem.field == "ends"


def test_overlapping_sessions_on_the_same_day_are_refused_touching_ones_are_not():
    day = D(2023, 1, 10)
    others = [SessionSlot(day, T(9), T(10), id=1, title="บทบาทหน้าที่"),
              SessionSlot(D(2023, 1, 11), T(9), T(12), id=2, title="วันที่สอง")]
    assert check_session(SessionSlot(day, T(10), T(12)), day, D(2023, 1, 11), others) == []
    assert check_session(SessionSlot(day, T(8), T(9)), day, D(2023, 1, 11), others) == []
    [problem] = check_session(SessionSlot(day, T(9, 30), T(10, 30)), day, D(2023, 1, 11), others)
    assert "บทบาทหน้าที่" in problem.th and "09.00–10.00 น." in problem.th
    assert check_session(SessionSlot(day, T(8), T(12)), day, D(2023, 1, 11), others)  # encloses it
    # A session does not overlap itself when edited.
    assert check_session(SessionSlot(day, T(9), T(10, 30), id=1), day, D(2023, 1, 11), others) == []


def test_swapping_neighbours_keeps_lengths_gap_and_span():
    a = SessionSlot(D(2023, 1, 10), T(9), T(10))
    b = SessionSlot(D(2023, 1, 10), T(10), T(12))
    assert swap_times(a, b) == ((T(9), T(11)), (T(11), T(12)))
    # Across lunch: the gap moves with the pair, the afternoon still ends at 14.30.
    c = SessionSlot(D(2023, 1, 10), T(10), T(12))
    d = SessionSlot(D(2023, 1, 10), T(13), T(14, 30))
    assert swap_times(c, d) == ((T(10), T(11, 30)), (T(12, 30), T(14, 30)))


def test_speakers_by_kind_for_the_cohorts_cooperatives():
    speakers = default_speakers(1, ["สำนักงานสหกรณ์จังหวัดปทุมธานี", "สำนักงานสหกรณ์จังหวัดปทุมธานี"],
                                ["ปทุมธานี"], ["สหกรณ์การเกษตรคลองหลวง จำกัด"])
    assert speakers["centre_staff"] == "เจ้าหน้าที่ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"
    assert speakers["provincial_office"] == "สำนักงานสหกรณ์จังหวัดปทุมธานี"
    assert speakers["audit_office"] == "สำนักงานตรวจบัญชีสหกรณ์ปทุมธานี"
    assert "สหกรณ์การเกษตรคลองหลวง จำกัด" in speakers["coop_department"]
    assert default_speakers(2, [], [], [])["provincial_office"].endswith("ที่ 2")


def test_the_seed_agenda_lands_on_the_cohorts_days():
    speakers = default_speakers(1, ["สกจ."], ["ปทุมธานี"], ["สหกรณ์ ก จำกัด"])
    planned, left_out = seed_agenda(1, D(2023, 2, 7), D(2023, 2, 8), speakers)
    assert left_out == 0 and len(planned) == len(AGENDA_TEMPLATES[1])
    assert {p.day for p in planned} == {D(2023, 2, 7), D(2023, 2, 8)}
    audit = next(p for p in planned if p.topic == "audit")
    assert (audit.starts, audit.ends, audit.day) == (T(13), T(14, 30), D(2023, 2, 7))
    assert audit.speaker_name == "สำนักงานตรวจบัญชีสหกรณ์ปทุมธานี"
    per_day, _total = agenda_totals(SessionSlot(p.day, p.starts, p.ends) for p in planned)
    assert per_day[D(2023, 2, 7)] == 60 + 120 + 90 + 120  # the seed's day 1: 1 h, 2 h, 1 h 30 min, 2 h
    assert [p.sort_order for p in planned] == sorted(p.sort_order for p in planned)


def test_a_one_day_cohort_leaves_day_two_out_and_says_so():
    planned, left_out = seed_agenda(1, D(2023, 2, 7), D(2023, 2, 7), {})
    assert left_out == 2 and all(p.day == D(2023, 2, 7) for p in planned)
    assert seed_agenda(9, D(2023, 2, 7), D(2023, 2, 8), {}) == ([], 0)


def test_moving_the_dates_keeps_each_sessions_day_number():
    old = D(2023, 1, 10)
    assert shift_days([old, D(2023, 1, 11)], old, D(2023, 2, 7), D(2023, 2, 8)) == {
        old: D(2023, 2, 7), D(2023, 1, 11): D(2023, 2, 8)}
    with pytest.raises(CohortRuleError) as info:
        shift_days([D(2023, 1, 11)], old, D(2023, 2, 7), D(2023, 2, 7))  # shortened to one day
    assert "11 ม.ค. 2566" in info.value.problems[0].th


# --- the budget -----------------------------------------------------------------------------------------


def test_budget_totals_and_negative_lines():
    entries = [BudgetEntry("food", Decimal("12000"), Decimal("11500.50")), BudgetEntry("venue", Decimal("3000"), None),
               BudgetEntry("materials", None, Decimal("0"))]
    assert budget_totals(entries) == (Decimal("15000.00"), Decimal("11500.50"))
    assert budget_totals([BudgetEntry("food", Decimal("1"))]) == (Decimal("1.00"), None)
    [problem] = check_budget_entry(BudgetEntry("food", Decimal("-1")))
    assert problem.field == "planned_food" and "ติดลบไม่ได้" in problem.th
    assert check_budget_entry(BudgetEntry("fuel", Decimal("1")))[0].field == "category"


def test_over_the_allocation_is_a_warning_with_the_figures():
    allocation = Allocation(Decimal("50000"), others_planned=Decimal("30000"), others_spent=Decimal("10000"))
    assert allocation_warnings(allocation, Decimal("20000"), Decimal("40000")) == []  # exactly what is left
    warnings = allocation_warnings(allocation, Decimal("20000.01"), Decimal("40000.01"))
    assert [w.field for w in warnings] == ["planned", "spent"]
    assert "20,000.01 บาท" in warnings[0].th and "20,000.00 บาท" in warnings[0].th
    assert "45,600.00" not in warnings[0].th
    assert allocation_warnings(Allocation(None), Decimal("999999"), Decimal("999999")) == []


# --- the cohort's life --------------------------------------------------------------------------------------


def test_moves_go_one_step_forward_only():
    assert next_status("planned") == "pretest" and next_status("archived") is None
    assert check_move("planned", "pretest") is None
    assert check_move("pretest", "planned") is not None  # never back
    problem = check_move("planned", "training")  # never two steps
    assert "ทีละขั้น" in problem.th and "one step" in problem.en


@pytest.mark.parametrize("status", STATUSES)
def test_what_is_locked_when(status):
    closed_or_later = STATUSES.index(status) >= STATUSES.index("closed")
    assert agenda_locked(status) is closed_or_later
    assert planned_budget_locked(status) is closed_or_later
    assert spent_budget_locked(status) is (status == "archived")


@pytest.mark.parametrize("starts,ends,warned", [
    ((9, 0), (10, 0), False), ((8, 59), (10, 0), True), ((15, 0), (16, 30), False), ((15, 0), (16, 31), True),
])
def test_sessions_outside_the_daily_hours_are_flagged(starts, ends, warned):
    from portal.domain.cohorts_rules import outside_daily_hours

    assert outside_daily_hours(dt.time(*starts), dt.time(*ends), dt.time(9), dt.time(16, 30)) is warned
    assert outside_daily_hours(dt.time(*starts), dt.time(*ends), None, None) is False
