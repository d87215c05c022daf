"""Reports as a centre director uses them: what trying issue 10 turned up (English titles, paragraphs kept)."""
from __future__ import annotations

import io
import re

from support import login


def _create(client, **data):
    form = {"kind": "quarterly", "fiscal_year": "2566", "quarter": "2", "course": "", "cohort": ""}
    form.update(data)
    response = client.post("/reports/new", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/reports/(\d+)/edit", response.headers["Location"]).group(1))


def test_report_titles_follow_the_page_language(client, world):
    login(client, world.users["centre_staff"])
    quarterly = _create(client)
    training = _create(client, kind="training", quarter="", course="1")
    client.post("/language", data={"lang": "en", "next": "/"})
    listing = client.get("/reports/").get_data(as_text=True)
    assert "Quarterly report Q2 (Jan–Mar 2023)" in listing
    assert "Training report (course), course 1" in listing
    assert "รายงานผลการดำเนินงานรายไตรมาส" not in listing
    page = client.get(f"/reports/{training}").get_data(as_text=True)
    assert re.search(r"<h1>Training report \(course\), course 1 <span", page)
    edit = client.get(f"/reports/{quarterly}/edit").get_data(as_text=True)
    assert "Quarterly report Q2 (Jan–Mar 2023)" in edit
    client.post("/language", data={"lang": "th", "next": "/"})
    page = client.get(f"/reports/{training}").get_data(as_text=True)
    assert re.search(r"<h1>รายงานผลการฝึกอบรม \(หลักสูตร\) หลักสูตรที่ 1 <span", page)


def test_the_memorandum_keeps_its_paragraphs_from_the_form_to_the_docx(client, world):
    import docx

    login(client, world.users["centre_staff"])
    id = _create(client)
    form = {"agency": "ศูนย์ฯ ที่ 1", "reference": "กษ 0505.1/9", "memo_date": "15/03/2566",
            "subject": "รายงานไตรมาส 2", "to": "ผอ.สำนัก",
            "body": "ตามที่กรมมอบหมาย นั้น\r\nศูนย์ขอส่งรายงาน\r\nจึงเรียนมาเพื่อโปรดทราบ",
            "problems": "ฝนตกหนัก\r\nถนนขาด", "help_needed": "รถตู้"}
    response = client.post(f"/reports/{id}/edit", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    data = client.get(f"/reports/{id}/download/docx").data
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    for paragraph in ("ตามที่กรมมอบหมาย นั้น", "ศูนย์ขอส่งรายงาน", "จึงเรียนมาเพื่อโปรดทราบ", "ฝนตกหนัก", "ถนนขาด"):
        assert paragraph in texts
    # the form shows the text again as typed, one paragraph a line
    edit = client.get(f"/reports/{id}/edit").get_data(as_text=True)
    assert "ฝนตกหนัก\nถนนขาด</textarea>" in edit


def test_cli_says_when_the_csv_it_wrote_is_a_zip(runner, world, tmp_path):
    out = tmp_path / "q2.csv"
    result = runner.invoke(args=["report", "--centre", "1", "--year", "2566", "--kind", "quarterly", "--quarter", "2",
                                 "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK")
    assert "เป็น zip ของตาราง CSV" in result.output and "is a zip of CSV tables" in result.output
    named = tmp_path / "q2.zip"
    result = runner.invoke(args=["report", "--centre", "1", "--year", "2566", "--kind", "quarterly", "--quarter", "2",
                                 "--format", "csv", "-o", str(named)])
    assert result.exit_code == 0 and "zip ของตาราง" not in result.output


def test_a_bad_date_and_a_missing_subject_are_both_reported_at_once(client, world):
    login(client, world.users["centre_staff"])
    id = _create(client)
    response = client.post(f"/reports/{id}/edit", data={"agency": "ศูนย์ฯ", "memo_date": "31/02/2566",
                                                        "subject": "", "to": "", "body": "ย่อหน้าที่พิมพ์ไว้"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "31/02/2566" in text and "ย่อหน้าที่พิมพ์ไว้" in text
    assert "ใส่เรื่อง" in text and "ใส่เรียน (ผู้รับ)" in text and "ใส่ส่วนราชการ" not in text
