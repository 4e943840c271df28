//! `bildung_core::rates` for Python: one `#[pyfunction]` per core function, no arithmetic.
//!
//! Per-area inputs arrive as float64 numpy arrays and strata tables (areas x strata) as
//! two-dimensional float64 arrays, of any strides; they are only viewed (`as_array()`), never
//! copied. Method and policy names are parsed by the core inside the same [`run`] call, so an
//! invalid name raises `bildung.ParameterError`.
//!
//! Every function returns a dict of per-area numpy arrays (numbers as float64, indicators as
//! bool), `status` (a list of `"ok"` / `"missing"` / `"empty"` / `"undefined"`), `method`,
//! `level` and the bookkeeping `n_used`, `n_dropped`, `n_empty`, `flags`; the pure-Python layer
//! (`bildung.rates`) wraps it in a result object.

use std::borrow::Cow;

use bildung_core::rates::{
    self, DirectParams, DsrMethod, IndirectParams, Intervals, PoissonMethod, ProportionMethod,
};
use bildung_core::{AreaStatus, Flags, NanPolicy};
use numpy::{PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// Method, level and bookkeeping, shared by every result dict.
#[allow(clippy::too_many_arguments)]
fn common<'py>(
    py: Python<'py>,
    method: &'static str,
    level: f64,
    status: &[AreaStatus],
    n_used: usize,
    n_dropped: usize,
    n_empty: usize,
    flags: Flags,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("method", method)?;
    d.set_item("level", level)?;
    crate::run::bookkeeping(&d, Some(status), n_used, Some(n_dropped), n_empty, flags)?;
    Ok(d)
}

fn intervals_dict(py: Python<'_>, r: Intervals) -> PyResult<Bound<'_, PyDict>> {
    let d = common(
        py,
        r.method,
        r.level,
        &r.status,
        r.n_used,
        r.n_dropped,
        r.n_empty,
        r.flags,
    )?;
    d.set_item("estimate", PyArray1::from_vec(py, r.estimate))?;
    d.set_item("lower", PyArray1::from_vec(py, r.lower))?;
    d.set_item("upper", PyArray1::from_vec(py, r.upper))?;
    d.set_item("clamped", PyArray1::from_vec(py, r.clamped))?;
    Ok(d)
}

/// Intervals for a proportion per area (`rates::proportion_ci`).
#[pyfunction]
#[pyo3(signature = (events, population, *, method=Cow::Borrowed("wilson"), level=0.95, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(events, population, *, method='wilson', level=0.95, nan_policy='raise')")]
pub(crate) fn proportion_ci<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
    method: Cow<'_, str>,
    level: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let r = run(py, || {
        let m = ProportionMethod::from_name(&method)?;
        rates::proportion_ci(x, n, m, level, NanPolicy::from_name(&nan_policy)?)
    })?;
    intervals_dict(py, r)
}

/// Poisson intervals for counts or rates per area (`rates::poisson_ci`).
#[pyfunction]
#[pyo3(signature = (events, exposure=None, *, method=Cow::Borrowed("exact"), level=0.95, multiplier=1.0, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(events, exposure=None, *, method='exact', level=0.95, multiplier=1.0, nan_policy='raise')"
)]
pub(crate) fn poisson_ci<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    exposure: Option<PyReadonlyArray1<'_, f64>>,
    method: Cow<'_, str>,
    level: f64,
    multiplier: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let x = events.as_array();
    let e = exposure.as_ref().map(|e| e.as_array());
    let r = run(py, || {
        let m = PoissonMethod::from_name(&method)?;
        rates::poisson_ci(
            x,
            e,
            m,
            level,
            multiplier,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    intervals_dict(py, r)
}

/// Newcombe interval for p1 - p2 per area (`rates::proportion_difference_ci`).
#[pyfunction]
#[pyo3(signature = (events1, population1, events2, population2, *, level=0.95, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(events1, population1, events2, population2, *, level=0.95, nan_policy='raise')"
)]
pub(crate) fn proportion_difference_ci<'py>(
    py: Python<'py>,
    events1: PyReadonlyArray1<'_, f64>,
    population1: PyReadonlyArray1<'_, f64>,
    events2: PyReadonlyArray1<'_, f64>,
    population2: PyReadonlyArray1<'_, f64>,
    level: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x1, n1) = (events1.as_array(), population1.as_array());
    let (x2, n2) = (events2.as_array(), population2.as_array());
    let r = run(py, || {
        rates::proportion_difference_ci(x1, n1, x2, n2, level, NanPolicy::from_name(&nan_policy)?)
    })?;
    intervals_dict(py, r)
}

/// Each area against the pooled other areas (`rates::proportion_difference_versus_rest`).
#[pyfunction]
#[pyo3(signature = (events, population, *, level=0.95, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(events, population, *, level=0.95, nan_policy='raise')")]
pub(crate) fn proportion_difference_versus_rest<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
    level: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let r = run(py, || {
        rates::proportion_difference_versus_rest(x, n, level, NanPolicy::from_name(&nan_policy)?)
    })?;
    intervals_dict(py, r)
}

/// Directly standardised rates (`rates::direct_standardised_rate`).
#[pyfunction]
#[pyo3(signature = (events, population, standard_population, *, method=Cow::Borrowed("dobson"), level=0.95, multiplier=1.0, min_events=10.0, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(events, population, standard_population, *, method='dobson', level=0.95, multiplier=1.0, min_events=10.0, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn direct_standardised_rate<'py>(
    py: Python<'py>,
    events: PyReadonlyArray2<'_, f64>,
    population: PyReadonlyArray2<'_, f64>,
    standard_population: PyReadonlyArray1<'_, f64>,
    method: Cow<'_, str>,
    level: f64,
    multiplier: f64,
    min_events: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let w = standard_population.as_array();
    let r = run(py, || {
        let params = DirectParams {
            method: DsrMethod::from_name(&method)?,
            level,
            multiplier,
            min_events,
        };
        rates::direct_standardised_rate(x, n, w, &params, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = common(
        py,
        r.method,
        r.level,
        &r.status,
        r.n_used,
        r.n_dropped,
        r.n_empty,
        r.flags,
    )?;
    d.set_item("estimate", PyArray1::from_vec(py, r.estimate))?;
    d.set_item("lower", PyArray1::from_vec(py, r.lower))?;
    d.set_item("upper", PyArray1::from_vec(py, r.upper))?;
    d.set_item("standard_error", PyArray1::from_vec(py, r.standard_error))?;
    d.set_item("crude_rate", PyArray1::from_vec(py, r.crude_rate))?;
    d.set_item("observed", PyArray1::from_vec(py, r.observed))?;
    d.set_item("few_events", PyArray1::from_vec(py, r.few_events))?;
    Ok(d)
}

/// Standardised ratios SMR and indirectly standardised rates
/// (`rates::indirect_standardised_ratio`).
#[pyfunction]
#[pyo3(signature = (events, population, reference_rates, reference_population=None, *, method=Cow::Borrowed("exact"), level=0.95, multiplier=1.0, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(events, population, reference_rates, reference_population=None, *, method='exact', level=0.95, multiplier=1.0, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn indirect_standardised_ratio<'py>(
    py: Python<'py>,
    events: PyReadonlyArray2<'_, f64>,
    population: PyReadonlyArray2<'_, f64>,
    reference_rates: PyReadonlyArray1<'_, f64>,
    reference_population: Option<PyReadonlyArray1<'_, f64>>,
    method: Cow<'_, str>,
    level: f64,
    multiplier: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let r_ = reference_rates.as_array();
    let p = reference_population.as_ref().map(|p| p.as_array());
    let r = run(py, || {
        let params = IndirectParams {
            method: PoissonMethod::from_name(&method)?,
            level,
            multiplier,
        };
        rates::indirect_standardised_ratio(x, n, r_, p, &params, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = common(
        py,
        r.method,
        r.level,
        &r.status,
        r.n_used,
        r.n_dropped,
        r.n_empty,
        r.flags,
    )?;
    d.set_item("smr", PyArray1::from_vec(py, r.smr))?;
    d.set_item("lower", PyArray1::from_vec(py, r.lower))?;
    d.set_item("upper", PyArray1::from_vec(py, r.upper))?;
    d.set_item("observed", PyArray1::from_vec(py, r.observed))?;
    d.set_item("expected", PyArray1::from_vec(py, r.expected))?;
    d.set_item("clamped", PyArray1::from_vec(py, r.clamped))?;
    match r.isr {
        Some(isr) => {
            d.set_item("reference_crude_rate", isr.reference_crude_rate)?;
            d.set_item("isr", PyArray1::from_vec(py, isr.estimate))?;
            d.set_item("isr_lower", PyArray1::from_vec(py, isr.lower))?;
            d.set_item("isr_upper", PyArray1::from_vec(py, isr.upper))?;
        }
        None => d.set_item("reference_crude_rate", py.None())?,
    }
    Ok(d)
}
