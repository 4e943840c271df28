#!/usr/bin/env python3
"""Time bildung's segregation indices against PySAL ``segregation`` on the same area tables.

One run times, on the same synthetic tables at k = 1e2 .. 1e5 areas (area totals 20..500,
5 groups; the two-group indices use group 0 as the focal group ``x`` and the area totals ``t``):

==================================  ==============================  ==================================
bildung (``bildung.segregation``)   call                            peer (PySAL ``segregation``)
==================================  ==============================  ==================================
dissimilarity                       ``dissimilarity(x, t)``         ``singlegroup.Dissim``
gini_segregation                    ``gini_segregation(x, t)``      ``singlegroup.Gini`` (O(k²) loop)
entropy_index                       ``entropy_index(x, t)``         ``singlegroup.Entropy``
isolation                           ``isolation(x, t)``             ``singlegroup.Isolation``
exposure                            ``exposure(x, t)``              ``singlegroup.Interaction``
correlation_ratio                   ``correlation_ratio(x, t)``     ``singlegroup.CorrelationR``
atkinson_segregation                ``(x, t, b=0.5)``               ``singlegroup.Atkinson`` (b = 0.5)
minmax                              ``minmax(x, t)``                ``singlegroup.MinMax`` (aspatial)
multi_dissimilarity                 ``multi_dissimilarity(counts)`` ``multigroup.MultiDissim``
multi_gini                          ``multi_gini(counts)``          ``multigroup.MultiGini`` (k x k
                                                                    matrices: skipped above
                                                                    ``--multigini-max-n``)
multi_information_theory            ``(counts)``                    ``multigroup.MultiInfoTheory``
mutual_information                  ``(counts)``                    ``multigroup.MultiDivergence``
normalized_exposure                 ``(counts)``                    ``multigroup.MultiNormExposure``
relative_diversity                  ``(counts)``                    ``multigroup.MultiRelativeDiversity``
squared_coefficient_of_variation    ``(counts)``                    ``multigroup.MultiSquaredCoefVar``
shannon_diversity                   ``(counts)``                    ``multigroup.MultiDiversity``
simpson_concentration               ``(counts)``                    ``multigroup.SimpsonsConcentration``
simpson_interaction                 ``(counts)``                    ``multigroup.SimpsonsInteraction``
==================================  ==============================  ==================================

``counts`` is a float64 numpy array (areas x groups); PySAL gets the same numbers as a pandas
DataFrame (built once per size, not timed) and its ``.statistic`` is compared. Timing, batching,
the cap per cell and the agreement check (1e-9 relative; exit status 1 on disagreement) are those
of ``compare_inequality.py``, whose helpers this script imports.

Known definitional differences (none affects these tables, where every area has people and every
group has members): PySAL's ``MultiDivergence`` is the mutual information M in nats (equal to
bildung's ``mutual_information`` and ``divergence``); PySAL 2.5.4 (the newest release for
Python 3.11) has no ``HutchensSqrt`` and no rank-order indices, so ``hutchens`` and
``rank_order_*`` have no peer here; PySAL returns 0 where bildung raises ``UndefinedError`` (an
empty group); PySAL's ``MinMax`` is meant for kernel-smoothed counts — without weights it is the
aspatial index ``2D/(1+D)`` compared here; PySAL fills ``p_i = 0`` for areas with no
population, bildung leaves such areas out (``n_empty``). ``expected_under_random_allocation``
has no PySAL counterpart (PySAL simulates the null); it is timed for bildung alone.

Usage::

    python benches/python/compare_segregation.py [--json results.json] [--sizes 1e2,1e3]
           [--cap 20] [--repeats 7] [--multigini-max-n 1e4]

For a fair comparison build bildung in release mode (``maturin develop --release``) and run with
``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` unset::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benches/python/compare_segregation.py
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_inequality import (  # noqa: E402  (the sibling script; its main() is guarded)
    BLAS_VARS,
    warn_blas_env,
    fmt_n,
    fmt_time,
    is_debug_build,
    parse_sizes,
    rel_diff,
    time_call,
)

TOLERANCE = 1e-9
DEFAULT_SIZES = "1e2,1e3,1e4,1e5"
SHARES = np.array([0.40, 0.25, 0.15, 0.12, 0.08])
GROUPS = [f"g{j}" for j in range(len(SHARES))]

# (bildung function, how it is called, PySAL module, PySAL class, PySAL keyword arguments)
TWO_GROUP = [
    ("dissimilarity", {}, "Dissim", {}),
    ("gini_segregation", {}, "Gini", {}),
    ("entropy_index", {}, "Entropy", {}),
    ("isolation", {}, "Isolation", {}),
    ("exposure", {}, "Interaction", {}),
    ("correlation_ratio", {}, "CorrelationR", {}),
    ("atkinson_segregation", {"b": 0.5}, "Atkinson", {}),
    ("minmax", {}, "MinMax", {}),
]
MULTIGROUP = [
    ("multi_dissimilarity", "MultiDissim"),
    ("multi_gini", "MultiGini"),
    ("multi_information_theory", "MultiInfoTheory"),
    ("mutual_information", "MultiDivergence"),
    ("normalized_exposure", "MultiNormExposure"),
    ("relative_diversity", "MultiRelativeDiversity"),
    ("squared_coefficient_of_variation", "MultiSquaredCoefVar"),
    ("shannon_diversity", "MultiDiversity"),
    ("simpson_concentration", "SimpsonsConcentration"),
    ("simpson_interaction", "SimpsonsInteraction"),
]


def make_data(n: int, seed: int) -> Dict[str, Any]:
    """k = n areas: integer totals 20..500, 5 groups with lognormal(0, 0.5) deviations from the
    overall shares, multinomial counts; deterministic per (seed, n)."""
    rng = np.random.default_rng([seed, n])
    totals = rng.integers(20, 501, n)
    w = SHARES * np.exp(0.5 * rng.standard_normal((n, len(SHARES))))
    counts = rng.multinomial(totals, w / w.sum(axis=1, keepdims=True)).astype(np.float64)
    x = np.ascontiguousarray(counts[:, 0])
    t = counts.sum(axis=1)
    return {"counts": counts, "x": x, "t": t}


def frame(data: Dict[str, Any]) -> Any:
    import pandas as pd

    df = pd.DataFrame(data["counts"], columns=GROUPS)
    df["x"] = data["x"]
    df["t"] = data["t"]
    return df


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                    help=f"comma-separated numbers of areas (default {DEFAULT_SIZES})")
    ap.add_argument("--json", metavar="PATH", help="also write all results as JSON to PATH")
    ap.add_argument("--cap", type=float, default=20.0,
                    help="time budget per cell in seconds (default 20)")
    ap.add_argument("--repeats", type=int, default=7, help="timed runs per cell (default 7)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed")
    ap.add_argument("--multigini-max-n", type=float, default=1e4,
                    help="largest k for PySAL MultiGini, which builds k x k matrices per group "
                         "(default 1e4: about 1.6 GB)")
    ap.add_argument("--gini-max-n", type=float, default=1e5,
                    help="largest k for PySAL Gini, an O(k^2) loop (default 1e5)")
    args = ap.parse_args(argv)

    warn_blas_env()

    bildung: Any = None
    bs: Any = None
    try:
        import bildung as bildung_module
        import bildung.segregation as bildung_segregation

        bildung, bs = bildung_module, bildung_segregation
    except ImportError as e:
        print(f"NOTE: bildung.segregation is not importable ({e}); timing PySAL only. "
              "Build it with `maturin develop --release -m bildung-py/Cargo.toml`.")
    try:
        import segregation
        from segregation import multigroup as pm
        from segregation import singlegroup as ps
    except ImportError as e:
        print(f"error: PySAL `segregation` is not importable ({e}); "
              "install it with `pip install -r benches/python/requirements.txt`", file=sys.stderr)
        return 2

    debug = is_debug_build(getattr(bildung, "_core", None)) if bildung else None
    if debug:
        print("WARNING: bildung's extension module looks like a debug build (it has .debug_info): "
              "timings are not representative; use `maturin develop --release`.")

    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "segregation": getattr(segregation, "__version__", "?"),
        "bildung": getattr(bildung, "__version__", None) if bildung else None,
        "bildung_debug_build": debug,
        "blas_env": {v: os.environ.get(v) for v in BLAS_VARS},
        "sizes": args.sizes,
        "cap_s": args.cap,
        "repeats": args.repeats,
        "seed": args.seed,
        "groups": len(GROUPS),
        "tolerance": TOLERANCE,
    }
    ours_name = f"bildung {meta['bildung']}" if bildung else "bildung not importable"
    print(f"{ours_name}, PySAL segregation {meta['segregation']}, numpy {meta['numpy']}, "
          f"Python {meta['python']}, {meta['cpus']} CPUs")
    print(f"area totals 20..500, {len(GROUPS)} groups (two-group: group 0 vs the rest); median per "
          f"call of up to {args.repeats} runs after a warm-up call, <= {args.cap:g} s per cell")

    # PySAL compiles some kernels with numba on first use (10 s for Gini): compile them on a tiny
    # table first, so that the warm-up call of a timed cell measures no compilation.
    tiny = frame(make_data(10, args.seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, _, peer_name, peer_opts in TWO_GROUP:
            getattr(ps, peer_name)(tiny, "x", "t", **peer_opts)
        for _, peer_name in MULTIGROUP:
            getattr(pm, peer_name)(tiny, GROUPS)

    limits = {"MultiGini": args.multigini_max_n, "Gini": args.gini_max_n}
    results: List[Dict[str, Any]] = []
    for n in args.sizes:
        data = make_data(n, args.seed)
        df = frame(data)
        x, t, counts = data["x"], data["t"], data["counts"]
        print(f"k = {fmt_n(n)} ...", file=sys.stderr, flush=True)
        cells: List[Tuple[str, Optional[Callable[[], Any]], Optional[Callable[[], Any]], str]] = []
        for name, opts, peer_name, peer_opts in TWO_GROUP:
            ours = (lambda f=getattr(bs, name), o=opts: f(x, t, **o)) if bs else None
            cls = getattr(ps, peer_name)
            peer = lambda c=cls, o=peer_opts: c(df, "x", "t", **o).statistic  # noqa: E731
            cells.append((name, ours, peer, peer_name))
        for name, peer_name in MULTIGROUP:
            ours = (lambda f=getattr(bs, name): f(counts)) if bs else None
            cls = getattr(pm, peer_name)
            peer = lambda c=cls: c(df, GROUPS).statistic  # noqa: E731
            cells.append((name, ours, peer, peer_name))
        cells.append(("expected_under_random_allocation",
                      (lambda: bs.expected_under_random_allocation(x, t)) if bs else None,
                      None, "(none)"))
        for measure, ours, peer, peer_name in cells:
            row: Dict[str, Any] = {"measure": measure, "n": n, "peer": peer_name}
            if peer is not None and n > limits.get(peer_name, float("inf")):
                row["peer_skipped"] = f"{peer_name} skipped above k = {fmt_n(int(limits[peer_name]))}"
                peer = None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # PySAL deprecation / numba notices
                row["bildung"] = time_call(ours, args.repeats, args.cap) if ours else None
                row["peer_timing"] = time_call(peer, args.repeats, args.cap) if peer else None
                if ours and peer:
                    a, b = float(ours()), float(np.ravel(peer())[0])
                    row["values"] = {"value": [a, b]}
                    row["max_rel_diff"] = rel_diff(a, b)
                    row["agree"] = row["max_rel_diff"] <= TOLERANCE
            bt = row["bildung"]["median_s"] if row["bildung"] else None
            pt = row["peer_timing"]["median_s"] if row["peer_timing"] else None
            row["ratio_peer_over_bildung"] = pt / bt if bt and pt else None
            results.append(row)
        del data, df, x, t, counts

    head = (f"{'measure':<33} {'k':>5}  {'bildung':>9}  {'peer':>32}  {'peer/bildung':>12}  "
            f"{'agree':>9}")
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        peer_cell = (f"{r['peer']} {fmt_time(r['peer_timing']['median_s'])}"
                     if r["peer_timing"] else
                     (f"{r['peer']} skipped" if r.get("peer_skipped") else "–"))
        ratio = r["ratio_peer_over_bildung"]
        agree = ("–" if "agree" not in r else
                 f"{'yes' if r['agree'] else 'NO'} {r['max_rel_diff']:.0e}")
        print(f"{r['measure']:<33} {fmt_n(r['n']):>5}  "
              f"{fmt_time(r['bildung']['median_s'] if r['bildung'] else None):>9}  "
              f"{peer_cell:>32}  {(f'{ratio:.1f}x' if ratio else '–'):>12}  {agree:>9}")
    for note in sorted({r["peer_skipped"] for r in results if r.get("peer_skipped")}):
        print(f"  ({note})")
    capped = [f"{r['measure']} {fmt_n(r['n'])}" for r in results
              for k in ("bildung", "peer_timing") if r.get(k) and r[k]["note"]]
    if capped:
        print(f"  (warm-up only, over the {args.cap:g} s cap: {', '.join(capped)})")

    checked = [r for r in results if "agree" in r]
    bad = [r for r in checked if not r["agree"]]
    if checked:
        worst = max(r["max_rel_diff"] for r in checked)
        print(f"\nValues bildung vs PySAL: {len(checked) - len(bad)} of {len(checked)} cells agree "
              f"within {TOLERANCE:g} relative (largest difference {worst:.1e}).")
        for r in bad:
            print(f"  DISAGREE {r['measure']} k={r['n']}: {r['values']}")
    else:
        print("\nValues bildung vs PySAL: not compared (bildung not importable).")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)
        print(f"\nJSON written to {args.json}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
