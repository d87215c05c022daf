"""Unit tests for portal.domain.thaidates."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.thaidates import (
    be_year,
    cumulative_bounds,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    format_amount,
    format_be_input,
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_percent,
    format_time,
    format_time_range,
    hours_decimal,
    month_label,
    months_between,
    parse_be_date,
    quarter_bounds,
    quarter_label,
)

D = dt.date
# Dates whose BE year is at least 2400 and at most 9999, so that the text
# round trip is unambiguous.
be_dates = st.dates(min_value=D(1857, 1, 1), max_value=D(9456, 12, 31))


# --------------------------------------------------------------------------- formatting dates

def test_be_year():
    assert be_year(D(2022, 12, 15)) == 2565
    assert be_year(dt.datetime(2026, 11, 26, 14, 5)) == 2569


@pytest.mark.parametrize(
    "value, style, lang, expected",
    [
        (D(2026, 11, 26), "short", "th", "26 พ.ย. 2569"),
        (D(2026, 11, 26), "long", "th", "26 พฤศจิกายน 2569"),
        (D(2026, 11, 26), "full", "th", "วันพฤหัสบดีที่ 26 พฤศจิกายน พ.ศ. 2569"),
        (D(2026, 11, 26), "short", "en", "26 Nov 2026"),
        (D(2026, 11, 26), "long", "en", "26 November 2026"),
        (D(2026, 11, 26), "full", "en", "Thursday 26 November 2026"),
        (D(2022, 12, 1), "short", "th", "1 ธ.ค. 2565"),  # no leading zero
        (D(2023, 1, 31), "short", "th", "31 ม.ค. 2566"),
        (D(2023, 5, 7), "full", "th", "วันอาทิตย์ที่ 7 พฤษภาคม พ.ศ. 2566"),
        (D(2022, 10, 1), "full", "th", "วันเสาร์ที่ 1 ตุลาคม พ.ศ. 2565"),
        (dt.datetime(2026, 11, 26, 23, 59), "short", "th", "26 พ.ย. 2569"),
        (D(2026, 11, 26), "short", "th_TH", "26 พ.ย. 2569"),
        (D(2026, 11, 26), "short", "en-US", "26 Nov 2026"),
        (None, "short", "th", ""),
        (None, "full", "en", ""),
    ],
)
def test_format_date(value, style, lang, expected):
    assert format_date(value, style, lang) == expected


def test_format_date_every_month_th():
    shorts = [format_date(D(2023, m, 1)).split()[1] for m in range(1, 13)]
    assert shorts == ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                      "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


@pytest.mark.parametrize("style, lang", [("medium", "th"), ("short", "fr")])
def test_format_date_rejects_unknown_style_or_language(style, lang):
    with pytest.raises(ValueError):
        format_date(D(2023, 1, 1), style, lang)


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (dt.datetime(2026, 11, 26, 14, 5), "th", "26 พ.ย. 2569 14.05 น."),
        (dt.datetime(2026, 11, 26, 14, 5), "en", "26 Nov 2026 14:05"),
        (dt.datetime(2023, 1, 2, 0, 0), "th", "2 ม.ค. 2566 00.00 น."),
        (D(2023, 1, 2), "th", "2 ม.ค. 2566"),  # a plain date has no time
        (None, "th", ""),
    ],
)
def test_format_datetime(value, lang, expected):
    assert format_datetime(value, lang) == expected


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (dt.time(9, 0), "th", "09.00"),
        (dt.time(16, 30), "th", "16.30"),
        (dt.time(0, 5), "th", "00.05"),
        (dt.time(9, 0), "en", "09:00"),
        (dt.datetime(2023, 1, 1, 13, 45), "th", "13.45"),
        (None, "th", ""),
    ],
)
def test_format_time(value, lang, expected):
    assert format_time(value, lang) == expected


def test_format_time_default_is_thai():
    assert format_time(dt.time(9, 0)) == "09.00"


@pytest.mark.parametrize(
    "start, end, lang, expected",
    [
        (dt.time(9), dt.time(16, 30), "th", "09.00\u201316.30 น."),
        (dt.time(9), dt.time(16, 30), "en", "09:00\u201316:30"),
        (dt.time(8, 30), dt.time(12), "th", "08.30–12.00 น."),
        (None, None, "th", ""),
    ],
)
def test_format_time_range(start, end, lang, expected):
    assert format_time_range(start, end, lang) == expected


def test_time_range_uses_en_dash_not_hyphen():
    text = format_time_range(dt.time(9), dt.time(16, 30))
    assert "\u2013" in text and "-" not in text


@pytest.mark.parametrize(
    "d, expected",
    [
        (D(2022, 12, 15), "15/12/2565"),
        (D(2023, 1, 5), "05/01/2566"),
        (dt.datetime(2024, 2, 29, 10, 0), "29/02/2567"),
        (None, ""),
    ],
)
def test_format_be_input(d, expected):
    assert format_be_input(d) == expected


# --------------------------------------------------------------------------- durations

@pytest.mark.parametrize(
    "minutes, lang, expected",
    [
        (90, "th", "1 ชั่วโมง 30 นาที"),
        (60, "th", "1 ชั่วโมง"),
        (30, "th", "30 นาที"),
        (0, "th", "0 นาที"),
        (125, "th", "2 ชั่วโมง 5 นาที"),
        (480, "th", "8 ชั่วโมง"),
        (90, "en", "1 h 30 min"),
        (60, "en", "1 h"),
        (30, "en", "30 min"),
        (None, "th", "–"),
    ],
)
def test_format_duration(minutes, lang, expected):
    assert format_duration(minutes, lang) == expected


@pytest.mark.parametrize("bad", [-1, 1.5])
def test_format_duration_rejects_negative_or_fractional_minutes(bad):
    with pytest.raises(ValueError):
        format_duration(bad)


@pytest.mark.parametrize(
    "minutes, expected",
    [
        (90, Decimal("1.5")),  # the seed's "1.30 ชั่วโมง" is 1 h 30 min = 1.5 h
        (60, Decimal("1")),
        (45, Decimal("0.75")),
        (15, Decimal("0.25")),
        (120, Decimal("2")),
        (0, Decimal("0")),
        (10, Decimal("0.17")),  # 1/6 h does not terminate: rounded half up
        (20, Decimal("0.33")),
        (50, Decimal("0.83")),
    ],
)
def test_hours_decimal(minutes, expected):
    result = hours_decimal(minutes)
    assert isinstance(result, Decimal)
    assert result == expected


def test_hours_decimal_never_reads_1_30_as_1_3():
    assert hours_decimal(90) != Decimal("1.3")
    assert str(hours_decimal(90)) == "1.5"


def test_hours_decimal_places():
    assert hours_decimal(10, places=4) == Decimal("0.1667")


@settings(database=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_hours_decimal_is_exact_for_quarter_hours(minutes):
    if minutes % 15 == 0 or minutes % 12 == 0:  # 60/15 and 60/12 terminate
        assert hours_decimal(minutes) * 60 == minutes


# --------------------------------------------------------------------------- fiscal year

@pytest.mark.parametrize(
    "d, fy",
    [
        (D(2022, 9, 30), 2565),
        (D(2022, 10, 1), 2566),  # FY 2566 starts
        (D(2022, 12, 31), 2566),
        (D(2023, 1, 1), 2566),
        (D(2023, 9, 30), 2566),  # FY 2566 ends
        (D(2023, 10, 1), 2567),
        (dt.datetime(2023, 9, 30, 23, 59, 59), 2566),
    ],
)
def test_fiscal_year(d, fy):
    assert fiscal_year(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2566) == (D(2022, 10, 1), D(2023, 9, 30))
    assert fiscal_year_bounds(2567) == (D(2023, 10, 1), D(2024, 9, 30))


@pytest.mark.parametrize("bad", [2023, 66, 0])
def test_fiscal_year_bounds_rejects_ce_years(bad):
    with pytest.raises(ValueError):
        fiscal_year_bounds(bad)


@pytest.mark.parametrize(
    "d, expected",
    [
        (D(2022, 10, 1), (2566, 1)),
        (D(2022, 12, 31), (2566, 1)),
        (D(2023, 1, 1), (2566, 2)),
        (D(2023, 3, 31), (2566, 2)),
        (D(2023, 4, 1), (2566, 3)),
        (D(2023, 6, 30), (2566, 3)),
        (D(2023, 7, 1), (2566, 4)),
        (D(2023, 9, 30), (2566, 4)),
        (D(2023, 10, 1), (2567, 1)),
    ],
)
def test_fiscal_quarter(d, expected):
    assert fiscal_quarter(d) == expected


@pytest.mark.parametrize(
    "q, bounds, cumulative",
    [
        (1, (D(2022, 10, 1), D(2022, 12, 31)), (D(2022, 10, 1), D(2022, 12, 31))),
        (2, (D(2023, 1, 1), D(2023, 3, 31)), (D(2022, 10, 1), D(2023, 3, 31))),
        (3, (D(2023, 4, 1), D(2023, 6, 30)), (D(2022, 10, 1), D(2023, 6, 30))),
        (4, (D(2023, 7, 1), D(2023, 9, 30)), (D(2022, 10, 1), D(2023, 9, 30))),
    ],
)
def test_quarter_and_cumulative_bounds(q, bounds, cumulative):
    assert quarter_bounds(2566, q) == bounds
    assert cumulative_bounds(2566, q) == cumulative


def test_cumulative_q4_is_the_whole_fiscal_year():
    assert cumulative_bounds(2566, 4) == fiscal_year_bounds(2566)


@pytest.mark.parametrize("q", [0, 5, -1])
def test_quarter_out_of_range(q):
    with pytest.raises(ValueError):
        quarter_bounds(2566, q)


@pytest.mark.parametrize(
    "q, lang, expected",
    [
        (1, "th", "ไตรมาสที่ 1 (ต.ค.–ธ.ค. 2565)"),  # calendar year of those months
        (2, "th", "ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)"),
        (3, "th", "ไตรมาสที่ 3 (เม.ย.–มิ.ย. 2566)"),
        (4, "th", "ไตรมาสที่ 4 (ก.ค.–ก.ย. 2566)"),
        (1, "en", "Q1 (Oct–Dec 2022)"),
        (2, "en", "Q2 (Jan–Mar 2023)"),
    ],
)
def test_quarter_label(q, lang, expected):
    assert quarter_label(2566, q, lang) == expected


def test_fiscal_year_label():
    assert fiscal_year_label(2566) == "ปีงบประมาณ พ.ศ. 2566"
    assert fiscal_year_label(2566, "en") == "Fiscal year 2566 (Oct 2022 – Sep 2023)"


@pytest.mark.parametrize(
    "year, month, lang, expected",
    [
        (2022, 12, "th", "ธ.ค. 2565"),
        (2023, 1, "th", "ม.ค. 2566"),
        (2022, 12, "en", "Dec 2022"),
    ],
)
def test_month_label(year, month, lang, expected):
    assert month_label(year, month, lang) == expected


def test_month_label_long_and_invalid():
    assert month_label(2022, 12, style="long") == "ธันวาคม 2565"
    with pytest.raises(ValueError):
        month_label(2022, 13)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2022, 11, 5), D(2023, 2, 1), [(2022, 11), (2022, 12), (2023, 1), (2023, 2)]),
        (D(2023, 3, 1), D(2023, 3, 31), [(2023, 3)]),
        (D(2023, 4, 1), D(2023, 3, 31), []),
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


def test_months_between_fiscal_year_has_twelve_months():
    start, end = fiscal_year_bounds(2566)
    months = months_between(start, end)
    assert len(months) == 12
    assert months[0] == (2022, 10) and months[-1] == (2023, 9)


@settings(database=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2500, 12, 31)))
def test_fiscal_year_and_quarter_contain_the_date(d):
    fy = fiscal_year(d)
    start, end = fiscal_year_bounds(fy)
    assert start <= d <= end
    fy_q, q = fiscal_quarter(d)
    assert fy_q == fy
    q_start, q_end = quarter_bounds(fy, q)
    assert q_start <= d <= q_end
    c_start, c_end = cumulative_bounds(fy, q)
    assert c_start == start and c_end == q_end


@settings(database=None)
@given(st.integers(min_value=2450, max_value=2700))
def test_quarters_tile_the_fiscal_year(fy):
    start, end = fiscal_year_bounds(fy)
    previous_end = start - dt.timedelta(days=1)
    for q in range(1, 5):
        q_start, q_end = quarter_bounds(fy, q)
        assert q_start == previous_end + dt.timedelta(days=1)
        previous_end = q_end
    assert previous_end == end


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize(
    "x, decimals, expected",
    [
        (7700, 0, "7,700"),
        (1234567.891, 2, "1,234,567.89"),
        (0, 0, "0"),
        (999.5, 0, "1,000"),  # half up, not to even
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-1234.5, 0, "-1,235"),  # half away from zero
        (-0.001, 2, "0.00"),  # no negative zero
        (Decimal("1.005"), 2, "1.01"),
        (1.005, 2, "1.01"),  # via str(), not the binary 1.00499999...
        ("45600", 2, "45,600.00"),
        (Fraction(1, 3), 3, "0.333"),
        (None, 0, "–"),
        (float("nan"), 2, "–"),
    ],
)
def test_format_number(x, decimals, expected):
    assert format_number(x, decimals) == expected


@pytest.mark.parametrize("bad", [float("inf"), "abc"])
def test_format_number_rejects_non_finite_and_garbage(bad):
    with pytest.raises(ValueError):
        format_number(bad)


def test_format_number_rejects_bool():
    with pytest.raises(TypeError):
        format_number(True)


@pytest.mark.parametrize(
    "x, lang, expected",
    [
        (45600, "th", "45,600.00 บาท"),
        (45600, "en", "45,600.00 baht"),
        (Decimal("1234.565"), "th", "1,234.57 บาท"),
        (0.125, "th", "0.13 บาท"),
        (None, "th", "–"),
    ],
)
def test_format_amount(x, lang, expected):
    assert format_amount(x, lang) == expected


@pytest.mark.parametrize(
    "x, decimals, expected",
    [
        (64.99, 2, "64.99%"),
        (64.995, 2, "65.00%"),
        (Decimal("64.995"), 2, "65.00%"),
        (64.994, 2, "64.99%"),
        (65, 2, "65.00%"),
        (100, 0, "100%"),
        (12.345, 1, "12.3%"),
        (12.35, 1, "12.4%"),
        (None, 2, "–"),
    ],
)
def test_format_percent(x, decimals, expected):
    assert format_percent(x, decimals) == expected


def test_format_percent_default_two_decimals():
    assert format_percent(64.995) == "65.00%"
    # 1.005 is stored as 1.00499999... so float formatting shows 1.00;
    # Decimal(str(x)) with ROUND_HALF_UP shows what the user typed, rounded.
    assert f"{1.005:.2f}" == "1.00"
    assert format_percent(1.005) == "1.01%"
    assert f"{0.125:.2f}" == "0.12"  # exact binary half: float rounds to even
    assert format_percent(0.125) == "0.13%"


# --------------------------------------------------------------------------- parsing

@pytest.mark.parametrize(
    "text, expected",
    [
        ("15/12/2565", D(2022, 12, 15)),
        ("15-12-2565", D(2022, 12, 15)),
        ("15.12.2565", D(2022, 12, 15)),
        ("2565-12-15", D(2022, 12, 15)),
        ("2565/12/15", D(2022, 12, 15)),
        ("15 ธ.ค. 2565", D(2022, 12, 15)),
        ("15 ธ.ค.2565", D(2022, 12, 15)),
        ("15ธ.ค.2565", D(2022, 12, 15)),
        ("15 ธค 2565", D(2022, 12, 15)),
        ("15 ธันวาคม 2565", D(2022, 12, 15)),
        ("15 ธันวาคม พ.ศ. 2565", D(2022, 12, 15)),
        ("วันที่ 15 ธันวาคม 2565", D(2022, 12, 15)),
        ("1 ม.ค. 2566", D(2023, 1, 1)),
        ("15 Dec 2022", D(2022, 12, 15)),
        ("15 December 2022", D(2022, 12, 15)),
        # Gregorian years
        ("15/12/2022", D(2022, 12, 15)),
        ("2022-12-15", D(2022, 12, 15)),
        # spaces, Thai digits, single digits
        ("  15 / 12 / 2565  ", D(2022, 12, 15)),
        ("๑๕/๑๒/๒๕๖๕", D(2022, 12, 15)),
        ("1/2/2566", D(2023, 2, 1)),
        ("05/01/2566", D(2023, 1, 5)),
        # Excel/CSV exports with a midnight time
        ("2565-12-15 00:00:00", D(2022, 12, 15)),
        ("15/12/2565 00:00", D(2022, 12, 15)),
        # leap years: BE 2567 = CE 2024 is leap
        ("29/02/2567", D(2024, 2, 29)),
        ("29/02/2024", D(2024, 2, 29)),
        # the BE/CE threshold
        ("01/01/2400", D(1857, 1, 1)),
        ("31/12/2399", D(2399, 12, 31)),
    ],
)
def test_parse_be_date(text, expected):
    assert parse_be_date(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (D(2022, 12, 15), D(2022, 12, 15)),
        (dt.datetime(2022, 12, 15, 0, 0), D(2022, 12, 15)),
        # a BE year typed into an Excel date cell
        (dt.datetime(2565, 12, 15, 0, 0), D(2022, 12, 15)),
        (D(2567, 3, 1), D(2024, 3, 1)),
    ],
)
def test_parse_be_date_passes_dates_through(value, expected):
    result = parse_be_date(value)
    assert result == expected
    assert type(result) is dt.date


@pytest.mark.parametrize(
    "text",
    [
        "32/13/2565",
        "29/02/2566",  # CE 2023 is not a leap year
        "29/02/2023",
        "31/04/2566",
        "00/12/2565",
        "15/12/65",  # two-digit years are ambiguous: refused
        "12/15/2022",  # US order
        "15 Foo 2565",
        "",
        "   ",
        "abc",
        "15/12/2565/1",
        None,
        12345,
    ],
)
def test_parse_be_date_rejects(text):
    with pytest.raises(ValueError) as info:
        parse_be_date(text)
    message = str(info.value)
    assert "วันที่ไม่ถูกต้อง" in message
    assert "Invalid date" in message
    assert "15/12/2565" in message


def test_parse_be_date_error_quotes_the_input():
    with pytest.raises(ValueError, match="'32/13/2565'"):
        parse_be_date("32/13/2565")


def test_parse_be_date_rejects_excel_datetime_on_a_day_missing_in_be():
    # 29 Feb 2568 exists in Excel's (CE) calendar, but BE 2568 = CE 2025 is not leap.
    # (Since 543 = 3 mod 4, no year is leap in both readings: Excel stores a typed
    # "29/02/2567" as text, which parse_be_date then reads correctly.)
    with pytest.raises(ValueError, match="Invalid date"):
        parse_be_date(dt.datetime(2568, 2, 29))


@settings(database=None)
@given(be_dates)
def test_format_be_input_round_trips(d):
    assert parse_be_date(format_be_input(d)) == d


@settings(database=None)
@given(be_dates, st.sampled_from(["short", "long"]))
def test_thai_formatted_dates_parse_back(d, style):
    assert parse_be_date(format_date(d, style, "th")) == d


@settings(database=None)
@given(st.dates(min_value=D(1000, 1, 1), max_value=D(2399, 12, 31)))
def test_ce_iso_dates_parse_as_ce(d):
    assert parse_be_date(d.isoformat()) == d
