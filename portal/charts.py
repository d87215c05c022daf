"""The one module that draws charts: matplotlib ``Figure`` objects (never ``pyplot``) in Sarabun.

Four kinds, each drawn from a plain mapping of numbers and labels that the page, the report and the
download already computed with portal.domain.analytics — this module draws, it never computes a
figure of its own (means in a legend and the 65 % verdict call analytics):

- ``participation``: rates over accounting years, one labelled line per series, the threshold line
  dashed and labelled "เกณฑ์ร้อยละ 65", y from 0 to 100, a None rate leaves a gap;
- ``score_distribution``: pre- and post-test score counts side by side, both means marked;
- ``satisfaction_items``: horizontal bars on the 1–5 scale with the band edges of the scheme;
- ``kpi_bars``: horizontal bars of ร้อยละของเป้าหมาย with the 100 line.

Rendering is thread-safe: every call builds its own ``Figure`` and ``FigureCanvasAgg``; the only
shared state is the font registration (done once, under a lock) and the PNG cache (an LRU keyed by
``data_key``, under a lock). Numbers may be int, float, Decimal or None; the canonical JSON behind
``data_key`` writes every number by its decimal value, so 65, 65.0 and Decimal("65.00") are equal.

The chart's own words (axis names, "ข้อมูลไม่พอ", band names, the alt text) are Thai; a page shown
in English adds ``"lang": "en"`` to the data to get them in English. Titles and labels in the data
are drawn as given.
"""
from __future__ import annotations

import hashlib
import io
import math
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator, MultipleLocator
from matplotlib.transforms import blended_transform_factory

from portal.domain.analytics import (
    BAND_SCHEMES,
    DEFAULT_BAND_SCHEME,
    INSUFFICIENT_EN,
    INSUFFICIENT_TH,
    PARTICIPATION_THRESHOLD,
    at_or_above,
    band,
    round_half_up,
)

__all__ = [
    "KINDS",
    "FONT_FAMILY",
    "WIDTH_CM",
    "HEIGHT_CM",
    "DPI",
    "WIDTH_PX",
    "HEIGHT_PX",
    "CACHE_SIZE",
    "build_figure",
    "render_png",
    "data_key",
    "alt_text",
    "canonical_json",
    "shorten_label",
    "wrap_label",
    "clear_cache",
]

KINDS = ("participation", "score_distribution", "satisfaction_items", "kpi_bars")

FONT_FAMILY = "Sarabun"
# Fallback for a glyph Sarabun lacks; Sarabun stays the font every text reports.
_FAMILIES = [FONT_FAMILY, "DejaVu Sans"]

# A4-friendly: 16 × 9 cm at 150 dpi (945 × 531 px); bar charts with many rows grow taller.
WIDTH_CM = 16.0
HEIGHT_CM = 9.0
DPI = 150
_CM = 1 / 2.54
WIDTH_PX = round(WIDTH_CM * _CM * DPI)  # 945
HEIGHT_PX = round(HEIGHT_CM * _CM * DPI)  # 531

CACHE_SIZE = 256

# Colour-blind-safe (Okabe–Ito) colours, then greys.
_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
_PRE_COLOUR = "#E69F00"
_POST_COLOUR = "#0072B2"
_THRESHOLD_COLOUR = "#C0392B"
_GRID_COLOUR = "#DDDDDD"
_MUTED = "#666666"

_TITLE_SIZE = 11
_TEXT_SIZE = 8.5
_SMALL_SIZE = 7.5

# Participation points are labelled with their values only when there are this few.
_MAX_LABELLED_POINTS = 12

# The chart's own words. Thai unless the data asks for English with "lang": "en" (the page's
# language); labels and titles in the data are drawn as given.
_WORDS = {
    "insufficient": (INSUFFICIENT_TH, INSUFFICIENT_EN),
    "threshold": ("เกณฑ์\nร้อยละ {v}", "Threshold\n{v} percent"),
    "pre": ("ก่อนอบรม", "Before training"),
    "post": ("หลังอบรม", "After training"),
    "people": ("จำนวนคน", "People"),
    "score_axis": ("คะแนน (เต็ม {m})", "Score (out of {m})"),
    "satisfaction_axis": ("ค่าเฉลี่ยความพึงพอใจ (1–5)", "Mean satisfaction (1–5)"),
    "kpi_axis": ("ร้อยละของเป้าหมาย", "Percent of target"),
    "target_line": ("เป้าหมาย (ร้อยละ 100)", "Target (100 percent)"),
    # alt text
    "alt_participation": ("แผนภูมิเส้น {title} เทียบกับเกณฑ์ร้อยละ {v} — {body}",
                          "Line chart: {title}, against the {v} percent threshold — {body}"),
    "alt_rate": ("ปี {x} ร้อยละ {rate}", "{x}: {rate} percent"),
    "at_or_above": ("ถึงเกณฑ์", "at or above the threshold"),
    "below": ("ต่ำกว่าเกณฑ์", "below the threshold"),
    "alt_scores": ("แผนภูมิแท่งการกระจายคะแนน {title} (คะแนนเต็ม {m}) — {body}",
                   "Bar chart of score distribution: {title} (out of {m}) — {body}"),
    "alt_people": ("{name} {n} คน", "{name} {n} people"),
    "alt_mean": ("ค่าเฉลี่ย {mean}", "mean {mean}"),
    "alt_satisfaction": ("แผนภูมิแท่งความพึงพอใจรายข้อ {title} (ค่าเฉลี่ย 1–5) — {body}",
                         "Bar chart of satisfaction by item: {title} (mean on 1–5) — {body}"),
    "alt_kpis": ("แผนภูมิแท่งผลตามตัวชี้วัด {title} — {body}", "Bar chart of KPI results: {title} — {body}"),
    "alt_kpi": ("{label} ร้อยละ {pct} ของเป้าหมาย", "{label} {pct} percent of target"),
    "alt_kpi_detail": (" (ผล {result} จากเป้าหมาย {target})", " (result {result} of target {target})"),
}


def _en(data: Mapping) -> bool:
    return str(data.get("lang") or "th").lower().startswith("en")


def _w(data: Mapping, key: str, **values: Any) -> str:
    text = _WORDS[key][1 if _en(data) else 0]
    return text.format(**values) if values else text


# --------------------------------------------------------------------------
# the font, registered once
# --------------------------------------------------------------------------

_font_lock = threading.Lock()
_font_ready = False


def _sarabun_paths() -> list[str]:
    import fontpkg

    return [str(fontpkg.path(FONT_FAMILY, 400)), str(fontpkg.path(FONT_FAMILY, 700))]


def _ensure_font() -> None:
    """Register Sarabun Regular and Bold with matplotlib's font manager, once per process."""
    global _font_ready
    if _font_ready:
        return
    with _font_lock:
        if _font_ready:
            return
        for path in _sarabun_paths():
            font_manager.fontManager.addfont(path)
        _font_ready = True


def _font(size: float = _TEXT_SIZE, weight: str = "normal", style: str = "normal") -> FontProperties:
    return FontProperties(family=_FAMILIES, size=size, weight=weight, style=style)


# --------------------------------------------------------------------------
# numbers and canonical JSON
# --------------------------------------------------------------------------

def _decimal(value: Any) -> Decimal | None:
    """A number as a Decimal (floats through str, as analytics reads them); None for None/NaN/∞."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except ArithmeticError:
            return None
        return d if d.is_finite() else None
    raise TypeError(f"not a number: {value!r}")


def _num(value: Any) -> float | None:
    d = _decimal(value)
    return None if d is None else float(d)


def _number_token(d: Decimal) -> str:
    d = d.normalize()
    if d == 0:
        return "0"
    return format(d, "f")


def _canonical(value: Any) -> str:
    import json

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal, Fraction)):
        d = _decimal(value)
        return "null" if d is None else _number_token(d)
    if isinstance(value, str):
        return json.dumps(unicodedata.normalize("NFC", value), ensure_ascii=False)
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if type(value).__name__ == "LazyString":  # a flask_babel lazy_gettext text: its current str
        return _canonical(str(value))
    raise TypeError(f"a chart cannot show {type(value).__name__}: {value!r}")


def canonical_json(kind: str, data: Mapping) -> str:
    """Sorted keys, no spaces, NFC strings, every number written by its decimal value."""
    return _canonical({"kind": kind, "data": data})


def data_key(kind: str, data: Mapping) -> str:
    """sha256 hex of the canonical JSON of kind and data: the ETag and the cache key."""
    return hashlib.sha256(canonical_json(kind, data).encode("utf-8")).hexdigest()


def _fmt2(value: Any) -> str:
    """Two decimals, rounded half up the way every table does (analytics.round_half_up)."""
    return f"{round_half_up(_decimal(value), 2):,.2f}"


def _fmt_plain(value: Any) -> str:
    """An integral number without decimals, any other with two."""
    d = _decimal(value)
    if d is None:
        return "–"
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return _fmt2(d)


# --------------------------------------------------------------------------
# Thai labels: wrap at spaces, otherwise shorten with "…"
# --------------------------------------------------------------------------

_LEADING_VOWELS = set("เแโใไ")
# Not marks, but never to be separated from the syllable before them when a label is cut.
_TRAILING = set("ะำๅๆ")


def _clusters(text: str) -> list[str]:
    """Split into cells that are never cut apart: a base character with the vowel and tone marks
    above or below it (and a following ำ or ะ)."""
    cells: list[str] = []
    for ch in text:
        if cells and (unicodedata.category(ch) in ("Mn", "Me") or ch in _TRAILING):
            cells[-1] += ch
        else:
            cells.append(ch)
    return cells


def _cells(text: str) -> float:
    """The default measure: display cells (Thai marks above and below take no width)."""
    return len(_clusters(text))


def _clean(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def shorten_label(text: str, width: float, measure=_cells) -> str:
    """``text`` if it fits in ``width``, else its longest start that fits with "…" after it —
    never cutting a tone mark or vowel from its consonant, nor leaving a leading vowel
    (เ แ โ ใ ไ) or a space just before the "…"."""
    text = _clean(text)
    if measure(text) <= width:
        return text
    cells = _clusters(text)

    def cut(n: int) -> str:
        keep = cells[:n]
        while keep and (keep[-1] in _LEADING_VOWELS or keep[-1] == " "):
            keep.pop()
        return "".join(keep) + "…"

    lo, hi = 1, len(cells) - 1  # the longest n with measure(cut(n)) <= width
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(cut(mid)) <= width:
            lo = mid
        else:
            hi = mid - 1
    return cut(lo)


def wrap_label(text: str, width: float, max_lines: int = 2, measure=_cells) -> str:
    """Wrap at spaces into at most ``max_lines`` lines no wider than ``width`` (cells, or whatever
    ``measure`` counts); what does not fit — a word longer than a line, or text left after the
    last line — is shortened with "…"."""
    words = _clean(text).split(" ") if _clean(text) else []
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current and measure(word) <= width and len(lines) + 1 < max_lines:
            lines.append(current)
            current = word
            continue
        # No room to wrap any more (or the word alone is too long): shorten the rest on this line.
        rest = " ".join([current] + words[i:]) if current else " ".join(words[i:])
        if current and measure(word) > width and len(lines) + 1 < max_lines:
            lines.append(current)
            rest = " ".join(words[i:])
        lines.append(shorten_label(rest, width, measure))
        current = ""
        break
    if current:
        lines.append(current)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# figure helpers
# --------------------------------------------------------------------------

class _Fit:
    """Fits labels to widths in pixels, measured with this figure's own renderer."""

    def __init__(self, fig: Figure):
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()

    def width_px(self) -> float:
        return self.fig.get_figwidth() * self.fig.dpi

    def __call__(self, text: Any, prop: FontProperties, width_px: float, max_lines: int = 2) -> str:
        def measure(s: str) -> float:
            return self.renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

        # "$" would start mathtext: escape it after measuring the text as it will look.
        return wrap_label(str(text or ""), width_px, max_lines, measure).replace("$", r"\$")


def _new_figure(height_cm: float = HEIGHT_CM) -> Figure:
    # Sized in whole pixels, so the PNG is exactly WIDTH_PX wide (Agg would truncate 944.88 to 944).
    height_px = round(height_cm * _CM * DPI)
    fig = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI, facecolor="white",
                 layout="constrained")
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.06)
    FigureCanvasAgg(fig)
    return fig


def _style_axes(ax) -> None:
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_TEXT_SIZE, labelfontfamily=FONT_FAMILY)


def _set_title(fig: Figure, fit: _Fit, data: Mapping) -> None:
    title = data.get("title")
    if title:
        prop = _font(_TITLE_SIZE, "bold")
        fig.suptitle(fit(title, prop, fit.width_px() * 0.96), x=0.015, ha="left",
                     fontproperties=prop)


def _no_data(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            fontproperties=_font(_TITLE_SIZE), color=_MUTED)


def _fix_tick_fonts(fig: Figure) -> None:
    """Give every tick label Sarabun (with the fallback) — the fixed ones set here, the rest by
    tick_params when they are made at draw time."""
    for ax in fig.axes:
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            label.set_fontfamily(_FAMILIES)


def _row_height_cm(rows: int) -> float:
    return max(HEIGHT_CM, 3.4 + 0.85 * rows)


# --------------------------------------------------------------------------
# participation
# --------------------------------------------------------------------------

def _x_categories(series: Sequence[Mapping]) -> list[str]:
    seen: list[str] = []
    for s in series:
        for p in s.get("points") or ():
            x = str(p.get("x"))
            if x not in seen:
                seen.append(x)
    if seen and all(x.strip().lstrip("-").isdigit() for x in seen):
        seen.sort(key=lambda x: int(x))
    return seen


def _participation(fig: Figure, fit: _Fit, data: Mapping) -> None:
    ax = fig.add_subplot()
    _style_axes(ax)
    _set_title(fig, fit, data)
    series = [s for s in (data.get("series") or ()) if isinstance(s, Mapping)]
    xs = _x_categories(series)
    threshold = _num(data.get("threshold", PARTICIPATION_THRESHOLD))

    ax.set_ylim(0, 100)
    ax.yaxis.set_major_locator(MultipleLocator(20))
    ax.grid(axis="y", color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    if data.get("y_label"):
        ax.set_ylabel(fit(data["y_label"], _font(), 330, 1), fontproperties=_font())
    if data.get("x_label"):
        ax.set_xlabel(fit(data["x_label"], _font(), 700, 1), fontproperties=_font())

    index = {x: i for i, x in enumerate(xs)}
    lines: list[list[float]] = []
    for n, s in enumerate(series):
        ys = [math.nan] * len(xs)
        for p in s.get("points") or ():
            rate = _num(p.get("rate"))
            if rate is not None:
                ys[index[str(p.get("x"))]] = rate
        lines.append(ys)
        # A point between two gaps still shows: every point has a marker.
        ax.plot(range(len(xs)), ys, marker="o", markersize=4, linewidth=1.8,
                color=_COLOURS[n % len(_COLOURS)], label=str(n))

    known = sum(1 for ys in lines for y in ys if not math.isnan(y))
    if 0 < known <= _MAX_LABELLED_POINTS and len(lines) <= 2:
        # Few points: print each value, the higher of two above its point, the lower below.
        for i in range(len(xs)):
            here = [(ys[i], n) for n, ys in enumerate(lines) if not math.isnan(ys[i])]
            here.sort()
            for rank, (y, n) in enumerate(here):
                below = len(here) == 2 and rank == 0
                if below and y < 8:
                    # under a point near 0 are the year labels: write the value beside it instead
                    offset, ha, va = (7, 2), "left", "bottom"
                elif below:
                    offset, ha, va = (0, -6), "center", "top"
                else:
                    offset, ha, va = (0, 6), "center", "bottom"
                ax.annotate(_fmt2(y), (i, y), xytext=offset, textcoords="offset points", ha=ha, va=va,
                            fontproperties=_font(_SMALL_SIZE, "bold"), color=_COLOURS[n % len(_COLOURS)])

    if threshold is not None:
        ax.axhline(threshold, linestyle="--", linewidth=1.3, color=_THRESHOLD_COLOUR, zorder=1)
        # Labelled in the margin beside the line, where no point can cover it.
        trans = blended_transform_factory(ax.transAxes, ax.transData)
        ax.text(1.01, threshold, _w(data, "threshold", v=_fmt_plain(threshold)), transform=trans,
                ha="left", va="center", fontproperties=_font(_TEXT_SIZE, "bold"),
                color=_THRESHOLD_COLOUR, clip_on=False)

    if xs:
        slot = 760 / len(xs)
        ax.set_xticks(range(len(xs)), [fit(x, _font(), slot * 0.9, 2) for x in xs])
        ax.set_xlim(-0.5, len(xs) - 0.5)
    else:
        ax.set_xticks([])
    if not known:
        _no_data(ax, _w(data, "insufficient"))
    if series:
        ncol = min(3, len(series))
        prop = _font(_TEXT_SIZE)
        budget = fit.width_px() * 0.94 / ncol - 50
        handles = ax.get_lines()[: len(series)]
        labels = [fit(s.get("label"), prop, budget, 2) for s in series]
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False, prop=prop)


# --------------------------------------------------------------------------
# score distribution
# --------------------------------------------------------------------------

def _scores(values: Any, max_score: int) -> list[int]:
    out = []
    for v in values or ():
        d = _num(v)
        if d is not None:
            out.append(min(max(int(round(d)), 0), max_score))
    return out


def _mean(scores: Sequence[int]) -> Decimal | None:
    if not scores:
        return None
    return round_half_up(Fraction(sum(scores), len(scores)), 2)


def _score_bins(max_score: int) -> list[tuple[int, int]]:
    """One bin per score up to 20 points, otherwise about 10 equal bands."""
    if max_score <= 20:
        return [(s, s) for s in range(max_score + 1)]
    width = math.ceil((max_score + 1) / 10)
    return [(lo, min(lo + width - 1, max_score)) for lo in range(0, max_score + 1, width)]


def _score_position(score: float, bins: Sequence[tuple[int, int]]) -> float:
    """Where a score (or a mean) sits on an x axis with one slot per bin, slot i centred at i."""
    for i, (lo, hi) in enumerate(bins):
        if score < hi + 1 or i == len(bins) - 1:
            return i - 0.5 + (score - lo + 0.5) / (hi - lo + 1)
    return len(bins) - 1.0


def _score_distribution(fig: Figure, fit: _Fit, data: Mapping) -> None:
    ax = fig.add_subplot()
    _style_axes(ax)
    _set_title(fig, fit, data)
    max_score = max(int(_num(data.get("max_score")) or 0), 1)
    pre = _scores(data.get("pre"), max_score)
    post = _scores(data.get("post"), max_score)
    bins = _score_bins(max_score)
    slots = range(len(bins))
    bar = 0.4

    def counts(scores):
        return [sum(1 for s in scores if lo <= s <= hi) for lo, hi in bins]

    handles, labels = [], []
    for scores, shift, colour, name in ((pre, -bar / 2, _PRE_COLOUR, _w(data, "pre")),
                                        (post, bar / 2, _POST_COLOUR, _w(data, "post"))):
        handles.append(ax.bar([i + shift for i in slots], counts(scores), width=bar, color=colour,
                              zorder=2))
        labels.append(f"{name} (n = {len(scores)})")
        mean = _mean(scores)
        if mean is not None:
            handles.append(ax.axvline(_score_position(float(mean), bins), color=colour,
                                      linestyle="--", linewidth=1.6, zorder=3))
            labels.append(f"{name} x̄ = {mean}")

    ax.set_xlim(-0.6, len(bins) - 0.4)
    ax.set_xticks(list(slots), [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in bins])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max(counts(pre) + counts(post) + [1])
    ax.set_ylim(0, top * 1.08 + 0.2)
    ax.grid(axis="y", color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(_w(data, "score_axis", m=max_score), fontproperties=_font())
    ax.set_ylabel(_w(data, "people"), fontproperties=_font())
    if not pre and not post:
        _no_data(ax, _w(data, "insufficient"))
    # English entries are longer than Thai: four in one row run off the picture, so two columns
    # (before | after) there.
    ncol = len(handles) if not _en(data) or len(handles) <= 2 else 2
    fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False,
               prop=_font(_TEXT_SIZE))


# --------------------------------------------------------------------------
# satisfaction by item
# --------------------------------------------------------------------------

def _top_labels(ax, texts: Sequence[tuple[float, str]], colour: str, weight: str = "normal") -> None:
    """Labels just above the plot area at data x positions (band names, the 100 line)."""
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for x, text in texts:
        ax.text(x, 1.01, text, transform=trans, ha="center", va="bottom", clip_on=False,
                fontproperties=_font(_SMALL_SIZE, weight), color=colour)


def _satisfaction_items(fig: Figure, fit: _Fit, data: Mapping) -> None:
    scheme = str(data.get("scheme") or DEFAULT_BAND_SCHEME)
    if scheme not in BAND_SCHEMES:
        raise ValueError(f"unknown band scheme {scheme!r}")
    items = [i for i in (data.get("items") or ()) if isinstance(i, Mapping)]
    ax = fig.add_subplot()
    _style_axes(ax)
    _set_title(fig, fit, data)

    positions = list(range(len(items)))
    labels = [fit(i.get("label"), _font(), fit.width_px() * 0.36, 2) for i in items]
    ax.set_xlim(1, 5.5)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_ylim(len(items) - 0.5 if items else 0.5, -0.6 if items else -0.5)
    bands = sorted(BAND_SCHEMES[scheme], key=lambda b: b.lower)
    for b in bands:
        if b.lower > 1:
            ax.axvline(float(b.lower), color="#BBBBBB", linewidth=0.8, zorder=1)
    _top_labels(ax, [((float(b.lower) + float(b.upper)) / 2, b.en if _en(data) else b.th) for b in bands], "#555555")

    for pos, item in zip(positions, items):
        mean = _num(item.get("mean"))
        if mean is None:
            ax.text(1.05, pos, _w(data, "insufficient"), va="center", ha="left",
                    fontproperties=_font(_TEXT_SIZE, style="italic"), color=_MUTED)
            continue
        shown = min(max(mean, 1.0), 5.0)
        ax.barh(pos, shown - 1, left=1, height=0.6, color=_POST_COLOUR, zorder=2)
        ax.text(shown + 0.04, pos, _fmt2(item.get("mean")), va="center", ha="left",
                fontproperties=_font(_TEXT_SIZE, "bold"), color="#222222")
    ax.set_yticks(positions, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(_w(data, "satisfaction_axis"), fontproperties=_font())
    if not items:
        _no_data(ax, _w(data, "insufficient"))


# --------------------------------------------------------------------------
# KPI bars
# --------------------------------------------------------------------------

def _kpi_bars(fig: Figure, fit: _Fit, data: Mapping) -> None:
    rows = [r for r in (data.get("rows") or ()) if isinstance(r, Mapping)]
    ax = fig.add_subplot()
    _style_axes(ax)
    _set_title(fig, fit, data)
    percents = [_num(r.get("percent")) for r in rows]
    right = max([100.0] + [p for p in percents if p is not None])
    xmax = right * 1.3
    ax.set_xlim(0, xmax)
    ax.axvline(100, color=_THRESHOLD_COLOUR, linestyle="--", linewidth=1.2, zorder=3)
    _top_labels(ax, [(100, _w(data, "target_line"))], _THRESHOLD_COLOUR, "bold")
    positions = list(range(len(rows)))
    for pos, row, pct in zip(positions, rows, percents):
        if pct is None:
            ax.text(xmax * 0.01, pos, _w(data, "insufficient"), va="center", ha="left",
                    fontproperties=_font(_TEXT_SIZE, style="italic"), color=_MUTED)
            continue
        colour = "#009E73" if pct >= 100 else _POST_COLOUR
        ax.barh(pos, max(pct, 0), height=0.6, color=colour, zorder=2)
        detail = ""
        if _num(row.get("target")) is not None and _num(row.get("result")) is not None:
            detail = f" ({_fmt_plain(row.get('result'))}/{_fmt_plain(row.get('target'))})"
        ax.text(max(pct, 0) + xmax * 0.01, pos, _fmt2(row.get("percent")) + detail, va="center",
                ha="left", fontproperties=_font(_TEXT_SIZE, "bold"), color="#222222", zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8})
    ax.set_yticks(positions, [fit(r.get("label"), _font(), fit.width_px() * 0.36, 2) for r in rows])
    ax.set_ylim(len(rows) - 0.5 if rows else 0.5, -0.6 if rows else -0.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=_GRID_COLOUR, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(_w(data, "kpi_axis"), fontproperties=_font())
    if not rows:
        _no_data(ax, _w(data, "insufficient"))


_BUILDERS = {
    "participation": _participation,
    "score_distribution": _score_distribution,
    "satisfaction_items": _satisfaction_items,
    "kpi_bars": _kpi_bars,
}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}; one of {', '.join(KINDS)}")


def _height_for(kind: str, data: Mapping) -> float:
    if kind == "satisfaction_items":
        return _row_height_cm(len(data.get("items") or ()))
    if kind == "kpi_bars":
        return _row_height_cm(len(data.get("rows") or ()))
    return HEIGHT_CM


def build_figure(kind: str, data: Mapping) -> Figure:
    """A new matplotlib Figure (with its own Agg canvas) showing ``data`` as ``kind``."""
    _check_kind(kind)
    if not isinstance(data, Mapping):
        raise TypeError("chart data must be a mapping")
    _ensure_font()
    fig = _new_figure(_height_for(kind, data))
    _BUILDERS[kind](fig, _Fit(fig), data)
    _fix_tick_fonts(fig)
    return fig


# --------------------------------------------------------------------------
# PNG, cached by the data shown
# --------------------------------------------------------------------------

_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def render_png(kind: str, data: Mapping) -> bytes:
    """The PNG of ``build_figure(kind, data)``; equal data (by ``data_key``) is drawn only once."""
    _check_kind(kind)
    key = data_key(kind, data)
    with _cache_lock:
        png = _cache.get(key)
        if png is not None:
            _cache.move_to_end(key)
            return png
    # Drawn outside the lock: two threads may draw the same chart once each, never block each other.
    fig = build_figure(kind, data)
    png = _png(fig)
    with _cache_lock:
        _cache[key] = png
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return png


# --------------------------------------------------------------------------
# alt text
# --------------------------------------------------------------------------

def _join(parts: Sequence[str]) -> str:
    return "; ".join(p for p in parts if p)


def _alt_participation(data: Mapping) -> str:
    threshold = data.get("threshold", PARTICIPATION_THRESHOLD)
    if threshold is None:
        threshold = PARTICIPATION_THRESHOLD
    parts = []
    for s in data.get("series") or ():
        known = [p for p in (s.get("points") or ()) if _decimal(p.get("rate")) is not None]
        label = str(s.get("label") or "")
        if not known:
            parts.append(f"{label}: {_w(data, 'insufficient')}")
            continue
        last = known[-1]
        reached = at_or_above(_decimal(last.get("rate")), _decimal(threshold))
        rates = [_w(data, "alt_rate", x=p.get("x"), rate=_fmt2(p.get("rate")))
                 for p in ([known[0], last] if len(known) > 1 else [last])]
        verdict = _w(data, "at_or_above" if reached else "below")
        parts.append(f"{label}: {', '.join(rates)} ({verdict})")
    return _w(data, "alt_participation", title=data.get("title") or "", v=_fmt_plain(threshold),
              body=_join(parts) or _w(data, "insufficient"))


def _alt_scores(data: Mapping) -> str:
    max_score = max(int(_num(data.get("max_score")) or 0), 1)
    parts = []
    for key in ("pre", "post"):
        scores = _scores(data.get(key), max_score)
        mean = _mean(scores)
        parts.append(_w(data, "alt_people", name=_w(data, key), n=len(scores)) + " "
                     + (_w(data, "alt_mean", mean=mean) if mean is not None else _w(data, "insufficient")))
    return _w(data, "alt_scores", title=data.get("title") or "", m=max_score, body=_join(parts))


def _alt_satisfaction(data: Mapping) -> str:
    scheme = str(data.get("scheme") or DEFAULT_BAND_SCHEME)
    parts = []
    for item in data.get("items") or ():
        mean = _decimal(item.get("mean"))
        label = str(item.get("label") or "")
        if mean is None:
            parts.append(f"{label} {_w(data, 'insufficient')}")
            continue
        level = band(mean, scheme) if Decimal(1) <= round_half_up(mean, 2) <= Decimal(5) else None
        name = (level.en if _en(data) else level.th) if level else ""
        parts.append(f"{label} {_fmt2(mean)}" + (f" ({name})" if name else ""))
    return _w(data, "alt_satisfaction", title=data.get("title") or "",
              body=_join(parts) or _w(data, "insufficient"))


def _alt_kpis(data: Mapping) -> str:
    parts = []
    for row in data.get("rows") or ():
        label = str(row.get("label") or "")
        pct = _decimal(row.get("percent"))
        if pct is None:
            parts.append(f"{label} {_w(data, 'insufficient')}")
            continue
        text = _w(data, "alt_kpi", label=label, pct=_fmt2(pct))
        if _decimal(row.get("target")) is not None and _decimal(row.get("result")) is not None:
            text += _w(data, "alt_kpi_detail", result=_fmt_plain(row.get("result")),
                       target=_fmt_plain(row.get("target")))
        parts.append(text)
    return _w(data, "alt_kpis", title=data.get("title") or "", body=_join(parts) or _w(data, "insufficient"))


_ALTS = {
    "participation": _alt_participation,
    "score_distribution": _alt_scores,
    "satisfaction_items": _alt_satisfaction,
    "kpi_bars": _alt_kpis,
}


def alt_text(kind: str, data: Mapping) -> str:
    """A Thai sentence (English with ``"lang": "en"``) naming what the chart shows and its key numbers,
    for <img alt> and reports."""
    _check_kind(kind)
    return " ".join(_ALTS[kind](data).split())
