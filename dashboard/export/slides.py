"""Decks exported for the meeting room: PPTX (python-pptx: one slide per view with the exported image, the title,
the source line, and the speaker notes in the notes pane) and PDF (one page per slide)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image
from pptx import Presentation
from pptx.util import Emu, Pt

from dashboard.export import images
from dashboard.figures.exhibit import Exhibit
from dashboard.figures.style import SLIDE_HEIGHT, SLIDE_WIDTH, presentation
from dashboard.i18n import _

SLIDE_IMAGE_HEIGHT = 900  # pixels of the figure on a 1920x1080 slide; the title and source line take the rest
EMU_PER_PX = 9525  # 96 dpi


@dataclass(frozen=True)
class SlideContent:
    exhibit: Exhibit
    link: str  # the view's permalink
    notes: str  # speaker notes


def slide_image(slide: SlideContent, *, dated: str) -> bytes:
    """The slide's figure in the large-type theme, stamped like every export, as PNG."""
    large = Exhibit(
        **{**slide.exhibit.__dict__, "figure": presentation(slide.exhibit.figure, height=SLIDE_IMAGE_HEIGHT)}
    )
    fig = images.stamped(large, link=slide.link, dated=dated)
    fig.update_layout(width=SLIDE_WIDTH)
    return images.render(fig, "png")


def pptx_bytes(slides: Sequence[SlideContent], *, dated: str) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(SLIDE_WIDTH * EMU_PER_PX), Emu(SLIDE_HEIGHT * EMU_PER_PX)
    blank = deck.slide_layouts[6]
    for slide in slides:
        page = deck.slides.add_slide(blank)
        title = page.shapes.add_textbox(
            Emu(40 * EMU_PER_PX), Emu(10 * EMU_PER_PX), Emu(1840 * EMU_PER_PX), Emu(70 * EMU_PER_PX)
        )
        title.text_frame.text = slide.exhibit.title
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(32)
        picture = slide_image(slide, dated=dated)
        width, height = Image.open(io.BytesIO(picture)).size
        scale = min(1840 / width, 900 / height)
        page.shapes.add_picture(
            io.BytesIO(picture),
            Emu(40 * EMU_PER_PX),
            Emu(85 * EMU_PER_PX),
            Emu(int(width * scale) * EMU_PER_PX),
            Emu(int(height * scale) * EMU_PER_PX),
        )
        source = page.shapes.add_textbox(
            Emu(40 * EMU_PER_PX), Emu(995 * EMU_PER_PX), Emu(1840 * EMU_PER_PX), Emu(70 * EMU_PER_PX)
        )
        source.text_frame.text = _("Source: {source}").format(source=slide.exhibit.source)
        source.text_frame.word_wrap = True
        source.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        page.notes_slide.notes_text_frame.text = slide.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def pdf_bytes(slides: Sequence[SlideContent], *, dated: str) -> bytes:
    """One page per slide, each the slide's image (a PDF reader shows it full screen)."""
    pages = [Image.open(io.BytesIO(slide_image(slide, dated=dated))).convert("RGB") for slide in slides]
    if not pages:
        raise ValueError("a deck needs at least one slide")
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=96)
    return out.getvalue()
