"""The words a cohort's learning statistics are read in."""
from portal.domain.reading import effect_size, significance


def test_significance_at_the_005_edge_and_by_direction():
    assert significance(0.049, 4.5) == "higher"
    assert significance(0.049, -1.0) == "lower"
    assert significance(0.05, 4.5) == "none"  # p at the level is not below it
    assert significance(0.3, 2.0) == "none"
    assert significance(None, 2.0) is None  # SD of the differences 0, or under two pairs
    assert significance(0.01, None) is None


def test_effect_size_conventional_edges():
    assert effect_size(0.19) == "very_small"
    assert effect_size(0.2) == "small"
    assert effect_size(-0.49) == "small"
    assert effect_size(0.5) == "medium"
    assert effect_size(0.79) == "medium"
    assert effect_size(0.8) == "large"
    assert effect_size(1.72) == "large"
    assert effect_size(None) is None


# --- charts drawn in English keep every word inside the picture --------------------------------------------

def _drawn_texts(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    hidden = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible() and id(t) not in hidden]


def test_english_score_distribution_legend_stays_inside_the_picture():
    """The results page in English: "After training x̄ = 14.47" was cut off at the right edge."""
    from portal import charts

    data = {"lang": "en", "title": "Scores before and after the training, Course 1, cohort 1", "max_score": 20,
            "pre": [1, 2, 7, 8, 8, 9, 9, 10, 11, 11, 11, 11, 12, 12, 12, 12, 13, 13, 15, 15],
            "post": [6, 8, 8, 9, 12, 12, 14, 14, 14, 15, 16, 16, 16, 18, 18, 19, 20, 20, 20]}
    fig = charts.build_figure("score_distribution", data)
    renderer = fig.canvas.get_renderer()
    texts = _drawn_texts(fig)
    assert any("After training" in t.get_text() for t in texts)
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= fig.bbox.x0 - 1 and extent.x1 <= fig.bbox.x1 + 1, text.get_text()
