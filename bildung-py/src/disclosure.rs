//! `bildung_core::disclosure` and `bildung_core::publish` for Python: rounding, the cell key
//! method, cell statuses and symbols, publishable CSV / JSON text; no arithmetic.
//!
//! Values arrive as float64 numpy arrays (any strides), statuses as uint8 codes
//! (`CellStatus::code`), qualifiers as uint16 bits (`CellFlags::bits`) and relations as
//! `(total, [parts])` lists. The perturbation table is the class `PTable` (wrapped by
//! `bildung.disclosure.PTable`). `bildung.disclosure` converts pandas objects, restores indexes
//! and turns status codes into pandas Categoricals.

use std::borrow::Cow;

use bildung_core::Error;
use bildung_core::disclosure::{
    self as core_disclosure, Audit, CellFlags, CellStatus, Cost, DominanceRule, LinearTable,
    PTable as CorePTable, PTableParams, PrimaryRules, Protection, Relation, SecondaryOptions,
    SymbolSet,
};
use bildung_core::publish::{self, Column, CsvOptions, NumberFormat, PublishTable, flag_names};
use ndarray::{Array2, ArrayView1, ArrayView2};
use numpy::{PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// Round counts to the nearest multiple of `base` (ties up), each independently.
#[pyfunction]
#[pyo3(signature = (values, base))]
#[pyo3(text_signature = "(values, base)")]
pub(crate) fn disclosure_round_to_base<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    base: u32,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let v = values.as_array();
    let out = run(py, || {
        let v: Vec<f64> = v.to_vec();
        core_disclosure::round_to_base(&v, base)
    })?;
    Ok(PyArray1::from_vec(py, out))
}

/// Round every cell of an additive table, totals from their own values, as a dict.
#[pyfunction]
#[pyo3(signature = (values, base, relations))]
#[pyo3(text_signature = "(values, base, relations)")]
pub(crate) fn disclosure_round_table_counts<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    base: u32,
    relations: Vec<(usize, Vec<usize>)>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let t = run(py, || {
        let v: Vec<f64> = v.to_vec();
        core_disclosure::round_table_counts(&v, base, &relations)
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray1::from_vec(py, t.values))?;
    d.set_item("max_abs_deviation", t.report.max_abs_deviation)?;
    d.set_item("n_changed", t.report.n_changed)?;
    d.set_item("totals_differ", t.report.totals_differ)?;
    d.set_item("max_total_discrepancy", t.report.max_total_discrepancy)?;
    Ok(d)
}

/// Record keys of records `start .. start + n` under `seed` (SplitMix64, version 1).
#[pyfunction]
#[pyo3(signature = (seed, n, start=0))]
#[pyo3(text_signature = "(seed, n, start=0)")]
pub(crate) fn disclosure_record_keys<'py>(
    py: Python<'py>,
    seed: u64,
    n: usize,
    start: u64,
) -> Bound<'py, PyArray1<f64>> {
    let keys = py.detach(|| {
        if start == 0 {
            core_disclosure::record_keys(seed, n)
        } else {
            (0..n as u64)
                .map(|k| core_disclosure::record_key(seed, start.wrapping_add(k)))
                .collect()
        }
    });
    PyArray1::from_vec(py, keys)
}

/// The cell key of one cell: the fractional part of the sum of its record keys.
#[pyfunction]
#[pyo3(signature = (record_keys))]
#[pyo3(text_signature = "(record_keys)")]
pub(crate) fn disclosure_cell_key(
    py: Python<'_>,
    record_keys: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    let k = record_keys.as_array();
    run(py, || core_disclosure::cell_key(&k.to_vec()))
}

/// The cell keys of `n_cells` cells; record `r` belongs to cell `groups[r]` (int64 codes, a
/// negative code is a missing group).
#[pyfunction]
#[pyo3(signature = (record_keys, groups, n_cells))]
#[pyo3(text_signature = "(record_keys, groups, n_cells)")]
pub(crate) fn disclosure_cell_keys_by_group<'py>(
    py: Python<'py>,
    record_keys: PyReadonlyArray1<'_, f64>,
    groups: PyReadonlyArray1<'_, i64>,
    n_cells: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (k, g) = (record_keys.as_array(), groups.as_array());
    let out = run(py, || {
        let groups = g
            .iter()
            .enumerate()
            .map(|(index, &c)| {
                usize::try_from(c).map_err(|_| Error::MissingValue {
                    what: "groups",
                    index,
                })
            })
            .collect::<Result<Vec<usize>, Error>>()?;
        core_disclosure::cell_keys_by_group(&k.to_vec(), &groups, n_cells)
    })?;
    Ok(PyArray1::from_vec(py, out))
}

/// The keyed cell key of each identifier (HMAC-SHA256, version 1).
#[pyfunction]
#[pyo3(signature = (ids, secret))]
#[pyo3(text_signature = "(ids, secret)")]
pub(crate) fn disclosure_cell_keys_from_ids<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    secret: u64,
) -> Bound<'py, PyArray1<f64>> {
    let keys = py.detach(|| {
        ids.iter()
            .map(|id| core_disclosure::cell_key_from_id(id, secret))
            .collect()
    });
    PyArray1::from_vec(py, keys)
}

/// A perturbation table of the cell key method (`bildung_core::disclosure::PTable`); wrapped by
/// `bildung.disclosure.PTable`.
#[pyclass(name = "PTable", module = "bildung._core", frozen)]
pub(crate) struct PTable {
    inner: CorePTable,
}

#[pymethods]
impl PTable {
    /// Generate a ptable by maximum entropy for `max_deviation` D, `variance` V and `js`.
    #[staticmethod]
    #[pyo3(signature = (max_deviation, variance, js=0))]
    fn generate(py: Python<'_>, max_deviation: u32, variance: f64, js: u32) -> PyResult<PTable> {
        let params = PTableParams {
            max_deviation,
            variance,
            js,
        };
        run(py, || CorePTable::generate(&params)).map(|inner| PTable { inner })
    }

    /// Read a ptable in the column layout of the R package `ptable`.
    #[staticmethod]
    fn from_csv(py: Python<'_>, text: Cow<'_, str>) -> PyResult<PTable> {
        let text = text.into_owned();
        run(py, || CorePTable::from_csv(&text)).map(|inner| PTable { inner })
    }

    /// The table as CSV text in the column layout of the R package `ptable`.
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// The largest count with its own row.
    fn max_i(&self) -> usize {
        self.inner.max_i()
    }

    /// The largest `|v|` in the table.
    fn max_deviation(&self) -> u64 {
        self.inner.max_deviation()
    }

    /// The entries as parallel arrays `i, j, v` (int64) and `p, p_int_lb, p_int_ub` (float64).
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (mut i, mut j, mut v) = (Vec::new(), Vec::new(), Vec::new());
        let (mut p, mut lb, mut ub) = (Vec::new(), Vec::new(), Vec::new());
        for row in 0..=self.inner.max_i() {
            for e in self.inner.row(row as u64) {
                let r = row as i64;
                i.push(r);
                j.push(r + e.v);
                v.push(e.v);
                p.push(e.p);
                lb.push(e.lower);
                ub.push(e.upper);
            }
        }
        let d = PyDict::new(py);
        d.set_item("i", PyArray1::from_vec(py, i))?;
        d.set_item("j", PyArray1::from_vec(py, j))?;
        d.set_item("p", PyArray1::from_vec(py, p))?;
        d.set_item("v", PyArray1::from_vec(py, v))?;
        d.set_item("p_int_lb", PyArray1::from_vec(py, lb))?;
        d.set_item("p_int_ub", PyArray1::from_vec(py, ub))?;
        Ok(d)
    }

    /// The perturbation of a cell with `count` and `cell_key`.
    fn perturbation(&self, py: Python<'_>, count: u64, cell_key: f64) -> PyResult<i64> {
        run(py, || self.inner.perturbation(count, cell_key))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PTable>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
}

/// Perturb counts by the cell key method: `count + v(count, cell key)`.
#[pyfunction]
#[pyo3(signature = (counts, cell_keys, ptable))]
#[pyo3(text_signature = "(counts, cell_keys, ptable)")]
pub(crate) fn disclosure_perturb<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray1<'_, f64>,
    cell_keys: PyReadonlyArray1<'_, f64>,
    ptable: &PTable,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (n, k) = (counts.as_array(), cell_keys.as_array());
    let t = &ptable.inner;
    let out = run(py, || core_disclosure::perturb(&n.to_vec(), &k.to_vec(), t))?;
    Ok(PyArray1::from_vec(py, out))
}

/// Every cell status as `(code, name, is_suppressed)`, in code order.
#[pyfunction]
pub(crate) fn disclosure_statuses() -> Vec<(u8, &'static str, bool)> {
    CellStatus::ALL
        .iter()
        .map(|s| (s.code(), s.name(), s.is_suppressed()))
        .collect()
}

/// Every qualifier as `(bit, name)`, in bit order.
#[pyfunction]
pub(crate) fn disclosure_flags() -> Vec<(u16, &'static str)> {
    (0..16)
        .filter_map(|k| CellFlags::from_bits(1 << k))
        .filter(|f| !f.is_empty())
        .filter_map(|f| flag_names(f).first().map(|&n| (f.bits(), n)))
        .collect()
}

/// A symbol set by name with municipal replacements `(status code, text)`.
fn symbol_set(name: &str, replace: &[(u8, String)]) -> bildung_core::Result<SymbolSet> {
    let mut s = SymbolSet::from_name(name)?;
    for (code, text) in replace {
        s = s.with_status_symbol(status_of(*code, 0)?, text.clone())?;
    }
    Ok(s)
}

fn status_of(code: u8, index: usize) -> bildung_core::Result<CellStatus> {
    CellStatus::from_code(code).ok_or_else(|| {
        Error::parameter(
            "status",
            format!("{code} at position {index}"),
            "unknown status code (0 ... 8)",
        )
    })
}

/// Statuses and qualifiers of codes (row-major positions in errors).
fn status_flags(
    status: ArrayView2<'_, u8>,
    flags: ArrayView2<'_, u16>,
) -> bildung_core::Result<(Array2<CellStatus>, Array2<CellFlags>)> {
    let ncols = status.ncols();
    let mut s = Array2::from_elem(status.dim(), CellStatus::Published);
    for ((i, j), &c) in status.indexed_iter() {
        s[(i, j)] = status_of(c, i * ncols + j)?;
    }
    let fcols = flags.ncols();
    let mut f = Array2::from_elem(flags.dim(), CellFlags::NONE);
    for ((i, j), &b) in flags.indexed_iter() {
        f[(i, j)] = CellFlags::from_bits(b).ok_or_else(|| {
            Error::parameter(
                "flags",
                format!("{b} at position {}", i * fcols + j),
                "unknown qualifier bits (defined: 1 ... 128)",
            )
        })?;
    }
    Ok((s, f))
}

/// The arguments that describe a publishable table (`bildung_core::publish::PublishTable`).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct TableSpec {
    title: String,
    row_header: String,
    row_labels: Vec<String>,
    row_level: Vec<usize>,
    column_labels: Vec<String>,
    decimals: Vec<u32>,
    units: Vec<Option<String>>,
    notes: Vec<String>,
    source: Option<String>,
}

fn build_table(
    spec: &TableSpec,
    values: ArrayView2<'_, f64>,
    status: ArrayView2<'_, u8>,
    flags: ArrayView2<'_, u16>,
) -> bildung_core::Result<PublishTable> {
    if spec.decimals.len() != spec.column_labels.len() {
        return Err(Error::ShapeMismatch {
            what: "decimals",
            expected: spec.column_labels.len(),
            found: spec.decimals.len(),
        });
    }
    if spec.units.len() != spec.column_labels.len() {
        return Err(Error::ShapeMismatch {
            what: "units",
            expected: spec.column_labels.len(),
            found: spec.units.len(),
        });
    }
    let columns = spec
        .column_labels
        .iter()
        .zip(&spec.decimals)
        .zip(&spec.units)
        .map(|((l, &d), u)| {
            let c = Column::new(l.clone(), d);
            match u {
                Some(u) => c.with_unit(u.clone()),
                None => c,
            }
        })
        .collect();
    let (s, f) = status_flags(status, flags)?;
    // built field by field and checked once: `PublishTable::new` would check the values
    // before the statuses are in (a suppressed NaN is fine, a published one is not)
    let t = PublishTable {
        title: spec.title.clone(),
        row_header: spec.row_header.clone(),
        row_labels: spec.row_labels.clone(),
        row_level: spec.row_level.clone(),
        columns,
        values: values.to_owned(),
        status: s,
        flags: f,
        notes: spec.notes.clone(),
        source: spec.source.clone(),
    };
    t.check()?;
    Ok(t)
}

/// The text of every cell, the status each cell is shown with and the legend of the symbols
/// used, as a dict (see `bildung.disclosure.render`).
#[pyfunction]
#[pyo3(signature = (spec, values, status, flags, *, number_format, symbols, replace))]
#[pyo3(text_signature = "(spec, values, status, flags, *, number_format, symbols, replace)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_render<'py>(
    py: Python<'py>,
    spec: TableSpec,
    values: PyReadonlyArray2<'_, f64>,
    status: PyReadonlyArray2<'_, u8>,
    flags: PyReadonlyArray2<'_, u16>,
    number_format: Cow<'_, str>,
    symbols: Cow<'_, str>,
    replace: Vec<(u8, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let (v, s, f) = (values.as_array(), status.as_array(), flags.as_array());
    let (text, shown, legend) = run(py, || {
        let fmt = NumberFormat::from_name(&number_format)?;
        let set = symbol_set(&symbols, &replace)?;
        let t = build_table(&spec, v, s, f)?;
        let mut text = Vec::with_capacity(t.nrows());
        let mut shown = Array2::<u8>::zeros((t.nrows(), t.ncols()));
        for i in 0..t.nrows() {
            let mut row = Vec::with_capacity(t.ncols());
            for j in 0..t.ncols() {
                row.push(t.cell_text(i, j, fmt, &set)?);
                shown[(i, j)] = t.shown_status(i, j).code();
            }
            text.push(row);
        }
        let (used, used_flags) = t.used_symbols();
        let legend: Vec<(String, String)> = set
            .legend_for(&used, used_flags, fmt)
            .into_iter()
            .map(|e| (e.symbol, e.meaning))
            .collect();
        Ok((text, shown, legend))
    })?;
    let d = PyDict::new(py);
    d.set_item("text", text)?;
    d.set_item("shown_status", PyArray2::from_owned_array(py, shown))?;
    d.set_item("legend", legend)?;
    Ok(d)
}

/// The table as CSV text (RFC 4180, symbols in place of suppressed values).
#[pyfunction]
#[pyo3(signature = (
    spec, values, status, flags, *, number_format, symbols, replace, group_digits=false,
    status_columns=false, level_column=false
))]
#[pyo3(
    text_signature = "(spec, values, status, flags, *, number_format, symbols, replace, group_digits=False, status_columns=False, level_column=False)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_to_csv(
    py: Python<'_>,
    spec: TableSpec,
    values: PyReadonlyArray2<'_, f64>,
    status: PyReadonlyArray2<'_, u8>,
    flags: PyReadonlyArray2<'_, u16>,
    number_format: Cow<'_, str>,
    symbols: Cow<'_, str>,
    replace: Vec<(u8, String)>,
    group_digits: bool,
    status_columns: bool,
    level_column: bool,
) -> PyResult<String> {
    let (v, s, f) = (values.as_array(), status.as_array(), flags.as_array());
    run(py, || {
        let options = CsvOptions {
            format: NumberFormat::from_name(&number_format)?,
            symbols: symbol_set(&symbols, &replace)?,
            group_digits,
            status_columns,
            level_column,
        };
        publish::to_csv(&build_table(&spec, v, s, f)?, &options)
    })
}

/// The table as JSON text (values, status names, qualifiers, texts, legend; suppressed values
/// are not written).
#[pyfunction]
#[pyo3(signature = (spec, values, status, flags, *, number_format, symbols, replace))]
#[pyo3(text_signature = "(spec, values, status, flags, *, number_format, symbols, replace)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_to_json(
    py: Python<'_>,
    spec: TableSpec,
    values: PyReadonlyArray2<'_, f64>,
    status: PyReadonlyArray2<'_, u8>,
    flags: PyReadonlyArray2<'_, u16>,
    number_format: Cow<'_, str>,
    symbols: Cow<'_, str>,
    replace: Vec<(u8, String)>,
) -> PyResult<String> {
    let (v, s, f) = (values.as_array(), status.as_array(), flags.as_array());
    run(py, || {
        let fmt = NumberFormat::from_name(&number_format)?;
        let set = symbol_set(&symbols, &replace)?;
        publish::to_json(&build_table(&spec, v, s, f)?, fmt, &set)
    })
}

/// The legend (Zeichenerklärung) of a whole symbol set as `(symbol, meaning)` pairs.
#[pyfunction]
#[pyo3(signature = (*, number_format, symbols, replace))]
#[pyo3(text_signature = "(*, number_format, symbols, replace)")]
pub(crate) fn disclosure_legend(
    py: Python<'_>,
    number_format: Cow<'_, str>,
    symbols: Cow<'_, str>,
    replace: Vec<(u8, String)>,
) -> PyResult<Vec<(String, String)>> {
    run(py, || {
        let fmt = NumberFormat::from_name(&number_format)?;
        let set = symbol_set(&symbols, &replace)?;
        Ok(set
            .legend(fmt)
            .into_iter()
            .map(|e| (e.symbol, e.meaning))
            .collect())
    })
}

// ---------------------------------------------------------------------------------------------
// Cell suppression (primary rules, protect, audit)

/// How a table's cells and relations are given (`layout`), as Python passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct LayoutSpec {
    /// `"general"`, `"two_way"` (interior), `"two_way_margins"` or `"hierarchical"`.
    layout: String,
    /// `(total, parts)` for `"general"` (cells numbered row-major).
    relations: Vec<(usize, Vec<usize>)>,
    /// Parent row per row for `"hierarchical"` (negative = root).
    parent: Vec<i64>,
    /// The total column of a hierarchical table.
    total_column: Option<usize>,
    /// Cell labels for error messages (row-major over the whole table), or none.
    labels: Option<Vec<String>>,
}

/// The core table of a layout.
fn linear_table(
    values: ArrayView2<'_, f64>,
    spec: &LayoutSpec,
) -> bildung_core::Result<LinearTable> {
    let t = match spec.layout.as_str() {
        "general" => LinearTable::new(
            values.iter().copied().collect(),
            spec.relations
                .iter()
                .map(|(total, parts)| Relation {
                    total: *total,
                    parts: parts.clone(),
                })
                .collect(),
        )?,
        "two_way" => LinearTable::two_way(values)?,
        "two_way_margins" => LinearTable::two_way_with_margins(values)?,
        "hierarchical" => {
            let parent: Vec<Option<usize>> = spec
                .parent
                .iter()
                .map(|&p| usize::try_from(p).ok())
                .collect();
            LinearTable::hierarchical(values, &parent, spec.total_column)?
        }
        other => {
            return Err(Error::parameter(
                "layout",
                other,
                "use \"general\", \"two_way\", \"two_way_margins\" or \"hierarchical\"",
            ));
        }
    };
    match &spec.labels {
        Some(labels) if labels.len() == t.len() => t.with_labels(labels.clone()),
        _ => Ok(t),
    }
}

/// Statuses of codes (positions in errors).
fn statuses(codes: ArrayView1<'_, u8>) -> bildung_core::Result<Vec<CellStatus>> {
    codes
        .iter()
        .enumerate()
        .map(|(k, &c)| status_of(c, k))
        .collect()
}

fn status_array<'py>(py: Python<'py>, s: &[CellStatus]) -> Bound<'py, PyArray1<u8>> {
    PyArray1::from_vec(py, s.iter().map(|c| c.code()).collect())
}

/// The audit as a dict: intervals (NaN for published cells), unsafe flags and the requirement
/// per cell.
fn audit_dict<'py>(
    py: Python<'py>,
    a: &Audit,
    status: &[CellStatus],
    protection: &[Protection],
) -> PyResult<Bound<'py, PyDict>> {
    let n = a.intervals.len();
    // the requirement applies to primary cells only
    let required = |f: fn(&Protection) -> f64| -> Vec<f64> {
        protection
            .iter()
            .zip(status)
            .map(|(p, &s)| {
                if s == CellStatus::Primary {
                    f(p)
                } else {
                    f64::NAN
                }
            })
            .collect()
    };
    let (mut lo, mut hi) = (vec![f64::NAN; n], vec![f64::NAN; n]);
    for (k, iv) in a.intervals.iter().enumerate() {
        if let Some((l, h)) = iv {
            lo[k] = *l;
            hi[k] = *h;
        }
    }
    let mut unsafe_flags = vec![false; n];
    for u in &a.unsafe_cells {
        if let Some(f) = unsafe_flags.get_mut(u.cell) {
            *f = true;
        }
    }
    let d = PyDict::new(py);
    d.set_item("lower", PyArray1::from_vec(py, lo))?;
    d.set_item("upper", PyArray1::from_vec(py, hi))?;
    d.set_item("unsafe", PyArray1::from_vec(py, unsafe_flags))?;
    d.set_item(
        "required_lower",
        PyArray1::from_vec(py, required(|p| p.lower)),
    )?;
    d.set_item(
        "required_upper",
        PyArray1::from_vec(py, required(|p| p.upper)),
    )?;
    d.set_item(
        "required_sliding",
        PyArray1::from_vec(py, required(|p| p.sliding)),
    )?;
    d.set_item("n_lp", a.n_lp)?;
    d.set_item("is_safe", a.is_safe())?;
    Ok(d)
}

/// The cells (margins included) and relations of a table as a dict: `values` (flat,
/// row-major), `shape` and `relations`.
#[pyfunction]
#[pyo3(signature = (values, layout))]
#[pyo3(text_signature = "(values, layout)")]
pub(crate) fn disclosure_table<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'_, f64>,
    layout: LayoutSpec,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let t = run(py, || linear_table(v, &layout))?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray1::from_vec(py, t.values().to_vec()))?;
    let rel: Vec<(usize, Vec<usize>)> = t
        .relations()
        .iter()
        .map(|r| (r.total, r.parts.clone()))
        .collect();
    d.set_item("relations", rel)?;
    Ok(d)
}

/// Primary suppression, secondary suppression and the final audit, as a dict.
#[pyfunction]
#[pyo3(signature = (
    values, layout, *, status=None, min_count=3.0, protect_zeros=false,
    cost=Cow::Borrowed("value"), must_publish=None, max_rounds=200
))]
#[pyo3(
    text_signature = "(values, layout, *, status=None, min_count=3.0, protect_zeros=False, cost='value', must_publish=None, max_rounds=200)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_protect<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'_, f64>,
    layout: LayoutSpec,
    status: Option<PyReadonlyArray1<'_, u8>>,
    min_count: f64,
    protect_zeros: bool,
    cost: Cow<'_, str>,
    must_publish: Option<PyReadonlyArray1<'_, bool>>,
    max_rounds: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let given = status.as_ref().map(|s| s.as_array());
    let must = must_publish.as_ref().map(|m| m.as_array());
    let (t, p, protection) = run(py, || {
        let t = linear_table(v, &layout)?;
        let rules = PrimaryRules {
            min_count,
            protect_zeros,
        };
        let options = SecondaryOptions {
            cost: match cost.as_ref() {
                "value" => Cost::Value,
                "unit" => Cost::Unit,
                other => {
                    return Err(Error::parameter("cost", other, "use \"value\" or \"unit\""));
                }
            },
            must_publish: must.map(|m| m.to_vec()).unwrap_or_default(),
            max_rounds,
        };
        let p = match given {
            None => core_disclosure::protect(&t, &rules, &options)?,
            Some(g) => core_disclosure::protect_with_status(&t, &statuses(g)?, &rules, &options)?,
        };
        let protection: Vec<Protection> = t.values().iter().map(|&x| rules.protection(x)).collect();
        Ok((t, p, protection))
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray1::from_vec(py, t.values().to_vec()))?;
    d.set_item("status", status_array(py, &p.status))?;
    d.set_item("n_primary", p.n_primary)?;
    d.set_item("n_secondary", p.n_secondary)?;
    d.set_item("audit", audit_dict(py, &p.audit, &p.status, &protection)?)?;
    Ok(d)
}

/// Audit a suppression pattern: the interval of every unpublished cell by linear programming.
/// The requirement of each cell is `lower`, `upper`, `sliding` when given, else the
/// frequency-table requirement under `min_count`.
#[pyfunction]
#[pyo3(signature = (values, layout, status, *, min_count=3.0, lower=None, upper=None, sliding=None))]
#[pyo3(
    text_signature = "(values, layout, status, *, min_count=3.0, lower=None, upper=None, sliding=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_audit<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'_, f64>,
    layout: LayoutSpec,
    status: PyReadonlyArray1<'_, u8>,
    min_count: f64,
    lower: Option<PyReadonlyArray1<'_, f64>>,
    upper: Option<PyReadonlyArray1<'_, f64>>,
    sliding: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (v, s) = (values.as_array(), status.as_array());
    let custom = match (&lower, &upper, &sliding) {
        (Some(l), Some(u), Some(w)) => Some((l.as_array(), u.as_array(), w.as_array())),
        _ => None,
    };
    let (values, st, a, protection) = run(py, || {
        let t = linear_table(v, &layout)?;
        let st = statuses(s)?;
        let protection: Vec<Protection> = match custom {
            Some((l, u, w)) => {
                for (what, arr) in [("lower", l), ("upper", u), ("sliding", w)] {
                    if arr.len() != t.len() {
                        return Err(Error::ShapeMismatch {
                            what,
                            expected: t.len(),
                            found: arr.len(),
                        });
                    }
                }
                (0..t.len())
                    .map(|k| Protection {
                        lower: l[k],
                        upper: u[k],
                        sliding: w[k],
                    })
                    .collect()
            }
            None => {
                let rules = PrimaryRules {
                    min_count,
                    protect_zeros: false,
                };
                rules.check()?;
                t.values().iter().map(|&x| rules.protection(x)).collect()
            }
        };
        let a = core_disclosure::audit(&t, &st, &protection)?;
        Ok((t.values().to_vec(), st, a, protection))
    })?;
    let d = audit_dict(py, &a, &st, &protection)?;
    d.set_item("values", PyArray1::from_vec(py, values))?;
    Ok(d)
}

/// The minimum-count rule: `0 < x < threshold` (or `x == 0` with `protect_zeros`).
#[pyfunction]
#[pyo3(signature = (values, threshold, protect_zeros=false))]
#[pyo3(text_signature = "(values, threshold, protect_zeros=False)")]
pub(crate) fn disclosure_min_count_rule<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    threshold: f64,
    protect_zeros: bool,
) -> PyResult<Bound<'py, PyArray1<bool>>> {
    let v = values.as_array();
    let out = run(py, || {
        core_disclosure::min_count_rule(&v.to_vec(), threshold, protect_zeros)
    })?;
    Ok(PyArray1::from_vec(py, out))
}

/// The minimum-denominator rule: `denominator < threshold`.
#[pyfunction]
#[pyo3(signature = (denominators, threshold))]
#[pyo3(text_signature = "(denominators, threshold)")]
pub(crate) fn disclosure_min_denominator_rule<'py>(
    py: Python<'py>,
    denominators: PyReadonlyArray1<'_, f64>,
    threshold: f64,
) -> PyResult<Bound<'py, PyArray1<bool>>> {
    let v = denominators.as_array();
    let out = run(py, || {
        core_disclosure::min_denominator_rule(&v.to_vec(), threshold)
    })?;
    Ok(PyArray1::from_vec(py, out))
}

/// A dominance rule on each cell's contributor values, given in CSR form: the contributions of
/// cell `i` are `values[offsets[i]..offsets[i + 1]]`. `rule`: `"nk"` (with `n`, `k`) or `"p"`.
#[pyfunction]
#[pyo3(signature = (values, offsets, rule, *, n=1, k=85.0, p=10.0))]
#[pyo3(text_signature = "(values, offsets, rule, *, n=1, k=85.0, p=10.0)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn disclosure_dominance_rule<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    offsets: PyReadonlyArray1<'_, i64>,
    rule: Cow<'_, str>,
    n: usize,
    k: f64,
    p: f64,
) -> PyResult<Bound<'py, PyArray1<bool>>> {
    let (v, o) = (values.as_array(), offsets.as_array());
    let out = run(py, || {
        let rule = match rule.as_ref() {
            "nk" => DominanceRule::NK { n, k_percent: k },
            "p" => DominanceRule::PPercent { p },
            other => return Err(Error::parameter("rule", other, "use \"nk\" or \"p\"")),
        };
        let mut cells = Vec::with_capacity(o.len().saturating_sub(1));
        for w in 1..o.len() {
            let (a, b) = (o[w - 1], o[w]);
            let (Ok(a), Ok(b)) = (usize::try_from(a), usize::try_from(b)) else {
                return Err(Error::parameter("offsets", w, "offsets must be >= 0"));
            };
            if a > b || b > v.len() {
                return Err(Error::parameter(
                    "offsets",
                    w,
                    "offsets must rise and end at the number of values",
                ));
            }
            cells.push(v.slice(ndarray::s![a..b]).to_vec());
        }
        core_disclosure::dominance_rule(&cells, rule)
    })?;
    Ok(PyArray1::from_vec(py, out))
}
