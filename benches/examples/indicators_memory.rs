//! Peak memory (and one-shot timings) of computing the whole built-in indicator catalogue on the
//! synthetic tables of the `indicators` bench (issue 5 item 8), and the writer of those tables
//! and of the engine's results for `benches/python/compare_indicators.py`.
//!
//! ```text
//! cargo run --release -p bildung-benches --example indicators_memory -- \
//!     [--areas 10000] [--seed 20240601] [--repeats 3] [--per-indicator] [--write DIR]
//! ```
//!
//! Method (Linux): resident memory is read from `/proc/self/status` (`VmRSS`, and `VmHWM`, the
//! peak resident set). Before each measured step the peak is reset to the current resident set
//! by writing `5` to `/proc/self/clear_refs` (Linux >= 4.0), so that `VmHWM - VmRSS(before)` is
//! the extra memory of that step alone. Steps: generate the tables, turn them into builders,
//! validate them (`Tables::add`, the load), then compute the catalogue once with
//! `by = ["sex", "citizenship"]`. The input size is the sum of the engine's column buffers (4
//! bytes per text key, 8 per integer key, 8 per count, 1 per symbol code per row); the ratios
//! printed are (peak during compute - resident before compute) / input, and (peak during compute
//! - resident at start) / input, which also holds the tables themselves.
//!
//! `--per-indicator` also times each indicator alone (one `compute` per id), slowest first.
//! `--write DIR` writes the tables (`.npy` columns, text columns as codes plus their levels in
//! `manifest.json`) and the results for the Python comparison.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/common/mod.rs"]
mod common;
#[path = "../benches/indicators_data/mod.rs"]
mod indicators_data;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use bildung_core::indicators::{Catalogue, IndicatorResults, Request, ValueStatus, compute};
use indicators_data::{GenCol, GenData, input_bytes, load};

/// A field of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`).
fn status(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Reset the peak resident set (`VmHWM`) to the current one; false if not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Resident set now and a closure giving the peak since then.
struct Probe {
    rss: u64,
    reset: bool,
}

impl Probe {
    fn start() -> Probe {
        let reset = reset_peak();
        Probe {
            rss: status("VmRSS:").unwrap_or(0),
            reset,
        }
    }

    /// Extra peak bytes since `start` (a lower bound if the peak could not be reset).
    fn extra(&self) -> u64 {
        status("VmHWM:").unwrap_or(0).saturating_sub(self.rss)
    }
}

fn mb(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn request() -> Request {
    Request {
        indicators: Vec::new(),
        by: vec!["sex".into(), "citizenship".into()],
        periods: None,
    }
}

/// Bytes of the result columns.
fn result_bytes(r: &IndicatorResults) -> u64 {
    // indicator, unit, category, population source, census basis: u32; period: i64; by codes:
    // u32 each; value, numerator, denominator, se: f64; status, symbol: u8; flags: u32
    (r.len() * (4 * 5 + 8 + 4 * r.by.len() + 8 * 4 + 2 + 4)) as u64
}

struct Args {
    areas: usize,
    seed: u64,
    repeats: usize,
    per_indicator: bool,
    write: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        areas: indicators_data::AREAS,
        seed: 20240601,
        repeats: 3,
        per_indicator: false,
        write: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--areas" => a.areas = it.next().and_then(|v| v.parse::<f64>().ok()).unwrap() as usize,
            "--seed" => a.seed = it.next().and_then(|v| v.parse().ok()).unwrap(),
            "--repeats" => a.repeats = it.next().and_then(|v| v.parse().ok()).unwrap(),
            "--per-indicator" => a.per_indicator = true,
            "--write" => a.write = it.next().map(PathBuf::from),
            other => panic!(
                "unknown argument {other}; use --areas N --seed S --repeats R --per-indicator --write DIR"
            ),
        }
    }
    a
}

fn main() {
    let a = args();
    let rss0 = status("VmRSS:").unwrap_or(0);
    let cat = Catalogue::builtin().unwrap();

    let t0 = Instant::now();
    let data = indicators_data::generate(a.areas, a.seed);
    println!(
        "generated {} areas x 2 sexes x 2 citizenships x {} years in {:.2} s",
        a.areas,
        indicators_data::YEARS,
        t0.elapsed().as_secs_f64()
    );
    for t in &data.tables {
        println!("  {:<22} {:>12} rows", t.kind.name(), t.len());
    }
    println!("  {:<22} {:>12} rows", "total", data.rows());
    if let Some(dir) = &a.write {
        write_tables(dir, &data, a.seed);
    }

    // Load: builders (categorical codes, as from pandas) -> validated tables.
    let builders = data.builders();
    drop(data);
    let probe = Probe::start();
    let t0 = Instant::now();
    let tables = load(builders);
    let load_s = t0.elapsed().as_secs_f64();
    let load_extra = probe.extra();
    let input = input_bytes(&tables) as u64;
    println!(
        "input size (engine column buffers): {} ({} bytes)",
        mb(input),
        input
    );
    println!(
        "load (Tables::add of all tables, incl. duplicate-key check): {load_s:.2} s, peak extra {} over the builders",
        mb(load_extra)
    );

    // Compute once, measured.
    let probe = Probe::start();
    let t0 = Instant::now();
    let r = compute(&cat, &tables, &request()).unwrap();
    let first_s = t0.elapsed().as_secs_f64();
    let extra = probe.extra();
    assert!(r.skipped.is_empty(), "indicators skipped: {:?}", r.skipped);
    let held = probe.rss.saturating_sub(rss0);
    let statuses: Vec<String> = ValueStatus::ALL
        .iter()
        .map(|s| {
            let n = r.status.iter().filter(|x| *x == s).count();
            format!("{} {n}", s.name())
        })
        .collect();
    println!(
        "compute (whole catalogue, {} indicators, by sex x citizenship): {first_s:.2} s, {} records ({} of result columns)",
        r.indicators.len(),
        r.len(),
        mb(result_bytes(&r))
    );
    println!("statuses: {}", statuses.join(", "));
    println!(
        "memory: resident before compute {} over the start (tables, interner, catalogue); peak extra during compute {}{}",
        mb(held),
        mb(extra),
        if probe.reset {
            ""
        } else {
            " (VmHWM not resettable: lower bound)"
        }
    );
    println!(
        "ratio (peak - resident before compute) / input = {:.2}; (peak - resident at start) / input = {:.2}",
        extra as f64 / input as f64,
        (extra + held) as f64 / input as f64
    );

    let mut times = vec![first_s];
    for _ in 1..a.repeats {
        let t0 = Instant::now();
        let again = compute(&cat, &tables, &request()).unwrap();
        times.push(t0.elapsed().as_secs_f64());
        assert_eq!(again.len(), r.len());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "compute time over {} runs: median {:.2} s, min {:.2} s",
        times.len(),
        times[times.len() / 2],
        times[0]
    );

    if a.per_indicator {
        let mut per: Vec<(String, f64, usize)> = Vec::new();
        for d in cat.definitions() {
            let req = Request {
                indicators: vec![d.id.clone()],
                ..request()
            };
            let t0 = Instant::now();
            let ri = compute(&cat, &tables, &req).unwrap();
            per.push((d.id.clone(), t0.elapsed().as_secs_f64(), ri.len()));
        }
        let total: f64 = per.iter().map(|p| p.1).sum();
        per.sort_by(|x, y| y.1.total_cmp(&x.1));
        println!("per indicator (one compute each; sum {total:.2} s):");
        for (id, s, n) in &per {
            println!("  {id:<18} {:>8.1} ms  {n:>9} records", s * 1e3);
        }
    }

    if let Some(dir) = &a.write {
        write_results(dir, &r, times[times.len() / 2], input);
        println!("wrote tables and results to {}", dir.display());
    }
}

// ------------------------------------------------------------------ .npy and manifest writers

fn npy<T: Copy>(path: &Path, descr: &str, values: &[T], to_le: impl Fn(T) -> Vec<u8>) {
    let mut header = format!(
        "{{'descr': '{descr}', 'fortran_order': False, 'shape': ({},), }}",
        values.len()
    );
    // magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut w = BufWriter::new(File::create(path).unwrap());
    w.write_all(b"\x93NUMPY\x01\x00").unwrap();
    w.write_all(&(header.len() as u16).to_le_bytes()).unwrap();
    w.write_all(header.as_bytes()).unwrap();
    for &v in values {
        w.write_all(&to_le(v)).unwrap();
    }
    w.flush().unwrap();
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_list<'a>(v: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = v.into_iter().map(json_str).collect();
    format!("[{}]", items.join(", "))
}

fn write_tables(dir: &Path, data: &GenData, seed: u64) {
    std::fs::create_dir_all(dir).unwrap();
    let mut tables = Vec::new();
    for t in &data.tables {
        let name = t.kind.name();
        let mut cols = Vec::new();
        for (col, c) in &t.columns {
            let file = format!("{name}.{col}.npy");
            match c {
                GenCol::Text { codes, levels } => {
                    npy(&dir.join(&file), "<u4", codes, |v| v.to_le_bytes().to_vec());
                    cols.push(format!(
                        "{{\"name\": {}, \"type\": \"text\", \"file\": {}, \"levels\": {}}}",
                        json_str(col),
                        json_str(&file),
                        json_list(levels.iter().map(String::as_str))
                    ));
                }
                GenCol::Int(v) => {
                    npy(&dir.join(&file), "<i8", v, |v| v.to_le_bytes().to_vec());
                    cols.push(format!(
                        "{{\"name\": {}, \"type\": \"int\", \"file\": {}}}",
                        json_str(col),
                        json_str(&file)
                    ));
                }
            }
        }
        let file = format!("{name}.count.npy");
        npy(&dir.join(&file), "<f8", &t.counts, |v| {
            v.to_le_bytes().to_vec()
        });
        tables.push(format!(
            "{}: {{\"rows\": {}, \"count\": {}, \"columns\": [{}]}}",
            json_str(name),
            t.len(),
            json_str(&file),
            cols.join(", ")
        ));
    }
    let manifest = format!(
        "{{\"areas\": {}, \"seed\": {seed}, \"tables\": {{{}}}}}\n",
        data.areas,
        tables.join(",\n ")
    );
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
}

fn write_results(dir: &Path, r: &IndicatorResults, median_s: f64, input: u64) {
    let u32le = |v: u32| v.to_le_bytes().to_vec();
    let f64le = |v: f64| v.to_le_bytes().to_vec();
    npy(
        &dir.join("result.indicator.npy"),
        "<u4",
        &r.indicator,
        u32le,
    );
    npy(&dir.join("result.unit.npy"), "<u4", &r.unit, u32le);
    npy(&dir.join("result.period.npy"), "<i8", &r.period, |v| {
        v.to_le_bytes().to_vec()
    });
    for (b, codes) in r.by.iter().zip(&r.by_codes) {
        npy(&dir.join(format!("result.by.{b}.npy")), "<u4", codes, u32le);
    }
    npy(&dir.join("result.category.npy"), "<u4", &r.category, u32le);
    npy(&dir.join("result.value.npy"), "<f8", &r.value, f64le);
    npy(
        &dir.join("result.numerator.npy"),
        "<f8",
        &r.numerator,
        f64le,
    );
    npy(
        &dir.join("result.denominator.npy"),
        "<f8",
        &r.denominator,
        f64le,
    );
    let status: Vec<u8> = r.status.iter().map(|s| *s as u8).collect();
    npy(&dir.join("result.status.npy"), "|u1", &status, |v| vec![v]);
    let ids: Vec<&str> = r.indicators.iter().map(|i| i.id.as_str()).collect();
    let manifest = format!(
        "{{\"records\": {}, \"indicators\": {}, \"by\": {}, \"strings\": {}, \"compute_median_s\": {median_s}, \"input_bytes\": {input}, \"build\": \"{}\"}}\n",
        r.len(),
        json_list(ids),
        json_list(r.by.iter().map(String::as_str)),
        json_list(r.strings.iter().map(String::as_str)),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    std::fs::write(dir.join("results.json"), manifest).unwrap();
}
