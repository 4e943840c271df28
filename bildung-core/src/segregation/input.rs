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

use ndarray::{ArrayView1, ArrayView2};

use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy};

/// Status of one area in an area-level (local) result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum AreaStatus {
    /// A value was computed.
    Ok = 0,
    /// The area had a missing count (NaN): its value is NaN.
    Missing = 1,
    /// The area has no population (total 0): its value is NaN.
    Empty = 2,
}

impl AreaStatus {
    /// The status name (`"ok"`, `"missing"`, `"empty"`).
    pub const fn name(self) -> &'static str {
        match self {
            AreaStatus::Ok => "ok",
            AreaStatus::Missing => "missing",
            AreaStatus::Empty => "empty",
        }
    }
}

/// Validated two-group counts of the areas with population, in input order.
#[derive(Debug, Clone)]
pub(crate) struct TwoGroup {
    /// Focal-group counts `x_i`.
    pub(crate) x: Vec<f64>,
    /// Area totals `t_i > 0`.
    pub(crate) t: Vec<f64>,
    /// Positions of the used areas in the input.
    pub(crate) positions: Vec<usize>,
    /// `X = sum x_i`.
    pub(crate) total_x: f64,
    /// `T = sum t_i`.
    pub(crate) total: f64,
    pub(crate) n_dropped: usize,
    pub(crate) n_empty: usize,
}

impl TwoGroup {
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
        for (k, (&xi, &ti)) in self.x.iter().zip(&self.t).enumerate() {
            for (what, v) in [("x", xi), ("t", ti)] {
                if v.fract() != 0.0 {
                    return Err(Error::InvalidCount {
                        what,
                        index: self.positions[k],
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
pub(crate) enum PreparedTwoGroup {
    Data(TwoGroup),
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
pub(crate) fn two_group(
    measure: &'static str,
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<PreparedTwoGroup> {
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
    let mut first_missing = None;
    let mut data = TwoGroup {
        x: Vec::with_capacity(n),
        t: Vec::with_capacity(n),
        positions: Vec::with_capacity(n),
        total_x: 0.0,
        total: 0.0,
        n_dropped: 0,
        n_empty: 0,
    };
    for i in 0..n {
        let (xi, ti) = (x[i], t[i]);
        if xi.is_nan() || ti.is_nan() {
            first_missing.get_or_insert((if xi.is_nan() { "x" } else { "t" }, i));
            data.n_dropped += 1;
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
            data.n_empty += 1;
            continue;
        }
        data.x.push(xi);
        data.t.push(ti);
        data.positions.push(i);
    }
    if let Some((what, index)) = first_missing {
        match nan {
            NanPolicy::Raise => return Err(Error::MissingValue { what, index }),
            NanPolicy::Propagate => return Ok(PreparedTwoGroup::Propagate { n }),
            NanPolicy::Omit => {}
        }
    }
    if data.x.is_empty() {
        return Err(if data.n_dropped == n {
            Error::EmptyInput {
                what: "no areas left after omitting missing values",
            }
        } else {
            Error::undefined(measure, "every area has a population of 0")
        });
    }
    data.total_x = crate::sum::neumaier_sum(data.x.iter().copied());
    data.total = crate::sum::neumaier_sum(data.t.iter().copied());
    if data.total_x <= 0.0 || data.total_x >= data.total {
        return Err(Error::undefined(
            measure,
            "one of the two groups is empty (its total is 0), so there is no segregation to measure",
        ));
    }
    Ok(PreparedTwoGroup::Data(data))
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
pub(crate) struct Table {
    /// Counts `n_ij`, row-major, `k x j` (used areas x kept groups).
    pub(crate) counts: Vec<f64>,
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

impl Table {
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
pub(crate) enum PreparedTable {
    Data(Table),
    /// A missing value under [`NanPolicy::Propagate`].
    Propagate {
        n: usize,
    },
}

/// Validate a count table (areas x groups).
///
/// `min_groups` is the number of non-empty groups the measure needs (2 for segregation indices,
/// 1 for diversity).
pub(crate) fn table(
    measure: &'static str,
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
    min_groups: usize,
) -> Result<PreparedTable> {
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
    let mut status = vec![AreaStatus::Ok; rows];
    let mut first_missing = None;
    let mut n_dropped = 0;
    let mut n_empty = 0;
    let mut kept_rows = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut missing = false;
        let mut row_total = crate::sum::NeumaierSum::new();
        for g in 0..cols {
            let v = counts[(i, g)];
            if v.is_nan() {
                first_missing.get_or_insert(i * cols + g);
                missing = true;
                continue;
            }
            check_count("counts", i * cols + g, v)?;
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
        }
    }
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
    let mut col_totals = vec![crate::sum::NeumaierSum::new(); cols];
    for &i in &kept_rows {
        for (g, acc) in col_totals.iter_mut().enumerate() {
            acc.add(counts[(i, g)]);
        }
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
    let mut data = Vec::with_capacity(kept_rows.len() * j);
    let mut area_totals = Vec::with_capacity(kept_rows.len());
    for &i in &kept_rows {
        let mut s = crate::sum::NeumaierSum::new();
        for &g in &groups {
            let v = counts[(i, g)];
            data.push(v);
            s.add(v);
        }
        area_totals.push(s.value());
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
