"""Instrument definitions (portal.instruments.definition) and the shipped forms/*.yaml."""
from pathlib import Path

import pytest

from portal.instruments.definition import (
    SCALE5, Block, DefinitionError, Field, check, clean_answers, expand, format_be_date,
    from_form, iter_fields, load_all, load_file, load_text, parse_be_date, sample_context,
    score, validate_answers, visible_questions,
)

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def shipped():
    return load_all(FORMS)


# --------------------------------------------------------------------------- shipped files

def test_every_shipped_file_loads(shipped):
    assert set(shipped) == {"c1_knowledge", "c2_knowledge", "c1_satisfaction",
                            "c2_satisfaction", "member_survey", "c1_followup"}
    for path in FORMS.glob("*.yaml"):
        assert load_file(path).id == path.stem


@pytest.mark.parametrize("ident, minimum, course", [("c1_knowledge", 15, 1),
                                                    ("c2_knowledge", 10, 2)])
def test_knowledge_tests(shipped, ident, minimum, course):
    d = shipped[ident]
    assert d.level == "learning" and d.course == course and not d.anonymous
    items = d.items()
    assert len(items) >= minimum
    for q in items:
        assert q.type == "select_one" and q.required
        assert [c.mark for c in q.choices] == ["ก", "ข", "ค", "ง"]
        assert q.label["th"] and q.label["en"]
        assert q.name in d.answer_key
    # a perfect sheet scores full marks
    perfect = dict(d.answer_key)
    assert score(d, perfect) == (len(items), len(items))
    assert validate_answers(d, perfect) == {}
    # keys are spread over the four letters, not all one letter
    assert len(set(d.answer_key.values())) == 4


def test_c1_test_covers_every_day1_session(shipped):
    groups = [n.name for n in shipped["c1_knowledge"].children]
    assert groups == ["sec_roles", "sec_departments", "sec_audit", "sec_analysis", "sec_planning"]
    assert all(len(g.children) >= 3 for g in shipped["c1_knowledge"].children)
    q01 = shipped["c1_knowledge"].question("q01")
    assert "15" in q01.choice(shipped["c1_knowledge"].answer_key["q01"]).label["th"]


def test_pre_and_post_are_the_same_items_by_construction(shipped):
    for ident in ("c1_knowledge", "c2_knowledge"):
        d = shipped[ident]
        assert d.phases == ("pre", "post")
        # one definition, one list of items: nothing in it depends on the phase
        assert "pre" not in d.data and "post" not in d.data
    assert not list(FORMS.glob("*pre*")) and not list(FORMS.glob("*post*"))


def test_a_test_must_be_given_pre_and_post(tmp_path):
    text = TEST_FORM.replace("phases: [pre, post]", "phases: [pre]")
    with pytest.raises(DefinitionError) as info:
        load_text(text, "t.yaml")
    assert info.value.line == 7


@pytest.mark.parametrize("ident, course", [("c1_satisfaction", 1), ("c2_satisfaction", 2)])
def test_satisfaction_forms(shipped, ident, course):
    d = shipped[ident]
    assert d.level == "reaction" and d.anonymous and d.course == course
    names = {q.name for q in d.questions()}
    assert {"gender", "age_band", "position", "content_fit", "duration", "venue", "food",
            "use_in_duty", "knowledge_before", "knowledge_after", "improve",
            "suggestions_next_year"} <= names
    assert d.question("knowledge_before").choices == SCALE5
    [rep] = d.repeats()
    assert rep.repeat_over == "agenda_sessions"
    ctx = {"agenda_sessions": [
        {"id": 1, "title": "บทบาทหน้าที่ของกรรมการสหกรณ์", "speaker": "นางสาวสมใจ ใจดี"},
        {"id": 2, "title": "ข้อสังเกต/ข้อบกพร่อง", "speaker": "สำนักงานตรวจบัญชีสหกรณ์จังหวัด"},
        {"id": 3, "title": "วิเคราะห์สถานการณ์", "speaker": ""}]}
    tree = expand(d, ctx)
    [block] = [b for b in tree if isinstance(b, Block) and b.kind == "repeat"]
    assert [b.label["th"] for b in block.children] == [
        "บทบาทหน้าที่ของกรรมการสหกรณ์ — นางสาวสมใจ ใจดี",
        "ข้อสังเกต/ข้อบกพร่อง — สำนักงานตรวจบัญชีสหกรณ์จังหวัด",
        "วิเคราะห์สถานการณ์"]
    keys = [f.key for f in iter_fields(tree)]
    assert "sessions.2.speaker_delivery" in keys
    assert len([k for k in keys if k.startswith("sessions.")]) == 6


def test_member_survey(shipped):
    d = shipped["member_survey"]
    assert d.level == "results" and d.course is None and d.anonymous and d.respondent == "member"
    lines = d.question("business_lines")
    assert [c.label["th"] for c in lines.choices][:7] == [
        "รับฝากเงิน", "ให้เงินกู้", "จัดหาสินค้ามาจำหน่าย", "รวบรวมผลผลิต", "แปรรูปผลผลิต",
        "ให้บริการ (เช่น เช่าเครื่องจักร ส่งเสริมการเกษตร)", "อื่น ๆ"]
    base = {"gender": "female", "age_band": "a50_59", "member_years": "over10", "trust": "4",
            "knows_plan": "yes", "intent": "same"}
    # "none" is exclusive
    errors = validate_answers(d, {**base, "business_lines": ["none", "credit"]})
    assert errors["business_lines"].startswith("ถ้าเลือก")
    # none: reasons asked, service satisfaction hidden
    r = check(d, {**base, "business_lines": ["none"], "reasons_not_using": ["distance"],
                  "sat_overall": "5"})
    assert r.errors == {}
    assert "sat_overall" not in r.cleaned and r.cleaned["reasons_not_using"] == ["distance"]
    # several lines: no reasons asked, satisfaction required
    r = check(d, {**base, "business_lines": "credit deposit", "reasons_not_using": ["price"]})
    assert r.cleaned["business_lines"] == ["deposit", "credit"]        # choice order
    assert "reasons_not_using" not in r.cleaned
    assert set(r.errors) == {"sat_convenience", "sat_staff", "sat_price", "sat_products",
                             "sat_overall"}


# --------------------------------------------------------------------------- follow-up and repeats

ACTIVITIES = {"plan_activities": [
    {"id": 12, "label": "ติดตามเร่งรัดหนี้ค้างชำระ"},
    {"id": "13", "label": "เพิ่มปริมาณการรวบรวมผลผลิตจากสมาชิก"}]}


def test_repeat_expansion_over_activities(shipped):
    d = shipped["c1_followup"]
    assert d.level == "behaviour" and d.respondent == "activity_owner"
    tree = expand(d, ACTIVITIES)
    [rep] = [n for n in tree if isinstance(n, Block) and n.kind == "repeat"]
    assert [b.instance for b in rep.children] == ["12", "13"]
    assert rep.children[0].label["th"] == "ติดตามเร่งรัดหนี้ค้างชำระ"
    keys = [f.key for f in iter_fields(rep.children[1].children)]
    assert keys[:2] == ["activities.13.status", "activities.13.percent_done"]
    assert all(isinstance(f, Field) and f.repeat == "activities" for f in iter_fields([rep]))
    # no activities: the repeat is empty, the rest is still there
    tree = expand(d, {})
    assert [f.key for f in iter_fields(tree)] == ["report_month", "report_year",
                                                  "reported_to_board", "remarks"]
    assert expand(d, sample_context())


def test_follow_up_answers_per_activity(shipped):
    d = shipped["c1_followup"]
    form = {"report_month": "3", "report_year": "๒๕๖๖", "reported_to_board": "yes",
            "activities.12.status": "behind", "activities.12.percent_done": "40",
            "activities.12.obstacles": "สมาชิกไม่มาประชุม", "activities.12.needs_help": "yes",
            "activities.12.help_needed": "ขอเจ้าหน้าที่ร่วมประชุมกลุ่ม",
            "activities.13.status": "done", "activities.13.percent_done": "100",
            "activities.13.needs_help": "no", "activities.13.obstacles": "ignored: hidden"}
    raw = from_form(d, form, ACTIVITIES)
    assert raw["activities"]["12"]["status"] == "behind"
    r = check(d, raw, ACTIVITIES)
    assert r.errors == {}
    assert r.cleaned == {
        "report_month": "3", "report_year": 2566, "reported_to_board": "yes",
        "activities": {
            "12": {"status": "behind", "percent_done": 40, "obstacles": "สมาชิกไม่มาประชุม",
                   "needs_help": "yes", "help_needed": "ขอเจ้าหน้าที่ร่วมประชุมกลุ่ม"},
            "13": {"status": "done", "percent_done": 100, "needs_help": "no"}}}


def test_follow_up_validation_messages(shipped):
    d = shipped["c1_followup"]
    raw = {"report_month": "13", "report_year": "66",
           "activities": {"12": {"status": "done", "percent_done": "90", "needs_help": "no"},
                          "13": {"status": "cancelled", "percent_done": "x"}}}
    errors = validate_answers(d, raw, ACTIVITIES)
    assert errors == {
        "report_month": "กรุณาเลือกจากตัวเลือกที่กำหนด / Please pick one of the choices.",
        "report_year": "กรุณากรอกปีเป็นพุทธศักราช เช่น 2566 / "
                       "Please enter the year in the Buddhist Era, e.g. 2566",
        "reported_to_board": "กรุณาตอบข้อนี้ / This question is required.",
        "activities.12.percent_done": "กรอกร้อยละ 0–100 (แล้วเสร็จ = 100, ยังไม่เริ่ม = 0) / "
                                      "Enter a percentage from 0 to 100 (done = 100, "
                                      "not started = 0)",
        "activities.13.cancel_reason": "กรุณาตอบข้อนี้ / This question is required.",
        "activities.13.needs_help": "กรุณาตอบข้อนี้ / This question is required.",
    }
    # percent_done of a cancelled activity is hidden: not validated, not kept
    assert "percent_done" not in clean_answers(d, raw, ACTIVITIES)["activities"].get("13", {})
    keys = [f.key for f in visible_questions(d, raw, ACTIVITIES)]
    assert "activities.13.percent_done" not in keys and "activities.13.cancel_reason" in keys
    # staff keying in a paper form may leave items blank
    assert "reported_to_board" not in check(d, raw, ACTIVITIES, enforce_required=False).errors


# --------------------------------------------------------------------------- values

@pytest.mark.parametrize("text, iso", [
    ("15/12/2565", "2022-12-15"), ("1/3/2566", "2023-03-01"), ("๑๕/๑๒/๒๕๖๕", "2022-12-15"),
    ("15-12-2022", "2022-12-15"), ("2022-12-15", "2022-12-15"), ("29/02/2567", "2024-02-29"),
])
def test_be_dates(text, iso):
    assert parse_be_date(text).isoformat() == iso
    assert format_be_date(iso) == "%02d/%02d/%d" % (int(iso[8:]), int(iso[5:7]), int(iso[:4]) + 543)


@pytest.mark.parametrize("text", ["31/02/2566", "15/12/65", "2565/12/15", "x", "29/02/2566"])
def test_bad_be_dates(text):
    assert parse_be_date(text) is None


TYPES_FORM = """\
id: types
title::th: ทดสอบ
title::en: Types
level: reaction
course: null
survey:
  - {type: integer, name: n, label::th: จำนวน, label::en: Count}
  - {type: decimal, name: x, label::th: จำนวนเงิน, label::en: Amount}
  - {type: date, name: d, label::th: วันที่, label::en: Date}
  - {type: text, name: t, label::th: ข้อความ, label::en: Text}
  - {type: note, name: nt, label::th: หมายเหตุ, label::en: Note}
  - {type: scale5, name: s, label::th: ระดับ, label::en: Level}
  - {type: select_multiple lines, name: m, label::th: ธุรกิจ, label::en: Lines}
choices:
  lines:
    - {name: a, label::th: ก, label::en: A}
    - {name: b, label::th: ข, label::en: B}
"""


def test_type_parsing_and_messages():
    d = load_text(TYPES_FORM, "types.yaml")
    r = check(d, {"n": "1,200", "x": "๑๒.๕", "d": "15/12/2565", "t": "  ก\u0e4d\u0e32 ",
                  "s": "4", "m": ["b", "a", "b"]})
    assert r.errors == {}
    assert r.cleaned == {"n": 1200, "x": 12.5, "d": "2022-12-15", "t": "ก\u0e4d\u0e32", "s": 4,
                         "m": ["a", "b"]}
    errors = validate_answers(d, {"n": "1.5", "x": "abc", "d": "31/02/2566", "t": "x" * 2001,
                                  "s": "6", "m": ["c"]})
    assert errors == {
        "n": "กรุณากรอกเป็นจำนวนเต็ม / Please enter a whole number.",
        "x": "กรุณากรอกเป็นตัวเลข / Please enter a number.",
        "d": "กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.) เช่น 15/12/2565 / "
             "Please enter a date as DD/MM/YYYY in the Buddhist Era, e.g. 15/12/2565.",
        "t": "ข้อความยาวเกิน 2000 ตัวอักษร / The text is longer than 2000 characters.",
        "s": "กรุณาเลือกจากตัวเลือกที่กำหนด / Please pick one of the choices.",
        "m": "กรุณาเลือกจากตัวเลือกที่กำหนด / Please pick one of the choices.",
    }
    assert [c.name for c in d.question("s").choices] == ["5", "4", "3", "2", "1"]
    assert [c.label["th"] for c in SCALE5] == ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]
    assert check(d, {}).cleaned == {}


# --------------------------------------------------------------------------- scoring

def test_score_with_key(shipped):
    d = shipped["c1_knowledge"]
    answers = {"q01": "c", "q02": "b", "q03": "a", "q04": " a "}
    assert score(d, answers) == (3, 20)
    assert score(d, {}) == (0, 20)
    assert d.max_score == 20


def test_key_accepts_thai_letters_or_names():
    a = load_text(TEST_FORM, "t.yaml")
    b = load_text(TEST_FORM.replace("q1: ข", "q1: b"), "t.yaml")
    assert a.answer_key == b.answer_key == {"q1": "b", "q2": "a"}


# --------------------------------------------------------------------------- versions

def test_content_hash_changes_with_content_not_layout():
    base = load_text(TEST_FORM, "t.yaml").content_hash()
    # block style, reordered keys, comments and extra blank lines: same content
    relaid = TEST_FORM.replace(
        "  - {type: select_one q1, name: q1, label::th: ข้อหนึ่ง, label::en: One}",
        "  # ข้อ 1\n\n  - name: q1\n    label::en: One\n    type: select_one q1\n"
        "    label::th: ข้อหนึ่ง").replace("course: 1\nanonymous: false",
                                          "anonymous: false\ncourse:    1")
    assert relaid != TEST_FORM
    assert load_text(relaid, "t.yaml").content_hash() == base
    changed = TEST_FORM.replace("label::th: ข้อหนึ่ง", "label::th: ข้อที่หนึ่ง")
    assert load_text(changed, "t.yaml").content_hash() != base
    assert load_text(TEST_FORM.replace("q2: ก", "q2: a"), "t.yaml").content_hash() != base


# --------------------------------------------------------------------------- bad definitions

TEST_FORM = """\
id: t
title::th: แบบทดสอบ
title::en: Test
level: learning
course: 1
anonymous: false
phases: [pre, post]
survey:
  - {type: select_one q1, name: q1, label::th: ข้อหนึ่ง, label::en: One}
  - {type: select_one q2, name: q2, label::th: ข้อสอง, label::en: Two}
choices:
  q1:
    - {name: a, label::th: หนึ่ง, label::en: one}
    - {name: b, label::th: สอง, label::en: two}
  q2:
    - {name: a, label::th: หนึ่ง, label::en: one}
    - {name: b, label::th: สอง, label::en: two}
answer_key:
  q1: ข
  q2: ก
"""

SURVEY = """\
id: s
title::th: แบบสอบถาม
title::en: Survey
level: reaction
course: 2
survey:
{rows}
choices:
  yn:
    - {{name: y, label::th: ใช่, label::en: Yes}}
    - {{name: n, label::th: ไม่ใช่, label::en: No}}
"""


def survey(*rows):
    return SURVEY.format(rows="\n".join("  - " + r for r in rows))


A = "{type: select_one yn, name: a, label::th: ก, label::en: A}"
B = "{type: integer, name: b, label::th: ข, label::en: B}"


def refused(text, source="s.yaml"):
    with pytest.raises(DefinitionError) as info:
        load_text(text, source)
    return info.value


@pytest.mark.parametrize("rows, line, words", [
    ([A, "{type: slider, name: c, label::th: ค, label::en: C}"], 8, "unknown type 'slider'"),
    ([A, "{type: select_one, name: c, label::th: ค, label::en: C}"], 8, "must name its choice list"),
    ([A, "{type: integer, name: a, label::th: ค, label::en: C}"], 8,
     "duplicate name 'a' (first used on line 7)"),
    ([A, "{type: integer, name: c, label::en: C}"], 8, "has no label::th"),
    ([A, "{type: integer, name: c, label::th: ค}"], 8, "has no label::en"),
    ([A, "{type: integer, name: c, label::th: '', label::en: C}"], 8, "non-empty"),
    ([A, "{type: select_one colours, name: c, label::th: ค, label::en: C}"], 8,
     "choice list 'colours' is not defined"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, relevant: \"${zz} = 1\"}"], 8,
     "unknown question ${zz}"),
    (["{type: integer, name: c, label::th: ค, label::en: C, relevant: \"${b} = 1\"}", B], 7,
     "${b}, which comes later"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, relevant: \". = 1\"}"], 8,
     "'.' cannot be used in relevant"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, constraint: \". >= \"}"], 8,
     "invalid constraint at position 5"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, constraint: \". < ${q}\"}"], 8,
     "unknown question ${q}"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, lable::en: C}"], 8,
     "unknown key 'lable::en'"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, required: 'yes please'}"], 8,
     "required must be true or false"),
    ([A, "{type: end_group}"], 8, "end_group without a matching begin_group"),
    (["{type: begin_group, name: g, label::th: ก, label::en: G}", A], 7,
     "begin_group 'g' is never closed"),
    (["{type: begin_group, name: g, label::th: ก, label::en: G}", A, "{type: end_repeat}"], 9,
     "end_repeat closes the wrong block"),
    (["{type: begin_repeat, name: r, label::th: ก, label::en: R}", A, "{type: end_repeat}"], 7,
     "begin_repeat needs repeat_over"),
    (["{type: begin_repeat, name: r, repeat_over: plan_activities, label::th: ก, label::en: R}",
      A, "{type: end_repeat}", "{type: integer, name: c, label::th: ค, label::en: C, "
      "relevant: \"${a} = 'y'\"}"], 10, "inside another repeat"),
    ([A, "{type: note, name: c, label::th: ค, label::en: C, required: true}"], 8,
     "a note takes no 'required'"),
    ([A, "{type: integer, name: 2c, label::th: ค, label::en: C}"], 8, "name is required"),
    ([A, "{type: integer, name: c, label::th: ค, label::en: C, type: text}"], 8,
     "duplicate key 'type'"),
])
def test_bad_rows_are_refused_with_their_line(rows, line, words):
    err = refused(survey(*rows))
    assert err.file == "s.yaml"
    assert any(e.line == line and words in e.message for e in err.errors), str(err)
    assert all(" / " in e.message for e in err.errors)          # Thai / English


def test_bad_answer_keys(tmp_path):
    err = refused(TEST_FORM.replace("q2: ก", "q2: จ"))
    assert (err.line, "answer_key: 'q2' has no choice 'จ'" in err.message) == (20, True)
    err = refused(TEST_FORM.replace("q2: ก", "q2: ก\n  q9: ก"))
    assert err.line == 21 and "no question named 'q9'" in err.message
    text = TEST_FORM.replace(
        "  - {type: select_one q2,", "  - {type: integer, name: n, label::th: น, label::en: N}\n"
        "  - {type: select_one q2,").replace("  q2: ก", "  q2: ก\n  n: ก")
    err = refused(text)
    assert err.line == 22 and "'n' is not a select_one question" in err.message
    err = refused(TEST_FORM.replace("  q2: ก\n", ""))
    assert err.line == 18 and "no answer key for 'q2'" in err.message
    err = refused(TEST_FORM.split("answer_key:")[0])
    assert [e.line for e in err.errors] == [9, 10]
    err = refused(survey(A).replace("choices:", "answer_key: {a: y}\nchoices:"))
    assert "knowledge tests (level: learning) only" in err.message


def test_bad_top_level():
    err = refused(TEST_FORM.replace("level: learning", "level: fun"))
    assert err.errors[0].line == 4 and "level must be one of" in err.errors[0].message
    err = refused(TEST_FORM.replace("course: 1", "course: 3"))
    assert err.line == 5
    err = refused(TEST_FORM.replace("title::en: Test\n", ""))
    assert "title::en" in err.message
    err = refused("- just a list\n")
    assert err.line == 1
    err = refused("id: x\n  bad: [indent\n")
    assert err.line == 2 and "invalid YAML" in err.message
    err = refused(survey(A).replace("{name: n,", "{name: y,"))
    assert "duplicate choice 'y'" in err.message and err.line == 11
    # YAML 1.1 would read No/yes/on as booleans: names and labels keep their text
    d = load_text(survey(A).replace("{name: n,", "{name: no,"), "s.yaml")
    assert [(c.name, c.label["en"]) for c in d.question("a").choices] == [("y", "Yes"), ("no", "No")]


def test_file_name_must_match_id_and_load_all_lists_every_error(tmp_path):
    (tmp_path / "good.yaml").write_text(survey(A).replace("id: s", "id: good"), encoding="utf-8")
    (tmp_path / "wrong_name.yaml").write_text(survey(A), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(
        survey(A, "{type: slider, name: c, label::th: ค, label::en: C}").replace("id: s", "id: broken"),
        encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_all(tmp_path)
    listed = {(Path(e.file).name, e.line) for e in info.value.errors}
    assert listed == {("broken.yaml", 8), ("wrong_name.yaml", 1)}
    assert "broken.yaml:8:" in str(info.value) and "wrong_name.yaml:1:" in str(info.value)
    (tmp_path / "broken.yaml").unlink()
    (tmp_path / "wrong_name.yaml").unlink()
    assert list(load_all(tmp_path)) == ["good"]


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdef", "bcdefg"))
    assert "too large" in refused(bomb).message
