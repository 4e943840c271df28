//! Indicator results: one record per indicator x area x breakdown x category x period.

use super::definition::{Definition, Mode};
use super::table::{Symbol, TableKind, symbol_from_code};
use crate::input::Flags;

/// Status of one indicator value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum ValueStatus {
    /// A value was computed.
    Ok = 0,
    /// An input cell the value depends on is missing (a table symbol such as `.` or `x`): the
    /// value is NaN and [`IndicatorResults::symbol`] gives the symbol.
    Missing = 1,
    /// The denominator is 0 ("nicht berechenbar"): the value is NaN. Not an error.
    NotComputable = 2,
    /// Numerator and denominator exist but the value does not: a cohort quota with events at an
    /// age without population ("events without population"), a layered flow with dissolutions
    /// from an entry year without entries. The value is NaN.
    Undefined = 3,
    /// No denominator rows for this area and period (the data were not delivered), or the
    /// population rows do not cover the age band (flag `age_gap`): the value is NaN.
    NoData = 4,
}

impl ValueStatus {
    /// Name as used in Python and files (`"ok"`, `"missing"`, `"not_computable"`,
    /// `"undefined"`, `"no_data"`).
    pub const fn name(self) -> &'static str {
        match self {
            ValueStatus::Ok => "ok",
            ValueStatus::Missing => "missing",
            ValueStatus::NotComputable => "not_computable",
            ValueStatus::Undefined => "undefined",
            ValueStatus::NoData => "no_data",
        }
    }

    /// Every status, in code order.
    pub const ALL: [ValueStatus; 5] = [
        ValueStatus::Ok,
        ValueStatus::Missing,
        ValueStatus::NotComputable,
        ValueStatus::Undefined,
        ValueStatus::NoData,
    ];
}

/// What a result needs to know about the definition that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultIndicator {
    /// Indicator id.
    pub id: String,
    /// Definition version.
    pub version: u32,
    /// Computation mode.
    pub mode: Mode,
    /// Numerator table and period offset.
    pub numerator: Option<(TableKind, i64)>,
    /// Denominator table and period offset.
    pub denominator: Option<(TableKind, i64)>,
    /// Population source of the definition, if stated.
    pub population_source: Option<String>,
    /// Category column, if any.
    pub category: Option<String>,
}

impl ResultIndicator {
    pub(crate) fn of(d: &Definition) -> ResultIndicator {
        ResultIndicator {
            id: d.id.clone(),
            version: d.version,
            mode: d.mode,
            numerator: d.numerator.as_ref().map(|s| (s.table, s.period_offset)),
            denominator: d.denominator.as_ref().map(|s| (s.table, s.period_offset)),
            population_source: d.population_source.clone(),
            category: d.category.clone(),
        }
    }

    /// Reference date of the numerator in period `t` (`"leaving year 2023"`, `"2023-03-01"`).
    pub fn numerator_reference(&self, t: i64) -> String {
        self.numerator
            .map(|(k, o)| k.reference(t + o))
            .unwrap_or_default()
    }

    /// Reference date of the denominator in period `t` (`"2022-12-31"`).
    pub fn denominator_reference(&self, t: i64) -> String {
        self.denominator
            .map(|(k, o)| k.reference(t + o))
            .unwrap_or_default()
    }
}

/// The results of a computation, column by column (one entry per record).
///
/// Text columns (`unit`, `by`, `category`) hold codes into [`IndicatorResults::strings`]; the
/// code [`IndicatorResults::TOTAL`] means "not broken down" (the whole of that column) and
/// prints as `total`.
#[derive(Debug, Clone, Default)]
pub struct IndicatorResults {
    /// The indicators, indexed by [`IndicatorResults::indicator`].
    pub indicators: Vec<ResultIndicator>,
    /// The breakdown column names.
    pub by: Vec<String>,
    /// Dictionary of the text codes.
    pub strings: Vec<String>,
    /// Indicator of each record (index into `indicators`).
    pub indicator: Vec<u32>,
    /// Area id code.
    pub unit: Vec<u32>,
    /// Period (the numerator table's period: leaving year, school year start, ...).
    pub period: Vec<i64>,
    /// Breakdown codes, one vector per column of `by`.
    pub by_codes: Vec<Vec<u32>>,
    /// Category code ([`IndicatorResults::TOTAL`] for indicators without category).
    pub category: Vec<u32>,
    /// The value (percent, per 100, count or percentage points; NaN unless `ok`).
    pub value: Vec<f64>,
    /// The numerator count (NaN if unknown).
    pub numerator: Vec<f64>,
    /// The denominator count (population of the band for cohort quotas; NaN if none).
    pub denominator: Vec<f64>,
    /// Standard error where the mode has one (Quotensummenverfahren: Poisson SE), else NaN.
    pub se: Vec<f64>,
    /// Status.
    pub status: Vec<ValueStatus>,
    /// Warning flags ([`Flags`] bits).
    pub flags: Vec<u32>,
    /// Table symbol of the first missing input cell (0 = none; see [`Symbol`]).
    pub symbol: Vec<u8>,
    /// Population source of the record's population rows (`source` column of the population
    /// table: `fortschreibung`, `register`, `zensus`): a text code, [`IndicatorResults::NA`]
    /// when the table has no such column or the indicator no population, or
    /// [`IndicatorResults::MIXED`].
    pub population_source: Vec<u32>,
    /// Census basis of the record's population rows (`census_basis` column: `vz1987`, `z2011`,
    /// `z2022`), coded as `population_source`.
    pub census_basis: Vec<u32>,
    /// Indicators left out of a whole-catalogue computation (no explicit ids) because their
    /// tables or columns are not loaded: `(id, reason)`.
    pub skipped: Vec<(String, String)>,
    /// Notes that need a second look, `(id, text)`: e.g. a filter value that no row has (every
    /// numerator is then 0 — right for a category that did not occur, wrong for a misspelling).
    pub warnings: Vec<(String, String)>,
    /// First code of the labels of integer breakdown and category values (grade 7 -> "7").
    pub(crate) int_base: u32,
    pub(crate) int_labels: std::collections::HashMap<i64, u32>,
    pub(crate) int_texts: Vec<String>,
}

impl IndicatorResults {
    /// The code of "total" (not broken down).
    pub const TOTAL: u32 = 0;
    /// The code of "not applicable" (prints as an empty text).
    pub const NA: u32 = u32::MAX;
    /// The code of "mixed" (population rows of different sources or census bases).
    pub const MIXED: u32 = u32::MAX - 1;

    /// The result code of the text label of an integer key value.
    pub(crate) fn int_label(&mut self, v: i64) -> u32 {
        if let Some(&c) = self.int_labels.get(&v) {
            return c;
        }
        let c = self.int_base + self.int_texts.len() as u32;
        self.int_texts.push(v.to_string());
        self.int_labels.insert(v, c);
        c
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The text of a code.
    pub fn text(&self, code: u32) -> &str {
        if code == Self::MIXED {
            return "mixed";
        }
        self.strings.get(code as usize).map_or("", String::as_str)
    }

    /// The symbol of record `i`, if an input cell was missing.
    pub fn symbol_of(&self, i: usize) -> Option<Symbol> {
        symbol_from_code(self.symbol[i])
    }

    /// The flags of record `i`.
    pub fn flags_of(&self, i: usize) -> Flags {
        Flags::from_bits(self.flags[i])
    }

    /// Index of the first record of indicator `id`, area `unit`, period `t`, with the given
    /// breakdown and category texts (`"total"` where not broken down). For tests and lookups;
    /// linear in the number of records.
    pub fn find(&self, id: &str, unit: &str, t: i64, by: &[&str], category: &str) -> Option<usize> {
        (0..self.len()).find(|&i| {
            self.indicators[self.indicator[i] as usize].id == id
                && self.text(self.unit[i]) == unit
                && self.period[i] == t
                && self.text(self.category[i]) == category
                && by.len() == self.by.len()
                && by
                    .iter()
                    .zip(&self.by_codes)
                    .all(|(want, codes)| self.text(codes[i]) == *want)
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &mut self,
        indicator: u32,
        unit: u32,
        period: i64,
        by: &[u32],
        category: u32,
        v: &Cell,
    ) {
        self.indicator.push(indicator);
        self.unit.push(unit);
        self.period.push(period);
        for (col, &c) in self.by_codes.iter_mut().zip(by) {
            col.push(c);
        }
        self.category.push(category);
        self.value.push(v.value);
        self.numerator.push(v.numerator);
        self.denominator.push(v.denominator);
        self.se.push(v.se);
        self.status.push(v.status);
        self.flags.push(v.flags.bits());
        self.symbol.push(v.symbol);
        self.population_source.push(v.source);
        self.census_basis.push(v.basis);
    }
}

/// The computed part of one record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub value: f64,
    pub numerator: f64,
    pub denominator: f64,
    pub se: f64,
    pub status: ValueStatus,
    pub flags: Flags,
    pub symbol: u8,
    /// Population source and census basis codes ([`IndicatorResults::NA`] if none).
    pub source: u32,
    pub basis: u32,
}

impl Cell {
    /// A record without value, with this status.
    pub(crate) fn without_value(status: ValueStatus, numerator: f64, denominator: f64) -> Cell {
        Cell {
            value: f64::NAN,
            numerator,
            denominator,
            se: f64::NAN,
            status,
            flags: Flags::NONE,
            symbol: 0,
            source: IndicatorResults::NA,
            basis: IndicatorResults::NA,
        }
    }
}
