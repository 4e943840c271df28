//! The reference set (Referenzmenge) of a composite index: which areas define the means, SDs,
//! ranges and quantiles, and how much each of them counts.
//!
//! An area belongs to the reference set if
//! * it is selected by `include` (all areas when `include` is `None`),
//! * its population is known and at least `min_population` (when a minimum is given; Berlin MSS
//!   leaves out Planungsräume with fewer than 300 residents),
//! * its population is above 0 (only when the statistics are population-weighted: a weight of 0
//!   removes the area, methods.md 0.3).
//!
//! Areas outside the reference set are still scored with its parameters.

use ndarray::ArrayView1;

use crate::counts::check_nonnegative;
use crate::error::{Error, Result};
use crate::input::NanPolicy;

/// The reference set of a normalisation, re-standardisation or classification.
///
/// Built with [`Reference::all`] and the builder methods:
///
/// ```
/// use bildung_core::index::Reference;
/// use ndarray::array;
/// let residents = array![3419., 38., 5211., 0.];
/// let r = Reference::all().population(residents.view()).min_population(300.0);
/// assert_eq!(r.members(4, bildung_core::NanPolicy::Raise).unwrap(), vec![true, false, true, false]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Reference<'a> {
    /// Areas selected for the reference set (`true` = in); `None` selects every area.
    pub include: Option<ArrayView1<'a, bool>>,
    /// Population of every area (Einwohner): for the minimum-population filter and the weights.
    pub population: Option<ArrayView1<'a, f64>>,
    /// Areas with a population below this are left out (needs `population`).
    pub min_population: Option<f64>,
    /// Population-weighted means and SDs (needs `population`); unweighted by default.
    pub weighted: bool,
}

/// The reference set resolved for `n` areas.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// Whether each area is in the reference set.
    pub(crate) member: Vec<bool>,
    /// The weight of each area (its population) when the statistics are weighted.
    pub(crate) weights: Option<Vec<f64>>,
}

impl Resolved {
    /// The weight of area `i` (1 when unweighted).
    #[inline]
    pub(crate) fn weight(&self, i: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[i])
    }
}

impl<'a> Reference<'a> {
    /// Every area, unweighted.
    pub fn all() -> Reference<'a> {
        Reference::default()
    }

    /// Select the areas of the reference set (`true` = in).
    pub fn include(mut self, include: ArrayView1<'a, bool>) -> Reference<'a> {
        self.include = Some(include);
        self
    }

    /// Give the population of every area.
    pub fn population(mut self, population: ArrayView1<'a, f64>) -> Reference<'a> {
        self.population = Some(population);
        self
    }

    /// Leave out areas with a population below `min` (needs [`Reference::population`]).
    pub fn min_population(mut self, min: f64) -> Reference<'a> {
        self.min_population = Some(min);
        self
    }

    /// Weight means and SDs by the population (needs [`Reference::population`]).
    pub fn weighted(mut self, weighted: bool) -> Reference<'a> {
        self.weighted = weighted;
        self
    }

    /// Whether each of `n` areas belongs to the reference set.
    ///
    /// # Errors
    /// `include` or `population` not of length `n`: [`Error::ShapeMismatch`]; a negative
    /// population: [`Error::NegativeValue`]; an infinite one: [`Error::NonFinite`]; a missing
    /// (NaN) population under [`NanPolicy::Raise`]: [`Error::MissingValue`] (under `Omit` and
    /// `Propagate` the area is left out of the reference set); `min_population` or `weighted`
    /// without `population`, or a `min_population` that is negative or not finite:
    /// [`Error::InvalidParameter`].
    pub fn members(&self, n: usize, nan: NanPolicy) -> Result<Vec<bool>> {
        self.resolve(n, nan).map(|r| r.member)
    }

    /// Resolve the reference set for `n` areas (see [`Reference::members`]).
    pub(crate) fn resolve(&self, n: usize, nan: NanPolicy) -> Result<Resolved> {
        if let Some(inc) = self.include
            && inc.len() != n
        {
            return Err(Error::ShapeMismatch {
                what: "reference",
                expected: n,
                found: inc.len(),
            });
        }
        if let Some(m) = self.min_population
            && !(m.is_finite() && m >= 0.0)
        {
            return Err(Error::parameter(
                "min_population",
                m,
                "must be a finite number >= 0",
            ));
        }
        let mut member: Vec<bool> = match self.include {
            Some(inc) => inc.iter().copied().collect(),
            None => vec![true; n],
        };
        let Some(pop) = self.population else {
            if self.min_population.is_some() {
                return Err(Error::parameter(
                    "min_population",
                    self.min_population.unwrap_or(f64::NAN),
                    "a minimum population needs the population of every area",
                ));
            }
            if self.weighted {
                return Err(Error::parameter(
                    "weighted",
                    true,
                    "population weights need the population of every area",
                ));
            }
            return Ok(Resolved {
                member,
                weights: None,
            });
        };
        if pop.len() != n {
            return Err(Error::ShapeMismatch {
                what: "population",
                expected: n,
                found: pop.len(),
            });
        }
        for (i, &p) in pop.iter().enumerate() {
            check_nonnegative("population", i, p)?;
            if p.is_nan() {
                if nan == NanPolicy::Raise {
                    return Err(Error::MissingValue {
                        what: "population",
                        index: i,
                    });
                }
                member[i] = false;
                continue;
            }
            if self.min_population.is_some_and(|m| p < m) || (self.weighted && p == 0.0) {
                member[i] = false;
            }
        }
        let weights = self.weighted.then(|| pop.iter().copied().collect());
        Ok(Resolved { member, weights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn filters_and_errors() {
        let pop = array![500., 299., 300., f64::NAN, 0.];
        let r = Reference::all()
            .population(pop.view())
            .min_population(300.0);
        assert_eq!(
            r.members(5, NanPolicy::Omit).unwrap(),
            vec![true, false, true, false, false]
        );
        let e = r.members(5, NanPolicy::Raise).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(3)));
        let w = Reference::all().population(pop.view()).weighted(true);
        assert_eq!(
            w.members(5, NanPolicy::Omit).unwrap(),
            vec![true, true, true, false, false]
        );
        let inc = array![true, true, false, true, true];
        let m = Reference::all().include(inc.view());
        assert_eq!(
            m.members(5, NanPolicy::Raise).unwrap(),
            vec![true, true, false, true, true]
        );
        assert_eq!(
            m.members(4, NanPolicy::Raise).unwrap_err().kind(),
            ErrorKind::ShapeMismatch
        );
        let bad = Reference::all().min_population(300.0);
        assert_eq!(
            bad.members(2, NanPolicy::Raise).unwrap_err().kind(),
            ErrorKind::InvalidParameter
        );
        let neg = array![1., -1.];
        let e = Reference::all()
            .population(neg.view())
            .members(2, NanPolicy::Raise)
            .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::NegativeValue, Some(1)));
    }
}
