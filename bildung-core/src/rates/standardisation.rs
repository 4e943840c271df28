//! Direct and indirect standardisation of rates over strata (age groups, school types, ...):
//! the directly standardised rate with Dobson and Fay-Feuer intervals, the standardised ratio
//! SMR `O/E` with exact interval and the indirectly standardised rate (methods.md 3.4).
//!
//! Input: tables `events` `x_ia` and `population` `n_ia` with one row per area `i` and one
//! column per stratum `a` (person-time allowed: populations may be non-integral, events must be
//! integers), and one value per stratum: the standard population `W_a` (direct) or the
//! reference rates `R_a` (indirect).

use ndarray::{ArrayView1, ArrayView2};

use super::input::{Checked, check_strata, check_stratum_values};
use super::poisson::{PoissonMethod, check_multiplier, poisson_limits};
use super::{Level, Memo, count_status};
use crate::dist::gamma_quantile;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::{NeumaierSum, neumaier_sum};

/// How the interval of a directly standardised rate is computed (see
/// [`direct_standardised_rate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DsrMethod {
    /// Dobson et al. (1991) with exact Poisson limits of the total count `O`: the default.
    #[default]
    Dobson,
    /// Dobson et al. (1991) with Byar's limits of `O` (as UKHSA `PHEindicatormethods`).
    DobsonByar,
    /// Fay & Feuer (1997) gamma interval (conservative; defined also for `O = 0`).
    FayFeuer,
}

impl DsrMethod {
    /// Every method, in declaration order.
    pub const ALL: [DsrMethod; 3] = [
        DsrMethod::Dobson,
        DsrMethod::DobsonByar,
        DsrMethod::FayFeuer,
    ];

    /// The method's name as used in Python: `"dobson"`, `"dobson_byar"`, `"fay_feuer"`.
    pub const fn name(self) -> &'static str {
        match self {
            DsrMethod::Dobson => "dobson",
            DsrMethod::DobsonByar => "dobson_byar",
            DsrMethod::FayFeuer => "fay_feuer",
        }
    }

    /// Parse a method name (see [`DsrMethod::name`]).
    ///
    /// ```
    /// use bildung_core::rates::DsrMethod;
    /// assert_eq!(DsrMethod::from_name("fay_feuer")?, DsrMethod::FayFeuer);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<DsrMethod> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                Error::parameter(
                    "method",
                    format!("{name:?}"),
                    "expected \"dobson\", \"dobson_byar\" or \"fay_feuer\"",
                )
            })
    }
}

/// Options of [`direct_standardised_rate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectParams {
    /// The interval method (default [`DsrMethod::Dobson`]).
    pub method: DsrMethod,
    /// Confidence level in `(0, 1)` (default 0.95).
    pub level: f64,
    /// Rates are reported per `multiplier` persons (default 1; e.g. 1000 or 100000).
    pub multiplier: f64,
    /// Areas with fewer events `O` than this are marked in `few_events` (default 10, the UKHSA
    /// rule under which DSRs are suppressed); nothing is dropped. 0 marks none.
    pub min_events: f64,
}

impl Default for DirectParams {
    fn default() -> DirectParams {
        DirectParams {
            method: DsrMethod::Dobson,
            level: 0.95,
            multiplier: 1.0,
            min_events: 10.0,
        }
    }
}

impl DirectParams {
    /// Check the options: `level` in `(0, 1)`, `multiplier` finite and `> 0`, `min_events`
    /// finite and `>= 0` ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)).
    pub fn check(&self) -> Result<()> {
        Level::new(self.level)?;
        check_multiplier(self.multiplier)?;
        if !(self.min_events.is_finite() && self.min_events >= 0.0) {
            return Err(Error::parameter(
                "min_events",
                self.min_events,
                "must be a finite number >= 0",
            ));
        }
        Ok(())
    }
}

/// Directly standardised rates per area: the result of [`direct_standardised_rate`].
///
/// Every column has one entry per input row (area), in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectStandardised {
    /// The interval method's name.
    pub method: &'static str,
    /// The confidence level.
    pub level: f64,
    /// The directly standardised rate (times the multiplier); NaN unless the status is `Ok`,
    /// except 0 for an area without events under Dobson (status `Undefined`: the interval does
    /// not exist).
    pub estimate: Vec<f64>,
    /// Lower limit (times the multiplier).
    pub lower: Vec<f64>,
    /// Upper limit (times the multiplier).
    pub upper: Vec<f64>,
    /// `sqrt(Var(DSR))` (times the multiplier).
    pub standard_error: Vec<f64>,
    /// The crude rate `sum_a x_a / sum_a n_a` (times the multiplier).
    pub crude_rate: Vec<f64>,
    /// `O = sum_a x_a` over the strata with a positive standard weight.
    pub observed: Vec<f64>,
    /// True where `O < min_events` (UKHSA would suppress these DSRs; bildung marks them).
    pub few_events: Vec<bool>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Areas with a value.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with no population in any stratum.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`].
    pub flags: Flags,
}

/// Normalised weights `w_a = W_a / sum W` of a standard population (or reference population).
fn normalised(values: ArrayView1<'_, f64>, measure: &'static str) -> Result<Vec<f64>> {
    let total = neumaier_sum(values.iter().copied());
    if total <= 0.0 {
        return Err(Error::undefined(
            measure,
            "the standard (reference) population sums to 0",
        ));
    }
    Ok(values.iter().map(|&v| v / total).collect())
}

/// One area's DSR terms: `(DSR, Var, O, w_M)`, or `None` if a stratum with positive weight has
/// no population.
fn dsr_terms(x: ArrayView1<'_, f64>, n: ArrayView1<'_, f64>, w: &[f64]) -> Option<[f64; 4]> {
    let mut dsr = NeumaierSum::default();
    let mut var = NeumaierSum::default();
    let (mut observed, mut w_max) = (0.0, 0.0f64);
    for ((&xa, &na), &wa) in x.iter().zip(n.iter()).zip(w) {
        if wa == 0.0 {
            continue;
        }
        if na == 0.0 {
            return None;
        }
        let rate = xa / na;
        dsr.add(wa * rate);
        var.add(wa * wa * rate / na);
        observed += xa;
        w_max = w_max.max(wa / na);
    }
    Some([dsr.value(), var.value(), observed, w_max])
}

/// Directly standardised rate per area with its confidence interval (direkt standardisierte
/// Rate).
///
/// With stratum rates `r_a = x_a / n_a` of the area and standard weights
/// `w_a = W_a / sum_b W_b`:
/// ```text
/// DSR = sum_a w_a r_a            Var(DSR) = sum_a w_a² x_a / n_a²        O = sum_a x_a
/// Dobson:     DSR + sqrt(Var/O) (O_L - O),  DSR + sqrt(Var/O) (O_U - O)
///             (O_L, O_U) the exact (or, dobson_byar, Byar's) Poisson limits of O
/// Fay-Feuer:  L = Gamma^-1(alpha/2; shape DSR²/Var, scale Var/DSR)
///             U = Gamma^-1(1-alpha/2; shape (DSR+w_M)²/(Var+w_M²), scale (Var+w_M²)/(DSR+w_M))
///             w_M = max_a w_a / n_a
/// ```
/// Strata with standard weight 0 are left out (also of `O`). The estimate, limits, standard
/// error and crude rate are multiplied by `params.multiplier`.
///
/// # Edge cases
/// * `O = 0`: DSR = 0. The Dobson interval does not exist (status
///   [`AreaStatus::Undefined`], NaN limits, estimate 0); the Fay-Feuer interval is `[0, U]` with
///   the `U` above (shape 1, scale `w_M`), so use `fay_feuer` where areas without events matter.
/// * A stratum with population 0 and a positive standard weight: the stratum rate is unknown,
///   so the DSR is undefined (status `Undefined`, NaN).
/// * No population in any stratum: status [`AreaStatus::Empty`], NaN.
/// * `O < min_events`: the area keeps its values and is marked in `few_events` (UKHSA
///   suppresses DSRs below 10 events; a report can do so from this column).
/// * Missing values: a NaN anywhere in an area's row makes that area missing (module docs).
///
/// # Errors
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative or non-integral
/// events; events in a stratum with population 0),
/// [`ErrorKind::NegativeValue`](crate::ErrorKind::NegativeValue) (negative population or
/// standard population), `ShapeMismatch` (tables of different shapes, a standard population
/// whose length is not the number of strata), `EmptyInput` (no rows or no columns),
/// `MissingValue` (NaN under `Raise`; NaN in the standard population under every policy),
/// `NonFinite`, `InvalidParameter` ([`DirectParams::check`]), `Undefined` (the standard
/// population sums to 0). Error indices into the tables are row-major (`row * strata + column`).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, rates::{direct_standardised_rate, DirectParams}};
/// use ndarray::array;
/// // methods.md 3.4: strata x = (4, 10, 6), n = (300, 500, 200), standard (1000, 1500, 500)
/// let x = array![[4.0, 10.0, 6.0]];
/// let n = array![[300.0, 500.0, 200.0]];
/// let standard = array![1000.0, 1500.0, 500.0];
/// let r = direct_standardised_rate(x.view(), n.view(), standard.view(),
///                                  &DirectParams::default(), NanPolicy::Raise)?;
/// assert!((r.estimate[0] - 0.019444).abs() < 5e-7);
/// assert!((r.lower[0] - 0.011837).abs() < 5e-7 && (r.upper[0] - 0.030086).abs() < 5e-7);
/// assert!(!r.few_events[0]); // O = 20
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn direct_standardised_rate(
    events: ArrayView2<'_, f64>,
    population: ArrayView2<'_, f64>,
    standard_population: ArrayView1<'_, f64>,
    params: &DirectParams,
    nan: NanPolicy,
) -> Result<DirectStandardised> {
    params.check()?;
    let lv = Level::new(params.level)?;
    let Checked { mut status, flags } = check_strata(
        events,
        population,
        standard_population,
        "standard_population",
        nan,
    )?;
    let w = normalised(standard_population, "direct_standardised_rate")?;
    let rows = status.len();
    let nan_col = || vec![f64::NAN; rows];
    let mut out = DirectStandardised {
        method: params.method.name(),
        level: params.level,
        estimate: nan_col(),
        lower: nan_col(),
        upper: nan_col(),
        standard_error: nan_col(),
        crude_rate: nan_col(),
        observed: nan_col(),
        few_events: vec![false; rows],
        status: Vec::new(),
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags,
    };
    let m = params.multiplier;
    // Dobson's limits of O depend on O alone: solve each distinct O once
    let mut memo = Memo::new();
    for (i, st) in status.iter_mut().enumerate() {
        if *st != AreaStatus::Ok {
            continue;
        }
        let (x, n) = (events.row(i), population.row(i));
        out.crude_rate[i] = x.sum() / n.sum() * m;
        let Some([dsr, var, observed, w_max]) = dsr_terms(x, n, &w) else {
            *st = AreaStatus::Undefined;
            continue;
        };
        out.observed[i] = observed;
        out.few_events[i] = observed < params.min_events;
        out.estimate[i] = dsr * m;
        out.standard_error[i] = var.sqrt() * m;
        let (lower, upper) = match params.method {
            DsrMethod::Dobson | DsrMethod::DobsonByar => {
                if observed == 0.0 {
                    *st = AreaStatus::Undefined;
                    continue;
                }
                let poisson = if params.method == DsrMethod::Dobson {
                    PoissonMethod::Exact
                } else {
                    PoissonMethod::Byar
                };
                let (o_lower, o_upper, _) =
                    memo.get(observed, 0.0, || poisson_limits(observed, poisson, lv));
                let scale = (var / observed).sqrt();
                (
                    dsr + scale * (o_lower - observed),
                    dsr + scale * (o_upper - observed),
                )
            }
            DsrMethod::FayFeuer => {
                let lower = if observed == 0.0 {
                    0.0
                } else {
                    gamma_quantile(lv.alpha / 2.0, dsr * dsr / var) * (var / dsr)
                };
                let (s, v) = (dsr + w_max, var + w_max * w_max);
                let upper = gamma_quantile(1.0 - lv.alpha / 2.0, s * s / v) * (v / s);
                (lower, upper)
            }
        };
        out.lower[i] = lower * m;
        out.upper[i] = upper * m;
    }
    let (used, dropped, empty) = count_status(&status);
    (out.n_used, out.n_dropped, out.n_empty) = (used, dropped, empty);
    out.status = status;
    Ok(out)
}

/// Options of [`indirect_standardised_ratio`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndirectParams {
    /// Poisson limits of `O` (default [`PoissonMethod::Exact`]).
    pub method: PoissonMethod,
    /// Confidence level in `(0, 1)` (default 0.95).
    pub level: f64,
    /// The indirectly standardised rate is reported per `multiplier` persons (default 1); the
    /// SMR itself is a ratio (multiply by 100 yourself for the "SMR x 100" convention).
    pub multiplier: f64,
}

impl Default for IndirectParams {
    fn default() -> IndirectParams {
        IndirectParams {
            method: PoissonMethod::Exact,
            level: 0.95,
            multiplier: 1.0,
        }
    }
}

impl IndirectParams {
    /// Check the options: `level` in `(0, 1)`, `multiplier` finite and `> 0`.
    pub fn check(&self) -> Result<()> {
        Level::new(self.level)?;
        check_multiplier(self.multiplier)
    }
}

/// Indirectly standardised rates `ISR = SMR x crude reference rate` with their limits.
#[derive(Debug, Clone, PartialEq)]
pub struct IndirectRates {
    /// The crude rate of the reference population `sum_a R_a P_a / sum_a P_a` (times the
    /// multiplier).
    pub reference_crude_rate: f64,
    /// ISR per area (times the multiplier).
    pub estimate: Vec<f64>,
    /// Lower limit (SMR lower limit times the crude reference rate).
    pub lower: Vec<f64>,
    /// Upper limit.
    pub upper: Vec<f64>,
}

/// Standardised ratios per area: the result of [`indirect_standardised_ratio`].
#[derive(Debug, Clone, PartialEq)]
pub struct IndirectStandardised {
    /// The Poisson method's name (`"exact"`, `"byar"`).
    pub method: &'static str,
    /// The confidence level.
    pub level: f64,
    /// `SMR = O / E`; NaN unless the status is `Ok`.
    pub smr: Vec<f64>,
    /// Lower limit of the SMR: `O_L / E`.
    pub lower: Vec<f64>,
    /// Upper limit of the SMR: `O_U / E`.
    pub upper: Vec<f64>,
    /// Observed events `O = sum_a x_a`.
    pub observed: Vec<f64>,
    /// Expected events `E = sum_a n_a R_a`.
    pub expected: Vec<f64>,
    /// True where a Byar lower limit was set to 0 (only at levels above about 0.99).
    pub clamped: Vec<bool>,
    /// The indirectly standardised rates, when a reference population was given.
    pub isr: Option<IndirectRates>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Areas with a value.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with no population in any stratum.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`], [`Flags::CLAMPED`].
    pub flags: Flags,
}

/// Standardised ratio `SMR = O/E` per area with exact Poisson interval (indirekte
/// Standardisierung: standardisiertes Mortalitäts- bzw. Morbiditätsverhältnis, SMR), and the
/// indirectly standardised rate (indirekt standardisierte Rate, ISR).
///
/// With the area's stratum populations `n_a`, reference rates `R_a` (e.g. the whole city's
/// stratum rates) and events `x_a`:
/// ```text
/// E = sum_a n_a R_a        O = sum_a x_a        SMR = O / E
/// CI = (O_L / E, O_U / E)  (O_L, O_U) the exact (or Byar) Poisson limits of O; E is fixed
/// ISR = SMR x sum_a R_a P_a / sum_a P_a   (P_a the reference population; times multiplier)
/// ```
/// The ISR columns exist only when `reference_population` is given.
///
/// # Edge cases
/// `E = 0` with population (every populated stratum has reference rate 0): NaN, status
/// [`AreaStatus::Undefined`]. No population at all: status [`AreaStatus::Empty`]. `O = 0`:
/// SMR 0 with interval `[0, O_U/E]`.
///
/// # Errors
/// As [`direct_standardised_rate`], with `reference_rates` (and `reference_population`) in
/// place of the standard population: both must have one entry per stratum, be finite and
/// `>= 0`; a reference population summing to 0 is `Undefined`.
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, rates::{indirect_standardised_ratio, IndirectParams}};
/// use ndarray::array;
/// // methods.md 3.4: E = 19.0, O = 20, SMR 1.0526, exact CI [0.6430, 1.6257]
/// let x = array![[4.0, 10.0, 6.0]];
/// let n = array![[300.0, 500.0, 200.0]];
/// let reference = array![0.010, 0.018, 0.035];
/// let standard = array![1000.0, 1500.0, 500.0];
/// let r = indirect_standardised_ratio(x.view(), n.view(), reference.view(),
///                                     Some(standard.view()), &IndirectParams::default(),
///                                     NanPolicy::Raise)?;
/// assert!((r.expected[0] - 19.0).abs() < 1e-12);
/// assert!((r.smr[0] - 1.0526).abs() < 5e-5);
/// assert!((r.lower[0] - 0.6430).abs() < 5e-5 && (r.upper[0] - 1.6257).abs() < 5e-5);
/// let isr = r.isr.unwrap();
/// assert!((isr.estimate[0] - 0.019123).abs() < 5e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn indirect_standardised_ratio(
    events: ArrayView2<'_, f64>,
    population: ArrayView2<'_, f64>,
    reference_rates: ArrayView1<'_, f64>,
    reference_population: Option<ArrayView1<'_, f64>>,
    params: &IndirectParams,
    nan: NanPolicy,
) -> Result<IndirectStandardised> {
    params.check()?;
    let lv = Level::new(params.level)?;
    let Checked { mut status, flags } =
        check_strata(events, population, reference_rates, "reference_rates", nan)?;
    let crude = match reference_population {
        None => None,
        Some(p) => {
            if p.len() != reference_rates.len() {
                return Err(Error::ShapeMismatch {
                    what: "reference_population",
                    expected: reference_rates.len(),
                    found: p.len(),
                });
            }
            check_stratum_values(p, "reference_population")?;
            let shares = normalised(p, "indirect_standardised_ratio")?;
            Some(neumaier_sum(
                shares
                    .iter()
                    .zip(reference_rates.iter())
                    .map(|(s, r)| s * r),
            ))
        }
    };
    let rows = status.len();
    let nan_col = || vec![f64::NAN; rows];
    let (mut smr, mut lower, mut upper) = (nan_col(), nan_col(), nan_col());
    let (mut observed, mut expected) = (nan_col(), nan_col());
    let mut clamped = vec![false; rows];
    let mut memo = Memo::new();
    for i in 0..rows {
        if status[i] != AreaStatus::Ok {
            continue;
        }
        let o = events.row(i).sum();
        let e = neumaier_sum(
            population
                .row(i)
                .iter()
                .zip(reference_rates.iter())
                .map(|(n, r)| n * r),
        );
        (observed[i], expected[i]) = (o, e);
        if e <= 0.0 {
            status[i] = AreaStatus::Undefined;
            continue;
        }
        let (o_lower, o_upper, c) = memo.get(o, 0.0, || poisson_limits(o, params.method, lv));
        (smr[i], lower[i], upper[i], clamped[i]) = (o / e, o_lower / e, o_upper / e, c);
    }
    let isr = crude.map(|rate| {
        let rate = rate * params.multiplier;
        let scaled = |v: &[f64]| v.iter().map(|s| s * rate).collect();
        IndirectRates {
            reference_crude_rate: rate,
            estimate: scaled(&smr),
            lower: scaled(&lower),
            upper: scaled(&upper),
        }
    });
    let (n_used, n_dropped, n_empty) = count_status(&status);
    let mut flags = flags;
    if clamped.iter().any(|&c| c) {
        flags |= Flags::CLAMPED;
    }
    Ok(IndirectStandardised {
        method: params.method.name(),
        level: params.level,
        smr,
        lower,
        upper,
        observed,
        expected,
        clamped,
        isr,
        status,
        n_used,
        n_dropped,
        n_empty,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn example() -> (
        ndarray::Array2<f64>,
        ndarray::Array2<f64>,
        ndarray::Array1<f64>,
    ) {
        (
            array![[4.0, 10.0, 6.0]],
            array![[300.0, 500.0, 200.0]],
            array![1000.0, 1500.0, 500.0],
        )
    }

    /// methods.md 3.4 worked example (6 decimals).
    #[test]
    fn worked_example_direct() {
        let (x, n, w) = example();
        let want = [
            (DsrMethod::DobsonByar, 0.011832, 0.030088),
            (DsrMethod::Dobson, 0.011837, 0.030086),
            (DsrMethod::FayFeuer, 0.011842, 0.030292),
        ];
        for (method, l, u) in want {
            let params = DirectParams {
                method,
                ..DirectParams::default()
            };
            let r =
                direct_standardised_rate(x.view(), n.view(), w.view(), &params, NanPolicy::Raise)
                    .unwrap();
            assert!((r.estimate[0] - 0.019444).abs() < 5e-7);
            assert!((r.standard_error[0] - 0.004371).abs() < 5e-7);
            assert!((r.crude_rate[0] - 0.02).abs() < 1e-15);
            assert!(
                (r.lower[0] - l).abs() < 5e-7 && (r.upper[0] - u).abs() < 5e-7,
                "{method:?}: [{}, {}]",
                r.lower[0],
                r.upper[0]
            );
            assert_eq!(r.observed[0], 20.0);
        }
    }

    #[test]
    fn worked_example_indirect() {
        let (x, n, w) = example();
        let rates = array![0.010, 0.018, 0.035];
        for (method, l, u) in [
            (PoissonMethod::Exact, 0.6430, 1.6257),
            (PoissonMethod::Byar, 0.6427, 1.6258),
        ] {
            let params = IndirectParams {
                method,
                multiplier: 1000.0,
                ..IndirectParams::default()
            };
            let r = indirect_standardised_ratio(
                x.view(),
                n.view(),
                rates.view(),
                Some(w.view()),
                &params,
                NanPolicy::Raise,
            )
            .unwrap();
            assert!((r.smr[0] - 20.0 / 19.0).abs() < 1e-15);
            assert!((r.lower[0] - l).abs() < 5e-5 && (r.upper[0] - u).abs() < 5e-5);
            let isr = r.isr.unwrap();
            assert!((isr.reference_crude_rate - 18.1667).abs() < 5e-5);
            assert!((isr.estimate[0] - 19.123).abs() < 5e-4);
        }
    }

    #[test]
    fn edge_cases_direct() {
        let x = array![
            [0.0, 0.0],
            [1.0, 0.0],
            [2.0, 3.0],
            [0.0, 0.0],
            [1.0, f64::NAN]
        ];
        let n = array![
            [10.0, 20.0],
            [10.0, 0.0],
            [10.0, 20.0],
            [0.0, 0.0],
            [5.0, 5.0]
        ];
        let w = array![1.0, 1.0];
        let dobson = DirectParams::default();
        let r = direct_standardised_rate(x.view(), n.view(), w.view(), &dobson, NanPolicy::Omit)
            .unwrap();
        use AreaStatus::*;
        assert_eq!(r.status, vec![Undefined, Undefined, Ok, Empty, Missing]);
        assert_eq!(r.estimate[0], 0.0);
        assert!(r.lower[0].is_nan() && r.upper[0].is_nan());
        assert!(r.estimate[1].is_nan());
        assert!(r.few_events[2] && !r.few_events[3]);
        assert_eq!((r.n_used, r.n_dropped, r.n_empty), (1, 1, 1));
        // Fay-Feuer with O = 0: [0, w_M Gamma^-1(1 - alpha/2; 1)] = [0, 0.05 * -ln(0.025)]
        let ff = DirectParams {
            method: DsrMethod::FayFeuer,
            ..DirectParams::default()
        };
        let r =
            direct_standardised_rate(x.view(), n.view(), w.view(), &ff, NanPolicy::Omit).unwrap();
        assert_eq!(r.status[0], Ok);
        assert_eq!(r.lower[0], 0.0);
        assert!((r.upper[0] - 0.05 * -(0.025f64.ln())).abs() < 1e-12);
        // a stratum with weight 0 may be empty
        let w0 = array![1.0, 0.0];
        let r = direct_standardised_rate(x.view(), n.view(), w0.view(), &dobson, NanPolicy::Omit)
            .unwrap();
        assert_eq!(r.status[1], Ok);
        assert!((r.estimate[1] - 0.1).abs() < 1e-15);
        let zero = array![0.0, 0.0];
        let e = direct_standardised_rate(x.view(), n.view(), zero.view(), &dobson, NanPolicy::Omit)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        let bad = DirectParams {
            min_events: -1.0,
            ..DirectParams::default()
        };
        let e = direct_standardised_rate(x.view(), n.view(), w.view(), &bad, NanPolicy::Omit)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }

    #[test]
    fn edge_cases_indirect() {
        let x = array![[1.0, 0.0], [0.0, 0.0], [0.0, 2.0]];
        let n = array![[10.0, 0.0], [0.0, 0.0], [10.0, 20.0]];
        let rates = array![0.0, 0.1];
        let r = indirect_standardised_ratio(
            x.view(),
            n.view(),
            rates.view(),
            None,
            &IndirectParams::default(),
            NanPolicy::Raise,
        )
        .unwrap();
        use AreaStatus::*;
        assert_eq!(r.status, vec![Undefined, Empty, Ok]);
        assert_eq!((r.observed[0], r.expected[0]), (1.0, 0.0));
        assert!(r.isr.is_none());
        assert!((r.smr[2] - 1.0).abs() < 1e-15);
        let short = array![1.0];
        let e = indirect_standardised_ratio(
            x.view(),
            n.view(),
            rates.view(),
            Some(short.view()),
            &IndirectParams::default(),
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let neg = array![1.0, -1.0];
        let e = indirect_standardised_ratio(
            x.view(),
            n.view(),
            rates.view(),
            Some(neg.view()),
            &IndirectParams::default(),
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NegativeValue);
    }
}
