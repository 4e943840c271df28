#!/usr/bin/env python3
"""Build tests/golden/funnel.json: reference cases for bildung.funnel from OUTSIDE bildung.

Kinds of expected values (see README.md beside this file):

* [computed by the reference author]  the worked values of methods.md 3.7 (the theta0 = 0.08
      table at n = 20, 50, 200, 1000; the 12-area overdispersion example), tolerance = half a
      unit of the printed last digit (one documented exception, see METHODS_N50).
* [peer]  values computed here with SciPy (exact binomial limits by searching `binom.cdf` /
      `binom.sf` and interpolating with `binom.pmf`, exact p-values, `chi2.sf`, `norm.ppf`),
      numpy (type-7 quantiles, the normal / arcsine / overdispersion formulas written out below)
      and statsmodels (`multipletests(method="fdr_bh")` for the Benjamini-Hochberg flags), on
      the methods.md example, synthetic areas and two real data sets (Kreise of Bayern,
      Hamburg Stadtteile).
* [hand]  edge cases and every error case (kinds fixed by methods.md 0 and 3.7).

Every exact limit with n <= 1000 is also computed by exact rational arithmetic
(`fractions.Fraction`, the binomial probabilities summed exactly) and must agree with the SciPy
route to 1e-12, so the JSON never holds a value that the independent route contradicts.

Conventions encoded here (bildung's documented choices where methods.md leaves one open):

* levels L are two-sided: tail a = (1 - L)/2, z = z_{1-a};
* exact: r = min{r: F(r) >= a}, lower = (r - (F(r) - a)/P(r))/n; upper: r = min{r: P(R > r) <= a},
  upper = (r - (a - P(R > r))/P(r))/n (Spiegelhalter 2005 A.1.1); clamped to [0, 1] and unclamped;
* arcsine: angle c ± z w with c = asin(sqrt(theta0)); limit sin^2(angle) on [0, pi/2], continued
  as -sin^2 below 0 and 2 - sin^2 above pi/2 (unclamped); w = s = 1/(2 sqrt n) without
  adjustment, sqrt(phi) s multiplicative, sqrt(s^2 + tau2) additive; normal / exact with an
  adjustment: theta0 ± z w with s = sqrt(theta0 (1 - theta0)/n);
* z on the method's scale (proportion; arcsine for the arcsine method); phi = sum z_w^2 / I with z
  winsorised at numpy's default ("linear" = type 7) quantiles; multiplicative uses max(phi, 1);
* class code k (-k): above (below) the limits of the k lowest levels, only if p > theta0
  (p < theta0); 0 within; 127 not plotted;
* p-value: exact method without adjustment 2 P(R > x) above theta0, 2 P(R <= x) below (capped at
  1, and 1 at p = theta0); otherwise 2 P(Z > |z_adjusted|);
* BH flags: statsmodels on the p-values of the plotted areas.

Never uses bildung's own output. Run (from the repository root) with the peer venv:

    /tmp/peers/bin/python tests/golden/generate_funnel.py

Output is deterministic: stored inputs, sorted keys, cases in script order.
"""

from __future__ import annotations

import csv
import json
import math
import os
from fractions import Fraction
from math import comb
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests

HERE = Path(__file__).resolve().parent
OUT = HERE / "funnel.json"
SHARED = Path(os.environ.get("BILDUNG_SHARED", HERE.parents[2] / "shared"))
KREISE_CSV = SHARED / "data/de-kreise-schulstatistik/tidy/abgaenge_allgemeinbildend_2023.csv"
HAMBURG_CSV = HERE / "data/hamburg_stadtteile_sek1_2014.csv"

PEERS = (
    f"SciPy {scipy.__version__}, numpy {np.__version__}, statsmodels {statsmodels.__version__}"
)
PEER = f"[peer] {PEERS}: exact binomial by scipy.stats.binom search + interpolation"
METHODS = "methods.md 3.7 [computed by the reference author, double-checked]"
HAND = "[hand]"

LIMIT_TOL = {"abs": 1e-11}
PEER_TOL = {"rel": 1e-10, "abs": 1e-12}
DEFAULT_LEVELS = [0.95, 0.998]


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


# ------------------------------------------------------------------------------------ limits


def alpha2(level):
    return 0.5 * (1.0 - level)  # as bildung computes it in f64


def exact_lower_scipy(a, n, t):
    r = 0
    # start from the normal guess, then walk (search on binom.cdf directly)
    r = int(max(0, min(n, math.floor(n * t + stats.norm.ppf(a) * math.sqrt(n * t * (1 - t))))))
    while r > 0 and stats.binom.cdf(r - 1, n, t) >= a:
        r -= 1
    while stats.binom.cdf(r, n, t) < a:
        r += 1
    f = stats.binom.cdf(r, n, t)
    p = stats.binom.pmf(r, n, t)
    return (r - (f - a) / p) / n


def exact_upper_scipy(a, n, t):
    r = int(max(0, min(n, math.floor(n * t + stats.norm.isf(a) * math.sqrt(n * t * (1 - t))))))
    while r > 0 and stats.binom.sf(r - 1, n, t) <= a:
        r -= 1
    while stats.binom.sf(r, n, t) > a:
        r += 1
    s = stats.binom.sf(r, n, t)
    p = stats.binom.pmf(r, n, t)
    return (r - (a - s) / p) / n


def exact_fraction(a, n, t, upper):
    """The same limit by exact rational arithmetic (a and t as the exact binary values)."""
    a, t = Fraction(a), Fraction(t)
    q = 1 - a if upper else a
    f = Fraction(0)
    for r in range(n + 1):
        p = comb(n, r) * t**r * (1 - t) ** (n - r)
        f += p
        if f >= q:
            return float((r - (f - q) / p) / n)
    raise AssertionError("no quantile")


def sin2_continued(angle):
    angle = min(max(angle, -math.pi / 2), math.pi)
    s = math.sin(angle) ** 2
    if angle < 0:
        return -s
    if angle > math.pi / 2:
        return 2 - s
    return s


def limits_at(theta0, n, level, method, adjustment, value):
    """(lower, upper) unclamped at denominator n > 0."""
    a = alpha2(level)
    z = stats.norm.isf(a)
    if method == "exact" and adjustment == "none":
        lo, hi = exact_lower_scipy(a, n, theta0), exact_upper_scipy(a, n, theta0)
        if n <= 1000 and float(n).is_integer():
            for got, upper in ((lo, False), (hi, True)):
                check = exact_fraction(a, int(n), theta0, upper)
                assert abs(got - check) < 1e-12, (n, theta0, level, got, check)
        return lo, hi
    if method == "arcsine":
        s = 0.5 / math.sqrt(n)
    else:
        s = math.sqrt(theta0 * (1 - theta0) / n)
    w = {"none": s, "multiplicative": math.sqrt(value) * s if value is not None else s,
         "additive": math.sqrt(s * s + (value or 0.0))}[adjustment]
    if method == "arcsine":
        c = math.asin(math.sqrt(theta0))
        return sin2_continued(c - z * w), sin2_continued(c + z * w)
    return theta0 - z * w, theta0 + z * w


def limit_matrices(theta0, ns, levels, method, adjustment, value):
    levels = sorted(levels)
    lo_u = [[math.nan] * len(levels) for _ in ns]
    hi_u = [[math.nan] * len(levels) for _ in ns]
    for i, n in enumerate(ns):
        if n > 0:
            for k, level in enumerate(levels):
                lo_u[i][k], hi_u[i][k] = limits_at(theta0, n, level, method, adjustment, value)
    clamp = lambda m: [[v if math.isnan(v) else min(max(v, 0.0), 1.0) for v in row] for row in m]
    return {"lower": clamp(lo_u), "upper": clamp(hi_u), "lower_unclamped": lo_u,
            "upper_unclamped": hi_u}


# ------------------------------------------------------------------------------------ funnel


def funnel_expected(x, n, *, target=None, levels=DEFAULT_LEVELS, method="exact",
                    overdispersion="none", winsorize=0.1, fdr=None, nan_policy="raise"):
    x = [float(v) for v in x]
    n = [float(v) for v in n]
    levels = sorted(levels)
    k = len(x)
    status = []
    for xi, ni in zip(x, n):
        if math.isnan(xi) or math.isnan(ni):
            status.append("missing")
        elif ni == 0:
            status.append("empty")
        else:
            status.append("ok")
    plotted = [i for i in range(k) if status[i] == "ok"]
    if target is None:
        theta0 = math.fsum(x[i] for i in plotted) / math.fsum(n[i] for i in plotted)
    else:
        theta0 = target
    arcsine = method == "arcsine"
    tr = (lambda p: math.asin(math.sqrt(p))) if arcsine else (lambda p: p)
    se = (lambda m: 0.5 / math.sqrt(m)) if arcsine else (
        lambda m: math.sqrt(theta0 * (1 - theta0) / m))
    nanv = [math.nan] * k
    prop, z, s = list(nanv), list(nanv), list(nanv)
    for i in plotted:
        prop[i] = x[i] / n[i]
        s[i] = se(n[i])
        z[i] = (tr(prop[i]) - tr(theta0)) / s[i]
    out = {"theta0": theta0, "proportion": prop, "z": z, "status": status,
           "n_used": len(plotted), "n_dropped": status.count("missing"),
           "n_empty": status.count("empty")}
    zp = np.array([z[i] for i in plotted])
    sp = np.array([s[i] for i in plotted])
    big_i = len(plotted)
    phi = tau2 = None
    if big_i >= 2:
        lo_w, hi_w = np.quantile(zp, [winsorize, 1 - winsorize])  # numpy default: type 7
        zw = np.clip(zp, lo_w, hi_w)
        phi = float(np.sum(zw**2) / big_i)
        w = 1 / sp**2
        excess = big_i * phi - (big_i - 1)
        tau2 = 0.0 if excess <= 0 else max(0.0, excess / (w.sum() - (w**2).sum() / w.sum()))
        out.update({"winsor_lower": float(lo_w), "winsor_upper": float(hi_w), "phi": phi,
                    "chi2": big_i * phi, "df": big_i - 1,
                    "dispersion_p_value": float(stats.chi2.sf(big_i * phi, big_i - 1)),
                    "tau2": tau2})
    value = {"none": None, "multiplicative": None if phi is None else max(phi, 1.0),
             "additive": tau2}[overdispersion]
    out["adjustment_value"] = math.nan if value is None else value
    mats = limit_matrices(theta0, [n[i] if status[i] == "ok" else 0.0 for i in range(k)],
                          levels, method, overdispersion, value)
    out.update(mats)
    cls, zadj, pval = [127] * k, list(nanv), list(nanv)
    for i in plotted:
        lo_u, hi_u = mats["lower_unclamped"][i], mats["upper_unclamped"][i]
        p = prop[i]
        above = sum(p > u for u in hi_u) if p > theta0 else 0
        below = sum(p < v for v in lo_u) if p < theta0 else 0
        cls[i] = above if above else -below
        for u in hi_u + lo_u:
            assert abs(p - u) > 1e-9, f"area {i} sits on a limit; choose other data"
        if overdispersion == "none":
            zadj[i] = z[i]
        elif overdispersion == "multiplicative":
            zadj[i] = z[i] / math.sqrt(value)
        else:
            zadj[i] = (tr(p) - tr(theta0)) / math.sqrt(s[i] ** 2 + value)
        if method == "exact" and overdispersion == "none":
            if p > theta0:
                tail = stats.binom.sf(x[i], n[i], theta0)
            elif p < theta0:
                tail = stats.binom.cdf(x[i], n[i], theta0)
            else:
                tail = 0.5
            pval[i] = min(1.0, 2 * tail)
        else:
            pval[i] = min(1.0, 2 * stats.norm.sf(abs(zadj[i])))
        for kk, level in enumerate(levels):
            outside = abs(cls[i]) > kk
            if abs(pval[i] - (1 - level)) > 1e-9:
                assert outside == (pval[i] < 1 - level), (i, level, pval[i], cls[i])
    out.update({"class": cls, "z_adjusted": zadj, "p_value": pval})
    if fdr is not None:
        flags = [False] * k
        if plotted:
            rej = multipletests([pval[i] for i in plotted], alpha=fdr, method="fdr_bh")[0]
            for i, r in zip(plotted, rej):
                flags[i] = bool(r)
        out["bh"] = flags
    return out


def params(**kw):
    base = {"target": None, "levels": DEFAULT_LEVELS, "method": "exact", "overdispersion": "none",
            "winsorize": 0.1, "fdr": None, "nan_policy": "raise"}
    base.update(kw)
    return base


CASES = []


def case(**c):
    c.setdefault("events", None)
    c.setdefault("population", None)
    c.setdefault("theta0", None)
    c.setdefault("n", None)
    c.setdefault("p", None)
    CASES.append(c)


def funnel_case(id_, x, n, source, tol=PEER_TOL, keys=None, **kw):
    exp = funnel_expected(x, n, **kw)
    if keys is not None:
        exp = {k: v for k, v in exp.items() if k in keys}
    case(id=id_, function="funnel", events=x, population=n, params=params(**kw),
         expected=exp, tolerance=tol, source=source)


def limits_case(id_, theta0, ns, levels, method, adjustment="none", value=None, source=PEER,
                tol=LIMIT_TOL):
    exp = limit_matrices(theta0, ns, levels, method, adjustment, value)
    case(id=id_, function="funnel_limits", theta0=theta0, n=ns,
         params={"levels": levels, "method": method, "adjustment": adjustment,
                 "adjustment_value": value},
         expected=exp, tolerance=tol, source=source)


# ------------------------------------------------------------ methods.md 3.7 worked values

Z = None  # marker for "not checked" cells of a matrix
case(id="methods_table_normal", function="funnel_limits", theta0=0.08, n=[20, 50, 200, 1000],
     params={"levels": [0.95, 0.998], "method": "normal", "adjustment": "none",
             "adjustment_value": None},
     expected={"lower": [[0.0, 0.0], [0.0048, 0.0], [0.0424, 0.0207], [0.0632, 0.0535]],
               "upper": [[0.1989, 0.2675], [0.1552, 0.1986], [0.1176, 0.1393],
                         [0.0968, 0.1065]]},
     tolerance={"abs": 5e-5}, source=METHODS + "; 0* cells (negative before clamping) are 0")
case(id="methods_table_exact", function="funnel_limits", theta0=0.08, n=[20, 200, 1000],
     params={"levels": [0.95, 0.998], "method": "exact", "adjustment": "none",
             "adjustment_value": None},
     expected={"lower": [[0.0, 0.0], [0.0418, 0.0250], [0.0631, 0.0542]],
               "upper": [[0.1936, 0.2943], [0.1172, 0.1426], [0.0967, 0.1072]],
               "lower_unclamped": [[-0.0434, Z], [Z, Z], [Z, Z]]},
     tolerance={"abs": 5e-5},
     source=METHODS + "; 0* cells are 0; the unclamped exact 95 % lower limit at n = 20 "
     "(-0.0434) is given in the text")
METHODS_N50 = (
    METHODS + "; tolerance 6e-5 instead of 5e-5: methods.md prints the exact 95 % upper limit "
    "at n = 50 as 0.1539, but exact rational arithmetic gives 0.15384786 (printed digit off by "
    "one; the peer case exact_theta008_table_n holds the exact value)"
)
case(id="methods_table_exact_n50", function="funnel_limits", theta0=0.08, n=[50],
     params={"levels": [0.95, 0.998], "method": "exact", "adjustment": "none",
             "adjustment_value": None},
     expected={"lower": [[0.0028, 0.0]], "upper": [[0.1539, 0.2114]]},
     tolerance={"abs": 6e-5}, source=METHODS_N50)
limits_case("exact_theta008_table_n", 0.08, [20, 50, 200, 1000], [0.95, 0.998], "exact")

OD_N = [40, 55, 80, 120, 150, 60, 35, 200, 90, 70, 110, 45]
OD_X = [2, 9, 4, 14, 9, 3, 6, 12, 12, 3, 8, 7]
nn = [None] * 12


def at(i, v, k=12):
    out = [None] * k
    out[i] = v
    return out


case(id="methods_od_theta0", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"), expected={"theta0": 0.0843602},
     tolerance={"abs": 5e-8}, source=METHODS)
case(id="methods_od_phi", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"),
     expected={"winsor_lower": -1.2262, "winsor_upper": 1.8399, "phi": 1.7702},
     tolerance={"abs": 5e-5}, source=METHODS)
case(id="methods_od_chi2", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"), expected={"chi2": 21.24, "df": 11},
     tolerance={"abs": 5e-3}, source=METHODS + " (I phi = 21.24 on 11 df)")
case(id="methods_od_test_p", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"), expected={"dispersion_p_value": 0.031},
     tolerance={"abs": 5e-4}, source=METHODS)
case(id="methods_od_tau2", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"), expected={"tau2": 0.00084043},
     tolerance={"abs": 5e-9}, source=METHODS)
case(id="methods_od_unadjusted", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal"),
     expected={"z": at(1, 2.115), "class": [0, 1] + [0] * 10},
     tolerance={"abs": 5e-4}, source=METHODS + ": area 2 (z = 2.115) is outside the 95 % limits")
case(id="methods_od_additive", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal", overdispersion="additive"),
     expected={"z_adjusted": at(1, 1.673), "class": [0] * 12, "flags": ["few_areas"]},
     tolerance={"abs": 5e-4},
     source=METHODS + ": after the random-effects adjustment (z = 1.673) no area is flagged")
case(id="methods_od_limits_additive_n200", function="funnel", events=OD_X, population=OD_N,
     params=params(method="normal", overdispersion="additive", levels=[0.95]),
     expected={"lower": at(7, [0.0157]), "upper": at(7, [0.1530])},
     tolerance={"abs": 5e-5}, source=METHODS + " (area 8 has n = 200)")
case(id="methods_od_limits_multiplicative_n200", function="funnel", events=OD_X,
     population=OD_N, params=params(method="normal", overdispersion="multiplicative",
                                    levels=[0.95]),
     expected={"lower": at(7, [0.0331]), "upper": at(7, [0.1356])},
     tolerance={"abs": 5e-5}, source=METHODS + " (area 8 has n = 200)")

# the same example, every quantity from the peers
for method in ("exact", "normal", "arcsine"):
    for od in ("none", "multiplicative", "additive"):
        funnel_case(f"methods_example_{method}_{od}", OD_X, OD_N, PEER, method=method,
                    overdispersion=od, fdr=0.2)
funnel_case("methods_example_target_levels", OD_X, OD_N, PEER, target=0.06,
            levels=[0.998, 0.8, 0.95], fdr=0.1)

# ------------------------------------------------------------------- limit grids (peers)

GRID = [1, 2, 3, 5, 8, 13, 20, 37, 60, 100, 250, 500, 1000, 2500, 10000, 100000]
for t in (0.003, 0.02, 0.08, 0.3, 0.5, 0.9, 0.997):
    limits_case(f"exact_grid_theta{str(t).replace('.', '')}", t, [0] + GRID,
                [0.8, 0.95, 0.998], "exact")
for method in ("normal", "arcsine"):
    for t in (0.02, 0.3, 0.95):
        limits_case(f"{method}_grid_theta{str(t).replace('.', '')}", t, [0, 0.5, 2.5] + GRID,
                    [0.95, 0.998], method, source=f"[computed: numpy direct formula] ({PEERS})")
        for adj, val in (("multiplicative", 1.7), ("additive", 0.0015)):
            limits_case(f"{method}_grid_theta{str(t).replace('.', '')}_{adj}", t,
                        [1] + GRID[4:], [0.95, 0.998], method, adj, val,
                        source=f"[computed: numpy direct formula] ({PEERS})")
limits_case("exact_grid_additive", 0.08, [1, 20, 200, 2000], [0.95, 0.998], "exact", "additive",
            0.001, source=f"[computed: numpy direct formula] ({PEERS}); an adjustment uses the "
            "normal forms")

# ------------------------------------------------------------------- synthetic areas (peers)

rng = np.random.default_rng(20250504)
SYN_N = [int(v) for v in np.round(np.exp(rng.uniform(math.log(3), math.log(3000), size=40)))]
SYN_RATE = 0.12 * np.exp(0.35 * rng.standard_normal(size=40))
SYN_X = [int(rng.binomial(nn_, min(r, 1.0))) for nn_, r in zip(SYN_N, SYN_RATE)]
SYN_SRC = PEER + "; 40 synthetic areas (numpy PCG64 seed 20250504, stored inline)"
for method in ("exact", "normal", "arcsine"):
    for od in ("none", "multiplicative", "additive"):
        funnel_case(f"synthetic_{method}_{od}", SYN_X, SYN_N, SYN_SRC, method=method,
                    overdispersion=od, fdr=0.05)
funnel_case("synthetic_external_target_winsorize_02", SYN_X, SYN_N, SYN_SRC, target=0.1,
            winsorize=0.2, levels=[0.9, 0.99], fdr=0.1)
funnel_case("synthetic_no_winsorising", SYN_X, SYN_N, SYN_SRC, winsorize=0.0,
            overdispersion="multiplicative")

# small and extreme areas: n = 1, x = n, x = 0, n = 0, missing
EDGE_X = [0, 1, 1, 0, 5, 0, 3, "nan", 40, 7]
EDGE_N = [1, 1, 2, 0, 5, 30, 9, 12, 400, 60]
for pol in ("omit", "propagate"):
    funnel_case(f"edge_areas_{pol}", EDGE_X, EDGE_N, PEER + "; n = 0 not plotted, NaN missing",
                nan_policy=pol, fdr=0.05, target=0.1)
funnel_case("edge_areas_pooled_normal", EDGE_X, EDGE_N, PEER, nan_policy="omit",
            method="normal", overdispersion="additive")
funnel_case("tiny_theta_upper_limit_below_target", [0, 1, 0], [3, 3, 500],
            PEER + "; theta0 = 1e-4: P(R >= 1) <= a at n = 3, the exact upper limits fall below "
            "theta0 and the area with 0 events is not flagged", target=1e-4)

# ----------------------------------------------------------------------- real data (peers)


def load_kreise(land):
    out = []
    with open(KREISE_CSV, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["level"] != "KR" or r["sex"] != "total" or not r["region_code"].startswith(land):
                continue
            vals = [r["insgesamt"], r["ohne_hauptschulabschluss"]]
            if any(v in (".", "x") for v in vals):
                continue
            total, ohne = (0 if v == "-" else int(v) for v in vals)
            if total == 0:
                continue
            out.append((ohne, total))
    return out


BY = load_kreise("09")
assert len(BY) == 96, len(BY)
BY_SRC = (
    PEER + "; leavers without Hauptschulabschluss / all leavers of general schools 2023 per Kreis "
    "of Bayern (Regionaldatenbank table 21111-02-06-4, shared/data/de-kreise-schulstatistik/"
    "tidy/abgaenge_allgemeinbildend_2023.csv, level KR, sex total; stored inline)"
)
for method, od in (("exact", "none"), ("exact", "multiplicative"), ("normal", "additive"),
                   ("arcsine", "additive")):
    funnel_case(f"kreise_bayern_{method}_{od}", [r[0] for r in BY], [r[1] for r in BY], BY_SRC,
                method=method, overdispersion=od, fdr=0.05)

with open(HAMBURG_CSV, newline="", encoding="utf-8") as fh:
    HH = [(int(r["gymnasium"]), int(r["gymnasium"]) + int(r["stadtteilschule"]) + int(r["other"]))
          for r in csv.DictReader(fh)]
HH_SRC = (
    PEER + "; Gymnasium pupils / all Sek-I pupils per Hamburg Stadtteil 2013/14 (Quelle: "
    "Statistikamt Nord, Hamburger Stadtteil-Profile 2014; data/hamburg_stadtteile_sek1_2014.csv, "
    "stored inline)"
)
funnel_case("hamburg_gymnasium_exact", [r[0] for r in HH], [r[1] for r in HH], HH_SRC, fdr=0.05,
            nan_policy="omit")
funnel_case("hamburg_gymnasium_additive", [r[0] for r in HH], [r[1] for r in HH], HH_SRC,
            method="arcsine", overdispersion="additive", fdr=0.01)

# -------------------------------------------------------------------- Benjamini-Hochberg

BH_SRC = f"[peer] statsmodels {statsmodels.__version__} multipletests(method='fdr_bh')"
bh_rng = np.random.default_rng(7)
BH_P = [
    [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216],
    [float(v) for v in np.round(bh_rng.uniform(0, 0.2, size=30), 5)],
    [0.01, 0.01, 0.01, 0.04, 0.04, 0.5],
    [0.3, 0.5, 0.9],
    [0.04, 0.0],
]
for j, ps in enumerate(BH_P):
    for q in (0.05, 0.1, 0.25):
        case(id=f"bh_{j}_q{str(q).replace('.', '')}", function="benjamini_hochberg", p=ps,
             params={"fdr": q},
             expected={"flags": [bool(v) for v in multipletests(ps, alpha=q,
                                                                  method="fdr_bh")[0]]},
             tolerance={"abs": 0.0}, source=BH_SRC)
case(id="bh_with_nan", function="benjamini_hochberg", p=[0.001, "nan", 0.02, 0.3],
     params={"fdr": 0.05}, expected={"flags": [True, False, True, False]},
     tolerance={"abs": 0.0},
     source=HAND + " NaN never flagged and not counted: m = 3, thresholds 0.0167, 0.0333, 0.05")

# ------------------------------------------------------------------------------- errors


def err(id_, kind, derivation, function="funnel", index=None, **c):
    c.setdefault("params", params())
    case(id=id_, function=function, expected_error=kind, error_index=index,
         tolerance={"abs": 0.0}, source=HAND, derivation=derivation, **c)


err("error_events_above_population", "InvalidCount", "area 1 has 6 events out of 5",
    events=[1, 6, 2], population=[10, 5, 8], index=1)
err("error_negative_events", "InvalidCount", "negative count", events=[1, -1], population=[3, 3],
    index=1)
err("error_negative_population", "InvalidCount", "negative denominator", events=[0, 1],
    population=[-3, 3], index=0)
err("error_non_integer_exact", "InvalidCount", "the exact method needs whole counts",
    events=[1, 2.5], population=[10, 10], index=1)
err("error_missing_raise", "MissingValue", "NaN under nan_policy raise",
    events=[1, "nan"], population=[10, 10], index=1)
err("error_missing_population_raise", "MissingValue", "NaN denominator under raise",
    events=[1, 2], population=["nan", 10], index=0)
err("error_infinite", "NonFinite", "infinity under every policy", events=[1, 2],
    population=[10, "inf"], params=params(nan_policy="omit"), index=1)
err("error_lengths", "ShapeMismatch", "3 events, 2 denominators", events=[1, 2, 3],
    population=[10, 10])
err("error_empty", "EmptyInput", "no area", events=[], population=[])
err("error_all_missing_omit", "EmptyInput", "nothing left after omitting",
    events=["nan"], population=[5], params=params(nan_policy="omit"))
err("error_no_events", "Undefined", "pooled theta0 = 0: limits degenerate", events=[0, 0],
    population=[10, 20])
err("error_all_events", "Undefined", "pooled theta0 = 1", events=[10, 20], population=[10, 20])
err("error_only_empty_areas", "Undefined", "no pooled target without population", events=[0],
    population=[0])
err("error_target_one", "Undefined", "theta0 = 1", events=[1], population=[10],
    params=params(target=1.0))
err("error_target_outside", "InvalidParameter", "theta0 outside [0, 1]", events=[1],
    population=[10], params=params(target=1.5))
err("error_level_one", "InvalidParameter", "level 1", events=[1], population=[10],
    params=params(levels=[0.95, 1.0]))
err("error_levels_repeated", "InvalidParameter", "repeated level", events=[1], population=[10],
    params=params(levels=[0.95, 0.95]))
err("error_fdr_zero", "InvalidParameter", "fdr outside (0, 1)", events=[1], population=[10],
    params=params(fdr=0.0))
err("error_winsorize_half", "InvalidParameter", "winsorize outside [0, 0.5)", events=[1],
    population=[10], params=params(winsorize=0.5))
err("error_method_unknown", "InvalidParameter", "unknown method", events=[1], population=[10],
    params=params(method="poisson"))
err("error_overdispersion_one_area", "Undefined", "phi needs two plotted areas",
    events=[1, 0], population=[10, 0], params=params(overdispersion="additive"))
err("error_limits_non_integer_exact", "InvalidCount", "exact limits need whole n",
    function="funnel_limits", theta0=0.1, n=[10, 12.5], index=1,
    params={"levels": [0.95], "method": "exact", "adjustment": "none", "adjustment_value": None})
err("error_limits_theta0_zero", "Undefined", "theta0 = 0", function="funnel_limits", theta0=0.0,
    n=[10], params={"levels": [0.95], "method": "normal", "adjustment": "none",
                    "adjustment_value": None})
err("error_limits_negative_tau2", "InvalidParameter", "tau2 < 0", function="funnel_limits",
    theta0=0.2, n=[10], params={"levels": [0.95], "method": "normal", "adjustment": "additive",
                                "adjustment_value": -0.1})
err("error_bh_fdr", "InvalidParameter", "fdr = 1", function="benjamini_hochberg",
    p=[0.1, 0.2], params={"fdr": 1.0})

# --------------------------------------------------------------------------------- output

KEYS = ["id", "function", "events", "population", "theta0", "n", "p", "params", "expected",
        "expected_error", "error_index", "tolerance", "source", "derivation"]


def render(cases):
    lines = ["{", '  "cases": [']
    for i, c in enumerate(cases):
        body = {k: deep(c[k]) for k in KEYS if k in c}
        lines.append("    " + json.dumps(body, sort_keys=True, ensure_ascii=False,
                                          allow_nan=False, separators=(", ", ": ")) +
                     ("," if i + 1 < len(cases) else ""))
    lines += ["  ],", '  "family": "funnel",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


def check_methods_cases():
    """Every methods.md value must agree with the peer route within its tolerance."""
    for c in CASES:
        if not c["source"].startswith("methods.md"):
            continue
        pr = c["params"]
        if c["function"] == "funnel_limits":
            got = limit_matrices(c["theta0"], c["n"], pr["levels"], pr["method"],
                                 pr["adjustment"], pr["adjustment_value"])
        else:
            kw = {k: v for k, v in pr.items()}
            got = funnel_expected(c["events"], c["population"], **kw)
            got["flags"] = ["few_areas"] if (
                kw["overdispersion"] != "none" and got["n_used"] < 15) else []
        tol = c["tolerance"]["abs"]

        def walk(want, have, where):
            if want is None:
                return
            if isinstance(want, list):
                if want and isinstance(want[0], str):
                    assert want == have, (c["id"], where)
                    return
                for j, (w, h) in enumerate(zip(want, have)):
                    walk(w, h, f"{where}[{j}]")
                return
            assert abs(want - have) <= tol, (c["id"], where, want, have)

        for key, want in c["expected"].items():
            walk(want, got[key], key)


check_methods_cases()
ids = [c["id"] for c in CASES]
assert len(ids) == len(set(ids)), "duplicate ids"
OUT.write_text(render(CASES), encoding="utf-8")
kinds = {}
for c in CASES:
    key = "error" if "expected_error" in c else c["source"].split("]")[0] + "]"
    kinds[key] = kinds.get(key, 0) + 1
print(f"wrote {len(CASES)} cases to {OUT}")
for k, v in sorted(kinds.items()):
    print(f"  {v:4d}  {k}")
