"""Alphabetical order in the six languages (``dashboard.collation``, ``reference/collation.csv``)."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import collation
from dashboard.countries import country_name, in_name_order, name_order
from dashboard.i18n import LANGUAGES, using

CODES = ["ZWE", "EGY", "DEU", "JOR", "ARG", "ETH", "ESP", "RUS", "AFG", "DZA", "ATG"]


def _names(codes: list[str]) -> list[str]:
    return [country_name(code) for code in codes]


def test_every_language_has_a_rule() -> None:
    assert set(collation.rules()) == set(LANGUAGES)


def test_accents_and_case_do_not_count_in_french() -> None:
    with using("fr"):
        names = _names(in_name_order(CODES))
    # By code point "Égypte" and "Éthiopie" came after "Zimbabwe".
    assert names.index("Égypte") < names.index("Espagne") < names.index("Éthiopie") < names.index("Zimbabwe")
    assert names[0] == "Afghanistan" and names[-1] == "Zimbabwe"


def test_spanish_n_with_tilde_is_a_letter_after_n() -> None:
    order = collation.in_order(["ñandú", "nube", "Nazca", "oso"], "es")
    assert [["ñandú", "nube", "Nazca", "oso"][i] for i in order] == ["Nazca", "nube", "ñandú", "oso"]
    # In French the same word is an n among the others.
    assert collation.in_order(["ñandú", "nube", "Nazca"], "fr") == [0, 2, 1]


def test_arabic_ignores_the_article_and_the_hamza_of_alif() -> None:
    with using("ar"):
        names = _names(in_name_order(["EGY", "JOR", "DZA", "ARG", "DEU", "ETH"]))
    # الأرجنتين (Argentina) and الأردن (Jordan) are under alif, with ألمانيا and إثيوبيا; الجزائر under jim.
    assert names == ["إثيوبيا", "الأرجنتين", "الأردن", "ألمانيا", "الجزائر", "مصر"]


def test_russian_yo_sorts_with_ye() -> None:
    order = collation.in_order(["Ёж", "Ель", "Жук", "Дом"], "ru")
    assert order == [3, 0, 1, 2]


def test_chinese_lists_countries_in_the_english_order_of_un_documents() -> None:
    with using("zh"):
        ordered = in_name_order(CODES)
    with using("en"):
        assert ordered == in_name_order(CODES)
        english = _names(ordered)
    assert english == sorted(english)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_table_of_countries_sorts_as_the_chooser_does(lang: str) -> None:
    with using(lang):
        frame = pl.DataFrame({"country_iso3": CODES, "country_name": _names(CODES)})
        assert frame.sort(name_order())["country_iso3"].to_list() == in_name_order(CODES)


def test_a_list_filter_offers_its_values_in_the_order_of_their_labels() -> None:
    from dashboard import text

    values = ["Heroin", "Cannabis herb", "Amphetamine", "Methamphetamine", "Cocaine"]
    with using("fr"):  # Amphétamine, Cocaïne, Herbe de cannabis, Héroïne, Méthamphétamine
        assert text.in_label_order(values) == ["Amphetamine", "Cocaine", "Cannabis herb", "Heroin", "Methamphetamine"]
    with using("zh"):  # in the English order, as the country names
        assert text.in_label_order(values) == sorted(values)
    with using("ar"):  # الأمفيتامين, عشب القنب, الكوكايين, الميثامفيتامين, الهيروين: the article does not count
        assert text.in_label_order(values) == ["Amphetamine", "Cannabis herb", "Cocaine", "Methamphetamine", "Heroin"]
