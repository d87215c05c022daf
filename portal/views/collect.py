"""Staff's side of collecting: questionnaire windows per cohort, claimed names and their release, QR slips and the projector QR, keyed-in paper answers, cooperatives' member-survey and follow-up links.

Who may do what:

* A cohort's collect page: centre staff and the director of the cohort's centre
  and the bureau administrator run it (open and close windows, release names,
  key in paper answers, print QR slips, show the projector QR); the bureau
  executive reads it. Another centre's cohort or trainee is 404.
* Cooperative links: centre staff, the centre director and the bureau
  administrator create them for the year's target cooperatives they see;
  provincial officers and heads of the cooperative's office (and the bureau)
  see and print them. Another scope's cooperative or link is 404.

Rules live in portal.services.windows, .keyin and .links (no Flask); this
module parses, calls them and renders. Links to the respondents' pages are
built from the configured public address (``BASE_URL``), never ``url_for``.
"""
from __future__ import annotations

from urllib.parse import quote

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, roles_required
from portal.domain.cohorts import STATUS_LABELS
from portal.domain.thaidates import fiscal_year, format_datetime
from portal.htmx import is_htmx, render_page_or_fragment, stop_polling
from portal.i18n import current_language
from portal.models import InstrumentVersion, ProgrammeYear, Trainee
from portal.services import keyin as keyin_svc
from portal.services import links as links_svc
from portal.services import windows as svc
from portal.services.assignments import PHASE_LABELS, collection_context
from portal.services.collection import new_uuid, valid_uuid
from portal.services.instruments import version_definition
from portal.instruments import expand

bp = Blueprint("collect", __name__, url_prefix="/cohorts")

EDITORS = ("centre_staff", "centre_director", "bureau_admin")
READERS = (*EDITORS, "bureau_exec")
LINK_READERS = (*READERS, "provincial_officer", "provincial_head")
SLIPS_PER_PAGE = 8


# --- helpers ---------------------------------------------------------------------------------------


def _say(message) -> str:
    """A BilingualMessage in the interface language."""
    if hasattr(message, "th"):
        return message.th if current_language() == "th" else message.en
    return str(message)


def _base_url() -> str:
    return (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")


def _can_edit() -> bool:
    user = current_user()
    return user is not None and user.role in EDITORS


def _cohort(cohort_id):
    return in_scope_or_404(svc.cohort_in_scope, current_scope(), cohort_id)


def _trainee(cohort, trainee_id) -> Trainee:
    trainee = Trainee.get_or_none((Trainee.id == trainee_id) & (Trainee.cohort == cohort.id))
    if trainee is None:
        abort(404)
    return trainee


def _questionnaire(cohort, instrument_ref, phase):
    instrument = svc.find_questionnaire(cohort, instrument_ref, phase)
    if instrument is None:
        abort(404)
    return instrument


def _pick(pair) -> str:
    return pair[0] if current_language() == "th" else pair[1]


def qr_svg(url: str, css_class: str) -> Markup:
    """The URL as an inline SVG QR code (error correction M), sized by CSS."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(omitsize=True, border=2, svgclass=css_class, lineclass=None))


def line_share_url(url: str) -> str:
    """LINE's share page for a link (used for the COHORT link only, never a personal one)."""
    return "https://social-plugins.line.me/lineit/share?url=" + quote(url, safe="")


@bp.app_template_global("collect_phase")
def collect_phase(phase: str) -> str:
    return _pick(PHASE_LABELS.get(phase, ("", "")))


@bp.app_template_global("collect_title")
def collect_title(instrument, phase: str | None = None) -> str:
    """"แบบทดสอบ … (ก่อนการอบรม)": the instrument's title with its phase when it has two."""
    title = instrument.title(current_language())
    label = collect_phase(phase) if phase else ""
    return f"{title} ({label})" if label else title


@bp.app_template_global("collect_short")
def collect_short(instrument, phase: str) -> str:
    """A short name for a roster chip: the test before/after, satisfaction, or the title."""
    if instrument.level == "learning":
        return _("แบบทดสอบก่อนอบรม") if phase == "pre" else _("แบบทดสอบหลังอบรม")
    if instrument.level == "reaction":
        return _("ความพึงพอใจ")
    return instrument.title(current_language())


@bp.app_template_global("collect_status")
def collect_status(code: str) -> str:
    return _pick(STATUS_LABELS.get(code, (code, code)))


# --- the cohort's collect page ------------------------------------------------------------------------


def _overview_context(cohort) -> dict:
    items = svc.questionnaires(cohort)
    rows = svc.roster(cohort, items)
    cohort_link = links_svc.cohort_url(_base_url(), cohort)
    return {
        "cohort": cohort, "course": cohort.course, "centre": cohort.centre, "items": items, "rows": rows,
        "claimed": sum(1 for r in rows if r.claim is not None),
        "can_edit": _can_edit(), "cohort_link": cohort_link, "share_url": line_share_url(cohort_link),
        "any_open": any(q.state == "open" for q in items),
        "poll_seconds": current_app.config.get("LIVE_POLL_SECONDS", 5),
        "roster_url": url_for("rosters.roster", cohort_id=cohort.id),
    }


@bp.get("/<int:cohort_id>/collect/")
@roles_required(*READERS)
def overview(cohort_id):
    cohort = _cohort(cohort_id)
    context = _overview_context(cohort)
    if request.args.get("panel") == "live" and is_htmx():
        html = render_template("collect/_live.html", **context)
        return html if context["any_open"] else stop_polling(html)
    return render_page_or_fragment("collect/overview.html", **context)


def _windows_answer(cohort, ok: bool, message: str, status_if_refused: int = 409):
    """htmx: the windows panel (and the live summary, out of band); a plain form: flash and go back."""
    if is_htmx():
        context = _overview_context(cohort)
        html = render_template("collect/_windows.html", message=message, message_ok=ok, **context)
        html += render_template("collect/_live.html", oob=True, **context)
        return html, (200 if ok else status_if_refused)
    flash(message, "success" if ok else "error")
    return redirect(url_for("collect.overview", cohort_id=cohort.id) + "#windows", code=303)


@bp.post("/<int:cohort_id>/collect/windows/<int:instrument_id>/<any(pre, post, single):phase>/open")
@roles_required(*EDITORS)
def open_window(cohort_id, instrument_id, phase):
    cohort = _cohort(cohort_id)
    instrument = _questionnaire(cohort, instrument_id, phase)
    try:
        change = svc.open_window(cohort, instrument, phase, current_user(), clock.naive_now())
    except svc.CollectError as exc:
        return _windows_answer(cohort, False, _say(exc.message))
    text = _("เปิดรับคำตอบ “%(form)s” อีกครั้งแล้ว", form=collect_title(instrument, phase)) if change.reopened \
        else _("เปิดรับคำตอบ “%(form)s” แล้ว", form=collect_title(instrument, phase))
    return _windows_answer(cohort, True, text)


@bp.post("/<int:cohort_id>/collect/windows/<int:instrument_id>/<any(pre, post, single):phase>/close")
@roles_required(*EDITORS)
def close_window(cohort_id, instrument_id, phase):
    cohort = _cohort(cohort_id)
    instrument = _questionnaire(cohort, instrument_id, phase)
    try:
        svc.close_window(cohort, instrument, phase, current_user(), clock.naive_now())
    except svc.CollectError as exc:
        return _windows_answer(cohort, False, _say(exc.message))
    return _windows_answer(cohort, True, _("ปิดรับคำตอบ “%(form)s” แล้ว", form=collect_title(instrument, phase)))


@bp.post("/<int:cohort_id>/collect/claims/<int:trainee_id>/release")
@roles_required(*EDITORS)
def release(cohort_id, trainee_id):
    cohort = _cohort(cohort_id)
    trainee = _trainee(cohort, trainee_id)
    ok = True
    try:
        done = svc.release_claim(cohort, trainee, current_user(), clock.naive_now())
        message = _("ปลดล็อกชื่อ %(name)s จากอุปกรณ์ %(device)s แล้ว ผู้เข้ารับการอบรมเปิดลิงก์ของตนเพื่อเลือกชื่อใหม่ได้",
                    name=trainee.full_name, device=done.device_label or "–")
    except svc.CollectError as exc:
        ok, message = False, _say(exc.message)
    if is_htmx():
        items = svc.questionnaires(cohort)
        row = svc.roster(cohort, items, trainee_id=trainee.id)[0]
        return render_template("collect/_person.html", row=row, items=items, cohort=cohort, can_edit=True,
                               message=message, message_ok=ok), (200 if ok else 409)
    flash(message, "success" if ok else "error")
    return redirect(url_for("collect.overview", cohort_id=cohort.id) + f"#trainee-{trainee.id}", code=303)


# --- QR slips and the projector ----------------------------------------------------------------------------


@bp.get("/<int:cohort_id>/collect/slips")
@roles_required(*EDITORS)
def slips(cohort_id):
    cohort = _cohort(cohort_id)
    base = _base_url()
    people = []
    for row in svc.roster(cohort, items=[]):
        url = links_svc.trainee_url(base, row.trainee)
        people.append({"trainee": row.trainee, "cooperative": row.cooperative, "url": url,
                       "qr": qr_svg(url, "collect-slip-qr")})
    pages = [people[i:i + SLIPS_PER_PAGE] for i in range(0, len(people), SLIPS_PER_PAGE)]
    return render_template("collect/slips.html", cohort=cohort, course=cohort.course, centre=cohort.centre,
                           pages=pages, total=len(people))


@bp.get("/<int:cohort_id>/collect/projector")
@roles_required(*EDITORS)
def projector(cohort_id):
    cohort = _cohort(cohort_id)
    url = links_svc.cohort_url(_base_url(), cohort)
    return render_template("collect/projector.html", cohort=cohort, course=cohort.course, url=url,
                           qr=qr_svg(url, "collect-projector-qr"), share_url=line_share_url(url))


# --- keyed-in paper answers of trainees ------------------------------------------------------------------------


def _version(instrument, posted_id: str | None = None) -> InstrumentVersion:
    """The version the form was drawn from (as posted), else the current one."""
    if posted_id and posted_id.isdigit():
        found = InstrumentVersion.get_or_none((InstrumentVersion.id == int(posted_id))
                                              & (InstrumentVersion.instrument == instrument.id))
        if found is not None:
            return found
    if instrument.current_version_id is None:
        abort(404)
    return InstrumentVersion.get_by_id(instrument.current_version_id)


def _existing_text(trainee, instrument, phase, existing) -> str:
    form = collect_title(instrument, phase)
    if existing.kind == "online":
        return _("%(name)s ส่ง “%(form)s” ทางออนไลน์แล้วเมื่อ %(at)s ระบบไม่บันทึกซ้ำ",
                 name=trainee.full_name, form=form, at=format_datetime(existing.at, current_language()))
    if existing.kind == "paper":
        return _("%(name)s มีคำตอบ “%(form)s” จากกระดาษแล้ว บันทึกโดย %(by)s เมื่อ %(at)s ระบบไม่บันทึกซ้ำ",
                 name=trainee.full_name, form=form, by=existing.by or "–",
                 at=format_datetime(existing.at, current_language()))
    return _("%(name)s ส่ง “%(form)s” แล้ว (แบบไม่ระบุชื่อ จึงไม่แสดงคำตอบ) ระบบไม่บันทึกซ้ำ",
             name=trainee.full_name, form=form)


def _keyin_page(cohort, trainee, instrument, phase, version, *, answers=None, errors=None, uuid=None,
                refusal: str | None = None, status: int = 200, blanks=()):
    defn = version_definition(version)
    context = collection_context(cohort)
    return render_template(
        "collect/keyin.html", cohort=cohort, course=cohort.course, trainee=trainee, instrument=instrument,
        phase=phase, version=version, defn=defn, tree=expand(defn, context), answers=answers or {},
        errors=errors or {}, uuid=uuid or new_uuid(), refusal=refusal, blanks=blanks,
        remaining=keyin_svc.remaining(cohort, instrument, phase),
        next_url=url_for("collect.keyin_next", cohort_id=cohort.id, code=instrument.code, phase=phase,
                         after=trainee.id),
    ), status


@bp.get("/<int:cohort_id>/collect/keyin/<code>/<any(pre, post, single):phase>")
@roles_required(*EDITORS)
def keyin_next(cohort_id, code, phase):
    """Go to the next trainee (Thai order) with no answer to this questionnaire."""
    cohort = _cohort(cohort_id)
    instrument = _questionnaire(cohort, code, phase)
    after = request.args.get("after", "")
    nxt = keyin_svc.next_trainee(cohort, instrument, phase, int(after) if after.isdigit() else None)
    if nxt is None:
        flash(_("ผู้เข้ารับการอบรมทุกคนมีคำตอบ “%(form)s” แล้ว", form=collect_title(instrument, phase)), "success")
        return redirect(url_for("collect.overview", cohort_id=cohort.id) + "#windows", code=303)
    return redirect(url_for("collect.keyin", cohort_id=cohort.id, code=code, phase=phase, trainee_id=nxt.id),
                    code=303)


@bp.route("/<int:cohort_id>/collect/keyin/<code>/<any(pre, post, single):phase>/<int:trainee_id>",
          methods=["GET", "POST"])
@roles_required(*EDITORS)
def keyin(cohort_id, code, phase, trainee_id):
    cohort = _cohort(cohort_id)
    instrument = _questionnaire(cohort, code, phase)
    trainee = _trainee(cohort, trainee_id)
    refusal = svc.keyin_refusal(cohort.status, phase)
    if request.method == "GET":
        version = _version(instrument)
        if refusal is not None:
            return _keyin_page(cohort, trainee, instrument, phase, version, refusal=_say(refusal))
        existing = keyin_svc.existing_answer(trainee, instrument, phase)
        if existing is not None:
            return _keyin_page(cohort, trainee, instrument, phase, version,
                               refusal=_existing_text(trainee, instrument, phase, existing))
        return _keyin_page(cohort, trainee, instrument, phase, version)

    version = _version(instrument, request.form.get("version"))
    uuid = (request.form.get("uuid") or "").strip()
    if not valid_uuid(uuid):
        return _keyin_page(cohort, trainee, instrument, phase, version, status=400,
                           refusal=_("แบบฟอร์มนี้ไม่สมบูรณ์ (ไม่มีรหัสการส่ง) กรุณาเปิดหน้าบันทึกใหม่อีกครั้ง"))
    if refusal is not None:
        return _keyin_page(cohort, trainee, instrument, phase, version, refusal=_say(refusal), status=409)
    defn = version_definition(version)
    paper = keyin_svc.read_paper(defn, request.form, collection_context(cohort))
    if not paper.ok:
        return _keyin_page(cohort, trainee, instrument, phase, version, answers=paper.raw, errors=paper.errors,
                           uuid=uuid, status=422)
    if paper.blanks and request.form.get("blanks_ok") != "1":
        # A slip of the keyboard must not store a half-empty paper for good: say which are blank, ask once.
        return _keyin_page(cohort, trainee, instrument, phase, version, answers=paper.raw, uuid=uuid, status=422,
                           blanks=paper.blanks)
    try:
        stored = keyin_svc.store_trainee_paper(cohort=cohort, trainee=trainee, instrument=instrument,
                                               version=version, defn=defn, phase=phase, cleaned=paper.cleaned,
                                               uuid=uuid, user=current_user())
    except keyin_svc.KeyInRefused as exc:
        text = (_existing_text(trainee, instrument, phase, exc.existing) if exc.existing is not None
                else _say(exc.message))
        return _keyin_page(cohort, trainee, instrument, phase, version, refusal=text, status=409)
    response = stored.response
    if response.max_score:
        flash(_("บันทึกคำตอบจากกระดาษของ %(name)s แล้ว (คะแนน %(score)s / %(max)s)", name=trainee.full_name,
                score=response.score, max=response.max_score), "success")
    else:
        flash(_("บันทึกคำตอบจากกระดาษของ %(name)s แล้ว", name=trainee.full_name), "success")
    if request.form.get("action") == "save":
        return redirect(url_for("collect.overview", cohort_id=cohort.id) + f"#trainee-{trainee.id}", code=303)
    return redirect(url_for("collect.keyin_next", cohort_id=cohort.id, code=code, phase=phase, after=trainee.id),
                    code=303)


# --- cooperatives' links ------------------------------------------------------------------------------------------


def _fiscal_years() -> list[int]:
    return [y.fiscal_year for y in ProgrammeYear.select(ProgrammeYear.fiscal_year)
            .order_by(ProgrammeYear.fiscal_year.desc())]


def _chosen_year(raw: str | None) -> int:
    years = _fiscal_years()
    if raw and raw.isdigit() and int(raw) in years:
        return int(raw)
    current = fiscal_year(clock.today())
    if current in years or not years:
        return current
    return years[0]


def _links_page(fy: int, errors: dict | None = None, typed: dict | None = None, status: int = 200):
    rows = links_svc.target_rows(current_scope(), fy)
    ids = [link.id for row in rows for link in row.links]
    window = links_svc.followup_window(fy)
    return render_template("collect/links.html", rows=rows, counts=links_svc.answer_counts(ids), fy=fy,
                           years=_fiscal_years(), can_edit=_can_edit(), errors=errors or {}, typed=typed or {},
                           followup_window=window, on_day=clock.today()), status


@bp.get("/links/")
@roles_required(*LINK_READERS)
def links():
    return _links_page(_chosen_year(request.args.get("year")))


def _created(link):
    flash(_("สร้างลิงก์แล้ว พิมพ์โปสเตอร์หรือส่งลิงก์ให้สหกรณ์ได้จากหน้านี้"), "success")
    return redirect(url_for("collect.link", link_id=link.id), code=303)


@bp.post("/links/<int:coop_id>/member")
@roles_required(*EDITORS)
def create_member_link(coop_id):
    fy = _chosen_year(request.form.get("year"))
    coop = in_scope_or_404(links_svc.target_in_scope, current_scope(), coop_id, fy)
    period = (request.form.get("period") or "").strip()[:32]
    try:
        link = links_svc.create_member_link(coop, period, current_user(), clock.today(), clock.naive_now())
    except links_svc.LinkError as exc:
        return _links_page(fy, errors={coop.id: _say(exc.message)}, typed={coop.id: period}, status=422)
    return _created(link)


@bp.post("/links/<int:coop_id>/followup")
@roles_required(*EDITORS)
def create_followup_link(coop_id):
    fy = _chosen_year(request.form.get("year"))
    coop = in_scope_or_404(links_svc.target_in_scope, current_scope(), coop_id, fy)
    try:
        link = links_svc.create_followup_link(coop, fy, current_user(), clock.today(), clock.naive_now())
    except links_svc.LinkError as exc:
        return _links_page(fy, errors={coop.id: _say(exc.message)}, status=422)
    return _created(link)


def _link(link_id):
    return in_scope_or_404(links_svc.link_in_scope, current_scope(), link_id)


def _link_context(link) -> dict:
    url = links_svc.link_url(_base_url(), link)
    total, paper = links_svc.answer_counts([link.id]).get(link.id, (0, 0))
    today = clock.today()
    state = "not_yet" if today < link.valid_from else ("expired" if today > link.valid_until else "open")
    return {"link": link, "coop": link.cooperative, "url": url, "total": total, "paper": paper, "state": state,
            "privacy_url": _base_url() + "/privacy", "fy": _link_year(link)}


def _link_year(link) -> int:
    head = (link.period or "")[:4]
    return int(head) if head.isdigit() else fiscal_year(link.valid_from)


@bp.get("/links/<int:link_id>")
@roles_required(*LINK_READERS)
def link(link_id):
    found = _link(link_id)
    context = _link_context(found)
    return render_template("collect/link.html", qr=qr_svg(context["url"], "collect-link-qr"),
                           can_edit=_can_edit(), **context)


@bp.get("/links/<int:link_id>/poster")
@roles_required(*LINK_READERS)
def poster(link_id):
    found = _link(link_id)
    context = _link_context(found)
    return render_template("collect/poster.html", qr=qr_svg(context["url"], "collect-poster-qr"), **context)


def _link_keyin_page(found, version, *, answers=None, errors=None, uuid=None, refusal=None, status=200):
    defn = version_definition(version)
    context = _link_context(found)
    return render_template("collect/link_keyin.html", version=version, defn=defn,
                           tree=expand(defn, keyin_svc.link_context()), answers=answers or {}, errors=errors or {},
                           uuid=uuid or new_uuid(), refusal=refusal, keyed=keyin_svc.paper_count(found),
                           **context), status


@bp.route("/links/<int:link_id>/keyin", methods=["GET", "POST"])
@roles_required(*EDITORS)
def link_keyin(link_id):
    """A stack of paper forms of the cooperative's link: one form per paper, save and next."""
    found = _link(link_id)
    if request.method == "GET":
        return _link_keyin_page(found, _version(found.instrument))
    version = _version(found.instrument, request.form.get("version"))
    uuid = (request.form.get("uuid") or "").strip()
    if not valid_uuid(uuid):
        return _link_keyin_page(found, version, status=400,
                                refusal=_("แบบฟอร์มนี้ไม่สมบูรณ์ (ไม่มีรหัสการส่ง) กรุณาเปิดหน้าบันทึกใหม่อีกครั้ง"))
    defn = version_definition(version)
    paper = keyin_svc.read_paper(defn, request.form, keyin_svc.link_context())
    if not paper.ok:
        return _link_keyin_page(found, version, answers=paper.raw, errors=paper.errors, uuid=uuid, status=422)
    try:
        stored = keyin_svc.store_link_paper(link=found, version=version, cleaned=paper.cleaned, uuid=uuid,
                                            user=current_user())
    except keyin_svc.KeyInRefused as exc:
        return _link_keyin_page(found, version, refusal=_say(exc.message), status=409)
    keyed = keyin_svc.paper_count(found)
    if stored.created:
        flash(_("บันทึกแบบกระดาษฉบับที่ %(n)s ของ%(coop)s แล้ว", n=keyed, coop=found.cooperative.name), "success")
    else:
        flash(_("ฉบับนี้บันทึกไว้แล้ว (กดส่งซ้ำ) ระบบไม่บันทึกซ้ำ"), "warning")
    if request.form.get("action") == "save":
        return redirect(url_for("collect.link", link_id=found.id), code=303)
    return redirect(url_for("collect.link_keyin", link_id=found.id), code=303)

