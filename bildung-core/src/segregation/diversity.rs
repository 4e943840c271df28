//! Diversity of the whole population over groups (Diversität, Vielfalt): how evenly the
//! population is spread over the groups, regardless of where people live. Not a segregation
//! index — a city can be diverse and completely segregated.
//!
//! The input is the same count table `n_ij` (areas x groups) as for the multigroup indices; only
//! the group totals `N_j = sum_i n_ij` and shares `P_j = N_j / T` enter. With one row the table is
//! simply the group counts of one population.
//!
//! **Number of groups `J` in the normalisations:** `J` is the number of **columns** of the table,
//! empty groups included (as PySAL `MultiDiversity`, which divides by `ln K` with `K` columns). A
//! category that nobody belongs to lowers the normalised diversity: with four school types and one
//! of them empty the population cannot be spread evenly over all four. Pass only the columns that
//! should count. Empty groups contribute `0` to the sums (`0 ln 0 := 0`) and set no flag here.
//!
//! | function | measure | German term |
//! |---|---|---|
//! | [`shannon_diversity`] | entropy E (Shannon / Theil diversity) | Shannon-Index, Entropie |
//! | [`simpson_interaction`] | Simpson interaction I (Gini-Simpson) | Simpson-Index (Interaktion) |
//! | [`simpson_concentration`] | Simpson concentration (Herfindahl) | Simpson-Konzentration, Herfindahl-Index |

use ndarray::ArrayView2;

use super::input::{PreparedTable, Table, table};
use super::multigroup::{entropy_of_shares, interaction_of_shares};
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::neumaier_sum;

/// Validate with at least one non-empty group and wrap `f`'s value. No segregation flags
/// (single area, empty groups) are set: they do not bear on diversity.
fn diversity_estimate(
    measure: &'static str,
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
    f: impl FnOnce(&Table) -> Result<f64>,
) -> Result<Estimate> {
    match table(measure, counts, nan, 1)? {
        PreparedTable::Propagate { n } => Ok(Estimate::propagated(n)),
        PreparedTable::Data(t) => {
            let value = f(&t)?;
            Ok(Estimate {
                value,
                n_used: t.k,
                n_dropped: t.n_dropped,
                n_empty: t.n_empty,
                flags: Flags::NONE,
            })
        }
    }
}

/// `J` for the normalisations (number of columns); `Undefined` below 2.
fn columns_for_normalisation(measure: &'static str, t: &Table) -> Result<f64> {
    if t.n_columns < 2 {
        return Err(Error::undefined(
            measure,
            "the normalised value needs at least two group columns (its maximum is 0 with one)",
        ));
    }
    Ok(t.n_columns as f64)
}

/// Shannon diversity (entropy) E of the group shares (Shannon-Index, Entropie; Theil 1972,
/// PySAL `MultiDiversity`).
///
/// ```text
/// E = -sum_j P_j ln P_j                       (normalized = false; nats)
/// E / ln J                                    (normalized = true; J = number of columns)
/// ```
/// with `0 ln 0 := 0`. Range `[0, ln J]`, normalised `[0, 1]`: 0 when everybody belongs to one
/// group, the maximum when all `J` groups are equally large. `E` is the denominator of Theil's
/// [`multi_information_theory`](crate::segregation::multi_information_theory) H.
///
/// # Edge cases
/// Empty columns count in `J` (see the module docs). Areas with no population are dropped
/// (`n_empty`); they do not change the value.
///
/// # Errors
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (a negative count),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (total 0; or `normalized` with a
/// single column).
///
/// # Example
/// methods.md 2.8: `E = 1.0416207`.
/// ```
/// use bildung_core::{NanPolicy, segregation::shannon_diversity};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let e = shannon_diversity(n.view(), false, NanPolicy::Raise)?;
/// assert!((e.value - 1.0416207).abs() < 1e-7);
/// let en = shannon_diversity(n.view(), true, NanPolicy::Raise)?;
/// assert!((en.value - 1.0416207 / 3f64.ln()).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn shannon_diversity(
    counts: ArrayView2<'_, f64>,
    normalized: bool,
    nan: NanPolicy,
) -> Result<Estimate> {
    const MEASURE: &str = "shannon_diversity";
    diversity_estimate(MEASURE, counts, nan, |t| {
        let e = entropy_of_shares(t.shares());
        if normalized {
            let j = columns_for_normalisation(MEASURE, t)?;
            Ok((e / j.ln()).min(1.0))
        } else {
            Ok(e)
        }
    })
}

/// Simpson interaction index I (Simpson-Index, Gini-Simpson-Index; Reardon & Firebaugh 2002,
/// PySAL `SimpsonsInteraction`): the probability that two persons drawn at random (with
/// replacement) belong to different groups.
///
/// ```text
/// I = sum_j P_j (1 - P_j)  =  1 - sum_j P_j^2          (normalized = false)
/// I / (1 - 1/J)                                         (normalized = true; J = number of columns)
/// ```
/// Range `[0, 1 - 1/J]`, normalised `[0, 1]`. `I` is the denominator of the multigroup
/// dissimilarity and Gini indices. PySAL has no normalised form.
///
/// # Edge cases
/// As [`shannon_diversity`].
///
/// # Errors
/// As [`shannon_diversity`].
///
/// # Example
/// methods.md 2.8: `I = 0.6272`.
/// ```
/// use bildung_core::{NanPolicy, segregation::simpson_interaction};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let i = simpson_interaction(n.view(), false, NanPolicy::Raise)?;
/// assert!((i.value - 0.6272).abs() < 1e-12);
/// let i_n = simpson_interaction(n.view(), true, NanPolicy::Raise)?;
/// assert!((i_n.value - 0.9408).abs() < 1e-12);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn simpson_interaction(
    counts: ArrayView2<'_, f64>,
    normalized: bool,
    nan: NanPolicy,
) -> Result<Estimate> {
    const MEASURE: &str = "simpson_interaction";
    diversity_estimate(MEASURE, counts, nan, |t| {
        let i = interaction_of_shares(t.shares());
        if normalized {
            let j = columns_for_normalisation(MEASURE, t)?;
            Ok((i / (1.0 - 1.0 / j)).min(1.0))
        } else {
            Ok(i)
        }
    })
}

/// Simpson concentration index (Simpson-Konzentration, Herfindahl-Hirschman-Index of the group
/// shares; PySAL `SimpsonsConcentration`): the probability that two persons drawn at random (with
/// replacement) belong to the same group.
///
/// ```text
/// C = sum_j P_j^2  =  1 - I
/// ```
/// Range `[1/J, 1]` (`J` = number of columns): 1 when everybody belongs to one group.
///
/// # Edge cases
/// As [`shannon_diversity`].
///
/// # Errors
/// As [`shannon_diversity`] (no normalisation, so a single column is allowed).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::simpson_concentration};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let c = simpson_concentration(n.view(), NanPolicy::Raise)?;
/// assert!((c.value - 0.3728).abs() < 1e-12);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn simpson_concentration(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    diversity_estimate("simpson_concentration", counts, nan, |t| {
        Ok(neumaier_sum(t.shares().iter().map(|p| p * p)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
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
    fn methods_2_8_values() {
        let n = example();
        let e = shannon_diversity(n.view(), false, NanPolicy::Raise).unwrap();
        close(e.value, 1.041620706, 1e-9);
        close(
            shannon_diversity(n.view(), true, NanPolicy::Raise)
                .unwrap()
                .value,
            0.948124026,
            1e-9,
        );
        close(
            simpson_interaction(n.view(), false, NanPolicy::Raise)
                .unwrap()
                .value,
            0.6272,
            1e-14,
        );
        close(
            simpson_interaction(n.view(), true, NanPolicy::Raise)
                .unwrap()
                .value,
            0.9408,
            1e-14,
        );
        let c = simpson_concentration(n.view(), NanPolicy::Raise).unwrap();
        close(c.value, 0.3728, 1e-14);
        assert_eq!((c.n_used, c.n_dropped, c.n_empty), (5, 0, 0));
        assert!(c.flags.is_empty());
    }

    #[test]
    fn one_row_is_one_population_and_uniform_is_maximal() {
        let uniform = array![[5., 5., 5., 5.]];
        close(
            shannon_diversity(uniform.view(), true, NanPolicy::Raise)
                .unwrap()
                .value,
            1.0,
            1e-15,
        );
        close(
            simpson_interaction(uniform.view(), true, NanPolicy::Raise)
                .unwrap()
                .value,
            1.0,
            1e-15,
        );
        close(
            simpson_concentration(uniform.view(), NanPolicy::Raise)
                .unwrap()
                .value,
            0.25,
            1e-15,
        );
        let single_owned = array![[5.]];
        let single = single_owned.view();
        assert_eq!(
            shannon_diversity(single, false, NanPolicy::Raise)
                .unwrap()
                .value,
            0.0
        );
        assert_eq!(
            simpson_concentration(single, NanPolicy::Raise)
                .unwrap()
                .value,
            1.0
        );
        assert_eq!(
            shannon_diversity(single, true, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        assert_eq!(
            simpson_interaction(single, true, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
    }

    #[test]
    fn empty_columns_count_in_j() {
        // (10, 10, 0): E = ln 2; normalised by ln 3, not ln 2
        let n = array![[10., 10., 0.]];
        let e = shannon_diversity(n.view(), true, NanPolicy::Raise).unwrap();
        close(e.value, 2f64.ln() / 3f64.ln(), 1e-15);
        assert!(e.flags.is_empty());
        let i = simpson_interaction(n.view(), true, NanPolicy::Raise).unwrap();
        close(i.value, 0.5 / (2.0 / 3.0), 1e-15);
        // everybody in one of several groups: 0 (not undefined)
        let one = array![[0., 7., 0.], [0., 3., 0.]];
        assert_eq!(
            shannon_diversity(one.view(), true, NanPolicy::Raise)
                .unwrap()
                .value,
            0.0
        );
    }

    #[test]
    fn missing_and_invalid() {
        let mut n = example();
        n[(1, 2)] = f64::NAN;
        assert_eq!(
            shannon_diversity(n.view(), false, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::MissingValue
        );
        let p = simpson_concentration(n.view(), NanPolicy::Propagate).unwrap();
        assert!(p.value.is_nan() && p.flags.contains(Flags::MISSING_PROPAGATED));
        let o = simpson_interaction(n.view(), false, NanPolicy::Omit).unwrap();
        assert_eq!((o.n_used, o.n_dropped), (4, 1));
        let zeros = array![[0., 0.], [0., 0.]];
        assert_eq!(
            shannon_diversity(zeros.view(), false, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        let neg = array![[1., -2.]];
        assert_eq!(
            simpson_concentration(neg.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
    }
}
