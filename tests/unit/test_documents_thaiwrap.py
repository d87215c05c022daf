"""Thai line breaking: never inside a grapheme cluster, spaces preferred, syllables kept where the rules know."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.documents.thaiwrap import clusters, thai_break_allowed, wrap

MARKS = "\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"


def _starts_with_mark(line: str) -> bool:
    return bool(line) and (line[0] in MARKS or unicodedata.combining(line[0]) != 0)


def test_a_cluster_is_a_letter_with_its_vowel_and_tone_marks():
    assert clusters("ที่ปี่ผู้น้ำก็ฎุฐู") == ["ที่", "ปี่", "ผู้", "น้ำ", "ก็", "ฎุ", "ฐู"]
    assert clusters("e\u0301a") == ["e\u0301", "a"]


def test_a_short_text_stays_on_one_line_and_newlines_are_kept():
    assert wrap("ผู้ที่ปี่", 100, len) == ["ผู้ที่ปี่"]
    assert wrap("บรรทัดแรก\nบรรทัดสอง", 100, len) == ["บรรทัดแรก", "บรรทัดสอง"]
    assert wrap("", 10, len) == [""]


def test_a_space_is_preferred_when_the_line_is_full_enough():
    assert wrap("ประจำปีงบประมาณ พ.ศ. 2566", 22, len) == ["ประจำปีงบประมาณ พ.ศ.", "2566"]


def test_long_thai_breaks_between_syllables_the_rules_recognise():
    lines = wrap("การฝึกอบรมหลักสูตรการบริหารจัดการ", 10, len)
    assert lines == ["การฝึกอบรม", "หลักสูตร", "การบริหาร", "จัดการ"]
    for word in ("จันทร์", "ศาสตร์", "พร้อม", "ก่อน", "ดิน"):
        parts = clusters(word)
        forbidden = {"จันทร์": [1, 2, 3], "ศาสตร์": [1, 3, 4], "พร้อม": [1, 2, 3], "ก่อน": [1, 2],
                     "ดิน": [1]}.get(word, [])
        for index in forbidden:
            assert not thai_break_allowed(parts, index), (word, index)


def test_no_break_after_a_leading_vowel_or_before_a_following_one():
    parts = clusters("เกาะ")
    assert not thai_break_allowed(parts, 1)  # เ|กา
    assert not thai_break_allowed(parts, 2)  # เก|า
    parts = clusters("มาก")
    assert not thai_break_allowed(parts, 1)


def test_numbers_and_latin_words_are_not_cut_when_there_is_another_place():
    assert wrap("งบประมาณ 45,600.00 บาท", 12, len) == ["งบประมาณ", "45,600.00", "บาท"]
    assert wrap("HYPERLINKคลิก", 11, len) == ["HYPERLINK", "คลิก"]


def test_lines_respect_the_width_measured_by_the_caller():
    text = "ผู้ที่ปี่น้ำก็ฎุฐู" * 6
    measure = lambda s: 2.0 * len(clusters(s))  # noqa: E731
    for line in wrap(text, 15, measure):
        assert measure(line) <= 15


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("กขคงจทนบปผพมยรลวสหอะาำเแโใไ ") + list(MARKS) + list("0123456789 ,.")),
               max_size=80),
       st.integers(min_value=1, max_value=30))
def test_wrapping_never_splits_a_cluster_and_loses_nothing_but_spaces(text, width):
    lines = wrap(text, width, len)
    text = unicodedata.normalize("NFC", text)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    original = set(clusters(text))
    for line in lines:
        assert all(c in original for c in clusters(line))
        # a line starts with a mark only if the text itself has a mark with no letter before it
        if _starts_with_mark(line):
            assert any(_starts_with_mark(c) for c in original)
        if len(clusters(line)) > 1:
            assert len(line) <= width or max(len(c) for c in clusters(line)) > width


def test_the_programmes_own_words_stay_whole_and_their_ends_are_break_points():
    text = "รายงานผลการดำเนินงานรายไตรมาส ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 สหกรณ์การเกษตรผู้ใช้น้ำบ้านปี่ที่ 1 จำกัด"
    for width in range(10, 40):  # every listed word fits on a line
        lines = wrap(text, width, len)
        for line in lines:
            for word in ("สหกรณ์", "จำกัด", "เทคโนโลยี", "ถ่ายทอด"):
                for cut in range(1, len(word)):
                    assert not (line.endswith(word[:cut]) and text.count(word[:cut]) == text.count(word)
                                and line != lines[-1]), (width, line, word)
    assert wrap(text, 14, len)[4:6] == ["เทคโนโลยีการ", "สหกรณ์ที่ 1"]
