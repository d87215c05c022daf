"""Sample documents the renderer tests share (imported by the other test_documents_* files),
and the checks that the samples themselves hold what those tests look for."""
from __future__ import annotations

import io
from decimal import Decimal

from portal.documents import Document, Heading, Image, Memorandum, Paragraph, Signature, TableBlock
from portal.exports import Column, Table

TONES = "ที่ ปี่ ผู้ น้ำ ก็ ฎุ ฐู"
LONG = ("การฝึกอบรมหลักสูตรการบริหารจัดการสหกรณ์สำหรับคณะกรรมการดำเนินการประจำปีงบประมาณพ.ศ.2566"
        "จัดขึ้นที่ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่1จังหวัดปทุมธานีผู้เข้ารับการฝึกอบรมมีความรู้ความเข้าใจเพิ่มขึ้น"
        "ทั้งในเรื่องการจัดทำแผนธุรกิจการควบคุมภายในและการมีส่วนร่วมของสมาชิกโดยเฉพาะเรื่องบัญชีต้นทุนการผลิต")
HOSTILE = ("=HYPERLINK(\"http://evil.example\",\"คลิก\")", "+1", "@SUM(A1:A2)", "\t=1", "-2+3", "\r=1")
MEMO = Memorandum(
    agency="ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 จังหวัดปทุมธานี โทร. 0 2577 1234",
    reference="กษ 0505.1/123", date_text="31 มีนาคม 2566",
    subject="รายงานผลการดำเนินงานโครงการฝึกอบรม ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)",
    to="ผู้อำนวยการกองพัฒนาสหกรณ์ด้านการเกษตร",
    body=("ตามที่กรมส่งเสริมสหกรณ์ได้มอบหมายให้ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 ดำเนินโครงการฝึกอบรม"
          "เพื่อพัฒนาศักยภาพสหกรณ์ ประจำปีงบประมาณ พ.ศ. 2566 นั้น",
          "ศูนย์ฯ ขอรายงานผลการดำเนินงานสะสม 6 เดือน ดังรายละเอียดที่แนบมาพร้อมนี้ " + LONG,
          "จึงเรียนมาเพื่อโปรดทราบ"),
    signature=Signature(name="นายสมชาย ใจดี", position="ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"),
    attachments=("รายงานผลการดำเนินงาน จำนวน 1 ชุด",),
)
COOP_COLUMNS = (Column("ลำดับ", "int"), Column("ชื่อสหกรณ์"), Column("จังหวัด"),
                Column("ผู้เข้ารับการฝึกอบรม (คน)", "int", total=True),
                Column("งบประมาณที่ใช้ (บาท)", "amount", total=True), Column("ร้อยละผู้ผ่านเกณฑ์", "percent"))


def chart_png() -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3), dpi=100)
    axes = figure.add_subplot()
    axes.bar(["A", "B"], [55, 82], color=["#999999", "#335577"])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def coop_table(rows: int = 40) -> Table:
    data = []
    for number in range(1, rows + 1):
        data.append((number, f"สหกรณ์การเกษตรผู้ใช้น้ำบ้านปี่ที่ {number} จำกัด", "ปทุมธานี", 20 + number,
                     Decimal("45600.00") + number, Decimal("85.5")))
    for offset, text in enumerate(HOSTILE, start=1):
        data.append((rows + offset, text, TONES, 1, Decimal("0.50"), "ข้อมูลไม่พอ"))
    data.append((rows + len(HOSTILE) + 1, "สหกรณ์ออมทรัพย์ครูปทุมธานี จำกัด", LONG[:150], 4, Decimal("10"), None))
    return Table(title="ตารางที่ 1 ผลการฝึกอบรมรายสหกรณ์", columns=COOP_COLUMNS, rows=data,
                 as_of="ข้อมูล ณ วันที่ 31 มีนาคม 2566", sheet_name="ผลการฝึกอบรม/รายสหกรณ์")


def budget_table() -> Table:
    heads = ("อาหาร", "สมนาคุณวิทยากร", "พาหนะ", "วัสดุ", "สถานที่", "ค่าเช่าที่พัก", "อื่น ๆ", "รวมทั้งสิ้น")
    return Table(title="ตารางที่ 2 งบประมาณตามหมวดรายจ่าย",
                 columns=[Column("รุ่น")] + [Column(h, "amount", total=True) for h in heads],
                 rows=[(f"รุ่นที่ {i}",) + tuple(Decimal("12345.50") * j for j in range(1, 9)) for i in range(1, 6)])


def sample_document(rows: int = 40, memorandum: Memorandum | None = MEMO) -> Document:
    return Document(
        title="รายงานผลการดำเนินงานรายไตรมาส ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1",
        subtitles=("ปีงบประมาณ พ.ศ. 2566", "ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)"),
        as_of="ข้อมูล ณ วันที่ 31 มีนาคม 2566",
        memorandum=memorandum,
        blocks=[Heading("1. ผลการฝึกอบรม"), Paragraph(LONG), TableBlock(coop_table(rows)),
                Heading("2. คะแนนก่อนและหลังการฝึกอบรม", 2),
                Image(chart_png(), "แผนภูมิที่ 1 คะแนนเฉลี่ยก่อนและหลังการฝึกอบรม"),
                TableBlock(budget_table()),
                Heading("3. ปัญหาและข้อเสนอแนะ"), Paragraph(f"{TONES} =SUM(1) +1 @x")],
        filename_stem="รายงาน ไตรมาส 2/2566",
    )


def test_the_sample_holds_the_cases_the_renderer_tests_look_for():
    doc = sample_document()
    assert len(doc.tables()) == 2 and doc.memorandum is MEMO
    assert any(row[1] == "=HYPERLINK(\"http://evil.example\",\"คลิก\")" for row in doc.tables()[0].rows)
    assert chart_png().startswith(b"\x89PNG")
