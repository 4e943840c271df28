#!/usr/bin/env python3
"""Build tests/golden/smallarea.json: reference cases for bildung.smallarea from OUTSIDE bildung.

Kinds of expected values (see README.md beside this file, section "Small-area estimation"):

* [computed by the reference author] the worked examples of methods.md 3.5 (8 Ortsteile: Marshall
               global and local, beta-binomial moments and ML) and 3.6 (the `milk` data of R `sae`:
               REML, ML, FH and Prasad-Rao variance components, beta, EBLUP / MSE of areas 1 and 4);
               tolerance = half a unit of the printed last digit.
* [peer]       samplics 0.6.1 `EblupAreaModel` with REML (FitMethod.reml, tol 1e-10) on the milk data
               and on a synthetic 400-area data set. samplics' ML and FH paths are NOT used: they are
               defective (peers.md section 4: ML stops after two iterations, FH reports negative
               variances).
* [computed: numpy direct formula] the formulas of methods.md 3.5 / 3.6 written out here with numpy
               (dense matrices: the REML score with the m x m projection P, not bildung's p x p
               identities), the variance components as roots of their score / estimating equations
               (scipy brentq, exact to rounding) and checked by direct maximisation of the
               (restricted) log-likelihood (scipy minimize_scalar, bounded); the beta-binomial ML as
               the root of the digamma score in (a, b) (scipy root), checked by Nelder-Mead on
               (ln a, ln b) as methods.md does; posterior intervals from scipy.stats.beta.ppf;
               log-likelihoods from scipy.stats.betabinom / the normal densities.
* [hand]       small cases with a written `derivation`, the edge cases of methods.md 3.5 / 3.6 and every
               error case.

Never uses bildung's own output. Run from the repository root with the peer venv (scipy 1.17.1,
samplics 0.6.1; benches/python/requirements.txt):

    /tmp/peers/bin/python tests/golden/generate_smallarea.py

It also copies samplics' `expenditure_on_milk.csv` (MIT-licensed samplics; data Arora & Lahiri 1997,
shipped with R `sae` as `milk`) to tests/golden/data/. Output is deterministic (fixed seeds, inputs
stored in the JSON, sorted keys).
"""

from __future__ import annotations

import importlib.metadata
import json
import math
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
from scipy import optimize, special, stats

warnings.filterwarnings("ignore")  # samplics' archive notice

import samplics  # noqa: E402
from samplics.sae import EblupAreaModel  # noqa: E402
from samplics.utils.types import FitMethod  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "smallarea.json"
# samplics 0.6.1 reports __version__ "0.6.0"; the distribution metadata is right
SAMPLICS_VERSION = importlib.metadata.version("samplics")
MILK_SRC = Path(samplics.__file__).parent / "datasets" / "data" / "expenditure_on_milk.csv"
MILK_FILE = HERE / "data" / "expenditure_on_milk.csv"

METHODS = "methods.md {sec} [computed by the reference author, double-checked]"
NUMPY = (f"[computed: numpy direct formula] (numpy {np.__version__}, scipy {scipy.__version__}; "
         "written out in generate_smallarea.py)")
SAMPLICS = (f"[peer] samplics {SAMPLICS_VERSION} EblupAreaModel(FitMethod.reml).fit(tol=1e-10, "
            "maxiter=200) + predict (REML only; its ML / FH paths are defective, peers.md 4)")
EXACT = {"rel": 1e-12, "abs": 1e-15}

CASES: list[dict] = []


def num(v):
    """A float for JSON: NaN and infinities as strings."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def arr(values):
    return [num(v) for v in values]


def add(cid, function, *, events=None, population=None, neighbours=None, direct=None,
        variance=None, covariates=None, params=None, expected=None, expected_error=None,
        tolerance=None, field_tolerance=None, source, derivation=None):
    case = {
        "id": cid,
        "function": function,
        "events": None if events is None else arr(events),
        "population": None if population is None else arr(population),
        "neighbours": None if neighbours is None else [[int(j) for j in nb] for nb in neighbours],
        "direct": None if direct is None else arr(direct),
        "variance": None if variance is None else arr(variance),
        "covariates": None if covariates is None else [arr(r) for r in covariates],
        "params": params or {},
        "tolerance": tolerance or EXACT,
        "source": source,
    }
    if field_tolerance:
        case["field_tolerance"] = field_tolerance
    if derivation:
        case["derivation"] = derivation
    if expected_error is not None:
        case["expected_error"] = expected_error
    else:
        case["expected"] = expected
    CASES.append(case)


def half_unit(printed: str) -> float:
    """Half a unit of the last printed digit of a decimal number."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 0.5 * 10.0 ** -decimals


# ============================================================================ empirical Bayes

ORT_N = [12, 45, 80, 150, 30, 220, 8, 60]
ORT_X = [3, 6, 9, 12, 7, 15, 0, 4]
CHAIN = [[j for j in (i - 1, i + 1) if 0 <= j < 8] for i in range(8)]


def marshall(x, n, neighbours=None):
    """Marshall global (neighbours None) or local EB, written out from methods.md 3.5.

    Areas with n = 0 get the prior mean (status no_data); NaN areas are left out."""
    x, n = np.asarray(x, float), np.asarray(n, float)
    k = len(x)
    ok = ~np.isnan(x) & ~np.isnan(n) & (n > 0)
    status = np.where(np.isnan(x) | np.isnan(n), "missing", np.where(n > 0, "ok", "no_data"))

    def prior(idx):
        idx = [j for j in idx if ok[j]]
        if not idx:
            return math.nan, math.nan
        xs, ns = x[idx], n[idx]
        m = xs.sum() / ns.sum()
        s2 = (ns * (xs / ns - m) ** 2).sum() / ns.sum()
        nbar = ns.sum() / len(idx)
        return m, max(0.0, s2 - m / nbar)

    m_glob, a_glob = prior(range(k))
    out = {f: np.full(k, np.nan) for f in ("estimate", "rate", "shrinkage", "prior_mean",
                                            "prior_variance")}
    status = list(status)
    for i in range(k):
        if status[i] == "missing":
            continue
        if neighbours is None:
            m, a = m_glob, a_glob
        else:
            m, a = prior(sorted({i, *neighbours[i]}))
            if math.isnan(m):
                status[i] = "empty"
                continue
        out["prior_mean"][i], out["prior_variance"][i] = m, a
        if status[i] == "ok":
            r = x[i] / n[i]
            c = a / (a + m / n[i]) if a + m / n[i] > 0 else 0.0
            out["rate"][i], out["shrinkage"][i] = r, c
            out["estimate"][i] = m + c * (r - m)
        else:
            out["shrinkage"][i], out["estimate"][i] = 0.0, m
    exp = {f: arr(v) for f, v in out.items()}
    exp.update(pooled_rate=num(m_glob), between_variance=num(a_glob), status=status,
               n_used=int(ok.sum()), n_dropped=int(sum(s == "missing" for s in status)),
               n_empty=int(((n == 0) & ~np.isnan(x)).sum()))
    if neighbours is None:
        zero = a_glob == 0.0
    else:
        zero = all(out["prior_variance"][i] == 0.0 for i in range(k) if status[i] in ("ok", "no_data"))
    exp["flags"] = ["no_between_variance"] if zero else []
    return exp


def bb_loglik(a, b, x, n):
    return float(stats.betabinom.logpmf(x, n, a, b).sum())


def bb_moments(x, n):
    """rho, a, b by the moment estimator of methods.md 3.5."""
    x, n = np.asarray(x, float), np.asarray(n, float)
    k, p, big_n = len(x), x.sum() / n.sum(), n.sum()
    s = (n * (x / n - p) ** 2).sum()
    rho = (s / (p * (1 - p)) - (k - 1)) / (big_n - (n ** 2).sum() / big_n - (k - 1))
    rho = max(rho, 0.0)
    ab = (1 - rho) / rho if rho > 0 else math.inf
    return rho, p * ab, (1 - p) * ab


def bb_ml(x, n):
    """ML (a, b): root of the digamma score, started at Nelder-Mead on (ln a, ln b)."""
    x, n = np.asarray(x, float), np.asarray(n, float)
    _, a0, b0 = bb_moments(x, n)

    def nll(t):
        a, b = np.exp(t)
        return -bb_loglik(a, b, x, n)

    nm = optimize.minimize(nll, np.log([a0, b0]), method="Nelder-Mead",
                           options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 100000,
                                    "maxfev": 100000})

    def score(t):
        a, b = np.exp(t)
        da = (special.digamma(x + a) - special.digamma(n + a + b) - special.digamma(a)
              + special.digamma(a + b)).sum()
        db = (special.digamma(n - x + b) - special.digamma(n + a + b) - special.digamma(b)
              + special.digamma(a + b)).sum()
        return [da * a, db * b]

    root = optimize.root(score, nm.x, method="hybr", options={"xtol": 1e-13})
    a, b = np.exp(root.x)
    scale = (special.digamma(n + a + b) - special.digamma(a + b)).sum() * (a + b)
    assert max(abs(v) for v in score(root.x)) < 1e-10 * scale, (root.message, score(root.x))
    a_nm, b_nm = np.exp(nm.x)
    assert abs(a / a_nm - 1) < 1e-5 and abs(b / b_nm - 1) < 1e-5, (a, a_nm, b, b_nm)
    return a, b


def beta_binomial(x, n, a, b, level=0.95):
    """Posterior means and EB intervals for a prior Beta(a, b) (finite a, b)."""
    x, n = np.asarray(x, float), np.asarray(n, float)
    lo, hi = (1 - level) / 2, (1 + level) / 2
    est = (x + a) / (n + a + b)
    rate = np.where(n > 0, x / np.where(n > 0, n, 1), np.nan)
    return {
        "estimate": arr(est),
        "lower": arr(stats.beta.ppf(lo, x + a, n - x + b)),
        "upper": arr(stats.beta.ppf(hi, x + a, n - x + b)),
        "rate": arr(rate),
        "shrinkage": arr(n / (n + a + b)),
        "alpha": num(a),
        "beta": num(b),
        "rho": num(1 / (a + b + 1)),
        "prior_mean": num(a / (a + b)),
        "status": ["ok" if v > 0 else "no_data" for v in n],
        "flags": [],
    }


def eb_cases():
    sec = "3.5"
    src = METHODS.format(sec=sec)
    # --- Marshall global, printed values
    c = ["0.1005", "0.2952", "0.4268", "0.5827", "0.2183", "0.6719", "0.0693", "0.3584"]
    e = ["0.1084", "0.1046", "0.1011", "0.0852", "0.1233", "0.0762", "0.0862", "0.0833"]
    full = marshall(ORT_X, ORT_N)
    for i, s in enumerate(c):
        assert abs(full["shrinkage"][i] - float(s)) <= half_unit(s), (i, s)
    for i, s in enumerate(e):
        if i != 6:
            assert abs(full["estimate"][i] - float(s)) <= half_unit(s), (i, s)
    # methods.md prints 0.0862 for the 0/8 area; m (1 - C_7) = 0.0925620 x 0.93069 = 0.086147
    assert abs(full["estimate"][6] - 0.086147) < 5e-7
    add("methods_marshall_global_printed", "marshall_eb", events=ORT_X, population=ORT_N,
        expected={"pooled_rate": 0.0925620, "between_variance": 0.00086159,
                  "shrinkage": [float(s) for s in c],
                  "estimate": {str(i): float(s) for i, s in enumerate(e) if i != 6}},
        tolerance={"abs": 5e-5},
        field_tolerance={"pooled_rate": {"abs": 5e-8}, "between_variance": {"abs": 5e-9}},
        source=src + "; the printed EB value 0.0862 of the 0/8 area is left out: m (1 - C_7) = "
        "0.0925620 x (1 - 0.0693) = 0.086147 rounds to 0.0861 (a rounding slip in methods.md; "
        "the numpy case below holds the full value)")
    add("marshall_global_numpy", "marshall_eb", events=ORT_X, population=ORT_N,
        expected=full, source=NUMPY + " on the 8 Ortsteile of methods.md 3.5")
    # --- Marshall local, chain adjacency, printed
    loc = marshall(ORT_X, ORT_N, CHAIN)
    printed = ["0.1579", "0.1314", "0.0982", "0.0914", "0.1286", "0.0709", "0.0660", "0.0588"]
    for i, s in enumerate(printed):
        assert abs(loc["estimate"][i] - float(s)) <= half_unit(s), (i, s)
    add("methods_marshall_local_chain_printed", "marshall_eb", events=ORT_X, population=ORT_N,
        neighbours=CHAIN, expected={"estimate": [float(s) for s in printed]},
        tolerance={"abs": 5e-5}, source=src + " (chain adjacency: area i borders i-1 and i+1)")
    add("marshall_local_chain_numpy", "marshall_eb", events=ORT_X, population=ORT_N,
        neighbours=CHAIN, expected=loc, source=NUMPY + " on the 8 Ortsteile, chain adjacency")
    # --- a 6 x 10 grid of Ortsteile, rook adjacency, one area without population, one missing
    rng = np.random.default_rng(20250901)
    rows, cols = 6, 10
    k = rows * cols
    n = rng.integers(5, 400, size=k).astype(float)
    true = rng.beta(6, 60, size=k)
    x = rng.binomial(n.astype(int), true).astype(float)
    n[17], x[17] = 0.0, 0.0
    x[42] = math.nan
    rook = []
    for r in range(rows):
        for q in range(cols):
            nb = [(r + dr) * cols + q + dq for dr, dq in ((-1, 0), (1, 0), (0, -1), (0, 1))
                  if 0 <= r + dr < rows and 0 <= q + dq < cols]
            rook.append(nb)
    add("marshall_global_grid_omit_numpy", "marshall_eb", events=x, population=n,
        params={"nan_policy": "omit"}, expected=marshall(x, n),
        source=NUMPY + "; 60 Ortsteile (numpy PCG64 seed 20250901: n uniform 5..399, rates "
        "Beta(6, 60), binomial events; area 17 without population, area 42 missing)")
    prop = marshall(x, n, rook)
    prop["flags"] = prop["flags"] + ["missing_propagated"]
    add("marshall_local_grid_propagate_numpy", "marshall_eb", events=x, population=n,
        neighbours=rook, params={"nan_policy": "propagate"}, expected=prop,
        source=NUMPY + "; the same 60 Ortsteile on a 6 x 10 grid, rook adjacency")
    # --- hand cases
    add("marshall_global_no_between_variance_hand", "marshall_eb", events=[1, 9],
        population=[10, 30],
        expected={"pooled_rate": 0.25, "between_variance": 0.0, "estimate": [0.25, 0.25],
                  "shrinkage": [0.0, 0.0], "flags": ["no_between_variance"]},
        source="[hand]", derivation="m = 10/40 = 0.25; s2 = (10 (0.1-0.25)^2 + 30 (0.3-0.25)^2)/40 "
        "= 0.0075; nbar = 20; A = max(0, 0.0075 - 0.25/20) = 0 -> complete shrinkage")
    add("marshall_global_two_areas_hand", "marshall_eb", events=[1, 18], population=[10, 30],
        expected={"pooled_rate": 0.475, "between_variance": 0.023125,
                  "shrinkage": [0.023125 / (0.023125 + 0.0475), 0.023125 / (0.023125 + 0.475 / 30)],
                  "estimate": [0.475 + 0.023125 / (0.023125 + 0.0475) * (0.1 - 0.475),
                               0.475 + 0.023125 / (0.023125 + 0.475 / 30) * (0.6 - 0.475)],
                  "flags": []},
        source="[hand]", derivation="m = 19/40; s2 = (10 x 0.375^2 + 30 x 0.125^2)/40 = 0.046875; "
        "A = 0.046875 - 0.475/20 = 0.023125; C_i = A/(A + m/n_i); theta_i = m + C_i (r_i - m)")
    add("marshall_global_no_events_hand", "marshall_eb", events=[0, 0, 0], population=[10, 0, 5],
        expected={"estimate": [0.0, 0.0, 0.0], "shrinkage": [0.0, 0.0, 0.0],
                  "rate": [0.0, "nan", 0.0], "status": ["ok", "no_data", "ok"],
                  "flags": ["no_between_variance"], "n_used": 2, "n_empty": 1},
        source="[hand] methods.md 3.5 edge cases: m = 0 -> all estimates 0, C_i := 0; n_i = 0 -> "
        "prior mean, no-data status")
    add("marshall_local_isolated_hand", "marshall_eb", events=[1, 0, 2], population=[4, 0, 5],
        neighbours=[[], [], []],
        expected={"estimate": [0.25, "nan", 0.4], "status": ["ok", "empty", "ok"],
                  "prior_variance": [0.0, "nan", 0.0], "flags": ["no_between_variance"]},
        source="[hand]", derivation="no neighbours: each area's neighbourhood is itself, m_i = r_i, "
        "s2_i = 0, A_i = 0, theta_i = r_i; the area without population has no prior at all (NaN)")
    err = "[hand] methods.md 3.5 / 0: bad input is a typed error"
    add("err_marshall_single_area", "marshall_eb", events=[1, 0], population=[5, 0],
        expected_error="Undefined", source=err + " (k = 1: needs >= 2 areas)")
    add("err_marshall_events_above_population", "marshall_eb", events=[1, 6], population=[5, 5],
        expected_error="InvalidCount", source=err)
    add("err_marshall_negative", "marshall_eb", events=[1, -1], population=[5, 5],
        expected_error="InvalidCount", source=err)
    add("err_marshall_nan_raise", "marshall_eb", events=[1, "nan", 2], population=[5, 5, 5],
        expected_error="MissingValue", source=err)
    add("err_marshall_inf", "marshall_eb", events=[1, 2], population=[5, "inf"],
        params={"nan_policy": "omit"}, expected_error="NonFinite", source=err)
    add("err_marshall_shape", "marshall_eb", events=[1, 2, 3], population=[5, 5],
        expected_error="ShapeMismatch", source=err)
    add("err_marshall_empty", "marshall_eb", events=[], population=[],
        expected_error="EmptyInput", source=err)
    add("err_marshall_unknown_neighbour", "marshall_eb", events=[1, 2, 3], population=[5, 5, 5],
        neighbours=[[1], [0, 2], [1, 3]], expected_error="InvalidParameter",
        source=err + " (an adjacency entry names area 3 of 3)")
    add("err_marshall_neighbours_length", "marshall_eb", events=[1, 2, 3], population=[5, 5, 5],
        neighbours=[[1], [0]], expected_error="ShapeMismatch", source=err)

    # --- beta-binomial: printed moments and ML
    rho, a, b = bb_moments(ORT_X, ORT_N)
    mom = beta_binomial(ORT_X, ORT_N, a, b)
    for s, v in (("0.017473", rho), ("5.2048", a), ("51.0261", b)):
        assert abs(v - float(s)) <= half_unit(s), s
    pe = ["0.1203", "0.1107", "0.1043", "0.0834", "0.1415", "0.0731", "0.0810", "0.0792"]
    for i, s in enumerate(pe):
        assert abs(mom["estimate"][i] - float(s)) <= half_unit(s)
    add("methods_beta_binomial_moments_printed", "beta_binomial_eb", events=ORT_X,
        population=ORT_N, params={"method": "moments"},
        expected={"rho": 0.017473, "alpha": 5.2048, "beta": 51.0261,
                  "estimate": [float(s) for s in pe]},
        tolerance={"abs": 5e-5}, field_tolerance={"rho": {"abs": 5e-7}}, source=src)
    mom["log_likelihood"] = bb_loglik(a, b, ORT_X, ORT_N)
    add("beta_binomial_moments_numpy", "beta_binomial_eb", events=ORT_X, population=ORT_N,
        params={"method": "moments"}, expected=mom, tolerance={"rel": 1e-10, "abs": 1e-14},
        source=NUMPY + "; intervals scipy.stats.beta.ppf, log-likelihood scipy.stats.betabinom")
    a, b = bb_ml(ORT_X, ORT_N)
    ml = beta_binomial(ORT_X, ORT_N, a, b)
    pe = ["0.1063", "0.1044", "0.1023", "0.0913", "0.1144", "0.0838", "0.0954", "0.0921"]
    for s, v in (("22.575", a), ("206.026", b), ("0.004355", 1 / (a + b + 1))):
        assert abs(v - float(s)) <= half_unit(s), (s, v)
    for i, s in enumerate(pe):
        assert abs(ml["estimate"][i] - float(s)) <= half_unit(s)
    lows = {6: "0.0614", 0: "0.0707"}
    highs = {6: "0.1359", 0: "0.1481"}
    for i in lows:
        assert abs(ml["lower"][i] - float(lows[i])) <= half_unit(lows[i])
        assert abs(ml["upper"][i] - float(highs[i])) <= half_unit(highs[i])
    add("methods_beta_binomial_ml_printed", "beta_binomial_eb", events=ORT_X, population=ORT_N,
        params={"method": "ml"},
        expected={"alpha": 22.575, "beta": 206.026, "rho": 0.004355,
                  "estimate": [float(s) for s in pe],
                  "lower": {str(i): float(s) for i, s in lows.items()},
                  "upper": {str(i): float(s) for i, s in highs.items()}},
        tolerance={"abs": 5e-5},
        field_tolerance={"alpha": {"abs": 5e-4}, "beta": {"abs": 5e-4}, "rho": {"abs": 5e-7}},
        source=src + " (EB intervals of the 0/8 and 3/12 areas)")
    ml["log_likelihood"] = bb_loglik(a, b, ORT_X, ORT_N)
    add("beta_binomial_ml_scipy", "beta_binomial_eb", events=ORT_X, population=ORT_N,
        params={"method": "ml", "level": 0.95}, expected=ml, tolerance={"rel": 1e-7},
        field_tolerance={"log_likelihood": {"rel": 1e-12}},
        source=NUMPY + "; ML = root of the digamma score in (a, b) (scipy.optimize.root, from "
        "Nelder-Mead on (ln a, ln b), agreeing to 1e-5); tolerance rel 1e-7 (the optimum is flat)")
    # 90 % intervals and an area without population (prior interval)
    x9, n9 = ORT_X + [0], ORT_N + [0]
    ml9 = beta_binomial(x9, n9, a, b, level=0.9)
    ml9["log_likelihood"] = bb_loglik(a, b, ORT_X, ORT_N)
    ml9["n_empty"] = 1
    add("beta_binomial_ml_level90_no_data_scipy", "beta_binomial_eb", events=x9, population=n9,
        params={"method": "ml", "level": 0.9}, expected=ml9, tolerance={"rel": 1e-7},
        field_tolerance={"log_likelihood": {"rel": 1e-12}},
        source=NUMPY + "; the 8 Ortsteile plus an area with population 0 (prior mean and the "
        "Beta(a, b) interval, status no_data), 90 % intervals")
    # 120 schools, overdispersed proportions
    rng = np.random.default_rng(20250902)
    n = rng.integers(8, 300, size=120).astype(float)
    x = rng.binomial(n.astype(int), rng.beta(4, 40, size=120)).astype(float)
    a, b = bb_ml(x, n)
    big = beta_binomial(x, n, a, b)
    big["log_likelihood"] = bb_loglik(a, b, x, n)
    big["n_used"] = 120
    add("beta_binomial_ml_120_areas_scipy", "beta_binomial_eb", events=x, population=n,
        expected=big, tolerance={"rel": 1e-7}, field_tolerance={"log_likelihood": {"rel": 1e-12}},
        source=NUMPY + "; 120 areas (numpy PCG64 seed 20250902: n uniform 8..299, proportions "
        "Beta(4, 40), binomial events), default options (ML, 95 %)")
    rho, a, b = bb_moments(x, n)
    bigm = beta_binomial(x, n, a, b)
    add("beta_binomial_moments_120_areas_numpy", "beta_binomial_eb", events=x, population=n,
        params={"method": "moments"}, expected=bigm, tolerance={"rel": 1e-10, "abs": 1e-14},
        source=NUMPY + "; the same 120 areas")
    # boundary: equal proportions
    x, n = [2, 4, 6], [20, 40, 60]
    rho_raw = ((np.array(n) * (np.array(x) / np.array(n) - 0.1) ** 2).sum() / 0.09 - 2)
    assert rho_raw < 0
    # ML score in phi at phi = 0 (Tarone): sum x(x-1)/2/p + y(y-1)/2/(1-p) - n(n-1)/2 <= 0
    sc = sum(xi * (xi - 1) / 2 / 0.1 + (ni - xi) * (ni - xi - 1) / 2 / 0.9 - ni * (ni - 1) / 2
             for xi, ni in zip(x, n))
    assert sc <= 0, sc
    for method in ("moments", "ml"):
        add(f"beta_binomial_{method}_no_between_variance_hand", "beta_binomial_eb", events=x,
            population=n, params={"method": method},
            expected={"rho": 0.0, "alpha": "inf", "beta": "inf", "prior_mean": 0.1,
                      "estimate": [0.1] * 3, "lower": [0.1] * 3, "upper": [0.1] * 3,
                      "shrinkage": [0.0] * 3, "flags": ["no_between_variance"],
                      "log_likelihood": float(stats.binom.logpmf(x, n, 0.1).sum())},
            source="[hand] methods.md 3.5: rho = 0 -> complete shrinkage (flag)",
            derivation=f"equal proportions 0.1: S = 0, moment rho < 0 -> 0; ML: the score in "
            f"phi = 1/(a+b) at phi = 0 is {sc:.1f} <= 0, so the maximum is on the boundary; the "
            "log-likelihood is then binomial (scipy.stats.binom)")
    add("beta_binomial_no_events_hand", "beta_binomial_eb", events=[0, 0], population=[5, 9],
        expected={"estimate": [0.0, 0.0], "lower": [0.0, 0.0], "upper": [0.0, 0.0],
                  "flags": ["no_between_variance"], "prior_mean": 0.0},
        tolerance={"abs": 1e-15}, source="[hand] methods.md 3.5: m = 0 -> all estimates 0")
    add("err_beta_binomial_non_integral", "beta_binomial_eb", events=[1.5, 2], population=[5, 6],
        expected_error="InvalidCount", source=err + " (binomial counts must be integers)")
    add("err_beta_binomial_level", "beta_binomial_eb", events=[1, 2], population=[5, 6],
        params={"level": 1.0}, expected_error="InvalidParameter", source=err)
    add("err_beta_binomial_method", "beta_binomial_eb", events=[1, 2], population=[5, 6],
        params={"method": "reml"}, expected_error="InvalidParameter", source=err)
    add("err_beta_binomial_single_area", "beta_binomial_eb", events=[1], population=[5],
        expected_error="Undefined", source=err)
    add("err_beta_binomial_moments_all_or_nothing", "beta_binomial_eb", events=[0, 5, 0, 7],
        population=[4, 5, 6, 7], params={"method": "moments"}, expected_error="Undefined",
        source=err, derivation="every area is all or nothing: S/(p(1-p)) = N, so the moment rho "
        "is (N - 3)/(N - sum n^2/N - 3) > 1")
    add("err_beta_binomial_ml_all_or_nothing", "beta_binomial_eb", events=[0, 5, 0, 7],
        population=[4, 5, 6, 7], expected_error="DidNotConverge", source=err,
        derivation="the likelihood increases without bound as a + b -> 0")


# ============================================================================ Fay-Herriot

def milk():
    df = pd.read_csv(MILK_SRC)
    assert len(df) == 43
    y = df["direct_est"].to_numpy(float)
    psi = df["std_error"].to_numpy(float) ** 2
    z = np.column_stack([(df["major_area"] == g).astype(float) for g in (2, 3, 4)])
    return df, y, psi, z


class FH:
    """The Fay-Herriot model written out with dense matrices (methods.md 3.6)."""

    def __init__(self, y, psi, z, intercept=True):
        self.y, self.psi = np.asarray(y, float), np.asarray(psi, float)
        z = np.zeros((len(y), 0)) if z is None else np.asarray(z, float)
        self.x = np.column_stack([np.ones(len(y)), z]) if intercept else z
        self.m, self.p = self.x.shape

    def gls(self, s2v):
        v = s2v + self.psi
        vi = np.diag(1 / v)
        q = np.linalg.inv(self.x.T @ vi @ self.x)
        beta = q @ self.x.T @ vi @ self.y
        return v, vi, q, beta

    def proj(self, s2v):
        v, vi, q, _ = self.gls(s2v)
        return vi - vi @ self.x @ q @ self.x.T @ vi

    def score(self, method, s2v):
        v, vi, q, beta = self.gls(s2v)
        r = self.y - self.x @ beta
        if method == "reml":
            p = self.proj(s2v)
            py = p @ self.y
            return -0.5 * np.trace(p) + 0.5 * py @ py
        if method == "ml":
            return -0.5 * (1 / v).sum() + 0.5 * ((r / v) ** 2).sum()
        if method == "fh":
            return (r * r / v).sum() - (self.m - self.p)
        raise ValueError(method)

    def loglik(self, s2v, restricted):
        v, vi, q, beta = self.gls(s2v)
        r = self.y - self.x @ beta
        ll = np.log(v).sum() + (r * r / v).sum()
        if restricted:
            return -0.5 * ((self.m - self.p) * np.log(2 * np.pi) + ll
                           + np.linalg.slogdet(self.x.T @ vi @ self.x)[1])
        return -0.5 * (self.m * np.log(2 * np.pi) + ll)

    def estimate(self, method):
        if method == "pr":
            h = self.x @ np.linalg.inv(self.x.T @ self.x) @ self.x.T
            r = self.y - h @ self.y
            return max(0.0, ((r * r).sum() - (self.psi * (1 - np.diag(h))).sum())
                       / (self.m - self.p))
        f = lambda s: self.score(method, s)  # noqa: E731
        if f(0.0) <= 0:
            return 0.0
        hi = 1.0
        while f(hi) > 0:
            hi *= 2
        s2v = optimize.brentq(f, 0.0, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps)
        if method in ("reml", "ml"):  # check against direct maximisation
            best = optimize.minimize_scalar(lambda s: -self.loglik(s, method == "reml"),
                                            bounds=(0, hi), method="bounded",
                                            options={"xatol": 1e-12})
            assert abs(best.x - s2v) < 1e-6 * max(s2v, 1e-3), (best.x, s2v)
        return s2v

    def result(self, method, x_all=None, direct_all=None):
        """Every output field for the fitted s2v (x_all / direct_all: all areas, NaN = out of
        sample)."""
        s2v = self.estimate(method)
        v, vi, q, beta = self.gls(s2v)
        m = self.m
        w1, w2 = (1 / v).sum(), (1 / v ** 2).sum()
        var = {"reml": 2 / w2, "ml": 2 / w2, "fh": 2 * m / w1 ** 2,
               "pr": 2 * (v ** 2).sum() / m ** 2}[method]
        bias = {"ml": -np.trace(q @ self.x.T @ np.diag(1 / v ** 2) @ self.x) / w2,
                "fh": 2 * (m * w2 - w1 ** 2) / w1 ** 3}.get(method, 0.0)
        if x_all is None:
            x_all, direct_all = self.x, self.y
        psi_all = np.full(len(direct_all), np.nan)
        psi_all[~np.isnan(direct_all)] = self.psi
        out = {k: [] for k in ("estimate", "mse", "gamma", "synthetic", "g1", "g2", "g3",
                               "status")}
        for xi, yi, ps in zip(x_all, direct_all, psi_all):
            syn = xi @ beta
            h = xi @ q @ xi
            out["synthetic"].append(syn)
            if np.isnan(yi):
                out["estimate"].append(syn)
                out["mse"].append(h + s2v)
                for k in ("gamma", "g1", "g2", "g3"):
                    out[k].append(math.nan)
                out["status"].append("no_data")
                continue
            vv = s2v + ps
            g, bb = s2v / vv, ps / vv
            g1, g2, g3 = g * ps, bb * bb * h, bb * bb * var / vv
            out["estimate"].append(g * yi + (1 - g) * syn)
            out["mse"].append(g1 + g2 + 2 * g3 - bias * bb * bb)
            out["gamma"].append(g)
            out["g1"].append(g1)
            out["g2"].append(g2)
            out["g3"].append(g3)
            out["status"].append("ok")
        exp = {k: (v_ if k == "status" else arr(v_)) for k, v_ in out.items()}
        exp.update(variance_component=num(s2v), variance_component_se=num(math.sqrt(var)),
                   beta=arr(beta), beta_se=arr(np.sqrt(np.diag(q))),
                   log_likelihood=num(self.loglik(s2v, False)),
                   restricted_log_likelihood=num(self.loglik(s2v, True)),
                   flags=["boundary_estimate"] if s2v == 0 else [], n_used=int(m),
                   n_empty=int(np.isnan(direct_all).sum()))
        return exp


def samplics_reml(y, psi, z):
    m = len(y)
    mod = EblupAreaModel(method=FitMethod.reml)
    mod.fit(yhat=y, X=z, area=np.arange(m), error_std=np.sqrt(psi), intercept=True, tol=1e-10,
            maxiter=200)
    mod.predict(X=z, area=np.arange(m), intercept=True)
    assert bool(mod.convergence["achieved"])
    est = np.array([mod.area_est[i] for i in range(m)])
    mse = np.array([mod.area_mse[i] for i in range(m)])
    return float(mod.re_std ** 2), np.asarray(mod.fixed_effects, float), est, mse


def fh_cases():
    src = METHODS.format(sec="3.6")
    df, y, psi, z = milk()
    model = FH(y, psi, z)
    milk_src = ("milk data of R sae (43 areas, Arora & Lahiri 1997; samplics' expenditure_on_milk"
                ".csv, copied to data/): direct = direct_est, variance = std_error^2, covariates = "
                "indicators of major_area 2, 3, 4 (intercept added)")
    base = dict(direct=y, variance=psi, covariates=z)
    # --- printed values
    res = {meth: model.result(meth) for meth in ("reml", "ml", "fh", "pr")}
    printed = {"reml": "0.0185503", "ml": "0.0155175", "fh": "0.0164203", "pr": "0.0125846"}
    for meth, s in printed.items():
        v = res[meth]["variance_component"]
        assert abs(v - float(s)) <= half_unit(s), (meth, v, s)
        add(f"methods_milk_{meth}_variance_component_printed", "fay_herriot",
            params={"method": meth}, expected={"variance_component": float(s)},
            tolerance={"abs": half_unit(s)}, source=src + "; " + milk_src, **base)
    beta = ["0.96819", "0.13278", "0.22695", "-0.24130"]
    r = res["reml"]
    for i, s in enumerate(beta):
        assert abs(r["beta"][i] - float(s)) <= half_unit(s)
    areas = {0: ("0.4111", "1.02197", "0.013460"), 3: ("0.6096", "0.76082", "0.008542")}
    for i, (g, e, mse) in areas.items():
        assert abs(r["gamma"][i] - float(g)) <= half_unit(g)
        assert abs(r["estimate"][i] - float(e)) <= half_unit(e)
        assert abs(r["mse"][i] - float(mse)) <= half_unit(mse)
    add("methods_milk_reml_areas_1_and_4_printed", "fay_herriot", params={"method": "reml"},
        expected={"beta": [float(s) for s in beta],
                  "gamma": {str(i): float(v[0]) for i, v in areas.items()},
                  "estimate": {str(i): float(v[1]) for i, v in areas.items()},
                  "mse": {str(i): float(v[2]) for i, v in areas.items()}},
        tolerance={"abs": 5e-6}, field_tolerance={"gamma": {"abs": 5e-5}, "mse": {"abs": 5e-7}},
        source=src + " (beta; gamma, EBLUP and MSE of areas 1 and 4); " + milk_src, **base)
    # --- samplics REML (peer)
    s2v, fe, est, mse = samplics_reml(y, psi, z)
    assert abs(s2v / r["variance_component"] - 1) < 1e-10
    assert np.allclose(est, r["estimate"], rtol=1e-10) and np.allclose(mse, r["mse"], rtol=1e-9)
    add("samplics_milk_reml", "fay_herriot", params={"method": "reml"},
        expected={"variance_component": s2v, "beta": arr(fe), "estimate": arr(est),
                  "mse": arr(mse)},
        tolerance={"rel": 1e-9}, source=SAMPLICS + "; " + milk_src, **base)
    # --- independent numpy values for every method
    for meth in ("reml", "ml", "fh", "pr"):
        add(f"milk_{meth}_numpy", "fay_herriot", params={"method": meth}, expected=res[meth],
            tolerance={"rel": 1e-9, "abs": 1e-14},
            source=NUMPY + "; s2v: " + {"reml": "root of the REML score (dense P) by brentq, "
                                        "checked by bounded maximisation of the restricted "
                                        "log-likelihood",
                                        "ml": "root of the ML score by brentq, checked by bounded "
                                        "maximisation of the log-likelihood",
                                        "fh": "root of sum r^2/(s2v+psi) = m - p by brentq",
                                        "pr": "Prasad-Rao closed form"}[meth]
            + "; MSE g1 + g2 + 2 g3 (- b B^2 for ML / FH) as in methods.md 3.6; " + milk_src,
            **base)
    # same model without intercept: indicators of all four major areas
    z4 = np.column_stack([(df["major_area"] == g).astype(float) for g in (1, 2, 3, 4)])
    m4 = FH(y, psi, z4, intercept=False)
    r4 = m4.result("reml")
    assert abs(r4["variance_component"] / r["variance_component"] - 1) < 1e-10
    add("milk_reml_no_intercept_numpy", "fay_herriot", params={"method": "reml",
                                                                "intercept": False},
        direct=y, variance=psi, covariates=z4, expected=r4, tolerance={"rel": 1e-9, "abs": 1e-14},
        source=NUMPY + "; the milk model written with four area indicators and no intercept "
        "(same fit, different beta)")
    # --- out of sample: areas 3, 20, 40 without direct estimate
    y_oos = y.copy()
    y_oos[[2, 19, 39]] = np.nan
    keep = ~np.isnan(y_oos)
    mo = FH(y_oos[keep], psi[keep], z[keep])
    x_all = np.column_stack([np.ones(43), z])
    ro = mo.result("reml", x_all=x_all, direct_all=y_oos)
    psi_oos = psi.copy()
    psi_oos[19] = np.nan  # not used for an out-of-sample area
    add("milk_reml_out_of_sample_numpy", "fay_herriot", params={"method": "reml"},
        direct=y_oos, variance=psi_oos, covariates=z, expected=ro,
        tolerance={"rel": 1e-9, "abs": 1e-14},
        source=NUMPY + "; milk with the direct estimates of areas 3, 20 and 40 removed (NaN): "
        "REML on 40 areas; out-of-sample areas get x'beta with MSE x'(X'V^-1X)^-1x + s2v")
    # --- synthetic 400 areas: samplics REML and numpy
    rng = np.random.default_rng(20250903)
    k = 400
    zz = np.column_stack([rng.normal(size=k), rng.uniform(0, 1, size=k)])
    psi4 = rng.uniform(0.002, 0.02, size=k)
    y4 = 0.3 + 0.05 * zz[:, 0] + 0.2 * zz[:, 1] + rng.normal(0, 0.07, k) + rng.normal(0, np.sqrt(psi4))
    m400 = FH(y4, psi4, zz)
    r400 = m400.result("reml")
    s2v, fe, est, mse = samplics_reml(y4, psi4, zz)
    assert abs(s2v / r400["variance_component"] - 1) < 1e-9
    syn = ("synthetic 400 areas (numpy PCG64 seed 20250903: covariates N(0,1) and U(0,1), psi "
           "U(0.002, 0.02), y = 0.3 + 0.05 z1 + 0.2 z2 + N(0, 0.07^2) + N(0, psi))")
    add("samplics_synthetic_400_reml", "fay_herriot", params={"method": "reml"}, direct=y4,
        variance=psi4, covariates=zz,
        expected={"variance_component": s2v, "beta": arr(fe), "estimate": arr(est),
                  "mse": arr(mse)},
        tolerance={"rel": 1e-9}, source=SAMPLICS + "; " + syn)
    for meth in ("ml", "fh", "pr"):
        add(f"synthetic_400_{meth}_numpy", "fay_herriot", params={"method": meth}, direct=y4,
            variance=psi4, covariates=zz, expected=m400.result(meth),
            tolerance={"rel": 1e-9, "abs": 1e-14}, source=NUMPY + "; " + syn)
    # --- boundary: s2v = 0
    rng = np.random.default_rng(20250904)
    kb = 25
    zb = rng.normal(size=(kb, 1))
    psib = rng.uniform(0.5, 1.5, size=kb)
    yb = 1.0 + 0.4 * zb[:, 0] + rng.normal(0, 0.3, kb)  # noise far below sqrt(psi)
    mb = FH(yb, psib, zb)
    for meth in ("reml", "ml", "fh", "pr"):
        rb = mb.result(meth)
        assert rb["variance_component"] == 0.0 and rb["flags"] == ["boundary_estimate"]
        assert all(g == 0.0 for g in rb["gamma"])
        add(f"boundary_{meth}_numpy", "fay_herriot", params={"method": meth}, direct=yb,
            variance=psib, covariates=zb, expected=rb, tolerance={"rel": 1e-9, "abs": 1e-14},
            source=NUMPY + "; 25 areas (numpy PCG64 seed 20250904) whose residual spread is far "
            "below the sampling variances: the score at s2v = 0 is negative, so s2v = 0 "
            "(flag boundary_estimate) and every EBLUP is the synthetic x'beta (methods.md 3.6)")
    # --- errors
    err = "[hand] methods.md 3.6 / issue 4 'Bad input': a typed error naming the area or column"
    small = dict(direct=[1.0, 2.0, 1.5, 3.0], variance=[0.1, 0.2, 0.1, 0.3],
                 covariates=[[1.0], [2.0], [1.2], [3.1]])
    add("err_fay_herriot_m_not_above_p", "fay_herriot", direct=[1.0, 2.0], variance=[0.1, 0.2],
        covariates=[[1.0], [2.0]], expected_error="InvalidParameter",
        source=err + " (m = 2 <= p = 2: not estimable)")
    add("err_fay_herriot_zero_variance", "fay_herriot", direct=small["direct"],
        variance=[0.1, 0.0, 0.1, 0.3], covariates=small["covariates"],
        expected_error="NegativeValue", source=err + " (psi_2 = 0)")
    add("err_fay_herriot_negative_variance", "fay_herriot", direct=small["direct"],
        variance=[0.1, 0.2, -0.1, 0.3], covariates=small["covariates"],
        expected_error="NegativeValue", source=err)
    add("err_fay_herriot_rank_deficient", "fay_herriot", direct=small["direct"] + [2.0],
        variance=small["variance"] + [0.2],
        covariates=[[1.0, 2.0], [2.0, 4.0], [1.2, 2.4], [3.1, 6.2], [0.5, 1.0]],
        expected_error="InvalidParameter", source=err + " (column 1 = 2 x column 0)")
    add("err_fay_herriot_constant_covariate", "fay_herriot", direct=small["direct"] + [2.0],
        variance=small["variance"] + [0.2],
        covariates=[[1.0, 5.0], [2.0, 5.0], [1.2, 5.0], [3.1, 5.0], [0.5, 5.0]],
        expected_error="InvalidParameter", source=err + " (column 1 repeats the intercept)")
    add("err_fay_herriot_nan_covariate", "fay_herriot", direct=small["direct"],
        variance=small["variance"], covariates=[[1.0], ["nan"], [1.2], [3.1]],
        expected_error="MissingValue", source=err)
    add("err_fay_herriot_nan_variance", "fay_herriot", direct=small["direct"],
        variance=[0.1, "nan", 0.1, 0.3], covariates=small["covariates"],
        expected_error="MissingValue", source=err + " (an area with a direct estimate needs psi)")
    add("err_fay_herriot_inf_direct", "fay_herriot", direct=[1.0, "inf", 1.5, 3.0],
        variance=small["variance"], covariates=small["covariates"], expected_error="NonFinite",
        source=err)
    add("err_fay_herriot_shape", "fay_herriot", direct=small["direct"], variance=[0.1, 0.2, 0.1],
        covariates=small["covariates"], expected_error="ShapeMismatch", source=err)
    add("err_fay_herriot_empty", "fay_herriot", direct=[], variance=[], covariates=None,
        expected_error="EmptyInput", source=err)
    add("err_fay_herriot_method", "fay_herriot", params={"method": "REML"}, **small,
        expected_error="InvalidParameter", source=err + " (method names are lower case)")
    add("err_fay_herriot_no_fixed_effects", "fay_herriot", params={"intercept": False},
        direct=small["direct"], variance=small["variance"], covariates=None,
        expected_error="InvalidParameter", source=err)
    add("err_fay_herriot_no_convergence", "fay_herriot", params={"method": "reml", "max_iter": 1},
        expected_error="DidNotConverge", source=err + " (one Fisher-scoring step from median(psi) "
        "does not reach the relative change 1e-10: an error, never a silent value)", **base)


def validate(doc):
    kinds = {"MissingValue", "EmptyInput", "ShapeMismatch", "NonFinite", "InvalidCount",
             "InvalidParameter", "Undefined", "NegativeValue", "DidNotConverge"}
    ids = [c["id"] for c in doc["cases"]]
    assert len(ids) == len(set(ids))
    for c in doc["cases"]:
        assert c["function"] in ("marshall_eb", "beta_binomial_eb", "fay_herriot"), c["id"]
        assert ("expected" in c) != ("expected_error" in c), c["id"]
        assert set(c["params"]) <= {"nan_policy", "method", "level", "intercept", "tolerance",
                                    "max_iter"}, c["id"]
        if "expected_error" in c:
            assert c["expected_error"] in kinds
        if c["function"] == "fay_herriot":
            assert c["events"] is None and c["direct"] is not None, c["id"]
        else:
            assert c["direct"] is None and c["events"] is not None, c["id"]


def _dump(v, compact=False):
    sep = (",", ":") if compact else (", ", ": ")
    return json.dumps(v, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=sep)


def render(cases):
    """One key per line inside each case (keys sorted); arrays and objects on one line."""
    lines = ["{", '  "cases": [']
    for i, c in enumerate(cases):
        lines.append("    {")
        keys = sorted(c)
        for j, k in enumerate(keys):
            comma = "," if j + 1 < len(keys) else ""
            lines.append(f"      {json.dumps(k)}: {_dump(c[k], compact=True)}{comma}")
        lines.append("    }" + ("," if i + 1 < len(cases) else ""))
    lines += ["  ],", '  "family": "smallarea",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


def main():
    MILK_FILE.parent.mkdir(exist_ok=True)
    shutil.copyfile(MILK_SRC, MILK_FILE)
    eb_cases()
    fh_cases()
    doc = {"schema": 1, "family": "smallarea", "cases": CASES}
    validate(doc)
    text = render(CASES)
    assert json.loads(text) == json.loads(json.dumps(doc))
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
