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
//!
//! Statuses travel beside the values, never inside them: a suppressed cell keeps its value in
//! memory (the audit needs it) and is blanked only when the table is rendered.

mod status;
mod symbols;

pub use status::{CellFlags, CellStatus};
pub use symbols::{FlagMark, LegendEntry, SymbolSet};
