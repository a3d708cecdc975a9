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


# ---- page parameters: declared in PARAMS, scoped to their page ------------------------------------------------------
def test_page_parameters_are_parsed_on_their_page_and_kept_apart():
    state, notices = view.from_query({"transit": "0", "m": "seizures"}, VOCAB, page="routes")
    assert notices == [] and state.page == {"transit": False} and state.measure == "seizures"
    assert view.to_query(state, page="routes") == {"m": "seizures", "transit": "0"}
    assert view.to_query(state) == {"m": "seizures"}  # a link to another page carries the shared view only
    assert state.shared().page == {}


def test_the_same_key_means_what_its_page_says():
    on_compare, _ = view.from_query({"view": "map"}, VOCAB, page="compare")
    on_meetings, _ = view.from_query({"view": "map"}, VOCAB, page="meetings")
    assert on_compare.page == {"view": "map"} and on_meetings.page == {"view": "map"}
    refused, notices = view.from_query({"view": "matrix"}, VOCAB, page="compare")
    assert refused.page == {} and notices == ["URL parameter 'view': 'matrix' is not one of map, ranking; ignored"]


def test_a_default_page_value_is_left_out_of_the_link():
    state, _ = view.from_query({"transit": "1", "cmp": "countries"}, VOCAB, page="routes")
    assert state.page == {}
    assert view.with_page(ViewState(), "compare", kind="regions").page == {"kind": "regions"}
    assert view.with_page(ViewState(page={"kind": "regions"}), "compare", kind="countries").page == {}


def test_unknown_keys_give_a_notice_on_a_page_and_never_reach_the_state():
    state, notices = view.from_query({"tab": "x" * 500, "rec": "1a"}, VOCAB, page="routes")
    assert state.page == {}
    assert notices == [
        "URL parameter 'tab' is not used on this page; ignored",
        "URL parameter 'rec' is not used on this page; ignored",
    ]


def test_free_text_is_folded_and_cut_and_tokens_must_look_like_values():
    state, notices = view.from_query({"q": "  a\x00b  " + "z" * 500, "rec": "1(a)"}, VOCAB, page="meetings")
    assert state.page["query"] == ("a b " + "z" * 500)[: view.MAX_TEXT] and state.page["rec"] == "1(a)"
    refused, notices = view.from_query({"rec": "<script>"}, VOCAB, page="meetings")
    assert "rec" not in refused.page and notices == ["URL parameter 'rec': '<script>' is not a valid value; ignored"]


def test_page_choice_checks_a_value_against_the_page_data():
    state = ViewState(page={"meeting": "honlea-13"})
    assert view.page_choice(state, "meetings", "meeting", ["honlea-13"], "x") == ("honlea-13", None)
    assert view.page_choice(ViewState(), "meetings", "meeting", ["honlea-13"], "honlea-13") == ("honlea-13", None)
    value, notice = view.page_choice(state, "meetings", "meeting", ["cnd-67"], "cnd-67", reason="is not valid here")
    assert value == "cnd-67" and notice == "URL parameter 'meeting': 'honlea-13' is not valid here; ignored"
    hostile = ViewState(page={"meeting": "a\x00b" + "z" * 100})
    _, notice = view.page_choice(hostile, "meetings", "meeting", ["x"], "x")
    assert notice == f"URL parameter 'meeting': {'a?b' + 'z' * 37!r} is not one of x; ignored"


def test_with_page_refuses_a_parameter_the_page_does_not_have():
    import pytest

    with pytest.raises(KeyError):
        view.with_page(ViewState(), "routes", kind="regions")


# ---- renamed keys: an old link still opens the same view --------------------------------------------------------
def test_compare_cview_became_view():
    state, notices = view.from_query({"cview": "map", "c": ["COL", "ESP"]}, VOCAB, page="compare")
    assert notices == [] and state.page == {"view": "map"} and state.countries == ("COL", "ESP")
    assert view.to_query(state, page="compare") == {"c": ["COL", "ESP"], "view": "map"}


def test_data_section_became_view():
    state, notices = view.from_query({"section": "coverage"}, VOCAB, page="data")
    assert notices == [] and state.page == {"view": "coverage"}


def test_a_renamed_key_applies_on_its_own_page_only():
    assert view.migrate_query({"section": "coverage"}, "routes") == {"section": ["coverage"]}
    assert view.migrate_query({"cview": "map"}, "compare") == {"view": ["map"]}


def test_a_new_key_in_the_link_wins_over_the_old_one():
    assert view.migrate_query({"cview": "map", "view": "ranking"}, "compare") == {"view": ["ranking"]}


def test_every_migration_names_a_key_of_its_page():
    for rule in view.MIGRATIONS:
        assert rule.new_key in view.page_params(rule.page) or rule.new_key in view.SHARED_PARAMS, rule
        assert rule.old_key not in view.page_params(rule.page) or rule.old_key == rule.new_key, rule
        assert rule.reason and rule.since


def test_every_page_of_the_registry_has_a_script_and_links_are_built_from_it():
    from pathlib import Path

    root = Path(view.__file__).resolve().parents[1]
    for page in view.PAGES.values():
        assert (root / page.script).is_file(), page.script
    assert view.page_url("compare", ViewState(countries=("COL",), page={"view": "map"})) == (
        "Compare_countries?c=COL&view=map"
    )
    assert view.page_url("overview") == ""


def test_odp_and_co2e_look_at_refrigerants_only():
    state, _ = view.from_query({"m": "odp_t", "cls": "drug"}, VOCAB)
    assert state.classes == ("ods_hfc",)
    assert view.measure_scope(ViewState(measure="kg", classes=("drug",))).classes == ("drug",)


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


def test_embed_is_read_from_links_but_never_written():
    parsed, notices = view.from_query(
        {"embed": "1", "grp": "Opioids"}, view.Vocabulary(groups=("Opioids",)), page="trends"
    )
    assert parsed.embed and notices == []
    assert "embed" not in view.to_query(parsed, page="trends")  # Streamlit keeps it in the address itself
    assert view.from_query({"embed": "true"}, view.Vocabulary(), page="trends")[0].embed


def test_a_published_view_has_a_short_address_on_the_entry_page():
    parsed, notices = view.from_query({"v": "Ab3_-x9Z"}, view.Vocabulary(), page="overview")
    assert view.page_value(parsed, "overview", "published") == "Ab3_-x9Z" and notices == []
    hostile, notices = view.from_query({"v": "<script>"}, view.Vocabulary(), page="published")
    assert view.page_value(hostile, "published", "published") is None and notices


def test_the_group_filter_offers_only_groups_of_the_chosen_classes() -> None:
    from dashboard.state import groups_of_classes

    vocabulary = Vocabulary(
        classes=("drug", "precursor"),
        groups=("Cocaine-type", "Opioids", "Precursors"),
        group_classes=(("Cocaine-type", "drug"), ("Opioids", "drug"), ("Precursors", "precursor")),
    )
    assert groups_of_classes(vocabulary, ("drug",)) == ("Cocaine-type", "Opioids")
    assert groups_of_classes(vocabulary, ("precursor",)) == ("Precursors",)
    assert groups_of_classes(vocabulary, ()) == vocabulary.groups


def test_route_places_and_subregions_are_checked_against_the_data() -> None:
    from dashboard.state import from_query, page_value, to_query

    vocabulary = Vocabulary(
        countries=("NGA", "ESP"),
        subregions=("Western Africa", "Southern Europe"),
        places=("ESP", "NGA", "Europe", "Western Africa"),
    )
    state, notices = from_query(
        {"dest": ["Europe", "<script>"], "via": "Western Africa", "subreg": ["Atlantis", "Western Africa"]},
        vocabulary,
        page="routes",
    )
    assert page_value(state, "routes", "destinations") == ("Europe",)
    assert page_value(state, "routes", "via") == ("Western Africa",)
    assert state.subregions == ("Western Africa",)
    assert len(notices) == 2 and all("ignored" in n for n in notices)
    written = to_query(state, page="routes")
    assert (
        written["dest"] == ["Europe"]
        and written["via"] == ["Western Africa"]
        and written["subreg"] == ["Western Africa"]
    )
    assert "dest" not in to_query(state, page="trends")  # a Routes parameter stays on its page


def test_a_link_to_a_group_of_another_class_brings_its_class() -> None:
    from dashboard.state import from_query

    vocabulary = Vocabulary(
        classes=("drug", "precursor"),
        groups=("Opioids", "Precursors"),
        group_classes=(("Opioids", "drug"), ("Precursors", "precursor")),
    )
    state, notices = from_query({"grp": "Precursors"}, vocabulary)
    assert state.classes == ("precursor",) and state.groups == ("Precursors",)
    assert any("classes follow the groups" in n for n in notices)
    kept, none = from_query({"grp": "Opioids"}, vocabulary)
    assert kept.classes == ("drug",) and not none


def test_trends_and_compare_show_one_series_unless_the_view_says_otherwise() -> None:
    from dashboard.state import DEFAULT, after_sidebar, to_query, with_default_series, with_page

    assert with_default_series(DEFAULT, "trends").series == ("cocaine",)
    assert with_default_series(DEFAULT, "compare").series == ("cocaine",)
    assert with_default_series(DEFAULT, "overview").series == ()  # the Overview keeps every drug
    assert with_default_series(DEFAULT.with_(groups=("Opioids",)), "trends").series == ()
    every = with_page(DEFAULT, "trends", every=True)
    assert with_default_series(every, "trends").series == ()
    assert to_query(every, page="trends") == {"every": "1"}
    shown = with_default_series(DEFAULT, "trends")
    # Emptying the series in the sidebar asks for every drug, or the default would come straight back.
    cleared = after_sidebar(shown, shown.with_(series=()), "trends")
    assert cleared.page == {"every": True} and with_default_series(cleared, "trends").series == ()
    # A group chosen in the sidebar replaces the default series (cocaine and opioids at once would show nothing).
    grouped = after_sidebar(shown, shown.with_(groups=("Opioids",)), "trends")
    assert grouped.series == () and grouped.groups == ("Opioids",)


def test_route_page_parameters_are_checked() -> None:
    from dashboard.state import Vocabulary, from_query

    state, notices = from_query({"top": "50", "agg": "region"}, Vocabulary(), page="routes")
    assert state.page == {"top": "50", "level": "region"} and notices == []
    state, notices = from_query({"top": "9999", "agg": "<script>"}, Vocabulary(), page="routes")
    assert state.page == {} and len(notices) == 2
