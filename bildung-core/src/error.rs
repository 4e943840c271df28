//! One error type for the whole library, with stable numeric codes shared with C.
//!
//! Every fallible function in `bildung-core` returns [`Result<T>`]. An [`Error`] carries structured
//! fields (which argument, which element, which value) and a message that names the problem;
//! [`Error::kind`] gives the fieldless [`ErrorKind`] whose `u32` code is the C status code and selects
//! the Python exception class.
//!
//! Three kinds of outcome exist (methods.md section 0.1): a value; "undefined" for valid input where
//! the quantity does not exist ([`ErrorKind::Undefined`] for scalar measures); and an input error.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Fieldless classification of an [`Error`], with explicit codes that never change.
///
/// The codes are the C status codes of `bildung-ffi` (codes 1..99 are reserved for errors that only
/// the C layer can produce, such as a NULL pointer). The enum is deliberately *not*
/// `#[non_exhaustive]`: both bindings match it exhaustively, so adding a kind forces them to map it.
///
/// ```
/// use bildung_core::ErrorKind;
/// assert_eq!(ErrorKind::MissingValue.code(), 102);
/// assert_eq!(ErrorKind::from_code(102), Some(ErrorKind::MissingValue));
/// assert_eq!(ErrorKind::MissingValue.name(), "MissingValue");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum ErrorKind {
    /// Inputs that must have the same length (or shape) do not.
    ShapeMismatch = 100,
    /// No observations where at least one is needed (also: none left after omitting missing values).
    EmptyInput = 101,
    /// A missing value (NaN) under the `Raise` missing-value policy.
    MissingValue = 102,
    /// An infinite value. Infinity is an error under every policy.
    NonFinite = 103,
    /// A negative value where only non-negative values are allowed (values or weights), or a
    /// value of 0 or below where only positive values are allowed (a sampling variance).
    NegativeValue = 104,
    /// A count that is negative or not integral, or events above the population.
    InvalidCount = 105,
    /// A table or file that breaks its format: a malformed CSV line, a missing column, a
    /// duplicated key, an unknown area id. The message names the table, row and column.
    MalformedInput = 106,
    /// A table whose totals do not add up: a margin or an aggregate row differs from the sum of
    /// its parts. The message names the total cell, its value and the sum of its parts.
    InconsistentTable = 107,
    /// An option or parameter outside its allowed range.
    InvalidParameter = 200,
    /// An indicator identifier that is not in the registry.
    UnknownIndicator = 201,
    /// An indicator definition that is invalid; the message names the indicator and the field.
    InvalidDefinition = 202,
    /// Valid input for which the quantity does not exist (zero total, zero median, ...).
    Undefined = 300,
    /// An iterative estimation did not converge.
    DidNotConverge = 301,
    /// Disclosure control could not protect the table: a suppressed cell stays recomputable (or
    /// its interval stays narrower than required) after every allowed complementary suppression.
    /// Nothing may be published.
    ProtectionFailed = 302,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 14] = [
        ErrorKind::ShapeMismatch,
        ErrorKind::EmptyInput,
        ErrorKind::MissingValue,
        ErrorKind::NonFinite,
        ErrorKind::NegativeValue,
        ErrorKind::InvalidCount,
        ErrorKind::MalformedInput,
        ErrorKind::InconsistentTable,
        ErrorKind::InvalidParameter,
        ErrorKind::UnknownIndicator,
        ErrorKind::InvalidDefinition,
        ErrorKind::Undefined,
        ErrorKind::DidNotConverge,
        ErrorKind::ProtectionFailed,
    ];

    /// The stable numeric code (the C status code).
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The kind with this code, if any.
    pub fn from_code(code: u32) -> Option<ErrorKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's name as used in golden files and Python (`"MissingValue"`).
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::ShapeMismatch => "ShapeMismatch",
            ErrorKind::EmptyInput => "EmptyInput",
            ErrorKind::MissingValue => "MissingValue",
            ErrorKind::NonFinite => "NonFinite",
            ErrorKind::NegativeValue => "NegativeValue",
            ErrorKind::InvalidCount => "InvalidCount",
            ErrorKind::MalformedInput => "MalformedInput",
            ErrorKind::InconsistentTable => "InconsistentTable",
            ErrorKind::InvalidParameter => "InvalidParameter",
            ErrorKind::UnknownIndicator => "UnknownIndicator",
            ErrorKind::InvalidDefinition => "InvalidDefinition",
            ErrorKind::Undefined => "Undefined",
            ErrorKind::DidNotConverge => "DidNotConverge",
            ErrorKind::ProtectionFailed => "ProtectionFailed",
        }
    }

    /// A short static description, e.g. for `bildung_status_str` in C.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorKind::ShapeMismatch => "input lengths or shapes do not match",
            ErrorKind::EmptyInput => "input is empty",
            ErrorKind::MissingValue => "input contains a missing value (NaN)",
            ErrorKind::NonFinite => "input contains an infinite value",
            ErrorKind::NegativeValue => {
                "input contains a negative value where none is allowed (or a non-positive one where a positive value is needed)"
            }
            ErrorKind::InvalidCount => "invalid count (negative, not integral or above its total)",
            ErrorKind::MalformedInput => {
                "malformed table or file (format, missing column, duplicated key, unknown area)"
            }
            ErrorKind::InconsistentTable => {
                "table totals do not add up (a margin or aggregate differs from the sum of its parts)"
            }
            ErrorKind::InvalidParameter => "invalid parameter",
            ErrorKind::UnknownIndicator => "unknown indicator",
            ErrorKind::InvalidDefinition => "invalid indicator definition",
            ErrorKind::Undefined => "the quantity is undefined for this input",
            ErrorKind::DidNotConverge => "the estimation did not converge",
            ErrorKind::ProtectionFailed => {
                "disclosure control failed: the table cannot be protected, nothing may be published"
            }
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of every fallible `bildung-core` function.
///
/// `what` fields name the argument (`"x"`, `"weights"`, `"groups"`); `index` fields give the
/// position of the first offending element in the caller's input (0-based).
///
/// ```
/// use bildung_core::{Error, ErrorKind};
/// let e = Error::MissingValue { what: "x", index: 3 };
/// assert_eq!(e.kind(), ErrorKind::MissingValue);
/// assert_eq!(e.index(), Some(3));
/// assert!(e.to_string().contains("x[3]"));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two inputs that must have equal length do not.
    #[error("length mismatch: `{what}` has {found} elements but {expected} were expected")]
    ShapeMismatch {
        /// The argument whose length is wrong.
        what: &'static str,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// No usable observation.
    #[error("empty input: {what}")]
    EmptyInput {
        /// What is empty, in words.
        what: &'static str,
    },
    /// A NaN under the `Raise` policy.
    #[error(
        "missing value (NaN) at {what}[{index}]; pass nan_policy=omit to drop such units or propagate to return NaN"
    )]
    MissingValue {
        /// The argument that holds the NaN.
        what: &'static str,
        /// Position of the first NaN.
        index: usize,
    },
    /// An infinite value.
    #[error("non-finite value {value} at {what}[{index}]")]
    NonFinite {
        /// The argument that holds the value.
        what: &'static str,
        /// Position of the first infinite value.
        index: usize,
        /// The value (+inf or -inf).
        value: f64,
    },
    /// A negative value where none is allowed.
    #[error("negative value {value} at {what}[{index}]; {what} must be >= 0")]
    NegativeValue {
        /// The argument that holds the value.
        what: &'static str,
        /// Position of the first negative value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A value that must be positive is 0 or negative (e.g. a sampling variance).
    #[error("non-positive value {value} at {what}[{index}]; {what} must be > 0")]
    NotPositive {
        /// The argument that holds the value.
        what: &'static str,
        /// Position of the first such value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A column of a design matrix is (numerically) a linear combination of the columns before it.
    #[error(
        "rank-deficient design: column {column} of `{what}` is a linear combination of {before} (singular X'X); drop or recode it"
    )]
    RankDeficient {
        /// The argument that holds the design (`"covariates"`).
        what: &'static str,
        /// Position of the column in the caller's input.
        column: usize,
        /// The columns before it, in words (`"the intercept and columns 0, 1"`).
        before: String,
    },
    /// An invalid count.
    #[error("invalid count {value} at {what}[{index}]: {reason}")]
    InvalidCount {
        /// The argument that holds the count.
        what: &'static str,
        /// Position of the first invalid count.
        index: usize,
        /// The value.
        value: f64,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A parameter outside its allowed range.
    #[error("invalid parameter `{name}` = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name (as in the Python API).
        name: &'static str,
        /// The value given, formatted.
        value: String,
        /// What is allowed.
        reason: String,
    },
    /// A table or file that breaks its format (kind [`ErrorKind::MalformedInput`]).
    #[error("{}", table_message(table, *row, column.as_deref(), reason))]
    Table {
        /// The table or file (`"school_leavers"`, a file name).
        table: String,
        /// The row (1-based line number for files, 0-based row for in-memory tables), if any.
        row: Option<usize>,
        /// The column, if any.
        column: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// An invalid indicator definition (kind [`ErrorKind::InvalidDefinition`]).
    #[error("indicator definition `{id}`, field `{field}`: {reason}")]
    Definition {
        /// The indicator id (or `"<unnamed>"`).
        id: String,
        /// The field, as written in the definition file (`"age_band"`, `"numerator.table"`).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// An indicator id not in the registry.
    #[error("unknown indicator `{id}`")]
    UnknownIndicator {
        /// The id asked for.
        id: String,
    },
    /// The quantity does not exist for this (valid) input.
    #[error("{measure} is undefined: {reason}")]
    Undefined {
        /// The measure asked for.
        measure: &'static str,
        /// Why it does not exist.
        reason: &'static str,
    },
    /// The quantity does not exist for one column of a table (kind [`ErrorKind::Undefined`]):
    /// e.g. an indicator that is constant over the reference set has no z-values.
    #[error("{measure} is undefined for `{what}` column {column}: {reason}")]
    UndefinedColumn {
        /// The measure asked for.
        measure: &'static str,
        /// The argument that holds the table (`"x"`).
        what: &'static str,
        /// Position of the column (0-based).
        column: usize,
        /// Why it does not exist.
        reason: &'static str,
    },
    /// A total that differs from the sum of its parts (kind [`ErrorKind::InconsistentTable`]).
    /// `cell` and `relation` are 0-based positions in the caller's table; `label` names the
    /// total where the caller gave labels.
    #[error(
        "table totals do not add up: total {label} = {total} but its {n_parts} parts sum to {sum_of_parts} (relation {relation})"
    )]
    InconsistentTotal {
        /// The total cell (0-based, in the caller's cell order).
        cell: usize,
        /// A readable name of the total cell (`"cell 12"`, `"Bezirk Mitte / Gymnasium"`).
        label: String,
        /// The relation (0-based) that does not hold.
        relation: usize,
        /// The total as given.
        total: f64,
        /// The sum of its parts.
        sum_of_parts: f64,
        /// Number of parts.
        n_parts: usize,
    },
    /// Disclosure control failed (kind [`ErrorKind::ProtectionFailed`]).
    #[error("disclosure control failed for {label}: {reason}")]
    ProtectionFailed {
        /// The cell that could not be protected (0-based), if one.
        cell: Option<usize>,
        /// A readable name of that cell or of the table.
        label: String,
        /// Why.
        reason: String,
    },
    /// An iterative estimation did not converge.
    #[error("{what} did not converge after {iterations} iterations")]
    DidNotConverge {
        /// What was being estimated.
        what: &'static str,
        /// Iterations done.
        iterations: usize,
    },
}

impl Error {
    /// The fieldless kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::ShapeMismatch { .. } => ErrorKind::ShapeMismatch,
            Error::EmptyInput { .. } => ErrorKind::EmptyInput,
            Error::MissingValue { .. } => ErrorKind::MissingValue,
            Error::NonFinite { .. } => ErrorKind::NonFinite,
            Error::NegativeValue { .. } | Error::NotPositive { .. } => ErrorKind::NegativeValue,
            Error::RankDeficient { .. } => ErrorKind::InvalidParameter,
            Error::InvalidCount { .. } => ErrorKind::InvalidCount,
            Error::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            Error::UnknownIndicator { .. } => ErrorKind::UnknownIndicator,
            Error::Table { .. } => ErrorKind::MalformedInput,
            Error::Definition { .. } => ErrorKind::InvalidDefinition,
            Error::Undefined { .. } | Error::UndefinedColumn { .. } => ErrorKind::Undefined,
            Error::DidNotConverge { .. } => ErrorKind::DidNotConverge,
            Error::InconsistentTotal { .. } => ErrorKind::InconsistentTable,
            Error::ProtectionFailed { .. } => ErrorKind::ProtectionFailed,
        }
    }

    /// Position of the offending element in the caller's input, where the error has one.
    pub fn index(&self) -> Option<usize> {
        match self {
            Error::MissingValue { index, .. }
            | Error::NonFinite { index, .. }
            | Error::NegativeValue { index, .. }
            | Error::NotPositive { index, .. }
            | Error::InvalidCount { index, .. } => Some(*index),
            Error::RankDeficient { column, .. } => Some(*column),
            Error::Table { row, .. } => *row,
            Error::InconsistentTotal { cell, .. } => Some(*cell),
            Error::ProtectionFailed { cell, .. } => *cell,
            _ => None,
        }
    }

    /// Shorthand for an [`Error::InvalidParameter`].
    pub fn parameter(
        name: &'static str,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Error {
        Error::InvalidParameter {
            name,
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// Shorthand for an [`Error::Table`].
    pub fn table(
        table: impl Into<String>,
        row: Option<usize>,
        column: Option<&str>,
        reason: impl Into<String>,
    ) -> Error {
        Error::Table {
            table: table.into(),
            row,
            column: column.map(str::to_owned),
            reason: reason.into(),
        }
    }

    /// Shorthand for an [`Error::Definition`].
    pub fn definition(id: &str, field: &str, reason: impl Into<String>) -> Error {
        Error::Definition {
            id: id.to_owned(),
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// Shorthand for an [`Error::Undefined`].
    pub fn undefined(measure: &'static str, reason: &'static str) -> Error {
        Error::Undefined { measure, reason }
    }
}

/// The message of an [`Error::Table`]: "table `t`, row 3, column `age`: reason".
fn table_message(table: &str, row: Option<usize>, column: Option<&str>, reason: &str) -> String {
    let mut m = format!("table `{table}`");
    if let Some(r) = row {
        m.push_str(&format!(", row {r}"));
    }
    if let Some(c) = column {
        m.push_str(&format!(", column `{c}`"));
    }
    m.push_str(": ");
    m.push_str(reason);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut codes: Vec<u32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(k.code()), Some(k));
            assert!(
                k.code() >= 100,
                "codes below 100 are reserved for the C layer"
            );
        }
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert_eq!(ErrorKind::from_code(0), None);
    }

    #[test]
    fn messages_name_the_problem() {
        let e = Error::NegativeValue {
            what: "weights",
            index: 2,
            value: -1.0,
        };
        assert_eq!(e.kind(), ErrorKind::NegativeValue);
        assert!(e.to_string().contains("weights[2]"));
        assert!(e.to_string().contains("-1"));
        let u = Error::undefined("gini", "zero total");
        assert_eq!(u.to_string(), "gini is undefined: zero total");
        assert_eq!(u.index(), None);
    }
}
