"""Every case of the shared golden file tests/golden/smallarea.json (schema in its README).

The expected values come from outside bildung (methods.md worked examples, samplics' REML,
numpy / scipy direct formulas written out in tests/golden/generate_smallarea.py, hand
calculations); the same file is read by the Rust and C tests. A missing or empty golden file is
a failure, never a skip.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import pytest

import bildung
from bildung import smallarea

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "smallarea.json"

ERROR_CLASSES = {
    "ShapeMismatch": bildung.ShapeError,
    "EmptyInput": bildung.EmptyInputError,
    "MissingValue": bildung.MissingValueError,
    "NonFinite": bildung.NonFiniteError,
    "NegativeValue": bildung.NegativeValueError,
    "InvalidCount": bildung.InvalidCountError,
    "InvalidParameter": bildung.ParameterError,
    "Undefined": bildung.UndefinedError,
    "DidNotConverge": bildung.ConvergenceError,
}

COUNTS = ("n_used", "n_dropped", "n_empty")


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN.read_text(encoding="utf-8")).get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _num(v: Any) -> float:
    if v is None:
        return math.nan
    if isinstance(v, str):
        return float({"nan": "nan", "inf": "inf", "-inf": "-inf"}[v])
    return float(v)


def _array(values: Any) -> np.ndarray:
    return np.array(
        [[_num(v) for v in row] if isinstance(row, list) else _num(row) for row in values],
        dtype=np.float64,
    )


def _close(actual: float, expected: Any, tol: Dict[str, float], what: str) -> None:
    exp = _num(expected)
    if math.isnan(exp):
        assert math.isnan(actual), f"{what}: expected NaN, got {actual!r}"
        return
    if math.isinf(exp):
        assert actual == exp, f"{what}: expected {exp!r}, got {actual!r}"
        return
    assert not math.isnan(actual), f"{what}: expected {exp!r}, got NaN"
    diff = abs(actual - exp)
    ok = ("abs" in tol and diff <= tol["abs"]) or ("rel" in tol and diff <= tol["rel"] * abs(exp))
    assert ok or diff == 0.0, f"{what}: expected {exp!r}, got {actual!r} (tolerance {tol})"


def _call(case: Dict[str, Any]) -> Any:
    params = dict(case.get("params") or {})
    name = case["function"]
    if name == "fay_herriot":
        x = None if case["covariates"] is None else _array(case["covariates"])
        if x is not None and x.ndim == 1:  # a table without rows
            x = x.reshape(0, 0)
        return smallarea.fay_herriot(_array(case["direct"]), _array(case["variance"]), x, **params)
    events, population = _array(case["events"]), _array(case["population"])
    if name == "marshall_eb":
        return smallarea.marshall_eb(events, population, neighbours=case["neighbours"], **params)
    return smallarea.beta_binomial_eb(events, population, **params)


@pytest.mark.parametrize("case", _params())
def test_golden_smallarea(case: Optional[Dict[str, Any]]) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    with warnings.catch_warnings():
        # flags (no_between_variance, boundary_estimate) warn; the golden file checks values
        warnings.simplefilter("ignore", bildung.BildungWarning)
        if "expected_error" in case:
            with pytest.raises(ERROR_CLASSES[case["expected_error"]]):
                _call(case)
            return
        result = _call(case)
    what = case["id"]
    for key, exp in case["expected"].items():
        tol = (case.get("field_tolerance") or {}).get(key) or case["tolerance"]
        if key == "status":
            assert result.status.tolist() == exp, f"{what}: status {result.status.tolist()}"
        elif key == "flags":
            assert sorted(result.flags) == sorted(exp), f"{what}: flags {result.flags}"
        elif key in COUNTS:
            assert getattr(result, key) == exp, f"{what}: {key} = {getattr(result, key)}"
        else:
            have = np.atleast_1d(np.asarray(getattr(result, key), dtype=np.float64))
            if isinstance(exp, list):
                assert len(have) == len(exp), f"{what}: {key} has {len(have)} values"
                pairs = list(enumerate(exp))
            elif isinstance(exp, dict):
                pairs = [(int(i), v) for i, v in exp.items()]
            else:
                pairs = [(0, exp)]
            for i, v in pairs:
                _close(float(have[i]), v, tol, f"{what} {key}[{i}]")
