"""The width of the column a figure is drawn in, measured in the browser: a pydeck map's first view is a fixed
zoom, so to frame its corridors on a phone, a laptop and a projector alike the server must know how wide the map is.

A tiny ``st.components.v2`` component (inline JavaScript, nothing fetched) reports the width of its own column,
rounded to 10 px, once on load and again after a resize; the page then reruns once with the real width. Until then
(and in AppTest, which runs no JavaScript) the page's own guess applies.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function (component) {
  const { parentElement, setStateValue } = component;
  const host = parentElement.host || parentElement;
  const column = host.closest('[data-testid="stVerticalBlock"]') || host;
  let last = null, timer = null;
  const report = () => {
    const width = Math.round(column.getBoundingClientRect().width / 10) * 10;
    if (width > 0 && width !== last) { last = width; setStateValue("width", width); }
  };
  const observer = new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(report, 300); });
  observer.observe(column);
  report();
  return () => { observer.disconnect(); clearTimeout(timer); };
}
"""
_CSS = ":host { display: block; height: 0; overflow: hidden; }"
_COMPONENT = st.components.v2.component("dashboard.column_width", html="<span></span>", css=_CSS, js=_JS)
MIN_WIDTH, MAX_WIDTH = 200, 4000  # pixels: what the browser reports is hostile too


def column_width(key: str, default: int) -> int:
    """The width in pixels of the column this is called in, as the browser last reported it; ``default`` before."""
    # The no-op callback registers the "width" state, so a report from the browser reruns the page.
    result = _COMPONENT(key=key, default={"width": None}, on_width_change=lambda: None)
    width = getattr(result, "width", None)
    if isinstance(width, int | float) and MIN_WIDTH <= width <= MAX_WIDTH:
        return int(width)
    return default
