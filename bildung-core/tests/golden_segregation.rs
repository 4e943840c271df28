//! Golden cases shared with Python and C: `tests/golden/segregation.json` (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{matrix, number, vector};
use std::collections::BTreeMap;

use bildung_core::segregation::{self as seg, LocalValues, NullIndex};
use bildung_core::{Error, Estimate, NanPolicy};
use ndarray::{Array1, Array2};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");

const TWO_GROUP: [&str; 16] = [
    "dissimilarity",
    "gini_segregation",
    "entropy_index",
    "isolation",
    "exposure",
    "correlation_ratio",
    "atkinson_segregation",
    "hutchens",
    "minmax",
    "density_corrected_dissimilarity",
    "concentration_profile",
    "expected_under_random_allocation",
    "carrington_troske",
    "winship_expected_dissimilarity",
    "bias_corrected_dissimilarity",
    "self_excluded_separation",
];

/// Columns of a CSV file (comma-separated, a header line, numeric cells).
fn csv_columns(spec: &Value) -> Vec<Array1<f64>> {
    let path = format!("{DIR}/{}", spec["path"].as_str().expect("path"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    spec["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            let name = c.as_str().expect("column name");
            let k = header
                .iter()
                .position(|h| *h == name)
                .unwrap_or_else(|| panic!("{path}: no column {name}"));
            rows.iter()
                .map(|r| r[k].trim().parse::<f64>().unwrap_or(f64::NAN))
                .collect()
        })
        .collect()
}

type Outcome = Result<BTreeMap<String, f64>, Error>;

fn scalar(r: Result<Estimate, Error>) -> Outcome {
    r.map(|e| BTreeMap::from([(String::new(), e.value)]))
}

fn local(r: Result<LocalValues, Error>) -> Outcome {
    r.map(|l| {
        l.values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("values[{i}]"), *v))
            .collect()
    })
}

fn fields(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
}

fn compute(c: &Value) -> Outcome {
    let function = c["function"].as_str().unwrap();
    let params = &c["params"];
    let nan = NanPolicy::from_name(
        params
            .get("nan_policy")
            .and_then(Value::as_str)
            .unwrap_or("raise"),
    )
    .unwrap();
    let normalized = params
        .get("normalized")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let from_file = c
        .get("counts_file")
        .filter(|v| !v.is_null())
        .map(csv_columns);
    if TWO_GROUP.contains(&function) {
        let (x, t) = match &from_file {
            Some(cols) => (cols[0].clone(), cols[1].clone()),
            None => (vector(&c["x"]), vector(&c["t"])),
        };
        let (x, t) = (x.view(), t.view());
        return match function {
            "dissimilarity" => scalar(seg::dissimilarity(x, t, nan)),
            "gini_segregation" => scalar(seg::gini_segregation(x, t, nan)),
            "entropy_index" => scalar(seg::entropy_index(x, t, nan)),
            "isolation" => scalar(seg::isolation(x, t, nan)),
            "exposure" => scalar(seg::exposure(x, t, nan)),
            "correlation_ratio" => scalar(seg::correlation_ratio(x, t, nan)),
            "atkinson_segregation" => {
                scalar(seg::atkinson_segregation(x, t, number(&params["b"]), nan))
            }
            "hutchens" => scalar(seg::hutchens(x, t, nan)),
            "minmax" => scalar(seg::minmax(x, t, nan)),
            "density_corrected_dissimilarity" => {
                scalar(seg::density_corrected_dissimilarity(x, t, nan))
            }
            "self_excluded_separation" => scalar(seg::self_excluded_separation(x, t, nan)),
            "carrington_troske" => scalar(
                NullIndex::from_name(params["index"].as_str().unwrap())
                    .and_then(|index| seg::carrington_troske(x, t, index, nan)),
            ),
            "concentration_profile" => {
                let points = params.get("points").and_then(Value::as_u64).unwrap_or(1000) as usize;
                seg::concentration_profile(x, t, points, nan).map(|p| fields(&[("", p.value)]))
            }
            "expected_under_random_allocation" => seg::expected_under_random_allocation(x, t, nan)
                .map(|e| {
                    fields(&[
                        ("dissimilarity", e.dissimilarity),
                        ("entropy_index", e.entropy_index),
                        ("correlation_ratio", e.correlation_ratio),
                        ("isolation", e.isolation),
                    ])
                }),
            "winship_expected_dissimilarity" => {
                seg::winship_expected_dissimilarity(x, t, nan).map(|w| {
                    fields(&[
                        ("exact", w.exact),
                        ("normal_approximation", w.normal_approximation),
                    ])
                })
            }
            "bias_corrected_dissimilarity" => {
                seg::bias_corrected_dissimilarity(x, t, nan).map(|b| {
                    fields(&[
                        ("value", b.value),
                        ("observed", b.observed),
                        ("expected_bootstrap", b.expected_bootstrap),
                    ])
                })
            }
            other => panic!("unknown two-group function {other}"),
        };
    }
    let counts = match &from_file {
        Some(cols) => {
            let (rows, ncols) = (cols[0].len(), cols.len());
            Array2::from_shape_fn((rows, ncols), |(i, j)| cols[j][i])
        }
        None => matrix(&c["counts"]),
    };
    let m = counts.view();
    match function {
        "multi_dissimilarity" => scalar(seg::multi_dissimilarity(m, nan)),
        "multi_gini" => scalar(seg::multi_gini(m, nan)),
        "mutual_information" => scalar(seg::mutual_information(m, nan)),
        "multi_information_theory" => scalar(seg::multi_information_theory(m, nan)),
        "normalized_exposure" => scalar(seg::normalized_exposure(m, nan)),
        "relative_diversity" => scalar(seg::relative_diversity(m, nan)),
        "squared_coefficient_of_variation" => scalar(seg::squared_coefficient_of_variation(m, nan)),
        "divergence" => scalar(seg::divergence(m, nan)),
        "shannon_diversity" => scalar(seg::shannon_diversity(m, normalized, nan)),
        "simpson_interaction" => scalar(seg::simpson_interaction(m, normalized, nan)),
        "simpson_concentration" => scalar(seg::simpson_concentration(m, nan)),
        "rank_order_information_theory" => {
            seg::rank_order_information_theory(m, nan).map(|r| fields(&[("", r.value)]))
        }
        "rank_order_variance_ratio" => {
            seg::rank_order_variance_ratio(m, nan).map(|r| fields(&[("", r.value)]))
        }
        "local_entropy" => local(seg::local_entropy(m, normalized, nan)),
        "local_simpson_interaction" => local(seg::local_simpson_interaction(m, nan)),
        "local_simpson_concentration" => local(seg::local_simpson_concentration(m, nan)),
        "local_mutual_information" => local(seg::local_mutual_information(m, nan)),
        "location_quotient" => seg::location_quotient(m, nan).map(|l| {
            l.values
                .indexed_iter()
                .map(|((i, j), v)| (format!("values[{i}][{j}]"), *v))
                .collect()
        }),
        "mutual_information_decomposition" => {
            let districts: Array1<i64> = c["districts"]
                .as_array()
                .expect("districts")
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            seg::mutual_information_decomposition(m, districts.view(), nan).map(|d| {
                fields(&[
                    ("m_total", d.m_total),
                    ("m_between", d.m_between),
                    ("m_within", d.m_within),
                    ("h_total", d.h_total),
                    ("h_between", d.h_between),
                    ("h_within", d.h_within),
                ])
            })
        }
        other => panic!("unknown function {other}"),
    }
}

/// Expected values flattened to the same keys as `compute`.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, f64>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), number(other));
        }
    }
}

fn close(actual: f64, expected: f64, tol: &Value) -> bool {
    if expected.is_nan() {
        return actual.is_nan();
    }
    let diff = (actual - expected).abs();
    tol.get("abs").map(number).is_some_and(|a| diff <= a)
        || tol
            .get("rel")
            .map(number)
            .is_some_and(|r| diff <= r * expected.abs())
}

#[test]
fn segregation_golden_cases() {
    let text =
        std::fs::read_to_string(format!("{DIR}/segregation.json")).expect("segregation.json");
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["schema"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 100, "too few golden cases: {}", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let id = c["id"].as_str().expect("id");
        assert!(
            c.get("source").and_then(Value::as_str).is_some(),
            "{id}: no source"
        );
        let got = compute(c);
        if let Some(kind) = c.get("expected_error").and_then(Value::as_str) {
            match got {
                Err(e) if e.kind().name() == kind => {}
                Err(e) => failures.push(format!("{id}: expected error {kind}, got {e}")),
                Ok(v) => failures.push(format!("{id}: expected error {kind}, got {v:?}")),
            }
            continue;
        }
        let mut want = BTreeMap::new();
        flatten("", &c["expected"], &mut want);
        let tol = &c["tolerance"];
        match got {
            Err(e) => failures.push(format!("{id}: unexpected error {e}")),
            Ok(got) => {
                for (key, e) in &want {
                    match got.get(key) {
                        Some(a) if close(*a, *e, tol) => {}
                        Some(a) => failures
                            .push(format!("{id}: {key} = {a}, expected {e} (tolerance {tol})")),
                        None => failures.push(format!("{id}: no value {key:?} computed")),
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
