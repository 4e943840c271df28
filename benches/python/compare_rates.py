#!/usr/bin/env python3
"""Time bildung's interval functions against statsmodels / SciPy on the same areas.

One run times, on the same synthetic areas at k = 1e4 .. 1e6 (populations 20..5000, log-uniform;
true proportions 0.02..0.30; binomial event counts; deterministic per seed and size):

==============================================  ================================================
bildung (``bildung.rates``)                      peer
==============================================  ================================================
``proportion_ci(x, n, method="wilson")``         statsmodels ``proportion_confint(method="wilson")``
``method="clopper_pearson"``                     ``method="beta"``
``method="agresti_coull"``                       ``method="agresti_coull"``
``method="jeffreys"``                            ``method="jeffreys"``
``method="wald"``                                ``method="normal"``
``poisson_ci(x, method="exact")``                SciPy ``chi2.ppf(a/2, 2x)/2``, ``chi2.ppf(1-a/2, 2x+2)/2``
==============================================  ================================================

Both sides are called with numpy arrays (the peers are vectorised); statsmodels is timed as users
call it. Agreement (relative 1e-9) is checked where the conventions coincide: statsmodels does
not clamp Wald / Agresti-Coull to [0, 1] and keeps the plain beta quantile for Jeffreys at
x = 0 and x = n, where bildung applies the Brown-Cai-DasGupta fix (L = 0, U = 1); those areas are
left out of the comparison (their number is printed).

Usage::

    python benches/python/compare_rates.py [--sizes 1e4,1e5,1e6] [--repeats 5] [--cap 60]

Build bildung in release mode (``maturin develop --release -m bildung-py/Cargo.toml``) and
install the peers (``pip install -r benches/python/requirements.txt``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_inequality import (  # noqa: E402  (the sibling script; its main() is guarded)
    fmt_n,
    fmt_time,
    is_debug_build,
    parse_sizes,
    time_call,
    warn_blas_env,
)

TOLERANCE = 1e-9
DEFAULT_SIZES = "1e4,1e5,1e6"
LEVEL = 0.95

# (bildung method, statsmodels method)
PROPORTION = [
    ("wilson", "wilson"),
    ("clopper_pearson", "beta"),
    ("agresti_coull", "agresti_coull"),
    ("jeffreys", "jeffreys"),
    ("wald", "normal"),
]


def make_data(k: int, seed: int) -> Tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, k])
    n = np.floor(np.exp(rng.uniform(np.log(20), np.log(5000), k)))
    p = rng.uniform(0.02, 0.30, k)
    x = rng.binomial(n.astype(np.int64), p).astype(np.float64)
    return x, n


def comparable(method: str, x: np.ndarray, n: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Areas where bildung and the peer follow the same convention."""
    mask = np.isfinite(lo) & np.isfinite(hi)
    if method in ("wald", "agresti_coull"):
        mask &= (lo >= 0.0) & (hi <= 1.0)
    if method == "jeffreys":
        mask &= (x > 0) & (x < n)
    return mask


def max_rel(a: np.ndarray, b: np.ndarray) -> float:
    """Largest relative difference; differences below 1e-15 absolute count as 0 (statsmodels'
    Wilson lower limit at x = 0 is a rounding residue around 1e-17, bildung's is exactly 0)."""
    scale = np.maximum(np.abs(a), np.abs(b))
    d = np.abs(a - b)
    d = np.where(d <= 1e-15, 0.0, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(scale > 0, d / scale, 0.0)
    return float(r.max()) if r.size else 0.0


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--cap", type=float, default=60.0, help="time budget per cell (s)")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    warn_blas_env()

    try:
        import bildung
        from bildung import rates
    except ImportError as e:
        print(f"error: bildung is not importable ({e})", file=sys.stderr)
        return 2
    try:
        import scipy
        import statsmodels
        from scipy.stats import chi2
        from statsmodels.stats.proportion import proportion_confint
    except ImportError as e:
        print(f"error: a peer is missing ({e}); pip install -r benches/python/requirements.txt",
              file=sys.stderr)
        return 2
    if is_debug_build(getattr(bildung, "_core", None)):
        print("WARNING: bildung looks like a debug build; use `maturin develop --release`.")
    print(f"bildung {bildung.__version__}, statsmodels {statsmodels.__version__}, "
          f"SciPy {scipy.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs")
    print(f"level {LEVEL}; median per call of up to {args.repeats} runs after a warm-up call")
    print()
    header = (f"{'interval':<18} {'k':>4}  {'bildung':>9}  {'peer':>9}  {'peer/bildung':>12}  "
              f"{'compared':>9}  agree (max rel diff)")
    print(header)
    print("-" * len(header))

    all_agree = True
    alpha = 1.0 - LEVEL
    for k in args.sizes:
        x, n = make_data(k, args.seed)
        cells: List[Tuple[str, Callable[[], Any], Callable[[], Any], Callable[..., Tuple[np.ndarray, np.ndarray, np.ndarray]]]] = []
        for ours, theirs in PROPORTION:
            def run_ours(m: str = ours) -> Any:
                return rates.proportion_ci(x, n, method=m, level=LEVEL)

            def run_peer(m: str = theirs) -> Any:
                return proportion_confint(x, n, alpha=alpha, method=m)

            cells.append((ours, run_ours, run_peer, lambda o, p, m=ours: (
                np.asarray(o.lower), np.asarray(o.upper), comparable(m, x, n, np.asarray(p[0]),
                                                                      np.asarray(p[1])))))

        def poisson_ours() -> Any:
            return rates.poisson_ci(x, method="exact", level=LEVEL)

        def poisson_peer() -> Tuple[np.ndarray, np.ndarray]:
            lo = np.where(x > 0, chi2.ppf(alpha / 2, 2 * np.maximum(x, 1)) / 2, 0.0)
            return lo, chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2

        cells.append(("poisson exact", poisson_ours, poisson_peer, lambda o, p: (
            np.asarray(o.lower), np.asarray(o.upper), np.ones(len(x), dtype=bool))))

        for name, f_ours, f_peer, pick in cells:
            t_ours = time_call(f_ours, args.repeats, args.cap)
            t_peer = time_call(f_peer, args.repeats, args.cap)
            o, p = f_ours(), f_peer()
            lo, hi, mask = pick(o, p)
            plo, phi = np.asarray(p[0], dtype=float), np.asarray(p[1], dtype=float)
            diff = max(max_rel(lo[mask], plo[mask]), max_rel(hi[mask], phi[mask]))
            ok = diff <= TOLERANCE
            all_agree &= ok
            ratio = t_peer["median_s"] / t_ours["median_s"]
            print(f"{name:<18} {fmt_n(k):>4}  {fmt_time(t_ours['median_s']):>9}  "
                  f"{fmt_time(t_peer['median_s']):>9}  {ratio:>11.1f}x  "
                  f"{int(mask.sum()):>9}  {'yes' if ok else 'NO '} {diff:.0e}")
    print()
    print("all compared limits agree within 1e-09 relative" if all_agree
          else "DISAGREEMENT above 1e-09 relative (see the rows marked NO)")
    return 0 if all_agree else 1


if __name__ == "__main__":
    sys.exit(main())
