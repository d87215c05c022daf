"""What trying issue 10 as a centre director turned up, each pinned by a test."""
from __future__ import annotations

import datetime as dt

from portal.services import report_documents as docs


def test_a_quarterly_report_of_the_running_quarter_is_as_of_today_not_the_quarter_end(world):
    # today is 15 March 2566; the second quarter runs to 31 March
    q2 = docs.quarterly_document(world.centre, 2566, 2)
    assert q2.as_of == "ข้อมูล ณ วันที่ 15 มีนาคม 2566"
    assert all(t.as_of in ("", "ข้อมูล ณ วันที่ 15 มีนาคม 2566") for t in q2.tables())
    q1 = docs.quarterly_document(world.centre, 2566, 1)  # a past quarter stops at its last day
    assert q1.as_of == "ข้อมูล ณ วันที่ 31 ธันวาคม 2565"
    q2_then = docs.quarterly_document(world.centre, 2566, 2, as_of=dt.date(2023, 2, 1))
    assert q2_then.as_of == "ข้อมูล ณ วันที่ 1 กุมภาพันธ์ 2566"


def test_saving_the_memorandum_keeps_its_paragraphs_and_the_problems_lines(world):
    from portal.documents import Paragraph
    from portal.services import reports as svc

    staff = world.users["centre_staff"]
    report = svc.create_report(world.centre, svc.NewReport("quarterly", 2566, quarter=2), staff)
    data = svc.MemoInput(agency=report.agency, reference="กษ 0505.1/1", memo_date=report.memo_date,
                         subject=report.subject, to=report.to,
                         body="ตามที่กรมมอบหมาย  นั้น\r\nศูนย์ขอส่งรายงาน\r\n\r\nจึงเรียนมาเพื่อโปรดทราบ",
                         problems="ฝนตกหนัก\nถนนขาด", help_needed="รถตู้")
    svc.update_memo(report, data, staff)
    assert report.body == "ตามที่กรมมอบหมาย นั้น\nศูนย์ขอส่งรายงาน\nจึงเรียนมาเพื่อโปรดทราบ"
    document = docs.report_document(report)
    assert document.memorandum.body == ("ตามที่กรมมอบหมาย นั้น", "ศูนย์ขอส่งรายงาน", "จึงเรียนมาเพื่อโปรดทราบ")
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "ฝนตกหนัก" in texts and "ถนนขาด" in texts


def test_the_national_report_counts_days_as_whole_numbers(world):
    from decimal import Decimal

    from portal.documents.cells import text_rows
    from portal.domain.thaidates import format_number
    from portal.models import Cohort

    Cohort.update(status="closed").where(Cohort.id.in_([world.cohort.id, world.other_cohort.id])).execute()
    national = docs.national_document(2566)
    table = next(t for t in national.tables() if t.title.startswith("หลักสูตรที่ 1"))
    days = [c.header for c in table.columns].index("วัน")
    _headers, body, totals = text_rows(table)
    own = next(row for row in body if row[0] == world.centre.short_th)
    assert own[days] == "2", body  # a two-day cohort, not "2.00"
    assert totals[days] == format_number(sum(row[days] for row in table.rows), 0)
    assert all(not isinstance(row[days], Decimal) or row[days] != int(row[days]) for row in table.rows)


def test_the_target_list_prints_the_accounting_year_as_a_year(world):
    from portal.documents.cells import text_rows

    document = docs.target_list_document(2566)
    table = document.tables()[0]
    column = [c.header for c in table.columns].index("ปีบัญชีที่ใช้คัดเลือก")
    _headers, body, _totals = text_rows(table)
    assert body and all(row[column] in ("2565", "") for row in body), [row[column] for row in body]
    assert "2,565" not in {row[column] for row in body}


def test_a_report_opening_with_a_wide_table_starts_landscape_with_its_title(tmp_path):
    import re
    import subprocess

    from portal.documents import Document, Paragraph, TableBlock
    from portal.documents.pdf import render_pdf
    from portal.exports import Column, Table

    columns = [Column("รายการ")] + [Column(f"เดือนที่ {i}", "amount") for i in range(1, 13)]
    wide = Table(title="ตารางกว้าง", columns=columns, rows=[("ค่าอาหาร",) + (1234567.5,) * 12])
    path = tmp_path / "wide_first.pdf"
    path.write_bytes(render_pdf(Document(title="รายชื่อสหกรณ์เป้าหมาย", blocks=[TableBlock(wide)])))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9", str(path)], capture_output=True, check=True,
                          text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    assert len(sizes) == 1 and sizes[0][0] > sizes[0][1]  # one landscape page: no title page left alone
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "1,234,567.50" in text
    # a report opening with text still starts portrait
    path.write_bytes(render_pdf(Document(title="รายงาน", blocks=[Paragraph("ก่อนตาราง"), TableBlock(wide)])))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9", str(path)], capture_output=True, check=True,
                          text=True).stdout
    first = re.search(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+)", info)
    assert float(first.group(1)) < float(first.group(2))


def test_a_quarter_that_has_not_begun_cannot_be_reported(world):
    import pytest

    from portal.models.reports import Report
    from portal.services import reports as svc

    staff = world.users["centre_staff"]
    with pytest.raises(svc.ReportError) as exc:  # today is 15 March 2566: the third quarter starts in April
        svc.create_report(world.centre, svc.NewReport("quarterly", 2566, quarter=3), staff)
    assert exc.value.messages[0].field == "quarter" and "ยังไม่เริ่ม" in exc.value.messages[0].th
    assert Report.select().count() == 0
    assert svc.create_report(world.centre, svc.NewReport("quarterly", 2566, quarter=2), staff).quarter == 2


def test_the_kpi_and_course_names_do_not_split_their_last_words():
    from portal.documents.thaiwrap import wrap

    for text, word in (("ร้อยละของสหกรณ์เป้าหมายที่มีขาดทุนสะสมซึ่งขาดทุนสะสมลดลง", "ลดลง"),
                       ("หลักสูตรพัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", "ทั้งคณะ")):
        for width in range(8, 30):
            lines = wrap(text, width, len)
            assert "".join(lines) == text
            whole = [line for line in lines if word in line]
            assert whole, (width, lines)  # the word sits whole on one line
