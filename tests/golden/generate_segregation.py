#!/usr/bin/env python3
"""Build tests/golden/segregation.json: reference cases for bildung.segregation from OUTSIDE bildung.

Kinds of expected values (see README.md beside this file, section "Segregation"):

* [published]  values printed in PySAL `segregation`'s own test files (Sacramento tract data, the
               data set PySAL tests itself on) and in R `segregation`'s (Elbers) test files;
               tolerance = printed precision (17 significant digits: relative 1e-10, as a peer).
* [computed]   the worked example of methods.md 2.8 (computed and double-checked by the reference
               author); tolerance = printed precision.
* [peer]       values computed here by PySAL `segregation` on the same inputs: the 2.8 example
               tables, a random table of 50 areas (fixed seed, counts stored), the Sacramento
               tracts, the Hamburg Stadtteilprofile 2014 and the NRW Schulsozialindex 2025.
               The M/H decomposition is assembled from PySAL's M (MultiDivergence) of the parts,
               the normalised Simpson interaction from PySAL's SimpsonsInteraction.
* [computed: scipy exact summation] the exact fixed-margin (hypergeometric) and binomial
               expectations, Carrington-Troske, Winship and the analytic bootstrap expectation,
               summed over the scipy.stats pmfs; [computed: numpy direct formula] for the measures
               PySAL 2.5.4 does not have (Hutchens, Fossett S_u, local mutual information) and for
               the exact density correction (PySAL's optimiser is only accurate to ~1e-5 and fails
               for large theta, see the Sacramento case).
* [hand]       small cases worked out by hand (`derivation`), and the edge/error cases fixed by
               methods.md 0 and 2.1.

Every expected value is also checked here against an independent high-precision route (exact
rationals with `fractions.Fraction`, `decimal` with 60 digits, pmfs by exact recurrences in
`decimal`, de Moivre's closed form for the binomial mean absolute deviation); the script stops if a
check fails, so the JSON never holds a value that the independent route contradicts. Tolerances:
relative 1e-12 for the exact routes, relative 1e-10 for PySAL values unless PySAL is measurably
less exact (then widened to 10x its error, rounded up to a power of ten, and said so in `source`).

Never uses bildung's own output. Run (from the repository root), in a venv made from
benches/python/requirements.txt (which pins `segregation` 2.5.4, the newest release pip offers for
Python 3.11; 2.6, with `rankorder` and `HutchensSqrt`, is not offered there):

    python3.11 -m venv /tmp/segpeers && /tmp/segpeers/bin/pip install -r benches/python/requirements.txt
    SEGREGATION_26=... /tmp/segpeers/bin/python tests/golden/generate_segregation.py

(SEGREGATION_26: a path holding PySAL segregation 2.6 and statsmodels for the rank-order cases,
run in a subprocess; see the comment above RANK_ORDER_PEER.)

Reads the shared data sets (`../shared/data/`, or $BILDUNG_SHARED/data) and writes the three data
files in tests/golden/data/ that the larger cases reference through `counts_file`. Output is
deterministic: fixed seeds, stored inputs, sorted keys, cases in script order, PySAL's numba code
on one thread.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import time
import warnings
from collections import defaultdict
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

os.environ["NUMBA_NUM_THREADS"] = "1"  # PySAL Gini: numba prange + fastmath; one thread = one order
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
from scipy import optimize, special, stats  # noqa: E402

warnings.filterwarnings("ignore")  # PySAL warns about NaN input, CRS, numba; none matter here

import segregation  # noqa: E402
from segregation.local import (  # noqa: E402
    MultiLocalDiversity,
    MultiLocalEntropy,
    MultiLocalSimpsonConcentration,
    MultiLocalSimpsonInteraction,
    MultiLocationQuotient,
)
from segregation.multigroup import (  # noqa: E402
    MultiDissim,
    MultiDivergence,
    MultiDiversity,
    MultiGini,
    MultiInfoTheory,
    MultiNormExposure,
    MultiRelativeDiversity,
    MultiSquaredCoefVar,
    SimpsonsConcentration,
    SimpsonsInteraction,
)
from segregation.singlegroup import (  # noqa: E402
    ConProf,
    CorrelationR,
    DensityCorrectedDissim,
    Dissim,
    Entropy,
    Gini,
    Interaction,
    Isolation,
    MinMax,
)
from segregation.singlegroup.atkinson import _atkinson  # noqa: E402
from segregation.singlegroup.conprof import _conprof  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "segregation.json"
DATA_OUT = HERE / "data"
SHARED = Path(os.environ.get("BILDUNG_SHARED", HERE.parents[2] / "shared")) / "data"

getcontext().prec = 60

V_SEG = segregation.__version__
PYSAL = f"PySAL segregation {V_SEG}"
METHODS = "methods.md 2.8 [computed by the reference author, double-checked]"
SCIPY_EXACT = f"[computed: scipy exact summation] (scipy {scipy.__version__} stats pmfs)"
NUMPY_DIRECT = f"[computed: numpy direct formula] (numpy {np.__version__})"

# tolerances
EXACT = {"rel": 1e-12}
EXACT0 = {"rel": 1e-12, "abs": 1e-15}  # values that may be exactly 0
PEER_FLOOR = 1e-10

# --------------------------------------------------------------------------------------------
# inputs

# methods.md 2.8: two groups and three groups over 5 Ortsteile; districts {1,2} and {3,4,5}
EX_X = [12, 30, 5, 40, 13]
EX_T = [60, 80, 50, 90, 70]
EX_M = [[12, 30, 18], [30, 35, 15], [5, 40, 5], [40, 30, 20], [13, 37, 20]]
EX_DIST = [1, 1, 2, 2, 2]
CITY_B_X = [20, 18, 25, 22, 15, 20]
CITY_B_T = [70, 60, 75, 80, 55, 60]

# R segregation (Elbers) tests/testthat/test_dissimilarity.R: matrix(c(...), ncol = 2), units in rows
R_M = {
    "m0": [[100, 100], [100, 100], [100, 100]],
    "m1": [[100, 0], [60, 40], [40, 60], [0, 100]],
    "m2": [[80, 20], [80, 20], [20, 80], [20, 80]],
    "m3": [[100, 0], [100, 0], [0, 100], [0, 100]],
}
R_DIS_SRC = ("R segregation (Elbers) tests/testthat/test_dissimilarity.R: dissimilarity(matrix_to_long("
             "matrix(c({v}), ncol = 2)), 'group', 'unit', weight = 'n') equals {d} [published]")


def _random_table():
    """50 areas (Ortsteile with 8-239 pupils), 4 groups: numpy PCG64 seed 20250611, area sizes
    uniform integers, compositions Dirichlet(8 * (0.45, 0.30, 0.15, 0.10)), counts multinomial.
    Stored in the JSON, so the cases do not depend on numpy's streams."""
    rng = np.random.default_rng(20250611)
    sizes = rng.integers(8, 240, size=50)
    base = np.array([0.45, 0.30, 0.15, 0.10])
    rows = []
    for n in sizes:
        p = rng.dirichlet(8.0 * base)
        rows.append([int(v) for v in rng.multinomial(int(n), p)])
    return rows


RAND_M = _random_table()
RAND_X = [r[1] for r in RAND_M]  # group 2 as the focal group
RAND_T = [sum(r) for r in RAND_M]
assert all(t > 0 for t in RAND_T) and all(sum(c) > 0 for c in zip(*RAND_M))


def load_sacramento():
    path = SHARED / "sacramento-tracts-2000" / "sacramento_tracts_2000.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 403
    cols = ["WHITE_", "BLACK_", "ASIAN_", "HISP_", "TOT_POP"]
    return [r["FIPS"] for r in rows], [[int(r[c]) for c in cols] for r in rows]


SAC_FIPS, SAC_ROWS = load_sacramento()
SAC_GROUPS = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
SAC_M = [r[:4] for r in SAC_ROWS]
SAC_X = [r[3] for r in SAC_ROWS]  # HISP_
SAC_T = [r[4] for r in SAC_ROWS]  # TOT_POP
SAC_FILE = "data/sacramento_tracts_2000_race.csv"
SAC_CF = {"path": SAC_FILE, "columns": SAC_GROUPS}
SAC_XT = {"path": SAC_FILE, "columns": ["HISP_", "TOT_POP"]}  # two-group: x, t
SAC_SRC = ("Sacramento MSA census tracts 2000 (shared/data/sacramento-tracts-2000, the data PySAL "
           "tests itself on as 'Sacramento1'; U.S. Census Bureau, Census 2000 SF3; compiled by the "
           "GeoDa Center)")


def load_hamburg():
    """Sek-I pupils in Gymnasium / Stadtteilschule per Stadtteil, 2013/14: counts = round(pupils x
    share / 100) (Python round, half to even); 'other' = pupils - both (special schools etc.).
    Bezirk of each Stadtteil from the row order (the consecutive Stadtteile sum exactly to each
    Bezirk row's Sek-I pupils, checked below)."""
    path = SHARED / "hamburg-stadtteilprofile-2014" / "stadtteilprofile_2014_tidy.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    st = [r for r in rows if r["level"] == "stadtteil"]
    bz = [r for r in rows if r["level"] == "bezirk"]
    assert len(st) == 99 and len(bz) == 7
    pup = "pupils_secondary_I_2013_14"
    gym, sts, oth, dist = [], [], [], []
    for r in st:
        n = int(float(r[pup]))
        g = round(n * float(r["pupils_secondary_I_gymnasium_pct_2013_14"]) / 100)
        s = round(n * float(r["pupils_secondary_I_stadtteilschule_pct_2013_14"]) / 100)
        assert 0 <= g + s <= n, r["area_name"]
        gym.append(g)
        sts.append(s)
        oth.append(n - g - s)
    i = 0
    for code, b in enumerate(bz, start=1):
        target, s = int(float(b[pup])), 0
        while s < target:
            s += int(float(st[i][pup]))
            dist.append(code)
            i += 1
        assert s == target, b["area_name"]
    assert i == 99
    return [r["area_name"] for r in st], gym, sts, oth, dist


HH_NAMES, HH_GYM, HH_STS, HH_OTH, HH_BEZIRK = load_hamburg()
HH_X = HH_GYM
HH_T = [g + s for g, s in zip(HH_GYM, HH_STS)]
HH_M = [[g, s, o] for g, s, o in zip(HH_GYM, HH_STS, HH_OTH)]
HH_FILE = "data/hamburg_stadtteile_sek1_2014.csv"
HH_CF = {"path": HH_FILE, "columns": ["gymnasium", "stadtteilschule", "other"]}
HH_CF2 = {"path": HH_FILE, "columns": ["gymnasium", "stadtteilschule"]}
HH_XT = {"path": HH_FILE, "columns": ["gymnasium", "gymnasium_or_stadtteilschule"]}
HH_SRC = ("Hamburg Stadtteilprofile 2014 (shared/data/hamburg-stadtteilprofile-2014; Quelle: "
          "Statistikamt Nord), 99 Stadtteile, Sek-I pupils 2013/14, counts = round(pupils x share "
          f"/ 100) (tests/golden/{HH_FILE})")


def load_nrw():
    """Primary-school pupils (Grundschulen with a Sozialindex) per Gemeinde (AGS) and index stage
    1..9, school year 2024/25 pupils (rounded to 5 by IT.NRW), stage 2025/26. Sorted by AGS."""
    path = SHARED / "nrw-schulsozialindex-2025" / "AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5407
    tab = defaultdict(lambda: [0] * 9)
    for r in rows:
        if r["Schulform"] == "Grundschule" and r["Sozialindex"]:
            tab[r["Amtlicher Gemeindeschlüssel"]][int(r["Sozialindex"]) - 1] += int(r["Anzahl"])
    ags = sorted(tab)
    return ags, [tab[a] for a in ags]


NRW_AGS, NRW_M = load_nrw()
NRW_KREIS = [int(a[:5]) for a in NRW_AGS]
NRW_X = [r[6] + r[7] + r[8] for r in NRW_M]  # pupils in schools of stage >= 7
NRW_T = [sum(r) for r in NRW_M]
NRW_FILE = "data/nrw_grundschulen_sozialindex_gemeinden_2025.csv"
NRW_COLS = [f"stage_{k}" for k in range(1, 10)]
NRW_CF = {"path": NRW_FILE, "columns": NRW_COLS}
NRW_XT = {"path": NRW_FILE, "columns": ["stage_7_to_9", "total"]}  # two-group: x, t
NRW_SRC = ("NRW Schulsozialindex (shared/data/nrw-schulsozialindex-2025: IT.NRW Schulverzeichnis "
           "2024/25 with the MSB Sozialindexstufe 2025/26; dl-de/by-2-0), Grundschulen with an "
           f"index aggregated to {len(NRW_AGS)} Gemeinden (tests/golden/{NRW_FILE})")


def write_data_files():
    DATA_OUT.mkdir(exist_ok=True)
    with open(HERE / HH_FILE, "w", newline="", encoding="utf-8") as fh:
        fh.write("stadtteil,bezirk,gymnasium,stadtteilschule,other,gymnasium_or_stadtteilschule\n")
        for i, (b, g, s, o) in enumerate(zip(HH_BEZIRK, HH_GYM, HH_STS, HH_OTH), start=1):
            fh.write(f"{i},{b},{g},{s},{o},{g + s}\n")
    with open(HERE / SAC_FILE, "w", newline="", encoding="utf-8") as fh:
        fh.write("FIPS," + ",".join(SAC_GROUPS) + ",TOT_POP\n")
        for f, r in zip(SAC_FIPS, SAC_ROWS):
            fh.write(f + "," + ",".join(str(v) for v in r) + "\n")
    with open(HERE / NRW_FILE, "w", newline="", encoding="utf-8") as fh:
        fh.write("ags,kreis," + ",".join(NRW_COLS) + ",stage_7_to_9,total\n")
        for a, r, xv, tv in zip(NRW_AGS, NRW_M, NRW_X, NRW_T):
            fh.write(f"{a},{a[:5]}," + ",".join(str(v) for v in r) + f",{xv},{tv}\n")


def read_counts_file(cf):
    with open(HERE / cf["path"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [[int(r[c]) for c in cf["columns"]] for r in rows]


# --------------------------------------------------------------------------------------------
# independent high-precision routes (exact rationals; decimal with 60 digits)


def _fr(v):
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    return Fraction(float(v))


def _dec(v):
    if isinstance(v, Decimal):
        return v
    if isinstance(v, Fraction):
        return Decimal(v.numerator) / Decimal(v.denominator)
    if isinstance(v, int):
        return Decimal(v)
    return Decimal(float(v))


def _isnan(v):
    return isinstance(v, str) or (isinstance(v, float) and math.isnan(v))


def tg(x, t, min_total=1):
    """Two-group counts of the areas with t_i >= min_total, as Fractions: (x, t, X, T)."""
    xs, ts = [], []
    for a, b in zip(x, t):
        if _isnan(a) or _isnan(b):
            continue
        if _fr(b) >= min_total:
            xs.append(_fr(a))
            ts.append(_fr(b))
    return xs, ts, sum(xs), sum(ts)


def hp_dissim(x, t):
    xs, ts, X, T = tg(x, t)
    Y = T - X
    return sum(abs(a / X - (b - a) / Y) for a, b in zip(xs, ts)) / 2


def hp_gini_seg(x, t):
    """sum_i sum_l t_i t_l |p_i - p_l| / (2 T^2 P (1-P)) via sorted prefix sums, exactly."""
    xs, ts, X, T = tg(x, t)
    P = X / T
    pts = sorted((a / b, b) for a, b in zip(xs, ts))
    cw = cwp = Fraction(0)
    acc = Fraction(0)
    for p, w in pts:
        acc += w * (p * cw - cwp)
        cw += w
        cwp += w * p
    return 2 * acc / (2 * T * T * P * (1 - P))


def _bent(p):
    """Binary entropy, natural log, 0 ln 0 := 0 (Decimal)."""
    p = _dec(p)
    r = Decimal(0)
    if p > 0:
        r -= p * p.ln()
    if p < 1:
        r -= (1 - p) * (1 - p).ln()
    return r


def hp_entropy(x, t):
    xs, ts, X, T = tg(x, t)
    E = _bent(X / T)
    return sum(_dec(b) * (E - _bent(a / b)) for a, b in zip(xs, ts)) / (E * _dec(T))


def hp_isolation(x, t):
    xs, ts, X, T = tg(x, t)
    return sum((a / X) * (a / b) for a, b in zip(xs, ts))


def hp_exposure(x, t):
    xs, ts, X, T = tg(x, t)
    return sum((a / X) * ((b - a) / b) for a, b in zip(xs, ts))


def hp_eta2(x, t):
    xs, ts, X, T = tg(x, t)
    P = X / T
    return (hp_isolation(x, t) - P) / (1 - P)


def hp_atkinson(x, t, b):
    xs, ts, X, T = tg(x, t)
    P = _dec(X / T)
    bb = Decimal(str(b))
    s = Decimal(0)
    for a, w in zip(xs, ts):
        p = _dec(a / w)
        if 0 < p < 1:
            s += (1 - p) ** (1 - bb) * p ** bb * _dec(w)
    s /= P * _dec(T)
    return 1 - P / (1 - P) * abs(s) ** (1 / (1 - bb))


def hp_hutchens(x, t):
    xs, ts, X, T = tg(x, t)
    Y = T - X
    return 1 - sum(_dec((a / X) * ((b - a) / Y)).sqrt() for a, b in zip(xs, ts))


def hp_minmax(x, t):
    xs, ts, X, T = tg(x, t)
    Y = T - X
    u = [(a / X, (b - a) / Y) for a, b in zip(xs, ts)]
    return 1 - sum(min(p, q) for p, q in u) / sum(max(p, q) for p, q in u)


def hp_conprof(x, t, m):
    """R = (P - (sum_{g_k < P} v(g_k) - sum_{g_k >= P} v(g_k)) / m) / (1 - P), g_k = k/(m-1),
    v(g) = sum_{i: p_i >= g} x_i / X; every comparison exact."""
    xs, ts, X, T = tg(x, t)
    P = X / T
    below = above = Fraction(0)
    for k in range(m):
        g = Fraction(k, m - 1)
        v = sum((a for a, b in zip(xs, ts) if a / b >= g), Fraction(0)) / X
        if g < P:
            below += v
        else:
            above += v
    return (P - (below - above) / m) / (1 - P)


def _theta_star_dec(a):
    """argmax_{th >= 0} phi(a - th) + phi(a + th): 0 for a <= 1, else the root of
    th = a tanh(a th) in (0, a] (bisection in 60-digit decimal)."""
    if a <= 1:
        return Decimal(0)

    def f(th):  # th - a tanh(a th), with tanh(u) = 1 - 2/(exp(2u) + 1) (no overflow to 1)
        return th - a + 2 * a / ((2 * a * th).exp() + 1)

    lo, hi = a * Decimal("1e-20"), a
    assert f(lo) < 0 < f(hi)
    for _ in range(220):
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def hp_density_corrected(x, t):
    xs, ts, X, T = tg(x, t)
    Y = T - X
    tot = Decimal(0)
    for a, b in zip(xs, ts):
        p0, p1 = a / X, (b - a) / Y
        sig = _dec(p1 * (1 - p1) / Y + p0 * (1 - p0) / X).sqrt()
        th = _dec(abs(p1 - p0)) / sig
        tot += sig * _theta_star_dec(th)
    return tot / 2


def hp_self_excluded(x, t):
    xs, ts, X, T = tg(x, t, min_total=2)
    Y = T - X
    s1 = sum(a * (a - 1) / (b - 1) for a, b in zip(xs, ts)) / X
    s2 = sum((b - a) * a / (b - 1) for a, b in zip(xs, ts)) / Y
    return s1 - s2


def hyp_pmf_dec(T, X, n):
    """Hypergeometric pmf (population T, X successes, n draws) by the ratio recurrence, 60 digits."""
    lo, hi = max(0, n - (T - X)), min(n, X)
    w = [Decimal(1)]
    for k in range(lo, hi):
        w.append(w[-1] * Decimal((X - k) * (n - k)) / Decimal((k + 1) * (T - X - n + k + 1)))
    s = sum(w)
    return [(lo + i, v / s) for i, v in enumerate(w)]


def _memo(f):
    """Cache by the input values (the exact routes are slow and called repeatedly)."""
    cache = {}

    def g(x, t):
        key = (tuple(str(v) for v in x), tuple(str(v) for v in t))
        if key not in cache:
            cache[key] = f(x, t)
        return cache[key]

    g.__name__, g.__doc__ = f.__name__, f.__doc__
    return g


@_memo
def hp_expected(x, t):
    """Exact fixed-margin expectations: D and H summed over 60-digit hypergeometric pmfs,
    eta^2 and xPx in closed form (methods.md 2.6 (1))."""
    xs, ts, X, T = tg(x, t)
    Xi, Ti = int(X), int(T)
    P = X / T
    k = len(xs)
    Pd = _dec(P)
    E = _bent(P)
    ed = eh = Decimal(0)
    for b in ts:
        n = int(b)
        for kk, pm in hyp_pmf_dec(Ti, Xi, n):
            ed += pm * abs(Decimal(kk) - Decimal(n) * Pd)
            eh += pm * Decimal(n) * (E - _bent(Fraction(kk, n)))
    return {
        "correlation_ratio": Fraction(k - 1, Ti - 1),
        "dissimilarity": ed / (2 * _dec(T) * Pd * (1 - Pd)),
        "entropy_index": eh / (E * _dec(T)),
        "isolation": P + (1 - P) * Fraction(k - 1, Ti - 1),
    }


def _ct(i, istar):
    return (i - istar) / (1 - istar) if i >= istar else (i - istar) / istar


def hp_carrington_troske(x, t, index):
    e = hp_expected(x, t)
    obs = {"dissimilarity": hp_dissim, "entropy_index": hp_entropy,
           "correlation_ratio": hp_eta2}[index](x, t)
    return _ct(_dec(obs), _dec(e[index]))


@_memo
def hp_winship(x, t):
    """Exact: de Moivre's mean absolute deviation of Bin(n, P) in closed form (60 digits),
    E|B - nP| = 2 v C(n, v) P^v (1-P)^(n-v+1), v = floor(nP) + 1 (floor in exact rationals)."""
    xs, ts, X, T = tg(x, t)
    P = X / T
    Pd = _dec(P)
    tot = Decimal(0)
    for b in ts:
        n = int(b)
        v = math.floor(n * P) + 1
        if v > n:
            continue  # nP = n: no deviation (P = 1 is excluded anyway)
        tot += 2 * v * Decimal(math.comb(n, v)) * Pd**v * (1 - Pd) ** (n - v + 1)
    exact = tot / (2 * _dec(T) * Pd * (1 - Pd))
    pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494")
    normal = sum(_dec(b).sqrt() for b in ts) / (_dec(T) * (2 * pi * Pd * (1 - Pd)).sqrt())
    return {"exact": exact, "normal_approximation": normal}


def _binom_pmf_dec(n, p):
    """Binomial pmf by the ratio recurrence from the mode, 60 digits (p rational)."""
    if p == 0:
        return [(0, Decimal(1))]
    if p == 1:
        return [(n, Decimal(1))]
    pd_, qd = _dec(p), _dec(1 - p)
    r = pd_ / qd
    w = [Decimal(1)]
    for k in range(n):
        w.append(w[-1] * Decimal(n - k) / Decimal(k + 1) * r)
    s = sum(w)
    return [(k, v / s) for k, v in enumerate(w)]


def hp_bias_corrected_small(x, t):
    """Analytic bootstrap expectation, double sum over 60-digit binomial pmfs (small X, Y only)."""
    xs, ts, X, T = tg(x, t)
    Y = T - X
    Xi, Yi = int(X), int(Y)
    Xd, Yd = Decimal(Xi), Decimal(Yi)
    ed = Decimal(0)
    for a, b in zip(xs, ts):
        u = _binom_pmf_dec(Xi, a / X)
        v = _binom_pmf_dec(Yi, (b - a) / Y)
        for ka, pa in u:
            fa = Decimal(ka) / Xd
            ed += pa * sum(pb * abs(fa - Decimal(kb) / Yd) for kb, pb in v)
    ed /= 2
    d = _dec(hp_dissim(x, t))
    return {"expected_bootstrap": ed, "observed": d, "value": 2 * d - ed}


def _clean_table(counts):
    """Rows with total > 0 and columns with total > 0 (methods.md 2.1), as Fractions; rows with a
    NaN are dropped (callers use this only for omit or for NaN-free tables)."""
    rows = [[_fr(v) for v in r] for r in counts if not any(_isnan(v) for v in r)]
    rows = [r for r in rows if sum(r) > 0]
    keep = [j for j in range(len(rows[0])) if sum(r[j] for r in rows) > 0]
    return [[r[j] for j in keep] for r in rows]


def _parts(counts):
    rows = _clean_table(counts)
    t = [sum(r) for r in rows]
    T = sum(t)
    N = [sum(r[j] for r in rows) for j in range(len(rows[0]))]
    P = [n / T for n in N]
    p = [[v / ti for v in r] for r, ti in zip(rows, t)]
    return rows, t, T, P, p


def hp_multi_dissim(counts):
    rows, t, T, P, p = _parts(counts)
    I = sum(q * (1 - q) for q in P)
    return sum(ti * abs(pij - Pj) for ti, pi in zip(t, p) for pij, Pj in zip(pi, P)) / (2 * T * I)


def hp_multi_gini(counts):
    rows, t, T, P, p = _parts(counts)
    I = sum(q * (1 - q) for q in P)
    acc = Fraction(0)
    for j in range(len(P)):
        pts = sorted((pi[j], ti) for pi, ti in zip(p, t))
        cw = cwp = Fraction(0)
        for q, w in pts:
            acc += w * (q * cw - cwp)
            cw += w
            cwp += w * q
    return 2 * acc / (2 * T * T * I)


def hp_mutual_information(counts):
    rows, t, T, P, p = _parts(counts)
    m = Decimal(0)
    for ti, pi in zip(t, p):
        for pij, Pj in zip(pi, P):
            if pij > 0:
                m += _dec(ti / T) * _dec(pij) * (_dec(pij) / _dec(Pj)).ln()
    return m


def hp_shannon(counts, normalized=False, J=None):
    rows, t, T, P, p = _parts(counts)
    e = -sum(_dec(q) * _dec(q).ln() for q in P)
    if normalized:
        e /= Decimal(J or len(P)).ln()
    return e


def hp_information_theory(counts):
    return hp_mutual_information(counts) / hp_shannon(counts)


def _sq_dev(counts, weight):
    rows, t, T, P, p = _parts(counts)
    return sum(ti * (pij - Pj) ** 2 * weight(Pj, P) for ti, pi in zip(t, p)
               for pij, Pj in zip(pi, P)) / T


def hp_normalized_exposure(counts):
    return _sq_dev(counts, lambda Pj, P: 1 / (1 - Pj))


def hp_relative_diversity(counts):
    return _sq_dev(counts, lambda Pj, P: 1 / sum(q * (1 - q) for q in P))


def hp_sq_cv(counts):
    return _sq_dev(counts, lambda Pj, P: 1 / ((len(P) - 1) * Pj))


def hp_simpson_interaction(counts, normalized=False):
    rows, t, T, P, p = _parts(counts)
    i = sum(q * (1 - q) for q in P)
    return i / (1 - Fraction(1, len(P))) if normalized else i


def hp_simpson_concentration(counts):
    rows, t, T, P, p = _parts(counts)
    return sum(q * q for q in P)


def _local(counts, f):
    """Per input row: f(shares of the row, P) or 'nan' for empty/missing rows."""
    rows_all = [[_fr(v) if not _isnan(v) else None for v in r] for r in counts]
    ok = [r for r in rows_all if None not in r and sum(r) > 0]
    J = len(ok[0])
    N = [sum(r[j] for r in ok) for j in range(J)]
    T = sum(N)
    P = [n / T for n in N]
    out = []
    for r in rows_all:
        if None in r or sum(r) == 0:
            out.append("nan")
        else:
            s = sum(r)
            out.append(f([v / s for v in r], P))
    return out


def hp_location_quotient(counts):
    J = len(counts[0])
    vals = _local(counts, lambda p, P: [a / b for a, b in zip(p, P)])
    return {"values": [["nan"] * J if v == "nan" else v for v in vals]}


def hp_local_entropy(counts, normalized=False):
    J = len(counts[0])

    def f(p, P):
        e = -sum(_dec(a) * _dec(a).ln() for a in p if a > 0)
        return e / Decimal(J).ln() if normalized else e

    return {"values": _local(counts, f)}


def hp_local_simpson_interaction(counts):
    return {"values": _local(counts, lambda p, P: sum(a * (1 - a) for a in p))}


def hp_local_simpson_concentration(counts):
    return {"values": _local(counts, lambda p, P: sum(a * a for a in p))}


def hp_local_mi(counts):
    return {"values": _local(counts, lambda p, P: sum(
        _dec(a) * (_dec(a) / _dec(b)).ln() for a, b in zip(p, P) if a > 0))}


def hp_decomposition(counts, districts):
    keep = [(r, d) for r, d in zip(counts, districts) if d >= 0 and not any(_isnan(v) for v in r)]
    rows = [r for r, _ in keep]
    dist = [d for _, d in keep]
    total_rows = _clean_table(rows)
    T = sum(sum(r) for r in total_rows)
    m_total = hp_mutual_information(rows)
    e = hp_shannon(rows)
    codes = sorted(set(dist))
    J = len(rows[0])
    drows = [[sum(_fr(r[j]) for r, d in zip(rows, dist) if d == c) for j in range(J)] for c in codes]
    m_between = hp_mutual_information(drows)
    m_within = Decimal(0)
    for c, dr in zip(codes, drows):
        sub = [r for r, d in zip(rows, dist) if d == c]
        Ts = sum(dr)
        if Ts == 0:
            continue
        nz = sum(1 for v in dr if v > 0)
        ms = hp_mutual_information(sub) if nz >= 2 else Decimal(0)
        m_within += _dec(Ts / T) * ms
    return {"h_between": m_between / e, "h_total": m_total / e, "h_within": m_within / e,
            "m_between": m_between, "m_total": m_total, "m_within": m_within}


# --------------------------------------------------------------------------------------------
# peer routes: PySAL segregation (and scipy / numpy direct formulas where PySAL has nothing)


def _df2(x, t):
    return pd.DataFrame({"x": np.asarray(x, dtype=float), "t": np.asarray(t, dtype=float)})


P_TWO = {
    "dissimilarity": Dissim,
    "gini_segregation": Gini,
    "entropy_index": Entropy,
    "isolation": Isolation,
    "exposure": Interaction,
    "correlation_ratio": CorrelationR,
    "minmax": MinMax,
    "density_corrected_dissimilarity": DensityCorrectedDissim,
}
P_TWO_NAMES = {
    "dissimilarity": "Dissim", "gini_segregation": "Gini", "entropy_index": "Entropy",
    "isolation": "Isolation", "exposure": "Interaction", "correlation_ratio": "CorrelationR",
    "minmax": "MinMax", "density_corrected_dissimilarity": "DensityCorrectedDissim",
    "atkinson_segregation": "_atkinson(b=...) (the class fixes b = 0.5)",
    "concentration_profile": "_conprof(m=...) (the class ConProf fixes m = 1000)",
}


def p_two(function, x, t, params=None):
    params = params or {}
    df = _df2(x, t)
    if function == "atkinson_segregation":
        df["group_2_pop_var"] = df["t"] - df["x"]
        return float(_atkinson(df, "x", "t", b=float(params["b"]))[0])
    if function == "concentration_profile":
        return float(_conprof(df, "x", "t", m=int(params["points"]))[0])
    return float(P_TWO[function](df, "x", "t").statistic)


def _dfm(counts):
    a = np.asarray(counts, dtype=float)
    cols = [f"g{j}" for j in range(a.shape[1])]
    return pd.DataFrame(a, columns=cols), cols


P_MULTI = {
    "multi_dissimilarity": MultiDissim,
    "multi_gini": MultiGini,
    "mutual_information": MultiDivergence,
    "divergence": MultiDivergence,
    "multi_information_theory": MultiInfoTheory,
    "normalized_exposure": MultiNormExposure,
    "relative_diversity": MultiRelativeDiversity,
    "squared_coefficient_of_variation": MultiSquaredCoefVar,
    "simpson_interaction": SimpsonsInteraction,
    "simpson_concentration": SimpsonsConcentration,
}


def p_multi(function, counts, params=None):
    params = params or {}
    df, cols = _dfm(counts)
    if function == "shannon_diversity":
        return float(MultiDiversity(df, cols, normalized=bool(params.get("normalized"))).statistic)
    return float(P_MULTI[function](df, cols).statistic)


def p_multi_name(function, params=None):
    if function == "shannon_diversity":
        return f"MultiDiversity(normalized={bool((params or {}).get('normalized'))})"
    return P_MULTI[function].__name__


def p_local(function, counts, params=None):
    params = params or {}
    df, cols = _dfm(counts)
    if function == "location_quotient":
        cls = MultiLocationQuotient
    elif function == "local_entropy":
        cls = MultiLocalEntropy if params.get("normalized") else MultiLocalDiversity
    elif function == "local_simpson_interaction":
        cls = MultiLocalSimpsonInteraction
    elif function == "local_simpson_concentration":
        cls = MultiLocalSimpsonConcentration
    else:
        raise KeyError(function)
    s = np.asarray(cls(df, cols).statistics, dtype=float)
    return cls.__name__, s


def np_hutchens(x, t):
    x = np.asarray(x, dtype=float)
    y = np.asarray(t, dtype=float) - x
    return float(1.0 - np.sum(np.sqrt((x / x.sum()) * (y / y.sum()))))


def np_self_excluded(x, t):
    x = np.asarray(x, dtype=float)
    t = np.asarray(t, dtype=float)
    k = t >= 2
    x, t = x[k], t[k]
    y = t - x
    return float(np.sum(x * (x - 1) / (t - 1)) / x.sum() - np.sum(y * x / (t - 1)) / y.sum())


def np_local_mi(counts):
    a = np.asarray(counts, dtype=float)
    t = a.sum(axis=1)
    P = a.sum(axis=0) / a.sum()
    out = []
    for row, ti in zip(a, t):
        if ti == 0:
            out.append("nan")
            continue
        p = row / ti
        m = p > 0
        out.append(float(np.sum(p[m] * np.log(p[m] / P[m]))))
    return out


def _theta_star_float(a):
    if a <= 1.0:
        return 0.0
    return optimize.brentq(lambda th: th - a * math.tanh(a * th), 1e-12 * a, a, xtol=1e-300,
                           rtol=8.9e-16, maxiter=500)


def np_density_corrected(x, t):
    x = np.asarray(x, dtype=float)
    t = np.asarray(t, dtype=float)
    k = t > 0
    x, t = x[k], t[k]
    y = t - x
    X, Y = x.sum(), y.sum()
    p0, p1 = x / X, y / Y
    sig = np.sqrt(p1 * (1 - p1) / Y + p0 * (1 - p0) / X)
    th = np.abs(p1 - p0) / sig
    return float(0.5 * math.fsum(s * _theta_star_float(a) for s, a in zip(sig, th)))


def _ints(x, t):
    xs, ts = [], []
    for a, b in zip(x, t):
        if int(b) > 0:
            xs.append(int(a))
            ts.append(int(b))
    return np.array(xs), np.array(ts)


@_memo
def sp_expected(x, t):
    """Fixed-margin expectations by summation over scipy.stats.hypergeom pmfs (math.fsum)."""
    xs, ts = _ints(x, t)
    X, T = int(xs.sum()), int(ts.sum())
    P = X / T
    E = float(special.entr(P) + special.entr(1 - P))
    d_terms, h_terms, i_terms = [], [], []
    for n in ts:
        n = int(n)
        kk = np.arange(max(0, n - (T - X)), min(n, X) + 1)
        pm = stats.hypergeom.pmf(kk, T, X, n)
        d_terms.append(math.fsum(pm * np.abs(kk - n * P)))
        ei = special.entr(kk / n) + special.entr(1 - kk / n)
        h_terms.append(n * (E - math.fsum(pm * ei)))
        i_terms.append(math.fsum(pm * kk.astype(float) ** 2) / (X * n))
    iso = math.fsum(i_terms)
    return {
        "correlation_ratio": (iso - P) / (1 - P),
        "dissimilarity": math.fsum(d_terms) / (2 * T * P * (1 - P)),
        "entropy_index": math.fsum(h_terms) / (E * T),
        "isolation": iso,
    }


def sp_winship(x, t):
    xs, ts = _ints(x, t)
    X, T = int(xs.sum()), int(ts.sum())
    P = X / T
    terms = []
    for n in ts:
        kk = np.arange(0, int(n) + 1)
        terms.append(math.fsum(stats.binom.pmf(kk, int(n), P) * np.abs(kk - n * P)))
    exact = math.fsum(terms) / (2 * T * P * (1 - P))
    normal = math.fsum(np.sqrt(ts.astype(float))) / (T * math.sqrt(2 * math.pi * P * (1 - P)))
    return {"exact": exact, "normal_approximation": normal}


def _abs_diff_expect(u_k, u_p, v_k, v_p):
    """E|U - V| for independent discrete U (values u_k, probs u_p) and V: full double sum."""
    tot = []
    step = max(1, 4_000_000 // max(1, len(v_k)))
    for s in range(0, len(u_k), step):
        uk, up = u_k[s:s + step], u_p[s:s + step]
        tot.append(float(np.sum(up[:, None] * v_p[None, :] * np.abs(uk[:, None] - v_k[None, :]))))
    return math.fsum(tot)


def _binom_support(n, p):
    kk = np.arange(0, n + 1)
    pm = stats.binom.pmf(kk, n, p)
    m = pm > 0
    return kk[m], pm[m]


def sp_bias_corrected(x, t):
    """E[D*] = 1/2 sum_i E|x*_i/X - y*_i/Y|, x*_i ~ Bin(X, x_i/X), y*_i ~ Bin(Y, y_i/Y)
    independent: a full double sum over the scipy.stats.binom pmfs (terms where scipy's pmf
    underflows to 0, i.e. below ~1e-308, are left out)."""
    xs, ts = _ints(x, t)
    ys = ts - xs
    X, Y = int(xs.sum()), int(ys.sum())
    parts = []
    for a, b in zip(xs, ys):
        uk, up = _binom_support(X, a / X)
        vk, vp = _binom_support(Y, b / Y)
        parts.append(_abs_diff_expect(uk / X, up, vk / Y, vp))
    ed = 0.5 * math.fsum(parts)
    d = 0.5 * math.fsum(np.abs(xs / X - ys / Y))
    return {"expected_bootstrap": ed, "observed": d, "value": 2 * d - ed}


def merge_bias_corrected(x, t):
    """Independent float route for large tables: E|U - V| = E[U] - E[V] + 2 E[(V - U)^+] with
    E[(V - U)^+] = sum_v P(V = v) (v F(v) - G(v)), F, G cumulative sums of U's pmf and of
    u * pmf below v (binary search in the sorted support)."""
    xs, ts = _ints(x, t)
    ys = ts - xs
    X, Y = int(xs.sum()), int(ys.sum())
    parts = []
    for a, b in zip(xs, ys):
        uk, up = _binom_support(X, a / X)
        vk, vp = _binom_support(Y, b / Y)
        u, v = uk / X, vk / Y
        F = np.concatenate([[0.0], np.cumsum(up)])
        G = np.concatenate([[0.0], np.cumsum(up * u)])
        idx = np.searchsorted(u, v, side="left")
        pos = math.fsum(vp * (v * F[idx] - G[idx]))
        parts.append(math.fsum(up * u) - math.fsum(vp * v) + 2 * pos)
    ed = 0.5 * math.fsum(parts)
    d = float(hp_dissim(x, t))
    return {"expected_bootstrap": ed, "observed": d, "value": 2 * d - ed}


def peer_decomposition(counts, districts):
    """M parts from PySAL MultiDivergence (= M): total, district x group table, each district's
    sub-table; H = M / E with E from PySAL MultiDiversity."""
    a = np.asarray(counts, dtype=float)
    d = np.asarray(districts)
    m_total = p_multi("mutual_information", a)
    e = p_multi("shannon_diversity", a)
    codes = sorted(set(d.tolist()))
    drows = np.array([a[d == c].sum(axis=0) for c in codes])
    m_between = p_multi("mutual_information", drows)
    T = a.sum()
    within = []
    for c in codes:
        sub = a[d == c]
        if (sub.sum(axis=0) > 0).sum() >= 2 and sub.shape[0] >= 2:
            within.append(sub.sum() / T * p_multi("mutual_information", sub))
    m_within = math.fsum(within)
    return {"h_between": m_between / e, "h_total": m_total / e, "h_within": m_within / e,
            "m_between": m_between, "m_total": m_total, "m_within": m_within}


# --------------------------------------------------------------------------------------------
# case collection

CASES: list[dict] = []
IDS: set[str] = set()
WORST: dict[str, tuple[float, str]] = {}
REPRODUCED: list[str] = []


def _num(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (Fraction, Decimal)):
        v = float(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def _exp_value(e):
    if isinstance(e, dict):
        return {k: _exp_value(v) for k, v in e.items()}
    if isinstance(e, (list, tuple, np.ndarray)):
        return [_exp_value(v) for v in e]
    return _num(e)


def _kind(source):
    for k in ("published", "computed: scipy exact summation", "computed: numpy direct formula",
              "computed by the reference author", "peer", "hand"):
        if f"[{k}" in source:
            return k
    raise ValueError(f"no kind in source: {source}")


def _flatten(e, name="value"):
    if isinstance(e, dict):
        out = []
        for k in sorted(e):
            out += _flatten(e[k], k)
        return out
    if isinstance(e, (list, tuple)):
        out = []
        for i, v in enumerate(e):
            out += _flatten(v, f"{name}[{i}]")
        return out
    return [(name, e)]


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


def _arr(v):
    return None if v is None else [_num(a) for a in v]


def add(cid, function, expected=None, *, x=None, t=None, counts=None, counts_file=None,
        districts=None, params=None, tolerance=None, source, derivation=None,
        expected_error=None, check=None):
    """Record a case. `check` is the independent high-precision value(s) in the same shape as
    `expected`; every expected scalar must lie within `tolerance` of it."""
    assert cid not in IDS, f"duplicate id {cid}"
    assert (expected is None) != (expected_error is None), cid
    assert counts is None or counts_file is None, cid
    IDS.add(cid)
    c = {
        "id": cid,
        "function": function,
        "x": _arr(x),
        "t": _arr(t),
        "counts": None if counts is None else [[_num(v) for v in r] for r in counts],
        "counts_file": counts_file,
        "districts": None if districts is None else [int(v) for v in districts],
        "params": params or {},
        "source": source,
        "tolerance": tolerance or EXACT,
    }
    if derivation:
        c["derivation"] = derivation
    if expected_error is not None:
        c["expected_error"] = expected_error
    else:
        c["expected"] = _exp_value(expected)
        if check is None:
            sys.exit(f"no independent check for {cid}")
        got = _flatten(c["expected"])
        ref = _flatten(_exp_value_exact(check))
        assert [n for n, _ in got] == [n for n, _ in ref], (cid, got[:3], ref[:3])
        for (name, gv), (_, rv) in zip(got, ref):
            if not _within(gv, rv, c["tolerance"]):
                sys.exit(f"CHECK FAILED {cid} {name}: expected {gv}, independent {rv}, "
                         f"tolerance {c['tolerance']}")
            if not isinstance(gv, str) and not isinstance(rv, str) and abs(float(rv)) > 1e-13:
                kind = _kind(source)
                err = _relerr(gv, rv)
                if err >= WORST.get(kind, (0.0, ""))[0]:
                    WORST[kind] = (err, f"{cid} {name}")
    CASES.append(c)


def _exp_value_exact(e):
    """Like _exp_value, but keeps float() of the high-precision values only at the end."""
    if isinstance(e, dict):
        return {k: _exp_value_exact(v) for k, v in e.items()}
    if isinstance(e, (list, tuple)):
        return [_exp_value_exact(v) for v in e]
    if isinstance(e, str):
        return e
    return float(e)


def peer_tol(value, check, floor=PEER_FLOOR, abs_floor=None):
    vals = [v for _, v in _flatten(_exp_value(value))]
    refs = [v for _, v in _flatten(_exp_value_exact(check))]
    errs = [_relerr(v, r) for v, r in zip(vals, refs)
            if not isinstance(v, str) and not isinstance(r, str) and float(r) != 0
            and (abs_floor is None or abs(float(r)) > abs_floor * 1e3)]
    err = max(errs, default=0.0)
    tol = {"rel": floor} if 10 * err <= floor else {"rel": 10.0 ** math.ceil(math.log10(10 * err))}
    if abs_floor is not None:
        tol["abs"] = abs_floor
    return tol, err


def add_peer(cid, function, value, check, *, source, floor=PEER_FLOOR, abs_floor=None, **kw):
    tol, err = peer_tol(value, check, floor, abs_floor)
    if tol["rel"] > floor:
        source += (f" (the peer's value differs from the exact/60-digit value by {err:.1e} "
                   f"relative: tolerance widened to {tol['rel']:.0e})")
    add(cid, function, value, tolerance=tol, source=source, check=check, **kw)


def printed(s):
    """A value printed with k decimals, and its tolerance (half a unit in the last digit)."""
    dec = len(s.split(".")[1]) if "." in s else 0
    return float(s), {"abs": 0.5 * 10.0 ** (-dec)}


# which independent route checks which function (two-group: (x, t, params); multigroup: counts)
HP_TWO = {
    "dissimilarity": lambda x, t, p: hp_dissim(x, t),
    "gini_segregation": lambda x, t, p: hp_gini_seg(x, t),
    "entropy_index": lambda x, t, p: hp_entropy(x, t),
    "isolation": lambda x, t, p: hp_isolation(x, t),
    "exposure": lambda x, t, p: hp_exposure(x, t),
    "correlation_ratio": lambda x, t, p: hp_eta2(x, t),
    "atkinson_segregation": lambda x, t, p: hp_atkinson(x, t, p["b"]),
    "hutchens": lambda x, t, p: hp_hutchens(x, t),
    "minmax": lambda x, t, p: hp_minmax(x, t),
    "density_corrected_dissimilarity": lambda x, t, p: hp_density_corrected(x, t),
    "concentration_profile": lambda x, t, p: hp_conprof(x, t, p["points"]),
    "self_excluded_separation": lambda x, t, p: hp_self_excluded(x, t),
}
HP_MULTI = {
    "multi_dissimilarity": lambda c, p: hp_multi_dissim(c),
    "multi_gini": lambda c, p: hp_multi_gini(c),
    "mutual_information": lambda c, p: hp_mutual_information(c),
    "divergence": lambda c, p: hp_mutual_information(c),
    "multi_information_theory": lambda c, p: hp_information_theory(c),
    "normalized_exposure": lambda c, p: hp_normalized_exposure(c),
    "relative_diversity": lambda c, p: hp_relative_diversity(c),
    "squared_coefficient_of_variation": lambda c, p: hp_sq_cv(c),
    "shannon_diversity": lambda c, p: hp_shannon(c, p.get("normalized", False)),
    "simpson_interaction": lambda c, p: hp_simpson_interaction(c, p.get("normalized", False)),
    "simpson_concentration": lambda c, p: hp_simpson_concentration(c),
}
HP_LOCAL = {
    "location_quotient": lambda c, p: hp_location_quotient(c),
    "local_entropy": lambda c, p: hp_local_entropy(c, p.get("normalized", False)),
    "local_simpson_interaction": lambda c, p: hp_local_simpson_interaction(c),
    "local_simpson_concentration": lambda c, p: hp_local_simpson_concentration(c),
    "local_mutual_information": lambda c, p: hp_local_mi(c),
}
PYSAL_TWO_FUNCS = ["dissimilarity", "gini_segregation", "entropy_index", "isolation", "exposure",
                   "correlation_ratio", "atkinson_segregation", "minmax",
                   "density_corrected_dissimilarity", "concentration_profile"]
MULTI_FUNCS = ["multi_dissimilarity", "multi_gini", "mutual_information", "divergence",
               "multi_information_theory", "normalized_exposure", "relative_diversity",
               "squared_coefficient_of_variation", "shannon_diversity", "simpson_interaction",
               "simpson_concentration"]
LOCAL_PYSAL = ["location_quotient", "local_entropy", "local_simpson_interaction",
               "local_simpson_concentration"]


def two_params(function):
    return {"atkinson_segregation": {"b": 0.5}, "concentration_profile": {"points": 1000}}.get(
        function, {})


def _dcd_src(src):
    return (src + "; PySAL maximises the folded-normal likelihood per area by Nelder-Mead "
            "(xatol 1e-5) and returns the second vertex of the final simplex, so its theta* is "
            "accurate to about 1e-5 only; the exact optimum is the root of th = a tanh(a th)")


def _xt(x, t, xt_file):
    """Stored inputs of a two-group case: inline x, t or a counts_file with the columns x, t."""
    return {"counts_file": xt_file} if xt_file else {"x": x, "t": t}


def peer_two_group(prefix, x, t, src, funcs=None, *, xt_file=None):
    """PySAL on (x, t) for each two-group function, checked against the exact routes."""
    for fn in funcs or PYSAL_TWO_FUNCS:
        par = two_params(fn)
        v = p_two(fn, x, t, par)
        s = f"{PYSAL} {P_TWO_NAMES[fn]} [peer] on {src}"
        if fn == "density_corrected_dissimilarity":
            s = _dcd_src(s)
        add_peer(f"{prefix}_{fn}_peer", fn, v, HP_TWO[fn](x, t, par), params=par, source=s,
                 **_xt(x, t, xt_file))


def peer_multi(prefix, counts, src, funcs=None, *, counts_file=None):
    stored = None if counts_file else counts
    for fn in funcs or MULTI_FUNCS:
        for par in ([{"normalized": False}, {"normalized": True}]
                    if fn == "shannon_diversity" else [{}]):
            v = p_multi(fn, counts, par)
            suffix = "_normalized" if par.get("normalized") else ""
            s = f"{PYSAL} {p_multi_name(fn, par)} [peer] on {src}"
            if fn in ("mutual_information", "divergence"):
                s += " (PySAL's MultiDivergence is M = sum_i (t_i/T) sum_j p_ij ln(p_ij/P_j))"
            add_peer(f"{prefix}_{fn}{suffix}_peer", fn, v, HP_MULTI[fn](counts, par),
                     counts=stored, counts_file=counts_file, params=par, source=s)


def _local_expected(function, stats_, counts):
    """PySAL statistics as per-row values; empty rows -> 'nan' (PySAL gives 0 from nansum)."""
    out = []
    for r, s in zip(counts, stats_):
        if sum(r) == 0:
            out.append(["nan"] * len(r) if function == "location_quotient" else "nan")
        elif function == "location_quotient":
            out.append([float(v) for v in s])
        else:
            out.append(float(s))
    return {"values": out}


def peer_local(prefix, counts, src, funcs=None, *, counts_file=None, note=""):
    stored = None if counts_file else counts
    for fn in funcs or LOCAL_PYSAL:
        for par in ([{"normalized": False}, {"normalized": True}]
                    if fn == "local_entropy" else [{}]):
            name, s = p_local(fn, counts, par)
            v = _local_expected(fn, s, counts)
            suffix = "_normalized" if par.get("normalized") else ""
            add_peer(f"{prefix}_{fn}{suffix}_peer", fn, v, HP_LOCAL[fn](counts, par),
                     counts=stored, counts_file=counts_file, params=par, abs_floor=1e-14,
                     source=f"{PYSAL} {name} [peer] on {src}{note}")


# --------------------------------------------------------------------------------------------
# [published]


def published():
    # PySAL segregation's own test files, Sacramento tracts; the tests read sacramentot2.shp from
    # libpysal's Sacramento1 example: the same tracts in the same order (every value below is
    # reproduced by PySAL 2.5.4 on the shared CSV, and by the exact routes).
    tst = "PySAL segregation test file segregation/tests/{f} ({what}) [published]"
    two = [
        ("dissimilarity", "test_dissim.py", "0.32184656076566864", {}),
        ("gini_segregation", "test_gini_seg.py", "0.43506510676886234", {}),
        ("atkinson_segregation", "test_atkinson.py", "0.15079259382667654", {"b": 0.5}),
        ("isolation", "test_isolation.py", "0.2319615486459151", {}),
        ("exposure", "test_exposure.py", "0.7680384513540848", {}),
        ("correlation_ratio", "test_correlationr.py", "0.09164042012926693", {}),
        ("concentration_profile", "test_conprof.py", "0.1376874794741899", {"points": 1000}),
    ]
    for fn, f, s, par in two:
        v = float(s)
        chk = HP_TWO[fn](SAC_X, SAC_T, par)
        tol, err = peer_tol(v, chk)
        add(f"pysal_sacramento_{fn}_published", fn, v, counts_file=SAC_XT, params=par,
            tolerance=tol, check=chk,
            source=tst.format(f=f, what=f"HISP in TOT_POP, printed {s}") +
            f"; {SAC_SRC}")
        REPRODUCED.append(f"{fn} {s} ({f}): exact route differs by {err:.1e} rel")
    # Entropy: the current test asserts 0.09626774479970557 (decimal = 4); older releases
    # (test file and docs up to the 'aspatial' module) printed 0.09459760633014454, which the
    # exact definition contradicts (rel. difference 1.7e-2).
    v = 0.09626774479970557
    chk = hp_entropy(SAC_X, SAC_T)
    assert abs(float(chk) - 0.09459760633014454) > 1e-3
    tol, err = peer_tol(v, chk)
    add("pysal_sacramento_entropy_index_published", "entropy_index", v, counts_file=SAC_XT,
        tolerance=tol, check=chk,
        source=tst.format(f="test_entropy.py", what="HISP in TOT_POP, printed "
                          "0.09626774479970557; older releases printed 0.09459760633014454, "
                          "which the definition (methods.md 2.2) does not give") + f"; {SAC_SRC}")
    REPRODUCED.append(f"entropy_index 0.09626774479970557 (test_entropy.py): {err:.1e} rel")
    # Hutchens square root index: segregation 2.6 test file (the class is not in 2.5.4)
    v, tl = printed("0.07847550")
    add("pysal_sacramento_hutchens_published", "hutchens", v, counts_file=SAC_XT,
        tolerance=tl,
        check=hp_hutchens(SAC_X, SAC_T),
        source="PySAL segregation 2.6 test file segregation/tests/test_hutchens_sqrt.py: "
               "HutchensSqrt(HISP, TOT_POP) = 0.07847550 (8 decimals; the class is new in 2.6, "
               f"not in {V_SEG}) [published]; {SAC_SRC}")
    REPRODUCED.append("hutchens 0.07847550 (test_hutchens_sqrt.py, segregation 2.6)")
    # density-corrected D: the published 0.295205155464069 is NOT reproduced (the exact optimum
    # is 0.3213802698...; see sacramento_density_corrected_dissimilarity_exact)
    pub_dcd = 0.295205155464069
    assert abs(pub_dcd - p_two("density_corrected_dissimilarity", SAC_X, SAC_T)) < 1e-15
    # the ConProf class is _conprof with m = 1000 (the cases use _conprof to vary `points`)
    assert ConProf(_df2(SAC_X, SAC_T), "x", "t").statistic == p_two(
        "concentration_profile", SAC_X, SAC_T, {"points": 1000})
    REPRODUCED.append("NOT reproduced: density_corrected_dissimilarity 0.295205155464069 "
                      "(test_density_corrected_dissimilarity.py): Nelder-Mead artefact, exact "
                      f"optimum {float(hp_density_corrected(SAC_X, SAC_T))!r}")

    multi = [
        ("multi_dissimilarity", "test_multi_dissim.py", "0.41340872573177806", {}),
        ("multi_gini", "test_multi_gini_seg.py", "0.5456349992598081", {}),
        ("multi_information_theory", "test_multi_information_theory.py", "0.1710160297858887",
         {}),
        ("normalized_exposure", "test_multi_normalized_exposure.py", "0.18821879029994157", {}),
        ("relative_diversity", "test_multi_relative_diversity.py", "0.15820019878220337", {}),
        ("squared_coefficient_of_variation", "test_multi_squared_coefficient_of_variation.py",
         "0.11875484641127525", {}),
        ("divergence", "test_multi_divergence.py", "0.16645182134289443", {}),
        ("mutual_information", "test_multi_divergence.py (MultiDivergence = M)",
         "0.16645182134289443", {}),
        ("shannon_diversity", "test_multi_diversity.py", "0.9733112243997906",
         {"normalized": False}),
        ("shannon_diversity", "test_multi_diversity.py", "0.7020956383415715",
         {"normalized": True}),
        ("simpson_concentration", "test_multi_simpsons_concentration.py", "0.49182413151957904",
         {}),
        ("simpson_interaction", "test_multi_simpsons_interaction.py", "0.508175868480421", {}),
    ]
    for fn, f, s, par in multi:
        v = float(s)
        chk = HP_MULTI[fn](SAC_M, par)
        tol, err = peer_tol(v, chk)
        suffix = "_normalized" if par.get("normalized") else ""
        add(f"pysal_sacramento_{fn}{suffix}_published", fn, v, counts_file=SAC_CF, params=par,
            tolerance=tol, check=chk,
            source=tst.format(f=f, what=f"groups WHITE, BLACK, ASIAN, HISP; printed {s}") +
            f"; {SAC_SRC}")
        REPRODUCED.append(f"{fn}{suffix} {s} ({f.split(' ')[0]}): {err:.1e} rel")

    # local indices: the tests print the first 10 tracts with 8 decimals; the values depend only on
    # each tract's own row, so the case holds those 10 rows
    first10 = SAC_M[:10]
    loc = [
        ("local_entropy", "test_local_multi_local_diversity.py", {"normalized": False},
         "0.34332326 0.56109229 0.70563225 0.29713472 0.22386084 0.29742517 0.12322789 "
         "0.11274579 0.09402405 0.25129616"),
        ("local_entropy", "test_local_multi_local_entropy.py", {"normalized": True},
         "0.24765538 0.40474253 0.50900607 0.21433739 0.16148146 0.21454691 0.08889013 "
         "0.08132889 0.06782401 0.18127186"),
        ("local_simpson_concentration", "test_local_multi_local_simpson_concentration.py", {},
         "0.84564007 0.66608405 0.50090253 0.8700551 0.90194944 0.86871822 0.95552644 "
         "0.9601067 0.96276946 0.88241452"),
        ("local_simpson_interaction", "test_local_multi_local_simpson_interaction.py", {},
         "0.15435993 0.33391595 0.49909747 0.1299449 0.09805056 0.13128178 0.04447356 "
         "0.0398933 0.03723054 0.11758548"),
    ]
    for fn, f, par, s in loc:
        vals = [float(v) for v in s.split()]
        suffix = "_normalized" if par.get("normalized") else ""
        add(f"pysal_sacramento_first10_{fn}{suffix}_published", fn, {"values": vals},
            counts=first10, params=par, tolerance={"abs": 5e-9},
            check=HP_LOCAL[fn](first10, par),
            source=tst.format(f=f, what="statistics[0:10], groups WHITE, BLACK, ASIAN, HISP, "
                              "printed with 8 decimals; the first 10 tracts") + f"; {SAC_SRC}")
        REPRODUCED.append(f"{fn}{suffix} first 10 tracts ({f})")

    # R segregation (Elbers) tests
    for name, d, vs in (("m0", 0.0, "100, 100, 100, 100, 100, 100"),
                        ("m1", 0.6, "100, 60, 40, 0, 0, 40, 60, 100"),
                        ("m2", 0.6, "80, 80, 20, 20, 20, 20, 80, 80"),
                        ("m3", 1.0, "100, 100, 0, 0, 0, 0, 100, 100")):
        m = R_M[name]
        x, t = [r[0] for r in m], [r[0] + r[1] for r in m]
        add(f"r_segregation_{name}_dissimilarity_published", "dissimilarity", d, x=x, t=t,
            tolerance=EXACT0, check=hp_dissim(x, t), source=R_DIS_SRC.format(v=vs, d=d))
        add(f"r_segregation_{name}_multi_dissimilarity_published", "multi_dissimilarity", d,
            counts=m, tolerance=EXACT0, check=hp_multi_dissim(m),
            source=R_DIS_SRC.format(v=vs, d=d) + " (two columns: multigroup D = D)")
    REPRODUCED.append("R segregation test_dissimilarity.R: m0 0, m1 0.6, m2 0.6, m3 1")
    mt = [[40, 0, 0, 0], [0, 0, 0, 40]]
    add("r_segregation_max_bound_mutual_information_published", "mutual_information",
        math.log(2), counts=mt, tolerance=EXACT, check=hp_mutual_information(mt),
        source="R segregation (Elbers) tests/testthat/test_mutual_total.R 'max bound correct': "
               "units a, b and groups 1-4 with n = (40, 0, 0, 0 | 0, 0, 0, 40) give M = log(2) "
               "(groups 2 and 3 have total 0 and drop out, methods.md 2.1) [published]",
        derivation="two groups left, each entirely in its own unit: M = sum_i (t_i/T) sum_j "
                   "p_ij ln(p_ij/P_j) = 2 * 1/2 * ln(1/(1/2)) = ln 2.")
    REPRODUCED.append("R segregation test_mutual_total.R: M = log(2) with two empty groups")


# --------------------------------------------------------------------------------------------
# methods.md 2.8 [computed]


def methods_computed():
    src = METHODS

    def c(cid, fn, s, chk, **kw):
        v, tl = printed(s)
        if "counts" not in kw and "x" not in kw:
            kw["x"], kw["t"] = EX_X, EX_T
        add(cid, fn, v, tolerance=tl, source=kw.pop("source", src), check=chk, **kw)

    c("methods_example_dissimilarity_computed", "dissimilarity", "0.3000000",
      hp_dissim(EX_X, EX_T))
    c("methods_example_gini_segregation_computed", "gini_segregation", "0.3464000",
      hp_gini_seg(EX_X, EX_T))
    c("methods_example_entropy_index_computed", "entropy_index", "0.0705275",
      hp_entropy(EX_X, EX_T))
    c("methods_example_isolation_computed", "isolation", "0.3434206", hp_isolation(EX_X, EX_T))
    c("methods_example_exposure_computed", "exposure", "0.6565794", hp_exposure(EX_X, EX_T))
    ey = [a for a in EX_T]
    yx = [b - a for a, b in zip(EX_X, EX_T)]
    c("methods_example_exposure_yPx_computed", "exposure", "0.2626317", hp_exposure(yx, ey),
      x=yx, t=ey, source=src + " (yPx: the other group as the focal group)")
    c("methods_example_isolation_yPy_computed", "isolation", "0.7373683", hp_isolation(yx, ey),
      x=yx, t=ey, source=src + " (yPy: the other group as the focal group)")
    c("methods_example_correlation_ratio_computed", "correlation_ratio", "0.0807889",
      hp_eta2(EX_X, EX_T))
    for b, s in ((0.1, "0.0225099"), (0.5, "0.1039256"), (0.9, "0.1710714")):
        c(f"methods_example_atkinson_b_{str(b).replace('.', '_')}_computed",
          "atkinson_segregation", s, hp_atkinson(EX_X, EX_T, b), params={"b": b})
    e = hp_expected(EX_X, EX_T)
    add("methods_example_expected_under_random_allocation_computed",
        "expected_under_random_allocation",
        {"correlation_ratio": 4 / 349, "dissimilarity": 0.0937234, "entropy_index": 0.0096665,
         "isolation": 2 / 7 + (5 / 7) * (4 / 349)},
        x=EX_X, t=EX_T, tolerance={"abs": 5e-8}, check=e,
        source=src + ": exact E[D], E[H], E[eta^2] = 4/349 under fixed margins; E[xPx] = P + "
                     "(1-P)(k-1)/(T-1) = 2/7 + (5/7)(4/349) (methods.md 2.6 (1), P = 100/350)")
    c("methods_example_carrington_troske_computed", "carrington_troske", "0.2276",
      hp_carrington_troske(EX_X, EX_T, "dissimilarity"), params={"index": "dissimilarity"},
      source=src + " (D_CT with the exact fixed-margin D*)")
    w = hp_winship(EX_X, EX_T)
    add("methods_example_winship_computed", "winship_expected_dissimilarity",
        {"exact": 0.1049952, "normal_approximation": 0.1049995}, x=EX_X, t=EX_T,
        tolerance={"abs": 5e-8}, check=w,
        source=src + ": E[D] under binomial allocation with P fixed, exact / normal approx.")
    b = hp_bias_corrected_small(EX_X, EX_T)
    add("methods_example_bias_corrected_dissimilarity_computed", "bias_corrected_dissimilarity",
        {"expected_bootstrap": 0.3014619, "observed": 0.3, "value": 0.2985381}, x=EX_X, t=EX_T,
        tolerance={"abs": 5e-8}, check=b,
        source=src + ": analytic E[D*] and D_bc = 2 D - E[D*]")
    c("methods_example_self_excluded_separation_computed", "self_excluded_separation",
      "0.0682590", hp_self_excluded(EX_X, EX_T))
    c("methods_city_b_dissimilarity_computed", "dissimilarity", "0.0535714",
      hp_dissim(CITY_B_X, CITY_B_T), x=CITY_B_X, t=CITY_B_T,
      source=src + " (two-sample example, city B)")
    c("methods_m1_dissimilarity_computed", "dissimilarity", "0.6",
      hp_dissim([100, 60, 40, 0], [100] * 4), x=[100, 60, 40, 0], t=[100] * 4,
      source=src + " ('segregation' test matrix m1 gives D = 0.6)")

    # multigroup example
    for fn, s in (("multi_dissimilarity", "0.2232143"), ("multi_gini", "0.2894627"),
                  ("mutual_information", "0.0610267"), ("multi_information_theory", "0.0585882"),
                  ("normalized_exposure", "0.0698125"), ("relative_diversity", "0.0665221")):
        c(f"methods_example_{fn}_computed", fn, s, HP_MULTI[fn](EX_M, {}), counts=EX_M)
    c("methods_example_shannon_diversity_computed", "shannon_diversity", "1.0416207",
      hp_shannon(EX_M), counts=EX_M, params={"normalized": False},
      source=src + " (E = -sum_j P_j ln P_j)")
    c("methods_example_simpson_interaction_computed", "simpson_interaction", "0.6272",
      hp_simpson_interaction(EX_M), counts=EX_M, params={"normalized": False},
      source=src + " (I = sum_j P_j (1 - P_j))")
    add("methods_example_local_mutual_information_computed", "local_mutual_information",
        {"values": [0.026486, 0.018729, 0.204718, 0.066345, 0.029499]}, counts=EX_M,
        tolerance={"abs": 5e-7}, check=hp_local_mi(EX_M), source=src + " (local ls_i)")
    d = hp_decomposition(EX_M, EX_DIST)
    add("methods_example_mutual_information_decomposition_computed",
        "mutual_information_decomposition",
        {"h_between": 0.0009462, "h_total": 0.0585882, "h_within": 0.0576420,
         "m_between": 0.0009856, "m_total": 0.0610267, "m_within": 0.0600411},
        counts=EX_M, districts=EX_DIST, tolerance={"abs": 5e-8}, check=d,
        source=src + ": districts {1,2} and {3,4,5}")


# --------------------------------------------------------------------------------------------
# [peer] and [computed: ...] on the data sets


def exact_two_group(prefix, x, t, src, *, funcs=("expected", "ct", "winship", "bias", "hutchens",
                                                  "self_excluded", "dcd"), bias_small=False,
                    xt_file=None, dcd_note=""):
    """Functions without a PySAL equivalent, by scipy exact summation / numpy formulas."""
    io = _xt(x, t, xt_file)
    if "expected" in funcs:
        add(f"{prefix}_expected_under_random_allocation_exact", "expected_under_random_allocation",
            sp_expected(x, t), **io, tolerance=EXACT, check=hp_expected(x, t),
            source=f"{SCIPY_EXACT} on {src}: E[D], E[H] summed over hypergeom(T, X, t_i) per area, "
                   "E[xPx] likewise, E[eta^2] = (E[xPx] - P)/(1 - P); checked against 60-digit "
                   "pmfs and the closed forms (k-1)/(T-1), P + (1-P)(k-1)/(T-1)")
    if "ct" in funcs:
        e = sp_expected(x, t)
        for idx, pf in (("dissimilarity", Dissim), ("entropy_index", Entropy),
                        ("correlation_ratio", CorrelationR)):
            obs = float(pf(_df2(x, t), "x", "t").statistic)
            add(f"{prefix}_carrington_troske_{idx}_exact", "carrington_troske",
                _ct(obs, e[idx]), **io, params={"index": idx}, tolerance=EXACT0,
                check=hp_carrington_troske(x, t, idx),
                source=f"{SCIPY_EXACT} on {src}: (I - I*)/(1 - I*) if I >= I* else (I - I*)/I*, "
                       f"I from {PYSAL} {pf.__name__}, I* the exact fixed-margin expectation "
                       f"(PySAL's ModifiedDissim simulates a binomial I* instead)")
    if "winship" in funcs:
        add(f"{prefix}_winship_expected_dissimilarity_exact", "winship_expected_dissimilarity",
            sp_winship(x, t), **io, tolerance=EXACT, check=hp_winship(x, t),
            source=f"{SCIPY_EXACT} on {src}: sum_i E|B_i - t_i P| / (2 T P (1-P)), B_i ~ "
                   "binom(t_i, P); checked against de Moivre's closed form in exact rationals")
    if "bias" in funcs:
        v = sp_bias_corrected(x, t)
        chk = hp_bias_corrected_small(x, t) if bias_small else merge_bias_corrected(x, t)
        how = ("60-digit double sums" if bias_small
               else "a second float route (sorted-CDF merge of the two pmfs)")
        add(f"{prefix}_bias_corrected_dissimilarity_exact", "bias_corrected_dissimilarity", v,
            **io, tolerance=EXACT, check=chk,
            source=f"{SCIPY_EXACT} on {src}: analytic bootstrap E[D*] = 1/2 sum_i "
                   "E|x*_i/X - y*_i/Y|, x*_i ~ binom(X, x_i/X), y*_i ~ binom(Y, y_i/Y) "
                   f"independent (methods.md 2.6 (4)), full double sums; checked against {how}")
    if "hutchens" in funcs:
        add(f"{prefix}_hutchens_numpy", "hutchens", np_hutchens(x, t), **io,
            tolerance={"rel": 1e-12}, check=hp_hutchens(x, t),
            source=f"{NUMPY_DIRECT} on {src}: 1 - sum_i sqrt(x_i/X * y_i/Y) (Hutchens 2004; "
                   f"PySAL HutchensSqrt is new in 2.6, not in {V_SEG})")
    if "self_excluded" in funcs:
        add(f"{prefix}_self_excluded_separation_numpy", "self_excluded_separation",
            np_self_excluded(x, t), **io, tolerance=EXACT0, check=hp_self_excluded(x, t),
            source=f"{NUMPY_DIRECT} on {src}: Fossett S_u = sum x_i (x_i-1)/(t_i-1) / X - "
                   "sum y_i x_i/(t_i-1) / Y (methods.md 2.6 (5))")
    if "dcd" in funcs:
        add(f"{prefix}_density_corrected_dissimilarity_exact", "density_corrected_dissimilarity",
            np_density_corrected(x, t), **io, tolerance={"rel": 1e-12},
            check=hp_density_corrected(x, t),
            source=f"{NUMPY_DIRECT} on {src}: 1/2 sum_i sigma_i theta*_i (Allen et al. 2015), "
                   "theta*_i the exact maximiser of phi(a - th) + phi(a + th), a = |y_i/Y - "
                   "x_i/X| / sigma_i (scipy brentq on th = a tanh(a th); checked by 60-digit "
                   f"bisection){dcd_note}")


def peers():
    ex = "the methods.md 2.8 two-group example"
    peer_two_group("example", EX_X, EX_T, ex)
    add_peer("example_atkinson_segregation_b_0_1_peer", "atkinson_segregation",
             p_two("atkinson_segregation", EX_X, EX_T, {"b": 0.1}),
             hp_atkinson(EX_X, EX_T, 0.1), x=EX_X, t=EX_T, params={"b": 0.1},
             source=f"{PYSAL} _atkinson(b=0.1) [peer] on {ex}")
    add_peer("example_concentration_profile_points_101_peer", "concentration_profile",
             p_two("concentration_profile", EX_X, EX_T, {"points": 101}),
             hp_conprof(EX_X, EX_T, 101), x=EX_X, t=EX_T, params={"points": 101},
             source=f"{PYSAL} _conprof(m=101) [peer] on {ex}")
    exact_two_group("example", EX_X, EX_T, ex, funcs=("ct", "hutchens", "self_excluded", "dcd"))
    exm = "the methods.md 2.8 multigroup example (5 areas x 3 groups)"
    peer_multi("example", EX_M, exm)
    peer_local("example", EX_M, exm)
    add("example_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(EX_M)}, counts=EX_M, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(EX_M),
        source=f"{NUMPY_DIRECT} on {exm}: ls_i = sum_j p_ij ln(p_ij/P_j) (Elbers' mutual_local)")
    add("example_mutual_information_decomposition_peer", "mutual_information_decomposition",
        peer_decomposition(EX_M, EX_DIST), counts=EX_M, districts=EX_DIST,
        tolerance={"rel": 1e-10, "abs": 1e-15}, check=hp_decomposition(EX_M, EX_DIST),
        source=f"{PYSAL} MultiDivergence (M) of the table, of the district x group table and of "
               f"each district's rows, MultiDiversity (E) [peer] on {exm}, districts {{1,2}}, "
               "{3,4,5}: between = M(districts), within = sum_s (T_s/T) M_s, H = M/E")

    # city B (methods.md 2.8 two-sample example) and R segregation m1
    cb = "the methods.md 2.8 city B example"
    peer_two_group("city_b", CITY_B_X, CITY_B_T, cb, funcs=["dissimilarity", "entropy_index",
                                                               "correlation_ratio"])
    exact_two_group("city_b", CITY_B_X, CITY_B_T, cb, funcs=("expected", "bias", "winship"),
                    bias_small=True)
    exact_two_group("example", EX_X, EX_T, ex, funcs=("expected", "bias", "winship"),
                    bias_small=True)
    m1x, m1t = [100, 60, 40, 0], [100, 100, 100, 100]
    exact_two_group("r_m1", m1x, m1t, "R segregation's test matrix m1",
                    funcs=("expected", "bias", "winship", "ct"), bias_small=True)

    # random table
    rs = "the random table of 50 areas (seed 20250611, stored), group 2 as the focal group"
    peer_two_group("random50", RAND_X, RAND_T, rs)
    exact_two_group("random50", RAND_X, RAND_T, rs)
    rm = "the random table of 50 areas x 4 groups (seed 20250611, stored)"
    peer_multi("random50", RAND_M, rm)
    peer_local("random50", RAND_M, rm)
    add("random50_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(RAND_M)}, counts=RAND_M, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(RAND_M), source=f"{NUMPY_DIRECT} on {rm}: ls_i = sum_j p_ij ln(p_ij/P_j)")
    add_peer("random50_simpson_interaction_normalized_peer", "simpson_interaction",
             p_multi("simpson_interaction", RAND_M) / (1 - 1 / 4),
             hp_simpson_interaction(RAND_M, True), counts=RAND_M, params={"normalized": True},
             source=f"{PYSAL} SimpsonsInteraction divided by its maximum 1 - 1/J, J = 4 [peer] on "
                    f"{rm} (PySAL has no normalised form)")
    rdist = [i % 5 for i in range(50)]
    add("random50_mutual_information_decomposition_peer", "mutual_information_decomposition",
        peer_decomposition(RAND_M, rdist), counts=RAND_M, districts=rdist,
        tolerance={"rel": 1e-10, "abs": 1e-15}, check=hp_decomposition(RAND_M, rdist),
        source=f"{PYSAL} MultiDivergence / MultiDiversity of the parts [peer] on {rm}, districts "
               "= area index mod 5")

    # Sacramento: the remaining peer values on the full data (published ones above)
    sx = f"{SAC_SRC}: HISP_ in TOT_POP"
    peer_two_group("sacramento", SAC_X, SAC_T, sx, funcs=["minmax"], xt_file=SAC_XT)
    exact_two_group("sacramento", SAC_X, SAC_T, sx, funcs=("self_excluded", "dcd", "winship"),
                    xt_file=SAC_XT, dcd_note=(
                        "; PySAL's test file test_density_corrected_dissimilarity.py publishes "
                        "0.295205155464069 (PySAL 2.5.4 still gives it), 8 % below the exact "
                        "optimum: for the 9 tracts with a > 38.6, phi(0 - a) underflows to 0, "
                        "the Nelder-Mead objective is flat at its start and theta* ~ 0 is "
                        "returned instead of ~a. Not taken"))
    sm = f"{SAC_SRC}: WHITE_, BLACK_, ASIAN_, HISP_ (tests/golden/{SAC_FILE})"
    peer_local("sacramento", SAC_M, sm, counts_file=SAC_CF,
               funcs=["location_quotient", "local_entropy"],
               note=("; reproduces the published statistics[0:3, 0:3] of "
                     "test_local_multi_location_quotient.py"))
    lq = p_local("location_quotient", SAC_M)[1]
    pub = np.array([[1.36543221, 0.07478049, 0.16245651], [1.18002164, 0.0, 0.14836683],
                    [0.68072696, 0.03534425, 0.0]])
    assert np.all(np.abs(lq[:3, :3] - pub) < 5e-9)
    REPRODUCED.append("location_quotient statistics[0:3, 0:3] "
                      "(test_local_multi_location_quotient.py), inside the full-table peer case")
    add("sacramento_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(SAC_M)}, counts_file=SAC_CF, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(SAC_M), source=f"{NUMPY_DIRECT} on {sm}")

    # Hamburg
    hx = f"{HH_SRC}; x = Gymnasium, t = Gymnasium + Stadtteilschule"
    peer_two_group("hamburg", HH_X, HH_T, hx, xt_file=HH_XT)
    exact_two_group("hamburg", HH_X, HH_T, hx, xt_file=HH_XT)
    hm = f"{HH_SRC}; groups Gymnasium, Stadtteilschule, other (pupils - both)"
    peer_multi("hamburg", HH_M, hm, counts_file=HH_CF)
    peer_local("hamburg", HH_M, hm, counts_file=HH_CF, funcs=["local_simpson_interaction",
                                           "local_simpson_concentration"])
    add("hamburg_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(HH_M)}, counts_file=HH_CF, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(HH_M), source=f"{NUMPY_DIRECT} on {hm}")
    add("hamburg_mutual_information_decomposition_peer", "mutual_information_decomposition",
        peer_decomposition(HH_M, HH_BEZIRK), counts_file=HH_CF, districts=HH_BEZIRK,
        tolerance={"rel": 1e-10, "abs": 1e-15}, check=hp_decomposition(HH_M, HH_BEZIRK),
        source=f"{PYSAL} MultiDivergence / MultiDiversity of the parts [peer] on {hm}; districts "
               "= the 7 Bezirke 1 Hamburg-Mitte .. 7 Harburg (from the row order: the "
               "consecutive Stadtteile sum exactly to each Bezirk row's Sek-I pupils)")
    h2 = [[g, s] for g, s in zip(HH_GYM, HH_STS)]
    add_peer("hamburg_two_columns_multi_dissimilarity_peer", "multi_dissimilarity",
             p_multi("multi_dissimilarity", h2), hp_multi_dissim(h2), counts_file=HH_CF2,
             source=f"{PYSAL} MultiDissim [peer] on {HH_SRC}, columns Gymnasium, Stadtteilschule "
                    "(two groups: equals the two-group D of hamburg_dissimilarity_peer)")

    # NRW
    nx = f"{NRW_SRC}; x = pupils in schools of stage >= 7, t = all"
    peer_two_group("nrw", NRW_X, NRW_T, nx, xt_file=NRW_XT,
                   funcs=["dissimilarity", "gini_segregation",
                                                    "entropy_index", "isolation", "exposure",
                                                    "correlation_ratio"])
    nm = f"{NRW_SRC}, groups = stages 1..9"
    peer_multi("nrw", NRW_M, nm, counts_file=NRW_CF,
               funcs=["multi_dissimilarity", "multi_gini", "mutual_information",
                      "multi_information_theory", "normalized_exposure", "relative_diversity",
                      "squared_coefficient_of_variation", "shannon_diversity"])
    add("nrw_mutual_information_decomposition_peer", "mutual_information_decomposition",
        peer_decomposition(NRW_M, NRW_KREIS), counts_file=NRW_CF, districts=NRW_KREIS,
        tolerance={"rel": 1e-10, "abs": 1e-15}, check=hp_decomposition(NRW_M, NRW_KREIS),
        source=f"{PYSAL} MultiDivergence / MultiDiversity of the parts [peer] on {nm}; "
               "districts = Kreis (first 5 digits of the AGS, as an integer)")
    add("nrw_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(NRW_M)}, counts_file=NRW_CF,
        tolerance={"rel": 1e-12, "abs": 1e-15}, check=hp_local_mi(NRW_M),
        source=f"{NUMPY_DIRECT} on {nm}")


# --------------------------------------------------------------------------------------------
# conventions shared with PySAL where PySAL gives NaN or a different convention


def conventions():
    # an empty area (t = 0): dropped; PySAL sets its share to 0, which is equivalent
    xe, te = EX_X + [0], EX_T + [0]
    for fn in ("dissimilarity", "gini_segregation", "entropy_index", "isolation",
               "correlation_ratio", "atkinson_segregation", "minmax", "concentration_profile"):
        par = two_params(fn)
        add_peer(f"empty_area_{fn}_peer", fn, p_two(fn, xe, te, par), HP_TWO[fn](EX_X, EX_T, par),
                 x=xe, t=te, params=par,
                 source=f"{PYSAL} {P_TWO_NAMES[fn]} [peer] on the methods.md 2.8 example plus an "
                        "area with t = 0 (methods.md 2.1: dropped; PySAL sets its share to 0 and "
                        "gets the same value)")
    add_peer("empty_area_density_corrected_dissimilarity_peer", "density_corrected_dissimilarity",
             p_two("density_corrected_dissimilarity", EX_X, EX_T),
             hp_density_corrected(EX_X, EX_T), x=xe, t=te,
             source=_dcd_src(f"{PYSAL} DensityCorrectedDissim [peer] on the methods.md 2.8 example "
                        "WITHOUT the empty area: methods.md 2.1 drops areas with t = 0; PySAL "
                        "gives NaN with it (sigma = 0, theta = 0/0), which is not taken"))
    add("empty_area_expected_under_random_allocation_exact", "expected_under_random_allocation",
        sp_expected(EX_X, EX_T), x=xe, t=te, tolerance=EXACT, check=hp_expected(EX_X, EX_T),
        source=f"{SCIPY_EXACT}: the methods.md 2.8 example plus an area with t = 0, which is "
               "dropped before anything else (methods.md 2.1), so k = 5 in (k-1)/(T-1)")

    # empty area in a table: dropped; local values 'nan' (PySAL: 0 from nansum, or 0/0 = nan)
    me = EX_M[:2] + [[0, 0, 0]] + EX_M[2:]
    for fn in ("multi_dissimilarity", "multi_gini", "mutual_information",
               "multi_information_theory", "normalized_exposure", "squared_coefficient_of_variation"):
        add_peer(f"empty_area_{fn}_peer", fn, p_multi(fn, me), HP_MULTI[fn](EX_M, {}), counts=me,
                 source=f"{PYSAL} {p_multi_name(fn)} [peer] on the methods.md 2.8 multigroup "
                        "example with an empty third row (methods.md 2.1: dropped; PySAL's "
                        "nan_to_num shares give the same value)")
    for fn in LOCAL_PYSAL:
        par = {"normalized": True} if fn == "local_entropy" else {}
        name, s = p_local(fn, me, par)
        v = _local_expected(fn, s, me)
        add_peer(f"empty_area_{fn}_peer", fn, v, HP_LOCAL[fn](me, par), counts=me, params=par,
                 abs_floor=1e-14,
                 source=f"{PYSAL} {name} [peer] on the methods.md 2.8 multigroup example with an "
                        "empty third row, whose value is 'nan' (an area without population has no "
                        "composition; PySAL's nansum returns 0 there, not taken)")
    add("empty_area_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(me)}, counts=me, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(me), source=f"{NUMPY_DIRECT}: the methods.md 2.8 multigroup example "
                                      "with an empty third row ('nan')")

    # an empty group (column total 0): dropped (methods.md 2.1); PySAL ignores it for some indices
    # and returns NaN for others (not taken: expected = PySAL on the table without the column)
    mz = [r[:1] + [0] + r[1:] for r in EX_M]
    for fn in MULTI_FUNCS:
        par = {"normalized": False} if fn == "shannon_diversity" else {}
        if fn == "simpson_interaction":
            par = {"normalized": False}
        full = p_multi(fn, mz, par)
        dropped = p_multi(fn, EX_M, par)
        if math.isnan(full):
            why = {"multi_information_theory": "0 * log(1/0) in E",
                   "squared_coefficient_of_variation": "0/0 from the division by P_j = 0",
                   "shannon_diversity": "0 * log(0)"}[fn]
            note = f"PySAL on the full table gives NaN ({why}), not taken"
        elif abs(full - dropped) <= 1e-12 * abs(dropped):
            note = "PySAL on the full table gives the same value"
        else:
            note = f"PySAL on the full table gives {full!r} (it counts the empty column), not taken"
        add_peer(f"empty_group_{fn}_peer", fn, dropped, HP_MULTI[fn](EX_M, par), counts=mz,
                 params=par,
                 source=f"{PYSAL} {p_multi_name(fn, par)} [peer] on the methods.md 2.8 multigroup "
                        "example with an empty second column, computed without that column "
                        f"(methods.md 2.1: a group with total 0 is dropped); {note}")
    for fn in ("local_simpson_interaction", "local_simpson_concentration"):
        name, s = p_local(fn, mz)
        add_peer(f"empty_group_{fn}_peer", fn, _local_expected(fn, s, mz), HP_LOCAL[fn](EX_M, {}),
                 counts=mz, abs_floor=1e-14,
                 source=f"{PYSAL} {name} [peer] on the methods.md 2.8 multigroup example with an "
                        "empty second column (zero shares add nothing)")
    add("empty_group_local_mutual_information_numpy", "local_mutual_information",
        {"values": np_local_mi(EX_M)}, counts=mz, tolerance={"rel": 1e-12, "abs": 1e-15},
        check=hp_local_mi(mz), source=f"{NUMPY_DIRECT}: the methods.md 2.8 multigroup example with "
                                      "an empty second column (dropped; zero shares add nothing)")
    add("empty_group_mutual_information_decomposition_peer", "mutual_information_decomposition",
        peer_decomposition(EX_M, EX_DIST), counts=mz, districts=EX_DIST,
        tolerance={"rel": 1e-10, "abs": 1e-15}, check=hp_decomposition(mz, EX_DIST),
        source=f"{PYSAL} MultiDivergence / MultiDiversity of the parts [peer] on the methods.md "
               "2.8 multigroup example without its empty second column (methods.md 2.1)")


# --------------------------------------------------------------------------------------------
# [hand]


HAND = EXACT0


def hand():
    # complete segregation and evenness
    x, t = [10.0, 0.0, 30.0, 0.0], [10.0, 20.0, 30.0, 40.0]
    for fn, val, der in (
        ("dissimilarity", 1.0, "every area is all x or all y: x/X = (1/4, 0, 3/4, 0), y/Y = "
                               "(0, 1/3, 0, 2/3); D = 1/2 (1 + 1) = 1."),
        ("gini_segregation", 1.0, "p = (1, 0, 1, 0), P = 40/100: pairs with |p_i - p_l| = 1 carry "
                                  "t_i t_l: 2 (10 + 30)(20 + 40) = 4800 over 2 * 100^2 * 0.4 * 0.6 "
                                  "= 4800."),
        ("entropy_index", 1.0, "every E_i = 0, so H = sum t_i E / (E T) = 1."),
        ("isolation", 1.0, "xPx = sum (x_i/X)(x_i/t_i) = 1/4 + 3/4 = 1."),
        ("exposure", 0.0, "xPy = sum (x_i/X)(y_i/t_i) = 0: no x lives with a y."),
        ("correlation_ratio", 1.0, "(xPx - P)/(1 - P) = (1 - 0.4)/0.6 = 1."),
        ("hutchens", 1.0, "x_i y_i = 0 in every area: 1 - 0 = 1."),
        ("minmax", 1.0, "min(x_i/X, y_i/Y) = 0 everywhere: 1 - 0/2 = 1."),
        ("atkinson_segregation", 1.0, "(1-p_i)^(1-b) p_i^b = 0 for p_i in {0,1}: A = 1 - 0 = 1."),
    ):
        par = two_params(fn)
        add(f"hand_complete_segregation_{fn}", fn, val, x=x, t=t, params=par, tolerance=HAND,
            source="methods.md 2.2 definitions [hand]", derivation=der,
            check=HP_TWO[fn](x, t, par))
    x, t = [5.0, 10.0, 15.0], [20.0, 40.0, 60.0]
    for fn in ("dissimilarity", "gini_segregation", "entropy_index", "correlation_ratio",
               "hutchens", "minmax", "atkinson_segregation", "density_corrected_dissimilarity"):
        par = two_params(fn)
        der = "p_i = 1/4 = P in every area: every deviation is 0."
        if fn == "density_corrected_dissimilarity":
            der = ("x_i/X = y_i/Y = (1/6, 1/3, 1/2): theta_i = 0 <= 1, so theta*_i = 0 and "
                   "D_dc = 0.")
        if fn == "hutchens":
            der = "sum sqrt(x_i/X y_i/Y) = sum x_i/X = 1: 1 - 1 = 0."
        add(f"hand_evenness_{fn}", fn, 0.0, x=x, t=t, params=par, tolerance={"abs": 1e-15},
            source="methods.md 2.2 definitions [hand]", derivation=der,
            check=HP_TWO[fn](x, t, par))
    add("hand_evenness_isolation", "isolation", 0.25, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]", derivation="p_i = P: xPx = sum (x_i/X) P = P = 1/4.",
        check=hp_isolation(x, t))

    # small D, G, eta^2, H with fractions
    x, t = [1.0, 3.0], [4.0, 4.0]
    add("hand_dissimilarity_two_areas", "dissimilarity", 0.5, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]",
        derivation="X = 4, Y = 4: x/X = (1/4, 3/4), y/Y = (3/4, 1/4); D = 1/2 (1/2 + 1/2) = 1/2.",
        check=hp_dissim(x, t))
    add("hand_gini_segregation_two_areas", "gini_segregation", 0.5, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]",
        derivation="p = (1/4, 3/4), P = 1/2: 2 * 4 * 4 * 1/2 / (2 * 64 * 1/4) = 16/32 = 1/2.",
        check=hp_gini_seg(x, t))
    add("hand_correlation_ratio_two_areas", "correlation_ratio", 0.25, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]",
        derivation="xPx = (1/4)(1/4) + (3/4)(3/4) = 5/8; (5/8 - 1/2)/(1/2) = 1/4.",
        check=hp_eta2(x, t))
    h = 1 - (0.75 * math.log(4 / 3) + 0.25 * math.log(4)) / math.log(2)
    add("hand_entropy_index_two_areas", "entropy_index", h, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]",
        derivation="E = ln 2; E_1 = E_2 = -(1/4) ln(1/4) - (3/4) ln(3/4); H = 1 - E_1/E = "
                   "1 - (ln 4/4 + (3/4) ln(4/3))/ln 2 = 0.18872187554086717.",
        check=hp_entropy(x, t))
    add("hand_hutchens_two_areas", "hutchens", 1 - math.sqrt(3) / 2, x=x, t=t, tolerance=HAND,
        source="Hutchens (2004) square root index [hand]",
        derivation="sum sqrt((1/4)(3/4)) + sqrt((3/4)(1/4)) = 2 sqrt(3)/4; 1 - sqrt(3)/2.",
        check=hp_hutchens(x, t))
    add("hand_minmax_two_areas", "minmax", 2 / 3, x=x, t=t, tolerance=HAND,
        source="O'Sullivan & Wong (2007) MinMax [hand]",
        derivation="min = 1/4 + 1/4 = 1/2, max = 3/4 + 3/4 = 3/2: 1 - 1/3 = 2/3.",
        check=hp_minmax(x, t))
    add("hand_atkinson_b_0_5_two_areas", "atkinson_segregation", 0.25, x=x, t=t,
        params={"b": 0.5}, tolerance=HAND, source="methods.md 2.2 [hand]",
        derivation="P = 1/2, p = (1/4, 3/4): sum (1-p_i)^(1/2) p_i^(1/2) t_i / (P T) = "
                   "2 * (sqrt(3)/4) * 4 / 4 = sqrt(3)/2; A = 1 - (P/(1-P)) (sqrt(3)/2)^2 = 1 - 3/4 "
                   "= 1/4.",
        check=hp_atkinson(x, t, 0.5))
    cp = hp_conprof(x, t, 5)
    assert cp == Fraction(4, 5), cp
    add("hand_concentration_profile_two_areas_points_5", "concentration_profile", 0.8, x=x, t=t,
        params={"points": 5}, tolerance=HAND,
        source="Hong & Sadahiro (2014) as implemented by PySAL ConProf (grid g_k = k/(points-1)) "
               "[hand]",
        derivation="grid g = 0, 1/4, 1/2, 3/4, 1; v(g) = share of x in areas with p_i >= g, "
                   "p = (1/4, 3/4): v = 1, 1, 3/4, 3/4, 0. P = 1/2: sum of v below P = 2, at or "
                   "above P = 3/2; R = (1/2 - (2 - 3/2)/5)/(1 - 1/2) = (2/5)/(1/2) = 4/5.",
        check=cp)
    add_peer("hand_concentration_profile_two_areas_points_5_peer", "concentration_profile",
             p_two("concentration_profile", x, t, {"points": 5}), cp, x=x, t=t,
             params={"points": 5}, source=f"{PYSAL} _conprof(m=5) [peer] on the hand case above")
    su = hp_self_excluded(x, t)
    assert su == Fraction(0), su
    add("hand_self_excluded_separation_two_areas", "self_excluded_separation", 0.0, x=x, t=t,
        tolerance={"abs": 1e-15}, source="methods.md 2.6 (5) (Fossett 2017) [hand]",
        derivation="x = (1, 3), y = (3, 1), t = 4: sum x(x-1)/(t-1) / X = (0 + 6/3)/4 = 1/2; "
                   "sum y x/(t-1) / Y = (3/3 + 3/3)/4 = 1/2; S_u = 0 (eta^2 = 1/4 for the same "
                   "data: self-exclusion removes the small-area part).",
        check=su)
    x1, t1 = [1.0, 3.0, 1.0], [4.0, 4.0, 1.0]
    add("hand_self_excluded_separation_drops_single_person_area", "self_excluded_separation",
        0.0, x=x1, t=t1, tolerance={"abs": 1e-15},
        source="methods.md 2.6 (5): areas with t_i = 1 are dropped (before X and Y are formed) "
               "[hand]",
        derivation="the third area (t = 1) has nobody else to meet and is dropped; the rest is "
                   "hand_self_excluded_separation_two_areas: 0.", check=hp_self_excluded(x1, t1))

    # exact expectations by hand: 2 areas of 2, X = 2, T = 4
    x, t = [2.0, 0.0], [2.0, 2.0]
    add("hand_expected_under_random_allocation_2x2", "expected_under_random_allocation",
        {"correlation_ratio": 1 / 3, "dissimilarity": 1 / 3, "entropy_index": 1 / 3,
         "isolation": 2 / 3}, x=x, t=t, tolerance=HAND,
        source="methods.md 2.6 (1), exact hypergeometric expectation [hand]",
        derivation="T = 4, X = 2, P = 1/2, area sizes 2 and 2. x_1 ~ Hyp(4, 2, 2): P(0) = 1/6, "
                   "P(1) = 4/6, P(2) = 1/6, and x_2 = 2 - x_1. The table is (2,0)/(0,2) or "
                   "(0,2)/(2,0) with prob. 1/3 (D = H = eta^2 = 1, xPx = 1) and (1,1)/(1,1) with "
                   "prob. 2/3 (all 0, xPx = 1/2). E[D] = E[H] = E[eta^2] = 1/3 (= (k-1)/(T-1) = "
                   "1/3), E[xPx] = 1/3 + 1/3 = 2/3 = P + (1-P)/3.",
        check=hp_expected(x, t))
    add("hand_carrington_troske_2x2", "carrington_troske", 1.0, x=x, t=t,
        params={"index": "dissimilarity"}, tolerance=HAND,
        source="methods.md 2.6 (2) [hand]",
        derivation="D = 1, D* = 1/3 (hand_expected_under_random_allocation_2x2): D >= D*, "
                   "(1 - 1/3)/(1 - 1/3) = 1.", check=hp_carrington_troske(x, t, "dissimilarity"))
    xe, te = [1.0, 1.0], [2.0, 2.0]
    add("hand_carrington_troske_below_expectation", "carrington_troske", -1.0, x=xe, t=te,
        params={"index": "correlation_ratio"}, tolerance=HAND,
        source="methods.md 2.6 (2) [hand]",
        derivation="perfect evenness: eta^2 = 0 < eta^2* = (k-1)/(T-1) = 1/3; (0 - 1/3)/(1/3) = "
                   "-1.", check=hp_carrington_troske(xe, te, "correlation_ratio"))
    w = hp_winship(x, t)
    assert w["exact"] == Fraction(1, 2), w
    add("hand_winship_2x2", "winship_expected_dissimilarity",
        {"exact": 0.5, "normal_approximation": 1 / math.sqrt(math.pi)}, x=x, t=t, tolerance=HAND,
        source="methods.md 2.6 (3) [hand]",
        derivation="P = 1/2, B_i ~ Bin(2, 1/2): E|B_i - 1| = 1/4 + 1/4 = 1/2; exact = (1/2 + 1/2) "
                   "/ (2 T P (1-P)) = 1/(2 * 4 * 1/4) = 1/2. Normal: 2 sqrt(2) / (4 sqrt(2 pi / 4)) "
                   "= 1/sqrt(pi) = 0.5641895835477563.", check=w)
    b = hp_bias_corrected_small(x, t)
    add("hand_bias_corrected_dissimilarity_2x2", "bias_corrected_dissimilarity",
        {"expected_bootstrap": 1.0, "observed": 1.0, "value": 1.0}, x=x, t=t, tolerance=HAND,
        source="methods.md 2.6 (4), analytic bootstrap expectation [hand]",
        derivation="x = (2, 0), y = (0, 2): x*_1 ~ Bin(2, 1) = 2, y*_1 ~ Bin(2, 0) = 0, so every "
                   "replicate equals the data: E[D*] = D = 1, D_bc = 2 - 1 = 1.", check=b)
    x, t = [1.0, 1.0], [2.0, 2.0]
    b = hp_bias_corrected_small(x, t)
    assert abs(b["expected_bootstrap"] - Decimal(3) / Decimal(8)) < Decimal("1e-50"), b
    add("hand_bias_corrected_dissimilarity_even", "bias_corrected_dissimilarity",
        {"expected_bootstrap": 0.375, "observed": 0.0, "value": -0.375}, x=x, t=t, tolerance=HAND,
        source="methods.md 2.6 (4), analytic bootstrap expectation [hand]",
        derivation="x = y = (1, 1), X = Y = 2: x*_1 ~ Bin(2, 1/2), x*_2 = 2 - x*_1, y* likewise "
                   "and independent. Both areas give |x*_i/2 - y*_i/2| = |x*_1 - y*_1|/2; the "
                   "difference of two Bin(2, 1/2) has P(0) = 6/16, P(+-1) = 8/16, P(+-2) = 2/16, "
                   "E|x*_1 - y*_1| = 8/16 + 4/16 = 3/4. E[D*] = 1/2 * 2 * (3/4)/2 = 3/8; D = 0, "
                   "D_bc = 0 - 3/8 = -3/8 (negative after bias correction).", check=b)

    # one area: evenness indices 0
    x, t = [3.0], [10.0]
    for fn in ("dissimilarity", "gini_segregation", "entropy_index", "correlation_ratio",
               "atkinson_segregation", "hutchens", "minmax", "density_corrected_dissimilarity"):
        par = two_params(fn)
        chk = Fraction(0) if fn == "density_corrected_dissimilarity" else HP_TWO[fn](x, t, par)
        add(f"hand_single_area_{fn}", fn, 0.0, x=x, t=t, params=par, tolerance={"abs": 1e-15},
            source="methods.md 2.1: with one area every evenness index is exactly 0 [hand]",
            derivation="k = 1: p_1 = P, x_1/X = y_1/Y = 1; no deviation from evenness" +
            (" (the formula itself has sigma = 0 and theta = 0/0 here; the rule gives 0)"
             if fn == "density_corrected_dissimilarity" else "."),
            check=chk)
    add("hand_single_area_isolation", "isolation", 0.3, x=x, t=t, tolerance=HAND,
        source="methods.md 2.2 [hand]", derivation="one area: xPx = (3/3)(3/10) = P = 0.3.",
        check=hp_isolation(x, t))
    add("hand_single_area_expected_under_random_allocation", "expected_under_random_allocation",
        {"correlation_ratio": 0.0, "dissimilarity": 0.0, "entropy_index": 0.0, "isolation": 0.3},
        x=x, t=t, tolerance={"abs": 1e-15}, source="methods.md 2.1 and 2.6 (1) [hand]",
        derivation="one area: x_1 = X with probability 1, so every evenness index is 0 and "
                   "xPx = P = 0.3; (k-1)/(T-1) = 0.", check=hp_expected(x, t))
    m1 = [[3.0, 5.0, 2.0]]
    for fn in ("multi_dissimilarity", "multi_gini", "mutual_information",
               "multi_information_theory", "normalized_exposure", "relative_diversity",
               "squared_coefficient_of_variation", "divergence"):
        add(f"hand_single_area_{fn}", fn, 0.0, counts=m1, tolerance={"abs": 1e-15},
            source="methods.md 2.1: with one area every evenness index is exactly 0 [hand]",
            derivation="k = 1: p_1j = P_j for every group.", check=HP_MULTI[fn](m1, {}))
    add("hand_single_area_local_mutual_information", "local_mutual_information",
        {"values": [0.0]}, counts=m1, tolerance={"abs": 1e-15}, source="methods.md 2.3 [hand]",
        derivation="p_1j = P_j: ln(p/P) = 0.", check=hp_local_mi(m1))

    # multigroup hand cases
    mg = [[2.0, 0.0, 2.0], [0.0, 4.0, 0.0]]
    der_base = "t = (4, 4), T = 8, P = (1/4, 1/2, 1/4), p_1 = (1/2, 0, 1/2), p_2 = (0, 1, 0); "
    dm = hp_multi_dissim(mg)
    assert dm == Fraction(4, 5), dm
    add("hand_multi_dissimilarity", "multi_dissimilarity", 0.8, counts=mg, tolerance=HAND,
        source="methods.md 2.3 (Morgan 1975; Sakoda 1981) [hand]",
        derivation=der_base + "I = 3/16 + 1/4 + 3/16 = 5/8; sum_i sum_j t_i |p_ij - P_j| = "
                   "4 (1/4 + 1/2 + 1/4) + 4 (1/4 + 1/2 + 1/4) = 8; D_m = 8/(2 * 8 * 5/8) = 4/5 "
                   "(below 1 although no group shares an area: D_m reaches 1 only when every area "
                   "holds one group).", check=dm)
    add("hand_mutual_information", "mutual_information", math.log(2), counts=mg, tolerance=HAND,
        source="methods.md 2.3 [hand]",
        derivation=der_base + "M = 1/2 [1/2 ln(2) + 1/2 ln(2)] + 1/2 [1 ln(2)] = ln 2.",
        check=hp_mutual_information(mg))
    e = 1.5 * math.log(2)
    add("hand_multi_information_theory", "multi_information_theory", math.log(2) / e, counts=mg,
        tolerance=HAND, source="methods.md 2.3 [hand]",
        derivation=der_base + "E = 2 (1/4) ln 4 + (1/2) ln 2 = (3/2) ln 2; H = ln 2 / E = 2/3.",
        check=hp_information_theory(mg))
    add("hand_shannon_diversity", "shannon_diversity", e, counts=mg, params={"normalized": False},
        tolerance=HAND, source="methods.md 2.3 (E) [hand]",
        derivation="P = (1/4, 1/2, 1/4): E = (1/4) ln 4 * 2 + (1/2) ln 2 = (3/2) ln 2.",
        check=hp_shannon(mg))
    add("hand_shannon_diversity_normalized", "shannon_diversity", e / math.log(3), counts=mg,
        params={"normalized": True}, tolerance=HAND, source="PySAL MultiDiversity(normalized) "
        "definition E / ln J [hand]", derivation="(3/2) ln 2 / ln 3 = 0.946394630357186.",
        check=hp_shannon(mg, True))
    add("hand_simpson_interaction", "simpson_interaction", 0.625, counts=mg,
        params={"normalized": False}, tolerance=HAND, source="methods.md 2.3 (I) [hand]",
        derivation="1 - (1/16 + 1/4 + 1/16) = 5/8.", check=hp_simpson_interaction(mg))
    add("hand_simpson_interaction_normalized", "simpson_interaction", 0.9375, counts=mg,
        params={"normalized": True}, tolerance=HAND,
        source="I divided by its maximum 1 - 1/J (J = 3 groups) [hand]",
        derivation="(5/8)/(2/3) = 15/16.", check=hp_simpson_interaction(mg, True))
    add("hand_simpson_concentration", "simpson_concentration", 0.375, counts=mg, tolerance=HAND,
        source="sum_j P_j^2 [hand]", derivation="1/16 + 1/4 + 1/16 = 3/8.",
        check=hp_simpson_concentration(mg))
    ne = hp_normalized_exposure(mg)
    assert ne == Fraction(2, 3), ne
    add("hand_normalized_exposure", "normalized_exposure", 2 / 3, counts=mg, tolerance=HAND,
        source="methods.md 2.3 (James 1986) [hand]",
        derivation=der_base + "sum_i t_i (p_ij - P_j)^2 per group: j=1: 4/16 + 4/16 = 1/2, "
                   "j=2: 4/4 + 4/4 = 2, j=3: 1/2; divided by (1 - P_j): (1/2)/(3/4) + 2/(1/2) + "
                   "(1/2)/(3/4) = 2/3 + 4 + 2/3 = 16/3; over T = 8: 2/3.", check=ne)
    rd = hp_relative_diversity(mg)
    assert rd == Fraction(3, 5), rd
    add("hand_relative_diversity", "relative_diversity", 0.6, counts=mg, tolerance=HAND,
        source="methods.md 2.3 (Carlson 1992) [hand]",
        derivation=der_base + "sum_i sum_j t_i (p_ij - P_j)^2 = 1/2 + 2 + 1/2 = 3; over T I = "
                   "8 * 5/8 = 5: 3/5.", check=rd)
    cv = hp_sq_cv(mg)
    assert cv == Fraction(1, 2), cv
    add("hand_squared_coefficient_of_variation", "squared_coefficient_of_variation", 0.5,
        counts=mg, tolerance=HAND, source="methods.md 2.3 [hand]",
        derivation=der_base + "per group sum_i t_i (p_ij - P_j)^2 / P_j: (1/2)/(1/4) + 2/(1/2) + "
                   "(1/2)/(1/4) = 2 + 4 + 2 = 8; over T (J-1) = 16: 1/2.", check=cv)
    gm = hp_multi_gini(mg)
    assert gm == Fraction(4, 5), gm
    add("hand_multi_gini", "multi_gini", 0.8, counts=mg, tolerance=HAND,
        source="methods.md 2.3 (Reardon & Firebaugh 2002) [hand]",
        derivation=der_base + "sum_j sum_i sum_l t_i t_l |p_ij - p_lj| (both orders) = 2 * 16 * "
                   "(1/2 + 1 + 1/2) = 64; over 2 T^2 I = 2 * 64 * 5/8 = 80: 4/5.", check=gm)
    add("hand_location_quotient", "location_quotient", {"values": [[2.0, 0.0, 2.0],
                                                                   [0.0, 2.0, 0.0]]},
        counts=mg, tolerance=HAND, source="p_ij / P_j [hand]",
        derivation=der_base + "p_1/P = (2, 0, 2), p_2/P = (0, 2, 0).",
        check=hp_location_quotient(mg))
    add("hand_local_entropy", "local_entropy", {"values": [math.log(2), 0.0]}, counts=mg,
        params={"normalized": False}, tolerance=HAND, source="-sum_j p_ij ln p_ij [hand]",
        derivation="row 1: -2 (1/2) ln(1/2) = ln 2; row 2: 0.", check=hp_local_entropy(mg))
    add("hand_local_entropy_normalized", "local_entropy",
        {"values": [math.log(2) / math.log(3), 0.0]}, counts=mg, params={"normalized": True},
        tolerance=HAND, source="-sum_j p_ij ln p_ij / ln J (PySAL MultiLocalEntropy) [hand]",
        derivation="row 1: ln 2 / ln 3; row 2: 0.", check=hp_local_entropy(mg, True))
    add("hand_local_simpson_interaction", "local_simpson_interaction", {"values": [0.5, 0.0]},
        counts=mg, tolerance=HAND, source="sum_j p_ij (1 - p_ij) [hand]",
        derivation="row 1: 2 (1/2)(1/2) = 1/2; row 2: 0.", check=hp_local_simpson_interaction(mg))
    add("hand_local_simpson_concentration", "local_simpson_concentration",
        {"values": [0.5, 1.0]}, counts=mg, tolerance=HAND, source="sum_j p_ij^2 [hand]",
        derivation="row 1: 1/4 + 1/4; row 2: 1.", check=hp_local_simpson_concentration(mg))
    add("hand_local_mutual_information", "local_mutual_information",
        {"values": [math.log(2), math.log(2)]}, counts=mg, tolerance=HAND,
        source="methods.md 2.3 (ls_i) [hand]",
        derivation="row 1: 2 (1/2) ln((1/2)/(1/4)) = ln 2; row 2: 1 ln(1/(1/2)) = ln 2; "
                   "sum (t_i/T) ls_i = ln 2 = M.", check=hp_local_mi(mg))
    # decomposition by hand: two districts, each one area -> within 0
    dd = [[2.0, 0.0, 2.0], [0.0, 4.0, 0.0], [1.0, 1.0, 2.0]]
    dist = [0, 0, 1]
    dec = hp_decomposition(dd, dist)
    add("hand_mutual_information_decomposition", "mutual_information_decomposition",
        {k: float(v) for k, v in dec.items()}, counts=dd, districts=dist,
        tolerance={"rel": 1e-12, "abs": 1e-15}, source="methods.md 2.3 (decomposition of M) [hand]",
        derivation="T = 12, P = (1/4, 5/12, 1/3). District 1 = rows 1-2 with group totals "
                   "(2, 4, 2), district 2 = row 3 (1, 1, 2). Between: M of (2,4,2)/(1,1,2) "
                   "= (8/12)[1/4 ln(1) + 1/2 ln((1/2)/(5/12)) + 1/4 ln((1/4)/(1/3))] + (4/12)[1/4 "
                   "ln(1) + 1/4 ln((1/4)/(5/12)) + 1/2 ln((1/2)/(1/3))] = 0.0378355562. Within: "
                   "district 1 is the table of hand_mutual_information (M_1 = ln 2), weight "
                   "8/12; district 2 has one area (M_2 = 0): within = (2/3) ln 2 = 0.4620981204; "
                   "total = between + within. H parts = M parts / E, E = -sum P_j ln P_j = "
                   "1.0775563.", check=dec)
    assert abs(dec["m_within"] - Decimal(2) / 3 * Decimal(2).ln()) < Decimal("1e-50")

    # NaN policies
    xn, tn = [12.0, "nan", 5.0, 40.0, 13.0, 30.0], [60.0, 80.0, 50.0, 90.0, 70.0, 80.0]
    xs_ok, ts_ok = [12, 5, 40, 13, 30], [60, 50, 90, 70, 80]
    for fn in ("dissimilarity", "entropy_index", "isolation"):
        add(f"hand_{fn}_omit_nan", fn, float(HP_TWO[fn](xs_ok, ts_ok, {})), x=xn, t=tn,
            params={"nan_policy": "omit"}, tolerance=EXACT,
            source="methods.md 0.2 (Omit drops the area) [hand]",
            derivation="the area with x = NaN is dropped; the rest is the methods.md 2.8 example "
                       "in another order (the index does not depend on the order).",
            check=HP_TWO[fn](xs_ok, ts_ok, {}))
    add("hand_expected_under_random_allocation_omit_nan", "expected_under_random_allocation",
        sp_expected(xs_ok, ts_ok), x=xn, t=tn, params={"nan_policy": "omit"}, tolerance=EXACT,
        check=hp_expected(xs_ok, ts_ok),
        source=f"{SCIPY_EXACT} after dropping the area with x = NaN (methods.md 0.2)")
    for fn in ("dissimilarity", "correlation_ratio"):
        add(f"hand_{fn}_propagate_nan", fn, "nan", x=xn, t=tn,
            params={"nan_policy": "propagate"}, tolerance=HAND,
            source="NaN policy 'propagate' (README schema): any missing value makes the result "
                   "NaN [hand]", derivation="x contains NaN under propagate: NaN.", check="nan")
    add("hand_expected_under_random_allocation_propagate_nan", "expected_under_random_allocation",
        {"correlation_ratio": "nan", "dissimilarity": "nan", "entropy_index": "nan",
         "isolation": "nan"}, x=xn, t=tn, params={"nan_policy": "propagate"}, tolerance=HAND,
        source="NaN policy 'propagate' (README schema) [hand]",
        derivation="x contains NaN under propagate: every member NaN.",
        check={"correlation_ratio": "nan", "dissimilarity": "nan", "entropy_index": "nan",
               "isolation": "nan"})
    mn = EX_M[:1] + [[30.0, "nan", 15.0]] + EX_M[1:]
    add("hand_mutual_information_omit_nan", "mutual_information",
        float(hp_mutual_information(EX_M)), counts=mn, params={"nan_policy": "omit"},
        tolerance=EXACT, source="methods.md 0.2 (Omit drops the area with a missing count) [hand]",
        derivation="row 2 has a NaN and is dropped; the rest is the methods.md 2.8 multigroup "
                   "example: M = 0.0610267...", check=hp_mutual_information(EX_M))
    add("hand_multi_dissimilarity_propagate_nan", "multi_dissimilarity", "nan", counts=mn,
        params={"nan_policy": "propagate"}, tolerance=HAND,
        source="NaN policy 'propagate' (README schema) [hand]",
        derivation="a count is NaN under propagate: NaN.", check="nan")
    lv = hp_local_mi(mn)
    assert lv["values"][1] == "nan"
    add("hand_local_mutual_information_omit_nan", "local_mutual_information", lv, counts=mn,
        params={"nan_policy": "omit"}, tolerance={"rel": 1e-12, "abs": 1e-15},
        source="methods.md 0.2 (Omit): the area with a missing count gets 'nan', the others are "
               "computed with P_j from the remaining areas [hand]",
        derivation="rows 1, 3-6 are the methods.md 2.8 example: their ls_i are 0.026486, "
                   "0.018729, 0.204718, 0.066345, 0.029499; row 2 is 'nan'.", check=lv)
    def simpson_row(row):
        if any(v == "nan" for v in row):
            return "nan"
        tot = sum(Fraction(v) for v in row)
        return float(1 - sum((Fraction(v) / tot) ** 2 for v in row))
    ls = {"values": [simpson_row(r) for r in mn]}
    add("hand_local_simpson_interaction_propagate_nan", "local_simpson_interaction",
        ls, counts=mn, params={"nan_policy": "propagate"}, tolerance=HAND,
        source="NaN policy 'propagate' for area-level (local) results: elementwise, the area with "
               "a missing count gets 'nan' and the others keep their values "
               "(architecture.md section 3) [hand]",
        derivation="local Simpson interaction 1 - sum_j p_ij^2 per row; row 2 has a NaN.",
        check=ls)
    dn = EX_DIST[:1] + [1] + EX_DIST[1:]
    add("hand_mutual_information_decomposition_omit_nan", "mutual_information_decomposition",
        {k: float(v) for k, v in hp_decomposition(EX_M, EX_DIST).items()}, counts=mn,
        districts=dn, params={"nan_policy": "omit"}, tolerance={"rel": 1e-12, "abs": 1e-15},
        source="methods.md 0.2 (Omit) [hand]",
        derivation="row 2 (district 1) has a NaN and is dropped; the rest is the methods.md 2.8 "
                   "decomposition: M between 0.0009856, within 0.0600411.",
        check=hp_decomposition(EX_M, EX_DIST))
    dneg = [1, 1, -1, 2, 2, 2]
    mneg = EX_M[:2] + [[50.0, 1.0, 1.0]] + EX_M[2:]
    add("hand_mutual_information_decomposition_missing_district_omit",
        "mutual_information_decomposition",
        {k: float(v) for k, v in hp_decomposition(EX_M, EX_DIST).items()}, counts=mneg,
        districts=dneg, params={"nan_policy": "omit"}, tolerance={"rel": 1e-12, "abs": 1e-15},
        source="methods.md 0.2 (Omit) and the README schema (a negative district code is "
               "missing, as a negative group code in inequality) [hand]",
        derivation="the row with district -1 is dropped under omit; the rest is the methods.md "
                   "2.8 decomposition.", check=hp_decomposition(mneg, dneg))


def errors():
    def e(cid, function, kind, why, **kw):
        add(cid, function, expected_error=kind, source=why + " [hand]", tolerance=HAND, **kw)

    x, t = EX_X, EX_T
    e("err_dissimilarity_negative_count", "dissimilarity", "InvalidCount",
      "methods.md 0.1/2.1: a negative count -> Err", x=[12.0, -1.0, 5.0], t=[60.0, 80.0, 50.0])
    e("err_gini_segregation_x_above_t", "gini_segregation", "InvalidCount",
      "methods.md 2.1: x_i > t_i -> Err", x=[12.0, 90.0, 5.0], t=[60.0, 80.0, 50.0])
    e("err_isolation_x_above_t", "isolation", "InvalidCount", "methods.md 2.1: x_i > t_i -> Err",
      x=[3.0, 1.0], t=[2.0, 5.0])
    e("err_entropy_index_negative_total", "entropy_index", "InvalidCount",
      "methods.md 0.1/2.1: a negative count -> Err", x=[0.0, 1.0], t=[-1.0, 5.0])
    e("err_multi_dissimilarity_negative_count", "multi_dissimilarity", "InvalidCount",
      "methods.md 0.1/2.1: a negative count -> Err", counts=[[1.0, 2.0], [-3.0, 4.0]])
    e("err_location_quotient_negative_count", "location_quotient", "InvalidCount",
      "methods.md 0.1/2.1: a negative count -> Err", counts=[[1.0, 2.0], [3.0, -4.0]])
    e("err_mutual_information_decomposition_negative_count", "mutual_information_decomposition",
      "InvalidCount", "methods.md 0.1/2.1: a negative count -> Err",
      counts=[[1.0, 2.0], [3.0, -4.0]], districts=[0, 1])
    for fn in ("expected_under_random_allocation", "bias_corrected_dissimilarity",
               "winship_expected_dissimilarity"):
        e(f"err_{fn}_non_integer", fn, "InvalidCount",
          "methods.md 0.4: the exact hypergeometric / binomial computations need integer counts "
          "(InvalidCount: 'a count that is negative or not integral')",
          x=[12.5, 30.0, 5.0], t=[60.0, 80.0, 50.0])
    e("err_carrington_troske_non_integer", "carrington_troske", "InvalidCount",
      "methods.md 0.4: the exact fixed-margin expectation needs integer counts",
      x=[12.0, 30.0, 5.0], t=[60.0, 80.5, 50.0], params={"index": "dissimilarity"})

    # Undefined: an empty group, no population
    for fn in ("dissimilarity", "gini_segregation", "atkinson_segregation", "hutchens",
               "minmax", "concentration_profile", "density_corrected_dissimilarity",
               "expected_under_random_allocation", "self_excluded_separation"):
        e(f"err_{fn}_x_zero", fn, "Undefined",
          "methods.md 2.2: X = 0 (one group empty) -> Undefined for every two-group index",
          x=[0.0, 0.0, 0.0], t=[60.0, 80.0, 50.0], params=two_params(fn))
    for fn in ("entropy_index", "isolation", "exposure", "correlation_ratio", "carrington_troske",
               "winship_expected_dissimilarity", "bias_corrected_dissimilarity"):
        par = {"index": "entropy_index"} if fn == "carrington_troske" else {}
        e(f"err_{fn}_x_equals_t", fn, "Undefined",
          "methods.md 2.2: X = T (the other group empty) -> Undefined for every two-group index",
          x=[60.0, 80.0, 50.0], t=[60.0, 80.0, 50.0], params=par)
    e("err_dissimilarity_all_zero", "dissimilarity", "Undefined",
      "methods.md 2.1/2.2: every area has t = 0 (all dropped; T = 0) -> Undefined",
      x=[0.0, 0.0], t=[0.0, 0.0])
    e("err_self_excluded_separation_single_person_areas", "self_excluded_separation",
      "Undefined", "methods.md 2.6 (5): areas with t_i = 1 are dropped; none left -> Undefined",
      x=[1.0, 0.0], t=[1.0, 1.0])
    for fn in ("multi_dissimilarity", "mutual_information", "multi_information_theory",
               "squared_coefficient_of_variation", "multi_gini"):
        e(f"err_{fn}_one_group", fn, "Undefined",
          "methods.md 2.1: fewer than two non-empty groups -> Undefined",
          counts=[[3.0, 0.0], [5.0, 0.0]])
    e("err_mutual_information_decomposition_one_group", "mutual_information_decomposition",
      "Undefined", "methods.md 2.1: fewer than two non-empty groups -> Undefined",
      counts=[[3.0, 0.0], [5.0, 0.0]], districts=[0, 1])
    for fn in ("multi_dissimilarity", "relative_diversity", "shannon_diversity",
               "simpson_concentration"):
        par = {"normalized": False} if fn == "shannon_diversity" else {}
        e(f"err_{fn}_all_zero", fn, "Undefined",
          "methods.md 2.1: all-zero population (every area dropped) -> Undefined",
          counts=[[0.0, 0.0], [0.0, 0.0]], params=par)
    e("err_local_entropy_all_zero", "local_entropy", "Undefined",
      "methods.md 2.1: all-zero population -> Undefined", counts=[[0.0, 0.0], [0.0, 0.0]],
      params={"normalized": False})

    # shape, empty, missing, non-finite
    e("err_dissimilarity_length_mismatch", "dissimilarity", "ShapeMismatch",
      "methods.md 0.1: x and t of different lengths -> Err", x=[1.0, 2.0], t=[5.0, 5.0, 5.0])
    e("err_expected_under_random_allocation_length_mismatch", "expected_under_random_allocation",
      "ShapeMismatch", "methods.md 0.1: x and t of different lengths -> Err", x=[1.0, 2.0, 3.0],
      t=[5.0, 5.0])
    e("err_mutual_information_decomposition_districts_length", "mutual_information_decomposition",
      "ShapeMismatch", "methods.md 0.1: one district per area (row) -> Err otherwise",
      counts=EX_M, districts=[1, 1, 2, 2])
    e("err_dissimilarity_empty", "dissimilarity", "EmptyInput", "no areas -> Err", x=[], t=[])
    e("err_multi_dissimilarity_empty", "multi_dissimilarity", "EmptyInput",
      "a table without rows -> Err", counts=[])
    e("err_isolation_all_nan_omit", "isolation", "EmptyInput",
      "methods.md 0.2: omit drops every area, none left -> Err", x=["nan", "nan"],
      t=[5.0, 5.0], params={"nan_policy": "omit"})
    e("err_dissimilarity_nan_raise", "dissimilarity", "MissingValue",
      "methods.md 0.2: NaN under the default (raise) policy -> Err", x=[12.0, "nan", 5.0],
      t=[60.0, 80.0, 50.0], params={"nan_policy": "raise"})
    e("err_entropy_index_nan_total_raise", "entropy_index", "MissingValue",
      "methods.md 0.2: NaN under raise -> Err", x=[12.0, 30.0, 5.0], t=[60.0, "nan", 50.0])
    e("err_mutual_information_nan_raise", "mutual_information", "MissingValue",
      "methods.md 0.2: NaN under raise -> Err", counts=[[1.0, 2.0], ["nan", 4.0]])
    e("err_local_simpson_concentration_nan_raise", "local_simpson_concentration", "MissingValue",
      "methods.md 0.2: NaN under raise -> Err", counts=[[1.0, 2.0], ["nan", 4.0]])
    e("err_mutual_information_decomposition_missing_district_raise",
      "mutual_information_decomposition", "MissingValue",
      "README schema (negative district code = missing) and methods.md 0.2 (raise)",
      counts=EX_M, districts=[1, 1, -1, 2, 2], params={"nan_policy": "raise"})
    e("err_dissimilarity_inf", "dissimilarity", "NonFinite", "methods.md 0.2: infinite input -> Err",
      x=[12.0, 30.0, 5.0], t=[60.0, "inf", 50.0])
    e("err_correlation_ratio_inf_omit", "correlation_ratio", "NonFinite",
      "infinity is an error under every NaN policy (error.rs NonFinite)", x=["inf", 30.0, 5.0],
      t=[60.0, 80.0, 50.0], params={"nan_policy": "omit"})
    e("err_multi_gini_inf", "multi_gini", "NonFinite", "methods.md 0.2: infinite input -> Err",
      counts=[[1.0, 2.0], ["inf", 4.0]])

    # parameters
    for b in (0.0, 1.0, 1.5, -0.2):
        e(f"err_atkinson_segregation_b_{str(b).replace('-', 'm').replace('.', '_')}",
          "atkinson_segregation", "InvalidParameter", "methods.md 2.2: 0 < b < 1",
          x=x, t=t, params={"b": b})
    e("err_concentration_profile_points_1", "concentration_profile", "InvalidParameter",
      "the profile grid needs at least 2 points (PySAL: m > 1)", x=x, t=t, params={"points": 1})
    e("err_carrington_troske_unknown_index", "carrington_troske", "InvalidParameter",
      "index must be dissimilarity, entropy_index or correlation_ratio", x=x, t=t,
      params={"index": "gini_segregation"})


# --------------------------------------------------------------------------------------------
# output

ARRAYS = {"x", "t", "counts", "districts", "expected"}
TWO = {"dissimilarity", "gini_segregation", "entropy_index", "isolation", "exposure",
       "correlation_ratio", "atkinson_segregation", "hutchens", "minmax",
       "density_corrected_dissimilarity", "concentration_profile",
       "expected_under_random_allocation", "carrington_troske", "winship_expected_dissimilarity",
       "bias_corrected_dissimilarity", "self_excluded_separation"}
MULTI = set(MULTI_FUNCS) | {"rank_order_information_theory", "rank_order_variance_ratio"}
LOCAL = {"location_quotient", "local_entropy", "local_simpson_interaction",
         "local_simpson_concentration", "local_mutual_information"}
DECOMP = {"mutual_information_decomposition"}
OBJECT_KEYS = {
    "expected_under_random_allocation": {"dissimilarity", "entropy_index", "correlation_ratio",
                                         "isolation"},
    "winship_expected_dissimilarity": {"exact", "normal_approximation"},
    "bias_corrected_dissimilarity": {"value", "observed", "expected_bootstrap"},
    "mutual_information_decomposition": {"m_total", "m_between", "m_within", "h_total",
                                         "h_between", "h_within"},
}


# --------------------------------------------------------------------------------------------
# rank-order indices (PySAL segregation 2.6 `rankorder`)
# --------------------------------------------------------------------------------------------
# `segregation` 2.6 declares Python >= 3.12, so pip does not offer it for 3.11; its pure-Python
# wheel runs here unchanged. Install it beside the 2.5.4 venv and point SEGREGATION_26 at it:
#   /tmp/segpeers/bin/pip download segregation==2.6.0 --no-deps --python-version 3.12 \
#       --only-binary=:all: -d /tmp/seg26
#   /tmp/segpeers/bin/pip install --no-deps --ignore-requires-python --target /tmp/seg26lib \
#       /tmp/seg26/segregation-2.6.0-py3-none-any.whl
#   /tmp/segpeers/bin/pip install statsmodels==0.14.6 --target /tmp/seg26sm
#   SEGREGATION_26=/tmp/seg26lib:/tmp/seg26sm python tests/golden/generate_segregation.py
# The peer runs in a subprocess, so every other case still comes from 2.5.4.

RANK_ORDER_PEER = r"""
import json, sys
import pandas as pd
import segregation
from segregation.rankorder import RankOrderInfoTheory, RankOrderVarianceRatio
out = {"version": segregation.__version__, "values": []}
for rows in json.loads(sys.stdin.read()):
    df = pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(rows[0]))])
    cols = list(df.columns)
    out["values"].append([RankOrderInfoTheory(df, cols).statistic,
                          RankOrderVarianceRatio(df, cols).statistic])
print(json.dumps(out))
"""


def _rank_order_independent(rows, kind):
    """Reardon's rank-order index by a second route: numpy least squares on sqrt-weighted rows
    (not statsmodels), two-group H / eta^2 from their closed forms, exact deltas."""
    m = np.array(rows, dtype=float)
    t = m.sum(axis=1)
    t_all = t.sum()
    cum = np.cumsum(m, axis=1)
    ps, ys = [], []
    for k in range(m.shape[1] - 1):
        x = cum[:, k]
        p = x.sum() / t_all
        if not 0 < p < 1:
            continue
        pi = np.divide(x, t, out=np.zeros_like(x), where=t > 0)
        if kind == "info":
            def ent(q):
                q = np.clip(q, 0, 1)
                with np.errstate(divide="ignore", invalid="ignore"):
                    a = np.where(q > 0, q * np.log(q), 0.0)
                    b = np.where(q < 1, (1 - q) * np.log(1 - q), 0.0)
                return -(a + b)
            e = ent(np.array(p))
            y = float(np.sum(t * (e - ent(pi))) / (e * t_all))
        else:
            y = float(np.sum(t * (pi - p) ** 2) / (t_all * p * (1 - p)))
        ps.append(p)
        ys.append(y)
    ps, ys = np.array(ps), np.array(ys)
    deg = 4
    w = (-2 * (ps * np.log(ps) + (1 - ps) * np.log(1 - ps)) if kind == "info"
         else 4 * ps * (1 - ps)) ** 2
    design = np.vander(ps, deg + 1, increasing=True)
    sw = np.sqrt(w)
    beta = np.linalg.lstsq(design * sw[:, None], ys * sw, rcond=None)[0]
    if kind == "info":
        deltas = [2 / Fraction(q + 2) ** 2 + 2 * sum(
            (-1) ** (q - n) * math.comb(q, n) / Fraction(q - n + 2) ** 2 for n in range(q + 1))
            for q in range(deg + 1)]
    else:
        deltas = [Fraction(6, (q + 2) * (q + 3)) for q in range(deg + 1)]
    return float(sum(float(d) * b for d, b in zip(deltas, beta)))


def rank_order():
    path = os.environ.get("SEGREGATION_26")
    if not path:
        sys.exit("rank-order cases need PySAL segregation 2.6: set SEGREGATION_26 (see the "
                 "comment above RANK_ORDER_PEER)")
    nrw = []
    with open(HERE / NRW_FILE, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            nrw.append([float(r[f"stage_{i}"]) for i in range(1, 10)])
    rng = np.random.default_rng(20261123)
    ordered = [[int(v) for v in rng.integers(0, 40, size=6) + np.arange(6) * (i % 5)]
               for i in range(60)]
    tables = [nrw, ordered]
    import subprocess
    env = dict(os.environ, PYTHONPATH=path)
    res = subprocess.run([sys.executable, "-c", RANK_ORDER_PEER], input=json.dumps(tables),
                         capture_output=True, text=True, env=env, check=True)
    peer = json.loads(res.stdout)
    src = (f"PySAL segregation {peer['version']} rankorder (RankOrderInfoTheory / "
           "RankOrderVarianceRatio, degree 4) on the same table [peer]")
    nrw_file = {"path": NRW_FILE, "columns": [f"stage_{i}" for i in range(1, 10)]}
    for name, rows, kw in (("nrw_gemeinden_stages", nrw, {"counts_file": nrw_file}),
                           ("random60_six_categories", ordered, {"counts": ordered})):
        it, vr = peer["values"][0 if rows is nrw else 1]
        add_peer(f"peer_rank_order_information_theory_{name}", "rank_order_information_theory",
                 it, _rank_order_independent(rows, "info"), source=src, **kw)
        add_peer(f"peer_rank_order_variance_ratio_{name}", "rank_order_variance_ratio",
                 vr, _rank_order_independent(rows, "variance"), source=src, **kw)
    add("err_rank_order_information_theory_two_groups", "rank_order_information_theory",
        counts=[[1, 2], [3, 1]], expected_error="Undefined",
        source="an ordered variable needs at least three categories (two give one threshold) [hand]")


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
    lines += ["  ],", '  "family": "segregation",', '  "schema": 1', "}"]
    return "\n".join(lines) + "\n"


def _num_ok(v):
    return isinstance(v, float) or v in ("nan", "inf", "-inf")


def _cf_key(c):
    return c["counts_file"]["path"], tuple(c["counts_file"]["columns"])


# what each counts_file reference must read back as (the data the script computed with)
FILE_TABLES = {
    (SAC_FILE, tuple(SAC_GROUPS)): SAC_M,
    (SAC_FILE, ("HISP_", "TOT_POP")): [list(v) for v in zip(SAC_X, SAC_T)],
    (NRW_FILE, tuple(NRW_COLS)): NRW_M,
    (NRW_FILE, ("stage_7_to_9", "total")): [list(v) for v in zip(NRW_X, NRW_T)],
    (HH_FILE, tuple(HH_CF["columns"])): HH_M,
    (HH_FILE, tuple(HH_CF2["columns"])): [[g, s] for g, s in zip(HH_GYM, HH_STS)],
    (HH_FILE, tuple(HH_XT["columns"])): [list(v) for v in zip(HH_X, HH_T)],
}


def validate(doc):
    kinds = {"MissingValue", "EmptyInput", "ShapeMismatch", "NonFinite", "InvalidCount",
             "InvalidParameter", "Undefined"}
    funcs = TWO | MULTI | LOCAL | DECOMP
    assert doc["schema"] == 1 and doc["family"] == "segregation"
    ids = [c["id"] for c in doc["cases"]]
    assert len(ids) == len(set(ids))
    valued = {f: 0 for f in funcs}
    for c in doc["cases"]:
        cid, fn = c["id"], c["function"]
        assert fn in funcs, cid
        assert set(c) >= {"id", "function", "x", "t", "counts", "counts_file", "districts",
                          "params", "source", "tolerance"}, cid
        assert isinstance(c["source"], str) and c["source"], cid
        assert c["tolerance"] and set(c["tolerance"]) <= {"abs", "rel"}, cid
        assert ("expected" in c) != ("expected_error" in c), cid
        assert set(c["params"]) <= {"nan_policy", "b", "points", "index", "normalized"}, cid
        if fn in TWO:
            assert c["counts"] is None and c["districts"] is None, cid
            if c["counts_file"] is None:
                assert isinstance(c["x"], list) and isinstance(c["t"], list), cid
                assert all(_num_ok(v) for v in c["x"] + c["t"]), cid
            else:
                assert c["x"] is None and c["t"] is None, cid
                assert set(c["counts_file"]) == {"path", "columns"}, cid
                assert len(c["counts_file"]["columns"]) == 2, cid
                assert read_counts_file(c["counts_file"]) == FILE_TABLES[_cf_key(c)], cid
        else:
            assert c["x"] is None and c["t"] is None, cid
            assert (c["counts"] is None) != (c["counts_file"] is None), cid
            if c["counts"] is not None:
                assert all(_num_ok(v) for r in c["counts"] for v in r), cid
                assert len({len(r) for r in c["counts"]}) <= 1, cid
            else:
                assert set(c["counts_file"]) == {"path", "columns"}, cid
                assert (HERE / c["counts_file"]["path"]).is_file(), cid
            assert (c["districts"] is not None) == (fn in DECOMP), cid
        if "expected_error" in c:
            assert c["expected_error"] in kinds, cid
            continue
        valued[fn] += 1
        exp = c["expected"]
        rows = read_counts_file(c["counts_file"]) if c["counts_file"] else c["counts"]
        if fn in OBJECT_KEYS:
            assert set(exp) == OBJECT_KEYS[fn], cid
        elif fn in LOCAL:
            assert set(exp) == {"values"} and len(exp["values"]) == len(rows), cid
            if fn == "location_quotient":
                assert all(len(v) == len(rows[0]) for v in exp["values"]), cid
        else:
            assert _num_ok(exp), cid
        if fn in DECOMP:
            assert len(c["districts"]) == len(rows), cid
        if c["counts_file"] and fn not in TWO:
            assert read_counts_file(c["counts_file"]) == FILE_TABLES[_cf_key(c)], cid
    missing = [f for f, n in valued.items() if n == 0]
    assert not missing, f"functions without a value case: {missing}"
    return valued


def main():
    write_data_files()
    for f in (published, methods_computed, peers, conventions, hand, errors, rank_order):
        t0 = time.time()
        f()
        print(f.__name__, round(time.time() - t0, 1), "s", file=sys.stderr)
    text = render(CASES)
    doc = json.loads(text)
    valued = validate(doc)
    OUT.write_text(text, encoding="utf-8")
    kinds = {}
    for c in CASES:
        k = _kind(c["source"]) + (" (error)" if "expected_error" in c else "")
        kinds[k] = kinds.get(k, 0) + 1
    print(f"wrote {OUT} ({len(text)} bytes, {len(CASES)} cases)")
    for f in (SAC_FILE, NRW_FILE, HH_FILE):
        print(f"wrote {HERE / f} ({(HERE / f).stat().st_size} bytes)")
    print("cases by kind:", dict(sorted(kinds.items())))
    per = {}
    for c in CASES:
        per.setdefault(c["function"], [0, 0])[1 if "expected_error" in c else 0] += 1
    print("cases per function (value, error):")
    for f in sorted(per):
        print(f"  {f}: {per[f][0]}, {per[f][1]}")
    print("largest relative difference expected vs independent high-precision route, by kind:")
    for k, (v, where) in sorted(WORST.items()):
        print(f"  {k}: {v:.2e} ({where})")
    for c in CASES:
        if "widened" in c["source"] or c["tolerance"].get("rel", 0) > 1e-10:
            print("  tolerance wider than rel 1e-10:", c["id"], c["tolerance"])
    print("published values reproduced:")
    for r in REPRODUCED:
        print("  ", r)
    print(f"versions: segregation {V_SEG}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"scipy {scipy.__version__}, python {sys.version.split()[0]}")
    assert valued


if __name__ == "__main__":
    main()
