"""Every figure of the programme, computed one way (DOMAIN.md, "Figures").

Plain Python over plain values: no Flask, no database. The page, the chart and
every download call these functions, so a number can be traced to its rows.

Conventions
- Quantities that are displayed rounded (scores, means, rates, money, percents)
  are returned as ``Decimal``. They are computed exactly (``Fraction``) and
  converted to ``Decimal`` with 28 significant digits, *unrounded*: rounding is
  the display's job, except where the definition itself rounds (satisfaction
  x̄ and S.D. are rounded half up to two places before banding).
- Statistics (t, p, d_z, Wilcoxon) are floats.
- Inputs may be ``int``, ``Decimal``, ``Fraction`` or ``float``; floats are read
  through ``str()`` so that 4.205 means 4.205, not 4.20499999999999996.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from numbers import Rational
from typing import Any, Hashable, Iterable, Mapping, Sequence

__all__ = [
    "test_score",
    "LearningGain",
    "learning_gain",
    "CEILING_SHARE",
    "WilcoxonResult",
    "PairedStatistics",
    "paired_statistics",
    "round_half_up",
    "Band",
    "BAND_SCHEMES",
    "DEFAULT_BAND_SCHEME",
    "band",
    "MIN_SATISFACTION_N",
    "INSUFFICIENT_TH",
    "INSUFFICIENT_EN",
    "SatisfactionStats",
    "satisfaction_stats",
    "ItemsSummary",
    "summarise_items",
    "participation_rate",
    "participation_change",
    "at_or_above",
    "PARTICIPATION_THRESHOLD",
    "LossStatus",
    "loss_status",
    "BUDGET_CATEGORIES",
    "BUDGET_CATEGORY_CODES",
    "TrainingTotals",
    "training_totals",
    "kpi_result",
    "KpiRow",
    "ItemCorrect",
    "percent_correct_by_item",
]

_PRECISION = 28


# --------------------------------------------------------------------------
# exact-number helpers
# --------------------------------------------------------------------------

def _frac(x: Any) -> Fraction:
    """An exact Fraction for an int, Decimal, Fraction, float (via str) or str."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number here")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(Decimal(str(x)))
    if isinstance(x, Rational):
        return Fraction(x.numerator, x.denominator)
    if isinstance(x, str):
        return Fraction(Decimal(x.strip()))
    raise TypeError(f"not a number: {x!r}")


def _dec(fr: Fraction) -> Decimal:
    """Fraction -> Decimal with 28 significant digits (exact when it terminates)."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return Decimal(fr.numerator) / Decimal(fr.denominator)


def _dec_opt(fr: Fraction | None) -> Decimal | None:
    return None if fr is None else _dec(fr)


def _round_fraction_half_up(fr: Fraction, places: int) -> Decimal:
    """Round an exact rational half away from zero (Decimal's ROUND_HALF_UP)."""
    scale = 10 ** places
    sign = -1 if fr < 0 else 1
    units = math.floor(abs(fr) * scale + Fraction(1, 2))
    return Decimal(sign * units).scaleb(-places)


def round_half_up(x: Any, places: int = 2) -> Decimal:
    """Round half up (away from zero on a tie) to ``places`` decimals.

    Floats are read through ``str()`` (``Decimal(str(x))``) so the value typed is
    the value rounded: 4.205 -> 4.21 and 2.605 -> 2.61, where ``round()`` and
    binary floats give 4.2 and 2.6. Fractions are rounded exactly.
    """
    if isinstance(x, Fraction) or (isinstance(x, Rational) and not isinstance(x, int)):
        return _round_fraction_half_up(_frac(x), places)
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number here")
    d = x if isinstance(x, Decimal) else Decimal(str(x))
    if not d.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sqrt_fraction(fr: Fraction) -> Decimal:
    """Square root of a non-negative rational, to 40 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(fr.numerator) / Decimal(fr.denominator)).sqrt()


def _sample_variance(values: Sequence[Fraction]) -> Fraction | None:
    """Variance with n − 1 in the denominator; None below two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values, Fraction(0)) / n
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (n - 1)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a mapping or an object."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --------------------------------------------------------------------------
# tests: score and learning gain
# --------------------------------------------------------------------------

def test_score(correct: Any, items: Any) -> Decimal:
    """Test score in percent = correct ÷ items × 100 (unrounded Decimal)."""
    c, n = _frac(correct), _frac(items)
    if n <= 0:
        raise ValueError("a test needs at least one item")
    if c < 0 or c > n:
        raise ValueError("correct must be between 0 and the number of items")
    return _dec(c / n * 100)


# Tell pytest this is not a test function (it lives in a module imported by tests).
test_score.__test__ = False  # type: ignore[attr-defined]

#: mean pre-test at or above this share of the maximum raises the ceiling warning
CEILING_SHARE = Fraction(8, 10)


@dataclass(frozen=True)
class LearningGain:
    """Learning figures of one class (cohort) from paired pre/post raw scores.

    ``class_ei`` is the ดัชนีประสิทธิผล (E.I.) = (Σpost − Σpre) ÷ (n × max − Σpre),
    a ratio (0.50 reads "50 %"); None when the denominator is 0.
    ``mean_individual_gain`` is the mean of (post − pre) ÷ (max − pre) over the
    ``n_individual`` trainees whose pre-test is below the maximum; the
    ``n_pre_at_max`` others are left out and counted.
    ``ceiling_warning`` is True when the mean pre-test is at or above 80 % of the
    maximum *or* any trainee's pre-test is at the maximum: either way the test
    could not show all that was learnt, and the E.I. rests on little room.
    """

    max_score: Decimal
    n_pairs: int
    n_dropouts: int  # pre-test without post-test
    n_latecomers: int  # post-test without pre-test
    sum_pre: Decimal | None
    sum_post: Decimal | None
    mean_pre: Decimal | None
    mean_post: Decimal | None
    mean_pre_percent: Decimal | None  # mean pre ÷ max × 100
    mean_post_percent: Decimal | None
    class_ei: Decimal | None
    mean_individual_gain: Decimal | None
    n_individual: int
    n_pre_at_max: int
    n_improved: int  # post > pre
    n_unchanged: int
    n_declined: int
    share_improved: Decimal | None  # percent of n_pairs with post > pre
    ceiling_warning: bool
    ceiling_reasons: tuple[str, ...] = ()  # "mean_pre_high", "pre_at_max"


def learning_gain(
    pairs: Iterable[tuple[Any, Any]],
    max_score: Any,
    unpaired_pre: int = 0,
    unpaired_post: int = 0,
) -> LearningGain:
    """Learning gain of a class. ``pairs`` are (pre, post) raw scores of the
    trainees with BOTH tests; ``unpaired_pre`` counts drop-outs (pre, no post)
    and ``unpaired_post`` late-comers (post, no pre); neither enters a figure.
    """
    mx = _frac(max_score)
    if mx <= 0:
        raise ValueError("max_score must be positive")
    if unpaired_pre < 0 or unpaired_post < 0:
        raise ValueError("unpaired counts cannot be negative")
    ps: list[tuple[Fraction, Fraction]] = []
    for pre, post in pairs:
        a, b = _frac(pre), _frac(post)
        if not (0 <= a <= mx and 0 <= b <= mx):
            raise ValueError(f"score outside 0..{max_score}: ({pre}, {post})")
        ps.append((a, b))
    n = len(ps)

    if n == 0:
        return LearningGain(
            max_score=_dec(mx), n_pairs=0, n_dropouts=unpaired_pre,
            n_latecomers=unpaired_post, sum_pre=None, sum_post=None,
            mean_pre=None, mean_post=None, mean_pre_percent=None,
            mean_post_percent=None, class_ei=None, mean_individual_gain=None,
            n_individual=0, n_pre_at_max=0, n_improved=0, n_unchanged=0,
            n_declined=0, share_improved=None, ceiling_warning=False,
        )

    s_pre = sum((a for a, _ in ps), Fraction(0))
    s_post = sum((b for _, b in ps), Fraction(0))
    mean_pre, mean_post = s_pre / n, s_post / n
    denominator = n * mx - s_pre
    ei = (s_post - s_pre) / denominator if denominator != 0 else None

    gains = [(b - a) / (mx - a) for a, b in ps if a < mx]
    n_at_max = n - len(gains)
    mean_gain = sum(gains, Fraction(0)) / len(gains) if gains else None

    improved = sum(1 for a, b in ps if b > a)
    unchanged = sum(1 for a, b in ps if b == a)

    reasons = []
    if mean_pre >= CEILING_SHARE * mx:
        reasons.append("mean_pre_high")
    if n_at_max:
        reasons.append("pre_at_max")

    return LearningGain(
        max_score=_dec(mx),
        n_pairs=n,
        n_dropouts=unpaired_pre,
        n_latecomers=unpaired_post,
        sum_pre=_dec(s_pre),
        sum_post=_dec(s_post),
        mean_pre=_dec(mean_pre),
        mean_post=_dec(mean_post),
        mean_pre_percent=_dec(mean_pre / mx * 100),
        mean_post_percent=_dec(mean_post / mx * 100),
        class_ei=_dec_opt(ei),
        mean_individual_gain=_dec_opt(mean_gain),
        n_individual=len(gains),
        n_pre_at_max=n_at_max,
        n_improved=improved,
        n_unchanged=unchanged,
        n_declined=n - improved - unchanged,
        share_improved=_dec(Fraction(improved * 100, n)),
        ceiling_warning=bool(reasons),
        ceiling_reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------
# paired statistics ("รายละเอียดทางสถิติ")
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class WilcoxonResult:
    """Wilcoxon signed-rank test on d = post − pre, zero differences dropped.

    ``w`` is min(W+, W−) as scipy reports it for a two-sided test. ``method`` is
    "exact" up to 50 non-zero differences (scipy's exact distribution without
    ties; with ties, the exact distribution over all 2^n sign patterns of the
    tied ranks, which is what scipy's exhaustive permutation test gives) and
    "asymptotic" above 50 (normal approximation, continuity correction).
    """

    w: float
    w_plus: float
    w_minus: float
    p: float
    n_used: int
    n_zero: int
    method: str


@dataclass(frozen=True)
class PairedStatistics:
    """Paired t-test, Cohen's d_z and Wilcoxon for d = post − pre.

    ``sd_diff`` uses n − 1. With fewer than two pairs, SD, t, df, p and d_z are
    None; with SD = 0 (all differences equal) t, p and d_z are None (undefined).
    ``wilcoxon`` is None when there is no non-zero difference.
    """

    n: int
    mean_diff: float | None
    sd_diff: float | None
    t: float | None
    df: int | None
    p: float | None
    d_z: float | None
    wilcoxon: WilcoxonResult | None


def _wilcoxon(diffs: Sequence[Fraction]) -> WilcoxonResult | None:
    from scipy import stats

    nonzero = [d for d in diffs if d != 0]
    n_zero = len(diffs) - len(nonzero)
    if not nonzero:
        return None
    # Ranks of |d| with ties averaged, computed here so W+ and W− can be shown.
    order = sorted(range(len(nonzero)), key=lambda i: abs(nonzero[i]))
    ranks = [Fraction(0)] * len(nonzero)
    i = 0
    has_ties = False
    while i < len(order):
        j = i
        while j + 1 < len(order) and abs(nonzero[order[j + 1]]) == abs(nonzero[order[i]]):
            j += 1
        if j > i:
            has_ties = True
        avg = Fraction(i + 1 + j + 1, 2)
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    w_plus = sum((r for r, d in zip(ranks, nonzero) if d > 0), Fraction(0))
    w_minus = sum((r for r, d in zip(ranks, nonzero) if d < 0), Fraction(0))

    n_used = len(nonzero)
    if n_used <= 50 and has_ties:
        # Exact null distribution of W+ given these tied ranks: the same p as
        # scipy's exhaustive permutation test (its "auto" for n <= 13), in
        # milliseconds where scipy takes a second at n = 13 and would fall back
        # to the normal approximation above 13.
        w = float(min(w_plus, w_minus))
        p = _exact_tied_p(ranks, w_plus)
        label = "exact"
    else:
        # no ties and n <= 50: scipy's exact distribution; otherwise the normal
        # approximation with continuity correction (named explicitly, so the
        # figure does not depend on the installed scipy's "auto" rule).
        label = "exact" if n_used <= 50 else "asymptotic"
        with warnings.catch_warnings():
            # Deliberate: scipy warns on small samples; the method is chosen here.
            warnings.simplefilter("ignore", category=RuntimeWarning)
            warnings.simplefilter("ignore", category=UserWarning)
            res = stats.wilcoxon(
                [float(d) for d in nonzero], zero_method="wilcox",
                alternative="two-sided", method=label,
            )
        w, p = float(res.statistic), float(res.pvalue)
    return WilcoxonResult(
        w=w, w_plus=float(w_plus), w_minus=float(w_minus),
        p=p, n_used=n_used, n_zero=n_zero, method=label,
    )


def _exact_tied_p(ranks: Sequence[Fraction], w_plus: Fraction) -> float:
    """Two-sided p of W+ over all 2^n sign patterns of the given (average) ranks:
    2 × min(P(W+ ≤ observed), P(W+ ≥ observed)), at most 1. Average ranks are
    halves, so doubled ranks are integers and the distribution is counted exactly."""
    doubled = [int(r * 2) for r in ranks]
    counts = [1] + [0] * sum(doubled)
    top = 0
    for r in doubled:
        top += r
        for total in range(top, r - 1, -1):
            counts[total] += counts[total - r]
    obs = int(w_plus * 2)
    n_patterns = 2 ** len(doubled)
    lower = Fraction(sum(counts[: obs + 1]), n_patterns)
    upper = Fraction(sum(counts[obs:]), n_patterns)
    return float(min(Fraction(1), 2 * min(lower, upper)))


def paired_statistics(pairs: Iterable[tuple[Any, Any]]) -> PairedStatistics:
    """Paired figures on d = post − pre for (pre, post) pairs."""
    ps = [(_frac(a), _frac(b)) for a, b in pairs]
    diffs = [b - a for a, b in ps]
    n = len(diffs)
    if n == 0:
        return PairedStatistics(0, None, None, None, None, None, None, None)

    mean_fr = sum(diffs, Fraction(0)) / n
    var = _sample_variance(diffs)
    sd = float(_sqrt_fraction(var)) if var is not None else None

    t = p = d_z = None
    df = n - 1 if n >= 2 else None
    if var is not None and var > 0:
        from scipy import stats

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)
            res = stats.ttest_rel(
                [float(b) for _, b in ps], [float(a) for a, _ in ps],
                alternative="two-sided",
            )
        t, p = float(res.statistic), float(res.pvalue)
        d_z = float(mean_fr) / sd

    return PairedStatistics(
        n=n, mean_diff=float(mean_fr), sd_diff=sd, t=t, df=df, p=p, d_z=d_z,
        wilcoxon=_wilcoxon(diffs),
    )


# --------------------------------------------------------------------------
# satisfaction
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    """One interpretation band (แปลผล) of a five-level scale; edges inclusive."""

    level: int  # 5 = มากที่สุด … 1 = น้อยที่สุด
    lower: Decimal
    upper: Decimal
    th: str
    en: str


_LABELS = {
    5: ("มากที่สุด", "Highest"),
    4: ("มาก", "High"),
    3: ("ปานกลาง", "Moderate"),
    2: ("น้อย", "Low"),
    1: ("น้อยที่สุด", "Lowest"),
}


def _scheme(edges: Sequence[tuple[str, str]]) -> tuple[Band, ...]:
    return tuple(
        Band(level, Decimal(lo), Decimal(hi), *_LABELS[level])
        for level, (lo, hi) in zip((5, 4, 3, 2, 1), edges)
    )


#: Band schemes by name, highest band first. "0.8" is the equal-width scheme
#: (range 4 ÷ 5 bands); "0.5" the real-limits scheme. Both band the mean
#: *after* rounding half up to two decimals.
BAND_SCHEMES: dict[str, tuple[Band, ...]] = {
    "0.8": _scheme([("4.21", "5.00"), ("3.41", "4.20"), ("2.61", "3.40"),
                    ("1.81", "2.60"), ("1.00", "1.80")]),
    "0.5": _scheme([("4.51", "5.00"), ("3.51", "4.50"), ("2.51", "3.50"),
                    ("1.51", "2.50"), ("1.00", "1.50")]),
}
DEFAULT_BAND_SCHEME = "0.8"


def band(mean: Any, scheme: str = DEFAULT_BAND_SCHEME) -> Band | None:
    """The band of a mean on the 1–5 scale: the mean is first rounded half up
    to two decimals (4.205 -> 4.21 มากที่สุด; 4.2049 -> 4.20 มาก), then placed by
    inclusive lower edges. None for None; ValueError outside 1.00–5.00."""
    if mean is None:
        return None
    try:
        bands = BAND_SCHEMES[scheme]
    except KeyError:
        raise ValueError(f"unknown band scheme {scheme!r}") from None
    m = round_half_up(mean, 2)
    if m < Decimal("1.00") or m > Decimal("5.00"):
        raise ValueError(f"mean {mean} is outside the 1–5 scale")
    for b in bands:
        if m >= b.lower:
            return b
    raise AssertionError("unreachable: the lowest band starts at 1.00")


#: below this many answers a satisfaction figure is withheld (issue 9)
MIN_SATISFACTION_N = 5
INSUFFICIENT_TH = "ข้อมูลไม่พอ"
INSUFFICIENT_EN = "Not enough data"


@dataclass(frozen=True)
class SatisfactionStats:
    """x̄ and S.D. (n − 1), both rounded half up to two places, and แปลผล.

    When ``sufficient`` is False (n below the minimum) mean, sd and band are
    None and ``label_th`` / ``label_en`` read "ข้อมูลไม่พอ" / "Not enough data".
    ``sd`` is also None for a single answer.
    """

    n: int
    min_n: int
    sufficient: bool
    mean: Decimal | None
    sd: Decimal | None
    band: Band | None

    @property
    def label_th(self) -> str:
        return self.band.th if self.band else INSUFFICIENT_TH

    @property
    def label_en(self) -> str:
        return self.band.en if self.band else INSUFFICIENT_EN


def satisfaction_stats(
    values: Iterable[Any],
    min_n: int = MIN_SATISFACTION_N,
    scheme: str = DEFAULT_BAND_SCHEME,
) -> SatisfactionStats:
    """Satisfaction figures over the answers given (None = not answered, skipped).
    Answers must be 1–5."""
    answers = [_frac(v) for v in values if v is not None]
    for a in answers:
        if not 1 <= a <= 5:
            raise ValueError(f"answer {a} is outside the 1–5 scale")
    n = len(answers)
    if n == 0 or n < min_n:
        return SatisfactionStats(n, min_n, False, None, None, None)
    mean = round_half_up(sum(answers, Fraction(0)) / n, 2)
    var = _sample_variance(answers)
    sd = round_half_up(_sqrt_fraction(var), 2) if var is not None else None
    return SatisfactionStats(n, min_n, True, mean, sd, band(mean, scheme))


@dataclass(frozen=True)
class ItemsSummary:
    """Per-item figures (input order kept) and the overall figure.

    ``overall`` pools every answer given across the items (each answer weighs
    the same), not the mean of the item means: items answered by fewer people
    weigh less, and the overall S.D. is the spread of all answers.
    """

    items: dict[Hashable, SatisfactionStats] = field(default_factory=dict)
    overall: SatisfactionStats | None = None


def summarise_items(
    answers_by_item: Mapping[Hashable, Iterable[Any]],
    min_n: int = MIN_SATISFACTION_N,
    scheme: str = DEFAULT_BAND_SCHEME,
) -> ItemsSummary:
    """Satisfaction per item (or per session, per speaker: any key) and overall."""
    items: dict[Hashable, SatisfactionStats] = {}
    pooled: list[Any] = []
    for key, values in answers_by_item.items():
        vals = [v for v in values if v is not None]
        items[key] = satisfaction_stats(vals, min_n=min_n, scheme=scheme)
        pooled.extend(vals)
    return ItemsSummary(items, satisfaction_stats(pooled, min_n=min_n, scheme=scheme))


# --------------------------------------------------------------------------
# participation
# --------------------------------------------------------------------------

# The official rate is defined once, with the selection rule; re-exported here
# so every figure is importable from this module. It is exact (unrounded, 50
# significant digits): 64.996 stays 64.996, below 65 although shown as 65.00;
# None when members is 0/None or active is None.
from portal.domain.eligibility import participation_rate  # noqa: E402

#: the programme's line: members doing business with the cooperative, percent
PARTICIPATION_THRESHOLD = Decimal(65)


def participation_change(baseline_rate: Any, latest_rate: Any) -> Decimal | None:
    """Latest rate − baseline rate, in percentage points; None if either is missing."""
    if baseline_rate is None or latest_rate is None:
        return None
    return _dec(_frac(latest_rate) - _frac(baseline_rate))


def at_or_above(rate: Any, threshold: Any = PARTICIPATION_THRESHOLD) -> bool | None:
    """rate ≥ threshold on the exact values; None when the rate is unknown."""
    if rate is None:
        return None
    return _frac(rate) >= _frac(threshold)


# --------------------------------------------------------------------------
# accumulated loss
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class LossStatus:
    """Accumulated-loss outcome of a cooperative against its baseline.

    Amounts are the signed accumulated profit/loss as the yearly record keeps it
    (``YearlyFigures.accumulated_profit_loss``): negative = accumulated loss
    (ขาดทุนสะสม), 0 or more = none. ``reduced`` = still a loss but smaller than at
    baseline; ``cleared`` = no accumulated loss left; ``profit_this_year`` = the
    latest year's net result > 0. They are separate facts: reduced is not
    cleared, and neither is a profit this year. ``applicable`` is False when the
    baseline had no loss (or is unknown); reduced and cleared are then None, as
    they are when the latest amount is unknown. ``loss_change`` is the latest
    accumulated loss minus the baseline one, in Baht of loss (a loss of 0 when
    none is left): negative when the loss fell.
    """

    applicable: bool
    reduced: bool | None
    cleared: bool | None
    profit_this_year: bool | None
    loss_change: Decimal | None

    @property
    def fell(self) -> bool | None:
        """The KPI's "accumulated loss fell": reduced or cleared."""
        if self.reduced is None or self.cleared is None:
            return None
        return self.reduced or self.cleared


def loss_status(
    baseline_accumulated: Any,
    latest_accumulated: Any,
    latest_profit_this_year: Any,
) -> LossStatus:
    """Reduced / cleared / profit this year from signed accumulated profit/loss
    (negative = loss) at baseline and latest, and the latest year's result."""
    profit = None if latest_profit_this_year is None else _frac(latest_profit_this_year) > 0
    base = None if baseline_accumulated is None else _frac(baseline_accumulated)
    latest = None if latest_accumulated is None else _frac(latest_accumulated)
    if base is None or base >= 0:
        return LossStatus(False, None, None, profit, None)
    if latest is None:
        return LossStatus(True, None, None, profit, None)
    base_loss, latest_loss = -base, max(-latest, Fraction(0))
    cleared = latest_loss == 0
    reduced = (not cleared) and latest_loss < base_loss
    return LossStatus(True, reduced, cleared, profit, _dec(latest_loss - base_loss))


# --------------------------------------------------------------------------
# training report numbers
# --------------------------------------------------------------------------

#: budget categories in the order the seed lists them: (code, Thai, English)
BUDGET_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("food", "อาหาร", "Food"),
    ("speaker_fees", "สมนาคุณวิทยากร", "Speaker fees"),
    ("transport", "พาหนะ", "Transport"),
    ("materials", "วัสดุ", "Materials"),
    ("venue", "สถานที่", "Venue"),
)
BUDGET_CATEGORY_CODES = tuple(code for code, _, _ in BUDGET_CATEGORIES)

_FEMALE = {"female", "f", "woman", "women", "หญิง"}
_MALE = {"male", "m", "man", "men", "ชาย"}


@dataclass(frozen=True)
class TrainingTotals:
    """The training report's numbers (จำนวนรุ่น / คน / วัน, หญิง ชาย, งบประมาณ).

    ``people`` counts trainee places (a person in two cohorts counts twice, as
    the report counts each cohort). ``person_days`` sums, per trainee, the days
    attended when given (``days_attended``), else the cohort's days.
    """

    cohorts: int
    days: Decimal
    people: int
    women: int
    men: int
    unknown_gender: int
    person_days: Decimal
    planned_by_category: dict[str, Decimal]
    spent_by_category: dict[str, Decimal]
    planned_total: Decimal
    spent_total: Decimal


def _gender_of(trainee: Any) -> str | None:
    g = trainee if isinstance(trainee, str) or trainee is None else _get(trainee, "gender")
    if g is None:
        return None
    g = str(getattr(g, "value", g)).strip().lower()
    if g in _FEMALE:
        return "female"
    if g in _MALE:
        return "male"
    return None


def _add_budget(acc: dict[str, Fraction], budget: Mapping[str, Any] | None) -> None:
    for code, amount in (budget or {}).items():
        if code not in acc:
            raise ValueError(f"unknown budget category {code!r}")
        if amount is not None:
            acc[code] += _frac(amount)


def training_totals(cohorts: Iterable[Any]) -> TrainingTotals:
    """Totals over cohorts given as dicts or objects with ``days``, ``trainees``
    (each a dict/object with ``gender``, or a gender string; "female"/"หญิง",
    "male"/"ชาย", anything else unknown) and ``budget_planned`` /
    ``budget_spent`` mappings {category code: amount}."""
    n_cohorts = 0
    days = Fraction(0)
    people = women = men = 0
    person_days = Fraction(0)
    planned = {code: Fraction(0) for code in BUDGET_CATEGORY_CODES}
    spent = {code: Fraction(0) for code in BUDGET_CATEGORY_CODES}
    for cohort in cohorts:
        n_cohorts += 1
        cohort_days = _frac(_get(cohort, "days") or 0)
        days += cohort_days
        for trainee in _get(cohort, "trainees") or ():
            people += 1
            g = _gender_of(trainee)
            women += g == "female"
            men += g == "male"
            attended = None if isinstance(trainee, str) else _get(trainee, "days_attended")
            person_days += cohort_days if attended is None else _frac(attended)
        _add_budget(planned, _get(cohort, "budget_planned"))
        _add_budget(spent, _get(cohort, "budget_spent"))
    return TrainingTotals(
        cohorts=n_cohorts,
        days=_dec(days),
        people=people,
        women=women,
        men=men,
        unknown_gender=people - women - men,
        person_days=_dec(person_days),
        planned_by_category={k: _dec(v) for k, v in planned.items()},
        spent_by_category={k: _dec(v) for k, v in spent.items()},
        planned_total=_dec(sum(planned.values(), Fraction(0))),
        spent_total=_dec(sum(spent.values(), Fraction(0))),
    )


# --------------------------------------------------------------------------
# KPIs: เป้าหมาย | ผล | ร้อยละ
# --------------------------------------------------------------------------

def kpi_result(target: Any, result: Any) -> Decimal | None:
    """Percent of the target achieved = result ÷ target × 100 (unrounded; may
    exceed 100). None when the target is 0 or missing, or the result missing."""
    if target is None or result is None:
        return None
    t = _frac(target)
    if t == 0:
        return None
    return _dec(_frac(result) / t * 100)


@dataclass(frozen=True)
class KpiRow:
    """One scorecard row: ตัวชี้วัด, หน่วย, เป้าหมาย, ผล, ร้อยละ."""

    name: str
    unit: str
    target: Decimal | None
    result: Decimal | None
    percent: Decimal | None

    @classmethod
    def of(cls, name: str, unit: str, target: Any, result: Any) -> "KpiRow":
        return cls(
            name, unit,
            None if target is None else _dec(_frac(target)),
            None if result is None else _dec(_frac(result)),
            kpi_result(target, result),
        )


# --------------------------------------------------------------------------
# item analysis
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemCorrect:
    n: int  # responses that answered the item
    correct: int
    percent: Decimal | None  # correct ÷ n × 100; None when nobody answered


def percent_correct_by_item(
    responses: Iterable[Mapping[Hashable, bool | None]],
) -> dict[Hashable, ItemCorrect]:
    """Percent correct per item over the responses (one mapping item -> correct
    per response). An item missing or None in a response is not counted in its n.
    Items keep the order in which they first appear."""
    counts: dict[Hashable, list[int]] = {}
    for response in responses:
        for item, ok in response.items():
            c = counts.setdefault(item, [0, 0])
            if ok is None:
                continue
            c[0] += 1
            c[1] += bool(ok)
    return {
        item: ItemCorrect(n, k, _dec(Fraction(k * 100, n)) if n else None)
        for item, (n, k) in counts.items()
    }
