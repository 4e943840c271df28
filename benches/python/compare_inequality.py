#!/usr/bin/env python3
"""Time bildung's inequality measures against PySAL ``inequality`` and ``numpy.sort``.

One run times, on the same lognormal(0, 1) arrays at n = 1e3 .. 1e7:

=====================  ==========================================  ====================================
measure                bildung                                     peer (PySAL ``inequality``)
=====================  ==========================================  ====================================
gini                   ``bildung.inequality.gini(x)``              ``inequality.gini.Gini(x).g``
theil                  ``bildung.inequality.theil(x)``             ``inequality.theil.Theil(x).T``
ge_decomposition       ``ge_decomposition(x, groups, alpha=1)``    ``inequality.theil.TheilD(x, groups)``
                       (100 groups)                                (100 groups; skipped above 1e6)
=====================  ==========================================  ====================================

and ``numpy.sort(x)`` as the baseline: a Gini needs one sort. Every cell: one warm-up call, then
up to ``--repeats`` timed runs with ``time.perf_counter`` (fast calls are batched so that a run
lasts >= 10 ms), stopping early when the cell would exceed ``--cap`` seconds; the table gives the
median time per call. The values of bildung and the peer must agree within 1e-9 (relative); the
script prints the check and exits with status 1 if they do not.

The peak memory of ``bildung.inequality.gini`` on the largest array is measured in a fresh
subprocess from /proc/self/status (VmHWM after resetting it through /proc/self/clear_refs;
tracemalloc cannot see Rust allocations) and reported relative to the input size, next to
``numpy.sort`` and PySAL ``Gini``.

Usage::

    python benches/python/compare_inequality.py [--json results.json] [--sizes 1e3,1e4]
           [--cap 20] [--repeats 7]

For a fair comparison build bildung in release mode (``maturin develop --release``) and run with
``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` unset (they slow numpy on this machine)::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benches/python/compare_inequality.py
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import struct
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional

import numpy as np

TOLERANCE = 1e-9
GROUPS = 100
DEFAULT_SIZES = "1e3,1e4,1e5,1e6,1e7"
BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def warn_blas_env() -> None:
    """Warn when OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set: they slow numpy on this machine."""
    set_vars = [v for v in BLAS_VARS if v in os.environ]
    if set_vars:
        print(f"WARNING: {' and '.join(f'{v}={os.environ[v]}' for v in set_vars)} set: they slow "
              f"numpy here. For a fair comparison unset both:\n"
              f"  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE {sys.executable} "
              f"{' '.join(sys.argv)}")


def parse_sizes(text: str) -> List[int]:
    sizes = [int(float(s)) for s in text.split(",") if s.strip()]
    if not sizes or any(n < 2 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be integers >= 2, e.g. 1e3,1e4")
    return sizes


def make_data(n: int, seed: int) -> Dict[str, np.ndarray]:
    """Lognormal(0, 1) values and 100 group codes, deterministic per (seed, n)."""
    rng = np.random.default_rng([seed, n])
    return {
        "x": rng.lognormal(0.0, 1.0, n),
        "groups": rng.integers(0, GROUPS, n, dtype=np.int64),
    }


def fmt_n(n: int) -> str:
    """1000 -> "1e3"; other values as integers."""
    e = len(str(n)) - 1
    return f"1e{e}" if n == 10**e else str(n)


def fmt_time(t: Optional[float]) -> str:
    if t is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if t >= scale:
            return f"{t / scale:.3g} {unit}" if t / scale < 100 else f"{t / scale:.0f} {unit}"
    return f"{t / 1e-9:.3g} ns"


def time_call(fn: Callable[[], Any], repeats: int, cap: float) -> Dict[str, Any]:
    """Median seconds per call of ``fn``: warm-up, then up to ``repeats`` runs within ``cap``."""
    start = time.perf_counter()
    t0 = time.perf_counter()
    fn()  # warm-up: caches, lazy imports, first-call costs
    warm = time.perf_counter() - t0
    # batch fast calls so that one run lasts at least 10 ms
    calls = 1 if warm >= 0.01 else min(100_000, max(1, int(0.01 / max(warm, 1e-7))))
    runs: List[float] = []
    last = warm * calls
    while len(runs) < repeats:
        if time.perf_counter() - start + last > cap:
            break
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        last = time.perf_counter() - t0
        runs.append(last / calls)
    note = ""
    if not runs:  # the warm-up alone used the budget
        runs = [warm]
        note = "warm-up only"
    return {
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "runs_s": runs,
        "calls_per_run": calls,
        "warmup_s": warm,
        "note": note,
    }


def rel_diff(a: float, b: float) -> float:
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def elf_section_names(path: str) -> Optional[List[str]]:
    """Section names of a 64-bit little-endian ELF file, None for anything else."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    str_off = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)[0]
    names = []
    for i in range(shnum):
        name_off = struct.unpack_from("<I", data, shoff + i * shentsize)[0]
        end = data.index(b"\0", str_off + name_off)
        names.append(data[str_off + name_off:end].decode("ascii", "replace"))
    return names


def is_debug_build(module: Any) -> Optional[bool]:
    """Heuristic: this workspace's dev profile keeps DWARF (``.debug_info``), release does not."""
    path = getattr(module, "__file__", None)
    if not path or not os.path.isfile(path):
        return None
    try:
        names = elf_section_names(path)
    except (struct.error, ValueError, IndexError):
        return None
    return None if names is None else ".debug_info" in names


MEMORY_PROBE = r"""
import json, sys
import numpy as np
n, seed, which = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return None
if which == "bildung":
    import bildung.inequality as bi
    fn = lambda x: bi.gini(x)
elif which == "pysal":
    from inequality.gini import Gini
    fn = lambda x: Gini(x).g
else:
    fn = lambda x: np.sort(x)
x = np.random.default_rng([seed, n]).lognormal(0.0, 1.0, n)
fn(x[:1000])  # import-time and first-call allocations happen before the baseline
reset = True
try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset VmHWM to the current RSS (Linux >= 4.0)
except OSError:
    reset = False
before_rss, before_hwm = status("VmRSS"), status("VmHWM")
fn(x)
after_hwm = status("VmHWM")
base = before_rss if reset else before_hwm
print(json.dumps({"input_bytes": x.nbytes, "rss_before": before_rss, "hwm_after": after_hwm,
                  "extra_bytes": after_hwm - base, "hwm_reset": reset}))
"""


def measure_memory(n: int, seed: int, which: str) -> Optional[Dict[str, Any]]:
    """Peak extra resident memory of one call in a fresh interpreter (Linux only)."""
    if not os.path.exists("/proc/self/status"):
        return None
    proc = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(n), str(seed), which],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    out = json.loads(proc.stdout)
    out["extra_per_input"] = out["extra_bytes"] / out["input_bytes"]
    return out


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES),
                    help=f"comma-separated array sizes (default {DEFAULT_SIZES})")
    ap.add_argument("--json", metavar="PATH", help="also write all results as JSON to PATH")
    ap.add_argument("--cap", type=float, default=20.0,
                    help="time budget per cell in seconds (default 20)")
    ap.add_argument("--repeats", type=int, default=7, help="timed runs per cell (default 7)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed")
    ap.add_argument("--theild-max-n", type=float, default=1e6,
                    help="largest n for PySAL TheilD, which is O(n x groups) in Python (default 1e6)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory probe")
    args = ap.parse_args(argv)

    warn_blas_env()

    bildung: Any = None
    bi: Any = None
    try:
        import bildung as bildung_module
        import bildung.inequality as bildung_inequality

        bildung, bi = bildung_module, bildung_inequality
    except ImportError as e:
        print(f"NOTE: bildung is not importable ({e}); timing PySAL and numpy.sort only. "
              "Build it with `maturin develop --release -m bildung-py/Cargo.toml`.")
    try:
        import inequality
        from inequality.gini import Gini
        from inequality.theil import Theil, TheilD
    except ImportError as e:
        print(f"error: PySAL `inequality` is not importable ({e}); "
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
        "inequality": getattr(inequality, "__version__", "?"),
        "bildung": getattr(bildung, "__version__", None) if bildung else None,
        "bildung_debug_build": debug,
        "blas_env": {v: os.environ.get(v) for v in BLAS_VARS},
        "sizes": args.sizes,
        "cap_s": args.cap,
        "repeats": args.repeats,
        "seed": args.seed,
        "groups": GROUPS,
        "tolerance": TOLERANCE,
    }
    try:
        from threadpoolctl import threadpool_info

        meta["blas"] = [
            {k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info()
        ]
    except ImportError:
        pass
    ours_name = f"bildung {meta['bildung']}" if bildung else "bildung not importable"
    blas = ", ".join(f"{b['internal_api']} {b['version']} {b['architecture']} "
                     f"{b['num_threads']} threads" for b in meta.get("blas", []))
    print(f"{ours_name}, PySAL inequality {meta['inequality']}, numpy {meta['numpy']}"
          f"{f' ({blas})' if blas else ''}, Python {meta['python']}, {meta['cpus']} CPUs")
    print(f"lognormal(0, 1) values, {GROUPS} groups; median per call of up to {args.repeats} "
          f"runs after a warm-up call, <= {args.cap:g} s per cell")

    results: List[Dict[str, Any]] = []
    for n in args.sizes:
        data = make_data(n, args.seed)
        x, groups = data["x"], data["groups"]
        print(f"n = {fmt_n(n)} ...", file=sys.stderr, flush=True)
        sort_t = time_call(lambda: np.sort(x), args.repeats, args.cap)
        cells = [
            ("gini",
             (lambda: bi.gini(x)) if bi else None,
             lambda: Gini(x).g,
             "Gini"),
            ("theil",
             (lambda: bi.theil(x)) if bi else None,
             lambda: Theil(x).T,
             "Theil"),
            ("ge_decomposition",
             (lambda: bi.ge_decomposition(x, groups, alpha=1.0)) if bi else None,
             (lambda: TheilD(x, groups)) if n <= args.theild_max_n else None,
             "TheilD"),
        ]
        for measure, ours, peer, peer_name in cells:
            row: Dict[str, Any] = {"measure": measure, "n": n, "peer": peer_name,
                                   "numpy_sort": sort_t}
            row["bildung"] = time_call(ours, args.repeats, args.cap) if ours else None
            row["peer_timing"] = time_call(peer, args.repeats, args.cap) if peer else None
            if peer is None:
                row["peer_skipped"] = (f"{peer_name} skipped above n = {fmt_n(int(args.theild_max_n))}"
                                       if measure == "ge_decomposition" else "not run")
            # agreement of the values
            if ours and peer:
                a: Any = ours()
                b: Any = peer()
                if measure == "ge_decomposition":
                    pairs = {"total": (a.total, np.ravel(b.T)[0]),
                             "between": (a.between, np.ravel(b.bg)[0]),
                             "within": (a.within, np.ravel(b.wg)[0])}
                else:
                    pairs = {"value": (a, np.ravel(b)[0])}
                diffs = {k: rel_diff(u, v) for k, (u, v) in pairs.items()}
                row["values"] = {k: [float(u), float(v)] for k, (u, v) in pairs.items()}
                row["max_rel_diff"] = max(diffs.values())
                row["agree"] = row["max_rel_diff"] <= TOLERANCE
            bt = row["bildung"]["median_s"] if row["bildung"] else None
            pt = row["peer_timing"]["median_s"] if row["peer_timing"] else None
            st = sort_t["median_s"]
            row["ratio_peer_over_bildung"] = pt / bt if bt and pt else None
            row["ratio_bildung_over_sort"] = bt / st if bt else None
            results.append(row)
        del data, x, groups

    # the table
    head = (f"{'measure':<17} {'n':>5}  {'bildung':>9}  {'peer':>17}  {'peer/bildung':>12}  "
            f"{'numpy.sort':>10}  {'bildung/sort':>12}  {'agree':>9}")
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        peer_cell = (f"{r['peer']} {fmt_time(r['peer_timing']['median_s'])}"
                     if r["peer_timing"] else f"{r['peer']} skipped")
        ratio = r["ratio_peer_over_bildung"]
        rs = r["ratio_bildung_over_sort"]
        agree = ("–" if "agree" not in r else
                 f"{'yes' if r['agree'] else 'NO'} {r['max_rel_diff']:.0e}")
        print(f"{r['measure']:<17} {fmt_n(r['n']):>5}  "
              f"{fmt_time(r['bildung']['median_s'] if r['bildung'] else None):>9}  "
              f"{peer_cell:>17}  {(f'{ratio:.1f}x' if ratio else '–'):>12}  "
              f"{fmt_time(r['numpy_sort']['median_s']):>10}  "
              f"{(f'{rs:.2f}' if rs else '–'):>12}  {agree:>9}")
    notes = sorted({r["peer_skipped"] for r in results if r.get("peer_skipped")})
    for note in notes:
        print(f"  ({note}: O(n x groups) Python loops)")
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
            print(f"  DISAGREE {r['measure']} n={r['n']}: {r['values']}")
    else:
        print("\nValues bildung vs PySAL: not compared (bildung not importable).")

    memory: Dict[str, Any] = {}
    if not args.no_memory:
        n = max(args.sizes)
        for which in (["bildung"] if bildung else []) + ["numpy_sort", "pysal"]:
            memory[which] = measure_memory(n, args.seed, which)
        print(f"\nPeak extra resident memory of one call on n = {fmt_n(n)} ({n * 8 / 2**20:.0f} MiB "
              "input), fresh subprocess, VmHWM:")
        labels = {"bildung": "bildung.inequality.gini", "numpy_sort": "numpy.sort",
                  "pysal": "inequality.gini.Gini"}
        for which, m in memory.items():
            if m is None:
                print(f"  {labels[which]:<24} not measured (no /proc)")
            elif "error" in m:
                print(f"  {labels[which]:<24} failed: {m['error']}")
            else:
                print(f"  {labels[which]:<24} {m['extra_bytes'] / 2**20:8.1f} MiB = "
                      f"{m['extra_per_input']:.2f} x input"
                      + ("" if m["hwm_reset"] else " (VmHWM not resettable: lower bound)"))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "results": results, "memory": memory}, f, indent=1)
        print(f"\nJSON written to {args.json}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
