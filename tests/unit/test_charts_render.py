"""portal.charts draws every kind from realistic and edge data, in Sarabun, without pyplot.

The realistic pictures are written to tests/.artifacts/charts/ to be looked at by a person.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

from portal import charts

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / ".artifacts" / "charts"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LONG_COOP = "สหกรณ์การเกษตรบ้านน้ำก็ผู้ปี่ที่ จำกัด"

SAMPLES = {
    "participation": {
        "title": "การมีส่วนร่วมของสมาชิกในการดำเนินธุรกิจกับสหกรณ์ " + LONG_COOP
                 + " และภาพรวมของศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 เทียบกับเกณฑ์ร้อยละ 65",
        "x_label": "ปีบัญชี", "y_label": "ร้อยละของสมาชิกที่ทำธุรกิจกับสหกรณ์", "threshold": 65,
        "series": [
            {"label": "อัตราทางการ (งบการเงิน) " + LONG_COOP,
             "points": [{"x": "2563", "rate": 52.4}, {"x": "2564", "rate": Decimal("58.31")},
                        {"x": "2565", "rate": None}, {"x": "2566", "rate": Decimal("64.996")}]},
            {"label": "อัตราจากแบบสำรวจสมาชิก " + LONG_COOP,
             "points": [{"x": "2564", "rate": 61.0}, {"x": "2565", "rate": 66.5}, {"x": "2566", "rate": 70.25}]},
            {"label": "ภาพรวมศูนย์ฯ ที่ 1 (อัตราทางการ)",
             "points": [{"x": "2563", "rate": 55}, {"x": "2564", "rate": 57.5}, {"x": "2565", "rate": 60.1},
                        {"x": "2566", "rate": 63.8}]},
        ],
    },
    "score_distribution": {
        "title": "การกระจายคะแนนทดสอบก่อนและหลังอบรม หลักสูตรการพัฒนาผู้นำสหกรณ์ที่มีน้ำใจ รุ่นที่ 1 ปี่ 2566",
        "max_score": 20,
        "pre": [8, 9, 10, 10, 11, 12, 7, 9, 10, 13, 11, 12, 10, 9, 14, 10, 11, 8, 12, 13, 0, 3],
        "post": [14, 15, 16, 15, 17, 18, 13, 15, 16, 14, 15, 16, 17, 19, 20, 15, 16, 14, 15, 20],
    },
    "satisfaction_items": {
        "title": "ความพึงพอใจรายข้อ หลักสูตรการพัฒนาผู้นำสหกรณ์ รุ่นที่ 1 (ผู้ตอบ 23 คน)",
        "scheme": "0.8",
        "items": [
            {"label": "วิทยากรมีความรู้ ความเข้าใจ ในเนื้อหาที่ถ่ายทอด", "mean": 4.62, "n": 23},
            {"label": "ความเหมาะสมของสถานที่ที่ใช้อบรม น้ำดื่ม อาหาร และเครื่องดื่ม ที่ผู้เข้าอบรมได้รับก็เพียงพอ",
             "mean": Decimal("4.205"), "n": 23},
            {"label": "ผู้เข้าอบรมสามารถนำความรู้ไปปรับใช้ในการดำเนินงานของสหกรณ์ได้ก็ต่อเมื่อมีการติดตามผลอย่างต่อเนื่อง",
             "mean": 3.4, "n": 23},
            {"label": "ระยะเวลาการอบรม (ตอบไม่ครบ)", "mean": None, "n": 3},
            {"label": "เอกสารประกอบการอบรม ปี่ ผู้ ที่ น้ำ ก็", "mean": 2.1, "n": 23},
            {"label": "ภาพรวม", "mean": 5.0, "n": 23},
        ],
    },
    "kpi_bars": {
        "title": "ผลการดำเนินงานตามตัวชี้วัด ปีงบประมาณ 2566 ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1 จังหวัดน่าน",
        "rows": [
            {"label": "จำนวนสหกรณ์เป้าหมายที่ผ่านการอบรม", "target": 80, "result": 75, "percent": 93.75},
            {"label": "ร้อยละของสหกรณ์ที่สมาชิกมีส่วนร่วม ในการดำเนินธุรกิจกับสหกรณ์ ไม่น้อยกว่าร้อยละ 65 ของสมาชิกทั้งหมด",
             "target": 40, "result": 52, "percent": 130},
            {"label": "ผู้เข้าอบรมมีความรู้เพิ่มขึ้น", "target": 100, "result": None, "percent": None},
            {"label": "สหกรณ์ที่มีแผนพัฒนาที่ผู้นำกับสมาชิกน้ำหนึ่งใจเดียวกัน", "target": 12, "result": 3,
             "percent": Decimal("25.00")},
        ],
    },
}

EDGES = {
    "participation": [
        {"title": "", "series": []},
        {"title": "ไม่มีจุด", "threshold": 65, "series": [{"label": "ว่าง", "points": []}]},
        {"title": "จุดเดียว", "threshold": 65, "series": [{"label": "ทางการ", "points": [{"x": "2566", "rate": 64.996}]}]},
        {"title": "ไม่ทราบทุกปี", "threshold": 65,
         "series": [{"label": "ทางการ", "points": [{"x": "2565", "rate": None}, {"x": "2566", "rate": None}]}]},
        {"title": "สองชุด", "threshold": Decimal("65"),
         "series": [{"label": "ทางการ", "points": [{"x": "2564", "rate": 0}, {"x": "2565", "rate": 100}]},
                    {"label": "สำรวจ", "points": [{"x": "2564", "rate": 65}, {"x": "2565", "rate": 99.99}]}]},
    ],
    "score_distribution": [
        {"title": "ว่าง", "max_score": 20, "pre": [], "post": []},
        {"title": "เท่ากันหมด", "max_score": 20, "pre": [12] * 9, "post": [12] * 9},
        {"title": "เต็ม 1", "max_score": 1, "pre": [0, 1, 0], "post": [1, 1, 1]},
        {"title": "เต็ม 50", "max_score": 50, "pre": [5, 17, 33, 50, 49, 0], "post": [40, 45, 50]},
        {"title": "ไม่มีหลังอบรม", "max_score": 10, "pre": [3, 4], "post": []},
    ],
    "satisfaction_items": [
        {"title": "ว่าง", "scheme": "0.8", "items": []},
        {"title": "ไม่พอทุกข้อ", "scheme": "0.5", "items": [{"label": "ข้อ 1", "mean": None, "n": 2}]},
        {"title": "ขอบ", "scheme": "0.5", "items": [{"label": "ต่ำสุด", "mean": 1, "n": 5},
                                                     {"label": "สูงสุด", "mean": Decimal("5.00"), "n": 5}]},
        {"title": "หลายข้อ", "items": [{"label": f"ข้อที่ {i} ความพึงพอใจต่อการจัดอบรมด้านที่ {i}",
                                         "mean": 1 + i / 5, "n": 20} for i in range(20)]},
    ],
    "kpi_bars": [
        {"title": "ว่าง", "rows": []},
        {"title": "ไม่พอ", "rows": [{"label": "ตัวชี้วัด", "target": 0, "result": 0, "percent": None}]},
        {"title": "เกินมาก", "rows": [{"label": "ก", "target": 5, "result": 20, "percent": 400},
                                      {"label": "ข", "target": 5, "result": 0, "percent": 0}]},
    ],
}

ALL_CASES = [(kind, SAMPLES[kind]) for kind in charts.KINDS] + [
    (kind, data) for kind, cases in EDGES.items() for data in cases]


def _png_ok(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.format == "PNG"
        corner = image.convert("RGB").getpixel((1, 1))
        assert corner == (255, 255, 255), "the background is white"
        return image.size


def _texts(fig: Figure) -> list[Text]:
    """Every text drawn: tick labels made for ticks outside the axis limits are never drawn."""
    fig.canvas.draw()  # tick labels, legend and layout exist only after a draw
    hidden = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return [t for t in fig.findobj(Text)
            if t.get_text().strip() and t.get_visible() and id(t) not in hidden]


@pytest.mark.parametrize("kind,data", ALL_CASES,
                         ids=[f"{k}-{i}" for i, (k, _) in enumerate(ALL_CASES)])
def test_every_kind_draws_realistic_and_edge_data_as_a_white_png(kind, data):
    fig = charts.build_figure(kind, data)
    assert isinstance(fig, Figure)
    width, height = _png_ok(charts.render_png(kind, data))
    assert width == charts.WIDTH_PX
    assert height >= charts.HEIGHT_PX


def test_the_default_size_is_16_by_9_cm_at_150_dpi():
    assert (charts.WIDTH_PX, charts.HEIGHT_PX) == (945, 531)
    width, height = _png_ok(charts.render_png("score_distribution", SAMPLES["score_distribution"]))
    assert (width, height) == (945, 531)


def test_the_macro_reserves_the_size_the_charts_are_drawn():
    macro = (ROOT / "templates" / "_chart.html").read_text(encoding="utf-8")
    assert f"width={charts.WIDTH_PX}" in macro and f"height={charts.HEIGHT_PX}" in macro


@pytest.mark.parametrize("kind", charts.KINDS)
def test_every_text_of_every_kind_is_in_sarabun(kind):
    texts = _texts(charts.build_figure(kind, SAMPLES[kind]))
    assert len(texts) >= 5
    assert {t.get_fontname() for t in texts} == {"Sarabun"}


def test_no_text_leaves_the_picture():
    for kind in charts.KINDS:
        fig = charts.build_figure(kind, SAMPLES[kind])
        renderer = fig.canvas.get_renderer()
        box = fig.bbox
        for text in _texts(fig):
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, (kind, text.get_text())
            assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, (kind, text.get_text())


def test_participation_draws_the_65_line_dashed_and_labelled_in_thai_with_y_from_0_to_100():
    fig = charts.build_figure("participation", SAMPLES["participation"])
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if list(ln.get_ydata()) == [65, 65]]
    assert len(lines) == 1 and lines[0].get_linestyle() == "--"
    assert any("65" in t.get_text() and "เกณฑ์ร้อยละ" in t.get_text() for t in _texts(fig))
    assert ax.get_ylim() == (0, 100)


def test_participation_draws_one_labelled_line_per_series_with_a_gap_for_none():
    data = SAMPLES["participation"]
    fig = charts.build_figure("participation", data)
    ax = fig.axes[0]
    series_lines = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(series_lines) == 3
    official = list(series_lines[0].get_ydata())
    assert official[0] == 52.4 and official[1] == 58.31 and official[3] == 64.996
    assert official[2] != official[2]  # NaN: the unknown 2565 is a gap
    legend_texts = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert legend_texts[0].startswith("อัตราทางการ") and legend_texts[1].startswith("อัตราจากแบบสำรวจ")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2563", "2564", "2565", "2566"]


def test_participation_labels_few_points_with_two_decimals():
    data = EDGES["participation"][4]
    texts = [t.get_text() for t in _texts(charts.build_figure("participation", data))]
    for value in ("0.00", "100.00", "65.00", "99.99"):
        assert value in texts


def test_participation_at_64_996_is_drawn_below_the_line_and_labelled_65_00():
    data = EDGES["participation"][2]
    fig = charts.build_figure("participation", data)
    point = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "o"][0]
    assert point.get_ydata()[0] < 65
    assert "65.00" in [t.get_text() for t in _texts(fig)]


def test_score_distribution_names_both_means_in_the_legend_and_marks_them():
    data = {"title": "ก", "max_score": 20, "pre": [10, 11], "post": [15, 16, 14]}
    fig = charts.build_figure("score_distribution", data)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "ก่อนอบรม x̄ = 10.50" in legend and "หลังอบรม x̄ = 15.00" in legend
    assert "ก่อนอบรม (n = 2)" in legend and "หลังอบรม (n = 3)" in legend
    verticals = sorted(ln.get_xdata()[0] for ln in fig.axes[0].get_lines()
                       if isinstance(ln, Line2D) and ln.get_linestyle() == "--")
    assert verticals == [10.5, 15.0]


def test_score_distribution_counts_each_score():
    data = {"title": "ก", "max_score": 4, "pre": [0, 0, 4], "post": [2, 4, 4, 4]}
    ax = charts.build_figure("score_distribution", data).axes[0]
    pre, post = ax.containers
    assert [b.get_height() for b in pre] == [2, 0, 0, 0, 1]
    assert [b.get_height() for b in post] == [0, 0, 1, 0, 3]


def test_score_distribution_over_20_points_groups_scores_into_bands():
    ax = charts.build_figure("score_distribution", EDGES["score_distribution"][3]).axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "0–5" and labels[-1] == "48–50"
    pre, post = ax.containers
    assert sum(b.get_height() for b in pre) == 6 and sum(b.get_height() for b in post) == 3


def test_satisfaction_draws_bars_on_1_to_5_with_band_edges_values_and_insufficient():
    fig = charts.build_figure("satisfaction_items", SAMPLES["satisfaction_items"])
    ax = fig.axes[0]
    texts = [t.get_text() for t in _texts(fig)]
    assert ax.get_xlim()[0] == 1
    for name in ("มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"):
        assert name in texts
    assert {"4.62", "4.21", "3.40", "2.10", "5.00"} <= set(texts)
    assert "ข้อมูลไม่พอ" in texts
    bars = ax.containers
    assert len(bars) == 5  # the item with mean None has no bar
    edges = sorted(ln.get_xdata()[0] for ln in ax.get_lines())
    assert edges == [1.81, 2.61, 3.41, 4.21]


def test_satisfaction_uses_the_scheme_asked_for():
    data = {"title": "ก", "scheme": "0.5", "items": [{"label": "ข้อ", "mean": 3, "n": 9}]}
    edges = sorted(ln.get_xdata()[0] for ln in charts.build_figure("satisfaction_items", data).axes[0].get_lines())
    assert edges == [1.51, 2.51, 3.51, 4.51]
    with pytest.raises(ValueError):
        charts.build_figure("satisfaction_items", {"title": "ก", "scheme": "0.7", "items": []})


def test_kpi_bars_draw_percent_of_target_with_the_100_line_and_insufficient():
    fig = charts.build_figure("kpi_bars", SAMPLES["kpi_bars"])
    ax = fig.axes[0]
    texts = [t.get_text() for t in _texts(fig)]
    assert [ln.get_xdata()[0] for ln in ax.get_lines()] == [100]
    assert "93.75 (75/80)" in texts and "130.00 (52/40)" in texts and "ข้อมูลไม่พอ" in texts
    assert [round(b.get_width(), 2) for c in ax.containers for b in c] == [93.75, 130.0, 25.0]
    assert ax.get_xlim()[1] > 130


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        charts.build_figure("pie", {})
    with pytest.raises(ValueError):
        charts.render_png("pie", {})


def test_pyplot_is_never_imported():
    code = (
        "import sys, json\n"
        "from decimal import Decimal\n"
        "import portal.charts as c\n"
        "data = json.loads(sys.stdin.read())\n"
        "for kind in c.KINDS:\n"
        "    assert c.render_png(kind, data[kind]).startswith(b'\\x89PNG')\n"
        "print('pyplot' if 'matplotlib.pyplot' in sys.modules else 'clean')\n"
    )
    samples = json.dumps(SAMPLES, default=str, ensure_ascii=False)
    done = subprocess.run([sys.executable, "-c", code], input=samples, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"


def test_write_one_png_per_kind_to_look_at():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for kind in charts.KINDS:
        png = charts.render_png(kind, SAMPLES[kind])
        (ARTIFACTS / f"{kind}.png").write_bytes(png)
        assert (ARTIFACTS / f"{kind}.png").stat().st_size > 10_000
    for kind, cases in EDGES.items():
        for i, data in enumerate(cases):
            (ARTIFACTS / f"edge_{kind}_{i}.png").write_bytes(charts.render_png(kind, data))
