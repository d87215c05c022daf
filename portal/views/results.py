"""A cohort's results (learning gain, items, satisfaction) and the facilitator's live panel.

Who may do what:

* ``/results/cohorts/<id>`` with its charts and downloads: every role that may read
  the cohort (portal.services.cohorts.get_cohort: the bureau all, a centre its own,
  a provincial office the cohorts that trained its cooperatives). Figures only, no names.
* ``/results/cohorts/<id>/live`` and its fragment: centre staff and the director of
  the cohort's centre, the bureau administrator and executive (the roster shows names).
  Releasing a claimed name goes through the collect page's route (editors only).

Another scope's cohort is 404. Every figure comes from portal.services.cohort_results.
"""
from __future__ import annotations

import importlib.util

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _

from portal import clock
from portal.auth import current_scope, current_user, in_scope_or_404, roles_required
from portal.domain import analytics
from portal.domain import reading as stats_reading
from portal.downloads import send_download
from portal.exports import csv_bytes, xlsx_bytes
from portal.htmx import is_htmx, render_page_or_fragment, stop_polling
from portal.i18n import current_language
from portal.services import cohort_results as svc
from portal.services import cohorts as cohorts_svc
from portal.services import windows as windows_svc

bp = Blueprint("results", __name__, url_prefix="/results")

READERS = ("bureau_admin", "bureau_exec", "centre_director", "centre_staff", "provincial_officer",
           "provincial_head")
LIVE_READERS = ("centre_staff", "centre_director", "bureau_admin", "bureau_exec")
RELEASERS = ("centre_staff", "centre_director", "bureau_admin")
CHART_KINDS = ("score_distribution", "satisfaction_items")


def _cohort(cohort_id):
    return in_scope_or_404(cohorts_svc.get_cohort, current_scope(), cohort_id)


def _live_cohort(cohort_id):
    return in_scope_or_404(windows_svc.cohort_in_scope, current_scope(), cohort_id)


def _scheme() -> str:
    scheme = current_app.config.get("SATISFACTION_BAND_SCHEME", analytics.DEFAULT_BAND_SCHEME)
    return scheme if scheme in analytics.BAND_SCHEMES else analytics.DEFAULT_BAND_SCHEME


def _charts_ready() -> bool:
    """The charts module is another engineer's; until it lands the page shows the tables alone."""
    return all(importlib.util.find_spec(name) is not None for name in ("portal.charts", "portal.chart_response"))


def _pick(pair: dict) -> str:
    return pair.get("th", "") if current_language() == "th" else (pair.get("en") or pair.get("th", ""))


@bp.app_template_global("results_label")
def results_label(stats) -> str:
    """แปลผล of a satisfaction figure, or "ข้อมูลไม่พอ", in the interface language."""
    if stats is None:
        return analytics.INSUFFICIENT_TH if current_language() == "th" else analytics.INSUFFICIENT_EN
    return stats.label_th if current_language() == "th" else stats.label_en


@bp.app_template_global("results_text")
def results_text(labels: dict) -> str:
    return _pick(labels or {})


@bp.app_template_global("results_insufficient")
def results_insufficient() -> str:
    return analytics.INSUFFICIENT_TH if current_language() == "th" else analytics.INSUFFICIENT_EN


@bp.app_template_global("results_p")
def results_p(p) -> str:
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _distribution(scores: list[int], max_score: int | None) -> list[int]:
    counts = [0] * ((max_score or 0) + 1)
    for s in scores:
        if 0 <= s < len(counts):
            counts[s] += 1
    return counts


def _chart_data(kind: str, cohort, learning, satisfaction) -> dict:
    course = cohort.course
    name = _("หลักสูตรที่ %(n)s รุ่นที่ %(r)s", n=course.number, r=cohort.number)
    lang = current_language()  # the chart's own words and its alt text follow the page's language
    if kind == "score_distribution":
        return {"lang": lang, "title": _("การกระจายของคะแนนก่อนและหลังอบรม %(name)s", name=name),
                "max_score": learning.max_score or 0,
                "pre": sorted(learning.pre_scores) if learning.pre_sufficient else [],
                "post": sorted(learning.post_scores) if learning.post_sufficient else []}
    return {"lang": lang, "title": _("ความพึงพอใจรายข้อ %(name)s", name=name), "scheme": satisfaction.scheme,
            "items": [{"label": _pick(row.label), "mean": float(row.stats.mean) if row.stats.sufficient else None,
                       "n": row.stats.n} for row in satisfaction.items()]}


def _results_context(cohort) -> dict:
    learning = svc.cohort_learning(cohort)
    satisfaction = svc.cohort_satisfaction(cohort, scheme=_scheme())
    charts = []
    if _charts_ready():
        from portal.charts import alt_text

        for kind in CHART_KINDS:
            data = _chart_data(kind, cohort, learning, satisfaction)
            charts.append({"kind": kind, "alt": alt_text(kind, data), "caption": data["title"]})
    user = current_user()
    stats = learning.stats
    reading = {"significance": stats_reading.significance(stats.p, stats.mean_diff) if stats else None,
               "effect": stats_reading.effect_size(stats.d_z) if stats else None}
    return {"cohort": cohort, "course": cohort.course, "centre": cohort.centre, "learning": learning,
            "reading": reading,
            "gain": learning.gain, "stats": learning.stats, "satisfaction": satisfaction,
            "distribution": list(enumerate(zip(_distribution(learning.pre_scores, learning.max_score),
                                               _distribution(learning.post_scores, learning.max_score)))),
            "charts": {c["kind"]: c for c in charts}, "min_n": svc.MIN_PAIRS,
            "can_live": user is not None and user.role in LIVE_READERS,
            "as_of": clock.today()}


@bp.get("/cohorts/<int:cohort_id>")
@roles_required(*READERS)
def cohort(cohort_id):
    found = _cohort(cohort_id)
    return render_template("results/cohort.html", **_results_context(found))


@bp.get("/cohorts/<int:cohort_id>/charts/<any(score_distribution, satisfaction_items):kind>.png")
@roles_required(*READERS)
def chart(cohort_id, kind):
    found = _cohort(cohort_id)
    if not _charts_ready():
        abort(404)
    from portal.chart_response import send_chart

    learning = svc.cohort_learning(found)
    satisfaction = svc.cohort_satisfaction(found, scheme=_scheme())
    return send_chart(kind, _chart_data(kind, found, learning, satisfaction))


def _tables(found):
    learning = svc.cohort_learning(found)
    satisfaction = svc.cohort_satisfaction(found, scheme=_scheme())
    return svc.result_tables(found, learning, satisfaction, clock.today())


def _stem(found, suffix: str) -> str:
    return f"ผลการอบรม_ศูนย์{found.centre.number}_หลักสูตร{found.course.number}_รุ่น{found.number}_{suffix}"


@bp.get("/cohorts/<int:cohort_id>/results.xlsx")
@roles_required(*READERS)
def download_xlsx(cohort_id):
    found = _cohort(cohort_id)
    tables = _tables(found)
    return send_download(xlsx_bytes(*(tables[name] for name in svc.TABLE_NAMES)), _stem(found, "ทั้งหมด"), "xlsx")


@bp.get("/cohorts/<int:cohort_id>/<any(learning, items, satisfaction, sessions):table>.csv")
@roles_required(*READERS)
def download_csv(cohort_id, table):
    found = _cohort(cohort_id)
    return send_download(csv_bytes(_tables(found)[table]), _stem(found, table), "csv")


# --- the live panel ---------------------------------------------------------------------------------------------


def _live_context(found) -> dict:
    user = current_user()
    return {"cohort": found, "course": found.course, "centre": found.centre,
            "live": svc.live_status(found, scheme=_scheme()),
            "poll_seconds": current_app.config.get("LIVE_POLL_SECONDS", 5),
            "can_release": user is not None and user.role in RELEASERS, "min_n": svc.MIN_PAIRS,
            "batch": svc.LIVE_BATCH}


@bp.get("/cohorts/<int:cohort_id>/live")
@roles_required(*LIVE_READERS)
def live(cohort_id):
    found = _live_cohort(cohort_id)
    return render_page_or_fragment("results/live.html", "results/_live_panel.html", **_live_context(found))


@bp.get("/cohorts/<int:cohort_id>/live/panel")
@roles_required(*LIVE_READERS)
def live_panel(cohort_id):
    found = _live_cohort(cohort_id)
    context = _live_context(found)
    if not is_htmx():
        return render_template("results/live.html", **context)
    html = render_template("results/_live_panel.html", **context)
    return html if context["live"].any_window_open else stop_polling(html)
