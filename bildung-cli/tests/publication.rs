//! End-to-end tests of the publication written by `bildung report`: protected CSV, JSON and
//! HTML files, the configuration, the input directory, and the refusal to publish when
//! protection fails.
//!
//! Expected values are derived here from the raw input files with the formulas written out
//! (Hamburg: `round(pupils x share / 100)` from the published shares; rounding to base 5 by hand),
//! never taken from the program.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let d = std::env::temp_dir().join(format!("bildung-pub-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn bildung(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bildung"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run the bildung binary")
}

/// Run the full report into a fresh directory; returns (output dir, stdout).
fn report(name: &str, extra: &[&str]) -> (PathBuf, String) {
    let dir = temp_dir(name);
    let out = dir.join("out");
    let mut args = vec!["report", "-q", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = bildung(&args, &dir);
    assert!(
        o.status.success(),
        "bildung {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (out, String::from_utf8(o.stdout).unwrap())
}

/// A published CSV (German format: `;`, decimal comma): header and rows of (label, cells).
fn read_csv(path: &Path) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(';')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (
                f[0].trim_matches('"').to_owned(),
                f[1..].iter().map(|s| (*s).to_owned()).collect(),
            )
        })
        .collect();
    (header, rows)
}

/// A published count: `-` is 0, `.` is suppressed (None).
fn count(cell: &str) -> Option<f64> {
    match cell {
        "." => None,
        "-" => Some(0.0),
        t => Some(
            t.replace('.', "")
                .replace(',', ".")
                .parse()
                .unwrap_or_else(|_| panic!("{t}")),
        ),
    }
}

/// The Hamburg Stadtteile from the raw tidy file: (name, level, [Stadtteilschule, Gymnasium,
/// other, total]) with `round(pupils x pct / 100)` (halves up) from the one-decimal shares.
fn hamburg_raw() -> Vec<(String, String, [f64; 4])> {
    let text = std::fs::read_to_string(root().join("data/hamburg/stadtteilprofile_2014_tidy.csv"))
        .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (c_name, c_level) = (col("area_name"), col("level"));
    let c_pupils = col("pupils_secondary_I_2013_14");
    let c_gym = col("pupils_secondary_I_gymnasium_pct_2013_14");
    let c_sts = col("pupils_secondary_I_stadtteilschule_pct_2013_14");
    let mut out = Vec::new();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let pupils: u64 = f[c_pupils].parse().unwrap();
        let tenths = |s: &str| (s.parse::<f64>().unwrap() * 10.0).round() as u64;
        let gym = (pupils * tenths(f[c_gym]) + 500) / 1000;
        let sts = (pupils * tenths(f[c_sts]) + 500) / 1000;
        let other = pupils - gym - sts;
        out.push((
            f[c_name].to_owned(),
            f[c_level].to_owned(),
            [sts as f64, gym as f64, other as f64, pupils as f64],
        ));
    }
    out
}

#[test]
fn protected_hamburg_table_matches_the_source_and_has_no_lone_suppression() {
    let (out, stdout) = report("hh", &[]);
    for f in [
        "leavers_by_qualification.csv",
        "share_without_hsa.csv",
        "indicators.csv",
        "hamburg_pupils_by_school_form.csv",
        "hamburg_gymnasium_share.csv",
        "report.json",
        "report.html",
    ] {
        assert!(out.join(f).is_file(), "{f} not written");
    }
    let raw = hamburg_raw();
    let (header, rows) = read_csv(&out.join("hamburg_pupils_by_school_form.csv"));
    assert_eq!(
        header,
        [
            "Gebiet",
            "Stadtteilschule",
            "Gymnasium",
            "andere Schulformen",
            "Insgesamt"
        ]
    );
    // levels of the rows from the JSON document (0 city, 1 Bezirk, 2 Stadtteil)
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let table = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "hamburg_pupils_by_school_form")
        .unwrap();
    let levels: Vec<u64> = table["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_u64().unwrap())
        .collect();
    assert_eq!(levels.len(), rows.len());
    // the Stadtteil rows, in order, are the Stadtteile of the file in file order
    let stadtteile: Vec<&(String, String, [f64; 4])> =
        raw.iter().filter(|r| r.1 == "stadtteil").collect();
    let leaf_rows: Vec<usize> = (0..rows.len()).filter(|&i| levels[i] == 2).collect();
    assert_eq!(leaf_rows.len(), stadtteile.len());
    assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 7);
    let mut expected_primary = 0;
    for (&i, (name, _, want)) in leaf_rows.iter().zip(&stadtteile) {
        let (label, cells) = &rows[i];
        assert_eq!(label, name);
        for (c, w) in want.iter().enumerate() {
            let small = *w > 0.0 && *w < 3.0;
            expected_primary += usize::from(small);
            if let Some(v) = count(&cells[c]) {
                assert!(!small, "{name} column {c}: {w} published");
                assert_eq!(v, *w, "{name} column {c}");
            }
        }
    }
    assert!(expected_primary > 0, "the test data have small counts");
    assert!(
        stdout.contains(&format!(
            "hamburg_pupils_by_school_form: 428 cells, {expected_primary} primary"
        )),
        "{stdout}"
    );
    // relations: every row (3 parts = total), every Bezirk column (Stadtteile = Bezirk), the city
    // (Bezirke = city): none may hold exactly one suppressed cell
    let sup = |cells: &Vec<String>, c: usize| cells[c] == ".";
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new(); // (Bezirk row, its Stadtteil rows)
    for (i, &level) in levels.iter().enumerate().skip(1) {
        if level == 1 {
            groups.push((i, Vec::new()));
        } else {
            groups.last_mut().unwrap().1.push(i);
        }
    }
    assert_eq!(groups.len(), 7);
    let mut relations: Vec<Vec<(usize, usize)>> = Vec::new();
    for i in 0..rows.len() {
        relations.push((0..4).map(|c| (i, c)).collect());
    }
    for c in 0..4 {
        for (b, kids) in &groups {
            let mut r = vec![(*b, c)];
            r.extend(kids.iter().map(|&k| (k, c)));
            relations.push(r);
        }
        let mut r = vec![(0, c)];
        r.extend(groups.iter().map(|(b, _)| (*b, c)));
        relations.push(r);
    }
    let mut n_suppressed = 0;
    for rel in &relations {
        let k = rel.iter().filter(|&&(i, c)| sup(&rows[i].1, c)).count();
        assert_ne!(k, 1, "relation {rel:?} has exactly one suppressed cell");
    }
    for (_, cells) in &rows {
        n_suppressed += cells.iter().filter(|c| *c == ".").count();
    }
    assert!(n_suppressed > expected_primary);
    // published sums add up (Bezirk = sum of its Stadtteile where all are published)
    for (b, kids) in &groups {
        for c in 0..4 {
            let parts: Option<Vec<f64>> = kids.iter().map(|&k| count(&rows[k].1[c])).collect();
            if let (Some(parts), Some(total)) = (parts, count(&rows[*b].1[c])) {
                assert_eq!(parts.iter().sum::<f64>(), total);
            }
        }
    }
    // rates inherit: the Gymnasium share is suppressed where its count or total is
    let (_, shares) = read_csv(&out.join("hamburg_gymnasium_share.csv"));
    assert_eq!(shares.len(), rows.len());
    for ((label, counts), (label2, rate)) in rows.iter().zip(&shares) {
        assert_eq!(label, label2);
        let gym = count(&counts[1]);
        let total = count(&counts[3]);
        match (gym, total) {
            (Some(g), Some(t)) if t >= 20.0 && !(g > 0.0 && g < 3.0) => {
                let r = count(&rate[0]).unwrap_or_else(|| panic!("{label}: share suppressed"));
                assert!(
                    (r - (g / t * 1000.0).round() / 10.0).abs() < 1e-9,
                    "{label}"
                );
            }
            _ => assert!(rate.iter().all(|c| c == "."), "{label}: {rate:?}"),
        }
    }
    // JSON: suppressed cells carry no value
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    // primary and secondary suppression are indistinguishable in published files
    assert!(
        json.contains("\"status\": \"confidential\"")
            || json.contains("\"status\":\"confidential\"")
    );
    assert!(!json.contains("\"primary\"") && !json.contains("\"secondary\""));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("bl-primary") && !html.contains("bl-secondary"));
    assert!(json.contains("no unprotected cell"));
}

#[test]
fn rounding_to_base_5_rounds_every_count_and_total_from_its_own_value() {
    let (plain, _) = report("plain", &[]);
    let dir = temp_dir("round");
    let cfg = dir.join("round.toml");
    std::fs::write(
        &cfg,
        "[disclosure]\nmethod = \"rounding\"\nrounding_base = 5\n[output]\ncsv_bom = true\n",
    )
    .unwrap();
    let (out, _) = report("round-out", &["--config", cfg.to_str().unwrap()]);
    // csv_bom = true: a UTF-8 byte-order mark first (Excel), none by default
    let bom =
        |d: &Path| std::fs::read(d.join("leavers_by_qualification.csv")).unwrap()[..3].to_vec();
    assert_eq!(bom(&out), [0xEF, 0xBB, 0xBF]);
    assert_ne!(bom(&plain), [0xEF, 0xBB, 0xBF]);
    let (_, a) = read_csv(&plain.join("leavers_by_qualification.csv"));
    let (_, b) = read_csv(&out.join("leavers_by_qualification.csv"));
    assert_eq!(a.len(), b.len());
    let mut total_differs = 0;
    for ((la, ca), (lb, cb)) in a.iter().zip(&b) {
        assert_eq!(la, lb);
        // the leavers table has no suppression at min_count 3: its values are the true counts
        let x: Vec<f64> = ca
            .iter()
            .map(|c| count(c).expect("no suppression"))
            .collect();
        let r: Vec<f64> = cb
            .iter()
            .map(|c| count(c).expect("rounding suppresses nothing"))
            .collect();
        for (v, w) in x.iter().zip(&r) {
            // conventional rounding to a multiple of 5, halves up (no halves for base 5)
            let want = ((v / 5.0) + 0.5).floor() * 5.0;
            assert_eq!(*w, want, "{la}: {v} -> {w}");
        }
        total_differs += usize::from(r[..4].iter().sum::<f64>() != r[4]);
    }
    assert!(
        total_differs > 0,
        "totals are rounded from unrounded values"
    );
}

#[test]
fn cell_key_perturbation_is_reproducible_and_consistent_across_tables() {
    let dir = temp_dir("ck");
    let cfg = dir.join("ck.toml");
    std::fs::write(&cfg, "[disclosure]\nmethod = \"cell_key\"\n").unwrap();
    let (a, _) = report("ck-a", &["--config", cfg.to_str().unwrap()]);
    let (b, _) = report("ck-b", &["--config", cfg.to_str().unwrap()]);
    let (land, _) = report(
        "ck-land",
        &["--config", cfg.to_str().unwrap(), "--land", "09"],
    );
    let (plain, _) = report("ck-plain", &[]);
    let read = |d: &Path| std::fs::read_to_string(d.join("leavers_by_qualification.csv")).unwrap();
    assert_eq!(read(&a), read(&b), "same secret, same output");
    let (_, p) = read_csv(&a.join("leavers_by_qualification.csv"));
    let (_, x) = read_csv(&plain.join("leavers_by_qualification.csv"));
    let mut changed = 0;
    for ((l, cp), (_, cx)) in p.iter().zip(&x) {
        for (u, v) in cp.iter().zip(cx) {
            let (u, v) = (count(u).unwrap(), count(v).unwrap());
            assert!(
                (u - v).abs() <= 2.0,
                "{l}: {v} -> {u} (max deviation D = 2)"
            );
            if v == 0.0 {
                assert_eq!(u, 0.0, "{l}: zeros stay zero");
            }
            changed += usize::from(u != v);
        }
    }
    assert!(changed > 0);
    // the same Kreis cell in the Germany table and the Bavaria table: same perturbed value
    let (_, one) = read_csv(&land.join("leavers_by_qualification.csv"));
    let de: BTreeMap<&str, &Vec<String>> = p.iter().map(|(l, c)| (l.as_str(), c)).collect();
    let mut compared = 0;
    for (label, cells) in &one {
        if label.starts_with("09") && label.len() > 6 {
            assert_eq!(Some(&cells), de.get(label.as_str()), "{label}");
            compared += 1;
        }
    }
    assert!(compared >= 90, "{compared} Bavarian Kreise compared");
}

#[test]
fn input_directory_flat_or_nested_gives_the_same_tables_and_a_missing_table_is_named() {
    let (plain, _) = report("in-plain", &[]);
    let dir = temp_dir("input");
    for rel in [
        "genesis/21111-02-06-4.csv",
        "genesis/21111-01-03-4.csv",
        "population/fact_bevoelkerung_2023_2024.csv",
        "hamburg/stadtteilprofile_2014_tidy.csv",
        "nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv",
    ] {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(root().join("data").join(rel), dir.join(name)).unwrap();
    }
    let (out, _) = report("in-out", &["--input", dir.to_str().unwrap()]);
    for f in ["leavers_by_qualification.csv", "indicators.csv"] {
        assert_eq!(
            std::fs::read(plain.join(f)).unwrap(),
            std::fs::read(out.join(f)).unwrap(),
            "{f}"
        );
    }
    std::fs::remove_file(dir.join("stadtteilprofile_2014_tidy.csv")).unwrap();
    let out2 = dir.join("out2");
    let o = bildung(
        &[
            "report",
            "-q",
            "--input",
            dir.to_str().unwrap(),
            "--out",
            out2.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("stadtteilprofile_2014_tidy.csv not found"),
        "{err}"
    );
    assert!(!out2.exists(), "nothing written");
}

#[test]
fn bad_configurations_are_refused_before_anything_is_written() {
    let dir = temp_dir("cfg");
    for (text, needle) in [
        ("indicators = [\"NOPE\"]\n", "unknown indicator `NOPE`"),
        ("[disclosure]\nmin_count = 0\n", "disclosure.min_count = 0"),
        (
            "[disclosure]\nmin_denominator = -5\n",
            "disclosure.min_denominator = -5",
        ),
        (
            "[disclosure]\nrounding_base = 1\n",
            "disclosure.rounding_base = 1",
        ),
        ("[output]\nformats = [\"pdf\"]\n", "unknown variant `pdf`"),
    ] {
        let cfg = dir.join("bad.toml");
        std::fs::write(&cfg, text).unwrap();
        let out = dir.join("out");
        let o = bildung(
            &[
                "report",
                "-q",
                "--config",
                cfg.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            &dir,
        );
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(needle) && err.contains("bad.toml"),
            "{text}: {err}"
        );
        assert!(!out.exists(), "{text}: nothing written");
    }
}

#[test]
fn failed_protection_exits_3_and_publishes_nothing() {
    let dir = temp_dir("fail");
    let cfg = dir.join("strict.toml");
    // every count below 10^9 is sensitive, but the grand total must stay published
    std::fs::write(&cfg, "[disclosure]\nmin_count = 1000000000\n").unwrap();
    let out = dir.join("out");
    let o = bildung(
        &[
            "report",
            "--progress",
            "--config",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    // the progress lines name the step that failed
    assert!(
        err.contains("] disclosure control (cell suppression): "),
        "{err}"
    );
    assert!(
        err.contains("cannot be protected") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
}

#[test]
fn a_malformed_input_table_is_named_with_line_and_column_and_nothing_is_written() {
    let dir = temp_dir("malformed");
    for rel in [
        "genesis/21111-02-06-4.csv",
        "genesis/21111-01-03-4.csv",
        "population/fact_bevoelkerung_2023_2024.csv",
        "hamburg/stadtteilprofile_2014_tidy.csv",
        "nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv",
    ] {
        let name = Path::new(rel).file_name().unwrap();
        std::fs::copy(root().join("data").join(rel), dir.join(name)).unwrap();
    }
    // line 6 of the Hamburg file: a pupil count that is not a number
    let path = dir.join("stadtteilprofile_2014_tidy.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "pupils_secondary_I_2013_14")
        .unwrap();
    let mut fields: Vec<String> = lines[5].split(',').map(str::to_owned).collect();
    fields[col] = "12x4".to_owned();
    lines[5] = fields.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = dir.join("out");
    let o = bildung(
        &[
            "report",
            "-q",
            "--input",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("stadtteilprofile_2014_tidy.csv, line 6")
            && err.contains("`12x4` is not a number (pupils_secondary_I_2013_14)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
}
