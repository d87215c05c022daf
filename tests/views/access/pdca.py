"""PDCA board, to-do list and suggestions: every signed-in role reads within its scope; centre staff and
the director add suggestions for their own centre."""
from __future__ import annotations

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

WRITERS = frozenset({"centre_staff", "centre_director"})


def _centre_id(w, side):
    return pick(w, side, w.centre, w.other_centre).id


ENTRIES = [
    Entry("pdca.index", allowed=ALL_SIGNED_IN, ok=(200, 303)),
    Entry("pdca.todo", allowed=ALL_SIGNED_IN),
    Entry("pdca.centre", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("pdca.centre", id=_centre_id(w, side))),
    Entry("pdca.suggestions", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("pdca.suggestions", id=_centre_id(w, side))),
    Entry("pdca.suggestions_download", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("pdca.suggestions_download", id=_centre_id(w, side), fmt="csv")),
    Entry("pdca.add_suggestion", "POST", allowed=WRITERS, scoped=True,
          data={"text": "เพิ่มเวลาฝึกปฏิบัติ", "for_course": "1"},
          url=lambda w, side: url_for("pdca.add_suggestion", id=_centre_id(w, side))),
]
