//! Gini coefficient (Gini-Koeffizient), O(n log n).

use ndarray::ArrayView1;

use super::sorted::Sorted;
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy, estimate};
use crate::sum::NeumaierSum;

/// Small-sample correction of the Gini coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GiniCorrection {
    /// The plug-in estimator (`ineq::Gini(x)`, PySAL `Gini`).
    #[default]
    None,
    /// Multiply by `n/(n-1)`, `n` = number of units used (`ineq::Gini(x, corr = TRUE)`). Rescales
    /// the maximum to 1 and removes the leading O(1/n) bias under iid sampling. Needs `n >= 2`.
    Units,
    /// Multiply by `W/(W-1)`, `W` = sum of the weights: for weights that are integer frequencies
    /// of individuals. Needs `W > 1`.
    FrequencyWeights,
}

impl GiniCorrection {
    /// The correction's name (`"none"`, `"units"`, `"frequency"`).
    pub const fn name(self) -> &'static str {
        match self {
            GiniCorrection::None => "none",
            GiniCorrection::Units => "units",
            GiniCorrection::FrequencyWeights => "frequency",
        }
    }

    /// Parse `"none"`, `"units"` or `"frequency"`.
    pub fn from_name(name: &str) -> Result<GiniCorrection> {
        match name {
            "none" => Ok(GiniCorrection::None),
            "units" => Ok(GiniCorrection::Units),
            "frequency" => Ok(GiniCorrection::FrequencyWeights),
            other => Err(Error::parameter(
                "correction",
                format!("{other:?}"),
                "expected \"none\", \"units\" or \"frequency\"",
            )),
        }
    }
}

/// Gini coefficient of `x` with optional frequency weights.
///
/// ```text
/// G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)                 (definition)
///   = [ sum_i w_i x_(i) (2 C_i - w_i) ] / (W S) - 1                (computed, x sorted ascending)
/// C_i = w_(1) + ... + w_(i),  W = sum w,  S = sum w x,  mu = S / W
/// unweighted: G = 2 sum_i i x_(i) / (n sum x) - (n+1)/n
/// corrected:  G * n/(n-1)  (GiniCorrection::Units)  or  G * W/(W-1)  (FrequencyWeights)
/// ```
/// The sorted form equals the pairwise definition and does not depend on the order of ties
/// (the `2 C_i - w_i` form; survey formulas with `2 C_i - 1` agree only for unit weights).
/// Range `[0, 1 - w_min/W]` (`(n-1)/n` unweighted: the maximum is reached when the unit with the
/// smallest weight owns everything); 0 iff all values are equal.
///
/// # Edge cases
/// One unit gives 0 (the corrected form is undefined). All values 0: undefined (zero total).
///
/// # Errors
/// [`ErrorKind::EmptyInput`], [`ErrorKind::ShapeMismatch`], [`ErrorKind::MissingValue`] (under
/// [`NanPolicy::Raise`]), [`ErrorKind::NonFinite`], [`ErrorKind::NegativeValue`] (values or
/// weights), [`ErrorKind::Undefined`] (zero total, total weight 0, correction with one unit),
/// [`ErrorKind::InvalidParameter`] (frequency correction without weights or with `W <= 1`).
///
/// # Example
/// The income example of R `ineq` (methods.md 1.8):
/// ```
/// use bildung_core::{NanPolicy, inequality::{gini, GiniCorrection}};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let g = gini(x.view(), None, GiniCorrection::None, NanPolicy::Raise).unwrap();
/// assert!((g.value - 0.4620911).abs() < 1e-7);
/// let gc = gini(x.view(), None, GiniCorrection::Units, NanPolicy::Raise).unwrap();
/// assert!((gc.value - 0.5134346).abs() < 1e-7);
/// ```
///
/// [`ErrorKind::EmptyInput`]: crate::ErrorKind::EmptyInput
/// [`ErrorKind::ShapeMismatch`]: crate::ErrorKind::ShapeMismatch
/// [`ErrorKind::MissingValue`]: crate::ErrorKind::MissingValue
/// [`ErrorKind::NonFinite`]: crate::ErrorKind::NonFinite
/// [`ErrorKind::NegativeValue`]: crate::ErrorKind::NegativeValue
/// [`ErrorKind::Undefined`]: crate::ErrorKind::Undefined
/// [`ErrorKind::InvalidParameter`]: crate::ErrorKind::InvalidParameter
pub fn gini(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    correction: GiniCorrection,
    nan: NanPolicy,
) -> Result<Estimate> {
    if correction == GiniCorrection::FrequencyWeights && weights.is_none() {
        return Err(Error::parameter(
            "correction",
            "\"frequency\"",
            "the frequency-weight correction W/(W-1) needs weights; use \"units\" for n/(n-1)",
        ));
    }
    estimate("gini", x, weights, nan, |u| {
        let sorted = Sorted::new(u);
        let g = gini_of_sorted(&sorted)?;
        let factor = match correction {
            GiniCorrection::None => 1.0,
            GiniCorrection::Units => {
                let n = sorted.len() as f64;
                if sorted.len() < 2 {
                    return Err(Error::undefined(
                        "corrected gini",
                        "the n/(n-1) correction needs at least 2 units",
                    ));
                }
                n / (n - 1.0)
            }
            GiniCorrection::FrequencyWeights => {
                let w = sorted.total_weight();
                if w <= 1.0 {
                    return Err(Error::parameter(
                        "correction",
                        "\"frequency\"",
                        format!("needs a total weight above 1, got {w}"),
                    ));
                }
                w / (w - 1.0)
            }
        };
        Ok((g.0 * factor, g.1))
    })
}

/// Plug-in Gini of sorted units; `Undefined` for a zero total. Values below 0 by rounding are
/// set to 0 and flagged.
pub(crate) fn gini_of_sorted(s: &Sorted) -> Result<(f64, Flags)> {
    let (w, t, a) = match s {
        Sorted::Unweighted(v) => {
            let (a, t) = rank_weighted_sums(v);
            (v.len() as f64, t, a)
        }
        Sorted::Weighted(_) => {
            let mut c = NeumaierSum::new();
            let mut acc = NeumaierSum::new();
            let mut total = NeumaierSum::new();
            for i in 0..s.len() {
                let (xi, wi) = s.get(i);
                c.add(wi);
                let wx = wi * xi;
                total.add(wx);
                acc.add(wx * (2.0 * c.value() - wi));
            }
            (c.value(), total.value(), acc.value())
        }
    };
    if t <= 0.0 {
        return Err(Error::undefined("gini", "zero total (all values are 0)"));
    }
    let g = a / w / t - 1.0;
    if g < 0.0 {
        return Ok((0.0, Flags::CLAMPED));
    }
    Ok((g, Flags::NONE))
}

/// `(sum_i (2i - 1) x_(i), sum_i x_(i))` for sorted values, i = 1..n.
///
/// Blocks of 1024 values are summed in 8 independent lanes (which the compiler vectorises) and
/// the block sums are added with Neumaier compensation: the rounding error stays near that of
/// 128-term sums, and the order of operations is fixed, so the result is deterministic.
fn rank_weighted_sums(v: &[f64]) -> (f64, f64) {
    const BLOCK: usize = 1024;
    const LANES: usize = 8;
    let mut acc = NeumaierSum::new();
    let mut total = NeumaierSum::new();
    for (b, block) in v.chunks(BLOCK).enumerate() {
        let base = b * BLOCK;
        let mut a = [0.0f64; LANES];
        let mut t = [0.0f64; LANES];
        let mut lanes = block.chunks_exact(LANES);
        for (k, chunk) in lanes.by_ref().enumerate() {
            let first = base + k * LANES;
            for l in 0..LANES {
                let rank = (first + l) as f64; // 0-based: weight 2(rank+1) - 1
                a[l] += chunk[l] * (2.0 * rank + 1.0);
                t[l] += chunk[l];
            }
        }
        let rest = lanes.remainder();
        let first = base + block.len() - rest.len();
        for (l, &x) in rest.iter().enumerate() {
            a[l] += x * (2.0 * (first + l) as f64 + 1.0);
            t[l] += x;
        }
        acc.add(a.iter().sum());
        total.add(t.iter().sum());
    }
    (acc.value(), total.value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn pairwise(x: &[f64], w: &[f64]) -> f64 {
        let wt: f64 = w.iter().sum();
        let mu: f64 = x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / wt;
        let mut s = 0.0;
        for i in 0..x.len() {
            for j in 0..x.len() {
                s += w[i] * w[j] * (x[i] - x[j]).abs();
            }
        }
        s / (2.0 * wt * wt * mu)
    }

    #[test]
    fn ties_hand_case_from_methods() {
        // methods.md 1.2: x = (1,2,2,5), w = (1,3,2,1) gives 0.2142857 (= 3/14) in both tie orders
        let x = array![1.0, 2.0, 2.0, 5.0];
        let w = array![1.0, 3.0, 2.0, 1.0];
        let g = gini(
            x.view(),
            Some(w.view()),
            GiniCorrection::None,
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((g.value - 3.0 / 14.0).abs() < 1e-15);
        let w2 = array![1.0, 2.0, 3.0, 1.0];
        let g2 = gini(
            x.view(),
            Some(w2.view()),
            GiniCorrection::None,
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((g2.value - 3.0 / 14.0).abs() < 1e-15);
        assert!((pairwise(&[1., 2., 2., 5.], &[1., 3., 2., 1.]) - 3.0 / 14.0).abs() < 1e-15);
    }

    #[test]
    fn edge_cases() {
        let one = array![7.0];
        let g = gini(one.view(), None, GiniCorrection::None, NanPolicy::Raise).unwrap();
        assert_eq!(g.value, 0.0);
        let e = gini(one.view(), None, GiniCorrection::Units, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        let zeros = array![0.0, 0.0, 0.0];
        let e = gini(zeros.view(), None, GiniCorrection::None, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        let equal = array![3.0, 3.0, 3.0];
        let g = gini(equal.view(), None, GiniCorrection::None, NanPolicy::Raise).unwrap();
        assert_eq!(g.value, 0.0);
        // one unit owns everything: (n-1)/n
        let owner = array![0.0, 0.0, 0.0, 10.0];
        let g = gini(owner.view(), None, GiniCorrection::None, NanPolicy::Raise).unwrap();
        assert!((g.value - 0.75).abs() < 1e-15);
        let e = gini(
            owner.view(),
            None,
            GiniCorrection::FrequencyWeights,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }

    #[test]
    fn lasym_corrected_example() {
        // ineq docs (Damgaard & Weiner 2000): nine values 50/9 and one 50 -> Gini(corr=TRUE) = 4/9
        let mut v = vec![50.0 / 9.0; 9];
        v.push(50.0);
        let x = ndarray::Array1::from(v);
        let g = gini(x.view(), None, GiniCorrection::Units, NanPolicy::Raise).unwrap();
        assert!((g.value - 4.0 / 9.0).abs() < 1e-12);
    }
}
