"""Issue 14, in a real browser on the real data: the route map is framed on its corridors and has a legend on every
screen size, the matrix shows the same corridors, the Overview's key findings agree with an independent computation
from the stored rows, the phone gets a collapsed sidebar and stacked figures, and every page is photographed at the
three sizes (test-artifacts/issue14-after-<page>-<width>x<height>.png).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import polars as pl
import pytest

from dashboard.countries import SPECIAL_CODES, countries_frame
from dashboard.data import load_dataset
from dashboard.state import PAGES
from tests.e2e.conftest import ARTIFACTS, LOCAL_HOSTS, Visit, assert_clean, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.realdata]

SIZES = {"laptop": (1440, 900), "projector": (1920, 1080), "phone": (390, 844)}
DECK = '[data-testid="stDeckGlJsonChart"]'


@pytest.fixture()
def sized(chromium, request) -> Iterator[Visit]:
    width, height = SIZES[request.param]
    context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    record = Visit(page)
    page.on("request", lambda r: record.requests.append(r.url))
    yield record
    context.close()


def open_sized(visit: Visit, server, path: str):
    visit.page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
    wait_for_app(visit.page, timeout_ms=120000)
    return visit.page


def settled_map(page) -> tuple[dict, dict]:
    """The legend's framing facts and the map's box, once the page has rerun with the width the browser reported
    (the first run guesses it)."""
    page.wait_for_selector(".route-legend", timeout=60000)
    for _ in range(40):
        legend = page.locator(".route-legend").first
        facts = {key: json.loads(legend.get_attribute(f"data-{key}")) for key in ("view", "box", "panel", "ends")}
        box = page.locator(DECK).first.bounding_box()
        if box and abs(facts["panel"][0] - box["width"]) <= 12 and abs(facts["panel"][1] - box["height"]) <= 2:
            return facts, box
        page.wait_for_timeout(500)
    raise AssertionError(f"the map was never fitted to its panel: {facts['panel']} against {box}")


def _mercator(lat: float) -> float:
    lat = max(min(lat, 85.051129), -85.051129)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def corridor_pixels(view: dict, ends: list[list[float]], width: float, height: float) -> tuple[float, ...]:
    """Left, right, top and bottom in the map's pixels of the box around the corridors' ends, by Web Mercator from
    the deck's first view (deck.gl's world is 512 px wide at zoom 0)."""
    world = 512 * 2 ** view["zoom"]
    lons = [lon for lon, _ in ends]
    lats = [lat for _, lat in ends]
    left = (min(lons) - view["longitude"]) / 360 * world + width / 2
    right = (max(lons) - view["longitude"]) / 360 * world + width / 2
    top = (_mercator(view["latitude"]) - _mercator(max(lats))) * world + height / 2
    bottom = (_mercator(view["latitude"]) - _mercator(min(lats))) * world + height / 2
    return left, right, top, bottom


@pytest.mark.parametrize("sized", list(SIZES), indirect=True)
def test_route_map_is_framed_on_its_corridors_with_a_legend(real_server, sized):
    page = open_sized(sized, real_server, "Routes")
    assert_clean(sized, page)
    facts, deck = settled_map(page)
    assert len(facts["ends"]) == 2 * 25  # the 25 largest corridors by default
    # Every end a short arc away from the first (one window of longitudes, antimeridian-safe), so the box is honest.
    lons = [lon for lon, _ in facts["ends"]]
    assert max(lons) - min(lons) < 360
    left, right, top, bottom = corridor_pixels(facts["view"], facts["ends"], deck["width"], deck["height"])
    assert left >= -2 and right <= deck["width"] + 2, (left, right, deck)
    assert top >= -2 and bottom <= deck["height"] + 2, (top, bottom, deck)
    fill = max((right - left) / deck["width"], (bottom - top) / deck["height"])
    assert fill >= 0.5, f"the corridors fill {fill:.0%} of the map"
    # The legend sits on the map (on a phone, where it would hide half of it, just under it) and says what width,
    # colour and direction mean.
    legend = page.locator(".route-legend").first
    assert legend.is_visible()
    shown = legend.bounding_box()
    assert shown["x"] >= deck["x"] - 1 and shown["x"] + shown["width"] <= deck["x"] + deck["width"] + 1
    map_bottom = deck["y"] + deck["height"]
    if page.viewport_size["width"] < 640:
        assert map_bottom - 1 <= shown["y"] <= map_bottom + 60
    else:
        assert deck["y"] <= shown["y"] and shown["y"] + shown["height"] <= map_bottom
    words = legend.inner_text()
    for needed in ("Width: kilograms", "origin (blue)", "destination (orange)", "Direction"):
        assert needed in words
    assert sum(line.endswith("kilograms") for line in words.splitlines()) >= 2  # at least two width samples


def corridors_by_year(store) -> pl.DataFrame:
    """Kilograms per corridor and year from the stored case records, without the dashboard's queries: narcotic
    drugs and psychotropics, no plant material, amounts flagged to check left out, both ends a country."""
    cases = load_dataset(store).cases.collect()
    special = list(SPECIAL_CODES)
    routed = cases.filter(
        (pl.col("substance_class") == "drug"),
        ~pl.col("is_plant_material").fill_null(False),
        ~pl.col("quality_flags").fill_null("").str.contains("check_amount"),
        pl.col("departure_iso3").is_not_null() & pl.col("destination_iso3").is_not_null(),
        ~pl.col("departure_iso3").is_in(special) & ~pl.col("destination_iso3").is_in(special),
        pl.col("departure_iso3") != pl.col("destination_iso3"),
    )
    return routed.group_by("departure_iso3", "destination_iso3", "year").agg(pl.col("kg_equivalent").sum().alias("kg"))


def names() -> dict[str, str]:
    return dict(countries_frame().select("iso3", "name").iter_rows())


def test_matrix_shows_the_origins_and_destinations_of_the_map(real_server, real_store, visit):
    page = open_sized(visit, real_server, "Routes")
    assert_clean(visit, page)
    per_year = corridors_by_year(real_store)
    top = per_year.group_by("departure_iso3", "destination_iso3").agg(pl.col("kg").sum())
    top = top.sort("kg", descending=True).head(25)
    expected_origins = {names()[c] for c in top["departure_iso3"]}
    expected_destinations = {names()[c] for c in top["destination_iso3"]}
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="origin x destination").first
    chart.scroll_into_view_if_needed()
    assert chart.locator(".heatmaplayer, .hm").count() >= 1  # a heatmap, not a bar chart
    # SVG text has no innerText: read its textContent.
    rows = chart.locator(".ytick text").evaluate_all("ticks => ticks.map(t => t.textContent.trim())")
    columns = chart.locator(".xtick text").evaluate_all("ticks => ticks.map(t => t.textContent.trim())")

    def same(shown: list[str], expected: set[str]) -> bool:
        # Plotly's axis shows a long name cut with an ellipsis; the hover has it whole.
        return len(shown) == len(expected) and all(
            any(name.startswith(label.rstrip("…")) for name in expected) for label in shown
        )

    assert same(rows, expected_origins), (rows, expected_origins)
    assert same(columns, expected_destinations), (columns, expected_destinations)


def test_key_findings_agree_with_the_stored_rows(real_server, real_store, visit):
    page = open_sized(visit, real_server, "")
    assert_clean(visit, page)
    box = page.locator(".st-key-key-findings").first
    said = " ".join(box.inner_text().split())
    data = load_dataset(real_store)
    country = names()

    # Who reported: drug rows (no plant material) with a figure, latest year of the annual reports and the year before.
    annual = data.annual.filter(
        (pl.col("substance_class") == "drug"),
        ~pl.col("is_plant_material").fill_null(False),
        pl.col("kg_equivalent").is_not_null(),
    )
    latest = int(annual["year"].max())
    now = set(annual.filter(pl.col("year") == latest)["country_iso3"])
    before = set(annual.filter(pl.col("year") == latest - 1)["country_iso3"])
    stopped = sorted(country.get(c, c) for c in before - now)
    assert f"{len(stopped)} countries that reported for {latest - 1} have no figure for {latest}" in said
    for name in stopped[:15]:
        assert name in said
    assert f"{len(now)} countries gave a figure for {latest}" in said

    # The corridor that grew most, from the last year of the case records to the one before.
    per_year = corridors_by_year(real_store)
    last = int(per_year["year"].max())
    keys = ["departure_iso3", "destination_iso3"]
    growth = (
        per_year.filter(pl.col("year") == last)
        .join(
            per_year.filter(pl.col("year") == last - 1).select(*keys, pl.col("kg").alias("before")), on=keys, how="left"
        )
        .with_columns((pl.col("kg") - pl.col("before").fill_null(0)).alias("growth"))
        .sort("growth", descending=True)
        .row(0, named=True)
    )
    grew = f"The corridor that grew most: {country[growth['departure_iso3']]} → {country[growth['destination_iso3']]}"
    assert grew in said

    # Where the region that receives most is fed from, by UN M49 region and subregion.
    places = countries_frame().select("iso3", "region", "subregion")
    flows = (
        per_year.group_by(keys)
        .agg(pl.col("kg").sum())
        .join(places.select(pl.col("iso3").alias("destination_iso3"), "region"), on="destination_iso3")
        .join(places.select(pl.col("iso3").alias("departure_iso3"), "subregion"), on="departure_iso3")
        .drop_nulls(["region", "subregion"])
    )
    region = flows.group_by("region").agg(pl.col("kg").sum()).sort("kg", descending=True)["region"][0]
    into = flows.filter(pl.col("region") == region)
    source = into.group_by("subregion").agg(pl.col("kg").sum()).sort("kg", descending=True)["subregion"][0]
    assert f"{region} receives the most on the recorded corridors" in said
    assert f"comes from {source}" in said

    # Each finding links to the view that shows it, on this server.
    links = box.locator("a").evaluate_all("links => links.map(a => a.href)")
    links = [link for link in links if "#" not in link]  # the heading's own anchor
    assert len(links) == 5
    assert all(any(host in link for host in LOCAL_HOSTS) for link in links)
    assert any("/Routes" in link for link in links) and any("/Data" in link for link in links)


@pytest.mark.parametrize("sized", ["phone"], indirect=True)
def test_phone_collapses_the_sidebar_and_stacks_the_headline(real_server, sized):
    page = open_sized(sized, real_server, "")
    assert_clean(sized, page)
    sidebar = page.locator('[data-testid="stSidebar"]').first
    assert sidebar.get_attribute("data-collapsed") == "true"
    box = sidebar.bounding_box()
    assert box["x"] + box["width"] <= 0  # off the screen until the reader opens it
    metrics = page.locator('[data-testid="stMetric"]')
    lefts = {round(metrics.nth(i).bounding_box()["x"]) for i in range(min(metrics.count(), 5))}
    assert len(lefts) == 1, lefts  # one under the other, not five squeezed side by side
    width = page.viewport_size["width"]
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1  # no chart wider than the phone


PAGE_PATHS = [p.url_path for p in PAGES.values()]


@pytest.mark.parametrize("sized", list(SIZES), indirect=True)
@pytest.mark.parametrize("path", PAGE_PATHS, ids=[p or "Overview" for p in PAGE_PATHS])
def test_every_page_photographed_at_three_sizes(real_server, sized, path):
    page = open_sized(sized, real_server, path)
    assert_clean(sized, page)
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"issue14-after-{path or 'Overview'}-{width}x{height}"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    # Streamlit scrolls its main block, not the page: a whole-page picture needs a viewport as tall as the content.
    total = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(total + 40, 10000)})
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"))
    assert (ARTIFACTS / f"{name}-full.png").stat().st_size > 10_000
