"""A paper questionnaire printed by Chromium to an A4 PDF, then to PNGs a person can look at."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "print"
USERNAME, PASSWORD = "printadmin", "print-secret-1"


def _flask(args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)


def _ensure_user(live_db) -> None:
    """No CLI creates users yet: write one bureau administrator straight into the live database."""
    from werkzeug.security import generate_password_hash

    from portal.models import User

    with live_db():
        if User.get_or_none(User.username == USERNAME) is None:
            User.create(username=USERNAME, first_name="ทดสอบ", last_name="พิมพ์", role="bureau_admin",
                        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))


def test_a_paper_questionnaire_prints_to_a4_with_thai_text(live_server, live_env, live_db, desktop):
    _flask(["forms", "sync"], live_env)
    _ensure_user(live_db)
    desktop.goto(live_server + "/login")
    desktop.fill("input[name=username]", USERNAME)
    desktop.fill("input[name=password]", PASSWORD)
    desktop.get_by_role("button", name="เข้าสู่ระบบ").last.click()
    desktop.wait_for_url(lambda u: "/login" not in u)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for code in ("c1_knowledge", "c1_satisfaction", "c1_followup"):
        desktop.goto(f"{live_server}/instruments/{code}/paper")
        expect(desktop.locator("h1")).to_contain_text("แบบ")
        expect(desktop.locator("[data-print]")).to_be_visible()
        pdf = ARTIFACTS / f"{code}.pdf"
        desktop.emulate_media(media="print")
        desktop.pdf(path=str(pdf), format="A4", print_background=True)
        desktop.emulate_media(media="screen")
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 1
        assert "(A4)" in info
        for old in ARTIFACTS.glob(f"{code}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / code)], check=True)
        pngs = sorted(ARTIFACTS.glob(f"{code}-*.png"))
        assert len(pngs) == pages and pngs[0].stat().st_size > 0
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "รุ่น/หลักสูตร" in text
        # The print stylesheet hid the site's chrome, the print button and the links.
        assert "ออกจากระบบ" not in text and "ตัวอย่างบนมือถือ" not in text

    # The preview: the questionnaire in a 360 px phone frame, nothing ticked.
    desktop.goto(f"{live_server}/instruments/c1_satisfaction/preview")
    frame = desktop.locator(".phone-frame")
    assert frame.bounding_box()["width"] == 360
    assert desktop.locator("input:checked").count() == 0
    frame.screenshot(path=str(ARTIFACTS / "c1_satisfaction-preview.png"))
    scale = desktop.locator(".q-scale5").first
    scale.scroll_into_view_if_needed()
    scale.screenshot(path=str(ARTIFACTS / "c1_satisfaction-preview-scale.png"))
