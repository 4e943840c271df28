//! Validation of the per-area events and denominators of a funnel plot, in one pass.

use ndarray::ArrayView1;

use crate::counts::{Checked, Denominator, check_pairs};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, NanPolicy};

/// Validated areas: their status, plus the bookkeeping.
#[derive(Debug, Clone)]
pub(crate) struct Areas {
    pub(crate) status: Vec<AreaStatus>,
    pub(crate) n_used: usize,
    pub(crate) n_dropped: usize,
    pub(crate) n_empty: usize,
}

/// Validate `events` and `population` (equal length, at least one area).
///
/// Per area, in input order: infinity is [`Error::NonFinite`]; a NaN in either is a missing area
/// (status `Missing`; [`Error::MissingValue`] under `Raise`, reported after the other checks as
/// in [`crate::input`]); a negative or (with `integral`) non-whole count, or events above the
/// population, is [`Error::InvalidCount`] naming the area; population 0 is `Empty`. Under
/// `Omit` every area missing is [`Error::EmptyInput`]; under `Propagate` it is a valid input
/// whose result is all NaN.
pub(crate) fn validate(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    nan: NanPolicy,
    integral: bool,
) -> Result<Areas> {
    let n = events.len();
    let Checked { status, .. } = check_pairs(
        events,
        Some(population),
        ("events", "population"),
        Denominator::Population,
        integral,
        nan,
    )?;
    let count = |s: AreaStatus| status.iter().filter(|&&x| x == s).count();
    let (n_dropped, n_empty) = (count(AreaStatus::Missing), count(AreaStatus::Empty));
    if nan == NanPolicy::Omit && n_dropped == n {
        return Err(Error::EmptyInput {
            what: "every area has a missing count",
        });
    }
    Ok(Areas {
        status,
        n_used: n - n_dropped - n_empty,
        n_dropped,
        n_empty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn err(x: &[f64], t: &[f64], nan: NanPolicy, integral: bool) -> Error {
        let (x, t) = (ArrayView1::from(x), ArrayView1::from(t));
        validate(x, t, nan, integral).unwrap_err()
    }

    #[test]
    fn errors_name_the_area() {
        let e = err(&[1.0, 5.0], &[3.0, 4.0], NanPolicy::Raise, true);
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        assert_eq!(e.index(), Some(1));
        assert!(e.to_string().contains("events[1]"), "{e}");
        let e = err(&[1.5], &[3.0], NanPolicy::Raise, true);
        assert_eq!(e.kind(), ErrorKind::InvalidCount);
        assert!(e.to_string().contains("whole numbers"));
        assert!(
            validate(
                array![1.5].view(),
                array![3.0].view(),
                NanPolicy::Raise,
                false
            )
            .is_ok()
        );
        let e = err(&[1.0], &[-3.0], NanPolicy::Raise, false);
        assert!(e.to_string().contains("population[0]"));
        let e = err(
            &[f64::NAN, f64::INFINITY],
            &[1.0, 1.0],
            NanPolicy::Omit,
            true,
        );
        assert_eq!(e.kind(), ErrorKind::NonFinite);
        let e = err(&[f64::NAN, 1.0], &[1.0, 1.0], NanPolicy::Raise, true);
        assert_eq!(e.kind(), ErrorKind::MissingValue);
        let e = err(&[1.0, 1.0], &[2.0, f64::NAN], NanPolicy::Raise, true);
        assert!(e.to_string().contains("population[1]"));
        let e = err(&[f64::NAN], &[1.0], NanPolicy::Omit, true);
        assert_eq!(e.kind(), ErrorKind::EmptyInput);
        assert_eq!(
            err(&[], &[], NanPolicy::Raise, true).kind(),
            ErrorKind::EmptyInput
        );
        assert_eq!(
            err(&[1.0], &[], NanPolicy::Raise, true).kind(),
            ErrorKind::ShapeMismatch
        );
    }

    #[test]
    fn statuses() {
        let x = array![1.0, f64::NAN, 0.0, 2.0];
        let t = array![4.0, 5.0, 0.0, 2.0];
        let a = validate(x.view(), t.view(), NanPolicy::Propagate, true).unwrap();
        assert_eq!(
            a.status,
            [
                AreaStatus::Ok,
                AreaStatus::Missing,
                AreaStatus::Empty,
                AreaStatus::Ok
            ]
        );
        assert_eq!((a.n_used, a.n_dropped, a.n_empty), (2, 1, 1));
    }
}
