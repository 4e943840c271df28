//! `bildung_core::funnel` for Python: one `#[pyfunction]` per core function, no arithmetic.
//!
//! Events, denominators, grids and p-values arrive as float64 numpy arrays of any strides and
//! are only viewed. Option names (`method`, `overdispersion`, `nan_policy`) are parsed by the
//! core inside the same [`run`] call, so an invalid name raises `bildung.ParameterError`. Results
//! come back as dicts of plain values and arrays, which `bildung.funnel` wraps in result classes.

use std::borrow::Cow;

use bildung_core::funnel::{
    self as core_funnel, Adjustment, FunnelClass, FunnelLimits, FunnelMethod, FunnelOptions,
    Overdispersion,
};
use bildung_core::{Error, NanPolicy};
use numpy::{PyArray1, PyArray2, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// The four limit matrices of a limits result into `d`.
fn limit_matrices<'py>(
    py: Python<'py>,
    d: &Bound<'py, PyDict>,
    lower: ndarray::Array2<f64>,
    upper: ndarray::Array2<f64>,
    lower_unclamped: ndarray::Array2<f64>,
    upper_unclamped: ndarray::Array2<f64>,
) -> PyResult<()> {
    d.set_item("lower", PyArray2::from_owned_array(py, lower))?;
    d.set_item("upper", PyArray2::from_owned_array(py, upper))?;
    d.set_item(
        "lower_unclamped",
        PyArray2::from_owned_array(py, lower_unclamped),
    )?;
    d.set_item(
        "upper_unclamped",
        PyArray2::from_owned_array(py, upper_unclamped),
    )
}

/// `(code, label)` of every class for these levels, in legend order.
fn categories(levels: &[f64]) -> Vec<(i8, String)> {
    FunnelClass::all(levels.len())
        .into_iter()
        .map(|c| (c.code(), c.label(levels)))
        .collect()
}

/// Funnel plot of area proportions as a dict (see `bildung.funnel.funnel`).
#[pyfunction]
#[pyo3(signature = (
    events, population, *, target=None, levels=vec![0.95, 0.998],
    method=Cow::Borrowed("exact"), overdispersion=Cow::Borrowed("none"), winsorize=0.1,
    fdr=None, nan_policy=Cow::Borrowed("raise")
))]
#[pyo3(
    text_signature = "(events, population, *, target=None, levels=[0.95, 0.998], method='exact', overdispersion='none', winsorize=0.1, fdr=None, nan_policy='raise')"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn funnel<'py>(
    py: Python<'py>,
    events: PyReadonlyArray1<'_, f64>,
    population: PyReadonlyArray1<'_, f64>,
    target: Option<f64>,
    levels: Vec<f64>,
    method: Cow<'_, str>,
    overdispersion: Cow<'_, str>,
    winsorize: f64,
    fdr: Option<f64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, n) = (events.as_array(), population.as_array());
    let f = run(py, || {
        let options = FunnelOptions {
            target,
            levels,
            method: FunnelMethod::from_name(&method)?,
            overdispersion: Overdispersion::from_name(&overdispersion)?,
            winsorize,
            fdr,
            nan: NanPolicy::from_name(&nan_policy)?,
        };
        core_funnel::funnel(x, n, &options)
    })?;
    let d = PyDict::new(py);
    d.set_item("theta0", f.theta0)?;
    d.set_item("pooled", f.pooled)?;
    d.set_item("method", f.method.name())?;
    d.set_item("overdispersion", f.adjustment.name())?;
    d.set_item("adjustment_value", f.adjustment.value())?;
    d.set_item(
        "level_labels",
        f.levels
            .iter()
            .map(|&l| core_funnel::level_label(l))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("categories", categories(&f.levels))?;
    d.set_item("class_label", f.class_labels())?;
    d.set_item(
        "class_code",
        PyArray1::from_vec(py, f.class.iter().map(|c| c.code()).collect()),
    )?;
    d.set_item("levels", f.levels)?;
    let dispersion = match f.dispersion {
        None => None,
        Some(disp) => {
            let dd = PyDict::new(py);
            dd.set_item("n_areas", disp.n_areas)?;
            dd.set_item("winsorize", disp.winsorize)?;
            dd.set_item("winsor_lower", disp.winsor_lower)?;
            dd.set_item("winsor_upper", disp.winsor_upper)?;
            dd.set_item("phi", disp.phi)?;
            dd.set_item("chi2", disp.chi2)?;
            dd.set_item("df", disp.df)?;
            dd.set_item("p_value", disp.p_value)?;
            dd.set_item("tau2", disp.tau2)?;
            dd.set_item("few_areas", disp.few_areas)?;
            Some(dd)
        }
    };
    d.set_item("dispersion", dispersion)?;
    d.set_item("proportion", PyArray1::from_vec(py, f.proportion))?;
    d.set_item("z", PyArray1::from_vec(py, f.z))?;
    d.set_item("z_adjusted", PyArray1::from_vec(py, f.z_adjusted))?;
    d.set_item("p_value", PyArray1::from_vec(py, f.p_value))?;
    limit_matrices(
        py,
        &d,
        f.lower,
        f.upper,
        f.lower_unclamped,
        f.upper_unclamped,
    )?;
    d.set_item("fdr", f.fdr)?;
    d.set_item("bh", f.bh.map(|b| PyArray1::from_vec(py, b)))?;
    crate::run::bookkeeping(
        &d,
        Some(&f.status),
        f.n_used,
        Some(f.n_dropped),
        f.n_empty,
        f.flags,
    )?;
    Ok(d)
}

/// The core adjustment of a name and its value (`phi` or `tau2`).
fn adjustment(name: &str, value: Option<f64>) -> Result<Adjustment, Error> {
    let need = |what: &'static str| {
        value.ok_or_else(|| {
            Error::parameter(
                what,
                "None",
                format!("overdispersion={name:?} needs {what}"),
            )
        })
    };
    match Overdispersion::from_name(name)? {
        Overdispersion::None => Ok(Adjustment::None),
        Overdispersion::Multiplicative => Ok(Adjustment::Multiplicative { phi: need("phi")? }),
        Overdispersion::Additive => Ok(Adjustment::Additive {
            tau2: need("tau2")?,
        }),
    }
}

fn limits_dict<'py>(py: Python<'py>, l: FunnelLimits) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("theta0", l.theta0)?;
    d.set_item("method", l.method.name())?;
    d.set_item("overdispersion", l.adjustment.name())?;
    d.set_item("adjustment_value", l.adjustment.value())?;
    d.set_item(
        "level_labels",
        l.levels
            .iter()
            .map(|&v| core_funnel::level_label(v))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("levels", l.levels)?;
    d.set_item("n", PyArray1::from_vec(py, l.n))?;
    limit_matrices(
        py,
        &d,
        l.lower,
        l.upper,
        l.lower_unclamped,
        l.upper_unclamped,
    )?;
    Ok(d)
}

/// Control limits on a grid of denominators as a dict (see `bildung.funnel.funnel_limits`);
/// `value` is phi (multiplicative) or tau² (additive).
#[pyfunction]
#[pyo3(signature = (
    theta0, n, *, levels=vec![0.95, 0.998], method=Cow::Borrowed("exact"),
    overdispersion=Cow::Borrowed("none"), value=None
))]
#[pyo3(
    text_signature = "(theta0, n, *, levels=[0.95, 0.998], method='exact', overdispersion='none', value=None)"
)]
pub(crate) fn funnel_limits<'py>(
    py: Python<'py>,
    theta0: f64,
    n: PyReadonlyArray1<'_, f64>,
    levels: Vec<f64>,
    method: Cow<'_, str>,
    overdispersion: Cow<'_, str>,
    value: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let n = n.as_array();
    let l = run(py, || {
        let adj = adjustment(&overdispersion, value)?;
        core_funnel::funnel_limits(theta0, n, &levels, FunnelMethod::from_name(&method)?, adj)
    })?;
    limits_dict(py, l)
}

/// A log-spaced grid of whole denominators from `n_min` to `n_max`.
#[pyfunction]
#[pyo3(signature = (n_min, n_max, points=200))]
#[pyo3(text_signature = "(n_min, n_max, points=200)")]
pub(crate) fn funnel_grid<'py>(
    py: Python<'py>,
    n_min: f64,
    n_max: f64,
    points: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let g = run(py, || core_funnel::funnel_grid(n_min, n_max, points))?;
    Ok(PyArray1::from_vec(py, g))
}

/// Benjamini-Hochberg flags of p-values at a false discovery rate.
#[pyfunction]
#[pyo3(signature = (p, *, fdr))]
#[pyo3(text_signature = "(p, *, fdr)")]
pub(crate) fn benjamini_hochberg<'py>(
    py: Python<'py>,
    p: PyReadonlyArray1<'_, f64>,
    fdr: f64,
) -> PyResult<Bound<'py, PyArray1<bool>>> {
    let p = p.as_array();
    let flags = run(py, || {
        let values: Vec<f64> = p.to_vec();
        core_funnel::benjamini_hochberg(&values, fdr)
    })?;
    Ok(PyArray1::from_vec(py, flags))
}
