//! Golden cases shared with Python and C: `tests/golden/indicators.json` (README section
//! "Indicators").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bildung_core::indicators::{
    Catalogue, IndicatorResults, Request, Symbol, TableBuilder, TableKind, Tables, cohort, compute,
};
use bildung_core::{Error, Flags, Result};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/golden/indicators.json"
    );
    let text = std::fs::read_to_string(path).expect("tests/golden/indicators.json must exist");
    serde_json::from_str(&text).unwrap()
}

fn opt_f64(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// Build catalogue, tables and request of an engine case; run it.
fn run(case: &Value) -> Result<IndicatorResults> {
    let mut cat = if case["builtin"].as_bool().unwrap_or(false) {
        Catalogue::builtin()?
    } else {
        Catalogue::new()
    };
    if let Some(t) = case["definitions_toml"].as_str() {
        cat.add_toml(t)?;
    }
    let mut tables = Tables::new();
    for (kind, t) in case["tables"].as_object().unwrap() {
        let mut b = TableBuilder::new(TableKind::from_name(kind).unwrap());
        for (name, col) in t["columns"].as_object().unwrap() {
            let a = col.as_array().unwrap();
            if a.first().is_some_and(Value::is_string) {
                b = b.text(name, a.iter().map(|x| x.as_str().unwrap().to_owned()));
            } else {
                b = b.int(name, a.iter().map(|x| x.as_i64().unwrap()));
            }
        }
        b = b.counts(t["count"].as_array().unwrap().iter().map(opt_f64));
        if let Some(s) = t["symbol"].as_array() {
            b = b.symbols(
                s.iter()
                    .map(|x| x.as_str().map(|s| Symbol::from_text(s).unwrap()))
                    .collect(),
            );
        }
        tables.add(b)?;
    }
    if let Some(u) = case.get("units") {
        tables.set_units(strings(u))?;
    }
    let r = &case["request"];
    let req = Request {
        indicators: strings(&r["indicators"]),
        by: strings(&r["by"]),
        periods: r["periods"]
            .as_array()
            .map(|a| a.iter().map(|x| x.as_i64().unwrap()).collect()),
    };
    compute(&cat, &tables, &req)
}

fn close(got: f64, want: &Value, tol: f64) -> bool {
    match want.as_f64() {
        None => got.is_nan(),
        Some(w) => (got - w).abs() <= tol * w.abs().max(1.0),
    }
}

fn check_engine(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let tol = case["tolerance"].as_f64().unwrap_or(1e-9);
    let got = run(case);
    if let Some(err) = case.get("error") {
        let e: Error = match got {
            Ok(_) => panic!("{name}: expected an error"),
            Err(e) => e,
        };
        assert_eq!(
            e.kind().name(),
            err["kind"].as_str().unwrap(),
            "{name}: {e}"
        );
        for w in strings(&err["contains"]) {
            assert!(e.to_string().contains(&w), "{name}: `{e}` lacks `{w}`");
        }
        return;
    }
    let r = got.unwrap_or_else(|e| panic!("{name}: {e}"));
    if let Some(n) = case["n_records"].as_u64() {
        assert_eq!(r.len() as u64, n, "{name}: number of records");
    }
    for x in case["expected"].as_array().unwrap() {
        let by = strings(&x["by"]);
        let by: Vec<&str> = by.iter().map(String::as_str).collect();
        let i = r
            .find(
                x["indicator"].as_str().unwrap(),
                x["unit"].as_str().unwrap(),
                x["period"].as_i64().unwrap(),
                &by,
                x["category"].as_str().unwrap(),
            )
            .unwrap_or_else(|| panic!("{name}: no record for {x}"));
        let what = format!("{name}: {x}");
        assert_eq!(r.status[i].name(), x["status"].as_str().unwrap(), "{what}");
        assert!(
            close(r.value[i], &x["value"], tol),
            "{what}: value {}",
            r.value[i]
        );
        for (key, got) in [
            ("numerator", r.numerator[i]),
            ("denominator", r.denominator[i]),
            ("se", r.se[i]),
        ] {
            if let Some(w) = x.get(key) {
                assert!(close(got, w, tol), "{what}: {key} {got}");
            }
        }
        if let Some(f) = x.get("flags") {
            assert_eq!(r.flags_of(i).names(), strings(f), "{what}");
        }
        if let Some(s) = x.get("symbol") {
            assert_eq!(r.symbol_of(i).map(|s| s.as_str()), s.as_str(), "{what}");
        }
    }
}

fn check_function(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let tol = case["tolerance"].as_f64().unwrap_or(1e-9);
    let nums = |k: &str| -> Vec<f64> { case[k].as_array().unwrap().iter().map(opt_f64).collect() };
    let got = match case["function"].as_str().unwrap() {
        "quota_sum" => cohort::quota_sum(&nums("events"), &nums("population")),
        "mean_cohort" => cohort::mean_cohort(opt_f64(&case["events"]), &nums("band_population")),
        f => panic!("{name}: unknown function {f}"),
    };
    if let Some(err) = case.get("error") {
        let e = got.expect_err(name);
        assert_eq!(e.kind().name(), err["kind"].as_str().unwrap(), "{name}");
        return;
    }
    let q = got.unwrap();
    let x = &case["expected"];
    assert_eq!(q.status.name(), x["status"].as_str().unwrap(), "{name}");
    assert!(close(q.value, &x["value"], tol), "{name}: {}", q.value);
    if let Some(se) = x.get("se") {
        assert!(close(q.se, se, tol), "{name}: se {}", q.se);
    }
    if let Some(f) = x.get("flags") {
        assert_eq!(Flags::names(q.flags), strings(f), "{name}");
    }
}

#[test]
fn golden_indicator_cases() {
    let doc = load();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        if case.get("function").is_some() {
            check_function(case);
        } else {
            check_engine(case);
        }
    }
}
