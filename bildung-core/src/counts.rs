//! Validation of per-area event counts over a denominator (population or exposure), in one
//! pass: shared by `rates`, `smallarea` and `funnel`.
//!
//! Hard errors (infinity, negative or non-integral counts, events above the population) are
//! returned at the first offending element in input order; a missing value under
//! [`NanPolicy::Raise`] is reported after the pass (so an infinite value anywhere wins over an
//! earlier NaN, as in [`crate::input`]).

use ndarray::ArrayView1;

use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};

/// What the denominator of per-area event counts is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Denominator {
    /// Persons at risk of a proportion: a count `>= events` (whole when counts must be).
    Population,
    /// Person-time or population of a Poisson rate: a real `>= 0` (events may exceed it).
    Exposure,
}

/// The statuses of validated areas and the flags validation sets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    /// `Ok`, `Missing` (a NaN under Omit / Propagate) or `Empty` (denominator 0).
    pub status: Vec<AreaStatus>,
    /// [`Flags::MISSING_PROPAGATED`] under `Propagate` with a missing area.
    pub flags: Flags,
}

/// An invalid count at `what[index]`.
pub(crate) fn invalid(what: &'static str, index: usize, value: f64, reason: &'static str) -> Error {
    Error::InvalidCount {
        what,
        index,
        value,
        reason,
    }
}

/// Check a count: finite (else NonFinite), `>= 0` and, with `integral`, a whole number (else
/// InvalidCount). NaN passes (the caller treats it as missing).
pub(crate) fn check_count(what: &'static str, index: usize, v: f64, integral: bool) -> Result<()> {
    if v.is_nan() {
        return Ok(());
    }
    if v.is_infinite() {
        return Err(Error::NonFinite {
            what,
            index,
            value: v,
        });
    }
    if v < 0.0 {
        return Err(invalid(what, index, v, "counts must be >= 0"));
    }
    if integral && !is_whole(v) {
        return Err(invalid(
            what,
            index,
            v,
            "counts must be whole numbers (events and persons)",
        ));
    }
    Ok(())
}

/// True if the finite `v` is a whole number. Every float of magnitude `>= 2^52` is whole;
/// below that the round trip through `i64` truncates exactly (one instruction, where `trunc`
/// is a library call on baseline x86-64).
#[inline]
fn is_whole(v: f64) -> bool {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    v.abs() >= TWO_52 || (v as i64) as f64 == v
}

/// The statuses of contiguous, valid event counts over populations in one branch-light pass, or
/// `None` when any pair is missing, infinite, negative, not whole (with `integral`) or has more
/// events than population: the general pass then finds and reports the first problem.
fn population_fast(xs: &[f64], ts: &[f64], integral: bool) -> Option<Vec<AreaStatus>> {
    // NaN and infinity fail the range test; `0 <= x <= t < inf` bounds both counts
    let valid = xs.iter().zip(ts).fold(true, |ok, (&x, &t)| {
        ok & (x >= 0.0) & (x <= t) & (t < f64::INFINITY) & (!integral | (is_whole(x) & is_whole(t)))
    });
    valid.then(|| {
        ts.iter()
            .map(|&t| {
                if t == 0.0 {
                    AreaStatus::Empty
                } else {
                    AreaStatus::Ok
                }
            })
            .collect()
    })
}

/// Check a non-negative real (exposure, stratum population): finite, `>= 0`. NaN passes.
pub(crate) fn check_nonnegative(what: &'static str, index: usize, v: f64) -> Result<()> {
    if v.is_infinite() {
        return Err(Error::NonFinite {
            what,
            index,
            value: v,
        });
    }
    if v < 0.0 {
        return Err(Error::NegativeValue {
            what,
            index,
            value: v,
        });
    }
    Ok(())
}

/// Apply the NaN policy to the first missing element found by a validation pass.
pub(crate) fn resolve_missing(
    first_missing: Option<(&'static str, usize)>,
    nan: NanPolicy,
) -> Result<Flags> {
    match (first_missing, nan) {
        (Some((what, index)), NanPolicy::Raise) => Err(Error::MissingValue { what, index }),
        (Some(_), NanPolicy::Propagate) => Ok(Flags::MISSING_PROPAGATED),
        _ => Ok(Flags::NONE),
    }
}

/// Validate per-area `events` and an optional denominator (`None`: every area has exposure 1,
/// i.e. the counts themselves). `names` are the argument names errors use; with `integral` the
/// events (and a [`Denominator::Population`]) must be whole numbers. Status per area: `Ok`,
/// `Missing` (a NaN in either) or `Empty` (denominator 0).
pub(crate) fn check_pairs(
    events: ArrayView1<'_, f64>,
    denominator: Option<ArrayView1<'_, f64>>,
    names: (&'static str, &'static str),
    kind: Denominator,
    integral: bool,
    nan: NanPolicy,
) -> Result<Checked> {
    let n = events.len();
    if let Some(d) = denominator
        && d.len() != n
    {
        return Err(Error::ShapeMismatch {
            what: names.1,
            expected: n,
            found: d.len(),
        });
    }
    if n == 0 {
        return Err(Error::EmptyInput {
            what: "no area (events has no elements)",
        });
    }
    if kind == Denominator::Population
        && let (Some(xs), Some(ts)) = (events.to_slice(), denominator.and_then(|d| d.to_slice()))
        && let Some(status) = population_fast(xs, ts, integral)
    {
        return Ok(Checked {
            status,
            flags: Flags::NONE,
        });
    }
    let mut status = vec![AreaStatus::Ok; n];
    let mut first_missing = None;
    for i in 0..n {
        let x = events[i];
        check_count(names.0, i, x, integral)?;
        let mut missing = x.is_nan();
        if missing {
            first_missing.get_or_insert((names.0, i));
        }
        if let Some(d) = denominator {
            let t = d[i];
            match kind {
                Denominator::Population => check_count(names.1, i, t, integral)?,
                Denominator::Exposure => check_nonnegative(names.1, i, t)?,
            }
            if t.is_nan() {
                first_missing.get_or_insert((names.1, i));
                missing = true;
            } else if !missing && kind == Denominator::Population && x > t {
                return Err(invalid(
                    names.0,
                    i,
                    x,
                    "events above the population of the area",
                ));
            } else if !missing && x > 0.0 && t == 0.0 {
                return Err(invalid(names.0, i, x, "events in an area with exposure 0"));
            }
            if !missing && t == 0.0 {
                status[i] = AreaStatus::Empty;
            }
        }
        if missing {
            status[i] = AreaStatus::Missing;
        }
    }
    let flags = resolve_missing(first_missing, nan)?;
    Ok(Checked { status, flags })
}
