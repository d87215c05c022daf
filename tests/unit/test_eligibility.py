"""The target-selection rule (DOMAIN.md, Course 1 step 2), table-driven at its edges."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest

from portal.domain.eligibility import (
    CLAUSE_LABELS,
    STATUS_LABELS,
    BilingualMessage,
    SelectionError,
    YearlyFigures,
    candidate_clauses,
    check_quota,
    is_below_threshold,
    is_target_candidate,
    participation_rate,
    record_for_selection,
    selection_status,
    submitted_late,
    validate_yearly_figures,
)

D = Decimal


def fig(members=1000, active=700, loss="0", level=None, year=2565, closing=date(2022, 3, 31), **kw):
    return YearlyFigures(
        accounting_year=year,
        closing_date=closing,
        members=members,
        active_members=active,
        accumulated_profit_loss=None if loss is None else D(loss),
        profit_this_year=D("0"),
        strength_level=level,
        **kw,
    )


# --- participation rate -------------------------------------------------------------


@pytest.mark.parametrize(
    ("active", "members", "expected"),
    [
        (6499, 10000, D("64.99")),
        (64996, 100000, D("64.996")),
        (65, 100, D("65")),
        (650001, 1000000, D("65.0001")),
        (0, 10, D("0")),
        (10, 10, D("100")),
    ],
)
def test_participation_rate_is_exact(active, members, expected):
    assert participation_rate(active, members) == expected


@pytest.mark.parametrize(("active", "members"), [(0, 0), (5, 0), (5, None), (None, 10), (None, None)])
def test_participation_rate_undefined(active, members):
    assert participation_rate(active, members) is None


def test_participation_rate_not_rounded():
    rate = participation_rate(2, 3)
    assert D("66.66666") < rate < D("66.66667")
    assert isinstance(rate, Decimal)


@pytest.mark.parametrize(
    ("rate", "below"),
    [
        (D("64.99"), True),
        (D("64.996"), True),
        (D("64.9999999999"), True),
        (D("65"), False),
        (D("65.0"), False),
        (D("65.0001"), False),
        (D("0"), True),
        (64.996, True),  # a float means its decimal text, not its binary value
        (65.0, False),
        (65, False),
        (None, False),
    ],
)
def test_threshold_decided_on_exact_value(rate, below):
    assert is_below_threshold(rate) is below


def test_threshold_is_a_parameter():
    assert is_below_threshold(D("69.99"), threshold=D(70))
    assert not is_below_threshold(D("70"), threshold=D(70))


# --- the rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "record", "clauses"),
    [
        ("64.99% level 2", fig(active=6499, members=10000, level=2), ["low_participation"]),
        ("64.996% level 3", fig(active=64996, members=100000, level=3), ["low_participation"]),
        ("65% level 2", fig(active=65, members=100, level=2), []),
        ("65.0001% level 3", fig(active=650001, members=1000000, level=3), []),
        ("low participation level 1", fig(active=10, members=100, level=1), []),
        ("low participation level 4", fig(active=10, members=100, level=4), []),
        ("low participation no level", fig(active=10, members=100, level=None), []),
        ("loss without level", fig(loss="-1", level=None), ["accumulated_loss"]),
        ("loss level 1, good participation", fig(loss="-250000.50", level=1, active=90, members=100), ["accumulated_loss"]),
        ("loss and low participation", fig(loss="-0.01", level=2, active=50, members=100), ["accumulated_loss", "low_participation"]),
        ("profit accumulated", fig(loss="120000", level=2, active=80, members=100), []),
        ("zero accumulated", fig(loss="0", level=3, active=65, members=100), []),
        ("loss unknown", fig(loss=None, level=4, active=10, members=100), []),
        ("no members level 2", fig(active=0, members=0, level=2), []),
        ("no yearly record", None, []),
    ],
)
def test_candidate_clauses(label, record, clauses):
    assert candidate_clauses(record) == clauses, label
    assert is_target_candidate(record) is bool(clauses), label


def test_rule_accepts_any_object_with_attributes():
    row = SimpleNamespace(
        accumulated_profit_loss=D("-5"), strength_level="3", members=100, active_members=40
    )
    assert candidate_clauses(row) == ["accumulated_loss", "low_participation"]
    row_float = SimpleNamespace(accumulated_profit_loss=-5.0, strength_level=None, members=1, active_members=1)
    assert candidate_clauses(row_float) == ["accumulated_loss"]


def test_clause_labels_bilingual():
    assert set(CLAUSE_LABELS) == {"accumulated_loss", "low_participation"}
    assert CLAUSE_LABELS["accumulated_loss"]["th"] == "มีขาดทุนสะสม"
    assert "65" in CLAUSE_LABELS["low_participation"]["th"]
    assert all(v["th"] and v["en"] for v in CLAUSE_LABELS.values())


# --- which yearly record counts ---------------------------------------------------------


def _history():
    return [
        fig(year=2563, closing=date(2020, 3, 31)),
        fig(year=2564, closing=date(2021, 3, 31)),
        fig(year=2565, closing=date(2022, 3, 31)),
        fig(year=2566, closing=date(2023, 3, 31)),
    ]


@pytest.mark.parametrize(
    ("selection", "year"),
    [
        (date(2022, 12, 1), 2565),
        (date(2022, 4, 1), 2565),  # the day after closing
        (date(2022, 3, 31), 2564),  # closing on the selection day is not "before"
        (date(2023, 3, 31), 2565),
        (date(2023, 4, 1), 2566),
        (date(2020, 4, 1), 2563),
        (datetime(2022, 12, 1, 9, 30), 2565),
    ],
)
def test_record_for_selection(selection, year):
    history = _history()
    chosen = record_for_selection(reversed(history), selection)
    assert chosen is not None and chosen.accounting_year == year


def test_record_for_selection_none():
    assert record_for_selection(_history(), date(2020, 3, 31)) is None
    assert record_for_selection([], date(2022, 12, 1)) is None
    assert record_for_selection([fig(closing=None)], date(2030, 1, 1)) is None


def test_record_for_selection_own_accounting_year_not_fiscal_year():
    # a cooperative closing in June: accounting year 2565 closes 30 Jun 2022
    recs = [fig(year=2564, closing=date(2021, 6, 30)), fig(year=2565, closing=date(2022, 6, 30))]
    assert record_for_selection(recs, date(2022, 12, 1)).accounting_year == 2565
    # December closers: 2565 closes 31 Dec 2022, after the selection
    recs = [fig(year=2564, closing=date(2021, 12, 31)), fig(year=2565, closing=date(2022, 12, 31))]
    assert record_for_selection(recs, date(2022, 12, 1)).accounting_year == 2564


def test_no_yearly_record_means_no_candidate():
    assert not is_target_candidate(record_for_selection([], date(2022, 12, 1)))


# --- deadline and status -------------------------------------------------------------------

DEADLINE = date(2022, 12, 15)  # 15 ธ.ค. 2565, the last day on time ("before 16 Dec")


@pytest.mark.parametrize(
    ("proposed", "submitted_at", "today", "status"),
    [
        (0, None, date(2022, 12, 1), "not_started"),
        (1, None, date(2022, 12, 1), "proposed"),
        (2, None, date(2022, 12, 15), "proposed"),
        (2, None, date(2022, 12, 16), "late"),
        (0, None, date(2022, 12, 16), "late"),
        (2, date(2022, 12, 15), date(2022, 12, 20), "submitted"),
        (2, datetime(2022, 12, 15, 23, 59), date(2022, 12, 20), "submitted"),
        (2, date(2022, 12, 16), date(2022, 12, 20), "late"),
        (2, datetime(2022, 12, 16, 0, 1), date(2022, 12, 16), "late"),
        # 15 Dec 20:00 UTC is 16 Dec 03:00 in Bangkok
        (2, datetime(2022, 12, 15, 20, 0, tzinfo=timezone.utc), date(2022, 12, 16), "late"),
        # 15 Dec 16:00 UTC is 15 Dec 23:00 in Bangkok
        (2, datetime(2022, 12, 15, 16, 0, tzinfo=timezone.utc), date(2022, 12, 16), "submitted"),
        (2, date(2022, 12, 10), date(2023, 1, 5), "submitted"),
    ],
)
def test_selection_status(proposed, submitted_at, today, status):
    assert selection_status(proposed, submitted_at, DEADLINE, today) == status
    assert status in STATUS_LABELS


def test_submitted_late_flag():
    assert not submitted_late(date(2022, 12, 15), DEADLINE)
    assert submitted_late(date(2022, 12, 16), DEADLINE)
    assert not submitted_late(None, DEADLINE)


def test_no_deadline_never_late():
    assert selection_status(0, None, None, date(2030, 1, 1)) == "not_started"
    assert selection_status(1, date(2030, 1, 1), None, date(2030, 1, 1)) == "submitted"


def test_status_labels():
    assert {k: v["th"] for k, v in STATUS_LABELS.items()} == {
        "not_started": "ยังไม่เริ่ม",
        "proposed": "เสนอแล้ว",
        "submitted": "ส่งแล้ว",
        "late": "ล่าช้า",
    }


# --- quota ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("existing", "adding"), [(0, 1), (1, 1), (0, 2)])
def test_quota_allows(existing, adding):
    check_quota(existing, 2, adding)


@pytest.mark.parametrize(("existing", "adding"), [(2, 1), (3, 1), (1, 2), (0, 3)])
def test_quota_refuses(existing, adding):
    with pytest.raises(SelectionError) as info:
        check_quota(existing, 2, adding)
    err = info.value
    assert "ไม่เกิน 2" in err.th and "At most 2" in err.en
    assert err.th in str(err) and err.en in str(err)


def test_quota_default_is_two_per_office():
    check_quota(1)
    with pytest.raises(SelectionError):
        check_quota(2)


def test_quota_rejects_negative():
    with pytest.raises(ValueError):
        check_quota(-1, 2)


# --- yearly figure validation ---------------------------------------------------------------


def test_valid_figures_have_no_problems():
    assert validate_yearly_figures(fig(level=2, active_by_line={"credit": 500, "deposits": 1000})) == []


@pytest.mark.parametrize(
    ("record", "field", "th_part"),
    [
        (fig(members=-1, active=0), "members", "ติดลบ"),
        (fig(members=10, active=-1), "active_members", "ติดลบ"),
        (fig(members=100, active=101), "active_members", "มากกว่าจำนวนสมาชิก"),
        (fig(level=5), "strength_level", "1 ถึง 4"),
        (fig(level=0), "strength_level", "1 ถึง 4"),
        (fig(closing=None), "closing_date", "วันสิ้นปีบัญชี"),
        (fig(year=2022), "accounting_year", "พุทธศักราช"),
        (fig(members=100, active=50, active_by_line={"credit": 101}), "active_by_line.credit", "ให้เงินกู้"),
        (fig(members=100, active=50, active_by_line={"marketing": -3}), "active_by_line.marketing", "ติดลบ"),
    ],
)
def test_validation_problems(record, field, th_part):
    problems = validate_yearly_figures(record)
    assert [p.field for p in problems] == [field]
    msg = problems[0]
    assert isinstance(msg, str) and th_part in msg.th and msg.en and " / " in msg


def test_validation_active_by_line_argument_and_plain_objects():
    row = SimpleNamespace(accounting_year=2565, closing_date=date(2022, 3, 31), members=10,
                          active_members=5, strength_level=None)
    assert validate_yearly_figures(row) == []
    problems = validate_yearly_figures(row, active_by_line={"supplies": 11})
    assert len(problems) == 1 and "จัดหาสินค้า" in problems[0]


def test_bilingual_message_is_a_str_that_pickles():
    m = BilingualMessage("ก", "a", "f")
    assert m == "ก / a"
    back = pickle.loads(pickle.dumps(m))
    assert (back, back.th, back.en, back.field) == (m, "ก", "a", "f")


def test_yearly_figures_rate_property():
    assert fig(active=64996, members=100000).participation_rate == D("64.996")
