//! Golden cases shared with Python and C: `tests/golden/inequality.json` (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use bildung_core::inequality::{self, GiniCorrection, QuantileRule, VarianceForm};
use bildung_core::{Error, NanPolicy};
use common::number;
use ndarray::Array1;
use serde_json::Value;

fn golden(name: &str) -> Value {
    let path = format!("{}/../tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"))
}

fn numbers(v: &Value) -> Option<Array1<f64>> {
    v.as_array().map(|a| a.iter().map(number).collect())
}

struct Case<'a> {
    id: &'a str,
    params: &'a Value,
}

impl Case<'_> {
    fn f(&self, key: &str, default: f64) -> f64 {
        self.params.get(key).map_or(default, number)
    }
    fn s<'b>(&'b self, key: &str, default: &'b str) -> &'b str {
        self.params
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(default)
    }
    fn rule(&self) -> QuantileRule {
        QuantileRule::from_name(self.s("rule", "linear")).unwrap()
    }
}

/// What a case computed: scalars by name.
type Outcome = Result<Vec<(&'static str, f64)>, Error>;

fn compute(case: &Case<'_>, function: &str, c: &Value) -> Outcome {
    let x = numbers(&c["x"]).unwrap_or_else(|| panic!("{}: no x", case.id));
    let w = numbers(c.get("weights").unwrap_or(&Value::Null));
    let g: Option<Array1<i64>> = c
        .get("groups")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_i64().unwrap()).collect());
    let xv = x.view();
    let wv = w.as_ref().map(|w| w.view());
    let nan = NanPolicy::from_name(case.s("nan_policy", "raise")).unwrap();
    let one = |r: Result<bildung_core::Estimate, Error>| r.map(|e| vec![("value", e.value)]);
    match function {
        "gini" => {
            let corr = GiniCorrection::from_name(case.s("correction", "none")).unwrap();
            one(inequality::gini(xv, wv, corr, nan))
        }
        "hoover" => one(inequality::hoover(xv, wv, nan)),
        "theil" => one(inequality::theil(xv, wv, nan)),
        "mean_log_deviation" => one(inequality::mean_log_deviation(xv, wv, nan)),
        "generalized_entropy" => one(inequality::generalized_entropy(
            xv,
            wv,
            case.f("alpha", f64::NAN),
            nan,
        )),
        "atkinson" => one(inequality::atkinson(
            xv,
            wv,
            case.f("epsilon", f64::NAN),
            nan,
        )),
        "coefficient_of_variation" => {
            let form = VarianceForm::from_name(case.s("form", "population")).unwrap();
            one(inequality::coefficient_of_variation(xv, wv, form, nan))
        }
        "palma" => one(inequality::palma(xv, wv, nan)),
        "s80_s20" => one(inequality::s80_s20(xv, wv, nan)),
        "quantile" => one(inequality::quantile(
            xv,
            wv,
            case.f("p", f64::NAN),
            case.rule(),
            nan,
        )),
        "percentile_ratio" => one(inequality::percentile_ratio(
            xv,
            wv,
            case.f("upper", 0.9),
            case.f("lower", 0.1),
            case.rule(),
            nan,
        )),
        "wolfson" => one(inequality::wolfson(xv, wv, case.rule(), nan)),
        "lorenz_curve" => inequality::lorenz_curve(xv, wv, nan).map(|curve| {
            let mut out = Vec::new();
            if let Some(pairs) = c["expected"].get("share_at").and_then(Value::as_array) {
                for pair in pairs {
                    out.push(("share_at", curve.share_at(number(&pair[0]))));
                }
            }
            for (i, p) in curve.population_share.iter().enumerate() {
                out.push(("population_share", *p));
                out.push(("value_share", curve.value_share[i]));
            }
            out
        }),
        "ge_decomposition" => {
            let g = g.unwrap_or_else(|| panic!("{}: no groups", case.id));
            inequality::ge_decomposition(xv, wv, g.view(), case.f("alpha", f64::NAN), nan).map(
                |d| {
                    vec![
                        ("total", d.total),
                        ("within", d.within),
                        ("between", d.between),
                    ]
                },
            )
        }
        "gini_decomposition" => {
            let g = g.unwrap_or_else(|| panic!("{}: no groups", case.id));
            inequality::gini_decomposition(xv, wv, g.view(), nan).map(|d| {
                vec![
                    ("total", d.total),
                    ("within", d.within),
                    ("between", d.between),
                    ("overlap", d.overlap),
                ]
            })
        }
        other => panic!("{}: unknown function {other}", case.id),
    }
}

fn close(actual: f64, expected: f64, tol: &Value) -> bool {
    if expected.is_nan() {
        return actual.is_nan();
    }
    let diff = (actual - expected).abs();
    let abs_ok = tol.get("abs").map(number).is_some_and(|a| diff <= a);
    let rel_ok = tol
        .get("rel")
        .map(number)
        .is_some_and(|r| diff <= r * expected.abs());
    abs_ok || rel_ok
}

/// Expected scalars of a case, in the order `compute` produces them.
fn expected(function: &str, e: &Value) -> Vec<(&'static str, f64)> {
    match function {
        "ge_decomposition" | "gini_decomposition" => {
            let mut v = Vec::new();
            for key in ["total", "within", "between", "overlap"] {
                if let Some(x) = e.get(key) {
                    v.push((key, number(x)));
                }
            }
            v
        }
        "lorenz_curve" => {
            let mut v = Vec::new();
            if let Some(pairs) = e.get("share_at").and_then(Value::as_array) {
                for pair in pairs {
                    v.push(("share_at", number(&pair[1])));
                }
            }
            if let (Some(p), Some(l)) = (e.get("population_share"), e.get("value_share")) {
                let (p, l) = (p.as_array().unwrap(), l.as_array().unwrap());
                for (pi, li) in p.iter().zip(l) {
                    v.push(("population_share", number(pi)));
                    v.push(("value_share", number(li)));
                }
            }
            v
        }
        _ => vec![("value", number(e))],
    }
}

#[test]
fn inequality_golden_cases() {
    let doc = golden("inequality.json");
    assert_eq!(doc["schema"], 1);
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "too few golden cases: {}", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let id = c["id"].as_str().expect("id");
        assert!(
            c.get("source").and_then(Value::as_str).is_some(),
            "{id}: no source"
        );
        let function = c["function"].as_str().expect("function");
        let case = Case {
            id,
            params: c.get("params").unwrap_or(&Value::Null),
        };
        let got = compute(&case, function, c);
        if let Some(kind) = c.get("expected_error").and_then(Value::as_str) {
            match got {
                Err(e) if e.kind().name() == kind => {}
                Err(e) => failures.push(format!("{id}: expected error {kind}, got {e}")),
                Ok(v) => failures.push(format!("{id}: expected error {kind}, got {v:?}")),
            }
            continue;
        }
        let tol = c
            .get("tolerance")
            .unwrap_or_else(|| panic!("{id}: no tolerance"));
        let want = expected(function, &c["expected"]);
        match got {
            Err(e) => failures.push(format!("{id}: unexpected error {e}")),
            Ok(mut got) => {
                if function == "lorenz_curve" && c["expected"].get("population_share").is_none() {
                    got.retain(|(k, _)| *k == "share_at");
                }
                if got.len() != want.len() {
                    failures.push(format!(
                        "{id}: {} values, expected {}",
                        got.len(),
                        want.len()
                    ));
                    continue;
                }
                for ((name, a), (_, e)) in got.iter().zip(&want) {
                    if !close(*a, *e, tol) {
                        failures.push(format!(
                            "{id}: {name} = {a}, expected {e} (tolerance {tol})"
                        ));
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
