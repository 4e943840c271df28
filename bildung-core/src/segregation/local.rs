//! Local (per-area) indices over a count table `n_ij`, areas (rows) x groups (columns): which
//! Ortsteile differ from the whole, and how diverse each one is.
//!
//! | function | value per area | German term |
//! |---|---|---|
//! | [`location_quotient`] | `LQ_ij = p_ij / P_j` (one per area and group) | Standortquotient |
//! | [`local_entropy`] | `E_i = -sum_j p_ij ln p_ij` (optionally `/ ln J`) | lokale Entropie |
//! | [`local_simpson_interaction`] | `I_i = sum_j p_ij (1 - p_ij)` | lokaler Simpson-Index |
//! | [`local_simpson_concentration`] | `sum_j p_ij^2` | lokale Simpson-Konzentration |
//! | [`local_mutual_information`] | `ls_i = sum_j p_ij ln(p_ij / P_j)` | lokaler Segregationsbeitrag |
//!
//! Results have one entry per **input row** with an [`AreaStatus`]: areas with a missing count
//! or no population get NaN and status `Missing` / `Empty`.
//!
//! # Missing values are handled area by area
//! A local value is a property of one area, so a missing count only makes *that* area's value
//! unknown: under [`NanPolicy::Propagate`] the area gets NaN with status
//! [`AreaStatus::Missing`] and the other areas are computed
//! ([`Flags::MISSING_PROPAGATED`] is set), not an all-NaN result. [`NanPolicy::Omit`] gives the
//! same values (without the flag); [`NanPolicy::Raise`] is an error. (Internally the table is
//! validated with `Omit` when `Propagate` is asked for, because the shared table validator
//! implements the aggregate meaning of `Propagate`: one NaN makes the whole result NaN.) The
//! reference shares `P_j` of [`location_quotient`] and [`local_mutual_information`] are those of
//! the areas with complete counts. If every area has a missing count, `Propagate` returns all
//! NaN, `Omit` is [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput).

use ndarray::{Array2, ArrayView2};

use super::input::{AreaStatus, PreparedTable, Table, table};
use super::multigroup::{kl_row, xlogx};
use crate::error::{Error, ErrorKind, Result};
use crate::input::{Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// One value per area (per input row).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalValues {
    /// The value of every input row; NaN where `status` is not [`AreaStatus::Ok`].
    pub values: Vec<f64>,
    /// Status of every input row.
    pub status: Vec<AreaStatus>,
    /// Areas with a value.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with no population.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// One value per area and group (input rows x input columns).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTable {
    /// Values, input rows x input columns; NaN rows where `status` is not [`AreaStatus::Ok`],
    /// NaN columns for groups with total 0.
    pub values: Array2<f64>,
    /// Status of every input row.
    pub status: Vec<AreaStatus>,
    /// Areas with values.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with no population.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// A validated table for a local measure, or "every area is missing" under `Propagate`.
enum Local<'a> {
    Data { table: Table<'a>, flags: Flags },
    AllMissing { rows: usize },
}

/// Validate for a local (elementwise) measure; see the module docs for the NaN handling.
/// `segregation_flags`: keep [`Flags::SINGLE_AREA`] / [`Flags::EMPTY_GROUPS`] of the table.
fn prepare_local<'a>(
    measure: &'static str,
    counts: ArrayView2<'a, f64>,
    nan: NanPolicy,
    min_groups: usize,
    segregation_flags: bool,
) -> Result<Local<'a>> {
    let policy = match nan {
        NanPolicy::Propagate => NanPolicy::Omit,
        other => other,
    };
    let rows = counts.nrows();
    match table(measure, counts, policy, min_groups) {
        Ok(PreparedTable::Data(t)) => {
            let mut flags = if segregation_flags {
                t.flags()
            } else {
                Flags::NONE
            };
            if nan == NanPolicy::Propagate && t.n_dropped > 0 {
                flags |= Flags::MISSING_PROPAGATED;
            }
            Ok(Local::Data { table: t, flags })
        }
        // not produced under Omit; treated like "every area missing" rather than panicking
        Ok(PreparedTable::Propagate { n }) => Ok(Local::AllMissing { rows: n }),
        Err(e) if nan == NanPolicy::Propagate && rows > 0 && e.kind() == ErrorKind::EmptyInput => {
            Ok(Local::AllMissing { rows })
        }
        Err(e) => Err(e),
    }
}

/// Compute a per-area value from the row of counts, its total and the table.
fn local_values(
    measure: &'static str,
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
    min_groups: usize,
    segregation_flags: bool,
    mut f: impl FnMut(&Table, &[f64], f64) -> f64,
) -> Result<LocalValues> {
    match prepare_local(measure, counts, nan, min_groups, segregation_flags)? {
        Local::AllMissing { rows } => Ok(LocalValues {
            values: vec![f64::NAN; rows],
            status: vec![AreaStatus::Missing; rows],
            n_used: 0,
            n_dropped: rows,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }),
        Local::Data { table: t, flags } => {
            let mut values = vec![f64::NAN; t.status.len()];
            for (i, &row) in t.areas.iter().enumerate() {
                values[row] = f(&t, t.row(i), t.area_totals[i]);
            }
            Ok(LocalValues {
                values,
                status: t.status.clone(),
                n_used: t.k,
                n_dropped: t.n_dropped,
                n_empty: t.n_empty,
                flags,
            })
        }
    }
}

/// Location quotient (Standortquotient): the share of group `j` in area `i` relative to its
/// share in the whole population.
///
/// ```text
/// LQ_ij = p_ij / P_j = (n_ij / t_i) / (N_j / T)
/// ```
/// Range `[0, 1/P_j]`: 1 where the area has the overall share, above 1 where the group is
/// over-represented. `sum_i (t_i / T) LQ_ij = 1` for every group. PySAL `MultiLocationQuotient`.
///
/// # Edge cases
/// Rows of areas with a missing count or no population are NaN (see `status`); columns of
/// groups with total 0 are NaN ([`Flags::EMPTY_GROUPS`]); with one area every quotient is 1
/// ([`Flags::SINGLE_AREA`]). Missing values are handled area by area (module docs).
///
/// # Errors
/// [`ErrorKind::EmptyInput`] (no rows; every area missing under `Omit`),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (a negative count),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (no area with population, or no group
/// with members).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::{location_quotient, AreaStatus}};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [f64::NAN, 40., 5.], [40., 30., 20.]];
/// let lq = location_quotient(n.view(), NanPolicy::Propagate)?;
/// // group 1 in area 0: (12/60) / (82/230); the missing area is not in the reference shares
/// assert!((lq.values[(0, 0)] - (12. / 60.) / (82. / 230.)).abs() < 1e-12);
/// assert!(lq.values[(2, 0)].is_nan());
/// assert_eq!(lq.status[2], AreaStatus::Missing);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn location_quotient(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<LocalTable> {
    let (rows, cols) = counts.dim();
    match prepare_local("location_quotient", counts, nan, 1, true)? {
        Local::AllMissing { rows } => Ok(LocalTable {
            values: Array2::from_elem((rows, cols), f64::NAN),
            status: vec![AreaStatus::Missing; rows],
            n_used: 0,
            n_dropped: rows,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }),
        Local::Data { table: t, flags } => {
            let mut values = Array2::from_elem((rows, cols), f64::NAN);
            let shares = t.shares();
            for (i, &row) in t.areas.iter().enumerate() {
                let ti = t.area_totals[i];
                for (g, (&col, &p)) in t.groups.iter().zip(&shares).enumerate() {
                    values[(row, col)] = if t.k == 1 {
                        1.0
                    } else {
                        t.count(i, g) / ti / p
                    };
                }
            }
            Ok(LocalTable {
                values,
                status: t.status.clone(),
                n_used: t.k,
                n_dropped: t.n_dropped,
                n_empty: t.n_empty,
                flags,
            })
        }
    }
}

/// Local entropy (lokale Entropie, diversity of one area; Reardon & O'Sullivan 2004 eq. 6; PySAL
/// `MultiLocalDiversity` / `MultiLocalEntropy`).
///
/// ```text
/// E_i = -sum_j p_ij ln p_ij                     (normalized = false)
/// E_i / ln J                                    (normalized = true; J = number of columns)
/// ```
/// with `0 ln 0 := 0`. `J` counts every column, empty groups included (as PySAL
/// `MultiLocalEntropy`, and as [`shannon_diversity`](crate::segregation::shannon_diversity)).
/// Range `[0, ln J]`, normalised `[0, 1]`. Theil's H is `1 - sum_i t_i E_i / (T E)`.
///
/// # Edge cases
/// Areas with a missing count or no population are NaN (see `status`). Missing values are
/// handled area by area (module docs).
///
/// # Errors
/// As [`location_quotient`]; also [`ErrorKind::Undefined`] for `normalized` with a single column.
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::local_entropy};
/// use ndarray::array;
/// let n = array![[10., 10., 0.], [0., 0., 0.], [5., 5., 5.]];
/// let e = local_entropy(n.view(), true, NanPolicy::Raise)?;
/// assert!((e.values[0] - 2f64.ln() / 3f64.ln()).abs() < 1e-15);
/// assert!(e.values[1].is_nan()); // no population
/// assert!((e.values[2] - 1.0).abs() < 1e-15);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn local_entropy(
    counts: ArrayView2<'_, f64>,
    normalized: bool,
    nan: NanPolicy,
) -> Result<LocalValues> {
    const MEASURE: &str = "local_entropy";
    let scale = if normalized {
        let cols = counts.ncols();
        if cols < 2 {
            return Err(Error::undefined(
                MEASURE,
                "the normalised value needs at least two group columns (its maximum is 0 with one)",
            ));
        }
        1.0 / (cols as f64).ln()
    } else {
        1.0
    };
    local_values(MEASURE, counts, nan, 1, false, |_, row, ti| {
        let mut s = NeumaierSum::new();
        for &n in row {
            s.add(-xlogx(n / ti));
        }
        let e = s.value().max(0.0) * scale;
        if normalized { e.min(1.0) } else { e }
    })
}

/// Local Simpson interaction (lokaler Simpson-Index; PySAL `MultiLocalSimpsonInteraction`): the
/// probability that two persons drawn at random (with replacement) from the area belong to
/// different groups.
///
/// ```text
/// I_i = sum_j p_ij (1 - p_ij) = 1 - sum_j p_ij^2
/// ```
/// Range `[0, 1 - 1/J]`. The relative diversity index is `1 - sum_i t_i I_i / (T I)`.
///
/// # Edge cases
/// As [`local_entropy`].
///
/// # Errors
/// As [`location_quotient`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::local_simpson_interaction};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [5., 40., 5.]];
/// let i = local_simpson_interaction(n.view(), NanPolicy::Raise)?;
/// assert!((i.values[0] - 0.62).abs() < 1e-15);
/// assert!((i.values[1] - 0.34).abs() < 1e-15);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn local_simpson_interaction(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<LocalValues> {
    local_values(
        "local_simpson_interaction",
        counts,
        nan,
        1,
        false,
        |_, row, ti| {
            let mut s = NeumaierSum::new();
            for &n in row {
                let p = n / ti;
                s.add(p * (1.0 - p));
            }
            s.value().max(0.0)
        },
    )
}

/// Local Simpson concentration (lokale Simpson-Konzentration; PySAL
/// `MultiLocalSimpsonConcentration`): the probability that two persons drawn at random (with
/// replacement) from the area belong to the same group.
///
/// ```text
/// sum_j p_ij^2 = 1 - I_i
/// ```
/// Range `[1/J, 1]`.
///
/// # Edge cases
/// As [`local_entropy`].
///
/// # Errors
/// As [`location_quotient`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::local_simpson_concentration};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [5., 40., 5.]];
/// let c = local_simpson_concentration(n.view(), NanPolicy::Raise)?;
/// assert!((c.values[0] - 0.38).abs() < 1e-15);
/// assert!((c.values[1] - 0.66).abs() < 1e-15);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn local_simpson_concentration(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<LocalValues> {
    local_values(
        "local_simpson_concentration",
        counts,
        nan,
        1,
        false,
        |_, row, ti| {
            let mut s = NeumaierSum::new();
            for &n in row {
                let p = n / ti;
                s.add(p * p);
            }
            s.value()
        },
    )
}

/// Local segregation scores `ls_i` of the mutual information index (lokaler Segregationsbeitrag;
/// Elbers' `mutual_local`, methods.md 2.3): the Kullback-Leibler divergence of the area's group
/// composition from the overall composition, in nats.
///
/// ```text
/// ls_i = sum_j p_ij ln(p_ij / P_j)  >= 0,        M = sum_i (t_i / T) ls_i
/// ```
/// with `0 ln 0 := 0`, computed in the non-negative form `sum_j p_ij ln(p_ij/P_j) - p_ij + P_j`.
/// The population-weighted mean of the scores over the used areas is the
/// [`mutual_information`](crate::segregation::mutual_information) M of the same table, so the
/// terms `(t_i / T) ls_i` show which Ortsteile drive the total. Range `[0, ln(1 / min_j P_j)]`.
///
/// # Edge cases
/// Areas with a missing count or no population are NaN (see `status`); groups with total 0 are
/// left out ([`Flags::EMPTY_GROUPS`]); one area gives 0 ([`Flags::SINGLE_AREA`]). Missing values
/// are handled area by area (module docs).
///
/// # Errors
/// As [`location_quotient`]; [`ErrorKind::Undefined`] also with fewer than two groups with
/// members.
///
/// # Example
/// methods.md 2.8.
/// ```
/// use bildung_core::{NanPolicy, segregation::local_mutual_information};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let ls = local_mutual_information(n.view(), NanPolicy::Raise)?;
/// assert!((ls.values[2] - 0.204718).abs() < 1e-6);
/// let t = [60., 80., 50., 90., 70.];
/// let m: f64 = ls.values.iter().zip(t).map(|(l, ti)| l * ti / 350.).sum();
/// assert!((m - 0.0610267).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn local_mutual_information(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<LocalValues> {
    // shares computed once, outside the per-area closure
    let mut shares: Option<Vec<f64>> = None;
    local_values(
        "local_mutual_information",
        counts,
        nan,
        2,
        true,
        |t, row, ti| {
            if t.k == 1 {
                return 0.0;
            }
            let s = shares.get_or_insert_with(|| t.shares());
            kl_row(row, ti, s)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segregation::mutual_information;
    use ndarray::{Array2, array};

    fn example() -> Array2<f64> {
        array![
            [12., 30., 18.],
            [30., 35., 15.],
            [5., 40., 5.],
            [40., 30., 20.],
            [13., 37., 20.]
        ]
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} != {b} (tol {tol})");
    }

    #[test]
    fn local_mutual_information_methods_2_8() {
        let ls = local_mutual_information(example().view(), NanPolicy::Raise).unwrap();
        let expected = [0.026486, 0.018729, 0.204718, 0.066345, 0.029499];
        let more = [
            0.026486217,
            0.018729169,
            0.204717812,
            0.066344893,
            0.029498845,
        ];
        for i in 0..5 {
            close(ls.values[i], expected[i], 5e-7);
            close(ls.values[i], more[i], 1e-9);
        }
        let t = [60., 80., 50., 90., 70.];
        let m: f64 = ls.values.iter().zip(t).map(|(l, ti)| l * ti / 350.).sum();
        let total = mutual_information(example().view(), NanPolicy::Raise)
            .unwrap()
            .value;
        close(m, total, 1e-15);
        assert_eq!(ls.status, vec![AreaStatus::Ok; 5]);
        assert_eq!((ls.n_used, ls.n_dropped, ls.n_empty), (5, 0, 0));
    }

    #[test]
    fn local_diversity_values() {
        let n = example();
        let e = local_entropy(n.view(), false, NanPolicy::Raise).unwrap();
        let expected = [
            1.029653014065,
            1.043353426942,
            0.639031859650,
            1.060856947158,
            1.007595957965,
        ];
        for (v, x) in e.values.iter().zip(expected) {
            close(*v, x, 1e-12);
        }
        let en = local_entropy(n.view(), true, NanPolicy::Raise).unwrap();
        close(en.values[2], 0.639031859650 / 3f64.ln(), 1e-12);
        let si = local_simpson_interaction(n.view(), NanPolicy::Raise).unwrap();
        let sc = local_simpson_concentration(n.view(), NanPolicy::Raise).unwrap();
        let expected_i = [0.62, 0.6328125, 0.34, 0.641975308642, 0.604489795918];
        for ((i, c), x) in si.values.iter().zip(&sc.values).zip(expected_i) {
            close(*i, x, 1e-12);
            close(i + c, 1.0, 1e-15);
        }
        assert!(e.flags.is_empty());
        // Theil's H = 1 - sum t_i E_i / (T E)
        let t = [60., 80., 50., 90., 70.];
        let avg: f64 = e.values.iter().zip(t).map(|(v, ti)| v * ti / 350.).sum();
        close(1.0 - avg / 1.041620706, 0.058588249, 1e-9);
    }

    #[test]
    fn location_quotients() {
        let mut n = Array2::zeros((6, 4));
        let ex = example();
        for i in 0..5 {
            for (g, col) in [0, 1, 3].into_iter().enumerate() {
                n[(i, col)] = ex[(i, g)];
            }
        }
        // row 5 has no population, column 2 no members
        let lq = location_quotient(n.view(), NanPolicy::Raise).unwrap();
        assert_eq!(lq.values.dim(), (6, 4));
        close(lq.values[(2, 1)], (40. / 50.) / (172. / 350.), 1e-14);
        assert!(lq.values.column(2).iter().all(|v| v.is_nan()));
        assert!(lq.values.row(5).iter().all(|v| v.is_nan()));
        assert_eq!(lq.status[5], AreaStatus::Empty);
        assert_eq!((lq.n_used, lq.n_empty), (5, 1));
        assert!(lq.flags.contains(Flags::EMPTY_GROUPS));
        // population-weighted mean of every group's quotients is 1
        let t = [60., 80., 50., 90., 70.];
        for col in [0, 1, 3] {
            let s: f64 = (0..5).map(|i| lq.values[(i, col)] * t[i] / 350.).sum();
            close(s, 1.0, 1e-14);
        }
        let one = array![[2., 3.]];
        let l1 = location_quotient(one.view(), NanPolicy::Raise).unwrap();
        assert_eq!(l1.values, array![[1., 1.]]);
        assert!(l1.flags.contains(Flags::SINGLE_AREA));
    }

    #[test]
    fn missing_values_are_elementwise() {
        let mut n = example();
        n[(1, 2)] = f64::NAN;
        assert_eq!(
            local_entropy(n.view(), false, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::MissingValue
        );
        let p = local_mutual_information(n.view(), NanPolicy::Propagate).unwrap();
        let o = local_mutual_information(n.view(), NanPolicy::Omit).unwrap();
        assert!(p.values[1].is_nan() && o.values[1].is_nan());
        assert_eq!(p.status[1], AreaStatus::Missing);
        assert!(p.flags.contains(Flags::MISSING_PROPAGATED));
        assert!(!o.flags.contains(Flags::MISSING_PROPAGATED));
        assert_eq!((p.n_used, p.n_dropped), (4, 1));
        for i in [0, 2, 3, 4] {
            assert!(p.values[i].is_finite());
            assert_eq!(p.values[i], o.values[i]);
        }
        // the weighted scores still add up to M of the complete areas
        let m = mutual_information(n.view(), NanPolicy::Omit).unwrap().value;
        let t = [60., 80., 50., 90., 70.];
        let total: f64 = [0, 2, 3, 4].iter().map(|&i| t[i]).sum();
        let s: f64 = [0, 2, 3, 4]
            .iter()
            .map(|&i| p.values[i] * t[i] / total)
            .sum();
        close(s, m, 1e-15);
        // local entropy of the other areas does not change at all
        let e_full = local_entropy(example().view(), false, NanPolicy::Raise).unwrap();
        let e_p = local_entropy(n.view(), false, NanPolicy::Propagate).unwrap();
        for i in [0, 2, 3, 4] {
            assert_eq!(e_full.values[i], e_p.values[i]);
        }
        // every area missing
        let all = array![[f64::NAN, 1.], [2., f64::NAN]];
        let a = local_simpson_interaction(all.view(), NanPolicy::Propagate).unwrap();
        assert!(a.values.iter().all(|v| v.is_nan()));
        assert_eq!(a.status, vec![AreaStatus::Missing; 2]);
        let lq = location_quotient(all.view(), NanPolicy::Propagate).unwrap();
        assert_eq!(lq.values.dim(), (2, 2));
        assert_eq!(
            local_simpson_interaction(all.view(), NanPolicy::Omit)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
        // infinity is an error under every policy
        let inf = array![[f64::INFINITY, 1.], [2., 3.]];
        assert_eq!(
            local_entropy(inf.view(), false, NanPolicy::Propagate)
                .unwrap_err()
                .kind(),
            ErrorKind::NonFinite
        );
    }

    #[test]
    fn undefined_cases() {
        let single_group = array![[3., 0.], [4., 0.]];
        assert_eq!(
            local_mutual_information(single_group.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        // diversity of a single non-empty group is fine: 0
        let e = local_entropy(single_group.view(), false, NanPolicy::Raise).unwrap();
        assert_eq!(e.values, vec![0.0, 0.0]);
        let col = array![[3.], [4.]];
        assert_eq!(
            local_entropy(col.view(), true, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        let empty = Array2::<f64>::zeros((0, 3));
        assert_eq!(
            local_entropy(empty.view(), false, NanPolicy::Propagate)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
    }
}
