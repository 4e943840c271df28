//! `bildung_core::indicators` for Python: the catalogue as a class, the engine and the two
//! cohort-quota functions, no arithmetic.
//!
//! Tables arrive column by column: integer key columns as int64 numpy arrays, text key columns as
//! categorical codes (int64, `-1` = missing) plus their categories, counts as float64 (NaN =
//! missing) and the optional table symbols as codes plus their texts. Building the tables
//! ([`Tables::add`], every check naming row and column) and computing run in one [`run`] call
//! with the GIL released. Results come back column by column as numpy arrays of codes plus the
//! string dictionaries, which `bildung.indicators` turns into pandas Categoricals (no Python
//! object per record).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use bildung_core::indicators::cohort::{self, CohortQuota};
use bildung_core::indicators::{
    Catalogue as CoreCatalogue, IndicatorResults, Request, Symbol, TableBuilder, TableKind, Tables,
    ValueStatus, compute,
};
use bildung_core::{Error, Flags};
use ndarray::ArrayView1;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// A set of indicator definitions (`bildung_core::indicators::Catalogue`); wrapped by
/// `bildung.indicators.Catalogue`.
#[pyclass(name = "Catalogue", module = "bildung._core")]
#[derive(Clone)]
pub(crate) struct Catalogue {
    inner: CoreCatalogue,
}

#[pymethods]
impl Catalogue {
    /// An empty catalogue.
    #[new]
    fn new() -> Catalogue {
        Catalogue {
            inner: CoreCatalogue::new(),
        }
    }

    /// The built-in catalogue.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Catalogue> {
        run(py, CoreCatalogue::builtin).map(|inner| Catalogue { inner })
    }

    /// Add the definitions of a TOML text. Runs with the GIL held, so that the mutable borrow
    /// never overlaps a computation of another thread (which works on a copy).
    fn add_toml(&mut self, py: Python<'_>, text: Cow<'_, str>) -> PyResult<()> {
        self.inner
            .add_toml(&text)
            .map_err(|e| crate::errors::to_pyerr(py, &e))
    }

    /// Add the definitions of a JSON text (GIL held, as `add_toml`).
    fn add_json(&mut self, py: Python<'_>, text: Cow<'_, str>) -> PyResult<()> {
        self.inner
            .add_json(&text)
            .map_err(|e| crate::errors::to_pyerr(py, &e))
    }

    /// The ids, in the order added.
    fn ids(&self) -> Vec<String> {
        self.inner
            .definitions()
            .iter()
            .map(|d| d.id.clone())
            .collect()
    }

    /// One definition as JSON.
    fn definition_json(&self, py: Python<'_>, id: Cow<'_, str>) -> PyResult<String> {
        let d = self
            .inner
            .get(&id)
            .map_err(|e| crate::errors::to_pyerr(py, &e))?;
        let mut one = CoreCatalogue::new();
        one.add(d.clone())
            .map_err(|e| crate::errors::to_pyerr(py, &e))?;
        Ok(one.to_json())
    }

    /// Every definition as JSON (a list).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// One summary row per definition: `(id, version, area, name_de, name_en, mode, unit,
    /// source, valid_from, valid_to, notes)`.
    #[allow(clippy::type_complexity)]
    fn rows(
        &self,
    ) -> Vec<(
        String,
        u32,
        String,
        String,
        String,
        &'static str,
        &'static str,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
    )> {
        self.inner
            .definitions()
            .iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.version,
                    format!("{:?}", d.area),
                    d.name_de.clone(),
                    d.name_en.clone(),
                    d.mode.name(),
                    d.mode.unit(),
                    d.source.clone(),
                    d.valid_from,
                    d.valid_to,
                    d.notes.clone(),
                )
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, id: Cow<'_, str>) -> bool {
        self.inner.get(&id).is_ok()
    }

    fn __copy__(&self) -> Catalogue {
        self.clone()
    }
}

/// One key column as given by Python: name, int64 values or codes, categories of a text column.
type ColumnArg<'py> = (String, PyReadonlyArray1<'py, i64>, Option<Vec<String>>);
/// Symbol codes (`-1` = none) and their texts.
type SymbolArg<'py> = (PyReadonlyArray1<'py, i64>, Vec<String>);
/// One table: kind name, key columns, counts, symbols.
type TableArg<'py> = (
    String,
    Vec<ColumnArg<'py>>,
    PyReadonlyArray1<'py, f64>,
    Option<SymbolArg<'py>>,
);

/// A key column borrowed as a view: name, values or codes, categories of a text column.
type ColumnView<'a> = (&'a str, ArrayView1<'a, i64>, Option<&'a [String]>);

/// A table borrowed as views (sendable into the detached computation).
struct TableView<'a> {
    kind: &'a str,
    columns: Vec<ColumnView<'a>>,
    counts: ArrayView1<'a, f64>,
    symbols: Option<(ArrayView1<'a, i64>, &'a [String])>,
}

/// The cell symbols of a table from codes into `texts` (`-1` or an empty text: no symbol). An
/// unknown text is an error naming the row and the column `symbol`; `-` ("nichts vorhanden")
/// is passed on, and the core makes its count 0.
fn cell_symbols(
    kind: TableKind,
    codes: ArrayView1<'_, i64>,
    texts: &[String],
) -> bildung_core::Result<Vec<Option<Symbol>>> {
    // per text: Ok(symbol or None for ""), Err(text) if unknown
    let parsed: Vec<Result<Option<Symbol>, &str>> = texts
        .iter()
        .map(|t| match t.trim() {
            "" => Ok(None),
            s => Symbol::from_text(s).map(Some).ok_or(s),
        })
        .collect();
    let mut out = Vec::with_capacity(codes.len());
    for (row, &c) in codes.iter().enumerate() {
        match usize::try_from(c).ok().and_then(|k| parsed.get(k)) {
            None => out.push(None),
            Some(Ok(s)) => out.push(*s),
            Some(Err(s)) => {
                let known: Vec<&str> = Symbol::ALL.iter().map(|m| m.as_str()).collect();
                return Err(Error::table(
                    kind.name(),
                    Some(row),
                    Some("symbol"),
                    format!("unknown table symbol `{s}` (known: {})", known.join(" ")),
                ));
            }
        }
    }
    Ok(out)
}

/// Validate the tables and add them to a [`Tables`] set (with the declared area ids first).
fn build_tables(views: &[TableView<'_>], units: Option<&[String]>) -> bildung_core::Result<Tables> {
    let mut tables = Tables::new();
    if let Some(u) = units {
        tables.set_units(u)?;
    }
    for v in views {
        let kind = TableKind::from_name(v.kind).ok_or_else(|| {
            let known: Vec<&str> = TableKind::ALL.iter().map(|k| k.name()).collect();
            Error::parameter(
                "tables",
                v.kind,
                format!("unknown table kind (known: {})", known.join(", ")),
            )
        })?;
        let mut b = TableBuilder::new(kind);
        for (name, values, levels) in &v.columns {
            b = match levels {
                Some(l) => b.coded(name, values.to_vec(), l.to_vec()),
                None => b.int(name, values.iter().copied()),
            };
        }
        if let Some((codes, texts)) = v.symbols {
            b = b.symbols(cell_symbols(kind, codes, texts)?);
        }
        tables.add(b.counts(v.counts.iter().copied()))?;
    }
    Ok(tables)
}

/// Per record, the code of its text in a deduplicated list of texts (reference dates, flags).
struct Dictionary {
    texts: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dictionary {
    fn new() -> Dictionary {
        Dictionary {
            texts: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn code(&mut self, s: String) -> u32 {
        if let Some(&c) = self.index.get(&s) {
            return c;
        }
        let c = self.texts.len() as u32;
        self.index.insert(s.clone(), c);
        self.texts.push(s);
        c
    }
}

/// The reference-date codes of every record (numerator, denominator) and their texts.
fn reference_codes(r: &IndicatorResults) -> (Vec<u32>, Vec<u32>, Vec<String>) {
    let mut dict = Dictionary::new();
    let mut seen: HashMap<(u32, i64), (u32, u32)> = HashMap::new();
    let (mut num, mut den) = (Vec::with_capacity(r.len()), Vec::with_capacity(r.len()));
    for (&ind, &t) in r.indicator.iter().zip(&r.period) {
        let (a, b) = *seen.entry((ind, t)).or_insert_with(|| {
            let ri = &r.indicators[ind as usize];
            (
                dict.code(ri.numerator_reference(t)),
                dict.code(ri.denominator_reference(t)),
            )
        });
        num.push(a);
        den.push(b);
    }
    (num, den, dict.texts)
}

/// The flag-set code of every record and the flag names of each set.
fn flag_codes(flags: &[u32]) -> (Vec<u32>, Vec<Vec<&'static str>>) {
    let mut sets: BTreeMap<u32, u32> = BTreeMap::new();
    let mut names = Vec::new();
    let codes = flags
        .iter()
        .map(|&f| {
            *sets.entry(f).or_insert_with(|| {
                names.push(Flags::from_bits(f).names());
                names.len() as u32 - 1
            })
        })
        .collect();
    (codes, names)
}

/// Compute indicators from long tables; a dict of result columns (see `bildung.indicators`).
#[pyfunction]
#[pyo3(signature = (catalogue, tables, *, indicators=Vec::new(), by=Vec::new(), periods=None, units=None))]
#[pyo3(text_signature = "(catalogue, tables, *, indicators=[], by=[], periods=None, units=None)")]
pub(crate) fn compute_indicators<'py>(
    py: Python<'py>,
    catalogue: PyRef<'_, Catalogue>,
    tables: Vec<TableArg<'py>>,
    indicators: Vec<String>,
    by: Vec<String>,
    periods: Option<Vec<i64>>,
    units: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyDict>> {
    let views: Vec<TableView<'_>> = tables
        .iter()
        .map(|(kind, columns, counts, symbols)| TableView {
            kind: kind.as_str(),
            columns: columns
                .iter()
                .map(|(n, v, l)| (n.as_str(), v.as_array(), l.as_deref()))
                .collect(),
            counts: counts.as_array(),
            symbols: symbols.as_ref().map(|(c, t)| (c.as_array(), t.as_slice())),
        })
        .collect();
    // A copy (a few dozen definitions): no borrow of the Python object outlives the GIL, so
    // another thread may add definitions meanwhile.
    let cat = catalogue.inner.clone();
    drop(catalogue);
    let request = Request {
        indicators,
        by,
        periods,
    };
    let (r, refs, flags) = run(py, || {
        let t = build_tables(&views, units.as_deref())?;
        let r = compute(&cat, &t, &request)?;
        let refs = reference_codes(&r);
        let flags = flag_codes(&r.flags);
        Ok((r, refs, flags))
    })?;
    let d = PyDict::new(py);
    let ids: Vec<&str> = r.indicators.iter().map(|i| i.id.as_str()).collect();
    d.set_item("ids", ids)?;
    let versions: Vec<u32> = r.indicators.iter().map(|i| i.version).collect();
    d.set_item("versions", versions)?;
    let units_of_value: Vec<&str> = r.indicators.iter().map(|i| i.mode.unit()).collect();
    d.set_item("units_of_value", units_of_value)?;
    d.set_item("by", &r.by)?;
    d.set_item("strings", &r.strings)?;
    d.set_item("indicator", PyArray1::from_vec(py, r.indicator))?;
    d.set_item("unit", PyArray1::from_vec(py, r.unit))?;
    d.set_item("period", PyArray1::from_vec(py, r.period))?;
    let by_codes: Vec<Bound<'py, PyArray1<u32>>> = r
        .by_codes
        .into_iter()
        .map(|c| PyArray1::from_vec(py, c))
        .collect();
    d.set_item("by_codes", by_codes)?;
    d.set_item("category", PyArray1::from_vec(py, r.category))?;
    d.set_item("value", PyArray1::from_vec(py, r.value))?;
    d.set_item("numerator", PyArray1::from_vec(py, r.numerator))?;
    d.set_item("denominator", PyArray1::from_vec(py, r.denominator))?;
    d.set_item("se", PyArray1::from_vec(py, r.se))?;
    let status: Vec<u8> = r.status.iter().map(|&s| s as u8).collect();
    d.set_item("status", PyArray1::from_vec(py, status))?;
    let status_names: Vec<&str> = ValueStatus::ALL.iter().map(|s| s.name()).collect();
    d.set_item("status_names", status_names)?;
    d.set_item("symbol", PyArray1::from_vec(py, r.symbol))?;
    // indexed by the symbol code (0 = no symbol)
    let mut symbol_names = vec![""; 1 + Symbol::ALL.len()];
    for s in Symbol::ALL {
        if let Some(n) = symbol_names.get_mut(usize::from(s.code())) {
            *n = s.as_str();
        }
    }
    d.set_item("symbol_names", symbol_names)?;
    let (flag_codes, flag_sets) = flags;
    d.set_item("flags", PyArray1::from_vec(py, flag_codes))?;
    d.set_item("flag_sets", flag_sets)?;
    let (num_ref, den_ref, ref_texts) = refs;
    d.set_item("numerator_ref", PyArray1::from_vec(py, num_ref))?;
    d.set_item("denominator_ref", PyArray1::from_vec(py, den_ref))?;
    d.set_item("refs", ref_texts)?;
    d.set_item(
        "population_source",
        PyArray1::from_vec(py, r.population_source),
    )?;
    d.set_item("census_basis", PyArray1::from_vec(py, r.census_basis))?;
    d.set_item("na_code", IndicatorResults::NA)?;
    d.set_item("mixed_code", IndicatorResults::MIXED)?;
    d.set_item("skipped", r.skipped)?;
    d.set_item("warnings", r.warnings)?;
    Ok(d)
}

/// `(value, se, events, population, status, flags)` of a cohort quota.
type Quota = (f64, f64, f64, f64, &'static str, Vec<&'static str>);

fn quota(q: CohortQuota) -> Quota {
    (
        q.value,
        q.se,
        q.events,
        q.population,
        q.status.name(),
        q.flags.names(),
    )
}

/// Quotensummenverfahren over single ages.
#[pyfunction]
pub(crate) fn quota_sum(
    py: Python<'_>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
) -> PyResult<Quota> {
    let (e, p) = (events.as_array(), population.as_array());
    run(py, || cohort::quota_sum(&e.to_vec(), &p.to_vec())).map(quota)
}

/// Durchschnittsjahrgang (average cohort).
#[pyfunction]
pub(crate) fn mean_cohort(
    py: Python<'_>,
    events: f64,
    band_population: PyReadonlyArray1<'_, f64>,
) -> PyResult<Quota> {
    let p = band_population.as_array();
    run(py, || cohort::mean_cohort(events, &p.to_vec())).map(quota)
}
