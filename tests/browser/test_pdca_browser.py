"""An activity owner reports a month's progress on a phone (360×640) through the cooperative's follow-up
link (/f/<token>), and centre staff (staff01a) see the report on the PDCA board."""
from __future__ import annotations

import datetime as dt
import secrets
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]


def _flask(args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)


def _seed(live_env, live_db) -> dict:
    """A new target cooperative of centre 1 with an adopted plan, one activity and a follow-up link."""
    _flask(["forms", "sync"], live_env)
    from portal.models import (Centre, Cooperative, CoopType, DevelopmentPlan, Instrument, Office, PlanActivity,
                               PlanProject, ProgrammeYear, Province, TargetList, TargetProposal)
    from portal.models.responses import RespondentLink

    tag = secrets.token_hex(3)
    with live_db():
        centre = Centre.get(Centre.number == 1)
        year = ProgrammeYear.of(2566) or ProgrammeYear.create(fiscal_year=2566,
                                                              selection_deadline=dt.date(2022, 12, 15))
        offices = list(Office.select().join(Province).where(Province.centre == centre).order_by(Office.code))
        submitted = (TargetList.select().where((TargetList.year == year) & TargetList.submitted_at.is_null(False)
                                               & TargetList.office.in_([o.id for o in offices])).first())
        if submitted is None:
            taken = {t.office_id for t in TargetList.select().where(TargetList.year == year)}
            office = next(o for o in offices if o.id not in taken)
            submitted = TargetList.create(year=year, office=office, submitted_at=dt.datetime(2022, 12, 10, 10))
        coop = Cooperative.create(name=f"สหกรณ์การเกษตรติดตามแผน {tag} จำกัด", registration_no=f"PDCA-{tag}",
                                  coop_type=CoopType.get(CoopType.code == "agricultural"), office=submitted.office_id)
        TargetProposal.create(target_list=submitted, cooperative=coop, clauses="loss", reason="ขาดทุนสะสม")
        plan = DevelopmentPlan.create(cooperative=coop, fiscal_year=2566, title="แผนพัฒนาสหกรณ์ 2566",
                                      starts=dt.date(2023, 1, 1), ends=dt.date(2023, 9, 1),
                                      adopted_meeting_no="2/2566", adopted_on=dt.date(2023, 1, 25))
        project = PlanProject.create(plan=plan, name="ลดหนี้ค้างชำระ")
        activity = PlanActivity.create(project=project, name=f"ติดตามลูกหนี้ค้างชำระ {tag}", owner_name="นายสมหมาย ตั้งใจ",
                                       starts=dt.date(2023, 1, 1), ends=dt.date(2023, 6, 1))
        link = RespondentLink.create(kind="followup", cooperative=coop,
                                     instrument=Instrument.get(Instrument.code == "c1_followup"), period="2566",
                                     token=secrets.token_urlsafe(24), valid_from=dt.date(2023, 3, 1),
                                     valid_until=dt.date(2023, 7, 31))
        return {"token": link.token, "activity_id": activity.id, "activity": activity.name, "coop": coop.name,
                "centre_id": centre.id, "result": f"ติดตามหนี้ได้ 12 ราย {tag}"}


def _fill(page, answers: dict) -> None:
    """Answer whatever of ``answers`` the current part shows (radios, selects, text), in order. The server
    re-renders the part as answers change what shows (htmx), so each answer waits for that to settle."""
    for name, value in answers.items():
        page.wait_for_load_state("networkidle")
        kinds = page.evaluate(
            """name => [...document.querySelectorAll(`[name="${name}"]`)]
                 .filter(e => e.type !== 'hidden').map(e => [e.tagName.toLowerCase(), e.type || '', e.value])""",
            name)
        if not kinds:
            continue
        tag, kind, current = kinds[0]
        try:
            if kind in ("radio", "checkbox"):
                box = page.locator(f'[name="{name}"][value="{value}"]').first
                if not box.is_checked(timeout=3000):
                    box.check(timeout=3000)
            elif tag == "select":
                page.locator(f'[name="{name}"]').first.select_option(value, timeout=3000)
            elif current != value:
                page.locator(f'[name="{name}"]:not([type=hidden])').first.fill(value, timeout=3000)
        except PlaywrightTimeout:
            continue  # swapped away meanwhile: the next pass answers it
    page.wait_for_load_state("networkidle")


def test_an_owner_reports_on_a_phone_and_staff_see_it_on_the_board(live_server, live_env, live_db, phone, desktop,
                                                                   sign_in):
    seed = _seed(live_env, live_db)
    prefix = f"activities.{seed['activity_id']}."
    answers = {"report_month": "2", "report_year": "2566", "reported_to_board": "yes",
               prefix + "status": "on_track", prefix + "percent_done": "40", prefix + "result": seed["result"],
               prefix + "obstacles": "สมาชิกบางรายย้ายถิ่น", prefix + "needs_help": "no",
               "remarks": "ขอคู่มือการติดตามหนี้"}

    phone.goto(f"{live_server}/f/{seed['token']}")
    expect(phone.locator("body")).to_contain_text(seed["coop"])
    for _part in range(10):
        _fill(phone, answers)
        _fill(phone, answers)  # questions the first answers brought (the server decides what shows)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        submit = phone.get_by_role("button", name="ส่งคำตอบ")
        if submit.count():
            submit.click()
            break
        before = phone.locator(".r-progress").inner_text()
        phone.get_by_role("button", name="ถัดไป").click()
        # The next part (or the same part with its messages) has replaced this one.
        phone.wait_for_function(
            """before => { const p = document.querySelector('.r-progress');
                           return (p && p.textContent.trim() !== before.trim()) || document.querySelector('.q-error'); }""",
            arg=before)
        phone.wait_for_load_state("networkidle")
    expect(phone.locator("h1")).to_contain_text("ส่งคำตอบแล้ว")

    from portal.models import ActivityProgress

    with live_db():
        row = ActivityProgress.get(ActivityProgress.activity == seed["activity_id"])
        assert (row.month, row.status, row.percent_done, row.source) == (dt.date(2023, 2, 1), "on_track", 40,
                                                                         "owner_link")
        # What the owner typed while htmx was asking which questions show is kept (hx-preserve).
        assert row.result == seed["result"]

    sign_in(desktop, "staff01a")
    desktop.goto(f"{live_server}/pdca/centres/{seed['centre_id']}?year=2566")
    recent = desktop.locator("#recent-progress")
    expect(recent).to_contain_text(seed["activity"])
    expect(recent).to_contain_text("ก.พ. 2566")
    expect(recent).to_contain_text("40 %")
    expect(recent).to_contain_text(seed["coop"])
    expect(recent).to_contain_text("ผู้รับผิดชอบกิจกรรม")
    expect(desktop.locator('[data-cell="1-5-progress"]')).to_be_visible()

    # The board on a phone too: no sideways scrolling.
    sign_in(phone, "staff01a")
    phone.goto(f"{live_server}/pdca/centres/{seed['centre_id']}?year=2566")
    expect(phone.locator("#recent-progress")).to_contain_text(seed["activity"])
    widest = phone.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 360.5 && !e.closest('.table-wrap, .nav'))
        .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60)).slice(0, 5)""")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, widest
