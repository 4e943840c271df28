"""Every case of the shared golden file tests/golden/indicators.json (README section
"Indicators"), run through bildung.indicators with pandas DataFrames.

The expected values come from outside bildung (methods.md / indicators.md hand calculations, a
published Förderquote, pandas groupby on random tables; see generate_indicators.py); the same
file is read by the Rust and C tests. A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import copy
import json
import math
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import indicators as ind

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "indicators.json"

#: core error kind name -> Python exception class, from the compiled module itself
ERROR_CLASSES = {name: cls for name, _, cls in bildung._core.error_classes()}


def _load() -> Dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = _load().get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["name"]) for c in cases]


def _num(v: Any) -> float:
    return math.nan if v is None else float(v)


def _close(got: float, want: Any, tol: float, what: str) -> None:
    """README: `tolerance` is relative to max(1, |expected|); null = NaN."""
    if want is None:
        assert math.isnan(got), f"{what}: expected NaN, got {got!r}"
        return
    assert abs(got - want) <= tol * max(1.0, abs(want)), f"{what}: got {got!r}, expected {want!r}"


def _frame(spec: Dict[str, Any]) -> pd.DataFrame:
    """A golden table as a long DataFrame: text columns as object, integer columns as int64,
    counts as float64 (null = NaN), the optional symbols as object (null = None)."""
    columns: Dict[str, Any] = {}
    for name, values in spec["columns"].items():
        is_text = bool(values) and isinstance(values[0], str)
        columns[name] = pd.Series(values, dtype=object if is_text else np.int64)
    columns["count"] = np.array([_num(c) for c in spec["count"]], dtype=np.float64)
    if spec.get("symbol") is not None:
        columns["symbol"] = pd.Series(spec["symbol"], dtype=object)
    return pd.DataFrame(columns)


def _run_engine(case: Dict[str, Any]) -> pd.DataFrame:
    cat = ind.Catalogue.builtin() if case.get("builtin") else ind.Catalogue()
    if case.get("definitions_toml"):
        cat.add_toml(case["definitions_toml"])
    tables = {kind: _frame(spec) for kind, spec in case["tables"].items()}
    request = case["request"]
    with warnings.catch_warnings():
        # notes such as a filter value no row has; the golden file checks values
        warnings.simplefilter("ignore", bildung.BildungWarning)
        return ind.compute(
            tables,
            request.get("indicators") or None,
            by=request.get("by") or [],
            periods=request.get("periods"),
            catalogue=cat,
            units=case.get("units"),
        )


def _check_engine(case: Dict[str, Any]) -> None:
    name, tol = case["name"], float(case.get("tolerance", 1e-9))
    if "error" in case:
        kind = case["error"]["kind"]
        with pytest.raises(ERROR_CLASSES[kind]) as info:
            _run_engine(case)
        assert info.value.kind == kind, f"{name}: {info.value}"
        for word in case["error"].get("contains", []):
            assert word in str(info.value), f"{name}: `{info.value}` lacks `{word}`"
        return
    df = _run_engine(case)
    by = list(case["request"].get("by") or [])
    if "n_records" in case:
        assert len(df) == case["n_records"], f"{name}: {len(df)} records"
    if "skipped" in case:
        assert sorted(i for i, _ in df.attrs["skipped"]) == sorted(case["skipped"]), name
    keys = zip(
        df["indicator"].astype(str),
        df["unit_id"].astype(str),
        df["period"].tolist(),
        *[df[b].astype(str) for b in by],
        df["category"].astype(str),
    )
    position: Dict[Tuple[Any, ...], int] = {}
    for i, key in enumerate(keys):
        assert key not in position, f"{name}: two records for {key}"
        position[key] = i
    for x in case["expected"]:
        key = (x["indicator"], x["unit"], x["period"], *x["by"], x["category"])
        assert key in position, f"{name}: no record for {key}"
        row = df.iloc[position[key]]
        what = f"{name}: {key}"
        if "status" in x:
            assert row["status"] == x["status"], f"{what}: status {row['status']}"
        _close(float(row["value"]), x["value"], tol, f"{what}: value")
        for field in ("numerator", "denominator", "se"):
            if field in x:
                _close(float(row[field]), x[field], tol, f"{what}: {field}")
        if "flags" in x:
            got = [f for f in str(row["flags"]).split("|") if f]
            assert got == x["flags"], f"{what}: flags {got}"
        if "symbol" in x:
            assert row["symbol"] == x["symbol"], f"{what}: symbol {row['symbol']!r}"


def _call_function(case: Dict[str, Any]) -> ind.CohortQuota:
    nums = lambda k: np.array([_num(v) for v in case[k]], dtype=np.float64)  # noqa: E731
    if case["function"] == "quota_sum":
        return ind.quota_sum(nums("events"), nums("population"))
    if case["function"] == "mean_cohort":
        return ind.mean_cohort(_num(case["events"]), nums("band_population"))
    raise AssertionError(f"unknown function {case['function']}")


def _check_function(case: Dict[str, Any]) -> None:
    name, tol = case["name"], float(case.get("tolerance", 1e-9))
    if "error" in case:
        kind = case["error"]["kind"]
        with pytest.raises(ERROR_CLASSES[kind]) as info:
            _call_function(case)
        assert info.value.kind == kind, name
        return
    q = _call_function(case)
    x = case["expected"]
    assert q.status == x["status"], f"{name}: status {q.status}"
    _close(q.value, x["value"], tol, f"{name}: value")
    if "se" in x:
        _close(q.se, x["se"], tol, f"{name}: se")
    if "flags" in x:
        assert list(q.flags) == x["flags"], f"{name}: flags {q.flags}"


def check(case: Dict[str, Any]) -> None:
    if "function" in case:
        _check_function(case)
    else:
        _check_engine(case)


@pytest.mark.parametrize("case", _params())
def test_golden_indicators(case: Optional[Dict[str, Any]]) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    check(case)


def test_golden_file_covers_engine_and_functions() -> None:
    assert GOLDEN.is_file(), f"{GOLDEN} is missing"
    cases = _load()["cases"]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "golden case names must be unique"
    assert {c["function"] for c in cases if "function" in c} == {"quota_sum", "mean_cohort"}
    assert any("expected" in c and "function" not in c for c in cases)
    assert any("error" in c and "function" not in c for c in cases)


def test_the_checker_rejects_wrong_expectations() -> None:
    """The reader compares: a case with a changed value, status, flag or error fails."""
    assert GOLDEN.is_file(), f"{GOLDEN} is missing"
    cases = _load()["cases"]
    engine = next(c for c in cases if c.get("expected") and "function" not in c)
    for field, value in [("value", 1e6), ("status", "no_data"), ("flags", ["age_gap"])]:
        wrong = copy.deepcopy(engine)
        wrong["expected"][0][field] = value
        with pytest.raises(AssertionError):
            check(wrong)
    missing = copy.deepcopy(engine)
    missing["expected"][0]["unit"] = "no such area"
    with pytest.raises(AssertionError):
        check(missing)
    failing = next(c for c in cases if "error" in c and "function" not in c)
    wrong_word = copy.deepcopy(failing)
    wrong_word["error"]["contains"] = ["a word the message lacks"]
    with pytest.raises(AssertionError):
        check(wrong_word)
    function = next(c for c in cases if c.get("function") == "quota_sum" and "expected" in c)
    wrong_fn = copy.deepcopy(function)
    wrong_fn["expected"]["value"] = 1.0
    with pytest.raises(AssertionError):
        check(wrong_fn)
