"""Every figure against fixtures computed by hand from DOMAIN.md's definitions.

The arithmetic is written next to each expected value; scipy is never used to
produce an expected value here.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from portal.domain import analytics as A
from portal.domain.analytics import (
    BAND_SCHEMES,
    INSUFFICIENT_EN,
    INSUFFICIENT_TH,
    KpiRow,
    at_or_above,
    band,
    kpi_result,
    learning_gain,
    loss_status,
    paired_statistics,
    participation_change,
    participation_rate,
    percent_correct_by_item,
    round_half_up,
    satisfaction_stats,
    summarise_items,
    training_totals,
)


def close(value, exact, tol=Fraction(1, 10**20)):
    """A Decimal equals an exact fraction to 20 places."""
    return abs(Fraction(value) - Fraction(exact)) < tol


# ---------------------------------------------------------------- test score

def test_test_score_is_correct_over_items_times_100():
    # 17 ÷ 20 × 100 = 85
    assert A.test_score(17, 20) == Decimal(85)
    # 2 ÷ 3 × 100 = 66.666…
    assert close(A.test_score(2, 3), Fraction(200, 3))
    assert A.test_score(0, 10) == 0


def test_test_score_rejects_impossible_counts():
    with pytest.raises(ValueError):
        A.test_score(1, 0)
    with pytest.raises(ValueError):
        A.test_score(11, 10)


# ------------------------------------------------------------ learning gain
#
# Class of six paired trainees, max score 10, plus 2 drop-outs and 1 late-comer.
#   trainee  pre  post   d   individual gain (post−pre)÷(10−pre)
#   A         4    6     2    2/6 = 1/3
#   B         5    5     0    0/5 = 0
#   C         6    9     3    3/4
#   D         8    7    −1   −1/2
#   E         6   10     4    4/4 = 1
#   F        10   10     0    pre at max: left out, counted
PAIRS = [(4, 6), (5, 5), (6, 9), (8, 7), (6, 10), (10, 10)]


def test_learning_gain_of_the_class_by_hand():
    g = learning_gain(PAIRS, max_score=10, unpaired_pre=2, unpaired_post=1)
    assert (g.n_pairs, g.n_dropouts, g.n_latecomers) == (6, 2, 1)
    # Σpre = 4+5+6+8+6+10 = 39 ; Σpost = 6+5+9+7+10+10 = 47
    assert g.sum_pre == 39 and g.sum_post == 47
    # mean pre = 39/6 = 6.5 ; mean post = 47/6 = 7.8333…
    assert g.mean_pre == Decimal("6.5")
    assert close(g.mean_post, Fraction(47, 6))
    # as percent of max: 6.5/10×100 = 65 ; 47/6/10×100 = 78.333…
    assert g.mean_pre_percent == 65
    assert close(g.mean_post_percent, Fraction(235, 3))
    # E.I. = (47 − 39) ÷ (6 × 10 − 39) = 8/21 = 0.380952…
    assert close(g.class_ei, Fraction(8, 21))
    assert round_half_up(g.class_ei, 2) == Decimal("0.38")


def test_pre_at_max_is_left_out_of_individual_gains_and_counted():
    g = learning_gain(PAIRS, max_score=10)
    # (1/3 + 0 + 3/4 − 1/2 + 1) ÷ 5 = (4/12 + 9/12 − 6/12 + 12/12) ÷ 5 = (19/12) ÷ 5 = 19/60
    assert close(g.mean_individual_gain, Fraction(19, 60))
    assert (g.n_individual, g.n_pre_at_max) == (5, 1)


def test_share_improved_and_ceiling_flag():
    g = learning_gain(PAIRS, max_score=10)
    # improved: A, C, E = 3 of 6 = 50 % ; unchanged B, F ; declined D
    assert (g.n_improved, g.n_unchanged, g.n_declined) == (3, 2, 1)
    assert g.share_improved == 50
    # mean pre 6.5 < 8 (80 % of 10), but F is at max -> warning
    assert g.ceiling_warning is True
    assert g.ceiling_reasons == ("pre_at_max",)


def test_ceiling_flag_from_a_high_mean_pre_and_absent_when_room_left():
    # pres 8, 8, 9: mean 25/3 = 8.33 ≥ 8, none at max 10
    high = learning_gain([(8, 9), (8, 10), (9, 9)], max_score=10)
    assert high.ceiling_reasons == ("mean_pre_high",)
    # pres 8, 7: mean 7.5 < 8 -> no warning
    low = learning_gain([(8, 9), (7, 9)], max_score=10)
    assert low.ceiling_warning is False and low.ceiling_reasons == ()
    # exactly 80 %: pres 8, 8 -> mean 8 ≥ 8 -> warning (edge inclusive)
    assert learning_gain([(8, 9), (8, 9)], max_score=10).ceiling_warning is True


def test_ei_undefined_when_everybody_starts_at_max():
    # n × max − Σpre = 2 × 10 − 20 = 0 -> None ; no individual gains either
    g = learning_gain([(10, 10), (10, 9)], max_score=10)
    assert g.class_ei is None
    assert g.mean_individual_gain is None
    assert (g.n_individual, g.n_pre_at_max) == (0, 2)


def test_learning_gain_without_pairs_still_counts_unpaired():
    g = learning_gain([], max_score=20, unpaired_pre=3, unpaired_post=1)
    assert g.n_pairs == 0 and g.n_dropouts == 3 and g.n_latecomers == 1
    assert g.mean_pre is None and g.class_ei is None and g.share_improved is None


def test_learning_gain_rejects_scores_above_max():
    with pytest.raises(ValueError):
        learning_gain([(11, 10)], max_score=10)


# ------------------------------------------------------- paired statistics

def test_paired_t_sd_and_dz_by_hand():
    s = paired_statistics(PAIRS)
    # d = 2, 0, 3, −1, 4, 0 ; Σd = 8 ; mean = 8/6 = 4/3
    assert s.n == 6 and s.df == 5
    assert s.mean_diff == pytest.approx(4 / 3)
    # deviations ×3: 2, −4, 5, −7, 8, −4 ; squares 4+16+25+49+64+16 = 174 -> Σ(d−d̄)² = 174/9
    # variance (n − 1 = 5) = 174/45 = 3.8667 ; SD = √3.8667 = 1.966384
    sd = math.sqrt(174 / 45)
    assert s.sd_diff == pytest.approx(sd, rel=1e-12)
    assert s.sd_diff == pytest.approx(1.966384, abs=1e-6)
    # t = d̄ ÷ (SD/√n) = 1.33333 ÷ (1.966384/2.449490) = 1.33333 ÷ 0.802773 = 1.660910
    assert s.t == pytest.approx(1.660910, abs=1e-6)
    # d_z = d̄ ÷ SD = 1.33333 ÷ 1.966384 = 0.678064
    assert s.d_z == pytest.approx(0.678064, abs=1e-6)
    assert 0 < s.p < 1


def test_paired_t_p_value_matches_the_closed_form_for_df_4():
    # d = 1, 2, 3, 4, 5: mean 3 ; Σ(d−3)² = 4+1+0+1+4 = 10 ; var = 10/4 = 2.5 ; SD = 1.581139
    # t = 3 ÷ (1.581139/√5) = 3 ÷ 0.707107 = 4.242641 (= 3√2) ; df = 4
    # For df = 4 the t CDF has a closed form: with u = 1 + t²/4,
    #   P(|T| > t) = 1 − (3/4)·(t/√u)·(1 − t²/(12u))
    # t² = 18, u = 5.5, √u = 2.345208 ; t/√u = 1.809068 ; 1 − 18/66 = 0.727273
    # p = 1 − 0.75 × 1.809068 × 0.727273 = 1 − 0.986764 = 0.013236
    s = paired_statistics([(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)])
    assert s.t == pytest.approx(3 * math.sqrt(2), rel=1e-12)
    assert s.df == 4
    u = 1 + 18 / 4
    p_hand = 1 - 0.75 * (math.sqrt(18) / math.sqrt(u)) * (1 - 18 / (12 * u))
    assert p_hand == pytest.approx(0.013236, abs=1e-6)
    assert s.p == pytest.approx(p_hand, rel=1e-9)
    # d_z = 3 ÷ 1.581139 = 1.897367
    assert s.d_z == pytest.approx(1.897367, abs=1e-6)


def test_a_decline_gives_a_negative_t():
    s = paired_statistics([(5, 4), (6, 4), (7, 4)])
    # d = −1, −2, −3: mean −2, SD 1, t = −2 ÷ (1/√3) = −3.464102
    assert s.t == pytest.approx(-2 * math.sqrt(3), rel=1e-12)
    assert s.d_z == pytest.approx(-2.0)


def test_wilcoxon_drops_zero_differences():
    w = paired_statistics(PAIRS).wilcoxon
    # non-zero d: 2, 3, −1, 4 (two zeros dropped) ; |d| ranks 1→1, 2→2, 3→3, 4→4
    # W+ = 2 + 3 + 4 = 9 ; W− = 1 ; W = min = 1 ; n_used = 4
    assert (w.w_plus, w.w_minus, w.w) == (9, 1, 1)
    assert (w.n_used, w.n_zero, w.method) == (4, 2, "exact")
    # exact: 2⁴ = 16 equally likely sign patterns; W+ ≤ 1 for {} and {1} -> 2/16
    # two-sided p = 2 × 2/16 = 0.25
    assert w.p == pytest.approx(0.25)


def test_wilcoxon_with_ties_is_exact_over_all_sign_patterns():
    # d = 1, −1, 2, 2 ; |d| ranks 1.5, 1.5, 3.5, 3.5 ; W+ = 1.5 + 3.5 + 3.5 = 8.5 ; W− = 1.5
    # all 16 sign patterns: W+ ≥ 8.5 for {all} (10) and two "drop one 1.5" (8.5) = 3/16
    # two-sided p = 2 × 3/16 = 0.375
    w = paired_statistics([(0, 1), (1, 0), (0, 2), (0, 2)]).wilcoxon
    assert (w.w_plus, w.w_minus, w.w) == (8.5, 1.5, 1.5)
    assert w.method == "exact"
    assert w.p == pytest.approx(0.375)


def test_wilcoxon_with_ties_agrees_with_scipys_exhaustive_permutation():
    from scipy import stats

    d = [1, -1, 2, 2, -3, 3, 3, 4, -1, 5]
    w = paired_statistics([(0, x) for x in d]).wilcoxon
    ref = stats.wilcoxon(d, zero_method="wilcox", method=stats.PermutationMethod())
    assert w.w == float(ref.statistic)
    assert w.p == pytest.approx(float(ref.pvalue), rel=1e-12)


def test_wilcoxon_above_50_differences_is_asymptotic():
    pairs = [(0, 1 + i % 7) for i in range(40)] + [(5, 5 - 1 - i % 3) for i in range(15)]
    w = paired_statistics(pairs).wilcoxon
    assert w.n_used == 55 and w.method == "asymptotic" and 0 <= w.p < 0.05


def test_wilcoxon_is_none_without_non_zero_differences():
    s = paired_statistics([(3, 3), (4, 4), (5, 5)])
    assert s.wilcoxon is None
    # SD of 0, 0, 0 is 0: t and d_z undefined, not infinite
    assert s.sd_diff == 0 and s.t is None and s.p is None and s.d_z is None
    assert s.mean_diff == 0 and s.df == 2


def test_constant_non_zero_differences_leave_t_undefined_without_warnings():
    s = paired_statistics([(1, 3), (2, 4), (5, 7)])
    assert s.mean_diff == 2 and s.sd_diff == 0
    assert s.t is None and s.d_z is None
    # W+ = 1 + 2 + 3 with all tied ranks 2,2,2 = 6 ; W− = 0
    assert s.wilcoxon.w_plus == 6 and s.wilcoxon.w == 0


def test_small_samples_give_none_not_warnings():
    empty = paired_statistics([])
    assert empty.n == 0 and empty.mean_diff is None and empty.wilcoxon is None
    one = paired_statistics([(4, 7)])
    assert one.n == 1 and one.mean_diff == 3
    assert one.sd_diff is None and one.t is None and one.df is None
    assert one.p is None and one.d_z is None
    # one non-zero difference: W+ = 1, W− = 0 ; 2 sign patterns -> two-sided p = 1
    assert one.wilcoxon.n_used == 1 and one.wilcoxon.p == pytest.approx(1.0)
    two = paired_statistics([(4, 7), (5, 6)])
    # d = 3, 1: mean 2 ; var = (1 + 1)/1 = 2 ; SD √2 ; t = 2 ÷ (√2/√2) = 2
    assert two.t == pytest.approx(2.0) and two.df == 1


# ------------------------------------------------------------- rounding

@pytest.mark.parametrize(
    "x, places, expected",
    [
        (4.205, 2, "4.21"),  # binary 4.205 is 4.20499…; str() reads 4.205
        (2.605, 2, "2.61"),
        (4.2049, 2, "4.20"),
        (3.405, 2, "3.41"),
        (Decimal("3.405"), 2, "3.41"),
        (Fraction(841, 200), 2, "4.21"),  # 841/200 = 4.205 exactly
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        ("64.996", 2, "65.00"),
        (64.994, 2, "64.99"),
        (0.5, 0, "1"),
        (-0.005, 2, "-0.01"),  # half away from zero, like Decimal's ROUND_HALF_UP
    ],
)
def test_round_half_up(x, places, expected):
    assert round_half_up(x, places) == Decimal(expected)
    assert str(round_half_up(x, places)) == expected


# ------------------------------------------------------------- bands

@pytest.mark.parametrize(
    "mean, level, th",
    [
        (4.205, 5, "มากที่สุด"),  # rounds to 4.21
        (4.2049, 4, "มาก"),  # rounds to 4.20
        (4.21, 5, "มากที่สุด"),
        (4.20, 4, "มาก"),
        (3.41, 4, "มาก"),  # inclusive lower edge
        (3.405, 4, "มาก"),  # rounds to 3.41
        (3.4049, 3, "ปานกลาง"),  # rounds to 3.40
        (2.61, 3, "ปานกลาง"),
        (2.605, 3, "ปานกลาง"),
        (2.60, 2, "น้อย"),
        (1.81, 2, "น้อย"),
        (1.80, 1, "น้อยที่สุด"),
        (1, 1, "น้อยที่สุด"),
        (5, 5, "มากที่สุด"),
    ],
)
def test_band_08_scheme_edges(mean, level, th):
    b = band(mean)
    assert (b.level, b.th) == (level, th)
    assert b.en


@pytest.mark.parametrize(
    "mean, level",
    [(4.51, 5), (4.505, 5), (4.50, 4), (4.5049, 4), (3.51, 4), (3.50, 3),
     (2.51, 3), (2.50, 2), (1.51, 2), (1.50, 1), (1.00, 1)],
)
def test_band_05_scheme_edges(mean, level):
    assert band(mean, scheme="0.5").level == level


def test_band_schemes_are_complete_and_bilingual():
    for bands in BAND_SCHEMES.values():
        assert [b.level for b in bands] == [5, 4, 3, 2, 1]
        assert bands[0].upper == Decimal("5.00") and bands[-1].lower == Decimal("1.00")
        assert [b.th for b in bands] == ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]
        assert all(b.en for b in bands)
        # contiguous on two decimals: each upper edge is the next lower edge − 0.01
        for hi, lo in zip(bands, bands[1:]):
            assert lo.upper + Decimal("0.01") == hi.lower


def test_band_rejects_unknown_scheme_and_off_scale_means():
    with pytest.raises(ValueError):
        band(3, scheme="0.7")
    with pytest.raises(ValueError):
        band(0.99)
    assert band(None) is None


# ------------------------------------------------------------- satisfaction

def test_satisfaction_mean_sd_and_band_by_hand():
    s = satisfaction_stats([5, 4, 4, 3, 5])
    # x̄ = 21/5 = 4.20 ; deviations .8, −.2, −.2, −1.2, .8 ; squares .64+.04+.04+1.44+.64 = 2.80
    # S.D. (n − 1) = √(2.80/4) = √0.70 = 0.83666 -> 0.84 ; 4.20 -> มาก
    assert s.sufficient and s.n == 5
    assert s.mean == Decimal("4.20") and str(s.mean) == "4.20"
    assert s.sd == Decimal("0.84")
    assert s.label_th == "มาก" and s.band.level == 4


def test_satisfaction_mean_exactly_on_a_half_rounds_up():
    # 41 fives + 159 fours: Σ = 205 + 636 = 841 ; x̄ = 841/200 = 4.205 -> 4.21 -> มากที่สุด
    s = satisfaction_stats([5] * 41 + [4] * 159)
    assert s.mean == Decimal("4.21") and s.label_th == "มากที่สุด"


def test_satisfaction_with_the_05_scheme():
    # 5,5,4,4,4,5: x̄ = 27/6 = 4.50 -> 0.8 scheme มากที่สุด, 0.5 scheme มาก
    vals = [5, 5, 4, 4, 4, 5]
    assert satisfaction_stats(vals).label_th == "มากที่สุด"
    assert satisfaction_stats(vals, scheme="0.5").label_th == "มาก"


def test_satisfaction_below_minimum_is_not_a_number():
    s = satisfaction_stats([5, 4, 4, 3])  # n = 4 < 5
    assert not s.sufficient and s.n == 4
    assert s.mean is None and s.sd is None and s.band is None
    assert (s.label_th, s.label_en) == (INSUFFICIENT_TH, INSUFFICIENT_EN) == (
        "ข้อมูลไม่พอ", "Not enough data")
    assert satisfaction_stats([], min_n=0).sufficient is False
    # with a lower minimum the same answers are shown: 16/4 = 4.00 มาก
    assert satisfaction_stats([5, 4, 4, 3], min_n=3).mean == Decimal("4.00")


def test_satisfaction_skips_unanswered_and_rejects_off_scale():
    s = satisfaction_stats([5, None, 4, 4, 3, 5, None])
    assert s.n == 5 and s.mean == Decimal("4.20")
    with pytest.raises(ValueError):
        satisfaction_stats([6, 4, 4, 4, 4])


def test_summarise_items_overall_pools_all_answers():
    summary = summarise_items({"q1": [5, 4, 4, 3, 5], "q2": [3] * 10, "q3": [5, 5]})
    assert list(summary.items) == ["q1", "q2", "q3"]
    assert summary.items["q1"].mean == Decimal("4.20")
    # q2: all 3 -> x̄ 3.00, S.D. 0.00, ปานกลาง
    assert summary.items["q2"].mean == Decimal("3.00") and summary.items["q2"].sd == Decimal("0.00")
    assert not summary.items["q3"].sufficient  # n = 2
    # overall = all 17 answers: Σ = 21 + 30 + 10 = 61 ; x̄ = 61/17 = 3.588 -> 3.59 -> มาก
    o = summary.overall
    assert o.n == 17 and o.mean == Decimal("3.59") and o.label_th == "มาก"
    # S.D.: Σx² = (25+16+16+9+25) + 10×9 + 2×25 = 91 + 90 + 50 = 231
    # Σ(x−x̄)² = 231 − 61²/17 = 231 − 3721/17 = 206/17 ; var = 206/17/16 = 0.757353 ; SD = 0.870260 -> 0.87
    assert o.sd == Decimal("0.87")


def test_overall_is_not_the_mean_of_item_means():
    # q1 x̄ 4.2 (n 5), q2 x̄ 3.0 (n 10): mean of means (4.2 + 3.0)/2 = 3.60 มาก,
    # pooled (21 + 30)/15 = 51/15 = 3.40 ปานกลาง — we report the pooled one.
    o = summarise_items({"q1": [5, 4, 4, 3, 5], "q2": [3] * 10}).overall
    assert o.mean == Decimal("3.40") and o.label_th == "ปานกลาง"
    # pooled S.D.: squares of deviations from 3.4: 2.56+.36+.36+.16+2.56 = 6.0 and 10 × .16 = 1.6
    # Σ = 7.6 ; var = 7.6/14 = 0.542857 ; SD = 0.736788 -> 0.74
    assert o.sd == Decimal("0.74")


# ------------------------------------------------------------ participation

def test_participation_rate_is_exact_and_64996_is_below_65():
    # 64 996 ÷ 100 000 × 100 = 64.996 : shown 65.00, but below 65
    r = participation_rate(64996, 100000)
    assert r == Decimal("64.996")
    assert round_half_up(r, 2) == Decimal("65.00")
    assert at_or_above(r, 65) is False
    # 13 ÷ 20 × 100 = 65 exactly -> at or above
    assert participation_rate(13, 20) == 65
    assert at_or_above(participation_rate(13, 20), 65) is True
    assert at_or_above(participation_rate(13, 20)) is True  # 65 is the default line
    # 2 ÷ 3 × 100 = 66.666…
    assert close(participation_rate(2, 3), Fraction(200, 3))


def test_participation_rate_edge_cases():
    assert participation_rate(0, 0) is None
    assert participation_rate(0, 40) == 0
    assert at_or_above(None, 65) is None
    assert participation_rate(None, 40) is None
    assert A.participation_rate is __import__(
        "portal.domain.eligibility", fromlist=["x"]).participation_rate  # one definition


def test_participation_change_in_percentage_points():
    # 66.25 − 52.5 = 13.75 points
    assert participation_change(Decimal("52.5"), Decimal("66.25")) == Decimal("13.75")
    # from rates: 52/80 = 65 % and 45/80 = 56.25 % -> −8.75 points
    assert participation_change(participation_rate(52, 80), participation_rate(45, 80)) == Decimal("-8.75")
    assert participation_change(None, Decimal("50")) is None


# -------------------------------------------------------------- loss status

# Amounts are signed accumulated profit/loss as the yearly record keeps them:
# −250 000 means an accumulated loss of 250 000 Baht.

def test_loss_reduced_is_not_cleared_nor_profit():
    # loss 250 000 -> 180 000: smaller, still a loss ; this year's result −5 000 (a loss)
    s = loss_status(-250000, -180000, -5000)
    assert s.applicable and s.reduced is True and s.cleared is False
    assert s.profit_this_year is False and s.fell is True
    # loss change 180 000 − 250 000 = −70 000
    assert s.loss_change == Decimal(-70000)


def test_loss_cleared_is_not_reduced():
    # loss 250 000 -> accumulated profit 60 000.50: cleared ; loss 0 − 250 000 = −250 000
    s = loss_status(Decimal("-250000.00"), Decimal("60000.50"), Decimal("310000.50"))
    assert s.cleared is True and s.reduced is False and s.profit_this_year is True
    assert s.fell is True
    assert s.loss_change == Decimal(-250000)
    # exactly 0 left is cleared too
    assert loss_status(-1000, 0, 1000).cleared is True


def test_profit_this_year_while_the_loss_grew():
    # loss 100 000 -> 120 000 (grew), yet a 4 000 profit this year: profit, not reduced
    s = loss_status(-100000, -120000, 4000)
    assert s.profit_this_year is True
    assert s.reduced is False and s.cleared is False and s.fell is False
    assert s.loss_change == Decimal(20000)


def test_loss_unchanged_is_not_reduced():
    s = loss_status(-100000, -100000, 0)
    assert s.reduced is False and s.cleared is False and s.profit_this_year is False


def test_baseline_without_loss_is_not_applicable():
    for base in (0, None, 5000):
        s = loss_status(base, -1000, 1000)
        assert s.applicable is False and s.reduced is None and s.cleared is None
        assert s.fell is None and s.profit_this_year is True
    unknown_latest = loss_status(-100000, None, None)
    assert unknown_latest.applicable and unknown_latest.reduced is None
    assert unknown_latest.profit_this_year is None


def test_loss_status_reads_the_eligibility_record_convention():
    from portal.domain.eligibility import YearlyFigures, is_target_candidate

    base = YearlyFigures(2564, None, 100, 50, accumulated_profit_loss=Decimal("-80000"))
    latest = YearlyFigures(2565, None, 100, 70, accumulated_profit_loss=Decimal("-30000"),
                           profit_this_year=Decimal("50000"))
    assert is_target_candidate(base)  # the same sign means "loss" in both modules
    s = loss_status(base.accumulated_profit_loss, latest.accumulated_profit_loss,
                    latest.profit_this_year)
    assert s.reduced is True and s.profit_this_year is True


# ---------------------------------------------------------- training totals

class _Trainee:
    def __init__(self, gender):
        self.gender = gender


def test_training_totals_by_hand():
    cohorts = [
        {   # 2 days, 4 people: 2 women, 1 man, 1 unknown -> 4 × 2 = 8 person-days
            "days": 2,
            "trainees": [{"gender": "female"}, {"gender": "female"}, {"gender": "male"},
                         {"gender": None}],
            "budget_planned": {"food": 4000, "speaker_fees": 3600, "venue": 2000},
            "budget_spent": {"food": Decimal("3850.50"), "speaker_fees": 3600},
        },
        {   # 1 day, 3 people (objects, Thai genders): 2 women, 1 man -> 3 person-days
            "days": 1,
            "trainees": [_Trainee("หญิง"), _Trainee("ชาย"), _Trainee("female")],
            "budget_planned": {"transport": 1500, "materials": 500},
            "budget_spent": {"transport": 1200, "materials": "499.75"},
        },
    ]
    t = training_totals(cohorts)
    assert t.cohorts == 2 and t.days == 3
    # people 4 + 3 = 7 ; women 2 + 2 = 4 ; men 1 + 1 = 2 ; unknown 1
    assert (t.people, t.women, t.men, t.unknown_gender) == (7, 4, 2, 1)
    assert t.person_days == 11  # 8 + 3
    assert list(t.planned_by_category) == ["food", "speaker_fees", "transport", "materials", "venue"]
    assert t.planned_by_category == {
        "food": 4000, "speaker_fees": 3600, "transport": 1500, "materials": 500, "venue": 2000}
    # planned total 4000 + 3600 + 1500 + 500 + 2000 = 11 600
    assert t.planned_total == Decimal("11600")
    # spent: 3850.50 + 3600 + 1200 + 499.75 + 0 = 9150.25
    assert t.spent_by_category["venue"] == 0
    assert t.spent_total == Decimal("9150.25")
    assert isinstance(t.spent_total, Decimal)


def test_training_totals_person_days_from_attendance_and_empty_input():
    # days 2; one attended both days, one only day 1 -> 2 + 1 = 3 person-days
    t = training_totals([{"days": 2, "trainees": [{"gender": "m", "days_attended": 2},
                                                   {"gender": "f", "days_attended": 1}]}])
    assert t.person_days == 3 and (t.women, t.men) == (1, 1)
    empty = training_totals([])
    assert empty.cohorts == 0 and empty.people == 0 and empty.spent_total == 0


def test_training_totals_rejects_unknown_budget_category():
    with pytest.raises(ValueError):
        training_totals([{"days": 1, "trainees": [], "budget_spent": {"lodging": 10}}])


def test_budget_categories_are_the_seeds_five():
    assert [th for _, th, _ in A.BUDGET_CATEGORIES] == [
        "อาหาร", "สมนาคุณวิทยากร", "พาหนะ", "วัสดุ", "สถานที่"]


# ------------------------------------------------------------------- KPIs

def test_kpi_result_percent_of_target():
    # trainees 34 of target 40: 34 ÷ 40 × 100 = 85
    assert kpi_result(40, 34) == Decimal(85)
    # 2 of 3 cooperatives: 66.666…
    assert close(kpi_result(3, 2), Fraction(200, 3))
    # over-achieved: 45 ÷ 40 × 100 = 112.5
    assert kpi_result(40, 45) == Decimal("112.5")
    assert kpi_result(0, 3) is None and kpi_result(None, 3) is None
    assert kpi_result(10, None) is None


def test_kpi_row():
    row = KpiRow.of("สหกรณ์เป้าหมายที่ได้รับการอบรม", "แห่ง", 2, 1)
    # 1 ÷ 2 × 100 = 50
    assert (row.target, row.result, row.percent) == (Decimal(2), Decimal(1), Decimal(50))
    assert KpiRow.of("x", "คน", None, 5).percent is None


# ------------------------------------------------------------ item analysis

def test_percent_correct_by_item():
    pre = [{"q1": True, "q2": False}, {"q1": True, "q2": True}, {"q1": False}]
    r = percent_correct_by_item(pre)
    assert list(r) == ["q1", "q2"]
    # q1: 2 of 3 = 66.666… % ; q2: 1 of 2 answered = 50 %
    assert (r["q1"].n, r["q1"].correct) == (3, 2)
    assert close(r["q1"].percent, Fraction(200, 3))
    assert (r["q2"].n, r["q2"].correct, r["q2"].percent) == (2, 1, Decimal(50))
    assert percent_correct_by_item([{"q1": None}])["q1"].percent is None
    assert percent_correct_by_item([]) == {}


# ------------------------------------------------------------ properties

from hypothesis import given, settings, strategies as st  # noqa: E402


@given(st.integers(min_value=1, max_value=10**9).flatmap(
    lambda m: st.tuples(st.integers(min_value=0, max_value=m), st.just(m))))
def test_at_or_above_65_decides_on_the_exact_counts(counts):
    active, members = counts
    # active ÷ members × 100 ≥ 65  ⇔  100 × active ≥ 65 × members (integers, exact)
    assert at_or_above(participation_rate(active, members), 65) is (100 * active >= 65 * members)


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=5, max_size=60))
def test_satisfaction_band_is_the_band_of_the_rounded_exact_mean(values):
    s = satisfaction_stats(values)
    exact = Fraction(sum(values), len(values))
    assert s.mean == round_half_up(exact, 2)
    assert s.band == band(s.mean)


@settings(deadline=None)  # scipy's first call is slow to import
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=0, max_size=30))
def test_paired_statistics_never_warns_and_counts_pairs(pairs):
    s = paired_statistics(pairs)
    assert s.n == len(pairs)
    nonzero = sum(1 for a, b in pairs if a != b)
    assert (s.wilcoxon is None) == (nonzero == 0)
    if s.wilcoxon:
        assert s.wilcoxon.n_used == nonzero and 0 <= s.wilcoxon.p <= 1
