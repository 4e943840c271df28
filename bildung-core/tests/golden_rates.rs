//! Golden cases shared with Python and C: `tests/golden/rates.json` (README section "Rates").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{matrix, number, optional_vector, vector};
use std::collections::BTreeMap;

use bildung_core::rates::{
    self, DirectParams, DsrMethod, IndirectParams, PoissonMethod, ProportionMethod,
};
use bildung_core::{AreaStatus, Error, NanPolicy};

use serde_json::Value;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/rates.json");

/// A computed result as named columns: numbers, booleans, statuses, scalars.
#[derive(Default)]
struct Columns {
    numbers: BTreeMap<&'static str, Vec<f64>>,
    flags: BTreeMap<&'static str, Vec<bool>>,
    status: Vec<AreaStatus>,
    scalars: BTreeMap<&'static str, f64>,
}

fn run(case: &Value) -> Result<Columns, Error> {
    let f = case["function"].as_str().unwrap();
    let inputs = &case["inputs"];
    let params = &case["params"];
    let nan = NanPolicy::from_name(params["nan_policy"].as_str().unwrap_or("raise"))?;
    let level = params["level"].as_f64().unwrap_or(0.95);
    let multiplier = params["multiplier"].as_f64().unwrap_or(1.0);
    let method = params["method"].as_str();
    let mut c = Columns::default();
    let intervals = |r: rates::Intervals, c: &mut Columns| {
        c.numbers.insert("estimate", r.estimate);
        c.numbers.insert("lower", r.lower);
        c.numbers.insert("upper", r.upper);
        c.flags.insert("clamped", r.clamped);
        c.status = r.status;
    };
    match f {
        "proportion_ci" => {
            let m = ProportionMethod::from_name(method.unwrap_or("wilson"))?;
            let (x, n) = (vector(&inputs["events"]), vector(&inputs["population"]));
            intervals(
                rates::proportion_ci(x.view(), n.view(), m, level, nan)?,
                &mut c,
            );
        }
        "poisson_ci" => {
            let m = PoissonMethod::from_name(method.unwrap_or("exact"))?;
            let x = vector(&inputs["events"]);
            let e = optional_vector(&inputs["exposure"]);
            let r = rates::poisson_ci(
                x.view(),
                e.as_ref().map(|e| e.view()),
                m,
                level,
                multiplier,
                nan,
            )?;
            intervals(r, &mut c);
        }
        "proportion_difference_ci" => {
            let v = |k: &str| vector(&inputs[k]);
            let (x1, n1, x2, n2) = (
                v("events1"),
                v("population1"),
                v("events2"),
                v("population2"),
            );
            let r = rates::proportion_difference_ci(
                x1.view(),
                n1.view(),
                x2.view(),
                n2.view(),
                level,
                nan,
            )?;
            intervals(r, &mut c);
        }
        "proportion_difference_versus_rest" => {
            let (x, n) = (vector(&inputs["events"]), vector(&inputs["population"]));
            let r = rates::proportion_difference_versus_rest(x.view(), n.view(), level, nan)?;
            intervals(r, &mut c);
        }
        "direct_standardised_rate" => {
            let p = DirectParams {
                method: DsrMethod::from_name(method.unwrap_or("dobson"))?,
                level,
                multiplier,
                min_events: params["min_events"].as_f64().unwrap_or(10.0),
            };
            let (x, n) = (matrix(&inputs["events"]), matrix(&inputs["population"]));
            let w = vector(&inputs["standard_population"]);
            let r = rates::direct_standardised_rate(x.view(), n.view(), w.view(), &p, nan)?;
            c.numbers.insert("estimate", r.estimate);
            c.numbers.insert("lower", r.lower);
            c.numbers.insert("upper", r.upper);
            c.numbers.insert("standard_error", r.standard_error);
            c.numbers.insert("crude_rate", r.crude_rate);
            c.numbers.insert("observed", r.observed);
            c.flags.insert("few_events", r.few_events);
            c.status = r.status;
        }
        "indirect_standardised_ratio" => {
            let p = IndirectParams {
                method: PoissonMethod::from_name(method.unwrap_or("exact"))?,
                level,
                multiplier,
            };
            let (x, n) = (matrix(&inputs["events"]), matrix(&inputs["population"]));
            let rates_ = vector(&inputs["reference_rates"]);
            let pop = optional_vector(&inputs["reference_population"]);
            let r = rates::indirect_standardised_ratio(
                x.view(),
                n.view(),
                rates_.view(),
                pop.as_ref().map(|p| p.view()),
                &p,
                nan,
            )?;
            c.numbers.insert("smr", r.smr);
            c.numbers.insert("lower", r.lower);
            c.numbers.insert("upper", r.upper);
            c.numbers.insert("observed", r.observed);
            c.numbers.insert("expected", r.expected);
            c.flags.insert("clamped", r.clamped);
            c.status = r.status;
            if let Some(isr) = r.isr {
                c.scalars
                    .insert("reference_crude_rate", isr.reference_crude_rate);
                c.numbers.insert("isr", isr.estimate);
                c.numbers.insert("isr_lower", isr.lower);
                c.numbers.insert("isr_upper", isr.upper);
            }
        }
        other => panic!("unknown function {other}"),
    }
    Ok(c)
}

fn close(got: f64, want: f64, tol: &Value) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    let d = (got - want).abs();
    let abs_ok = tol["abs"].as_f64().is_some_and(|a| d <= a);
    let rel_ok = tol["rel"].as_f64().is_some_and(|r| d <= r * want.abs());
    abs_ok || rel_ok
}

/// Compare one case; returns the failure messages.
fn check(case: &Value) -> Vec<String> {
    let id = case["id"].as_str().unwrap();
    let result = run(case);
    if let Some(kind) = case.get("expected_error") {
        return match result {
            Err(e) if e.kind().name() == kind.as_str().unwrap() => vec![],
            Err(e) => vec![format!("{id}: error {} ({e}), expected {kind}", e.kind())],
            Ok(_) => vec![format!("{id}: no error, expected {kind}")],
        };
    }
    let c = match result {
        Ok(c) => c,
        Err(e) => return vec![format!("{id}: unexpected error {e}")],
    };
    let tol = &case["tolerance"];
    let mut failures = vec![];
    for (key, want) in case["expected"].as_object().unwrap() {
        let key = key.as_str();
        if key == "status" {
            let got: Vec<&str> = c.status.iter().map(|s| s.name()).collect();
            let want: Vec<&str> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            if got != want {
                failures.push(format!("{id}: status {got:?}, expected {want:?}"));
            }
        } else if let Some(got) = c.flags.get(key) {
            let want: Vec<bool> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_bool().unwrap())
                .collect();
            if *got != want {
                failures.push(format!("{id}: {key} {got:?}, expected {want:?}"));
            }
        } else if let Some(got) = c.numbers.get(key) {
            let want = vector(want);
            if got.len() != want.len() {
                failures.push(format!(
                    "{id}: {key} has {} entries, expected {}",
                    got.len(),
                    want.len()
                ));
                continue;
            }
            for (i, (&g, &w)) in got.iter().zip(want.iter()).enumerate() {
                if !close(g, w, tol) {
                    failures.push(format!("{id}: {key}[{i}] = {g:e}, expected {w:e} ({tol})"));
                }
            }
        } else if let Some(&got) = c.scalars.get(key) {
            let w = number(want);
            if !close(got, w, tol) {
                failures.push(format!("{id}: {key} = {got:e}, expected {w:e}"));
            }
        } else {
            failures.push(format!("{id}: the result has no field `{key}`"));
        }
    }
    failures
}

#[test]
fn golden_rates_cases() {
    let text = std::fs::read_to_string(PATH).expect("tests/golden/rates.json");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["family"], "rates");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 70, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().flat_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
