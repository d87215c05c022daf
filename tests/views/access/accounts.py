from flask import url_for

from . import Entry

MANAGERS = frozenset({"bureau_admin", "centre_director"})


def _staff(w, side):
    return w.users["centre_staff"] if side == "own" else w.other_users["centre_staff"]


def _new_staff(w):
    return {"username": "newstaff", "prefix": "นาย", "first_name": "สมชาย", "last_name": "ใจดี",
            "position": "นักวิชาการสหกรณ์", "role": "centre_staff", "centre": str(w.centre.id)}


def _edit_staff(w):
    staff = w.users["centre_staff"]
    return {"prefix": "นาง", "first_name": staff.first_name, "last_name": staff.last_name, "position": "",
            "role": "centre_staff", "centre": str(w.centre.id), "active": "y"}


ENTRIES = [
    Entry("accounts.index", allowed=MANAGERS),
    Entry("accounts.create", allowed=MANAGERS),
    Entry("accounts.create", "POST", allowed=MANAGERS, data=_new_staff),
    Entry("accounts.detail", allowed=MANAGERS, scoped=True,
          url=lambda w, side: url_for("accounts.detail", user_id=_staff(w, side).id)),
    Entry("accounts.detail", "POST", allowed=MANAGERS, scoped=True, data=_edit_staff,
          url=lambda w, side: url_for("accounts.detail", user_id=_staff(w, side).id)),
    Entry("accounts.reset_password", "POST", allowed=MANAGERS, scoped=True,
          url=lambda w, side: url_for("accounts.reset_password", user_id=_staff(w, side).id)),
]
