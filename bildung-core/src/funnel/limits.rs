//! Control limits (Kontrollgrenzen) of a funnel plot for a proportion at a target `theta0`:
//! exact binomial with Spiegelhalter's interpolation, normal approximation, arcsine scale, each
//! optionally widened for overdispersion; per area (at each area's `n`) or on a grid of `n` for
//! drawing the funnel.
//!
//! For a two-sided level `L` (0.95, 0.998) the tail probability is `a = (1 - L)/2` and
//! `z = z_{1-a}` (1.959964, 3.090232). With `s(n) = sqrt(theta0 (1 - theta0) / n)`:
//!
//! ```text
//! normal      theta0 ± z s(n)
//! exact       (r_q - a_q)/n  with  r_q = min{r : F(r) >= q},  a_q = (F(r_q) - q) / P(R = r_q),
//!             F the Bin(n, theta0) distribution function, q = a (lower) and 1 - a (upper)
//! arcsine     sin²( asin(sqrt(theta0)) ± z sqrt(1/(4n)) )
//! ```
//! (Spiegelhalter 2005, appendix A.1.1; methods.md 3.7). Widened for overdispersion
//! ([`Adjustment`]): multiplicative `± z sqrt(phi) s(n)`, additive (random effects)
//! `± z sqrt(s(n)² + tau²)`; on the arcsine scale `s(n) = 1/(2 sqrt(n))` inside the same forms.
//! With an adjustment the exact method uses the normal forms on the proportion scale (as
//! methods.md; `oizin/funnelplot` instead stretches the exact limits by `sqrt(phi)`).
//!
//! Every limit is reported **clamped** to `[0, 1]` and **unclamped** (the exact lower limit at
//! small `n` is negative: no area there can be flagged low). On the arcsine scale the angle
//! `phi = asin(sqrt(theta0)) ± ...` can leave `[0, pi/2]`; its unclamped limit is the monotone
//! continuation `-sin²(phi)` below 0 and `2 - sin²(phi)` above `pi/2` (angle capped to
//! `[-pi/2, pi]`), so it is below 0 (above 1) exactly when the clamped limit is 0 (1).
//!
//! Note on the exact limits: the interpolation spreads `P(R = r)` over `(r - 1, r]`, so an area
//! with `x` events (plotted at `x/n`) lies above the upper limit of tail `a` exactly when
//! `P(R > x) < a`, and below the lower limit exactly when `P(R <= x) < a`. The upper side is
//! thus one count less strict than the textbook exact test `P(R >= x) < a`: an area with
//! `x = n` lies above every upper limit (e.g. one pupil out of one), and when a single event is
//! already beyond the tail (`P(R >= 1) <= a`, tiny `n theta0`) the upper limit falls below
//! `theta0`, even below 0. The classification ([`FunnelClass`](super::FunnelClass)) therefore
//! never calls an area above unless its proportion exceeds `theta0` (nor below unless it is
//! under `theta0`).

use ndarray::{Array2, ArrayView1};

use crate::dist::{binomial_cdf, binomial_pmf, binomial_sf, normal_quantile};
use crate::error::{Error, Result};

/// Largest number of levels of one funnel.
pub const MAX_LEVELS: usize = 16;

/// How the control limits are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FunnelMethod {
    /// Exact binomial limits with Spiegelhalter's interpolation (the default; needs integer
    /// counts). Recommended whenever `n theta0 < 10` or `n (1 - theta0) < 10`.
    #[default]
    Exact,
    /// Normal approximation `theta0 ± z sqrt(theta0 (1 - theta0)/n)`.
    Normal,
    /// Normal limits on the arcsine (variance-stabilising) scale, as R `FunnelPlotR` for
    /// proportions.
    Arcsine,
}

impl FunnelMethod {
    /// Every method.
    pub const ALL: [FunnelMethod; 3] = [
        FunnelMethod::Exact,
        FunnelMethod::Normal,
        FunnelMethod::Arcsine,
    ];

    /// The method's name (`"exact"`, `"normal"`, `"arcsine"`).
    pub const fn name(self) -> &'static str {
        match self {
            FunnelMethod::Exact => "exact",
            FunnelMethod::Normal => "normal",
            FunnelMethod::Arcsine => "arcsine",
        }
    }

    /// Parse a method name.
    ///
    /// ```
    /// use bildung_core::funnel::FunnelMethod;
    /// assert_eq!(FunnelMethod::from_name("arcsine").unwrap(), FunnelMethod::Arcsine);
    /// assert!(FunnelMethod::from_name("poisson").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<FunnelMethod> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                Error::parameter(
                    "method",
                    format!("{name:?}"),
                    "expected \"exact\", \"normal\" or \"arcsine\"",
                )
            })
    }

    /// True for the arcsine scale (z-scores and adjustments are on the angle scale there).
    pub(crate) const fn is_arcsine(self) -> bool {
        matches!(self, FunnelMethod::Arcsine)
    }
}

/// Overdispersion widening of the limits, with the parameter used.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Adjustment {
    /// No widening.
    #[default]
    None,
    /// Multiplicative: the variance is multiplied by `phi` (`± z sqrt(phi) s(n)`).
    Multiplicative {
        /// The dispersion factor used (`>= 1` when it comes from a fit).
        phi: f64,
    },
    /// Additive random effects: `tau2` is added to the variance (`± z sqrt(s(n)² + tau2)`).
    Additive {
        /// The between-area variance used.
        tau2: f64,
    },
}

impl Adjustment {
    /// The adjustment's name (`"none"`, `"multiplicative"`, `"additive"`).
    pub const fn name(self) -> &'static str {
        match self {
            Adjustment::None => "none",
            Adjustment::Multiplicative { .. } => "multiplicative",
            Adjustment::Additive { .. } => "additive",
        }
    }

    /// The parameter (`phi` or `tau2`; NaN for `None`).
    pub const fn value(self) -> f64 {
        match self {
            Adjustment::None => f64::NAN,
            Adjustment::Multiplicative { phi } => phi,
            Adjustment::Additive { tau2 } => tau2,
        }
    }

    fn check(self) -> Result<()> {
        match self {
            Adjustment::None => Ok(()),
            Adjustment::Multiplicative { phi } if phi.is_finite() && phi > 0.0 => Ok(()),
            Adjustment::Multiplicative { phi } => Err(Error::parameter(
                "phi",
                phi,
                "must be a finite number above 0",
            )),
            Adjustment::Additive { tau2 } if tau2.is_finite() && tau2 >= 0.0 => Ok(()),
            Adjustment::Additive { tau2 } => Err(Error::parameter(
                "tau2",
                tau2,
                "must be a finite number >= 0",
            )),
        }
    }
}

/// Control limits at several `n` (the areas' or a drawing grid) and levels.
///
/// Matrices are `n.len() x levels.len()`; rows with `n = 0` are NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelLimits {
    /// The target.
    pub theta0: f64,
    /// The method.
    pub method: FunnelMethod,
    /// The overdispersion widening.
    pub adjustment: Adjustment,
    /// The levels, ascending.
    pub levels: Vec<f64>,
    /// The denominators the limits are for.
    pub n: Vec<f64>,
    /// Lower limits clamped to `[0, 1]`.
    pub lower: Array2<f64>,
    /// Upper limits clamped to `[0, 1]`.
    pub upper: Array2<f64>,
    /// Lower limits before clamping.
    pub lower_unclamped: Array2<f64>,
    /// Upper limits before clamping.
    pub upper_unclamped: Array2<f64>,
}

/// Check the levels: each in `(0, 1)`, no two equal, 1 to [`MAX_LEVELS`] of them; returned
/// sorted ascending.
pub(crate) fn check_levels(levels: &[f64]) -> Result<Vec<f64>> {
    if levels.is_empty() || levels.len() > MAX_LEVELS {
        return Err(Error::parameter(
            "levels",
            format!("{} levels", levels.len()),
            format!("give 1 to {MAX_LEVELS} levels, e.g. (0.95, 0.998)"),
        ));
    }
    for &l in levels {
        if !(l > 0.0 && l < 1.0) {
            return Err(Error::parameter(
                "levels",
                l,
                "every level must lie strictly between 0 and 1 (e.g. 0.95, 0.998)",
            ));
        }
    }
    let mut sorted = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::parameter(
            "levels",
            format!("{levels:?}"),
            "levels must differ from each other",
        ));
    }
    Ok(sorted)
}

/// Check a target: finite in `[0, 1]` (else `InvalidParameter`), and not 0 or 1, where every
/// limit degenerates (`Undefined`).
pub(crate) fn check_theta0(theta0: f64) -> Result<f64> {
    if !(0.0..=1.0).contains(&theta0) {
        return Err(Error::parameter(
            "target",
            theta0,
            "must be a proportion in (0, 1)",
        ));
    }
    if theta0 == 0.0 || theta0 == 1.0 {
        return Err(Error::undefined(
            "funnel limits",
            "the target is 0 or 1, so every control limit degenerates to it",
        ));
    }
    Ok(theta0)
}

/// The two tails of one level: `a = (1 - L)/2` and `z = z_{1-a}`.
#[derive(Debug, Clone, Copy)]
struct Tail {
    alpha2: f64,
    z: f64,
}

/// Limits of one funnel (target, method, adjustment, levels), evaluated at any `n`.
#[derive(Debug, Clone)]
pub(crate) struct LimitRule {
    theta0: f64,
    method: FunnelMethod,
    adjustment: Adjustment,
    tails: Vec<Tail>,
    /// `asin(sqrt(theta0))` (arcsine scale).
    centre_angle: f64,
}

impl LimitRule {
    /// `levels` checked and sorted ([`check_levels`]), `theta0` checked ([`check_theta0`]).
    pub(crate) fn new(
        theta0: f64,
        method: FunnelMethod,
        adjustment: Adjustment,
        levels: &[f64],
    ) -> LimitRule {
        let tails = levels
            .iter()
            .map(|&l| {
                let alpha2 = 0.5 * (1.0 - l);
                Tail {
                    alpha2,
                    z: -normal_quantile(alpha2),
                }
            })
            .collect();
        LimitRule {
            theta0,
            method,
            adjustment,
            tails,
            centre_angle: theta0.sqrt().asin(),
        }
    }

    /// Standard error of one area on the rule's scale: `sqrt(theta0 (1 - theta0)/n)`, or
    /// `1/(2 sqrt(n))` on the arcsine scale.
    pub(crate) fn standard_error(&self, n: f64) -> f64 {
        if self.method.is_arcsine() {
            0.5 / n.sqrt()
        } else {
            (self.theta0 * (1.0 - self.theta0) / n).sqrt()
        }
    }

    /// The standard error widened by the adjustment (the half-width is `z` times this).
    fn width(&self, n: f64) -> f64 {
        let s = self.standard_error(n);
        match self.adjustment {
            Adjustment::None => s,
            Adjustment::Multiplicative { phi } => phi.sqrt() * s,
            Adjustment::Additive { tau2 } => (s * s + tau2).sqrt(),
        }
    }

    /// Unclamped `(lower, upper)` limits at `n > 0` for level `k`.
    pub(crate) fn unclamped(&self, n: f64, k: usize) -> (f64, f64) {
        let tail = self.tails[k];
        match (self.method, self.adjustment) {
            (FunnelMethod::Exact, Adjustment::None) => (
                exact_lower(tail.alpha2, n, self.theta0),
                exact_upper(tail.alpha2, n, self.theta0),
            ),
            (FunnelMethod::Arcsine, _) => {
                let half = tail.z * self.width(n);
                (
                    sin2_continued(self.centre_angle - half),
                    sin2_continued(self.centre_angle + half),
                )
            }
            _ => {
                let half = tail.z * self.width(n);
                (self.theta0 - half, self.theta0 + half)
            }
        }
    }

    /// Number of levels.
    pub(crate) fn n_levels(&self) -> usize {
        self.tails.len()
    }
}

/// `sin²(phi)` on `[0, pi/2]`, continued monotonically outside: `-sin²(phi)` below 0,
/// `2 - sin²(phi)` above `pi/2` (angle capped to `[-pi/2, pi]`).
fn sin2_continued(phi: f64) -> f64 {
    use std::f64::consts::{FRAC_PI_2, PI};
    let phi = phi.clamp(-FRAC_PI_2, PI);
    let s = phi.sin();
    if phi < 0.0 {
        -s * s
    } else if phi > FRAC_PI_2 {
        2.0 - s * s
    } else {
        s * s
    }
}

/// Clamp a limit to `[0, 1]` (NaN stays NaN).
pub(crate) fn clamp_unit(v: f64) -> f64 {
    v.clamp(0.0, 1.0)
}

/// Cornish-Fisher start for the `Bin(n, t)` quantile at standard normal quantile `z`.
fn start(z: f64, n: f64, t: f64) -> f64 {
    let sd = (n * t * (1.0 - t)).sqrt();
    let guess = n * t + z * sd + (z * z - 1.0) * (1.0 - 2.0 * t) / 6.0;
    if guess.is_finite() {
        guess.floor().clamp(0.0, n)
    } else {
        (n * t).floor()
    }
}

/// Steps of the pmf recurrence before falling back to bisection.
const MAX_WALK: usize = 64;
/// After more steps than this the tail and pmf at the end of the walk are evaluated afresh
/// (a few recurrence steps from the Cornish-Fisher start keep about 1e-15 absolute accuracy).
const FRESH_AFTER: f64 = 4.0;

/// The smallest integer `r` in `[0, n]` with `done(r)`, `done` monotone (false..true), by
/// bisection on direct evaluations.
fn bisect(n: f64, done: impl Fn(f64) -> bool) -> f64 {
    let (mut lo, mut hi) = (-1.0_f64, n); // done(n) holds; done(-1) is taken as false
    while hi - lo > 1.0 {
        let mid = (0.5 * (lo + hi)).floor();
        if done(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Lower exact limit, tail `a < 1/2`: `r = min{r : F(r) >= a}`, `(r - (F(r) - a)/P(r))/n`.
pub(crate) fn exact_lower(a: f64, n: f64, t: f64) -> f64 {
    let odds = t / (1.0 - t);
    let r0 = start(normal_quantile(a), n, t);
    let (mut r, mut f, mut p) = (r0, binomial_cdf(r0, n, t), binomial_pmf(r0, n, t));
    let mut found = false;
    for _ in 0..MAX_WALK {
        if f >= a {
            // step down while F(r - 1) = F(r) - P(r) >= a
            let f_prev = f - p;
            if r == 0.0 || f_prev < a {
                found = true;
                break;
            }
            p *= r / ((n - r + 1.0) * odds);
            f = f_prev;
            r -= 1.0;
        } else {
            // F(r) < a <= F(n) = 1, so r < n
            p *= (n - r) * odds / (r + 1.0);
            r += 1.0;
            f += p;
            if f >= a {
                found = true;
                break;
            }
        }
    }
    if !found {
        r = bisect(n, |r| binomial_cdf(r, n, t) >= a);
    }
    if (r - r0).abs() > FRESH_AFTER || !found {
        f = binomial_cdf(r, n, t);
        p = binomial_pmf(r, n, t);
    }
    (r - (f - a) / p) / n
}

/// Upper exact limit, tail `a < 1/2`: `r = min{r : F(r) >= 1 - a} = min{r : S(r) <= a}` with
/// `S(r) = P(R > r)`, `(r - (a - S(r))/P(r))/n`.
pub(crate) fn exact_upper(a: f64, n: f64, t: f64) -> f64 {
    let odds = t / (1.0 - t);
    let r0 = start(-normal_quantile(a), n, t);
    let (mut r, mut s, mut p) = (r0, binomial_sf(r0, n, t), binomial_pmf(r0, n, t));
    let mut found = false;
    for _ in 0..MAX_WALK {
        if s <= a {
            // step down while S(r - 1) = S(r) + P(r) <= a
            let s_prev = s + p;
            if r == 0.0 || s_prev > a {
                found = true;
                break;
            }
            p *= r / ((n - r + 1.0) * odds);
            s = s_prev;
            r -= 1.0;
        } else {
            // S(r) > a >= S(n) = 0, so r < n
            p *= (n - r) * odds / (r + 1.0);
            r += 1.0;
            s -= p;
            if s <= a || r >= n {
                found = true;
                break;
            }
        }
    }
    if !found {
        r = bisect(n, |r| binomial_sf(r, n, t) <= a);
    }
    if (r - r0).abs() > FRESH_AFTER || !found {
        s = binomial_sf(r, n, t);
        p = binomial_pmf(r, n, t);
    }
    (r - (a - s) / p) / n
}

/// Check one denominator of a limit grid; `integral` for the exact method.
fn check_grid_value(i: usize, v: f64, integral: bool) -> Result<()> {
    if v.is_nan() {
        return Err(Error::MissingValue {
            what: "n",
            index: i,
        });
    }
    if v.is_infinite() {
        return Err(Error::NonFinite {
            what: "n",
            index: i,
            value: v,
        });
    }
    if v < 0.0 {
        return Err(Error::InvalidCount {
            what: "n",
            index: i,
            value: v,
            reason: "a denominator must be >= 0",
        });
    }
    if integral && v.fract() != 0.0 {
        return Err(Error::InvalidCount {
            what: "n",
            index: i,
            value: v,
            reason: "the exact binomial limits need whole numbers",
        });
    }
    Ok(())
}

/// Evaluate a rule at every `n` (validated by the caller), rows `n = 0` NaN.
pub(crate) fn evaluate(rule: &LimitRule, n: &[f64]) -> [Array2<f64>; 4] {
    let shape = (n.len(), rule.n_levels());
    let mut lower_u = Array2::from_elem(shape, f64::NAN);
    let mut upper_u = Array2::from_elem(shape, f64::NAN);
    for (i, &ni) in n.iter().enumerate() {
        if ni > 0.0 {
            for k in 0..rule.n_levels() {
                let (lo, hi) = rule.unclamped(ni, k);
                lower_u[(i, k)] = lo;
                upper_u[(i, k)] = hi;
            }
        }
    }
    let lower = lower_u.mapv(clamp_unit);
    let upper = upper_u.mapv(clamp_unit);
    [lower, upper, lower_u, upper_u]
}

/// Control limits on a grid of denominators, e.g. to draw the funnel (or at chosen `n`).
///
/// ```text
/// see the module docs: exact (Spiegelhalter's interpolation), normal, arcsine, each widened by
/// the adjustment (multiplicative phi or additive tau²)
/// ```
/// `n` may hold any non-negative denominators (whole numbers for [`FunnelMethod::Exact`]); rows
/// with `n = 0` are NaN. Levels are sorted ascending in the result.
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for `theta0` outside
/// `[0, 1]`, a level outside `(0, 1)`, repeated levels, more than [`MAX_LEVELS`], a negative or
/// non-finite `phi`/`tau2`; [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) for `theta0`
/// 0 or 1; for `n`: [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative, or not whole for the
/// exact method), naming the grid position.
///
/// # Example
/// ```
/// use bildung_core::funnel::{funnel_limits, Adjustment, FunnelMethod};
/// use ndarray::array;
/// let n = array![20.0, 200.0];
/// let l = funnel_limits(0.08, n.view(), &[0.95], FunnelMethod::Exact, Adjustment::None)?;
/// // methods.md 3.7: exact 95 % at n = 200 is [0.0418, 0.1172]; at n = 20 the lower limit is
/// // negative before clamping
/// assert!((l.lower[(1, 0)] - 0.0418).abs() < 5e-5 && (l.upper[(1, 0)] - 0.1172).abs() < 5e-5);
/// assert_eq!(l.lower[(0, 0)], 0.0);
/// assert!((l.lower_unclamped[(0, 0)] + 0.0434).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn funnel_limits(
    theta0: f64,
    n: ArrayView1<'_, f64>,
    levels: &[f64],
    method: FunnelMethod,
    adjustment: Adjustment,
) -> Result<FunnelLimits> {
    let theta0 = check_theta0(theta0)?;
    let levels = check_levels(levels)?;
    adjustment.check()?;
    let integral = method == FunnelMethod::Exact && adjustment == Adjustment::None;
    for (i, &v) in n.iter().enumerate() {
        check_grid_value(i, v, integral)?;
    }
    let n: Vec<f64> = n.to_vec();
    let rule = LimitRule::new(theta0, method, adjustment, &levels);
    let [lower, upper, lower_unclamped, upper_unclamped] = evaluate(&rule, &n);
    Ok(FunnelLimits {
        theta0,
        method,
        adjustment,
        levels,
        n,
        lower,
        upper,
        lower_unclamped,
        upper_unclamped,
    })
}

/// A grid of whole denominators from `n_min` to `n_max` for drawing a funnel: about `points`
/// values spaced evenly on the log scale, rounded to whole numbers, without repeats, always
/// containing both ends (every whole number when the range holds fewer than `points`).
///
/// ```text
/// n_k = round(exp(ln n_min + k (ln n_max - ln n_min)/(points - 1))),  k = 0..points-1
/// ```
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) unless
/// `1 <= n_min <= n_max` are finite whole numbers and `2 <= points <= 1_000_000`.
///
/// # Example
/// ```
/// use bildung_core::funnel::funnel_grid;
/// let g = funnel_grid(10.0, 1000.0, 5)?;
/// assert_eq!(g, vec![10.0, 32.0, 100.0, 316.0, 1000.0]);
/// assert_eq!(funnel_grid(3.0, 6.0, 100)?, vec![3.0, 4.0, 5.0, 6.0]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn funnel_grid(n_min: f64, n_max: f64, points: usize) -> Result<Vec<f64>> {
    let whole = |v: f64| v.is_finite() && v >= 1.0 && v.fract() == 0.0;
    if !whole(n_min) {
        return Err(Error::parameter(
            "n_min",
            n_min,
            "must be a whole number >= 1",
        ));
    }
    if !whole(n_max) || n_max < n_min {
        return Err(Error::parameter(
            "n_max",
            n_max,
            "must be a whole number >= n_min",
        ));
    }
    if !(2..=1_000_000).contains(&points) {
        return Err(Error::parameter(
            "points",
            points,
            "must lie in 2..=1000000",
        ));
    }
    if n_max - n_min < points as f64 {
        let count = (n_max - n_min) as usize + 1;
        return Ok((0..count).map(|k| n_min + k as f64).collect());
    }
    let (a, b) = (n_min.ln(), n_max.ln());
    let step = (b - a) / (points - 1) as f64;
    let mut grid: Vec<f64> = Vec::with_capacity(points);
    for k in 0..points {
        let v = if k == points - 1 {
            n_max
        } else {
            (a + step * k as f64).exp().round().clamp(n_min, n_max)
        };
        if grid.last() != Some(&v) {
            grid.push(v);
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Exact rational arithmetic (Python `fractions`, see `tests/golden/generate_funnel.py`):
    /// theta0 = 0.08, tails 0.025 / 0.001.
    #[test]
    fn exact_limits_match_rational_arithmetic() {
        let cases = [
            (20.0, 0.025, -0.043375494483318205, 0.19363353564830083),
            (50.0, 0.025, 0.0028354365694109773, 0.15384785674020432),
            (200.0, 0.025, 0.04176497158471602, 0.11719499043435212),
            (1000.0, 0.025, 0.06309072700444693, 0.09671871996719231),
            (20.0, 0.001, -0.04973501977933273, 0.2942685360882155),
            (50.0, 0.001, -0.01870688059662418, 0.21139798534220933),
            (200.0, 0.001, 0.025019396125692598, 0.14261552931917573),
            (1000.0, 0.001, 0.05421492663940121, 0.10717519668392833),
        ];
        for (n, a, lo, hi) in cases {
            assert!((exact_lower(a, n, 0.08) - lo).abs() < 1e-13, "n={n} a={a}");
            assert!((exact_upper(a, n, 0.08) - hi).abs() < 1e-13, "n={n} a={a}");
        }
    }

    #[test]
    fn exact_limits_at_the_edges() {
        // n = 1: F(0) = 1 - t >= a, so the lower limit is -(F(0) - a)/P(0) = -(1 - a/(1-t))
        let t = 0.3;
        assert!((exact_lower(0.025, 1.0, t) + (1.0 - 0.025 / 0.7)).abs() < 1e-15);
        // upper: r = 1, S(1) = 0, a_q = a / t, limit 1 - a/t
        assert!((exact_upper(0.025, 1.0, t) - (1.0 - 0.025 / 0.3)).abs() < 1e-15);
        // huge n and tiny theta0 take the bisection fallback only if the start is far off;
        // either way the limits bracket theta0
        for (n, t) in [(1e6, 1e-4), (5.0, 0.999), (1e7, 0.5), (1e5, 0.99999)] {
            let lo = exact_lower(0.001, n, t);
            let hi = exact_upper(0.001, n, t);
            assert!(lo < t && t < hi, "n={n} t={t}: {lo} {hi}");
            assert!(lo >= -1.0 / n && hi <= 1.0);
        }
        // when one event is already beyond the tail (P(R >= 1) <= a), r = 0 and the upper
        // limit -(a - S(0))/(P(0) n) lies below 0 (module docs)
        let (n, t, a) = (3.0, 1e-6, 0.001);
        let s0 = 1.0 - (1.0f64 - t).powi(3);
        let p0 = (1.0f64 - t).powi(3);
        assert!((exact_upper(a, n, t) + (a - s0) / (p0 * n)).abs() < 1e-15);
    }

    #[test]
    fn bisection_agrees_with_the_walk() {
        for n in [1.0, 7.0, 40.0, 333.0] {
            for t in [0.01, 0.3, 0.9] {
                let r = bisect(n, |r| binomial_cdf(r, n, t) >= 0.025);
                let lim = exact_lower(0.025, n, t);
                // the interpolated limit lies in ((r - 1)/n, r/n]
                assert!(lim > (r - 1.0) / n - 1e-12 && lim <= r / n + 1e-12);
            }
        }
    }

    #[test]
    fn normal_and_arcsine_forms() {
        let rule = LimitRule::new(0.08, FunnelMethod::Normal, Adjustment::None, &[0.95]);
        let (lo, hi) = rule.unclamped(20.0, 0);
        let half = 1.959963984540054 * (0.08f64 * 0.92 / 20.0).sqrt();
        assert!((lo - (0.08 - half)).abs() < 1e-15 && (hi - (0.08 + half)).abs() < 1e-15);
        let arc = LimitRule::new(0.08, FunnelMethod::Arcsine, Adjustment::None, &[0.998]);
        let (lo, hi) = arc.unclamped(1000.0, 0);
        let c = 0.08f64.sqrt().asin();
        let w = 3.090232306167813 * 0.5 / 1000f64.sqrt();
        assert!((lo - (c - w).sin().powi(2)).abs() < 1e-15);
        assert!((hi - (c + w).sin().powi(2)).abs() < 1e-15);
        // small n: the angle goes below 0, the unclamped limit is negative
        let (lo, _) = arc.unclamped(5.0, 0);
        assert!(lo < 0.0 && clamp_unit(lo) == 0.0);
        assert_eq!(sin2_continued(-10.0), -1.0);
        assert_eq!(sin2_continued(10.0), 2.0);
    }

    #[test]
    fn grid_and_errors() {
        let l = funnel_limits(
            0.5,
            array![0.0, 4.0].view(),
            &[0.998, 0.95],
            FunnelMethod::Exact,
            Adjustment::None,
        )
        .unwrap();
        assert_eq!(l.levels, vec![0.95, 0.998]);
        assert!(l.lower[(0, 0)].is_nan());
        assert!(l.upper[(1, 1)] >= l.upper[(1, 0)]);
        let kind = |r: Result<FunnelLimits>| r.unwrap_err().kind();
        use crate::ErrorKind as K;
        let n = array![10.0];
        let go = |t: f64, levels: &[f64], adj: Adjustment| {
            funnel_limits(t, n.view(), levels, FunnelMethod::Normal, adj)
        };
        assert_eq!(kind(go(0.0, &[0.95], Adjustment::None)), K::Undefined);
        assert_eq!(kind(go(1.0, &[0.95], Adjustment::None)), K::Undefined);
        assert_eq!(
            kind(go(1.5, &[0.95], Adjustment::None)),
            K::InvalidParameter
        );
        assert_eq!(
            kind(go(f64::NAN, &[0.95], Adjustment::None)),
            K::InvalidParameter
        );
        assert_eq!(kind(go(0.2, &[], Adjustment::None)), K::InvalidParameter);
        assert_eq!(kind(go(0.2, &[1.0], Adjustment::None)), K::InvalidParameter);
        assert_eq!(
            kind(go(0.2, &[0.9, 0.9], Adjustment::None)),
            K::InvalidParameter
        );
        assert_eq!(
            kind(go(0.2, &[0.9], Adjustment::Additive { tau2: -1.0 })),
            K::InvalidParameter
        );
        assert_eq!(
            kind(go(0.2, &[0.9], Adjustment::Multiplicative { phi: 0.0 })),
            K::InvalidParameter
        );
        let exact = |v: f64| {
            funnel_limits(
                0.2,
                array![v].view(),
                &[0.95],
                FunnelMethod::Exact,
                Adjustment::None,
            )
        };
        assert_eq!(kind(exact(2.5)), K::InvalidCount);
        assert_eq!(kind(exact(-1.0)), K::InvalidCount);
        assert_eq!(kind(exact(f64::NAN)), K::MissingValue);
        assert_eq!(kind(exact(f64::INFINITY)), K::NonFinite);
        assert!(
            funnel_limits(
                0.2,
                array![2.5].view(),
                &[0.95],
                FunnelMethod::Normal,
                Adjustment::None
            )
            .is_ok()
        );
        assert_eq!(
            funnel_grid(0.0, 5.0, 3).unwrap_err().kind(),
            K::InvalidParameter
        );
        assert_eq!(
            funnel_grid(5.0, 4.0, 3).unwrap_err().kind(),
            K::InvalidParameter
        );
        assert_eq!(
            funnel_grid(1.0, 4.0, 1).unwrap_err().kind(),
            K::InvalidParameter
        );
        let g = funnel_grid(1.0, 1e6, 200).unwrap();
        assert_eq!((g[0], *g.last().unwrap()), (1.0, 1e6));
        assert!(g.windows(2).all(|w| w[0] < w[1]));
    }
}
