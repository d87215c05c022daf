"""A cohort's results and the live panel. Results (page, charts, downloads): every role that reads the cohort
(the bureau all, the centre its own, provincial users the cohorts that trained their cooperatives); the live
panel: centre staff, the centre director and the bureau. Another scope's cohort is 404."""
from __future__ import annotations

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

LIVE = frozenset({"bureau_admin", "bureau_exec", "centre_director", "centre_staff"})


def _url(endpoint, **extra):
    def build(w, side):
        return url_for(endpoint, cohort_id=pick(w, side, w.cohort, w.other_cohort).id, **extra)
    return build


def _forms_synced(endpoint, **extra):
    def build(w, side):
        from portal.services.instruments import sync_forms

        sync_forms()
        return _url(endpoint, **extra)(w, side)
    return build


ENTRIES = [
    Entry("results.cohort", allowed=ALL_SIGNED_IN, url=_forms_synced("results.cohort"), scoped=True),
    Entry("results.chart", allowed=ALL_SIGNED_IN, url=_forms_synced("results.chart", kind="satisfaction_items"),
          scoped=True, ok=(200,)),
    Entry("results.download_xlsx", allowed=ALL_SIGNED_IN, url=_forms_synced("results.download_xlsx"), scoped=True),
    Entry("results.download_csv", allowed=ALL_SIGNED_IN, url=_forms_synced("results.download_csv", table="items"),
          scoped=True),
    Entry("results.live", allowed=LIVE, url=_forms_synced("results.live"), scoped=True),
    Entry("results.live_panel", allowed=LIVE, url=_forms_synced("results.live_panel"), scoped=True),
]
