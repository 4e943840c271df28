#!/usr/bin/env python3
"""Build tests/golden/rates.json: reference cases for bildung.rates from OUTSIDE bildung.

Kinds of expected values (see README.md beside this file, section "Rates"):

* [computed by the reference author]  the worked values of ../shared/reference/methods.md
               sections 3.1-3.4 (proportion intervals, Poisson limits, Newcombe differences, the
               standardisation example); tolerance = half a unit of the printed last digit.
* [peer]       statsmodels 0.15.0 `proportion_confint` (wilson, beta = Clopper-Pearson,
               agresti_coull, jeffreys, normal = Wald) and `confint_proportions_2indep(...,
               method="newcomb", compare="diff")` (Newcombe's hybrid score, method 10); SciPy
               1.17.1 `chi2.ppf` for the exact (Garwood) Poisson limits and for the exact limits
               inside the Dobson, Fay-Feuer and SMR formulas, which this script writes out in
               numpy ("[computed: scipy formula]": no Python package implements DSR intervals).
* [hand]       Byar's closed form and the edge / status / error cases fixed by methods.md 3 and
               the conventions of bildung.rates (written in `derivation`).

Conventions that differ from a peer and are applied here, each said in the case's `source`:

* Jeffreys: bildung sets the lower limit to 0 at x = 0 and the upper limit to 1 at x = n (the
  Brown-Cai-DasGupta modification, methods.md 3.1); statsmodels keeps the plain beta quantile
  (e.g. 2.4e-5 for 0/20). The other limit is statsmodels' value unchanged.
* Agresti-Coull and Wald: statsmodels clips to [0, 1] like bildung; the per-area `clamped`
  indicator (bildung's) is computed here from the unclipped formula.

Every peer value is checked against an independent route before it is written:
* Clopper-Pearson limits (n <= 3000): the binomial tail at the limit, summed in 60-digit
  `decimal` (the float limit converted exactly), must equal alpha/2 to within the limit's
  tolerance times the density;
* exact Poisson limits: the Poisson tail at the limit, summed in 60-digit `decimal`, likewise;
* Jeffreys limits: SciPy's `betainc` at the limit (inversion consistency) likewise;
* Wilson, Agresti-Coull, Wald, Newcombe, Byar and the standardisation formulas: recomputed in
  60-digit `decimal` from the formulas of methods.md.
The script stops if a check fails. It never uses bildung's output.

Run from the repository root in the peer venv (SciPy 1.17.1, statsmodels 0.15.0):

    /tmp/peers/bin/python tests/golden/generate_rates.py

Output is deterministic: fixed inputs, cases in script order.
"""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from scipy import special, stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

HERE = Path(__file__).resolve().parent
OUT = HERE / "rates.json"
getcontext().prec = 60

SM = f"statsmodels {statsmodels.__version__}"
SP = f"SciPy {scipy.__version__}"
METHODS = "methods.md {} [computed by the reference author]"
PEER_REL = 1e-10  # agreement asked of the exact (quantile-based) methods
FORMULA_REL = 1e-12  # closed forms

assert statsmodels.__version__ == "0.15.0", statsmodels.__version__
assert scipy.__version__ == "1.17.1", scipy.__version__

CASES: list[dict] = []


def num(v):
    """A float for JSON: NaN as the string "nan"."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def nums(vs):
    return [num(v) for v in vs]


def add(cid, function, inputs, params, *, expected=None, expected_error=None, tolerance=None,
        source, derivation=None):
    assert all(c["id"] != cid for c in CASES), cid
    case = {"id": cid, "function": function, "inputs": inputs, "params": params}
    if expected_error is not None:
        case["expected_error"] = expected_error
    else:
        case["expected"] = expected
        case["tolerance"] = tolerance
    case["source"] = source
    if derivation:
        case["derivation"] = derivation
    CASES.append(case)


def z_of(level):
    return float(stats.norm.isf((1 - level) / 2))


def D(v):
    return Decimal(repr(float(v)))


# ---- independent checks ----------------------------------------------------------------------


def binom_upper_tail_decimal(k, n, p):
    """P(X >= k), X ~ Bin(n, p), summed in 60-digit decimal (p converted exactly from its
    float; terms by the ratio recurrence from j = k)."""
    if k <= 0:
        return Decimal(1)
    p = Decimal(p)  # exact conversion of the binary float
    q = 1 - p
    term = Decimal(math.comb(n, k)) * p**k * q ** (n - k)
    total = Decimal(0)
    for j in range(k, n + 1):
        total += term
        if j < n:
            term = term * (n - j) / (j + 1) * p / q
    return total


def check_quantile(name, limit, tail_at, target, density, rel):
    """The tail probability at `limit` must equal `target` within rel * limit * density."""
    err = abs(float(tail_at(limit)) - target)
    allowed = rel * abs(limit) * density + 1e-300
    if err > allowed * 10:  # 10x margin: the check's own rounding
        sys.exit(f"check failed for {name}: tail {float(tail_at(limit))} vs {target}")


def check_cp(x, n, level, lo, hi):
    a2 = (1 - level) / 2
    if n > 3000:
        return
    if x > 0:
        check_quantile(
            f"CP lower {x}/{n}", lo, lambda p: binom_upper_tail_decimal(x, n, p), a2,
            stats.beta.pdf(lo, x, n - x + 1), PEER_REL,
        )
    if x < n:
        check_quantile(
            f"CP upper {x}/{n}", hi, lambda p: 1 - binom_upper_tail_decimal(x + 1, n, p), a2,
            stats.beta.pdf(hi, x + 1, n - x), PEER_REL,
        )


def check_jeffreys(x, n, level, lo, hi):
    a2 = (1 - level) / 2
    a, b = x + 0.5, n - x + 0.5
    if x > 0:
        check_quantile(f"J lower {x}/{n}", lo, lambda p: special.betainc(a, b, p), a2,
                       stats.beta.pdf(lo, a, b), PEER_REL)
    if x < n:
        check_quantile(f"J upper {x}/{n}", hi, lambda p: special.betaincc(a, b, p), a2,
                       stats.beta.pdf(hi, a, b), PEER_REL)


def poisson_upper_tail_decimal(k, mu):
    """P(X >= k), X ~ Poisson(mu), in 60-digit decimal."""
    mu = D(mu)
    term = (-mu).exp()
    below = Decimal(0)
    for j in range(k):
        below += term
        term = term * mu / (j + 1)
    return 1 - below


def check_poisson(x, level, lo, hi):
    a2 = (1 - level) / 2
    if x > 2000:
        return
    if x > 0:
        check_quantile(f"Poisson lower {x}", lo, lambda m: poisson_upper_tail_decimal(x, m), a2,
                       stats.gamma.pdf(lo, x), PEER_REL)
    check_quantile(f"Poisson upper {x}", hi, lambda m: 1 - poisson_upper_tail_decimal(x + 1, m),
                   a2, stats.gamma.pdf(hi, x + 1), PEER_REL)


def wilson_decimal(x, n, z):
    x, n, z = D(x), D(n), D(z)
    z2 = z * z
    root = z * (z2 + 4 * x * (1 - x / n)).sqrt()
    den = 2 * (n + z2)
    lo = Decimal(0) if x == 0 else (2 * x + z2 - root) / den
    hi = Decimal(1) if x == n else (2 * x + z2 + root) / den
    return lo, hi


def close(a, b, rel, abs_=1e-15):
    return abs(float(a) - float(b)) <= max(rel * abs(float(b)), abs_)


# ---- worked values of methods.md -------------------------------------------------------------


def methods_worked():
    table = {
        (81, 263): [(0.2553, 0.3662), (0.2527, 0.3676), (0.2552, 0.3663), (0.2545, 0.3656)],
        (15, 148): [(0.0624, 0.1605), (0.0578, 0.1617), (0.0614, 0.1615), (0.0604, 0.1576)],
        (3, 20): [(0.0524, 0.3604), (0.0321, 0.3789), (0.0439, 0.3688), (0.0441, 0.3486)],
        (1, 29): [(0.0061, 0.1718), (0.0009, 0.1776), (0.0, 0.1863), (0.0037, 0.1501)],
        (0, 20): [(0.0, 0.1611), (0.0, 0.1684), (0.0, 0.1898), (0.0, 0.1166)],
        (20, 20): [(0.8389, 1.0), (0.8316, 1.0), (0.8102, 1.0), (0.8834, 1.0)],
    }
    xs = [k[0] for k in table]
    ns = [k[1] for k in table]
    methods = ["wilson", "clopper_pearson", "agresti_coull", "jeffreys"]
    for m, method in enumerate(methods):
        lo = [v[m][0] for v in table.values()]
        hi = [v[m][1] for v in table.values()]
        expected = {
            "estimate": [x / n for x, n in zip(xs, ns)],
            "lower": lo,
            "upper": hi,
            "status": ["ok"] * len(xs),
        }
        if method == "agresti_coull":
            # 1/29 and 0/20 are clamped at 0, 20/20 at 1 (methods.md: "(clamped)")
            expected["clamped"] = [False, False, False, True, True, True]
        add(f"methods_3_1_{method}", "proportion_ci", {"events": xs, "population": ns},
            {"method": method, "level": 0.95}, expected=expected,
            tolerance={"abs": 5e-5}, source=METHODS.format("3.1"))
    add("methods_3_1_wald_3_of_20", "proportion_ci", {"events": [3], "population": [20]},
        {"method": "wald", "level": 0.95},
        expected={"estimate": [0.15], "lower": [0.0], "upper": [0.3065], "clamped": [True]},
        tolerance={"abs": 5e-5}, source=METHODS.format("3.1"),
        derivation="methods.md: Wald for 3/20 would be [-0.0065, 0.3065]; bildung clamps the "
                   "negative limit to 0 and marks the area clamped")

    # 3.2 Poisson counts (exposure 1)
    px = [0, 1, 5, 20, 100]
    add("methods_3_2_exact_counts", "poisson_ci", {"events": px, "exposure": None},
        {"method": "exact", "level": 0.95},
        expected={"estimate": px, "lower": [0, 0.0253, 1.6235, 12.2165, 81.3640],
                  "upper": [3.6889, 5.5716, 11.6683, 30.8884, 121.6268]},
        tolerance={"abs": 5e-5}, source=METHODS.format("3.2"))
    add("methods_3_2_byar_counts", "poisson_ci", {"events": [1, 5], "exposure": None},
        {"method": "byar", "level": 0.95},
        expected={"estimate": [1, 5], "lower": [0.0131, 1.6113], "upper": [5.5638, 11.6682]},
        tolerance={"abs": 5e-5}, source=METHODS.format("3.2"))
    add("methods_3_2_rate_per_1000", "poisson_ci", {"events": [5], "exposure": [2400]},
        {"method": "exact", "level": 0.95, "multiplier": 1000},
        expected={"estimate": [2.0833], "lower": [0.6765], "upper": [4.8618]},
        tolerance={"abs": 5e-5}, source=METHODS.format("3.2"))

    # 3.3 Newcombe
    pairs = [(56, 70, 48, 80, 0.2000, 0.0524, 0.3339), (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
             (6, 7, 2, 7, 0.5714, 0.0582, 0.8062), (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
             (0, 10, 0, 20, 0.0, -0.1611, 0.2775), (10, 10, 0, 20, 1.0, 0.6791, 1.0)]
    cols = list(zip(*pairs))
    add("methods_3_3_newcombe", "proportion_difference_ci",
        {"events1": list(cols[0]), "population1": list(cols[1]), "events2": list(cols[2]),
         "population2": list(cols[3])},
        {"level": 0.95},
        expected={"estimate": list(cols[4]), "lower": list(cols[5]), "upper": list(cols[6])},
        tolerance={"abs": 5e-5},
        source=METHODS.format("3.3") + "; rows 1, 2 and 4 are Newcombe (1998b) Table II "
                                       "[published]")

    # 3.4 standardisation
    x = [[4, 10, 6]]
    n = [[300, 500, 200]]
    w = [1000, 1500, 500]
    for method, lo, hi in [("dobson_byar", 0.011832, 0.030088), ("dobson", 0.011837, 0.030086),
                           ("fay_feuer", 0.011842, 0.030292)]:
        add(f"methods_3_4_dsr_{method}", "direct_standardised_rate",
            {"events": x, "population": n, "standard_population": w},
            {"method": method, "level": 0.95},
            expected={"estimate": [0.019444], "lower": [lo], "upper": [hi],
                      "standard_error": [0.004371], "crude_rate": [0.0200], "observed": [20],
                      "few_events": [False], "status": ["ok"]},
            tolerance={"abs": 5e-7}, source=METHODS.format("3.4"))
    for method, lo, hi in [("exact", 0.6430, 1.6257), ("byar", 0.6427, 1.6258)]:
        add(f"methods_3_4_smr_{method}", "indirect_standardised_ratio",
            {"events": x, "population": n, "reference_rates": [0.010, 0.018, 0.035],
             "reference_population": w},
            {"method": method, "level": 0.95},
            expected={"smr": [1.0526], "lower": [lo], "upper": [hi], "observed": [20],
                      "expected": [19.0]},
            tolerance={"abs": 5e-5}, source=METHODS.format("3.4"))
    add("methods_3_4_isr", "indirect_standardised_ratio",
        {"events": x, "population": n, "reference_rates": [0.010, 0.018, 0.035],
         "reference_population": w},
        {"method": "exact", "level": 0.95},
        expected={"reference_crude_rate": 0.018167, "isr": [0.019123]},
        tolerance={"abs": 5e-7}, source=METHODS.format("3.4"),
        derivation="the standard population taken as reference population: crude rate "
                   "(10 + 27 + 17.5)/3000 = 0.018167, ISR = SMR x 0.018167")


# ---- peers: proportions ---------------------------------------------------------------------

PROP_X = [0, 1, 0, 2, 5, 3, 7, 12, 1, 50, 99, 0, 17, 1234, 4999, 15, 81, 40, 2, 1000]
PROP_N = [1, 1, 5, 5, 5, 20, 40, 40, 100, 100, 100, 250, 250, 5000, 5000, 148, 263, 40, 3000,
          100000]
SM_NAMES = {"wilson": "wilson", "clopper_pearson": "beta", "agresti_coull": "agresti_coull",
            "jeffreys": "jeffreys", "wald": "normal"}


def unclipped_normal(x, n, z, method):
    if method == "agresti_coull":
        nt = n + z * z
        pt = (x + z * z / 2) / nt
        half = z * math.sqrt(pt * (1 - pt) / nt)
        return pt - half, pt + half
    p = x / n
    half = z * math.sqrt(p * (1 - p) / n)
    return p - half, p + half


def peer_proportions():
    for level in (0.95, 0.9, 0.99):
        z = z_of(level)
        for method, sm in SM_NAMES.items():
            lo, hi = proportion_confint(np.array(PROP_X), np.array(PROP_N), alpha=1 - level,
                                        method=sm)
            lo, hi = np.asarray(lo, float).copy(), np.asarray(hi, float).copy()
            source = f"{SM} proportion_confint(method={sm!r}) [peer]"
            expected = {"estimate": [x / n for x, n in zip(PROP_X, PROP_N)]}
            rel = PEER_REL if method in ("clopper_pearson", "jeffreys") else FORMULA_REL
            for i, (x, n) in enumerate(zip(PROP_X, PROP_N)):
                if method == "clopper_pearson":
                    check_cp(x, n, level, lo[i], hi[i])
                elif method == "jeffreys":
                    if x == 0:
                        lo[i] = 0.0
                    if x == n:
                        hi[i] = 1.0
                    check_jeffreys(x, n, level, lo[i], hi[i])
                elif method == "wilson":
                    wl, wh = wilson_decimal(x, n, z)
                    assert close(lo[i], wl, 1e-12, 1e-15) and close(hi[i], wh, 1e-12, 1e-15), (x, n)
                else:
                    rl, rh = unclipped_normal(x, n, z, method)
                    assert close(lo[i], max(rl, 0.0), 1e-12) and close(hi[i], min(rh, 1.0), 1e-12)
            if method in ("agresti_coull", "wald"):
                expected["clamped"] = [
                    bool(rl < 0 or rh > 1)
                    for rl, rh in (unclipped_normal(x, n, z, method)
                                   for x, n in zip(PROP_X, PROP_N))
                ]
                source += "; clamped = the unclipped formula leaves [0, 1] [hand]"
            if method == "jeffreys":
                source += ("; lower limit 0 at x = 0 and upper limit 1 at x = n (Brown-Cai-"
                           "DasGupta; statsmodels keeps the beta quantile there)")
            expected.update({"lower": nums(lo), "upper": nums(hi),
                             "status": ["ok"] * len(PROP_X)})
            add(f"peer_{method}_level_{level}", "proportion_ci",
                {"events": PROP_X, "population": PROP_N}, {"method": method, "level": level},
                expected=expected, tolerance={"rel": rel, "abs": 1e-15}, source=source)


def check_cp_scipy(x, n, level, lo, hi):
    """For large n: SciPy's own incomplete beta at the limit (inversion consistency)."""
    a2 = (1 - level) / 2
    if x > 0:
        check_quantile(f"CP lower {x}/{n}", lo, lambda p: special.betainc(x, n - x + 1, p), a2,
                       stats.beta.pdf(lo, x, n - x + 1), PEER_REL)
    if x < n:
        check_quantile(f"CP upper {x}/{n}", hi, lambda p: special.betaincc(x + 1, n - x, p), a2,
                       stats.beta.pdf(hi, x + 1, n - x), PEER_REL)


def stress_pairs(seed, k=400):
    """(x, n) pairs over n = 1 .. 1e6 (log-uniform), x uniform, near 0 and near n."""
    rng = np.random.default_rng(seed)
    n = np.round(np.exp(rng.uniform(0, math.log(1e6), k))).astype(np.int64)
    kind = rng.integers(0, 3, k)
    x = np.where(kind == 0, rng.integers(0, n + 1),
                 np.where(kind == 1, np.minimum(rng.integers(0, 21, k), n),
                          n - np.minimum(rng.integers(0, 21, k), n)))
    return [int(v) for v in x], [int(v) for v in n]


def peer_stress():
    """Accuracy over a wide range: the exact limits against SciPy to 1e-10 relative."""
    for method, sm, seed in (("clopper_pearson", "beta", 11), ("jeffreys", "jeffreys", 12)):
        xs, ns = stress_pairs(seed)
        for level in (0.9, 0.95, 0.99, 0.999):
            lo, hi = proportion_confint(np.array(xs), np.array(ns), alpha=1 - level, method=sm)
            lo, hi = np.asarray(lo, float).copy(), np.asarray(hi, float).copy()
            for i, (x, n) in enumerate(zip(xs, ns)):
                if method == "jeffreys":
                    lo[i] = 0.0 if x == 0 else lo[i]
                    hi[i] = 1.0 if x == n else hi[i]
                    check_jeffreys(x, n, level, lo[i], hi[i])
                elif n <= 3000:
                    check_cp(x, n, level, lo[i], hi[i])
                else:
                    check_cp_scipy(x, n, level, lo[i], hi[i])
            source = (f"{SM} proportion_confint(method={sm!r}) (SciPy beta.ppf / isf) on 400 "
                      "areas with n = 1 .. 1e6 [peer]")
            if method == "jeffreys":
                source += "; boundary limits 0 / 1 as bildung (Brown-Cai-DasGupta)"
            add(f"peer_stress_{method}_level_{level}", "proportion_ci",
                {"events": xs, "population": ns}, {"method": method, "level": level},
                expected={"lower": nums(lo), "upper": nums(hi)},
                tolerance={"rel": PEER_REL, "abs": 1e-300}, source=source)
    rng = np.random.default_rng(13)
    px = sorted(set(int(v) for v in np.round(np.exp(rng.uniform(0, math.log(1e6), 300)))) | {0, 1, 2})
    for level in (0.9, 0.95, 0.99, 0.999):
        a = 1 - level
        arr = np.array(px, float)
        lo = np.where(arr == 0, 0.0, stats.chi2.ppf(a / 2, 2 * arr) / 2)
        hi = stats.chi2.ppf(1 - a / 2, 2 * arr + 2) / 2
        for x, l_, h_ in zip(px, lo, hi):
            check_poisson(x, level, l_, h_)
        add(f"peer_stress_poisson_exact_level_{level}", "poisson_ci",
            {"events": px, "exposure": None}, {"method": "exact", "level": level},
            expected={"lower": nums(lo), "upper": nums(hi)},
            tolerance={"rel": PEER_REL, "abs": 1e-300},
            source=f"{SP} chi2.ppf (Garwood) for counts 0 .. 1e6 [peer]")


# ---- peers: Poisson ---------------------------------------------------------------------------

POIS_X = [0, 1, 2, 3, 5, 9, 10, 20, 57, 100, 1000, 12345]
POIS_E = [1.0, 250.0, 1200.0, 37.5, 2400.0, 18000.0, 4000.0, 9000.0, 60000.0, 150000.0, 2e6,
          1.5e7]


def byar(x, z):
    x, z = D(x), D(z)
    y = x + 1
    hi = y * (1 - 1 / (9 * y) + z / (3 * y.sqrt())) ** 3
    lo = Decimal(0) if x == 0 else x * (1 - 1 / (9 * x) - z / (3 * x.sqrt())) ** 3
    return lo, hi


def peer_poisson():
    for level in (0.95, 0.9, 0.99, 0.999):
        a = 1 - level
        lo = np.where(np.array(POIS_X) == 0, 0.0,
                      stats.chi2.ppf(a / 2, 2 * np.array(POIS_X, float)) / 2)
        hi = stats.chi2.ppf(1 - a / 2, 2 * np.array(POIS_X, float) + 2) / 2
        for x, l_, h_ in zip(POIS_X, lo, hi):
            check_poisson(x, level, l_, h_)
        add(f"peer_poisson_exact_counts_level_{level}", "poisson_ci",
            {"events": POIS_X, "exposure": None}, {"method": "exact", "level": level},
            expected={"estimate": POIS_X, "lower": nums(lo), "upper": nums(hi)},
            tolerance={"rel": PEER_REL, "abs": 1e-15},
            source=f"{SP} chi2.ppf(alpha/2, 2x)/2, chi2.ppf(1-alpha/2, 2x+2)/2 (Garwood) [peer]")
    level, mult = 0.95, 1000.0
    a = 1 - level
    lo = np.where(np.array(POIS_X) == 0, 0.0, stats.chi2.ppf(a / 2, 2 * np.array(POIS_X, float)) / 2)
    hi = stats.chi2.ppf(1 - a / 2, 2 * np.array(POIS_X, float) + 2) / 2
    e = np.array(POIS_E)
    add("peer_poisson_exact_rates_per_1000", "poisson_ci",
        {"events": POIS_X, "exposure": POIS_E}, {"method": "exact", "level": level,
                                                 "multiplier": mult},
        expected={"estimate": nums(np.array(POIS_X) / e * mult), "lower": nums(lo / e * mult),
                  "upper": nums(hi / e * mult)},
        tolerance={"rel": PEER_REL, "abs": 1e-15},
        source=f"{SP} chi2.ppf (Garwood), divided by the exposure, times 1000 [peer]")
    for level in (0.95, 0.999):
        z = z_of(level)
        lims = [byar(x, z) for x in POIS_X]
        clamped = [lo_ < 0 for lo_, _ in lims]
        expected = {"estimate": POIS_X,
                    "lower": [0.0 if c else float(lo_) for c, (lo_, _) in zip(clamped, lims)],
                    "upper": [float(h) for _, h in lims], "clamped": clamped}
        add(f"hand_poisson_byar_level_{level}", "poisson_ci",
            {"events": POIS_X, "exposure": None}, {"method": "byar", "level": level},
            expected=expected, tolerance={"rel": FORMULA_REL, "abs": 1e-15},
            source="[hand] Byar's formula (methods.md 3.2) in 60-digit decimal, z from "
                   f"{SP} norm.isf",
            derivation="L = x (1 - 1/(9x) - z/(3 sqrt x))^3 (0 at x = 0; a negative L is "
                       "clamped to 0 and marked), U = (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3")


# ---- peers: Newcombe --------------------------------------------------------------------------

DIFF = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20),
        (10, 10, 0, 20), (0, 1, 1, 1), (3, 40, 14, 60), (120, 800, 95, 900), (7, 12, 7, 12),
        (1, 3000, 40, 5000), (499, 500, 1, 500)]


def newcombe_decimal(x1, n1, x2, n2, z):
    l1, u1 = wilson_decimal(x1, n1, z)
    l2, u2 = wilson_decimal(x2, n2, z)
    p1, p2 = D(x1) / D(n1), D(x2) / D(n2)
    d = p1 - p2
    return d, d - ((p1 - l1) ** 2 + (u2 - p2) ** 2).sqrt(), d + ((u1 - p1) ** 2 + (p2 - l2) ** 2).sqrt()


def peer_newcombe():
    for level in (0.95, 0.9):
        z = z_of(level)
        est, lo, hi = [], [], []
        for x1, n1, x2, n2 in DIFF:
            low, upp = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb",
                                                  compare="diff", alpha=1 - level)
            d, dl, du = newcombe_decimal(x1, n1, x2, n2, z)
            assert close(low, dl, 1e-12, 1e-15) and close(upp, du, 1e-12, 1e-15), (x1, n1)
            est.append(x1 / n1 - x2 / n2)
            lo.append(float(low))
            hi.append(float(upp))
        c = list(zip(*DIFF))
        add(f"peer_newcombe_level_{level}", "proportion_difference_ci",
            {"events1": list(c[0]), "population1": list(c[1]), "events2": list(c[2]),
             "population2": list(c[3])},
            {"level": level},
            expected={"estimate": est, "lower": lo, "upper": hi, "status": ["ok"] * len(DIFF)},
            tolerance={"rel": FORMULA_REL, "abs": 1e-15},
            source=f"{SM} confint_proportions_2indep(method='newcomb', compare='diff') [peer]")
    # area versus the rest of the city: the peer on (x_i, n_i) against (X - x_i, N - n_i)
    x = [12, 3, 0, 25, 7, 40, 1]
    n = [60, 40, 15, 90, 70, 120, 9]
    X, N = sum(x), sum(n)
    est, lo, hi = [], [], []
    for xi, ni in zip(x, n):
        low, upp = confint_proportions_2indep(xi, ni, X - xi, N - ni, method="newcomb",
                                              compare="diff", alpha=0.05)
        est.append(xi / ni - (X - xi) / (N - ni))
        lo.append(float(low))
        hi.append(float(upp))
    add("peer_versus_rest", "proportion_difference_versus_rest",
        {"events": x, "population": n}, {"level": 0.95},
        expected={"estimate": est, "lower": lo, "upper": hi, "status": ["ok"] * len(x)},
        tolerance={"rel": FORMULA_REL, "abs": 1e-15},
        source=f"{SM} confint_proportions_2indep(method='newcomb') on each area against the "
               "pooled other areas [peer]")


# ---- standardisation: scipy formulas --------------------------------------------------------

STRATA_X = [[4, 10, 6, 2], [0, 1, 0, 0], [12, 30, 25, 9], [0, 0, 0, 0], [3, 0, 8, 1],
            [150, 320, 210, 90]]
STRATA_N = [[300, 500, 200, 100], [120, 80, 60, 40], [900, 1500, 1100, 400],
            [50, 60, 70, 20], [210, 190, 300, 55.5], [12000, 25000, 15000, 6000]]
STANDARD = [1000, 1500, 500, 250]
REF_RATES = [0.010, 0.018, 0.035, 0.021]


def dsr_scipy(x, n, w, method, level, mult):
    x, n = np.array(x, float), np.array(n, float)
    w = np.array(w, float) / np.sum(w)
    a = 1 - level
    dsr = np.sum(w * x / n)
    var = np.sum(w**2 * x / n**2)
    o = x.sum()
    if method in ("dobson", "dobson_byar"):
        if o == 0:
            return dsr * mult, math.nan, math.nan, "undefined"
        if method == "dobson":
            ol = stats.chi2.ppf(a / 2, 2 * o) / 2
            ou = stats.chi2.ppf(1 - a / 2, 2 * o + 2) / 2
        else:
            bl, bu = byar(o, z_of(level))
            ol, ou = float(bl), float(bu)
        s = math.sqrt(var / o)
        return dsr * mult, (dsr + s * (ol - o)) * mult, (dsr + s * (ou - o)) * mult, "ok"
    wm = np.max(w / n)
    lo = 0.0 if o == 0 else stats.gamma.ppf(a / 2, dsr**2 / var, scale=var / dsr)
    hi = stats.gamma.ppf(1 - a / 2, (dsr + wm) ** 2 / (var + wm**2), scale=(var + wm**2) / (dsr + wm))
    return dsr * mult, lo * mult, hi * mult, "ok"


def dsr_decimal_point(x, n, w):
    tw = sum(D(v) for v in w)
    dsr = sum(D(v) / tw * D(xa) / D(na) for v, xa, na in zip(w, x, n))
    var = sum((D(v) / tw) ** 2 * D(xa) / D(na) ** 2 for v, xa, na in zip(w, x, n))
    return dsr, var


def peer_standardisation():
    for method in ("dobson", "dobson_byar", "fay_feuer"):
        for level, mult in ((0.95, 100000.0), (0.99, 1.0)):
            est, lo, hi, st, se, crude, obs, few = [], [], [], [], [], [], [], []
            for x, n in zip(STRATA_X, STRATA_N):
                if sum(n) == 0:
                    raise AssertionError("no empty row in this table")
                e, l_, h_, s = dsr_scipy(x, n, STANDARD, method, level, mult)
                dd, vd = dsr_decimal_point(x, n, STANDARD)
                assert close(e, float(dd) * mult, 1e-13, 1e-300)
                est.append(e)
                lo.append(l_)
                hi.append(h_)
                st.append(s)
                se.append(float(vd.sqrt()) * mult)
                crude.append(sum(x) / sum(n) * mult)
                obs.append(sum(x))
                few.append(sum(x) < 10)
            add(f"formula_dsr_{method}_level_{level}", "direct_standardised_rate",
                {"events": STRATA_X, "population": STRATA_N, "standard_population": STANDARD},
                {"method": method, "level": level, "multiplier": mult, "min_events": 10},
                expected={"estimate": nums(est), "lower": nums(lo), "upper": nums(hi),
                          "standard_error": se, "crude_rate": crude, "observed": obs,
                          "few_events": few, "status": st},
                tolerance={"rel": PEER_REL, "abs": 1e-15},
                source=f"[computed: scipy formula] Dobson / Fay-Feuer of methods.md 3.4 with "
                       f"{SP} chi2.ppf / gamma.ppf (Byar in decimal); DSR and SE checked in "
                       "60-digit decimal",
                derivation="O = 0 (row 4): Dobson undefined (estimate 0, NaN limits, status "
                           "undefined); Fay-Feuer [0, U]. few_events = O < 10")
    for method in ("exact", "byar"):
        smr, lo, hi, obs, exp_ = [], [], [], [], []
        z = z_of(0.95)
        for x, n in zip(STRATA_X, STRATA_N):
            o = sum(x)
            e = float(sum(D(na) * D(r) for na, r in zip(n, REF_RATES)))
            if method == "exact":
                ol = 0.0 if o == 0 else stats.chi2.ppf(0.025, 2 * o) / 2
                ou = stats.chi2.ppf(0.975, 2 * o + 2) / 2
            else:
                bl, bu = byar(o, z)
                ol, ou = float(bl), float(bu)
            smr.append(o / e)
            lo.append(ol / e)
            hi.append(ou / e)
            obs.append(o)
            exp_.append(e)
        shares = np.array(STANDARD, float) / sum(STANDARD)
        crude = float(np.sum(shares * np.array(REF_RATES)))
        mult = 1000.0
        add(f"formula_smr_{method}", "indirect_standardised_ratio",
            {"events": STRATA_X, "population": STRATA_N, "reference_rates": REF_RATES,
             "reference_population": STANDARD},
            {"method": method, "level": 0.95, "multiplier": mult},
            expected={"smr": smr, "lower": lo, "upper": hi, "observed": obs, "expected": exp_,
                      "status": ["ok"] * len(smr), "reference_crude_rate": crude * mult,
                      "isr": [s * crude * mult for s in smr],
                      "isr_lower": [v * crude * mult for v in lo],
                      "isr_upper": [v * crude * mult for v in hi]},
            tolerance={"rel": PEER_REL, "abs": 1e-15},
            source=f"[computed: scipy formula] SMR = O/E with {SP} chi2.ppf limits of O "
                   "(Byar in decimal), E in decimal")


# ---- hand: statuses and errors ----------------------------------------------------------------


def hand():
    z = z_of(0.95)
    wl, wh = wilson_decimal(2, 10, z)
    add("hand_statuses_omit", "proportion_ci",
        {"events": [2, "nan", 0, 3], "population": [10, 8, 0, "nan"]},
        {"method": "wilson", "level": 0.95, "nan_policy": "omit"},
        expected={"estimate": [0.2, "nan", "nan", "nan"], "lower": [float(wl), "nan", "nan", "nan"],
                  "upper": [float(wh), "nan", "nan", "nan"],
                  "status": ["ok", "missing", "empty", "missing"]},
        tolerance={"rel": FORMULA_REL},
        source="[hand] NaN areas are missing under omit, n = 0 is empty (bildung.rates "
               "conventions); Wilson 2/10 in decimal")
    add("hand_statuses_propagate", "proportion_ci",
        {"events": ["nan", 0], "population": [8, 0]},
        {"method": "clopper_pearson", "nan_policy": "propagate"},
        expected={"estimate": ["nan", "nan"], "status": ["missing", "empty"]},
        tolerance={"abs": 0}, source="[hand] per-area NaN under propagate")
    add("hand_versus_rest_single_area", "proportion_difference_versus_rest",
        {"events": [3, 0], "population": [10, 0]}, {},
        expected={"estimate": ["nan", "nan"], "status": ["undefined", "empty"]},
        tolerance={"abs": 0},
        source="[hand] no population outside the area: undefined; n = 0: empty")
    add("hand_versus_rest_missing_left_out", "proportion_difference_versus_rest",
        {"events": [5, "nan", 3], "population": [56, 10, 29]}, {"nan_policy": "omit"},
        expected={"estimate": [5 / 56 - 3 / 29, "nan", 3 / 29 - 5 / 56],
                  "status": ["ok", "missing", "ok"]},
        tolerance={"rel": 1e-14},
        source="[hand] the missing area is not in the pooled rest")
    add("hand_dsr_undefined_stratum", "direct_standardised_rate",
        {"events": [[1, 0], [1, 0], [0, 0]], "population": [[10, 0], [10, 5], [0, 0]],
         "standard_population": [1, 1]},
        {"method": "fay_feuer"},
        expected={"estimate": ["nan", 0.05, "nan"], "status": ["undefined", "ok", "empty"],
                  "observed": ["nan", 1, "nan"], "few_events": [False, True, False]},
        tolerance={"rel": 1e-14},
        source="[hand] a stratum with population 0 and positive weight makes the DSR "
               "undefined (methods.md 3.4); no population at all: empty; O = 1 < 10 marked")
    add("hand_dsr_zero_weight_stratum", "direct_standardised_rate",
        {"events": [[1, 0]], "population": [[10, 0]], "standard_population": [3, 0]},
        {"min_events": 0},
        expected={"estimate": [0.1], "status": ["ok"], "few_events": [False]},
        tolerance={"rel": 1e-14},
        source="[hand] a stratum with standard weight 0 is left out, so its population may be 0")
    add("hand_smr_expected_zero", "indirect_standardised_ratio",
        {"events": [[1, 0], [0, 2]], "population": [[10, 0], [10, 20]],
         "reference_rates": [0.0, 0.1], "reference_population": None},
        {},
        expected={"smr": ["nan", 1.0], "expected": [0.0, 2.0], "observed": [1, 2],
                  "status": ["undefined", "ok"]},
        tolerance={"rel": 1e-14}, source="[hand] E = 0: undefined (methods.md 3.4)")

    def err(cid, function, inputs, params, kind, why):
        add(cid, function, inputs, params, expected_error=kind, source=f"[hand] {why}")

    P = "proportion_ci"
    err("error_events_above_population", P, {"events": [1, 6], "population": [5, 5]}, {},
        "InvalidCount", "x > n")
    err("error_negative_count", P, {"events": [-1], "population": [5]}, {}, "InvalidCount",
        "negative count")
    err("error_non_integral_events", P, {"events": [1.5], "population": [5]},
        {"method": "clopper_pearson"}, "InvalidCount", "exact methods need integers")
    err("error_non_integral_population_wilson", P, {"events": [1], "population": [5.5]},
        {"method": "wilson"}, "InvalidCount",
        "bildung.rates requires integer counts for every method")
    err("error_nan_raise", P, {"events": ["nan"], "population": [5]}, {}, "MissingValue",
        "NaN under raise")
    err("error_inf", P, {"events": [1], "population": ["inf"]}, {"nan_policy": "omit"},
        "NonFinite", "infinity under every policy")
    err("error_length_mismatch", P, {"events": [1, 2], "population": [5]}, {}, "ShapeMismatch",
        "different lengths")
    err("error_empty", P, {"events": [], "population": []}, {}, "EmptyInput", "no area")
    err("error_level_one", P, {"events": [1], "population": [5]}, {"level": 1.0},
        "InvalidParameter", "level outside (0, 1)")
    err("error_level_percent", P, {"events": [1], "population": [5]}, {"level": 95},
        "InvalidParameter", "level given in percent")
    err("error_unknown_method", P, {"events": [1], "population": [5]}, {"method": "exact"},
        "InvalidParameter", "unknown method name")
    err("error_poisson_negative_exposure", "poisson_ci", {"events": [1], "exposure": [-5]}, {},
        "NegativeValue", "negative exposure")
    err("error_poisson_events_zero_exposure", "poisson_ci", {"events": [2], "exposure": [0]},
        {}, "InvalidCount", "events with exposure 0")
    err("error_poisson_multiplier", "poisson_ci", {"events": [2], "exposure": None},
        {"multiplier": 0}, "InvalidParameter", "multiplier must be > 0")
    err("error_difference_lengths", "proportion_difference_ci",
        {"events1": [1], "population1": [5], "events2": [1, 2], "population2": [5, 5]}, {},
        "ShapeMismatch", "the two samples have different lengths")
    err("error_dsr_standard_length", "direct_standardised_rate",
        {"events": [[1, 2]], "population": [[5, 5]], "standard_population": [1, 2, 3]}, {},
        "ShapeMismatch", "standard population of the wrong length")
    err("error_dsr_events_without_population", "direct_standardised_rate",
        {"events": [[1, 2]], "population": [[5, 0]], "standard_population": [1, 2]}, {},
        "InvalidCount", "events in a stratum with population 0")
    err("error_dsr_standard_zero", "direct_standardised_rate",
        {"events": [[1, 2]], "population": [[5, 5]], "standard_population": [0, 0]}, {},
        "Undefined", "standard population sums to 0")
    err("error_dsr_min_events", "direct_standardised_rate",
        {"events": [[1, 2]], "population": [[5, 5]], "standard_population": [1, 1]},
        {"min_events": -1}, "InvalidParameter", "min_events < 0")
    err("error_smr_negative_rate", "indirect_standardised_ratio",
        {"events": [[1, 2]], "population": [[5, 5]], "reference_rates": [0.1, -0.1],
         "reference_population": None}, {}, "NegativeValue", "negative reference rate")
    err("error_smr_nan_in_table", "indirect_standardised_ratio",
        {"events": [[1, "nan"]], "population": [[5, 5]], "reference_rates": [0.1, 0.1],
         "reference_population": None}, {}, "MissingValue", "NaN under raise")


# ---- output -----------------------------------------------------------------------------------


def _compact(v):
    return json.dumps(v, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def render(cases):
    """One case per block, one key per line, arrays and objects of arrays on one line."""
    lines = ['{', '  "schema": 1,', '  "family": "rates",', '  "cases": [']
    for i, case in enumerate(cases):
        lines.append("    {")
        keys = list(case)
        for j, k in enumerate(keys):
            comma = "," if j < len(keys) - 1 else ""
            v = case[k]
            if isinstance(v, dict) and k in ("inputs", "expected"):
                lines.append(f"      {json.dumps(k)}: {{")
                sub = list(v)
                for m, sk in enumerate(sub):
                    c2 = "," if m < len(sub) - 1 else ""
                    lines.append(f"        {json.dumps(sk)}: {_compact(v[sk])}{c2}")
                lines.append(f"      }}{comma}")
            else:
                lines.append(f"      {json.dumps(k)}: {_compact(v)}{comma}")
        lines.append("    }" + ("," if i < len(cases) - 1 else ""))
    lines += ["  ]", "}"]
    text = "\n".join(lines) + "\n"
    json.loads(text)  # valid JSON
    return text


def main():
    methods_worked()
    peer_proportions()
    peer_poisson()
    peer_newcombe()
    peer_stress()
    peer_standardisation()
    hand()
    OUT.write_text(render(CASES), encoding="utf-8")
    kinds = {}
    for c in CASES:
        k = c["source"].split("[")[1].split("]")[0] if "[" in c["source"] else "?"
        kinds[k] = kinds.get(k, 0) + 1
    print(f"wrote {len(CASES)} cases to {OUT}: {kinds}")


if __name__ == "__main__":
    main()
