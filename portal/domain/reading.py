"""How a cohort's learning statistics read in words, for officers who are not statisticians.

Plain Python, no Flask: the results page maps these codes to its own Thai/English sentences.

* ``significance(p, mean_diff)``: "higher" / "lower" when the paired t-test's two-sided p is below
  ``ALPHA`` (0.05, the level Thai training evaluations report) in the direction of the mean
  difference post − pre; "none" when p is at or above it; None when p is undefined (fewer than two
  pairs, or every difference the same).
* ``effect_size(d_z)``: Cohen's conventional reading of |d_z| — "very_small" under 0.2, "small"
  under 0.5, "medium" under 0.8, "large" from 0.8; None when d_z is undefined.
"""
from __future__ import annotations

ALPHA = 0.05
EFFECT_EDGES = ((0.2, "very_small"), (0.5, "small"), (0.8, "medium"))


def significance(p: float | None, mean_diff: float | None, alpha: float = ALPHA) -> str | None:
    if p is None or mean_diff is None:
        return None
    if p >= alpha or mean_diff == 0:
        return "none"
    return "higher" if mean_diff > 0 else "lower"


def effect_size(d_z: float | None) -> str | None:
    if d_z is None:
        return None
    size = abs(d_z)
    for edge, name in EFFECT_EDGES:
        if size < edge:
            return name
    return "large"
