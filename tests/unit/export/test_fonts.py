"""Server-side exports in Arabic and Chinese need system fonts that carry those scripts (set-up installs Debian's
fonts-noto-core and fonts-noto-cjk); without them kaleido's chromium draws empty boxes."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from dashboard.figures.style import FONT


@pytest.mark.parametrize(("family", "sample"), [("Noto Sans Arabic", "المضبوطات"), ("Noto Sans CJK SC", "缉获量")])
def test_a_font_for_each_script_is_installed_and_named_in_the_template(family, sample):
    assert family in FONT
    assert shutil.which("fc-list"), "fontconfig is part of the chromium install"
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True).stdout
    assert family in listed, f"{family} is not installed: run scripts/setup.sh"
    # The font really holds the script's glyphs (fontconfig's coverage of every character of the sample).
    charset = ",".join(f"{ord(ch):x}" for ch in sample)
    covering = subprocess.run(["fc-list", f":charset={charset}", "family"], capture_output=True, text=True).stdout
    assert family in covering
