//! Cell suppression (Sperrung, `bildung_core::disclosure`) for C, part 2: primary rules
//! (minimum count, minimum denominator, dominance), the opaque `bildung_linear_table` (cells
//! and additivity relations: a general table, a two-way table with margins, a hierarchy of areas
//! crossed with columns), `bildung_protect` (primary + secondary suppression + exact audit) and
//! `bildung_audit` (the attacker's interval of every unpublished cell, by linear programming).
//!
//! Statuses go in and out as one `bildung_cell_status` byte per cell; a user's own sensitivity
//! rule is applied by marking its cells `BILDUNG_CELL_PRIMARY` in `status_in` of
//! `bildung_protect`. As elsewhere no arithmetic happens here.

use std::ffi::{c_char, c_int};

use bildung_core::Error;
use bildung_core::disclosure::{
    self as core, Cost, DominanceRule, LinearTable, PrimaryRules, Protection, Relation,
    SecondaryOptions,
};

use crate::disclosure::{bildung_cell_status, cell_statuses, relations_csr};
use crate::guard::{
    Failure, OutArray, c_strs, guard, input, optional_input, optional_out, required_out,
    table_input, write_optional,
};
use crate::indicators::{give, handle, handle_mut, release};
use crate::status::bildung_status;

// ---- primary rules ----

/// Which dominance rule: one of the `BILDUNG_DOMINANCE_*` constants.
pub type bildung_dominance_kind = u32;

/// `(n, k)` rule: the `n` largest contributors hold more than `k %` of the cell.
pub const BILDUNG_DOMINANCE_NK: bildung_dominance_kind = 0;
/// `p %` rule: the second largest contributor could estimate the largest within `p %`.
pub const BILDUNG_DOMINANCE_P_PERCENT: bildung_dominance_kind = 1;

/// A dominance rule of magnitude tables (`bildung_dominance_rule`). There are no default
/// values: set `kind` and its parameters.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_dominance {
    /// `BILDUNG_DOMINANCE_NK` or `BILDUNG_DOMINANCE_P_PERCENT`.
    pub kind: bildung_dominance_kind,
    /// (n, k) rule: number of largest contributors, at least 1.
    pub n: usize,
    /// (n, k) rule: share in percent, in (0, 100].
    pub k_percent: f64,
    /// p % rule: precision in percent, > 0.
    pub p: f64,
}

/// The minimum-count rule: which counts are primary suppressed.
///
/// ```text
/// primary[i] = 0 < values[i] < threshold  or  (protect_zeros and values[i] == 0)
/// ```
/// Core: `bildung_core::disclosure::min_count_rule`.
///
/// # Parameters
/// - `values`: `n` counts (>= 0); NULL only when `n == 0`.
/// - `threshold`: finite, > 0 (3 is usual).
/// - `protect_zeros`: 0 or 1.
/// - `primary_out`: `n` bytes, 1 = primary.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_MISSING_VALUE`,
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER` (bad
/// threshold, `protect_zeros` not 0 or 1).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `values` readable and `primary_out` writable for `n` elements.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_min_count_rule(
    values: *const f64,
    n: usize,
    threshold: f64,
    protect_zeros: c_int,
    primary_out: *mut u8,
) -> bildung_status {
    guard("bildung_min_count_rule", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { input(values, n, "values") }?;
        let out = OutArray::new(primary_out, n, "primary_out")?;
        let zeros = flag(protect_zeros, "protect_zeros")?;
        let r = bytes(core::min_count_rule(x, threshold, zeros)?);
        // SAFETY: `primary_out` holds `n` bytes (caller contract).
        unsafe { out.write(&r) };
        Ok(())
    })
}

/// The minimum-denominator rule of rate tables: a rate is primary suppressed when its
/// denominator is below the threshold (e.g. 100, the Destatis small-area rule, or 20); a
/// denominator of 0 is below every threshold.
///
/// ```text
/// primary[i] = denominators[i] < threshold
/// ```
/// Core: `bildung_core::disclosure::min_denominator_rule`.
///
/// # Returns
/// As `bildung_min_count_rule`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `denominators` readable and `primary_out` writable for `n` elements.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_min_denominator_rule(
    denominators: *const f64,
    n: usize,
    threshold: f64,
    primary_out: *mut u8,
) -> bildung_status {
    guard("bildung_min_denominator_rule", || {
        // SAFETY: forwarded caller contract.
        let d = unsafe { input(denominators, n, "denominators") }?;
        let out = OutArray::new(primary_out, n, "primary_out")?;
        let r = bytes(core::min_denominator_rule(d, threshold)?);
        // SAFETY: `primary_out` holds `n` bytes (caller contract).
        unsafe { out.write(&r) };
        Ok(())
    })
}

/// A dominance rule applied to the contributor values of each cell (magnitude tables). A cell
/// without contributions or with total 0 is not sensitive.
///
/// ```text
/// x_(1) >= x_(2) >= ... the contributions of a cell, X their sum
/// (n, k):  x_(1) + ... + x_(n) > k/100 X
/// p %:     X - x_(1) - x_(2) < p/100 x_(1)
/// ```
/// Core: `bildung_core::disclosure::dominance_rule`.
///
/// # Parameters
/// - `contributions`, `offsets`, `n_cells`: compressed rows: cell `c` has the contributions
///   `contributions[offsets[c] .. offsets[c + 1]]` (`offsets` has `n_cells + 1` entries, not
///   decreasing; both NULL when `n_cells == 0`).
/// - `rule`: required.
/// - `primary_out`: `n_cells` bytes, 1 = sensitive.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_MISSING_VALUE`,
/// `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE`, `BILDUNG_ERR_INVALID_PARAMETER`
/// (unknown kind, n = 0, k outside (0, 100], p not > 0, decreasing offsets).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `offsets` readable for `n_cells + 1` sizes, `contributions` for `offsets[n_cells]` doubles,
/// `rule` readable, `primary_out` writable for `n_cells` bytes.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_dominance_rule(
    contributions: *const f64,
    offsets: *const usize,
    n_cells: usize,
    rule: *const bildung_dominance,
    primary_out: *mut u8,
) -> bildung_status {
    guard("bildung_dominance_rule", || {
        // SAFETY: forwarded caller contract.
        let r = unsafe { handle(rule, "rule") }?;
        let out = OutArray::new(primary_out, n_cells, "primary_out")?;
        let rule = match r.kind {
            BILDUNG_DOMINANCE_NK => DominanceRule::NK {
                n: r.n,
                k_percent: r.k_percent,
            },
            BILDUNG_DOMINANCE_P_PERCENT => DominanceRule::PPercent { p: r.p },
            other => {
                return Err(Failure::Core(Error::parameter(
                    "rule->kind",
                    other,
                    "expected BILDUNG_DOMINANCE_NK (0) or BILDUNG_DOMINANCE_P_PERCENT (1)",
                )));
            }
        };
        let cells: Vec<Vec<f64>> = if n_cells == 0 {
            Vec::new()
        } else {
            let n_off = n_cells.checked_add(1).ok_or_else(|| {
                Failure::Core(Error::parameter("n_cells", n_cells, "too many cells"))
            })?;
            // SAFETY: forwarded caller contract.
            let off = unsafe { input(offsets, n_off, "offsets") }?;
            // SAFETY: forwarded caller contract (`contributions` holds `offsets[n_cells]`).
            unsafe { csr_rows(contributions, off) }?
        };
        let r = bytes(core::dominance_rule(&cells, rule)?);
        // SAFETY: `primary_out` holds `n_cells` bytes (caller contract).
        unsafe { out.write(&r) };
        Ok(())
    })
}

/// The rows of compressed data `values[offsets[c] .. offsets[c + 1]]`.
///
/// # Safety
/// `values` NULL or readable for `offsets[last]` doubles.
unsafe fn csr_rows(values: *const f64, offsets: &[usize]) -> Result<Vec<Vec<f64>>, Failure> {
    for (r, w) in offsets.windows(2).enumerate() {
        if w[1] < w[0] {
            return Err(Failure::Core(Error::parameter(
                "offsets",
                format!("{} after {} at position {}", w[1], w[0], r + 1),
                "offsets must not decrease",
            )));
        }
    }
    let total = offsets.last().copied().unwrap_or(0);
    // SAFETY: `values` holds `offsets[last]` doubles (caller contract).
    let v = unsafe { input(values, total, "contributions") }?;
    Ok(offsets.windows(2).map(|w| v[w[0]..w[1]].to_vec()).collect())
}

fn bytes(mask: Vec<bool>) -> Vec<u8> {
    mask.into_iter().map(u8::from).collect()
}

fn flag(v: c_int, what: &'static str) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(Error::parameter(what, other, "expected 0 or 1")),
    }
}

// ---- tables ----

/// Cells and additivity relations of a table to be protected (opaque; free with
/// `bildung_linear_table_free`). Immutable except for `bildung_linear_table_set_labels`.
pub struct bildung_linear_table {
    inner: LinearTable,
}

/// A general table: cell values and relations `values[total] = sum of values[parts]`, all
/// validated.
///
/// ```text
/// values[c] finite, >= 0;  |values[total] - sum values[parts]| <= 1e-9 max(1, |values[total]|)
/// ```
/// Core: `bildung_core::disclosure::LinearTable::new`.
///
/// # Parameters
/// - `values`: `n` cell values (at least 1).
/// - `relation_totals`, `n_rel`, `part_offsets`, `parts`: the relations in compressed sparse
///   rows (relation `r`: total cell `relation_totals[r]`, parts
///   `parts[part_offsets[r] .. part_offsets[r + 1]]`; all NULL when `n_rel == 0`).
/// - `out`: receives a new handle (free it with `bildung_linear_table_free`); only on success.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_EMPTY_INPUT`,
/// `BILDUNG_ERR_MISSING_VALUE`, `BILDUNG_ERR_NON_FINITE`, `BILDUNG_ERR_NEGATIVE_VALUE`,
/// `BILDUNG_ERR_INVALID_PARAMETER` (a cell index outside the table, a relation without parts,
/// the total among its parts, a part twice, decreasing offsets),
/// `BILDUNG_ERR_INCONSISTENT_TABLE` (a total differs from the sum of its parts; the message
/// names the cell, the total and the sum).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// Every array readable for its size; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_new(
    values: *const f64,
    n: usize,
    relation_totals: *const usize,
    n_rel: usize,
    part_offsets: *const usize,
    parts: *const usize,
    out: *mut *mut bildung_linear_table,
) -> bildung_status {
    guard("bildung_linear_table_new", || {
        // SAFETY: forwarded caller contract.
        let x = unsafe { input(values, n, "values") }?;
        // SAFETY: forwarded caller contract.
        let rel = unsafe { relations_csr(relation_totals, n_rel, part_offsets, parts) }?;
        let rel = rel
            .into_iter()
            .map(|(total, parts)| Relation { total, parts })
            .collect();
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_linear_table {
                    inner: LinearTable::new(x.to_vec(), rel)?,
                })
            })
        }
    })
}

/// A two-way table (e.g. Ortsteile x school types) with its margins.
///
/// ```text
/// margins_given = 1: `table` is the full (r+1) x (c+1) table: last column = row totals,
///                    last row = column totals (checked: BILDUNG_ERR_INCONSISTENT_TABLE)
/// margins_given = 0: `table` is the r x c interior; the margins are computed
/// cells, row-major in the full layout: cell (i, j) = i (c+1) + j
/// relations: x[i, c] = sum_j x[i, j] (every row incl. the total row),
///            x[r, j] = sum_i x[i, j] (every column incl. the total column)
/// ```
/// Core: `LinearTable::two_way_with_margins` / `LinearTable::two_way`. Read the full values with
/// `bildung_linear_table_values`.
///
/// # Parameters
/// - `table`: `rows x cols` doubles, row-major.
/// - `rows`, `cols`: its shape (with margins at least 2 x 2, without at least 1 x 1).
/// - `margins_given`: 1 or 0 (see above).
/// - `out`: receives a new handle.
///
/// # Returns
/// As `bildung_linear_table_new` (the message of an inconsistent margin names row and column).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` readable for `rows * cols` doubles; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_two_way(
    table: *const f64,
    rows: usize,
    cols: usize,
    margins_given: c_int,
    out: *mut *mut bildung_linear_table,
) -> bildung_status {
    guard("bildung_linear_table_two_way", || {
        // SAFETY: forwarded caller contract.
        let view = unsafe { table_input(table, rows, cols, "table") }?;
        let given = flag(margins_given, "margins_given")?;
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                let inner = if given {
                    LinearTable::two_way_with_margins(view)?
                } else {
                    LinearTable::two_way(view)?
                };
                Ok(bildung_linear_table { inner })
            })
        }
    })
}

/// A hierarchy of areas (Ortsteile within Bezirke within the city) crossed with columns.
///
/// ```text
/// cell = row * cols + col
/// x[p, j] = sum_{row: parent[row] = p} x[row, j]   for every row p with children, every j
/// x[row, t] = sum_{j != t} x[row, j]                for every row, if total_column = t >= 0
/// ```
/// Core: `bildung_core::disclosure::LinearTable::hierarchical`.
///
/// # Parameters
/// - `values`: `rows x cols` doubles, row-major (one row per area at every level).
/// - `parent`: `rows` parent rows, -1 for a root.
/// - `total_column`: the column holding each row's total, or -1 for none.
/// - `out`: receives a new handle.
///
/// # Returns
/// As `bildung_linear_table_new`, plus `BILDUNG_ERR_INVALID_PARAMETER` for a parent below -1
/// or out of range, a cycle, a total column out of range or with fewer than 2 columns.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `values` readable for `rows * cols` doubles, `parent` for `rows`; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_hierarchical(
    values: *const f64,
    rows: usize,
    cols: usize,
    parent: *const i64,
    total_column: i64,
    out: *mut *mut bildung_linear_table,
) -> bildung_status {
    guard("bildung_linear_table_hierarchical", || {
        // SAFETY: forwarded caller contract.
        let view = unsafe { table_input(values, rows, cols, "values") }?;
        // SAFETY: forwarded caller contract.
        let p = unsafe { input(parent, rows, "parent") }?;
        let parents = p
            .iter()
            .enumerate()
            .map(|(k, &v)| index_or_none(v, "parent", k))
            .collect::<Result<Vec<_>, _>>()?;
        let total = index_or_none(total_column, "total_column", 0)?;
        // SAFETY: forwarded caller contract.
        unsafe {
            give(out, || {
                Ok(bildung_linear_table {
                    inner: LinearTable::hierarchical(view, &parents, total)?,
                })
            })
        }
    })
}

/// -1 as `None`, a value >= 0 as an index; anything else is `InvalidParameter`.
fn index_or_none(v: i64, what: &'static str, k: usize) -> Result<Option<usize>, Failure> {
    if v == -1 {
        return Ok(None);
    }
    usize::try_from(v).map(Some).map_err(|_| {
        Failure::Core(Error::parameter(
            what,
            format!("{v} at position {k}"),
            "expected -1 (none) or an index >= 0",
        ))
    })
}

/// Give every cell a readable label (e.g. `"Ortsteil 0101, Gymnasium"`), used in error
/// messages (an inconsistent total, a cell that cannot be protected). On failure the labels are
/// unchanged.
///
/// # Parameters
/// - `table`: the table; `labels`: `n` UTF-8 strings, `n` = the number of cells.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_INVALID_UTF8`,
/// `BILDUNG_ERR_SHAPE_MISMATCH` (`n` differs from the number of cells).
///
/// # Thread safety
/// Modifies `table`: no other thread may use it during the call.
///
/// # Safety
/// `table` a live handle; `labels` readable for `n` NUL-terminated strings.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_set_labels(
    table: *mut bildung_linear_table,
    labels: *const *const c_char,
    n: usize,
) -> bildung_status {
    guard("bildung_linear_table_set_labels", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle_mut(table, "table") }?;
        // SAFETY: forwarded caller contract.
        let l = unsafe { c_strs(labels, n, "labels") }?;
        let next = t
            .inner
            .clone()
            .with_labels(l.into_iter().map(str::to_owned).collect())?;
        t.inner = next;
        Ok(())
    })
}

/// The number of cells of a table.
///
/// # Returns
/// `BILDUNG_OK` or `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` a live handle; `out` writable.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_len(
    table: *const bildung_linear_table,
    out: *mut usize,
) -> bildung_status {
    guard("bildung_linear_table_len", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(table, "table") }?;
        let out = required_out(out, "out")?;
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { out.write(t.inner.len()) };
        Ok(())
    })
}

/// The cell values of a table (for a two-way table built from its interior: with the computed
/// margins, in the full layout).
///
/// # Parameters
/// - `table`; `values_out`: `n` doubles; `n`: the number of cells.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_SHAPE_MISMATCH` (`n` differs from
/// the number of cells).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` a live handle; `values_out` writable for `n` doubles.
#[unsafe(no_mangle)]
#[must_use]
pub unsafe extern "C" fn bildung_linear_table_values(
    table: *const bildung_linear_table,
    values_out: *mut f64,
    n: usize,
) -> bildung_status {
    guard("bildung_linear_table_values", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(table, "table") }?;
        let out = OutArray::new(values_out, n, "values_out")?;
        cells(t, n, "n")?;
        // SAFETY: `values_out` holds `n` doubles (caller contract).
        unsafe { out.write(t.inner.values()) };
        Ok(())
    })
}

/// The relations of a table in compressed sparse rows (as `bildung_linear_table_new` takes
/// them).
///
/// Buffer protocol: `*n_rel_out` and `*n_parts_out` receive the numbers of relations and
/// parts; when `rel_capacity < n_rel` or `parts_capacity < n_parts` only these two are written
/// and the status is `BILDUNG_ERR_BUFFER_SIZE` (ask with capacities 0 and NULL arrays).
///
/// # Parameters
/// - `totals_out`: `rel_capacity` sizes; `offsets_out`: `rel_capacity + 1` sizes;
///   `parts_out`: `parts_capacity` sizes (each NULL only with capacity 0).
/// - `n_rel_out`, `n_parts_out`: required.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_BUFFER_SIZE`, `BILDUNG_ERR_NULL_ARGUMENT`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` a live handle; the arrays writable for their capacities.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_linear_table_relations(
    table: *const bildung_linear_table,
    totals_out: *mut usize,
    offsets_out: *mut usize,
    rel_capacity: usize,
    parts_out: *mut usize,
    parts_capacity: usize,
    n_rel_out: *mut usize,
    n_parts_out: *mut usize,
) -> bildung_status {
    guard("bildung_linear_table_relations", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(table, "table") }?;
        let n_rel_out = required_out(n_rel_out, "n_rel_out")?;
        let n_parts_out = required_out(n_parts_out, "n_parts_out")?;
        let totals = OutArray::new(totals_out, rel_capacity, "totals_out")?;
        let offsets = OutArray::new(
            offsets_out,
            if offsets_out.is_null() {
                0
            } else {
                rel_capacity.saturating_add(1)
            },
            "offsets_out",
        )?;
        let parts_arr = OutArray::new(parts_out, parts_capacity, "parts_out")?;
        let rel = t.inner.relations();
        let mut tot = Vec::with_capacity(rel.len());
        let mut off = vec![0];
        let mut parts = Vec::new();
        for r in rel {
            tot.push(r.total);
            parts.extend_from_slice(&r.parts);
            off.push(parts.len());
        }
        // SAFETY: non-NULL and writable (caller contract).
        unsafe {
            n_rel_out.write(tot.len());
            n_parts_out.write(parts.len());
        }
        if tot.len() > rel_capacity {
            return Err(Failure::buffer("totals_out", rel_capacity, tot.len()));
        }
        if parts.len() > parts_capacity {
            return Err(Failure::buffer("parts_out", parts_capacity, parts.len()));
        }
        if offsets.is_null() && !tot.is_empty() {
            return Err(Failure::null_array("offsets_out", tot.len() + 1));
        }
        // SAFETY: each array holds at least the written elements (capacities checked above).
        unsafe {
            totals.write(&tot);
            offsets.write(&off);
            parts_arr.write(&parts);
        }
        Ok(())
    })
}

/// Release a table. NULL is a no-op; the handle must not be used afterwards.
///
/// # Safety
/// `table` must be NULL or a live table handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_linear_table_free(table: *mut bildung_linear_table) {
    // SAFETY: forwarded caller contract.
    crate::guard::guard_value((), || unsafe { release(table) });
}

/// `n` must equal the number of cells of `t`.
fn cells(t: &bildung_linear_table, n: usize, what: &'static str) -> Result<(), Failure> {
    if n != t.inner.len() {
        return Err(Failure::Core(Error::ShapeMismatch {
            what,
            expected: t.inner.len(),
            found: n,
        }));
    }
    Ok(())
}

// ---- protect and audit ----

/// What a suppressed cell costs in the secondary suppression: one of the `BILDUNG_COST_*`
/// constants.
pub type bildung_suppression_cost = u32;

/// The cell value (suppress as little information as possible; the default).
pub const BILDUNG_COST_VALUE: bildung_suppression_cost = 0;
/// One per cell (suppress as few cells as possible).
pub const BILDUNG_COST_UNIT: bildung_suppression_cost = 1;

/// Options of `bildung_protect`; start from `bildung_protect_options_default()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_protect_options {
    /// Minimum count: cells with `0 < x < min_count` are primary (default 3; finite, >= 1).
    pub min_count: f64,
    /// 1: zeros are primary too (default 0: a zero is published as `-`).
    pub protect_zeros: c_int,
    /// `BILDUNG_COST_*` (default value).
    pub cost: bildung_suppression_cost,
    /// Maximum number of audit-and-repair rounds (default 200; at least 1).
    pub max_rounds: usize,
}

/// The required protection of a suppressed cell of value `x`: the attacker's interval
/// `[lo, hi]` must satisfy `lo <= x - lower`, `hi >= x + upper`, `hi - lo >= sliding`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct bildung_protection {
    /// Required distance below the value.
    pub lower: f64,
    /// Required distance above the value.
    pub upper: f64,
    /// Required width of the interval.
    pub sliding: f64,
}

/// What `bildung_protect` did.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct bildung_protect_summary {
    /// Number of primary cells.
    pub n_primary: usize,
    /// Number of cells suppressed by the secondary suppression.
    pub n_secondary: usize,
    /// Number of linear programs of the final audit.
    pub n_lp: usize,
}

/// What `bildung_audit` found.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct bildung_audit_summary {
    /// Number of primary cells whose interval breaks their requirement (0 = safe).
    pub n_unsafe: usize,
    /// Number of linear programs solved.
    pub n_lp: usize,
}

/// The default options: minimum count 3, zeros published, cost = value, 200 rounds (the
/// defaults of `bildung_core::disclosure::{PrimaryRules, SecondaryOptions}`). Thread safety:
/// reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_protect_options_default() -> bildung_protect_options {
    let rules = PrimaryRules::default();
    let secondary = SecondaryOptions::default();
    bildung_protect_options {
        min_count: rules.min_count,
        protect_zeros: c_int::from(rules.protect_zeros),
        cost: match secondary.cost {
            Cost::Value => BILDUNG_COST_VALUE,
            Cost::Unit => BILDUNG_COST_UNIT,
        },
        max_rounds: secondary.max_rounds,
    }
}

/// The requirement of a frequency-table cell of value `x` under minimum count `min_count`:
/// `lower = 0`, `upper = max(min_count - x, 0)` (the attacker cannot prove the cell is below the
/// threshold), `sliding = 1` (not recomputable). Core: `Protection::frequency`. Thread safety:
/// reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_protection_frequency(x: f64, min_count: f64) -> bildung_protection {
    crate::guard::guard_value(protection_c(Protection::NONE), || {
        protection_c(Protection::frequency(x, min_count))
    })
}

/// The requirement of a magnitude-table cell of value `x`: `p %` of the value on both sides.
/// Core: `Protection::relative`. Thread safety: reentrant.
#[unsafe(no_mangle)]
pub extern "C" fn bildung_protection_relative(x: f64, p: f64) -> bildung_protection {
    crate::guard::guard_value(protection_c(Protection::NONE), || {
        protection_c(Protection::relative(x, p))
    })
}

fn protection_c(p: Protection) -> bildung_protection {
    bildung_protection {
        lower: p.lower,
        upper: p.upper,
        sliding: p.sliding,
    }
}

/// The options, converted (NULL = default).
///
/// # Safety
/// `options` NULL or readable.
unsafe fn protect_options(
    options: *const bildung_protect_options,
    must_publish: Vec<bool>,
) -> Result<(PrimaryRules, SecondaryOptions), Failure> {
    let o = if options.is_null() {
        bildung_protect_options_default()
    } else {
        // SAFETY: non-NULL and readable (caller contract).
        unsafe { options.read() }
    };
    let cost = match o.cost {
        BILDUNG_COST_VALUE => Cost::Value,
        BILDUNG_COST_UNIT => Cost::Unit,
        other => {
            return Err(Failure::Core(Error::parameter(
                "cost",
                other,
                "expected BILDUNG_COST_VALUE (0) or BILDUNG_COST_UNIT (1)",
            )));
        }
    };
    Ok((
        PrimaryRules {
            min_count: o.min_count,
            protect_zeros: flag(o.protect_zeros, "protect_zeros")?,
        },
        SecondaryOptions {
            cost,
            must_publish,
            max_rounds: o.max_rounds,
        },
    ))
}

/// Interval bounds per cell: NaN for a published cell.
fn bounds(intervals: &[Option<(f64, f64)>]) -> (Vec<f64>, Vec<f64>) {
    intervals
        .iter()
        .map(|i| i.unwrap_or((f64::NAN, f64::NAN)))
        .unzip()
}

/// Protect a count table: primary suppression by the minimum-count rule (plus the caller's
/// statuses), secondary suppression of partner cells, and a final exact audit. Never returns an
/// unsafe pattern: when no safe pattern is found the status is `BILDUNG_ERR_PROTECTION_FAILED`
/// and nothing may be published.
///
/// ```text
/// status    = given status where it is suppressed, else the minimum-count rule:
///             primary if 0 < x < min_count (or x == 0 with protect_zeros), zero if x == 0
/// secondary = partners until every primary cell passes the audit, cheapest first
/// requirement of a primary cell: lower = 0, upper = max(min_count - x, 0), sliding = 1
/// audit     = for every unpublished cell min and max of x_c subject to the relations,
///             the published values and x >= 0 (linear programming)
/// ```
/// Core: `bildung_core::disclosure::protect` / `protect_with_status`.
///
/// # Parameters
/// - `table`: the table; `n`: its number of cells (every array below has `n` elements).
/// - `status_in`: optional: given statuses (`BILDUNG_CELL_PRIMARY` for the cells of your own
///   sensitivity rule, e.g. dominance; unknown / later / not meaningful / unreliable cells stay
///   unpublished; NULL = apply the minimum-count rule only).
/// - `must_publish`: optional: 1 for cells that must be published (e.g. the grand total), 0
///   otherwise.
/// - `options`: optional (NULL = `bildung_protect_options_default()`).
/// - `status_out`: `n` statuses (required).
/// - `lower_out`, `upper_out`: optional: the attacker's interval of every unpublished cell
///   (NaN for published cells; `upper` may be infinite).
/// - `summary`: optional.
///
/// # Returns
/// `BILDUNG_OK`, `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_SHAPE_MISMATCH` (`n` differs from
/// the number of cells), `BILDUNG_ERR_INVALID_PARAMETER` (bad options, a status code or
/// must-publish byte that is not 0/1), `BILDUNG_ERR_PROTECTION_FAILED` (the message names the
/// cell). Outputs only on `BILDUNG_OK`.
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` a live handle; every non-NULL array readable/writable for `n` elements; `options`
/// NULL or readable; `summary` NULL or writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_protect(
    table: *const bildung_linear_table,
    n: usize,
    status_in: *const bildung_cell_status,
    must_publish: *const u8,
    options: *const bildung_protect_options,
    status_out: *mut bildung_cell_status,
    lower_out: *mut f64,
    upper_out: *mut f64,
    summary: *mut bildung_protect_summary,
) -> bildung_status {
    guard("bildung_protect", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(table, "table") }?;
        cells(t, n, "n")?;
        let status_out = OutArray::new(status_out, n, "status_out")?;
        let lower_out = optional_out(lower_out, n, "lower_out")?;
        let upper_out = optional_out(upper_out, n, "upper_out")?;
        // SAFETY: forwarded caller contract.
        let given = match unsafe { optional_input(status_in, n) } {
            Some(codes) => Some(cell_statuses(codes, "status_in")?),
            None => None,
        };
        // SAFETY: forwarded caller contract.
        let must = match unsafe { optional_input(must_publish, n) } {
            Some(m) => m
                .iter()
                .enumerate()
                .map(|(k, &b)| match b {
                    0 => Ok(false),
                    1 => Ok(true),
                    other => Err(Failure::Core(Error::parameter(
                        "must_publish",
                        format!("{other} at position {k}"),
                        "expected 0 or 1",
                    ))),
                })
                .collect::<Result<Vec<bool>, Failure>>()?,
            None => Vec::new(),
        };
        // SAFETY: forwarded caller contract.
        let (rules, opts) = unsafe { protect_options(options, must) }?;
        let p = match given {
            Some(g) => core::protect_with_status(&t.inner, &g, &rules, &opts)?,
            None => core::protect(&t.inner, &rules, &opts)?,
        };
        let codes: Vec<u8> = p.status.iter().map(|s| s.code()).collect();
        let (lo, hi) = bounds(&p.audit.intervals);
        // SAFETY: the arrays hold `n` elements (caller contract); `summary` NULL or writable.
        unsafe {
            status_out.write(&codes);
            lower_out.write(&lo);
            upper_out.write(&hi);
            write_optional(
                summary,
                bildung_protect_summary {
                    n_primary: p.n_primary,
                    n_secondary: p.n_secondary,
                    n_lp: p.audit.n_lp,
                },
            );
        }
        Ok(())
    })
}

/// Audit a suppression pattern: for every unpublished cell the interval `[lo, hi]` an attacker
/// can derive from the published cells, the relations and `x >= 0`, by linear programming, and
/// which primary cells it leaves unprotected.
///
/// ```text
/// lo_i = min x_i, hi_i = max x_i  s.t.  x_c = value_c (published c),
///                                        x[total] = sum x[parts] (every relation), x >= 0
/// primary cell i is unsafe unless lo_i <= x_i - lower_i, hi_i >= x_i + upper_i,
///                                  hi_i - lo_i >= sliding_i   (relative slack 1e-7 max(1, |x|))
/// ```
/// Other unpublished cells (secondary, unknown, later, not meaningful, unreliable) get an
/// interval but no check. Core: `bildung_core::disclosure::audit`.
///
/// # Parameters
/// - `table`; `n`: its number of cells (every array below has `n` elements).
/// - `status`: the statuses of the pattern (required).
/// - `protection`: the requirement of every cell (required; e.g.
///   `bildung_protection_frequency(x, 3)`; used for the primary cells).
/// - `lower_out`, `upper_out`: optional: the interval per cell, NaN for a published cell,
///   `upper` infinite when unbounded.
/// - `unsafe_out`: optional: 1 for a primary cell whose interval is too narrow.
/// - `summary`: optional: the number of unsafe cells and of linear programs.
///
/// # Returns
/// `BILDUNG_OK` (also for an unsafe pattern: see `unsafe_out` / `summary`),
/// `BILDUNG_ERR_NULL_ARGUMENT`, `BILDUNG_ERR_SHAPE_MISMATCH`, `BILDUNG_ERR_INVALID_PARAMETER`
/// (a status code, a negative or non-finite protection), `BILDUNG_ERR_PROTECTION_FAILED` (the
/// LP solver failed).
///
/// # Thread safety
/// Reentrant.
///
/// # Safety
/// `table` a live handle; the arrays readable/writable for `n` elements; `summary` NULL or
/// writable.
#[unsafe(no_mangle)]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bildung_audit(
    table: *const bildung_linear_table,
    n: usize,
    status: *const bildung_cell_status,
    protection: *const bildung_protection,
    lower_out: *mut f64,
    upper_out: *mut f64,
    unsafe_out: *mut u8,
    summary: *mut bildung_audit_summary,
) -> bildung_status {
    guard("bildung_audit", || {
        // SAFETY: forwarded caller contract.
        let t = unsafe { handle(table, "table") }?;
        cells(t, n, "n")?;
        // SAFETY: forwarded caller contract.
        let s = cell_statuses(unsafe { input(status, n, "status") }?, "status")?;
        // SAFETY: forwarded caller contract.
        let prot: Vec<Protection> = unsafe { input(protection, n, "protection") }?
            .iter()
            .map(|p| Protection {
                lower: p.lower,
                upper: p.upper,
                sliding: p.sliding,
            })
            .collect();
        let lower_out = optional_out(lower_out, n, "lower_out")?;
        let upper_out = optional_out(upper_out, n, "upper_out")?;
        let unsafe_arr = optional_out(unsafe_out, n, "unsafe_out")?;
        let a = core::audit(&t.inner, &s, &prot)?;
        let (lo, hi) = bounds(&a.intervals);
        let mut flags = vec![0u8; n];
        for u in &a.unsafe_cells {
            if let Some(f) = flags.get_mut(u.cell) {
                *f = 1;
            }
        }
        // SAFETY: the arrays hold `n` elements (caller contract); `summary` NULL or writable.
        unsafe {
            lower_out.write(&lo);
            upper_out.write(&hi);
            unsafe_arr.write(&flags);
            write_optional(
                summary,
                bildung_audit_summary {
                    n_unsafe: a.unsafe_cells.len(),
                    n_lp: a.n_lp,
                },
            );
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_core_defaults() {
        let o = bildung_protect_options_default();
        assert_eq!(o.min_count, PrimaryRules::default().min_count);
        assert_eq!(o.max_rounds, SecondaryOptions::default().max_rounds);
        assert_eq!(o.cost, BILDUNG_COST_VALUE);
        assert_eq!(o.protect_zeros, 0);
        let p = bildung_protection_frequency(1.0, 3.0);
        assert_eq!((p.lower, p.upper, p.sliding), (0.0, 2.0, 1.0));
    }
}
