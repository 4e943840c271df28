//! Official indicators of municipal education monitoring (kommunales Bildungsmonitoring):
//! declarative definitions, the built-in catalogue, long input tables and the engine that
//! computes one record per indicator x area x breakdown x period.
//!
//! * [`Definition`] / [`Catalogue`]: indicator definitions as data (TOML or JSON), checked
//!   field by field; the built-in catalogue covers the minimal indicator set of a municipal
//!   Bildungsreport (indicators.md 8.2, areas A, C, D, E) with its official sources.
//! * [`Tables`] / [`TableBuilder`]: the long input tables of indicators.md 8.4 (population,
//!   Kita children, pupils, transitions, school leavers, vocational contracts, SGB II), with
//!   official table symbols kept as missing values, never as zeros.
//! * [`compute`]: the engine, with the computation modes of indicators.md 8.1 ([`Mode`]):
//!   share (Anteil), rate (Quote), ratio per 100 (Quotient), grade rate (Wiederholerquote),
//!   transition (Übergangsquote), average cohort (Durchschnittsjahrgang), quota sum
//!   (Quotensummenverfahren), layered flow (Schichtenmodell, Vertragslösungsquote) and change in
//!   percentage points.
//! * [`cohort`]: the two cohort-quota formulas on plain arrays (methods.md 6).

pub mod catalogue;
pub mod cohort;
pub mod compute;
pub mod definition;
pub mod io;
pub mod result;
pub mod table;

pub use catalogue::Catalogue;
pub use compute::{Request, compute};
pub use definition::{
    AgeBand, Area, CohortRule, Condition, CountSpec, Definition, Key, Matching, Mode,
};
pub use result::{IndicatorResults, ResultIndicator, ValueStatus};
pub use table::{Column, ColumnSpec, ColumnType, Symbol, Table, TableBuilder, TableKind, Tables};
