//! `bildung_core::index` for Python: one `#[pyfunction]` per core function (names prefixed
//! `index_`), no arithmetic.
//!
//! Indicator tables (areas x indicators) arrive as two-dimensional float64 numpy arrays,
//! per-area vectors as float64 arrays, reference masks as bool arrays, parent codes as int64 and
//! class codes as int32 arrays, all only viewed. Option names (`nan_policy`, `boundary`,
//! `weights`, `method`, `scheme`) and `ddof` are parsed by the core inside the same [`run`]
//! call, so an invalid one raises `bildung.ParameterError`. Results come back as dicts of plain
//! values and arrays, which `bildung.index` wraps in result classes.

use std::borrow::Cow;

use bildung_core::index::{
    self, Aggregation, Classes, Composite, PcaOptions, Reference, Scheme, StatusDynamicsOptions,
    Weighting, ZOptions, ZScores,
};
use bildung_core::{AreaStatus, Flags, NanPolicy};
use ndarray::ArrayView1;
use numpy::{PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::{run, status_list};

/// The reference set of the Python arguments `reference`, `population`, `min_population`,
/// `weighted` (views borrowed under the GIL).
fn reference_set<'a>(
    include: Option<ArrayView1<'a, bool>>,
    population: Option<ArrayView1<'a, f64>>,
    min_population: Option<f64>,
    weighted: bool,
) -> Reference<'a> {
    Reference {
        include,
        population,
        min_population,
        weighted,
    }
}

/// Status names, counts and flags into `d`.
fn bookkeeping(
    d: &Bound<'_, PyDict>,
    status: &[AreaStatus],
    n_used: usize,
    n_dropped: usize,
    flags: Flags,
) -> PyResult<()> {
    d.set_item("status", status_list(d.py(), status)?)?;
    d.set_item("n_used", n_used)?;
    d.set_item("n_dropped", n_dropped)?;
    d.set_item("flags", flags.names())
}

fn z_dict<'py>(py: Python<'py>, z: ZScores) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ddof", z.ddof())?;
    d.set_item("values", PyArray2::from_owned_array(py, z.values))?;
    d.set_item("mean", z.mean)?;
    d.set_item("sd", z.sd)?;
    d.set_item("n_reference", z.n_reference)?;
    d.set_item("n_winsorised", z.n_winsorised)?;
    d.set_item("polarity", z.polarity)?;
    d.set_item("weighted", z.weighted)?;
    d.set_item("centred", z.centred)?;
    d.set_item("winsorize", z.winsorize)?;
    d.set_item("in_reference", PyArray1::from_vec(py, z.in_reference))?;
    bookkeeping(&d, &z.status, z.n_used, z.n_dropped, z.flags)?;
    Ok(d)
}

fn composite_dict<'py>(py: Python<'py>, c: Composite) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("values", PyArray1::from_vec(py, c.values))?;
    d.set_item("weights", c.weights)?;
    d.set_item("weighting", c.weighting)?;
    d.set_item("method", c.aggregation.name())?;
    bookkeeping(&d, &c.status, c.n_used, c.n_dropped, c.flags)?;
    Ok(d)
}

fn classes_dict<'py>(py: Python<'py>, c: Classes) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", PyArray1::from_vec(py, c.code))?;
    d.set_item("labels", c.labels)?;
    d.set_item(
        "thresholds",
        c.thresholds.iter().map(|t| t.value).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "boundary",
        c.thresholds
            .iter()
            .map(|t| t.side.name())
            .collect::<Vec<_>>(),
    )?;
    d.set_item("counts", c.counts)?;
    bookkeeping(&d, &c.status, c.n_used, c.n_dropped, c.flags)?;
    Ok(d)
}

/// z-standardisation against a reference set as a dict (see `bildung.index.zscore`).
#[pyfunction]
#[pyo3(signature = (
    x, *, reference=None, population=None, min_population=None, weighted=false, ddof=1,
    polarity=None, winsorize=None, centre=true, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(x, *, reference=None, population=None, min_population=None, weighted=False, ddof=1, polarity=None, winsorize=None, centre=True, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_zscore<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    weighted: bool,
    ddof: u32,
    polarity: Option<Vec<f64>>,
    winsorize: Option<f64>,
    centre: bool,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = x.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let z = run(py, || {
        let options = ZOptions {
            form: index::variance_form(ddof)?,
            polarity,
            winsorize,
            centre,
            nan: NanPolicy::from_name(&nan_policy)?,
        };
        let r = reference_set(inc, pop, min_population, weighted);
        index::zscore(x, &r, &options)
    })?;
    z_dict(py, z)
}

/// Re-standardisation of a composite as a dict (see `bildung.index.restandardise`).
#[pyfunction]
#[pyo3(signature = (
    values, *, reference=None, population=None, min_population=None, weighted=false, ddof=1,
    centre=true, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(values, *, reference=None, population=None, min_population=None, weighted=False, ddof=1, centre=True, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_restandardise<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    weighted: bool,
    ddof: u32,
    centre: bool,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let z = run(py, || {
        let options = ZOptions {
            form: index::variance_form(ddof)?,
            polarity: None,
            winsorize: None,
            centre,
            nan: NanPolicy::from_name(&nan_policy)?,
        };
        let r = reference_set(inc, pop, min_population, weighted);
        index::restandardise(v, &r, &options)
    })?;
    z_dict(py, z)
}

/// Min-max scaling as a dict (see `bildung.index.min_max`).
#[pyfunction]
#[pyo3(signature = (
    x, *, reference=None, population=None, min_population=None, polarity=None,
    nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(x, *, reference=None, population=None, min_population=None, polarity=None, nan_policy='raise')"
)]
pub(crate) fn index_min_max<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    polarity: Option<Vec<f64>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = x.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let m = run(py, || {
        let r = reference_set(inc, pop, min_population, false);
        index::min_max(
            x,
            &r,
            polarity.as_deref(),
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray2::from_owned_array(py, m.values))?;
    d.set_item("min", m.min)?;
    d.set_item("max", m.max)?;
    d.set_item("n_reference", m.n_reference)?;
    d.set_item("polarity", m.polarity)?;
    d.set_item("in_reference", PyArray1::from_vec(py, m.in_reference))?;
    bookkeeping(&d, &m.status, m.n_used, m.n_dropped, m.flags)?;
    Ok(d)
}

/// Average-rank percentiles as a dict (see `bildung.index.percentile_rank`).
#[pyfunction]
#[pyo3(signature = (
    x, *, reference=None, population=None, min_population=None, polarity=None,
    nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(x, *, reference=None, population=None, min_population=None, polarity=None, nan_policy='raise')"
)]
pub(crate) fn index_percentile_rank<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    polarity: Option<Vec<f64>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = x.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let p = run(py, || {
        let r = reference_set(inc, pop, min_population, false);
        index::percentile_rank(
            x,
            &r,
            polarity.as_deref(),
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray2::from_owned_array(py, p.percentile))?;
    d.set_item("rank", PyArray2::from_owned_array(py, p.rank))?;
    d.set_item("n_reference", p.n_reference)?;
    d.set_item("polarity", p.polarity)?;
    d.set_item("in_reference", PyArray1::from_vec(py, p.in_reference))?;
    bookkeeping(&d, &p.status, p.n_used, p.n_dropped, p.flags)?;
    Ok(d)
}

/// Weighted sum of indicators as a dict (see `bildung.index.weighted_sum`). `weights` is
/// `"equal"`, `"sum"` or `None` with `user_weights` given.
#[pyfunction]
#[pyo3(signature = (
    x, *, weights=Cow::Borrowed("equal"), user_weights=None, method=Cow::Borrowed("linear"),
    nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(x, *, weights='equal', user_weights=None, method='linear', nan_policy='raise')"
)]
pub(crate) fn index_weighted_sum<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    weights: Cow<'_, str>,
    user_weights: Option<Vec<f64>>,
    method: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = x.as_array();
    let c = run(py, || {
        let weighting = match user_weights {
            Some(w) => Weighting::User(w),
            None => Weighting::from_name(&weights)?,
        };
        index::weighted_sum(
            x,
            &weighting,
            Aggregation::from_name(&method)?,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    composite_dict(py, c)
}

/// PCA weights as a dict (see `bildung.index.pca_weights`).
#[pyfunction]
#[pyo3(signature = (
    x, *, reference=None, population=None, min_population=None, weighted=false,
    min_share=0.5, min_gap=0.1, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(x, *, reference=None, population=None, min_population=None, weighted=False, min_share=0.5, min_gap=0.1, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_pca_weights<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    weighted: bool,
    min_share: f64,
    min_gap: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = x.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let p = run(py, || {
        let options = PcaOptions {
            min_share,
            min_gap,
            nan: NanPolicy::from_name(&nan_policy)?,
        };
        let r = reference_set(inc, pop, min_population, weighted);
        index::pca_weights(x, &r, &options)
    })?;
    let d = PyDict::new(py);
    d.set_item("eigenvalues", p.eigenvalues)?;
    d.set_item("explained", p.explained)?;
    d.set_item("components", PyArray2::from_owned_array(py, p.components))?;
    d.set_item("loadings", p.loadings)?;
    d.set_item("weights", p.weights)?;
    d.set_item("correlation", PyArray2::from_owned_array(py, p.correlation))?;
    d.set_item("low_share", p.low_share)?;
    d.set_item("close_eigenvalues", p.close_eigenvalues)?;
    d.set_item("unstable", p.unstable)?;
    d.set_item("weighted", p.weighted)?;
    d.set_item("n_used", p.n_used)?;
    d.set_item("n_dropped", p.n_dropped)?;
    d.set_item("flags", p.flags.names())?;
    Ok(d)
}

/// Population-weighted means of sub-areas per parent as a dict (see
/// `bildung.index.aggregate_weighted`).
#[pyfunction]
#[pyo3(signature = (x, parent, weights, n_parents, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, parent, weights, n_parents, *, nan_policy='raise')")]
pub(crate) fn index_aggregate_weighted<'py>(
    py: Python<'py>,
    x: PyReadonlyArray2<'_, f64>,
    parent: PyReadonlyArray1<'_, i64>,
    weights: PyReadonlyArray1<'_, f64>,
    n_parents: usize,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, parent, weights) = (x.as_array(), parent.as_array(), weights.as_array());
    let a = run(py, || {
        index::aggregate_weighted(
            x,
            parent,
            weights,
            n_parents,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray2::from_owned_array(py, a.values))?;
    d.set_item("total_weight", a.total_weight)?;
    d.set_item("n_areas", a.n_areas)?;
    d.set_item("n_empty", a.n_empty)?;
    bookkeeping(&d, &a.status, a.n_used, a.n_dropped, a.flags)?;
    Ok(d)
}

/// A preset scheme as `(thresholds, boundary rules, labels)`: `"mss_status"`, `"mss_dynamics"`.
#[pyfunction]
pub(crate) fn index_scheme(
    py: Python<'_>,
    name: Cow<'_, str>,
) -> PyResult<(Vec<f64>, Vec<&'static str>, Vec<String>)> {
    let s = run(py, || Scheme::preset(&name))?;
    Ok((
        s.thresholds.iter().map(|t| t.value).collect(),
        s.thresholds.iter().map(|t| t.side.name()).collect(),
        s.labels,
    ))
}

/// Classification by fixed thresholds as a dict (see `bildung.index.classify`).
#[pyfunction]
#[pyo3(signature = (values, thresholds, *, boundary, labels=None, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(values, thresholds, *, boundary, labels=None, nan_policy='raise')")]
pub(crate) fn index_classify<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    thresholds: Vec<f64>,
    boundary: Vec<String>,
    labels: Option<Vec<String>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let c = run(py, || {
        let scheme = Scheme::from_names(&thresholds, &boundary, labels)?;
        index::classify(v, &scheme, NanPolicy::from_name(&nan_policy)?)
    })?;
    classes_dict(py, c)
}

/// Quantile classes as a dict (see `bildung.index.classify_quantiles`).
#[pyfunction]
#[pyo3(signature = (
    values, probabilities, *, reference=None, population=None, min_population=None,
    labels=None, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(values, probabilities, *, reference=None, population=None, min_population=None, labels=None, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_classify_quantiles<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    probabilities: Vec<f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    labels: Option<Vec<String>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let c = run(py, || {
        let r = reference_set(inc, pop, min_population, false);
        index::classify_quantiles(
            v,
            &r,
            &probabilities,
            labels,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    classes_dict(py, c)
}

/// Equal-width stages as a dict (see `bildung.index.classify_equal_width`).
#[pyfunction]
#[pyo3(signature = (
    values, stages, *, top_share=None, reference=None, population=None, min_population=None,
    labels=None, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(values, stages, *, top_share=None, reference=None, population=None, min_population=None, labels=None, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_classify_equal_width<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    stages: usize,
    top_share: Option<f64>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    labels: Option<Vec<String>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let c = run(py, || {
        let r = reference_set(inc, pop, min_population, false);
        index::classify_equal_width(
            v,
            &r,
            stages,
            top_share,
            labels,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    classes_dict(py, c)
}

/// SD classes as a dict (see `bildung.index.classify_sd`).
#[pyfunction]
#[pyo3(signature = (
    values, multiples, *, boundary, labels=None, reference=None, population=None,
    min_population=None, weighted=false, ddof=1, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(values, multiples, *, boundary, labels=None, reference=None, population=None, min_population=None, weighted=False, ddof=1, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_classify_sd<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'_, f64>,
    multiples: Vec<f64>,
    boundary: Vec<String>,
    labels: Option<Vec<String>>,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    weighted: bool,
    ddof: u32,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let v = values.as_array();
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let c = run(py, || {
        let scheme = Scheme::from_names(&multiples, &boundary, labels)?;
        let r = reference_set(inc, pop, min_population, weighted);
        index::classify_sd(
            v,
            &r,
            &scheme,
            index::variance_form(ddof)?,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    classes_dict(py, c)
}

/// Cross-classification of two class-code vectors as a dict (see `bildung.index.cross_classify`).
#[pyfunction]
#[pyo3(signature = (code_a, labels_a, code_b, labels_b))]
pub(crate) fn index_cross_classify<'py>(
    py: Python<'py>,
    code_a: PyReadonlyArray1<'_, i32>,
    labels_a: Vec<String>,
    code_b: PyReadonlyArray1<'_, i32>,
    labels_b: Vec<String>,
) -> PyResult<Bound<'py, PyDict>> {
    let (a, b) = (code_a.as_array(), code_b.as_array());
    let c = run(py, || {
        index::cross_codes(&a.to_vec(), &labels_a, &b.to_vec(), &labels_b)
    })?;
    classes_dict(py, c)
}

fn part_dict<'py>(py: Python<'py>, p: index::IndexPart) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match p.z {
        Some(z) => d.set_item("z", z_dict(py, z)?)?,
        None => d.set_item("z", py.None())?,
    }
    d.set_item("sum", composite_dict(py, p.sum)?)?;
    d.set_item("index", z_dict(py, p.index)?)?;
    d.set_item("classes", classes_dict(py, p.classes)?)?;
    Ok(d)
}

/// The MSS status x dynamics pipeline as a dict (see `bildung.index.status_dynamics`).
#[pyfunction]
#[pyo3(signature = (
    status, dynamics, *, standardise=true, reference=None, population=None,
    min_population=None, weighted=false, ddof=1, centre_index=true, status_polarity=None,
    dynamics_polarity=None, status_thresholds=Vec::new(), status_boundary=Vec::new(),
    status_labels=None, dynamics_thresholds=Vec::new(), dynamics_boundary=Vec::new(),
    dynamics_labels=None, status_scheme=None, dynamics_scheme=None,
    nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(status, dynamics, *, standardise=True, reference=None, population=None, min_population=None, weighted=False, ddof=1, centre_index=True, status_polarity=None, dynamics_polarity=None, status_thresholds=[], status_boundary=[], status_labels=None, dynamics_thresholds=[], dynamics_boundary=[], dynamics_labels=None, status_scheme=None, dynamics_scheme=None, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_status_dynamics<'py>(
    py: Python<'py>,
    status: PyReadonlyArray2<'_, f64>,
    dynamics: PyReadonlyArray2<'_, f64>,
    standardise: bool,
    reference: Option<PyReadonlyArray1<'_, bool>>,
    population: Option<PyReadonlyArray1<'_, f64>>,
    min_population: Option<f64>,
    weighted: bool,
    ddof: u32,
    centre_index: bool,
    status_polarity: Option<Vec<f64>>,
    dynamics_polarity: Option<Vec<f64>>,
    status_thresholds: Vec<f64>,
    status_boundary: Vec<String>,
    status_labels: Option<Vec<String>>,
    dynamics_thresholds: Vec<f64>,
    dynamics_boundary: Vec<String>,
    dynamics_labels: Option<Vec<String>>,
    status_scheme: Option<String>,
    dynamics_scheme: Option<String>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (s, dy) = (status.as_array(), dynamics.as_array());
    let inc = reference.as_ref().map(PyReadonlyArray1::as_array);
    let pop = population.as_ref().map(PyReadonlyArray1::as_array);
    let r = run(py, || {
        let scheme = |preset: Option<String>, t: Vec<f64>, b: Vec<String>, l| match preset {
            Some(name) => Scheme::preset(&name),
            None => Scheme::from_names(&t, &b, l),
        };
        let options = StatusDynamicsOptions {
            reference: reference_set(inc, pop, min_population, weighted),
            standardise,
            status_polarity,
            dynamics_polarity,
            form: index::variance_form(ddof)?,
            centre_index,
            status_scheme: scheme(
                status_scheme,
                status_thresholds,
                status_boundary,
                status_labels,
            )?,
            dynamics_scheme: scheme(
                dynamics_scheme,
                dynamics_thresholds,
                dynamics_boundary,
                dynamics_labels,
            )?,
            nan: NanPolicy::from_name(&nan_policy)?,
        };
        index::status_dynamics(s, dy, &options)
    })?;
    let d = PyDict::new(py);
    d.set_item("status", part_dict(py, r.status)?)?;
    d.set_item("dynamics", part_dict(py, r.dynamics)?)?;
    d.set_item("groups", classes_dict(py, r.groups)?)?;
    Ok(d)
}
