//! The whole cell suppression: primary rules, secondary suppression, final exact audit.
//!
//! ```text
//! status    = primary_suppression(table, rules)            (minimum count, zeros)
//!             + the caller's statuses (unknown, later, ...) where given
//! status    = secondary_suppression(status, protection = Protection::frequency(x, min_count))
//! audit     = exact LP audit of the final pattern
//! result    = Protected if audit.is_safe(), else Error::ProtectionFailed (never an unsafe table)
//! ```

use super::audit::{Audit, Engine, check_inputs};
use super::primary::{PrimaryRules, Protection, primary_suppression};
use super::secondary::{SecondaryOptions, run};
use super::status::CellStatus;
use super::table::LinearTable;
use crate::{Error, Result};

/// A protected table: statuses of every cell and the audit that proves them safe.
///
/// ```
/// use bildung_core::disclosure::*;
/// use ndarray::array;
/// let t = LinearTable::two_way(array![[1., 5., 8.], [6., 4., 9.], [7., 10., 12.]].view())?;
/// let p = protect(&t, &PrimaryRules::default(), &SecondaryOptions::default())?;
/// assert_eq!((p.n_primary, p.n_secondary), (1, 3));
/// assert!(p.audit.is_safe());
/// # Ok::<(), bildung_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    /// Status of every cell.
    pub status: Vec<CellStatus>,
    /// The exact audit of the final pattern (always safe).
    pub audit: Audit,
    /// Number of primary cells.
    pub n_primary: usize,
    /// Number of cells suppressed by the secondary suppression.
    pub n_secondary: usize,
}

/// Protect a count table: primary suppression by `rules`, secondary suppression by `options`,
/// final exact audit (see the module docs).
///
/// ```text
/// requirement of a primary cell of value x: lower = 0, upper = max(min_count - x, 0), sliding = 1
/// errors: bad rules or options; ProtectionFailed when no safe pattern is found
/// ```
///
/// ```
/// use bildung_core::disclosure::*;
/// use ndarray::array;
/// // 1 + 5 = 6: the total and the partner must be published, so the 1 is recomputable
/// let t = LinearTable::new(vec![1., 5., 6.], vec![Relation { total: 2, parts: vec![0, 1] }])?;
/// let opts = SecondaryOptions { must_publish: vec![false, true, true], ..Default::default() };
/// let p = protect(&t, &PrimaryRules::default(), &opts);
/// assert_eq!(p.unwrap_err().kind(), bildung_core::ErrorKind::ProtectionFailed);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn protect(
    table: &LinearTable,
    rules: &PrimaryRules,
    options: &SecondaryOptions,
) -> Result<Protected> {
    let status = primary_suppression(table, rules, None)?;
    protect_with_status(table, &status, rules, options)
}

/// [`protect`] starting from the caller's statuses: cells already marked
/// [`CellStatus::Primary`] stay primary, cells marked unknown / later / not meaningful /
/// unreliable stay unpublished (they are unknowns for the attacker but not protected), and the
/// minimum-count rule of `rules` adds primary cells among the published ones.
///
/// ```text
/// status[c] = given[c] if given[c] is suppressed, else primary_suppression(table, rules)[c]
/// ```
///
/// ```
/// use bildung_core::disclosure::*;
/// use ndarray::array;
/// let t = LinearTable::two_way(array![[10., 50., 80.], [60., 40., 90.], [70., 10., 12.]].view())?;
/// let mut given = vec![CellStatus::Published; t.len()];
/// given[0] = CellStatus::Primary; // e.g. by a dominance rule
/// let p = protect_with_status(&t, &given, &PrimaryRules::default(), &SecondaryOptions::default())?;
/// assert!(p.audit.is_safe());
/// assert_eq!(p.n_primary, 1);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn protect_with_status(
    table: &LinearTable,
    given: &[CellStatus],
    rules: &PrimaryRules,
    options: &SecondaryOptions,
) -> Result<Protected> {
    rules.check()?;
    options.check(table.len())?;
    if given.len() != table.len() {
        return Err(Error::ShapeMismatch {
            what: "status",
            expected: table.len(),
            found: given.len(),
        });
    }
    let primary = primary_suppression(table, rules, None)?;
    let mut status: Vec<CellStatus> = given
        .iter()
        .zip(&primary)
        .map(|(&g, &p)| if g.is_suppressed() { g } else { p })
        .collect();
    let protection: Vec<Protection> = table
        .values()
        .iter()
        .map(|&x| rules.protection(x))
        .collect();
    check_inputs(table, &status, &protection)?;
    let n_primary = status.iter().filter(|&&s| s == CellStatus::Primary).count();
    let before: Vec<bool> = status.iter().map(|s| s.is_suppressed()).collect();
    let mut engine = Engine::new(table, &status);
    run(&mut engine, &mut status, &protection, options)?;
    let audit = engine.full_audit(&status, &protection)?;
    if let Some(u) = audit.unsafe_cells.first() {
        return Err(Error::ProtectionFailed {
            cell: Some(u.cell),
            label: table.label(u.cell),
            reason: format!(
                "the final audit gives the interval [{}, {}] for the value {}",
                u.lower, u.upper, u.value
            ),
        });
    }
    let n_secondary = status
        .iter()
        .zip(&before)
        .filter(|&(&s, &b)| s == CellStatus::Secondary && !b)
        .count();
    Ok(Protected {
        status,
        audit,
        n_primary,
        n_secondary,
    })
}
