#!/usr/bin/env python3
"""Generate tests/golden/suppression.json: cell suppression and its audit (issue 6).

No bildung import. The outside check of every audit interval is scipy.optimize.linprog (HiGHS):
for each unpublished cell i, min and max of x_i subject to the relations, the published values
and x >= 0. The minimum-cost safe patterns of the `protect` cases are found by brute force over
all subsets of publishable cells (smallest total value first), each audited by the same LPs.

Run with the peer venv:
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install -r benches/python/requirements.txt
    /tmp/peers/bin/python tests/golden/generate_suppression.py
"""

import itertools
import json
import os

import numpy as np
import scipy
from scipy.optimize import linprog

# CellStatus codes (bildung_core::disclosure::CellStatus, stable)
PUBLISHED, ZERO, LESS_THAN_HALF, PRIMARY, SECONDARY, UNKNOWN, LATER, NOT_MEANINGFUL, UNRELIABLE = range(9)
PUBLISHED_CODES = {PUBLISHED, ZERO, LESS_THAN_HALF}

TOL = {"abs": 1e-6, "rel": 1e-9}


# ---------------------------------------------------------------- table builders (the documented layouts)
def two_way(interior):
    """Values and relations of an (r+1) x (c+1) table with margins, row-major."""
    a = np.asarray(interior, dtype=float)
    r, c = a.shape
    full = np.zeros((r + 1, c + 1))
    full[:r, :c] = a
    full[:r, c] = a.sum(axis=1)
    full[r, :] = full[:r, :].sum(axis=0)
    w = c + 1
    rel = []
    for i in range(r + 1):
        rel.append([i * w + c, [i * w + j for j in range(c)]])
    for j in range(c + 1):
        rel.append([r * w + j, [i * w + j for i in range(r)]])
    return full.ravel().tolist(), rel


def hierarchical(values, parent, total_column):
    v = np.asarray(values, dtype=float)
    rows, cols = v.shape
    rel = []
    for p in range(rows):
        ch = [r for r in range(rows) if parent[r] == p]
        if ch:
            for j in range(cols):
                rel.append([p * cols + j, [r * cols + j for r in ch]])
    if total_column is not None:
        t = total_column
        for r in range(rows):
            rel.append([r * cols + t, [r * cols + j for j in range(cols) if j != t]])
    return v.ravel().tolist(), rel


# ---------------------------------------------------------------- the LP audit (peer)
def intervals(values, relations, status):
    """[lo, hi] per unpublished cell by scipy linprog (HiGHS); None for published cells."""
    n = len(values)
    unpub = [i for i in range(n) if status[i] not in PUBLISHED_CODES]
    idx = {c: k for k, c in enumerate(unpub)}
    rows, rhs = [], []
    for total, parts in relations:
        row = np.zeros(len(unpub))
        b = 0.0
        touched = False
        for c, a in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if c in idx:
                row[idx[c]] += a
                touched = True
            else:
                b -= a * values[c]
        if touched:
            rows.append(row)
            rhs.append(b)
    out = [None] * n
    if not unpub:
        return out
    A = np.array(rows) if rows else None
    b = np.array(rhs) if rows else None
    for c, k in idx.items():
        res = []
        for sign in (1.0, -1.0):
            obj = np.zeros(len(unpub))
            obj[k] = sign
            r = linprog(obj, A_eq=A, b_eq=b, bounds=[(0, None)] * len(unpub), method="highs")
            if r.status == 3:
                res.append(float("inf") if sign < 0 else 0.0)
            else:
                assert r.status == 0, r.message
                res.append(sign * r.fun)
        lo, hi = res[0], res[1]
        out[c] = [max(lo, 0.0), hi]
    return out


def frequency_requirement(x, min_count):
    return (0.0, max(min_count - x, 0.0), 1.0)


def unsafe_cells(values, status, iv, requirement):
    bad = []
    for c, s in enumerate(status):
        if s != PRIMARY:
            continue
        lower, upper, sliding = requirement(values[c])
        x = values[c]
        lo, hi = iv[c]
        e = 1e-7 * max(1.0, abs(x))
        if not (hi >= x + upper - e and lo <= x - lower + e and hi - lo >= sliding - e):
            bad.append(c)
    return bad


def primary_status(values, min_count, protect_zeros=False):
    out = []
    for v in values:
        if (0 < v < min_count) or (protect_zeros and v == 0):
            out.append(PRIMARY)
        elif v == 0:
            out.append(ZERO)
        else:
            out.append(PUBLISHED)
    return out


def jnum(v):
    if v == float("inf"):
        return "inf"
    return float(v)


def jiv(iv):
    return [None if p is None else [jnum(p[0]), jnum(p[1])] for p in iv]


def brute_force_optimum(values, relations, primary, min_count, must_publish=(), max_extra=4):
    """Cheapest (by total value) safe set of secondary cells, over all subsets of at most
    max_extra publishable cells; returns (cost, [patterns of that cost])."""
    n = len(values)
    cand = [c for c in range(n) if primary[c] not in (PRIMARY,) and c not in must_publish]
    req = lambda x: frequency_requirement(x, min_count)
    subsets = []
    for k in range(0, max_extra + 1):
        for s in itertools.combinations(cand, k):
            subsets.append((sum(values[c] for c in s), s))
    subsets.sort()
    best, pats = None, []
    for cost, s in subsets:
        if best is not None and cost > best + 1e-9:
            break
        st = list(primary)
        for c in s:
            st[c] = SECONDARY
        iv = intervals(values, relations, st)
        if not unsafe_cells(values, st, iv, req):
            best = cost
            pats.append(sorted(s))
    return best, pats


# ---------------------------------------------------------------- cases
cases = []


def audit_case(cid, values, relations, status, source, derivation, build=None, min_count=3.0):
    iv = intervals(values, relations, status)
    bad = unsafe_cells(values, status, iv, lambda x: frequency_requirement(x, min_count))
    cases.append(
        {
            "id": cid,
            "kind": "audit",
            "build": build,
            "values": values,
            "relations": relations,
            "status": list(status),
            "rules": {"min_count": min_count, "protect_zeros": False},
            "expected": {"intervals": jiv(iv), "unsafe_cells": bad},
            "tolerance": TOL,
            "source": source,
            "derivation": derivation,
        }
    )


SRC_LP = "scipy %s linprog (HiGHS): min and max of each unpublished cell [peer]" % scipy.__version__

# 1. 3x3 with margins, rectangle pattern (safe)
interior = [[1, 5, 8], [6, 4, 9], [7, 10, 12]]
vals, rels = two_way(interior)
st = [PUBLISHED] * len(vals)
st[0] = PRIMARY
for c in (1, 4, 5):
    st[c] = SECONDARY
audit_case(
    "audit_3x3_rectangle_safe",
    vals,
    rels,
    st,
    SRC_LP,
    "a + b = 6, a + c = 7, c + d = 10, b + d = 9: a = t in [0, 6] (b = 6 - t, c = 7 - t, d = 3 + t); 6 >= 1 + 2",
    build={"function": "two_way", "interior": interior},
)

# 2. only the row partner (unsafe: the column totals give both cells)
st = [PUBLISHED] * len(vals)
st[0] = PRIMARY
st[1] = SECONDARY
audit_case(
    "audit_3x3_only_row_partner_unsafe",
    vals,
    rels,
    st,
    SRC_LP,
    "column 0: a = 14 - 6 - 7 = 1 exactly (the column total and the other cells are published)",
    build={"function": "two_way", "interior": interior},
)

# 3. a partner too small to carry the movement: interval [0, 1 + 1] < 3
interior3 = [[1, 1, 8], [1, 4, 9], [7, 10, 12]]
vals3, rels3 = two_way(interior3)
st = [PUBLISHED] * len(vals3)
for c in (0, 1, 4):
    st[c] = PRIMARY
st[5] = SECONDARY
audit_case(
    "audit_3x3_small_partners_unsafe",
    vals3,
    rels3,
    st,
    SRC_LP,
    "a + b = 2, a + c = 2, c + d = 5, b + d = 5: a in [0, 2]; each 1 can reach at most 2 < 3",
    build={"function": "two_way", "interior": interior3},
)

# 4. hierarchy city > 2 Bezirke > 2 Ortsteile each, columns a, b, total
#    rows: 0 city, 1 B1, 2 B2, 3 O11, 4 O12, 5 O21, 6 O22
parent = [None, 0, 0, 1, 1, 2, 2]
ot = {3: [1, 6], 4: [5, 4], 5: [7, 3], 6: [4, 8]}
H = np.zeros((7, 3))
for r, (a, b) in ot.items():
    H[r] = [a, b, a + b]
H[1] = H[3] + H[4]
H[2] = H[5] + H[6]
H[0] = H[1] + H[2]
hv, hr = hierarchical(H.tolist(), parent, 2)
# unsafe on purpose: O11a primary, row partner O11b, Bezirk partner O12a; O12b and O21.. published
st = [PUBLISHED] * len(hv)
st[3 * 3 + 0] = PRIMARY
st[3 * 3 + 1] = SECONDARY
st[4 * 3 + 0] = SECONDARY
audit_case(
    "audit_hierarchy_recomputable_unsafe",
    hv,
    hr,
    st,
    SRC_LP,
    "O12a = O12total - O12b (its row is otherwise published), then O11a = B1a - O12a = 1 exactly",
    build={"function": "hierarchical", "values": H.tolist(), "parent": parent, "total_column": 2},
)
# safe: the rectangle O11a, O11b, O12a, O12b
st[4 * 3 + 1] = SECONDARY
audit_case(
    "audit_hierarchy_rectangle_safe",
    hv,
    hr,
    st,
    SRC_LP,
    "O11a + O11b = 7, O11a + O12a = 6, O12a + O12b = 9, O11b + O12b = 10: O11a = t in [0, 6]",
    build={"function": "hierarchical", "values": H.tolist(), "parent": parent, "total_column": 2},
)

# 5. everything unknown: unbounded intervals
vals5, rels5 = two_way([[1, 5], [6, 9]])
audit_case(
    "audit_all_unknown_unbounded",
    vals5,
    rels5,
    [UNKNOWN] * len(vals5),
    SRC_LP,
    "no published cell: every cell can grow without limit (scaled copies of a feasible table)",
    build={"function": "two_way", "interior": [[1, 5], [6, 9]]},
)

# 6. a general linear table: one relation, three parts, two suppressed
audit_case(
    "audit_general_one_relation",
    [2.0, 7.0, 4.0, 13.0],
    [[3, [0, 1, 2]]],
    [PRIMARY, SECONDARY, PUBLISHED, PUBLISHED],
    SRC_LP,
    "x0 + x1 = 13 - 4 = 9: both in [0, 9]",
)

# 7. random patterns on random 4x5 tables (numpy seed 6): intervals by LP only
rng = np.random.default_rng(6)
for k in range(4):
    interior7 = rng.integers(0, 12, size=(4, 5)).tolist()
    v7, r7 = two_way(interior7)
    st = [PUBLISHED] * len(v7)
    for c in rng.choice(len(v7), size=6 + 2 * k, replace=False):
        st[int(c)] = PRIMARY if 0 < v7[int(c)] < 3 else SECONDARY
    audit_case(
        f"audit_random_4x5_pattern_{k}",
        v7,
        r7,
        st,
        SRC_LP,
        "random table and pattern (numpy default_rng(6)); intervals from the LPs only",
        build={"function": "two_way", "interior": interior7},
    )


# ---------------------------------------------------------------- protect cases (brute-force optimum)
def protect_case(cid, values, relations, min_count, source, derivation, build=None,
                 must_publish=(), expected_status=None, cost_factor=1.5, max_extra=4):
    prim = primary_status(values, min_count)
    best, pats = brute_force_optimum(values, relations, prim, min_count, must_publish, max_extra)
    assert best is not None, cid
    if expected_status is None and len(pats) == 1:
        st = list(prim)
        for c in pats[0]:
            st[c] = SECONDARY
        expected_status = st
    cases.append(
        {
            "id": cid,
            "kind": "protect",
            "build": build,
            "values": values,
            "relations": relations,
            "status": None,
            "rules": {"min_count": min_count, "protect_zeros": False},
            "options": {"cost": "value", "must_publish": list(must_publish), "max_rounds": 200},
            "expected": {
                "primary": [c for c in range(len(values)) if prim[c] == PRIMARY],
                "optimal_cost": best,
                "optimal_patterns": pats,
                "max_cost": cost_factor * best,
                "status": expected_status,
            },
            "tolerance": TOL,
            "source": source,
            "derivation": derivation,
        }
    )


SRC_BF = ("brute force over all subsets of publishable cells (cheapest total value first), "
          "each audited by scipy %s linprog (HiGHS) [peer]" % scipy.__version__)

protect_case(
    "protect_3x3_one_primary_rectangle",
    vals,
    rels,
    3.0,
    SRC_BF,
    "one primary cell (1); the cheapest safe pattern is the rectangle 1, 5, 6, 4 (cost 15): "
    "a row partner, a column partner and the cell closing the cycle",
    build={"function": "two_way", "interior": interior},
)

# hierarchy (no total column): a primary in a Bezirk row (B1a = 1 + 1 = 2) needs a partner
# among the Bezirke; the city row must be published
#   rows: 0 city, 1 B1, 2 B2, 3 O11, 4 O12, 5 O21, 6 O22; columns a, b
parent8 = [None, 0, 0, 1, 1, 2, 2]
ot8 = {3: [1, 10], 4: [1, 12], 5: [9, 14], 6: [11, 13]}
H8 = np.zeros((7, 2))
for r, ab in ot8.items():
    H8[r] = ab
H8[1] = H8[3] + H8[4]
H8[2] = H8[5] + H8[6]
H8[0] = H8[1] + H8[2]
hv8, hr8 = hierarchical(H8.tolist(), parent8, None)
protect_case(
    "protect_hierarchy_bezirk_gets_partner",
    hv8,
    hr8,
    3.0,
    SRC_BF,
    "O11a = O12a = 1 and B1a = 2 are primary; city_a = B1a + B2a with the city published needs "
    "B2a (20) suppressed, and B2a = O21a + O22a then needs O21a (9): cost 29, "
    "B1a in [0, 11]",
    build={"function": "hierarchical", "values": H8.tolist(), "parent": parent8, "total_column": None},
    must_publish=(0, 1),
)

# ---------------------------------------------------------------- error cases
def error_case(cid, kind, expected_error, derivation, **fields):
    c = {"id": cid, "kind": kind, "expected_error": expected_error,
         "source": "hand [hand]", "derivation": derivation}
    c.update(fields)
    cases.append(c)


error_case("error_margins_do_not_add_up", "build", "InconsistentTable",
           "row 0: 1 + 2 = 3, but the margin says 4",
           build={"function": "two_way_with_margins", "full": [[1, 2, 4], [3, 4, 7], [4, 6, 11]]})
error_case("error_relation_does_not_add_up", "table", "InconsistentTable", "2 + 3 != 6",
           values=[2, 3, 6], relations=[[2, [0, 1]]])
error_case("error_negative_value", "table", "NegativeValue", "a count below 0",
           values=[2, -3, -1], relations=[[2, [0, 1]]])
error_case("error_nan_value", "table", "MissingValue", "a NaN count",
           values=[2, "nan", 5], relations=[[2, [0, 1]]])
error_case("error_total_among_parts", "table", "InvalidParameter", "cell 2 = cell 0 + cell 2",
           values=[2, 3, 5], relations=[[2, [0, 2]]])
error_case("error_cell_out_of_range", "table", "InvalidParameter", "cell 7 does not exist",
           values=[2, 3, 5], relations=[[2, [0, 7]]])
error_case("error_hierarchy_cycle", "build", "InvalidParameter", "row 0 -> 1 -> 0",
           build={"function": "hierarchical", "values": [[1], [1]], "parent": [1, 0], "total_column": None})
error_case("error_min_count_below_one", "protect", "InvalidParameter", "min_count must be >= 1",
           values=[1, 5, 6], relations=[[2, [0, 1]]], rules={"min_count": 0.5, "protect_zeros": False},
           options={"cost": "value", "must_publish": [], "max_rounds": 200})
error_case("error_cannot_protect_must_publish", "protect", "ProtectionFailed",
           "1 + 5 = 6 with 5 and 6 marked must_publish: the 1 is recomputable",
           values=[1, 5, 6], relations=[[2, [0, 1]]], rules={"min_count": 3, "protect_zeros": False},
           options={"cost": "value", "must_publish": [1, 2], "max_rounds": 200})

doc = {
    "schema": 1,
    "family": "suppression",
    "generator": "tests/golden/generate_suppression.py",
    "peers": {"scipy": scipy.__version__, "numpy": np.__version__},
    "status_codes": {"published": 0, "zero": 1, "less_than_half": 2, "primary": 3, "secondary": 4,
                     "unknown": 5, "later": 6, "not_meaningful": 7, "unreliable": 8},
    "cases": cases,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "suppression.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases to {out}")
