//! Option integers (NaN policy, Gini correction, variance form, quantile rule), the result flags
//! and the `bildung_info` out-parameter.
//!
//! C passes options as plain `uint32_t`; they are matched here, never transmuted into Rust enums,
//! and an unknown value is `BILDUNG_ERR_INVALID_PARAMETER`.

use bildung_core::inequality::{GiniCorrection, QuantileRule, VarianceForm};
use bildung_core::{Error, Estimate, Flags, NanPolicy};

/// What to do with missing values (NaN): one of the `BILDUNG_NAN_*` constants.
pub type bildung_nan_policy = u32;

/// A missing value is an error (`BILDUNG_ERR_MISSING_VALUE`).
pub const BILDUNG_NAN_RAISE: bildung_nan_policy = 0;
/// Units with a missing value are dropped; `bildung_info.n_dropped` says how many.
pub const BILDUNG_NAN_OMIT: bildung_nan_policy = 1;
/// Any missing value makes the result NaN, flagged `BILDUNG_FLAG_MISSING_PROPAGATED`.
pub const BILDUNG_NAN_PROPAGATE: bildung_nan_policy = 2;

/// Small-sample correction of the Gini coefficient: one of the `BILDUNG_GINI_CORRECTION_*` constants.
pub type bildung_gini_correction = u32;

/// The plug-in estimator (no correction).
pub const BILDUNG_GINI_CORRECTION_NONE: bildung_gini_correction = 0;
/// Multiply by `n/(n-1)`, `n` = number of units used (needs `n >= 2`).
pub const BILDUNG_GINI_CORRECTION_UNITS: bildung_gini_correction = 1;
/// Multiply by `W/(W-1)`, `W` = sum of the weights (needs weights with `W > 1`).
pub const BILDUNG_GINI_CORRECTION_FREQUENCY: bildung_gini_correction = 2;

/// Variance form of the coefficient of variation: one of the `BILDUNG_VARIANCE_*` constants.
pub type bildung_variance_form = u32;

/// Divisor `W` (population form; `GE(2) = CV^2 / 2`).
pub const BILDUNG_VARIANCE_POPULATION: bildung_variance_form = 0;
/// Population variance times `n/(n-1)` (needs `n >= 2`).
pub const BILDUNG_VARIANCE_SAMPLE: bildung_variance_form = 1;

/// Sample quantile definition: the Hyndman-Fan type number 1..=9 (`BILDUNG_QUANTILE_*`).
pub type bildung_quantile_rule = u32;

/// Type 1, numpy `inverted_cdf`.
pub const BILDUNG_QUANTILE_INVERTED_CDF: bildung_quantile_rule = 1;
/// Type 2, numpy `averaged_inverted_cdf`.
pub const BILDUNG_QUANTILE_AVERAGED_INVERTED_CDF: bildung_quantile_rule = 2;
/// Type 3, numpy `closest_observation`.
pub const BILDUNG_QUANTILE_CLOSEST_OBSERVATION: bildung_quantile_rule = 3;
/// Type 4, numpy `interpolated_inverted_cdf`.
pub const BILDUNG_QUANTILE_INTERPOLATED_INVERTED_CDF: bildung_quantile_rule = 4;
/// Type 5, numpy `hazen`.
pub const BILDUNG_QUANTILE_HAZEN: bildung_quantile_rule = 5;
/// Type 6, numpy `weibull`.
pub const BILDUNG_QUANTILE_WEIBULL: bildung_quantile_rule = 6;
/// Type 7, numpy `linear`: the default of R and numpy.
pub const BILDUNG_QUANTILE_LINEAR: bildung_quantile_rule = 7;
/// Type 8, numpy `median_unbiased`.
pub const BILDUNG_QUANTILE_MEDIAN_UNBIASED: bildung_quantile_rule = 8;
/// Type 9, numpy `normal_unbiased`.
pub const BILDUNG_QUANTILE_NORMAL_UNBIASED: bildung_quantile_rule = 9;

/// Warning flags of a result: a bit set of the `BILDUNG_FLAG_*` constants.
pub type bildung_flags = u32;

/// Zero values made the result take its boundary value (Atkinson with epsilon >= 1 is 1).
pub const BILDUNG_FLAG_ZERO_VALUES: bildung_flags = 1;
/// A missing value was propagated: the result is NaN.
pub const BILDUNG_FLAG_MISSING_PROPAGATED: bildung_flags = 2;
/// A result below 0 by rounding was set to 0.
pub const BILDUNG_FLAG_CLAMPED: bildung_flags = 4;
/// Only one area with population: evenness indices are 0 by construction (segregation).
pub const BILDUNG_FLAG_SINGLE_AREA: bildung_flags = 8;
/// Groups with a total of 0 were left out of a multigroup index (segregation).
pub const BILDUNG_FLAG_EMPTY_GROUPS: bildung_flags = 16;
/// A bias-corrected value came out negative: the observed index is below its expectation under
/// random allocation (segregation).
pub const BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION: bildung_flags = 32;
/// An overdispersion adjustment (funnel plot phi, tau²) rests on fewer than 15 areas and is
/// poorly determined.
pub const BILDUNG_FLAG_FEW_AREAS: bildung_flags = 64;
/// The between-area variance of an empirical Bayes estimator was estimated as 0: every estimate
/// is shrunk completely to the prior mean (small-area estimation).
pub const BILDUNG_FLAG_NO_BETWEEN_VARIANCE: bildung_flags = 128;
/// The Fay-Herriot variance component was estimated as 0 (the boundary): every EBLUP equals its
/// regression-synthetic estimate (small-area estimation).
pub const BILDUNG_FLAG_BOUNDARY_ESTIMATE: bildung_flags = 256;
/// A single-age rate of a cohort quota (events over the population of one age) is above 1:
/// numerator and denominator probably have different area attributions (school location
/// against residence) or a wrong age matching (indicators).
pub const BILDUNG_FLAG_RATE_ABOVE_ONE: bildung_flags = 512;
/// A population of one age of a cohort quota (or the denominator of a rate) is below 20: the
/// value is very uncertain (indicators).
pub const BILDUNG_FLAG_SMALL_POPULATION: bildung_flags = 1024;
/// The indicator definition is not in force in this period (`valid_from`/`valid_to`): the value
/// is computed but belongs to another series (indicators).
pub const BILDUNG_FLAG_OUTSIDE_VALIDITY: bildung_flags = 2048;
/// Events outside the ages of a cohort quota were left out (no open-ended boundary ages)
/// (indicators).
pub const BILDUNG_FLAG_EVENTS_OUTSIDE_AGES: bildung_flags = 4096;
/// The population rows of an age band do not cover every age of the band (indicators).
pub const BILDUNG_FLAG_AGE_GAP: bildung_flags = 8192;
/// The population rows of one value come from different sources (Fortschreibung and register) or
/// census bases (Zensus 2011 and 2022): never mix them in one value (indicators).
pub const BILDUNG_FLAG_MIXED_POPULATION_BASIS: bildung_flags = 16384;

/// Bookkeeping of a measure: the optional last out-parameter of every scalar measure.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct bildung_info {
    /// Units used (not missing, positive weight).
    pub n_used: usize,
    /// Units dropped as missing under `BILDUNG_NAN_OMIT`.
    pub n_dropped: usize,
    /// Units left out because they carry no weight (weight 0; an area with no population).
    pub n_empty: usize,
    /// Warning flags, a bit set of `BILDUNG_FLAG_*`.
    pub flags: bildung_flags,
}

impl bildung_info {
    /// The bookkeeping of any core result.
    pub(crate) fn new(
        n_used: usize,
        n_dropped: usize,
        n_empty: usize,
        flags: Flags,
    ) -> bildung_info {
        bildung_info {
            n_used,
            n_dropped,
            n_empty,
            flags: flags.bits(),
        }
    }
}

/// Write a scalar result: its value to `*out` and its bookkeeping to `*info` (if not NULL).
///
/// # Safety
/// `info` must be NULL or aligned and valid for one write.
pub(crate) unsafe fn write_estimate(
    out: std::ptr::NonNull<f64>,
    info: *mut bildung_info,
    estimate: &Estimate,
) {
    // SAFETY: `out` is non-NULL and writable, `info` NULL or writable (caller contract).
    unsafe {
        out.write(estimate.value);
        crate::guard::write_optional(info, bildung_info::from(estimate));
    }
}

impl From<&Estimate> for bildung_info {
    fn from(e: &Estimate) -> bildung_info {
        bildung_info::new(e.n_used, e.n_dropped, e.n_empty, e.flags)
    }
}

/// The NaN policy of a C integer.
pub(crate) fn nan_policy(v: bildung_nan_policy) -> Result<NanPolicy, Error> {
    match v {
        BILDUNG_NAN_RAISE => Ok(NanPolicy::Raise),
        BILDUNG_NAN_OMIT => Ok(NanPolicy::Omit),
        BILDUNG_NAN_PROPAGATE => Ok(NanPolicy::Propagate),
        other => Err(Error::parameter(
            "policy",
            other,
            "expected BILDUNG_NAN_RAISE (0), BILDUNG_NAN_OMIT (1) or BILDUNG_NAN_PROPAGATE (2)",
        )),
    }
}

/// The Gini correction of a C integer.
pub(crate) fn gini_correction(v: bildung_gini_correction) -> Result<GiniCorrection, Error> {
    match v {
        BILDUNG_GINI_CORRECTION_NONE => Ok(GiniCorrection::None),
        BILDUNG_GINI_CORRECTION_UNITS => Ok(GiniCorrection::Units),
        BILDUNG_GINI_CORRECTION_FREQUENCY => Ok(GiniCorrection::FrequencyWeights),
        other => Err(Error::parameter(
            "correction",
            other,
            "expected BILDUNG_GINI_CORRECTION_NONE (0), _UNITS (1) or _FREQUENCY (2)",
        )),
    }
}

/// The variance form of a C integer.
pub(crate) fn variance_form(v: bildung_variance_form) -> Result<VarianceForm, Error> {
    match v {
        BILDUNG_VARIANCE_POPULATION => Ok(VarianceForm::Population),
        BILDUNG_VARIANCE_SAMPLE => Ok(VarianceForm::Sample),
        other => Err(Error::parameter(
            "form",
            other,
            "expected BILDUNG_VARIANCE_POPULATION (0) or BILDUNG_VARIANCE_SAMPLE (1)",
        )),
    }
}

/// The quantile rule of a Hyndman-Fan type number.
pub(crate) fn quantile_rule(v: bildung_quantile_rule) -> Result<QuantileRule, Error> {
    QuantileRule::from_type(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bildung_core::Flags;

    #[test]
    fn constants_match_the_core() {
        assert_eq!(BILDUNG_FLAG_ZERO_VALUES, Flags::ZERO_VALUES.bits());
        assert_eq!(
            BILDUNG_FLAG_MISSING_PROPAGATED,
            Flags::MISSING_PROPAGATED.bits()
        );
        assert_eq!(BILDUNG_FLAG_CLAMPED, Flags::CLAMPED.bits());
        assert_eq!(BILDUNG_FLAG_SINGLE_AREA, Flags::SINGLE_AREA.bits());
        assert_eq!(BILDUNG_FLAG_EMPTY_GROUPS, Flags::EMPTY_GROUPS.bits());
        assert_eq!(
            BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION,
            Flags::NEGATIVE_AFTER_CORRECTION.bits()
        );
        assert_eq!(BILDUNG_FLAG_FEW_AREAS, Flags::FEW_AREAS.bits());
        let rules = [
            (BILDUNG_QUANTILE_INVERTED_CDF, QuantileRule::InvertedCdf),
            (
                BILDUNG_QUANTILE_AVERAGED_INVERTED_CDF,
                QuantileRule::AveragedInvertedCdf,
            ),
            (
                BILDUNG_QUANTILE_CLOSEST_OBSERVATION,
                QuantileRule::ClosestObservation,
            ),
            (
                BILDUNG_QUANTILE_INTERPOLATED_INVERTED_CDF,
                QuantileRule::InterpolatedInvertedCdf,
            ),
            (BILDUNG_QUANTILE_HAZEN, QuantileRule::Hazen),
            (BILDUNG_QUANTILE_WEIBULL, QuantileRule::Weibull),
            (BILDUNG_QUANTILE_LINEAR, QuantileRule::Linear),
            (
                BILDUNG_QUANTILE_MEDIAN_UNBIASED,
                QuantileRule::MedianUnbiased,
            ),
            (
                BILDUNG_QUANTILE_NORMAL_UNBIASED,
                QuantileRule::NormalUnbiased,
            ),
        ];
        assert_eq!(rules.len(), QuantileRule::ALL.len());
        for (c, r) in rules {
            assert_eq!(c, r.hyndman_fan_type());
            assert_eq!(quantile_rule(c).unwrap(), r);
        }
        assert!(quantile_rule(0).is_err());
        assert!(quantile_rule(10).is_err());
    }

    #[test]
    fn option_integers() {
        assert_eq!(nan_policy(BILDUNG_NAN_RAISE).unwrap(), NanPolicy::Raise);
        assert_eq!(nan_policy(BILDUNG_NAN_OMIT).unwrap(), NanPolicy::Omit);
        assert_eq!(
            nan_policy(BILDUNG_NAN_PROPAGATE).unwrap(),
            NanPolicy::Propagate
        );
        assert!(nan_policy(3).is_err());
        assert_eq!(
            gini_correction(BILDUNG_GINI_CORRECTION_FREQUENCY).unwrap(),
            GiniCorrection::FrequencyWeights
        );
        assert!(gini_correction(3).is_err());
        assert_eq!(
            variance_form(BILDUNG_VARIANCE_SAMPLE).unwrap(),
            VarianceForm::Sample
        );
        assert!(variance_form(2).is_err());
    }

    #[test]
    fn indicator_flags_match_the_core() {
        let pairs = [
            (BILDUNG_FLAG_NO_BETWEEN_VARIANCE, Flags::NO_BETWEEN_VARIANCE),
            (BILDUNG_FLAG_BOUNDARY_ESTIMATE, Flags::BOUNDARY_ESTIMATE),
            (BILDUNG_FLAG_RATE_ABOVE_ONE, Flags::RATE_ABOVE_ONE),
            (BILDUNG_FLAG_SMALL_POPULATION, Flags::SMALL_POPULATION),
            (BILDUNG_FLAG_OUTSIDE_VALIDITY, Flags::OUTSIDE_VALIDITY),
            (BILDUNG_FLAG_EVENTS_OUTSIDE_AGES, Flags::EVENTS_OUTSIDE_AGES),
            (BILDUNG_FLAG_AGE_GAP, Flags::AGE_GAP),
            (
                BILDUNG_FLAG_MIXED_POPULATION_BASIS,
                Flags::MIXED_POPULATION_BASIS,
            ),
        ];
        for (c, f) in pairs {
            assert_eq!(c, f.bits(), "{:?}", f.names());
            assert_eq!(f.names().len(), 1);
        }
    }
}
