"""Generate the hostile-file corpus: files an attacker or an unlucky user would upload, each with what it must give.

    python -m tests.hostile.make_corpus OUT_DIR        # writes the files and OUT_DIR/manifest.json

Each manifest entry names a file, whether it must be ``imported`` or ``refused`` (or ``any``: either is honest, but
the accounting must hold), the number of data rows the generator wrote (the independent count the importer's
``rows_read`` is checked against), a phrase a refusal must contain, and environment overrides of the limits (so a
cap can be hit with a small file). Nothing here is committed as data: the files are made at test time.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.hostile.xlsx import Formula, Sheet, write_workbook

CASES_HEADER = ["date", "country", "substance", "amount", "unit"]
ANNUAL_HEADER = ["country", "year", "substance", "amount", "unit"]
ESTIMATES_HEADER = ["country", "substance", "year", "estimate_kg", "kind"]
AUTHORISATIONS_HEADER = [
    "authorisation_id",
    "exporting_country",
    "importing_country",
    "substance",
    "quantity_kg",
    "issued_date",
    "status",
]
COUNTRIES = ["Kenya", "Peru", "Colombia", "Côte d'Ivoire", "Türkiye", "Netherlands", "Thailand", "Mexico"]
SUBSTANCES = ["Heroin", "Cocaine hydrochloride", "Cannabis herb", "Methamphetamine", "Opium"]
INJECTIONS = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "x;=cmd|' /C calc'!A0;y",
    'x,=HYPERLINK("http://evil.example/"),y',
    "\t=1+1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![pixel](http://evil.example/p.png)",
    "[click](javascript:alert(1))",
    "**bold** _it_ `code` # heading",
    ":red[coloured] :material/home:",
    "$\\frac{1}{2}$",
    "\x1b[31mred\x1b[0m\x1b]0;title\x07",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "{{7*7}} ${7*7}",
    "'; DROP TABLE sources; --",
    "../../etc/passwd",
]


@dataclass
class Entry:
    name: str
    expect: str  # "imported", "refused" or "any"
    rows: int | None = None  # data rows written (for "imported"); None when the count is not the point
    phrase: str = ""  # a refusal's message must contain it
    env: dict[str, str] = field(default_factory=dict)
    why: str = ""


@dataclass
class Corpus:
    folder: Path
    entries: list[Entry] = field(default_factory=list)

    def add(self, name: str, data: bytes | Callable[[Path], object], expect: str, **kw) -> None:
        path = self.folder / name
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        self.entries.append(Entry(name, expect, **kw))


def rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 (test data, not secrets)


def case_rows(n: int, seed: int = 1, *, substance: str | None = None) -> list[list[str]]:
    r = rng(seed)
    return [
        [
            f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            r.choice(COUNTRIES),
            substance or r.choice(SUBSTANCES),
            f"{r.randint(1, 9999) / 10}",
            "kg",
        ]
        for i in range(n)
    ]


def annual_rows(n: int, seed: int = 2) -> list[list[str]]:
    r = rng(seed)
    return [
        [r.choice(COUNTRIES), str(2010 + i % 12), r.choice(SUBSTANCES), str(r.randint(1, 500)), "kg"] for i in range(n)
    ]


def quote(cell: str, sep: str) -> str:
    if any(ch in cell for ch in (sep, '"', "\n", "\r")) or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",", end: str = "\n") -> str:
    lines = [sep.join(quote(c, sep) for c in header)] + [sep.join(quote(c, sep) for c in row) for row in rows]
    return end.join(lines) + end


def encodings(c: Corpus) -> None:
    rows = case_rows(40, 3)
    text = csv_text(CASES_HEADER, rows)
    c.add("enc-utf8.csv", text.encode("utf-8"), "imported", rows=40)
    c.add("enc-utf8-bom.csv", codecs.BOM_UTF8 + text.encode("utf-8"), "imported", rows=40)
    c.add("enc-utf16le-bom.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "imported", rows=40)
    c.add("enc-utf16be-bom.csv", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "imported", rows=40)
    c.add("enc-cp1252.csv", text.encode("cp1252"), "imported", rows=40)
    c.add(
        "enc-latin-only-ascii.csv",
        csv_text(CASES_HEADER, case_rows(10, 4)).encode("ascii", "replace"),
        "imported",
        rows=10,
    )
    mixed = text.encode("utf-8") + "2023-02-02,Côte d'Ivoire,Heroin,1,kg\n".encode("cp1252")
    c.add("enc-mixed-utf8-cp1252.csv", mixed, "refused", phrase="mixed encodings")
    c.add(
        "enc-bom-then-cp1252.csv",
        codecs.BOM_UTF8 + "date,country,substance,amount,unit\n2023-01-01,Côte,Heroin,1,kg\n".encode("cp1252"),
        "refused",
        phrase="mixed encodings",
    )
    c.add(
        "enc-undefined-cp1252.csv",
        b"date,country,substance,amount,unit\n2023-01-01,K\x81\x8d\x90,Heroin,1,kg\n",
        "refused",
        phrase="encoding",
    )
    c.add("enc-utf16-no-bom.csv", text.encode("utf-16-le"), "refused", phrase="binary")
    c.add(
        "enc-utf16-odd-bytes.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00", "refused", phrase="UTF-16"
    )
    c.add("enc-only-bom.csv", codecs.BOM_UTF8, "refused", phrase="empty")
    c.add(
        "enc-gb18030.csv",
        csv_text(CASES_HEADER, [["2023-01-01", "中国", "海洛因", "1", "kg"]]).encode("gb18030"),
        "any",
    )


def line_ends(c: Corpus) -> None:
    rows = case_rows(25, 5)
    for label, end in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        c.add(f"eol-{label}.csv", csv_text(CASES_HEADER, rows, end=end).encode(), "imported", rows=25)
    c.add(
        "eol-mixed.csv",
        (csv_text(CASES_HEADER, rows[:10]) + csv_text([], rows[10:], end="\r\n")[2:]).encode(),
        "imported",
        rows=25,
    )
    c.add("eol-no-final-newline.csv", csv_text(CASES_HEADER, rows).rstrip("\n").encode(), "imported", rows=25)
    c.add(
        "eol-blank-lines.csv",
        csv_text(CASES_HEADER, rows).replace("\n", "\n\n", 5).encode() + b"\n\n\n",
        "imported",
        rows=25,
    )


def separators(c: Corpus) -> None:
    rows = case_rows(30, 6)
    for label, sep in (("comma", ","), ("semicolon", ";"), ("tab", "\t"), ("pipe", "|")):
        c.add(f"sep-{label}.csv", csv_text(CASES_HEADER, rows, sep).encode(), "imported", rows=30)
    c.add("sep-tab.txt", csv_text(ANNUAL_HEADER, annual_rows(12), "\t").encode(), "imported", rows=12)


def breaks_in_cells(c: Corpus) -> None:
    for index, mark in enumerate(
        ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\n", "\r\n", "\r"]
    ):
        rows = case_rows(12, 10 + index)
        for row in rows[::3]:
            row[1] = f"{row[1]}{mark}Region{mark}North"
        c.add(
            f"cellbreak-{index:02d}-{ord(mark[0]):04x}.csv",
            csv_text(CASES_HEADER, rows).encode("utf-8"),
            "imported",
            rows=12,
        )


def injections(c: Corpus) -> None:
    for index, payload in enumerate(INJECTIONS):
        rows = case_rows(6, 30 + index)
        rows[0][1] = payload
        rows[1][2] = payload
        rows[2][4] = payload
        rows[3][3] = payload
        c.add(f"inject-cell-{index:02d}.csv", csv_text(CASES_HEADER, rows).encode("utf-8"), "imported", rows=6)
    for index, payload in enumerate(INJECTIONS[:12]):
        header = [*CASES_HEADER[:4], payload]
        c.add(f"inject-header-{index:02d}.csv", csv_text(header, case_rows(3, 60 + index)).encode(), "refused")
    for index, payload in enumerate(INJECTIONS[:6]):
        rows = case_rows(5, 80 + index)
        rows[0][1] = payload
        c.add(
            f"inject-cell-{index:02d}.xlsx",
            lambda p, rows=rows: write_workbook(p, [Sheet("Seizure cases", [CASES_HEADER, *rows])]),
            "imported",
            rows=5,
        )


def headers(c: Corpus) -> None:
    rows = case_rows(8, 90)
    for label, header in (
        ("case", ["date", "country", "substance", "amount", "unit", "Country"]),
        ("upper", ["date", "country", "substance", "AMOUNT", "unit", "amount"]),
        ("exact", ["date", "country", "country", "substance", "amount", "unit"]),
        ("spaces", ["date", "country", "substance", "amount", "unit", " Country "]),
        ("punct", ["date", "country", "substance", "amount", "unit", "coun-try"]),
    ):
        body = [r + ["x"] * (len(header) - len(r)) for r in rows]
        c.add(f"header-collide-{label}.csv", csv_text(header, body).encode(), "refused", phrase="same column")
    c.add(
        "header-collide.xlsx",
        lambda p: write_workbook(
            p,
            [
                Sheet(
                    "Data",
                    [["date", "Country", "substance", "amount", "unit", "country"], *[r + ["Peru"] for r in rows]],
                )
            ],
        ),
        "refused",
        phrase="same column",
    )
    for name in ("__row", "__blank3", "__amount", "__c_substance"):
        header = [*CASES_HEADER, name]
        body = [r + ["7"] for r in rows]
        c.add(f"header-reserved-{name.strip('_')}.csv", csv_text(header, body).encode(), "refused", phrase="reserved")
    blank = [*CASES_HEADER[:2], "", *CASES_HEADER[2:], ""]
    body = [[r[0], r[1], "hidden value", r[2], r[3], r[4], "more"] for r in rows]
    c.add("header-blank-columns-with-data.csv", csv_text(blank, body).encode(), "imported", rows=8)
    c.add(
        "header-right-of-header.xlsx",
        lambda p: write_workbook(p, [Sheet("Data", [CASES_HEADER, *[r + ["beyond", "more"] for r in rows]])]),
        "imported",
        rows=8,
    )
    c.add("header-only.csv", csv_text(CASES_HEADER, []).encode(), "any")
    c.add("header-one-column.csv", b"just one column\nvalue\n", "refused", phrase="header")
    c.add(
        "header-title-block.csv",
        ("Drug seizures 2015-2019,,,,\n,,,,\n" + csv_text(ANNUAL_HEADER, annual_rows(9))).encode(),
        "imported",
        rows=9,
    )
    c.add("template-required-only-cases.csv", csv_text(CASES_HEADER, case_rows(7, 91)).encode(), "imported", rows=7)
    c.add("template-required-only-annual.csv", csv_text(ANNUAL_HEADER, annual_rows(7)).encode(), "imported", rows=7)
    c.add("template-required-only-one-row.csv", csv_text(CASES_HEADER, case_rows(1, 92)).encode(), "imported", rows=1)
    estimates = [["Thailand", "Codeine", "2024", "250", "estimate"], ["THA", "Morphine", "2024", "40", "estimate"]]
    c.add("template-required-only-estimates.csv", csv_text(ESTIMATES_HEADER, estimates).encode(), "imported", rows=2)
    grants = [["A1", "India", "Thailand", "Codeine", "120", "2024-01-10", "used"]]
    c.add(
        "template-required-only-authorisations.csv",
        csv_text(AUTHORISATIONS_HEADER, grants).encode(),
        "imported",
        rows=1,
    )
    c.add(
        "template-required-only-cases.xlsx",
        lambda p: write_workbook(p, [Sheet("Seizure cases", [CASES_HEADER, *case_rows(4, 93)])]),
        "imported",
        rows=4,
    )
    wide = [f"c{i}" for i in range(600)]
    c.add("header-600-columns.csv", csv_text(wide, [["1"] * 600]).encode(), "refused", phrase="DASHBOARD_MAX_COLUMNS")
    c.add(
        "header-unknown.csv",
        csv_text(["name", "colour"], [["rose", "red"]]).encode(),
        "refused",
        phrase="unknown format",
    )


def ragged(c: Corpus) -> None:
    rows = case_rows(20, 100)
    text = csv_text(CASES_HEADER, rows).splitlines()
    text[4] += ",extra,fields"
    text[9] = ",".join(text[9].split(",")[:3])
    c.add("ragged-rows.csv", ("\n".join(text) + "\n").encode(), "imported", rows=20)
    c.add(
        "ragged-unterminated-quote.csv",
        (csv_text(CASES_HEADER, rows[:5]) + '2023-01-01,"Kenya,Heroin,1,kg\n' + csv_text([], rows[5:])[1:]).encode(),
        "any",
    )
    c.add("ragged-quote-in-middle.csv", csv_text(CASES_HEADER, rows).replace("Kenya", 'Ke"nya').encode(), "any")


def sizes(c: Corpus) -> None:
    rows = case_rows(5, 110)
    big = "A" * 40000
    c.add(
        "size-giant-cell.csv",
        csv_text(CASES_HEADER, [[*rows[0][:2], big, *rows[0][3:]], *rows[1:]]).encode(),
        "refused",
        phrase="DASHBOARD_MAX_CELL_CHARS",
    )
    c.add(
        "size-giant-line.csv",
        b"date,country,substance,amount,unit\n" + b"x" * 3_000_000 + b"\n",
        "refused",
        phrase="long",
    )
    c.add(
        "size-file-cap.csv",
        csv_text(CASES_HEADER, case_rows(40000, 111)).encode(),
        "refused",
        phrase="DASHBOARD_MAX_FILE_MB",
        env={"DASHBOARD_MAX_FILE_MB": "1"},
        why="a 1 MB cap, a file over it",
    )
    c.add(
        "size-rows-cap.csv",
        csv_text(CASES_HEADER, case_rows(300, 112)).encode(),
        "refused",
        phrase="DASHBOARD_MAX_ROWS",
        env={"DASHBOARD_MAX_ROWS": "100"},
    )
    c.add(
        "size-many-rows.csv.gz",
        gzip.compress(csv_text(CASES_HEADER, case_rows(60000, 113)).encode()),
        "imported",
        rows=60000,
    )
    c.add("size-many-rows.csv", csv_text(ANNUAL_HEADER, annual_rows(40000)).encode(), "imported", rows=40000)


def nul_and_binary(c: Corpus) -> None:
    text = csv_text(CASES_HEADER, case_rows(10, 120)).encode()
    c.add("nul-padded.csv", text + b"\x00" * 5_000_000, "refused", phrase="binary")
    c.add("nul-in-middle.csv", text[:60] + b"\x00" + text[60:], "refused", phrase="NUL")
    c.add("nul-padded.csv.gz", gzip.compress(text + b"\x00" * 5_000_000), "refused", phrase="binary")
    c.add("nul-between-every-byte.csv", b"\x00".join(text[i : i + 1] for i in range(len(text))), "refused")
    for seed in range(6):
        c.add(f"junk-{seed}.csv", bytes(rng(seed).getrandbits(8) for _ in range(4096 * (seed + 1))), "refused")
    c.add("junk.xlsx", bytes(rng(9).getrandbits(8) for _ in range(5000)), "refused")
    c.add("magic-pdf.csv", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "refused", phrase="PDF")
    c.add("magic-png.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "refused")
    c.add("magic-elf.csv", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "refused")
    c.add("magic-ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "refused", phrase=".xls")
    c.add("empty.csv", b"", "refused", phrase="empty")
    c.add("empty.xlsx", b"", "refused", phrase="empty")
    c.add("empty.csv.gz", gzip.compress(b""), "refused", phrase="empty")
    c.add("whitespace.csv", b"   \n\t\n\n  ", "refused", phrase="empty")
    c.add("only-separators.csv", b",,,,\n,,,,\n;;;;\n", "refused")


def compression(c: Corpus) -> None:
    row = b"2023-01-01,Kenya,Heroin,1.5,kg\n"
    head = b"date,country,substance,amount,unit\n"
    c.add("bomb-repeated-row.csv.gz", _gzip_stream(head, row, 30_000_000), "refused", phrase="compression bomb")
    c.add("bomb-zeros.csv.gz", _gzip_stream(head, b"0" * 4096, 40_000_000), "refused", phrase="compression bomb")
    text = csv_text(CASES_HEADER, case_rows(60000, 130)).encode()
    c.add(
        "bomb-absolute-cap.csv.gz",
        gzip.compress(text),
        "refused",
        phrase="DASHBOARD_MAX_DECOMPRESSED_MB",
        env={"DASHBOARD_MAX_DECOMPRESSED_MB": "1"},
        why="an ordinary ratio, over an absolute cap of 1 MB",
    )
    c.add("gzip-truncated.csv.gz", gzip.compress(text)[:3000], "refused", phrase="damaged")
    c.add(
        "gzip-bad-crc.csv.gz", _bad_crc(gzip.compress(csv_text(CASES_HEADER, case_rows(50, 131)).encode())), "refused"
    )
    c.add("gzip-bad-deflate.csv.gz", _bad_deflate(gzip.compress(text)), "refused", phrase="damaged")
    c.add("gzip-of-gzip.csv.gz", gzip.compress(gzip.compress(text)), "refused", phrase="inside a gzip")
    c.add(
        "gzip-multi-member.csv.gz",
        gzip.compress(csv_text(CASES_HEADER, case_rows(10, 132)).encode())
        + gzip.compress(csv_text([], case_rows(10, 133))[1:].encode()),
        "imported",
        rows=20,
    )
    c.add("gzip-named-csv.csv", gzip.compress(csv_text(CASES_HEADER, case_rows(11, 134)).encode()), "imported", rows=11)
    c.add(
        "gzip-of-xlsx.xlsx.gz",
        lambda p: (
            write_workbook(p, [Sheet("Data", [CASES_HEADER, *case_rows(3, 135)])]),
            p.write_bytes(gzip.compress(p.read_bytes())),
        ),
        "refused",
        phrase="gzipped workbook",
    )
    nested = csv_text(CASES_HEADER, case_rows(3, 136)).encode()
    for depth in range(6):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"level{depth}.zip" if depth else "data.csv", nested)
        nested = buffer.getvalue()
    c.add("zip-nested-6.xlsx", nested, "refused", phrase="not an Excel workbook")
    c.add("zip-nested-6.csv", nested, "refused", phrase="not an Excel workbook")


def _gzip_stream(head: bytes, block: bytes, total: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
        packed.write(head)
        chunk = block * max(1, (1 << 20) // len(block))
        written = 0
        while written < total:
            packed.write(chunk)
            written += len(chunk)
    return out.getvalue()


def _bad_deflate(data: bytes) -> bytes:
    """The gzip header intact, the compressed stream garbled from its 20th byte: the first read already fails."""
    return data[:20] + bytes(b ^ 0x5A for b in data[20:200]) + data[200:]


def _bad_crc(data: bytes) -> bytes:
    return data[:-8] + bytes([data[-8] ^ 0xFF]) + data[-7:]


def workbooks(c: Corpus) -> None:
    rows = case_rows(15, 140)
    good = [CASES_HEADER, *rows]
    c.add("xlsx-plain.xlsx", lambda p: write_workbook(p, [Sheet("Seizure cases", good)]), "imported", rows=15)
    c.add("xlsx-named-csv.csv", lambda p: write_workbook(p, [Sheet("Seizure cases", good)]), "imported", rows=15)
    c.add(
        "xlsx-far-corner.xlsx",
        lambda p: write_workbook(
            p,
            [
                Sheet(
                    "Data",
                    [],
                    dimension="A1:XFD1048576",
                    extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                )
            ],
        ),
        "refused",
        phrase="XFD1048576",
    )
    c.add(
        "xlsx-far-corner-no-dimension.xlsx",
        lambda p: write_workbook(
            p,
            [
                Sheet(
                    "Data",
                    good,
                    dimension="A1:E16",
                    extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                )
            ],
        ),
        "refused",
        phrase="XFD1048576",
    )
    c.add(
        "xlsx-huge-dimension.xlsx",
        lambda p: write_workbook(p, [Sheet("Data", good, dimension="A1:XFD1048576")]),
        "refused",
        phrase="declares the range",
    )
    c.add(
        "xlsx-row-beyond-limit.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", good, extra_cells='<row r="6000000"><c r="A6000000"><v>1</v></c></row>')]
        ),
        "refused",
        phrase="DASHBOARD_MAX_ROWS",
    )
    c.add(
        "xlsx-no-refs.xlsx",
        lambda p: write_workbook(
            p,
            [
                Sheet(
                    "Data",
                    [],
                    dimension="A1:E3",
                    extra_cells=(
                        "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in CASES_HEADER) + "</row>"
                        "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in rows[0]) + "</row>"
                    ),
                )
            ],
        ),
        "imported",
        rows=1,
    )
    c.add(
        "xlsx-inline-string-bomb.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", [CASES_HEADER, [rows[0][0], "K" * 60_000_000, *rows[0][2:]]])], level=9
        ),
        "refused",
    )
    c.add(
        "xlsx-long-cell.xlsx",
        lambda p: write_workbook(
            p,
            [
                Sheet(
                    "Data",
                    [
                        CASES_HEADER,
                        [rows[0][0], "".join(rng(5).choice("abcdefgh ") for _ in range(40000)), *rows[0][2:]],
                    ],
                )
            ],
        ),
        "refused",
        phrase="DASHBOARD_MAX_CELL_CHARS",
    )
    c.add(
        "xlsx-shared-string-long.xlsx",
        lambda p: write_workbook(
            p,
            [Sheet("Data", good)],
            extra_parts={
                "xl/sharedStrings.xml": (
                    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
                    + "".join(rng(6).choice("xyz ") for _ in range(50000))
                    + "</t></si></sst>"
                ).encode()
            },
        ),
        "refused",
        phrase="shared text",
    )
    c.add(
        "xlsx-formula.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", [CASES_HEADER, *rows[:3], [*rows[3][:3], Formula("D2*1000", 1500), "kg"]])]
        ),
        "refused",
        phrase="formula",
    )
    c.add(
        "xlsx-formula-injection-text.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", [CASES_HEADER, [rows[0][0], "=cmd|' /C calc'!A0 as text", *rows[0][2:]]])]
        ),
        "imported",
        rows=1,
    )
    c.add(
        "xlsx-hidden-first.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Old", [CASES_HEADER, *case_rows(40, 141)], state="hidden"), Sheet("Seizure cases", good)]
        ),
        "imported",
        rows=15,
    )
    c.add(
        "xlsx-very-hidden-first.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Old", [CASES_HEADER, *case_rows(40, 142)], state="veryHidden"), Sheet("Seizure cases", good)]
        ),
        "imported",
        rows=15,
    )
    c.add(
        "xlsx-all-hidden.xlsx",
        lambda p: write_workbook(p, [Sheet("Old", good, state="hidden")]),
        "refused",
        phrase="hidden",
    )
    c.add(
        "xlsx-two-candidates.xlsx",
        lambda p: write_workbook(p, [Sheet("2022", good), Sheet("2023", [CASES_HEADER, *case_rows(4, 143)])]),
        "refused",
        phrase="several sheets",
    )
    c.add(
        "xlsx-notes-sheet-too.xlsx",
        lambda p: write_workbook(p, [Sheet("Notes", [["Read me"], ["one column only"]]), Sheet("Seizure cases", good)]),
        "imported",
        rows=15,
    )
    c.add(
        "xlsx-doctype-entities.xlsx",
        lambda p: write_workbook(
            p,
            [Sheet("Data", good)],
            workbook_prefix=('<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
        ),
        "refused",
        phrase="entities",
    )
    c.add(
        "xlsx-no-workbook-part.xlsx",
        _zip_of({"xl/worksheets/sheet1.xml": Sheet("D", good).xml()}),
        "refused",
        phrase="not an Excel workbook",
    )
    c.add(
        "xlsx-missing-sheet-part.xlsx",
        lambda p: _drop_part(p, good, "xl/worksheets/sheet1.xml"),
        "refused",
        phrase="damaged",
    )
    c.add(
        "xlsx-broken-xml.xlsx",
        lambda p: (
            write_workbook(p, [Sheet("Data", good)], extra_parts={})
            and _replace(p, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c")
        ),
        "refused",
        phrase="damaged",
    )
    c.add(
        "xlsx-many-parts.xlsx",
        lambda p: write_workbook(p, [Sheet("Data", good)], extra_parts={f"junk/{i}.bin": b"x" for i in range(2100)}),
        "refused",
        phrase="DASHBOARD_MAX_ZIP_PARTS",
    )
    c.add(
        "xlsx-part-bomb.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", good)], extra_parts={"xl/media/huge.bin": b"\x00" * 60_000_000}, level=9
        ),
        "refused",
        phrase="compression bomb",
    )
    c.add(
        "xlsx-truncated.xlsx",
        lambda p: (write_workbook(p, [Sheet("Data", good)]), p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
        "refused",
    )
    c.add(
        "xlsx-600-columns.xlsx",
        lambda p: write_workbook(p, [Sheet("Data", [[f"c{i}" for i in range(600)], [1] * 600])]),
        "refused",
        phrase="DASHBOARD_MAX_COLUMNS",
    )
    c.add("xlsx-empty-sheet.xlsx", lambda p: write_workbook(p, [Sheet("Data", [], dimension="A1")]), "refused")
    c.add(
        "xlsx-title-block.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Export", [["Drug seizures 2018-2022"], [], ANNUAL_HEADER, *annual_rows(10)])]
        ),
        "imported",
        rows=10,
    )
    c.add(
        "xlsx-twin-sheet-names.xlsx",
        lambda p: write_workbook(
            p, [Sheet("Data", [CASES_HEADER, *case_rows(30, 144)], state="hidden"), Sheet("data", good)]
        ),
        "refused",
        phrase="two sheets named",
    )
    runs = "".join(f"<r><t>{'R' * 20000}</t></r>" for _ in range(3))
    rich = f'<row r="17"><c r="B17" t="inlineStr"><is>{runs}</is></c></row>'
    c.add(
        "xlsx-rich-text-runs.xlsx",
        lambda p: write_workbook(p, [Sheet("Data", good, extra_cells=rich)]),
        "refused",
        phrase="DASHBOARD_MAX_CELL_CHARS",
    )
    c.add(
        "xlsx-markdown-sheet-name.xlsx",
        lambda p: write_workbook(p, [Sheet("![x](http://evil.example/a.png)", good), Sheet("<b>two</b>", good)]),
        "refused",
        phrase="several sheets",
    )


def _zip_of(parts: dict[str, str | bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)

    return write


def _replace(path: Path, part: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts[part] = data
    _zip_of(parts)(path)


def _drop_part(path: Path, rows: list, part: str) -> None:
    write_workbook(path, [Sheet("Data", rows)])
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist() if n != part}
    _zip_of(parts)(path)


def extensions(c: Corpus) -> None:
    text = csv_text(CASES_HEADER, case_rows(9, 150)).encode()
    c.add("ext-csv-as.xlsx", text, "imported", rows=9)
    c.add("ext-csv-as.gz", text, "imported", rows=9)
    c.add("ext-no-extension", text, "imported", rows=9)
    c.add("ext-double.csv.exe", text, "imported", rows=9)
    c.add("ext-html-page.csv", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "refused")
    c.add("ext-json.csv", json.dumps([{"date": "2023-01-01", "country": "Kenya"}]).encode(), "refused")
    c.add("ext-svg.csv", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "refused")


def duplicates(c: Corpus) -> None:
    rows = case_rows(10, 160)
    c.add("dup-identical-rows.csv", csv_text(CASES_HEADER, rows + rows[:4]).encode(), "imported", rows=14)
    annual = annual_rows(10)
    c.add("dup-identical-annual.csv", csv_text(ANNUAL_HEADER, annual + annual[:3]).encode(), "imported", rows=13)
    c.add(
        "dup-same-file-again.csv",
        csv_text(CASES_HEADER, case_rows(40, 3)).encode(),
        "any",
        why="the bytes of enc-utf8.csv: already imported, nothing changes",
    )


def bad_values(c: Corpus) -> None:
    rows = case_rows(12, 170)
    values = ["NaN", "inf", "-1", "1e400", "1,2,3", "", "  ", "0x10", "١٢٣", "1_000", "9" * 400, "--1"]
    for row, value in zip(rows, values, strict=True):
        row[3] = value
    c.add("values-odd-amounts.csv", csv_text(CASES_HEADER, rows).encode(), "imported", rows=12)
    dates = case_rows(8, 171)
    for row, value in zip(
        dates,
        ["0000-00-00", "2023-02-30", "9999-12-31", "1900-01-01", "yesterday", "", "2023-13-01", "20230101"],
        strict=True,
    ):
        row[0] = value
    c.add("values-odd-dates.csv", csv_text(CASES_HEADER, dates).encode(), "imported", rows=8)
    years = annual_rows(6)
    for row, value in zip(years, ["-5", "99999", "20x0", "", "1e3", "2020.5"], strict=True):
        row[1] = value
    c.add("values-odd-years.csv", csv_text(ANNUAL_HEADER, years).encode(), "imported", rows=6)


FAMILIES = [
    encodings,
    line_ends,
    separators,
    breaks_in_cells,
    injections,
    headers,
    ragged,
    sizes,
    nul_and_binary,
    compression,
    workbooks,
    extensions,
    duplicates,
    bad_values,
]


def make(folder: Path) -> list[Entry]:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder)
    for family in FAMILIES:
        family(corpus)
    (folder / "manifest.json").write_text(json.dumps([asdict(e) for e in corpus.entries], indent=1), encoding="utf-8")
    return corpus.entries


if __name__ == "__main__":
    made = make(Path(sys.argv[1]))
    print(f"{len(made)} files in {sys.argv[1]}")
