"""Workbooks written by hand, part by part, so that a test controls every byte a reader sees (dimensions, hidden
sheets, inline strings, formulas, DOCTYPEs) where a library would refuse to write them."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def col(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula, with the value a spreadsheet cached for it (which may be stale)."""

    expression: str
    cached: object = 0


@dataclass
class Sheet:
    name: str
    rows: list[list[object]] = field(default_factory=list)  # values: numbers, text, Formula or None
    state: str = "visible"
    dimension: str | None = None  # written as given; None: computed from the rows
    extra_cells: str = ""  # raw XML appended inside <sheetData>
    start_row: int = 1

    def xml(self) -> str:
        body = []
        for index, values in enumerate(self.rows):
            number = self.start_row + index
            cells = "".join(_cell(f"{col(c + 1)}{number}", v) for c, v in enumerate(values) if v is not None)
            body.append(f'<row r="{number}">{cells}</row>')
        width = max((len(r) for r in self.rows), default=1)
        dimension = self.dimension or f"A1:{col(width)}{max(self.start_row + len(self.rows) - 1, 1)}"
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData>{"".join(body)}{self.extra_cells}</sheetData></worksheet>'
        )


def _cell(ref: str, value: object) -> str:
    if isinstance(value, bool | int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, Formula):
        return f'<c r="{ref}"><f>{escape(value.expression)}</f><v>{escape(str(value.cached))}</v></c>'
    text = str(value)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def write_workbook(
    path: Path,
    sheets: list[Sheet],
    *,
    extra_parts: dict[str, bytes] | None = None,
    workbook_prefix: str = "",
    level: int = 6,
) -> Path:
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{types}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="' + OFFICE_DOCUMENT + '" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (f' state="{s.state}"' if s.state != "visible" else "")
        + "/>"
        for i, s in enumerate(sheets)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?>{workbook_prefix}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        for index, sheet in enumerate(sheets):
            archive.writestr(f"xl/worksheets/sheet{index + 1}.xml", sheet.xml())
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return path
