#!/usr/bin/env python3
"""Build tests/golden/inequality.json: reference cases for bildung.inequality from OUTSIDE bildung.

Three kinds of expected values (see README.md beside this file):

* [published]  values printed in R `ineq` 0.2-13 example output (quoted in methods.md 1.8) and in
               PySAL `inequality`'s own docstrings / test files; tolerance = printed precision;
               plus the [computed] values of methods.md 1.8 (computed and double-checked by the
               reference author), tolerance = printed precision.
* [peer]       values computed here by PySAL `inequality` and numpy on the same inputs (weighted
               cases by `np.repeat(x, w)`, exact for integer frequency weights); measures without a
               PySAL function (MLD, GE(alpha), non-integer weights) by numpy direct formulas written
               below ("[computed: numpy direct formula]").
* [hand]       small cases worked out by hand (`derivation`), and the edge/error cases fixed by
               methods.md sections 0 and 1.

Every peer / numpy value is also checked here against an independent high-precision route
(exact rationals with `fractions.Fraction`, or `decimal` with 60 digits); the tolerance written to
the JSON is relative 1e-12 unless the peer itself is measurably less accurate than that, in which
case it is widened and the reason is written into `source`. Every [published]/[computed] value is
checked against the same high-precision route within its printed precision. The script stops with
an error if any check fails, so the JSON never contains a value that the independent route
contradicts.

Never uses bildung's own output. Run (from the repository root), in a venv made from
benches/python/requirements.txt:

    python -m venv /tmp/peers && /tmp/peers/bin/pip install -r benches/python/requirements.txt
    /tmp/peers/bin/python tests/golden/generate_inequality.py

Output is deterministic: fixed seeds, stored inputs, sorted keys, cases in script order.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # inequality.schutz imports matplotlib.pyplot

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
import inequality  # noqa: E402
import libpysal  # noqa: E402
from inequality.atkinson import atkinson as pysal_atkinson  # noqa: E402
from inequality.gini import Gini as PysalGini  # noqa: E402
from inequality.schutz import Schutz as PysalSchutz  # noqa: E402
from inequality.theil import Theil as PysalTheil  # noqa: E402
from inequality.theil import TheilD as PysalTheilD  # noqa: E402
from inequality.wolfson import lorenz_curve as pysal_lorenz  # noqa: E402
from inequality.wolfson import wolfson as pysal_wolfson  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "inequality.json"
DATA = Path(os.environ.get("BILDUNG_SHARED", HERE.parents[2] / "shared")) / (
    "data/de-kreise-schulstatistik/tidy/abgaenge_allgemeinbildend_2023.csv"
)

getcontext().prec = 60

V_INEQ = inequality.__version__
V_NP = np.__version__
PYSAL = f"PySAL inequality {V_INEQ}"
NUMPY = f"numpy {V_NP}"
METHODS_COMPUTED = "methods.md 1.8 [computed by the reference author, double-checked]"
INEQ_PUBLISHED = "R ineq 0.2-13 example output (methods.md 1.8) [published]"
NUMPY_DIRECT = f"[computed: numpy direct formula] ({NUMPY})"

RULES = [
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
    "interpolated_inverted_cdf",
    "hazen",
    "weibull",
    "linear",
    "median_unbiased",
    "normal_unbiased",
]

# tolerances
REL = {"rel": 1e-12}
HAND = {"rel": 1e-12, "abs": 1e-15}
DECOMP = {"rel": 1e-12, "abs": 1e-14}

# --------------------------------------------------------------------------------------------
# inputs

INEQ_X = [541.0, 1463.0, 2445.0, 3438.0, 4437.0, 5401.0, 6392.0, 8304.0, 11904.0, 22261.0]
US1968_N = [482, 825, 722, 690, 661, 760, 745, 2140, 1911, 1024]
LASYM_X = [50.0 / 9.0] * 9 + [50.0]
SPLIT_6_4 = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
ALTERNATE = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]

# The lognormal sample: numpy PCG64 seed 20240601, lognormal(mean 1, sigma 0.8), n = 200, rounded
# to 6 decimals; then group codes (2, 5, 9, 14), integer weights 0..14 and real weights
# uniform(0.5, 3) rounded to 3 decimals from the same generator. All are stored in the JSON, so
# the golden cases do not depend on numpy's random streams.
_rng = np.random.default_rng(20240601)
LOGN_X = [float(v) for v in np.round(_rng.lognormal(mean=1.0, sigma=0.8, size=200), 6)]
LOGN_G = [int(v) for v in np.array([2, 5, 9, 14])[_rng.integers(0, 4, size=200)]]
LOGN_W = [int(v) for v in _rng.integers(0, 15, size=200)]  # integer frequencies, some 0
LOGN_FW = [float(v) for v in np.round(_rng.uniform(0.5, 3.0, size=200), 3)]  # real weights
assert len(set(LOGN_X)) == len(LOGN_X), "lognormal sample has ties; change the seed"
assert 0 in LOGN_W


def load_mexico():
    path = libpysal.examples.get_path("mexico.csv")
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    y40 = [float(r["pcgdp1940"]) for r in rows]
    y00 = [float(r["pcgdp2000"]) for r in rows]
    reg = [int(float(r["hanson98"])) for r in rows]
    return y40, y00, reg


MEX40, MEX00, MEX_REG = load_mexico()


def load_kreise(lands):
    """Share of leavers without Hauptschulabschluss per Kreis (level KR, sex total), 2023.

    `-` means 0; rows with `.` or `x` in the two columns used are skipped; Kreise without leavers
    (insgesamt 0: former Kreise kept in the table with all cells `-`) are skipped (share 0/0).
    Returns (codes, share, leavers, land) in file order.
    """
    out = []
    with open(DATA, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["level"] != "KR" or r["sex"] != "total" or r["region_code"][:2] not in lands:
                continue
            vals = [r["insgesamt"], r["ohne_hauptschulabschluss"]]
            if any(v in (".", "x") for v in vals):
                continue
            total, ohne = (0 if v == "-" else int(v) for v in vals)
            if total == 0:
                continue
            out.append((r["region_code"], ohne / total, total, int(r["region_code"][:2])))
    return out


KREISE_SH = load_kreise({"01"})
KREISE_ST_TH = load_kreise({"15", "16"})
assert len(KREISE_SH) == 15 and len(KREISE_ST_TH) == 14 + 22, (len(KREISE_SH), len(KREISE_ST_TH))
SH_X = [r[1] for r in KREISE_SH]
STTH_X = [r[1] for r in KREISE_ST_TH]
STTH_W = [r[2] for r in KREISE_ST_TH]
STTH_G = [r[3] for r in KREISE_ST_TH]
KREISE_SRC = (
    "Regionaldatenbank table 21111-02-06-4 (shared/data/de-kreise-schulstatistik/tidy/"
    "abgaenge_allgemeinbildend_2023.csv, level KR, sex total)"
)

# --------------------------------------------------------------------------------------------
# high-precision / exact routes (independent checks of every expected value)


def _fr(v):
    return v if isinstance(v, Fraction) else Fraction(float(v))


def _dec(v):
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Fraction):
        return Decimal(v.numerator) / Decimal(v.denominator)
    return Decimal(float(v))


def _pairs(x, w):
    if w is None:
        w = [1] * len(x)
    return [(a, b) for a, b in zip(x, w) if b != 0]


def hp_gini(x, w=None):
    """Exact: pairwise definition for small n, sorted formula (an identity) otherwise."""
    p = [(_fr(a), _fr(b)) for a, b in _pairs(x, w)]
    W = sum(b for _, b in p)
    S = sum(a * b for a, b in p)
    if len(p) <= 60:
        tot = sum(bi * bj * abs(ai - aj) for ai, bi in p for aj, bj in p)
        return tot / (2 * W * S)
    p.sort()
    c = Fraction(0)
    acc = Fraction(0)
    for a, b in p:
        c += b
        acc += b * a * (2 * c - b)
    return acc / (W * S) - 1


def hp_ge(x, w, alpha):
    p = [(_dec(a), _dec(b)) for a, b in _pairs(x, w)]
    W = sum(b for _, b in p)
    mu = sum(a * b for a, b in p) / W
    al = _dec(alpha)
    if alpha == 0:
        return -sum(b / W * (a / mu).ln() for a, b in p)
    if alpha == 1:
        return sum(b / W * (a / mu) * (a / mu).ln() for a, b in p if a > 0)
    tot = sum(b / W * ((a / mu) ** al) for a, b in p if a > 0)
    return (tot - 1) / (al * (al - 1))


def hp_atkinson(x, w, eps):
    p = [(_dec(a), _dec(b)) for a, b in _pairs(x, w)]
    W = sum(b for _, b in p)
    mu = sum(a * b for a, b in p) / W
    if eps >= 1 and any(a == 0 for a, _ in p):
        return Decimal(1)
    if eps == 1:
        return 1 - (sum(b / W * (a / mu).ln() for a, b in p)).exp()
    d = 1 - _dec(eps)
    m = sum(b / W * ((a / mu) ** d) for a, b in p if a > 0)
    return 1 - m ** (1 / d)


def hp_cv(x, w=None, sample=False):
    p = [(_dec(a), _dec(b)) for a, b in _pairs(x, w)]
    W = sum(b for _, b in p)
    mu = sum(a * b for a, b in p) / W
    var = sum(b * (a - mu) ** 2 for a, b in p) / W
    if sample:
        n = len(p)
        var = var * n / (n - 1)
    return var.sqrt() / mu


def hp_hoover(x, w=None):
    p = [(_fr(a), _fr(b)) for a, b in _pairs(x, w)]
    W = sum(b for _, b in p)
    mu = sum(a * b for a, b in p) / W
    return sum(b * abs(a - mu) for a, b in p) / (2 * W * mu)


def hp_lorenz_points(x, w=None):
    """Lorenz points with ties merged: [(p, L)], starting at (0, 0)."""
    p = sorted((_fr(a), _fr(b)) for a, b in _pairs(x, w))
    W = sum(b for _, b in p)
    S = sum(a * b for a, b in p)
    pts = [(Fraction(0), Fraction(0))]
    c = s = Fraction(0)
    for i, (a, b) in enumerate(p):
        c += b
        s += a * b
        if i + 1 == len(p) or p[i + 1][0] != a:
            pts.append((c / W, s / S))
    return pts


def hp_lorenz_at(x, w, q):
    q = _fr(q)
    pts = hp_lorenz_points(x, w)
    for (p0, l0), (p1, l1) in zip(pts, pts[1:]):
        if p0 <= q <= p1:
            return l0 + (l1 - l0) * (q - p0) / (p1 - p0)
    raise ValueError(q)


def hp_share_ratio(x, w, top, bottom):
    return (1 - hp_lorenz_at(x, w, top)) / hp_lorenz_at(x, w, bottom)


def hp_quantile(x, w, p, rule):
    """Hyndman & Fan (1996) types 1-9, exact rationals, on the data expanded by integer weights."""
    if w is None:
        w = [1] * len(x)
    xs = sorted(_fr(a) for a, b in zip(x, w) for _ in range(int(b)))
    n = len(xs)
    # p as the decimal it is written as (0.1 means 1/10, not the binary double 0.1000...0555)
    p = Fraction(str(p)) if isinstance(p, float) else Fraction(p)

    def at(k):  # 1-based order statistic, clamped
        k = min(max(int(k), 1), n)
        return xs[k - 1]

    np_ = n * p
    if rule == "inverted_cdf":
        return at(math.ceil(np_))
    if rule == "averaged_inverted_cdf":
        j = math.floor(np_)
        if np_ == j and 1 <= j < n:
            return (at(j) + at(j + 1)) / 2
        return at(math.ceil(np_))
    if rule == "closest_observation":
        h = np_ - Fraction(1, 2)
        j = math.floor(h)
        k = j if (h == j and j % 2 == 0) else j + 1
        return at(k)
    m = {
        "interpolated_inverted_cdf": Fraction(0),
        "hazen": Fraction(1, 2),
        "weibull": p,
        "linear": 1 - p,
        "median_unbiased": (p + 1) / 3,
        "normal_unbiased": p / 4 + Fraction(3, 8),
    }[rule]
    h = min(max(np_ + m, Fraction(1)), Fraction(n))
    j = math.floor(h)
    g = h - j
    return at(j) + g * (at(j + 1) - at(j)) if g else at(j)


def hp_wolfson(x, w, rule="linear"):
    g = hp_gini(x, w)
    t = Fraction(1, 2) - hp_lorenz_at(x, w, 0.5)
    p = [(_fr(a), _fr(b)) for a, b in _pairs(x, w)]
    mu = sum(a * b for a, b in p) / sum(b for _, b in p)
    return 2 * (2 * t - g) * mu / hp_quantile(x, w, 0.5, rule)


def _group_parts(x, w, g):
    if w is None:
        w = [1] * len(x)
    groups = sorted({gi for gi, wi in zip(g, w) if wi != 0 and gi >= 0})
    parts = {}
    for c in groups:
        xs = [a for a, b, gi in zip(x, w, g) if gi == c and b != 0]
        ws = [b for a, b, gi in zip(x, w, g) if gi == c and b != 0]
        parts[c] = (xs, ws)
    return parts


def hp_ge_decomposition(x, w, g, alpha):
    parts = _group_parts(x, w, g)
    allx = [a for xs, _ in parts.values() for a in xs]
    allw = [b for _, ws in parts.values() for b in ws]
    total = hp_ge(allx, allw, alpha)
    W = sum(_dec(b) for b in allw)
    S = sum(_dec(a) * _dec(b) for a, b in zip(allx, allw))
    al = _dec(alpha)
    within = Decimal(0)
    means, wg = [], []
    for xs, ws in parts.values():
        Wg = sum(_dec(b) for b in ws)
        Sg = sum(_dec(a) * _dec(b) for a, b in zip(xs, ws))
        means.append(Sg / Wg)
        wg.append(Wg)
        if Sg > 0:
            v, s = Wg / W, Sg / S
            within += (v ** (1 - al)) * (s**al) * hp_ge(xs, ws, alpha)
    between = hp_ge(means, wg, alpha)
    return {"total": total, "within": within, "between": between}


def hp_gini_decomposition(x, w, g):
    parts = _group_parts(x, w, g)
    allx = [a for xs, _ in parts.values() for a in xs]
    allw = [b for _, ws in parts.values() for b in ws]
    total = hp_gini(allx, allw)
    W = sum(_fr(b) for b in allw)
    S = sum(_fr(a) * _fr(b) for a, b in zip(allx, allw))
    within = Fraction(0)
    means, wg = [], []
    for xs, ws in parts.values():
        Wg = sum(_fr(b) for b in ws)
        Sg = sum(_fr(a) * _fr(b) for a, b in zip(xs, ws))
        means.append(Sg / Wg)
        wg.append(Wg)
        if Sg > 0:
            within += (Wg / W) * (Sg / S) * hp_gini(xs, ws)
    between = hp_gini(means, wg)
    return {"total": total, "within": within, "between": between,
            "overlap": total - within - between}


# --------------------------------------------------------------------------------------------
# peer and numpy-direct routes


def rep(x, w):
    return np.repeat(np.asarray(x, dtype=float), np.asarray(w, dtype=int))


def p_gini(x):
    return float(PysalGini(np.asarray(x, dtype=float)).g)


def p_theil(x):
    return float(np.asarray(PysalTheil(np.asarray(x, dtype=float)).T).item())


def p_theild(x, g):
    d = PysalTheilD(np.asarray(x, dtype=float), np.asarray(g))
    return {
        "total": float(np.asarray(d.T).item()),
        "within": float(np.asarray(d.wg).item()),
        "between": float(np.asarray(d.bg).item()),
    }


def p_atkinson(x, eps):
    return float(pysal_atkinson(np.asarray(x, dtype=float), eps))


def p_schutz(x):
    return float(PysalSchutz(pd.DataFrame({"y": np.asarray(x, dtype=float)}), "y").distance)


def p_wolfson2(x):
    """PySAL's wolfson is (2 D50 - G) mu/m (inequality/wolfson.py); Wolfson (1994) and bildung
    have 2 (2 D50 - G) mu/m, so the peer value is multiplied by 2."""
    return 2.0 * float(pysal_wolfson(np.asarray(x, dtype=float)))


def p_wolfson2_rule(x, rule):
    """The PySAL parts (lorenz_curve + np.interp for L(0.5), Gini) with numpy's median by rule."""
    x = np.asarray(x, dtype=float)
    pop, lc = pysal_lorenz(x)
    d50 = 0.5 - float(np.interp(0.5, pop, lc))
    g = p_gini(x)
    return 2.0 * (2.0 * d50 - g) * float(x.mean()) / float(np.quantile(x, 0.5, method=rule))


def p_lorenz_at(x, qs):
    pop, lc = pysal_lorenz(np.asarray(x, dtype=float))
    return [[float(q), float(np.interp(q, pop, lc))] for q in qs]


def p_lorenz_points_merged(x):
    """PySAL lorenz_curve points, keeping only the last point of each run of tied values."""
    xs = np.sort(np.asarray(x, dtype=float))
    pop, lc = pysal_lorenz(xs)
    keep = [0] + [i + 1 for i in range(len(xs)) if i + 1 == len(xs) or xs[i + 1] != xs[i]]
    return [float(pop[i]) for i in keep], [float(lc[i]) for i in keep]


def p_share_ratio(x, top, bottom):
    pop, lc = pysal_lorenz(np.asarray(x, dtype=float))
    return (1.0 - float(np.interp(top, pop, lc))) / float(np.interp(bottom, pop, lc))


def np_ge(x, w, alpha):
    x = np.asarray(x, dtype=float)
    w = np.ones_like(x) if w is None else np.asarray(w, dtype=float)
    keep = w > 0
    x, w = x[keep], w[keep]
    v = w / w.sum()
    s = x / np.sum(v * x)
    if alpha == 0:
        return float(-np.sum(v * np.log(s)))
    if alpha == 1:
        pos = s > 0
        return float(np.sum(v[pos] * s[pos] * np.log(s[pos])))
    return float((np.sum(v * s**alpha) - 1.0) / (alpha * (alpha - 1.0)))


def np_atkinson(x, w, eps):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    v = w / w.sum()
    s = x / np.sum(v * x)
    if eps == 1:
        return float(1.0 - np.exp(np.sum(v * np.log(s))))
    return float(1.0 - np.sum(v * s ** (1.0 - eps)) ** (1.0 / (1.0 - eps)))


def np_gini_pairwise(x, w):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    mad = np.sum(np.outer(w, w) * np.abs(x[:, None] - x[None, :]))
    W = w.sum()
    return float(mad / (2.0 * W * np.sum(w * x)))


def np_cv(x, w=None, ddof=0):
    x = np.asarray(x, dtype=float)
    if w is None:
        return float(np.std(x, ddof=ddof) / np.mean(x))
    mu = np.average(x, weights=w)
    return float(np.sqrt(np.average((x - mu) ** 2, weights=w)) / mu)


def np_hoover(x, w):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    mu = np.average(x, weights=w)
    return float(np.sum(w * np.abs(x - mu)) / (2.0 * w.sum() * mu))


def np_lorenz_at(x, w, qs):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    o = np.argsort(x, kind="stable")
    x, w = x[o], w[o]
    pop = np.concatenate([[0.0], np.cumsum(w) / w.sum()])
    lc = np.concatenate([[0.0], np.cumsum(w * x) / np.sum(w * x)])
    return [[float(q), float(np.interp(q, pop, lc))] for q in qs]


def np_ge_decomposition(x, w, g, alpha):
    x = np.asarray(x, dtype=float)
    w = np.ones_like(x) if w is None else np.asarray(w, dtype=float)
    g = np.asarray(g)
    keep = (w > 0) & (g >= 0) & ~np.isnan(x)
    x, w, g = x[keep], w[keep], g[keep]
    W, S = w.sum(), np.sum(w * x)
    within = 0.0
    means, wg = [], []
    for c in np.unique(g):
        m = g == c
        Wg, Sg = w[m].sum(), np.sum(w[m] * x[m])
        means.append(Sg / Wg)
        wg.append(Wg)
        if Sg > 0:
            within += (Wg / W) ** (1.0 - alpha) * (Sg / S) ** alpha * np_ge(x[m], w[m], alpha)
    return {"total": np_ge(x, w, alpha), "within": float(within),
            "between": np_ge(means, wg, alpha)}


def p_gini_decomposition(x, w, g):
    """Assembled from PySAL Gini of the parts: the total, each group, and the data with every
    value replaced by its group mean (integer weights by np.repeat)."""
    x = np.asarray(x, dtype=float)
    w = np.ones(len(x), dtype=int) if w is None else np.asarray(w, dtype=int)
    g = np.asarray(g)
    xr, gr = np.repeat(x, w), np.repeat(g, w)
    keep = gr >= 0
    xr, gr = xr[keep], gr[keep]
    total = p_gini(xr)
    S, N = xr.sum(), len(xr)
    within = 0.0
    means = np.empty_like(xr)
    for c in np.unique(gr):
        m = gr == c
        within += (m.sum() / N) * (xr[m].sum() / S) * p_gini(xr[m])
        means[m] = xr[m].mean()
    between = p_gini(means)
    return {"total": total, "within": within, "between": between,
            "overlap": total - within - between}


# --------------------------------------------------------------------------------------------
# case collection

CASES: list[dict] = []
IDS: set[str] = set()
WORST: dict[str, float] = {}


def _num(v):
    if isinstance(v, str):
        return v
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def _kind(source):
    for k in ("published", "computed: numpy direct formula", "computed by the reference author",
              "peer", "hand"):
        if f"[{k}" in source:
            return k
    raise ValueError(f"no kind in source: {source}")


def _relerr(a, b):
    a, b = float(a), float(b)
    if b == 0:
        return abs(a)
    return abs(a - b) / abs(b)


def _within(value, ref, tol):
    if isinstance(value, str) or isinstance(ref, str):
        return str(value) == str(ref)
    d = abs(float(value) - float(ref))
    ok = False
    if "abs" in tol:
        ok |= d <= tol["abs"]
    if "rel" in tol:
        ok |= d <= tol["rel"] * abs(float(ref))
    return ok


def _flatten(expected):
    """Scalars of an expected value, with names."""
    if isinstance(expected, dict):
        out = []
        for k in ("total", "within", "between", "overlap"):
            if k in expected:
                out.append((k, expected[k]))
        for q, l in expected.get("share_at", []):
            out.append((f"L({q})", l))
        if "population_share" in expected:
            for i, (p, l) in enumerate(zip(expected["population_share"], expected["value_share"])):
                out.append((f"p[{i}]", p))
                out.append((f"L[{i}]", l))
        return out
    return [("value", expected)]


def add(cid, function, x, expected=None, *, weights=None, groups=None, params=None,
        tolerance=None, source, derivation=None, expected_error=None, check=None):
    """Record a case. `check` is the independent high-precision value(s) in the same shape as
    `expected`; every expected scalar must lie within `tolerance` of it."""
    assert cid not in IDS, f"duplicate id {cid}"
    assert (expected is None) != (expected_error is None), cid
    IDS.add(cid)
    c = {
        "id": cid,
        "function": function,
        "x": [_num(v) for v in x],
        "weights": None if weights is None else [_num(v) for v in weights],
        "groups": None if groups is None else [int(v) for v in groups],
        "params": params or {},
        "source": source,
        "tolerance": tolerance or REL,
    }
    if derivation:
        c["derivation"] = derivation
    if expected_error is not None:
        c["expected_error"] = expected_error
    else:
        if isinstance(expected, dict):
            e = {}
            for k, v in expected.items():
                if k == "share_at":
                    e[k] = [[_num(q), _num(l)] for q, l in v]
                elif isinstance(v, list):
                    e[k] = [_num(t) for t in v]
                else:
                    e[k] = _num(v)
            c["expected"] = e
        else:
            c["expected"] = _num(expected)
        if check is not None:
            got = _flatten(c["expected"])
            ref = _flatten(check if isinstance(check, dict) else check)
            assert len(got) == len(ref), (cid, got, ref)
            for (name, gv), (_, rv) in zip(got, ref):
                if not isinstance(rv, str):
                    rv = float(rv)
                if not _within(gv, rv, c["tolerance"]):
                    sys.exit(f"CHECK FAILED {cid} {name}: expected {gv}, independent {rv}, "
                             f"tolerance {c['tolerance']}")
                if not isinstance(gv, str) and rv != 0:
                    kind = _kind(source)
                    err = _relerr(gv, rv)
                    if err >= WORST.get(kind, (0.0, ""))[0]:
                        WORST[kind] = (err, f"{cid} {name}")
    CASES.append(c)


def peer_tol(values, refs, floor=1e-12):
    """rel 1e-12, widened to 10x the peer's measured relative error if that is larger."""
    err = max((_relerr(v, r) for v, r in zip(values, refs) if float(r) != 0), default=0.0)
    if 10 * err <= floor:
        return {"rel": floor}, err
    return {"rel": 10.0 ** math.ceil(math.log10(10 * err))}, err


def add_peer(cid, function, x, value, check, *, source, weights=None, groups=None, params=None,
             abs_floor=None):
    vals = [v for _, v in _flatten(value)]
    refs = [float(r) for _, r in _flatten(check)]
    tol, err = peer_tol(vals, refs)
    if tol["rel"] > 1e-12:
        source += (f" (the peer's value differs from the exact/60-digit value by {err:.1e} "
                   f"relative: tolerance widened to {tol['rel']:.0e})")
    if abs_floor is not None:
        tol = dict(tol, abs=abs_floor)
    add(cid, function, x, value, weights=weights, groups=groups, params=params, tolerance=tol,
        source=source, check=check)


def printed(s):
    """A value printed with k decimals, and its tolerance (half a unit in the last digit)."""
    dec = len(s.split(".")[1]) if "." in s else 0
    return float(s), {"abs": 0.5 * 10.0 ** (-dec)}


# --------------------------------------------------------------------------------------------
# [published]


def published():
    v, t = printed("0.4620911")
    add("ineq_example_gini_published", "gini", INEQ_X, v, params={"correction": "none"},
        tolerance=t, source=INEQ_PUBLISHED, check=hp_gini(INEQ_X))
    v, t = printed("0.1796591")
    add("ineq_example_atkinson_0_5_published", "atkinson", INEQ_X, v, params={"epsilon": 0.5},
        tolerance=t, source=INEQ_PUBLISHED, check=hp_atkinson(INEQ_X, None, 0.5))
    v, t = printed("0.4444444")
    add("ineq_lasym_gini_corrected_published", "gini", LASYM_X, v,
        params={"correction": "units"}, tolerance=t,
        source="R ineq 0.2-13 documentation, Lasym example (Damgaard & Weiner 2000): "
               "Gini(x, corr = TRUE) of nine values 50/9 and one value 50 (methods.md 1.8) "
               "[published]",
        check=hp_gini(LASYM_X) * Fraction(10, 9))

    # PySAL inequality's own docstrings and test files
    src = f"{PYSAL} test file inequality/tests/test_gini.py (mexico.csv pcgdp1940) [published]"
    add("pysal_mexico_1940_gini_published", "gini", MEX40, 0.35372371173452849,
        params={"correction": "none"}, source=src, check=hp_gini(MEX40))
    for year, y, tv, bg, wg in (
        (2000, MEX00, "0.10660832", "0.03635872", "0.07024960"),
    ):
        v, t = printed(tv)
        exp = {"total": float(tv), "within": float(wg), "between": float(bg)}
        add(f"pysal_mexico_{year}_theild_hanson98_published", "ge_decomposition", y, exp,
            groups=MEX_REG, params={"alpha": 1.0}, tolerance=t,
            source=f"{PYSAL} Theil and TheilD docstrings / tests/test_theil.py, mexico.csv "
                   f"pcgdp{year}, partition hanson98: T, wg (within), bg (between), printed "
                   "with 8 decimals [published]",
            check=hp_ge_decomposition(y, None, MEX_REG, 1))
    add("pysal_theild_zeros_published", "ge_decomposition", [0, 0, 0, 10, 10, 10],
        {"total": math.log(2), "within": 0.0, "between": math.log(2)},
        groups=[0, 0, 0, 1, 1, 1], params={"alpha": 1.0}, tolerance=DECOMP,
        source=f"{PYSAL} tests/test_theil.py: TheilD([0,0,0,10,10,10], [0,0,0,1,1,1]) gives "
               "T = bg = 0.6931471805599453 = ln 2, wg = 0 [published]",
        derivation="mu = 5, s = (0,0,0,2,2,2): T = (3 * 2 ln 2)/6 = ln 2 (0 ln 0 := 0). Group 0 "
                   "has total 0 and contributes 0 to within; group 1 is equal, GE_1 = 0; so "
                   "within = 0 and between = GE(1) of group means (0,0,0,10,10,10) = ln 2.",
        check=hp_ge_decomposition([0, 0, 0, 10, 10, 10], None, [0, 0, 0, 1, 1, 1], 1))
    for i, (xs, s) in enumerate(((
            [20000, 25000, 27000, 30000, 35000, 45000, 60000, 75000, 80000, 120000], "0.2013"),
            ([6, 6, 8, 8, 10, 10, 12, 12], "0.0833"))):
        v, t = printed(s)
        add(f"pysal_wolfson_doc_{i + 1}_published", "wolfson", xs, 2 * v,
            params={"rule": "linear"}, tolerance={"abs": 2 * t["abs"] + 1e-9},
            source=f"{PYSAL} wolfson docstring / tests/test_interface.py prints {s}; PySAL "
                   "computes (2 D50 - G) mu/m (inequality/wolfson.py) without Wolfson's (1994) "
                   "leading factor 2 that bildung uses, so expected = 2 x the printed value, "
                   "tolerance 2 x half a unit of the last printed digit, plus 1e-9 because the exact "
                   "value 0.20125 sits on the rounding boundary [published]",
            check=hp_wolfson(xs, None))
    inc = [10, 20, 30, 40, 50]
    for eps, s in ((1.0, "0.1316096"),):
        v, t = printed(s)
        add(f"pysal_atkinson_doc_eps_{str(eps).replace('.', '_')}_published", "atkinson", inc,
            v, params={"epsilon": eps}, tolerance=t,
            source=f"{PYSAL} atkinson docstring / tests/test_atkinson.py (same epsilon "
                   "convention: exponent 1 - epsilon) [published]",
            check=hp_atkinson(inc, None, eps))
    v, t = printed("0.15")
    add("pysal_schutz_doc_published", "hoover", [1000, 2000, 1500, 3000, 2500], v, tolerance=t,
        source=f"{PYSAL} Schutz docstring: 'Schutz Distance: 0.15' = max(p - L) = Hoover "
               "[published]",
        check=hp_hoover([1000, 2000, 1500, 3000, 2500]))
    inc = [20000, 25000, 27000, 30000, 35000, 45000, 60000, 75000, 80000, 120000]
    v, t = printed("0.03868472")
    add("pysal_lorenz_doc_published", "lorenz_curve", inc, {"share_at": [[0.1, v]]},
        tolerance=t,
        source=f"{PYSAL} lorenz_curve docstring: income_share[1] = 0.03868472 at population "
               "share 0.1 [published]",
        check={"share_at": [[0.1, hp_lorenz_at(inc, None, 0.1)]]})


# --------------------------------------------------------------------------------------------
# methods.md 1.8 [computed]


def methods_computed():
    src = METHODS_COMPUTED
    us_src = METHODS_COMPUTED + ", weighted US 1968 example (frequencies n)"

    def c(cid, function, s, check, **kw):
        v, t = printed(s)
        add(cid, function, kw.pop("x", INEQ_X), v, tolerance=t, source=kw.pop("source", src),
            check=check, **kw)

    c("ineq_example_gini_corrected_computed", "gini", "0.5134346",
      hp_gini(INEQ_X) * Fraction(10, 9), params={"correction": "units"})
    c("ineq_example_atkinson_1_computed", "atkinson", "0.3518251",
      hp_atkinson(INEQ_X, None, 1), params={"epsilon": 1.0})
    c("ineq_example_atkinson_2_computed", "atkinson", "0.6290111",
      hp_atkinson(INEQ_X, None, 2), params={"epsilon": 2.0})
    c("ineq_example_theil_computed", "theil", "0.3623412", hp_ge(INEQ_X, None, 1))
    c("ineq_example_mld_computed", "mean_log_deviation", "0.4335946", hp_ge(INEQ_X, None, 0))
    for a, s in ((2.0, "0.4204062"), (-1.0, "0.8477491"), (0.5, "0.3770931")):
        c(f"ineq_example_ge_{str(a).replace('-', 'm').replace('.', '_')}_computed",
          "generalized_entropy", s, hp_ge(INEQ_X, None, a), params={"alpha": a})
    c("ineq_example_cv_computed", "coefficient_of_variation", "0.9169582", hp_cv(INEQ_X),
      params={"form": "population"})
    c("ineq_example_cv_sample_computed", "coefficient_of_variation", "0.9665588",
      hp_cv(INEQ_X, sample=True), params={"form": "sample"})
    c("ineq_example_hoover_computed", "hoover", "0.3378067", hp_hoover(INEQ_X))
    ls = ["0.008125", "0.030096", "0.066816", "0.118448", "0.185084", "0.266197", "0.362193",
          "0.486904", "0.665680"]
    qs = [k / 10 for k in range(1, 10)]
    add("ineq_example_lorenz_computed", "lorenz_curve", INEQ_X,
        {"share_at": [[q, float(s)] for q, s in zip(qs, ls)]}, tolerance={"abs": 5e-7},
        source=src, check={"share_at": [[q, hp_lorenz_at(INEQ_X, None, q)] for q in qs]})
    c("ineq_example_s80_s20_computed", "s80_s20", "17.0484", hp_share_ratio(INEQ_X, None, .8, .2))
    c("ineq_example_palma_computed", "palma", "2.8225", hp_share_ratio(INEQ_X, None, .9, .4))
    c("ineq_example_p10_computed", "quantile", "1370.8", hp_quantile(INEQ_X, None, 0.1, "linear"),
      params={"p": 0.1, "rule": "linear"})
    c("ineq_example_p90_computed", "quantile", "12939.7",
      hp_quantile(INEQ_X, None, 0.9, "linear"), params={"p": 0.9, "rule": "linear"})
    c("ineq_example_p90_p10_computed", "percentile_ratio", "9.4395",
      hp_quantile(INEQ_X, None, 0.9, "linear") / hp_quantile(INEQ_X, None, 0.1, "linear"),
      params={"upper": 0.9, "lower": 0.1, "rule": "linear"})
    c("us1968_weighted_gini_computed", "gini", "0.3889257", hp_gini(INEQ_X, US1968_N),
      weights=US1968_N, params={"correction": "none"}, source=us_src)
    c("us1968_weighted_theil_computed", "theil", "0.2567824", hp_ge(INEQ_X, US1968_N, 1),
      weights=US1968_N, source=us_src)
    c("us1968_weighted_mld_computed", "mean_log_deviation", "0.3248815",
      hp_ge(INEQ_X, US1968_N, 0), weights=US1968_N, source=us_src)
    c("us1968_weighted_atkinson_0_5_computed", "atkinson", "0.1334638",
      hp_atkinson(INEQ_X, US1968_N, 0.5), weights=US1968_N, params={"epsilon": 0.5},
      source=us_src)
    dsrc = METHODS_COMPUTED + ", decomposition example: group 0 = the 6 smallest, 1 = the 4 largest"
    for a, tot, wi, be in ((0.0, "0.433595", "0.188689", "0.244905"),
                           (1.0, "0.362341", "0.133424", "0.228918"),
                           (2.0, "0.420406", "0.188272", "0.232134")):
        add(f"ineq_example_ge_{int(a)}_decomposition_computed", "ge_decomposition", INEQ_X,
            {"total": float(tot), "within": float(wi), "between": float(be)},
            groups=SPLIT_6_4, params={"alpha": a}, tolerance={"abs": 5e-7}, source=dsrc,
            check=hp_ge_decomposition(INEQ_X, None, SPLIT_6_4, a))
    add("ineq_example_gini_decomposition_split_computed", "gini_decomposition", INEQ_X,
        {"total": 0.462091, "within": 0.128288, "between": 0.333803, "overlap": 0.0},
        groups=SPLIT_6_4, tolerance={"abs": 5e-7}, source=dsrc + " (non-overlapping: residual 0)",
        check=hp_gini_decomposition(INEQ_X, None, SPLIT_6_4))
    g = hp_gini(INEQ_X)
    add("ineq_example_gini_decomposition_alternating_computed", "gini_decomposition", INEQ_X,
        {"total": 0.4620911, "within": 0.219671, "between": 0.113748, "overlap": 0.128673},
        groups=ALTERNATE, tolerance={"abs": 5e-7},
        source=METHODS_COMPUTED + ", overlapping groups (alternating ranks); total = the Gini "
               "0.4620911 of the same data",
        check=dict(hp_gini_decomposition(INEQ_X, None, ALTERNATE), total=g))


# --------------------------------------------------------------------------------------------
# [peer]


def _eps_tag(v):
    return str(v).replace("-", "m").replace(".", "_")


def peer_suite(tag, x, label, only, *, quantile_p=None, lorenz_qs=None, eps=(), alphas=()):
    """PySAL / numpy cases for one unweighted input; `only` selects the measures."""
    if "gini" in only:
        add_peer(f"{tag}_gini_peer", "gini", x, p_gini(x), hp_gini(x),
                 params={"correction": "none"}, source=f"{PYSAL} Gini(x).g [peer] on {label}")
    if "theil" in only:
        add_peer(f"{tag}_theil_peer", "theil", x, p_theil(x), hp_ge(x, None, 1),
                 source=f"{PYSAL} Theil(x).T [peer] on {label}")
    for e in eps:
        add_peer(f"{tag}_atkinson_{_eps_tag(e)}_peer", "atkinson", x,
                 p_atkinson(x, e), hp_atkinson(x, None, e), params={"epsilon": e},
                 source=f"{PYSAL} atkinson(x, {e}) [peer] on {label} (PySAL's epsilon is the "
                        "inequality aversion, exponent 1 - epsilon, as in bildung and R ineq)")
    if "hoover" in only:
        add_peer(f"{tag}_hoover_peer", "hoover", x, p_schutz(x), hp_hoover(x),
                 source=f"{PYSAL} Schutz(df, col).distance = max(p - L) = Hoover [peer] on {label}")
    if "wolfson" in only:
        add_peer(f"{tag}_wolfson_peer", "wolfson", x, p_wolfson2(x), hp_wolfson(x, None),
                 params={"rule": "linear"},
                 source=f"2 x {PYSAL} wolfson(x) [peer] on {label}: PySAL computes (2 D50 - G) "
                        "mu/m (read in inequality/wolfson.py), Wolfson (1994) and bildung "
                        "2 (2 D50 - G) mu/m; PySAL's median is np.median (rule linear)")
    if "palma" in only:
        add_peer(f"{tag}_palma_peer", "palma", x, p_share_ratio(x, 0.9, 0.4),
                 hp_share_ratio(x, None, 0.9, 0.4),
                 source=f"{PYSAL} lorenz_curve + np.interp: (1 - L(0.9)) / L(0.4) [peer] on {label}")
    if "s80_s20" in only:
        add_peer(f"{tag}_s80_s20_peer", "s80_s20", x, p_share_ratio(x, 0.8, 0.2),
                 hp_share_ratio(x, None, 0.8, 0.2),
                 source=f"{PYSAL} lorenz_curve + np.interp: (1 - L(0.8)) / L(0.2) [peer] on {label}")
    if "cv" in only:
        add_peer(f"{tag}_cv_peer", "coefficient_of_variation", x, np_cv(x), hp_cv(x),
                 params={"form": "population"},
                 source=f"{NUMPY} np.std(x) / np.mean(x) [peer] on {label}")
    if "cv_sample" in only:
        add_peer(f"{tag}_cv_sample_peer", "coefficient_of_variation", x, np_cv(x, ddof=1),
                 hp_cv(x, sample=True), params={"form": "sample"},
                 source=f"{NUMPY} np.std(x, ddof=1) / np.mean(x) [peer] on {label}")
    if "mld" in only:
        add_peer(f"{tag}_mld_numpy", "mean_log_deviation", x, np_ge(x, None, 0),
                 hp_ge(x, None, 0), source=f"{NUMPY_DIRECT} -mean(ln(x/mu)) on {label}")
    for a in alphas:
        add_peer(f"{tag}_ge_{_eps_tag(a)}_numpy", "generalized_entropy", x, np_ge(x, None, a),
                 hp_ge(x, None, a), params={"alpha": a},
                 source=f"{NUMPY_DIRECT} (mean((x/mu)^a) - 1)/(a(a-1)), a = {a}, on {label}")
    if "lorenz_points" in only:
        pop, lc = pysal_lorenz(np.asarray(x, dtype=float))
        pts = hp_lorenz_points(x)
        add_peer(f"{tag}_lorenz_points_peer", "lorenz_curve", x,
                 {"population_share": [float(v) for v in pop],
                  "value_share": [float(v) for v in lc]},
                 {"population_share": [p for p, _ in pts], "value_share": [l for _, l in pts]},
                 source=f"{PYSAL} lorenz_curve(x) points (no ties in x) [peer] on {label}",
                 abs_floor=1e-15)
    if lorenz_qs:
        add_peer(f"{tag}_lorenz_share_at_peer", "lorenz_curve", x,
                 {"share_at": p_lorenz_at(x, lorenz_qs)},
                 {"share_at": [[q, hp_lorenz_at(x, None, q)] for q in lorenz_qs]},
                 source=f"{PYSAL} lorenz_curve + np.interp(p) [peer] on {label}", abs_floor=1e-15)
    if quantile_p is not None:
        for rule in RULES:
            add_peer(f"{tag}_quantile_{rule}_peer", "quantile", x,
                     float(np.quantile(np.asarray(x), quantile_p, method=rule)),
                     hp_quantile(x, None, quantile_p, rule),
                     params={"p": quantile_p, "rule": rule},
                     source=f"{NUMPY} np.quantile(x, {quantile_p}, method='{rule}') [peer] "
                            f"on {label}; checked against Hyndman & Fan (1996) type "
                            f"{RULES.index(rule) + 1} in exact rationals")


def weighted_peer_suite(tag, x, w, label, only, *, quantile_p=0.5, rules=(), lorenz_qs=None,
                        eps=(), alphas=()):
    """Integer frequency weights: the peer runs on np.repeat(x, w)."""
    r = rep(x, w)
    lab = f"{label}, weighted: the peer runs on np.repeat(x, w)"
    if "gini" in only:
        add_peer(f"{tag}_gini_peer", "gini", x, p_gini(r), hp_gini(x, w), weights=w,
                 params={"correction": "none"}, source=f"{PYSAL} Gini [peer] on {lab}")
    if "gini_frequency" in only:
        n = len(r)
        add_peer(f"{tag}_gini_frequency_corrected_peer", "gini", x, p_gini(r) * n / (n - 1),
                 hp_gini(x, w) * Fraction(n, n - 1), weights=w,
                 params={"correction": "frequency"},
                 source=f"{PYSAL} Gini x W/(W-1) (W = {n} = len(np.repeat(x, w)); the n/(n-1) "
                        f"correction of R ineq's Gini(corr = TRUE) on the expanded data) [peer] "
                        f"on {lab}")
    if "theil" in only:
        add_peer(f"{tag}_theil_peer", "theil", x, p_theil(r), hp_ge(x, w, 1), weights=w,
                 source=f"{PYSAL} Theil [peer] on {lab}")
    for e in eps:
        add_peer(f"{tag}_atkinson_{_eps_tag(e)}_peer", "atkinson", x,
                 p_atkinson(r, e), hp_atkinson(x, w, e), weights=w, params={"epsilon": e},
                 source=f"{PYSAL} atkinson(., {e}) [peer] on {lab}")
    if "hoover" in only:
        add_peer(f"{tag}_hoover_peer", "hoover", x, p_schutz(r), hp_hoover(x, w), weights=w,
                 source=f"{PYSAL} Schutz distance [peer] on {lab}")
    if "wolfson" in only:
        add_peer(f"{tag}_wolfson_peer", "wolfson", x, p_wolfson2(r), hp_wolfson(x, w), weights=w,
                 params={"rule": "linear"}, source=f"2 x {PYSAL} wolfson [peer] on {lab}")
    if "palma" in only:
        add_peer(f"{tag}_palma_peer", "palma", x, p_share_ratio(r, 0.9, 0.4),
                 hp_share_ratio(x, w, 0.9, 0.4), weights=w,
                 source=f"{PYSAL} lorenz_curve + np.interp [peer] on {lab}")
    if "s80_s20" in only:
        add_peer(f"{tag}_s80_s20_peer", "s80_s20", x, p_share_ratio(r, 0.8, 0.2),
                 hp_share_ratio(x, w, 0.8, 0.2), weights=w,
                 source=f"{PYSAL} lorenz_curve + np.interp [peer] on {lab}")
    if "cv" in only:
        add_peer(f"{tag}_cv_peer", "coefficient_of_variation", x, np_cv(r), hp_cv(x, w),
                 weights=w, params={"form": "population"},
                 source=f"{NUMPY} np.std / np.mean [peer] on {lab}")
    if "mld" in only:
        add_peer(f"{tag}_mld_numpy", "mean_log_deviation", x, np_ge(r, None, 0), hp_ge(x, w, 0),
                 weights=w, source=f"{NUMPY_DIRECT} -mean(ln(x/mu)) on {lab}")
    for a in alphas:
        add_peer(f"{tag}_ge_{_eps_tag(a)}_numpy", "generalized_entropy", x, np_ge(r, None, a),
                 hp_ge(x, w, a), weights=w, params={"alpha": a},
                 source=f"{NUMPY_DIRECT} (mean((x/mu)^a) - 1)/(a(a-1)), a = {a}, on {lab}")
    if "p90_p10" in only:
        add_peer(f"{tag}_p90_p10_peer", "percentile_ratio", x,
                 float(np.quantile(r, 0.9) / np.quantile(r, 0.1)),
                 hp_quantile(x, w, 0.9, "linear") / hp_quantile(x, w, 0.1, "linear"), weights=w,
                 params={"upper": 0.9, "lower": 0.1, "rule": "linear"},
                 source=f"{NUMPY} np.quantile(., 0.9) / np.quantile(., 0.1), method='linear' "
                        f"[peer] on {lab}")
    if lorenz_qs:
        add_peer(f"{tag}_lorenz_share_at_peer", "lorenz_curve", x,
                 {"share_at": p_lorenz_at(r, lorenz_qs)},
                 {"share_at": [[q, hp_lorenz_at(x, w, q)] for q in lorenz_qs]}, weights=w,
                 source=f"{PYSAL} lorenz_curve + np.interp(p) [peer] on {lab}", abs_floor=1e-15)
    if "lorenz_points" in only:
        pop, lc = p_lorenz_points_merged(r)
        pts = hp_lorenz_points(x, w)
        add_peer(f"{tag}_lorenz_points_peer", "lorenz_curve", x,
                 {"population_share": pop, "value_share": lc},
                 {"population_share": [p for p, _ in pts], "value_share": [l for _, l in pts]},
                 weights=w, abs_floor=1e-15,
                 source=f"{PYSAL} lorenz_curve points [peer] on {lab}, keeping the last point of "
                        "each run of tied values (ties merged, methods.md 1.3)")
    for rule in rules:
        add_peer(f"{tag}_quantile_{rule}_peer", "quantile", x,
                 float(np.quantile(r, quantile_p, method=rule)),
                 hp_quantile(x, w, quantile_p, rule), weights=w,
                 params={"p": quantile_p, "rule": rule},
                 source=f"{NUMPY} np.quantile(np.repeat(x, w), {quantile_p}, method='{rule}') "
                        f"[peer] on {label}; checked against Hyndman & Fan type "
                        f"{RULES.index(rule) + 1} in exact rationals")


def peers():
    ineq_label = "the R ineq income example x (methods.md 1.8)"
    peer_suite("ineq_example", INEQ_X, ineq_label,
               {"gini", "theil", "hoover", "wolfson", "lorenz_points"}, eps=(2.5,))
    rule = "inverted_cdf"
    add_peer(f"ineq_example_wolfson_{rule}_peer", "wolfson", INEQ_X,
             p_wolfson2_rule(INEQ_X, rule), hp_wolfson(INEQ_X, None, rule),
             params={"rule": rule},
             source=f"2 (2 D50 - G) mu / median from {PYSAL} parts (lorenz_curve + np.interp "
                    f"for L(0.5), Gini) and {NUMPY} np.quantile(x, 0.5, method='{rule}') [peer] "
                    f"on {ineq_label}")
    rule = "hazen"
    add_peer(f"ineq_example_p90_p10_{rule}_peer", "percentile_ratio", INEQ_X,
             float(np.quantile(INEQ_X, 0.9, method=rule) / np.quantile(INEQ_X, 0.1, method=rule)),
             hp_quantile(INEQ_X, None, 0.9, rule) / hp_quantile(INEQ_X, None, 0.1, rule),
             params={"upper": 0.9, "lower": 0.1, "rule": rule},
             source=f"{NUMPY} np.quantile(x, 0.9) / np.quantile(x, 0.1), method='{rule}' [peer] "
                    f"on {ineq_label}")
    add_peer("ineq_example_theild_split_peer", "ge_decomposition", INEQ_X,
             p_theild(INEQ_X, SPLIT_6_4), hp_ge_decomposition(INEQ_X, None, SPLIT_6_4, 1),
             groups=SPLIT_6_4, params={"alpha": 1.0}, abs_floor=1e-14,
             source=f"{PYSAL} TheilD(x, groups): T, wg, bg [peer] on {ineq_label}, 6 smallest "
                    "vs 4 largest")
    add_peer("ineq_example_gini_decomposition_alternating_peer", "gini_decomposition", INEQ_X,
             p_gini_decomposition(INEQ_X, None, ALTERNATE),
             hp_gini_decomposition(INEQ_X, None, ALTERNATE), groups=ALTERNATE, abs_floor=1e-14,
             source=f"{PYSAL} Gini of the parts [peer] on {ineq_label}, alternating ranks: total "
                    "= Gini(x), within = sum v_g s_g Gini(x_g), between = Gini of x with every "
                    "value replaced by its group mean, overlap = total - within - between")

    # US 1968 weighted example, via the expanded 9960 values
    weighted_peer_suite("us1968", INEQ_X, US1968_N,
                        "the R ineq US 1968 grouped data (class means x, frequencies w)",
                        {"gini", "gini_frequency", "theil", "wolfson", "lorenz_points", "s80_s20",
                         "p90_p10"},
                        eps=(1.0,), alphas=(2.0,), rules=("inverted_cdf", "linear"))

    # lognormal sample
    lab = "the lognormal sample (n = 200, seed 20240601, see the script)"
    peer_suite("lognormal", LOGN_X, lab, {"gini", "theil", "hoover", "s80_s20", "mld"},
               eps=(0.5,), alphas=(3.0,), quantile_p=0.37,
               lorenz_qs=[0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95])
    add_peer("lognormal_wolfson_hazen_peer", "wolfson", LOGN_X, p_wolfson2_rule(LOGN_X, "hazen"),
             hp_wolfson(LOGN_X, None, "hazen"), params={"rule": "hazen"},
             source=f"2 (2 D50 - G) mu / median from {PYSAL} parts and {NUMPY} np.quantile(x, "
                    f"0.5, method='hazen') [peer] on {lab}")
    add_peer("lognormal_theild_peer", "ge_decomposition", LOGN_X, p_theild(LOGN_X, LOGN_G),
             hp_ge_decomposition(LOGN_X, None, LOGN_G, 1), groups=LOGN_G, params={"alpha": 1.0},
             abs_floor=1e-14,
             source=f"{PYSAL} TheilD(x, groups): T, wg, bg [peer] on {lab}, 4 groups (codes 2, "
                    "5, 9, 14)")
    add_peer("lognormal_ge_0_decomposition_numpy", "ge_decomposition", LOGN_X,
             np_ge_decomposition(LOGN_X, None, LOGN_G, 0.0),
             hp_ge_decomposition(LOGN_X, None, LOGN_G, 0), groups=LOGN_G,
             params={"alpha": 0.0}, abs_floor=1e-14,
             source=f"{NUMPY_DIRECT}: within = sum_g v_g^(1-a) s_g^a GE_g(a), between = GE(a) of "
                    f"the group means weighted by group size (methods.md 1.4), a = 0, on {lab}, "
                    "4 groups")
    add_peer("lognormal_gini_decomposition_peer", "gini_decomposition", LOGN_X,
             p_gini_decomposition(LOGN_X, None, LOGN_G),
             hp_gini_decomposition(LOGN_X, None, LOGN_G), groups=LOGN_G, abs_floor=1e-14,
             source=f"{PYSAL} Gini of the parts [peer] on {lab}, 4 groups (see "
                    "ineq_example_gini_decomposition_alternating_peer)")

    # lognormal with integer weights (some 0)
    wlab = lab + " with integer weights 0..14 (weight-0 units vanish in np.repeat)"
    weighted_peer_suite("lognormal_w", LOGN_X, LOGN_W, wlab,
                        {"gini", "theil", "wolfson", "palma", "cv"}, eps=(0.5,),
                        rules=("closest_observation",), quantile_p=0.5,
                        lorenz_qs=[0.1, 0.2, 0.4, 0.5, 0.8, 0.9])
    add_peer("lognormal_w_theild_peer", "ge_decomposition", LOGN_X,
             p_theild(rep(LOGN_X, LOGN_W), np.repeat(LOGN_G, LOGN_W)),
             hp_ge_decomposition(LOGN_X, LOGN_W, LOGN_G, 1), weights=LOGN_W, groups=LOGN_G,
             params={"alpha": 1.0}, abs_floor=1e-14,
             source=f"{PYSAL} TheilD(np.repeat(x, w), np.repeat(groups, w)) [peer] on {wlab}")
    add_peer("lognormal_w_gini_decomposition_peer", "gini_decomposition", LOGN_X,
             p_gini_decomposition(LOGN_X, LOGN_W, LOGN_G),
             hp_gini_decomposition(LOGN_X, LOGN_W, LOGN_G), weights=LOGN_W, groups=LOGN_G,
             abs_floor=1e-14, source=f"{PYSAL} Gini of the parts [peer] on {wlab} (np.repeat)")

    # lognormal with real (non-integer) weights: no PySAL route
    flab = lab + " with real weights"
    fw = LOGN_FW
    add_peer("lognormal_fw_gini_numpy", "gini", LOGN_X, np_gini_pairwise(LOGN_X, fw),
             hp_gini(LOGN_X, fw), weights=fw, params={"correction": "none"},
             source=f"{NUMPY_DIRECT} pairwise sum_i sum_j w_i w_j |x_i - x_j| / (2 W S) on {flab}")
    add_peer("lognormal_fw_theil_numpy", "theil", LOGN_X, np_ge(LOGN_X, fw, 1), hp_ge(LOGN_X, fw, 1),
             weights=fw, source=f"{NUMPY_DIRECT} sum v s ln s on {flab}")
    add_peer("lognormal_fw_atkinson_0_5_numpy", "atkinson", LOGN_X, np_atkinson(LOGN_X, fw, 0.5),
             hp_atkinson(LOGN_X, fw, 0.5), weights=fw, params={"epsilon": 0.5},
             source=f"{NUMPY_DIRECT} 1 - (sum v s^(1-eps))^(1/(1-eps)) on {flab}")
    add_peer("lognormal_fw_hoover_numpy", "hoover", LOGN_X, np_hoover(LOGN_X, fw),
             hp_hoover(LOGN_X, fw), weights=fw, source=f"{NUMPY_DIRECT} on {flab}")
    qs = [0.2, 0.4, 0.8, 0.9]
    add_peer("lognormal_fw_lorenz_share_at_numpy", "lorenz_curve", LOGN_X,
             {"share_at": np_lorenz_at(LOGN_X, fw, qs)},
             {"share_at": [[q, hp_lorenz_at(LOGN_X, fw, q)] for q in qs]}, weights=fw,
             abs_floor=1e-15, source=f"{NUMPY_DIRECT} cumsum + np.interp on {flab}")
    for p in (0.5,):
        v = float(np.quantile(np.asarray(LOGN_X), p, method="inverted_cdf", weights=fw))
        # exact weighted type 1: min{x_(i) : C_i >= p W}
        pairs = sorted((_fr(a), _fr(b)) for a, b in zip(LOGN_X, fw))
        W = sum(b for _, b in pairs)
        c, ref = Fraction(0), None
        for a, b in pairs:
            c += b
            if c >= _fr(p) * W:
                ref = a
                break
        add_peer(f"lognormal_fw_quantile_inverted_cdf_p{int(p * 100):02d}_peer", "quantile",
                 LOGN_X, v, ref, weights=fw, params={"p": p, "rule": "inverted_cdf"},
                 source=f"{NUMPY} np.quantile(x, {p}, method='inverted_cdf', weights=w) [peer] on "
                        f"{flab}; = min{{x_(i) : C_i >= p W}} (methods.md 1.6)")

    # real data: Kreise
    sh = ("the 15 Kreise of Schleswig-Holstein, share of 2023 leavers without "
          "Hauptschulabschluss, unweighted; " + KREISE_SRC)
    add_peer("kreise_sh_gini_peer", "gini", SH_X, p_gini(SH_X), hp_gini(SH_X),
             params={"correction": "none"}, source=f"{PYSAL} Gini [peer] on {sh}")
    add_peer("kreise_sh_atkinson_1_peer", "atkinson", SH_X, p_atkinson(SH_X, 1.0),
             hp_atkinson(SH_X, None, 1.0), params={"epsilon": 1.0},
             source=f"{PYSAL} atkinson(., 1) [peer] on {sh}")
    add_peer("kreise_sh_hoover_peer", "hoover", SH_X, p_schutz(SH_X), hp_hoover(SH_X),
             source=f"{PYSAL} Schutz distance [peer] on {sh}")
    add_peer("kreise_sh_wolfson_peer", "wolfson", SH_X, p_wolfson2(SH_X), hp_wolfson(SH_X, None),
             params={"rule": "linear"}, source=f"2 x {PYSAL} wolfson [peer] on {sh}")
    add_peer("kreise_sh_p90_p10_peer", "percentile_ratio", SH_X,
             float(np.quantile(SH_X, 0.9) / np.quantile(SH_X, 0.1)),
             hp_quantile(SH_X, None, 0.9, "linear") / hp_quantile(SH_X, None, 0.1, "linear"),
             params={"upper": 0.9, "lower": 0.1, "rule": "linear"},
             source=f"{NUMPY} np.quantile(x, 0.9) / np.quantile(x, 0.1) [peer] on {sh}")
    st = ("the 36 Kreise of Sachsen-Anhalt (group 15) and Thüringen (group 16) with leavers, share "
          "of 2023 leavers without Hauptschulabschluss weighted by the number of leavers; "
          + KREISE_SRC + "; the peer runs on np.repeat(x, w)")
    r, gr = rep(STTH_X, STTH_W), np.repeat(STTH_G, STTH_W)
    add_peer("kreise_st_th_weighted_gini_peer", "gini", STTH_X, p_gini(r), hp_gini(STTH_X, STTH_W),
             weights=STTH_W, params={"correction": "none"}, source=f"{PYSAL} Gini [peer] on {st}")
    add_peer("kreise_st_th_weighted_theil_peer", "theil", STTH_X, p_theil(r),
             hp_ge(STTH_X, STTH_W, 1), weights=STTH_W, source=f"{PYSAL} Theil [peer] on {st}")
    add_peer("kreise_st_th_weighted_theild_peer", "ge_decomposition", STTH_X, p_theild(r, gr),
             hp_ge_decomposition(STTH_X, STTH_W, STTH_G, 1), weights=STTH_W, groups=STTH_G,
             params={"alpha": 1.0}, abs_floor=1e-14,
             source=f"{PYSAL} TheilD by Land [peer] on {st}")
    add_peer("kreise_st_th_weighted_gini_decomposition_peer", "gini_decomposition", STTH_X,
             p_gini_decomposition(STTH_X, STTH_W, STTH_G),
             hp_gini_decomposition(STTH_X, STTH_W, STTH_G), weights=STTH_W, groups=STTH_G,
             abs_floor=1e-14, source=f"{PYSAL} Gini of the parts by Land [peer] on {st}")


# --------------------------------------------------------------------------------------------
# [hand] values and the edge/error rules of methods.md sections 0 and 1


def hand():
    x, w = [1.0, 2.0, 2.0, 5.0], [1.0, 3.0, 2.0, 1.0]
    pair = ("W = 7, S = 1 + 6 + 4 + 5 = 16, mu = 16/7. Unordered pairs w_i w_j |x_i - x_j|: "
            "(1,2[w3]) 3*1 = 3, (1,2[w2]) 2*1 = 2, (1,5) 1*4 = 4, (2,2) 0, (2[w3],5) 3*3 = 9, "
            "(2[w2],5) 2*3 = 6; sum 24, ordered 48. G = 48 / (2 W^2 mu) = 48 / (2*49*16/7) = "
            "48/224 = 3/14.")
    add("hand_gini_weighted_ties", "gini", x, 3 / 14, weights=w, params={"correction": "none"},
        tolerance=HAND, source="methods.md 1.2 tie example [hand]", derivation=pair,
        check=hp_gini(x, w))
    add("hand_gini_weighted_equals_expanded", "gini", [1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 5.0], 3 / 14,
        params={"correction": "none"}, tolerance=HAND,
        source="methods.md 0.3 (frequency weights = expanded data) [hand]",
        derivation="hand_gini_weighted_ties expanded by its weights: (1, 2 x5, 5); same pairwise "
                   "sum 48 over 7^2 ordered pairs, G = 3/14.",
        check=hp_gini([1, 2, 2, 2, 2, 2, 5]))
    add("hand_gini_weighted_frequency_corrected", "gini", x, 0.25, weights=w,
        params={"correction": "frequency"}, tolerance=HAND,
        source="methods.md 1.2 (W/(W-1) for frequency weights) [hand]",
        derivation="G = 3/14 (hand_gini_weighted_ties), W = 7: 3/14 * 7/6 = 1/4.",
        check=hp_gini(x, w) * Fraction(7, 6))
    b = [0.0, 0.0, 2.0, 2.0]
    add("hand_bipolar_gini", "gini", b, 0.5, params={"correction": "none"}, tolerance=HAND,
        source="[hand]", derivation="mu = 1; 8 ordered pairs (0,2)/(2,0) with |diff| 2: sum 16; "
                                    "G = 16 / (2 * 4^2 * 1) = 0.5.", check=hp_gini(b))
    add("hand_bipolar_wolfson", "wolfson", b, 1.0, params={"rule": "linear"}, tolerance=HAND,
        source="Wolfson (1994) definition W = 2 (2T - G) mu/m [hand]",
        derivation="Lorenz points (0,0), (0.5,0), (1,1): L(0.5) = 0, T = 0.5 - 0 = 0.5; G = 0.5; "
                   "mu = 1; median (linear) = (0 + 2)/2 = 1; W = 2 (2*0.5 - 0.5) * 1/1 = 1 (the "
                   "maximum: half have nothing, half share equally).",
        check=hp_wolfson(b, None))
    add("hand_bipolar_hoover", "hoover", b, 0.5, tolerance=HAND, source="methods.md 1.3 [hand]",
        derivation="sum |x - mu| = 4, / (2 n mu) = 4/8 = 0.5 = max(p - L) at p = 0.5.",
        check=hp_hoover(b))
    add("hand_lorenz_2_1_1", "lorenz_curve", [2.0, 1.0, 1.0],
        {"share_at": [[1 / 3, 0.25], [0.5, 0.375], [0.8, 0.7]],
         "population_share": [0.0, 2 / 3, 1.0], "value_share": [0.0, 0.5, 1.0]},
        tolerance=HAND, source="methods.md 1.3 (ties merged, linear between points) [hand]",
        derivation="sorted (1,1,2), S = 4; the tied 1s merge into one point (2/3, 2/4); points "
                   "(0,0), (2/3, 1/2), (1,1). L(1/3) = 1/2 * (1/3)/(2/3) = 1/4; L(0.5) = 3/8; "
                   "L(0.8) = 1/2 + 1/2 * (0.8 - 2/3)/(1/3) = 0.7.",
        check={"share_at": [[1 / 3, hp_lorenz_at([2, 1, 1], None, Fraction(1, 3))],
                            [0.5, hp_lorenz_at([2, 1, 1], None, 0.5)],
                            [0.8, hp_lorenz_at([2, 1, 1], None, 0.8)]],
               "population_share": [p for p, _ in hp_lorenz_points([2, 1, 1])],
               "value_share": [l for _, l in hp_lorenz_points([2, 1, 1])]})
    z = [0.0, 1.0, 2.0]
    add("hand_theil_with_zero", "theil", z, 2 * math.log(2) / 3, tolerance=HAND,
        source="methods.md 1.4 (0 ln 0 := 0) [hand]",
        derivation="mu = 1, s = (0,1,2): T = (0 + 1 ln 1 + 2 ln 2)/3 = 2 ln 2 / 3.",
        check=hp_ge(z, None, 1))
    add_peer("theil_with_zero_peer", "theil", z, p_theil(z), hp_ge(z, None, 1),
             source=f"{PYSAL} Theil [peer]; PySAL replaces 0 by the smallest normal double "
                    "(2.2e-308, inequality/theil.py), whose contribution s ln(n s) ~ -1.6e-305 is "
                    "far below double precision of the result, so it equals 0 ln 0 := 0")
    add("hand_ge_0_5_with_zero", "generalized_entropy", z, 4 * (2 - math.sqrt(2)) / 3,
        params={"alpha": 0.5}, tolerance=HAND, source="methods.md 1.4 (zeros fine for alpha > 0) [hand]",
        derivation="s = (0,1,2): GE(0.5) = 1/(0.5 * -0.5) * (mean sqrt(s) - 1) = -4 ((1 + sqrt 2)/3 "
                   "- 1) = 4 (2 - sqrt 2)/3.", check=hp_ge(z, None, 0.5))
    q = [1.0, 2.0, 3.0, 4.0]
    add("hand_ge_2_is_half_cv_squared", "generalized_entropy", q, 0.1, params={"alpha": 2.0},
        tolerance=HAND, source="methods.md 1.4 (GE(2) = CV^2/2) [hand]",
        derivation="mu = 2.5, population variance 1.25, CV^2 = 0.2, GE(2) = 0.1; directly: s = (0.4, "
                   "0.8, 1.2, 1.6), mean s^2 = 4.8/4 = 1.2, (1.2 - 1)/(2*1) = 0.1.",
        check=hp_ge(q, None, 2))
    add("hand_cv_1234", "coefficient_of_variation", q, math.sqrt(0.2),
        params={"form": "population"}, tolerance=HAND, source="methods.md 1.6 [hand]",
        derivation="sigma^2 = ((1.5^2 + 0.5^2) * 2)/4 = 1.25, CV = sqrt(1.25)/2.5 = sqrt(0.2).",
        check=hp_cv(q))
    zz = [0.0, 1.0, 3.0]
    for eps in (1.0, 2.0):
        add(f"hand_atkinson_zero_eps_{int(eps)}_is_one", "atkinson", zz, 1.0, params={"epsilon": eps},
            tolerance=HAND, source="methods.md 1.5 (zeros with eps >= 1: A = 1) [hand]",
            derivation="a zero value makes the equally-distributed-equivalent value 0 for eps >= 1 "
                       "(geometric mean 0 at eps = 1; harmonic-type mean 0 for eps > 1), so A = 1.",
            check=1.0)
    one = [7.0]
    for fn, par in (("gini", {"correction": "none"}),):
        add(f"hand_one_unit_{fn}", fn, one, 0.0, params=par, tolerance={"abs": 1e-15},
            source="methods.md 1.2 (n = 1: G = 0) / no dispersion with one unit [hand]",
            derivation="one unit: x = mu, s = 1, every deviation is 0, so the index is 0.",
            check=0.0)
    add("hand_gini_max_weighted", "gini", [0.0, 10.0], 0.75, weights=[3.0, 1.0],
        params={"correction": "none"}, tolerance=HAND, source="methods.md 1.2 (maximum 1 - w_max/W) [hand]",
        derivation="W = 4, mu = 2.5; ordered pairs: 2 * 3 * 1 * 10 = 60; G = 60/(2 * 16 * 2.5) = "
                   "0.75 = 1 - 1/4.", check=hp_gini([0, 10], [3, 1]))
    add("hand_gini_zero_weight_removed", "gini", [1.0, 2.0, 100.0], 1 / 6, weights=[1.0, 1.0, 0.0],
        params={"correction": "none"}, tolerance=HAND, source="methods.md 0.3 (weight 0 removed) [hand]",
        derivation="the unit of weight 0 is removed: Gini of (1, 2) = 2 * 1 / (2 * 2^2 * 1.5) = 1/6.",
        check=hp_gini([1, 2], None))
    add("hand_quantile_weighted_linear", "quantile", [1.0, 2.0, 5.0], 1.5, weights=[2.0, 1.0, 1.0],
        params={"p": 0.5, "rule": "linear"}, tolerance=HAND,
        source="frequency weights = expanded data (methods.md 0.3), Hyndman & Fan type 7 [hand]",
        derivation="expanded (1,1,2,5), n = 4: h = (n-1)p + 1 = 2.5, Q = x_(2) + 0.5 (x_(3) - x_(2)) "
                   "= 1.5.", check=hp_quantile([1, 2, 5], [2, 1, 1], 0.5, "linear"))
    add("hand_quantile_weighted_inverted_cdf", "quantile", [1.0, 2.0, 5.0], 1.0,
        weights=[2.0, 1.0, 1.0], params={"p": 0.5, "rule": "inverted_cdf"}, tolerance=HAND,
        source="methods.md 1.6 (weighted type 1: min{x_(i) : C_i >= p W}) [hand]",
        derivation="C = (2, 3, 4), p W = 2: the first C_i >= 2 is unit x = 1.",
        check=hp_quantile([1, 2, 5], [2, 1, 1], 0.5, "inverted_cdf"))
    x5 = [4.0, 1.0, 10.0, 3.0, 2.0]
    hf = {"inverted_cdf": (2.0, "n p = 1.5, x_(ceil 1.5) = x_(2) = 2"),
          "averaged_inverted_cdf": (2.0, "n p = 1.5 not an integer: x_(2) = 2"),
          "closest_observation": (2.0, "n p - 1/2 = 1: integer and odd, so x_(2) = 2"),
          "interpolated_inverted_cdf": (1.5, "h = n p = 1.5: 1 + 0.5 (2 - 1) = 1.5"),
          "hazen": (2.0, "h = n p + 1/2 = 2: x_(2) = 2"),
          "weibull": (1.8, "h = (n+1) p = 1.8: 1 + 0.8 = 1.8"),
          "linear": (2.2, "h = (n-1) p + 1 = 2.2: 2 + 0.2 (3 - 2) = 2.2"),
          "median_unbiased": (1 + 0.9 + 1 / 30, "h = (n + 1/3) p + 1/3 = 1.9333...: 1 + 0.9333..."),
          "normal_unbiased": (1.95, "h = (n + 1/4) p + 3/8 = 1.95: 1 + 0.95")}
    for rule, (v, d) in hf.items():
        if rule not in ("closest_observation", "median_unbiased"):
            continue
        add(f"hand_quantile_1_2_3_4_10_{rule}", "quantile", x5, v, params={"p": 0.3, "rule": rule},
            tolerance=HAND, source=f"Hyndman & Fan (1996) type {RULES.index(rule) + 1} [hand]",
            derivation=f"sorted (1,2,3,4,10), n = 5, p = 0.3: {d}.",
            check=hp_quantile(x5, None, 0.3, rule))
    add("hand_quantile_averaged_integer_np", "quantile", x5, 2.5,
        params={"p": 0.4, "rule": "averaged_inverted_cdf"}, tolerance=HAND,
        source="Hyndman & Fan (1996) type 2 [hand]",
        derivation="n p = 2 is an integer: (x_(2) + x_(3))/2 = 2.5.",
        check=hp_quantile(x5, None, 0.4, "averaged_inverted_cdf"))
    add("hand_percentile_ratio_1_2_3_4_10", "percentile_ratio", x5, 7.6 / 1.4,
        params={"upper": 0.9, "lower": 0.1, "rule": "linear"}, tolerance=HAND,
        source="methods.md 1.6, type 7 [hand]",
        derivation="Q(0.1): h = 1.4, 1 + 0.4 = 1.4; Q(0.9): h = 4.6, 4 + 0.6 * 6 = 7.6; ratio 38/7.",
        check=Fraction(38, 7))
    ten = [float(k) for k in range(1, 11)]
    add("hand_s80_s20_1_to_10", "s80_s20", ten, 19 / 3, tolerance=HAND, source="methods.md 1.6 [hand]",
        derivation="S = 55: L(0.2) = 3/55, 1 - L(0.8) = (9 + 10)/55; ratio 19/3.",
        check=hp_share_ratio(ten, None, 0.8, 0.2))
    add("hand_palma_interpolated", "palma", [1.0, 3.0], 0.75, tolerance=HAND,
        source="methods.md 1.6 (linear interpolation of the Lorenz curve) [hand]",
        derivation="points (0,0), (0.5, 0.25), (1,1): L(0.4) = 0.2, L(0.9) = 0.25 + 0.75 * 0.8 = "
                   "0.85; Palma = 0.15/0.2 = 0.75.", check=hp_share_ratio([1, 3], None, 0.9, 0.4))
    add("hand_palma_equality", "palma", [5.0, 5.0, 5.0, 5.0], 0.25, tolerance=HAND,
        source="methods.md 1.6 definition (1 - L(0.9))/L(0.4) [hand]; note: methods.md 1.6 states "
               "the range [1, inf) for Palma, but at equality the definition gives 0.1/0.4 = 0.25",
        derivation="equality: L(p) = p, Palma = (1 - 0.9)/0.4 = 0.25.",
        check=hp_share_ratio([5, 5, 5, 5], None, 0.9, 0.4))
    dx, dg = [1.0, 3.0, 2.0, 6.0], [0, 0, 1, 1]
    add("hand_ge_2_decomposition", "ge_decomposition", dx,
        {"total": 7 / 36, "within": 5 / 36, "between": 1 / 18}, groups=dg, params={"alpha": 2.0},
        tolerance=DECOMP, source="methods.md 1.4 (Shorrocks 1980) [hand]",
        derivation="mu = 3, s = (1/3, 1, 2/3, 2), mean s^2 = 25/18, total = (25/18 - 1)/2 = 7/36. "
                   "Group 0 = (1,3), group 1 = (2,6): both have s = (1/2, 3/2), GE_g = (5/4 - 1)/2 = "
                   "1/8. v_g = 1/2, s_g = 1/3, 2/3; within = sum v^(-1) s^2 GE_g = 2(1/9)(1/8) + "
                   "2(4/9)(1/8) = 5/36. between = GE(2) of (2,2,4,4): s = (2/3,2/3,4/3,4/3), mean "
                   "s^2 = 10/9, (10/9 - 1)/2 = 1/18. 5/36 + 2/36 = 7/36.",
        check=hp_ge_decomposition(dx, None, dg, 2))
    add("hand_gini_decomposition_overlap", "gini_decomposition", dx,
        {"total": 1 / 3, "within": 1 / 8, "between": 1 / 6, "overlap": 1 / 24}, groups=dg,
        tolerance=DECOMP, source="methods.md 1.2 (Pyatt 1976; Lambert & Aronson 1993) [hand]",
        derivation="sorted (1,2,3,6), S = 12: G = 2(1 + 4 + 9 + 24)/(4*12) - 5/4 = 1/3. G_0 = Gini(1,3) "
                   "= 2*2/(2*4*2) = 1/4, G_1 = Gini(2,6) = 2*4/(2*4*4) = 1/4; within = sum v_g s_g "
                   "G_g = 1/2 * 1/3 * 1/4 + 1/2 * 2/3 * 1/4 = 1/8. between = Gini(2,2,4,4) = "
                   "16/(2*16*3) = 1/6. overlap = 1/3 - 1/8 - 1/6 = 1/24 (> 0: the ranges [1,3] and "
                   "[2,6] overlap).",
        check=hp_gini_decomposition(dx, None, dg))
    add("hand_gini_omit_nan", "gini", [1.0, "nan", 3.0], 0.25, params={"nan_policy": "omit",
        "correction": "none"}, tolerance=HAND, source="methods.md 0.2 (Omit drops the unit) [hand]",
        derivation="the NaN unit is dropped: Gini of (1, 3) = 2*2/(2*4*2) = 1/4.", check=hp_gini([1, 3]))
    add("hand_gini_omit_nan_weight", "gini", [1.0, 2.0, 3.0], 0.25, weights=[1.0, "nan", 1.0],
        params={"nan_policy": "omit", "correction": "none"}, tolerance=HAND,
        source="methods.md 0.2 (Omit drops the unit and its weight) [hand]",
        derivation="the unit with a NaN weight is dropped: Gini of (1, 3) = 1/4.", check=hp_gini([1, 3]))
    add("hand_lorenz_omit_nan", "lorenz_curve", [3.0, "nan", 1.0],
        {"population_share": [0.0, 0.5, 1.0], "value_share": [0.0, 0.25, 1.0]},
        params={"nan_policy": "omit"}, tolerance=HAND, source="methods.md 0.2 and 1.3 [hand]",
        derivation="used units (1, 3): points (0,0), (1/2, 1/4), (1,1).",
        check={"population_share": [0, 0.5, 1], "value_share": [0, 0.25, 1]})
    for fn, par in (("gini", {"correction": "none"}), ("quantile", {"p": 0.5, "rule": "linear"})):
        add(f"hand_{fn}_propagate_nan", fn, [1.0, "nan", 3.0], "nan",
            params=dict(par, nan_policy="propagate"), tolerance=HAND,
            source="NaN policy 'propagate' (README schema): any missing value makes the result NaN [hand]",
            derivation="x contains NaN under propagate: NaN.", check="nan")
    add("hand_ge_decomposition_propagate_nan", "ge_decomposition", [1.0, "nan", 3.0, 4.0],
        {"total": "nan", "within": "nan", "between": "nan"}, groups=[0, 0, 1, 1],
        params={"alpha": 1.0, "nan_policy": "propagate"}, tolerance=HAND,
        source="NaN policy 'propagate' (README schema) [hand]",
        derivation="x contains NaN under propagate: every term NaN.",
        check={"total": "nan", "within": "nan", "between": "nan"})
    mx, mg = [1.0, 3.0, 50.0, 2.0, 6.0], [0, 0, -1, 1, 1]
    add("hand_ge_2_decomposition_missing_group_omit", "ge_decomposition", mx,
        {"total": 7 / 36, "within": 5 / 36, "between": 1 / 18}, groups=mg,
        params={"alpha": 2.0, "nan_policy": "omit"}, tolerance=DECOMP,
        source="methods.md 0.2 (Omit) and the README schema (negative group = missing) [hand]",
        derivation="the unit with group -1 (x = 50) is dropped, leaving hand_ge_2_decomposition: "
                   "7/36 = 5/36 + 1/18.", check=hp_ge_decomposition(mx, None, mg, 2))
    add_peer("theild_missing_group_omit_peer", "ge_decomposition", mx,
             p_theild([1.0, 3.0, 2.0, 6.0], [0, 0, 1, 1]), hp_ge_decomposition(mx, None, mg, 1),
             groups=mg, params={"alpha": 1.0, "nan_policy": "omit"}, abs_floor=1e-14,
             source=f"{PYSAL} TheilD [peer] on the units left after dropping the one with group -1 "
                    "(methods.md 0.2 Omit; README: negative group = missing)")
    add_peer("gini_decomposition_missing_group_omit_peer", "gini_decomposition", mx,
             p_gini_decomposition([1.0, 3.0, 2.0, 6.0], None, [0, 0, 1, 1]),
             hp_gini_decomposition(mx, None, mg), groups=mg, params={"nan_policy": "omit"},
             abs_floor=1e-14,
             source=f"{PYSAL} Gini of the parts [peer] on the units left after dropping the one with "
                    "group -1 (= hand_gini_decomposition_overlap: 1/3, 1/8, 1/6, 1/24)")


def errors():
    def e(cid, function, x, kind, why, **kw):
        add(cid, function, x, expected_error=kind, source=why + " [hand]", tolerance=HAND, **kw)

    m0 = "methods.md 0.1/0.2"
    e("err_gini_empty", "gini", [], "EmptyInput", "methods.md 1.2: n = 0 -> Err",
      params={"correction": "none"})
    e("err_theil_empty_weighted", "theil", [], "EmptyInput", "methods.md 1.2 edge rule n = 0 -> Err",
      weights=[])
    e("err_gini_all_nan_omit", "gini", ["nan", "nan"], "EmptyInput",
      "methods.md 0.2 Omit drops both units, then n = 0 -> Err (1.2)",
      params={"nan_policy": "omit", "correction": "none"})
    e("err_gini_nan_raise", "gini", [1.0, "nan", 3.0], "MissingValue",
      f"{m0}: NaN under the default (reject) policy -> Err", params={"nan_policy": "raise",
                                                                    "correction": "none"})
    e("err_hoover_nan_weight_raise", "hoover", [1.0, 2.0, 3.0], "MissingValue",
      f"{m0}: a NaN weight is a missing value -> Err under raise", weights=[1.0, "nan", 1.0])
    e("err_gini_inf", "gini", [1.0, "inf", 3.0], "NonFinite", f"{m0}: infinite input -> Err",
      params={"correction": "none"})
    e("err_atkinson_inf_weight", "atkinson", [1.0, 2.0, 3.0], "NonFinite",
      "methods.md 0.3: weights are finite -> Err", weights=[1.0, "inf", 1.0], params={"epsilon": 0.5})
    e("err_gini_negative_value", "gini", [1.0, -2.0, 3.0], "NegativeValue",
      "methods.md 1.2: negative values -> Err by default", params={"correction": "none"})
    e("err_hoover_negative_weight", "hoover", [1.0, 2.0, 3.0], "NegativeValue",
      "methods.md 0.1/0.3: weights < 0 -> Err", weights=[1.0, -1.0, 1.0])
    e("err_gini_weights_length", "gini", [1.0, 2.0, 3.0], "ShapeMismatch",
      "methods.md 0.1: length mismatch -> Err", weights=[1.0, 1.0], params={"correction": "none"})
    e("err_ge_decomposition_groups_length", "ge_decomposition", [1.0, 2.0, 3.0], "ShapeMismatch",
      "methods.md 0.1: length mismatch -> Err", groups=[0, 1], params={"alpha": 1.0})
    for fn, par in (("gini", {"correction": "none"}), ("theil", {}), ("lorenz_curve", {})):
        e(f"err_{fn}_all_zero", fn, [0.0, 0.0, 0.0], "Undefined",
          "methods.md 1.2/1.3/1.1: mu = 0 (zero total) -> Undefined", params=par)
    e("err_gini_all_zero_weights", "gini", [1.0, 2.0, 3.0], "Undefined",
      "methods.md 0.3: total weight 0 -> Undefined", weights=[0.0, 0.0, 0.0],
      params={"correction": "none"})
    e("err_mld_zero_value", "mean_log_deviation", [0.0, 1.0, 2.0], "Undefined",
      "methods.md 1.4: a zero value with alpha <= 0 (MLD) -> Undefined")
    e("err_ge_m1_zero_value", "generalized_entropy", [0.0, 1.0, 2.0], "Undefined",
      "methods.md 1.4: a zero value with alpha <= 0 (GE(-1)) -> Undefined", params={"alpha": -1.0})
    e("err_gini_corrected_one_unit", "gini", [7.0], "Undefined",
      "methods.md 1.2: n = 1 -> G_corr Undefined", params={"correction": "units"})
    e("err_percentile_ratio_zero_lower", "percentile_ratio", [0.0, 0.0, 1.0, 2.0, 3.0], "Undefined",
      "methods.md 1.6: Q(0.1) = 0 (type 7: h = 1.4, x_(1) = x_(2) = 0) -> Undefined",
      params={"upper": 0.9, "lower": 0.1, "rule": "linear"})
    e("err_palma_zero_bottom", "palma", [0.0, 0.0, 0.0, 0.0, 1.0, 2.0], "Undefined",
      "methods.md 1.6: L(0.4) = 0 (the 4 smallest of 6 are 0) -> Undefined")
    e("err_s80_s20_zero_bottom", "s80_s20", [0.0, 1.0, 2.0, 3.0, 4.0], "Undefined",
      "methods.md 1.6: L(0.2) = 0 (the smallest of 5 is 0) -> Undefined")
    e("err_wolfson_zero_median", "wolfson", [0.0, 0.0, 0.0, 1.0, 2.0], "Undefined",
      "Wolfson W = 2 (2T - G) mu/m does not exist for median m = 0 (methods.md 0.1: valid input, "
      "the quantity does not exist)", params={"rule": "linear"})
    e("err_atkinson_negative_epsilon", "atkinson", [1.0, 2.0, 3.0], "InvalidParameter",
      "methods.md 1.5: epsilon >= 0", params={"epsilon": -1.0})
    e("err_quantile_p_above_one", "quantile", [1.0, 2.0, 3.0], "InvalidParameter",
      "a probability p must lie in [0, 1]", params={"p": 1.5, "rule": "linear"})
    e("err_ge_decomposition_missing_group_raise", "ge_decomposition", [1.0, 2.0, 3.0, 4.0],
      "MissingValue", "README schema (negative group code = missing) and methods.md 0.2 (raise)",
      groups=[0, -1, 1, 1], params={"alpha": 1.0, "nan_policy": "raise"})


# --------------------------------------------------------------------------------------------
# output


ARRAYS = {"x", "weights", "groups"}


def _dump_value(v, compact=False):
    sep = (",", ":") if compact else (", ", ": ")
    return json.dumps(v, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=sep)


def render(cases):
    """One key per line inside each case (keys sorted), arrays and objects on one line."""
    lines = ["{", '  "cases": [']
    for i, c in enumerate(cases):
        lines.append("    {")
        keys = sorted(c)
        for j, k in enumerate(keys):
            comma = "," if j + 1 < len(keys) else ""
            lines.append(f"      {json.dumps(k)}: {_dump_value(c[k], compact=k in ARRAYS)}{comma}")
        lines.append("    }" + ("," if i + 1 < len(cases) else ""))
    lines += ["  ],", '  "family": "inequality",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


def validate(doc):
    funcs = {"gini", "lorenz_curve", "hoover", "theil", "mean_log_deviation", "generalized_entropy",
             "atkinson", "coefficient_of_variation", "palma", "s80_s20", "quantile",
             "percentile_ratio", "wolfson", "ge_decomposition", "gini_decomposition"}
    kinds = {"MissingValue", "EmptyInput", "ShapeMismatch", "NonFinite", "NegativeValue",
             "InvalidParameter", "Undefined"}
    assert doc["schema"] == 1 and doc["family"] == "inequality"
    ids = [c["id"] for c in doc["cases"]]
    assert len(ids) == len(set(ids))
    valued = {f: [0, 0] for f in funcs}
    for c in doc["cases"]:
        assert c["function"] in funcs, c["id"]
        assert isinstance(c["source"], str) and c["source"]
        assert c["tolerance"] and set(c["tolerance"]) <= {"abs", "rel"}, c["id"]
        assert ("expected" in c) != ("expected_error" in c), c["id"]
        if "expected_error" in c:
            assert c["expected_error"] in kinds, c["id"]
        else:
            valued[c["function"]][0 if c["weights"] is None else 1] += 1
        if c["weights"] is not None:
            assert len(c["weights"]) == len(c["x"]) or c["id"].startswith("err_"), c["id"]
    missing = [f for f, (u, w) in valued.items() if u == 0 or w == 0]
    assert not missing, f"functions without an unweighted and a weighted value case: {missing}"
    for c in doc["cases"]:
        for v in c["x"] + (c["weights"] or []):
            assert isinstance(v, float) or v in ("nan", "inf", "-inf"), (c["id"], v)
    return valued


def main():
    published()
    methods_computed()
    peers()
    hand()
    errors()
    text = render(CASES)
    doc = json.loads(text)
    valued = validate(doc)
    OUT.write_text(text, encoding="utf-8")
    kinds = {}
    for c in CASES:
        k = _kind(c["source"]) + (" (error)" if "expected_error" in c else "")
        kinds[k] = kinds.get(k, 0) + 1
    print(f"wrote {OUT} ({len(text)} bytes, {len(CASES)} cases)")
    print("cases by kind:", dict(sorted(kinds.items())))
    print("value cases per function (unweighted, weighted):", valued)
    print("largest relative difference expected vs independent high-precision route, by kind:")
    for k, (v, where) in sorted(WORST.items()):
        print(f"  {k}: {v:.2e} ({where})")
    widened = [c["id"] for c in CASES if c["tolerance"].get("rel", 0) > 1e-12]
    print("cases with a tolerance wider than rel 1e-12 (printed precision or peer accuracy):",
          len(widened))
    for c in CASES:
        if "widened" in c["source"]:
            print("  peer tolerance widened:", c["id"], c["tolerance"])
    print(f"versions: inequality {V_INEQ}, numpy {V_NP}, pandas {pd.__version__}, "
          f"scipy {scipy.__version__}, libpysal {libpysal.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
