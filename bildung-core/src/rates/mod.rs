//! Rates and proportions for small areas (Quoten und Raten kleiner Gebiete) with honest
//! confidence intervals, vectorised over areas (methods.md section 3).
//!
//! | function | what | German term |
//! |---|---|---|
//! | [`proportion_ci`] | interval for a proportion `x/n`: Wilson (default), Clopper-Pearson, Agresti-Coull, Jeffreys, Wald | Anteil mit Konfidenzintervall |
//! | [`poisson_ci`] | interval for a count or a rate `x/N`: exact (Garwood, default) or Byar | Rate mit Konfidenzintervall (Poisson) |
//! | [`proportion_difference_ci`] | Newcombe's hybrid-score interval for `p1 - p2` | Differenz zweier Anteile |
//! | [`proportion_difference_versus_rest`] | each area against all other areas pooled | Vergleich mit dem Rest der Stadt |
//! | [`direct_standardised_rate`] | DSR with Dobson or Fay-Feuer intervals | direkt standardisierte Rate |
//! | [`indirect_standardised_ratio`] | SMR `O/E` with exact interval, ISR | standardisiertes Mortalitäts-/Morbiditätsverhältnis (SMR), indirekt standardisierte Rate |
//!
//! # Inputs and validation (all functions)
//! * One entry per area: `events` `x_i` and a denominator (`population` `n_i` for proportions,
//!   `exposure` `N_i` for Poisson rates), as [`ndarray::ArrayView1`] of `f64`; strata tables for
//!   standardisation as [`ndarray::ArrayView2`] (rows = areas, columns = strata).
//! * **Counts must be integers** in every function: events always, and the population of a
//!   proportion (a non-integral value is [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount)
//!   naming the argument and the area). The exact methods need integers; the approximate ones
//!   (Wilson, Agresti-Coull, Wald, Byar) would accept weighted counts, but one rule for all
//!   methods keeps the results of different methods comparable. Exposures (person-time) and
//!   standardisation populations may be non-integral.
//! * Negative counts, and events above the population of a proportion, are
//!   [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount); a negative exposure is
//!   [`ErrorKind::NegativeValue`](crate::ErrorKind::NegativeValue); infinity is
//!   [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite) under every policy; inputs of different
//!   lengths are [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch); no area at all is
//!   [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput); a `level` outside `(0, 1)` is
//!   [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
//! * A missing value (NaN) follows the [`NanPolicy`](crate::NanPolicy), **area by area**:
//!   `Raise` is [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue); `Omit` gives that
//!   area NaN outputs and status [`AreaStatus::Missing`] (and leaves it out of pooled quantities
//!   such as the rest of the city); `Propagate` does the same and sets
//!   [`Flags::MISSING_PROPAGATED`]. An area with denominator 0 is not an error: its outputs are
//!   NaN with status [`AreaStatus::Empty`]. An area whose quantity does not exist for valid input
//!   has status [`AreaStatus::Undefined`].
//!
//! # Outputs
//! Per-area columns of equal length (one entry per input area, in input order) plus `status`
//! and the bookkeeping `n_used` (areas with a value), `n_dropped` (missing), `n_empty`
//! (denominator 0) and `flags`. Intervals are for the level `1 - alpha`; `z = z_{1-alpha/2}`.

mod difference; // Newcombe's hybrid-score interval for p1 - p2, area versus rest
mod input; // validation of per-area counts and strata tables
mod poisson; // exact (Garwood) and Byar intervals for counts and rates
mod proportion; // Wilson, Clopper-Pearson, Agresti-Coull, Jeffreys, Wald
mod standardisation; // direct (DSR: Dobson, Fay-Feuer) and indirect (SMR, ISR)

pub use difference::*;
pub use poisson::*;
pub use proportion::*;
pub use standardisation::*;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::input::{AreaStatus, Flags};

/// Per-area intervals: the result of [`proportion_ci`], [`poisson_ci`],
/// [`proportion_difference_ci`] and [`proportion_difference_versus_rest`].
///
/// Every column has one entry per input area, in input order; `estimate`, `lower` and `upper`
/// are NaN where `status` is not [`AreaStatus::Ok`].
#[derive(Debug, Clone, PartialEq)]
pub struct Intervals {
    /// The method's name (`"wilson"`, `"exact"`, `"newcombe"`, ...).
    pub method: &'static str,
    /// The confidence level `1 - alpha`.
    pub level: f64,
    /// The point estimate of every area (`x/n`, `x/N` times the multiplier, `p1 - p2`).
    pub estimate: Vec<f64>,
    /// Lower limit.
    pub lower: Vec<f64>,
    /// Upper limit.
    pub upper: Vec<f64>,
    /// True where a limit was set to its bound (Agresti-Coull and Wald outside `[0, 1]`, Byar
    /// below 0); see [`Flags::CLAMPED`].
    pub clamped: Vec<bool>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Areas with a value.
    pub n_used: usize,
    /// Areas with a missing value.
    pub n_dropped: usize,
    /// Areas with denominator 0.
    pub n_empty: usize,
    /// [`Flags::CLAMPED`] (some area clamped), [`Flags::MISSING_PROPAGATED`].
    pub flags: Flags,
}

impl Intervals {
    /// An all-NaN result for `n` areas with the given statuses (values filled in later).
    fn blank(method: &'static str, level: f64, status: Vec<AreaStatus>) -> Intervals {
        let n = status.len();
        Intervals {
            method,
            level,
            estimate: vec![f64::NAN; n],
            lower: vec![f64::NAN; n],
            upper: vec![f64::NAN; n],
            clamped: vec![false; n],
            status,
            n_used: 0,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::NONE,
        }
    }

    /// Count the statuses and set [`Flags::CLAMPED`]; `flags` are the validation's flags.
    fn finish(mut self, flags: Flags) -> Intervals {
        let (used, dropped, empty) = count_status(&self.status);
        self.n_used = used;
        self.n_dropped = dropped;
        self.n_empty = empty;
        self.flags = flags;
        if self.clamped.iter().any(|&c| c) {
            self.flags |= Flags::CLAMPED;
        }
        self
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.status.len()
    }

    /// True if there is no area (never the case for a successful call).
    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }
}

/// `(ok, missing, empty)` counts of a status column.
fn count_status(status: &[AreaStatus]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for s in status {
        match s {
            AreaStatus::Ok => counts.0 += 1,
            AreaStatus::Missing => counts.1 += 1,
            AreaStatus::Empty => counts.2 += 1,
            AreaStatus::Undefined | AreaStatus::NoData => {}
        }
    }
    counts
}

/// The confidence level as `alpha = 1 - level` and `z = z_{1-alpha/2}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Level {
    /// `1 - level`.
    pub alpha: f64,
    /// `z_{1 - alpha/2}`, computed as `-z_{alpha/2}` (no cancellation for levels near 1).
    pub z: f64,
}

impl Level {
    /// Check `0 < level < 1` (NaN is rejected) and derive `alpha` and `z`.
    pub(crate) fn new(level: f64) -> crate::Result<Level> {
        if !(level > 0.0 && level < 1.0) {
            return Err(crate::Error::parameter(
                "level",
                level,
                "the confidence level must lie strictly between 0 and 1 (e.g. 0.95)",
            ));
        }
        let alpha = 1.0 - level;
        Ok(Level {
            alpha,
            z: -crate::dist::normal_quantile(alpha / 2.0),
        })
    }
}

/// A cache of per-area limits keyed by the counts they depend on.
///
/// The exact limits (Clopper-Pearson, Jeffreys, Garwood) are pure functions of the integer
/// counts, and areas share counts (many small areas have the same `x` of the same `n`; the Poisson
/// limits depend on `x` alone): each distinct key is solved once. The cache is never iterated, so
/// the results do not depend on its order; they are bit-identical to uncached computation.
pub(crate) struct Memo<V: Copy> {
    map: HashMap<(u64, u64), V, BuildHasherDefault<MixHasher>>,
}

impl<V: Copy> Memo<V> {
    pub(crate) fn new() -> Memo<V> {
        Memo {
            map: HashMap::default(),
        }
    }

    /// The value for the counts `(a, b)` (compared bit for bit), computed by `f` the first time.
    #[inline]
    pub(crate) fn get(&mut self, a: f64, b: f64, f: impl FnOnce() -> V) -> V {
        *self.map.entry((a.to_bits(), b.to_bits())).or_insert_with(f)
    }
}

/// A fast hasher for the integer keys of [`Memo`] (multiply-xorshift, as in SplitMix64's
/// finaliser); not for untrusted keys, which never reach it (the keys are validated counts).
#[derive(Default)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn level_is_checked() {
        for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
            assert_eq!(
                Level::new(bad).unwrap_err().kind(),
                ErrorKind::InvalidParameter
            );
        }
        let l = Level::new(0.95).unwrap();
        assert!((l.z - 1.959963984540054).abs() < 1e-14);
        assert!((l.alpha - 0.05).abs() < 1e-16);
    }
}
