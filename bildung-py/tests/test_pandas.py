"""pandas and numpy input forms: Series, nullable dtypes, labelled groups, strides, dtypes."""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import _convert
from bildung import inequality as iq

from conftest import CALLS, INEQ_X, headline

NAMES = sorted(CALLS)


@pytest.fixture
def kreise() -> pd.DataFrame:
    """Made-up Kreis table: share of leavers without qualification, leavers, Land."""
    return pd.DataFrame(
        {
            "Land": ["Sachsen", "Bayern", "Sachsen", "Hessen", "Bayern", "Hessen", "Bayern"],
            "quote": [7.1, 4.2, 8.0, 5.5, 3.9, 6.1, 4.8],
            "abgaenger": [1200, 3400, 900, 2100, 2800, 1500, 3000],
        },
        index=pd.Index(["14511", "09162", "14612", "06412", "09564", "06611", "09772"], name="AGS"),
    )


@pytest.mark.parametrize("name", NAMES)
def test_series_with_index_equals_numpy(name: str, kreise: pd.DataFrame) -> None:
    got = CALLS[name](kreise["quote"], kreise["abgaenger"])
    ref = CALLS[name](kreise["quote"].to_numpy(), kreise["abgaenger"].to_numpy())
    assert headline(got) == headline(ref)


def test_misaligned_series_are_rejected(kreise: pd.DataFrame) -> None:
    shuffled = kreise["abgaenger"].sample(frac=1.0, random_state=1)
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        iq.gini(kreise["quote"], shuffled)
    # aligned again: fine, and equal to the original order
    assert iq.gini(kreise["quote"], shuffled.reindex(kreise.index)) == iq.gini(
        kreise["quote"], kreise["abgaenger"]
    )
    with pytest.raises(bildung.ShapeError, match="x and groups"):
        iq.ge_decomposition(kreise["quote"], kreise["Land"].reset_index(drop=True))


@pytest.mark.parametrize("name", NAMES)
def test_nullable_int64_with_na(name: str) -> None:
    s = pd.Series([3, 1, pd.NA, 4, 1, 5, 9, 2], dtype="Int64")
    with pytest.raises(bildung.MissingValueError, match=r"x\[2\]"):
        CALLS[name](s)
    got = CALLS[name](s, nan_policy="omit")
    ref = CALLS[name](s.dropna().to_numpy(dtype="float64"))
    if name.endswith("_decomposition"):  # groups follow positions: compare n only
        assert got.n_used == 7 and got.n_dropped == 1
    else:
        assert headline(got) == headline(ref)
    assert math.isnan(headline(CALLS[name](s, nan_policy="propagate")))


def test_nullable_float_boolean_and_pyarrow_free_dtypes() -> None:
    f = pd.Series([1.5, None, 2.5], dtype="Float64")
    assert _convert.as_values(f, "x").tolist()[::2] == [1.5, 2.5]
    assert math.isnan(_convert.as_values(f, "x")[1])
    b = pd.Series([True, pd.NA, False], dtype="boolean")
    out = _convert.as_values(b, "x")
    assert out[0] == 1.0 and math.isnan(out[1]) and out[2] == 0.0
    u = pd.Series([1, 2], dtype="UInt8")
    assert _convert.as_values(u, "x").dtype == np.float64


def test_weights_as_nullable_series() -> None:
    x = pd.Series([1.0, 2.0, 3.0, 4.0])
    w = pd.Series([1, pd.NA, 2, 1], dtype="Int64")
    with pytest.raises(bildung.MissingValueError, match=r"weights\[1\]"):
        iq.theil(x, w)
    assert iq.theil(x, w, nan_policy="omit") == iq.theil([1.0, 3.0, 4.0], [1, 2, 1])


@pytest.mark.parametrize(
    "series, word",
    [
        (pd.Series(["a", "b"]), "Python objects"),
        (pd.Series([1.0, 2.0], dtype=object), "to_numeric"),
        (pd.Series(pd.to_datetime(["2024-01-01", "2024-06-01"])), "datetime"),
        (pd.Series(["x", "y"], dtype="category"), "categorical"),
        (pd.Series([1, 2], dtype="category"), "categorical"),
        (pd.Series(["a", "b"], dtype="string"), "real numbers"),
        (pd.Series([1 + 1j, 2 + 0j]), "complex"),
    ],
)
def test_non_numeric_series_are_type_errors(series: pd.Series, word: str) -> None:
    with pytest.raises(TypeError, match=word):
        iq.gini(series)


def test_dataframe_as_x_is_shape_error(kreise: pd.DataFrame) -> None:
    with pytest.raises(bildung.ShapeError, match=r"DataFrame of shape \(7, 2\)"):
        iq.gini(kreise[["quote", "abgaenger"]])
    with pytest.raises(bildung.ShapeError, match="groups must be one-dimensional"):
        iq.ge_decomposition(kreise["quote"], kreise[["Land", "quote"]])


def test_groups_by_string_labels(kreise: pd.DataFrame) -> None:
    d = iq.ge_decomposition(kreise["quote"], kreise["Land"], kreise["abgaenger"])
    assert isinstance(d.groups, pd.DataFrame)
    assert list(d.groups.index) == ["Bayern", "Hessen", "Sachsen"]
    assert d.groups.index.name == "Land"  # named like the groups Series
    assert iq.ge_decomposition([1.0, 2.0], ["a", "b"]).groups.index.name == "group"
    assert list(d.groups.columns) == [
        "n",
        "population_share",
        "value_share",
        "mean",
        "inequality",
        "contribution",
    ]
    assert d.groups.loc["Bayern", "n"] == 3 and d.groups["n"].dtype == np.int64
    # the same numbers as with integer labels
    codes = kreise["Land"].map({"Bayern": 10, "Hessen": 20, "Sachsen": 30})
    ref = iq.ge_decomposition(kreise["quote"], codes, kreise["abgaenger"])
    assert list(ref.groups.index) == [10, 20, 30]
    np.testing.assert_array_equal(d.groups.to_numpy(), ref.groups.to_numpy())
    assert (d.total, d.within, d.between) == (ref.total, ref.within, ref.between)
    # Bayern's own GE(1) is the Theil index of the Bayern Kreise
    bayern = kreise[kreise["Land"] == "Bayern"]
    assert d.groups.loc["Bayern", "inequality"] == pytest.approx(
        iq.theil(bayern["quote"], bayern["abgaenger"]), rel=1e-12
    )
    g = iq.gini_decomposition(kreise["quote"], kreise["Land"], kreise["abgaenger"])
    assert list(g.groups.index) == ["Bayern", "Hessen", "Sachsen"]
    assert g.total == pytest.approx(iq.gini(kreise["quote"], kreise["abgaenger"]), rel=1e-12)


def test_categorical_groups_keep_category_order() -> None:
    groups = pd.Categorical(["Nord", "Süd", "Mitte", "Nord"], categories=["Süd", "Mitte", "Nord"])
    d = iq.gini_decomposition([1.0, 2.0, 3.0, 4.0], groups)
    assert list(d.groups.index) == ["Süd", "Mitte", "Nord"]
    d = iq.gini_decomposition(pd.Series([1.0, 2.0, 3.0, 4.0]), pd.Series(groups))
    assert list(d.groups.index) == ["Süd", "Mitte", "Nord"]


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_missing_group_labels(missing: object) -> None:
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    groups = pd.Series(["a", "a", missing, "b", "b"], dtype=object)
    with pytest.raises(bildung.MissingValueError, match=r"groups\[2\]"):
        iq.ge_decomposition(x, groups)
    d = iq.ge_decomposition(x, groups, nan_policy="omit")
    assert (d.n_used, d.n_dropped) == (4, 1)
    assert list(d.groups.index) == ["a", "b"]
    ref = iq.ge_decomposition([1.0, 2.0, 4.0, 5.0], ["a", "a", "b", "b"])
    assert d.total == ref.total
    p = iq.ge_decomposition(x, groups, nan_policy="propagate")
    assert math.isnan(p.total) and len(p.groups) == 0


def test_group_label_kinds() -> None:
    x = [1.0, 2.0, 3.0, 4.0]
    assert list(iq.gini_decomposition(x, [3, 1, 3, 2]).groups.index) == [1, 2, 3]
    assert list(iq.gini_decomposition(x, (2.5, 1.5, 2.5, 1.5)).groups.index) == [1.5, 2.5]
    assert list(iq.gini_decomposition(x, np.array(["b", "a", "b", "a"])).groups.index) == ["a", "b"]
    tuples = [("SN", 1), ("BY", 2), ("SN", 1), ("BY", 2)]
    assert list(iq.gini_decomposition(x, tuples).groups.index) == [("BY", 2), ("SN", 1)]
    assert list(iq.gini_decomposition(x, [True, False, True, True]).groups["n"]) == [1, 3]
    # negative integers are labels, not missing markers
    assert list(iq.gini_decomposition(x, [-1, -1, 0, 0]).groups.index) == [-1, 0]


def test_strided_views_are_not_copied() -> None:
    base = np.arange(1.0, 41.0) ** 1.5
    view = base[::2]
    assert not view.flags.c_contiguous
    assert _convert.as_values(view, "x") is view
    reversed_view = base[::-3]
    assert _convert.as_values(reversed_view, "x") is reversed_view
    column = np.asfortranarray(np.stack([base, base[::-1]], axis=1))[:, 1]
    for name in NAMES:
        assert headline(CALLS[name](view)) == headline(CALLS[name](np.ascontiguousarray(view)))
        assert headline(CALLS[name](reversed_view, reversed_view)) == headline(
            CALLS[name](reversed_view.copy(), reversed_view.copy())
        )
        assert headline(CALLS[name](column)) == headline(CALLS[name](column.copy()))


def test_series_float64_is_not_copied() -> None:
    s = pd.Series(np.arange(1.0, 6.0))
    assert np.shares_memory(_convert.as_values(s, "x"), s.to_numpy())


def test_read_only_and_big_endian_arrays() -> None:
    a = np.array(INEQ_X)
    a.flags.writeable = False
    assert iq.gini(a) == iq.gini(INEQ_X)
    be = np.array(INEQ_X, dtype=">f8")
    assert iq.gini(be) == iq.gini(INEQ_X)


@pytest.mark.parametrize(
    "dtype", [np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint64, np.float16, np.float32]
)
def test_numeric_dtypes(dtype: type) -> None:
    x = np.array([1, 4, 2, 8, 5, 7], dtype=dtype)
    assert iq.gini(x) == iq.gini(x.astype(np.float64))
    assert iq.theil(x, x) == iq.theil(x.astype(np.float64), x.astype(np.float64))


def test_bool_array_and_int_list() -> None:
    assert iq.gini(np.array([True, False, True, True])) == iq.gini([1.0, 0.0, 1.0, 1.0])
    assert iq.gini([541, 1463, 2445]) == iq.gini([541.0, 1463.0, 2445.0])
    assert iq.gini(range(1, 6)) == iq.gini([1.0, 2.0, 3.0, 4.0, 5.0])
    assert iq.gini([1, None, 3], nan_policy="omit") == iq.gini([1, 3])
    assert iq.gini([1, pd.NA, 3], nan_policy="omit") == iq.gini([1, 3])


def test_masked_array_gives_nan_for_masked() -> None:
    m = np.ma.masked_array([1.0, 99.0, 3.0], mask=[False, True, False])
    with pytest.raises(bildung.MissingValueError, match=r"x\[1\]"):
        iq.gini(m)
    assert iq.gini(m, nan_policy="omit") == iq.gini([1.0, 3.0])


def test_lorenz_curve_result() -> None:
    c = iq.lorenz_curve(INEQ_X)
    df = c.to_pandas()
    assert list(df.columns) == ["population_share", "value_share"] and len(df) == 11
    d = c.to_dict()
    json.dumps(d)
    assert d["n_used"] == 10 and d["value_share"][0] == 0.0
    assert c.share_at(np.array([0.5]))[0] == c.share_at(0.5)
    assert "LorenzCurve(points=11" in repr(c)
    assert c._repr_html_().startswith("<table>")
    with pytest.raises(ValueError):
        c.population_share[0] = 1.0  # read-only


def test_decomposition_results_repr_html_dict_pandas(kreise: pd.DataFrame) -> None:
    labels = kreise["Land"].replace({"Hessen": "<b>Hessen</b>"})
    d = iq.gini_decomposition(kreise["quote"], labels)
    text = repr(d)
    assert text.startswith("GiniDecomposition(n_used=7, n_dropped=0)")
    assert "overlap" in text and "Sachsen" in text
    html = d._repr_html_()
    assert "&lt;b&gt;Hessen&lt;/b&gt;" in html and "<b>Hessen" not in html
    dd = d.to_dict()
    json.dumps(dd)
    assert dd["groups"]["group"] == ["<b>Hessen</b>", "Bayern", "Sachsen"]
    row = d.to_pandas()
    assert list(row.columns) == ["total", "within", "between", "overlap", "n_used", "n_dropped"]
    assert row["n_used"].dtype == np.int64
    g = iq.ge_decomposition(kreise["quote"], kreise["Land"], alpha=2)
    assert repr(g).startswith("GeDecomposition(alpha=2, n_used=7")
    assert g.to_pandas().loc["GE", "alpha"] == 2.0


def test_long_repr_is_bounded() -> None:
    x = np.arange(1.0, 201.0)
    groups = [f"Kreis {i:03d}" for i in range(200)]
    d = iq.ge_decomposition(x, groups)
    text = repr(d)
    assert "and 192 more groups" in text and len(text.splitlines()) < 20
    assert d._repr_html_().count("<tr>") < 40
    assert len(repr(iq.lorenz_curve(x)).splitlines()) == 3


def test_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert _convert.optional_pandas() is None
    d = iq.ge_decomposition(INEQ_X, ["low"] * 6 + ["high"] * 4)
    assert isinstance(d.groups, dict)
    assert d.groups["group"] == ["high", "low"]
    assert d.groups["n"].tolist() == [4, 6]
    assert "high" in repr(d) and "high" in d._repr_html_()
    assert d.to_dict()["groups"]["group"] == ["high", "low"]
    with pytest.raises(ImportError, match="pandas"):
        d.to_pandas()
    with pytest.raises(ImportError, match="pandas"):
        iq.lorenz_curve(INEQ_X).to_pandas()
    mixed = iq.gini_decomposition([1.0, 2.0, 3.0, 4.0], [2, None, "a", 2], nan_policy="omit")
    assert mixed.groups["group"] == [2, "a"]  # unsortable labels: first appearance
    floats = iq.gini_decomposition([1.0, 2.0, 3.0], np.array([2.0, np.nan, 1.0]), nan_policy="omit")
    assert floats.groups["group"] == [1.0, 2.0]
    ints = iq.gini_decomposition([1.0, 2.0, 3.0], np.array([5, 3, 5]))
    assert ints.groups["group"] == [3, 5]


def test_errors_name_the_pandas_label_of_the_offending_area() -> None:
    share = pd.Series([4.1, 6.3, np.nan, 5.2], index=pd.Index(["09162", "09564", "14612", "06412"], name="AGS"))
    with pytest.raises(bildung.MissingValueError, match=r"x\[2\].*'14612'") as info:
        iq.gini(share)
    assert info.value.index == 2 and info.value.label == "14612"
    leavers = pd.Series([100.0, -3.0, 50.0, 20.0], index=share.index)
    with pytest.raises(bildung.NegativeValueError, match=r"weights\[1\].*'09564'") as info:
        iq.theil(share.fillna(1.0), leavers)
    assert info.value.label == "09564"
    land = pd.Series(["BY", None, "SN", "HE"], index=share.index)
    with pytest.raises(bildung.MissingValueError, match=r"groups\[1\].*'09564'"):
        iq.ge_decomposition(share.fillna(1.0), land)
    # plain arrays: position only
    with pytest.raises(bildung.MissingValueError) as plain:
        iq.gini(share.to_numpy())
    assert plain.value.label is None and "label" not in str(plain.value)
