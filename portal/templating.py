"""Jinja filters and globals: every date, amount and time is formatted through portal.domain."""
from __future__ import annotations

from portal.domain import thaidates
from portal.i18n import current_language
from portal.htmx import HTMX_STATIC_PATH
from portal import clock


def init_app(app) -> None:
    env = app.jinja_env
    env.filters.update(
        thdate=lambda d, style="short": thaidates.format_date(d, style=style, lang=current_language()),
        thdatetime=lambda d: thaidates.format_datetime(d, lang=current_language()),
        timerange=lambda pair: thaidates.format_time_range(pair[0], pair[1], lang=current_language()),
        duration=lambda minutes: thaidates.format_duration(minutes, lang=current_language()),
        amount=lambda x: thaidates.format_amount(x, lang=current_language()),
        number=lambda x, decimals=0: thaidates.format_number(x, decimals),
        percent=lambda x, decimals=2: thaidates.format_percent(x, decimals),
        bedate_input=thaidates.format_be_input,
    )
    def role_label(role: str) -> str:
        from portal.models import ROLES

        th, en, _level = ROLES[role]
        return th if current_language() == "th" else en

    def province_label(province) -> str:
        """ "จังหวัดปทุมธานี", but "กรุงเทพมหานคร" (Bangkok is not a จังหวัด); English: the name."""
        if current_language() != "th":
            return province.name_en
        return province.name_th if province.code == "10" else f"จังหวัด{province.name_th}"

    def office_head(office) -> str:
        """Whom an office's reports are addressed to: "สหกรณ์จังหวัดปทุมธานี", or for a Bangkok area
        office its director ("ผู้อำนวยการสำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1")."""
        if current_language() != "th":
            if office.kind == "bangkok_area":
                return f"Director, {office.name_en}"
            return f"Provincial Cooperative Officer, {office.province.name_en}"
        if office.kind == "bangkok_area":
            return f"ผู้อำนวยการ{office.name_th}"
        return f"สหกรณ์จังหวัด{office.province.name_th}"

    env.globals.update(
        role_label=role_label,
        province_label=province_label,
        office_head=office_head,
        quarter_label=lambda fy, q: thaidates.quarter_label(fy, q, lang=current_language()),
        fiscal_year_label=lambda fy: thaidates.fiscal_year_label(fy, lang=current_language()),
        today=clock.today,
        htmx_static_path=HTMX_STATIC_PATH,
    )
