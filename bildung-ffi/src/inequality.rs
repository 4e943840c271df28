//! Inequality measures (`bildung_core::inequality`) for C.
//!
//! Every export has the same shape, factored into three helpers: [`scalar`] for the measures that
//! return one number, [`bildung_lorenz_curve`] for the curve and [`decomposition`] for the two
//! decompositions. Each checks the pointers, converts the option integers, calls one core function
//! and writes the outputs only on success.

use std::ptr::NonNull;

use bildung_core::inequality::{self, GeDecomposition, GiniDecomposition, GroupTerm};
use bildung_core::{Error, Estimate, NanPolicy};
use ndarray::ArrayView1;

use crate::guard::{Failure, OutArray, guard, input, optional_input, required_out, write_optional};
use crate::options::{
    bildung_flags, bildung_gini_correction, bildung_info, bildung_nan_policy,
    bildung_quantile_rule, bildung_variance_form, gini_correction, nan_policy, quantile_rule,
    variance_form, write_estimate,
};
use crate::status::bildung_status;

/// The values and optional weights of a measure as core views.
type Views<'a> = (ArrayView1<'a, f64>, Option<ArrayView1<'a, f64>>);

/// `x` (NULL only with `n == 0`) and optional `weights` (NULL = unweighted) as views.
///
/// # Safety
/// Non-NULL pointers must be valid for reads of `n` doubles while the views live.
unsafe fn views<'a>(x: *const f64, weights: *const f64, n: usize) -> Result<Views<'a>, Failure> {
    // SAFETY: forwarded caller contract.
    let x = unsafe { input(x, n, "x") }?;
    // SAFETY: forwarded caller contract.
    let w = unsafe { optional_input(weights, n) };
    Ok((ArrayView1::from(x), w.map(ArrayView1::from)))
}

/// A scalar measure: check pointers and policy, call `measure`, write `*out` and `*info`.
///
/// # Safety
/// As for the exports: `x`/`weights` readable for `n` doubles, `out`/`info` NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn scalar(
    name: &str,
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
    measure: impl FnOnce(
        ArrayView1<'_, f64>,
        Option<ArrayView1<'_, f64>>,
        NanPolicy,
    ) -> Result<Estimate, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let (x, w) = unsafe { views(x, weights, n) }?;
        let out = required_out(out, "out")?;
        let estimate = measure(x, w, nan_policy(policy)?)?;
        // SAFETY: `out` is non-NULL and writable, `info` NULL or writable (caller contract).
        unsafe { write_estimate(out, info, &estimate) };
        Ok(())
    })
}

/// Gini coefficient: `G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)`, optionally times
/// `n/(n-1)` or `W/(W-1)`.
///
/// Range `[0, 1 - w_min/W]`; one unit gives 0.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `correction`: `BILDUNG_GINI_CORRECTION_NONE`, `_UNITS` (`n/(n-1)`) or `_FREQUENCY`
///   (`W/(W-1)`, needs weights).
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE` (NaN under `BILDUNG_NAN_RAISE`),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE` (values or weights),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy` or `correction`, frequency correction without
/// weights or with `W <= 1`), `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, `_UNITS`
/// with one unit). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_gini(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    correction: bildung_gini_correction,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_gini",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::gini(x, w, gini_correction(correction)?, nan),
        )
    }
}

/// Hoover (Robin Hood, Pietra) index: `H = sum_i w_i |x_i - mu| / (2 W mu)`.
///
/// The share of the total that would have to move between units to reach equality.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0). Outputs are written only on
/// `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_hoover(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_hoover",
            x,
            weights,
            n,
            policy,
            out,
            info,
            inequality::hoover,
        )
    }
}

/// Theil index T = GE(1): `T = sum_i v_i s_i ln s_i`, `s_i = x_i / mu`, `v_i = w_i / W`,
/// `0 ln 0 = 0`.
///
/// Range `[0, ln n]` for `n` equally weighted units.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0). Outputs are written only on
/// `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_theil(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_theil",
            x,
            weights,
            n,
            policy,
            out,
            info,
            inequality::theil,
        )
    }
}

/// Mean log deviation MLD = GE(0): `MLD = - sum_i v_i ln s_i`, `s_i = x_i / mu`, `v_i = w_i / W`.
///
/// Any zero value makes it infinite: `BILDUNG_ERR_UNDEFINED`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (a zero value, all values 0, total weight 0). Outputs are written only
/// on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_mean_log_deviation(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_mean_log_deviation",
            x,
            weights,
            n,
            policy,
            out,
            info,
            inequality::mean_log_deviation,
        )
    }
}

/// Generalised entropy index: `GE(alpha) = 1/(alpha(alpha-1)) sum_i v_i (s_i^alpha - 1)`,
/// `s_i = x_i / mu`, `v_i = w_i / W` (GE(1) = Theil T, GE(0) = MLD, GE(2) = CV^2/2).
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `alpha`: the sensitivity parameter, any finite real.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, non-finite
/// `alpha`), `BILDUNG_ERR_UNDEFINED` (a zero value with `alpha <= 0`, all values 0, total weight
/// 0, overflow). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_generalized_entropy(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    alpha: f64,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_generalized_entropy",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::generalized_entropy(x, w, alpha, nan),
        )
    }
}

/// Atkinson index: `A(eps) = 1 - [sum_i v_i s_i^(1-eps)]^(1/(1-eps))`, `A(1) = 1 - exp(sum_i v_i
/// ln s_i)`, `s_i = x_i / mu`, `v_i = w_i / W`.
///
/// Range `[0, 1]`. Zero values with `epsilon >= 1` give 1, flagged `BILDUNG_FLAG_ZERO_VALUES`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `epsilon`: the inequality aversion, finite and >= 0.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, `epsilon < 0`
/// or non-finite), `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0). Outputs are written
/// only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_atkinson(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    epsilon: f64,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_atkinson",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::atkinson(x, w, epsilon, nan),
        )
    }
}

/// Coefficient of variation: `CV = sigma / mu`, `sigma^2 = sum_i (w_i / W)(x_i - mu)^2`
/// (population form) or that times `n/(n-1)` (sample form).
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `form`: `BILDUNG_VARIANCE_POPULATION` or `BILDUNG_VARIANCE_SAMPLE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy` or `form`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, sample form with one unit). Outputs are
/// written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_coefficient_of_variation(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    form: bildung_variance_form,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_coefficient_of_variation",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::coefficient_of_variation(x, w, variance_form(form)?, nan),
        )
    }
}

/// Palma ratio: `(1 - L(0.9)) / L(0.4)`, the top 10 % share over the bottom 40 % share, `L` the
/// Lorenz curve interpolated linearly.
///
/// Range `[0.25, inf)`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, `L(0.4) = 0`). Outputs are written only
/// on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_palma(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_palma",
            x,
            weights,
            n,
            policy,
            out,
            info,
            inequality::palma,
        )
    }
}

/// Quintile share ratio: `S80/S20 = (1 - L(0.8)) / L(0.2)`, `L` the Lorenz curve interpolated
/// linearly.
///
/// Range `[1, inf)`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, `L(0.2) = 0`). Outputs are written only
/// on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_s80_s20(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_s80_s20",
            x,
            weights,
            n,
            policy,
            out,
            info,
            inequality::s80_s20,
        )
    }
}

/// Sample quantile `Q(p)` by Hyndman-Fan type `rule`; type 7 (`BILDUNG_QUANTILE_LINEAR`):
/// `h = (n-1) p + 1`, `Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h))`.
///
/// With weights, `n` is the total weight and `x_(j)` the value at expanded position `j`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `p`: the probability, in `[0, 1]`.
/// - `rule`: the Hyndman-Fan type 1..=9 (`BILDUNG_QUANTILE_*`).
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy` or `rule`, `p`
/// outside `[0, 1]`), `BILDUNG_ERR_UNDEFINED` (total weight 0). Outputs are written only on
/// `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_quantile(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    p: f64,
    rule: bildung_quantile_rule,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_quantile",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::quantile(x, w, p, quantile_rule(rule)?, nan),
        )
    }
}

/// Quantiles at several probabilities from one sort: `out[k] = Q(p[k])`, each as in
/// `bildung_quantile`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `p`: `n_p` probabilities in `[0, 1]` (NULL only when `n_p == 0`).
/// - `n_p`: number of probabilities.
/// - `rule`: the Hyndman-Fan type 1..=9 (`BILDUNG_QUANTILE_*`).
/// - `out`: receives `n_p` values (all NaN when a missing value was propagated); NULL only when
///   `n_p == 0`.
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// As `bildung_quantile`; any `p[k]` outside `[0, 1]` is `BILDUNG_ERR_INVALID_PARAMETER`.
/// Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles, `p` for `n_p` doubles; `out`
/// must be writable for `n_p` doubles and a non-NULL `info` for one `bildung_info`.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_quantiles(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    p: *const f64,
    n_p: usize,
    rule: bildung_quantile_rule,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_quantiles", || {
        // SAFETY: forwarded caller contract.
        let (x, w) = unsafe { views(x, weights, n) }?;
        // SAFETY: forwarded caller contract.
        let p = ArrayView1::from(unsafe { input(p, n_p, "p") }?);
        let out = OutArray::new(out, n_p, "out")?;
        let q = inequality::quantiles(x, w, p, quantile_rule(rule)?, nan_policy(policy)?)?;
        let summary = bildung_info::new(q.n_used, q.n_dropped, q.n_empty, q.flags);
        // SAFETY: `out` holds `n_p` doubles (caller contract), `q.values` has `n_p` values.
        unsafe {
            out.write(&q.values);
            write_optional(info, summary);
        }
        Ok(())
    })
}

/// Percentile ratio: `Q(upper) / Q(lower)`, e.g. P90/P10 with `upper = 0.9`, `lower = 0.1`,
/// `Q` by Hyndman-Fan type `rule`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `upper`, `lower`: probabilities in `[0, 1]` with `lower < upper`.
/// - `rule`: the Hyndman-Fan type 1..=9 (`BILDUNG_QUANTILE_*`).
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy` or `rule`,
/// probabilities outside `[0, 1]`, `lower >= upper`), `BILDUNG_ERR_UNDEFINED` (`Q(lower) = 0`,
/// total weight 0). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_percentile_ratio(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    upper: f64,
    lower: f64,
    rule: bildung_quantile_rule,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_percentile_ratio",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::percentile_ratio(x, w, upper, lower, quantile_rule(rule)?, nan),
        )
    }
}

/// Wolfson polarisation index: `W = 2 (2 T - G) mu / m`, `T = 0.5 - L(0.5)`, `G` the Gini
/// coefficient, `m` the median by Hyndman-Fan type `rule`.
///
/// Range `[0, 1]` (Wolfson's definition; PySAL's values are half of these).
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `rule`: the Hyndman-Fan type 1..=9 of the median (`BILDUNG_QUANTILE_*`).
/// - `out`: receives the value (NaN when a missing value was propagated).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL with `n > 0`, `out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy` or `rule`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, median 0). Outputs are written only on
/// `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; `out` and a non-NULL `info`
/// must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_wolfson(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    rule: bildung_quantile_rule,
    out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        scalar(
            "bildung_wolfson",
            x,
            weights,
            n,
            policy,
            out,
            info,
            |x, w, nan| inequality::wolfson(x, w, quantile_rule(rule)?, nan),
        )
    }
}

/// Lorenz curve points: sort ascending, `p_k = C_k / W`, `L_k = sum_{j<=k} w_j x_j / S`, starting
/// at `(0, 0)` and ending at `(1, 1)`; tied values are merged into one point.
///
/// The curve has at most `n + 1` points, so `capacity = n + 1` is always enough. If `capacity` is
/// smaller than the number of points, nothing but `*len_out` is written: it receives the needed
/// length and the status is `BILDUNG_ERR_BUFFER_SIZE`, so the caller can allocate and call again
/// (as with snprintf; `capacity = 0` with NULL arrays is a pure size query). Under
/// `BILDUNG_NAN_PROPAGATE` a missing value gives an empty curve (`*len_out = 0`) flagged
/// `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `population_share_out`, `value_share_out`: arrays of `capacity` doubles (NULL only when
///   `capacity == 0`) that receive `p_k` and `L_k`.
/// - `capacity`: the length of each of the two arrays.
/// - `len_out`: receives the number of points written (or needed).
/// - `info`: optional (may be NULL); receives `n_used`, `n_dropped`, `n_empty` and `flags`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT` (`x` NULL
/// with `n > 0`, an output array NULL with `capacity > 0`, `len_out` NULL),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0). Outputs are written only on
/// `BILDUNG_OK` (and `*len_out` on `BILDUNG_ERR_BUFFER_SIZE`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x` and a non-NULL `weights` must be readable for `n` doubles; non-NULL output arrays must be
/// writable for `capacity` doubles; `len_out` and a non-NULL `info` must be writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_lorenz_curve(
    x: *const f64,
    weights: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    population_share_out: *mut f64,
    value_share_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_lorenz_curve", || {
        // SAFETY: forwarded caller contract.
        let (x, w) = unsafe { views(x, weights, n) }?;
        let p_out = OutArray::new(population_share_out, capacity, "population_share_out")?;
        let l_out = OutArray::new(value_share_out, capacity, "value_share_out")?;
        let len_out = required_out(len_out, "len_out")?;
        let curve = inequality::lorenz_curve(x, w, nan_policy(policy)?)?;
        let len = curve.population_share.len();
        if len > capacity {
            // SAFETY: `len_out` is non-NULL and writable (caller contract).
            unsafe { len_out.write(len) };
            return Err(Failure::buffer(
                "population_share_out/value_share_out",
                capacity,
                len,
            ));
        }
        let summary = bildung_info::new(curve.n_used, curve.n_dropped, curve.n_empty, curve.flags);
        // SAFETY: arrays hold `capacity >= len` doubles, the rest is writable (caller contract).
        unsafe {
            p_out.write(&curve.population_share);
            l_out.write(&curve.value_share);
            len_out.write(len);
            write_optional(info, summary);
        }
        Ok(())
    })
}

/// Summary of a decomposition by groups.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_decomposition {
    /// The index of all units.
    pub total: f64,
    /// The within-group term.
    pub within: f64,
    /// The between-group term (the index with every unit given its group mean).
    pub between: f64,
    /// Gini only: `total - within - between` (overlap / re-ranking, >= 0); NaN for GE.
    pub overlap: f64,
    /// Number of groups (of the used units): the number of `bildung_group_term` entries.
    pub n_groups: usize,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing under `BILDUNG_NAN_OMIT`.
    pub n_dropped: usize,
    /// Units left out for weight 0.
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*`.
    pub flags: bildung_flags,
}

/// One group's part in a decomposition.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_group_term {
    /// The group code as given (>= 0).
    pub group: i64,
    /// Units of the group used.
    pub n: usize,
    /// Population share `v_g = W_g / W`.
    pub population_share: f64,
    /// Share of the total `s_g = S_g / S`.
    pub value_share: f64,
    /// Group mean `mu_g = S_g / W_g`.
    pub mean: f64,
    /// The inequality within the group (GE_g or Gini_g); NaN when the group total is 0.
    pub inequality: f64,
    /// The group's contribution to the within term.
    pub contribution: f64,
}

impl From<&GroupTerm> for bildung_group_term {
    fn from(t: &GroupTerm) -> bildung_group_term {
        bildung_group_term {
            group: t.group,
            n: t.n,
            population_share: t.population_share,
            value_share: t.value_share,
            mean: t.mean,
            inequality: t.inequality,
            contribution: t.contribution,
        }
    }
}

/// A core decomposition in C form.
struct Decomposition {
    summary: bildung_decomposition,
    terms: Vec<GroupTerm>,
}

impl Decomposition {
    #[allow(clippy::too_many_arguments)]
    fn new(
        total: f64,
        within: f64,
        between: f64,
        overlap: f64,
        terms: Vec<GroupTerm>,
        info: bildung_info,
    ) -> Decomposition {
        Decomposition {
            summary: bildung_decomposition {
                total,
                within,
                between,
                overlap,
                n_groups: terms.len(),
                n_used: info.n_used,
                n_dropped: info.n_dropped,
                n_empty: info.n_empty,
                flags: info.flags,
            },
            terms,
        }
    }
}

impl From<GeDecomposition> for Decomposition {
    fn from(d: GeDecomposition) -> Decomposition {
        Decomposition::new(
            d.total,
            d.within,
            d.between,
            f64::NAN,
            d.groups,
            bildung_info::new(d.n_used, d.n_dropped, d.n_empty, d.flags),
        )
    }
}

impl From<GiniDecomposition> for Decomposition {
    fn from(d: GiniDecomposition) -> Decomposition {
        Decomposition::new(
            d.total,
            d.within,
            d.between,
            d.overlap,
            d.groups,
            bildung_info::new(d.n_used, d.n_dropped, d.n_empty, d.flags),
        )
    }
}

/// A decomposition: check pointers and policy, call `measure`, write `*out` and the terms.
///
/// # Safety
/// As for the exports.
#[allow(clippy::too_many_arguments)]
unsafe fn decomposition(
    name: &str,
    x: *const f64,
    weights: *const f64,
    groups: *const i64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut bildung_decomposition,
    terms_out: *mut bildung_group_term,
    terms_capacity: usize,
    measure: impl FnOnce(
        ArrayView1<'_, f64>,
        Option<ArrayView1<'_, f64>>,
        ArrayView1<'_, i64>,
        NanPolicy,
    ) -> Result<Decomposition, Error>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let (x, w) = unsafe { views(x, weights, n) }?;
        // SAFETY: forwarded caller contract.
        let g = ArrayView1::from(unsafe { input(groups, n, "groups") }?);
        let out: NonNull<bildung_decomposition> = required_out(out, "out")?;
        let terms_out = OutArray::new(terms_out, terms_capacity, "terms_out")?;
        let d = measure(x, w, g, nan_policy(policy)?)?;
        let k = d.terms.len();
        if !terms_out.is_null() && k > terms_out.capacity() {
            // SAFETY: `out` is non-NULL and writable; only the one field is written.
            unsafe { (&raw mut (*out.as_ptr()).n_groups).write(k) };
            return Err(Failure::buffer("terms_out", terms_out.capacity(), k));
        }
        let terms: Vec<bildung_group_term> = d.terms.iter().map(Into::into).collect();
        // SAFETY: `terms_out` holds `capacity >= k` terms or is NULL; `out` is writable.
        unsafe {
            terms_out.write(&terms);
            out.write(d.summary);
        }
        Ok(())
    })
}

/// Exact decomposition of GE(alpha) by groups (Shorrocks 1980):
/// `GE(alpha) = sum_g v_g^(1-alpha) s_g^alpha GE_g(alpha) + GE_between(alpha)`,
/// `v_g = W_g / W`, `s_g = S_g / S`.
///
/// `out->overlap` is NaN. If `terms_out` is not NULL and `terms_capacity` is below the number of
/// groups, only `out->n_groups` is written (the number needed) and the status is
/// `BILDUNG_ERR_BUFFER_SIZE`: allocate that many terms and call again. At most `n` groups exist,
/// so `terms_capacity = n` is always enough; pass `terms_out = NULL, terms_capacity = 0` to skip
/// the terms. Under `BILDUNG_NAN_PROPAGATE` a missing value gives NaN totals, no groups and
/// `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `groups`: `n` group codes (NULL only when `n == 0`); a negative code is a missing group,
///   handled by `policy` like a NaN.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `alpha`: the sensitivity parameter, any finite real.
/// - `out`: receives the summary.
/// - `terms_out`: NULL (only with `terms_capacity == 0`) or an array of `terms_capacity` terms
///   that receives one term per group, ordered by group code.
/// - `terms_capacity`: the length of `terms_out`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT` (`x` or
/// `groups` NULL with `n > 0`, `out` NULL, `terms_out` NULL with `terms_capacity > 0`),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`, non-finite
/// `alpha`), `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0, a zero value with
/// `alpha <= 0`). Outputs are written only on `BILDUNG_OK` (and `out->n_groups` on
/// `BILDUNG_ERR_BUFFER_SIZE`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x`, a non-NULL `weights` and `groups` must be readable for `n` elements; `out` must be
/// writable; a non-NULL `terms_out` must be writable for `terms_capacity` terms.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_ge_decomposition(
    x: *const f64,
    weights: *const f64,
    groups: *const i64,
    n: usize,
    policy: bildung_nan_policy,
    alpha: f64,
    out: *mut bildung_decomposition,
    terms_out: *mut bildung_group_term,
    terms_capacity: usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        decomposition(
            "bildung_ge_decomposition",
            x,
            weights,
            groups,
            n,
            policy,
            out,
            terms_out,
            terms_capacity,
            |x, w, g, nan| inequality::ge_decomposition(x, w, g, alpha, nan).map(Into::into),
        )
    }
}

/// Decomposition of the Gini coefficient by groups (Pyatt 1976; Lambert & Aronson 1993):
/// `G = sum_g v_g s_g G_g + G_between + overlap`, `v_g = W_g / W`, `s_g = S_g / S`.
///
/// The overlap (re-ranking) term is 0 only when the group ranges do not overlap; never read
/// `within + between` as the total. If `terms_out` is not NULL and `terms_capacity` is below the
/// number of groups, only `out->n_groups` is written (the number needed) and the status is
/// `BILDUNG_ERR_BUFFER_SIZE`: allocate that many terms and call again. At most `n` groups exist,
/// so `terms_capacity = n` is always enough; pass `terms_out = NULL, terms_capacity = 0` to skip
/// the terms. Under `BILDUNG_NAN_PROPAGATE` a missing value gives NaN totals, no groups and
/// `BILDUNG_FLAG_MISSING_PROPAGATED`.
///
/// # Parameters
/// - `x`: `n` values >= 0 (NULL only when `n == 0`).
/// - `weights`: NULL (unweighted) or `n` frequency weights >= 0; a unit of weight 0 is ignored.
/// - `groups`: `n` group codes (NULL only when `n == 0`); a negative code is a missing group,
///   handled by `policy` like a NaN.
/// - `n`: number of units.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `out`: receives the summary.
/// - `terms_out`: NULL (only with `terms_capacity == 0`) or an array of `terms_capacity` terms
///   that receives one term per group, ordered by group code.
/// - `terms_capacity`: the length of `terms_out`.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT` (`x` or
/// `groups` NULL with `n > 0`, `out` NULL, `terms_out` NULL with `terms_capacity > 0`),
/// `BILDUNG_ERR_EMPTY_INPUT`, `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown `policy`),
/// `BILDUNG_ERR_UNDEFINED` (all values 0, total weight 0). Outputs are written only on
/// `BILDUNG_OK` (and `out->n_groups` on `BILDUNG_ERR_BUFFER_SIZE`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `x`, a non-NULL `weights` and `groups` must be readable for `n` elements; `out` must be
/// writable; a non-NULL `terms_out` must be writable for `terms_capacity` terms.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_gini_decomposition(
    x: *const f64,
    weights: *const f64,
    groups: *const i64,
    n: usize,
    policy: bildung_nan_policy,
    out: *mut bildung_decomposition,
    terms_out: *mut bildung_group_term,
    terms_capacity: usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        decomposition(
            "bildung_gini_decomposition",
            x,
            weights,
            groups,
            n,
            policy,
            out,
            terms_out,
            terms_capacity,
            |x, w, g, nan| inequality::gini_decomposition(x, w, g, nan).map(Into::into),
        )
    }
}
