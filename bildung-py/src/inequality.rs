//! `bildung_core::inequality` for Python: one `#[pyfunction]` per core function, no arithmetic.
//!
//! Arrays arrive as float64 (values, weights) or int64 (group codes) numpy arrays of any
//! strides and are only viewed (`as_array()`), never copied. Option names (`nan_policy`,
//! `correction`, `rule`, `form`) are parsed by the core inside the same [`run`] call, so an
//! invalid name raises `bildung.ParameterError` like every other core error.
//!
//! Scalar measures return `(value, n_used, n_dropped, [flag names])`; the pure-Python layer
//! (`bildung.inequality`) turns that into a float and warnings.

use std::borrow::Cow;

use bildung_core::inequality::{
    self, GiniCorrection, GroupTerm, LorenzCurve, QuantileRule, VarianceForm,
};
use bildung_core::{Error, Estimate, Flags, NanPolicy};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::run;

/// `(value, n_used, n_dropped, flag names)` of a scalar measure.
type Scalar = (f64, usize, usize, Vec<&'static str>);

/// `(values, n_used, n_dropped, flag names)` of a measure with one value per parameter.
type Many<'py> = (Bound<'py, PyArray1<f64>>, usize, usize, Vec<&'static str>);

/// `(population_share, value_share, n_used, n_dropped, flag names)` of a Lorenz curve.
type Curve<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    usize,
    usize,
    Vec<&'static str>,
);

fn scalar(e: Estimate) -> Scalar {
    (e.value, e.n_used, e.n_dropped, e.flags.names())
}

/// Gini coefficient; `correction` is `"none"`, `"units"` or `"frequency"`.
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, correction=Cow::Borrowed("none"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, correction='none', nan_policy='raise')")]
pub(crate) fn gini(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    correction: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        let correction = GiniCorrection::from_name(&correction)?;
        let nan = NanPolicy::from_name(&nan_policy)?;
        inequality::gini(x, w, correction, nan)
    })
    .map(scalar)
}

/// Lorenz curve: `(population_share, value_share, n_used, n_dropped, flag names)`.
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, nan_policy='raise')")]
pub(crate) fn lorenz_curve<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Curve<'py>> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    let c = run(py, || {
        let nan = NanPolicy::from_name(&nan_policy)?;
        inequality::lorenz_curve(x, w, nan)
    })?;
    Ok((
        PyArray1::from_vec(py, c.population_share),
        PyArray1::from_vec(py, c.value_share),
        c.n_used,
        c.n_dropped,
        c.flags.names(),
    ))
}

/// `L(p)` for every `p`, on the curve given by its points (as returned by [`lorenz_curve`]).
#[pyfunction]
pub(crate) fn lorenz_share_at<'py>(
    py: Python<'py>,
    population_share: PyReadonlyArray1<'_, f64>,
    value_share: PyReadonlyArray1<'_, f64>,
    p: PyReadonlyArray1<'_, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (ps, vs, p) = (
        population_share.as_array(),
        value_share.as_array(),
        p.as_array(),
    );
    let out = run(py, || {
        // Guard against a panic in `share_at` for hand-made curves of unequal lengths.
        if vs.len() != ps.len() {
            return Err(Error::ShapeMismatch {
                what: "value_share",
                expected: ps.len(),
                found: vs.len(),
            });
        }
        let curve = LorenzCurve {
            population_share: ps.to_vec(),
            value_share: vs.to_vec(),
            n_used: 0,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::NONE,
        };
        Ok(p.iter().map(|&q| curve.share_at(q)).collect::<Vec<f64>>())
    })?;
    Ok(PyArray1::from_vec(py, out))
}

/// Defines a `#[pyfunction]` for a core measure with signature `(x, weights, nan)`.
macro_rules! plain_measure {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (x, weights=None, *, nan_policy=Cow::Borrowed("raise")))]
        #[pyo3(text_signature = "(x, weights=None, *, nan_policy='raise')")]
        pub(crate) fn $name(
            py: Python<'_>,
            x: PyReadonlyArray1<'_, f64>,
            weights: Option<PyReadonlyArray1<'_, f64>>,
            nan_policy: Cow<'_, str>,
        ) -> PyResult<Scalar> {
            let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
            run(py, || inequality::$name(x, w, NanPolicy::from_name(&nan_policy)?)).map(scalar)
        }
    };
}

plain_measure!(
    /// Hoover (Robin Hood) index.
    hoover
);
plain_measure!(
    /// Theil index T = GE(1).
    theil
);
plain_measure!(
    /// Mean log deviation = GE(0).
    mean_log_deviation
);
plain_measure!(
    /// Palma ratio (top 10 % share over bottom 40 % share).
    palma
);
plain_measure!(
    /// Quintile share ratio S80/S20.
    s80_s20
);

/// Generalised entropy index GE(alpha).
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, alpha=0.5, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, alpha=0.5, nan_policy='raise')")]
pub(crate) fn generalized_entropy(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    alpha: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        inequality::generalized_entropy(x, w, alpha, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Atkinson index A(epsilon).
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, epsilon=0.5, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, epsilon=0.5, nan_policy='raise')")]
pub(crate) fn atkinson(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    epsilon: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        inequality::atkinson(x, w, epsilon, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Coefficient of variation; `form` is `"population"` or `"sample"`.
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, form=Cow::Borrowed("population"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, form='population', nan_policy='raise')")]
pub(crate) fn coefficient_of_variation(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    form: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        let form = VarianceForm::from_name(&form)?;
        inequality::coefficient_of_variation(x, w, form, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// The p-quantile; `rule` is a numpy method name or `"type1"`..`"type9"`.
#[pyfunction]
#[pyo3(signature = (x, p, weights=None, *, rule=Cow::Borrowed("linear"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, p, weights=None, *, rule='linear', nan_policy='raise')")]
pub(crate) fn quantile(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    p: f64,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    rule: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        let rule = QuantileRule::from_name(&rule)?;
        inequality::quantile(x, w, p, rule, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Quantiles at several probabilities from one sort: `(values, n_used, n_dropped, flags)`.
#[pyfunction]
#[pyo3(signature = (x, p, weights=None, *, rule=Cow::Borrowed("linear"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, p, weights=None, *, rule='linear', nan_policy='raise')")]
pub(crate) fn quantiles<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'py, f64>,
    p: PyReadonlyArray1<'py, f64>,
    weights: Option<PyReadonlyArray1<'py, f64>>,
    rule: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Many<'py>> {
    let (x, p, w) = (
        x.as_array(),
        p.as_array(),
        weights.as_ref().map(|w| w.as_array()),
    );
    let q = run(py, || {
        let rule = QuantileRule::from_name(&rule)?;
        inequality::quantiles(x, w, p, rule, NanPolicy::from_name(&nan_policy)?)
    })?;
    Ok((
        PyArray1::from_vec(py, q.values),
        q.n_used,
        q.n_dropped,
        q.flags.names(),
    ))
}

/// Percentile ratio `Q(upper) / Q(lower)`.
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, upper=0.9, lower=0.1, rule=Cow::Borrowed("linear"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(
    text_signature = "(x, weights=None, *, upper=0.9, lower=0.1, rule='linear', nan_policy='raise')"
)]
pub(crate) fn percentile_ratio(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    upper: f64,
    lower: f64,
    rule: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        let rule = QuantileRule::from_name(&rule)?;
        let nan = NanPolicy::from_name(&nan_policy)?;
        inequality::percentile_ratio(x, w, upper, lower, rule, nan)
    })
    .map(scalar)
}

/// Wolfson polarisation index; `rule` is the quantile rule of the median.
#[pyfunction]
#[pyo3(signature = (x, weights=None, *, rule=Cow::Borrowed("linear"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, weights=None, *, rule='linear', nan_policy='raise')")]
pub(crate) fn wolfson(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    rule: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, w) = (x.as_array(), weights.as_ref().map(|w| w.as_array()));
    run(py, || {
        let rule = QuantileRule::from_name(&rule)?;
        inequality::wolfson(x, w, rule, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// The per-group terms as columns: `{"group": int64[], "n": int64[], "population_share": ...}`.
fn group_columns<'py>(py: Python<'py>, terms: &[GroupTerm]) -> PyResult<Bound<'py, PyDict>> {
    let col = |f: fn(&GroupTerm) -> f64| PyArray1::from_vec(py, terms.iter().map(f).collect());
    let d = PyDict::new(py);
    d.set_item(
        "group",
        PyArray1::from_vec(py, terms.iter().map(|t| t.group).collect()),
    )?;
    d.set_item(
        "n",
        PyArray1::from_vec(
            py,
            terms
                .iter()
                .map(|t| i64::try_from(t.n).unwrap_or(i64::MAX))
                .collect(),
        ),
    )?;
    d.set_item("population_share", col(|t| t.population_share))?;
    d.set_item("value_share", col(|t| t.value_share))?;
    d.set_item("mean", col(|t| t.mean))?;
    d.set_item("inequality", col(|t| t.inequality))?;
    d.set_item("contribution", col(|t| t.contribution))?;
    Ok(d)
}

/// GE(alpha) decomposition by group codes (`groups[i] < 0` = missing group) as a dict with
/// `alpha, total, within, between, n_used, n_dropped, flags, groups`.
#[pyfunction]
#[pyo3(signature = (x, groups, weights=None, *, alpha=1.0, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, groups, weights=None, *, alpha=1.0, nan_policy='raise')")]
pub(crate) fn ge_decomposition<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    groups: PyReadonlyArray1<'_, i64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    alpha: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, g, w) = (
        x.as_array(),
        groups.as_array(),
        weights.as_ref().map(|w| w.as_array()),
    );
    let r = run(py, || {
        inequality::ge_decomposition(x, w, g, alpha, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("alpha", r.alpha)?;
    d.set_item("total", r.total)?;
    d.set_item("within", r.within)?;
    d.set_item("between", r.between)?;
    d.set_item("n_used", r.n_used)?;
    d.set_item("n_dropped", r.n_dropped)?;
    d.set_item("flags", r.flags.names())?;
    d.set_item("groups", group_columns(py, &r.groups)?)?;
    Ok(d)
}

/// Gini decomposition by group codes as a dict with
/// `total, within, between, overlap, n_used, n_dropped, flags, groups`.
#[pyfunction]
#[pyo3(signature = (x, groups, weights=None, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, groups, weights=None, *, nan_policy='raise')")]
pub(crate) fn gini_decomposition<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    groups: PyReadonlyArray1<'_, i64>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, g, w) = (
        x.as_array(),
        groups.as_array(),
        weights.as_ref().map(|w| w.as_array()),
    );
    let r = run(py, || {
        inequality::gini_decomposition(x, w, g, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("total", r.total)?;
    d.set_item("within", r.within)?;
    d.set_item("between", r.between)?;
    d.set_item("overlap", r.overlap)?;
    d.set_item("n_used", r.n_used)?;
    d.set_item("n_dropped", r.n_dropped)?;
    d.set_item("flags", r.flags.names())?;
    d.set_item("groups", group_columns(py, &r.groups)?)?;
    Ok(d)
}
