"""Every case of the shared golden file tests/golden/inequality.json (schema in its README).

The expected values come from outside bildung (published output, peer packages, hand
calculations); the same file is read by the Rust and C tests. A missing or empty golden file is
a failure, never a skip.
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
from bildung import inequality

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "inequality.json"

ERROR_CLASSES = {
    "ShapeMismatch": bildung.ShapeError,
    "EmptyInput": bildung.EmptyInputError,
    "MissingValue": bildung.MissingValueError,
    "NonFinite": bildung.NonFiniteError,
    "NegativeValue": bildung.NegativeValueError,
    "InvalidCount": bildung.InvalidCountError,
    "InvalidParameter": bildung.ParameterError,
    "UnknownIndicator": bildung.UnknownIndicatorError,
    "Undefined": bildung.UndefinedError,
    "DidNotConverge": bildung.ConvergenceError,
}

DECOMPOSITIONS = {"ge_decomposition", "gini_decomposition"}


def _load() -> Dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = _load().get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _num(v: Any) -> float:
    """JSON number or one of the strings "nan", "inf", "-inf"."""
    if isinstance(v, str):
        return float({"nan": "nan", "inf": "inf", "-inf": "-inf"}[v])
    return float(v)


def _close(actual: float, expected: Any, tol: Dict[str, float], what: str) -> None:
    exp = _num(expected)
    if math.isnan(exp):
        assert math.isnan(actual), f"{what}: expected NaN, got {actual!r}"
        return
    assert tol, f"{what}: the case has no tolerance"
    err = abs(actual - exp)
    ok = ("abs" in tol and err <= tol["abs"]) or ("rel" in tol and err <= tol["rel"] * abs(exp))
    assert ok, f"{what}: got {actual!r}, expected {exp!r} within {tol} (error {err:.3g})"


def _call(case: Dict[str, Any]) -> Any:
    fn = getattr(inequality, case["function"])
    x = np.array([_num(v) for v in case["x"]], dtype=np.float64)
    kwargs = dict(case.get("params") or {})
    if case.get("weights") is not None:
        kwargs["weights"] = np.array([_num(v) for v in case["weights"]], dtype=np.float64)
    args: List[Any] = [x]
    if case["function"] == "quantile":
        args.append(kwargs.pop("p"))
    if case["function"] in DECOMPOSITIONS:
        # golden files code a missing group as a negative integer; Python uses None
        args.append([None if g < 0 else g for g in case["groups"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bildung.BildungWarning)
        return fn(*args, **kwargs)


@pytest.mark.parametrize("case", _params())
def test_golden_case(case: Any) -> None:
    assert case is not None, f"golden file {GOLDEN} is missing or has no cases"
    if "expected_error" in case:
        cls = ERROR_CLASSES[case["expected_error"]]
        with pytest.raises(cls) as info:
            _call(case)
        assert info.value.kind == case["expected_error"]
        return
    tol = case.get("tolerance") or {}
    result = _call(case)
    expected = case["expected"]
    name = case["function"]
    if not isinstance(expected, dict):
        assert isinstance(result, float)
        _close(result, expected, tol, name)
    elif name in DECOMPOSITIONS:
        for term, value in expected.items():
            _close(getattr(result, term), value, tol, f"{name}.{term}")
    elif name == "lorenz_curve":
        for p, value in expected.get("share_at", []):
            _close(result.share_at(p), value, tol, f"L({p})")
        for field in ("population_share", "value_share"):
            if field in expected:
                got = getattr(result, field)
                assert len(got) == len(expected[field]), f"{field}: number of points"
                for i, (a, e) in enumerate(zip(got, expected[field])):
                    _close(float(a), e, tol, f"{field}[{i}]")
    else:
        pytest.fail(f"unknown expected form for {name}: {expected!r}")


def test_golden_file_covers_every_function() -> None:
    assert GOLDEN.is_file(), f"golden file {GOLDEN} is missing"
    data = _load()
    assert data.get("schema") == 1
    used = {c["function"] for c in data["cases"]}
    public = {n for n in inequality.__all__ if n[0].islower()}
    assert used <= public, f"golden functions without a Python function: {used - public}"
    assert public <= used, f"Python functions without a golden case: {public - used}"
    ids = [c["id"] for c in data["cases"]]
    assert len(ids) == len(set(ids)), "golden case ids must be unique"
