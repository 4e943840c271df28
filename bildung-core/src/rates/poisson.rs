//! Poisson intervals for counts and rates per area (Rate mit Konfidenzintervall; Garwood 1936,
//! Byar's approximation as in UKHSA `PHEindicatormethods`; methods.md 3.2).

use ndarray::ArrayView1;

use super::input::{Denominator, check_pairs};
use super::{Intervals, Level, Memo};
use crate::dist::gamma_quantile;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, NanPolicy};

/// How the interval of a Poisson count is computed (see [`poisson_ci`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PoissonMethod {
    /// Exact limits (Garwood 1936) from chi-square / gamma quantiles: the default.
    #[default]
    Exact,
    /// Byar's approximation (closed form; UKHSA uses it for 10 or more events).
    Byar,
}

impl PoissonMethod {
    /// Every method, in declaration order.
    pub const ALL: [PoissonMethod; 2] = [PoissonMethod::Exact, PoissonMethod::Byar];

    /// The method's name as used in Python: `"exact"`, `"byar"`.
    pub const fn name(self) -> &'static str {
        match self {
            PoissonMethod::Exact => "exact",
            PoissonMethod::Byar => "byar",
        }
    }

    /// Parse a method name (`"exact"`, `"byar"`).
    ///
    /// ```
    /// use bildung_core::rates::PoissonMethod;
    /// assert_eq!(PoissonMethod::from_name("byar")?, PoissonMethod::Byar);
    /// assert!(PoissonMethod::from_name("garwood").is_err());
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<PoissonMethod> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| {
                Error::parameter(
                    "method",
                    format!("{name:?}"),
                    "expected \"exact\" or \"byar\"",
                )
            })
    }
}

/// `(lower, upper, clamped)` limits of the Poisson mean for an observed integer count `x >= 0`.
///
/// Exact: `L = chi2^-1(alpha/2; 2x)/2` (0 at `x = 0`), `U = chi2^-1(1-alpha/2; 2x+2)/2`.
/// Byar: `L = x (1 - 1/(9x) - z/(3 sqrt x))³` (0 at `x = 0`; set to 0 and `clamped` if negative,
/// which happens only for levels above about 0.99 and `x` of 1 or 2),
/// `U = (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))³`.
pub(crate) fn poisson_limits(x: f64, method: PoissonMethod, level: Level) -> (f64, f64, bool) {
    match method {
        PoissonMethod::Exact => {
            let lower = if x == 0.0 {
                0.0
            } else {
                gamma_quantile(level.alpha / 2.0, x)
            };
            (
                lower,
                gamma_quantile(1.0 - level.alpha / 2.0, x + 1.0),
                false,
            )
        }
        PoissonMethod::Byar => {
            let z = level.z;
            let y = x + 1.0;
            let upper = y * (1.0 - 1.0 / (9.0 * y) + z / (3.0 * y.sqrt())).powi(3);
            if x == 0.0 {
                return (0.0, upper, false);
            }
            let lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt())).powi(3);
            if lower < 0.0 {
                (0.0, upper, true)
            } else {
                (lower, upper, false)
            }
        }
    }
}

/// Check a rate multiplier: finite and `> 0`.
pub(crate) fn check_multiplier(multiplier: f64) -> Result<()> {
    if multiplier.is_finite() && multiplier > 0.0 {
        Ok(())
    } else {
        Err(Error::parameter(
            "multiplier",
            multiplier,
            "must be a finite number > 0 (e.g. 1000 for a rate per 1,000)",
        ))
    }
}

/// Confidence interval of a Poisson count or rate per area (Rate mit Konfidenzintervall).
///
/// For `x_i` events in exposure `N_i` (population or person-time; `None`: every `N_i = 1`, i.e.
/// intervals for the counts) the rate is `r_i = x_i / N_i * multiplier` (e.g. `multiplier =
/// 1000` for a rate per 1,000), and the limits of the Poisson mean `(L, U)` of `x_i` are divided
/// by `N_i` and multiplied by `multiplier`:
/// ```text
/// exact (Garwood, default)  L = chi2^-1(alpha/2; 2x) / 2   (0 at x = 0)
///                           U = chi2^-1(1 - alpha/2; 2x + 2) / 2
/// Byar                      L = x (1 - 1/(9x) - z/(3 sqrt x))³   (0 at x = 0)
///                           U = (x+1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))³
/// ```
/// UKHSA uses the exact limits below 10 events and Byar's above; the exact limits are cheap, so
/// they are the default everywhere. When the events are persons among a population (a
/// proportion), the Poisson model is only an approximation for small `p`: prefer
/// [`proportion_ci`](super::proportion_ci) then.
///
/// # Edge cases
/// `N_i = 0`: NaN, status [`AreaStatus::Empty`]. A Byar lower limit below 0 (only at levels above
/// about 0.99) is set to 0 and flagged (`clamped`, [`Flags::CLAMPED`](crate::Flags::CLAMPED)).
/// Events may exceed the exposure (repeated events, person-years).
///
/// # Errors
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative or non-integral
/// events), [`ErrorKind::NegativeValue`](crate::ErrorKind::NegativeValue) (negative exposure),
/// `InvalidParameter` (level outside `(0, 1)`, multiplier not finite and positive), and the
/// common errors of the [module docs](super).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, rates::{poisson_ci, PoissonMethod}};
/// use ndarray::array;
/// // 5 events among 2,400 persons: 2.0833 per 1,000, 95 % CI [0.6765, 4.8618] (methods.md 3.2)
/// let (x, n) = (array![5.0], array![2400.0]);
/// let r = poisson_ci(x.view(), Some(n.view()), PoissonMethod::Exact, 0.95, 1000.0,
///                    NanPolicy::Raise)?;
/// assert!((r.estimate[0] - 2.0833).abs() < 5e-5);
/// assert!((r.lower[0] - 0.6765).abs() < 5e-5 && (r.upper[0] - 4.8618).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn poisson_ci(
    events: ArrayView1<'_, f64>,
    exposure: Option<ArrayView1<'_, f64>>,
    method: PoissonMethod,
    level: f64,
    multiplier: f64,
    nan: NanPolicy,
) -> Result<Intervals> {
    let lv = Level::new(level)?;
    check_multiplier(multiplier)?;
    let checked = check_pairs(
        events,
        exposure,
        ("events", "exposure"),
        Denominator::Exposure,
        true,
        nan,
    )?;
    let mut out = Intervals::blank(method.name(), level, checked.status);
    // the limits of the count depend on x alone: solve each distinct x once
    let mut memo = Memo::new();
    for i in 0..out.len() {
        if out.status[i] != AreaStatus::Ok {
            continue;
        }
        let x = events[i];
        let scale = multiplier / exposure.map_or(1.0, |e| e[i]);
        let (lower, upper, clamped) = match method {
            PoissonMethod::Exact => memo.get(x, 0.0, || poisson_limits(x, method, lv)),
            PoissonMethod::Byar => poisson_limits(x, method, lv),
        };
        out.estimate[i] = x * scale;
        out.lower[i] = lower * scale;
        out.upper[i] = upper * scale;
        out.clamped[i] = clamped;
    }
    Ok(out.finish(checked.flags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    /// methods.md 3.2 worked values (4 decimals).
    #[test]
    fn worked_values_of_methods_md() {
        let lv = Level::new(0.95).unwrap();
        let exact = [
            (0.0, 0.0, 3.6889),
            (1.0, 0.0253, 5.5716),
            (5.0, 1.6235, 11.6683),
            (20.0, 12.2165, 30.8884),
            (100.0, 81.3640, 121.6268),
        ];
        for (x, l, u) in exact {
            let (gl, gu, _) = poisson_limits(x, PoissonMethod::Exact, lv);
            assert!(
                (gl - l).abs() < 5e-5 && (gu - u).abs() < 5e-5,
                "{x}: {gl} {gu}"
            );
        }
        for (x, l, u) in [(1.0, 0.0131, 5.5638), (5.0, 1.6113, 11.6682)] {
            let (gl, gu, _) = poisson_limits(x, PoissonMethod::Byar, lv);
            assert!(
                (gl - l).abs() < 5e-5 && (gu - u).abs() < 5e-5,
                "{x}: {gl} {gu}"
            );
        }
    }

    #[test]
    fn byar_lower_limit_is_clamped_at_high_levels() {
        let lv = Level::new(0.999).unwrap();
        let (l, _, c) = poisson_limits(1.0, PoissonMethod::Byar, lv);
        assert!(c && l == 0.0);
        let x = array![1.0, 50.0];
        let r = poisson_ci(
            x.view(),
            None,
            PoissonMethod::Byar,
            0.999,
            1.0,
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(r.clamped, vec![true, false]);
        assert!(r.flags.contains(crate::Flags::CLAMPED));
    }

    #[test]
    fn rates_scale_and_errors() {
        let x = array![5.0, 0.0, 2.0];
        let n = array![2400.0, 0.0, 0.5];
        let r = poisson_ci(
            x.view(),
            Some(n.view()),
            PoissonMethod::Exact,
            0.95,
            1000.0,
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(r.status[1], AreaStatus::Empty);
        // events may exceed the exposure (person-years, repeated events)
        assert!((r.estimate[2] - 4000.0).abs() < 1e-9);
        let x3 = array![5.0, 3.0, 2.0];
        let e = poisson_ci(
            x3.view(),
            Some(n.view()),
            PoissonMethod::Exact,
            0.95,
            1000.0,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(1)));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let e = poisson_ci(
                x.view(),
                None,
                PoissonMethod::Exact,
                0.95,
                bad,
                NanPolicy::Raise,
            )
            .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        }
        let frac = array![1.5];
        let e = poisson_ci(
            frac.view(),
            None,
            PoissonMethod::Byar,
            0.95,
            1.0,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
    }
}
