//! The indicator section of `bildung report`: official indicators per Kreis computed by the
//! indicator engine of `bildung-core` from the bundled GENESIS tables and population.
//!
//! * leavers by qualification, share of all leavers (GENESIS 21111-02-06-4);
//! * leavers without Hauptschulabschluss as a quota of the average cohort (Durchschnittsjahrgang,
//!   15 to under 18; population 31.12.2023 from 12411-02-03-4);
//! * the Gymnasium share in grade 7 and the share of foreign pupils (21111-01-03-4).
//!
//! The tables are converted to the engine's long tables (symbols stay missing), the report's own
//! definitions (`report_indicators.toml`) are loaded beside the built-in catalogue, and Germany's
//! row `DG` is computed like a Kreis and set against the sum over the Kreise.

use std::collections::HashMap;
use std::fmt::Write;

use bildung_core::genesis::GenesisTable;
use bildung_core::indicators::{
    Catalogue, IndicatorResults, Request, Symbol, TableBuilder, TableKind, Tables, ValueStatus,
    compute,
};
use bildung_core::inequality::{QuantileRule, quantiles};
use bildung_core::{NanPolicy, csv};
use ndarray::ArrayView1;

use crate::Error;
use crate::genesis::{Cell, Level, QUALIFICATIONS, Table};

/// Pupils by school type (relative to `data/`).
pub const PUPILS_FILE: &str = "genesis/21111-01-03-4.csv";
/// Population by age class, 31.12.2023 and 2024 (relative to `data/`).
pub const POPULATION_FILE: &str = "population/fact_bevoelkerung_2023_2024.csv";
/// The report's own definitions.
const DEFINITIONS: &str = include_str!("report_indicators.toml");

/// Engine codes of the qualification columns of 21111-02-06-4, in [`QUALIFICATIONS`] order.
const ABSCHLUSS: [&str; 7] = [
    "insgesamt",
    "ohne_hsa",
    "hsa",
    "msa",
    "fhr_schulisch",
    "fhr",
    "ahr",
];

/// School types of 21111-01-03-4 and their engine codes.
const SCHULART: [(&str, &str); 12] = [
    ("Vorschulbereich", "vorschule"),
    ("Grundschulen", "grundschule"),
    (
        "Schulartunabhängige Orientierungsstufe",
        "orientierungsstufe",
    ),
    ("Hauptschulen", "hauptschule"),
    (
        "Schularten mit mehreren Bildungsgängen",
        "mehrere_bildungsgaenge",
    ),
    ("Realschulen", "realschule"),
    ("Gymnasien", "gymnasium"),
    ("Integrierte Gesamtschulen", "gesamtschule"),
    ("Freie Waldorfschulen", "waldorf"),
    ("Sonderschulen/Förderschulen", "foerderschule"),
    ("Abendschulen und Kollegs", "abendschule"),
    ("Insgesamt", "insgesamt"),
];

/// The computed section.
#[derive(Debug)]
pub struct Section {
    /// Records of KR-ABS-ANTEIL, KR-ABS-OHSA-DJ1518 and KR-SCH-AUSL.
    main: IndicatorResults,
    /// Records of KR-GYM7 (computed from the grade-7 columns).
    grade7: IndicatorResults,
    /// Kreis names by code.
    names: HashMap<String, String>,
    /// Sum over the Kreise of leavers and leavers without HSA, Germany's row, and the number of
    /// Kreise left out of the sum (a missing cell).
    sums: Vec<(&'static str, f64, f64, f64, usize)>,
    /// Kreise left out because the code has no data (a former Kreis).
    dropped: usize,
    /// The period (leaving year / school year start).
    year: i64,
}

fn core_err(what: &'static str) -> impl Fn(bildung_core::Error) -> Error {
    move |source| Error::Core { what, source }
}

/// Count and symbol of a report cell.
fn cell(c: Cell) -> (f64, Option<Symbol>) {
    match c {
        Cell::Count(n) => (n as f64, None),
        Cell::Missing(s) => (f64::NAN, Some(s)),
    }
}

/// Long-table columns being collected.
#[derive(Default)]
struct Rows {
    unit: Vec<String>,
    year: Vec<i64>,
    key: Vec<String>,
    key2: Vec<String>,
    int: Vec<i64>,
    count: Vec<f64>,
    symbol: Vec<Option<Symbol>>,
}

impl Rows {
    fn push(&mut self, unit: &str, year: i64, key: &str, (count, symbol): (f64, Option<Symbol>)) {
        self.unit.push(unit.to_owned());
        self.year.push(year);
        self.key.push(key.to_owned());
        self.count.push(count);
        self.symbol.push(symbol);
    }
}

/// The section's unit code of a region code: Germany (`DG`), a Kreis (5 digits), or a
/// city-state Land without Kreis rows (`02` Hamburg, `11` Berlin) under its Kreis code
/// (`02000`, `11000`), as in the inequality section; `None` for other levels.
fn unit_code(code: &str, city_states: &[String]) -> Option<String> {
    match Level::of_code(code)? {
        Level::Germany | Level::Kreis => Some(code.to_owned()),
        Level::Land if city_states.iter().any(|c| c == code) => Some(format!("{code}000")),
        _ => None,
    }
}

/// Länder of the leavers table without any Kreis row (the city-states).
fn city_states(t: &Table) -> Vec<String> {
    let with_kreise: std::collections::HashSet<&str> = t
        .rows
        .iter()
        .filter(|r| r.level == Level::Kreis)
        .filter_map(|r| r.land())
        .collect();
    t.rows
        .iter()
        .filter(|r| r.level == Level::Land && !with_kreise.contains(r.code.as_str()))
        .map(|r| r.code.clone())
        .collect()
}

/// Leavers by qualification (with the table total as `insgesamt`) of Germany and the Kreise.
fn leavers(
    t: &Table,
    land: Option<&str>,
    city: &[String],
    names: &mut HashMap<String, String>,
) -> (TableBuilder, usize, i64) {
    let mut r = Rows::default();
    let mut dropped = 0;
    let mut year = 0;
    for row in &t.rows {
        let Some(code) = unit_code(&row.code, city) else {
            continue;
        };
        if land.is_some_and(|l| row.land().is_some_and(|rl| rl != l)) {
            continue;
        }
        if row.is_empty() {
            dropped += 1;
            continue;
        }
        year = i64::from(row.year);
        names.insert(code.clone(), row.name.clone());
        for (q, a) in ABSCHLUSS.iter().enumerate() {
            r.push(&code, year, a, cell(row.total(q)));
        }
    }
    let b = TableBuilder::new(TableKind::SchoolLeavers)
        .source("21111-02-06-4")
        .text("unit_id", r.unit)
        .int("leaving_year", r.year)
        .text("abschluss", r.key)
        .counts(r.count)
        .symbols(r.symbol);
    debug_assert_eq!(QUALIFICATIONS.len(), ABSCHLUSS.len());
    (b, dropped, year)
}

/// The two pupil tables of 21111-01-03-4: totals by school type and citizenship, and grade 7 by
/// school type.
fn pupils(
    bytes: &[u8],
    land: Option<&str>,
    city: &[String],
) -> Result<(TableBuilder, TableBuilder), Error> {
    let t =
        GenesisTable::from_bytes(bytes, PUPILS_FILE).map_err(core_err("reading 21111-01-03-4"))?;
    let find = |needle: &str| {
        t.columns
            .iter()
            .position(|c| c.labels.iter().any(|l| l == needle))
            .ok_or_else(|| Error::Data(format!("{PUPILS_FILE}: no column labelled `{needle}`")))
    };
    let (c_total, c_foreign, c_grade7) = (
        find("Insgesamt")?,
        find("ausländisch")?,
        find("7. Klassenstufe")?,
    );
    if t.key_columns != 4 {
        return Err(Error::Data(format!(
            "{PUPILS_FILE}: expected 4 key columns (year, code, name, school type), found {}",
            t.key_columns
        )));
    }
    let (mut tot, mut g7) = (Rows::default(), Rows::default());
    for row in &t.rows {
        let (year, code, art) = (&row.keys[0], &row.keys[1], &row.keys[3]);
        let Some(code) = unit_code(code, city) else {
            continue;
        };
        let code = code.as_str();
        if land.is_some_and(|l| code != "DG" && !code.starts_with(l)) {
            continue;
        }
        let Some(&(_, art_code)) = SCHULART.iter().find(|(label, _)| label == art) else {
            return Err(Error::Parse {
                path: None,
                line: row.line,
                message: format!("{PUPILS_FILE}: unknown school type `{art}`"),
            });
        };
        let year: i64 = year.parse().map_err(|_| Error::Parse {
            path: None,
            line: row.line,
            message: format!("{PUPILS_FILE}: year `{year}` is not a number"),
        })?;
        let get = |c: usize| {
            Cell::from_core(row.cells[c])
                .map(cell)
                .ok_or_else(|| Error::Parse {
                    path: None,
                    line: row.line,
                    message: format!("{PUPILS_FILE}: a count must be a whole number"),
                })
        };
        let (total, foreign) = (get(c_total)?, get(c_foreign)?);
        // German pupils = total - foreign; unknown when either is.
        let german = match (total, foreign) {
            ((t, None), (f, None)) if t >= f => (t - f, None),
            ((_, Some(s)), _) | (_, (_, Some(s))) => (f64::NAN, Some(s)),
            _ => {
                return Err(Error::Parse {
                    path: None,
                    line: row.line,
                    message: format!("{PUPILS_FILE}: more foreign pupils than pupils"),
                });
            }
        };
        tot.push(code, year, art_code, foreign);
        tot.key2.push("nde".into());
        tot.push(code, year, art_code, german);
        tot.key2.push("de".into());
        g7.push(code, year, art_code, get(c_grade7)?);
        g7.int.push(7);
    }
    // Former Kreise (every cell `-`) are left out: their total is 0.
    let keep = |r: &Rows| -> HashMap<String, bool> {
        let mut has: HashMap<String, bool> = HashMap::new();
        for (u, (k, c)) in r.unit.iter().zip(r.key.iter().zip(&r.count)) {
            if k == "insgesamt" {
                *has.entry(u.clone()).or_default() |= c.is_nan() || *c > 0.0;
            }
        }
        has
    };
    let filter = |r: Rows, has: &HashMap<String, bool>| -> Rows {
        let mut out = Rows::default();
        for i in 0..r.unit.len() {
            if has.get(&r.unit[i]).copied().unwrap_or(false) {
                out.unit.push(r.unit[i].clone());
                out.year.push(r.year[i]);
                out.key.push(r.key[i].clone());
                if let Some(k) = r.key2.get(i) {
                    out.key2.push(k.clone());
                }
                if let Some(g) = r.int.get(i) {
                    out.int.push(*g);
                }
                out.count.push(r.count[i]);
                out.symbol.push(r.symbol[i]);
            }
        }
        out
    };
    let has = keep(&tot);
    let (tot, g7) = (filter(tot, &has), filter(g7, &has));
    let totals = TableBuilder::new(TableKind::SchoolPupils)
        .source(PUPILS_FILE)
        .text("unit_id", tot.unit)
        .int("school_year", tot.year)
        .text("schulart", tot.key)
        .text("citizenship", tot.key2)
        .counts(tot.count)
        .symbols(tot.symbol);
    let grade7 = TableBuilder::new(TableKind::SchoolPupils)
        .source(PUPILS_FILE)
        .text("unit_id", g7.unit)
        .int("school_year", g7.year)
        .text("schulart", g7.key)
        .int("grade", g7.int)
        .counts(g7.count)
        .symbols(g7.symbol);
    Ok((totals, grade7))
}

/// `[from, to)` of an age-class label of the population file ("15 bis unter 18 Jahre",
/// "unter 3 Jahre", "75 Jahre und mehr"; `to` = 0 for the open top class).
fn age_class(label: &str) -> Option<(i64, i64)> {
    let l = label.trim().trim_end_matches(" Jahre");
    if let Some(to) = l.strip_prefix("unter ") {
        return Some((0, to.trim().parse().ok()?));
    }
    if let Some(from) = l
        .strip_suffix(" Jahre und mehr")
        .or_else(|| l.strip_suffix(" und mehr"))
    {
        return Some((from.trim().parse().ok()?, 0));
    }
    let (a, b) = l.split_once(" bis unter ")?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// Population by age class on 31.12. of `year` (Germany, Kreise; Berlin and Hamburg, which the
/// file gives only as Länder, under their Kreis codes 11000 and 02000).
fn population(
    text: &str,
    year: i64,
    land: Option<&str>,
    units: &[String],
) -> Result<TableBuilder, Error> {
    let records =
        csv::parse(text, ';', POPULATION_FILE).map_err(core_err("reading the population"))?;
    let Some((hline, header)) = records.first() else {
        return Err(Error::Data(format!("{POPULATION_FILE}: empty file")));
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::Parse {
                path: None,
                line: *hline,
                message: format!("{POPULATION_FILE}: no column `{name}`"),
            })
    };
    let (c_year, c_code, c_level, c_age, c_n) = (
        col("jahr")?,
        col("region_code")?,
        col("ebene")?,
        col("altersgruppe")?,
        col("insgesamt")?,
    );
    let (mut unit, mut years, mut age, mut age_to, mut count, mut symbol) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for (line, r) in &records[1..] {
        let bad = |m: String| Error::Parse {
            path: None,
            line: *line,
            message: format!("{POPULATION_FILE}: {m}"),
        };
        if r.len() != header.len() {
            return Err(bad(format!(
                "{} fields, the header has {}",
                r.len(),
                header.len()
            )));
        }
        if r[c_year].trim().parse::<i64>().ok() != Some(year) {
            continue;
        }
        let code = match (r[c_level].as_str(), r[c_code].as_str()) {
            ("DE", c) | ("KR", c) => c.to_owned(),
            ("BL", c @ ("02" | "11")) => format!("{c}000"),
            _ => continue,
        };
        // Other Länder (--land), the total row, and codes that are not units of the section
        // (former Kreise, which the file lists with empty counts).
        if land.is_some_and(|l| code != "DG" && !code.starts_with(l))
            || r[c_age].trim() == "Insgesamt"
            || units.binary_search(&code).is_err()
        {
            continue;
        }
        let (a, b) =
            age_class(&r[c_age]).ok_or_else(|| bad(format!("age class `{}`", r[c_age])))?;
        let n = r[c_n].trim();
        let (c, s) = if n.is_empty() {
            (f64::NAN, Some(Symbol::Unknown))
        } else {
            (
                n.parse::<f64>().map_err(|_| bad(format!("count `{n}`")))?,
                None,
            )
        };
        unit.push(code);
        years.push(year);
        age.push(a);
        age_to.push(b);
        count.push(c);
        symbol.push(s);
    }
    Ok(TableBuilder::new(TableKind::Population)
        .source(POPULATION_FILE)
        .text("unit_id", unit)
        .int("year", years)
        .int("age", age)
        .int("age_to", age_to)
        .counts(count)
        .symbols(symbol))
}

/// Compute the section from the leavers table and the bytes of the pupils and population files.
pub fn build(
    leavers_table: &Table,
    pupils_bytes: &[u8],
    population_text: &str,
    land: Option<&str>,
) -> Result<Section, Error> {
    let mut cat = Catalogue::builtin().map_err(core_err("the built-in catalogue"))?;
    cat.add_toml(DEFINITIONS)
        .map_err(core_err("the report's definitions"))?;
    let mut names = HashMap::new();
    let city = city_states(leavers_table);
    let (lv, dropped, year) = leavers(leavers_table, land, &city, &mut names);
    let (totals, grade7) = pupils(pupils_bytes, land, &city)?;
    let mut t = Tables::new();
    // The units: Germany and the Kreise of the leavers table (former Kreis codes left out).
    let mut units: Vec<String> = names.keys().cloned().collect();
    units.sort();
    t.set_units(&units).map_err(core_err("the Kreise"))?;
    t.add(lv).map_err(core_err("the leavers table"))?;
    t.add(totals).map_err(core_err("the pupils table"))?;
    t.add(population(population_text, year, land, &units)?)
        .map_err(core_err("the population table"))?;
    let req = |ids: &[&str]| Request {
        indicators: ids.iter().map(|s| (*s).to_owned()).collect(),
        by: Vec::new(),
        periods: Some(vec![year]),
    };
    let main = compute(
        &cat,
        &t,
        &req(&["KR-ABS-ANTEIL", "KR-ABS-OHSA-DJ1518", "KR-SCH-AUSL"]),
    )
    .map_err(core_err("computing the indicators"))?;
    let mut t7 = Tables::new();
    t7.add(grade7).map_err(core_err("the grade-7 table"))?;
    let grade7 = compute(&cat, &t7, &req(&["KR-GYM7"])).map_err(core_err("computing KR-GYM7"))?;
    // Germany's row against the sum over the Kreise (leavers, without HSA), from the records.
    let (mut n_k, mut d_k, mut missing) = (0.0, 0.0, 0usize);
    let (mut n_de, mut d_de) = (f64::NAN, f64::NAN);
    for i in 0..main.len() {
        if main.indicators[main.indicator[i] as usize].id != "KR-ABS-ANTEIL"
            || main.text(main.category[i]) != "ohne_hsa"
        {
            continue;
        }
        if main.text(main.unit[i]) == "DG" {
            (n_de, d_de) = (main.numerator[i], main.denominator[i]);
        } else if main.status[i] == ValueStatus::Ok {
            n_k += main.numerator[i];
            d_k += main.denominator[i];
        } else {
            missing += 1;
        }
    }
    // The Länder rows of the table, summed (the Germany row is not their sum in this table).
    let laender = |q: usize| -> f64 {
        leavers_table
            .rows
            .iter()
            .filter(|r| r.level == Level::Land)
            .filter_map(|r| r.total(q).count())
            .map(|n| n as f64)
            .sum()
    };
    let sums = vec![
        ("leavers", d_k, d_de, laender(0), missing),
        (
            "without Hauptschulabschluss",
            n_k,
            n_de,
            laender(1),
            missing,
        ),
    ];
    Ok(Section {
        main,
        grade7,
        names,
        sums,
        dropped,
        year,
    })
}

/// One indicator record of the section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndicatorCell {
    /// The value (NaN unless the status is ok).
    pub value: f64,
    /// Numerator.
    pub numerator: f64,
    /// Denominator.
    pub denominator: f64,
    /// Status.
    pub status: ValueStatus,
    /// Symbol of a missing input cell.
    pub symbol: Option<Symbol>,
}

/// One indicator's values over the Kreise: (code, value) of records with status ok.
fn kreis_values(r: &IndicatorResults, id: &str, category: &str) -> (Vec<(String, f64)>, usize) {
    let mut v = Vec::new();
    let mut not_ok = 0;
    for i in 0..r.len() {
        let unit = r.text(r.unit[i]);
        if r.indicators[r.indicator[i] as usize].id != id
            || r.text(r.category[i]) != category
            || unit == "DG"
        {
            continue;
        }
        if r.status[i] == ValueStatus::Ok {
            v.push((unit.to_owned(), r.value[i]));
        } else {
            not_ok += 1;
        }
    }
    (v, not_ok)
}

impl Section {
    /// The records of indicator `id`, category `category` (`"total"` where there is none), by
    /// area code: (value, numerator, denominator, status, symbol of a missing input).
    pub fn records(&self, id: &str, category: &str) -> HashMap<String, IndicatorCell> {
        let r = if id == "KR-GYM7" {
            &self.grade7
        } else {
            &self.main
        };
        let mut out = HashMap::new();
        for i in 0..r.len() {
            if r.indicators[r.indicator[i] as usize].id != id || r.text(r.category[i]) != category {
                continue;
            }
            out.insert(
                r.text(r.unit[i]).to_owned(),
                IndicatorCell {
                    value: r.value[i],
                    numerator: r.numerator[i],
                    denominator: r.denominator[i],
                    status: r.status[i],
                    symbol: r.symbol_of(i),
                },
            );
        }
        out
    }

    fn germany(&self, r: &IndicatorResults, id: &str, category: &str) -> Option<f64> {
        r.find(id, "DG", self.year, &[], category)
            .filter(|&i| r.status[i] == ValueStatus::Ok)
            .map(|i| r.value[i])
    }

    /// The readable section.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Indicators per Kreis ({}; indicator engine: built-in catalogue plus the report's own definitions)",
            self.year
        );
        let rows: [(&str, &str, &IndicatorResults, &str); 6] = [
            (
                "KR-ABS-ANTEIL",
                "ohne_hsa",
                &self.main,
                "leavers without Hauptschulabschluss, % of leavers",
            ),
            (
                "KR-ABS-ANTEIL",
                "ahr",
                &self.main,
                "leavers with Abitur, % of leavers",
            ),
            (
                "KR-ABS-ANTEIL",
                "msa",
                &self.main,
                "leavers with Mittlerer Abschluss, % of leavers",
            ),
            (
                "KR-ABS-OHSA-DJ1518",
                "total",
                &self.main,
                "without HSA, % of the average cohort 15-<18",
            ),
            (
                "KR-GYM7",
                "total",
                &self.grade7,
                "grade-7 pupils at a Gymnasium, %",
            ),
            (
                "KR-SCH-AUSL",
                "total",
                &self.main,
                "foreign pupils, % of pupils",
            ),
        ];
        let _ = writeln!(
            s,
            "  {:<46} {:>8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6}",
            "indicator", "Germany", "min", "P10", "median", "P90", "max", "n", "no val"
        );
        for (id, cat, r, label) in rows {
            let (v, not_ok) = kreis_values(r, id, cat);
            let x: Vec<f64> = v.iter().map(|(_, x)| *x).collect();
            let q = quantiles(
                ArrayView1::from(&x),
                None,
                ArrayView1::from(&[0.0, 0.1, 0.5, 0.9, 1.0]),
                QuantileRule::Linear,
                NanPolicy::Raise,
            )
            .map(|q| q.values)
            .unwrap_or_else(|_| vec![f64::NAN; 5]);
            let de = self
                .germany(r, id, cat)
                .map_or("-".to_owned(), |d| format!("{d:.2}"));
            let _ = writeln!(
                s,
                "  {label:<46} {de:>8} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>5} {not_ok:>6}",
                q[0],
                q[1],
                q[2],
                q[3],
                q[4],
                x.len()
            );
        }
        let _ = writeln!(
            s,
            "  (Germany = the table's row DG computed like a Kreis; \"no val\" = Kreise whose value is missing (table symbol) or not computable; {} former Kreis codes without data left out)",
            self.dropped
        );
        for (label, kreise, de, laender, missing) in &self.sums {
            let _ = writeln!(
                s,
                "  check, {label}: Germany row {de:.0}; sum of the 16 Länder rows {laender:.0} ({:+.2} %); sum over the Kreise {kreise:.0} ({:+.2} %; {missing} Kreise with a missing cell left out)",
                100.0 * (laender - de) / de,
                100.0 * (kreise - de) / de
            );
        }
        let _ = writeln!(
            s,
            "  (Kreis sums differ from the Land rows where counts are rounded to multiples of 3: Schleswig-Holstein, Bremen, Sachsen-Anhalt; leavers are counted where the school is, so a Landkreis whose Gymnasien lie in the kreisfreie Stadt shows 0 % Abitur and Gymnasium)"
        );
        for (id, r, label) in [
            (
                "KR-ABS-OHSA-DJ1518",
                &self.main,
                "quota without HSA (average cohort)",
            ),
            ("KR-GYM7", &self.grade7, "Gymnasium share in grade 7"),
        ] {
            let (mut v, _) = kreis_values(r, id, "total");
            v.sort_by(|a, b| b.1.total_cmp(&a.1));
            let name = |c: &str| self.names.get(c).cloned().unwrap_or_else(|| c.to_owned());
            let top: Vec<String> = v
                .iter()
                .take(3)
                .map(|(c, x)| format!("{} {x:.1}", name(c)))
                .collect();
            let bottom: Vec<String> = v
                .iter()
                .rev()
                .take(3)
                .map(|(c, x)| format!("{} {x:.1}", name(c)))
                .collect();
            let _ = writeln!(
                s,
                "  {label}: highest {}; lowest {}",
                top.join(", "),
                bottom.join(", ")
            );
        }
        s
    }

    /// All records of the section as CSV (the engine's columns).
    pub fn to_csv(&self) -> String {
        let mut s = self.main.to_csv();
        let g = self.grade7.to_csv();
        s.push_str(g.split_once('\n').map_or("", |(_, rest)| rest));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_classes() {
        assert_eq!(age_class("unter 3 Jahre"), Some((0, 3)));
        assert_eq!(age_class("15 bis unter 18 Jahre"), Some((15, 18)));
        assert_eq!(age_class("75 Jahre und mehr"), Some((75, 0)));
        assert_eq!(age_class("Insgesamt"), None);
    }
}
