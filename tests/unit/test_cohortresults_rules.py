"""A cohort's figures against classes computed by hand from DOMAIN.md (portal.services.cohort_results)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cohortresults_support import (CLASS_PAIRS, forms, open_window, seed_class, store_satisfaction, store_test,
                                   trainees)
from portal.domain import analytics
from portal.domain.thaitext import thai_sort_key
from portal.instruments.definition import load_file
from portal.services import cohort_results as cr

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def sat_defn():
    return load_file(FORMS / "c1_satisfaction.yaml")


# --- pure: satisfaction arranged per item, part, session -------------------------------------------------------


def _answers(values, name="overall"):
    return [{name: v} for v in values]


def test_band_edge_4_205_rounds_up_to_highest(sat_defn):
    answers = _answers([5] * 41 + [4] * 159)  # 841 ÷ 200 = 4.205
    got = cr.satisfaction_from_answers(sat_defn, [], answers)
    row = next(r for p in got.parts for r in p.rows if r.name == "overall")
    assert row.stats.mean == Decimal("4.21") and row.stats.band.th == "มากที่สุด" and row.stats.n == 200


def test_band_edge_4_20_is_high(sat_defn):
    got = cr.satisfaction_from_answers(sat_defn, [], _answers([5, 5, 4, 4, 3]))  # 21 ÷ 5 = 4.20
    row = next(r for p in got.parts for r in p.rows if r.name == "overall")
    assert row.stats.mean == Decimal("4.20") and row.stats.band.th == "มาก"
    assert row.stats.sd == Decimal("0.84")  # √0.7 = 0.8366…


def test_four_answers_are_not_enough(sat_defn):
    got = cr.satisfaction_from_answers(sat_defn, [], _answers([5, 5, 4, 4]))
    row = next(r for p in got.parts for r in p.rows if r.name == "overall")
    assert not row.stats.sufficient and row.stats.mean is None and row.stats.label_th == "ข้อมูลไม่พอ"
    assert not got.overall.sufficient and got.overall.label_th == analytics.INSUFFICIENT_TH


def test_sessions_per_speaker_and_overall_leaves_out_self_assessment(sat_defn):
    sessions = [{"id": "11", "title": "บทบาทกรรมการ", "speaker": "นายวิทยากร หนึ่ง"},
                {"id": "12", "title": "การวางแผน", "speaker": "นางวิทยากร สอง"}]
    answers = [{"sessions": {"11": {"session_content": 5, "speaker_delivery": 4},
                             "12": {"session_content": 3, "speaker_delivery": 3}},
                "overall": 4, "knowledge_before": 1} for _ in range(5)]
    got = cr.satisfaction_from_answers(sat_defn, sessions, answers)
    first, second = got.sessions
    assert (first.title, first.speaker) == ("บทบาทกรรมการ", "นายวิทยากร หนึ่ง")
    assert first.item("session_content").stats.mean == Decimal("5.00")
    assert first.item("speaker_delivery").stats.mean == Decimal("4.00")
    assert first.overall.mean == Decimal("4.50") and first.overall.n == 10
    assert second.overall.mean == Decimal("3.00") and second.overall.band.th == "ปานกลาง"
    self_part = next(p for p in got.parts if p.name == "sec_self")
    assert not self_part.in_overall
    # overall pools sessions (5,4,3,3 ×5) and "overall" (4 ×5) but not knowledge_before: 95 ÷ 25 = 3.80
    assert got.overall.mean == Decimal("3.80") and got.overall.n == 25


def test_batch_size_rounds_down_to_fives():
    assert [cr.batch_size(n) for n in (0, 4, 5, 6, 9, 10, 14, 15)] == [0, 0, 5, 5, 5, 10, 10, 15]


# --- database-backed ---------------------------------------------------------------------------------------------

@pytest.mark.db
def test_learning_of_the_hand_computed_class(world):
    test, _ = forms()
    seed_class(world, test)
    got = cr.cohort_learning(world.cohort)
    g = got.gain
    assert got.sufficient and g.n_pairs == 6 and g.n_dropouts == 1 and g.n_latecomers == 1
    assert g.class_ei == Decimal("0.4")
    assert round(g.mean_individual_gain, 6) == Decimal("0.306667")
    assert g.n_individual == 5 and g.n_pre_at_max == 1
    assert g.ceiling_warning and g.ceiling_reasons == ("pre_at_max",)
    assert g.share_improved == Decimal(50)
    w = got.stats.wilcoxon
    assert (w.n_used, w.n_zero, w.w_plus, w.w_minus, w.w) == (4, 2, 9.0, 1.0, 1.0)
    assert got.stats.mean_diff == pytest.approx(20 / 6)
    assert sorted(got.pre_scores) == sorted([p for p, _ in CLASS_PAIRS] + [9])
    assert len(got.post_scores) == 7 and got.max_score == 20


@pytest.mark.db
def test_fewer_than_five_pairs_is_not_enough(world):
    test, _ = forms()
    for person, (pre, post) in zip(trainees(world, 4), CLASS_PAIRS):
        store_test(test, person, "pre", pre)
        store_test(test, person, "post", post)
    got = cr.cohort_learning(world.cohort)
    assert got.n_pairs == 4 and not got.sufficient and not got.pre_sufficient


@pytest.mark.db
def test_percent_correct_per_item_uses_the_answer_key(world):
    test, _ = forms()
    from portal.services.instruments import current_definition

    _, defn = current_definition("c1_knowledge")
    key = defn.answer_key
    first, second = list(key)[:2]
    wrong = next(c.name for c in defn.question(first).choices if c.name != key[first])
    people = trainees(world, 5)
    for i, person in enumerate(people):
        store_test(test, person, "pre", 1, answers={first: key[first] if i < 2 else wrong, second: key[second]})
    got = cr.cohort_learning(world.cohort)
    item1, item2 = got.items[0], got.items[1]
    assert item1.number == 1 and item1.name == first and item1.text["th"]
    assert (item1.pre.n, item1.pre.correct, item1.pre.percent) == (5, 2, Decimal(40))
    assert item2.pre.percent == Decimal(100) and item1.post is None


@pytest.mark.db
def test_live_satisfaction_moves_only_every_fifth_answer(world):
    test, satisfaction = forms()
    open_window(world.cohort, satisfaction, "single")
    people = trainees(world, 10)
    # answers chosen so that every added answer would move a running mean
    values = [5, 4, 5, 3, 4, 1, 2, 1, 2, 5]
    seen = {}
    for i, (person, value) in enumerate(zip(people, values), start=1):
        store_satisfaction(satisfaction, person, {"overall": value})
        live = cr.live_status(world.cohort)
        s = live.satisfaction
        seen[i] = (s.n, s.overall.mean, s.overall.sufficient)
        assert live.satisfaction_in == i and live.any_window_open
    assert all(not seen[i][2] for i in range(1, 5))  # withheld under 5
    assert seen[5] == seen[6] == seen[9] == (5, Decimal("4.20"), True)  # 21 ÷ 5
    assert seen[10] == (10, Decimal("3.20"), True)  # 32 ÷ 10
    # the full results page counts every answer
    assert cr.cohort_satisfaction(world.cohort).overall.mean == Decimal("3.20")


@pytest.mark.db
def test_live_status_roster_shows_who_sent_each_open_questionnaire(world):
    test, satisfaction = forms()
    open_window(world.cohort, test, "pre")
    a, b = trainees(world, 2)
    store_test(test, a, "pre", 12)
    live = cr.live_status(world.cohort)
    assert [q.key for q in live.open] == [f"{test.id}-pre"]
    states = {row.trainee.id: row.states[f"{test.id}-pre"] for row in live.rows}
    assert states[a.id] == "sent" and states[b.id] == "" and states[world.trainee.id] == ""
    names = [row.trainee.first_name for row in live.rows]
    assert names == sorted(names, key=thai_sort_key)
    pre = next(q for q in live.questionnaires if q.key == f"{test.id}-pre")
    assert pre.answered == 1 and pre.roster == 3
