import gzip
from pathlib import Path

import polars as pl
import pytest

from dashboard.ingest.readers import parse_number, read_table
from dashboard.ingest.report import InputError


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_semicolon_csv_with_title_lines_and_decimal_commas(tmp_path):
    text = "Drug seizures 2015-2019;;;\n;;;\nCountry;Year;Drug;Kg\nKenya;2019;Heroin;1.234,5\nPeru;2018;Cocaine;0,75\n"
    table = read_table(write(tmp_path, "a.csv", text.encode("utf-8")))
    assert table.separator == ";"
    assert table.header_row == 3
    assert table.title_lines == ["Drug seizures 2015-2019"]
    assert table.columns == ["Country", "Year", "Drug", "Kg"]
    assert table.frame["__row"].to_list() == [4, 5]
    assert table.uses_decimal_comma(["Kg"])
    values = table.frame.select(parse_number("Kg", decimal_comma=True))["Kg"].to_list()
    assert values == [1234.5, 0.75]


def test_gzip_and_plain_give_the_same_table(tmp_path):
    text = b"A;B\n1;x\n2;y\n"
    plain = read_table(write(tmp_path, "p.csv", text))
    zipped = read_table(write(tmp_path, "p.csv.gz", gzip.compress(text)))
    assert zipped.container == "csv.gz"
    assert plain.frame.equals(zipped.frame)


def test_windows_1252_text_is_read(tmp_path):
    table = read_table(write(tmp_path, "w.csv", "Country,Kg\nCôte d'Ivoire,1\n".encode("cp1252")))
    assert table.frame["Country"][0] == "Côte d'Ivoire"


def test_ragged_rows_are_reported_not_lost(tmp_path):
    table = read_table(write(tmp_path, "r.csv", b"A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"))
    assert table.frame["A"].to_list() == ["1", "10"]
    assert [m[0] for m in table.malformed] == [3, 4]
    assert table.rows_read == 4


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"   \n\n", "empty"),
        ("bin.csv", bytes(range(256)) * 40, "binary"),
        (
            "cut.csv.gz",
            gzip.compress(b"A;B\n" + "".join(f"{i};{i * 7}\n" for i in range(5000)).encode())[:2000],
            "damaged",
        ),
        ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 300, "damaged"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
        ("one.csv", b"just one column\nvalue\n", "header"),
    ],
)
def test_bad_files_give_a_one_line_error(tmp_path, name, data, reason):
    with pytest.raises(InputError) as caught:
        read_table(write(tmp_path, name, data))
    message = str(caught.value)
    assert message.startswith(name + ":")
    assert reason in message
    assert "\n" not in message


def test_truncated_real_workbook_is_refused(tmp_path):
    import xlsxwriter

    good = tmp_path / "good.xlsx"
    with xlsxwriter.Workbook(good) as book:
        sheet = book.add_worksheet("Export")
        for row in range(200):
            sheet.write_row(row, 0, ["Kenya", 2020, "Heroin", row * 1.5])
    half = good.read_bytes()[: good.stat().st_size // 2]
    with pytest.raises(InputError, match="damaged|truncated|cannot be read"):
        read_table(write(tmp_path, "half.xlsx", half))


def test_parse_number_handles_thousands_and_rejects_text():
    frame = pl.DataFrame({"v": ["1,234.5", "12", "-3", "abc", None, "1e3"]})
    assert frame.select(parse_number("v"))["v"].to_list() == [1234.5, 12.0, -3.0, None, None, 1000.0]
