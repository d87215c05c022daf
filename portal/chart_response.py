"""Charts over HTTP: a PNG from portal.charts, validated by its ETag (the hash of the data it shows).

The ETag is ``charts.data_key(kind, data)``: the same numbers give the same tag on every worker and
host, so a browser that already holds the picture gets 304 with no body and nothing is drawn. The
response is private (charts show one centre's or office's figures) and fresh for five minutes.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Response, request

from portal import charts

CACHE_CONTROL = "private, max-age=300"


def send_chart(kind: str, data: Mapping) -> Response:
    """200 image/png with ETag and Cache-Control, or 304 (no body) when If-None-Match matches."""
    key = charts.data_key(kind, data)
    if request.if_none_match.contains_weak(key):
        response = Response(status=304)
    else:
        response = Response(charts.render_png(kind, data), mimetype="image/png")
    response.set_etag(key)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
