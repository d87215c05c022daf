"""The year-setup rules (portal.domain.planning): years, shifted dates, quotas, budgets, targets, ranges."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain import planning as rules
from portal.domain.planning import PlanningError
from portal.domain.programme import SEED_COURSES


def test_fiscal_years_are_buddhist_era_between_2500_and_2700():
    assert rules.parse_fiscal_year("2567") == 2567
    assert rules.parse_fiscal_year(" ๒๕๖๗ ") == 2567
    assert rules.parse_fiscal_year("พ.ศ. 2568") == 2568
    assert rules.parse_fiscal_year(2500) == 2500 and rules.parse_fiscal_year(2700) == 2700
    for bad in ("2499", "2701", "3000"):
        with pytest.raises(PlanningError) as exc:
            rules.parse_fiscal_year(bad)
        assert "2500" in exc.value.th and "2700" in exc.value.en and exc.value.field == "fiscal_year"
    with pytest.raises(PlanningError) as exc:
        rules.parse_fiscal_year("2024")
    assert "ค.ศ." in exc.value.th and "2567" in exc.value.th
    with pytest.raises(PlanningError, match="กรุณากรอก"):
        rules.parse_fiscal_year("")
    with pytest.raises(PlanningError, match="4 หลัก"):
        rules.parse_fiscal_year("ปีหน้า")


def test_shifting_keeps_the_day_and_turns_29_february_into_28():
    assert rules.shift_date(dt.date(2022, 12, 15), 1) == dt.date(2023, 12, 15)
    assert rules.shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert rules.shift_date(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert rules.shift_date(dt.date(2023, 1, 1), -2) == dt.date(2021, 1, 1)
    assert rules.shift_date(None, 3) is None


def test_the_seed_courses_move_by_whole_years_and_keep_names_days_and_people():
    same = rules.seed_courses_for(2566)
    later = rules.seed_courses_for(2568)
    assert [c["number"] for c in later] == [1, 2]
    for seed, moved, original in zip(SEED_COURSES, later, same):
        assert moved["name_th"] == seed["name_th"] and moved["days"] == seed["days"]
        assert moved["people_per_cooperative"] == seed["people_per_cooperative"]
        for step, seed_step in zip(moved["steps"], seed["steps"]):
            assert step["name_th"] == seed_step[1]
            assert step["starts"] == seed_step[3].replace(year=seed_step[3].year + 2)
        assert original["steps"][0]["starts"] == seed["steps"][0][3]
    assert rules.seed_deadline_for(2566) == dt.date(2022, 12, 15)  # the last day on time
    assert rules.seed_deadline_for(2567) == dt.date(2023, 12, 15)


def test_quota_budget_and_targets_refuse_what_cannot_be():
    assert rules.parse_whole("1,2", "โควตา", "The quota") == 12
    assert rules.parse_whole("", "โควตา", "The quota") is None
    with pytest.raises(PlanningError, match="ต้องไม่ติดลบ"):
        rules.parse_whole("-1", "โควตา", "The quota")
    with pytest.raises(PlanningError, match="จำนวนเต็ม"):
        rules.parse_whole("1.5", "โควตา", "The quota")
    with pytest.raises(PlanningError, match="at least 1"):
        rules.parse_whole("0", "จำนวนวันอบรม", "Training days", minimum=1)
    with pytest.raises(PlanningError) as exc:
        rules.check_quota(-2)
    assert exc.value.en == "The quota must not be negative (got -2)"

    assert rules.parse_baht("150,000") == Decimal("150000.00")
    assert rules.parse_baht("๑๒๓.๔๕๖ บาท") == Decimal("123.46")
    assert rules.parse_baht(" ") is None
    with pytest.raises(PlanningError) as exc:
        rules.parse_baht("-5", "b-1-2")
    assert exc.value.field == "b-1-2" and "งบประมาณต้องไม่ติดลบ" in exc.value.th
    with pytest.raises(PlanningError, match="must be a number"):
        rules.parse_baht("หนึ่งแสน")

    assert rules.parse_target("80", "percent") == Decimal("80.00")
    assert rules.parse_target("ร้อยละ 75.5", "percent") == Decimal("75.50")
    assert rules.parse_target("100%", "percent") == Decimal("100.00")
    assert rules.parse_target("4", "cooperatives") == Decimal("4.00")
    with pytest.raises(PlanningError) as exc:
        rules.parse_target("100.01", "percent")
    assert "ไม่เกิน 100" in exc.value.th and "at most 100" in exc.value.en
    with pytest.raises(PlanningError, match="ต้องไม่ติดลบ"):
        rules.parse_target("-1", "people")
    with pytest.raises(PlanningError, match="จำนวนเต็ม"):
        rules.parse_target("2.5", "cooperatives")
    assert rules.check_target("people", Decimal(120)) == Decimal("120.00")  # counts may pass 100


def test_windows_and_the_deadline():
    rules.check_window(dt.date(2022, 10, 25), dt.date(2022, 10, 25))
    rules.check_window(None, dt.date(2022, 10, 25))
    with pytest.raises(PlanningError) as exc:
        rules.check_window(dt.date(2022, 10, 26), dt.date(2022, 10, 25), "step_1_ends")
    assert exc.value.field == "step_1_ends"
    assert "25 ต.ค. 2565" in exc.value.th and "must not be before" in exc.value.en
    rules.check_deadline(2566, dt.date(2022, 12, 15))
    rules.check_deadline(2566, None)
    with pytest.raises(PlanningError, match="ปีงบประมาณ 2566"):
        rules.check_deadline(2566, dt.date(2023, 12, 15))


def test_course_values_name_every_missing_or_impossible_field():
    assert rules.check_course_values("หลักสูตร", "Course", 2, 20, 2) == []
    fields = [e.field for e in rules.check_course_values(" ", "", 0, None, 1)]
    assert fields == ["name_th", "name_en", "days", "people_per_cooperative"]


def test_targets_and_ranges_read_as_people_write_them():
    assert rules.format_target(Decimal("2.00")) == "2"
    assert rules.format_target(Decimal("75.50")) == "75.50"
    assert rules.format_target(Decimal("1200")) == "1,200"
    assert rules.format_target(None) == "–"
    d = dt.date
    assert rules.format_date_range(d(2022, 10, 25), d(2022, 10, 26)) == "25–26 ต.ค. 2565"
    assert rules.format_date_range(d(2022, 10, 25), d(2022, 10, 26), "en") == "25–26 Oct 2022"
    assert rules.format_date_range(d(2022, 10, 30), d(2022, 11, 2)) == "30 ต.ค. – 2 พ.ย. 2565"
    assert rules.format_date_range(d(2022, 12, 30), d(2023, 1, 2)) == "30 ธ.ค. 2565 – 2 ม.ค. 2566"
    assert rules.format_date_range(d(2022, 10, 25), d(2022, 10, 25)) == "25 ต.ค. 2565"
    assert rules.format_date_range(None, None) == ""


def test_a_target_reads_with_its_unit_the_thai_way():
    assert rules.format_target_with_unit(Decimal(80), "percent") == "ร้อยละ 80"
    assert rules.format_target_with_unit(Decimal(2), "cooperatives") == "2 แห่ง"
    assert rules.format_target_with_unit(Decimal(40), "people", "en") == "40 people"
    assert rules.format_target_with_unit(Decimal(80), "percent", "en") == "80 percent"
    assert rules.format_target_with_unit(None, "percent") == "–"
