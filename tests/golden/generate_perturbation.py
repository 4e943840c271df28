#!/usr/bin/env python3
"""Build tests/golden/perturbation.json: reference cases for rounding and the cell key method.

Covers `bildung_core::disclosure::{round_to_base, round_table_counts, record_key(s), cell_key,
cell_keys_by_group, cell_key_from_id, PTable, perturb}` (see README.md beside this file).

Kinds of expected values:

* [hand]  rounding cases (residues of base 3, 5, 10; ties; totals rounded from their own
      unrounded values), small ptables written by hand with binary-fraction intervals and the
      lookups in them, and every error case. The script computes the hand values with plain
      integer arithmetic written out below (no floating point) and asserts the short lists
      written out in the case's `derivation`.
* [peer]  ptable rows: the maximum-entropy distribution for (D, V, js) solved by SciPy twice,
      independently: (a) the dual, `scipy.optimize.root` on the moment equations of
      p_v ∝ exp(a v + b v^2); (b) the primal, `scipy.optimize.minimize(method="SLSQP")`
      maximising the entropy subject to sum p = 1, mean 0, variance V, p >= 0. (b) must agree
      with (a) to 1e-6; (a) is written (its moments are re-checked to 1e-13).
* [spec]  record keys (SplitMix64), cell keys (53-bit fixed-point sum modulo 1) and keyed cell
      keys (HMAC-SHA256 from Python's `hmac` / `hashlib`), computed here from the published
      specification in `bildung_core::disclosure` (module cellkey) with Python integers; the
      SplitMix64 code is checked against the widely quoted first outputs for seed 1234567.
* [peer + spec]  lookups / perturbations with a peer-generated ptable and spec cell keys,
      including the consistency of the same logical cell in two tables.

Never uses bildung's own output. Run (from the repository root) with the peer venv:

    /tmp/peers/bin/python tests/golden/generate_perturbation.py

Output is deterministic: stored inputs, sorted keys, cases in script order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from pathlib import Path

import numpy as np
import scipy
from scipy import optimize

HERE = Path(__file__).resolve().parent
OUT = HERE / "perturbation.json"

PEERS = f"SciPy {scipy.__version__}, numpy {np.__version__}"
HAND = "[hand]"
SPEC = "[spec] computed from the documented algorithm with Python integers / hmac + hashlib"
PEER_PTABLE = (f"[peer] {PEERS}: maximum entropy by scipy.optimize.root on the dual, "
               "cross-checked by scipy.optimize.minimize(SLSQP) on the primal (agree to 1e-6)")

EXACT = {"abs": 0.0}
PTABLE_TOL = {"abs": 1e-10}
M64 = (1 << 64) - 1
TWO53 = 1 << 53

CASES: list[dict] = []
# JSON readers need not parse floats correctly rounded: float keys are checked to 2 ulp of 1,
# the integer key_bits (= key * 2^53) exactly
KEY_TOL = {"abs": 2.5e-16}
KEY_FIELDS = {"keys": KEY_TOL, "key": KEY_TOL, "cell_keys": KEY_TOL}


def case(**kw):
    assert kw["id"] not in {c["id"] for c in CASES}, kw["id"]
    CASES.append(kw)


def err(id_, kind, reason, index=None, **kw):
    case(id=id_, expected_error=kind, error_index=index, source=HAND, derivation=reason,
         tolerance=EXACT, **kw)


# ------------------------------------------------------------------------------ rounding

def round_int(x: int, b: int) -> int:
    """Nearest multiple of b, ties up (integers only)."""
    low = (x // b) * b
    return low + b if 2 * (x - low) >= b else low


case(id="round_base5_residues", function="round_to_base",
     values=list(range(14)), params={"base": 5},
     expected={"rounded": [round_int(x, 5) for x in range(14)]}, tolerance=EXACT, source=HAND,
     derivation="5er-Rundung: 0,1,2 -> 0; 3..7 -> 5; 8..12 -> 10; 13 -> 15 (max deviation 2)")
assert [round_int(x, 5) for x in range(14)] == [0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15]
case(id="round_base3_residues", function="round_to_base",
     values=list(range(10)), params={"base": 3},
     expected={"rounded": [round_int(x, 3) for x in range(10)]}, tolerance=EXACT, source=HAND,
     derivation="base 3: residue 0,1 down, 2 up: 0,0,3,3,3,6,6,6,9,9")
assert [round_int(x, 3) for x in range(10)] == [0, 0, 3, 3, 3, 6, 6, 6, 9, 9]
case(id="round_base10_ties_up", function="round_to_base",
     values=[4, 5, 14, 15, 25, 35, 95, 96, 1004, 1005], params={"base": 10},
     expected={"rounded": [0, 10, 10, 20, 30, 40, 100, 100, 1000, 1010]}, tolerance=EXACT,
     source=HAND, derivation="base 10: ties (residue 5) round up: 5 -> 10, 15 -> 20, 1005 -> 1010")
assert [round_int(x, 10) for x in [4, 5, 14, 15, 25, 35, 95, 96, 1004, 1005]] == \
    [0, 10, 10, 20, 30, 40, 100, 100, 1000, 1010]
case(id="round_base2_ties_up", function="round_to_base",
     values=[0, 1, 2, 3], params={"base": 2}, expected={"rounded": [0, 2, 2, 4]},
     tolerance=EXACT, source=HAND, derivation="base 2: every odd number is a tie, rounds up")
case(id="round_base7_large", function="round_to_base",
     values=[123456789, 2 ** 53 - 3, 0], params={"base": 7},
     expected={"rounded": [round_int(123456789, 7), round_int(2 ** 53 - 3, 7), 0]},
     tolerance=EXACT, source=HAND,
     derivation="123456789 = 7*17636684 + 1 -> 123456788; 2^53-3 = 9007199254740989 = "
                "7*1286742750677284 + 1 -> 9007199254740988")
assert round_int(123456789, 7) == 123456788 and round_int(2 ** 53 - 3, 7) == 9007199254740988
case(id="round_empty", function="round_to_base", values=[], params={"base": 5},
     expected={"rounded": []}, tolerance=EXACT, source=HAND, derivation="nothing to round")

err("round_error_base1", "InvalidParameter", "base 1 < 2", function="round_to_base",
    values=[1], params={"base": 1})
err("round_error_base0", "InvalidParameter", "base 0 < 2", function="round_to_base",
    values=[1], params={"base": 0})
err("round_error_nan", "MissingValue", "NaN at position 1", 1, function="round_to_base",
    values=[3, "nan"], params={"base": 5})
err("round_error_inf", "NonFinite", "inf at position 0", 0, function="round_to_base",
    values=["inf", 3], params={"base": 5})
err("round_error_negative", "InvalidCount", "-1 at position 2", 2, function="round_to_base",
    values=[0, 1, -1], params={"base": 5})
err("round_error_fraction", "InvalidCount", "2.5 is not a count", 0, function="round_to_base",
    values=[2.5], params={"base": 5})
err("round_error_above_2_53", "InvalidCount", "1e300 above 2^53", 0, function="round_to_base",
    values=[1e300], params={"base": 5})


def table_case(id_, values, relations, base, derivation):
    rounded = [round_int(x, base) for x in values]
    differ = [abs(rounded[t] - sum(rounded[p] for p in parts)) for t, parts in relations]
    case(id=id_, function="round_table_counts", values=values, relations=relations,
         params={"base": base},
         expected={"rounded": rounded,
                   "max_abs_deviation": max([abs(r - x) for r, x in zip(rounded, values)],
                                            default=0),
                   "n_changed": sum(r != x for r, x in zip(rounded, values)),
                   "totals_differ": sum(d != 0 for d in differ),
                   "max_total_discrepancy": max(differ, default=0)},
         tolerance=EXACT, source=HAND, derivation=derivation)


def two_way(interior):
    """(r+1) x (c+1) row-major cells with margins and the relations (total, parts)."""
    r, c = len(interior), len(interior[0])
    full = [row + [sum(row)] for row in interior]
    full.append([sum(interior[i][j] for i in range(r)) for j in range(c)])
    full[-1].append(sum(full[-1]))
    w = c + 1
    rel = [[i * w + c, [i * w + j for j in range(c)]] for i in range(r + 1)]
    rel += [[r * w + j, [i * w + j for i in range(r)]] for j in range(c + 1)]
    return [x for row in full for x in row], rel


vals, rels = two_way([[3, 8], [6, 2]])
assert vals == [3, 8, 11, 6, 2, 8, 9, 10, 19]
table_case("round_table_2x2_base5", vals, rels, 5,
           "cells 3 8 | 11 / 6 2 | 8 / 9 10 | 19 -> 5 10 | 10 / 5 0 | 10 / 10 10 | 20: the row "
           "totals 10 != 5+10 and 10 != 5+0 (totals from unrounded values); the other 4 "
           "relations agree; max deviation 2 (3->5, 8->10, 2->0, 19->20...), 9 cells, 7 changed")
assert [round_int(x, 5) for x in vals] == [5, 10, 10, 5, 0, 10, 10, 10, 20]
vals, rels = two_way([[1, 1, 1], [2, 2, 2], [12, 0, 4]])
table_case("round_table_3x3_base3", vals, rels, 3,
           "interior 1 1 1 / 2 2 2 / 12 0 4; row totals 3, 6, 16; column totals 15, 3, 7; "
           "grand total 25; base 3")
# hierarchy: city = Bezirk A + Bezirk B, Bezirk A = OT1 + OT2, Bezirk B = OT3 + OT4 + OT5
table_case("round_table_hierarchy_base5",
           [41, 18, 23, 7, 11, 9, 10, 4],
           [[0, [1, 2]], [1, [3, 4]], [2, [5, 6, 7]]], 5,
           "city 41 = Bezirk A 18 + Bezirk B 23; A = 7 + 11; B = 9 + 10 + 4 -> city 40 vs "
           "20 + 25 = 45 (differs), A 20 vs 5 + 10 = 15 (differs), B 25 = 10 + 10 + 5")
assert [round_int(x, 5) for x in [41, 18, 23, 7, 11, 9, 10, 4]] == [40, 20, 25, 5, 10, 10, 10, 5]
err("round_table_error_inconsistent", "InconsistentTable",
    "total cell 2 = 4 but 1 + 2 = 3", 2, function="round_table_counts",
    values=[1, 2, 4], relations=[[2, [0, 1]]], params={"base": 5})
err("round_table_error_bad_index", "InvalidParameter", "part cell 5 outside 3 cells",
    function="round_table_counts", values=[1, 2, 3], relations=[[2, [0, 5]]],
    params={"base": 5})
err("round_table_error_negative", "InvalidCount", "-3 at position 1", 1,
    function="round_table_counts", values=[0, -3, -3], relations=[[2, [0, 1]]],
    params={"base": 5})

# ------------------------------------------------------------------------------ keys


def splitmix_mix(s: int) -> int:
    z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def record_key_bits(seed: int, index: int) -> int:
    return splitmix_mix((seed + (index + 1) * 0x9E3779B97F4A7C15) & M64) >> 11


def check_splitmix():
    s, out = 1234567, []
    for _ in range(3):
        s = (s + 0x9E3779B97F4A7C15) & M64
        out.append(splitmix_mix(s))
    assert out == [6457827717110365317, 3203168211198807973, 9817491932198370423], out


check_splitmix()


def bits_to_key(b: int) -> float:
    assert 0 <= b < TWO53
    return b / TWO53  # exact: b < 2^53


for seed, n, start in [(0, 5, 0), (42, 8, 0), (M64, 4, 0), (20240901, 3, 10 ** 12)]:
    bits = [record_key_bits(seed, start + k) for k in range(n)]
    case(id=f"record_keys_seed_{seed}_from_{start}", function="record_keys", seed=str(seed),
         start=start, n=n, expected={"keys": [bits_to_key(b) for b in bits], "key_bits": bits},
         tolerance=EXACT, field_tolerance=KEY_FIELDS, source=SPEC,
         derivation="key = (splitmix64_mix(seed + (index+1)*0x9E3779B97F4A7C15) >> 11) / 2^53; "
                    "key_bits = key * 2^53 (exact integers)")


def cell_key_bits(keys: list[float]) -> int:
    acc = 0
    for k in keys:
        assert 0.0 <= k < 1.0
        acc += math.floor(k * TWO53)  # exact: power-of-two scaling
    return acc % TWO53


# cell keys from record keys: one cell, wrap-around, empty
rk = [bits_to_key(record_key_bits(7, k)) for k in range(6)]
case(id="cell_key_six_records", function="cell_key", record_keys=rk,
     record_key_bits=[int(k * TWO53) for k in rk], field_tolerance=KEY_FIELDS,
     expected={"key": bits_to_key(cell_key_bits(rk)), "key_bits": cell_key_bits(rk)},
     tolerance=EXACT, source=SPEC,
     derivation=f"frac of the sum {math.fsum(rk)!r} of the 6 record keys of seed 7")
case(id="cell_key_binary_fractions", function="cell_key", record_keys=[0.5, 0.75, 0.875, 0.125],
     expected={"key": 0.25, "key_bits": TWO53 // 4}, tolerance=EXACT, source=HAND,
     derivation="0.5 + 0.75 + 0.875 + 0.125 = 2.25 -> 0.25")
case(id="cell_key_empty", function="cell_key", record_keys=[], expected={"key": 0.0,
     "key_bits": 0}, tolerance=EXACT, source=HAND, derivation="empty sum 0")
err("cell_key_error_one", "InvalidParameter", "a record key of 1 is outside [0, 1)",
    function="cell_key", record_keys=[0.2, 1.0])
err("cell_key_error_negative", "InvalidParameter", "-0.1 is outside [0, 1)",
    function="cell_key", record_keys=[-0.1])
err("cell_key_error_nan", "MissingValue", "NaN record key at position 1", 1,
    function="cell_key", record_keys=[0.2, "nan"])

# consistency across two tables: 12 records, table A groups by Ortsteil (3 cells), table B by
# (Ortsteil x gender) (6 cells) listed in a different record order; Ortsteil cells in A equal
# the sums of the B cells of the same Ortsteil -> a third table C = the Ortsteil totals of B,
# built from B's record order, must give A's keys.
rk = [bits_to_key(record_key_bits(99, k)) for k in range(12)]
ortsteil = [0, 1, 2, 0, 0, 1, 2, 2, 1, 0, 2, 1]
gender = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]
perm = [11, 3, 7, 0, 9, 2, 5, 10, 1, 8, 6, 4]


def grouped(keys, groups, n):
    return [cell_key_bits([k for k, g in zip(keys, groups) if g == c]) for c in range(n)]


a = grouped(rk, ortsteil, 3)
rk_b = [rk[p] for p in perm]
g_c = [ortsteil[p] for p in perm]
assert grouped(rk_b, g_c, 3) == a
case(id="cell_keys_by_group_table_a", function="cell_keys_by_group", record_keys=rk,
     record_key_bits=[int(k * TWO53) for k in rk], field_tolerance=KEY_FIELDS,
     groups=ortsteil, n_cells=3,
     expected={"keys": [bits_to_key(b) for b in a], "key_bits": a}, tolerance=EXACT,
     source=SPEC, derivation="12 records (seed 99) by Ortsteil")
g_b = [ortsteil[p] * 2 + gender[p] for p in perm]
b = grouped(rk_b, g_b, 6)
case(id="cell_keys_by_group_table_b", function="cell_keys_by_group", record_keys=rk_b,
     record_key_bits=[int(k * TWO53) for k in rk_b], field_tolerance=KEY_FIELDS,
     groups=g_b, n_cells=6,
     expected={"keys": [bits_to_key(x) for x in b], "key_bits": b}, tolerance=EXACT,
     source=SPEC, derivation="the same records in another order, by Ortsteil x gender")
case(id="cell_keys_by_group_table_c_same_as_a", function="cell_keys_by_group",
     record_keys=rk_b, record_key_bits=[int(k * TWO53) for k in rk_b], groups=g_c, n_cells=4,
     field_tolerance=KEY_FIELDS,
     expected={"keys": [bits_to_key(x) for x in a] + [0.0], "key_bits": a + [0]},
     tolerance=EXACT, source=SPEC,
     derivation="table B's record order grouped by Ortsteil: the same keys as table A "
                "(order-free fixed-point sum); cell 3 has no record: key 0")
err("cell_keys_by_group_error_shape", "ShapeMismatch", "2 keys, 1 group",
    function="cell_keys_by_group", record_keys=[0.1, 0.2], groups=[0], n_cells=1)
err("cell_keys_by_group_error_group", "InvalidParameter", "group 3 >= n_cells 3",
    function="cell_keys_by_group", record_keys=[0.1, 0.2], groups=[0, 3], n_cells=3)


def id_key_bits(id_: str, secret: int) -> int:
    mac = hmac.new(secret.to_bytes(8, "little"), id_.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big") >> 11


for id_, secret in [("", 0), ("2024|0101|Gymnasium|weiblich", 12345),
                    ("2024|0101|Gymnasium|weiblich", 12346),
                    ("Köpenick|Grundschule|2023", M64), ("a" * 200, 2 ** 40 + 17)]:
    kb = id_key_bits(id_, secret)
    tag = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in id_[:20]) or "empty"
    case(id=f"cell_key_from_id_{tag}_{secret}", function="cell_key_from_id", cell_id=id_,
         secret=str(secret), expected={"key": bits_to_key(kb), "key_bits": kb},
         tolerance=EXACT, field_tolerance=KEY_FIELDS, source=SPEC,
         derivation="(big-endian u64 of HMAC-SHA256(secret as 8 bytes LE, utf8(id))[:8] >> 11) "
                    "/ 2^53")

# ------------------------------------------------------------------------------ ptables


def support(i, d, js):
    return [v for v in range(-d, d + 1) if i + v == 0 or i + v > js]


def dual_row(s, var):
    v = np.array(s, dtype=float)

    def probs(lam):
        e = lam[0] * v + lam[1] * (v * v - var)
        e -= e.max()
        w = np.exp(e)
        return w / w.sum()

    def eqs(lam):
        p = probs(lam)
        return [p @ v, p @ (v * v) - var]

    sol = optimize.root(eqs, [0.0, 0.0], method="hybr", tol=1e-14)
    # success or "no further improvement": the moments decide (checked just below)
    p = probs(sol.x)
    assert abs(math.fsum(p * v)) < 1e-13 and abs(math.fsum(p * v * v) - var) < 1e-12, (s, var)
    return p


def primal_row(s, var):
    v = np.array(s, dtype=float)

    def negent(p):
        q = np.clip(p, 1e-300, None)
        return float(np.sum(q * np.log(q)))

    cons = [{"type": "eq", "fun": lambda p: np.sum(p) - 1.0},
            {"type": "eq", "fun": lambda p: p @ v},
            {"type": "eq", "fun": lambda p: p @ (v * v) - var}]
    x0 = np.full(len(s), 1.0 / len(s))
    sol = optimize.minimize(negent, x0, method="SLSQP", constraints=cons,
                            bounds=[(0.0, 1.0)] * len(s),
                            options={"ftol": 1e-15, "maxiter": 2000})
    assert sol.success, sol.message
    return sol.x


def peer_ptable(d, var, js):
    max_i = d if js == 0 else d + js + 1
    rows = [[(0, 1.0)]]
    for i in range(1, max_i + 1):
        s = support(i, d, js)
        p = dual_row(s, var)
        q = primal_row(s, var)
        assert np.max(np.abs(p - q)) < 1e-6, (d, var, js, i, np.max(np.abs(p - q)))
        rows.append(list(zip(s, [float(x) for x in p])))
    return rows


def columns(rows):
    col = {"i": [], "j": [], "v": [], "p": [], "p_int_lb": [], "p_int_ub": []}
    for i, row in enumerate(rows):
        for k, (v, p) in enumerate(row):
            lb = math.fsum(q for _, q in row[:k])
            col["i"].append(i)
            col["j"].append(i + v)
            col["v"].append(v)
            col["p"].append(p)
            col["p_int_lb"].append(lb)
            col["p_int_ub"].append(1.0 if k + 1 == len(row) else lb + p)
    return col


PTABLES = {}
for d, var, js in [(2, 1.05, 0), (3, 2.0, 0), (5, 3.0, 0), (3, 1.5, 1), (4, 2.5, 2), (1, 0.5, 0)]:
    rows = peer_ptable(d, var, js)
    PTABLES[(d, var, js)] = rows
    case(id=f"ptable_d{d}_v{var}_js{js}".replace(".", "_"), function="ptable_generate",
         params={"max_deviation": d, "variance": var, "js": js},
         expected={"max_i": len(rows) - 1, **columns(rows)}, tolerance=PTABLE_TOL,
         source=PEER_PTABLE,
         derivation=f"rows i = 0..{len(rows) - 1}; support of row i: v in [-{d}, {d}] with "
                    f"i + v = 0 or i + v > {js}; max entropy with mean 0 and variance {var}")

err("ptable_error_variance_row1", "InvalidParameter",
    "D = 2: row 1 has support {-1, 0, 1, 2}, a mean-0 variance must be below 1 * 2 = 2",
    function="ptable_generate", params={"max_deviation": 2, "variance": 2.0, "js": 0})
err("ptable_error_js_min_variance", "InvalidParameter",
    "D = 3, js = 1: row 1 has support {-1, 1, 2, 3}, variance must exceed 1 * 1 = 1",
    function="ptable_generate", params={"max_deviation": 3, "variance": 1.0, "js": 1})
err("ptable_error_d0", "InvalidParameter", "D = 0",
    function="ptable_generate", params={"max_deviation": 0, "variance": 1.0, "js": 0})
err("ptable_error_variance_0", "InvalidParameter", "V = 0",
    function="ptable_generate", params={"max_deviation": 2, "variance": 0.0, "js": 0})

# ------------------------------------------------------------------------------ lookups

HAND_CSV = ("i,j,p,v,p_int_lb,p_int_ub,type\n"
            "0,0,1,0,0,1,all\n"
            "1,0,0.25,-1,0,0.25,all\n"
            "1,1,0.5,0,0.25,0.75,all\n"
            "1,2,0.25,1,0.75,1,all\n"
            "2,0,0.125,-2,0,0.125,all\n"
            "2,1,0.125,-1,0.125,0.25,all\n"
            "2,2,0.5,0,0.25,0.75,all\n"
            "2,3,0.125,1,0.75,0.875,all\n"
            "2,4,0.125,2,0.875,1,all\n")
HAND_ROWS = [[(0, 0.0)], [(-1, 0.0), (0, 0.25), (1, 0.75)],
             [(-2, 0.0), (-1, 0.125), (0, 0.25), (1, 0.75), (2, 0.875)]]


def lookup(rows_lb, n, u):
    row = rows_lb[min(n, len(rows_lb) - 1)]
    v = row[0][0]
    for vv, lb in row:
        if lb <= u:
            v = vv
    return v


counts = [0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 7, 7, 100]
keys = [0.0, 0.999, 0.0, 0.2499, 0.25, 0.75, 0.9999, 0.0, 0.125, 0.5, 0.8749, 0.875, 0.9,
        0.1, 0.95, 0.3]
pert = [n + lookup(HAND_ROWS, n, u) for n, u in zip(counts, keys)]
assert pert == [0, 0, 0, 0, 1, 2, 2, 0, 1, 2, 3, 4, 4, 5, 9, 100], pert
case(id="perturb_hand_ptable_boundaries", function="perturb", ptable_csv=HAND_CSV,
     counts=counts, cell_keys=keys, expected={"perturbed": pert}, tolerance=EXACT, source=HAND,
     derivation="row 1: [0,0.25) -1, [0.25,0.75) 0, [0.75,1) +1; row 2 (all n >= 2): [0,1/8) -2, "
                "[1/8,1/4) -1, [1/4,3/4) 0, [3/4,7/8) +1, [7/8,1) +2; a key on a boundary "
                "belongs to the upper interval; zeros stay 0 for every key")

# the same hand table in R write.table form (no header, blanks, quoted type)
R_CSV = "\n".join(" ".join(f.replace("all", '"all"') for f in line.split(","))
                  for line in HAND_CSV.splitlines()[1:]) + "\n"
case(id="perturb_hand_ptable_r_write_table", function="perturb", ptable_csv=R_CSV,
     counts=counts, cell_keys=keys, expected={"perturbed": pert}, tolerance=EXACT, source=HAND,
     derivation="as perturb_hand_ptable_boundaries, ptable without header, blank-separated")


def lb_rows(rows):
    out = []
    for row in rows:
        out.append([(v, math.fsum(q for _, q in row[:k])) for k, (v, _) in enumerate(row)])
    return out


def safe_key(rows_lb, n, u, margin=1e-6):
    row = rows_lb[min(n, len(rows_lb) - 1)]
    return all(abs(u - lb) > margin for _, lb in row[1:])


# lookups in a peer ptable at keys that are the midpoints of the peer intervals
rows = PTABLES[(2, 1.05, 0)]
rlb = lb_rows(rows)
counts, keys = [], []
for i, row in enumerate(rows):
    for k, (v, p) in enumerate(row):
        lb = math.fsum(q for _, q in row[:k])
        counts.append(i if i < len(rows) - 1 else 50)
        keys.append(lb + p / 2)
pert = [n + lookup(rlb, n, u) for n, u in zip(counts, keys)]
case(id="perturb_peer_ptable_d2_midpoints", function="perturb",
     ptable_params={"max_deviation": 2, "variance": 1.05, "js": 0}, counts=counts,
     cell_keys=keys, expected={"perturbed": pert}, tolerance=EXACT,
     source=PEER_PTABLE + "; keys at the interval midpoints",
     derivation="every entry of every row is hit once: perturbed = count + v of that entry")

# consistency across two tables by cell ids: table A (Ortsteil x gender with totals), table B
# (Ortsteil x school type with totals); the Ortsteil totals are the same logical cells
SECRET = 987654321
rows = PTABLES[(3, 2.0, 0)]
rlb = lb_rows(rows)


def id_case(id_, ids, counts, derivation):
    keys = [bits_to_key(id_key_bits(x, SECRET)) for x in ids]
    for n, u in zip(counts, keys):
        assert safe_key(rlb, n, u), (n, u)
    pert = [n + lookup(rlb, n, u) for n, u in zip(counts, keys)]
    case(id=id_, function="perturb_ids", ptable_params={"max_deviation": 3, "variance": 2.0,
                                                        "js": 0},
         cell_ids=ids, secret=str(SECRET), counts=counts,
         expected={"perturbed": pert, "cell_keys": keys}, tolerance=EXACT,
         field_tolerance=KEY_FIELDS,
         source=PEER_PTABLE + "; cell keys " + SPEC, derivation=derivation)
    return dict(zip(ids, pert))


a = id_case("perturb_ids_table_a", [
    "2024|OT01|m", "2024|OT01|w", "2024|OT01", "2024|OT02|m", "2024|OT02|w", "2024|OT02",
    "2024|OT03|m", "2024|OT03|w", "2024|OT03"], [4, 3, 7, 0, 2, 2, 12, 9, 21],
    "Ortsteil x gender with Ortsteil totals; zeros stay 0")
b = id_case("perturb_ids_table_b", [
    "2024|OT02", "2024|OT02|GS", "2024|OT02|GY", "2024|OT01", "2024|OT01|GS", "2024|OT01|GY",
    "2024|OT03", "2024|OT03|GS", "2024|OT03|GY"], [2, 1, 1, 7, 5, 2, 21, 20, 1],
    "Ortsteil x school type in another order; the Ortsteil totals equal those of table A")
for k in ("2024|OT01", "2024|OT02", "2024|OT03"):
    assert a[k] == b[k]

err("perturb_error_key_one", "InvalidParameter", "cell key 1.0 outside [0, 1)",
    function="perturb", ptable_csv=HAND_CSV, counts=[3], cell_keys=[1.0])
err("perturb_error_key_nan", "MissingValue", "NaN cell key at position 1", 1,
    function="perturb", ptable_csv=HAND_CSV, counts=[3, 3], cell_keys=[0.5, "nan"])
err("perturb_error_count_nan", "MissingValue", "NaN count at position 0", 0,
    function="perturb", ptable_csv=HAND_CSV, counts=["nan"], cell_keys=[0.5])
err("perturb_error_count_fraction", "InvalidCount", "2.5 at position 1", 1,
    function="perturb", ptable_csv=HAND_CSV, counts=[1, 2.5], cell_keys=[0.5, 0.5])
err("perturb_error_count_negative", "InvalidCount", "-1 at position 0", 0,
    function="perturb", ptable_csv=HAND_CSV, counts=[-1], cell_keys=[0.5])
err("perturb_error_shape", "ShapeMismatch", "2 counts, 1 key",
    function="perturb", ptable_csv=HAND_CSV, counts=[1, 2], cell_keys=[0.5])
err("ptable_csv_error_no_row0", "MalformedInput", "rows must start at i = 0",
    function="perturb", ptable_csv="i,j,p,v,p_int_lb,p_int_ub\n1,1,1,0,0,1\n",
    counts=[1], cell_keys=[0.5])
err("ptable_csv_error_sum", "MalformedInput", "row 1 probabilities sum to 0.9",
    function="perturb",
    ptable_csv="i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,0,0.5,-1,0,0.5\n1,2,0.4,1,0.5,0.9\n",
    counts=[1], cell_keys=[0.5])
err("ptable_csv_error_j", "MalformedInput", "j = 1 but i + v = 0", function="perturb",
    ptable_csv="i,j,p,v,p_int_lb,p_int_ub\n0,0,1,0,0,1\n1,1,0.5,-1,0,0.5\n1,2,0.5,1,0.5,1\n",
    counts=[1], cell_keys=[0.5])
err("ptable_csv_error_zero_row", "MalformedInput", "row 0 perturbs zeros",
    function="perturb",
    ptable_csv="i,j,p,v,p_int_lb,p_int_ub\n0,0,0.5,0,0,0.5\n0,1,0.5,1,0.5,1\n",
    counts=[1], cell_keys=[0.5])
err("ptable_csv_error_type", "MalformedInput", "type even is not supported",
    function="perturb", ptable_csv="i,j,p,v,p_int_lb,p_int_ub,type\n0,0,1,0,0,1,even\n",
    counts=[1], cell_keys=[0.5])

# ------------------------------------------------------------------------------ output

KEYS = ["id", "function", "values", "relations", "seed", "start", "n", "record_keys",
        "record_key_bits", "groups",
        "n_cells", "cell_id", "secret", "cell_ids", "ptable_csv", "ptable_params", "counts",
        "cell_keys", "params", "expected", "expected_error", "error_index", "tolerance",
        "field_tolerance", "source", "derivation"]


def deep(v):
    if isinstance(v, dict):
        return {k: deep(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [deep(x) for x in v]
    if isinstance(v, (bool, np.bool_)) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def render(cases):
    lines = ["{", '  "cases": [']
    for i, c in enumerate(cases):
        unknown = set(c) - set(KEYS)
        assert not unknown, unknown
        body = {k: deep(c[k]) for k in KEYS if k in c}
        lines.append("    " + json.dumps(body, sort_keys=True, ensure_ascii=False,
                                          allow_nan=False, separators=(", ", ": ")) +
                     ("," if i + 1 < len(cases) else ""))
    lines += ["  ],", '  "family": "perturbation",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(CASES), encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")
