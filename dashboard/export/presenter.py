"""The meeting-room presenter: one self-contained HTML document holding every slide of a deck (plotly.js and the
base topology inlined, so it works with no network at all), one view per slide in the large-type theme, a slide
counter, and the keys presentation clickers send: right/left arrows, Page Down/Page Up, space (next) and Shift+space
(previous), Home/End, F for full screen, N for the speaker notes, Escape to leave. An optional timer advances the
slides."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard import geo, text
from dashboard.export import standalone
from dashboard.export import text as words
from dashboard.figures.exhibit import Exhibit
from dashboard.figures.style import SLIDE_FONT, presentation
from dashboard.i18n import _, is_right_to_left, language

COUNTER_HEIGHT = 76  # pixels under the slide for the controls, the counter, the source line and a map's disclaimer


@dataclass(frozen=True)
class PresenterSlide:
    title: str  # the saved view's title
    exhibit: Exhibit | None  # None: the view has no figure today (said on the slide)
    notes: str = ""  # speaker notes: hidden until N is pressed


def _slide_spec(slide: PresenterSlide) -> dict:
    if slide.exhibit is None:
        return {
            "title": slide.title,
            "figure": None,
            "footer": _(words.NO_CHART),
            "disclaimer": "",
            "notes": slide.notes,
        }
    figure = json.loads(pio.to_json(presentation(slide.exhibit.figure), validate=False))
    figure["layout"].pop("width", None)
    figure["layout"].pop("height", None)
    return {
        "title": slide.title,
        "figure": figure,
        "footer": _("Source: {source}").format(source=slide.exhibit.source),
        "disclaimer": _(geo.BOUNDARIES_DISCLAIMER) if slide.exhibit.is_map else "",
        "notes": slide.notes,
    }


SCRIPT = """
const slides = %(slides)s;
const autoSeconds = %(auto)d;
const leaveTo = %(leave)s;
let current = 0;
const stage = document.getElementById('stage');
const counter = document.getElementById('counter');
const footer = document.getElementById('footer');
function show(index) {
  current = Math.max(0, Math.min(slides.length - 1, index));
  const slide = slides[current];
  Plotly.purge(stage);
  stage.textContent = '';
  if (slide.figure) {
    const layout = Object.assign({}, slide.figure.layout,
      {width: window.innerWidth - 16, height: window.innerHeight - %(counter)d});
    Plotly.newPlot(stage, slide.figure.data, layout, {displayModeBar: false, staticPlot: false});
  } else {
    const message = document.createElement('h1');
    message.textContent = slide.title + ': ' + slide.footer;
    stage.appendChild(message);
  }
  counter.textContent = (current + 1) + ' / ' + slides.length;
  footer.textContent = slide.disclaimer ? slide.footer + '  ·  ' + slide.disclaimer : slide.footer;
  document.getElementById('notes').textContent = slide.notes;
  document.body.dataset.slide = String(current + 1);
}
function toggleNotes() {
  const panel = document.getElementById('notes');
  panel.style.display = panel.style.display === 'block' ? 'none' : 'block';
}
function fullScreen() {
  const root = (window.parent && window.parent !== window) ? window.parent.document.documentElement
                                                              : document.documentElement;
  if (root.requestFullscreen) { root.requestFullscreen().catch(() => {}); }
}
function leave() {
  if (!leaveTo) { return; }
  if (window.parent && window.parent !== window) {
    // The slides' frame may not navigate the page; a script of the page's own does.
    const script = window.parent.document.createElement('script');
    script.textContent = 'window.location.href = ' + JSON.stringify(leaveTo) + ';';
    window.parent.document.head.appendChild(script);
  } else { window.location.href = leaveTo; }
}
function onKey(event) {
  const key = event.key;
  if (['ArrowRight', 'ArrowDown', 'PageDown', 'Enter'].includes(key) || (key === ' ' && !event.shiftKey)) {
    show(current + 1);
  } else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace'].includes(key) || (key === ' ' && event.shiftKey)) {
    show(current - 1);
  } else if (key === 'Home') { show(0);
  } else if (key === 'End') { show(slides.length - 1);
  } else if (key === 'f' || key === 'F') { fullScreen();
  } else if (key === 'n' || key === 'N') { toggleNotes();
  } else if (key === 'Escape') { leave();
  } else { return; }
  event.preventDefault();
}
document.addEventListener('keydown', onKey);
try {
  if (window.parent && window.parent !== window) { window.parent.document.addEventListener('keydown', onKey); }
} catch (error) { /* a parent of another origin: keys reach the slides once they have the focus */ }
document.getElementById('next').addEventListener('click', () => show(current + 1));
document.getElementById('previous').addEventListener('click', () => show(current - 1));
document.getElementById('full').addEventListener('click', fullScreen);
window.addEventListener('resize', () => show(current));
if (autoSeconds > 0) { setInterval(() => show(current + 1 < slides.length ? current + 1 : 0), autoSeconds * 1000); }
show(0);
window.focus();
"""


def presenter_html(title: str, slides: Sequence[PresenterSlide], *, auto_seconds: int = 0, leave_to: str = "") -> str:
    specs = [_slide_spec(s) for s in slides]
    script = SCRIPT % {
        "slides": standalone.script_json(specs),
        "auto": max(int(auto_seconds), 0),
        "leave": standalone.script_json(leave_to),
        "counter": COUNTER_HEIGHT,
    }
    assets = standalone.geo_assets() if any(s.exhibit is not None and s.exhibit.is_map for s in slides) else ""
    button = "background:none;border:1px solid #999;border-radius:4px;font-size:18px;padding:2px 12px;cursor:pointer"
    return (
        f"<!DOCTYPE html><html lang='{language()}' dir='{'rtl' if is_right_to_left() else 'ltr'}'>"
        # Charts keep their own order in a right-to-left page: the first year stays on the left of the axis.
        "<head><meta charset='utf-8'><style>.js-plotly-plot{direction:ltr}</style>"
        f"<title>{text.html_text(title)}</title>"
        "<style>html,body{margin:0;padding:0;background:white;overflow:hidden;"
        "font-family:'DejaVu Sans',Arial,sans-serif;color:#222}"
        f"#bar{{display:flex;align-items:center;gap:12px;height:{COUNTER_HEIGHT - 4}px;padding:0 8px;"
        f"font-size:{SLIDE_FONT - 6}px;color:#555}}"
        f"#counter{{font-size:{SLIDE_FONT}px;font-weight:bold;color:#222;margin-left:auto}}"
        "#footer{overflow:hidden;font-size:13px;line-height:1.25;max-height:68px;flex:1}"
        f"#notes{{display:none;position:fixed;left:16px;right:16px;bottom:{COUNTER_HEIGHT + 8}px;max-height:40vh;"
        f"overflow:auto;background:#fffbe6;border:1px solid #c9b458;padding:12px;font-size:{SLIDE_FONT}px;"
        "white-space:pre-wrap}</style>"
        f"<script>{get_plotlyjs()}</script><script>{assets}</script></head><body>"
        "<div id='stage'></div><div id='notes' role='note'></div><div id='bar'>"
        f"<button id='previous' style='{button}' aria-label='Previous slide'>&#8592;</button>"
        f"<button id='next' style='{button}' aria-label='Next slide'>&#8594;</button>"
        f"<button id='full' style='{button}' aria-label='{text.html_text(_(words.FULL_SCREEN))}'>"
        f"{text.html_text(_(words.FULL_SCREEN))}</button>"
        "<span id='footer'></span><span id='counter'></span></div>"
        f"<script>{script}</script></body></html>"
    )
