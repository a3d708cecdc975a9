"""The one home of how the dashboard writes things: escaping per destination, number formats, labels, links."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import text
from dashboard.i18n import using
from dashboard.state import ViewState

HOSTILE = "<img src=x onerror=alert(1)> [link](http://evil.example) **bold** :red[x] $x$ # head"


def test_markdown_leaves_no_markup_link_or_directive() -> None:
    safe = text.markdown(HOSTILE)
    assert "<" not in safe and ">" not in safe  # HTML characters become entities
    for raw in ("[link]", "](http", "**", ":red[", " $x$", " # "):
        assert raw not in safe, raw
    assert "http\\:\u200b//" in safe  # a bare address cannot become a link
    assert text.markdown("a\x00b\u2028c\n\nd") == "a b c d"  # one line, no control characters


def test_plotly_escapes_html_and_template_fields() -> None:
    assert text.plotly('<b>%{x}</b> & "q"') == '&lt;b&gt;%{x}&lt;/b&gt; &amp; "q"'
    assert text.plotly("%{x}", template=True) == "&#37;{x}"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_cells_never_start_a_formula(cell: str) -> None:
    assert text.spreadsheet(cell) == "'" + cell
    frame = pl.DataFrame({"c": [cell, "plain"]}).select(text.spreadsheet_expr("c"))
    assert frame["c"].to_list() == ["'" + cell, "plain"]


def test_spreadsheet_drops_characters_xml_cannot_hold() -> None:
    assert text.spreadsheet("a\x01b\x0bc") == "abc"


def test_terminal_shows_escape_sequences_as_question_marks() -> None:
    assert text.terminal("red \x1b[31m text\x07") == "red ?[31m text?"


def test_document_lines_hold_only_what_xml_can() -> None:
    assert text.document("  a\x01b\ufffe \n c\x0b ") == "ab c"
    assert text.document(None) == ""


def test_dates_and_date_ranges() -> None:
    day, later = dt.date(2022, 9, 12), dt.date(2022, 9, 15)
    assert text.date(day) == "12 September 2022" and text.date(None, missing="no date") == "no date"
    assert text.date_range(day, later) == "12–15 September 2022"
    assert text.date_range(day, day) == text.date_range(day, None) == "12 September 2022"
    assert text.date_range(dt.date(2022, 6, 30), dt.date(2022, 7, 2)) == "30 June 2022 – 2 July 2022"
    assert text.date_range(None, later) == ""


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (None, None, "not reported"),
        (float("nan"), None, "not reported"),
        (0, None, "0"),
        (1234.56, None, "1,235"),
        (12.345, None, "12.35"),
        (0.01234, None, "0.0123"),
        (1234.5, 1, "1,234.5"),
        (1234.0, 1, "1,234"),
        (0.250, 3, "0.25"),
    ],
)
def test_number(value: float | None, decimals: int | None, shown: str) -> None:
    assert text.number(value, decimals=decimals) == shown


def test_quantity_compact_percent_and_year_range() -> None:
    assert text.quantity(1500, "kg") == "1,500 kg" and text.quantity(None, "kg", missing="no figure") == "no figure"
    assert [text.compact(v) for v in (500, 2000, 1.5e6, 3e9)] == ["500", "2k", "1.5M", "3G"]
    assert text.percent(12.345) == "12.3%" and text.percent(5, signed=True) == "+5.0%"
    assert text.year_range(2012, 2016) == "2012–2016"
    assert text.year_range(2012, 2012) == text.year_range(2012, None) == text.year_range(None, 2012) == "2012"
    assert text.year_range(None, None) == "" and text.year_range(None, None, missing="not recorded") == "not recorded"


def test_demo_labels_are_one_sentence_in_three_forms() -> None:
    assert text.demo_label() == "Demonstration data — not real seizures"
    assert text.demo_watermark() == "DEMONSTRATION DATA — NOT REAL SEIZURES"
    assert text.demo_note() == "DEMONSTRATION DATA - NOT REAL SEIZURES"
    assert text.demo_label("licit") == "Demonstration data — not real authorisations or estimates"


def test_profile_links_carry_the_filters_and_skip_special_codes() -> None:
    state = ViewState(measure="seizures", groups=("Opioids",))
    assert text.profile_url("COL") == "Country_profile?country=COL"
    assert text.profile_url("COL", state) == "Country_profile?grp=Opioids&m=seizures&country=COL"
    frame = pl.DataFrame({"iso3": ["COL", "XUN", None]}).select(text.profile_link_expr("iso3", state))
    assert frame["iso3"].to_list() == ["Country_profile?grp=Opioids&m=seizures&country=COL", None, None]


def test_download_notes_name_title_unit_years_source_and_gaps() -> None:
    notes = text.download_notes("Title", "kg", (2016, 2020), "UNODC, test", demo=False)
    assert notes == [
        "Title",
        "Unit: kg",
        "Years 2016-2020",
        "Source: UNODC, test",
        "An empty value means not reported (not zero).",
    ]
    demo = text.download_notes("Title", "kg", (2016, 2020), "UNODC, test", demo=True)
    assert demo[0] == "DEMONSTRATION DATA - NOT REAL SEIZURES" and demo[1] == "Title"


def test_filters_in_words_name_every_filter_and_what_the_figures_rest_on():
    from dashboard.state import ViewState

    state = ViewState(groups=("Opioids",), conveyances=("Air",), measure="seizures", country="COL")
    words = text.filters_in_words(state, (2015, 2020), cases=True)
    assert words.startswith("Years 2015–2020") or words.startswith("Years 2015-2020")
    for part in ("group: Opioids", "conveyance: Air", "country: COL", "number of seizures", "individual seizure cases"):
        assert part in words, part
    assert "annual reports" in text.filters_in_words(ViewState(), (2015, 2020))


def test_a_markdown_file_escapes_only_what_commonmark_acts_on() -> None:
    assert text.markdown("V.22-10419 (paragraph 3)", file=True) == "V.22-10419 (paragraph 3)"
    assert text.markdown("*x* <b> [a](b) | # `c`", file=True) == r"\*x\* \<b\> \[a\](b) \| \# \`c\`"
    assert "http:\u200b//" in text.markdown("see http://evil.example", file=True)


def test_a_view_says_every_filter_in_words() -> None:
    from dashboard.state import ViewState

    state = ViewState(substances=("Heroin",), regions=("Europe",), conveyances=("air",), include_suspect=True)
    assert text.what_is_counted(state) == "Heroin"
    assert text.title_words(state, (2018, 2022)) == "Heroin, 2018–2022, Europe, conveyance: air"
    assert text.view_in_words(state, (2018, 2022), cases=True) == (
        "Heroin; narcotic drugs and psychotropics; 2018–2022; regions: Europe; conveyance: air; plant material left "
        "out; amounts flagged to check included"
    )
    assert text.what_is_counted(ViewState(series=("cocaine", "ecstasy"))) == 'Cocaine, "Ecstasy"'
    assert text.what_is_counted(ViewState(classes=())) == "every class of substance"
    notes = text.download_notes("T", "kg", (2018, 2022), "S", demo=False, counted="Heroin", kept="the 6 largest")
    assert notes[:3] == ["T", "What is counted: Heroin", "Kept: the 6 largest"]


def test_a_sum_says_how_many_countries_reported_and_what_was_left_out() -> None:
    assert text.reporting_phrase(12, 54, 2022) == "12 of 54 countries and territories reported in 2022"
    assert text.suspect_note(0) is None
    assert text.suspect_note(1).startswith("1 case record with an amount flagged to check")
    assert text.group_with_substances("Opioids", ["Heroin", "Opium"]) == "Opioids: Heroin, Opium only"


def test_small_figures_get_no_si_prefix_on_an_axis() -> None:
    # Issue 15: "140m ODP t" for 0.14 t. Below a thousand the axis writes plain numbers; from a thousand, 2k, 1.5M.
    assert text.axis_format([0.14, 0.02, None]) == ",~r"
    assert text.axis_format([999.0]) == ",~r"
    assert text.axis_format([0.5, 1_900_000.0]) == "~s"
    assert text.axis_format([]) == ",~r"
    assert text.compact(0.14) == "0.14"


def test_readable_columns_write_not_reported_and_thousands() -> None:
    import polars as pl

    from dashboard import text

    table = pl.DataFrame({"period": [2021, 2022], "Cocaine": [1234567.891, None], "Heroin": [None, 0.5]})
    shown = text.readable_columns(table, ["period"], decimals=1)
    assert shown["period"].to_list() == [2021, 2022]  # the index stays a number
    assert shown["Cocaine"].to_list() == ["1,234,567.9", text.NOT_REPORTED]
    assert shown["Heroin"].to_list() == [text.NOT_REPORTED, "0.5"]
    assert "None" not in " ".join(str(v) for v in shown.rows())
    change = text.readable_columns(pl.DataFrame({"period": [1], "x": [12.34]}), ["period"], percent_signed=True)
    assert change["x"].to_list() == ["+12.3%"]


def test_html_text_escapes_markup_and_quotes() -> None:
    from dashboard import text

    assert text.html_text("<b onclick='x'>&\"") == "&lt;b onclick=&#x27;x&#x27;&gt;&amp;&quot;"


def test_terminal_keeps_the_spaces_cldr_puts_in_numbers_but_not_bidi_overrides() -> None:
    from dashboard.i18n import using

    with using("fr"):
        written = text.count(9442)
    assert "\u202f" in written and text.terminal(written) == written  # "9 442", not "9?442"
    assert text.terminal("a\u202eb\u2066c") == "a?b?c"  # a right-to-left override could reorder a file name


def test_fill_writes_counts_in_the_readers_way() -> None:
    from dashboard.i18n import using

    with using("fr"):
        assert text.fill("plus de {size:,} Mo ({name})", size=1000, name="x") == "plus de 1\u202f000 Mo (x)"
    with using("en"):
        assert text.fill("over {size:,} MB, {share:.1f}", size=1000, share=0.25) == "over 1,000 MB, 0.2"


def test_a_signed_figure_in_arabic_keeps_its_sign_before_the_number():
    from dashboard.i18n import using

    # CLDR's Arabic sign carries a left-to-right mark; a bare "-" is put after the number in right-to-left text.
    with using("ar"):
        assert text.percent(-12.3, signed=True) == "\u200e-12.3%"
        assert text.percent(5, signed=True) == "\u200e+5.0%"
        assert text.number(-1234.5) == "\u200e-1,234"
        assert text.number(1234.5) == "1,234"
        assert text.compact(-500) == "\u200e-500" and text.compact(-25_000) == "\u200e-25\xa0ألف"  # axis labels too
    with using("fr"):
        assert text.percent(-12.3, signed=True) == "-12,3\xa0%"


def test_sentences_follow_each_other_with_a_space_except_after_a_chinese_full_stop():
    assert text.sentences("One.", None, "", "Two.") == "One. Two."
    assert text.sentences("第一。", "第二。") == "第一。第二。"
    assert text.sentences("", "Alone.") == "Alone."


def test_a_text_from_the_data_is_isolated_in_a_right_to_left_interface_only():
    from dashboard.i18n import using

    with using("ar"):
        assert text.as_written("Valletta") == "\u2068Valletta\u2069"
        assert text.listed(["أ", "ب"]) == "أ، ب"
        assert text.corridor("أ", "ب") == "أ ← ب"
    assert text.as_written("Valletta") == "Valletta"
    assert text.listed(["a", "b"]) == "a, b" and text.grouped(["a", "b"]) == "a; b"
    with using("zh"):
        assert text.listed(["甲", "乙"]) == "甲、乙"


def test_the_importers_words_in_a_citation_take_the_languages_brackets() -> None:
    stored = "UNODC, World Drug Report 2023 (edition inferred from the data years), Statistical Annex"
    assert text.citation(stored) == stored
    with using("zh"):
        assert text.citation(stored) == "UNODC, World Drug Report 2023（版本根据数据年份推断）, Statistical Annex"
    with using("fr"):
        assert "2023 (édition déduite des années des données)," in text.citation(stored)
    with using("zh"):
        assert text.country_and_code("COL") == "哥伦比亚（COL）"
    assert text.country_and_code("COL") == "Colombia (COL)"


def test_chinese_sentences_take_no_space_after_a_bold_full_stop() -> None:
    assert text.sentences("**绝非零。**", "可卡因。") == "**绝非零。**可卡因。"
    assert text.sentences("**Never zero.**", "Cocaine.") == "**Never zero.** Cocaine."
