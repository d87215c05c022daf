"""Counts print as whole numbers ("10"), percents keep two decimals ("85.00"): the "number" column kind
in XLSX, CSV, PDF/DOCX text and the KPI scorecard table."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from portal.documents.cells import format_cell, text_rows
from portal.exports import Column, Table, csv_bytes, is_count, number_format, xlsx_bytes
from portal.services.scorecards import Scorecard, ScoreRow, scorecard_table

NUMBER = Column("ผล", "number")


def test_a_count_in_a_number_column_prints_whole_and_a_decimal_keeps_two_places():
    assert format_cell(NUMBER, 10) == "10"
    assert format_cell(NUMBER, 1200) == "1,200"
    assert format_cell(NUMBER, Decimal("85.00")) == "85.00"
    assert format_cell(NUMBER, Decimal("85.5")) == "85.50"
    assert format_cell(NUMBER, 4.0) == "4.00"
    assert format_cell(NUMBER, "ข้อมูลไม่พอ") == "ข้อมูลไม่พอ"
    assert format_cell(NUMBER, None) == ""
    assert is_count(3) and not is_count(True) and not is_count(Decimal(3)) and not is_count(3.0)


def test_xlsx_number_formats_follow_the_value():
    assert number_format("number", 10) == "#,##0"
    assert number_format("number", Decimal("85.00")) == "#,##0.00"
    assert number_format("number", "ข้อมูลไม่พอ") is None
    assert number_format("number", True) is None
    assert number_format("amount", 1) == "#,##0.00"
    table = Table(title="t", columns=(Column("ตัวชี้วัด"), NUMBER),
                  rows=[["สหกรณ์", 10], ["ร้อยละ", Decimal("85.5")], ["ไม่พอ", "ข้อมูลไม่พอ"]])
    ws = load_workbook(io.BytesIO(xlsx_bytes(table))).worksheets[0]
    cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(1, ws.max_row + 1)}
    assert cells["สหกรณ์"].value == 10 and cells["สหกรณ์"].number_format == "#,##0"
    assert cells["ร้อยละ"].value == 85.5 and cells["ร้อยละ"].number_format == "#,##0.00"
    assert cells["ไม่พอ"].value == "ข้อมูลไม่พอ" and cells["ไม่พอ"].data_type == "s"
    text = csv_bytes(table).decode("utf-8-sig")
    assert "สหกรณ์,10\r\n" in text and "ร้อยละ,85.5\r\n" in text


def _card() -> Scorecard:
    rows = [ScoreRow("K1", "สหกรณ์ที่ได้รับการพัฒนา", "Cooperatives developed", "cooperatives", Decimal("10.00"),
                     Decimal(4), Decimal("40.00"), None, None, True),
            ScoreRow("K2", "ผู้ผ่านการอบรม", "People trained", "people", Decimal("50"), Decimal("62"),
                     Decimal("124.00"), None, None, True),
            ScoreRow("K3", "ร้อยละของผู้ผ่านเกณฑ์", "Share passing", "percent", Decimal("80"), Decimal("85.00"),
                     Decimal("106.25"), 17, 20, True),
            ScoreRow("K4", "ความพึงพอใจ", "Satisfaction", "percent", Decimal("80"), None, None, 2, 3, False)]
    return Scorecard(fy=2566, level="centre", name_th="ศูนย์ฯ ที่ 1", as_of=dt.date(2023, 3, 15), rows=rows,
                     name_en="Centre 1")


def test_the_kpi_table_prints_counts_whole_and_percents_with_two_decimals():
    table = scorecard_table(_card())
    _headers, body, _totals = text_rows(table)
    assert body[0][2:5] == ["10", "4", "40.00"]
    assert body[1][2:5] == ["50", "62", "124.00"]
    assert body[2][2:5] == ["80.00", "85.00", "106.25"]
    assert body[3][3] == "ข้อมูลไม่พอ"
    ws = load_workbook(io.BytesIO(xlsx_bytes(table))).worksheets[0]
    found = {row[0].value: row for row in ws.iter_rows() if row[0].value in ("สหกรณ์ที่ได้รับการพัฒนา",
                                                                              "ร้อยละของผู้ผ่านเกณฑ์")}
    coop, share = found["สหกรณ์ที่ได้รับการพัฒนา"], found["ร้อยละของผู้ผ่านเกณฑ์"]
    assert (coop[2].value, coop[2].number_format, coop[3].number_format) == (10, "#,##0", "#,##0")
    assert (share[2].number_format, share[3].number_format, share[4].number_format) == ("#,##0.00", "#,##0.00",
                                                                                         "0.00")


def test_the_report_page_cell_prints_counts_whole():
    from portal.views.reports import _cell

    assert _cell(10, "number") == "10"
    assert _cell(Decimal("85.00"), "number") == "85.00"
    assert _cell("ข้อมูลไม่พอ", "number") == "ข้อมูลไม่พอ"


def test_totals_of_counts_stay_counts_and_amounts_stay_decimal():
    table = Table(title="t", columns=(Column("ศูนย์"), Column("วัน", "number", total=True),
                                      Column("ครึ่งวัน", "number", total=True), Column("งบ", "amount", total=True)),
                  rows=[["ศูนย์ฯ ที่ 1", 8, Decimal("1.5"), Decimal("100.10")], ["ศูนย์ฯ ที่ 2", 6, 2, 50]])
    totals = table.totals()
    assert totals[1] == 14 and is_count(totals[1])
    assert totals[2] == Decimal("3.5") and totals[3] == Decimal("150.10")
    assert text_rows(table)[2] == ["รวม", "14", "3.50", "150.10"]
