"""Account management: the administrator manages every account, a centre director
the project-staff accounts of their own centre (services.accounts.may_manage).

Temporary passwords are shown once, in the answer to the POST that made them,
and never stored anywhere readable (a cookie session would be readable).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.auth import current_user, hash_password, roles_required
from portal.domain.thaitext import KNOWN_PREFIXES, normalize_text, sorted_thai, thai_sort_key
from portal.htmx import render_page_or_fragment
from portal.i18n import N_, current_language
from portal.models import ROLES, AccountEvent, Centre, Office, Province, User
from portal.services import accounts as account_service
from portal.services.accounts import AccountError

bp = Blueprint("accounts", __name__, url_prefix="/accounts")

MANAGERS = ("bureau_admin", "centre_director")

# Refusals are bilingual, like AccountError: the same words whatever the language.
NOT_STAFF = "ผู้อำนวยการศูนย์ฯ สร้างหรือแก้ไขได้เฉพาะบัญชีเจ้าหน้าที่โครงการ / a centre director may only create or edit project staff accounts"
NOT_OWN_CENTRE = "ผู้อำนวยการศูนย์ฯ จัดการได้เฉพาะบัญชีของศูนย์ฯ ตนเอง / a centre director manages the accounts of their own centre only"
NOT_SELF = "ไม่สามารถปิดใช้งานหรือเปลี่ยนบทบาทของบัญชีตนเองได้ / you cannot deactivate or demote your own account"
NO_SELF_RESET = "ใช้เมนูเปลี่ยนรหัสผ่านสำหรับบัญชีของตนเอง / use “change password” for your own account"

EVENT_KINDS = {
    "created": N_("สร้างบัญชี"),
    "role": N_("เปลี่ยนบทบาท"),
    "centre": N_("ย้ายศูนย์ฯ"),
    "office": N_("ย้ายสำนักงาน"),
    "password_reset": N_("ตั้งรหัสผ่านชั่วคราวใหม่"),
    "password_changed": N_("เปลี่ยนรหัสผ่านเอง"),
    "activated": N_("เปิดใช้งาน"),
    "deactivated": N_("ปิดใช้งาน"),
}


# -- forms -------------------------------------------------------------------------
# Choices are checked in the view (validate_choice=False): a refused role or centre
# gets a bilingual message instead of WTForms' English "Not a valid choice".

class AccountForm(FlaskForm):
    prefix = SelectField(_l("คำนำหน้า"), validate_choice=False)
    first_name = StringField(_l("ชื่อ"), validators=[DataRequired(message=_l("กรุณากรอกชื่อ")), Length(max=100)])
    last_name = StringField(_l("นามสกุล"), validators=[DataRequired(message=_l("กรุณากรอกนามสกุล")), Length(max=100)])
    position = StringField(_l("ตำแหน่ง"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("บทบาท"), validate_choice=False)
    centre = SelectField(_l("ศูนย์ฯ (บทบาทระดับศูนย์ฯ)"), validate_choice=False)
    office = SelectField(_l("สำนักงานสหกรณ์จังหวัด (บทบาทระดับจังหวัด)"), validate_choice=False)


class CreateAccountForm(AccountForm):
    username = StringField(
        _l("ชื่อผู้ใช้"), validators=[DataRequired(message=_l("กรุณากรอกชื่อผู้ใช้")), Length(max=64)]
    )


class EditAccountForm(AccountForm):
    active = BooleanField(_l("เปิดใช้งานบัญชี"))


class ResetForm(FlaskForm):
    """No fields: gives the POST-only button its CSRF check."""


# -- labels in the current language ---------------------------------------------------

class Labels:
    """Role, centre and office names for templates, in the interface language."""

    def __init__(self):
        self.en = current_language() == "en"
        self.centres = {c.id: c for c in Centre.select().order_by(Centre.number)}
        self.offices = {o.id: o for o in Office.select()}

    def role(self, code) -> str:
        if code not in ROLES:
            return str(code or "")
        return ROLES[code][1] if self.en else ROLES[code][0]

    def centre(self, centre_id) -> str:
        centre = self.centres.get(_int(centre_id))
        if centre is None:
            return ""
        return centre.name_en if self.en else centre.name_th

    def office(self, office_id) -> str:
        office = self.offices.get(_int(office_id))
        if office is None:
            return ""
        return office.name_en if self.en else office.name_th

    def scope(self, user: User) -> str:
        level = ROLES.get(user.role, ("", "", ""))[2]
        if level == "centre":
            return self.centre(user.centre_id)
        if level == "office":
            return self.office(user.office_id)
        return _("ทั้งประเทศ")

    def event(self, event: AccountEvent) -> dict:
        describe = {"role": self.role, "centre": self.centre, "office": self.office}.get(event.kind)
        old, new = event.old_value, event.new_value
        if describe:
            old, new = describe(old) or old, describe(new) or new
        elif event.kind == "created":
            new = self.role(new)
        return {
            "at": event.at,
            "kind": _(EVENT_KINDS[event.kind]) if event.kind in EVENT_KINDS else event.kind,
            "old": old,
            "new": new,
            "actor": event.actor.full_name if event.actor_id and event.actor else _("ระบบ"),
        }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- whom the current user manages ----------------------------------------------------

def _manageable(actor: User):
    """The accounts `actor` manages: all for the administrator, own-centre staff for a director."""
    query = User.select()
    if actor.role == "bureau_admin":
        return query
    if actor.role == "centre_director":
        return query.where((User.role == "centre_staff") & (User.centre == (actor.centre_id or 0)))
    return query.where(User.id == 0)


def _account_or_404(actor: User, user_id: int) -> User:
    user = _manageable(actor).where(User.id == user_id).first()
    if user is None:
        abort(404)
    return user


def _fill_choices(form: AccountForm, actor: User, labels: Labels, current_prefix: str = "") -> None:
    prefixes = list(KNOWN_PREFIXES)
    if current_prefix and current_prefix not in prefixes:
        prefixes.insert(0, current_prefix)
    form.prefix.choices = [("", _("— ไม่ระบุ —"))] + [(p, p) for p in prefixes]
    if actor.role == "bureau_admin":
        form.role.choices = [(code, labels.role(code)) for code in ROLES]
        form.centre.choices = [("", _("— ไม่ระบุ —"))] + [
            (str(c.id), labels.centre(c.id)) for c in labels.centres.values()
        ]
        offices = sorted_thai(labels.offices.values(), key=lambda o: o.name_th)
        form.office.choices = [("", _("— ไม่ระบุ —"))] + [(str(o.id), labels.office(o.id)) for o in offices]
    else:
        # A director: project staff of their own centre, nothing else to choose.
        form.role.choices = [("centre_staff", labels.role("centre_staff"))]
        form.centre.choices = [(str(actor.centre_id), labels.centre(actor.centre_id))]
        form.office.choices = [("", _("— ไม่ระบุ —"))]


def _checked_choice(form: AccountForm, actor: User, target: User | None) -> tuple | None:
    """(role, centre_id, office_id, prefix) if the actor may save them; else errors go on the form."""
    errors = form.form_errors
    prefix = (form.prefix.data or "").strip()
    if prefix and prefix not in KNOWN_PREFIXES and not (target is not None and prefix == target.prefix):
        form.prefix.errors = list(form.prefix.errors) + [_("กรุณาเลือกคำนำหน้าจากรายการ")]
        return None
    role = form.role.data or ""
    centre_id = _int(form.centre.data)
    office_id = _int(form.office.data)
    if actor.role == "centre_director" and centre_id is None:
        centre_id = actor.centre_id  # the director's centre is fixed
    if form.centre.data and (centre_id is None or not Centre.select().where(Centre.id == centre_id).exists()):
        form.centre.errors = list(form.centre.errors) + [_("ไม่พบศูนย์ฯ ที่เลือก")]
        return None
    if form.office.data and (office_id is None or not Office.select().where(Office.id == office_id).exists()):
        form.office.errors = list(form.office.errors) + [_("ไม่พบสำนักงานที่เลือก")]
        return None
    try:
        account_service.validate_scope(role, centre_id, office_id)
    except AccountError as exc:
        errors.append(str(exc))
        return None
    level = ROLES[role][2]
    scope_centre = centre_id if level == "centre" else None
    if not account_service.may_manage(actor, role, scope_centre):
        errors.append(NOT_STAFF if role != "centre_staff" else NOT_OWN_CENTRE)
        return None
    if target is not None and target.id == actor.id and role != actor.role:
        errors.append(NOT_SELF)
        return None
    return role, centre_id, office_id, prefix


def _no_store(html: str):
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- views -------------------------------------------------------------------------

@bp.get("/")
@roles_required(*MANAGERS)
def index():
    actor = current_user()
    labels = Labels()
    q = normalize_text(request.args.get("q", ""))[:100]
    role = request.args.get("role", "")
    centre_id = _int(request.args.get("centre"))
    query = _manageable(actor)
    if q:
        query = query.where(
            User.first_name.contains(q) | User.last_name.contains(q) | User.username.contains(q.lower())
        )
    is_admin = actor.role == "bureau_admin"
    if is_admin and role in ROLES:
        query = query.where(User.role == role)
    else:
        role = ""
    if is_admin and centre_id in labels.centres:
        offices = (
            Office.select(Office.id).join(Province).where(Province.centre == centre_id)
        )
        query = query.where((User.centre == centre_id) | User.office.in_(offices))
    else:
        centre_id = None
    users = sorted(query, key=lambda u: (thai_sort_key(u.first_name), thai_sort_key(u.last_name), u.username))
    return render_page_or_fragment(
        "accounts/index.html",
        "accounts/_rows.html",
        users=users,
        labels=labels,
        q=q,
        role=role,
        centre_id=centre_id,
        is_admin=is_admin,
        roles=list(ROLES),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def create():
    actor = current_user()
    labels = Labels()
    form = CreateAccountForm()
    _fill_choices(form, actor, labels)
    if request.method == "GET":
        form.role.data = "centre_staff"
        form.centre.data = str(actor.centre_id or "")
    if form.validate_on_submit():
        checked = _checked_choice(form, actor, None)
        if checked:
            role, centre_id, office_id, prefix = checked
            password = account_service.temporary_password()
            try:
                user = account_service.create_user(
                    username=form.username.data,
                    password_hash=hash_password(password),
                    prefix=prefix,
                    first_name=normalize_text(form.first_name.data),
                    last_name=normalize_text(form.last_name.data),
                    position=normalize_text(form.position.data),
                    role=role,
                    centre_id=centre_id,
                    office_id=office_id,
                    actor=actor,
                    must_change_password=True,
                )
            except AccountError as exc:
                form.form_errors.append(str(exc))
            else:
                return _no_store(
                    render_template(
                        "accounts/temporary_password.html", user=user, password=password, created=True, labels=labels
                    )
                )
    return render_template("accounts/create.html", form=form, labels=labels, is_admin=actor.role == "bureau_admin")


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def detail(user_id: int):
    actor = current_user()
    user = _account_or_404(actor, user_id)
    labels = Labels()
    form = EditAccountForm(obj=None if request.method == "POST" else user)
    _fill_choices(form, actor, labels, current_prefix=user.prefix)
    if request.method == "GET":
        form.role.data = user.role
        form.centre.data = str(user.centre_id or "")
        form.office.data = str(user.office_id or "")
    if form.validate_on_submit():
        checked = _checked_choice(form, actor, user)
        if checked and user.id == actor.id and not form.active.data:
            form.form_errors.append(NOT_SELF)
            checked = None
        if checked:
            role, centre_id, office_id, prefix = checked
            try:
                account_service.update_user(
                    user,
                    actor=actor,
                    role=role,
                    centre_id=centre_id,
                    office_id=office_id,
                    active=bool(form.active.data),
                    prefix=prefix,
                    first_name=normalize_text(form.first_name.data),
                    last_name=normalize_text(form.last_name.data),
                    position=normalize_text(form.position.data),
                )
            except AccountError as exc:
                form.form_errors.append(str(exc))
            else:
                flash(_("บันทึกการแก้ไขบัญชีแล้ว"), "success")
                return redirect(url_for("accounts.detail", user_id=user.id), code=303)
    events = (
        AccountEvent.select()
        .where(AccountEvent.user == user)
        .order_by(AccountEvent.at.desc(), AccountEvent.id.desc())
    )
    return render_template(
        "accounts/detail.html",
        user=user,
        form=form,
        labels=labels,
        events=[labels.event(e) for e in events],
        is_admin=actor.role == "bureau_admin",
        is_self=user.id == actor.id,
    )


@bp.post("/<int:user_id>/password")
@roles_required(*MANAGERS)
def reset_password(user_id: int):
    actor = current_user()
    user = _account_or_404(actor, user_id)
    form = ResetForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == actor.id:
        flash(NO_SELF_RESET, "error")
        return redirect(url_for("auth.change_password"), code=303)
    password = account_service.temporary_password()
    # Bumps session_version: every session of the user ends now.
    account_service.reset_password(user, actor, hash_password(password))
    return _no_store(
        render_template("accounts/temporary_password.html", user=user, password=password, created=False, labels=Labels())
    )
