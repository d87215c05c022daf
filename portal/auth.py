"""Signing in and out, the current user and scope, and the decorators views use."""
from __future__ import annotations

import functools

from flask import abort, current_app, has_request_context, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from portal import clock
from portal.models import User
from portal.scope import NotInScope, Scope


def hash_password(password: str) -> str:
    """scrypt in production; cheap pbkdf2 under the test configuration only."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(user: User | None, password: str) -> bool:
    if user is None:
        # Spend the same time as for a real account: no user enumeration by timing.
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(user.password_hash, password)


@functools.cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash("not-a-password", method=method)


def _dummy_hash() -> str:
    return _dummy_hash_for(current_app.config["PASSWORD_HASH_METHOD"])


def log_in(user: User) -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["uid"] = user.id
    session["sv"] = user.session_version
    session.permanent = False
    request.environ.pop(_USER, None)
    request.environ.pop(_SCOPE, None)
    User.update(last_login_at=clock.naive_now()).where(User.id == user.id).execute()


def log_out() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


# Cached per request (in the WSGI environ, not `g`: an app context can outlive a request).
_USER, _SCOPE = "portal.user", "portal.scope"


def current_user() -> User | None:
    if not has_request_context():
        return None
    if _USER not in request.environ:
        user = None
        uid = session.get("uid")
        if uid is not None:
            user = User.get_or_none(User.id == uid)
            if user is None or not user.active or user.session_version != session.get("sv"):
                user = None
        request.environ[_USER] = user
    return request.environ[_USER]


def current_scope() -> Scope:
    if _SCOPE not in request.environ:
        user = current_user()
        if user is None:
            abort(401)
        request.environ[_SCOPE] = Scope.for_user(user)
    return request.environ[_SCOPE]


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
        return view(*args, **kwargs)

    wrapped.login_required = True
    return wrapped


def roles_required(*roles: str):
    """Only these roles (after sign-in); others get 403."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
            if user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorate


def in_scope_or_404(getter, *args):
    """Call a Scope getter; anything outside the user's scope is 404."""
    try:
        return getter(*args)
    except NotInScope:
        abort(404)


def init_app(app) -> None:
    @app.context_processor
    def _user():
        return {"current_user": current_user()}
