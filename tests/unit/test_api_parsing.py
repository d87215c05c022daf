"""The API's parsing of a submission: plain values in, a Submission or a 400 out (no database)."""
from __future__ import annotations

import json

import pytest

from portal.services.api import ApiError, parse_submission

UUID = "3f2b8c1e-5d4a-4b6e-9f10-2a7c9e8d1b34"


def _raw(**fields):
    body = {"uuid": UUID, "instrument": "c1_knowledge", "version": 1, "phase": "pre", "answers": {}}
    body.update(fields)
    return json.dumps(body).encode()


def test_a_good_body_becomes_a_submission_with_flat_answers():
    sub = parse_submission(_raw(uuid=UUID.upper(), answers={"q01": "a", "lines": ["x", "y"],
                                                             "sessions": {"12": {"rating": 5}}}))
    assert sub.uuid == UUID and sub.version == 1 and sub.phase == "pre" and sub.replaces is None
    assert sub.answers == {"q01": "a", "lines": ["x", "y"], "sessions.12.rating": 5}


@pytest.mark.parametrize("raw", [
    b"", b"{", b"[]", b"\xff", _raw(uuid="x"), _raw(version="1"), _raw(version=False), _raw(phase="mid"),
    _raw(answers=[]), _raw(answers={"sessions": {"12": 5}}), _raw(answers={"q": {"a": 1}}),
    _raw(answers={"q": [{"a": 1}]}), _raw(replaces="abc"), b'{"uuid": Infinity}',
])
def test_bad_bodies_are_400(raw):
    with pytest.raises(ApiError) as caught:
        parse_submission(raw)
    assert caught.value.status == 400
    body = caught.value.body()
    assert body["error"] in ("bad_json", "bad_request") and body["message_th"] and body["message_en"]
