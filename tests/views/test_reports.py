"""Reports: drafting, the director's approval, marking sent (frozen), downloads, national reports, the CLI."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest

from support import login


def _close_cohort(w, *, spent_food="4500.00"):
    """The own cohort trained and closed: the trainee present both days, a budget by category."""
    from portal.models import Attendance, BudgetLine, Cohort

    Cohort.update(status="closed", day_starts=dt.time(9, 0), day_ends=dt.time(16, 30)).where(
        Cohort.id == w.cohort.id).execute()
    for day in (dt.date(2023, 1, 10), dt.date(2023, 1, 11)):
        Attendance.create(trainee=w.trainee, day=day, present=True)
    BudgetLine.create(cohort=w.cohort, category="food", planned=Decimal("5000"), spent=Decimal(spent_food))
    BudgetLine.create(cohort=w.cohort, category="venue", planned=Decimal("3000"), spent=Decimal("3000"))


def _create(client, **data):
    form = {"kind": "quarterly", "fiscal_year": "2566", "quarter": "2", "course": "", "cohort": ""}
    form.update(data)
    response = client.post("/reports/new", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/reports/(\d+)/edit", response.headers["Location"]).group(1))


def _report(id):
    from portal.models.reports import Report

    return Report.get_by_id(id)


def test_staff_drafts_with_prefilled_memorandum(client, world):
    login(client, world.users["centre_staff"])
    id = _create(client)
    report = _report(id)
    assert report.state == "draft" and report.centre_id == world.centre.id
    assert report.subject.startswith("รายงานผลการดำเนินงานโครงการ") and "ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)" in report.subject
    assert report.to == "ผู้อำนวยการสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์"
    page = client.get(f"/reports/{id}").get_data(as_text=True)
    assert "บันทึกข้อความ" in page and "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1" in page
    assert world.users["centre_director"].full_name in page  # the director's name under the signature
    assert "ข้อมูล ณ วันที่ 15 มีนาคม 2566" in page  # the second quarter is still running: as of today


def test_bad_new_report_is_refused_and_reshown(client, world):
    from portal.models.reports import Report

    login(client, world.users["centre_staff"])
    response = client.post("/reports/new", data={"kind": "quarterly", "fiscal_year": "2566", "quarter": ""})
    assert response.status_code == 422
    assert "เลือกไตรมาส 1 ถึง 4" in response.get_data(as_text=True)
    response = client.post("/reports/new", data={"kind": "cohort", "fiscal_year": "2566",
                                                 "cohort": str(world.other_cohort.id)})
    assert response.status_code == 422  # another centre's cohort is not a choice
    assert Report.select().count() == 0


def test_edit_validates_and_keeps_what_was_typed(client, world):
    login(client, world.users["centre_staff"])
    id = _create(client)
    response = client.post(f"/reports/{id}/edit", data={"agency": "ศูนย์ฯ", "memo_date": "31/02/2566",
                                                        "subject": "", "to": "ท่าน", "body": "ย่อหน้าที่พิมพ์ไว้"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "ย่อหน้าที่พิมพ์ไว้" in text
    assert _report(id).body != "ย่อหน้าที่พิมพ์ไว้"
    response = client.post(f"/reports/{id}/edit", data={"agency": "ศูนย์ฯ", "reference": "กษ 0505/1",
                                                        "memo_date": "20/03/2566", "subject": "เรื่องใหม่",
                                                        "to": "ท่าน", "body": "ย่อหน้าหนึ่ง\nย่อหน้าสอง",
                                                        "problems": "ฝนตก", "help_needed": "รถ"})
    assert response.status_code == 303
    report = _report(id)
    assert (report.subject, report.memo_date, report.problems) == ("เรื่องใหม่", dt.date(2023, 3, 20), "ฝนตก")


def test_approval_flow_and_frozen_sent_version(client, world):
    from portal.models import BudgetLine
    from portal.models.reports import ReportEvent, ReportFile

    _close_cohort(world)
    login(client, world.users["centre_staff"])
    id = _create(client, kind="training", quarter="", course="1")
    # staff cannot approve, nor mark a draft sent
    assert client.post(f"/reports/{id}/approve").status_code == 403
    client.post(f"/reports/{id}/sent")
    assert _report(id).state == "draft"
    # another centre's director: 404
    login(client, world.other_users["centre_director"])
    assert client.post(f"/reports/{id}/approve").status_code == 404
    assert client.get(f"/reports/{id}").status_code == 404
    assert client.get(f"/reports/{id}/download/pdf").status_code == 404
    # the director sends it back with a note, then approves
    login(client, world.users["centre_director"])
    client.post(f"/reports/{id}/send-back", data={"note": ""})
    assert ReportEvent.select().where(ReportEvent.report == id).count() == 1  # a note is required
    client.post(f"/reports/{id}/send-back", data={"note": "แก้เลขที่หนังสือ"})
    assert client.post(f"/reports/{id}/approve").status_code == 303
    report = _report(id)
    assert report.state == "approved" and report.approved_by_id == world.users["centre_director"].id
    # an edit after approval returns it to draft
    login(client, world.users["centre_staff"])
    memo = {"agency": report.agency, "reference": "กษ 1", "memo_date": "20/03/2566", "subject": report.subject,
            "to": report.to, "body": report.body}
    assert client.post(f"/reports/{id}/edit", data=memo).status_code == 303
    assert _report(id).state == "draft"
    login(client, world.users["centre_director"])
    client.post(f"/reports/{id}/approve")
    login(client, world.users["centre_staff"])
    assert client.post(f"/reports/{id}/sent").status_code == 303
    report = _report(id)
    assert report.state == "sent" and report.sent_by_id == world.users["centre_staff"].id
    assert {f.fmt for f in ReportFile.select().where(ReportFile.report == id)} == {"pdf", "docx", "xlsx", "csv"}
    states = [(e.from_state, e.to_state) for e in ReportEvent.select().where(ReportEvent.report == id)
              .order_by(ReportEvent.id)]
    assert states == [("", "draft"), ("draft", "draft"), ("draft", "approved"), ("approved", "draft"),
                      ("draft", "approved"), ("approved", "sent")]
    history = client.get(f"/reports/{id}").get_data(as_text=True)
    assert "แก้เลขที่หนังสือ" in history and "ส่งแล้ว" in history
    sent_xlsx = client.get(f"/reports/{id}/download/xlsx").data
    sent_pdf = client.get(f"/reports/{id}/download/pdf").data
    # a figure changes after sending: the sent download is unchanged, the edit page refuses
    BudgetLine.update(spent=Decimal("9999.00")).where(BudgetLine.category == "food").execute()
    assert client.get(f"/reports/{id}/download/xlsx").data == sent_xlsx
    assert client.get(f"/reports/{id}/download/pdf").data == sent_pdf
    assert client.post(f"/reports/{id}/edit", data=memo).status_code == 303
    assert _report(id).reference == "กษ 1"
    # the live document (a fresh draft) does show the new figure
    fresh = _create(client, kind="training", quarter="", course="1")
    assert b"9999" in _xlsx_text(client.get(f"/reports/{fresh}/download/xlsx").data).encode()
    assert "9999" not in _xlsx_text(sent_xlsx)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _xlsx_cells(data: bytes):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("fmt,kind", [("pdf", "application/pdf"), ("docx", "wordprocessingml"),
                                      ("xlsx", "spreadsheetml"), ("csv", "zip")])
def test_downloads_are_attachments_never_cached(client, world, fmt, kind):
    _close_cohort(world)
    login(client, world.users["centre_director"])
    id = _create(client, kind="cohort", quarter="", cohort=str(world.cohort.id))
    response = client.get(f"/reports/{id}/download/{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert kind in response.headers["Content-Type"] or (fmt == "csv" and "csv" in response.headers["Content-Type"])
    if fmt == "pdf":
        assert response.data.startswith(b"%PDF")


def test_training_report_holds_the_numbers_and_names_stay_home(client, world):
    _close_cohort(world, spent_food="4500.00")
    login(client, world.users["centre_staff"])
    id = _create(client, kind="cohort", quarter="", cohort=str(world.cohort.id))
    cells = _xlsx_cells(client.get(f"/reports/{id}/download/xlsx").data)
    assert not any(c.data_type == "f" for c in cells)  # no formula cells
    text = "\n".join(str(c.value) for c in cells)
    assert "สมใจ" in text  # the centre's own trainee, in its own cohort report
    assert "09.00–16.30 น." in text and "ห้องประชุมสหกรณ์" in text
    values = [c.value for c in cells]
    assert 4500 in values and 8000 in values  # food spent; planned total 5,000 + 3,000
    from docx import Document as Docx

    docx = Docx(io.BytesIO(client.get(f"/reports/{id}/download/docx").data))
    body = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        cell.text for t in docx.tables for row in t.rows for cell in row.cells)
    report = _report(id)
    for field in ("บันทึกข้อความ", "ส่วนราชการ", "เรื่อง", "เรียน", report.subject, report.to,
                  "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"):
        assert field in body, field


def test_national_reports_carry_counts_never_names(client, world):
    _close_cohort(world)
    login(client, world.users["bureau_exec"])
    assert "รายงานระดับประเทศ" in client.get("/reports/national?fy=2566").get_data(as_text=True)
    response = client.get("/reports/national?fy=2566&fmt=xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    text = _xlsx_text(response.data)
    assert "ศูนย์ฯ ที่ 1" in text
    for name in ("สมใจ", "สมชาย", world.users["centre_director"].first_name):
        assert name not in text
    csv = client.get("/reports/national?fy=2566&fmt=csv")
    with zipfile.ZipFile(io.BytesIO(csv.data)) as z:
        assert z.namelist() and all("สมใจ" not in z.read(n).decode("utf-8-sig") for n in z.namelist())
    targets = client.get("/reports/national?fy=2566&doc=targets&fmt=xlsx")
    assert "สหกรณ์การเกษตรบ้านทดสอบ จำกัด" in _xlsx_text(targets.data)
    assert client.get("/reports/national?fy=2599&fmt=pdf").status_code == 404
    login(client, world.users["centre_director"])
    assert client.get("/reports/national?fy=2566&fmt=xlsx").status_code == 403


def test_list_is_scoped(client, world):
    from portal.models.reports import Report

    Report.create(centre=world.other_centre, kind="training", fiscal_year=2566, course=1, subject="อีกศูนย์")
    login(client, world.users["centre_staff"])
    _create(client)
    page = client.get("/reports/").get_data(as_text=True)
    assert "ไตรมาสที่ 2" in page and "ศูนย์ฯ ที่ 2" not in page
    login(client, world.users["bureau_admin"])
    page = client.get(f"/reports/?centre={world.other_centre.id}").get_data(as_text=True)
    assert "ศูนย์ฯ ที่ 2" in page and "ไตรมาสที่ 2" not in page


# --- the command line ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("csv", b"PK")])
def test_cli_writes_each_format(runner, world, tmp_path, fmt, magic):
    _close_cohort(world)
    out = tmp_path / f"q2.{fmt}"
    result = runner.invoke(args=["report", "--centre", "1", "--year", "2566", "--kind", "quarterly", "--quarter", "2",
                                 "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_cli_training_final_and_national(runner, world, tmp_path):
    _close_cohort(world)
    for args in (["--centre", "1", "--kind", "training", "--course", "1"],
                 ["--centre", "1", "--kind", "final", "--course", "1"], ["--all"]):
        out = tmp_path / "r.xlsx"
        result = runner.invoke(args=["report", "--year", "2566", *args, "--format", "xlsx", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert not any(c.data_type == "f" for c in _xlsx_cells(out.read_bytes()))
    text = _xlsx_text(out.read_bytes())
    assert "สมใจ" not in text  # the national document carries counts only


@pytest.mark.parametrize("args,message", [
    (["--centre", "99", "--year", "2566", "--format", "pdf"], "ไม่พบศูนย์ที่ 99"),
    (["--centre", "1", "--year", "1999", "--format", "pdf"], "ปีงบประมาณไม่ถูกต้อง"),
    (["--centre", "1", "--year", "2570", "--format", "pdf"], "ไม่พบปีงบประมาณ 2570"),
    (["--centre", "1", "--year", "2566", "--format", "odt"], "รูปแบบไฟล์ต้องเป็น"),
    (["--centre", "1", "--year", "2566", "--format", "pdf", "--kind", "training"], "--course 1 หรือ 2"),
])
def test_cli_errors_are_clear(runner, world, tmp_path, args, message):
    result = runner.invoke(args=["report", *args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_unwritable_path(runner, world, tmp_path):
    result = runner.invoke(args=["report", "--centre", "1", "--year", "2566", "--format", "csv",
                                 "-o", str(tmp_path / "missing" / "x.zip")])
    assert result.exit_code == 2 and "เขียนไฟล์" in result.output and "cannot write" in result.output


def test_typed_text_cannot_become_a_formula(client, world):
    login(client, world.users["centre_staff"])
    id = _create(client)
    report = _report(id)
    memo = {"agency": report.agency, "memo_date": "20/03/2566", "subject": "=HYPERLINK(\"http://x\")",
            "to": report.to, "body": "+ย่อหน้า", "problems": "=1+1", "help_needed": "@SUM(A1)"}
    assert client.post(f"/reports/{id}/edit", data=memo).status_code == 303
    cells = _xlsx_cells(client.get(f"/reports/{id}/download/xlsx").data)
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "+", "@")) for c in cells)
    with zipfile.ZipFile(io.BytesIO(client.get(f"/reports/{id}/download/csv").data)) as z:
        for name in z.namelist():
            for line in z.read(name).decode("utf-8-sig").splitlines():
                for cell in line.split(","):
                    assert not cell.strip('"').startswith(("=", "+", "@")), (name, line)
