"""The target-selection pages: each role's entry, the candidate list, proposing (and every refusal shown
on the form with what was typed), the centre's review and submission, the lock, change requests, the
board meeting informed, and the downloads for the Cooperative League."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.models import (
    ChangeRequest,
    Cooperative,
    CoopType,
    Office,
    ProgrammeYear,
    Province,
    TargetList,
    TargetProposal,
    YearlyRecord,
)

FY = 2567


def _html(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    html = _html(response)
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _coop(office, name, reg, *, members=1000, active=500, loss="-1000", level=2, closing=dt.date(2022, 3, 31)):
    agri = CoopType.get(CoopType.code == "agricultural")
    coop = Cooperative.create(name=name, registration_no=reg, coop_type=agri, office=office)
    if closing is not None:
        YearlyRecord.create(cooperative=coop, accounting_year=2565, closing_date=closing, members=members,
                            active_members=active, accumulated_profit_loss=Decimal(loss), profit_this_year=0,
                            strength_level=level)
    return coop


@pytest.fixture
def year(world):
    """FY 2567 with empty lists (the World's FY 2566 lists are submitted); deadline 15 Dec 2566."""
    return ProgrammeYear.create(fiscal_year=FY, selection_deadline=dt.date(2023, 12, 15), default_quota=2)


def _office_url(world, fy=FY, office=None):
    return f"/targets/{fy}/offices/{(office or world.office).id}"


def _propose(client, world, coop, reason="ขาดทุนสะสมต่อเนื่อง", justification="", record=None, fy=FY):
    data = {"cooperative": str(coop.id), "reason": reason, "justification": justification}
    if record is not None:
        data["record"] = str(record)
    return client.post(f"{_office_url(world, fy)}/propose", data=data)


def _count_rows():
    return (TargetList.select().count(), TargetProposal.select().count(),
            TargetProposal.select().where(TargetProposal.status == "active").count(), ChangeRequest.select().count())


# --- entry: each role to its place -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "where"), [
    ("bureau_admin", "/targets/2566/"),
    ("bureau_exec", "/targets/2566/"),
    ("centre_director", "/targets/2566/centres/{centre}"),
    ("centre_staff", "/targets/2566/centres/{centre}"),
    ("provincial_officer", "/targets/2566/offices/{office}"),
    ("provincial_head", "/targets/2566/offices/{office}"),
])
def test_the_entry_page_sends_each_role_to_the_current_fiscal_year(client, world, login_as, role, where):
    login_as(role)
    response = client.get("/targets/")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(where.format(centre=world.centre.id, office=world.office.id))


def test_without_the_current_year_set_up_the_entry_page_says_so(client, world, login_as):
    ProgrammeYear.update(fiscal_year=2565).where(ProgrammeYear.id == world.year.id).execute()
    login_as("provincial_officer")
    response = client.get("/targets/")
    assert response.status_code == 200
    html = _main(response)
    assert "สำนักยังไม่ได้ตั้งค่าปีงบประมาณ 2566" in html
    assert f'href="/targets/2565/offices/{world.office.id}"' in html
    assert client.get("/targets/2570/offices/%d" % world.office.id).status_code == 404


# --- the office's list and candidates --------------------------------------------------------------------------


def test_the_office_page_lists_candidates_in_thai_order_with_rate_level_loss_and_clauses(client, world, year, login_as):
    _coop(world.office, "สหกรณ์เกษตรทดลอง จำกัด", "C-2", loss="0", members=100000, active=64996, level=3)
    _coop(world.office, "สหกรณ์ขนมไทย จำกัด", "C-3", loss="0", members=100, active=65, level=2)
    _coop(world.office, "สหกรณ์กล้วยหอม จำกัด", "C-4", closing=None)
    login_as("provincial_officer")
    html = _main(client.get(_office_url(world)))
    names = re.findall(r'href="/register/cooperatives/\d+">([^<]+)</a>', html)
    assert names == ["สหกรณ์กล้วยหอม จำกัด", "สหกรณ์การเกษตรบ้านทดสอบ จำกัด", "สหกรณ์เกษตรทดลอง จำกัด",
                     "สหกรณ์ขนมไทย จำกัด"]
    row = lambda name: html[html.index(name):].split("</tr>", 1)[0]  # noqa: E731
    assert "ไม่มีข้อมูลปีบัญชีที่ใช้คัดเลือก" in row("สหกรณ์กล้วยหอม จำกัด")
    trial = row("สหกรณ์เกษตรทดลอง จำกัด")
    assert "65.00%" in trial and "ต่ำกว่า 65" in trial  # 64.996 shows as 65.00 and is still below
    assert "สมาชิกมีส่วนร่วมดำเนินธุรกิจกับสหกรณ์ต่ำกว่าร้อยละ 65" in trial
    assert "ไม่เข้าเกณฑ์" in row("สหกรณ์ขนมไทย จำกัด") and "ต่ำกว่า 65" not in row("สหกรณ์ขนมไทย จำกัด")
    own = row("สหกรณ์การเกษตรบ้านทดสอบ จำกัด")
    assert "64.00%" in own and "-250,000.00 บาท" in own and "มีขาดทุนสะสม" in own and ">2<" in own
    assert "จำนวนสหกรณ์ที่พบ: 4 · เข้าเกณฑ์: 2" in html
    assert "ยังไม่เริ่ม" in html and "0 จาก 2 แห่ง" in html
    assert world.other_coop.name not in html


def test_search_and_the_candidates_only_filter_answer_htmx_with_the_rows_alone(client, world, year, login_as):
    _coop(world.office, "สหกรณ์ผู้เลี้ยงโคนม จำกัด", "S-1", loss="10", members=100, active=90)
    login_as("centre_staff")
    fragment = _html(client.get(_office_url(world), query_string={"q": "โคนม"}, headers={"HX-Request": "true"}))
    assert "<html" not in fragment and "โคนม" in fragment and world.coop.name not in fragment
    only = _html(client.get(_office_url(world), query_string={"only": "1"}, headers={"HX-Request": "true"}))
    assert world.coop.name in only and "โคนม" not in only
    page = _html(client.get(_office_url(world), query_string={"q": "s-1"}))
    assert "<html" in page and "โคนม" in page and 'hx-target="#targets-candidates"' in page
    assert "ไม่พบสหกรณ์ที่ตรงกับการค้นหา" in _html(client.get(_office_url(world), query_string={"q": "ไม่มีชื่อนี้"}))


def test_only_proposers_see_propose_buttons(client, world, year, login_as):
    login_as("provincial_head")
    html = _main(client.get(_office_url(world)))
    assert "/propose" not in html and "ส่งรายชื่อนี้ให้สำนัก" not in html
    login_as("provincial_officer")
    html = _main(client.get(_office_url(world)))
    assert f"/propose?cooperative={world.coop.id}" in html


# --- proposing ---------------------------------------------------------------------------------------------------


def test_a_provincial_officer_proposes_a_candidate(client, world, year, login_as):
    login_as("provincial_officer")
    form = _html(client.get(f"{_office_url(world)}/propose", query_string={"cooperative": world.coop.id}))
    record = YearlyRecord.get(YearlyRecord.cooperative == world.coop)
    assert f'name="record" value="{record.id}"' in form and "มีขาดทุนสะสม" in form and "64.00%" in form
    response = _propose(client, world, world.coop, record=record.id)
    assert response.status_code == 303 and response.headers["Location"].endswith(_office_url(world))
    page = _html(client.get(_office_url(world)))
    assert "เสนอ สหกรณ์การเกษตรบ้านทดสอบ จำกัด เป็นสหกรณ์เป้าหมายแล้ว (เสนอแล้ว 1 จาก 2 แห่ง)" in page
    html = _main(client.get(_office_url(world)))
    assert "ขาดทุนสะสมต่อเนื่อง" in html and "อยู่ในรายชื่อแล้ว" in html
    assert '<span class="badge warn">เสนอแล้ว</span>' in html and "1 จาก 2 แห่ง" in html
    proposal = TargetProposal.select().join(TargetList).where(TargetList.year == year.id).get()
    assert proposal.cooperative_id == world.coop.id and proposal.status == "active"
    assert proposal.proposed_by_id == world.users["provincial_officer"].id


def test_a_non_candidate_without_justification_is_refused_with_what_was_typed(client, world, year, login_as):
    non = _coop(world.office, "สหกรณ์กำไรดี จำกัด", "N-1", loss="100", members=100, active=90)
    login_as("provincial_officer")
    before = _count_rows()
    response = _propose(client, world, non, reason="สหกรณ์อยากเข้าร่วม")
    assert response.status_code == 422
    html = _main(response)
    assert "ไม่เข้าเกณฑ์คัดเลือก เสนอได้เฉพาะเมื่อเขียนเหตุผลพิเศษ" in html
    assert "ยังไม่ได้บันทึก กรุณาแก้ช่องที่มีข้อความสีแดง" in html
    assert ">สหกรณ์อยากเข้าร่วม</textarea>" in html  # what was typed is kept
    assert _count_rows() == before
    # With the justification it goes through and is marked wherever it appears.
    response = _propose(client, world, non, reason="สหกรณ์อยากเข้าร่วม", justification="ผู้ตรวจสอบพบข้อบกพร่องร้ายแรง")
    assert response.status_code == 303
    html = _main(client.get(_office_url(world)))
    card = html[html.index("สหกรณ์กำไรดี จำกัด"):]
    assert "ไม่เข้าเกณฑ์ — เหตุผลพิเศษ" in card.split("</article>")[0]
    assert "ผู้ตรวจสอบพบข้อบกพร่องร้ายแรง" in card.split("</article>")[0]


def test_refusals_show_a_thai_message_and_change_nothing(client, world, year, login_as):
    login_as("provincial_officer")
    second = _coop(world.office, "สหกรณ์ที่สอง จำกัด", "Q-2")
    third = _coop(world.office, "สหกรณ์ที่สาม จำกัด", "Q-3")
    assert _propose(client, world, world.coop).status_code == 303
    assert _propose(client, world, second).status_code == 303
    before = _count_rows()
    cases = [
        (_propose(client, world, third), "เสนอสหกรณ์เป้าหมายได้ไม่เกิน 2 แห่งต่อสำนักงาน"),
        (_propose(client, world, world.coop), "อยู่ในรายชื่อสหกรณ์เป้าหมายของปีนี้แล้ว"),
        (_propose(client, world, world.other_coop, justification="พิเศษ"), "ไม่ได้อยู่ในความรับผิดชอบของสำนักงานนี้"),
        (_propose(client, world, third, record=999999), "ไม่พบข้อมูลปีบัญชีที่ใช้เสนอ"),
        (_propose(client, world, third, reason=""), "กรุณากรอกเหตุผลที่เสนอ"),
    ]
    for response, message in cases:
        assert response.status_code == 422
        assert message in _html(response)
    assert _count_rows() == before


def test_no_record_that_counts_is_refused_unless_justified(client, world, year, login_as):
    fresh = _coop(world.office, "สหกรณ์ตั้งใหม่ จำกัด", "F-1", closing=None)
    login_as("bureau_admin")  # the bureau administrator proposes anywhere
    form = _html(client.get(f"{_office_url(world)}/propose", query_string={"cooperative": fresh.id}))
    assert "ไม่มีข้อมูลปีบัญชีที่ใช้คัดเลือก" in form and 'name="record" value=""' in form
    response = _propose(client, world, fresh)
    assert response.status_code == 422 and "ไม่มีข้อมูลปีบัญชีที่ใช้คัดเลือก" in _html(response)
    assert _propose(client, world, fresh, justification="สหกรณ์จัดตั้งใหม่ยังไม่ปิดบัญชี").status_code == 303
    proposal = TargetProposal.get(TargetProposal.cooperative == fresh)
    assert proposal.yearly_record_id is None and proposal.clauses == ""


def test_the_propose_page_without_a_cooperative_offers_a_choice(client, world, year, login_as):
    login_as("provincial_officer")
    html = _main(client.get(f"{_office_url(world)}/propose"))
    assert '<select id="cooperative" name="cooperative"' in html and world.coop.name in html
    html = _main(client.get(f"{_office_url(world)}/propose", query_string={"cooperative": world.other_coop.id}))
    assert "ไม่ได้อยู่ในความรับผิดชอบของสำนักงานนี้" in html and world.other_coop.name not in html


def test_withdrawal_before_submission_keeps_who_and_when(client, world, year, login_as):
    login_as("provincial_officer")
    _propose(client, world, world.coop)
    proposal = TargetProposal.select().join(TargetList).where(TargetList.year == year.id).get()
    response = client.post(f"/targets/proposals/{proposal.id}/withdraw")
    assert response.status_code == 303
    html = _main(client.get(_office_url(world)))
    history = html[html.index("สหกรณ์ที่ถอนออกแล้ว"):]
    assert world.coop.name in history and "provincial_officer ทดสอบ" in history
    assert TargetProposal.get_by_id(proposal.id).status == "withdrawn"


# --- the centre: review and submit; the lock ------------------------------------------------------------------------


def test_the_director_reviews_and_submits_and_the_list_is_locked(client, world, year, login_as):
    non = _coop(world.office, "สหกรณ์กำไรดี จำกัด", "N-1", loss="100", members=100, active=90)
    login_as("provincial_officer")
    _propose(client, world, world.coop)
    _propose(client, world, non, justification="คณะกรรมการขอเข้าร่วมเอง")
    login_as("centre_director")
    html = _main(client.get(f"/targets/{FY}/centres/{world.centre.id}"))
    office_card = html[html.index(f'id="office-{world.office.id}"'):].split("</article>")[0]
    assert world.coop.name in office_card and "ไม่เข้าเกณฑ์ — เหตุผลพิเศษ" in office_card
    assert "คณะกรรมการขอเข้าร่วมเอง" in office_card and "เสนอแล้ว 2 จาก 2 แห่ง" in office_card
    assert "ส่งทุกรายชื่อที่เสนอแล้ว (1 สำนักงาน)" in html
    assert "ตรวจแล้ว ส่งและล็อกรายชื่อ (เสนอ 2 จาก 2 แห่ง)" in office_card
    # Without ticking the confirmation nothing is submitted.
    refused = client.post(f"{_office_url(world)}/submit", data={"back": "centre"})
    assert refused.status_code == 303
    assert "กรุณาติ๊กยืนยันก่อน" in _html(client.get(refused.headers["Location"]))
    assert TargetList.get(TargetList.year == year, TargetList.office == world.office).submitted_at is None
    response = client.post(f"{_office_url(world)}/submit", data={"back": "centre", "confirm": "1"})
    assert response.status_code == 303 and f"/centres/{world.centre.id}" in response.headers["Location"]
    target_list = TargetList.get(TargetList.year == year, TargetList.office == world.office)
    assert target_list.submitted_by_id == world.users["centre_director"].id and target_list.submitted_at
    html = _main(client.get(_office_url(world)))
    assert "รายชื่อนี้ถูกล็อกแล้ว" in html and "centre_director ทดสอบ" in html and "ส่งแล้ว" in html
    assert "ส่งล่าช้า" not in html  # 15 Mar 2566 is before the 15 Dec 2566 deadline
    # Locked: the officer can neither propose nor withdraw.
    login_as("provincial_officer")
    before = _count_rows()
    third = _coop(world.office, "สหกรณ์มาทีหลัง จำกัด", "L-1")
    response = _propose(client, world, third)
    assert response.status_code == 422 and "รายชื่อถูกล็อก" in _html(response)
    proposal = TargetProposal.get(TargetProposal.cooperative == world.coop, TargetProposal.target_list == target_list)
    client.post(f"/targets/proposals/{proposal.id}/withdraw")
    assert _count_rows() == before and TargetProposal.get_by_id(proposal.id).status == "active"
    html = _main(client.get(_office_url(world)))
    assert "/propose" not in html and "ถอนออกจากรายชื่อ" not in html and "ขอถอนหรือเปลี่ยนสหกรณ์" in html


def test_submission_after_the_deadline_is_accepted_and_marked_late(client, world, login_as):
    TargetList.update(submitted_at=None, submitted_by=None).where(TargetList.id == world.target_list.id).execute()
    login_as("centre_director")
    html = _main(client.get(f"/targets/2566/centres/{world.centre.id}"))
    assert "ล่าช้า (ยังไม่ส่ง)" in html
    response = client.post(f"/targets/2566/centres/{world.centre.id}/submit", data={"confirm": "1"})
    assert response.status_code == 303
    flashes = _html(client.get(f"/targets/2566/centres/{world.centre.id}"))
    assert "ส่งรายชื่อให้สำนักแล้ว 1 สำนักงาน" in flashes and "ส่งหลังกำหนด: บันทึกเป็นส่งล่าช้า" in flashes
    html = _main(client.get(_office_url(world, 2566)))
    assert "ส่งล่าช้า" in html and "15 ธันวาคม 2565" in html


def test_the_centre_submits_all_proposed_lists_at_once(client, world, year, login_as):
    second = Office.select().join(Province).where((Province.centre == world.centre.id)
                                                  & (Office.id != world.office.id)).first()
    login_as("bureau_admin")
    _propose(client, world, world.coop)
    client.post(f"/targets/{FY}/offices/{second.id}/propose",
                data={"cooperative": str(_coop(second, "สหกรณ์อีกสำนักงาน จำกัด", "S-9").id), "reason": "ขาดทุน"})
    login_as("centre_director")
    assert client.post(f"/targets/{FY}/centres/{world.centre.id}/submit", data={"confirm": "1"}).status_code == 303
    lists = TargetList.select().where((TargetList.year == year) & TargetList.submitted_at.is_null(False))
    assert sorted(t.office_id for t in lists) == sorted([world.office.id, second.id])
    response = client.post(f"/targets/{FY}/centres/{world.centre.id}/submit", data={"confirm": "1"})
    assert "ไม่มีรายชื่อที่เสนอแล้วและรอส่ง" in _html(client.get(response.headers["Location"]))


def test_a_provincial_user_sees_their_office_status_but_not_the_centre_page(client, world, login_as):
    login_as("provincial_head")
    html = _main(client.get(_office_url(world, 2566)))
    assert "ส่งแล้ว" in html and "ศูนย์ฯ ส่งให้สำนักภายใน 15 ธันวาคม 2565" in html
    assert client.get(f"/targets/2566/centres/{world.centre.id}").status_code == 403


def test_the_national_page_counts_every_centre_per_status(client, world, login_as):
    login_as("bureau_exec")
    html = _main(client.get("/targets/2566/"))
    assert html.count('href="/targets/2566/centres/') == 20
    row = html[html.index("ศูนย์ฯ ที่ 1</a>"):].split("</tr>")[0]
    cells = re.findall(r'<td class="num[^"]*">(\d+)</td>', row)
    offices = Office.select().join(Province).where(Province.centre == world.centre.id).count()
    assert cells == ["0", "0", "1", str(offices - 1), str(offices)]  # not started, proposed, submitted, late, all
    assert "สหกรณ์เป้าหมายในรายชื่อที่ส่งแล้ว: 2 แห่ง" in html


# --- downloads ----------------------------------------------------------------------------------------------------------


def test_the_bureau_downloads_the_national_list_as_xlsx_and_csv(client, world, login_as):
    login_as("bureau_admin")
    response = client.get("/targets/2566/targets.xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in cells if r[0] == "ลำดับ")
    assert header[4] == "ชื่อสหกรณ์" and header[-1] == "อัตราการมีส่วนร่วม (ทางการ) ร้อยละ"
    body = [r for r in cells if isinstance(r[0], int)]
    assert [r[4] for r in body] == [world.coop.name, world.other_coop.name]
    assert body[1][7] == "ไม่เข้าเกณฑ์ — เหตุผลพิเศษ: สหกรณ์ขอเข้าร่วมเอง"
    text = client.get("/targets/2566/targets.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "ลำดับ" and rows[1][8:] == ["2565", "1000", "640", "64.00"]
    for user in (*world.users.values(), *world.other_users.values()):
        assert user.username not in text and user.first_name not in text


def test_a_centre_downloads_only_its_own_list(client, world, login_as):
    login_as("centre_staff")
    text = client.get(f"/targets/2566/centres/{world.centre.id}/targets.csv").data.decode("utf-8-sig")
    assert world.coop.name in text and world.other_coop.name not in text
    assert client.get(f"/targets/2566/centres/{world.other_centre.id}/targets.csv").status_code == 404
    assert client.get("/targets/2566/targets.csv").status_code == 403


# --- change requests --------------------------------------------------------------------------------------------------------


def test_a_replacement_request_is_approved_by_the_bureau_and_the_history_shows_it(client, world, login_as):
    new = _coop(world.office, "สหกรณ์ทดแทน จำกัด", "R-1", loss="0", members=100, active=10, level=3)
    login_as("provincial_officer")
    form = _html(client.get(f"/targets/proposals/{world.proposal.id}/change"))
    assert "สหกรณ์ทดแทน จำกัด — เข้าเกณฑ์" in form
    response = client.post(f"/targets/proposals/{world.proposal.id}/change", data={
        "kind": "replace", "reason": "คณะกรรมการลาออกทั้งคณะ", "new_cooperative": str(new.id),
        "new_reason": "สมาชิกมีส่วนร่วมต่ำ"})
    assert response.status_code == 303
    change = ChangeRequest.get()
    assert response.headers["Location"].endswith(f"/targets/changes/{change.id}")
    html = _main(client.get(_office_url(world, 2566)))
    assert "มีคำขอเปลี่ยนแปลงรอพิจารณา" in html and "รอพิจารณา" in html and "คณะกรรมการลาออกทั้งคณะ" in html
    assert "อนุมัติ</button>" not in _main(client.get(f"/targets/changes/{change.id}"))
    login_as("bureau_admin")
    assert "รอพิจารณา 1" in _main(client.get("/targets/2566/"))
    page = _main(client.get(f"/targets/changes/{change.id}"))
    assert "สหกรณ์ทดแทน จำกัด" in page and "อนุมัติ</button>" in page
    response = client.post(f"/targets/changes/{change.id}/decide", data={"decision": "approve", "reason": "เห็นชอบ"})
    assert response.status_code == 303
    assert TargetProposal.get_by_id(world.proposal.id).status == "withdrawn"
    assert TargetProposal.get(TargetProposal.cooperative == new).status == "active"
    html = _main(client.get(_office_url(world, 2566)))
    history = html[html.index("ประวัติการเปลี่ยนแปลง"):]
    assert "อนุมัติ" in history and "เห็นชอบ" in history and "bureau_admin ทดสอบ" in history
    assert "เปลี่ยน สหกรณ์การเกษตรบ้านทดสอบ จำกัด → สหกรณ์ทดแทน จำกัด" in history
    cards = html[:html.index("ประวัติการเปลี่ยนแปลง")]
    assert "สหกรณ์ทดแทน จำกัด" in cards and "สมาชิกมีส่วนร่วมต่ำ" in cards


def test_a_rejection_without_a_reason_is_refused_then_kept_with_it(client, world, login_as):
    login_as("centre_director")
    client.post(f"/targets/proposals/{world.proposal.id}/change", data={"kind": "withdraw", "reason": "ขอถอน"})
    change = ChangeRequest.get()
    login_as("bureau_admin")
    response = client.post(f"/targets/changes/{change.id}/decide", data={"decision": "reject", "reason": ""})
    assert response.status_code == 422 and "กรุณากรอกเหตุผลของการพิจารณา" in _html(response)
    assert ChangeRequest.get_by_id(change.id).status == "pending"
    client.post(f"/targets/changes/{change.id}/decide", data={"decision": "reject", "reason": "ยังเข้าเกณฑ์"})
    stored = ChangeRequest.get_by_id(change.id)
    assert (stored.status, stored.decision_reason) == ("rejected", "ยังเข้าเกณฑ์")
    assert TargetProposal.get_by_id(world.proposal.id).status == "active"
    assert "ไม่อนุมัติ" in _main(client.get(f"/targets/changes/{change.id}"))


def test_change_request_refusals_are_shown_on_the_form(client, world, login_as):
    non = _coop(world.office, "สหกรณ์กำไรดี จำกัด", "N-1", loss="100", members=100, active=90)
    login_as("provincial_officer")
    response = client.post(f"/targets/proposals/{world.proposal.id}/change", data={"kind": "withdraw", "reason": ""})
    assert response.status_code == 422 and "กรุณากรอกเหตุผลของคำขอ" in _html(response)
    response = client.post(f"/targets/proposals/{world.proposal.id}/change", data={
        "kind": "replace", "reason": "เหตุผล", "new_cooperative": str(non.id), "new_reason": "แทน"})
    assert response.status_code == 422 and "ไม่เข้าเกณฑ์คัดเลือก" in _html(response)
    assert 'value="replace" checked' in _html(response) and ">เหตุผล</textarea>" in _html(response)
    assert ChangeRequest.select().count() == 0


# --- the board meeting informed -----------------------------------------------------------------------------------------------


def test_the_board_meeting_informed_is_recorded_after_submission(client, world, login_as):
    login_as("provincial_officer")
    response = client.post(f"/targets/proposals/{world.proposal.id}/board",
                           data={"meeting_no": "12-2565", "meeting_on": "20/12/2565"})
    assert response.status_code == 422 and "ใช้รูปแบบ ครั้งที่ 12/2565" in _html(response)
    assert 'value="12-2565"' in _html(response) and 'value="20/12/2565"' in _html(response)
    response = client.post(f"/targets/proposals/{world.proposal.id}/board",
                           data={"meeting_no": "12/2565", "meeting_on": "31/02/2565"})
    assert response.status_code == 422 and "วันที่ไม่ถูกต้อง" in _html(response)
    response = client.post(f"/targets/proposals/{world.proposal.id}/board",
                           data={"meeting_no": "12/2565", "meeting_on": "20/12/2565"})
    assert response.status_code == 303
    html = _main(client.get(_office_url(world, 2566)))
    assert "ครั้งที่ 12/2565 · 20 ธ.ค. 2565" in html
    form = _html(client.get(f"/targets/proposals/{world.proposal.id}/board"))
    assert 'value="ครั้งที่ 12/2565"' in form and 'value="20/12/2565"' in form


# --- CSRF ---------------------------------------------------------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(csrf_app, world):
    from flask import g

    client = csrf_app.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', _html(page)).group(1)
    client.post("/login", data={"username": "centredirector", "password": world.password, "csrf_token": token})
    # The test's app context outlives requests: drop the token Flask-WTF cached in g before sign-in
    # cleared the session, as a new request in production would.
    g.pop("csrf_token", None)
    TargetList.update(submitted_at=None).where(TargetList.id == world.target_list.id).execute()
    response = client.post(f"/targets/2566/centres/{world.centre.id}/submit", data={"confirm": "1"})
    assert response.status_code == 400
    assert TargetList.get_by_id(world.target_list.id).submitted_at is None
    html = _html(client.get(f"/targets/2566/centres/{world.centre.id}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/targets/2566/centres/{world.centre.id}/submit", data={"csrf_token": token, "confirm": "1"})
    assert response.status_code == 303
    assert TargetList.get_by_id(world.target_list.id).submitted_at is not None


def test_in_english_the_pages_render_and_refusals_are_english(client, world, year, login_as):
    login_as("bureau_admin")
    with client.session_transaction() as session:
        session["lang"] = "en"
    for url in ("/targets/2566/", f"/targets/2566/centres/{world.centre.id}", _office_url(world, 2566),
                f"{_office_url(world)}/propose?cooperative={world.coop.id}", "/targets/2566/changes",
                f"/targets/proposals/{world.proposal.id}/change", f"/targets/proposals/{world.proposal.id}/board"):
        assert client.get(url).status_code == 200, url
    html = _html(client.get(_office_url(world, 2566)))
    assert "Accumulated loss" in html
    response = _propose(client, world, world.other_coop, justification="x")
    assert "belongs to another office" in _html(response)
    text = client.get("/targets/2566/targets.csv").data.decode("utf-8-sig")
    assert text.startswith("No.,Centre,Province,Office,Cooperative")
