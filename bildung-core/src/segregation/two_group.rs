//! Two-group segregation indices over focal-group counts `x_i` and area totals `t_i`.

use ndarray::ArrayView1;

use super::input::two_group_estimate;
use crate::error::Result;
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::neumaier_sum;

/// Dissimilarity index D (Segregationsindex, Duncan & Duncan 1955): the share of either group that
/// would have to move to another area for both groups to be spread evenly.
///
/// ```text
/// D = 1/2 sum_i | x_i / X - y_i / Y |  =  sum_i t_i |p_i - P| / (2 T P (1 - P))
/// ```
/// Range `[0, 1]`. Biased upwards in small areas: see the small-unit functions of this module.
///
/// # Errors
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) (lengths of `x` and `t`),
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative, or `x_i > t_i`),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (a group is empty, or no area has
/// population).
///
/// # Example
/// methods.md 2.8: five Ortsteile.
/// ```
/// use bildung_core::{NanPolicy, segregation::dissimilarity};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let d = dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((d.value - 0.3).abs() < 1e-12);
/// ```
pub fn dissimilarity(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("dissimilarity", x, t, nan, |d| {
        let (big_x, big_y) = (d.total_x, d.total_y());
        let s = neumaier_sum(
            d.x.iter()
                .zip(&d.t)
                .map(|(&xi, &ti)| (xi / big_x - (ti - xi) / big_y).abs()),
        );
        Ok((0.5 * s, Flags::NONE))
    })
}
