"""Line breaking for Thai text, which has no spaces between words.

A PDF library wraps at spaces and otherwise anywhere, which can strand a tone mark or
vowel away from its consonant. Here a line only ever breaks between grapheme clusters
(a base letter with the marks above and below it), prefers spaces, and inside a run of
Thai avoids the places where a syllable would surely be cut: after a leading vowel
(เ แ โ ใ ไ), before a following vowel (ะ า ๅ) or ฯ ๆ, before a silenced letter (์),
inside a number or a Latin word, and next to brackets and punctuation. Without a
dictionary this is a heuristic; it never splits a cluster. No Flask, no PDF here:
``wrap`` takes the measuring function.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

# Thai marks that sit on (or after) the preceding letter and so belong to its cluster:
# mai han-akat, sara am, the above/below vowels, and the tone and other marks.
_THAI_MARKS = frozenset("\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                        "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
LEADING_VOWELS = frozenset("เแโใไ")
FOLLOWING = frozenset("ะาๅฯๆ")
THANTHAKHAT = "\u0e4c"
_OPENING = frozenset("([{“‘«\"'")
_CLOSING = frozenset(")]}”’»,.:;!?%\"'…")
_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f")
SPACES = frozenset(" \t\u00a0\u200b")


def _joins_previous(ch: str) -> bool:
    return ch in _THAI_MARKS or ch in _JOINERS or unicodedata.combining(ch) != 0 or \
        unicodedata.category(ch) in ("Mn", "Mc", "Me")


def clusters(text: str) -> list[str]:
    """The grapheme clusters of ``text``: each base character with the marks that follow it."""
    out: list[str] = []
    for ch in text:
        if out and _joins_previous(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _is_digit(ch: str) -> bool:
    return ch.isdigit()


def thai_break_allowed(parts: list[str], index: int) -> bool:
    """May a line break between ``parts[index - 1]`` and ``parts[index]`` (two non-space clusters)?"""
    before, after = parts[index - 1][0], parts[index][0]
    if before in SPACES or after in SPACES:
        return False  # spaces are handled as their own, preferred, break
    if before in LEADING_VOWELS or after in FOLLOWING:
        return False
    if THANTHAKHAT in parts[index]:
        return False  # "ศาสตร์": the silenced letter stays with its syllable
    if index + 1 < len(parts) and THANTHAKHAT in parts[index + 1] and _is_thai(after) \
            and len(parts[index]) == 1:
        return False  # "จันทร์": no break before the plain consonant that the silenced one follows
    if len(parts[index]) == 1 and index + 2 < len(parts) and THANTHAKHAT in parts[index + 2] \
            and _is_consonant(after) and len(parts[index + 1]) == 1 and _is_consonant(parts[index + 1]):
        return False  # "สห|กรณ์", "ศาส|ตร์": two bare consonants before a silenced one are one syllable
    if after in _CLOSING or before in _OPENING:
        return False
    if _is_digit(before) and (_is_digit(after) or after in ",."):
        return False
    if before in ",." and _is_digit(after):
        return False
    if _is_thai(before) != _is_thai(after):
        return before.isalnum() and after.isalnum()  # the seam between Thai and a Latin word or a number
    if not _is_thai(before):
        return False  # inside Latin words and numbers only as a last resort
    if after == "\u0e3f" or before == "\u0e3f":  # ฿
        return False
    if index >= 2 and parts[index - 2][0] in "เแโ":
        return False  # "เทค", "เปล่า": such a syllable holds at least two clusters more ("ไม่|ได้" may break)
    previous = parts[index - 1]
    if any(t in previous for t in _TONES) and not any(v in previous for v in _VOWEL_MARKS) \
            and not (index >= 2 and parts[index - 2][0] in LEADING_VOWELS):
        return False  # a tone mark with no vowel needs what follows: "พร้อม", "ก่อน", "ด้วย"
    nxt = parts[index]
    bare_before = len(previous) == 1 and _is_consonant(previous)
    if bare_before and after in "รลว" and (len(nxt) > 1 or (index + 1 < len(parts) and parts[index + 1][0] in "ะา")):
        return False  # "ประ", "ความ", "พร้อม": the second letter of a cluster with its vowel or tone
    if previous == "อ" and len(nxt) == 1 and _is_consonant(nxt):
        return False  # อ as the vowel "o" takes the final: "ก่อน", "เรื่อง", "อบรม"
    if len(nxt) == 1 and _is_consonant(nxt):
        # A bare consonant after a short or closed vowel is that syllable's final ("ดิน", "จัน", "เห็น");
        # after า it is one too unless a vowel follows it ("การ|บริหาร", but "สา|มารถ").
        if any(mark in parts[index - 1] for mark in _CLOSED_VOWELS):
            return False
        if before == "า" and not (index + 1 < len(parts) and parts[index + 1][0] in "ะาๅ"):
            return False
    return True


_TONES = "\u0e48\u0e49\u0e4a\u0e4b"
_VOWEL_MARKS = "\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"
_CLOSED_VOWELS = "\u0e31\u0e47\u0e34\u0e36\u0e38"  # mai han-akat, mai taikhu, sara i, sara ue, sara u


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


Measure = Callable[[str], float]


def wrap(text: str, width: float, measure: Measure, first_width: float | None = None) -> list[str]:
    """``text`` cut into lines no wider than ``width`` (as ``measure`` says), never inside a cluster.

    Explicit newlines are kept. A line breaks at a space when that leaves it at least
    three quarters full, otherwise at a Thai syllable boundary, otherwise at a space,
    and only when neither exists at any cluster boundary. ``first_width`` (an indented
    first line) applies to the first line of each paragraph.
    """
    text = unicodedata.normalize("NFC", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, measure, first_width))
    return lines


# Words of this programme's documents that are kept whole, and whose ends are good places to break:
# a small dictionary beats the rules where it matters most ("สหกรณ์", not "ส|หกรณ์").
WORDS = tuple(sorted({
    "สหกรณ์", "ศูนย์", "ถ่ายทอด", "เทคโนโลยี", "จำกัด", "จังหวัด", "อำเภอ", "ตำบล", "กรม", "ส่งเสริม",
    "ผู้อำนวยการ", "อำนวยการ", "กรรมการ", "คณะกรรมการ", "ดำเนินการ", "ดำเนินงาน", "ประจำปี", "งบประมาณ",
    "ฝึกอบรม", "หลักสูตร", "ผู้เข้ารับ", "ผู้เข้าอบรม", "การเกษตร", "ออมทรัพย์", "เครดิตยูเนี่ยน", "ประมง",
    "นิคม", "ร้านค้า", "บริการ", "สมาชิก", "ร้อยละ", "ข้อมูล", "วันที่", "ไตรมาส", "รายงาน", "ผลการ",
    "ความพึงพอใจ", "ความรู้", "ความเข้าใจ", "แบบทดสอบ", "แบบสอบถาม", "คะแนน", "เฉลี่ย", "เป้าหมาย",
    "ตัวชี้วัด", "แผนพัฒนา", "กิจกรรม", "ติดตาม", "ประเมินผล", "ปัญหา", "อุปสรรค", "ข้อเสนอแนะ",
    "บันทึกข้อความ", "ส่วนราชการ", "เรื่อง", "เรียน", "ลงชื่อ", "ตำแหน่ง", "ค่าใช้จ่าย", "อาหาร",
    "สมนาคุณ", "วิทยากร", "พาหนะ", "วัสดุ", "สถานที่", "สะสม", "เดือน", "ปีงบประมาณ", "ประชุม", "บัญชี",
    "ธุรกิจ", "เงินทุน", "ทั้งหมด", "จำนวน", "รวม", "หน่วยงาน", "พัฒนา", "ศักยภาพ", "การบริหาร", "จัดการ",
    # the KPI and course names, which a narrow column cut as "ทั้งค|ณะ" and "ลดล|ง"
    "คณะ", "ทั้งคณะ", "เข้มแข็ง", "ขาดทุน", "ลดลง", "ส่วนร่วม", "มีส่วนร่วม", "รับรอง", "คัดเลือก", "ทะเบียน",
    "ประเภท", "อัตรา", "ทดสอบ", "หลังการ", "ก่อนการ", "สูงกว่า", "ต่ำกว่า", "ระดับ", "มากขึ้นไป", "เกณฑ์",
    "ของ", "ซึ่ง", "ได้รับ",
}, key=len, reverse=True))


def _dictionary_breaks(text: str, starts: list[int]) -> tuple[set[int], set[int]]:
    """(cluster indexes a break before is forbidden, those where it is a word boundary) from WORDS."""
    index_of = {offset: number for number, offset in enumerate(starts)}
    inside: set[int] = set()
    edges: set[int] = set()
    for word in WORDS:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if at in index_of and (end in index_of or end == len(text)):
                inside.update(index_of[o] for o in range(at + 1, end) if o in index_of)
                edges.update(index_of[o] for o in (at, end) if o in index_of)
            at = text.find(word, at + 1)
    return inside, edges - inside


def _wrap_paragraph(text: str, full_width: float, measure: Measure, first_width: float | None) -> list[str]:
    text = text.replace("\t", " ")
    parts = clusters(text)
    if not parts:
        return [""]
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part)
    inside, edges = _dictionary_breaks(text, starts)

    def allowed(k: int) -> bool:
        if k in inside:
            return False
        return k in edges and parts[k][0] not in SPACES and parts[k - 1][0] not in SPACES \
            or thai_break_allowed(parts, k)
    widths = [measure(p) for p in parts]
    lines: list[str] = []
    start = 0
    n = len(parts)
    while start < n:
        while start < n and parts[start] in SPACES and lines:
            start += 1  # a wrapped line does not begin with a space
        if start >= n:
            break
        width = first_width if first_width is not None and not lines else full_width
        used = 0.0
        end = start  # exclusive: parts[start:end] fit
        while end < n and used + widths[end] <= width:
            used += widths[end]
            end += 1
        if end >= n:
            lines.append("".join(parts[start:]).rstrip())
            break
        if end == start:
            end = start + 1  # one cluster wider than the line: it goes alone rather than being cut
            lines.append(parts[start])
            start = end
            continue
        # candidate breaks at positions start < k <= end: the line is parts[start:k]
        space_at = thai_at = None
        for k in range(end, start, -1):
            if space_at is None and k < n and parts[k] in SPACES:
                space_at = k
            if thai_at is None and k < n and allowed(k):
                thai_at = k
            if space_at is not None and thai_at is not None:
                break
        if space_at is not None and (thai_at is None
                                     or sum(widths[start:space_at]) >= 0.75 * width
                                     or thai_at <= space_at):
            cut = space_at
        elif thai_at is not None:
            cut = thai_at
        else:
            cut = end
        lines.append("".join(parts[start:cut]).rstrip())
        start = cut
    return lines or [""]
