"""Thai error pages with no traceback; htmx requests get the message in place."""
from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.htmx import htmx_response, is_htmx
from portal.i18n import N_

TITLES = {
    400: N_("คำขอไม่ถูกต้อง"),
    403: N_("ไม่มีสิทธิ์เข้าถึง"),
    404: N_("ไม่พบหน้าที่ต้องการ"),
    405: N_("วิธีเรียกใช้ไม่ถูกต้อง"),
    409: N_("ข้อมูลขัดแย้งกับที่บันทึกไว้"),
    413: N_("ไฟล์หรือข้อมูลใหญ่เกินไป"),
    500: N_("ระบบขัดข้อง"),
}
DEFAULT_TITLE = N_("เกิดข้อผิดพลาด")


def _render(status: int, message: str):
    title = _(TITLES.get(status, DEFAULT_TITLE))
    if is_htmx():
        body = render_template("errors/_message.html", status=status, title=title, message=message)
        # Shown in the page's message area whatever element asked.
        return htmx_response(body, status, retarget="#messages", reswap="innerHTML")
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return _render(400, _("แบบฟอร์มหมดอายุหรือไม่มีรหัสป้องกัน (CSRF) กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง"))

    @app.errorhandler(HTTPException)
    def _http(exc):
        messages = {
            403: _("บัญชีของคุณไม่มีสิทธิ์ดูหรือแก้ไขรายการนี้"),
            404: _("ไม่พบหน้าหรือรายการที่ต้องการ อาจถูกย้ายหรือคุณไม่มีสิทธิ์เข้าถึง"),
            405: _("หน้านี้ไม่รองรับวิธีเรียกใช้นี้"),
            413: _("ไฟล์หรือข้อมูลที่ส่งมาใหญ่เกินกำหนด"),
        }
        message = messages.get(exc.code, _("คำขอไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง"))
        if request.path.startswith("/api/"):  # the JSON API answers JSON, routing errors included
            response = jsonify(error=(exc.name or "error").lower().replace(" ", "_"), message_th=message,
                               message_en=exc.name or "Error")
            response.status_code = exc.code or 500
            response.headers["Cache-Control"] = "no-store"
            return response
        return _render(exc.code or 500, message)

    @app.errorhandler(Exception)
    def _server_error(exc):
        app.logger.exception("Unhandled error")
        return _render(500, _("ระบบขัดข้องชั่วคราว ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณาลองใหม่อีกครั้ง"))
