#!/usr/bin/env python3
"""Time bildung's cell suppression and LP audit against an audit with SciPy's HiGHS on the same
suppression patterns.

No maintained Python package does secondary cell suppression (sdcTable and tau-ARGUS are R and
Java); the part a peer can do is the audit: the interval an attacker can derive for every
suppressed cell from the published cells, the additivity and non-negativity. One run, per size:

* bildung ``disclosure.protect(values, parent=..., total_column=...)``: primary suppression
  (minimum count 3), secondary suppression with its audit-and-repair loop and the exact final
  audit (Rust, single-threaded);
* bildung ``disclosure.audit(values, status, parent=..., total_column=...)`` of that pattern:
  every unpublished cell's exact interval;
* the peer: ``scipy.optimize.linprog(method="highs")`` minimising and maximising every
  unpublished cell over the same constraints, split into the connected components of the
  unpublished cells as bildung does (without the split it is far slower), SciPy 1.17.1.

It prints the median times, the ratio peer audit / bildung audit, the sizes (cells, primary,
secondary) and the largest difference between the two audits' interval bounds (exit status 1
above 1e-6).

Data (numpy PCG64, seeded per size): 3 levels, 1 city, ``max(3, k/50)`` Bezirke, the rest
Ortsteile assigned to Bezirke at random; an Ortsteil's population is lognormal around 400 (sd of
the log 0.8), its 19 category counts are Poisson(population x share) with fixed shares from
0.3 % to 20 %; column 19 is the row total; Bezirk and city rows are sums (the model of the
criterion bench ``benches/benches/disclosure.rs``, with numpy's generator).

Usage::

    python benches/python/compare_disclosure.py [--sizes 100,300,1000] [--repeats 3]
           [--json results.json]

Build bildung in release mode first (``maturin develop --release -m bildung-py/Cargo.toml``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd
import scipy
from scipy.optimize import linprog

import bildung
from bildung import disclosure

CATS = 19


def generate(k: int) -> Tuple[pd.DataFrame, List[Any]]:
    rng = np.random.default_rng(0xD15C + k)
    n_bez = max(3, k // 50)
    n_ot = k - 1 - n_bez
    shares = np.linspace(0.003, 0.2, CATS)
    shares = shares / shares.sum()
    bezirk_of = rng.integers(0, n_bez, size=n_ot)
    pop = np.exp(np.log(400.0) + 0.8 * rng.standard_normal(n_ot))
    counts = rng.poisson(np.outer(pop, shares)).astype(float)
    rows: List[np.ndarray] = []
    labels: List[str] = []
    parent: List[Any] = []
    city = np.zeros(CATS)
    blocks = []
    for b in range(n_bez):
        kids = counts[bezirk_of == b]
        blocks.append((b, kids))
        city += kids.sum(axis=0)
    rows.append(city)
    labels.append("city")
    parent.append(None)
    for b, kids in blocks:
        rows.append(kids.sum(axis=0))
        labels.append(f"B{b}")
        parent.append("city")
        for j, r in enumerate(kids):
            rows.append(r)
            labels.append(f"B{b}-O{j}")
            parent.append(f"B{b}")
    values = np.array(rows)
    values = np.column_stack([values, values.sum(axis=1)])
    df = pd.DataFrame(values, index=labels, columns=[f"c{j}" for j in range(CATS)] + ["total"])
    return df, parent


def relations(df: pd.DataFrame, parent: List[Any]) -> List[Tuple[int, List[int]]]:
    """(total cell, parts) in row-major cell numbering."""
    n_rows, n_cols = df.shape
    pos = {label: i for i, label in enumerate(df.index)}
    rel: List[Tuple[int, List[int]]] = []
    for i in range(n_rows):
        rel.append((i * n_cols + n_cols - 1, [i * n_cols + c for c in range(n_cols - 1)]))
    children: Dict[int, List[int]] = {}
    for i, p in enumerate(parent):
        if p is not None:
            children.setdefault(pos[p], []).append(i)
    for p, kids in children.items():
        for c in range(n_cols):
            rel.append((p * n_cols + c, [k * n_cols + c for k in kids]))
    return rel


def peer_audit(values: np.ndarray, unpublished: np.ndarray,
               rel: List[Tuple[int, List[int]]]) -> Dict[int, Tuple[float, float]]:
    """Exact intervals with HiGHS, component by component."""
    unknown = [int(c) for c in np.flatnonzero(unpublished)]
    uf = {c: c for c in unknown}

    def find(a: int) -> int:
        while uf[a] != a:
            uf[a] = uf[uf[a]]
            a = uf[a]
        return a

    rel_unknown = []
    for total, parts in rel:
        cells = [total] + parts
        u = [c for c in cells if unpublished[c]]
        if u:
            rel_unknown.append((total, parts))
            for c in u[1:]:
                uf[find(c)] = find(u[0])
    comps: Dict[int, List[int]] = {}
    for c in unknown:
        comps.setdefault(find(c), []).append(c)
    out: Dict[int, Tuple[float, float]] = {}
    for members in comps.values():
        index = {c: j for j, c in enumerate(members)}
        a_eq, b_eq = [], []
        for total, parts in rel_unknown:
            if not any(c in index for c in [total] + parts):
                continue
            row = np.zeros(len(members))
            rhs = 0.0
            for c, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
                if c in index:
                    row[index[c]] += sign
                else:
                    rhs -= sign * values[c]
            a_eq.append(row)
            b_eq.append(rhs)
        a = np.array(a_eq)
        b = np.array(b_eq)
        for c in members:
            obj = np.zeros(len(members))
            obj[index[c]] = 1.0
            lo = linprog(obj, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
            hi = linprog(-obj, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
            upper = float("inf") if hi.status == 3 else -hi.fun
            out[c] = (float(lo.fun), upper)
    return out


def median_time(fn: Callable[[], Any], repeats: int) -> Tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,300,1000")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    results = []
    worst = 0.0
    print(f"bildung {bildung.__version__}, SciPy {scipy.__version__} (HiGHS), numpy {np.__version__}")
    print(f"{'areas':>6} {'cells':>7} {'primary':>8} {'second.':>8} {'protect':>9} "
          f"{'audit':>9} {'HiGHS audit':>12} {'ratio':>7} {'max |diff|':>11}")
    for k in [int(s) for s in args.sizes.split(",")]:
        df, parent = generate(k)
        tables = df.assign(parent=parent)
        t_protect, prot = median_time(
            lambda: disclosure.protect(tables, parent="parent", total_column="total"),
            args.repeats)
        codes = prot.codes
        t_audit, aud = median_time(
            lambda: disclosure.audit(tables, codes, parent="parent", total_column="total"),
            args.repeats)
        values = df.to_numpy().ravel()
        unpublished = np.asarray(codes).ravel() >= 3
        rel = relations(df, parent)
        t_peer, peer = median_time(lambda: peer_audit(values, unpublished, rel), 1)
        iv = aud.intervals
        lower = iv["lower"].to_numpy()
        upper = iv["upper"].to_numpy()
        diff = 0.0
        for c, (lo, hi) in peer.items():
            diff = max(diff, abs(lo - lower[c]))
            if np.isfinite(hi) or np.isfinite(upper[c]):
                diff = max(diff, abs(hi - upper[c]))
        worst = max(worst, diff)
        n_primary, n_secondary = prot.n_primary, prot.n_secondary
        ratio = t_peer / t_audit
        print(f"{k:>6} {df.size:>7} {n_primary:>8} {n_secondary:>8} {t_protect:>8.3f}s "
              f"{t_audit:>8.3f}s {t_peer:>11.3f}s {ratio:>6.1f}x {diff:>11.2e}")
        results.append(dict(areas=k, cells=int(df.size), primary=n_primary,
                            secondary=n_secondary, protect_s=t_protect, audit_s=t_audit,
                            highs_audit_s=t_peer, ratio=ratio, max_abs_diff=diff))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dict(date=datetime.date.today().isoformat(), results=results), f, indent=2)
    return 0 if worst <= 1e-6 else 1


if __name__ == "__main__":
    sys.exit(main())
