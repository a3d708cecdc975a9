"""The headline tonnes' change badge: its arrow follows the sign of the change, in every language."""

import pytest

from dashboard import i18n
from dashboard.pages.overview.text import _class_metric


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize(("value", "previous", "arrow"), [(800.0, 1000.0, "down"), (1200.0, 1000.0, "up")])
def test_the_arrow_follows_the_change_not_where_a_language_writes_the_sign(lang, value, previous, arrow):
    row = {
        "value": value,
        "previous": previous,
        "change_pct": (value / previous - 1) * 100,
        "year": 2022,
        "reporting": 9,
    }
    with i18n.using(lang):
        metric = _class_metric("Narcotic drugs", row, 2022)
    assert metric.arrow == arrow
    assert "2021" in metric.change  # the change is from the year before
    if lang == "zh":  # the sign comes after words: Streamlit's own rule (the first character) would point up
        assert not metric.change.startswith(("-", "+"))


def test_no_change_and_no_figure_draw_no_arrow():
    same = {"value": 1000.0, "previous": 1000.0, "change_pct": 0.0, "year": 2022, "reporting": 9}
    assert _class_metric("Narcotic drugs", same, 2022).arrow == "off"
    assert _class_metric("Narcotic drugs", None, 2022).arrow == "off"
    first = {"value": 1000.0, "previous": None, "change_pct": None, "year": 2022, "reporting": 9}
    assert _class_metric("Narcotic drugs", first, 2022).change is None
