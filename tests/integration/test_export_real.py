"""The command line's exports on the real files of ../shared/data."""

from __future__ import annotations

from PIL import Image
from pptx import Presentation

from dashboard.cli import main


def test_export_a_page_url_and_every_chart_of_a_page(real_store, tmp_path, capsys):
    store = str(real_store.root)
    target = tmp_path / "routes.png"
    assert main(["--data-dir", store, "export", "/Routes?transit=0", "--format", "png", "-o", str(target)]) == 0
    width, height = Image.open(target).size
    assert width == 1200 and height > 600
    folder = tmp_path / "compare"
    assert (
        main(
            [
                "--data-dir",
                store,
                "export",
                "/Compare_countries?view=map",
                "--all",
                "--format",
                "svg",
                "-o",
                str(folder),
            ]
        )
        == 0
    )
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["compare-compared.svg", "compare-map.svg"]
    svg = (folder / "compare-map.svg").read_text()
    assert "UNODC" in svg and "United Nations" in svg
    assert (
        main(["--data-dir", store, "export", "/Trends?grp=Opioids", "--format", "csv", "-o", str(tmp_path / "t.csv")])
        == 0
    )
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").startswith("# ")


def test_a_deck_of_urls_exports_to_pptx(real_store, tmp_path):
    out = tmp_path / "deck.pptx"
    urls = ["/Trends?grp=Opioids", "/Routes", "/"]
    assert (
        main(
            ["--data-dir", str(real_store.root), "deck", "export", "--views", *urls, "--format", "pptx", "-o", str(out)]
        )
        == 0
    )
    deck = Presentation(str(out))
    assert len(deck.slides) == 3
    assert all(any(s.shape_type == 13 for s in slide.shapes) for slide in deck.slides)


def test_bad_targets_fail_with_one_line(real_store, tmp_path, capsys):
    assert (
        main(["--data-dir", str(real_store.root), "export", "/Nowhere", "--format", "png", "-o", str(tmp_path / "x")])
        == 1
    )
    assert (
        main(
            [
                "--data-dir",
                str(real_store.root),
                "deck",
                "export",
                "nodeck",
                "--format",
                "pptx",
                "-o",
                str(tmp_path / "y"),
            ]
        )
        == 1
    )
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert not (tmp_path / "x").exists()
