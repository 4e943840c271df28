//! Official indicators of municipal education monitoring (`bildung_core::indicators`) for C.
//!
//! Three opaque handles, each made by a constructor that writes it to a `**out` argument and
//! released by its NULL-safe `_free`:
//!
//! * `bildung_catalogue`: indicator definitions, the built-in catalogue
//!   (`bildung_catalogue_builtin`) or an empty one (`bildung_catalogue_new_empty`), plus the
//!   caller's own definitions as TOML or JSON text (`bildung_catalogue_add`);
//! * `bildung_tables`: the long input tables (indicators.md 8.4), one per table kind
//!   (`"population"`, `"kita_children"`, `"school_pupils"`, `"school_transitions"`,
//!   `"school_leavers"`, `"vocational_contracts"`, `"sgb2"`), given either as **column arrays**
//!   (`bildung_tables_add_columns`: text columns as `const char *const *`, integer columns as
//!   `const int64_t *`, counts as `const double *` with NaN for a missing cell and optional table
//!   symbols `"."`, `"x"`, `"..."`, `"/"`, and `"-"` for a true 0) or as **tidy CSV files** (`bildung_tables_read_csv`:
//!   a header with the column names, a `count` column, optionally a `symbol` column; `,` or `;`
//!   separated; UTF-8). The known area ids can be declared (`bildung_tables_set_units`);
//! * `bildung_results`: one record per indicator x area x breakdown x category x period
//!   (`bildung_indicators_compute`). C reads it column by column into caller-allocated arrays
//!   (`bildung_results_values`: value, numerator, denominator, standard error, status, flags,
//!   period, table symbol, definition version) and text by text into caller buffers
//!   (`bildung_results_indicator`, `_unit`, `_by`, `_category`, `_value_unit`,
//!   `_numerator_ref`, `_denominator_ref`, `_population_source`, `_census_basis`), or writes it
//!   as CSV (`bildung_results_write_csv`). Indicators left out of a whole-catalogue run and
//!   warnings (a filter value no row has) are listed (`bildung_results_skipped_*`,
//!   `bildung_results_warning*`).
//!
//! The handles own their memory; nothing else the library returns needs freeing. A handle may be
//! read from several threads at once; a handle being modified (`bildung_catalogue_add`,
//! `bildung_tables_*`) must not be used by another thread at the same time.
//!
//! Strings in and out are NUL-terminated UTF-8 (an invalid input string is
//! `BILDUNG_ERR_INVALID_UTF8`). Text outputs follow snprintf semantics: `*needed` receives the
//! length + 1, a truncated copy returns `BILDUNG_ERR_BUFFER_SIZE`, so `buf = NULL, len = 0`
//! asks for the size. Malformed tables and files give `BILDUNG_ERR_MALFORMED_INPUT` with a last
//! error message naming the table (or file), the row (0-based for column arrays, the 1-based line
//! for files) and the column; invalid definitions give `BILDUNG_ERR_INVALID_DEFINITION` naming the
//! indicator and the field. Everything is computed in `bildung-core`; this file converts.

use std::ffi::{c_char, c_void};

use bildung_core::Error;
use bildung_core::indicators::cohort::{self, CohortQuota};
use bildung_core::indicators::{
    Catalogue, IndicatorResults, Request, Symbol, TableBuilder, TableKind, Tables, compute, io,
};

use crate::guard::{
    Failure, c_str, c_str_named, c_strs, guard, input, optional_out, required_out, write_text,
};
use crate::options::bildung_flags;
use crate::status::bildung_status;

// ---- constants ----

/// The language of a definition text: one of the `BILDUNG_DEFINITION_*` constants.
pub type bildung_definition_format = u32;

/// TOML: `[[indicator]]` tables (as the built-in `catalogue.toml`).
pub const BILDUNG_DEFINITION_TOML: bildung_definition_format = 0;
/// JSON: a list of definition objects, or an object with an `indicator` list.
pub const BILDUNG_DEFINITION_JSON: bildung_definition_format = 1;

/// The type of a key column given to `bildung_tables_add_columns`: one of the
/// `BILDUNG_COLUMN_*` constants.
pub type bildung_column_type = u32;

/// A text column: `const char *const *` with one NUL-terminated UTF-8 string per row (area ids,
/// categories such as `sex` or `abschluss`).
pub const BILDUNG_COLUMN_TEXT: bildung_column_type = 0;
/// An integer column: `const int64_t *` with one value per row (years, ages, grades).
pub const BILDUNG_COLUMN_INT: bildung_column_type = 1;

/// The status of one indicator value: one of the `BILDUNG_VALUE_*` constants.
pub type bildung_value_status = u8;

/// A value was computed.
pub const BILDUNG_VALUE_OK: bildung_value_status = 0;
/// An input cell the value depends on is missing (a table symbol such as `.` or `x`): the value
/// is NaN and the record's symbol says which.
pub const BILDUNG_VALUE_MISSING: bildung_value_status = 1;
/// The denominator is 0 ("nicht berechenbar"): the value is NaN. Not an error.
pub const BILDUNG_VALUE_NOT_COMPUTABLE: bildung_value_status = 2;
/// Numerator and denominator exist but the value does not (events at an age without
/// population; dissolutions from an entry year without entries): the value is NaN.
pub const BILDUNG_VALUE_UNDEFINED: bildung_value_status = 3;
/// No denominator rows for the area and period, or the population does not cover the age band
/// (flag `BILDUNG_FLAG_AGE_GAP`): the value is NaN.
pub const BILDUNG_VALUE_NO_DATA: bildung_value_status = 4;

/// An official table symbol of a missing cell: one of the `BILDUNG_SYMBOL_*` constants.
pub type bildung_symbol = u8;

/// No symbol: every input cell of the record was a number.
pub const BILDUNG_SYMBOL_NONE: bildung_symbol = 0;
/// `-`: nothing, exactly 0 ("nichts vorhanden"). Accepted in input (the count becomes 0); never
/// in results, since the cell is a number.
pub const BILDUNG_SYMBOL_ZERO: bildung_symbol = 1;
/// `.`: unknown or to be kept secret ("Zahlenwert unbekannt oder geheim zu halten").
pub const BILDUNG_SYMBOL_UNKNOWN: bildung_symbol = 2;
/// `x`: cell blocked, a value is not meaningful ("Tabellenfach gesperrt").
pub const BILDUNG_SYMBOL_NOT_MEANINGFUL: bildung_symbol = 3;
/// `...`: not yet available ("Angabe fällt später an").
pub const BILDUNG_SYMBOL_LATER: bildung_symbol = 4;
/// `/`: not reliable enough ("keine Angaben, da Zahlenwert nicht sicher genug").
pub const BILDUNG_SYMBOL_UNRELIABLE: bildung_symbol = 5;

// ---- handles ----

/// A set of indicator definitions with unique ids (opaque; free with
/// `bildung_catalogue_free`).
pub struct bildung_catalogue {
    inner: Catalogue,
}

/// The input tables of an indicator computation, at most one per table kind, plus the optional
/// list of known area ids (opaque; free with `bildung_tables_free`).
pub struct bildung_tables {
    inner: Tables,
}

/// The records of an indicator computation (opaque; free with `bildung_results_free`).
pub struct bildung_results {
    inner: IndicatorResults,
}

/// The object behind a handle argument (NULL is `BILDUNG_ERR_NULL_ARGUMENT`).
///
/// # Safety
/// A non-NULL `ptr` must come from this library's constructor and not be freed during `'a`.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: a live handle by the caller's contract.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// The object behind a handle argument that is modified.
///
/// # Safety
/// As [`handle`], and no other reference to the object may be in use during `'a`.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T, what: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: a live handle used by this thread only (caller contract).
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::null(what))
}

/// Hand a new object to C through `out` (checked before the object is built).
///
/// # Safety
/// `out` must be valid for one write of a pointer.
pub(crate) unsafe fn give<T>(
    out: *mut *mut T,
    make: impl FnOnce() -> Result<T, Failure>,
) -> Result<(), Failure> {
    let out = required_out(out, "out")?;
    let object = make()?;
    // SAFETY: `out` is non-NULL and writable (caller contract).
    unsafe { out.write(Box::into_raw(Box::new(object))) };
    Ok(())
}

/// Release a handle made by `give` (NULL is a no-op).
///
/// # Safety
/// `ptr` must be NULL or a handle of type `T` not yet freed.
pub(crate) unsafe fn release<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: made by `Box::into_raw` in `give` and not yet freed (caller contract).
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A table kind by name.
fn table_kind(name: &str) -> Result<TableKind, Failure> {
    TableKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = TableKind::ALL.iter().map(|k| k.name()).collect();
        Failure::Core(Error::parameter(
            "kind",
            format!("`{name}`"),
            format!("unknown table kind; expected one of {}", names.join(", ")),
        ))
    })
}

/// The body of the `_len` accessors: check the handle `h` and `out`, write `count(object)`.
///
/// # Safety
/// `h` must be NULL or a live handle; `out` NULL or valid for one write.
unsafe fn count_of<T>(
    name: &str,
    h: *const T,
    what: &str,
    out: *mut usize,
    count: impl FnOnce(&T) -> usize,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let object = unsafe { handle(h, what) }?;
        let out = required_out(out, "out")?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { out.write(count(object)) };
        Ok(())
    })
}

// ---- catalogue ----

/// The built-in catalogue: the minimal indicator set of a municipal Bildungsreport
/// (indicators.md 8.2, areas A, C, D, E), each definition with its official source.
///
/// # Parameters
/// - `out`: receives a new handle (free it with `bildung_catalogue_free`).
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT` (`out` NULL). `*out` is written only on success.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `out` must be valid for one write.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_catalogue_builtin(
    out: *mut *mut bildung_catalogue,
) -> bildung_status {
    guard("bildung_catalogue_builtin", || {
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_catalogue {
                    inner: Catalogue::builtin()?,
                })
            })
        }
    })
}

/// An empty catalogue, for the caller's own definitions only.
///
/// # Parameters
/// - `out`: receives a new handle (free it with `bildung_catalogue_free`).
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT` (`out` NULL).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `out` must be valid for one write.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_catalogue_new_empty(
    out: *mut *mut bildung_catalogue,
) -> bildung_status {
    guard("bildung_catalogue_new_empty", || {
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_catalogue {
                    inner: Catalogue::new(),
                })
            })
        }
    })
}

/// Add the definitions of a TOML or JSON text to a catalogue (all or none).
///
/// Each definition is checked field by field (id, area, names, mode, numerator and denominator
/// with table and filters, age band, validity, source...); an id already in the catalogue is
/// rejected. On failure the catalogue is unchanged.
///
/// # Parameters
/// - `cat`: the catalogue.
/// - `text`: the definitions, NUL-terminated UTF-8.
/// - `format`: `BILDUNG_DEFINITION_TOML` or `BILDUNG_DEFINITION_JSON`.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `format`), `BILDUNG_ERR_MALFORMED_INPUT` (TOML or
/// JSON syntax; the message names the line and character), `BILDUNG_ERR_INVALID_DEFINITION` (the
/// message names the indicator and the field).
///
/// # Thread safety
/// Modifies `cat`: no other thread may use it during the call.
///
/// # Safety
/// `cat` must be a live catalogue handle; `text` a NUL-terminated string.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_catalogue_add(
    cat: *mut bildung_catalogue,
    text: *const c_char,
    format: bildung_definition_format,
) -> bildung_status {
    guard("bildung_catalogue_add", || {
        // SAFETY: forwarded caller contract.
        let cat = unsafe { handle_mut(cat, "cat") }?;
        // SAFETY: forwarded caller contract.
        let text = unsafe { c_str(text, "text") }?;
        let mut next = cat.inner.clone();
        match format {
            BILDUNG_DEFINITION_TOML => next.add_toml(text)?,
            BILDUNG_DEFINITION_JSON => next.add_json(text)?,
            other => {
                return Err(Failure::Core(Error::parameter(
                    "format",
                    other,
                    "expected BILDUNG_DEFINITION_TOML (0) or BILDUNG_DEFINITION_JSON (1)",
                )));
            }
        }
        cat.inner = next;
        Ok(())
    })
}

/// The number of definitions in a catalogue.
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT` (`cat` or `out` NULL).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `cat` must be a live catalogue handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_catalogue_len(
    cat: *const bildung_catalogue,
    out: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe { count_of("bildung_catalogue_len", cat, "cat", out, |h| h.inner.len()) }
}

/// The id of definition `i` (in the order added) into `buf`, snprintf semantics.
///
/// # Parameters
/// - `cat`: the catalogue; `i`: `0 <= i < bildung_catalogue_len`.
/// - `buf`, `len`: the destination (NULL only when `len == 0`).
/// - `needed`: optional; receives the id length + 1.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (`i` out of range).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `cat` must be a live catalogue handle; `buf` writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_catalogue_id(
    cat: *const bildung_catalogue,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_catalogue_id", || {
        // SAFETY: forwarded caller contract.
        let cat = unsafe { handle(cat, "cat") }?;
        let defs = cat.inner.definitions();
        let d = defs
            .get(i)
            .ok_or_else(|| out_of_range("i", i, defs.len()))?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&d.id, buf, len, needed) }
    })
}

/// Release a catalogue. NULL is a no-op; the handle must not be used afterwards.
///
/// # Safety
/// `cat` must be NULL or a live catalogue handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_catalogue_free(cat: *mut bildung_catalogue) {
    // SAFETY: forwarded caller contract.
    crate::guard::guard_value((), || unsafe { release(cat) });
}

// ---- tables ----

/// An empty set of input tables.
///
/// # Parameters
/// - `out`: receives a new handle (free it with `bildung_tables_free`).
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT` (`out` NULL).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `out` must be valid for one write.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_tables_new(out: *mut *mut bildung_tables) -> bildung_status {
    guard("bildung_tables_new", || {
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_tables {
                    inner: Tables::new(),
                })
            })
        }
    })
}

/// Read a tidy table of kind `kind` from a UTF-8 CSV file and add it (replacing a loaded table
/// of the same kind).
///
/// The file has a header row with the column names of the kind (`unit_id`, the period column
/// such as `leaving_year`, breakdowns such as `sex`, ...), a `count` column and optionally a
/// `symbol` column; the separator (`,` or `;`) is taken from the header line. Count cells are
/// non-negative integers or official symbols: `-` is a true zero, `.`, `x`, `...` and `/` are
/// missing values (never zeros). The table is then checked as by `bildung_tables_add_columns`.
///
/// # Parameters
/// - `tables`: the table set.
/// - `kind`: the table kind (`"population"`, `"kita_children"`, `"school_pupils"`,
///   `"school_transitions"`, `"school_leavers"`, `"vocational_contracts"`, `"sgb2"`).
/// - `path`: the file path (UTF-8).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8` (`kind` or `path`),
/// `BILDUNG_ERR_INVALID_PARAMETER` (unknown `kind`; a file that cannot be read: the message
/// names the path and the system error), `BILDUNG_ERR_MALFORMED_INPUT` (content that is not
/// UTF-8, malformed CSV, no `count` column, a bad count or key, a duplicated key, an unknown area
/// id: the message names the file, the 1-based line and the column). On failure the table set
/// keeps its tables.
///
/// # Thread safety
/// Modifies `tables`: no other thread may use it during the call.
///
/// # Safety
/// `tables` must be a live tables handle; `kind` and `path` NUL-terminated strings.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_tables_read_csv(
    tables: *mut bildung_tables,
    kind: *const c_char,
    path: *const c_char,
) -> bildung_status {
    guard("bildung_tables_read_csv", || {
        // SAFETY: forwarded caller contract.
        let tables = unsafe { handle_mut(tables, "tables") }?;
        // SAFETY: forwarded caller contract.
        let kind = table_kind(unsafe { c_str(kind, "kind") }?)?;
        // SAFETY: forwarded caller contract.
        let path = unsafe { c_str(path, "path") }?;
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::Core(Error::parameter(
                "path",
                format!("`{path}`"),
                format!("cannot read the file: {e}"),
            ))
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Failure::Core(Error::table(
                path,
                Some(line),
                None,
                format!(
                    "not valid UTF-8 (byte {at}); convert the file to UTF-8 first \
                     (official exports are often Windows-1252)"
                ),
            ))
        })?;
        tables.inner.add(io::read_table_csv(kind, &text, path)?)?;
        Ok(())
    })
}

/// Add a table of kind `kind` given as column arrays (replacing a loaded table of the same
/// kind).
///
/// Every table has the key columns of its kind (required: `unit_id` and the period column, e.g.
/// `leaving_year`; optional: breakdowns and filters such as `sex`, `age`, `abschluss`; further
/// columns are allowed) and one count per row. Known columns are converted to their schema type
/// (an integer column given as text must hold integers; area ids given as integers become text).
///
/// Checks (each failure `BILDUNG_ERR_MALFORMED_INPUT`, the message naming the table, the 0-based
/// row and the column): required columns present; no column name twice and none named `count`;
/// non-empty text keys; counts finite, non-negative and integral, or NaN (missing; its symbol is
/// taken from `symbols`, `.` if none); a symbol on a number; no two rows with the same key; with
/// declared area ids every `unit_id` known. On failure the table set keeps its tables.
///
/// # Parameters
/// - `tables`: the table set.
/// - `kind`: the table kind (see `bildung_tables_read_csv`).
/// - `n_rows`, `n_cols`: the number of rows and of key columns.
/// - `names`: `n_cols` column names (NULL only when `n_cols == 0`).
/// - `types`: `n_cols` column types, `BILDUNG_COLUMN_TEXT` or `BILDUNG_COLUMN_INT`.
/// - `columns`: `n_cols` pointers; column `j` is a `const char *const *` of `n_rows` strings
///   (text) or a `const int64_t *` of `n_rows` integers (int); NULL only when `n_rows == 0`.
/// - `counts`: `n_rows` counts, NaN for a missing cell (NULL only when `n_rows == 0`).
/// - `symbols`: NULL (no symbols) or `n_rows` pointers, each NULL or `""` (no symbol), `"-"`
///   (nothing, exactly 0: the count must be 0 or NaN and becomes 0), or one of `"."`, `"x"`,
///   `"..."`, `"/"` for a missing cell (the count must be NaN).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT` (a NULL array with a length above 0, a NULL string
/// in a text column), `BILDUNG_ERR_INVALID_UTF8`, `BILDUNG_ERR_INVALID_PARAMETER` (unknown
/// `kind` or column type), `BILDUNG_ERR_MALFORMED_INPUT` (see above; also an unknown symbol).
///
/// # Thread safety
/// Modifies `tables`: no other thread may use it during the call.
///
/// # Safety
/// `tables` must be a live tables handle; every array readable for its stated length, every
/// string NUL-terminated.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_tables_add_columns(
    tables: *mut bildung_tables,
    kind: *const c_char,
    n_rows: usize,
    n_cols: usize,
    names: *const *const c_char,
    types: *const bildung_column_type,
    columns: *const *const c_void,
    counts: *const f64,
    symbols: *const *const c_char,
) -> bildung_status {
    guard("bildung_tables_add_columns", || {
        // SAFETY: forwarded caller contract.
        let tables = unsafe { handle_mut(tables, "tables") }?;
        // SAFETY: forwarded caller contract.
        let kind = table_kind(unsafe { c_str(kind, "kind") }?)?;
        // SAFETY: forwarded caller contract (all the reads below).
        let names = unsafe { c_strs(names, n_cols, "names") }?;
        let types = unsafe { input(types, n_cols, "types") }?;
        let columns = unsafe { input(columns, n_cols, "columns") }?;
        let counts = unsafe { input(counts, n_rows, "counts") }?;
        let mut b = TableBuilder::new(kind);
        for (j, ((name, &ty), &col)) in names.iter().zip(types).zip(columns).enumerate() {
            let what = format!("columns[{j}] (`{name}`)");
            b = match ty {
                BILDUNG_COLUMN_TEXT => {
                    // SAFETY: a text column is n_rows string pointers (caller contract).
                    let ptrs = unsafe { input(col.cast::<*const c_char>(), n_rows, &what) }?;
                    let mut values = Vec::with_capacity(n_rows);
                    for (row, &p) in ptrs.iter().enumerate() {
                        // SAFETY: each element is a NUL-terminated string (caller contract).
                        let v = unsafe { c_str_named(p, || format!("columns[{j}][{row}]")) }
                            .map_err(|f| f.note(&format!("column `{name}`, row {row}")))?;
                        values.push(v);
                    }
                    b.text(name, values)
                }
                BILDUNG_COLUMN_INT => {
                    // SAFETY: an int column is n_rows int64_t values (caller contract).
                    let values = unsafe { input(col.cast::<i64>(), n_rows, &what) }?;
                    b.int(name, values.iter().copied())
                }
                other => {
                    return Err(Failure::Core(Error::parameter(
                        "types",
                        other,
                        format!(
                            "types[{j}] (`{name}`): expected BILDUNG_COLUMN_TEXT (0) or \
                             BILDUNG_COLUMN_INT (1)"
                        ),
                    )));
                }
            };
        }
        b = b.counts(counts.iter().copied());
        if !symbols.is_null() {
            // SAFETY: n_rows pointers, each NULL or a string (caller contract).
            let ptrs = unsafe { input(symbols, n_rows, "symbols") }?;
            let mut parsed = Vec::with_capacity(n_rows);
            for (row, &p) in ptrs.iter().enumerate() {
                if p.is_null() {
                    parsed.push(None);
                    continue;
                }
                // SAFETY: a non-NULL element is a NUL-terminated string (caller contract).
                let s = unsafe { c_str_named(p, || format!("symbols[{row}]")) }?;
                parsed.push(symbol(s, kind, row)?);
            }
            b = b.symbols(parsed);
        }
        tables.inner.add(b)?;
        Ok(())
    })
}

/// The table symbol of a C string (`""` = none).
fn symbol(s: &str, kind: TableKind, row: usize) -> Result<Option<Symbol>, Failure> {
    if s.is_empty() {
        return Ok(None);
    }
    Symbol::from_text(s).map(Some).ok_or_else(|| {
        Failure::Core(Error::table(
            kind.name(),
            Some(row),
            Some("symbol"),
            format!(
                "unknown table symbol `{s}`: expected `-`, `.`, `x`, `...` or `/` (or NULL for a \
                 number)"
            ),
        ))
    })
}

/// Declare the known area ids (the geography). From then on every table row whose `unit_id` is
/// not among them is an error, and results list every declared area (areas without data get the
/// status `BILDUNG_VALUE_NO_DATA`).
///
/// # Parameters
/// - `tables`: the table set.
/// - `ids`, `n`: the area ids (NULL only when `n == 0`).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_MALFORMED_INPUT` (an empty or duplicated id; a loaded table with an unknown area
/// id: the message names the table, row and id).
///
/// # Thread safety
/// Modifies `tables`: no other thread may use it during the call.
///
/// # Safety
/// `tables` must be a live tables handle; `ids` readable for `n` string pointers.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_tables_set_units(
    tables: *mut bildung_tables,
    ids: *const *const c_char,
    n: usize,
) -> bildung_status {
    guard("bildung_tables_set_units", || {
        // SAFETY: forwarded caller contract.
        let tables = unsafe { handle_mut(tables, "tables") }?;
        // SAFETY: forwarded caller contract.
        let ids = unsafe { c_strs(ids, n, "ids") }?;
        tables.inner.set_units(ids)?;
        Ok(())
    })
}

/// Release a table set. NULL is a no-op; the handle must not be used afterwards.
///
/// # Safety
/// `tables` must be NULL or a live tables handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_tables_free(tables: *mut bildung_tables) {
    // SAFETY: forwarded caller contract.
    crate::guard::guard_value((), || unsafe { release(tables) });
}

// ---- computation ----

/// Compute indicators: one record per indicator x area x breakdown x category x period.
///
/// For each definition the numerator and denominator rows are selected (filters, age band,
/// population source), summed per area, breakdown and period (and per category, single age or
/// entry-year layer where the mode needs them), joined on area, breakdown and period (the
/// denominator shifted by its period offset) and put through the mode's formula: share
/// (Anteil) `100 * N / D`, rate (Quote) `100 * N / P`, ratio per 100 (Quotient), grade rate,
/// transition (Übergangsquote), average cohort (Durchschnittsjahrgang) `100 * E / ((1/K) sum
/// P_a)`, quota sum (Quotensummenverfahren) `100 * sum_a E_a / P_a`, layered flow
/// (Schichtenmodell) and change in percentage points. A denominator of 0 is not an error: the
/// record gets `BILDUNG_VALUE_NOT_COMPUTABLE`.
///
/// # Parameters
/// - `cat`, `tables`: the definitions and the input tables.
/// - `ids`, `n_ids`: indicator ids; `n_ids == 0` computes the whole catalogue, leaving out (and
///   listing in `bildung_results_skipped_*`) the indicators whose tables or columns are not
///   loaded.
/// - `by`, `n_by`: breakdown columns (`"sex"`, `"citizenship"`, ...); an indicator is broken
///   down by those its definition allows, its other records carry `"total"`.
/// - `periods`, `n_periods`: the periods to report; `n_periods == 0` reports every period with
///   numerator data.
/// - `out`: receives a new results handle (free it with `bildung_results_free`).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_UNKNOWN_INDICATOR` (an id not in the catalogue), `BILDUNG_ERR_MALFORMED_INPUT`
/// (a table a requested indicator needs is not loaded or lacks a column it names; a population
/// age class straddling an age band; a filter value no row has), `BILDUNG_ERR_INVALID_PARAMETER`
/// (a breakdown column given twice, or `unit_id`).
///
/// # Thread safety
/// Reentrant; `cat` and `tables` are only read.
///
/// # Safety
/// `cat` and `tables` must be live handles; the arrays readable for their lengths; `out`
/// writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_indicators_compute(
    cat: *const bildung_catalogue,
    tables: *const bildung_tables,
    ids: *const *const c_char,
    n_ids: usize,
    by: *const *const c_char,
    n_by: usize,
    periods: *const i64,
    n_periods: usize,
    out: *mut *mut bildung_results,
) -> bildung_status {
    guard("bildung_indicators_compute", || {
        // SAFETY: forwarded caller contract (all the reads below).
        let cat = unsafe { handle(cat, "cat") }?;
        let tables = unsafe { handle(tables, "tables") }?;
        let ids = unsafe { c_strs(ids, n_ids, "ids") }?;
        let by = unsafe { c_strs(by, n_by, "by") }?;
        let periods = unsafe { input(periods, n_periods, "periods") }?;
        let req = Request {
            indicators: ids.into_iter().map(str::to_owned).collect(),
            by: by.into_iter().map(str::to_owned).collect(),
            periods: (!periods.is_empty()).then(|| periods.to_vec()),
        };
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_results {
                    inner: compute(&cat.inner, &tables.inner, &req)?,
                })
            })
        }
    })
}

// ---- results ----

/// `i` is not below `len`.
fn out_of_range(what: &'static str, i: usize, len: usize) -> Failure {
    Failure::Core(Error::parameter(
        what,
        i,
        format!("out of range: there are {len}"),
    ))
}

/// The number of records.
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT` (`res` or `out` NULL).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_len(
    res: *const bildung_results,
    out: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe { count_of("bildung_results_len", res, "res", out, |h| h.inner.len()) }
}

/// The numbers of every record, column by column, into caller-allocated arrays of `len >=
/// bildung_results_len` elements. Each array pointer may be NULL (not wanted).
///
/// # Parameters
/// - `res`: the results.
/// - `value`: the value (percent, per 100, count or percentage points as
///   `bildung_results_value_unit` says; NaN unless the status is `BILDUNG_VALUE_OK`).
/// - `numerator`, `denominator`: the counts (NaN if unknown; for cohort quotas the denominator
///   is the population of the band).
/// - `se`: the standard error where the mode has one (Quotensummenverfahren: Poisson SE in
///   percentage points), else NaN.
/// - `status`: `BILDUNG_VALUE_*`.
/// - `flags`: `BILDUNG_FLAG_*` bits (`RATE_ABOVE_ONE`, `SMALL_POPULATION`, `OUTSIDE_VALIDITY`,
///   `EVENTS_OUTSIDE_AGES`, `AGE_GAP`, `MIXED_POPULATION_BASIS`).
/// - `period`: the period (the numerator table's period: leaving year, school year start, ...).
/// - `symbol`: `BILDUNG_SYMBOL_*` of the first missing input cell (`BILDUNG_SYMBOL_NONE` if
///   none).
/// - `version`: the version of the indicator definition.
/// - `len`: the number of elements each non-NULL array holds.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT` (`res` NULL), `BILDUNG_ERR_BUFFER_SIZE` (`len` below
/// the number of records while an array is given; nothing written, the message names the
/// needed length).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; every non-NULL array writable for `len` elements.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_results_values(
    res: *const bildung_results,
    value: *mut f64,
    numerator: *mut f64,
    denominator: *mut f64,
    se: *mut f64,
    status: *mut bildung_value_status,
    flags: *mut bildung_flags,
    period: *mut i64,
    symbol: *mut bildung_symbol,
    version: *mut u32,
    len: usize,
) -> bildung_status {
    guard("bildung_results_values", || {
        // SAFETY: forwarded caller contract.
        let r = &unsafe { handle(res, "res") }?.inner;
        let n = r.len();
        let wanted = [
            value.is_null(),
            numerator.is_null(),
            denominator.is_null(),
            se.is_null(),
            status.is_null(),
            flags.is_null(),
            period.is_null(),
            symbol.is_null(),
            version.is_null(),
        ]
        .contains(&false);
        if wanted && len < n {
            return Err(Failure::buffer("len", len, n));
        }
        let codes: Vec<u8> = r.status.iter().map(|s| *s as u8).collect();
        let versions: Vec<u32> = r
            .indicator
            .iter()
            .map(|&k| r.indicators[k as usize].version)
            .collect();
        // SAFETY: every non-NULL array holds `len >= n` elements (caller contract).
        unsafe {
            optional_out(value, len, "value")?.write(&r.value);
            optional_out(numerator, len, "numerator")?.write(&r.numerator);
            optional_out(denominator, len, "denominator")?.write(&r.denominator);
            optional_out(se, len, "se")?.write(&r.se);
            optional_out(status, len, "status")?.write(&codes);
            optional_out(flags, len, "flags")?.write(&r.flags);
            optional_out(period, len, "period")?.write(&r.period);
            optional_out(symbol, len, "symbol")?.write(&r.symbol);
            optional_out(version, len, "version")?.write(&versions);
        }
        Ok(())
    })
}

/// Run a text accessor of record `i`: check the handle and the index, copy `text(results, i)`.
///
/// # Safety
/// `res` a live results handle; `buf` writable for `len` bytes; `needed` NULL or writable.
unsafe fn record_text(
    name: &str,
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
    text: impl FnOnce(&IndicatorResults, usize) -> Result<String, Failure>,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let r = &unsafe { handle(res, "res") }?.inner;
        if i >= r.len() {
            return Err(out_of_range("i", i, r.len()));
        }
        let s = text(r, i)?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&s, buf, len, needed) }
    })
}

/// The indicator id of record `i` into `buf` (snprintf semantics: `*needed` gets the length + 1;
/// `buf = NULL, len = 0` asks for the size).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (`i` out of range).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `buf` writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_indicator(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_indicator",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.indicators[r.indicator[i] as usize].id.clone()),
        )
    }
}

/// The area id (`unit_id`) of record `i` into `buf`; as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_unit(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text("bildung_results_unit", res, i, buf, len, needed, |r, i| {
            Ok(r.text(r.unit[i]).to_owned())
        })
    }
}

/// The category of record `i` (e.g. the `abschluss` of a share by qualification; `"total"` for
/// indicators without category) into `buf`; as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_category(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_category",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.text(r.category[i]).to_owned()),
        )
    }
}

/// The value of breakdown column `j` (`0 <= j < bildung_results_by_len`, in the order of the
/// request's `by`) of record `i` into `buf` (`"total"` where the indicator is not broken down by
/// that column); as `bildung_results_indicator`, and `BILDUNG_ERR_INVALID_PARAMETER` for `j` out
/// of range.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_by(
    res: *const bildung_results,
    i: usize,
    j: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text("bildung_results_by", res, i, buf, len, needed, |r, i| {
            let codes = r
                .by_codes
                .get(j)
                .ok_or_else(|| out_of_range("j", j, r.by_codes.len()))?;
            Ok(r.text(codes[i]).to_owned())
        })
    }
}

/// The unit of the value of record `i` (`"percent"`, `"per 100"`, `"count"`, `"percentage
/// points"`) into `buf`; as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_value_unit(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_value_unit",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.indicators[r.indicator[i] as usize].mode.unit().to_owned()),
        )
    }
}

/// The reference date of the numerator of record `i` (`"leaving year 2023"`, `"2024-03-01"`)
/// into `buf` (empty if the indicator has no numerator table); as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_numerator_ref(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_numerator_ref",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.indicators[r.indicator[i] as usize].numerator_reference(r.period[i])),
        )
    }
}

/// The reference date of the denominator of record `i` (`"2023-12-31"`) into `buf` (empty if
/// the indicator has no denominator table); as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_denominator_ref(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_denominator_ref",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.indicators[r.indicator[i] as usize].denominator_reference(r.period[i])),
        )
    }
}

/// The population source of the population rows of record `i` (the `source` column of the
/// population table: `"fortschreibung"`, `"register"`, `"zensus"`; `"mixed"` when the value mixes
/// sources, flagged `BILDUNG_FLAG_MIXED_POPULATION_BASIS`; empty when the table has no such
/// column or the indicator no population) into `buf`; as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_population_source(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_population_source",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.text(r.population_source[i]).to_owned()),
        )
    }
}

/// The census basis of the population rows of record `i` (the `census_basis` column:
/// `"vz1987"`, `"z2011"`, `"z2022"`; `"mixed"` or empty as for
/// `bildung_results_population_source`) into `buf`; as `bildung_results_indicator`.
///
/// # Safety
/// As `bildung_results_indicator`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_census_basis(
    res: *const bildung_results,
    i: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        record_text(
            "bildung_results_census_basis",
            res,
            i,
            buf,
            len,
            needed,
            |r, i| Ok(r.text(r.census_basis[i]).to_owned()),
        )
    }
}

/// The number of breakdown columns (the request's `by`).
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_by_len(
    res: *const bildung_results,
    out: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        count_of("bildung_results_by_len", res, "res", out, |h| {
            h.inner.by.len()
        })
    }
}

/// The name of breakdown column `j` into `buf` (snprintf semantics).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE`, `BILDUNG_ERR_NULL_ARGUMENT`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (`j` out of range).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `buf` writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_by_name(
    res: *const bildung_results,
    j: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_results_by_name", || {
        // SAFETY: forwarded caller contract.
        let r = &unsafe { handle(res, "res") }?.inner;
        let name =
            r.by.get(j)
                .ok_or_else(|| out_of_range("j", j, r.by.len()))?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(name, buf, len, needed) }
    })
}

/// The number of indicators left out of a whole-catalogue computation (`n_ids == 0`) because
/// their tables or columns are not loaded.
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_skipped_len(
    res: *const bildung_results,
    out: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        count_of("bildung_results_skipped_len", res, "res", out, |h| {
            h.inner.skipped.len()
        })
    }
}

/// Copy the id (`second == false`) or the text (`second == true`) of entry `k` of a list of
/// `(id, text)` pairs of the results (`skipped`, `warnings`).
///
/// # Safety
/// `res` a live results handle; `buf` writable for `len` bytes; `needed` NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn pair_text(
    name: &str,
    res: *const bildung_results,
    list: fn(&IndicatorResults) -> &[(String, String)],
    k: usize,
    second: bool,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard(name, || {
        // SAFETY: forwarded caller contract.
        let pairs = list(&unsafe { handle(res, "res") }?.inner);
        let (id, text) = pairs
            .get(k)
            .ok_or_else(|| out_of_range("k", k, pairs.len()))?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(if second { text } else { id }, buf, len, needed) }
    })
}

fn skipped(r: &IndicatorResults) -> &[(String, String)] {
    &r.skipped
}

fn warnings(r: &IndicatorResults) -> &[(String, String)] {
    &r.warnings
}

/// The id of skipped indicator `k` (`0 <= k < bildung_results_skipped_len`) into `buf`
/// (snprintf semantics).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE`, `BILDUNG_ERR_NULL_ARGUMENT`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (`k` out of range).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `buf` writable for `len` bytes; `needed` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_skipped_id(
    res: *const bildung_results,
    k: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        pair_text(
            "bildung_results_skipped_id",
            res,
            skipped,
            k,
            false,
            buf,
            len,
            needed,
        )
    }
}

/// Why indicator `k` was skipped (e.g. which table is not loaded) into `buf`; as
/// `bildung_results_skipped_id`.
///
/// # Safety
/// As `bildung_results_skipped_id`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_skipped_reason(
    res: *const bildung_results,
    k: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        pair_text(
            "bildung_results_skipped_reason",
            res,
            skipped,
            k,
            true,
            buf,
            len,
            needed,
        )
    }
}

/// The number of warnings of the computation: notes that need a second look, such as a filter
/// value that no row of the table has (every count is then 0: right for a category that did not
/// occur, wrong for a misspelling).
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `res` must be a live results handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_warnings_len(
    res: *const bildung_results,
    out: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        count_of("bildung_results_warnings_len", res, "res", out, |h| {
            h.inner.warnings.len()
        })
    }
}

/// The indicator id of warning `k` (`0 <= k < bildung_results_warnings_len`) into `buf`
/// (snprintf semantics); as `bildung_results_skipped_id`.
///
/// # Safety
/// As `bildung_results_skipped_id`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_warning_id(
    res: *const bildung_results,
    k: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        pair_text(
            "bildung_results_warning_id",
            res,
            warnings,
            k,
            false,
            buf,
            len,
            needed,
        )
    }
}

/// The text of warning `k` (naming the definition field and the values present) into `buf`; as
/// `bildung_results_skipped_id`.
///
/// # Safety
/// As `bildung_results_skipped_id`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_warning_text(
    res: *const bildung_results,
    k: usize,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    // SAFETY: forwarded caller contract.
    unsafe {
        pair_text(
            "bildung_results_warning_text",
            res,
            warnings,
            k,
            true,
            buf,
            len,
            needed,
        )
    }
}

/// Write the records as a CSV file (UTF-8, `,` separator, `.` decimal point, empty cell for
/// NaN): indicator, version, unit_id, period, the breakdown columns, category, value, numerator,
/// denominator, se, status, symbol, flags (names joined by `|`), unit, numerator_ref,
/// denominator_ref, population_source, census_basis. An existing file is replaced.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (the file cannot be written: the message names the path and
/// the system error).
///
/// # Thread safety
/// Reentrant (the file is the caller's concern).
///
/// # Safety
/// `res` must be a live results handle; `path` a NUL-terminated string.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_results_write_csv(
    res: *const bildung_results,
    path: *const c_char,
) -> bildung_status {
    guard("bildung_results_write_csv", || {
        // SAFETY: forwarded caller contract.
        let r = &unsafe { handle(res, "res") }?.inner;
        // SAFETY: forwarded caller contract.
        let path = unsafe { c_str(path, "path") }?;
        std::fs::write(path, r.to_csv()).map_err(|e| {
            Failure::Core(Error::parameter(
                "path",
                format!("`{path}`"),
                format!("cannot write the file: {e}"),
            ))
        })
    })
}

/// Release results. NULL is a no-op; the handle must not be used afterwards.
///
/// # Safety
/// `res` must be NULL or a live results handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_results_free(res: *mut bildung_results) {
    // SAFETY: forwarded caller contract.
    crate::guard::guard_value((), || unsafe { release(res) });
}

// ---- cohort quotas on plain arrays ----

/// A cohort quota with its parts (`bildung_quota_sum`, `bildung_mean_cohort`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_cohort_quota {
    /// The quota in percent (NaN unless `status` is `BILDUNG_VALUE_OK`).
    pub value: f64,
    /// Poisson standard error in percentage points (quota sum); NaN for the average cohort.
    pub se: f64,
    /// All events counted.
    pub events: f64,
    /// Population of the ages (quota sum: the sum; average cohort: the mean cohort).
    pub population: f64,
    /// `BILDUNG_VALUE_OK`, `BILDUNG_VALUE_UNDEFINED` (events at an age without population) or
    /// `BILDUNG_VALUE_NOT_COMPUTABLE` (average cohort of 0).
    pub status: bildung_value_status,
    /// `BILDUNG_FLAG_RATE_ABOVE_ONE`, `BILDUNG_FLAG_SMALL_POPULATION`.
    pub flags: bildung_flags,
}

impl From<CohortQuota> for bildung_cohort_quota {
    fn from(q: CohortQuota) -> bildung_cohort_quota {
        bildung_cohort_quota {
            value: q.value,
            se: q.se,
            events: q.events,
            population: q.population,
            status: q.status as u8,
            flags: q.flags.bits(),
        }
    }
}

/// Check `out`, compute the quota and write it.
///
/// # Safety
/// `out` must be valid for one write.
unsafe fn write_quota(
    out: *mut bildung_cohort_quota,
    quota: impl FnOnce() -> Result<CohortQuota, Error>,
) -> Result<(), Failure> {
    let out = required_out(out, "out")?;
    let q = quota()?;
    // SAFETY: non-NULL and writable (caller contract).
    unsafe { out.write(q.into()) };
    Ok(())
}

/// Quotensummenverfahren (quota-sum method, QSV), the current KMK/Destatis cohort quota:
///
/// ```text
/// Q = 100 * sum_a E_a / P_a             SE = 100 * sqrt( sum_a E_a / P_a^2 )
/// ```
///
/// `events[a]` and `population[a]` belong to the same single age (or birth cohort) `a`. A term
/// with `P_a = 0` and `E_a = 0` is 0; `P_a = 0` with `E_a > 0` makes the quota
/// `BILDUNG_VALUE_UNDEFINED`. Flags: `BILDUNG_FLAG_RATE_ABOVE_ONE` when some `E_a / P_a > 1`,
/// `BILDUNG_FLAG_SMALL_POPULATION` when some `0 < P_a < 20`. Core:
/// `bildung_core::indicators::cohort::quota_sum`. Example (methods.md 6.3): events 6, 148, 95,
/// 21, 5 over 410, 395, 360, 340, 300 give 73.16 % (SE 4.42).
///
/// # Parameters
/// - `events`, `population`: `n` counts each (NULL only when `n == 0`).
/// - `out`: receives the quota.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT` (`n == 0`),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN), `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (a
/// negative count). `*out` is written only on success.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `events` and `population` readable for `n` doubles; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_quota_sum(
    events: *const f64,
    population: *const f64,
    n: usize,
    out: *mut bildung_cohort_quota,
) -> bildung_status {
    guard("bildung_quota_sum", || {
        // SAFETY: forwarded caller contract.
        let e = unsafe { input(events, n, "events") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { input(population, n, "population") }?;
        // SAFETY: forwarded caller contract.
        unsafe { write_quota(out, || cohort::quota_sum(e, p)) }
    })
}

/// Durchschnittsjahrgang (average cohort, DJ), the older cohort quota:
///
/// ```text
/// Q = 100 * E / ( (1/K) * sum_{a in band} P_a )
/// ```
///
/// `events` counts every event whatever the age; `band_population` holds the `K` single-age
/// populations of the typical band (e.g. 15 to under 17 for leavers without
/// Hauptschulabschluss: K = 2). A mean cohort of 0 gives `BILDUNG_VALUE_NOT_COMPUTABLE`; below 20
/// the flag `BILDUNG_FLAG_SMALL_POPULATION`. Core: `bildung_core::indicators::cohort::mean_cohort`.
/// Example (methods.md 6.3): 275 events over 395, 360, 340 give 75.34 %.
///
/// # Parameters
/// - `events`: the events.
/// - `band_population`, `k`: the band's populations (NULL only when `k == 0`).
/// - `out`: receives the quota (`se` is NaN).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT` (`k == 0`),
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `band_population` readable for `k` doubles; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_mean_cohort(
    events: f64,
    band_population: *const f64,
    k: usize,
    out: *mut bildung_cohort_quota,
) -> bildung_status {
    guard("bildung_mean_cohort", || {
        // SAFETY: forwarded caller contract.
        let p = unsafe { input(band_population, k, "band_population") }?;
        // SAFETY: forwarded caller contract.
        unsafe { write_quota(out, || cohort::mean_cohort(events, p)) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::last_error::bildung_last_error_message;
    use crate::options::{
        BILDUNG_FLAG_OUTSIDE_VALIDITY, BILDUNG_FLAG_RATE_ABOVE_ONE, BILDUNG_FLAG_SMALL_POPULATION,
    };
    use crate::status::*;
    use bildung_core::indicators::ValueStatus;
    use std::ffi::{CStr, CString};
    use std::ptr::{null, null_mut};

    fn message() -> String {
        let mut buf = [0 as c_char; 1024];
        let st = unsafe { bildung_last_error_message(buf.as_mut_ptr(), buf.len(), null_mut()) };
        assert_eq!(st, BILDUNG_OK);
        unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_string_lossy()
            .into_owned()
    }

    fn cstrings(v: &[&str]) -> (Vec<CString>, Vec<*const c_char>) {
        let owned: Vec<CString> = v.iter().map(|s| CString::new(*s).unwrap()).collect();
        let ptrs = owned.iter().map(|c| c.as_ptr()).collect();
        (owned, ptrs)
    }

    /// Read a text accessor into a String, checking the size protocol on the way.
    fn text(f: impl Fn(*mut c_char, usize, *mut usize) -> bildung_status) -> String {
        let mut needed = 0;
        assert_eq!(f(null_mut(), 0, &mut needed), BILDUNG_ERR_BUFFER_SIZE);
        let mut buf = vec![0 as c_char; needed];
        assert_eq!(f(buf.as_mut_ptr(), needed, null_mut()), BILDUNG_OK);
        unsafe { CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_owned()
    }

    /// The text of accessor `f` for record `i`.
    macro_rules! rtext {
        ($f:ident, $res:expr, $i:expr) => {
            text(|b, l, nd| unsafe { $f($res, $i, b, l, nd) })
        };
    }

    #[test]
    fn constants_match_the_core() {
        let statuses = [
            (BILDUNG_VALUE_OK, ValueStatus::Ok),
            (BILDUNG_VALUE_MISSING, ValueStatus::Missing),
            (BILDUNG_VALUE_NOT_COMPUTABLE, ValueStatus::NotComputable),
            (BILDUNG_VALUE_UNDEFINED, ValueStatus::Undefined),
            (BILDUNG_VALUE_NO_DATA, ValueStatus::NoData),
        ];
        assert_eq!(statuses.len(), ValueStatus::ALL.len());
        for (c, s) in statuses {
            assert_eq!(c, s as u8, "{}", s.name());
        }
        let symbols = [
            (BILDUNG_SYMBOL_ZERO, Symbol::Zero),
            (BILDUNG_SYMBOL_UNKNOWN, Symbol::Unknown),
            (BILDUNG_SYMBOL_NOT_MEANINGFUL, Symbol::NotMeaningful),
            (BILDUNG_SYMBOL_LATER, Symbol::Later),
            (BILDUNG_SYMBOL_UNRELIABLE, Symbol::Unreliable),
        ];
        assert_eq!(symbols.len(), Symbol::ALL.len());
        for (c, s) in symbols {
            assert_eq!(c, s.code(), "{}", s.as_str());
        }
        assert!(Symbol::ALL.iter().all(|s| s.code() != BILDUNG_SYMBOL_NONE));
    }

    #[test]
    fn catalogue_handles() {
        let mut cat: *mut bildung_catalogue = null_mut();
        assert_eq!(unsafe { bildung_catalogue_builtin(&mut cat) }, BILDUNG_OK);
        let mut n = 0;
        assert_eq!(unsafe { bildung_catalogue_len(cat, &mut n) }, BILDUNG_OK);
        assert_eq!(n, Catalogue::builtin().unwrap().len());
        let mut buf = [0 as c_char; 4];
        let mut needed = 0;
        let st = unsafe { bildung_catalogue_id(cat, 0, buf.as_mut_ptr(), 4, &mut needed) };
        assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
        let builtin = Catalogue::builtin().unwrap();
        let first = &builtin.definitions()[0].id;
        assert_eq!(needed, first.len() + 1);
        assert_eq!(
            unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes(),
            &first.as_bytes()[..3]
        );
        let st = unsafe { bildung_catalogue_id(cat, n, buf.as_mut_ptr(), 4, &mut needed) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        assert!(message().contains("out of range"), "{}", message());
        // a definition with an unknown mode: rejected, naming the field; the catalogue unchanged
        let bad = CString::new(
            "[[indicator]]\nid = \"X\"\narea = \"D\"\nname_de = \"x\"\nname_en = \"x\"\n\
             mode = \"ratio\"\nsource = \"s\"\n",
        )
        .unwrap();
        let st = unsafe { bildung_catalogue_add(cat, bad.as_ptr(), BILDUNG_DEFINITION_TOML) };
        assert_eq!(st, BILDUNG_ERR_INVALID_DEFINITION);
        assert!(message().contains("field `mode`"), "{}", message());
        let json = CString::new(
            r#"[{"id": "MY-FQ", "area": "D", "name_de": "x", "name_en": "x", "mode": "share",
            "numerator": {"table": "school_pupils", "filter": {"spf": ["ja"]}},
            "denominator": {"table": "school_pupils"}, "source": "own"},
            {"id": "D-ABS-ANTEIL", "area": "D", "name_de": "x", "name_en": "x", "mode": "share",
            "numerator": {"table": "school_pupils"}, "denominator": {"table": "school_pupils"},
            "source": "own"}]"#,
        )
        .unwrap();
        // the second id is taken: nothing is added (all or none)
        let st = unsafe { bildung_catalogue_add(cat, json.as_ptr(), BILDUNG_DEFINITION_JSON) };
        assert_eq!(st, BILDUNG_ERR_INVALID_DEFINITION);
        assert!(message().contains("already defined"), "{}", message());
        let mut m = 0;
        assert_eq!(unsafe { bildung_catalogue_len(cat, &mut m) }, BILDUNG_OK);
        assert_eq!(m, n);
        assert_eq!(
            unsafe { bildung_catalogue_add(cat, json.as_ptr(), 7) },
            BILDUNG_ERR_INVALID_PARAMETER
        );
        let invalid = [0xffu8 as c_char, 0];
        assert_eq!(
            unsafe { bildung_catalogue_add(cat, invalid.as_ptr(), BILDUNG_DEFINITION_TOML) },
            BILDUNG_ERR_INVALID_UTF8
        );
        assert!(
            message().contains("`text` is not valid UTF-8"),
            "{}",
            message()
        );
        assert_eq!(
            unsafe { bildung_catalogue_add(null_mut(), json.as_ptr(), 0) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            unsafe { bildung_catalogue_len(null(), &mut m) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            unsafe { bildung_catalogue_builtin(null_mut()) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
        unsafe { bildung_catalogue_free(cat) };
        unsafe { bildung_catalogue_free(null_mut()) };
        let mut empty: *mut bildung_catalogue = null_mut();
        assert_eq!(
            unsafe { bildung_catalogue_new_empty(&mut empty) },
            BILDUNG_OK
        );
        assert_eq!(unsafe { bildung_catalogue_len(empty, &mut m) }, BILDUNG_OK);
        assert_eq!(m, 0);
        unsafe { bildung_catalogue_free(empty) };
    }

    /// School leavers of indicators_engine.rs: A has 2 + 6 without Hauptschulabschluss of 40
    /// (20 %), B has a `.` cell.
    fn leavers(tables: *mut bildung_tables) -> bildung_status {
        let (_n, names) = cstrings(&["unit_id", "leaving_year", "sex", "abschluss"]);
        let (_u, unit) = cstrings(&["A", "A", "A", "A", "B", "B", "B"]);
        let year = [2023i64; 7];
        let (_s, sex) = cstrings(&["female", "female", "male", "male", "female", "male", "male"]);
        let (_a, abschluss) = cstrings(&[
            "ohne_hsa", "ahr", "ohne_hsa", "ahr", "ahr", "ohne_hsa", "ahr",
        ]);
        let types = [
            BILDUNG_COLUMN_TEXT,
            BILDUNG_COLUMN_INT,
            BILDUNG_COLUMN_TEXT,
            BILDUNG_COLUMN_TEXT,
        ];
        let columns: [*const c_void; 4] = [
            unit.as_ptr().cast(),
            year.as_ptr().cast(),
            sex.as_ptr().cast(),
            abschluss.as_ptr().cast(),
        ];
        let counts = [2.0, 18.0, 6.0, 14.0, f64::NAN, 3.0, 9.0];
        let dot = c".";
        let symbols = [null(), null(), null(), null(), dot.as_ptr(), null(), null()];
        let kind = c"school_leavers";
        unsafe {
            bildung_tables_add_columns(
                tables,
                kind.as_ptr(),
                7,
                4,
                names.as_ptr(),
                types.as_ptr(),
                columns.as_ptr(),
                counts.as_ptr(),
                symbols.as_ptr(),
            )
        }
    }

    #[test]
    fn columns_in_results_out() {
        let mut tables: *mut bildung_tables = null_mut();
        assert_eq!(unsafe { bildung_tables_new(&mut tables) }, BILDUNG_OK);
        assert_eq!(leavers(tables), BILDUNG_OK);
        let mut cat: *mut bildung_catalogue = null_mut();
        assert_eq!(unsafe { bildung_catalogue_builtin(&mut cat) }, BILDUNG_OK);
        let (_i, ids) = cstrings(&["D-ABS-ANTEIL"]);
        let (_b, by) = cstrings(&["sex"]);
        let mut res: *mut bildung_results = null_mut();
        let st = unsafe {
            bildung_indicators_compute(
                cat,
                tables,
                ids.as_ptr(),
                1,
                by.as_ptr(),
                1,
                null(),
                0,
                &mut res,
            )
        };
        assert_eq!(st, BILDUNG_OK, "{}", message());
        let mut n = 0;
        assert_eq!(unsafe { bildung_results_len(res, &mut n) }, BILDUNG_OK);
        assert!(n > 0);
        let mut value = vec![0.0; n];
        let mut num = vec![0.0; n];
        let mut den = vec![0.0; n];
        let mut status = vec![9u8; n];
        let mut symbol = vec![9u8; n];
        let mut period = vec![0i64; n];
        let mut version = vec![0u32; n];
        let st = unsafe {
            bildung_results_values(
                res,
                value.as_mut_ptr(),
                num.as_mut_ptr(),
                den.as_mut_ptr(),
                null_mut(),
                status.as_mut_ptr(),
                null_mut(),
                period.as_mut_ptr(),
                symbol.as_mut_ptr(),
                version.as_mut_ptr(),
                n,
            )
        };
        assert_eq!(st, BILDUNG_OK);
        let mut seen = 0;
        for i in 0..n {
            let unit = rtext!(bildung_results_unit, res, i);
            let sex = text(|b, l, nd| unsafe { bildung_results_by(res, i, 0, b, l, nd) });
            let cat_ = rtext!(bildung_results_category, res, i);
            assert_eq!(rtext!(bildung_results_indicator, res, i), "D-ABS-ANTEIL");
            assert_eq!(rtext!(bildung_results_value_unit, res, i), "percent");
            assert_eq!(
                rtext!(bildung_results_numerator_ref, res, i),
                "leaving year 2023"
            );
            assert_eq!(period[i], 2023);
            assert_eq!(version[i], 1);
            match (unit.as_str(), sex.as_str(), cat_.as_str()) {
                // A female: 2 of 2 + 18 = 10 %; A male: 6 of 20 = 30 %; B male: 3 of 12 = 25 %
                ("A", "female", "ohne_hsa") => {
                    assert_eq!((value[i], num[i], den[i]), (10.0, 2.0, 20.0));
                    seen += 1;
                }
                ("A", "male", "ohne_hsa") => {
                    assert_eq!(value[i], 30.0);
                    seen += 1;
                }
                ("B", "male", "ohne_hsa") => {
                    assert_eq!(value[i], 25.0);
                    seen += 1;
                }
                // B female: only the `.` cell, never a zero
                ("B", "female", _) => {
                    assert_eq!(status[i], BILDUNG_VALUE_MISSING);
                    assert_eq!(symbol[i], BILDUNG_SYMBOL_UNKNOWN);
                    assert!(value[i].is_nan());
                    seen += 1;
                }
                _ => {}
            }
        }
        assert_eq!(seen, 5);
        // too small, out of range, by name
        let st = unsafe {
            bildung_results_values(
                res,
                value.as_mut_ptr(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                n - 1,
            )
        };
        assert_eq!(st, BILDUNG_ERR_BUFFER_SIZE);
        assert!(
            message().contains(&format!("{n} are needed")),
            "{}",
            message()
        );
        let mut buf = [0 as c_char; 16];
        let st = unsafe { bildung_results_unit(res, n, buf.as_mut_ptr(), 16, null_mut()) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        let st = unsafe { bildung_results_by(res, 0, 1, buf.as_mut_ptr(), 16, null_mut()) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        let mut nb = 0;
        assert_eq!(unsafe { bildung_results_by_len(res, &mut nb) }, BILDUNG_OK);
        assert_eq!(nb, 1);
        assert_eq!(
            unsafe { bildung_results_by_name(res, 0, buf.as_mut_ptr(), 16, null_mut()) },
            BILDUNG_OK
        );
        assert_eq!(
            unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap(),
            "sex"
        );
        // CSV out, as the core writes it
        let path = std::env::temp_dir().join(format!("bildung_ffi_res_{}.csv", std::process::id()));
        let cpath = CString::new(path.to_str().unwrap()).unwrap();
        assert_eq!(
            unsafe { bildung_results_write_csv(res, cpath.as_ptr()) },
            BILDUNG_OK
        );
        let written = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(written.starts_with("indicator,version,unit_id,period,sex,category,value"));
        assert!(
            written.contains("D-ABS-ANTEIL,1,A,2023,female,ohne_hsa,10,2,20,"),
            "{written}"
        );
        let bad = c"/nonexistent-dir/x.csv";
        assert_eq!(
            unsafe { bildung_results_write_csv(res, bad.as_ptr()) },
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert!(
            message().contains("/nonexistent-dir/x.csv"),
            "{}",
            message()
        );
        unsafe { bildung_results_free(res) };
        unsafe { bildung_results_free(null_mut()) };
        // unknown id
        let (_x, nope) = cstrings(&["NOPE"]);
        let mut res2: *mut bildung_results = null_mut();
        let st = unsafe {
            bildung_indicators_compute(
                cat,
                tables,
                nope.as_ptr(),
                1,
                null(),
                0,
                null(),
                0,
                &mut res2,
            )
        };
        assert_eq!(st, BILDUNG_ERR_UNKNOWN_INDICATOR);
        assert!(res2.is_null());
        // the whole catalogue skips what has no data
        let st = unsafe {
            bildung_indicators_compute(cat, tables, null(), 0, null(), 0, null(), 0, &mut res2)
        };
        assert_eq!(st, BILDUNG_OK);
        let mut k = 0;
        assert_eq!(
            unsafe { bildung_results_skipped_len(res2, &mut k) },
            BILDUNG_OK
        );
        assert!(k > 0);
        let mut b = [0 as c_char; 256];
        assert_eq!(
            unsafe { bildung_results_skipped_id(res2, 0, b.as_mut_ptr(), 256, null_mut()) },
            BILDUNG_OK
        );
        assert_eq!(
            unsafe { bildung_results_skipped_reason(res2, k, b.as_mut_ptr(), 256, null_mut()) },
            BILDUNG_ERR_INVALID_PARAMETER
        );
        unsafe { bildung_results_free(res2) };
        unsafe { bildung_catalogue_free(cat) };
        unsafe { bildung_tables_free(tables) };
    }

    #[test]
    fn bad_tables_are_named() {
        let mut tables: *mut bildung_tables = null_mut();
        assert_eq!(unsafe { bildung_tables_new(&mut tables) }, BILDUNG_OK);
        let (_n, names) = cstrings(&["unit_id", "leaving_year", "abschluss"]);
        let (_u, unit) = cstrings(&["A", "A"]);
        let year = [2023i64; 2];
        let (_a, abschluss) = cstrings(&["ahr", "ahr"]);
        let types = [BILDUNG_COLUMN_TEXT, BILDUNG_COLUMN_INT, BILDUNG_COLUMN_TEXT];
        let columns: [*const c_void; 3] = [
            unit.as_ptr().cast(),
            year.as_ptr().cast(),
            abschluss.as_ptr().cast(),
        ];
        let counts = [1.0, 2.0];
        let add = |kind: &CStr, types: &[u32], columns: &[*const c_void], symbols| unsafe {
            bildung_tables_add_columns(
                tables,
                kind.as_ptr(),
                2,
                3,
                names.as_ptr(),
                types.as_ptr(),
                columns.as_ptr(),
                counts.as_ptr(),
                symbols,
            )
        };
        let st = add(c"school_leavers", &types, &columns, null());
        assert_eq!(st, BILDUNG_ERR_MALFORMED_INPUT);
        let m = message();
        assert!(m.contains("duplicated key") && m.contains("row 1"), "{m}");
        assert_eq!(
            add(c"pupils", &types, &columns, null()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        assert!(message().contains("unknown table kind"), "{}", message());
        assert_eq!(
            add(c"school_leavers", &[0, 1, 5], &columns, null()),
            BILDUNG_ERR_INVALID_PARAMETER
        );
        let with_null = [unit.as_ptr().cast(), null(), abschluss.as_ptr().cast()];
        assert_eq!(
            add(c"school_leavers", &types, &with_null, null()),
            BILDUNG_ERR_NULL_ARGUMENT
        );
        assert!(
            message().contains("columns[1] (`leaving_year`)"),
            "{}",
            message()
        );
        let q = c"q";
        let symbols = [null(), q.as_ptr()];
        assert_eq!(
            add(c"school_leavers", &types, &columns, symbols.as_ptr()),
            BILDUNG_ERR_MALFORMED_INPUT
        );
        assert!(
            message().contains("row 1, column `symbol`"),
            "{}",
            message()
        );
        // read_csv: a missing file names the path
        let path = c"/nonexistent-dir/leavers.csv";
        let st =
            unsafe { bildung_tables_read_csv(tables, c"school_leavers".as_ptr(), path.as_ptr()) };
        assert_eq!(st, BILDUNG_ERR_INVALID_PARAMETER);
        assert!(
            message().contains("/nonexistent-dir/leavers.csv"),
            "{}",
            message()
        );
        unsafe { bildung_tables_free(tables) };
        unsafe { bildung_tables_free(null_mut()) };
    }

    #[test]
    fn csv_file_in() {
        let dir = std::env::temp_dir();
        let path = dir.join(format!("bildung_ffi_in_{}.csv", std::process::id()));
        std::fs::write(
            &path,
            "unit_id;leaving_year;abschluss;count\nA;2023;ohne_hsa;6\nA;2023;ahr;94\nB;2023;ahr;x\n",
        )
        .unwrap();
        let bad = dir.join(format!("bildung_ffi_bad_{}.csv", std::process::id()));
        std::fs::write(&bad, b"unit_id,leaving_year,count\nK\xf6ln,2023,1\n").unwrap();
        let cpath = CString::new(path.to_str().unwrap()).unwrap();
        let cbad = CString::new(bad.to_str().unwrap()).unwrap();
        let mut tables: *mut bildung_tables = null_mut();
        assert_eq!(unsafe { bildung_tables_new(&mut tables) }, BILDUNG_OK);
        let kind = c"school_leavers";
        let st = unsafe { bildung_tables_read_csv(tables, kind.as_ptr(), cpath.as_ptr()) };
        assert_eq!(st, BILDUNG_OK, "{}", message());
        let st = unsafe { bildung_tables_read_csv(tables, kind.as_ptr(), cbad.as_ptr()) };
        assert_eq!(st, BILDUNG_ERR_MALFORMED_INPUT);
        assert!(
            message().contains("row 2") && message().contains("UTF-8"),
            "{}",
            message()
        );
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&bad);
        let (_u, units) = cstrings(&["A"]);
        assert_eq!(
            unsafe { bildung_tables_set_units(tables, units.as_ptr(), 1) },
            BILDUNG_ERR_MALFORMED_INPUT
        );
        assert!(message().contains("unknown area id `B`"), "{}", message());
        assert_eq!(
            unsafe { bildung_tables_set_units(tables, null(), 2) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
        let mut cat: *mut bildung_catalogue = null_mut();
        assert_eq!(unsafe { bildung_catalogue_builtin(&mut cat) }, BILDUNG_OK);
        let (_i, ids) = cstrings(&["D-ABS-ANTEIL"]);
        let periods = [2023i64];
        let mut res: *mut bildung_results = null_mut();
        let st = unsafe {
            bildung_indicators_compute(
                cat,
                tables,
                ids.as_ptr(),
                1,
                null(),
                0,
                periods.as_ptr(),
                1,
                &mut res,
            )
        };
        assert_eq!(st, BILDUNG_OK);
        let mut n = 0;
        assert_eq!(unsafe { bildung_results_len(res, &mut n) }, BILDUNG_OK);
        let mut value = vec![0.0; n];
        let mut flags = vec![0u32; n];
        let st = unsafe {
            bildung_results_values(
                res,
                value.as_mut_ptr(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                flags.as_mut_ptr(),
                null_mut(),
                null_mut(),
                null_mut(),
                n,
            )
        };
        assert_eq!(st, BILDUNG_OK);
        let mut found = false;
        for i in 0..n {
            if rtext!(bildung_results_unit, res, i) == "A"
                && rtext!(bildung_results_category, res, i) == "ohne_hsa"
            {
                assert_eq!(value[i], 6.0); // 6 of 100
                assert_eq!(flags[i] & BILDUNG_FLAG_OUTSIDE_VALIDITY, 0);
                found = true;
            }
        }
        assert!(found);
        unsafe { bildung_results_free(res) };
        unsafe { bildung_catalogue_free(cat) };
        unsafe { bildung_tables_free(tables) };
    }

    #[test]
    fn cohort_quotas() {
        // methods.md 6.3: 100 * (6/410 + 148/395 + 95/360 + 21/340 + 5/300) = 73.16
        let e = [6.0, 148.0, 95.0, 21.0, 5.0];
        let p = [410.0, 395.0, 360.0, 340.0, 300.0];
        let mut q = bildung_cohort_quota {
            value: 0.0,
            se: 0.0,
            events: 0.0,
            population: 0.0,
            status: 9,
            flags: 0,
        };
        assert_eq!(
            unsafe { bildung_quota_sum(e.as_ptr(), p.as_ptr(), 5, &mut q) },
            BILDUNG_OK
        );
        let hand =
            100.0 * (6.0 / 410.0 + 148.0 / 395.0 + 95.0 / 360.0 + 21.0 / 340.0 + 5.0 / 300.0);
        assert!((q.value - hand).abs() < 1e-12);
        assert!((q.se - 4.42).abs() < 0.005);
        assert_eq!(
            (q.events, q.population, q.status),
            (275.0, 1805.0, BILDUNG_VALUE_OK)
        );
        // 275 / ((395 + 360 + 340) / 3) = 75.34 %
        let band = [395.0, 360.0, 340.0];
        assert_eq!(
            unsafe { bildung_mean_cohort(275.0, band.as_ptr(), 3, &mut q) },
            BILDUNG_OK
        );
        assert!((q.value - 100.0 * 275.0 / 365.0).abs() < 1e-12);
        assert!(q.se.is_nan());
        let hi = [30.0];
        let lo = [25.0];
        assert_eq!(
            unsafe { bildung_quota_sum(hi.as_ptr(), lo.as_ptr(), 1, &mut q) },
            BILDUNG_OK
        );
        assert_eq!(q.flags, BILDUNG_FLAG_RATE_ABOVE_ONE); // 30/25 > 1, 25 >= 20
        let (three, ten) = ([3.0], [10.0]);
        assert_eq!(
            unsafe { bildung_quota_sum(three.as_ptr(), ten.as_ptr(), 1, &mut q) },
            BILDUNG_OK
        );
        assert_eq!(q.flags, BILDUNG_FLAG_SMALL_POPULATION); // 10 < 20
        assert_eq!(
            unsafe { bildung_quota_sum(null(), p.as_ptr(), 5, &mut q) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            unsafe { bildung_quota_sum(null(), null(), 0, &mut q) },
            BILDUNG_ERR_EMPTY_INPUT
        );
        let neg = [-1.0];
        assert_eq!(
            unsafe { bildung_mean_cohort(1.0, neg.as_ptr(), 1, &mut q) },
            BILDUNG_ERR_INVALID_COUNT
        );
        assert_eq!(
            unsafe { bildung_mean_cohort(1.0, band.as_ptr(), 3, null_mut()) },
            BILDUNG_ERR_NULL_ARGUMENT
        );
    }
}
