//! Beta-binomial empirical Bayes proportions with EB intervals (empirische Bayes-Schätzung im
//! Beta-Binomial-Modell; methods.md 3.5).
//!
//! Model: the true proportion of area `i` is `theta_i ~ Beta(a, b)`, the events
//! `x_i ~ Bin(n_i, theta_i)`. `a` and `b` are estimated from all areas (moments or maximum
//! likelihood); each area's estimate is its posterior mean, its interval the posterior
//! `Beta(x_i + a, n_i - x_i + b)` interval.
//!
//! # Parameterisation of the likelihood
//! The log-likelihood is maximised over the prior mean `mu = a / (a + b)` and `phi = 1/(a + b)`
//! (so `rho = phi / (1 + phi) = 1 / (a + b + 1)`), written as finite sums (Griffiths 1973):
//!
//! ```text
//! ln L = sum_i [ ln C(n_i, x_i) + sum_{j<x_i} ln(mu + j phi) + sum_{j<n_i-x_i} ln(1 - mu + j phi)
//!                - sum_{j<n_i} ln(1 + j phi) ]
//! ```
//!
//! This is the same likelihood as over `(ln a, ln b)` (methods.md), but it stays finite at the
//! boundary `phi = 0` (`a + b = inf`, no between-area variance), where the `(ln a, ln b)` form
//! runs off to infinity: the maximum is found by a projected Newton iteration with exact first
//! and second derivatives and a backtracking line search, and a maximum on the boundary is
//! recognised by the sign of the score `d ln L / d phi` at `phi = 0`. The inner sums are
//! collected over `j` with the number of areas whose count exceeds `j` (cost per iteration
//! `O(max n_i + k)`, not `O(sum n_i)`).

use ndarray::ArrayView1;
use statrs::function::gamma::ln_gamma;

use super::counts::{Areas, validate};
use crate::dist::beta_quantile;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// How the prior `Beta(a, b)` is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BetaBinomialMethod {
    /// The moment estimator of the intra-area correlation `rho` (methods.md 3.5).
    Moments,
    /// Maximum likelihood, started at the moment estimate. The default.
    #[default]
    MaximumLikelihood,
}

impl BetaBinomialMethod {
    /// Parse the name used in Python (`"moments"`, `"ml"`).
    ///
    /// ```
    /// use bildung_core::smallarea::BetaBinomialMethod;
    /// assert_eq!(BetaBinomialMethod::from_name("ml")?, BetaBinomialMethod::MaximumLikelihood);
    /// assert!(BetaBinomialMethod::from_name("reml").is_err());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<BetaBinomialMethod> {
        match name {
            "moments" => Ok(BetaBinomialMethod::Moments),
            "ml" => Ok(BetaBinomialMethod::MaximumLikelihood),
            other => Err(Error::parameter(
                "method",
                format!("{other:?}"),
                "expected \"ml\" or \"moments\"",
            )),
        }
    }

    /// The name (`"moments"`, `"ml"`).
    pub const fn name(self) -> &'static str {
        match self {
            BetaBinomialMethod::Moments => "moments",
            BetaBinomialMethod::MaximumLikelihood => "ml",
        }
    }
}

/// Options of [`beta_binomial_eb`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BetaBinomialParams {
    /// Estimator of the prior. Default maximum likelihood.
    pub method: BetaBinomialMethod,
    /// Level of the EB intervals, in `(0, 1)`. Default 0.95.
    pub level: f64,
    /// Convergence tolerance of the ML iteration: relative change of `mu` and `phi` in a full
    /// Newton step. Default 1e-10.
    pub tolerance: f64,
    /// Largest number of ML iterations. Default 100.
    pub max_iter: usize,
}

impl Default for BetaBinomialParams {
    fn default() -> Self {
        BetaBinomialParams {
            method: BetaBinomialMethod::MaximumLikelihood,
            level: 0.95,
            tolerance: 1e-10,
            max_iter: 100,
        }
    }
}

impl BetaBinomialParams {
    /// Check the options: `0 < level < 1`, `tolerance` positive and finite, `max_iter >= 1`.
    pub fn check(&self) -> Result<()> {
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(Error::parameter(
                "level",
                self.level,
                "must lie strictly between 0 and 1",
            ));
        }
        super::check_iteration(self.tolerance, self.max_iter)
    }
}

/// Beta-binomial empirical Bayes proportions, one entry per input area.
///
/// Areas with a missing count have NaN everywhere; areas with population 0
/// ([`AreaStatus::NoData`]) get the prior mean and the prior interval.
#[derive(Debug, Clone, PartialEq)]
pub struct BetaBinomialEb {
    /// The posterior mean `(x_i + a) / (n_i + a + b)`.
    pub estimate: Vec<f64>,
    /// Lower limit of the EB interval: the `(1 - level)/2` quantile of `Beta(x_i + a, n_i - x_i + b)`.
    pub lower: Vec<f64>,
    /// Upper limit of the EB interval: the `(1 + level)/2` quantile.
    pub upper: Vec<f64>,
    /// The raw proportion `x_i / n_i` (NaN for population 0).
    pub rate: Vec<f64>,
    /// The weight of the raw proportion, `n_i / (n_i + a + b)` (0 = complete shrinkage).
    pub shrinkage: Vec<f64>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// `a` of the prior (`+inf` when `rho = 0`).
    pub alpha: f64,
    /// `b` of the prior (`+inf` when `rho = 0`).
    pub beta: f64,
    /// The intra-area correlation `rho = 1 / (a + b + 1)`.
    pub rho: f64,
    /// The prior mean `a / (a + b)`.
    pub prior_mean: f64,
    /// The beta-binomial log-likelihood at `(a, b)` (binomial coefficients included; the
    /// binomial log-likelihood when `rho = 0`).
    pub log_likelihood: f64,
    /// The estimator used.
    pub method: BetaBinomialMethod,
    /// The interval level.
    pub level: f64,
    /// Newton iterations of the ML fit (0 for the moment estimator).
    pub iterations: usize,
    /// Areas with data (population above 0, not missing).
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with population 0.
    pub n_empty: usize,
    /// [`Flags::NO_BETWEEN_VARIANCE`] (`rho = 0`: complete shrinkage), [`Flags::MISSING_PROPAGATED`].
    pub flags: Flags,
}

/// The counts `c(j) = #{areas with value > j}`, `j = 0, 1, ...`, as runs `(from, to, c)`:
/// `c(j) = c` for `from <= j < to`.
#[derive(Debug, Clone)]
struct TailCounts {
    runs: Vec<(u64, u64, f64)>,
}

impl TailCounts {
    fn new(mut values: Vec<u64>) -> TailCounts {
        values.sort_unstable();
        let k = values.len();
        let mut runs = Vec::new();
        let mut from = 0u64;
        let mut i = 0;
        while i < k {
            let v = values[i];
            if v > from {
                runs.push((from, v, (k - i) as f64));
                from = v;
            }
            while i < k && values[i] == v {
                i += 1;
            }
        }
        TailCounts { runs }
    }

    /// `sum_j c(j) f(j)` for a function of `j` returning several terms at once.
    fn for_each(&self, mut f: impl FnMut(f64, f64)) {
        for &(from, to, c) in &self.runs {
            for j in from..to {
                f(j as f64, c);
            }
        }
    }
}

/// The sufficient statistics of the beta-binomial likelihood.
struct Likelihood {
    events: TailCounts,
    non_events: TailCounts,
    totals: TailCounts,
    /// `sum_i ln C(n_i, x_i)`.
    constant: f64,
}

/// `ln L(mu, phi)`, its gradient and Hessian in `(mu, phi)`.
struct Evaluation {
    ll: f64,
    g: [f64; 2],
    /// `[d2/dmu2, d2/dmu dphi, d2/dphi2]`.
    h: [f64; 3],
}

impl Likelihood {
    fn new(areas: &Areas<'_>) -> Likelihood {
        let (mut xs, mut ys, mut ns) = (Vec::new(), Vec::new(), Vec::new());
        let mut constant = NeumaierSum::new();
        for &i in &areas.used {
            let (x, n) = areas.area(i);
            xs.push(x as u64);
            ys.push((n - x) as u64);
            ns.push(n as u64);
            constant.add(ln_gamma(n + 1.0) - ln_gamma(x + 1.0) - ln_gamma(n - x + 1.0));
        }
        Likelihood {
            events: TailCounts::new(xs),
            non_events: TailCounts::new(ys),
            totals: TailCounts::new(ns),
            constant: constant.value(),
        }
    }

    /// Evaluate at `0 < mu < 1`, `phi >= 0` (the constant included in `ll`).
    fn eval(&self, mu: f64, phi: f64) -> Evaluation {
        let mut ll = NeumaierSum::new();
        ll.add(self.constant);
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        // sum_j c(j) ln(mu + j phi)
        self.events.for_each(|j, c| {
            let t = mu + j * phi;
            let inv = 1.0 / t;
            ll.add(c * t.ln());
            g0 += c * inv;
            g1 += c * j * inv;
            h00 -= c * inv * inv;
            h01 -= c * j * inv * inv;
            h11 -= c * j * j * inv * inv;
        });
        // sum_j c(j) ln(1 - mu + j phi)
        self.non_events.for_each(|j, c| {
            let t = 1.0 - mu + j * phi;
            let inv = 1.0 / t;
            ll.add(c * t.ln());
            g0 -= c * inv;
            g1 += c * j * inv;
            h00 -= c * inv * inv;
            h01 += c * j * inv * inv;
            h11 -= c * j * j * inv * inv;
        });
        // - sum_j c(j) ln(1 + j phi)
        self.totals.for_each(|j, c| {
            let jp = j * phi;
            let inv = 1.0 / (1.0 + jp);
            ll.add(-c * jp.ln_1p());
            g1 -= c * j * inv;
            h11 += c * j * j * inv * inv;
        });
        Evaluation {
            ll: ll.value(),
            g: [g0, g1],
            h: [h00, h01, h11],
        }
    }
}

/// Largest `phi` before the fit counts as running away (`a + b < 1e-12`: every area is all or
/// nothing and the likelihood has no maximum).
const PHI_MAX: f64 = 1e12;

/// Maximum likelihood `(mu, phi, iterations)` by projected Newton from `(mu0, phi0)`.
fn fit_ml(
    lik: &Likelihood,
    pooled: f64,
    phi0: f64,
    tolerance: f64,
    max_iter: usize,
) -> Result<(f64, f64, usize)> {
    let (mut mu, mut phi) = (pooled, phi0.max(0.0));
    let mut e = lik.eval(mu, phi);
    for iteration in 1..=max_iter {
        // On the boundary with a non-positive score in phi the constrained maximum is phi = 0,
        // where the binomial maximum in mu is the pooled proportion.
        if phi == 0.0 && e.g[1] <= 0.0 {
            return Ok((pooled, 0.0, iteration - 1));
        }
        let [h00, h01, h11] = e.h;
        // Newton direction, made an ascent direction by a Levenberg shift where needed
        let (s0, s1) = (
            h00.abs().max(f64::MIN_POSITIVE),
            h11.abs().max(f64::MIN_POSITIVE),
        );
        let mut lambda = 0.0;
        let (d0, mut d1);
        loop {
            let (a, b, c) = (h00 - lambda * s0, h01, h11 - lambda * s1);
            let det = a * c - b * b;
            if a < 0.0 && det > 0.0 {
                d0 = -(c * e.g[0] - b * e.g[1]) / det;
                d1 = -(a * e.g[1] - b * e.g[0]) / det;
                break;
            }
            lambda = if lambda == 0.0 { 1e-3 } else { lambda * 4.0 };
            if lambda > 1e30 {
                return Err(Error::DidNotConverge {
                    what: "beta-binomial maximum likelihood (no ascent direction)",
                    iterations: iteration,
                });
            }
        }
        if phi == 0.0 && d1 < 0.0 {
            d1 = 0.0;
        }
        let small = |d: f64, v: f64| d.abs() <= tolerance * v.abs();
        if small(d0, mu) && (small(d1, phi) || (phi == 0.0 && d1 == 0.0)) {
            return Ok((mu + d0, (phi + d1).max(0.0), iteration));
        }
        // backtracking line search inside 0 < mu < 1, projecting phi onto [0, inf)
        // Near the maximum the predicted gain of the Newton step, g'd / 2, is below the rounding
        // of ln L: there the step is taken as it is (comparing likelihoods would only compare
        // rounding errors).
        let gain = 0.5 * (e.g[0] * d0 + e.g[1] * d1);
        let mut t = 1.0;
        let mut accepted = None;
        if lambda == 0.0 && gain.abs() <= 64.0 * f64::EPSILON * e.ll.abs().max(1.0) {
            let (m, p) = (mu + d0, (phi + d1).max(0.0));
            if m > 0.0 && m < 1.0 {
                accepted = Some((m, p, lik.eval(m, p)));
            }
        }
        for _ in 0..80 {
            if accepted.is_some() {
                break;
            }
            let m = mu + t * d0;
            if m > 0.0 && m < 1.0 {
                let p = (phi + t * d1).max(0.0);
                let cand = lik.eval(m, p);
                if cand.ll.is_finite() && cand.ll >= e.ll {
                    accepted = Some((m, p, cand));
                    break;
                }
            }
            t *= 0.5;
        }
        let Some((m, p, cand)) = accepted else {
            // no increase along the Newton direction: numerically at the maximum
            if small(d0, mu * 1e3) && small(d1, phi.max(f64::MIN_POSITIVE) * 1e3) {
                return Ok((mu, phi, iteration));
            }
            return Err(Error::DidNotConverge {
                what: "beta-binomial maximum likelihood (line search failed)",
                iterations: iteration,
            });
        };
        if p > PHI_MAX {
            return Err(Error::DidNotConverge {
                what: "beta-binomial maximum likelihood (a + b tends to 0: every area is all or nothing)",
                iterations: iteration,
            });
        }
        mu = m;
        phi = p;
        e = cand;
    }
    Err(Error::DidNotConverge {
        what: "beta-binomial maximum likelihood",
        iterations: max_iter,
    })
}

/// The moment estimate of `rho` (methods.md 3.5), or why it does not exist.
fn moment_rho(areas: &Areas<'_>, p: f64) -> std::result::Result<f64, &'static str> {
    let k = areas.used.len() as f64;
    let (mut big_n, mut s, mut n2) = (NeumaierSum::new(), NeumaierSum::new(), NeumaierSum::new());
    for &i in &areas.used {
        let (x, n) = areas.area(i);
        let d = x / n - p;
        big_n.add(n);
        s.add(n * d * d);
        n2.add(n * n);
    }
    let big_n = big_n.value();
    let denominator = big_n - n2.value() / big_n - (k - 1.0);
    if denominator <= 0.0 {
        return Err("the intra-area correlation is not identifiable (every area has one unit)");
    }
    let rho = (s.value() / (p * (1.0 - p)) - (k - 1.0)) / denominator;
    if rho >= 1.0 {
        return Err(
            "the moment estimate of rho is >= 1 (every area is all or nothing): no beta prior fits",
        );
    }
    Ok(rho.max(0.0))
}

/// Beta-binomial empirical Bayes proportions with EB (posterior) intervals (methods.md 3.5).
///
/// ```text
/// theta_i ~ Beta(a, b),  x_i ~ Bin(n_i, theta_i)
/// moments: p = sum x / sum n,  N = sum n_i,  S = sum n_i (r_i - p)^2,
///          rho = [S/(p(1-p)) - (k-1)] / [N - sum n_i^2/N - (k-1)]  truncated to [0, 1),
///          a + b = (1 - rho)/rho,  a = p (a + b),  b = (1 - p)(a + b)
/// ML:      maximise sum ln BetaBin(x_i; n_i, a, b), started at the moments
/// estimate_i = (x_i + a) / (n_i + a + b)
/// interval_i = [Beta^-1((1-level)/2; x_i + a, n_i - x_i + b), Beta^-1((1+level)/2; ...)]
/// ```
/// The interval ("EB interval") understates the uncertainty because `a` and `b` are plugged
/// in. The two estimators of `rho` can differ strongly with few areas (methods.md: moments
/// 0.0175, ML 0.0044 for the 8 Ortsteile): report `rho` with every EB output. The ML fit is
/// described in the module documentation.
///
/// # Edge cases
/// * Population 0: prior mean and prior interval, status [`AreaStatus::NoData`].
/// * `rho = 0` (moments truncated at 0, or the ML maximum on the boundary `a + b = inf`):
///   complete shrinkage, every estimate and interval limit is the prior mean,
///   [`Flags::NO_BETWEEN_VARIANCE`]; `alpha = beta = inf`.
/// * No events anywhere (or events = population everywhere): the same, with prior mean 0 (1).
///
/// # Errors
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined): fewer than 2 areas with population;
/// for the moment estimator also `rho >= 1` (every area all or nothing) or every area with one
/// unit. [`ErrorKind::DidNotConverge`](crate::ErrorKind::DidNotConverge): the ML iteration did
/// not converge within `max_iter`, or ran away (`a + b -> 0`). Counts must be integers
/// ([`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount), also for negative counts and
/// events above the population); NaN follows the [`NanPolicy`];
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for invalid options.
///
/// # Example
/// The 8 Ortsteile of methods.md 3.5:
/// ```
/// use bildung_core::{NanPolicy, smallarea::{beta_binomial_eb, BetaBinomialParams}};
/// use ndarray::array;
/// let x = array![3., 6., 9., 12., 7., 15., 0., 4.];
/// let n = array![12., 45., 80., 150., 30., 220., 8., 60.];
/// let ml = beta_binomial_eb(x.view(), n.view(), &BetaBinomialParams::default(), NanPolicy::Raise)?;
/// assert!((ml.alpha - 22.575).abs() < 5e-4 && (ml.beta - 206.026).abs() < 5e-4);
/// assert!((ml.lower[6] - 0.0614).abs() < 5e-5 && (ml.upper[6] - 0.1359).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn beta_binomial_eb(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    params: &BetaBinomialParams,
    nan: NanPolicy,
) -> Result<BetaBinomialEb> {
    const MEASURE: &str = "beta_binomial_eb";
    params.check()?;
    let areas = validate(MEASURE, events, population, nan, true)?;
    let lik = Likelihood::new(&areas);
    let (mut x_sum, mut n_sum) = (NeumaierSum::new(), NeumaierSum::new());
    for &i in &areas.used {
        let (x, n) = areas.area(i);
        x_sum.add(x);
        n_sum.add(n);
    }
    let pooled = x_sum.value() / n_sum.value();
    let (mu, phi, iterations) = if pooled <= 0.0 || pooled >= 1.0 {
        (pooled, 0.0, 0)
    } else {
        let rho = moment_rho(&areas, pooled);
        match params.method {
            BetaBinomialMethod::Moments => {
                let rho = rho.map_err(|reason| Error::undefined(MEASURE, reason))?;
                (pooled, rho / (1.0 - rho), 0)
            }
            BetaBinomialMethod::MaximumLikelihood => {
                let phi0 = rho.map_or(0.0, |r| r / (1.0 - r));
                fit_ml(&lik, pooled, phi0, params.tolerance, params.max_iter)?
            }
        }
    };
    let log_likelihood = if mu > 0.0 && mu < 1.0 {
        lik.eval(mu, phi).ll
    } else {
        lik.constant // a degenerate prior at 0 or 1 fits every area exactly
    };
    let (alpha, beta) = if phi > 0.0 {
        (mu / phi, (1.0 - mu) / phi)
    } else {
        (f64::INFINITY, f64::INFINITY)
    };
    let k = areas.status.len();
    let mut out = BetaBinomialEb {
        estimate: vec![f64::NAN; k],
        lower: vec![f64::NAN; k],
        upper: vec![f64::NAN; k],
        rate: vec![f64::NAN; k],
        shrinkage: vec![f64::NAN; k],
        status: areas.status.clone(),
        alpha,
        beta,
        rho: phi / (1.0 + phi),
        prior_mean: mu,
        log_likelihood,
        method: params.method,
        level: params.level,
        iterations,
        n_used: areas.used.len(),
        n_dropped: areas.n_dropped,
        n_empty: areas.n_empty,
        flags: areas.flags,
    };
    if phi == 0.0 {
        out.flags |= Flags::NO_BETWEEN_VARIANCE;
    }
    let (q_lo, q_hi) = (0.5 * (1.0 - params.level), 0.5 * (1.0 + params.level));
    for i in 0..k {
        let (x, n) = match areas.status[i] {
            AreaStatus::Ok => areas.area(i),
            AreaStatus::NoData => (0.0, 0.0),
            _ => continue,
        };
        if n > 0.0 {
            out.rate[i] = x / n;
        }
        if phi == 0.0 {
            out.shrinkage[i] = 0.0;
            out.estimate[i] = mu;
            out.lower[i] = mu;
            out.upper[i] = mu;
            continue;
        }
        let c = n * phi / (1.0 + n * phi);
        out.shrinkage[i] = c;
        out.estimate[i] = if n > 0.0 { mu + c * (x / n - mu) } else { mu };
        let (pa, pb) = (x + alpha, n - x + beta);
        out.lower[i] = beta_quantile(q_lo, pa, pb);
        out.upper[i] = beta_quantile(q_hi, pa, pb);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::array;

    const X: [f64; 8] = [3., 6., 9., 12., 7., 15., 0., 4.];
    const N: [f64; 8] = [12., 45., 80., 150., 30., 220., 8., 60.];

    fn params(method: BetaBinomialMethod) -> BetaBinomialParams {
        BetaBinomialParams {
            method,
            ..BetaBinomialParams::default()
        }
    }

    #[test]
    fn tail_counts() {
        let t = TailCounts::new(vec![3, 0, 1, 3]);
        // c(0) = 3, c(1) = 2, c(2) = 2, c(3..) = 0
        assert_eq!(t.runs, vec![(0, 1, 3.0), (1, 3, 2.0)]);
    }

    #[test]
    fn likelihood_matches_the_gamma_function_form() {
        let x = ndarray::Array1::from(X.to_vec());
        let n = ndarray::Array1::from(N.to_vec());
        let areas = validate("t", x.view(), n.view(), NanPolicy::Raise, true).unwrap();
        let lik = Likelihood::new(&areas);
        let (a, b) = (5.0, 51.0);
        let (mu, phi) = (a / (a + b), 1.0 / (a + b));
        let lb = |p: f64, q: f64| ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q);
        let direct: f64 = X
            .iter()
            .zip(&N)
            .map(|(&x, &n)| {
                ln_gamma(n + 1.0) - ln_gamma(x + 1.0) - ln_gamma(n - x + 1.0) + lb(x + a, n - x + b)
                    - lb(a, b)
            })
            .sum();
        let e = lik.eval(mu, phi);
        assert!((e.ll - direct).abs() < 1e-10, "{} vs {direct}", e.ll);
        // derivatives by central differences
        let h = 1e-6;
        let dmu = (lik.eval(mu + h, phi).ll - lik.eval(mu - h, phi).ll) / (2.0 * h);
        let dphi =
            (lik.eval(mu, phi + h * 0.01).ll - lik.eval(mu, phi - h * 0.01).ll) / (2.0 * h * 0.01);
        assert!((e.g[0] - dmu).abs() < 1e-5 * dmu.abs().max(1.0));
        assert!((e.g[1] - dphi).abs() < 1e-5 * dphi.abs().max(1.0));
        let d2 = (lik.eval(mu + h, phi).g[1] - lik.eval(mu - h, phi).g[1]) / (2.0 * h);
        assert!((e.h[1] - d2).abs() < 1e-5 * d2.abs().max(1.0));
    }

    #[test]
    fn moments_match_methods_md() {
        let (x, n) = (
            array![3., 6., 9., 12., 7., 15., 0., 4.],
            array![12., 45., 80., 150., 30., 220., 8., 60.],
        );
        let r = beta_binomial_eb(
            x.view(),
            n.view(),
            &params(BetaBinomialMethod::Moments),
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((r.rho - 0.017473).abs() < 5e-7);
        assert!((r.alpha - 5.2048).abs() < 5e-5);
        assert!((r.beta - 51.0261).abs() < 5e-5);
        assert!((r.estimate[0] - 0.1203).abs() < 5e-5);
        assert_eq!(r.iterations, 0);
    }

    #[test]
    fn boundary_when_there_is_no_overdispersion() {
        // identical proportions: the ML maximum is at rho = 0
        let x = array![2.0, 4.0, 6.0];
        let n = array![20.0, 40.0, 60.0];
        for method in [
            BetaBinomialMethod::Moments,
            BetaBinomialMethod::MaximumLikelihood,
        ] {
            let r =
                beta_binomial_eb(x.view(), n.view(), &params(method), NanPolicy::Raise).unwrap();
            assert_eq!(r.rho, 0.0);
            assert!(r.flags.contains(Flags::NO_BETWEEN_VARIANCE));
            assert_eq!(r.alpha, f64::INFINITY);
            assert!(r.estimate.iter().all(|&e| (e - 0.1).abs() < 1e-15));
            assert!(r.lower.iter().all(|&e| (e - 0.1).abs() < 1e-15));
        }
    }

    #[test]
    fn no_events_anywhere() {
        let r = beta_binomial_eb(
            array![0.0, 0.0].view(),
            array![5.0, 9.0].view(),
            &BetaBinomialParams::default(),
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(r.estimate, vec![0.0, 0.0]);
        assert_eq!(r.upper, vec![0.0, 0.0]);
        assert!(r.log_likelihood.abs() < 1e-14);
        assert!(r.flags.contains(Flags::NO_BETWEEN_VARIANCE));
    }

    #[test]
    fn all_or_nothing() {
        let (x, n) = (array![0.0, 5.0, 0.0, 7.0], array![4.0, 5.0, 6.0, 7.0]);
        let e = beta_binomial_eb(
            x.view(),
            n.view(),
            &params(BetaBinomialMethod::Moments),
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        let e = beta_binomial_eb(
            x.view(),
            n.view(),
            &BetaBinomialParams::default(),
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DidNotConverge);
    }

    #[test]
    fn one_iteration_is_not_enough() {
        let (x, n) = (
            ndarray::Array1::from(X.to_vec()),
            ndarray::Array1::from(N.to_vec()),
        );
        let p = BetaBinomialParams {
            max_iter: 1,
            ..BetaBinomialParams::default()
        };
        let e = beta_binomial_eb(x.view(), n.view(), &p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DidNotConverge);
    }

    #[test]
    fn large_prior_parameters_still_give_intervals() {
        // nearly no overdispersion and big areas: a + b in the hundreds of thousands
        let x = array![1000.0, 1010.0, 995.0, 1003.0, 1020.0, 990.0];
        let n = ndarray::Array1::from_elem(6, 10000.0);
        let r = beta_binomial_eb(
            x.view(),
            n.view(),
            &BetaBinomialParams::default(),
            NanPolicy::Raise,
        )
        .unwrap();
        for i in 0..6 {
            if r.rho > 0.0 {
                assert!(r.lower[i] < r.estimate[i] && r.estimate[i] < r.upper[i]);
            }
            assert!(r.lower[i].is_finite() && r.upper[i].is_finite());
        }
    }

    #[test]
    fn option_errors() {
        let (x, n) = (array![1.0, 2.0], array![5.0, 6.0]);
        for p in [
            BetaBinomialParams {
                level: 1.0,
                ..BetaBinomialParams::default()
            },
            BetaBinomialParams {
                tolerance: 0.0,
                ..BetaBinomialParams::default()
            },
            BetaBinomialParams {
                max_iter: 0,
                ..BetaBinomialParams::default()
            },
        ] {
            assert_eq!(
                beta_binomial_eb(x.view(), n.view(), &p, NanPolicy::Raise)
                    .unwrap_err()
                    .kind(),
                ErrorKind::InvalidParameter
            );
        }
        let frac = array![1.5, 2.0];
        let e = beta_binomial_eb(
            frac.view(),
            n.view(),
            &BetaBinomialParams::default(),
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(0)));
    }
}
