//! Rounding of counts to a base (5er-Rundung, 3er-Rundung, 10er-Rundung; indicators.md 4.3).
//!
//! Every count, totals included, is rounded **independently from its own unrounded value** to
//! the nearest multiple of the base; a total is never re-summed from rounded cells (DZHW
//! ICEland Hochschulstatistik since 2018, Destatis SGB XII / BuT statistics since 2020, Zensus
//! database). So a rounded total need not equal the sum of its rounded parts, but the same
//! logical cell has the same rounded value in every table.
//!
//! ```text
//! r = b * floor(x / b)            if x - b*floor(x/b) <  b/2
//! r = b * floor(x / b) + b        if x - b*floor(x/b) >= b/2     (ties round up)
//! |r - x| <= floor(b / 2)
//! ```
//!
//! Ties exist only for an even base (x = 5, 15, ... with b = 10): they round **up** (half away
//! from zero, the conventional "kaufmännische" rounding of DIN 1333); with an odd base
//! (3, 5) there is no tie. Inputs are counts: whole numbers `>= 0` up to 2^53.

use crate::counts::check_count;
use crate::error::{Error, Result};

/// Largest count accepted (2^53: every whole number up to it is exact in `f64`).
const MAX_COUNT: f64 = 9_007_199_254_740_992.0;

/// Check one count: NaN -> MissingValue, infinite -> NonFinite, negative / fractional / too
/// large -> InvalidCount.
fn check(what: &'static str, index: usize, v: f64) -> Result<()> {
    if v.is_nan() {
        return Err(Error::MissingValue { what, index });
    }
    check_count(what, index, v, true)?;
    if v > MAX_COUNT {
        return Err(Error::InvalidCount {
            what,
            index,
            value: v,
            reason: "counts above 2^53 cannot be rounded exactly",
        });
    }
    Ok(())
}

fn check_base(base: u32) -> Result<f64> {
    if base < 2 {
        return Err(Error::parameter(
            "base",
            base,
            "the rounding base must be at least 2",
        ));
    }
    Ok(f64::from(base))
}

/// Round one checked count (whole, `0 <= x <= 2^53`) to the nearest multiple of `b`, ties up.
fn round_one(x: f64, b: f64) -> f64 {
    let low = (x / b).floor() * b;
    // x and low are whole numbers below 2^53: the remainder is exact
    let rest = x - low;
    if 2.0 * rest >= b { low + b } else { low }
}

/// Round counts to the nearest multiple of `base`, each independently (ties up).
///
/// ```text
/// r_k = b * floor(x_k / b) + (b if 2 (x_k - b floor(x_k / b)) >= b else 0)
/// max_k |r_k - x_k| <= floor(b / 2)
/// ```
///
/// `base` is any integer `>= 2` (3, 5 and 10 are used in official statistics). Errors: base
/// below 2 ([`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter)), a NaN
/// (`MissingValue`), an infinite value (`NonFinite`), a negative, fractional or above-2^53
/// count (`InvalidCount`), each naming the position in `values`.
///
/// ```
/// use bildung_core::disclosure::round_to_base;
/// // 5er-Rundung: 0,1,2 -> 0; 3..7 -> 5; 8..12 -> 10 (maximum deviation 2)
/// assert_eq!(round_to_base(&[0., 1., 2., 3., 7., 8., 12., 13.], 5)?,
///            vec![0., 0., 0., 5., 5., 10., 10., 15.]);
/// // base 10: the tie 15 rounds up to 20
/// assert_eq!(round_to_base(&[14., 15., 25.], 10)?, vec![10., 20., 30.]);
/// assert!(round_to_base(&[1.5], 5).is_err());
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn round_to_base(values: &[f64], base: u32) -> Result<Vec<f64>> {
    let b = check_base(base)?;
    values
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            check("values", k, x)?;
            Ok(round_one(x, b))
        })
        .collect()
}

/// What rounding a table changed ([`round_table_counts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundingReport {
    /// Largest `|rounded - unrounded|` over all cells (at most `floor(base / 2)`).
    pub max_abs_deviation: f64,
    /// Number of cells whose rounded value differs from the unrounded one.
    pub n_changed: usize,
    /// Number of relations whose rounded total differs from the sum of its rounded parts
    /// (expected and allowed: totals are rounded from their own unrounded values).
    pub totals_differ: usize,
    /// Largest `|rounded total - sum of rounded parts|` over the relations (0 without any).
    pub max_total_discrepancy: f64,
}

/// A table of counts rounded cell by cell ([`round_table_counts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RoundedTable {
    /// The rounded values, in the input cell order.
    pub values: Vec<f64>,
    /// What changed.
    pub report: RoundingReport,
}

/// Round every cell of an additive table, totals included, from its own unrounded value.
///
/// `relations` lists `(total, parts)`: cell `total` equals the sum of the cells `parts` in the
/// unrounded table (checked to `1e-9 * max(1, |total|)`, else
/// [`Error::InconsistentTotal`] naming the total cell). The totals are **not** re-summed after
/// rounding; [`RoundingReport::totals_differ`] counts the relations where the rounded total
/// and the sum of the rounded parts disagree.
///
/// ```text
/// r_c = round_to_base(x_c, b)       for every cell c, totals included
/// totals_differ = #{relations t = sum(P) : r_t != sum_{p in P} r_p}
/// ```
///
/// Errors as [`round_to_base`] (position in `values`); a relation naming a cell outside the
/// table, an empty parts list or a total among its own parts is
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter).
///
/// ```
/// use bildung_core::disclosure::round_table_counts;
/// // cells 3 + 3 + 3 = 9 (cell 3 is the total); base 5
/// let t = round_table_counts(&[3., 3., 3., 9.], 5, &[(3, vec![0, 1, 2])])?;
/// assert_eq!(t.values, vec![5., 5., 5., 10.]); // 10 != 15: the total is not re-summed
/// assert_eq!(t.report.totals_differ, 1);
/// assert_eq!(t.report.max_abs_deviation, 2.0);
/// assert_eq!(t.report.n_changed, 4);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn round_table_counts(
    values: &[f64],
    base: u32,
    relations: &[(usize, Vec<usize>)],
) -> Result<RoundedTable> {
    let b = check_base(base)?;
    for (k, &x) in values.iter().enumerate() {
        check("values", k, x)?;
    }
    let n = values.len();
    for (r, (total, parts)) in relations.iter().enumerate() {
        let bad = |why: String| Error::parameter("relations", r, why);
        if *total >= n {
            return Err(bad(format!(
                "relation {r}: total cell {total} is outside the table of {n} cells"
            )));
        }
        if parts.is_empty() {
            return Err(bad(format!("relation {r} has no parts")));
        }
        for &p in parts {
            if p >= n {
                return Err(bad(format!(
                    "relation {r}: part cell {p} is outside the table of {n} cells"
                )));
            }
            if p == *total {
                return Err(bad(format!(
                    "relation {r}: the total cell {p} is among its own parts"
                )));
            }
        }
        // counts are whole numbers below 2^53: a plain sum is exact unless it exceeds 2^53
        let sum: f64 = parts.iter().map(|&p| values[p]).sum();
        let t = values[*total];
        if (t - sum).abs() > 1e-9 * t.abs().max(1.0) {
            return Err(Error::InconsistentTotal {
                cell: *total,
                label: format!("cell {total}"),
                relation: r,
                total: t,
                sum_of_parts: sum,
                n_parts: parts.len(),
            });
        }
    }
    let rounded: Vec<f64> = values.iter().map(|&x| round_one(x, b)).collect();
    let mut report = RoundingReport {
        max_abs_deviation: 0.0,
        n_changed: 0,
        totals_differ: 0,
        max_total_discrepancy: 0.0,
    };
    for (&x, &r) in values.iter().zip(&rounded) {
        let d = (r - x).abs();
        report.max_abs_deviation = report.max_abs_deviation.max(d);
        report.n_changed += usize::from(d > 0.0);
    }
    for (total, parts) in relations {
        let sum: f64 = parts.iter().map(|&p| rounded[p]).sum();
        let d = (rounded[*total] - sum).abs();
        report.totals_differ += usize::from(d > 0.0);
        report.max_total_discrepancy = report.max_total_discrepancy.max(d);
    }
    Ok(RoundedTable {
        values: rounded,
        report,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn residues_of_base_3_5_10() {
        // hand: base 3 keeps residue 0,1 down and 2 up; base 5: 0,1,2 down, 3,4 up
        let x: Vec<f64> = (0..=10).map(f64::from).collect();
        assert_eq!(
            round_to_base(&x, 3).unwrap(),
            vec![0., 0., 3., 3., 3., 6., 6., 6., 9., 9., 9.]
        );
        assert_eq!(
            round_to_base(&x, 5).unwrap(),
            vec![0., 0., 0., 5., 5., 5., 5., 5., 10., 10., 10.]
        );
        assert_eq!(
            round_to_base(&x, 10).unwrap(),
            vec![0., 0., 0., 0., 0., 10., 10., 10., 10., 10., 10.]
        );
        assert_eq!(round_to_base(&[1., 2., 3.], 2).unwrap(), vec![2., 2., 4.]);
    }

    #[test]
    fn deviation_is_at_most_half_the_base() {
        for base in 2..=12u32 {
            let x: Vec<f64> = (0..200).map(f64::from).collect();
            let r = round_to_base(&x, base).unwrap();
            for (a, b) in x.iter().zip(&r) {
                assert!((a - b).abs() <= f64::from(base / 2));
                assert_eq!(b % f64::from(base), 0.0);
            }
        }
        // near 2^53
        let big = MAX_COUNT - 1.0;
        let r = round_to_base(&[big], 10).unwrap()[0];
        assert!((r - big).abs() <= 5.0 && r % 10.0 == 0.0);
    }

    #[test]
    fn errors_name_the_cell() {
        let e = round_to_base(&[1., f64::NAN], 5).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(1)));
        let e = round_to_base(&[f64::INFINITY], 5).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NonFinite);
        let e = round_to_base(&[0., 0., -1.], 5).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(2)));
        let e = round_to_base(&[2.5], 5).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        let e = round_to_base(&[1e300], 5).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        let e = round_to_base(&[1.], 1).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        assert_eq!(round_to_base(&[], 5).unwrap(), Vec::<f64>::new());
    }

    #[test]
    fn table_checks_relations() {
        let e = round_table_counts(&[1., 2., 4.], 5, &[(2, vec![0, 1])]).unwrap_err();
        assert_eq!(
            (e.kind(), e.index()),
            (ErrorKind::InconsistentTable, Some(2))
        );
        for rel in [(3, vec![0]), (2, vec![]), (2, vec![0, 5]), (2, vec![0, 2])] {
            let e = round_table_counts(&[1., 2., 3.], 5, &[rel]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        }
    }
}
