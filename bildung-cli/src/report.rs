//! The `bildung report`: share of school leavers without Hauptschulabschluss per Kreis, its
//! inequality across Kreise and the within/between-Land decomposition.
//!
//! All inequality measures come from [`bildung_core::inequality`]; this module only selects the
//! Kreis-level units, forms the shares and formats the results.

use std::collections::{BTreeMap, BTreeSet};

use bildung_core::inequality::{
    self, GeDecomposition, GiniCorrection, GiniDecomposition, QuantileRule, VarianceForm,
};
use bildung_core::{Estimate, NanPolicy};
use ndarray::Array1;

use crate::Error;
use crate::genesis::{ALL_LEAVERS, Cell, Level, Row, Symbol, Table, WITHOUT_HSA};
use crate::small_area::{self, SmallArea};

/// Attribution required by the licence of the data (Datenlizenz Deutschland – Namensnennung 2.0).
pub const ATTRIBUTION: &str = "Datenquelle: Statistische Ämter des Bundes und der Länder, \
Regionaldatenbank Deutschland, Tabelle 21111-02-06-4; \
Datenlizenz Deutschland – Namensnennung – Version 2.0";

/// Number of Kreise in the highest/lowest lists.
const TOP_N: usize = 10;

/// Two-letter abbreviations of the Länder by code 01..16.
const LAND_ABBREV: [&str; 16] = [
    "SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB", "MV", "SN", "ST", "TH",
];

/// Abbreviation of a Land code (`"01"` → `"SH"`), the code itself if unknown.
fn abbrev(land: &str) -> &str {
    land.parse::<usize>()
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| LAND_ABBREV.get(i).copied())
        .unwrap_or(land)
}

/// Why a Kreis has no share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Leavers and leavers without Hauptschulabschluss are counts, leavers > 0.
    Ok,
    /// Every cell of the row is `-`: a code without leavers (in this table: former Kreise).
    Empty,
    /// "Insgesamt" is 0 but the row has other non-zero cells.
    ZeroLeavers,
    /// "Insgesamt" is a missing-value symbol.
    MissingLeavers(Symbol),
    /// "ohne Hauptschulabschluss" is a missing-value symbol.
    MissingWithoutHsa(Symbol),
}

impl Status {
    fn of(row: &Row) -> Status {
        match (row.total(ALL_LEAVERS), row.total(WITHOUT_HSA)) {
            (Cell::Missing(s), _) => Status::MissingLeavers(s),
            (_, Cell::Missing(s)) => Status::MissingWithoutHsa(s),
            (Cell::Count(0), _) if row.is_empty() => Status::Empty,
            (Cell::Count(0), _) => Status::ZeroLeavers,
            _ => Status::Ok,
        }
    }

    /// The status as written in the CSV output.
    pub fn token(self) -> String {
        match self {
            Status::Ok => "ok".into(),
            Status::Empty => "empty".into(),
            Status::ZeroLeavers => "zero_leavers".into(),
            Status::MissingLeavers(s) => format!("missing_leavers:{s}"),
            Status::MissingWithoutHsa(s) => format!("missing_without_hsa:{s}"),
        }
    }

    fn describe(self) -> String {
        match self {
            Status::Ok => "share computed".into(),
            Status::Empty => {
                "every cell '-', no leavers (in this table: codes of former Kreise)".into()
            }
            Status::ZeroLeavers => "0 leavers: a share does not exist".into(),
            Status::MissingLeavers(s) => {
                format!("leavers '{s}' ({}): share not available", s.meaning())
            }
            Status::MissingWithoutHsa(s) => format!(
                "leavers without HSA '{s}' ({}): share not available",
                s.meaning()
            ),
        }
    }
}

/// One Kreis-level unit: a Kreis or kreisfreie Stadt, or a city-state Land without Kreis rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// 5-digit Kreis key (`02000` Hamburg, `11000` Berlin for the city-states).
    pub code: String,
    /// Name as in the file.
    pub name: String,
    /// 2-digit Land code.
    pub land: String,
    /// All leavers ("Insgesamt", both sexes).
    pub leavers: Cell,
    /// Leavers without Hauptschulabschluss (both sexes).
    pub without: Cell,
    /// Leavers without Hauptschulabschluss, female.
    pub without_female: Cell,
    /// Whether a share exists.
    pub status: Status,
    /// True for a city-state taken from its Land row.
    pub city_state: bool,
}

impl Unit {
    fn from_row(row: &Row, code: String, land: &str, city_state: bool) -> Unit {
        Unit {
            code,
            name: row.name.clone(),
            land: land.to_owned(),
            leavers: row.total(ALL_LEAVERS),
            without: row.total(WITHOUT_HSA),
            without_female: row.female(WITHOUT_HSA),
            status: Status::of(row),
            city_state,
        }
    }

    /// Share (%) of leavers without Hauptschulabschluss; `None` unless the status is ok.
    pub fn share(&self) -> Option<f64> {
        match (self.status, self.leavers, self.without) {
            (Status::Ok, Cell::Count(n), Cell::Count(k)) if n > 0 => {
                Some(k as f64 / n as f64 * 100.0)
            }
            _ => None,
        }
    }

    /// `(leavers, without)` when the status is ok.
    fn counts(&self) -> Option<(u64, u64)> {
        match (self.status, self.leavers, self.without) {
            (Status::Ok, Cell::Count(n), Cell::Count(k)) => Some((n, k)),
            _ => None,
        }
    }
}

/// Aggregate of a group of units (a Land or Regierungsbezirk) and of its published row.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    /// Code of the group (2-digit Land or 3-digit Regierungsbezirk).
    pub code: String,
    /// Name from the group's own row.
    pub name: String,
    /// Units with a share.
    pub n_ok: usize,
    /// Units without a share.
    pub n_other: usize,
    /// Sum of leavers over units with a share.
    pub leavers: u64,
    /// Sum of leavers without Hauptschulabschluss over units with a share.
    pub without: u64,
    /// Smallest and largest unit share (%).
    pub min_max: Option<(f64, f64)>,
    /// The group's published row: (leavers, without).
    pub published: Option<(Cell, Cell)>,
}

impl GroupSummary {
    /// Share (%) from the sums over the group's units.
    pub fn share(&self) -> Option<f64> {
        (self.leavers > 0).then(|| self.without as f64 / self.leavers as f64 * 100.0)
    }

    /// True when the published row differs from the sum over the units.
    fn differs(&self) -> bool {
        match self.published {
            Some((Cell::Count(n), Cell::Count(k))) => n != self.leavers || k != self.without,
            _ => false,
        }
    }
}

/// Inequality of the Kreis shares, one weighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    /// Mean share (%): unweighted mean of the Kreis shares, or the aggregate share when weighted.
    pub mean: f64,
    /// Gini coefficient (plug-in).
    pub gini: Estimate,
    /// Theil T = GE(1).
    pub theil: Estimate,
    /// Coefficient of variation (population form).
    pub cv: Estimate,
    /// P90/P10 (quantile type 7).
    pub p90_p10: Estimate,
    /// GE(1) decomposition by group.
    pub ge: GeDecomposition,
    /// Gini decomposition by group.
    pub gini_dec: GiniDecomposition,
}

impl Measures {
    fn compute(
        share: &Array1<f64>,
        weights: Option<&Array1<f64>>,
        groups: &Array1<i64>,
    ) -> Result<Measures, Error> {
        let x = share.view();
        let w = weights.map(|w| w.view());
        let nan = NanPolicy::Omit;
        let core = |what: &'static str| move |source| Error::Core { what, source };
        let gini = inequality::gini(x, w, GiniCorrection::None, nan).map_err(core("Gini"))?;
        let theil = inequality::theil(x, w, nan).map_err(core("Theil T"))?;
        let cv = inequality::coefficient_of_variation(x, w, VarianceForm::Population, nan)
            .map_err(core("coefficient of variation"))?;
        let p90_p10 = inequality::percentile_ratio(x, w, 0.9, 0.1, QuantileRule::Linear, nan)
            .map_err(core("P90/P10"))?;
        let ge = inequality::ge_decomposition(x, w, groups.view(), 1.0, nan)
            .map_err(core("Theil decomposition"))?;
        let gini_dec = inequality::gini_decomposition(x, w, groups.view(), nan)
            .map_err(core("Gini decomposition"))?;
        // the mean of the used units: sum w x / sum w over non-missing x
        let (mut sw, mut swx) = (0.0, 0.0);
        for (i, &xi) in share.iter().enumerate() {
            if !xi.is_nan() {
                let wi = weights.map_or(1.0, |w| w[i]);
                sw += wi;
                swx += wi * xi;
            }
        }
        Ok(Measures {
            mean: swx / sw,
            gini,
            theil,
            cv,
            p90_p10,
            ge,
            gini_dec,
        })
    }
}

/// What the report covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// All Kreise of Germany, decomposed by Land.
    Germany,
    /// The Kreise of one Land, decomposed by Regierungsbezirk / statistical region.
    Land {
        /// 2-digit code.
        code: String,
        /// Name.
        name: String,
    },
}

/// Figures of the published Germany and Land rows, for the national summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The `DG` row: (leavers, without).
    pub germany: Option<(Cell, Cell)>,
    /// Sum over the Land rows that are counts: (leavers, without).
    pub laender_sum: (u64, u64),
    /// The Land row of a one-Land report: (leavers, without).
    pub land: Option<(Cell, Cell)>,
}

/// The computed report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Table code, title and `Stand` of the export.
    pub table: (String, String, Option<String>),
    /// Reporting year (the year in which the school year ends).
    pub year: u16,
    /// Path of the data file, as given or found.
    pub source: String,
    /// Germany or one Land.
    pub scope: Scope,
    /// Kreis-level units in file order (within the scope).
    pub units: Vec<Unit>,
    /// Per group (Land or Regierungsbezirk) summaries, by code.
    pub groups: Vec<GroupSummary>,
    /// Published Germany and Land figures.
    pub published: Published,
    /// Each Kreis counts once.
    pub unweighted: Measures,
    /// Each Kreis counts by its number of leavers.
    pub weighted: Measures,
    /// Per-Kreis intervals, empirical-Bayes estimates and funnel classes, or why they could not
    /// be computed (e.g. a scope with one Kreis: no between-Kreis variance to estimate).
    pub small_area: Result<SmallArea, String>,
    /// Länder whose counts are all multiples of 3 or 5 (rounded): (code, name, base).
    pub rounded: Vec<(String, String, u64)>,
    /// Number of cells with each GENESIS symbol in the rows of the scope ('-' first).
    pub symbol_counts: Vec<(String, usize)>,
    /// 8-digit rows (cities shown inside a Kreis-level unit), not used.
    pub gemeinde_rows: Vec<(String, String)>,
}

/// The rounding base of a Land, if all its non-zero counts are multiples of 5 or 3.
fn rounding_base(rows: &[&Row]) -> Option<u64> {
    let counts: Vec<u64> = rows
        .iter()
        .flat_map(|r| r.cells.iter().filter_map(|c| c.count()))
        .filter(|&n| n > 0)
        .collect();
    // a coincidence needs at least 20 counts: (1/3)^20 < 1e-9
    if counts.len() < 20 {
        return None;
    }
    [5, 3]
        .into_iter()
        .find(|b| counts.iter().all(|n| n % b == 0))
}

/// Build the report from a parsed table.
pub fn build(table: &Table, source: &str, land: Option<&str>) -> Result<Report, Error> {
    let rows = &table.rows;
    let land_rows: BTreeMap<&str, &Row> = rows
        .iter()
        .filter(|r| r.level == Level::Land)
        .map(|r| (r.code.as_str(), r))
        .collect();
    let scope = match land {
        None => Scope::Germany,
        Some(code) => match land_rows.get(code) {
            Some(r) => Scope::Land {
                code: code.to_owned(),
                name: r.name.clone(),
            },
            None => {
                let known: Vec<String> = land_rows
                    .values()
                    .map(|r| format!("{} {}", r.code, r.name))
                    .collect();
                return Err(Error::Usage(format!(
                    "--land {code}: no such Land in the file; choose one of: {}",
                    known.join(", ")
                )));
            }
        },
    };
    let in_scope = |r: &Row| match &scope {
        Scope::Germany => true,
        Scope::Land { code, .. } => r.land() == Some(code.as_str()),
    };

    // Kreis-level units: 5-digit rows, plus Länder without any 5-digit row (city-states).
    let kreis_lands: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.level == Level::Kreis)
        .filter_map(Row::land)
        .collect();
    let mut units = Vec::new();
    for r in rows.iter().filter(|r| in_scope(r)) {
        match r.level {
            Level::Kreis => units.push(Unit::from_row(r, r.code.clone(), &r.code[..2], false)),
            Level::Land if !kreis_lands.contains(r.code.as_str()) => {
                units.push(Unit::from_row(r, format!("{}000", r.code), &r.code, true));
            }
            _ => {}
        }
    }
    if units.is_empty() {
        return Err(Error::Data(
            "the file has no Kreis-level rows (5-digit codes) in the chosen scope".into(),
        ));
    }

    // grouping: Land, or within one Land the Regierungsbezirk (first 3 digits)
    let group_len = match scope {
        Scope::Germany => 2,
        Scope::Land { .. } => 3,
    };
    let group_of = |u: &Unit| u.code[..group_len].to_owned();
    let group_rows: BTreeMap<&str, &Row> = rows
        .iter()
        .filter(|r| r.code.len() == group_len && r.level != Level::Germany)
        .map(|r| (r.code.as_str(), r))
        .collect();
    let mut groups: BTreeMap<String, GroupSummary> = BTreeMap::new();
    for u in &units {
        let code = group_of(u);
        let g = groups.entry(code.clone()).or_insert_with(|| {
            let row = group_rows.get(code.as_str());
            GroupSummary {
                name: row.map_or_else(
                    || {
                        if u.city_state {
                            u.name.clone()
                        } else {
                            format!("(region {code})")
                        }
                    },
                    |r| r.name.clone(),
                ),
                published: row.map(|r| (r.total(ALL_LEAVERS), r.total(WITHOUT_HSA))),
                code,
                n_ok: 0,
                n_other: 0,
                leavers: 0,
                without: 0,
                min_max: None,
            }
        });
        match (u.counts(), u.share()) {
            (Some((n, k)), Some(s)) => {
                g.n_ok += 1;
                g.leavers += n;
                g.without += k;
                g.min_max = Some(g.min_max.map_or((s, s), |(lo, hi)| (lo.min(s), hi.max(s))));
            }
            _ => g.n_other += 1,
        }
    }
    let groups: Vec<GroupSummary> = groups.into_values().collect();

    // the arrays for bildung-core: NaN marks a Kreis without a share (omitted)
    let share: Array1<f64> = units
        .iter()
        .map(|u| u.share().unwrap_or(f64::NAN))
        .collect();
    let weights: Array1<f64> = units
        .iter()
        .map(|u| u.counts().map_or(f64::NAN, |(n, _)| n as f64))
        .collect();
    let group_codes: Array1<i64> = units
        .iter()
        .map(|u| u.code[..group_len].parse::<i64>().unwrap_or(-1))
        .collect();
    if share.iter().all(|s| s.is_nan()) {
        return Err(Error::Data(
            "no Kreis in the chosen scope has a share (all leavers missing or 0)".into(),
        ));
    }
    let unweighted = Measures::compute(&share, None, &group_codes)?;
    let weighted = Measures::compute(&share, Some(&weights), &group_codes)?;
    let counts: Vec<(usize, u64, u64)> = units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.share().and(u.counts()).map(|(n, k)| (i, n, k)))
        .collect();
    let small_area = SmallArea::compute(&counts).map_err(|e| e.to_string());

    let published = Published {
        germany: rows
            .iter()
            .find(|r| r.level == Level::Germany)
            .map(|r| (r.total(ALL_LEAVERS), r.total(WITHOUT_HSA))),
        laender_sum: land_rows.values().fold((0, 0), |(n, k), r| {
            (
                n + r.total(ALL_LEAVERS).count().unwrap_or(0),
                k + r.total(WITHOUT_HSA).count().unwrap_or(0),
            )
        }),
        land: match &scope {
            Scope::Germany => None,
            Scope::Land { code, .. } => land_rows
                .get(code.as_str())
                .map(|r| (r.total(ALL_LEAVERS), r.total(WITHOUT_HSA))),
        },
    };

    let mut rounded = Vec::new();
    for (code, row) in &land_rows {
        if !in_scope(row) {
            continue;
        }
        let of_land: Vec<&Row> = rows.iter().filter(|r| r.land() == Some(code)).collect();
        if let Some(b) = rounding_base(&of_land) {
            rounded.push(((*code).to_owned(), row.name.clone(), b));
        }
    }

    let mut symbol_counts: Vec<(String, usize)> = vec![("-".into(), 0)];
    symbol_counts.extend(Symbol::MISSING.iter().map(|s| (s.as_str().to_owned(), 0)));
    for r in rows
        .iter()
        .filter(|r| in_scope(r) && r.level != Level::Germany)
    {
        for cell in &r.cells {
            let key = match cell {
                Cell::Missing(s) => s.as_str(),
                Cell::Count(0) => "-",
                Cell::Count(_) => continue,
            };
            if let Some(e) = symbol_counts.iter_mut().find(|(k, _)| k == key) {
                e.1 += 1;
            }
        }
    }

    let gemeinde_rows = rows
        .iter()
        .filter(|r| r.level == Level::Gemeinde && in_scope(r))
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();

    Ok(Report {
        table: (table.code.clone(), table.title.clone(), table.stand.clone()),
        year: rows.first().map_or(0, |r| r.year),
        source: source.to_owned(),
        scope,
        units,
        groups,
        published,
        unweighted,
        weighted,
        small_area,
        rounded,
        symbol_counts,
        gemeinde_rows,
    })
}

/// Append a formatted line to a `String`.
macro_rules! outln {
    ($o:expr) => { $o.push('\n') };
    ($o:expr, $($arg:tt)*) => {{ $o.push_str(&format!($($arg)*)); $o.push('\n'); }};
}

/// Smallest and largest of `v` (infinities when empty).
fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        })
}

/// Short mark of a funnel class for tables (`++`, `+`, `.`, `-`, `--`).
fn class_mark(c: bildung_core::funnel::FunnelClass) -> &'static str {
    use bildung_core::funnel::FunnelClass;
    match c {
        FunnelClass::Above(k) if k >= 2 => "++",
        FunnelClass::Above(_) => "+",
        FunnelClass::Below(k) if k >= 2 => "--",
        FunnelClass::Below(_) => "-",
        FunnelClass::Within => ".",
        FunnelClass::NotPlotted => "",
    }
}

/// `name` cut to `width` characters (with `…`), padded to `width`.
fn fit(name: &str, width: usize) -> String {
    if name.chars().count() > width {
        let cut: String = name.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{name:<width$}")
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn cell(c: Cell) -> String {
    match c {
        Cell::Count(n) => n.to_string(),
        Cell::Missing(s) => s.as_str().to_owned(),
    }
}

/// Wrap `items` joined by `sep` into lines of at most `width` characters, indented.
fn wrap(items: &[String], sep: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item}{sep}")
        } else {
            item.clone()
        };
        if line.chars().count() + piece.chars().count() > width && !line.trim().is_empty() {
            outln!(out, "{}", line.trim_end());
            line = String::from(indent);
        }
        line.push_str(&piece);
    }
    if !line.trim().is_empty() {
        outln!(out, "{}", line.trim_end());
    }
    out
}

impl Report {
    fn group_word(&self) -> &'static str {
        match self.scope {
            Scope::Germany => "Land",
            Scope::Land { .. } => "region (Regierungsbezirk / statistical region)",
        }
    }

    fn group_word_note(&self) -> &'static str {
        match self.scope {
            Scope::Germany => "Land",
            Scope::Land { .. } => "region",
        }
    }

    fn ok_units(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| u.status == Status::Ok)
    }

    /// The report as readable text.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let (code, title, stand) = &self.table;
        let scope = match &self.scope {
            Scope::Germany => "Germany, all Kreise".to_owned(),
            Scope::Land { code, name } => format!("Land {code} {name}, its Kreise"),
        };
        outln!(
            o,
            "bildung {} report: leavers without Hauptschulabschluss (HSA) by Kreis",
            env!("CARGO_PKG_VERSION")
        );
        outln!(o, "Scope:  {scope}");
        let words: Vec<String> = format!("GENESIS {code} {title}")
            .split_whitespace()
            .map(String::from)
            .collect();
        o.push_str(&wrap(&words, " ", "        ", 100).replacen("        ", "Table:  ", 1));
        outln!(
            o,
            "Data:   {} (leavers of the school year {}/{:02}{})",
            self.source,
            self.year.saturating_sub(1),
            self.year % 100,
            stand
                .as_ref()
                .map_or_else(String::new, |s| format!("; Stand {s}"))
        );
        outln!(o, "{ATTRIBUTION}");
        outln!(o);

        self.write_groups(&mut o);
        self.write_summary(&mut o);
        self.write_measures(&mut o);
        self.write_decomposition(&mut o);
        self.write_small_area(&mut o);
        self.write_top(&mut o);
        self.write_statuses(&mut o);
        self.write_footnotes(&mut o);
        o
    }

    fn write_groups(&self, o: &mut String) {
        let word = match self.scope {
            Scope::Germany => "Land",
            Scope::Land { .. } => "Region",
        };
        outln!(
            o,
            "Per {}: leavers and share without HSA (sums over its Kreise)",
            self.group_word()
        );
        outln!(
            o,
            "{:<4}{}  {:>6}  {:>8}  {:>7}  {:>7}  {:>15}  {:>9}",
            "",
            fit(word, 24),
            "Kreise",
            "leavers",
            "w/o HSA",
            "share %",
            "min–max %",
            "Theil wi."
        );
        let terms: BTreeMap<String, f64> = self
            .weighted
            .ge
            .groups
            .iter()
            .map(|t| {
                (
                    format!("{:0w$}", t.group, w = self.group_len()),
                    t.inequality,
                )
            })
            .collect();
        let mut hidden = 0;
        for g in &self.groups {
            let all_empty = self
                .units
                .iter()
                .filter(|u| u.code.starts_with(&g.code))
                .all(|u| u.status == Status::Empty);
            if g.n_ok == 0 && all_empty {
                hidden += 1;
                continue;
            }
            let mm = g
                .min_max
                .map_or_else(|| "–".into(), |(lo, hi)| format!("{lo:.2}–{hi:.2}"));
            let mark = if g.differs() { "*" } else { "" };
            let theil = match terms.get(&g.code) {
                Some(t) if g.n_ok > 1 => format!("{t:.6}"),
                _ => "–".into(),
            };
            outln!(
                o,
                "{:<4}{}  {:>6}  {:>8}  {:>7}  {:>7}  {:>15}  {:>9}",
                g.code,
                fit(&format!("{}{mark}", g.name), 24),
                g.n_ok,
                g.leavers,
                g.without,
                pct(g.share()),
                mm,
                theil
            );
        }
        let (n, k) = self
            .ok_units()
            .filter_map(Unit::counts)
            .fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
        let all_mm = self
            .ok_units()
            .filter_map(Unit::share)
            .fold(None, |mm: Option<(f64, f64)>, s| {
                Some(mm.map_or((s, s), |(lo, hi)| (lo.min(s), hi.max(s))))
            });
        outln!(
            o,
            "{:<4}{}  {:>6}  {:>8}  {:>7}  {:>7}  {:>15}",
            "",
            fit("Total (sum over Kreise)", 24),
            self.ok_units().count(),
            n,
            k,
            pct((n > 0).then(|| k as f64 / n as f64 * 100.0)),
            all_mm.map_or_else(|| "–".into(), |(lo, hi)| format!("{lo:.2}–{hi:.2}"))
        );
        if hidden > 0 {
            outln!(
                o,
                "    ({hidden} {}s with only empty codes are not shown)",
                self.group_word_note()
            );
        }
        outln!(
            o,
            "    Kreise = units with a share; Theil wi. = Theil T across the Kreise of the {} (weighted)",
            self.group_word_note()
        );
        outln!(
            o,
            "    * = the published {} row differs from the sum over its Kreise (see footnotes)",
            self.group_word_note()
        );
        outln!(o);
    }

    fn group_len(&self) -> usize {
        match self.scope {
            Scope::Germany => 2,
            Scope::Land { .. } => 3,
        }
    }

    fn write_summary(&self, o: &mut String) {
        let (n, k) = self
            .ok_units()
            .filter_map(Unit::counts)
            .fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
        let female: u64 = self
            .ok_units()
            .filter_map(|u| u.without_female.count())
            .sum();
        let n_ok = self.ok_units().count();
        let n_city = self.ok_units().filter(|u| u.city_state).count();
        let n_other = self.units.len() - n_ok;
        let share = |n: u64, k: u64| pct((n > 0).then(|| k as f64 / n as f64 * 100.0));
        match &self.scope {
            Scope::Germany => outln!(o, "National summary"),
            Scope::Land { name, .. } => outln!(o, "Summary for {name}"),
        }
        outln!(
            o,
            "  Kreis-level units with a share   {n_ok:>7}{}",
            if n_city > 0 {
                let names: Vec<&str> = self
                    .ok_units()
                    .filter(|u| u.city_state)
                    .map(|u| u.name.as_str())
                    .collect();
                format!(
                    "  (incl. {} as city-state{})",
                    names.join(" and "),
                    if n_city > 1 { "s" } else { "" }
                )
            } else {
                String::new()
            }
        );
        outln!(
            o,
            "  Kreis codes without a share      {n_other:>7}  (status listed below)"
        );
        outln!(
            o,
            "  {:<31}{:>8}  {:>7}  {:>7}",
            "",
            "leavers",
            "w/o HSA",
            "share %"
        );
        outln!(
            o,
            "  {:<31}{n:>8}  {k:>7}  {:>7}",
            "sum over Kreis-level units",
            share(n, k)
        );
        if let Scope::Land { .. } = &self.scope {
            if let Some((ln, lk)) = self.published.land {
                let s = match (ln, lk) {
                    (Cell::Count(a), Cell::Count(b)) => share(a, b),
                    _ => "–".into(),
                };
                outln!(
                    o,
                    "  {:<31}{:>8}  {:>7}  {s:>7}",
                    "published Land row",
                    cell(ln),
                    cell(lk)
                );
            }
        } else {
            let (ln, lk) = self.published.laender_sum;
            outln!(
                o,
                "  {:<31}{ln:>8}  {lk:>7}  {:>7}",
                "sum of the 16 Land rows",
                share(ln, lk)
            );
            if let Some((Cell::Count(dn), Cell::Count(dk))) = self.published.germany {
                outln!(
                    o,
                    "  {:<31}{dn:>8}  {dk:>7}  {:>7}",
                    "published Germany row (DG)",
                    share(dn, dk)
                );
                outln!(
                    o,
                    "  {:<31}{:>8}  {:>7}           (footnote 5)",
                    "DG minus sum of Land rows",
                    dn as i64 - ln as i64,
                    dk as i64 - lk as i64
                );
            }
        }
        outln!(
            o,
            "  female among leavers w/o HSA     {:>7} %",
            share(k, female)
        );
        outln!(o);
    }

    fn write_measures(&self, o: &mut String) {
        let (u, w) = (&self.unweighted, &self.weighted);
        outln!(
            o,
            "Inequality of the share across Kreise (bildung_core::inequality, missing omitted)"
        );
        outln!(o, "  {:<34}{:>14}  {:>16}", "", "unweighted", "weighted by");
        outln!(o, "  {:<34}{:>14}  {:>16}", "", "(Kreis = 1)", "leavers");
        let row = |o: &mut String, label: &str, a: String, b: String| {
            outln!(o, "  {label:<34}{a:>14}  {b:>16}");
        };
        row(
            o,
            "mean share %",
            format!("{:.4}", u.mean),
            format!("{:.4}", w.mean),
        );
        row(
            o,
            "Gini",
            format!("{:.6}", u.gini.value),
            format!("{:.6}", w.gini.value),
        );
        row(
            o,
            "Theil T (GE(1))",
            format!("{:.6}", u.theil.value),
            format!("{:.6}", w.theil.value),
        );
        row(
            o,
            "coefficient of variation",
            format!("{:.6}", u.cv.value),
            format!("{:.6}", w.cv.value),
        );
        row(
            o,
            "P90/P10 (quantile type 7)",
            format!("{:.4}", u.p90_p10.value),
            format!("{:.4}", w.p90_p10.value),
        );
        row(
            o,
            "Kreise used / omitted (missing)",
            format!("{} / {}", u.gini.n_used, u.gini.n_dropped),
            format!("{} / {}", w.gini.n_used, w.gini.n_dropped),
        );
        outln!(o);
    }

    fn write_decomposition(&self, o: &mut String) {
        let (u, w) = (&self.unweighted, &self.weighted);
        let k = u.ge.groups.len();
        outln!(
            o,
            "Decomposition by {} ({k} group{})",
            self.group_word(),
            if k == 1 { "" } else { "s" }
        );
        let pair = |a: f64, t: f64| {
            if t > 0.0 {
                format!("{a:.6} ({:>5.1} %)", a / t * 100.0)
            } else {
                format!("{a:.6} (    – %)")
            }
        };
        let row = |o: &mut String, label: &str, a: String, b: String| {
            outln!(o, "  {label:<34}{a:>18}  {b:>18}");
        };
        row(o, "", "unweighted".into(), "weighted".into());
        row(
            o,
            "Theil T total (ge_decomposition)",
            format!("{:.6}", u.ge.total),
            format!("{:.6}", w.ge.total),
        );
        row(
            o,
            &format!("  between {}", self.group_word_short()),
            pair(u.ge.between, u.ge.total),
            pair(w.ge.between, w.ge.total),
        );
        row(
            o,
            &format!("  within {}", self.group_word_short()),
            pair(u.ge.within, u.ge.total),
            pair(w.ge.within, w.ge.total),
        );
        row(
            o,
            "  between + within - total",
            format!("{:.1e}", u.ge.between + u.ge.within - u.ge.total),
            format!("{:.1e}", w.ge.between + w.ge.within - w.ge.total),
        );
        row(
            o,
            "Gini total (gini_decomposition)",
            format!("{:.6}", u.gini_dec.total),
            format!("{:.6}", w.gini_dec.total),
        );
        row(
            o,
            &format!("  between {}", self.group_word_short()),
            pair(u.gini_dec.between, u.gini_dec.total),
            pair(w.gini_dec.between, w.gini_dec.total),
        );
        row(
            o,
            &format!("  within {}", self.group_word_short()),
            pair(u.gini_dec.within, u.gini_dec.total),
            pair(w.gini_dec.within, w.gini_dec.total),
        );
        row(
            o,
            "  overlap (re-ranking)",
            pair(u.gini_dec.overlap, u.gini_dec.total),
            pair(w.gini_dec.overlap, w.gini_dec.total),
        );
        if k < 2 {
            outln!(
                o,
                "  (only one group: the between part is 0 by construction)"
            );
        }
        outln!(o);
    }

    fn group_word_short(&self) -> &'static str {
        match self.scope {
            Scope::Germany => "Länder",
            Scope::Land { .. } => "regions",
        }
    }

    fn write_top(&self, o: &mut String) {
        let mut ranked: Vec<(usize, &Unit, f64)> = self
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.status == Status::Ok)
            .filter_map(|(i, u)| u.share().map(|s| (i, u, s)))
            .collect();
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.1.code.cmp(&b.1.code)));
        let n = TOP_N.min(ranked.len());
        let sa = self.small_area.as_ref().ok();
        let line = |o: &mut String, rank: usize, i: usize, u: &Unit, s: f64| {
            let (l, k) = u.counts().unwrap_or((0, 0));
            let (ci, eb, class) = sa
                .and_then(|sa| sa.position(i).map(|p| (sa, p)))
                .map_or_else(
                    || ("–".to_owned(), "–".to_owned(), String::new()),
                    |(sa, p)| {
                        (
                            format!(
                                "{:.2}–{:.2}",
                                100.0 * sa.wilson.lower[p],
                                100.0 * sa.wilson.upper[p]
                            ),
                            format!("{:.2}", 100.0 * sa.eb.estimate[p]),
                            format!(
                                "{:<2} {}",
                                class_mark(sa.funnel.class[p]),
                                class_mark(sa.funnel_adjusted.class[p])
                            ),
                        )
                    },
                );
            outln!(
                o,
                "  {rank:>3}  {:<5}  {}  {:<2}  {l:>7}  {k:>6}  {s:>7.2}  {ci:>11}  {eb:>6}  {class}",
                u.code,
                fit(&u.name, 32),
                abbrev(&u.land)
            );
        };
        let header = |o: &mut String, title: &str| {
            outln!(o, "{title}");
            outln!(
                o,
                "  {:>3}  {:<5}  {}  {:<2}  {:>7}  {:>6}  {:>7}  {:>11}  {:>6}  {}",
                "#",
                "code",
                fit("Kreis", 32),
                "BL",
                "leavers",
                "w/o",
                "share %",
                "95 % CI",
                "EB %",
                "funnel"
            );
        };
        let kreise = if n == 1 { "Kreis" } else { "Kreise" };
        header(o, &format!("{n} {kreise} with the highest share"));
        for (rank, (i, u, s)) in ranked.iter().take(n).enumerate() {
            line(o, rank + 1, *i, u, *s);
        }
        outln!(o);
        header(o, &format!("{n} {kreise} with the lowest share"));
        let len = ranked.len();
        for (rank, (i, u, s)) in ranked.iter().rev().take(n).enumerate() {
            line(o, len - rank, *i, u, *s);
        }
        outln!(
            o,
            "  95 % CI = Wilson interval; EB = beta-binomial empirical Bayes; funnel = class under \
             plain / widened limits:"
        );
        outln!(
            o,
            "  ++ above 99.8 %, + above 95 %, - below 95 %, -- below 99.8 %, . within (section above)"
        );
        outln!(o);
    }

    fn write_small_area(&self, o: &mut String) {
        let sa = match &self.small_area {
            Ok(sa) => sa,
            Err(reason) => {
                outln!(o, "Small-area view: not computed ({reason})");
                outln!(o);
                return;
            }
        };
        let k = sa.units.len();
        outln!(
            o,
            "Small-area view: uncertainty of each Kreis share ({k} Kreise; bildung_core::rates, \
             smallarea, funnel)"
        );
        let widths: Vec<f64> = sa
            .wilson
            .upper
            .iter()
            .zip(&sa.wilson.lower)
            .map(|(u, l)| 100.0 * (u - l))
            .collect();
        let (lo, hi) = min_max(&widths);
        let pp = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
        outln!(
            o,
            "  95 % Wilson intervals: median width {} percentage points (from {lo:.2} to {hi:.2})",
            pp(small_area::median(widths.iter().copied()))
        );
        let theta0 = sa.funnel.theta0;
        let (above, below) = sa.intervals_excluding(theta0);
        outln!(
            o,
            "    intervals wholly above / below the pooled share {:.2} %: {above} / {below} Kreise",
            100.0 * theta0
        );
        outln!(
            o,
            "  Funnel plot, exact binomial limits (Spiegelhalter) around the pooled share {:.2} %:",
            100.0 * theta0
        );
        outln!(
            o,
            "    {:<38}  {:>10}  {:>12}  {:>10}  {:>12}",
            "",
            "above 95 %",
            "above 99.8 %",
            "below 95 %",
            "below 99.8 %"
        );
        for (label, f) in [
            ("plain limits", &sa.funnel),
            ("widened for overdispersion (tau²)", &sa.funnel_adjusted),
        ] {
            let (a1, a2, b1, b2) = SmallArea::class_counts(f);
            outln!(o, "    {label:<38}  {a1:>10}  {a2:>12}  {b1:>10}  {b2:>12}");
        }
        if let Some(d) = &sa.funnel.dispersion {
            let p = if d.p_value < 1e-300 {
                "< 1e-300".to_owned()
            } else {
                format!("= {:.1e}", d.p_value)
            };
            outln!(
                o,
                "    overdispersion: phi = {:.3} (winsorised 10 %; I·phi = {:.1} on {} df, p {p}), \
                 tau² = {:.3e}",
                d.phi,
                d.chi2,
                d.df,
                d.tau2
            );
        }
        let eb = &sa.eb;
        outln!(
            o,
            "  Empirical Bayes (beta-binomial prior by maximum likelihood): prior mean {:.2} %, \
             rho = {:.5}",
            100.0 * eb.prior_mean,
            eb.rho
        );
        let (wlo, whi) = min_max(&eb.shrinkage);
        outln!(
            o,
            "    weight of the raw share n/(n+a+b): median {} (from {wlo:.3} to {whi:.3})\n    \
             (EB values are for ranking and maps; the raw share with its interval stays the figure)",
            small_area::median(eb.shrinkage.iter().copied())
                .map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"))
        );
        outln!(o);
    }

    fn write_statuses(&self, o: &mut String) {
        let others: Vec<&Unit> = self
            .units
            .iter()
            .filter(|u| u.status != Status::Ok)
            .collect();
        outln!(
            o,
            "Kreis codes without a share ({}; omitted from all measures)",
            others.len()
        );
        let mut by_status: Vec<(String, Vec<String>)> = Vec::new();
        for u in &others {
            let d = u.status.describe();
            let item = format!("{} {}", u.code, u.name);
            match by_status.iter_mut().find(|(k, _)| *k == d) {
                Some((_, v)) => v.push(item),
                None => by_status.push((d, vec![item])),
            }
        }
        if by_status.is_empty() {
            outln!(o, "  none");
        }
        for (d, items) in by_status {
            outln!(o, "  {} ({}):", d, items.len());
            o.push_str(&wrap(&items, "; ", "    ", 100));
        }
        outln!(o);
    }

    fn write_footnotes(&self, o: &mut String) {
        let mut notes: Vec<String> = Vec::new();
        let counts: Vec<String> = self
            .symbol_counts
            .iter()
            .map(|(s, n)| format!("'{s}' {n}"))
            .collect();
        notes.push(format!(
            "GENESIS symbols: '-' nothing (a true 0); '.' unknown or confidential; 'x' not \
             meaningful (blocked); '...' not yet available; '/' not reliable enough. Symbols \
             other than '-' are missing values, never 0. Cells in the scope: {}.",
            counts.join(", ")
        ));
        let diffs: Vec<String> = self
            .groups
            .iter()
            .filter(|g| g.differs())
            .filter_map(|g| match g.published {
                Some((Cell::Count(n), Cell::Count(k))) => Some(format!(
                    "{} {}: published {n} leavers / {k} without HSA, sum over Kreise {} / {}",
                    g.code, g.name, g.leavers, g.without
                )),
                _ => None,
            })
            .collect();
        let diff_text = if diffs.is_empty() {
            format!(
                "Every published {} row equals the sum over its Kreise.",
                self.group_word_note()
            )
        } else {
            format!(
                "Published {} rows that differ from the sum over their Kreise: {}.",
                self.group_word_note(),
                diffs.join("; ")
            )
        };
        if self.rounded.is_empty() {
            notes.push(format!(
                "Rounding: no Land in the scope has all its counts on multiples of 3 or 5. {diff_text}"
            ));
        } else {
            let r: Vec<String> = self
                .rounded
                .iter()
                .map(|(c, n, b)| format!("{c} {n} (multiples of {b})"))
                .collect();
            notes.push(format!(
                "Rounded counts (Geheimhaltung by rounding): all counts of {} are rounded, so \
                 qualification columns need not add up to the total, small Kreise have coarse \
                 shares and sums over Kreise can differ from published rows. {diff_text}",
                r.join(", ")
            ));
        }
        notes.push(
            "Leavers are counted at the location of the school, not at the place of residence: \
             kreisfreie Städte with a large catchment (often surrounded by a Landkreis) and small \
             Kreise are distorted."
                .into(),
        );
        let cities: Vec<String> = self
            .units
            .iter()
            .filter(|u| u.city_state)
            .map(|u| format!("{} {}", u.name, u.code))
            .collect();
        let mut units = String::from("Units: 5-digit Kreise and kreisfreie Städte");
        if !cities.is_empty() {
            units += &format!(
                "; the city-state{} {} (no Kreis rows in the table) from the Land row",
                if cities.len() > 1 { "s" } else { "" },
                cities.join(" and ")
            );
        }
        if !self.gemeinde_rows.is_empty() {
            units += &format!(
                ". {} row{} with 8-digit codes (cities shown inside a Kreis-level unit, e.g. {} \
                 {}) are already counted in their unit and are not used",
                self.gemeinde_rows.len(),
                if self.gemeinde_rows.len() == 1 {
                    ""
                } else {
                    "s"
                },
                self.gemeinde_rows[0].0,
                self.gemeinde_rows[0].1
            );
        }
        units += "; 3-digit rows only name regions.";
        notes.push(units);
        if self.scope == Scope::Germany {
            notes.push(
                "GENESIS footnote: the sum of the Land results differs from the Germany value \
                 because of later corrections by the Länder. Shares here use the Kreis rows."
                    .into(),
            );
        }
        notes.push(
            "Weighted measures count every leaver with the share of the Kreis of their school: \
             they measure inequality between Kreise only (a lower bound of inequality between \
             persons). The Gini coefficient is not additively decomposable: total = within + \
             between + overlap."
                .into(),
        );
        outln!(o, "Footnotes");
        for (i, note) in notes.iter().enumerate() {
            let words: Vec<String> = note.split_whitespace().map(String::from).collect();
            let text = wrap(&words, " ", "   ", 100);
            o.push_str(&text.replacen("   ", &format!("{:<3}", format!("{}.", i + 1)), 1));
        }
    }

    /// The per-Kreis table as CSV (`,` separator, RFC 4180 quoting).
    pub fn to_csv(&self) -> String {
        let mut o = String::new();
        outln!(
            o,
            "region_code,region_name,land,leavers,without_hsa,share_pct,status,\
             wilson_lower_pct,wilson_upper_pct,eb_pct,eb_lower_pct,eb_upper_pct,\
             funnel_class,funnel_class_widened"
        );
        let sa = self.small_area.as_ref().ok();
        for (i, u) in self.units.iter().enumerate() {
            let num = |c: Cell| c.count().map_or_else(String::new, |n| n.to_string());
            let pct = |v: f64| format!("{:.4}", 100.0 * v);
            let extra = sa
                .and_then(|sa| sa.position(i).map(|p| (sa, p)))
                .map_or_else(
                    || ",,,,,,".to_owned(),
                    |(sa, p)| {
                        format!(
                            "{},{},{},{},{},{},{}",
                            pct(sa.wilson.lower[p]),
                            pct(sa.wilson.upper[p]),
                            pct(sa.eb.estimate[p]),
                            pct(sa.eb.lower[p]),
                            pct(sa.eb.upper[p]),
                            sa.funnel.class[p].label(&sa.funnel.levels),
                            sa.funnel_adjusted.class[p].label(&sa.funnel_adjusted.levels)
                        )
                    },
                );
            outln!(
                o,
                "{},{},{},{},{},{},{},{extra}",
                u.code,
                csv_field(&u.name),
                u.land,
                num(u.leavers),
                num(u.without),
                u.share().map_or_else(String::new, |s| format!("{s:.4}")),
                u.status.token()
            );
        }
        o
    }
}

/// Quote a CSV field if it holds a separator, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genesis;

    const HEADER: &str = "GENESIS-Tabelle: 21111-02-06-4\n\
Test;;;;;;;;;;;;;;;;\n\
;;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;ohne Hauptschulabschluss;mit Hauptschulabschluss;mit Hauptschulabschluss;mit Mittlerem Abschluss;mit Mittlerem Abschluss;dar. schulischer Teil der Fachhochschulreife;dar. schulischer Teil der Fachhochschulreife;mit Fachhochschulreife;mit Fachhochschulreife;mit allgemeiner Hochschulreife;mit allgemeiner Hochschulreife\n\
;;;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich\n";

    fn line(code: &str, name: &str, n: &str, k: &str) -> String {
        format!("2023;{code};{name};{n};0;{k};0;-;-;-;-;-;-;-;-;-;-\n")
    }

    fn sample() -> Table {
        let mut s = String::from(HEADER);
        s += &line("DG", "Deutschland", "1000", "100");
        s += &line("01", "Land A", "300", "30");
        s += &line("01001", "A-Stadt, kreisfreie Stadt", "100", "20");
        s += &line("01002", "A-Kreis", "200", "10");
        s += &line("01002001", "A-Dorf", "50", "5");
        s += &line("01003", "Alter Kreis", "-", "-");
        s += &line("01004", "Geheim", ".", "3");
        s += &line("01005", "Spaeter", "40", "...");
        s += &line("02", "Stadtstaat", "400", "60");
        s += &line("03", "Land C", "300", "20");
        s += &line("031", "Bezirk", "300", "20");
        s += &line("03101", "C-Kreis", "300", "20");
        genesis::parse(&s).unwrap()
    }

    #[test]
    fn units_statuses_and_sums() {
        let r = build(&sample(), "sample", None).unwrap();
        let codes: Vec<&str> = r.units.iter().map(|u| u.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "01001", "01002", "01003", "01004", "01005", "02000", "03101"
            ]
        );
        let status: Vec<String> = r.units.iter().map(|u| u.status.token()).collect();
        assert_eq!(
            status,
            [
                "ok",
                "ok",
                "empty",
                "missing_leavers:.",
                "missing_without_hsa:...",
                "ok",
                "ok"
            ]
        );
        assert_eq!(r.units[0].share(), Some(20.0));
        assert_eq!(r.units[3].share(), None);
        assert!(r.units[5].city_state);
        assert_eq!(r.groups.len(), 3);
        let a = &r.groups[0];
        assert_eq!((a.n_ok, a.n_other, a.leavers, a.without), (2, 3, 300, 30));
        assert_eq!(a.min_max, Some((5.0, 20.0)));
        assert_eq!(r.weighted.gini.n_used, 4);
        assert_eq!(r.weighted.gini.n_dropped, 3);
        // weighted mean = aggregate share: (20+10+60+20)/(100+200+400+300)
        assert!((r.weighted.mean - 11.0).abs() < 1e-12);
        assert!((r.unweighted.mean - (20.0 + 5.0 + 15.0 + 20.0 / 3.0) / 4.0).abs() < 1e-12);
        let ge = &r.weighted.ge;
        assert!((ge.within + ge.between - ge.total).abs() < 1e-12);
        assert_eq!(r.published.laender_sum, (1000, 110));
        assert_eq!(r.gemeinde_rows.len(), 1);
    }

    #[test]
    fn one_land_and_unknown_land() {
        let r = build(&sample(), "sample", Some("03")).unwrap();
        assert_eq!(r.units.len(), 1);
        assert_eq!(r.groups[0].code, "031");
        assert_eq!(r.groups[0].name, "Bezirk");
        let text = r.to_text();
        assert!(text.contains("only one group"), "{text}");
        // one Kreis: no between-Kreis variance, the small-area section says why it is missing
        assert!(
            text.contains("Small-area view: not computed (beta-binomial empirical Bayes:"),
            "{text}"
        );
        let e = build(&sample(), "sample", Some("99"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("01 Land A"), "{e}");
    }

    #[test]
    fn csv_quotes_names_and_leaves_missing_empty() {
        let r = build(&sample(), "sample", None).unwrap();
        let csv = r.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[0]
                .starts_with("region_code,region_name,land,leavers,without_hsa,share_pct,status,")
        );
        assert!(lines[1].starts_with("01001,\"A-Stadt, kreisfreie Stadt\",01,100,20,20.0000,ok,"));
        assert_eq!(lines[3], "01003,Alter Kreis,01,0,0,,empty,,,,,,,");
        assert_eq!(lines[4], "01004,Geheim,01,,3,,missing_leavers:.,,,,,,,");
        // Wilson 95 % for 60/400 by hand: (2x + z² ∓ z sqrt(z² + 4x(1 - x/n))) / (2(n + z²))
        // = (123.8415 ∓ 1.959964 * 14.41664) / 807.6829 = 0.118345, 0.188314
        assert!(
            lines[6].starts_with("02000,Stadtstaat,02,400,60,15.0000,ok,11.8345,18.8314,"),
            "{}",
            lines[6]
        );
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn text_sections() {
        let text = build(&sample(), "sample", None).unwrap().to_text();
        for needle in [
            ATTRIBUTION,
            "National summary",
            "Theil T (GE(1))",
            "between Länder",
            "overlap (re-ranking)",
            "Kreise with the highest share",
            "Kreis codes without a share (3;",
            "Footnotes",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn rounding_detection() {
        let t = sample();
        let rows: Vec<&Row> = t.rows.iter().collect();
        assert_eq!(rounding_base(&rows[..3]), None);
        let mut s = String::from(HEADER);
        for i in 0..25 {
            s += &line(
                &format!("01{:03}", i + 1),
                "K",
                &format!("{}", 3 * (i + 7)),
                "3",
            );
        }
        let t = genesis::parse(&s).unwrap();
        let rows: Vec<&Row> = t.rows.iter().collect();
        assert_eq!(rounding_base(&rows), Some(3));
    }
}
