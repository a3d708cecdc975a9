"""The language of the interface: gettext catalogues (``dashboard/locale/<lang>/LC_MESSAGES/messages.po``, compiled
to ``.mo`` at set-up) and the language of the current request.

``_("...")`` translates a message now, ``n_(singular, plural, n)`` picks the plural form the language's rules say,
``N_("...")`` only marks a message for extraction where it is defined (a table of labels) and it is translated where
it is shown. The language lives in a context variable, so one server thread per session never sees another
session's language; English, the source language, needs no catalogue. Data (a Government's reply, a place name from a
file) is never passed through here: only the interface around it is translated.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
import re
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
RIGHT_TO_LEFT = frozenset({"ar"})
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
# Each language named in itself, as the language selector shows it (CLDR's autonyms).
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية", "zh": "中文"}
_ACCEPT_ITEM = re.compile(r"^\s*([A-Za-z]{1,8})(?:[-_][A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$")

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalogue(lang: str, *, force: bool = False) -> Path | None:
    """``messages.po`` of ``lang`` compiled to ``messages.mo`` when the ``.mo`` is missing or older (set-up does it;
    the app does it at start when set-up did not). Fuzzy entries are left out, as gettext would."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source, target = catalogue_path(lang), catalogue_path(lang, ".mo")
    if not source.is_file():
        return None
    if not force and target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    with source.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.partial")
    with partial.open("wb") as fh:
        write_mo(fh, catalog)
    partial.replace(target)  # atomic: another process never reads half a catalogue
    return target


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; English (and a language whose catalogue is missing) passes through."""
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return gettext.NullTranslations()
    with contextlib.suppress(OSError):  # a read-only install: use what set-up compiled
        compile_catalogue(lang)
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def negotiate(accept_language: str | None) -> str:
    """The first of our languages a browser's ``Accept-Language`` header asks for, by its weights ("fr-CH, fr;q=0.9,
    en;q=0.8" -> "fr"); the source language when it asks for none of them. Hostile input gives the source language."""
    wanted: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "")[:500].split(",")[:30]):
        match = _ACCEPT_ITEM.match(item)
        if not match:
            continue
        code, weight = match[1].lower(), float(match[2]) if match[2] else 1.0
        if code in LANGUAGES and weight > 0:
            wanted.append((-weight, position, code))
    return min(wanted)[2] if wanted else SOURCE_LANGUAGE


def language() -> str:
    """The language of the current request."""
    return _language.get()


def set_language(lang: str) -> None:
    """Sets the language of the current request (an unknown code means the source language)."""
    _language.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Runs a block in another language (an export for a meeting in French, a test), then restores the previous one."""
    token = _language.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def is_right_to_left(lang: str | None = None) -> bool:
    return (lang or language()) in RIGHT_TO_LEFT


def _(message: str) -> str:
    """The message in the current language."""
    return translations(language()).gettext(message)


def n_(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, by the current language's plural rules."""
    return translations(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; ``_()`` translates it where it is shown."""
    return message
