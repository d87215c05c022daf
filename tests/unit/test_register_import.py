"""Register import: reading XLSX/CSV (UTF-8 and cp874), checking every row, writing all or only the good rows."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from portal.models import Cooperative, CoopType, Office, Province, YearlyRecord, YearlyRecordLine
from portal.services import register_import as ri

pytestmark = pytest.mark.db

HEADER = ("เลขทะเบียนสหกรณ์,ชื่อสหกรณ์,ประเภทสหกรณ์,จังหวัด,สำนักงาน,จำนวนกรรมการ,ปีบัญชี,วันสิ้นปีบัญชี,"
          "จำนวนสมาชิก,สมาชิกที่ทำธุรกิจกับสหกรณ์,ทำธุรกิจรับฝากเงิน,ทำธุรกิจให้เงินกู้,"
          "กำไร(ขาดทุน)สะสม,กำไร(ขาดทุน)สุทธิประจำปี,ระดับชั้นความเข้มแข็ง")
GOOD_1 = "R-001,สหกรณ์การเกษตรบ้านนา จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,1000,640,300,200,-250000,\"(1,000.50)\",2"
GOOD_2 = "R-001,สหกรณ์การเกษตรบ้านนา จำกัด,agricultural,ปทุมธานี,,15,2566,31/03/2566,1010,700,,,-200000,50000,2"
GOOD_3 = "R-002,สหกรณ์ออมทรัพย์ครูกรุงเทพ จำกัด,สหกรณ์ออมทรัพย์,กรุงเทพมหานคร,สสพ.1,12,2565,2022-12-31,5000,4900,,,1000000,250000,1"

# Lines 2..4 good; every line from 5 on is bad, one reason each.
BAD_ROWS = [
    "R-010,สหกรณ์การเกษตรหนองบัว จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,100,150,,,0,0,2",  # 5 active > members
    "R-011,สหกรณ์การเกษตรหนองแก จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,-5,0,,,0,0,2",  # 6 negative members
    "R-012,สหกรณ์การเกษตรดอนเมือง จำกัด,สหกรณ์การเกษตร,ปทุมทานี,,15,2565,31/03/2565,100,50,,,0,0,2",  # 7 unknown province
    "R-013,สหกรณ์ปลาทู จำกัด,สหกรณ์ปลา,ปทุมธานี,,15,2565,31/03/2565,100,50,,,0,0,2",  # 8 unknown type
    "R-014,สหกรณ์การเกษตรบางพูน จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/13/2565,100,50,,,0,0,2",  # 9 bad date
    "R-015,สหกรณ์การเกษตรบางกะดี จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,100,50,,,0,0,5",  # 10 strength 5
    "R-016,สหกรณ์บริการดินแดง จำกัด,สหกรณ์บริการ,กรุงเทพมหานคร,,9,2565,31/03/2565,100,50,,,0,0,2",  # 11 Bangkok without office
    "R-017,สหกรณ์การเกษตรคลองหลวง จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,100,50,,,0,0,2",  # 12 duplicate of 13
    "R-017,สหกรณ์การเกษตรคลองหลวง จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,100,60,,,0,0,2",  # 13 duplicate of 12
    "R-018,สหกรณ์การเกษตรลำลูกกา จำกัด,สหกรณ์การเกษตร,ปทุมธานี,,15,2565,31/03/2565,100,50,-3,,0,0,2",  # 14 negative line
]
BAD_LINES = list(range(5, 15))


def _csv(*rows: str) -> str:
    return "\r\n".join((HEADER, *rows)) + "\r\n"


def _counts():
    return Cooperative.select().count(), YearlyRecord.select().count()


def _pathum_office():
    return Office.get(Office.province == Province.get(Province.code == "13"))


def test_a_clean_utf8_file_previews_every_row_and_imports_them_all(app):
    data = _csv(GOOD_1, GOOD_2, GOOD_3).encode("utf-8")
    preview = ri.build_preview(data, "register.csv", "auto")
    assert preview.encoding == "utf-8"
    assert preview.errors == []
    assert preview.is_clean and len(preview.rows) == 3
    result = ri.import_preview(preview)
    assert (result.cooperatives_created, result.records_created) == (2, 3)
    coop = Cooperative.get(Cooperative.registration_no == "R-001")
    assert coop.office_id == _pathum_office().id
    first = YearlyRecord.get((YearlyRecord.cooperative == coop) & (YearlyRecord.accounting_year == 2565))
    assert first.closing_date == dt.date(2022, 3, 31)
    assert first.profit_this_year == Decimal("-1000.50")
    assert first.accumulated_profit_loss == Decimal("-250000.00")
    assert first.source == "imported"
    assert {(line.business_line.code, line.active_members) for line in first.lines} == {("deposits", 300), ("credit", 200)}
    bangkok = Cooperative.get(Cooperative.registration_no == "R-002")
    assert bangkok.office.short_th == "สสพ.1"


def test_a_utf8_file_with_a_bom_and_english_headers_is_read(app):
    header = ("Registration number,Cooperative name,Type,Province,Office,Board size,Accounting year,Closing date,"
              "Members,Active members,Accumulated profit (loss),Profit (loss) this year,Strength level")
    row = "R-100,สหกรณ์การเกษตรบ้านนา จำกัด,agricultural,Pathum Thani,,15,2565,31/03/2565,1000,640,-1,1,2"
    preview = ri.build_preview(("\ufeff" + header + "\n" + row + "\n").encode("utf-8"), "x.csv")
    assert preview.errors == [] and len(preview.rows) == 1
    assert not preview.has_line_columns


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_every_bad_row_is_reported_with_its_line_and_a_reason(app, encoding):
    data = _csv(GOOD_1, GOOD_2, GOOD_3, *BAD_ROWS).encode(encoding)
    preview = ri.build_preview(data, "register.csv", "auto")
    assert preview.encoding == encoding
    assert preview.bad_lines == BAD_LINES
    assert [r.line for r in preview.rows] == [2, 3, 4]
    by_line = {}
    for error in preview.errors:
        by_line.setdefault(error.line, []).append(error)
        assert error.message.th and error.message.en and error.column
    assert "มากกว่าจำนวนสมาชิก" in by_line[5][0].message.th and by_line[5][0].column == "สมาชิกที่ทำธุรกิจกับสหกรณ์"
    assert "แก้ให้ไม่เกินจำนวนสมาชิก" in by_line[5][0].message.th
    assert "ติดลบ" in by_line[6][0].message.th and "0 or more" in by_line[6][0].message.en
    assert "ไม่รู้จักจังหวัด" in by_line[7][0].message.th and by_line[7][0].column == "จังหวัด"
    assert "ไม่รู้จักประเภทสหกรณ์" in by_line[8][0].message.th and "สหกรณ์การเกษตร" in by_line[8][0].message.th
    assert "วันที่ไม่ถูกต้อง" in by_line[9][0].message.th and by_line[9][0].column == "วันสิ้นปีบัญชี"
    assert "1 ถึง 4" in by_line[10][0].message.th
    assert "สสพ.1" in by_line[11][0].message.th
    assert "ซ้ำกับแถวที่ 13" in by_line[12][0].message.th
    assert "ซ้ำกับแถวที่ 12" in by_line[13][0].message.th
    assert "ทำธุรกิจรับฝากเงิน" == by_line[14][0].column


def test_a_cp874_file_read_as_utf8_is_refused_with_the_fix(app):
    data = _csv(GOOD_1).encode("cp874")
    with pytest.raises(ri.ImportFileError) as info:
        ri.build_preview(data, "register.csv", "utf-8")
    message = info.value.message
    assert "cp874" in message.th and "CSV UTF-8" in message.th
    assert "cp874" in message.en and "CSV UTF-8" in message.en


def test_a_utf8_file_read_as_cp874_is_refused(app):
    with pytest.raises(ri.ImportFileError) as info:
        ri.build_preview(_csv(GOOD_1).encode("utf-8"), "register.csv", "cp874")
    assert "UTF-8" in info.value.message.th


def test_mojibake_in_a_utf8_file_is_reported_per_row(app):
    # UTF-8 bytes once read as cp874 and saved again as UTF-8: "เธชเธซเธเธฃเธ“เนŒ…"
    garbled = GOOD_1.encode("utf-8").decode("cp874", errors="replace")
    preview = ri.build_preview(_csv(garbled, GOOD_3).encode("utf-8"), "x.csv")
    assert preview.bad_lines == [2]
    assert any("อ่านไม่ออก" in e.message.th and "CSV UTF-8" in e.message.en for e in preview.errors)
    assert ri.looks_garbled("สหกรณ์ ????? จำกัด")
    assert not ri.looks_garbled("สหกรณ์เธอและฉัน จำกัด")


def test_a_file_with_errors_imports_nothing_unless_good_rows_only_is_chosen(app):
    before = _counts()
    preview = ri.build_preview(_csv(GOOD_1, GOOD_2, GOOD_3, *BAD_ROWS).encode("utf-8"), "x.csv")
    with pytest.raises(ri.ImportRefused) as info:
        ri.import_preview(preview)
    assert "นำเข้าเฉพาะแถวที่ถูกต้อง" in info.value.message.th
    assert _counts() == before
    result = ri.import_preview(preview, only_good=True)
    assert result.rows_imported == 3 and result.rows_skipped == len(BAD_LINES)
    assert _counts() == (before[0] + 2, before[1] + 3)
    assert not Cooperative.select().where(Cooperative.registration_no.startswith("R-01")).exists()


def test_nothing_is_written_when_a_write_fails_midway(app, monkeypatch):
    preview = ri.build_preview(_csv(GOOD_1, GOOD_2, GOOD_3).encode("utf-8"), "x.csv")

    def failing_insert_many(*args, **kwargs):
        raise RuntimeError("disk full")  # after the cooperatives and records were written

    monkeypatch.setattr(YearlyRecordLine, "insert_many", failing_insert_many)
    before = _counts()
    with pytest.raises(RuntimeError):
        ri.import_preview(preview)
    assert _counts() == before


def test_a_registration_number_of_another_stored_cooperative_is_refused(app):
    agri = CoopType.get(CoopType.code == "agricultural")
    Cooperative.create(name="สหกรณ์การเกษตรเดิม จำกัด", registration_no="R-001", coop_type=agri,
                       office=_pathum_office())
    preview = ri.build_preview(_csv(GOOD_1, GOOD_3).encode("utf-8"), "x.csv")
    assert preview.bad_lines == [2]
    assert "สหกรณ์การเกษตรเดิม จำกัด" in preview.errors[0].message.th


def test_importing_again_updates_the_cooperative_and_its_year(app):
    ri.import_preview(ri.build_preview(_csv(GOOD_1).encode("utf-8"), "x.csv"))
    changed = GOOD_1.replace(",1000,640,300,200,", ",1000,700,,50,")
    result = ri.import_preview(ri.build_preview(_csv(changed).encode("utf-8"), "x.csv"))
    assert (result.cooperatives_created, result.cooperatives_updated) == (0, 1)
    assert (result.records_created, result.records_updated) == (0, 1)
    record = YearlyRecord.get(YearlyRecord.accounting_year == 2565)
    assert record.active_members == 700
    assert [(line.business_line.code, line.active_members) for line in record.lines] == [("credit", 50)]


def test_a_provincial_officer_may_import_only_rows_of_their_office(app):
    pathum = _pathum_office()
    preview = ri.build_preview(_csv(GOOD_1, GOOD_3).encode("utf-8"), "x.csv", allowed_office_ids={pathum.id})
    assert preview.bad_lines == [3]
    assert "สำนักงานของท่าน" in preview.errors[0].message.th
    assert preview.errors[0].column == "สำนักงาน"


def test_a_missing_required_column_is_a_file_problem(app):
    header = HEADER.replace(",จำนวนสมาชิก", "")
    preview = ri.build_preview((header + "\nx\n").encode("utf-8"), "x.csv")
    assert preview.file_problem and not preview.rows
    assert any("จำนวนสมาชิก" in e.message.th for e in preview.errors)
    with pytest.raises(ri.ImportRefused):
        ri.import_preview(preview, only_good=True)


def test_import_file_refuses_when_the_checks_changed_since_the_preview(app):
    data = _csv(GOOD_1, GOOD_3).encode("utf-8")
    fingerprint = ri.build_preview(data, "x.csv").fingerprint
    agri = CoopType.get(CoopType.code == "agricultural")
    Cooperative.create(name="สหกรณ์อื่น จำกัด", registration_no="R-002", coop_type=agri, office=_pathum_office())
    before = _counts()
    with pytest.raises(ri.PreviewChanged):
        ri.import_file(data, "x.csv", only_good=True, expected_fingerprint=fingerprint)
    assert _counts() == before


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_buddhist_era_text_and_excel_dates(app):
    header = HEADER.split(",")
    base = ["สหกรณ์การเกษตร", "ปทุมธานี", None, 15, 2566]
    figures = [1000, 640, 300, None, -250000, 35000.5, 2]
    rows = [
        header,
        ["X-1", "สหกรณ์ก จำกัด", *base, "31/03/2566", *figures],
        ["X-2", "สหกรณ์ข จำกัด", *base, dt.datetime(2566, 3, 31), *figures],  # Excel date typed with a BE year
        ["X-3", "สหกรณ์ค จำกัด", *base, dt.datetime(2023, 3, 31), *figures],
        ["X-4", "สหกรณ์ง จำกัด", *base, 45016, *figures],  # an Excel serial number
        ["X-5", "สหกรณ์จ จำกัด", *base, "31 มี.ค. 2566", *figures],
        ["X-6", "สหกรณ์ฉ จำกัด", *base, "31/02/2566", *figures],
    ]
    preview = ri.build_preview(_xlsx(rows), "register.xlsx")
    assert preview.encoding == "xlsx"
    assert [r.figures.closing_date for r in preview.rows] == [dt.date(2023, 3, 31)] * 5
    assert preview.bad_lines == [7]
    assert preview.rows[0].figures.profit_this_year == Decimal("35000.50")


def test_the_template_opens_has_no_formulas_and_imports_as_empty(app):
    data = ri.template_workbook()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["ข้อมูล", "คำอธิบาย"]
    header = [c.value for c in wb["ข้อมูล"][1]]
    assert header[:3] == ["เลขทะเบียนสหกรณ์", "ชื่อสหกรณ์", "ประเภทสหกรณ์"]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.coordinate
    preview = ri.build_preview(data, "template.xlsx")
    assert preview.skipped_example_lines == [2]
    assert preview.file_problem and preview.total_rows == 0


def test_cells_that_would_run_as_formulas_are_neutralised():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert ri.neutralise_cell(text) == "'" + text
    assert ri.neutralise_cell("สหกรณ์") == "สหกรณ์"
    assert ri.neutralise_cell(-5) == -5


def test_uploads_are_kept_per_user_and_expire(tmp_path):
    store = ri.UploadStore(tmp_path)
    token = store.save(7, b"abc", "x.csv", "cp874")
    upload = store.load(7, token)
    assert (upload.data, upload.filename, upload.encoding) == (b"abc", "x.csv", "cp874")
    assert store.load(8, token) is None
    assert store.load(7, "../7/" + token) is None
    expired = ri.UploadStore(tmp_path, max_age=-1)
    assert expired.load(7, token) is None
    assert store.load(7, token) is None
