//! The small-area section of `bildung report`: the share of leavers without Hauptschulabschluss
//! of every Kreis with a 95 % Wilson interval, a beta-binomial empirical-Bayes estimate and its
//! funnel-plot class (exact binomial limits at 95 % and 99.8 % around the pooled share, plain and
//! with the additive random-effects widening for overdispersion).
//!
//! All arithmetic comes from [`bildung_core::rates`], [`bildung_core::smallarea`] and
//! [`bildung_core::funnel`]; this module selects the Kreise, calls them and prints.

use bildung_core::funnel::{self, Funnel, FunnelClass, FunnelOptions, Overdispersion};
use bildung_core::inequality::{self, QuantileRule};
use bildung_core::rates::{self, Intervals, ProportionMethod};
use bildung_core::smallarea::{self, BetaBinomialEb, BetaBinomialParams};
use bildung_core::{AreaStatus, NanPolicy};
use ndarray::Array1;

use crate::Error;

/// Confidence level of the Wilson intervals and the EB intervals.
pub const LEVEL: f64 = 0.95;

/// Per-Kreis uncertainty of the share without Hauptschulabschluss.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallArea {
    /// Indexes (into the report's units) of the Kreise with counts, in unit order.
    pub units: Vec<usize>,
    /// Leavers per Kreis (`n`).
    pub leavers: Vec<u64>,
    /// Leavers without HSA per Kreis (`x`).
    pub without: Vec<u64>,
    /// 95 % Wilson intervals of `x / n`.
    pub wilson: Intervals,
    /// Beta-binomial EB estimates (ML prior) with 95 % EB intervals.
    pub eb: BetaBinomialEb,
    /// Funnel with exact limits around the pooled share, no widening.
    pub funnel: Funnel,
    /// The same with the additive random-effects (tau²) widening.
    pub funnel_adjusted: Funnel,
}

impl SmallArea {
    /// Compute the section from `(unit index, leavers, without)` of the Kreise with counts.
    pub fn compute(counts: &[(usize, u64, u64)]) -> Result<SmallArea, Error> {
        let n: Array1<f64> = counts.iter().map(|&(_, n, _)| n as f64).collect();
        let x: Array1<f64> = counts.iter().map(|&(_, _, x)| x as f64).collect();
        let nan = NanPolicy::Raise;
        let fail = |what: &'static str| move |source| Error::Core { what, source };
        let wilson = rates::proportion_ci(x.view(), n.view(), ProportionMethod::Wilson, LEVEL, nan)
            .map_err(fail("Wilson intervals"))?;
        let eb_params = BetaBinomialParams {
            level: LEVEL,
            ..BetaBinomialParams::default()
        };
        let eb = smallarea::beta_binomial_eb(x.view(), n.view(), &eb_params, nan)
            .map_err(fail("beta-binomial empirical Bayes"))?;
        let plain = FunnelOptions::default();
        let funnel =
            funnel::funnel(x.view(), n.view(), &plain).map_err(fail("funnel plot limits"))?;
        let adjusted = FunnelOptions {
            overdispersion: Overdispersion::Additive,
            ..FunnelOptions::default()
        };
        let funnel_adjusted = funnel::funnel(x.view(), n.view(), &adjusted)
            .map_err(fail("funnel plot limits with overdispersion"))?;
        Ok(SmallArea {
            units: counts.iter().map(|&(i, _, _)| i).collect(),
            leavers: counts.iter().map(|&(_, n, _)| n).collect(),
            without: counts.iter().map(|&(_, _, x)| x).collect(),
            wilson,
            eb,
            funnel,
            funnel_adjusted,
        })
    }

    /// Position of unit `unit` in this section, if it has counts.
    pub fn position(&self, unit: usize) -> Option<usize> {
        self.units.binary_search(&unit).ok()
    }

    /// Number of Kreise in each class of a funnel: (above 95 %, above 99.8 %, below 95 %,
    /// below 99.8 %); "above 95 %" counts every Kreis above the 95 % limit, including those
    /// also above 99.8 %.
    pub fn class_counts(f: &Funnel) -> (usize, usize, usize, usize) {
        let (mut a1, mut a2, mut b1, mut b2) = (0, 0, 0, 0);
        for c in &f.class {
            match *c {
                FunnelClass::Above(k) => {
                    a1 += 1;
                    a2 += usize::from(k >= 2);
                }
                FunnelClass::Below(k) => {
                    b1 += 1;
                    b2 += usize::from(k >= 2);
                }
                FunnelClass::Within | FunnelClass::NotPlotted => {}
            }
        }
        (a1, a2, b1, b2)
    }

    /// Number of Kreise whose Wilson interval lies wholly above / below `share` (a proportion).
    pub fn intervals_excluding(&self, share: f64) -> (usize, usize) {
        let w = &self.wilson;
        let ok = |i: usize| w.status[i] == AreaStatus::Ok;
        let above = (0..w.lower.len())
            .filter(|&i| ok(i) && w.lower[i] > share)
            .count();
        let below = (0..w.upper.len())
            .filter(|&i| ok(i) && w.upper[i] < share)
            .count();
        (above, below)
    }
}

/// Median (quantile type 7) of the finite values, `None` when there is none.
pub fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let v: Array1<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    inequality::quantile(v.view(), None, 0.5, QuantileRule::Linear, NanPolicy::Raise)
        .ok()
        .map(|e| e.value)
}
