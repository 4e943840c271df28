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

/// The area statuses as a Python list of their names (`"ok"`, `"missing"`, ...). Each name is
/// one shared string object, so a million areas cost a million references, not a million
/// string allocations.
pub(crate) fn status_list<'py>(
    py: Python<'py>,
    status: &[bildung_core::AreaStatus],
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    use bildung_core::AreaStatus;
    let names: Vec<(AreaStatus, Bound<'py, pyo3::types::PyString>)> = [
        AreaStatus::Ok,
        AreaStatus::Missing,
        AreaStatus::Empty,
        AreaStatus::Undefined,
        AreaStatus::NoData,
    ]
    .into_iter()
    .map(|s| (s, pyo3::types::PyString::new(py, s.name())))
    .collect();
    let name_of = |s: AreaStatus| match names.iter().find(|(k, _)| *k == s) {
        Some((_, n)) => n.clone(),
        None => pyo3::types::PyString::new(py, s.name()),
    };
    pyo3::types::PyList::new(py, status.iter().map(|&s| name_of(s)))
}

/// The bookkeeping of a result dict: the status names (when given), `n_used`, `n_dropped` (when
/// the function has a missing-value policy), `n_empty` and the flag names.
pub(crate) fn bookkeeping(
    d: &Bound<'_, pyo3::types::PyDict>,
    status: Option<&[bildung_core::AreaStatus]>,
    n_used: usize,
    n_dropped: Option<usize>,
    n_empty: usize,
    flags: bildung_core::Flags,
) -> PyResult<()> {
    if let Some(status) = status {
        d.set_item("status", status_list(d.py(), status)?)?;
    }
    d.set_item("n_used", n_used)?;
    if let Some(n) = n_dropped {
        d.set_item("n_dropped", n)?;
    }
    d.set_item("n_empty", n_empty)?;
    d.set_item("flags", flags.names())
}
