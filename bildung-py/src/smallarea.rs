//! `bildung_core::smallarea` for Python: one `#[pyfunction]` per core function, no arithmetic.
//!
//! Counts, direct estimates and variances arrive as float64 numpy arrays, covariates as a
//! two-dimensional float64 array (areas x covariates), all of any strides and only viewed;
//! neighbour lists as lists of non-negative integers (the pure-Python layer turns labels into
//! positions). Option names (`nan_policy`, `method`) are parsed by the core inside the same
//! [`run`] call, so an invalid name raises `bildung.ParameterError`. Results come back as dicts of
//! plain values and arrays, which `bildung.smallarea` wraps in result classes.

use std::borrow::Cow;

use bildung_core::NanPolicy;
use bildung_core::smallarea::{
    self, BetaBinomialMethod, BetaBinomialParams, FayHerriotMethod, FayHerriotParams,
};
use numpy::{PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// Marshall empirical Bayes rates as a dict: per area `estimate, rate, shrinkage, prior_mean,
/// prior_variance, status`; `pooled_rate, between_variance, local, n_used, n_dropped, n_empty,
/// flags`. Global without `neighbours`, local with one list of area positions per area.
#[pyfunction]
#[pyo3(signature = (events, population, *, neighbours=None, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(events, population, *, neighbours=None, nan_policy='raise')")]
pub(crate) fn marshall_eb<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
    neighbours: Option<Vec<Vec<usize>>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let r = run(py, || {
        let nan = NanPolicy::from_name(&nan_policy)?;
        match &neighbours {
            None => smallarea::marshall_global(x, n, nan),
            Some(nb) => smallarea::marshall_local(x, n, nb, nan),
        }
    })?;
    let d = PyDict::new(py);
    d.set_item("estimate", PyArray1::from_vec(py, r.estimate))?;
    d.set_item("rate", PyArray1::from_vec(py, r.rate))?;
    d.set_item("shrinkage", PyArray1::from_vec(py, r.shrinkage))?;
    d.set_item("prior_mean", PyArray1::from_vec(py, r.prior_mean))?;
    d.set_item("prior_variance", PyArray1::from_vec(py, r.prior_variance))?;
    d.set_item("pooled_rate", r.pooled_rate)?;
    d.set_item("between_variance", r.between_variance)?;
    d.set_item("local", r.local)?;
    crate::run::bookkeeping(
        &d,
        Some(&r.status),
        r.n_used,
        Some(r.n_dropped),
        r.n_empty,
        r.flags,
    )?;
    Ok(d)
}

/// Beta-binomial empirical Bayes proportions as a dict: per area `estimate, lower, upper, rate,
/// shrinkage, status`; `alpha, beta, rho, prior_mean, log_likelihood, method, level, iterations,
/// n_used, n_dropped, n_empty, flags`.
#[pyfunction]
#[pyo3(signature = (events, population, *, method=Cow::Borrowed("ml"), level=0.95, tolerance=1e-10, max_iter=100, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(events, population, *, method='ml', level=0.95, tolerance=1e-10, max_iter=100, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn beta_binomial_eb<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
    method: Cow<'_, str>,
    level: f64,
    tolerance: f64,
    max_iter: usize,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let r = run(py, || {
        let params = BetaBinomialParams {
            method: BetaBinomialMethod::from_name(&method)?,
            level,
            tolerance,
            max_iter,
        };
        smallarea::beta_binomial_eb(x, n, &params, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("estimate", PyArray1::from_vec(py, r.estimate))?;
    d.set_item("lower", PyArray1::from_vec(py, r.lower))?;
    d.set_item("upper", PyArray1::from_vec(py, r.upper))?;
    d.set_item("rate", PyArray1::from_vec(py, r.rate))?;
    d.set_item("shrinkage", PyArray1::from_vec(py, r.shrinkage))?;
    d.set_item("alpha", r.alpha)?;
    d.set_item("beta", r.beta)?;
    d.set_item("rho", r.rho)?;
    d.set_item("prior_mean", r.prior_mean)?;
    d.set_item("log_likelihood", r.log_likelihood)?;
    d.set_item("method", r.method.name())?;
    d.set_item("level", r.level)?;
    d.set_item("iterations", r.iterations)?;
    crate::run::bookkeeping(
        &d,
        Some(&r.status),
        r.n_used,
        Some(r.n_dropped),
        r.n_empty,
        r.flags,
    )?;
    Ok(d)
}

/// The Fay-Herriot model as a dict: per area `estimate, mse, gamma, synthetic, g1, g2, g3,
/// status`; per fixed effect `beta, beta_se`; `variance_component, variance_component_se,
/// log_likelihood, restricted_log_likelihood, method, intercept, iterations, n_used, n_empty,
/// flags`. `direct` NaN = out of sample.
#[pyfunction]
#[pyo3(signature = (direct, variance, covariates=None, *, method=Cow::Borrowed("reml"), intercept=true, tolerance=1e-10, max_iter=100))]
#[pyo3(
    text_signature = "(direct, variance, covariates=None, *, method='reml', intercept=True, tolerance=1e-10, max_iter=100)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn fay_herriot<'py>(
    py: Python<'py>,
    direct: PyReadonlyArray1<'_, f64>,
    variance: PyReadonlyArray1<'_, f64>,
    covariates: Option<PyReadonlyArray2<'_, f64>>,
    method: Cow<'_, str>,
    intercept: bool,
    tolerance: f64,
    max_iter: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let (y, psi) = (direct.as_array(), variance.as_array());
    let x = covariates.as_ref().map(|c| c.as_array());
    let r = run(py, || {
        let params = FayHerriotParams {
            method: FayHerriotMethod::from_name(&method)?,
            intercept,
            tolerance,
            max_iter,
        };
        smallarea::fay_herriot(y, psi, x, &params)
    })?;
    let d = PyDict::new(py);
    d.set_item("estimate", PyArray1::from_vec(py, r.estimate))?;
    d.set_item("mse", PyArray1::from_vec(py, r.mse))?;
    d.set_item("gamma", PyArray1::from_vec(py, r.gamma))?;
    d.set_item("synthetic", PyArray1::from_vec(py, r.synthetic))?;
    d.set_item("g1", PyArray1::from_vec(py, r.g1))?;
    d.set_item("g2", PyArray1::from_vec(py, r.g2))?;
    d.set_item("g3", PyArray1::from_vec(py, r.g3))?;
    d.set_item("beta", PyArray1::from_vec(py, r.beta))?;
    d.set_item("beta_se", PyArray1::from_vec(py, r.beta_se))?;
    d.set_item("variance_component", r.variance_component)?;
    d.set_item("variance_component_se", r.variance_component_se)?;
    d.set_item("log_likelihood", r.log_likelihood)?;
    d.set_item("restricted_log_likelihood", r.restricted_log_likelihood)?;
    d.set_item("method", r.method.name())?;
    d.set_item("intercept", r.intercept)?;
    d.set_item("iterations", r.iterations)?;
    crate::run::bookkeeping(&d, Some(&r.status), r.n_used, None, r.n_empty, r.flags)?;
    Ok(d)
}
