//! Criterion benchmarks of the indicator engine (`bildung_core::indicators`, issue 5 item 8):
//! the whole built-in catalogue for 10,000 areas x 2 sexes x 2 citizenships x 10 years.
//!
//! `cargo bench -p bildung-benches --bench indicators` measures, on one core:
//! * `compute_catalogue_by_sex_citizenship`: `compute` of every built-in indicator with
//!   `by = ["sex", "citizenship"]` (each indicator broken down by those of the two its definition
//!   allows) on tables built once, outside the timing;
//! * `tables_add_all_tables`: validating the seven tables into a fresh `Tables` (`Tables::add`:
//!   schema, counts, interning, duplicate-key check), the load a user pays before computing;
//!   the builders (text columns as categorical codes, as from pandas) are made outside the
//!   timing.
//!
//! Sizes: 2,500 and 10,000 areas (the figure); the data (synthetic long tables of every
//! kind the catalogue reads, deterministic, SplitMix64) and their row counts are described in
//! `indicators_data/mod.rs` and printed by
//! `cargo run --release -p bildung-benches --example indicators_memory`, which also measures the
//! peak memory. The target: under 2 s on one core, memory below 3x the input size.
//!
//! Test mode (`cargo test --benches`: criterion runs each benchmark once, in a debug build) uses
//! 20 areas and checks that no indicator is skipped and that values are computed.
//! `BILDUNG_BENCH_MAX_N=2500 cargo bench ...` caps the number of areas of a real run.
// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;
mod indicators_data;

use std::hint::black_box;
use std::time::Duration;

use bildung_core::indicators::{Catalogue, Request, ValueStatus, compute};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use criterion::{criterion_group, criterion_main};
use indicators_data::{AREAS, generate, input_bytes, load};

/// Areas of a real run.
const SIZES: [usize; 2] = [2_500, AREAS];
/// Areas in test mode.
const TEST_MODE_AREAS: usize = 20;
const SEED: u64 = 20240601;

fn request() -> Request {
    Request {
        indicators: Vec::new(),
        by: vec!["sex".into(), "citizenship".into()],
        periods: None,
    }
}

// A bench whose data the engine rejects must fail loudly (it also runs as a test).
#[allow(clippy::panic)]
fn benches(c: &mut Criterion) {
    let cap = common::cap(TEST_MODE_AREAS);
    let mut sizes: Vec<usize> = SIZES.iter().map(|&n| n.min(cap)).collect();
    sizes.dedup();
    let cat = match Catalogue::builtin() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalogue: {e}"),
    };
    let mut group = c.benchmark_group("indicators");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    for areas in sizes {
        let data = generate(areas, SEED);
        let tables = data.to_tables();
        let rows = data.rows();
        eprintln!(
            "indicators: {areas} areas, {rows} rows, input {} bytes ({})",
            input_bytes(&tables),
            data.tables
                .iter()
                .map(|t| format!("{} {}", t.kind.name(), t.len()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // Every indicator computes, and values come out (not only statuses).
        let r = match compute(&cat, &tables, &request()) {
            Ok(r) => r,
            Err(e) => panic!("compute failed at {areas} areas: {e}"),
        };
        assert!(r.skipped.is_empty(), "skipped: {:?}", r.skipped);
        assert_eq!(r.indicators.len(), cat.definitions().len());
        let ok = r.status.iter().filter(|s| **s == ValueStatus::Ok).count();
        assert!(ok * 10 > r.len() * 8, "{ok} of {} records ok", r.len());
        for (i, ind) in r.indicators.iter().enumerate() {
            assert!(
                (0..r.len())
                    .any(|k| r.indicator[k] as usize == i && r.status[k] == ValueStatus::Ok),
                "no value for {}",
                ind.id
            );
        }
        let id = format!("{areas}_areas");
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_with_input(
            BenchmarkId::new("compute_catalogue_by_sex_citizenship", &id),
            &tables,
            |b, t| b.iter(|| black_box(compute(&cat, black_box(t), &request())).is_ok()),
        );
        group.bench_with_input(
            BenchmarkId::new("tables_add_all_tables", &id),
            &data,
            |b, d| b.iter_batched(|| d.builders(), load, BatchSize::PerIteration),
        );
    }
    group.finish();
}

criterion_group!(indicators, benches);
criterion_main!(indicators);
