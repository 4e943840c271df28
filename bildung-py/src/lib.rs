//! Python bindings of bildung (module `bildung._core`).
use pyo3::prelude::*;

/// The compiled core of the `bildung` Python package.
#[pymodule]
mod _core {}
