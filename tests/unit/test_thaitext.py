"""Unit tests for portal.domain.thaitext."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.thaitext import (
    KNOWN_PREFIXES,
    gender_from_prefix,
    normalize_text,
    sorted_thai,
    split_full_name,
    thai_sort_key,
)

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
MAI_EK, MAI_THO = "\u0e48", "\u0e49"


# --------------------------------------------------------------------------- normalize_text

@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  สหกรณ์   การเกษตร \t จำกัด \n", "สหกรณ์ การเกษตร จำกัด"),
        ("\u00a0นาย\u00a0สมชาย\u3000ใจดี", "นาย สมชาย ใจดี"),  # NBSP and ideographic space
        # zero-width characters removed, not turned into spaces
        ("สห\u200bกรณ์", "สหกรณ์"),
        ("\ufeffจำกัด", "จำกัด"),
        ("a\u200cb\u200dc", "abc"),
        # sara am typed as nikhahit + sara aa
        ("จ" + NIKHAHIT + SARA_AA + "กัด", "จำกัด"),
        ("ท" + NIKHAHIT + SARA_AA, "ทำ"),
        # tone typed before the nikhahit: already in Thai typing order
        ("น" + MAI_EK + NIKHAHIT + SARA_AA, "น" + MAI_EK + SARA_AM),
        # tone typed between nikhahit and sara aa: moved before ำ
        ("น" + NIKHAHIT + MAI_EK + SARA_AA, "น" + MAI_EK + SARA_AM),
        ("ค" + NIKHAHIT + MAI_THO + SARA_AA, "ค" + MAI_THO + SARA_AM),  # ค้ำ
        # tone typed after a composed ำ
        ("น" + SARA_AM + MAI_EK, "น" + MAI_EK + SARA_AM),
        # zero-width space inside a decomposed sara am
        ("ท" + NIKHAHIT + "\u200b" + SARA_AA, "ทำ"),
        # already composed text is unchanged
        ("น้ำ", "น้ำ"),
        # a lone nikhahit (not followed by sara aa) is left alone
        ("ก" + NIKHAHIT, "ก" + NIKHAHIT),
        # NFC composes Latin accents
        ("Cafe\u0301", "Café"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_composed_equals_decomposed_sara_am():
    assert normalize_text("น" + MAI_THO + NIKHAHIT + SARA_AA) == normalize_text("น้ำ")


@settings(database=None, max_examples=200)
@given(st.text(alphabet=st.sampled_from(
    list("กขนมา่้ํำ เแ") + ["\u200b", "\t", "\u00a0", "a", "B"]
)))
def test_normalize_text_is_idempotent(s):
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert "  " not in once
    assert once == once.strip()
    assert NIKHAHIT + SARA_AA not in once
    assert "\u200b" not in once


# --------------------------------------------------------------------------- sorting

def test_brief_example_in_dictionary_order():
    # Reasoning: leading vowels move after their consonant, so the primary
    # strings are กา, กเม, กไ่, ขา, ต้น, ตโ๊ะ, นาย; consonants sort before
    # vowels and vowels in the order ะ ั า ำ ิ ... เ แ โ ใ ไ.
    expected = ["กา", "เกม", "ไก่", "ขา", "ต้น", "โต๊ะ", "นาย"]
    shuffled = ["ไก่", "กา", "เกม", "ขา", "นาย", "โต๊ะ", "ต้น"]
    assert sorted_thai(shuffled) == expected
    for seed in range(20):
        items = expected[:]
        random.Random(seed).shuffle(items)
        assert sorted_thai(items) == expected


@pytest.mark.parametrize(
    "before, after",
    [
        # consonant-final words before vowel words (Royal Institute order)
        ("กก", "กา"),
        ("กลาง", "เกม"),  # ก+ล before ก+เ
        ("กะ", "กา"),
        ("กา", "กำ"),
        ("กำ", "กิ"),
        ("กู", "เก"),
        ("เก", "แก"),
        ("แก", "โก"),
        ("โก", "ใกล้"),
        ("ใกล้", "ไก่"),  # ใ before ไ
        ("ไก่", "ขา"),
        # leading vowel is skipped for the primary order
        ("เลข", "วัด"),
        ("ทะ", "ทะเล"),
        # ฤ after ร, ฦ after ล; ฮ last
        ("รอ", "ฤดู"),
        ("ฤดู", "ลม"),
        ("ลม", "ฦๅ"),
        ("ฦๅ", "วัน"),
        ("อ่าง", "ฮา"),
        # tone marks only break ties
        ("กา", "ก่า"),
        ("ก่า", "ก้า"),
        ("ก้า", "ก๊า"),
        ("ก๊า", "ก๋า"),
        ("ก้า", "กาก"),  # the primary difference wins over the tone
        ("ขา", "ข่าว"),
        ("เสือ", "เสื่อ"),
        # a shorter word sorts before its extensions
        ("นา", "นาก"),
        ("นา ดี", "นาก"),
        # digits before letters, Latin before Thai, Latin case-insensitive
        ("9", "a"),
        ("๙", "a"),
        ("Zebra", "ก"),
        ("apple", "Banana"),
        ("Apple", "banana"),
        ("apple", "Apple"),  # case breaks ties only
        ("e", "é"),
        ("é", "f"),
        # runs of digits compare by value
        ("ศูนย์ที่ 2", "ศูนย์ที่ 10"),
        ("ศูนย์ที่ ๒", "ศูนย์ที่ 10"),
        ("รุ่น 9", "รุ่น 10"),
    ],
)
def test_pairwise_order(before, after):
    assert thai_sort_key(before) < thai_sort_key(after)
    assert sorted_thai([after, before]) == [before, after]


def test_thai_and_arabic_digits_have_the_same_primary_weight():
    assert thai_sort_key("๑๐")[0] == thai_sort_key("10")[0]


def test_sort_key_normalises_first():
    decomposed = "จ" + NIKHAHIT + SARA_AA + "กัด"
    assert thai_sort_key(decomposed) == thai_sort_key("จำกัด")
    assert thai_sort_key("  สหกรณ์\u200b  ก ") == thai_sort_key("สหกรณ์ ก")
    assert thai_sort_key(None) == thai_sort_key("")


def test_cooperative_names_sort_by_name_not_by_leading_vowel():
    names = [
        "สหกรณ์การเกษตรเมืองเลย จำกัด",
        "สหกรณ์การเกษตรเชียงใหม่ จำกัด",
        "สหกรณ์การเกษตรกบินทร์บุรี จำกัด",
        "สหกรณ์การเกษตรแม่ริม จำกัด",
    ]
    assert sorted_thai(names) == [
        "สหกรณ์การเกษตรกบินทร์บุรี จำกัด",
        "สหกรณ์การเกษตรเชียงใหม่ จำกัด",  # ช
        "สหกรณ์การเกษตรเมืองเลย จำกัด",  # ม + เ
        "สหกรณ์การเกษตรแม่ริม จำกัด",  # ม + แ, after ม + เ
    ]


def test_sorted_thai_with_key_and_reverse():
    people = [("นาย", "สมชาย"), ("นาง", "เกศินี"), ("นางสาว", "กมลา")]
    assert sorted_thai(people, key=lambda p: p[1]) == [
        ("นางสาว", "กมลา"),
        ("นาง", "เกศินี"),
        ("นาย", "สมชาย"),
    ]
    assert sorted_thai(people, key=lambda p: p[1], reverse=True)[0] == ("นาย", "สมชาย")
    assert sorted_thai(iter(["ข", "ก"])) == ["ก", "ข"]


@settings(database=None, max_examples=200)
@given(st.lists(st.text(alphabet=st.sampled_from(list("กขงนมยเแโใไาะิ่้๊ 1๒aBé")), max_size=6), max_size=8))
def test_sorting_is_deterministic_and_a_total_order(words):
    once = sorted_thai(words)
    # input order matters only among texts that normalise the same
    assert [normalize_text(w) for w in sorted_thai(reversed(words))] == [
        normalize_text(w) for w in once
    ]
    keys = [thai_sort_key(w) for w in once]
    assert keys == sorted(keys)
    # equal keys only for texts that normalise the same
    for a in words:
        for b in words:
            if thai_sort_key(a) == thai_sort_key(b):
                assert normalize_text(a) == normalize_text(b)


# --------------------------------------------------------------------------- prefixes

def test_known_prefixes_dropdown_order():
    assert KNOWN_PREFIXES[:3] == ["นาย", "นาง", "นางสาว"]
    assert len(KNOWN_PREFIXES) == len(set(KNOWN_PREFIXES))
    for prefix in KNOWN_PREFIXES:
        assert normalize_text(prefix) == prefix


@pytest.mark.parametrize(
    "prefix, gender",
    [
        ("นาย", "male"),
        ("นาง", "female"),
        ("นางสาว", "female"),
        ("น.ส.", "female"),
        ("น.ส", "female"),
        ("นส.", "female"),
        ("ด.ช.", "male"),
        ("เด็กชาย", "male"),
        ("ด.ญ.", "female"),
        ("เด็กหญิง", "female"),
        (" นาย ", "male"),
        ("Mr.", "male"),
        ("mrs", "female"),
        ("Ms.", "female"),
        ("พระ", "male"),
        ("พระครู", "male"),
        ("พระมหา", "male"),
        ("แม่ชี", "female"),
        ("นพ.", "male"),
        ("พญ.", "female"),
        ("แพทย์หญิง", "female"),
        ("คุณหญิง", "female"),
        # not fixed
        ("ดร.", None),
        ("ผศ.", None),
        ("รศ.ดร.", None),
        ("ว่าที่ร้อยตรี", None),
        ("ว่าที่ ร.ต.", None),
        ("ร.ต.อ.", None),
        ("พ.ต.ท.", None),
        ("พันตำรวจโท", None),
        ("จ.ส.อ.", None),
        ("ด.ต.", None),
        ("พลเอก", None),
        # ranks carrying หญิง
        ("ว่าที่ ร.ต. หญิง", "female"),
        ("ว่าที่ร้อยตรีหญิง", "female"),
        ("ร.ต.อ.หญิง", "female"),
        ("พ.ต.ท.หญิง", "female"),
        ("พ.ต.ท. หญิง", "female"),
        ("พันตำรวจโทหญิง", "female"),
        ("จ.ส.อ.หญิง", "female"),
        # compound prefixes combine
        ("ผศ.ดร.นพ.", "male"),
        ("ดร.นาง", "female"),
        # unknown or empty
        ("", None),
        (None, None),
        ("xyz", None),
        ("นายก", None),  # not a prefix, do not guess from its first letters
    ],
)
def test_gender_from_prefix(prefix, gender):
    assert gender_from_prefix(prefix) == gender


def test_every_known_prefix_has_a_consistent_gender():
    for prefix in KNOWN_PREFIXES:
        gender = gender_from_prefix(prefix)
        assert gender in ("male", "female", None)
        if "หญิง" in prefix:
            assert gender == "female", prefix
    assert [gender_from_prefix(p) for p in KNOWN_PREFIXES[:3]] == ["male", "female", "female"]


# --------------------------------------------------------------------------- split_full_name

@pytest.mark.parametrize(
    "text, expected",
    [
        ("นายสมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("นาย สมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("  นาย   สมชาย\u200b   ใจดี ", ("นาย", "สมชาย", "ใจดี")),
        ("นางสาวสมศรี มีสุข", ("นางสาว", "สมศรี", "มีสุข")),
        ("นางสมศรี มีสุข", ("นาง", "สมศรี", "มีสุข")),
        # นางสาว + ิตรี is impossible (a name cannot start with ิ), so นาง + สาวิตรี
        ("นางสาวิตรี ใจงาม", ("นาง", "สาวิตรี", "ใจงาม")),
        ("น.ส.สมศรี มีสุข", ("น.ส.", "สมศรี", "มีสุข")),
        ("น.ส. สมศรี มีสุข", ("น.ส.", "สมศรี", "มีสุข")),
        ("ด.ญ.ใจดี มีสุข", ("ด.ญ.", "ใจดี", "มีสุข")),
        ("นายเอกชัย ศรีสุข", ("นาย", "เอกชัย", "ศรีสุข")),  # name starting with a leading vowel
        ("สมชาย ใจดี", ("", "สมชาย", "ใจดี")),
        ("สมชาย ณ อยุธยา", ("", "สมชาย", "ณ อยุธยา")),  # multi-word surname
        ("ว่าที่ร้อยตรีสมชาย ใจดี", ("ว่าที่ร้อยตรี", "สมชาย", "ใจดี")),
        ("ว่าที่ ร.ต. สมชาย ใจดี", ("ว่าที่ ร.ต.", "สมชาย", "ใจดี")),
        ("ว่าที่ ร.ต. หญิง สมศรี ดีงาม", ("ว่าที่ ร.ต. หญิง", "สมศรี", "ดีงาม")),
        ("ร.ต.อ.หญิงสมศรี ดีงาม", ("ร.ต.อ.หญิง", "สมศรี", "ดีงาม")),
        # หญิง as a first name when taking it as part of the rank leaves no surname
        ("ร.ต.อ. หญิง ใจดี", ("ร.ต.อ.", "หญิง", "ใจดี")),
        ("ผศ.ดร.สมชาย ใจดี", ("ผศ.ดร.", "สมชาย", "ใจดี")),
        ("จ.ส.อ.สมหมาย รักดี", ("จ.ส.อ.", "สมหมาย", "รักดี")),
        ("พระ สมชาย ใจดี", ("พระ", "สมชาย", "ใจดี")),
        # names that merely begin like a prefix
        ("พระพร ใจดี", ("", "พระพร", "ใจดี")),  # พระ needs a space after it
        ("นพดล ใจดี", ("", "นพดล", "ใจดี")),  # นพ. needs its dot when written together
        ("นายิกา ใจดี", ("", "นายิกา", "ใจดี")),
        ("Mr.John Smith", ("Mr.", "John", "Smith")),
        ("Miss Jane Doe", ("Miss", "Jane", "Doe")),
        ("Missy Doe", ("", "Missy", "Doe")),
    ],
)
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


@pytest.mark.parametrize("text", ["นายสมชาย", "นาย สมชาย", "สมชาย", "น.ส.สมศรี"])
def test_split_full_name_without_surname(text):
    with pytest.raises(ValueError, match="ไม่พบนามสกุล / Surname is missing"):
        split_full_name(text)


@pytest.mark.parametrize("text", ["", None, "   ", "นาย", "นางสาว "])
def test_split_full_name_without_name(text):
    with pytest.raises(ValueError, match="First name is missing"):
        split_full_name(text)


@pytest.mark.parametrize("prefix", KNOWN_PREFIXES)
def test_split_full_name_recognises_every_known_prefix(prefix):
    assert split_full_name(f"{prefix} สมใจ ดีมาก") == (prefix, "สมใจ", "ดีมาก")
