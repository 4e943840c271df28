//! The one way a binding calls the core: GIL released, errors mapped.

use pyo3::prelude::*;

/// Run one core computation with the GIL released (`py.detach`) and map its error to the
/// `bildung.exceptions` class of its kind.
///
/// Inputs are borrowed under the GIL before the call (numpy's borrow stays registered while
/// detached), so `f` only sees `ArrayView`s and plain values.
pub(crate) fn run<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> bildung_core::Result<T> + Send,
    T: Send,
{
    py.detach(f).map_err(|e| crate::errors::to_pyerr(py, &e))
}
