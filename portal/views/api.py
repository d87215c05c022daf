"""The JSON API for integrations and the offline client: a trainee's bearer token, no CSRF, no cookies.

    GET  /api/v1/me                  the trainee, the cohort, the questionnaires assigned (phase, window, status)
    GET  /api/v1/instruments/<code>  the current version of an assigned questionnaire, never its answer key
    POST /api/v1/responses           {"uuid", "instrument", "version", "phase", "answers": {name: value}[, "replaces"]}

Every answer is JSON (UTF-8) with ``Cache-Control: no-store``; errors are
``{"error", "message_th", "message_en"}`` (422 adds ``"errors": {name: message}``).
Statuses: 200, 201 stored, 200 identical replay (the same body), 400 bad JSON or
shapes, 401 missing/malformed/unknown/expired token (``WWW-Authenticate: Bearer``),
403 not assigned, unknown version or window not open, 404 unknown questionnaire,
409 conflict, 413 body over 64 KB, 422 invalid answers. No cookie is read or set.
The rules and the decisions behind them are in ``portal.services.api``.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from portal.domain.eligibility import BilingualMessage
from portal.security import csrf
from portal.services import api as service
from portal.services.api import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _json(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, headers=headers or {}, mimetype="application/json")


@bp.before_request
def _limit_body():
    # Reading more than this raises 413 (with or without a Content-Length).
    request.max_content_length = service.MAX_BODY_BYTES


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return _json(exc.body(), exc.status, exc.headers)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    return _api_error(service.too_large())


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    message = BilingualMessage("คำขอไม่ถูกต้อง", exc.name or "Bad request")
    return _json({"error": (exc.name or "error").lower().replace(" ", "_"), "message_th": message.th,
                  "message_en": message.en}, exc.code or 400)


@bp.errorhandler(Exception)
def _server_error(exc: Exception):
    current_app.logger.exception("API error")
    message = BilingualMessage("ระบบขัดข้องชั่วคราว ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณาลองใหม่อีกครั้ง",
                               "A temporary fault; nothing stored was lost. Please try again")
    return _json({"error": "server_error", "message_th": message.th, "message_en": message.en}, 500)


def _trainee():
    return service.authenticate(request.headers.get("Authorization"))


@bp.get("/me")
def me():
    return _json(service.me(_trainee()))


@bp.get("/instruments/<code>")
def instrument(code):
    return _json(service.instrument_json(_trainee(), code))


@bp.post("/responses")
def responses():
    trainee = _trainee()
    if request.content_length is not None and request.content_length > service.MAX_BODY_BYTES:
        raise service.too_large()
    submission = service.parse_submission(request.get_data(cache=False))
    status, body = service.submit(trainee, submission)
    return _json(body, status)
