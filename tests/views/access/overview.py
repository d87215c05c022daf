"""The bureau overview and KPI scorecards: the bureau sees the nation; centre roles their centre; provincial
roles their province (not the whole centre). Another scope's centre, province or cooperative is 404."""
from __future__ import annotations

from . import ALL_SIGNED_IN, BUREAU, Entry, pick

CENTRE_LEVEL = BUREAU | {"centre_director", "centre_staff"}


def _centre(w, side):
    return pick(w, side, w.centre, w.other_centre).id


def _province(w, side):
    return pick(w, side, w.province, w.other_province).id


def _coop(w, side):
    return pick(w, side, w.coop, w.other_coop).id


def _u(path):
    return lambda w, side: path


ENTRIES = [
    Entry("overview.index", ok=(200, 302)),
    Entry("overview.nation_list", allowed=BUREAU, url=_u("/overview/cooperatives?filter=below65")),
    Entry("overview.centre", allowed=CENTRE_LEVEL, scoped=True,
          url=lambda w, side: f"/overview/centres/{_centre(w, side)}"),
    Entry("overview.centre_list", allowed=CENTRE_LEVEL, scoped=True,
          url=lambda w, side: f"/overview/centres/{_centre(w, side)}/cooperatives?filter=trained"),
    Entry("overview.province", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/provinces/{_province(w, side)}"),
    Entry("overview.province_list", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/provinces/{_province(w, side)}/cooperatives?filter=late_lists"),
    Entry("overview.cooperative", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/cooperatives/{_coop(w, side)}"),
    Entry("overview.cooperative_chart", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/cooperatives/{_coop(w, side)}/participation.png"),
    Entry("overview.scorecard", allowed=BUREAU, url=_u("/overview/scorecard?fy=2566")),
    Entry("overview.scorecard_download", allowed=BUREAU, url=_u("/overview/scorecard.csv")),
    Entry("overview.scorecard_chart", allowed=BUREAU, url=_u("/overview/scorecard/chart.png")),
    Entry("overview.centre_scorecard", allowed=CENTRE_LEVEL, scoped=True,
          url=lambda w, side: f"/overview/centres/{_centre(w, side)}/scorecard"),
    Entry("overview.centre_scorecard_download", allowed=CENTRE_LEVEL, scoped=True,
          url=lambda w, side: f"/overview/centres/{_centre(w, side)}/scorecard.xlsx"),
    Entry("overview.centre_scorecard_chart", allowed=CENTRE_LEVEL, scoped=True,
          url=lambda w, side: f"/overview/centres/{_centre(w, side)}/scorecard/chart.png"),
    Entry("overview.province_scorecard", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/provinces/{_province(w, side)}/scorecard"),
    Entry("overview.province_scorecard_download", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/provinces/{_province(w, side)}/scorecard.csv"),
    Entry("overview.province_scorecard_chart", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: f"/overview/provinces/{_province(w, side)}/scorecard/chart.png"),
    Entry("overview.training", allowed=CENTRE_LEVEL, url=_u("/overview/training?course=1")),
    Entry("overview.training_download", allowed=CENTRE_LEVEL, url=_u("/overview/training.xlsx?course=1")),
]
