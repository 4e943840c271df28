//! Per-area classification (Einstufung) against the control limits, two-sided p-values that
//! agree with it, and the Benjamini-Hochberg flag (Jones, Ohlssen & Spiegelhalter 2008).
//!
//! ```text
//! class     above k  if p_i > theta0 and p_i > upper limit of the k lowest levels (nested),
//!           below k  if p_i < theta0 and p_i < lower limit of the k lowest levels, else within
//! p-value   exact method:   2 P(R > x_i) if p_i > theta0,  2 P(R <= x_i) if p_i < theta0,
//!                           1 if p_i = theta0  (capped at 1),  R ~ Bin(n_i, theta0)
//!           otherwise:      2 P(Z > |z_i|)  with the (adjusted) z-score
//! BH        sort the m p-values of plotted areas, k = max{j : p_(j) <= j q / m},
//!           flag the areas of p_(1..k)
//! ```
//! The p-values are those of the limits as drawn: an area lies outside the limits of level
//! `L` exactly when its p-value is below `1 - L` (for the exact method this follows from
//! Spiegelhalter's interpolation, see [`limits`](super::limits)).

use crate::dist::{binomial_cdf, binomial_sf, normal_sf};
use crate::error::{Error, Result};

/// Where an area lies relative to the control limits.
///
/// With the default levels (95 %, 99.8 %) `Above(1)` is a warning ("two sigma"), `Above(2)` an
/// alarm ("three sigma"). The count is the number of levels whose limits the area crosses,
/// always the lowest ones, because the limits are nested.
///
/// ```
/// use bildung_core::funnel::FunnelClass;
/// let levels = [0.95, 0.998];
/// assert_eq!(FunnelClass::Above(2).label(&levels), "above 99.8%");
/// assert_eq!(FunnelClass::Below(1).label(&levels), "below 95%");
/// assert_eq!(FunnelClass::Above(2).code(), 2);
/// assert_eq!(FunnelClass::from_code(-1), Some(FunnelClass::Below(1)));
/// assert_eq!(FunnelClass::NotPlotted.code(), FunnelClass::NOT_PLOTTED_CODE);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunnelClass {
    /// Inside the limits of every level.
    Within,
    /// Above the upper limits of the `k` lowest levels (`k >= 1`).
    Above(u8),
    /// Below the lower limits of the `k` lowest levels (`k >= 1`).
    Below(u8),
    /// Not plotted: no denominator (`n = 0`) or a missing count.
    NotPlotted,
}

impl FunnelClass {
    /// The code of [`FunnelClass::NotPlotted`].
    pub const NOT_PLOTTED_CODE: i8 = 127;

    /// A small integer code: 0 within, `k` above, `-k` below, 127 not plotted (the C codes).
    pub const fn code(self) -> i8 {
        match self {
            FunnelClass::Within => 0,
            FunnelClass::Above(k) => k as i8,
            FunnelClass::Below(k) => -(k as i8),
            FunnelClass::NotPlotted => Self::NOT_PLOTTED_CODE,
        }
    }

    /// The class of a code (`None` for codes no class has).
    pub const fn from_code(code: i8) -> Option<FunnelClass> {
        match code {
            0 => Some(FunnelClass::Within),
            Self::NOT_PLOTTED_CODE => Some(FunnelClass::NotPlotted),
            1..=126 => Some(FunnelClass::Above(code as u8)),
            -127..=-1 => Some(FunnelClass::Below(code.unsigned_abs())),
            _ => None,
        }
    }

    /// A label for reports: `"within"`, `"above 99.8%"`, `"below 95%"`, `"not plotted"`, naming
    /// the highest level crossed (`levels` ascending, as in a [`Funnel`](super::Funnel)).
    pub fn label(self, levels: &[f64]) -> String {
        let level = |k: u8| {
            levels
                .get(usize::from(k).saturating_sub(1))
                .map_or_else(|| format!("level {k}"), |&l| level_label(l))
        };
        match self {
            FunnelClass::Within => "within".to_owned(),
            FunnelClass::Above(k) => format!("above {}", level(k)),
            FunnelClass::Below(k) => format!("below {}", level(k)),
            FunnelClass::NotPlotted => "not plotted".to_owned(),
        }
    }

    /// Every class for `n_levels` levels, from far below to far above, then not plotted
    /// (the order of a report's legend).
    ///
    /// ```
    /// use bildung_core::funnel::FunnelClass;
    /// let labels: Vec<String> =
    ///     FunnelClass::all(2).iter().map(|c| c.label(&[0.95, 0.998])).collect();
    /// assert_eq!(labels, ["below 99.8%", "below 95%", "within", "above 95%", "above 99.8%",
    ///                     "not plotted"]);
    /// ```
    pub fn all(n_levels: usize) -> Vec<FunnelClass> {
        let k = u8::try_from(n_levels).unwrap_or(u8::MAX).min(126);
        let mut v: Vec<FunnelClass> = (1..=k).rev().map(FunnelClass::Below).collect();
        v.push(FunnelClass::Within);
        v.extend((1..=k).map(FunnelClass::Above));
        v.push(FunnelClass::NotPlotted);
        v
    }
}

/// A level as a percentage label: 0.95 -> `"95%"`, 0.998 -> `"99.8%"`.
pub fn level_label(level: f64) -> String {
    let text = format!("{:.10}", level * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// The class of proportion `p` against unclamped limits of ascending levels around `theta0`.
pub(crate) fn classify(p: f64, theta0: f64, lower: &[f64], upper: &[f64]) -> FunnelClass {
    let above = if p > theta0 {
        upper.iter().filter(|&&u| p > u).count()
    } else {
        0
    };
    let below = if p < theta0 {
        lower.iter().filter(|&&l| p < l).count()
    } else {
        0
    };
    let count = |k: usize| u8::try_from(k).unwrap_or(u8::MAX);
    if above > 0 {
        FunnelClass::Above(count(above))
    } else if below > 0 {
        FunnelClass::Below(count(below))
    } else {
        FunnelClass::Within
    }
}

/// Two-sided exact p-value of `x` events out of `n` under `Bin(n, theta0)`, as the interpolated
/// limits classify: `2 P(R > x)` above `theta0`, `2 P(R <= x)` below, capped at 1.
pub(crate) fn exact_p_value(x: f64, n: f64, theta0: f64) -> f64 {
    let p = x / n;
    let tail = if p > theta0 {
        binomial_sf(x, n, theta0)
    } else if p < theta0 {
        binomial_cdf(x, n, theta0)
    } else {
        0.5
    };
    (2.0 * tail).min(1.0)
}

/// Two-sided normal p-value `2 P(Z > |z|)`.
pub(crate) fn normal_p_value(z: f64) -> f64 {
    (2.0 * normal_sf(z.abs())).min(1.0)
}

/// Benjamini-Hochberg step-up flags at false discovery rate `fdr` (Benjamini & Hochberg 1995;
/// as `statsmodels.stats.multitest.multipletests(method="fdr_bh")`).
///
/// ```text
/// m = number of non-NaN p-values; sort ascending; k = max{j : p_(j) <= j fdr / m};
/// flag the areas with the k smallest p-values (none if no j qualifies)
/// ```
/// NaN p-values (areas not plotted) are never flagged and do not count in `m`.
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) unless `0 < fdr < 1`.
///
/// # Example
/// ```
/// use bildung_core::funnel::benjamini_hochberg;
/// let p = [0.01, 0.04, 0.03, 0.20, f64::NAN];
/// // m = 4: 0.01 <= 0.0125, 0.03 <= 0.025? no; 0.04 <= 0.0375? no
/// assert_eq!(benjamini_hochberg(&p, 0.05)?, [true, false, false, false, false]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn benjamini_hochberg(p: &[f64], fdr: f64) -> Result<Vec<bool>> {
    check_fdr(fdr)?;
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let m = order.len() as f64;
    let k = order
        .iter()
        .enumerate()
        .rev()
        .find(|&(j, &i)| p[i] <= (j + 1) as f64 * fdr / m)
        .map_or(0, |(j, _)| j + 1);
    let mut flags = vec![false; p.len()];
    for &i in &order[..k] {
        flags[i] = true;
    }
    Ok(flags)
}

/// Check a false discovery rate: `0 < fdr < 1`.
pub(crate) fn check_fdr(fdr: f64) -> Result<()> {
    if fdr > 0.0 && fdr < 1.0 {
        Ok(())
    } else {
        Err(Error::parameter(
            "fdr",
            fdr,
            "the false discovery rate must lie strictly between 0 and 1 (e.g. 0.05)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in FunnelClass::all(3) {
            assert_eq!(FunnelClass::from_code(c.code()), Some(c));
        }
        assert_eq!(FunnelClass::from_code(-128), None);
        assert_eq!(level_label(0.998), "99.8%");
        assert_eq!(level_label(0.95), "95%");
        assert_eq!(level_label(0.9), "90%");
        assert_eq!(FunnelClass::Above(3).label(&[0.9]), "above level 3");
    }

    #[test]
    fn classification() {
        let lower = [0.05, 0.02];
        let upper = [0.12, 0.15];
        let c = |p: f64| classify(p, 0.08, &lower, &upper);
        assert_eq!(c(0.10), FunnelClass::Within);
        assert_eq!(c(0.13), FunnelClass::Above(1));
        assert_eq!(c(0.20), FunnelClass::Above(2));
        assert_eq!(c(0.03), FunnelClass::Below(1));
        assert_eq!(c(0.00), FunnelClass::Below(2));
        assert_eq!(c(0.12), FunnelClass::Within); // on the line
        // an upper limit below theta0 (tiny n theta0, exact method) flags no area at or under it
        assert_eq!(
            classify(0.0, 1e-6, &[-0.4], &[-0.0003]),
            FunnelClass::Within
        );
    }

    #[test]
    fn bh_matches_hand_calculation() {
        // m = 5, q = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05; sorted p 0.001, 0.008,
        // 0.039, 0.041, 0.2: largest j with p_(j) <= j q/m is j = 2 (0.039 > 0.03, 0.041 > 0.04)
        let p = [0.041, 0.001, 0.2, 0.039, 0.008];
        assert_eq!(
            benjamini_hochberg(&p, 0.05).unwrap(),
            [false, true, false, false, true]
        );
        // step-up: a later p below its threshold rescues earlier ones
        let p = [0.012, 0.013, 0.02];
        assert_eq!(benjamini_hochberg(&p, 0.06).unwrap(), [true, true, true]);
        assert!(benjamini_hochberg(&[], 0.05).unwrap().is_empty());
        assert!(benjamini_hochberg(&p, 0.0).is_err());
        assert!(benjamini_hochberg(&p, f64::NAN).is_err());
    }

    #[test]
    fn p_values() {
        assert!((normal_p_value(1.959963984540054) - 0.05).abs() < 1e-14);
        assert_eq!(normal_p_value(0.0), 1.0);
        // x = n: P(R > n) = 0
        assert_eq!(exact_p_value(5.0, 5.0, 0.3), 0.0);
        // Bin(1, 0.5), x = 0: below theta0, 2 P(R <= 0) = 1
        assert_eq!(exact_p_value(0.0, 1.0, 0.5), 1.0);
        assert_eq!(exact_p_value(1.0, 2.0, 0.5), 1.0);
        // Bin(3, 1e-6), x = 0: below theta0, not a small upper-tail p-value
        assert_eq!(exact_p_value(0.0, 3.0, 1e-6), 1.0);
    }
}
