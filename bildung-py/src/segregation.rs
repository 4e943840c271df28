//! `bildung_core::segregation` for Python: one `#[pyfunction]` per core function, no arithmetic.
//!
//! Two-group counts `x`, `t` arrive as float64 numpy arrays, count tables (areas x groups) as
//! two-dimensional float64 arrays and district codes as int64 arrays, all of any strides; they
//! are only viewed (`as_array()`), never copied. Option names (`nan_policy`, `index`) are parsed
//! by the core inside the same [`run`] call, so an invalid name raises `bildung.ParameterError`.
//!
//! Scalar indices return `(value, n_used, n_dropped, [flag names])` like `bildung._core`'s
//! inequality functions; structured results come back as dicts of plain values and arrays, which
//! the pure-Python layer (`bildung.segregation`) wraps in result classes.

use std::borrow::Cow;

use bildung_core::segregation::{self, NullIndex};
use bildung_core::{Estimate, NanPolicy};
use numpy::{PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::run::{bookkeeping, run};

/// `(value, n_used, n_dropped, flag names)` of a scalar index.
type Scalar = (f64, usize, usize, Vec<&'static str>);

fn scalar(e: Estimate) -> Scalar {
    (e.value, e.n_used, e.n_dropped, e.flags.names())
}

/// Defines a `#[pyfunction]` for a two-group index with signature `(x, t, nan)`.
macro_rules! two_group_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (x, t, *, nan_policy=Cow::Borrowed("raise")))]
        #[pyo3(text_signature = "(x, t, *, nan_policy='raise')")]
        pub(crate) fn $name(
            py: Python<'_>,
            x: PyReadonlyArray1<'_, f64>,
            t: PyReadonlyArray1<'_, f64>,
            nan_policy: Cow<'_, str>,
        ) -> PyResult<Scalar> {
            let (x, t) = (x.as_array(), t.as_array());
            run(py, || segregation::$name(x, t, NanPolicy::from_name(&nan_policy)?)).map(scalar)
        }
    };
}

two_group_index!(
    /// Dissimilarity index D.
    dissimilarity
);
two_group_index!(
    /// Gini segregation index.
    gini_segregation
);
two_group_index!(
    /// Theil's two-group entropy index H.
    entropy_index
);
two_group_index!(
    /// Isolation index xPx.
    isolation
);
two_group_index!(
    /// Exposure index xPy.
    exposure
);
two_group_index!(
    /// Correlation ratio eta^2.
    correlation_ratio
);
two_group_index!(
    /// Hutchens' square root index.
    hutchens
);
two_group_index!(
    /// MinMax index.
    minmax
);
two_group_index!(
    /// Density-corrected dissimilarity index.
    density_corrected_dissimilarity
);
two_group_index!(
    /// Fossett's self-excluded separation index.
    self_excluded_separation
);

/// Atkinson segregation index A(b).
#[pyfunction]
#[pyo3(signature = (x, t, *, b=0.5, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, b=0.5, nan_policy='raise')")]
pub(crate) fn atkinson_segregation(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    b: f64,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, t) = (x.as_array(), t.as_array());
    run(py, || {
        segregation::atkinson_segregation(x, t, b, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Carrington-Troske index; `index` is `"dissimilarity"`, `"entropy_index"` or
/// `"correlation_ratio"`.
#[pyfunction]
#[pyo3(signature = (x, t, *, index=Cow::Borrowed("dissimilarity"), nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, index='dissimilarity', nan_policy='raise')")]
pub(crate) fn carrington_troske(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    index: Cow<'_, str>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let (x, t) = (x.as_array(), t.as_array());
    run(py, || {
        let index = NullIndex::from_name(&index)?;
        segregation::carrington_troske(x, t, index, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Concentration profile as a dict `value, thresholds, shares, n_used, n_dropped, n_empty, flags`.
#[pyfunction]
#[pyo3(signature = (x, t, *, points=segregation::CONCENTRATION_PROFILE_POINTS, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, points=1000, nan_policy='raise')")]
pub(crate) fn concentration_profile<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    points: usize,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, t) = (x.as_array(), t.as_array());
    let r = run(py, || {
        segregation::concentration_profile(x, t, points, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("value", r.value)?;
    d.set_item("thresholds", PyArray1::from_vec(py, r.thresholds))?;
    d.set_item("shares", PyArray1::from_vec(py, r.shares))?;
    bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
    Ok(d)
}

/// Exact expectations under random allocation as a dict.
#[pyfunction]
#[pyo3(signature = (x, t, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, nan_policy='raise')")]
pub(crate) fn expected_under_random_allocation<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, t) = (x.as_array(), t.as_array());
    let r = run(py, || {
        segregation::expected_under_random_allocation(x, t, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("dissimilarity", r.dissimilarity)?;
    d.set_item("entropy_index", r.entropy_index)?;
    d.set_item("correlation_ratio", r.correlation_ratio)?;
    d.set_item("isolation", r.isolation)?;
    bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
    Ok(d)
}

/// Winship's expected dissimilarity as a dict `exact, normal_approximation, ...`.
#[pyfunction]
#[pyo3(signature = (x, t, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, nan_policy='raise')")]
pub(crate) fn winship_expected_dissimilarity<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, t) = (x.as_array(), t.as_array());
    let r = run(py, || {
        segregation::winship_expected_dissimilarity(x, t, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("exact", r.exact)?;
    d.set_item("normal_approximation", r.normal_approximation)?;
    bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
    Ok(d)
}

/// Bias-corrected dissimilarity as a dict `value, observed, expected_bootstrap, ...`.
#[pyfunction]
#[pyo3(signature = (x, t, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(x, t, *, nan_policy='raise')")]
pub(crate) fn bias_corrected_dissimilarity<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'_, f64>,
    t: PyReadonlyArray1<'_, f64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (x, t) = (x.as_array(), t.as_array());
    let r = run(py, || {
        segregation::bias_corrected_dissimilarity(x, t, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("value", r.value)?;
    d.set_item("observed", r.observed)?;
    d.set_item("expected_bootstrap", r.expected_bootstrap)?;
    bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
    Ok(d)
}

/// Defines a `#[pyfunction]` for a table index with signature `(counts, nan)`.
macro_rules! table_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (counts, *, nan_policy=Cow::Borrowed("raise")))]
        #[pyo3(text_signature = "(counts, *, nan_policy='raise')")]
        pub(crate) fn $name(
            py: Python<'_>,
            counts: PyReadonlyArray2<'_, f64>,
            nan_policy: Cow<'_, str>,
        ) -> PyResult<Scalar> {
            let counts = counts.as_array();
            run(py, || segregation::$name(counts, NanPolicy::from_name(&nan_policy)?)).map(scalar)
        }
    };
}

table_index!(
    /// Multigroup dissimilarity index D_m.
    multi_dissimilarity
);
table_index!(
    /// Multigroup Gini segregation index G_m.
    multi_gini
);
table_index!(
    /// Mutual information index M.
    mutual_information
);
table_index!(
    /// Theil's multigroup information theory index H.
    multi_information_theory
);
table_index!(
    /// Normalised exposure index.
    normalized_exposure
);
table_index!(
    /// Relative diversity index.
    relative_diversity
);
table_index!(
    /// Squared coefficient of variation C.
    squared_coefficient_of_variation
);
table_index!(
    /// Roberto's divergence index (= M).
    divergence
);
table_index!(
    /// Simpson concentration of the group shares.
    simpson_concentration
);

/// Shannon diversity E (or `E / ln J` with `normalized`).
#[pyfunction]
#[pyo3(signature = (counts, *, normalized=false, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(counts, *, normalized=False, nan_policy='raise')")]
pub(crate) fn shannon_diversity(
    py: Python<'_>,
    counts: PyReadonlyArray2<'_, f64>,
    normalized: bool,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let counts = counts.as_array();
    run(py, || {
        segregation::shannon_diversity(counts, normalized, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Simpson interaction I (or `I / (1 - 1/J)` with `normalized`).
#[pyfunction]
#[pyo3(signature = (counts, *, normalized=false, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(counts, *, normalized=False, nan_policy='raise')")]
pub(crate) fn simpson_interaction(
    py: Python<'_>,
    counts: PyReadonlyArray2<'_, f64>,
    normalized: bool,
    nan_policy: Cow<'_, str>,
) -> PyResult<Scalar> {
    let counts = counts.as_array();
    run(py, || {
        segregation::simpson_interaction(counts, normalized, NanPolicy::from_name(&nan_policy)?)
    })
    .map(scalar)
}

/// Defines a `#[pyfunction]` for a rank-order index, returned as a dict.
macro_rules! rank_order_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (counts, *, nan_policy=Cow::Borrowed("raise")))]
        #[pyo3(text_signature = "(counts, *, nan_policy='raise')")]
        pub(crate) fn $name<'py>(
            py: Python<'py>,
            counts: PyReadonlyArray2<'_, f64>,
            nan_policy: Cow<'_, str>,
        ) -> PyResult<Bound<'py, PyDict>> {
            let counts = counts.as_array();
            let r = run(py, || segregation::$name(counts, NanPolicy::from_name(&nan_policy)?))?;
            let d = PyDict::new(py);
            d.set_item("value", r.value)?;
            d.set_item("thresholds", PyArray1::from_vec(py, r.thresholds))?;
            d.set_item("profile", PyArray1::from_vec(py, r.profile))?;
            d.set_item("degree", r.degree)?;
            d.set_item("coefficients", PyArray1::from_vec(py, r.coefficients))?;
            bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
            Ok(d)
        }
    };
}

rank_order_index!(
    /// Rank-order information theory index H^R.
    rank_order_information_theory
);
rank_order_index!(
    /// Rank-order variance ratio index R^R.
    rank_order_variance_ratio
);

/// Location quotients as a dict `values (rows x columns), status, n_used, n_dropped, n_empty,
/// flags`.
#[pyfunction]
#[pyo3(signature = (counts, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(counts, *, nan_policy='raise')")]
pub(crate) fn location_quotient<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray2<'_, f64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let counts = counts.as_array();
    let r = run(py, || {
        segregation::location_quotient(counts, NanPolicy::from_name(&nan_policy)?)
    })?;
    let d = PyDict::new(py);
    d.set_item("values", PyArray2::from_owned_array(py, r.values))?;
    bookkeeping(
        &d,
        Some(&r.status),
        r.n_used,
        Some(r.n_dropped),
        r.n_empty,
        r.flags,
    )?;
    Ok(d)
}

fn local_dict<'py>(py: Python<'py>, r: segregation::LocalValues) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("values", PyArray1::from_vec(py, r.values))?;
    bookkeeping(
        &d,
        Some(&r.status),
        r.n_used,
        Some(r.n_dropped),
        r.n_empty,
        r.flags,
    )?;
    Ok(d)
}

/// Local entropy per area as a dict `values, status, n_used, n_dropped, n_empty, flags`.
#[pyfunction]
#[pyo3(signature = (counts, *, normalized=false, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(counts, *, normalized=False, nan_policy='raise')")]
pub(crate) fn local_entropy<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray2<'_, f64>,
    normalized: bool,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let counts = counts.as_array();
    let r = run(py, || {
        segregation::local_entropy(counts, normalized, NanPolicy::from_name(&nan_policy)?)
    })?;
    local_dict(py, r)
}

/// Defines a `#[pyfunction]` for a local index with one value per area, returned as a dict.
macro_rules! local_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (counts, *, nan_policy=Cow::Borrowed("raise")))]
        #[pyo3(text_signature = "(counts, *, nan_policy='raise')")]
        pub(crate) fn $name<'py>(
            py: Python<'py>,
            counts: PyReadonlyArray2<'_, f64>,
            nan_policy: Cow<'_, str>,
        ) -> PyResult<Bound<'py, PyDict>> {
            let counts = counts.as_array();
            let r = run(py, || segregation::$name(counts, NanPolicy::from_name(&nan_policy)?))?;
            local_dict(py, r)
        }
    };
}

local_index!(
    /// Local Simpson interaction per area.
    local_simpson_interaction
);
local_index!(
    /// Local Simpson concentration per area.
    local_simpson_concentration
);
local_index!(
    /// Local segregation scores ls_i of M per area.
    local_mutual_information
);

/// M and H decomposed by district codes (`districts[i] < 0` = missing) as a dict with
/// `m_total, m_between, m_within, h_total, h_between, h_within, n_used, n_dropped, n_empty,
/// flags, districts` (`districts`: a dict of columns, one entry per district).
#[pyfunction]
#[pyo3(signature = (counts, districts, *, nan_policy=Cow::Borrowed("raise")))]
#[pyo3(text_signature = "(counts, districts, *, nan_policy='raise')")]
pub(crate) fn mutual_information_decomposition<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray2<'_, f64>,
    districts: PyReadonlyArray1<'_, i64>,
    nan_policy: Cow<'_, str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (counts, districts) = (counts.as_array(), districts.as_array());
    let r = run(py, || {
        segregation::mutual_information_decomposition(
            counts,
            districts,
            NanPolicy::from_name(&nan_policy)?,
        )
    })?;
    let d = PyDict::new(py);
    d.set_item("m_total", r.m_total)?;
    d.set_item("m_between", r.m_between)?;
    d.set_item("m_within", r.m_within)?;
    d.set_item("h_total", r.h_total)?;
    d.set_item("h_between", r.h_between)?;
    d.set_item("h_within", r.h_within)?;
    bookkeeping(&d, None, r.n_used, Some(r.n_dropped), r.n_empty, r.flags)?;
    let terms = &r.districts;
    let col = |f: fn(&segregation::DistrictTerm) -> f64| {
        PyArray1::from_vec(py, terms.iter().map(f).collect())
    };
    let t = PyDict::new(py);
    t.set_item(
        "district",
        PyArray1::from_vec(py, terms.iter().map(|s| s.district).collect()),
    )?;
    t.set_item(
        "n_areas",
        PyArray1::from_vec(
            py,
            terms
                .iter()
                .map(|s| i64::try_from(s.n_areas).unwrap_or(i64::MAX))
                .collect(),
        ),
    )?;
    t.set_item("population_share", col(|s| s.population_share))?;
    t.set_item("entropy", col(|s| s.entropy))?;
    t.set_item("m", col(|s| s.m))?;
    t.set_item("h", col(|s| s.h))?;
    t.set_item("m_contribution", col(|s| s.m_contribution))?;
    t.set_item("h_contribution", col(|s| s.h_contribution))?;
    d.set_item("districts", t)?;
    Ok(d)
}
