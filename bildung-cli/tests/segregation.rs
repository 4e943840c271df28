//! End-to-end test of the segregation section of `bildung report` on the real files
//! `data/hamburg/stadtteilprofile_2014_tidy.csv` and
//! `data/nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv`.
//!
//! Every expected figure is computed here, independently of the program and of
//! `bildung-core`, from the raw CSV text with hand-written loops and textbook formulas (the Gini
//! segregation index by the double sum over all pairs of Stadtteile, D, H, M, D_m by their
//! definitions), and compared with what the binary prints (6 decimals).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Printed values have 6 decimals.
const TOL: f64 = 5.1e-7;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(rel)
}

fn bildung(args: &[&str]) -> Output {
    // in a temporary directory: the full report writes its publication to ./bildung-report
    Command::new(env!("CARGO_BIN_EXE_bildung"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run the bildung binary")
}

fn stdout_of(args: &[&str]) -> String {
    let out = bildung(args);
    assert!(
        out.status.success(),
        "bildung {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn segregation_output() -> String {
    stdout_of(&["report", "--section", "segregation"])
}

/// The numbers on the first line that starts (after indentation) with `label`, after the label.
fn numbers_after(out: &str, label: &str) -> Vec<f64> {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in\n{out}"));
    let rest = &line.trim_start()[label.len()..];
    rest.split(|c: char| {
        c.is_whitespace() || c == '(' || c == ')' || c == ',' || c == '=' || c == ';'
    })
    .filter_map(|w| w.trim_end_matches('%').parse::<f64>().ok())
    .collect()
}

fn close(label: &str, printed: f64, expected: f64) {
    assert!(
        (printed - expected).abs() <= TOL,
        "{label}: printed {printed}, computed here {expected}"
    );
}

// ------------------------------------------------------------------------------------------
// Hamburg

struct Hh {
    name: String,
    level: String,
    pupils: f64,
    gym_pct: f64,
    sts_pct: f64,
}

fn hamburg_rows() -> Vec<Hh> {
    let text = std::fs::read_to_string(data("hamburg/stadtteilprofile_2014_tidy.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (cn, cl, cp, cg, cs) = (
        col("area_name"),
        col("level"),
        col("pupils_secondary_I_2013_14"),
        col("pupils_secondary_I_gymnasium_pct_2013_14"),
        col("pupils_secondary_I_stadtteilschule_pct_2013_14"),
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), header.len(), "{l}");
            Hh {
                name: f[cn].to_owned(),
                level: f[cl].to_owned(),
                pupils: f[cp].parse().unwrap(),
                gym_pct: f[cg].parse().unwrap_or(f64::NAN),
                sts_pct: f[cs].parse().unwrap_or(f64::NAN),
            }
        })
        .collect()
}

/// (x, t) per Stadtteil: x = round(pupils * gym% / 100), y likewise, t = x + y (data/README.md).
fn hamburg_xt(rows: &[Hh]) -> (Vec<f64>, Vec<f64>) {
    let st: Vec<&Hh> = rows.iter().filter(|r| r.level == "stadtteil").collect();
    let x: Vec<f64> = st
        .iter()
        .map(|r| (r.pupils * r.gym_pct / 100.0 + 1e-9).round())
        .collect();
    let y: Vec<f64> = st
        .iter()
        .map(|r| (r.pupils * r.sts_pct / 100.0 + 1e-9).round())
        .collect();
    let t = x.iter().zip(&y).map(|(a, b)| a + b).collect();
    (x, t)
}

fn entropy2(p: f64) -> f64 {
    let f = |q: f64| if q > 0.0 { -q * q.ln() } else { 0.0 };
    f(p) + f(1.0 - p)
}

/// Two-group Theil H by its definition sum_i t_i (E - E_i) / (E T).
fn theil_h(x: &[f64], t: &[f64]) -> f64 {
    let (sx, st): (f64, f64) = (x.iter().sum(), t.iter().sum());
    let e = entropy2(sx / st);
    x.iter()
        .zip(t)
        .map(|(xi, ti)| ti * (e - entropy2(xi / ti)))
        .sum::<f64>()
        / (e * st)
}

fn dissim(x: &[f64], t: &[f64]) -> f64 {
    let (sx, st): (f64, f64) = (x.iter().sum(), t.iter().sum());
    let sy = st - sx;
    0.5 * x
        .iter()
        .zip(t)
        .map(|(xi, ti)| (xi / sx - (ti - xi) / sy).abs())
        .sum::<f64>()
}

#[test]
fn hamburg_counts_and_two_group_indices() {
    let rows = hamburg_rows();
    assert_eq!(rows.len(), 107);
    let st: Vec<&Hh> = rows.iter().filter(|r| r.level == "stadtteil").collect();
    assert_eq!(st.len(), 99);
    let (x, t) = hamburg_xt(&rows);
    let k = x.len() as f64;
    let (sx, st_): (f64, f64) = (x.iter().sum(), t.iter().sum());
    let sy = st_ - sx;
    let p = sx / st_;
    let pupils: f64 = st.iter().map(|r| r.pupils).sum();
    let city = rows.iter().find(|r| r.level == "stadt").unwrap().pupils;

    let out = segregation_output();
    assert_eq!(numbers_after(&out, "Stadtteile "), vec![99.0, 7.0]);
    assert_eq!(
        numbers_after(&out, "Sek-I pupils, sum over Stadtteile"),
        vec![pupils, city]
    );
    assert_eq!(pupils, 90211.0);
    assert_eq!(numbers_after(&out, "x = Gymnasium pupils")[0], sx);
    assert_eq!(numbers_after(&out, "y = Stadtteilschule pupils")[0], sy);
    let tl = numbers_after(&out, "t = x + y");
    assert_eq!(tl[0], st_);
    assert!((tl[1] - 100.0 * p).abs() < 0.005 + 1e-12, "{tl:?}");

    // D: half the sum of absolute differences of the two distributions.
    let d = dissim(&x, &t);
    close("D", numbers_after(&out, "dissimilarity D")[0], d);

    // Gini segregation: the double sum over all pairs of Stadtteile.
    let mut pairs = 0.0;
    for i in 0..x.len() {
        for l in 0..x.len() {
            pairs += t[i] * t[l] * (x[i] / t[i] - x[l] / t[l]).abs();
        }
    }
    let g = pairs / (2.0 * st_ * st_ * p * (1.0 - p));
    close("G", numbers_after(&out, "Gini segregation G")[0], g);

    // Theil H.
    let h = theil_h(&x, &t);
    close("H", numbers_after(&out, "Theil entropy index H")[0], h);

    // Isolation and exposure.
    let xpx: f64 = x.iter().zip(&t).map(|(xi, ti)| xi / sx * xi / ti).sum();
    let ypy: f64 = x
        .iter()
        .zip(&t)
        .map(|(xi, ti)| (ti - xi) / sy * (ti - xi) / ti)
        .sum();
    let xpy: f64 = x
        .iter()
        .zip(&t)
        .map(|(xi, ti)| xi / sx * (ti - xi) / ti)
        .sum();
    let ypx: f64 = x
        .iter()
        .zip(&t)
        .map(|(xi, ti)| (ti - xi) / sy * xi / ti)
        .sum();
    let iso = numbers_after(&out, "isolation xPx (Gymnasium)");
    close("xPx", iso[0], xpx);
    // Exact null expectation of the isolation index: P + (1 - P)(k - 1)/(T - 1).
    close("E[xPx]", iso[1], p + (1.0 - p) * (k - 1.0) / (st_ - 1.0));
    close("yPy", numbers_after(&out, "isolation yPy")[0], ypy);
    close("xPy", numbers_after(&out, "exposure xPy")[0], xpy);
    close("yPx", numbers_after(&out, "exposure yPx")[0], ypx);

    // Correlation ratio, its exact null expectation (k-1)/(T-1) and Carrington-Troske.
    let eta: f64 = x
        .iter()
        .zip(&t)
        .map(|(xi, ti)| ti * (xi / ti - p).powi(2))
        .sum::<f64>()
        / (st_ * p * (1.0 - p));
    let e_eta = (k - 1.0) / (st_ - 1.0);
    let eta_line = numbers_after(&out, "correlation ratio eta²");
    close("eta2", eta_line[0], eta);
    close("E[eta2]", eta_line[1], e_eta);
    close("CT eta2", eta_line[2], (eta - e_eta) / (1.0 - e_eta));

    // Hutchens: 1 - sum sqrt(x_i/X * y_i/Y).
    let hut = 1.0
        - x.iter()
            .zip(&t)
            .map(|(xi, ti)| (xi / sx * (ti - xi) / sy).sqrt())
            .sum::<f64>();
    close(
        "Hutchens",
        numbers_after(&out, "Hutchens square root S")[0],
        hut,
    );

    // D and H lines: expectation below the observed value, Carrington-Troske consistent.
    let dl = numbers_after(&out, "dissimilarity D");
    assert!(dl[1] > 0.0 && dl[1] < d, "{dl:?}");
    close("CT D", dl[2], (d - dl[1]) / (1.0 - dl[1]));
    let hl = numbers_after(&out, "Theil entropy index H");
    close("CT H", hl[2], (h - hl[1]) / (1.0 - hl[1]));
    let bc = numbers_after(&out, "bias-corrected D (Allen et al. 2015)");
    close("D_bc", bc[0], 2.0 * d - bc[bc.len() - 1]);
}

#[test]
fn hamburg_bezirke() {
    let rows = hamburg_rows();
    let (x, t) = hamburg_xt(&rows);
    // Bezirk blocks in row order (data/README.md): first Stadtteil of each Bezirk.
    let firsts = [
        "Hamburg-Altstadt",
        "Altona-Altstadt",
        "Eimsbüttel",
        "Hoheluft-Ost",
        "Eilbek",
        "Lohbrügge",
        "Harburg",
    ];
    let st: Vec<&Hh> = rows.iter().filter(|r| r.level == "stadtteil").collect();
    let mut b = 0usize;
    let mut bez = Vec::new();
    for (i, r) in st.iter().enumerate() {
        if i > 0 && b + 1 < firsts.len() && r.name == firsts[b + 1] {
            b += 1;
        }
        bez.push(b);
    }
    let rows_b: Vec<&Hh> = rows.iter().filter(|r| r.level == "bezirk").collect();
    let (mut bx, mut bt) = (vec![0.0; 7], vec![0.0; 7]);
    for b in 0..7 {
        let pupils: f64 = (0..st.len())
            .filter(|&i| bez[i] == b)
            .map(|i| st[i].pupils)
            .sum();
        assert_eq!(pupils, rows_b[b].pupils, "{}", rows_b[b].name);
        bx[b] = (0..st.len()).filter(|&i| bez[i] == b).map(|i| x[i]).sum();
        bt[b] = (0..st.len()).filter(|&i| bez[i] == b).map(|i| t[i]).sum();
    }
    let out = segregation_output();
    // H between Bezirke = H of the Bezirk sums; within = total - between.
    let h = theil_h(&x, &t);
    let hb = theil_h(&bx, &bt);
    let line = numbers_after(&out, "H total");
    close("H total", line[0], h);
    close("H between", line[1], hb);
    close("H within", line[3], h - hb);
    close(
        "D Bezirke",
        numbers_after(&out, "D across the 7 Bezirke (Bezirk sums as areas)")[0],
        dissim(&bx, &bt),
    );
    // One Bezirk row: Altona, its D over its own Stadtteile.
    let ax: Vec<f64> = (0..x.len())
        .filter(|&i| bez[i] == 1)
        .map(|i| x[i])
        .collect();
    let at: Vec<f64> = (0..x.len())
        .filter(|&i| bez[i] == 1)
        .map(|i| t[i])
        .collect();
    let al = numbers_after(&out, "Altona ");
    assert_eq!(&al[..5], &[14.0, 13773.0, 13773.0, bx[1], bt[1]]);
    close("D Altona", al[6], dissim(&ax, &at));
    close("H Altona", al[7], theil_h(&ax, &at));

    // Highest and lowest Gymnasium share.
    let best = st
        .iter()
        .max_by(|a, b| a.gym_pct.total_cmp(&b.gym_pct))
        .unwrap();
    let worst = st
        .iter()
        .min_by(|a, b| a.gym_pct.total_cmp(&b.gym_pct))
        .unwrap();
    let after = |heading: &str| {
        let i = out.find(heading).unwrap();
        out[i..].lines().nth(2).unwrap().to_owned()
    };
    let top = after("Stadtteile with the highest Gymnasium share");
    assert!(
        top.contains(&best.name) && top.trim_start().starts_with("1 "),
        "{top}"
    );
    let bottom = after("Stadtteile with the lowest Gymnasium share");
    assert!(
        bottom.contains(&worst.name) && bottom.trim_start().starts_with("99 "),
        "{bottom}"
    );
}

// ------------------------------------------------------------------------------------------
// NRW

/// Split one CSV line with `"` quoting (no field of this file spans lines).
fn split_quoted(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// (AGS, pupils, stage 0..8) of every school with a Sozialindex stage; and all schools.
fn nrw_schools() -> (Vec<(String, f64, usize)>, usize) {
    let text =
        std::fs::read_to_string(data("nrw/AS_BS_Verzeichnis_2024_25_mit_Sozialindex.csv")).unwrap();
    let mut lines = text.lines();
    let header = split_quoted(lines.next().unwrap());
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (ca, cn, cs) = (
        col("Amtlicher Gemeindeschlüssel"),
        col("Anzahl"),
        col("Sozialindex"),
    );
    let mut all = 0;
    let mut with = Vec::new();
    for l in lines.filter(|l| !l.is_empty()) {
        let f = split_quoted(l);
        assert_eq!(f.len(), header.len(), "{l}");
        all += 1;
        if !f[cs].is_empty() {
            let s: usize = f[cs].parse().unwrap();
            with.push((f[ca].clone(), f[cn].parse().unwrap(), s - 1));
        }
    }
    (with, all)
}

/// Mutual information M of a count table by its definition.
fn mutual_info(table: &[[f64; 9]]) -> f64 {
    let total: f64 = table.iter().flatten().sum();
    let cols: Vec<f64> = (0..9).map(|j| table.iter().map(|r| r[j]).sum()).collect();
    let mut m = 0.0;
    for r in table {
        let ti: f64 = r.iter().sum();
        for j in 0..9 {
            if r[j] > 0.0 {
                m += r[j] / total * (r[j] * total / (ti * cols[j])).ln();
            }
        }
    }
    m
}

#[test]
fn nrw_stages_and_multigroup_indices() {
    let (schools, all) = nrw_schools();
    assert_eq!(all, 5407);
    let out = segregation_output();
    let inc = numbers_after(&out, "Included: the");
    assert_eq!(inc[0], schools.len() as f64);
    let total: f64 = schools.iter().map(|s| s.1).sum();
    assert_eq!(inc[1], total);
    let mut per_stage = [0.0; 9];
    let mut n_stage = [0.0; 9];
    for s in &schools {
        per_stage[s.2] += s.1;
        n_stage[s.2] += 1.0;
    }
    assert_eq!(numbers_after(&out, "schools  "), n_stage.to_vec());
    let pct = numbers_after(&out, "pupils %");
    for j in 0..9 {
        assert!((pct[j] - 100.0 * per_stage[j] / total).abs() <= 0.005 + 1e-9);
    }

    // Gemeinde x stage and Kreis x stage tables.
    let mut gem: BTreeMap<&str, [f64; 9]> = BTreeMap::new();
    let mut kreis: BTreeMap<&str, [f64; 9]> = BTreeMap::new();
    for (ags, n, s) in &schools {
        gem.entry(ags.as_str()).or_insert([0.0; 9])[*s] += n;
        kreis.entry(&ags[..5]).or_insert([0.0; 9])[*s] += n;
    }
    let gt: Vec<[f64; 9]> = gem.values().copied().collect();
    let kt: Vec<[f64; 9]> = kreis.values().copied().collect();
    assert_eq!((gt.len(), kt.len()), (395, 53));
    assert_eq!(
        numbers_after(&out, "Multigroup indices: areas =")[0],
        gt.len() as f64
    );

    let big_p: Vec<f64> = per_stage.iter().map(|n| n / total).collect();
    let e: f64 = big_p.iter().map(|p| -p * p.ln()).sum();
    let simpson: f64 = big_p.iter().map(|p| p * (1.0 - p)).sum();
    let m = mutual_info(&gt);
    close(
        "M",
        numbers_after(&out, "mutual information M (nats)")[0],
        m,
    );
    close(
        "H",
        numbers_after(&out, "Theil H (multi_information_theory)")[0],
        m / e,
    );
    // D_m = sum_i sum_j t_i |p_ij - P_j| / (2 T I).
    let mut dm = 0.0;
    for r in &gt {
        let ti: f64 = r.iter().sum();
        for j in 0..9 {
            dm += ti * (r[j] / ti - big_p[j]).abs();
        }
    }
    dm /= 2.0 * total * simpson;
    close(
        "D_m",
        numbers_after(&out, "multigroup dissimilarity D_m")[0],
        dm,
    );

    // Decomposition by Kreis: between = M of the Kreis table, within = rest.
    let mb = mutual_info(&kt);
    let tot = numbers_after(&out, "Gemeinden, total");
    close("M Gemeinden", tot[0], m);
    let bk = numbers_after(&out, "between Kreise");
    close("M between Kreise", bk[0], mb);
    close("H between Kreise", bk[1], mb / e);
    let wk = numbers_after(&out, "within Kreise (between their Gemeinden)");
    close("M within Kreise", wk[0], m - mb);
    // Schools: every school has one stage, so M over schools = E and H = 1.
    let sc = numbers_after(&out, "schools, total");
    close("M schools", sc[0], e);
    close("H schools", sc[1], 1.0);
    let wg = numbers_after(&out, "within Gemeinden (between their schools)");
    close("M within Gemeinden", wg[0], e - m);

    // Rank-order profile: first cut-off = stage 1 vs 2..9, two-group H over Gemeinden.
    let x: Vec<f64> = gt.iter().map(|r| r[0]).collect();
    let t: Vec<f64> = gt.iter().map(|r| r.iter().sum()).collect();
    let i = out.find("H profile at cumulative share").unwrap();
    let first = out[i..]
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let (pp, hh) = first.split_once(':').unwrap();
    assert!((pp.parse::<f64>().unwrap() - big_p[0]).abs() <= 5e-4);
    assert!((hh.parse::<f64>().unwrap() - theil_h(&x, &t)).abs() <= 5e-5);
    let ro = numbers_after(&out, "rank-order information theory H^R");
    assert!(ro[0] > 0.0 && ro[0] < 1.0);
}

#[test]
fn default_report_has_both_sections() {
    let out = stdout_of(&["report"]);
    let i = out.find("Inequality of the share across Kreise").unwrap();
    let s = out.find("Segregation (bildung_core::segregation").unwrap();
    assert!(i < s);
    assert!(out.contains("Quelle: Statistikamt Nord, Hamburger Stadtteil-Profile 2014"));
    assert!(out.contains("IT.NRW, Statistisches Landesamt, Düsseldorf, 2025"));
    assert!(out.contains("Ministerium für Schule und Bildung NRW"));
    let ineq = stdout_of(&["report", "--section", "inequality"]);
    assert!(!ineq.contains("Segregation"));
    assert_eq!(ineq, out[..ineq.len()]);
    // The csv format stays the per-Kreis table.
    let csv = stdout_of(&["report", "--format", "csv"]);
    assert!(csv.starts_with("region_code,"), "{}", &csv[..40]);
    assert!(!csv.contains("Segregation"));
}

#[test]
fn missing_segregation_file_is_an_error() {
    let out = bildung(&[
        "report",
        "--section",
        "segregation",
        "--nrw",
        "/nonexistent/n.csv",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read /nonexistent/n.csv"), "{err}");
}
