//! Property tests of the small-area estimators: invariance to the order of areas; estimates
//! between the raw rate and the prior mean; local EB with every area as neighbour equals global
//! EB; the beta-binomial ML beats the moment estimator in likelihood; the Fay-Herriot fit is
//! equivariant under shifts and scaling of the direct estimates.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::NanPolicy;
use bildung_core::smallarea::{
    BetaBinomialMethod, BetaBinomialParams, FayHerriotMethod, FayHerriotParams, beta_binomial_eb,
    fay_herriot, marshall_global, marshall_local,
};
use ndarray::{Array1, Array2};
use proptest::prelude::*;

const RAISE: NanPolicy = NanPolicy::Raise;

/// Areas as (events, population) with population >= 1 and at least one event overall.
fn areas() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((1u32..200).prop_flat_map(|n| (0..=n, Just(n))), 2..25)
        .prop_filter("some events", |v| v.iter().any(|&(x, _)| x > 0))
}

fn split(v: &[(u32, u32)]) -> (Array1<f64>, Array1<f64>) {
    (
        v.iter().map(|&(x, _)| f64::from(x)).collect(),
        v.iter().map(|&(_, n)| f64::from(n)).collect(),
    )
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// A Fay-Herriot data set: direct estimates, variances and one covariate.
fn fh_data() -> impl Strategy<Value = Vec<(f64, f64, f64)>> {
    prop::collection::vec((-2.0f64..2.0, 0.05f64..1.0, -1.0f64..1.0), 8..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn marshall_is_between_rate_and_prior_and_order_free(v in areas(), rot in 0usize..25) {
        let (x, n) = split(&v);
        let eb = marshall_global(x.view(), n.view(), RAISE).unwrap();
        for i in 0..v.len() {
            let (lo, hi) = (eb.rate[i].min(eb.pooled_rate), eb.rate[i].max(eb.pooled_rate));
            prop_assert!(eb.estimate[i] >= lo - 1e-15 && eb.estimate[i] <= hi + 1e-15);
            prop_assert!((0.0..=1.0).contains(&eb.shrinkage[i]));
        }
        let k = v.len();
        let mut r = v.clone();
        r.rotate_left(rot % k);
        let (xr, nr) = split(&r);
        let ebr = marshall_global(xr.view(), nr.view(), RAISE).unwrap();
        for i in 0..k {
            prop_assert!(close(ebr.estimate[i], eb.estimate[(i + rot) % k], 1e-12));
        }
    }

    #[test]
    fn local_with_everyone_as_neighbour_is_global(v in areas()) {
        let (x, n) = split(&v);
        let all: Vec<Vec<usize>> = (0..v.len()).map(|_| (0..v.len()).collect()).collect();
        let g = marshall_global(x.view(), n.view(), RAISE).unwrap();
        let l = marshall_local(x.view(), n.view(), &all, RAISE).unwrap();
        for i in 0..v.len() {
            prop_assert!(close(g.estimate[i], l.estimate[i], 1e-12));
        }
    }

    #[test]
    fn beta_binomial_ml_is_at_least_as_likely_as_moments(v in areas()) {
        let (x, n) = split(&v);
        let ml = beta_binomial_eb(x.view(), n.view(), &BetaBinomialParams::default(), RAISE);
        let mom = beta_binomial_eb(
            x.view(),
            n.view(),
            &BetaBinomialParams { method: BetaBinomialMethod::Moments, ..BetaBinomialParams::default() },
            RAISE,
        );
        let all_or_nothing = v.iter().all(|&(x, n)| x == 0 || x == n);
        if let Err(e) = &ml {
            prop_assert!(all_or_nothing, "ML failed on {v:?}: {e}");
        }
        if let (Ok(ml), Ok(mom)) = (ml, mom) {
            prop_assert!(ml.log_likelihood >= mom.log_likelihood - 1e-9 * mom.log_likelihood.abs());
            for i in 0..v.len() {
                prop_assert!(ml.lower[i] <= ml.estimate[i] + 1e-15);
                prop_assert!(ml.estimate[i] <= ml.upper[i] + 1e-15);
            }
        }
    }

    #[test]
    fn fay_herriot_is_shift_and_scale_equivariant(
        d in fh_data(),
        shift in -5.0f64..5.0,
        scale in 0.1f64..10.0,
        method in prop::sample::select(vec![
            FayHerriotMethod::Reml, FayHerriotMethod::Ml, FayHerriotMethod::FayHerriot,
            FayHerriotMethod::PrasadRao,
        ]),
    ) {
        let k = d.len();
        let y: Array1<f64> = d.iter().map(|t| t.0).collect();
        let psi: Array1<f64> = d.iter().map(|t| t.1).collect();
        let x = Array2::from_shape_fn((k, 1), |(i, _)| d[i].2);
        let p = FayHerriotParams { method, ..FayHerriotParams::default() };
        let a = match fay_herriot(y.view(), psi.view(), Some(x.view()), &p) {
            Ok(a) => a,
            // a (nearly) constant covariate: rank-deficient
            Err(e) if e.kind() == bildung_core::ErrorKind::InvalidParameter => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let y2 = y.mapv(|v| scale * v + shift);
        let psi2 = psi.mapv(|v| scale * scale * v);
        let b = fay_herriot(y2.view(), psi2.view(), Some(x.view()), &p).unwrap();
        prop_assert!(close(b.variance_component, scale * scale * a.variance_component, 1e-7));
        for i in 0..k {
            prop_assert!(close(b.estimate[i], scale * a.estimate[i] + shift, 1e-7));
            prop_assert!(close(b.mse[i], scale * scale * a.mse[i], 1e-6));
            prop_assert!((0.0..=1.0).contains(&a.gamma[i]));
        }
    }
}
