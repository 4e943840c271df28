//! End-to-end test of `bildung report --section indicators` on the bundled real files.
//!
//! Every expected figure is computed here from the raw bytes of the files (split on `\n` and
//! `;`), with the formulas written out, and compared with the CSV the binary writes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(rel)
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bildung"))
        .args(args)
        .output()
        .expect("run the bildung binary");
    assert!(
        out.status.success(),
        "bildung {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Data lines (first field a 4-digit year) of a GENESIS file as fields (bytes, trimmed).
fn genesis_lines(rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(data(rel)).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.len() > 4 && l[..4].iter().all(u8::is_ascii_digit) && l[4] == b';')
        .map(|l| {
            l.split(|&b| b == b';')
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .collect()
        })
        .collect()
}

/// (indicator, unit, category) -> (value, numerator, denominator, status), as printed.
type Records = HashMap<(String, String, String), (String, String, String, String)>;

fn count(s: &str) -> Option<f64> {
    if s == "-" { Some(0.0) } else { s.parse().ok() }
}

/// The records of the CSV output: (indicator, unit, category) -> (value, numerator, denominator, status).
fn records() -> Records {
    let csv = run(&["report", "--section", "indicators", "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (ci, cu, cc, cv, cn, cd, cs) = (
        col("indicator"),
        col("unit_id"),
        col("category"),
        col("value"),
        col("numerator"),
        col("denominator"),
        col("status"),
    );
    let mut out = HashMap::new();
    for l in lines {
        // Names are not in the CSV; no field is quoted.
        let f: Vec<&str> = l.split(',').collect();
        out.insert(
            (f[ci].to_owned(), f[cu].to_owned(), f[cc].to_owned()),
            (
                f[cv].to_owned(),
                f[cn].to_owned(),
                f[cd].to_owned(),
                f[cs].to_owned(),
            ),
        );
    }
    out
}

fn value(r: &Records, id: &str, unit: &str, cat: &str) -> f64 {
    let (v, _, _, s) = r
        .get(&(id.to_owned(), unit.to_owned(), cat.to_owned()))
        .unwrap_or_else(|| panic!("no record {id} {unit} {cat}"));
    assert_eq!(s, "ok", "{id} {unit} {cat}");
    v.parse().unwrap()
}

#[test]
fn indicators_match_the_raw_files() {
    let r = records();
    // Leavers (21111-02-06-4): fields 3 = all leavers, 5 = without HSA, 15 = Abitur (Insgesamt).
    let leavers = genesis_lines("genesis/21111-02-06-4.csv");
    let mut checked = 0;
    for f in &leavers {
        let code = &f[1];
        if !(code == "DG" || code.len() == 5) {
            continue;
        }
        let (Some(all), Some(without), Some(ahr)) = (count(&f[3]), count(&f[5]), count(&f[15]))
        else {
            continue;
        };
        if all == 0.0 {
            continue; // a former Kreis
        }
        let got = value(&r, "KR-ABS-ANTEIL", code, "ohne_hsa");
        assert!((got - 100.0 * without / all).abs() < 1e-9, "{code}: {got}");
        let got = value(&r, "KR-ABS-ANTEIL", code, "ahr");
        assert!((got - 100.0 * ahr / all).abs() < 1e-9, "{code}: {got}");
        checked += 1;
    }
    assert!(checked >= 399, "{checked}");
    // Germany: 55,708 of 782,423 leavers left without HSA (row DG of the file).
    assert!(
        (value(&r, "KR-ABS-ANTEIL", "DG", "ohne_hsa") - 100.0 * 55_708.0 / 782_423.0).abs() < 1e-9
    );
    // Berlin and Hamburg come from their Land rows under 11000 / 02000.
    assert!(
        (value(&r, "KR-ABS-ANTEIL", "11000", "ohne_hsa") - 100.0 * 2535.0 / 31475.0).abs() < 1e-9
    );

    // Pupils (21111-01-03-4): fields 3 = school type, 5 = pupils, 7 = foreign, 8 = grade 7.
    let pupils = genesis_lines("genesis/21111-01-03-4.csv");
    let mut by_code: HashMap<&str, HashMap<&str, &Vec<String>>> = HashMap::new();
    for f in &pupils {
        by_code
            .entry(f[1].as_str())
            .or_default()
            .insert(f[3].as_str(), f);
    }
    // Germany: 302,096 of 777,644 grade-7 pupils at Gymnasien (38.85 %).
    let de = &by_code["DG"];
    assert_eq!(de["Insgesamt"][8], "777644");
    assert!((value(&r, "KR-GYM7", "DG", "total") - 100.0 * 302_096.0 / 777_644.0).abs() < 1e-9);
    let mut checked = 0;
    for (code, types) in &by_code {
        if code.len() != 5 {
            continue;
        }
        let tot = &types["Insgesamt"];
        let (Some(n), Some(foreign), Some(g7)) = (count(&tot[5]), count(&tot[7]), count(&tot[8]))
        else {
            continue;
        };
        if n == 0.0 {
            continue;
        }
        let got = value(&r, "KR-SCH-AUSL", code, "total");
        assert!((got - 100.0 * foreign / n).abs() < 1e-9, "{code}");
        if let Some(gym) = count(&types["Gymnasien"][8]) {
            let got = value(&r, "KR-GYM7", code, "total");
            assert!((got - 100.0 * gym / g7).abs() < 1e-9, "{code}");
        }
        checked += 1;
    }
    assert!(checked >= 390, "{checked}");

    // Average cohort (DJ 15 to under 18): leavers without HSA / (population 15-<18 on 31.12.2023 / 3).
    let pop = std::fs::read_to_string(data("population/fact_bevoelkerung_2023_2024.csv")).unwrap();
    let mut p1518: HashMap<String, f64> = HashMap::new();
    for l in pop.lines().skip(1) {
        let f: Vec<&str> = l.split(';').collect();
        if let (true, Ok(n)) = (
            f[0] == "2023" && f[5] == "15 bis unter 18 Jahre",
            f[6].parse::<f64>(),
        ) {
            p1518.insert(f[1].to_owned(), n);
        }
    }
    let mut checked = 0;
    for f in &leavers {
        let code = &f[1];
        let (Some(without), Some(&p)) = (count(&f[5]), p1518.get(code.as_str())) else {
            continue;
        };
        if code.len() != 5 && code != "DG" {
            continue;
        }
        let got = value(&r, "KR-ABS-OHSA-DJ1518", code, "total");
        assert!(
            (got - 100.0 * without / (p / 3.0)).abs() < 1e-9,
            "{code}: {got}"
        );
        checked += 1;
    }
    assert!(checked >= 390, "{checked}");
}

#[test]
fn text_section_names_the_checks() {
    let text = run(&["report", "--section", "indicators"]);
    assert!(text.starts_with("Indicators per Kreis (2023"), "{text}");
    assert!(text.contains("Germany row 782423"), "{text}");
    assert!(text.contains("38.85"), "{text}");
    let one = run(&["report", "--section", "indicators", "--land", "14"]);
    assert!(one.contains("  foreign pupils"), "{one}");
}
