"""Who sees what: the one place of the rules of public mode, the login header and small cells.

* ``DASHBOARD_PUBLIC=1``: the app serves the public. No restricted source is read, no individual case record is
  shown or exported, small cells are suppressed, nothing can be written.
* ``DASHBOARD_TRUSTED_HEADER=X-Forwarded-User``: the app sits behind a reverse proxy that authenticates people and
  sets that header. A request that carries a non-empty value of it is a signed-in member of the secretariat and sees
  restricted data; a request without it sees exactly what the public sees. The header is trusted only when this
  variable names it (the proxy must drop the header from what clients send: see docs/security.md).
* Neither: a restricted app for a trusted network (the secretariat's own machine), as before.
* ``DASHBOARD_MIN_CELL`` (default 3): the fewest case records an aggregate cell shown to the public may rest on.

Pure functions of the environment and of the request headers, so the UI, the command line and tests ask the same
questions; the Streamlit side (``dashboard.ui.frame.public_view``) only hands in ``st.context.headers``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PUBLIC_ENV = "DASHBOARD_PUBLIC"
TRUSTED_HEADER_ENV = "DASHBOARD_TRUSTED_HEADER"
MIN_CELL_ENV = "DASHBOARD_MIN_CELL"
DEFAULT_MIN_CELL = 3
MAX_IDENTITY = 200  # an identity is a name or an address; anything longer is not one


def public_mode() -> bool:
    """True when the whole app serves a public view (``DASHBOARD_PUBLIC``)."""
    return os.environ.get(PUBLIC_ENV, "").strip().lower() in {"1", "true", "yes"}


def trusted_header() -> str | None:
    """The header a reverse proxy sets to the signed-in person, when one is configured."""
    name = os.environ.get(TRUSTED_HEADER_ENV, "").strip()
    return name or None


def identity(headers: Mapping[str, str] | None) -> str | None:
    """The signed-in person the trusted header names, or None (no header configured, absent, empty or absurd)."""
    name = trusted_header()
    if not name or headers is None:
        return None
    wanted = name.lower()
    value = next((str(v) for k, v in headers.items() if str(k).lower() == wanted), "")
    value = value.strip()
    if not value or len(value) > MAX_IDENTITY or not value.isprintable():
        return None
    return value


def viewer_is_public(headers: Mapping[str, str] | None = None) -> bool:
    """Whether this request gets the public view: always in public mode; behind a login, whenever no identity came;
    otherwise (no public mode, no login configured) never."""
    if public_mode():
        return True
    if trusted_header():
        return identity(headers) is None
    return False


def min_cell() -> int:
    """``DASHBOARD_MIN_CELL``: at least 1; a value that is not a whole number falls back to the default (the safe
    side: a typo never turns suppression off)."""
    raw = os.environ.get(MIN_CELL_ENV, "").strip()
    try:
        value = int(raw) if raw else DEFAULT_MIN_CELL
    except ValueError:
        return DEFAULT_MIN_CELL
    return max(1, value)
