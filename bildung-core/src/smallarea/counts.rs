//! Validation of the per-area event counts and populations of the empirical Bayes estimators
//! (Marshall, beta-binomial).
//!
//! * `events` and `population` must have the same length ([`Error::ShapeMismatch`]) and at
//!   least one element ([`Error::EmptyInput`]);
//! * `±inf` is [`Error::NonFinite`] under every policy; a negative count, `events > population`
//!   and (where the estimator needs integers) a non-integral count are
//!   [`Error::InvalidCount`] naming the area;
//! * NaN in either array makes the area missing, handled by the [`NanPolicy`]: `Raise` gives
//!   [`Error::MissingValue`]; `Omit` and `Propagate` give the area [`AreaStatus::Missing`] and
//!   NaN outputs and leave it out of every pooled quantity (`Propagate` also sets
//!   [`Flags::MISSING_PROPAGATED`]);
//! * an area with population 0 has [`AreaStatus::NoData`]: it is left out of the pooled
//!   quantities and gets the prior mean as its estimate;
//! * fewer than two areas with population is [`Error::Undefined`] ("needs >= 2 areas"), or
//!   [`Error::EmptyInput`] if every area was missing.

use ndarray::ArrayView1;

use crate::counts::{Checked, Denominator, check_pairs};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};

/// Validated areas: the caller's views plus the status of every area.
#[derive(Debug, Clone)]
pub(crate) struct Areas<'a> {
    /// Event counts `x_i`, as given.
    pub(crate) events: ArrayView1<'a, f64>,
    /// Populations `n_i`, as given.
    pub(crate) population: ArrayView1<'a, f64>,
    /// `Ok` (data), `Missing` (NaN) or `NoData` (population 0), one per area.
    pub(crate) status: Vec<AreaStatus>,
    /// Positions of the areas with status `Ok`, in input order.
    pub(crate) used: Vec<usize>,
    /// Areas with a missing count.
    pub(crate) n_dropped: usize,
    /// Areas with population 0.
    pub(crate) n_empty: usize,
    /// `MISSING_PROPAGATED` under `Propagate` with a missing area.
    pub(crate) flags: Flags,
}

impl Areas<'_> {
    /// `(x_i, n_i)` of area `i`.
    #[inline]
    pub(crate) fn area(&self, i: usize) -> (f64, f64) {
        (self.events[i], self.population[i])
    }
}

/// Validate `events` and `population` (see the module docs). `integral`: require integers.
pub(crate) fn validate<'a>(
    measure: &'static str,
    events: ArrayView1<'a, f64>,
    population: ArrayView1<'a, f64>,
    nan: NanPolicy,
    integral: bool,
) -> Result<Areas<'a>> {
    let n = events.len();
    let Checked { mut status, flags } = check_pairs(
        events,
        Some(population),
        ("events", "population"),
        Denominator::Population,
        integral,
        nan,
    )?;
    let (mut n_dropped, mut n_empty) = (0, 0);
    let mut used = Vec::with_capacity(n);
    for (i, s) in status.iter_mut().enumerate() {
        match s {
            AreaStatus::Missing => n_dropped += 1,
            AreaStatus::Empty => {
                // no data of its own: the estimators give the prior mean
                *s = AreaStatus::NoData;
                n_empty += 1;
            }
            _ => used.push(i),
        }
    }
    if n_dropped == n {
        return Err(Error::EmptyInput {
            what: "no area left after omitting missing values",
        });
    }
    if used.len() < 2 {
        return Err(Error::undefined(
            measure,
            "needs at least 2 areas with population (the between-area variance needs >= 2 areas)",
        ));
    }
    Ok(Areas {
        events,
        population,
        status,
        used,
        n_dropped,
        n_empty,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::array;

    fn kind(r: Result<Areas<'_>>) -> ErrorKind {
        match r {
            Err(e) => e.kind(),
            Ok(_) => panic!("expected an error"),
        }
    }

    #[test]
    fn statuses_and_errors() {
        let x = array![1.0, f64::NAN, 0.0, 2.0];
        let n = array![10.0, 5.0, 0.0, 4.0];
        let a = validate("t", x.view(), n.view(), NanPolicy::Omit, true).unwrap();
        assert_eq!(
            a.status,
            vec![
                AreaStatus::Ok,
                AreaStatus::Missing,
                AreaStatus::NoData,
                AreaStatus::Ok
            ]
        );
        assert_eq!((a.used.clone(), a.n_dropped, a.n_empty), (vec![0, 3], 1, 1));
        assert!(a.flags.is_empty());
        let p = validate("t", x.view(), n.view(), NanPolicy::Propagate, true).unwrap();
        assert!(p.flags.contains(Flags::MISSING_PROPAGATED));
        assert_eq!(
            kind(validate("t", x.view(), n.view(), NanPolicy::Raise, true)),
            ErrorKind::MissingValue
        );
        let above = array![3.0, 1.0];
        let small = array![2.0, 4.0];
        let e = validate("t", above.view(), small.view(), NanPolicy::Raise, true).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(0)));
        let frac = array![1.5, 1.0];
        assert_eq!(
            kind(validate(
                "t",
                frac.view(),
                small.view(),
                NanPolicy::Raise,
                true
            )),
            ErrorKind::InvalidCount
        );
        assert!(validate("t", frac.view(), small.view(), NanPolicy::Raise, false).is_ok());
        let neg = array![1.0, -1.0];
        assert_eq!(
            kind(validate(
                "t",
                neg.view(),
                small.view(),
                NanPolicy::Raise,
                false
            )),
            ErrorKind::InvalidCount
        );
        let inf = array![f64::NAN, f64::INFINITY];
        assert_eq!(
            kind(validate(
                "t",
                inf.view(),
                small.view(),
                NanPolicy::Omit,
                false
            )),
            ErrorKind::NonFinite
        );
        let one = array![1.0, 0.0];
        let one_pop = array![4.0, 0.0];
        assert_eq!(
            kind(validate(
                "t",
                one.view(),
                one_pop.view(),
                NanPolicy::Raise,
                false
            )),
            ErrorKind::Undefined
        );
        let nan = array![f64::NAN, f64::NAN];
        assert_eq!(
            kind(validate(
                "t",
                nan.view(),
                small.view(),
                NanPolicy::Omit,
                false
            )),
            ErrorKind::EmptyInput
        );
        let short = array![1.0];
        assert_eq!(
            kind(validate(
                "t",
                short.view(),
                small.view(),
                NanPolicy::Raise,
                false
            )),
            ErrorKind::ShapeMismatch
        );
        let empty = ndarray::Array1::<f64>::zeros(0);
        assert_eq!(
            kind(validate(
                "t",
                empty.view(),
                empty.view(),
                NanPolicy::Raise,
                false
            )),
            ErrorKind::EmptyInput
        );
    }
}
