//! Coverage of the proportion intervals of `bildung_core::rates::proportion_ci`, exactly (by
//! enumeration over x ~ Bin(n, p)) and by simulation with a fixed seed.
//!
//! Grid: n in {10, 40, 200}, p in {0.05, 0.1, 0.3}, level 0.95.
//!
//! * **Exact coverage** `C(n, p) = sum_x P(X = x) 1[L(x) <= p <= U(x)]`, with the intervals of
//!   every x = 0..n from the library and the binomial pmf by its ratio recurrence (test-local).
//!   Checked against (a) the same enumeration done with statsmodels 0.15.0 `proportion_confint`
//!   and SciPy 1.17.1 `binom.pmf` (values below; Jeffreys with the Brown-Cai-DasGupta boundary
//!   limits), to 1e-9; and (b) the known properties: Clopper-Pearson covers at least the nominal
//!   0.95 at every grid point; Wilson, Agresti-Coull and Jeffreys have a mean coverage over the
//!   grid within 0.015 of 0.95 and a minimum above 0.90; Wald's mean coverage is below 0.90
//!   (Brown, Cai & DasGupta 2001).
//! * **Simulated coverage**: R = 4000 draws of x per grid point from a test-local SplitMix64
//!   generator (seed 20240101) and an inversion binomial sampler, the draws passed to
//!   `proportion_ci` as R areas. The simulated coverage must lie within **4 Monte Carlo standard
//!   errors** `4 sqrt(C (1 - C) / R)` of the exact coverage `C` at every grid point and method
//!   (and, pooled over the 9 grid points, within 4 standard errors of the mean exact coverage).
//!   The seed is fixed, so the test is deterministic; with 45 independent comparisons at 4 SE the
//!   chance that some fixed seed fails although the intervals are right is about 0.3 %.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::NanPolicy;
use bildung_core::rates::{ProportionMethod, proportion_ci};
use ndarray::Array1;

const NS: [u64; 3] = [10, 40, 200];
const PS: [f64; 3] = [0.05, 0.1, 0.3];
const LEVEL: f64 = 0.95;

/// Exact coverages by statsmodels 0.15.0 + SciPy 1.17.1 enumeration, grid order (n outer, p
/// inner), for Wilson, Clopper-Pearson, Agresti-Coull, Jeffreys (BCD boundary), Wald.
const PEER: [(ProportionMethod, [f64; 9]); 5] = [
    (
        ProportionMethod::Wilson,
        [
            0.913861644101,
            0.929809173600,
            0.924403487700,
            0.951971739746,
            0.943317174385,
            0.944287789936,
            0.967152163857,
            0.956118236711,
            0.946633689971,
        ],
    ),
    (
        ProportionMethod::ClopperPearson,
        [
            0.988496442621,
            0.987204801600,
            0.989407921600,
            0.986123050787,
            0.969723811644,
            0.961462005937,
            0.967152163857,
            0.966883900898,
            0.955046139111,
        ],
    ),
    (
        ProportionMethod::AgrestiCoull,
        [
            0.988496442621,
            0.929809173600,
            0.952651012600,
            0.986123050787,
            0.958098057327,
            0.944287789936,
            0.967152163857,
            0.956118236711,
            0.946633689971,
        ],
    ),
    (
        ProportionMethod::Jeffreys,
        [
            0.988496442621,
            0.987204801600,
            0.924403487700,
            0.986123050787,
            0.969723811644,
            0.944287789936,
            0.949753740244,
            0.940861241085,
            0.946633689971,
        ],
    ),
    (
        ProportionMethod::Wald,
        [
            0.400234562824,
            0.649686622500,
            0.840099575700,
            0.868095945857,
            0.914463250328,
            0.929940065195,
            0.925568061227,
            0.927111390931,
            0.944031044938,
        ],
    ),
];

/// `P(X = x)`, x = 0..n, for X ~ Bin(n, p), by the ratio recurrence (fine for n <= 200).
fn binomial_pmf(n: u64, p: f64) -> Vec<f64> {
    let mut pmf = Vec::with_capacity(n as usize + 1);
    let mut term = (1.0 - p).powi(n as i32);
    for x in 0..=n {
        pmf.push(term);
        term *= (n - x) as f64 / (x + 1) as f64 * p / (1.0 - p);
    }
    pmf
}

/// Exact coverage of `method` at (n, p).
fn exact_coverage(method: ProportionMethod, n: u64, p: f64) -> f64 {
    let x: Array1<f64> = (0..=n).map(|x| x as f64).collect();
    let pop = Array1::from_elem(x.len(), n as f64);
    let ci = proportion_ci(x.view(), pop.view(), method, LEVEL, NanPolicy::Raise).unwrap();
    binomial_pmf(n, p)
        .iter()
        .enumerate()
        .filter(|&(k, _)| ci.lower[k] <= p && p <= ci.upper[k])
        .map(|(_, w)| w)
        .sum()
}

#[test]
fn exact_coverage_matches_the_peer_and_the_known_properties() {
    for (method, peer) in PEER {
        let mut covs = Vec::new();
        for (g, (n, p)) in NS
            .iter()
            .flat_map(|&n| PS.iter().map(move |&p| (n, p)))
            .enumerate()
        {
            let c = exact_coverage(method, n, p);
            assert!(
                (c - peer[g]).abs() < 1e-9,
                "{method:?} n={n} p={p}: {c} vs statsmodels enumeration {}",
                peer[g]
            );
            covs.push(c);
        }
        let mean = covs.iter().sum::<f64>() / covs.len() as f64;
        let min = covs.iter().copied().fold(f64::INFINITY, f64::min);
        match method {
            ProportionMethod::ClopperPearson => {
                assert!(min >= LEVEL, "Clopper-Pearson below nominal: {covs:?}");
            }
            ProportionMethod::Wald => assert!(mean < 0.90, "Wald mean coverage {mean}"),
            _ => {
                assert!(
                    (mean - LEVEL).abs() <= 0.015,
                    "{method:?} mean coverage {mean} outside 0.95 ± 0.015"
                );
                assert!(min > 0.90, "{method:?} minimum coverage {min}");
            }
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the test's own generator (the library's seeded
/// generator is not used here).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Bin(n, p) by inversion: the smallest x with F(x) > u (sequential search from 0).
    fn binomial(&mut self, pmf: &[f64]) -> f64 {
        let u = self.uniform();
        let mut cdf = 0.0;
        for (x, &w) in pmf.iter().enumerate() {
            cdf += w;
            if u < cdf {
                return x as f64;
            }
        }
        (pmf.len() - 1) as f64
    }
}

#[test]
fn simulated_coverage_agrees_with_exact_coverage_within_4_monte_carlo_se() {
    const R: usize = 4000;
    let mut rng = SplitMix64(20240101);
    for (method, _) in PEER {
        let (mut pooled_sim, mut pooled_exact) = (0.0, 0.0);
        let mut pooled_var = 0.0;
        for &n in &NS {
            for &p in &PS {
                let pmf = binomial_pmf(n, p);
                let x: Array1<f64> = (0..R).map(|_| rng.binomial(&pmf)).collect();
                let pop = Array1::from_elem(R, n as f64);
                let ci =
                    proportion_ci(x.view(), pop.view(), method, LEVEL, NanPolicy::Raise).unwrap();
                let covered = (0..R)
                    .filter(|&i| ci.lower[i] <= p && p <= ci.upper[i])
                    .count();
                let sim = covered as f64 / R as f64;
                let exact = exact_coverage(method, n, p);
                let se = (exact * (1.0 - exact) / R as f64).sqrt();
                assert!(
                    (sim - exact).abs() <= 4.0 * se,
                    "{method:?} n={n} p={p}: simulated {sim}, exact {exact}, 4 SE = {}",
                    4.0 * se
                );
                pooled_sim += sim / 9.0;
                pooled_exact += exact / 9.0;
                pooled_var += se * se / 81.0;
            }
        }
        assert!(
            (pooled_sim - pooled_exact).abs() <= 4.0 * pooled_var.sqrt(),
            "{method:?} pooled: simulated {pooled_sim}, exact {pooled_exact}"
        );
    }
}
