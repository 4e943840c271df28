#!/usr/bin/env python3
"""Time bildung's Fay-Herriot model against samplics' ``EblupAreaModel`` (REML) on the same data.

One run fits the Fay-Herriot area-level model with REML on the same synthetic data at m = 40,
400 and 4,000 areas (two covariates plus an intercept) with

* bildung: ``bildung.smallarea.fay_herriot(y, psi, X, method="reml")`` (EBLUP, MSE, beta with
  standard errors; the arithmetic in Rust, single-threaded);
* samplics 0.6.1: ``EblupAreaModel(FitMethod.reml).fit(yhat=y, X=X, area=..., error_std=
  sqrt(psi), intercept=True, tol=..., maxiter=100)`` followed by ``.predict(X, area)`` (what a
  user calls to get the EBLUPs and MSEs; numpy with ``m x m`` matrices, BLAS threads as
  configured).

Both use the same convergence tolerance (relative change of the variance component, default
1e-10; samplics' own default is 1e-4, which saves it about two iterations). It prints the median
time per call, the ratio samplics / bildung and the agreement of the variance component, the
EBLUPs and the MSEs (largest relative difference; 1e-8 expected, exit status 1 otherwise).
samplics' ML and FH fits are not timed: they are defective (see
``../shared/reference/peers.md`` section 4).

Data (numpy PCG64, seeded per size): ``z1 ~ N(0, 1)``, ``z2 ~ U(0, 1)``, ``psi ~ U(0.002,
0.02)``, ``y = 0.3 + 0.05 z1 + 0.2 z2 + N(0, 0.07^2) + N(0, psi)`` (the model of the golden
400-area case and of the criterion bench ``benches/benches/smallarea.rs``).

Usage::

    python benches/python/compare_smallarea.py [--sizes 40,400,4000] [--json results.json]
           [--cap 300] [--repeats 7] [--tol 1e-10]

Install samplics next to the pinned peers (``pip install -r benches/python/requirements.txt``)
and build bildung in release mode (``maturin develop --release -m bildung-py/Cargo.toml``).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import sys
import warnings
from typing import Any, Dict, List, Optional

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_inequality import (  # noqa: E402  (the sibling script; its main() is guarded)
    BLAS_VARS,
    fmt_time,
    is_debug_build,
    parse_sizes,
    time_call,
    warn_blas_env,
)

TOLERANCE = 1e-8
DEFAULT_SIZES = "40,400,4000"


def make_data(m: int, seed: int) -> Dict[str, np.ndarray]:
    rng = np.random.default_rng([seed, m])
    x = np.column_stack([rng.normal(size=m), rng.uniform(0.0, 1.0, size=m)])
    psi = rng.uniform(0.002, 0.02, size=m)
    y = 0.3 + 0.05 * x[:, 0] + 0.2 * x[:, 1] + rng.normal(0.0, 0.07, m) + rng.normal(0.0, np.sqrt(psi))
    return {"y": y, "psi": psi, "x": x, "area": np.arange(m)}


def max_rel(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                    help=f"comma-separated numbers of areas (default {DEFAULT_SIZES})")
    ap.add_argument("--json", metavar="PATH", help="also write all results as JSON to PATH")
    ap.add_argument("--cap", type=float, default=300.0,
                    help="time budget per cell in seconds (default 300; samplics needs about "
                         "a minute per call at m = 4,000)")
    ap.add_argument("--repeats", type=int, default=7, help="timed runs per cell (default 7)")
    ap.add_argument("--tol", type=float, default=1e-10,
                    help="convergence tolerance for both (default 1e-10)")
    ap.add_argument("--seed", type=int, default=20250903, help="random seed")
    args = ap.parse_args(argv)

    warn_blas_env()
    try:
        import bildung
        from bildung import smallarea
    except ImportError as e:
        print(f"error: bildung is not importable ({e}); build it with "
              "`maturin develop --release -m bildung-py/Cargo.toml`", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # samplics' archive notice
            from samplics.sae import EblupAreaModel
            from samplics.utils.types import FitMethod
    except ImportError as e:
        print(f"error: samplics is not importable ({e}); install it with "
              "`pip install -r benches/python/requirements.txt`", file=sys.stderr)
        return 2

    debug = is_debug_build(getattr(bildung, "_core", None))
    if debug:
        print("WARNING: bildung's extension module looks like a debug build (it has .debug_info): "
              "timings are not representative; use `maturin develop --release`.")
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        # samplics 0.6.1 reports __version__ "0.6.0"; the distribution metadata is right
        "samplics": importlib.metadata.version("samplics"),
        "bildung": bildung.__version__,
        "bildung_debug_build": debug,
        "blas_env": {v: os.environ.get(v) for v in BLAS_VARS},
        "sizes": args.sizes,
        "cap_s": args.cap,
        "repeats": args.repeats,
        "tol": args.tol,
        "seed": args.seed,
    }
    print(f"bildung {meta['bildung']}, samplics {meta['samplics']}, numpy {meta['numpy']}, "
          f"Python {meta['python']}, {meta['cpus']} CPUs")
    print(f"Fay-Herriot REML, 2 covariates + intercept, tolerance {args.tol:g} for both; median "
          f"per call of up to {args.repeats} runs after a warm-up call, <= {args.cap:g} s per cell")

    results: List[Dict[str, Any]] = []
    for m in args.sizes:
        d = make_data(m, args.seed)
        print(f"m = {m} ...", file=sys.stderr, flush=True)

        def ours(d: Dict[str, np.ndarray] = d) -> Any:
            return smallarea.fay_herriot(d["y"], d["psi"], d["x"], method="reml",
                                         tolerance=args.tol)

        def peer(d: Dict[str, np.ndarray] = d) -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = EblupAreaModel(method=FitMethod.reml)
                model.fit(yhat=d["y"], X=d["x"], area=d["area"], error_std=np.sqrt(d["psi"]),
                          intercept=True, tol=args.tol, maxiter=100)
                model.predict(X=d["x"], area=d["area"], intercept=True)
            return model

        row: Dict[str, Any] = {"m": m}
        row["bildung"] = time_call(ours, args.repeats, args.cap)
        row["samplics"] = time_call(peer, args.repeats, args.cap)
        a, b = ours(), peer()
        est_b = np.array([b.area_est[i] for i in d["area"]])
        mse_b = np.array([b.area_mse[i] for i in d["area"]])
        row["variance_component"] = [a.variance_component, float(b.re_std ** 2)]
        row["iterations"] = [a.iterations, int(b.convergence["iterations"])]
        row["max_rel_diff"] = {
            "variance_component": max_rel(np.array([a.variance_component]),
                                          np.array([b.re_std ** 2])),
            "estimate": max_rel(a.estimate, est_b),
            "mse": max_rel(a.mse, mse_b),
            "beta": max_rel(a.beta, np.asarray(b.fixed_effects, float)),
        }
        row["agree"] = max(row["max_rel_diff"].values()) <= TOLERANCE
        bt, pt = row["bildung"]["median_s"], row["samplics"]["median_s"]
        row["ratio_samplics_over_bildung"] = pt / bt
        results.append(row)

    head = (f"{'m':>6}  {'bildung':>9}  {'samplics':>9}  {'samplics/bildung':>16}  "
            f"{'sigma2_v':>10}  {'iterations':>10}  {'agree (max rel diff)':>22}")
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        worst = max(r["max_rel_diff"].values())
        note = " *" if r["samplics"]["note"] else ""
        print(f"{r['m']:>6}  {fmt_time(r['bildung']['median_s']):>9}  "
              f"{fmt_time(r['samplics']['median_s']) + note:>9}  "
              f"{r['ratio_samplics_over_bildung']:>15.0f}x  {r['variance_component'][0]:>10.6f}  "
              f"{'%d / %d' % tuple(r['iterations']):>10}  "
              f"{('yes' if r['agree'] else 'NO') + f' {worst:.0e}':>22}")
    if any(r["samplics"]["note"] for r in results):
        print(f"  * warm-up call only (over the {args.cap:g} s cap)")
    print("  iterations: bildung / samplics (bildung counts every score evaluation; samplics starts "
          "at sigma2_v = 1e-6, bildung at median(psi) as R sae)")
    bad = [r for r in results if not r["agree"]]
    print(f"\nValues bildung vs samplics (sigma2_v, beta, EBLUP, MSE): {len(results) - len(bad)} of "
          f"{len(results)} sizes agree within {TOLERANCE:g} relative.")
    for r in bad:
        print(f"  DISAGREE m={r['m']}: {r['max_rel_diff']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1, default=float)
        print(f"\nJSON written to {args.json}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
