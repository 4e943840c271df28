//! Segregation indices (`bildung_core::segregation`) for C: `bildung_seg_<name>` per index.
//!
//! Inputs come in two shapes:
//! * two-group indices take the focal-group counts `x` and the area totals `t`, both of length `n`
//!   (`const double *x, const double *t, size_t n`);
//! * multigroup, diversity, local and rank-order indices take a count table of `rows` areas x
//!   `cols` groups in row-major order (`const double *counts, size_t rows, size_t cols`), viewed
//!   as an `ArrayView2` without copying.
//!
//! As in `inequality.rs`, every export checks its pointers, converts the option integers, calls
//! one core function and writes the outputs only on success; no arithmetic happens here. The
//! helpers [`two_group_scalar`], [`table_scalar`] and [`local_values`] carry the common shapes.

use std::ffi::c_int;

use bildung_core::segregation::{
    self, AreaStatus, BiasCorrectedDissimilarity, ConcentrationProfile, DistrictTerm,
    MutualInformationDecomposition, NullIndex, RandomAllocationExpectation, RankOrderSegregation,
    WinshipExpectation,
};
use bildung_core::{Error, Estimate, NanPolicy};
use ndarray::{ArrayView1, ArrayView2};

use crate::guard::{
    Failure, OutArray, guard, input, optional_out, required_out, table_input, write_optional,
};
use crate::options::{bildung_flags, bildung_info, bildung_nan_policy, nan_policy, write_estimate};
use crate::status::bildung_status;

/// The index that `bildung_seg_carrington_troske` rescales: one of the `BILDUNG_NULL_INDEX_*`
/// constants.
pub type bildung_null_index = u32;

/// The dissimilarity index D (`bildung_seg_dissimilarity`).
pub const BILDUNG_NULL_INDEX_DISSIMILARITY: bildung_null_index = 0;
/// Theil's entropy index H (`bildung_seg_entropy_index`).
pub const BILDUNG_NULL_INDEX_ENTROPY_INDEX: bildung_null_index = 1;
/// The correlation ratio eta^2 (`bildung_seg_correlation_ratio`).
pub const BILDUNG_NULL_INDEX_CORRELATION_RATIO: bildung_null_index = 2;

/// Status of one area (input row) in a local result: one of the `BILDUNG_AREA_*` constants.
pub type bildung_area_status = u8;

/// A value was computed for the area.
pub const BILDUNG_AREA_OK: bildung_area_status = 0;
/// The area had a missing count (NaN): its value is NaN.
pub const BILDUNG_AREA_MISSING: bildung_area_status = 1;
/// The area has no population (total 0): its value is NaN.
pub const BILDUNG_AREA_EMPTY: bildung_area_status = 2;
/// The area has data but the quantity does not exist for it (rates: a stratum with a standard
/// weight but no population, an expected count of 0, no other area to compare with): NaN.
pub const BILDUNG_AREA_UNDEFINED: bildung_area_status = 3;

/// The null index of a C integer.
fn null_index(v: bildung_null_index) -> Result<NullIndex, Error> {
    match v {
        BILDUNG_NULL_INDEX_DISSIMILARITY => Ok(NullIndex::Dissimilarity),
        BILDUNG_NULL_INDEX_ENTROPY_INDEX => Ok(NullIndex::EntropyIndex),
        BILDUNG_NULL_INDEX_CORRELATION_RATIO => Ok(NullIndex::CorrelationRatio),
        other => Err(Error::parameter(
            "index",
            other,
            "expected BILDUNG_NULL_INDEX_DISSIMILARITY (0), _ENTROPY_INDEX (1) or \
             _CORRELATION_RATIO (2)",
        )),
    }
}

/// A C boolean option that must be 0 or 1.
fn flag(name: &'static str, v: c_int) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(Error::parameter(name, other, "expected 0 or 1")),
    }
}

/// The C code of an area status.
pub(crate) fn area_status(s: AreaStatus) -> bildung_area_status {
    match s {
        AreaStatus::Ok => BILDUNG_AREA_OK,
        AreaStatus::Missing => BILDUNG_AREA_MISSING,
        AreaStatus::Empty => BILDUNG_AREA_EMPTY,
        AreaStatus::Undefined => BILDUNG_AREA_UNDEFINED,
        AreaStatus::NoData => crate::smallarea::BILDUNG_AREA_NO_DATA,
    }
}

/// `x` and `t` (NULL only with `n == 0`) as views.
///
/// # Safety
/// Non-NULL pointers must be valid for reads of `n` doubles while the views live.
unsafe fn two_group_views<'a>(
    x: *const f64,
    t: *const f64,
    n: usize,
) -> Result<(ArrayView1<'a, f64>, ArrayView1<'a, f64>), Failure> {
    // SAFETY: forwarded caller contract.
    let x = unsafe { input(x, n, "x") }?;
    // SAFETY: forwarded caller contract.
    let t = unsafe { input(t, n, "t") }?;
    Ok((ArrayView1::from(x), ArrayView1::from(t)))
}

/// The count table `rows x cols` (row-major; NULL only when `rows * cols == 0`) as a view.
///
/// `rows * cols` must fit in memory (`rows * cols * sizeof(double) <= PTRDIFF_MAX`), otherwise
/// the product is rejected before any slice is formed.
///
/// # Safety
/// A non-NULL `counts` must be valid for reads of `rows * cols` doubles while the view lives.
unsafe fn table_view<'a>(
    counts: *const f64,
    rows: usize,
    cols: usize,
) -> Result<ArrayView2<'a, f64>, Failure> {
    // SAFETY: forwarded caller contract.
    unsafe { table_input(counts, rows, cols, "counts") }
}

/// A two-group scalar index: check pointers and policy, call `measure`, write `*out`, `*info`.
///
/// # Safety
/// As for the exports: `x`/`t` readable for `n` doubles, `out`/`info` NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn two_group_scalar<F>(
    name: &str,
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
    measure: F,
) -> bildung_status
where
    F: FnOnce(ArrayView1<'_, f64>, ArrayView1<'_, f64>, NanPolicy) -> Result<Estimate, Error>,
{
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let (x, t) = unsafe { two_group_views(x, t, n) }?;
        let out = required_out(out, "out")?;
        let estimate = measure(x, t, nan_policy(policy)?)?;
        // SAFETY: `out` is non-NULL and writable, `info` NULL or writable (caller contract).
        unsafe { write_estimate(out, info, &estimate) };
        Ok(())
    })
}

/// A scalar index of a count table: check pointers, shape and policy, call `measure`, write
/// `*out` and `*info`.
///
/// # Safety
/// As for the exports: `counts` readable for `rows * cols` doubles, `out`/`info` NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn table_scalar(
    name: &str,
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
    measure: impl FnOnce(ArrayView2<'_, f64>, NanPolicy) -> Result<Estimate, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let counts = unsafe { table_view(counts, rows, cols) }?;
        let out = required_out(out, "out")?;
        let estimate = measure(counts, nan_policy(policy)?)?;
        // SAFETY: `out` is non-NULL and writable, `info` NULL or writable (caller contract).
        unsafe { write_estimate(out, info, &estimate) };
        Ok(())
    })
}

/// A local index (one value per area): check pointers, shape and policy, call `measure`, write
/// the values, the statuses and `*info`.
///
/// # Safety
/// As for the exports: `counts` readable for `rows * cols` doubles, `values_out` writable for
/// `rows` doubles, `status_out` NULL or writable for `rows` bytes, `info` NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn local_values(
    name: &str,
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
    measure: impl FnOnce(ArrayView2<'_, f64>, NanPolicy) -> Result<segregation::LocalValues, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let counts = unsafe { table_view(counts, rows, cols) }?;
        let values_out = OutArray::new(values_out, rows, "values_out")?;
        let status_out = optional_out(status_out, rows, "status_out")?;
        let local = measure(counts, nan_policy(policy)?)?;
        if local.values.len() != rows || local.status.len() != rows {
            return Err(Failure::buffer("values_out", rows, local.values.len()));
        }
        let status: Vec<bildung_area_status> =
            local.status.iter().map(|&s| area_status(s)).collect();
        let summary = bildung_info::new(local.n_used, local.n_dropped, local.n_empty, local.flags);
        // SAFETY: both arrays hold `rows` elements (or `status_out` is NULL), `info` NULL or
        // writable (caller contract).
        unsafe {
            values_out.write(&local.values);
            status_out.write(&status);
            write_optional(info, summary);
        }
        Ok(())
    })
}

// ---- two-group indices ----

/// Dissimilarity index D (Segregationsindex; Duncan & Duncan 1955): the share of either group that
/// would have to move to another area for both groups to be spread evenly.
///
/// ```text
/// D = 1/2 sum_i | x_i / X - y_i / Y |,   y_i = t_i - x_i,  X = sum x_i,  Y = sum y_i
/// ```
///
/// Range `[0, 1]`. Biased upwards in small areas (see
/// `bildung_seg_expected_under_random_allocation`). Core:
/// `bildung_core::segregation::dissimilarity`. Under `BILDUNG_NAN_PROPAGATE` a missing area gives
/// NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_dissimilarity(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_dissimilarity",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::dissimilarity,
        )
    }
}

/// Gini segregation index G (Gini-Segregationsindex): the mean absolute difference of the focal
/// group's share between all pairs of persons, relative to its maximum.
///
/// ```text
/// G = sum_i sum_l t_i t_l |p_i - p_l| / (2 T^2 P (1 - P)),   p_i = x_i / t_i,  P = X / T
/// ```
///
/// Range `[0, 1]`; computed in O(k log k). Core: `bildung_core::segregation::gini_segregation`.
/// Under `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_gini_segregation(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_gini_segregation",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::gini_segregation,
        )
    }
}

/// Theil's entropy index H for two groups (Entropieindex; Theil & Finizza 1971): the mean loss of
/// diversity of the areas against the whole population, relative to that diversity.
///
/// ```text
/// H = sum_i t_i (E - E_i) / (E T),   E = -P ln P - (1-P) ln(1-P),  E_i the same with p_i
/// ```
///
/// Range `[0, 1]`; equals the multigroup H with two groups. Core:
/// `bildung_core::segregation::entropy_index`. Under `BILDUNG_NAN_PROPAGATE` a missing area gives
/// NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_entropy_index(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_entropy_index",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::entropy_index,
        )
    }
}

/// Isolation index xPx (Isolationsindex; Bell 1954): the focal-group share in the area of the
/// average focal-group member.
///
/// ```text
/// xPx = sum_i (x_i / X) (x_i / t_i)
/// ```
///
/// Range `[P, 1]`; depends on the overall share `P` (see `bildung_seg_correlation_ratio`). Core:
/// `bildung_core::segregation::isolation`. Under `BILDUNG_NAN_PROPAGATE` a missing area gives NaN
/// and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_isolation(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_isolation",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::isolation,
        )
    }
}

/// Exposure (interaction) index xPy (Expositionsindex; Bell 1954): the share of the other group in
/// the area of the average focal-group member.
///
/// ```text
/// xPy = sum_i (x_i / X) (y_i / t_i)  =  1 - xPx
/// ```
///
/// Range `[0, 1 - P]`. Asymmetric: yPx is `bildung_seg_exposure` of `t - x` and `t`. Core:
/// `bildung_core::segregation::exposure`. Under `BILDUNG_NAN_PROPAGATE` a missing area gives NaN
/// and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_exposure(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_exposure",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::exposure,
        )
    }
}

/// Correlation ratio eta^2 (Korrelationsverhaeltnis; separation index, White 1986): the isolation
/// index adjusted for the overall share.
///
/// ```text
/// eta^2 = (xPx - P) / (1 - P)  =  sum_i t_i (p_i - P)^2 / (T P (1 - P))
/// ```
///
/// Range `[0, 1]`; under random allocation `E[eta^2] = (k - 1)/(T - 1)`. Core:
/// `bildung_core::segregation::correlation_ratio`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_correlation_ratio(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_correlation_ratio",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::correlation_ratio,
        )
    }
}

/// Atkinson segregation index A(b) (Atkinson-Segregationsindex; James & Taeuber 1985) with shape
/// parameter `b`.
///
/// ```text
/// A(b) = 1 - P / (1 - P) * | sum_i (1 - p_i)^(1-b) p_i^b t_i / (P T) |^(1 / (1 - b)),   0 < b < 1
/// ```
///
/// `b > 0.5` weights areas where the focal group is over-represented, `b < 0.5` those where it is
/// under-represented; `b = 0.5` is symmetric. Range `[0, 1]`. Core:
/// `bildung_core::segregation::atkinson_segregation`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `b`: the shape parameter, a finite number strictly between 0 and 1.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `b` not finite or outside `(0, 1)`),
/// `BILDUNG_ERR_UNDEFINED` (a group is empty, or no area has population). Outputs are written only
/// on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_atkinson_segregation(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    b: f64,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_atkinson_segregation",
            x,
            t,
            n,
            policy,
            out,
            info,
            |x, t, nan| segregation::atkinson_segregation(x, t, b, nan),
        )
    }
}

/// Hutchens' square root index (Quadratwurzelindex; Hutchens 2004): one minus the Bhattacharyya
/// coefficient of the two groups' distributions over the areas.
///
/// ```text
/// S = 1 - sum_i sqrt(x_i / X) sqrt(y_i / Y)
/// ```
///
/// Range `[0, 1]`; additively decomposable by districts. Core:
/// `bildung_core::segregation::hutchens`. Under `BILDUNG_NAN_PROPAGATE` a missing area gives NaN
/// and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_hutchens(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_hutchens",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::hutchens,
        )
    }
}

/// MinMax index (O'Sullivan & Wong 2007): one minus the overlap of the two groups' distributions
/// over the areas relative to their union.
///
/// ```text
/// MM = 1 - sum_i min(x_i / X, y_i / Y) / sum_i max(x_i / X, y_i / Y)  =  2 D / (1 + D)
/// ```
///
/// Range `[0, 1]`. Core: `bildung_core::segregation::minmax`. Under `BILDUNG_NAN_PROPAGATE` a
/// missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_minmax(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_minmax",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::minmax,
        )
    }
}

/// Density-corrected dissimilarity index D_dc (dichtekorrigierter Segregationsindex; Allen,
/// Burgess, Davidson & Windmeijer 2015): D with each area's difference of shares replaced by its
/// maximum-likelihood value under the folded-normal sampling model.
///
/// ```text
/// sigma_i = sqrt( p1_i (1 - p1_i) / Y + p0_i (1 - p0_i) / X ),  p0_i = x_i / X,  p1_i = y_i / Y
/// theta_i = |p1_i - p0_i| / sigma_i
/// D_dc = 1/2 sum_i sigma_i n(theta_i)
/// n(theta) = 0 if theta <= 1, else the root m > 0 of m = theta tanh(theta m)
/// ```
///
/// `0 <= D_dc <= D`; deterministic (no simulation). With one area D_dc is 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core:
/// `bildung_core::segregation::density_corrected_dissimilarity`. Under `BILDUNG_NAN_PROPAGATE` a
/// missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a group is
/// empty, or no area has population), `BILDUNG_ERR_DID_NOT_CONVERGE` (the root finder failed; not
/// expected). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_density_corrected_dissimilarity(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_density_corrected_dissimilarity",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::density_corrected_dissimilarity,
        )
    }
}

/// Fossett's (2017) self-excluded separation index S_u (unbiased eta^2): the focal-group share
/// among the other pupils of the area of the average focal-group pupil minus that of the average
/// other pupil.
///
/// ```text
/// S_u = sum_i x_i (x_i - 1) / (t_i - 1) / X  -  sum_i y_i x_i / (t_i - 1) / Y
/// E[S_u] = -1 / (T - 1)
/// ```
///
/// Areas with a single pupil (`t_i = 1`) are left out and counted in `n_empty`. Range `[-1, 1]`; a
/// negative value sets `BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION`. Counts must be integers (pupils
/// are individuals). Core: `bildung_core::segregation::self_excluded_separation`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`, or a count that is not an integer), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (a group is empty, or no area has population, no area with two or more
/// pupils). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_self_excluded_separation(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_self_excluded_separation",
            x,
            t,
            n,
            policy,
            out,
            info,
            segregation::self_excluded_separation,
        )
    }
}

/// Carrington & Troske's (1997) systematic segregation index: the observed index `I` rescaled by
/// its exact expectation `I*` under random allocation with both margins fixed.
///
/// ```text
/// I_CT = (I - I*) / (1 - I*)   if I >= I*
///      = (I - I*) / I*         if I <  I*
/// ```
///
/// `I` is D, H or eta^2 (`index`); `I*` comes from `bildung_seg_expected_under_random_allocation`
/// (exact, no simulation). Range `[-1, 1]`: 0 = no more segregation than chance; a negative value
/// sets `BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION`. Counts must be integers. Core:
/// `bildung_core::segregation::carrington_troske`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`); an area with `t_i == 0` is left
///   out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN in `x` or `t` is missing.
/// - `index`: `BILDUNG_NULL_INDEX_DISSIMILARITY` (0), `BILDUNG_NULL_INDEX_ENTROPY_INDEX` (1) or
///   `BILDUNG_NULL_INDEX_CORRELATION_RATIO` (2).
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i >
/// t_i`, or a count that is not an integer), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`,
/// unknown `index`), `BILDUNG_ERR_UNDEFINED` (a group is empty, or no area has population, every
/// area has one pupil). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_carrington_troske(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    index: bildung_null_index,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_scalar(
            "bildung_seg_carrington_troske",
            x,
            t,
            n,
            policy,
            out,
            info,
            |x, t, nan| segregation::carrington_troske(x, t, null_index(index)?, nan),
        )
    }
}

// ---- expectations under random allocation and corrections ----

/// Exact expectations of two-group indices under random allocation with both margins fixed
/// (`bildung_seg_expected_under_random_allocation`). All values are NaN (with
/// `BILDUNG_FLAG_MISSING_PROPAGATED`) when a missing value was propagated.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_seg_expectation {
    /// `E[D]`, the expected dissimilarity index.
    pub dissimilarity: f64,
    /// `E[H]`, the expected Theil entropy index.
    pub entropy_index: f64,
    /// `E[eta^2] = (k - 1)/(T - 1)`, the expected correlation ratio.
    pub correlation_ratio: f64,
    /// `E[xPx] = P + (1 - P)(k - 1)/(T - 1)`, the expected isolation index.
    pub isolation: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing under `BILDUNG_NAN_OMIT`.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*` (`BILDUNG_FLAG_SINGLE_AREA`: every
    /// expectation is 0 and the null is degenerate).
    pub flags: bildung_flags,
}

impl From<RandomAllocationExpectation> for bildung_seg_expectation {
    fn from(e: RandomAllocationExpectation) -> bildung_seg_expectation {
        bildung_seg_expectation {
            dissimilarity: e.dissimilarity,
            entropy_index: e.entropy_index,
            correlation_ratio: e.correlation_ratio,
            isolation: e.isolation,
            n_used: e.n_used,
            n_dropped: e.n_dropped,
            n_empty: e.n_empty,
            flags: e.flags.bits(),
        }
    }
}

/// Winship's (1977) expected dissimilarity under binomial allocation with `P` fixed
/// (`bildung_seg_winship_expected_dissimilarity`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_seg_winship {
    /// Exact binomial expectation (de Moivre's mean absolute deviation per area).
    pub exact: f64,
    /// Normal approximation `sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))`.
    pub normal_approximation: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing under `BILDUNG_NAN_OMIT`.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*`.
    pub flags: bildung_flags,
}

impl From<WinshipExpectation> for bildung_seg_winship {
    fn from(e: WinshipExpectation) -> bildung_seg_winship {
        bildung_seg_winship {
            exact: e.exact,
            normal_approximation: e.normal_approximation,
            n_used: e.n_used,
            n_dropped: e.n_dropped,
            n_empty: e.n_empty,
            flags: e.flags.bits(),
        }
    }
}

/// The bootstrap bias-corrected dissimilarity index with the bootstrap expectation computed
/// exactly (`bildung_seg_bias_corrected_dissimilarity`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_seg_bias_corrected {
    /// The corrected index `2 D - E[D*]` (can be negative).
    pub value: f64,
    /// The observed dissimilarity index D.
    pub observed: f64,
    /// `E[D*]`, the expected D of a bootstrap replicate (B = infinity).
    pub expected_bootstrap: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing under `BILDUNG_NAN_OMIT`.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*` (`BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION`
    /// when `value < 0`).
    pub flags: bildung_flags,
}

impl From<BiasCorrectedDissimilarity> for bildung_seg_bias_corrected {
    fn from(e: BiasCorrectedDissimilarity) -> bildung_seg_bias_corrected {
        bildung_seg_bias_corrected {
            value: e.value,
            observed: e.observed,
            expected_bootstrap: e.expected_bootstrap,
            n_used: e.n_used,
            n_dropped: e.n_dropped,
            n_empty: e.n_empty,
            flags: e.flags.bits(),
        }
    }
}

/// A two-group function with a struct result: check pointers and policy, call `measure`, write
/// `*out`.
///
/// # Safety
/// As for the exports: `x`/`t` readable for `n` doubles, `out` NULL or writable.
unsafe fn two_group_struct<R, C: From<R>>(
    name: &str,
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut C,
    measure: impl FnOnce(ArrayView1<'_, f64>, ArrayView1<'_, f64>, NanPolicy) -> Result<R, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let (x, t) = unsafe { two_group_views(x, t, n) }?;
        let out = required_out(out, "out")?;
        let result = measure(x, t, nan_policy(policy)?)?;
        // SAFETY: `out` is non-NULL and writable (caller contract).
        unsafe { out.write(C::from(result)) };
        Ok(())
    })
}

/// Exact expected values of D, H, eta^2 and xPx under random allocation with both margins fixed
/// (methods.md 2.6 (1)): pupils are randomly permuted across areas of the observed sizes, so
/// each area's focal-group count is hypergeometric, `x_i ~ Hyp(T, X, t_i)`.
///
/// ```text
/// E[D]     = sum_i E|x_i - t_i P| / (2 T P (1 - P))     (closed form, hypergeometric de Moivre)
/// E[H]     = sum_i t_i E[KL(p_i || P)] / (E T)
/// E[eta^2] = (k - 1) / (T - 1)
/// E[xPx]   = P + (1 - P) (k - 1) / (T - 1)
/// ```
///
/// This is the value to report next to D (what a permutation test simulates). Counts must be
/// integers (the null distribution is one of individuals). Core:
/// `bildung_core::segregation::expected_under_random_allocation`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0`, integers (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i`, integers (NULL only when `n == 0`); an area with
///   `t_i == 0` is left out and counted in `n_empty`.
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the four expectations and the bookkeeping.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative or non-integral count, or
/// `x_i > t_i`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`), `BILDUNG_ERR_UNDEFINED` (a
/// group is empty, or no area has population). `*out` is written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_expected_under_random_allocation(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut bildung_seg_expectation,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_struct(
            "bildung_seg_expected_under_random_allocation",
            x,
            t,
            n,
            policy,
            out,
            segregation::expected_under_random_allocation,
        )
    }
}

/// Winship's (1977) expected dissimilarity index under binomial allocation with the focal-group
/// share `P` held fixed: `x_i ~ Bin(t_i, P)` independently.
///
/// ```text
/// E[D]  = sum_i E|x_i - t_i P| / (2 T P (1 - P))
/// exact:  E|B - n p| = 2 v C(n, v) p^v (1 - p)^(n - v + 1),   v = floor(n p) + 1   (de Moivre)
/// normal: E[D] ~ sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))
/// ```
///
/// Caution (methods.md 2.6 (3)): it overstates the expectation; report
/// `bildung_seg_expected_under_random_allocation` instead. This function is for comparison with
/// studies that used Winship's benchmark. Counts must be integers. Core:
/// `bildung_core::segregation::winship_expected_dissimilarity`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0`, integers (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i`, integers (NULL only when `n == 0`).
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the exact value, the normal approximation and the bookkeeping.
///
/// # Returns
/// As `bildung_seg_expected_under_random_allocation`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_winship_expected_dissimilarity(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut bildung_seg_winship,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_struct(
            "bildung_seg_winship_expected_dissimilarity",
            x,
            t,
            n,
            policy,
            out,
            segregation::winship_expected_dissimilarity,
        )
    }
}

/// Bootstrap bias-corrected dissimilarity index (Allen, Burgess, Davidson & Windmeijer 2015)
/// with the bootstrap expectation computed exactly instead of by resampling (methods.md 2.6 (4)).
///
/// ```text
/// D_bc  = 2 D - E[D*]
/// E[D*] = 1/2 sum_i E| x*_i / X - y*_i / Y |,   x*_i ~ Bin(X, x_i / X),  y*_i ~ Bin(Y, y_i / Y)
/// ```
///
/// The corrected value can be negative (`BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION`: the observed D
/// is within what chance produces). Counts must be integers. Core:
/// `bildung_core::segregation::bias_corrected_dissimilarity`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0`, integers (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i`, integers (NULL only when `n == 0`).
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the corrected value, the observed D, `E[D*]` and the bookkeeping.
///
/// # Returns
/// As `bildung_seg_expected_under_random_allocation`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `out` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_bias_corrected_dissimilarity(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut bildung_seg_bias_corrected,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        two_group_struct(
            "bildung_seg_bias_corrected_dissimilarity",
            x,
            t,
            n,
            policy,
            out,
            segregation::bias_corrected_dissimilarity,
        )
    }
}

/// Concentration profile and index R (Konzentrationsprofil; Hong & Sadahiro 2014; PySAL
/// `ConProf`): for each threshold `g`, the share `v(g)` of the focal group that lives in areas
/// where its share is at least `g`, and a summary index.
///
/// ```text
/// g_j  = j / (m - 1),  j = 0..m-1                  (m = points; numpy linspace(0, 1, m))
/// v(g) = sum_{i: p_i >= g} x_i / X
/// R    = ( P - ( sum_{j: g_j < P} v(g_j) / m  -  sum_{j: g_j >= P} v(g_j) / m ) ) / (1 - P)
/// ```
///
/// PySAL's `_conprof` line for line. Use `points = 1000` (PySAL's fixed value) unless there is a
/// reason not to; with few points R can leave `[0, 1]`. With one area R is 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Under `BILDUNG_NAN_PROPAGATE` a missing value gives R = NaN, the
/// thresholds and NaN shares. Core: `bildung_core::segregation::concentration_profile`.
///
/// # Parameters
/// - `x`: `n` focal-group counts `x_i >= 0` (NULL only when `n == 0`).
/// - `t`: `n` area totals `t_i >= x_i` (NULL only when `n == 0`).
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `points`: the number of thresholds `m`, `2 <= points <= 10000000`.
/// - `value_out`: receives R.
/// - `thresholds_out`: optional (may be NULL); an array of `points` doubles that receives `g_j`.
/// - `shares_out`: optional (may be NULL); an array of `points` doubles that receives `v(g_j)`.
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` or `t` NULL with `n > 0`, `value_out`
/// NULL), `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_INVALID_COUNT` (a negative count, or `x_i > t_i`),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `points < 2` or `points > 10000000`),
/// `BILDUNG_ERR_UNDEFINED` (a group is empty, or no area has population). Outputs are written
/// only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and `t` must be readable for `n` doubles; `value_out` must be writable; non-NULL
/// `thresholds_out` and `shares_out` must be writable for `points` doubles; a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_seg_concentration_profile(
    x: *const f64,
    t: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    points: usize,
    value_out: *mut f64,
    thresholds_out: *mut f64,
    shares_out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_seg_concentration_profile", || {
        // SAFETY: forwarded caller contract.
        let (x, t) = unsafe { two_group_views(x, t, n) }?;
        let value_out = required_out(value_out, "value_out")?;
        let thresholds_out = optional_out(thresholds_out, points, "thresholds_out")?;
        let shares_out = optional_out(shares_out, points, "shares_out")?;
        let p: ConcentrationProfile =
            segregation::concentration_profile(x, t, points, nan_policy(policy)?)?;
        for (what, len) in [
            ("thresholds_out", p.thresholds.len()),
            ("shares_out", p.shares.len()),
        ] {
            if len > points {
                return Err(Failure::buffer(what, points, len));
            }
        }
        let summary = bildung_info::new(p.n_used, p.n_dropped, p.n_empty, p.flags);
        // SAFETY: non-NULL arrays hold `points >= len` doubles; `value_out` is writable and
        // `info` NULL or writable (caller contract).
        unsafe {
            thresholds_out.write(&p.thresholds);
            shares_out.write(&p.shares);
            value_out.write(p.value);
            write_optional(info, summary);
        }
        Ok(())
    })
}

// ---- multigroup indices and diversity ----

/// Multigroup dissimilarity index D_m (Morgan 1975, Sakoda 1981): the share of the population that
/// would have to move for every area to have the overall composition, relative to its maximum.
///
/// ```text
/// D_m = sum_i sum_j t_i |p_ij - P_j| / (2 T I),   I = sum_j P_j (1 - P_j)
/// ```
///
/// Range `[0, 1]`; with two groups it equals `bildung_seg_dissimilarity`. Areas with no population
/// are left out (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one
/// area gives 0 (`BILDUNG_FLAG_SINGLE_AREA`). Core:
/// `bildung_core::segregation::multi_dissimilarity`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_multi_dissimilarity(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_multi_dissimilarity",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::multi_dissimilarity,
        )
    }
}

/// Multigroup Gini segregation index G_m (Reardon & Firebaugh 2002): the average absolute
/// difference of the group shares between all pairs of persons, relative to its maximum.
///
/// ```text
/// G_m = sum_j sum_i sum_l t_i t_l |p_ij - p_lj| / (2 T^2 I)
/// ```
///
/// Range `[0, 1]`; O(J k log k). Areas with no population are left out (`n_empty`); groups with
/// total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core: `bildung_core::segregation::multi_gini`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_multi_gini(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_multi_gini",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::multi_gini,
        )
    }
}

/// Mutual information index M (Transinformation; Theil & Finizza 1971, Mora & Ruiz-Castillo 2011):
/// the information about a person's group gained by knowing their area, in nats.
///
/// ```text
/// M = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j),   0 ln 0 := 0
/// ```
///
/// Range `[0, min(ln J, ln k)]`; additively decomposable
/// (`bildung_seg_mutual_information_decomposition`). Areas with no population are left out
/// (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core: `bildung_core::segregation::mutual_information`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_mutual_information(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_mutual_information",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::mutual_information,
        )
    }
}

/// Theil's information theory index H for several groups (Theil 1972, Reardon & Firebaugh 2002):
/// the mutual information relative to the group entropy.
///
/// ```text
/// H = M / E  =  sum_i t_i (E - E_i) / (T E),   E = -sum_j P_j ln P_j
/// ```
///
/// Range `[0, 1]`. Areas with no population are left out (`n_empty`); groups with total 0 are left
/// out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0 (`BILDUNG_FLAG_SINGLE_AREA`). Core:
/// `bildung_core::segregation::multi_information_theory`. Under `BILDUNG_NAN_PROPAGATE` a missing
/// area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_multi_information_theory(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_multi_information_theory",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::multi_information_theory,
        )
    }
}

/// Normalised exposure index (James 1986): the population-weighted squared deviation of the area
/// shares from the overall shares, each group relative to its maximum.
///
/// ```text
/// NE = sum_i sum_j t_i (p_ij - P_j)^2 / ((1 - P_j) T)
/// ```
///
/// Range `[0, 1]`; with two groups it equals eta^2. Areas with no population are left out
/// (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core: `bildung_core::segregation::normalized_exposure`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_normalized_exposure(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_normalized_exposure",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::normalized_exposure,
        )
    }
}

/// Relative diversity index (Carlson 1992): the population-weighted squared deviation of the area
/// shares from the overall shares, relative to the Simpson interaction `I`.
///
/// ```text
/// RD = sum_i sum_j t_i (p_ij - P_j)^2 / (T I),   I = sum_j P_j (1 - P_j)
/// ```
///
/// Range `[0, 1]`; with two groups it equals eta^2. Areas with no population are left out
/// (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core: `bildung_core::segregation::relative_diversity`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_relative_diversity(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_relative_diversity",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::relative_diversity,
        )
    }
}

/// Squared coefficient of variation C (Reardon & Firebaugh 2002): the population-weighted variance
/// of each group's area shares relative to its squared mean, averaged over the groups.
///
/// ```text
/// C = sum_i sum_j t_i (p_ij - P_j)^2 / (T (J - 1) P_j),   J = number of groups with members
/// ```
///
/// Range `[0, 1]`; with two groups it equals eta^2. Areas with no population are left out
/// (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core:
/// `bildung_core::segregation::squared_coefficient_of_variation`. Under `BILDUNG_NAN_PROPAGATE` a
/// missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_squared_coefficient_of_variation(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_squared_coefficient_of_variation",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::squared_coefficient_of_variation,
        )
    }
}

/// Roberto's divergence index (Roberto 2015, PySAL `MultiDivergence`): exactly the mutual
/// information index M, under PySAL's name.
///
/// ```text
/// D = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j)
/// ```
///
/// Returns the same bits as `bildung_seg_mutual_information`. Areas with no population are left out
/// (`n_empty`); groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Core: `bildung_core::segregation::divergence`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_divergence(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_divergence",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::divergence,
        )
    }
}

/// Shannon diversity (entropy) E of the overall group shares (Shannon-Index; PySAL
/// `MultiDiversity`).
///
/// ```text
/// E = -sum_j P_j ln P_j          (normalized = 0; nats)
/// E / ln J                        (normalized = 1; J = cols)
/// ```
///
/// Range `[0, ln J]`, normalised `[0, 1]`. Empty columns count in `J`; areas with no population are
/// left out (`n_empty`). Core: `bildung_core::segregation::shannon_diversity`. Under
/// `BILDUNG_NAN_PROPAGATE` a missing area gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `normalized`: 0 (the plain index) or 1 (normalised to `[0, 1]` by the maximum for `cols`
///   groups); other values are `BILDUNG_ERR_INVALID_PARAMETER`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory,
/// `normalized` not 0 or 1), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE` (an infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a
/// negative count), `BILDUNG_ERR_UNDEFINED` (total 0, or `normalized` with a single column).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_shannon_diversity(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    normalized: c_int,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_shannon_diversity",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            |c, nan| segregation::shannon_diversity(c, flag("normalized", normalized)?, nan),
        )
    }
}

/// Simpson interaction index I (Gini-Simpson-Index; PySAL `SimpsonsInteraction`): the probability
/// that two persons drawn at random (with replacement) belong to different groups.
///
/// ```text
/// I = sum_j P_j (1 - P_j)        (normalized = 0)
/// I / (1 - 1/J)                   (normalized = 1; J = cols)
/// ```
///
/// Range `[0, 1 - 1/J]`, normalised `[0, 1]`. Core:
/// `bildung_core::segregation::simpson_interaction`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `normalized`: 0 (the plain index) or 1 (normalised to `[0, 1]` by the maximum for `cols`
///   groups); other values are `BILDUNG_ERR_INVALID_PARAMETER`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory,
/// `normalized` not 0 or 1), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE` (an infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a
/// negative count), `BILDUNG_ERR_UNDEFINED` (total 0, or `normalized` with a single column).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_simpson_interaction(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    normalized: c_int,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_simpson_interaction",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            |c, nan| segregation::simpson_interaction(c, flag("normalized", normalized)?, nan),
        )
    }
}

/// Simpson concentration index (Herfindahl-Hirschman index of the group shares; PySAL
/// `SimpsonsConcentration`): the probability that two persons drawn at random (with replacement)
/// belong to the same group.
///
/// ```text
/// C = sum_j P_j^2  =  1 - I
/// ```
///
/// Range `[1/J, 1]` (`J` = `cols`); a single column is allowed. Core:
/// `bildung_core::segregation::simpson_concentration`. Under `BILDUNG_NAN_PROPAGATE` a missing area
/// gives NaN and `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used` (areas), `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `out` NULL),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under `BILDUNG_NAN_OMIT`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE` (an
/// infinite count, under every policy), `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (total 0). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` and a non-NULL `info` must be
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_simpson_concentration(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        table_scalar(
            "bildung_seg_simpson_concentration",
            counts,
            rows,
            cols,
            policy,
            out,
            info,
            segregation::simpson_concentration,
        )
    }
}

// ---- rank-order segregation ----

/// A rank-order index: check pointers, shape and policy, call `measure`, write the value, the
/// profile (if wanted) and `*info`.
///
/// # Safety
/// As for the exports.
#[allow(clippy::too_many_arguments)]
unsafe fn rank_order(
    name: &str,
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    thresholds_out: *mut f64,
    profile_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
    info: *mut bildung_info,
    measure: impl FnOnce(ArrayView2<'_, f64>, NanPolicy) -> Result<RankOrderSegregation, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let counts = unsafe { table_view(counts, rows, cols) }?;
        let out = required_out(out, "out")?;
        let thresholds_out = OutArray::new(thresholds_out, capacity, "thresholds_out")?;
        let profile_out = OutArray::new(profile_out, capacity, "profile_out")?;
        let r = measure(counts, nan_policy(policy)?)?;
        let len = r.thresholds.len();
        let wanted = !thresholds_out.is_null() || !profile_out.is_null();
        if wanted && len > capacity {
            // SAFETY: `len_out` is NULL or writable (caller contract).
            unsafe { write_optional(len_out, len) };
            return Err(Failure::buffer("thresholds_out/profile_out", capacity, len));
        }
        let summary = bildung_info::new(r.n_used, r.n_dropped, r.n_empty, r.flags);
        // SAFETY: non-NULL arrays hold `capacity >= len` doubles; the other outputs are NULL or
        // writable (caller contract).
        unsafe {
            thresholds_out.write(&r.thresholds);
            profile_out.write(&r.profile);
            out.write(r.value);
            write_optional(len_out, len);
            write_optional(info, summary);
        }
        Ok(())
    })
}

/// Rank-order information theory index H^R (Rangordnungs-Informationsindex; Reardon 2011, PySAL
/// `RankOrderInfoTheory`): Theil's two-group H averaged over all cut-offs of an ordered
/// variable, weighting each cut-off by the entropy of the split.
///
/// ```text
/// profile:  H(p_c) = two-group H of "groups 1..c" vs "groups c+1..J",  p_c = (N_1+...+N_c) / T
/// weight:   E(p) = -2 [p ln p + (1 - p) ln(1 - p)]
/// fit:      H(p) ~ beta_0 + ... + beta_d p^d,  d = min(4, J - 2),  WLS weights E(p_c)^2
/// index:    H^R = integral_0^1 E(p) H(p) dp
/// ```
///
/// Columns must be in order, lowest first. Needs at least three ordered groups with members;
/// empty categories are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). Under `BILDUNG_NAN_PROPAGATE` a missing value gives NaN, an
/// empty profile (`*len_out = 0`) and `BILDUNG_FLAG_MISSING_PROPAGATED`. Core:
/// `bildung_core::segregation::rank_order_information_theory`.
///
/// The profile (one point per cut-off, `J - 1 <= cols - 1` points) is optional: pass
/// `thresholds_out = profile_out = NULL, capacity = 0` to skip it. If an array is given and
/// `capacity` is below the number of points, only `*len_out` is written (the number needed) and
/// the status is `BILDUNG_ERR_BUFFER_SIZE`; `capacity = cols - 1` is always enough.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]`
///   = members of ordered group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of ordered groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the index.
/// - `thresholds_out`: an array of `capacity` doubles that receives the cumulative shares `p_c`
///   (NULL only when `capacity == 0`).
/// - `profile_out`: an array of `capacity` doubles that receives the two-group index at each
///   cut-off (NULL only when `capacity == 0`).
/// - `capacity`: the length of each non-NULL profile array.
/// - `len_out`: optional (may be NULL); receives the number of profile points.
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT` (`counts`
/// NULL with `rows * cols > 0`, `out` NULL, a profile array NULL with `capacity > 0`),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large for memory),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`,
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than three ordered groups with members, or no area with
/// population). Outputs are written only on `BILDUNG_OK` (and `*len_out` on
/// `BILDUNG_ERR_BUFFER_SIZE`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` must be writable; non-NULL
/// profile arrays must be writable for `capacity` doubles; non-NULL `len_out` and `info` must
/// be writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_seg_rank_order_information_theory(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    thresholds_out: *mut f64,
    profile_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        rank_order(
            "bildung_seg_rank_order_information_theory",
            counts,
            rows,
            cols,
            policy,
            out,
            thresholds_out,
            profile_out,
            capacity,
            len_out,
            info,
            segregation::rank_order_information_theory,
        )
    }
}

/// Rank-order variance ratio index R^R (Rangordnungs-Varianzquotient; Reardon 2011, PySAL
/// `RankOrderVarianceRatio`): the two-group variance ratio (eta^2) averaged over all cut-offs
/// of an ordered variable, weighting each cut-off by `4 p (1 - p)`.
///
/// ```text
/// profile:  R(p_c) = sum_i t_i (p_ic - p_c)^2 / (T p_c (1 - p_c)),  c = 1..J-1
/// weight:   I(p) = 4 p (1 - p)
/// fit:      R(p) ~ beta_0 + ... + beta_d p^d,  d = min(4, J - 2),  WLS weights I(p_c)^2
/// index:    R^R = integral_0^1 I(p) R(p) dp / integral_0^1 I(p) dp
/// ```
///
/// Edge cases, the optional profile and the buffer protocol as
/// `bildung_seg_rank_order_information_theory`. Core:
/// `bildung_core::segregation::rank_order_variance_ratio`.
///
/// # Parameters
/// As `bildung_seg_rank_order_information_theory`.
///
/// # Returns
/// As `bildung_seg_rank_order_information_theory`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `out` must be writable; non-NULL
/// profile arrays must be writable for `capacity` doubles; non-NULL `len_out` and `info` must
/// be writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_seg_rank_order_variance_ratio(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    thresholds_out: *mut f64,
    profile_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        rank_order(
            "bildung_seg_rank_order_variance_ratio",
            counts,
            rows,
            cols,
            policy,
            out,
            thresholds_out,
            profile_out,
            capacity,
            len_out,
            info,
            segregation::rank_order_variance_ratio,
        )
    }
}

// ---- local (per-area) indices ----

/// Local entropy (lokale Entropie; Reardon & O'Sullivan 2004; PySAL `MultiLocalEntropy`): the
/// diversity of each area.
///
/// ```text
/// E_i = -sum_j p_ij ln p_ij       (normalized = 0)
/// E_i / ln J                      (normalized = 1; J = cols, empty groups included)
/// ```
///
/// Range `[0, ln J]`, normalised `[0, 1]`. Core: `bildung_core::segregation::local_entropy`.
/// Missing values are handled area by area: under `BILDUNG_NAN_PROPAGATE` an area with a NaN count
/// gets NaN with status `BILDUNG_AREA_MISSING` and the other areas are computed
/// (`BILDUNG_FLAG_MISSING_PROPAGATED` is set; all areas missing gives all NaN); `BILDUNG_NAN_OMIT`
/// gives the same values without the flag. An area with no population gets NaN with status
/// `BILDUNG_AREA_EMPTY`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `normalized`: 0 (the plain index) or 1 (normalised to `[0, 1]` by the maximum for `cols`
///   groups); other values are `BILDUNG_ERR_INVALID_PARAMETER`.
/// - `values_out`: an array of `rows` doubles that receives one value per input row (NaN where the
///   status is not `BILDUNG_AREA_OK`); NULL only when `rows == 0`.
/// - `status_out`: optional (may be NULL); an array of `rows` bytes that receives
///   `BILDUNG_AREA_OK`, `BILDUNG_AREA_MISSING` or `BILDUNG_AREA_EMPTY` per input row.
/// - `info`: optional (may be NULL); receives `n_used` (areas with a value), `n_dropped`, `n_empty`
///   and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `values_out`
/// NULL with `rows > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too
/// large for memory, `normalized` not 0 or 1), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every
/// area missing under `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under
/// `BILDUNG_NAN_RAISE`), `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (no area with population, no group with members, or `normalized` with a
/// single column). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `values_out` must be writable for `rows`
/// doubles, a non-NULL `status_out` for `rows` bytes, a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_local_entropy(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    normalized: c_int,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        local_values(
            "bildung_seg_local_entropy",
            counts,
            rows,
            cols,
            policy,
            values_out,
            status_out,
            info,
            |c, nan| segregation::local_entropy(c, flag("normalized", normalized)?, nan),
        )
    }
}

/// Local Simpson interaction (lokaler Simpson-Index; PySAL `MultiLocalSimpsonInteraction`): the
/// probability that two persons drawn at random (with replacement) from the area belong to
/// different groups.
///
/// ```text
/// I_i = sum_j p_ij (1 - p_ij)  =  1 - sum_j p_ij^2
/// ```
///
/// Range `[0, 1 - 1/J]`. Core: `bildung_core::segregation::local_simpson_interaction`. Missing
/// values are handled area by area: under `BILDUNG_NAN_PROPAGATE` an area with a NaN count gets NaN
/// with status `BILDUNG_AREA_MISSING` and the other areas are computed
/// (`BILDUNG_FLAG_MISSING_PROPAGATED` is set; all areas missing gives all NaN); `BILDUNG_NAN_OMIT`
/// gives the same values without the flag. An area with no population gets NaN with status
/// `BILDUNG_AREA_EMPTY`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `values_out`: an array of `rows` doubles that receives one value per input row (NaN where the
///   status is not `BILDUNG_AREA_OK`); NULL only when `rows == 0`.
/// - `status_out`: optional (may be NULL); an array of `rows` bytes that receives
///   `BILDUNG_AREA_OK`, `BILDUNG_AREA_MISSING` or `BILDUNG_AREA_EMPTY` per input row.
/// - `info`: optional (may be NULL); receives `n_used` (areas with a value), `n_dropped`, `n_empty`
///   and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `values_out`
/// NULL with `rows > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too
/// large for memory), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (no area with population, or no group with members). Outputs are written
/// only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `values_out` must be writable for `rows`
/// doubles, a non-NULL `status_out` for `rows` bytes, a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_local_simpson_interaction(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        local_values(
            "bildung_seg_local_simpson_interaction",
            counts,
            rows,
            cols,
            policy,
            values_out,
            status_out,
            info,
            segregation::local_simpson_interaction,
        )
    }
}

/// Local Simpson concentration (lokale Simpson-Konzentration; PySAL
/// `MultiLocalSimpsonConcentration`): the probability that two persons drawn at random (with
/// replacement) from the area belong to the same group.
///
/// ```text
/// sum_j p_ij^2  =  1 - I_i
/// ```
///
/// Range `[1/J, 1]`. Core: `bildung_core::segregation::local_simpson_concentration`. Missing values
/// are handled area by area: under `BILDUNG_NAN_PROPAGATE` an area with a NaN count gets NaN with
/// status `BILDUNG_AREA_MISSING` and the other areas are computed
/// (`BILDUNG_FLAG_MISSING_PROPAGATED` is set; all areas missing gives all NaN); `BILDUNG_NAN_OMIT`
/// gives the same values without the flag. An area with no population gets NaN with status
/// `BILDUNG_AREA_EMPTY`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `values_out`: an array of `rows` doubles that receives one value per input row (NaN where the
///   status is not `BILDUNG_AREA_OK`); NULL only when `rows == 0`.
/// - `status_out`: optional (may be NULL); an array of `rows` bytes that receives
///   `BILDUNG_AREA_OK`, `BILDUNG_AREA_MISSING` or `BILDUNG_AREA_EMPTY` per input row.
/// - `info`: optional (may be NULL); receives `n_used` (areas with a value), `n_dropped`, `n_empty`
///   and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `values_out`
/// NULL with `rows > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too
/// large for memory), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (no area with population, or no group with members). Outputs are written
/// only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `values_out` must be writable for `rows`
/// doubles, a non-NULL `status_out` for `rows` bytes, a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_local_simpson_concentration(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        local_values(
            "bildung_seg_local_simpson_concentration",
            counts,
            rows,
            cols,
            policy,
            values_out,
            status_out,
            info,
            segregation::local_simpson_concentration,
        )
    }
}

/// Local segregation scores `ls_i` of the mutual information index (lokaler Segregationsbeitrag):
/// the Kullback-Leibler divergence of each area's group composition from the overall one, in nats.
///
/// ```text
/// ls_i = sum_j p_ij ln(p_ij / P_j)  >= 0,      M = sum_i (t_i / T) ls_i
/// ```
///
/// Groups with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`); one area gives 0
/// (`BILDUNG_FLAG_SINGLE_AREA`). The reference shares `P_j` are those of the areas with complete
/// counts. Core: `bildung_core::segregation::local_mutual_information`. Missing values are handled
/// area by area: under `BILDUNG_NAN_PROPAGATE` an area with a NaN count gets NaN with status
/// `BILDUNG_AREA_MISSING` and the other areas are computed (`BILDUNG_FLAG_MISSING_PROPAGATED` is
/// set; all areas missing gives all NaN); `BILDUNG_NAN_OMIT` gives the same values without the
/// flag. An area with no population gets NaN with status `BILDUNG_AREA_EMPTY`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]` =
///   members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`; an area with a
///   NaN count is missing.
/// - `values_out`: an array of `rows` doubles that receives one value per input row (NaN where the
///   status is not `BILDUNG_AREA_OK`); NULL only when `rows == 0`.
/// - `status_out`: optional (may be NULL); an array of `rows` bytes that receives
///   `BILDUNG_AREA_OK`, `BILDUNG_AREA_MISSING` or `BILDUNG_AREA_EMPTY` per input row.
/// - `info`: optional (may be NULL); receives `n_used` (areas with a value), `n_dropped`, `n_empty`
///   and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` NULL with `rows * cols > 0`, `values_out`
/// NULL with `rows > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too
/// large for memory), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (no area with population, or fewer than two groups with members).
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles; `values_out` must be writable for `rows`
/// doubles, a non-NULL `status_out` for `rows` bytes, a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_local_mutual_information(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        local_values(
            "bildung_seg_local_mutual_information",
            counts,
            rows,
            cols,
            policy,
            values_out,
            status_out,
            info,
            segregation::local_mutual_information,
        )
    }
}

/// Location quotients (Standortquotient; PySAL `MultiLocationQuotient`): the share of group `j`
/// in area `i` relative to its share in the whole population, one value per area and group.
///
/// ```text
/// LQ_ij = p_ij / P_j = (n_ij / t_i) / (N_j / T)
/// ```
///
/// Range `[0, 1/P_j]`: 1 where the area has the overall share; `sum_i (t_i / T) LQ_ij = 1` for
/// every group. Rows of areas with a missing count or no population are NaN (see `status_out`);
/// columns of groups with total 0 are NaN (`BILDUNG_FLAG_EMPTY_GROUPS`); with one area every
/// quotient is 1 (`BILDUNG_FLAG_SINGLE_AREA`). Missing values are handled area by area: under
/// `BILDUNG_NAN_PROPAGATE` an area with a NaN count gets a NaN row with status
/// `BILDUNG_AREA_MISSING` and the other areas are computed (`BILDUNG_FLAG_MISSING_PROPAGATED`);
/// the reference shares `P_j` are those of the areas with complete counts. Core:
/// `bildung_core::segregation::location_quotient`.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]`
///   = members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `values_out`: an array of `rows * cols` doubles that receives `LQ_ij` in row-major order
///   (`values_out[i * cols + j]`); NULL only when `rows * cols == 0`.
/// - `status_out`: optional (may be NULL); an array of `rows` bytes that receives
///   `BILDUNG_AREA_OK`, `BILDUNG_AREA_MISSING` or `BILDUNG_AREA_EMPTY` per input row.
/// - `info`: optional (may be NULL); receives `n_used` (areas with values), `n_dropped`,
///   `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`counts` or `values_out` NULL with
/// `rows * cols > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols` too large
/// for memory), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or every area missing under
/// `BILDUNG_NAN_OMIT`), `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (no area with population, or no group with members). Outputs are
/// written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable and `values_out` writable for `rows * cols` doubles; a non-NULL
/// `status_out` must be writable for `rows` bytes, a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_seg_location_quotient(
    counts: *const f64,
    rows: usize,
    cols: usize,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_seg_location_quotient", || {
        // SAFETY: forwarded caller contract.
        let counts = unsafe { table_view(counts, rows, cols) }?;
        // `table_view` checked that `rows * cols` does not overflow.
        let len = counts.len();
        let values_out = OutArray::new(values_out, len, "values_out")?;
        let status_out = optional_out(status_out, rows, "status_out")?;
        let lq = segregation::location_quotient(counts, nan_policy(policy)?)?;
        if lq.values.dim() != (rows, cols) || lq.status.len() != rows {
            return Err(Failure::buffer("values_out", len, lq.values.len()));
        }
        // logical (row-major) order, whatever the memory layout of the core array
        let values: Vec<f64> = lq.values.iter().copied().collect();
        let status: Vec<bildung_area_status> = lq.status.iter().map(|&s| area_status(s)).collect();
        let summary = bildung_info::new(lq.n_used, lq.n_dropped, lq.n_empty, lq.flags);
        // SAFETY: `values_out` holds `rows * cols` doubles, `status_out` `rows` bytes or is NULL,
        // `info` NULL or writable (caller contract).
        unsafe {
            values_out.write(&values);
            status_out.write(&status);
            write_optional(info, summary);
        }
        Ok(())
    })
}

// ---- decomposition by districts ----

/// M and H split into between- and within-district parts
/// (`bildung_seg_mutual_information_decomposition`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_seg_decomposition {
    /// M of the whole table (areas x groups).
    pub m_total: f64,
    /// M of the district x group table.
    pub m_between: f64,
    /// `sum_s (T_s / T) M_s`.
    pub m_within: f64,
    /// H of the whole table, `m_total / E`.
    pub h_total: f64,
    /// `m_between / E`.
    pub h_between: f64,
    /// `sum_s (T_s E_s / (T E)) H_s = m_within / E`.
    pub h_within: f64,
    /// Number of districts with used areas: the number of `bildung_seg_district_term` entries.
    pub n_districts: usize,
    /// Areas used.
    pub n_used: usize,
    /// Areas dropped for a missing count or a missing (negative) district code.
    pub n_dropped: usize,
    /// Areas with no population.
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*`.
    pub flags: bildung_flags,
}

/// One district's terms in a `bildung_seg_decomposition`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_seg_district_term {
    /// District code as given (>= 0).
    pub district: i64,
    /// Areas of the district that were used (with population, not missing).
    pub n_areas: usize,
    /// Population share `T_s / T`.
    pub population_share: f64,
    /// Entropy `E_s = -sum_j P_sj ln P_sj` of the district's group composition.
    pub entropy: f64,
    /// Mutual information `M_s` among the district's areas.
    pub m: f64,
    /// Theil's `H_s = M_s / E_s`; NaN when `E_s = 0` (its contribution is 0).
    pub h: f64,
    /// Contribution `(T_s / T) M_s` to `m_within`.
    pub m_contribution: f64,
    /// Contribution `(T_s / T) M_s / E` to `h_within`.
    pub h_contribution: f64,
}

impl From<&DistrictTerm> for bildung_seg_district_term {
    fn from(t: &DistrictTerm) -> bildung_seg_district_term {
        bildung_seg_district_term {
            district: t.district,
            n_areas: t.n_areas,
            population_share: t.population_share,
            entropy: t.entropy,
            m: t.m,
            h: t.h,
            m_contribution: t.m_contribution,
            h_contribution: t.h_contribution,
        }
    }
}

impl From<&MutualInformationDecomposition> for bildung_seg_decomposition {
    fn from(d: &MutualInformationDecomposition) -> bildung_seg_decomposition {
        bildung_seg_decomposition {
            m_total: d.m_total,
            m_between: d.m_between,
            m_within: d.m_within,
            h_total: d.h_total,
            h_between: d.h_between,
            h_within: d.h_within,
            n_districts: d.districts.len(),
            n_used: d.n_used,
            n_dropped: d.n_dropped,
            n_empty: d.n_empty,
            flags: d.flags.bits(),
        }
    }
}

/// Decompose the mutual information index M and Theil's H by districts (Zerlegung der
/// Segregation in einen Anteil zwischen und innerhalb von Bezirken).
///
/// ```text
/// M = M_between + sum_s (T_s / T) M_s
/// H = H_between + sum_s (T_s E_s / (T E)) H_s,    H = M / E,  H_s = M_s / E_s
/// ```
///
/// `M_between` is M of the district x group table; `M_s` is M among the areas of district `s`.
/// `m_total`/`h_total` are computed directly from the table, so `m_between + m_within` equals
/// `m_total` up to rounding. A negative district code is a missing value, like a NaN count
/// (under `BILDUNG_NAN_RAISE` an error naming `districts`, under `BILDUNG_NAN_OMIT` the area is
/// dropped, under `BILDUNG_NAN_PROPAGATE` every value is NaN, no districts and
/// `BILDUNG_FLAG_MISSING_PROPAGATED`). Areas with no population are dropped (`n_empty`); groups
/// with total 0 are left out (`BILDUNG_FLAG_EMPTY_GROUPS`). Core:
/// `bildung_core::segregation::mutual_information_decomposition`.
///
/// If `terms_out` is not NULL and `terms_capacity` is below the number of districts, only
/// `out->n_districts` is written (the number needed) and the status is
/// `BILDUNG_ERR_BUFFER_SIZE`: allocate that many terms and call again. At most `rows` districts
/// exist, so `terms_capacity = rows` is always enough; pass `terms_out = NULL, terms_capacity = 0`
/// to skip the terms.
///
/// # Parameters
/// - `counts`: the count table, `rows x cols` doubles in row-major order (`counts[i * cols + j]`
///   = members of group `j` in area `i`); NULL only when `rows * cols == 0`.
/// - `rows`: number of areas.
/// - `cols`: number of groups.
/// - `districts`: `rows` district codes, one per area (NULL only when `rows == 0`); negative =
///   missing.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the summary.
/// - `terms_out`: NULL (only with `terms_capacity == 0`) or an array of `terms_capacity` terms
///   that receives one term per district, ordered by district code.
/// - `terms_capacity`: the length of `terms_out`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT` (`counts`
/// NULL with `rows * cols > 0`, `districts` NULL with `rows > 0`, `out` NULL, `terms_out` NULL
/// with `terms_capacity > 0`), `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `rows * cols`
/// too large for memory), `BILDUNG_ERR_EMPTY_INPUT` (`rows == 0`, or none left after omitting),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN count or negative district code under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative count),
/// `BILDUNG_ERR_UNDEFINED` (fewer than two groups with members, or no area with population).
/// Outputs are written only on `BILDUNG_OK` (and `out->n_districts` on
/// `BILDUNG_ERR_BUFFER_SIZE`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `counts` must be readable for `rows * cols` doubles and `districts` for `rows` integers;
/// `out` must be writable; a non-NULL `terms_out` must be writable for `terms_capacity` terms.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_seg_mutual_information_decomposition(
    counts: *const f64,
    rows: usize,
    cols: usize,
    districts: *const i64,
    policy: bildung_nan_policy,
    out: *mut bildung_seg_decomposition,
    terms_out: *mut bildung_seg_district_term,
    terms_capacity: usize,
) -> bildung_status {
    guard("bildung_seg_mutual_information_decomposition", || {
        // SAFETY: forwarded caller contract.
        let counts = unsafe { table_view(counts, rows, cols) }?;
        // SAFETY: forwarded caller contract.
        let districts = ArrayView1::from(unsafe { input(districts, rows, "districts") }?);
        let out = required_out(out, "out")?;
        let terms_out = OutArray::new(terms_out, terms_capacity, "terms_out")?;
        let d =
            segregation::mutual_information_decomposition(counts, districts, nan_policy(policy)?)?;
        let k = d.districts.len();
        if !terms_out.is_null() && k > terms_out.capacity() {
            // SAFETY: `out` is non-NULL and writable; only the one field is written.
            unsafe { (&raw mut (*out.as_ptr()).n_districts).write(k) };
            return Err(Failure::buffer("terms_out", terms_out.capacity(), k));
        }
        let terms: Vec<bildung_seg_district_term> = d.districts.iter().map(Into::into).collect();
        // SAFETY: `terms_out` holds `capacity >= k` terms or is NULL; `out` is writable.
        unsafe {
            terms_out.write(&terms);
            out.write(bildung_seg_decomposition::from(&d));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(BILDUNG_AREA_OK, AreaStatus::Ok as u8);
        assert_eq!(BILDUNG_AREA_MISSING, AreaStatus::Missing as u8);
        assert_eq!(BILDUNG_AREA_EMPTY, AreaStatus::Empty as u8);
        for s in [AreaStatus::Ok, AreaStatus::Missing, AreaStatus::Empty] {
            assert_eq!(area_status(s), s as u8);
        }
        assert_eq!(
            null_index(BILDUNG_NULL_INDEX_DISSIMILARITY).unwrap(),
            NullIndex::Dissimilarity
        );
        assert_eq!(
            null_index(BILDUNG_NULL_INDEX_ENTROPY_INDEX).unwrap(),
            NullIndex::EntropyIndex
        );
        assert_eq!(
            null_index(BILDUNG_NULL_INDEX_CORRELATION_RATIO).unwrap(),
            NullIndex::CorrelationRatio
        );
        assert!(null_index(3).is_err());
        assert!(flag("normalized", 0).is_ok_and(|b| !b));
        assert!(flag("normalized", 1).is_ok_and(|b| b));
        assert!(flag("normalized", 2).is_err());
        assert!(flag("normalized", -1).is_err());
    }

    #[test]
    fn table_shapes() {
        let data = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let v = unsafe { table_view(data.as_ptr(), 2, 3) }.unwrap();
        assert_eq!(v.dim(), (2, 3));
        assert_eq!(v[(1, 0)], 4.0);
        let e = unsafe { table_view(std::ptr::null(), 0, 5) }.unwrap();
        assert_eq!(e.dim(), (0, 5));
        assert!(unsafe { table_view(std::ptr::null(), 2, 3) }.is_err());
        assert!(unsafe { table_view(data.as_ptr(), usize::MAX, 2) }.is_err());
        assert!(unsafe { table_view(data.as_ptr(), usize::MAX / 8, 2) }.is_err());
    }
}
