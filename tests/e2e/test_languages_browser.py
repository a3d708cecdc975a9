"""Every language in a real browser: the visible text of the main area is in the chosen language (no English message of
the catalogue is left untranslated), Arabic reads right to left, and the browser's Accept-Language picks the default.

Data stays as reported (a citation, a place name from a file), so only the catalogue's own messages are looked for:
those of at least three words with no placeholder, whose translation differs from the English.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import LANGUAGES, catalogue_path
from tests.e2e.conftest import assert_clean, open_page, screenshot

pytestmark = pytest.mark.e2e
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PAGES = ["", "Trends", "Compare_countries"]
MARKUP = re.compile(r"[*_`>#]|\[|\]")


def _visible_form(text: str) -> str:
    """A message as the page shows it: Markdown marks dropped, white space folded."""
    return " ".join(MARKUP.sub("", text).split())


def english_messages(lang: str) -> list[str]:
    """The catalogue's English messages that must not be visible on a page in ``lang``."""
    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found = []
    for message in catalog:
        if not message.id or isinstance(message.id, tuple) or "{" in message.id:
            continue
        shown = _visible_form(message.id)
        if len(shown.split()) >= 3 and _visible_form(message.string) != shown:
            found.append(shown)
    return found


def main_text(page) -> str:
    return " ".join(page.inner_text('[data-testid="stMain"]').split())


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("path", PAGES, ids=["Overview", "Trends", "Compare"])
def test_page_shows_no_untranslated_message(demo_server, visit, lang, path):
    page = open_page(visit, demo_server, f"{path}?lang={lang}")
    assert_clean(visit, page)
    text = main_text(page) + " " + " ".join(page.inner_text('[data-testid="stSidebar"]').split())
    left = [message for message in english_messages(lang) if message in text]
    assert left == [], f"{lang} /{path}: English left visible: {left[:5]}"
    assert page.evaluate("document.documentElement.lang") == lang
    screenshot(page, f"lang-{lang}-{path or 'Overview'}")


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


def test_english_reads_left_to_right_after_arabic(demo_server, visit):
    open_page(visit, demo_server, "?lang=ar")
    page = open_page(visit, demo_server, "?lang=en")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert "Seizure cases recorded" in main_text(page)


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
