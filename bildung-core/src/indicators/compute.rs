//! The indicator engine: definitions x tables -> one record per indicator x area x breakdown x
//! category x period.
//!
//! For each definition the engine selects the numerator and denominator rows (filters of the
//! definition, the age band, the population source), sums them per area, breakdown, period (and
//! category, single age or entry-year layer where the mode needs them), joins the two sides on
//! area, breakdown and period (the denominator's period shifted by its `period_offset`), and
//! applies the mode's formula ([`Mode`]). Sums run over dense arrays indexed by the
//! combination of keys, so the cost is one pass over each table per indicator.

use std::collections::HashMap;

use super::catalogue::Catalogue;
use super::cohort::{mean_cohort_checked, quota_sum_checked};
use super::definition::{AgeBand, Condition, CountSpec, Definition, Key, Matching, Mode};
use super::result::{Cell, IndicatorResults, ResultIndicator, ValueStatus};
use super::table::{Column, Table, TableKind, Tables};
use crate::error::{Error, Result};
use crate::input::Flags;

/// What to compute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Indicator ids; empty = every indicator of the catalogue.
    pub indicators: Vec<String>,
    /// Breakdown columns (`sex`, `citizenship`, ...). An indicator is broken down by those of
    /// them that its definition allows (`disaggregations`); for the others its records carry
    /// `total`.
    pub by: Vec<String>,
    /// Periods to report; `None` = every period with numerator data.
    pub periods: Option<Vec<i64>>,
}

/// Sorted distinct values of a table's key column, computed once per `compute` call and shared
/// by every indicator that reads the column.
#[derive(Default)]
struct UniqueCache(std::cell::RefCell<HashMap<ColumnKey, std::rc::Rc<Vec<i64>>>>);

/// A column of a loaded table: table kind and column name.
type ColumnKey = (TableKind, String);

impl UniqueCache {
    fn get(&self, t: &Table, name: &str, col: &Column) -> std::rc::Rc<Vec<i64>> {
        let key = (t.kind(), name.to_owned());
        if let Some(v) = self.0.borrow().get(&key) {
            return v.clone();
        }
        let mut v = unique(col, 0, None);
        v.sort_unstable();
        v.dedup();
        let v = std::rc::Rc::new(v);
        self.0.borrow_mut().insert(key, v.clone());
        v
    }
}

/// Largest number of key combinations of one indicator (dense sums).
const MAX_CELLS: usize = 1 << 28;

/// Compute the requested indicators from the tables.
///
/// Errors: an unknown indicator id ([`Error::UnknownIndicator`]); a table the definition needs
/// is not loaded, or lacks a column it names ([`Error::Table`] naming the table, column and
/// indicator); a population age class straddling an age band; a breakdown column given twice.
/// A denominator of 0 is not an error: the record gets the status
/// [`ValueStatus::NotComputable`].
///
/// ```
/// use bildung_core::indicators::{compute, Catalogue, Request, TableBuilder, TableKind, Tables};
/// let mut t = Tables::new();
/// t.add(TableBuilder::new(TableKind::SchoolLeavers)
///     .text("unit_id", ["K1", "K1", "K2"])
///     .int("leaving_year", [2023, 2023, 2023])
///     .text("abschluss", ["ohne_hsa", "msa", "msa"])
///     .counts([6.0, 94.0, 50.0]))?;
/// let cat = Catalogue::builtin()?;
/// let req = Request { indicators: vec!["D-ABS-ANTEIL".into()], ..Request::default() };
/// let r = compute(&cat, &t, &req)?;
/// let i = r.find("D-ABS-ANTEIL", "K1", 2023, &[], "ohne_hsa").unwrap();
/// assert_eq!(r.value[i], 6.0);
/// let k2 = r.find("D-ABS-ANTEIL", "K2", 2023, &[], "ohne_hsa").unwrap();
/// assert_eq!(r.value[k2], 0.0);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn compute(cat: &Catalogue, tables: &Tables, req: &Request) -> Result<IndicatorResults> {
    for (i, b) in req.by.iter().enumerate() {
        if req.by[..i].contains(b) {
            return Err(Error::parameter("by", b, "breakdown column given twice"));
        }
        if b == "unit_id" {
            return Err(Error::parameter(
                "by",
                b,
                "every record is already per area; unit_id is not a breakdown",
            ));
        }
    }
    let defs: Vec<&Definition> = if req.indicators.is_empty() {
        cat.definitions().iter().collect()
    } else {
        req.indicators
            .iter()
            .map(|id| cat.get(id))
            .collect::<Result<_>>()?
    };
    let mut out = IndicatorResults {
        by: req.by.clone(),
        by_codes: vec![Vec::new(); req.by.len()],
        int_base: tables.interner.len() as u32 + 1,
        ..IndicatorResults::default()
    };
    let all = req.indicators.is_empty();
    let cache = UniqueCache::default();
    for d in defs {
        let idx = out.indicators.len() as u32;
        out.indicators.push(ResultIndicator::of(d));
        let before = out.len();
        match compute_into(cat, d, tables, req, idx, &mut out, 0, &cache) {
            Ok(()) => {}
            Err(e) if all && is_missing_input(&e) => {
                truncate(&mut out, before);
                out.indicators.pop();
                out.skipped.push((d.id.clone(), e.to_string()));
            }
            Err(e) => return Err(e),
        }
    }
    out.strings = std::iter::once("total".to_owned())
        .chain((0..tables.interner.len()).map(|c| tables.interner.get(c as u32).to_owned()))
        .chain(std::mem::take(&mut out.int_texts))
        .collect();
    Ok(out)
}

/// Whether an error only says that the data for an indicator are not there (a table or column
/// not loaded): such indicators are skipped when the whole catalogue is computed.
fn is_missing_input(e: &Error) -> bool {
    match e {
        Error::Table {
            reason, row: None, ..
        } => reason.starts_with("table not loaded") || reason.starts_with("no such column"),
        _ => false,
    }
}

/// Drop the records from `n` on (an indicator that failed half-way).
fn truncate(out: &mut IndicatorResults, n: usize) {
    out.indicator.truncate(n);
    out.unit.truncate(n);
    out.period.truncate(n);
    for c in &mut out.by_codes {
        c.truncate(n);
    }
    out.category.truncate(n);
    out.value.truncate(n);
    out.numerator.truncate(n);
    out.denominator.truncate(n);
    out.se.truncate(n);
    out.status.truncate(n);
    out.flags.truncate(n);
    out.symbol.truncate(n);
    out.population_source.truncate(n);
    out.census_basis.truncate(n);
}

#[allow(clippy::too_many_arguments)]
fn compute_into(
    cat: &Catalogue,
    d: &Definition,
    tables: &Tables,
    req: &Request,
    idx: u32,
    out: &mut IndicatorResults,
    depth: usize,
    cache: &UniqueCache,
) -> Result<()> {
    if d.mode == Mode::ChangePp {
        return change_pp(cat, d, tables, req, idx, out, depth, cache);
    }
    Engine::new(d, tables, req)?.run(idx, out, cache)
}

/// `x(t) - x(t - lag)` of the base indicator, matched on area, breakdown and category.
#[allow(clippy::too_many_arguments)]
fn change_pp(
    cat: &Catalogue,
    d: &Definition,
    tables: &Tables,
    req: &Request,
    idx: u32,
    out: &mut IndicatorResults,
    depth: usize,
    cache: &UniqueCache,
) -> Result<()> {
    if depth > 8 {
        return Err(Error::definition(
            &d.id,
            "base",
            "cycle of change_pp definitions",
        ));
    }
    let base_id = d.base.as_deref().unwrap_or_default();
    let base = cat.get(base_id).map_err(|_| {
        Error::definition(&d.id, "base", format!("unknown base indicator `{base_id}`"))
    })?;
    let lag = d.lag.unwrap_or(1);
    let mut inner_req = req.clone();
    inner_req.periods = None;
    let mut tmp = IndicatorResults {
        by: req.by.clone(),
        by_codes: vec![Vec::new(); req.by.len()],
        int_base: out.int_base,
        int_labels: std::mem::take(&mut out.int_labels),
        int_texts: std::mem::take(&mut out.int_texts),
        ..IndicatorResults::default()
    };
    tmp.indicators.push(ResultIndicator::of(base));
    compute_into(cat, base, tables, &inner_req, 0, &mut tmp, depth + 1, cache)?;
    let key = |i: usize| -> (u32, Vec<u32>, u32, i64) {
        (
            tmp.unit[i],
            tmp.by_codes.iter().map(|c| c[i]).collect(),
            tmp.category[i],
            tmp.period[i],
        )
    };
    let lookup: HashMap<(u32, Vec<u32>, u32, i64), usize> =
        (0..tmp.len()).map(|i| (key(i), i)).collect();
    out.int_labels = std::mem::take(&mut tmp.int_labels);
    out.int_texts = std::mem::take(&mut tmp.int_texts);
    let allowed: Vec<bool> = req
        .by
        .iter()
        .map(|b| d.disaggregations.contains(b) && base.disaggregations.contains(b))
        .collect();
    for i in 0..tmp.len() {
        let (u, by, c, t) = key(i);
        if req.periods.as_ref().is_some_and(|p| !p.contains(&t)) {
            continue;
        }
        if by
            .iter()
            .zip(&allowed)
            .any(|(&code, &ok)| !ok && code != IndicatorResults::TOTAL)
        {
            continue;
        }
        let Some(&j) = lookup.get(&(u, by.clone(), c, t - lag)) else {
            continue;
        };
        let (si, sj) = (tmp.status[i], tmp.status[j]);
        let mut cell = if si == ValueStatus::Ok && sj == ValueStatus::Ok {
            Cell {
                value: tmp.value[i] - tmp.value[j],
                numerator: f64::NAN,
                denominator: f64::NAN,
                se: f64::NAN,
                status: ValueStatus::Ok,
                flags: Flags::NONE,
                symbol: 0,
                source: IndicatorResults::NA,
                basis: IndicatorResults::NA,
            }
        } else {
            let mut c =
                Cell::without_value(si.max(sj).max(ValueStatus::Missing), f64::NAN, f64::NAN);
            c.status = if si != ValueStatus::Ok { si } else { sj };
            c.symbol = tmp.symbol[i].max(tmp.symbol[j]);
            c
        };
        cell.flags = Flags::from_bits(tmp.flags[i] | tmp.flags[j]);
        cell.source = merge_code(tmp.population_source[i], tmp.population_source[j]);
        cell.basis = merge_code(tmp.census_basis[i], tmp.census_basis[j]);
        if cell.source == IndicatorResults::MIXED || cell.basis == IndicatorResults::MIXED {
            cell.flags |= Flags::MIXED_POPULATION_BASIS;
        }
        if !d.in_force(t) {
            cell.flags |= Flags::OUTSIDE_VALIDITY;
        }
        out.push(idx, u, t, &by, c, &cell);
    }
    Ok(())
}

/// Combine two provenance codes: NA gives way, equal codes stay, different codes are MIXED.
fn merge_code(a: u32, b: u32) -> u32 {
    if a == IndicatorResults::NA || a == b {
        b
    } else if b == IndicatorResults::NA {
        a
    } else {
        IndicatorResults::MIXED
    }
}

/// Maps raw key values (interned codes or integers) to dense indices 0..n.
#[derive(Debug, Clone)]
struct DenseMap {
    min: i64,
    index: Vec<u32>,
    values: Vec<i64>,
}

impl DenseMap {
    fn new(mut values: Vec<i64>) -> DenseMap {
        values.sort_unstable();
        values.dedup();
        let min = values.first().copied().unwrap_or(0);
        let max = values.last().copied().unwrap_or(0);
        let span = usize::try_from(max - min).unwrap_or(0) + 1;
        let mut index = vec![u32::MAX; if values.is_empty() { 0 } else { span }];
        for (i, &v) in values.iter().enumerate() {
            index[(v - min) as usize] = i as u32;
        }
        DenseMap { min, index, values }
    }

    #[inline]
    fn get(&self, v: i64) -> Option<usize> {
        let off = v.checked_sub(self.min)?;
        let i = *self.index.get(usize::try_from(off).ok()?)?;
        (i != u32::MAX).then_some(i as usize)
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

/// Unique values of a column (raw keys), shifted by `-shift`.
fn unique(col: &Column, shift: i64, mask: Option<&[bool]>) -> Vec<i64> {
    let n = match col {
        Column::Text(v) => v.len(),
        Column::Int(v) => v.len(),
    };
    let mut seen: Vec<i64> = Vec::new();
    let mut last = None;
    // Compact when the list has doubled since the last compaction: linear overall.
    let mut limit = 4096;
    for i in 0..n {
        if mask.is_some_and(|m| !m[i]) {
            continue;
        }
        let v = col.key(i) - shift;
        if last != Some(v) {
            seen.push(v);
            last = Some(v);
        }
        if seen.len() > limit {
            seen.sort_unstable();
            seen.dedup();
            limit = (2 * seen.len()).max(4096);
        }
    }
    seen
}

/// A row predicate.
enum Pred<'a> {
    Text(&'a [u32], Vec<bool>),
    IntIn(&'a [i64], Vec<i64>, bool),
    IntRange(&'a [i64], i64, i64),
    /// Population ages `[age, age_to)` inside `[from, to)`; straddling is an error.
    Band {
        age: &'a [i64],
        age_to: Option<&'a [i64]>,
        band: AgeBand,
    },
    SameYear(&'a [i64], &'a [i64]),
}

struct Side<'a> {
    table: &'a Table,
    spec: &'a CountSpec,
    mask: Vec<bool>,
    /// Notes for the user (a filter value that no row has).
    warnings: Vec<String>,
}

fn column<'a>(t: &'a Table, name: &str, d: &Definition, field: &str) -> Result<&'a Column> {
    t.column(name).ok_or_else(|| {
        Error::table(
            t.source(),
            None,
            Some(name),
            format!("no such column; indicator `{}` needs it ({field})", d.id),
        )
    })
}

fn int_column<'a>(t: &'a Table, name: &str, d: &Definition, field: &str) -> Result<&'a [i64]> {
    match column(t, name, d, field)? {
        Column::Int(v) => Ok(v),
        Column::Text(_) => Err(Error::table(
            t.source(),
            None,
            Some(name),
            format!("must be an integer column (indicator `{}`, {field})", d.id),
        )),
    }
}

fn table<'a>(
    tables: &'a Tables,
    kind: TableKind,
    d: &Definition,
    field: &str,
) -> Result<&'a Table> {
    tables.get(kind).ok_or_else(|| {
        Error::table(
            kind.name(),
            None,
            None,
            format!("table not loaded; indicator `{}` needs it ({field})", d.id),
        )
    })
}

impl<'a> Side<'a> {
    /// Build the row mask of one side: the definition's filters plus the automatic ones.
    fn new(
        d: &Definition,
        tables: &'a Tables,
        spec: &'a CountSpec,
        field: &str,
        band: Option<AgeBand>,
        same_year: bool,
    ) -> Result<Side<'a>> {
        let t = table(tables, spec.table, d, &format!("{field}.table"))?;
        let mut preds: Vec<Pred<'a>> = Vec::new();
        let mut warnings = Vec::new();
        for (name, cond) in &spec.filter {
            let f = format!("{field}.filter.{name}");
            let col = column(t, name, d, &f)?;
            let is_pop_age = name == "age" && t.column("age_to").is_some();
            match (col, cond) {
                (Column::Int(v), Condition::Range { from, to }) if is_pop_age => {
                    let age_to = int_column(t, "age_to", d, &f)?;
                    preds.push(Pred::Band {
                        age: v,
                        age_to: Some(age_to),
                        band: AgeBand {
                            from: from.unwrap_or(i64::MIN / 4),
                            to: to.unwrap_or(i64::MAX / 4),
                        },
                    });
                }
                (Column::Int(v), Condition::Range { from, to }) => preds.push(Pred::IntRange(
                    v,
                    from.unwrap_or(i64::MIN),
                    to.unwrap_or(i64::MAX),
                )),
                (Column::Text(_), Condition::Range { .. }) => {
                    return Err(Error::definition(
                        &d.id,
                        &f,
                        format!(
                            "a range needs an integer column; `{name}` is text in {}",
                            t.source()
                        ),
                    ));
                }
                (Column::Int(v), Condition::In(keys) | Condition::NotIn { not: keys }) => {
                    let mut ints = Vec::with_capacity(keys.len());
                    for k in keys {
                        match k {
                            Key::Int(i) => ints.push(*i),
                            Key::Text(s) => ints.push(s.trim().parse().map_err(|_| {
                                Error::definition(&d.id, &f, format!("`{s}` is not an integer"))
                            })?),
                        }
                    }
                    preds.push(Pred::IntIn(v, ints, matches!(cond, Condition::In(_))));
                }
                (Column::Text(v), Condition::In(keys) | Condition::NotIn { not: keys }) => {
                    let positive = matches!(cond, Condition::In(_));
                    let mut allow = vec![!positive; tables.interner.len()];
                    let mut any = false;
                    for k in keys {
                        let s = match k {
                            Key::Int(i) => i.to_string(),
                            Key::Text(s) => s.trim().to_owned(),
                        };
                        if let Some(c) = tables.interner.lookup(&s) {
                            allow[c as usize] = positive;
                            any |= v.contains(&c);
                        }
                    }
                    if positive && !any && !t.is_empty() {
                        let mut present: Vec<&str> = unique(col, 0, None)
                            .into_iter()
                            .map(|c| tables.text(c as u32))
                            .collect();
                        present.sort_unstable();
                        present.dedup();
                        present.truncate(12);
                        warnings.push(format!(
                            "{f}: no row of {} has any of the values {:?}, so every count is 0 (values present: {}); check the spelling if this is unexpected",
                            t.source(),
                            keys,
                            present.join(", ")
                        ));
                    }
                    preds.push(Pred::Text(v, allow));
                }
            }
        }
        if let Some(band) = band
            && !spec.filter.contains_key("age")
        {
            let age = int_column(t, "age", d, "age_band")?;
            let age_to = match t.column("age_to") {
                Some(Column::Int(v)) => Some(v.as_slice()),
                _ => None,
            };
            preds.push(Pred::Band { age, age_to, band });
        }
        if spec.table == TableKind::Population
            && let (Some(src), Some(Column::Text(v))) = (&d.population_source, t.column("source"))
        {
            let mut allow = vec![false; tables.interner.len()];
            if let Some(c) = tables.interner.lookup(src) {
                allow[c as usize] = true;
            }
            preds.push(Pred::Text(v, allow));
        }
        if same_year {
            let start = int_column(t, "contract_start_year", d, field)?;
            let report = int_column(t, "report_year", d, field)?;
            preds.push(Pred::SameYear(start, report));
        }
        let mut mask = vec![true; t.len()];
        for p in &preds {
            match p {
                Pred::Text(col, allow) => {
                    for (m, &c) in mask.iter_mut().zip(col.iter()) {
                        *m &= allow[c as usize];
                    }
                }
                Pred::IntIn(col, vals, positive) => {
                    for (m, c) in mask.iter_mut().zip(col.iter()) {
                        *m &= vals.contains(c) == *positive;
                    }
                }
                Pred::IntRange(col, a, b) => {
                    for (m, &c) in mask.iter_mut().zip(col.iter()) {
                        *m &= c >= *a && c < *b;
                    }
                }
                Pred::SameYear(a, b) => {
                    for (m, (x, y)) in mask.iter_mut().zip(a.iter().zip(b.iter())) {
                        *m &= x == y;
                    }
                }
                Pred::Band { age, age_to, band } => {
                    for (i, m) in mask.iter_mut().enumerate() {
                        let a = age[i];
                        let b = match age_to {
                            Some(t) if t[i] > a => t[i],
                            Some(_) => i64::MAX / 4, // open top class ("90 and older")
                            None => a + 1,
                        };
                        let inside = a >= band.from && b <= band.to;
                        let outside = b <= band.from || a >= band.to;
                        if !inside && !outside && *m {
                            return Err(Error::table(
                                t.source(),
                                Some(i),
                                Some("age"),
                                format!(
                                    "age class [{a}, {}) straddles the age band [{}, {}) of indicator `{}`; give single ages or classes that fit the band",
                                    if b >= i64::MAX / 4 {
                                        "open".to_owned()
                                    } else {
                                        b.to_string()
                                    },
                                    band.from,
                                    band.to,
                                    d.id
                                ),
                            ));
                        }
                        *m &= inside;
                    }
                }
            }
        }
        Ok(Side {
            table: t,
            spec,
            mask,
            warnings,
        })
    }
}

/// Dense sums of one side.
struct Sums {
    sum: Vec<f64>,
    present: Vec<bool>,
    symbol: Vec<u8>,
    /// Bit set of the ages of the band covered by rows (gap check), when tracked.
    cover: Vec<u64>,
}

impl Sums {
    fn new(n: usize, cover: bool) -> Sums {
        Sums {
            sum: vec![0.0; n],
            present: vec![false; n],
            symbol: vec![0; n],
            cover: if cover { vec![0; n] } else { Vec::new() },
        }
    }

    #[inline]
    fn add(&mut self, k: usize, count: f64, symbol: u8) {
        self.present[k] = true;
        if symbol != 0 {
            if self.symbol[k] == 0 {
                self.symbol[k] = symbol;
            }
        } else {
            self.sum[k] += count;
        }
    }
}

/// The engine for one (non-`change_pp`) definition.
struct Engine<'a> {
    d: &'a Definition,
    tables: &'a Tables,
    num: Side<'a>,
    den: Option<Side<'a>>,
    /// Request breakdown positions used by this indicator (index into request.by) and columns.
    by_used: Vec<usize>,
    n_by: usize,
    periods: Option<&'a [i64]>,
}

/// Where the extra (innermost) key of a side comes from.
enum Extra<'a> {
    None,
    /// Cohort age of a numerator row (`quota_sum`).
    EventAge {
        col: &'a [i64],
        /// The row periods when `col` holds birth years (age = period + shift - birth year).
        birth: Option<&'a [i64]>,
        shift: i64,
        band: AgeBand,
        open: bool,
    },
    /// Single population age (`quota_sum` denominator).
    PopAge(&'a [i64], AgeBand),
    /// Entry-year layer `report_year - contract_start_year` (`layered_flow` numerator).
    Layer(&'a [i64], &'a [i64], i64),
}

impl<'a> Engine<'a> {
    fn new(d: &'a Definition, tables: &'a Tables, req: &'a Request) -> Result<Engine<'a>> {
        let num_spec = d
            .numerator
            .as_ref()
            .ok_or_else(|| Error::definition(&d.id, "numerator", "missing"))?;
        let num_band = match d.mode {
            Mode::Rate => d.age_band.filter(|_| {
                tables
                    .get(num_spec.table)
                    .is_some_and(|t| t.column("age").is_some())
            }),
            _ => None,
        };
        let num = Side::new(d, tables, num_spec, "numerator", num_band, false)?;
        let den = match &d.denominator {
            None => None,
            Some(spec) => {
                let band = match d.mode {
                    Mode::Rate | Mode::RatioPer100 | Mode::MeanCohort => d.age_band,
                    _ => None,
                };
                let qsv_band = (d.mode == Mode::QuotaSum).then_some(()).and(d.age_band);
                Some(Side::new(
                    d,
                    tables,
                    spec,
                    "denominator",
                    band.or(qsv_band),
                    d.mode == Mode::LayeredFlow,
                )?)
            }
        };
        let mut by_used = Vec::new();
        for (i, b) in req.by.iter().enumerate() {
            if !d.disaggregations.contains(b) {
                continue;
            }
            column(num.table, b, d, "disaggregations")?;
            if let Some(den) = &den {
                column(den.table, b, d, "disaggregations")?;
            }
            by_used.push(i);
        }
        if let Some(c) = &d.category {
            column(num.table, c, d, "category")?;
        }
        Ok(Engine {
            d,
            tables,
            num,
            den,
            by_used,
            n_by: req.by.len(),
            periods: req.periods.as_deref(),
        })
    }

    fn run(self, idx: u32, out: &mut IndicatorResults, cache: &UniqueCache) -> Result<()> {
        let d = self.d;
        for w in self
            .num
            .warnings
            .iter()
            .chain(self.den.iter().flat_map(|s| &s.warnings))
        {
            out.warnings.push((d.id.clone(), w.clone()));
        }
        let num_t = self.num.table;
        let num_off = self.num.spec.period_offset;
        let den_off = self.den.as_ref().map_or(0, |s| s.spec.period_offset);
        // Key dimensions shared by both sides: area, breakdowns, period.
        // Values of the shared dimensions: every value of the tables' columns (cached across
        // indicators); records are emitted only where a side has rows, so values without
        // selected rows cost only space in the dense sums.
        let values = |name: &str| -> Result<Vec<i64>> {
            let mut v = cache
                .get(num_t, name, column(num_t, name, d, name)?)
                .to_vec();
            if let Some(den) = &self.den {
                v.extend(
                    cache
                        .get(den.table, name, column(den.table, name, d, name)?)
                        .iter(),
                );
            }
            Ok(v)
        };
        let unit_map = match self.tables.units() {
            Some(u) => DenseMap::new(u.iter().map(|&c| i64::from(c)).collect()),
            None => DenseMap::new(values("unit_id")?),
        };
        let mut by_maps = Vec::new();
        for &b in &self.by_used {
            let name = &out.by[b];
            by_maps.push((name.clone(), DenseMap::new(values(name)?)));
        }
        // Periods in which the numerator table has any row (delivered data): in those, an area or
        // category without selected rows has the count 0.
        let period_of = |t: &Table, off: i64| -> Result<Vec<i64>> {
            let name = t.kind().period_column();
            let v = cache.get(t, name, column(t, name, d, "period")?);
            Ok(v.iter().map(|p| p - off).collect())
        };
        let mut pv = period_of(num_t, num_off)?;
        let num_periods = DenseMap::new(pv.clone());
        if let Some(den) = &self.den {
            pv.extend(period_of(den.table, den_off)?);
        }
        let period_map = DenseMap::new(pv);
        let cat_map = match &d.category {
            Some(c) => Some(DenseMap::new(unique(
                column(num_t, c, d, "category")?,
                0,
                Some(&self.num.mask),
            ))),
            None => None,
        };
        let n_cat = cat_map.as_ref().map_or(1, DenseMap::len).max(1);
        // Extra dimension.
        let (num_extra, den_extra, n_x_num, n_x_den) = self.extras(num_off, den_off)?;
        let n_base = by_maps
            .iter()
            .try_fold(unit_map.len() * period_map.len(), |acc, (_, m)| {
                acc.checked_mul(m.len())
            })
            .unwrap_or(usize::MAX);
        let n_num = n_base
            .checked_mul(n_cat)
            .and_then(|x| x.checked_mul(n_x_num))
            .unwrap_or(usize::MAX);
        if n_num > MAX_CELLS || n_base.saturating_mul(n_x_den) > MAX_CELLS {
            return Err(Error::parameter(
                "by",
                out.by.join(","),
                format!(
                    "indicator `{}` has too many key combinations ({n_num}); compute fewer breakdowns or periods at once",
                    d.id
                ),
            ));
        }
        // Base key of row i of a side: ((unit * by...) * period). Columns resolved once per table.
        let key_cols = |t: &'a Table| -> Option<(&'a Column, Vec<&'a Column>, &'a Column)> {
            let by = by_maps
                .iter()
                .map(|(name, _)| t.column(name))
                .collect::<Option<Vec<_>>>()?;
            Some((
                t.column("unit_id")?,
                by,
                t.column(t.kind().period_column())?,
            ))
        };
        let num_cols = key_cols(num_t);
        let den_cols = self.den.as_ref().and_then(|s| key_cols(s.table));
        let base_key = |t: &Table, i: usize, off: i64| -> Option<usize> {
            let (unit, by, period) = if std::ptr::eq(t, num_t) {
                num_cols.as_ref()?
            } else {
                den_cols.as_ref()?
            };
            let mut k = unit_map.get(unit.key(i))?;
            for ((_, m), c) in by_maps.iter().zip(by) {
                k = k * m.len() + m.get(c.key(i))?;
            }
            let p = period_map.get(period.key(i) - off)?;
            Some(k * period_map.len() + p)
        };
        // Keys (area x breakdown x period) with any row in the numerator table, selected or not:
        // without one, the numerator was not delivered (no data), not 0.
        let mut delivered = vec![false; n_base];
        for i in 0..num_t.len() {
            if let Some(b) = base_key(num_t, i, num_off) {
                delivered[b] = true;
            }
        }
        // Numerator sums.
        let mut num = Sums::new(n_num, false);
        let mut dropped_outside = vec![false; n_base];
        let cat_col = d.category.as_ref().and_then(|c| num_t.column(c));
        let counts = num_t.counts();
        let symbols = num_t.symbol_codes();
        for i in 0..num_t.len() {
            if !self.num.mask[i] {
                continue;
            }
            let Some(b) = base_key(num_t, i, num_off) else {
                continue;
            };
            let c = match (&cat_map, cat_col) {
                (Some(m), Some(col)) => m.get(col.key(i)).unwrap_or(0),
                _ => 0,
            };
            let x = match extra_index(&num_extra, i) {
                Ok(x) => x,
                Err(()) => {
                    if counts[i] > 0.0 || symbols[i] != 0 {
                        dropped_outside[b] = true;
                    }
                    continue;
                }
            };
            num.add((b * n_cat + c) * n_x_num + x, counts[i], symbols[i]);
        }
        // Denominator sums.
        let gap_band = match d.mode {
            Mode::Rate | Mode::RatioPer100 | Mode::MeanCohort => {
                d.age_band.filter(|b| b.width() <= 64)
            }
            _ => None,
        };
        let den = match &self.den {
            None => None,
            Some(side) => {
                let t = side.table;
                let track = gap_band.is_some() && t.column("age").is_some();
                let mut s = Sums::new(n_base * n_x_den, track);
                let age = match t.column("age") {
                    Some(Column::Int(v)) => Some(v.as_slice()),
                    _ => None,
                };
                let age_to = match t.column("age_to") {
                    Some(Column::Int(v)) => Some(v.as_slice()),
                    _ => None,
                };
                for i in 0..t.len() {
                    if !side.mask[i] {
                        continue;
                    }
                    let Some(b) = base_key(t, i, den_off) else {
                        continue;
                    };
                    let Ok(x) = extra_index(&den_extra, i) else {
                        continue;
                    };
                    let k = b * n_x_den + x;
                    s.add(k, t.counts()[i], t.symbol_codes()[i]);
                    if let (true, Some(band), Some(age)) = (track, gap_band, age) {
                        let a = age[i];
                        let e = age_to.map_or(a + 1, |v| if v[i] > a { v[i] } else { band.to });
                        for y in a.max(band.from)..e.min(band.to) {
                            s.cover[k] |= 1u64 << (y - band.from);
                        }
                    }
                }
                Some(s)
            }
        };
        // Population source and census basis per key (text codes of the result).
        let mut prov: Vec<(u32, u32)> = Vec::new();
        let pop_side = match &self.den {
            Some(side) if side.table.kind() == TableKind::Population => Some((side, den_off)),
            _ if num_t.kind() == TableKind::Population => Some((&self.num, num_off)),
            _ => None,
        };
        if let Some((side, off)) = pop_side {
            let t = side.table;
            let code = |name: &str| match t.column(name) {
                Some(Column::Text(v)) => Some(v.as_slice()),
                _ => None,
            };
            let (src, basis) = (code("source"), code("census_basis"));
            if src.is_some() || basis.is_some() {
                prov = vec![(IndicatorResults::NA, IndicatorResults::NA); n_base];
                for i in 0..t.len() {
                    if !side.mask[i] {
                        continue;
                    }
                    let Some(b) = base_key(t, i, off) else {
                        continue;
                    };
                    let p = &mut prov[b];
                    if let Some(v) = src {
                        p.0 = merge_code(p.0, v[i] + 1);
                    }
                    if let Some(v) = basis {
                        p.1 = merge_code(p.1, v[i] + 1);
                    }
                }
            }
        }
        // Emit.
        let n_p = period_map.len();
        let mut by_codes = vec![IndicatorResults::TOTAL; self.n_by];
        let mut any_num = vec![false; n_base];
        for (k, &p) in num.present.iter().enumerate() {
            if p {
                any_num[k / (n_cat * n_x_num)] = true;
            }
        }
        let declared = self.tables.units().is_some();
        // Result codes of the breakdown and category values (integer values get text labels).
        let mut label = |t: &Table, name: &str, m: &DenseMap| -> Vec<u32> {
            let int = matches!(t.column(name), Some(Column::Int(_)));
            m.values
                .iter()
                .map(|&v| if int { out.int_label(v) } else { v as u32 + 1 })
                .collect()
        };
        let by_out: Vec<Vec<u32>> = by_maps
            .iter()
            .map(|(name, m)| label(num_t, name, m))
            .collect();
        let cat_out: Vec<u32> = match (&d.category, &cat_map) {
            (Some(c), Some(m)) => label(num_t, c, m),
            _ => Vec::new(),
        };
        for base in 0..n_base {
            let pidx = base % n_p;
            let t = period_map.values[pidx];
            if num_periods.get(t).is_none() {
                continue; // no numerator data at all in this period
            }
            if self.periods.is_some_and(|ps| !ps.contains(&t)) {
                continue;
            }
            let den_present = den
                .as_ref()
                .is_some_and(|s| (0..n_x_den).any(|x| s.present[base * n_x_den + x]));
            if !(any_num[base] || den_present || declared) {
                continue;
            }
            // Decode area and breakdown codes.
            let mut rest = base / n_p;
            for (j, (_, m)) in by_maps.iter().enumerate().rev() {
                by_codes[self.by_used[j]] = by_out[j][rest % m.len()];
                rest /= m.len();
            }
            let unit = unit_map.values[rest] as u32 + 1;
            for c in 0..n_cat {
                let cat = cat_out.get(c).copied().unwrap_or(IndicatorResults::TOTAL);
                let nk = (base * n_cat + c) * n_x_num;
                let mut cell = match d.mode {
                    Mode::QuotaSum => {
                        quota_sum_cell(&num, nk, den.as_ref(), base * n_x_den, n_x_den)
                    }
                    Mode::LayeredFlow => {
                        layered_cell(&num, nk, n_x_num, den.as_ref(), &period_map, base, t)
                    }
                    _ => ratio_cell(d, &num, nk, den.as_ref(), base, gap_band),
                };
                if !delivered[base] && cell.status == ValueStatus::Ok {
                    cell = Cell::without_value(ValueStatus::NoData, f64::NAN, cell.denominator);
                }
                if dropped_outside[base] && d.mode == Mode::QuotaSum {
                    cell.flags |= Flags::EVENTS_OUTSIDE_AGES;
                }
                if !d.in_force(t) {
                    cell.flags |= Flags::OUTSIDE_VALIDITY;
                }
                if let Some(&(src, basis)) = prov.get(base) {
                    cell.source = src;
                    cell.basis = basis;
                    if src == IndicatorResults::MIXED || basis == IndicatorResults::MIXED {
                        cell.flags |= Flags::MIXED_POPULATION_BASIS;
                    }
                }
                out.push(idx, unit, t, &by_codes, cat, &cell);
            }
        }
        Ok(())
    }

    /// The extra key of each side and its cardinality.
    #[allow(clippy::type_complexity)]
    fn extras(&self, num_off: i64, den_off: i64) -> Result<(Extra<'a>, Extra<'a>, usize, usize)> {
        let d = self.d;
        match d.mode {
            Mode::QuotaSum => {
                let band = d
                    .age_band
                    .ok_or_else(|| Error::definition(&d.id, "age_band", "missing"))?;
                let rule = d
                    .cohort
                    .ok_or_else(|| Error::definition(&d.id, "cohort", "missing"))?;
                let n = usize::try_from(band.width()).unwrap_or(0);
                let (col, birth) = match rule.matching {
                    Matching::Age => (
                        int_column(self.num.table, "age", d, "cohort.matching")?,
                        None,
                    ),
                    Matching::BirthYear => (
                        int_column(self.num.table, "birth_year", d, "cohort.matching")?,
                        Some(int_column(
                            self.num.table,
                            self.num.table.kind().period_column(),
                            d,
                            "cohort.matching",
                        )?),
                    ),
                };
                let den = self
                    .den
                    .as_ref()
                    .ok_or_else(|| Error::definition(&d.id, "denominator", "missing"))?;
                let age = int_column(den.table, "age", d, "age_band")?;
                if let Some(Column::Int(to)) = den.table.column("age_to")
                    && let Some(r) = (0..age.len()).find(|&r| den.mask[r] && to[r] != age[r] + 1)
                {
                    return Err(Error::table(
                        den.table.source(),
                        Some(r),
                        Some("age_to"),
                        format!(
                            "indicator `{}` (quota_sum) needs single-year population ages; this row is the class [{}, {})",
                            d.id, age[r], to[r]
                        ),
                    ));
                }
                Ok((
                    Extra::EventAge {
                        col,
                        birth,
                        // age = (row period - num offset + den offset) - birth year
                        shift: den_off - num_off,
                        band,
                        open: rule.open_ends,
                    },
                    Extra::PopAge(age, band),
                    n,
                    n,
                ))
            }
            Mode::LayeredFlow => {
                let l = i64::from(d.layers.unwrap_or(4));
                let start = int_column(self.num.table, "contract_start_year", d, "layers")?;
                let report = int_column(self.num.table, "report_year", d, "layers")?;
                Ok((Extra::Layer(report, start, l), Extra::None, l as usize, 1))
            }
            _ => Ok((Extra::None, Extra::None, 1, 1)),
        }
    }
}

/// The extra index of row `i`, or `Err` when the row falls outside (ages outside the band).
#[inline]
fn extra_index(e: &Extra<'_>, i: usize) -> std::result::Result<usize, ()> {
    match e {
        Extra::None => Ok(0),
        Extra::EventAge {
            col,
            birth,
            shift,
            band,
            open,
        } => {
            let a = match birth {
                Some(period) => period[i] + shift - col[i],
                None => col[i],
            };
            let a = if a < band.from {
                if *open { band.from } else { return Err(()) }
            } else if a >= band.to {
                if *open { band.to - 1 } else { return Err(()) }
            } else {
                a
            };
            Ok((a - band.from) as usize)
        }
        Extra::PopAge(age, band) => {
            let a = age[i];
            if a < band.from || a >= band.to {
                return Err(());
            }
            Ok((a - band.from) as usize)
        }
        Extra::Layer(report, start, l) => {
            let layer = report[i] - start[i];
            if (0..*l).contains(&layer) {
                Ok(layer as usize)
            } else {
                Err(())
            }
        }
    }
}

/// Share, rate, ratio, grade rate, transition, mean cohort, count.
fn ratio_cell(
    d: &Definition,
    num: &Sums,
    nk: usize,
    den: Option<&Sums>,
    base: usize,
    gap_band: Option<AgeBand>,
) -> Cell {
    let n = num.sum[nk];
    let nsym = num.symbol[nk];
    let Some(den) = den else {
        // Count.
        if nsym != 0 {
            let mut c = Cell::without_value(ValueStatus::Missing, f64::NAN, f64::NAN);
            c.symbol = nsym;
            return c;
        }
        return Cell {
            value: n,
            numerator: n,
            denominator: f64::NAN,
            se: f64::NAN,
            status: ValueStatus::Ok,
            flags: Flags::NONE,
            symbol: 0,
            source: IndicatorResults::NA,
            basis: IndicatorResults::NA,
        };
    };
    let dv = den.sum[base];
    if nsym != 0 || den.symbol[base] != 0 {
        let mut c = Cell::without_value(
            ValueStatus::Missing,
            if nsym != 0 { f64::NAN } else { n },
            if den.symbol[base] != 0 { f64::NAN } else { dv },
        );
        c.symbol = if nsym != 0 { nsym } else { den.symbol[base] };
        return c;
    }
    if !den.present[base] {
        return Cell::without_value(ValueStatus::NoData, n, f64::NAN);
    }
    if let (Some(b), false) = (gap_band, den.cover.is_empty()) {
        let full = if b.width() == 64 {
            u64::MAX
        } else {
            (1u64 << b.width()) - 1
        };
        if den.cover[base] != full {
            let mut c = Cell::without_value(ValueStatus::NoData, n, dv);
            c.flags = Flags::AGE_GAP;
            return c;
        }
    }
    if dv == 0.0 {
        return Cell::without_value(ValueStatus::NotComputable, n, dv);
    }
    let (value, flags) = if d.mode == Mode::MeanCohort {
        // Durchschnittsjahrgang: the same formula as `cohort::mean_cohort`.
        let k = d.age_band.map_or(1.0, |b| b.width() as f64);
        let q = mean_cohort_checked(n, dv, k);
        (q.value, q.flags)
    } else {
        let small = if dv < 20.0 {
            Flags::SMALL_POPULATION
        } else {
            Flags::NONE
        };
        (100.0 * n / dv, small)
    };
    Cell {
        value,
        numerator: n,
        denominator: dv,
        se: f64::NAN,
        status: ValueStatus::Ok,
        flags,
        symbol: 0,
        source: IndicatorResults::NA,
        basis: IndicatorResults::NA,
    }
}

/// Quotensummenverfahren over the dense sums of one key (see [`super::cohort::quota_sum`]).
fn quota_sum_cell(num: &Sums, nk: usize, den: Option<&Sums>, dk: usize, n_age: usize) -> Cell {
    let Some(den) = den else {
        return Cell::without_value(ValueStatus::NoData, f64::NAN, f64::NAN);
    };
    let (e, p) = (&num.sum[nk..nk + n_age], &den.sum[dk..dk + n_age]);
    let es = num.symbol[nk..nk + n_age].iter().find(|&&s| s != 0);
    let ps = den.symbol[dk..dk + n_age].iter().find(|&&s| s != 0);
    if let Some(&sym) = es.or(ps) {
        let mut c = Cell::without_value(ValueStatus::Missing, f64::NAN, f64::NAN);
        c.symbol = sym;
        return c;
    }
    if !den.present[dk..dk + n_age].iter().any(|&x| x) {
        return Cell::without_value(ValueStatus::NoData, e.iter().sum(), f64::NAN);
    }
    let q = quota_sum_checked(e, p);
    Cell {
        value: q.value,
        numerator: q.events,
        denominator: q.population,
        se: q.se,
        status: q.status,
        flags: q.flags,
        symbol: 0,
        source: IndicatorResults::NA,
        basis: IndicatorResults::NA,
    }
}

/// Schichtenmodell: `100 sum_{i=0}^{L-1} L(t, t-i) / B(t-i)`.
fn layered_cell(
    num: &Sums,
    nk: usize,
    layers: usize,
    den: Option<&Sums>,
    periods: &DenseMap,
    base: usize,
    t: i64,
) -> Cell {
    let Some(den) = den else {
        return Cell::without_value(ValueStatus::NoData, f64::NAN, f64::NAN);
    };
    let n_p = periods.len();
    let base0 = base - base % n_p;
    let (mut l_tot, mut b_tot, mut q) = (0.0, 0.0, 0.0);
    for i in 0..layers {
        let (l, ls) = (num.sum[nk + i], num.symbol[nk + i]);
        let Some(pj) = periods.get(t - i as i64) else {
            return Cell::without_value(ValueStatus::NoData, f64::NAN, f64::NAN);
        };
        let bk = base0 + pj;
        let (b, bs) = (den.sum[bk], den.symbol[bk]);
        if ls != 0 || bs != 0 {
            let mut c = Cell::without_value(ValueStatus::Missing, f64::NAN, f64::NAN);
            c.symbol = if ls != 0 { ls } else { bs };
            return c;
        }
        if !den.present[bk] {
            return Cell::without_value(ValueStatus::NoData, f64::NAN, f64::NAN);
        }
        l_tot += l;
        b_tot += b;
        if b == 0.0 {
            if l > 0.0 {
                return Cell::without_value(ValueStatus::Undefined, l_tot, b_tot);
            }
            continue;
        }
        q += l / b;
    }
    Cell {
        value: 100.0 * q,
        numerator: l_tot,
        denominator: b_tot,
        se: f64::NAN,
        status: ValueStatus::Ok,
        flags: Flags::NONE,
        symbol: 0,
        source: IndicatorResults::NA,
        basis: IndicatorResults::NA,
    }
}
