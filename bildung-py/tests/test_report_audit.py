"""The publication of ``bildung report`` audited from outside the project.

Runs the ``bildung`` command line on the bundled real data (built with cargo), reads the
protected tables from its ``report.json`` and checks, with SciPy's linear programming (HiGHS),
what an attacker can derive about every suppressed cell from the published cells, the table's
additivity (every row's categories sum to its total; every aggregate row is the sum of its child
rows, from the row levels) and non-negativity: the interval of each primary cell must reach
``min_count`` (the attacker cannot prove the cell is small) and be at least 1 wide (it cannot be
recomputed). The primary cells are found from the true counts, read from a run with the minimum
count rule switched off (``min_count = 1``: nothing suppressed), because the published files do
not say which suppressed cell is primary. Nothing of bildung's own audit is used.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

scipy_optimize = pytest.importorskip("scipy.optimize")

ROOT = Path(__file__).resolve().parents[2]


def run_report(tmp_path: Path, config: str) -> dict[str, Any]:
    cargo = shutil.which("cargo")
    assert cargo is not None, "cargo is needed to build the bildung command line"
    tmp_path.mkdir(parents=True, exist_ok=True)
    cfg = tmp_path / "config.toml"
    cfg.write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(
        [cargo, "run", "-q", "--locked", "-p", "bildung-cli", "--", "report", "-q",
         "--config", str(cfg), "--out", str(out)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    doc: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return doc


def relations(levels: list[int], n_cols: int) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """(total cell, part cells) of a hierarchical table whose last column is the row total."""
    rel: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    n_rows = len(levels)
    for r in range(n_rows):
        rel.append(((r, n_cols - 1), [(r, c) for c in range(n_cols - 1)]))
        children = []
        for k in range(r + 1, n_rows):
            if levels[k] <= levels[r]:
                break
            if levels[k] == levels[r] + 1:
                children.append(k)
        if children:
            for c in range(n_cols):
                rel.append(((r, c), [(k, c) for k in children]))
    return rel


def attacker_intervals(table: dict[str, Any]) -> dict[tuple[int, int], tuple[float, float]]:
    rows = table["rows"]
    levels = [int(r["level"]) for r in rows]
    n_cols = len(table["columns"])
    cells = {(i, c): rows[i]["cells"][c] for i in range(len(rows)) for c in range(n_cols)}
    unknown = [k for k, v in cells.items() if "value" not in v]
    index = {k: j for j, k in enumerate(unknown)}
    a_eq, b_eq = [], []
    for total, parts in relations(levels, n_cols):
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in index:
                row[index[cell]] += sign
            else:
                rhs -= sign * float(cells[cell]["value"])
        if np.any(row != 0):
            a_eq.append(row)
            b_eq.append(rhs)
        else:
            assert abs(rhs) < 1e-6, f"published cells do not add up at {total}"
    out = {}
    for k in unknown:
        c = np.zeros(len(unknown))
        c[index[k]] = 1.0
        lo = scipy_optimize.linprog(c, A_eq=np.array(a_eq), b_eq=np.array(b_eq),
                                    bounds=(0, None), method="highs")
        hi = scipy_optimize.linprog(-c, A_eq=np.array(a_eq), b_eq=np.array(b_eq),
                                    bounds=(0, None), method="highs")
        assert lo.status == 0
        upper = float("inf") if hi.status == 3 else -hi.fun
        assert cells[k]["status"] == "confidential", (k, cells[k])
        out[k] = (lo.fun, upper)
    return out


def true_values(table: dict[str, Any]) -> dict[tuple[int, int], float]:
    out = {}
    for i, row in enumerate(table["rows"]):
        for c, cell in enumerate(row["cells"]):
            assert "value" in cell, "the unprotected run suppresses nothing"
            out[(i, c)] = float(cell["value"])
    return out


@pytest.mark.parametrize(
    "scope,min_count",
    [("", 3), ('land = "09"\n', 50), ("", 50)],
    ids=["default", "bavaria-min50", "germany-min50"],
)
def test_every_primary_cell_keeps_its_protection_interval(
    tmp_path: Path, scope: str, min_count: int
) -> None:
    plain = run_report(tmp_path / "plain", scope + "[disclosure]\nmin_count = 1\n")
    doc = run_report(tmp_path / "protected", scope + f"[disclosure]\nmin_count = {min_count}\n")
    truth = {t["name"]: true_values(t["table"]) for t in plain["tables"]
             if t["name"] in ("leavers_by_qualification", "hamburg_pupils_by_school_form")}
    tables = {t["name"]: t["table"] for t in doc["tables"]}
    n_primary = 0
    for name, values in truth.items():
        intervals = attacker_intervals(tables[name])
        for cell, x in values.items():
            if 0 < x < min_count:
                n_primary += 1
                assert cell in intervals, (name, cell, x, "a small count is published")
                lo, hi = intervals[cell]
                assert hi >= min_count - 1e-6, (name, cell, x, lo, hi)
                assert hi - lo >= 1 - 1e-6, (name, cell, x, lo, hi)
                assert lo - 1e-6 <= x <= hi + 1e-6
    assert n_primary > 0
