"""The Trends page by keyboard alone (WCAG 2.1.1, 2.4.7, 2.4.3): Tab and Enter reach a filter and change it, the
chart's downloads, the Share panel and a page link, and every stop on the way shows a focus outline of at least
3:1 against the background. The one other key is the Down arrow that opens a multiselect's list (Streamlit's
combobox opens on it, as the WAI-ARIA pattern says, not on Enter); docs/accessibility.md says so."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from dashboard.figures.colours import contrast
from tests.e2e.conftest import open_page, wait_for_app

pytestmark = pytest.mark.e2e

MAX_TABS = 400  # stops before a target; the page has fewer focusable elements than this
FOCUS = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    // What the outline is seen against: the first opaque background of an element that holds the whole ring
    // (not the control's own fill: a slider's thumb or a checkbox's box sit inside the ring).
    const bg = (e, ring) => {
        const r = e.getBoundingClientRect();
        for (let n = e.parentElement; n; n = n.parentElement) {
            const c = getComputedStyle(n).backgroundColor;
            const m = c.match(/[\d.]+/g) || [];
            const opaque = m.length === 3 || (m.length === 4 && parseFloat(m[3]) === 1);
            const p = n.getBoundingClientRect();
            const holds = p.left <= r.left - ring && p.top <= r.top - ring && p.right >= r.right + ring
                          && p.bottom >= r.bottom + ring;
            if (opaque && holds) return c;
        }
        return 'rgb(255, 255, 255)';
    };
    // The outline is drawn on the control, or on the label or wrapper that shows a hidden native input.
    const candidates = [el, el.closest('label'), el.closest('[data-baseweb="select"] > div'), el.parentElement];
    // A data grid draws its own focus ring on its canvas; the focused cell is in its hidden accessibility table.
    if (el.closest('[data-testid="stDataFrame"]') && el.getAttribute('role') === 'gridcell') {
        return {tag: el.tagName, role: 'gridcell', name: el.innerText.trim().slice(0, 80), outline: 'canvas',
                link: false};
    }
    for (const e of candidates.filter(Boolean)) {
        const s = getComputedStyle(e);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
            return {tag: el.tagName, role: el.getAttribute('role'), name: (el.innerText || el.getAttribute('aria-label')
                    || el.getAttribute('title') || '').trim().slice(0, 80), outline: s.outlineColor,
                    width: parseFloat(s.outlineWidth),
                    background: bg(e, parseFloat(s.outlineWidth) + Math.max(parseFloat(s.outlineOffset) || 0, 0)),
                    link: el.getAttribute('data-testid') === 'stPageLink-NavLink'};
        }
    }
    return {tag: el.tagName, role: el.getAttribute('role'), name: (el.innerText || el.getAttribute('aria-label')
            || '').trim().slice(0, 80), outline: null, link: false};
}"""


def _hex(rgb: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _ring_pixels(page) -> int:
    """Pixels of the theme's primary colour (#0072B2, 5.2:1 on white) in the focused data grid: its focus ring."""
    page.wait_for_timeout(400)  # the grid draws the ring on its next frame
    grid = page.locator('[data-testid="stDataFrame"]:focus-within').first
    pixels = np.asarray(Image.open(io.BytesIO(grid.screenshot())).convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array([0, 114, 178])) <= 30).all(axis=2).sum())


class Walk:
    """Tab through the page, checking the focus indicator at every stop."""

    def __init__(self, page) -> None:
        self.page = page
        self.stops: list[dict] = []
        self.invisible: list[dict] = []
        self.grid_cells = 0  # stops on a cell of a data grid (the grid's canvas itself takes the outline)
        self.grid_ring = 0  # pixels of the grid's own focus ring, measured at the first cell the Tab key reaches

    def focus(self) -> dict | None:
        return self.page.evaluate(FOCUS)

    def tab_to(self, wanted) -> dict:
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            here = self.focus()
            if here is None:
                continue
            self.stops.append(here)
            if here["outline"] is None:
                self.invisible.append(here)
            elif here["outline"] == "canvas":
                self.grid_cells += 1
                self.grid_ring = self.grid_ring or _ring_pixels(self.page)
            elif contrast(_hex(here["outline"]), _hex(here["background"])) < 3:
                self.invisible.append({**here, "contrast": contrast(_hex(here["outline"]), _hex(here["background"]))})
            if wanted(here):
                return here
        raise AssertionError(f"not reached by Tab in {MAX_TABS} stops; the last ones: {self.stops[-8:]}")


def test_the_trends_page_by_tab_and_enter_only(demo_server, visit, tmp_path):
    page = open_page(visit, demo_server, "Trends")
    walk = Walk(page)

    # A filter: the sidebar's substance groups. A list box opens with the Down arrow (the WAI-ARIA combobox pattern
    # Streamlit's widget follows; Enter does not open it), and Enter takes the highlighted option.
    walk.tab_to(lambda f: f["role"] == "combobox" and f["name"] == "Substance group")
    page.keyboard.press("ArrowDown")
    page.wait_for_selector('[role="option"]', timeout=15000)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]grp="), timeout=30000)
    wait_for_app(page)

    # The chart's data download.
    walk.tab_to(lambda f: f["tag"] == "BUTTON" and f["name"].endswith("Download the data (CSV)"))
    with page.expect_download() as csv:
        page.keyboard.press("Enter")
    assert csv.value.suggested_filename.endswith(".csv")

    # The Share panel: open it, then the chart as a PNG image from it.
    walk.tab_to(lambda f: f["tag"] == "BUTTON" and "Share and export" in f["name"])
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stPopoverBody"]', timeout=15000)
    walk.tab_to(lambda f: f["tag"] == "BUTTON" and f["name"].split()[-1:] == ["PNG"])
    with page.expect_download(timeout=90000) as png:
        page.keyboard.press("Enter")
    assert png.value.suggested_filename.endswith(".png")

    # A page link (Tab goes on past the end of the page and round to the navigation), then the new page's title.
    walk.tab_to(lambda f: f["link"] and f["name"].endswith("Compare countries"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/Compare_countries**")
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'", timeout=15000)

    assert len(walk.stops) > 10
    # A stop on a grid's cell (not on the grid itself) is shown by the grid's own ring on its canvas.
    assert walk.grid_ring > 20 or walk.grid_cells == 0, "the data grid shows which cell has the focus"
    assert walk.invisible == [], json.dumps(walk.invisible, indent=0)


def test_the_current_page_link_shows_its_focus(demo_server, visit):
    page = open_page(visit, demo_server, "Trends")
    walk = Walk(page)
    here = walk.tab_to(lambda f: f["link"] and f["name"].endswith("Trends"))
    assert here["outline"] is not None
    assert contrast(_hex(here["outline"]), _hex(here["background"])) >= 3


# Where the focused control is, and what it is in: the sidebar, a chart (Plotly's modebar keeps its own left-to-right
# order, as the chart does) or a data grid.
PLACE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    return {name: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40), x: r.left + r.width / 2,
            y: r.top + r.height / 2, top: r.top, bottom: r.bottom, width: r.width,
            sidebar: !!el.closest('[data-testid="stSidebar"]'), main: !!el.closest('[data-testid="stMain"]'),
            own_order: !!el.closest('.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDeckGlJsonChart"]')};
}"""


def test_in_arabic_the_focus_moves_from_right_to_left_as_the_page_reads(demo_server, visit):
    page = open_page(visit, demo_server, "Trends?lang=ar")
    stops = []
    for _ in range(120):
        page.keyboard.press("Tab")
        here = page.evaluate(PLACE)
        if here is None:
            continue
        if stops and here["name"] == stops[0]["name"] and here["x"] == stops[0]["x"]:
            break  # round the page once
        stops.append(here)
    sidebar = [s for s in stops if s["sidebar"]]
    # The page's controls (not a region the browser lets the Tab key scroll, which spans the page).
    main = [s for s in stops if s["main"] and not s["own_order"] and s["width"] < 400]
    assert len(sidebar) > 5 and len(main) > 5, stops
    # The sidebar, on the right, comes first; then the page itself.
    assert stops.index(sidebar[0]) < stops.index(main[0])
    # Two controls one after the other on one line: the second stands to the left of the first.
    same_line = [
        (a, b) for a, b in zip(main, main[1:], strict=False) if a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]
    assert same_line, "the Trends page has controls side by side (breakdown, resolution, scale)"
    backwards = [(a["name"], b["name"]) for a, b in same_line if b["x"] > a["x"] + 2]
    assert backwards == [], backwards
