//! Indicator definitions as data (JSON or TOML) and their validation.
//!
//! A [`Definition`] says what an indicator counts and how: the computation [`Mode`], the
//! numerator and denominator ([`CountSpec`]: which table, which rows), the age band, the cohort
//! rule of cohort quotas, the allowed breakdowns, the source, and the periods in which the
//! definition is in force (`valid_from`/`valid_to`, e.g. the switch to the
//! Quotensummenverfahren in 2010). Every field is documented in `docs/indicators.md`-style in
//! the built-in catalogue (`catalogue.toml`).
//!
//! Reading a definition checks every field and names the first bad one:
//!
//! ```
//! use bildung_core::indicators::Catalogue;
//! let bad = r#"[[indicator]]
//! id = "X1"
//! area = "D"
//! name_de = "Test"
//! name_en = "Test"
//! mode = "share"
//! numerator = { table = "school_leavers" }
//! source = "own"
//! "#;
//! let e = Catalogue::from_toml(bad).unwrap_err();
//! assert!(e.to_string().contains("field `denominator`"), "{e}");
//! ```

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::table::{ColumnType, TableKind};
use crate::error::{Error, Result};

/// Thematic area of the Anwendungsleitfaden / Kommunale Bildungsdatenbank (indicators.md 1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Area {
    /// A: Rahmenbedingungen (context: demography, social situation).
    A,
    /// B: Grundinformationen zur Bildung.
    B,
    /// C: Frühkindliche Bildung (early childhood).
    C,
    /// D: Allgemeinbildende Schulen (general-education schools).
    D,
    /// E: Berufliche Bildung (vocational training).
    E,
    /// F: Hochschulen (higher education).
    F,
    /// G: Weiterbildung (adult education).
    G,
    /// H: Non-formale und informelle Lernwelten.
    H,
    /// I: Bildungsnetzwerke / Bildungsberatung.
    I,
}

/// How an indicator is computed (indicators.md 8.1). `v` is the value, `N` the numerator count,
/// `D` the denominator count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// `v = N`: a count (Neuabschlüsse, pupils by Schulart).
    Count,
    /// `v = 100 N / D`, numerator a subset of the denominator in the same table and period
    /// (Anteil: Abgänger nach Abschlussart, Ausländeranteil, Inklusionsanteil).
    Share,
    /// `v = 100 N / P`: events or stock over a population of an age band at a reference date,
    /// possibly of another year (Quote: Betreuungsquote, SGB-II-Quote, Förderquote).
    Rate,
    /// `v = 100 P(A) / P(B)` (Jugend-, Alten-, Gesamtquotient).
    #[serde(rename = "ratio_per_100")]
    RatioPer100,
    /// `v = 100 N(repeaters, grade k) / N(pupils, grade k)`, exclusions by filter
    /// (Wiederholerquote).
    GradeRate,
    /// `v = 100 N(entrants) / D` with D all transitions (variant A) or the stock of the
    /// previous grade (variant B) (Übergangsquote, Übertrittsquote).
    Transition,
    /// Durchschnittsjahrgang (DJ): `v = 100 N / ((1/K) sum_{a in band} P_a)`, K ages in the band.
    MeanCohort,
    /// Quotensummenverfahren (QSV): `v = 100 sum_a N_a / P_a` over single ages a.
    QuotaSum,
    /// Schichtenmodell (layered flow, Vertragslösungsquote):
    /// `v = 100 sum_{i=0}^{L-1} N(t, t-i) / B(t-i)`.
    LayeredFlow,
    /// `v = x(t) - x(t - lag)` in percentage points of a base indicator (MSS Dynamik).
    ChangePp,
}

impl Mode {
    /// The mode name as written in definitions (`"quota_sum"`).
    pub const fn name(self) -> &'static str {
        match self {
            Mode::Count => "count",
            Mode::Share => "share",
            Mode::Rate => "rate",
            Mode::RatioPer100 => "ratio_per_100",
            Mode::GradeRate => "grade_rate",
            Mode::Transition => "transition",
            Mode::MeanCohort => "mean_cohort",
            Mode::QuotaSum => "quota_sum",
            Mode::LayeredFlow => "layered_flow",
            Mode::ChangePp => "change_pp",
        }
    }

    /// The unit of the value (`"count"`, `"percent"`, `"per 100"`, `"percentage points"`).
    pub const fn unit(self) -> &'static str {
        match self {
            Mode::Count => "count",
            Mode::RatioPer100 => "per 100",
            Mode::ChangePp => "percentage points",
            _ => "percent",
        }
    }
}

/// A key value in a filter: an integer or a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Key {
    /// An integer (year, age, grade).
    Int(i64),
    /// A text (category).
    Text(String),
}

/// Which rows of a column a count takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    /// Rows whose value is one of these: `abschluss = ["ohne_hsa"]`, `grade = [5]`.
    In(Vec<Key>),
    /// Rows whose value is none of these: `grade = { not = [1, 2] }`.
    NotIn {
        /// The excluded values.
        not: Vec<Key>,
    },
    /// Integer rows in `[from, to)`: `age = { from = 0, to = 3 }` (either bound may be left out).
    Range {
        /// Lowest value taken (inclusive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<i64>,
        /// First value no longer taken (exclusive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<i64>,
    },
}

/// A numerator or denominator: which table, which rows, which period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountSpec {
    /// The table kind (`"population"`, `"school_leavers"`, ...).
    pub table: TableKind,
    /// Row filters by column.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, Condition>,
    /// Period of this count relative to the indicator's period t: `-1` takes the table's period
    /// t-1 (population on 31.12. of the previous year), 0 the same period.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub period_offset: i64,
}

fn is_zero(x: &i64) -> bool {
    *x == 0
}

/// An age band `[from, to)` in completed years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBand {
    /// Lowest age (inclusive).
    pub from: i64,
    /// First age above the band (exclusive).
    pub to: i64,
}

impl AgeBand {
    /// Number of single ages `K = to - from`.
    pub fn width(self) -> i64 {
        self.to - self.from
    }
}

/// How events of a cohort quota are matched to population ages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    /// Events carry the age `a` at the population reference date: related to `P_a`.
    Age,
    /// Events carry the birth year `b`: related to the population of age
    /// `(t + population offset) - b` on 31.12., i.e. the persons born in `b`.
    BirthYear,
}

/// The cohort rule of a Quotensummenverfahren quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRule {
    /// Age or birth-year matching.
    pub matching: Matching,
    /// Whether events below the band are related to the youngest age and events above it to
    /// the oldest (BIBB convention: "16 and younger" to P_16, "24 and older" to P_24). Without
    /// it, events outside the band are left out and the value is flagged.
    #[serde(default)]
    pub open_ends: bool,
}

/// An indicator definition. See the module docs and the built-in `catalogue.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// Identifier (`"D-ABS-OHSA-QSV"`): letters, digits, `-`, `_`, `.`.
    pub id: String,
    /// Definition version; results carry it.
    pub version: u32,
    /// Thematic area A..I.
    pub area: Area,
    /// German name (official term).
    pub name_de: String,
    /// English name.
    pub name_en: String,
    /// Computation mode.
    pub mode: Mode,
    /// Numerator (all modes but `change_pp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<CountSpec>,
    /// Denominator (modes `share`, `rate`, `ratio_per_100`, `grade_rate`, `transition`,
    /// `mean_cohort`, `quota_sum`, `layered_flow`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<CountSpec>,
    /// A numerator column whose categories each get a value over the same denominator
    /// ("Abgänger nach Abschlussart": one share per `abschluss`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Ages of the indicator: the population ages of a `rate` denominator (and the numerator's
    /// `age` rows when it has that column), the typical band of `mean_cohort`, the summed ages
    /// of `quota_sum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Cohort rule of `quota_sum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<CohortRule>,
    /// Number of entry-year layers of `layered_flow` (BIBB: 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<u32>,
    /// Base indicator of `change_pp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Lag in periods of `change_pp` (MSS: 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<i64>,
    /// Population source expected (`fortschreibung`, `register`, `zensus`); rows of the
    /// population table with another `source` are not used when the table has that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_source: Option<String>,
    /// Columns a result may be broken down by (`sex`, `citizenship`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disaggregations: Vec<String>,
    /// Legal or statistical source of the definition.
    pub source: String,
    /// First period in which the definition is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<i64>,
    /// Last period in which the definition is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<i64>,
    /// Free-text notes (exclusions, conventions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

const FIELDS: [&str; 21] = [
    "id",
    "version",
    "area",
    "name_de",
    "name_en",
    "mode",
    "numerator",
    "denominator",
    "category",
    "age_band",
    "cohort",
    "layers",
    "base",
    "lag",
    "population_source",
    "disaggregations",
    "source",
    "valid_from",
    "valid_to",
    "notes",
    "unit",
];

/// Deserialize one field, naming it in the error.
fn field<T: DeserializeOwned>(obj: &Map<String, Value>, id: &str, name: &str) -> Result<Option<T>> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize(v.clone())
            .map(Some)
            .map_err(|e| Error::definition(id, name, e.to_string())),
    }
}

fn required<T: DeserializeOwned>(obj: &Map<String, Value>, id: &str, name: &str) -> Result<T> {
    field(obj, id, name)?.ok_or_else(|| Error::definition(id, name, "missing"))
}

fn count_spec(v: &Value, id: &str, name: &str) -> Result<CountSpec> {
    let obj = v
        .as_object()
        .ok_or_else(|| Error::definition(id, name, "expected a table with `table` and `filter`"))?;
    for k in obj.keys() {
        if !["table", "filter", "period_offset"].contains(&k.as_str()) {
            return Err(Error::definition(
                id,
                &format!("{name}.{k}"),
                "unknown field (expected table, filter, period_offset)",
            ));
        }
    }
    let table_name = match obj.get("table") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(Error::definition(
                id,
                &format!("{name}.table"),
                "expected a text",
            ));
        }
        None => return Err(Error::definition(id, &format!("{name}.table"), "missing")),
    };
    let table = TableKind::from_name(&table_name).ok_or_else(|| {
        let known: Vec<&str> = TableKind::ALL.iter().map(|k| k.name()).collect();
        Error::definition(
            id,
            &format!("{name}.table"),
            format!("unknown table `{table_name}` (known: {})", known.join(", ")),
        )
    })?;
    let mut filter = BTreeMap::new();
    if let Some(f) = obj.get("filter") {
        let fobj = f.as_object().ok_or_else(|| {
            Error::definition(
                id,
                &format!("{name}.filter"),
                "expected a table of column conditions",
            )
        })?;
        for (col, cond) in fobj {
            let fname = format!("{name}.filter.{col}");
            let c = Condition::deserialize(cond.clone()).map_err(|_| {
                Error::definition(
                    id,
                    &fname,
                    "expected a list of values, { not = [...] } or { from = .., to = .. }",
                )
            })?;
            filter.insert(col.clone(), c);
        }
    }
    let period_offset = match obj.get("period_offset") {
        None => 0,
        Some(v) => v.as_i64().ok_or_else(|| {
            Error::definition(id, &format!("{name}.period_offset"), "expected an integer")
        })?,
    };
    Ok(CountSpec {
        table,
        filter,
        period_offset,
    })
}

impl Definition {
    /// Read one definition from a JSON value (an object), checking every field.
    pub fn from_value(v: &Value) -> Result<Definition> {
        let obj = v
            .as_object()
            .ok_or_else(|| Error::definition("<unnamed>", "<definition>", "expected a table"))?;
        let id: String = match obj.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(Error::definition("<unnamed>", "id", "expected a text")),
            None => return Err(Error::definition("<unnamed>", "id", "missing")),
        };
        for k in obj.keys() {
            if !FIELDS.contains(&k.as_str()) {
                return Err(Error::definition(&id, k, "unknown field"));
            }
        }
        let spec = |name: &str| -> Result<Option<CountSpec>> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => count_spec(v, &id, name).map(Some),
            }
        };
        let d = Definition {
            version: field(obj, &id, "version")?.unwrap_or(1),
            area: required(obj, &id, "area")?,
            name_de: required(obj, &id, "name_de")?,
            name_en: required(obj, &id, "name_en")?,
            mode: required(obj, &id, "mode")?,
            numerator: spec("numerator")?,
            denominator: spec("denominator")?,
            category: field(obj, &id, "category")?,
            age_band: field(obj, &id, "age_band")?,
            cohort: field(obj, &id, "cohort")?,
            layers: field(obj, &id, "layers")?,
            base: field(obj, &id, "base")?,
            lag: field(obj, &id, "lag")?,
            population_source: field(obj, &id, "population_source")?,
            disaggregations: field(obj, &id, "disaggregations")?.unwrap_or_default(),
            source: required(obj, &id, "source")?,
            valid_from: field(obj, &id, "valid_from")?,
            valid_to: field(obj, &id, "valid_to")?,
            notes: field(obj, &id, "notes")?,
            id,
        };
        if let Some(u) = obj.get("unit")
            && u.as_str() != Some(d.mode.unit())
        {
            return Err(Error::definition(
                &d.id,
                "unit",
                format!("the unit of mode {} is `{}`", d.mode.name(), d.mode.unit()),
            ));
        }
        d.check()?;
        Ok(d)
    }

    /// Check the definition's consistency; the error names the first bad field.
    ///
    /// * `id`: non-empty, letters, digits, `-`, `_`, `.`; `version` >= 1; names and source
    ///   non-empty;
    /// * the mode's required parts are present and those it cannot use are absent;
    /// * `age_band` has `0 <= from < to`; `valid_from <= valid_to`; `layers` 1..=10; `lag` >= 1;
    /// * filter conditions fit the schema type of known columns (ranges only on integer
    ///   columns); columns named in filters, `category` and `disaggregations` that are not in
    ///   the table's schema are allowed (custom columns) and checked when computing.
    pub fn check(&self) -> Result<()> {
        let id = self.id.as_str();
        let bad = |f: &str, r: &str| Err(Error::definition(id, f, r));
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return bad("id", "use letters, digits, `-`, `_` and `.` only");
        }
        if self.version == 0 {
            return bad("version", "must be 1 or more");
        }
        for (f, v) in [
            ("name_de", &self.name_de),
            ("name_en", &self.name_en),
            ("source", &self.source),
        ] {
            if v.trim().is_empty() {
                return bad(f, "must not be empty");
            }
        }
        let m = self.mode;
        let needs_den = !matches!(m, Mode::Count | Mode::ChangePp);
        match (m, &self.numerator) {
            (Mode::ChangePp, Some(_)) => {
                return bad("numerator", "change_pp takes its values from `base`");
            }
            (Mode::ChangePp, None) => {}
            (_, None) => return bad("numerator", "missing"),
            _ => {}
        }
        match (needs_den, &self.denominator) {
            (true, None) => return bad("denominator", "missing"),
            (false, Some(_)) => {
                return bad(
                    "denominator",
                    &format!("mode {} has no denominator", m.name()),
                );
            }
            _ => {}
        }
        if m == Mode::ChangePp {
            if self.base.as_deref().is_none_or(str::is_empty) {
                return bad("base", "change_pp needs the id of its base indicator");
            }
            match self.lag {
                Some(l) if l >= 1 => {}
                _ => return bad("lag", "change_pp needs a lag of 1 or more periods"),
            }
        } else if self.base.is_some() || self.lag.is_some() {
            return bad("base", "only mode change_pp takes `base` and `lag`");
        }
        if let Some(b) = self.age_band
            && (b.from < 0 || b.to <= b.from)
        {
            return bad("age_band", "needs 0 <= from < to (to is exclusive)");
        }
        if matches!(m, Mode::MeanCohort | Mode::QuotaSum) {
            if self.age_band.is_none() {
                return bad("age_band", &format!("mode {} needs an age band", m.name()));
            }
            if self.denominator.as_ref().map(|d| d.table) != Some(TableKind::Population) {
                return bad(
                    "denominator.table",
                    "cohort quotas relate to the population table",
                );
            }
        }
        if m == Mode::Rate
            && self.denominator.as_ref().map(|d| d.table) == Some(TableKind::Population)
            && self.age_band.is_none()
            && !self
                .denominator
                .as_ref()
                .is_some_and(|d| d.filter.contains_key("age"))
        {
            return bad("age_band", "a rate over the population needs an age band");
        }
        match (m, self.cohort) {
            (Mode::QuotaSum, None) => return bad("cohort", "quota_sum needs a cohort rule"),
            (Mode::QuotaSum, Some(_)) => {}
            (_, Some(_)) => return bad("cohort", "only quota_sum takes a cohort rule"),
            _ => {}
        }
        match (m, self.layers) {
            (Mode::LayeredFlow, Some(l)) if (1..=10).contains(&l) => {}
            (Mode::LayeredFlow, _) => return bad("layers", "layered_flow needs 1..=10 layers"),
            (_, Some(_)) => return bad("layers", "only layered_flow takes layers"),
            _ => {}
        }
        if m == Mode::LayeredFlow {
            for (f, s) in [
                ("numerator", &self.numerator),
                ("denominator", &self.denominator),
            ] {
                if s.as_ref().map(|s| s.table) != Some(TableKind::VocationalContracts) {
                    return bad(
                        &format!("{f}.table"),
                        "layered_flow reads vocational_contracts",
                    );
                }
            }
        }
        if let (Some(a), Some(b)) = (self.valid_from, self.valid_to)
            && a > b
        {
            return bad("valid_to", "lies before valid_from");
        }
        if let Some(c) = &self.category
            && self.disaggregations.contains(c)
        {
            return bad("category", "is also a disaggregation");
        }
        for (name, spec) in [
            ("numerator", &self.numerator),
            ("denominator", &self.denominator),
        ] {
            let Some(spec) = spec else { continue };
            for (col, cond) in &spec.filter {
                let f = format!("{name}.filter.{col}");
                let ty = spec.table.column_spec(col).map(|s| s.ty);
                match cond {
                    Condition::Range { from, to } => {
                        if ty == Some(ColumnType::Text) {
                            return Err(Error::definition(
                                id,
                                &f,
                                format!("a range needs an integer column; `{col}` is text"),
                            ));
                        }
                        if let (Some(a), Some(b)) = (from, to)
                            && b <= a
                        {
                            return Err(Error::definition(id, &f, "empty range (to <= from)"));
                        }
                    }
                    Condition::In(keys) | Condition::NotIn { not: keys } => {
                        if keys.is_empty() && matches!(cond, Condition::In(_)) {
                            return Err(Error::definition(id, &f, "empty list selects no row"));
                        }
                        for k in keys {
                            let mismatch = matches!((ty, k), (Some(ColumnType::Int), Key::Text(_)));
                            if mismatch {
                                return Err(Error::definition(
                                    id,
                                    &f,
                                    format!("`{col}` is an integer column; {k:?} is text"),
                                ));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the definition is in force in period `t`.
    pub fn in_force(&self, t: i64) -> bool {
        self.valid_from.is_none_or(|a| t >= a) && self.valid_to.is_none_or(|b| t <= b)
    }
}
