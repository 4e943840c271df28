//! Criterion benchmarks of the inequality measures of `bildung-core` on lognormal values.
//!
//! `cargo bench -p bildung-benches` measures, at n = 1e3 .. 1e7:
//! Gini (unweighted and weighted), Theil T, Atkinson(1), the GE(1) decomposition with 100 groups,
//! and as a baseline `sort_unstable` of a copy of the same values (the one sort a Gini needs).
//!
//! Values are lognormal(0, 1) from a small deterministic generator (SplitMix64 + Box–Muller),
//! weights are integers 1..=100, groups 0..=99. Arrays are generated lazily, once per size, the
//! first time a benchmark of that size runs (so a filter such as `-- gini_weighted/1e3` builds
//! no large array). Sizes >= 1e6 use 10 samples of flat sampling in 10 s, 1e5 uses 50 samples.
//!
//! Test mode (`cargo test --benches`, `cargo test --all-targets`: criterion runs each benchmark
//! once, in a debug build) stops at n = 1e5 (about 1 s in all; with 1e6 it took 9 s unoptimised)
//! and checks that every result is `Ok`.
//! `BILDUNG_BENCH_MAX_N=1e5 cargo bench ...` caps the sizes of a real run.
// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;
use common::{SplitMix64, label, test_mode};
use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use bildung_core::NanPolicy;
use bildung_core::inequality::{GiniCorrection, atkinson, ge_decomposition, gini, theil};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use ndarray::Array1;

/// Sizes of a benchmark run.
const SIZES: [usize; 5] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
/// Largest size in test mode.
const TEST_MODE_MAX_N: usize = 100_000;
/// Number of groups of the decomposition.
const GROUPS: u64 = 100;

/// One input: values, weights and group codes of the same length.
struct Data {
    x: Array1<f64>,
    w: Array1<f64>,
    g: Array1<i64>,
}

/// n lognormal(0, 1) values (Box–Muller, both normals used), weights 1..=100, groups 0..=99.
fn generate(n: usize) -> Data {
    let mut rng = SplitMix64(0x5EED_0000_0000_0000 ^ n as u64);
    let mut x = Vec::with_capacity(n);
    while x.len() < n {
        let r = (-2.0 * rng.uniform().ln()).sqrt();
        let t = std::f64::consts::TAU * rng.uniform();
        x.push((r * t.cos()).exp());
        if x.len() < n {
            x.push((r * t.sin()).exp());
        }
    }
    let w = (0..n).map(|_| (1 + rng.next_u64() % 100) as f64).collect();
    let g = (0..n).map(|_| (rng.next_u64() % GROUPS) as i64).collect();
    Data {
        x: Array1::from(x),
        w,
        g,
    }
}

fn sizes() -> Vec<usize> {
    let cap = if test_mode() {
        TEST_MODE_MAX_N
    } else {
        std::env::var("BILDUNG_BENCH_MAX_N")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(usize::MAX, |v| v as usize)
    };
    SIZES.into_iter().filter(|&n| n <= cap).collect()
}

type Routine = fn(&Data) -> bool;

fn run_gini_unweighted(d: &Data) -> bool {
    black_box(gini(
        black_box(d.x.view()),
        None,
        GiniCorrection::None,
        NanPolicy::Raise,
    ))
    .is_ok()
}

fn run_gini_weighted(d: &Data) -> bool {
    black_box(gini(
        black_box(d.x.view()),
        Some(d.w.view()),
        GiniCorrection::None,
        NanPolicy::Raise,
    ))
    .is_ok()
}

fn run_theil(d: &Data) -> bool {
    black_box(theil(black_box(d.x.view()), None, NanPolicy::Raise)).is_ok()
}

fn run_atkinson_1(d: &Data) -> bool {
    black_box(atkinson(black_box(d.x.view()), None, 1.0, NanPolicy::Raise)).is_ok()
}

fn run_ge_decomposition(d: &Data) -> bool {
    black_box(ge_decomposition(
        black_box(d.x.view()),
        None,
        d.g.view(),
        1.0,
        NanPolicy::Raise,
    ))
    .is_ok()
}

fn run_sort_copy(d: &Data) -> bool {
    let mut v = black_box(&d.x).to_vec();
    v.sort_unstable_by(f64::total_cmp);
    black_box(v).len() == d.x.len()
}

fn benches(c: &mut Criterion) {
    let sizes = sizes();
    let data: Vec<OnceCell<Data>> = sizes.iter().map(|_| OnceCell::new()).collect();
    let routines: [(&str, Routine); 6] = [
        ("gini_unweighted", run_gini_unweighted),
        ("gini_weighted", run_gini_weighted),
        ("theil", run_theil),
        ("atkinson_1", run_atkinson_1),
        ("ge_decomposition_100_groups", run_ge_decomposition),
        ("sort_unstable_copy", run_sort_copy),
    ];
    for (name, routine) in routines {
        let mut group = c.benchmark_group(name);
        for (i, &n) in sizes.iter().enumerate() {
            if n >= 1_000_000 {
                group
                    .sample_size(10)
                    .sampling_mode(SamplingMode::Flat)
                    .measurement_time(Duration::from_secs(10));
            } else if n >= 100_000 {
                group
                    .sample_size(50)
                    .sampling_mode(SamplingMode::Auto)
                    .measurement_time(Duration::from_secs(10));
            } else {
                group
                    .sample_size(100)
                    .sampling_mode(SamplingMode::Auto)
                    .measurement_time(Duration::from_secs(5));
            }
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(label(n)), &i, |b, &i| {
                let d = data[i].get_or_init(|| generate(n));
                debug_assert!(routine(d), "{name} failed at n = {n}");
                b.iter(|| routine(d));
            });
        }
        group.finish();
    }
}

criterion_group!(inequality, benches);
criterion_main!(inequality);
