"""The accessibility layer of the frame (WCAG 2.2 AA, docs/accessibility.md): the offline style sheet that fixes
Streamlit's theme where it falls short (caption contrast, focus outlines, target sizes, headline numbers that wrap)
and the small script that moves the focus to a new page's title. Injected once per run by ``frame.setup_page``."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).resolve().parent / "assets"
FRAME_KEY = "a11y_frame"  # its container is hidden by the style sheet: the style and the script take no room


@functools.cache
def _assets() -> str:
    css = (ASSETS / "a11y.css").read_text(encoding="utf-8")
    script = (ASSETS / "a11y.js").read_text(encoding="utf-8")
    return f"<style>{css}</style><script>{script}</script>"


def inject() -> None:
    """The style sheet and the focus script, from files of the project (no network, no user data in them)."""
    with st.container(key=FRAME_KEY):
        st.html(_assets(), unsafe_allow_javascript=True)
