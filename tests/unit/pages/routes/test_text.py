"""The Routes page's choices and sentences."""

from __future__ import annotations

import polars as pl

from dashboard.pages.routes import params
from dashboard.pages.routes import text as routes
from dashboard.query import Corridors
from dashboard.state import ViewState
from tests.unit.datasets import dataset

CORRIDORS = Corridors(frame=pl.DataFrame(), records_in_view=12345, records_with_route=678)


def test_width_follows_the_measure_when_the_map_can_draw_it() -> None:
    assert params.width_measure(ViewState(measure="seizures")) == "seizures"
    assert params.width_measure(ViewState(measure="odp_t")) == "kg"


def test_choosing_the_width_the_map_already_shows_keeps_the_measure() -> None:
    assert params.with_width(ViewState(measure="odp_t"), "kg").measure == "odp_t"
    assert params.with_width(ViewState(measure="odp_t"), "seizures").measure == "seizures"


def test_transit_is_shown_unless_the_url_says_0() -> None:
    assert params.shows_transit(ViewState())
    assert not params.shows_transit(ViewState(page={"transit": False}))


def test_with_transit_puts_only_hidden_in_the_url() -> None:
    assert params.with_transit(ViewState(), False).page == {"transit": False}
    assert params.with_transit(ViewState(page={"transit": False}), True).page == {}


def test_routes_text() -> None:
    state = ViewState(origin="producing", measure="seizures", year_from=2016)
    text = routes.routes_text(dataset(), state, CORRIDORS)
    assert text.heading == "Trafficking corridors from producing country to destination, 2016–2020: number of seizures"
    assert text.rests_on.startswith("The map rests on 678 of 12,345 seizure records")
    assert text.source == "Source: UNODC, test."
    assert text.measure_note is None
    assert text.no_route.startswith("No route to draw: none of the 12,345 seizure records")
    assert text.export_notes == [
        "Trafficking corridors, producing country to destination, 2016-2020",
        "What is counted: narcotic drugs and psychotropics; 2016–2020; all regions; plant material left out; amounts "
        "flagged to check left out",
        text.rests_on,
        "To check: records of the corridor flagged check_amount (an unlikely amount for its conveyance)",
        text.source,
    ]
    assert text.table_heading(1500, "kg") == "**Top corridors** (1,500, largest first by kilograms)"


def test_routes_text_notes_a_measure_the_map_cannot_draw_and_demonstration_data() -> None:
    text = routes.routes_text(dataset(demo=True), ViewState(measure="co2e_t"), CORRIDORS)
    assert text.measure_note == (
        "Climate impact (tonnes CO2 equivalent) is not drawn on the map; arc width shows kilograms instead."
    )
    assert text.heading.endswith(": quantity seized (kilograms)")
    # The figures' titles leave the unit to the bracket that ``style.finish`` puts after them.
    assert text.matrix_title.endswith(": quantity seized") and text.flow_title.endswith(": quantity seized")
    # No ozone-depleting substance in view: nothing to cite but the demonstration label.
    assert text.source == "Source: none (no figure in this view). Demonstration data — not real seizures."
    said_already = routes.routes_text(dataset(demo=True, citation="Demo — not real"), ViewState(), CORRIDORS)
    assert said_already.source == "Source: Demo — not real."


def test_an_exported_route_figure_names_its_source_once_in_every_language() -> None:
    from dashboard.i18n import using
    from dashboard.pages.routes import figures
    from dashboard.text import without_line_isolates

    shown = pl.DataFrame(
        {
            "origin_country_name": ["Colombia"],
            "destination_country_name": ["Spain"],
            "origin_iso3": ["COL"],
            "destination_iso3": ["ESP"],
            "kg": [900.0],
            "seizures": [3],
        }
    )
    for lang, prefix in (("en", "Source: "), ("ar", "المصدر: ")):
        with using(lang):
            words = routes.routes_text(dataset(), ViewState(), CORRIDORS)
            exhibit = figures.matrix_exhibit(shown, ViewState(), words, filters="", demo=False)
        subtitle = without_line_isolates(exhibit.figure.layout.title.subtitle.text)
        # The page's own "Source: ..." is not fed back into the figure, which writes the word itself.
        assert subtitle.count(prefix.strip()) == 1 and "UNODC, test" in subtitle, subtitle
