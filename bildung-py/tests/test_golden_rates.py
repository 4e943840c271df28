"""Every case of the shared golden file tests/golden/rates.json (schema in its README).

The expected values come from outside bildung (the worked values of methods.md 3.1-3.4,
statsmodels 0.15.0 and SciPy 1.17.1, hand calculations); the same file is read by the Rust and C
tests. A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import pytest

import bildung
from bildung import rates

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "rates.json"

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

#: The positional array arguments of every function, in order.
ARGUMENTS = {
    "proportion_ci": ["events", "population"],
    "poisson_ci": ["events", "exposure"],
    "proportion_difference_ci": ["events1", "population1", "events2", "population2"],
    "proportion_difference_versus_rest": ["events", "population"],
    "direct_standardised_rate": ["events", "population", "standard_population"],
    "indirect_standardised_ratio": ["events", "population", "reference_rates"],
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
        return float({"nan": "nan", "inf": "inf", "-inf": "-inf"}[v])
    return float(v)


def _array(values: Any) -> Optional[np.ndarray]:
    if values is None:
        return None
    if values and isinstance(values[0], list):
        return np.array([[_num(v) for v in row] for row in values], dtype=np.float64)
    return np.array([_num(v) for v in values], dtype=np.float64)


def _call(case: Dict[str, Any]) -> Any:
    name = case["function"]
    inputs = case["inputs"]
    args = [_array(inputs[k]) for k in ARGUMENTS[name]]
    kwargs = dict(case.get("params") or {})
    if name == "indirect_standardised_ratio":
        kwargs["reference_population"] = _array(inputs["reference_population"])
    return getattr(rates, name)(*args, **kwargs)


def _close(actual: float, expected: Any, tol: Dict[str, float], what: str) -> None:
    exp = _num(expected)
    if math.isnan(exp):
        assert math.isnan(actual), f"{what}: expected NaN, got {actual!r}"
        return
    assert not math.isnan(actual), f"{what}: expected {exp!r}, got NaN"
    diff = abs(actual - exp)
    ok = ("abs" in tol and diff <= tol["abs"]) or ("rel" in tol and diff <= tol["rel"] * abs(exp))
    assert ok or diff == 0.0, f"{what}: expected {exp!r}, got {actual!r} (tolerance {tol})"


@pytest.mark.parametrize("case", _params())
def test_golden_rates(case: Optional[Dict[str, Any]]) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    if "expected_error" in case:
        with pytest.raises(ERROR_CLASSES[case["expected_error"]]) as info:
            _call(case)
        assert info.value.kind == case["expected_error"]
        return
    result = _call(case)
    tol = case["tolerance"]
    for key, exp in case["expected"].items():
        what = f"{case['id']} {key}"
        got = getattr(result, key)
        if key == "status":
            assert got.tolist() == exp, what
        elif isinstance(exp, list) and exp and isinstance(exp[0], bool):
            assert np.asarray(got).tolist() == exp, what
        elif isinstance(exp, list):
            assert got is not None and len(got) == len(exp), what
            for i, (g, e) in enumerate(zip(got, exp)):
                _close(float(g), e, tol, f"{what}[{i}]")
        else:
            _close(float(got), exp, tol, what)
