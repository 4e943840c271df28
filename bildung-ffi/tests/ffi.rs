//! The C ABI called from Rust: NULL handling, buffer protocols, status codes, error messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use bildung_core::ErrorKind;
use bildung_ffi::*;

/// The R `ineq` income example (methods.md 1.8).
const INEQ: [f64; 10] = [
    541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.,
];
const GROUPS: [i64; 10] = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
const SENTINEL: f64 = -12345.0;

fn last_error() -> String {
    let mut needed = 0usize;
    let st = unsafe { bildung_last_error_message(null_mut(), 0, &mut needed) };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    let mut buf = vec![0 as c_char; needed];
    let st = unsafe { bildung_last_error_message(buf.as_mut_ptr(), buf.len(), null_mut()) };
    assert_eq!(st, BILDUNG_OK);
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_owned()
}

fn gini(x: &[f64], policy: bildung_nan_policy) -> (bildung_status, f64, bildung_info) {
    let mut out = SENTINEL;
    let mut info = bildung_info {
        n_used: 777,
        n_dropped: 777,
        n_empty: 777,
        flags: 777,
    };
    let st = unsafe {
        bildung_gini(
            x.as_ptr(),
            null(),
            x.len(),
            policy,
            BILDUNG_GINI_CORRECTION_NONE,
            &mut out,
            &mut info,
        )
    };
    (st, out, info)
}

#[test]
fn gini_value_and_info() {
    let (st, g, info) = gini(&INEQ, BILDUNG_NAN_RAISE);
    assert_eq!(st, BILDUNG_OK);
    assert!((g - 0.4620911).abs() < 1e-7);
    assert_eq!(
        info,
        bildung_info {
            n_used: 10,
            n_dropped: 0,
            n_empty: 0,
            flags: 0
        }
    );
    // info is optional
    let mut out = 0.0;
    let st = unsafe {
        bildung_gini(
            INEQ.as_ptr(),
            null(),
            INEQ.len(),
            BILDUNG_NAN_RAISE,
            BILDUNG_GINI_CORRECTION_UNITS,
            &mut out,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((out - 0.5134346).abs() < 1e-7);
}

#[test]
fn null_pointers() {
    let mut out = SENTINEL;
    let st = unsafe {
        bildung_gini(
            null(),
            null(),
            3,
            BILDUNG_NAN_RAISE,
            BILDUNG_GINI_CORRECTION_NONE,
            &mut out,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert_eq!(out, SENTINEL, "output untouched on failure");
    let msg = last_error();
    assert!(msg.starts_with("bildung_gini: "), "{msg}");
    assert!(msg.contains("`x` is NULL but its length is 3"), "{msg}");

    // NULL with n == 0 is an empty input
    let st = unsafe { bildung_hoover(null(), null(), 0, BILDUNG_NAN_RAISE, &mut out, null_mut()) };
    assert_eq!(st, BILDUNG_ERR_EMPTY_INPUT);
    assert_eq!(out, SENTINEL);

    let st = unsafe {
        bildung_theil(
            INEQ.as_ptr(),
            null(),
            INEQ.len(),
            BILDUNG_NAN_RAISE,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("`out` is NULL"));

    let mut d = decomposition_sentinel();
    let st = unsafe {
        bildung_gini_decomposition(
            INEQ.as_ptr(),
            null(),
            null(),
            INEQ.len(),
            BILDUNG_NAN_RAISE,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("`groups`"));
    assert_eq!(d.n_groups, 999);
}

#[test]
fn nan_policies() {
    let x = [1.0, f64::NAN, 3.0, 4.0];
    let (st, out, _) = gini(&x, BILDUNG_NAN_RAISE);
    assert_eq!(st, BILDUNG_ERR_MISSING_VALUE);
    assert_eq!(out, SENTINEL);
    assert!(last_error().contains("x[1]"));

    let (st, out, info) = gini(&x, BILDUNG_NAN_OMIT);
    assert_eq!(st, BILDUNG_OK);
    let (_, expected, _) = gini(&[1.0, 3.0, 4.0], BILDUNG_NAN_RAISE);
    assert_eq!(out, expected);
    assert_eq!((info.n_used, info.n_dropped), (3, 1));

    let (st, out, info) = gini(&x, BILDUNG_NAN_PROPAGATE);
    assert_eq!(st, BILDUNG_OK);
    assert!(out.is_nan());
    assert_eq!(info.flags, BILDUNG_FLAG_MISSING_PROPAGATED);

    let (st, out, _) = gini(&x, 3);
    assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
    assert_eq!(out, SENTINEL);
    assert!(last_error().contains("policy"));
}

#[test]
fn input_errors() {
    assert_eq!(gini(&[1.0, f64::INFINITY], 1).0, BILDUNG_ERR_NON_FINITE);
    assert_eq!(gini(&[1.0, -2.0], 0).0, BILDUNG_ERR_NEGATIVE_VALUE);
    assert!(last_error().contains("x[1]"));
    assert_eq!(gini(&[0.0, 0.0], 0).0, BILDUNG_ERR_UNDEFINED);
    let mut out = SENTINEL;
    let w = [1.0, -1.0];
    let st = unsafe {
        bildung_palma(
            [1.0, 2.0].as_ptr(),
            w.as_ptr(),
            2,
            BILDUNG_NAN_RAISE,
            &mut out,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NEGATIVE_VALUE);
    assert!(last_error().contains("weights[1]"));
    let zero_w = [0.0, 0.0];
    let st = unsafe {
        bildung_s80_s20(
            [1.0, 2.0].as_ptr(),
            zero_w.as_ptr(),
            2,
            BILDUNG_NAN_RAISE,
            &mut out,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_UNDEFINED);
    assert_eq!(out, SENTINEL);
}

#[test]
fn option_integers_are_checked() {
    let mut out = SENTINEL;
    let x = INEQ;
    let n = x.len();
    unsafe {
        assert_eq!(
            bildung_gini(x.as_ptr(), null(), n, 0, 3, &mut out, null_mut()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert!(last_error().contains("correction"));
        assert_eq!(
            bildung_coefficient_of_variation(x.as_ptr(), null(), n, 0, 2, &mut out, null_mut()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert!(last_error().contains("form"));
        for bad in [0, 10] {
            assert_eq!(
                bildung_quantile(x.as_ptr(), null(), n, 0, 0.5, bad, &mut out, null_mut()),
                BILDUNG_ERR_INVALID_PARAMETER
            );
            assert!(last_error().contains("rule"));
            assert_eq!(
                bildung_wolfson(x.as_ptr(), null(), n, 0, bad, &mut out, null_mut()),
                BILDUNG_ERR_INVALID_PARAMETER
            );
            assert_eq!(
                bildung_percentile_ratio(
                    x.as_ptr(),
                    null(),
                    n,
                    0,
                    0.9,
                    0.1,
                    bad,
                    &mut out,
                    null_mut()
                ),
                BILDUNG_ERR_INVALID_PARAMETER
            );
        }
        assert_eq!(
            bildung_atkinson(x.as_ptr(), null(), n, 0, -1.0, &mut out, null_mut()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert_eq!(
            bildung_generalized_entropy(x.as_ptr(), null(), n, 0, f64::NAN, &mut out, null_mut()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert_eq!(out, SENTINEL);
        // the valid values work
        assert_eq!(
            bildung_quantile(
                x.as_ptr(),
                null(),
                n,
                0,
                0.1,
                BILDUNG_QUANTILE_LINEAR,
                &mut out,
                null_mut()
            ),
            BILDUNG_OK
        );
        assert!((out - 1370.8).abs() < 1e-9);
        assert_eq!(
            bildung_coefficient_of_variation(
                x.as_ptr(),
                null(),
                n,
                0,
                BILDUNG_VARIANCE_SAMPLE,
                &mut out,
                null_mut()
            ),
            BILDUNG_OK
        );
        assert!((out - 0.9665588).abs() < 1e-7);
    }
}

#[test]
fn lorenz_buffer_protocol() {
    let x = [2.0, 1.0, 1.0];
    let mut len = 0usize;
    // size query
    let st = unsafe {
        bildung_lorenz_curve(
            x.as_ptr(),
            null(),
            3,
            BILDUNG_NAN_RAISE,
            null_mut(),
            null_mut(),
            0,
            &mut len,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    assert_eq!(len, 3, "ties are merged: (0,0), (2/3, 1/2), (1, 1)");
    assert!(last_error().contains("buffer too small"));
    // too small, non-NULL: arrays untouched
    let mut p = [SENTINEL; 4];
    let mut l = [SENTINEL; 4];
    let st = unsafe {
        bildung_lorenz_curve(
            x.as_ptr(),
            null(),
            3,
            BILDUNG_NAN_RAISE,
            p.as_mut_ptr(),
            l.as_mut_ptr(),
            2,
            &mut len,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    assert_eq!(len, 3);
    assert_eq!(p, [SENTINEL; 4]);
    // n + 1 is always enough
    let mut info = bildung_info::default();
    let st = unsafe {
        bildung_lorenz_curve(
            x.as_ptr(),
            null(),
            3,
            BILDUNG_NAN_RAISE,
            p.as_mut_ptr(),
            l.as_mut_ptr(),
            4,
            &mut len,
            &mut info,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(len, 3);
    assert_eq!(p[..3], [0.0, 2.0 / 3.0, 1.0]);
    assert_eq!(l[..3], [0.0, 0.5, 1.0]);
    assert_eq!(p[3], SENTINEL);
    assert_eq!(info.n_used, 3);
    // NULL array with capacity > 0
    let st = unsafe {
        bildung_lorenz_curve(
            x.as_ptr(),
            null(),
            3,
            BILDUNG_NAN_RAISE,
            null_mut(),
            l.as_mut_ptr(),
            4,
            &mut len,
            null_mut(),
        )
    };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    assert!(last_error().contains("population_share_out"));
    // propagate: empty curve
    let xn = [1.0, f64::NAN];
    let st = unsafe {
        bildung_lorenz_curve(
            xn.as_ptr(),
            null(),
            2,
            BILDUNG_NAN_PROPAGATE,
            p.as_mut_ptr(),
            l.as_mut_ptr(),
            3,
            &mut len,
            &mut info,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(len, 0);
    assert_eq!(info.flags, BILDUNG_FLAG_MISSING_PROPAGATED);
}

fn decomposition_sentinel() -> bildung_decomposition {
    bildung_decomposition {
        total: SENTINEL,
        within: SENTINEL,
        between: SENTINEL,
        overlap: SENTINEL,
        n_groups: 999,
        n_used: 999,
        n_dropped: 999,
        n_empty: 999,
        flags: 999,
    }
}

#[test]
fn decomposition_buffer_protocol() {
    let mut d = decomposition_sentinel();
    let mut terms = [bildung_group_term {
        group: -1,
        n: 0,
        population_share: SENTINEL,
        value_share: SENTINEL,
        mean: SENTINEL,
        inequality: SENTINEL,
        contribution: SENTINEL,
    }; 2];
    // too small: only n_groups is written
    let st = unsafe {
        bildung_ge_decomposition(
            INEQ.as_ptr(),
            null(),
            GROUPS.as_ptr(),
            10,
            BILDUNG_NAN_RAISE,
            1.0,
            &mut d,
            terms.as_mut_ptr(),
            1,
        )
    };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    assert_eq!(d.n_groups, 2);
    assert_eq!(d.total, SENTINEL);
    assert_eq!(terms[0].group, -1);
    // terms skipped
    let st = unsafe {
        bildung_ge_decomposition(
            INEQ.as_ptr(),
            null(),
            GROUPS.as_ptr(),
            10,
            BILDUNG_NAN_RAISE,
            1.0,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((d.within - 0.133424).abs() < 1e-6);
    assert!((d.between - 0.228918).abs() < 1e-6);
    assert!(d.overlap.is_nan());
    assert_eq!((d.n_groups, d.n_used, d.n_dropped, d.flags), (2, 10, 0, 0));
    // with terms
    let st = unsafe {
        bildung_gini_decomposition(
            INEQ.as_ptr(),
            null(),
            GROUPS.as_ptr(),
            10,
            BILDUNG_NAN_RAISE,
            &mut d,
            terms.as_mut_ptr(),
            2,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert!((d.within - 0.128288).abs() < 1e-6);
    assert!((d.between - 0.333803).abs() < 1e-6);
    assert!(d.overlap.abs() < 1e-12);
    assert_eq!((terms[0].group, terms[0].n), (0, 6));
    assert_eq!((terms[1].group, terms[1].n), (1, 4));
    assert!((terms[0].contribution + terms[1].contribution - d.within).abs() < 1e-12);
    // negative group code = missing
    let g = [0, -1, 0, 1, 1, 1, 1, 1, 1, 1];
    let st = unsafe {
        bildung_gini_decomposition(
            INEQ.as_ptr(),
            null(),
            g.as_ptr(),
            10,
            BILDUNG_NAN_RAISE,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_ERR_MISSING_VALUE);
    assert!(last_error().contains("groups[1]"));
    let st = unsafe {
        bildung_gini_decomposition(
            INEQ.as_ptr(),
            null(),
            g.as_ptr(),
            10,
            BILDUNG_NAN_OMIT,
            &mut d,
            null_mut(),
            0,
        )
    };
    assert_eq!(st, BILDUNG_OK);
    assert_eq!((d.n_used, d.n_dropped), (9, 1));
}

#[test]
fn last_error_message_semantics() {
    let _ = gini(&[1.0, -2.0], BILDUNG_NAN_RAISE);
    let full = last_error();
    let mut needed = 0usize;
    let mut small = [b'x' as c_char; 8];
    let st = unsafe { bildung_last_error_message(small.as_mut_ptr(), small.len(), &mut needed) };
    assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
    assert_eq!(needed, full.len() + 1);
    let truncated = unsafe { CStr::from_ptr(small.as_ptr()) }.to_str().unwrap();
    assert_eq!(truncated, &full[..7]);
    // buf NULL with len > 0
    let st = unsafe { bildung_last_error_message(null_mut(), 5, &mut needed) };
    assert_eq!(st, BILDUNG_ERR_NULL_ARGUMENT);
    // reading the message never changes it; success leaves it as is
    assert_eq!(last_error(), full);
    let (st, _, _) = gini(&INEQ, BILDUNG_NAN_RAISE);
    assert_eq!(st, BILDUNG_OK);
    assert_eq!(last_error(), full);
    // thread-local: a fresh thread has an empty message
    std::thread::spawn(|| {
        let mut needed = 0usize;
        let mut buf = [b'x' as c_char; 4];
        let st = unsafe { bildung_last_error_message(buf.as_mut_ptr(), 4, &mut needed) };
        assert_eq!(st, BILDUNG_OK);
        assert_eq!(needed, 1);
        assert_eq!(buf[0], 0);
    })
    .join()
    .unwrap();
}

#[test]
fn status_texts_and_versions() {
    for kind in ErrorKind::ALL {
        let t = unsafe { CStr::from_ptr(bildung_status_str(kind.code())) };
        assert_eq!(t.to_str().unwrap(), kind.description());
    }
    for code in [
        BILDUNG_OK,
        BILDUNG_ERR_NULL_ARGUMENT,
        BILDUNG_ERR_BUFFER_SIZE,
        BILDUNG_ERR_INVALID_UTF8,
        BILDUNG_ERR_PANIC,
    ] {
        let t = unsafe { CStr::from_ptr(bildung_status_str(code)) };
        assert!(!t.to_str().unwrap().is_empty());
        assert_ne!(t.to_str().unwrap(), "unknown status code");
    }
    let t = unsafe { CStr::from_ptr(bildung_status_str(4242)) };
    assert_eq!(t.to_str().unwrap(), "unknown status code");
    let v = unsafe { CStr::from_ptr(bildung_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    assert_eq!(bildung_abi_version(), BILDUNG_ABI_VERSION);
}
