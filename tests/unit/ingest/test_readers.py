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


CASES = "date,country,substance,amount,unit\n"


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [
        ("date,country,substance,amount,unit,Country", "'country' (B)", "'Country' (F)"),
        ("date,country,substance,AMOUNT,unit,amount", "'AMOUNT' (D)", "'amount' (F)"),
        ("date,country,country,substance,amount", "'country' (B)", "'country' (C)"),
    ],
)
def test_colliding_headers_are_refused_naming_both(tmp_path, header, first, second):
    path = write(tmp_path, "c.csv", f"{header}\n2023-01-01,Kenya,Heroin,1,kg,x\n".encode())
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert f"columns {first} and {second} would be read as the same column" in str(caught.value)


def test_a_column_named_row_cannot_take_over_row_numbers(tmp_path):
    path = write(tmp_path, "r.csv", b"date,country,__row\n2023-01-01,Kenya,999\n")
    with pytest.raises(InputError, match="column C is named '__row'.*reserved"):
        read_table(path)


def test_columns_without_a_header_are_counted_in_the_notes(tmp_path):
    path = write(tmp_path, "b.csv", b"date,,country\n2023-01-01,lost?,Kenya\n2023-01-02,,Peru\n")
    table = read_table(path)
    assert table.columns == ["date", "country"]
    assert table.notes == [
        "1 column(s) without a header not imported; 1 non-empty cell(s) in them left out (column(s) B)"
    ]


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1e"])
def test_unicode_line_separators_inside_quoted_cells_do_not_split_rows(tmp_path, mark):
    text = f'{CASES}2023-01-01,"Kenya{mark}Nairobi",Heroin,1,kg\n2023-01-02,Peru,"Coca{mark}ine",2,kg\n'
    table = read_table(write(tmp_path, "u.csv", text.encode("utf-8")))
    assert table.rows_read == 2
    assert table.frame["country"].to_list() == [f"Kenya{mark}Nairobi", "Peru"]
    assert table.frame["__row"].to_list() == [2, 3]


def test_ragged_rows_with_unicode_separators_keep_their_line_numbers(tmp_path):
    rows = '2023-01-01,"Ke\u2028nya",Heroin,1,kg\n2023-01-02,Peru,Cocaine,2,kg,extra\n2023-01-03,Chile,Heroin,3,kg\n'
    text = CASES + rows
    table = read_table(write(tmp_path, "r.csv", text.encode("utf-8")))
    assert table.frame["__row"].to_list() == [2, 4]
    assert [m[0] for m in table.malformed] == [3]


def test_one_encoding_per_file_with_a_note_or_a_refusal(tmp_path):
    cp1252 = read_table(write(tmp_path, "w.csv", f"{CASES}2023-01-01,Côte d'Ivoire,Héroïne,1,kg\n".encode("cp1252")))
    assert cp1252.frame["country"][0] == "Côte d'Ivoire"
    assert cp1252.notes == ["the file is not UTF-8 (line 2 first); all of it was read as Windows-1252"]
    mixed = f"{CASES}2023-01-01,Türkiye,Heroin,1,kg\n".encode() + "2023-01-02,Côte,Heroin,1,kg\n".encode("cp1252")
    with pytest.raises(InputError, match="mixed encodings: line 2 is UTF-8 but line 3 is not"):
        read_table(write(tmp_path, "m.csv", mixed))


def test_nul_padding_cr_line_ends_and_giant_lines(tmp_path):
    with pytest.raises(InputError, match="NUL byte on line 3"):
        read_table(write(tmp_path, "n.csv", f"{CASES}2023-01-01,Kenya,Heroin,1,kg\n".encode() + b"\0" * 10000))
    cr = read_table(
        write(
            tmp_path,
            "cr.csv",
            f"{CASES}2023-01-01,Kenya,Heroin,1,kg\r2023-01-02,Peru,Opium,2,kg\r".replace("\n", "\r").encode(),
        )
    )
    assert cr.frame["country"].to_list() == ["Kenya", "Peru"]
    with pytest.raises(InputError, match="line 2 is 3,000,000 bytes long"):
        read_table(write(tmp_path, "g.csv", CASES.encode() + b"x" * 3_000_000 + b"\n"))


def test_a_gzip_bomb_is_stopped_while_streaming(tmp_path, monkeypatch):
    row = b"2023-01-01,Kenya,Heroin,1,kg\n"
    bomb = gzip.compress(CASES.encode() + row * 400_000, compresslevel=9)
    with pytest.raises(InputError, match="grows more than .* times"):
        read_table(write(tmp_path, "b.csv.gz", bomb))
    monkeypatch.setenv("DASHBOARD_MAX_FILE_MB", "1")
    with pytest.raises(InputError, match="DASHBOARD_MAX_FILE_MB"):
        read_table(write(tmp_path, "big.csv", CASES.encode() + row * 40_000))
