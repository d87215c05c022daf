"""The bureau's overview and the KPI scorecards: nation → centre → province → target cooperative.

Who sees what (portal.scope; another scope's ids answer 404):

* the bureau (administrator, executive): the nation, every centre, province and cooperative;
* centre director and staff: their centre, its provinces and cooperatives (``/overview/`` leads there);
* provincial officer and head: their province (their office's cooperatives) and its cooperatives.

Every figure is a link to the rows behind it (``…/cooperatives?filter=…``). Figures come from
portal.services.overview / scorecards / outcomes; this module parses, scopes and renders.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, login_required, roles_required
from portal.domain import analytics
from portal.domain.thaidates import fiscal_year, format_be_input, parse_be_date
from portal.downloads import send_download
from portal.exports import csv_bytes, xlsx_bytes
from portal.domain.thaitext import thai_sort_key
from portal.i18n import current_language
from portal.models import Centre, Cooperative, Office, Province, YearlyRecord
from portal.services import outcomes
from portal.services import overview as svc
from portal.services import scorecards

bp = Blueprint("overview", __name__, url_prefix="/overview")

BUREAU = ("bureau_admin", "bureau_exec")
CENTRE_ROLES = ("centre_director", "centre_staff")
PROVINCIAL = ("provincial_officer", "provincial_head")
ALL_ROLES = BUREAU + CENTRE_ROLES + PROVINCIAL
FORMATS = ("xlsx", "csv")


# --------------------------------------------------------------------------- helpers

def _scheme() -> str:
    return current_app.config.get("SATISFACTION_BAND_SCHEME", analytics.DEFAULT_BAND_SCHEME)


def _years() -> list[int]:
    return outcomes.programme_years()


class _Period:
    """The fiscal year and the as-of day asked for (?fy=2566&as_of=31/03/2566), with what was typed."""

    def __init__(self):
        years = _years()
        today = clock.today()
        raw_fy = request.args.get("fy", "").strip()
        default_fy = fiscal_year(today) if (fiscal_year(today) in years or not years) else years[0]
        self.years = years or [default_fy]
        self.fy = int(raw_fy) if raw_fy.isdigit() and int(raw_fy) in self.years else default_fy
        self.as_of_text = request.args.get("as_of", "").strip()
        self.error = None
        self.as_of = today
        if self.as_of_text:
            try:
                day = parse_be_date(self.as_of_text)
            except ValueError:
                self.error = (_("วันที่ข้อมูลไม่ถูกต้อง พิมพ์เป็น วว/ดด/ปปปป พ.ศ. เช่น 31/03/2566"))
            else:
                if day > today:
                    self.error = _("วันที่ข้อมูลต้องไม่เกินวันนี้ (%(today)s)", today=format_be_input(today))
                else:
                    self.as_of = day

    @property
    def args(self) -> dict:
        out = {"fy": self.fy}
        if self.as_of != clock.today():
            out["as_of"] = format_be_input(self.as_of)
        return out

    @property
    def status(self) -> int:
        return 400 if self.error else 200


def _office_ids():
    return current_scope().office_ids


def _centre_or_404(id) -> Centre:
    user = current_user()
    if user.role in PROVINCIAL:  # a provincial office sees its province, not the whole centre
        abort(404)
    return in_scope_or_404(current_scope().centre, id)


def _province_or_404(id) -> Province:
    return in_scope_or_404(current_scope().province, id)


def _label(obj) -> str:
    return obj.name_th if current_language() == "th" else obj.name_en


def _short(centre) -> str:
    return centre.short_th if current_language() == "th" else f"Centre {centre.number}"


def _results_url(cohort) -> str | None:
    if "results.cohort" in current_app.view_functions:
        return url_for("results.cohort", cohort_id=cohort.id)
    return None


def _render(template, period: _Period, **context):
    return render_template(template, period=period, scheme=_scheme(), filters=svc.FILTERS,
                           results_url=_results_url, label=_label, short=_short, **context), period.status


def _late(period, **where):
    return svc.late_lists(period.fy, period.as_of, office_ids=_office_ids(), **where)


# --------------------------------------------------------------------------- overview pages

@bp.route("/")
@login_required
def index():
    """The nation for the bureau; everyone else is taken to their centre or province."""
    user = current_user()
    scope = current_scope()
    if user.role in CENTRE_ROLES:
        if not scope.centre_ids:
            abort(404)
        return redirect(url_for("overview.centre", id=next(iter(scope.centre_ids)), **request.args))
    if user.role in PROVINCIAL:
        if not scope.province_ids:
            abort(404)
        return redirect(url_for("overview.province", id=next(iter(scope.province_ids)), **request.args))
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of)
    late = _late(period)
    centres = list(Centre.select().order_by(Centre.number))
    province_centre = {p.id: p.centre_id for p in Province.select(Province.id, Province.centre)}
    rows = []
    for c in centres:
        mine = [f for f in facts if province_centre.get(f.target.province.id) == c.id]
        n_late = sum(1 for x in late if x.province.centre_id == c.id)
        if not mine and not n_late:
            continue
        rows.append(svc.summarise(c, mine, period.fy, period.as_of, _scheme(), n_late))
    total = svc.summarise(None, facts, period.fy, period.as_of, _scheme(), len(late))
    return _render("overview/nation.html", period, rows=rows, total=total,
                   list_endpoint="overview.nation_list", list_args={})


@bp.route("/centres/<int:id>")
@roles_required(*BUREAU, *CENTRE_ROLES)
def centre(id):
    c = _centre_or_404(id)
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of, centre=c, office_ids=_office_ids())
    late = _late(period, centre=c)
    provinces = sorted(Province.select().where(Province.centre == c.id), key=lambda p: thai_sort_key(p.name_th))
    rows = []
    for p in provinces:
        mine = [f for f in facts if f.target.province.id == p.id]
        n_late = sum(1 for x in late if x.province.id == p.id)
        rows.append(svc.summarise(p, mine, period.fy, period.as_of, _scheme(), n_late))
    total = svc.summarise(c, facts, period.fy, period.as_of, _scheme(), len(late))
    return _render("overview/centre.html", period, centre=c, rows=rows, total=total,
                   list_endpoint="overview.centre_list", list_args={"id": c.id})


@bp.route("/provinces/<int:id>")
@login_required
def province(id):
    p = _province_or_404(id)
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of, province=p, office_ids=_office_ids())
    late = _late(period, province=p)
    total = svc.summarise(p, facts, period.fy, period.as_of, _scheme(), len(late))
    return _render("overview/province.html", period, province=p, centre=p.centre, facts=facts, total=total,
                   list_endpoint="overview.province_list", list_args={"id": p.id})


def _list(period: _Period, facts, late, code: str, **context):
    if code not in svc.FILTERS:
        code = "all"
    chosen = svc.filter_facts(facts, code)
    cohorts = svc.cohorts_of(facts) if code == "cohorts" else []
    return _render("overview/list.html", period, code=code, chosen=chosen, cohorts=cohorts,
                   late=late if code == "late_lists" else [], **context)


@bp.route("/cooperatives")
@roles_required(*BUREAU)
def nation_list():
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of)
    return _list(period, facts, _late(period), request.args.get("filter", "all"), centre=None, province=None,
                 list_endpoint="overview.nation_list", list_args={})


@bp.route("/centres/<int:id>/cooperatives")
@roles_required(*BUREAU, *CENTRE_ROLES)
def centre_list(id):
    c = _centre_or_404(id)
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of, centre=c, office_ids=_office_ids())
    return _list(period, facts, _late(period, centre=c), request.args.get("filter", "all"), centre=c,
                 province=None, list_endpoint="overview.centre_list", list_args={"id": c.id})


@bp.route("/provinces/<int:id>/cooperatives")
@login_required
def province_list(id):
    p = _province_or_404(id)
    period = _Period()
    facts = svc.coop_facts(period.fy, period.as_of, province=p, office_ids=_office_ids())
    return _list(period, facts, _late(period, province=p), request.args.get("filter", "all"), centre=p.centre,
                 province=p, list_endpoint="overview.province_list", list_args={"id": p.id})


def _participation_chart(coop: Cooperative, records, surveys) -> dict:
    lang = current_language()
    return {
        "lang": lang,  # the chart's own words and its alt text follow the page's language
        "title": (f"การมีส่วนร่วมของสมาชิก {coop.name}" if lang == "th" else f"Member participation, {coop.name}"),
        "x_label": "ปีบัญชี / ปีที่สำรวจ (พ.ศ.)" if lang == "th" else "Accounting / survey year (BE)",
        "y_label": "ร้อยละของสมาชิก" if lang == "th" else "Percent of members",
        "threshold": 65,
        "series": [
            {"label": "อัตราทางการ (งบการเงินประจำปี)" if lang == "th" else "Official rate (yearly record)",
             "points": [{"x": str(r.accounting_year),
                         "rate": None if r.participation_rate is None else float(r.participation_rate)}
                        for r in records]},
            {"label": "อัตราจากการสำรวจสมาชิก (ตัวอย่าง)" if lang == "th" else "Member survey rate (a sample)",
             "points": [{"x": str(s.year), "rate": None if s.rate is None else float(s.rate)}
                        for s in surveys]},
        ],
    }


def _coop_facts_or_404(id, period):
    coop = in_scope_or_404(current_scope().cooperative, id)
    facts = svc.coop_facts(period.fy, period.as_of, office_ids=_office_ids(), cooperative_ids=[coop.id])
    return coop, (facts[0] if facts else None)


def _history(coop, facts, as_of):
    """Official records and survey rates of the cooperative up to the as-of day (target or not)."""
    if facts is not None:
        return facts.participation.records, facts.participation.surveys
    records = list(YearlyRecord.select().where(YearlyRecord.cooperative == coop.id, YearlyRecord.closing_date <= as_of)
                   .order_by(YearlyRecord.accounting_year))
    return records, outcomes.survey_rates(coop.id, as_of)


@bp.route("/cooperatives/<int:id>")
@login_required
def cooperative(id):
    period = _Period()
    coop, facts = _coop_facts_or_404(id, period)
    office = Office.get_by_id(coop.office_id)
    records, surveys = _history(coop, facts, period.as_of)
    from portal.charts import alt_text

    alt = alt_text("participation", _participation_chart(coop, records, surveys))
    return _render("overview/cooperative.html", period, coop=coop, office=office, province=office.province,
                   facts=facts, records=records, surveys=surveys, chart_alt=alt, loss_text=outcomes.loss_text)


@bp.route("/cooperatives/<int:id>/participation.png")
@login_required
def cooperative_chart(id):
    period = _Period()
    coop, facts = _coop_facts_or_404(id, period)
    records, surveys = _history(coop, facts, period.as_of)
    from portal.chart_response import send_chart

    return send_chart("participation", _participation_chart(coop, records, surveys))


# --------------------------------------------------------------------------- scorecards

def _card(level: str, id=None):
    period = _Period()
    if level == "centre":
        where = {"centre": _centre_or_404(id)}
    elif level == "province":
        where = {"province": _province_or_404(id)}
    else:
        where = {}
    card = scorecards.scorecard(period.fy, as_of=period.as_of, scheme=_scheme(),
                                office_ids=_office_ids(), **where)
    return period, card, where


def _kpi_chart(card: scorecards.Scorecard) -> dict:
    lang = current_language()
    return {
        "lang": lang,  # the chart's own words and its alt text follow the page's language
        "title": (f"ร้อยละของเป้าหมาย ปีงบประมาณ {card.fy} · {card.name_th}" if lang == "th"
                  else f"Percent of target, fiscal year {card.fy} · {card.name_en}"),
        "rows": [{"label": r.name_th if lang == "th" else r.name_en,
                  "target": None if r.target is None else float(r.target),
                  "result": None if r.result is None else float(r.result),
                  "percent": None if r.percent is None else float(r.percent)} for r in card.rows],
    }


def _scorecard_page(level: str, id=None):
    period, card, where = _card(level, id)
    from portal.charts import alt_text

    urls = {"nation": ("overview.scorecard", "overview.scorecard_download", "overview.scorecard_chart"),
            "centre": ("overview.centre_scorecard", "overview.centre_scorecard_download",
                       "overview.centre_scorecard_chart"),
            "province": ("overview.province_scorecard", "overview.province_scorecard_download",
                         "overview.province_scorecard_chart")}[level]
    ids = {} if id is None else {"id": id}
    return _render("overview/scorecard.html", period, card=card, level=level, ids=ids, urls=urls,
                   chart_alt=alt_text("kpi_bars", _kpi_chart(card)), **where)


def _scorecard_download(level: str, fmt: str, id=None):
    if fmt not in FORMATS:
        abort(404)
    period, card, _where = _card(level, id)
    table = scorecards.scorecard_table(card, current_language())
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    stem = f"ตัวชี้วัด_{card.fy}_{card.name_th}_{format_be_input(card.as_of).replace('/', '-')}"
    return send_download(data, stem, fmt)


def _scorecard_chart(level: str, id=None):
    _period, card, _where = _card(level, id)
    from portal.chart_response import send_chart

    return send_chart("kpi_bars", _kpi_chart(card))


@bp.route("/scorecard")
@roles_required(*BUREAU)
def scorecard():
    return _scorecard_page("nation")


@bp.route("/scorecard.<fmt>")
@roles_required(*BUREAU)
def scorecard_download(fmt):
    return _scorecard_download("nation", fmt)


@bp.route("/scorecard/chart.png")
@roles_required(*BUREAU)
def scorecard_chart():
    return _scorecard_chart("nation")


@bp.route("/centres/<int:id>/scorecard")
@roles_required(*BUREAU, *CENTRE_ROLES)
def centre_scorecard(id):
    return _scorecard_page("centre", id)


@bp.route("/centres/<int:id>/scorecard.<fmt>")
@roles_required(*BUREAU, *CENTRE_ROLES)
def centre_scorecard_download(id, fmt):
    return _scorecard_download("centre", fmt, id)


@bp.route("/centres/<int:id>/scorecard/chart.png")
@roles_required(*BUREAU, *CENTRE_ROLES)
def centre_scorecard_chart(id):
    return _scorecard_chart("centre", id)


@bp.route("/provinces/<int:id>/scorecard")
@login_required
def province_scorecard(id):
    return _scorecard_page("province", id)


@bp.route("/provinces/<int:id>/scorecard.<fmt>")
@login_required
def province_scorecard_download(id, fmt):
    return _scorecard_download("province", fmt, id)


@bp.route("/provinces/<int:id>/scorecard/chart.png")
@login_required
def province_scorecard_chart(id):
    return _scorecard_chart("province", id)


# --------------------------------------------------------------------------- training report numbers

def _training(period: _Period):
    user = current_user()
    scope = current_scope()
    raw_course = request.args.get("course", "1").strip()
    course_no = int(raw_course) if raw_course in ("1", "2") else 1
    centre = None
    if user.role in CENTRE_ROLES:
        centre = in_scope_or_404(scope.centre, next(iter(scope.centre_ids or {0})))
    else:
        raw = request.args.get("centre", "").strip()
        if raw:
            centre = in_scope_or_404(scope.centre, raw)
    numbers = outcomes.training_numbers(period.fy, course_no, centre=centre, as_of=period.as_of)
    return numbers, centre, course_no


@bp.route("/training")
@roles_required(*BUREAU, *CENTRE_ROLES)
def training():
    period = _Period()
    numbers, centre, course_no = _training(period)
    centres = list(Centre.select().order_by(Centre.number)) if current_user().role in BUREAU else []
    args = dict(period.args, course=course_no)
    if centre is not None and current_user().role in BUREAU:
        args["centre"] = centre.id
    return _render("overview/training.html", period, numbers=numbers, centre=centre, course_no=course_no,
                   centres=centres, download_args=args, categories=analytics.BUDGET_CATEGORIES)


@bp.route("/training.<fmt>")
@roles_required(*BUREAU, *CENTRE_ROLES)
def training_download(fmt):
    if fmt not in FORMATS:
        abort(404)
    period = _Period()
    numbers, centre, course_no = _training(period)
    table = outcomes.training_table(numbers, current_language())
    data = xlsx_bytes(table) if fmt == "xlsx" else csv_bytes(table)
    where = centre.short_th if centre is not None else "ทั้งประเทศ"
    stem = f"รายงานผลการฝึกอบรม_หลักสูตร{course_no}_{numbers.fy}_{where}"
    return send_download(data, stem, fmt)
