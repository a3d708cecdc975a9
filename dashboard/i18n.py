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
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
RIGHT_TO_LEFT = frozenset({"ar"})
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; English (and a language whose catalogue is missing) passes through."""
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


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
