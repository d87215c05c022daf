"""The shell in a real browser: Thai home page, and an htmx POST (CSRF header included) on a phone."""
from __future__ import annotations

import re

import pytest

from playwright.sync_api import expect


def test_home_page_reads_in_thai_on_a_small_phone(live_server, phone):
    phone.goto(live_server + "/")
    expect(phone.locator("h1")).to_contain_text("ระบบประเมินผลการฝึกอบรม")
    # Nothing wider than the phone: no sideways scrolling.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    # The 130% system font reached the page.
    size = phone.evaluate("getComputedStyle(document.body).fontSize")
    assert float(size.rstrip("px")) >= 20


@pytest.mark.smoke
def test_language_switch_is_an_htmx_post_that_succeeds_at_360(live_server, phone):
    phone.goto(live_server + "/")
    requests = []
    phone.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    with phone.expect_response(lambda r: r.url.endswith("/language") and r.request.method == "POST") as info:
        phone.get_by_role("button", name="English").click()
    response = info.value
    assert response.status == 200
    headers = requests[0].headers
    assert headers.get("hx-request") == "true"
    assert headers.get("x-csrftoken"), "the CSRF token travels in the htmx header"
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("h1")).to_contain_text(re.compile("Training evaluation", re.I))
    # And back to Thai.
    phone.get_by_role("button", name="ไทย").click()
    expect(phone.locator("html")).to_have_attribute("lang", "th")


def test_htmx_runs_without_csp_violations_on_desktop(live_server, desktop):
    messages = []
    desktop.on("console", lambda m: messages.append(m.text))
    desktop.goto(live_server + "/")
    assert desktop.evaluate("typeof htmx") == "object"
    assert desktop.evaluate("htmx.config.allowEval") is False
    assert not [m for m in messages if "Content Security Policy" in m], messages
