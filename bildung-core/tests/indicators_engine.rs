//! The indicator engine on small tables whose values are computed by hand in each test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::ErrorKind;
use bildung_core::indicators::{
    Catalogue, IndicatorResults, Request, Symbol, TableBuilder, TableKind, Tables, ValueStatus,
    compute,
};

fn req(ids: &[&str], by: &[&str]) -> Request {
    Request {
        indicators: ids.iter().map(|s| s.to_string()).collect(),
        by: by.iter().map(|s| s.to_string()).collect(),
        periods: None,
    }
}

fn value(
    r: &IndicatorResults,
    id: &str,
    unit: &str,
    t: i64,
    by: &[&str],
    cat: &str,
) -> (f64, ValueStatus) {
    let i = r
        .find(id, unit, t, by, cat)
        .unwrap_or_else(|| panic!("no record {id} {unit} {t} {by:?} {cat}"));
    (r.value[i], r.status[i])
}

/// methods.md 6.3: Abitur 2024 by age 17..21 on 31.12.2023, population of those ages.
/// Birth years: age a on 31.12.2023 = 2023 - b.
fn abitur_tables() -> Tables {
    let mut t = Tables::new();
    let ages = [17i64, 18, 19, 20, 21];
    let events = [6.0, 148.0, 95.0, 21.0, 5.0];
    let pop = [410.0, 395.0, 360.0, 340.0, 300.0];
    t.add(
        TableBuilder::new(TableKind::SchoolLeavers)
            .text("unit_id", ["X"; 5])
            .int("leaving_year", [2024; 5])
            .text("abschluss", ["ahr"; 5])
            .text("externe", ["no"; 5])
            .int("birth_year", ages.iter().map(|a| 2023 - a))
            .counts(events),
    )
    .unwrap();
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["X"; 5])
            .int("year", [2023; 5])
            .int("age", ages)
            .counts(pop),
    )
    .unwrap();
    t
}

#[test]
fn quota_sum_worked_example_methods_6_3() {
    let t = abitur_tables();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["D-SBQ-QSV"], &[])).unwrap();
    let i = r.find("D-SBQ-QSV", "X", 2024, &[], "total").unwrap();
    // 100 * (6/410 + 148/395 + 95/360 + 21/340 + 5/300) = 73.16 (methods.md 6.3)
    let hand = 100.0 * (6.0 / 410.0 + 148.0 / 395.0 + 95.0 / 360.0 + 21.0 / 340.0 + 5.0 / 300.0);
    assert!((r.value[i] - hand).abs() < 1e-12);
    assert!((r.value[i] - 73.16).abs() < 0.005);
    assert!((r.se[i] - 4.42).abs() < 0.005);
    assert_eq!(r.numerator[i], 275.0);
    assert_eq!(r.status[i], ValueStatus::Ok);
    // valid 2009..=2021: 2024 is outside, the value is flagged
    assert!(
        r.flags_of(i)
            .contains(bildung_core::Flags::OUTSIDE_VALIDITY)
    );
    assert_eq!(r.indicators[0].denominator_reference(2024), "2023-12-31");
}

#[test]
fn mean_cohort_user_definition_methods_6_3() {
    // DJ with typical ages 18, 19, 20: 275 / 365 = 75.34 %.
    let t = abitur_tables();
    let mut cat = Catalogue::new();
    cat.add_toml(
        r#"[[indicator]]
id = "AHR-DJ"
area = "D"
name_de = "Abiturquote DJ"
name_en = "Abitur rate, average cohort"
mode = "mean_cohort"
numerator = { table = "school_leavers", filter = { abschluss = ["ahr"] } }
denominator = { table = "population", period_offset = -1 }
age_band = { from = 18, to = 21 }
source = "methods.md 6.3"
"#,
    )
    .unwrap();
    let r = compute(&cat, &t, &req(&["AHR-DJ"], &[])).unwrap();
    let (v, s) = value(&r, "AHR-DJ", "X", 2024, &[], "total");
    assert_eq!(s, ValueStatus::Ok);
    assert!((v - 100.0 * 275.0 / ((395.0 + 360.0 + 340.0) / 3.0)).abs() < 1e-12);
    assert!((v - 75.34).abs() < 0.005);
}

/// indicators.md 2.4: leavers without HSA 2023 by birth year 2008..2005, population 31.12.2022.
#[test]
fn indicators_md_2_4_qsv_and_dj() {
    let mut t = Tables::new();
    let births = [2008i64, 2007, 2006, 2005];
    t.add(
        TableBuilder::new(TableKind::SchoolLeavers)
            .text("unit_id", ["X"; 4])
            .int("leaving_year", [2023; 4])
            .text("abschluss", ["ohne_hsa"; 4])
            .int("birth_year", births)
            .counts([2.0, 30.0, 25.0, 8.0]),
    )
    .unwrap();
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["X"; 4])
            .int("year", [2022; 4])
            .int("age", births.iter().map(|b| 2022 - b))
            .counts([1000.0, 1020.0, 1050.0, 1100.0]),
    )
    .unwrap();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["D-ABS-OHSA-QSV", "D-ABS-OHSA-DJ"], &[])).unwrap();
    let (q, _) = value(&r, "D-ABS-OHSA-QSV", "X", 2023, &[], "total");
    assert!(
        (q - 100.0 * (2.0 / 1000.0 + 30.0 / 1020.0 + 25.0 / 1050.0 + 8.0 / 1100.0)).abs() < 1e-12
    );
    assert!((q - 6.25).abs() < 0.005);
    let (dj, s) = value(&r, "D-ABS-OHSA-DJ", "X", 2023, &[], "total");
    assert_eq!(s, ValueStatus::Ok);
    assert!((dj - 100.0 * 65.0 / 1035.0).abs() < 1e-12); // 6.28 %
}

#[test]
fn share_by_category_with_symbols_and_breakdowns() {
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::SchoolLeavers)
            .text("unit_id", ["A", "A", "A", "A", "B", "B", "B"])
            .int("leaving_year", [2023; 7])
            .text(
                "sex",
                ["female", "female", "male", "male", "female", "male", "male"],
            )
            .text(
                "abschluss",
                [
                    "ohne_hsa", "ahr", "ohne_hsa", "ahr", "ahr", "ohne_hsa", "ahr",
                ],
            )
            .counts([2.0, 18.0, 6.0, 14.0, f64::NAN, 3.0, 9.0])
            .symbols(vec![
                None,
                None,
                None,
                None,
                Some(Symbol::Unknown),
                None,
                None,
            ]),
    )
    .unwrap();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["D-ABS-ANTEIL"], &[])).unwrap();
    // A: ohne_hsa 8 of 40 = 20 %; B: the `.` cell makes B missing, never 0.
    assert_eq!(
        value(&r, "D-ABS-ANTEIL", "A", 2023, &[], "ohne_hsa").0,
        20.0
    );
    assert_eq!(value(&r, "D-ABS-ANTEIL", "A", 2023, &[], "ahr").0, 80.0);
    let i = r.find("D-ABS-ANTEIL", "B", 2023, &[], "ohne_hsa").unwrap();
    assert_eq!(r.status[i], ValueStatus::Missing);
    assert!(r.value[i].is_nan());
    assert_eq!(r.symbol_of(i), Some(Symbol::Unknown));
    // by sex: A female 2/20 = 10 %, A male 6/20 = 30 %, B male 3/12 = 25 %.
    let r = compute(&cat, &t, &req(&["D-ABS-ANTEIL"], &["sex"])).unwrap();
    assert_eq!(
        value(&r, "D-ABS-ANTEIL", "A", 2023, &["female"], "ohne_hsa").0,
        10.0
    );
    assert_eq!(
        value(&r, "D-ABS-ANTEIL", "A", 2023, &["male"], "ohne_hsa").0,
        30.0
    );
    assert_eq!(
        value(&r, "D-ABS-ANTEIL", "B", 2023, &["male"], "ohne_hsa").0,
        25.0
    );
    // B female has ahr missing and no ohne_hsa row: the denominator is missing.
    assert_eq!(
        value(&r, "D-ABS-ANTEIL", "B", 2023, &["female"], "ohne_hsa").1,
        ValueStatus::Missing
    );
}

fn kita_tables(pop_counts: [f64; 6]) -> Tables {
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::KitaChildren)
            .text("unit_id", ["A", "A", "A", "B"])
            .int("year", [2024; 4])
            .int("age", [0, 1, 2, 2])
            .text("care_type", ["kita", "kita", "tagespflege", "kita"])
            .counts([3.0, 40.0, 20.0, 5.0]),
    )
    .unwrap();
    // population 31.12.2023 (offset -1) by single age 0, 1, 2 for A and B
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A", "A", "B", "B", "B"])
            .int("year", [2023; 6])
            .int("age", [0, 1, 2, 0, 1, 2])
            .counts(pop_counts),
    )
    .unwrap();
    t
}

#[test]
fn rate_with_population_of_previous_year() {
    let t = kita_tables([100.0, 100.0, 50.0, 10.0, 10.0, 10.0]);
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["C-BQ-U3", "C-BQ-2", "C-BQ-U3-ART"], &[])).unwrap();
    // A: (3 + 40 + 20) / 250 = 25.2 %; B: 5 / 30.
    assert!((value(&r, "C-BQ-U3", "A", 2024, &[], "total").0 - 25.2).abs() < 1e-12);
    assert!((value(&r, "C-BQ-U3", "B", 2024, &[], "total").0 - 100.0 * 5.0 / 30.0).abs() < 1e-12);
    assert_eq!(value(&r, "C-BQ-2", "A", 2024, &[], "total").0, 40.0);
    assert!(
        (value(&r, "C-BQ-U3-ART", "A", 2024, &[], "kita").0 - 100.0 * 43.0 / 250.0).abs() < 1e-12
    );
    assert_eq!(
        value(&r, "C-BQ-U3-ART", "A", 2024, &[], "tagespflege").0,
        8.0
    );
    let i = r.find("C-BQ-U3", "A", 2024, &[], "total").unwrap();
    assert_eq!(r.numerator[i], 63.0);
    assert_eq!(r.denominator[i], 250.0);
    assert_eq!(
        r.indicators[r.indicator[i] as usize].numerator_reference(2024),
        "2024-03-01"
    );
    assert_eq!(
        r.indicators[r.indicator[i] as usize].denominator_reference(2024),
        "2023-12-31"
    );
    // A denominator of 0 is "not computable", not an error.
    let t = kita_tables([100.0, 100.0, 50.0, 0.0, 0.0, 0.0]);
    let r = compute(&cat, &t, &req(&["C-BQ-U3"], &[])).unwrap();
    assert_eq!(
        value(&r, "C-BQ-U3", "B", 2024, &[], "total").1,
        ValueStatus::NotComputable
    );
}

#[test]
fn age_gaps_and_classes() {
    let cat = Catalogue::builtin().unwrap();
    // B lacks age 1: no complete band, status no_data with flag age_gap.
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::KitaChildren)
            .text("unit_id", ["A", "B"])
            .int("year", [2024; 2])
            .int("age", [1, 1])
            .counts([3.0, 4.0]),
    )
    .unwrap();
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A", "A", "B", "B"])
            .int("year", [2023; 5])
            .int("age", [0, 1, 2, 0, 2])
            .counts([10.0, 10.0, 10.0, 10.0, 10.0]),
    )
    .unwrap();
    let r = compute(&cat, &t, &req(&["C-BQ-U3"], &[])).unwrap();
    assert_eq!(
        value(&r, "C-BQ-U3", "A", 2024, &[], "total").1,
        ValueStatus::Ok
    );
    let i = r.find("C-BQ-U3", "B", 2024, &[], "total").unwrap();
    assert_eq!(r.status[i], ValueStatus::NoData);
    assert!(r.flags_of(i).contains(bildung_core::Flags::AGE_GAP));
    // Population in classes: "unter 3" fits the band; "3 bis unter 6" lies outside it.
    let mut t2 = Tables::new();
    t2.add(
        TableBuilder::new(TableKind::KitaChildren)
            .text("unit_id", ["A"])
            .int("year", [2024])
            .int("age", [1])
            .counts([30.0]),
    )
    .unwrap();
    t2.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A"])
            .int("year", [2023; 2])
            .int("age", [0, 3])
            .int("age_to", [3, 6])
            .counts([120.0, 130.0]),
    )
    .unwrap();
    let r = compute(&cat, &t2, &req(&["C-BQ-U3"], &[])).unwrap();
    assert_eq!(value(&r, "C-BQ-U3", "A", 2024, &[], "total").0, 25.0);
    // The class 0-3 straddles the band of "2-year-olds": an error naming the row.
    let e = compute(&cat, &t2, &req(&["C-BQ-2"], &[])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
    assert!(e.to_string().contains("row 0, column `age`"), "{e}");
    assert!(e.to_string().contains("straddles"), "{e}");
}

#[test]
fn layered_flow_by_hand() {
    // Report year 2024: dissolved contracts by start year 2024..2021 and contracts begun per year.
    let mut t = Tables::new();
    let mut unit = Vec::new();
    let mut ry = Vec::new();
    let mut sy = Vec::new();
    let mut ev = Vec::new();
    let mut n = Vec::new();
    for (start, l) in [(2024, 10.0), (2023, 8.0), (2022, 5.0), (2021, 2.0)] {
        unit.push("A");
        ry.push(2024);
        sy.push(start);
        ev.push("geloest");
        n.push(l);
    }
    for (y, b) in [(2024, 100.0), (2023, 90.0), (2022, 80.0), (2021, 85.0)] {
        unit.push("A");
        ry.push(y);
        sy.push(y);
        ev.push("begonnen");
        n.push(b);
    }
    t.add(
        TableBuilder::new(TableKind::VocationalContracts)
            .text("unit_id", unit)
            .int("report_year", ry)
            .int("contract_start_year", sy)
            .text("event", ev)
            .counts(n),
    )
    .unwrap();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["E-LQ"], &[])).unwrap();
    let (v, s) = value(&r, "E-LQ", "A", 2024, &[], "total");
    assert_eq!(s, ValueStatus::Ok);
    let hand = 100.0 * (10.0 / 100.0 + 8.0 / 90.0 + 5.0 / 80.0 + 2.0 / 85.0);
    assert!((v - hand).abs() < 1e-12, "{v} {hand}");
}

#[test]
fn change_in_percentage_points() {
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A"; 4])
            .int("year", [2018, 2018, 2020, 2020])
            .text("citizenship", ["de", "nde", "de", "nde"])
            .counts([90.0, 10.0, 85.0, 15.0]),
    )
    .unwrap();
    let mut cat = Catalogue::builtin().unwrap();
    cat.add_toml(
        r#"[[indicator]]
id = "A-AUSL-D2"
area = "A"
name_de = "Veränderung des Ausländeranteils in 2 Jahren"
name_en = "two-year change of the share of foreign nationals"
mode = "change_pp"
base = "A-AUSL"
lag = 2
source = "MSS-style Dynamik indicator"
"#,
    )
    .unwrap();
    let r = compute(&cat, &t, &req(&["A-AUSL-D2"], &[])).unwrap();
    assert_eq!(r.len(), 1); // only 2020 has a value two years earlier
    assert!((value(&r, "A-AUSL-D2", "A", 2020, &[], "total").0 - 5.0).abs() < 1e-12);
}

#[test]
fn bad_input_is_named() {
    let cat = Catalogue::builtin().unwrap();
    let t = kita_tables([1.0; 6]);
    let e = compute(&cat, &t, &req(&["NOPE"], &[])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownIndicator);
    // Explicitly requested indicator whose table is missing: an error naming table and indicator.
    let e = compute(&cat, &t, &req(&["D-ABS-ANTEIL"], &[])).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
    assert!(
        e.to_string().contains("school_leavers") && e.to_string().contains("D-ABS-ANTEIL"),
        "{e}"
    );
    // The whole catalogue: indicators without data are skipped and listed.
    let r = compute(&cat, &t, &req(&[], &[])).unwrap();
    assert!(r.skipped.iter().any(|(id, _)| id == "D-ABS-ANTEIL"));
    assert!(r.find("C-BQ-U3", "A", 2024, &[], "total").is_some());
    // A breakdown column the table lacks.
    let e = compute(&cat, &t, &req(&["C-BQ-U3"], &["sex"])).unwrap_err();
    assert!(e.to_string().contains("column `sex`"), "{e}");
    // Unknown area id once the geography is declared.
    let mut t = kita_tables([1.0; 6]);
    let e = t.set_units(["A"]).unwrap_err();
    assert!(e.to_string().contains("unknown area id `B`"), "{e}");
    // A filter value that no row has (a typo, or a category that did not occur) gives counts of
    // 0 and a warning naming the field.
    let mut c2 = Catalogue::new();
    c2.add_toml(
        r#"[[indicator]]
id = "TYPO"
area = "C"
name_de = "x"
name_en = "x"
mode = "share"
numerator = { table = "kita_children", filter = { care_type = ["kiTa"] } }
denominator = { table = "kita_children" }
source = "test"
"#,
    )
    .unwrap();
    let r = compute(&c2, &t, &req(&["TYPO"], &[])).unwrap();
    assert_eq!(r.value[0], 0.0);
    assert_eq!(r.warnings.len(), 1);
    let w = &r.warnings[0].1;
    assert!(
        w.contains("numerator.filter.care_type") && w.contains("kita"),
        "{w}"
    );
}

#[test]
fn population_source_and_census_basis_travel_with_the_value() {
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::Population)
            .text("unit_id", ["A", "A", "B", "B"])
            .int("year", [2022; 4])
            .text("citizenship", ["de", "nde", "de", "nde"])
            .text("source", ["fortschreibung"; 4])
            .text("census_basis", ["z2022", "z2022", "z2011", "z2022"])
            .counts([90.0, 10.0, 80.0, 20.0]),
    )
    .unwrap();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["A-AUSL"], &[])).unwrap();
    let a = r.find("A-AUSL", "A", 2022, &[], "total").unwrap();
    assert_eq!(r.text(r.census_basis[a]), "z2022");
    assert_eq!(r.text(r.population_source[a]), "fortschreibung");
    assert!(r.flags_of(a).is_empty());
    let b = r.find("A-AUSL", "B", 2022, &[], "total").unwrap();
    assert_eq!(r.text(r.census_basis[b]), "mixed");
    assert!(
        r.flags_of(b)
            .contains(bildung_core::Flags::MIXED_POPULATION_BASIS)
    );
    assert_eq!(r.value[b], 20.0);
    let csv = r.to_csv();
    assert!(csv.contains(",fortschreibung,mixed\n"), "{csv}");
}

#[test]
fn integer_breakdowns_and_categories_are_labelled() {
    let mut t = Tables::new();
    t.add(
        TableBuilder::new(TableKind::SchoolPupils)
            .text("unit_id", ["A"; 4])
            .int("school_year", [2023; 4])
            .int("grade", [7, 7, 8, 8])
            .text(
                "schulart",
                ["gymnasium", "realschule", "gymnasium", "realschule"],
            )
            .counts([30.0, 70.0, 25.0, 25.0]),
    )
    .unwrap();
    let cat = Catalogue::builtin().unwrap();
    let r = compute(&cat, &t, &req(&["D-SCH-ANTEIL"], &["grade"])).unwrap();
    assert_eq!(
        value(&r, "D-SCH-ANTEIL", "A", 2023, &["7"], "gymnasium").0,
        30.0
    );
    assert_eq!(
        value(&r, "D-SCH-ANTEIL", "A", 2023, &["8"], "gymnasium").0,
        50.0
    );
    assert_eq!(r.len(), 4);
}

/// Every built-in indicator is listed in the README's catalogue table with its German name.
#[test]
fn catalogue_is_documented_in_the_readme() {
    let readme = include_str!("../../README.md");
    let cat = Catalogue::builtin().unwrap();
    for d in cat.definitions() {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", d.id)))
            .unwrap_or_else(|| panic!("README lacks a catalogue row for {}", d.id));
        assert!(row.contains(&d.name_de), "{}: {row}", d.id);
        assert!(row.contains(d.mode.name()), "{}: {row}", d.id);
        assert!(!d.source.trim().is_empty());
    }
}
