"""bildung.smallarea: pandas in and out, neighbours by label, result objects, warnings, and bad
input (typed errors naming the pandas label or covariate, never a crash or a silent value).

Numbers checked here come from methods.md 3.5 / 3.6 (printed values) or from hand calculations
written out below; the full reference cases are in test_golden_smallarea.py.
"""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import smallarea as sa

ROOT = Path(__file__).resolve().parents[2]
MILK = ROOT / "tests" / "golden" / "data" / "expenditure_on_milk.csv"

X = [3, 6, 9, 12, 7, 15, 0, 4]
N = [12, 45, 80, 150, 30, 220, 8, 60]
NAMES = ["Altstadt", "Hafen", "Nord", "Süd", "Ost", "West", "Au", "Berg"]
LOCAL = [0.1579, 0.1314, 0.0982, 0.0914, 0.1286, 0.0709, 0.0660, 0.0588]


def series(values, name=None):
    return pd.Series(values, index=NAMES, name=name)


def chain_by_label():
    return {a: [NAMES[j] for j in (i - 1, i + 1) if 0 <= j < 8] for i, a in enumerate(NAMES)}


def milk():
    df = pd.read_csv(MILK)
    df["psi"] = df["std_error"] ** 2
    for g in (2, 3, 4):
        df[f"major{g}"] = (df["major_area"] == g).astype(float)
    return df.set_index("small_area")


# --- Marshall ----------------------------------------------------------------------------------


def test_marshall_pandas_in_and_out():
    eb = sa.marshall_eb(series(X), series(N))
    frame = eb.to_pandas()
    assert list(frame.index) == NAMES
    assert list(frame.columns) == [
        "estimate",
        "rate",
        "shrinkage",
        "prior_mean",
        "prior_variance",
        "status",
    ]
    assert frame["status"].dtype == "category"
    assert frame.attrs["between_variance"] == pytest.approx(0.00086159, abs=5e-9)
    assert frame.loc["Nord", "shrinkage"] == pytest.approx(0.4268, abs=5e-5)
    # arrays: a RangeIndex
    assert list(sa.marshall_eb(X, N).to_pandas().index) == list(range(8))


def test_marshall_local_neighbours_by_label_position_and_equivalence():
    by_label = sa.marshall_eb(series(X), series(N), neighbours=chain_by_label())
    assert by_label.local
    np.testing.assert_allclose(by_label.estimate, LOCAL, atol=5e-5)
    positions = [[j for j in (i - 1, i + 1) if 0 <= j < 8] for i in range(8)]
    by_pos = sa.marshall_eb(X, N, neighbours=positions)
    np.testing.assert_array_equal(by_label.estimate, by_pos.estimate)
    # dict by position for arrays; areas left out have no neighbours (their own rate)
    with pytest.warns(bildung.BildungWarning, match="no_between_variance"):
        partial = sa.marshall_eb(X, N, neighbours={0: [1]})
    assert partial.estimate[7] == pytest.approx(4 / 60)
    # numpy integers and tuples work as positions
    np.testing.assert_array_equal(
        sa.marshall_eb(X, N, neighbours=[tuple(np.array(p, dtype=np.int64)) for p in positions]).estimate,
        by_pos.estimate,
    )


def test_marshall_no_data_and_missing_areas():
    x = series([3, 6, 0, float("nan"), 7, 15, 0, 4])
    n = series([12, 45, 0, 150, 30, 220, 8, 60])
    eb = sa.marshall_eb(x, n, nan_policy="omit")
    frame = eb.to_pandas()
    assert frame.loc["Nord", "status"] == "no_data"
    assert frame.loc["Nord", "estimate"] == eb.pooled_rate
    assert frame.loc["Süd", "status"] == "missing" and math.isnan(frame.loc["Süd", "estimate"])
    assert (eb.n_used, eb.n_dropped, eb.n_empty) == (6, 1, 1)
    prop = sa.marshall_eb(x, n, nan_policy="propagate")
    assert prop.flags == ("missing_propagated",)
    np.testing.assert_array_equal(prop.estimate, eb.estimate)


def test_no_between_variance_warns():
    with pytest.warns(bildung.BildungWarning, match="no_between_variance") as record:
        eb = sa.marshall_eb([1, 9], [10, 30])
    assert record[0].message.flag == "no_between_variance"
    assert eb.flags == ("no_between_variance",)
    assert eb.estimate.tolist() == [0.25, 0.25]


def test_marshall_errors_name_the_label():
    with pytest.raises(bildung.InvalidCountError) as info:
        sa.marshall_eb(series([3, 6, 9, 200, 7, 15, 0, 4]), series(N))
    assert info.value.label == "Süd" and "'Süd'" in str(info.value)
    with pytest.raises(bildung.MissingValueError) as info:
        sa.marshall_eb(series(X), series([12, 45, None, 150, 30, 220, 8, 60]))
    assert info.value.label == "Nord"
    with pytest.raises(bildung.ParameterError, match="'Mars'"):
        sa.marshall_eb(series(X), series(N), neighbours={"Nord": ["Süd", "Mars"]})
    with pytest.raises(bildung.ParameterError, match="'Atlantis' is not in the index"):
        sa.marshall_eb(series(X), series(N), neighbours={"Atlantis": ["Süd"]})
    with pytest.raises(bildung.ParameterError, match="area 1 names neighbour 9"):
        sa.marshall_eb(X, N, neighbours=[[1], [0, 9]] + [[]] * 6)
    with pytest.raises(bildung.ParameterError, match="-1"):
        sa.marshall_eb(X, N, neighbours=[[-1]] + [[]] * 7)
    with pytest.raises(bildung.ShapeError):
        sa.marshall_eb(X, N, neighbours=[[1], [0]])
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        sa.marshall_eb(series(X), pd.Series(N))
    with pytest.raises(bildung.ParameterError, match="duplicates"):
        sa.marshall_eb(pd.Series(X, index=list("aabcdefg")), pd.Series(N, index=list("aabcdefg")),
                       neighbours={"a": ["b"]})
    with pytest.raises(TypeError):
        sa.marshall_eb(X, N, neighbours="chain")
    with pytest.raises(TypeError):
        sa.marshall_eb(X, N, neighbours={0: "1"})
    with pytest.raises(bildung.UndefinedError):
        sa.marshall_eb([1, 0], [5, 0])
    with pytest.raises(bildung.NonFiniteError):
        sa.marshall_eb([1, 2], [5, float("inf")], nan_policy="omit")
    with pytest.raises(bildung.EmptyInputError):
        sa.marshall_eb([], [])
    with pytest.raises(bildung.ParameterError):
        sa.marshall_eb(X, N, nan_policy="ignore")
    with pytest.raises(TypeError):
        sa.marshall_eb(["a", "b"], N[:2])


# --- beta-binomial -----------------------------------------------------------------------------


def test_beta_binomial_printed_values_and_pandas():
    ml = sa.beta_binomial_eb(series(X), series(N))
    assert (ml.method, ml.converged) == ("ml", True) and ml.iterations > 0
    assert ml.alpha == pytest.approx(22.575, abs=5e-4)
    assert ml.beta == pytest.approx(206.026, abs=5e-4)
    frame = ml.to_pandas()
    assert list(frame.columns) == ["estimate", "lower", "upper", "rate", "shrinkage", "status"]
    assert frame.loc["Au", "lower"] == pytest.approx(0.0614, abs=5e-5)
    assert frame.loc["Au", "upper"] == pytest.approx(0.1359, abs=5e-5)
    assert frame.loc["Altstadt", "lower"] == pytest.approx(0.0707, abs=5e-5)
    mom = sa.beta_binomial_eb(X, N, method="moments", level=0.9)
    assert mom.rho == pytest.approx(0.017473, abs=5e-7) and mom.iterations == 0
    wide = sa.beta_binomial_eb(X, N, method="moments")
    assert np.all(wide.upper - wide.lower > mom.upper - mom.lower)


def test_beta_binomial_errors():
    with pytest.raises(bildung.InvalidCountError) as info:
        sa.beta_binomial_eb(series([3, 6, 9.5, 12, 7, 15, 0, 4]), series(N))
    assert info.value.label == "Nord"
    for bad in ({"level": 1.0}, {"level": 0.0}, {"method": "reml"}, {"tolerance": -1.0}):
        with pytest.raises(bildung.ParameterError):
            sa.beta_binomial_eb(X, N, **bad)
    with pytest.raises(bildung.ParameterError):
        sa.beta_binomial_eb(X, N, max_iter=0)
    with pytest.raises(TypeError):
        sa.beta_binomial_eb(X, N, level="95%")
    with pytest.raises(TypeError):
        sa.beta_binomial_eb(X, N, max_iter=2.5)
    with pytest.raises(bildung.ConvergenceError):
        sa.beta_binomial_eb(X, N, max_iter=1)
    with pytest.raises(bildung.ConvergenceError):
        sa.beta_binomial_eb([0, 5, 0, 7], [4, 5, 6, 7])
    with pytest.raises(bildung.UndefinedError):
        sa.beta_binomial_eb([0, 5, 0, 7], [4, 5, 6, 7], method="moments")


# --- Fay-Herriot -------------------------------------------------------------------------------


def test_fay_herriot_milk_by_column_names():
    df = milk()
    fit = sa.fay_herriot("direct_est", "psi", ["major2", "major3", "major4"], data=df)
    assert fit.variance_component == pytest.approx(0.0185503, abs=5e-8)
    assert fit.coefficient_names == ("intercept", "major2", "major3", "major4")
    coefs = fit.coefficients
    assert list(coefs.index) == list(fit.coefficient_names)
    np.testing.assert_allclose(coefs["beta"], [0.96819, 0.13278, 0.22695, -0.24130], atol=5e-6)
    frame = fit.to_pandas()
    assert list(frame.index) == list(df.index)
    assert frame.loc[1, "estimate"] == pytest.approx(1.02197, abs=5e-6)
    assert frame.loc[4, "mse"] == pytest.approx(0.008542, abs=5e-7)
    assert frame.loc[4, "gamma"] == pytest.approx(0.6096, abs=5e-5)
    assert (fit.converged, fit.method, fit.n_used) == (True, "reml", 43)
    # the same fit from Series and a DataFrame of covariates
    fit2 = sa.fay_herriot(df["direct_est"], df["psi"], df[["major2", "major3", "major4"]])
    np.testing.assert_array_equal(fit2.estimate, fit.estimate)
    # ... and from plain arrays, with generic covariate names
    fit3 = sa.fay_herriot(df["direct_est"].to_numpy(), df["psi"].to_numpy(),
                          df[["major2", "major3", "major4"]].to_numpy())
    assert fit3.coefficient_names == ("intercept", "x0", "x1", "x2")
    np.testing.assert_array_equal(fit3.estimate, fit.estimate)
    for method, s2v in (("ml", 0.0155175), ("fh", 0.0164203), ("pr", 0.0125846)):
        r = sa.fay_herriot("direct_est", "psi", ["major2", "major3", "major4"], data=df,
                           method=method)
        assert r.variance_component == pytest.approx(s2v, abs=5e-8), method


def test_fay_herriot_out_of_sample_and_single_covariate():
    df = milk()
    y = df["direct_est"].copy()
    y.loc[[3, 20]] = np.nan
    fit = sa.fay_herriot(y, df["psi"], df["major2"])
    assert fit.coefficient_names == ("intercept", "major2")
    frame = fit.to_pandas()
    assert list(frame.loc[[3, 20], "status"]) == ["no_data", "no_data"]
    assert frame.loc[3, "estimate"] == frame.loc[3, "synthetic"]
    assert math.isnan(frame.loc[20, "gamma"])
    assert (fit.n_used, fit.n_empty) == (41, 2)
    assert math.isnan(frame.loc[3, "direct"])


def test_fay_herriot_boundary_warns_and_gives_synthetic_estimates():
    x = np.linspace(0.0, 1.0, 12)
    y = 1.0 + 0.5 * x + 0.01 * np.sin(np.arange(12))
    with pytest.warns(bildung.BildungWarning, match="boundary_estimate"):
        fit = sa.fay_herriot(y, np.full(12, 0.5), x)
    assert fit.variance_component == 0.0 and fit.flags == ("boundary_estimate",)
    np.testing.assert_array_equal(fit.estimate, fit.synthetic)


def test_fay_herriot_intercept_only_hand_calculation():
    # intercept only, equal psi: beta = mean(y) = 3, REML s2v = sample variance - psi
    # = 14/3 - 0.5, gamma = s2v / (s2v + psi)
    fit = sa.fay_herriot([1.0, 3.0, 2.0, 6.0], [0.5] * 4)
    s2v = 14 / 3 - 0.5
    assert fit.coefficient_names == ("intercept",)
    assert fit.beta[0] == pytest.approx(3.0, abs=1e-12)
    assert fit.variance_component == pytest.approx(s2v, rel=1e-9)
    g = s2v / (s2v + 0.5)
    assert fit.estimate[0] == pytest.approx(g * 1.0 + (1 - g) * 3.0, rel=1e-9)


def test_fay_herriot_errors_name_the_label_or_covariate():
    df = milk()
    cols = ["major2", "major3", "major4"]
    bad = df.copy()
    bad.loc[5, "psi"] = 0.0
    with pytest.raises(bildung.NegativeValueError) as info:
        sa.fay_herriot("direct_est", "psi", cols, data=bad)
    assert info.value.label == 5 and "variance[4]" in str(info.value)
    bad = df.copy()
    bad.loc[7, "major3"] = np.nan
    with pytest.raises(bildung.MissingValueError) as info:
        sa.fay_herriot("direct_est", "psi", cols, data=bad)
    assert info.value.label == (7, "major3")
    twice = df.assign(dup=df["major3"] * 2.0)
    with pytest.raises(bildung.ParameterError) as info:
        sa.fay_herriot("direct_est", "psi", ["major2", "major3", "dup"], data=twice)
    assert info.value.label == "dup" and "covariate 'dup'" in str(info.value)
    constant = df.assign(one=1.0)
    with pytest.raises(bildung.ParameterError, match="intercept"):
        sa.fay_herriot("direct_est", "psi", ["one"], data=constant)
    with pytest.raises(bildung.ParameterError, match="m > p"):
        sa.fay_herriot([1.0, 2.0], [0.1, 0.1], [1.0, 3.0])
    with pytest.raises(bildung.ConvergenceError):
        sa.fay_herriot("direct_est", "psi", cols, data=df, max_iter=1)
    with pytest.raises(bildung.ShapeError, match="no column"):
        sa.fay_herriot("direct_est", "psi", ["nope"], data=df)
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        sa.fay_herriot(df["direct_est"], df["psi"], df[cols].reset_index(drop=True))
    with pytest.raises(bildung.ParameterError):
        sa.fay_herriot("direct_est", "psi", cols, data=df, method="REML")
    with pytest.raises(bildung.ParameterError):
        sa.fay_herriot([1.0, 2.0, 3.0], [0.1, 0.1, 0.1], intercept=False)
    with pytest.raises(TypeError):
        sa.fay_herriot("direct_est", "psi", data=df["psi"])
    with pytest.raises(TypeError):
        sa.fay_herriot(df["direct_est"], None)
    with pytest.raises(TypeError):
        sa.fay_herriot("direct_est", "psi", cols, data=df, intercept="yes")
    with pytest.raises(bildung.NonFiniteError):
        sa.fay_herriot([1.0, np.inf, 2.0], [0.1, 0.1, 0.1])
    with pytest.raises(bildung.EmptyInputError):
        sa.fay_herriot([], [])


# --- result objects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: sa.marshall_eb(series(X), series(N), neighbours=chain_by_label()),
        lambda: sa.beta_binomial_eb(series(X), series(N)),
        lambda: sa.fay_herriot("direct_est", "psi", ["major2"], data=milk()),
    ],
    ids=["marshall", "beta_binomial", "fay_herriot"],
)
def test_result_objects(make):
    r = make()
    text = repr(r)
    assert text.startswith(type(r).__name__ + "(") and "status:" in text
    html = r._repr_html_()
    assert html.startswith("<div><table>") and "</table>" in html
    d = r.to_dict()
    json.dumps(d, allow_nan=True)
    assert len(d["estimate"]) == len(r) and d["status"] == r.status.tolist()
    with pytest.raises(ValueError):
        r.estimate[0] = 1.0  # read-only
    back = pickle.loads(pickle.dumps(r))
    np.testing.assert_array_equal(back.estimate, r.estimate)


def test_inputs_are_not_modified_or_frozen():
    y = np.array([1.0, 3.0, 2.0, 6.0])
    fit = sa.fay_herriot(y, np.full(4, 0.5))
    y[0] = 2.0  # still writable
    assert fit.direct[0] == 1.0


# --- the same bad input for every function ------------------------------------------------------

CALLS = {
    "marshall_eb": lambda a, b: sa.marshall_eb(a, b),
    "marshall_eb_local": lambda a, b: sa.marshall_eb(a, b, neighbours=[[] for _ in range(len(a))]),
    "beta_binomial_eb": lambda a, b: sa.beta_binomial_eb(a, b),
    # direct, variance; an intercept-only model
    "fay_herriot": lambda a, b: sa.fay_herriot(a, b),
}
GOOD = ([1.0, 2.0, 3.0, 4.0], [10.0, 12.0, 9.0, 20.0])


@pytest.mark.filterwarnings("ignore::bildung.BildungWarning")
@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_input_is_a_typed_error(name):
    call = CALLS[name]
    a, b = GOOD
    call(a, b)  # the good input works
    with pytest.raises(bildung.MissingValueError):
        if name == "fay_herriot":  # NaN direct = out of sample; NaN variance is missing
            call(a, [10.0, float("nan"), 9.0, 20.0])
        else:
            call([1.0, float("nan"), 3.0, 4.0], b)
    with pytest.raises(bildung.NonFiniteError):
        call([1.0, float("inf"), 3.0, 4.0], b)
    with pytest.raises(bildung.ShapeError):
        call(a, b[:3])
    with pytest.raises(bildung.EmptyInputError):
        call([], [])
    with pytest.raises(TypeError):
        call(["a", "b", "c", "d"], b)
    with pytest.raises(bildung.ShapeError):
        call(np.ones((2, 2)), np.ones((2, 2)))
    negative = (bildung.NegativeValueError if name == "fay_herriot" else bildung.InvalidCountError)
    with pytest.raises(negative):
        call(a, [10.0, -12.0, 9.0, 20.0])
