"""The routes map and table: offline deck, bounded payload, escaped tooltips, short arcs across the Pacific."""

from __future__ import annotations

import json

import polars as pl
import pytest

from dashboard import geo
from dashboard.figures import deck
from dashboard.i18n import using
from dashboard.pages.routes import figures as routes
from dashboard.state import ViewState

HOSTILE = "<script>alert(1)</script>"


def corridor_frame(rows: list[dict]) -> pl.DataFrame:
    """A frame shaped like ``dashboard.query.corridors(...).frame``."""
    defaults = {
        "origin_country_name": None,
        "destination_country_name": None,
        "seizures": 1,
        "kg": 1.0,
        "first_year": 2019,
        "last_year": 2020,
        "top_substances": "Cocaine",
        "transit": "",
    }
    schema = {
        "origin_iso3": pl.String,
        "destination_iso3": pl.String,
        "seizures": pl.UInt32,
        "kg": pl.Float64,
        "first_year": pl.Int32,
        "last_year": pl.Int32,
        "top_substances": pl.String,
        "transit": pl.String,
        "origin_country_name": pl.String,
        "destination_country_name": pl.String,
    }
    return pl.DataFrame([{**defaults, **row} for row in rows], schema=schema)


def layer(drawn, layer_id: str) -> list[dict]:
    found = [item for item in json.loads(drawn.to_json())["layers"] if item["id"] == layer_id]
    return found[0]["data"] if found else []


@pytest.fixture(scope="module")
def many() -> pl.DataFrame:
    codes = geo.centroids()["iso3"].to_list()[:40]
    rows = [
        {"origin_iso3": a, "destination_iso3": b, "seizures": (i * 7) % 50 + 1, "kg": float(i), "transit": "PAN"}
        for i, (a, b) in enumerate((a, b) for a in codes for b in codes if a != b)
    ]
    return corridor_frame(rows)


def test_deck_loads_no_tiles_or_map_style(many: pl.DataFrame) -> None:
    drawn = routes.route_deck(many, width_by="kg", show_transit=True)
    text = drawn.to_json()
    spec = json.loads(text)
    # Streamlit substitutes Carto's tiles when mapStyle is missing; its placeholder value means "no basemap".
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in spec and drawn.map_provider is None
    for marker in ("http", "mapbox", "carto", "tile", "//"):
        assert marker not in text.lower(), marker
    assert [item["@@type"] for item in spec["layers"]].count("GeoJsonLayer") == 1


def test_basemap_is_fetched_by_url_not_sent_with_every_deck(many: pl.DataFrame) -> None:
    drawn = routes.route_deck(many.head(5), width_by="kg", show_transit=False)
    text = drawn.to_json()
    # The app serves static/geo/world.geojson itself; the deck names it and carries no shapes.
    assert layer(drawn, "basemap") == geo.WORLD_GEOJSON_URL == "/app/static/geo/world.geojson"
    assert geo.WORLD_GEOJSON.is_file()
    assert "coordinates" not in text and "FeatureCollection" not in text
    assert len(text.encode()) < 20_000


def test_arcs_are_capped(many: pl.DataFrame) -> None:
    assert many.height > 1000
    drawn = routes.route_deck(many, width_by="seizures", show_transit=True, max_arcs=50)
    assert len(layer(drawn, "corridors")) == 50
    assert 0 < len(layer(drawn, "transit-legs")) <= 50
    caption = routes.shown_caption(many, width_by="seizures", max_arcs=50)
    assert f"the 50 largest of {many.height:,} corridors" in caption


def test_largest_corridors_are_kept_and_widths_clamped(many: pl.DataFrame) -> None:
    data = routes.route_layers(many, width_by="kg", show_transit=False, max_arcs=10)
    widths = [arc["width"] for arc in data.arcs]
    assert widths == sorted(widths, reverse=True)
    assert max(widths) == routes.ARC_WIDTH[1]
    assert all(routes.ARC_WIDTH[0] <= w <= routes.ARC_WIDTH[1] for w in widths)
    assert not data.transit_legs and not data.transit_nodes
    with pytest.raises(ValueError):
        routes.route_layers(many, width_by="odp_t")


def test_tooltips_are_text_and_data_never_markup() -> None:
    frame = corridor_frame(
        [
            {
                "origin_iso3": "COL",
                "destination_iso3": "ESP",
                "origin_country_name": "Colombia<img src=x onerror=alert(2)>",
                "top_substances": HOSTILE,
                "transit": "PAN",
            }
        ]
    )
    drawn = routes.route_deck(frame, width_by="kg", show_transit=True)
    text = drawn.to_json()
    assert HOSTILE not in text
    assert "<" not in text and ">" not in text  # written as JSON unicode escapes
    # A text tooltip (innerText): values can never become markup, and are not double-escaped for display.
    assert drawn._tooltip["text"] == "{tooltip}" and "html" not in drawn._tooltip
    (arc,) = layer(drawn, "corridors")
    assert f"Main substances: {HOSTILE}" in arc["tooltip"].splitlines()
    assert arc["tooltip"].splitlines()[0] == "Colombia<img src=x onerror=alert(2)> (COL) → Spain (ESP)"
    for layer_id in ("corridors", "countries", "transit-legs", "transit-countries"):
        rows = layer(drawn, layer_id)
        assert rows and all(row["tooltip"] for row in rows), layer_id


def test_tooltip_lines_cannot_be_forged() -> None:
    frame = corridor_frame([{"origin_iso3": "COL", "destination_iso3": "ESP", "top_substances": "A\nSeizures: 0"}])
    (arc,) = layer(routes.route_deck(frame, width_by="kg", show_transit=False), "corridors")
    assert "Seizures: 0" not in arc["tooltip"].splitlines()


@pytest.mark.parametrize(("origin", "destination"), [("JPN", "USA"), ("AUS", "CHL"), ("USA", "NZL"), ("CHN", "MEX")])
def test_trans_pacific_arcs_take_the_short_way(origin: str, destination: str) -> None:
    frame = corridor_frame([{"origin_iso3": origin, "destination_iso3": destination}])
    (arc,) = layer(routes.route_deck(frame, width_by="kg", show_transit=False), "corridors")
    assert abs(arc["target"][0] - arc["source"][0]) < 180
    assert arc["source"][1] == pytest.approx(geo.centroid_of(origin)[0], abs=0.01)


def test_no_polars_frame_is_layer_data(many: pl.DataFrame) -> None:
    drawn = routes.route_deck(many.head(20), width_by="kg", show_transit=True)
    assert len(drawn.layers) >= 5
    for item in drawn.layers:
        assert not isinstance(item.data, pl.DataFrame | pl.LazyFrame | pl.Series)
        assert isinstance(item.data, list) or (item.id == "basemap" and item.data == geo.WORLD_GEOJSON_URL), item.id


def visible(view, width: int, height: int) -> tuple[float, float, float, float]:
    """West, south, east, north that a MapView state shows in a ``width`` x ``height`` panel (Web Mercator)."""
    world = 512 * 2**view.zoom
    half_lon = width / world * 180
    centre = deck._mercator_y(view.latitude)
    half = height / world / 2
    return (
        view.longitude - half_lon,
        deck._mercator_lat(centre - half),
        view.longitude + half_lon,
        deck._mercator_lat(centre + half),
    )


@pytest.mark.parametrize(("width", "height"), [(550, 560), (900, 520), (700, 420)])
def test_world_view_shows_the_inhabited_world_once(width: int, height: int) -> None:
    west, south, east, north = visible(deck.world_view(width, height), width, height)
    assert east - west <= 360.01  # never the world twice across
    assert north <= 85.06 and south >= -85.06  # never past a pole
    assert west <= -115 and east >= 145  # the Americas to Japan and eastern Australia
    assert -70 <= south <= -50  # Cape Horn or close, not the empty Southern Ocean down to the edge of the map
    assert north >= 75


@pytest.mark.parametrize("panel", [(358, 380), (980, 600), (1460, 600)])
def test_routes_map_opens_framed_on_its_corridors(panel: tuple[int, int]) -> None:
    # Colombia, Brazil and Mexico to Spain and Malaysia: the box must hold every end and fill most of the panel.
    frame = corridor_frame(
        [
            {"origin_iso3": "COL", "destination_iso3": "ESP", "kg": 900.0},
            {"origin_iso3": "BRA", "destination_iso3": "ESP", "kg": 500.0},
            {"origin_iso3": "MEX", "destination_iso3": "MYS", "kg": 100.0},
        ]
    )
    data = routes.route_layers(frame, max_arcs=10)
    view = routes.route_view(data, panel)
    west, south, east, north = visible(view, *panel)
    box = routes.route_box(data)
    assert box is not None
    assert west <= box[0] and east >= box[2] and south <= box[1] and north >= box[3]
    y = deck._mercator_y
    fill = max((box[2] - box[0]) / (east - west), (y(box[3]) - y(box[1])) / (y(north) - y(south)))
    assert fill >= 0.5
    assert east - west <= 360.01  # never the world twice across


def test_corridors_across_the_pacific_are_framed_without_the_atlantic() -> None:
    frame = corridor_frame(
        [
            {"origin_iso3": "CHN", "destination_iso3": "USA", "kg": 10.0},
            {"origin_iso3": "JPN", "destination_iso3": "MEX", "kg": 5.0},
        ]
    )
    data = routes.route_layers(frame, max_arcs=10)
    west, _, east, _ = routes.route_box(data)
    assert east - west < 200  # the Pacific way: China and Japan to the Americas, not round by Europe
    assert west < 180 < east  # antimeridian crossed inside the box


def test_common_frame_holds_every_arc_once() -> None:
    positions = deck.country_positions()

    def arc(a: str, b: str) -> dict:
        source, target = deck.arc_ends(positions[a], positions[b])
        return {"source": source, "target": target}

    arcs = [arc("DEU", "MEX"), arc("CHN", "MEX"), arc("IND", "MEX")]
    west, east = deck.common_frame(arcs)
    assert east - west < 360
    for item in arcs:
        low = min(item["source"][0], item["target"][0])
        moved = deck.into_frame(low, west)
        assert west <= moved and moved + abs(item["target"][0] - item["source"][0]) <= east + 1e-9
    codes = list(positions)[:40]
    assert deck.common_frame([arc(a, b) for a in codes for b in codes if a != b]) is None
    assert deck.common_frame([]) is None


def test_empty_corridors_give_an_empty_map() -> None:
    drawn = routes.route_deck(corridor_frame([]).clear(), width_by="kg", show_transit=True)
    assert layer(drawn, "corridors") == []
    assert routes.corridor_table(corridor_frame([]).clear()).columns[:7] == [
        "From",
        "To",
        "Seizures",
        "Kilograms",
        "Years",
        "Main substances",
        "Transit",
    ]


def test_corridors_with_no_position_stay_in_the_table_only() -> None:
    frame = corridor_frame(
        [{"origin_iso3": "COL", "destination_iso3": "ESP"}, {"origin_iso3": "COL", "destination_iso3": "XUN"}]
    )
    data = routes.route_layers(frame)
    assert len(data.arcs) == 1 and data.corridors_drawable == 1
    assert "1 have an end with no known position" in routes.shown_caption(frame)
    table = routes.corridor_table(frame)
    assert table.height == 2
    assert table["To profile"].to_list() == ["Country_profile?country=ESP", None]


def test_corridor_table_is_readable() -> None:
    frame = corridor_frame(
        [
            {
                "origin_iso3": "COL",
                "destination_iso3": "ESP",
                "origin_country_name": "Colombia",
                "destination_country_name": "Spain",
                "seizures": 12,
                "kg": 1234.5678,
                "first_year": 2016,
                "last_year": 2019,
                "top_substances": "Cocaine, Cannabis herb",
                "transit": "PAN|NLD",
            }
        ]
    )
    table = routes.corridor_table(frame, state=ViewState(measure="seizures"))
    row = table.row(0, named=True)
    assert row["From"] == "Colombia" and row["To"] == "Spain"
    assert row["Seizures"] == 12 and row["Kilograms"] == pytest.approx(1234.568)
    assert row["Years"] == "2016–2019"
    assert row["Transit"] == "Panama, Netherlands"
    assert row["From profile"] == "Country_profile?m=seizures&country=COL"  # the profile keeps the filters
    assert row["To profile"].endswith("country=ESP")
    export = routes.corridor_export(frame)
    assert export.row(0, named=True)["From ISO3"] == "COL"
    assert "From profile" not in export.columns


def test_legend_says_width_colour_and_direction_and_escapes_its_words() -> None:
    frame = corridor_frame(
        [
            {"origin_iso3": "COL", "destination_iso3": "ESP", "kg": 10000.0},
            {"origin_iso3": "BRA", "destination_iso3": "ESP", "kg": 100.0},
        ]
    )
    data = routes.route_layers(frame, max_arcs=10)
    facts = routes.frame_facts(data, routes.route_view(data, (600, 400)), (600, 400))
    facts["note"] = HOSTILE
    legend = routes.legend_html(data, width_by="kg", frame=facts)
    assert "Width: kilograms" in legend and "10,000 kilograms" in legend and "100 kilograms" in legend
    assert "origin (blue)" in legend and "Direction" in legend
    assert "<script>" not in legend and "&lt;script&gt;" in legend
    assert json.loads(facts_attribute(legend, "box")) == list(routes.route_box(data))
    assert len(json.loads(facts_attribute(legend, "ends"))) == 4


def facts_attribute(legend: str, name: str) -> str:
    import html

    start = legend.index(f"data-{name}='") + len(f"data-{name}='")
    return html.unescape(legend[start : legend.index("'", start)])


def test_matrix_and_flows_show_the_same_corridors() -> None:
    frame = corridor_frame(
        [
            {
                "origin_iso3": "COL",
                "destination_iso3": "ESP",
                "kg": 900.0,
                "origin_country_name": "Colombia",
                "destination_country_name": "Spain",
            },
            {
                "origin_iso3": "BRA",
                "destination_iso3": "PRT",
                "kg": 100.0,
                "origin_country_name": "Brazil",
                "destination_country_name": "Portugal",
            },
        ]
    )
    matrix = routes.matrix_figure(frame, width_by="kg", title="t", source="s", demo=False)
    (heat,) = matrix.data
    assert list(heat.y) == ["Colombia", "Brazil"] and list(heat.x) == ["Spain", "Portugal"]
    assert heat.z[0][1] is None  # no corridor Colombia -> Portugal among those shown: blank, never 0
    flows = routes.flow_figure(frame, width_by="kg", title="t", source="s", demo=False)
    (sankey,) = flows.data
    assert list(sankey.link.value) == [900.0, 100.0]
    assert list(sankey.node.label) == ["Colombia", "Brazil", "Spain", "Portugal"]
    assert sankey.node.x is None  # plotly.js lays the flows out, origins on the left
    with using("ar"):
        mirrored = routes.flow_figure(frame, width_by="kg", title="t", source="s", demo=False)
    (sankey,) = mirrored.data
    # An Arabic reader starts on the right: the origins stand there, the destinations on the left.
    assert list(sankey.node.x) == [0.999, 0.999, 0.001, 0.001]
    assert sankey.node.y[0] < sankey.node.y[1] and sankey.node.y[2] < sankey.node.y[3]
    assert all(label.startswith("\u2067") and label.endswith("\u2069") for label in sankey.node.label)


def test_flow_columns_right_to_left_give_each_node_its_share_top_down() -> None:
    x, y = routes.right_to_left_columns([3.0, 1.0, 4.0], origins=2)
    assert x == [0.999, 0.999, 0.001]
    room = 1 - routes.FLOW_PAD
    assert y[:2] == pytest.approx([room * 0.75 / 2, room * 0.75 + routes.FLOW_PAD + room * 0.25 / 2])
    assert y[2] == pytest.approx(0.5)  # a column of one node stands in the middle
