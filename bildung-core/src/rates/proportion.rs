//! Confidence intervals for a proportion `p = x/n` per area (Anteil mit Konfidenzintervall;
//! Brown, Cai & DasGupta 2001; Newcombe 1998a; methods.md 3.1).

use ndarray::ArrayView1;

use super::input::{Denominator, check_pairs};
use super::{Intervals, Level, Memo};
use crate::dist::beta_quantile;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, NanPolicy};

/// How the interval of a proportion is computed (see [`proportion_ci`] for the formulas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProportionMethod {
    /// Wilson score interval: the default (good coverage for small areas, never outside
    /// `[0, 1]`, 0 lower limit at `x = 0`, 1 upper limit at `x = n`).
    #[default]
    Wilson,
    /// Clopper-Pearson "exact" interval: conservative (coverage >= nominal for every `p`).
    ClopperPearson,
    /// Agresti-Coull ("add z²/2 successes and failures"); limits clamped to `[0, 1]`.
    AgrestiCoull,
    /// Jeffreys equal-tailed interval (Beta(1/2, 1/2) prior) with the Brown-Cai-DasGupta
    /// boundary modification (lower limit 0 at `x = 0`, upper limit 1 at `x = n`).
    Jeffreys,
    /// Wald interval `p ± z sqrt(p(1-p)/n)`: **not recommended** (zero width at `x = 0` and
    /// `x = n`, coverage far below nominal for small `n`); only for comparison with legacy
    /// reports. Limits clamped to `[0, 1]`.
    Wald,
}

impl ProportionMethod {
    /// Every method, in declaration order.
    pub const ALL: [ProportionMethod; 5] = [
        ProportionMethod::Wilson,
        ProportionMethod::ClopperPearson,
        ProportionMethod::AgrestiCoull,
        ProportionMethod::Jeffreys,
        ProportionMethod::Wald,
    ];

    /// The method's name as used in Python: `"wilson"`, `"clopper_pearson"`,
    /// `"agresti_coull"`, `"jeffreys"`, `"wald"`.
    pub const fn name(self) -> &'static str {
        match self {
            ProportionMethod::Wilson => "wilson",
            ProportionMethod::ClopperPearson => "clopper_pearson",
            ProportionMethod::AgrestiCoull => "agresti_coull",
            ProportionMethod::Jeffreys => "jeffreys",
            ProportionMethod::Wald => "wald",
        }
    }

    /// Parse a method name (see [`ProportionMethod::name`]).
    ///
    /// ```
    /// use bildung_core::rates::ProportionMethod;
    /// assert_eq!(ProportionMethod::from_name("jeffreys")?, ProportionMethod::Jeffreys);
    /// assert!(ProportionMethod::from_name("exact").is_err());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<ProportionMethod> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                Error::parameter(
                    "method",
                    format!("{name:?}"),
                    "expected \"wilson\", \"clopper_pearson\", \"agresti_coull\", \"jeffreys\" or \"wald\"",
                )
            })
    }
}

/// Wilson score limits of `x` events among `n > 0` persons, `z = z_{1-alpha/2}`:
/// `[2x + z² ∓ z sqrt(z² + 4x(1 - x/n))] / (2(n + z²))`, exactly 0 at `x = 0` and 1 at `x = n`.
pub(crate) fn wilson_limits(x: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let root = z * (z2 + 4.0 * x * (1.0 - x / n)).sqrt();
    let denom = 2.0 * (n + z2);
    let lower = if x == 0.0 {
        0.0
    } else {
        ((2.0 * x + z2 - root) / denom).max(0.0)
    };
    let upper = if x == n {
        1.0
    } else {
        ((2.0 * x + z2 + root) / denom).min(1.0)
    };
    (lower, upper)
}

/// `(lower, upper, clamped)` of a normal-approximation interval `centre ± half` clamped to
/// `[0, 1]`.
fn clamp_unit(centre: f64, half: f64) -> (f64, f64, bool) {
    let (lower, upper) = (centre - half, centre + half);
    let clamped = lower < 0.0 || upper > 1.0;
    (lower.max(0.0), upper.min(1.0), clamped)
}

/// `(lower, upper, clamped)` of one area: `x` events among `n > 0` persons (integers,
/// `0 <= x <= n`).
pub(crate) fn proportion_limits(
    x: f64,
    n: f64,
    method: ProportionMethod,
    level: Level,
) -> (f64, f64, bool) {
    let (alpha, z) = (level.alpha, level.z);
    match method {
        ProportionMethod::Wilson => {
            let (l, u) = wilson_limits(x, n, z);
            (l, u, false)
        }
        ProportionMethod::ClopperPearson => {
            let lower = if x == 0.0 {
                0.0
            } else {
                beta_quantile(alpha / 2.0, x, n - x + 1.0)
            };
            let upper = if x == n {
                1.0
            } else {
                beta_quantile(1.0 - alpha / 2.0, x + 1.0, n - x)
            };
            (lower, upper, false)
        }
        ProportionMethod::Jeffreys => {
            let (a, b) = (x + 0.5, n - x + 0.5);
            let lower = if x == 0.0 {
                0.0
            } else {
                beta_quantile(alpha / 2.0, a, b)
            };
            let upper = if x == n {
                1.0
            } else {
                beta_quantile(1.0 - alpha / 2.0, a, b)
            };
            (lower, upper, false)
        }
        ProportionMethod::AgrestiCoull => {
            let n_tilde = n + z * z;
            let p_tilde = (x + z * z / 2.0) / n_tilde;
            clamp_unit(p_tilde, z * (p_tilde * (1.0 - p_tilde) / n_tilde).sqrt())
        }
        ProportionMethod::Wald => {
            let p = x / n;
            clamp_unit(p, z * (p * (1.0 - p) / n).sqrt())
        }
    }
}

/// Confidence interval of the proportion `p_i = x_i / n_i` of every area (Anteil mit
/// Konfidenzintervall).
///
/// With `z = z_{1-alpha/2}`, `alpha = 1 - level`, `Beta^-1(q; a, b)` the beta quantile:
/// ```text
/// Wilson (default)   [2x + z² ∓ z sqrt(z² + 4x(1 - x/n))] / (2(n + z²))
/// Clopper-Pearson    L = Beta^-1(alpha/2; x, n-x+1),  U = Beta^-1(1-alpha/2; x+1, n-x)
///                    (L = 0 at x = 0, U = 1 at x = n)
/// Agresti-Coull      n~ = n + z², p~ = (x + z²/2)/n~,  p~ ± z sqrt(p~(1-p~)/n~)
///                    clamped to [0, 1]
/// Jeffreys           [Beta^-1(alpha/2; x+½, n-x+½), Beta^-1(1-alpha/2; x+½, n-x+½)]
///                    with L = 0 at x = 0 and U = 1 at x = n
/// Wald (legacy)      p ± z sqrt(p(1-p)/n), clamped to [0, 1]
/// ```
/// The estimate is always `x/n` (also for Agresti-Coull, whose interval is centred on `p~`).
///
/// **Jeffreys at the boundary.** The central interval keeps `alpha/2` in each tail; at `x = 0`
/// the lower limit is set to 0 and at `x = n` the upper limit to 1 (Brown, Cai & DasGupta 2001,
/// section 4.1.2), so its coverage there is `1 - alpha/2`. `statsmodels`' `proportion_confint(...,
/// method="jeffreys")` keeps the unmodified beta quantile there (e.g. `2.4e-5` instead of 0 for
/// 0/20); R `binom.bayes` instead puts the whole `alpha` in the one open tail. The other limit is
/// the same in all three conventions except R's.
///
/// **Clamping.** Agresti-Coull and Wald limits outside `[0, 1]` are set to the bound; the area's
/// `clamped` entry is true and the result carries [`Flags::CLAMPED`](crate::Flags::CLAMPED)
/// (R `binom` does not clamp; `statsmodels` clamps without saying so).
///
/// Beta quantiles are solved on the regularised incomplete beta function to about 1e-12
/// relative (checked against SciPy).
///
/// # Edge cases
/// `n_i = 0`: NaN, status [`AreaStatus::Empty`]. Missing values: area by area (module docs).
///
/// # Errors
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) for a negative or non-integral
/// count or `x_i > n_i`; also `ShapeMismatch`, `EmptyInput`, `MissingValue` (NaN under `Raise`),
/// `NonFinite`, `InvalidParameter` (level outside `(0, 1)`); see the [module docs](super).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, rates::{proportion_ci, ProportionMethod}};
/// use ndarray::array;
/// let leavers = array![3.0, 0.0, 81.0];     // leavers without Hauptschulabschluss
/// let pupils = array![20.0, 20.0, 263.0];
/// let ci = proportion_ci(leavers.view(), pupils.view(), ProportionMethod::Wilson, 0.95,
///                        NanPolicy::Raise)?;
/// assert!((ci.lower[0] - 0.0524).abs() < 5e-5 && (ci.upper[0] - 0.3604).abs() < 5e-5);
/// assert_eq!(ci.lower[1], 0.0);
/// assert!((ci.upper[1] - 0.1611).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn proportion_ci(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    method: ProportionMethod,
    level: f64,
    nan: NanPolicy,
) -> Result<Intervals> {
    let lv = Level::new(level)?;
    let checked = check_pairs(
        events,
        Some(population),
        ("events", "population"),
        Denominator::Population,
        true,
        nan,
    )?;
    let mut out = Intervals::blank(method.name(), level, checked.status);
    // the exact limits cost two beta quantiles: solve each distinct (x, n) once
    let exact = matches!(
        method,
        ProportionMethod::ClopperPearson | ProportionMethod::Jeffreys
    );
    let mut memo = Memo::new();
    for i in 0..out.len() {
        if out.status[i] != AreaStatus::Ok {
            continue;
        }
        let (x, n) = (events[i], population[i]);
        let (lower, upper, clamped) = if exact {
            memo.get(x, n, || proportion_limits(x, n, method, lv))
        } else {
            proportion_limits(x, n, method, lv)
        };
        out.estimate[i] = x / n;
        out.lower[i] = lower;
        out.upper[i] = upper;
        out.clamped[i] = clamped;
    }
    Ok(out.finish(checked.flags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorKind, Flags};
    use ndarray::array;

    /// methods.md 3.1 worked values (4 decimals): (x, n, method, lower, upper).
    #[test]
    fn worked_values_of_methods_md() {
        use ProportionMethod::*;
        let cases = [
            (
                81.0,
                263.0,
                [
                    (0.2553, 0.3662),
                    (0.2527, 0.3676),
                    (0.2552, 0.3663),
                    (0.2545, 0.3656),
                ],
            ),
            (
                15.0,
                148.0,
                [
                    (0.0624, 0.1605),
                    (0.0578, 0.1617),
                    (0.0614, 0.1615),
                    (0.0604, 0.1576),
                ],
            ),
            (
                3.0,
                20.0,
                [
                    (0.0524, 0.3604),
                    (0.0321, 0.3789),
                    (0.0439, 0.3688),
                    (0.0441, 0.3486),
                ],
            ),
            (
                1.0,
                29.0,
                [
                    (0.0061, 0.1718),
                    (0.0009, 0.1776),
                    (0.0, 0.1863),
                    (0.0037, 0.1501),
                ],
            ),
            (
                0.0,
                20.0,
                [(0.0, 0.1611), (0.0, 0.1684), (0.0, 0.1898), (0.0, 0.1166)],
            ),
            (
                20.0,
                20.0,
                [(0.8389, 1.0), (0.8316, 1.0), (0.8102, 1.0), (0.8834, 1.0)],
            ),
        ];
        let lv = Level::new(0.95).unwrap();
        for (x, n, want) in cases {
            for (m, (l, u)) in [Wilson, ClopperPearson, AgrestiCoull, Jeffreys]
                .into_iter()
                .zip(want)
            {
                let (gl, gu, _) = proportion_limits(x, n, m, lv);
                assert!(
                    (gl - l).abs() <= 5e-5 && (gu - u).abs() <= 5e-5,
                    "{x}/{n} {m:?}: [{gl}, {gu}] vs [{l}, {u}]"
                );
            }
        }
        // Wald for 3/20 is [-0.0065, 0.3065] before clamping
        let (l, u, c) = proportion_limits(3.0, 20.0, Wald, lv);
        assert!(c && l == 0.0 && (u - 0.3065).abs() < 5e-5);
    }

    #[test]
    fn clamping_is_flagged_per_area() {
        let x = array![1.0, 15.0];
        let n = array![29.0, 148.0];
        let r = proportion_ci(
            x.view(),
            n.view(),
            ProportionMethod::AgrestiCoull,
            0.95,
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(r.clamped, vec![true, false]);
        assert!(r.flags.contains(Flags::CLAMPED));
        assert_eq!(r.lower[0], 0.0);
        assert_eq!(r.method, "agresti_coull");
    }

    #[test]
    fn statuses_and_bookkeeping() {
        let x = array![1.0, f64::NAN, 0.0];
        let n = array![10.0, 5.0, 0.0];
        let r = proportion_ci(
            x.view(),
            n.view(),
            ProportionMethod::Wilson,
            0.9,
            NanPolicy::Propagate,
        )
        .unwrap();
        assert_eq!(
            r.status,
            vec![AreaStatus::Ok, AreaStatus::Missing, AreaStatus::Empty]
        );
        assert_eq!((r.n_used, r.n_dropped, r.n_empty), (1, 1, 1));
        assert!(r.flags.contains(Flags::MISSING_PROPAGATED));
        assert!(r.lower[1].is_nan() && r.upper[2].is_nan() && r.estimate[2].is_nan());
        let e = proportion_ci(
            x.view(),
            n.view(),
            ProportionMethod::Wilson,
            0.9,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(1)));
        let e = proportion_ci(
            x.view(),
            n.view(),
            ProportionMethod::Wilson,
            95.0,
            NanPolicy::Omit,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }

    #[test]
    fn intervals_contain_the_estimate_and_nest_by_level() {
        let lo = Level::new(0.8).unwrap();
        let hi = Level::new(0.99).unwrap();
        for n in [1.0, 2.0, 7.0, 50.0, 1000.0] {
            for k in 0..=10 {
                let x = (n * k as f64 / 10.0).round();
                let p = x / n;
                for m in ProportionMethod::ALL {
                    let (l1, u1, _) = proportion_limits(x, n, m, lo);
                    let (l2, u2, _) = proportion_limits(x, n, m, hi);
                    assert!((0.0..=1.0).contains(&l2) && (0.0..=1.0).contains(&u2));
                    assert!(l2 <= l1 && u1 <= u2, "{m:?} {x}/{n}");
                    if m != ProportionMethod::AgrestiCoull {
                        assert!(l1 <= p && p <= u1, "{m:?} {x}/{n}: [{l1}, {u1}]");
                    }
                }
            }
        }
    }
}
