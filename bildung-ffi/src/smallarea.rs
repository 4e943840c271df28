//! Small-area estimation (`bildung_core::smallarea`) for C: `bildung_smallarea_*`.
//!
//! Per-area inputs are `const double *` arrays of `n` elements; per-area outputs go into
//! caller-allocated arrays of `n` elements (required ones must be non-NULL when `n > 0`,
//! optional ones may be NULL). Neighbour lists of the local estimator come in compressed sparse
//! row form (`offsets[n + 1]`, `neighbours[offsets[n]]`), the Fay-Herriot design as a row-major
//! `n x cols` matrix. Options of the iterative estimators are structs with a `_default()`
//! function, so fields can be added later. As everywhere in this crate: pointers checked, one
//! core call, outputs written only on success, no arithmetic here.

use bildung_core::smallarea::{
    self, BetaBinomialEb, BetaBinomialMethod, BetaBinomialParams, FayHerriotMethod,
    FayHerriotParams, MarshallEb,
};
use bildung_core::{Error, NanPolicy};
use ndarray::{ArrayView1, ArrayView2};

use crate::guard::{Failure, OutArray, guard, guard_value, input, write_optional};
use crate::options::{bildung_flags, bildung_nan_policy, nan_policy};
use crate::segregation::{area_status, bildung_area_status};
use crate::status::bildung_status;

/// The area has no data of its own (population 0; no direct estimate): its value is the prior
/// mean (empirical Bayes) or the regression-synthetic estimate (Fay-Herriot), not NaN.
pub const BILDUNG_AREA_NO_DATA: bildung_area_status = 4;

/// Estimator of the beta prior: one of the `BILDUNG_BETA_BINOMIAL_*` constants.
pub type bildung_beta_binomial_method = u32;

/// Maximum likelihood, started at the moment estimate (the default).
pub const BILDUNG_BETA_BINOMIAL_ML: bildung_beta_binomial_method = 0;
/// The moment estimator of the intra-area correlation `rho`.
pub const BILDUNG_BETA_BINOMIAL_MOMENTS: bildung_beta_binomial_method = 1;

/// Estimator of the Fay-Herriot variance component: one of the `BILDUNG_FAY_HERRIOT_*`
/// constants.
pub type bildung_fay_herriot_method = u32;

/// Restricted maximum likelihood, Fisher scoring (the default).
pub const BILDUNG_FAY_HERRIOT_REML: bildung_fay_herriot_method = 0;
/// Maximum likelihood, Fisher scoring.
pub const BILDUNG_FAY_HERRIOT_ML: bildung_fay_herriot_method = 1;
/// The Fay-Herriot moment estimator.
pub const BILDUNG_FAY_HERRIOT_FH: bildung_fay_herriot_method = 2;
/// The Prasad-Rao moment estimator (closed form).
pub const BILDUNG_FAY_HERRIOT_PRASAD_RAO: bildung_fay_herriot_method = 3;

/// Summary of a Marshall empirical Bayes fit (optional last argument of
/// `bildung_smallarea_marshall_global` / `_local`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_eb_summary {
    /// The pooled rate `m` of all areas with data.
    pub pooled_rate: f64,
    /// The global between-area variance `A` (also for the local estimator).
    pub between_variance: f64,
    /// Areas with data (population above 0, not missing).
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with population 0 (`BILDUNG_AREA_NO_DATA`).
    pub n_empty: usize,
    /// `BILDUNG_FLAG_NO_BETWEEN_VARIANCE`, `BILDUNG_FLAG_MISSING_PROPAGATED`.
    pub flags: bildung_flags,
}

/// Options of `bildung_smallarea_beta_binomial`; start from
/// `bildung_beta_binomial_options_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_beta_binomial_options {
    /// `BILDUNG_BETA_BINOMIAL_ML` (default) or `BILDUNG_BETA_BINOMIAL_MOMENTS`.
    pub method: bildung_beta_binomial_method,
    /// Level of the EB intervals, in (0, 1); default 0.95.
    pub level: f64,
    /// Convergence tolerance of the ML iteration; default 1e-10.
    pub tolerance: f64,
    /// Largest number of ML iterations; default 100.
    pub max_iter: usize,
}

/// Summary of a beta-binomial fit (optional last argument of `bildung_smallarea_beta_binomial`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_beta_binomial_summary {
    /// `a` of the prior (`INFINITY` when `rho = 0`).
    pub alpha: f64,
    /// `b` of the prior (`INFINITY` when `rho = 0`).
    pub beta: f64,
    /// The intra-area correlation `1 / (a + b + 1)`.
    pub rho: f64,
    /// The prior mean `a / (a + b)`.
    pub prior_mean: f64,
    /// The beta-binomial log-likelihood at `(a, b)`.
    pub log_likelihood: f64,
    /// Newton iterations of the ML fit (0 for moments).
    pub iterations: usize,
    /// Areas with data.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with population 0.
    pub n_empty: usize,
    /// `BILDUNG_FLAG_NO_BETWEEN_VARIANCE`, `BILDUNG_FLAG_MISSING_PROPAGATED`.
    pub flags: bildung_flags,
}

/// Options of `bildung_smallarea_fay_herriot`; start from
/// `bildung_fay_herriot_options_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_fay_herriot_options {
    /// `BILDUNG_FAY_HERRIOT_REML` (default), `_ML`, `_FH` or `_PRASAD_RAO`.
    pub method: bildung_fay_herriot_method,
    /// 1 (default): add an intercept column before the covariates; 0: none.
    pub intercept: i32,
    /// Stop the scoring at this relative change of `sigma2_v`; default 1e-10.
    pub tolerance: f64,
    /// Largest number of scoring iterations; default 100.
    pub max_iter: usize,
}

/// Summary of a Fay-Herriot fit (optional last argument of `bildung_smallarea_fay_herriot`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_fay_herriot_summary {
    /// The variance of the area effects `sigma2_v` (>= 0).
    pub variance_component: f64,
    /// Its asymptotic standard error (the one used in the MSE term `g3`).
    pub variance_component_se: f64,
    /// The log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// The restricted log-likelihood at the estimate.
    pub restricted_log_likelihood: f64,
    /// Scoring iterations (0 for Prasad-Rao).
    pub iterations: usize,
    /// Number of fixed effects `p` (the intercept included): the length of `beta_out`.
    pub n_fixed: usize,
    /// Areas with a direct estimate (`m`).
    pub n_used: usize,
    /// Areas without a direct estimate (out of sample).
    pub n_empty: usize,
    /// `BILDUNG_FLAG_BOUNDARY_ESTIMATE` when `sigma2_v = 0`.
    pub flags: bildung_flags,
}

/// The default options of `bildung_smallarea_beta_binomial`: ML, level 0.95, tolerance 1e-10,
/// 100 iterations.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_beta_binomial_options_default() -> bildung_beta_binomial_options {
    guard_value(beta_binomial_defaults(), beta_binomial_defaults)
}

fn beta_binomial_defaults() -> bildung_beta_binomial_options {
    let d = BetaBinomialParams::default();
    bildung_beta_binomial_options {
        method: BILDUNG_BETA_BINOMIAL_ML,
        level: d.level,
        tolerance: d.tolerance,
        max_iter: d.max_iter,
    }
}

/// The default options of `bildung_smallarea_fay_herriot`: REML, intercept, tolerance 1e-10,
/// 100 iterations.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_fay_herriot_options_default() -> bildung_fay_herriot_options {
    guard_value(fay_herriot_defaults(), fay_herriot_defaults)
}

fn fay_herriot_defaults() -> bildung_fay_herriot_options {
    let d = FayHerriotParams::default();
    bildung_fay_herriot_options {
        method: BILDUNG_FAY_HERRIOT_REML,
        intercept: 1,
        tolerance: d.tolerance,
        max_iter: d.max_iter,
    }
}

impl bildung_beta_binomial_options {
    fn params(&self) -> Result<BetaBinomialParams, Error> {
        let method = match self.method {
            BILDUNG_BETA_BINOMIAL_ML => BetaBinomialMethod::MaximumLikelihood,
            BILDUNG_BETA_BINOMIAL_MOMENTS => BetaBinomialMethod::Moments,
            other => {
                return Err(Error::parameter(
                    "method",
                    other,
                    "expected BILDUNG_BETA_BINOMIAL_ML (0) or BILDUNG_BETA_BINOMIAL_MOMENTS (1)",
                ));
            }
        };
        Ok(BetaBinomialParams {
            method,
            level: self.level,
            tolerance: self.tolerance,
            max_iter: self.max_iter,
        })
    }
}

impl bildung_fay_herriot_options {
    fn params(&self) -> Result<FayHerriotParams, Error> {
        let method = match self.method {
            BILDUNG_FAY_HERRIOT_REML => FayHerriotMethod::Reml,
            BILDUNG_FAY_HERRIOT_ML => FayHerriotMethod::Ml,
            BILDUNG_FAY_HERRIOT_FH => FayHerriotMethod::FayHerriot,
            BILDUNG_FAY_HERRIOT_PRASAD_RAO => FayHerriotMethod::PrasadRao,
            other => {
                return Err(Error::parameter(
                    "method",
                    other,
                    "expected BILDUNG_FAY_HERRIOT_REML (0), _ML (1), _FH (2) or _PRASAD_RAO (3)",
                ));
            }
        };
        let intercept = match self.intercept {
            0 => false,
            1 => true,
            other => return Err(Error::parameter("intercept", other, "expected 0 or 1")),
        };
        Ok(FayHerriotParams {
            method,
            intercept,
            tolerance: self.tolerance,
            max_iter: self.max_iter,
        })
    }
}

/// An optional output array of `len` elements: NULL means "not wanted".
fn optional_out<T: Copy>(ptr: *mut T, len: usize, what: &str) -> Result<OutArray<T>, Failure> {
    OutArray::new(ptr, if ptr.is_null() { 0 } else { len }, what)
}

/// `events` and `population` (NULL only with `n == 0`) as views.
///
/// # Safety
/// Non-NULL pointers must be valid for reads of `n` doubles while the views live.
unsafe fn counts<'a>(
    events: *const f64,
    population: *const f64,
    n: usize,
) -> Result<(ArrayView1<'a, f64>, ArrayView1<'a, f64>), Failure> {
    // SAFETY: forwarded caller contract.
    let x = unsafe { input(events, n, "events") }?;
    // SAFETY: forwarded caller contract.
    let t = unsafe { input(population, n, "population") }?;
    Ok((ArrayView1::from(x), ArrayView1::from(t)))
}

/// The neighbour lists from compressed sparse rows.
///
/// # Safety
/// `offsets` must be readable for `n + 1` elements (NULL only when `n == 0`), `neighbours` for
/// `n_neighbours` elements (NULL only when `n_neighbours == 0`).
unsafe fn neighbour_lists(
    offsets: *const usize,
    neighbours: *const usize,
    n: usize,
    n_neighbours: usize,
) -> Result<Vec<Vec<usize>>, Failure> {
    if n == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: forwarded caller contract (n + 1 cannot overflow: n counts doubles in memory).
    let offsets = unsafe { input(offsets, n + 1, "offsets") }?;
    // SAFETY: forwarded caller contract.
    let flat = unsafe { input(neighbours, n_neighbours, "neighbours") }?;
    let bad = |reason: String| Failure::Core(Error::parameter("offsets", "(array)", reason));
    if offsets[0] != 0 {
        return Err(bad(format!("offsets[0] must be 0, got {}", offsets[0])));
    }
    if offsets[n] != n_neighbours {
        return Err(bad(format!(
            "offsets[n] = {} must equal n_neighbours = {n_neighbours}",
            offsets[n]
        )));
    }
    let mut lists = Vec::with_capacity(n);
    for i in 0..n {
        let (from, to) = (offsets[i], offsets[i + 1]);
        if to < from || to > n_neighbours {
            return Err(bad(format!(
                "offsets must not decrease: offsets[{i}] = {from}, offsets[{}] = {to}",
                i + 1
            )));
        }
        lists.push(flat[from..to].to_vec());
    }
    Ok(lists)
}

/// Shared body of the two Marshall exports.
///
/// # Safety
/// As for the exports.
#[allow(clippy::too_many_arguments)]
unsafe fn marshall(
    events: *const f64,
    population: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    shrinkage_out: *mut f64,
    prior_mean_out: *mut f64,
    prior_variance_out: *mut f64,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_eb_summary,
    fit: impl FnOnce(ArrayView1<'_, f64>, ArrayView1<'_, f64>, NanPolicy) -> Result<MarshallEb, Failure>,
) -> Result<(), Failure> {
    // SAFETY: forwarded caller contract.
    let (x, t) = unsafe { counts(events, population, n) }?;
    let estimate_out = OutArray::new(estimate_out, n, "estimate_out")?;
    let shrinkage_out = optional_out(shrinkage_out, n, "shrinkage_out")?;
    let prior_mean_out = optional_out(prior_mean_out, n, "prior_mean_out")?;
    let prior_variance_out = optional_out(prior_variance_out, n, "prior_variance_out")?;
    let status_out = optional_out(status_out, n, "status_out")?;
    let r = fit(x, t, nan_policy(policy)?)?;
    let status: Vec<bildung_area_status> = r.status.iter().map(|&s| area_status(s)).collect();
    let s = bildung_eb_summary {
        pooled_rate: r.pooled_rate,
        between_variance: r.between_variance,
        n_used: r.n_used,
        n_dropped: r.n_dropped,
        n_empty: r.n_empty,
        flags: r.flags.bits(),
    };
    // SAFETY: every array holds n elements or is NULL/unused (capacity 0); `summary` is NULL or
    // writable (caller contract).
    unsafe {
        estimate_out.write(&r.estimate);
        shrinkage_out.write(&r.shrinkage);
        prior_mean_out.write(&r.prior_mean);
        prior_variance_out.write(&r.prior_variance);
        status_out.write(&status);
        write_optional(summary, s);
    }
    Ok(())
}

/// Marshall's global empirical Bayes rates (globale empirische Bayes-Schätzung; R
/// `spdep::EBest`; methods.md 3.5).
///
/// ```text
/// r_i = x_i / n_i;  m = sum x_i / sum n_i;  s2 = sum n_i (r_i - m)^2 / sum n_i;  nbar = sum n_i / k
/// A = max(0, s2 - m / nbar);  C_i = A / (A + m / n_i);  theta_i = m + C_i (r_i - m)
/// ```
///
/// Sums run over the `k` areas with data (population above 0, not missing). An area with
/// population 0 gets the prior mean `m` (shrinkage 0, `BILDUNG_AREA_NO_DATA`); no events at all
/// gives estimates 0; `A = 0` sets `BILDUNG_FLAG_NO_BETWEEN_VARIANCE`. Under
/// `BILDUNG_NAN_OMIT` / `_PROPAGATE` an area with a NaN count gets NaN
/// (`BILDUNG_AREA_MISSING`) and is left out of the pooled quantities. Core:
/// `bildung_core::smallarea::marshall_global`.
///
/// # Parameters
/// - `events`: `n` event counts `x_i >= 0` (NULL only when `n == 0`).
/// - `population`: `n` populations `n_i >= x_i` (NULL only when `n == 0`).
/// - `n`: number of areas.
/// - `policy`: `BILDUNG_NAN_RAISE`, `BILDUNG_NAN_OMIT` or `BILDUNG_NAN_PROPAGATE`.
/// - `estimate_out`: `n` doubles, receives `theta_i` (NULL only when `n == 0`).
/// - `shrinkage_out`, `prior_mean_out`, `prior_variance_out`: optional (may be NULL); `n`
///   doubles each, receive `C_i`, `m_i`, `A_i`.
/// - `status_out`: optional; `n` bytes, receive `BILDUNG_AREA_OK`, `_MISSING` or `_NO_DATA`.
/// - `summary`: optional; receives `m`, `A` and the bookkeeping.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown
/// `policy`), `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, or every area missing under omit),
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (negative
/// counts, events above the population), `BILDUNG_ERR_UNDEFINED` (fewer than 2 areas with
/// population). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `events`, `population` readable for `n` doubles; each non-NULL output writable for `n`
/// elements; `summary` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_smallarea_marshall_global(
    events: *const f64,
    population: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    shrinkage_out: *mut f64,
    prior_mean_out: *mut f64,
    prior_variance_out: *mut f64,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_eb_summary,
) -> bildung_status {
    guard("bildung_smallarea_marshall_global", || {
        // SAFETY: forwarded caller contract.
        unsafe {
            marshall(
                events,
                population,
                n,
                policy,
                estimate_out,
                shrinkage_out,
                prior_mean_out,
                prior_variance_out,
                status_out,
                summary,
                |x, t, nan| Ok(smallarea::marshall_global(x, t, nan)?),
            )
        }
    })
}

/// Marshall's local empirical Bayes rates (lokale empirische Bayes-Schätzung; R
/// `spdep::EBlocal`; methods.md 3.5): the prior of area `i` is estimated from area `i` and its
/// neighbours only.
///
/// ```text
/// J_i = {i} ∪ neighbours(i) (areas with data);  m_i = sum_J x / sum_J n
/// s2_i = sum_J n_j (r_j - m_i)^2 / sum_J n_j;  nbar_i = sum_J n / |J_i|
/// A_i = max(0, s2_i - m_i / nbar_i);  C_i = A_i / (A_i + m_i / n_i);  theta_i = m_i + C_i (r_i - m_i)
/// ```
///
/// Neighbours in compressed sparse rows: the neighbours of area `i` are
/// `neighbours[offsets[i] .. offsets[i + 1]]` (0-based area positions; the area itself is always
/// included, repeated entries count once, lists need not be symmetric). An area whose
/// neighbourhood has no population gets NaN (`BILDUNG_AREA_EMPTY`). Otherwise as
/// `bildung_smallarea_marshall_global`; `BILDUNG_FLAG_NO_BETWEEN_VARIANCE` when every `A_i` is 0.
/// Core: `bildung_core::smallarea::marshall_local`.
///
/// # Parameters
/// - `events`, `population`, `n`, `policy`: as `bildung_smallarea_marshall_global`.
/// - `offsets`: `n + 1` non-decreasing offsets, `offsets[0] == 0`, `offsets[n] == n_neighbours`
///   (NULL only when `n == 0`).
/// - `neighbours`: `n_neighbours` area positions (NULL only when `n_neighbours == 0`).
/// - `n_neighbours`: total length of the neighbour lists.
/// - outputs: as `bildung_smallarea_marshall_global` (`status_out` may also receive
///   `BILDUNG_AREA_EMPTY`).
///
/// # Returns
/// As `bildung_smallarea_marshall_global`; also `BILDUNG_ERR_INVALID_PARAMETER` for offsets that
/// are not a valid CSR layout or a neighbour position `>= n` (the message names the area).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// As `bildung_smallarea_marshall_global`; `offsets` readable for `n + 1` elements,
/// `neighbours` for `n_neighbours` elements.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_smallarea_marshall_local(
    events: *const f64,
    population: *const f64,
    n: usize,
    offsets: *const usize,
    neighbours: *const usize,
    n_neighbours: usize,
    policy: bildung_nan_policy,
    estimate_out: *mut f64,
    shrinkage_out: *mut f64,
    prior_mean_out: *mut f64,
    prior_variance_out: *mut f64,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_eb_summary,
) -> bildung_status {
    guard("bildung_smallarea_marshall_local", || {
        // SAFETY: forwarded caller contract.
        let lists = unsafe { neighbour_lists(offsets, neighbours, n, n_neighbours) }?;
        // SAFETY: forwarded caller contract.
        unsafe {
            marshall(
                events,
                population,
                n,
                policy,
                estimate_out,
                shrinkage_out,
                prior_mean_out,
                prior_variance_out,
                status_out,
                summary,
                |x, t, nan| Ok(smallarea::marshall_local(x, t, &lists, nan)?),
            )
        }
    })
}

/// Beta-binomial empirical Bayes proportions with EB intervals (Beta-Binomial-Modell;
/// methods.md 3.5).
///
/// ```text
/// theta_i ~ Beta(a, b),  x_i ~ Bin(n_i, theta_i)
/// moments: rho = [S/(p(1-p)) - (k-1)] / [N - sum n_i^2/N - (k-1)],  a + b = (1 - rho)/rho
/// ML:      maximise sum ln BetaBin(x_i; n_i, a, b), started at the moments
/// estimate_i = (x_i + a) / (n_i + a + b);  interval: Beta(x_i + a, n_i - x_i + b) quantiles
/// ```
///
/// The interval understates the uncertainty (`a`, `b` are plugged in). `rho = 0`: complete
/// shrinkage, every estimate and limit is the prior mean, `alpha = beta = INFINITY`,
/// `BILDUNG_FLAG_NO_BETWEEN_VARIANCE`. Population 0: prior mean and prior interval
/// (`BILDUNG_AREA_NO_DATA`). Counts must be integers. Core:
/// `bildung_core::smallarea::beta_binomial_eb`.
///
/// # Parameters
/// - `events`, `population`, `n`, `policy`: as `bildung_smallarea_marshall_global`.
/// - `options`: NULL for the defaults, else from `bildung_beta_binomial_options_default()`.
/// - `estimate_out`, `lower_out`, `upper_out`: `n` doubles each (NULL only when `n == 0`).
/// - `shrinkage_out`: optional; `n` doubles, the weight `n_i / (n_i + a + b)` of the raw rate.
/// - `status_out`: optional; `n` bytes.
/// - `summary`: optional; receives `a`, `b`, `rho`, the log-likelihood, iterations, bookkeeping.
///
/// # Returns
/// `BILDUNG_OK`, or as `bildung_smallarea_marshall_global` (`BILDUNG_ERR_INVALID_COUNT` also for
/// non-integral counts); `BILDUNG_ERR_INVALID_PARAMETER` (unknown method, level outside (0, 1),
/// tolerance not positive, `max_iter == 0`); `BILDUNG_ERR_UNDEFINED` (moments: `rho >= 1`);
/// `BILDUNG_ERR_DID_NOT_CONVERGE` (the ML iteration did not converge).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `events`, `population` readable for `n` doubles; `options` NULL or readable; each non-NULL
/// output writable for `n` elements; `summary` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_smallarea_beta_binomial(
    events: *const f64,
    population: *const f64,
    n: usize,
    policy: bildung_nan_policy,
    options: *const bildung_beta_binomial_options,
    estimate_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    shrinkage_out: *mut f64,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_beta_binomial_summary,
) -> bildung_status {
    guard("bildung_smallarea_beta_binomial", || {
        // SAFETY: forwarded caller contract.
        let (x, t) = unsafe { counts(events, population, n) }?;
        // SAFETY: NULL or readable (caller contract).
        let options = unsafe { options.as_ref() }
            .copied()
            .unwrap_or_else(beta_binomial_defaults);
        let estimate_out = OutArray::new(estimate_out, n, "estimate_out")?;
        let lower_out = OutArray::new(lower_out, n, "lower_out")?;
        let upper_out = OutArray::new(upper_out, n, "upper_out")?;
        let shrinkage_out = optional_out(shrinkage_out, n, "shrinkage_out")?;
        let status_out = optional_out(status_out, n, "status_out")?;
        let r: BetaBinomialEb =
            smallarea::beta_binomial_eb(x, t, &options.params()?, nan_policy(policy)?)?;
        let status: Vec<bildung_area_status> = r.status.iter().map(|&s| area_status(s)).collect();
        let s = bildung_beta_binomial_summary {
            alpha: r.alpha,
            beta: r.beta,
            rho: r.rho,
            prior_mean: r.prior_mean,
            log_likelihood: r.log_likelihood,
            iterations: r.iterations,
            n_used: r.n_used,
            n_dropped: r.n_dropped,
            n_empty: r.n_empty,
            flags: r.flags.bits(),
        };
        // SAFETY: every array holds n elements or is NULL (capacity 0); `summary` NULL or
        // writable (caller contract).
        unsafe {
            estimate_out.write(&r.estimate);
            lower_out.write(&r.lower);
            upper_out.write(&r.upper);
            shrinkage_out.write(&r.shrinkage);
            status_out.write(&status);
            write_optional(summary, s);
        }
        Ok(())
    })
}

/// The Fay-Herriot area-level model: EBLUP and MSE (Fay-Herriot-Modell; R `sae::eblupFH` /
/// `mseFH`; methods.md 3.6).
///
/// ```text
/// y_i = x_i' beta + v_i + e_i,  v_i ~ N(0, s2v),  e_i ~ N(0, psi_i)
/// gamma_i = s2v / (s2v + psi_i);  beta = (X'V^-1X)^-1 X'V^-1 y;  EBLUP_i = gamma_i y_i + (1 - gamma_i) x_i' beta
/// MSE_i = g1 + g2 + 2 g3 (- b B_i^2 for ML, FH);  g1 = gamma_i psi_i,  B_i = 1 - gamma_i
///         g2 = B_i^2 x_i'(X'V^-1X)^-1 x_i,  g3 = B_i^2 Var(s2v) / (s2v + psi_i)
/// ```
///
/// `s2v` by REML / ML Fisher scoring from `median(psi)`, the FH moment equation or the
/// Prasad-Rao closed form. `direct[i] = NaN` marks an area without a direct estimate (out of
/// sample; its `variance` is not used): its estimate is `x_i' beta`, its MSE
/// `x_i'(X'V^-1X)^-1 x_i + s2v`, `gamma` NaN, status `BILDUNG_AREA_NO_DATA`. `s2v = 0` sets
/// `BILDUNG_FLAG_BOUNDARY_ESTIMATE` (every EBLUP is synthetic). Core:
/// `bildung_core::smallarea::fay_herriot`.
///
/// # Parameters
/// - `direct`: `n` direct estimates (NaN = out of sample; NULL only when `n == 0`).
/// - `variance`: `n` sampling variances `psi_i > 0` (NULL only when `n == 0`).
/// - `n`: number of areas.
/// - `covariates`: row-major `n x cols` design without the intercept column
///   (`covariates[i * cols + j]`; NULL only when `n * cols == 0`).
/// - `cols`: number of covariates (0: intercept only).
/// - `options`: NULL for the defaults, else from `bildung_fay_herriot_options_default()`.
/// - `estimate_out`, `mse_out`: `n` doubles each (NULL only when `n == 0`).
/// - `gamma_out`, `synthetic_out`: optional; `n` doubles each.
/// - `beta_out`, `beta_se_out`: optional; `beta_len` doubles each, receive the fixed effects and
///   their standard errors (intercept first); `beta_len` must be at least
///   `p = intercept + cols` when either is non-NULL.
/// - `beta_len`: capacity of `beta_out` / `beta_se_out`.
/// - `status_out`: optional; `n` bytes (`BILDUNG_AREA_OK` or `BILDUNG_AREA_NO_DATA`).
/// - `summary`: optional; receives `s2v`, its standard error, the log-likelihoods, iterations,
///   `p` and the bookkeeping.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_BUFFER_SIZE` (`beta_len < p`),
/// `BILDUNG_ERR_INVALID_PARAMETER` (`m <= p`, a rank-deficient design naming the column, no
/// fixed effect, an unknown method, `intercept` not 0 or 1, bad tolerance / `max_iter`,
/// `n * cols` overflowing), `BILDUNG_ERR_NEGATIVE_VALUE` (a sampling variance `<= 0`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN in a covariate or in the variance of an area with a direct
/// estimate), `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_EMPTY_INPUT`,
/// `BILDUNG_ERR_DID_NOT_CONVERGE`. Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `direct`, `variance` readable for `n` doubles, `covariates` for `n * cols` doubles;
/// `options` NULL or readable; each non-NULL output writable for its length; `summary` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_smallarea_fay_herriot(
    direct: *const f64,
    variance: *const f64,
    n: usize,
    covariates: *const f64,
    cols: usize,
    options: *const bildung_fay_herriot_options,
    estimate_out: *mut f64,
    mse_out: *mut f64,
    gamma_out: *mut f64,
    synthetic_out: *mut f64,
    beta_out: *mut f64,
    beta_se_out: *mut f64,
    beta_len: usize,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_fay_herriot_summary,
) -> bildung_status {
    guard("bildung_smallarea_fay_herriot", || {
        // SAFETY: forwarded caller contract.
        let y = ArrayView1::from(unsafe { input(direct, n, "direct") }?);
        // SAFETY: forwarded caller contract.
        let psi = ArrayView1::from(unsafe { input(variance, n, "variance") }?);
        let too_large = || {
            Failure::Core(Error::parameter(
                "n * cols",
                format!("{n} * {cols}"),
                "the design is larger than the address space (n * cols overflows)",
            ))
        };
        let len = n.checked_mul(cols).ok_or_else(too_large)?;
        if len > isize::MAX.unsigned_abs() / std::mem::size_of::<f64>() {
            return Err(too_large());
        }
        let x = if cols == 0 {
            None
        } else {
            // SAFETY: forwarded caller contract; `len` is the checked product.
            let data = unsafe { input(covariates, len, "covariates") }?;
            Some(ArrayView2::from_shape((n, cols), data).map_err(|e| {
                Failure::Core(Error::parameter(
                    "n * cols",
                    format!("{n} * {cols}"),
                    format!("the design has no valid shape: {e}"),
                ))
            })?)
        };
        // SAFETY: NULL or readable (caller contract).
        let options = unsafe { options.as_ref() }
            .copied()
            .unwrap_or_else(fay_herriot_defaults);
        let params = options.params()?;
        let p = usize::from(params.intercept) + cols;
        let estimate_out = OutArray::new(estimate_out, n, "estimate_out")?;
        let mse_out = OutArray::new(mse_out, n, "mse_out")?;
        let gamma_out = optional_out(gamma_out, n, "gamma_out")?;
        let synthetic_out = optional_out(synthetic_out, n, "synthetic_out")?;
        let status_out = optional_out(status_out, n, "status_out")?;
        let beta_out = optional_out(beta_out, beta_len, "beta_out")?;
        let beta_se_out = optional_out(beta_se_out, beta_len, "beta_se_out")?;
        for (out, what) in [(&beta_out, "beta_out"), (&beta_se_out, "beta_se_out")] {
            if !out.is_null() && out.capacity() < p {
                return Err(Failure::buffer(what, beta_len, p));
            }
        }
        let r = smallarea::fay_herriot(y, psi, x, &params)?;
        let status: Vec<bildung_area_status> = r.status.iter().map(|&s| area_status(s)).collect();
        let s = bildung_fay_herriot_summary {
            variance_component: r.variance_component,
            variance_component_se: r.variance_component_se,
            log_likelihood: r.log_likelihood,
            restricted_log_likelihood: r.restricted_log_likelihood,
            iterations: r.iterations,
            n_fixed: r.beta.len(),
            n_used: r.n_used,
            n_empty: r.n_empty,
            flags: r.flags.bits(),
        };
        // SAFETY: per-area arrays hold n elements, beta arrays at least p (checked), or are
        // NULL (capacity 0); `summary` NULL or writable (caller contract).
        unsafe {
            estimate_out.write(&r.estimate);
            mse_out.write(&r.mse);
            gamma_out.write(&r.gamma);
            synthetic_out.write(&r.synthetic);
            beta_out.write(&r.beta);
            beta_se_out.write(&r.beta_se);
            status_out.write(&status);
            write_optional(summary, s);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{BILDUNG_FLAG_BOUNDARY_ESTIMATE, BILDUNG_FLAG_NO_BETWEEN_VARIANCE};
    use bildung_core::{AreaStatus, Flags};

    #[test]
    fn constants_match_the_core() {
        assert_eq!(BILDUNG_AREA_NO_DATA, AreaStatus::NoData as u8);
        assert_eq!(area_status(AreaStatus::NoData), BILDUNG_AREA_NO_DATA);
        assert_eq!(
            BILDUNG_FLAG_NO_BETWEEN_VARIANCE,
            Flags::NO_BETWEEN_VARIANCE.bits()
        );
        assert_eq!(
            BILDUNG_FLAG_BOUNDARY_ESTIMATE,
            Flags::BOUNDARY_ESTIMATE.bits()
        );
        let d = bildung_fay_herriot_options_default();
        assert_eq!(d.params().unwrap(), FayHerriotParams::default());
        let d = bildung_beta_binomial_options_default();
        assert_eq!(d.params().unwrap(), BetaBinomialParams::default());
    }
}
