"""Accounts: creation, role and scope changes, password resets — each change recorded."""
from __future__ import annotations

import secrets
import string

from portal.db import write_transaction
from portal.models import ROLES, AccountEvent, User


class AccountError(ValueError):
    """A refused account change; str() is "Thai / English"."""


def _record(user: User, actor: User | None, kind: str, old="", new="") -> None:
    AccountEvent.create(user=user, actor=actor, kind=kind, old_value=str(old or ""), new_value=str(new or ""))


def validate_scope(role: str, centre_id: int | None, office_id: int | None) -> None:
    if role not in ROLES:
        raise AccountError(f"ไม่รู้จักบทบาท {role} / unknown role {role}")
    level = ROLES[role][2]
    if level == "centre" and not centre_id:
        raise AccountError("บทบาทนี้ต้องระบุศูนย์ฯ / this role needs a centre")
    if level == "office" and not office_id:
        raise AccountError("บทบาทนี้ต้องระบุสำนักงานสหกรณ์จังหวัด / this role needs a provincial office")


def create_user(*, username: str, password_hash: str, first_name: str, last_name: str, role: str,
                prefix: str = "", position: str = "", centre_id=None, office_id=None,
                actor: User | None = None, must_change_password: bool = False) -> User:
    username = username.strip().lower()
    if not username or not all(ch in string.ascii_lowercase + string.digits + "._-" for ch in username):
        raise AccountError("ชื่อผู้ใช้ใช้ได้เฉพาะ a–z 0–9 . _ - / username may use a–z 0–9 . _ - only")
    validate_scope(role, centre_id, office_id)
    level = ROLES[role][2]
    with write_transaction():
        if User.select().where(User.username == username).exists():
            raise AccountError(f"ชื่อผู้ใช้ {username} มีอยู่แล้ว / username {username} is taken")
        user = User.create(
            username=username, password_hash=password_hash, prefix=prefix, first_name=first_name,
            last_name=last_name, position=position, role=role,
            centre=centre_id if level == "centre" else None,
            office=office_id if level == "office" else None,
            must_change_password=must_change_password,
        )
        _record(user, actor, "created", new=role)
    return user


def update_user(user: User, *, actor: User | None, role: str, centre_id=None, office_id=None,
                active: bool | None = None, **names) -> User:
    """Change role/scope/names; every change of role, centre or office is kept as history."""
    validate_scope(role, centre_id, office_id)
    level = ROLES[role][2]
    centre_id = centre_id if level == "centre" else None
    office_id = office_id if level == "office" else None
    with write_transaction():
        if role != user.role:
            _record(user, actor, "role", user.role, role)
        if centre_id != user.centre_id:
            _record(user, actor, "centre", user.centre_id, centre_id)
        if office_id != user.office_id:
            _record(user, actor, "office", user.office_id, office_id)
        if active is not None and active != user.active:
            _record(user, actor, "activated" if active else "deactivated")
            user.active = active
            user.session_version += 1
        user.role, user.centre, user.office = role, centre_id, office_id
        for key in ("prefix", "first_name", "last_name", "position"):
            if key in names and names[key] is not None:
                setattr(user, key, names[key])
        user.save()
    return user


def temporary_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def reset_password(user: User, actor: User, password_hash: str) -> None:
    """A reset by an administrator or director (there is no mail server): old sessions end."""
    with write_transaction():
        user.password_hash = password_hash
        user.session_version += 1
        user.must_change_password = True
        user.save()
        _record(user, actor, "password_reset")


def change_own_password(user: User, password_hash: str) -> None:
    with write_transaction():
        User.update(
            password_hash=password_hash,
            session_version=User.session_version + 1,
            must_change_password=False,
        ).where(User.id == user.id).execute()
        _record(user, user, "password_changed")


def may_manage(actor: User, target_role: str, target_centre_id: int | None) -> bool:
    """The administrator manages every account; a director the staff accounts of their own centre."""
    if actor.role == "bureau_admin":
        return True
    if actor.role == "centre_director":
        return target_role == "centre_staff" and target_centre_id == actor.centre_id
    return False
