//! Overdispersion (Überdispersion) of area proportions around a target: winsorised z-scores,
//! the multiplicative dispersion factor `phi` with its chi-square test, and the additive
//! random-effects variance `tau²` (Spiegelhalter 2005; DerSimonian-Laird type as R
//! `FunnelPlotR::tau_func`; methods.md 3.7).
//!
//! ```text
//! z_i   = (y_i - c) / s_i           y_i = p_i, c = theta0, s_i = sqrt(theta0 (1 - theta0)/n_i)
//!                                   (arcsine: y_i = asin(sqrt(p_i)), c = asin(sqrt(theta0)),
//!                                    s_i = 1/(2 sqrt(n_i)))
//! z_w   = z winsorised at its type-7 quantiles Q(w) and Q(1 - w) (w = 0.1 by default)
//! phi   = sum z_w² / I                                   I = number of plotted areas
//! test  I phi ~ chi²(I - 1)  under no overdispersion,  p = P(chi²_{I-1} > I phi)
//! tau²  = max(0, (I phi - (I - 1)) / (sum w_i - sum w_i² / sum w_i)),   w_i = 1/s_i²
//! ```
//! With fewer than [`FEW_AREAS`] areas phi is poorly determined ([`Dispersion::few_areas`]).

use crate::inequality::{QuantileRule, quantiles_of_sorted_values};
use crate::sum::NeumaierSum;

/// Below this many plotted areas an overdispersion estimate is flagged as poorly determined
/// ([`Flags::FEW_AREAS`](crate::Flags::FEW_AREAS)).
pub const FEW_AREAS: usize = 15;

/// The overdispersion of a funnel's areas around its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    /// `I`: plotted areas the estimate rests on.
    pub n_areas: usize,
    /// The winsorising share `w` (0.1: at the 10 % and 90 % quantiles).
    pub winsorize: f64,
    /// Lower winsorising limit `Q(w)` of the z-scores.
    pub winsor_lower: f64,
    /// Upper winsorising limit `Q(1 - w)` of the z-scores.
    pub winsor_upper: f64,
    /// The multiplicative dispersion factor `phi = sum z_w² / I` (1 without overdispersion).
    pub phi: f64,
    /// The test statistic `I phi`.
    pub chi2: f64,
    /// Its degrees of freedom `I - 1`.
    pub df: usize,
    /// `P(chi²_{I-1} > I phi)`: small values indicate overdispersion.
    pub p_value: f64,
    /// The additive between-area variance `tau²` (0 when `I phi <= I - 1`).
    pub tau2: f64,
    /// True when `I <` [`FEW_AREAS`]: phi and tau² are poorly determined.
    pub few_areas: bool,
}

/// Estimate the dispersion from the z-scores and standard errors of the plotted areas
/// (`z.len() == s.len() >= 2`, all finite; `winsorize` in `[0, 0.5)`).
pub(crate) fn estimate(z: &[f64], s: &[f64], winsorize: f64) -> Dispersion {
    let i = z.len();
    let mut sorted = z.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = quantiles_of_sorted_values(sorted, &[winsorize, 1.0 - winsorize], QuantileRule::Linear);
    let (lo, hi) = (q[0], q[1]);
    let mut sum_sq = NeumaierSum::new();
    for &zi in z {
        let zw = zi.clamp(lo, hi);
        sum_sq.add(zw * zw);
    }
    let phi = sum_sq.value() / i as f64;
    let chi2 = i as f64 * phi;
    let df = i - 1;
    let p_value = crate::dist::chi2_sf(chi2, df as f64);
    let (mut sw, mut sw2) = (NeumaierSum::new(), NeumaierSum::new());
    for &si in s {
        let w = 1.0 / (si * si);
        sw.add(w);
        sw2.add(w * w);
    }
    let (sw, sw2) = (sw.value(), sw2.value());
    let excess = chi2 - df as f64;
    let tau2 = if excess <= 0.0 {
        0.0
    } else {
        (excess / (sw - sw2 / sw)).max(0.0)
    };
    Dispersion {
        n_areas: i,
        winsorize,
        winsor_lower: lo,
        winsor_upper: hi,
        phi,
        chi2,
        df,
        p_value,
        tau2,
        few_areas: i < FEW_AREAS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// methods.md 3.7 overdispersion example, z-scores and standard errors written out from
    /// theta0 = 178/2110 (x and n as in the methods text).
    #[test]
    fn methods_example() {
        let n = [
            40., 55., 80., 120., 150., 60., 35., 200., 90., 70., 110., 45.,
        ];
        let x = [2., 9., 4., 14., 9., 3., 6., 12., 12., 3., 8., 7.];
        let t: f64 = 178.0 / 2110.0;
        let s: Vec<f64> = n.iter().map(|&ni| (t * (1.0 - t) / ni).sqrt()).collect();
        let z: Vec<f64> = x
            .iter()
            .zip(&n)
            .zip(&s)
            .map(|((&xi, &ni), &si)| (xi / ni - t) / si)
            .collect();
        let d = estimate(&z, &s, 0.1);
        assert!((d.winsor_lower + 1.2262).abs() < 5e-5);
        assert!((d.winsor_upper - 1.8399).abs() < 5e-5);
        assert!((d.phi - 1.7702).abs() < 5e-5);
        assert!((d.chi2 - 21.24).abs() < 5e-3);
        assert!((d.p_value - 0.031).abs() < 5e-4);
        assert!((d.tau2 - 0.00084043).abs() < 5e-9);
        assert_eq!(d.df, 11);
        assert!(d.few_areas);
    }

    #[test]
    fn no_excess_gives_zero_tau2() {
        let z = [0.1, -0.2, 0.3, -0.1];
        let s = [0.1, 0.2, 0.1, 0.3];
        let d = estimate(&z, &s, 0.1);
        assert_eq!(d.tau2, 0.0);
        assert!(d.phi < 1.0);
    }
}
