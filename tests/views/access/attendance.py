"""Attendance: the bureau and the cohort's centre read the sheets, days and certificates; centre staff,
the centre director and the bureau administrator record; provincial users of the cohort's
cooperatives' offices read the coverage. Another centre's (or office's) cohort is 404."""
from __future__ import annotations

from flask import url_for

from . import Entry, pick

READERS = frozenset({"bureau_admin", "bureau_exec", "centre_director", "centre_staff"})
EDITORS = frozenset({"bureau_admin", "centre_director", "centre_staff"})
COVERAGE = READERS | {"provincial_officer", "provincial_head"}


def _cohort(w, side):
    return pick(w, side, w.cohort, w.other_cohort)


def _day(w, side):
    return _cohort(w, side).starts.isoformat()


def _trainee(w, side):
    return pick(w, side, w.trainee, w.other_trainee)


def _url(endpoint, **extra):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort(w, side).id, **extra)


def _day_url(endpoint):
    return lambda w, side: url_for(endpoint, cohort_id=_cohort(w, side).id, day=_day(w, side))


ENTRIES = [
    Entry("attendance.sheet", allowed=READERS, scoped=True, url=_url("attendance.sheet")),
    Entry("attendance.day", allowed=READERS, scoped=True, url=_day_url("attendance.day")),
    Entry("attendance.save_day", "POST", allowed=EDITORS, scoped=True, url=_day_url("attendance.save_day"),
          data=lambda w: {f"p{w.trainee.id}": "1"}),
    Entry("attendance.all_present", "POST", allowed=EDITORS, scoped=True, url=_day_url("attendance.all_present")),
    Entry("attendance.toggle", "POST", allowed=EDITORS, scoped=True,
          url=lambda w, side: url_for("attendance.toggle", cohort_id=_cohort(w, side).id, day=_day(w, side),
                                      trainee_id=_trainee(w, side).id),
          data=lambda w: {f"p{w.trainee.id}": "0"}),
    Entry("attendance.sign_in_sheet", allowed=READERS, scoped=True, url=_url("attendance.sign_in_sheet")),
    Entry("attendance.coverage", allowed=COVERAGE, scoped=True, url=_url("attendance.coverage")),
    Entry("attendance.certificates", allowed=READERS, scoped=True, url=_url("attendance.certificates")),
]
