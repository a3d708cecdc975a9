from dashboard import state as view
from dashboard.state import DEFAULT, ViewState, Vocabulary

VOCAB = Vocabulary(
    years=(2011, 2022),
    classes=("drug", "precursor"),
    groups=("Cocaine-type", "Opioids"),
    countries=("COL", "ESP", "NLD", "USA"),
    regions=("Americas", "Europe"),
    conveyances=("air", "sea"),
)


def test_defaults_round_trip_to_an_empty_url():
    assert view.to_query(DEFAULT) == {}
    state, notices = view.from_query({}, VOCAB)
    assert state == DEFAULT and notices == []


def test_a_full_view_round_trips_through_the_url():
    original = ViewState(
        classes=("drug",),
        groups=("Opioids", "Cocaine-type"),
        year_from=2013,
        year_to=2020,
        countries=("COL", "ESP"),
        country="NLD",
        measure="seizures",
        origin="producing",
        conveyances=("sea",),
        breakdown="country",
        log_scale=True,
    )
    params = view.to_query(original)
    assert params["c"] == ["COL", "ESP"] and params["log"] == "1" and "ds" not in params
    restored, notices = view.from_query(params, VOCAB)
    assert notices == []
    assert restored == original


def test_hostile_and_invalid_values_fall_back_with_a_notice():
    params = {
        "m": "<script>alert(1)</script>",
        "from": "1800",
        "country": "../../etc",
        "c": ["COL", "XXX", "=cmd|' /C calc'!A0"],
        "log": "maybe",
    }
    state, notices = view.from_query(params, VOCAB)
    assert state.measure == DEFAULT.measure
    assert state.year_from is None
    assert state.country is None
    assert state.countries == ("COL",)
    assert state.log_scale is False
    assert len(notices) == 6
    assert all("<script>" not in n or "'" in n for n in notices)


def test_reversed_years_are_swapped_and_compare_is_capped():
    many = ["COL", "ESP", "NLD", "USA"] * 3
    vocab = Vocabulary(years=(2000, 2030), countries=tuple(sorted(set(many))))
    state, notices = view.from_query({"from": "2020", "to": "2012", "c": many}, vocab)
    assert (state.year_from, state.year_to) == (2012, 2020)
    assert state.countries == ("COL", "ESP", "NLD", "USA")  # repeated values collapse
    assert any("swapped" in n for n in notices)


def test_too_many_values_are_refused():
    state, notices = view.from_query({"c": ["COL"] * (view.MAX_LIST + 1)}, VOCAB)
    assert state.countries == ()
    assert notices


def test_unknown_parameters_are_kept_as_extras_for_the_page():
    state, _ = view.from_query({"rec": "1a", "tab": "x" * 500}, VOCAB)
    assert state.extras["rec"] == "1a"
    assert len(state.extras["tab"]) == 200
    assert view.to_query(state)["rec"] == "1a"


# ---- page parameters kept in ``extras`` ---------------------------------------------------------------------------
CHOICES = {"countries": "Countries", "regions": "Regions"}


def test_extra_choice_takes_an_allowed_value_and_the_default_when_absent():
    assert view.extra_choice({"cmp": "regions"}, "cmp", CHOICES, "countries") == ("regions", None)
    assert view.extra_choice({}, "cmp", CHOICES, "countries") == ("countries", None)


def test_extra_choice_falls_back_with_a_notice_that_names_the_allowed_values():
    value, notice = view.extra_choice({"cmp": "<b>x</b>"}, "cmp", CHOICES, "countries")
    assert value == "countries"
    assert notice == "URL parameter 'cmp': '<b>x</b>' is not one of countries, regions; ignored"
    _, notice = view.extra_choice({"cmp": ""}, "cmp", CHOICES, "countries")
    assert notice is not None and "''" in notice


def test_extra_choice_notice_gives_a_reason_and_shows_a_hostile_value_short_and_printable():
    _, notice = view.extra_choice(
        {"view": "a\x00b" + "z" * 100}, "view", CHOICES, "countries", reason="is not valid here"
    )
    assert notice == f"URL parameter 'view': {'a?b' + 'z' * 37!r} is not valid here; ignored"


def test_with_extra_keeps_a_link_short():
    extras = {"q": "x", "cmp": "regions"}
    assert view.with_extra(extras, "cmp", "countries", "countries") == {"q": "x"}
    assert view.with_extra(extras, "cview", "map", "ranking") == {"q": "x", "cmp": "regions", "cview": "map"}
    assert extras == {"q": "x", "cmp": "regions"}  # not changed in place


def test_case_only_filters_switch_figures_to_case_records():
    from dashboard import query

    assert not query.uses_cases(DEFAULT)
    assert query.uses_cases(DEFAULT.with_(channels=("e_commerce",)))
    assert query.uses_cases(DEFAULT.with_(measure="seizures"))
    assert "from case records" in query.measure_label(DEFAULT.with_(conveyances=("sea",)))


def test_kilograms_of_several_classes_carry_a_warning():
    from dashboard import query

    assert query.mixed_classes_warning(DEFAULT, VOCAB) is None  # drugs only
    assert query.mixed_classes_warning(DEFAULT.with_(classes=()), VOCAB)  # every class: drugs + precursors
    assert query.mixed_classes_warning(DEFAULT.with_(classes=(), measure="seizures"), VOCAB) is None
