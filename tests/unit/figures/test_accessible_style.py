"""The accessible look of every figure (docs/accessibility.md): contrast and colour-vision checks of the palette,
one style per substance group, chart text sizes, and a shape beside every colour."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import polars as pl
import pytest
from plotly.colors import get_colorscale, unlabel_rgb

from dashboard.figures import charts, colours, style
from dashboard.query import Trend
from dashboard.reference import read_rows
from dashboard.substances import GROUPS

WHITE = "#ffffff"
CVD_DISTINCT = 15  # CIE76 Delta E: colours closer than this are told apart by their marker and dash instead


def _hex(colour: str) -> str:
    if colour.startswith("#"):
        return colour
    r, g, b = (int(v) for v in unlabel_rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def test_contrast_matches_the_wcag_reference_figures():
    assert colours.contrast("#000000", WHITE) == pytest.approx(21.0)
    assert colours.contrast("#828180", WHITE) == pytest.approx(3.88, abs=0.01)  # Streamlit's caption grey
    assert colours.contrast("#808495", WHITE) == pytest.approx(3.72, abs=0.01)  # Streamlit's chart text


def test_every_series_colour_is_at_least_3_to_1_on_white():
    for look in style.PALETTE:
        assert colours.contrast(look.colour, WHITE) >= 3.0, look


def test_the_text_colours_are_at_least_4_5_to_1_on_white():
    for colour in (style.TEXT_COLOUR, style.MUTED_COLOUR, style.WARNING_TEXT):
        assert colours.contrast(colour, WHITE) >= 4.5, colour


def test_every_series_style_is_unique_and_colours_alike_under_cvd_differ_in_shape():
    assert len({(s.colour, s.symbol, s.dash) for s in style.PALETTE}) == len(style.PALETTE)
    assert len({s.symbol for s in style.PALETTE}) == len(style.PALETTE)  # never colour alone
    for first, second in itertools.combinations(style.PALETTE, 2):
        close = min(colours.difference(first.colour, second.colour, d) for d in (None, *colours.DEFICIENCIES))
        if close < CVD_DISTINCT:
            assert (first.symbol, first.dash) != (second.symbol, second.dash)


def test_the_five_colours_stay_apart_under_deuteranopia_and_protanopia():
    distinct = list(dict.fromkeys(s.colour for s in style.PALETTE))
    for deficiency in colours.DEFICIENCIES:
        for first, second in itertools.combinations(distinct, 2):
            assert colours.difference(first, second, deficiency) >= CVD_DISTINCT, (deficiency, first, second)


def test_the_sequential_scale_climbs_in_lightness_under_every_vision():
    steps = [_hex(c) for _, c in get_colorscale(style.SEQUENTIAL)]
    for deficiency in (None, *colours.DEFICIENCIES):
        lightness = [colours.lightness(c, deficiency) for c in steps]
        assert lightness == sorted(lightness), deficiency


def test_every_substance_group_has_one_style_of_its_own():
    rows = read_rows("group_colours.csv")
    assert {r["group"] for r in rows} == set(GROUPS)
    assert len({r["slot"] for r in rows}) == len(rows)
    assert len(set(style.GROUP_STYLES.values())) == len(GROUPS)


def _trend(series: list[str]) -> Trend:
    frame = pl.DataFrame(
        {
            "period": [2020, 2021] * len(series),
            "series": [s for s in series for _ in (0, 1)],
            "value": [float(i + 1) for i in range(2 * len(series))],
        },
        schema_overrides={"period": pl.Int32},
    )
    return Trend(frame=frame, measure="kg", unit="kg", records=4, countries=1)


def test_a_group_keeps_its_colour_whatever_else_is_drawn():
    opioids, cocaine = GROUPS["opioids"].label, GROUPS["cocaine"].label
    alone = charts.trend_figure(_trend([opioids]), log_scale=False, title="t", source="s", demo=False)
    beside = charts.trend_figure(_trend([cocaine, opioids]), log_scale=False, title="t", source="s", demo=False)

    def line_of(fig: go.Figure, name: str):
        return next(t for t in fig.data if t.name.replace("<br>", " ") == name)

    assert line_of(alone, opioids).line.color == line_of(beside, opioids).line.color
    assert line_of(alone, opioids).marker.symbol == style.GROUP_STYLES[opioids].symbol
    assert line_of(beside, cocaine).line.color != line_of(beside, opioids).line.color


def test_chart_text_is_14_px_and_the_source_line_12_px():
    fig = charts.trend_figure(_trend(["A", "B"]), log_scale=False, title="Title", source="Src", demo=True)
    template = fig.layout.template.layout
    assert template.font.size >= 14
    assert template.xaxis.tickfont.size >= 14 and template.yaxis.tickfont.size >= 14
    assert fig.layout.legend.font.size >= 14
    assert fig.layout.title.subtitle.font.size >= 12
    assert colours.contrast(fig.layout.title.subtitle.font.color, WHITE) >= 4.5
    assert colours.contrast(template.xaxis.tickfont.color, WHITE) >= 4.5
    assert f"font-size:{style.FONT_SIZE}px" in fig.layout.title.text  # the unit beside the title


def test_long_legend_entries_wrap():
    name = GROUPS["ats"].label  # "Amphetamine-type stimulants (excl. ecstasy)"
    lines = style.legend_name(name).split("<br>")
    assert len(lines) > 1 and max(len(line) for line in lines) <= style.LEGEND_WRAP


def test_black_or_white_text_on_a_fill_is_the_one_with_more_contrast():
    assert colours.text_on("#0072B2") == "#ffffff"
    assert colours.text_on("#F0E442") == "#000000"
    for fill in ("#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#E69F00", "#0072B2", "#666666", "#EEEEEE"):
        assert colours.contrast(colours.text_on(fill), fill) >= 4.5, fill
