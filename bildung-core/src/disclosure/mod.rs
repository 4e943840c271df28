//! Statistical disclosure control (Geheimhaltung) and official table symbols.
//!
//! A municipal statistics office may not publish a table in which a small count can identify
//! people (§ 16 BStatG), and it marks every cell with the official symbols. This module turns
//! computed counts and indicators into tables that are safe to publish:
//!
//! * cell statuses and value qualifiers ([`CellStatus`], [`CellFlags`]), rendered as symbols
//!   only on output;
//! * symbol sets, classical and letter codes, with municipal variants and the legend
//!   (Zeichenerklärung) ([`SymbolSet`]);
//! * rounding of counts to a base (3, 5, 10), totals from their own unrounded values
//!   ([`round_to_base`], [`round_table_counts`]);
//! * cell key method: record keys, cell keys, keyed cell keys from ids, perturbation tables
//!   ([`record_keys`], [`cell_key`], [`cell_key_from_id`], [`PTable`], [`perturb`]);
//! * the table model: cells and additivity relations, two-way tables with margins, hierarchies
//!   of areas ([`LinearTable`], [`Relation`]; `table.rs`);
//! * primary suppression: minimum count, minimum denominator, dominance rules, protection
//!   requirements ([`primary_suppression`], [`PrimaryRules`], [`Protection`]; `primary.rs`);
//! * secondary (complementary) suppression on the general relation form
//!   ([`secondary_suppression`], [`SecondaryOptions`]; `secondary.rs`);
//! * the audit: exact attacker intervals of unpublished cells by linear programming
//!   ([`audit`], [`Audit`]; `audit.rs`);
//! * the whole cell suppression, primary -> secondary -> final audit, never unsafe
//!   ([`protect`], [`Protected`]; `protect.rs`);
//!
//! Statuses travel beside the values, never inside them: a suppressed cell keeps its value in
//! memory (the audit needs it) and is blanked only when the table is rendered.

mod audit;
mod cellkey;
mod primary;
mod protect;
mod rounding;
mod secondary;
mod status;
mod symbols;
mod table;

pub use audit::{Audit, UnsafeCell, audit};
pub use cellkey::{
    PEntry, PTable, PTableParams, cell_key, cell_key_from_id, cell_keys_by_group, perturb,
    record_key, record_keys,
};
pub use primary::{
    DominanceRule, PrimaryRules, Protection, SensitivityFn, dominance_rule, min_count_rule,
    min_denominator_rule, primary_suppression,
};
pub use protect::{Protected, protect, protect_with_status};
pub use rounding::{RoundedTable, RoundingReport, round_table_counts, round_to_base};
pub use secondary::{Cost, SecondaryOptions, secondary_suppression};
pub use status::{CellFlags, CellStatus};
pub use symbols::{FlagMark, LegendEntry, SymbolSet};
pub use table::{LinearTable, Relation};
