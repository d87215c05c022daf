"""Security baseline applied to every response: CSRF, CSP and friends.

- CSRF: Flask-WTF protects every POST/PUT/PATCH/DELETE, htmx included (the
  token travels in the X-CSRFToken header set by `hx-headers` on <body>).
  Blueprints for bearer-token APIs are exempted explicitly where they are
  registered.
- CSP: no inline script or style anywhere; htmx is configured for it through
  the htmx-config meta tag (allowEval false, no indicator styles, no script tags).
"""
from __future__ import annotations

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: Flask-WTF checks the Referer under HTTPS.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def init_app(app) -> None:
    csrf.init_app(app)

    @app.after_request
    def _set_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
