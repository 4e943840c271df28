//! Golden cases shared with Python and C: `tests/golden/smallarea.json` (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{matrix, number, vector};
use std::collections::BTreeMap;

use bildung_core::smallarea::{
    self as sa, BetaBinomialMethod, BetaBinomialParams, FayHerriotMethod, FayHerriotParams,
};
use bildung_core::{AreaStatus, Error, Flags, NanPolicy};

use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");

/// Everything a result can be compared on: numbers (scalars and arrays by index), strings
/// (status per area, flags as one sorted list), counts.
#[derive(Default)]
struct Outcome {
    numbers: BTreeMap<String, Vec<f64>>,
    status: Vec<&'static str>,
    flags: Vec<&'static str>,
    counts: BTreeMap<&'static str, usize>,
}

impl Outcome {
    fn num(&mut self, k: &str, v: &[f64]) {
        self.numbers.insert(k.to_string(), v.to_vec());
    }
}

fn names(status: &[AreaStatus]) -> Vec<&'static str> {
    status.iter().map(|s| s.name()).collect()
}

fn flags(f: Flags) -> Vec<&'static str> {
    f.names()
}

fn compute(c: &Value) -> Result<Outcome, Error> {
    let params = &c["params"];
    let nan = NanPolicy::from_name(
        params
            .get("nan_policy")
            .and_then(Value::as_str)
            .unwrap_or("raise"),
    )
    .unwrap();
    let method = params.get("method").and_then(Value::as_str);
    let mut o = Outcome::default();
    match c["function"].as_str().unwrap() {
        "marshall_eb" => {
            let (x, n) = (vector(&c["events"]), vector(&c["population"]));
            let r = if c["neighbours"].is_null() {
                sa::marshall_global(x.view(), n.view(), nan)?
            } else {
                let nb: Vec<Vec<usize>> = c["neighbours"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| {
                        l.as_array()
                            .unwrap()
                            .iter()
                            .map(|j| j.as_u64().unwrap() as usize)
                            .collect()
                    })
                    .collect();
                sa::marshall_local(x.view(), n.view(), &nb, nan)?
            };
            o.num("estimate", &r.estimate);
            o.num("rate", &r.rate);
            o.num("shrinkage", &r.shrinkage);
            o.num("prior_mean", &r.prior_mean);
            o.num("prior_variance", &r.prior_variance);
            o.num("pooled_rate", &[r.pooled_rate]);
            o.num("between_variance", &[r.between_variance]);
            o.status = names(&r.status);
            o.flags = flags(r.flags);
            o.counts = BTreeMap::from([
                ("n_used", r.n_used),
                ("n_dropped", r.n_dropped),
                ("n_empty", r.n_empty),
            ]);
        }
        "beta_binomial_eb" => {
            let (x, n) = (vector(&c["events"]), vector(&c["population"]));
            let mut p = BetaBinomialParams::default();
            if let Some(m) = method {
                p.method = BetaBinomialMethod::from_name(m)?;
            }
            if let Some(l) = params.get("level") {
                p.level = number(l);
            }
            let r = sa::beta_binomial_eb(x.view(), n.view(), &p, nan)?;
            o.num("estimate", &r.estimate);
            o.num("lower", &r.lower);
            o.num("upper", &r.upper);
            o.num("rate", &r.rate);
            o.num("shrinkage", &r.shrinkage);
            for (k, v) in [
                ("alpha", r.alpha),
                ("beta", r.beta),
                ("rho", r.rho),
                ("prior_mean", r.prior_mean),
                ("log_likelihood", r.log_likelihood),
            ] {
                o.num(k, &[v]);
            }
            o.status = names(&r.status);
            o.flags = flags(r.flags);
            o.counts = BTreeMap::from([
                ("n_used", r.n_used),
                ("n_dropped", r.n_dropped),
                ("n_empty", r.n_empty),
            ]);
        }
        "fay_herriot" => {
            let (y, psi) = (vector(&c["direct"]), vector(&c["variance"]));
            let x = (!c["covariates"].is_null()).then(|| matrix(&c["covariates"]));
            let mut p = FayHerriotParams::default();
            if let Some(m) = method {
                p.method = FayHerriotMethod::from_name(m)?;
            }
            if let Some(i) = params.get("intercept") {
                p.intercept = i.as_bool().unwrap();
            }
            if let Some(m) = params.get("max_iter") {
                p.max_iter = m.as_u64().unwrap() as usize;
            }
            if let Some(t) = params.get("tolerance") {
                p.tolerance = number(t);
            }
            let r = sa::fay_herriot(y.view(), psi.view(), x.as_ref().map(|x| x.view()), &p)?;
            for (k, v) in [
                ("estimate", &r.estimate),
                ("mse", &r.mse),
                ("gamma", &r.gamma),
                ("synthetic", &r.synthetic),
                ("g1", &r.g1),
                ("g2", &r.g2),
                ("g3", &r.g3),
                ("beta", &r.beta),
                ("beta_se", &r.beta_se),
            ] {
                o.num(k, v);
            }
            for (k, v) in [
                ("variance_component", r.variance_component),
                ("variance_component_se", r.variance_component_se),
                ("log_likelihood", r.log_likelihood),
                ("restricted_log_likelihood", r.restricted_log_likelihood),
            ] {
                o.num(k, &[v]);
            }
            o.status = names(&r.status);
            o.flags = flags(r.flags);
            o.counts = BTreeMap::from([("n_used", r.n_used), ("n_empty", r.n_empty)]);
        }
        other => panic!("unknown function {other}"),
    }
    Ok(o)
}

fn close(actual: f64, expected: f64, tol: &Value) -> bool {
    if expected.is_nan() {
        return actual.is_nan();
    }
    if expected.is_infinite() || actual.is_nan() {
        return actual == expected;
    }
    let diff = (actual - expected).abs();
    let abs = tol.get("abs").map(number).is_some_and(|a| diff <= a);
    let rel = tol
        .get("rel")
        .map(number)
        .is_some_and(|r| diff <= r * expected.abs());
    abs || rel || diff == 0.0
}

/// Compare one case; returns the failures.
fn check(c: &Value) -> Vec<String> {
    let id = c["id"].as_str().unwrap();
    let got = compute(c);
    if let Some(kind) = c.get("expected_error").and_then(Value::as_str) {
        return match got {
            Err(e) if e.kind().name() == kind => vec![],
            Err(e) => vec![format!("{id}: expected {kind}, got {:?}: {e}", e.kind())],
            Ok(_) => vec![format!("{id}: expected {kind}, got a value")],
        };
    }
    let o = match got {
        Ok(o) => o,
        Err(e) => return vec![format!("{id}: unexpected error {e}")],
    };
    let mut failures = Vec::new();
    for (key, exp) in c["expected"].as_object().unwrap() {
        let tol = c
            .get("field_tolerance")
            .and_then(|f| f.get(key))
            .unwrap_or(&c["tolerance"]);
        match key.as_str() {
            "status" => {
                let want: Vec<&str> = exp
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect();
                if want != o.status {
                    failures.push(format!("{id}: status {:?} != {want:?}", o.status));
                }
            }
            "flags" => {
                let mut want: Vec<&str> = exp
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect();
                let mut have = o.flags.clone();
                want.sort_unstable();
                have.sort_unstable();
                if want != have {
                    failures.push(format!("{id}: flags {have:?} != {want:?}"));
                }
            }
            k if o.counts.contains_key(k) => {
                if exp.as_u64() != Some(o.counts[k] as u64) {
                    failures.push(format!("{id}: {k} = {} != {exp}", o.counts[k]));
                }
            }
            k => {
                let Some(values) = o.numbers.get(k) else {
                    failures.push(format!("{id}: no field {k}"));
                    continue;
                };
                let pairs: Vec<(usize, f64)> = match exp {
                    Value::Array(a) => {
                        if a.len() != values.len() {
                            failures.push(format!(
                                "{id}: {k} has {} values, expected {}",
                                values.len(),
                                a.len()
                            ));
                            continue;
                        }
                        a.iter().map(number).enumerate().collect()
                    }
                    Value::Object(m) => m
                        .iter()
                        .map(|(i, v)| (i.parse::<usize>().unwrap(), number(v)))
                        .collect(),
                    scalar => vec![(0, number(scalar))],
                };
                for (i, want) in pairs {
                    let have = values.get(i).copied().unwrap_or(f64::NAN);
                    if !close(have, want, tol) {
                        failures.push(format!("{id}: {k}[{i}] = {have:e}, expected {want:e}"));
                    }
                }
            }
        }
    }
    failures
}

#[test]
fn golden_smallarea() {
    let path = format!("{DIR}/smallarea.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["family"], "smallarea");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "too few cases: {}", cases.len());
    let failures: Vec<String> = cases.iter().flat_map(check).collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
