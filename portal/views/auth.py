"""Sign in, sign out, change one's own password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.auth import current_user, hash_password, log_in, log_out, login_required, verify_password
from portal.models import User
from portal.services import accounts as account_service
from portal.views.main import _safe_next

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("ชื่อผู้ใช้"), validators=[DataRequired(message=_l("กรุณากรอกชื่อผู้ใช้"))])
    password = PasswordField(_l("รหัสผ่าน"), validators=[DataRequired(message=_l("กรุณากรอกรหัสผ่าน"))])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("รหัสผ่านปัจจุบัน"), validators=[DataRequired(message=_l("กรุณากรอกรหัสผ่านปัจจุบัน"))])
    new = PasswordField(
        _l("รหัสผ่านใหม่"),
        validators=[DataRequired(message=_l("กรุณากรอกรหัสผ่านใหม่")), Length(min=8, message=_l("รหัสผ่านต้องยาวอย่างน้อย 8 ตัวอักษร"))],
    )
    confirm = PasswordField(
        _l("ยืนยันรหัสผ่านใหม่"), validators=[EqualTo("new", message=_l("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"))]
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        user = User.get_or_none((User.username == username) & (User.active == True))  # noqa: E712
        if verify_password(user, form.password.data):
            log_in(user)
            flash(_("เข้าสู่ระบบแล้ว"), "success")
            if user.must_change_password:
                return redirect(url_for("auth.change_password"), code=303)
            return redirect(_safe_next(request.args.get("next")) if request.args.get("next") else url_for("main.home"), code=303)
        flash(_("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    log_out()
    flash(_("ออกจากระบบแล้ว"), "success")
    return redirect(url_for("main.home"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(user, form.current.data):
            form.current.errors.append(_("รหัสผ่านปัจจุบันไม่ถูกต้อง"))
        else:
            account_service.change_own_password(user, hash_password(form.new.data))
            log_in(User.get_by_id(user.id))
            flash(_("เปลี่ยนรหัสผ่านแล้ว"), "success")
            return redirect(url_for("main.home"), code=303)
    return render_template("auth/change_password.html", form=form)
