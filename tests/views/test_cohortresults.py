"""A cohort's results page, its downloads and the live panel through HTTP: numbers, polling, scope, files."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from cohortresults_support import forms, open_window, seed_class, store_satisfaction, store_test, trainees
from portal.models.responses import Claim
from portal.models.training import AgendaSession

pytestmark = pytest.mark.db

HTMX = {"HX-Request": "true"}


def _html(response) -> str:
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_results_page_shows_the_hand_computed_class(world, client, login_as):
    test, satisfaction = forms()
    seed_class(world, test)
    login_as("centre_staff")
    response = client.get(f"/results/cohorts/{world.cohort.id}")
    assert response.status_code == 200
    text = _text(_html(response))
    assert "40.00%" in text  # E.I. = 20 ÷ 50
    assert "30.67%" in text  # mean of individual gains over 5 trainees
    assert "6 คู่ที่ทำทั้งก่อนและหลังอบรม" in text
    assert "1 คนทำเฉพาะก่อนอบรม" in text and "1 คนทำเฉพาะหลังอบรม" in text
    assert "มี 1 คนได้คะแนนเต็มตั้งแต่ก่อนอบรม" in text
    assert "คะแนนชนเพดาน" in text
    html = _html(response)
    assert re.search(r"<details[^>]*>\s*<summary>รายละเอียดทางสถิติ</summary>", html)
    assert "9.0 / 1.0" in text and "4 / 2" in text  # Wilcoxon W+ / W−, pairs used / zeros dropped
    # satisfaction: no answers yet
    assert "ข้อมูลไม่พอ" in text


def test_results_withhold_class_figures_under_five_pairs(world, client, login_as):
    test, _ = forms()
    for person, (pre, post) in zip(trainees(world, 4), [(5, 10), (6, 12), (7, 7), (8, 16)]):
        store_test(test, person, "pre", pre)
        store_test(test, person, "post", post)
    login_as("centre_director")
    text = _text(_html(client.get(f"/results/cohorts/{world.cohort.id}")))
    assert "ข้อมูลไม่พอ — ต้องมีผู้ทำแบบทดสอบครบทั้งก่อนและหลังอบรมอย่างน้อย 5 คน" in text
    assert "ดัชนีประสิทธิผล (E.I.) ของรุ่น" not in text
    assert "รายละเอียดทางสถิติ" not in text


def test_satisfaction_tables_per_item_and_session(world, client, login_as):
    _, satisfaction = forms()
    session = AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 10), starts=dt.time(9), ends=dt.time(10, 30),
                                   title_th="บทบาทกรรมการ", speaker_name="นายวิทยากร ทดสอบ", sort_order=1)
    people = trainees(world, 5)
    for person, value in zip(people, [5, 5, 4, 4, 3]):
        store_satisfaction(satisfaction, person, {"overall": value, "food": 5,
                                                  "sessions": {str(session.id): {"session_content": value,
                                                                                 "speaker_delivery": 5}}})
    login_as("bureau_exec")
    text = _text(_html(client.get(f"/results/cohorts/{world.cohort.id}")))
    assert "แบบประเมินที่ได้รับ 5 ฉบับ" in text
    assert "ความพึงพอใจต่อการอบรมโดยรวม 4.20 0.84 มาก 5" in text  # the item "overall": 21 ÷ 5
    assert "อาหารและเครื่องดื่ม 5.00 0.00 มากที่สุด 5" in text
    # the session row: content 4.20 (0.84) มาก, speaker 5.00 (0.00) มากที่สุด, both pooled 4.60, n 5
    assert "บทบาทกรรมการ นายวิทยากร ทดสอบ 4.20 (0.84) มาก 5.00 (0.00) มากที่สุด 4.60 มากที่สุด 5" in text


def test_another_centres_cohort_is_404(world, client, login_as):
    forms()
    login_as("centre_staff")
    other = world.other_cohort.id
    for url in (f"/results/cohorts/{other}", f"/results/cohorts/{other}/live", f"/results/cohorts/{other}/live/panel",
                f"/results/cohorts/{other}/results.xlsx", f"/results/cohorts/{other}/items.csv"):
        assert client.get(url).status_code == 404, url


def test_live_fragment_polls_only_while_a_window_is_open(world, client, login_as, app):
    test, _ = forms()
    app.config["LIVE_POLL_SECONDS"] = 7
    login_as("centre_staff")
    url = f"/results/cohorts/{world.cohort.id}/live/panel"
    stopped = client.get(url, headers=HTMX)
    html = _html(stopped)
    assert stopped.status_code == 286
    assert "hx-trigger" not in html and "hx-get" not in html
    assert "ไม่มีแบบสอบถามที่เปิดอยู่ — หยุดปรับอัตโนมัติ" in html
    open_window(world.cohort, test, "pre")
    store_test(test, world.trainee, "pre", 11)
    polling = client.get(url, headers=HTMX)
    html = _html(polling)
    assert polling.status_code == 200
    assert 'hx-trigger="every 7s"' in html and 'hx-swap="outerHTML"' in html and f'hx-get="{url}"' in html
    assert "<html" not in html  # the fragment alone
    assert re.search(r"ปรับล่าสุด \d\d\.\d\d\.\d\d น\.", html)
    assert "ส่งแล้ว" in html and world.trainee.first_name in html


def test_live_page_without_javascript_shows_the_panel_and_a_refresh_link(world, client, login_as):
    test, _ = forms()
    open_window(world.cohort, test, "pre")
    Claim.create(trainee=world.trainee, device_hash="x" * 64, device_label="LINE · Android")
    login_as("centre_director")
    page = _html(client.get(f"/results/cohorts/{world.cohort.id}/live"))
    assert "<html" in page and 'id="results-live"' in page and "รีเฟรช" in page
    assert "LINE · Android" in page
    assert f'action="/cohorts/{world.cohort.id}/collect/claims/{world.trainee.id}/release"' in page
    # the same URL of the fragment, asked without htmx, gives the whole page too
    assert "<html" in _html(client.get(f"/results/cohorts/{world.cohort.id}/live/panel"))


def test_live_panel_withholds_satisfaction_under_five(world, client, login_as):
    _, satisfaction = forms()
    open_window(world.cohort, satisfaction, "single")
    people = trainees(world, 5)
    login_as("centre_staff")
    url = f"/results/cohorts/{world.cohort.id}/live/panel"
    for person in people[:4]:
        store_satisfaction(satisfaction, person, {"overall": 5})
    html = _html(client.get(url, headers=HTMX))
    assert "ปรับทุก 5 คำตอบ" in html
    overall = re.search(r'id="live-sat-overall".*?</p>', html, re.S).group(0)
    assert "ข้อมูลไม่พอ" in overall and "5.00" not in overall
    store_satisfaction(satisfaction, people[4], {"overall": 4})
    html = _html(client.get(url, headers=HTMX))
    overall = re.search(r'id="live-sat-overall".*?</p>', html, re.S).group(0)
    assert "4.80" in overall and "มากที่สุด" in overall


def test_downloads_are_attachments_without_formulas(world, client, login_as):
    test, satisfaction = forms()
    seed_class(world, test)
    # a speaker typed as a formula must come out as text
    AgendaSession.create(cohort=world.cohort, day=dt.date(2023, 1, 10), starts=dt.time(9), ends=dt.time(10), title_th="=HYPERLINK(\"x\")",
                         speaker_name="@วิทยากร", sort_order=1)
    login_as("provincial_officer")
    xlsx = client.get(f"/results/cohorts/{world.cohort.id}/results.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["Cache-Control"] == "no-store"
    assert xlsx.headers["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["ผลการเรียนรู้", "รายข้อ", "ความพึงพอใจ", "รายหัวข้อ"]
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "ดัชนีประสิทธิผล (E.I.) ของรุ่น (ร้อยละ)" in values
    ws = book["ผลการเรียนรู้"]
    got = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert got["ดัชนีประสิทธิผล (E.I.) ของรุ่น (ร้อยละ)"] == pytest.approx(40.0)
    assert got["จำนวนคู่ (ทำทั้งก่อนและหลังอบรม)"] == 6
    assert "'=HYPERLINK(\"x\")" in values
    for table in ("learning", "items", "satisfaction", "sessions"):
        response = client.get(f"/results/cohorts/{world.cohort.id}/{table}.csv")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(client.get(f"/results/cohorts/{world.cohort.id}/sessions.csv")
                                       .data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["หัวข้อวิชา", "วิทยากร", "รายการ"]
    assert rows[1][0] == "'=HYPERLINK(\"x\")" and rows[1][1] == "'@วิทยากร"


def test_charts_are_pngs_with_alt_text_and_numbers_beside_them(world, client, login_as):
    test, satisfaction = forms()
    seed_class(world, test)
    for person, value in zip(trainees(world, 5, tag="sat"), [5, 5, 4, 4, 3]):
        store_satisfaction(satisfaction, person, {"overall": value})
    login_as("centre_staff")
    html = _html(client.get(f"/results/cohorts/{world.cohort.id}"))
    for kind in ("score_distribution", "satisfaction_items"):
        src = f"/results/cohorts/{world.cohort.id}/charts/{kind}.png"
        img = re.search(rf'<img[^>]*src="{re.escape(src)}"[^>]*>', html)
        assert img, kind
        alt = re.search(r'alt="([^"]*)"', img.group(0)).group(1)
        assert len(alt) > 20
        png = client.get(src)
        assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "จำนวนคนตามคะแนน" in html  # the score distribution's numbers beside its chart


def test_charts_of_another_centre_are_404(world, client, login_as):
    forms()
    login_as("centre_director")
    assert client.get(f"/results/cohorts/{world.other_cohort.id}/charts/score_distribution.png").status_code == 404


def test_pages_render_in_english(world, client, login_as):
    test, satisfaction = forms()
    seed_class(world, test)
    open_window(world.cohort, test, "pre")
    login_as("centre_staff")
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = _text(_html(client.get(f"/results/cohorts/{world.cohort.id}")))
    assert "Not enough data" in page  # no satisfaction answers yet, in the interface language
    live = _html(client.get(f"/results/cohorts/{world.cohort.id}/live"))
    assert 'id="results-live"' in live
