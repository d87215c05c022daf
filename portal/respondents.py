"""Who is answering: the device cookie and the trainee this browser answers as.

Respondents have no accounts. A device is known by a random secret in a
long-lived cookie (HttpOnly, SameSite=Lax, Secure under HTTPS, one year); the
database only ever sees hashes of it. A trainee's name is claimed by one
device (portal.services.respond.claim_name); the session remembers which of
the names this device holds is answering now.

"ไม่ใช่ฉัน" (not me) forgets the trainee in the session only: the claim stays,
so the same person comes back through their link without staff. When the
session has never named a trainee (a new browser session, e.g. LINE closed and
reopened) and the device holds exactly one name, that name answers again.
"""
from __future__ import annotations

import re
import secrets

from flask import flash, request, session
from flask_babel import gettext as _

from portal.models import Trainee
from portal.models.responses import Claim
from portal.services.collection import hash_secret
from portal.services.respond import device_claims

__all__ = ["COOKIE", "device_secret", "ensure_device_secret", "device_hash", "set_device_cookie",
           "current_trainee", "answer_as", "forget_trainee"]

COOKIE = "cttc_device"
COOKIE_MAX_AGE = 365 * 24 * 3600
SESSION_KEY = "respondent"
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")
# Per-request state lives in the WSGI environ, not `g`: an app context can outlive a request (portal.auth).
_NEW = "portal.respond.new_device_secret"
_CURRENT = "portal.respond.trainee"


def device_secret() -> str | None:
    """This device's secret: from the cookie, or the one just given in this request."""
    new = request.environ.get(_NEW)
    if new:
        return new
    value = request.cookies.get(COOKIE, "")
    return value if _SECRET_RE.fullmatch(value) else None


def ensure_device_secret() -> str:
    """The device's secret, creating one (sent with the response) if it has none."""
    secret = device_secret()
    if secret is None:
        secret = request.environ.setdefault(_NEW, secrets.token_urlsafe(32))
    return secret


def device_hash() -> str | None:
    secret = device_secret()
    return hash_secret(secret) if secret else None


def set_device_cookie(response):
    """after_request: give the device its secret when this request created one."""
    new = request.environ.get(_NEW)
    if new:
        response.set_cookie(COOKIE, new, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                            secure=request.is_secure, path="/")
    return response


def _holds(trainee: Trainee, digest: str | None) -> bool:
    if digest is None:
        return False
    claim = Claim.get_or_none(Claim.trainee == trainee)
    return claim is not None and claim.device_hash == digest


def current_trainee() -> Trainee | None:
    """The trainee this browser answers as, if this device still holds the name (and the cohort is live)."""
    if _CURRENT in request.environ:
        return request.environ[_CURRENT]
    digest = device_hash()
    trainee = None
    if SESSION_KEY in session:
        tid = session.get(SESSION_KEY)
        if tid is not None:
            candidate = Trainee.get_or_none(Trainee.id == tid)
            if (candidate is not None and candidate.cohort.status != "archived"
                    and _holds(candidate, digest)):
                trainee = candidate
            else:
                # Released by staff, or the cohort archived: ask again, and say why when it was a release.
                session.pop(SESSION_KEY, None)
                if candidate is not None and candidate.cohort.status != "archived":
                    flash(_("เจ้าหน้าที่ได้ยกเลิกการผูกชื่อของท่านกับเครื่องนี้แล้ว (เช่น เพื่อให้ตอบจากอีกเครื่องหนึ่ง) "
                            "หากต้องการตอบจากเครื่องนี้ ให้สแกนคิวอาร์โค้ดส่วนตัวอีกครั้งหรือแจ้งเจ้าหน้าที่"), "released")
    elif digest is not None:
        held = device_claims(digest)
        if len(held) == 1:
            trainee = held[0]
            session[SESSION_KEY] = trainee.id
    request.environ[_CURRENT] = trainee
    return trainee


def answer_as(trainee: Trainee) -> None:
    session[SESSION_KEY] = trainee.id
    # Outlive the in-app browser being closed (LINE), so a page left open keeps a valid CSRF token;
    # never for a staff member's signed-in session (portal.auth keeps those to the browser session).
    if "uid" not in session:
        session.permanent = True
    request.environ.pop(_CURRENT, None)


def forget_trainee() -> None:
    """"ไม่ใช่ฉัน": this browser session answers as nobody (the claim stays)."""
    session[SESSION_KEY] = None
    request.environ.pop(_CURRENT, None)
