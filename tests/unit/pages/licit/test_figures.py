"""The licit-trade page's figures: the balance chart (unit, source, the licit watermark, escaped hovers), the tables,
and the offline map of licit flows beside seizures."""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl
import pytest

from dashboard.i18n import using
from dashboard.licit import model, rules
from dashboard.licit.model import Selection
from dashboard.pages.licit import figures
from dashboard.pages.licit.model import CORRIDOR_SCHEMA
from dashboard.store import Store

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def trade() -> model.LicitData:
    return model.load_licit(Store("/nonexistent/licit-store"))


def figure_of(view: model.SelectionView, *, demo: bool = True, source: str = "Src.") -> dict:
    figure = figures.balance_figure(view, title="A title", source=source, demo=demo)
    return json.loads(figure.to_json())


def test_balance_figure_has_unit_source_and_the_licit_watermark(trade: model.LicitData) -> None:
    spec = figure_of(model.selection_view(trade, Selection("MEX", "Ephedrine", 2024)))
    layout = json.dumps(spec["layout"], ensure_ascii=False)
    assert "(kg, anhydrous base)" in spec["layout"]["title"]["text"]
    assert "Source: Src." in spec["layout"]["title"]["subtitle"]["text"]
    assert "DEMONSTRATION DATA — NOT REAL AUTHORISATIONS OR ESTIMATES" in layout and "NOT REAL SEIZURES" not in layout
    names = [trace["name"] for trace in spec["data"]]
    assert names == [
        "Authorised imports, running total",
        "Authorisation",
        "Above the estimate (I2ES warning)",
        "Assessment 2024: 1,500 kg",
    ]
    assert spec["data"][0]["y"] == [0.0, 600.0, 1100.0, 1400.0, 1650.0, 1800.0, 1800.0]
    assert "NOT REAL" not in json.dumps(
        figure_of(model.selection_view(trade, Selection("MEX", "Ephedrine", 2024)), demo=False)
    )


def test_without_an_estimate_the_chart_says_it_is_not_checked(trade: model.LicitData) -> None:
    spec = figure_of(model.selection_view(trade, Selection("NGA", "Pseudoephedrine", 2024)))
    notices = [a["text"] for a in spec["layout"]["annotations"]]
    assert "No estimate known for 2024: not checked (this is not an estimate of zero)" in notices
    assert all("Estimate" not in (trace.get("name") or "") for trace in spec["data"])


def test_a_year_without_authorisations_says_so(trade: model.LicitData) -> None:
    empty = model.selection_view(trade, Selection("MEX", "Ephedrine", 2020))
    spec = figure_of(empty)
    assert "No authorisation to import Ephedrine in 2020" in [a["text"] for a in spec["layout"]["annotations"]]
    assert spec["layout"]["xaxis"]["range"] == ["2020-01-01", "2020-12-31"]


def test_hovers_escape_what_comes_from_data(trade: model.LicitData) -> None:
    view = model.selection_view(trade, Selection("MEX", "Ephedrine", 2024))
    hostile = replace(view, rows=view.rows.with_columns(pl.lit(HOSTILE).alias("authorisation_id")))
    figure = figures.balance_figure(hostile, title="t", source="s", demo=False)
    hovers = [text for trace in figure.data for text in (trace.text or ())]
    assert hovers and all(HOSTILE not in h and "&lt;img src=x" in h for h in hovers)


def test_tables(trade: model.LicitData) -> None:
    view = model.selection_view(trade, Selection("KEN", "Codeine", 2024))
    balance = figures.balance_table(view.rows, view.flags)
    assert balance["Exporting country"].to_list()[:2] == ["India", "United Kingdom"]
    assert balance["Issued"][0] == "2024-01-30" and balance["Flags"].to_list() == ["", "received differs", ""]
    export = figures.flag_export(trade.flags)
    assert export["flag_code"].to_list() == trade.flags["flag"].to_list()
    assert {"Reason", "exporting_iso3", "importing_iso3", "source_row"} <= set(export.columns)
    summary = figures.summary_table(trade.summary)
    assert summary.filter(pl.col("ISO3") == "NGA")["Kind"].to_list() == ["none known"]


def test_flow_deck_is_offline_with_both_sets_of_arcs(trade: model.LicitData) -> None:
    flows = rules.licit_flows(trade.authorisations, substance="Ephedrine", years=(2024, 2024))
    corridors = pl.DataFrame(
        {"origin_iso3": ["IND", "XKX"], "destination_iso3": ["NGA", "NGA"], "seizures": [3, 1], "kg": [None, 5.0]},
        schema={k: CORRIDOR_SCHEMA[k] for k in ("origin_iso3", "destination_iso3", "seizures", "kg")},
    ).with_columns(pl.lit(2019, pl.Int32).alias("first_year"), pl.lit(2021, pl.Int32).alias("last_year"))
    spec = json.loads(figures.flow_deck(flows, corridors, substance="Ephedrine").to_json())
    assert "mapProvider" not in spec and spec.get("mapStyle") in (None, "__MAP_STYLE__")
    layers = {layer["id"]: layer for layer in spec["layers"]}
    licit, seizures = layers["licit-flows"]["data"], layers["seizure-corridors"]["data"]
    assert len(licit) == 3 and len(seizures) >= 1
    assert licit[0]["tooltip"].splitlines() == [
        "Licit trade: India → Mexico",
        "Ephedrine: 850 kg authorised; received 600 kg",
        "Authorisations: 2; years: 2024",
    ]
    assert [arc["tooltip"] for arc in seizures] == [  # largest first; no kilogram figure last
        "Seizures: Kosovo under UNSCR 1244 → Nigeria\nEphedrine: 5 kg; seizures: 1\nYears: 2019–2021",
        "Seizures: India → Nigeria\nEphedrine: an unknown quantity; seizures: 3\nYears: 2019–2021",
    ]
    roles = {node["tooltip"] for node in layers["countries"]["data"]}
    assert "India\nlicit exporter, seizure origin" in roles
    with using("ar"):  # the tooltips in the reader's language; read from the right, the arrow points left
        spec = json.loads(figures.flow_deck(flows, corridors, substance="Ephedrine").to_json())
    first = {layer["id"]: layer for layer in spec["layers"]}["licit-flows"]["data"][0]["tooltip"].splitlines()
    assert first[0] == "التجارة المشروعة: الهند ← المكسيك" and "Licit" not in first[1] and "years" not in first[2]
    roles = {node["tooltip"] for node in {layer["id"]: layer for layer in spec["layers"]}["countries"]["data"]}
    assert "الهند\nمصدِّر مشروع، منشأ ضبطيات" in roles


def test_an_empty_map_shows_the_world() -> None:
    empty = pl.DataFrame(schema=rules.FLOW_SCHEMA)
    deck = figures.flow_deck(empty, pl.DataFrame(schema=CORRIDOR_SCHEMA), substance="Codeine")
    layers = {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}
    assert layers["licit-flows"]["data"] == [] and layers["seizure-corridors"]["data"] == []
    assert deck.initial_view_state.zoom < 2


def test_arcs_across_the_pacific_share_one_window() -> None:
    flows = pl.DataFrame(
        {
            "exporting_iso3": ["USA"],
            "importing_iso3": ["AUS"],
            "authorisations": [1],
            "quantity_kg": [10.0],
            "received_kg": [None],
            "first_year": [2024],
            "last_year": [2024],
            "substances": ["Oxycodone"],
        },
        schema=rules.FLOW_SCHEMA,
    )
    licit_arcs, _, nodes = figures.framed(
        *figures.flow_layers(flows, pl.DataFrame(schema=CORRIDOR_SCHEMA), substance="x")
    )
    (arc,) = licit_arcs
    assert abs(arc["source"][0] - arc["target"][0]) < 180  # the short way
    assert {round(n["position"][0]) for n in nodes} == {round(arc["source"][0]), round(arc["target"][0])}
