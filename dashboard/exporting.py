"""What the command line's ``export`` and ``deck export`` do: from a page URL, a saved view's id or a published
view's id to files, with the same exhibits the page draws (or, for a published view, the frozen ones)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from dashboard import catalogue
from dashboard.access import min_cell, public_mode
from dashboard.data import Dataset, load_dataset
from dashboard.export import images, slides, standalone
from dashboard.export.frozen import thaw
from dashboard.export.text import dated
from dashboard.exports import csv_bytes, xlsx_bytes
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import LANGUAGES, _, language, using
from dashboard.saved import Deck, Slide, Views, database_url
from dashboard.saved.repository import SavedView
from dashboard.saved.rules import may_show_published, may_write
from dashboard.store import Store, now_iso
from dashboard.text import with_public_note

IMAGE_FORMATS = ("png", "svg", "pdf")


class ExportError(Exception):
    """A target that cannot be exported, with the reason in one line."""


@dataclass(frozen=True)
class Resolved:
    name: str  # file stem
    title: str
    exhibits: list[Exhibit]
    link: str  # the permalink, or the published id
    dated: str  # what the images say about their date


def _today() -> str:
    return dated(now_iso()[:10], published=False)


def resolve(target: str, data: Dataset, views: Views | None) -> Resolved:
    """A URL ("/Trends?grp=Opioids"), a published view's id or a saved view's id, to its exhibits."""
    if "/" in target or "?" in target:
        try:
            found = catalogue.parse_url(target, data)
        except catalogue.NotAView as error:
            raise ExportError(str(error)) from error
        link = catalogue.permalink(found.page, found.query)
        return Resolved(found.page, found.page, catalogue.main_figures(data, found.page, found.state), link, _today())
    if views is not None:
        published = views.published(target)
        if published is not None:
            if published.withdrawn:
                raise ExportError(_("the published view {view} was withdrawn").format(view=target))
            if not may_show_published(data.sources, published.source_ids, public=data.public):
                raise ExportError(
                    _("the published view {view} rests on data a public view does not show").format(view=target)
                )
            when = dated(published.published_at.strftime("%Y-%m-%d"), published=True)
            return Resolved(
                f"published-{target}",
                published.title,
                thaw(published.exhibits),
                _("published view {view}").format(view=target),
                when,
            )
        saved = views.get(target) if may_write(public=data.public) else None  # saved views are not public
        if saved is not None:
            found = catalogue.target(saved.page, saved.query, data)
            link = catalogue.permalink(found.page, found.query)
            return Resolved(
                f"view-{target}", saved.title, catalogue.main_figures(data, found.page, found.state), link, _today()
            )
    raise ExportError(
        _('{target} is neither a page URL (such as "/Trends?grp=Opioids") nor a saved or published view').format(
            target=repr(target)
        )
    )


def _file(exhibit: Exhibit, fmt: str, resolved: Resolved) -> bytes:
    if fmt in IMAGE_FORMATS:
        return images.image(exhibit, fmt, link=resolved.link, dated=resolved.dated)
    if fmt == "html":
        return standalone.html_page([exhibit], title=exhibit.title, link=resolved.link, dated=resolved.dated).encode()
    notes = list(exhibit.notes) or [
        exhibit.title,
        _("Unit: {unit}").format(unit=_(exhibit.unit)),
        _("Source: {source}").format(source=exhibit.source),
    ]
    if public_mode():
        notes = with_public_note(notes, min_cell())
    if fmt == "csv":
        return csv_bytes(exhibit.table, header_lines=notes)
    if fmt == "xlsx":
        return xlsx_bytes({exhibit.key: exhibit.table}, notes=notes)
    raise ExportError(_("unknown format {format}").format(format=repr(fmt)))


def language_of(target: str) -> str:
    """The language a page URL asks for (``lang=``), else the current one (the command line's ``--lang``)."""
    values = parse_qs(urlsplit(target).query).get("lang", []) if "?" in target else []
    return values[-1] if values and values[-1] in LANGUAGES else language()


def export(target: str, fmt: str, output: Path, *, every: bool = False, store: Store | None = None) -> list[Path]:
    """Write the main chart of ``target`` to ``output`` (with ``every``: each chart into the folder ``output``), in
    the language the URL asks for."""
    with using(language_of(target)):
        return _export(target, fmt, output, every=every, store=store)


def _export(target: str, fmt: str, output: Path, *, every: bool, store: Store | None) -> list[Path]:
    store = store or Store()
    data = load_dataset(store)
    resolved = resolve(target, data, _views(store))
    if not resolved.exhibits:
        raise ExportError(_("{target} has no chart to export for these filters").format(target=repr(target)))
    if not every:
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":  # the standalone page of the view holds every chart of it
            page = standalone.html_page(
                resolved.exhibits, title=resolved.title, link=resolved.link, dated=resolved.dated
            )
            output.write_text(page, encoding="utf-8")
        else:
            output.write_bytes(_file(resolved.exhibits[0], fmt, resolved))
        return [output]
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for exhibit in resolved.exhibits:
        path = output / f"{resolved.name}-{exhibit.key}.{fmt}"
        path.write_bytes(_file(exhibit, fmt, resolved))
        written.append(path)
    return written


def _views(store: Store) -> Views | None:
    try:
        return Views(database_url(store.root))
    except Exception:  # a view id needs the database; a URL does not
        return None


def _deck_of_urls(urls: Sequence[str], data: Dataset) -> Deck:
    stand_ins = []
    for index, url in enumerate(urls):
        try:
            found = catalogue.parse_url(url, data)
        except catalogue.NotAView as error:
            raise ExportError(str(error)) from error
        saved = SavedView(f"url{index}", found.page, found.query, url, "", "", None, None, "", "")  # type: ignore[arg-type]
        stand_ins.append(Slide(saved, ""))
    return Deck("urls", _("Deck"), "", None, tuple(stand_ins))  # type: ignore[arg-type]


def export_deck(
    deck_id: str | None, fmt: str, output: Path, *, urls: Sequence[str] | None = None, store: Store | None = None
) -> Path:
    store = store or Store()
    data = load_dataset(store)
    if not urls and not may_write(public=data.public):
        raise ExportError(_("decks are saved views, which a public view does not show (export --views URL... instead)"))
    if urls:
        deck = _deck_of_urls(urls, data)
    else:
        views = _views(store)
        deck = views.deck(deck_id) if views is not None and deck_id else None
        if deck is None:
            raise ExportError(
                _("no deck {deck} (give a deck id from the Saved views page, or --views URL...)").format(
                    deck=repr(deck_id)
                )
            )
    if not deck.slides:
        raise ExportError(_("the deck has no slide"))
    # The deck's own words (its date, the slides' source lines) in the language of its first view, as for `export`.
    with using(catalogue.view_language(deck.slides[0].view.query)):
        try:
            contents = catalogue.deck_slides(data, deck)
        except catalogue.NotAView as error:
            raise ExportError(str(error)) from error
        dated_on = _today()
        body = (
            slides.pptx_bytes(contents, dated=dated_on) if fmt == "pptx" else slides.pdf_bytes(contents, dated=dated_on)
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(body)
    return output
