//! `bildung_core::genesis` for Python: the GENESIS CSV reader, no arithmetic.
//!
//! The pure-Python layer (`bildung.genesis.read_genesis`) reads the file's bytes and builds the
//! tidy DataFrame from the columnar dict returned here: the table's metadata, the key fields per
//! data line, the header labels per value column and, per cell in row-major order (data line by
//! data line, value column by value column), the value (NaN for a missing-value symbol, 0 for
//! `-`), the symbol code (0 none, 1..=5 as `bildung_core::genesis::Symbol::code`) and the
//! qualifier bits.

use bildung_core::genesis::{GenesisTable, Qualifiers, Symbol};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// Parse the bytes of a GENESIS CSV export (`source` names it in error messages).
///
/// Returns a dict with `code, title, title_lines, header_lines, key_columns, key_names, stand, footer,
/// encoding, source, lines` (int64, per data line), `keys` (one list of str per key column),
/// `column_fields` (int64, per value column), `column_labels` (one list of labels per value
/// column), `column_label` (the non-empty labels joined with " / "), `values` (float64), `symbols` and `qualifiers` (uint8, per cell), `symbol_texts`
/// (text of each symbol code, `None` at 0) and `qualifier_names` (`(bit, name)` pairs).
#[pyfunction]
#[pyo3(signature = (data, source))]
pub(crate) fn read_genesis<'py>(
    py: Python<'py>,
    data: &[u8],
    source: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let t = run(py, || GenesisTable::from_bytes(data, source))?;
    let d = PyDict::new(py);
    d.set_item("code", &t.code)?;
    d.set_item("title", t.title())?;
    d.set_item("title_lines", &t.title_lines)?;
    d.set_item("header_lines", &t.header_lines)?;
    d.set_item("key_columns", t.key_columns)?;
    d.set_item("key_names", t.key_names())?;
    d.set_item("stand", &t.stand)?;
    d.set_item("footer", &t.footer)?;
    d.set_item("encoding", t.encoding.name())?;
    d.set_item("source", &t.source)?;
    let lines: Vec<i64> = t.rows.iter().map(|r| to_i64(r.line)).collect();
    d.set_item("lines", PyArray1::from_vec(py, lines))?;
    let keys: Vec<Vec<&str>> = (0..t.key_columns)
        .map(|c| {
            t.rows
                .iter()
                .map(|r| r.keys.get(c).map_or("", String::as_str))
                .collect()
        })
        .collect();
    d.set_item("keys", keys)?;
    let fields: Vec<i64> = t.columns.iter().map(|c| to_i64(c.field)).collect();
    d.set_item("column_fields", PyArray1::from_vec(py, fields))?;
    let labels: Vec<&Vec<String>> = t.columns.iter().map(|c| &c.labels).collect();
    d.set_item("column_labels", labels)?;
    let joined: Vec<String> = t.columns.iter().map(|c| c.label()).collect();
    d.set_item("column_label", joined)?;
    let n = t.rows.len() * t.columns.len();
    let (mut values, mut symbols, mut qualifiers) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for r in t.long() {
        values.push(r.cell.value().unwrap_or(f64::NAN));
        symbols.push(r.cell.symbol().map_or(0, Symbol::code));
        qualifiers.push(r.cell.qualifiers().bits());
    }
    d.set_item("values", PyArray1::from_vec(py, values))?;
    d.set_item("symbols", PyArray1::from_vec(py, symbols))?;
    d.set_item("qualifiers", PyArray1::from_vec(py, qualifiers))?;
    let mut texts: Vec<Option<&str>> = vec![None];
    texts.extend(Symbol::ALL.iter().map(|s| Some(s.as_str())));
    d.set_item("symbol_texts", texts)?;
    let names: Vec<(u8, &str)> = Qualifiers::NAMES
        .iter()
        .zip(0u8..)
        .map(|(n, i)| (1 << i, *n))
        .collect();
    d.set_item("qualifier_names", names)?;
    Ok(d)
}

/// A line or field number as int64 (saturating; no file has 2^63 lines).
fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
