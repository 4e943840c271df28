//! Status codes: what every fallible `bildung_*` function returns.
//!
//! Codes 1..=99 can only arise in the C layer (a NULL pointer, a buffer that is too small, a caught
//! panic); codes from 100 on are the stable [`ErrorKind`] codes of `bildung-core`. Codes are never
//! renumbered; retired codes stay listed as reserved.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use bildung_core::ErrorKind;

/// Status returned by every fallible function: `BILDUNG_OK` (0) or an error code.
pub type bildung_status = u32;

/// Success.
pub const BILDUNG_OK: bildung_status = 0;
/// A required pointer is NULL (or an array pointer is NULL while its length is above 0).
pub const BILDUNG_ERR_NULL_ARGUMENT: bildung_status = 1;
/// A caller-supplied output buffer is too small; the needed length was reported.
pub const BILDUNG_ERR_BUFFER_SIZE: bildung_status = 2;
/// A string argument is not valid UTF-8.
pub const BILDUNG_ERR_INVALID_UTF8: bildung_status = 3;
/// A bug: the library panicked. The panic was caught; the message is in the last error.
pub const BILDUNG_ERR_PANIC: bildung_status = 99;
/// Inputs that must have the same length do not.
pub const BILDUNG_ERR_SHAPE_MISMATCH: bildung_status = 100;
/// No observations where at least one is needed (also: none left after omitting missing values).
pub const BILDUNG_ERR_EMPTY_INPUT: bildung_status = 101;
/// A missing value (NaN) under `BILDUNG_NAN_RAISE`.
pub const BILDUNG_ERR_MISSING_VALUE: bildung_status = 102;
/// An infinite value (an error under every NaN policy).
pub const BILDUNG_ERR_NON_FINITE: bildung_status = 103;
/// A negative value where only non-negative values are allowed (values or weights).
pub const BILDUNG_ERR_NEGATIVE_VALUE: bildung_status = 104;
/// A count that is negative or not integral, or events above the population.
pub const BILDUNG_ERR_INVALID_COUNT: bildung_status = 105;
/// A table or file that breaks its format (malformed CSV, missing column, duplicated key,
/// unknown area id); the last error message names the table, row and column.
pub const BILDUNG_ERR_MALFORMED_INPUT: bildung_status = 106;
/// A table whose totals do not add up (a margin or aggregate differs from the sum of its
/// parts); the last error message names the total, its value and the sum of its parts.
pub const BILDUNG_ERR_INCONSISTENT_TABLE: bildung_status = 107;
/// An option or parameter outside its allowed range (including an unknown option integer).
pub const BILDUNG_ERR_INVALID_PARAMETER: bildung_status = 200;
/// An indicator identifier that is not in the registry.
pub const BILDUNG_ERR_UNKNOWN_INDICATOR: bildung_status = 201;
/// An invalid indicator definition; the last error message names the indicator and the field.
pub const BILDUNG_ERR_INVALID_DEFINITION: bildung_status = 202;
/// Valid input for which the quantity does not exist (zero total, zero median, ...).
pub const BILDUNG_ERR_UNDEFINED: bildung_status = 300;
/// An iterative estimation did not converge.
pub const BILDUNG_ERR_DID_NOT_CONVERGE: bildung_status = 301;
/// Disclosure control could not protect the table: nothing may be published.
pub const BILDUNG_ERR_PROTECTION_FAILED: bildung_status = 302;

/// The C status of a core error kind. Exhaustive on purpose: a new kind must be mapped here.
pub(crate) const fn status_of(kind: ErrorKind) -> bildung_status {
    match kind {
        ErrorKind::ShapeMismatch => BILDUNG_ERR_SHAPE_MISMATCH,
        ErrorKind::EmptyInput => BILDUNG_ERR_EMPTY_INPUT,
        ErrorKind::MissingValue => BILDUNG_ERR_MISSING_VALUE,
        ErrorKind::NonFinite => BILDUNG_ERR_NON_FINITE,
        ErrorKind::NegativeValue => BILDUNG_ERR_NEGATIVE_VALUE,
        ErrorKind::InvalidCount => BILDUNG_ERR_INVALID_COUNT,
        ErrorKind::MalformedInput => BILDUNG_ERR_MALFORMED_INPUT,
        ErrorKind::InconsistentTable => BILDUNG_ERR_INCONSISTENT_TABLE,
        ErrorKind::InvalidParameter => BILDUNG_ERR_INVALID_PARAMETER,
        ErrorKind::UnknownIndicator => BILDUNG_ERR_UNKNOWN_INDICATOR,
        ErrorKind::InvalidDefinition => BILDUNG_ERR_INVALID_DEFINITION,
        ErrorKind::Undefined => BILDUNG_ERR_UNDEFINED,
        ErrorKind::DidNotConverge => BILDUNG_ERR_DID_NOT_CONVERGE,
        ErrorKind::ProtectionFailed => BILDUNG_ERR_PROTECTION_FAILED,
    }
}

/// Static texts of the codes that only the C layer produces.
const FFI_TEXTS: [(bildung_status, &std::ffi::CStr); 5] = [
    (BILDUNG_OK, c"success"),
    (
        BILDUNG_ERR_NULL_ARGUMENT,
        c"a required pointer argument is NULL",
    ),
    (
        BILDUNG_ERR_BUFFER_SIZE,
        c"an output buffer is too small (the needed length was reported)",
    ),
    (
        BILDUNG_ERR_INVALID_UTF8,
        c"a string argument is not valid UTF-8",
    ),
    (
        BILDUNG_ERR_PANIC,
        c"internal error: the library panicked (please report this bug)",
    ),
];

/// Text for codes that no version of the library defines.
const UNKNOWN_TEXT: &std::ffi::CStr = c"unknown status code";

/// The core kinds' descriptions as NUL-terminated strings, built once and kept for the process.
fn kind_texts() -> &'static [(bildung_status, CString)] {
    static TEXTS: OnceLock<Vec<(bildung_status, CString)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        ErrorKind::ALL
            .iter()
            .map(|&k| {
                (
                    status_of(k),
                    CString::new(k.description()).unwrap_or_default(),
                )
            })
            .collect()
    })
}

/// The static text of a status code.
pub(crate) fn status_text(code: bildung_status) -> *const c_char {
    if let Some((_, t)) = FFI_TEXTS.iter().find(|(c, _)| *c == code) {
        return t.as_ptr();
    }
    match kind_texts().iter().find(|(c, _)| *c == code) {
        Some((_, t)) => t.as_ptr(),
        None => UNKNOWN_TEXT.as_ptr(),
    }
}

/// A short static description of a status code.
///
/// Returns a NUL-terminated string in static storage: never NULL, never to be freed. Unknown codes
/// give the text "unknown status code". Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_status_str(code: bildung_status) -> *const c_char {
    crate::guard::guard_value(UNKNOWN_TEXT.as_ptr(), || status_text(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn constants_equal_the_core_codes() {
        let pairs = [
            (BILDUNG_ERR_SHAPE_MISMATCH, ErrorKind::ShapeMismatch),
            (BILDUNG_ERR_EMPTY_INPUT, ErrorKind::EmptyInput),
            (BILDUNG_ERR_MISSING_VALUE, ErrorKind::MissingValue),
            (BILDUNG_ERR_NON_FINITE, ErrorKind::NonFinite),
            (BILDUNG_ERR_NEGATIVE_VALUE, ErrorKind::NegativeValue),
            (BILDUNG_ERR_INVALID_COUNT, ErrorKind::InvalidCount),
            (BILDUNG_ERR_MALFORMED_INPUT, ErrorKind::MalformedInput),
            (BILDUNG_ERR_INVALID_PARAMETER, ErrorKind::InvalidParameter),
            (BILDUNG_ERR_UNKNOWN_INDICATOR, ErrorKind::UnknownIndicator),
            (BILDUNG_ERR_INVALID_DEFINITION, ErrorKind::InvalidDefinition),
            (BILDUNG_ERR_UNDEFINED, ErrorKind::Undefined),
            (BILDUNG_ERR_DID_NOT_CONVERGE, ErrorKind::DidNotConverge),
            (BILDUNG_ERR_INCONSISTENT_TABLE, ErrorKind::InconsistentTable),
            (BILDUNG_ERR_PROTECTION_FAILED, ErrorKind::ProtectionFailed),
        ];
        assert_eq!(pairs.len(), ErrorKind::ALL.len());
        for (constant, kind) in pairs {
            assert_eq!(constant, kind.code(), "{kind}");
            assert_eq!(status_of(kind), kind.code(), "{kind}");
        }
    }

    #[test]
    fn every_code_has_a_text() {
        for kind in ErrorKind::ALL {
            let t = unsafe { CStr::from_ptr(bildung_status_str(kind.code())) };
            assert_eq!(t.to_str().unwrap(), kind.description());
        }
        let ok = unsafe { CStr::from_ptr(bildung_status_str(BILDUNG_OK)) };
        assert_eq!(ok.to_str().unwrap(), "success");
        let unknown = unsafe { CStr::from_ptr(bildung_status_str(12345)) };
        assert_eq!(unknown.to_str().unwrap(), "unknown status code");
        for (code, _) in FFI_TEXTS {
            assert_ne!(bildung_status_str(code), UNKNOWN_TEXT.as_ptr());
        }
    }
}
