"""Account management: who may create and change which accounts, temporary passwords, history."""
from __future__ import annotations

import re

import pytest

from support import PASSWORD, login
from portal.domain import thaidates
from portal.models import ROLES, AccountEvent, User
from portal.services import accounts as account_service

NOT_STAFF = "ผู้อำนวยการศูนย์ฯ สร้างหรือแก้ไขได้เฉพาะบัญชีเจ้าหน้าที่โครงการ"
NOT_OWN_CENTRE = "ผู้อำนวยการศูนย์ฯ จัดการได้เฉพาะบัญชีของศูนย์ฯ ตนเอง"
NOT_SELF = "ไม่สามารถปิดใช้งานหรือเปลี่ยนบทบาทของบัญชีตนเองได้"


def _new(world, username, role, centre=None, office=None, **extra):
    data = {"username": username, "prefix": "นาง", "first_name": "สมหญิง", "last_name": "ทดลอง",
            "position": "นักวิชาการสหกรณ์ชำนาญการ", "role": role,
            "centre": str(centre if centre is not None else world.centre.id),
            "office": str(office if office is not None else world.office.id)}
    data.update(extra)
    return data


def _edit(user, **changes):
    data = {"prefix": user.prefix, "first_name": user.first_name, "last_name": user.last_name,
            "position": user.position, "role": user.role, "centre": str(user.centre_id or ""),
            "office": str(user.office_id or ""), "active": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _temporary_password(html: str) -> str:
    match = re.search(r'<code class="temporary-password">([^<]+)</code>', html)
    assert match, html[:2000]
    return match.group(1)


# -- creating ---------------------------------------------------------------------

@pytest.mark.parametrize("role", list(ROLES))
def test_admin_creates_an_account_of_every_role_with_the_scope_of_its_level(client, world, role):
    admin = world.users["bureau_admin"]
    login(client, admin)
    response = client.post("/accounts/new", data=_new(world, f"new.{role}", role))
    assert response.status_code == 200
    assert "temporary-password" in response.get_data(as_text=True)
    user = User.get(User.username == f"new.{role}")
    level = ROLES[role][2]
    assert user.role == role
    assert user.centre_id == (world.centre.id if level == "centre" else None)
    assert user.office_id == (world.office.id if level == "office" else None)
    assert user.must_change_password
    assert (user.prefix, user.first_name, user.last_name) == ("นาง", "สมหญิง", "ทดลอง")
    created = AccountEvent.get(AccountEvent.user == user, AccountEvent.kind == "created")
    assert created.actor_id == admin.id


@pytest.mark.parametrize("role, message", [
    ("centre_director", "บทบาทนี้ต้องระบุศูนย์ฯ"),
    ("centre_staff", "บทบาทนี้ต้องระบุศูนย์ฯ"),
    ("provincial_officer", "บทบาทนี้ต้องระบุสำนักงานสหกรณ์จังหวัด"),
    ("provincial_head", "บทบาทนี้ต้องระบุสำนักงานสหกรณ์จังหวัด"),
])
def test_a_role_without_its_scope_is_refused_in_thai(client, world, role, message):
    login(client, world.users["bureau_admin"])
    response = client.post("/accounts/new", data=_new(world, "noscope", role, centre="", office=""))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert not User.select().where(User.username == "noscope").exists()


def test_a_taken_username_and_a_foreign_prefix_are_refused(client, world):
    login(client, world.users["bureau_admin"])
    html = client.post("/accounts/new", data=_new(world, "centrestaff", "centre_staff")).get_data(as_text=True)
    assert "มีอยู่แล้ว" in html
    html = client.post("/accounts/new", data=_new(world, "x1", "centre_staff", prefix="Mr")).get_data(as_text=True)
    assert "กรุณาเลือกคำนำหน้าจากรายการ" in html
    assert not User.select().where(User.username == "x1").exists()


def test_director_creates_project_staff_for_their_own_centre(client, world):
    director = world.users["centre_director"]
    login(client, director)
    form = client.get("/accounts/new").get_data(as_text=True)
    assert 'value="centre_director"' not in form and 'value="provincial_officer"' not in form
    # The centre is fixed to the director's: left out, it is still theirs.
    response = client.post("/accounts/new", data=_new(world, "staff.new", "centre_staff", centre="", office=""))
    assert response.status_code == 200
    user = User.get(User.username == "staff.new")
    assert (user.role, user.centre_id, user.must_change_password) == ("centre_staff", world.centre.id, True)


@pytest.mark.parametrize("role", ["centre_director", "provincial_officer", "provincial_head", "bureau_admin", "bureau_exec"])
def test_director_cannot_create_any_other_role(client, world, role):
    login(client, world.users["centre_director"])
    response = client.post("/accounts/new", data=_new(world, "climber", role))
    assert NOT_STAFF in response.get_data(as_text=True)
    assert not User.select().where(User.username == "climber").exists()


def test_director_cannot_create_staff_for_another_centre(client, world):
    login(client, world.users["centre_director"])
    response = client.post("/accounts/new", data=_new(world, "elsewhere", "centre_staff", centre=world.other_centre.id))
    assert NOT_OWN_CENTRE in response.get_data(as_text=True)
    assert not User.select().where(User.username == "elsewhere").exists()


# -- the director's reach ------------------------------------------------------------

def test_director_gets_404_for_another_centres_staff(client, world):
    login(client, world.users["centre_director"])
    other = world.other_users["centre_staff"]
    assert client.get(f"/accounts/{other.id}").status_code == 404
    assert client.post(f"/accounts/{other.id}", data=_edit(other, first_name="แก้")).status_code == 404
    assert client.post(f"/accounts/{other.id}/password").status_code == 404
    assert User.get_by_id(other.id).first_name == "other"


@pytest.mark.parametrize("role", ["provincial_officer", "bureau_exec", "centre_director"])
def test_director_gets_404_for_accounts_of_other_roles_even_in_their_centre(client, world, role):
    login(client, world.users["centre_director"])
    target = world.users[role]
    assert client.get(f"/accounts/{target.id}").status_code == 404
    assert client.post(f"/accounts/{target.id}", data=_edit(target, active=None)).status_code == 404
    assert client.post(f"/accounts/{target.id}/password").status_code == 404
    assert User.get_by_id(target.id).active


def test_director_cannot_promote_staff_or_move_them_to_another_centre(client, world):
    login(client, world.users["centre_director"])
    staff = world.users["centre_staff"]
    html = client.post(f"/accounts/{staff.id}", data=_edit(staff, role="centre_director")).get_data(as_text=True)
    assert NOT_STAFF in html
    html = client.post(f"/accounts/{staff.id}", data=_edit(staff, centre=str(world.other_centre.id))).get_data(as_text=True)
    assert NOT_OWN_CENTRE in html
    fresh = User.get_by_id(staff.id)
    assert (fresh.role, fresh.centre_id) == ("centre_staff", world.centre.id)
    assert not AccountEvent.select().where(AccountEvent.user == staff, AccountEvent.kind != "created").exists()


def test_director_edits_names_and_deactivates_own_staff(client, world):
    login(client, world.users["centre_director"])
    staff = world.users["centre_staff"]
    response = client.post(f"/accounts/{staff.id}", data=_edit(staff, first_name="สมศรี", active=None))
    assert response.status_code == 303
    fresh = User.get_by_id(staff.id)
    assert (fresh.first_name, fresh.active) == ("สมศรี", False)
    assert AccountEvent.get(AccountEvent.user == staff, AccountEvent.kind == "deactivated").actor_id == world.users["centre_director"].id


def test_director_lists_only_their_centres_staff(client, world):
    login(client, world.users["centre_director"])
    html = client.get("/accounts/").get_data(as_text=True)
    assert world.users["centre_staff"].username in html
    assert world.other_users["centre_staff"].username not in html
    assert world.users["provincial_officer"].username not in html
    # A director cannot widen the list with the admin's filters.
    html = client.get(f"/accounts/?centre={world.other_centre.id}&role=centre_director").get_data(as_text=True)
    assert world.users["centre_staff"].username in html
    assert world.other_users["centre_director"].username not in html


# -- the list ------------------------------------------------------------------------

def test_admin_list_searches_filters_and_sorts_in_thai_order(client, world):
    hashed = world.users["centre_staff"].password_hash
    for username, first in (("u.e", "เอกชัย"), ("u.k", "กมล"), ("u.kh", "ขวัญ")):
        account_service.create_user(username=username, password_hash=hashed, first_name=first, last_name="ลำดับ",
                                    role="centre_staff", centre_id=world.centre.id)
    login(client, world.users["bureau_admin"])
    html = client.get("/accounts/?q=ลำดับ").get_data(as_text=True)
    # Thai dictionary order skips the leading vowel: กมล, ขวัญ, เอกชัย.
    assert html.index("กมล") < html.index("ขวัญ") < html.index("เอกชัย")
    assert "centrestaff" not in html
    html = client.get("/accounts/?q=otherprovincial").get_data(as_text=True)
    assert "otherprovincialofficer" in html and "centrestaff" not in html
    html = client.get(f"/accounts/?role=centre_director&centre={world.other_centre.id}").get_data(as_text=True)
    assert "othercentredirector" in html and ">centredirector<" not in html
    # The centre filter also finds provincial accounts of the centre's provinces.
    html = client.get(f"/accounts/?centre={world.other_centre.id}").get_data(as_text=True)
    assert "otherprovincialofficer" in html and ">provincialofficer<" not in html


def test_list_search_by_htmx_returns_only_the_rows(client, world):
    login(client, world.users["bureau_admin"])
    response = client.get("/accounts/?q=centre", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<table" in html
    assert "centrestaff" in html
    full = client.get("/accounts/?q=centre").get_data(as_text=True)
    assert "<html" in full and 'hx-get="/accounts/"' in full


# -- temporary passwords ---------------------------------------------------------------

def test_temporary_password_is_shown_once_and_must_be_changed_at_first_login(app, client, world):
    login(client, world.users["bureau_admin"])
    response = client.post("/accounts/new", data=_new(world, "first.login", "provincial_officer"))
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    password = _temporary_password(html)
    assert "ด้วยตนเอง" in html
    user = User.get(User.username == "first.login")
    assert password not in client.get(f"/accounts/{user.id}").get_data(as_text=True)
    assert password not in client.get("/accounts/").get_data(as_text=True)
    newcomer = app.test_client()
    response = newcomer.post("/login", data={"username": "first.login", "password": password})
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/password"
    response = newcomer.post("/account/password", data={"current": password, "new": "my-own-pass-1", "confirm": "my-own-pass-1"})
    assert response.status_code == 303
    assert not User.get_by_id(user.id).must_change_password


def test_reset_gives_a_new_temporary_password_and_ends_the_users_sessions(app, client, world):
    staff = world.users["centre_staff"]
    staff_client = login(app.test_client(), staff)
    assert staff_client.get("/account/password").status_code == 200
    login(client, world.users["centre_director"])
    response = client.post(f"/accounts/{staff.id}/password")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = _temporary_password(response.get_data(as_text=True))
    # The staff member's open session has ended.
    assert staff_client.get("/account/password").status_code == 302
    assert AccountEvent.get(AccountEvent.user == staff, AccountEvent.kind == "password_reset").actor_id == world.users["centre_director"].id
    # The old password no longer works; the new one leads to the change-password page.
    assert app.test_client().post("/login", data={"username": staff.username, "password": PASSWORD}).status_code == 200
    response = app.test_client().post("/login", data={"username": staff.username, "password": password})
    assert response.headers["Location"] == "/account/password"


def test_reset_password_is_post_only(client, world):
    login(client, world.users["bureau_admin"])
    assert client.get(f"/accounts/{world.users['centre_staff'].id}/password").status_code == 405


# -- history and oneself ----------------------------------------------------------------

def test_moving_an_account_to_another_centre_keeps_its_history_and_records(app, client, world):
    staff = world.users["centre_staff"]
    # An earlier record by the person: they changed their own password.
    own = login(app.test_client(), staff)
    own.post("/account/password", data={"current": PASSWORD, "new": "staff-pass-22", "confirm": "staff-pass-22"})
    admin = world.users["bureau_admin"]
    login(client, admin)
    response = client.post(f"/accounts/{staff.id}", data=_edit(staff, centre=str(world.other_centre.id)))
    assert response.status_code == 303
    moved = User.get_by_id(staff.id)
    assert moved.centre_id == world.other_centre.id and moved.username == staff.username
    kinds = [e.kind for e in AccountEvent.select().where(AccountEvent.user == staff).order_by(AccountEvent.id)]
    assert kinds == ["created", "password_changed", "centre"]
    move = AccountEvent.get(AccountEvent.user == staff, AccountEvent.kind == "centre")
    assert (move.old_value, move.new_value, move.actor_id) == (str(world.centre.id), str(world.other_centre.id), admin.id)
    html = client.get(f"/accounts/{staff.id}").get_data(as_text=True)
    assert "ย้ายศูนย์ฯ" in html and "เปลี่ยนรหัสผ่านเอง" in html and "สร้างบัญชี" in html
    assert world.other_centre.name_th in html and world.centre.name_th in html
    assert thaidates.format_datetime(move.at) in html  # Buddhist-Era date and time
    # The old director no longer reaches the account; the new one does.
    old_director = login(app.test_client(), world.users["centre_director"])
    assert old_director.get(f"/accounts/{staff.id}").status_code == 404
    new_director = login(app.test_client(), world.other_users["centre_director"])
    assert new_director.get(f"/accounts/{staff.id}").status_code == 200
    assert "ย้ายศูนย์ฯ" in new_director.get(f"/accounts/{staff.id}").get_data(as_text=True)


def test_nobody_can_deactivate_or_demote_their_own_account(client, world):
    admin = world.users["bureau_admin"]
    login(client, admin)
    html = client.post(f"/accounts/{admin.id}", data=_edit(admin, active=None)).get_data(as_text=True)
    assert NOT_SELF in html
    html = client.post(f"/accounts/{admin.id}", data=_edit(admin, role="bureau_exec")).get_data(as_text=True)
    assert NOT_SELF in html
    fresh = User.get_by_id(admin.id)
    assert fresh.active and fresh.role == "bureau_admin"
    # Names may still be corrected.
    assert client.post(f"/accounts/{admin.id}", data=_edit(admin, first_name="ผู้ดูแล")).status_code == 303
    assert User.get_by_id(admin.id).first_name == "ผู้ดูแล"


def test_admin_cannot_reset_their_own_password_here(client, world):
    admin = world.users["bureau_admin"]
    login(client, admin)
    response = client.post(f"/accounts/{admin.id}/password")
    assert response.status_code == 303 and response.headers["Location"] == "/account/password"
    assert not AccountEvent.select().where(AccountEvent.user == admin, AccountEvent.kind == "password_reset").exists()


@pytest.mark.parametrize("role", ["bureau_exec", "centre_staff", "provincial_officer", "provincial_head"])
def test_other_roles_are_refused(client, world, role):
    login(client, world.users[role])
    assert client.get("/accounts/").status_code == 403
    assert client.post("/accounts/new", data=_new(world, "sneaky", "centre_staff")).status_code == 403
    assert not User.select().where(User.username == "sneaky").exists()
