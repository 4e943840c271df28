"""bildung.read_genesis on the bundled GENESIS exports, checked against an independent pandas read.

The peer: ``pd.read_csv(path, sep=';', encoding='cp1252', skiprows=9, skipfooter=4,
header=None, dtype=str)`` reads the data block of each export (9 header lines; the footer is 4
records: the ``__________`` line, the quoted footnotes, the quoted licence, ``Stand:``), and a
second ``read_csv`` reads the column header rows. Every cell is compared: numbers equal, symbol
cells mapped (``-`` -> 0.0, others -> NaN, symbol text kept), counts of each symbol equal.
"""

from __future__ import annotations

import doctest
import hashlib
import io
import math
import pathlib

import numpy as np
import pytest

import bildung
import bildung.genesis
from bildung import MalformedInputError

pd = pytest.importorskip("pandas")

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"

#: name -> (key columns, header rows, data lines, value columns); header rows start at line
#: 10 - header rows, the data at line 10 in all three files.
TABLES = {
    "21111-02-06-4": (3, 3, 538, 14),
    "21111-01-03-4": (4, 4, 6456, 6),
    "21121-02-02-4": (3, 6, 538, 12),
}

#: SHA-256 of the source files in the shared data set de-kreise-schulstatistik/raw (the bundled
#: copies must be byte-identical).
SHA256 = {
    "genesis/21111-02-06-4.csv": "168d48f263d3a23e88347e5a5bb60306bfc36e717f809b2ec031c67bee810077",
    "genesis/21111-01-03-4.csv": "caa2f05875cb2871431991e998e632c8406d5038b9ea0bc0e6643993c8398d59",
    "genesis/21121-02-02-4.csv": "2662565519aa065ff3474cca1e9cfb76a2f57e8793a697a27dcb8d1dcc6bb8ee",
    "population/fact_bevoelkerung_2023_2024.csv": (
        "6faa719bbbff9fac22c8267eb4120064e4c7aae5a769fd883ada3b8d383c1193"
    ),
}

SYMBOLS = {"-": 0.0, ".": math.nan, "x": math.nan, "...": math.nan, "/": math.nan}


def path(code: str) -> pathlib.Path:
    return DATA / "genesis" / f"{code}.csv"


@pytest.mark.parametrize("rel", sorted(SHA256))
def test_bundled_files_are_byte_identical(rel: str) -> None:
    assert hashlib.sha256((DATA / rel).read_bytes()).hexdigest() == SHA256[rel]


def test_data_readme_lists_the_hashes() -> None:
    readme = (DATA / "README.md").read_text("utf-8")
    for digest in SHA256.values():
        assert digest in readme


def peer_data(code: str) -> "pd.DataFrame":
    return pd.read_csv(
        path(code),
        sep=";",
        encoding="cp1252",
        skiprows=9,
        skipfooter=4,
        header=None,
        dtype=str,
        keep_default_na=False,
        engine="python",
    )


def peer_headers(code: str, n_headers: int) -> "pd.DataFrame":
    return pd.read_csv(
        path(code),
        sep=";",
        encoding="cp1252",
        skiprows=9 - n_headers,
        nrows=n_headers,
        header=None,
        dtype=str,
        keep_default_na=False,
    )


@pytest.mark.parametrize("code", sorted(TABLES))
def test_matches_an_independent_pandas_read(code: str) -> None:
    k, h, n_rows, n_cols = TABLES[code]
    df = bildung.read_genesis(path(code))
    peer = peer_data(code)
    assert peer.shape == (n_rows, k + n_cols)
    assert len(df) == n_rows * n_cols
    assert df.attrs["code"] == code
    assert df.attrs["key_columns"] == k
    assert df.attrs["encoding"] == "windows-1252"
    assert df.attrs["header_lines"] == list(range(10 - h, 10))

    # keys: same text, blanks stripped, each repeated once per value column
    key_names = list(df.columns[:k])
    assert key_names[:3] == ["year", "region_code", "region_name"]
    for i, name in enumerate(key_names):
        expected = np.repeat(peer[i].str.strip().to_numpy(dtype=object), n_cols)
        assert (df[name].to_numpy() == expected).all(), name

    # header labels per value column
    headers = peer_headers(code, h)
    for i in range(h):
        row = headers.iloc[i, k : k + n_cols].str.strip().to_numpy(dtype=object)
        assert (df[f"header_{i + 1}"].to_numpy() == np.tile(row, n_rows)).all()
    assert (df["column"].to_numpy() == np.tile(np.arange(k + 1, k + n_cols + 1), n_rows)).all()
    assert (df["line"].to_numpy() == np.repeat(np.arange(10, 10 + n_rows), n_cols)).all()

    # every cell: numbers equal, symbols mapped, symbol text kept
    cells = peer.iloc[:, k:].to_numpy(dtype=object).ravel()
    assert len(cells) == len(df)
    is_symbol = np.array([c in SYMBOLS for c in cells])
    numbers = np.array([float(c.replace(",", ".")) for c in cells[~is_symbol]])
    got = df["value"].to_numpy()
    np.testing.assert_array_equal(got[~is_symbol], numbers)
    assert df["symbol"].to_numpy()[~is_symbol].tolist() == [None] * int((~is_symbol).sum())
    sym_cells = cells[is_symbol]
    assert df["symbol"].to_numpy()[is_symbol].tolist() == sym_cells.tolist()
    expected_values = np.array([SYMBOLS[c] for c in sym_cells])
    np.testing.assert_array_equal(got[is_symbol], expected_values)  # NaN == NaN here
    assert not np.isnan(got[~is_symbol]).any()

    # counts of each symbol
    peer_counts = pd.Series(sym_cells).value_counts().to_dict()
    ours = df["symbol"].value_counts().to_dict()
    assert ours == peer_counts
    assert df["qualifiers"].isna().all()


def test_symbol_counts_and_germany_rows() -> None:
    # counts of data/README.md: 21111-02-06-4 has '-' 1,955, '.' 102, 'x' 114
    df = bildung.read_genesis(path("21111-02-06-4"))
    assert df["symbol"].value_counts().to_dict() == {"-": 1955, "x": 114, ".": 102}
    # line 10: 2023;DG;Deutschland;782423;381434;55708;22043;130322;53605;...;259230;141594
    dg = df[df["line"] == 10]
    assert dg["value"].tolist()[:4] == [782423.0, 381434.0, 55708.0, 22043.0]
    assert dg["value"].tolist()[-2:] == [259230.0, 141594.0]
    assert dg["header_2"].tolist()[:3] == ["Insgesamt", "Insgesamt", "ohne Hauptschulabschluss"]

    pupils = bildung.read_genesis(path("21111-01-03-4"))
    # 2023;DG;Deutschland;Gymnasien;3160;2280967;1196430;183692;302096;203899
    gym = pupils[(pupils["region_code"] == "DG") & (pupils["key_4"] == "Gymnasien")]
    assert gym["value"].tolist() == [3160.0, 2280967.0, 1196430.0, 183692.0, 302096.0, 203899.0]
    g7 = pupils[pupils["header_3"] == "7. Klassenstufe"].pivot(
        index="region_code", columns="key_4", values="value"
    )
    # Gymnasium share in grade 7, Germany: 302,096 / 777,644 = 38.85 % (hand calculation)
    assert g7.loc["DG", "Gymnasien"] / g7.loc["DG", "Insgesamt"] == pytest.approx(
        302096 / 777644, rel=1e-15
    )
    assert len(g7) == 538


def test_sources_bytes_path_and_file_objects() -> None:
    raw = path("21121-02-02-4").read_bytes()
    a = bildung.read_genesis(raw)
    b = bildung.read_genesis(str(path("21121-02-02-4")))
    with open(path("21121-02-02-4"), "rb") as f:
        c = bildung.read_genesis(f)
    d = bildung.read_genesis(io.BytesIO(raw), name="beruf.csv")
    e = bildung.read_genesis(bytearray(raw))
    for other in (b, c, d, e):
        pd.testing.assert_frame_equal(a, other)
    assert a.attrs["source"] == "<bytes>"
    assert b.attrs["source"].endswith("21121-02-02-4.csv")
    assert d.attrs["source"] == "beruf.csv"
    assert b.attrs["stand"] == "12.03.2025 / 08:15:24"
    assert any("Datenlizenz Deutschland" in line for line in b.attrs["footer"])
    # the same export re-saved as UTF-8 with BOM reads the same
    utf8 = b"\xef\xbb\xbf" + raw.decode("cp1252").encode("utf-8")
    f = bildung.read_genesis(utf8)
    assert f.attrs["encoding"] == "utf-8-sig"
    pd.testing.assert_frame_equal(a, f)


HEAD = "GENESIS-Tabelle: 1\nTitel;;;\n;;;A;B\n"


def test_qualifiers_and_decimals() -> None:
    df = bildung.read_genesis((HEAD + "2023;DG;D;12,5;(3)p\n2023;01;S;-0,25;|7\n").encode())
    assert df["value"].tolist() == [12.5, 3.0, -0.25, 7.0]
    assert df["qualifiers"].tolist() == [
        None,
        "provisional,limited_reliability",
        None,
        "break_in_series",
    ]
    assert df["symbol"].tolist() == [None] * 4


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        (HEAD + "2023;DG;D;1;n/a\n", 4, "5", "n/a"),
        (HEAD + "2023;DG;D;1;1\n2023;01;S;1\n", 5, "5", "expected 5 fields"),
        (HEAD + "2023;DG;D;1;1,5.\n", 4, "5", "comma"),
        (HEAD + "2023;DG;D;1;\n", 4, "5", "empty cell"),
        (HEAD + '2023;DG;D;1;1\n"open\n', 5, "1", "not closed"),
        ("Kreis;Wert\n01001;5\n", 1, None, "not a GENESIS table export"),
        (HEAD, 3, None, "no data lines"),
        ("", 1, None, "empty"),
    ],
)
def test_malformed_input_names_line_and_field(
    text: str, line: int, field: "str | None", words: str
) -> None:
    with pytest.raises(MalformedInputError) as info:
        bildung.read_genesis(text.encode(), name="bad.csv")
    msg = str(info.value)
    assert msg.startswith(f"table `bad.csv`, row {line}"), msg
    if field is not None:
        assert f", column `{field}`:" in msg, msg
    assert words in msg, msg
    assert info.value.kind == "MalformedInput" and info.value.code == 106
    assert info.value.index == line


def test_random_and_truncated_bytes_never_crash() -> None:
    rng = np.random.default_rng(5)
    raw = path("21111-02-06-4").read_bytes()
    inputs = [rng.integers(0, 256, size=int(n), dtype=np.uint8).tobytes() for n in range(0, 400, 7)]
    inputs += [raw[:cut] for cut in range(0, len(raw), 997)]
    for data in inputs:
        try:
            df = bildung.read_genesis(data)
        except MalformedInputError as e:
            assert e.index is not None
        else:
            assert len(df) > 0


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="source must be a path"):
        bildung.read_genesis(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary mode"):
        bildung.read_genesis(io.StringIO(HEAD))
    with pytest.raises(TypeError, match="name must be a str"):
        bildung.read_genesis(b"", name=3)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        bildung.read_genesis(DATA / "genesis" / "missing.csv")


def test_docstring_example_runs() -> None:
    result = doctest.testmod(
        bildung.genesis, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0 and result.failed == 0
    doc = bildung.read_genesis.__doc__ or ""
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert f"\n    {section}\n    ---" in doc
    assert "read_genesis" in bildung.__all__ and "genesis" in bildung.__all__
