"""The overview and scorecard pages: who lands where, drill-down links, figures, bad input and downloads."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.models import Attendance, BudgetLine, YearlyRecord


def _html(response) -> str:
    return response.get_data(as_text=True)


def _close(world):
    world.cohort.status = "closed"
    world.cohort.save()


# --- landing and scope -----------------------------------------------------------------


def test_each_role_lands_on_its_own_level(client, world, login_as):
    login_as("centre_director")
    assert client.get("/overview/").headers["Location"].endswith(f"/overview/centres/{world.centre.id}")
    login_as("provincial_officer")
    assert client.get("/overview/?fy=2566").headers["Location"].endswith(
        f"/overview/provinces/{world.province.id}?fy=2566")
    login_as("bureau_exec")
    html = _html(client.get("/overview/"))
    assert "ภาพรวมผลการดำเนินงานทั้งประเทศ" in html
    assert f'href="/overview/centres/{world.centre.id}?fy=2566"' in html


def test_another_centre_province_or_cooperative_is_404(client, world, login_as):
    login_as("centre_director")
    assert client.get(f"/overview/centres/{world.other_centre.id}").status_code == 404
    assert client.get(f"/overview/centres/{world.other_centre.id}/scorecard.xlsx").status_code == 404
    assert client.get(f"/overview/provinces/{world.other_province.id}/scorecard").status_code == 404
    assert client.get(f"/overview/cooperatives/{world.other_coop.id}").status_code == 404
    login_as("provincial_head")
    assert client.get(f"/overview/centres/{world.centre.id}").status_code == 403  # a province, not the centre
    assert client.get(f"/overview/provinces/{world.province.id}").status_code == 200


# --- figures link down to their rows ----------------------------------------------------


def test_centre_rows_link_every_figure_to_the_rows_behind_it(client, world, login_as):
    _close(world)
    login_as("centre_staff")
    html = _html(client.get(f"/overview/centres/{world.centre.id}"))
    base = f"/overview/provinces/{world.province.id}/cooperatives?"
    for code in ("all", "trained", "at65", "cohorts", "followup_ok", "no_plan"):
        assert re.search(re.escape(base) + r"[^\"]*filter=" + code, html), code
    listing = _html(client.get(f"/overview/provinces/{world.province.id}/cooperatives?filter=no_plan"))
    assert world.coop.name in listing and "อบรมแล้วแต่ยังไม่ได้รับรองแผน" in listing
    empty = _html(client.get(f"/overview/provinces/{world.province.id}/cooperatives?filter=at65"))
    assert world.coop.name not in empty


def test_cooperative_page_shows_both_labelled_rates_the_loss_and_the_chart(client, world, login_as):
    _close(world)
    YearlyRecord.create(cooperative=world.coop, accounting_year=2566, closing_date=dt.date(2023, 2, 28),
                        members=100000, active_members=64996, accumulated_profit_loss=-100000,
                        profit_this_year=20, strength_level=2)
    login_as("provincial_officer")
    html = _html(client.get(f"/overview/cooperatives/{world.coop.id}"))
    assert "64.00%" in html and "65.00%" in html  # baseline 640/1,000; 64.996 shown with two decimals
    assert "ต่ำกว่าร้อยละ 65" in html  # …and decided on the exact value
    assert "ขาดทุนสะสมลดลง · มีกำไรปีนี้" in html
    assert "+0.996" not in html and "+1.00 จุดร้อยละ" in html
    chart = client.get(f"/overview/cooperatives/{world.coop.id}/participation.png")
    assert chart.status_code == 200 and chart.mimetype == "image/png" and chart.data[:4] == b"\x89PNG"
    assert 'alt="' in html and "participation.png" in html


# --- scorecards ---------------------------------------------------------------------------


def test_scorecard_shows_target_result_percent_as_of_and_insufficient(client, world, login_as):
    _close(world)
    Attendance.create(trainee=world.trainee, day=dt.date(2023, 1, 10), present=True)
    login_as("centre_director")
    html = _html(client.get(f"/overview/centres/{world.centre.id}/scorecard?fy=2566"))
    assert "ข้อมูล ณ วันที่ 15 มีนาคม 2566" in html
    for head in ("เป้าหมาย", "ผล", "ร้อยละ"):
        assert f">{head}</th>" in html
    assert "ข้อมูลไม่พอ" in html  # no pairs, no satisfaction: percent KPIs withheld
    assert "1 คน" in html  # the trainee present one day
    assert "scorecard/chart.png" in html


def test_as_of_picks_the_picture_of_that_day_and_bad_dates_are_refused(client, world, login_as):
    _close(world)
    login_as("bureau_admin")
    url = f"/overview/centres/{world.centre.id}/scorecard"
    before = _html(client.get(url + "?as_of=05/01/2566"))
    assert "ข้อมูล ณ วันที่ 5 มกราคม 2566" in before
    bad = client.get(url + "?as_of=31/02/2566")
    assert bad.status_code == 400
    assert "วันที่ข้อมูลไม่ถูกต้อง" in _html(bad) and 'value="31/02/2566"' in _html(bad)
    future = client.get(url + "?as_of=01/01/2567")
    assert future.status_code == 400 and "ต้องไม่เกินวันนี้" in _html(future)


def test_scorecard_downloads_are_attachments_numeric_and_formula_free(client, world, login_as):
    _close(world)
    login_as("bureau_exec")
    response = client.get(f"/overview/centres/{world.centre.id}/scorecard.xlsx?fy=2566")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == "ข้อมูล ณ วันที่ 15 มีนาคม 2566" for c in cells)
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "ตัวชี้วัด")
    assert list(header[:5]) == ["ตัวชี้วัด", "หน่วย", "เป้าหมาย", "ผล", "ร้อยละ"]
    first = next(r for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("จำนวนสหกรณ์เป้าหมาย"))
    assert isinstance(first[2], (int, float)) and isinstance(first[3], (int, float)) and first[3] == 1
    csv = client.get(f"/overview/centres/{world.centre.id}/scorecard.csv")
    assert csv.data.startswith("\ufeff".encode()) and csv.headers["Cache-Control"] == "no-store"
    assert client.get(f"/overview/centres/{world.centre.id}/scorecard.pdf").status_code == 404


# --- training numbers ---------------------------------------------------------------------


def test_training_report_numbers_page_and_download(client, world, login_as):
    _close(world)
    Attendance.create(trainee=world.trainee, day=dt.date(2023, 1, 10), present=True)
    BudgetLine.create(cohort=world.cohort, category="food", planned=Decimal("45600"), spent=Decimal("45600"))
    login_as("centre_staff")
    html = _html(client.get("/overview/training?fy=2566&course=1"))
    assert "45,600.00 บาท" in html and "หญิง 1 ชาย 0" in html
    response = client.get("/overview/training.csv?fy=2566&course=1")
    assert response.headers["Cache-Control"] == "no-store" and "attachment" in response.headers["Content-Disposition"]
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("รุ่นที่,สหกรณ์,วันที่,เวลา,สถานที่,จำนวนวัน,จำนวนคน,หญิง,ชาย")
    assert lines[-1].startswith("รวม,") and ",45600" in lines[-1]
    login_as("provincial_officer")
    assert client.get("/overview/training").status_code == 403
