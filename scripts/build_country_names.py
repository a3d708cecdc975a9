"""Builds dashboard/geodata/country_names.csv: each country's United Nations short name in fr, es, ru, zh and ar.

    .venv/bin/python scripts/build_country_names.py [--workdir DIR]

Sources, in order (the ``source`` column says which one gave each name):

1. ``unterm``: the UNTERM short name (OCHA's Countries & Territories Taxonomy, columns "French Short" ... "Arabic
   Short", from PyPI ``hdx-python-country==4.2.5``, the package scripts/build_geometry.py already uses; MIT).
2. ``m49``: the name the UN Statistics Division's M49 standard gives in that language (same taxonomy, columns
   "M49 French" ...), for areas UNTERM does not list (Hong Kong, Macao, territories).
3. ``project``: dashboard/reference/country_name_overrides.csv, the project's own reviewed UN-usage form where neither
   gives one (Taiwan Province of China), or a correction of the taxonomy (each row says why); a row there wins.
4. ``cldr-fallback``: CLDR's everyday name from Babel, flagged: it is not a UN form and should be reviewed.

English names stay those of dashboard/geodata/countries.csv (the app's own UN-style names). Nothing here runs at run
time: the app reads the committed CSV.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
HDX = "hdx-python-country==4.2.5"
HDX_CSV = "hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
COUNTRIES = ROOT / "dashboard" / "geodata" / "countries.csv"
OVERRIDES = ROOT / "dashboard" / "reference" / "country_name_overrides.csv"
OUTPUT = ROOT / "dashboard" / "geodata" / "country_names.csv"
COLUMNS = {"fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese", "ar": "Arabic"}


def fetch_taxonomy(workdir: Path) -> Path:
    """The taxonomy CSV from the pinned wheel, fetched with pip (nothing else is downloaded)."""
    target = workdir / HDX_CSV
    if not target.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(workdir / "wheels"), HDX],
            check=True,
        )
        wheel = next((workdir / "wheels").glob("hdx_python_country-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            zf.extract(HDX_CSV, workdir)
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def clean(name: str) -> str:
    # As for the English names (build_geometry.clean_name): straight apostrophes, which users type.
    return name.replace("\u2019", "'").strip()


def build(taxonomy: Path) -> list[dict[str, str]]:
    by_iso3 = {}
    for row in read_csv(taxonomy):
        code = row["ISO 3166-1 Alpha 3-Codes"] or row["x Alpha3 codes"]
        if code:
            by_iso3.setdefault(code, row)
    overrides = {(r["iso3"], r["lang"]): r["name"] for r in read_csv(OVERRIDES)}
    out = []
    for country in read_csv(COUNTRIES):
        iso3, iso2 = country["iso3"], country["iso2"]
        row = by_iso3.get(iso3, {})
        for lang, column in COLUMNS.items():
            # A reviewed row of the overrides wins: it fills a gap or corrects a slip of the taxonomy.
            name, source = overrides.get((iso3, lang), ""), "project"
            if not name:
                name, source = clean(row.get(f"{column} Short", "")), "unterm"
            if not name:
                name, source = clean(row.get(f"M49 {column}", "")), "m49"
            if not name:
                name, source = Locale.parse(lang).territories.get(iso2, ""), "cldr-fallback"
            if name:
                out.append({"iso3": iso3, "lang": lang, "name": name, "source": source})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, help="where the wheel is fetched (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        rows = build(fetch_taxonomy(args.workdir or Path(temporary)))
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["iso3", "lang", "name", "source"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["source"]] = counts.get(row["source"], 0) + 1
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} names; by source: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
