#!/usr/bin/env python3
"""Build tests/golden/index.json: reference cases for bildung.index from OUTSIDE bildung.

Kinds of expected values (see README.md beside this file):

* methods.md 5.5 [computed by the reference author]  the worked example (8 Planungsräume, three
      indicators): z-values of areas 4 and 8, status sums, their SD 2.993972, the index, the MSS
      classes, the PCA eigenvalues, explained share and loadings; tolerance half a unit of the
      printed last digit. The script checks each printed value against its own numpy route
      before writing it.
* [peer]  numpy / SciPy / pandas on the same inputs: z-values (unweighted, population-weighted
      via numpy.average, ddof 0 / 1, reference masks, minimum population, polarity, winsorising
      written out in numpy), min-max, SciPy rankdata / percentileofscore(kind="mean"),
      weighted sums and SciPy gmean, numpy.linalg.eigh of numpy.corrcoef (weighted: numpy.cov
      with aweights), pandas groupby weighted means, numpy.quantile(method="linear") boundaries
      with pandas.cut(right=True) classes (checked against pandas.qcut where no value sits on a
      boundary), numpy.linspace equal-width edges, the MSS pipeline in numpy;
      relative 1e-12 (plus a small abs where values can be 0).
* [hand]  boundary cases written out (values exactly on a threshold) and every error case.

Conventions encoded here (bildung's documented choices, methods.md 5.1-5.3):

* z = s (x - mean) / sd over the reference set; ddof 1 = n - 1 (default), ddof 0 = n; with
  population weights mean = average(x, w), var = average((x - mean)^2, w) [x n / (n - 1)],
  n = number of reference areas; areas outside the reference set are scored with its parameters;
* winsorising at k SD: cap every value at mean +- k sd (first pass), recompute mean and sd;
* percentile = (#below + #at-or-below) / (2 n) over the reference values, rank = that n + 1/2;
* quantile and equal-width classes: a value on a boundary goes to the lower class; with a top
  share p the cut is numpy.quantile(ref, 1 - p), the areas above it form the top stage and the
  rest is split into stages - 1 equal-width stages between min(ref) and the cut;
* MSS classes: hoch < -1 <= mittel <= 1 < niedrig <= 1.5 < sehr niedrig; dynamics positiv < -1 <=
  stabil <= 1 < negativ (indicators.md 3.2); cross code = status * 3 + dynamics.

Never uses bildung's own output. Run (from the repository root) with the peer venv:

    /tmp/peers/bin/python tests/golden/generate_index.py

Output is deterministic: a seeded numpy Generator, sorted keys, cases in script order.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from statsmodels.stats.weightstats import DescrStatsW

HERE = Path(__file__).resolve().parent
OUT = HERE / "index.json"

PEERS = f"numpy {np.__version__}, SciPy {scipy.__version__}, pandas {pd.__version__}"
METHODS = "methods.md 5.5 [computed by the reference author]"
HAND = "[hand]"
TOL = {"rel": 1e-12, "abs": 1e-13}
NAN = float("nan")

CASES: list[dict] = []


def num(v):
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def deep(v):
    if isinstance(v, dict):
        return {k: deep(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [deep(x) for x in v]
    if isinstance(v, str):
        return v
    return num(v)


def case(id, function, inputs, params, expected, source, tolerance=TOL, **extra):
    c = {"id": id, "function": function, "inputs": inputs, "params": params,
         "expected": expected, "tolerance": tolerance, "source": source}
    c.update(extra)
    CASES.append(c)


def err(id, function, inputs, params, kind, derivation, error_index=None):
    CASES.append({"id": id, "function": function, "inputs": inputs, "params": params,
                  "expected_error": kind, "error_index": error_index, "source": HAND,
                  "derivation": derivation})


# ------------------------------------------------------------------------ numpy references


def reference_mask(n, reference=None, population=None, min_population=None, weighted=False):
    m = np.ones(n, dtype=bool) if reference is None else np.array(reference, dtype=bool)
    if population is not None:
        p = np.asarray(population, dtype=float)
        m &= ~np.isnan(p)
        if min_population is not None:
            m &= np.nan_to_num(p, nan=-1.0) >= min_population
        if weighted:
            m &= np.nan_to_num(p) > 0
    return m


def moments(col, member, w, ddof):
    use = member & ~np.isnan(col)
    xs = col[use]
    n = len(xs)
    if w is None:
        mean = np.mean(xs)
        sd = np.std(xs, ddof=ddof)
    else:
        ws = w[use]
        mean = np.average(xs, weights=ws)
        var = np.average((xs - mean) ** 2, weights=ws)
        # independent route for the weighted population variance
        d = DescrStatsW(xs, weights=ws, ddof=0)
        assert abs(d.mean - mean) <= 1e-12 * max(1.0, abs(mean))
        assert abs(d.var - var) <= 1e-10 * max(1e-300, var)
        if ddof == 1:
            var *= n / (n - 1)
        sd = math.sqrt(var)
    return n, mean, sd


def np_zscore(x, reference=None, population=None, min_population=None, weighted=False,
              ddof=1, polarity=None, winsorize=None, centre=True):
    x = np.array(x, dtype=float)
    rows, cols = x.shape
    member = reference_mask(rows, reference, population, min_population, weighted)
    w = np.asarray(population, dtype=float) if weighted else None
    pol = np.ones(cols) if polarity is None else np.asarray(polarity, dtype=float)
    z = np.full_like(x, np.nan)
    out = {"mean": [], "sd": [], "n_reference": [], "n_winsorised": []}
    for j in range(cols):
        col = x[:, j].copy()
        n, mean, sd = moments(col, member, w, ddof)
        capped = 0
        if winsorize is not None:
            lo, hi = mean - winsorize * sd, mean + winsorize * sd
            c = np.clip(col, lo, hi)
            capped = int(np.sum((c != col) & ~np.isnan(col)))
            col = c
            n, mean, sd = moments(col, member, w, ddof)
        z[:, j] = pol[j] * (col - (mean if centre else 0.0)) / sd
        for k, v in zip(out, (mean, sd, n, capped)):
            out[k].append(v)
    status = ["missing" if np.isnan(r).any() else "ok" for r in x]
    out.update(values=z, in_reference=member.tolist(), status=status,
               n_used=status.count("ok"), n_dropped=status.count("missing"))
    return out


def np_min_max(x, reference=None, polarity=None):
    x = np.array(x, dtype=float)
    member = reference_mask(len(x), reference)
    pol = np.ones(x.shape[1]) if polarity is None else np.asarray(polarity, dtype=float)
    vals = np.full_like(x, np.nan)
    lo_all, hi_all = [], []
    for j in range(x.shape[1]):
        ref = x[member, j]
        ref = ref[~np.isnan(ref)]
        lo, hi = ref.min(), ref.max()
        vals[:, j] = (x[:, j] - lo) / (hi - lo) if pol[j] > 0 else (hi - x[:, j]) / (hi - lo)
        lo_all.append(lo)
        hi_all.append(hi)
    return {"values": vals, "min": lo_all, "max": hi_all}


def np_percentile_rank(x, reference=None, polarity=None):
    x = np.array(x, dtype=float)
    member = reference_mask(len(x), reference)
    pol = np.ones(x.shape[1]) if polarity is None else np.asarray(polarity, dtype=float)
    rank = np.full_like(x, np.nan)
    pct = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        ref = pol[j] * x[member, j]
        ref = ref[~np.isnan(ref)]
        for i in range(len(x)):
            if np.isnan(x[i, j]):
                continue
            p = stats.percentileofscore(ref, pol[j] * x[i, j], kind="mean") / 100.0
            pct[i, j] = p
            rank[i, j] = p * len(ref) + 0.5
        # reference areas: the same as SciPy's average ranks
        ranks = stats.rankdata(ref, method="average")
        got = rank[member & ~np.isnan(x[:, j]), j]
        assert np.allclose(got, ranks, rtol=0, atol=1e-12), (got, ranks)
    return {"rank": rank, "percentile": pct}


def np_weighted_sum(x, weights="equal", method="linear"):
    x = np.array(x, dtype=float)
    k = x.shape[1]
    if weights == "equal":
        w = np.full(k, 1.0 / k)
    elif weights == "sum":
        w = np.ones(k)
    else:
        w = np.asarray(weights, dtype=float) / np.sum(weights)
    ok = ~np.isnan(x).any(axis=1)
    vals = np.full(len(x), np.nan)
    if method == "linear":
        vals[ok] = x[ok] @ w
    else:
        vals[ok] = [stats.gmean(r, weights=w) if weights != "sum" else np.prod(r ** w)
                    for r in x[ok]]
    status = ["ok" if o else "missing" for o in ok]
    return {"values": vals, "weights": w, "status": status}


def np_pca(x, reference=None, population=None, weighted=False):
    x = np.array(x, dtype=float)
    member = reference_mask(len(x), reference, population, None, weighted)
    use = member & ~np.isnan(x).any(axis=1)
    xs = x[use]
    if weighted:
        c = np.cov(xs.T, aweights=np.asarray(population, dtype=float)[use])
        d = np.sqrt(np.diag(c))
        r = c / np.outer(d, d)
        np.fill_diagonal(r, 1.0)
    else:
        r = np.corrcoef(xs.T)
    lam, vec = np.linalg.eigh(r)
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    for k in range(vec.shape[1]):
        s = vec[:, k].sum()
        if s < 0:
            vec[:, k] = -vec[:, k]
    expl = lam / lam.sum()
    low = bool(expl[0] < 0.5)
    close = bool(len(lam) > 1 and (lam[0] - lam[1]) / lam[0] < 0.1)
    return {"eigenvalues": lam, "explained": expl, "loadings": vec[:, 0],
            "weights": vec[:, 0] ** 2, "correlation": r, "low_share": low,
            "close_eigenvalues": close, "unstable": low or close, "n_used": int(use.sum())}


def pd_aggregate(x, parent, weights, n_parents):
    x = np.array(x, dtype=float)
    df = pd.DataFrame(x, columns=[f"c{j}" for j in range(x.shape[1])])
    df["parent"] = parent
    df["w"] = weights
    df = df[(df["parent"] >= 0) & (df["w"] > 0)]
    out = np.full((n_parents, x.shape[1]), np.nan)
    status = ["empty"] * n_parents
    totals = [0.0] * n_parents
    for p, g in df.groupby("parent"):
        totals[p] = g["w"].sum()
        status[p] = "ok"
        for j in range(x.shape[1]):
            gj = g[~g[f"c{j}"].isna()]
            out[p, j] = np.average(gj[f"c{j}"], weights=gj["w"])
    return {"values": out, "total_weight": totals, "status": status}


def classes_of(values, edges, sides):
    """Class codes: #thresholds below v (side lower) / at or below v (side upper)."""
    out = []
    for v in values:
        if np.isnan(v):
            out.append(-1)
            continue
        out.append(int(sum(1 for t, s in zip(edges, sides)
                           if v > t or (v == t and s == "upper"))))
    return out


def counts_of(codes, m):
    return [int(sum(1 for c in codes if c == k)) for k in range(m)]


def pd_cut_codes(values, edges):
    """pandas.cut(right=True) on (-inf, edges..., inf): lower-class ties."""
    bins = [-np.inf] + list(edges) + [np.inf]
    codes = pd.cut(pd.Series(values, dtype=float), bins=bins, right=True, labels=False)
    return [-1 if pd.isna(c) else int(c) for c in codes]


def pd_cut_codes_unique(values, edges):
    """pd.cut needs unique bins: merge equal edges, then map back (empty classes between)."""
    uniq = sorted(set(edges))
    codes = pd_cut_codes(values, uniq)
    # class k among the unique bins -> the last original class with that lower edge
    lower_edges = [-np.inf] + uniq
    out = []
    full = [-np.inf] + list(edges)
    for c in codes:
        if c < 0:
            out.append(-1)
            continue
        lo = lower_edges[c]
        out.append(max(k for k, e in enumerate(full) if e == lo))
    return out


MSS_STATUS = {"thresholds": [-1.0, 1.0, 1.5], "boundary": ["upper", "lower", "lower"],
              "labels": ["hoch", "mittel", "niedrig", "sehr niedrig"]}
MSS_DYNAMICS = {"thresholds": [-1.0, 1.0], "boundary": ["upper", "lower"],
                "labels": ["positiv", "stabil", "negativ"]}


def mss_status_code(v):
    return classes_of(v, MSS_STATUS["thresholds"], MSS_STATUS["boundary"])


def mss_dynamics_code(v):
    return classes_of(v, MSS_DYNAMICS["thresholds"], MSS_DYNAMICS["boundary"])


def np_mss(status, dynamics, population=None, min_population=None, ddof=1, standardise=True,
           centre_index=True):
    out = {}
    codes = {}
    for name, x in (("status", status), ("dynamics", dynamics)):
        x = np.array(x, dtype=float)
        member = reference_mask(len(x), None, population, min_population, False)
        z = np_zscore(x, None, population, min_population, False, ddof)["values"] \
            if standardise else x
        s = np.where(np.isnan(z).any(axis=1), np.nan, np.nansum(z, axis=1))
        use = member & ~np.isnan(s)
        sd = np.std(s[use], ddof=ddof)
        mean = np.mean(s[use])
        idx = (s - (mean if centre_index else 0.0)) / sd
        code = mss_status_code(idx) if name == "status" else mss_dynamics_code(idx)
        out[f"{name}_sum"] = s
        out[f"{name}_index"] = idx
        out[f"{name}_sd"] = sd
        out[f"{name}_code"] = code
        codes[name] = code
    out["group_code"] = [a * 3 + b if a >= 0 and b >= 0 else -1
                         for a, b in zip(codes["status"], codes["dynamics"])]
    return out


# ------------------------------------------------------------- methods.md 5.5 worked example

POP = np.array([1200, 800, 2500, 400, 1500, 3000, 900, 650], dtype=float)
CHILDREN = np.array([200, 150, 420, 60, 260, 520, 140, 90], dtype=float)
UNEMPLOYED = np.array([60, 70, 100, 40, 45, 300, 30, 65], dtype=float)
TRANSFERS = np.array([110, 130, 210, 75, 80, 520, 60, 115], dtype=float)
POOR = np.array([40, 55, 80, 25, 30, 210, 15, 38], dtype=float)
SHARES = np.column_stack([UNEMPLOYED / POP, TRANSFERS / POP, POOR / CHILDREN])

ex_z = np_zscore(SHARES)
ex_sum = np_weighted_sum(ex_z["values"], "sum")["values"]
ex_sd = np.std(ex_sum, ddof=1)
ex_index = (ex_sum - ex_sum.mean()) / ex_sd
ex_pca = np_pca(SHARES)

PRINTED_Z = {3: [1.0098, 1.1324, 1.0070], 7: [1.0098, 0.9423, 1.0473]}
PRINTED_SUMS = [-1.7028, 1.9477, -2.2214, 3.1492, -3.6287, 2.8016, -3.3450, 2.9994]
PRINTED_SD = 2.993972
PRINTED_INDEX = [-0.5687, 0.6505, -0.7419, 1.0518, -1.2120, 0.9358, -1.1172, 1.0018]
PRINTED_CLASSES = ["mittel", "mittel", "mittel", "niedrig", "hoch", "mittel", "hoch", "niedrig"]
PRINTED_EIGEN = [2.988, 0.0069, 0.0052]

# the printed values agree with the numpy route
for i, row in PRINTED_Z.items():
    assert np.allclose(ex_z["values"][i], row, atol=5e-5, rtol=0)
assert np.allclose(ex_sum, PRINTED_SUMS, atol=5e-5, rtol=0)
assert abs(ex_sd - PRINTED_SD) < 5e-7
assert np.allclose(ex_index, PRINTED_INDEX, atol=5e-5, rtol=0)
assert [MSS_STATUS["labels"][c] for c in mss_status_code(ex_index)] == PRINTED_CLASSES
assert abs(ex_pca["eigenvalues"][0] - 2.988) < 5e-4
assert np.allclose(ex_pca["eigenvalues"][1:], PRINTED_EIGEN[1:], atol=5e-5, rtol=0)
assert abs(ex_pca["explained"][0] - 0.996) < 5e-4
assert np.allclose(ex_pca["loadings"], 0.577, atol=5e-4, rtol=0)

z_expected = [[None] * 3 for _ in range(8)]
for i, row in PRINTED_Z.items():
    z_expected[i] = row
case("methods_example_zscore_printed", "zscore", {"x": SHARES}, {},
     {"values": z_expected}, METHODS + ": z (sample SD) of areas 4 and 8 (rows 3 and 7)",
     tolerance={"abs": 5e-5})
case("methods_example_zscore_peer", "zscore", {"x": SHARES}, {},
     {k: ex_z[k] for k in ("values", "mean", "sd", "n_reference", "in_reference", "status",
                           "n_used", "n_dropped", "n_winsorised")},
     f"[peer] {PEERS}: numpy mean / std(ddof=1) of the methods.md 5.5 shares")
case("methods_example_status_sums_printed", "weighted_sum", {"x": ex_z["values"]},
     {"weights": "sum"}, {"values": PRINTED_SUMS, "weights": [1.0, 1.0, 1.0]},
     METHODS + ": status sums; the input z-values are the numpy z of the shares (full precision)",
     tolerance={"abs": 5e-5})
case("methods_example_index_printed", "restandardise", {"values": ex_sum}, {},
     {"values": PRINTED_INDEX, "sd": PRINTED_SD, "mean": None},
     METHODS + ": SD of the sums 2.993972 and the index; input = the numpy status sums",
     tolerance={"abs": 5e-5}, field_tolerance={"sd": {"abs": 5e-7}})
case("methods_example_classes_printed", "classify", {"values": ex_index},
     {"scheme": "mss_status"},
     {"code": mss_status_code(ex_index),
      "labels": MSS_STATUS["labels"], "counts": [2, 4, 2, 0]},
     METHODS + ": classes mittel, mittel, mittel, niedrig, hoch, mittel, hoch, niedrig "
     "(codes 0 hoch .. 3 sehr niedrig); input = the numpy index",
     tolerance={"abs": 0})
case("methods_example_pca_printed", "pca_weights", {"x": SHARES}, {},
     {"eigenvalues": PRINTED_EIGEN, "explained": [0.996, None, None],
      "loadings": [0.577, 0.577, 0.577], "weights": [1 / 3, 1 / 3, 1 / 3],
      "unstable": False},
     METHODS + ": eigenvalues (2.988, 0.0069, 0.0052), first component 99.6 %, loadings 0.577 "
     "each; weights = loading^2 = 1/3 within the rounding of 0.577 (0.5765^2 .. 0.5775^2)",
     tolerance={"abs": 5e-5},
     field_tolerance={"eigenvalues": {"abs": 5e-4}, "explained": {"abs": 5e-4},
                      "loadings": {"abs": 5e-4}, "weights": {"abs": 6e-4}})
case("methods_example_pca_peer", "pca_weights", {"x": SHARES}, {},
     {k: ex_pca[k] for k in ex_pca}, f"[peer] {PEERS}: numpy.linalg.eigh(numpy.corrcoef)",
     tolerance={"rel": 1e-9, "abs": 1e-12},
     derivation="the two small eigenvalues (0.0069, 0.0052) are ill-conditioned relative to "
     "the largest; both solvers agree to ~1e-15 absolute, hence rel 1e-9 / abs 1e-12")
# the whole chain through status_dynamics (dynamics = the same shares, not checked)
case("methods_example_pipeline_printed", "status_dynamics",
     {"status": SHARES, "dynamics": SHARES}, {},
     {"status_sum": PRINTED_SUMS, "status_sd": PRINTED_SD, "status_index": PRINTED_INDEX,
      "status_code": mss_status_code(ex_index)},
     METHODS + ": the MSS pipeline from the shares (status = dynamics input; only status "
     "checked)", tolerance={"abs": 5e-5}, field_tolerance={"status_sd": {"abs": 5e-7}})

# ------------------------------------------------------------------------- random inputs

rng = np.random.default_rng(20240605)
N, K = 40, 4
X = np.column_stack([rng.beta(2, 8, N) * 100, rng.beta(3, 5, N) * 100,
                     rng.gamma(2.0, 3.0, N), rng.normal(0.0, 1.5, N)])
X[:, 1] += 0.6 * X[:, 0]  # correlated indicators
X[:, 2] += 0.1 * X[:, 0]
POPULATION = rng.integers(40, 6000, N).astype(float)
POPULATION[[3, 17]] = [120.0, 299.0]  # below the MSS minimum of 300
MASK = rng.random(N) < 0.8
SRC = f"[peer] {PEERS}"

for ddof in (0, 1):
    r = np_zscore(X, ddof=ddof)
    case(f"random_zscore_unweighted_ddof{ddof}", "zscore", {"x": X}, {"ddof": ddof},
         {k: r[k] for k in ("values", "mean", "sd", "n_reference", "in_reference")},
         SRC + f": numpy mean / std(ddof={ddof})")
    r = np_zscore(X, population=POPULATION, weighted=True, ddof=ddof)
    case(f"random_zscore_weighted_ddof{ddof}", "zscore", {"x": X, "population": POPULATION},
         {"ddof": ddof, "weighted": True},
         {k: r[k] for k in ("values", "mean", "sd", "n_reference")},
         SRC + ": numpy.average with population weights (statsmodels DescrStatsW agrees)"
         + ("; ddof 1 = weighted population variance x n/(n-1), n = areas" if ddof else ""))
r = np_zscore(X, population=POPULATION, min_population=300.0, polarity=[1, 1, -1, 1])
case("random_zscore_min_population_polarity", "zscore", {"x": X, "population": POPULATION},
     {"min_population": 300.0, "polarity": [1, 1, -1, 1]},
     {k: r[k] for k in ("values", "mean", "sd", "n_reference", "in_reference")},
     SRC + ": reference = areas with >= 300 residents; the two small areas are scored with "
     "its parameters; indicator 3 with polarity -1")
r = np_zscore(X, reference=MASK, population=POPULATION, min_population=300.0, weighted=True)
case("random_zscore_mask_min_population_weighted", "zscore",
     {"x": X, "population": POPULATION, "reference": MASK},
     {"min_population": 300.0, "weighted": True},
     {k: r[k] for k in ("values", "mean", "sd", "n_reference", "in_reference")},
     SRC + ": reference = mask AND population >= 300, population-weighted")
r = np_zscore(X, winsorize=1.5)
assert min(r["n_winsorised"]) > 0
case("random_zscore_winsorised", "zscore", {"x": X}, {"winsorize": 1.5},
     {k: r[k] for k in ("values", "mean", "sd", "n_winsorised")},
     SRC + ": numpy.clip at mean +- 1.5 sd (first pass), mean and sd recomputed")
r = np_zscore(X[:, :1], centre=False, ddof=0)
case("random_zscore_not_centred", "zscore", {"x": X[:, :1]}, {"centre": False, "ddof": 0},
     {k: r[k] for k in ("values", "mean", "sd")}, SRC + ": x / std(ddof=0) (mean not subtracted)")
XM = X.copy()
XM[[2, 9], [0, 3]] = NAN
r = np_zscore(XM, population=POPULATION, min_population=300.0)
for policy in ("omit", "propagate"):
    case(f"random_zscore_missing_{policy}", "zscore", {"x": XM, "population": POPULATION},
         {"min_population": 300.0, "nan_policy": policy},
         {k: r[k] for k in ("values", "mean", "sd", "n_reference", "status", "n_used",
                            "n_dropped")},
         SRC + ": numpy nanmean / nanstd: a missing cell leaves its indicator's reference "
         "parameters; the area is 'missing', its other z-values are computed")

for pol in (None, [1, -1, 1, -1]):
    r = np_min_max(X, MASK, pol)
    case(f"random_min_max{'_polarity' if pol else ''}", "min_max",
         {"x": X, "reference": MASK}, {"polarity": pol}, r,
         SRC + ": (x - min) / (max - min) over the masked reference set (polarity -1: "
         "(max - x) / (max - min))")
XT = np.round(X, 0)  # ties
for pol in (None, [-1, 1, 1, 1]):
    r = np_percentile_rank(XT, MASK, pol)
    case(f"random_percentile_rank_ties{'_polarity' if pol else ''}", "percentile_rank",
         {"x": XT, "reference": MASK}, {"polarity": pol}, r,
         SRC + ": scipy.stats.percentileofscore(kind='mean') against the reference values; "
         "reference areas' ranks = scipy.stats.rankdata(method='average')")

Z = np_zscore(X)["values"]
for w in ("equal", "sum", [0.4, 0.3, 0.2, 0.1], [2.0, 0.0, 1.0, 1.0]):
    name = w if isinstance(w, str) else "user_" + "_".join(str(v).replace(".", "") for v in w)
    case(f"random_weighted_sum_{name}", "weighted_sum", {"x": Z}, {"weights": w},
         np_weighted_sum(Z, w), SRC + ": numpy matmul with the (normalised) weights")
XP = X[:, :3] + 1.0
case("random_weighted_sum_geometric", "weighted_sum", {"x": XP},
     {"weights": [0.5, 0.25, 0.25], "method": "geometric"},
     np_weighted_sum(XP, [0.5, 0.25, 0.25], "geometric"),
     SRC + ": scipy.stats.gmean(weights=w)", tolerance={"rel": 1e-12})
ZM = Z.copy()
ZM[5, 2] = NAN
case("random_weighted_sum_missing_omit", "weighted_sum", {"x": ZM},
     {"weights": "sum", "nan_policy": "omit"}, np_weighted_sum(ZM, "sum"),
     SRC + ": an area with a missing indicator has no composite (NaN, status missing)")

S = Z.sum(axis=1)
for ddof in (0, 1):
    mean = S[POPULATION >= 300].mean()
    sd = S[POPULATION >= 300].std(ddof=ddof)
    case(f"random_restandardise_ddof{ddof}", "restandardise",
         {"values": S, "population": POPULATION},
         {"min_population": 300.0, "ddof": ddof},
         {"values": (S - mean) / sd, "mean": mean, "sd": sd,
          "n_reference": int((POPULATION >= 300).sum())},
         SRC + f": (s - mean) / std(ddof={ddof}) over the areas with >= 300 residents")
sd = S.std(ddof=1)
case("random_restandardise_not_centred", "restandardise", {"values": S}, {"centre": False},
     {"values": S / sd, "sd": sd}, SRC + ": s / std(ddof=1) (MSS: Statussumme / SD)")

for name, kw in (("unweighted", {}), ("mask", {"reference": MASK}),
                 ("weighted", {"population": POPULATION, "weighted": True})):
    r = np_pca(X, **kw)
    inputs = {"x": X}
    params = {}
    if "reference" in kw:
        inputs["reference"] = MASK
    if "population" in kw:
        inputs["population"] = POPULATION
        params["weighted"] = True
    case(f"random_pca_{name}", "pca_weights", inputs, params, r,
         SRC + ": numpy.linalg.eigh of numpy.corrcoef" +
         (" (weighted: numpy.cov(aweights=population) scaled to a correlation)" if
          name == "weighted" else ""), tolerance={"rel": 1e-10, "abs": 1e-12})
# two uncorrelated indicators: unstable first component
XU = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1], [2, 0.05], [-2, -0.05]], dtype=float)
r = np_pca(XU)
assert r["unstable"]
case("pca_unstable_flag", "pca_weights", {"x": XU}, {},
     {k: r[k] for k in ("eigenvalues", "explained", "low_share", "close_eigenvalues",
                        "unstable")},
     SRC + ": eigenvalues of numpy.corrcoef; (l1 - l2)/l1 < 0.1 -> close, unstable",
     tolerance={"rel": 1e-10, "abs": 1e-12})

PARENT = rng.integers(0, 6, N)
PARENT[[0, 1]] = [-1, 5]
W = POPULATION.copy()
W[7] = 0.0
agg_x = X[:, :2].copy()
agg_x[11, 1] = NAN
r = pd_aggregate(agg_x, PARENT, W, 7)
case("random_aggregate_weighted_omit", "aggregate_weighted",
     {"x": agg_x, "parent": PARENT, "weights": W}, {"n_parents": 7, "nan_policy": "omit"},
     r, SRC + ": pandas groupby + numpy.average(weights); a missing parent code and a weight "
     "of 0 drop the sub-area, a missing cell leaves that indicator's mean; parent 6 has no "
     "sub-area (empty)")

# -------------------------------------------------------------------------- classification

V = np.round(rng.normal(0.0, 1.0, 60), 2)
V[[0, 1, 2, 3, 4]] = [-1.0, 1.0, 1.5, -1.0000000001, 1.5000000001]
case("mss_status_classes_boundaries", "classify", {"values": V}, {"scheme": "mss_status"},
     {"code": mss_status_code(V), "counts": counts_of(mss_status_code(V), 4),
      "labels": MSS_STATUS["labels"]},
     HAND + " MSS thresholds (indicators.md 3.2): -1 -> mittel, 1 -> mittel, 1.5 -> niedrig, "
     "just below -1 -> hoch, just above 1.5 -> sehr niedrig; numpy comparisons",
     tolerance={"abs": 0})
case("mss_dynamics_classes", "classify", {"values": V}, {"scheme": "mss_dynamics"},
     {"code": mss_dynamics_code(V), "labels": MSS_DYNAMICS["labels"]},
     HAND + " MSS dynamics thresholds: -1 -> stabil, 1 -> stabil", tolerance={"abs": 0})
for side in ("lower", "upper"):
    th = [-0.5, 0.0, 0.5]
    want = pd_cut_codes(V, th) if side == "lower" else \
        [int(np.searchsorted(th, v, side="right")) for v in V]
    assert want == classes_of(V, th, [side] * 3)
    case(f"classify_thresholds_{side}", "classify", {"values": V},
         {"thresholds": th, "boundary": side},
         {"code": want, "counts": counts_of(want, 4),
          "labels": ["(-inf, -0.5]", "(-0.5, 0]", "(0, 0.5]", "(0.5, inf)"] if side == "lower"
          else ["(-inf, -0.5)", "[-0.5, 0)", "[0, 0.5)", "[0.5, inf)"]},
         SRC + (": pandas.cut(right=True)" if side == "lower" else
                ": numpy.searchsorted(side='right')") + " on the thresholds",
         tolerance={"abs": 0})
VM = V.copy()
VM[10] = NAN
case("classify_missing_omit", "classify", {"values": VM},
     {"scheme": "mss_status", "nan_policy": "omit"},
     {"code": mss_status_code(VM), "status": ["missing" if np.isnan(v) else "ok" for v in VM]},
     HAND + " a missing value has no class (code -1, status missing)", tolerance={"abs": 0})

VQ = np.round(rng.gamma(2.0, 1.0, 50), 1)  # many ties
MASKQ = rng.random(50) < 0.8
for probs in ([0.2, 0.4, 0.6, 0.8], [0.25, 0.5, 0.75], [0.2, 0.8]):
    edges = np.quantile(VQ[MASKQ], probs, method="linear")
    want = pd_cut_codes_unique(VQ, list(edges))
    assert want == classes_of(VQ, list(edges), ["lower"] * len(edges))
    case(f"quantile_classes_{len(probs) + 1}", "classify_quantiles",
         {"values": VQ, "reference": MASKQ}, {"probabilities": probs},
         {"code": want, "counts": counts_of(want, len(probs) + 1), "thresholds": edges},
         SRC + ": numpy.quantile(method='linear') of the reference values, pandas.cut(right=True)"
         " (a value on a boundary goes to the lower class)", tolerance={"rel": 1e-12, "abs": 0})
# a case where every boundary is a data value (n - 1 = 4: p = 0.25 hits x_1, x_2, x_3)
VB = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 3.0, 0.5, 9.0])
refb = np.array([True] * 5 + [False] * 3)
edges = np.quantile(VB[refb], [0.25, 0.5, 0.75], method="linear")
assert list(edges) == [2.0, 3.0, 4.0]
want = pd_cut_codes(VB, list(edges))
case("quantile_classes_ties_on_boundaries", "classify_quantiles",
     {"values": VB, "reference": refb}, {"probabilities": [0.25, 0.5, 0.75]},
     {"code": want, "thresholds": [2.0, 3.0, 4.0], "labels": ["Q1", "Q2", "Q3", "Q4"]},
     HAND + " quartiles of 1..5 are 2, 3, 4; values 2, 3, 4 go to the lower class; areas outside "
     "the reference set (3, 0.5, 9) use the same boundaries; pandas.cut agrees",
     tolerance={"abs": 0})
# pandas.qcut agrees on the reference values when no value is on a boundary
VC = rng.normal(size=30)
qc = pd.qcut(VC, 5, labels=False)
edges = np.quantile(VC, [0.2, 0.4, 0.6, 0.8], method="linear")
assert list(qc) == classes_of(VC, list(edges), ["lower"] * 4)
case("quantile_quintiles_qcut", "classify_quantiles", {"values": VC},
     {"probabilities": [0.2, 0.4, 0.6, 0.8]},
     {"code": [int(c) for c in qc], "counts": [6, 6, 6, 6, 6], "thresholds": edges},
     SRC + ": pandas.qcut(q=5, labels=False)", tolerance={"rel": 1e-12, "abs": 0})

VE = rng.gamma(1.5, 1.0, 200)
for stages, top in ((9, None), (9, 0.05), (5, None), (4, 0.1)):
    ref = VE[:180]
    lo = ref.min()
    if top is None:
        edges = list(np.linspace(lo, ref.max(), stages + 1)[1:-1])
    else:
        cut = np.quantile(ref, 1 - top, method="linear")
        edges = list(np.linspace(lo, cut, stages)[1:-1]) + [cut]
    want = pd_cut_codes(VE, edges)
    assert want == classes_of(VE, edges, ["lower"] * len(edges))
    refmask = np.array([True] * 180 + [False] * 20)
    name = f"equal_width_{stages}" + (f"_top{int(top * 100)}" if top else "")
    case(name, "classify_equal_width", {"values": VE, "reference": refmask},
         {"stages": stages, "top_share": top},
         {"code": want, "counts": counts_of(want, stages), "thresholds": edges,
          "labels": [str(k) for k in range(1, stages + 1)]},
         SRC + ": numpy.linspace edges between min and max of the 180 reference values"
         + ("" if top is None else f" (max replaced by numpy.quantile(1 - {top}); above it: "
            f"stage {stages})") + ", pandas.cut(right=True); 20 areas outside the reference "
         "set staged with the same edges", tolerance={"rel": 1e-12, "abs": 0})
# NRW example: 20 schools 0..19, top 5 % = the one with the highest value
NRW_CODES = [0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7, 8]
NRW_CUT = np.quantile(np.arange(20.0), 0.95, method="linear")
NRW_EDGES = list(np.linspace(0.0, NRW_CUT, 9)[1:-1]) + [NRW_CUT]
assert abs(NRW_CUT - 18.05) < 1e-12
assert NRW_CODES == pd_cut_codes(np.arange(20.0), NRW_EDGES)
case("equal_width_nrw_top5_hand", "classify_equal_width",
     {"values": np.arange(20, dtype=float)}, {"stages": 9, "top_share": 0.05},
     {"code": NRW_CODES, "counts": [3, 2, 2, 3, 2, 2, 2, 3, 1],
      "thresholds": [2.25625 * k for k in range(1, 8)] + [18.05]},
     HAND + " 20 values 0..19: cut = Q(0.95) = 0.95 * 19 = 18.05, so only 19 is above it "
     "(Stufe 9); 8 equal-width stages of width 18.05 / 8 = 2.25625 on [0, 18.05]",
     tolerance={"abs": 1e-12},
     derivation="edges 2.25625 k (k = 1..7) and 18.05: 0,1,2 -> Stufe 1; 3,4 -> 2; 5,6 -> 3; "
     "7,8,9 -> 4 (9 <= 9.025); 10,11 -> 5; 12,13 -> 6; 14,15 -> 7 (15 <= 15.79375); "
     "16,17,18 -> 8; 19 -> 9")

VS = rng.normal(50.0, 10.0, 80)
mean, sd = VS.mean(), VS.std(ddof=1)
edges = [mean - sd, mean + sd, mean + 1.5 * sd]
want = classes_of(VS, edges, ["upper", "lower", "lower"])
case("sd_classes_mss_scheme", "classify_sd", {"values": VS}, {"scheme": "mss_status"},
     {"code": want, "counts": counts_of(want, 4), "thresholds": edges},
     SRC + ": thresholds numpy mean + (-1, 1, 1.5) x std(ddof=1), MSS boundary rules",
     tolerance={"rel": 1e-12})
w = POPULATION[:80 // 2].repeat(2)
m_w = np.average(VS, weights=w)
sd_w = math.sqrt(np.average((VS - m_w) ** 2, weights=w))
edges = [m_w - sd_w, m_w + sd_w]
want = classes_of(VS, edges, ["lower", "lower"])
case("sd_classes_weighted_ddof0", "classify_sd", {"values": VS, "population": w},
     {"thresholds": [-1.0, 1.0], "boundary": "lower", "weighted": True, "ddof": 0},
     {"code": want, "thresholds": edges},
     SRC + ": population-weighted mean +- 1 SD (numpy.average, ddof 0; Hamburg-style SD classes)",
     tolerance={"rel": 1e-12})

A = np.array([-1.2, 0.3, 1.2, 2.0, 0.0, NAN, -3.0])
B = np.array([0.0, 1.4, -1.0, -1.1, 1.0, 0.5, NAN])
ga = mss_status_code(A)
gb = mss_dynamics_code(B)
gc = [a * 3 + b if a >= 0 and b >= 0 else -1 for a, b in zip(ga, gb)]
case("cross_classify_mss", "cross_classify", {"a": A, "b": B},
     {"scheme_a": "mss_status", "scheme_b": "mss_dynamics", "nan_policy": "omit"},
     {"code": gc, "counts": counts_of(gc, 12),
      "labels": [f"{a} / {b}" for a in MSS_STATUS["labels"] for b in MSS_DYNAMICS["labels"]]},
     HAND + " 4 x 3 = 12 MSS groups, code = status * 3 + dynamics; a missing value in either "
     "has no group", tolerance={"abs": 0})

# MSS pipeline on random shares, with the minimum population and ddof 0 / 1
ST = X[:, :3]
DY = rng.normal(0.0, 1.0, (N, 3)) + 0.3 * rng.normal(0.0, 1.0, (N, 1))
for ddof in (0, 1):
    r = np_mss(ST, DY, POPULATION, 300.0, ddof)
    case(f"random_status_dynamics_ddof{ddof}", "status_dynamics",
         {"status": ST, "dynamics": DY, "population": POPULATION},
         {"min_population": 300.0, "ddof": ddof}, r,
         SRC + f": numpy z (std ddof={ddof}) over areas with >= 300 residents, row sums, "
         "(sum - mean) / std, MSS classes, group = status * 3 + dynamics")
ZS = np.round(np_zscore(ST)["values"], 2)
ZD = np.round(np_zscore(DY)["values"], 2)
r = np_mss(ZS, ZD, ddof=0, standardise=False, centre_index=False)
case("rounded_z_status_dynamics_not_centred", "status_dynamics",
     {"status": ZS, "dynamics": ZD},
     {"standardise": False, "centre_index": False, "ddof": 0}, r,
     SRC + ": published-style input (z-values rounded to 2 decimals): sums, sum / std(ddof=0) "
     "as the Berlin MSS 2021 table, classes")

# ---------------------------------------------------------------------------------- errors

E3 = [[1.0, 2.0], [2.0, NAN], [3.0, 5.0]]
err("error_zscore_missing_raise", "zscore", {"x": E3}, {}, "MissingValue",
    "x[1, 1] is NaN under nan_policy raise: row-major position 1 * 2 + 1 = 3", 3)
err("error_zscore_infinite", "zscore", {"x": [[1.0, 2.0], [2.0, 1.0], ["inf", 5.0]]},
    {"nan_policy": "omit"}, "NonFinite", "infinity is an error under every policy (cell 4)", 4)
err("error_zscore_constant", "zscore", {"x": [[1.0, 2.0], [2.0, 2.0], [3.0, 2.0]]}, {},
    "Undefined", "indicator 1 is constant: SD 0, no z-values (constant indicator)")
err("error_zscore_one_reference_area", "zscore", {"x": [[1.0], [2.0], [3.0]],
                                                  "reference": [False, True, False]}, {},
    "Undefined", "one reference area: no SD with divisor n - 1")
err("error_zscore_empty_reference", "zscore",
    {"x": [[1.0], [2.0]], "population": [100.0, 200.0]}, {"min_population": 300.0},
    "EmptyInput", "no area has 300 residents: the reference set is empty")
err("error_zscore_no_areas", "zscore", {"x": []}, {}, "EmptyInput", "no area")
err("error_zscore_population_length", "zscore", {"x": [[1.0], [2.0]], "population": [1.0]},
    {}, "ShapeMismatch", "population has 1 entry for 2 areas")
err("error_zscore_negative_population", "zscore",
    {"x": [[1.0], [2.0], [4.0]], "population": [10.0, -1.0, 5.0]}, {"weighted": True},
    "NegativeValue", "population[1] = -1", 1)
err("error_zscore_min_population_without_population", "zscore", {"x": [[1.0], [2.0]]},
    {"min_population": 300.0}, "InvalidParameter", "a minimum population needs populations")
err("error_zscore_bad_polarity", "zscore", {"x": [[1.0], [2.0]]}, {"polarity": [0.5]},
    "InvalidParameter", "polarity must be +1 or -1")
err("error_zscore_winsorize_zero", "zscore", {"x": [[1.0], [2.0]]}, {"winsorize": 0.0},
    "InvalidParameter", "winsorising bound must be > 0")
err("error_min_max_constant", "min_max", {"x": [[1.0], [1.0]]}, {}, "Undefined",
    "max = min: no min-max scaling")
err("error_weighted_sum_geometric_zero", "weighted_sum", {"x": [[1.0, 2.0], [0.0, 3.0]]},
    {"method": "geometric"}, "NegativeValue", "geometric aggregation needs x > 0 (cell 2)", 2)
err("error_weighted_sum_negative_weight", "weighted_sum", {"x": [[1.0, 2.0]]},
    {"weights": [1.0, -1.0]}, "NegativeValue", "weights[1] = -1", 1)
err("error_weighted_sum_weight_length", "weighted_sum", {"x": [[1.0, 2.0]]},
    {"weights": [1.0]}, "ShapeMismatch", "one weight for two indicators")
err("error_pca_constant", "pca_weights", {"x": [[1.0, 2.0], [1.0, 3.0], [1.0, 5.0]]}, {},
    "Undefined", "indicator 0 is constant: no correlation")
err("error_aggregate_parent_code", "aggregate_weighted",
    {"x": [[1.0], [2.0]], "parent": [0, 3], "weights": [1.0, 1.0]}, {"n_parents": 2},
    "InvalidParameter", "parent code 3 >= n_parents 2")
err("error_aggregate_missing_parent_raise", "aggregate_weighted",
    {"x": [[1.0], [2.0]], "parent": [0, -1], "weights": [1.0, 1.0]}, {"n_parents": 1},
    "MissingValue", "a negative parent code is missing: an error under raise", 1)
err("error_classify_not_increasing", "classify", {"values": [0.0, 1.0]},
    {"thresholds": [1.0, 0.0]}, "InvalidParameter", "thresholds must increase")
err("error_classify_labels", "classify", {"values": [0.0, 1.0]},
    {"thresholds": [0.5], "labels": ["a", "b", "c"]}, "InvalidParameter",
    "two classes need two labels")
err("error_classify_missing_raise", "classify", {"values": [0.0, NAN]},
    {"scheme": "mss_status"}, "MissingValue", "values[1] is NaN", 1)
err("error_quantiles_probabilities", "classify_quantiles", {"values": [0.0, 1.0, 2.0]},
    {"probabilities": [0.5, 0.5]}, "InvalidParameter", "probabilities must increase")
err("error_equal_width_top_share", "classify_equal_width", {"values": [0.0, 1.0, 2.0]},
    {"stages": 9, "top_share": 1.0}, "InvalidParameter", "top share must lie in (0, 1)")
err("error_equal_width_constant", "classify_equal_width", {"values": [2.0, 2.0, 2.0]},
    {"stages": 3}, "Undefined", "no spread: the stages have width 0")
err("error_status_dynamics_rows", "status_dynamics",
    {"status": [[1.0], [2.0], [3.0]], "dynamics": [[1.0], [2.0]]}, {}, "ShapeMismatch",
    "status has 3 areas, dynamics 2")

# --------------------------------------------------------------------------------- output

KEYS = ["id", "function", "inputs", "params", "expected", "expected_error", "error_index",
        "tolerance", "field_tolerance", "source", "derivation"]


def render(cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    lines = ["{", '  "cases": [']
    for i, c in enumerate(cases):
        body = {k: deep(c[k]) for k in KEYS if k in c}
        lines.append("    " + json.dumps(body, sort_keys=True, ensure_ascii=False,
                                          allow_nan=False, separators=(", ", ": ")) +
                     ("," if i + 1 < len(cases) else ""))
    lines += ["  ],", '  "family": "index",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(CASES), encoding="utf-8")
    kinds = {}
    for c in CASES:
        k = c["source"].split("]")[0] + "]" if c["source"].startswith("[") else \
            c["source"].split(":")[0]
        kinds[k] = kinds.get(k, 0) + 1
    print(f"wrote {len(CASES)} cases to {OUT}")
    for k, v in sorted(kinds.items()):
        print(f"  {v:3d}  {k}")
