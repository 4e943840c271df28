#!/usr/bin/env python3
"""Time the whole built-in indicator catalogue: bildung against the same computation in pandas.

Issue 5 item 8: the full built-in catalogue (``catalogue.toml``) for 10,000 areas x 2 sexes x
2 citizenships x 10 years, broken down by ``sex`` and ``citizenship``, on one core.

Data: the synthetic long tables of the Rust bench (``benches/benches/indicators_data/mod.rs``),
written by ``cargo run --release -p bildung-benches --example indicators_memory -- --write DIR``
as ``.npy`` columns plus ``manifest.json`` (text columns as codes and their levels); the script
runs that command itself when ``DIR/manifest.json`` is missing. The same run writes the Rust
engine's results (``result.*.npy``, ``results.json``) and its median compute time, so the pandas
side is checked against the engine even when the Python binding is not built.

Peer: a pandas implementation of the catalogue written here (``PandasCatalogue``): it reads the
definitions from ``catalogue.toml`` and computes every mode the built-in catalogue uses with
boolean masks, ``groupby(...).sum()`` and merges: count, share, rate, ratio per 100, grade rate,
transition (both denominators), average cohort (Durchschnittsjahrgang: band population / K),
quota sum (Quotensummenverfahren, birth-year and age matching, open ends related to the
boundary ages), layered flow (Schichtenmodell, 4 entry-year layers). The record set follows the
engine's documented rules: a record per area x breakdown x period (periods in which the
numerator table has rows) x category where the numerator or the denominator has rows; no
denominator rows, an incomplete age band, a denominator of 0, events at an age without
population, or no row at all in the numerator table for the area x breakdown x period give no
value (NaN).

Timed: ``bildung.indicators.compute(tables, by=("sex", "citizenship"))`` on pandas DataFrames
(categorical text columns) when the binding is importable, and the pandas implementation; median
of ``--repeats`` runs (default 3) each, after one run that measures the peak memory. Agreement: records present on one side only, values
NaN on one side only, and the largest absolute difference of the values (tolerance 1e-9
relative). Memory: peak extra resident memory of one run of each side (``VmHWM`` after resetting
it through ``/proc/self/clear_refs``), against the size of the input DataFrames.

Usage::

    python benches/python/compare_indicators.py [--data DIR] [--areas 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "bildung-core" / "src" / "indicators" / "catalogue.toml"
BY = ("sex", "citizenship")
TOLERANCE = 1e-9
PERIOD_COLUMN = {
    "population": "year",
    "kita_children": "year",
    "sgb2": "year",
    "school_pupils": "school_year",
    "school_transitions": "school_year_from",
    "school_leavers": "leaving_year",
    "vocational_contracts": "report_year",
}
RATIO_MODES = ("share", "rate", "ratio_per_100", "grade_rate", "transition", "mean_cohort")
BIG = 1 << 40  # an open top age class ends here


# ------------------------------------------------------------------------------- data


def ensure_data(data: Path, areas: int) -> None:
    if (data / "manifest.json").exists() and (data / "results.json").exists():
        return
    cmd = ["cargo", "run", "--release", "--locked", "-p", "bildung-benches", "--example",
           "indicators_memory", "--", "--areas", str(areas), "--write", str(data)]
    print("writing the tables with:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def load_tables(data: Path) -> Dict[str, pd.DataFrame]:
    """The tables as pandas DataFrames: text columns categorical, integers int64, count float."""
    manifest = json.loads((data / "manifest.json").read_text())
    frames = {}
    for name, spec in manifest["tables"].items():
        cols: Dict[str, Any] = {}
        for c in spec["columns"]:
            arr = np.load(data / c["file"])
            if c["type"] == "text":
                codes = arr.astype(np.int16 if len(c["levels"]) < 2**15 else np.int32)
                cols[c["name"]] = pd.Categorical.from_codes(codes, categories=c["levels"])
            else:
                cols[c["name"]] = arr.astype(np.int64)
        cols["count"] = np.load(data / spec["count"]).astype(np.float64)
        frames[name] = pd.DataFrame(cols)
    return frames


def frame_bytes(tables: Dict[str, pd.DataFrame]) -> int:
    return int(sum(df.memory_usage(deep=True, index=False).sum() for df in tables.values()))


# --------------------------------------------------------------------- pandas catalogue


def band_mask(t: pd.DataFrame, lo: float, hi: float, where: np.ndarray) -> np.ndarray:
    """Rows whose age class [age, age_to) lies inside [lo, hi); straddling rows are an error."""
    a = t["age"].to_numpy()
    if "age_to" in t.columns:
        to = t["age_to"].to_numpy()
        b = np.where(to > a, to, BIG)
    else:
        b = a + 1
    inside = (a >= lo) & (b <= hi)
    outside = (b <= lo) | (a >= hi)
    bad = where & ~inside & ~outside
    if bad.any():
        raise ValueError(f"age class straddles the band [{lo}, {hi}) in row {int(np.argmax(bad))}")
    return inside


def side_mask(t: pd.DataFrame, spec: Dict[str, Any], band: Optional[Tuple[int, int]],
              same_year: bool, source: Optional[str] = None) -> np.ndarray:
    m = np.ones(len(t), dtype=bool)
    if source is not None and spec["table"] == "population" and "source" in t.columns:
        m &= (t["source"] == source).to_numpy()
    filt = spec.get("filter", {})
    for name, cond in filt.items():
        col = t[name]
        if isinstance(cond, dict) and "not" in cond:
            m &= ~col.isin(cond["not"]).to_numpy()
        elif isinstance(cond, dict):
            lo, hi = cond.get("from", -BIG), cond.get("to", BIG)
            if name == "age" and "age_to" in t.columns:
                m &= band_mask(t, lo, hi, m)
            else:
                v = col.to_numpy()
                m &= (v >= lo) & (v < hi)
        else:
            m &= col.isin(cond).to_numpy()
    if band is not None and "age" not in filt:
        m &= band_mask(t, band[0], band[1], m)
    if same_year:
        m &= (t["contract_start_year"] == t["report_year"]).to_numpy()
    return m


def selected(t: pd.DataFrame, mask: np.ndarray, keys: List[str], off: int, table: str,
             extra: Optional[Dict[str, np.ndarray]] = None) -> pd.DataFrame:
    """The selected rows with the key columns, the shifted period `_p` and the count."""
    cols: Dict[str, Any] = {}
    for k in keys:
        col = t[k]
        cols[k] = col.values[mask] if isinstance(col.dtype, pd.CategoricalDtype) else col.to_numpy()[mask]
    cols["_p"] = t[PERIOD_COLUMN[table]].to_numpy()[mask] - off
    if extra:
        cols.update(extra)
    cols["count"] = t["count"].to_numpy()[mask]
    return pd.DataFrame(cols)


def gsum(df: pd.DataFrame, keys: List[str], name: str) -> pd.DataFrame:
    return (df.groupby(keys, observed=True, sort=False)["count"].sum()
            .rename(name).reset_index())


def compute_indicator(tables: Dict[str, pd.DataFrame], d: Dict[str, Any],
                      by: Tuple[str, ...]) -> pd.DataFrame:
    mode = d["mode"]
    num_spec, den_spec = d["numerator"], d.get("denominator")
    band = (d["age_band"]["from"], d["age_band"]["to"]) if "age_band" in d else None
    by_used = [b for b in by if b in d.get("disaggregations", [])]
    cat = d.get("category")
    base = ["unit_id", *by_used, "_p"]
    num_name = num_spec["table"]
    nt = tables[num_name]
    num_off = num_spec.get("period_offset", 0)
    num_band = band if mode == "rate" and "age" in nt.columns else None
    nmask = side_mask(nt, num_spec, num_band, False, d.get("population_source"))
    # periods: those with any numerator row (the whole table)
    periods = np.unique(nt[PERIOD_COLUMN[num_name]].to_numpy()) - num_off
    cats = (pd.Series(nt[cat].values[nmask]).dropna().unique() if cat else None)
    # numerator extra key (cohort age, layer)
    extra: Dict[str, np.ndarray] = {}
    nkeys = ["unit_id", *by_used] + ([cat] if cat else [])
    if mode == "quota_sum":
        lo, hi = band  # type: ignore[misc]
        rule = d["cohort"]
        den_off = den_spec.get("period_offset", 0)
        if rule["matching"] == "birth_year":
            age = (nt[PERIOD_COLUMN[num_name]].to_numpy() + (den_off - num_off)
                   - nt["birth_year"].to_numpy())
        else:
            age = nt["age"].to_numpy()
        if rule.get("open_ends", False):
            age = np.clip(age, lo, hi - 1)
        else:
            nmask = nmask & (age >= lo) & (age < hi)
        extra["_x"] = (age - lo)[nmask]
    elif mode == "layered_flow":
        layers = d.get("layers", 4)
        layer = nt["report_year"].to_numpy() - nt["contract_start_year"].to_numpy()
        nmask = nmask & (layer >= 0) & (layer < layers)
        extra["_x"] = layer[nmask]
    num_rows = selected(nt, nmask, nkeys, num_off, num_name, extra)
    ngroup = base + ([cat] if cat else []) + (["_x"] if extra else [])
    num = gsum(num_rows, ngroup, "num")

    den = None
    cover = None
    if den_spec is not None:
        den_name = den_spec["table"]
        dt = tables[den_name]
        den_off = den_spec.get("period_offset", 0)
        dband = band if mode in ("rate", "ratio_per_100", "mean_cohort", "quota_sum") else None
        dmask = side_mask(dt, den_spec, dband, mode == "layered_flow", d.get("population_source"))
        dextra: Dict[str, np.ndarray] = {}
        if mode == "quota_sum":
            dextra["_x"] = dt["age"].to_numpy()[dmask] - band[0]  # type: ignore[index]
        gap = (mode in ("rate", "ratio_per_100", "mean_cohort") and band is not None
               and band[1] - band[0] <= 64 and "age" in dt.columns)
        if gap:
            a = dt["age"].to_numpy()[dmask]
            if "age_to" in dt.columns:
                to = dt["age_to"].to_numpy()[dmask]
                e = np.where(to > a, to, band[1])  # type: ignore[index]
            else:
                e = a + 1
            dextra["_lo"] = np.maximum(a, band[0])  # type: ignore[index]
            dextra["_hi"] = np.minimum(e, band[1])  # type: ignore[index]
        den_rows = selected(dt, dmask, ["unit_id", *by_used], den_off, den_name, dextra)
        den = gsum(den_rows, base + (["_x"] if mode == "quota_sum" else []), "den")
        if gap:
            c = den_rows[base + ["_lo", "_hi"]].drop_duplicates()
            c["_w"] = c["_hi"] - c["_lo"]
            cover = c.groupby(base, observed=True, sort=False)["_w"].sum().rename("_cover")
            cover = cover.reset_index()

    # records: base keys with numerator or denominator rows, in periods with numerator data
    keys = [num[base]] + ([den[base]] if den is not None else [])
    rec = pd.concat(keys, ignore_index=True).drop_duplicates()
    rec = rec[rec["_p"].isin(periods)]
    if cat:
        rec = rec.merge(pd.DataFrame({cat: pd.Categorical(cats)}), how="cross")

    if mode == "count":
        rec = rec.merge(num, on=base + ([cat] if cat else []), how="left")
        value = rec["num"].fillna(0.0).to_numpy()
    elif mode in RATIO_MODES:
        rec = rec.merge(num, on=base + ([cat] if cat else []), how="left")
        rec = rec.merge(den, on=base, how="left")  # type: ignore[arg-type]
        n = rec["num"].fillna(0.0).to_numpy()
        dv = rec["den"].to_numpy()
        ok = ~np.isnan(dv) & (np.nan_to_num(dv) > 0)
        if cover is not None:
            rec = rec.merge(cover, on=base, how="left")
            ok &= rec["_cover"].to_numpy() == band[1] - band[0]  # type: ignore[index]
        eff = dv / (band[1] - band[0]) if mode == "mean_cohort" else dv  # type: ignore[index]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(ok, 100.0 * n / eff, np.nan)
    elif mode == "quota_sum":
        j = num.merge(den, on=base + ["_x"], how="outer")  # type: ignore[arg-type]
        e = j["num"].fillna(0.0).to_numpy()
        p = j["den"].to_numpy()
        present = ~np.isnan(p)
        p0 = np.nan_to_num(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            j["_r"] = np.where(p0 > 0, e / p0, 0.0)
        j["_undef"] = (p0 == 0) & (e > 0)
        j["_present"] = present
        g = j.groupby(base, observed=True, sort=False).agg(
            _q=("_r", "sum"), _undef=("_undef", "any"), _present=("_present", "any"))
        rec = rec.merge(g.reset_index(), on=base, how="left")
        ok = rec["_present"].fillna(False).to_numpy(bool) & ~rec["_undef"].fillna(False).to_numpy(bool)
        value = np.where(ok, 100.0 * rec["_q"].to_numpy(), np.nan)
    elif mode == "layered_flow":
        layers = d.get("layers", 4)
        r = rec[base].merge(pd.DataFrame({"_x": np.arange(layers)}), how="cross")
        r["_pp"] = r["_p"] - r["_x"]
        r = r.merge(num, on=base + ["_x"], how="left")
        dd = den.rename(columns={"_p": "_pp"})  # type: ignore[union-attr]
        r = r.merge(dd, on=["unit_id", *by_used, "_pp"], how="left")
        l_ = r["num"].fillna(0.0).to_numpy()
        b = r["den"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            r["_t"] = np.where(b > 0, l_ / b, 0.0)
        r["_bad"] = np.isnan(b) | ((b == 0) & (l_ > 0))
        g = r.groupby(base, observed=True, sort=False).agg(_q=("_t", "sum"), _bad=("_bad", "any"))
        rec = rec.merge(g.reset_index(), on=base, how="left")
        value = np.where(rec["_bad"].to_numpy(bool), np.nan, 100.0 * rec["_q"].to_numpy())
    else:
        raise ValueError(f"unknown mode {mode} ({d['id']}); change_pp goes through change_pp()")

    # an area x breakdown x period without any row in the numerator table (selected or not) was
    # not delivered: no value, not 0
    everything = np.ones(len(nt), dtype=bool)
    delivered = selected(nt, everything, ["unit_id", *by_used], num_off, num_name)[base]
    delivered = delivered.drop_duplicates()
    delivered["_delivered"] = True
    flag = rec[base].merge(delivered, on=base, how="left")["_delivered"]
    value = np.where(flag.notna().to_numpy(), value, np.nan)

    out = {"indicator": d["id"], "unit_id": rec["unit_id"].values, "period": rec["_p"].to_numpy()}
    for b in by:
        out[b] = rec[b].values if b in by_used else "total"
    out["category"] = rec[cat].values if cat else "total"
    out["value"] = value
    return pd.DataFrame(out)


class PandasCatalogue:
    """The built-in catalogue computed with pandas (see the module docstring)."""

    def __init__(self, path: Path = CATALOGUE) -> None:
        self.definitions: List[Dict[str, Any]] = tomllib.loads(path.read_text())["indicator"]
        self.by_id = {d["id"]: d for d in self.definitions}

    def one(self, tables: Dict[str, pd.DataFrame], d: Dict[str, Any],
            by: Tuple[str, ...]) -> pd.DataFrame:
        if d["mode"] == "change_pp":
            return self.change_pp(tables, d, by)
        return compute_indicator(tables, d, by)

    def change_pp(self, tables: Dict[str, pd.DataFrame], d: Dict[str, Any],
                  by: Tuple[str, ...]) -> pd.DataFrame:
        """x(t) - x(t - lag) of the base indicator, on the breakdowns both definitions allow."""
        base = dict(self.by_id[d["base"]])
        allowed = set(d.get("disaggregations", []))
        base["disaggregations"] = [b for b in base.get("disaggregations", []) if b in allowed]
        x = self.one(tables, base, by)
        keys = ["unit_id", *by, "category"]
        earlier = x[keys + ["period", "value"]].copy()
        earlier["period"] = earlier["period"] + d["lag"]
        m = x.merge(earlier, on=keys + ["period"], suffixes=("", "_earlier"))
        m["value"] = m["value"] - m["value_earlier"]
        m["indicator"] = d["id"]
        return m.drop(columns="value_earlier")

    def compute(self, tables: Dict[str, pd.DataFrame], by: Tuple[str, ...] = BY) -> List[pd.DataFrame]:
        return [self.one(tables, d, by) for d in self.definitions]


# ------------------------------------------------------------------------- comparison


def status(key: str) -> Optional[int]:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def peak_extra(fn: Callable[[], Any]) -> Tuple[Any, Optional[int], bool]:
    """Result of fn(), the peak extra resident bytes during it, and whether VmHWM was reset."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        reset = True
    except OSError:
        reset = False
    before = status("VmRSS") if reset else status("VmHWM")
    out = fn()
    after = status("VmHWM")
    return out, (after - before) if (after is not None and before is not None) else None, reset


def timed(fn: Callable[[], Any], repeats: int) -> Tuple[Any, List[float]]:
    runs, out = [], None
    for _ in range(repeats):
        out = None  # free the previous result before the next run
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return out, runs


def rust_results(data: Path) -> Tuple[pd.DataFrame, Dict[str, Any]]:
    meta = json.loads((data / "results.json").read_text())
    cols = {k: np.load(data / f"result.{k}.npy") for k in
            ("indicator", "unit", "period", "category", "value")}
    for b in meta["by"]:
        cols[b] = np.load(data / f"result.by.{b}.npy")
    return pd.DataFrame(cols), meta


KEYS = ["indicator", "unit", "period", *BY, "category"]


def encode(frames: List[pd.DataFrame], ids: List[str], strings: List[str]) -> pd.DataFrame:
    """Records with the engine's integer codes (indicator index, text codes, 0 = total)."""
    code = {s: i for i, s in enumerate(strings)}
    ind = {s: i for i, s in enumerate(ids)}
    parts = []
    for f in frames:
        if f.empty:
            continue
        p = {"indicator": np.full(len(f), ind[f["indicator"].iloc[0]], dtype=np.int64),
             "period": f["period"].to_numpy(np.int64)}
        for c in ("unit", *BY, "category"):
            src = f["unit_id" if c == "unit" else c]
            if isinstance(src.dtype, pd.CategoricalDtype):
                codes, uniq = src.cat.codes.to_numpy(), src.cat.categories
            else:
                codes, uniq = pd.factorize(src)
            lut = np.array([code.get(str(s), -1) for s in uniq], dtype=np.int64)
            p[c] = lut[codes]
        p["value"] = f["value"].to_numpy(np.float64)
        parts.append(pd.DataFrame(p))
    return pd.concat(parts, ignore_index=True)


def composite(a: pd.DataFrame, b: pd.DataFrame) -> Tuple[np.ndarray, np.ndarray]:
    """One int64 key per record (dense codes of each key column, mixed radix)."""
    ka = np.zeros(len(a), dtype=np.int64)
    kb = np.zeros(len(b), dtype=np.int64)
    total = 1
    for k in KEYS:
        codes, uniq = pd.factorize(np.concatenate([a[k].to_numpy(np.int64), b[k].to_numpy(np.int64)]))
        total *= len(uniq)
        if total >= 2**62:
            raise OverflowError("too many key combinations for one int64 key")
        ka = ka * len(uniq) + codes[: len(a)]
        kb = kb * len(uniq) + codes[len(a):]
    return ka, kb


def agreement(a: pd.DataFrame, b: pd.DataFrame, names: Tuple[str, str],
              ids: List[str]) -> Dict[str, Any]:
    ka, kb = composite(a, b)
    dup = (len(ka) - len(np.unique(ka)), len(kb) - len(np.unique(kb)))
    _, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
    va, vb = a["value"].to_numpy()[ia], b["value"].to_numpy()[ib]
    nan_a, nan_b = np.isnan(va), np.isnan(vb)
    fin = ~nan_a & ~nan_b
    diff = np.abs(va - vb)
    diff[~fin] = 0.0
    rel = diff / np.maximum(1.0, np.abs(np.nan_to_num(vb)))
    bad = (nan_a != nan_b) | (rel > TOLERANCE)
    out = {
        "records": (len(a), len(b)),
        f"only_{names[0]}": len(a) - len(ia),
        f"only_{names[1]}": len(b) - len(ib),
        "duplicated_keys": dup,
        "nan_mismatch": int((nan_a != nan_b).sum()),
        "values_compared": int(fin.sum()),
        "max_abs_diff": float(diff.max()) if diff.size else 0.0,
        "max_rel_diff": float(rel.max()) if rel.size else 0.0,
    }
    out["agree"] = (out[f"only_{names[0]}"] == 0 and out[f"only_{names[1]}"] == 0
                    and dup == (0, 0) and not bad.any())
    if not out["agree"]:
        # where: per indicator
        ind_a, ind_b = a["indicator"].to_numpy(), b["indicator"].to_numpy()
        in_a = np.zeros(len(a), bool)
        in_a[ia] = True
        in_b = np.zeros(len(b), bool)
        in_b[ib] = True
        bad_ind = a["indicator"].to_numpy()[ia][bad]
        for i, name in enumerate(ids):
            oa, ob = int(((ind_a == i) & ~in_a).sum()), int(((ind_b == i) & ~in_b).sum())
            nb = int((bad_ind == i).sum())
            if oa or ob or nb:
                print(f"  {name}: only {names[0]} {oa}, only {names[1]} {ob}, values differing {nb}")
    return out


def normalise_binding(df: pd.DataFrame) -> Optional[pd.DataFrame]:
    """The binding's result in the pandas implementation's columns, or None if unrecognised."""
    cols = {c.lower(): c for c in df.columns}
    pick = lambda *names: next((cols[n] for n in names if n in cols), None)  # noqa: E731
    ind, unit, per = pick("indicator", "id"), pick("unit_id", "unit", "area"), pick("period")
    cat, val = pick("category"), pick("value")
    if None in (ind, unit, per, val) or any(b not in cols for b in BY):
        return None
    def key(col: pd.Series) -> pd.Series:
        """Text keys; categorical columns stay categorical (no Python string per row)."""
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = [str(c) for c in col.cat.categories]
            if "" in cats and "total" not in cats:
                cats = ["total" if c == "" else c for c in cats]
            return pd.Series(pd.Categorical.from_codes(col.cat.codes.to_numpy(), categories=cats))
        return col.astype(str).replace({"": "total"})

    out = pd.DataFrame({
        "indicator": key(df[ind]),
        "unit_id": key(df[unit]),
        "period": df[per].to_numpy(np.int64),
        **{b: key(df[cols[b]]) for b in BY},
        "category": key(df[cat]) if cat else "total",
        "value": df[val].to_numpy(np.float64),
    })
    return out


def fmt_s(runs: List[float]) -> str:
    return f"median {statistics.median(runs):.2f} s (runs {', '.join(f'{r:.2f}' for r in runs)})"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "target" / "bench-indicators",
                    help="directory of the written tables (default target/bench-indicators)")
    ap.add_argument("--areas", type=int, default=10_000,
                    help="areas when the tables must be written first (default 10000)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per side (default 3)")
    args = ap.parse_args(argv)

    ensure_data(args.data, args.areas)
    manifest = json.loads((args.data / "manifest.json").read_text())
    tables = load_tables(args.data)
    rows = sum(len(t) for t in tables.values())
    print(f"tables: {manifest['areas']} areas x 2 sexes x 2 citizenships x 10 years, "
          f"{rows:,} rows (" + ", ".join(f"{k} {len(v):,}" for k, v in tables.items()) + ")")
    print(f"input DataFrames: {frame_bytes(tables) / 1e6:.1f} MB (memory_usage deep)")
    ref, meta = rust_results(args.data)
    print(f"bildung-core engine (Rust, indicators_memory example, {meta.get('build', '?')} build): "
          f"median {meta['compute_median_s']:.2f} s, {meta['records']:,} records; "
          f"engine input {meta['input_bytes'] / 1e6:.1f} MB")

    # pandas peer
    pc = PandasCatalogue()
    print(f"pandas {pd.__version__}, numpy {np.__version__}: {len(pc.definitions)} indicators ...",
          flush=True)
    (frames, extra, reset) = peak_extra(lambda: pc.compute(tables))
    del frames
    print(f"pandas peak extra memory (one run): {extra / 1e6:.1f} MB"
          + ("" if reset else " (VmHWM not resettable: lower bound)")
          + f" = {extra / frame_bytes(tables):.2f} x the input DataFrames")
    frames, runs_pd = timed(lambda: pc.compute(tables), args.repeats)
    print(f"pandas (groupby implementation in this script): {fmt_s(runs_pd)}")
    mine = encode(frames, meta["indicators"], meta["strings"])
    del frames
    a = agreement(mine, ref, ("pandas", "engine"), meta["indicators"])
    print(f"pandas vs engine results: {a}")
    del ref

    # bildung binding
    try:
        import bildung.indicators as bi  # type: ignore[import-not-found]

        compute = bi.compute
    except (ImportError, AttributeError) as e:
        print(f"SKIPPED bildung.indicators.compute: the Python binding is not available ({e}); "
              "the pandas implementation was checked against the engine's results written by "
              "the Rust example instead.")
        return 0 if a["agree"] else 1
    (out, extra_b, reset_b) = peak_extra(lambda: compute(tables, by=BY))
    del out
    print(f"bildung.indicators.compute peak extra memory (one run): {extra_b / 1e6:.1f} MB"
          + ("" if reset_b else " (VmHWM not resettable: lower bound)")
          + f" = {extra_b / frame_bytes(tables):.2f} x the input DataFrames")
    out, runs_b = timed(lambda: compute(tables, by=BY), args.repeats)
    print(f"bildung.indicators.compute: {fmt_s(runs_b)}; pandas / bildung = "
          f"{statistics.median(runs_pd) / statistics.median(runs_b):.1f}x")
    norm = normalise_binding(out)
    if norm is None:
        print(f"could not read the binding's result columns {list(out.columns)}: no agreement check")
        return 0 if a["agree"] else 1
    del out
    frames_b = [g for _, g in norm.groupby("indicator", sort=False, observed=True)]
    del norm
    theirs = encode(frames_b, meta["indicators"], meta["strings"])
    del frames_b
    b = agreement(mine, theirs, ("pandas", "bildung"), meta["indicators"])
    print(f"pandas vs bildung: {b}")
    return 0 if (a["agree"] and b["agree"]) else 1


if __name__ == "__main__":
    sys.exit(main())
