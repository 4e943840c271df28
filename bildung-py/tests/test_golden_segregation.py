"""Every case of the shared golden file tests/golden/segregation.json (schema in its README).

The expected values come from outside bildung (published output, peer packages such as PySAL
``segregation`` and R ``segregation``, hand calculations); the same file is read by the Rust and
C tests. A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import csv
import json
import math
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import pytest

import bildung
from bildung import segregation

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "tests" / "golden"
GOLDEN = GOLDEN_DIR / "segregation.json"

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

#: Functions whose input is a count table (the others take x and t).
TABLE_FUNCTIONS = {
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
    "mutual_information_decomposition",
}


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN.read_text(encoding="utf-8")).get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _num(v: Any) -> float:
    """JSON number, null, or one of the strings "nan", "inf", "-inf"."""
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


def _columns(spec: Dict[str, Any]) -> np.ndarray:
    """The named columns of a CSV file under tests/golden, as a float64 table."""
    with open(GOLDEN_DIR / spec["path"], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return np.array(
        [[float(r[c]) if r[c] not in ("", "NA") else math.nan for c in spec["columns"]] for r in rows],
        dtype=np.float64,
    )


def _districts(codes: List[int]) -> List[Optional[int]]:
    """Integer codes, negative = missing (None for the Python API, which takes labels)."""
    return [None if c is None or c < 0 else int(c) for c in codes]


def _close(actual: float, expected: Any, tol: Dict[str, float], what: str) -> None:
    exp = _num(expected)
    if math.isnan(exp):
        assert math.isnan(actual), f"{what}: expected NaN, got {actual!r}"
        return
    assert not math.isnan(actual), f"{what}: expected {exp!r}, got NaN"
    diff = abs(actual - exp)
    ok = ("abs" in tol and diff <= tol["abs"]) or ("rel" in tol and diff <= tol["rel"] * abs(exp))
    assert ok or diff == 0.0, f"{what}: expected {exp!r}, got {actual!r} (tolerance {tol})"


def _call(case: Dict[str, Any]) -> Any:
    name = case["function"]
    func = getattr(segregation, name)
    params = dict(case.get("params") or {})
    file_data = _columns(case["counts_file"]) if case.get("counts_file") else None
    if name in TABLE_FUNCTIONS:
        if file_data is not None:
            counts = file_data
        elif case["counts"] == []:
            counts = np.zeros((0, 0))  # a table without rows
        else:
            counts = _array(case["counts"])
        if name == "mutual_information_decomposition":
            return func(counts, _districts(case["districts"]), **params)
        return func(counts, **params)
    if file_data is not None:
        x, t = file_data[:, 0], file_data[:, 1]
    else:
        x, t = _array(case["x"]), _array(case["t"])
    return func(x, t, **params)


@pytest.mark.parametrize("case", _params())
def test_golden_segregation(case: Optional[Dict[str, Any]]) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    with warnings.catch_warnings():
        # flags (single_area, empty_groups, ...) warn; the golden file checks values only
        warnings.simplefilter("ignore", bildung.BildungWarning)
        if "expected_error" in case:
            cls = ERROR_CLASSES[case["expected_error"]]
            with pytest.raises(cls):
                _call(case)
            return
        result = _call(case)
    expected = case["expected"]
    tol = case.get("tolerance") or {"abs": 1e-12}
    what = case["id"]
    if not isinstance(expected, dict):
        value = result if isinstance(result, float) else result.value
        _close(float(value), expected, tol, what)
        return
    for key, exp in expected.items():
        if key == "values":
            values = result.values if isinstance(result, segregation.LocalResult) else None
            assert values is not None, f"{what}: expected a LocalResult"
            exp_arr = _array(exp)
            assert values.shape == exp_arr.shape, f"{what}: shape {values.shape} != {exp_arr.shape}"
            for idx in np.ndindex(values.shape):
                _close(float(values[idx]), exp_arr[idx], tol, f"{what} values{list(idx)}")
        else:
            _close(float(getattr(result, key)), exp, tol, f"{what} {key}")
