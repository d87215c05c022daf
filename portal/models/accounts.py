"""People with accounts, their roles and scopes, and the history of changes to them."""
from __future__ import annotations


import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.models.organisation import Centre, Office

# Role codes, their Thai and English labels, and the level of their scope.
ROLES = {
    "bureau_admin": ("ผู้ดูแลระบบ สำนักพัฒนาฯ", "Bureau administrator", "all"),
    "bureau_exec": ("ผู้บริหาร", "Bureau executive", "all"),
    "centre_director": ("ผู้อำนวยการศูนย์ฯ", "Centre director", "centre"),
    "centre_staff": ("เจ้าหน้าที่โครงการ", "Centre project staff", "centre"),
    "provincial_officer": ("เจ้าหน้าที่ สกจ.", "Provincial officer", "office"),
    "provincial_head": ("สหกรณ์จังหวัด", "Provincial cooperative officer", "office"),
}


class User(BaseModel):
    username = pw.CharField(max_length=64, unique=True)
    password_hash = pw.CharField()
    prefix = pw.CharField(max_length=64, default="")
    first_name = pw.CharField()
    last_name = pw.CharField()
    position = pw.CharField(default="")
    role = pw.CharField(max_length=32)
    centre = pw.ForeignKeyField(Centre, null=True, backref="users", on_delete="RESTRICT")
    office = pw.ForeignKeyField(Office, null=True, backref="users", on_delete="RESTRICT")
    active = pw.BooleanField(default=True)
    # Bumped on password change or reset: older sessions end.
    session_version = pw.IntegerField(default=1)
    must_change_password = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=clock.naive_now)
    last_login_at = pw.DateTimeField(null=True)

    @property
    def full_name(self) -> str:
        return f"{self.prefix}{self.first_name} {self.last_name}".strip()

    @property
    def scope_level(self) -> str:
        return ROLES[self.role][2]


class AccountEvent(BaseModel):
    """What changed on an account, by whom, when: a move of centre keeps its history."""

    user = pw.ForeignKeyField(User, backref="events", on_delete="CASCADE")
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    at = pw.DateTimeField(default=clock.naive_now)
    kind = pw.CharField(max_length=32)  # created | role | centre | office | password_reset | password_changed | activated | deactivated
    old_value = pw.CharField(default="")
    new_value = pw.CharField(default="")


MODELS = [User, AccountEvent]
