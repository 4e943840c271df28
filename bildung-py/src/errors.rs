//! `bildung_core::Error` -> the exception classes of `bildung.exceptions`.
//!
//! The classes are defined in pure Python (docstrings, multiple inheritance with `ValueError` /
//! `ArithmeticError`) and imported here. The match over [`ErrorKind`] is exhaustive on purpose:
//! a new kind in the core must get a class before this crate compiles again.

use bildung_core::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

pyo3::import_exception!(bildung.exceptions, ShapeError);
pyo3::import_exception!(bildung.exceptions, EmptyInputError);
pyo3::import_exception!(bildung.exceptions, MissingValueError);
pyo3::import_exception!(bildung.exceptions, NonFiniteError);
pyo3::import_exception!(bildung.exceptions, NegativeValueError);
pyo3::import_exception!(bildung.exceptions, InvalidCountError);
pyo3::import_exception!(bildung.exceptions, MalformedInputError);
pyo3::import_exception!(bildung.exceptions, ParameterError);
pyo3::import_exception!(bildung.exceptions, UnknownIndicatorError);
pyo3::import_exception!(bildung.exceptions, DefinitionError);
pyo3::import_exception!(bildung.exceptions, UndefinedError);
pyo3::import_exception!(bildung.exceptions, ConvergenceError);
pyo3::import_exception!(bildung.exceptions, InconsistentTableError);
pyo3::import_exception!(bildung.exceptions, ProtectionError);

/// The Python class for an error kind.
fn class_of(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
    match kind {
        ErrorKind::ShapeMismatch => py.get_type::<ShapeError>(),
        ErrorKind::EmptyInput => py.get_type::<EmptyInputError>(),
        ErrorKind::MissingValue => py.get_type::<MissingValueError>(),
        ErrorKind::NonFinite => py.get_type::<NonFiniteError>(),
        ErrorKind::NegativeValue => py.get_type::<NegativeValueError>(),
        ErrorKind::InvalidCount => py.get_type::<InvalidCountError>(),
        ErrorKind::MalformedInput => py.get_type::<MalformedInputError>(),
        ErrorKind::InvalidParameter => py.get_type::<ParameterError>(),
        ErrorKind::UnknownIndicator => py.get_type::<UnknownIndicatorError>(),
        ErrorKind::InvalidDefinition => py.get_type::<DefinitionError>(),
        ErrorKind::Undefined => py.get_type::<UndefinedError>(),
        ErrorKind::DidNotConverge => py.get_type::<ConvergenceError>(),
        ErrorKind::InconsistentTable => py.get_type::<InconsistentTableError>(),
        ErrorKind::ProtectionFailed => py.get_type::<ProtectionError>(),
    }
}

/// Build the Python exception for a core error: message = the core's `Display` text, with the
/// attributes `kind` (the `ErrorKind` name), `code` (its stable number) and `index` (first
/// offending element, or `None`).
pub(crate) fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    let kind = e.kind();
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", kind.name())?;
        kwargs.set_item("code", kind.code())?;
        kwargs.set_item("index", e.index())?;
        let instance = class_of(py, kind).call((e.to_string(),), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    // If building the exception fails (it should not), raise that failure instead.
    build().unwrap_or_else(|failure| failure)
}

/// Every core error kind as `(name, code, Python class)`, in code order.
///
/// Lets the Python tests check that the exception tree in `bildung.exceptions` agrees with the
/// core (class defaults `default_kind` / `default_code`) for every kind, including those no
/// current function raises.
#[pyfunction]
pub(crate) fn error_classes(py: Python<'_>) -> Vec<(&'static str, u32, Bound<'_, PyType>)> {
    ErrorKind::ALL
        .iter()
        .map(|&k| (k.name(), k.code(), class_of(py, k)))
        .collect()
}
