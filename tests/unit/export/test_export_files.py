"""Exports of exhibits, on the demonstration data: images (kaleido in Debian's chromium), standalone HTML, the
frozen form of a published view, and decks as PPTX and PDF (read back with python-pptx)."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from pptx import Presentation

from dashboard import catalogue, geo
from dashboard.data import load_dataset
from dashboard.export import frozen, images, slides, standalone
from dashboard.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return load_dataset(Store(tmp_path_factory.mktemp("empty")), public=False)


def exhibits_of(data, url):
    found = catalogue.parse_url(url, data)
    return catalogue.main_figures(data, found.page, found.state)


def test_the_png_of_a_published_view_is_byte_identical_across_two_renders(demo):
    published = frozen.thaw(frozen.freeze(exhibits_of(demo, "/Trends?grp=Opioids&by=substance")))[0]
    first = images.image(published, "png", link="published view abc12345", dated="Published on 2026-12-01")
    second = images.image(published, "png", link="published view abc12345", dated="Published on 2026-12-01")
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
    double = images.image(published, "png", link="published view abc12345", dated="Published on 2026-12-01", scale=2)
    (w1, h1), (w2, h2) = Image.open(io.BytesIO(first)).size, Image.open(io.BytesIO(double)).size
    assert (w1, w2, h2) == (images.EXPORT_WIDTH, 2 * w1, 2 * h1)


def test_the_svg_holds_the_title_source_filters_date_and_link(demo):
    exhibit = exhibits_of(demo, "/Trends?grp=Opioids")[0]
    svg = images.image(exhibit, "svg", link="/Trends?grp=Opioids", dated="Exported on 2026-12-02").decode()
    assert svg.startswith("<svg")
    for words in ("Quantity seized", "Source: Demonstration data", "Filters: Years", "group: Opioids", "2026-12-02"):
        assert words in svg, words
    assert "/Trends?grp=Opioids" in svg


def test_maps_carry_the_united_nations_disclaimer_and_the_route_map_is_a_static_geo_figure(demo):
    route_map = exhibits_of(demo, "/Routes")[0]
    choropleth = [e for e in exhibits_of(demo, "/Compare_countries?view=map") if e.key == "map"][0]
    assert route_map.is_map and choropleth.is_map
    assert {t.type for t in route_map.figure.data} == {"scattergeo"}
    arrowheads = [t for t in route_map.figure.data if t.mode == "markers" and t.marker.symbol == "triangle-up"]
    assert arrowheads and len(arrowheads[0].lon) > 10  # one arrowhead per corridor, at its destination
    svg = images.image(choropleth, "svg", link="/x", dated="d").decode()
    assert "do not imply official endorsement or acceptance by the United Nations" in svg
    pdf = images.image(route_map, "pdf", link="/x", dated="d")
    assert pdf.startswith(b"%PDF")


def test_the_standalone_html_opens_offline(demo):
    exhibit = [e for e in exhibits_of(demo, "/Compare_countries?view=map") if e.key == "map"][0]
    page = standalone.html_page([exhibit], title="A </script><b>title</b>", link="/x", dated="d")
    assert "window.PlotlyGeoAssets" in page and "Plotly.newPlot" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)  # nothing to fetch
    assert "&lt;/script&gt;&lt;b&gt;title" in page  # the title is escaped
    assert geo.BOUNDARIES_DISCLAIMER[:60] in page


def test_frozen_exhibits_draw_what_was_published_and_spot_a_change(demo):
    shown = exhibits_of(demo, "/Trends?grp=Opioids")
    kept = frozen.freeze(shown)
    back = frozen.thaw(kept)
    assert [e.title for e in back] == [e.title for e in shown]
    assert json.loads(back[0].figure.to_json())["data"] == json.loads(shown[0].figure.to_json())["data"]
    assert frozen.frozen_fingerprint(kept) == frozen.table_fingerprint(shown)
    other = exhibits_of(demo, "/Trends?grp=Cocaine-type")
    assert frozen.table_fingerprint(other) != frozen.frozen_fingerprint(kept)


def test_a_pptx_deck_has_one_slide_per_view_with_an_image_and_the_speaker_notes(demo):
    contents = [
        slides.SlideContent(exhibits_of(demo, url)[0], url, f"Say this about {url}")
        for url in ("/Trends", "/Routes", "/Compare_countries?view=map")
    ]
    deck = Presentation(io.BytesIO(slides.pptx_bytes(contents, dated="Exported on 2026-12-02")))
    assert len(deck.slides) == 3
    for slide, content in zip(deck.slides, contents, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert content.exhibit.title in texts and any(t.startswith("Source: ") for t in texts)
        assert slide.notes_slide.notes_text_frame.text == content.notes
    pdf = slides.pdf_bytes(contents[:2], dated="d")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
