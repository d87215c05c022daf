"""Download names keep Thai whole (vowels and tone marks included) and lose anything unsafe."""
from __future__ import annotations

from portal.downloads import MIMETYPES, safe_filename


def test_thai_names_keep_their_vowels_and_tone_marks():
    assert safe_filename("แบบฟอร์มรายชื่อผู้เข้ารับการอบรม_รุ่นที่_9") == "แบบฟอร์มรายชื่อผู้เข้ารับการอบรม_รุ่นที่_9"
    assert safe_filename("สหกรณ์เป้าหมาย 2566/ศูนย์ที่ 1") == "สหกรณ์เป้าหมาย_2566_ศูนย์ที่_1"


def test_unsafe_characters_and_paths_are_replaced():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename('a"b;c\r\nd') == "a_b_c_d"
    assert safe_filename("") == "download"


def test_csv_is_declared_once_as_text():
    assert MIMETYPES["csv"] == "text/csv"
