//! Golden cases shared with Python and C: `tests/golden/index.json` (see its README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use bildung_core::index::{
    self, Aggregation, Classes, Reference, Scheme, Side, StatusDynamicsOptions, Threshold,
    Weighting, ZOptions, ZScores,
};
use bildung_core::inequality::VarianceForm;
use bildung_core::{Error, NanPolicy};
use common::{matrix, number, optional_vector};
use ndarray::{Array1, Array2};
use serde_json::{Value, json};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/index.json");

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

fn table(m: &Array2<f64>) -> Value {
    Value::Array(m.rows().into_iter().map(|r| nums(&r.to_vec())).collect())
}

fn names<T>(v: &[T], f: impl Fn(&T) -> &'static str) -> Value {
    Value::Array(v.iter().map(|s| json!(f(s))).collect())
}

/// A table input: `[]` is a table without rows.
fn table_input(v: &Value) -> Array2<f64> {
    if v.as_array().is_some_and(Vec::is_empty) {
        return Array2::zeros((0, 0));
    }
    matrix(v)
}

fn bools(v: &Value) -> Option<Array1<bool>> {
    v.as_array()
        .map(|a| a.iter().map(|b| b.as_bool().unwrap()).collect())
}

fn nan_policy(p: &Value) -> NanPolicy {
    NanPolicy::from_name(p["nan_policy"].as_str().unwrap_or("raise")).unwrap()
}

fn form(p: &Value) -> VarianceForm {
    match p["ddof"].as_u64().unwrap_or(1) {
        0 => VarianceForm::Population,
        _ => VarianceForm::Sample,
    }
}

fn floats(v: &Value) -> Option<Vec<f64>> {
    v.as_array().map(|a| a.iter().map(number).collect())
}

fn z_options(p: &Value) -> ZOptions {
    ZOptions {
        form: form(p),
        polarity: floats(&p["polarity"]),
        winsorize: p["winsorize"].as_f64(),
        centre: p["centre"].as_bool().unwrap_or(true),
        nan: nan_policy(p),
    }
}

/// The scheme of a case: `scheme` names a preset, else `thresholds`, `boundary`, `labels`.
fn scheme(p: &Value, key: &str) -> Result<Scheme, Error> {
    match p[key].as_str() {
        Some("mss_status") => return Ok(Scheme::mss_status()),
        Some("mss_dynamics") => return Ok(Scheme::mss_dynamics()),
        Some(other) => panic!("unknown scheme {other}"),
        None => {}
    }
    let values = floats(&p["thresholds"]).unwrap();
    let sides: Vec<Side> = match &p["boundary"] {
        Value::Array(a) => a
            .iter()
            .map(|s| Side::from_name(s.as_str().unwrap()))
            .collect::<Result<_, _>>()?,
        Value::String(s) => vec![Side::from_name(s)?; values.len()],
        _ => vec![Side::Lower; values.len()],
    };
    let thresholds = values
        .iter()
        .zip(sides)
        .map(|(&value, side)| Threshold { value, side })
        .collect();
    Scheme::new(thresholds, labels(p))
}

fn labels(p: &Value) -> Option<Vec<String>> {
    p["labels"]
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
}

fn z_json(z: &ZScores) -> Value {
    json!({
        "values": table(&z.values),
        "mean": nums(&z.mean),
        "sd": nums(&z.sd),
        "n_reference": z.n_reference,
        "n_winsorised": z.n_winsorised,
        "in_reference": z.in_reference,
        "status": names(&z.status, |s| s.name()),
        "n_used": z.n_used,
        "n_dropped": z.n_dropped,
    })
}

fn classes_json(c: &Classes) -> Value {
    json!({
        "code": c.code,
        "counts": c.counts,
        "labels": c.labels,
        "thresholds": nums(&c.thresholds.iter().map(|t| t.value).collect::<Vec<_>>()),
        "status": names(&c.status, |s| s.name()),
    })
}

fn compute(c: &Value) -> Result<Value, Error> {
    let p = &c["params"];
    let i = &c["inputs"];
    let population = optional_vector(&i["population"]);
    let include = bools(&i["reference"]);
    let mut reference = Reference::all().weighted(p["weighted"].as_bool().unwrap_or(false));
    if let Some(pop) = &population {
        reference = reference.population(pop.view());
    }
    if let Some(inc) = &include {
        reference = reference.include(inc.view());
    }
    if let Some(m) = p["min_population"].as_f64() {
        reference = reference.min_population(m);
    }
    let nan = nan_policy(p);
    match c["function"].as_str().unwrap() {
        "zscore" => {
            let x = table_input(&i["x"]);
            index::zscore(x.view(), &reference, &z_options(p)).map(|z| z_json(&z))
        }
        "restandardise" => {
            let v = common::vector(&i["values"]);
            index::restandardise(v.view(), &reference, &z_options(p)).map(|z| {
                json!({
                    "values": nums(&z.column(0).to_vec()),
                    "mean": num(z.mean[0]),
                    "sd": num(z.sd[0]),
                    "n_reference": z.n_reference[0],
                })
            })
        }
        "min_max" => {
            let x = table_input(&i["x"]);
            let pol = floats(&p["polarity"]);
            index::min_max(x.view(), &reference, pol.as_deref(), nan).map(|m| {
                json!({"values": table(&m.values), "min": nums(&m.min), "max": nums(&m.max),
                       "n_reference": m.n_reference})
            })
        }
        "percentile_rank" => {
            let x = table_input(&i["x"]);
            let pol = floats(&p["polarity"]);
            index::percentile_rank(x.view(), &reference, pol.as_deref(), nan)
                .map(|r| json!({"rank": table(&r.rank), "percentile": table(&r.percentile)}))
        }
        "weighted_sum" => {
            let x = table_input(&i["x"]);
            let weighting = match &p["weights"] {
                Value::String(s) => Weighting::from_name(s)?,
                Value::Array(_) => Weighting::User(floats(&p["weights"]).unwrap()),
                _ => Weighting::Equal,
            };
            let method = Aggregation::from_name(p["method"].as_str().unwrap_or("linear"))?;
            index::weighted_sum(x.view(), &weighting, method, nan).map(|s| {
                json!({"values": nums(&s.values), "weights": nums(&s.weights),
                       "status": names(&s.status, |s| s.name())})
            })
        }
        "pca_weights" => {
            let x = table_input(&i["x"]);
            let mut o = index::PcaOptions {
                nan,
                ..Default::default()
            };
            if let Some(v) = p["min_share"].as_f64() {
                o.min_share = v;
            }
            if let Some(v) = p["min_gap"].as_f64() {
                o.min_gap = v;
            }
            index::pca_weights(x.view(), &reference, &o).map(|r| {
                json!({
                    "eigenvalues": nums(&r.eigenvalues),
                    "explained": nums(&r.explained),
                    "loadings": nums(&r.loadings),
                    "weights": nums(&r.weights),
                    "correlation": table(&r.correlation),
                    "low_share": r.low_share,
                    "close_eigenvalues": r.close_eigenvalues,
                    "unstable": r.unstable,
                    "n_used": r.n_used,
                })
            })
        }
        "aggregate_weighted" => {
            let x = table_input(&i["x"]);
            let parent: Array1<i64> = i["parent"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            let w = common::vector(&i["weights"]);
            let n = p["n_parents"].as_u64().unwrap() as usize;
            index::aggregate_weighted(x.view(), parent.view(), w.view(), n, nan).map(|a| {
                json!({"values": table(&a.values), "total_weight": nums(&a.total_weight),
                       "n_areas": a.n_areas, "status": names(&a.status, |s| s.name())})
            })
        }
        "classify" => {
            let v = common::vector(&i["values"]);
            index::classify(v.view(), &scheme(p, "scheme")?, nan).map(|c| classes_json(&c))
        }
        "classify_quantiles" => {
            let v = common::vector(&i["values"]);
            let probs = floats(&p["probabilities"]).unwrap();
            index::classify_quantiles(v.view(), &reference, &probs, labels(p), nan)
                .map(|c| classes_json(&c))
        }
        "classify_equal_width" => {
            let v = common::vector(&i["values"]);
            let stages = p["stages"].as_u64().unwrap() as usize;
            index::classify_equal_width(
                v.view(),
                &reference,
                stages,
                p["top_share"].as_f64(),
                labels(p),
                nan,
            )
            .map(|c| classes_json(&c))
        }
        "classify_sd" => {
            let v = common::vector(&i["values"]);
            index::classify_sd(v.view(), &reference, &scheme(p, "scheme")?, form(p), nan)
                .map(|c| classes_json(&c))
        }
        "cross_classify" => {
            let a = common::vector(&i["a"]);
            let b = common::vector(&i["b"]);
            let ca = index::classify(a.view(), &scheme(p, "scheme_a")?, nan)?;
            let cb = index::classify(b.view(), &scheme(p, "scheme_b")?, nan)?;
            index::cross_classify(&ca, &cb).map(|c| classes_json(&c))
        }
        "status_dynamics" => {
            let s = table_input(&i["status"]);
            let d = table_input(&i["dynamics"]);
            let o = StatusDynamicsOptions {
                reference,
                standardise: p["standardise"].as_bool().unwrap_or(true),
                form: form(p),
                centre_index: p["centre_index"].as_bool().unwrap_or(true),
                nan,
                ..Default::default()
            };
            index::status_dynamics(s.view(), d.view(), &o).map(|r| {
                json!({
                    "status_sum": nums(&r.status.sum.values),
                    "status_index": nums(&r.status.index.column(0).to_vec()),
                    "status_sd": num(r.status.index.sd[0]),
                    "status_code": r.status.classes.code,
                    "dynamics_sum": nums(&r.dynamics.sum.values),
                    "dynamics_index": nums(&r.dynamics.index.column(0).to_vec()),
                    "dynamics_sd": num(r.dynamics.index.sd[0]),
                    "dynamics_code": r.dynamics.classes.code,
                    "group_code": r.groups.code,
                })
            })
        }
        other => panic!("unknown function {other}"),
    }
}

#[test]
fn golden_index_cases() {
    common::run_cases(PATH, "index", 80, compute);
}
