"""Every language in a real browser: Arabic reads right to left, English after Arabic reads left to right, and the
browser's Accept-Language picks the default.

That every page speaks the chosen language (no English left that is not data as reported) is checked by the visit of
every page in every language in test_accessibility.py, with axe-core on the same page (tests/e2e/text_coverage.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_clean, open_page

pytestmark = pytest.mark.e2e


def main_text(page) -> str:
    return " ".join(page.inner_text('[data-testid="stMain"]').split())


def test_arabic_reads_right_to_left(demo_server, visit):
    page = open_page(visit, demo_server, "Trends?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction") == "rtl"
    sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert sidebar["x"] > main["x"], "the sidebar stands on the right in Arabic"
    # Charts keep their own order: the first year on the left of the axis.
    assert page.evaluate("getComputedStyle(document.querySelector('.js-plotly-plot')).direction") == "ltr"
    assert_clean(visit, page)


# The grid's scroller (glide-data-grid) and the column headers of the table it keeps for assistive technology.
GRID = """() => {
  const grid = document.querySelector('[data-testid="stDataFrame"]');
  const scroller = grid.querySelector('.dvn-scroller');
  const headers = [...grid.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.trim());
  return {left: scroller.scrollLeft, room: scroller.scrollWidth - scroller.clientWidth, headers};
}"""


def test_an_arabic_data_grid_reads_from_the_right_and_opens_at_its_first_column(demo_server, visit):
    page = open_page(visit, demo_server, "Data?lang=ar")
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stDataFrame\"] .dvn-scroller[data-opened-at-start]')"
    )
    grid = page.evaluate(GRID)
    assert grid["room"] > 0, "the grid is wider than the page (else there is nothing to scroll)"
    assert grid["left"] >= grid["room"] - 2, grid  # scrolled to its right end, where its first column stands
    # The columns are given in reverse, so the country (the first column in English) is the last one drawn, on the
    # right.
    assert grid["headers"][-1].startswith("البلد"), grid["headers"]
    english = open_page(visit, demo_server, "Data?lang=en").evaluate(GRID)
    assert english["left"] == 0 and english["headers"][0].startswith("Country"), english["headers"]


# The boxes of a chart's y-axis title and of its tick labels that it overlaps (plotly.js measures the labels in an
# SVG of its own, which must not read right to left: dashboard/ui/frame.py, RTL_CSS).
OVERLAPS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap((plot) => {
  const title = plot.querySelector('.g-ytitle text');
  if (!title) return [];
  const t = title.getBoundingClientRect();
  return [...plot.querySelectorAll('.ytick text')].map((tick) => [tick.textContent, tick.getBoundingClientRect()])
    .filter(([, b]) => b.width && b.left < t.right && t.left < b.right && b.top < t.bottom && t.top < b.bottom)
    .map(([label]) => label);
})"""


def test_arabic_tick_labels_stay_clear_of_the_axis_title(demo_server, visit):
    page = open_page(visit, demo_server, "Trends?lang=ar")
    ticks = page.evaluate("[...document.querySelectorAll('.ytick text')].map((t) => t.textContent)")
    # Compact Arabic labels ("1.5 مليون", "500 ألف"), the widest a value axis writes.
    assert any("مليون" in tick or "ألف" in tick for tick in ticks), ticks
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot .g-ytitle text').length") > 0  # a title to cover
    assert page.evaluate(OVERLAPS) == []


def test_english_reads_left_to_right_after_arabic(demo_server, visit):
    arabic = open_page(visit, demo_server, "?lang=ar")
    # A data grid writes its numbers in the first of navigator.languages: the page's language, whatever the browser's.
    assert arabic.evaluate("navigator.languages") == ["ar"]
    page = open_page(visit, demo_server, "?lang=en")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.evaluate("navigator.languages") == ["en"]
    assert "Seizure cases recorded" in main_text(page)


# What Streamlit and plotly.js name their own buttons, which a screen reader reads out.
FRONTEND_WORDS = """() => ({
  skip: document.querySelector('[data-testid="stSkipToContent"]').textContent,
  collapse: document.querySelector('[data-testid="stSidebarCollapseButton"] button').getAttribute('aria-label'),
  help: document.querySelector('[data-testid="stTooltipIcon"] button').getAttribute('aria-label'),
  modebar: [...document.querySelectorAll('.modebar-btn')].map((b) => b.getAttribute('data-title')),
})"""


def _choose_language(page, shown: str, name: str) -> None:
    from tests.e2e.conftest import wait_for_app

    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=shown).first
    box.click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)
    page.wait_for_function("document.documentElement.lang !== '' && !document.querySelector('[data-stale=true]')")


def test_the_frontends_own_words_follow_the_language_and_come_back_in_english(demo_server, visit):
    page = open_page(visit, demo_server, "Trends?lang=fr")
    french = page.evaluate(FRONTEND_WORDS)
    assert french["skip"] == "Aller au contenu principal"
    assert french["collapse"] == "Masquer la barre latérale"
    assert french["help"].startswith("Aide : ")
    assert "Télécharger le graphique en PNG" in french["modebar"] and "Zoom avant" in french["modebar"]
    # Another language chosen on the page itself (no new page load): the words are translated from the English.
    _choose_language(page, "Langue", "العربية")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stSkipToContent\"]').textContent === 'انتقل إلى المحتوى الرئيسي'"
    )
    arabic = page.evaluate(FRONTEND_WORDS)
    assert arabic["collapse"] == "أخفِ الشريط الجانبي" and arabic["help"].startswith("مساعدة: ")
    assert "نزّل الرسم البياني بصيغة PNG" in arabic["modebar"]
    _choose_language(page, "اللغة", "English")
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stSkipToContent\"]').textContent === 'Skip to main content'"
    )
    english = page.evaluate(FRONTEND_WORDS)
    assert english["collapse"] == "Collapse sidebar" and english["help"].startswith("Help for ")
    assert "Download plot as a PNG" in english["modebar"]
    assert_clean(visit, page)


# What a screen reader announces: the roles it lets a reader move between, as chromium's accessibility tree gives them.
ANNOUNCED = {
    "button", "link", "combobox", "checkbox", "switch", "radio", "radiogroup", "slider", "figure", "tab", "textbox",
    "listbox", "img", "image", "grid", "table",
}  # fmt: skip


def _announced(page) -> list[tuple[str, str]]:
    """(role, name) of every element a screen reader announces, from the tree the browser gives it."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") in ANNOUNCED
    ]


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_a_screen_reader_meets_every_control_chart_and_grid_by_a_name_in_the_page_language(demo_server, visit, lang):
    from dashboard.reference import read_rows

    english = {row["english"] for row in read_rows("frontend_words.csv") if "{" not in row["english"]}
    prefixes = tuple(row["english"].split("{")[0] for row in read_rows("frontend_words.csv") if "{" in row["english"])
    for path in (f"Trends?lang={lang}", f"Data?lang={lang}", f"?lang={lang}"):
        announced = _announced(open_page(visit, demo_server, path))
        roles = {role for role, _ in announced}
        assert {"figure", "button", "link"} <= roles or path.startswith("Data"), (path, roles)
        unnamed = [role for role, name in announced if not name.strip()]
        assert unnamed == [], (path, unnamed)  # plotly.js's SVGs and a grid's own grid had none
        spoken_english = [n for _, n in announced if n in english or n.startswith(prefixes)]
        assert spoken_english == [], (path, spoken_english)
        # A chart is announced by its title and a sentence from its data, in the page's language.
        for name in (n for role, n in announced if role == "figure"):
            assert not name.isascii() and any(ch.isdigit() for ch in name), (path, name)


def test_accept_language_chooses_the_default(demo_server, chromium):
    from tests.e2e.conftest import wait_for_app

    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    try:
        page = context.new_page()
        page.goto(demo_server.url, wait_until="domcontentloaded")
        wait_for_app(page)
        assert "Casos de incautación registrados" in main_text(page)
        assert "lang=" not in page.url  # the browser's choice is not written into the link
    finally:
        context.close()
