"""Every case of the shared golden file tests/golden/funnel.json (schema in its README).

The expected values come from outside bildung (methods.md 3.7 worked values, SciPy, numpy and
statsmodels on the same input, hand calculations); the same file is read by the Rust and C tests.
A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest

import bildung
from conftest import golden_compare
from bildung import funnel as fn

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "funnel.json"

ERROR_CLASSES = {
    "ShapeMismatch": bildung.ShapeError,
    "EmptyInput": bildung.EmptyInputError,
    "MissingValue": bildung.MissingValueError,
    "NonFinite": bildung.NonFiniteError,
    "NegativeValue": bildung.NegativeValueError,
    "InvalidCount": bildung.InvalidCountError,
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
    if isinstance(v, str):
        return float(v)  # "nan", "inf", "-inf"
    return float(v)


def _values(v: Any) -> np.ndarray:
    return np.array([_num(x) for x in v], dtype=np.float64)


def _result_dict(r: fn.FunnelResult) -> Dict[str, Any]:
    d = r.dispersion
    get = (lambda k: math.nan) if d is None else (lambda k: getattr(d, k))
    return {
        "theta0": r.theta0,
        "phi": get("phi"),
        "chi2": get("chi2"),
        "df": get("df"),
        "dispersion_p_value": get("p_value"),
        "tau2": get("tau2"),
        "winsor_lower": get("winsor_lower"),
        "winsor_upper": get("winsor_upper"),
        "adjustment_value": r.adjustment_value,
        "proportion": r.proportion.tolist(),
        "z": r.z.tolist(),
        "z_adjusted": r.z_adjusted.tolist(),
        "p_value": r.p_value.tolist(),
        "lower": r.lower.tolist(),
        "upper": r.upper.tolist(),
        "lower_unclamped": r.lower_unclamped.tolist(),
        "upper_unclamped": r.upper_unclamped.tolist(),
        "class": r.class_code.tolist(),
        "bh": None if r.bh is None else r.bh.tolist(),
        "status": r.status.tolist(),
        "n_used": r.n_used,
        "n_dropped": r.n_dropped,
        "n_empty": r.n_empty,
        "flags": list(r.flags),
    }


def _compute(case: Dict[str, Any]) -> Dict[str, Any]:
    p = case["params"]
    f = case["function"]
    if f == "funnel":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bildung.BildungWarning)
            r = fn.funnel(
                _values(case["events"]),
                _values(case["population"]),
                target=p["target"],
                levels=p["levels"],
                method=p["method"],
                overdispersion=p["overdispersion"],
                winsorize=p["winsorize"],
                fdr=p["fdr"],
                nan_policy=p["nan_policy"],
            )
        return _result_dict(r)
    if f == "funnel_limits":
        adj = p["adjustment"]
        kw = {}
        if adj == "multiplicative":
            kw["phi"] = p["adjustment_value"]
        elif adj == "additive":
            kw["tau2"] = p["adjustment_value"]
        l = fn.funnel_limits(
            _num(case["theta0"]),
            _values(case["n"]),
            levels=p["levels"],
            method=p["method"],
            overdispersion=adj,
            **kw,
        )
        return {
            "lower": l.lower.tolist(),
            "upper": l.upper.tolist(),
            "lower_unclamped": l.lower_unclamped.tolist(),
            "upper_unclamped": l.upper_unclamped.tolist(),
        }
    if f == "benjamini_hochberg":
        return {"flags": fn.benjamini_hochberg(_values(case["p"]), fdr=p["fdr"]).tolist()}
    raise AssertionError(f"unknown function {f}")


@pytest.mark.parametrize("case", _params())
def test_golden_funnel(case: Any) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    kind = case.get("expected_error")
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
        golden_compare(want, got[key], case["tolerance"], key, failures)
    assert not failures, "\n".join(failures)


def test_golden_file_is_substantial() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 100
    sources = {c["source"].split(" ")[0] for c in cases}
    assert "methods.md" in sources and "[peer]" in sources
