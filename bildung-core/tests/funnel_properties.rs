//! Property tests of the funnel plot: the exact limits against a brute-force binomial sum,
//! class and p-value agreement, nesting of the levels, clamping, order invariance.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::NanPolicy;
use bildung_core::funnel::{
    Adjustment, FunnelClass, FunnelMethod, FunnelOptions, Overdispersion, funnel, funnel_limits,
};
use ndarray::Array1;
use proptest::prelude::*;

/// Spiegelhalter's interpolated limit by summing the binomial pmf directly: each
/// `ln P(r) = sum_{j=1..r} ln((n - r + j)/j) + r ln t + (n - r) ln(1 - t)` (no incomplete beta,
/// no recurrence that could underflow), in f64.
fn brute_force(q: f64, n: usize, t: f64) -> f64 {
    let pmf: Vec<f64> = (0..=n)
        .map(|r| {
            let ln_choose: f64 = (1..=r).map(|j| ((n - r + j) as f64 / j as f64).ln()).sum();
            (ln_choose + r as f64 * t.ln() + (n - r) as f64 * (1.0 - t).ln()).exp()
        })
        .collect();
    let mut f = 0.0;
    for (r, &p) in pmf.iter().enumerate() {
        f += p;
        if f >= q {
            return (r as f64 - (f - q) / p) / n as f64;
        }
    }
    1.0
}

fn areas() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((0u32..400, 0.0f64..1.0), 2..40).prop_map(|v| {
        let n: Vec<f64> = v.iter().map(|&(n, _)| f64::from(n)).collect();
        let x: Vec<f64> = v
            .iter()
            .map(|&(n, u)| (f64::from(n) * u * 0.4).round())
            .collect();
        (x, n)
    })
}

fn method() -> impl Strategy<Value = FunnelMethod> {
    prop_oneof![
        Just(FunnelMethod::Exact),
        Just(FunnelMethod::Normal),
        Just(FunnelMethod::Arcsine)
    ]
}

fn od() -> impl Strategy<Value = Overdispersion> {
    prop_oneof![
        Just(Overdispersion::None),
        Just(Overdispersion::Multiplicative),
        Just(Overdispersion::Additive)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn exact_limits_equal_the_brute_force_sum(
        n in 1usize..300, t in 0.02f64..0.98, level in 0.5f64..0.999
    ) {
        let grid = Array1::from(vec![n as f64]);
        let l = funnel_limits(t, grid.view(), &[level], FunnelMethod::Exact, Adjustment::None)
            .unwrap();
        let a = 0.5 * (1.0 - level);
        let lo = brute_force(a, n, t);
        let hi = brute_force(1.0 - a, n, t);
        prop_assert!((l.lower_unclamped[(0, 0)] - lo).abs() < 1e-9, "{} vs {lo}", l.lower_unclamped[(0, 0)]);
        prop_assert!((l.upper_unclamped[(0, 0)] - hi).abs() < 1e-9, "{} vs {hi}", l.upper_unclamped[(0, 0)]);
    }

    #[test]
    fn classes_agree_with_p_values_and_limits_nest(
        (x, n) in areas(), method in method(), od in od(), target in prop::option::of(0.05f64..0.3)
    ) {
        let (xa, na) = (Array1::from(x.clone()), Array1::from(n.clone()));
        let opts = FunnelOptions {
            target, method, overdispersion: od, levels: vec![0.8, 0.95, 0.998], fdr: Some(0.1),
            ..FunnelOptions::default()
        };
        let Ok(f) = funnel(xa.view(), na.view(), &opts) else {
            // degenerate pooled targets (no events) and too few areas are errors, not panics
            return Ok(());
        };
        for i in 0..x.len() {
            if n[i] == 0.0 {
                prop_assert_eq!(f.class[i], FunnelClass::NotPlotted);
                prop_assert!(f.p_value[i].is_nan() && f.lower[(i, 0)].is_nan());
                continue;
            }
            for k in 0..3 {
                let (lo, hi) = (f.lower[(i, k)], f.upper[(i, k)]);
                prop_assert!((0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi));
                prop_assert_eq!(lo, f.lower_unclamped[(i, k)].clamp(0.0, 1.0));
                prop_assert_eq!(hi, f.upper_unclamped[(i, k)].clamp(0.0, 1.0));
                if k > 0 {
                    prop_assert!(f.lower_unclamped[(i, k)] <= f.lower_unclamped[(i, k - 1)] + 1e-15);
                    prop_assert!(f.upper_unclamped[(i, k)] >= f.upper_unclamped[(i, k - 1)] - 1e-15);
                }
                let outside = match f.class[i] {
                    FunnelClass::Above(c) | FunnelClass::Below(c) => usize::from(c) > k,
                    _ => false,
                };
                let alpha = 1.0 - f.levels[k];
                if (f.p_value[i] - alpha).abs() > 1e-9 {
                    prop_assert_eq!(outside, f.p_value[i] < alpha, "area {} level {}", i, k);
                }
            }
            let p = x[i] / n[i];
            match f.class[i] {
                FunnelClass::Above(_) => prop_assert!(p > f.theta0),
                FunnelClass::Below(_) => prop_assert!(p < f.theta0),
                _ => {}
            }
        }
        // the BH flags never exceed the areas with the smallest p-values
        let bh = f.bh.as_ref().unwrap();
        let flagged: Vec<f64> = (0..x.len()).filter(|&i| bh[i]).map(|i| f.p_value[i]).collect();
        let unflagged_min = (0..x.len())
            .filter(|&i| !bh[i] && !f.p_value[i].is_nan())
            .map(|i| f.p_value[i])
            .fold(f64::INFINITY, f64::min);
        prop_assert!(flagged.iter().all(|&p| p <= unflagged_min));
    }

    #[test]
    fn reversing_the_areas_reverses_the_results((x, n) in areas(), method in method()) {
        let opts = FunnelOptions { method, nan: NanPolicy::Omit, ..FunnelOptions::default() };
        let (xa, na) = (Array1::from(x.clone()), Array1::from(n.clone()));
        let xr: Array1<f64> = x.iter().rev().copied().collect();
        let nr: Array1<f64> = n.iter().rev().copied().collect();
        let (Ok(a), Ok(b)) = (funnel(xa.view(), na.view(), &opts), funnel(xr.view(), nr.view(), &opts))
        else {
            return Ok(());
        };
        prop_assert!((a.theta0 - b.theta0).abs() <= 1e-15 * a.theta0);
        let k = x.len();
        for i in 0..k {
            let j = k - 1 - i;
            prop_assert_eq!(a.class[i], b.class[j]);
            let close = |u: f64, v: f64| (u.is_nan() && v.is_nan()) || (u - v).abs() <= 1e-9;
            prop_assert!(close(a.upper[(i, 1)], b.upper[(j, 1)]));
            prop_assert!(close(a.p_value[i], b.p_value[j]));
        }
        if let (Some(da), Some(db)) = (a.dispersion, b.dispersion) {
            prop_assert!((da.phi - db.phi).abs() <= 1e-12 * da.phi.max(1.0));
            prop_assert!((da.tau2 - db.tau2).abs() <= 1e-12 * da.tau2.max(1e-12));
        }
    }
}
