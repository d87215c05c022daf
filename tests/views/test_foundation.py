"""The shell every page stands on: Thai home, language switch, errors, security headers."""
from __future__ import annotations

import re

import pytest

THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_home_page_is_thai_and_names_the_programme(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="th">' in html
    assert "ระบบประเมินผลการฝึกอบรม" in html
    assert "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ" in html


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> found"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler found"


def test_htmx_is_vendored_and_configured_for_csp(client):
    html = client.get("/").get_data(as_text=True)
    assert "/static/js/htmx-2.0.11.min.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert '"allowEval": false' in html
    assert '"includeIndicatorStyles": false' in html
    with client.get("/static/js/htmx-2.0.11.min.js") as asset:
        assert asset.status_code == 200


def test_language_switch_shows_english_without_thai_interface_text(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Training evaluation portal of the Cooperative Technology Transfer Centres" in html
    assert "65 percent target" in html
    # Only the language button's own name "ไทย" and the names of courses in
    # data may stay Thai; the interface itself is translated.
    text = re.sub(r"<[^>]+>", " ", html)
    leftovers = [w for w in THAI.findall(text)]
    visible = re.sub(r"\s+", " ", text)
    assert visible.count("ไทย") >= 1
    assert len(leftovers) == len("ไทย"), f"untranslated Thai left: {visible}"


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_language_switch_by_htmx_asks_for_a_refresh(client):
    response = client.post("/language", data={"lang": "en"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"


def test_not_found_is_a_thai_page_without_traceback(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "ไม่พบหน้าที่ต้องการ" in html
    assert "Traceback" not in html


def test_server_error_is_a_thai_page_without_traceback(app):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "ระบบขัดข้อง" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_state_change_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_htmx_post_without_csrf_gets_a_thai_message_in_place(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/language", data={"lang": "en"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#messages"
    body = response.get_data(as_text=True)
    assert "แบบฟอร์มหมดอายุ" in body
    assert "<html" not in body  # a fragment, shown in place


def test_htmx_post_with_csrf_header_succeeds(csrf_app):
    client = csrf_app.test_client()
    html = client.get("/").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    response = client.post(
        "/language", data={"lang": "en"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/healthz"])
def test_get_never_changes_the_session(client, path):
    client.get(path)
    with client.session_transaction() as session:
        assert "lang" not in session
