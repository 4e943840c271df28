//! The used units sorted by value: the one copy of the input that rank-based measures need.

use crate::error::{Error, Result};
use crate::input::Units;
use crate::sum::NeumaierSum;

/// Units sorted ascending by value, with their weights (1 when unweighted).
#[derive(Debug, Clone)]
pub(crate) enum Sorted {
    Unweighted(Vec<f64>),
    Weighted(Vec<(f64, f64)>),
}

impl Sorted {
    /// Copy and sort the used units.
    pub(crate) fn new(u: &Units<'_>) -> Sorted {
        if u.is_weighted() {
            let mut pairs: Vec<(f64, f64)> = u.iter().collect();
            pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            Sorted::Weighted(pairs)
        } else {
            let mut v = u.values();
            sort_non_negative(&mut v);
            Sorted::Unweighted(v)
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Sorted::Unweighted(v) => v.len(),
            Sorted::Weighted(v) => v.len(),
        }
    }

    /// `(x, w)` of the i-th smallest unit.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> (f64, f64) {
        match self {
            Sorted::Unweighted(v) => (v[i], 1.0),
            Sorted::Weighted(v) => v[i],
        }
    }

    /// `(W, S) = (sum w, sum w x)`, compensated.
    pub(crate) fn totals(&self) -> (f64, f64) {
        match self {
            Sorted::Unweighted(v) => (v.len() as f64, crate::sum::neumaier_sum(v.iter().copied())),
            Sorted::Weighted(v) => {
                let mut w = NeumaierSum::new();
                let mut s = NeumaierSum::new();
                for &(xi, wi) in v {
                    w.add(wi);
                    s.add(wi * xi);
                }
                (w.value(), s.value())
            }
        }
    }

    /// Total weight `W`.
    pub(crate) fn total_weight(&self) -> f64 {
        match self {
            Sorted::Unweighted(v) => v.len() as f64,
            Sorted::Weighted(_) => self.totals().0,
        }
    }

    /// Cumulative weights `C_i = w_1 + ... + w_i` (compensated); empty when unweighted, where
    /// `C_i = i` exactly.
    pub(crate) fn cumulative_weights(&self) -> Vec<f64> {
        match self {
            Sorted::Unweighted(_) => Vec::new(),
            Sorted::Weighted(v) => {
                let mut c = NeumaierSum::new();
                v.iter()
                    .map(|&(_, wi)| {
                        c.add(wi);
                        c.value()
                    })
                    .collect()
            }
        }
    }

    /// The value at expanded position `k` (1-based, real): the value of the first unit whose
    /// cumulative weight reaches `k`, clamped to the first and last unit. For integer weights this
    /// is the k-th order statistic of the data with each value repeated `w_i` times.
    /// `cum` is [`Sorted::cumulative_weights`].
    pub(crate) fn at_position(&self, cum: &[f64], k: f64) -> f64 {
        let last = self.len() - 1;
        match self {
            Sorted::Unweighted(v) => {
                let idx = if k <= 1.0 {
                    0
                } else {
                    ((k.ceil() as usize) - 1).min(last)
                };
                v[idx]
            }
            Sorted::Weighted(v) => {
                let idx = cum.partition_point(|&c| c < k).min(last);
                v[idx].0
            }
        }
    }
}

/// Sort non-negative, non-NaN values ascending.
///
/// For non-negative IEEE doubles the bit patterns, read as unsigned integers, are ordered like
/// the values, so an integer sort key is exact and faster than a float comparison. The caller
/// makes `-0.0` into `+0.0` first ([`Units::values`] does).
pub(crate) fn sort_non_negative(v: &mut [f64]) {
    v.sort_unstable_by_key(|x| x.to_bits());
}

/// The weighted mean `mu = S / W`, or `Undefined("zero total")` when it is 0.
pub(crate) fn positive_mean(
    measure: &'static str,
    iter: impl Iterator<Item = (f64, f64)>,
) -> Result<(f64, f64)> {
    let mut w = NeumaierSum::new();
    let mut s = NeumaierSum::new();
    for (xi, wi) in iter {
        w.add(wi);
        s.add(wi * xi);
    }
    let (w, s) = (w.value(), s.value());
    if s <= 0.0 {
        return Err(Error::undefined(measure, "zero total (all values are 0)"));
    }
    Ok((s / w, w))
}
