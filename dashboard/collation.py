"""Alphabetical order in each of the six languages: a country chooser or a table of Governments lists names as a
reader of the language looks for them, not in the order of their code points (which put "Égypte" after "Zimbabwe" and
"الأردن" among the names with an article).

The rules are data (``reference/collation.csv``): the article a name's order ignores, the letters that sort after
their base letter, and the language whose names give the order (Chinese lists countries in the English order, as UN
documents in Chinese do). Case, accents and vowel marks never count. Python's standard library and Babel have no
collation; this is the part of the Unicode collation that the six languages' names need.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import polars as pl

from dashboard.i18n import SOURCE_LANGUAGE, language
from dashboard.reference import read_rows

# A letter that sorts after its base letter becomes the base letter and this (the last code point of the Basic
# Multilingual Plane): "ña" after "nz".
_AFTER = "\uffff"


@dataclass(frozen=True)
class Rule:
    language: str
    article: str  # a prefix that does not count ("ال")
    letters_after: tuple[str, ...]  # letters that sort after their base letter ("ñ" after "n")
    order_of: str  # the language whose country names give the order; the language itself when empty

    @property
    def by_english_names(self) -> bool:
        """Countries go in the order of their English names, though the names shown are another language's."""
        return self.order_of == SOURCE_LANGUAGE != self.language


@cache
def rules() -> dict[str, Rule]:
    return {
        row["language"]: Rule(
            language=row["language"],
            article=row["article"],
            letters_after=tuple(row["letters_after"].split()),
            order_of=row["order_of"] or row["language"],
        )
        for row in read_rows("collation.csv")
    }


def rule(lang: str | None = None) -> Rule:
    """The rule of ``lang`` (the current language when None); English's for a language without one."""
    table = rules()
    return table.get(lang or language(), table[SOURCE_LANGUAGE])


def sort_key(names: pl.Expr, lang: str | None = None) -> pl.Expr:
    """An expression whose order is the alphabetical order of ``names`` in ``lang``: lower case, the article and the
    accents and vowel marks taken off (after a letter of its own has been set apart)."""
    chosen = rule(lang)
    key = names.fill_null("").str.strip_chars()
    if chosen.article:
        key = key.str.strip_prefix(chosen.article)
    key = key.str.to_lowercase()
    for letter in chosen.letters_after:
        key = key.str.replace_all(letter, unicodedata.normalize("NFKD", letter)[0] + _AFTER, literal=True)
    return key.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")


def in_order(names: list[str], lang: str | None = None) -> list[int]:
    """The positions of ``names`` in their alphabetical order (ties keep their order)."""
    frame = pl.DataFrame({"name": names}, schema={"name": pl.String}).with_row_index("position")
    return frame.sort(sort_key(pl.col("name"), lang), maintain_order=True)["position"].to_list()
