//! Synthetic long tables for the indicator benchmarks (issue 5 item 8): every table kind the
//! built-in catalogue reads, for `areas` areas x 2 sexes x 2 citizenships x 10 years,
//! deterministic (SplitMix64, one stream per table), with the value codes of `catalogue.toml`.
//!
//! Model (all counts are non-negative integers; zero cells of the event tables are left out, as
//! in real exports, the population is dense):
//!
//! * Areas: each area `u` draws a base `b_u` (German residents per single age and sex,
//!   log-uniform on 50..200), a foreign share `f_u` (5 % .. 30 %; non-German residents per
//!   single age = `b_u f_u / (1 - f_u)`), a yearly trend (-1 % .. +1 %), a Kita factor, a
//!   full-day share, an SGB II level (log-normal around 10 %), and its schools (a Grundschule in
//!   85 % of the areas, secondary and special schools in some; pupils are counted where the
//!   school is, so areas with a Gymnasium also take pupils of their neighbours).
//! * `population` (31.12. of 2014..=2023): single ages 0..=24 (`age_to = age + 1`) and the
//!   classes 25 to under 65 (`age_to = 65`) and 65 and older (`age = 65`, `age_to = 65`: an open
//!   class has `age_to <= age`), every area x year x sex x citizenship: 27 rows per cell.
//!   Count = mean x (1 + 3 % noise), rounded. The population source is recorded as the
//!   catalogue asks (`source = fortschreibung`; `census_basis` `z2011` up to 2021, `z2022` from
//!   2022 on).
//! * `kita_children` (1.3. of 2015..=2024, no citizenship, as in the KJH statistics): children
//!   aged 0..=5 = population of the previous 31.12. x care rate (2 %, 38 %, 64 %, 90 %, 94 %,
//!   95 %), split into care type (Tagespflege mostly under 3), full-day yes/no, a parent of
//!   foreign origin yes/no and a non-German family language yes/no (mostly with a foreign
//!   parent); Poisson cells, capped so that children never exceed the population.
//! * `school_pupils` (school years 2014..=2023): per school type present and grade, the cohort
//!   of age grade + 5 x type share, split into SPF (with Förderschwerpunkt), full-day form of the
//!   school (offen: part of the pupils) and repeaters (nichtversetzt / freiwillig); Poisson cells.
//! * `school_transitions` (from school years 2014..=2023): Grundschule grade 4 to grade 5 by
//!   school type and recommendation, and Förderschule 4 to 5; at most the grade-4 pupils.
//! * `school_leavers` (leaving years 2015..=2024): the cohort aged 16 on the previous 31.12. by
//!   qualification, sector, birth year (ages 13..22 on the previous 31.12., so the open ends of
//!   the quota-sum bands are used) and externe.
//! * `vocational_contracts` (report years 2014..=2023): contracts begun in the report year by
//!   age (15..=26, open ends of the 16..24 band) and first dual training; dissolutions of
//!   contracts begun 0..=4 years before (layers 0..3 counted, layer 4 outside); new contracts
//!   (neuabschluss) = begun minus dissolved in the same year.
//! * `sgb2` (December of 2014..=2023): NEF and PERS in the age classes 0-3, 3-6, 6-15
//!   (`age_to`), at most the population of the class.
//!
//! Input size (the figure the memory ratio divides by): the column buffers of the validated
//! engine tables, per row 4 bytes per text key (interned `u32` code), 8 bytes per integer key
//! (`i64`), 8 bytes for the count (`f64`) and 1 byte for its symbol code; see [`input_bytes`].
#![allow(dead_code)]

use crate::common::SplitMix64;
use bildung_core::indicators::{Column, TableBuilder, TableKind, Tables};

/// First population year (31.12.); every table has 10 periods.
pub const FIRST_YEAR: i64 = 2014;
/// Number of periods of every table.
pub const YEARS: usize = 10;
/// Areas of the benchmark.
pub const AREAS: usize = 10_000;

const SEXES: [&str; 2] = ["male", "female"];
const CITIZENSHIPS: [&str; 2] = ["de", "nde"];
/// Population rows per area x year x sex x citizenship: ages 0..=24, 25-<65, 65+.
const POP_AGES: usize = 27;

/// One key column of a generated table.
#[derive(Debug, Clone)]
pub enum GenCol {
    /// Codes into `levels` (given to the engine as a categorical column).
    Text {
        codes: Vec<u32>,
        levels: Vec<String>,
    },
    /// Integers.
    Int(Vec<i64>),
}

/// A generated long table, column by column.
#[derive(Debug, Clone)]
pub struct GenTable {
    pub kind: TableKind,
    pub columns: Vec<(&'static str, GenCol)>,
    pub counts: Vec<f64>,
}

impl GenTable {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// The builder the engine validates (text columns as categorical codes, like pandas).
    pub fn builder(&self) -> TableBuilder {
        let mut b = TableBuilder::new(self.kind);
        for (name, col) in &self.columns {
            b = match col {
                GenCol::Text { codes, levels } => b.coded(
                    name,
                    codes.iter().map(|&c| i64::from(c)).collect(),
                    levels.clone(),
                ),
                GenCol::Int(v) => b.int(name, v.iter().copied()),
            };
        }
        b.counts(self.counts.iter().copied())
    }
}

/// The tables of one benchmark size.
#[derive(Debug, Clone)]
pub struct GenData {
    pub areas: usize,
    pub tables: Vec<GenTable>,
}

impl GenData {
    /// Total rows.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(GenTable::len).sum()
    }

    /// The builders of every table.
    pub fn builders(&self) -> Vec<TableBuilder> {
        self.tables.iter().map(GenTable::builder).collect()
    }

    /// Validate every table into a fresh [`Tables`].
    pub fn to_tables(&self) -> Tables {
        load(self.builders())
    }
}

/// Validate the builders into a fresh [`Tables`] (what a user pays to load the data).
#[allow(clippy::panic)]
pub fn load(builders: Vec<TableBuilder>) -> Tables {
    let mut t = Tables::new();
    for b in builders {
        if let Err(e) = t.add(b) {
            panic!("generated table rejected: {e}");
        }
    }
    t
}

/// Bytes of the engine's column buffers: per row 4 per text key, 8 per integer key, 8 for the
/// count and 1 for the symbol code.
pub fn input_bytes(tables: &Tables) -> usize {
    TableKind::ALL
        .into_iter()
        .filter_map(|k| tables.get(k))
        .map(|t| {
            let per_row: usize = t
                .column_names()
                .iter()
                .map(|n| match t.column(n) {
                    Some(Column::Text(_)) => 4,
                    Some(Column::Int(_)) => 8,
                    None => 0,
                })
                .sum::<usize>()
                + 8
                + 1;
            per_row * t.len()
        })
        .sum()
}

/// Area id of area `u` (8 characters, like an official municipality key).
pub fn area_id(u: usize) -> String {
    format!("{:08}", 1_000_000 + 37 * u)
}

fn levels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// Poisson(`m`) draw: multiplication method below 30, normal approximation above.
fn poisson(rng: &mut SplitMix64, m: f64) -> u32 {
    if m <= 0.0 {
        return 0;
    }
    if m < 30.0 {
        let l = (-m).exp();
        let (mut k, mut p) = (0u32, rng.uniform());
        while p > l {
            k += 1;
            p *= rng.uniform();
        }
        k
    } else {
        (m + m.sqrt() * rng.normal()).round().max(0.0) as u32
    }
}

/// Binomial(`n`, `p`) draw (Bernoulli sum; `n` is small here).
fn binomial(rng: &mut SplitMix64, n: u32, p: f64) -> u32 {
    if n > 200 {
        let m = f64::from(n) * p;
        let s = (m * (1.0 - p)).sqrt();
        return (m + s * rng.normal()).round().clamp(0.0, f64::from(n)) as u32;
    }
    (0..n).filter(|_| rng.uniform() < p).count() as u32
}

/// Per-area parameters.
#[derive(Debug, Clone)]
struct Area {
    /// German residents per single age and sex.
    base: f64,
    /// Non-German residents relative to German ones, `f / (1 - f)`.
    foreign: f64,
    /// Foreign share `f`.
    foreign_share: f64,
    trend: f64,
    kita: f64,
    full_day: f64,
    sgb2: f64,
    /// Schools present, in the order of [`SCHOOLS`].
    schools: [bool; 7],
    /// Full-day form per school type (index into [`GANZTAG_FORMS`]) and participation.
    school_form: [(usize, f64); 7],
}

/// School types generated: name, first and last grade, share of the cohort, share of areas
/// with such a school.
const SCHOOLS: [(&str, i64, i64, f64, f64); 7] = [
    ("grundschule", 1, 4, 0.95, 0.85),
    ("hauptschule", 5, 10, 0.10, 0.10),
    ("realschule", 5, 10, 0.20, 0.15),
    ("gymnasium", 5, 12, 0.40, 0.20),
    ("gesamtschule", 5, 13, 0.25, 0.12),
    ("foerderschule", 1, 10, 0.04, 0.15),
    ("waldorf", 1, 12, 0.01, 0.02),
];
const GANZTAG_FORMS: [&str; 4] = ["none", "offen", "teilgebunden", "gebunden"];

fn areas(n: usize, seed: u64) -> Vec<Area> {
    let mut rng = SplitMix64(seed ^ 0xA4EA_5EED);
    (0..n)
        .map(|_| {
            let base = (50f64.ln() + (200f64.ln() - 50f64.ln()) * rng.uniform()).exp();
            let f = 0.05 + 0.25 * rng.uniform();
            let mut schools = [false; 7];
            let mut school_form = [(0usize, 0.0f64); 7];
            for (j, s) in SCHOOLS.iter().enumerate() {
                schools[j] = rng.uniform() < s.4;
                let u = rng.uniform();
                school_form[j] = if j == 0 {
                    // Grundschule: mostly offener Ganztag, part of the pupils.
                    if u < 0.6 {
                        (1, 0.3 + 0.5 * rng.uniform())
                    } else if u < 0.7 {
                        (3, 1.0)
                    } else {
                        (0, 0.0)
                    }
                } else if u < 0.25 {
                    (3, 1.0)
                } else if u < 0.45 {
                    (2, 1.0)
                } else if u < 0.7 {
                    (1, 0.2 + 0.3 * rng.uniform())
                } else {
                    (0, 0.0)
                };
            }
            Area {
                // German residents per single age and sex
                base: base * 0.5 * (1.0 - f),
                foreign: f / (1.0 - f),
                foreign_share: f,
                trend: 0.02 * rng.uniform() - 0.01,
                kita: 0.85 + 0.2 * rng.uniform(),
                full_day: 0.3 + 0.45 * rng.uniform(),
                sgb2: (0.10 * (0.5 * rng.normal()).exp()).min(0.35),
                schools,
                school_form,
            }
        })
        .collect()
}

/// Column accumulator for one table.
struct Acc {
    kind: TableKind,
    text: Vec<(&'static str, Vec<String>, Vec<u32>)>,
    ints: Vec<(&'static str, Vec<i64>)>,
    order: Vec<(&'static str, bool)>,
    counts: Vec<f64>,
}

impl Acc {
    /// `cols`: (name, `Some(levels)` for text, `None` for integers), in column order.
    fn new(kind: TableKind, cols: &[(&'static str, Option<Vec<String>>)]) -> Acc {
        let mut a = Acc {
            kind,
            text: Vec::new(),
            ints: Vec::new(),
            order: Vec::new(),
            counts: Vec::new(),
        };
        for (name, lv) in cols {
            match lv {
                Some(l) => {
                    a.text.push((name, l.clone(), Vec::new()));
                    a.order.push((name, true));
                }
                None => {
                    a.ints.push((name, Vec::new()));
                    a.order.push((name, false));
                }
            }
        }
        a
    }

    /// One row: text codes and integers in the order of their columns.
    #[inline]
    fn push(&mut self, text: &[u32], ints: &[i64], count: u32) {
        for (c, &v) in self.text.iter_mut().zip(text) {
            c.2.push(v);
        }
        for (c, &v) in self.ints.iter_mut().zip(ints) {
            c.1.push(v);
        }
        self.counts.push(f64::from(count));
    }

    fn finish(self) -> GenTable {
        let mut text = self.text.into_iter();
        let mut ints = self.ints.into_iter();
        let mut columns = Vec::new();
        for (name, is_text) in self.order {
            if is_text {
                if let Some((_, levels, codes)) = text.next() {
                    columns.push((name, GenCol::Text { codes, levels }));
                }
            } else if let Some((_, v)) = ints.next() {
                columns.push((name, GenCol::Int(v)));
            }
        }
        GenTable {
            kind: self.kind,
            columns,
            counts: self.counts,
        }
    }
}

/// Calls `f(u, y, s, c)` for every area, year index, sex and citizenship, in that order (the
/// row order of every generated table).
fn each_cell(areas: usize, mut f: impl FnMut(usize, usize, usize, usize)) {
    for u in 0..areas {
        for y in 0..YEARS {
            for s in 0..2 {
                for c in 0..2 {
                    f(u, y, s, c);
                }
            }
        }
    }
}

/// Column specs of the area id, the period column, further `columns`, sex and citizenship.
fn spec(
    ids: &[String],
    period: &'static str,
    columns: &[(&'static str, Option<Vec<String>>)],
) -> Vec<(&'static str, Option<Vec<String>>)> {
    let mut v = vec![("unit_id", Some(ids.to_vec())), (period, None)];
    v.extend(columns.iter().cloned());
    v.push(("sex", Some(levels(&SEXES))));
    v.push(("citizenship", Some(levels(&CITIZENSHIPS))));
    v
}

/// Dense population counts `[u][year][sex][citizenship][age slot]`.
struct Pop {
    counts: Vec<u32>,
}

impl Pop {
    #[inline]
    fn idx(u: usize, y: usize, s: usize, c: usize, a: usize) -> usize {
        (((u * YEARS + y) * 2 + s) * 2 + c) * POP_AGES + a
    }

    /// Single age `a` (0..=24) in population year index `y`.
    #[inline]
    fn get(&self, u: usize, y: usize, s: usize, c: usize, a: usize) -> u32 {
        self.counts[Pop::idx(u, y, s, c, a)]
    }

    /// Ages `from..to` (single ages).
    fn range(&self, u: usize, y: usize, s: usize, c: usize, from: usize, to: usize) -> u32 {
        (from..to).map(|a| self.get(u, y, s, c, a)).sum()
    }
}

/// Generate every table for `n_areas` areas.
pub fn generate(n_areas: usize, seed: u64) -> GenData {
    let ar = areas(n_areas, seed);
    let ids: Vec<String> = (0..n_areas).map(area_id).collect();
    let (population, pop) = population(&ar, &ids, seed);
    let kita = kita(&ar, &ids, &pop, seed);
    let (pupils, grade4) = pupils(&ar, &ids, &pop, seed);
    let transitions = transitions(&ar, &ids, &grade4, seed);
    let leavers = leavers(&ar, &ids, &pop, seed);
    let contracts = contracts(&ar, &ids, &pop, seed);
    let sgb2 = sgb2(&ar, &ids, &pop, seed);
    GenData {
        areas: n_areas,
        tables: vec![
            population,
            kita,
            pupils,
            transitions,
            leavers,
            contracts,
            sgb2,
        ],
    }
}

fn population(ar: &[Area], ids: &[String], seed: u64) -> (GenTable, Pop) {
    let mut rng = SplitMix64(seed ^ 0x0B0B);
    let mut acc = Acc::new(
        TableKind::Population,
        &spec(
            ids,
            "year",
            &[
                ("age", None),
                ("age_to", None),
                ("source", Some(levels(&["fortschreibung"]))),
                ("census_basis", Some(levels(&["z2011", "z2022"]))),
            ],
        ),
    );
    let mut counts = vec![0u32; ar.len() * YEARS * 4 * POP_AGES];
    each_cell(ar.len(), |u, y, s, c| {
        let a = &ar[u];
        let level = (1.0 + a.trend).powi(y as i32);
        let basis = u32::from(FIRST_YEAR + y as i64 >= 2022);
        let w = a.base * level * if c == 0 { 1.0 } else { a.foreign };
        for slot in 0..POP_AGES {
            let (age, age_to, mean) = match slot {
                0..=24 => {
                    // slightly more boys than girls among the young
                    let sex = if s == 0 { 1.03 } else { 0.97 };
                    (slot as i64, slot as i64 + 1, w * sex)
                }
                25 => (25, 65, w * 44.0),
                _ => (65, 65, w * if s == 0 { 16.0 } else { 21.0 }),
            };
            let n = (mean * (1.0 + 0.03 * rng.normal())).round().max(0.0) as u32;
            counts[Pop::idx(u, y, s, c, slot)] = n;
            acc.push(
                &[u as u32, 0, basis, s as u32, c as u32],
                &[FIRST_YEAR + y as i64, age, age_to],
                n,
            );
        }
    });
    (acc.finish(), Pop { counts })
}

fn kita(ar: &[Area], ids: &[String], pop: &Pop, seed: u64) -> GenTable {
    const RATE: [f64; 6] = [0.02, 0.38, 0.64, 0.90, 0.94, 0.95];
    const TAGESPFLEGE: [f64; 6] = [0.30, 0.18, 0.12, 0.02, 0.01, 0.01];
    let mut rng = SplitMix64(seed ^ 0x0C0C);
    let yes_no = levels(&["yes", "no"]);
    let mut acc = Acc::new(
        TableKind::KitaChildren,
        &[
            ("unit_id", Some(ids.to_vec())),
            ("year", None),
            ("age", None),
            ("care_type", Some(levels(&["kita", "tagespflege"]))),
            ("ganztag", Some(yes_no.clone())),
            ("sex", Some(levels(&SEXES))),
            ("family_language_non_german", Some(yes_no.clone())),
            ("foreign_parent", Some(yes_no)),
        ],
    );
    for (u, a) in ar.iter().enumerate() {
        // foreign parent: about 1.6 times the foreign share; family language mostly with it
        let fp = (1.6 * a.foreign_share + 0.05).min(0.9);
        let origin = [
            // (foreign_parent, language non-German, probability); codes: 0 = yes, 1 = no.
            // Children without a parent of foreign origin speak German at home here.
            (0u32, 0u32, fp * 0.55),
            (0, 1, fp * 0.45),
            (1, 1, 1.0 - fp),
        ];
        for y in 0..YEARS {
            // Kita year FIRST_YEAR + 1 + y relates to the population of 31.12. FIRST_YEAR + y.
            for s in 0..2 {
                for age in 0..6 {
                    let p = pop.get(u, y, s, 0, age) + pop.get(u, y, s, 1, age);
                    let n = f64::from(p) * (RATE[age] * a.kita).min(0.98);
                    let mut left = p;
                    for care in 0..2u32 {
                        let share = if care == 0 {
                            1.0 - TAGESPFLEGE[age]
                        } else {
                            TAGESPFLEGE[age]
                        };
                        let full = if care == 0 { a.full_day } else { 0.25 };
                        for gt in 0..2u32 {
                            let g = if gt == 0 { full } else { 1.0 - full };
                            for &(fpar, lang, q) in &origin {
                                let k = poisson(&mut rng, n * share * g * q).min(left);
                                if k > 0 {
                                    left -= k;
                                    // text: unit, care, ganztag, sex, language, parent
                                    acc.push(
                                        &[u as u32, care, gt, s as u32, lang, fpar],
                                        &[FIRST_YEAR + 1 + y as i64, age as i64],
                                        k,
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    acc.finish()
}

/// Pupils, and the grade-4 Grundschule pupils per area x year x sex x citizenship.
fn pupils(ar: &[Area], ids: &[String], pop: &Pop, seed: u64) -> (GenTable, Vec<u32>) {
    const FSP: [&str; 5] = [
        "none",
        "lernen",
        "sprache",
        "emotionale_soziale_entwicklung",
        "geistige_entwicklung",
    ];
    const FSP_SHARE: [f64; 4] = [0.45, 0.15, 0.25, 0.15];
    let mut rng = SplitMix64(seed ^ 0x5C40);
    let mut acc = Acc::new(
        TableKind::SchoolPupils,
        &spec(
            ids,
            "school_year",
            &[
                (
                    "schulart",
                    Some(SCHOOLS.iter().map(|s| s.0.to_owned()).collect()),
                ),
                ("grade", None),
                ("spf", Some(levels(&["no", "yes"]))),
                ("foerderschwerpunkt", Some(levels(&FSP))),
                ("ganztag_form", Some(levels(&GANZTAG_FORMS))),
                (
                    "repeater_type",
                    Some(levels(&["none", "nichtversetzt", "freiwillig"])),
                ),
            ],
        ),
    );
    let mut grade4 = vec![0u32; ar.len() * YEARS * 4];
    each_cell(ar.len(), |u, y, s, c| {
        let a = &ar[u];
        for (j, &(_, first, last, share, presence)) in SCHOOLS.iter().enumerate() {
            if !a.schools[j] {
                continue;
            }
            let (form, part) = a.school_form[j];
            let special = j == 5;
            for grade in first..=last {
                let cohort = f64::from(pop.get(u, y, s, c, (grade + 5) as usize));
                let n = cohort * share / presence.max(0.5);
                let spf_rate = if special {
                    1.0
                } else if c == 0 {
                    0.025
                } else {
                    0.04
                };
                let (nv, fw) = match grade {
                    1 | 2 => (0.002, 0.01),
                    _ if c == 0 => (0.015, 0.006),
                    _ => (0.03, 0.008),
                };
                for fsp in 0..5u32 {
                    let p_spf = if fsp == 0 {
                        1.0 - spf_rate
                    } else {
                        spf_rate * FSP_SHARE[fsp as usize - 1]
                    };
                    if p_spf <= 0.0 {
                        continue;
                    }
                    for (gt, p_gt) in [(0usize, 1.0 - part), (form, part)] {
                        if p_gt <= 0.0 {
                            continue;
                        }
                        for (rep, p_rep) in [(0u32, 1.0 - nv - fw), (1, nv), (2, fw)] {
                            let k = poisson(&mut rng, n * p_spf * p_gt * p_rep);
                            if k == 0 {
                                continue;
                            }
                            if j == 0 && grade == 4 {
                                grade4[((u * YEARS + y) * 2 + s) * 2 + c] += k;
                            }
                            acc.push(
                                &[
                                    u as u32,
                                    j as u32,
                                    u32::from(fsp > 0),
                                    fsp,
                                    gt as u32,
                                    rep,
                                    s as u32,
                                    c as u32,
                                ],
                                &[FIRST_YEAR + y as i64, grade],
                                k,
                            );
                        }
                    }
                }
            }
        }
    });
    (acc.finish(), grade4)
}

fn transitions(ar: &[Area], ids: &[String], grade4: &[u32], seed: u64) -> GenTable {
    // to school type (index into SCHOOLS), share, recommendation shares (gym, real, haupt)
    const TO: [(u32, f64, [f64; 3]); 5] = [
        (3, 0.42, [0.85, 0.13, 0.02]),
        (2, 0.22, [0.15, 0.70, 0.15]),
        (4, 0.25, [0.25, 0.45, 0.30]),
        (1, 0.08, [0.02, 0.18, 0.80]),
        (6, 0.01, [0.40, 0.40, 0.20]),
    ];
    let mut rng = SplitMix64(seed ^ 0x7A75);
    let schools: Vec<String> = SCHOOLS.iter().map(|s| s.0.to_owned()).collect();
    let mut acc = Acc::new(
        TableKind::SchoolTransitions,
        &spec(
            ids,
            "school_year_from",
            &[
                ("from_schulart", Some(schools.clone())),
                ("from_grade", None),
                ("to_schulart", Some(schools)),
                ("to_grade", None),
                (
                    "recommendation",
                    Some(levels(&["gymnasium", "realschule", "hauptschule", "none"])),
                ),
            ],
        ),
    );
    each_cell(ar.len(), |u, y, s, c| {
        let a = &ar[u];
        let g4 = grade4[((u * YEARS + y) * 2 + s) * 2 + c];
        // about 97 % of the grade-4 pupils move on (the rest repeat or leave)
        let n = f64::from(g4) * 0.97;
        let mut left = g4;
        for &(to, share, rec) in &TO {
            for (r, &q) in rec.iter().enumerate() {
                let k = poisson(&mut rng, n * share * q).min(left);
                if k > 0 {
                    left -= k;
                    acc.push(
                        &[u as u32, 0, to, r as u32, s as u32, c as u32],
                        &[FIRST_YEAR + y as i64, 4, 5],
                        k,
                    );
                }
            }
        }
        if a.schools[5] {
            // Förderschule 4 -> Förderschule 5, without recommendation
            let k = poisson(&mut rng, a.base * 0.04 * if c == 0 { 1.0 } else { 0.3 });
            if k > 0 {
                acc.push(
                    &[u as u32, 5, 5, 3, s as u32, c as u32],
                    &[FIRST_YEAR + y as i64, 4, 5],
                    k,
                );
            }
        }
    });
    acc.finish()
}

fn leavers(ar: &[Area], ids: &[String], pop: &Pop, seed: u64) -> GenTable {
    const ABSCHLUSS: [&str; 6] = ["ohne_hsa", "hsa", "msa", "fhr_schulisch", "fhr", "ahr"];
    // (sector, abschluss, share German, share non-German, ages on the previous 31.12.)
    type Spec = (u32, u32, f64, f64, &'static [(i64, f64)]);
    const SPECS: [Spec; 8] = [
        (
            0,
            0,
            0.05,
            0.13,
            &[(13, 0.03), (14, 0.25), (15, 0.45), (16, 0.22), (17, 0.05)],
        ),
        (
            0,
            1,
            0.14,
            0.24,
            &[(14, 0.15), (15, 0.55), (16, 0.25), (17, 0.05)],
        ),
        (0, 2, 0.40, 0.36, &[(15, 0.55), (16, 0.38), (17, 0.07)]),
        (0, 3, 0.01, 0.01, &[(17, 0.6), (18, 0.4)]),
        (0, 5, 0.29, 0.15, &[(17, 0.3), (18, 0.6), (19, 0.1)]),
        (
            1,
            4,
            0.09,
            0.07,
            &[(17, 0.2), (18, 0.4), (19, 0.25), (20, 0.1), (22, 0.05)],
        ),
        (1, 5, 0.04, 0.03, &[(18, 0.4), (19, 0.4), (20, 0.2)]),
        (1, 2, 0.03, 0.05, &[(17, 0.5), (18, 0.5)]),
    ];
    let mut rng = SplitMix64(seed ^ 0x1EA7);
    let mut acc = Acc::new(
        TableKind::SchoolLeavers,
        &spec(
            ids,
            "leaving_year",
            &[
                ("sector", Some(levels(&["allgemeinbildend", "beruflich"]))),
                ("abschluss", Some(levels(&ABSCHLUSS))),
                ("birth_year", None),
                ("externe", Some(levels(&["no", "yes"]))),
            ],
        ),
    );
    each_cell(ar.len(), |u, y, s, c| {
        // leaving year FIRST_YEAR + 1 + y; ages on 31.12. FIRST_YEAR + y (population year y)
        let t = FIRST_YEAR + 1 + y as i64;
        let cohort = f64::from(pop.get(u, y, s, c, 16));
        for &(sector, abs, de, nde, ages) in &SPECS {
            let share = if c == 0 { de } else { nde };
            // Externe (Nichtschülerprüfung) only among the higher-education entrance
            // qualifications
            let p_ext = if abs >= 4 { 0.03 } else { 0.0 };
            for &(age, q) in ages {
                for (ext, p_ext) in [(0u32, 1.0 - p_ext), (1, p_ext)] {
                    let k = poisson(&mut rng, cohort * share * q * p_ext);
                    if k > 0 {
                        acc.push(
                            &[u as u32, sector, abs, ext, s as u32, c as u32],
                            &[t, t - 1 - age],
                            k,
                        );
                    }
                }
            }
        }
    });
    acc.finish()
}

fn contracts(ar: &[Area], ids: &[String], pop: &Pop, seed: u64) -> GenTable {
    // start ages 15..=25 (15: "16 and younger" below the band, 25: "25 and older")
    const AGES: [f64; 11] = [
        0.01, 0.12, 0.16, 0.17, 0.15, 0.12, 0.09, 0.07, 0.05, 0.03, 0.03,
    ];
    // dissolution probability by layer (years since start) 0..=4
    const LAYER: [f64; 5] = [0.08, 0.11, 0.05, 0.01, 0.004];
    let mut rng = SplitMix64(seed ^ 0xC047);
    let mut acc = Acc::new(
        TableKind::VocationalContracts,
        &spec(
            ids,
            "report_year",
            &[
                ("contract_start_year", None),
                (
                    "event",
                    Some(levels(&["neuabschluss", "begonnen", "geloest"])),
                ),
                ("first_dual_training", Some(levels(&["yes", "no"]))),
                ("age", None),
            ],
        ),
    );
    // contracts begun per year x sex x citizenship of the current area (for the dissolutions)
    let mut begun = [[[0f64; 2]; 2]; YEARS];
    let mut rows: Vec<(u32, i64, u32, u32, u32)> = Vec::new();
    each_cell(ar.len(), |u, y, s, c| {
        let t = FIRST_YEAR + y as i64;
        let cohort = f64::from(pop.get(u, y, s, c, 18));
        let n = cohort * if c == 0 { 0.55 } else { 0.35 };
        let mut total = 0u32;
        rows.clear();
        for (ai, &qa) in AGES.iter().enumerate() {
            for (fdt, qf) in [(0u32, 0.88), (1, 0.12)] {
                let b = poisson(&mut rng, n * qa * qf);
                if b == 0 {
                    continue;
                }
                // dissolved before 31.12. of the start year
                let l0 = binomial(&mut rng, b, LAYER[0]);
                total += b;
                rows.push((0, t, fdt, 15 + ai as u32, b - l0));
                rows.push((1, t, fdt, 15 + ai as u32, b));
                rows.push((2, t, fdt, 15 + ai as u32, l0));
            }
        }
        begun[y][s][c] = f64::from(total);
        // dissolutions in report year t of contracts begun in t-1 .. t-4 (before
        // the first year: as many begun as in t)
        for (layer, &q) in LAYER.iter().enumerate().skip(1) {
            let b0 = begun[y.saturating_sub(layer)][s][c];
            for (ai, &qa) in AGES.iter().enumerate() {
                for (fdt, qf) in [(0u32, 0.88), (1, 0.12)] {
                    let k = poisson(&mut rng, b0 * q * qa * qf);
                    if k > 0 {
                        let age = 15 + ai as u32 + layer as u32;
                        rows.push((2, t - layer as i64, fdt, age, k));
                    }
                }
            }
        }
        // key order: start year (newest first), event, fdt, age
        rows.sort_unstable_by_key(|r| (std::cmp::Reverse(r.1), r.0, r.2, r.3));
        for &(event, start, fdt, age, k) in &rows {
            if k > 0 {
                acc.push(
                    &[u as u32, event, fdt, s as u32, c as u32],
                    &[t, start, i64::from(age)],
                    k,
                );
            }
        }
    });
    acc.finish()
}

fn sgb2(ar: &[Area], ids: &[String], pop: &Pop, seed: u64) -> GenTable {
    const CLASSES: [(usize, usize); 3] = [(0, 3), (3, 6), (6, 15)];
    let mut rng = SplitMix64(seed ^ 0x5EB2);
    let mut acc = Acc::new(
        TableKind::Sgb2,
        &spec(
            ids,
            "year",
            &[
                ("person_type", Some(levels(&["NEF", "PERS"]))),
                ("age", None),
                ("age_to", None),
            ],
        ),
    );
    each_cell(ar.len(), |u, y, s, c| {
        let a = &ar[u];
        let rate = (a.sgb2 * if c == 0 { 0.8 } else { 2.5 }).min(0.6);
        for &(from, to) in &CLASSES {
            let p = pop.range(u, y, s, c, from, to);
            let nef = poisson(&mut rng, f64::from(p) * rate).min(p);
            // PERS also counts children without own entitlement (KOL, ...)
            let pers = (nef + poisson(&mut rng, f64::from(p) * rate * 0.06)).min(p);
            for (ty, k) in [(0u32, nef), (1, pers)] {
                if k > 0 {
                    acc.push(
                        &[u as u32, ty, s as u32, c as u32],
                        &[FIRST_YEAR + y as i64, from as i64, to as i64],
                        k,
                    );
                }
            }
        }
    });
    acc.finish()
}
