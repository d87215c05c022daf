"""The register pages: browse, search, page, Thai order, scoping, editing, and the import flow."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from support import login
from portal.models import Cooperative, CoopType, YearlyRecord, YearlyRecordLine


@pytest.fixture(autouse=True)
def _uploads(app, tmp_path):
    app.config["REGISTER_UPLOAD_DIR"] = str(tmp_path / "uploads")


def _html(response) -> str:
    return response.get_data(as_text=True)


def _add(world, name, reg, office=None):
    agri = CoopType.get(CoopType.code == "agricultural")
    return Cooperative.create(name=name, registration_no=reg, coop_type=agri, office=office or world.office)


# --- browsing and scope ----------------------------------------------------------------


def test_the_bureau_sees_all_twenty_centres_with_counts_and_the_mapping_note(client, world, login_as):
    login_as("bureau_exec")
    html = _html(client.get("/register/"))
    assert html.count('href="/register/centres/') == 20
    assert "ข้อมูลอ้างอิงตัวอย่างที่ผู้ดูแลระบบแก้ไขได้" in html
    assert '<td class="num">2</td>' in html  # both World cooperatives in the total


def test_a_director_goes_to_their_centre_and_gets_404_for_the_other_one(client, world, login_as):
    login_as("centre_director")
    response = client.get("/register/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/register/centres/{world.centre.id}")
    html = _html(client.get(f"/register/centres/{world.centre.id}"))
    assert world.province.name_th in html
    assert world.other_province.name_th not in html
    assert client.get(f"/register/centres/{world.other_centre.id}").status_code == 404
    assert client.get(f"/register/provinces/{world.other_province.id}").status_code == 404
    assert client.get(f"/register/cooperatives/{world.other_coop.id}").status_code == 404
    assert client.get(f"/register/cooperatives/{world.coop.id}").status_code == 200
    listing = _html(client.get("/register/cooperatives"))
    assert world.coop.name in listing and world.other_coop.name not in listing


def test_a_provincial_officer_goes_to_their_province(client, world, login_as):
    login_as("provincial_officer")
    response = client.get("/register/")
    assert response.headers["Location"].endswith(f"/register/provinces/{world.province.id}")
    html = _html(client.get(f"/register/provinces/{world.province.id}"))
    assert world.coop.name in html
    assert "เพิ่มสหกรณ์" in html and "นำเข้าจากไฟล์" in html


def test_the_cooperative_page_shows_the_official_rate_decided_on_the_exact_value(client, world, login_as):
    YearlyRecord.create(cooperative=world.coop, accounting_year=2566, closing_date=dt.date(2023, 3, 31),
                        members=100000, active_members=64996, accumulated_profit_loss=Decimal("-10"),
                        profit_this_year=Decimal("5"), strength_level=3)
    YearlyRecordLine.create(record=YearlyRecord.get(YearlyRecord.accounting_year == 2566, YearlyRecord.cooperative == world.coop),
                            business_line=1, active_members=1234)
    login_as("provincial_head")
    html = _html(client.get(f"/register/cooperatives/{world.coop.id}"))
    assert "อัตราการมีส่วนร่วม (ทางการ)" in html
    assert "65.00%" in html  # 64.996 shown with two decimals …
    row_2566 = html[html.index(">2566"):html.index(">2565")]
    assert "ต่ำกว่าร้อยละ 65" in row_2566  # … and still below 65
    assert "64.00%" in html  # the World's 640 of 1,000 in 2565
    assert "มีขาดทุนสะสม" in html
    assert "1,234" in html  # per business line
    assert "-10.00 บาท" in html
    assert "แก้ไข" not in html.split("<main", 1)[1].split("</main>")[0].replace("แก้ไขข้อมูลสหกรณ์", "")  # read-only


# --- search, pagination, Thai order ---------------------------------------------------------


def test_search_by_name_answers_htmx_with_the_rows_only_and_works_without_js(client, world, login_as):
    _add(world, "สหกรณ์ผู้เลี้ยงโคนมหนองโพ จำกัด", "S-1")
    _add(world, "สหกรณ์ออมทรัพย์ครูทดสอบ จำกัด", "S-2")
    login_as("centre_staff")
    page = _html(client.get("/register/cooperatives", query_string={"q": "โคนม"}))
    assert "<html" in page and 'hx-trigger="input changed delay:300ms, search"' in page
    assert "หนองโพ" in page and "ครูทดสอบ" not in page
    fragment = _html(client.get("/register/cooperatives", query_string={"q": "ครู"}, headers={"HX-Request": "true"}))
    assert "<html" not in fragment and "ครูทดสอบ" in fragment and "หนองโพ" not in fragment
    by_number = _html(client.get("/register/cooperatives", query_string={"q": "s-2"}))
    assert "ครูทดสอบ" in by_number
    none = _html(client.get("/register/cooperatives", query_string={"q": "ไม่มีชื่อนี้"}))
    assert "ไม่พบสหกรณ์ที่ตรงกับการค้นหา" in none


def test_filters_by_province_and_type(client, world, login_as):
    thrift = CoopType.get(CoopType.code == "thrift_credit")
    Cooperative.create(name="สหกรณ์ออมทรัพย์ตัวกรอง จำกัด", registration_no="F-1", coop_type=thrift, office=world.office)
    login_as("bureau_admin")
    html = _html(client.get("/register/cooperatives", query_string={"type": thrift.id}))
    assert "ตัวกรอง" in html and world.coop.name not in html
    html = _html(client.get("/register/cooperatives", query_string={"province": world.other_province.id}))
    assert world.other_coop.name in html and world.coop.name not in html


def test_pages_of_fifty(client, world, login_as):
    agri = CoopType.get(CoopType.code == "agricultural")
    Cooperative.insert_many(
        [{"name": f"สหกรณ์ทดสอบหน้า {i:03d} จำกัด", "registration_no": f"P-{i:03d}", "coop_type": agri.id,
          "office": world.office.id, "created_at": dt.datetime(2023, 1, 1)} for i in range(119)]
    ).execute()
    login_as("provincial_officer")
    first = _html(client.get("/register/cooperatives"))
    assert len(re.findall(r'href="/register/cooperatives/\d+"', first)) == 50
    assert "จำนวนสหกรณ์ที่พบ: 120" in first and "หน้า 1 / 3" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = _html(client.get("/register/cooperatives", query_string={"page": 3}))
    assert len(re.findall(r'href="/register/cooperatives/\d+"', last)) == 20
    assert "101–120" in last
    assert "หน้า 3 / 3" in _html(client.get("/register/cooperatives", query_string={"page": 99}))


def test_lists_are_in_thai_dictionary_order(client, world, login_as):
    for i, name in enumerate(["สหกรณ์ขนมไทย จำกัด", "สหกรณ์เกษตรทดลอง จำกัด", "สหกรณ์กล้วยหอม จำกัด"]):
        _add(world, name, f"T-{i}")
    login_as("provincial_officer")
    html = _html(client.get(f"/register/provinces/{world.province.id}"))
    names = re.findall(r'href="/register/cooperatives/\d+">([^<]+)</a>', html)
    # Code points would put ข before เ; the dictionary skips the leading vowel.
    assert names == ["สหกรณ์กล้วยหอม จำกัด", "สหกรณ์การเกษตรบ้านทดสอบ จำกัด",
                     "สหกรณ์เกษตรทดลอง จำกัด", "สหกรณ์ขนมไทย จำกัด"]


# --- editing ----------------------------------------------------------------------------------


def _coop_form(world, **changes):
    data = {"name": "สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "registration_no": "TEST-001",
            "coop_type": str(world.coop.coop_type_id), "office": str(world.office.id), "board_size": "15"}
    data.update(changes)
    return data


def test_a_provincial_officer_edits_own_office_only(client, world, login_as):
    login_as("provincial_officer")
    response = client.post(f"/register/cooperatives/{world.coop.id}/edit",
                           data=_coop_form(world, name="สหกรณ์การเกษตรบ้านทดสอบใหม่  จำกัด"))
    assert response.status_code == 303
    assert Cooperative.get_by_id(world.coop.id).name == "สหกรณ์การเกษตรบ้านทดสอบใหม่ จำกัด"
    assert client.post(f"/register/cooperatives/{world.other_coop.id}/edit",
                       data=_coop_form(world)).status_code == 404
    # Moving a cooperative to another office is not a choice the officer has.
    response = client.post(f"/register/cooperatives/{world.coop.id}/edit",
                           data=_coop_form(world, office=str(world.other_office.id)))
    assert response.status_code == 200 and "กรุณาเลือกจากรายการ" in _html(response)
    assert Cooperative.get_by_id(world.coop.id).office_id == world.office.id


def test_directors_and_provincial_heads_read_only(client, world):
    for role in ("centre_director", "provincial_head", "bureau_exec"):
        login(client, world.users[role])
        assert client.post(f"/register/cooperatives/{world.coop.id}/edit", data=_coop_form(world)).status_code == 403
        assert client.get("/register/import").status_code == 403
        assert "เพิ่มสหกรณ์" not in _html(client.get("/register/cooperatives"))


def test_a_registration_number_of_another_cooperative_is_refused(client, world, login_as):
    login_as("bureau_admin")
    response = client.post("/register/cooperatives/new", data=_coop_form(world, name="สหกรณ์ใหม่ จำกัด",
                                                                          registration_no="TEST-002"))
    assert response.status_code == 200
    assert "เลขทะเบียนนี้เป็นของสหกรณ์อื่น" in _html(response)
    assert Cooperative.select().count() == 2


def _record_form(**changes):
    data = {"accounting_year": "2566", "closing_date": "31/03/2566", "members": "1,000", "active_members": "700",
            "accumulated_profit_loss": "(2,500.50)", "profit_this_year": "100", "strength_level": "2",
            "line_deposits": "300", "line_credit": ""}
    data.update(changes)
    return data


def test_a_yearly_record_with_bad_figures_is_not_saved_and_says_why(client, world, login_as):
    login_as("provincial_officer")
    url = f"/register/cooperatives/{world.coop.id}/records/new"
    cases = [
        ({"active_members": "1001"}, "มากกว่าจำนวนสมาชิกทั้งหมด"),
        ({"members": "-1"}, "ติดลบ"),
        ({"closing_date": "31/13/2566"}, "วันที่ไม่ถูกต้อง"),
        ({"accounting_year": "2023"}, "ใช้ปีพุทธศักราช"),
        ({"strength_level": "5"}, "กรุณาเลือกจากรายการ"),
        ({"line_deposits": "5000"}, "ธุรกิจรับฝากเงิน"),
        ({"accounting_year": "2565", "closing_date": "31/03/2565"}, "ปีบัญชีนี้บันทึกไว้แล้ว"),
        ({"members": ""}, "กรุณากรอกจำนวนสมาชิก"),
    ]
    for change, message in cases:
        response = client.post(url, data=_record_form(**change))
        assert response.status_code == 200, change
        assert message in _html(response), change
    assert YearlyRecord.select().where(YearlyRecord.cooperative == world.coop).count() == 1


def test_a_yearly_record_is_saved_with_its_be_date_and_business_lines(client, world, login_as):
    login_as("provincial_officer")
    response = client.post(f"/register/cooperatives/{world.coop.id}/records/new", data=_record_form())
    assert response.status_code == 303
    record = YearlyRecord.get(YearlyRecord.cooperative == world.coop, YearlyRecord.accounting_year == 2566)
    assert record.closing_date == dt.date(2023, 3, 31)
    assert record.members == 1000 and record.accumulated_profit_loss == Decimal("-2500.50")
    assert [(x.business_line.code, x.active_members) for x in record.lines] == [("deposits", 300)]
    form = _html(client.get(f"/register/cooperatives/{world.coop.id}/records/2566/edit"))
    assert 'value="31/03/2566"' in form and 'value="-2500.50"' in form
    response = client.post(f"/register/cooperatives/{world.coop.id}/records/2566/edit",
                           data=_record_form(active_members="640", line_deposits=""))
    assert response.status_code == 303
    record = YearlyRecord.get_by_id(record.id)
    assert record.active_members == 640 and list(record.lines) == []
    assert client.get(f"/register/cooperatives/{world.other_coop.id}/records/2565/edit").status_code == 404
    assert client.get(f"/register/cooperatives/{world.coop.id}/records/2599/edit").status_code == 404


# --- import ------------------------------------------------------------------------------------

HEADER = ("เลขทะเบียนสหกรณ์,ชื่อสหกรณ์,ประเภทสหกรณ์,จังหวัด,สำนักงาน,ปีบัญชี,วันสิ้นปีบัญชี,จำนวนสมาชิก,"
          "สมาชิกที่ทำธุรกิจกับสหกรณ์,กำไร(ขาดทุน)สะสม,กำไร(ขาดทุน)สุทธิประจำปี,ระดับชั้นความเข้มแข็ง")


def _file(world, encoding="utf-8"):
    p = world.province.name_th
    rows = [
        HEADER,
        f"I-1,สหกรณ์นำเข้าหนึ่ง จำกัด,สหกรณ์การเกษตร,{p},,2565,31/03/2565,100,60,-5000,100,2",
        f"I-2,สหกรณ์นำเข้าสอง จำกัด,สหกรณ์การเกษตร,{p},,2565,31/03/2565,100,160,0,0,2",  # active > members
        f"I-3,สหกรณ์นำเข้าสาม จำกัด,สหกรณ์การเกษตร,{world.other_province.name_th},,2565,31/03/2565,100,60,0,0,2",
        f"I-4,สหกรณ์นำเข้าสี่ จำกัด,สหกรณ์แปลก,{p},,2565,31/03/2565,100,60,0,0,2",  # unknown type
    ]
    return ("\n".join(rows) + "\n").encode(encoding)


def _upload(client, data, encoding="auto", name="register.csv"):
    return client.post("/register/import", data={"file": (io.BytesIO(data), name), "encoding": encoding},
                       content_type="multipart/form-data")


def test_the_template_downloads_as_a_workbook(client, world, login_as):
    login_as("provincial_officer")
    response = client.get("/register/import/template")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    assert wb["ข้อมูล"]["A1"].value == "เลขทะเบียนสหกรณ์"


def test_import_flow_with_bad_rows_then_only_the_good_rows(client, world, login_as):
    login_as("provincial_officer")
    response = _upload(client, _file(world, "cp874"))
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    html = _html(client.get(preview_url))
    assert "cp874" in html
    for line, reason in ((3, "มากกว่าจำนวนสมาชิกทั้งหมด"), (4, "สำนักงานของท่าน"), (5, "ไม่รู้จักประเภทสหกรณ์")):
        assert re.search(rf'<td class="num">{line}</td>\s*<td>[^<]+</td>\s*<td>\s*<span lang="th">[^<]*{reason}', html), line
    assert "นำเข้าเฉพาะแถวที่ถูกต้อง" in html and "นำเข้าทั้งหมด" not in html
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    before = Cooperative.select().count()

    # "All" is refused while rows are bad; "good rows" needs the box ticked.
    response = client.post(preview_url, data={"mode": "all", "fingerprint": fingerprint})
    assert response.status_code == 303 and Cooperative.select().count() == before
    assert "ยังไม่นำเข้า" in _html(client.get(preview_url))
    response = client.post(preview_url, data={"mode": "good", "fingerprint": fingerprint})
    assert response.status_code == 303 and Cooperative.select().count() == before

    response = client.post(preview_url, data={"mode": "good", "fingerprint": fingerprint, "acknowledge": "y"})
    assert response.status_code == 303
    assert Cooperative.select().count() == before + 1
    imported = Cooperative.get(Cooperative.registration_no == "I-1")
    assert imported.office_id == world.office.id
    assert YearlyRecord.get(YearlyRecord.cooperative == imported).source == "imported"
    assert "นำเข้าแล้ว" in _html(client.get(response.headers["Location"]))
    assert client.get(preview_url).status_code == 404  # the upload is gone once imported


def test_a_clean_file_imports_everything(client, world, login_as):
    login_as("bureau_admin")
    lines = _file(world).decode().splitlines()
    response = _upload(client, ("\n".join(lines[:2]) + "\n").encode("utf-8-sig"))
    preview_url = response.headers["Location"]
    html = _html(client.get(preview_url))
    assert "ทุกแถวถูกต้อง" in html
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    response = client.post(preview_url, data={"mode": "all", "fingerprint": fingerprint})
    assert response.status_code == 303
    assert Cooperative.select().where(Cooperative.registration_no == "I-1").exists()


def test_a_cp874_file_uploaded_as_utf8_is_refused_with_the_fix(client, world, login_as):
    login_as("provincial_officer")
    response = _upload(client, _file(world, "cp874"), encoding="utf-8")
    assert response.status_code == 200
    html = _html(response)
    assert "เลือกการเข้ารหัส cp874" in html and "CSV UTF-8" in html


def test_an_upload_opens_only_for_the_user_who_made_it(client, world, login_as):
    login_as("provincial_officer")
    preview_url = _upload(client, _file(world)).headers["Location"]
    login(client, world.other_users["provincial_officer"])
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, data={"mode": "good", "acknowledge": "y"}).status_code == 404
    login(client, world.users["bureau_admin"])
    assert client.get(preview_url).status_code == 404
