//! Validation of per-area counts and of strata tables (areas x strata), one pass each.
//!
//! Hard errors (infinity, negative or non-integral counts, events above the population) are
//! returned at the first offending element in input order; a missing value under
//! [`NanPolicy::Raise`] is reported after the pass (so an infinite value anywhere wins over an
//! earlier NaN, as in [`crate::input`]).

use ndarray::{ArrayView1, ArrayView2};

pub(crate) use crate::counts::{Checked, Denominator, check_pairs};
use crate::counts::{check_count, check_nonnegative, invalid, resolve_missing};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, NanPolicy};

/// Check one value per stratum (standard population, reference rates or population): finite
/// and `>= 0`; NaN is [`Error::MissingValue`] under every policy (a stratum cannot be omitted).
pub(crate) fn check_stratum_values(values: ArrayView1<'_, f64>, name: &'static str) -> Result<()> {
    for (j, &v) in values.iter().enumerate() {
        if v.is_nan() {
            return Err(Error::MissingValue {
                what: name,
                index: j,
            });
        }
        check_nonnegative(name, j, v)?;
    }
    Ok(())
}

/// Validate strata tables of `events` and `population` (rows = areas, columns = strata) and the
/// per-stratum vector `stratum_values` (standard population or reference rates, named
/// `stratum_name`), which must be finite and `>= 0` (NaN is an error under every policy: a
/// stratum cannot be left out). An area with population 0 in every stratum is `Empty`.
pub(crate) fn check_strata(
    events: ArrayView2<'_, f64>,
    population: ArrayView2<'_, f64>,
    stratum_values: ArrayView1<'_, f64>,
    stratum_name: &'static str,
    nan: NanPolicy,
) -> Result<Checked> {
    let (rows, cols) = events.dim();
    if population.nrows() != rows {
        return Err(Error::ShapeMismatch {
            what: "population (rows = areas)",
            expected: rows,
            found: population.nrows(),
        });
    }
    if population.ncols() != cols {
        return Err(Error::ShapeMismatch {
            what: "population (columns = strata)",
            expected: cols,
            found: population.ncols(),
        });
    }
    if stratum_values.len() != cols {
        return Err(Error::ShapeMismatch {
            what: stratum_name,
            expected: cols,
            found: stratum_values.len(),
        });
    }
    if rows == 0 {
        return Err(Error::EmptyInput {
            what: "no area (the events table has no rows)",
        });
    }
    if cols == 0 {
        return Err(Error::EmptyInput {
            what: "no stratum (the events table has no columns)",
        });
    }
    check_stratum_values(stratum_values, stratum_name)?;
    let mut status = vec![AreaStatus::Ok; rows];
    let mut first_missing = None;
    for i in 0..rows {
        let mut missing = false;
        let mut total = 0.0;
        for j in 0..cols {
            let index = i * cols + j;
            let (x, t) = (events[(i, j)], population[(i, j)]);
            check_count("events", index, x, true)?;
            check_nonnegative("population", index, t)?;
            if x.is_nan() {
                first_missing.get_or_insert(("events", index));
                missing = true;
            }
            if t.is_nan() {
                first_missing.get_or_insert(("population", index));
                missing = true;
            }
            if x > 0.0 && t == 0.0 {
                return Err(invalid(
                    "events",
                    index,
                    x,
                    "events in a stratum with population 0",
                ));
            }
            total += t;
        }
        if missing {
            status[i] = AreaStatus::Missing;
        } else if total == 0.0 {
            status[i] = AreaStatus::Empty;
        }
    }
    let flags = resolve_missing(first_missing, nan)?;
    Ok(Checked { status, flags })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::input::Flags;
    use ndarray::{ArrayView1, array};

    fn pairs(x: &[f64], n: &[f64], kind: Denominator, nan: NanPolicy) -> Result<Checked> {
        check_pairs(
            ArrayView1::from(x),
            Some(ArrayView1::from(n)),
            ("events", "population"),
            kind,
            true,
            nan,
        )
    }

    #[test]
    fn per_area_errors_name_the_area() {
        let p = Denominator::Population;
        let e = pairs(&[1.0, 5.0], &[3.0, 4.0], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        assert_eq!(e.index(), Some(1));
        assert!(e.to_string().contains("events[1]"), "{e}");
        let e = pairs(&[1.5], &[3.0], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        let e = pairs(&[1.0], &[3.5], p, NanPolicy::Raise).unwrap_err();
        assert!(e.to_string().contains("population[0]"), "{e}");
        let e = pairs(&[-1.0], &[3.0], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        let e = pairs(&[f64::NAN, 1.0], &[3.0, f64::INFINITY], p, NanPolicy::Omit).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NonFinite);
        let e = pairs(&[f64::NAN], &[3.0], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingValue);
        let e = pairs(&[1.0], &[3.0, 4.0], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let e = pairs(&[], &[], p, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::EmptyInput);
        // exposures may be non-integral and below the events, but not negative
        let ok = pairs(&[5.0], &[2.5], Denominator::Exposure, NanPolicy::Raise).unwrap();
        assert_eq!(ok.status, vec![AreaStatus::Ok]);
        let e = pairs(&[1.0], &[-2.0], Denominator::Exposure, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NegativeValue);
    }

    #[test]
    fn statuses_and_flags() {
        let p = Denominator::Population;
        let c = pairs(
            &[1.0, f64::NAN, 0.0, 2.0],
            &[3.0, 4.0, 0.0, f64::NAN],
            p,
            NanPolicy::Propagate,
        )
        .unwrap();
        use AreaStatus::*;
        assert_eq!(c.status, vec![Ok, Missing, Empty, Missing]);
        assert_eq!(c.flags, Flags::MISSING_PROPAGATED);
        let c = pairs(&[f64::NAN], &[4.0], p, NanPolicy::Omit).unwrap();
        assert_eq!((c.status[0], c.flags), (Missing, Flags::NONE));
    }

    #[test]
    fn strata_tables() {
        let x = array![[1.0, 2.0], [0.0, 0.0], [f64::NAN, 1.0]];
        let n = array![[10.0, 20.0], [0.0, 0.0], [5.0, 5.0]];
        let w = array![1.0, 2.0];
        let c = check_strata(x.view(), n.view(), w.view(), "standard", NanPolicy::Omit).unwrap();
        use AreaStatus::*;
        assert_eq!(c.status, vec![Ok, Empty, Missing]);
        let e =
            check_strata(x.view(), n.view(), w.view(), "standard", NanPolicy::Raise).unwrap_err();
        assert_eq!(e.index(), Some(4));
        let bad = array![[1.0, 2.0], [1.0, 0.0], [0.0, 1.0]];
        let e =
            check_strata(bad.view(), n.view(), w.view(), "standard", NanPolicy::Raise).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(2)));
        let w3 = array![1.0, 2.0, 3.0];
        let e =
            check_strata(x.view(), n.view(), w3.view(), "standard", NanPolicy::Omit).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let wn = array![1.0, f64::NAN];
        let e =
            check_strata(x.view(), n.view(), wn.view(), "standard", NanPolicy::Omit).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingValue);
    }
}
