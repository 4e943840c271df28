//! Criterion benchmarks of the per-area intervals of `bildung_core::rates` on 1e6 areas.
//!
//! `cargo bench -p bildung-benches --bench rates` measures, on one core, at 1e6 areas:
//! `proportion_ci` with each method (Wilson, Clopper-Pearson, Agresti-Coull, Jeffreys, Wald),
//! `poisson_ci` (exact, Byar) on the same events with the population as exposure,
//! `proportion_difference_versus_rest`, and `direct_standardised_rate` (Dobson, Fay-Feuer) and
//! `indirect_standardised_ratio` on 1e5 areas x 6 strata. The target: intervals for 1e6
//! areas in under 0.2 s on one core.
//!
//! Data (deterministic, SplitMix64): populations `n` log-uniform on 20..=5000 (many small areas,
//! few large ones: median about 316), area proportions `p = 0.08 exp(0.4 z)` (capped at 0.9),
//! events `x = round(n p + sqrt(n p (1-p)) z')` clamped to `0..=n`, with z, z' standard normal
//! (Box-Muller). The strata tables split each area over 6 strata with fixed shares and stratum
//! rates (0.02 .. 0.12). Generated once per size.
//!
//! Test mode (`cargo test --benches`: criterion runs each benchmark once, in a debug build) uses
//! 1e3 areas and checks that every result is `Ok`. `BILDUNG_BENCH_MAX_N=1e5 cargo bench ...`
//! caps the size of a real run.
// criterion_group! defines an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;
use common::{SplitMix64, label};
use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use bildung_core::NanPolicy;
use bildung_core::rates::{
    DirectParams, DsrMethod, IndirectParams, PoissonMethod, ProportionMethod,
    direct_standardised_rate, indirect_standardised_ratio, poisson_ci, proportion_ci,
    proportion_difference_versus_rest,
};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use ndarray::{Array1, Array2};

/// Areas of a real run (per-area intervals), and of the strata benchmarks.
const AREAS: usize = 1_000_000;
const STRATA_AREAS: usize = 100_000;
/// Areas in test mode.
const TEST_MODE_AREAS: usize = 1_000;
/// Shares of the 6 strata in every area, and the stratum rates.
const STRATUM_SHARES: [f64; 6] = [0.10, 0.15, 0.20, 0.25, 0.18, 0.12];
const STRATUM_RATES: [f64; 6] = [0.02, 0.03, 0.05, 0.07, 0.09, 0.12];

/// Per-area events and populations.
struct Areas {
    x: Array1<f64>,
    n: Array1<f64>,
}

/// Strata tables of events and populations, and the standard population.
struct Strata {
    x: Array2<f64>,
    n: Array2<f64>,
    standard: Array1<f64>,
    rates: Array1<f64>,
}

fn generate(k: usize) -> Areas {
    let mut rng = SplitMix64(0x0BAD_5EED ^ k as u64);
    let (lo, hi) = (20f64.ln(), 5000f64.ln());
    let mut x = Array1::zeros(k);
    let mut n = Array1::zeros(k);
    for i in 0..k {
        let ni = (lo + (hi - lo) * rng.uniform()).exp().round();
        let p = (0.08 * (0.4 * rng.normal()).exp()).min(0.9);
        let xi = (ni * p + (ni * p * (1.0 - p)).sqrt() * rng.normal()).round();
        x[i] = xi.clamp(0.0, ni);
        n[i] = ni;
    }
    Areas { x, n }
}

fn generate_strata(k: usize) -> Strata {
    let mut rng = SplitMix64(0x57A7 ^ k as u64);
    let s = STRATUM_SHARES.len();
    let mut x = Array2::zeros((k, s));
    let mut n = Array2::zeros((k, s));
    for i in 0..k {
        let total = (20f64.ln() + (5000f64.ln() - 20f64.ln()) * rng.uniform()).exp();
        for j in 0..s {
            let nj = (total * STRATUM_SHARES[j]).round().max(1.0);
            let mu = nj * STRATUM_RATES[j];
            x[(i, j)] = (mu + mu.sqrt() * rng.normal()).round().clamp(0.0, nj);
            n[(i, j)] = nj;
        }
    }
    Strata {
        x,
        n,
        standard: Array1::from_vec(STRATUM_SHARES.iter().map(|w| w * 1e5).collect()),
        rates: Array1::from_vec(STRATUM_RATES.to_vec()),
    }
}

type AreaRoutine = Box<dyn Fn(&Areas) -> bool>;
type StrataRoutine = Box<dyn Fn(&Strata) -> bool>;

fn area_routines() -> Vec<(String, AreaRoutine)> {
    let mut out: Vec<(String, AreaRoutine)> = Vec::new();
    for m in ProportionMethod::ALL {
        out.push((
            format!("proportion_ci/{}", m.name()),
            Box::new(move |d: &Areas| {
                black_box(proportion_ci(
                    black_box(d.x.view()),
                    d.n.view(),
                    m,
                    0.95,
                    NanPolicy::Raise,
                ))
                .is_ok()
            }),
        ));
    }
    for m in PoissonMethod::ALL {
        out.push((
            format!("poisson_ci/{}", m.name()),
            Box::new(move |d: &Areas| {
                black_box(poisson_ci(
                    black_box(d.x.view()),
                    Some(d.n.view()),
                    m,
                    0.95,
                    1000.0,
                    NanPolicy::Raise,
                ))
                .is_ok()
            }),
        ));
    }
    out.push((
        "proportion_difference_versus_rest".to_owned(),
        Box::new(|d: &Areas| {
            black_box(proportion_difference_versus_rest(
                black_box(d.x.view()),
                d.n.view(),
                0.95,
                NanPolicy::Raise,
            ))
            .is_ok()
        }),
    ));
    out
}

fn strata_routines() -> Vec<(String, StrataRoutine)> {
    let mut out: Vec<(String, StrataRoutine)> = Vec::new();
    for m in DsrMethod::ALL {
        out.push((
            format!("direct_standardised_rate_6_strata/{}", m.name()),
            Box::new(move |d: &Strata| {
                let p = DirectParams {
                    method: m,
                    multiplier: 1e5,
                    ..DirectParams::default()
                };
                black_box(direct_standardised_rate(
                    black_box(d.x.view()),
                    d.n.view(),
                    d.standard.view(),
                    &p,
                    NanPolicy::Raise,
                ))
                .is_ok()
            }),
        ));
    }
    out.push((
        "indirect_standardised_ratio_6_strata/exact".to_owned(),
        Box::new(|d: &Strata| {
            black_box(indirect_standardised_ratio(
                black_box(d.x.view()),
                d.n.view(),
                d.rates.view(),
                Some(d.standard.view()),
                &IndirectParams::default(),
                NanPolicy::Raise,
            ))
            .is_ok()
        }),
    ));
    out
}

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
}

fn benches(c: &mut Criterion) {
    let cap = common::cap(TEST_MODE_AREAS);
    let k = AREAS.min(cap);
    let areas: OnceCell<Areas> = OnceCell::new();
    let mut group = c.benchmark_group("rates");
    configure(&mut group);
    group.throughput(Throughput::Elements(k as u64));
    for (name, routine) in area_routines() {
        group.bench_with_input(BenchmarkId::new(name.clone(), label(k)), &k, |b, &k| {
            let d = areas.get_or_init(|| generate(k));
            assert!(routine(d), "{name} failed at {k} areas");
            b.iter(|| routine(d));
        });
    }
    let ks = STRATA_AREAS.min(cap);
    let strata: OnceCell<Strata> = OnceCell::new();
    group.throughput(Throughput::Elements(ks as u64));
    for (name, routine) in strata_routines() {
        group.bench_with_input(BenchmarkId::new(name.clone(), label(ks)), &ks, |b, &ks| {
            let d = strata.get_or_init(|| generate_strata(ks));
            assert!(routine(d), "{name} failed at {ks} areas");
            b.iter(|| routine(d));
        });
    }
    group.finish();
}

criterion_group!(rates, benches);
criterion_main!(rates);
