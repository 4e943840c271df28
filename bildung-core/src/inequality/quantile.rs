//! Quantiles (Hyndman-Fan types 1-9) and percentile ratios such as P90/P10.

use ndarray::ArrayView1;

use super::sorted::Sorted;
use crate::error::{Error, Result};
use crate::input::{
    Estimate, Flags, NanPolicy, Prepared, Sign, check_unit_interval, estimate, prepare,
};

/// Sample quantile definition, after Hyndman & Fan (1996), with numpy's names.
///
/// With weights, `n` below is the total weight `W` and `x_(j)` is the value at expanded position
/// `j` (the first unit whose cumulative weight reaches `j`), so for integer weights every rule gives
/// the quantile of the data with each value repeated `w_i` times.
///
/// ```text
/// types 4-9:  h = n p + m,  j = floor(h),  g = h - j,  Q = (1-g) x_(j) + g x_(j+1)
///   m: type 4 = 0, 5 = 1/2, 6 = p, 7 = 1 - p, 8 = (p+1)/3, 9 = p/4 + 3/8
/// type 1: x_(ceil(n p))      (inverse of the empirical distribution function)
/// type 2: as type 1, averaging x_(np) and x_(np+1) where n p is an integer
/// type 3: x_(k), k = the integer nearest to n p - 1/2, ties to the even one
/// ```
/// `x_(0)` is read as `x_(1)` and `x_(n+1)` as `x_(n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QuantileRule {
    /// Type 1, `inverted_cdf`: `min{x : F(x) >= p}`.
    InvertedCdf,
    /// Type 2, `averaged_inverted_cdf`.
    AveragedInvertedCdf,
    /// Type 3, `closest_observation` (SAS definition 2).
    ClosestObservation,
    /// Type 4, `interpolated_inverted_cdf`.
    InterpolatedInvertedCdf,
    /// Type 5, `hazen`.
    Hazen,
    /// Type 6, `weibull` (SPSS, Minitab).
    Weibull,
    /// Type 7, `linear`: the default of R and numpy. The default here.
    #[default]
    Linear,
    /// Type 8, `median_unbiased` (recommended by Hyndman & Fan).
    MedianUnbiased,
    /// Type 9, `normal_unbiased`.
    NormalUnbiased,
}

impl QuantileRule {
    /// Every rule, in type order.
    pub const ALL: [QuantileRule; 9] = [
        QuantileRule::InvertedCdf,
        QuantileRule::AveragedInvertedCdf,
        QuantileRule::ClosestObservation,
        QuantileRule::InterpolatedInvertedCdf,
        QuantileRule::Hazen,
        QuantileRule::Weibull,
        QuantileRule::Linear,
        QuantileRule::MedianUnbiased,
        QuantileRule::NormalUnbiased,
    ];

    /// Hyndman-Fan type number (1..=9).
    pub const fn hyndman_fan_type(self) -> u32 {
        match self {
            QuantileRule::InvertedCdf => 1,
            QuantileRule::AveragedInvertedCdf => 2,
            QuantileRule::ClosestObservation => 3,
            QuantileRule::InterpolatedInvertedCdf => 4,
            QuantileRule::Hazen => 5,
            QuantileRule::Weibull => 6,
            QuantileRule::Linear => 7,
            QuantileRule::MedianUnbiased => 8,
            QuantileRule::NormalUnbiased => 9,
        }
    }

    /// The rule of Hyndman-Fan type `t`.
    pub fn from_type(t: u32) -> Result<QuantileRule> {
        Self::ALL
            .into_iter()
            .find(|r| r.hyndman_fan_type() == t)
            .ok_or_else(|| Error::parameter("rule", t, "Hyndman-Fan quantile types are 1..=9"))
    }

    /// numpy's name of the rule (`"linear"`, `"inverted_cdf"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            QuantileRule::InvertedCdf => "inverted_cdf",
            QuantileRule::AveragedInvertedCdf => "averaged_inverted_cdf",
            QuantileRule::ClosestObservation => "closest_observation",
            QuantileRule::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            QuantileRule::Hazen => "hazen",
            QuantileRule::Weibull => "weibull",
            QuantileRule::Linear => "linear",
            QuantileRule::MedianUnbiased => "median_unbiased",
            QuantileRule::NormalUnbiased => "normal_unbiased",
        }
    }

    /// Parse numpy's name, or `"type1"` .. `"type9"`.
    pub fn from_name(name: &str) -> Result<QuantileRule> {
        if let Some(t) = name.strip_prefix("type")
            && let Ok(t) = t.parse::<u32>()
        {
            return Self::from_type(t);
        }
        Self::ALL.into_iter().find(|r| r.name() == name).ok_or_else(|| {
            Error::parameter(
                "rule",
                format!("{name:?}"),
                "expected a numpy quantile method name (\"linear\", \"inverted_cdf\", ...) or \"type1\"..\"type9\"",
            )
        })
    }
}

/// The p-quantile of sorted units under `rule`.
pub(crate) fn quantile_of_sorted(s: &Sorted, cum: &[f64], p: f64, rule: QuantileRule) -> f64 {
    let n = if cum.is_empty() {
        s.len() as f64
    } else {
        cum[cum.len() - 1]
    };
    let at = |k: f64| s.at_position(cum, k);
    let np = n * p;
    match rule {
        QuantileRule::InvertedCdf => at(np),
        QuantileRule::AveragedInvertedCdf => {
            let j = np.floor();
            if np == j && j >= 1.0 && j < n {
                0.5 * (at(j) + at(j + 1.0))
            } else {
                at(np)
            }
        }
        QuantileRule::ClosestObservation => {
            let h = np - 0.5;
            let j = h.floor();
            let k = if h == j && j % 2.0 == 0.0 { j } else { j + 1.0 };
            at(k)
        }
        _ => {
            let m = match rule {
                QuantileRule::InterpolatedInvertedCdf => 0.0,
                QuantileRule::Hazen => 0.5,
                QuantileRule::Weibull => p,
                QuantileRule::Linear => 1.0 - p,
                QuantileRule::MedianUnbiased => (p + 1.0) / 3.0,
                _ => p / 4.0 + 3.0 / 8.0,
            };
            let h = (np + m).clamp(1.0, n.max(1.0));
            let j = h.floor();
            let g = h - j;
            let lo = at(j);
            if g == 0.0 {
                lo
            } else {
                let hi = at(j + 1.0);
                lo + g * (hi - lo)
            }
        }
    }
}

/// Unweighted quantiles of values already sorted ascending (any sign, no NaN), one per `p`:
/// the same Hyndman-Fan rules for other modules (the funnel's winsorisation of z-scores).
/// NaN for every `p` when `sorted` is empty.
pub(crate) fn quantiles_of_sorted_values(
    sorted: Vec<f64>,
    p: &[f64],
    rule: QuantileRule,
) -> Vec<f64> {
    if sorted.is_empty() {
        return vec![f64::NAN; p.len()];
    }
    let s = Sorted::Unweighted(sorted);
    p.iter()
        .map(|&pk| quantile_of_sorted(&s, &[], pk, rule))
        .collect()
}

/// The p-quantile of `x` with optional frequency weights.
///
/// ```text
/// see QuantileRule;  default type 7: h = (n-1) p + 1,  Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h))
/// ```
///
/// # Errors
/// As for [`gini`](super::gini) (negative values are rejected: this module is for non-negative
/// quantities); `p` outside `[0, 1]` is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::{quantile, QuantileRule}};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let p10 = quantile(x.view(), None, 0.1, QuantileRule::Linear, NanPolicy::Raise).unwrap();
/// assert!((p10.value - 1370.8).abs() < 1e-9);
/// ```
pub fn quantile(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    p: f64,
    rule: QuantileRule,
    nan: NanPolicy,
) -> Result<Estimate> {
    check_unit_interval("p", p)?;
    estimate("quantile", x, weights, nan, |u| {
        let s = Sorted::new(u);
        let cum = s.cumulative_weights();
        Ok((quantile_of_sorted(&s, &cum, p, rule), Flags::NONE))
    })
}

/// Several quantiles of one sample, from one sort.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantiles {
    /// The probabilities asked for, in the order given.
    pub p: Vec<f64>,
    /// `Q(p)` for each `p` (all NaN when a missing value was propagated).
    pub values: Vec<f64>,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing.
    pub n_dropped: usize,
    /// Units left out for weight 0.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`] when a missing value made every value NaN.
    pub flags: Flags,
}

/// The quantiles of `x` at every probability in `p` (one sort for all of them), e.g. the deciles
/// of a share across Ortsteile.
///
/// ```text
/// Q(p_k) for k = 1..m, each as in `quantile`
/// ```
///
/// # Errors
/// As for [`quantile`]; any `p_k` outside `[0, 1]` (or NaN) is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter). An empty `p` gives empty
/// results.
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::{quantiles, QuantileRule}};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let q = quantiles(x.view(), None, array![0.1, 0.9].view(), QuantileRule::Linear, NanPolicy::Raise)
///     .unwrap();
/// assert!((q.values[0] - 1370.8).abs() < 1e-9);
/// assert!((q.values[1] - 12939.7).abs() < 1e-9);
/// ```
pub fn quantiles(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    p: ArrayView1<'_, f64>,
    rule: QuantileRule,
    nan: NanPolicy,
) -> Result<Quantiles> {
    for &pk in p {
        check_unit_interval("p", pk)?;
    }
    let p = p.to_vec();
    match prepare(x, weights, None, nan, Sign::NonNegative, "quantiles")? {
        Prepared::Propagate { n } => Ok(Quantiles {
            values: vec![f64::NAN; p.len()],
            p,
            n_used: n,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }),
        Prepared::Units(u) => {
            let s = Sorted::new(&u);
            let cum = s.cumulative_weights();
            Ok(Quantiles {
                values: p
                    .iter()
                    .map(|&pk| quantile_of_sorted(&s, &cum, pk, rule))
                    .collect(),
                p,
                n_used: u.n_used(),
                n_dropped: u.n_dropped(),
                n_empty: u.n_empty(),
                flags: Flags::NONE,
            })
        }
    }
}

/// Percentile ratio `Q(upper) / Q(lower)`, e.g. P90/P10 (Perzentilverhältnis).
///
/// ```text
/// P90/P10 = Q(0.9) / Q(0.1),   Q by the chosen QuantileRule (default type 7, "linear")
/// ```
///
/// # Errors
/// As for [`quantile`]; `lower >= upper` is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter); `Q(lower) = 0` is
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, inequality::{percentile_ratio, QuantileRule}};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let r = percentile_ratio(x.view(), None, 0.9, 0.1, QuantileRule::Linear, NanPolicy::Raise);
/// assert!((r.unwrap().value - 9.4395).abs() < 1e-4);
/// ```
pub fn percentile_ratio(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    upper: f64,
    lower: f64,
    rule: QuantileRule,
    nan: NanPolicy,
) -> Result<Estimate> {
    check_unit_interval("upper", upper)?;
    check_unit_interval("lower", lower)?;
    if lower >= upper {
        return Err(Error::parameter(
            "lower",
            lower,
            format!("must be below upper = {upper}"),
        ));
    }
    estimate("percentile ratio", x, weights, nan, |u| {
        let s = Sorted::new(u);
        let cum = s.cumulative_weights();
        let lo = quantile_of_sorted(&s, &cum, lower, rule);
        if lo <= 0.0 {
            return Err(Error::undefined(
                "percentile ratio",
                "the lower quantile is 0",
            ));
        }
        Ok((quantile_of_sorted(&s, &cum, upper, rule) / lo, Flags::NONE))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Quantiles of x = (1, 2, 3, 4, 10), worked out by hand from the Hyndman-Fan definitions (n = 5).
    #[test]
    fn nine_types_hand_values() {
        let x = array![4.0, 1.0, 10.0, 3.0, 2.0];
        let q = |p: f64, r: QuantileRule| {
            quantile(x.view(), None, p, r, NanPolicy::Raise)
                .unwrap()
                .value
        };
        // p = 0.3: np = 1.5
        assert_eq!(q(0.3, QuantileRule::InvertedCdf), 2.0); // x_(2)
        assert_eq!(q(0.3, QuantileRule::AveragedInvertedCdf), 2.0); // not integer: x_(2)
        assert_eq!(q(0.3, QuantileRule::ClosestObservation), 2.0); // np - 1/2 = 1, odd -> x_(2)
        assert_eq!(q(0.3, QuantileRule::InterpolatedInvertedCdf), 1.5); // h = 1.5
        assert_eq!(q(0.3, QuantileRule::Hazen), 2.0); // h = 2.0
        assert!((q(0.3, QuantileRule::Weibull) - 1.8).abs() < 1e-12); // h = 1.8
        assert!((q(0.3, QuantileRule::Linear) - 2.2).abs() < 1e-12); // h = 2.2
        // p = 0.4: np = 2 (integer)
        assert_eq!(q(0.4, QuantileRule::InvertedCdf), 2.0);
        assert_eq!(q(0.4, QuantileRule::AveragedInvertedCdf), 2.5);
        // p = 0.9, type 7: h = 4.6 -> 4 + 0.6 * 6 = 7.6
        assert!((q(0.9, QuantileRule::Linear) - 7.6).abs() < 1e-12);
        assert_eq!(q(0.0, QuantileRule::Linear), 1.0);
        assert_eq!(q(1.0, QuantileRule::Linear), 10.0);
    }

    #[test]
    fn quantiles_match_single_quantiles_and_propagate() {
        let x = array![4.0, 1.0, 10.0, 3.0, 2.0];
        let w = array![1.0, 2.0, 1.0, 3.0, 1.0];
        let ps = array![0.0, 0.3, 0.4, 0.9, 1.0];
        for rule in QuantileRule::ALL {
            let q = quantiles(x.view(), Some(w.view()), ps.view(), rule, NanPolicy::Raise).unwrap();
            for (k, &p) in ps.iter().enumerate() {
                let single = quantile(x.view(), Some(w.view()), p, rule, NanPolicy::Raise).unwrap();
                assert_eq!(q.values[k], single.value);
            }
        }
        let nan = array![1.0, f64::NAN];
        let q = quantiles(
            nan.view(),
            None,
            ps.view(),
            QuantileRule::Linear,
            NanPolicy::Propagate,
        )
        .unwrap();
        assert!(q.values.iter().all(|v| v.is_nan()));
        let bad = array![0.5, f64::NAN];
        assert!(
            quantiles(
                x.view(),
                None,
                bad.view(),
                QuantileRule::Linear,
                NanPolicy::Raise
            )
            .is_err()
        );
    }
}
