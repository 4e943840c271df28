//! Funnel plots (`bildung_core::funnel`) for C: `bildung_funnel` (the per-area analysis into
//! caller-allocated buffers), `bildung_funnel_limits` (limit curves on a caller-given grid),
//! `bildung_funnel_grid`, `bildung_funnel_benjamini_hochberg` and `bildung_funnel_class_label`.
//!
//! As elsewhere, every export checks its pointers, converts the option integers, calls one core
//! function and writes the outputs only on success; no arithmetic happens here. Per-level outputs
//! are row-major `n x n_levels` (`lower_out[i * n_levels + k]` is area `i`, level `k`), levels in
//! ascending order.

use std::ffi::{c_char, c_int};

use bildung_core::Error;
use bildung_core::funnel::{
    self, Adjustment, Funnel, FunnelClass, FunnelLimits, FunnelMethod, FunnelOptions,
    Overdispersion,
};
use ndarray::{Array2, ArrayView1};

use crate::guard::{
    Failure, OutArray, guard, input, optional_out, required_out, write_optional, write_text,
};
use crate::options::{BILDUNG_NAN_RAISE, bildung_info, bildung_nan_policy, nan_policy};
use crate::segregation::{area_status, bildung_area_status};
use crate::status::bildung_status;

/// Largest number of levels of one funnel (the size of `bildung_funnel_summary.levels`).
pub const BILDUNG_FUNNEL_MAX_LEVELS: usize = 16;

/// How the control limits are computed: one of the `BILDUNG_FUNNEL_METHOD_*` constants.
pub type bildung_funnel_method = u32;

/// Exact binomial limits with Spiegelhalter's interpolation (needs whole counts).
pub const BILDUNG_FUNNEL_METHOD_EXACT: bildung_funnel_method = 0;
/// Normal approximation `theta0 ± z sqrt(theta0 (1 - theta0)/n)`.
pub const BILDUNG_FUNNEL_METHOD_NORMAL: bildung_funnel_method = 1;
/// Normal limits on the arcsine scale (as R `FunnelPlotR`).
pub const BILDUNG_FUNNEL_METHOD_ARCSINE: bildung_funnel_method = 2;

/// Overdispersion widening of the limits: one of the `BILDUNG_FUNNEL_OD_*` constants.
pub type bildung_funnel_overdispersion = u32;

/// No widening.
pub const BILDUNG_FUNNEL_OD_NONE: bildung_funnel_overdispersion = 0;
/// Multiplicative: variance times phi (`bildung_funnel` uses `max(phi, 1)`).
pub const BILDUNG_FUNNEL_OD_MULTIPLICATIVE: bildung_funnel_overdispersion = 1;
/// Additive random effects: variance plus tau².
pub const BILDUNG_FUNNEL_OD_ADDITIVE: bildung_funnel_overdispersion = 2;

/// Class of one area (a signed byte): `BILDUNG_FUNNEL_WITHIN` (0), `k` / `-k` above / below the
/// limits of the `k` lowest levels (with the default levels 1 = warning at 95 %, 2 = alarm at
/// 99.8 %), `BILDUNG_FUNNEL_NOT_PLOTTED` (127) for an area with population 0 or a missing count.
pub type bildung_funnel_class = i8;

/// Inside the limits of every level.
pub const BILDUNG_FUNNEL_WITHIN: bildung_funnel_class = 0;
/// Above the upper limit of the lowest level only (default: the 95 % "warning" limit).
pub const BILDUNG_FUNNEL_ABOVE_WARNING: bildung_funnel_class = 1;
/// Above the upper limits of the two lowest levels (default: the 99.8 % "alarm" limit).
pub const BILDUNG_FUNNEL_ABOVE_ALARM: bildung_funnel_class = 2;
/// Below the lower limit of the lowest level only.
pub const BILDUNG_FUNNEL_BELOW_WARNING: bildung_funnel_class = -1;
/// Below the lower limits of the two lowest levels.
pub const BILDUNG_FUNNEL_BELOW_ALARM: bildung_funnel_class = -2;
/// Not plotted: population 0 or a missing count (check this before the sign of a code).
pub const BILDUNG_FUNNEL_NOT_PLOTTED: bildung_funnel_class = 127;

/// Options of `bildung_funnel`; start from `bildung_funnel_options_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bildung_funnel_options {
    /// External target theta0 in (0, 1); NaN (the default) for the pooled `sum x / sum n`.
    pub target: f64,
    /// `n_levels` two-sided levels in (0, 1), any order; NULL with `n_levels == 0` for the
    /// default 0.95 and 0.998.
    pub levels: *const f64,
    /// Number of levels (at most `BILDUNG_FUNNEL_MAX_LEVELS`).
    pub n_levels: usize,
    /// `BILDUNG_FUNNEL_METHOD_*` (default exact).
    pub method: bildung_funnel_method,
    /// `BILDUNG_FUNNEL_OD_*` (default none).
    pub overdispersion: bildung_funnel_overdispersion,
    /// Winsorising share of the z-scores for phi, in [0, 0.5) (default 0.1).
    pub winsorize: f64,
    /// False discovery rate of the Benjamini-Hochberg flag in (0, 1); NaN (the default) for no
    /// flag.
    pub fdr: f64,
    /// `BILDUNG_NAN_*` (default raise).
    pub policy: bildung_nan_policy,
}

/// Summary of a funnel: target, levels, adjustment, overdispersion and bookkeeping.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bildung_funnel_summary {
    /// The target theta0 (NaN when every area is missing under `BILDUNG_NAN_PROPAGATE`).
    pub theta0: f64,
    /// 1 when theta0 is the pooled proportion, 0 for an external target.
    pub pooled: c_int,
    /// Number of levels used.
    pub n_levels: usize,
    /// The levels, ascending (the order of the per-level outputs); unused entries are NaN.
    pub levels: [f64; BILDUNG_FUNNEL_MAX_LEVELS],
    /// The widening used (`BILDUNG_FUNNEL_OD_*`); pass it with `adjustment_value` to
    /// `bildung_funnel_limits` to draw the same funnel.
    pub adjustment: bildung_funnel_overdispersion,
    /// phi used (`max(phi, 1)`) or tau²; NaN without adjustment.
    pub adjustment_value: f64,
    /// 1 when the fields below were estimated (at least two plotted areas), else 0 (then NaN).
    pub has_dispersion: c_int,
    /// Dispersion factor phi = sum z_w² / I (winsorised z-scores).
    pub phi: f64,
    /// Test statistic I phi.
    pub chi2: f64,
    /// Its degrees of freedom I - 1.
    pub df: f64,
    /// P(chi²(I - 1) > I phi).
    pub dispersion_p_value: f64,
    /// Additive between-area variance tau².
    pub tau2: f64,
    /// Lower winsorising limit of the z-scores.
    pub winsor_lower: f64,
    /// Upper winsorising limit of the z-scores.
    pub winsor_upper: f64,
    /// `n_used` (plotted areas), `n_dropped` (missing), `n_empty` (population 0) and `flags`
    /// (`BILDUNG_FLAG_FEW_AREAS`, `BILDUNG_FLAG_MISSING_PROPAGATED`).
    pub info: bildung_info,
}

/// The default options: pooled target, levels 0.95 and 0.998, exact limits, no overdispersion
/// widening, winsorising 0.1, no BH flag, `BILDUNG_NAN_RAISE`.
///
/// Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_funnel_options_default() -> bildung_funnel_options {
    bildung_funnel_options {
        target: f64::NAN,
        levels: std::ptr::null(),
        n_levels: 0,
        method: BILDUNG_FUNNEL_METHOD_EXACT,
        overdispersion: BILDUNG_FUNNEL_OD_NONE,
        winsorize: 0.1,
        fdr: f64::NAN,
        policy: BILDUNG_NAN_RAISE,
    }
}

fn method(v: bildung_funnel_method) -> Result<FunnelMethod, Error> {
    match v {
        BILDUNG_FUNNEL_METHOD_EXACT => Ok(FunnelMethod::Exact),
        BILDUNG_FUNNEL_METHOD_NORMAL => Ok(FunnelMethod::Normal),
        BILDUNG_FUNNEL_METHOD_ARCSINE => Ok(FunnelMethod::Arcsine),
        other => Err(Error::parameter(
            "method",
            other,
            "expected BILDUNG_FUNNEL_METHOD_EXACT (0), _NORMAL (1) or _ARCSINE (2)",
        )),
    }
}

fn overdispersion(v: bildung_funnel_overdispersion) -> Result<Overdispersion, Error> {
    match v {
        BILDUNG_FUNNEL_OD_NONE => Ok(Overdispersion::None),
        BILDUNG_FUNNEL_OD_MULTIPLICATIVE => Ok(Overdispersion::Multiplicative),
        BILDUNG_FUNNEL_OD_ADDITIVE => Ok(Overdispersion::Additive),
        other => Err(Error::parameter(
            "overdispersion",
            other,
            "expected BILDUNG_FUNNEL_OD_NONE (0), _MULTIPLICATIVE (1) or _ADDITIVE (2)",
        )),
    }
}

fn od_code(a: Adjustment) -> bildung_funnel_overdispersion {
    match a {
        Adjustment::None => BILDUNG_FUNNEL_OD_NONE,
        Adjustment::Multiplicative { .. } => BILDUNG_FUNNEL_OD_MULTIPLICATIVE,
        Adjustment::Additive { .. } => BILDUNG_FUNNEL_OD_ADDITIVE,
    }
}

/// The levels `(ptr, n)`: NULL with 0 is the default; more than the maximum is rejected here
/// (before any slice is formed), the rest by the core.
///
/// # Safety
/// A non-NULL `ptr` must be readable for `n` doubles.
unsafe fn levels(ptr: *const f64, n: usize) -> Result<Vec<f64>, Failure> {
    if ptr.is_null() && n == 0 {
        return Ok(vec![0.95, 0.998]);
    }
    if n > BILDUNG_FUNNEL_MAX_LEVELS {
        return Err(Failure::Core(Error::parameter(
            "n_levels",
            n,
            format!("give 1 to {BILDUNG_FUNNEL_MAX_LEVELS} levels"),
        )));
    }
    // SAFETY: forwarded caller contract.
    Ok(unsafe { input(ptr, n, "levels") }?.to_vec())
}

/// `rows * n_levels` with overflow check.
fn matrix_len(rows: usize, n_levels: usize) -> Result<usize, Failure> {
    rows.checked_mul(n_levels).ok_or_else(|| {
        Failure::Core(Error::parameter(
            "n * n_levels",
            format!("{rows} * {n_levels}"),
            "the limit buffers would be larger than the address space",
        ))
    })
}

/// Row-major copy of an `n x levels` matrix.
fn row_major(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}

/// Funnel plot of area proportions (Trichterdiagramm; Spiegelhalter 2005): control limits at
/// every area's `n`, z-scores, two-sided p-values, the class of every area, an optional
/// Benjamini-Hochberg flag and the overdispersion.
///
/// ```text
/// theta0 = sum x_i / sum n_i (plotted areas) or options->target;  p_i = x_i / n_i
/// exact:   r = min{r: F(r) >= q},  limit (r - (F(r) - q)/P(R = r))/n,  R ~ Bin(n, theta0)
/// normal:  theta0 ± z_q sqrt(theta0 (1 - theta0)/n)
/// arcsine: sin²(asin(sqrt(theta0)) ± z_q / (2 sqrt(n)))
/// widened: multiplicative ± z_q sqrt(max(phi, 1)) s,  additive ± z_q sqrt(s² + tau²)
/// phi = sum z_w² / I (z winsorised at its type-7 quantiles),
/// tau² = max(0, (I phi - (I - 1)) / (sum w - sum w²/sum w)),  w = 1/s²
/// ```
/// An area with population 0 is not plotted (`BILDUNG_AREA_EMPTY`, class
/// `BILDUNG_FUNNEL_NOT_PLOTTED`, NaN numbers); an area with a NaN count follows the policy
/// (`BILDUNG_AREA_MISSING` under omit and propagate, left out of the pooled target and phi).
/// Limits are reported clamped to [0, 1] and unclamped. The class and the p-value agree with the
/// limits: an area is above (below) only if `p_i > theta0` (`p_i < theta0`); p-values are exact
/// (`2 P(R > x)` above theta0, `2 P(R <= x)` below) for the exact method without widening, else
/// `2 P(Z > |z_adjusted|)`. Core: `bildung_core::funnel::funnel`.
///
/// # Parameters
/// - `events`, `population`: `n` counts each, `0 <= events[i] <= population[i]` (whole numbers
///   for the exact method); NULL only when `n == 0`.
/// - `n`: number of areas.
/// - `options`: optional (NULL = `bildung_funnel_options_default()`).
/// - `z_out`, `z_adjusted_out`, `p_value_out`: optional; `n` doubles each (z-score on the
///   method's scale, z under the widening, two-sided p-value).
/// - `lower_out`, `upper_out`, `lower_unclamped_out`, `upper_unclamped_out`: optional;
///   `n * n_levels` doubles each, row-major (`[i * n_levels + k]`), levels ascending.
/// - `class_out`: optional; `n` `bildung_funnel_class` codes.
/// - `bh_out`: optional; `n` bytes, 1 where the Benjamini-Hochberg procedure at `options->fdr`
///   flags the area (all 0 when `fdr` is NaN).
/// - `status_out`: optional; `n` `bildung_area_status` bytes.
/// - `summary`: optional; receives theta0, the levels, the widening, phi, tau² and the counts.
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT` (`events`/`population` NULL with `n > 0`,
/// `options->levels` NULL with `n_levels > 0`), `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`, every area
/// missing under omit), `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`,
/// `BILDUNG_ERR_INVALID_COUNT` (negative or non-whole count, events above population; the
/// message names the area), `BILDUNG_ERR_SHAPE_MISMATCH` (never: both arrays have `n`
/// elements), `BILDUNG_ERR_INVALID_PARAMETER` (unknown option integer, target outside [0, 1],
/// bad levels, fdr outside (0, 1), winsorize outside [0, 0.5), `n * n_levels` overflows),
/// `BILDUNG_ERR_UNDEFINED` (target 0 or 1, no plotted area with a pooled target, a widening
/// with fewer than two plotted areas). Outputs are written only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `events`, `population` readable for `n` doubles; `options` NULL or readable (and its
/// `levels` readable for `n_levels` doubles); every non-NULL output writable for its size.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_funnel(
    events: *const f64,
    population: *const f64,
    n: usize,
    options: *const bildung_funnel_options,
    z_out: *mut f64,
    z_adjusted_out: *mut f64,
    p_value_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    lower_unclamped_out: *mut f64,
    upper_unclamped_out: *mut f64,
    class_out: *mut bildung_funnel_class,
    bh_out: *mut u8,
    status_out: *mut bildung_area_status,
    summary: *mut bildung_funnel_summary,
) -> bildung_status {
    guard("bildung_funnel", || {
        // SAFETY: forwarded caller contract.
        let x = ArrayView1::from(unsafe { input(events, n, "events") }?);
        // SAFETY: forwarded caller contract.
        let t = ArrayView1::from(unsafe { input(population, n, "population") }?);
        let o = if options.is_null() {
            bildung_funnel_options_default()
        } else {
            // SAFETY: non-NULL and readable by the caller's contract.
            unsafe { options.read() }
        };
        // SAFETY: forwarded caller contract for `o.levels`.
        let lv = unsafe { levels(o.levels, o.n_levels) }?;
        let m = matrix_len(n, lv.len())?;
        let outs = [
            optional_out(lower_out, m, "lower_out")?,
            optional_out(upper_out, m, "upper_out")?,
            optional_out(lower_unclamped_out, m, "lower_unclamped_out")?,
            optional_out(upper_unclamped_out, m, "upper_unclamped_out")?,
        ];
        let vecs = [
            optional_out(z_out, n, "z_out")?,
            optional_out(z_adjusted_out, n, "z_adjusted_out")?,
            optional_out(p_value_out, n, "p_value_out")?,
        ];
        let class_out = optional_out(class_out, n, "class_out")?;
        let bh_out = optional_out(bh_out, n, "bh_out")?;
        let status_out = optional_out(status_out, n, "status_out")?;
        let opts = FunnelOptions {
            target: (!o.target.is_nan()).then_some(o.target),
            levels: lv,
            method: method(o.method)?,
            overdispersion: overdispersion(o.overdispersion)?,
            winsorize: o.winsorize,
            fdr: (!o.fdr.is_nan()).then_some(o.fdr),
            nan: nan_policy(o.policy)?,
        };
        let f: Funnel = funnel::funnel(x, t, &opts)?;
        if f.status.len() != n {
            return Err(Failure::buffer("status_out", n, f.status.len()));
        }
        let classes: Vec<i8> = f.class.iter().map(|c| c.code()).collect();
        let bh: Vec<u8> = match &f.bh {
            Some(b) => b.iter().map(|&v| u8::from(v)).collect(),
            None => vec![0; n],
        };
        let status: Vec<bildung_area_status> = f.status.iter().map(|&s| area_status(s)).collect();
        let matrices = [
            row_major(&f.lower),
            row_major(&f.upper),
            row_major(&f.lower_unclamped),
            row_major(&f.upper_unclamped),
        ];
        let columns = [&f.z, &f.z_adjusted, &f.p_value];
        let s = summary_of(&f);
        // SAFETY: every non-NULL array was checked for its size above (`m` or `n` elements),
        // `summary` is NULL or writable (caller contract).
        unsafe {
            for (out, values) in outs.iter().zip(&matrices) {
                out.write(values);
            }
            for (out, values) in vecs.iter().zip(columns) {
                out.write(values);
            }
            class_out.write(&classes);
            bh_out.write(&bh);
            status_out.write(&status);
            write_optional(summary, s);
        }
        Ok(())
    })
}

fn summary_of(f: &Funnel) -> bildung_funnel_summary {
    let mut levels = [f64::NAN; BILDUNG_FUNNEL_MAX_LEVELS];
    for (slot, &l) in levels.iter_mut().zip(&f.levels) {
        *slot = l;
    }
    let d = f.dispersion;
    let get = |g: fn(&funnel::Dispersion) -> f64| d.as_ref().map_or(f64::NAN, g);
    bildung_funnel_summary {
        theta0: f.theta0,
        pooled: c_int::from(f.pooled),
        n_levels: f.levels.len(),
        levels,
        adjustment: od_code(f.adjustment),
        adjustment_value: f.adjustment.value(),
        has_dispersion: c_int::from(d.is_some()),
        phi: get(|d| d.phi),
        chi2: get(|d| d.chi2),
        df: get(|d| d.df as f64),
        dispersion_p_value: get(|d| d.p_value),
        tau2: get(|d| d.tau2),
        winsor_lower: get(|d| d.winsor_lower),
        winsor_upper: get(|d| d.winsor_upper),
        info: bildung_info::new(f.n_used, f.n_dropped, f.n_empty, f.flags),
    }
}

/// Control limits on a caller-given grid of denominators, e.g. to draw the funnel of a
/// `bildung_funnel` result (pass its `summary.theta0`, levels, `summary.adjustment` and
/// `summary.adjustment_value`).
///
/// ```text
/// exact (Spiegelhalter's interpolation), normal or arcsine limits at each n, widened by
/// phi (multiplicative) or tau² (additive) as in bildung_funnel
/// ```
/// Rows with `n = 0` are NaN. Core: `bildung_core::funnel::funnel_limits`.
///
/// # Parameters
/// - `theta0`: the target in (0, 1).
/// - `n_grid`: `m` denominators `>= 0` (whole numbers for the exact method without widening);
///   NULL only when `m == 0`.
/// - `m`: grid size.
/// - `levels`, `n_levels`: the levels (NULL with 0 for 0.95 and 0.998); outputs follow their
///   ascending order.
/// - `method`: `BILDUNG_FUNNEL_METHOD_*`.
/// - `adjustment`: `BILDUNG_FUNNEL_OD_*`; `adjustment_value` is phi (multiplicative, > 0) or
///   tau² (additive, >= 0) and ignored for none.
/// - `lower_out`, `upper_out`, `lower_unclamped_out`, `upper_unclamped_out`: optional; `m *
///   n_levels` doubles each, row-major (`[j * n_levels + k]`).
///
/// # Returns
/// `BILDUNG_OK`, or `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (theta0
/// outside [0, 1], bad levels, unknown option integer, a bad phi or tau²),
/// `BILDUNG_ERR_UNDEFINED` (theta0 0 or 1), `BILDUNG_ERR_MISSING_VALUE`,
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a negative grid value, or a non-whole
/// one for the exact method; the message names its position). Outputs only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `n_grid` readable for `m` doubles, `levels` for `n_levels`; non-NULL outputs writable for
/// `m * n_levels` doubles.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_funnel_limits(
    theta0: f64,
    n_grid: *const f64,
    m: usize,
    levels_in: *const f64,
    n_levels: usize,
    method_in: bildung_funnel_method,
    adjustment: bildung_funnel_overdispersion,
    adjustment_value: f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    lower_unclamped_out: *mut f64,
    upper_unclamped_out: *mut f64,
) -> bildung_status {
    guard("bildung_funnel_limits", || {
        // SAFETY: forwarded caller contract.
        let grid = ArrayView1::from(unsafe { input(n_grid, m, "n_grid") }?);
        // SAFETY: forwarded caller contract.
        let lv = unsafe { levels(levels_in, n_levels) }?;
        let len = matrix_len(m, lv.len())?;
        let outs = [
            optional_out(lower_out, len, "lower_out")?,
            optional_out(upper_out, len, "upper_out")?,
            optional_out(lower_unclamped_out, len, "lower_unclamped_out")?,
            optional_out(upper_unclamped_out, len, "upper_unclamped_out")?,
        ];
        let adj = match overdispersion(adjustment)? {
            Overdispersion::None => Adjustment::None,
            Overdispersion::Multiplicative => Adjustment::Multiplicative {
                phi: adjustment_value,
            },
            Overdispersion::Additive => Adjustment::Additive {
                tau2: adjustment_value,
            },
        };
        let l: FunnelLimits = funnel::funnel_limits(theta0, grid, &lv, method(method_in)?, adj)?;
        let matrices = [
            row_major(&l.lower),
            row_major(&l.upper),
            row_major(&l.lower_unclamped),
            row_major(&l.upper_unclamped),
        ];
        // SAFETY: non-NULL outputs hold `len` doubles (checked above).
        unsafe {
            for (out, values) in outs.iter().zip(&matrices) {
                out.write(values);
            }
        }
        Ok(())
    })
}

/// A grid of whole denominators for drawing a funnel: about `points` values log-spaced from
/// `n_min` to `n_max`, rounded, without repeats, both ends included (every whole number when the
/// range holds fewer than `points`).
///
/// ```text
/// n_k = round(exp(ln n_min + k (ln n_max - ln n_min)/(points - 1))),  k = 0..points-1
/// ```
/// Buffer protocol: `*len_out` receives the grid length; when `capacity` is smaller, only
/// `*len_out` is written and the status is `BILDUNG_ERR_BUFFER_SIZE` (`capacity = points` is
/// always enough). Core: `bildung_core::funnel::funnel_grid`.
///
/// # Parameters
/// - `n_min`, `n_max`: whole numbers, `1 <= n_min <= n_max`.
/// - `points`: 2 to 1000000.
/// - `grid_out`: `capacity` doubles (NULL only when `capacity == 0`).
/// - `capacity`: size of `grid_out`.
/// - `len_out`: receives the number of grid points (required).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (see above), `BILDUNG_ERR_NULL_ARGUMENT`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (bad ends or points).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `grid_out` writable for `capacity` doubles; `len_out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_funnel_grid(
    n_min: f64,
    n_max: f64,
    points: usize,
    grid_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
) -> bildung_status {
    guard("bildung_funnel_grid", || {
        let out = OutArray::new(grid_out, capacity, "grid_out")?;
        let len_out = required_out(len_out, "len_out")?;
        let grid = funnel::funnel_grid(n_min, n_max, points)?;
        // SAFETY: `len_out` is non-NULL and writable (caller contract).
        unsafe { len_out.write(grid.len()) };
        if grid.len() > out.capacity() {
            return Err(Failure::buffer("grid_out", out.capacity(), grid.len()));
        }
        // SAFETY: `grid_out` holds `capacity >= grid.len()` doubles.
        unsafe { out.write(&grid) };
        Ok(())
    })
}

/// Benjamini-Hochberg flags at false discovery rate `fdr` (as statsmodels
/// `multipletests(method="fdr_bh")`).
///
/// ```text
/// m = number of non-NaN p-values; sort ascending; k = max{j: p_(j) <= j fdr / m};
/// flag the k smallest
/// ```
/// NaN is never flagged and not counted. Core: `bildung_core::funnel::benjamini_hochberg`.
///
/// # Parameters
/// - `p`: `n` p-values (NULL only when `n == 0`).
/// - `n`: number of p-values.
/// - `fdr`: in (0, 1).
/// - `flags_out`: `n` bytes, 1 = flagged (NULL only when `n == 0`).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (fdr outside
/// (0, 1)).
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `p` readable for `n` doubles, `flags_out` writable for `n` bytes.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_funnel_benjamini_hochberg(
    p: *const f64,
    n: usize,
    fdr: f64,
    flags_out: *mut u8,
) -> bildung_status {
    guard("bildung_funnel_benjamini_hochberg", || {
        // SAFETY: forwarded caller contract.
        let p = unsafe { input(p, n, "p") }?;
        let out = OutArray::new(flags_out, n, "flags_out")?;
        let flags: Vec<u8> = funnel::benjamini_hochberg(p, fdr)?
            .into_iter()
            .map(u8::from)
            .collect();
        // SAFETY: `flags_out` holds `n` bytes (caller contract).
        unsafe { out.write(&flags) };
        Ok(())
    })
}

/// The report label of a class code: `"within"`, `"above 95%"`, `"below 99.8%"`,
/// `"not plotted"` (naming the highest level crossed), with snprintf semantics.
///
/// At most `len - 1` bytes are copied and `buf` is NUL-terminated when `len > 0`; `*needed` (if
/// not NULL) receives the label length + 1, so `buf = NULL, len = 0` asks for the size.
///
/// # Parameters
/// - `code`: a `bildung_funnel_class`.
/// - `levels`, `n_levels`: the levels of the funnel, ascending (e.g. `summary.levels`,
///   `summary.n_levels`); NULL with 0 for 0.95 and 0.998.
/// - `buf`, `len`: the destination (NULL only when `len == 0`).
/// - `needed`: optional.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (a code no class has, more than
/// `BILDUNG_FUNNEL_MAX_LEVELS` levels).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `levels` readable for `n_levels` doubles; `buf` writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_funnel_class_label(
    code: bildung_funnel_class,
    levels_in: *const f64,
    n_levels: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_funnel_class_label", || {
        // SAFETY: forwarded caller contract.
        let lv = unsafe { levels(levels_in, n_levels) }?;
        OutArray::new(buf, len, "buf")?;
        let class = FunnelClass::from_code(code).ok_or_else(|| {
            Failure::Core(Error::parameter(
                "code",
                code,
                "not a bildung_funnel_class code",
            ))
        })?;
        let label = class.label(&lv);
        // SAFETY: `buf` writable for `len` bytes, `needed` NULL or writable (caller contract).
        unsafe { write_text(&label, buf, len, needed) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(BILDUNG_FUNNEL_MAX_LEVELS, funnel::MAX_LEVELS);
        assert_eq!(BILDUNG_FUNNEL_NOT_PLOTTED, FunnelClass::NOT_PLOTTED_CODE);
        assert_eq!(BILDUNG_FUNNEL_ABOVE_ALARM, FunnelClass::Above(2).code());
        assert_eq!(BILDUNG_FUNNEL_BELOW_WARNING, FunnelClass::Below(1).code());
        assert_eq!(BILDUNG_FUNNEL_WITHIN, FunnelClass::Within.code());
        assert!(method(3).is_err());
        assert!(overdispersion(3).is_err());
    }
}
