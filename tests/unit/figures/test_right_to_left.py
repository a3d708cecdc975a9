"""Charts in a right-to-left language: each line of text isolated as right to left (SVG text takes the page's CSS
direction, not its first letter's), the title starting at the right, and nothing of it in another language."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import text
from dashboard.figures import charts, style, summary
from dashboard.i18n import using
from tests.unit.figures.test_charts import SOURCE, make_trend

RLI, PDI = "\u2067", "\u2069"


def _trend(lang: str) -> go.Figure:
    with using(lang):
        return charts.trend_figure(make_trend(), log_scale=False, title="Quantity seized", source=SOURCE, demo=True)


def _isolated(value: str) -> bool:
    body = value.partition("<extra>")[0]
    return all(line.startswith(RLI) and line.endswith(PDI) for line in body.split("<br>") if line.strip())


def test_every_line_of_an_arabic_chart_reads_right_to_left():
    fig = _trend("ar")
    layout = fig.layout
    assert _isolated(layout.title.text) and layout.title.text.count(RLI) == layout.title.text.count("<br>") + 1
    assert _isolated(layout.title.subtitle.text)
    assert layout.title.x == 1 and layout.title.xanchor == "right"
    assert all(_isolated(a.text) for a in layout.annotations)  # the demonstration watermark
    named = [t for t in fig.data if t.name]
    assert named and all(_isolated(t.name) for t in named)
    hovers = [t.hovertemplate for t in fig.data if isinstance(t.hovertemplate, str)]
    assert hovers and all(_isolated(h) for h in hovers)
    assert all(h.count("<extra>") <= 1 and RLI not in h.partition("<extra>")[2] for h in hovers)
    assert layout.hoverlabel.align == "right"
    assert _isolated(layout.yaxis.title.text or RLI + PDI)
    # A tick label with words ("1.5 مليون") reads right to left too: the number first, on the right.
    assert layout.yaxis.ticktext and all(_isolated(t) for t in layout.yaxis.ticktext)


def test_an_english_chart_has_no_direction_marks_and_starts_at_the_left():
    fig = _trend("en")
    texts = [fig.layout.title.text, fig.layout.title.subtitle.text] + [t.name or "" for t in fig.data]
    assert not any(RLI in value or PDI in value for value in texts)
    assert fig.layout.title.xanchor is None and style.TEMPLATE.layout.title.xanchor == "left"  # the template's


def test_marking_twice_changes_nothing_and_the_marks_come_off_for_plain_text():
    once = text.right_to_left_lines("<b>كوكايين</b><br>2021: %{y}<br><extra>x</extra>")
    assert text.right_to_left_lines(once) == once
    assert once == f"{RLI}<b>كوكايين</b>{PDI}<br>{RLI}2021: %{{y}}{PDI}<br><extra>x</extra>"
    assert text.without_line_isolates(once) == "<b>كوكايين</b><br>2021: %{y}<br><extra>x</extra>"
    # A text of the data isolated inside the line (text.as_written) keeps its own marks.
    inner = text.right_to_left_lines("\u2068UNODC\u2069")
    assert text.without_line_isolates(inner) == "\u2068UNODC\u2069"


def test_the_text_alternative_and_the_slide_read_the_title_without_marks():
    fig = _trend("ar")
    with using("ar"):
        title = summary.title_of(fig)
        slide = style.presentation(fig)
    assert title and RLI not in title and PDI not in title
    assert _isolated(slide.layout.title.text) and slide.layout.title.xanchor == "right"
    assert slide.layout.title.text.count(RLI) == slide.layout.title.text.count("<br>") + 1


def test_a_grid_on_a_right_to_left_page_gives_its_columns_in_reverse_and_pins_none() -> None:
    from dashboard.ui.charts import right_to_left_columns

    pinned = {"pinned": True, "label": "Year"}
    order, config = right_to_left_columns(["year", "Cocaine", "Heroin"], {"year": pinned, "Cocaine": "Cocaine"})
    assert order == ["Heroin", "Cocaine", "year"]  # the first column is drawn last, on the right
    # A pinned column would stay on the left, the end of an Arabic line; the caller's setting is not changed.
    assert config == {"year": {"pinned": False, "label": "Year"}, "Cocaine": "Cocaine"} and pinned["pinned"]
    assert right_to_left_columns(["a"], None) == (["a"], None)


def test_arabic_panels_start_at_the_right_with_their_scale_beside_the_first() -> None:
    import polars as pl

    frame = pl.DataFrame(
        [
            {"year": y, "country_name": c, "value": v * y}
            for c, v in (("COL", 3.0), ("PER", 2.0), ("BOL", 1.0))
            for y in (2020, 2021)
        ]
    )

    def first_panel_axes(lang: str):
        with using(lang):
            fig = charts.small_multiples(
                frame, title="t", unit="kg", source="s", demo=False, order=["COL", "PER", "BOL"]
            )
        trace = next(t for t in fig.data if t.y and max(t.y) == 3.0 * 2021)  # the first country's panel
        return fig.layout["xaxis" + trace.xaxis[1:]], fig.layout["yaxis" + trace.yaxis[1:]]

    arabic_x, arabic_y = first_panel_axes("ar")
    english_x, english_y = first_panel_axes("en")
    # The first panel on the right in Arabic, on the left in English.
    assert arabic_x.domain[1] > 0.99 and english_x.domain[0] == 0
    assert arabic_y.side == "right" and arabic_y.showticklabels is not False
    assert english_y.side in (None, "left")


def test_arabic_bars_across_grow_to_the_left_from_their_names_on_the_right() -> None:
    import polars as pl

    from dashboard.pages.overview.figures import group_bars

    groups = pl.DataFrame({"substance_group": ["Cocaine-type", "Opioids"], "value": [900.0, 300.0]})
    with using("ar"):
        arabic = group_bars(groups, title="t", source="s", demo=False)
    assert arabic.layout.xaxis.autorange == "reversed" and arabic.layout.yaxis.side == "right"
    english = group_bars(groups, title="t", source="s", demo=False)
    assert english.layout.xaxis.autorange is None and english.layout.yaxis.side is None
    # A time axis keeps its order in Arabic: the trend's years still run from the left.
    assert _trend("ar").layout.xaxis.autorange is None
