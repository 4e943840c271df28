"""bildung.index through pandas: labels in and out, errors naming labels, result objects.

The numbers themselves are checked against outside references in test_golden_index.py and
test_index_berlin.py; this file checks the Python layer.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import index as ix

SHARES = pd.DataFrame(
    {
        "unemployment": [5.0, 8.75, 4.0, 10.0, 3.0, 10.0, 3.33, 10.0],
        "transfers": [9.17, 16.25, 8.4, 18.75, 5.33, 17.33, 6.67, 17.69],
        "child_poverty": [20.0, 36.67, 19.05, 41.67, 11.54, 40.38, 10.71, 42.22],
    },
    index=pd.Index([f"PLR{k}" for k in range(1, 9)], name="plr"),
)
POP = pd.Series([1200, 800, 2500, 400, 1500, 3000, 900, 250], index=SHARES.index, name="ew")


def test_labels_are_kept() -> None:
    z = ix.zscore(SHARES, population=POP, min_population=300)
    df = z.to_pandas()
    assert df.index.equals(SHARES.index) and list(df.columns) == list(SHARES.columns)
    assert not z.in_reference[-1] and z.in_reference[:-1].all()
    params = z.parameters_to_pandas()
    assert list(params.index) == list(SHARES.columns)
    assert (params["n_reference"] == 7).all()
    # the area outside the reference set is scored with the reference parameters
    ref = SHARES.iloc[:7]
    want = (SHARES.iloc[7] - ref.mean()) / ref.std(ddof=1)
    np.testing.assert_allclose(df.iloc[7].to_numpy(), want.to_numpy(), rtol=1e-13)
    s = ix.weighted_sum(df, weights="sum")
    assert s.to_pandas().index.equals(SHARES.index)
    idx = ix.restandardise(s.to_pandas(), population=POP, min_population=300)
    assert isinstance(idx.to_pandas(), pd.Series)
    assert idx.to_pandas().name == "composite"
    c = ix.classify(idx.to_pandas(), "mss_status")
    out = c.to_pandas()
    assert out.index.equals(SHARES.index)
    assert out["class"].cat.ordered
    assert list(out["class"].cat.categories) == ["hoch", "mittel", "niedrig", "sehr niedrig"]
    assert c.counts_to_pandas().sum() == 8


def test_series_is_one_indicator() -> None:
    z = ix.zscore(SHARES["transfers"])
    assert z.values.shape == (8, 1)
    assert isinstance(z.to_pandas(), pd.Series) and z.to_pandas().name == "transfers"


def test_missing_value_names_row_and_column() -> None:
    bad = SHARES.copy()
    bad.loc["PLR3", "transfers"] = np.nan
    with pytest.raises(bildung.MissingValueError) as info:
        ix.zscore(bad)
    assert info.value.index == 2 * 3 + 1
    assert info.value.label == ("PLR3", "transfers")
    assert "'PLR3'" in str(info.value) and "'transfers'" in str(info.value)
    z = ix.zscore(bad, nan_policy="omit")
    assert z.status[2] == "missing" and z.n_dropped == 1
    assert z.parameters["n_reference"].tolist() == [8, 7, 8]


def test_constant_indicator_names_the_column() -> None:
    flat = SHARES.assign(constant=1.0)
    with pytest.raises(bildung.UndefinedError, match="constant indicator") as info:
        ix.zscore(flat)
    assert "'constant'" in str(info.value)
    with pytest.raises(bildung.UndefinedError, match="'constant'"):
        ix.pca_weights(flat)


def test_polarity_and_weights_by_column_name() -> None:
    z = ix.zscore(SHARES, polarity={"transfers": -1})
    assert z.parameters["polarity"].tolist() == [1.0, -1.0, 1.0]
    with pytest.raises(KeyError, match="nonsense"):
        ix.zscore(SHARES, polarity={"nonsense": -1})
    s = ix.weighted_sum(z.to_pandas(), weights={"unemployment": 2, "transfers": 1,
                                                "child_poverty": 1})
    assert s.weights_to_pandas().to_dict() == {"unemployment": 0.5, "transfers": 0.25,
                                               "child_poverty": 0.25}
    with pytest.raises(KeyError, match="no value"):
        ix.weighted_sum(z.to_pandas(), weights={"unemployment": 1})
    with pytest.raises(bildung.NegativeValueError) as info:
        ix.weighted_sum(z.to_pandas(), weights=pd.Series(
            {"unemployment": 1, "transfers": -1, "child_poverty": 1}))
    assert info.value.index == 1


def test_input_checks() -> None:
    with pytest.raises(bildung.ShapeError, match="index"):
        ix.zscore(SHARES, population=POP.reset_index(drop=True).set_axis(range(8)))
    with pytest.raises(TypeError, match="booleans"):
        ix.zscore(SHARES, reference=[1, 0, 1, 1, 1, 1, 1, 1])
    with pytest.raises(TypeError):
        ix.zscore(SHARES.astype(str))
    with pytest.raises(bildung.ParameterError):
        ix.zscore(SHARES, ddof=2)
    with pytest.raises(TypeError):
        ix.zscore(SHARES, ddof=True)
    with pytest.raises(bildung.ParameterError):
        ix.zscore(SHARES, nan_policy="ignore")
    with pytest.raises(bildung.ParameterError, match="min_population"):
        ix.zscore(SHARES, min_population=300)
    with pytest.raises(bildung.NonFiniteError):
        ix.zscore(SHARES.replace(3.0, np.inf))
    with pytest.raises(bildung.EmptyInputError):
        ix.zscore(SHARES, population=POP, min_population=10_000)
    with pytest.raises(bildung.ShapeError):
        ix.status_dynamics(SHARES, SHARES.iloc[::-1])
    with pytest.raises(TypeError, match="ClassResult"):
        ix.cross_classify(ix.classify([0.0], "mss_status"), [1])  # type: ignore[arg-type]
    with pytest.raises(bildung.ParameterError):
        ix.classify([0.0, 1.0], [1.0, 0.0])
    with pytest.raises(bildung.ParameterError):
        ix.classify([0.0, 1.0], "nrw")


def test_unstable_pca_warns() -> None:
    x = pd.DataFrame({"a": [1.0, 1.0, -1.0, -1.0, 2.0, -2.0],
                      "b": [1.0, -1.0, 1.0, -1.0, 0.05, -0.05]})
    with pytest.warns(bildung.BildungWarning, match="unstable") as rec:
        p = ix.pca_weights(x)
    assert rec[0].message.flag == "unstable_pca"  # type: ignore[union-attr]
    assert p.unstable and p.close_eigenvalues and not p.low_share
    assert list(p.to_pandas().index) == ["a", "b"]


def test_aggregate_by_labels() -> None:
    values = pd.Series([10.0, 20.0, 40.0, np.nan], index=["g1", "g2", "g3", "g4"], name="share")
    a = ix.aggregate_weighted(values, ["Nord", "Nord", "Süd", "Süd"], [300, 100, 50, 10],
                              nan_policy="omit")
    out = a.to_pandas()
    assert out.to_dict() == {"Nord": 12.5, "Süd": 40.0}
    assert a.n_areas.tolist() == [2, 2]
    frame = pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 4.0]})
    b = ix.aggregate_weighted(frame, pd.Series(["A", "A"], name="bezirk"), [1, 3])
    assert b.to_pandas().index.name == "bezirk"
    assert b.to_pandas().loc["A"].tolist() == [2.5, 3.5]


def test_classes_and_groups() -> None:
    q = ix.classify_quantiles(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), [1 / 3, 2 / 3],
                              labels=["low", "mid", "high"])
    assert list(q.label) == ["low", "low", "mid", "mid", "high", "high"]
    e = ix.classify_equal_width(np.arange(20.0), 9, top_share=0.05)
    assert e.label[-1] == "9" and e.counts[-1] == 1
    sd = ix.classify_sd([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], "mss_dynamics", ddof=0)
    assert sd.labels == ("positiv", "stabil", "negativ")
    s = ix.classify([-1.2, np.nan, 1.2], "mss_status", nan_policy="omit")
    d = ix.classify([0.0, 0.0, -1.5], "mss_dynamics")
    g = ix.cross_classify(s, d)
    assert list(g.label) == ["hoch / stabil", None, "niedrig / positiv"]
    assert g.code.tolist() == [1, -1, 6] and g.n_dropped == 1


def test_status_dynamics_from_shares() -> None:
    dyn = SHARES.diff().fillna(0.0) / 10
    r = ix.status_dynamics(SHARES, dyn, population=POP, min_population=300)
    df = r.to_pandas()
    assert df.index.equals(SHARES.index)
    assert list(df.columns) == ["status_sum", "status_index", "status_class", "dynamics_sum",
                                "dynamics_index", "dynamics_class", "group", "in_reference"]
    assert r.status.z is not None and list(r.status.z.to_pandas().columns) == list(SHARES)
    assert not df["in_reference"].iloc[-1]
    assert abs(df["status_index"][df["in_reference"]].std(ddof=1) - 1) < 1e-12


def test_results_render() -> None:
    z = ix.zscore(SHARES)
    results = [
        z,
        ix.min_max(SHARES),
        ix.percentile_rank(SHARES),
        ix.weighted_sum(z.to_pandas()),
        ix.pca_weights(SHARES),
        ix.aggregate_weighted(SHARES, list("AABBCCDD"), POP),
        ix.classify(z.to_pandas()["transfers"], "mss_status"),
        ix.status_dynamics(SHARES, SHARES),
    ]
    for r in results:
        assert type(r).__name__ in repr(r)
        assert r._repr_html_().startswith(("<div>", "<table>"))
        if hasattr(r, "to_dict"):
            json.dumps(r.to_dict(), allow_nan=True)


def test_numpy_input_without_labels() -> None:
    arr = SHARES.to_numpy()
    z = ix.zscore(arr)
    assert z.index is None and z.columns is None
    assert isinstance(z.to_pandas().index, pd.RangeIndex)
    p = ix.percentile_rank([3.0, 1.0, 2.0])
    assert p.values[:, 0].tolist() == [5 / 6, 1 / 6, 0.5]
