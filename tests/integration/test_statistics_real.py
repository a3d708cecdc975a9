"""Issue 9 ("figures a UN statistician would sign"), points 2 to 11, on the real files of ../shared/data.

Each test names the figure the issue reported as wrong and checks the figure the dashboard now gives, through the
same query and text functions the pages use.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from dashboard import query
from dashboard.data import Dataset, load_dataset
from dashboard.exports import csv_bytes
from dashboard.pages.overview import model as overview_model
from dashboard.pages.overview import text as overview_text
from dashboard.pages.routes import figures as route_figures
from dashboard.pages.routes import text as route_text
from dashboard.pages.trends import text as trend_text
from dashboard.state import DEFAULT, ViewState, Vocabulary, from_query
from dashboard.store import Store
from dashboard.substances import standard_series

pytestmark = pytest.mark.realdata

ECSTASY = "Ecstasy-type substances"
WDR_2023 = "UNODC, World Drug Report 2023 (edition inferred from the data years), Statistical Annex 7.1"


@pytest.fixture(scope="module")
def data(real_store: Store) -> Dataset:
    return load_dataset(real_store, public=False)


def source_of(store: Store, file_name: str) -> dict:
    return store.sources().filter(pl.col("file_name") == file_name).row(0, named=True)


def kg(trend: query.Trend, series: str, year: int) -> float | None:
    hit = trend.frame.filter((pl.col("series") == series) & (pl.col("period") == year))
    return hit["value"].item() if hit.height else None


def read_download(content: bytes) -> tuple[list[str], pl.DataFrame]:
    """A CSV as the app writes it: '# ' note lines, then the data."""
    text = content.decode("utf-8-sig")
    notes = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return notes, pl.read_csv(io.StringIO(body))


# ---- 2. the series label says what is counted ----------------------------------------------------------------------
def test_a_substance_filter_names_the_substance_in_the_legend_the_title_and_the_csv(data: Dataset) -> None:
    state, _ = from_query({"sub": "Heroin", "from": "2018"}, data.vocabulary, page="trends")
    trend = query.trend(data, state)
    assert trend.frame["series"].unique().to_list() == ["Opioids: Heroin only"]  # not "Opioids"
    assert kg(trend, "Opioids: Heroin only", 2022) == pytest.approx(75_475.7, abs=0.5)
    opioids = query.trend(data, state.with_(substances=(), groups=("Opioids",)))
    assert kg(opioids, "Opioids", 2022) > 800_000  # all opioids, a far larger figure
    words = trend_text.trend_text(data, state, trend, monthly_possible=False)
    assert "Heroin" in words.title
    notes, table = read_download(csv_bytes(trend.frame, header_lines=words.notes))
    assert any(note.startswith("What is counted: Heroin;") and "2018–2022" in note for note in notes)
    assert set(table["series"]) == {"Opioids: Heroin only"}


# ---- 3. a substance's figure does not depend on the path to it -----------------------------------------------------
def test_a_substance_breakdown_gives_each_substance_its_own_rows_and_the_group_total_as_a_group_line(data) -> None:
    by_substance = query.trend(data, ViewState(groups=(ECSTASY,), breakdown="substance", year_from=2022), top=20)
    alone = query.trend(data, ViewState(substances=("MDMA",), year_from=2022))
    mdma = kg(by_substance, "MDMA", 2022)
    assert mdma == pytest.approx(5_595.0, abs=0.5)  # was 4,220.6: the reported total was drawn as a substance
    assert mdma == pytest.approx(kg(alone, "Ecstasy-type substances: MDMA only", 2022), abs=1e-6)
    series = set(by_substance.frame["series"])
    assert not any("(reported total)" in s for s in series)
    whole = kg(by_substance, query.WHOLE_GROUP.format(ECSTASY), 2022)
    unspecified = kg(by_substance, query.UNSPECIFIED.format(ECSTASY), 2022)
    group = query.trend(data, ViewState(groups=(ECSTASY,), year_from=2022))
    assert whole == pytest.approx(kg(group, ECSTASY, 2022), abs=1e-6)
    named = by_substance.frame.filter((pl.col("period") == 2022) & ~pl.col("series").str.starts_with(f"{ECSTASY}:"))[
        "value"
    ].sum()
    assert named + unspecified == pytest.approx(whole, abs=1e-6)  # the group line is the parts plus the rest


# ---- 4. identical annual rows are kept, flagged and counted --------------------------------------------------------
@pytest.mark.parametrize(
    ("file_name", "repeated"),
    [("drug_seizures_2018_2022.xlsx", 344), ("drug_seizures_2012_2016.csv", 498), ("drug_seizures_2015_2019.xlsx", 1)],
)
def test_identical_annual_rows_are_kept_flagged_and_counted(real_store: Store, shared_data: Path, file_name, repeated):
    path = shared_data / "unodc-annual-seizures" / file_name
    if path.suffix == ".csv":
        raw = pl.read_csv(path, infer_schema=False)
    else:
        sheet, header = ("Export", 1) if "2018" in file_name else ("Seizures", 3)
        raw = pl.read_excel(path, sheet_name=sheet, read_options={"header_row": header}, infer_schema_length=0)
    assert raw.height - raw.unique().height == repeated  # an independent count of the rows that repeat an earlier one
    source = source_of(real_store, file_name)
    assert source["duplicates_skipped"] == 0
    rows = real_store.scan("annual").filter(pl.col("source_id") == source["source_id"]).collect()
    flagged = rows.filter(pl.col("quality_flags").str.contains("repeated_row"))
    # Each repeat is stored and flagged, or quarantined like the row it repeats (a note row, a row with no figure).
    assert flagged.height == source["rows_repeated"] <= repeated
    assert source["rows_read"] == source["rows_stored"] + source["rows_quarantined"]


def test_argentina_cannabis_herb_2019_keeps_both_reports_of_1_kg(real_store: Store) -> None:
    source = source_of(real_store, "drug_seizures_2018_2022.xlsx")["source_id"]
    herb = (
        real_store.scan("annual")
        .filter(
            (pl.col("source_id") == source)
            & (pl.col("country_iso3") == "ARG")
            & (pl.col("year") == 2019)
            & (pl.col("substance") == "Cannabis herb")
        )
        .collect()
    )
    assert sorted(herb["kg_equivalent"].to_list()) == [1.0, 1.0, 7.0, 256.0, 187_353.0]
    assert herb.filter(pl.col("quality_flags").str.contains("repeated_row")).height == 1


# ---- 5. a suspect amount does not lead -------------------------------------------------------------------------------
def test_records_flagged_check_amount_are_left_out_of_the_ranking_unless_asked_for(data: Dataset) -> None:
    default = query.corridors(data, DEFAULT)
    top = default.frame.row(0, named=True)
    assert (top["origin_iso3"], top["destination_iso3"]) == ("COL", "ESP")  # not Ghana -> Spain on one record
    assert default.suspect_left_out > 0 and default.frame["to_check"].sum() == 0
    ghana = default.frame.filter((pl.col("origin_iso3") == "GHA") & (pl.col("destination_iso3") == "ESP"))
    assert ghana["kg"].item() < 10  # the 14,733,068 g air record is left out
    included = query.corridors(data, DEFAULT.with_(include_suspect=True))
    first = included.frame.row(0, named=True)
    assert (first["origin_iso3"], first["destination_iso3"], first["to_check"]) == ("GHA", "ESP", 1)
    assert included.suspect_left_out == 0
    words = route_text.routes_text(data, DEFAULT, default)
    assert f"{default.suspect_left_out:,} case records with an amount flagged to check" in words.rests_on
    notes, table = read_download(
        csv_bytes(route_figures.corridor_export(included.frame), header_lines=words.export_notes)
    )
    assert "To check" in table.columns and table["To check"].sum() == included.frame["to_check"].sum() > 0
    state, _ = from_query({"chk": "1"}, data.vocabulary)
    assert state.include_suspect


# ---- 6. the narcotic-drugs headline holds drugs only, for one year ---------------------------------------------------
def test_unidentified_substances_alcohol_khat_and_kratom_are_outside_the_default_view(data: Dataset) -> None:
    other = data.annual.filter(pl.col("substance_class") == "other")
    assert {"Khat and kratom", "Alcohol, tobacco and caffeine", "Unidentified or unclassified substances"} <= set(
        other["substance_group"]
    )
    assert {"Khat", "Kratom", "Alcohol", "Psychotropic substances", "Other drugs/substances"} <= set(other["substance"])
    routes = query.corridors(data, DEFAULT).frame.head(10)
    assert "Other" not in ", ".join(routes["top_substances"].to_list())
    assert not (
        (routes["origin_iso3"] == "PAK") & (routes["destination_iso3"] == "HKG") & (routes["kg"] > 16_000)
    ).any()
    nps = data.annual.filter(pl.col("substance_class") == "nps")["substance"].to_list()
    assert "Khat" not in nps and "Kratom" not in nps


def test_the_headline_tonnes_are_the_latest_year_beside_the_year_before(data: Dataset) -> None:
    state = DEFAULT
    figures = overview_model.overview(data, state)
    drugs = figures.by_class.filter(pl.col("substance_class") == "drug").row(0, named=True)
    yearly = query.trend(data, ViewState(classes=("drug",), breakdown="region", regions=()), top=20)
    world = query.yearly(data, state, [])
    assert drugs["year"] == 2022
    assert drugs["value"] == pytest.approx(world.filter(pl.col("year") == 2022)["value"].item())
    assert drugs["previous"] == pytest.approx(world.filter(pl.col("year") == 2021)["value"].item())
    assert drugs["value"] / 1000 < 20_000  # one year, not the 106,859.5 t of an 11-year sum over three editions
    assert yearly.frame["period"].max() == 2022
    words = overview_text.overview_text(data, state, figures)
    metric = words.class_metrics[0]
    assert metric.value == f"{drugs['value'] / 1000:,.1f} t" and metric.change.endswith("on 2021")  # the latest year
    assert metric.arrow == ("down" if drugs["value"] < drugs["previous"] else "up")
    assert "Tonnes by class: 2022 (each class's latest year" in words.years_caption
    assert any(note.startswith("Kept: the 6 largest of") for note in words.trend_notes)
    # The groups' download cites the annual reports (of the years in it), not the case records.
    assert not any("Individual" in note for note in words.groups_notes)
    assert any(note.startswith("Source: UNODC, World Drug Report 2023") for note in words.groups_notes)


# ---- 7. a total below its own components -----------------------------------------------------------------------------
def test_a_total_below_its_components_is_flagged_and_the_larger_is_used(real_store: Store, data: Dataset) -> None:
    source = source_of(real_store, "drug_seizures_2018_2022.xlsx")["source_id"]
    afghanistan = data.annual.filter(
        (pl.col("source_id") == source)
        & (pl.col("country_iso3") == "AFG")
        & (pl.col("year") == 2018)
        & (pl.col("substance_group") == "Cannabis-type")
    )
    total = afghanistan.filter(pl.col("is_total"))
    assert total["kg_equivalent"].to_list() == [79_302.0]
    assert "total_below_components" in total["quality_flags"].item()
    parts = afghanistan.filter(~pl.col("is_total") & ~pl.col("is_plant_material"))["kg_equivalent"].sum()
    assert parts >= 177_538
    trend = query.trend(data, ViewState(groups=("Cannabis-type",), regions=("Asia",), year_from=2018, year_to=2018))
    per_country = query.country_years(data, ViewState(groups=("Cannabis-type",), year_from=2018, year_to=2018))
    assert per_country.filter(pl.col("country_iso3") == "AFG")["value"].item() == pytest.approx(parts)
    assert trend.frame["value"].item() >= parts
    assert any("smaller than their own components" in n for n in real_store.report(source)["notes"])


# ---- 8. a chart cites the editions its figures come from ------------------------------------------------------------
def test_a_view_of_2018_2022_cites_wdr_2023_alone(data: Dataset) -> None:
    recent = query.source_of(data, ViewState(year_from=2018))
    assert recent.startswith(WDR_2023) and "2021" not in recent and "2018 (" not in recent
    everything = query.source_of(data, ViewState())
    assert "World Drug Report 2021" in everything and "World Drug Report 2018" in everything
    assert "Individual" not in everything


# ---- 9. UNODC's standard series are named choices ----------------------------------------------------------------
def test_unodc_cocaine_is_one_choice_with_its_definition(data: Dataset) -> None:
    series = standard_series()
    assert {"cocaine", "heroin", "opium", "cannabis_herb", "cannabis_resin", "methamphetamine", "amphetamine"} <= set(
        series
    )
    assert all(s.definition for s in series.values())
    state, notices = from_query({"ser": "cocaine", "from": "2018", "to": "2018"}, data.vocabulary)
    assert state.series == ("cocaine",) and not notices
    cocaine = kg(query.trend(data, state), "Cocaine", 2018)
    cocaine_type = kg(
        query.trend(data, ViewState(groups=("Cocaine-type",), year_from=2018, year_to=2018)), "Cocaine-type", 2018
    )
    assert cocaine_type - cocaine == pytest.approx(14_300, abs=100)  # other coca/cocaine-type drugs are not cocaine
    bad, notices = from_query({"ser": "crack"}, data.vocabulary)
    assert bad.series == () and notices


# ---- 10. heroin as UNODC counts it -----------------------------------------------------------------------------------
def test_heroin_filed_with_monoacetylmorphine_stays_heroin(data: Dataset) -> None:
    italy = data.annual.filter(pl.col("substance_as_reported") == "Heroin: Monoacetylmorphine")
    assert italy.height == 3 and set(italy["country_iso3"]) == {"ITA"}
    assert set(italy["substance"]) == {"Heroin"} and set(italy["substance_subgroup"]) == {"Heroin"}


# ---- 11. shares per year, and how many countries a sum rests on ------------------------------------------------------
def test_shares_are_of_one_year_and_regional_sums_say_how_many_countries_reported(data: Dataset) -> None:
    shares = query.shares_by_year(data, DEFAULT)
    per_year = shares.group_by("year").agg(pl.col("share_world_pct").sum())
    assert per_year["share_world_pct"].to_list() == pytest.approx([100.0] * per_year.height)
    ranking = query.ranking_of(shares, None)
    assert ranking["year"].unique().to_list() == [2022]
    africa = ranking.filter(pl.col("region") == "Africa").row(0, named=True)
    reported_2022 = shares.filter(
        (pl.col("year") == 2022) & (pl.col("region") == "Africa") & pl.col("value").is_not_null()
    )
    assert africa["region_reporting"] == reported_2022.height and africa["region_of"] >= 54
    regions = query.compare_regions(data, DEFAULT, ["Africa", "Europe"])
    africa_2022 = regions.filter((pl.col("region") == "Africa") & (pl.col("year") == 2022)).row(0, named=True)
    assert africa_2022["reporting"] == reported_2022.height and africa_2022["of"] == africa["region_of"]
    by_region = query.trend(data, DEFAULT.with_(breakdown="region"))
    words = trend_text.trend_text(data, DEFAULT.with_(breakdown="region"), by_region, monthly_possible=False)
    phrase = f"Africa: {reported_2022.height} of {africa['region_of']} countries and territories reported in 2022"
    assert phrase in words.summary


def test_the_vocabulary_still_allows_every_shared_parameter(data: Dataset) -> None:
    assert isinstance(data.vocabulary, Vocabulary) and "other" in data.vocabulary.classes
