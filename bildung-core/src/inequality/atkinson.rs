//! Atkinson index A(epsilon) (Atkinson-Maß).

use ndarray::ArrayView1;

use super::sorted::positive_mean;
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy, estimate};
use crate::sum::NeumaierSum;

/// Atkinson index for inequality aversion `epsilon >= 0`.
///
/// ```text
/// s_i = x_i / mu,  v_i = w_i / W,  d = 1 - epsilon
/// A(eps) = 1 - [ sum_i v_i s_i^d ]^(1/d)                 eps != 1
/// A(1)   = 1 - exp( sum_i v_i ln s_i ) = 1 - exp(-MLD)
/// relation: A(eps) = 1 - [1 + alpha(alpha-1) GE(alpha)]^(1/alpha),  alpha = 1 - eps
/// ```
/// Computed as `1 - exp(ln_1p(sum v expm1(d ln s)) / d)` for `|d| < 0.5` (accurate near eps = 1,
/// methods.md 1.5) and as `1 - exp(logsumexp(ln v + d ln s) / d)` otherwise (no overflow for large
/// eps, whose limit is `1 - x_min/mu`). Range `[0, 1]`.
///
/// # Edge cases
/// Zero values with `eps >= 1`: the equally-distributed-equivalent value is 0, so `A = 1`, flagged
/// [`Flags::ZERO_VALUES`]. For `0 <= eps < 1` zeros are fine. All values 0: `Undefined`.
///
/// # Errors
/// As for [`gini`](super::gini); `epsilon < 0` or non-finite is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::atkinson};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let a = atkinson(x.view(), None, 0.5, NanPolicy::Raise).unwrap();
/// assert!((a.value - 0.1796591).abs() < 1e-7);
/// ```
pub fn atkinson(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    epsilon: f64,
    nan: NanPolicy,
) -> Result<Estimate> {
    if !(epsilon.is_finite() && epsilon >= 0.0) {
        return Err(Error::parameter(
            "epsilon",
            epsilon,
            "the inequality aversion must be a finite number >= 0",
        ));
    }
    estimate("atkinson", x, weights, nan, |u| {
        let (mu, w) = positive_mean("atkinson", u.iter())?;
        let d = 1.0 - epsilon;
        if d <= 0.0 && u.iter().any(|(xi, _)| xi == 0.0) {
            return Ok((1.0, Flags::ZERO_VALUES));
        }
        let ede_ratio = if d == 0.0 {
            let mut s = NeumaierSum::new();
            for (xi, wi) in u.iter() {
                s.add(wi / w * (xi / mu).ln());
            }
            s.value().exp()
        } else if d.abs() < 0.5 {
            let mut s = NeumaierSum::new();
            for (xi, wi) in u.iter() {
                let term = if xi == 0.0 {
                    -1.0
                } else {
                    (d * (xi / mu).ln()).exp_m1()
                };
                s.add(wi / w * term);
            }
            (s.value().ln_1p() / d).exp()
        } else {
            // logsumexp over units with x > 0 (zeros contribute 0 for d > 0)
            let terms = || {
                u.iter()
                    .filter(|&(xi, _)| xi > 0.0)
                    .map(|(xi, wi)| (wi / w).ln() + d * (xi / mu).ln())
            };
            let m = terms().fold(f64::NEG_INFINITY, f64::max);
            let s = crate::sum::neumaier_sum(terms().map(|t| (t - m).exp()));
            ((m + s.ln()) / d).exp()
        };
        Ok(((1.0 - ede_ratio).clamp(0.0, 1.0), Flags::NONE))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn x() -> ndarray::Array1<f64> {
        array![1.0, 2.0, 3.0, 4.0]
    }

    #[test]
    fn near_one_is_accurate() {
        // methods.md 1.5: eps = 1 - 1e-12 gives 0.1146544642396 (limit 0.1146544642397)
        let a = atkinson(x().view(), None, 1.0 - 1e-12, NanPolicy::Raise)
            .unwrap()
            .value;
        assert!((a - 0.1146544642396).abs() < 2e-13, "{a}");
        let a1 = atkinson(x().view(), None, 1.0, NanPolicy::Raise)
            .unwrap()
            .value;
        assert!((a1 - 0.1146544642397).abs() < 2e-13, "{a1}");
    }

    #[test]
    fn large_epsilon_tends_to_one_minus_min_over_mean() {
        // limit 1 - 1/2.5 = 0.6
        let a = atkinson(x().view(), None, 2000.0, NanPolicy::Raise)
            .unwrap()
            .value;
        assert!((a - 0.6).abs() < 1e-3, "{a}");
        assert!(a < 0.6);
    }

    #[test]
    fn zeros_and_parameters() {
        let z = array![0.0, 1.0, 3.0];
        let a = atkinson(z.view(), None, 1.5, NanPolicy::Raise).unwrap();
        assert_eq!(a.value, 1.0);
        assert!(a.flags.contains(Flags::ZERO_VALUES));
        // eps = 0.5 with a zero: 1 - (mean sqrt(s))^2, s = (0, 0.75, 2.25)
        let a = atkinson(z.view(), None, 0.5, NanPolicy::Raise)
            .unwrap()
            .value;
        let m = (0.75f64.sqrt() + 2.25f64.sqrt()) / 3.0;
        assert!((a - (1.0 - m * m)).abs() < 1e-15);
        assert!(atkinson(z.view(), None, -0.1, NanPolicy::Raise).is_err());
        assert!(atkinson(z.view(), None, f64::INFINITY, NanPolicy::Raise).is_err());
        let eq = array![2.0, 2.0];
        assert_eq!(
            atkinson(eq.view(), None, 0.0, NanPolicy::Raise)
                .unwrap()
                .value,
            0.0
        );
    }
}
