//! Rates and intervals per area (`bildung_core::rates`) for C: `bildung_rates_<name>`.
//!
//! Per-area inputs are `const double *` arrays of length `n` (one entry per area); strata tables
//! are `const double *` of `areas * strata` doubles in row-major order (one row per area).
//! Results go into caller-allocated per-area buffers of `n` (or `areas`) elements: numbers as
//! `double`, indicators (`clamped`, `few_events`) as `uint8_t` 0/1 and the area status as
//! `bildung_area_status` (`BILDUNG_AREA_OK`, `_MISSING`, `_EMPTY`, `_UNDEFINED`). The estimate
//! and limit buffers are required (NULL only when `n == 0`); the other buffers are optional (NULL
//! = not wanted). Methods are integer constants (`BILDUNG_PROPORTION_*`, `BILDUNG_POISSON_*`,
//! `BILDUNG_DSR_*`), like every option of this API: an unknown value is
//! `BILDUNG_ERR_INVALID_PARAMETER`, never undefined behaviour. As everywhere, outputs are written
//! only on success and no arithmetic happens here.

use bildung_core::rates::{
    self, DirectParams, DsrMethod, IndirectParams, Intervals, PoissonMethod, ProportionMethod,
};
use bildung_core::{AreaStatus, Error};
use ndarray::ArrayView1;

use crate::guard::{
    Failure, OutArray, guard, input, optional_input, optional_out, table_input, write_optional,
};
use crate::options::{bildung_info, bildung_nan_policy, nan_policy};
use crate::segregation::{area_status, bildung_area_status};
use crate::status::bildung_status;

/// The interval of a proportion: one of the `BILDUNG_PROPORTION_*` constants.
pub type bildung_proportion_method = u32;

/// Wilson score interval (the default for small areas).
pub const BILDUNG_PROPORTION_WILSON: bildung_proportion_method = 0;
/// Clopper-Pearson "exact" interval (conservative).
pub const BILDUNG_PROPORTION_CLOPPER_PEARSON: bildung_proportion_method = 1;
/// Agresti-Coull interval, clamped to [0, 1] (clamped areas are marked).
pub const BILDUNG_PROPORTION_AGRESTI_COULL: bildung_proportion_method = 2;
/// Jeffreys interval with the Brown-Cai-DasGupta boundary limits (0 at x = 0, 1 at x = n).
pub const BILDUNG_PROPORTION_JEFFREYS: bildung_proportion_method = 3;
/// Wald interval, clamped to [0, 1]: not recommended, for comparison with legacy reports only.
pub const BILDUNG_PROPORTION_WALD: bildung_proportion_method = 4;

/// The Poisson limits of a count: one of the `BILDUNG_POISSON_*` constants.
pub type bildung_poisson_method = u32;

/// Exact limits (Garwood 1936): the default.
pub const BILDUNG_POISSON_EXACT: bildung_poisson_method = 0;
/// Byar's approximation.
pub const BILDUNG_POISSON_BYAR: bildung_poisson_method = 1;

/// The interval of a directly standardised rate: one of the `BILDUNG_DSR_*` constants.
pub type bildung_dsr_method = u32;

/// Dobson et al. (1991) with exact Poisson limits of the total count: the default.
pub const BILDUNG_DSR_DOBSON: bildung_dsr_method = 0;
/// Dobson et al. (1991) with Byar's limits of the total count (as UKHSA).
pub const BILDUNG_DSR_DOBSON_BYAR: bildung_dsr_method = 1;
/// Fay & Feuer (1997) gamma interval (defined also without events).
pub const BILDUNG_DSR_FAY_FEUER: bildung_dsr_method = 2;

/// Options of `bildung_rates_direct_standardised_rate`; start from
/// `bildung_dsr_params_default()` so that fields added later get their defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_dsr_params {
    /// `BILDUNG_DSR_DOBSON` (default), `BILDUNG_DSR_DOBSON_BYAR` or `BILDUNG_DSR_FAY_FEUER`.
    pub method: bildung_dsr_method,
    /// Confidence level in (0, 1); default 0.95.
    pub level: f64,
    /// Rates per `multiplier` persons (e.g. 100000); default 1.
    pub multiplier: f64,
    /// Areas with fewer events are marked in `few_events_out`; default 10 (the UKHSA rule).
    pub min_events: f64,
}

/// Options of `bildung_rates_indirect_standardised_ratio`; start from
/// `bildung_smr_params_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_smr_params {
    /// `BILDUNG_POISSON_EXACT` (default) or `BILDUNG_POISSON_BYAR`: the limits of the observed
    /// count.
    pub method: bildung_poisson_method,
    /// Confidence level in (0, 1); default 0.95.
    pub level: f64,
    /// Indirectly standardised rates per `multiplier` persons; default 1 (the SMR is a ratio).
    pub multiplier: f64,
}

/// The default options of a directly standardised rate: Dobson with exact limits, level 0.95,
/// multiplier 1, min_events 10.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_dsr_params_default() -> bildung_dsr_params {
    let d = DirectParams::default();
    bildung_dsr_params {
        method: BILDUNG_DSR_DOBSON,
        level: d.level,
        multiplier: d.multiplier,
        min_events: d.min_events,
    }
}

/// The default options of a standardised ratio: exact limits, level 0.95, multiplier 1.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_smr_params_default() -> bildung_smr_params {
    let d = IndirectParams::default();
    bildung_smr_params {
        method: BILDUNG_POISSON_EXACT,
        level: d.level,
        multiplier: d.multiplier,
    }
}

fn proportion_method(v: bildung_proportion_method) -> Result<ProportionMethod, Error> {
    match v {
        BILDUNG_PROPORTION_WILSON => Ok(ProportionMethod::Wilson),
        BILDUNG_PROPORTION_CLOPPER_PEARSON => Ok(ProportionMethod::ClopperPearson),
        BILDUNG_PROPORTION_AGRESTI_COULL => Ok(ProportionMethod::AgrestiCoull),
        BILDUNG_PROPORTION_JEFFREYS => Ok(ProportionMethod::Jeffreys),
        BILDUNG_PROPORTION_WALD => Ok(ProportionMethod::Wald),
        other => Err(Error::parameter(
            "method",
            other,
            "expected BILDUNG_PROPORTION_WILSON (0), _CLOPPER_PEARSON (1), _AGRESTI_COULL (2), \
             _JEFFREYS (3) or _WALD (4)",
        )),
    }
}

fn poisson_method(v: bildung_poisson_method) -> Result<PoissonMethod, Error> {
    match v {
        BILDUNG_POISSON_EXACT => Ok(PoissonMethod::Exact),
        BILDUNG_POISSON_BYAR => Ok(PoissonMethod::Byar),
        other => Err(Error::parameter(
            "method",
            other,
            "expected BILDUNG_POISSON_EXACT (0) or BILDUNG_POISSON_BYAR (1)",
        )),
    }
}

fn dsr_method(v: bildung_dsr_method) -> Result<DsrMethod, Error> {
    match v {
        BILDUNG_DSR_DOBSON => Ok(DsrMethod::Dobson),
        BILDUNG_DSR_DOBSON_BYAR => Ok(DsrMethod::DobsonByar),
        BILDUNG_DSR_FAY_FEUER => Ok(DsrMethod::FayFeuer),
        other => Err(Error::parameter(
            "method",
            other,
            "expected BILDUNG_DSR_DOBSON (0), BILDUNG_DSR_DOBSON_BYAR (1) or BILDUNG_DSR_FAY_FEUER (2)",
        )),
    }
}

/// A per-area input array of `n` doubles as a view (NULL only when `n == 0`).
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads of `n` doubles while the view lives.
unsafe fn area_input<'a>(
    ptr: *const f64,
    n: usize,
    what: &str,
) -> Result<ArrayView1<'a, f64>, Failure> {
    // SAFETY: forwarded caller contract.
    Ok(ArrayView1::from(unsafe { input(ptr, n, what) }?))
}

fn flags_u8(v: &[bool]) -> Vec<u8> {
    v.iter().map(|&b| u8::from(b)).collect()
}

fn statuses(v: &[AreaStatus]) -> Vec<bildung_area_status> {
    v.iter().map(|&s| area_status(s)).collect()
}

/// The caller's buffers of an interval result.
struct IntervalOut {
    estimate: OutArray<f64>,
    lower: OutArray<f64>,
    upper: OutArray<f64>,
    clamped: OutArray<u8>,
    status: OutArray<bildung_area_status>,
}

impl IntervalOut {
    fn new(
        n: usize,
        estimate: *mut f64,
        lower: *mut f64,
        upper: *mut f64,
        clamped: *mut u8,
        status: *mut bildung_area_status,
    ) -> Result<IntervalOut, Failure> {
        Ok(IntervalOut {
            estimate: OutArray::new(estimate, n, "estimate_out")?,
            lower: OutArray::new(lower, n, "lower_out")?,
            upper: OutArray::new(upper, n, "upper_out")?,
            clamped: optional_out(clamped, n, "clamped_out")?,
            status: optional_out(status, n, "status_out")?,
        })
    }

    /// Write the result (whose columns hold `n` entries) and its bookkeeping.
    ///
    /// # Safety
    /// Every non-NULL buffer must be writable for `n` elements, `info` NULL or writable.
    unsafe fn write(&self, r: &Intervals, info: *mut bildung_info) -> Result<(), Failure> {
        if r.len() != self.lower.capacity() {
            return Err(Failure::buffer("lower_out", self.lower.capacity(), r.len()));
        }
        // SAFETY: forwarded caller contract; every column has `n` entries.
        unsafe {
            self.estimate.write(&r.estimate);
            self.lower.write(&r.lower);
            self.upper.write(&r.upper);
            self.clamped.write(&flags_u8(&r.clamped));
            self.status.write(&statuses(&r.status));
            write_optional(
                info,
                bildung_info::new(r.n_used, r.n_dropped, r.n_empty, r.flags),
            );
        }
        Ok(())
    }
}

/// Confidence interval of the proportion `p_i = x_i / n_i` of every area (Anteil mit
/// Konfidenzintervall).
///
/// With `z = z_{1-alpha/2}`, `alpha = 1 - level`:
/// ```text
/// WILSON           [2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))] / (2(n + z^2))
/// CLOPPER_PEARSON  L = Beta^-1(alpha/2; x, n-x+1), U = Beta^-1(1-alpha/2; x+1, n-x)
///                  (L = 0 at x = 0, U = 1 at x = n)
/// AGRESTI_COULL    n~ = n + z^2, p~ = (x + z^2/2)/n~, p~ -/+ z sqrt(p~(1-p~)/n~), clamped
/// JEFFREYS         Beta^-1(alpha/2; x+1/2, n-x+1/2), Beta^-1(1-alpha/2; x+1/2, n-x+1/2)
///                  with L = 0 at x = 0 and U = 1 at x = n (Brown-Cai-DasGupta)
/// WALD             p -/+ z sqrt(p(1-p)/n), clamped (legacy only, not recommended)
/// ```
/// The estimate is `x/n`. Core: `bildung_core::rates::proportion_ci`.
///
/// # Parameters
/// - `events`, `population`: `n` whole numbers `0 <= x_i <= n_i` (NULL only when `n == 0`).
/// - `method`: a `BILDUNG_PROPORTION_*` constant; `level`: in (0, 1), e.g. 0.95.
/// - `policy`: `BILDUNG_NAN_RAISE`, `_OMIT` or `_PROPAGATE`; an area with a NaN is missing
///   (NaN outputs, status `BILDUNG_AREA_MISSING`) under `_OMIT` and `_PROPAGATE`.
/// - `estimate_out`, `lower_out`, `upper_out`: `n` doubles each (NaN where the status is not
///   `BILDUNG_AREA_OK`; `n_i == 0` gives `BILDUNG_AREA_EMPTY`).
/// - `clamped_out`: optional, `n` bytes: 1 where a limit was set to 0 or 1 (Agresti-Coull, Wald).
/// - `status_out`: optional, `n` bytes; `info`: optional bookkeeping (`BILDUNG_FLAG_CLAMPED`,
///   `BILDUNG_FLAG_MISSING_PROPAGATED`).
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`),
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (negative,
/// non-integral, `x_i > n_i`), `BILDUNG_ERR_INVALID_PARAMETER` (level, method, policy).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Non-NULL inputs readable for `n` doubles; non-NULL outputs writable for `n` elements; `info`
/// NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_proportion_ci(
    events: *const f64,
    population: *const f64,
    n: usize,
    method: bildung_proportion_method,
    level: f64,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    clamped_out: *mut u8,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_proportion_ci", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { area_input(events, n, "events") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { area_input(population, n, "population") }?;
        let out = IntervalOut::new(
            n,
            estimate_out,
            lower_out,
            upper_out,
            clamped_out,
            status_out,
        )?;
        let r = rates::proportion_ci(x, p, proportion_method(method)?, level, nan_policy(policy)?)?;
        // SAFETY: forwarded caller contract.
        unsafe { out.write(&r, info) }
    })
}

/// Confidence interval of a Poisson count or rate per area (Rate mit Konfidenzintervall).
///
/// The rate is `x_i / N_i * multiplier`; the limits of the Poisson mean of `x_i`,
/// ```text
/// EXACT (Garwood)  L = chi2^-1(alpha/2; 2x)/2 (0 at x = 0), U = chi2^-1(1-alpha/2; 2x+2)/2
/// BYAR             L = x (1 - 1/(9x) - z/(3 sqrt x))^3 (0 at x = 0),
///                  U = (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3
/// ```
/// are divided by `N_i` and multiplied by `multiplier`. Core: `bildung_core::rates::poisson_ci`.
///
/// # Parameters
/// - `events`: `n` whole numbers `>= 0`.
/// - `exposure`: `n` populations or person-times `>= 0` (may be non-integral), or NULL for the
///   counts themselves (`N_i = 1`); `N_i == 0` gives `BILDUNG_AREA_EMPTY` (events must then be 0).
/// - `method`: `BILDUNG_POISSON_EXACT` or `BILDUNG_POISSON_BYAR`; `level` in (0, 1);
///   `multiplier` finite and > 0 (e.g. 1000 for a rate per 1,000).
/// - `policy`, `estimate_out`, `lower_out`, `upper_out`, `clamped_out` (1 where a Byar lower
///   limit below 0 was set to 0, only at levels above about 0.99), `status_out`, `info`: as for
///   `bildung_rates_proportion_ci`.
///
/// # Returns
/// As `bildung_rates_proportion_ci`; also `BILDUNG_ERR_NEGATIVE_VALUE` (a negative exposure) and
/// `BILDUNG_ERR_INVALID_COUNT` for events in an area with exposure 0.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// As for `bildung_rates_proportion_ci`.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_poisson_ci(
    events: *const f64,
    exposure: *const f64,
    n: usize,
    method: bildung_poisson_method,
    level: f64,
    multiplier: f64,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    clamped_out: *mut u8,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_poisson_ci", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { area_input(events, n, "events") }?;
        // SAFETY: forwarded caller contract.
        let e = unsafe { optional_input(exposure, n) }.map(ArrayView1::from);
        let out = IntervalOut::new(
            n,
            estimate_out,
            lower_out,
            upper_out,
            clamped_out,
            status_out,
        )?;
        let r = rates::poisson_ci(
            x,
            e,
            poisson_method(method)?,
            level,
            multiplier,
            nan_policy(policy)?,
        )?;
        // SAFETY: forwarded caller contract.
        unsafe { out.write(&r, info) }
    })
}

/// Difference `p1_i - p2_i` of two independent proportions per area with Newcombe's
/// hybrid-score interval (Differenz zweier Anteile; Newcombe 1998, method 10).
///
/// With the Wilson limits `(l1, u1)`, `(l2, u2)` and `d = p1 - p2`:
/// ```text
/// L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),   U = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
/// ```
/// Core: `bildung_core::rates::proportion_difference_ci`.
///
/// # Parameters
/// - `events1`, `population1`, `events2`, `population2`: `n` whole numbers each, `x <= n`.
/// - `level` in (0, 1); `policy`, `estimate_out`, `lower_out`, `upper_out`, `status_out`
///   (`BILDUNG_AREA_EMPTY` where a population is 0), `info`: as for
///   `bildung_rates_proportion_ci`.
///
/// # Returns
/// As `bildung_rates_proportion_ci`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// As for `bildung_rates_proportion_ci`.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_proportion_difference_ci(
    events1: *const f64,
    population1: *const f64,
    events2: *const f64,
    population2: *const f64,
    n: usize,
    level: f64,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_proportion_difference_ci", || {
        // SAFETY (all four): forwarded caller contract.
        let x1 = unsafe { area_input(events1, n, "events1") }?;
        // SAFETY: as above.
        let n1 = unsafe { area_input(population1, n, "population1") }?;
        // SAFETY: as above.
        let x2 = unsafe { area_input(events2, n, "events2") }?;
        // SAFETY: as above.
        let n2 = unsafe { area_input(population2, n, "population2") }?;
        let out = IntervalOut::new(
            n,
            estimate_out,
            lower_out,
            upper_out,
            std::ptr::null_mut(),
            status_out,
        )?;
        let r = rates::proportion_difference_ci(x1, n1, x2, n2, level, nan_policy(policy)?)?;
        // SAFETY: forwarded caller contract.
        unsafe { out.write(&r, info) }
    })
}

/// Each area against the rest of the city: `p_i - p_(-i)`, `p_(-i) = (X - x_i) / (N - n_i)`,
/// with Newcombe's hybrid-score interval (Vergleich mit dem Rest der Stadt).
///
/// ```text
/// d_i = x_i/n_i - (X - x_i)/(N - n_i),  interval as bildung_rates_proportion_difference_ci
/// ```
/// `X`, `N` are the totals over the areas with valid counts (missing areas are left out).
/// Core: `bildung_core::rates::proportion_difference_versus_rest`.
///
/// # Parameters
/// - `events`, `population`: `n` whole numbers each.
/// - `level`, `policy`, `estimate_out`, `lower_out`, `upper_out`, `info`: as for
///   `bildung_rates_proportion_ci`; `status_out`: also `BILDUNG_AREA_UNDEFINED` where no other
///   area has population.
///
/// # Returns
/// As `bildung_rates_proportion_ci`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// As for `bildung_rates_proportion_ci`.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_proportion_difference_versus_rest(
    events: *const f64,
    population: *const f64,
    n: usize,
    level: f64,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_proportion_difference_versus_rest", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { area_input(events, n, "events") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { area_input(population, n, "population") }?;
        let out = IntervalOut::new(
            n,
            estimate_out,
            lower_out,
            upper_out,
            std::ptr::null_mut(),
            status_out,
        )?;
        let r = rates::proportion_difference_versus_rest(x, p, level, nan_policy(policy)?)?;
        // SAFETY: forwarded caller contract.
        unsafe { out.write(&r, info) }
    })
}

/// Directly standardised rate per area with its confidence interval (direkt standardisierte
/// Rate; Dobson et al. 1991, Fay & Feuer 1997).
///
/// With the stratum rates `r_a = x_a / n_a` and weights `w_a = W_a / sum W`:
/// ```text
/// DSR = sum_a w_a r_a,  Var = sum_a w_a^2 x_a / n_a^2,  O = sum_a x_a
/// DOBSON(_BYAR)  DSR + sqrt(Var/O) (O_L - O),  DSR + sqrt(Var/O) (O_U - O)
/// FAY_FEUER      L = Gamma^-1(alpha/2; DSR^2/Var, scale Var/DSR),
///                U = Gamma^-1(1-alpha/2; (DSR+w_M)^2/(Var+w_M^2), scale (Var+w_M^2)/(DSR+w_M)),
///                w_M = max_a w_a / n_a
/// ```
/// Strata with weight 0 are left out. `O = 0`: DSR 0, the Dobson interval does not exist
/// (`BILDUNG_AREA_UNDEFINED`, estimate 0, NaN limits), Fay-Feuer gives `[0, U]`. A stratum with
/// population 0 and a positive weight: `BILDUNG_AREA_UNDEFINED`. Estimates, limits, standard
/// errors and crude rates are multiplied by `params->multiplier`. Core:
/// `bildung_core::rates::direct_standardised_rate`.
///
/// # Parameters
/// - `events`, `population`: `areas * strata` doubles, row-major (one row per area); events
///   whole numbers, populations `>= 0` (may be non-integral).
/// - `standard_population`: `strata` weights `>= 0` with a positive sum.
/// - `params`: options, or NULL for `bildung_dsr_params_default()`.
/// - `policy`: as for `bildung_rates_proportion_ci` (a NaN anywhere in a row makes the area
///   missing); a NaN in `standard_population` is an error under every policy.
/// - `estimate_out`, `lower_out`, `upper_out`: `areas` doubles each (required).
/// - `standard_error_out`, `crude_rate_out`, `observed_out` (`O`): optional, `areas` doubles.
/// - `few_events_out`: optional, `areas` bytes: 1 where `O < params->min_events`.
/// - `status_out`: optional, `areas` bytes; `info`: optional bookkeeping.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT` (no area or no
/// stratum), `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT`
/// (negative or non-integral events, events in a stratum with population 0),
/// `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (options, `areas * strata`
/// overflowing), `BILDUNG_ERR_UNDEFINED` (the standard population sums to 0).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Non-NULL tables readable for `areas * strata` doubles, `standard_population` for `strata`;
/// `params` NULL or readable; non-NULL outputs writable for `areas` elements; `info` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_direct_standardised_rate(
    events: *const f64,
    population: *const f64,
    areas: usize,
    strata: usize,
    standard_population: *const f64,
    params: *const bildung_dsr_params,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    standard_error_out: *mut f64,
    crude_rate_out: *mut f64,
    observed_out: *mut f64,
    few_events_out: *mut u8,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_direct_standardised_rate", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(events, areas, strata, "events") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { table_input(population, areas, strata, "population") }?;
        // SAFETY: forwarded caller contract.
        let w = unsafe { area_input(standard_population, strata, "standard_population") }?;
        // SAFETY: `params` NULL or readable (caller contract).
        let c = unsafe { params.as_ref() }
            .copied()
            .unwrap_or_else(|| bildung_dsr_params_default());
        let estimate = OutArray::new(estimate_out, areas, "estimate_out")?;
        let lower = OutArray::new(lower_out, areas, "lower_out")?;
        let upper = OutArray::new(upper_out, areas, "upper_out")?;
        let se = optional_out(standard_error_out, areas, "standard_error_out")?;
        let crude = optional_out(crude_rate_out, areas, "crude_rate_out")?;
        let observed = optional_out(observed_out, areas, "observed_out")?;
        let few = optional_out(few_events_out, areas, "few_events_out")?;
        let status = optional_out(status_out, areas, "status_out")?;
        let core_params = DirectParams {
            method: dsr_method(c.method)?,
            level: c.level,
            multiplier: c.multiplier,
            min_events: c.min_events,
        };
        let r = rates::direct_standardised_rate(x, p, w, &core_params, nan_policy(policy)?)?;
        if r.status.len() != areas {
            return Err(Failure::buffer("estimate_out", areas, r.status.len()));
        }
        // SAFETY: every non-NULL buffer holds `areas` elements (caller contract).
        unsafe {
            estimate.write(&r.estimate);
            lower.write(&r.lower);
            upper.write(&r.upper);
            se.write(&r.standard_error);
            crude.write(&r.crude_rate);
            observed.write(&r.observed);
            few.write(&flags_u8(&r.few_events));
            status.write(&statuses(&r.status));
            write_optional(
                info,
                bildung_info::new(r.n_used, r.n_dropped, r.n_empty, r.flags),
            );
        }
        Ok(())
    })
}

/// Standardised ratio `SMR = O/E` per area with exact Poisson interval, and the indirectly
/// standardised rate (indirekte Standardisierung: SMR, ISR).
///
/// ```text
/// E = sum_a n_a R_a,  O = sum_a x_a,  SMR = O/E,  CI = (O_L/E, O_U/E)   (E fixed)
/// ISR = SMR * sum_a R_a P_a / sum_a P_a * multiplier
/// ```
/// `E = 0` with population: `BILDUNG_AREA_UNDEFINED`. Core:
/// `bildung_core::rates::indirect_standardised_ratio`.
///
/// # Parameters
/// - `events`, `population`: `areas * strata` doubles, row-major, as for
///   `bildung_rates_direct_standardised_rate`.
/// - `reference_rates`: `strata` rates `R_a >= 0`.
/// - `reference_population`: `strata` populations `P_a >= 0` with a positive sum, or NULL (then
///   the ISR outputs must be NULL too).
/// - `params`: options, or NULL for `bildung_smr_params_default()`.
/// - `smr_out`, `lower_out`, `upper_out`: `areas` doubles each (required).
/// - `observed_out`, `expected_out`, `isr_out`, `isr_lower_out`, `isr_upper_out`: optional,
///   `areas` doubles; `reference_crude_rate_out`: optional, one double.
/// - `clamped_out`, `status_out`: optional, `areas` bytes; `info`: optional bookkeeping.
///
/// # Returns
/// As `bildung_rates_direct_standardised_rate`; `BILDUNG_ERR_INVALID_PARAMETER` also when an ISR
/// output is requested without `reference_population`, `BILDUNG_ERR_UNDEFINED` when the
/// reference population sums to 0.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// As for `bildung_rates_direct_standardised_rate`; `reference_population` NULL or readable for
/// `strata` doubles.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_rates_indirect_standardised_ratio(
    events: *const f64,
    population: *const f64,
    areas: usize,
    strata: usize,
    reference_rates: *const f64,
    reference_population: *const f64,
    params: *const bildung_smr_params,
    policy: bildung_nan_policy,
    smr_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    observed_out: *mut f64,
    expected_out: *mut f64,
    isr_out: *mut f64,
    isr_lower_out: *mut f64,
    isr_upper_out: *mut f64,
    reference_crude_rate_out: *mut f64,
    clamped_out: *mut u8,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_rates_indirect_standardised_ratio", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(events, areas, strata, "events") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { table_input(population, areas, strata, "population") }?;
        // SAFETY: forwarded caller contract.
        let r_ = unsafe { area_input(reference_rates, strata, "reference_rates") }?;
        // SAFETY: forwarded caller contract.
        let ref_pop = unsafe { optional_input(reference_population, strata) }.map(ArrayView1::from);
        // SAFETY: `params` NULL or readable (caller contract).
        let c = unsafe { params.as_ref() }
            .copied()
            .unwrap_or_else(|| bildung_smr_params_default());
        let smr = OutArray::new(smr_out, areas, "smr_out")?;
        let lower = OutArray::new(lower_out, areas, "lower_out")?;
        let upper = OutArray::new(upper_out, areas, "upper_out")?;
        let observed = optional_out(observed_out, areas, "observed_out")?;
        let expected = optional_out(expected_out, areas, "expected_out")?;
        let isr = optional_out(isr_out, areas, "isr_out")?;
        let isr_lower = optional_out(isr_lower_out, areas, "isr_lower_out")?;
        let isr_upper = optional_out(isr_upper_out, areas, "isr_upper_out")?;
        let clamped = optional_out(clamped_out, areas, "clamped_out")?;
        let status = optional_out(status_out, areas, "status_out")?;
        let wants_isr = !(isr.is_null()
            && isr_lower.is_null()
            && isr_upper.is_null()
            && reference_crude_rate_out.is_null());
        if wants_isr && ref_pop.is_none() {
            return Err(Failure::Core(Error::parameter(
                "reference_population",
                "NULL",
                "the indirectly standardised rate (isr_out, isr_lower_out, isr_upper_out, \
                 reference_crude_rate_out) needs the reference population",
            )));
        }
        let core_params = IndirectParams {
            method: poisson_method(c.method)?,
            level: c.level,
            multiplier: c.multiplier,
        };
        let r = rates::indirect_standardised_ratio(
            x,
            p,
            r_,
            ref_pop,
            &core_params,
            nan_policy(policy)?,
        )?;
        if r.status.len() != areas {
            return Err(Failure::buffer("smr_out", areas, r.status.len()));
        }
        // SAFETY: every non-NULL buffer holds `areas` elements, `reference_crude_rate_out` and
        // `info` NULL or writable (caller contract).
        unsafe {
            smr.write(&r.smr);
            lower.write(&r.lower);
            upper.write(&r.upper);
            observed.write(&r.observed);
            expected.write(&r.expected);
            clamped.write(&flags_u8(&r.clamped));
            status.write(&statuses(&r.status));
            if let Some(rates_) = &r.isr {
                isr.write(&rates_.estimate);
                isr_lower.write(&rates_.lower);
                isr_upper.write(&rates_.upper);
                write_optional(reference_crude_rate_out, rates_.reference_crude_rate);
            }
            write_optional(
                info,
                bildung_info::new(r.n_used, r.n_dropped, r.n_empty, r.flags),
            );
        }
        Ok(())
    })
}
