"""The Overview's key findings in plain sentences, each with the page that shows it and the link's words.

Pure functions of ``findings.Findings``: the figures are formatted by ``dashboard.text``, every sentence is a
translatable message with named placeholders, and the names of countries, regions and substance groups are given in
the reader's language (the findings are cached in English, for every language; Streamlit's Markdown is escaped where
the sentence is drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dashboard import text
from dashboard.countries import countries_frame, country_name, in_name_order
from dashboard.i18n import _, n_
from dashboard.pages.overview.findings import NAMED, Change, Feed, Findings, Growth, Record, Reporting
from dashboard.state import ViewState, to_query, with_page


@dataclass(frozen=True)
class FindingText:
    key: str  # what kind of finding: change, record, reporting, growth, feed
    sentence: str
    page: str  # the page that shows it
    query: dict[str, Any]  # that page's URL parameters
    link: str  # the words of the link


@cache
def _codes() -> dict[str, str]:
    return dict(countries_frame().select("name", "iso3").iter_rows())


def place(name: str) -> str:
    """A country's English name (as the findings hold it) in the reader's language; a region or group by its
    reviewed name (``text.vocabulary_label``); any other name as it is."""
    code = _codes().get(name)
    return country_name(code) if code else text.vocabulary_label(name)


def tonnes(kg: float | None) -> str:
    """Kilograms as a reader of a headline wants them: tonnes from one tonne up, else kilograms."""
    if kg is None:
        return text.NOT_REPORTED
    return text.quantity(kg / 1000, "t", decimals=1) if kg >= 1000 else text.quantity(kg, "kg")


def named(names: list[str]) -> str:
    """A few countries (by their English names) and how many more, in the reader's alphabetical order: "Aruba,
    Denmark, Guatemala, Guyana, Haiti and 8 more"."""
    codes = _codes()
    names = [country_name(code) for code in in_name_order(codes.get(n, n) for n in names)]
    if len(names) <= NAMED:
        return text.listed(names)
    rest = len(names) - NAMED
    return _("{names} and {rest} more").format(names=text.listed(names[:NAMED]), rest=rest)


def _trends(state: ViewState, group: str) -> dict[str, Any]:
    # The trend of that group alone, in kilograms from annual reports: what the sentence says.
    shown = state.shared().with_(groups=(group,), substances=(), series=(), measure="kg", dataset="annual")
    return to_query(shown, page="trends")


def change_text(found: Change, state: ViewState) -> FindingText:
    sentence = _(
        "**{group}** rose most: {value} in {year}, {change} on {before_year} ({before}), among the {countries} "
        "countries that reported it both years."
    ).format(
        group=text.markdown(place(found.group)),
        value=tonnes(found.value),
        year=found.year,
        change=text.percent(found.change_pct, decimals=0, signed=True),
        before_year=found.year - 1,
        before=tonnes(found.previous),
        countries=text.count(found.countries),
    )
    return FindingText("change", sentence, "trends", _trends(state, found.group), _("See the trend of this group"))


def record_text(found: Record, state: ViewState) -> FindingText:
    if found.year == found.latest and found.previous_high is not None:
        sentence = _(
            "**{group}**: {year} is the highest year in these reports, {value} "
            "(the previous high: {high} in {high_year})."
        ).format(
            group=text.markdown(place(found.group)),
            year=found.year,
            value=tonnes(found.value),
            high=tonnes(found.previous_high),
            high_year=found.previous_year,
        )
    else:
        sentence = _("**{group}**, the largest group, peaked in {year} at {value}; {latest} is below that.").format(
            group=text.markdown(place(found.group)), year=found.year, value=tonnes(found.value), latest=found.latest
        )
    return FindingText("record", sentence, "trends", _trends(state, found.group), _("See the trend of this group"))


def reporting_text(found: Reporting, state: ViewState) -> FindingText:
    parts = [
        n_(
            "{n} country gave a figure for {year}.",
            "{n} countries gave a figure for {year}.",
            found.reporting,
        ).format(n=text.count(found.reporting), year=found.year)
    ]
    if found.first_time:
        parts.append(
            n_(
                "Reporting for the first time since {since}: {names}.",
                "Reporting for the first time since {since}: {names}.",
                len(found.first_time),
            ).format(since=found.since, names=text.markdown(named(found.first_time)))
        )
    if found.stopped:
        parts.append(
            n_(
                "**{n} country** that reported for {before} has no figure for {year}: {names}.",
                "**{n} countries** that reported for {before} have no figure for {year}: {names}.",
                len(found.stopped),
            ).format(
                n=text.count(len(found.stopped)),
                before=found.year - 1,
                year=found.year,
                names=text.markdown(named(found.stopped)),
            )
        )
    coverage = with_page(state.shared(), "data", view="coverage")
    return FindingText(
        "reporting", text.sentences(*parts), "data", to_query(coverage, page="data"), _("See who reported")
    )


def growth_text(found: Growth, state: ViewState) -> FindingText:
    before = (
        _("against {before} in {before_year}").format(before=tonnes(found.previous), before_year=found.year - 1)
        if found.previous is not None
        else _("with no kilograms on it in {before_year}").format(before_year=found.year - 1)
    )
    sentence = _("The corridor that grew most: **{origin} → {destination}**, {value} in {year} {before}.").format(
        origin=text.markdown(place(found.origin)),
        destination=text.markdown(place(found.destination)),
        value=tonnes(found.value),
        year=found.year,
        before=before,
    )
    routes = state.shared().with_(year_from=found.year, year_to=found.year, measure="kg")
    return FindingText(
        "growth", sentence, "routes", to_query(routes, page="routes"), _("See the corridors of that year")
    )


def feed_text(found: Feed, state: ViewState) -> FindingText:
    sentence = _(
        "**{region}** receives the most on the recorded corridors ({total}, {years}): {share} of it comes from "
        "**{source}**, most of all {origin} → {destination}."
    ).format(
        region=text.markdown(place(found.region)),
        total=tonnes(found.total),
        years=text.year_range(found.first_year, found.last_year),
        share=text.percent(found.share_pct, decimals=0),
        source=text.markdown(place(found.source)),
        origin=text.markdown(place(found.top_origin)),
        destination=text.markdown(place(found.top_destination)),
    )
    routes = with_page(state.shared().with_(measure="kg"), "routes", level="subregion")
    return FindingText("feed", sentence, "routes", to_query(routes, page="routes"), _("See the corridors by subregion"))


def finding_texts(found: Findings, state: ViewState) -> list[FindingText]:
    """The findings there are, in the order a reader asks: what changed, records, who reported, where it flows."""
    out = []
    if found.change:
        out.append(change_text(found.change, state))
    if found.record:
        out.append(record_text(found.record, state))
    if found.reporting:
        out.append(reporting_text(found.reporting, state))
    if found.growth:
        out.append(growth_text(found.growth, state))
    if found.feed:
        out.append(feed_text(found.feed, state))
    return out
