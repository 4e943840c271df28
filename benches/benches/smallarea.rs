//! Criterion benchmarks of the small-area estimators of `bildung-core`.
//!
//! `cargo bench -p bildung-benches --bench smallarea` measures:
//! * `fay_herriot` with REML at m = 40, 400, 4,000 areas (the sizes of the comparison with
//!   samplics in `benches/python/compare_smallarea.py`), and ML / Prasad-Rao at 4,000;
//! * `marshall_global` at 1e3 .. 1e6 areas, `marshall_local` on a square grid with rook
//!   adjacency at 1e4 and 1e6 areas;
//! * `beta_binomial_eb` (ML with EB intervals) at 1e3 and 1e5 areas.
//!
//! Data (deterministic, SplitMix64 + Box-Muller): Fay-Herriot as the golden 400-area case,
//! `y = 0.3 + 0.05 z1 + 0.2 z2 + N(0, 0.07^2) + N(0, psi)`, `z1 ~ N(0, 1)`, `z2 ~ U(0, 1)`,
//! `psi ~ U(0.002, 0.02)`; counts: populations 8..=300 pupils, rates `0.1 exp(0.4 N(0, 1))`
//! capped at 0.9, events = rounded expected counts.
//!
//! Test mode (`cargo test --benches`: each benchmark once, debug build) stops at 1e4 areas and
//! checks that every result is `Ok`. `BILDUNG_BENCH_MAX_N=1e4 cargo bench ...` caps a real run.
// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;
use common::SplitMix64;
use std::hint::black_box;
use std::time::Duration;

use bildung_core::NanPolicy;
use bildung_core::smallarea::{
    BetaBinomialParams, FayHerriotMethod, FayHerriotParams, beta_binomial_eb, fay_herriot,
    marshall_global, marshall_local,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{Array1, Array2};

/// Largest size in test mode.
const TEST_MODE_MAX_N: usize = 10_000;

/// A Fay-Herriot data set of `m` areas: direct estimates, variances, two covariates.
fn fh_data(m: usize) -> (Array1<f64>, Array1<f64>, Array2<f64>) {
    let mut rng = SplitMix64(0xFA11_0000 ^ m as u64);
    let mut y = Array1::zeros(m);
    let mut psi = Array1::zeros(m);
    let mut x = Array2::zeros((m, 2));
    for i in 0..m {
        let (z1, z2) = (rng.normal(), rng.uniform());
        let p = 0.002 + 0.018 * rng.uniform();
        x[(i, 0)] = z1;
        x[(i, 1)] = z2;
        psi[i] = p;
        y[i] = 0.3 + 0.05 * z1 + 0.2 * z2 + 0.07 * rng.normal() + p.sqrt() * rng.normal();
    }
    (y, psi, x)
}

/// Event counts and populations of `k` areas.
fn counts(k: usize) -> (Array1<f64>, Array1<f64>) {
    let mut rng = SplitMix64(0xEB00_0000 ^ k as u64);
    let mut x = Array1::zeros(k);
    let mut n = Array1::zeros(k);
    for i in 0..k {
        let pop = (8 + rng.next_u64() % 293) as f64;
        let rate = (0.1 * (0.4 * rng.normal()).exp()).min(0.9);
        n[i] = pop;
        x[i] = (pop * rate).round();
    }
    (x, n)
}

/// Rook adjacency of a `side x side` grid.
fn grid(side: usize) -> Vec<Vec<usize>> {
    let mut nb = Vec::with_capacity(side * side);
    for r in 0..side {
        for c in 0..side {
            let mut v = Vec::with_capacity(4);
            if r > 0 {
                v.push((r - 1) * side + c);
            }
            if r + 1 < side {
                v.push((r + 1) * side + c);
            }
            if c > 0 {
                v.push(r * side + c - 1);
            }
            if c + 1 < side {
                v.push(r * side + c + 1);
            }
            nb.push(v);
        }
    }
    nb
}

fn bench_fay_herriot(c: &mut Criterion, cap: usize) {
    let runs: [(FayHerriotMethod, &[usize]); 3] = [
        (FayHerriotMethod::Reml, &[40, 400, 4_000]),
        (FayHerriotMethod::Ml, &[4_000]),
        (FayHerriotMethod::PrasadRao, &[4_000]),
    ];
    for (method, sizes) in runs {
        let mut group = c.benchmark_group(format!("smallarea/fay_herriot_{}", method.name()));
        group.measurement_time(Duration::from_secs(5));
        let params = FayHerriotParams {
            method,
            ..FayHerriotParams::default()
        };
        for &m in sizes {
            if m > cap {
                continue;
            }
            let (y, psi, x) = fh_data(m);
            assert!(
                fay_herriot(y.view(), psi.view(), Some(x.view()), &params).is_ok(),
                "fay_herriot failed at m = {m}"
            );
            group.throughput(Throughput::Elements(m as u64));
            group.bench_with_input(BenchmarkId::from_parameter(m), &m, |b, _| {
                b.iter(|| {
                    black_box(fay_herriot(
                        black_box(y.view()),
                        psi.view(),
                        Some(x.view()),
                        &params,
                    ))
                })
            });
        }
        group.finish();
    }
}

fn bench_eb(c: &mut Criterion, cap: usize) {
    let mut group = c.benchmark_group("smallarea/marshall_global");
    for k in [1_000, 100_000, 1_000_000] {
        if k > cap {
            continue;
        }
        let (x, n) = counts(k);
        assert!(marshall_global(x.view(), n.view(), NanPolicy::Raise).is_ok());
        group.throughput(Throughput::Elements(k as u64));
        group.bench_with_input(BenchmarkId::from_parameter(k), &k, |b, _| {
            b.iter(|| {
                black_box(marshall_global(
                    black_box(x.view()),
                    n.view(),
                    NanPolicy::Raise,
                ))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("smallarea/marshall_local_rook_grid");
    for side in [100usize, 1_000] {
        let k = side * side;
        if k > cap {
            continue;
        }
        let (x, n) = counts(k);
        let nb = grid(side);
        assert!(marshall_local(x.view(), n.view(), &nb, NanPolicy::Raise).is_ok());
        group.throughput(Throughput::Elements(k as u64));
        group.bench_with_input(BenchmarkId::from_parameter(k), &k, |b, _| {
            b.iter(|| {
                black_box(marshall_local(
                    black_box(x.view()),
                    n.view(),
                    &nb,
                    NanPolicy::Raise,
                ))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("smallarea/beta_binomial_eb_ml");
    group.measurement_time(Duration::from_secs(5));
    let params = BetaBinomialParams::default();
    for k in [1_000, 100_000] {
        if k > cap {
            continue;
        }
        let (x, n) = counts(k);
        assert!(beta_binomial_eb(x.view(), n.view(), &params, NanPolicy::Raise).is_ok());
        group.throughput(Throughput::Elements(k as u64));
        group.bench_with_input(BenchmarkId::from_parameter(k), &k, |b, _| {
            b.iter(|| {
                black_box(beta_binomial_eb(
                    black_box(x.view()),
                    n.view(),
                    &params,
                    NanPolicy::Raise,
                ))
            })
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let cap = common::cap(TEST_MODE_MAX_N);
    bench_fay_herriot(c, cap);
    bench_eb(c, cap);
}

criterion_group!(smallarea, benches);
criterion_main!(smallarea);
