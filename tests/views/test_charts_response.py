"""send_chart over HTTP (a route registered by this test only) and the _chart.html macro."""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask import render_template_string

from portal import charts

DATA = {"title": "ผลตามตัวชี้วัด ศูนย์ฯ ที่ 1", "rows": [
    {"label": "สหกรณ์ผ่านการอบรม", "target": 80, "result": 75, "percent": Decimal("93.75")}]}


@pytest.fixture
def chart_client(app, monkeypatch):
    """The app with /test-chart/<version>.png; counts the figures drawn."""
    drawn = []
    real = charts.build_figure

    def counting(kind, data):
        drawn.append(kind)
        return real(kind, data)

    monkeypatch.setattr(charts, "build_figure", counting)
    charts.clear_cache()

    def chart(version):
        from portal.chart_response import send_chart

        data = dict(DATA, title=f"{DATA['title']} v{version}")
        return send_chart("kpi_bars", data)

    app.add_url_rule("/test-chart/<int:version>.png", "test_chart", chart)
    client = app.test_client()
    client.drawn = drawn
    yield client
    charts.clear_cache()


def test_send_chart_answers_a_png_with_its_etag_and_private_caching(chart_client):
    response = chart_client.get("/test-chart/1.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    key = charts.data_key("kpi_bars", dict(DATA, title=f"{DATA['title']} v1"))
    assert response.headers["ETag"] == f'"{key}"'
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_second_request_with_if_none_match_gets_304_with_no_body_and_no_drawing(chart_client):
    first = chart_client.get("/test-chart/1.png")
    assert chart_client.drawn == ["kpi_bars"]
    charts.clear_cache()  # even with the cache dropped, a matching tag draws nothing
    again = chart_client.get("/test-chart/1.png", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "private, max-age=300"
    assert chart_client.drawn == ["kpi_bars"]


def test_other_data_has_another_etag_and_a_stale_tag_gets_the_picture(chart_client):
    first = chart_client.get("/test-chart/1.png")
    other = chart_client.get("/test-chart/2.png", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200
    assert other.headers["ETag"] != first.headers["ETag"]
    assert other.data.startswith(b"\x89PNG") and other.data != first.data


def test_equal_data_is_served_from_the_cache(chart_client):
    a = chart_client.get("/test-chart/3.png")
    b = chart_client.get("/test-chart/3.png")
    assert a.data == b.data and chart_client.drawn == ["kpi_bars"]


def test_the_macro_draws_a_figure_with_alt_size_lazy_loading_and_caption(app):
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "_chart.html" import chart %}{{ chart(src, alt, caption) }}',
            src="/c/1.png?x=1&y=2", alt='ผล "ร้อยละ" <65>', caption="การมีส่วนร่วม ปี 2566")
    assert '<figure class="chart">' in html
    assert 'src="/c/1.png?x=1&amp;y=2"' in html
    assert 'alt="ผล &#34;ร้อยละ&#34; &lt;65&gt;"' in html
    assert 'loading="lazy"' in html
    assert f'width="{charts.WIDTH_PX}" height="{charts.HEIGHT_PX}"' in html
    assert "<figcaption class=\"chart-caption\">การมีส่วนร่วม ปี 2566</figcaption>" in html
    assert "css/charts.css" in html


def test_the_macro_leaves_out_an_empty_caption(app):
    with app.test_request_context("/"):
        html = render_template_string('{% from "_chart.html" import chart %}{{ chart("/c.png", "ภาพ") }}')
    assert "<figcaption" not in html and 'alt="ภาพ"' in html
