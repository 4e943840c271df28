//! Long input tables (tidy count tables) and the set of tables an indicator computation reads.
//!
//! A [`Table`] is one of the table kinds of indicators.md 8.4 ([`TableKind`]): key columns
//! (text or integer) plus one `count` column. Text values are interned once in the [`Tables`]
//! container so that the same area id or category is the same code in every table, which makes
//! joins between numerator and denominator tables cheap.
//!
//! A count cell is a non-negative integer or a *missing* value with its official table symbol
//! ([`Symbol`], shared with the [`genesis`](crate::genesis) reader): `.` (unknown or secret),
//! `x` (not meaningful), `...` (not yet available), `/` (not reliable enough). The symbol `-`
//! ("nichts vorhanden") is a true zero and is stored as the count 0.
//! A missing cell never becomes 0: every indicator value that depends on it gets the status
//! [`ValueStatus::Missing`](super::ValueStatus::Missing).
//!
//! ```
//! use bildung_core::indicators::{TableBuilder, TableKind, Tables};
//! let mut tables = Tables::new();
//! let t = TableBuilder::new(TableKind::Population)
//!     .text("unit_id", ["A", "A", "B"])
//!     .int("year", [2022, 2022, 2022])
//!     .int("age", [0, 1, 0])
//!     .counts([100.0, 98.0, 50.0]);
//! tables.add(t)?;
//! assert_eq!(tables.get(TableKind::Population).map(|t| t.len()), Some(3));
//! # Ok::<(), bildung_core::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use crate::genesis::Symbol;

/// The symbol with this code (`Symbol::code`), if any.
pub(crate) fn symbol_from_code(code: u8) -> Option<Symbol> {
    Symbol::ALL.into_iter().find(|s| s.code() == code)
}

/// Type of a key column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (area ids, categories such as `sex` or `abschluss`).
    Text,
    /// Integer (years, ages, grades).
    Int,
}

/// A column of a table kind's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Column name.
    pub name: &'static str,
    /// Column type.
    pub ty: ColumnType,
    /// Whether every table of the kind must have it.
    pub required: bool,
}

const fn col(name: &'static str, ty: ColumnType, required: bool) -> ColumnSpec {
    ColumnSpec { name, ty, required }
}

use ColumnType::{Int, Text};

const SCHEMA_POPULATION: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("year", Int, true),
    col("age", Int, false),
    col("age_to", Int, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
    col("source", Text, false),
    col("census_basis", Text, false),
];

const SCHEMA_KITA_CHILDREN: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("year", Int, true),
    col("age", Int, false),
    col("care_type", Text, false),
    col("ganztag", Text, false),
    col("sex", Text, false),
    col("family_language_non_german", Text, false),
    col("foreign_parent", Text, false),
    col("attribution", Text, false),
];

const SCHEMA_SCHOOL_PUPILS: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("school_year", Int, true),
    col("schulart", Text, false),
    col("traeger", Text, false),
    col("grade", Int, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
    col("spf", Text, false),
    col("foerderschwerpunkt", Text, false),
    col("ganztag_form", Text, false),
    col("repeater_type", Text, false),
    col("attribution", Text, false),
];

const SCHEMA_SCHOOL_TRANSITIONS: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("school_year_from", Int, true),
    col("from_schulart", Text, false),
    col("from_grade", Int, false),
    col("to_schulart", Text, false),
    col("to_grade", Int, false),
    col("recommendation", Text, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
    col("attribution", Text, false),
];

const SCHEMA_SCHOOL_LEAVERS: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("leaving_year", Int, true),
    col("sector", Text, false),
    col("schulart", Text, false),
    col("abschluss", Text, false),
    col("birth_year", Int, false),
    col("age", Int, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
    col("externe", Text, false),
    col("attribution", Text, false),
];

const SCHEMA_VOCATIONAL_CONTRACTS: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("report_year", Int, true),
    col("contract_start_year", Int, false),
    col("event", Text, false),
    col("first_dual_training", Text, false),
    col("age", Int, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
    col("zustaendigkeitsbereich", Text, false),
];

const SCHEMA_SGB2: &[ColumnSpec] = &[
    col("unit_id", Text, true),
    col("year", Int, true),
    col("person_type", Text, false),
    col("age", Int, false),
    col("age_to", Int, false),
    col("sex", Text, false),
    col("citizenship", Text, false),
];

/// The input table kinds of indicators.md 8.4, each with its period column and schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// `population`: residents by age, sex, citizenship (Bevölkerungsfortschreibung or register),
    /// reference date 31 December of `year`.
    Population,
    /// `kita_children`: children in Kindertageseinrichtungen and Kindertagespflege, 1 March of
    /// `year` (Kinder- und Jugendhilfestatistik).
    KitaChildren,
    /// `school_pupils`: pupils at the start of school year `school_year`/`school_year`+1.
    SchoolPupils,
    /// `school_transitions`: transitions from school year `school_year_from` to the next.
    SchoolTransitions,
    /// `school_leavers`: leavers and graduates at the end of school year
    /// `leaving_year`-1/`leaving_year`.
    SchoolLeavers,
    /// `vocational_contracts`: training contracts (Berufsbildungsstatistik), 31 December of
    /// `report_year`.
    VocationalContracts,
    /// `sgb2`: recipients of SGB II benefits, December of `year`.
    Sgb2,
}

impl TableKind {
    /// Every kind.
    pub const ALL: [TableKind; 7] = [
        TableKind::Population,
        TableKind::KitaChildren,
        TableKind::SchoolPupils,
        TableKind::SchoolTransitions,
        TableKind::SchoolLeavers,
        TableKind::VocationalContracts,
        TableKind::Sgb2,
    ];

    /// The table name used in definitions and files (`"school_leavers"`).
    pub const fn name(self) -> &'static str {
        match self {
            TableKind::Population => "population",
            TableKind::KitaChildren => "kita_children",
            TableKind::SchoolPupils => "school_pupils",
            TableKind::SchoolTransitions => "school_transitions",
            TableKind::SchoolLeavers => "school_leavers",
            TableKind::VocationalContracts => "vocational_contracts",
            TableKind::Sgb2 => "sgb2",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The integer column holding the reporting period.
    pub const fn period_column(self) -> &'static str {
        match self {
            TableKind::Population | TableKind::KitaChildren | TableKind::Sgb2 => "year",
            TableKind::SchoolPupils => "school_year",
            TableKind::SchoolTransitions => "school_year_from",
            TableKind::SchoolLeavers => "leaving_year",
            TableKind::VocationalContracts => "report_year",
        }
    }

    /// The reference date of period `p`, as printed in results.
    pub fn reference(self, p: i64) -> String {
        match self {
            TableKind::Population => format!("{p}-12-31"),
            TableKind::KitaChildren => format!("{p}-03-01"),
            TableKind::SchoolPupils => format!("school year {p}/{:02}", (p + 1).rem_euclid(100)),
            TableKind::SchoolTransitions => {
                format!("school year {p}/{:02} -> next", (p + 1).rem_euclid(100))
            }
            TableKind::SchoolLeavers => format!("leaving year {p}"),
            TableKind::VocationalContracts => format!("{p}-12-31 (report year {p})"),
            TableKind::Sgb2 => format!("{p}-12"),
        }
    }

    /// The known columns (besides `count`). Tables may carry further text or integer columns;
    /// a definition may filter or break down by them.
    pub const fn schema(self) -> &'static [ColumnSpec] {
        match self {
            TableKind::Population => SCHEMA_POPULATION,
            TableKind::KitaChildren => SCHEMA_KITA_CHILDREN,
            TableKind::SchoolPupils => SCHEMA_SCHOOL_PUPILS,
            TableKind::SchoolTransitions => SCHEMA_SCHOOL_TRANSITIONS,
            TableKind::SchoolLeavers => SCHEMA_SCHOOL_LEAVERS,
            TableKind::VocationalContracts => SCHEMA_VOCATIONAL_CONTRACTS,
            TableKind::Sgb2 => SCHEMA_SGB2,
        }
    }

    /// The schema entry of a column, if the column is known for this kind.
    pub fn column_spec(self, name: &str) -> Option<ColumnSpec> {
        self.schema().iter().copied().find(|c| c.name == name)
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Values of one key column, as given by the caller (before interning).
#[derive(Debug, Clone)]
enum RawColumn {
    Text(Vec<String>),
    Int(Vec<i64>),
    /// Codes into `levels` (a pandas Categorical); a negative code is a missing key.
    Coded(Vec<i64>, Vec<String>),
}

impl RawColumn {
    fn len(&self) -> usize {
        match self {
            RawColumn::Text(v) => v.len(),
            RawColumn::Int(v) => v.len(),
            RawColumn::Coded(v, _) => v.len(),
        }
    }
}

/// Builds a [`Table`]: key columns by name, then the counts (and optionally their symbols).
///
/// Nothing is checked until [`Tables::add`], which validates everything and names the row and
/// column of the first problem.
#[derive(Debug, Clone)]
pub struct TableBuilder {
    kind: TableKind,
    columns: Vec<(String, RawColumn)>,
    counts: Vec<f64>,
    symbols: Option<Vec<Option<Symbol>>>,
    source: Option<String>,
}

impl TableBuilder {
    /// A builder for a table of this kind.
    pub fn new(kind: TableKind) -> TableBuilder {
        TableBuilder {
            kind,
            columns: Vec::new(),
            counts: Vec::new(),
            symbols: None,
            source: None,
        }
    }

    /// Add a text key column.
    pub fn text<S: Into<String>>(
        mut self,
        name: &str,
        values: impl IntoIterator<Item = S>,
    ) -> TableBuilder {
        let v = values.into_iter().map(Into::into).collect();
        self.columns.push((name.to_owned(), RawColumn::Text(v)));
        self
    }

    /// Add a text key column given as codes into `levels` (a categorical column); a negative
    /// code is a missing key and is rejected by [`Tables::add`].
    pub fn coded(mut self, name: &str, codes: Vec<i64>, levels: Vec<String>) -> TableBuilder {
        self.columns
            .push((name.to_owned(), RawColumn::Coded(codes, levels)));
        self
    }

    /// Add an integer key column.
    pub fn int(mut self, name: &str, values: impl IntoIterator<Item = i64>) -> TableBuilder {
        let v = values.into_iter().collect();
        self.columns.push((name.to_owned(), RawColumn::Int(v)));
        self
    }

    /// Set the counts (NaN = missing; give the symbol with [`TableBuilder::symbols`]).
    pub fn counts(mut self, counts: impl IntoIterator<Item = f64>) -> TableBuilder {
        self.counts = counts.into_iter().collect();
        self
    }

    /// Set the table symbol of each count (`None` for a number). A cell with a symbol must have
    /// a NaN count.
    pub fn symbols(mut self, symbols: Vec<Option<Symbol>>) -> TableBuilder {
        self.symbols = Some(symbols);
        self
    }

    /// Name the source (a file name) used in error messages instead of the table kind.
    pub fn source(mut self, source: impl Into<String>) -> TableBuilder {
        self.source = Some(source.into());
        self
    }
}

/// A key column of a stored table.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text values as codes of the [`Tables`] interner.
    Text(Vec<u32>),
    /// Integer values.
    Int(Vec<i64>),
}

impl Column {
    /// The value of row `i` as an integer (text: its interned code).
    #[inline]
    pub fn key(&self, i: usize) -> i64 {
        match self {
            Column::Text(v) => i64::from(v[i]),
            Column::Int(v) => v[i],
        }
    }

    /// The column type.
    pub fn ty(&self) -> ColumnType {
        match self {
            Column::Text(_) => ColumnType::Text,
            Column::Int(_) => ColumnType::Int,
        }
    }
}

/// A validated long table: key columns and counts.
#[derive(Debug, Clone)]
pub struct Table {
    kind: TableKind,
    source: String,
    names: Vec<String>,
    columns: Vec<Column>,
    counts: Vec<f64>,
    symbols: Vec<u8>,
}

impl Table {
    /// The table kind.
    pub fn kind(&self) -> TableKind {
        self.kind
    }

    /// The name used in messages (file name or table kind).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Names of the key columns.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    /// A key column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
    }

    /// The counts (NaN where the cell is missing).
    pub fn counts(&self) -> &[f64] {
        &self.counts
    }

    /// The symbol of row `i`'s count, if it is missing.
    pub fn symbol(&self, i: usize) -> Option<Symbol> {
        self.symbols.get(i).and_then(|&c| symbol_from_code(c))
    }

    /// Raw symbol codes (0 = a number).
    pub(crate) fn symbol_codes(&self) -> &[u8] {
        &self.symbols
    }
}

/// String interner shared by all tables of a [`Tables`] set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    strings: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&c) = self.index.get(s) {
            return c;
        }
        let c = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.to_owned());
        self.index.insert(s.to_owned(), c);
        c
    }

    pub(crate) fn lookup(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    pub(crate) fn get(&self, code: u32) -> &str {
        self.strings.get(code as usize).map_or("", String::as_str)
    }

    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }
}

/// The input tables of an indicator computation (at most one table per kind), with the
/// optional list of known area ids.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub(crate) interner: Interner,
    tables: Vec<Table>,
    units: Option<Vec<u32>>,
}

impl Tables {
    /// An empty set.
    pub fn new() -> Tables {
        Tables::default()
    }

    /// The table of this kind, if loaded.
    pub fn get(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// The text of an interned code (area ids and categories in results).
    pub fn text(&self, code: u32) -> &str {
        self.interner.get(code)
    }

    /// Declare the known area ids (the `geography` table). From then on every table row whose
    /// `unit_id` is not among them is an error naming the row, and results list every known area
    /// (areas without data get the status `no_data`).
    ///
    /// Errors: an empty or duplicated id ([`Error::Table`]); a loaded table with an unknown id.
    pub fn set_units<S: AsRef<str>>(&mut self, ids: impl IntoIterator<Item = S>) -> Result<()> {
        let mut codes = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (row, id) in ids.into_iter().enumerate() {
            let id = id.as_ref().trim();
            if id.is_empty() {
                return Err(Error::table(
                    "geography",
                    Some(row),
                    Some("unit_id"),
                    "empty area id",
                ));
            }
            let c = self.interner.intern(id);
            if !seen.insert(c) {
                return Err(Error::table(
                    "geography",
                    Some(row),
                    Some("unit_id"),
                    format!("duplicated area id `{id}`"),
                ));
            }
            codes.push(c);
        }
        let known: std::collections::HashSet<u32> = codes.iter().copied().collect();
        for t in &self.tables {
            check_units(t, &known, &self.interner)?;
        }
        self.units = Some(codes);
        Ok(())
    }

    /// The declared area ids (interned codes), if any.
    pub(crate) fn units(&self) -> Option<&[u32]> {
        self.units.as_deref()
    }

    /// Validate a built table and add it, replacing a loaded table of the same kind.
    ///
    /// Checks, each failure an [`Error::Table`] naming the row and column:
    /// * every column has as many rows as `counts`; required columns of the kind are present;
    ///   known columns have their schema type; no column name twice; no column named `count`;
    /// * text keys are non-empty (after trimming) and categorical codes are valid;
    /// * counts are finite, non-negative and integral, or NaN with a [`Symbol`] (a NaN without a
    ///   symbol is reported as `.`, unknown); a symbol on a number is an error;
    /// * no two rows have the same key (all key columns equal);
    /// * with declared area ids ([`Tables::set_units`]): every `unit_id` is known.
    pub fn add(&mut self, builder: TableBuilder) -> Result<()> {
        let table = self.build(builder)?;
        if let Some(units) = &self.units {
            let known: std::collections::HashSet<u32> = units.iter().copied().collect();
            check_units(&table, &known, &self.interner)?;
        }
        self.tables.retain(|t| t.kind != table.kind);
        self.tables.push(table);
        Ok(())
    }

    fn build(&mut self, b: TableBuilder) -> Result<Table> {
        let source = b.source.clone().unwrap_or_else(|| b.kind.name().to_owned());
        let n = b.counts.len();
        let err = |row: Option<usize>, col: Option<&str>, reason: String| {
            Error::table(source.clone(), row, col, reason)
        };
        for spec in b.kind.schema().iter().filter(|c| c.required) {
            if !b.columns.iter().any(|(name, _)| name == spec.name) {
                return Err(err(
                    None,
                    Some(spec.name),
                    format!("required column missing (a {} table needs it)", b.kind),
                ));
            }
        }
        let mut names: Vec<String> = Vec::with_capacity(b.columns.len());
        let mut columns = Vec::with_capacity(b.columns.len());
        for (name, raw) in b.columns {
            if name == "count" || names.contains(&name) {
                return Err(err(
                    None,
                    Some(&name),
                    "column name used twice (or `count` given as a key column)".into(),
                ));
            }
            if raw.len() != n {
                return Err(err(
                    None,
                    Some(&name),
                    format!("column has {} rows but `count` has {n}", raw.len()),
                ));
            }
            let expected = b.kind.column_spec(&name).map(|s| s.ty);
            let column = match raw {
                RawColumn::Int(v) => {
                    if expected == Some(ColumnType::Text) {
                        // Area ids and categories given as numbers: keep them as text.
                        Column::Text(
                            v.iter()
                                .map(|x| self.interner.intern(&x.to_string()))
                                .collect(),
                        )
                    } else {
                        Column::Int(v)
                    }
                }
                RawColumn::Text(v) => {
                    if expected == Some(ColumnType::Int) {
                        let mut out = Vec::with_capacity(v.len());
                        for (row, s) in v.iter().enumerate() {
                            out.push(s.trim().parse::<i64>().map_err(|_| {
                                err(Some(row), Some(&name), format!("`{s}` is not an integer"))
                            })?);
                        }
                        Column::Int(out)
                    } else {
                        let mut codes = Vec::with_capacity(v.len());
                        let mut last: Option<(&str, u32)> = None;
                        for (row, s) in v.iter().enumerate() {
                            let t = s.trim();
                            if t.is_empty() {
                                return Err(err(Some(row), Some(&name), "empty key".into()));
                            }
                            let c = match last {
                                Some((p, c)) if p == t => c,
                                _ => self.interner.intern(t),
                            };
                            last = Some((t, c));
                            codes.push(c);
                        }
                        Column::Text(codes)
                    }
                }
                RawColumn::Coded(codes, levels) => {
                    if expected == Some(ColumnType::Int) {
                        let mut out = Vec::with_capacity(codes.len());
                        let parsed: Vec<Option<i64>> = levels
                            .iter()
                            .map(|l| l.trim().parse::<i64>().ok())
                            .collect();
                        for (row, &c) in codes.iter().enumerate() {
                            let v = usize::try_from(c)
                                .ok()
                                .and_then(|c| parsed.get(c).copied().flatten())
                                .ok_or_else(|| {
                                    err(Some(row), Some(&name), "missing or non-integer key".into())
                                })?;
                            out.push(v);
                        }
                        Column::Int(out)
                    } else {
                        let mut map = Vec::with_capacity(levels.len());
                        for l in &levels {
                            let t = l.trim();
                            map.push(if t.is_empty() {
                                None
                            } else {
                                Some(self.interner.intern(t))
                            });
                        }
                        let mut out = Vec::with_capacity(codes.len());
                        for (row, &c) in codes.iter().enumerate() {
                            let v = usize::try_from(c)
                                .ok()
                                .and_then(|c| map.get(c).copied().flatten())
                                .ok_or_else(|| {
                                    err(Some(row), Some(&name), "missing or empty key".into())
                                })?;
                            out.push(v);
                        }
                        Column::Text(out)
                    }
                }
            };
            names.push(name);
            columns.push(column);
        }
        let mut symbols = vec![0u8; n];
        if let Some(s) = &b.symbols {
            if s.len() != n {
                return Err(err(
                    None,
                    Some("symbol"),
                    format!("{} symbols for {n} counts", s.len()),
                ));
            }
            for (i, sym) in s.iter().enumerate() {
                if let Some(sym) = sym {
                    symbols[i] = sym.code();
                }
            }
        }
        let mut counts = b.counts;
        for (row, (c, sym)) in counts.iter_mut().zip(symbols.iter_mut()).enumerate() {
            if *sym == Symbol::Zero.code() {
                // `-` ("nichts vorhanden") is a true zero: the count 0.
                if c.is_nan() || *c == 0.0 {
                    *c = 0.0;
                    *sym = 0;
                    continue;
                }
                return Err(err(
                    Some(row),
                    Some("count"),
                    format!("count {c} has the symbol `-` (nothing, exactly 0)"),
                ));
            }
            let c = *c;
            if c.is_nan() {
                if *sym == 0 {
                    *sym = Symbol::Unknown.code();
                }
                continue;
            }
            if *sym != 0 {
                return Err(err(
                    Some(row),
                    Some("count"),
                    format!("count {c} has a table symbol; a cell with a symbol has no number"),
                ));
            }
            if !c.is_finite() {
                return Err(err(
                    Some(row),
                    Some("count"),
                    format!("non-finite count {c}"),
                ));
            }
            if c < 0.0 {
                return Err(err(Some(row), Some("count"), format!("negative count {c}")));
            }
            if c.fract() != 0.0 {
                return Err(err(
                    Some(row),
                    Some("count"),
                    format!("count {c} is not integral"),
                ));
            }
        }
        let table = Table {
            kind: b.kind,
            source,
            names,
            columns,
            counts,
            symbols,
        };
        check_unique_keys(&table, &self.interner)?;
        Ok(table)
    }
}

/// Every `unit_id` of `t` must be in `known`.
fn check_units(
    t: &Table,
    known: &std::collections::HashSet<u32>,
    interner: &Interner,
) -> Result<()> {
    if let Some(Column::Text(ids)) = t.column("unit_id")
        && let Some(row) = ids.iter().position(|c| !known.contains(c))
    {
        return Err(Error::table(
            t.source.clone(),
            Some(row),
            Some("unit_id"),
            format!(
                "unknown area id `{}` (not in the geography)",
                interner.get(ids[row])
            ),
        ));
    }
    Ok(())
}

/// No two rows of `t` may share all key values.
fn check_unique_keys(t: &Table, interner: &Interner) -> Result<()> {
    let n = t.len();
    if n < 2 {
        return Ok(());
    }
    // Dense index per column, combined into one mixed-radix u128 key where it fits.
    let mut dense: Vec<(Vec<u32>, u128)> = Vec::with_capacity(t.columns.len());
    for c in &t.columns {
        dense.push(dense_codes(c));
    }
    let fits = dense
        .iter()
        .try_fold(1u128, |acc, (_, card)| acc.checked_mul((*card).max(1)))
        .is_some();
    let mut keys: Vec<(u128, u32)> = Vec::with_capacity(n);
    if fits {
        for i in 0..n {
            let mut k = 0u128;
            for (codes, card) in &dense {
                k = k * card + u128::from(codes[i]);
            }
            keys.push((k, i as u32));
        }
    } else {
        // Too many combinations for one integer: hash (collisions are re-checked below).
        for i in 0..n {
            let mut h: u128 = 0xcbf2_9ce4_8422_2325;
            for (codes, _) in &dense {
                h = (h ^ u128::from(codes[i])).wrapping_mul(0x0100_0000_01b3);
            }
            keys.push((h, i as u32));
        }
    }
    keys.sort_unstable();
    for w in keys.windows(2) {
        if w[0].0 == w[1].0 {
            let (a, b) = (w[0].1 as usize, w[1].1 as usize);
            let same = t.columns.iter().all(|c| c.key(a) == c.key(b));
            if same {
                let (first, second) = (a.min(b), a.max(b));
                let key: Vec<String> = t
                    .names
                    .iter()
                    .zip(&t.columns)
                    .map(|(name, c)| match c {
                        Column::Text(v) => format!("{name}={}", interner.get(v[second])),
                        Column::Int(v) => format!("{name}={}", v[second]),
                    })
                    .collect();
                return Err(Error::table(
                    t.source.clone(),
                    Some(second),
                    None,
                    format!("duplicated key ({}): same as row {first}", key.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

/// Dense codes 0..card of a column's values (in order of first appearance) and the cardinality.
pub(crate) fn dense_codes(c: &Column) -> (Vec<u32>, u128) {
    let mut map: HashMap<i64, u32> = HashMap::new();
    let n = match c {
        Column::Text(v) => v.len(),
        Column::Int(v) => v.len(),
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let k = c.key(i);
        let next = map.len() as u32;
        out.push(*map.entry(k).or_insert(next));
    }
    (out, map.len() as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pop() -> TableBuilder {
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A", "B"])
            .int("year", [2022, 2022, 2022])
            .int("age", [0, 1, 0])
            .counts([10.0, 12.0, 5.0])
    }

    #[test]
    fn builds_and_interns() {
        let mut t = Tables::new();
        t.add(pop()).unwrap();
        let p = t.get(TableKind::Population).unwrap();
        assert_eq!(p.len(), 3);
        let Some(Column::Text(ids)) = p.column("unit_id") else {
            panic!("unit_id is text")
        };
        assert_eq!(ids[0], ids[1]);
        assert_eq!(t.text(ids[2]), "B");
    }

    #[test]
    fn rejects_bad_rows_naming_row_and_column() {
        let mut t = Tables::new();
        let e = t.add(pop().counts([1.0, -2.0, 3.0])).unwrap_err();
        assert!(e.to_string().contains("row 1, column `count`"), "{e}");
        let e = t.add(pop().counts([1.0, 2.5, 3.0])).unwrap_err();
        assert!(e.to_string().contains("not integral"), "{e}");
        let e = t.add(pop().int("age", [0, 0, 0]).counts([1.0, 2.0, 3.0]));
        assert!(e.is_err());
        let dup = TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A"])
            .int("year", [2022, 2022])
            .int("age", [3, 3])
            .counts([1.0, 2.0]);
        let e = t.add(dup).unwrap_err();
        assert!(e.to_string().contains("duplicated key"), "{e}");
        assert!(e.to_string().contains("row 1"), "{e}");
        let missing = TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A"])
            .counts([1.0]);
        let e = t.add(missing).unwrap_err();
        assert!(e.to_string().contains("column `year`"), "{e}");
        let short = pop().counts([1.0, 2.0]);
        assert!(t.add(short).unwrap_err().to_string().contains("`unit_id`"));
        let empty_id = pop().text("sex", ["m", " ", "w"]);
        assert!(
            t.add(empty_id)
                .unwrap_err()
                .to_string()
                .contains("empty key")
        );
    }

    #[test]
    fn symbols_stay_missing_and_units_are_checked() {
        let mut t = Tables::new();
        t.add(pop().counts([1.0, f64::NAN, 3.0]).symbols(vec![
            None,
            Some(Symbol::NotMeaningful),
            None,
        ]))
        .unwrap();
        let p = t.get(TableKind::Population).unwrap();
        assert_eq!(p.symbol(1), Some(Symbol::NotMeaningful));
        assert_eq!(p.symbol(0), None);
        let e = t.set_units(["A"]).unwrap_err();
        assert!(e.to_string().contains("unknown area id `B`"), "{e}");
        t.set_units(["A", "B", "C"]).unwrap();
        let e = t.set_units(["A", "A"]).unwrap_err();
        assert!(e.to_string().contains("duplicated area id"), "{e}");
    }
}
