//! Lorenz curve (Lorenzkurve), Hoover index and the Lorenz-based share ratios (Palma, S80/S20).

use ndarray::ArrayView1;

use super::sorted::{Sorted, positive_mean};
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy, Prepared, Sign, estimate, prepare};
use crate::sum::NeumaierSum;

/// Points of a Lorenz curve, starting at `(0, 0)` and ending at `(1, 1)`.
///
/// Between the points the curve is linear (equality within each unit); tied values are merged
/// into one point, so a weighted curve and the curve of the replicated data have the same points.
#[derive(Debug, Clone, PartialEq)]
pub struct LorenzCurve {
    /// Cumulative population share `p_k = C_k / W`.
    pub population_share: Vec<f64>,
    /// Cumulative value share `L_k = sum_{j<=k} w_j x_j / S`.
    pub value_share: Vec<f64>,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing.
    pub n_dropped: usize,
    /// Units left out for weight 0.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`] when a missing value made the curve empty.
    pub flags: Flags,
}

impl LorenzCurve {
    /// The value share `L(p)` at population share `p` in `[0, 1]`, by linear interpolation
    /// between the points. NaN for an empty (propagated) curve, for `p` outside `[0, 1]` and for
    /// a curve whose two vectors differ in length (possible only if built by hand).
    ///
    /// ```
    /// use bildung_core::{NanPolicy, inequality::lorenz_curve};
    /// use ndarray::array;
    /// let c = lorenz_curve(array![1.0, 3.0].view(), None, NanPolicy::Raise).unwrap();
    /// assert_eq!(c.share_at(0.5), 0.25);
    /// assert_eq!(c.share_at(0.75), 0.625);
    /// ```
    pub fn share_at(&self, p: f64) -> f64 {
        let ps = &self.population_share;
        let ls = &self.value_share;
        if ps.is_empty() || ps.len() != ls.len() || !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let k = ps.partition_point(|&q| q < p);
        if k == 0 {
            return ls[0];
        }
        if k >= ps.len() {
            return ls[ls.len() - 1];
        }
        let (p0, p1, l0, l1) = (ps[k - 1], ps[k], ls[k - 1], ls[k]);
        if p1 == p0 {
            return l1;
        }
        l0 + (l1 - l0) * (p - p0) / (p1 - p0)
    }
}

/// Lorenz curve points of `x` with optional weights.
///
/// ```text
/// sort ascending;  p_k = C_k / W,  L_k = sum_{j<=k} w_j x_j / S,  plus (0, 0)
/// ```
/// Ties are merged into one point. Under [`NanPolicy::Propagate`] a missing value gives an empty
/// curve flagged [`Flags::MISSING_PROPAGATED`].
///
/// # Errors
/// As for [`gini`](super::gini); all values 0 is [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::lorenz_curve};
/// use ndarray::array;
/// let c = lorenz_curve(array![2.0, 1.0, 1.0].view(), None, NanPolicy::Raise).unwrap();
/// assert_eq!(c.population_share, vec![0.0, 2.0 / 3.0, 1.0]);
/// assert_eq!(c.value_share, vec![0.0, 0.5, 1.0]);
/// ```
pub fn lorenz_curve(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<LorenzCurve> {
    match prepare(x, weights, None, nan, Sign::NonNegative, "lorenz curve")? {
        Prepared::Propagate { n } => Ok(LorenzCurve {
            population_share: Vec::new(),
            value_share: Vec::new(),
            n_used: n,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }),
        Prepared::Units(u) => Ok(LorenzCurve {
            n_used: u.n_used(),
            n_dropped: u.n_dropped(),
            n_empty: u.n_empty(),
            ..lorenz_of_sorted(&Sorted::new(&u))?
        }),
    }
}

/// Lorenz curve of sorted units (ties merged); `n_used`/`n_dropped` left 0 for the caller.
pub(crate) fn lorenz_of_sorted(s: &Sorted) -> Result<LorenzCurve> {
    let mut p = vec![0.0];
    let mut l = vec![0.0];
    let mut c = NeumaierSum::new();
    let mut cs = NeumaierSum::new();
    let n = s.len();
    for i in 0..n {
        let (xi, wi) = s.get(i);
        c.add(wi);
        cs.add(wi * xi);
        if i + 1 == n || s.get(i + 1).0 != xi {
            p.push(c.value());
            l.push(cs.value());
        }
    }
    let (w, t) = (c.value(), cs.value());
    if t <= 0.0 {
        return Err(Error::undefined(
            "lorenz curve",
            "zero total (all values are 0)",
        ));
    }
    for v in &mut p {
        *v /= w;
    }
    for v in &mut l {
        *v /= t;
    }
    Ok(LorenzCurve {
        population_share: p,
        value_share: l,
        n_used: 0,
        n_dropped: 0,
        n_empty: 0,
        flags: Flags::NONE,
    })
}

/// Hoover index (Robin-Hood-, Pietra- or Schutz-Index): the share of the total that would have to
/// move between units to reach equality.
///
/// ```text
/// H = sum_i w_i |x_i - mu| / (2 W mu)  =  max_k (p_k - L_k)
/// ```
/// Range `[0, 1 - w_min/W]`. O(n), no sort.
///
/// # Errors
/// As for [`gini`](super::gini); all values 0 is [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::hoover};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let h = hoover(x.view(), None, NanPolicy::Raise).unwrap();
/// assert!((h.value - 0.3378067).abs() < 1e-7);
/// ```
pub fn hoover(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<Estimate> {
    estimate("hoover", x, weights, nan, |u| {
        let (mu, w) = positive_mean("hoover", u.iter())?;
        let dev = crate::sum::neumaier_sum(u.iter().map(|(xi, wi)| wi * (xi - mu).abs()));
        Ok((dev / (2.0 * w * mu), Flags::NONE))
    })
}

/// `(1 - L(top)) / L(bottom)` from the Lorenz curve.
fn share_ratio(
    measure: &'static str,
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
    top: f64,
    bottom: f64,
) -> Result<Estimate> {
    estimate(measure, x, weights, nan, |u| {
        let curve = lorenz_of_sorted(&Sorted::new(u))?;
        let low = curve.share_at(bottom);
        if low <= 0.0 {
            return Err(Error::undefined(measure, "empty bottom share (L = 0)"));
        }
        Ok(((1.0 - curve.share_at(top)) / low, Flags::NONE))
    })
}

/// Palma ratio (Palma-Verhältnis): the top 10 % share over the bottom 40 % share.
///
/// ```text
/// Palma = (1 - L(0.9)) / L(0.4)      L by linear interpolation of the Lorenz curve
/// ```
/// Range `[0.25, inf)` (0.25 at equality: 10 % over 40 %).
///
/// # Errors
/// As for [`gini`](super::gini); `L(0.4) = 0` is
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) ("empty bottom share").
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::palma};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// assert!((palma(x.view(), None, NanPolicy::Raise).unwrap().value - 2.8225).abs() < 1e-4);
/// ```
pub fn palma(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<Estimate> {
    share_ratio("palma ratio", x, weights, nan, 0.9, 0.4)
}

/// Quintile share ratio S80/S20 (Einkommensquintilverhältnis): the top 20 % share over the
/// bottom 20 % share.
///
/// ```text
/// S80/S20 = (1 - L(0.8)) / L(0.2)    L by linear interpolation of the Lorenz curve
/// ```
/// Range `[1, inf)`.
///
/// # Errors
/// As for [`gini`](super::gini); `L(0.2) = 0` is
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) ("empty bottom share").
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::s80_s20};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// assert!((s80_s20(x.view(), None, NanPolicy::Raise).unwrap().value - 17.0484).abs() < 1e-4);
/// ```
pub fn s80_s20(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    nan: NanPolicy,
) -> Result<Estimate> {
    share_ratio("s80/s20 ratio", x, weights, nan, 0.8, 0.2)
}
