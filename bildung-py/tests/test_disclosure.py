"""bildung.disclosure: rounding, the cell key method, statuses and publishable output.

Expected values are hand calculations written out here, or the documented key algorithms
(SplitMix64, HMAC-SHA256) computed with Python integers, ``hmac`` and ``hashlib``.
"""

from __future__ import annotations

import doctest
import hashlib
import hmac
import json
import sys
from typing import Any, List

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import disclosure as dc

HAND_PTABLE = (
    "i,j,p,v,p_int_lb,p_int_ub,type\n0,0,1,0,0,1,all\n"
    "1,0,0.25,-1,0,0.25,all\n1,1,0.5,0,0.25,0.75,all\n1,2,0.25,1,0.75,1,all\n"
    "2,0,0.125,-2,0,0.125,all\n2,1,0.125,-1,0.125,0.25,all\n2,2,0.5,0,0.25,0.75,all\n"
    "2,3,0.125,1,0.75,0.875,all\n2,4,0.125,2,0.875,1,all\n"
)

M64 = 2**64 - 1


def splitmix_key(seed: int, index: int) -> float:
    """The documented record key, with Python integers."""
    s = (seed + (index + 1) * 0x9E3779B97F4A7C15) & M64
    z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return (z >> 11) / 2.0**53


def hmac_key(cell_id: str, secret: int) -> float:
    mac = hmac.new(secret.to_bytes(8, "little"), cell_id.encode(), hashlib.sha256).digest()
    return (int.from_bytes(mac[:8], "big") >> 11) / 2.0**53


# ------------------------------------------------------------------------------ docs


def test_docstring_examples() -> None:
    result = doctest.testmod(
        dc, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0
    assert result.attempted > 20


def test_every_public_function_has_an_example() -> None:
    finder = doctest.DocTestFinder()
    for name in dc.__all__:
        obj = getattr(dc, name)
        if callable(obj) and not isinstance(obj, type) or name == "PTable":
            tests = finder.find(obj, name, globs={})
            assert any(t.examples for t in tests), f"{name} has no example"
            assert "Examples" in (obj.__doc__ or ""), name


def test_module_is_exported() -> None:
    assert "disclosure" in bildung.__all__
    assert bildung.disclosure is dc


# ------------------------------------------------------------------------------ rounding


def test_round_to_base_hand_values() -> None:
    # base 5: 0,1,2 -> 0; 3..7 -> 5; 8..12 -> 10; base 10: the tie 15 -> 20; base 3: 2 -> 3
    assert dc.round_to_base([0, 1, 2, 3, 7, 8, 12], 5).tolist() == [0, 0, 0, 5, 5, 10, 10]
    assert dc.round_to_base(np.array([14, 15, 25]), 10).tolist() == [10, 20, 30]
    assert dc.round_to_base([1, 2, 4], 3).tolist() == [0, 3, 3]


def test_round_to_base_keeps_pandas_shape() -> None:
    s = pd.Series([1, 3, 8], index=["Nord", "Mitte", "Süd"], name="n")
    r = dc.round_to_base(s, 5)
    assert isinstance(r, pd.Series) and list(r.index) == ["Nord", "Mitte", "Süd"]
    assert r.name == "n" and r.tolist() == [0, 5, 10]
    df = pd.DataFrame({"m": [1, 3], "w": [8, 12]}, index=["a", "b"])
    rf = dc.round_to_base(df, 5)
    assert isinstance(rf, pd.DataFrame)
    assert rf.index.equals(df.index) and rf.columns.equals(df.columns)
    assert rf.to_numpy().tolist() == [[0, 10], [5, 10]]
    a = dc.round_to_base(np.array([[1, 3], [8, 12]]), 5)
    assert a.shape == (2, 2) and a.tolist() == [[0, 5], [10, 10]]


def test_round_to_base_errors() -> None:
    with pytest.raises(TypeError):
        dc.round_to_base(["a", "b"], 5)
    with pytest.raises(TypeError):
        dc.round_to_base([1, 2], 5.0)  # type: ignore[arg-type]
    with pytest.raises(bildung.ParameterError):
        dc.round_to_base([1], 1)
    with pytest.raises(bildung.ParameterError):
        dc.round_to_base([1], -5)
    with pytest.raises(bildung.MissingValueError) as e:
        dc.round_to_base(pd.Series([1.0, np.nan], index=["x", "y"]), 5)
    assert e.value.index == 1 and e.value.label == "y"
    with pytest.raises(bildung.InvalidCountError):
        dc.round_to_base([2.5], 5)
    with pytest.raises(bildung.InvalidCountError):
        dc.round_to_base([-1], 5)
    with pytest.raises(bildung.NonFiniteError):
        dc.round_to_base([np.inf], 5)


def test_round_table_totals_from_own_values() -> None:
    # 2 x 2 table with margins, row-major: 3 8 | 11 / 6 2 | 8 / 9 10 | 19, base 5:
    # 5 10 | 10 / 5 0 | 10 / 10 10 | 20 -> rows 1 and 2 do not add up (10 != 15, 10 != 5)
    df = pd.DataFrame([[3, 8, 11], [6, 2, 8], [9, 10, 19]], index=["a", "b", "Summe"])
    rel = [(2, [0, 1]), (5, [3, 4]), (8, [6, 7]), (6, [0, 3]), (7, [1, 4]), (8, [2, 5])]
    t = dc.round_table(df, 5, rel)
    assert t.values.to_numpy().tolist() == [[5, 10, 10], [5, 0, 10], [10, 10, 20]]
    assert t.values.index.equals(df.index)
    assert (t.totals_differ, t.max_total_discrepancy, t.max_abs_deviation) == (2, 5, 2)
    assert "totals_differ=2" in repr(t)


def test_round_table_errors() -> None:
    with pytest.raises(bildung.InconsistentTableError) as e:
        dc.round_table([1, 2, 4], 5, [(2, [0, 1])])
    assert e.value.index == 2
    with pytest.raises(bildung.ParameterError):
        dc.round_table([1, 2, 3], 5, [(2, [0, 5])])
    with pytest.raises(bildung.ParameterError):
        dc.round_table([1, 2, 3], 5, [(2, [-1])])
    with pytest.raises(TypeError):
        dc.round_table([1, 2, 3], 5, "2=0+1")
    with pytest.raises(TypeError):
        dc.round_table([1, 2, 3], 5, [(2.0, [0, 1])])


# ------------------------------------------------------------------------------ cell keys


def test_record_keys_follow_the_specification() -> None:
    seed = 2**63 + 12345  # above 2^53: must travel as a Python int
    k = dc.record_keys(seed, 5)
    assert k.tolist() == [splitmix_key(seed, i) for i in range(5)]
    assert dc.record_keys(seed, 2, start=3).tolist() == [splitmix_key(seed, i) for i in (3, 4)]
    assert dc.record_keys(1, 0).shape == (0,)


def test_record_keys_errors() -> None:
    with pytest.raises(bildung.ParameterError):
        dc.record_keys(-1, 3)
    with pytest.raises(bildung.ParameterError):
        dc.record_keys(2**64, 3)
    with pytest.raises(bildung.ParameterError):
        dc.record_keys(1, -3)
    with pytest.raises(TypeError):
        dc.record_keys(1.5, 3)  # type: ignore[arg-type]


def test_cell_key_is_the_fraction_of_the_sum() -> None:
    assert dc.cell_key([0.5, 0.75]) == 0.25
    assert dc.cell_key([0.75, 0.5]) == 0.25
    assert dc.cell_key([]) == 0.0
    keys = dc.record_keys(7, 6)
    # frac of the sum, exact: the keys are multiples of 2^-53
    want = (sum(int(x * 2**53) for x in keys) % 2**53) / 2.0**53
    assert dc.cell_key(keys) == want
    with pytest.raises(bildung.MissingValueError):
        dc.cell_key([0.2, np.nan])
    with pytest.raises(bildung.ParameterError):
        dc.cell_key([1.0])


def test_cell_keys_by_label_and_position() -> None:
    keys = [0.5, 0.25, 0.75, 0.5]
    s = dc.cell_keys(keys, ["Nord", "Süd", "Nord", "Süd"])
    assert isinstance(s, pd.Series)
    assert s.to_dict() == {"Nord": 0.25, "Süd": 0.75}
    g = pd.Series(["b", "a", "b", "a"], name="Ortsteil")
    assert dc.cell_keys(keys, g).index.name == "Ortsteil"
    assert dc.cell_keys(keys, [0, 1, 0, 1], n_cells=3).tolist() == [0.25, 0.75, 0.0]
    with pytest.raises(bildung.MissingValueError):
        dc.cell_keys(keys, ["a", None, "a", "b"])
    with pytest.raises(bildung.ShapeError):
        dc.cell_keys(keys, [0, 1], n_cells=2)
    with pytest.raises(TypeError):
        dc.cell_keys(keys, ["a", "b", "a", "b"], n_cells=2)
    with pytest.raises(bildung.ParameterError):
        dc.cell_keys(keys, [0, 1, 0, 5], n_cells=2)


def test_cell_key_from_id_is_hmac_sha256() -> None:
    ids = ["2024|OT01|m", "2024|OT01|w", "", "Grünau|Gymnasium"]
    secret = 2**64 - 2
    assert dc.cell_key_from_id(ids[0], secret) == hmac_key(ids[0], secret)
    arr = dc.cell_key_from_id(ids, secret)
    assert isinstance(arr, np.ndarray)
    assert arr.tolist() == [hmac_key(i, secret) for i in ids]
    s = pd.Series(ids, index=[10, 11, 12, 13])
    r = dc.cell_key_from_id(s, secret)
    assert isinstance(r, pd.Series) and list(r.index) == [10, 11, 12, 13]
    with pytest.raises(TypeError):
        dc.cell_key_from_id([1, 2], 5)
    with pytest.raises(TypeError):
        dc.cell_key_from_id(3, 5)
    with pytest.raises(bildung.ParameterError):
        dc.cell_key_from_id("x", -1)


# ------------------------------------------------------------------------------ ptable


def test_generated_ptable_has_mean_0_and_variance_v() -> None:
    t = dc.PTable.generate(3, 2.0)
    f = t.to_frame()
    assert list(f.columns) == ["i", "j", "p", "v", "p_int_lb", "p_int_ub"]
    assert t.max_i == 3 and t.max_deviation == 3
    assert (f["j"] == f["i"] + f["v"]).all() and (f["j"] >= 0).all()
    for i, row in f.groupby("i"):
        p, v = row["p"].to_numpy(), row["v"].to_numpy()
        assert abs(p.sum() - 1) < 1e-12
        if i == 0:
            assert v.tolist() == [0]
            continue
        assert abs((p * v).sum()) < 1e-12
        assert abs((p * v * v).sum() - 2.0) < 1e-12
    # js = 1: no perturbed count 1; max_i = D + js + 1
    tj = dc.PTable.generate(3, 2.0, js=1)
    assert tj.max_i == 5 and 1 not in tj.to_frame()["j"].tolist()


def test_ptable_csv_roundtrip_and_lookup() -> None:
    t = dc.PTable.from_csv(HAND_PTABLE)
    assert t.max_i == 2 and t.max_deviation == 2
    assert dc.PTable.from_csv(t.to_csv()) == t
    assert t != dc.PTable.generate(2, 1.05) and t != "x"
    # row 1: [0,0.25) -1, [0.25,0.75) 0, [0.75,1) +1; boundaries belong to the upper interval
    assert [t.perturbation(1, u) for u in (0.2, 0.25, 0.75)] == [-1, 0, 1]
    assert t.perturbation(100, 0.9) == 2 and t.perturbation(0, 0.9) == 0
    assert "max_i=2" in repr(t)
    with pytest.raises(TypeError):
        hash(t)


def test_ptable_errors() -> None:
    with pytest.raises(bildung.MalformedInputError):
        dc.PTable.from_csv("i,j,p,v,p_int_lb,p_int_ub\n1,1,1,0,0,1\n")
    with pytest.raises(bildung.ParameterError):
        dc.PTable.generate(2, 2.0)  # row 1 cannot reach V = 2 with D = 2
    with pytest.raises(bildung.ParameterError):
        dc.PTable.generate(0, 1.0)
    with pytest.raises(bildung.ParameterError):
        dc.PTable.generate(-1, 1.0)
    with pytest.raises(TypeError):
        dc.PTable.generate(2, "1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dc.PTable(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dc.PTable.from_csv(b"i,j")  # type: ignore[arg-type]
    t = dc.PTable.from_csv(HAND_PTABLE)
    with pytest.raises(bildung.ParameterError):
        t.perturbation(1, 1.0)
    with pytest.raises(bildung.ParameterError):
        t.perturbation(-1, 0.5)


def test_perturb_hand_table() -> None:
    t = dc.PTable.from_csv(HAND_PTABLE)
    counts = [0, 1, 1, 2, 2, 7, 100]
    keys = [0.999, 0.1, 0.8, 0.1, 0.9, 0.2, 0.5]
    # 0 stays 0; 1-1; 1+1; 2-2; 2+2; 7-1 (row 2, [1/8,1/4)); 100+0
    assert dc.perturb(counts, keys, t).tolist() == [0, 0, 2, 0, 4, 6, 100]


def test_perturb_keeps_pandas_shape_and_is_consistent() -> None:
    t = dc.PTable.generate(2, 1.05)
    ids = pd.Series(["A|m", "A|w", "A"], index=["m", "w", "Summe"])
    keys = dc.cell_key_from_id(ids, 99)
    counts = pd.Series([4, 0, 4], index=ids.index)
    out = dc.perturb(counts, keys, t)
    assert isinstance(out, pd.Series) and out.index.equals(ids.index)
    assert out["w"] == 0 and abs(out["m"] - 4) <= 2
    # the same cell (same key, same count) gets the same value in another table
    again = dc.perturb(np.array([4.0]), np.array([keys["m"]]), t)
    assert again[0] == out["m"]
    df = pd.DataFrame({"m": [4, 3], "w": [0, 9]}, index=["a", "b"])
    kf = pd.DataFrame({"m": [0.1, 0.2], "w": [0.3, 0.9]}, index=["a", "b"])
    pf = dc.perturb(df, kf, t)
    assert isinstance(pf, pd.DataFrame) and pf.index.equals(df.index)
    assert pf.to_numpy().ravel().tolist() == dc.perturb(
        df.to_numpy().ravel(), kf.to_numpy().ravel(), t
    ).tolist()


def test_perturb_errors() -> None:
    t = dc.PTable.from_csv(HAND_PTABLE)
    with pytest.raises(TypeError):
        dc.perturb([1], [0.5], HAND_PTABLE)  # type: ignore[arg-type]
    with pytest.raises(bildung.ShapeError):
        dc.perturb(pd.Series([1, 2], index=[0, 1]), pd.Series([0.1, 0.2], index=[1, 0]), t)
    with pytest.raises(bildung.ShapeError):
        dc.perturb([1, 2], [0.5], t)
    with pytest.raises(bildung.InvalidCountError) as e:
        dc.perturb(pd.Series([1.0, 2.5], index=["x", "y"]), [0.5, 0.5], t)
    assert e.value.label == "y"
    with pytest.raises(bildung.MissingValueError):
        dc.perturb([1, 2], [0.5, np.nan], t)
    with pytest.raises(TypeError):
        dc.perturb(["1"], [0.5], t)


# ------------------------------------------------------------------------------ statuses


def test_status_names_and_codes() -> None:
    assert dc.STATUS_NAMES == (
        "published", "zero", "less_than_half", "primary", "secondary", "unknown", "later",
        "not_meaningful", "unreliable",
    )
    assert dc.FLAGS["provisional"] == 2 and dc.FLAGS["perturbed"] == 128
    assert dc.status_codes(["published", "primary", "secondary"]).tolist() == [0, 3, 4]
    assert dc.status_codes("later").tolist() == [6]
    assert dc.status_codes(np.array([0, 8])).tolist() == [0, 8]
    cat = pd.Categorical(["secondary", "published"], categories=["secondary", "published"])
    assert dc.status_codes(cat).tolist() == [4, 0]
    assert dc.status_codes(pd.Series(cat)).tolist() == [4, 0]
    df = pd.DataFrame({"a": ["primary", "published"], "b": [0, 4]})
    assert dc.status_codes(df).tolist() == [[3, 0], [0, 4]]
    assert dc.status_codes([["zero", "primary"]]).tolist() == [[1, 3]]
    with pytest.raises(bildung.ParameterError):
        dc.status_codes(["geheim"])
    with pytest.raises(bildung.ParameterError):
        dc.status_codes([9])
    with pytest.raises(bildung.ParameterError):
        dc.status_codes(pd.Categorical(["primary", None]))
    with pytest.raises(TypeError):
        dc.status_codes([0.0, 3.0])


def test_status_categorical() -> None:
    c = dc.status_categorical([0, 3, 4])
    assert list(c) == ["published", "primary", "secondary"]
    assert list(c.categories) == list(dc.STATUS_NAMES)
    assert c.codes.tolist() == [0, 3, 4]
    s = dc.status_categorical(np.array([5, 1]), index=["x", "y"])
    assert isinstance(s, pd.Series) and s.name == "status" and list(s.index) == ["x", "y"]
    assert s.cat.codes.tolist() == [5, 1]


# ------------------------------------------------------------------------------ rendering


def _table() -> tuple[pd.DataFrame, List[List[str]]]:
    v = pd.DataFrame(
        {"Anzahl": [1234.0, 3.0, 0.0, 12.0], "Quote": [6.25, 0.04, 0.0, 5.0]},
        index=pd.Index(["Stadt", "Nord", "Süd", "Ost"], name="Gebiet"),
    )
    st = [
        ["published", "published"],
        ["primary", "secondary"],
        ["published", "published"],
        ["published", "published"],
    ]
    return v, st


def test_render_classical_and_letter() -> None:
    v, st = _table()
    r = dc.render(v, st, decimals={"Quote": 1})
    assert r.index.equals(v.index) and r.columns.equals(v.columns)
    assert r["Anzahl"].tolist() == ["1.234", ".", "-", "12"]
    assert r["Quote"].tolist() == ["6,3", ".", "-", "5,0"]
    r = dc.render(v, st, decimals=[0, 1], symbols="letter", number_format="en")
    assert r["Anzahl"].tolist() == ["1,234", "g", "0", "12"]
    # less than half of the last digit shown: "0,0" (classical) / "k" (letter)
    v2 = pd.DataFrame({"q": [0.04]})
    assert dc.render(v2, decimals=1)["q"].tolist() == ["0,0"]
    assert dc.render(v2, decimals=1, symbols="letter")["q"].tolist() == ["k"]


def test_render_flags_and_municipal_symbols() -> None:
    v, st = _table()
    flags = np.zeros((4, 2), dtype=np.int64)
    flags[3, 0] = dc.FLAGS["provisional"]
    flags[1, 0] = dc.FLAGS["provisional"]  # never shown beside a symbol
    r = dc.render(v, st, flags, symbol_overrides={"primary": "( )", "secondary": "( )"})
    assert r["Anzahl"].tolist() == ["1.234", "( )", "-", "12 p"]
    with pytest.raises(bildung.ParameterError):
        dc.render(v, st, symbol_overrides={"published": "x"})
    with pytest.raises(bildung.ParameterError):
        dc.render(v, st, symbol_overrides={"geheim": "x"})
    with pytest.raises(TypeError):
        dc.render(v, st, symbol_overrides=[("primary", "x")])  # type: ignore[arg-type]
    with pytest.raises(bildung.ParameterError):
        dc.render(v, st, flags + 256)


def test_render_errors() -> None:
    v, st = _table()
    with pytest.raises(bildung.ParameterError):
        dc.render(v, st, number_format="fr")
    with pytest.raises(bildung.ParameterError):
        dc.render(v, st, symbols="swiss")
    with pytest.raises(bildung.ShapeError):
        dc.render(v, st[:2])
    with pytest.raises(bildung.ShapeError):
        dc.render(v, st, decimals=[0])
    with pytest.raises(TypeError):
        dc.render(v, st, np.zeros((4, 2)))  # float flags
    with pytest.raises(TypeError):
        dc.render(v.astype(str), st)
    # a shown NaN must carry a suppressing status
    bad = v.copy()
    bad.iloc[0, 0] = np.nan
    with pytest.raises(bildung.MalformedInputError):
        dc.render(bad, st)
    st2 = [row[:] for row in st]
    st2[0][0] = "unknown"
    assert dc.render(bad, st2)["Anzahl"].iloc[0] == "."
    # status zero on a non-zero value
    st2[3][0] = "zero"
    with pytest.raises(bildung.MalformedInputError):
        dc.render(v, st2)


def test_to_csv_german_and_english() -> None:
    v, st = _table()
    csv = dc.to_csv(v, st, decimals={"Quote": 1}, units={"Quote": "%"}, group_digits=True)
    assert csv == (
        "Gebiet;Anzahl;Quote (%)\r\nStadt;1.234;6,3\r\nNord;.;.\r\nSüd;-;-\r\nOst;12;5,0\r\n"
    )
    csv = dc.to_csv(v, st, decimals=1, number_format="en", status_columns=True)
    lines = csv.split("\r\n")
    assert lines[0] == (
        "Gebiet,Anzahl,Anzahl [status],Anzahl [flags],Quote,Quote [status],Quote [flags]"
    )
    # published files do not tell primary from secondary suppression
    assert lines[2] == "Nord,.,confidential,,.,confidential,"
    # the suppressed values 3 and 0.04 are nowhere in the text
    assert "3.0" not in csv and "0.04" not in csv
    lv = dc.to_csv(v, st, row_level=[0, 1, 1, 1], level_column=True)
    assert lv.split("\r\n")[1].startswith("Stadt;0;")
    assert lv.split("\r\n")[2].startswith("Nord;1;")


def test_to_json_leaves_out_suppressed_values() -> None:
    v, st = _table()
    doc = json.loads(
        dc.to_json(v, st, decimals=[0, 1], title="Abgänger", source="Schulstatistik",
                   notes="vorläufig")
    )
    assert doc["title"] == "Abgänger" and doc["source"] == "Schulstatistik"
    assert doc["notes"] == ["vorläufig"]
    nord = doc["rows"][1]["cells"]
    assert nord[0]["status"] == "confidential" and "value" not in nord[0]
    assert nord[1]["status"] == "confidential" and "value" not in nord[1]
    assert nord[0]["text"] == "."
    assert doc["rows"][0]["cells"][0]["value"] == 1234.0


def test_style_shades_suppressed_cells() -> None:
    pytest.importorskip("jinja2")
    v, st = _table()
    s = dc.style(v, st, decimals=[0, 1], caption="Tabelle 1")
    assert s.caption.startswith("Tabelle 1 — Zeichenerklärung: ")
    assert ". = geheim zu halten" in s.caption and "- = nichts vorhanden" in s.caption
    html = s.to_html()
    assert dc.SUPPRESSED_CSS.split(";")[0] in html
    assert "row1_col0" in html.split("</style>")[0] and "row0_col0" not in html.split("</style>")[0]
    assert ">1.234<" in html and ">.<" in html
    assert "0,04" not in html and "0,0<" not in html
    en = dc.style(v, st, number_format="en")
    assert en.caption.startswith("Symbols: ")


def test_legend() -> None:
    classical = dc.legend()
    assert classical["symbol"].tolist()[:2] == ["-", "0"]
    letter = dc.legend(symbols="letter", number_format="en")
    assert "g" in letter["symbol"].tolist()
    zurich = dc.legend(symbol_overrides={"primary": "( )"})
    assert "( )" in zurich["symbol"].tolist()


def test_without_pandas(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert dc.render(np.array([[1.0, 2.0]]), [[0, 3]]) == [["1", "."]]
    assert dc.legend()[0] == ("-", "nichts vorhanden (genau null)")
    with pytest.raises(ImportError):
        dc.style(np.array([[1.0]]))
    with pytest.raises(ImportError):
        dc.status_categorical([0])
