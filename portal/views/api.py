"""The JSON API for integrations and the offline client: bearer-token authenticated (a trainee's personal token), exempt from CSRF."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
