//! Rounding and the cell key method: golden cases shared with Python and C
//! (`tests/golden/perturbation.json`, see its README) and properties.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use bildung_core::Error;
use bildung_core::disclosure::{
    PTable, PTableParams, cell_key, cell_key_from_id, cell_keys_by_group, perturb, record_key,
    record_keys, round_table_counts, round_to_base,
};
use common::{number, run_cases};
use serde_json::{Value, json};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/golden/perturbation.json"
);
const TWO_53: f64 = 9_007_199_254_740_992.0;

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(number).collect()
}

/// Record keys of a case: the exact `record_key_bits / 2^53` where given, else the floats.
fn record_keys_of(c: &Value) -> Vec<f64> {
    match c.get("record_key_bits").and_then(Value::as_array) {
        Some(bits) => bits
            .iter()
            .map(|b| b.as_u64().expect("bits") as f64 / TWO_53)
            .collect(),
        None => nums(&c["record_keys"]),
    }
}

fn u64_str(v: &Value) -> u64 {
    v.as_str().expect("decimal string").parse().expect("u64")
}

fn usize_of(v: &Value) -> usize {
    v.as_u64().expect("integer") as usize
}

fn keys_json(keys: &[f64]) -> Value {
    json!({
        "keys": keys,
        "key_bits": keys.iter().map(|k| (k * TWO_53) as u64).collect::<Vec<_>>(),
    })
}

fn ptable_of(c: &Value) -> Result<PTable, Error> {
    if let Some(text) = c.get("ptable_csv").and_then(Value::as_str) {
        PTable::from_csv(text)
    } else {
        PTable::generate(&params_of(&c["ptable_params"]))
    }
}

fn params_of(p: &Value) -> PTableParams {
    PTableParams {
        max_deviation: p["max_deviation"].as_u64().expect("D") as u32,
        variance: number(&p["variance"]),
        js: p["js"].as_u64().unwrap_or(0) as u32,
    }
}

fn ptable_columns(t: &PTable) -> Value {
    let (mut i, mut j, mut v, mut p, mut lb, mut ub) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for n in 0..=t.max_i() {
        for e in t.row(n as u64) {
            i.push(n as i64);
            j.push(n as i64 + e.v);
            v.push(e.v);
            p.push(e.p);
            lb.push(e.lower);
            ub.push(e.upper);
        }
    }
    json!({"max_i": t.max_i(), "i": i, "j": j, "v": v, "p": p, "p_int_lb": lb, "p_int_ub": ub})
}

fn compute(c: &Value) -> Result<Value, Error> {
    let base = || c["params"]["base"].as_u64().expect("base") as u32;
    match c["function"].as_str().expect("function") {
        "round_to_base" => Ok(json!({"rounded": round_to_base(&nums(&c["values"]), base())?})),
        "round_table_counts" => {
            let relations: Vec<(usize, Vec<usize>)> = c["relations"]
                .as_array()
                .expect("relations")
                .iter()
                .map(|r| {
                    let parts = r[1].as_array().expect("parts").iter().map(usize_of);
                    (usize_of(&r[0]), parts.collect())
                })
                .collect();
            let t = round_table_counts(&nums(&c["values"]), base(), &relations)?;
            Ok(json!({
                "rounded": t.values,
                "max_abs_deviation": t.report.max_abs_deviation,
                "n_changed": t.report.n_changed,
                "totals_differ": t.report.totals_differ,
                "max_total_discrepancy": t.report.max_total_discrepancy,
            }))
        }
        "record_keys" => {
            let (seed, start, n) = (
                u64_str(&c["seed"]),
                c["start"].as_u64().unwrap(),
                usize_of(&c["n"]),
            );
            let keys: Vec<f64> = (0..n as u64).map(|k| record_key(seed, start + k)).collect();
            if start == 0 {
                assert_eq!(
                    keys,
                    record_keys(seed, n),
                    "record_key and record_keys differ"
                );
            }
            Ok(keys_json(&keys))
        }
        "cell_key" => {
            let k = cell_key(&record_keys_of(c))?;
            Ok(json!({"key": k, "key_bits": (k * TWO_53) as u64}))
        }
        "cell_keys_by_group" => {
            let groups: Vec<usize> = c["groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(usize_of)
                .collect();
            let keys = cell_keys_by_group(&record_keys_of(c), &groups, usize_of(&c["n_cells"]))?;
            Ok(keys_json(&keys))
        }
        "cell_key_from_id" => {
            let k = cell_key_from_id(c["cell_id"].as_str().unwrap(), u64_str(&c["secret"]));
            Ok(json!({"key": k, "key_bits": (k * TWO_53) as u64}))
        }
        "ptable_generate" => Ok(ptable_columns(&PTable::generate(&params_of(&c["params"]))?)),
        "perturb" => {
            let t = ptable_of(c)?;
            Ok(json!({"perturbed": perturb(&nums(&c["counts"]), &nums(&c["cell_keys"]), &t)?}))
        }
        "perturb_ids" => {
            let t = ptable_of(c)?;
            let secret = u64_str(&c["secret"]);
            let keys: Vec<f64> = c["cell_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| cell_key_from_id(id.as_str().unwrap(), secret))
                .collect();
            Ok(json!({"perturbed": perturb(&nums(&c["counts"]), &keys, &t)?, "cell_keys": keys}))
        }
        other => panic!("unknown function {other}"),
    }
}

#[test]
fn golden_perturbation_cases() {
    run_cases(PATH, "perturbation", 50, compute);
}

#[test]
fn golden_consistency_across_tables() {
    // the Ortsteil totals of tables A and B are the same logical cells: same perturbed value
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let find = |id: &str| cases.iter().find(|c| c["id"] == id).unwrap();
    let mut seen = std::collections::HashMap::new();
    let mut shared = 0;
    for id in ["perturb_ids_table_a", "perturb_ids_table_b"] {
        let c = find(id);
        let out = compute(c).unwrap();
        for (cid, v) in c["cell_ids"]
            .as_array()
            .unwrap()
            .iter()
            .zip(out["perturbed"].as_array().unwrap())
        {
            if let Some(prev) = seen.insert(cid.as_str().unwrap().to_owned(), v.clone()) {
                assert_eq!(&prev, v, "{cid}");
                shared += 1;
            }
        }
    }
    assert_eq!(shared, 3);
}

// ------------------------------------------------------------------------------- properties

/// Hand example (DZHW practice, indicators.md 4.3): a 2x3 table with margins, base 5.
#[test]
fn totals_are_rounded_from_unrounded_values() {
    // interior 1 1 1 | 3 / 1 1 1 | 3 / 2 2 2 | 6: every interior 1 rounds to 0, 2 to 0,
    // row totals 3 -> 5, grand total 6 -> 5; re-summing the rounded cells would give 0
    let values = [1., 1., 1., 3., 1., 1., 1., 3., 2., 2., 2., 6.];
    let relations = vec![
        (3, vec![0, 1, 2]),
        (7, vec![4, 5, 6]),
        (11, vec![8, 9, 10]),
        (8, vec![0, 4]),
        (9, vec![1, 5]),
        (10, vec![2, 6]),
        (11, vec![3, 7]),
    ];
    let t = round_table_counts(&values, 5, &relations).unwrap();
    assert_eq!(
        t.values,
        vec![0., 0., 0., 5., 0., 0., 0., 5., 0., 0., 0., 5.]
    );
    // row 0: 5 vs 0; row 1: 5 vs 0; row 2: 5 vs 0; columns: 0 = 0 + 0 (x3); 5 vs 5 + 5 = 10
    assert_eq!(t.report.totals_differ, 4);
    assert_eq!(t.report.max_total_discrepancy, 5.0);
    assert_eq!(t.report.max_abs_deviation, 2.0);
    assert_eq!(t.report.n_changed, 12);
    // the same cell rounds the same in any table
    assert_eq!(round_to_base(&[3.], 5).unwrap(), vec![t.values[3]]);
}

#[test]
fn ptables_have_exact_moments_and_zero_row() {
    for (d, v, js) in [
        (1u32, 0.5, 0u32),
        (2, 1.05, 0),
        (3, 2.0, 0),
        (5, 3.0, 0),
        (3, 1.5, 1),
        (4, 2.5, 2),
        (10, 8.0, 0),
    ] {
        let t = PTable::generate(&PTableParams {
            max_deviation: d,
            variance: v,
            js,
        })
        .unwrap();
        assert_eq!(t.row(0).len(), 1);
        assert_eq!(t.max_deviation(), u64::from(d));
        for i in 1..=t.max_i() {
            let row = t.row(i as u64);
            let mean: f64 = row.iter().map(|e| e.v as f64 * e.p).sum();
            let var: f64 = row.iter().map(|e| (e.v * e.v) as f64 * e.p).sum();
            assert!(mean.abs() < 1e-12, "D={d} row {i} mean {mean}");
            assert!((var - v).abs() < 1e-11, "D={d} row {i} var {var}");
            assert_eq!(row[0].lower, 0.0);
            assert_eq!(row.last().unwrap().upper, 1.0);
            for w in row.windows(2) {
                assert!(w[0].v < w[1].v && w[0].upper == w[1].lower);
            }
            for e in row {
                assert!(i as i64 + e.v >= 0 && e.p > 0.0);
            }
        }
        // the last row is symmetric
        let last = t.row(u64::MAX);
        for (a, b) in last.iter().zip(last.iter().rev()) {
            assert_eq!(a.v, -b.v);
            assert!((a.p - b.p).abs() < 1e-12);
        }
        assert_eq!(PTable::from_csv(&t.to_csv()).unwrap(), t);
    }
}

#[test]
fn generate_converges_over_the_whole_feasible_range() {
    // without js the binding row is row 1: V in (0, D); try V near both ends and between
    for d in 1u32..=8 {
        for frac in [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999] {
            let v = frac * f64::from(d);
            let t = PTable::generate(&PTableParams::new(d, v))
                .unwrap_or_else(|e| panic!("D = {d}, V = {v}: {e}"));
            for i in 1..=t.max_i() {
                let row = t.row(i as u64);
                let mean: f64 = row.iter().map(|e| e.v as f64 * e.p).sum();
                let var: f64 = row.iter().map(|e| (e.v * e.v) as f64 * e.p).sum();
                assert!(mean.abs() < 1e-12 && (var - v).abs() < 1e-11 * v.max(1.0));
            }
        }
    }
}

#[test]
fn generate_with_js_is_feasible_or_a_parameter_error() {
    // every (D, V, js) either converges to exact moments or is rejected as InvalidParameter
    // (some row cannot reach V), never DidNotConverge
    let mut n_ok = 0;
    for d in 1u32..=8 {
        for js in 1u32..=3 {
            for k in 1..40 {
                let v = f64::from(k) * 0.2;
                let params = PTableParams {
                    js,
                    ..PTableParams::new(d, v)
                };
                match PTable::generate(&params) {
                    Ok(t) => {
                        n_ok += 1;
                        for i in 1..=t.max_i() {
                            let row = t.row(i as u64);
                            let var: f64 = row.iter().map(|e| (e.v * e.v) as f64 * e.p).sum();
                            assert!((var - v).abs() < 1e-11 * v.max(1.0));
                        }
                    }
                    Err(e) => assert_eq!(
                        e.kind(),
                        bildung_core::ErrorKind::InvalidParameter,
                        "D = {d}, js = {js}, V = {v}: {e}"
                    ),
                }
            }
        }
    }
    assert!(n_ok > 50, "{n_ok}");
}

#[test]
fn perturbation_follows_the_ptable_for_uniform_keys() {
    // record keys are uniform: the frequency of each v over 200,000 cells of count 9 must be
    // close to its probability (4 standard errors)
    let t = PTable::generate(&PTableParams::new(3, 2.0)).unwrap();
    let n = 200_000;
    let keys = record_keys(2026, n);
    let out = perturb(&vec![9.0; n], &keys, &t).unwrap();
    for e in t.row(9) {
        let f = out.iter().filter(|&&x| x == 9.0 + e.v as f64).count() as f64 / n as f64;
        let se = (e.p * (1.0 - e.p) / n as f64).sqrt();
        assert!((f - e.p).abs() < 4.0 * se, "v = {}: {f} vs {}", e.v, e.p);
    }
    let mean = out.iter().map(|x| x - 9.0).sum::<f64>() / n as f64;
    assert!(mean.abs() < 4.0 * (2.0 / n as f64).sqrt());
}

#[test]
fn zeros_stay_zero_and_deviation_is_bounded() {
    let t = PTable::generate(&PTableParams {
        js: 2,
        ..PTableParams::new(4, 2.5)
    })
    .unwrap();
    let keys = record_keys(5, 3000);
    let counts: Vec<f64> = (0..3000).map(|k| (k % 30) as f64).collect();
    let out = perturb(&counts, &keys, &t).unwrap();
    for (&n, &p) in counts.iter().zip(&out) {
        assert!((p - n).abs() <= 4.0);
        if n == 0.0 {
            assert_eq!(p, 0.0);
        }
        assert!(p == 0.0 || p > 2.0, "js = 2: perturbed {p} from {n}");
    }
}

#[test]
fn cell_keys_are_consistent_and_order_free() {
    let keys = record_keys(11, 1000);
    let direct = cell_key(&keys).unwrap();
    let mut rev = keys.clone();
    rev.reverse();
    assert_eq!(cell_key(&rev).unwrap(), direct);
    // a cell split into parts in one table and whole in another: same key for the whole
    let groups: Vec<usize> = (0..1000).map(|k| k % 7).collect();
    let parts = cell_keys_by_group(&keys, &groups, 7).unwrap();
    assert_eq!(cell_key(&parts).unwrap(), direct);
    // keyed ids: stable and secret-dependent
    assert_eq!(cell_key_from_id("x", 1), cell_key_from_id("x", 1));
    assert_ne!(cell_key_from_id("x", 1), cell_key_from_id("x", 2));
    assert_ne!(cell_key_from_id("x", 1), cell_key_from_id("y", 1));
}
