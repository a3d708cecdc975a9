"""Who may see a published view: the one place for the rules, so public mode's own checks can meet them here."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl


def restricted_among(sources: pl.DataFrame, source_ids: Collection[str]) -> list[str]:
    """The file names of the restricted sources among ``source_ids`` (the registry's ``sources`` frame)."""
    if sources.is_empty() or not source_ids:
        return []
    hits = sources.filter(pl.col("source_id").is_in(list(source_ids)) & pl.col("restricted").fill_null(False))
    return sorted(hits["file_name"].cast(pl.String).fill_null("?").to_list())


def publish_refusal(sources: pl.DataFrame, source_ids: Collection[str]) -> str | None:
    """Why a view resting on ``source_ids`` cannot be published (None when it can): a restricted source may never
    reach the public, and a published view is public by nature."""
    restricted = restricted_among(sources, source_ids)
    if not restricted:
        return None
    names = ", ".join(restricted)
    return (
        f"This view cannot be published: it rests on restricted data ({names}). Restricted sources are never shown "
        "in a public view. Narrow the filters to public sources, or ask the data owner to lift the restriction."
    )


def may_show_published(sources: pl.DataFrame, source_ids: Collection[str], *, public: bool) -> bool:
    """Whether a published view may be shown here: in public mode, only when none of its sources is restricted
    (or unknown to this store: a source removed since may have been restricted)."""
    if not public:
        return True
    known = set(sources["source_id"].to_list()) if not sources.is_empty() else set()
    return not restricted_among(sources, source_ids) and set(source_ids) <= known


def may_write(*, public: bool) -> bool:
    """Whether views may be saved, published, withdrawn or put in decks here: never in a public view (the public
    reads what secretariats published)."""
    return not public
