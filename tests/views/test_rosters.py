"""The roster pages: Thai order and counts, scoping, typing trainees in (htmx and plain), import, downloads, locking."""
from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from support import login
from portal.models import Attendance, CohortCooperative, Cooperative, CoopType, Office, Trainee


@pytest.fixture(autouse=True)
def _uploads(app, tmp_path):
    app.config["ROSTER_UPLOAD_DIR"] = str(tmp_path / "roster-uploads")
    return tmp_path / "roster-uploads"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _roster_url(world, cohort=None):
    return f"/cohorts/{(cohort or world.cohort).id}/roster"


def _form(world, **values):
    data = {"cooperative": str(world.coop.id), "prefix": "นาย", "first_name": "สมปอง", "last_name": "ใจดี",
            "gender": "", "role": "board", "position": "กรรมการ", "age_band": "", "food_needs": "", "member_group": ""}
    data.update(values)
    return data


def _add(client, world, **values):
    return client.post(_roster_url(world) + "/new", data=_form(world, **values))


HTMX = {"HX-Request": "true"}


# --- the roster page -------------------------------------------------------------------------------


def test_the_roster_groups_by_cooperative_in_thai_order_with_counts_against_the_target(client, world, login_as):
    office = world.office
    agri = CoopType.get(CoopType.code == "agricultural")
    # "เกษตร…" sorts under ก (leading vowel skipped), before "ข…"
    second = Cooperative.create(name="สหกรณ์เกษตรกรบ้านใหม่ จำกัด", registration_no="R-2", coop_type=agri,
                                office=office)
    CohortCooperative.create(cohort=world.cohort, cooperative=second)
    for prefix, first, last, gender, role in (("นาย", "ไพโรจน์", "ขยัน", "male", "board"),
                                              ("นางสาว", "กมลา", "ศรีสุข", "female", "observer"),
                                              ("นาย", "ขจร", "มีสุข", "male", "board")):
        Trainee.create(cohort=world.cohort, cooperative=world.coop, prefix=prefix, first_name=first, last_name=last,
                       gender=gender, role=role, token=f"tok-{first}-000000000000000000000000")
    login_as("centre_staff")
    html = _html(client.get(_roster_url(world)))
    # Cooperatives in Thai order: การเกษตรบ้านทดสอบ (ก) before เกษตรกร (ก, then ษ)
    assert html.index('id="coop%d"' % world.coop.id) < html.index('id="coop%d"' % second.id)
    # People in Thai order within the cooperative: กมลา, ขจร, ไพโรจน์ (ไ skipped → พ), สมใจ
    names = re.findall(r'<td class="roster-name"><strong>([^<]+)</strong>', html)
    assert names == ["นางสาวกมลา ศรีสุข", "นายขจร มีสุข", "นายไพโรจน์ ขยัน", "นางสมใจ ทดสอบ"]
    assert re.findall(r'<td class="num roster-no">(\d+)</td>', html) == ["1", "2", "3", "4"]
    # 4 of 20 for the first cooperative, 0 of 20 for the second; 4 of 40 in all; 2 women, 2 men
    assert "4 / 20" in html and "0 / 20" in html
    assert re.search(r"<strong>4</strong> คน\s*จากเป้าหมาย 40 คน \(ร้อยละ 10.00\)", html)
    assert "ยังขาด 16 คน" in html
    summary = html[html.index('class="roster-summary"'):html.index("</table>", html.index('class="roster-summary"'))]
    assert re.search(r"รวม</th>\s*<td class=\"num\">40</td>\s*<td class=\"num\">4</td>\s*<td class=\"num\">10.00</td>"
                     r"\s*<td class=\"num\">2</td>\s*<td class=\"num\">2</td>\s*<td class=\"num\">3</td>\s*<td class=\"num\">1</td>",
                     summary)
    assert world.trainee.token not in html  # personal tokens never on the roster page
    assert "ประชาชน" not in html.replace("ระบบไม่เก็บเลขประจำตัวประชาชน", "")


def test_readers_and_writers(client, world):
    url = _roster_url(world)
    for role in ("bureau_exec", "provincial_officer", "provincial_head"):
        login(client, world.users[role])
        html = _html(client.get(url))
        assert "นางสมใจ ทดสอบ" in html
        assert 'id="trainee-add"' not in html and "/roster/new" not in html and "download.xlsx" not in html
        assert client.post(url + "/new", data=_form(world)).status_code == 403
    login(client, world.users["bureau_admin"])
    html = _html(client.get(url))
    assert 'id="trainee-add"' in html and "download.xlsx" not in html  # names stay in the centre
    assert client.get(url + "/download.xlsx").status_code == 403
    login(client, world.other_users["centre_staff"])
    assert client.get(url).status_code == 404
    assert client.post(url + "/new", data=_form(world)).status_code == 404


def test_a_provincial_user_sees_only_their_own_offices_trainees(client, world):
    neighbour_office = Office.select().where(Office.id != world.office.id, Office.province != world.other_province).first()
    agri = CoopType.get(CoopType.code == "agricultural")
    neighbour = Cooperative.create(name="สหกรณ์ข้างเคียง จำกัด", registration_no="N-1", coop_type=agri,
                                   office=neighbour_office)
    CohortCooperative.create(cohort=world.cohort, cooperative=neighbour)
    Trainee.create(cohort=world.cohort, cooperative=neighbour, prefix="นาย", first_name="ต่างถิ่น", last_name="ไกลบ้าน",
                   gender="male", role="board", token="neighbour-token-000000000000000000000")
    login(client, world.users["provincial_officer"])
    html = _html(client.get(_roster_url(world)))
    assert "นางสมใจ ทดสอบ" in html and "ต่างถิ่น" not in html and "สหกรณ์ข้างเคียง" not in html
    login(client, world.users["centre_director"])
    assert "ต่างถิ่น" in _html(client.get(_roster_url(world)))


# --- typing trainees in -----------------------------------------------------------------------------


def test_adding_a_trainee_derives_the_gender_from_the_prefix_and_gives_a_long_token(client, world, login_as):
    login_as("centre_staff")
    response = _add(client, world, prefix="นาย", first_name="  สมปอง ", last_name="ใจดี", gender="")
    assert response.status_code == 303
    trainee = Trainee.get(Trainee.first_name == "สมปอง")
    assert (trainee.gender, trainee.source, trainee.created_by_id) == ("male", "entered", world.users["centre_staff"].id)
    assert len(trainee.token) >= 32 and trainee.token != world.trainee.token
    assert "เพิ่ม นายสมปอง ใจดี แล้ว" in _html(client.get(response.headers["Location"]))


@pytest.mark.parametrize("values, field_message", [
    ({"last_name": ""}, "ไม่ได้กรอกนามสกุล"),
    ({"prefix": "ดร.", "gender": ""}, "ไม่บอกเพศ"),
    ({"prefix": "นาย", "gender": "female"}, "เพศไม่ตรงกับคำนำหน้า"),
    ({"role": "group_leader"}, "ใช้กับหลักสูตรนี้ไม่ได้"),
    ({"role": "observer", "position": "ประธานกรรมการ"}, "เป็นตำแหน่งในคณะกรรมการดำเนินการ"),
    ({"first_name": "1234567890123"}, "เลขประจำตัวประชาชน"),
    ({"cooperative": "999999"}, "ไม่ได้อยู่ในรุ่นนี้"),
])
def test_a_bad_trainee_is_refused_with_the_reason_and_what_was_typed(client, world, login_as, values, field_message):
    login_as("centre_staff")
    before = Trainee.select().count()
    response = _add(client, world, **{"first_name": "ทดลองกรอก", **values})
    html = _html(response)
    assert response.status_code == 200
    assert field_message in html
    assert 'class="field-errors"' in html
    if "first_name" not in values:
        assert 'value="ทดลองกรอก"' in html  # the form keeps what was typed
    assert Trainee.select().count() == before


def test_an_unknown_prefix_with_a_gender_is_accepted(client, world, login_as):
    login_as("centre_director")
    assert _add(client, world, prefix="ผญบ.", gender="female", first_name="บุญมา").status_code == 303
    assert Trainee.get(Trainee.first_name == "บุญมา").gender == "female"


def test_a_duplicate_in_the_same_cooperative_names_the_existing_row(client, world, login_as):
    login_as("centre_staff")
    # "สมใจ ทดสอบ" is already on the roster; spaces and the decomposed sara am are normalised away.
    html = _html(_add(client, world, prefix="นางสาว", first_name=" สมใจ", last_name="ทดสอบ "))
    assert "มีชื่อนี้ในรายชื่อของสหกรณ์การเกษตรบ้านทดสอบ จำกัด แล้ว: นางสมใจ ทดสอบ" in html
    assert _add(client, world, first_name="คำ", last_name="แก้ว").status_code == 303
    html = _html(_add(client, world, first_name="ค\u0e4d\u0e32", last_name="แก้ว"))
    assert "นายคำ แก้ว" in html and Trainee.select().where(Trainee.first_name == "คำ").count() == 1
    # The same name in another cohort's cooperative is not a duplicate of this one.
    assert Trainee.select().where(Trainee.first_name == "สมใจ").count() == 1


def test_course_2_needs_a_member_group_and_its_own_roles(client, world, login_as):
    world.cohort.course = world.course2
    world.cohort.save()
    login_as("centre_staff")
    html = _html(_add(client, world, role="group_leader", position="ประธานกลุ่ม", member_group=""))
    assert "ไม่ได้กรอกกลุ่มสมาชิกหรือหมู่บ้าน" in html
    assert "ใช้กับหลักสูตรนี้ไม่ได้" in _html(_add(client, world, role="board", member_group="หมู่ 3"))
    response = _add(client, world, role="group_leader", position="ประธานกลุ่ม", member_group="บ้านหนองบัว หมู่ 3")
    assert response.status_code == 303
    assert Trainee.get(Trainee.first_name == "สมปอง").member_group == "บ้านหนองบัว หมู่ 3"
    assert "กลุ่มสมาชิก/หมู่บ้าน" in _html(client.get(_roster_url(world)))


def test_htmx_add_answers_a_fresh_form_and_the_roster_out_of_band(client, world, login_as):
    login_as("centre_staff")
    response = client.post(_roster_url(world) + "/new", data=_form(world), headers=HTMX)
    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith("<section id=\"trainee-add\"")
    assert 'id="roster" class="roster" hx-swap-oob="true"' in html
    assert "เพิ่ม นายสมปอง ใจดี แล้ว" in html and "นายสมปอง ใจดี</strong>" in html
    response = client.post(_roster_url(world) + "/new", data=_form(world, last_name=""), headers=HTMX)
    assert response.status_code == 422
    assert "ไม่ได้กรอกนามสกุล" in _html(response) and "hx-swap-oob" not in _html(response)


def test_editing_inline_and_on_its_own_page(client, world, login_as):
    login_as("centre_staff")
    url = f"{_roster_url(world)}/{world.trainee.id}/edit"
    row = client.get(url, headers=HTMX)
    assert _html(row).lstrip().startswith(f'<tr id="t{world.trainee.id}" class="roster-editing">')
    assert 'value="สมใจ"' in _html(row)
    response = client.post(url, data=_form(world, prefix="นาง", first_name="สมใจ", last_name="ทดสอบ",
                                            position="เหรัญญิก", age_band="50_59"), headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#roster"
    assert "บันทึก นางสมใจ ทดสอบ แล้ว" in _html(response)
    trainee = Trainee.get_by_id(world.trainee.id)
    assert (trainee.position, trainee.age_band, trainee.token) == ("เหรัญญิก", "50_59", world.trainee.token)
    # Saving itself is not a duplicate of itself; a bad edit re-shows the row form (422) and changes nothing.
    response = client.post(url, data=_form(world, prefix="นาง", first_name="สมใจ", last_name=""), headers=HTMX)
    assert response.status_code == 422 and "ไม่ได้กรอกนามสกุล" in _html(response)
    assert Trainee.get_by_id(world.trainee.id).last_name == "ทดสอบ"
    assert client.post(url, data=_form(world, prefix="นาง", first_name="สมใจ", last_name="ทดสอบ")).status_code == 303


def test_deleting_a_trainee_unless_attendance_was_recorded(client, world, login_as):
    login_as("centre_staff")
    Attendance.create(trainee=world.trainee, day=world.cohort.starts, present=True)
    url = f"{_roster_url(world)}/{world.trainee.id}/delete"
    assert "ลบ นางสมใจ ทดสอบ ออกจากรายชื่อ?" in _html(client.get(url))
    response = client.post(url)
    assert response.status_code == 303 and Trainee.get_or_none(Trainee.id == world.trainee.id) is not None
    assert "บันทึกการเข้าอบรมแล้ว" in _html(client.get(_roster_url(world)))
    Attendance.delete().execute()
    response = client.post(url, headers=HTMX)
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#roster"
    assert Trainee.get_or_none(Trainee.id == world.trainee.id) is None
    assert client.post(url).status_code == 404  # gone


def test_the_gender_part_follows_the_prefix(client, world, login_as):
    login_as("centre_staff")
    url = _roster_url(world) + "/gender"
    html = _html(client.get(url, query_string={"prefix": "นางสาว", "fid": "add"}))
    assert 'id="add-gender"' in html and "หญิง" in html and 'type="hidden" name="gender" value=""' in html
    html = _html(client.get(url, query_string={"prefix": "ว่าที่ ร.ต.", "fid": "add", "gender": "male"}))
    assert "คำนำหน้านี้ไม่บอกเพศ" in html and 'value="male" checked' in html
    html = _html(client.get(url, query_string={"prefix": "x", "fid": "<script>"}))
    assert "<script>" not in html and 'id="trainee-gender"' in html


def test_nothing_changes_once_the_cohort_is_locked(client, world, login_as, _uploads):
    world.cohort.status = "closed"
    world.cohort.save()
    login_as("centre_staff")
    html = _html(client.get(_roster_url(world)))
    assert "ปิดการอบรมแล้ว" in html and 'id="trainee-add"' not in html and "/edit" not in html
    before = Trainee.select().count()
    response = _add(client, world, first_name="มาช้า")
    assert response.status_code == 303
    assert "แก้ไขไม่ได้" in _html(client.get(response.headers["Location"]))
    assert client.post(f"{_roster_url(world)}/{world.trainee.id}/delete").status_code == 303
    assert client.post(f"{_roster_url(world)}/{world.trainee.id}/edit", data=_form(world),
                       headers=HTMX).status_code == 409
    assert _upload(client, world, _csv(["นาย,มาช้า,มาก,กรรมการดำเนินการ,กรรมการ"])).status_code == 303
    assert Trainee.select().count() == before
    assert not _uploads.exists() or not any(_uploads.rglob("*.bin"))


# --- import ------------------------------------------------------------------------------------------

HEADER = "คำนำหน้า,ชื่อ,นามสกุล,เพศ,บทบาท,ตำแหน่ง,ช่วงอายุ,อาหาร"


def _csv(rows, header=HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def _bad_line(html, line, reason, column=r"[^<]+"):
    """The preview lists this line, its column and the reason, Thai first."""
    return re.search(rf'<td class="num" data-label="แถวที่">{line}</td>\s*<td data-label="คอลัมน์">{column}</td>\s*'
                     rf'<td>\s*<span lang="th">[^<]*{reason}', html)


def _upload(client, world, text, encoding="utf-8", choice="auto", name="roster.csv"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(_roster_url(world) + "/import", data={"file": (io.BytesIO(data), name), "encoding": choice},
                       content_type="multipart/form-data")


FILE_ROWS = [
    "นาย,สมศักดิ์,รักดี,,กรรมการดำเนินการ,ประธาน,55,",  # 2 good (age 55 → 50–59)
    "นางสาว,วิไล,,,กรรมการดำเนินการ,เลขานุการ,,",  # 3 no surname
    "ดร.,ประเสริฐ,ศรีงาม,,ผู้สังเกตการณ์,ผู้จัดการ,,",  # 4 prefix without gender
    "นาง,บุญมี,ทองดี,,ประธานกลุ่ม,,,",  # 5 not a course-1 role
    "นาง,สมใจ,ทดสอบ,,กรรมการดำเนินการ,กรรมการ,,",  # 6 already on the roster
    "นาย,มานะ,อดทน,,กรรมการดำเนินการ,กรรมการ,1-2345-67890-12-3,",  # 7 an ID number (not kept)
    "นาง,มาลี,ใจงาม,,กรรมการดำเนินการ,เหรัญญิก,40-49,มังสวิรัติ",  # 8 good
]


def test_import_with_bad_rows_then_only_the_good_rows(client, world, login_as, _uploads):
    login_as("centre_staff")
    rows = [r for r in FILE_ROWS if "1-2345" not in r]  # a file with an ID number is never kept: see below
    response = _upload(client, world, _csv(rows), encoding="cp874")
    assert response.status_code == 303
    preview_url = response.headers["Location"]
    html = _html(client.get(preview_url))
    assert "cp874" in html
    for line, reason in ((3, "ไม่ได้กรอกนามสกุล"), (4, "ไม่บอกเพศ"), (5, "ใช้กับหลักสูตรนี้ไม่ได้"),
                         (6, "มีชื่อนี้ในรายชื่อของ")):
        assert _bad_line(html, line, reason), line
    assert "นำเข้าเฉพาะแถวที่ถูกต้อง" in html and "นำเข้าทั้งหมด" not in html
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    before = Trainee.select().count()
    # "All" is refused while rows are bad; "good rows" needs the box ticked.
    assert client.post(preview_url, data={"mode": "all", "fingerprint": fingerprint}).status_code == 303
    assert client.post(preview_url, data={"mode": "good", "fingerprint": fingerprint}).status_code == 303
    assert Trainee.select().count() == before
    response = client.post(preview_url, data={"mode": "good", "fingerprint": fingerprint, "acknowledge": "y"})
    assert response.status_code == 303
    assert "นำเข้ารายชื่อแล้ว 2 คน" in _html(client.get(response.headers["Location"]))
    imported = {t.first_name: t for t in Trainee.select().where(Trainee.source == "imported")}
    assert set(imported) == {"สมศักดิ์", "มาลี"}
    assert imported["สมศักดิ์"].position == "ประธานกรรมการ" and imported["สมศักดิ์"].age_band == "50_59"
    assert imported["มาลี"].gender == "female" and imported["มาลี"].food_needs == "มังสวิรัติ"
    assert len({t.token for t in imported.values()}) == 2
    assert client.get(preview_url).status_code == 404  # the upload is gone once imported


def test_a_file_with_id_numbers_is_reported_and_never_kept(client, world, login_as, _uploads):
    login_as("centre_staff")
    response = _upload(client, world, _csv(FILE_ROWS))
    assert response.status_code == 422
    html = _html(response)
    assert _bad_line(html, 7, "เลขประจำตัวประชาชน", column="ช่วงอายุ")
    assert "1-2345-67890-12-3" not in html
    assert "ไม่ได้เก็บไฟล์ไว้" in html and "นำเข้าเฉพาะแถวที่ถูกต้อง" not in html
    assert not _uploads.exists() or not any(_uploads.rglob("*.bin"))
    # A whole column of them is refused by its header.
    response = _upload(client, world, _csv(["นาย,ก,ข,กรรมการดำเนินการ,"], header="คำนำหน้า,ชื่อ,นามสกุล,บทบาท,เลขบัตรประชาชน"))
    assert response.status_code == 422 and "ลบทั้งคอลัมน์ออก" in _html(response)


def test_a_clean_utf8_file_with_bom_imports_everything(client, world, login_as):
    login_as("centre_director")
    response = _upload(client, world, _csv([FILE_ROWS[0], FILE_ROWS[-1]]), encoding="utf-8-sig")
    preview_url = response.headers["Location"]
    html = _html(client.get(preview_url))
    assert "ทุกแถวถูกต้อง" in html and "utf-8" in html
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    assert client.post(preview_url, data={"mode": "all", "fingerprint": fingerprint}).status_code == 303
    assert Trainee.select().where(Trainee.source == "imported").count() == 2


def test_a_confirmation_after_the_roster_changed_is_refused(client, world, login_as):
    login_as("centre_staff")
    preview_url = _upload(client, world, _csv([FILE_ROWS[0]])).headers["Location"]
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', _html(client.get(preview_url))).group(1)
    assert _add(client, world, prefix="นาย", first_name="สมศักดิ์", last_name="รักดี").status_code == 303
    response = client.post(preview_url, data={"mode": "all", "fingerprint": fingerprint})
    assert response.status_code == 303
    assert "ผลการตรวจไฟล์เปลี่ยนไป" in _html(client.get(response.headers["Location"]))
    assert Trainee.select().where(Trainee.first_name == "สมศักดิ์").count() == 1


def test_a_cp874_file_uploaded_as_utf8_is_refused_with_the_fix(client, world, login_as):
    login_as("centre_staff")
    response = _upload(client, world, _csv([FILE_ROWS[0]]), encoding="cp874", choice="utf-8")
    assert response.status_code == 200 and "เลือกการเข้ารหัส cp874" in _html(response)


def test_an_upload_opens_only_for_the_user_and_cohort_it_was_made_for(client, world, login_as):
    login_as("centre_staff")
    preview_url = _upload(client, world, _csv([FILE_ROWS[0]])).headers["Location"]
    login(client, world.users["centre_director"])
    assert client.get(preview_url).status_code == 404
    login(client, world.users["centre_staff"])
    assert client.get(preview_url.replace(f"/{world.cohort.id}/", f"/{world.other_cohort.id}/")).status_code == 404


def test_the_templates_download_and_their_example_row_is_skipped(client, world, login_as):
    login_as("centre_staff")
    response = client.get(_roster_url(world) + "/template")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    sheet = wb["รายชื่อ"]
    assert [c.value for c in sheet[1]] == ["สหกรณ์", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "บทบาท", "ตำแหน่ง",
                                           "ช่วงอายุ", "อาหาร"]
    assert sheet["A2"].value.startswith("ตัวอย่าง")
    notes = " ".join(str(c.value) for row in wb["คำอธิบาย"].iter_rows() for c in row if c.value)
    assert world.coop.name in notes and "ผู้สังเกตการณ์" in notes and "เลขประจำตัวประชาชน" in notes
    # Filled in below the example, the template imports; the example row is skipped, not imported.
    sheet.append([world.coop.name, "นาง", "ดวงใจ", "รักงาน", None, "กรรมการดำเนินการ", "กรรมการ", "30–39 ปี", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    preview_url = _upload(client, world, buffer.getvalue(), name="roster.xlsx").headers["Location"]
    html = _html(client.get(preview_url))
    assert "ทุกแถวถูกต้อง" in html and "ข้ามแถวตัวอย่างของแบบฟอร์ม แถวที่ 2" in html and "ดวงใจ" in html

    single = load_workbook(io.BytesIO(client.get(_roster_url(world) + "/template?variant=full_name").data))
    assert [c.value for c in single["รายชื่อ"][1]][:2] == ["สหกรณ์", "ชื่อ-นามสกุล"]


def test_the_single_name_variant_is_split(client, world, login_as):
    login_as("centre_staff")
    text = _csv(["นาย สมชาย ใจดี,กรรมการดำเนินการ,กรรมการ", "ผญบ.สมหมาย ใจเย็น,กรรมการดำเนินการ,กรรมการ",
                 "นางสาวสุดา,กรรมการดำเนินการ,กรรมการ"], header="ชื่อ-นามสกุล,บทบาท,ตำแหน่ง")
    html = _html(client.get(_upload(client, world, text).headers["Location"]))
    assert "แบบชื่อเต็มช่องเดียว" in html
    assert re.search(r'<td class="roster-name">นายสมชาย ใจดี</td>\s*<td[^>]*>[^<]+</td>\s*<td data-label="เพศ">ชาย', html)
    assert _bad_line(html, 3, "ไม่พบคำนำหน้าที่ระบบรู้จัก", column="ชื่อ-นามสกุล")
    assert _bad_line(html, 4, "ไม่มีนามสกุล", column="ชื่อ-นามสกุล")


# --- downloads -----------------------------------------------------------------------------------------


def test_the_centre_downloads_the_roster_in_thai_order_with_cells_neutralised(client, world, login_as):
    Trainee.create(cohort=world.cohort, cooperative=world.coop, prefix="นาย", first_name="เอก", last_name="=HYPERLINK(1)",
                   gender="male", role="observer", position="ผู้จัดการ", food_needs="@SUM(A1)",
                   token="download-token-00000000000000000000000")
    login_as("centre_director")
    response = client.get(_roster_url(world) + "/download.xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data))["รายชื่อ"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "ลำดับ"))
    people = rows[header + 1:]
    assert [p[3] for p in people] == ["สมใจ", "เอก"]  # ส before เอ (อ, leading vowel skipped)
    assert people[1][4] == "'=HYPERLINK(1)" and people[1][9] == "'@SUM(A1)"
    assert world.trainee.token not in str(rows)
    text = client.get(_roster_url(world) + "/download.csv").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:5] == ["ลำดับ", "สหกรณ์", "คำนำหน้า", "ชื่อ", "นามสกุล"] and table[2][4] == "'=HYPERLINK(1)"
    assert client.get(_roster_url(world) + "/download.pdf").status_code == 404


def test_in_english_the_vocabulary_and_the_reasons_are_english(client, world, login_as):
    login_as("centre_staff")
    client.post("/language", data={"lang": "en", "next": "/"})
    html = _html(client.get(_roster_url(world)))
    assert "Board member" in html and "Women" in html and "กรรมการดำเนินการ" not in html
    html = _html(_add(client, world, prefix="ดร.", last_name=""))
    assert "The surname is empty" in html and "does not tell the gender" in html
    assert "ไม่ได้กรอกนามสกุล" not in html
