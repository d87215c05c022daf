"""Signing in and out, sessions that end on password change, and the role decorators."""
from __future__ import annotations

import pytest

from support import PASSWORD, login
from portal.models import AccountEvent, User


def test_login_with_the_right_password_signs_in_and_shows_the_name(client, world):
    login(client, world.users["centre_director"])
    html = client.get("/").get_data(as_text=True)
    assert "ออกจากระบบ" in html


def test_login_with_a_wrong_password_is_refused_in_thai(client, world):
    response = client.post("/login", data={"username": "centredirector", "password": "nope"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_unknown_user_gets_the_same_message(client, world):
    response = client.post("/login", data={"username": "nobody", "password": "nope"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, world):
    User.update(active=False).where(User.id == world.users["centre_staff"].id).execute()
    response = client.post("/login", data={"username": "centrestaff", "password": PASSWORD})
    assert response.status_code == 200


def test_logout_ends_the_session(client, world):
    login(client, world.users["centre_staff"])
    assert client.post("/logout").status_code == 303
    assert client.get("/account/password").status_code == 302


def test_changing_the_password_ends_other_sessions_and_is_recorded(app, world):
    first, second = app.test_client(), app.test_client()
    user = world.users["centre_staff"]
    login(first, user)
    login(second, user)
    response = first.post(
        "/account/password", data={"current": PASSWORD, "new": "new-password-9", "confirm": "new-password-9"}
    )
    assert response.status_code == 303
    assert first.get("/account/password").status_code == 200  # this session was renewed
    assert second.get("/account/password").status_code == 302  # the other one ended
    assert AccountEvent.select().where(AccountEvent.user == user, AccountEvent.kind == "password_changed").exists()


def test_password_change_refuses_a_wrong_current_password(client, world):
    login(client, world.users["centre_staff"])
    response = client.post("/account/password", data={"current": "wrong", "new": "new-password-9", "confirm": "new-password-9"})
    assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in response.get_data(as_text=True)


@pytest.mark.parametrize("next_url, expected", [("/account/password", "/account/password"), ("https://evil.example/", "/")])
def test_login_follows_only_local_next_links(client, world, next_url, expected):
    response = client.post(f"/login?next={next_url}", data={"username": "centrestaff", "password": PASSWORD})
    assert response.headers["Location"] == expected
