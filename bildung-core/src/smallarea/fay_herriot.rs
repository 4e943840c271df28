//! The Fay-Herriot area-level model and its EBLUP (Fay & Herriot 1979; Rao & Molina 2015,
//! ch. 6; R `sae::eblupFH` / `sae::mseFH`; methods.md 3.6): small-area estimates that borrow
//! strength from covariates (Bereichsschätzung mit dem Fay-Herriot-Modell, EBLUP).

use ndarray::{ArrayView1, ArrayView2};

use super::linalg::{Cholesky, RANK_TOLERANCE, product, quadratic_form, trace_of_product};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags};
use crate::sum::NeumaierSum;

/// How the variance of the area effects `sigma2_v` is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FayHerriotMethod {
    /// Restricted maximum likelihood by Fisher scoring. The default.
    #[default]
    Reml,
    /// Maximum likelihood by Fisher scoring.
    Ml,
    /// The Fay-Herriot moment estimator (iterative).
    FayHerriot,
    /// The Prasad-Rao moment estimator (closed form, OLS residuals).
    PrasadRao,
}

impl FayHerriotMethod {
    /// Parse the name used in Python (`"reml"`, `"ml"`, `"fh"`, `"pr"`).
    ///
    /// ```
    /// use bildung_core::smallarea::FayHerriotMethod;
    /// assert_eq!(FayHerriotMethod::from_name("fh")?, FayHerriotMethod::FayHerriot);
    /// assert!(FayHerriotMethod::from_name("REML").is_err());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<FayHerriotMethod> {
        match name {
            "reml" => Ok(FayHerriotMethod::Reml),
            "ml" => Ok(FayHerriotMethod::Ml),
            "fh" => Ok(FayHerriotMethod::FayHerriot),
            "pr" => Ok(FayHerriotMethod::PrasadRao),
            other => Err(Error::parameter(
                "method",
                format!("{other:?}"),
                "expected \"reml\", \"ml\", \"fh\" or \"pr\"",
            )),
        }
    }

    /// The name (`"reml"`, `"ml"`, `"fh"`, `"pr"`).
    pub const fn name(self) -> &'static str {
        match self {
            FayHerriotMethod::Reml => "reml",
            FayHerriotMethod::Ml => "ml",
            FayHerriotMethod::FayHerriot => "fh",
            FayHerriotMethod::PrasadRao => "pr",
        }
    }
}

/// Options of [`fay_herriot`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FayHerriotParams {
    /// Estimator of `sigma2_v`. Default REML.
    pub method: FayHerriotMethod,
    /// Add an intercept column before the covariates. Default true.
    pub intercept: bool,
    /// Stop the Fisher scoring when the relative change of `sigma2_v` is below this. Default
    /// 1e-10 (`sae` uses 1e-4).
    pub tolerance: f64,
    /// Largest number of scoring iterations. Default 100.
    pub max_iter: usize,
}

impl Default for FayHerriotParams {
    fn default() -> Self {
        FayHerriotParams {
            method: FayHerriotMethod::Reml,
            intercept: true,
            tolerance: 1e-10,
            max_iter: 100,
        }
    }
}

impl FayHerriotParams {
    /// Check the options: `tolerance` positive and finite, `max_iter >= 1`.
    pub fn check(&self) -> Result<()> {
        super::check_iteration(self.tolerance, self.max_iter)
    }
}

/// A fitted Fay-Herriot model: one entry per input area, plus the fixed effects.
///
/// Areas without a direct estimate (NaN in `direct`) are out of sample
/// ([`AreaStatus::NoData`]): their estimate is the regression-synthetic `x_i' beta`, their MSE
/// `x_i' (X'V^-1X)^-1 x_i + sigma2_v`, and `gamma`, `g1`, `g2`, `g3` are NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct FayHerriot {
    /// The EBLUP `gamma_i y_i + (1 - gamma_i) x_i' beta` (synthetic for out-of-sample areas).
    pub estimate: Vec<f64>,
    /// The estimated MSE (Prasad-Rao / Datta-Lahiri; see [`fay_herriot`]).
    pub mse: Vec<f64>,
    /// The shrinkage factor `gamma_i = sigma2_v / (sigma2_v + psi_i)`: the weight of the direct
    /// estimate.
    pub gamma: Vec<f64>,
    /// The regression-synthetic estimate `x_i' beta`.
    pub synthetic: Vec<f64>,
    /// `g1_i = gamma_i psi_i`.
    pub g1: Vec<f64>,
    /// `g2_i = B_i^2 x_i' (X'V^-1X)^-1 x_i`.
    pub g2: Vec<f64>,
    /// `g3_i = B_i^2 Var(sigma2_v) / (sigma2_v + psi_i)`.
    pub g3: Vec<f64>,
    /// `Ok` (direct estimate used) or `NoData` (out of sample), one per area.
    pub status: Vec<AreaStatus>,
    /// The GLS fixed effects `beta` (the intercept first, if any, then one per covariate).
    pub beta: Vec<f64>,
    /// Standard errors of `beta`: `sqrt(diag (X'V^-1X)^-1)`.
    pub beta_se: Vec<f64>,
    /// The estimated variance of the area effects `sigma2_v` (>= 0).
    pub variance_component: f64,
    /// `sqrt(Var(sigma2_v))`, the asymptotic standard error used in `g3`.
    pub variance_component_se: f64,
    /// The log-likelihood `-1/2 [m ln 2pi + sum ln(v_i) + r'V^-1r]` at the estimate.
    pub log_likelihood: f64,
    /// The restricted log-likelihood
    /// `-1/2 [(m - p) ln 2pi + sum ln(v_i) + ln det(X'V^-1X) + r'V^-1r]` at the estimate.
    pub restricted_log_likelihood: f64,
    /// The estimator of `sigma2_v`.
    pub method: FayHerriotMethod,
    /// Whether the design has an intercept column.
    pub intercept: bool,
    /// Scoring iterations (0 for Prasad-Rao).
    pub iterations: usize,
    /// Areas with a direct estimate: the `m` of the formulas.
    pub n_used: usize,
    /// Areas without a direct estimate (out of sample).
    pub n_empty: usize,
    /// [`Flags::BOUNDARY_ESTIMATE`] when `sigma2_v = 0`.
    pub flags: Flags,
}

/// The validated model: design rows of every area, the in-sample data.
struct Design {
    /// `p` columns (intercept first), every area, row-major.
    x: Vec<f64>,
    p: usize,
    /// Whether design column 0 is the intercept.
    intercept: bool,
    /// Positions of the in-sample areas.
    rows: Vec<usize>,
    /// Direct estimates and sampling variances of the in-sample areas.
    y: Vec<f64>,
    psi: Vec<f64>,
    /// The design rows of the in-sample areas, contiguous (`m x p`, row-major).
    xs: Vec<f64>,
}

impl Design {
    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.p..(i + 1) * self.p]
    }

    /// The design row of the `k`-th in-sample area.
    fn sample_row(&self, k: usize) -> &[f64] {
        &self.xs[k * self.p..(k + 1) * self.p]
    }

    fn m(&self) -> usize {
        self.rows.len()
    }
}

/// The GLS fit at one value of `sigma2_v`.
struct Gls {
    /// `v_i = sigma2_v + psi_i`, in-sample.
    v: Vec<f64>,
    /// Residuals `y - X beta`, in-sample.
    r: Vec<f64>,
    beta: Vec<f64>,
    /// `(X'V^-1X)^-1`.
    q: Vec<f64>,
    /// `ln det(X'V^-1X)`.
    ln_det: f64,
    /// `sum v^-1`, `sum v^-2`, `sum r^2 / v`, `sum (r / v)^2` (compensated sums).
    w1: f64,
    w2: f64,
    rr: f64,
    pp: f64,
    /// `X' V^-2 X` and `X' V^-3 X` when asked for (REML scoring, the ML bias term), else empty.
    a2: Vec<f64>,
    a3: Vec<f64>,
}

/// The error for design column `j` (the intercept is design column 0 when there is one).
fn rank_deficient(j: usize, intercept: bool) -> Error {
    Error::RankDeficient {
        what: "covariates",
        column: j.saturating_sub(usize::from(intercept)),
        before: columns_before(j, intercept),
    }
}

/// Describe the columns before design column `j` for an error message.
fn columns_before(j: usize, intercept: bool) -> String {
    let first = usize::from(intercept);
    let covariates: Vec<String> = (first..j).map(|c| (c - first).to_string()).collect();
    match (intercept, covariates.is_empty()) {
        (true, true) => "the intercept".to_string(),
        (true, false) => format!("the intercept and columns {}", covariates.join(", ")),
        (false, true) => "nothing: it is all zeros".to_string(),
        (false, false) => format!("columns {}", covariates.join(", ")),
    }
}

fn validate(
    direct: ArrayView1<'_, f64>,
    variance: ArrayView1<'_, f64>,
    covariates: Option<ArrayView2<'_, f64>>,
    intercept: bool,
) -> Result<Design> {
    let n = direct.len();
    if variance.len() != n {
        return Err(Error::ShapeMismatch {
            what: "variance",
            expected: n,
            found: variance.len(),
        });
    }
    let cols = covariates.map_or(0, |c| c.ncols());
    if let Some(c) = covariates
        && c.nrows() != n
    {
        return Err(Error::ShapeMismatch {
            what: "covariates",
            expected: n,
            found: c.nrows(),
        });
    }
    if n == 0 {
        return Err(Error::EmptyInput {
            what: "direct has no elements",
        });
    }
    let p = usize::from(intercept) + cols;
    if p == 0 {
        return Err(Error::parameter(
            "intercept",
            false,
            "the model needs at least one fixed effect: set intercept or give covariates",
        ));
    }
    let mut x = Vec::with_capacity(n * p);
    for i in 0..n {
        if intercept {
            x.push(1.0);
        }
        if let Some(c) = covariates {
            for j in 0..cols {
                let v = c[(i, j)];
                let index = i * cols + j;
                if v.is_nan() {
                    return Err(Error::MissingValue {
                        what: "covariates",
                        index,
                    });
                }
                if v.is_infinite() {
                    return Err(Error::NonFinite {
                        what: "covariates",
                        index,
                        value: v,
                    });
                }
                x.push(v);
            }
        }
    }
    let (mut rows, mut y, mut psi) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let d = direct[i];
        if d.is_nan() {
            continue; // out of sample: no direct estimate, the variance is not used
        }
        if d.is_infinite() {
            return Err(Error::NonFinite {
                what: "direct",
                index: i,
                value: d,
            });
        }
        let s = variance[i];
        if s.is_nan() {
            return Err(Error::MissingValue {
                what: "variance",
                index: i,
            });
        }
        if s.is_infinite() {
            return Err(Error::NonFinite {
                what: "variance",
                index: i,
                value: s,
            });
        }
        if s <= 0.0 {
            return Err(Error::NotPositive {
                what: "variance",
                index: i,
                value: s,
            });
        }
        rows.push(i);
        y.push(d);
        psi.push(s);
    }
    let m = rows.len();
    if m <= p {
        return Err(Error::parameter(
            "covariates",
            format!("{p} fixed effects for {m} areas with a direct estimate"),
            "the model needs more areas with a direct estimate than fixed effects (m > p, the intercept included)",
        ));
    }
    let xs = rows
        .iter()
        .flat_map(|&i| x[i * p..(i + 1) * p].iter().copied())
        .collect();
    let design = Design {
        x,
        p,
        intercept,
        rows,
        y,
        psi,
        xs,
    };
    // rank of the in-sample design, from its Gram matrix
    let mut gram = vec![0.0; p * p];
    for k in 0..m {
        let xi = design.sample_row(k);
        for a in 0..p {
            for b in 0..=a {
                gram[a * p + b] += xi[a] * xi[b];
            }
        }
    }
    if let Err(j) = Cholesky::new(&gram, p, RANK_TOLERANCE) {
        return Err(rank_deficient(j, intercept));
    }
    Ok(design)
}

/// The weighted least-squares fit with variances `v` (in-sample), in two passes over the
/// areas: the normal equations (and `X'V^-2X`, `X'V^-3X` with `grams`), then the residuals and
/// the sums of the scores.
fn gls(d: &Design, v: Vec<f64>, grams: bool) -> Result<Gls> {
    let p = d.p;
    let mut g = vec![0.0; p * p];
    let mut rhs = vec![0.0; p];
    let (mut a2, mut a3) = if grams {
        (vec![0.0; p * p], vec![0.0; p * p])
    } else {
        (Vec::new(), Vec::new())
    };
    let (mut w1, mut w2) = (NeumaierSum::new(), NeumaierSum::new());
    for (k, &vk) in v.iter().enumerate() {
        let (xi, w) = (d.sample_row(k), 1.0 / vk);
        let (ww, www) = (w * w, w * w * w);
        w1.add(w);
        w2.add(ww);
        for a in 0..p {
            let wxa = w * xi[a];
            rhs[a] += wxa * d.y[k];
            for b in 0..=a {
                let xx = xi[a] * xi[b];
                g[a * p + b] += wxa * xi[b];
                if grams {
                    a2[a * p + b] += ww * xx;
                    a3[a * p + b] += www * xx;
                }
            }
        }
    }
    for m in [&mut g, &mut a2, &mut a3] {
        if m.is_empty() {
            continue;
        }
        for a in 0..p {
            for b in 0..a {
                m[b * p + a] = m[a * p + b];
            }
        }
    }
    let chol = Cholesky::new(&g, p, 0.0).map_err(|j| rank_deficient(j, d.intercept))?;
    let mut beta = rhs;
    chol.solve(&mut beta);
    let (mut rr, mut pp) = (NeumaierSum::new(), NeumaierSum::new());
    let r = (0..v.len())
        .map(|k| {
            let rk = d.y[k] - dot(d.sample_row(k), &beta);
            let w = 1.0 / v[k];
            rr.add(rk * rk * w);
            pp.add(rk * rk * w * w);
            rk
        })
        .collect();
    Ok(Gls {
        v,
        r,
        beta,
        q: chol.inverse(),
        ln_det: chol.ln_det(),
        w1: w1.value(),
        w2: w2.value(),
        rr: rr.value(),
        pp: pp.value(),
        a2,
        a3,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn variances(d: &Design, s2v: f64) -> Vec<f64> {
    d.psi.iter().map(|&s| s2v + s).collect()
}

/// Score and information of one Fisher-scoring step (methods.md 3.6).
fn scoring_step(method: FayHerriotMethod, d: &Design, fit: &Gls) -> (f64, f64) {
    let (w1, w2, rr, pp) = (fit.w1, fit.w2, fit.rr, fit.pp);
    let p = d.p;
    match method {
        FayHerriotMethod::Reml => {
            // P = V^-1 - V^-1 X Q X' V^-1 with Q = (X'V^-1X)^-1, and P y = V^-1 r:
            // tr P = sum w - tr(Q A2), tr PP = sum w^2 - 2 tr(Q A3) + tr((Q A2)^2),
            // A_k = X' W^k X
            let (a2, a3) = (&fit.a2, &fit.a3);
            let qa2 = product(&fit.q, a2, p);
            let tr_p = w1 - trace_of_product(&fit.q, a2, p);
            let tr_pp =
                w2 - 2.0 * trace_of_product(&fit.q, a3, p) + trace_of_product(&qa2, &qa2, p);
            (-0.5 * tr_p + 0.5 * pp, 0.5 * tr_pp)
        }
        FayHerriotMethod::Ml => (-0.5 * w1 + 0.5 * pp, 0.5 * w2),
        // FH moment: solve sum r^2/v = m - p by Newton with derivative approximated by sum 1/v
        FayHerriotMethod::FayHerriot | FayHerriotMethod::PrasadRao => (rr - (d.m() - p) as f64, w1),
    }
}

/// Fisher scoring from `median(psi)` for the root of the score on `[0, inf)`:
/// `(sigma2_v, iterations)`.
///
/// Fisher scoring (as `sae::eblupFH`) with safeguards that change the path, never the root:
/// * once the iteration moves down, the sign of the score at 0 is looked at (if it is not
///   positive, the maximum is on the boundary and `sigma2_v = 0`; plain scoring would crawl
///   towards 0 for hundreds of steps);
/// * when the last two iterates lie on both sides of the root (scoring oscillates around it,
///   as it does because the expected information is not the derivative of the score, and then
///   converges only linearly, e.g. 27 iterations to 1e-10 for 40 areas), the next step is the
///   secant between them;
/// * a step that leaves the bracket `(lo, hi)` of known signs, or that is longer than 0.7 times
///   the step before (slow one-sided convergence), is replaced by an Illinois (modified regula
///   falsi) step inside the bracket.
///
/// Every evaluation of the score counts as an iteration.
fn fisher_scoring(d: &Design, params: &FayHerriotParams) -> Result<(f64, usize)> {
    let mut sorted = d.psi.clone();
    sorted.sort_by(f64::total_cmp);
    let m = sorted.len();
    let mut s2v = if m % 2 == 1 {
        sorted[m / 2]
    } else {
        0.5 * (sorted[m / 2 - 1] + sorted[m / 2])
    };
    let what = match params.method {
        FayHerriotMethod::Reml => "Fay-Herriot REML (Fisher scoring of sigma2_v)",
        FayHerriotMethod::Ml => "Fay-Herriot ML (Fisher scoring of sigma2_v)",
        _ => "Fay-Herriot moment estimator of sigma2_v",
    };
    let fail = |iterations| Error::DidNotConverge { what, iterations };
    let score_at = |s: f64| -> Result<(f64, f64)> {
        let fit = gls(d, variances(d, s), params.method == FayHerriotMethod::Reml)?;
        Ok(scoring_step(params.method, d, &fit))
    };
    // bracket: score > 0 at lo, < 0 at hi (lo = 0 with its score unknown until probed)
    let (mut lo, mut f_lo): (f64, Option<f64>) = (0.0, None);
    let (mut hi, mut f_hi): (f64, Option<f64>) = (f64::INFINITY, None);
    let mut previous_step = f64::INFINITY;
    let mut kept = 0i8; // Illinois: -1 lo kept last time, 1 hi kept
    let mut previous: Option<(f64, f64)> = None; // the last iterate and its score
    let mut iteration = 0;
    while iteration < params.max_iter {
        iteration += 1;
        let (score, info) = score_at(s2v)?;
        if !(score.is_finite() && info > 0.0 && info.is_finite()) {
            return Err(fail(iteration));
        }
        if score == 0.0 {
            return Ok((s2v, iteration));
        }
        if score > 0.0 {
            (lo, f_lo) = (s2v, Some(score));
        } else {
            if s2v == 0.0 {
                return Ok((0.0, iteration)); // the score at 0 is negative: boundary
            }
            (hi, f_hi) = (s2v, Some(score));
        }
        let fisher = s2v + score / info;
        if score < 0.0 && f_lo.is_none() {
            // moving down with no known positive score: look at the boundary first
            if iteration == params.max_iter {
                break;
            }
            iteration += 1;
            let (f0, _) = score_at(0.0)?;
            if f0 <= 0.0 {
                return Ok((0.0, iteration));
            }
            f_lo = Some(f0);
        }
        let step = fisher - s2v;
        let in_bracket = fisher > lo && fisher < hi;
        let slow = step.abs() > 0.7 * previous_step.abs();
        let next = match (previous, f_lo, f_hi) {
            // the last two iterates straddle the root (scoring oscillates around it, converging
            // only linearly): a secant step between them
            (Some((ps, pf)), _, _) if pf.signum() != score.signum() => {
                kept = 0;
                (ps * score - s2v * pf) / (score - pf)
            }
            (_, Some(fl), Some(fh)) if !in_bracket || slow => {
                // Illinois step: regula falsi, halving the score kept at the same end twice
                let (mut fl, mut fh) = (fl, fh);
                let keep = if score > 0.0 { 1 } else { -1 };
                if keep == kept {
                    if keep == 1 {
                        fh *= 0.5;
                    } else {
                        fl *= 0.5;
                    }
                }
                kept = keep;
                (f_lo, f_hi) = (Some(fl), Some(fh));
                (lo * fh - hi * fl) / (fh - fl)
            }
            _ if in_bracket => fisher,
            _ => {
                if !hi.is_finite() {
                    return Err(fail(iteration));
                }
                0.5 * (lo + hi)
            }
        };
        previous = Some((s2v, score));
        if !next.is_finite() {
            return Err(fail(iteration));
        }
        previous_step = next - s2v;
        let change = (previous_step / s2v).abs();
        s2v = next;
        if change < params.tolerance {
            return Ok((s2v, iteration));
        }
    }
    Err(fail(params.max_iter))
}

/// The Prasad-Rao moment estimator (closed form, OLS residuals).
fn prasad_rao(d: &Design) -> Result<f64> {
    let ols = gls(d, vec![1.0; d.m()], false)?;
    let (mut rr, mut trace) = (NeumaierSum::new(), NeumaierSum::new());
    for k in 0..d.m() {
        let h = quadratic_form(&ols.q, d.sample_row(k));
        rr.add(ols.r[k] * ols.r[k]);
        trace.add(d.psi[k] * (1.0 - h));
    }
    Ok(((rr.value() - trace.value()) / (d.m() - d.p) as f64).max(0.0))
}

/// The Fay-Herriot area-level model: EBLUP with REML, ML, Fay-Herriot or Prasad-Rao estimation
/// of the variance component, and its MSE (methods.md 3.6).
///
/// Model and estimator, for the `m` areas with a direct estimate `y_i` and its known sampling
/// variance `psi_i > 0`, with covariates `x_i` (`p` of them, the intercept included):
/// ```text
/// y_i = x_i' beta + v_i + e_i,   v_i ~ N(0, s2v),   e_i ~ N(0, psi_i)
/// V = diag(s2v + psi_i),   gamma_i = s2v / (s2v + psi_i),   B_i = 1 - gamma_i
/// beta = (X'V^-1X)^-1 X'V^-1 y            (GLS, Cholesky; ln det from its diagonal)
/// EBLUP_i = gamma_i y_i + (1 - gamma_i) x_i' beta
/// ```
/// `s2v` by Fisher scoring from `median(psi)`, stopping when the relative change is below
/// `tolerance` (as `sae::eblupFH`, which uses 1e-4), with iterates kept `>= 0`:
/// ```text
/// REML: score -1/2 tr(P) + 1/2 y'PPy,  information 1/2 tr(PP),
///       P = V^-1 - V^-1 X (X'V^-1X)^-1 X'V^-1
/// ML:   score -1/2 sum 1/(s2v+psi_i) + 1/2 y'PPy,  information 1/2 sum 1/(s2v+psi_i)^2
/// FH:   solve sum (y_i - x_i'beta)^2/(s2v+psi_i) = m - p  (step: residual / sum 1/(s2v+psi_i))
/// PR:   s2v = max(0, [sum r_i^2 - sum psi_i (1 - h_ii)] / (m - p))  (OLS residuals, hat values)
/// ```
/// MSE (Prasad & Rao 1990; Datta & Lahiri 2000), as `sae::mseFH`:
/// ```text
/// g1 = gamma_i psi_i,  g2 = B_i^2 x_i'(X'V^-1X)^-1 x_i,  g3 = B_i^2 Var(s2v) / (s2v + psi_i)
/// Var(s2v) = 2 / sum (s2v+psi_j)^-2 (REML, ML),  2m / (sum (s2v+psi_j)^-1)^2 (FH),
///            2 / m^2 sum (s2v+psi_j)^2 (PR)
/// MSE = g1 + g2 + 2 g3                                     (REML, PR)
/// MSE = g1 + g2 + 2 g3 - b B_i^2,  b_ML = -tr[(X'V^-1X)^-1 X'V^-2X] / sum (s2v+psi_j)^-2,
///       b_FH = 2 [m sum V_j^-2 - (sum V_j^-1)^2] / (sum V_j^-1)^3
/// out of sample: x_i' beta, MSE x_i'(X'V^-1X)^-1 x_i + s2v
/// ```
///
/// `direct[i] = NaN` marks an area without a direct estimate (out of sample; its `variance`
/// is not used and may be NaN); it gets the synthetic estimate and status
/// [`AreaStatus::NoData`]. `covariates` is areas x covariates (without the intercept column;
/// `None` = intercept only).
///
/// # Edge cases
/// `s2v = 0` (the boundary): every EBLUP equals its synthetic estimate,
/// [`Flags::BOUNDARY_ESTIMATE`]. Fisher scoring never returns a value without convergence.
///
/// # Errors
/// * [`ErrorKind::DidNotConverge`](crate::ErrorKind::DidNotConverge): no convergence within
///   `max_iter` iterations (never a silent value);
/// * [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter): `m <= p`; a
///   rank-deficient design (the message names the covariate column, `Error::RankDeficient`);
///   no fixed effect at all; invalid options;
/// * [`ErrorKind::NegativeValue`](crate::ErrorKind::NegativeValue): a sampling variance
///   `psi_i <= 0` of an area with a direct estimate (`Error::NotPositive`, naming the area);
/// * [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue): NaN in `covariates`
///   (position `row * columns + column`) or in `variance` of an area with a direct estimate;
///   [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite), [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch),
///   [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput).
///
/// # Example
/// Four areas, one covariate:
/// ```
/// use bildung_core::smallarea::{fay_herriot, FayHerriotParams};
/// use ndarray::array;
/// let y = array![1.2, 0.8, 1.9, 1.4, 2.6, f64::NAN];
/// let psi = array![0.10, 0.20, 0.15, 0.05, 0.30, f64::NAN];
/// let x = array![[1.0], [0.5], [2.0], [1.5], [3.0], [2.5]];
/// let fit = fay_herriot(y.view(), psi.view(), Some(x.view()), &FayHerriotParams::default())?;
/// assert_eq!(fit.beta.len(), 2); // intercept and slope
/// assert!(fit.variance_component >= 0.0);
/// // the out-of-sample area gets its synthetic estimate
/// assert_eq!(fit.estimate[5], fit.synthetic[5]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn fay_herriot(
    direct: ArrayView1<'_, f64>,
    variance: ArrayView1<'_, f64>,
    covariates: Option<ArrayView2<'_, f64>>,
    params: &FayHerriotParams,
) -> Result<FayHerriot> {
    params.check()?;
    let d = validate(direct, variance, covariates, params.intercept)?;
    let (m, p) = (d.m(), d.p);
    let (s2v, iterations) = match params.method {
        FayHerriotMethod::PrasadRao => (prasad_rao(&d)?, 0),
        _ => fisher_scoring(&d, params)?,
    };
    let fit = gls(
        &d,
        variances(&d, s2v),
        params.method == FayHerriotMethod::Ml,
    )?;
    let (w1, w2, rr) = (fit.w1, fit.w2, fit.rr);
    let mf = m as f64;
    let var_s2v = match params.method {
        FayHerriotMethod::Reml | FayHerriotMethod::Ml => 2.0 / w2,
        FayHerriotMethod::FayHerriot => 2.0 * mf / (w1 * w1),
        FayHerriotMethod::PrasadRao => {
            let mut s = NeumaierSum::new();
            fit.v.iter().for_each(|v| s.add(v * v));
            2.0 * s.value() / (mf * mf)
        }
    };
    let bias = match params.method {
        FayHerriotMethod::Ml => -trace_of_product(&fit.q, &fit.a2, p) / w2,
        FayHerriotMethod::FayHerriot => 2.0 * (mf * w2 - w1 * w1) / (w1 * w1 * w1),
        _ => 0.0,
    };
    let mut ln_v = NeumaierSum::new();
    fit.v.iter().for_each(|v| ln_v.add(v.ln()));
    let ln_2pi = (2.0 * std::f64::consts::PI).ln();
    let log_likelihood = -0.5 * (mf * ln_2pi + ln_v.value() + rr);
    let restricted_log_likelihood =
        -0.5 * ((m - p) as f64 * ln_2pi + ln_v.value() + fit.ln_det + rr);

    let n = direct.len();
    let nan = vec![f64::NAN; n];
    let mut out = FayHerriot {
        estimate: nan.clone(),
        mse: nan.clone(),
        gamma: nan.clone(),
        synthetic: nan.clone(),
        g1: nan.clone(),
        g2: nan.clone(),
        g3: nan,
        status: vec![AreaStatus::NoData; n],
        beta: fit.beta.clone(),
        beta_se: (0..p).map(|j| fit.q[j * p + j].sqrt()).collect(),
        variance_component: s2v,
        variance_component_se: var_s2v.sqrt(),
        log_likelihood,
        restricted_log_likelihood,
        method: params.method,
        intercept: params.intercept,
        iterations,
        n_used: m,
        n_empty: n - m,
        flags: if s2v == 0.0 {
            Flags::BOUNDARY_ESTIMATE
        } else {
            Flags::NONE
        },
    };
    for i in 0..n {
        let xi = d.row(i);
        let synthetic = dot(xi, &fit.beta);
        let h = quadratic_form(&fit.q, xi);
        out.synthetic[i] = synthetic;
        out.estimate[i] = synthetic;
        out.mse[i] = h + s2v;
    }
    for (k, &i) in d.rows.iter().enumerate() {
        let (psi, v) = (d.psi[k], fit.v[k]);
        let gamma = s2v / v;
        let b = psi / v;
        let h = quadratic_form(&fit.q, d.sample_row(k));
        let (g1, g2, g3) = (gamma * psi, b * b * h, b * b * var_s2v / v);
        out.status[i] = AreaStatus::Ok;
        out.gamma[i] = gamma;
        out.estimate[i] = gamma * d.y[k] + (1.0 - gamma) * out.synthetic[i];
        out.g1[i] = g1;
        out.g2[i] = g2;
        out.g3[i] = g3;
        out.mse[i] = g1 + g2 + 2.0 * g3 - bias * b * b;
    }
    Ok(out)
}

/// The restricted log-likelihood at `s2v` (for the cross-check by direct maximisation).
#[cfg(test)]
fn restricted_log_likelihood_at(d: &Design, s2v: f64) -> f64 {
    let fit = gls(d, variances(d, s2v), false).unwrap_or_else(|e| panic!("{e}"));
    let rr = fit.rr;
    let ln_v: f64 = fit.v.iter().map(|v| v.ln()).sum();
    -0.5 * (ln_v + fit.ln_det + rr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::{Array1, Array2, array};

    /// A small deterministic data set: m = 30 areas, two covariates.
    fn data(spread: f64) -> (Array1<f64>, Array1<f64>, Array2<f64>) {
        let m = 30;
        let mut y = Array1::zeros(m);
        let mut psi = Array1::zeros(m);
        let mut x = Array2::zeros((m, 2));
        for i in 0..m {
            let t = i as f64;
            x[(i, 0)] = (t * 0.7).sin() * 2.0;
            x[(i, 1)] = (t * 1.3).cos();
            psi[i] = 0.2 + 0.1 * ((t * 2.1).sin() + 1.0);
            let area_effect = spread * (t * 3.7).sin();
            let noise = 0.3 * (t * 5.3).cos();
            y[i] = 1.0 + 0.5 * x[(i, 0)] - 0.8 * x[(i, 1)] + area_effect + noise;
        }
        (y, psi, x)
    }

    fn fit(
        y: &Array1<f64>,
        psi: &Array1<f64>,
        x: &Array2<f64>,
        method: FayHerriotMethod,
    ) -> Result<FayHerriot> {
        fay_herriot(
            y.view(),
            psi.view(),
            Some(x.view()),
            &FayHerriotParams {
                method,
                ..FayHerriotParams::default()
            },
        )
    }

    /// Golden-section maximisation of `f` on `[lo, hi]` (for the cross-checks).
    fn maximise(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
        let g = (5f64.sqrt() - 1.0) / 2.0;
        let (mut a, mut b) = (hi - g * (hi - lo), lo + g * (hi - lo));
        let (mut fa, mut fb) = (f(a), f(b));
        for _ in 0..200 {
            if fa > fb {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = f(a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = f(b);
            }
        }
        0.5 * (lo + hi)
    }

    #[test]
    fn reml_is_the_maximum_of_the_restricted_likelihood() {
        let (y, psi, x) = data(0.8);
        let r = fit(&y, &psi, &x, FayHerriotMethod::Reml).unwrap();
        assert!(r.variance_component > 0.0);
        let d = validate(y.view(), psi.view(), Some(x.view()), true).unwrap();
        let best = maximise(|s| restricted_log_likelihood_at(&d, s), 0.0, 10.0);
        assert!(
            (r.variance_component - best).abs() < 1e-7 * best,
            "{} vs {best}",
            r.variance_component
        );
        // the reported value is the restricted likelihood with its constant
        let ln_2pi = (2.0 * std::f64::consts::PI).ln();
        let at = restricted_log_likelihood_at(&d, r.variance_component) - 0.5 * 27.0 * ln_2pi;
        assert!((r.restricted_log_likelihood - at).abs() < 1e-10);
    }

    #[test]
    fn ml_is_the_maximum_of_the_likelihood() {
        let (y, psi, x) = data(0.8);
        let r = fit(&y, &psi, &x, FayHerriotMethod::Ml).unwrap();
        let d = validate(y.view(), psi.view(), Some(x.view()), true).unwrap();
        let ll = |s: f64| {
            let f = gls(&d, variances(&d, s), false).unwrap();
            let rr = f.rr;
            -0.5 * (f.v.iter().map(|v| v.ln()).sum::<f64>() + rr)
        };
        let best = maximise(ll, 0.0, 10.0);
        assert!((r.variance_component - best).abs() < 1e-7 * best);
    }

    #[test]
    fn fh_moment_solves_its_equation() {
        let (y, psi, x) = data(0.8);
        let r = fit(&y, &psi, &x, FayHerriotMethod::FayHerriot).unwrap();
        let d = validate(y.view(), psi.view(), Some(x.view()), true).unwrap();
        let f = gls(&d, variances(&d, r.variance_component), false).unwrap();
        let rr = f.rr;
        assert!((rr - 27.0).abs() < 1e-8);
    }

    #[test]
    fn boundary_gives_synthetic_estimates() {
        // no area effect and small noise: every estimator ends on the boundary
        let (y, psi, x) = data(0.0);
        for method in [
            FayHerriotMethod::Reml,
            FayHerriotMethod::Ml,
            FayHerriotMethod::FayHerriot,
            FayHerriotMethod::PrasadRao,
        ] {
            let r = fit(&y, &psi, &x, method).unwrap();
            assert_eq!(r.variance_component, 0.0, "{method:?}");
            assert!(r.flags.contains(Flags::BOUNDARY_ESTIMATE));
            for i in 0..30 {
                assert_eq!(r.gamma[i], 0.0);
                assert!((r.estimate[i] - r.synthetic[i]).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn hand_checked_intercept_only_model() {
        // intercept only, equal psi: GLS beta = mean(y), REML s2v = max(0, var(y) - psi)
        // (sample variance with m - 1), gamma = s2v / (s2v + psi)
        let y = array![1.0, 3.0, 2.0, 6.0];
        let psi = array![0.5, 0.5, 0.5, 0.5];
        let r = fay_herriot(y.view(), psi.view(), None, &FayHerriotParams::default()).unwrap();
        // mean 3, deviations (-2, 0, -1, 3): var = 14 / 3
        let var = 14.0 / 3.0;
        assert!((r.beta[0] - 3.0).abs() < 1e-12);
        assert!((r.variance_component - (var - 0.5)).abs() < 1e-9);
        let g = (var - 0.5) / var;
        assert!((r.estimate[0] - (g * 1.0 + (1.0 - g) * 3.0)).abs() < 1e-9);
        // beta_se^2 = (s2v + psi) / m
        assert!((r.beta_se[0] - (var / 4.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn out_of_sample_areas() {
        let (mut y, psi, x) = data(0.8);
        y[3] = f64::NAN;
        let r = fit(&y, &psi, &x, FayHerriotMethod::Reml).unwrap();
        assert_eq!(r.status[3], AreaStatus::NoData);
        assert_eq!((r.n_used, r.n_empty), (29, 1));
        assert_eq!(r.estimate[3], r.synthetic[3]);
        assert!(r.gamma[3].is_nan());
        let q = r.mse[3] - r.variance_component;
        assert!(q > 0.0 && q < r.mse[3]);
    }

    #[test]
    fn non_convergence_is_an_error() {
        let (y, psi, x) = data(0.8);
        let p = FayHerriotParams {
            max_iter: 1,
            ..FayHerriotParams::default()
        };
        let e = fay_herriot(y.view(), psi.view(), Some(x.view()), &p).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DidNotConverge);
    }

    #[test]
    fn input_errors_name_the_problem() {
        let (y, psi, x) = data(0.8);
        let p = FayHerriotParams::default();
        // a covariate that repeats the intercept
        let mut x2 = Array2::zeros((30, 3));
        x2.column_mut(0).assign(&x.column(0));
        x2.column_mut(1).fill(4.0);
        x2.column_mut(2).assign(&x.column(1));
        let e = fay_herriot(y.view(), psi.view(), Some(x2.view()), &p).unwrap_err();
        assert_eq!(
            (e.kind(), e.index()),
            (ErrorKind::InvalidParameter, Some(1))
        );
        assert!(
            e.to_string().contains(
                "column 1 of `covariates` is a linear combination of the intercept and columns 0"
            ),
            "{e}"
        );
        // column 1 = 2 x column 0, no intercept
        let mut x3 = x.clone();
        let c0 = x.column(0).to_owned();
        x3.column_mut(1).assign(&(&c0 * 2.0));
        let no_intercept = FayHerriotParams {
            intercept: false,
            ..p
        };
        let e = fay_herriot(y.view(), psi.view(), Some(x3.view()), &no_intercept).unwrap_err();
        assert_eq!(e.index(), Some(1));
        let mut bad_psi = psi.clone();
        bad_psi[4] = 0.0;
        let e = fay_herriot(y.view(), bad_psi.view(), Some(x.view()), &p).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::NegativeValue, Some(4)));
        let mut nan_x = x.clone();
        nan_x[(2, 1)] = f64::NAN;
        let e = fay_herriot(y.view(), psi.view(), Some(nan_x.view()), &p).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(5)));
        let short = array![1.0, 2.0, 3.0];
        let e = fay_herriot(
            short.view(),
            array![0.1, 0.1, 0.1].view(),
            Some(array![[1.0, 2.0], [2.0, 1.0], [0.0, 3.0]].view()),
            &p,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter, "m = 3 <= p = 3");
        let short_psi = Array1::from(psi.to_vec()[..29].to_vec());
        let e = fay_herriot(y.view(), short_psi.view(), Some(x.view()), &p).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let mut nan_psi = psi.clone();
        nan_psi[7] = f64::NAN;
        let e = fay_herriot(y.view(), nan_psi.view(), Some(x.view()), &p).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(7)));
        let none = FayHerriotParams {
            intercept: false,
            ..p
        };
        let e = fay_herriot(y.view(), psi.view(), None, &none).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }
}
