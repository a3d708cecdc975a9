"""The licit-trade page's URL parameters: what a view asks for, and the view a selection gives."""

from __future__ import annotations

from dashboard import state as view
from dashboard.licit.model import Selection
from dashboard.pages.licit import params
from dashboard.state import ViewState, Vocabulary


def test_a_view_asks_for_what_its_link_names() -> None:
    parsed, notices = view.from_query({"imp": "GHA", "lsub": "Morphine", "ly": "2023"}, Vocabulary(), page="licit")
    assert notices == [] and params.asked(parsed) == ("GHA", "Morphine", "2023")
    assert params.asked(ViewState()) == (None, None, None)


def test_a_selection_is_written_out_in_full() -> None:
    state = params.with_selection(ViewState(), Selection("MEX", "Ephedrine", 2024))
    assert view.to_query(state, page="licit") == {"imp": "MEX", "lsub": "Ephedrine", "ly": "2024"}


def test_all_flags_is_in_the_link_and_the_selection_is_not() -> None:
    assert params.flag_scope(ViewState()) == "selection"
    shown = params.with_flag_scope(ViewState(), "all")
    assert params.flag_scope(shown) == "all" and view.to_query(shown, page="licit") == {"flags": "all"}
    assert params.with_flag_scope(shown, "selection").page == {}


def test_the_page_parameters_stay_on_their_page() -> None:
    state = params.with_flag_scope(params.with_selection(ViewState(), Selection("KEN", "Codeine", 2023)), "all")
    assert view.to_query(state, page="routes") == {}
    assert view.page_url("licit", state) == "Licit_trade?imp=KEN&lsub=Codeine&ly=2023&flags=all"


def test_a_malformed_value_is_refused_with_a_notice() -> None:
    parsed, notices = view.from_query({"imp": "<script>", "ly": "2023"}, Vocabulary(), page="licit")
    assert params.asked(parsed) == (None, None, "2023")
    assert notices == ["URL parameter 'imp': '<script>' is not a valid value; ignored"]
