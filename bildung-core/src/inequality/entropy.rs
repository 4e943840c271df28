//! Generalised entropy family GE(alpha) (Theil-Index, mittlere logarithmische Abweichung).

use ndarray::ArrayView1;

use super::sorted::positive_mean;
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy, check_finite, estimate};
use crate::sum::NeumaierSum;

/// Streaming accumulator of `GE(alpha) = 1/(alpha(alpha-1)) sum_i v_i (s_i^alpha - 1)` over
/// relative values `s_i = x_i / mu` and population shares `v_i = w_i / W` (which sum to 1).
///
/// Stable for every real alpha: exact limits at 0 and 1; `expm1(alpha ln s)/alpha` for
/// `alpha < 0.5`; `s expm1((alpha-1) ln s)/(alpha-1)` for `alpha >= 0.5`, which uses
/// `sum v s = 1` and avoids the cancellation of `sum v (s^alpha - 1)` near alpha = 1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GeAccumulator {
    alpha: f64,
    measure: &'static str,
    sum: NeumaierSum,
}

impl GeAccumulator {
    pub(crate) fn new(measure: &'static str, alpha: f64) -> GeAccumulator {
        GeAccumulator {
            alpha,
            measure,
            sum: NeumaierSum::new(),
        }
    }

    /// Add a unit with relative value `s >= 0` and population share `v > 0`.
    #[inline]
    pub(crate) fn add(&mut self, s: f64, v: f64) -> Result<()> {
        let a = self.alpha;
        if s == 0.0 {
            if a <= 0.0 {
                return Err(Error::undefined(
                    self.measure,
                    "a zero value makes GE(alpha) infinite for alpha <= 0",
                ));
            }
            // alpha form: v (0 - 1)/alpha (times 1/(alpha-1) at the end); s form: 0
            if a < 0.5 {
                self.sum.add(-v / a);
            }
            return Ok(());
        }
        let l = s.ln();
        let term = if a == 0.0 {
            -l
        } else if a == 1.0 {
            s * l
        } else if a < 0.5 {
            (a * l).exp_m1() / a
        } else {
            s * ((a - 1.0) * l).exp_m1() / (a - 1.0)
        };
        self.sum.add(v * term);
        Ok(())
    }

    /// The index value.
    pub(crate) fn finish(&self) -> Result<f64> {
        let a = self.alpha;
        let s = self.sum.value();
        let value = if a == 0.0 || a == 1.0 {
            s
        } else if a < 0.5 {
            s / (a - 1.0)
        } else {
            s / a
        };
        if !value.is_finite() {
            return Err(Error::undefined(
                self.measure,
                "the value overflows the floating-point range for this alpha",
            ));
        }
        // GE >= 0; a tiny negative is rounding
        Ok(value.max(0.0))
    }
}

/// GE(alpha) of validated units.
pub(crate) fn ge_of_units(
    measure: &'static str,
    alpha: f64,
    u: &crate::input::Units<'_>,
) -> Result<f64> {
    let (mu, w) = positive_mean(measure, u.iter())?;
    let mut acc = GeAccumulator::new(measure, alpha);
    for (xi, wi) in u.iter() {
        acc.add(xi / mu, wi / w)?;
    }
    acc.finish()
}

/// Generalised entropy index GE(alpha) for any real alpha.
///
/// ```text
/// s_i = x_i / mu,  v_i = w_i / W
/// GE(alpha) = 1/(alpha(alpha-1)) sum_i v_i (s_i^alpha - 1)   alpha not in {0, 1}
/// GE(1) = Theil T = sum_i v_i s_i ln s_i        (0 ln 0 := 0)
/// GE(0) = MLD     = - sum_i v_i ln s_i
/// GE(2) = CV^2 / 2
/// ```
/// `alpha` is the sensitivity parameter: small alpha weighs the bottom, large alpha the top of
/// the distribution. (Naming trap: `ineq::Theil(x, parameter = 0)` is GE(1).) Numerically stable
/// near 0 and 1 (`expm1` forms), exact at 0 and 1. Range `[0, inf)`.
///
/// # Edge cases
/// A zero value with `alpha <= 0` makes the index infinite: `Undefined`. All values 0: `Undefined`.
///
/// # Errors
/// As for [`gini`](super::gini); a non-finite alpha is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::generalized_entropy};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let ge2 = generalized_entropy(x.view(), None, 2.0, NanPolicy::Raise).unwrap();
/// assert!((ge2.value - 0.4204062).abs() < 1e-7);
/// let ge_m1 = generalized_entropy(x.view(), None, -1.0, NanPolicy::Raise).unwrap();
/// assert!((ge_m1.value - 0.8477491).abs() < 1e-7);
/// ```
pub fn generalized_entropy(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    alpha: f64,
    nan: NanPolicy,
) -> Result<Estimate> {
    check_finite("alpha", alpha)?;
    estimate("generalized entropy", x, weights, nan, |u| {
        Ok((ge_of_units("generalized entropy", alpha, u)?, Flags::NONE))
    })
}

/// Theil index T = GE(1) (Theil-Index).
///
/// ```text
/// T = sum_i v_i s_i ln s_i,   s_i = x_i / mu,  v_i = w_i / W,  0 ln 0 := 0
/// ```
/// Range `[0, ln n]` for n equally weighted units (`T / ln n` is a normalised version).
///
/// # Errors
/// As for [`gini`](super::gini).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::theil};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// assert!((theil(x.view(), None, NanPolicy::Raise).unwrap().value - 0.3623412).abs() < 1e-7);
/// ```
pub fn theil(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<Estimate> {
    estimate("theil", x, weights, nan, |u| {
        Ok((ge_of_units("theil", 1.0, u)?, Flags::NONE))
    })
}

/// Mean log deviation MLD = GE(0) (Theil L, mittlere logarithmische Abweichung).
///
/// ```text
/// MLD = - sum_i v_i ln s_i,   s_i = x_i / mu,  v_i = w_i / W
/// ```
/// Any zero value makes it infinite: `Undefined`.
///
/// # Errors
/// As for [`gini`](super::gini).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::mean_log_deviation};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let m = mean_log_deviation(x.view(), None, NanPolicy::Raise).unwrap();
/// assert!((m.value - 0.4335946).abs() < 1e-7);
/// ```
pub fn mean_log_deviation(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<Estimate> {
    estimate("mean log deviation", x, weights, nan, |u| {
        Ok((ge_of_units("mean log deviation", 0.0, u)?, Flags::NONE))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn ineq_x() -> ndarray::Array1<f64> {
        array![
            541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.
        ]
    }

    /// GE(alpha) by the textbook formula, for alpha away from 0 and 1.
    fn naive(x: &[f64], alpha: f64) -> f64 {
        let n = x.len() as f64;
        let mu = x.iter().sum::<f64>() / n;
        x.iter().map(|v| (v / mu).powf(alpha) - 1.0).sum::<f64>() / (n * alpha * (alpha - 1.0))
    }

    #[test]
    fn continuous_at_zero_and_one() {
        let x = ineq_x();
        let at = |a: f64| {
            generalized_entropy(x.view(), None, a, NanPolicy::Raise)
                .unwrap()
                .value
        };
        for eps in [1e-3, 1e-6, 1e-9, 1e-12] {
            assert!((at(eps) - at(0.0)).abs() < 2.0 * eps, "alpha = {eps}");
            assert!((at(-eps) - at(0.0)).abs() < 2.0 * eps);
            assert!((at(1.0 + eps) - at(1.0)).abs() < 2.0 * eps);
            assert!((at(1.0 - eps) - at(1.0)).abs() < 2.0 * eps);
        }
        for a in [-2.0, -0.5, 0.3, 0.5, 0.7, 1.5, 3.0] {
            assert!(
                (at(a) - naive(x.as_slice().unwrap(), a)).abs() < 1e-12,
                "alpha = {a}"
            );
        }
    }

    #[test]
    fn zeros() {
        let x = array![0.0, 1.0, 2.0];
        assert_eq!(
            mean_log_deviation(x.view(), None, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        let t = theil(x.view(), None, NanPolicy::Raise).unwrap().value;
        // s = (0, 1, 2): T = (0 + 0 + 2 ln 2)/3
        assert!((t - 2.0 * 2f64.ln() / 3.0).abs() < 1e-15);
        let ge05 = generalized_entropy(x.view(), None, 0.5, NanPolicy::Raise)
            .unwrap()
            .value;
        assert!((ge05 - naive(&[0.0, 1.0, 2.0], 0.5)).abs() < 1e-14);
        let ge03 = generalized_entropy(x.view(), None, 0.3, NanPolicy::Raise)
            .unwrap()
            .value;
        assert!((ge03 - naive(&[0.0, 1.0, 2.0], 0.3)).abs() < 1e-14);
        assert_eq!(
            generalized_entropy(x.view(), None, f64::NAN, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
    }
}
