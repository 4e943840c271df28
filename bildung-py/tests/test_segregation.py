"""bildung.segregation: outside values (methods.md 2.8), pandas in/out, bad input, GIL."""

from __future__ import annotations

import json
import math
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import segregation as seg

# methods.md 2.8: five Ortsteile; two groups and three groups.
X = [12.0, 30.0, 5.0, 40.0, 13.0]
T = [60.0, 80.0, 50.0, 90.0, 70.0]
N = [[12.0, 30.0, 18.0], [30.0, 35.0, 15.0], [5.0, 40.0, 5.0], [40.0, 30.0, 20.0], [13.0, 37.0, 20.0]]
RANKED = [
    [10.0, 20.0, 30.0, 25.0, 10.0, 5.0],
    [5.0, 10.0, 20.0, 30.0, 20.0, 15.0],
    [30.0, 25.0, 20.0, 10.0, 10.0, 5.0],
    [8.0, 12.0, 25.0, 25.0, 18.0, 12.0],
    [2.0, 5.0, 10.0, 20.0, 30.0, 33.0],
]
AREAS = pd.Index(["Altstadt", "Nord", "Ost", "Süd", "West"], name="Ortsteil")


def _headline(r: Any) -> float:
    if isinstance(r, float):
        return r
    for name in ("value", "dissimilarity", "exact", "m_total"):
        if hasattr(r, name):
            return float(getattr(r, name))
    if isinstance(r, pd.DataFrame):
        return float(np.nansum(r.drop(columns="status").to_numpy()))
    return float(np.nansum(r.values))


#: Every public function taking (x, t).
TWO: Dict[str, Callable[..., Any]] = {
    name: getattr(seg, name)
    for name in (
        "dissimilarity",
        "gini_segregation",
        "entropy_index",
        "isolation",
        "exposure",
        "correlation_ratio",
        "atkinson_segregation",
        "hutchens",
        "minmax",
        "density_corrected_dissimilarity",
        "self_excluded_separation",
        "carrington_troske",
        "concentration_profile",
        "expected_under_random_allocation",
        "winship_expected_dissimilarity",
        "bias_corrected_dissimilarity",
    )
}

#: Every public function taking a count table (decomposition with two districts).
TABLE: Dict[str, Callable[..., Any]] = {
    name: getattr(seg, name)
    for name in (
        "multi_dissimilarity",
        "multi_gini",
        "mutual_information",
        "multi_information_theory",
        "normalized_exposure",
        "relative_diversity",
        "squared_coefficient_of_variation",
        "divergence",
        "shannon_diversity",
        "simpson_interaction",
        "simpson_concentration",
        "rank_order_information_theory",
        "rank_order_variance_ratio",
        "location_quotient",
        "local_entropy",
        "local_simpson_interaction",
        "local_simpson_concentration",
        "local_mutual_information",
    )
}


def _two_districts(counts: Any) -> list:
    rows = np.shape(counts)[0] if np.ndim(counts) else 1
    return [i % 2 for i in range(rows)]


TABLE["mutual_information_decomposition"] = lambda counts, **kw: (
    seg.mutual_information_decomposition(counts, _two_districts(counts), **kw)
)
LOCAL = {n for n in TABLE if n.startswith("local") or n == "location_quotient"}
RANK = {"rank_order_information_theory", "rank_order_variance_ratio"}


def _table_for(name: str) -> list:
    return RANKED if name in RANK else N


def test_every_public_function_is_covered() -> None:
    public = {n for n in seg.__all__ if n[0].islower()}
    assert public == set(TWO) | set(TABLE)


# --- methods.md 2.8 (outside values) -----------------------------------------------------------

TWO_GROUP_VALUES = [
    (seg.dissimilarity, {}, 0.3000000),
    (seg.gini_segregation, {}, 0.3464000),
    (seg.entropy_index, {}, 0.0705275),
    (seg.isolation, {}, 0.3434206),
    (seg.exposure, {}, 0.6565794),
    (seg.correlation_ratio, {}, 0.0807889),
    (seg.atkinson_segregation, {"b": 0.1}, 0.0225099),
    (seg.atkinson_segregation, {}, 0.1039256),
    (seg.atkinson_segregation, {"b": 0.9}, 0.1710714),
    (seg.self_excluded_separation, {}, 0.0682590),
    (seg.minmax, {}, 0.6 / 1.3),
    (seg.carrington_troske, {}, 0.2276089),
]


@pytest.mark.parametrize("func, kw, expected", TWO_GROUP_VALUES, ids=lambda v: getattr(v, "__name__", ""))
def test_methods_two_group(func: Callable[..., float], kw: dict, expected: float) -> None:
    assert func(X, T, **kw) == pytest.approx(expected, abs=5e-8)


def test_methods_exposure_of_the_other_group_and_symmetry() -> None:
    y = [t - x for x, t in zip(X, T)]
    assert seg.exposure(y, T) == pytest.approx(0.2626317, abs=5e-8)
    assert seg.isolation(y, T) == pytest.approx(0.7373683, abs=5e-8)
    assert 100 * seg.exposure(X, T) == pytest.approx(250 * seg.exposure(y, T), rel=1e-12)


def test_methods_small_unit_bias() -> None:
    e = seg.expected_under_random_allocation(X, T)
    assert e.dissimilarity == pytest.approx(0.0937234, abs=5e-8)
    assert e.entropy_index == pytest.approx(0.0096665, abs=5e-8)
    assert e.correlation_ratio == pytest.approx(4 / 349, rel=1e-14)
    assert (e.n_used, e.n_dropped, e.n_empty, e.flags) == (5, 0, 0, ())
    w = seg.winship_expected_dissimilarity(X, T)
    assert (w.exact, w.normal_approximation) == (
        pytest.approx(0.1049952, abs=5e-8),
        pytest.approx(0.1049995, abs=5e-8),
    )
    b = seg.bias_corrected_dissimilarity(X, T)
    assert b.observed == pytest.approx(0.3, abs=1e-12)
    assert b.expected_bootstrap == pytest.approx(0.3014619, abs=5e-8)
    assert b.value == pytest.approx(0.2985381, abs=5e-8)
    # city B: D_bc < 0, with a warning
    xb, tb = [20, 18, 25, 22, 15, 20], [70, 60, 75, 80, 55, 60]
    assert seg.dissimilarity(xb, tb) == pytest.approx(0.0535714, abs=5e-8)
    with pytest.warns(bildung.BildungWarning, match="negative_after_correction"):
        bb = seg.bias_corrected_dissimilarity(xb, tb)
    assert bb.value < 0 and bb.flags == ("negative_after_correction",)


def test_methods_published_package_check_m1() -> None:
    # segregation (R) test matrix m1: D = 0.6
    assert seg.dissimilarity([100, 60, 40, 0], [100, 100, 100, 100]) == pytest.approx(0.6)


MULTI_VALUES = [
    (seg.multi_dissimilarity, 0.2232143),
    (seg.multi_gini, 0.2894627),
    (seg.mutual_information, 0.0610267),
    (seg.divergence, 0.0610267),
    (seg.multi_information_theory, 0.0585882),
    (seg.normalized_exposure, 0.0698125),
    (seg.relative_diversity, 0.0665221),
    (seg.shannon_diversity, 1.0416207),  # E
    (seg.simpson_interaction, 0.6272),  # I
    (seg.simpson_concentration, 1 - 0.6272),
]


@pytest.mark.parametrize("func, expected", MULTI_VALUES, ids=lambda v: getattr(v, "__name__", ""))
def test_methods_multigroup(func: Callable[..., float], expected: float) -> None:
    assert func(N) == pytest.approx(expected, abs=5e-8)


def test_methods_g2_local_and_decomposition() -> None:
    assert 2 * 350 * seg.mutual_information(N) == pytest.approx(42.7187, abs=5e-5)
    ls = seg.local_mutual_information(N)
    assert ls.values.tolist() == pytest.approx(
        [0.026486, 0.018729, 0.204718, 0.066345, 0.029499], abs=5e-7
    )
    assert float(np.dot(ls.values, T) / 350) == pytest.approx(0.0610267, abs=5e-8)
    d = seg.mutual_information_decomposition(N, [1, 1, 2, 2, 2])
    assert d.m_between == pytest.approx(0.0009856, abs=5e-8)
    assert d.m_within == pytest.approx(0.0600411, abs=5e-8)
    assert d.h_between == pytest.approx(0.0009462, abs=5e-8)
    assert d.h_within == pytest.approx(0.0576420, abs=5e-8)
    assert d.m_between + d.m_within == pytest.approx(d.m_total, abs=1e-15)
    assert list(d.districts.index) == [1, 2]
    assert d.districts["n_areas"].tolist() == [2, 3]


def test_two_group_agrees_with_multigroup() -> None:
    two = np.column_stack([X, np.subtract(T, X)])
    assert seg.multi_dissimilarity(two) == pytest.approx(seg.dissimilarity(X, T), abs=1e-14)
    assert seg.multi_gini(two) == pytest.approx(seg.gini_segregation(X, T), abs=1e-14)
    assert seg.multi_information_theory(two) == pytest.approx(seg.entropy_index(X, T), abs=1e-14)
    assert seg.normalized_exposure(two) == pytest.approx(seg.correlation_ratio(X, T), abs=1e-14)


def test_concentration_profile_and_rank_order() -> None:
    c = seg.concentration_profile(X, T)
    assert c.value == pytest.approx(0.171688, abs=1e-12)  # PySAL ConProf
    assert len(c) == 1000 and c.shares[0] == 1.0 and c.thresholds[-1] == 1.0
    assert seg.concentration_profile(X, T, points=2).value == pytest.approx(-0.3, abs=1e-12)
    r = seg.rank_order_information_theory(RANKED)
    assert r.value == pytest.approx(0.1187557, abs=5e-8)
    assert (len(r.thresholds), len(r.profile), r.degree, len(r.coefficients)) == (5, 5, 4, 5)
    assert seg.rank_order_variance_ratio(RANKED).value == pytest.approx(0.1385263, abs=5e-8)


# --- input kinds ------------------------------------------------------------------------------

def test_dtypes_strides_and_no_copy_agree() -> None:
    base = np.array(N)
    expected = seg.multi_gini(base)
    wide = np.zeros((10, 6))
    wide[::2, ::2] = base
    view = wide[::2, ::2]  # strided, not contiguous
    assert not view.flags.c_contiguous
    assert seg.multi_gini(view) == expected
    assert seg.multi_gini(np.asfortranarray(base)) == expected
    assert seg.multi_gini(base.astype(np.int32)) == expected
    assert seg.multi_gini(base[::-1]) == pytest.approx(expected, abs=1e-15)
    assert seg.dissimilarity(np.array(X, dtype=np.int64), np.array(T, dtype=np.float32)) == 0.3
    assert seg.dissimilarity(np.array(X)[::-1], np.array(T)[::-1]) == pytest.approx(0.3)


def test_float64_table_is_not_copied() -> None:
    from bildung._convert import as_table

    view = np.zeros((10, 6))[::2, ::2]
    assert as_table(view, "counts") is view


def test_series_and_dataframe_input() -> None:
    x, t = pd.Series(X, index=AREAS), pd.Series(T, index=AREAS)
    assert seg.dissimilarity(x, t) == pytest.approx(0.3)
    assert seg.dissimilarity(x.astype("Int64"), t.astype("Float64")) == pytest.approx(0.3)
    df = pd.DataFrame(N, index=AREAS, columns=["deutsch", "EU", "andere"])
    assert seg.multi_dissimilarity(df) == pytest.approx(0.2232143, abs=5e-8)
    mixed = df.astype({"deutsch": "Int64", "EU": "int32", "andere": "Float64"})
    assert seg.multi_dissimilarity(mixed) == pytest.approx(0.2232143, abs=5e-8)
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        seg.dissimilarity(x, t.set_axis(AREAS[::-1]))


def test_nullable_na_is_missing() -> None:
    df = pd.DataFrame(N, index=AREAS).astype("Int64")
    df.iloc[2, 1] = pd.NA
    with pytest.raises(bildung.MissingValueError):
        seg.mutual_information(df)
    assert seg.mutual_information(df, nan_policy="omit") == pytest.approx(
        seg.mutual_information(np.delete(np.array(N), 2, axis=0))
    )


@pytest.mark.parametrize("name", sorted(LOCAL))
def test_local_dataframe_in_dataframe_out(name: str) -> None:
    df = pd.DataFrame(N, index=AREAS, columns=["deutsch", "EU", "andere"])
    df.iloc[1, 0] = np.nan
    out = TABLE[name](df, nan_policy="propagate")
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(df.index)
    if name == "location_quotient":
        assert list(out.columns) == ["deutsch", "EU", "andere", "status"]
    else:
        assert list(out.columns) == [name, "status"]
    assert out["status"].tolist() == ["ok", "missing", "ok", "ok", "ok"]
    assert out.drop(columns="status").loc["Nord"].isna().all()
    assert out.attrs["n_used"] == 4 and out.attrs["n_dropped"] == 1
    # plain input: a LocalResult with the same numbers
    plain = TABLE[name](df.to_numpy(), nan_policy="propagate")
    assert isinstance(plain, seg.LocalResult)
    np.testing.assert_array_equal(
        plain.values, out.drop(columns="status").to_numpy().reshape(plain.values.shape)
    )
    assert plain.status.tolist() == out["status"].tolist()
    frame = plain.to_pandas()
    assert list(frame.columns)[-1] == "status" and len(frame) == 5
    assert "LocalResult(" in repr(plain) and "<table>" in plain._repr_html_()
    assert json.dumps(plain.to_dict(), allow_nan=True)


def test_local_empty_area_status() -> None:
    e = seg.local_entropy([[10, 10, 0], [0, 0, 0], [5, 5, 5]])
    assert e.status.tolist() == ["ok", "empty", "ok"]
    assert math.isnan(e.values[1]) and e.n_empty == 1


def test_decomposition_labels_and_dataframe() -> None:
    df = pd.DataFrame(N, index=AREAS)
    bezirk = pd.Series(["Nord", "Nord", None, "Süd", "Süd"], index=AREAS, name="Bezirk")
    with pytest.raises(bildung.MissingValueError, match="districts"):
        seg.mutual_information_decomposition(df, bezirk)
    d = seg.mutual_information_decomposition(df, bezirk, nan_policy="omit")
    assert d.n_dropped == 1
    assert list(d.districts.index) == ["Nord", "Süd"] and d.districts.index.name == "Bezirk"
    assert d.to_dict()["districts"]["district"] == ["Nord", "Süd"]
    assert "MutualInformationDecomposition(" in repr(d) and "<table>" in d._repr_html_()
    assert list(d.to_pandas().columns[:3]) == ["m_total", "m_between", "m_within"]
    cat = pd.Categorical(["b", "b", "a", "a", "a"], categories=["b", "a"])
    assert list(seg.mutual_information_decomposition(N, cat).districts.index) == ["b", "a"]
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        seg.mutual_information_decomposition(df, bezirk.set_axis(AREAS[::-1]))
    with pytest.raises(bildung.ShapeError):
        seg.mutual_information_decomposition(N, ["a", "b"])


def test_result_objects() -> None:
    for r in (
        seg.concentration_profile(X, T, points=30),
        seg.expected_under_random_allocation(X, T),
        seg.winship_expected_dissimilarity(X, T),
        seg.bias_corrected_dissimilarity(X, T),
        seg.rank_order_information_theory(RANKED),
    ):
        text = repr(r)
        assert text.startswith(type(r).__name__ + "(")
        assert "<table>" in r._repr_html_()
        d = r.to_dict()
        json.dumps(d)
        assert d["n_used"] == 5 and d["flags"] == []
        assert isinstance(r.to_pandas(), pd.DataFrame)
    c = seg.concentration_profile(X, T, points=30)
    assert list(c.to_pandas().columns) == ["threshold", "share"]
    with pytest.raises(ValueError):
        c.shares[0] = 2.0  # read-only


# --- bad input for every function -------------------------------------------------------------

def _two(name: str, x: Any, t: Any, **kw: Any) -> Any:
    return TWO[name](x, t, **kw)


@pytest.mark.parametrize("name", sorted(TWO))
def test_two_group_nan_policies(name: str) -> None:
    x, t = [12.0, 30.0, math.nan, 40.0, 13.0, 4.0], [60.0, 80.0, 50.0, 90.0, 70.0, 20.0]
    with pytest.raises(bildung.MissingValueError, match=r"x\[2\]") as info:
        _two(name, x, t)
    assert info.value.index == 2
    with pytest.raises(bildung.MissingValueError, match=r"t\[1\]"):
        _two(name, [1.0, 2.0, 3.0], [5.0, math.nan, 5.0])
    omitted = _headline(_two(name, x, t, nan_policy="omit"))
    expected = _headline(_two(name, [12.0, 30.0, 40.0, 13.0, 4.0], [60.0, 80.0, 90.0, 70.0, 20.0]))
    assert omitted == expected
    assert math.isnan(_headline(_two(name, x, t, nan_policy="propagate")))
    with pytest.raises(bildung.ParameterError):
        _two(name, X, T, nan_policy="drop")
    with pytest.raises(TypeError, match="nan_policy"):
        _two(name, X, T, nan_policy=1)


@pytest.mark.parametrize("name", sorted(TWO))
def test_two_group_invalid_counts(name: str) -> None:
    with pytest.raises(bildung.NonFiniteError, match=r"x\[1\]"):
        _two(name, [1.0, math.inf, 3.0], [5.0, 5.0, 5.0])
    with pytest.raises(bildung.InvalidCountError, match=r"t\[0\]"):
        _two(name, [0.0, 1.0], [-1.0, 5.0])
    with pytest.raises(bildung.InvalidCountError, match=r"x\[1\]") as info:
        _two(name, [1.0, 6.0, 3.0], [5.0, 5.0, 5.0])  # x > t
    assert isinstance(info.value, ValueError) and info.value.index == 1
    with pytest.raises(bildung.ShapeError, match="length"):
        _two(name, [1.0, 2.0], [5.0, 5.0, 5.0])
    with pytest.raises(bildung.EmptyInputError):
        _two(name, [], [])
    with pytest.raises(bildung.UndefinedError):
        _two(name, [0.0, 0.0], [5.0, 5.0])  # empty focal group
    with pytest.raises(bildung.UndefinedError):
        _two(name, [5.0, 5.0], [5.0, 5.0])  # empty other group
    with pytest.raises(TypeError, match="x must hold real numbers"):
        _two(name, ["a", "b"], [5.0, 5.0])
    with pytest.raises(TypeError, match="t must"):
        _two(name, [1.0, 2.0], "55")
    with pytest.raises(bildung.ShapeError):
        _two(name, np.ones((2, 2)), np.ones((2, 2)))


@pytest.mark.parametrize("name", sorted(TWO))
def test_two_group_error_names_the_pandas_label(name: str) -> None:
    x = pd.Series([1.0, 2.0, -3.0], index=["08111", "08115", "08116"])
    t = pd.Series([5.0, 5.0, 5.0], index=x.index)
    with pytest.raises(bildung.InvalidCountError, match="'08116'") as info:
        _two(name, x, t)
    assert info.value.label == "08116"


def test_two_group_parameters() -> None:
    for b in (0.0, 1.0, math.nan, 2.0):
        with pytest.raises(bildung.ParameterError):
            seg.atkinson_segregation(X, T, b=b)
    with pytest.raises(TypeError):
        seg.atkinson_segregation(X, T, b="0.5")  # type: ignore[arg-type]
    with pytest.raises(bildung.ParameterError):
        seg.carrington_troske(X, T, index="gini")
    for points in (1, -5, 10**8):
        with pytest.raises(bildung.ParameterError, match="points"):
            seg.concentration_profile(X, T, points=points)
    for points_bad in (10.0, True, "10"):
        with pytest.raises(TypeError, match="points"):
            seg.concentration_profile(X, T, points=points_bad)  # type: ignore[arg-type]
    for name in ("expected_under_random_allocation", "carrington_troske"):
        with pytest.raises(bildung.InvalidCountError):
            _two(name, [1.5, 2.0], [5.0, 5.0])  # not integral


def _call_table(name: str, counts: Any, **kw: Any) -> Any:
    return TABLE[name](counts, **kw)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_table_nan_policies(name: str) -> None:
    counts = np.array(_table_for(name))
    bad = counts.copy()
    bad[2, 1] = np.nan
    ncols = counts.shape[1]
    with pytest.raises(bildung.MissingValueError, match=rf"counts\[{2 * ncols + 1}\]"):
        _call_table(name, bad)
    omit = _call_table(name, bad, nan_policy="omit")
    prop = _call_table(name, bad, nan_policy="propagate")
    if name in LOCAL:
        # local values: only the missing area is NaN, the others are computed (same as omit)
        assert prop.status[2] == "missing" and omit.status[2] == "missing"
        np.testing.assert_array_equal(prop.values, omit.values)
        assert np.isnan(prop.values[2]).all() and not np.isnan(prop.values[0]).any()
    else:
        assert math.isnan(_headline(prop))
        if name != "mutual_information_decomposition":
            assert _headline(omit) == _headline(_call_table(name, np.delete(counts, 2, axis=0)))
    with pytest.raises(bildung.ParameterError):
        _call_table(name, counts, nan_policy="ignore")


@pytest.mark.parametrize("name", sorted(TABLE))
def test_table_invalid_input(name: str) -> None:
    counts = np.array(_table_for(name))
    ncols = counts.shape[1]
    inf = counts.copy()
    inf[1, 2] = np.inf
    with pytest.raises(bildung.NonFiniteError, match=rf"counts\[{ncols + 2}\]"):
        _call_table(name, inf)
    neg = counts.copy()
    neg[3, 0] = -1
    with pytest.raises(bildung.InvalidCountError, match=rf"counts\[{3 * ncols}\]"):
        _call_table(name, neg)
    with pytest.raises(bildung.EmptyInputError):
        _call_table(name, np.zeros((0, ncols)))
    with pytest.raises(bildung.UndefinedError):
        _call_table(name, np.zeros((3, ncols)))  # no area with population
    with pytest.raises(bildung.ShapeError, match="two-dimensional"):
        _call_table(name, np.ones(5))  # 1-D where a table is needed
    with pytest.raises(bildung.ShapeError, match="two-dimensional"):
        _call_table(name, pd.Series([1.0, 2.0]))
    with pytest.raises(bildung.ShapeError):
        _call_table(name, np.ones((2, 2, 2)))
    with pytest.raises(TypeError, match="real numbers"):
        _call_table(name, np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(TypeError, match="real numbers"):
        _call_table(name, pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}))
    with pytest.raises(TypeError, match="table"):
        _call_table(name, 5)
    with pytest.raises(TypeError, match="real numbers"):
        _call_table(name, [[1, "2"], [3, 4]])


@pytest.mark.parametrize(
    "name", sorted(n for n in TABLE if n not in {"shannon_diversity", "simpson_concentration", "simpson_interaction", "location_quotient", "local_entropy", "local_simpson_interaction", "local_simpson_concentration"})
)
def test_table_needs_two_groups(name: str) -> None:
    one_group = np.array([[5.0, 0.0], [7.0, 0.0], [3.0, 0.0]])
    with pytest.raises(bildung.UndefinedError):
        _call_table(name, one_group)


def test_table_error_names_row_and_column_labels() -> None:
    df = pd.DataFrame(N, index=AREAS, columns=["deutsch", "EU", "andere"])
    df.iloc[3, 1] = -2
    with pytest.raises(bildung.InvalidCountError, match="row 'Süd', column 'EU'") as info:
        seg.multi_gini(df)
    assert info.value.label == ("Süd", "EU")


def test_empty_group_warns_and_single_area() -> None:
    counts = np.column_stack([np.array(N), np.zeros(5)])
    with pytest.warns(bildung.BildungWarning, match="empty_groups"):
        assert seg.multi_dissimilarity(counts) == pytest.approx(seg.multi_dissimilarity(N))
    with pytest.warns(bildung.BildungWarning, match="single_area"):
        assert seg.dissimilarity([3.0], [10.0]) == 0.0


def test_boolean_options_are_checked() -> None:
    assert seg.shannon_diversity(N, normalized=True) == pytest.approx(1.0416207 / math.log(3))
    with pytest.raises(TypeError, match="normalized"):
        seg.shannon_diversity(N, normalized="yes")  # type: ignore[arg-type]
    with pytest.raises(bildung.UndefinedError):
        seg.local_entropy([[1.0], [2.0]], normalized=True)


# --- GIL ---------------------------------------------------------------------------------------

def test_threads_compute_in_parallel_and_agree() -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 400, size=(60_000, 8)).astype(np.float64)[:, ::2]  # strided
    t = rng.integers(1, 500, size=300).astype(np.float64)
    x = np.floor(t * rng.uniform(0.05, 0.6, size=t.size))
    serial = (seg.multi_gini(counts), seg.mutual_information(counts), seg.expected_under_random_allocation(x, t).entropy_index)
    start = threading.Barrier(4)

    def work(_: int) -> tuple:
        start.wait()
        return (
            seg.multi_gini(counts),
            seg.mutual_information(counts),
            seg.expected_under_random_allocation(x, t).entropy_index,
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(r == serial for r in pool.map(work, range(4)))


def test_gil_is_released_during_the_core_call() -> None:
    """A pure-Python thread keeps running while another thread is inside the core."""
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 100, size=(100_000, 6)).astype(np.float64)
    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        before = ticks
        seg.multi_gini(counts)
        during = ticks - before
    finally:
        done.set()
        thread.join()
    assert during > 0
