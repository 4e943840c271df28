//! Composite social indices (`bildung_core::index`) for C: `bildung_index_<name>`.
//!
//! Indicator tables are `const double *x, size_t rows, size_t cols` in row-major order (areas x
//! indicators; NULL only when `rows * cols == 0`), per-area inputs `rows` doubles. The reference
//! set is given by an optional byte mask `reference` (`rows` bytes, non-zero = in the reference
//! set; NULL = every area) and an optional `population` (`rows` doubles) that the options'
//! `min_population` and `weighted` use. Options live in a `bildung_index_options` struct made by
//! `bildung_index_options_default()` (NULL = defaults). Results go into caller-allocated
//! buffers: per-area numbers (`rows` or `rows * cols` doubles), class codes as `int32_t` (`-1`
//! = no class), per-area statuses as `bildung_area_status`, per-indicator parameters (`cols`
//! doubles). Required buffers are named in each function; the others may be NULL. Outputs are
//! written only on success and no arithmetic happens here.

use bildung_core::index::{
    self, Aggregation, Classes, Reference, Scheme, Side, StatusDynamicsOptions, Threshold,
    Weighting, ZOptions,
};
use bildung_core::{AreaStatus, Error};
use ndarray::{Array1, ArrayView1};

use crate::guard::{
    Failure, OutArray, guard, input, optional_input, optional_out, table_input, write_optional,
};
use crate::options::{BILDUNG_NAN_RAISE, bildung_info, bildung_nan_policy, nan_policy};
use crate::segregation::{area_status, bildung_area_status};
use crate::status::bildung_status;

/// Options of the index functions; start from `bildung_index_options_default()` so that fields
/// added later get their defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_index_options {
    /// SD divisor `n - ddof`: 1 (default) or 0.
    pub ddof: u32,
    /// 1: means and SDs weighted by `population`; 0 (default): unweighted.
    pub weighted: u32,
    /// Areas with a population below this are left out of the reference set (needs
    /// `population`); NaN (default): no minimum.
    pub min_population: f64,
    /// Winsorise at `±k` SD before the z-values (`bildung_index_zscore` only); NaN (default):
    /// no winsorising.
    pub winsorize: f64,
    /// 1 (default): subtract the mean; 0: divide by the SD only ("Statussumme / SD").
    pub centre: u32,
    /// `BILDUNG_NAN_RAISE` (default), `_OMIT` or `_PROPAGATE`.
    pub nan_policy: bildung_nan_policy,
}

/// The default index options: ddof 1, unweighted, no minimum population, no winsorising,
/// centred, `BILDUNG_NAN_RAISE`.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_index_options_default() -> bildung_index_options {
    bildung_index_options {
        ddof: 1,
        weighted: 0,
        min_population: f64::NAN,
        winsorize: f64::NAN,
        centre: 1,
        nan_policy: BILDUNG_NAN_RAISE,
    }
}

/// Weights of a composite: one of the `BILDUNG_INDEX_WEIGHTS_*` constants.
pub type bildung_index_weights = u32;
/// `w_j = 1/k`.
pub const BILDUNG_INDEX_WEIGHTS_EQUAL: bildung_index_weights = 0;
/// `w_j = 1` (Berlin MSS Statussumme).
pub const BILDUNG_INDEX_WEIGHTS_SUM: bildung_index_weights = 1;
/// User weights (`weights`, `cols` values >= 0), normalised to sum 1.
pub const BILDUNG_INDEX_WEIGHTS_USER: bildung_index_weights = 2;

/// Aggregation of a composite: one of the `BILDUNG_INDEX_AGGREGATION_*` constants.
pub type bildung_index_aggregation = u32;
/// `sum_j w_j x_ij`.
pub const BILDUNG_INDEX_AGGREGATION_LINEAR: bildung_index_aggregation = 0;
/// `prod_j x_ij^w_j` (values > 0).
pub const BILDUNG_INDEX_AGGREGATION_GEOMETRIC: bildung_index_aggregation = 1;

/// Where a value equal to a threshold goes: one of the `BILDUNG_BOUNDARY_*` constants.
pub type bildung_boundary = u32;
/// To the class below (intervals `(a, b]`).
pub const BILDUNG_BOUNDARY_LOWER: bildung_boundary = 0;
/// To the class above (intervals `[a, b)`).
pub const BILDUNG_BOUNDARY_UPPER: bildung_boundary = 1;

/// A preset classification scheme: one of the `BILDUNG_INDEX_SCHEME_*` constants.
pub type bildung_index_scheme = u32;
/// Berlin MSS status classes: 0 hoch (< -1), 1 mittel ([-1, 1]), 2 niedrig ((1, 1.5]),
/// 3 sehr niedrig (> 1.5).
pub const BILDUNG_INDEX_SCHEME_MSS_STATUS: bildung_index_scheme = 0;
/// Berlin MSS dynamics classes: 0 positiv (< -1), 1 stabil ([-1, 1]), 2 negativ (> 1).
pub const BILDUNG_INDEX_SCHEME_MSS_DYNAMICS: bildung_index_scheme = 1;

/// Bits of `bildung_index_pca_weights`' `unstable_out`.
pub type bildung_index_pca_flags = u32;
/// The first component explains less than `min_share`.
pub const BILDUNG_INDEX_PCA_LOW_SHARE: bildung_index_pca_flags = 1;
/// The first two eigenvalues are closer than `min_gap` (relative to the first).
pub const BILDUNG_INDEX_PCA_CLOSE_EIGENVALUES: bildung_index_pca_flags = 2;

fn options(p: *const bildung_index_options) -> bildung_index_options {
    if p.is_null() {
        bildung_index_options_default()
    } else {
        // SAFETY: non-NULL, aligned and readable by the caller's contract.
        unsafe { p.read() }
    }
}

fn flag(name: &'static str, v: u32) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(Error::parameter(name, other, "expected 0 or 1")),
    }
}

fn optional_real(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

fn scheme_of(v: bildung_index_scheme) -> Result<Scheme, Error> {
    match v {
        BILDUNG_INDEX_SCHEME_MSS_STATUS => Ok(Scheme::mss_status()),
        BILDUNG_INDEX_SCHEME_MSS_DYNAMICS => Ok(Scheme::mss_dynamics()),
        other => Err(Error::parameter(
            "scheme",
            other,
            "expected BILDUNG_INDEX_SCHEME_MSS_STATUS (0) or _MSS_DYNAMICS (1)",
        )),
    }
}

/// The reference inputs of C: the byte mask as bools, the population as a view.
struct ReferenceIn<'a> {
    include: Option<Array1<bool>>,
    population: Option<ArrayView1<'a, f64>>,
    min_population: Option<f64>,
    weighted: bool,
}

impl ReferenceIn<'_> {
    /// # Safety
    /// `reference` NULL or readable for `rows` bytes, `population` NULL or readable for `rows`
    /// doubles.
    unsafe fn new<'a>(
        reference: *const u8,
        population: *const f64,
        rows: usize,
        o: &bildung_index_options,
    ) -> Result<ReferenceIn<'a>, Failure> {
        // SAFETY: forwarded caller contract.
        let include =
            unsafe { optional_input(reference, rows) }.map(|m| m.iter().map(|&b| b != 0).collect());
        // SAFETY: forwarded caller contract.
        let population = unsafe { optional_input(population, rows) }.map(ArrayView1::from);
        Ok(ReferenceIn {
            include,
            population,
            min_population: optional_real(o.min_population),
            weighted: flag("weighted", o.weighted)?,
        })
    }

    fn reference(&self) -> Reference<'_> {
        Reference {
            include: self.include.as_ref().map(|m| m.view()),
            population: self.population,
            min_population: self.min_population,
            weighted: self.weighted,
        }
    }
}

fn statuses(s: &[AreaStatus]) -> Vec<bildung_area_status> {
    s.iter().map(|&v| area_status(v)).collect()
}

/// A per-area input of `n` doubles.
///
/// # Safety
/// `ptr` NULL (only with `n == 0`) or readable for `n` doubles.
unsafe fn vector<'a>(
    ptr: *const f64,
    n: usize,
    what: &str,
) -> Result<ArrayView1<'a, f64>, Failure> {
    // SAFETY: forwarded caller contract.
    Ok(ArrayView1::from(unsafe { input(ptr, n, what) }?))
}

/// A per-indicator option array (`cols` doubles) or `None`.
///
/// # Safety
/// `ptr` NULL or readable for `cols` doubles.
unsafe fn per_indicator(ptr: *const f64, cols: usize) -> Option<Vec<f64>> {
    // SAFETY: forwarded caller contract.
    unsafe { optional_input(ptr, cols) }.map(<[f64]>::to_vec)
}

/// z-standardisation against a reference set (z-Standardisierung), per indicator.
///
/// ```text
/// z_ij = s_j (x_ij - mean_j) / sd_j;  mean_j, sd_j over the reference set (weighted with
/// options.weighted; SD divisor n - ddof; capped at mean ± k sd first with options.winsorize = k)
/// ```
/// Areas outside the reference set are scored with its parameters. Core:
/// `bildung_core::index::zscore`.
///
/// # Parameters
/// - `x`: `rows * cols` doubles, row-major (areas x indicators).
/// - `reference`: optional `rows` bytes (non-zero = in the reference set); `population`:
///   optional `rows` doubles (for `options->min_population` and `options->weighted`).
/// - `polarity`: optional `cols` doubles, each +1 or -1.
/// - `options`: NULL for the defaults.
/// - `z_out`: `rows * cols` doubles (required; NaN for a missing cell).
/// - `mean_out`, `sd_out`: optional `cols` doubles; `n_reference_out`: optional `cols` sizes.
/// - `in_reference_out`: optional `rows` bytes (1 = in the reference set).
/// - `status_out`: optional `rows` statuses (`BILDUNG_AREA_MISSING` with a missing cell).
/// - `info`: optional bookkeeping (`n_used` / `n_dropped` areas without / with a missing cell).
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT` (no area, no
/// indicator, an empty reference set), `BILDUNG_ERR_MISSING_VALUE` (the cell `row * cols + col`
/// in the message), `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE` (population),
/// `BILDUNG_ERR_UNDEFINED` (an indicator constant over the reference set: the message names the
/// column), `BILDUNG_ERR_INVALID_PARAMETER` (polarity, ddof, winsorize, a minimum or weights
/// without `population`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_zscore(
    x: *const f64,
    rows: usize,
    cols: usize,
    reference: *const u8,
    population: *const f64,
    polarity: *const f64,
    options_in: *const bildung_index_options,
    z_out: *mut f64,
    mean_out: *mut f64,
    sd_out: *mut f64,
    n_reference_out: *mut usize,
    in_reference_out: *mut u8,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_zscore", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(x, rows, cols, "x") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, rows, &o) }?;
        let zo = ZOptions {
            form: index::variance_form(o.ddof)?,
            // SAFETY: forwarded caller contract.
            polarity: unsafe { per_indicator(polarity, cols) },
            winsorize: optional_real(o.winsorize),
            centre: flag("centre", o.centre)?,
            nan: nan_policy(o.nan_policy)?,
        };
        let z_buf = OutArray::new(z_out, x.len(), "z_out")?;
        let mean = optional_out(mean_out, cols, "mean_out")?;
        let sd = optional_out(sd_out, cols, "sd_out")?;
        let n_ref = optional_out(n_reference_out, cols, "n_reference_out")?;
        let in_ref = optional_out(in_reference_out, rows, "in_reference_out")?;
        let status = optional_out(status_out, rows, "status_out")?;
        let z = index::zscore(x, &r.reference(), &zo)?;
        let values: Vec<f64> = z.values.iter().copied().collect();
        let members: Vec<u8> = z.in_reference.iter().map(|&b| u8::from(b)).collect();
        // SAFETY: buffers checked above for their lengths (caller contract).
        unsafe {
            z_buf.write(&values);
            mean.write(&z.mean);
            sd.write(&z.sd);
            n_ref.write(&z.n_reference);
            in_ref.write(&members);
            status.write(&statuses(&z.status));
            write_optional(info, bildung_info::new(z.n_used, z.n_dropped, 0, z.flags));
        }
        Ok(())
    })
}

/// Re-standardisation of a composite (Berlin MSS: Status-Index = standardisierte Statussumme).
///
/// ```text
/// index_i = (c_i - mean_R(c)) / sd_R(c)   (options.centre = 1);   c_i / sd_R(c)   (centre = 0)
/// ```
/// Core: `bildung_core::index::restandardise`.
///
/// # Parameters
/// - `values`: `n` doubles (the composite per area).
/// - `reference`, `population`, `options`: as for `bildung_index_zscore` (`winsorize` ignored).
/// - `index_out`: `n` doubles (required).
/// - `mean_out`, `sd_out`: optional single doubles (mean and SD of the composite over the
///   reference set); `n_reference_out`: optional single size.
/// - `status_out`: optional `n` statuses; `info`: optional.
///
/// # Returns
/// As `bildung_index_zscore`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_restandardise(
    values: *const f64,
    n: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    index_out: *mut f64,
    mean_out: *mut f64,
    sd_out: *mut f64,
    n_reference_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_restandardise", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, n, &o) }?;
        let zo = ZOptions {
            form: index::variance_form(o.ddof)?,
            polarity: None,
            winsorize: None,
            centre: flag("centre", o.centre)?,
            nan: nan_policy(o.nan_policy)?,
        };
        let out = OutArray::new(index_out, n, "index_out")?;
        let status = optional_out(status_out, n, "status_out")?;
        let z = index::restandardise(v, &r.reference(), &zo)?;
        let values: Vec<f64> = z.values.iter().copied().collect();
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            out.write(&values);
            write_optional(mean_out, z.mean[0]);
            write_optional(sd_out, z.sd[0]);
            write_optional(n_reference_out, z.n_reference[0]);
            status.write(&statuses(&z.status));
            write_optional(info, bildung_info::new(z.n_used, z.n_dropped, 0, z.flags));
        }
        Ok(())
    })
}

/// Min-max scaling against a reference set (Min-Max-Normierung), per indicator.
///
/// ```text
/// polarity +1: (x_ij - min_j) / (max_j - min_j)     polarity -1: (max_j - x_ij) / (max_j - min_j)
/// ```
/// Core: `bildung_core::index::min_max`.
///
/// # Parameters
/// - `x`, `reference`, `population`, `polarity`, `options` (`min_population`, `nan_policy`):
///   as for `bildung_index_zscore`.
/// - `values_out`: `rows * cols` doubles (required); `min_out`, `max_out`: optional `cols`
///   doubles; `status_out`: optional `rows` statuses; `info`: optional.
///
/// # Returns
/// As `bildung_index_zscore` (`BILDUNG_ERR_UNDEFINED`: max = min over the reference set).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_min_max(
    x: *const f64,
    rows: usize,
    cols: usize,
    reference: *const u8,
    population: *const f64,
    polarity: *const f64,
    options_in: *const bildung_index_options,
    values_out: *mut f64,
    min_out: *mut f64,
    max_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_min_max", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(x, rows, cols, "x") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, rows, &o) }?;
        // SAFETY: forwarded caller contract.
        let pol = unsafe { per_indicator(polarity, cols) };
        let out = OutArray::new(values_out, x.len(), "values_out")?;
        let lo = optional_out(min_out, cols, "min_out")?;
        let hi = optional_out(max_out, cols, "max_out")?;
        let status = optional_out(status_out, rows, "status_out")?;
        let m = index::min_max(x, &r.reference(), pol.as_deref(), nan_policy(o.nan_policy)?)?;
        let values: Vec<f64> = m.values.iter().copied().collect();
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            out.write(&values);
            lo.write(&m.min);
            hi.write(&m.max);
            status.write(&statuses(&m.status));
            write_optional(info, bildung_info::new(m.n_used, m.n_dropped, 0, m.flags));
        }
        Ok(())
    })
}

/// Average-rank percentiles against a reference set (Rangnormierung), per indicator.
///
/// ```text
/// L = #{reference values < v}, E = #{reference values <= v}  (v = polarity x value)
/// rank = (L + E)/2 + 1/2,  percentile = (L + E) / (2 n)
/// ```
/// Core: `bildung_core::index::percentile_rank`.
///
/// # Parameters
/// - `x`, `reference`, `population`, `polarity`, `options`: as for `bildung_index_min_max`.
/// - `percentile_out`: `rows * cols` doubles (required); `rank_out`: optional `rows * cols`;
///   `status_out`: optional `rows` statuses; `info`: optional.
///
/// # Returns
/// As `bildung_index_zscore` (a constant indicator is fine here).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_percentile_rank(
    x: *const f64,
    rows: usize,
    cols: usize,
    reference: *const u8,
    population: *const f64,
    polarity: *const f64,
    options_in: *const bildung_index_options,
    percentile_out: *mut f64,
    rank_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_percentile_rank", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(x, rows, cols, "x") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, rows, &o) }?;
        // SAFETY: forwarded caller contract.
        let pol = unsafe { per_indicator(polarity, cols) };
        let out = OutArray::new(percentile_out, x.len(), "percentile_out")?;
        let rank = optional_out(rank_out, x.len(), "rank_out")?;
        let status = optional_out(status_out, rows, "status_out")?;
        let p =
            index::percentile_rank(x, &r.reference(), pol.as_deref(), nan_policy(o.nan_policy)?)?;
        let pct: Vec<f64> = p.percentile.iter().copied().collect();
        let ranks: Vec<f64> = p.rank.iter().copied().collect();
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            out.write(&pct);
            rank.write(&ranks);
            status.write(&statuses(&p.status));
            write_optional(info, bildung_info::new(p.n_used, p.n_dropped, 0, p.flags));
        }
        Ok(())
    })
}

/// Weighted sum (or weighted geometric mean) of normalised indicators per area (Statussumme).
///
/// ```text
/// LINEAR: c_i = sum_j w_j x_ij     GEOMETRIC: c_i = prod_j x_ij^w_j  (x > 0)
/// w_j = 1/k (EQUAL), 1 (SUM), weights_j / sum weights (USER)
/// ```
/// Core: `bildung_core::index::weighted_sum`.
///
/// # Parameters
/// - `x`: `rows * cols` doubles, row-major.
/// - `weighting`: a `BILDUNG_INDEX_WEIGHTS_*` constant; `weights`: `cols` doubles >= 0 for
///   `BILDUNG_INDEX_WEIGHTS_USER` (ignored otherwise, may be NULL).
/// - `aggregation`: a `BILDUNG_INDEX_AGGREGATION_*` constant; `policy`: NaN policy (an area with
///   a missing indicator gets NaN and `BILDUNG_AREA_MISSING` under `_OMIT` / `_PROPAGATE`).
/// - `values_out`: `rows` doubles (required); `weights_out`: optional `cols` doubles (the weights
///   used); `status_out`: optional `rows` statuses; `info`: optional.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT`,
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE` (a negative
/// user weight, a value <= 0 with GEOMETRIC), `BILDUNG_ERR_INVALID_PARAMETER`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_weighted_sum(
    x: *const f64,
    rows: usize,
    cols: usize,
    weighting: bildung_index_weights,
    weights: *const f64,
    aggregation: bildung_index_aggregation,
    policy: bildung_nan_policy,
    values_out: *mut f64,
    weights_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_weighted_sum", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(x, rows, cols, "x") }?;
        let w = match weighting {
            BILDUNG_INDEX_WEIGHTS_EQUAL => Weighting::Equal,
            BILDUNG_INDEX_WEIGHTS_SUM => Weighting::Sum,
            BILDUNG_INDEX_WEIGHTS_USER => {
                // SAFETY: forwarded caller contract.
                Weighting::User(unsafe { input(weights, cols, "weights") }?.to_vec())
            }
            other => {
                return Err(Error::parameter(
                    "weighting",
                    other,
                    "expected BILDUNG_INDEX_WEIGHTS_EQUAL (0), _SUM (1) or _USER (2)",
                )
                .into());
            }
        };
        let method = match aggregation {
            BILDUNG_INDEX_AGGREGATION_LINEAR => Aggregation::Linear,
            BILDUNG_INDEX_AGGREGATION_GEOMETRIC => Aggregation::Geometric,
            other => {
                return Err(Error::parameter(
                    "aggregation",
                    other,
                    "expected BILDUNG_INDEX_AGGREGATION_LINEAR (0) or _GEOMETRIC (1)",
                )
                .into());
            }
        };
        let out = OutArray::new(values_out, rows, "values_out")?;
        let w_out = optional_out(weights_out, cols, "weights_out")?;
        let status = optional_out(status_out, rows, "status_out")?;
        let c = index::weighted_sum(x, &w, method, nan_policy(policy)?)?;
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            out.write(&c.values);
            w_out.write(&c.weights);
            status.write(&statuses(&c.status));
            write_optional(info, bildung_info::new(c.n_used, c.n_dropped, 0, c.flags));
        }
        Ok(())
    })
}

/// PCA weights: eigen-decomposition of the correlation matrix of the indicators over the
/// reference set; first-component loadings (sign: sum > 0) and weights `loading^2`.
///
/// ```text
/// R = V diag(lambda) V';  weights_j = V_j1^2;  explained_k = lambda_k / cols
/// ```
/// Core: `bildung_core::index::pca_weights`.
///
/// # Parameters
/// - `x`, `reference`, `population`, `options` (`min_population`, `weighted`, `nan_policy`: an
///   area with a missing indicator is left out under `_OMIT` / `_PROPAGATE`): as for
///   `bildung_index_zscore`.
/// - `min_share`, `min_gap`: in [0, 1] (0.5 and 0.1 are the defaults of the other languages).
/// - `eigenvalues_out`, `loadings_out`, `weights_out`: `cols` doubles each (required);
///   `explained_out`: optional `cols` doubles.
/// - `unstable_out`: optional bits `BILDUNG_INDEX_PCA_LOW_SHARE`,
///   `BILDUNG_INDEX_PCA_CLOSE_EIGENVALUES` (0 = stable).
/// - `info`: optional (`n_used` / `n_dropped` reference areas).
///
/// # Returns
/// As `bildung_index_zscore`; also `BILDUNG_ERR_DID_NOT_CONVERGE` (never seen in practice).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_pca_weights(
    x: *const f64,
    rows: usize,
    cols: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    min_share: f64,
    min_gap: f64,
    eigenvalues_out: *mut f64,
    loadings_out: *mut f64,
    weights_out: *mut f64,
    explained_out: *mut f64,
    unstable_out: *mut bildung_index_pca_flags,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_pca_weights", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(x, rows, cols, "x") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, rows, &o) }?;
        let ev = OutArray::new(eigenvalues_out, cols, "eigenvalues_out")?;
        let ld = OutArray::new(loadings_out, cols, "loadings_out")?;
        let wt = OutArray::new(weights_out, cols, "weights_out")?;
        let ex = optional_out(explained_out, cols, "explained_out")?;
        let po = index::PcaOptions {
            min_share,
            min_gap,
            nan: nan_policy(o.nan_policy)?,
        };
        let p = index::pca_weights(x, &r.reference(), &po)?;
        let bits = if p.low_share {
            BILDUNG_INDEX_PCA_LOW_SHARE
        } else {
            0
        } | if p.close_eigenvalues {
            BILDUNG_INDEX_PCA_CLOSE_EIGENVALUES
        } else {
            0
        };
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            ev.write(&p.eigenvalues);
            ld.write(&p.loadings);
            wt.write(&p.weights);
            ex.write(&p.explained);
            write_optional(unstable_out, bits);
            write_optional(info, bildung_info::new(p.n_used, p.n_dropped, 0, p.flags));
        }
        Ok(())
    })
}

/// Population-weighted means of sub-areas per parent area (e.g. Statistische Gebiete ->
/// Sozialräume).
///
/// ```text
/// y_pj = sum_{i: parent_i = p} w_i x_ij / sum_{i: parent_i = p} w_i
/// ```
/// Core: `bildung_core::index::aggregate_weighted`.
///
/// # Parameters
/// - `values`: `rows * cols` doubles (sub-areas x indicators), row-major.
/// - `parent`: `rows` codes `0 .. n_parents-1` (negative = unknown parent); `weights`: `rows`
///   doubles >= 0.
/// - `policy`: NaN policy (missing values, parents, weights).
/// - `out`: `n_parents * cols` doubles (required; NaN for a parent without weight);
///   `total_weight_out`: optional `n_parents` doubles; `status_out`: optional `n_parents`
///   statuses (`BILDUNG_AREA_EMPTY` without weight); `info`: optional (`n_used`, `n_dropped`,
///   `n_empty` sub-areas).
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT`,
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE` (weights),
/// `BILDUNG_ERR_INVALID_PARAMETER` (a code >= `n_parents`).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_aggregate_weighted(
    values: *const f64,
    rows: usize,
    cols: usize,
    parent: *const i64,
    weights: *const f64,
    n_parents: usize,
    policy: bildung_nan_policy,
    out: *mut f64,
    total_weight_out: *mut f64,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_aggregate_weighted", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { table_input(values, rows, cols, "values") }?;
        // SAFETY: forwarded caller contract.
        let p = ArrayView1::from(unsafe { input(parent, rows, "parent") }?);
        // SAFETY: forwarded caller contract.
        let w = unsafe { vector(weights, rows, "weights") }?;
        let len = n_parents.checked_mul(cols).ok_or_else(|| {
            Failure::Core(Error::parameter(
                "n_parents * cols",
                format!("{n_parents} * {cols}"),
                "overflows",
            ))
        })?;
        let o = OutArray::new(out, len, "out")?;
        let tw = optional_out(total_weight_out, n_parents, "total_weight_out")?;
        let status = optional_out(status_out, n_parents, "status_out")?;
        let a = index::aggregate_weighted(x, p, w, n_parents, nan_policy(policy)?)?;
        let vals: Vec<f64> = a.values.iter().copied().collect();
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            o.write(&vals);
            tw.write(&a.total_weight);
            status.write(&statuses(&a.status));
            write_optional(
                info,
                bildung_info::new(a.n_used, a.n_dropped, a.n_empty, a.flags),
            );
        }
        Ok(())
    })
}

/// The caller's buffers of a classification.
struct ClassesOut {
    code: OutArray<i32>,
    thresholds: OutArray<f64>,
    counts: OutArray<usize>,
    status: OutArray<bildung_area_status>,
}

impl ClassesOut {
    fn new(
        n: usize,
        classes: usize,
        code: *mut i32,
        thresholds: *mut f64,
        counts: *mut usize,
        status: *mut bildung_area_status,
    ) -> Result<ClassesOut, Failure> {
        Ok(ClassesOut {
            code: OutArray::new(code, n, "code_out")?,
            thresholds: optional_out(thresholds, classes.saturating_sub(1), "thresholds_out")?,
            counts: optional_out(counts, classes, "counts_out")?,
            status: optional_out(status, n, "status_out")?,
        })
    }

    /// # Safety
    /// Every non-NULL buffer writable for its length, `info` NULL or writable.
    unsafe fn write(&self, c: &Classes, info: *mut bildung_info) {
        let t: Vec<f64> = c.thresholds.iter().map(|t| t.value).collect();
        // SAFETY: forwarded caller contract.
        unsafe {
            self.code.write(&c.code);
            self.thresholds.write(&t);
            self.counts.write(&c.counts);
            self.status.write(&statuses(&c.status));
            write_optional(info, bildung_info::new(c.n_used, c.n_dropped, 0, c.flags));
        }
    }
}

/// The thresholds `(value, boundary)` of C arrays.
///
/// # Safety
/// `values` readable for `n` doubles; `boundary` NULL or readable for `n` integers.
unsafe fn thresholds(
    values: *const f64,
    boundary: *const bildung_boundary,
    n: usize,
) -> Result<Vec<Threshold>, Failure> {
    // SAFETY: forwarded caller contract.
    let v = unsafe { input(values, n, "thresholds") }?;
    // SAFETY: forwarded caller contract.
    let b = unsafe { optional_input(boundary, n) };
    v.iter()
        .enumerate()
        .map(|(k, &value)| {
            let side = match b.map_or(BILDUNG_BOUNDARY_LOWER, |b| b[k]) {
                BILDUNG_BOUNDARY_LOWER => Side::Lower,
                BILDUNG_BOUNDARY_UPPER => Side::Upper,
                other => {
                    return Err(Failure::Core(Error::parameter(
                        "boundary",
                        other,
                        "expected BILDUNG_BOUNDARY_LOWER (0) or BILDUNG_BOUNDARY_UPPER (1)",
                    )));
                }
            };
            Ok(Threshold { value, side })
        })
        .collect()
}

/// Classification by fixed thresholds (feste Schwellenwerte) on the unrounded values.
///
/// ```text
/// class(v) = #{k : v > t_k, or v = t_k with BILDUNG_BOUNDARY_UPPER}
/// ```
/// Core: `bildung_core::index::classify`.
///
/// # Parameters
/// - `values`: `n` doubles.
/// - `thresholds`: `n_thresholds` strictly increasing doubles; `boundary`: optional
///   `n_thresholds` `BILDUNG_BOUNDARY_*` values (NULL = all `_LOWER`).
/// - `policy`: NaN policy (a missing value gets code -1 under `_OMIT` / `_PROPAGATE`).
/// - `code_out`: `n` codes (required), `0 .. n_thresholds`, -1 without a class;
///   `counts_out`: optional `n_thresholds + 1` sizes; `status_out`: optional `n`; `info`:
///   optional.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT`,
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_PARAMETER`
/// (thresholds not increasing, an unknown boundary).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_classify(
    values: *const f64,
    n: usize,
    thresholds_in: *const f64,
    n_thresholds: usize,
    boundary: *const bildung_boundary,
    policy: bildung_nan_policy,
    code_out: *mut i32,
    counts_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_classify", || {
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let t = unsafe { thresholds(thresholds_in, boundary, n_thresholds) }?;
        let out = ClassesOut::new(
            n,
            n_thresholds + 1,
            code_out,
            std::ptr::null_mut(),
            counts_out,
            status_out,
        )?;
        let scheme = Scheme::new(t, None)?;
        let c = index::classify(v, &scheme, nan_policy(policy)?)?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// Classification by a preset scheme (`BILDUNG_INDEX_SCHEME_MSS_STATUS`: 0 hoch < -1 <= 1
/// mittel <= 1 < 2 niedrig <= 1.5 < 3 sehr niedrig; `_MSS_DYNAMICS`: 0 positiv < -1 <= 1 stabil
/// <= 1 < 2 negativ). Labels: `bildung_index_scheme_label`. Core:
/// `bildung_core::index::classify` with `Scheme::mss_status` / `mss_dynamics`.
///
/// # Parameters
/// - `values`: `n` doubles; `scheme`: a `BILDUNG_INDEX_SCHEME_*` constant; `policy`: NaN policy.
/// - `code_out`: `n` codes (required); `counts_out`: optional (4 or 3 sizes); `status_out`:
///   optional `n`; `info`: optional.
///
/// # Returns
/// As `bildung_index_classify`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_classify_scheme(
    values: *const f64,
    n: usize,
    scheme: bildung_index_scheme,
    policy: bildung_nan_policy,
    code_out: *mut i32,
    counts_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_classify_scheme", || {
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        let s = scheme_of(scheme)?;
        let out = ClassesOut::new(
            n,
            s.labels.len(),
            code_out,
            std::ptr::null_mut(),
            counts_out,
            status_out,
        )?;
        let c = index::classify(v, &s, nan_policy(policy)?)?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// The label of class `code` of a preset scheme ("hoch", "stabil", ...), copied NUL-terminated
/// into `buf` (UTF-8).
///
/// # Parameters
/// - `scheme`: a `BILDUNG_INDEX_SCHEME_*` constant; `code`: a class code of it.
/// - `buf`, `len`: the caller's buffer (NULL allowed with `len == 0`); `needed`: optional, gets
///   the length including the NUL.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (the needed length is reported, nothing written),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown scheme or code).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `buf` valid for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_index_scheme_label(
    scheme: bildung_index_scheme,
    code: i32,
    buf: *mut std::ffi::c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_index_scheme_label", || {
        let s = scheme_of(scheme)?;
        let label = usize::try_from(code)
            .ok()
            .and_then(|c| s.labels.get(c))
            .ok_or_else(|| {
                Failure::Core(Error::parameter(
                    "code",
                    code,
                    format!("the scheme has codes 0..{}", s.labels.len()),
                ))
            })?;
        let bytes = label.as_bytes();
        // SAFETY: `needed` NULL or writable (caller contract).
        unsafe { write_optional(needed, bytes.len() + 1) };
        if len < bytes.len() + 1 {
            return Err(Failure::buffer("buf", len, bytes.len() + 1));
        }
        let out = OutArray::new(buf.cast::<u8>(), len, "buf")?;
        let mut with_nul = bytes.to_vec();
        with_nul.push(0);
        // SAFETY: `buf` holds `len >= bytes.len() + 1` bytes (caller contract).
        unsafe { out.write(&with_nul) };
        Ok(())
    })
}

/// Quantile classes (Quantilsklassen): boundaries are the type-7 quantiles (numpy "linear") of
/// the reference set at `probabilities`; a value on a boundary goes to the lower class.
///
/// Core: `bildung_core::index::classify_quantiles`.
///
/// # Parameters
/// - `values`: `n` doubles; `reference`, `population`, `options` (`min_population`,
///   `nan_policy`): as for `bildung_index_zscore`.
/// - `probabilities`: `n_probabilities` strictly increasing values in (0, 1).
/// - `code_out`: `n` codes (required); `thresholds_out`: optional `n_probabilities` doubles;
///   `counts_out`: optional `n_probabilities + 1`; `status_out`: optional `n`; `info`: optional.
///
/// # Returns
/// As `bildung_index_classify`; also `BILDUNG_ERR_EMPTY_INPUT` (no reference value).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_classify_quantiles(
    values: *const f64,
    n: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    probabilities: *const f64,
    n_probabilities: usize,
    code_out: *mut i32,
    thresholds_out: *mut f64,
    counts_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_classify_quantiles", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, n, &o) }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { input(probabilities, n_probabilities, "probabilities") }?;
        let out = ClassesOut::new(
            n,
            n_probabilities + 1,
            code_out,
            thresholds_out,
            counts_out,
            status_out,
        )?;
        let c = index::classify_quantiles(v, &r.reference(), p, None, nan_policy(o.nan_policy)?)?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// Equal-width stages (NRW Sozialindex), optionally with the top share of the reference set in
/// the highest stage (NRW 2024: `top_share` 0.05 -> Stufe 9, the rest in 8 equal-width stages).
///
/// ```text
/// no top share: edges min + k (max - min)/m;  top share p: cut c = Q(1 - p) (type 7),
/// edges min + k (c - min)/(m - 1), k = 1..m-2, and c; a value on an edge goes to the lower stage
/// ```
/// Core: `bildung_core::index::classify_equal_width`.
///
/// # Parameters
/// - `values`, `reference`, `population`, `options`: as for `bildung_index_classify_quantiles`.
/// - `stages`: `m >= 2`; `top_share`: in (0, 1), or NaN for none.
/// - `code_out`: `n` codes `0 .. m-1` (stage 1 = code 0; required); `thresholds_out`: optional
///   `m - 1` doubles; `counts_out`: optional `m`; `status_out`: optional `n`; `info`: optional.
///
/// # Returns
/// As `bildung_index_classify_quantiles`; `BILDUNG_ERR_UNDEFINED` when all reference values
/// are equal.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_classify_equal_width(
    values: *const f64,
    n: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    stages: usize,
    top_share: f64,
    code_out: *mut i32,
    thresholds_out: *mut f64,
    counts_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_classify_equal_width", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, n, &o) }?;
        let out = ClassesOut::new(n, stages, code_out, thresholds_out, counts_out, status_out)?;
        let c = index::classify_equal_width(
            v,
            &r.reference(),
            stages,
            optional_real(top_share),
            None,
            nan_policy(o.nan_policy)?,
        )?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// SD classes (Hamburg): thresholds at `mean + c_k sd` of the reference set.
///
/// ```text
/// t_k = mean_R + c_k sd_R   (weighted with options.weighted, divisor n - options.ddof)
/// ```
/// Core: `bildung_core::index::classify_sd`.
///
/// # Parameters
/// - `values`, `reference`, `population`, `options`: as for `bildung_index_classify_quantiles`
///   (also `ddof` and `weighted`).
/// - `multiples`: `n_multiples` strictly increasing doubles; `boundary`: optional `n_multiples`
///   `BILDUNG_BOUNDARY_*` values (NULL = all `_LOWER`).
/// - `code_out`: `n` codes (required); `thresholds_out`: optional `n_multiples` doubles (on the
///   scale of the values); `counts_out`: optional `n_multiples + 1`; `status_out`, `info`:
///   optional.
///
/// # Returns
/// As `bildung_index_classify_quantiles`; `BILDUNG_ERR_UNDEFINED` for an SD of 0.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_classify_sd(
    values: *const f64,
    n: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    multiples: *const f64,
    n_multiples: usize,
    boundary: *const bildung_boundary,
    code_out: *mut i32,
    thresholds_out: *mut f64,
    counts_out: *mut usize,
    status_out: *mut bildung_area_status,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_classify_sd", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let v = unsafe { vector(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, n, &o) }?;
        // SAFETY: forwarded caller contract.
        let t = unsafe { thresholds(multiples, boundary, n_multiples) }?;
        let out = ClassesOut::new(
            n,
            n_multiples + 1,
            code_out,
            thresholds_out,
            counts_out,
            status_out,
        )?;
        let scheme = Scheme::new(t, None)?;
        let c = index::classify_sd(
            v,
            &r.reference(),
            &scheme,
            index::variance_form(o.ddof)?,
            nan_policy(o.nan_policy)?,
        )?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// Cross-classification of two classifications of the same `n` areas (MSS Gesamtindex):
/// `code = code_a * classes_b + code_b`, -1 if either is -1.
///
/// Core: `bildung_core::index::cross_codes`.
///
/// # Parameters
/// - `code_a`, `code_b`: `n` codes each, `-1 .. classes_a - 1` and `-1 .. classes_b - 1`.
/// - `code_out`: `n` codes (required); `counts_out`: optional `classes_a * classes_b` sizes;
///   `info`: optional.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (a code out of
/// range).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_cross_classify(
    code_a: *const i32,
    classes_a: usize,
    code_b: *const i32,
    classes_b: usize,
    n: usize,
    code_out: *mut i32,
    counts_out: *mut usize,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_cross_classify", || {
        // SAFETY: forwarded caller contract.
        let a = unsafe { input(code_a, n, "code_a") }?;
        // SAFETY: forwarded caller contract.
        let b = unsafe { input(code_b, n, "code_b") }?;
        let total = classes_a.checked_mul(classes_b).ok_or_else(|| {
            Failure::Core(Error::parameter(
                "classes_a * classes_b",
                format!("{classes_a} * {classes_b}"),
                "overflows",
            ))
        })?;
        let out = ClassesOut::new(
            n,
            total,
            code_out,
            std::ptr::null_mut(),
            counts_out,
            std::ptr::null_mut(),
        )?;
        // labels are not returned to C; the core needs one per class
        let la: Vec<String> = (0..classes_a).map(|k| k.to_string()).collect();
        let lb: Vec<String> = (0..classes_b).map(|k| k.to_string()).collect();
        let c = index::cross_codes(a, &la, b, &lb)?;
        // SAFETY: buffers checked above (caller contract).
        unsafe { out.write(&c, info) };
        Ok(())
    })
}

/// The Berlin MSS pipeline: z-values of the status and dynamics indicators (unless
/// `standardise` is 0: the inputs are z-values), their sums, the re-standardised Status- and
/// Dynamik-Index, the MSS classes and the 12 groups (`status code * 3 + dynamics code`).
///
/// ```text
/// z_ij = (x_ij - mean_j)/sd_j;  S_i = sum_j z_ij;  index_i = (S_i - mean_R(S))/sd_R(S)
/// ```
/// (`options.centre = 0`: `S_i / sd_R(S)`, as the MSS describes it). Core:
/// `bildung_core::index::status_dynamics` with the MSS schemes.
///
/// # Parameters
/// - `status`: `rows * status_cols` doubles; `dynamics`: `rows * dynamics_cols` doubles
///   (row-major, same areas).
/// - `reference`, `population`, `options` (`ddof`, `weighted`, `min_population`, `centre` for
///   the index, `nan_policy`): as for `bildung_index_zscore`; `standardise`: 1 or 0.
/// - `status_polarity`, `dynamics_polarity`: optional per-indicator signs (only with
///   `standardise` 1).
/// - `status_sum_out`, `status_index_out`, `dynamics_sum_out`, `dynamics_index_out`: optional
///   `rows` doubles; `status_code_out`, `dynamics_code_out`, `group_code_out`: `rows` codes
///   (required); `sd_out`: optional 2 doubles (SD of the status and of the dynamics sums).
/// - `info`: optional (`n_used` = areas with a group).
///
/// # Returns
/// As `bildung_index_zscore`; `BILDUNG_ERR_INVALID_PARAMETER` for a polarity with
/// `standardise` 0.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// Every non-NULL pointer must be valid for the number of elements given above.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_index_status_dynamics(
    status: *const f64,
    status_cols: usize,
    dynamics: *const f64,
    dynamics_cols: usize,
    rows: usize,
    reference: *const u8,
    population: *const f64,
    options_in: *const bildung_index_options,
    standardise: u32,
    status_polarity: *const f64,
    dynamics_polarity: *const f64,
    status_sum_out: *mut f64,
    status_index_out: *mut f64,
    status_code_out: *mut i32,
    dynamics_sum_out: *mut f64,
    dynamics_index_out: *mut f64,
    dynamics_code_out: *mut i32,
    group_code_out: *mut i32,
    sd_out: *mut f64,
    info: *mut bildung_info,
) -> bildung_status {
    guard("bildung_index_status_dynamics", || {
        let o = options(options_in);
        // SAFETY: forwarded caller contract.
        let s = unsafe { table_input(status, rows, status_cols, "status") }?;
        // SAFETY: forwarded caller contract.
        let d = unsafe { table_input(dynamics, rows, dynamics_cols, "dynamics") }?;
        // SAFETY: forwarded caller contract.
        let r = unsafe { ReferenceIn::new(reference, population, rows, &o) }?;
        let outs = [
            optional_out(status_sum_out, rows, "status_sum_out")?,
            optional_out(status_index_out, rows, "status_index_out")?,
            optional_out(dynamics_sum_out, rows, "dynamics_sum_out")?,
            optional_out(dynamics_index_out, rows, "dynamics_index_out")?,
        ];
        let codes = [
            OutArray::new(status_code_out, rows, "status_code_out")?,
            OutArray::new(dynamics_code_out, rows, "dynamics_code_out")?,
            OutArray::new(group_code_out, rows, "group_code_out")?,
        ];
        let sd = optional_out(sd_out, 2, "sd_out")?;
        let options = StatusDynamicsOptions {
            reference: r.reference(),
            standardise: flag("standardise", standardise)?,
            // SAFETY: forwarded caller contract.
            status_polarity: unsafe { per_indicator(status_polarity, status_cols) },
            // SAFETY: forwarded caller contract.
            dynamics_polarity: unsafe { per_indicator(dynamics_polarity, dynamics_cols) },
            form: index::variance_form(o.ddof)?,
            centre_index: flag("centre", o.centre)?,
            status_scheme: Scheme::mss_status(),
            dynamics_scheme: Scheme::mss_dynamics(),
            nan: nan_policy(o.nan_policy)?,
        };
        let res = index::status_dynamics(s, d, &options)?;
        let columns = [
            res.status.sum.values.clone(),
            res.status.index.values.iter().copied().collect(),
            res.dynamics.sum.values.clone(),
            res.dynamics.index.values.iter().copied().collect(),
        ];
        // SAFETY: buffers checked above (caller contract).
        unsafe {
            for (buf, col) in outs.iter().zip(&columns) {
                buf.write(col);
            }
            codes[0].write(&res.status.classes.code);
            codes[1].write(&res.dynamics.classes.code);
            codes[2].write(&res.groups.code);
            sd.write(&[res.status.index.sd[0], res.dynamics.index.sd[0]]);
            write_optional(
                info,
                bildung_info::new(res.groups.n_used, res.groups.n_dropped, 0, res.groups.flags),
            );
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{BILDUNG_ERR_INVALID_PARAMETER, BILDUNG_ERR_UNDEFINED, BILDUNG_OK};

    #[test]
    fn zscore_and_classes_through_the_c_api() {
        let x = [1.0, 2.0, 3.0, 10.0];
        let mask = [1u8, 1, 1, 0];
        let mut z = [0.0; 4];
        let (mut mean, mut sd) = (0.0, 0.0);
        let st = unsafe {
            bildung_index_zscore(
                x.as_ptr(),
                4,
                1,
                mask.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                z.as_mut_ptr(),
                &mut mean,
                &mut sd,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_OK);
        assert_eq!((mean, sd), (2.0, 1.0));
        assert_eq!(z, [-1.0, 0.0, 1.0, 8.0]);
        let mut code = [0i32; 4];
        let st = unsafe {
            bildung_index_classify_scheme(
                z.as_ptr(),
                4,
                BILDUNG_INDEX_SCHEME_MSS_STATUS,
                BILDUNG_NAN_RAISE,
                code.as_mut_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_OK);
        assert_eq!(code, [1, 1, 1, 3]);
        let mut buf = [0 as std::ffi::c_char; 16];
        let mut needed = 0;
        let st = unsafe {
            bildung_index_scheme_label(
                BILDUNG_INDEX_SCHEME_MSS_STATUS,
                3,
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
            )
        };
        assert_eq!(st, BILDUNG_OK);
        assert_eq!(needed, 13);
        let label = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
        assert_eq!(label.to_str().unwrap(), "sehr niedrig");
        let flat = [1.0, 1.0];
        let st = unsafe {
            bildung_index_zscore(
                flat.as_ptr(),
                2,
                1,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                z.as_mut_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_UNDEFINED);
        let mut o = bildung_index_options_default();
        o.ddof = 2;
        let st = unsafe {
            bildung_index_zscore(
                x.as_ptr(),
                4,
                1,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                &o,
                z.as_mut_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
    }
}
