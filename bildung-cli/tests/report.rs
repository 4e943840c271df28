//! End-to-end test of `bildung report` on the real GENESIS file `data/genesis/21111-02-06-4.csv`.
//!
//! Every expected figure is computed here, independently of the program, from the raw bytes of
//! the file (split on `\n` and `;`, no decoding needed for codes and counts) with hand-written
//! sums and textbook formulas, and compared with what the binary prints.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Command, Output};

fn data_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join("genesis")
        .join("21111-02-06-4.csv")
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

/// One data line of the raw file: code, all leavers, leavers without HSA (None = a symbol).
#[derive(Debug, Clone)]
struct Raw {
    code: String,
    leavers: Option<u64>,
    without: Option<u64>,
}

/// The data lines of the raw file, parsed by hand.
fn raw_rows() -> Vec<Raw> {
    let bytes = std::fs::read(data_path()).unwrap();
    let mut rows = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        let fields: Vec<&[u8]> = line.split(|&b| b == b';').collect();
        let first = fields[0];
        if first.len() != 4 || !first.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let text = |f: &[u8]| String::from_utf8(f.to_vec()).unwrap().trim().to_owned();
        let count = |f: &[u8]| {
            let t = text(f);
            if t == "-" { Some(0) } else { t.parse().ok() }
        };
        rows.push(Raw {
            code: text(fields[1]),
            leavers: count(fields[3]),
            without: count(fields[5]),
        });
    }
    rows
}

/// Kreis-level units: 5-digit rows, plus 2-digit Länder that have no 5-digit row.
fn kreis_units(rows: &[Raw]) -> Vec<Raw> {
    let with_kreise: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.code.len() == 5)
        .map(|r| r.code[..2].to_owned())
        .collect();
    let mut units = Vec::new();
    for r in rows {
        if r.code.len() == 5 {
            units.push(r.clone());
        } else if r.code.len() == 2 && r.code != "DG" && !with_kreise.contains(&r.code) {
            units.push(Raw {
                code: format!("{}000", r.code),
                ..r.clone()
            });
        }
    }
    units
}

/// Units with a share: (share %, leavers, Land code).
fn shares(units: &[Raw]) -> Vec<(f64, f64, String)> {
    units
        .iter()
        .filter_map(|u| match (u.leavers, u.without) {
            (Some(n), Some(k)) if n > 0 => Some((
                k as f64 / n as f64 * 100.0,
                n as f64,
                u.code[..2].to_owned(),
            )),
            _ => None,
        })
        .collect()
}

/// Pairwise Gini: sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu).
fn gini_pairwise(x: &[(f64, f64)]) -> f64 {
    let w: f64 = x.iter().map(|p| p.1).sum();
    let mu = x.iter().map(|p| p.0 * p.1).sum::<f64>() / w;
    let mut s = 0.0;
    for a in x {
        for b in x {
            s += a.1 * b.1 * (a.0 - b.0).abs();
        }
    }
    s / (2.0 * w * w * mu)
}

/// Theil T: sum_i (w_i / W) (x_i / mu) ln(x_i / mu).
fn theil_t(x: &[(f64, f64)]) -> f64 {
    let w: f64 = x.iter().map(|p| p.1).sum();
    let mu = x.iter().map(|p| p.0 * p.1).sum::<f64>() / w;
    x.iter()
        .map(|&(xi, wi)| {
            let s = xi / mu;
            if s > 0.0 { wi / w * s * s.ln() } else { 0.0 }
        })
        .sum()
}

/// Theil T of the group means (each unit given the mean of its Land).
fn theil_between(x: &[(f64, f64, String)]) -> f64 {
    let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (xi, wi, g) in x {
        let e = sums.entry(g.as_str()).or_default();
        e.0 += xi * wi;
        e.1 += wi;
    }
    let means: Vec<(f64, f64)> = x
        .iter()
        .map(|(_, wi, g)| (sums[g.as_str()].0 / sums[g.as_str()].1, *wi))
        .collect();
    theil_t(&means)
}

/// The numbers on the first line starting with `label` after the line containing `anchor`.
fn numbers(text: &str, anchor: &str, label: &str) -> Vec<f64> {
    let start = text
        .find(anchor)
        .unwrap_or_else(|| panic!("no {anchor:?} in\n{text}"));
    let line = text[start..]
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} after {anchor:?}"));
    line[line.find(label).unwrap() + label.len()..]
        .split(|c: char| c.is_whitespace() || c == '(' || c == '/')
        .filter_map(|t| t.parse::<f64>().ok())
        .collect()
}

/// Minimal RFC 4180 split of one CSV line (quoted fields may hold commas).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn national_figures_match_the_raw_file() {
    let rows = raw_rows();
    let dg = rows.iter().find(|r| r.code == "DG").unwrap();
    // the published Germany row of the file
    assert_eq!((dg.leavers, dg.without), (Some(782_423), Some(55_708)));
    let laender: Vec<&Raw> = rows
        .iter()
        .filter(|r| r.code.len() == 2 && r.code != "DG")
        .collect();
    assert_eq!(laender.len(), 16);
    let land_sum: u64 = laender.iter().map(|r| r.leavers.unwrap()).sum();
    let land_sum_k: u64 = laender.iter().map(|r| r.without.unwrap()).sum();

    let units = kreis_units(&rows);
    let s = shares(&units);
    let n_ok = s.len();
    let sum_n: u64 = units
        .iter()
        .filter(|u| u.leavers.unwrap_or(0) > 0)
        .map(|u| u.leavers.unwrap())
        .sum();
    let sum_k: u64 = units
        .iter()
        .filter(|u| u.leavers.unwrap_or(0) > 0)
        .map(|u| u.without.unwrap())
        .sum();
    // 398 Kreise with leavers + Hamburg and Berlin = the 400 Kreise of Germany
    assert_eq!(n_ok, 400);
    assert_eq!(units.len() - n_ok, 73);
    // Kreis sums differ from the DG row (later corrections) and from the Land rows (rounding)
    assert_eq!((sum_n, sum_k), (774_641, 55_717));
    assert_eq!((land_sum, land_sum_k), (774_629, 55_707));

    let text = stdout_of(&["report", "--data", data_path().to_str().unwrap()]);
    assert!(text.contains("Datenlizenz Deutschland – Namensnennung – Version 2.0"));
    let sum_line = numbers(&text, "National summary", "sum over Kreis-level units");
    assert_eq!(sum_line[..2], [sum_n as f64, sum_k as f64]);
    assert!((sum_line[2] - (sum_k as f64 / sum_n as f64 * 100.0)).abs() < 0.005);
    let dg_line = numbers(&text, "National summary", "published Germany row (DG)");
    assert_eq!(dg_line[..2], [782_423.0, 55_708.0]);
    assert!((dg_line[2] - 55_708.0 / 782_423.0 * 100.0).abs() < 0.005);
    let ld = numbers(&text, "National summary", "sum of the 16 Land rows");
    assert_eq!(ld[..2], [land_sum as f64, land_sum_k as f64]);
    let diff = numbers(&text, "National summary", "DG minus sum of Land rows");
    assert_eq!(
        diff[..2],
        [(782_423 - land_sum) as f64, (55_708 - land_sum_k) as f64]
    );
    let used = numbers(&text, "Inequality of the share", "Kreise used / omitted");
    assert_eq!(used, [400.0, 73.0, 400.0, 73.0]);
    assert!(text.contains("Total (sum over Kreise)"));
}

#[test]
fn inequality_and_decomposition_match_textbook_formulas() {
    let s = shares(&kreis_units(&raw_rows()));
    let unw: Vec<(f64, f64)> = s.iter().map(|p| (p.0, 1.0)).collect();
    let wtd: Vec<(f64, f64)> = s.iter().map(|p| (p.0, p.1)).collect();
    let unw_g: Vec<(f64, f64, String)> = s.iter().map(|p| (p.0, 1.0, p.2.clone())).collect();

    let text = stdout_of(&["report", "--data", data_path().to_str().unwrap()]);
    let anchor = "Inequality of the share";
    let tol = 1e-6; // six decimals printed
    let g = numbers(&text, anchor, "Gini");
    assert!((g[0] - gini_pairwise(&unw)).abs() < tol, "{g:?}");
    assert!((g[1] - gini_pairwise(&wtd)).abs() < tol, "{g:?}");
    let t = numbers(&text, anchor, "Theil T (GE(1))");
    // "GE(1)" contributes no number: the split drops "(GE(1))"
    assert_eq!(t.len(), 2, "{t:?}");
    assert!((t[0] - theil_t(&unw)).abs() < tol, "{t:?}");
    assert!((t[1] - theil_t(&wtd)).abs() < tol, "{t:?}");
    let mean = numbers(&text, anchor, "mean share %");
    let total_k: f64 =
        s.iter().map(|p| p.0 * p.1).sum::<f64>() / s.iter().map(|p| p.1).sum::<f64>();
    assert!((mean[1] - total_k).abs() < 1e-4);

    // Theil decomposition by Land: between = Theil of the Land means; within + between = total
    let dec = "Decomposition by Land";
    let total = numbers(&text, dec, "Theil T total");
    let between = numbers(&text, dec, "between Länder");
    let within = numbers(&text, dec, "within Länder");
    assert_eq!(total.len(), 2);
    // columns: value, % of total, value, % of total
    assert_eq!(between.len(), 4, "{between:?}");
    for (col, vi) in [(0, 0), (1, 2)] {
        assert!((between[vi] + within[vi] - total[col]).abs() < 2e-6);
        assert!((between[vi + 1] + within[vi + 1] - 100.0).abs() < 0.11);
        assert!((between[vi] / total[col] * 100.0 - between[vi + 1]).abs() < 0.06);
    }
    assert!((between[0] - theil_between(&unw_g)).abs() < tol);
    assert!((between[2] - theil_between(&s)).abs() < tol);
    assert!((total[1] - theil_t(&wtd)).abs() < tol);

    // Gini decomposition: within + between + overlap = total
    let gt = numbers(&text, "Gini total (gini_decomposition)", "Gini total");
    let gb = numbers(&text, "Gini total (gini_decomposition)", "between Länder");
    let gw = numbers(&text, "Gini total (gini_decomposition)", "within Länder");
    let go = numbers(
        &text,
        "Gini total (gini_decomposition)",
        "overlap (re-ranking)",
    );
    for (col, vi) in [(0, 0), (1, 2)] {
        assert!((gb[vi] + gw[vi] + go[vi] - gt[col]).abs() < 3e-6);
    }
    assert!((gt[0] - gini_pairwise(&unw)).abs() < tol);
}

#[test]
fn csv_has_every_kreis_with_its_raw_counts() {
    let rows = raw_rows();
    let units = kreis_units(&rows);
    let csv = stdout_of(&[
        "report",
        "--format",
        "csv",
        "--data",
        data_path().to_str().unwrap(),
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "region_code,region_name,land,leavers,without_hsa,share_pct,status,\
             wilson_lower_pct,wilson_upper_pct,eb_pct,eb_lower_pct,eb_upper_pct,\
             funnel_class,funnel_class_widened"
        )
    );
    let parsed: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert_eq!(parsed.len(), units.len());
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for (f, u) in parsed.iter().zip(&units) {
        assert_eq!(f.len(), 14, "{f:?}");
        assert_eq!(f[0], u.code);
        assert_eq!(f[2], u.code[..2]);
        assert_eq!(f[3], u.leavers.map(|n| n.to_string()).unwrap_or_default());
        assert_eq!(f[4], u.without.map(|n| n.to_string()).unwrap_or_default());
        match (u.leavers, u.without) {
            (Some(n), Some(k)) if n > 0 => {
                let share: f64 = f[5].parse().unwrap();
                assert!((share - k as f64 / n as f64 * 100.0).abs() < 5e-5, "{f:?}");
                assert_eq!(f[6], "ok");
            }
            _ => assert!(
                f[5].is_empty() && f[7..].iter().all(String::is_empty),
                "{f:?}: a missing share (and its interval, EB value, class) must stay empty, never 0"
            ),
        }
        *statuses.entry(f[6].clone()).or_default() += 1;
    }
    assert_eq!(statuses.get("ok"), Some(&400));
    assert_eq!(statuses.get("empty"), Some(&73));
    // names with commas are quoted; umlauts decoded from Windows-1252
    assert!(csv.contains("\n01001,\"Flensburg, kreisfreie Stadt\",01,1059,90,8.4986,ok,"));
    assert!(csv.contains("\n03159,\"Göttingen, Landkreis\",03,2582,169,"));
    // 8-digit cities inside a Kreis-level unit are not rows of their own
    assert!(parsed.iter().all(|f| f[0].len() == 5));
    assert!(!csv.contains("03241001"));
    let sum: u64 = parsed.iter().filter_map(|f| f[3].parse::<u64>().ok()).sum();
    assert_eq!(sum, 774_641);
}

#[test]
fn one_land() {
    let rows = raw_rows();
    let nrw: Vec<(f64, f64, String)> = shares(&kreis_units(&rows))
        .into_iter()
        .filter(|p| p.2 == "05")
        .collect();
    let text = stdout_of(&[
        "report",
        "--land",
        "05",
        "--data",
        data_path().to_str().unwrap(),
    ]);
    assert!(text.contains("Scope:  Land 05 Nordrhein-Westfalen"));
    let used = numbers(&text, "Inequality of the share", "Kreise used / omitted");
    assert_eq!(used[0], nrw.len() as f64);
    assert_eq!(nrw.len(), 53);
    let t = numbers(&text, "Inequality of the share", "Theil T (GE(1))");
    let wtd: Vec<(f64, f64)> = nrw.iter().map(|p| (p.0, p.1)).collect();
    assert!((t[1] - theil_t(&wtd)).abs() < 1e-6);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("05 Nordrhein-Westfalen (multiples of 5)"),
        "NRW counts are rounded to 5"
    );
}

#[test]
fn errors_exit_with_code_1_and_a_message() {
    let out = bildung(&["report", "--data", "/nonexistent/21111-02-06-4.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot read /nonexistent/"), "{err}");

    let out = bildung(&[
        "report",
        "--land",
        "99",
        "--data",
        data_path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("16 Thüringen"));

    let out = bildung(&["report", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(1));

    // a file that is not the GENESIS table: the Cargo manifest
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = bildung(&["report", "--data", manifest]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Cargo.toml, line 1: not a GENESIS table export"),
        "{err}"
    );
}

#[test]
fn version_help_and_default_path() {
    let v = stdout_of(&["--version"]);
    assert!(v.starts_with(&format!("bildung {}", env!("CARGO_PKG_VERSION"))));
    let h = stdout_of(&["--help"]);
    assert!(h.contains(
        "bildung report [--config FILE] [--input DIR] [--out DIR] [--quiet] [--progress]"
    ));
    // without --data, from a directory without data/: the source-tree fallback is used
    let out = Command::new(env!("CARGO_BIN_EXE_bildung"))
        .args(["report", "--format", "csv"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1 + 473
    );
}

/// `ln P(X = k)` for `X ~ Bin(n, p)`, by a sum of logarithms (no special functions).
fn ln_binomial_pmf(k: u64, n: u64, p: f64) -> f64 {
    let ln_choose: f64 = (1..=k).map(|i| ((n - k + i) as f64 / i as f64).ln()).sum();
    ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()
}

/// Spiegelhalter's interpolated exact binomial limit (2005, appendix A.1.1) for probability `q`:
/// `r` = smallest count with `F(r) >= q`, `a = (F(r) - q) / P(R = r)`, limit `(r - a) / n`.
fn spiegelhalter_limit(n: u64, theta0: f64, q: f64) -> f64 {
    let mut cdf = 0.0;
    for r in 0..=n {
        let pmf = ln_binomial_pmf(r, n, theta0).exp();
        cdf += pmf;
        if cdf >= q {
            return (r as f64 - (cdf - q) / pmf) / n as f64;
        }
    }
    1.0
}

#[test]
fn small_area_columns_match_textbook_formulas() {
    let rows = raw_rows();
    let units = kreis_units(&rows);
    let csv = stdout_of(&[
        "report",
        "--format",
        "csv",
        "--data",
        data_path().to_str().unwrap(),
    ]);
    let parsed: Vec<Vec<String>> = csv.lines().skip(1).map(csv_fields).collect();
    let with_counts: Vec<(u64, u64)> = units
        .iter()
        .filter_map(|u| match (u.leavers, u.without) {
            (Some(n), Some(k)) if n > 0 => Some((n, k)),
            _ => None,
        })
        .collect();
    let big_n: u64 = with_counts.iter().map(|c| c.0).sum();
    let big_x: u64 = with_counts.iter().map(|c| c.1).sum();
    let theta0 = big_x as f64 / big_n as f64;
    let z = 1.959_963_984_540_054; // z_0.975
    let mut checked = 0;
    let mut moved_towards_prior = 0;
    let prior = eb_prior_mean(&stdout_of(&[
        "report",
        "--data",
        data_path().to_str().unwrap(),
    ]));
    for (f, u) in parsed.iter().zip(&units) {
        let (Some(n), Some(x)) = (u.leavers, u.without) else {
            continue;
        };
        if n == 0 {
            continue;
        }
        let num = |i: usize| f[i].parse::<f64>().unwrap();
        // Wilson score interval, written out: [2x + z² ∓ z sqrt(z² + 4x(1 - x/n))] / (2(n + z²))
        let (xf, nf) = (x as f64, n as f64);
        let root = z * (z * z + 4.0 * xf * (1.0 - xf / nf)).sqrt();
        let lower = (2.0 * xf + z * z - root) / (2.0 * (nf + z * z));
        let upper = (2.0 * xf + z * z + root) / (2.0 * (nf + z * z));
        assert!(
            (num(7) - 100.0 * lower).abs() < 5.1e-5,
            "{f:?}: Wilson lower {lower}"
        );
        assert!(
            (num(8) - 100.0 * upper).abs() < 5.1e-5,
            "{f:?}: Wilson upper {upper}"
        );
        // funnel class from exact limits at 95 % and 99.8 % around the pooled share
        let p = xf / nf;
        let class = if p > theta0 && p > spiegelhalter_limit(n, theta0, 0.999) {
            "above 99.8%"
        } else if p > theta0 && p > spiegelhalter_limit(n, theta0, 0.975) {
            "above 95%"
        } else if p < theta0 && p < spiegelhalter_limit(n, theta0, 0.001) {
            "below 99.8%"
        } else if p < theta0 && p < spiegelhalter_limit(n, theta0, 0.025) {
            "below 95%"
        } else {
            "within"
        };
        assert_eq!(f[12], class, "{f:?}");
        // empirical Bayes: between the raw share and the prior mean, inside its EB interval
        let (eb, lo, hi) = (num(9) / 100.0, num(10) / 100.0, num(11) / 100.0);
        // (the prior mean is printed to 0.01 %, the EB value to 0.0001 %)
        let (a, b) = if p < prior { (p, prior) } else { (prior, p) };
        let slack = 5e-5 + 5e-7;
        assert!(
            eb >= a - slack && eb <= b + slack,
            "{f:?}: EB {eb} outside [{a}, {b}]"
        );
        assert!(lo < eb && eb < hi, "{f:?}");
        moved_towards_prior += usize::from((eb - p).abs() > 1e-6);
        checked += 1;
    }
    assert_eq!(checked, 400);
    assert!(moved_towards_prior > 300, "{moved_towards_prior}");
}

/// The printed prior mean of the empirical Bayes line, as a proportion.
fn eb_prior_mean(text: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| l.contains("Empirical Bayes (beta-binomial"))
        .expect("EB line");
    let after = line.split("prior mean ").nth(1).unwrap();
    after
        .split(" %")
        .next()
        .unwrap()
        .trim()
        .parse::<f64>()
        .unwrap()
        / 100.0
}
