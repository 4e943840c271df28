"""bildung.rates: pandas in and out, result objects, bad input in every function, properties.

Reference values are in the golden file (test_golden_rates.py); here the values are checked
against hand formulas written out below, or against each other.
"""

from __future__ import annotations

import json
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import rates

X = [3, 0, 81, 15]
N = [20, 20, 263, 148]
TABLE_X = [[4, 10, 6], [1, 0, 2], [0, 0, 0]]
TABLE_N = [[300, 500, 200], [50, 60, 40], [10, 20, 30]]
STANDARD = [1000, 1500, 500]
REFERENCE = [0.010, 0.018, 0.035]

#: Every public function, called on small valid per-area input given as (events, population).
CALLS: Dict[str, Callable[..., Any]] = {
    "proportion_ci": lambda x, n, **kw: rates.proportion_ci(x, n, **kw),
    "poisson_ci": lambda x, n, **kw: rates.poisson_ci(x, n, **kw),
    "proportion_difference_ci": lambda x, n, **kw: rates.proportion_difference_ci(
        x, n, x, n, **kw
    ),
    "proportion_difference_versus_rest": lambda x, n, **kw: (
        rates.proportion_difference_versus_rest(x, n, **kw)
    ),
}
TABLE_CALLS: Dict[str, Callable[..., Any]] = {
    "direct_standardised_rate": lambda x, n, **kw: rates.direct_standardised_rate(
        x, n, STANDARD, **kw
    ),
    "indirect_standardised_ratio": lambda x, n, **kw: rates.indirect_standardised_ratio(
        x, n, REFERENCE, **kw
    ),
}


def wilson(x: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson limits written out (methods.md 3.1)."""
    centre = (x + z * z / 2) / (n + z * z)
    half = z * math.sqrt(n) / (n + z * z) * math.sqrt(x / n * (1 - x / n) + z * z / (4 * n))
    return centre - half, centre + half


def test_every_public_function_is_tested_here() -> None:
    functions = {n for n in rates.__all__ if not n[0].isupper()}
    assert functions == set(CALLS) | set(TABLE_CALLS)


def test_wilson_matches_the_written_out_formula() -> None:
    ci = rates.proportion_ci(X, N)
    for i, (x, n) in enumerate(zip(X, N)):
        lo, hi = wilson(x, n)
        assert ci.lower[i] == pytest.approx(max(lo, 0.0), abs=1e-14)
        assert ci.upper[i] == pytest.approx(hi, rel=1e-13)
        assert ci.estimate[i] == x / n


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "agresti_coull", "jeffreys", "wald"])
def test_limits_nest_by_level_and_stay_in_unit_interval(method: str) -> None:
    x = np.arange(0, 41, dtype=float)
    n = np.full_like(x, 40.0)
    narrow = rates.proportion_ci(x, n, method=method, level=0.8)
    wide = rates.proportion_ci(x, n, method=method, level=0.99)
    assert np.all(wide.lower <= narrow.lower) and np.all(narrow.upper <= wide.upper)
    assert np.all((wide.lower >= 0) & (wide.upper <= 1))


def test_series_in_dataframe_out_with_the_same_index() -> None:
    idx = pd.Index(["Altstadt", "Nord", "Hafen", "Süd"], name="Ortsteil")
    x = pd.Series(X, index=idx)
    n = pd.Series(N, index=idx, dtype="Int64")
    ci = rates.proportion_ci(x, n, method="jeffreys")
    df = ci.to_pandas()
    assert df.index.equals(idx)
    assert list(df.columns) == ["estimate", "lower", "upper", "clamped", "status"]
    assert list(df["status"].cat.categories) == ["ok", "missing", "empty", "undefined"]
    assert df.attrs["method"] == "jeffreys" and df.attrs["level"] == 0.95
    assert df.loc["Nord", "lower"] == 0.0  # Jeffreys with the boundary fix
    arrays = rates.proportion_ci(np.array(X), np.array(N)).to_pandas()
    assert isinstance(arrays.index, pd.RangeIndex)


def test_nullable_na_is_missing_and_named() -> None:
    x = pd.Series([3, pd.NA, 5], index=["a", "b", "c"], dtype="Int64")
    n = pd.Series([10, 10, 10], index=x.index)
    with pytest.raises(bildung.MissingValueError) as info:
        rates.proportion_ci(x, n)
    assert "'b'" in str(info.value) and info.value.label == "b"
    omit = rates.proportion_ci(x, n, nan_policy="omit")
    assert omit.status.tolist() == ["ok", "missing", "ok"] and omit.flags == ()
    prop = rates.proportion_ci(x, n, nan_policy="propagate")
    assert math.isnan(prop.estimate[1]) and prop.flags == ("missing_propagated",)
    assert prop.n_used == 2 and prop.n_dropped == 1


def test_errors_name_the_pandas_label() -> None:
    x = pd.Series([3, 12, 5], index=["a", "b", "c"])
    n = pd.Series([10, 10, 10], index=x.index)
    with pytest.raises(bildung.InvalidCountError) as info:
        rates.proportion_ci(x, n)
    assert "events[1]" in str(info.value) and "'b'" in str(info.value)
    frac = pd.Series([1.0, 2.5], index=["p", "q"])
    with pytest.raises(bildung.InvalidCountError, match="'q'"):
        rates.poisson_ci(frac)
    with pytest.raises(bildung.NegativeValueError, match="exposure.*'q'"):
        rates.poisson_ci(pd.Series([1, 2], index=["p", "q"]), pd.Series([5, -1], index=["p", "q"]))
    ex = pd.DataFrame(TABLE_X, index=["A", "B", "C"], columns=["6-9", "10-15", "16-18"])
    po = pd.DataFrame(TABLE_N, index=ex.index, columns=ex.columns)
    bad = ex.astype(float)
    bad.loc["B", "10-15"] = 1.5
    with pytest.raises(bildung.InvalidCountError) as info:
        rates.direct_standardised_rate(bad, po, STANDARD)
    assert info.value.label == ("B", "10-15")
    assert "row 'B', column '10-15'" in str(info.value)


def test_unaligned_pandas_inputs_are_shape_errors() -> None:
    x = pd.Series([1, 2], index=["a", "b"])
    n = pd.Series([5, 5], index=["b", "a"])
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        rates.proportion_ci(x, n)
    ex = pd.DataFrame(TABLE_X, columns=["a", "b", "c"])
    po = pd.DataFrame(TABLE_N, columns=["a", "c", "b"])
    with pytest.raises(bildung.ShapeError, match="different columns"):
        rates.direct_standardised_rate(ex, po, STANDARD)
    po = pd.DataFrame(TABLE_N, columns=ex.columns)
    std = pd.Series(STANDARD, index=["c", "b", "a"])
    with pytest.raises(bildung.ShapeError, match="standard_population"):
        rates.direct_standardised_rate(ex, po, std)
    aligned = rates.direct_standardised_rate(ex, po, std.reindex(ex.columns))
    plain = rates.direct_standardised_rate(TABLE_X, TABLE_N, [500, 1500, 1000])
    np.testing.assert_array_equal(aligned.estimate, plain.estimate)


def test_dataframe_tables_keep_the_area_index() -> None:
    idx = pd.Index(["A", "B", "C"], name="Kreis")
    ex = pd.DataFrame(TABLE_X, index=idx)
    po = pd.DataFrame(TABLE_N, index=idx)
    df = rates.direct_standardised_rate(ex, po, STANDARD, multiplier=1000).to_pandas()
    assert df.index.equals(idx)
    assert df.loc["A", "estimate"] == pytest.approx(19.444444, rel=1e-6)
    assert df.loc["C", "status"] == "undefined"  # Dobson without events
    assert df.loc["C", "estimate"] == 0.0 and bool(df.loc["C", "few_events"])
    smr = rates.indirect_standardised_ratio(ex, po, REFERENCE).to_pandas()
    assert smr.index.equals(idx)
    assert list(smr.columns) == ["smr", "lower", "upper", "observed", "expected", "clamped",
                                 "status"]
    assert smr.attrs["reference_crude_rate"] is None


def test_dsr_hand_calculation() -> None:
    # area B: x = (1, 0, 2), n = (50, 60, 40), w = (1/3, 1/2, 1/6)
    w = np.array(STANDARD) / sum(STANDARD)
    x, n = np.array(TABLE_X[1], float), np.array(TABLE_N[1], float)
    dsr = float(np.sum(w * x / n))
    var = float(np.sum(w**2 * x / n**2))
    r = rates.direct_standardised_rate(TABLE_X, TABLE_N, STANDARD, method="fay_feuer")
    assert r.estimate[1] == pytest.approx(dsr, rel=1e-14)
    assert r.standard_error[1] == pytest.approx(math.sqrt(var), rel=1e-14)
    assert r.crude_rate[1] == pytest.approx(3 / 150, rel=1e-14)
    assert r.observed[1] == 3 and r.few_events[1]
    assert r.status.tolist() == ["ok", "ok", "ok"]  # Fay-Feuer exists for O = 0
    assert r.lower[2] == 0.0 and r.upper[2] > 0.0


def test_versus_rest_equals_the_two_sample_difference() -> None:
    x = np.array([12, 3, 0, 25], float)
    n = np.array([60, 40, 15, 90], float)
    vr = rates.proportion_difference_versus_rest(x, n, level=0.9)
    two = rates.proportion_difference_ci(x, n, x.sum() - x, n.sum() - n, level=0.9)
    np.testing.assert_array_equal(vr.lower, two.lower)
    np.testing.assert_array_equal(vr.upper, two.upper)


def test_poisson_rates_scale_with_multiplier_and_exposure() -> None:
    x = [0, 5, 20]
    e = [100.0, 2400.0, 1e4]
    per_person = rates.poisson_ci(x, e)
    per_1000 = rates.poisson_ci(x, e, multiplier=1000)
    np.testing.assert_allclose(per_1000.upper, per_person.upper * 1000, rtol=1e-14)
    counts = rates.poisson_ci(x)
    np.testing.assert_allclose(per_person.lower, counts.lower / np.array(e), rtol=1e-14)
    byar = rates.poisson_ci([1, 50], method="byar", level=0.999)
    assert byar.clamped.tolist() == [True, False] and "clamped" in byar.flags


def test_result_objects_repr_html_dict() -> None:
    idx = pd.Index([f"Ortsteil {i}" for i in range(25)])
    x = pd.Series(np.arange(25) % 7, index=idx)
    n = pd.Series(np.full(25, 30), index=idx)
    ci = rates.proportion_ci(x, n, method="agresti_coull")
    text = repr(ci)
    assert text.startswith("RateIntervals(method='agresti_coull', level=0.95, areas=25")
    assert "Ortsteil 0" in text and "... and 17 more areas" in text
    html = ci._repr_html_()
    assert html.startswith("<table>") and "… 5 more areas" in html
    d = ci.to_dict()
    json.dumps(d)  # plain values
    assert d["index"][0] == "Ortsteil 0" and d["method"] == "agresti_coull"
    assert len(ci) == 25
    with pytest.raises(ValueError):
        ci.lower[0] = 1.0  # read-only
    smr = rates.indirect_standardised_ratio(
        TABLE_X, TABLE_N, REFERENCE, reference_population=STANDARD, multiplier=1000
    )
    assert "reference_crude_rate=18.1667" in repr(smr)
    assert smr.to_dict()["reference_crude_rate"] == pytest.approx(18.1667, abs=1e-4)
    assert smr.to_pandas().attrs["reference_crude_rate"] == pytest.approx(18.1667, abs=1e-4)
    assert "<table>" in rates.direct_standardised_rate(TABLE_X, TABLE_N, STANDARD)._repr_html_()


# --- bad input, every function -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_per_area_input(name: str) -> None:
    f = CALLS[name]
    with pytest.raises(bildung.MissingValueError):
        f([1.0, math.nan], [5.0, 5.0])
    for policy in ("raise", "omit", "propagate"):
        with pytest.raises(bildung.NonFiniteError):
            f([1.0, math.inf], [5.0, 5.0], nan_policy=policy)
    with pytest.raises(bildung.InvalidCountError):
        f([-1.0], [5.0])
    with pytest.raises(bildung.InvalidCountError):
        f([1.5], [5.0])
    with pytest.raises(bildung.ShapeError):
        f([1.0, 2.0], [5.0])
    with pytest.raises(bildung.EmptyInputError):
        f([], [])
    with pytest.raises(bildung.ShapeError):
        f([[1.0]], [[5.0]])
    with pytest.raises(TypeError, match="events"):
        f(["a"], [5.0])
    with pytest.raises(TypeError):
        f("12", [5.0])
    for level in (0.0, 1.0, 95.0, math.nan):
        with pytest.raises(bildung.ParameterError, match="level"):
            f([1.0], [5.0], level=level)
    with pytest.raises(TypeError, match="level"):
        f([1.0], [5.0], level="0.95")
    with pytest.raises(bildung.ParameterError, match="nan_policy"):
        f([1.0], [5.0], nan_policy="ignore")
    empty = f([0.0, 1.0], [0.0, 5.0], nan_policy="omit")
    assert empty.status[0] == "empty" and math.isnan(empty.estimate[0])


def test_proportion_specific_errors() -> None:
    with pytest.raises(bildung.InvalidCountError, match="above the population"):
        rates.proportion_ci([6], [5])
    with pytest.raises(bildung.InvalidCountError):
        rates.proportion_ci([1], [5.5])
    with pytest.raises(bildung.ParameterError, match="method"):
        rates.proportion_ci([1], [5], method="exact")
    with pytest.raises(TypeError, match="method"):
        rates.proportion_ci([1], [5], method=1)
    with pytest.raises(bildung.ParameterError, match="method"):
        rates.poisson_ci([1], method="wilson")
    with pytest.raises(bildung.ParameterError, match="multiplier"):
        rates.poisson_ci([1], multiplier=-1)
    with pytest.raises(bildung.InvalidCountError, match="exposure 0"):
        rates.poisson_ci([1], [0])


@pytest.mark.parametrize("name", sorted(TABLE_CALLS))
def test_bad_table_input(name: str) -> None:
    f = TABLE_CALLS[name]
    nan_x = [[1.0, math.nan, 0.0]]
    with pytest.raises(bildung.MissingValueError):
        f(nan_x, [[5.0, 5.0, 5.0]])
    omitted = f(nan_x + [[1.0, 1.0, 1.0]], [[5.0, 5.0, 5.0]] * 2, nan_policy="omit")
    assert omitted.status.tolist() == ["missing", "ok"]
    with pytest.raises(bildung.NonFiniteError):
        f([[1.0, 0.0, 0.0]], [[math.inf, 5.0, 5.0]], nan_policy="omit")
    with pytest.raises(bildung.InvalidCountError):
        f([[-1.0, 0.0, 0.0]], [[5.0, 5.0, 5.0]])
    with pytest.raises(bildung.InvalidCountError):
        f([[0.5, 0.0, 0.0]], [[5.0, 5.0, 5.0]])
    with pytest.raises(bildung.InvalidCountError, match="population 0"):
        f([[1.0, 0.0, 0.0]], [[0.0, 5.0, 5.0]])
    with pytest.raises(bildung.NegativeValueError):
        f([[1.0, 0.0, 0.0]], [[5.0, -5.0, 5.0]])
    with pytest.raises(bildung.ShapeError):
        f([[1.0, 0.0, 0.0]], [[5.0, 5.0]])
    with pytest.raises(bildung.ShapeError):
        f([[1.0, 0.0]], [[5.0, 5.0]])  # two strata, three standard values
    with pytest.raises(bildung.ShapeError):
        f([1.0, 0.0, 0.0], [5.0, 5.0, 5.0])  # not a table
    with pytest.raises(bildung.EmptyInputError):
        f(np.zeros((0, 3)), np.zeros((0, 3)))
    with pytest.raises(TypeError):
        f("table", [[5.0, 5.0, 5.0]])
    with pytest.raises(bildung.ParameterError):
        f([[1.0, 0.0, 0.0]], [[5.0, 5.0, 5.0]], level=1.5)
    with pytest.raises(bildung.ParameterError):
        f([[1.0, 0.0, 0.0]], [[5.0, 5.0, 5.0]], method="wilson")
    empty = f([[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]])
    assert empty.status.tolist() == ["empty"]


def test_standardisation_specific_errors() -> None:
    with pytest.raises(bildung.UndefinedError, match="sums to 0"):
        rates.direct_standardised_rate(TABLE_X, TABLE_N, [0, 0, 0])
    with pytest.raises(bildung.MissingValueError, match="standard_population"):
        rates.direct_standardised_rate(TABLE_X, TABLE_N, [1, math.nan, 1], nan_policy="omit")
    with pytest.raises(bildung.ParameterError, match="min_events"):
        rates.direct_standardised_rate(TABLE_X, TABLE_N, STANDARD, min_events=-1)
    with pytest.raises(bildung.NegativeValueError, match="reference_rates"):
        rates.indirect_standardised_ratio(TABLE_X, TABLE_N, [0.1, -0.1, 0.1])
    with pytest.raises(bildung.ShapeError, match="reference_population"):
        rates.indirect_standardised_ratio(TABLE_X, TABLE_N, REFERENCE, reference_population=[1])
    with pytest.raises(bildung.UndefinedError):
        rates.indirect_standardised_ratio(
            TABLE_X, TABLE_N, REFERENCE, reference_population=[0, 0, 0]
        )
    r = rates.indirect_standardised_ratio([[1, 0, 0]], [[10, 0, 0]], [0.0, 0.1, 0.1])
    assert r.status.tolist() == ["undefined"] and r.expected[0] == 0.0


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        rates.proportion_ci([1], [5], "wilson")  # type: ignore[misc]
    with pytest.raises(TypeError):
        rates.direct_standardised_rate(TABLE_X, TABLE_N, STANDARD, "dobson")  # type: ignore[misc]


def test_strided_views_and_threads() -> None:
    rng = np.random.default_rng(20240101)
    n = rng.integers(20, 5000, size=40_000).astype(np.float64)
    x = rng.binomial(n.astype(np.int64), 0.08).astype(np.float64)
    xv, nv = x[::-2], n[::-2]  # strided views are used as they are
    expected = rates.proportion_ci(xv, nv, method="clopper_pearson")
    assert np.array_equal(expected.lower, rates.proportion_ci(
        np.ascontiguousarray(xv), np.ascontiguousarray(nv), method="clopper_pearson").lower)
    start = threading.Barrier(3)

    def work(_: int) -> np.ndarray:
        start.wait()
        return rates.proportion_ci(xv, nv, method="clopper_pearson").upper

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert all(np.array_equal(u, expected.upper) for u in pool.map(work, range(3)))
