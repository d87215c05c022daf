"""portal.charts: the data key, the PNG cache, alt text and Thai label fitting."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from portal import charts


def _participation(rate_2566=Decimal("64.996"), order="normal"):
    points = [{"x": "2564", "rate": 58.31}, {"x": "2565", "rate": None}, {"x": "2566", "rate": rate_2566}]
    series = {"label": "อัตราทางการ สหกรณ์การเกษตรบ้านน้ำ จำกัด", "points": points}
    if order == "normal":
        return {"title": "การมีส่วนร่วม", "x_label": "ปีบัญชี", "y_label": "ร้อยละ", "threshold": 65,
                "series": [series]}
    return {"series": [dict(reversed(list(series.items())))], "threshold": Decimal("65.0"),
            "y_label": "ร้อยละ", "x_label": "ปีบัญชี", "title": "การมีส่วนร่วม"}


@pytest.fixture(autouse=True)
def _empty_cache():
    charts.clear_cache()
    yield
    charts.clear_cache()


@pytest.fixture
def draws(monkeypatch):
    """Counts the figures render_png builds."""
    calls = []
    real = charts.build_figure

    def counting(kind, data):
        calls.append(kind)
        return real(kind, data)

    monkeypatch.setattr(charts, "build_figure", counting)
    return calls


# -- data_key and canonical JSON ------------------------------------------------

def test_data_key_is_the_sha256_of_sorted_compact_json_with_numbers_by_value():
    import hashlib

    data = {"b": [1, 2.50, Decimal("3.10"), None], "a": "ก่อน", "c": Decimal("100")}
    text = charts.canonical_json("kpi_bars", data)
    assert text == '{"data":{"a":"ก่อน","b":[1,2.5,3.1,null],"c":100},"kind":"kpi_bars"}'
    assert charts.data_key("kpi_bars", data) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_data_key_is_stable_and_ignores_key_order_and_number_type():
    key = charts.data_key("participation", _participation())
    assert len(key) == 64 and int(key, 16) >= 0
    assert charts.data_key("participation", _participation()) == key
    assert charts.data_key("participation", _participation(order="reversed")) == key
    assert charts.data_key("participation", _participation(rate_2566=64.996)) == key
    assert charts.data_key("participation", _participation(rate_2566=Decimal("64.9960"))) == key


def test_data_key_changes_with_the_data_and_the_kind():
    key = charts.data_key("participation", _participation())
    assert charts.data_key("participation", _participation(rate_2566=65)) != key
    assert charts.data_key("kpi_bars", _participation()) != key
    # a label composed differently but equal after NFC is the same label
    assert charts.data_key("kpi_bars", {"t": "น\u0e49\u0e33"}) == charts.data_key("kpi_bars", {"t": "น\u0e49\u0e33"})
    assert charts.data_key("kpi_bars", {"t": "1"}) != charts.data_key("kpi_bars", {"t": 1})


def test_data_key_refuses_what_a_chart_cannot_show():
    with pytest.raises(TypeError):
        charts.data_key("kpi_bars", {"rows": [object()]})


# -- the PNG cache ----------------------------------------------------------------

def test_equal_data_is_drawn_once_whatever_the_key_order_or_number_type(draws):
    first = charts.render_png("participation", _participation())
    again = charts.render_png("participation", _participation(order="reversed", rate_2566=64.996))
    assert draws == ["participation"]
    assert again == first


def test_different_data_is_drawn_again(draws):
    a = charts.render_png("participation", _participation())
    b = charts.render_png("participation", _participation(rate_2566=70))
    assert draws == ["participation", "participation"]
    assert a != b


def test_the_cache_keeps_the_most_recent_entries(draws, monkeypatch):
    monkeypatch.setattr(charts, "CACHE_SIZE", 2)
    data = [{"title": str(i), "rows": []} for i in range(3)]
    for d in data:
        charts.render_png("kpi_bars", d)
    assert len(draws) == 3
    charts.render_png("kpi_bars", data[2])  # still cached
    charts.render_png("kpi_bars", data[1])  # still cached
    assert len(draws) == 3
    charts.render_png("kpi_bars", data[0])  # evicted: drawn again
    assert len(draws) == 4


def test_rendering_from_several_threads_gives_the_same_picture():
    data = {"title": "พร้อมกัน", "max_score": 10, "pre": [1, 2, 3], "post": [7, 8, 9]}
    scores, kpis, errors = [], [], []

    def work(i):
        try:
            charts.clear_cache()
            scores.append(charts.render_png("score_distribution", data))
            kpis.append(charts.render_png("kpi_bars", {"title": f"แถว {i}", "rows": [
                {"label": "ก", "target": 10, "result": i, "percent": i * 10}]}))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(scores) == 4 and len(set(scores)) == 1
    assert len(set(kpis)) == 4


# -- alt text ---------------------------------------------------------------------

def test_participation_alt_names_the_title_the_latest_rate_and_the_verdict():
    alt = charts.alt_text("participation", _participation())
    assert "การมีส่วนร่วม" in alt and "อัตราทางการ สหกรณ์การเกษตรบ้านน้ำ จำกัด" in alt
    assert "ปี 2564 ร้อยละ 58.31" in alt
    assert "ปี 2566 ร้อยละ 65.00 (ต่ำกว่าเกณฑ์)" in alt  # 64.996 is below, shown with two decimals
    assert "เกณฑ์ร้อยละ 65" in alt
    at_line = charts.alt_text("participation", _participation(rate_2566=65))
    assert "ปี 2566 ร้อยละ 65.00 (ถึงเกณฑ์)" in at_line


def test_participation_alt_says_insufficient_for_a_series_without_rates():
    data = {"title": "ว่าง", "threshold": 65, "series": [{"label": "สำรวจ", "points": [{"x": "2566", "rate": None}]}]}
    assert "สำรวจ: ข้อมูลไม่พอ" in charts.alt_text("participation", data)


def test_score_alt_names_counts_and_means():
    alt = charts.alt_text("score_distribution", {"title": "คะแนน รุ่น 1", "max_score": 20,
                                                  "pre": [10, 11], "post": [15, 16, 14]})
    assert "คะแนน รุ่น 1" in alt and "คะแนนเต็ม 20" in alt
    assert "ก่อนอบรม 2 คน ค่าเฉลี่ย 10.50" in alt and "หลังอบรม 3 คน ค่าเฉลี่ย 15.00" in alt


def test_satisfaction_alt_names_each_mean_with_its_band_and_insufficient():
    alt = charts.alt_text("satisfaction_items", {"title": "พึงพอใจ", "scheme": "0.8", "items": [
        {"label": "วิทยากร", "mean": Decimal("4.205"), "n": 9},
        {"label": "สถานที่", "mean": 4.2049, "n": 9},
        {"label": "อาหาร", "mean": None, "n": 2}]})
    assert "วิทยากร 4.21 (มากที่สุด)" in alt and "สถานที่ 4.20 (มาก)" in alt and "อาหาร ข้อมูลไม่พอ" in alt


def test_kpi_alt_names_percent_result_and_target():
    alt = charts.alt_text("kpi_bars", {"title": "ตัวชี้วัด 2566", "rows": [
        {"label": "สหกรณ์ผ่านการอบรม", "target": 80, "result": 75, "percent": 93.75},
        {"label": "ความรู้เพิ่มขึ้น", "target": 10, "result": None, "percent": None}]})
    assert "ตัวชี้วัด 2566" in alt
    assert "สหกรณ์ผ่านการอบรม ร้อยละ 93.75 ของเป้าหมาย (ผล 75 จากเป้าหมาย 80)" in alt
    assert "ความรู้เพิ่มขึ้น ข้อมูลไม่พอ" in alt


def test_alt_text_is_one_line():
    data = {"title": "สอง\nบรรทัด", "rows": []}
    assert "\n" not in charts.alt_text("kpi_bars", data)


# -- Thai labels --------------------------------------------------------------------

def test_a_short_label_is_kept():
    assert charts.wrap_label("ภาพรวม", 20) == "ภาพรวม"
    assert charts.shorten_label("ภาพรวม", 20) == "ภาพรวม"


def test_marks_above_and_below_take_no_width():
    # ที่ปี่ผู้น้ำก็ is 5 cells: ที่ ปี่ ผู้ น้ำ ก็
    assert charts.shorten_label("ที่ปี่ผู้น้ำก็", 5) == "ที่ปี่ผู้น้ำก็"


def test_shortening_never_cuts_a_mark_from_its_consonant_nor_leaves_a_leading_vowel():
    short = charts.shorten_label("ผู้น้ำเก็บที่ปี่", 4)
    assert short == "ผู้น้ำ…"  # เ would be left alone before the cut: dropped
    assert charts.shorten_label("น้ำก็ดี", 2) == "น้ำ…"


def test_long_labels_wrap_at_spaces_into_two_lines_then_shorten():
    text = "ความเหมาะสมของสถานที่ น้ำดื่ม อาหาร และเครื่องดื่ม ที่ผู้เข้าอบรมได้รับ"
    wrapped = charts.wrap_label(text, 20)
    assert wrapped == "ความเหมาะสมของสถานที่\nน้ำดื่ม อาหาร และเครื่องดื่ม…"
    assert all(len(charts._clusters(line)) <= 20 for line in wrapped.split("\n"))


def test_a_word_longer_than_a_line_is_shortened():
    wrapped = charts.wrap_label("ร้อยละของสหกรณ์ที่มีสมาชิกมีส่วนร่วมในการดำเนินธุรกิจ 65", 20)
    assert wrapped.endswith("…") and "\n" not in wrapped
    assert len(charts._clusters(wrapped)) <= 20


def test_one_line_wrap_shortens_the_whole_label():
    assert charts.wrap_label("อัตรา ทางการ ของ สหกรณ์", 12, max_lines=1) == "อัตรา ทางการ…"


def test_a_dollar_sign_is_drawn_not_read_as_mathtext():
    fig = charts.build_figure("kpi_bars", {"title": "ราคา $5 และ $6", "rows": []})
    fig.canvas.draw()
    assert r"\$5" in fig._suptitle.get_text()


# -- English, when the page is shown in English --------------------------------------

def test_lang_en_gives_the_charts_own_words_and_the_alt_text_in_english():
    data = {"title": "Participation", "threshold": 65, "lang": "en",
            "series": [{"label": "Official", "points": [{"x": "2565", "rate": 70}]},
                       {"label": "Survey", "points": []}]}
    alt = charts.alt_text("participation", data)
    assert alt == ("Line chart: Participation, against the 65 percent threshold — "
                   "Official: 2565: 70.00 percent (at or above the threshold); Survey: Not enough data")
    fig = charts.build_figure("participation", data)
    fig.canvas.draw()
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "Threshold\n65 percent" in texts
    sat = {"title": "S", "lang": "en", "items": [{"label": "Speaker", "mean": 4.5, "n": 9},
                                                 {"label": "Food", "mean": None, "n": 1}]}
    assert "Speaker 4.50 (Highest)" in charts.alt_text("satisfaction_items", sat)
    sat_texts = [t.get_text() for t in charts.build_figure("satisfaction_items", sat).findobj(
        lambda a: hasattr(a, "get_text"))]
    assert "Not enough data" in sat_texts and "Highest" in sat_texts and "ข้อมูลไม่พอ" not in sat_texts


def test_a_lazy_translated_label_is_keyed_by_its_text():
    from flask_babel.speaklater import LazyString

    lazy = LazyString(lambda: "ภาพรวม")
    assert charts.data_key("kpi_bars", {"title": lazy}) == charts.data_key("kpi_bars", {"title": "ภาพรวม"})
    assert "ภาพรวม" in charts.alt_text("kpi_bars", {"title": lazy, "rows": []})
