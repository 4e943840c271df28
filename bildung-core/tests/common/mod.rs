//! JSON helpers shared by the golden-case readers (`golden*.rs`): numbers may be the strings
//! `"nan"`, `"inf"`, `"-inf"` (tests/golden/README.md).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ndarray::{Array1, Array2};
use serde_json::Value;

/// A JSON number or one of the strings `"nan"`, `"inf"`, `"-inf"`.
pub fn number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "nan" => f64::NAN,
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => panic!("not a number: {other}"),
    }
}

/// A JSON array of numbers.
pub fn vector(v: &Value) -> Array1<f64> {
    v.as_array().expect("array").iter().map(number).collect()
}

/// A JSON array of numbers, or `null`.
pub fn optional_vector(v: &Value) -> Option<Array1<f64>> {
    if v.is_null() { None } else { Some(vector(v)) }
}

/// A JSON array of rows of numbers (a rectangular table).
pub fn matrix(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = v
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r.as_array().expect("row").iter().map(number).collect())
        .collect();
    let cols = rows.first().map_or(0, Vec::len);
    let flat: Vec<f64> = rows.iter().flatten().copied().collect();
    Array2::from_shape_vec((rows.len(), cols), flat).expect("rectangular table")
}

/// Compare `got` with `want` (a `null` anywhere in `want` = not checked): numbers within the
/// tolerance `(abs, rel)` (pass if either holds; `"nan"` matches only NaN), booleans and strings
/// equal, arrays element by element. Each difference is pushed to `failures` with its path.
pub fn compare(want: &Value, got: &Value, tol: (f64, f64), path: &str, failures: &mut Vec<String>) {
    let (abs, rel) = tol;
    match want {
        Value::Null => {}
        Value::Array(w) => match got.as_array() {
            Some(g) if g.len() == w.len() => {
                for (k, (wi, gi)) in w.iter().zip(g).enumerate() {
                    compare(wi, gi, tol, &format!("{path}[{k}]"), failures);
                }
            }
            _ => failures.push(format!("{path}: want {want}, got {got}")),
        },
        Value::Bool(_) => {
            if want != got {
                failures.push(format!("{path}: want {want}, got {got}"));
            }
        }
        Value::String(s) if s != "nan" && s != "inf" && s != "-inf" => {
            if want != got {
                failures.push(format!("{path}: want {want}, got {got}"));
            }
        }
        _ => {
            if !(got.is_number() || got.is_string()) {
                failures.push(format!("{path}: want {want}, got {got}"));
                return;
            }
            let (w, g) = (number(want), number(got));
            let ok = if w.is_nan() {
                g.is_nan()
            } else {
                let d = (w - g).abs();
                d <= abs || d <= rel * w.abs()
            };
            if !ok {
                failures.push(format!("{path}: want {w:e}, got {g:e}"));
            }
        }
    }
}

/// A tolerance `{"abs": a, "rel": r}` as `(a, r)` (either may be absent: 0).
pub fn tolerance(t: &Value) -> (f64, f64) {
    (
        t.get("abs").map_or(0.0, number),
        t.get("rel").map_or(0.0, number),
    )
}

/// Run every case of a golden file of schema 1 (`family`, `cases` with `id`, `expected` or
/// `expected_error` (+ `error_index`), `tolerance`, optional `field_tolerance`) through
/// `compute` and fail with the list of every mismatch.
pub fn run_cases(
    path: &str,
    family: &str,
    min_cases: usize,
    compute: impl Fn(&Value) -> Result<Value, bildung_core::Error>,
) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["family"], family);
    assert_eq!(doc["schema"], 1);
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= min_cases, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let id = c["id"].as_str().unwrap();
        let outcome = compute(c);
        if let Some(kind) = c.get("expected_error").and_then(Value::as_str) {
            match outcome {
                Err(e) => {
                    if e.kind().name() != kind {
                        failures.push(format!("{id}: want {kind}, got {e}"));
                    }
                    if let Some(k) = c["error_index"].as_u64()
                        && e.index() != Some(k as usize)
                    {
                        failures.push(format!("{id}: want index {k}, got {:?} ({e})", e.index()));
                    }
                }
                Ok(v) => failures.push(format!("{id}: want {kind}, got a result {v}")),
            }
            continue;
        }
        let tol = tolerance(&c["tolerance"]);
        match outcome {
            Ok(got) => {
                for (key, want) in c["expected"].as_object().unwrap() {
                    let t = c
                        .get("field_tolerance")
                        .and_then(|f| f.get(key))
                        .map_or(tol, tolerance);
                    if got.get(key).is_none() {
                        failures.push(format!("{id}.{key}: not produced by the reader"));
                        continue;
                    }
                    compare(want, &got[key], t, &format!("{id}.{key}"), &mut failures);
                }
            }
            Err(e) => failures.push(format!("{id}: unexpected error {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
