"""Accessibility in a real browser (WCAG 2.2 AA, docs/accessibility.md): axe-core on every page, the text alternative
of every chart, headline numbers that are not cut, and focus that moves to a new page's title.

The visit of every page in every language also checks that the page speaks that language (issue 12): no text is shown
identically in English and in the other language unless it is data as reported (``tests/e2e/text_coverage.py``).
One visit does both, so the languages cost no page load of their own.

axe-core comes from npm (``scripts/setup.sh`` installs it into node_modules); it is injected into the page, so the
browser fetches nothing from anywhere.
"""

from __future__ import annotations

import json

import pytest

from dashboard.i18n import LANGUAGES
from dashboard.state import PAGES as PAGE_REGISTRY
from dashboard.state import PARAMS
from tests.e2e import placeholder_check
from tests.e2e.conftest import REPO_ROOT, assert_clean, open_page, screenshot, wait_for_app
from tests.e2e.text_coverage import page_text, untranslated

pytestmark = pytest.mark.e2e

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
# What Streamlit's own frontend causes and the project cannot change, by rule and by a selector narrow enough to
# match only that element (docs/accessibility.md lists each one with its upstream issue). Never a whole rule.
STREAMLIT_OWN: dict[str, tuple[str, ...]] = {}
# Once the interface speaks several languages (``lang=`` in the URL), every page is checked in each of them.
SPOKEN = LANGUAGES if any(p.key == "lang" for p in PARAMS) else ("en",)
PAGES = list(PAGE_REGISTRY.values())
# Pages with more than one view: the views a default address does not show.
MORE_VIEWS = (
    "Trends?view=change&grp=Opioids&grp=Cocaine-type",
    "Compare_countries?c=COL&c=PER&view=map",
    "Meeting_follow_up?view=map",
    "Meeting_follow_up?view=rec",
    "Meeting_follow_up?view=country",
    "Routes?transit=1",
    "Data?view=coverage",
    "Data?view=sources",
    "Country_profile?country=COL",
)
TRANSLATED = [lang for lang in SPOKEN if lang != "en"]
# Each page's English text, collected by its English visit and compared with the same page in the other languages.
ENGLISH_TEXT: dict[str, set[str]] = {}


def _settled(page) -> None:
    """No element is faded as stale (Streamlit fades the old page while it reruns, which axe would measure), no rerun
    is running (the route map's width report reruns the page once), and the project's style sheet is in the page."""
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')
            && !document.querySelector('[data-testid="stStatusWidget"]')
            && !!document.querySelector('.st-key-a11y_frame style')""",
        timeout=30000,
    )


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page, without Streamlit's own listed ones."""
    assert AXE.exists(), "axe-core is installed by scripts/setup.sh (npm install --no-save axe-core@4)"
    _settled(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html.slice(0, 200), why: n.failureSummary.slice(0, 300),
                })),
            }));
        }"""
    )
    blocking = []
    for violation in (v for v in found if v["impact"] in BLOCKING):
        excluded = STREAMLIT_OWN.get(violation["id"], ())
        nodes = [n for n in violation["nodes"] if not any(_matches(page, n, s) for s in excluded)]
        if nodes:
            blocking.append({**violation, "nodes": nodes})
    return blocking


def _matches(page, node: dict, selector: str) -> bool:
    return page.evaluate(
        "([target, selector]) => { const el = document.querySelector(target); return !!el && !!el.closest(selector); }",
        [node["target"], selector],
    )


def _address(path: str, lang: str) -> str:
    if lang == "en" and SPOKEN == ("en",):
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def english_text(visit, server, path: str) -> set[str]:
    """The page's text in English: from its English visit, or (when that ran elsewhere) from a visit now."""
    if path not in ENGLISH_TEXT:
        ENGLISH_TEXT[path] = page_text(open_page(visit, server, _address(path, "en")))
    return ENGLISH_TEXT[path]


def assert_speaks(visit, server, path: str, lang: str, page) -> None:
    """The page in ``lang`` shows no English that the English page shows too, except data as reported."""
    assert page.evaluate("document.documentElement.lang") == lang
    shown = page_text(page, lang)
    # Read before the English visit below, which moves the log on.
    inside = placeholder_check.found_since(server.placeholders, visit.placeholders_from)
    left = untranslated(english_text(visit, server, path), shown, lang)
    assert left == [], f"{lang} /{path}: English left visible (not in a catalogue, not allowed): {left}"
    inside = sorted({(found["value"], found["message"]) for found in inside if found["lang"] == lang})
    assert inside == [], f"{lang} /{path}: English filling a translated sentence (value, message): {inside}"


@pytest.mark.parametrize("lang", SPOKEN)
@pytest.mark.parametrize("page_info", PAGES, ids=[p.label for p in PAGES])
def test_axe_and_language_on_every_page(demo_server, visit, page_info, lang):
    page = open_page(visit, demo_server, _address(page_info.url_path, lang))
    assert_clean(visit, page)
    violations = axe_violations(page)
    if lang == "en":
        ENGLISH_TEXT[page_info.url_path] = page_text(page)
    elif lang in ("ar", "zh"):
        screenshot(page, f"lang-{lang}-{page_info.key}")
    assert violations == [], json.dumps(violations, indent=1)
    if lang != "en":
        assert_speaks(visit, demo_server, page_info.url_path, lang, page)


@pytest.mark.parametrize("path", MORE_VIEWS)
def test_axe_and_language_in_the_other_views(demo_server, visit, path):
    page = open_page(visit, demo_server, path)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    ENGLISH_TEXT[path] = page_text(page)
    # Two languages per view, in turn, so that every language sees some of the views at a fraction of the cost.
    first = MORE_VIEWS.index(path)
    for lang in dict.fromkeys((TRANSLATED[first % len(TRANSLATED)], TRANSLATED[(first + 2) % len(TRANSLATED)])):
        assert_speaks(visit, demo_server, path, lang, open_page(visit, demo_server, _address(path, lang)))


def test_every_chart_and_map_has_a_text_alternative_and_a_table(real_server, visit):
    page = open_page(visit, real_server, "")
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() >= 2
    for i in range(charts.count()):
        label = charts.nth(i).get_attribute("aria-label") or ""
        # The title, then a sentence with figures from the chart's data.
        assert len(label) > 40 and any(ch.isdigit() for ch in label), label
    grids_before = page.locator('[data-testid="stDataFrame"]').count()
    page.get_by_text("Show as table").first.click()
    wait_for_app(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == grids_before + 1
    routes = open_page(visit, real_server, "Routes")
    deck = routes.locator('[data-testid="stDeckGlJsonChart"]')
    label = deck.first.get_attribute("aria-label") or ""
    assert "corridors" in label and any(ch.isdigit() for ch in label), label


def test_every_data_grid_has_an_accessible_name(real_server, visit):
    for path in ("", "Trends", "Data?view=sources"):
        page = open_page(visit, real_server, path)
        names = page.evaluate(
            # Streamlit names the grid's region (``alt=``); the grid's cells are inside it.
            """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid => {
                 const region = grid.querySelector('[role="region"][aria-label]');
                 const holds = region && region.querySelector('[role="grid"], canvas');
                 return holds ? region.getAttribute('aria-label') : '';
            })"""
        )
        assert names and all(names), (path, names)


@pytest.mark.parametrize("zoom", [1.0, 1.5])
def test_headline_numbers_are_not_cut_at_1280x720(chromium, real_server, zoom):
    # 150 % zoom: the page laid out in a 1280/1.5 x 720/1.5 CSS-pixel window, drawn at 1.5 device pixels each.
    context = chromium.new_context(
        viewport={"width": int(1280 / zoom), "height": int(720 / zoom)}, device_scale_factor=zoom
    )
    try:
        page = context.new_page()
        page.goto(real_server.url, wait_until="domcontentloaded")
        wait_for_app(page)
        cut = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].flatMap(value => {
                const all = [value, ...value.querySelectorAll('*')];
                return all.filter(el => el.scrollWidth > el.clientWidth + 1 ||
                                        getComputedStyle(el).textOverflow === 'ellipsis')
                          .map(() => value.textContent);
            })"""
        )
        assert page.locator('[data-testid="stMetricValue"]').count() >= 4
        assert cut == []
    finally:
        context.close()


def test_focus_moves_to_the_title_after_a_change_of_page(demo_server, visit):
    page = open_page(visit, demo_server, "Trends")
    page.locator('[data-testid="stSidebarNav"], [data-testid="stSidebar"]').get_by_role(
        "link", name="Compare countries"
    ).first.click()
    page.wait_for_url("**/Compare_countries**")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.tagName === 'H1'"
        " && document.activeElement.textContent.includes('Compare')",
        timeout=15000,
    )


def test_the_style_sheet_is_offline_and_injected_once(demo_server, visit):
    page = open_page(visit, demo_server, "Trends")
    sheets = page.evaluate(
        "() => [...document.querySelectorAll('style')].filter(s => s.textContent.includes('WCAG 2.2 AA fixes')).length"
    )
    assert sheets == 1
    css = (REPO_ROOT / "dashboard" / "ui" / "assets" / "a11y.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    assert_clean(visit, page)


def test_the_meeting_matrix_numbers_are_legible(demo_server, visit):
    page = open_page(visit, demo_server, "Meeting_follow_up")
    cells = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .heatmaplayer text, '
                 + '[data-testid="stPlotlyChart"] g.hm text, [data-testid="stPlotlyChart"] .textpoint text')]
               .filter(t => t.textContent.trim())
               .map(t => ({size: parseFloat(getComputedStyle(t).fontSize),
                           fill: getComputedStyle(t.querySelector('tspan') || t).fill}))"""
    )
    assert cells, "the matrix draws its paragraph numbers"
    assert min(c["size"] for c in cells) >= 14
    assert {c["fill"] for c in cells} <= {"rgb(0, 0, 0)", "rgb(255, 255, 255)"}


def test_the_legend_takes_less_than_a_third_of_the_chart_at_1280x720(chromium, real_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{real_server.url}/Trends", wait_until="domcontentloaded")
        wait_for_app(page)
        share = page.evaluate(
            """() => { const chart = document.querySelector('[data-testid="stPlotlyChart"]');
                       const legend = chart.querySelector('.legend');
                       const whole = chart.querySelector('.main-svg');
                       return legend.getBoundingClientRect().width / whole.getBoundingClientRect().width; }"""
        )
        assert 0.05 < share < 1 / 3, share
    finally:
        context.close()


def test_links_and_buttons_are_at_least_24_px(demo_server, visit):
    # Checkboxes, radios and toggles hide their native input: their target is the whole label.
    page = open_page(visit, demo_server, "Trends?grp=Opioids&cls=drug")
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, [role="button"], summary')]
              .filter(e => e.getAttribute('data-testid') !== 'stSkipToContent')
              .map(e => [e.getAttribute('aria-label') || e.innerText.slice(0, 40), e.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
              .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
