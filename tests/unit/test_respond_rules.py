"""The respondents' rules as plain Python: device labels, claims, sections, drafts merged, derived keys."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.instruments import expand, load_text
from portal.models import Cohort, Trainee
from portal.models.responses import Claim, Draft, PrivacyNotice, RespondentLink
from portal.services import respond as svc
from portal.services.collection import hash_secret
from portal.services.instruments import FORMS_DIR, sync_forms

ANDROID_LINE = ("Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/120.0 Mobile Safari/537.36 Line/13.20.0")
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/120.0.6099.43 Mobile Safari/537.36")


@pytest.mark.parametrize("ua, label", [
    (ANDROID_LINE, "LINE · Android"),
    (ANDROID_CHROME, "Chrome · Android"),
    ("Mozilla/5.0 (Linux; Android 11; SAMSUNG SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36", "Samsung Internet · Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.0 Mobile/15E148 Safari/604.1", "Safari · iOS"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Mobile/15E148 Line/13.20.0", "LINE · iOS"),
    ("Mozilla/5.0 (Linux; Android 12; SM-A135F; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
     "Chrome/120.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/440.0.0.0;]", "Facebook · Android"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox · Windows"),
    ("", "Browser"),
    (None, "Browser"),
])
def test_a_device_label_names_the_app_and_the_system(ua, label):
    assert svc.device_label(ua) == label


def test_line_and_chrome_on_one_phone_are_told_apart():
    assert svc.device_label(ANDROID_LINE) != svc.device_label(ANDROID_CHROME)


def test_a_device_label_is_never_longer_than_its_column():
    assert len(svc.device_label("Line/ " + "x" * 2000)) <= 64


# --------------------------------------------------------------------------- sections

def _defn(text):
    return load_text(text, "t.yaml")


FORM = """
id: t
title::th: ทดสอบ
title::en: Test
level: reaction
course: null
survey:
  - {type: text, name: a, label::th: ก, label::en: A}
  - {type: text, name: b, label::th: ข, label::en: B}
  - {type: begin_group, name: g1, label::th: ตอน 1, label::en: Part 1}
  - {type: select_one yn, name: c, required: true, label::th: ค, label::en: C}
  - {type: text, name: d, required: true, relevant: "${c} = 'y'", label::th: ง, label::en: D}
  - {type: end_group}
  - {type: begin_repeat, name: acts, repeat_over: plan_activities, label::th: กิจกรรม, label::en: Activities}
  - {type: integer, name: pct, label::th: ร้อยละ, label::en: Percent}
  - {type: end_repeat}
  - {type: begin_group, name: g2, relevant: "${c} = 'y'", label::th: ตอน 2, label::en: Part 2}
  - {type: text, name: e, label::th: จ, label::en: E}
  - {type: end_group}
  - {type: text, name: f, label::th: ฉ, label::en: F}
choices:
  yn:
    - {name: y, label::th: ใช่, label::en: Yes}
    - {name: n, label::th: ไม่ใช่, label::en: No}
"""


def test_loose_questions_side_by_side_form_one_section_and_each_group_or_repeat_its_own():
    tree = expand(_defn(FORM), {"plan_activities": []})
    assert [s.key for s in svc.sections(tree)] == ["part1", "g1", "acts", "g2", "part5"]
    assert svc.sections(tree)[0].input_keys() == {"a", "b"}


def test_hidden_sections_and_empty_repeats_are_skipped_and_come_back_with_the_answers():
    defn = _defn(FORM)
    context = {"plan_activities": []}
    all_sections = svc.sections(expand(defn, context))
    shown = svc.visible_keys(defn, {"c": "n"}, context)
    assert [s.key for s in svc.visible_sections(all_sections, shown)] == ["part1", "g1", "part5"]
    shown = svc.visible_keys(defn, {"c": "y"}, context)
    assert [s.key for s in svc.visible_sections(all_sections, shown)] == ["part1", "g1", "g2", "part5"]
    with_activity = {"plan_activities": [{"id": "7", "label": "ขายปุ๋ย"}]}
    sections = svc.sections(expand(defn, with_activity))
    assert "acts" in [s.key for s in svc.visible_sections(sections, svc.visible_keys(defn, {}, with_activity))]
    assert sections[2].input_keys() == {"acts.7.pct"}


def test_a_section_knows_whether_its_questions_can_appear_or_disappear():
    sections = {s.key: s for s in svc.sections(expand(_defn(FORM), {}))}
    assert sections["g1"].has_relevance() and sections["g2"].has_relevance()
    assert not sections["part1"].has_relevance() and not sections["part5"].has_relevance()


def test_prune_keeps_only_the_visible_questions_and_drops_empty_groups():
    defn = _defn(FORM)
    tree = expand(defn, {})
    g1 = [s for s in svc.sections(tree) if s.key == "g1"][0]
    pruned = svc.prune(g1.nodes, svc.visible_keys(defn, {"c": "n"}, {}))
    assert [f.key for f in pruned[0].children] == ["c"]
    assert svc.prune(g1.nodes, set()) == []


def test_section_errors_are_those_of_the_section_only():
    defn = _defn(FORM)
    sections = {s.key: s for s in svc.sections(expand(defn, {}))}
    assert svc.section_errors(defn, {}, {}, sections["part1"]) == {}
    assert list(svc.section_errors(defn, {}, {}, sections["g1"])) == ["c"]
    assert list(svc.section_errors(defn, {"c": "y"}, {}, sections["g1"])) == ["d"]


def test_merging_a_section_replaces_its_answers_clears_unticked_ones_and_ignores_the_rest():
    saved = {"a": "old", "c": "y", "d": "kept?", "acts": {"7": {"pct": "10"}}, "f": "x"}
    posted = {"a": "new", "f": "smuggled", "acts": {"7": {"pct": "40"}}}
    merged = svc.merge_section(saved, posted, {"a", "b", "acts.7.pct"})
    assert merged == {"a": "new", "c": "y", "d": "kept?", "acts": {"7": {"pct": "40"}}, "f": "x"}
    assert saved["a"] == "old"  # the saved answers are not changed in place
    assert svc.merge_section({"c": "y"}, {}, {"c", "d"}) == {}
    assert svc.merge_section(None, {"b": ["x"]}, {"b"}) == {"b": ["x"]}
    assert svc.merge_section({}, {"b": [], "a": ""}, {"a", "b"}) == {}


def test_every_shipped_form_splits_into_sections():
    from portal.instruments import load_all

    for code, defn in load_all(FORMS_DIR).items():
        secs = svc.sections(expand(defn, {"plan_activities": [], "agenda_sessions": []}))
        assert secs, code
        keys = [s.key for s in secs]
        assert len(keys) == len(set(keys)), code


# --------------------------------------------------------------------------- derived keys

def test_derived_keys_never_equal_the_claim_hash_and_differ_per_trainee_and_form():
    secret = "s" * 43
    device = hash_secret(secret)
    key = svc.trainee_edit_key(secret, 1, 2, "single")
    assert hash_secret(key) != device and key != secret
    assert key != svc.trainee_edit_key(secret, 3, 2, "single")  # two trainees on one shared phone
    assert key != svc.trainee_edit_key(secret, 1, 2, "pre")
    assert svc.link_device_key(secret, 1) != svc.link_device_key(secret, 2)
    assert svc.link_draft_owner(secret, 1).startswith("device:")
    assert device not in svc.link_draft_owner(secret, 1)


def test_link_state_counts_both_ends_of_the_validity():
    link = RespondentLink(valid_from=dt.date(2023, 3, 1), valid_until=dt.date(2023, 7, 31))
    assert svc.link_state(link, dt.date(2023, 2, 28)) == "not_yet"
    assert svc.link_state(link, dt.date(2023, 3, 1)) == "open"
    assert svc.link_state(link, dt.date(2023, 7, 31)) == "open"
    assert svc.link_state(link, dt.date(2023, 8, 1)) == "expired"


# --------------------------------------------------------------------------- with the database

@pytest.mark.db
def test_a_name_is_claimed_once_and_the_same_device_may_come_back(world):
    assert svc.claim_name(world.trainee, "a" * 64, "LINE · Android")
    assert svc.claim_name(world.trainee, "a" * 64, "LINE · Android")
    assert not svc.claim_name(world.trainee, "b" * 64, "Chrome · Android")
    claim = Claim.get(Claim.trainee == world.trainee)
    assert (claim.device_hash, claim.device_label) == ("a" * 64, "LINE · Android")
    assert [t.id for t in svc.device_claims("a" * 64)] == [world.trainee.id]
    assert svc.device_claims("b" * 64) == []


@pytest.mark.db
def test_claims_in_an_archived_cohort_do_not_count(world):
    svc.claim_name(world.trainee, "a" * 64, "x")
    Cohort.update(status="archived").where(Cohort.id == world.cohort.id).execute()
    assert svc.device_claims("a" * 64) == []


@pytest.mark.db
def test_the_roster_is_grouped_by_cooperative_in_thai_order_with_taken_names(world):
    from portal.models import Cooperative

    second = Cooperative.create(name="สหกรณ์ออมทรัพย์ครู จำกัด", registration_no="R-2", coop_type=world.coop.coop_type,
                                office=world.office)
    made = {}
    for coop, first in ((world.coop, "เกษม"), (world.coop, "กมล"), (second, "ไพรัช"), (world.coop, "ขจร")):
        made[first] = Trainee.create(cohort=world.cohort, cooperative=coop, prefix="นาย", first_name=first,
                                     last_name="ใจดี", gender="male", role="board", token=f"tok-{first}-roster-unit")
    svc.claim_name(made["ขจร"], "other" * 10, "x")
    svc.claim_name(made["กมล"], "mine" * 10, "x")
    groups = svc.roster(world.cohort, "mine" * 10)
    assert [g.cooperative for g in groups] == ["สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "สหกรณ์ออมทรัพย์ครู จำกัด"]
    # เกษม sorts under ก (leading vowel skipped): กมล, เกษม, ขจร, สมใจ
    assert [r.trainee.first_name for r in groups[0].names] == ["กมล", "เกษม", "ขจร", "สมใจ"]
    flags = {r.trainee.first_name: (r.taken, r.mine) for g in groups for r in g.names}
    assert flags["ขจร"] == (True, False) and flags["กมล"] == (False, True) and flags["ไพรัช"] == (False, False)


@pytest.mark.db
def test_drafts_are_saved_updated_and_deleted(world):
    sync_forms()
    from portal.models import Instrument

    test = Instrument.get(Instrument.code == "c1_knowledge")
    now = dt.datetime(2023, 3, 15, 10)
    assert svc.load_draft("trainee:1", test, "pre") is None
    svc.save_draft("trainee:1", test, "pre", {"q01": "a"}, "sec_roles", now)
    svc.save_draft("trainee:1", test, "pre", {"q01": "b", "q07": "c"}, "sec_departments", now)
    assert svc.load_draft("trainee:1", test, "pre") == ({"q01": "b", "q07": "c"}, "sec_departments")
    assert Draft.select().count() == 1
    svc.delete_draft("trainee:1", test, "pre")
    assert svc.load_draft("trainee:1", test, "pre") is None


@pytest.mark.db
def test_the_default_privacy_notice_is_version_1_and_a_newer_one_takes_over(world):
    notice = svc.current_privacy_notice()
    assert notice.version == 1 and "พ.ศ. 2562" in notice.text_th and "Personal Data Protection" in notice.text_en
    for word in ("วัตถุประสงค์", "ข้อมูลที่เก็บ", "ผู้ที่เห็นข้อมูล", "ระยะเวลาเก็บรักษา", "ติดต่อศูนย์"):
        assert word in notice.text_th
    assert svc.current_privacy_notice().id == notice.id  # not created twice
    PrivacyNotice.create(version=2, text_th="ฉบับใหม่")
    assert svc.current_privacy_notice().version == 2
    assert svc.privacy_notice(1).id == notice.id and svc.privacy_notice(9) is None
