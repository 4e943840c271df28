//! Disclosure control (Geheimhaltung, `bildung_core::disclosure`) and table rendering
//! (`bildung_core::publish`) for C, part 1: cell statuses and qualifiers, rounding to a base, the
//! cell key method (record keys, cell keys, keyed cell keys, the opaque `bildung_ptable`,
//! perturbation), the text of one cell and whole tables as CSV or JSON.
//!
//! Cell suppression (primary rules, `bildung_protect*`, `bildung_audit`) is in
//! `disclosure_suppression.rs`. As elsewhere every export checks its pointers, converts the
//! inputs, calls one core function and writes the outputs only on success; no arithmetic happens
//! here.
//!
//! Statuses travel beside the values as one `bildung_cell_status` byte per cell (never as NaN
//! in the value); qualifiers as one `bildung_cell_flags` bit set per cell. Relations between
//! cells (a total and its parts) are given in compressed sparse rows: `relation_totals[n_rel]`,
//! `part_offsets[n_rel + 1]` and `parts[part_offsets[n_rel]]` (relation `r` says
//! `values[relation_totals[r]] = sum of values[parts[k]]`, `part_offsets[r] <= k <
//! part_offsets[r + 1]`).

use std::ffi::{CStr, c_char, c_int};

use bildung_core::Error;
use bildung_core::disclosure::{
    self as core, CellFlags, CellStatus, PTable, PTableParams, SymbolSet,
};
use bildung_core::publish::{self, Column, CsvOptions, NumberFormat, PublishTable};
use ndarray::Array2;

use crate::guard::{
    Failure, OutArray, c_str, c_strs, guard, guard_value, input, optional_input, required_out,
    write_optional, write_text,
};
use crate::indicators::{give, handle, release};
use crate::status::bildung_status;

// ---- statuses and qualifiers ----

/// Status of one table cell (a byte): one of the `BILDUNG_CELL_*` constants. The symbol a
/// reader sees is chosen only when the table is rendered.
pub type bildung_cell_status = u8;

/// The value is shown.
pub const BILDUNG_CELL_PUBLISHED: bildung_cell_status = 0;
/// Exactly nothing (classical `-`, letter `0`).
pub const BILDUNG_CELL_ZERO: bildung_cell_status = 1;
/// More than nothing, less than half the unit shown (classical `0`, letter `k`).
pub const BILDUNG_CELL_LESS_THAN_HALF: bildung_cell_status = 2;
/// Kept secret: the cell itself breaks a rule (primary suppression; `.` / `g`).
pub const BILDUNG_CELL_PRIMARY: bildung_cell_status = 3;
/// Kept secret to protect another cell (secondary suppression; `.` / `g`).
pub const BILDUNG_CELL_SECONDARY: bildung_cell_status = 4;
/// Value unknown (`.` / `g`).
pub const BILDUNG_CELL_UNKNOWN: bildung_cell_status = 5;
/// Available later (`...` / `t`).
pub const BILDUNG_CELL_LATER: bildung_cell_status = 6;
/// Tabulation not meaningful (`x` / `x`).
pub const BILDUNG_CELL_NOT_MEANINGFUL: bildung_cell_status = 7;
/// Not reliable enough (`/` / `u`).
pub const BILDUNG_CELL_UNRELIABLE: bildung_cell_status = 8;

/// Qualifiers of one cell: a bit set of the `BILDUNG_CELL_FLAG_*` constants.
pub type bildung_cell_flags = u16;

/// Limited reliability (classical `( )`, letter `u`).
pub const BILDUNG_CELL_FLAG_LIMITED: bildung_cell_flags = 1;
/// Provisional (`p`).
pub const BILDUNG_CELL_FLAG_PROVISIONAL: bildung_cell_flags = 2;
/// Revised (`r`).
pub const BILDUNG_CELL_FLAG_REVISED: bildung_cell_flags = 4;
/// Estimated (`s`).
pub const BILDUNG_CELL_FLAG_ESTIMATED: bildung_cell_flags = 8;
/// Break in the series (`|`).
pub const BILDUNG_CELL_FLAG_BREAK: bildung_cell_flags = 16;
/// Final (letter `e`; not shown in the classical set).
pub const BILDUNG_CELL_FLAG_FINAL: bildung_cell_flags = 32;
/// Value with errors (classical `( )`, letter `f`).
pub const BILDUNG_CELL_FLAG_ERRONEOUS: bildung_cell_flags = 64;
/// Perturbed by the cell key method (not shown by either built-in set).
pub const BILDUNG_CELL_FLAG_PERTURBED: bildung_cell_flags = 128;

/// Names of the statuses by code, NUL-terminated (equal to `CellStatus::name`).
const STATUS_NAMES: [&CStr; 9] = [
    c"published",
    c"zero",
    c"less_than_half",
    c"primary",
    c"secondary",
    c"unknown",
    c"later",
    c"not_meaningful",
    c"unreliable",
];

/// The status of a code, or `InvalidParameter` naming `what` and the position.
pub(crate) fn cell_status(code: u8, what: &'static str, k: usize) -> Result<CellStatus, Failure> {
    CellStatus::from_code(code).ok_or_else(|| {
        Failure::Core(Error::parameter(
            what,
            format!("{code} at position {k}"),
            "not a bildung_cell_status code (0 to 8)",
        ))
    })
}

/// The statuses of `codes`.
pub(crate) fn cell_statuses(codes: &[u8], what: &'static str) -> Result<Vec<CellStatus>, Failure> {
    codes
        .iter()
        .enumerate()
        .map(|(k, &c)| cell_status(c, what, k))
        .collect()
}

/// The qualifiers of a bit set, or `InvalidParameter` for an undefined bit.
fn cell_flags(bits: u16, what: &'static str, k: usize) -> Result<CellFlags, Failure> {
    CellFlags::from_bits(bits).ok_or_else(|| {
        Failure::Core(Error::parameter(
            what,
            format!("{bits} at position {k}"),
            "not a bit set of BILDUNG_CELL_FLAG_* (bits above 128 are undefined)",
        ))
    })
}

/// The internal name of a cell status (`"published"`, `"zero"`, `"less_than_half"`,
/// `"primary"`, `"secondary"`, `"unknown"`, `"later"`, `"not_meaningful"`, `"unreliable"`;
/// `CellStatus::name`). Published files (JSON, the CSV status columns) write `"confidential"`
/// for both primary and secondary suppression, so that a reader cannot tell them apart.
///
/// Returns a NUL-terminated string in static storage (never to be freed), or NULL for a code
/// that is not a status. Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_cell_status_name(status: bildung_cell_status) -> *const c_char {
    guard_value(std::ptr::null(), || {
        STATUS_NAMES
            .get(usize::from(status))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Public names by code (equal to `CellStatus::public_name`).
const PUBLIC_NAMES: [&CStr; 9] = [
    c"published",
    c"zero",
    c"less_than_half",
    c"confidential",
    c"confidential",
    c"unknown",
    c"later",
    c"not_meaningful",
    c"unreliable",
];

/// The name of a cell status as published files write it (JSON, the CSV status columns):
/// as `bildung_cell_status_name`, but `"confidential"` for both primary and secondary
/// suppression.
///
/// Returns a NUL-terminated string in static storage (never to be freed), or NULL for a code
/// that is not a status. Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_cell_status_public_name(status: bildung_cell_status) -> *const c_char {
    guard_value(std::ptr::null(), || {
        PUBLIC_NAMES
            .get(usize::from(status))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// 1 if cells of this status are not shown (primary, secondary, unknown, later, not
/// meaningful, unreliable), 0 if the value is shown (published, zero, less than half), -1 for a
/// code that is not a status. Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_cell_status_is_suppressed(status: bildung_cell_status) -> c_int {
    guard_value(-1, || {
        CellStatus::from_code(status).map_or(-1, |s| c_int::from(s.is_suppressed()))
    })
}

// ---- compressed relations ----

/// The relations `(total, parts)` of compressed sparse rows (see the module docs); the core
/// checks the indices against the table.
///
/// # Safety
/// `totals` readable for `n_rel` sizes, `offsets` for `n_rel + 1` (NULL when `n_rel == 0`),
/// `parts` for `offsets[n_rel]`.
pub(crate) unsafe fn relations_csr(
    totals: *const usize,
    n_rel: usize,
    offsets: *const usize,
    parts: *const usize,
) -> Result<Vec<(usize, Vec<usize>)>, Failure> {
    // SAFETY: forwarded caller contract.
    let totals = unsafe { input(totals, n_rel, "relation_totals") }?;
    if n_rel == 0 {
        return Ok(Vec::new());
    }
    let n_off = n_rel
        .checked_add(1)
        .ok_or_else(|| Failure::Core(Error::parameter("n_rel", n_rel, "too many relations")))?;
    // SAFETY: forwarded caller contract.
    let offsets = unsafe { input(offsets, n_off, "part_offsets") }?;
    for (r, w) in offsets.windows(2).enumerate() {
        if w[1] < w[0] {
            return Err(Failure::Core(Error::parameter(
                "part_offsets",
                format!("{} after {} at position {}", w[1], w[0], r + 1),
                "offsets must not decrease",
            )));
        }
    }
    let n_parts = offsets[n_rel];
    // SAFETY: forwarded caller contract (`parts` holds `part_offsets[n_rel]` indices).
    let parts = unsafe { input(parts, n_parts, "parts") }?;
    Ok(totals
        .iter()
        .zip(offsets.windows(2))
        .map(|(&t, w)| (t, parts[w[0]..w[1]].to_vec()))
        .collect())
}

// ---- rounding ----

/// What rounding a table changed (`bildung_round_table_counts`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_rounding_report {
    /// Largest `|rounded - unrounded|` over all cells (at most `floor(base / 2)`).
    pub max_abs_deviation: f64,
    /// Number of cells whose value changed.
    pub n_changed: usize,
    /// Number of relations whose rounded total differs from the sum of its rounded parts
    /// (expected: totals are rounded from their own unrounded values).
    pub totals_differ: usize,
    /// Largest `|rounded total - sum of rounded parts|` (0 without relations).
    pub max_total_discrepancy: f64,
}

/// Round counts to the nearest multiple of `base` (5er-Rundung, 3er-Rundung), each value
/// independently; ties (only for an even base) round up.
///
/// ```text
/// r_k = b floor(x_k / b) + (b if 2 (x_k - b floor(x_k / b)) >= b else 0)
/// |r_k - x_k| <= floor(b / 2)
/// ```
/// Core: `bildung_core::disclosure::round_to_base`.
///
/// # Parameters
/// - `values`: `n` counts (whole numbers, `0 <= x <= 2^53`); NULL only when `n == 0`.
/// - `base`: at least 2 (3, 5 and 10 are usual).
/// - `out`: `n` doubles (must not overlap `values`).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (base below 2),
/// `BILDUNG_ERR_MISSING_VALUE` (NaN), `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT`
/// (negative, fractional or above 2^53; the message names the position). `out` only on success.
///
/// # Thread safety
/// Reentrant. A failure stores a thread-local message (`bildung_last_error_message`).
///
/// # Safety
/// `values` readable and `out` writable for `n` doubles; the two must not overlap.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_round_to_base(
    values: *const f64,
    n: usize,
    base: u32,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_round_to_base", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { input(values, n, "values") }?;
        let out = OutArray::new(out, n, "out")?;
        let r = core::round_to_base(x, base)?;
        // SAFETY: `out` holds `n` doubles (caller contract).
        unsafe { out.write(&r) };
        Ok(())
    })
}

/// Round every cell of an additive table, totals included, from its own unrounded value, and
/// report what changed; the totals are not re-summed.
///
/// ```text
/// r_c = round_to_base(x_c, b)   for every cell c
/// totals_differ = #{relations t = sum(P) : r_t != sum_{p in P} r_p}
/// ```
/// Core: `bildung_core::disclosure::round_table_counts`.
///
/// # Parameters
/// - `values`: `n` counts; `base`: at least 2.
/// - `relation_totals`, `n_rel`, `part_offsets`, `parts`: the relations in compressed sparse
///   rows (module docs of this file; all NULL when `n_rel == 0`).
/// - `out`: `n` doubles, the rounded values.
/// - `report`: optional.
///
/// # Returns
/// As `bildung_round_to_base`, plus `BILDUNG_ERR_INCONSISTENT_TABLE` (a total differs from the
/// sum of its parts in the unrounded table; the message names the cell) and
/// `BILDUNG_ERR_INVALID_PARAMETER` (a cell index outside the table, a relation without parts,
/// a total among its own parts, decreasing offsets).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// Every array readable/writable for its size; `report` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_round_table_counts(
    values: *const f64,
    n: usize,
    base: u32,
    relation_totals: *const usize,
    n_rel: usize,
    part_offsets: *const usize,
    parts: *const usize,
    out: *mut f64,
    report: *mut bildung_rounding_report,
) -> bildung_status {
    guard("bildung_round_table_counts", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { input(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let rel = unsafe { relations_csr(relation_totals, n_rel, part_offsets, parts) }?;
        let out = OutArray::new(out, n, "out")?;
        let t = core::round_table_counts(x, base, &rel)?;
        // SAFETY: `out` holds `n` doubles; `report` NULL or writable (caller contract).
        unsafe {
            out.write(&t.values);
            write_optional(
                report,
                bildung_rounding_report {
                    max_abs_deviation: t.report.max_abs_deviation,
                    n_changed: t.report.n_changed,
                    totals_differ: t.report.totals_differ,
                    max_total_discrepancy: t.report.max_total_discrepancy,
                },
            );
        }
        Ok(())
    })
}

// ---- cell keys ----

/// The record keys of records `start .. start + n` under `seed` (version 1, stable): uniform
/// in [0, 1), multiples of 2^-53 (SplitMix64).
///
/// ```text
/// s   = seed + (index + 1) * 0x9E3779B97F4A7C15   (mod 2^64)
/// key = (splitmix64_mix(s) >> 11) / 2^53
/// ```
/// Core: `bildung_core::disclosure::record_key` for every index.
///
/// # Parameters
/// - `seed`: any 64-bit value (keep it with the microdata: the same seed gives the same keys).
/// - `start`: index of the first record; `n`: number of keys.
/// - `out`: `n` doubles (NULL only when `n == 0`).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER`
/// (`start + n` above 2^64).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `out` writable for `n` doubles.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_record_keys(
    seed: u64,
    start: u64,
    n: usize,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_record_keys", || {
        let out = OutArray::new(out, n, "out")?;
        let count = u64::try_from(n).unwrap_or(u64::MAX);
        if start.checked_add(count).is_none() {
            return Err(Failure::Core(Error::parameter(
                "start",
                start,
                format!("start + n = {start} + {n} is above 2^64"),
            )));
        }
        let keys: Vec<f64> = (start..start + count)
            .map(|i| core::record_key(seed, i))
            .collect();
        // SAFETY: `out` holds `n` doubles (caller contract).
        unsafe { out.write(&keys) };
        Ok(())
    })
}

/// The cell key of one cell: the fractional part of the sum of its records' keys, exact
/// (53-bit fixed point) and independent of the order.
///
/// ```text
/// cell key = (sum_r floor(k_r 2^53) mod 2^53) / 2^53
/// ```
/// An empty cell (`n == 0`) has key 0. Core: `bildung_core::disclosure::cell_key`.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_MISSING_VALUE` (a NaN key),
/// `BILDUNG_ERR_INVALID_PARAMETER` (a key outside [0, 1)).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `record_keys` readable for `n` doubles; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_cell_key(
    record_keys: *const f64,
    n: usize,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_cell_key", || {
        // SAFETY: forwarded caller contract.
        let k = unsafe { input(record_keys, n, "record_keys") }?;
        let out = required_out(out, "out")?;
        let key = core::cell_key(k)?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { out.write(key) };
        Ok(())
    })
}

/// The cell keys of `n_cells` cells at once: record `r` belongs to cell `groups[r]`.
///
/// ```text
/// key[c] = (sum_{r: groups[r] = c} floor(k_r 2^53) mod 2^53) / 2^53
/// ```
/// Core: `bildung_core::disclosure::cell_keys_by_group`.
///
/// # Parameters
/// - `record_keys`, `groups`: `n` each (NULL only when `n == 0`).
/// - `n_cells`: number of cells; `out`: `n_cells` doubles.
///
/// # Returns
/// As `bildung_cell_key`, plus `BILDUNG_ERR_INVALID_PARAMETER` for a group `>= n_cells`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `record_keys` and `groups` readable for `n` elements; `out` writable for `n_cells`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_cell_keys_by_group(
    record_keys: *const f64,
    groups: *const usize,
    n: usize,
    n_cells: usize,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_cell_keys_by_group", || {
        // SAFETY: forwarded caller contract.
        let k = unsafe { input(record_keys, n, "record_keys") }?;
        // SAFETY: forwarded caller contract.
        let g = unsafe { input(groups, n, "groups") }?;
        let out = OutArray::new(out, n_cells, "out")?;
        let keys = core::cell_keys_by_group(k, g, n_cells)?;
        // SAFETY: `out` holds `n_cells` doubles (caller contract).
        unsafe { out.write(&keys) };
        Ok(())
    })
}

/// The cell key of a cell known only by a stable identifier (aggregated data without
/// microdata; version 1, stable).
///
/// ```text
/// key = (big_endian_u64(HMAC-SHA256(le_bytes(secret), utf8(id))[0..8]) >> 11) / 2^53
/// ```
/// The same `id` and `secret` give the same key in every table; keep the secret secret. Core:
/// `bildung_core::disclosure::cell_key_from_id`.
///
/// # Parameters
/// - `id`: NUL-terminated UTF-8, e.g. `"2024|Ortsteil 0101|Gymnasium|weiblich"`.
/// - `secret`: the office's secret.
/// - `out`: receives the key in [0, 1).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `id` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_cell_key_from_id(
    id: *const c_char,
    secret: u64,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_cell_key_from_id", || {
        // SAFETY: forwarded caller contract.
        let id = unsafe { c_str(id, "id") }?;
        let out = required_out(out, "out")?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { out.write(core::cell_key_from_id(id, secret)) };
        Ok(())
    })
}

// ---- perturbation tables ----

/// A perturbation table of the cell key method (opaque; free with `bildung_ptable_free`).
/// Immutable after construction: it may be used by several threads at once.
pub struct bildung_ptable {
    inner: PTable,
}

/// Parameters of a generated perturbation table; start from `bildung_ptable_params_default()`
/// and set `max_deviation` and `variance` (there are no official default values).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_ptable_params {
    /// Maximum absolute perturbation D, 1 to 1000 (default 0: must be set).
    pub max_deviation: u32,
    /// Variance V > 0 of the noise, exact in every row (default NaN: must be set).
    pub variance: f64,
    /// "No small results": no perturbed count in `1..=js` (default 0 = no such rule; at most
    /// 1000).
    pub js: u32,
}

/// Parameters without values for D and V (`max_deviation` 0, `variance` NaN: set both) and
/// `js` 0. Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_ptable_params_default() -> bildung_ptable_params {
    bildung_ptable_params {
        max_deviation: 0,
        variance: f64::NAN,
        js: 0,
    }
}

/// Generate a perturbation table by maximum entropy (rows `i = 0..=max_i`).
///
/// ```text
/// row 0:  v = 0 with p = 1 (zeros stay zero)
/// row i:  S_i = {v in [-D, D] : i + v >= 0, i + v not in 1..=js}
///         p maximises -sum p_v ln p_v  s.t.  sum p_v = 1, sum v p_v = 0, sum v^2 p_v = V
/// max_i = D (js = 0),  D + js + 1 (js > 0)
/// ```
/// Core: `bildung_core::disclosure::PTable::generate`.
///
/// # Parameters
/// - `params`: required (`max_deviation` and `variance` must be set).
/// - `out`: receives a new handle (free it with `bildung_ptable_free`); written only on success.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_PARAMETER` (D outside
/// 1..=1000, V not finite or not > 0, js above 1000, a row that cannot reach V with mean 0:
/// the message names the row and the allowed range), `BILDUNG_ERR_DID_NOT_CONVERGE`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `params` readable; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_ptable_generate(
    params: *const bildung_ptable_params,
    out: *mut *mut bildung_ptable,
) -> bildung_status {
    guard("bildung_ptable_generate", || {
        // SAFETY: forwarded caller contract.
        let p = unsafe { handle(params, "params") }?;
        let params = PTableParams {
            max_deviation: p.max_deviation,
            variance: p.variance,
            js: p.js,
        };
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_ptable {
                    inner: PTable::generate(&params)?,
                })
            })
        }
    })
}

/// Read a perturbation table in the column layout of the R package `ptable`
/// (`i, j, p, v, p_int_lb, p_int_ub`, optional `type`; header optional; `,` `;` or blanks),
/// e.g. the office's official ptable. Core: `bildung_core::disclosure::PTable::from_csv`.
///
/// # Parameters
/// - `text`: the CSV text, NUL-terminated UTF-8.
/// - `out`: receives a new handle (free it with `bildung_ptable_free`); written only on success.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_MALFORMED_INPUT` (the message names the line and column: missing row 0, rows out
/// of order, `j != i + v`, probabilities that do not add up to 1, intervals that do not touch,
/// row 0 not `{v = 0, p = 1}`, a `type` other than `all`).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `text` NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_ptable_from_csv(
    text: *const c_char,
    out: *mut *mut bildung_ptable,
) -> bildung_status {
    guard("bildung_ptable_from_csv", || {
        // SAFETY: forwarded caller contract.
        let text = unsafe { c_str(text, "text") }?;
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_ptable {
                    inner: PTable::from_csv(text)?,
                })
            })
        }
    })
}

/// The table as CSV in the layout of R `ptable` (`i,j,p,v,p_int_lb,p_int_ub,type`, header,
/// numbers in shortest round-trip form: `bildung_ptable_from_csv` reads back the same table),
/// with snprintf semantics: at most `len - 1` bytes and a NUL when `len > 0`; `*needed` (if not
/// NULL) receives the text length + 1, so `buf = NULL, len = 0` asks for the size.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT` (`ptable` NULL, or `buf` NULL with `len > 0`).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `ptable` a live handle; `buf` writable for `len` bytes; `needed` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_ptable_to_csv(
    ptable: *const bildung_ptable,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_ptable_to_csv", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(ptable, "ptable") }?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&t.inner.to_csv(), buf, len, needed) }
    })
}

/// The entries of a ptable as parallel arrays, rows `i = 0..=max_i` in order, entries by
/// ascending `v` (the rows of `bildung_ptable_to_csv`; `j = i + v`).
///
/// Buffer protocol: `*len_out` receives the number of entries; when `capacity` is smaller only
/// `*len_out` is written and the status is `BILDUNG_ERR_BUFFER_SIZE` (call with `capacity = 0`
/// and NULL arrays to ask). `*max_i_out` (optional) receives the largest count with its own row.
///
/// # Parameters
/// - `ptable`: the table.
/// - `i_out`, `v_out`: optional, `capacity` `int64_t` each (row and perturbation).
/// - `p_out`, `lower_out`, `upper_out`: optional, `capacity` doubles each (probability and the
///   cell-key interval `[p_int_lb, p_int_ub)`).
/// - `capacity`: size of each given array.
/// - `len_out`: receives the number of entries (required).
/// - `max_i_out`: optional.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE`, `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `ptable` a live handle; every non-NULL array writable for `capacity` elements; `len_out`
/// writable; `max_i_out` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_ptable_entries(
    ptable: *const bildung_ptable,
    i_out: *mut i64,
    v_out: *mut i64,
    p_out: *mut f64,
    lower_out: *mut f64,
    upper_out: *mut f64,
    capacity: usize,
    len_out: *mut usize,
    max_i_out: *mut usize,
) -> bildung_status {
    guard("bildung_ptable_entries", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(ptable, "ptable") }?;
        let len_out = required_out(len_out, "len_out")?;
        let ints = [
            crate::guard::optional_out(i_out, capacity, "i_out")?,
            crate::guard::optional_out(v_out, capacity, "v_out")?,
        ];
        let dbls = [
            crate::guard::optional_out(p_out, capacity, "p_out")?,
            crate::guard::optional_out(lower_out, capacity, "lower_out")?,
            crate::guard::optional_out(upper_out, capacity, "upper_out")?,
        ];
        let t = &t.inner;
        let (mut rows, mut vs, mut ps, mut lbs, mut ubs) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..=t.max_i() {
            for e in t.row(i as u64) {
                rows.push(i as i64);
                vs.push(e.v);
                ps.push(e.p);
                lbs.push(e.lower);
                ubs.push(e.upper);
            }
        }
        let n = rows.len();
        // SAFETY: writable (caller contract).
        unsafe {
            len_out.write(n);
            write_optional(max_i_out, t.max_i());
        }
        if n > capacity {
            return Err(Failure::buffer("the entry arrays", capacity, n));
        }
        // SAFETY: every non-NULL array holds `capacity >= n` elements (caller contract).
        unsafe {
            ints[0].write(&rows);
            ints[1].write(&vs);
            dbls[0].write(&ps);
            dbls[1].write(&lbs);
            dbls[2].write(&ubs);
        }
        Ok(())
    })
}

/// Release a ptable. NULL is a no-op; the handle must not be used afterwards.
///
/// # Safety
/// `ptable` must be NULL or a live ptable handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_ptable_free(ptable: *mut bildung_ptable) {
    // SAFETY: forwarded caller contract.
    guard_value((), || unsafe { release(ptable) });
}

/// Perturb counts by the cell key method: `count + v(count, cell key)` from the ptable.
///
/// ```text
/// perturbed_c = n_c + v_k,  k = max{k : p_int_lb(min(n_c, max_i), k) <= u_c}
/// n_c = 0  =>  perturbed_c = 0
/// ```
/// The same count and cell key give the same perturbed value in every table; zeros stay zero;
/// totals are perturbed on their own. Set `BILDUNG_CELL_FLAG_PERTURBED` on the published cells.
/// Core: `bildung_core::disclosure::perturb`.
///
/// # Parameters
/// - `counts`, `cell_keys`: `n` each (NULL only when `n == 0`).
/// - `ptable`: the perturbation table.
/// - `out`: `n` doubles.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_MISSING_VALUE` (a NaN count or key),
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_INVALID_COUNT` (negative or fractional count),
/// `BILDUNG_ERR_INVALID_PARAMETER` (a key outside [0, 1)); the message names the position.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `counts`, `cell_keys` readable and `out` writable for `n` doubles; `ptable` a live handle.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_perturb(
    counts: *const f64,
    cell_keys: *const f64,
    n: usize,
    ptable: *const bildung_ptable,
    out: *mut f64,
) -> bildung_status {
    guard("bildung_perturb", || {
        // SAFETY: forwarded caller contract.
        let c = unsafe { input(counts, n, "counts") }?;
        // SAFETY: forwarded caller contract.
        let k = unsafe { input(cell_keys, n, "cell_keys") }?;
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(ptable, "ptable") }?;
        let out = OutArray::new(out, n, "out")?;
        let r = core::perturb(c, k, &t.inner)?;
        // SAFETY: `out` holds `n` doubles (caller contract).
        unsafe { out.write(&r) };
        Ok(())
    })
}

// ---- rendering ----

/// Number format of rendered values: one of the `BILDUNG_NUMBER_FORMAT_*` constants.
pub type bildung_number_format = u32;

/// Decimal comma, thousands `.`, CSV delimiter `;`, German texts.
pub const BILDUNG_NUMBER_FORMAT_GERMAN: bildung_number_format = 0;
/// Decimal point, thousands `,`, CSV delimiter `,`, English texts.
pub const BILDUNG_NUMBER_FORMAT_ENGLISH: bildung_number_format = 1;

/// Built-in symbol set: one of the `BILDUNG_SYMBOLS_*` constants.
pub type bildung_symbol_set = u32;

/// The classical symbols (`-`, `0`, `.`, `...`, `x`, `/`, `( )`, `p`, `r`, `s`, `|`).
pub const BILDUNG_SYMBOLS_CLASSICAL: bildung_symbol_set = 0;
/// The letter codes (`0`, `k`, `g`, `t`, `x`, `u`; qualifiers `u f p r s e`).
pub const BILDUNG_SYMBOLS_LETTER: bildung_symbol_set = 1;

/// How cells and tables are rendered; start from `bildung_render_options_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bildung_render_options {
    /// `BILDUNG_NUMBER_FORMAT_*` (default German).
    pub number_format: bildung_number_format,
    /// `BILDUNG_SYMBOLS_*` (default classical).
    pub symbols: bildung_symbol_set,
    /// Municipal variant: NULL (the default) or 9 strings indexed by `bildung_cell_status`,
    /// each NULL (keep the set's symbol) or the text to show instead (e.g. `"( )"` for
    /// `BILDUNG_CELL_PRIMARY` in Zürich); entry 0 (published) must be NULL.
    pub status_symbols: *const *const c_char,
    /// CSV only: write thousands separators (default 0: numbers read back by spreadsheets).
    pub group_digits: c_int,
    /// CSV only: after each value column a `<heading> [status]` and a `<heading> [flags]`
    /// column (default 0).
    pub status_columns: c_int,
    /// CSV only: a second column `level` with the row's indentation level (default 0).
    pub level_column: c_int,
}

/// German numbers, classical symbols, no municipal variant, no CSV extras. Thread safety:
/// reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_render_options_default() -> bildung_render_options {
    bildung_render_options {
        number_format: BILDUNG_NUMBER_FORMAT_GERMAN,
        symbols: BILDUNG_SYMBOLS_CLASSICAL,
        status_symbols: std::ptr::null(),
        group_digits: 0,
        status_columns: 0,
        level_column: 0,
    }
}

fn number_format(v: bildung_number_format) -> Result<NumberFormat, Error> {
    match v {
        BILDUNG_NUMBER_FORMAT_GERMAN => Ok(NumberFormat::German),
        BILDUNG_NUMBER_FORMAT_ENGLISH => Ok(NumberFormat::English),
        other => Err(Error::parameter(
            "number_format",
            other,
            "expected BILDUNG_NUMBER_FORMAT_GERMAN (0) or _ENGLISH (1)",
        )),
    }
}

fn flag_option(v: c_int, what: &'static str) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(Error::parameter(what, other, "expected 0 or 1")),
    }
}

/// The options (NULL = default), converted: number format and symbol set.
///
/// # Safety
/// `options` NULL or readable, and its `status_symbols` NULL or readable for 9 pointers, each
/// NULL or NUL-terminated.
unsafe fn render_options(
    options: *const bildung_render_options,
) -> Result<(bildung_render_options, NumberFormat, SymbolSet), Failure> {
    let o = if options.is_null() {
        bildung_render_options_default()
    } else {
        // SAFETY: non-NULL and readable (caller contract).
        unsafe { options.read() }
    };
    let format = number_format(o.number_format)?;
    let mut symbols = match o.symbols {
        BILDUNG_SYMBOLS_CLASSICAL => SymbolSet::classical(),
        BILDUNG_SYMBOLS_LETTER => SymbolSet::letter(),
        other => {
            return Err(Failure::Core(Error::parameter(
                "symbols",
                other,
                "expected BILDUNG_SYMBOLS_CLASSICAL (0) or BILDUNG_SYMBOLS_LETTER (1)",
            )));
        }
    };
    // SAFETY: NULL or 9 pointers (caller contract).
    if let Some(texts) = unsafe { optional_input(o.status_symbols, CellStatus::ALL.len()) } {
        for (status, &p) in CellStatus::ALL.iter().zip(texts) {
            if p.is_null() {
                continue;
            }
            // SAFETY: a non-NULL entry is NUL-terminated (caller contract).
            let text = unsafe {
                crate::guard::c_str_named(p, || format!("status_symbols[{}]", status.code()))
            }?;
            symbols = symbols.with_status_symbol(*status, text)?;
        }
    }
    flag_option(o.group_digits, "group_digits")?;
    flag_option(o.status_columns, "status_columns")?;
    flag_option(o.level_column, "level_column")?;
    Ok((o, format, symbols))
}

/// The text of one cell: the number in the format with `decimals`, or the symbol of its status;
/// qualifier marks added.
///
/// ```text
/// suppressed status (primary ... unreliable)  -> its symbol (the value is never written)
/// published 0                                -> the Zero symbol (classical "-")
/// published, rounds to 0 at `decimals`       -> LessThanHalf ("0" / "0,0", letter "k")
/// otherwise                                  -> the number (thousands grouped)
/// then the marks of `flags`: parentheses, suffix letters, prefixes
/// ```
/// Core: `bildung_core::disclosure::SymbolSet::render`.
///
/// # Parameters
/// - `value`: the cell's value (ignored for a suppressed status; may then be NaN).
/// - `status`: a `bildung_cell_status`; `flags`: a bit set of `BILDUNG_CELL_FLAG_*`.
/// - `decimals`: 0 to 12.
/// - `options`: optional (NULL = `bildung_render_options_default()`).
/// - `buf`, `len`, `needed`: snprintf semantics (`*needed` = text length + 1).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8` (a status symbol),
/// `BILDUNG_ERR_MISSING_VALUE` / `BILDUNG_ERR_NON_FINITE` (a shown value that is NaN or
/// infinite), `BILDUNG_ERR_INVALID_PARAMETER` (unknown status, flag bit, option integer; too
/// many decimals; a blank status symbol or one for the published status).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `options` NULL or readable (see `bildung_render_options`); `buf` writable for `len` bytes;
/// `needed` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_render_cell(
    value: f64,
    status: bildung_cell_status,
    flags: bildung_cell_flags,
    decimals: u32,
    options: *const bildung_render_options,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_render_cell", || {
        OutArray::new(buf, len, "buf")?;
        let s = cell_status(status, "status", 0)?;
        let f = cell_flags(flags, "flags", 0)?;
        // SAFETY: forwarded caller contract.
        let (_, format, symbols) = unsafe { render_options(options) }?;
        let text = symbols.render(value, s, f, decimals, format)?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&text, buf, len, needed) }
    })
}

/// A table to render (`bildung_table_to_csv`, `bildung_table_to_json`): labels, columns and
/// `rows x cols` cells in row-major order, each with a value, a status and qualifiers. The
/// struct only points at the caller's arrays; nothing is copied until a function is called.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bildung_publish_table {
    /// Title (caption; JSON only); NULL = empty.
    pub title: *const c_char,
    /// Heading of the label column (`"Gebiet"`); required.
    pub row_header: *const c_char,
    /// `rows` row labels; required.
    pub row_labels: *const *const c_char,
    /// `rows` indentation levels (city 0, Bezirk 1, Ortsteil 2; a level may rise by at most 1
    /// from one row to the next, the first at most 8); NULL = all 0.
    pub row_levels: *const usize,
    /// Number of rows (at least 1).
    pub rows: usize,
    /// `cols` column headings; required.
    pub column_labels: *const *const c_char,
    /// `cols` numbers of decimals (0 to 12); NULL = all 0.
    pub column_decimals: *const u32,
    /// NULL, or `cols` units each NULL (none) or a text shown as `heading (unit)`.
    pub column_units: *const *const c_char,
    /// Number of value columns (at least 1).
    pub cols: usize,
    /// `rows * cols` values, row-major (a suppressed cell keeps its value or NaN; it is never
    /// written).
    pub values: *const f64,
    /// NULL (all published) or `rows * cols` `bildung_cell_status` codes, row-major.
    pub status: *const bildung_cell_status,
    /// NULL (none) or `rows * cols` qualifier bit sets, row-major.
    pub flags: *const bildung_cell_flags,
    /// `n_notes` footnotes (JSON only); NULL when `n_notes == 0`.
    pub notes: *const *const c_char,
    /// Number of footnotes.
    pub n_notes: usize,
    /// Source line (`Quelle: ...`; JSON only); NULL = none.
    pub source: *const c_char,
}

/// The core table of a C table description.
///
/// # Safety
/// `table` NULL or readable, every array in it readable for its documented size.
unsafe fn publish_table(table: *const bildung_publish_table) -> Result<PublishTable, Failure> {
    // SAFETY: forwarded caller contract.
    let t = unsafe { handle(table, "table") }?;
    // SAFETY: `values` holds `rows * cols` doubles (caller contract); the product is checked
    // before any other array is read.
    let view = unsafe { crate::guard::table_input(t.values, t.rows, t.cols, "table->values") }?;
    let n = t.rows * t.cols; // checked by table_input
    let owned = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<String>>();
    // SAFETY (all reads below): the arrays hold the documented sizes (caller contract).
    let title = if t.title.is_null() {
        ""
    } else {
        unsafe { c_str(t.title, "table->title") }?
    };
    let row_header = unsafe { c_str(t.row_header, "table->row_header") }?;
    let labels = owned(unsafe { c_strs(t.row_labels, t.rows, "table->row_labels") }?);
    let headings = unsafe { c_strs(t.column_labels, t.cols, "table->column_labels") }?;
    let decimals = unsafe { optional_input(t.column_decimals, t.cols) };
    let units = unsafe { optional_input(t.column_units, t.cols) };
    let mut columns = Vec::with_capacity(t.cols);
    for (j, h) in headings.iter().enumerate() {
        let mut c = Column::new(*h, decimals.map_or(0, |d| d[j]));
        if let Some(&u) = units.and_then(|u| u.get(j))
            && !u.is_null()
        {
            c = c.with_unit(unsafe {
                crate::guard::c_str_named(u, || format!("table->column_units[{j}]"))
            }?);
        }
        columns.push(c);
    }
    let mut p = PublishTable::new(title, row_header, labels, columns, view.to_owned())?;
    if let Some(levels) = unsafe { optional_input(t.row_levels, t.rows) } {
        p = p.with_row_levels(levels.to_vec())?;
    }
    if let Some(codes) = unsafe { optional_input(t.status, n) } {
        let s = cell_statuses(codes, "table->status")?;
        p = p.with_status(Array2::from_shape_vec((t.rows, t.cols), s).map_err(shape)?)?;
    }
    if let Some(bits) = unsafe { optional_input(t.flags, n) } {
        let f = bits
            .iter()
            .enumerate()
            .map(|(k, &b)| cell_flags(b, "table->flags", k))
            .collect::<Result<Vec<_>, _>>()?;
        p = p.with_flags(Array2::from_shape_vec((t.rows, t.cols), f).map_err(shape)?)?;
    }
    for note in unsafe { c_strs(t.notes, t.n_notes, "table->notes") }? {
        p = p.with_note(note);
    }
    if !t.source.is_null() {
        p = p.with_source(unsafe { c_str(t.source, "table->source") }?);
    }
    Ok(p)
}

fn shape(e: ndarray::ShapeError) -> Failure {
    Failure::Core(Error::parameter(
        "rows * cols",
        e,
        "the cell arrays have no valid shape",
    ))
}

/// A whole table as CSV text (RFC 4180, CRLF line ends, `;` for German and `,` for English
/// numbers): one header line, one line per row, the symbol in place of every suppressed value
/// (the value is never written).
///
/// ```text
/// header: row_header [; level] ; heading_1 [; heading_1 [status] ; heading_1 [flags]] ; ...
/// row i:  label_i [; level_i] ; text(i, 1) [; status name ; flag names] ; ...
/// ```
/// `text` as `bildung_render_cell`, without thousands separators unless
/// `options->group_digits`. Core: `bildung_core::publish::to_csv`.
///
/// # Parameters
/// - `table`: the table (see `bildung_publish_table`).
/// - `options`: optional (NULL = `bildung_render_options_default()`).
/// - `buf`, `len`, `needed`: snprintf semantics (`*needed` = text length + 1; `buf = NULL,
///   len = 0` asks for the size).
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE` (truncated; `*needed` set),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`, `BILDUNG_ERR_EMPTY_INPUT` (no rows
/// or columns), `BILDUNG_ERR_MALFORMED_INPUT` (the message names the row and column: a level
/// jump, a NaN or infinite shown value, status zero on a non-zero value, less-than-half on a
/// value that does not round to 0), `BILDUNG_ERR_INVALID_PARAMETER` (unknown status or flag,
/// too many decimals, an option integer, `rows * cols` overflows).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` readable with its arrays; `options` NULL or readable; `buf` writable for `len` bytes;
/// `needed` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_table_to_csv(
    table: *const bildung_publish_table,
    options: *const bildung_render_options,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_table_to_csv", || {
        OutArray::new(buf, len, "buf")?;
        // SAFETY: forwarded caller contract.
        let (o, format, symbols) = unsafe { render_options(options) }?;
        // SAFETY: forwarded caller contract.
        let t = unsafe { publish_table(table) }?;
        let csv = publish::to_csv(
            &t,
            &CsvOptions {
                format,
                symbols,
                group_digits: o.group_digits == 1,
                status_columns: o.status_columns == 1,
                level_column: o.level_column == 1,
            },
        )?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&csv, buf, len, needed) }
    })
}

/// A whole table as JSON text: title, columns, rows with their labels and levels, and per
/// cell the value (left out for a suppressed cell), the status name, the qualifier names and
/// the rendered text; notes, source and the legend of the symbols used. Only the number format
/// and the symbols of `options` apply. Core: `bildung_core::publish::to_json`.
///
/// # Parameters, Returns
/// As `bildung_table_to_csv`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// As `bildung_table_to_csv`.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_table_to_json(
    table: *const bildung_publish_table,
    options: *const bildung_render_options,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard("bildung_table_to_json", || {
        OutArray::new(buf, len, "buf")?;
        // SAFETY: forwarded caller contract.
        let (_, format, symbols) = unsafe { render_options(options) }?;
        // SAFETY: forwarded caller contract.
        let t = unsafe { publish_table(table) }?;
        let json = publish::to_json(&t, format, &symbols)?;
        // SAFETY: forwarded caller contract.
        unsafe { write_text(&json, buf, len, needed) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_core() {
        let codes = [
            (BILDUNG_CELL_PUBLISHED, CellStatus::Published),
            (BILDUNG_CELL_ZERO, CellStatus::Zero),
            (BILDUNG_CELL_LESS_THAN_HALF, CellStatus::LessThanHalf),
            (BILDUNG_CELL_PRIMARY, CellStatus::Primary),
            (BILDUNG_CELL_SECONDARY, CellStatus::Secondary),
            (BILDUNG_CELL_UNKNOWN, CellStatus::Unknown),
            (BILDUNG_CELL_LATER, CellStatus::Later),
            (BILDUNG_CELL_NOT_MEANINGFUL, CellStatus::NotMeaningful),
            (BILDUNG_CELL_UNRELIABLE, CellStatus::Unreliable),
        ];
        assert_eq!(codes.len(), CellStatus::ALL.len());
        for (c, s) in codes {
            assert_eq!(c, s.code());
            assert_eq!(STATUS_NAMES[usize::from(c)].to_str().unwrap(), s.name());
            assert_eq!(
                PUBLIC_NAMES[usize::from(c)].to_str().unwrap(),
                s.public_name()
            );
        }
        let flags = [
            (BILDUNG_CELL_FLAG_LIMITED, CellFlags::LIMITED),
            (BILDUNG_CELL_FLAG_PROVISIONAL, CellFlags::PROVISIONAL),
            (BILDUNG_CELL_FLAG_REVISED, CellFlags::REVISED),
            (BILDUNG_CELL_FLAG_ESTIMATED, CellFlags::ESTIMATED),
            (BILDUNG_CELL_FLAG_BREAK, CellFlags::BREAK),
            (BILDUNG_CELL_FLAG_FINAL, CellFlags::FINAL),
            (BILDUNG_CELL_FLAG_ERRONEOUS, CellFlags::ERRONEOUS),
            (BILDUNG_CELL_FLAG_PERTURBED, CellFlags::PERTURBED),
        ];
        let mut all = 0;
        for (c, f) in flags {
            assert_eq!(c, f.bits());
            all |= c;
        }
        assert_eq!(all, CellFlags::ALL_BITS);
        assert!(number_format(2).is_err());
        assert!(bildung_cell_status_name(9).is_null());
        assert_eq!(bildung_cell_status_is_suppressed(9), -1);
    }
}
