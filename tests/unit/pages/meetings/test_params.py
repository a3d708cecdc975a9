"""The Meeting follow-up page's URL parameters: what a link shows, the notices for values not valid for the meeting,
and the short link a view writes back."""

from __future__ import annotations

from dataclasses import replace

from dashboard import state as view
from dashboard.meetings import Meeting
from dashboard.pages.meetings import params
from dashboard.pages.meetings.params import PAGE, Shown
from dashboard.state import ViewState, Vocabulary

HOSTILE = "<img src=x onerror=alert(1)>"
VOCABULARY = Vocabulary(countries=("COL", "ESP"))


def parsed(**query: str) -> ViewState:
    state, _ = view.from_query(query, params.with_every_country(VOCABULARY), page=PAGE)
    return state


def test_any_government_may_be_named() -> None:
    widened = params.with_every_country(VOCABULARY)
    assert {"COL", "ESP", "CZE", "ITA"} <= set(widened.countries)
    assert list(widened.countries) == sorted(widened.countries)
    assert parsed(country="CZE").country == "CZE"


def test_meeting_choice() -> None:
    offered = {"new": object(), "old": object()}
    assert params.meeting_choice(ViewState(), offered) == ("new", None)
    assert params.meeting_choice(parsed(meeting="old"), offered) == ("old", None)
    chosen, notice = params.meeting_choice(parsed(meeting="gone"), offered)
    assert chosen == "new" and notice == "URL parameter 'meeting': 'gone' is not valid here; ignored"


def test_shown_by_default(tiny: Meeting) -> None:
    chosen, notices = params.shown(ViewState(), "tiny", tiny)
    assert notices == []
    assert chosen == Shown("tiny", "matrix", "country", "", False, "1(a)", None)
    with_country, _ = params.shown(ViewState(country="FRA"), "tiny", tiny)
    assert with_country.view == "country" and with_country.country == "FRA"


def test_shown_reads_and_checks_every_parameter(tiny: Meeting) -> None:
    state = parsed(view="rec", sort="completeness", rec="1b", q="  a  b ", all="1")
    chosen, notices = params.shown(state, "tiny", tiny)
    assert notices == []
    assert (chosen.view, chosen.sort, chosen.rec, chosen.query, chosen.search_all) == (
        "rec",
        "completeness",
        "1(b)",
        "a b",
        True,
    )
    chosen, notices = params.shown(parsed(rec="9(z)"), "tiny", tiny)
    assert chosen.rec == "1(a)"
    assert notices == ["URL parameter 'rec': '9(z)' is not a recommendation of this meeting; ignored"]


def test_hostile_values_never_reach_the_page(tiny: Meeting) -> None:
    state, notices = view.from_query({"rec": HOSTILE, "sort": HOSTILE, "view": "nonsense"}, VOCABULARY, page=PAGE)
    assert [n.split(":")[0] for n in notices] == ["URL parameter 'rec'", "URL parameter 'sort'", "URL parameter 'view'"]
    chosen, more = params.shown(state, "tiny", tiny)
    assert more == [] and (chosen.view, chosen.sort, chosen.rec) == ("matrix", "country", "1(a)")


def test_the_link_holds_only_what_differs_from_the_defaults(tiny: Meeting) -> None:
    defaults = Shown("tiny", "matrix", "country", "", False, "1(a)", None)
    old = parsed(meeting="x", view="map", sort="region", rec="2(a)", q="old", all="1")
    assert view.to_query(params.with_shown(old, defaults, tiny), page=PAGE) == {"meeting": "tiny"}
    chosen = Shown("tiny", "rec", "region", "customs", True, "1(b)", None)
    assert view.to_query(params.with_shown(ViewState(), chosen, tiny), page=PAGE) == {
        "meeting": "tiny",
        "view": "rec",
        "sort": "region",
        "rec": "1(b)",
        "q": "customs",
        "all": "1",
    }
    a_government = Shown("tiny", "country", "country", "", False, "1(a)", "FRA")
    assert view.to_query(params.with_shown(ViewState(), a_government, tiny), page=PAGE) == {
        "country": "FRA",
        "meeting": "tiny",
    }  # its view is the default
    matrix_of_a_government = replace(defaults, country="FRA")
    assert view.to_query(params.with_shown(ViewState(), matrix_of_a_government, tiny), page=PAGE) == {
        "country": "FRA",
        "meeting": "tiny",
        "view": "matrix",
    }


def test_a_link_written_reads_back_the_same(tiny: Meeting) -> None:
    chosen = Shown("tiny_meeting_2024", "rec", "completeness", "two words", True, "2(a)", "DEU")
    query = view.to_query(params.with_shown(ViewState(), chosen, tiny), page=PAGE)
    again, notices = params.shown(parsed(**query), "tiny_meeting_2024", tiny)
    assert notices == [] and again == chosen


def test_normalised_query() -> None:
    assert params.normalised_query("  two\n  words ") == "two words"
    assert params.normalised_query(None) == ""
    assert len(params.normalised_query("x" * 500)) == 200
