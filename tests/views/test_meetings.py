"""Meetings with provincial offices: list and status, recording with attendees and KPIs, refusals,
editing that keeps who/when, the printable report, and who sees what."""
from __future__ import annotations

import re

import datetime as dt
from decimal import Decimal

import pytest

from support import login
from portal.models import Kpi, KpiTarget, MeetingAttendee, MeetingKpi, Office, Province, ProvinceMeeting


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def kpis(world):
    """Two KPIs of 2566 and the bureau's target for the own province on the first."""
    count = Kpi.create(year=world.year, code="coops_trained_c1", sort_order=1, unit="cooperatives", course=1,
                       name_th="จำนวนสหกรณ์เป้าหมายที่ได้รับการอบรม", name_en="Target cooperatives trained",
                       default_target=Decimal(2))
    share = Kpi.create(year=world.year, code="post_beats_pre", sort_order=2, unit="percent", course=None,
                       name_th="ร้อยละของผู้เข้ารับการอบรมที่มีคะแนนหลังสูงกว่าก่อน", name_en="Post beats pre",
                       default_target=Decimal(80))
    KpiTarget.create(kpi=count, centre=world.centre, province=world.province, target=Decimal(3))
    return count, share


def _form(world, kpis=(), **overrides):
    data = {
        "year": "2566", "office": str(world.office.id), "held_on": "08/12/2565", "starts": "09.30", "ends": "12.00",
        "place": "ห้องประชุมสำนักงานสหกรณ์จังหวัด", "notes": "ตกลงเสนอสหกรณ์เป้าหมาย 2 แห่ง",
        "att_prefix": ["นาย", "นางสาว"], "att_name": ["สมศักดิ์ ประชุมดี", "สุดา ใจงาม"],
        "att_position": ["ผู้อำนวยการศูนย์ฯ", "สหกรณ์จังหวัด"], "att_org": ["ศูนย์ฯ ที่ 1", "สกจ."],
        "att_role": ["chair", "province"], "action": "save",
    }
    for kpi in kpis:
        data[f"kpi_{kpi.id}"] = "3" if kpi.unit != "percent" else "80"
        data[f"kpinote_{kpi.id}"] = ""
    data.update(overrides)
    return data


def _new_url(world):
    return f"/meetings/centres/{world.centre.id}/new?year=2566"


# --- list and status -----------------------------------------------------------------------


def test_the_centre_list_shows_each_office_met_or_not_yet(client, world, login_as):
    login_as("centre_staff")
    ProvinceMeeting.create(year=world.year, centre=world.centre, office=world.office, held_on=dt.date(2022, 12, 8),
                           place="ห้องประชุม", recorded_by=world.users["centre_staff"])
    html = _html(client.get(f"/meetings/centres/{world.centre.id}?year=2566"))
    offices = list(Office.select().join(Province).where(Province.centre == world.centre))
    assert len(offices) > 1
    assert "ประชุมแล้ว เมื่อ 8 ธ.ค. 2565" in html
    assert html.count("ยังไม่ได้ประชุม") == len(offices) - 1
    assert f"ประชุมแล้ว 1 จาก {len(offices)} สำนักงาน" in html
    assert world.other_office.name_th not in html
    # Filtered to one office
    other_own = next(o for o in offices if o.id != world.office.id)
    html = _html(client.get(f"/meetings/centres/{world.centre.id}?year=2566&office={other_own.id}"))
    assert other_own.name_th in html and world.office.name_th not in html.split('id="meeting-offices"')[1]


def test_a_director_is_sent_to_their_centre_and_the_bureau_sees_every_centre(client, world, login_as):
    login_as("centre_director")
    response = client.get("/meetings/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/meetings/centres/{world.centre.id}?year=2566")
    client.post("/logout")
    login_as("bureau_exec")
    html = _html(client.get("/meetings/?year=2566"))
    assert html.count('href="/meetings/centres/') == 20


def test_a_provincial_officer_sees_only_their_own_office(client, world, login_as):
    login_as("provincial_officer")
    html = _html(client.get(f"/meetings/centres/{world.centre.id}?year=2566"))
    assert world.office.name_th in html
    assert html.count("ยังไม่ได้ประชุม") == 1
    assert "บันทึกการประชุม" not in html


def test_an_unknown_year_is_404(client, world, login_as):
    login_as("centre_staff")
    assert client.get(f"/meetings/centres/{world.centre.id}?year=2599").status_code == 404


# --- recording --------------------------------------------------------------------------------


def test_the_new_form_prefills_the_recorder_and_the_provinces_kpi_targets(client, world, login_as, kpis):
    login_as("centre_staff")
    html = _html(client.get(_new_url(world) + f"&office={world.office.id}"))
    count, share = kpis
    assert f'name="kpi_{count.id}" type="text" inputmode="decimal" value="3"' in html  # KpiTarget of the province
    assert f'name="kpi_{share.id}" type="text" inputmode="decimal" value="80"' in html  # the KPI's default
    assert 'value="centre_staff ทดสอบ"' in html  # the recorder is the first attendee


def test_staff_record_a_meeting_with_attendees_and_kpis(client, world, login_as, kpis):
    login_as("centre_staff")
    count, share = kpis
    data = _form(world, kpis)
    data[f"kpi_{share.id}"] = "85"
    data[f"kpinote_{share.id}"] = "สูงกว่าเป้ากรม"
    response = client.post(_new_url(world), data=data)
    assert response.status_code == 303, _html(response)[:2000]
    meeting = ProvinceMeeting.get()
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.held_on == dt.date(2022, 12, 8)
    assert (meeting.starts, meeting.ends) == (dt.time(9, 30), dt.time(12, 0))
    assert meeting.centre_id == world.centre.id and meeting.office_id == world.office.id
    assert meeting.recorded_by_id == world.users["centre_staff"].id
    people = list(MeetingAttendee.select().where(MeetingAttendee.meeting == meeting).order_by(MeetingAttendee.sort_order))
    assert [(p.prefix, p.full_name, p.role) for p in people] == [
        ("นาย", "สมศักดิ์ ประชุมดี", "chair"), ("นางสาว", "สุดา ใจงาม", "province")]
    agreed = {k.kpi_id: (k.target, k.note) for k in MeetingKpi.select()}
    assert agreed == {count.id: (Decimal("3.00"), ""), share.id: (Decimal("85.00"), "สูงกว่าเป้ากรม")}


def test_blank_attendee_rows_are_dropped_and_a_blank_target_is_not_agreed(client, world, login_as, kpis):
    login_as("centre_director")
    count, share = kpis
    data = _form(world, kpis, att_prefix=["", "นาย", ""], att_name=["", "สมชาย ดีใจ", ""],
                 att_position=["", "", ""], att_org=["", "", ""], att_role=["", "centre", ""])
    data[f"kpi_{share.id}"] = ""
    assert client.post(_new_url(world), data=data).status_code == 303
    assert [a.full_name for a in MeetingAttendee.select()] == ["สมชาย ดีใจ"]
    assert [k.kpi_id for k in MeetingKpi.select()] == [count.id]


@pytest.mark.parametrize("overrides, message", [
    ({"held_on": "30/09/2565"}, "วันที่ประชุมต้องอยู่ในปีงบประมาณ พ.ศ. 2566"),
    ({"held_on": "01/10/2566"}, "วันที่ประชุมต้องอยู่ในปีงบประมาณ พ.ศ. 2566"),
    ({"held_on": "31/02/2565"}, "วันที่ไม่ถูกต้อง"),
    ({"held_on": ""}, "กรุณากรอกวันที่ประชุม"),
    ({"starts": "13.00", "ends": "12.00"}, "เวลาสิ้นสุดต้องหลังเวลาเริ่ม"),
    ({"starts": "25.00"}, "เวลาไม่ถูกต้อง"),
    ({"place": "  "}, "กรุณากรอกสถานที่ประชุม"),
    ({"att_prefix": [""], "att_name": [""], "att_position": [""], "att_org": [""], "att_role": [""]},
     "กรุณาบันทึกผู้เข้าประชุมอย่างน้อย 1 คน"),
    ({"att_prefix": ["นาย"], "att_name": [""], "att_position": ["ประธาน"], "att_org": [""], "att_role": ["chair"]},
     "แถวที่ 1: กรุณากรอกชื่อ–สกุลผู้เข้าประชุม"),
    ({"att_prefix": ["นาย"], "att_name": ["สมชาย ดีใจ"], "att_position": [""], "att_org": [""], "att_role": ["boss"]},
     "แถวที่ 1: กรุณาเลือกบทบาทในที่ประชุม"),
    ({"office": str(10**6)}, "กรุณาเลือกจากรายการ"),
])
def test_bad_input_is_refused_with_a_thai_message_and_nothing_saved(client, world, login_as, kpis, overrides, message):
    login_as("centre_staff")
    response = client.post(_new_url(world), data=_form(world, kpis, **overrides))
    assert response.status_code == 422
    html = _html(response)
    assert message in html
    assert "ยังไม่ได้บันทึก" in html
    assert 'value="ห้องประชุมสำนักงานสหกรณ์จังหวัด"' in html or overrides.get("place")  # what was typed is kept
    assert ProvinceMeeting.select().count() == 0 and MeetingAttendee.select().count() == 0


@pytest.mark.parametrize("value, message", [
    ("-1", "ต้องไม่ติดลบ"), ("2.5", "ต้องเป็นจำนวนเต็ม"), ("สอง", "ต้องเป็นตัวเลข")])
def test_a_bad_kpi_target_is_refused(client, world, login_as, kpis, value, message):
    login_as("centre_staff")
    count, _share = kpis
    response = client.post(_new_url(world), data={**_form(world, kpis), f"kpi_{count.id}": value})
    assert response.status_code == 422
    assert message in _html(response)
    assert ProvinceMeeting.select().count() == 0


def test_a_percent_target_above_100_is_refused(client, world, login_as, kpis):
    login_as("centre_staff")
    _count, share = kpis
    response = client.post(_new_url(world), data={**_form(world, kpis), f"kpi_{share.id}": "120"})
    assert response.status_code == 422 and "ต้องไม่เกิน 100" in _html(response)


def test_an_office_of_another_centre_cannot_be_chosen(client, world, login_as):
    login_as("centre_staff")
    response = client.post(_new_url(world), data=_form(world, office=str(world.other_office.id)))
    assert response.status_code == 422
    assert ProvinceMeeting.select().count() == 0


def test_add_remove_and_move_attendee_rows_without_saving(client, world, login_as):
    login_as("centre_staff")
    data = _form(world, action="add")
    html = _html(client.post(_new_url(world), data=data))
    assert html.count('name="att_name"') == 3
    assert "ยังไม่ได้บันทึก" not in html
    html = _html(client.post(_new_url(world), data={**_form(world), "action": "remove:0"}))
    assert html.count('name="att_name"') == 1 and "สมศักดิ์ ประชุมดี" not in html and "สุดา ใจงาม" in html
    html = _html(client.post(_new_url(world), data={**_form(world), "action": "up:1"}))
    assert html.index("สุดา ใจงาม") < html.index("สมศักดิ์ ประชุมดี")
    # htmx gets the attendee section only
    fragment = _html(client.post(_new_url(world), data=data, headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith("{#") is False and 'id="meeting-attendees"' in fragment
    assert "<html" not in fragment
    assert ProvinceMeeting.select().count() == 0


def test_htmx_reloads_the_kpi_targets_for_the_chosen_office(client, world, login_as, kpis):
    login_as("centre_staff")
    count, _share = kpis
    other_own = (Office.select().join(Province)
                 .where((Province.centre == world.centre) & (Office.id != world.office.id)).first())
    fragment = _html(client.get(_new_url(world) + f"&office={other_own.id}",
                                headers={"HX-Request": "true", "HX-Target": "meeting-kpis"}))
    assert "<html" not in fragment and 'id="meeting-kpis"' in fragment
    assert f'name="kpi_{count.id}" type="text" inputmode="decimal" value="2"' in fragment  # no KpiTarget there


def _meeting(world, **kwargs) -> ProvinceMeeting:
    values = dict(year=world.year, centre=world.centre, office=world.office, held_on=dt.date(2022, 12, 8),
                  starts=dt.time(9, 0), ends=dt.time(12, 0), place="ห้องประชุมเดิม",
                  recorded_by=world.users["centre_staff"], recorded_at=dt.datetime(2022, 12, 8, 15, 0),
                  updated_at=dt.datetime(2022, 12, 8, 15, 0))
    values.update(kwargs)
    meeting = ProvinceMeeting.create(**values)
    MeetingAttendee.create(meeting=meeting, sort_order=1, prefix="นาย", full_name="คนเดิม ประชุม", role="chair")
    return meeting


def test_an_edit_keeps_who_recorded_and_when(client, world, login_as, kpis):
    meeting = _meeting(world)
    login_as("centre_director")
    html = _html(client.get(f"/meetings/{meeting.id}/edit"))
    assert 'value="08/12/2565"' in html and 'value="09.00"' in html and "คนเดิม ประชุม" in html
    response = client.post(f"/meetings/{meeting.id}/edit", data=_form(world, kpis, place="ห้องใหม่"))
    assert response.status_code == 303
    meeting = ProvinceMeeting.get_by_id(meeting.id)
    assert meeting.place == "ห้องใหม่"
    assert meeting.recorded_by_id == world.users["centre_staff"].id
    assert meeting.recorded_at == dt.datetime(2022, 12, 8, 15, 0)
    assert meeting.updated_at.date() == dt.date(2023, 3, 15)
    assert [a.full_name for a in MeetingAttendee.select().where(MeetingAttendee.meeting == meeting)] == [
        "สมศักดิ์ ประชุมดี", "สุดา ใจงาม"]


def test_a_refused_edit_changes_nothing(client, world, login_as):
    meeting = _meeting(world)
    login_as("centre_staff")
    response = client.post(f"/meetings/{meeting.id}/edit", data=_form(world, held_on="01/01/2560"))
    assert response.status_code == 422
    meeting = ProvinceMeeting.get_by_id(meeting.id)
    assert meeting.place == "ห้องประชุมเดิม" and meeting.held_on == dt.date(2022, 12, 8)
    assert [a.full_name for a in MeetingAttendee.select()] == ["คนเดิม ประชุม"]


def test_the_report_shows_the_meeting_for_print(client, world, login_as, kpis):
    meeting = _meeting(world, notes="ที่ประชุมรับทราบ\nบรรทัดที่สอง")
    MeetingKpi.create(meeting=meeting, kpi=kpis[0], target=Decimal(3), note="")
    MeetingKpi.create(meeting=meeting, kpi=kpis[1], target=Decimal("82.5"), note="ตกลงเพิ่ม")
    login_as("provincial_head")
    html = _html(client.get(f"/meetings/{meeting.id}"))
    assert "รายงานการประชุมชี้แจงแนวทางการดำเนินงานโครงการฝึกอบรม หลักสูตร “พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ”" in html
    assert world.centre.name_th in html and world.office.name_th in html
    assert "วันพฤหัสบดีที่ 8 ธันวาคม พ.ศ. 2565" in html
    assert "09.00–12.00 น." in html
    assert "นายคนเดิม ประชุม" in html and "ประธานการประชุม" in html
    assert "82.50" in html and "ร้อยละ" in html and "ตกลงเพิ่ม" in html
    assert "ผู้บันทึกรายงาน" in html and world.users["centre_staff"].full_name in html
    assert "css/meetings.css" in html and "data-print" in html
    assert "แก้ไข" not in html.split("data-print")[1].split("</p>")[0]  # readers get no edit button


def test_a_meeting_is_deleted_by_its_centre(client, world, login_as):
    meeting = _meeting(world)
    login_as("centre_staff")
    response = client.post(f"/meetings/{meeting.id}/delete")
    assert response.status_code == 303
    assert ProvinceMeeting.select().count() == 0 and MeetingAttendee.select().count() == 0


def test_other_scopes_get_404_and_readers_cannot_write(client, world, login_as):
    other = _meeting(world, centre=world.other_centre, office=world.other_office)
    own = _meeting(world)
    login_as("centre_staff")
    assert client.get(f"/meetings/{other.id}").status_code == 404
    assert client.post(f"/meetings/{other.id}/edit", data=_form(world)).status_code == 404
    assert client.get(f"/meetings/centres/{world.other_centre.id}/new?year=2566").status_code == 404
    client.post("/logout")
    login(client, world.other_users["provincial_officer"])
    assert client.get(f"/meetings/{own.id}").status_code == 404
    client.post("/logout")
    login_as("provincial_officer")
    assert client.get(f"/meetings/{own.id}").status_code == 200
    assert client.post(f"/meetings/{own.id}/edit", data=_form(world)).status_code == 403
    assert client.post(f"/meetings/{own.id}/delete").status_code == 403
    assert ProvinceMeeting.select().count() == 2


def test_a_province_with_two_offices_says_its_targets_are_the_whole_provinces(client, world, login_as, kpis):
    bangkok = Office.select().join(Province).where((Province.code == "10") & (Province.centre == world.centre)).first()
    assert bangkok is not None
    login_as("centre_staff")
    html = _html(client.get(_new_url(world) + f"&office={bangkok.id}"))
    assert "จังหวัดนี้มี 2 สำนักงาน เป้าหมายตั้งต้นเป็นของทั้งจังหวัด" in html
    html = _html(client.get(_new_url(world) + f"&office={world.office.id}"))
    assert "เป้าหมายตั้งต้นเป็นของทั้งจังหวัด" not in html


def test_enter_in_a_text_box_saves_instead_of_removing_a_row(client, world, login_as):
    """Browsers press a form's first submit button on Enter: it must be "save", not a row's remove."""
    login_as("centre_staff")
    html = _html(client.get(_new_url(world)))
    form = html[html.index('<form method="post" class="meetings-form"'):]
    first = re.search(r'<button type="submit"[^>]*>', form).group(0)
    assert 'value="save"' in first and 'name="action"' in first
