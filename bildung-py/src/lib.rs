//! Python bindings of bildung: the compiled module `bildung._core`.
//!
//! This crate is glue only: it borrows numpy arrays as views (any strides, no copies), calls one
//! `bildung_core` function per Python function with the GIL released, and converts the result or
//! the error. Conversion of lists, integer arrays and pandas objects, result classes and
//! docstrings live in the pure-Python package `bildung` (`python/bildung/`); the type stubs are
//! hand-written in `python/bildung/_core.pyi` and checked with `mypy.stubtest`.

mod errors;
mod inequality;
mod run;

use pyo3::prelude::*;

/// The compiled core of the `bildung` Python package (private: use `bildung.inequality`).
#[pymodule]
mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::errors::error_classes;
    #[pymodule_export]
    use crate::inequality::{
        atkinson, coefficient_of_variation, ge_decomposition, generalized_entropy, gini,
        gini_decomposition, hoover, lorenz_curve, lorenz_share_at, mean_log_deviation, palma,
        percentile_ratio, quantile, quantiles, s80_s20, theil, wolfson,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", bildung_core::VERSION)?;
        m.add("__all__", super::EXPORTS.to_vec())
    }
}

/// Public names of `_core` (its `__all__`).
const EXPORTS: [&str; 18] = [
    "atkinson",
    "coefficient_of_variation",
    "error_classes",
    "ge_decomposition",
    "generalized_entropy",
    "gini",
    "gini_decomposition",
    "hoover",
    "lorenz_curve",
    "lorenz_share_at",
    "mean_log_deviation",
    "palma",
    "percentile_ratio",
    "quantile",
    "quantiles",
    "s80_s20",
    "theil",
    "wolfson",
];
