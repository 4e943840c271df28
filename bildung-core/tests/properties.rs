//! Property tests: frequency weights behave exactly like replicating the observations; measures
//! are invariant to the order of units and (ratio-scale ones) to the unit of measurement; bounds;
//! decompositions add up.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::NanPolicy;
use bildung_core::inequality::{self as ineq, GiniCorrection, QuantileRule, VarianceForm};
use ndarray::Array1;
use proptest::prelude::*;

const RAISE: NanPolicy = NanPolicy::Raise;

/// Positive values (no zeros, so every measure is defined) with small integer weights >= 1.
fn weighted_sample() -> impl Strategy<Value = (Vec<f64>, Vec<u32>)> {
    (1usize..25).prop_flat_map(|n| {
        (
            prop::collection::vec(0.01f64..1000.0, n),
            prop::collection::vec(1u32..6, n),
        )
    })
}

fn expand(x: &[f64], w: &[u32]) -> Vec<f64> {
    x.iter()
        .zip(w)
        .flat_map(|(&v, &k)| std::iter::repeat_n(v, k as usize))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// Every scalar measure, weighted or not, as name -> value.
fn all_measures(x: &Array1<f64>, w: Option<&Array1<f64>>) -> Vec<(String, f64)> {
    let xv = x.view();
    let wv = w.map(|w| w.view());
    let mut out = vec![
        (
            "gini".into(),
            ineq::gini(xv, wv, GiniCorrection::None, RAISE)
                .unwrap()
                .value,
        ),
        ("hoover".into(), ineq::hoover(xv, wv, RAISE).unwrap().value),
        ("theil".into(), ineq::theil(xv, wv, RAISE).unwrap().value),
        (
            "mld".into(),
            ineq::mean_log_deviation(xv, wv, RAISE).unwrap().value,
        ),
        (
            "cv".into(),
            ineq::coefficient_of_variation(xv, wv, VarianceForm::Population, RAISE)
                .unwrap()
                .value,
        ),
        ("palma".into(), ineq::palma(xv, wv, RAISE).unwrap().value),
        (
            "s80_s20".into(),
            ineq::s80_s20(xv, wv, RAISE).unwrap().value,
        ),
    ];
    for alpha in [-1.0, 0.5, 2.0, 3.5] {
        let v = ineq::generalized_entropy(xv, wv, alpha, RAISE)
            .unwrap()
            .value;
        out.push((format!("ge({alpha})"), v));
    }
    for eps in [0.0, 0.5, 1.0, 2.0] {
        out.push((
            format!("atkinson({eps})"),
            ineq::atkinson(xv, wv, eps, RAISE).unwrap().value,
        ));
    }
    for rule in QuantileRule::ALL {
        for p in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
            let q = ineq::quantile(xv, wv, p, rule, RAISE).unwrap().value;
            out.push((format!("q({p}, {})", rule.name()), q));
        }
    }
    out.push((
        "wolfson".into(),
        ineq::wolfson(xv, wv, QuantileRule::Linear, RAISE)
            .unwrap()
            .value,
    ));
    let curve = ineq::lorenz_curve(xv, wv, RAISE).unwrap();
    for p in [0.05, 0.2, 0.33, 0.5, 0.8, 0.95] {
        out.push((format!("L({p})"), curve.share_at(p)));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn integer_weights_equal_replication((x, w) in weighted_sample()) {
        let xa = Array1::from(x.clone());
        let wa: Array1<f64> = w.iter().map(|&k| f64::from(k)).collect();
        let expanded = Array1::from(expand(&x, &w));
        let weighted = all_measures(&xa, Some(&wa));
        let replicated = all_measures(&expanded, None);
        for ((name, a), (_, b)) in weighted.iter().zip(&replicated) {
            prop_assert!(close(*a, *b), "{}: weighted {} vs replicated {}", name, a, b);
        }
        // the frequency-weight Gini correction equals the unit correction of the expanded data
        if expanded.len() >= 2 {
            let gw = ineq::gini(xa.view(), Some(wa.view()), GiniCorrection::FrequencyWeights, RAISE).unwrap().value;
            let ge = ineq::gini(expanded.view(), None, GiniCorrection::Units, RAISE).unwrap().value;
            prop_assert!(close(gw, ge));
        }
        // Lorenz points coincide once ties are merged
        let cw = ineq::lorenz_curve(xa.view(), Some(wa.view()), RAISE).unwrap();
        let ce = ineq::lorenz_curve(expanded.view(), None, RAISE).unwrap();
        prop_assert_eq!(cw.population_share.len(), ce.population_share.len());
    }

    #[test]
    fn order_and_scale_invariance((x, w) in weighted_sample(), scale in 0.001f64..1000.0, seed in any::<u64>()) {
        let n = x.len();
        // a deterministic permutation from the seed
        let mut idx: Vec<usize> = (0..n).collect();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            idx.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let xa = Array1::from(x.clone());
        let wa: Array1<f64> = w.iter().map(|&k| f64::from(k)).collect();
        let xp: Array1<f64> = idx.iter().map(|&i| x[i]).collect();
        let wp: Array1<f64> = idx.iter().map(|&i| f64::from(w[i])).collect();
        let xs = xa.mapv(|v| v * scale);
        let base = all_measures(&xa, Some(&wa));
        let permuted = all_measures(&xp, Some(&wp));
        let scaled = all_measures(&xs, Some(&wa));
        for (((name, a), (_, b)), (_, c)) in base.iter().zip(&permuted).zip(&scaled) {
            prop_assert!(close(*a, *b), "{}: permuted {} vs {}", name, b, a);
            if name.starts_with("q(") {
                prop_assert!(close(*a * scale, *c), "{}: scaled {} vs {}", name, c, a * scale);
            } else {
                prop_assert!(close(*a, *c), "{}: scaled {} vs {}", name, c, a);
            }
        }
        // weights scaled by a constant change nothing but the quantile positions' expansion
        let wa2 = wa.mapv(|v| v * 2.0);
        let g1 = ineq::gini(xa.view(), Some(wa.view()), GiniCorrection::None, RAISE).unwrap().value;
        let g2 = ineq::gini(xa.view(), Some(wa2.view()), GiniCorrection::None, RAISE).unwrap().value;
        prop_assert!(close(g1, g2));
    }

    #[test]
    fn bounds_and_decompositions((x, w) in weighted_sample(), groups in prop::collection::vec(0i64..4, 25), alpha in -2.0f64..4.0) {
        let n = x.len();
        let xa = Array1::from(x.clone());
        let wa: Array1<f64> = w.iter().map(|&k| f64::from(k)).collect();
        let ga = Array1::from(groups[..n].to_vec());
        let wsum: f64 = wa.sum();
                let wmin = wa.iter().cloned().fold(f64::INFINITY, f64::min);
        let g = ineq::gini(xa.view(), Some(wa.view()), GiniCorrection::None, RAISE).unwrap().value;
        // maximum when the unit with the smallest weight owns everything (methods.md 1.2 says
        // 1 - w_max/W, which is the minimum over owners, not the maximum)
        prop_assert!((0.0..=1.0 - wmin / wsum + 1e-12).contains(&g));
        let h = ineq::hoover(xa.view(), Some(wa.view()), RAISE).unwrap().value;
        prop_assert!((0.0..=1.0 - wmin / wsum + 1e-12).contains(&h));
        prop_assert!(h <= g + 1e-12, "Hoover {} above Gini {}", h, g);
        let t = ineq::theil(xa.view(), None, RAISE).unwrap().value;
        prop_assert!(t >= 0.0 && t <= (n as f64).ln() + 1e-12);
        for eps in [0.25, 1.0, 3.0] {
            let a = ineq::atkinson(xa.view(), Some(wa.view()), eps, RAISE).unwrap().value;
            prop_assert!((0.0..=1.0).contains(&a));
        }
        // GE(2) = CV^2 / 2
        let ge2 = ineq::generalized_entropy(xa.view(), Some(wa.view()), 2.0, RAISE).unwrap().value;
        let cv = ineq::coefficient_of_variation(xa.view(), Some(wa.view()), VarianceForm::Population, RAISE).unwrap().value;
        prop_assert!(close(ge2, cv * cv / 2.0));
        // A(eps) = 1 - [1 + a(a-1) GE(a)]^(1/a), a = 1 - eps
        let a_eps = ineq::atkinson(xa.view(), Some(wa.view()), 0.5, RAISE).unwrap().value;
        let ge05 = ineq::generalized_entropy(xa.view(), Some(wa.view()), 0.5, RAISE).unwrap().value;
        prop_assert!(close(a_eps, 1.0 - (1.0 - 0.25 * ge05).powf(2.0)));
        let d = ineq::ge_decomposition(xa.view(), Some(wa.view()), ga.view(), alpha, RAISE).unwrap();
        let ge = ineq::generalized_entropy(xa.view(), Some(wa.view()), alpha, RAISE).unwrap().value;
        prop_assert!(close(d.total, ge));
        prop_assert!(close(d.total, d.within + d.between), "{} vs {} + {}", d.total, d.within, d.between);
        prop_assert!(d.within >= 0.0 && d.between >= 0.0);
        let gd = ineq::gini_decomposition(xa.view(), Some(wa.view()), ga.view(), RAISE).unwrap();
        prop_assert!(close(gd.total, g));
        prop_assert!(gd.overlap >= -1e-12, "overlap {}", gd.overlap);
        prop_assert!(close(gd.total, gd.within + gd.between + gd.overlap));
    }

    #[test]
    fn omit_equals_dropping((x, w) in weighted_sample(), holes in prop::collection::vec(any::<bool>(), 25)) {
        let n = x.len();
        let with_nan: Array1<f64> = (0..n).map(|i| if holes[i] && i > 0 { f64::NAN } else { x[i] }).collect();
        let kept: Array1<f64> = (0..n).filter(|&i| !(holes[i] && i > 0)).map(|i| x[i]).collect();
        let kw: Array1<f64> = (0..n).filter(|&i| !(holes[i] && i > 0)).map(|i| f64::from(w[i])).collect();
        let wa: Array1<f64> = w.iter().map(|&k| f64::from(k)).collect();
        let omitted = ineq::gini(with_nan.view(), Some(wa.view()), GiniCorrection::None, NanPolicy::Omit).unwrap();
        let dropped = ineq::gini(kept.view(), Some(kw.view()), GiniCorrection::None, RAISE).unwrap();
        prop_assert!(close(omitted.value, dropped.value));
        prop_assert_eq!(omitted.n_used, kept.len());
        prop_assert_eq!(omitted.n_dropped, n - kept.len());
    }
}

#[test]
fn zero_weight_units_are_removed() {
    let x = Array1::from(vec![1.0, 100.0, 3.0]);
    let w = Array1::from(vec![2.0, 0.0, 1.0]);
    let r = ineq::gini(x.view(), Some(w.view()), GiniCorrection::None, RAISE).unwrap();
    let expanded = Array1::from(vec![1.0, 1.0, 3.0]);
    let e = ineq::gini(expanded.view(), None, GiniCorrection::None, RAISE).unwrap();
    assert!(close(r.value, e.value));
    assert_eq!(r.n_used, 2);
    assert_eq!(r.n_dropped, 0);
    let q = ineq::quantile(x.view(), Some(w.view()), 1.0, QuantileRule::Linear, RAISE).unwrap();
    assert_eq!(q.value, 3.0, "a zero-weight unit must not be the maximum");
}

#[test]
fn non_contiguous_views_are_accepted() {
    let base = Array1::from(vec![5.0, -1.0, 1.0, -1.0, 3.0, -1.0, 8.0]);
    let strided = base.slice(ndarray::s![..;2]);
    let copy = Array1::from(vec![5.0, 1.0, 3.0, 8.0]);
    let a = ineq::gini(strided, None, GiniCorrection::None, RAISE)
        .unwrap()
        .value;
    let b = ineq::gini(copy.view(), None, GiniCorrection::None, RAISE)
        .unwrap()
        .value;
    assert_eq!(a, b);
}
