//! The segregation C ABI called from Rust: values of methods.md 2.8, NULL handling, shape
//! overflow, buffer protocols, option integers, outputs untouched on failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use bildung_ffi::*;

/// methods.md 2.8: five Ortsteile.
const X: [f64; 5] = [12., 30., 5., 40., 13.];
const T: [f64; 5] = [60., 80., 50., 90., 70.];
/// methods.md 2.8: the same areas, three groups (row-major 5 x 3).
const COUNTS: [f64; 15] = [
    12., 30., 18., 30., 35., 15., 5., 40., 5., 40., 30., 20., 13., 37., 20.,
];
const DISTRICTS: [i64; 5] = [1, 1, 2, 2, 2];
const SENTINEL: f64 = -12345.0;
const INFO_SENTINEL: bildung_info = bildung_info {
    n_used: 777,
    n_dropped: 777,
    n_empty: 777,
    flags: 777,
};

fn last_error() -> String {
    let mut buf = vec![0 as c_char; 1024];
    let st = unsafe { bildung_last_error_message(buf.as_mut_ptr(), buf.len(), null_mut()) };
    assert_eq!(st, BILDUNG_OK);
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_owned()
}

type TwoGroupFn = unsafe extern "C" fn(
    *const f64,
    *const f64,
    usize,
    bildung_nan_policy,
    *mut f64,
    *mut bildung_info,
) -> bildung_status;

type TableFn = unsafe extern "C" fn(
    *const f64,
    usize,
    usize,
    bildung_nan_policy,
    *mut f64,
    *mut bildung_info,
) -> bildung_status;

/// The two-group scalars without extra parameters, with their methods.md 2.8 values.
const TWO_GROUP: [(&str, TwoGroupFn, f64, f64); 10] = [
    (
        "bildung_seg_dissimilarity",
        bildung_seg_dissimilarity,
        0.3,
        1e-12,
    ),
    (
        "bildung_seg_gini_segregation",
        bildung_seg_gini_segregation,
        0.3464,
        1e-12,
    ),
    (
        "bildung_seg_entropy_index",
        bildung_seg_entropy_index,
        0.0705275,
        1e-7,
    ),
    (
        "bildung_seg_isolation",
        bildung_seg_isolation,
        0.3434206,
        1e-7,
    ),
    (
        "bildung_seg_exposure",
        bildung_seg_exposure,
        0.6565794,
        1e-7,
    ),
    (
        "bildung_seg_correlation_ratio",
        bildung_seg_correlation_ratio,
        0.0807889,
        1e-7,
    ),
    (
        "bildung_seg_hutchens",
        bildung_seg_hutchens,
        0.0533879420,
        1e-10,
    ),
    ("bildung_seg_minmax", bildung_seg_minmax, 0.6 / 1.3, 1e-12),
    (
        "bildung_seg_density_corrected_dissimilarity",
        bildung_seg_density_corrected_dissimilarity,
        0.2997769160,
        1e-9,
    ),
    (
        "bildung_seg_self_excluded_separation",
        bildung_seg_self_excluded_separation,
        0.0682590,
        1e-7,
    ),
];

/// The multigroup scalars without extra parameters, with their methods.md 2.8 values.
const MULTI: [(&str, TableFn, f64); 7] = [
    (
        "bildung_seg_multi_dissimilarity",
        bildung_seg_multi_dissimilarity,
        0.2232143,
    ),
    ("bildung_seg_multi_gini", bildung_seg_multi_gini, 0.2894627),
    (
        "bildung_seg_mutual_information",
        bildung_seg_mutual_information,
        0.0610267,
    ),
    (
        "bildung_seg_multi_information_theory",
        bildung_seg_multi_information_theory,
        0.0585882,
    ),
    (
        "bildung_seg_normalized_exposure",
        bildung_seg_normalized_exposure,
        0.0698125,
    ),
    (
        "bildung_seg_relative_diversity",
        bildung_seg_relative_diversity,
        0.0665221,
    ),
    ("bildung_seg_divergence", bildung_seg_divergence, 0.0610267),
];

#[test]
fn two_group_values_of_methods_2_8() {
    for (name, f, want, tol) in TWO_GROUP {
        let mut out = SENTINEL;
        let mut info = INFO_SENTINEL;
        let st = unsafe {
            f(
                X.as_ptr(),
                T.as_ptr(),
                5,
                BILDUNG_NAN_RAISE,
                &mut out,
                &mut info,
            )
        };
        assert_eq!(st, BILDUNG_OK, "{name}: {}", last_error());
        assert!((out - want).abs() < tol, "{name}: {out} vs {want}");
        assert_eq!(
            (info.n_used, info.n_dropped, info.n_empty),
            (5, 0, 0),
            "{name}"
        );
        // info is optional
        let st = unsafe {
            f(
                X.as_ptr(),
                T.as_ptr(),
                5,
                BILDUNG_NAN_RAISE,
                &mut out,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_OK, "{name}");
    }
    for (b, want) in [(0.1, 0.0225099), (0.5, 0.1039256), (0.9, 0.1710714)] {
        let mut out = SENTINEL;
        let st = unsafe {
            bildung_seg_atkinson_segregation(
                X.as_ptr(),
                T.as_ptr(),
                5,
                BILDUNG_NAN_RAISE,
                b,
                &mut out,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_OK);
        assert!((out - want).abs() < 1e-7, "A({b}) = {out}");
    }
    let mut out = SENTINEL;
    let st = unsafe {
        bildung_seg_carrington_troske(
            X.as_ptr(),
            T.as_ptr(),
            5,
            BILDUNG_NAN_RAISE,
            BILDUNG_NULL_INDEX_DISSIMILARITY,
            &mut out,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((out - 0.2276).abs() < 5e-5, "{out}");
}

#[test]
fn two_group_null_empty_and_bad_input() {
    for (name, f, _, _) in TWO_GROUP {
        let mut out = SENTINEL;
        let mut info = INFO_SENTINEL;
        let (out_p, info_p) = (&raw mut out, &raw mut info);
        let call = |x: *const f64, t: *const f64, n: usize, p: bildung_nan_policy| unsafe {
            f(x, t, n, p, out_p, info_p)
        };
        assert_eq!(
            call(null(), T.as_ptr(), 5, 0),
            BILDUNG_ERR_NULL_ARGUMENT,
            "{name}"
        );
        assert!(
            last_error().contains("`x` is NULL but its length is 5"),
            "{name}"
        );
        assert!(last_error().starts_with(name), "{name}: {}", last_error());
        assert_eq!(
            call(X.as_ptr(), null(), 5, 0),
            BILDUNG_ERR_NULL_ARGUMENT,
            "{name}"
        );
        assert!(last_error().contains("`t`"));
        assert_eq!(
            call(null(), null(), 0, 0),
            BILDUNG_ERR_EMPTY_INPUT,
            "{name}"
        );
        assert_eq!(
            call(X.as_ptr(), T.as_ptr(), 5, 3),
            BILDUNG_ERR_INVALID_PARAMETER,
            "{name}"
        );
        assert!(last_error().contains("policy"));
        let x_above = [12., 90., 5., 40., 13.];
        assert_eq!(
            call(x_above.as_ptr(), T.as_ptr(), 5, 0),
            BILDUNG_ERR_INVALID_COUNT,
            "{name}"
        );
        let neg = [12., -1., 5., 40., 13.];
        assert_eq!(
            call(neg.as_ptr(), T.as_ptr(), 5, 0),
            BILDUNG_ERR_INVALID_COUNT,
            "{name}"
        );
        let inf = [12., f64::INFINITY, 5., 40., 13.];
        assert_eq!(
            call(inf.as_ptr(), T.as_ptr(), 5, 1),
            BILDUNG_ERR_NON_FINITE,
            "{name}"
        );
        let nan = [12., f64::NAN, 5., 40., 13.];
        assert_eq!(
            call(nan.as_ptr(), T.as_ptr(), 5, 0),
            BILDUNG_ERR_MISSING_VALUE,
            "{name}"
        );
        assert_eq!(out, SENTINEL, "{name}: out written on failure");
        assert_eq!(info, INFO_SENTINEL, "{name}: info written on failure");
        assert_eq!(call(nan.as_ptr(), T.as_ptr(), 5, 1), BILDUNG_OK, "{name}");
        assert_eq!((info.n_used, info.n_dropped), (4, 1), "{name}");
        assert_eq!(call(nan.as_ptr(), T.as_ptr(), 5, 2), BILDUNG_OK, "{name}");
        assert!(out.is_nan(), "{name}");
        assert_ne!(info.flags & BILDUNG_FLAG_MISSING_PROPAGATED, 0, "{name}");
        // out NULL
        let st = unsafe { f(X.as_ptr(), T.as_ptr(), 5, 0, null_mut(), null_mut()) };
        assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT, "{name}");
        assert!(last_error().contains("`out`"));
    }
}

#[test]
fn option_integers_are_checked() {
    let mut out = SENTINEL;
    let st = unsafe {
        bildung_seg_carrington_troske(X.as_ptr(), T.as_ptr(), 5, 0, 3, &mut out, null_mut())
    };
    assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
    assert!(last_error().contains("index"));
    for b in [0.0, 1.0, f64::NAN, -0.5] {
        let st = unsafe {
            bildung_seg_atkinson_segregation(X.as_ptr(), T.as_ptr(), 5, 0, b, &mut out, null_mut())
        };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER, "b = {b}");
    }
    for normalized in [2, -1] {
        let st = unsafe {
            bildung_seg_shannon_diversity(
                COUNTS.as_ptr(),
                5,
                3,
                0,
                normalized,
                &mut out,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        assert!(last_error().contains("normalized"));
        let st = unsafe {
            bildung_seg_simpson_interaction(
                COUNTS.as_ptr(),
                5,
                3,
                0,
                normalized,
                &mut out,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        let mut values = [SENTINEL; 5];
        let st = unsafe {
            bildung_seg_local_entropy(
                COUNTS.as_ptr(),
                5,
                3,
                0,
                normalized,
                values.as_mut_ptr(),
                null_mut(),
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        assert_eq!(values, [SENTINEL; 5]);
    }
    assert_eq!(out, SENTINEL);
}

#[test]
fn expectations_and_corrections() {
    let mut e = bildung_seg_expectation {
        dissimilarity: SENTINEL,
        entropy_index: SENTINEL,
        correlation_ratio: SENTINEL,
        isolation: SENTINEL,
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags: 0,
    };
    let st = unsafe {
        bildung_seg_expected_under_random_allocation(X.as_ptr(), T.as_ptr(), 5, 0, &mut e)
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((e.dissimilarity - 0.0937234).abs() < 5e-8);
    assert!((e.entropy_index - 0.0096665).abs() < 5e-8);
    assert!((e.correlation_ratio - 4.0 / 349.0).abs() < 1e-12);
    assert_eq!(e.n_used, 5);
    let mut w = bildung_seg_winship {
        exact: SENTINEL,
        normal_approximation: SENTINEL,
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags: 0,
    };
    let st =
        unsafe { bildung_seg_winship_expected_dissimilarity(X.as_ptr(), T.as_ptr(), 5, 0, &mut w) };
    assert_eq!(st, BILDUNG_OK);
    assert!((w.exact - 0.1049952).abs() < 5e-8);
    assert!((w.normal_approximation - 0.1049995).abs() < 5e-8);
    let mut b = bildung_seg_bias_corrected {
        value: SENTINEL,
        observed: SENTINEL,
        expected_bootstrap: SENTINEL,
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags: 0,
    };
    let st =
        unsafe { bildung_seg_bias_corrected_dissimilarity(X.as_ptr(), T.as_ptr(), 5, 0, &mut b) };
    assert_eq!(st, BILDUNG_OK);
    assert!((b.value - 0.2985381).abs() < 5e-8);
    assert!((b.observed - 0.3).abs() < 1e-12);
    assert!((b.expected_bootstrap - 0.3014619).abs() < 5e-8);
    // NULL out, non-integral counts: nothing written
    let st = unsafe {
        bildung_seg_expected_under_random_allocation(X.as_ptr(), T.as_ptr(), 5, 0, null_mut())
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    let before = b;
    let xf = [12.5, 30., 5., 40., 13.];
    let st =
        unsafe { bildung_seg_bias_corrected_dissimilarity(xf.as_ptr(), T.as_ptr(), 5, 0, &mut b) };
    assert_eq!(st, BILDUNG_ERR_INVALID_COUNT);
    assert_eq!(b, before);
}

#[test]
fn concentration_profile_buffers() {
    let mut r = SENTINEL;
    let mut info = INFO_SENTINEL;
    // value only
    let st = unsafe {
        bildung_seg_concentration_profile(
            X.as_ptr(),
            T.as_ptr(),
            5,
            0,
            1000,
            &mut r,
            null_mut(),
            null_mut(),
            &mut info,
        )
    };
    assert_eq!(st, BILDUNG_OK, "{}", last_error());
    assert!(r.is_finite());
    assert_eq!(info.n_used, 5);
    // with the profile
    let mut g = vec![SENTINEL; 11];
    let mut v = vec![SENTINEL; 11];
    let st = unsafe {
        bildung_seg_concentration_profile(
            X.as_ptr(),
            T.as_ptr(),
            5,
            0,
            11,
            &mut r,
            g.as_mut_ptr(),
            v.as_mut_ptr(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(g[0], 0.0);
    assert_eq!(g[10], 1.0);
    assert!((g[5] - 0.5).abs() < 1e-15);
    assert_eq!(v[0], 1.0); // every focal member lives where its share is >= 0
    assert!(v.iter().all(|s| (0.0..=1.0).contains(s)));
    // points < 2: nothing written
    let mut r2 = SENTINEL;
    let st = unsafe {
        bildung_seg_concentration_profile(
            X.as_ptr(),
            T.as_ptr(),
            5,
            0,
            1,
            &mut r2,
            null_mut(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
    assert_eq!(r2, SENTINEL);
    let st = unsafe {
        bildung_seg_concentration_profile(
            X.as_ptr(),
            T.as_ptr(),
            5,
            0,
            10,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("`value_out`"));
}

#[test]
fn multigroup_values_of_methods_2_8() {
    for (name, f, want) in MULTI {
        let mut out = SENTINEL;
        let mut info = INFO_SENTINEL;
        let st = unsafe {
            f(
                COUNTS.as_ptr(),
                5,
                3,
                BILDUNG_NAN_RAISE,
                &mut out,
                &mut info,
            )
        };
        assert_eq!(st, BILDUNG_OK, "{name}: {}", last_error());
        assert!((out - want).abs() < 5e-8, "{name}: {out} vs {want}");
        assert_eq!((info.n_used, info.n_dropped, info.n_empty), (5, 0, 0));
    }
    let mut e = SENTINEL;
    let st =
        unsafe { bildung_seg_shannon_diversity(COUNTS.as_ptr(), 5, 3, 0, 0, &mut e, null_mut()) };
    assert_eq!(st, BILDUNG_OK);
    assert!((e - 1.0416207).abs() < 5e-8);
    let mut i = SENTINEL;
    let st =
        unsafe { bildung_seg_simpson_interaction(COUNTS.as_ptr(), 5, 3, 0, 0, &mut i, null_mut()) };
    assert_eq!(st, BILDUNG_OK);
    assert!((i - 0.6272).abs() < 1e-12);
    let mut c = SENTINEL;
    let st =
        unsafe { bildung_seg_simpson_concentration(COUNTS.as_ptr(), 5, 3, 0, &mut c, null_mut()) };
    assert_eq!(st, BILDUNG_OK);
    assert!((c - (1.0 - 0.6272)).abs() < 1e-12);
}

#[test]
fn table_shapes_and_null_counts() {
    for (name, f, _) in MULTI {
        let mut out = SENTINEL;
        let mut info = INFO_SENTINEL;
        // the product overflows size_t
        let st = unsafe { f(COUNTS.as_ptr(), usize::MAX, 2, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER, "{name}");
        assert!(
            last_error().contains("rows * cols"),
            "{name}: {}",
            last_error()
        );
        // the product fits size_t but not the address space
        let st = unsafe { f(COUNTS.as_ptr(), usize::MAX / 4, 2, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER, "{name}");
        // NULL counts
        let st = unsafe { f(null(), 5, 3, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT, "{name}");
        assert!(last_error().contains("`counts` is NULL but its length is 15"));
        let st = unsafe { f(null(), 0, 3, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_EMPTY_INPUT, "{name}");
        let st = unsafe { f(null(), 4, 0, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_UNDEFINED, "{name}");
        let st = unsafe { f(COUNTS.as_ptr(), 5, 3, 0, null_mut(), &mut info) };
        assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT, "{name}");
        // bad counts
        let mut bad = COUNTS;
        bad[4] = -1.0;
        let st = unsafe { f(bad.as_ptr(), 5, 3, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_INVALID_COUNT, "{name}");
        assert!(
            last_error().contains("counts[4]"),
            "{name}: {}",
            last_error()
        );
        bad[4] = f64::NEG_INFINITY;
        let st = unsafe { f(bad.as_ptr(), 5, 3, 2, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_NON_FINITE, "{name}");
        bad[4] = f64::NAN;
        let st = unsafe { f(bad.as_ptr(), 5, 3, 0, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_ERR_MISSING_VALUE, "{name}");
        assert_eq!(out, SENTINEL, "{name}");
        assert_eq!(info, INFO_SENTINEL, "{name}");
        let st = unsafe { f(bad.as_ptr(), 5, 3, 1, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_OK, "{name}");
        assert_eq!((info.n_used, info.n_dropped), (4, 1), "{name}");
        let st = unsafe { f(bad.as_ptr(), 5, 3, 2, &mut out, &mut info) };
        assert_eq!(st, BILDUNG_OK, "{name}");
        assert!(out.is_nan());
    }
}

#[test]
fn local_values_and_statuses() {
    let mut values = [SENTINEL; 5];
    let mut status = [99u8; 5];
    let mut info = INFO_SENTINEL;
    let st = unsafe {
        bildung_seg_local_mutual_information(
            COUNTS.as_ptr(),
            5,
            3,
            0,
            values.as_mut_ptr(),
            status.as_mut_ptr(),
            &mut info,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    let want = [0.026486, 0.018729, 0.204718, 0.066345, 0.029499];
    for (v, w) in values.iter().zip(want) {
        assert!((v - w).abs() < 5e-7, "{v} vs {w}");
    }
    assert_eq!(status, [BILDUNG_AREA_OK; 5]);
    // a missing and an empty area under PROPAGATE: area by area
    let mut c = COUNTS;
    c[3] = f64::NAN;
    c[6..9].copy_from_slice(&[0., 0., 0.]);
    let st = unsafe {
        bildung_seg_local_simpson_interaction(
            c.as_ptr(),
            5,
            3,
            BILDUNG_NAN_PROPAGATE,
            values.as_mut_ptr(),
            status.as_mut_ptr(),
            &mut info,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(
        status,
        [
            BILDUNG_AREA_OK,
            BILDUNG_AREA_MISSING,
            BILDUNG_AREA_EMPTY,
            BILDUNG_AREA_OK,
            BILDUNG_AREA_OK
        ]
    );
    assert!(values[1].is_nan() && values[2].is_nan() && values[0].is_finite());
    assert_eq!((info.n_used, info.n_dropped, info.n_empty), (3, 1, 1));
    assert_ne!(info.flags & BILDUNG_FLAG_MISSING_PROPAGATED, 0);
    // status_out is optional, values_out is not
    let st = unsafe {
        bildung_seg_local_simpson_concentration(
            COUNTS.as_ptr(),
            5,
            3,
            0,
            values.as_mut_ptr(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_OK);
    let st = unsafe {
        bildung_seg_local_entropy(
            COUNTS.as_ptr(),
            5,
            3,
            0,
            0,
            null_mut(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("`values_out`"));
    // location quotients, row-major
    let mut lq = [SENTINEL; 15];
    let st = unsafe {
        bildung_seg_location_quotient(
            COUNTS.as_ptr(),
            5,
            3,
            0,
            lq.as_mut_ptr(),
            status.as_mut_ptr(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((lq[0] - 0.7).abs() < 1e-12);
    assert!((lq[1] - 1.0174418604651163).abs() < 1e-12);
    assert!((lq[3] - 1.3125).abs() < 1e-12);
    assert!((lq[14] - 1.282051282051282).abs() < 1e-12);
    let st = unsafe {
        bildung_seg_location_quotient(
            COUNTS.as_ptr(),
            usize::MAX,
            3,
            0,
            lq.as_mut_ptr(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
    assert!((lq[0] - 0.7).abs() < 1e-12, "untouched on failure");
}

fn decomposition_sentinel() -> bildung_seg_decomposition {
    bildung_seg_decomposition {
        m_total: SENTINEL,
        m_between: SENTINEL,
        m_within: SENTINEL,
        h_total: SENTINEL,
        h_between: SENTINEL,
        h_within: SENTINEL,
        n_districts: 999,
        n_used: 999,
        n_dropped: 999,
        n_empty: 999,
        flags: 999,
    }
}

#[test]
fn decomposition_buffer_protocol() {
    let mut d = decomposition_sentinel();
    // summary only
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            DISTRICTS.as_ptr(),
            0,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(d.n_districts, 2);
    assert!((d.m_between - 0.0009856).abs() < 5e-8);
    assert!((d.m_within - 0.0600411).abs() < 5e-8);
    assert!((d.h_between - 0.0009462).abs() < 5e-8);
    assert!((d.h_within - 0.0576420).abs() < 5e-8);
    assert!((d.m_total - 0.0610267).abs() < 5e-8);
    // too small: only n_districts is written
    let mut small = decomposition_sentinel();
    let mut one = [bildung_seg_district_term {
        district: -7,
        n_areas: 0,
        population_share: SENTINEL,
        entropy: SENTINEL,
        m: SENTINEL,
        h: SENTINEL,
        m_contribution: SENTINEL,
        h_contribution: SENTINEL,
    }; 2];
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            DISTRICTS.as_ptr(),
            0,
            &mut small,
            one.as_mut_ptr(),
            1,
        )
    };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    assert_eq!(small.n_districts, 2);
    assert_eq!(small.m_total, SENTINEL);
    assert_eq!(one[0].district, -7);
    assert!(last_error().contains("terms_out"));
    // enough room
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            DISTRICTS.as_ptr(),
            0,
            &mut small,
            one.as_mut_ptr(),
            2,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!((one[0].district, one[1].district), (1, 2));
    assert_eq!((one[0].n_areas, one[1].n_areas), (2, 3));
    let within: f64 = one.iter().map(|t| t.m_contribution).sum();
    assert!((within - small.m_within).abs() < 1e-15);
    // NULL arguments
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            null(),
            0,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("`districts`"));
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            DISTRICTS.as_ptr(),
            0,
            &mut d,
            null_mut(),
            3,
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    // a negative district code is missing
    let mut dd = DISTRICTS;
    dd[2] = -1;
    let mut e = decomposition_sentinel();
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            dd.as_ptr(),
            0,
            &mut e,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_ERR_MISSING_VALUE);
    assert_eq!(e, decomposition_sentinel());
    let st = unsafe {
        bildung_seg_mutual_information_decomposition(
            COUNTS.as_ptr(),
            5,
            3,
            dd.as_ptr(),
            1,
            &mut e,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!((e.n_used, e.n_dropped), (4, 1));
}

#[test]
fn rank_order_buffer_protocol() {
    // 4 areas x 4 ordered groups
    let c = [
        10., 20., 30., 40., 40., 30., 20., 10., 25., 25., 25., 25., 5., 15., 30., 50.,
    ];
    type RankFn = unsafe extern "C" fn(
        *const f64,
        usize,
        usize,
        bildung_nan_policy,
        *mut f64,
        *mut f64,
        *mut f64,
        usize,
        *mut usize,
        *mut bildung_info,
    ) -> bildung_status;
    let fns: [(&str, RankFn); 2] = [
        (
            "information_theory",
            bildung_seg_rank_order_information_theory,
        ),
        ("variance_ratio", bildung_seg_rank_order_variance_ratio),
    ];
    for (name, f) in fns {
        let mut value = SENTINEL;
        let mut len = 999usize;
        // value only
        let st = unsafe {
            f(
                c.as_ptr(),
                4,
                4,
                0,
                &mut value,
                null_mut(),
                null_mut(),
                0,
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_OK, "{name}: {}", last_error());
        assert!(value.is_finite() && value > 0.0, "{name}");
        assert_eq!(len, 3);
        // too small
        let mut p = [SENTINEL; 3];
        let mut q = [SENTINEL; 3];
        let mut v2 = SENTINEL;
        len = 0;
        let st = unsafe {
            f(
                c.as_ptr(),
                4,
                4,
                0,
                &mut v2,
                p.as_mut_ptr(),
                q.as_mut_ptr(),
                2,
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE, "{name}");
        assert_eq!(len, 3);
        assert_eq!(v2, SENTINEL);
        assert_eq!(p, [SENTINEL; 3]);
        // enough
        let mut info = INFO_SENTINEL;
        let st = unsafe {
            f(
                c.as_ptr(),
                4,
                4,
                0,
                &mut v2,
                p.as_mut_ptr(),
                q.as_mut_ptr(),
                3,
                &mut len,
                &mut info,
            )
        };
        assert_eq!(st, BILDUNG_OK, "{name}");
        assert_eq!(v2, value);
        assert!(p.windows(2).all(|w| w[0] < w[1]) && p[0] > 0.0 && p[2] < 1.0);
        assert!(q.iter().all(|x| x.is_finite()));
        assert_eq!(info.n_used, 4);
        // NULL array with capacity > 0
        let st = unsafe {
            f(
                c.as_ptr(),
                4,
                4,
                0,
                &mut v2,
                null_mut(),
                q.as_mut_ptr(),
                3,
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT, "{name}");
        // two ordered groups are not enough
        let two = [1., 2., 3., 4.];
        let st = unsafe {
            f(
                two.as_ptr(),
                2,
                2,
                0,
                &mut v2,
                null_mut(),
                null_mut(),
                0,
                null_mut(),
                null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_UNDEFINED, "{name}");
    }
}

#[test]
fn flags_of_segregation_results() {
    // one area
    let mut out = SENTINEL;
    let mut info = INFO_SENTINEL;
    let st = unsafe {
        bildung_seg_dissimilarity([3.0].as_ptr(), [10.0].as_ptr(), 1, 0, &mut out, &mut info)
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(out, 0.0);
    assert_ne!(info.flags & BILDUNG_FLAG_SINGLE_AREA, 0);
    // an empty group
    let c = [1., 2., 0., 3., 4., 0.];
    let st = unsafe { bildung_seg_multi_dissimilarity(c.as_ptr(), 2, 3, 0, &mut out, &mut info) };
    assert_eq!(st, BILDUNG_OK);
    assert_ne!(info.flags & BILDUNG_FLAG_EMPTY_GROUPS, 0);
    // city B of methods.md 2.8: the bias-corrected D is negative
    let xb = [20., 18., 25., 22., 15., 20.];
    let tb = [70., 60., 75., 80., 55., 60.];
    let mut b = bildung_seg_bias_corrected {
        value: 0.0,
        observed: 0.0,
        expected_bootstrap: 0.0,
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags: 0,
    };
    let st =
        unsafe { bildung_seg_bias_corrected_dissimilarity(xb.as_ptr(), tb.as_ptr(), 6, 0, &mut b) };
    assert_eq!(st, BILDUNG_OK);
    assert!(b.value < 0.0);
    assert_ne!(b.flags & BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION, 0);
}
