"""Every case of the shared golden file tests/golden/index.json (schema in its README).

The expected values come from outside bildung (the methods.md 5.5 worked example, numpy / SciPy /
pandas on the same input, hand calculations); the same file is read by the Rust and C tests.
Indicator tables go in as pandas DataFrames with labelled rows and columns (the pandas path of
bildung.index). A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pytest

import bildung
from conftest import golden_compare
from bildung import index as ix

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "index.json"

ERROR_CLASSES = {
    "ShapeMismatch": bildung.ShapeError,
    "EmptyInput": bildung.EmptyInputError,
    "MissingValue": bildung.MissingValueError,
    "NonFinite": bildung.NonFiniteError,
    "NegativeValue": bildung.NegativeValueError,
    "InvalidParameter": bildung.ParameterError,
    "Undefined": bildung.UndefinedError,
}


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN.read_text(encoding="utf-8")).get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _num(v: Any) -> float:
    return float(v)  # also "nan", "inf", "-inf"


def _values(v: Any) -> np.ndarray:
    return np.array([_num(x) for x in v], dtype=np.float64)


def _frame(rows: Any) -> Any:
    """A DataFrame with labelled areas and indicators ([] stays an empty list)."""
    if not rows:
        return rows
    arr = np.array([[_num(v) for v in r] for r in rows], dtype=np.float64)
    return pd.DataFrame(arr, index=[f"area{i}" for i in range(arr.shape[0])],
                        columns=[f"ind{j}" for j in range(arr.shape[1])])


def _opt(v: Any) -> Any:
    return None if v is None else _values(v)


def _reference_kw(case: Dict[str, Any]) -> Dict[str, Any]:
    i, p = case["inputs"], case["params"]
    kw: Dict[str, Any] = {}
    if i.get("reference") is not None:
        kw["reference"] = np.array(i["reference"], dtype=bool)
    if i.get("population") is not None:
        kw["population"] = _values(i["population"])
    if p.get("min_population") is not None:
        kw["min_population"] = p["min_population"]
    return kw


def _scheme(p: Dict[str, Any], key: str = "scheme") -> Dict[str, Any]:
    if p.get(key) is not None:
        return {"thresholds": p[key]}
    return {"thresholds": p["thresholds"], "boundary": p.get("boundary"),
            "labels": p.get("labels")}


def _z(r: ix.NormalisedResult) -> Dict[str, Any]:
    return {
        "values": r.values.tolist(),
        "mean": r.parameters["mean"].tolist(),
        "sd": r.parameters["sd"].tolist(),
        "n_reference": r.parameters["n_reference"].tolist(),
        "n_winsorised": r.parameters["n_winsorised"].tolist(),
        "in_reference": r.in_reference.tolist(),
        "status": r.status.tolist(),
        "n_used": r.n_used,
        "n_dropped": r.n_dropped,
    }


def _classes(c: ix.ClassResult) -> Dict[str, Any]:
    return {"code": c.code.tolist(), "counts": list(c.counts), "labels": list(c.labels),
            "thresholds": list(c.thresholds), "status": c.status.tolist()}


def _compute(case: Dict[str, Any]) -> Dict[str, Any]:
    f, i, p = case["function"], case["inputs"], case["params"]
    nan = p.get("nan_policy", "raise")
    ref = _reference_kw(case)
    if f == "zscore":
        r = ix.zscore(_frame(i["x"]), weighted=p.get("weighted", False), ddof=p.get("ddof", 1),
                      polarity=p.get("polarity"), winsorize=p.get("winsorize"),
                      centre=p.get("centre", True), nan_policy=nan, **ref)
        return _z(r)
    if f == "restandardise":
        r = ix.restandardise(_values(i["values"]), weighted=p.get("weighted", False),
                             ddof=p.get("ddof", 1), centre=p.get("centre", True),
                             nan_policy=nan, **ref)
        return {"values": r.values[:, 0].tolist(), "mean": float(r.parameters["mean"][0]),
                "sd": float(r.parameters["sd"][0]),
                "n_reference": int(r.parameters["n_reference"][0])}
    if f == "min_max":
        r = ix.min_max(_frame(i["x"]), polarity=p.get("polarity"), nan_policy=nan, **ref)
        return {"values": r.values.tolist(), "min": r.parameters["min"].tolist(),
                "max": r.parameters["max"].tolist(),
                "n_reference": r.parameters["n_reference"].tolist()}
    if f == "percentile_rank":
        r = ix.percentile_rank(_frame(i["x"]), polarity=p.get("polarity"), nan_policy=nan, **ref)
        assert r.rank is not None
        return {"rank": r.rank.tolist(), "percentile": r.values.tolist()}
    if f == "weighted_sum":
        s = ix.weighted_sum(_frame(i["x"]), weights=p.get("weights", "equal"),
                            method=p.get("method", "linear"), nan_policy=nan)
        return {"values": s.values.tolist(), "weights": s.weights.tolist(),
                "status": s.status.tolist()}
    if f == "pca_weights":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bildung.BildungWarning)
            q = ix.pca_weights(_frame(i["x"]), weighted=p.get("weighted", False),
                               nan_policy=nan, **ref)
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v)
                for k, v in q.to_dict().items()}
    if f == "aggregate_weighted":
        # codes are labels in Python; a negative code (missing parent) is None
        parent = [None if c < 0 else c for c in i["parent"]]
        a = ix.aggregate_weighted(_frame(i["x"]), parent, _values(i["weights"]),
                                  nan_policy=nan)
        # the golden parents are codes 0..n_parents-1; Python labels only the ones present
        n = p["n_parents"]
        present = [int(c) for c in a.parents]
        full = np.full((n, a.values.shape[1]), np.nan)
        status = ["empty"] * n
        tw = [0.0] * n
        for k, c in enumerate(present):
            full[c] = a.values[k]
            status[c] = a.status[k]
            tw[c] = float(a.total_weight[k])
        return {"values": full.tolist(), "status": status, "total_weight": tw}
    if f == "classify":
        return _classes(ix.classify(_values(i["values"]), nan_policy=nan, **_scheme(p)))
    if f == "classify_quantiles":
        return _classes(ix.classify_quantiles(_values(i["values"]), p["probabilities"],
                                              labels=p.get("labels"), nan_policy=nan, **ref))
    if f == "classify_equal_width":
        return _classes(ix.classify_equal_width(_values(i["values"]), p["stages"],
                                                top_share=p.get("top_share"),
                                                labels=p.get("labels"), nan_policy=nan, **ref))
    if f == "classify_sd":
        s = _scheme(p)
        return _classes(ix.classify_sd(_values(i["values"]), s.pop("thresholds"), **s,
                                       weighted=p.get("weighted", False), ddof=p.get("ddof", 1),
                                       nan_policy=nan, **ref))
    if f == "cross_classify":
        a = ix.classify(_values(i["a"]), p["scheme_a"], nan_policy=nan)
        b = ix.classify(_values(i["b"]), p["scheme_b"], nan_policy=nan)
        return _classes(ix.cross_classify(a, b))
    if f == "status_dynamics":
        r = ix.status_dynamics(_frame(i["status"]), _frame(i["dynamics"]),
                               standardise=p.get("standardise", True), ddof=p.get("ddof", 1),
                               centre_index=p.get("centre_index", True),
                               weighted=p.get("weighted", False), nan_policy=nan, **ref)
        out: Dict[str, Any] = {}
        for name, part in (("status", r.status), ("dynamics", r.dynamics)):
            out[f"{name}_sum"] = part.sum.values.tolist()
            out[f"{name}_index"] = part.values.tolist()
            out[f"{name}_sd"] = part.sd
            out[f"{name}_code"] = part.classes.code.tolist()
        out["group_code"] = r.groups.code.tolist()
        return out
    raise AssertionError(f"unknown function {f}")


@pytest.mark.parametrize("case", _params())
def test_golden_index(case: Any) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    kind = case.get("expected_error")
    if kind == "InvalidParameter" and case["function"] == "aggregate_weighted":
        # a parent code >= n_parents cannot happen in Python, where parents are labels: the
        # code is just another parent
        parent = case["inputs"]["parent"]
        a = ix.aggregate_weighted(_frame(case["inputs"]["x"]), parent,
                                  _values(case["inputs"]["weights"]))
        assert list(a.parents) == sorted(set(parent))
        return
    if kind is not None:
        with pytest.raises(ERROR_CLASSES[kind]) as info:
            _compute(case)
        assert info.value.kind == kind
        if case.get("error_index") is not None:
            assert info.value.index == case["error_index"]
        return
    got = _compute(case)
    failures: List[str] = []
    for key, want in case["expected"].items():
        tol = (case.get("field_tolerance") or {}).get(key, case["tolerance"])
        assert key in got, f"{key} not produced by the reader"
        golden_compare(want, got[key], tol, key, failures)
    assert not failures, "\n".join(failures)


def test_golden_file_is_substantial() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 80
    sources = {c["source"].split(" ")[0] for c in cases}
    assert {"methods.md", "[peer]", "[hand]"} <= sources
