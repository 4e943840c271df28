"""Every case of the shared golden file tests/golden/suppression.json (schema in its README).

Audit intervals come from scipy.optimize.linprog (HiGHS), the protect cases from a brute-force
search of the cheapest safe pattern, the error cases from hand; the same file is read by the Rust
and C tests. Every case runs through the general form (values + relations) and, where the case
names a constructor, through the matching table form of :func:`bildung.disclosure.protect` /
:func:`~bildung.disclosure.audit` too. A missing or empty golden file is a failure, never a skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest

import bildung
from bildung import disclosure as dc
from conftest import golden_compare

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "suppression.json"

ERROR_CLASSES = {
    "InconsistentTable": bildung.InconsistentTableError,
    "NegativeValue": bildung.NegativeValueError,
    "MissingValue": bildung.MissingValueError,
    "InvalidParameter": bildung.ParameterError,
    "ProtectionFailed": bildung.ProtectionError,
}


def _cases() -> List[Any]:
    if not GOLDEN.is_file():
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN.read_text(encoding="utf-8")).get("cases") or []
    if not cases:
        return [pytest.param(None, id="golden-file-has-no-cases")]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _values(v: Any) -> np.ndarray:
    return np.array([float(x) for x in v], dtype=np.float64)


def _forms(case: Dict[str, Any]) -> List[Tuple[str, Any, Dict[str, Any]]]:
    """(name, values, table-form keywords): the general form, and the constructor's form."""
    forms: List[Tuple[str, Any, Dict[str, Any]]] = []
    if "values" in case and "relations" in case:
        forms.append(
            ("general", _values(case["values"]),
             {"relations": [(t, p) for t, p in case["relations"]]})
        )
    b = case.get("build")
    if b:
        f = b["function"]
        if f == "two_way":
            forms.append(("two_way", np.array(b["interior"], dtype=np.float64), {"margins": False}))
        elif f == "two_way_with_margins":
            forms.append(("margins", np.array(b["full"], dtype=np.float64), {"margins": True}))
        elif f == "hierarchical":
            parent = [-1 if p is None else p for p in b["parent"]]
            forms.append(
                ("hierarchical", np.array(b["values"], dtype=np.float64),
                 {"parent": [None if p < 0 else p for p in parent],
                  "total_column": b["total_column"]})
            )
        else:
            raise AssertionError(f"unknown constructor {f!r}")
    return forms


def _check_audit(case: Dict[str, Any], a: dc.AuditResult, where: str) -> None:
    want = case["expected"]
    iv = a.intervals
    lo, hi = iv["lower"].to_numpy(), iv["upper"].to_numpy()
    problems: List[str] = []
    for k, w in enumerate(want["intervals"]):
        if w is None:
            assert np.isnan(lo[k]) and np.isnan(hi[k]), f"{where}: cell {k} should be published"
        else:
            for end, (wv, gv) in enumerate(zip(w, (float(lo[k]), float(hi[k])))):
                if wv in ("inf", "-inf"):  # unbounded: exactly infinite
                    assert gv == float(wv), f"{where}: cell {k} end {end}: want {wv}, got {gv}"
                else:
                    golden_compare(wv, gv, case["tolerance"], f"{where}.intervals[{k}]", problems)
    assert not problems, "\n".join(problems)
    assert np.flatnonzero(iv["unsafe"].to_numpy()).tolist() == want["unsafe_cells"], where
    assert a.is_safe == (not want["unsafe_cells"])


def _run_protect(case: Dict[str, Any], values: Any, form: Dict[str, Any]) -> dc.ProtectedTable:
    rules, options = case["rules"], case["options"]
    return dc.protect(
        values,
        **form,
        min_count=rules["min_count"],
        protect_zeros=rules["protect_zeros"],
        cost=options["cost"],
        must_publish=np.asarray(options["must_publish"], dtype=np.int64),
        max_rounds=options["max_rounds"],
    )


def _check_protect(case: Dict[str, Any], p: dc.ProtectedTable, where: str) -> None:
    want = case["expected"]
    codes = p.codes.reshape(-1)
    values = np.asarray(p.values, dtype=np.float64).reshape(-1)
    assert values.tolist() == _values(case["values"]).tolist(), where
    assert np.flatnonzero(codes == 3).tolist() == want["primary"], where
    cost = float(values[codes == 4].sum())
    tol = case["tolerance"]["abs"]
    # never cheaper than the brute-force optimum (that would be an unsafe pattern)
    assert want["optimal_cost"] - tol <= cost <= want["max_cost"] + tol, f"{where}: cost {cost}"
    if want.get("status") is not None:
        assert codes.tolist() == want["status"], where
    assert p.audit.is_safe, where
    # the returned pattern passes an independent audit call
    rel = [(t, q) for t, q in case["relations"]]
    again = dc.audit(_values(case["values"]), codes, relations=rel,
                     min_count=case["rules"]["min_count"])
    assert again.is_safe, where


@pytest.mark.parametrize("case", _cases())
def test_golden_suppression(case: Any) -> None:
    assert case is not None, f"{GOLDEN} is missing or has no cases"
    kind = case["kind"]
    forms = _forms(case)
    assert forms, f"{case['id']}: no table form"
    for name, values, form in forms:
        where = f"{case['id']} ({name})"
        if "expected_error" in case:
            cls = ERROR_CLASSES[case["expected_error"]]
            with pytest.raises(cls) as info:
                if kind == "protect":
                    _run_protect(case, values, form)
                else:
                    dc.table_relations(values, **form)
            assert info.value.kind == case["expected_error"], where
            continue
        if kind == "audit":
            status = np.asarray(case["status"], dtype=np.int64)
            a = dc.audit(values, status.reshape(np.shape(values)) if name == "margins" else
                         status if name == "general" else _status_for(values, form, status),
                         **form, min_count=case["rules"]["min_count"])
            _check_audit(case, a, where)
        elif kind == "protect":
            _check_protect(case, _run_protect(case, values, form), where)
        else:
            raise AssertionError(f"unknown kind {kind!r}")
        if name != "general":
            full, rel = dc.table_relations(values, **form)
            assert np.asarray(full).reshape(-1).tolist() == _values(case["values"]).tolist()
            assert sorted((t, sorted(p)) for t, p in rel) == sorted(
                (t, sorted(p)) for t, p in case["relations"]
            ), where


def _status_for(values: Any, form: Dict[str, Any], status: np.ndarray) -> np.ndarray:
    """The flat golden statuses in the shape of the full table of a form."""
    full, _ = dc.table_relations(values, **form)
    return status.reshape(np.shape(full))


def test_golden_file_covers_every_form() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    kinds = {(c["kind"], (c.get("build") or {}).get("function")) for c in cases}
    for k in [("audit", "two_way"), ("audit", "hierarchical"), ("audit", None),
              ("protect", "two_way"), ("protect", "hierarchical")]:
        assert k in kinds, k
