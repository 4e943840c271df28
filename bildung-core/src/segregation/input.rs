//! Validation of segregation inputs: two-group counts `(x, t)` and count tables (areas x groups).
//!
//! Rules (methods.md 2.1, 0.2, 0.4):
//! * `x`/`t` of different lengths: [`Error::ShapeMismatch`]; a table with no rows:
//!   [`Error::EmptyInput`];
//! * `±inf`: [`Error::NonFinite`]; a negative count, or a group count above its area total:
//!   [`Error::InvalidCount`] (non-integral counts are allowed for point estimates; the exact null
//!   expectations call [`TwoGroup::require_integral`]);
//! * NaN anywhere in an area's row is a missing area, handled by the [`NanPolicy`];
//! * areas with total 0 are dropped and counted in `n_empty`;
//! * two groups: a group with total 0 (`P` = 0 or 1) makes every index undefined;
//!   multigroup: groups with total 0 are dropped ([`Flags::EMPTY_GROUPS`]), and fewer than two
//!   remaining groups is [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).

use std::borrow::Cow;

use ndarray::{ArrayView1, ArrayView2};

use crate::error::{Error, Result};
pub use crate::input::AreaStatus;
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Validated two-group counts of the areas with population, in input order.
#[derive(Debug, Clone)]
pub(crate) struct TwoGroup<'a> {
    /// Focal-group counts `x_i`: the input itself when it is contiguous and every area is used,
    /// else a copy.
    pub(crate) x: Cow<'a, [f64]>,
    /// Area totals `t_i > 0` (borrowed or copied as `x`).
    pub(crate) t: Cow<'a, [f64]>,
    /// Positions of the used areas in the input; `None` when every area is used (identity).
    pub(crate) positions: Option<Vec<usize>>,
    /// `X = sum x_i`.
    pub(crate) total_x: f64,
    /// `T = sum t_i`.
    pub(crate) total: f64,
    pub(crate) n_dropped: usize,
    pub(crate) n_empty: usize,
}

impl TwoGroup<'_> {
    /// Input position of the `k`-th used area.
    pub(crate) fn position(&self, k: usize) -> usize {
        self.positions.as_ref().map_or(k, |p| p[k])
    }

    /// Number of areas used (`k`).
    pub(crate) fn len(&self) -> usize {
        self.x.len()
    }

    /// `P = X / T`.
    pub(crate) fn share(&self) -> f64 {
        self.total_x / self.total
    }

    /// `Y = T - X`.
    pub(crate) fn total_y(&self) -> f64 {
        self.total - self.total_x
    }

    /// `[Flags::SINGLE_AREA]` when only one area is used.
    pub(crate) fn flags(&self) -> Flags {
        if self.len() == 1 {
            Flags::SINGLE_AREA
        } else {
            Flags::NONE
        }
    }

    /// Require integral counts (for the exact hypergeometric / binomial expectations).
    pub(crate) fn require_integral(&self) -> Result<()> {
        for (k, (&xi, &ti)) in self.x.iter().zip(self.t.iter()).enumerate() {
            for (what, v) in [("x", xi), ("t", ti)] {
                if v.fract() != 0.0 {
                    return Err(Error::InvalidCount {
                        what,
                        index: self.position(k),
                        value: v,
                        reason: "this computation needs integer counts",
                    });
                }
            }
        }
        Ok(())
    }

    /// Wrap a value with the bookkeeping.
    pub(crate) fn estimate(&self, value: f64, flags: Flags) -> Estimate {
        Estimate {
            value,
            n_used: self.len(),
            n_dropped: self.n_dropped,
            n_empty: self.n_empty,
            flags: flags | self.flags(),
        }
    }
}

/// Outcome of validating two-group counts.
#[derive(Debug, Clone)]
pub(crate) enum PreparedTwoGroup<'a> {
    Data(TwoGroup<'a>),
    /// A missing value under [`NanPolicy::Propagate`].
    Propagate {
        n: usize,
    },
}

fn check_count(what: &'static str, index: usize, v: f64) -> Result<()> {
    if v.is_infinite() {
        return Err(Error::NonFinite {
            what,
            index,
            value: v,
        });
    }
    if v < 0.0 {
        return Err(Error::InvalidCount {
            what,
            index,
            value: v,
            reason: "counts must be >= 0",
        });
    }
    Ok(())
}

/// Validate the focal-group counts `x` and the area totals `t`.
pub(crate) fn two_group<'a>(
    measure: &'static str,
    x: ArrayView1<'a, f64>,
    t: ArrayView1<'a, f64>,
    nan: NanPolicy,
) -> Result<PreparedTwoGroup<'a>> {
    let n = x.len();
    if t.len() != n {
        return Err(Error::ShapeMismatch {
            what: "t",
            expected: n,
            found: t.len(),
        });
    }
    if n == 0 {
        return Err(Error::EmptyInput { what: "no areas" });
    }
    if let (Some(xs), Some(ts)) = (x.to_slice(), t.to_slice())
        && let Some(data) = two_group_fast(xs, ts)
    {
        return check_two_group(measure, data, n).map(PreparedTwoGroup::Data);
    }
    let mut first_missing = None;
    let (mut xs, mut ts, mut positions) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut n_dropped, mut n_empty) = (0, 0);
    for i in 0..n {
        let (xi, ti) = (x[i], t[i]);
        if xi.is_nan() || ti.is_nan() {
            first_missing.get_or_insert((if xi.is_nan() { "x" } else { "t" }, i));
            n_dropped += 1;
            continue;
        }
        check_count("x", i, xi)?;
        check_count("t", i, ti)?;
        if xi > ti {
            return Err(Error::InvalidCount {
                what: "x",
                index: i,
                value: xi,
                reason: "the group count is above the area total t",
            });
        }
        if ti == 0.0 {
            n_empty += 1;
            continue;
        }
        xs.push(xi);
        ts.push(ti);
        positions.push(i);
    }
    if let Some((what, index)) = first_missing {
        match nan {
            NanPolicy::Raise => return Err(Error::MissingValue { what, index }),
            NanPolicy::Propagate => return Ok(PreparedTwoGroup::Propagate { n }),
            NanPolicy::Omit => {}
        }
    }
    let data = TwoGroup {
        total_x: crate::sum::neumaier_sum(xs.iter().copied()),
        total: crate::sum::neumaier_sum(ts.iter().copied()),
        x: Cow::Owned(xs),
        t: Cow::Owned(ts),
        positions: Some(positions),
        n_dropped,
        n_empty,
    };
    check_two_group(measure, data, n).map(PreparedTwoGroup::Data)
}

/// The checks of [`two_group`] after the scan: some area is used and both groups have members.
fn check_two_group<'a>(
    measure: &'static str,
    data: TwoGroup<'a>,
    n: usize,
) -> Result<TwoGroup<'a>> {
    if data.x.is_empty() {
        return Err(if data.n_dropped == n {
            Error::EmptyInput {
                what: "no areas left after omitting missing values",
            }
        } else {
            Error::undefined(measure, "every area has a population of 0")
        });
    }
    if data.total_x <= 0.0 || data.total_x >= data.total {
        return Err(Error::undefined(
            measure,
            "one of the two groups is empty (its total is 0), so there is no segregation to measure",
        ));
    }
    Ok(data)
}

/// Fast path of [`two_group`] for contiguous inputs: one pass that checks the counts and sums
/// `x` and `t` (compensated; the same bits as the general path, since the areas with `t_i = 0`
/// add only zeros). `None` when any value is missing or invalid, or some area is empty: the
/// general path then handles it.
fn two_group_fast<'a>(xs: &'a [f64], ts: &'a [f64]) -> Option<TwoGroup<'a>> {
    // All terms are >= 0 when the input is valid (else the checks below send it elsewhere).
    use crate::sum::add_nonnegative as add;
    let (mut sx, mut cx, mut st, mut ct) = (0.0, 0.0, 0.0, 0.0);
    // Smallest x, smallest t and largest x - t; NaN and infinities show up in the sums.
    let (mut lo_x, mut lo_t, mut over) = (0.0f64, f64::INFINITY, 0.0f64);
    for (&xi, &ti) in xs.iter().zip(ts) {
        lo_x = if xi < lo_x { xi } else { lo_x };
        lo_t = if ti < lo_t { ti } else { lo_t };
        let d = xi - ti;
        over = if d > over { d } else { over };
        add(&mut sx, &mut cx, xi);
        add(&mut st, &mut ct, ti);
    }
    let (total_x, total) = (sx + cx, st + ct);
    if !(lo_x >= 0.0 && lo_t > 0.0 && over <= 0.0 && total_x.is_finite() && total.is_finite()) {
        return None;
    }
    Some(TwoGroup {
        x: Cow::Borrowed(xs),
        t: Cow::Borrowed(ts),
        positions: None,
        total_x,
        total,
        n_dropped: 0,
        n_empty: 0,
    })
}

/// Run `f` on validated two-group counts and wrap its value in an [`Estimate`].
pub(crate) fn two_group_estimate(
    measure: &'static str,
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
    f: impl FnOnce(&TwoGroup) -> Result<(f64, Flags)>,
) -> Result<Estimate> {
    match two_group(measure, x, t, nan)? {
        PreparedTwoGroup::Propagate { n } => Ok(Estimate::propagated(n)),
        PreparedTwoGroup::Data(d) => {
            let (value, flags) = f(&d)?;
            Ok(d.estimate(value, flags))
        }
    }
}

/// A validated count table: the areas with population and the groups with members.
#[derive(Debug, Clone)]
pub(crate) struct Table<'a> {
    /// Counts `n_ij`, row-major, `k x j` (used areas x kept groups): the input itself when it is
    /// row-major and no area or group is left out, else a copy.
    pub(crate) counts: Cow<'a, [f64]>,
    /// Number of used areas.
    pub(crate) k: usize,
    /// Number of kept groups.
    pub(crate) j: usize,
    /// Area totals `t_i > 0`.
    pub(crate) area_totals: Vec<f64>,
    /// Group totals `N_j > 0`.
    pub(crate) group_totals: Vec<f64>,
    /// `T`.
    pub(crate) total: f64,
    /// Input row of each used area.
    pub(crate) areas: Vec<usize>,
    /// Input column of each kept group.
    pub(crate) groups: Vec<usize>,
    /// Status of every input row.
    pub(crate) status: Vec<AreaStatus>,
    /// Columns in the input.
    pub(crate) n_columns: usize,
    pub(crate) n_dropped: usize,
    pub(crate) n_empty: usize,
    /// Groups left out because their total is 0.
    pub(crate) n_empty_groups: usize,
}

impl Table<'_> {
    /// The table with its own copy of the counts.
    pub(crate) fn into_owned(self) -> Table<'static> {
        Table {
            counts: Cow::Owned(self.counts.into_owned()),
            k: self.k,
            j: self.j,
            area_totals: self.area_totals,
            group_totals: self.group_totals,
            total: self.total,
            areas: self.areas,
            groups: self.groups,
            status: self.status,
            n_columns: self.n_columns,
            n_dropped: self.n_dropped,
            n_empty: self.n_empty,
            n_empty_groups: self.n_empty_groups,
        }
    }

    /// `n_ij` of used area `i` and kept group `g`.
    #[inline]
    pub(crate) fn count(&self, i: usize, g: usize) -> f64 {
        self.counts[i * self.j + g]
    }

    /// The row of used area `i`.
    #[inline]
    pub(crate) fn row(&self, i: usize) -> &[f64] {
        &self.counts[i * self.j..(i + 1) * self.j]
    }

    /// Overall group shares `P_j = N_j / T`.
    pub(crate) fn shares(&self) -> Vec<f64> {
        self.group_totals.iter().map(|n| n / self.total).collect()
    }

    /// Flags for single areas and dropped groups.
    pub(crate) fn flags(&self) -> Flags {
        let mut f = Flags::NONE;
        if self.k == 1 {
            f |= Flags::SINGLE_AREA;
        }
        if self.n_empty_groups > 0 {
            f |= Flags::EMPTY_GROUPS;
        }
        f
    }

    /// Wrap a value with the bookkeeping.
    pub(crate) fn estimate(&self, value: f64, flags: Flags) -> Estimate {
        Estimate {
            value,
            n_used: self.k,
            n_dropped: self.n_dropped,
            n_empty: self.n_empty,
            flags: flags | self.flags(),
        }
    }
}

/// Outcome of validating a count table.
#[derive(Debug, Clone)]
pub(crate) enum PreparedTable<'a> {
    Data(Table<'a>),
    /// A missing value under [`NanPolicy::Propagate`].
    Propagate {
        n: usize,
    },
}

/// The validated rows of a table, see [`table`]: status of every row, first missing cell,
/// numbers of missing and empty rows, the kept rows, their counts (row-major, all columns), their
/// totals and the column totals over them.
type Scan = (
    Vec<AreaStatus>,
    Option<usize>,
    usize,
    usize,
    Vec<usize>,
    Vec<f64>,
    Vec<f64>,
    Vec<NeumaierSum>,
);

/// Fast path of [`table`] for a contiguous (row-major) table with `N` columns: `None` when any
/// count is missing, negative or infinite (the general path then reports it). Otherwise the
/// compensated total of every row and the compensated column totals (the same bits as the
/// general path: the rows with total 0 add only zeros, which leave a compensated sum unchanged).
#[inline(never)]
fn fast_scan<const N: usize>(all: &[f64]) -> Option<(Vec<f64>, Vec<NeumaierSum>)> {
    // Column sums and compensations as plain arrays (vectorisable). All terms are >= 0 here, so
    // Neumaier's choice of the larger operand is a max / min of the running sum and the term.
    let mut sum = [0.0f64; N];
    let mut comp = [0.0f64; N];
    // Smallest count (NaN and infinities show up in the column sums instead).
    let mut lo = [0.0f64; N];
    let mut row_totals = Vec::with_capacity(all.len() / N);
    for row in all.chunks_exact(N) {
        let row: &[f64; N] = row.try_into().ok()?;
        let mut r = 0.0;
        for g in 0..N {
            let x = row[g];
            lo[g] = if x < lo[g] { x } else { lo[g] };
            r += x;
            crate::sum::add_nonnegative(&mut sum[g], &mut comp[g], x);
        }
        row_totals.push(r);
    }
    // A NaN or an infinite count makes its column sum NaN or infinite; a finite sum that
    // overflows also takes the general path, which is always correct.
    let valid = (0..N).all(|g| lo[g] >= 0.0 && (sum[g] + comp[g]).is_finite());
    if !valid {
        return None;
    }
    let cols = (0..N)
        .map(|g| NeumaierSum::from_parts(sum[g], comp[g]))
        .collect();
    Some((row_totals, cols))
}

/// General path of [`table`] (any layout, any values).
fn scan_general(counts: ArrayView2<'_, f64>) -> Result<Scan> {
    let (rows, cols) = counts.dim();
    let mut status = vec![AreaStatus::Ok; rows];
    let mut first_missing = None;
    let mut n_dropped = 0;
    let mut n_empty = 0;
    let mut kept_rows = Vec::with_capacity(rows);
    let mut data: Vec<f64> = Vec::with_capacity(rows * cols);
    let mut area_totals = Vec::with_capacity(rows);
    let mut col_totals = vec![NeumaierSum::new(); cols];
    let mut buf: Vec<f64> = Vec::with_capacity(cols);
    let mut visit = |i: usize, row: &[f64]| -> Result<()> {
        let mut missing = false;
        let mut row_total = NeumaierSum::new();
        for (g, &v) in row.iter().enumerate() {
            if v.is_nan() {
                first_missing.get_or_insert(i * cols + g);
                missing = true;
                continue;
            }
            if v.is_infinite() || v < 0.0 {
                check_count("counts", i * cols + g, v)?;
            }
            row_total.add(v);
        }
        if missing {
            status[i] = AreaStatus::Missing;
            n_dropped += 1;
        } else if row_total.value() == 0.0 {
            status[i] = AreaStatus::Empty;
            n_empty += 1;
        } else {
            kept_rows.push(i);
            area_totals.push(row_total.value());
            data.extend_from_slice(row);
            for (acc, &v) in col_totals.iter_mut().zip(row) {
                acc.add(v);
            }
        }
        Ok(())
    };
    if let Some(all) = counts.as_slice() {
        for (i, row) in all.chunks_exact(cols.max(1)).enumerate() {
            visit(i, row)?;
        }
        if cols == 0 {
            for i in 0..rows {
                visit(i, &[])?;
            }
        }
    } else {
        for (i, row) in counts.rows().into_iter().enumerate() {
            match row.as_slice() {
                Some(r) => visit(i, r)?,
                None => {
                    buf.clear();
                    buf.extend(row.iter().copied());
                    visit(i, &buf)?;
                }
            }
        }
    }
    Ok((
        status,
        first_missing,
        n_dropped,
        n_empty,
        kept_rows,
        data,
        area_totals,
        col_totals,
    ))
}

/// Validate a count table (areas x groups).
///
/// `min_groups` is the number of non-empty groups the measure needs (2 for segregation indices,
/// 1 for diversity).
pub(crate) fn table<'a>(
    measure: &'static str,
    counts: ArrayView2<'a, f64>,
    nan: NanPolicy,
    min_groups: usize,
) -> Result<PreparedTable<'a>> {
    let (rows, cols) = counts.dim();
    if rows == 0 {
        return Err(Error::EmptyInput {
            what: "the count table has no areas (rows)",
        });
    }
    if cols < min_groups {
        return Err(Error::undefined(
            measure,
            "the count table has fewer group columns than the measure needs",
        ));
    }
    // One pass over the rows: validate, total each row (compensated) and, for the rows with
    // population, copy the row and add it to the (compensated) column totals. Rows are read as
    // slices when the view is contiguous; a strided view goes through a small row buffer.
    let fast = counts.to_slice().and_then(|all| match cols {
        2 => fast_scan::<2>(all),
        3 => fast_scan::<3>(all),
        4 => fast_scan::<4>(all),
        5 => fast_scan::<5>(all),
        6 => fast_scan::<6>(all),
        7 => fast_scan::<7>(all),
        8 => fast_scan::<8>(all),
        _ => None,
    });
    let (status, first_missing, n_dropped, n_empty, kept_rows, mut data, area_totals, col_totals) =
        if let (Some(all), Some((row_totals, col_totals))) = (counts.to_slice(), fast) {
            // Every count is valid: only empty areas can be left out.
            let mut status = vec![AreaStatus::Ok; rows];
            let n_empty = row_totals.iter().filter(|&&r| r == 0.0).count();
            let (kept_rows, data, area_totals) = if n_empty == 0 {
                ((0..rows).collect(), Cow::Borrowed(all), row_totals)
            } else {
                let mut kept_rows = Vec::with_capacity(rows - n_empty);
                let mut data = Vec::with_capacity((rows - n_empty) * cols);
                let mut area_totals = Vec::with_capacity(rows - n_empty);
                for (i, (row, &r)) in all.chunks_exact(cols).zip(&row_totals).enumerate() {
                    if r == 0.0 {
                        status[i] = AreaStatus::Empty;
                    } else {
                        kept_rows.push(i);
                        data.extend_from_slice(row);
                        area_totals.push(r);
                    }
                }
                (kept_rows, Cow::Owned(data), area_totals)
            };
            (
                status,
                None,
                0,
                n_empty,
                kept_rows,
                data,
                area_totals,
                col_totals,
            )
        } else {
            let (status, first_missing, n_dropped, n_empty, kept_rows, data, area_totals, cols) =
                scan_general(counts)?;
            let data = Cow::Owned(data);
            (
                status,
                first_missing,
                n_dropped,
                n_empty,
                kept_rows,
                data,
                area_totals,
                cols,
            )
        };
    if let Some(index) = first_missing {
        match nan {
            NanPolicy::Raise => {
                return Err(Error::MissingValue {
                    what: "counts",
                    index,
                });
            }
            NanPolicy::Propagate => return Ok(PreparedTable::Propagate { n: rows }),
            NanPolicy::Omit => {}
        }
    }
    if kept_rows.is_empty() {
        return Err(if n_dropped == rows {
            Error::EmptyInput {
                what: "no areas left after omitting missing values",
            }
        } else {
            Error::undefined(measure, "every area has a population of 0")
        });
    }
    let groups: Vec<usize> = (0..cols).filter(|&g| col_totals[g].value() > 0.0).collect();
    if groups.len() < min_groups {
        return Err(Error::undefined(
            measure,
            if min_groups >= 2 {
                "fewer than two groups have members"
            } else {
                "no group has members"
            },
        ));
    }
    let j = groups.len();
    if j < cols {
        // Drop the empty groups. Their counts are all 0 in the kept rows, so the row totals
        // (compensated sums with 0 terms added) are unchanged.
        let mut w = 0;
        let mut owned = data.into_owned();
        for r in 0..kept_rows.len() {
            for &g in &groups {
                owned[w] = owned[r * cols + g];
                w += 1;
            }
        }
        owned.truncate(w);
        data = Cow::Owned(owned);
    }
    let group_totals: Vec<f64> = groups.iter().map(|&g| col_totals[g].value()).collect();
    let total = crate::sum::neumaier_sum(group_totals.iter().copied());
    Ok(PreparedTable::Data(Table {
        counts: data,
        k: kept_rows.len(),
        j,
        area_totals,
        group_totals,
        total,
        areas: kept_rows,
        n_empty_groups: cols - j,
        groups,
        status,
        n_columns: cols,
        n_dropped,
        n_empty,
    }))
}

/// Run `f` on a validated table and wrap its value in an [`Estimate`].
pub(crate) fn table_estimate(
    measure: &'static str,
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
    min_groups: usize,
    f: impl FnOnce(&Table) -> Result<(f64, Flags)>,
) -> Result<Estimate> {
    match table(measure, counts, nan, min_groups)? {
        PreparedTable::Propagate { n } => Ok(Estimate::propagated(n)),
        PreparedTable::Data(d) => {
            let (value, flags) = f(&d)?;
            Ok(d.estimate(value, flags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn kind<T: std::fmt::Debug>(r: Result<T>) -> ErrorKind {
        r.unwrap_err().kind()
    }

    #[test]
    fn two_group_rules() {
        let x = array![1.0, 2.0, 0.0];
        let t = array![5.0, 4.0, 0.0];
        let Ok(PreparedTwoGroup::Data(d)) = two_group("d", x.view(), t.view(), NanPolicy::Raise)
        else {
            panic!("expected data");
        };
        assert_eq!((d.len(), d.n_empty, d.total_x, d.total), (2, 1, 3.0, 9.0));
        let over = array![6.0, 2.0];
        let t2 = array![5.0, 4.0];
        assert_eq!(
            kind(two_group("d", over.view(), t2.view(), NanPolicy::Raise)),
            ErrorKind::InvalidCount
        );
        let neg = array![-1.0, 2.0];
        assert_eq!(
            kind(two_group("d", neg.view(), t2.view(), NanPolicy::Raise)),
            ErrorKind::InvalidCount
        );
        let all = array![5.0, 4.0];
        assert_eq!(
            kind(two_group("d", all.view(), t2.view(), NanPolicy::Raise)),
            ErrorKind::Undefined
        );
        let short = array![1.0];
        assert_eq!(
            kind(two_group("d", short.view(), t2.view(), NanPolicy::Raise)),
            ErrorKind::ShapeMismatch
        );
        let nan = array![f64::NAN, 2.0];
        assert_eq!(
            kind(two_group("d", nan.view(), t2.view(), NanPolicy::Raise)),
            ErrorKind::MissingValue
        );
        let inf = array![1.0, 2.0];
        let tinf = array![f64::INFINITY, 4.0];
        assert_eq!(
            kind(two_group("d", inf.view(), tinf.view(), NanPolicy::Omit)),
            ErrorKind::NonFinite
        );
    }

    #[test]
    fn fast_and_general_paths_agree() {
        // Row-major input takes the fast paths; the same data as a strided (column-major) view
        // takes the general ones. Both must give the same bits, with and without empty areas and
        // groups.
        let base = ndarray::Array2::from_shape_fn((37, 5), |(i, g)| {
            ((i * 7 + g * 13) % 11) as f64 * if g == 3 { 0.0 } else { 1.1 }
        });
        let mut with_empty = base.clone();
        with_empty.row_mut(4).fill(0.0);
        for c in [base, with_empty] {
            let strided = c.t().as_standard_layout().into_owned();
            let strided = strided.t();
            assert!(c.view().to_slice().is_some() && strided.to_slice().is_none());
            let (Ok(PreparedTable::Data(a)), Ok(PreparedTable::Data(b))) = (
                table("m", c.view(), NanPolicy::Raise, 2),
                table("m", strided, NanPolicy::Raise, 2),
            ) else {
                panic!("expected data");
            };
            assert_eq!(a.counts, b.counts);
            assert_eq!(a.area_totals, b.area_totals);
            assert_eq!(a.group_totals, b.group_totals);
            assert_eq!(a.total, b.total);
            assert_eq!((a.areas, a.groups, a.status), (b.areas, b.groups, b.status));
            assert_eq!(
                (a.k, a.j, a.n_empty, a.n_empty_groups),
                (b.k, b.j, b.n_empty, b.n_empty_groups)
            );
            // two-group: column 0 against the row totals
            let x = c.column(0).to_owned();
            let t = c.sum_axis(ndarray::Axis(1));
            let xs = ndarray::Array1::from_iter(x.iter().flat_map(|&v| [v, -1.0]));
            let ts = ndarray::Array1::from_iter(t.iter().flat_map(|&v| [v, -1.0]));
            let xs = xs.slice_axis(ndarray::Axis(0), ndarray::Slice::new(0, None, 2));
            let ts = ts.slice_axis(ndarray::Axis(0), ndarray::Slice::new(0, None, 2));
            let (Ok(PreparedTwoGroup::Data(a)), Ok(PreparedTwoGroup::Data(b))) = (
                two_group("d", x.view(), t.view(), NanPolicy::Raise),
                two_group("d", xs, ts, NanPolicy::Raise),
            ) else {
                panic!("expected data");
            };
            let pos = |d: &TwoGroup| (0..d.len()).map(|k| d.position(k)).collect::<Vec<_>>();
            assert_eq!(pos(&a), pos(&b));
            assert_eq!((a.x, a.t), (b.x, b.t));
            assert_eq!(
                (a.total_x, a.total, a.n_empty),
                (b.total_x, b.total, b.n_empty)
            );
        }
        // invalid values on the fast path are reported as on the general path
        let bad = ndarray::array![[1.0, 2.0], [f64::INFINITY, 1.0]];
        assert_eq!(
            kind(table("m", bad.view(), NanPolicy::Omit, 2)),
            ErrorKind::NonFinite
        );
        let neg = ndarray::array![[1.0, 2.0], [-1.0, 1.0]];
        assert_eq!(
            kind(table("m", neg.view(), NanPolicy::Omit, 2)),
            ErrorKind::InvalidCount
        );
        let nan = ndarray::array![[1.0, 2.0], [f64::NAN, 1.0], [2.0, 2.0]];
        let Ok(PreparedTable::Data(d)) = table("m", nan.view(), NanPolicy::Omit, 2) else {
            panic!("expected data");
        };
        assert_eq!((d.k, d.n_dropped), (2, 1));
    }

    #[test]
    fn table_rules() {
        let c = array![
            [1.0, 0.0, 2.0],
            [0.0, 0.0, 0.0],
            [3.0, 0.0, f64::NAN],
            [2.0, 0.0, 2.0]
        ];
        let Ok(PreparedTable::Data(d)) = table("m", c.view(), NanPolicy::Omit, 2) else {
            panic!("expected data");
        };
        assert_eq!(
            (d.k, d.j, d.n_empty, d.n_dropped, d.n_empty_groups),
            (2, 2, 1, 1, 1)
        );
        assert_eq!(d.groups, vec![0, 2]);
        assert_eq!(
            d.status,
            vec![
                AreaStatus::Ok,
                AreaStatus::Empty,
                AreaStatus::Missing,
                AreaStatus::Ok
            ]
        );
        assert_eq!(d.row(1), &[2.0, 2.0]);
        assert!(d.flags().contains(Flags::EMPTY_GROUPS));
        let one = array![[1.0, 0.0], [2.0, 0.0]];
        assert_eq!(
            kind(table("m", one.view(), NanPolicy::Raise, 2)),
            ErrorKind::Undefined
        );
        assert_eq!(
            kind(table("m", c.view(), NanPolicy::Raise, 2)),
            ErrorKind::MissingValue
        );
    }
}
