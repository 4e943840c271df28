//! Missing-value policy, input validation and the scalar result type.
//!
//! Every aggregate measure validates its input in one pass before computing:
//!
//! * lengths of `x`, `weights` (and `groups`) must agree, else [`Error::ShapeMismatch`];
//! * `±inf` anywhere is [`Error::NonFinite`] under every policy;
//! * negative values (where the measure forbids them) and negative weights are
//!   [`Error::NegativeValue`];
//! * NaN in `x` or `weights`, or a negative group code, is a missing value, handled by the
//!   [`NanPolicy`]: `Raise` gives [`Error::MissingValue`], `Omit` drops the unit and counts it in
//!   `n_dropped`, `Propagate` makes the result NaN;
//! * a unit with weight 0 is removed before computing (it influences neither ranks, quantiles nor
//!   the number of units) and is not counted as dropped;
//! * no unit at all is [`Error::EmptyInput`]; a total weight of 0 is [`Error::Undefined`].

use ndarray::ArrayView1;

use crate::error::{Error, Result};

/// Status of one area in an area-level result (local segregation indices, rates and intervals,
/// small-area estimates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum AreaStatus {
    /// A value was computed.
    Ok = 0,
    /// The area had a missing count (NaN): its value is NaN.
    Missing = 1,
    /// The area has no population or denominator (total 0): its value is NaN.
    Empty = 2,
    /// The area has data, but the quantity does not exist for it (e.g. a stratum with a
    /// standard weight but no population in a directly standardised rate, an expected count of
    /// 0 in an SMR, no other area to compare with): its value is NaN.
    Undefined = 3,
    /// The area has no data of its own (population 0 in an empirical Bayes estimator, no direct
    /// estimate in a Fay-Herriot model): its value is the prior mean or the regression-synthetic
    /// estimate, not NaN (`smallarea`).
    NoData = 4,
}

impl AreaStatus {
    /// The status name (`"ok"`, `"missing"`, `"empty"`, `"undefined"`, `"no_data"`).
    pub const fn name(self) -> &'static str {
        match self {
            AreaStatus::Ok => "ok",
            AreaStatus::Missing => "missing",
            AreaStatus::Empty => "empty",
            AreaStatus::Undefined => "undefined",
            AreaStatus::NoData => "no_data",
        }
    }
}

/// What to do with missing values (NaN).
///
/// NaN never becomes 0. Infinity is always an error, whatever the policy.
///
/// ```
/// use bildung_core::NanPolicy;
/// assert_eq!(NanPolicy::default(), NanPolicy::Raise);
/// assert_eq!(NanPolicy::from_name("omit").unwrap(), NanPolicy::Omit);
/// assert!(NanPolicy::from_name("ignore").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NanPolicy {
    /// A missing value is an error ([`Error::MissingValue`]). The default.
    #[default]
    Raise,
    /// Units with a missing value are dropped; the result reports how many.
    Omit,
    /// Any missing value makes the result NaN.
    Propagate,
}

impl NanPolicy {
    /// Parse the policy name used in Python (`"raise"`, `"omit"`, `"propagate"`).
    pub fn from_name(name: &str) -> Result<NanPolicy> {
        match name {
            "raise" => Ok(NanPolicy::Raise),
            "omit" => Ok(NanPolicy::Omit),
            "propagate" => Ok(NanPolicy::Propagate),
            other => Err(Error::parameter(
                "nan_policy",
                format!("{other:?}"),
                "expected \"raise\", \"omit\" or \"propagate\"",
            )),
        }
    }

    /// The policy's name (`"raise"`, `"omit"`, `"propagate"`).
    pub const fn name(self) -> &'static str {
        match self {
            NanPolicy::Raise => "raise",
            NanPolicy::Omit => "omit",
            NanPolicy::Propagate => "propagate",
        }
    }
}

/// Warning flags attached to a result (a small bit set).
///
/// ```
/// use bildung_core::Flags;
/// let f = Flags::ZERO_VALUES | Flags::MISSING_PROPAGATED;
/// assert!(f.contains(Flags::ZERO_VALUES));
/// assert_eq!(f.names(), vec!["zero_values", "missing_propagated"]);
/// assert!(Flags::NONE.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(u32);

impl Flags {
    /// No flag.
    pub const NONE: Flags = Flags(0);
    /// Zero values made the result take its boundary value (Atkinson with epsilon >= 1 is 1).
    pub const ZERO_VALUES: Flags = Flags(1);
    /// A missing value was propagated: the value is NaN.
    pub const MISSING_PROPAGATED: Flags = Flags(2);
    /// A result outside its range was set to the bound: a value below 0 by rounding set to 0;
    /// an interval limit outside `[0, 1]` (Agresti-Coull, Wald) or below 0 (Byar) set to the
    /// bound (`rates`).
    pub const CLAMPED: Flags = Flags(4);
    /// Only one area with population: evenness indices are 0 by construction.
    pub const SINGLE_AREA: Flags = Flags(8);
    /// Groups with a total of 0 were left out of a multigroup index.
    pub const EMPTY_GROUPS: Flags = Flags(16);
    /// A bias-corrected value came out negative (the observed index is below its expectation
    /// under random allocation).
    pub const NEGATIVE_AFTER_CORRECTION: Flags = Flags(32);
    /// An overdispersion estimate (funnel plot phi, tau^2) rests on fewer than 15 areas and is
    /// poorly determined.
    pub const FEW_AREAS: Flags = Flags(64);
    /// The between-area variance of an empirical Bayes estimator was estimated as 0 (Marshall
    /// `A = 0`, beta-binomial `rho = 0`): every estimate is shrunk completely to the prior mean.
    /// A common and legitimate outcome with few areas (`smallarea`).
    pub const NO_BETWEEN_VARIANCE: Flags = Flags(128);
    /// A variance component was estimated on the boundary of its range (Fay-Herriot
    /// `sigma2_v = 0`): every EBLUP equals its regression-synthetic estimate (`smallarea`).
    pub const BOUNDARY_ESTIMATE: Flags = Flags(256);
    /// A single-age rate of a cohort quota (events over population of one age) is above 1: a
    /// sign of different attributions of numerator and denominator (school location against
    /// residence) or of a wrong age matching (`indicators`).
    pub const RATE_ABOVE_ONE: Flags = Flags(512);
    /// A population of one age of a cohort quota (or the denominator of a rate) is below 20:
    /// the value is very uncertain (`indicators`).
    pub const SMALL_POPULATION: Flags = Flags(1024);
    /// The indicator definition is not in force in this period (`valid_from`/`valid_to`); the
    /// value is computed but belongs to another series (`indicators`).
    pub const OUTSIDE_VALIDITY: Flags = Flags(2048);
    /// Events outside the ages of a cohort quota were left out (no open-ended boundary ages)
    /// (`indicators`).
    pub const EVENTS_OUTSIDE_AGES: Flags = Flags(4096);
    /// The population rows of an age band do not cover every age of the band (`indicators`).
    pub const AGE_GAP: Flags = Flags(8192);
    /// The population rows of one value come from different sources (Fortschreibung and
    /// register) or census bases (Zensus 2011 and 2022): never mix them in one value
    /// (`indicators`).
    pub const MIXED_POPULATION_BASIS: Flags = Flags(16384);

    const NAMES: [(Flags, &'static str); 15] = [
        (Flags::ZERO_VALUES, "zero_values"),
        (Flags::MISSING_PROPAGATED, "missing_propagated"),
        (Flags::CLAMPED, "clamped"),
        (Flags::SINGLE_AREA, "single_area"),
        (Flags::EMPTY_GROUPS, "empty_groups"),
        (
            Flags::NEGATIVE_AFTER_CORRECTION,
            "negative_after_correction",
        ),
        (Flags::FEW_AREAS, "few_areas"),
        (Flags::NO_BETWEEN_VARIANCE, "no_between_variance"),
        (Flags::BOUNDARY_ESTIMATE, "boundary_estimate"),
        (Flags::RATE_ABOVE_ONE, "rate_above_one"),
        (Flags::SMALL_POPULATION, "small_population"),
        (Flags::OUTSIDE_VALIDITY, "outside_validity"),
        (Flags::EVENTS_OUTSIDE_AGES, "events_outside_ages"),
        (Flags::AGE_GAP, "age_gap"),
        (Flags::MIXED_POPULATION_BASIS, "mixed_population_basis"),
    ];

    /// The raw bits (the C representation).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Flags from raw bits (unknown bits are kept).
    pub const fn from_bits(bits: u32) -> Flags {
        Flags(bits)
    }

    /// True if every flag of `other` is set.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// True if no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Names of the set flags, in bit order.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(f, _)| self.contains(*f))
            .map(|(_, n)| *n)
            .collect()
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

/// A scalar result with its bookkeeping.
///
/// `n_used` counts the units that entered the computation (positive weight, not missing);
/// `n_dropped` the units dropped as missing under [`NanPolicy::Omit`]; `n_empty` the units left
/// out because they carry no weight (weight 0; an area with no population).
///
/// ```
/// use bildung_core::{NanPolicy, inequality::theil};
/// use ndarray::array;
/// let x = array![1.0, f64::NAN, 3.0];
/// let t = theil(x.view(), None, NanPolicy::Omit).unwrap();
/// assert_eq!((t.n_used, t.n_dropped), (2, 1));
/// let p = theil(x.view(), None, NanPolicy::Propagate).unwrap();
/// assert!(p.value.is_nan());
/// assert!(theil(x.view(), None, NanPolicy::Raise).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The value (NaN only when a missing value was propagated).
    pub value: f64,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing.
    pub n_dropped: usize,
    /// Units left out because they carry no weight (weight 0, zero population).
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

impl Estimate {
    pub(crate) fn propagated(n: usize) -> Estimate {
        Estimate {
            value: f64::NAN,
            n_used: n,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }
    }
}

/// Whether the measure accepts negative values of `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sign {
    /// `x >= 0` required.
    NonNegative,
}

/// Validated units of a sample: the caller's views plus what validation learnt.
#[derive(Debug, Clone)]
pub(crate) struct Units<'a> {
    x: ArrayView1<'a, f64>,
    weights: Option<ArrayView1<'a, f64>>,
    groups: Option<ArrayView1<'a, i64>>,
    n_used: usize,
    n_dropped: usize,
    n_empty: usize,
    /// Whether some unit must be skipped (missing or zero weight).
    needs_filter: bool,
}

/// The outcome of validation.
#[derive(Debug, Clone)]
pub(crate) enum Prepared<'a> {
    /// Valid units to compute on.
    Units(Units<'a>),
    /// A missing value under [`NanPolicy::Propagate`]: the result is NaN.
    Propagate {
        /// Number of units in the input.
        n: usize,
    },
}

impl<'a> Units<'a> {
    /// Units used (positive weight, not missing).
    pub fn n_used(&self) -> usize {
        self.n_used
    }

    /// Units dropped as missing.
    pub fn n_dropped(&self) -> usize {
        self.n_dropped
    }

    /// Units left out for weight 0.
    pub fn n_empty(&self) -> usize {
        self.n_empty
    }

    /// True if weights were given.
    pub fn is_weighted(&self) -> bool {
        self.weights.is_some()
    }

    #[inline]
    fn keep(&self, i: usize) -> bool {
        if !self.needs_filter {
            return true;
        }
        let x_ok = !self.x[i].is_nan();
        let w_ok = self.weights.is_none_or(|w| w[i] > 0.0);
        let g_ok = self.groups.is_none_or(|g| g[i] >= 0);
        x_ok && w_ok && g_ok
    }

    /// `(x, w)` of every used unit, in input order (w = 1 without weights).
    pub fn iter(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.iter_indexed().map(|(_, x, w)| (x, w))
    }

    /// `(i, x, w)` of every used unit, in input order, with `i` the position in the input.
    pub fn iter_indexed(&self) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        (0..self.x.len())
            .filter(move |&i| self.keep(i))
            .map(move |i| (i, self.x[i], self.weights.map_or(1.0, |w| w[i])))
    }

    /// Group code of unit `i` (position in the input); 0 without groups.
    pub fn group(&self, i: usize) -> i64 {
        self.groups.map_or(0, |g| g[i])
    }

    /// The used values as a new vector (the one copy a sort needs), with `-0.0` made `+0.0`.
    pub fn values(&self) -> Vec<f64> {
        if !self.needs_filter {
            return self.x.iter().map(|&v| v + 0.0).collect();
        }
        self.iter().map(|(x, _)| x + 0.0).collect()
    }
}

/// Validate `x` (and optional weights and group codes) under a missing-value policy.
pub(crate) fn prepare<'a>(
    x: ArrayView1<'a, f64>,
    weights: Option<ArrayView1<'a, f64>>,
    groups: Option<ArrayView1<'a, i64>>,
    nan: NanPolicy,
    sign: Sign,
    measure: &'static str,
) -> Result<Prepared<'a>> {
    let n = x.len();
    if let Some(w) = weights
        && w.len() != n
    {
        return Err(Error::ShapeMismatch {
            what: "weights",
            expected: n,
            found: w.len(),
        });
    }
    if let Some(g) = groups
        && g.len() != n
    {
        return Err(Error::ShapeMismatch {
            what: "groups",
            expected: n,
            found: g.len(),
        });
    }
    if n == 0 {
        return Err(Error::EmptyInput {
            what: "x has no elements",
        });
    }

    let mut first_missing: Option<(&'static str, usize)> = None;
    let mut n_missing = 0usize;
    let mut n_zero_weight = 0usize;
    for i in 0..n {
        let xi = x[i];
        let mut missing = false;
        if xi.is_nan() {
            first_missing.get_or_insert(("x", i));
            missing = true;
        } else if xi.is_infinite() {
            return Err(Error::NonFinite {
                what: "x",
                index: i,
                value: xi,
            });
        } else if sign == Sign::NonNegative && xi < 0.0 {
            return Err(Error::NegativeValue {
                what: "x",
                index: i,
                value: xi,
            });
        }
        if let Some(w) = weights {
            let wi = w[i];
            if wi.is_nan() {
                first_missing.get_or_insert(("weights", i));
                missing = true;
            } else if wi.is_infinite() {
                return Err(Error::NonFinite {
                    what: "weights",
                    index: i,
                    value: wi,
                });
            } else if wi < 0.0 {
                return Err(Error::NegativeValue {
                    what: "weights",
                    index: i,
                    value: wi,
                });
            } else if wi == 0.0 && !missing {
                n_zero_weight += 1;
            }
        }
        if let Some(g) = groups
            && g[i] < 0
        {
            first_missing.get_or_insert(("groups", i));
            missing = true;
        }
        if missing {
            n_missing += 1;
        }
    }

    if let Some((what, index)) = first_missing {
        match nan {
            NanPolicy::Raise => return Err(Error::MissingValue { what, index }),
            NanPolicy::Propagate => return Ok(Prepared::Propagate { n }),
            NanPolicy::Omit => {}
        }
    }
    let n_used = n - n_missing - n_zero_weight;
    if n_used == 0 {
        return Err(if n_missing == n {
            Error::EmptyInput {
                what: "no units left after omitting missing values",
            }
        } else {
            Error::undefined(measure, "total weight is zero")
        });
    }
    Ok(Prepared::Units(Units {
        x,
        weights,
        groups,
        n_used,
        n_dropped: n_missing,
        n_empty: n_zero_weight,
        needs_filter: n_missing + n_zero_weight > 0,
    }))
}

/// Run `f` on validated units and wrap its value in an [`Estimate`].
pub(crate) fn estimate<'a>(
    measure: &'static str,
    x: ArrayView1<'a, f64>,
    weights: Option<ArrayView1<'a, f64>>,
    nan: NanPolicy,
    f: impl FnOnce(&Units<'a>) -> Result<(f64, Flags)>,
) -> Result<Estimate> {
    match prepare(x, weights, None, nan, Sign::NonNegative, measure)? {
        Prepared::Propagate { n } => Ok(Estimate::propagated(n)),
        Prepared::Units(u) => {
            let (value, flags) = f(&u)?;
            Ok(Estimate {
                value,
                n_used: u.n_used(),
                n_dropped: u.n_dropped(),
                n_empty: u.n_empty(),
                flags,
            })
        }
    }
}

/// Check that a probability-like parameter lies in `[0, 1]`.
pub(crate) fn check_unit_interval(name: &'static str, p: f64) -> Result<()> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(Error::parameter(name, p, "must lie in [0, 1]"))
    }
}

/// Check that a real parameter is finite.
pub(crate) fn check_finite(name: &'static str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::parameter(name, v, "must be a finite number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::array;

    fn kind(r: Result<Prepared<'_>>) -> ErrorKind {
        match r {
            Err(e) => e.kind(),
            Ok(_) => panic!("expected an error"),
        }
    }

    #[test]
    fn validation_errors() {
        let x = array![1.0, f64::NAN, 3.0];
        let w = array![1.0, 2.0];
        assert_eq!(
            kind(prepare(
                x.view(),
                Some(w.view()),
                None,
                NanPolicy::Raise,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::ShapeMismatch
        );
        assert_eq!(
            kind(prepare(
                x.view(),
                None,
                None,
                NanPolicy::Raise,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::MissingValue
        );
        let inf = array![1.0, f64::INFINITY, f64::NAN];
        assert_eq!(
            kind(prepare(
                inf.view(),
                None,
                None,
                NanPolicy::Omit,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::NonFinite
        );
        let neg = array![1.0, -2.0];
        assert_eq!(
            kind(prepare(
                neg.view(),
                None,
                None,
                NanPolicy::Raise,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::NegativeValue
        );
        let empty = ndarray::Array1::<f64>::zeros(0);
        assert_eq!(
            kind(prepare(
                empty.view(),
                None,
                None,
                NanPolicy::Raise,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::EmptyInput
        );
        let zeros = array![0.0, 0.0];
        let xs = array![1.0, 2.0];
        assert_eq!(
            kind(prepare(
                xs.view(),
                Some(zeros.view()),
                None,
                NanPolicy::Raise,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::Undefined
        );
        let all_nan = array![f64::NAN, f64::NAN];
        assert_eq!(
            kind(prepare(
                all_nan.view(),
                None,
                None,
                NanPolicy::Omit,
                Sign::NonNegative,
                "test"
            )),
            ErrorKind::EmptyInput
        );
    }

    #[test]
    fn omit_and_zero_weights() {
        let x = array![1.0, f64::NAN, 3.0, 4.0];
        let w = array![1.0, 1.0, 0.0, 2.0];
        let Ok(Prepared::Units(u)) = prepare(
            x.view(),
            Some(w.view()),
            None,
            NanPolicy::Omit,
            Sign::NonNegative,
            "test",
        ) else {
            panic!("expected units");
        };
        assert_eq!(u.n_used(), 2);
        assert_eq!(u.n_dropped(), 1);
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![(1.0, 1.0), (4.0, 2.0)]);
        assert!(matches!(
            prepare(
                x.view(),
                None,
                None,
                NanPolicy::Propagate,
                Sign::NonNegative,
                "test"
            ),
            Ok(Prepared::Propagate { n: 4 })
        ));
    }
}
