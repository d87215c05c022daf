"""Analysis of target cooperatives: only targets, secondary data shown, loss by business line, problems,
files (type, size, storage, download headers, scope, delete), the per-centre status list."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from support import login
from portal.models import (
    AnalysisFile, AnalysisLossLine, AnalysisProblem, BusinessLine, Cooperative, CooperativeAnalysis, TargetProposal,
    YearlyRecord,
)

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _uploads(app, tmp_path):
    app.config["ANALYSIS_UPLOAD_DIR"] = str(tmp_path / "analysis")
    return tmp_path / "analysis"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _url(world, coop=None, suffix=""):
    return f"/analysis/2566/cooperatives/{(coop or world.coop).id}{suffix}"


def _form(**overrides):
    credit = BusinessLine.get(BusinessLine.code == "credit")
    supplies = BusinessLine.get(BusinessLine.code == "supplies")
    data = {
        "annual_report": "ธุรกิจสินเชื่อเป็นหลัก", "trial_balance": "ลูกหนี้ค้างชำระสูง", "strength_notes": "ชั้น 2 สามปี",
        "auditor_observations": "ตั้งค่าเผื่อหนี้สงสัยจะสูญไม่พอ", "board_notes": "กรรมการประชุมไม่ครบ",
        "staff_notes": "เจ้าหน้าที่ 2 คน", "member_notes": "สมาชิกไม่ทราบผลประโยชน์",
        f"loss_{credit.id}": "180,000.50", f"causes_{credit.id}": "หนี้ค้างชำระ", f"remedies_{credit.id}": "ติดตามหนี้",
        f"loss_{supplies.id}": "0", f"causes_{supplies.id}": "", f"remedies_{supplies.id}": "",
        "plan_horizon": "both", "problem": ["หนี้ค้างชำระสูง", "", "สมาชิกมีส่วนร่วมน้อย"], "action": "save",
    }
    data.update(overrides)
    return data


def _save(client, world, **overrides):
    return client.post(_url(world, suffix="/edit"), data=_form(**overrides))


# --- the list -------------------------------------------------------------------------------------


def test_the_centre_list_shows_targets_with_their_status(client, world, login_as):
    login_as("centre_director")
    html = _html(client.get(f"/analysis/centres/{world.centre.id}?year=2566"))
    assert world.coop.name in html and world.other_coop.name not in html
    assert "ยังไม่ได้วิเคราะห์" in html and "วิเคราะห์แล้ว 0 จาก 1 สหกรณ์" in html
    CooperativeAnalysis.create(year=world.year, cooperative=world.coop)
    html = _html(client.get(f"/analysis/centres/{world.centre.id}?year=2566"))
    assert "วิเคราะห์แล้ว 1 จาก 1 สหกรณ์" in html


def test_a_withdrawn_proposal_leaves_the_list_and_an_unsubmitted_one_shows(client, world, login_as):
    world.target_list.submitted_at = None
    world.target_list.save()
    login_as("centre_staff")
    html = _html(client.get(f"/analysis/centres/{world.centre.id}?year=2566"))
    assert world.coop.name in html and "ยังไม่ได้ส่งรายชื่อ" in html
    TargetProposal.update(status="withdrawn").execute()
    html = _html(client.get(f"/analysis/centres/{world.centre.id}?year=2566"))
    assert world.coop.name not in html


def test_the_bureau_overview_counts_targets_per_centre(client, world, login_as):
    CooperativeAnalysis.create(year=world.year, cooperative=world.other_coop)
    login_as("bureau_exec")
    html = _html(client.get("/analysis/?year=2566"))
    assert html.count('href="/analysis/centres/') == 20
    assert '<td class="num">2</td>' in html and '<td class="num">1</td>' in html  # 2 targets, 1 analysed


def test_a_director_is_sent_to_their_centre(client, world, login_as):
    login_as("provincial_head")
    response = client.get("/analysis/")
    assert response.headers["Location"].endswith(f"/analysis/centres/{world.centre.id}?year=2566")


# --- writing --------------------------------------------------------------------------------------


def test_the_form_shows_the_secondary_data_the_portal_has(client, world, login_as):
    YearlyRecord.create(cooperative=world.coop, accounting_year=2564, closing_date=dt.date(2021, 3, 31), members=3,
                        active_members=2, accumulated_profit_loss=Decimal("-1"), profit_this_year=0, strength_level=3)
    login_as("centre_staff")
    html = _html(client.get(_url(world, suffix="/edit")))
    assert "64.00%" in html and "66.67%" in html  # 640/1000 and 2/3, two decimals
    assert "-250,000.00 บาท" in html and "ต่ำกว่าร้อยละ 65" in html
    assert html.index(">2565<") < html.index(">2564<")  # newest first
    assert "สาเหตุการขาดทุนแยกตามประเภทธุรกิจ" in html  # the latest record shows an accumulated loss
    for line in BusinessLine.select():
        assert f'name="loss_{line.id}"' in html


def test_staff_save_an_analysis_with_loss_lines_and_ordered_problems(client, world, login_as):
    login_as("centre_staff")
    response = _save(client, world)
    assert response.status_code == 303, _html(response)[:3000]
    analysis = CooperativeAnalysis.get()
    assert (analysis.year_id, analysis.cooperative_id) == (world.year.id, world.coop.id)
    assert analysis.auditor_observations == "ตั้งค่าเผื่อหนี้สงสัยจะสูญไม่พอ" and analysis.plan_horizon == "both"
    assert analysis.created_by_id == world.users["centre_staff"].id
    lines = {row.business_line.code: (row.loss, row.causes) for row in AnalysisLossLine.select()}
    assert lines == {"credit": (Decimal("180000.50"), "หนี้ค้างชำระ"), "supplies": (Decimal("0.00"), "")}
    assert [p.text for p in AnalysisProblem.select().order_by(AnalysisProblem.sort_order)] == [
        "หนี้ค้างชำระสูง", "สมาชิกมีส่วนร่วมน้อย"]
    html = _html(client.get(_url(world)))
    assert "180,000.50 บาท" in html and "แผนระยะสั้นและระยะยาว" in html and "ตั้งค่าเผื่อหนี้สงสัยจะสูญไม่พอ" in html
    assert html.index("หนี้ค้างชำระสูง</li>") < html.index("สมาชิกมีส่วนร่วมน้อย</li>")


def test_a_second_save_replaces_and_keeps_the_creator(client, world, login_as):
    login_as("centre_staff")
    _save(client, world)
    client.post("/logout")
    login_as("centre_director")
    assert _save(client, world, problem=["ปัญหาใหม่"], plan_horizon="").status_code == 303
    analysis = CooperativeAnalysis.get()
    assert analysis.created_by_id == world.users["centre_staff"].id
    assert analysis.updated_by_id == world.users["centre_director"].id
    assert analysis.plan_horizon == ""
    assert [p.text for p in AnalysisProblem.select()] == ["ปัญหาใหม่"]
    assert CooperativeAnalysis.select().count() == 1


@pytest.mark.parametrize("field, value, message", [
    ("loss", "-5000", "ต้องไม่ติดลบ"),
    ("loss", "ห้าพัน", "ต้องเป็นตัวเลข"),
    ("loss", "", "กรุณากรอกยอดขาดทุน"),  # causes given without an amount
])
def test_a_bad_loss_line_is_refused_and_nothing_changes(client, world, login_as, field, value, message):
    login_as("centre_staff")
    _save(client, world)
    credit = BusinessLine.get(BusinessLine.code == "credit")
    response = _save(client, world, **{f"loss_{credit.id}": value, "annual_report": "เปลี่ยนแล้ว"})
    assert response.status_code == 422
    html = _html(response)
    assert message in html and "ยังไม่ได้บันทึก" in html
    assert f'value="{value}"' in html  # what was typed is shown again
    assert CooperativeAnalysis.get().annual_report == "ธุรกิจสินเชื่อเป็นหลัก"
    assert AnalysisLossLine.select().count() == 2


def test_a_cooperative_without_loss_gets_no_loss_section(client, world, login_as):
    YearlyRecord.update(accumulated_profit_loss=Decimal(5000)).where(YearlyRecord.cooperative == world.coop).execute()
    login_as("centre_staff")
    html = _html(client.get(_url(world, suffix="/edit")))
    assert "สาเหตุการขาดทุนแยกตามประเภทธุรกิจ" not in html
    credit = BusinessLine.get(BusinessLine.code == "credit")
    assert _save(client, world, **{f"loss_{credit.id}": "-1"}).status_code == 303  # ignored, not stored
    assert AnalysisLossLine.select().count() == 0 and CooperativeAnalysis.get().plan_horizon == ""


def test_a_non_target_is_refused_with_a_thai_message(client, world, login_as):
    agri = world.coop.coop_type
    stranger = Cooperative.create(name="สหกรณ์ไม่ใช่เป้าหมาย จำกัด", registration_no="X-9", coop_type=agri,
                                  office=world.office)
    login_as("centre_staff")
    for response in (client.get(_url(world, stranger)), client.get(_url(world, stranger, "/edit")),
                     client.post(_url(world, stranger, "/edit"), data=_form())):
        assert response.status_code == 409
        assert "สหกรณ์นี้ไม่ใช่สหกรณ์เป้าหมายของปีงบประมาณ พ.ศ. 2566" in _html(response)
    assert CooperativeAnalysis.select().count() == 0
    # A withdrawn target cannot be written either
    TargetProposal.update(status="withdrawn").execute()
    assert _save(client, world).status_code == 409
    assert CooperativeAnalysis.select().count() == 0


def test_problem_rows_are_added_removed_and_moved_without_saving(client, world, login_as):
    login_as("centre_staff")
    html = _html(client.post(_url(world, suffix="/edit"), data=_form(action="add")))
    assert html.count('name="problem"') == 4
    html = _html(client.post(_url(world, suffix="/edit"), data=_form(action="up:2")))
    assert 'id="problem-1" name="problem" rows="2">สมาชิกมีส่วนร่วมน้อย</textarea>' in html
    assert 'id="problem-2" name="problem" rows="2"></textarea>' in html
    fragment = _html(client.post(_url(world, suffix="/edit"), data=_form(action="remove:0"),
                                 headers={"HX-Request": "true"}))
    assert "<html" not in fragment and fragment.count('name="problem"') == 2 and "หนี้ค้างชำระสูง" not in fragment
    assert CooperativeAnalysis.select().count() == 0


# --- files ----------------------------------------------------------------------------------------


def _upload(client, world, data: bytes, name: str, kind="audit_report"):
    # The body is built here, in memory: the test client spools big multipart bodies to a temporary
    # file it never closes (a ResourceWarning under filterwarnings=error).
    boundary = "----analysis-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(_url(world, suffix="/files"), data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_file_is_stored_under_a_random_name_and_downloaded_as_an_attachment(client, world, login_as, _uploads):
    login_as("centre_staff")
    _save(client, world)
    response = _upload(client, world, PDF, "รายงานผู้สอบบัญชี 2565.pdf")
    assert response.status_code == 303
    row = AnalysisFile.get()
    assert row.original_name == "รายงานผู้สอบบัญชี 2565.pdf" and row.kind == "audit_report"
    assert row.content_type == "application/pdf" and row.size == len(PDF)
    assert row.stored_name.endswith(".pdf") and len(row.stored_name) == 36 and "2565" not in row.stored_name
    assert (Path(_uploads) / row.stored_name).read_bytes() == PDF
    client.post("/logout")
    login_as("provincial_officer")  # the cooperative's office reads it
    download = client.get(f"/analysis/files/{row.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    download.close()


@pytest.mark.parametrize("data, name, message", [
    (b"MZ\x90\x00 not allowed", "setup.exe", "รับเฉพาะไฟล์ PDF, Excel (.xlsx), Word (.docx), JPG หรือ PNG"),
    (b"<html>not a pdf</html>", "report.pdf", "เนื้อหาไฟล์ไม่ใช่ไฟล์ .pdf"),
    (b"", "empty.png", "ไฟล์ว่างเปล่า"),
])
def test_a_file_of_another_type_is_refused(client, world, login_as, _uploads, data, name, message):
    login_as("centre_staff")
    _save(client, world)
    response = _upload(client, world, data, name)
    assert response.status_code == 422
    assert message in _html(response)
    assert AnalysisFile.select().count() == 0
    assert not Path(_uploads).exists() or not any(Path(_uploads).iterdir())


def test_a_file_over_10_mb_is_refused_with_our_message_although_the_app_limit_is_8_mb(client, world, login_as,
                                                                                    _uploads, app):
    assert app.config["MAX_CONTENT_LENGTH"] < 10 * 1024 * 1024
    login_as("centre_staff")
    _save(client, world)
    ok = _upload(client, world, PNG + b"\x00" * (9 * 1024 * 1024), "photo.png")
    assert ok.status_code == 303  # 9 MB: above the app-wide limit, within ours
    too_big = _upload(client, world, PNG + b"\x00" * (10 * 1024 * 1024), "big.png")
    assert too_big.status_code == 422
    assert "ไฟล์ใหญ่เกิน 10 MB" in _html(too_big)
    assert [f.original_name for f in AnalysisFile.select()] == ["photo.png"]
    # Other routes keep the app-wide limit.
    big_form = client.post(_url(world, suffix="/edit"), data=_form(annual_report="ก" * (9 * 1024 * 1024)))
    assert big_form.status_code == 413


def test_a_file_needs_a_saved_analysis_first(client, world, login_as):
    login_as("centre_staff")
    response = _upload(client, world, PDF, "a.pdf")
    assert response.status_code == 303
    assert AnalysisFile.select().count() == 0
    assert "บันทึกการวิเคราะห์ก่อน แล้วจึงแนบไฟล์" in _html(client.get(_url(world)))


def test_writers_delete_a_file_and_its_bytes(client, world, login_as, _uploads):
    login_as("centre_director")
    _save(client, world)
    _upload(client, world, PDF, "a.pdf")
    row = AnalysisFile.get()
    response = client.post(f"/analysis/files/{row.id}/delete")
    assert response.status_code == 303
    assert AnalysisFile.select().count() == 0
    assert not (Path(_uploads) / row.stored_name).exists()


def test_files_and_analyses_of_another_scope_are_404(client, world, login_as, _uploads):
    CooperativeAnalysis.create(year=world.year, cooperative=world.coop)
    other = CooperativeAnalysis.create(year=world.year, cooperative=world.other_coop)
    Path(_uploads).mkdir(parents=True)
    (Path(_uploads) / "b" ).write_bytes(PDF)
    row = AnalysisFile.create(analysis=other, original_name="b.pdf", stored_name="b", content_type="application/pdf",
                              size=len(PDF))
    login_as("centre_staff")
    assert client.get(_url(world, world.other_coop)).status_code == 404
    assert client.get(f"/analysis/files/{row.id}").status_code == 404
    assert client.post(f"/analysis/files/{row.id}/delete").status_code == 404
    assert AnalysisFile.select().count() == 1
    client.post("/logout")
    login(client, world.other_users["provincial_officer"])
    download = client.get(f"/analysis/files/{row.id}")
    assert download.status_code == 200
    download.close()
    assert client.get(_url(world)).status_code == 404
    assert client.post(f"/analysis/files/{row.id}/delete").status_code == 403


def test_with_csrf_enforced_a_9_mb_upload_passes_the_token_check(app, client, world, login_as, _uploads):
    """The raised limit applies before CSRF protection reads the form (else a 413 or a lost token)."""
    import re

    CooperativeAnalysis.create(year=world.year, cooperative=world.coop)
    login_as("centre_staff")
    app.config["WTF_CSRF_ENABLED"] = True  # as in production, from here on
    html = _html(client.get(_url(world)))
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    boundary = "----csrf-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + PNG + b"\x00" * (9 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(_url(world, suffix="/files"), data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 303
    assert AnalysisFile.get().size == len(PNG) + 9 * 1024 * 1024
    without = client.post(_url(world, suffix="/files"), data={"kind": "other"})
    assert without.status_code == 400  # no token: refused


def test_enter_in_a_text_box_saves_instead_of_removing_a_problem(client, world, login_as):
    import re

    login_as("centre_staff")
    html = client.get(f"/analysis/2566/cooperatives/{world.coop.id}/edit").get_data(as_text=True)
    form = html[html.index('<form method="post" class="analysis-form"'):]
    first = re.search(r'<button type="submit"[^>]*>', form).group(0)
    assert 'value="save"' in first
