"""A cohort's figures: learning (E.I., gains, statistics, items), satisfaction, and the live panel.

Rows are read through ``portal.services.figures`` and every number is computed by
``portal.domain.analytics``; this module only arranges them per cohort, per part,
per item and per agenda session, so the results page, its charts, its downloads
and the live panel show the same numbers. No Flask.

Two privacy rules live here:

* a class figure over fewer than ``MIN_PAIRS`` people (pairs for the gain, answers
  for a mean) is withheld — the page shows "ข้อมูลไม่พอ";
* the live panel computes satisfaction over the first *k* current answers in
  submission order, k = n rounded down to a multiple of ``LIVE_BATCH`` (5): the
  figure moves only every fifth answer, so no single answer can be read off a change.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from portal import clock
from portal.domain import analytics
from portal.instruments.definition import Definition, Question, Section
from portal.models.instruments import Instrument, InstrumentVersion
from portal.models.responses import Response
from portal.models.training import Cohort
from portal.services import figures
from portal.services import windows as windows_svc
from portal.services.assignments import collection_context, instruments_for
from portal.services.instruments import version_definition

__all__ = [
    "MIN_PAIRS", "LIVE_BATCH", "SELF_ASSESSMENT_PARTS",
    "ItemResult", "CohortLearning", "cohort_learning",
    "SatisfactionRow", "SatisfactionPart", "SessionRow", "CohortSatisfaction", "cohort_satisfaction",
    "satisfaction_from_answers", "batch_size",
    "LiveQuestionnaire", "LiveStatus", "live_status", "score_mean", "TABLE_NAMES", "result_tables",
]

#: below this many pairs (or answers) a class figure is shown as "ข้อมูลไม่พอ"
MIN_PAIRS = analytics.MIN_SATISFACTION_N
#: the live panel's satisfaction figures move once per this many answers
LIVE_BATCH = analytics.MIN_SATISFACTION_N
#: parts of the satisfaction form that rate the trainee's own knowledge, not the training:
#: shown as a part, left out of the overall satisfaction (a low "before" is the point of the item)
SELF_ASSESSMENT_PARTS = ("sec_self",)


def _label(labels: Mapping | None) -> dict:
    labels = labels or {}
    th = labels.get("th") or labels.get("en") or ""
    return {"th": th, "en": labels.get("en") or th}


# --- learning ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """One test item: its number, question text, and percent correct before and after."""

    number: int
    name: str
    text: dict
    pre: analytics.ItemCorrect | None
    post: analytics.ItemCorrect | None


@dataclass
class CohortLearning:
    gain: analytics.LearningGain | None  # None when the cohort has no knowledge test
    stats: analytics.PairedStatistics
    items: list[ItemResult]
    pre_scores: list[int]  # every current pre-test, paired or not
    post_scores: list[int]
    max_score: int | None
    min_pairs: int = MIN_PAIRS

    @property
    def n_pairs(self) -> int:
        return self.gain.n_pairs if self.gain else 0

    @property
    def sufficient(self) -> bool:
        """Enough pairs to show the class's gain and statistics."""
        return self.n_pairs >= self.min_pairs

    @property
    def pre_sufficient(self) -> bool:
        return len(self.pre_scores) >= self.min_pairs

    @property
    def post_sufficient(self) -> bool:
        return len(self.post_scores) >= self.min_pairs

    @property
    def pre_mean_percent(self):
        return score_mean(self.pre_scores, self.max_score)

    @property
    def post_mean_percent(self):
        return score_mean(self.post_scores, self.max_score)


def score_mean(scores: list[int], max_score: int | None):
    """The class's mean test score in percent (Σ correct ÷ (n × items) × 100); None without scores."""
    if not scores or not max_score:
        return None
    return analytics.test_score(sum(scores), len(scores) * max_score)


def _test_instrument(cohort: Cohort) -> Instrument | None:
    return next((i for i in instruments_for(cohort) if i.level == "learning"), None)


def _reaction_instrument(cohort: Cohort) -> Instrument | None:
    return next((i for i in instruments_for(cohort) if i.level == "reaction"), None)


def _definition_of(instrument: Instrument | None, version_id: int | None = None) -> Definition | None:
    if instrument is None:
        return None
    vid = version_id or instrument.current_version_id
    if vid is None:
        return None
    return version_definition(InstrumentVersion.get_by_id(vid))


def _correct_by_item(defn: Definition, answers: Mapping) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for name, key in defn.answer_key.items():
        given = answers.get(name)
        if isinstance(given, str):
            given = given.strip()
        out[name] = None if given in (None, "") else str(given) == key
    return out


def _items(responses: Iterable[Response], defn: Definition | None) -> dict[str, analytics.ItemCorrect]:
    marks = []
    by_version: dict[int, Definition] = {}  # one definition per version answered, not one query per response
    for response in responses:
        d = defn
        if response.version_id:
            if response.version_id not in by_version:
                by_version[response.version_id] = version_definition(InstrumentVersion.get_by_id(response.version_id))
            d = by_version[response.version_id]
        if d is None:
            continue
        marks.append(_correct_by_item(d, json.loads(response.answers or "{}")))
    return analytics.percent_correct_by_item(marks)


def cohort_learning(cohort: Cohort, *, until: dt.datetime | None = None) -> CohortLearning:
    """The cohort's knowledge test: E.I. and individual gains, paired statistics, items, score lists."""
    tp = figures.test_pairs([cohort], until=until)[cohort.id]
    instrument = _test_instrument(cohort)
    defn = _definition_of(instrument)
    max_score = tp.max_score or (defn.max_score if defn is not None and defn.max_score else None)
    gain = (analytics.learning_gain(tp.pairs, max_score, tp.unpaired_pre, tp.unpaired_post)
            if max_score else None)
    stats = analytics.paired_statistics(tp.pairs)
    pre_items = _items(tp.pre.values(), defn)
    post_items = _items(tp.post.values(), defn)
    items: list[ItemResult] = []
    if defn is not None:
        keyed = [q for q in defn.questions() if q.name in defn.answer_key]
        for number, q in enumerate(keyed, start=1):
            items.append(ItemResult(number, q.name, _label(q.label), pre_items.get(q.name), post_items.get(q.name)))
    pre_scores = [r.score for r in tp.pre.values()]
    post_scores = [r.score for r in tp.post.values()]
    return CohortLearning(gain=gain, stats=stats, items=items, pre_scores=pre_scores, post_scores=post_scores,
                          max_score=int(max_score) if max_score else None)


# --- satisfaction ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionRow:
    """One rated item (x̄, S.D., แปลผล, n)."""

    name: str
    label: dict
    stats: analytics.SatisfactionStats


@dataclass
class SatisfactionPart:
    """One part (ตอน) of the form with its items and the part's pooled figure."""

    name: str
    label: dict
    rows: list[SatisfactionRow]
    overall: analytics.SatisfactionStats
    in_overall: bool = True
    is_sessions: bool = False


@dataclass
class SessionRow:
    """One agenda session: its title and speaker, each repeated item, and both pooled."""

    key: str
    title: str
    speaker: str
    items: list[SatisfactionRow]
    overall: analytics.SatisfactionStats

    def item(self, name: str) -> SatisfactionRow | None:
        return next((r for r in self.items if r.name == name), None)


@dataclass
class CohortSatisfaction:
    n: int  # satisfaction forms counted
    scheme: str
    parts: list[SatisfactionPart] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    session_questions: list[SatisfactionRow] = field(default_factory=list)  # the repeat's items, all sessions pooled
    overall: analytics.SatisfactionStats | None = None
    has_form: bool = True
    n_total: int | None = None  # live panel: answers in, of which ``n`` are counted

    @property
    def sufficient(self) -> bool:
        return self.n >= analytics.MIN_SATISFACTION_N

    def items(self) -> list[SatisfactionRow]:
        """Every satisfaction item of the parts not repeated per session (for the chart): self-assessment left out."""
        return [row for part in self.parts if not part.is_sessions and part.in_overall for row in part.rows]


def _scale_questions(nodes) -> list[Question]:
    out = []
    for node in nodes:
        if isinstance(node, Question) and node.type == "scale5":
            out.append(node)
        elif isinstance(node, Section) and node.kind == "group":
            out.extend(_scale_questions(node.children))
    return out


def _stats(values, scheme: str) -> analytics.SatisfactionStats:
    return analytics.satisfaction_stats(values, scheme=scheme)


def _value(raw: Any):
    """A stored scale answer as a number (None when absent or not a 1–5 integer)."""
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 5 else None


def satisfaction_from_answers(defn: Definition | None, sessions: list[Mapping], answers: list[Mapping], *,
                              scheme: str = analytics.DEFAULT_BAND_SCHEME) -> CohortSatisfaction:
    """Satisfaction per item, per part, per agenda session and overall over the answers given.

    ``sessions`` are the cohort's agenda sessions as ``{"id", "title", "speaker"}`` (the keys of the
    repeated answers); session keys found in answers but not on the agenda are kept, labelled by key.
    """
    if scheme not in analytics.BAND_SCHEMES:
        scheme = analytics.DEFAULT_BAND_SCHEME
    out = CohortSatisfaction(n=len(answers), scheme=scheme, has_form=defn is not None)
    if defn is None:
        out.overall = _stats([], scheme)
        return out
    pooled: list[int] = []
    for node in defn.children:
        if isinstance(node, Section) and node.kind == "repeat":
            questions = [q for q in node.children if isinstance(q, Question) and q.type == "scale5"]
            if not questions:
                continue
            known = [(str(s.get("id")), str(s.get("title") or ""), str(s.get("speaker") or "")) for s in sessions]
            seen = {k for k, _, _ in known}
            for a in answers:
                for key in (a.get(node.name) or {}):
                    if str(key) not in seen:
                        seen.add(str(key))
                        known.append((str(key), f"#{key}", ""))
            part_values: list[int] = []
            per_question: dict[str, list[int]] = {q.name: [] for q in questions}
            for key, title, speaker in known:
                rows, session_values = [], []
                for q in questions:
                    values = [_value(((a.get(node.name) or {}).get(key) or {}).get(q.name)) for a in answers]
                    values = [v for v in values if v is not None]
                    rows.append(SatisfactionRow(q.name, _label(q.label), _stats(values, scheme)))
                    session_values.extend(values)
                    per_question[q.name].extend(values)
                part_values.extend(session_values)
                out.sessions.append(SessionRow(key, title, speaker, rows, _stats(session_values, scheme)))
            out.session_questions = [SatisfactionRow(q.name, _label(q.label), _stats(per_question[q.name], scheme))
                                     for q in questions]
            out.parts.append(SatisfactionPart(node.name, _label(node.label), list(out.session_questions),
                                              _stats(part_values, scheme), True, True))
            pooled.extend(part_values)
            continue
        if isinstance(node, Section):
            questions = _scale_questions(node.children)
            label = _label(node.label)
        elif isinstance(node, Question) and node.type == "scale5":
            questions, label = [node], _label(node.label)
        else:
            continue
        if not questions:
            continue
        rows, part_values = [], []
        for q in questions:
            values = [v for v in (_value(a.get(q.name)) for a in answers) if v is not None]
            rows.append(SatisfactionRow(q.name, _label(q.label), _stats(values, scheme)))
            part_values.extend(values)
        in_overall = node.name not in SELF_ASSESSMENT_PARTS
        out.parts.append(SatisfactionPart(node.name, label, rows, _stats(part_values, scheme), in_overall))
        if in_overall:
            pooled.extend(part_values)
    out.overall = _stats(pooled, scheme)
    return out


def _satisfaction_inputs(cohort: Cohort, until: dt.datetime | None):
    instrument = _reaction_instrument(cohort)
    defn = _definition_of(instrument)
    sessions = collection_context(cohort)["agenda_sessions"]
    answers = figures.satisfaction_answers([cohort], until=until).get(cohort.id, [])
    return defn, sessions, answers


def cohort_satisfaction(cohort: Cohort, *, scheme: str = "0.8", until: dt.datetime | None = None
                        ) -> CohortSatisfaction:
    """The cohort's satisfaction: x̄, S.D., แปลผล per item, per session and speaker, per part and overall."""
    defn, sessions, answers = _satisfaction_inputs(cohort, until)
    return satisfaction_from_answers(defn, sessions, answers, scheme=scheme)


def batch_size(n: int, batch: int = LIVE_BATCH) -> int:
    """How many answers the live panel counts: n rounded down to a multiple of ``batch``."""
    return (max(n, 0) // batch) * batch


# --- the live panel -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveQuestionnaire:
    key: str
    instrument: Instrument
    phase: str
    answered: int
    roster: int
    anonymous: bool
    is_open: bool


@dataclass
class LiveStatus:
    cohort: Cohort
    questionnaires: list[LiveQuestionnaire]
    rows: list  # windows.RosterRow, Thai order
    learning: CohortLearning
    satisfaction: CohortSatisfaction | None  # batched; None when the cohort has no satisfaction form
    satisfaction_in: int  # current satisfaction answers in
    as_of: dt.datetime

    @property
    def open(self) -> list[LiveQuestionnaire]:
        return [q for q in self.questionnaires if q.is_open]

    @property
    def any_window_open(self) -> bool:
        return any(q.is_open for q in self.questionnaires)

    @property
    def claimed(self) -> list:
        return [r for r in self.rows if r.claim is not None]


def live_status(cohort: Cohort, *, scheme: str = "0.8") -> LiveStatus:
    """What the facilitator's panel shows now: who answered each open questionnaire, claims, class figures,
    and satisfaction over the first k = ⌊n ÷ 5⌋ × 5 answers (withheld below 5)."""
    items = windows_svc.questionnaires(cohort)
    rows = windows_svc.roster(cohort, items)
    live = [LiveQuestionnaire(q.key, q.instrument, q.phase, q.answered, q.roster, bool(q.instrument.anonymous),
                              q.state == "open") for q in items]
    learning = cohort_learning(cohort)
    defn, sessions, answers = _satisfaction_inputs(cohort, None)
    satisfaction = None
    if defn is not None:
        k = batch_size(len(answers))
        satisfaction = satisfaction_from_answers(defn, sessions, answers[:k], scheme=scheme)
        satisfaction.n_total = len(answers)
    return LiveStatus(cohort=cohort, questionnaires=live, rows=rows, learning=learning, satisfaction=satisfaction,
                      satisfaction_in=len(answers), as_of=clock.naive_now())


# --- the tables of the downloads (Thai, as the offices file them) ---------------------------------------------

TABLE_NAMES = ("learning", "items", "satisfaction", "sessions")


def _pct(value):
    """A ratio (E.I., gain) as a percent, unrounded; None stays None."""
    return None if value is None else value * 100


def _rounded(value, places: int) -> Decimal:
    """A figure of a download, rounded half up as the page shows it."""
    return analytics.round_half_up(value, places)


def _p_text(p) -> str | None:
    """A p-value as the page shows it: "< 0.001" or three decimals."""
    if p is None:
        return None
    return "< 0.001" if p < 0.001 else f"{analytics.round_half_up(p, 3)}"


def _sat_cells(stats: analytics.SatisfactionStats) -> list:
    if not stats.sufficient:
        return [analytics.INSUFFICIENT_TH, None, analytics.INSUFFICIENT_TH, stats.n]
    return [stats.mean, stats.sd, stats.band.th if stats.band else "", stats.n]


def result_tables(cohort: Cohort, learning: CohortLearning, satisfaction: CohortSatisfaction,
                  as_of: dt.date) -> dict[str, "Table"]:
    """One Table per figure block of the results page (the page, the XLSX and each CSV show these)."""
    from portal.domain.thaidates import format_date
    from portal.exports import Column, Table

    course = cohort.course
    subtitles = (f"หลักสูตรที่ {course.number} {course.name_th} รุ่นที่ {cohort.number}",
                 f"{cohort.centre.name_th} วันที่อบรม {format_date(cohort.starts, 'long')}"
                 + (f" – {format_date(cohort.ends, 'long')}" if cohort.ends != cohort.starts else ""))
    as_of_text = f"ข้อมูล ณ วันที่ {format_date(as_of, 'long')}"
    gain, stats = learning.gain, learning.stats
    ok = learning.sufficient
    insufficient = analytics.INSUFFICIENT_TH
    rows: list[list] = [
        ["จำนวนคู่ (ทำทั้งก่อนและหลังอบรม)", learning.n_pairs],
        ["ทำเฉพาะแบบทดสอบก่อนอบรม (ไม่นำมาจับคู่)", gain.n_dropouts if gain else 0],
        ["ทำเฉพาะแบบทดสอบหลังอบรม (ไม่นำมาจับคู่)", gain.n_latecomers if gain else 0],
        ["คะแนนเต็ม", learning.max_score],
    ]

    def fig(label, value, places=None):
        # rounded as the page shows it (a CSV of 28-digit decimals is unreadable); p as the page: "< 0.001"
        if places is not None and value is not None:
            value = _rounded(value, places)
        rows.append([label, value if ok else insufficient])

    fig("คะแนนเฉลี่ยก่อนอบรม (ร้อยละ)", gain.mean_pre_percent if gain else None, 2)
    fig("คะแนนเฉลี่ยหลังอบรม (ร้อยละ)", gain.mean_post_percent if gain else None, 2)
    fig("ดัชนีประสิทธิผล (E.I.) ของรุ่น (ร้อยละ)", _pct(gain.class_ei) if gain else None, 2)
    fig("ค่าเฉลี่ยความก้าวหน้ารายบุคคล (ร้อยละ)", _pct(gain.mean_individual_gain) if gain else None, 2)
    rows.append(["ผู้ที่คะแนนก่อนอบรมเต็ม (ไม่นำมาคิดค่าเฉลี่ยรายบุคคล)", gain.n_pre_at_max if gain else 0])
    fig("ร้อยละของผู้ที่คะแนนหลังอบรมสูงกว่าก่อนอบรม", gain.share_improved if gain else None, 2)
    fig("ผลต่างเฉลี่ย (หลัง − ก่อน)", stats.mean_diff, 2)
    fig("ส่วนเบี่ยงเบนมาตรฐานของผลต่าง", stats.sd_diff, 2)
    fig("t", stats.t, 3)
    fig("df", stats.df)
    fig("p (t-test สองทาง)", _p_text(stats.p))
    fig("Cohen's d_z", stats.d_z, 2)
    w = stats.wilcoxon
    fig("Wilcoxon W", w.w if w else None, 1)
    fig("Wilcoxon W+", w.w_plus if w else None, 1)
    fig("Wilcoxon W−", w.w_minus if w else None, 1)
    fig("Wilcoxon p", _p_text(w.p) if w else None)
    fig("Wilcoxon วิธีคำนวณ", w.method if w else None)
    fig("Wilcoxon จำนวนคู่ที่ใช้", w.n_used if w else None)
    fig("Wilcoxon ผลต่างเป็นศูนย์ (ตัดออก)", w.n_zero if w else learning.n_pairs if ok else None)
    learning_table = Table("ผลการทดสอบความรู้ก่อนและหลังการอบรม",
                           [Column("รายการ", width=48), Column("ค่า", kind="text", width=18)],
                           [[label, value] for label, value in rows], subtitles, as_of_text, "ผลการเรียนรู้")

    def pc(item: analytics.ItemCorrect | None):
        return _rounded(item.percent, 2) if item is not None and item.n >= learning.min_pairs else insufficient

    items_table = Table("ร้อยละที่ตอบถูกรายข้อ ก่อนและหลังการอบรม",
                        [Column("ข้อ", kind="int", width=6), Column("คำถาม", width=60),
                         Column("ก่อนอบรม (ร้อยละ)", kind="percent"), Column("จำนวนผู้ตอบก่อน", kind="int"),
                         Column("หลังอบรม (ร้อยละ)", kind="percent"), Column("จำนวนผู้ตอบหลัง", kind="int")],
                        [[i.number, i.text["th"], pc(i.pre), i.pre.n if i.pre else 0, pc(i.post),
                          i.post.n if i.post else 0] for i in learning.items],
                        subtitles, as_of_text, "รายข้อ")
    sat_rows = []
    for part in satisfaction.parts:
        if part.in_overall:  # a self-assessment part (knowledge before + after) has no meaningful total
            sat_rows.append([part.label["th"], "รวมทั้งตอน", *_sat_cells(part.overall)])
        for row in part.rows:
            sat_rows.append([part.label["th"], row.label["th"], *_sat_cells(row.stats)])
    if satisfaction.overall is not None:
        sat_rows.append(["ภาพรวม", "ความพึงพอใจโดยรวม (ทุกข้อ)", *_sat_cells(satisfaction.overall)])
    sat_columns = [Column("x̄", kind="decimal"), Column("S.D.", kind="decimal"), Column("แปลผล"),
                   Column("n", kind="int")]
    satisfaction_table = Table(f"ความพึงพอใจต่อการฝึกอบรม ({satisfaction.n} ฉบับ)",
                               [Column("ตอน", width=36), Column("รายการ", width=60), *sat_columns], sat_rows,
                               subtitles, as_of_text, "ความพึงพอใจ")
    session_rows = []
    for s in satisfaction.sessions:
        for row in s.items:
            session_rows.append([s.title, s.speaker, row.label["th"], *_sat_cells(row.stats)])
        session_rows.append([s.title, s.speaker, "รวมหัวข้อนี้", *_sat_cells(s.overall)])
    sessions_table = Table("ความพึงพอใจรายหัวข้อวิชาและวิทยากร",
                           [Column("หัวข้อวิชา", width=48), Column("วิทยากร", width=28), Column("รายการ", width=48),
                            *sat_columns], session_rows, subtitles, as_of_text, "รายหัวข้อ")
    return {"learning": learning_table, "items": items_table, "satisfaction": satisfaction_table,
            "sessions": sessions_table}
