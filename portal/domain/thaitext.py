"""Thai text helpers: normalisation, dictionary sort order, name prefixes.

Plain Python (no Flask), so models, importers and reports can share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = [
    "KNOWN_PREFIXES",
    "gender_from_prefix",
    "normalize_text",
    "sorted_thai",
    "split_full_name",
    "thai_sort_key",
]

T = TypeVar("T")

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

SARA_AM = "\u0e33"  # ำ
NIKHAHIT = "\u0e4d"  # ํ
SARA_AA = "\u0e32"  # า
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋

# Invisible characters that Word, LINE and web pages leave inside Thai text
# (Thai has no spaces between words, so editors insert ZWSP as word breaks).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Sara am typed as nikhahit + sara aa, with the tone mark typed before, between
# or (rarely) both; Thai typing order puts the tone before ำ.
_DECOMPOSED_AM_RE = re.compile(f"([{TONE_MARKS}]?){NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
# A tone typed after ำ renders detached; it belongs to the consonant before.
_TONE_AFTER_AM_RE = re.compile(f"{SARA_AM}([{TONE_MARKS}])")
_WHITESPACE_RE = re.compile(r"\s+")


def normalize_text(s: str | None) -> str:
    """NFC, invisible characters removed, sara am composed, whitespace collapsed.

    None gives "".
    """
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    s = _INVISIBLE_RE.sub("", s)
    # Repeat until stable: each pass only moves tone marks left, and garbled
    # input ("ำ่่") can need more than one pass.
    previous = None
    while s != previous:
        previous = s
        s = _DECOMPOSED_AM_RE.sub(lambda m: m.group(1) + m.group(2) + SARA_AM, s)
        s = _TONE_AFTER_AM_RE.sub(lambda m: m.group(1) + SARA_AM, s)
    return _WHITESPACE_RE.sub(" ", s).strip()


# ---------------------------------------------------------------------------
# Thai dictionary order
# ---------------------------------------------------------------------------

_LEADING_VOWELS = frozenset("เแโใไ")
# Thai code points are already in dictionary order for consonants (ก..ฮ, with
# ฤ after ร and ฦ after ล) and for vowels (ะ ั า ำ ิ ี ึ ื ุ ู เ แ โ ใ ไ ๅ),
# and consonants (U+0E01..U+0E2E) precede vowels, as in the Royal Institute
# dictionary (กก comes before กา).
_THAI_PRIMARY = frozenset(
    [chr(c) for c in range(0x0E01, 0x0E2F)]  # consonants ก..ฮ
    + [chr(c) for c in range(0x0E30, 0x0E3A)]  # ะ ั า ำ ิ ี ึ ื ุ ู
    + [chr(c) for c in range(0x0E40, 0x0E46)]  # เ แ โ ใ ไ ๅ
)
_THAI_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
# Marks that only break ties; order: none < ็ < ่ < ้ < ๊ < ๋ < ์ < others.
_THAI_SECONDARY = {c: i + 1 for i, c in enumerate("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e3a")}
_OTHER_MARK_BASE = 100  # non-Thai combining marks (accents) sort after Thai marks

# Primary classes, in the order they sort.
_SPACE, _PUNCT, _DIGIT, _LATIN, _THAI, _OTHER = range(6)

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")


def _reorder_leading_vowels(s: str) -> str:
    """Swap each leading vowel with the consonant after it (เกม -> กเม)."""
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c in _LEADING_VOWELS and i + 1 < len(s) and s[i + 1] in _THAI_CONSONANTS:
            out.append(s[i + 1])
            out.append(c)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def thai_sort_key(s: str | None) -> tuple:
    """Sort key for Thai dictionary order, independent of any database collation.

    Primary level: leading vowels follow their consonant; consonants before
    vowels; runs of digits compare by numeric value (ศูนย์ที่ 2 before ศูนย์ที่ 10);
    space < punctuation < digits < Latin (case-insensitive) < Thai.
    Secondary level: tone marks and other diacritics. Tertiary: letter case.
    The normalised text is the final tie-break, so the order is total.
    """
    text = normalize_text(s)
    chars = _reorder_leading_vowels(text)
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        c = chars[i]
        if c.isdigit() and c.translate(_TO_ARABIC) in "0123456789":
            j = i
            while j < n and chars[j].isdigit() and chars[j].translate(_TO_ARABIC) in "0123456789":
                j += 1
            primary.append((_DIGIT, int(chars[i:j].translate(_TO_ARABIC))))
            secondary.append(0)
            tertiary.append(0)
            i = j
            continue
        i += 1
        if c in _THAI_PRIMARY:
            primary.append((_THAI, ord(c)))
            secondary.append(0)
            tertiary.append(0)
        elif c in _THAI_SECONDARY:
            secondary.append(_THAI_SECONDARY[c])
        elif c.isspace():
            primary.append((_SPACE, 0))
            secondary.append(0)
            tertiary.append(0)
        elif unicodedata.combining(c):
            secondary.append(_OTHER_MARK_BASE + unicodedata.combining(c))
        elif c.isalpha():
            decomposed = unicodedata.normalize("NFD", c)
            base = decomposed[0]
            folded = base.casefold()
            cls = _LATIN if "a" <= folded[:1] <= "z" else _OTHER
            for f in folded:
                primary.append((cls, ord(f)))
                secondary.append(0)
                tertiary.append(1 if base != folded else 0)
            for mark in decomposed[1:]:
                secondary.append(_OTHER_MARK_BASE + unicodedata.combining(mark))
        else:
            # Punctuation, symbols, ฯ and ๆ.
            primary.append((_PUNCT, ord(c)))
            secondary.append(0)
            tertiary.append(0)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def sorted_thai(
    items: Iterable[T],
    key: Callable[[T], Any] | None = None,
    reverse: bool = False,
) -> list[T]:
    """Sort items in Thai dictionary order of key(item) (identity by default)."""
    if key is None:
        return sorted(items, key=thai_sort_key, reverse=reverse)
    return sorted(items, key=lambda item: thai_sort_key(key(item)), reverse=reverse)


# ---------------------------------------------------------------------------
# Name prefixes (คำนำหน้า)
# ---------------------------------------------------------------------------

MALE = "male"
FEMALE = "female"
FEMALE_MARK = "หญิง"

# Order for a form dropdown: the three civil prefixes first, then the rest.
KNOWN_PREFIXES: list[str] = [
    "นาย",
    "นาง",
    "นางสาว",
    "ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    "นพ.",
    "พญ.",
    "ว่าที่ ร.ต.",
    "ว่าที่ ร.ต.หญิง",
    "จ.ส.อ.",
    "ร.อ.",
    "พ.ต.",
    "พ.ท.",
    "พ.อ.",
    "ด.ต.",
    "ร.ต.อ.",
    "ร.ต.อ.หญิง",
    "พ.ต.ท.",
    "พ.ต.ท.หญิง",
    "พ.ต.อ.",
    "พ.ต.อ.หญิง",
    "พระ",
    "พระครู",
    "พระมหา",
    "ด.ช.",
    "ด.ญ.",
]

# Prefixes whose gender is fixed. Military/police ranks are not listed here:
# women hold them too, and then carry "หญิง" (handled separately).
_TITLES: dict[str, str | None] = {
    # civil
    "นาย": MALE,
    "นาง": FEMALE,
    "นางสาว": FEMALE,
    "น.ส.": FEMALE,
    "นส.": FEMALE,
    "เด็กชาย": MALE,
    "ด.ช.": MALE,
    "เด็กหญิง": FEMALE,
    "ด.ญ.": FEMALE,
    "Mr.": MALE,
    "Mrs.": FEMALE,
    "Ms.": FEMALE,
    "Miss": FEMALE,
    # clergy (monks and novices are men; แม่ชี are women)
    "พระ": MALE,
    "พระครู": MALE,
    "พระมหา": MALE,
    "พระอธิการ": MALE,
    "พระภิกษุ": MALE,
    "สามเณร": MALE,
    "ส.ณ.": MALE,
    "แม่ชี": FEMALE,
    # professions with gendered forms
    "นายแพทย์": MALE,
    "นพ.": MALE,
    "แพทย์หญิง": FEMALE,
    "พญ.": FEMALE,
    "ทันตแพทย์": MALE,
    "ทพ.": MALE,
    "ทันตแพทย์หญิง": FEMALE,
    "ทพญ.": FEMALE,
    "นายสัตวแพทย์": MALE,
    "น.สพ.": MALE,
    "สัตวแพทย์หญิง": FEMALE,
    "สพ.ญ.": FEMALE,
    # honorifics
    "คุณหญิง": FEMALE,
    "ท่านผู้หญิง": FEMALE,
    # not fixed
    "ดร.": None,
    "ผศ.": None,
    "รศ.": None,
    "ศ.": None,
    "ผู้ช่วยศาสตราจารย์": None,
    "รองศาสตราจารย์": None,
    "ศาสตราจารย์": None,
    "ม.ร.ว.": None,
    "ม.ล.": None,
    "หม่อมราชวงศ์": None,
    "หม่อมหลวง": None,
}

# Ranks: gender not fixed unless followed by หญิง.
_RANKS: list[str] = [
    # army
    "พลเอก", "พล.อ.", "พลโท", "พล.ท.", "พลตรี", "พล.ต.",
    "พันเอก", "พ.อ.", "พันโท", "พ.ท.", "พันตรี", "พ.ต.",
    "ร้อยเอก", "ร.อ.", "ร้อยโท", "ร.ท.", "ร้อยตรี", "ร.ต.",
    "จ่าสิบเอก", "จ.ส.อ.", "จ่าสิบโท", "จ.ส.ท.", "จ่าสิบตรี", "จ.ส.ต.",
    "สิบเอก", "ส.อ.", "สิบโท", "ส.ท.", "สิบตรี", "ส.ต.", "พลทหาร",
    # police
    "พลตำรวจเอก", "พล.ต.อ.", "พลตำรวจโท", "พล.ต.ท.", "พลตำรวจตรี", "พล.ต.ต.",
    "พันตำรวจเอก", "พ.ต.อ.", "พันตำรวจโท", "พ.ต.ท.", "พันตำรวจตรี", "พ.ต.ต.",
    "ร้อยตำรวจเอก", "ร.ต.อ.", "ร้อยตำรวจโท", "ร.ต.ท.", "ร้อยตำรวจตรี", "ร.ต.ต.",
    "ดาบตำรวจ", "ด.ต.", "จ่าสิบตำรวจ",
    "สิบตำรวจเอก", "ส.ต.อ.", "สิบตำรวจโท", "ส.ต.ท.", "สิบตำรวจตรี", "ส.ต.ต.",
    "พลตำรวจ",
    # navy and air force
    "นาวาเอก", "น.อ.", "นาวาโท", "น.ท.", "นาวาตรี", "น.ต.",
    "เรือเอก", "เรือโท", "เรือตรี",
    "พันจ่าเอก", "พ.จ.อ.", "พันจ่าโท", "พ.จ.ท.", "พันจ่าตรี", "พ.จ.ต.",
    "พลอากาศเอก", "พล.อ.อ.", "พลอากาศโท", "พล.อ.ท.", "พลอากาศตรี", "พล.อ.ต.",
    "นาวาอากาศเอก", "น.อ.อ.", "นาวาอากาศโท", "นาวาอากาศตรี",
    "เรืออากาศเอก", "ร.อ.อ.", "เรืออากาศโท", "เรืออากาศตรี",
    "พันจ่าอากาศเอก", "พ.อ.อ.",
]
_ACTING = "ว่าที่"  # "acting" rank (reserve officer), always followed by a rank

# Forms that look like the start of ordinary names, so they count as a prefix
# only when whitespace follows them (พระพร is a name, "พระ พร" is a monk).
_NEEDS_SPACE = frozenset({"พระ", "Miss"})

_KIND_TITLE, _KIND_RANK, _KIND_ACTING, _KIND_FEMALE = "title", "rank", "acting", "female"


def _form_regex(form: str) -> str:
    # Spaces are optional after a dot and between words ("ว่าที่ร.ต." = "ว่าที่ ร.ต."),
    # and the final dot of an abbreviation may be missing ("น.ส" = "น.ส.").
    parts = []
    for i, ch in enumerate(form):
        if ch == " ":
            parts.append(r"\s*")
        elif ch == ".":
            parts.append(r"(?P<dot>\.)?" if i == len(form) - 1 else r"\.\s*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _build_forms() -> list[tuple[re.Pattern[str], str, str, str | None]]:
    entries: list[tuple[str, str, str | None]] = []
    entries += [(f, _KIND_TITLE, g) for f, g in _TITLES.items()]
    entries += [(f, _KIND_RANK, None) for f in _RANKS]
    entries += [(_ACTING, _KIND_ACTING, None), (FEMALE_MARK, _KIND_FEMALE, FEMALE)]
    # Longest first, so นางสาว is tried before นาง.
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    return [
        (re.compile(_form_regex(f), re.IGNORECASE), f, kind, gender)
        for f, kind, gender in entries
    ]


_FORMS = _build_forms()


def _starts_name(c: str) -> bool:
    """True if c can begin a name (a Thai consonant or leading vowel, a letter)."""
    if "\u0e00" <= c <= "\u0e7f":
        return c in _THAI_CONSONANTS or c in _LEADING_VOWELS
    return c.isalpha()


def _match_prefix_token(text: str, pos: int, prev_kind: str | None) -> list[tuple[int, str, str | None]]:
    """Candidate prefix tokens at pos: (end, kind, gender), longest first."""
    found = []
    for pattern, form, kind, gender in _FORMS:
        if kind == _KIND_FEMALE and prev_kind != _KIND_RANK:
            continue  # หญิง qualifies a rank only
        m = pattern.match(text, pos)
        if not m:
            continue
        end = m.end()
        if end < len(text):
            nxt = text[end]
            if not nxt.isspace():
                # Written together with what follows: that must start a name
                # or another prefix (ว่าที่ร้อยตรี, ผศ.ดร.), the form must not be
                # one that ordinary names begin with, and an abbreviation must
                # keep its final dot (นพดล is a name, not นพ. + ดล).
                if form in _NEEDS_SPACE or not _starts_name(nxt):
                    continue
                if form.endswith(".") and m.group("dot") is None:
                    continue
        found.append((end, kind, gender))
    return found


def _parse_prefix(text: str) -> list[tuple[int, str, str | None]]:
    """Greedy sequence of prefix tokens at the start of text: [(end, kind, gender)]."""
    tokens: list[tuple[int, str, str | None]] = []
    pos = 0
    prev_kind: str | None = None
    while pos < len(text):
        candidates = _match_prefix_token(text, pos, prev_kind)
        if not candidates:
            break
        end, kind, gender = candidates[0]
        tokens.append((end, kind, gender))
        prev_kind = kind
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def gender_from_prefix(prefix: str | None) -> str | None:
    """"male", "female", or None when the prefix does not fix the gender.

    Ranks are None (women hold them too) unless they carry หญิง; ดร. and
    ว่าที่ร้อยตรี are None; compound prefixes (ผศ.ดร.นพ.) combine their parts.
    """
    text = normalize_text(prefix)
    if not text:
        return None
    tokens = _parse_prefix(text)
    consumed = tokens[-1][0] if tokens else 0
    if consumed < len(text.rstrip(". ")):
        # Not entirely made of known prefixes: only หญิง is a safe signal.
        return FEMALE if FEMALE_MARK in text else None
    genders = {g for _, _, g in tokens if g is not None}
    return genders.pop() if len(genders) == 1 else None


def split_full_name(text: str | None) -> tuple[str, str, str]:
    """Split "นายสมชาย ใจดี" into ("นาย", "สมชาย", "ใจดี").

    The prefix ("" when none) is returned as typed (normalised); a surname of
    several words ("ณ อยุธยา") is kept whole. Raises ValueError when the
    first name or the surname is missing.
    """
    t = normalize_text(text)
    tokens = _parse_prefix(t)
    # "ร.ต.อ. หญิง ใจดี": if taking หญิง as part of the rank leaves no surname,
    # หญิง is the first name instead.
    if tokens and tokens[-1][1] == _KIND_FEMALE and len(t[tokens[-1][0]:].split()) < 2:
        tokens = tokens[:-1]
    end = tokens[-1][0] if tokens else 0
    prefix = t[:end].strip()
    rest = t[end:].split()
    if not rest:
        raise ValueError("ไม่พบชื่อ / First name is missing")
    if len(rest) < 2:
        raise ValueError("ไม่พบนามสกุล / Surname is missing")
    return prefix, rest[0], " ".join(rest[1:])
