"""The rows every figure is computed from, read one way for pages, charts and reports.

Each loader returns plain values for the formulas in ``portal.domain.analytics``:
the cohort page, the live panel, the bureau overview, the KPI scorecards and the
documents all read tests and satisfaction answers through here, so a figure
cannot differ between two places because two queries differed.

Only *current* responses count (``state == "submitted"``; an edited satisfaction
form supersedes its earlier answer, which is kept but not counted). ``until``
(a naive local datetime) limits the rows to those submitted up to that moment —
a quarterly report is the picture as of the quarter's last day.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from portal.models.instruments import Instrument
from portal.models.responses import Response
from portal.models.training import Cohort

__all__ = ["TestPairs", "test_pairs", "satisfaction_answers", "CURRENT"]

CURRENT = "submitted"


@dataclass
class TestPairs:
    """The knowledge test of one cohort: (pre, post) raw scores of trainees with both, and who lacks one."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    unpaired_pre: int = 0  # drop-outs: a pre-test and no post-test
    unpaired_post: int = 0  # late-comers: a post-test and no pre-test
    max_score: int | None = None
    pre: dict[int, Response] = field(default_factory=dict)  # by trainee id
    post: dict[int, Response] = field(default_factory=dict)


TestPairs.__test__ = False  # type: ignore[attr-defined]  # not a pytest class


def _cohort_ids(cohorts: Iterable[Cohort | int]) -> list[int]:
    return [c if isinstance(c, int) else c.id for c in cohorts]


def test_pairs(cohorts: Iterable[Cohort | int], *, until: dt.datetime | None = None) -> dict[int, TestPairs]:
    """Per cohort id: the paired pre/post scores of its learning test (every cohort asked appears)."""
    ids = _cohort_ids(cohorts)
    out: dict[int, TestPairs] = {cid: TestPairs() for cid in ids}
    if not ids:
        return out
    query = (Response.select(Response, Instrument)
             .join(Instrument)
             .where(Response.cohort.in_(ids), Response.state == CURRENT, Response.phase.in_(("pre", "post")),
                    Response.trainee.is_null(False), Response.score.is_null(False),
                    Instrument.level == "learning")
             .order_by(Response.id))
    if until is not None:
        query = query.where(Response.submitted_at <= until)
    for response in query:
        tp = out[response.cohort_id]
        (tp.pre if response.phase == "pre" else tp.post)[response.trainee_id] = response
        if response.max_score:
            tp.max_score = response.max_score
    for tp in out.values():
        for trainee_id, pre in tp.pre.items():
            post = tp.post.get(trainee_id)
            if post is not None:
                tp.pairs.append((pre.score, post.score))
        tp.unpaired_pre = sum(1 for t in tp.pre if t not in tp.post)
        tp.unpaired_post = sum(1 for t in tp.post if t not in tp.pre)
    return out


test_pairs.__test__ = False  # type: ignore[attr-defined]


def satisfaction_answers(cohorts: Iterable[Cohort | int], *,
                         until: dt.datetime | None = None) -> dict[int, list[dict]]:
    """Per cohort id: the answers (parsed JSON) of its current satisfaction forms, oldest first."""
    ids = _cohort_ids(cohorts)
    out: dict[int, list[dict]] = defaultdict(list)
    for cid in ids:
        out[cid] = []
    if not ids:
        return dict(out)
    query = (Response.select(Response.cohort, Response.answers)
             .join(Instrument)
             .where(Response.cohort.in_(ids), Response.state == CURRENT, Instrument.level == "reaction")
             .order_by(Response.id))
    if until is not None:
        query = query.where(Response.submitted_at <= until)
    for response in query:
        out[response.cohort_id].append(json.loads(response.answers))
    return dict(out)
