"""Rules of development plans: BE months, plan and activity month ranges, carry-forward, the break-even
year, projection cells, board adoption and course 2's gate."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain import plans as rules
from portal.domain.plans import Readiness, YearTotal

D = dt.date


@pytest.mark.parametrize("text, month", [("03/2566", D(2023, 3, 1)), ("3/2566", D(2023, 3, 1)),
                                         (" 12/2565 ", D(2022, 12, 1)), ("01-2567", D(2024, 1, 1))])
def test_be_months_are_read(text, month):
    assert rules.parse_be_month(text) == month
    assert rules.format_be_month(month) == f"{month.month:02d}/{month.year + 543}"


@pytest.mark.parametrize("text", ["", "13/2566", "0/2566", "03/2023x", "2566", "03/23", "abc"])
def test_bad_months_are_refused(text):
    with pytest.raises(ValueError):
        rules.parse_be_month(text)


def test_a_month_box_says_what_to_type():
    problems = []
    assert rules.month_or_problem("2566", "starts", "เดือนเริ่ม", "start month", problems) is None
    assert problems[0].field == "starts" and "ดด/ปปปป" in problems[0].th and "MM/YYYY" in problems[0].en


@pytest.mark.parametrize("horizon, loss, starts, ends, fields", [
    (1, False, D(2023, 3, 1), D(2024, 2, 1), []),
    (3, True, D(2023, 3, 1), D(2026, 2, 1), []),
    (5, True, D(2023, 3, 1), D(2028, 2, 1), []),
    (3, False, D(2023, 3, 1), D(2024, 2, 1), ["horizon"]),   # 3 years only for a loss-making cooperative
    (1, True, D(2023, 3, 1), D(2024, 2, 1), ["horizon"]),    # a loss-making one needs 3 or 5
    (1, False, D(2023, 3, 1), D(2023, 2, 1), ["ends"]),      # last month before the first
    (1, False, D(2023, 3, 1), D(2024, 3, 1), ["ends"]),      # 13 months for a 1-year plan
    (3, True, D(2023, 3, 1), D(2026, 3, 1), ["ends"]),
])
def test_plan_months_fit_the_horizon(horizon, loss, starts, ends, fields):
    assert [p.field for p in rules.check_plan_months(starts, ends, horizon, loss)] == fields


@pytest.mark.parametrize("starts, ends, fields", [
    (D(2023, 4, 1), D(2023, 6, 1), []),
    (D(2023, 3, 1), D(2024, 2, 1), []),                 # the whole plan
    (D(2023, 5, 1), D(2023, 5, 1), []),                 # one month
    (D(2023, 6, 1), D(2023, 4, 1), ["ends"]),           # ends before it starts
    (D(2023, 2, 1), D(2023, 4, 1), ["starts"]),         # starts before the plan
    (D(2023, 4, 1), D(2024, 3, 1), ["ends"]),           # ends after the plan
    (D(2024, 4, 1), D(2024, 5, 1), ["starts", "ends"]),  # wholly after
])
def test_activities_lie_within_the_plan(starts, ends, fields):
    problems = rules.check_activity_months(starts, ends, D(2023, 3, 1), D(2024, 2, 1))
    assert [p.field for p in problems] == fields
    if fields:
        assert all(p.th and p.en for p in problems)


@pytest.mark.parametrize("starts, ends, fy, runs", [
    (D(2023, 3, 1), D(2023, 9, 1), 2566, True),
    (D(2023, 3, 1), D(2023, 9, 1), 2567, False),   # ended with September 2566
    (D(2023, 3, 1), D(2023, 10, 1), 2567, True),   # October 2566 is fiscal year 2567
    (D(2024, 9, 1), D(2024, 12, 1), 2567, True),
    (D(2024, 10, 1), D(2024, 12, 1), 2567, False),
])
def test_carry_forward_is_about_the_activities_months(starts, ends, fy, runs):
    assert rules.runs_in_fiscal_year(starts, ends, fy) is runs


def _totals(*pairs):
    return [YearTotal(2566 + i, Decimal(inc), Decimal(exp), 0) for i, (inc, exp) in enumerate(pairs)]


@pytest.mark.parametrize("pairs, year", [
    ([(100, 200), (150, 200), (190, 200)], None),     # never
    ([(300, 200), (150, 200), (400, 200)], 2566),     # the first year
    ([(100, 200), (200, 200), (201, 200)], 2568),     # later; equal is not break-even
    ([(200, 200), (200, 200), (200, 200)], None),     # equal every year
    ([], None),
])
def test_the_break_even_year(pairs, year):
    assert rules.break_even_year(_totals(*pairs)) == year


def test_year_totals_sum_the_lines_and_cover_every_year():
    rows = [(2566, Decimal("100.50"), Decimal(80), 10), (2566, Decimal(50), Decimal(90), None),
            (2568, Decimal(10), Decimal(5), 3), (2571, Decimal(1), Decimal(1), 1)]
    totals = rules.year_totals(rows, [2566, 2567, 2568])
    assert [(t.year, t.income, t.expenses, t.members) for t in totals] == [
        (2566, Decimal("150.50"), Decimal(170), 10), (2567, 0, 0, 0), (2568, 10, 5, 3)]
    assert totals[0].net == Decimal("-19.50")
    assert rules.break_even_year(totals) == 2568


@pytest.mark.parametrize("income, expenses, members, value, count", [
    ("1,000.5", "900", "12", (Decimal("1000.50"), Decimal("900.00"), 12), 0),
    ("", "", "", None, 0),
    ("100", "", "", (Decimal("100.00"), Decimal("0.00"), None), 0),
    ("100", "50", "-1", (Decimal("100.00"), Decimal("50.00"), -1), 1),   # negative members
    ("-5", "50", "", None, 1),
    ("abc", "50", "2.5", None, 2),
])
def test_projection_cells(income, expenses, members, value, count):
    problems, got = rules.check_projection_cell("ปี 2566 สินเชื่อ", "2566 credit", "cell", income, expenses, members)
    assert len(problems) == count
    if value is not None:
        assert got == value


@pytest.mark.parametrize("meeting, day, fields", [
    ("3/2566", D(2023, 3, 10), []),
    (" 12 / 2566 ", D(2023, 3, 15), []),
    ("ครั้งที่สาม", D(2023, 3, 10), ["meeting_no"]),
    ("3/2566", D(2023, 3, 16), ["adopted_on"]),   # after today
])
def test_adoption(meeting, day, fields):
    assert [p.field for p in rules.check_adoption(meeting, day, D(2023, 3, 1), D(2023, 3, 15))] == fields
    assert rules.normal_meeting_no(" 03 / 2566") == "3/2566"


@pytest.mark.parametrize("statuses, has_plan, adopted, words", [
    ((), False, False, "ยังไม่ได้อบรมหลักสูตรที่ 1"),
    (("planned",), True, True, "ยังอบรมหลักสูตรที่ 1 ไม่เสร็จ"),
    (("posttest",), True, True, "ปิดการอบรม"),
    (("closed",), False, False, "ยังไม่ได้บันทึกแผนพัฒนา"),
    (("followup",), True, False, "ยังไม่ผ่านการรับรอง"),
    (("archived",), True, True, None),
    (("closed",), True, True, None),
    (("planned", "followup"), True, True, None),   # one course-1 cohort done is enough
])
def test_the_course_two_gate(statuses, has_plan, adopted, words):
    problems = rules.course_two_problems(Readiness("สหกรณ์ทดสอบ จำกัด", statuses, has_plan, adopted), 2566)
    if words is None:
        assert problems == []
    else:
        [problem] = problems
        assert words in problem.th and "สหกรณ์ทดสอบ จำกัด" in problem.th and problem.en
        assert problem.field == "cooperatives"


def test_channels_keep_the_catalogue_order():
    assert rules.parse_channels(["visit", "nonsense", "meeting"]) == ("meeting", "visit")
