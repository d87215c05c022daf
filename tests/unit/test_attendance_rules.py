"""The attendance rules: training days, "trained", coverage of the board and the target, per-day counts,
certificate eligibility, and how dates are written on the sheet and the certificate."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.domain import attendance as rules
from portal.domain.attendance import TraineeFacts

D1, D2, D3 = dt.date(2023, 1, 10), dt.date(2023, 1, 11), dt.date(2023, 1, 12)
DAYS = [D1, D2]


def person(tid, *, present=(), absent=(), role="board", gender="female", coop=1):
    return TraineeFacts(tid, coop, role, gender, frozenset(present), frozenset(absent))


# --- days ----------------------------------------------------------------------------------------


def test_training_days_are_every_day_from_start_to_end_inclusive():
    assert rules.training_days(D1, D2) == [D1, D2]
    assert rules.training_days(D1, D1) == [D1]
    assert rules.training_days(dt.date(2022, 12, 31), dt.date(2023, 1, 1)) == [dt.date(2022, 12, 31), dt.date(2023, 1, 1)]
    assert rules.training_days(D2, D1) == []


def test_a_training_day_lies_within_the_cohorts_dates():
    assert rules.is_training_day(D1, D1, D2) and rules.is_training_day(D2, D1, D2)
    assert not rules.is_training_day(D3, D1, D2)
    assert not rules.is_training_day(dt.date(2023, 1, 9), D1, D2)


@pytest.mark.parametrize("text, expected", [
    ("2023-01-10", D1), ("2023-02-30", None), ("10/01/2566", None), ("", None), (None, None), ("2023-1-10", None),
])
def test_days_in_urls_are_iso_dates(text, expected):
    assert rules.parse_day(text) == expected


def test_marks_are_one_zero_or_nothing_and_anything_else_is_refused():
    assert rules.parse_mark("1") is True
    assert rules.parse_mark("0") is False
    assert rules.parse_mark("") is None and rules.parse_mark(None) is None
    with pytest.raises(ValueError):
        rules.parse_mark("yes")


def test_only_changed_marks_are_written_so_the_recorder_stays_with_the_decision():
    current = {1: True, 2: False}
    assert rules.changed_marks(current, {1: True, 2: True, 3: False, 4: None}) == {2: True, 3: False}
    assert rules.changed_marks({}, {5: None}) == {}


# --- trained, complete, missed ------------------------------------------------------------------------


def test_trained_means_present_at_least_one_day():
    assert rules.is_trained(person(1, present=[D2]), DAYS)
    assert not rules.is_trained(person(2, absent=[D1, D2]), DAYS)
    assert not rules.is_trained(person(3), DAYS)  # no attendance rows at all
    # Present on a day outside the cohort's days does not count.
    assert not rules.is_trained(person(4, present=[D3]), DAYS)


def test_complete_means_present_every_day_and_unrecorded_days_are_missed():
    assert rules.is_complete(person(1, present=[D1, D2]), DAYS)
    partial = person(2, present=[D1])  # day 2 not recorded
    assert not rules.is_complete(partial, DAYS)
    assert rules.missed_days(partial, DAYS) == [D2]
    assert rules.missed_days(person(3, absent=[D1]), DAYS) == [D1, D2]
    assert not rules.is_complete(person(4), [])  # a cohort without days completes nobody


# --- coverage ------------------------------------------------------------------------------------------


def test_whole_board_when_every_seat_is_trained():
    trainees = [person(i, present=[D1]) for i in range(1, 10)]
    row = rules.cooperative_coverage(1, "สหกรณ์ ก จำกัด", 9, 20, trainees, DAYS)
    assert row.board_trained == 9 and row.whole_board is True
    assert row.board_percent == Decimal(100)
    assert not row.board_over_size


def test_partial_board_counts_only_board_members_present_at_least_one_day():
    trainees = [
        person(1, present=[D1, D2]),
        person(2, present=[D2]),  # partial days: still trained
        person(3, absent=[D1, D2]),  # absent both days
        person(4),  # never recorded
        person(5, present=[D1], role="observer", gender="male"),
    ]
    row = rules.cooperative_coverage(1, "สหกรณ์ ก จำกัด", 15, 20, trainees, DAYS)
    assert (row.roster, row.board_on_roster, row.board_trained) == (5, 4, 2)
    assert row.whole_board is False
    assert row.board_percent == Decimal(2) * 100 / Decimal(15)
    assert (row.trained, row.trained_women, row.trained_men) == (3, 2, 1)
    assert row.completed == 1
    assert row.target_percent == Decimal(15)  # 3 of 20
    assert row.target_met is False


@pytest.mark.parametrize("size", [None, 0])
def test_an_unknown_board_size_gives_no_ratio(size):
    row = rules.cooperative_coverage(1, "ก", size, 20, [person(1, present=[D1])], DAYS)
    assert row.board_trained == 1
    assert row.board_percent is None and row.whole_board is None and not row.board_over_size


def test_a_cooperative_with_no_attendance_rows_has_nothing_trained():
    row = rules.cooperative_coverage(1, "ก", 12, 20, [person(1), person(2)], DAYS)
    assert (row.roster, row.trained, row.board_trained, row.completed) == (2, 0, 0, 0)
    assert row.board_percent == 0 and row.whole_board is False and row.target_percent == 0


def test_more_board_members_trained_than_the_board_size_is_flagged_not_hidden():
    trainees = [person(i, present=[D1]) for i in range(1, 5)]
    row = rules.cooperative_coverage(1, "ก", 3, 20, trainees, DAYS)
    assert row.whole_board is True and row.board_over_size
    assert row.board_percent == Decimal("400") / 3


def test_other_cooperatives_trainees_are_not_counted():
    trainees = [person(1, present=[D1], coop=1), person(2, present=[D1], coop=2)]
    row = rules.cooperative_coverage(1, "ก", 9, 20, trainees, DAYS)
    assert row.roster == 1 and row.trained == 1


def test_board_coverage_does_not_apply_to_course_two():
    row = rules.cooperative_coverage(1, "ก", 9, 28, [person(1, present=[D1], role="group_leader")], DAYS,
                                     board_applies=False)
    assert row.whole_board is None and row.board_percent is None
    assert row.trained == 1 and row.target == 28


def test_totals_add_board_figures_only_where_the_size_is_known():
    rows = [
        rules.cooperative_coverage(1, "ก", 2, 20, [person(1, present=[D1]), person(2, present=[D2])], DAYS),
        rules.cooperative_coverage(2, "ข", None, 20, [person(3, present=[D1], coop=2)], DAYS),
        rules.cooperative_coverage(3, "ค", 5, 20, [person(4, coop=3, gender="male")], DAYS),
    ]
    t = rules.coverage_totals(rows)
    assert (t.cooperatives, t.roster, t.trained, t.target) == (3, 4, 3, 60)
    assert (t.board_known, t.board_trained, t.board_size, t.whole_boards) == (2, 2, 7, 1)
    assert t.target_percent == Decimal(5)
    assert t.board_percent == Decimal(200) / 7


def test_totals_of_nothing():
    t = rules.coverage_totals([])
    assert t.target is None and t.target_percent is None and t.board_percent is None


# --- per day ---------------------------------------------------------------------------------------------


def test_day_counts_split_present_by_gender_and_keep_absent_apart_from_unrecorded():
    trainees = [
        person(1, present=[D1, D2]),
        person(2, present=[D1], absent=[D2], gender="male"),
        person(3, absent=[D1]),
        person(4),
    ]
    first, second = rules.day_counts(DAYS, trainees)
    assert (first.number, first.present, first.present_women, first.present_men) == (1, 2, 1, 1)
    assert (first.absent, first.unrecorded, first.recorded) == (1, 1, 3)
    assert (second.number, second.present, second.absent, second.unrecorded) == (2, 1, 1, 2)
    assert not second.complete
    assert rules.day_counts(DAYS, [])[0].complete


# --- certificates ----------------------------------------------------------------------------------------


def test_only_trainees_present_every_day_receive_a_certificate_others_get_their_missed_days():
    trainees = [person(1, present=[D1, D2]), person(2, present=[D1], absent=[D2]), person(3)]
    checks = rules.certificate_checks(trainees, DAYS)
    assert [(c.trainee_id, c.eligible, c.missed) for c in checks] == [
        (1, True, ()), (2, False, (D2,)), (3, False, (D1, D2)),
    ]


def test_a_one_day_cohort_certifies_the_days_attendees():
    checks = rules.certificate_checks([person(1, present=[D1]), person(2, absent=[D1])], [D1])
    assert [c.eligible for c in checks] == [True, False]


# --- dates as written on paper -----------------------------------------------------------------------------


def test_the_sheet_writes_the_day_in_the_buddhist_era_with_its_weekday():
    assert rules.sheet_date(dt.date(2023, 1, 11)) == "วันพุธที่ 11 มกราคม 2566"
    assert rules.sheet_date(dt.date(2023, 1, 11), "en") == "Wednesday 11 January 2023"


@pytest.mark.parametrize("starts, ends, th, en", [
    (D1, D2, "10–11 มกราคม 2566", "10–11 January 2023"),
    (D1, D1, "10 มกราคม 2566", "10 January 2023"),
    (dt.date(2023, 1, 31), dt.date(2023, 2, 1), "31 มกราคม – 1 กุมภาพันธ์ 2566", "31 January – 1 February 2023"),
    (dt.date(2022, 12, 31), dt.date(2023, 1, 1), "31 ธันวาคม 2565 – 1 มกราคม 2566", "31 December 2022 – 1 January 2023"),
])
def test_the_certificate_writes_the_training_dates_as_a_span(starts, ends, th, en):
    assert rules.date_span(starts, ends) == th
    assert rules.date_span(starts, ends, "en") == en


def test_percent_is_exact_and_unknown_for_a_zero_or_missing_whole():
    assert rules.percent(1, 3) == Decimal(100) / Decimal(3)
    assert rules.percent(1, 0) is None and rules.percent(1, None) is None


def test_certificate_numbers_follow_entry_order_and_never_move():
    from portal.domain.attendance import certificate_numbers

    first = certificate_numbers(3, 2566, 1, 2, [41, 7, 19])
    assert first == {7: "ศ.3/2566/ห1-ร2/001", 19: "ศ.3/2566/ห1-ร2/002", 41: "ศ.3/2566/ห1-ร2/003"}
    later = certificate_numbers(3, 2566, 1, 2, [41, 7, 19, 55])  # someone added afterwards
    assert {k: later[k] for k in first} == first and later[55].endswith("/004")
