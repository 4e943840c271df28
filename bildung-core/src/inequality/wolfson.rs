//! Wolfson polarisation index (Wolfson-Polarisierungsindex).

use ndarray::ArrayView1;

use super::gini::gini_of_sorted;
use super::lorenz::lorenz_of_sorted;
use super::quantile::{QuantileRule, quantile_of_sorted};
use super::sorted::Sorted;
use crate::error::{Error, Result};
use crate::input::{Estimate, NanPolicy, estimate};

/// Wolfson (1994) bipolarisation index: how far the distribution is pulled away from the middle.
///
/// ```text
/// W = 2 (2 T - G) mu / m,   T = 0.5 - L(0.5)
/// G = Gini, L = Lorenz curve (linear interpolation), mu = mean, m = median (by `rule`)
/// ```
/// Range `[0, 1]`: 0 when all values are equal, 1 when half of the population has nothing and the
/// other half shares everything equally. This is Wolfson's definition; PySAL `inequality.wolfson`
/// omits the leading factor 2 (its values are half of these).
///
/// # Errors
/// As for [`gini`](super::gini); a median of 0 is
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
///
/// # Example
/// Half the units have 0, half have 2 (median 1 by the linear rule): `W = 2 (2 * 0.5 - 0.5) = 1`.
/// ```
/// use bildung_core::{NanPolicy, inequality::{wolfson, QuantileRule}};
/// use ndarray::array;
/// let x = array![0.0, 0.0, 2.0, 2.0];
/// let w = wolfson(x.view(), None, QuantileRule::Linear, NanPolicy::Raise).unwrap();
/// assert!((w.value - 1.0).abs() < 1e-15);
/// ```
pub fn wolfson(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    rule: QuantileRule,
    nan: NanPolicy,
) -> Result<Estimate> {
    estimate("wolfson", x, weights, nan, |u| {
        let s = Sorted::new(u);
        let (g, flags) = gini_of_sorted(&s)?;
        let curve = lorenz_of_sorted(&s)?;
        let cum = s.cumulative_weights();
        let median = quantile_of_sorted(&s, &cum, 0.5, rule);
        if median <= 0.0 {
            return Err(Error::undefined("wolfson", "the median is 0"));
        }
        let (w, t) = s.totals();
        let mu = t / w;
        let tt = 0.5 - curve.share_at(0.5);
        Ok((2.0 * (2.0 * tt - g) * mu / median, flags))
    })
}
