"""Meetings with provincial offices: the bureau, the centre and the office's own provincial users read;
the centre's staff and director record, edit and delete."""
from __future__ import annotations

import datetime as dt

from flask import url_for

from . import ALL_SIGNED_IN, Entry, pick

WRITERS = frozenset({"centre_staff", "centre_director"})


def _centre_id(w, side):
    return pick(w, side, w.centre, w.other_centre).id


def _meeting_id(w, side) -> int:
    """One meeting per side, made on first use."""
    from portal.models import MeetingAttendee, ProvinceMeeting

    centre, office = pick(w, side, (w.centre, w.office), (w.other_centre, w.other_office))
    meeting = ProvinceMeeting.get_or_none(ProvinceMeeting.office == office.id)
    if meeting is None:
        meeting = ProvinceMeeting.create(year=w.year, centre=centre, office=office, held_on=dt.date(2022, 12, 8),
                                         place="ห้องประชุม")
        MeetingAttendee.create(meeting=meeting, full_name="ผู้เข้าประชุม ทดสอบ", role="chair")
    return meeting.id


def _form(w):
    return {"year": "2566", "office": str(w.office.id), "held_on": "08/12/2565", "starts": "09.00", "ends": "12.00",
            "place": "ห้องประชุม", "att_prefix": "นาย", "att_name": "สมชาย ดีใจ", "att_position": "",
            "att_org": "", "att_role": "centre", "action": "save"}


ENTRIES = [
    Entry("meetings.index", allowed=ALL_SIGNED_IN),
    Entry("meetings.centre", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("meetings.centre", id=_centre_id(w, side))),
    Entry("meetings.new", allowed=WRITERS, scoped=True,
          url=lambda w, side: url_for("meetings.new", id=_centre_id(w, side), year=2566)),
    Entry("meetings.new", "POST", allowed=WRITERS, scoped=True, data=_form,
          url=lambda w, side: url_for("meetings.new", id=_centre_id(w, side), year=2566)),
    Entry("meetings.detail", allowed=ALL_SIGNED_IN, scoped=True,
          url=lambda w, side: url_for("meetings.detail", id=_meeting_id(w, side))),
    Entry("meetings.edit", allowed=WRITERS, scoped=True,
          url=lambda w, side: url_for("meetings.edit", id=_meeting_id(w, side))),
    Entry("meetings.edit", "POST", allowed=WRITERS, scoped=True, data=_form,
          url=lambda w, side: url_for("meetings.edit", id=_meeting_id(w, side))),
    Entry("meetings.delete", "POST", allowed=WRITERS, scoped=True,
          url=lambda w, side: url_for("meetings.delete", id=_meeting_id(w, side))),
]
