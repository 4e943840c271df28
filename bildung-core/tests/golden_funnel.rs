//! Golden cases shared with Python and C: `tests/golden/funnel.json` (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use bildung_core::funnel::{
    self, Adjustment, Funnel, FunnelLimits, FunnelMethod, FunnelOptions, Overdispersion,
};
use bildung_core::{Error, NanPolicy};
use common::{number, vector};
use ndarray::Array2;
use serde_json::{Value, json};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/funnel.json");

fn num(v: f64) -> Value {
    if v.is_nan() {
        json!("nan")
    } else if v.is_infinite() {
        json!(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(v)
    }
}

fn nums(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| num(x)).collect())
}

fn matrix(m: &Array2<f64>) -> Value {
    Value::Array(m.rows().into_iter().map(|r| nums(&r.to_vec())).collect())
}

fn levels(params: &Value) -> Vec<f64> {
    params["levels"]
        .as_array()
        .expect("levels")
        .iter()
        .map(number)
        .collect()
}

fn optional(v: &Value) -> Option<f64> {
    if v.is_null() { None } else { Some(number(v)) }
}

fn funnel_json(f: &Funnel) -> Value {
    let d = f.dispersion;
    let dv = |g: fn(&funnel::Dispersion) -> f64| num(d.as_ref().map_or(f64::NAN, g));
    json!({
        "theta0": num(f.theta0),
        "phi": dv(|d| d.phi),
        "chi2": dv(|d| d.chi2),
        "df": dv(|d| d.df as f64),
        "dispersion_p_value": dv(|d| d.p_value),
        "tau2": dv(|d| d.tau2),
        "winsor_lower": dv(|d| d.winsor_lower),
        "winsor_upper": dv(|d| d.winsor_upper),
        "adjustment_value": num(f.adjustment.value()),
        "proportion": nums(&f.proportion),
        "z": nums(&f.z),
        "z_adjusted": nums(&f.z_adjusted),
        "p_value": nums(&f.p_value),
        "lower": matrix(&f.lower),
        "upper": matrix(&f.upper),
        "lower_unclamped": matrix(&f.lower_unclamped),
        "upper_unclamped": matrix(&f.upper_unclamped),
        "class": f.class.iter().map(|c| c.code()).collect::<Vec<_>>(),
        "bh": f.bh.clone(),
        "status": f.status.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "n_used": f.n_used,
        "n_dropped": f.n_dropped,
        "n_empty": f.n_empty,
        "flags": f.flags.names(),
    })
}

fn limits_json(l: &FunnelLimits) -> Value {
    json!({
        "lower": matrix(&l.lower),
        "upper": matrix(&l.upper),
        "lower_unclamped": matrix(&l.lower_unclamped),
        "upper_unclamped": matrix(&l.upper_unclamped),
    })
}

fn compute(c: &Value) -> Result<Value, Error> {
    let p = &c["params"];
    match c["function"].as_str().unwrap() {
        "funnel" => {
            let x = vector(&c["events"]);
            let n = vector(&c["population"]);
            let options = FunnelOptions {
                target: optional(&p["target"]),
                levels: levels(p),
                method: FunnelMethod::from_name(p["method"].as_str().unwrap())?,
                overdispersion: Overdispersion::from_name(p["overdispersion"].as_str().unwrap())?,
                winsorize: number(&p["winsorize"]),
                fdr: optional(&p["fdr"]),
                nan: NanPolicy::from_name(p["nan_policy"].as_str().unwrap())?,
            };
            funnel::funnel(x.view(), n.view(), &options).map(|f| funnel_json(&f))
        }
        "funnel_limits" => {
            let n = vector(&c["n"]);
            let value = optional(&p["adjustment_value"]).unwrap_or(f64::NAN);
            let adjustment = match p["adjustment"].as_str().unwrap() {
                "none" => Adjustment::None,
                "multiplicative" => Adjustment::Multiplicative { phi: value },
                "additive" => Adjustment::Additive { tau2: value },
                other => panic!("unknown adjustment {other}"),
            };
            funnel::funnel_limits(
                number(&c["theta0"]),
                n.view(),
                &levels(p),
                FunnelMethod::from_name(p["method"].as_str().unwrap())?,
                adjustment,
            )
            .map(|l| limits_json(&l))
        }
        "benjamini_hochberg" => {
            let pv = vector(&c["p"]).to_vec();
            funnel::benjamini_hochberg(&pv, number(&p["fdr"])).map(|f| json!({ "flags": f }))
        }
        other => panic!("unknown function {other}"),
    }
}

#[test]
fn golden_funnel_cases() {
    common::run_cases(PATH, "funnel", 100, compute);
}
