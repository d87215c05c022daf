"""On a phone (360×640): a provincial officer proposes two target cooperatives, then the centre director
submits the list and sees it locked (and, on 15 Mar 2566, marked late)."""
from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal

from playwright.sync_api import expect

FY = 2566
OFFICE_CODE = "13"  # po13's office (Pathum Thani, centre 1)


def _prepare(live_db) -> tuple[str, str]:
    """FY 2566 exists, office 13 has no list for it, and two candidates of our own with unique names."""
    from portal.models import (
        ChangeRequest, Cooperative, CoopType, Office, OfficeQuota, ProgrammeYear, TargetList, TargetProposal,
        YearlyRecord,
    )

    tag = secrets.token_hex(3)
    names = (f"สหกรณ์ทดสอบเป้าหมายกข{tag} จำกัด", f"สหกรณ์ทดสอบเป้าหมายคง{tag} จำกัด")
    with live_db():
        year = ProgrammeYear.of(FY) or ProgrammeYear.create(
            fiscal_year=FY, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
        if year.selection_deadline is None:
            ProgrammeYear.update(selection_deadline=dt.date(2022, 12, 15)).where(ProgrammeYear.id == year.id).execute()
        office = Office.get(Office.code == OFFICE_CODE)
        if year.quota_for(office.id) < 2:
            OfficeQuota.update(quota=2).where((OfficeQuota.year == year.id) & (OfficeQuota.office == office.id)).execute()
        for target_list in TargetList.select().where((TargetList.year == year.id) & (TargetList.office == office.id)):
            ChangeRequest.delete().where(ChangeRequest.target_list == target_list.id).execute()
            TargetProposal.delete().where(TargetProposal.target_list == target_list.id).execute()
            target_list.delete_instance()
        agri = CoopType.get(CoopType.code == "agricultural")
        for i, name in enumerate(names):
            coop = Cooperative.create(name=name, registration_no=f"BT-TGT-{tag}-{i}", coop_type=agri, office=office)
            YearlyRecord.create(cooperative=coop, accounting_year=2565, closing_date=dt.date(2022, 3, 31),
                                members=400, active_members=200, accumulated_profit_loss=Decimal("-125000"),
                                profit_this_year=Decimal("-5000"), strength_level=3, source="entered")
    return names


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 361


def test_officer_proposes_two_targets_and_the_director_submits_a_locked_list_at_360(
        live_server, live_db, phone, sign_in):
    first, second = _prepare(live_db)

    # The provincial officer: /targets/ leads to their office's list for the current fiscal year.
    sign_in(phone, "po13")
    phone.goto(live_server + "/targets/")
    expect(phone).to_have_url(re.compile(rf"/targets/{FY}/offices/\d+$"))
    expect(phone.locator("h1")).to_contain_text("รายชื่อสหกรณ์เป้าหมาย")
    expect(phone.locator(".targets-summary")).to_contain_text("0 จาก 2 แห่ง")
    _fits_the_phone(phone)
    for name, reason in ((first, "ขาดทุนสะสมและสมาชิกมีส่วนร่วมต่ำ"), (second, "คณะกรรมการพร้อมเข้าร่วมทั้งคณะ")):
        # Search (htmx swaps the rows in place), then propose from the row.
        phone.get_by_role("searchbox").fill(name.split()[0])
        row = phone.locator("#targets-candidates tbody tr", has_text=name)
        expect(row).to_have_count(1)
        expect(phone.locator("#targets-candidates tbody tr")).to_have_count(1)
        expect(row).to_contain_text("มีขาดทุนสะสม")
        expect(row).to_contain_text("50.00%")
        row.get_by_role("link", name=f"เสนอ {name}").click()
        expect(phone.locator("h1")).to_have_text("เสนอสหกรณ์เป้าหมาย")
        expect(phone.locator("#coop-heading")).to_have_text(name)
        phone.get_by_label("เหตุผลที่เสนอ").fill(reason)
        phone.get_by_role("button", name="เสนอเป็นสหกรณ์เป้าหมาย").click()
        expect(phone.locator(".flash-success")).to_contain_text(f"เสนอ {name} เป็นสหกรณ์เป้าหมายแล้ว")
    expect(phone.locator(".targets-summary")).to_contain_text("2 จาก 2 แห่ง")
    expect(phone.locator(".targets-proposal")).to_have_count(2)
    expect(phone.locator(".targets-proposal", has_text=first)).to_contain_text("ขาดทุนสะสมและสมาชิกมีส่วนร่วมต่ำ")
    # The quota is reached: no more "propose" links.
    expect(phone.locator("a.targets-propose")).to_have_count(0)
    _fits_the_phone(phone)

    # The centre director: /targets/ leads to the centre; office 13's card has both and a submit button.
    sign_in(phone, "director01")
    phone.goto(live_server + "/targets/")
    expect(phone).to_have_url(re.compile(rf"/targets/{FY}/centres/\d+$"))
    card = phone.locator(".targets-office", has_text="ปทุมธานี").filter(has_text=first)
    expect(card).to_contain_text(second)
    expect(card).to_contain_text("เสนอแล้ว 2 จาก 2 แห่ง")
    card.get_by_label("ตรวจแล้ว ส่งและล็อกรายชื่อ (เสนอ 2 จาก 2 แห่ง)").check()
    card.get_by_role("button", name="ส่งรายชื่อนี้ให้สำนัก").click()
    expect(phone.locator(".flash-success")).to_contain_text("รายชื่อถูกล็อก")
    expect(phone.locator(".flash-warning")).to_contain_text("ส่งล่าช้า")
    card = phone.locator(".targets-office", has_text="ปทุมธานี").filter(has_text=first)
    expect(card).to_contain_text("ส่งล่าช้า")  # 15 Mar 2566 is after the 15 Dec 2565 deadline
    expect(card).to_contain_text("ส่งให้สำนักแล้ว")
    expect(card.get_by_role("button", name="ส่งรายชื่อนี้ให้สำนัก")).to_have_count(0)
    _fits_the_phone(phone)

    # The list itself: locked, who and when.
    card.get_by_role("link").first.click()
    expect(phone).to_have_url(re.compile(rf"/targets/{FY}/offices/\d+"))
    expect(phone.locator(".targets-locked")).to_contain_text("รายชื่อนี้ถูกล็อกแล้ว")
    expect(phone.locator(".targets-summary")).to_contain_text("ส่งให้สำนักแล้ว")
    expect(phone.locator(".targets-summary")).to_contain_text("ส่งล่าช้า")
    expect(phone.locator(".targets-proposal")).to_have_count(2)

    # Back as the officer: nothing left to propose or withdraw, only a change request.
    sign_in(phone, "po13")
    phone.goto(live_server + "/targets/")
    expect(phone.locator(".targets-locked")).to_be_visible()
    expect(phone.get_by_role("button", name=re.compile("ถอน"))).to_have_count(0)
    expect(phone.locator("a.targets-propose")).to_have_count(0)
    expect(phone.get_by_role("link", name="ขอถอนหรือเปลี่ยนสหกรณ์")).to_have_count(2)
