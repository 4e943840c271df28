//! Property tests of the segregation indices: invariance to the order of areas, to the unit of
//! counting (scale) and to splitting an area into parts of the same composition (organisational
//! equivalence); symmetry in the two groups; two-group indices equal their multigroup forms with
//! two columns; bounds; the decomposition adds up; the closed-form null expectation of eta².
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::NanPolicy;
use bildung_core::segregation as seg;
use ndarray::{Array1, Array2};
use proptest::prelude::*;

const RAISE: NanPolicy = NanPolicy::Raise;

/// Areas with (focal, other) counts; at least two areas and both groups present.
fn two_group_table() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop::collection::vec((0u32..60, 0u32..60), 2..30).prop_filter("both groups present", |v| {
        v.iter().any(|&(a, _)| a > 0) && v.iter().any(|&(_, b)| b > 0)
    })
}

fn xt(v: &[(u32, u32)]) -> (Array1<f64>, Array1<f64>) {
    (
        v.iter().map(|&(a, _)| f64::from(a)).collect(),
        v.iter().map(|&(a, b)| f64::from(a + b)).collect(),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * (1.0 + a.abs().max(b.abs()))
}

/// The scale-free two-group indices by name (x, t -> value).
fn two_group_indices(x: &Array1<f64>, t: &Array1<f64>) -> Vec<(&'static str, f64)> {
    let (x, t) = (x.view(), t.view());
    vec![
        ("D", seg::dissimilarity(x, t, RAISE).unwrap().value),
        ("G", seg::gini_segregation(x, t, RAISE).unwrap().value),
        ("H", seg::entropy_index(x, t, RAISE).unwrap().value),
        ("xPx", seg::isolation(x, t, RAISE).unwrap().value),
        ("xPy", seg::exposure(x, t, RAISE).unwrap().value),
        ("eta2", seg::correlation_ratio(x, t, RAISE).unwrap().value),
        (
            "A(0.3)",
            seg::atkinson_segregation(x, t, 0.3, RAISE).unwrap().value,
        ),
        ("Hutchens", seg::hutchens(x, t, RAISE).unwrap().value),
        ("MinMax", seg::minmax(x, t, RAISE).unwrap().value),
    ]
}

fn table_of(v: &[(u32, u32)]) -> Array2<f64> {
    Array2::from_shape_fn((v.len(), 2), |(i, j)| {
        f64::from(if j == 0 { v[i].0 } else { v[i].1 })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn order_scale_and_splitting(v in two_group_table(), seed in any::<u64>(), c in 2u32..7) {
        let (x, t) = xt(&v);
        let base = two_group_indices(&x, &t);
        // a permutation of the areas
        let mut idx: Vec<usize> = (0..v.len()).collect();
        let mut s = seed | 1;
        for i in (1..idx.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            idx.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let vp: Vec<(u32, u32)> = idx.iter().map(|&i| v[i]).collect();
        let (xp, tp) = xt(&vp);
        // every count times c
        let vs: Vec<(u32, u32)> = v.iter().map(|&(a, b)| (a * c, b * c)).collect();
        let (xs, ts) = xt(&vs);
        // area 0 split into two areas of the same composition (counts doubled first)
        let mut vd: Vec<(u32, u32)> = v.iter().map(|&(a, b)| (2 * a, 2 * b)).collect();
        vd.push(vd[0]);
        vd[0] = (v[0].0, v[0].1);
        let last = vd.len() - 1;
        vd[last] = (v[0].0, v[0].1);
        let (xd, td) = xt(&vd);
        for (((name, a), (_, b)), ((_, c2), (_, d))) in base
            .iter()
            .zip(&two_group_indices(&xp, &tp))
            .zip(two_group_indices(&xs, &ts).iter().zip(&two_group_indices(&xd, &td)))
        {
            prop_assert!(close(*a, *b), "{} permuted: {} vs {}", name, b, a);
            prop_assert!(close(*a, *c2), "{} scaled: {} vs {}", name, c2, a);
            prop_assert!(close(*a, *d), "{} split: {} vs {}", name, d, a);
        }
        let m = table_of(&v);
        let mp = table_of(&vp);
        for (f, name) in [
            (seg::mutual_information as fn(_, _) -> _, "M"),
            (seg::multi_information_theory, "H_m"),
            (seg::multi_dissimilarity, "D_m"),
            (seg::multi_gini, "G_m"),
        ] {
            let a = f(m.view(), RAISE).unwrap().value;
            let b = f(mp.view(), RAISE).unwrap().value;
            prop_assert!(close(a, b), "{} permuted", name);
        }
    }

    #[test]
    fn symmetry_bounds_and_two_column_forms(v in two_group_table()) {
        let (x, t) = xt(&v);
        let y: Array1<f64> = &t - &x;
        let (xv, tv, yv) = (x.view(), t.view(), y.view());
        let d = seg::dissimilarity(xv, tv, RAISE).unwrap().value;
        let g = seg::gini_segregation(xv, tv, RAISE).unwrap().value;
        let h = seg::entropy_index(xv, tv, RAISE).unwrap().value;
        let eta = seg::correlation_ratio(xv, tv, RAISE).unwrap().value;
        // symmetric in the two groups
        prop_assert!(close(d, seg::dissimilarity(yv, tv, RAISE).unwrap().value));
        prop_assert!(close(g, seg::gini_segregation(yv, tv, RAISE).unwrap().value));
        prop_assert!(close(h, seg::entropy_index(yv, tv, RAISE).unwrap().value));
        prop_assert!(close(eta, seg::correlation_ratio(yv, tv, RAISE).unwrap().value));
        for v in [d, g, h, eta] {
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&v));
        }
        prop_assert!(d <= g + 1e-12, "D {} above G {}", d, g);
        // X xPy = Y yPx
        let big_x = x.sum();
        let big_y = y.sum();
        let xpy = seg::exposure(xv, tv, RAISE).unwrap().value;
        let ypx = seg::exposure(yv, tv, RAISE).unwrap().value;
        prop_assert!(close(big_x * xpy, big_y * ypx));
        // the multigroup forms with two columns
        let m = table_of(&v);
        let mv = m.view();
        prop_assert!(close(d, seg::multi_dissimilarity(mv, RAISE).unwrap().value));
        prop_assert!(close(g, seg::multi_gini(mv, RAISE).unwrap().value));
        prop_assert!(close(h, seg::multi_information_theory(mv, RAISE).unwrap().value));
        prop_assert!(close(eta, seg::normalized_exposure(mv, RAISE).unwrap().value));
        prop_assert!(close(eta, seg::relative_diversity(mv, RAISE).unwrap().value));
        // M = sum (t_i / T) ls_i
        let ls = seg::local_mutual_information(mv, RAISE).unwrap();
        let big_t = t.sum();
        let weighted: f64 = ls.values.iter().zip(&t).filter(|(_, ti)| **ti > 0.0).map(|(l, ti)| l * ti / big_t).sum();
        prop_assert!(close(weighted, seg::mutual_information(mv, RAISE).unwrap().value));
    }

    #[test]
    fn decomposition_and_null_expectation(v in two_group_table(), districts in prop::collection::vec(0i64..4, 30)) {
        let m = table_of(&v);
        let dist = Array1::from(districts[..v.len()].to_vec());
        let d = seg::mutual_information_decomposition(m.view(), dist.view(), RAISE).unwrap();
        prop_assert!(close(d.m_total, d.m_between + d.m_within));
        prop_assert!(close(d.h_total, d.h_between + d.h_within));
        prop_assert!(d.m_between >= -1e-15 && d.m_within >= -1e-15);
        prop_assert!(close(d.m_total, seg::mutual_information(m.view(), RAISE).unwrap().value));
        // E[eta^2] = (k - 1)/(T - 1) under random allocation (methods.md 2.6)
        let (x, t) = xt(&v);
        let k = t.iter().filter(|&&ti| ti > 0.0).count() as f64;
        let e = seg::expected_under_random_allocation(x.view(), t.view(), RAISE).unwrap();
        prop_assert!(close(e.correlation_ratio, (k - 1.0) / (t.sum() - 1.0)));
        prop_assert!(e.dissimilarity >= 0.0 && e.dissimilarity <= 1.0);
    }
}
