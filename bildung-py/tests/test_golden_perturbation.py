"""Every case of the shared golden file tests/golden/perturbation.json (schema in its README).

The expected values come from outside bildung (hand calculations, the documented key
algorithms computed with Python integers / hmac, SciPy maximum-entropy ptables); the same file is
read by the Rust and C tests. Keys are compared bit for bit through ``key_bits`` (key * 2^53, exact
integers). A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest

import bildung
from bildung import disclosure as dc
from conftest import golden_compare

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "perturbation.json"

ERROR_CLASSES = {
    "ShapeMismatch": bildung.ShapeError,
    "MissingValue": bildung.MissingValueError,
    "NonFinite": bildung.NonFiniteError,
    "InvalidCount": bildung.InvalidCountError,
    "InvalidParameter": bildung.ParameterError,
    "InconsistentTable": bildung.InconsistentTableError,
    "MalformedInput": bildung.MalformedInputError,
}

TWO_53 = 2.0**53


def _params() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN.read_text(encoding="utf-8")).get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _values(v: Any) -> np.ndarray:
    return np.array([float(x) for x in v], dtype=np.float64)


def _bits(keys: Any) -> List[int]:
    """key * 2^53 as exact integers (keys are multiples of 2^-53)."""
    out = []
    for k in np.atleast_1d(np.asarray(keys, dtype=np.float64)):
        b = k * TWO_53
        assert b == int(b), f"key {k!r} is not a multiple of 2^-53"
        out.append(int(b))
    return out


def _record_keys(case: Dict[str, Any]) -> np.ndarray:
    """The record keys of a case: from the exact bits where given."""
    if "record_key_bits" in case:
        return np.array([b / TWO_53 for b in case["record_key_bits"]], dtype=np.float64)
    return _values(case["record_keys"])


def _ptable(case: Dict[str, Any]) -> dc.PTable:
    if "ptable_csv" in case:
        return dc.PTable.from_csv(case["ptable_csv"])
    p = case["ptable_params"]
    return dc.PTable.generate(p["max_deviation"], p["variance"], js=p["js"])


def _run(case: Dict[str, Any]) -> Dict[str, Any]:
    f = case["function"]
    if f == "round_to_base":
        return {"rounded": dc.round_to_base(_values(case["values"]), case["params"]["base"]).tolist()}
    if f == "round_table_counts":
        t = dc.round_table(
            _values(case["values"]), case["params"]["base"], [tuple(r) for r in case["relations"]]
        )
        return {
            "rounded": t.values.tolist(),
            "max_abs_deviation": t.max_abs_deviation,
            "n_changed": t.n_changed,
            "totals_differ": t.totals_differ,
            "max_total_discrepancy": t.max_total_discrepancy,
        }
    if f == "record_keys":
        k = dc.record_keys(int(case["seed"]), case["n"], start=case["start"])
        return {"keys": k.tolist(), "key_bits": _bits(k)}
    if f == "cell_key":
        key = dc.cell_key(_record_keys(case))
        return {"key": key, "key_bits": _bits(key)[0]}
    if f == "cell_keys_by_group":
        k = dc.cell_keys(
            _record_keys(case), np.asarray(case["groups"], dtype=np.int64), n_cells=case["n_cells"]
        )
        return {"keys": k.tolist(), "key_bits": _bits(k)}
    if f == "cell_key_from_id":
        key = dc.cell_key_from_id(case["cell_id"], int(case["secret"]))
        return {"key": key, "key_bits": _bits(key)[0]}
    if f == "ptable_generate":
        p = case["params"]
        t = dc.PTable.generate(p["max_deviation"], p["variance"], js=p["js"])
        cols = t.columns()
        out: Dict[str, Any] = {k: v.tolist() for k, v in cols.items()}
        out["max_i"] = t.max_i
        return out
    if f == "perturb":
        t = _ptable(case)
        return {"perturbed": dc.perturb(_values(case["counts"]), _values(case["cell_keys"]), t).tolist()}
    if f == "perturb_ids":
        t = _ptable(case)
        keys = dc.cell_key_from_id(case["cell_ids"], int(case["secret"]))
        return {
            "cell_keys": keys.tolist(),
            "perturbed": dc.perturb(_values(case["counts"]), keys, t).tolist(),
        }
    raise AssertionError(f"unknown function {f!r} in the golden file")


@pytest.mark.parametrize("case", _params())
def test_golden_perturbation(case: Any) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    if "expected_error" in case:
        cls = ERROR_CLASSES[case["expected_error"]]
        with pytest.raises(cls) as info:
            _run(case)
        assert info.value.kind == case["expected_error"]
        if case.get("error_index") is not None:
            assert info.value.index == case["error_index"]
        return
    got = _run(case)
    field_tol = case.get("field_tolerance") or {}
    problems: List[str] = []
    for key, want in case["expected"].items():
        assert key in got, f"{case['id']}: no result for {key}"
        if key == "key_bits":
            # exact integers: the keys must agree bit for bit
            assert got[key] == want, f"{case['id']}: key_bits {got[key]} != {want}"
            continue
        tol = field_tol.get(key, case["tolerance"])
        golden_compare(want, got[key], tol, f"{case['id']}.{key}", problems)
    assert not problems, "\n".join(problems)


def test_golden_file_covers_every_function() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    functions = {c["function"] for c in cases}
    assert functions == {
        "round_to_base",
        "round_table_counts",
        "record_keys",
        "cell_key",
        "cell_keys_by_group",
        "cell_key_from_id",
        "ptable_generate",
        "perturb",
        "perturb_ids",
    }
