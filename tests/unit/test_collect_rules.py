"""The rules of collecting, as plain values: which questionnaire may open (or be keyed in) in which cohort
status, and what a survey period is."""
from __future__ import annotations

import pytest

from portal.domain.cohorts import STATUSES
from portal.services.links import LinkError, parse_period
from portal.services.windows import keyin_refusal, nothing_changed, open_refusal

OPENS = {
    # status: phases that may open
    "planned": set(),
    "pretest": {"pre"},
    "training": {"pre"},
    "posttest": {"post", "single"},
    "closed": set(),
    "followup": set(),
    "archived": set(),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("phase", ("pre", "post", "single"))
def test_each_phase_opens_only_in_its_statuses(status, phase):
    refusal = open_refusal(status, phase)
    if phase in OPENS[status]:
        assert refusal is None
    else:
        assert refusal is not None and refusal.th and refusal.en
        # Shown on the page as a reason; answered to a refused action with "nothing was changed".
        assert "ไม่มีการเปลี่ยนแปลงใด ๆ" not in refusal.th
        answer = nothing_changed(refusal)
        assert answer.th.endswith("ไม่มีการเปลี่ยนแปลงใด ๆ") and answer.en.endswith("Nothing was changed.")


def test_the_every_status_table_covers_the_life_of_a_cohort():
    assert set(OPENS) == set(STATUSES)


@pytest.mark.parametrize("status", ("closed", "followup", "archived"))
def test_a_closed_cohort_says_why_nothing_opens(status):
    message = open_refusal(status, "post")
    assert "การอบรมปิดแล้ว" in message.th and "ถูกล็อก" in message.th


def test_the_messages_say_what_to_do():
    assert "ให้เลื่อนสถานะรุ่นเป็น" in open_refusal("planned", "pre").th
    assert "“เปิดแบบทดสอบก่อนอบรม” หรือ “ระหว่างการอบรม”" in open_refusal("planned", "pre").th
    assert "ตอนนี้: “ระหว่างการอบรม”" in open_refusal("training", "single").th
    assert "The pre-test opens only while" in open_refusal("posttest", "pre").en


def test_unknown_status_or_phase_is_refused():
    assert open_refusal("nonsense", "pre") is not None
    assert open_refusal("pretest", "middle") is not None
    assert keyin_refusal("pretest", "middle") is not None


@pytest.mark.parametrize("status,phase,allowed", [
    ("planned", "pre", False), ("pretest", "pre", True), ("training", "pre", True), ("posttest", "pre", True),
    ("closed", "pre", False), ("pretest", "post", False), ("training", "single", False),
    ("posttest", "post", True), ("posttest", "single", True), ("closed", "post", False),
    ("followup", "single", False), ("archived", "pre", False),
])
def test_paper_answers_are_keyed_in_while_the_cohort_collects_that_phase(status, phase, allowed):
    assert (keyin_refusal(status, phase) is None) is allowed


@pytest.mark.parametrize("text,expected", [
    ("2566", ("2566", 2566)), (" 2566 ", ("2566", 2566)), ("2567-2", ("2567-2", 2567)),
    ("2566-baseline", ("2566-baseline", 2566)),
])
def test_a_period_is_a_buddhist_era_fiscal_year_with_an_optional_round(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ("", "66", "2023", "2566/2", "2566-", "๒๕๖๖x", "2566-" + "x" * 11, None))
def test_other_periods_are_refused_with_a_thai_message(text):
    with pytest.raises(LinkError) as caught:
        parse_period(text)
    assert "ปีงบประมาณ พ.ศ." in caught.value.message.th
