//! Primary suppression: which cells break a confidentiality rule by themselves, and how much
//! protection each such cell needs.
//!
//! ```text
//! minimum count:        0 < x < n            (n = 3 by default; x = 0 also if protect_zeros)
//! minimum denominator:  d < n                (rates of small populations, e.g. n = 100 or 20)
//! (n, k) dominance:     x_(1) + ... + x_(n) > k/100 * X      (X = sum of the contributions)
//! p % rule:             X - x_(1) - x_(2) < p/100 * x_(1)
//! ```

use super::status::CellStatus;
use super::table::LinearTable;
use crate::{Error, Result};

/// Rules of primary suppression for frequency (count) tables.
///
/// ```text
/// primary(x) = (0 < x < min_count) or (protect_zeros and x == 0)
/// ```
///
/// ```
/// use bildung_core::disclosure::PrimaryRules;
/// let r = PrimaryRules::default();
/// assert_eq!(r.min_count, 3.0);
/// assert!(r.check().is_ok());
/// assert!(PrimaryRules { min_count: 0.5, ..r }.check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimaryRules {
    /// Cells with `0 < x < min_count` are primary (default 3). Must be finite and >= 1.
    pub min_count: f64,
    /// Also suppress cells with `x == 0` (default false: a zero is published as `-`).
    pub protect_zeros: bool,
}

impl Default for PrimaryRules {
    fn default() -> Self {
        PrimaryRules {
            min_count: 3.0,
            protect_zeros: false,
        }
    }
}

impl PrimaryRules {
    /// Validate the parameters.
    ///
    /// ```text
    /// min_count finite and >= 1, else InvalidParameter
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::PrimaryRules;
    /// assert!(PrimaryRules { min_count: f64::NAN, protect_zeros: false }.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        if !self.min_count.is_finite() || self.min_count < 1.0 {
            return Err(Error::parameter(
                "min_count",
                self.min_count,
                "must be a finite number >= 1",
            ));
        }
        Ok(())
    }

    /// The protection a primary cell of value `x` needs under these rules (see [`Protection`]).
    ///
    /// ```text
    /// Protection { lower: 0, upper: max(min_count - x, 0), sliding: 1 }
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::PrimaryRules;
    /// let p = PrimaryRules::default().protection(1.0);
    /// assert_eq!((p.lower, p.upper, p.sliding), (0.0, 2.0, 1.0));
    /// ```
    pub fn protection(&self, x: f64) -> Protection {
        Protection::frequency(x, self.min_count)
    }
}

/// The protection a suppressed cell of value `x` needs: the interval `[lo, hi]` an attacker can
/// derive from the published cells, the relations and `x >= 0` must satisfy
///
/// ```text
/// lo <= x - lower,   hi >= x + upper,   hi - lo >= sliding
/// ```
///
/// Frequency tables with minimum count `n` ([`Protection::frequency`]): `upper = max(n - x, 0)`
/// (the attacker cannot prove that the cell is below the threshold), `lower = 0`, `sliding = 1`
/// (the value cannot be recomputed). Magnitude tables ([`Protection::relative`]): `p %` of the
/// value on both sides. The attacker knows that every cell is `>= 0`; there are no upper bounds.
///
/// ```
/// use bildung_core::disclosure::Protection;
/// let p = Protection::relative(200.0, 10.0);
/// assert_eq!((p.lower, p.upper), (20.0, 20.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Protection {
    /// Required distance below the value: `lo <= x - lower`.
    pub lower: f64,
    /// Required distance above the value: `hi >= x + upper`.
    pub upper: f64,
    /// Required width: `hi - lo >= sliding`.
    pub sliding: f64,
}

impl Protection {
    /// No requirement (every interval is accepted).
    pub const NONE: Protection = Protection {
        lower: 0.0,
        upper: 0.0,
        sliding: 0.0,
    };

    /// The frequency-table requirement for a cell of value `x` under minimum count `n`.
    ///
    /// ```text
    /// lower = 0,  upper = max(n - x, 0),  sliding = 1
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::Protection;
    /// assert_eq!(Protection::frequency(0.0, 3.0).upper, 3.0);
    /// assert_eq!(Protection::frequency(5.0, 3.0).upper, 0.0);
    /// ```
    pub fn frequency(x: f64, n: f64) -> Protection {
        Protection {
            lower: 0.0,
            upper: (n - x).max(0.0),
            sliding: 1.0,
        }
    }

    /// The relative requirement for magnitude cells: `p %` of the value on both sides.
    ///
    /// ```text
    /// lower = upper = p/100 * x,  sliding = 0
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::Protection;
    /// assert_eq!(Protection::relative(50.0, 20.0).upper, 10.0);
    /// ```
    pub fn relative(x: f64, p: f64) -> Protection {
        let d = p / 100.0 * x;
        Protection {
            lower: d,
            upper: d,
            sliding: 0.0,
        }
    }

    /// Validate: all three finite and >= 0.
    ///
    /// ```text
    /// lower, upper, sliding finite and >= 0, else InvalidParameter
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::Protection;
    /// assert!(Protection { lower: -1.0, ..Protection::NONE }.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        for (name, v) in [
            ("protection.lower", self.lower),
            ("protection.upper", self.upper),
            ("protection.sliding", self.sliding),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(Error::parameter(name, v, "must be finite and >= 0"));
            }
        }
        Ok(())
    }
}

fn check_values(values: &[f64], what: &'static str) -> Result<()> {
    for (i, &v) in values.iter().enumerate() {
        if v.is_nan() {
            return Err(Error::MissingValue { what, index: i });
        }
        if v.is_infinite() {
            return Err(Error::NonFinite {
                what,
                index: i,
                value: v,
            });
        }
        if v < 0.0 {
            return Err(Error::NegativeValue {
                what,
                index: i,
                value: v,
            });
        }
    }
    Ok(())
}

/// The minimum-count rule.
///
/// ```text
/// primary[i] = 0 < values[i] < threshold   or   (protect_zeros and values[i] == 0)
/// ```
///
/// ```
/// use bildung_core::disclosure::min_count_rule;
/// assert_eq!(min_count_rule(&[0., 1., 2., 3.], 3.0, false)?, vec![false, true, true, false]);
/// assert_eq!(min_count_rule(&[0., 4.], 3.0, true)?, vec![true, false]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn min_count_rule(values: &[f64], threshold: f64, protect_zeros: bool) -> Result<Vec<bool>> {
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(Error::parameter(
            "threshold",
            threshold,
            "must be a finite number > 0",
        ));
    }
    check_values(values, "values")?;
    Ok(values
        .iter()
        .map(|&v| (v > 0.0 && v < threshold) || (protect_zeros && v == 0.0))
        .collect())
}

/// The minimum-denominator rule for rate tables: a rate is primary suppressed when its
/// denominator (population) is below the threshold (e.g. 100, the Destatis small-area rule, or
/// 20). A denominator of 0 is below every threshold (such a rate does not exist).
///
/// ```text
/// primary[i] = denominators[i] < threshold
/// ```
///
/// ```
/// use bildung_core::disclosure::min_denominator_rule;
/// assert_eq!(min_denominator_rule(&[0., 50., 100.], 100.0)?, vec![true, true, false]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn min_denominator_rule(denominators: &[f64], threshold: f64) -> Result<Vec<bool>> {
    if !threshold.is_finite() || threshold <= 0.0 {
        return Err(Error::parameter(
            "threshold",
            threshold,
            "must be a finite number > 0",
        ));
    }
    check_values(denominators, "denominators")?;
    Ok(denominators.iter().map(|&d| d < threshold).collect())
}

/// Dominance rules of magnitude tables (contributor values of one cell, sorted descending:
/// `x_(1) >= x_(2) >= ...`, total `X`).
///
/// ```text
/// NK { n, k_percent }: x_(1) + ... + x_(n) > k_percent/100 * X
/// PPercent { p }:      X - x_(1) - x_(2) < p/100 * x_(1)
///                      (the second largest contributor could estimate the largest within p %)
/// ```
///
/// ```
/// use bildung_core::disclosure::DominanceRule;
/// assert!(DominanceRule::NK { n: 1, k_percent: 85.0 }.check().is_ok());
/// assert!(DominanceRule::PPercent { p: -1.0 }.check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DominanceRule {
    /// `(n, k)` rule: the `n` largest contributors hold more than `k %` of the cell.
    NK {
        /// Number of largest contributors (>= 1).
        n: usize,
        /// Share in percent (0 < k <= 100).
        k_percent: f64,
    },
    /// `p %` rule.
    PPercent {
        /// Precision in percent (> 0).
        p: f64,
    },
}

impl DominanceRule {
    /// Validate the parameters.
    ///
    /// ```text
    /// NK: n >= 1, 0 < k_percent <= 100;  PPercent: p finite and > 0
    /// ```
    ///
    /// ```
    /// use bildung_core::disclosure::DominanceRule;
    /// assert!(DominanceRule::NK { n: 0, k_percent: 85.0 }.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        match *self {
            DominanceRule::NK { n, k_percent } => {
                if n == 0 {
                    return Err(Error::parameter("n", n, "must be >= 1"));
                }
                if !(k_percent > 0.0 && k_percent <= 100.0) {
                    return Err(Error::parameter(
                        "k_percent",
                        k_percent,
                        "must be in (0, 100]",
                    ));
                }
            }
            DominanceRule::PPercent { p } => {
                if !(p.is_finite() && p > 0.0) {
                    return Err(Error::parameter("p", p, "must be finite and > 0"));
                }
            }
        }
        Ok(())
    }
}

/// Apply a dominance rule to each cell's contributor values. A cell without contributions or
/// with total 0 is not sensitive.
///
/// ```text
/// see DominanceRule; contributions[i] = the contributor values of cell i (>= 0)
/// ```
///
/// ```
/// use bildung_core::disclosure::{dominance_rule, DominanceRule};
/// let cells = vec![vec![90., 5., 5.], vec![40., 30., 30.]];
/// let nk = DominanceRule::NK { n: 1, k_percent: 85.0 };
/// assert_eq!(dominance_rule(&cells, nk)?, vec![true, false]);
/// // p % rule with p = 10: cell 0: 100 - 90 - 5 = 5 < 9 -> sensitive
/// assert_eq!(dominance_rule(&cells, DominanceRule::PPercent { p: 10.0 })?, vec![true, false]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn dominance_rule(contributions: &[Vec<f64>], rule: DominanceRule) -> Result<Vec<bool>> {
    rule.check()?;
    let mut out = Vec::with_capacity(contributions.len());
    for c in contributions {
        check_values(c, "contributions")?;
        let mut sorted = c.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let total = super::table::kahan_sum(sorted.iter().copied());
        if total <= 0.0 {
            out.push(false);
            continue;
        }
        let sensitive = match rule {
            DominanceRule::NK { n, k_percent } => {
                let top = super::table::kahan_sum(sorted.iter().take(n).copied());
                top > k_percent / 100.0 * total
            }
            DominanceRule::PPercent { p } => {
                let x1 = sorted.first().copied().unwrap_or(0.0);
                let x2 = sorted.get(1).copied().unwrap_or(0.0);
                total - x1 - x2 < p / 100.0 * x1
            }
        };
        out.push(sensitive);
    }
    Ok(out)
}

/// A user's own sensitivity rule: `(cell, value) -> primary?`.
pub type SensitivityFn<'a> = &'a dyn Fn(usize, f64) -> bool;

/// Primary statuses of a table: `Primary` where the minimum-count rule (or the user's `extra`
/// rule) fires, `Zero` for zeros, `Published` otherwise.
///
/// ```text
/// status[c] = Primary    if 0 < x < min_count, or protect_zeros and x == 0, or extra(c, x)
///             Zero       if x == 0
///             Published  otherwise
/// ```
///
/// ```
/// use bildung_core::disclosure::{primary_suppression, CellStatus, LinearTable, PrimaryRules};
/// let t = LinearTable::new(vec![0., 2., 7.], vec![])?;
/// let s = primary_suppression(&t, &PrimaryRules::default(), None)?;
/// assert_eq!(s, vec![CellStatus::Zero, CellStatus::Primary, CellStatus::Published]);
/// let big = |_c: usize, x: f64| x > 5.0;
/// let s = primary_suppression(&t, &PrimaryRules::default(), Some(&big))?;
/// assert_eq!(s[2], CellStatus::Primary);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn primary_suppression(
    table: &LinearTable,
    rules: &PrimaryRules,
    extra: Option<SensitivityFn<'_>>,
) -> Result<Vec<CellStatus>> {
    rules.check()?;
    let by_count = min_count_rule(table.values(), rules.min_count, rules.protect_zeros)?;
    Ok(table
        .values()
        .iter()
        .enumerate()
        .map(|(c, &x)| {
            if by_count[c] || extra.is_some_and(|f| f(c, x)) {
                CellStatus::Primary
            } else if x == 0.0 {
                CellStatus::Zero
            } else {
                CellStatus::Published
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn dominance_by_hand() {
        // (2, 90): [50, 45, 5]: 95 > 90 -> sensitive; [40, 40, 20]: 80 <= 90 -> not
        let nk = DominanceRule::NK {
            n: 2,
            k_percent: 90.0,
        };
        let cells = vec![
            vec![45., 5., 50.],
            vec![40., 40., 20.],
            vec![7.],
            vec![],
            vec![0., 0.],
        ];
        assert_eq!(
            dominance_rule(&cells, nk).unwrap(),
            vec![true, false, true, false, false]
        );
        // p = 20: [50, 45, 5]: 100 - 50 - 45 = 5 < 10 -> sensitive;
        // [40, 40, 20]: 20 < 8? no; a single contributor: 0 < 1.4 -> sensitive
        let pp = DominanceRule::PPercent { p: 20.0 };
        assert_eq!(
            dominance_rule(&cells, pp).unwrap(),
            vec![true, false, true, false, false]
        );
        assert_eq!(
            dominance_rule(&[vec![1., -1.]], pp).unwrap_err().kind(),
            ErrorKind::NegativeValue
        );
    }

    #[test]
    fn rules_reject_bad_input() {
        assert_eq!(
            min_count_rule(&[1.], 0.0, false).unwrap_err().kind(),
            ErrorKind::InvalidParameter
        );
        assert_eq!(
            min_count_rule(&[f64::INFINITY], 3.0, false)
                .unwrap_err()
                .kind(),
            ErrorKind::NonFinite
        );
        assert_eq!(
            min_denominator_rule(&[f64::NAN], 20.0).unwrap_err().kind(),
            ErrorKind::MissingValue
        );
        assert_eq!(
            min_denominator_rule(&[19.0, 20.0], 20.0).unwrap(),
            vec![true, false]
        );
    }
}
