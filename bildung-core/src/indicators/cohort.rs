//! Cohort quotas of German education statistics on plain arrays (methods.md 6, indicators.md 2):
//! the Quotensummenverfahren (quota-sum method, QSV) and the Durchschnittsjahrgang (average
//! cohort, DJ). The indicator engine uses the same functions per area.

use super::result::ValueStatus;
use crate::error::{Error, Result};
use crate::input::Flags;

/// A cohort quota with its parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortQuota {
    /// The quota in percent (NaN unless `status` is `Ok`).
    pub value: f64,
    /// Poisson standard error in percentage points (QSV: events random, population fixed);
    /// NaN for DJ.
    pub se: f64,
    /// All events counted.
    pub events: f64,
    /// Population of the ages (QSV: sum over the ages; DJ: the mean cohort `(1/K) sum P_a`).
    pub population: f64,
    /// `Ok`, `Undefined` (events at an age without population) or `NotComputable` (DJ with a
    /// population of 0).
    pub status: ValueStatus,
    /// `rate_above_one`, `small_population`.
    pub flags: Flags,
}

fn check(what: &'static str, x: &[f64]) -> Result<()> {
    for (i, &v) in x.iter().enumerate() {
        if v.is_nan() {
            return Err(Error::MissingValue { what, index: i });
        }
        if !v.is_finite() {
            return Err(Error::NonFinite {
                what,
                index: i,
                value: v,
            });
        }
        if v < 0.0 {
            return Err(Error::InvalidCount {
                what,
                index: i,
                value: v,
                reason: "counts must be >= 0",
            });
        }
    }
    Ok(())
}

/// Quotensummenverfahren (QSV), the current KMK/Destatis method:
///
/// ```text
/// Q = 100 * sum_a E_a / P_a             SE = 100 * sqrt( sum_a E_a / P_a^2 )
/// ```
///
/// `events[a]` and `population[a]` are the events and the population of the same single age
/// (or birth cohort) a. A term with `P_a = 0` and `E_a = 0` is 0; `P_a = 0` with `E_a > 0` makes
/// the quota `Undefined` ("events without population", usually numerator and denominator with
/// different area attributions). Flags: `rate_above_one` when some `E_a / P_a > 1`,
/// `small_population` when some `P_a < 20` (with `P_a > 0`). The quota may exceed 100 %.
///
/// Errors: lengths differ ([`Error::ShapeMismatch`]), no age ([`Error::EmptyInput`]), NaN
/// ([`Error::MissingValue`]), infinity ([`Error::NonFinite`]), negative counts
/// ([`Error::InvalidCount`]).
///
/// Worked example (methods.md 6.3: Abitur by age 17..21):
/// ```
/// use bildung_core::indicators::cohort::quota_sum;
/// let q = quota_sum(&[6., 148., 95., 21., 5.], &[410., 395., 360., 340., 300.])?;
/// assert!((q.value - 73.16).abs() < 0.005);
/// assert!((q.se - 4.42).abs() < 0.005);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn quota_sum(events: &[f64], population: &[f64]) -> Result<CohortQuota> {
    if events.len() != population.len() {
        return Err(Error::ShapeMismatch {
            what: "population",
            expected: events.len(),
            found: population.len(),
        });
    }
    if events.is_empty() {
        return Err(Error::EmptyInput {
            what: "no age in the quota",
        });
    }
    check("events", events)?;
    check("population", population)?;
    Ok(quota_sum_checked(events, population))
}

/// [`quota_sum`] on validated input.
pub(crate) fn quota_sum_checked(events: &[f64], population: &[f64]) -> CohortQuota {
    let (mut e_tot, mut p_tot, mut q, mut var) = (0.0, 0.0, 0.0, 0.0);
    let mut flags = Flags::NONE;
    let mut undefined = false;
    for (&e, &p) in events.iter().zip(population) {
        e_tot += e;
        p_tot += p;
        if p == 0.0 {
            undefined |= e > 0.0;
            continue;
        }
        let r = e / p;
        if r > 1.0 {
            flags |= Flags::RATE_ABOVE_ONE;
        }
        if p < 20.0 {
            flags |= Flags::SMALL_POPULATION;
        }
        q += r;
        var += e / (p * p);
    }
    if undefined {
        return CohortQuota {
            value: f64::NAN,
            se: f64::NAN,
            events: e_tot,
            population: p_tot,
            status: ValueStatus::Undefined,
            flags,
        };
    }
    CohortQuota {
        value: 100.0 * q,
        se: 100.0 * var.sqrt(),
        events: e_tot,
        population: p_tot,
        status: ValueStatus::Ok,
        flags,
    }
}

/// Durchschnittsjahrgang (DJ), the older average-cohort method:
///
/// ```text
/// Q = 100 * E / ( (1/K) * sum_{a in band} P_a )
/// ```
///
/// `events` counts every event whatever the age; `band_population` holds the K single-age
/// populations of the typical band (e.g. 15 to under 17 for leavers without
/// Hauptschulabschluss: K = 2; 18 to under 21 for Studienberechtigte: K = 3). A band population
/// of 0 gives the status `NotComputable`.
///
/// Errors as [`quota_sum`]; an empty band is [`Error::EmptyInput`].
///
/// Worked example (methods.md 6.3: 275 events, ages 18, 19, 20):
/// ```
/// use bildung_core::indicators::cohort::mean_cohort;
/// let q = mean_cohort(275.0, &[395., 360., 340.])?;
/// assert!((q.value - 75.34).abs() < 0.005);
/// assert_eq!(q.population, 365.0);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn mean_cohort(events: f64, band_population: &[f64]) -> Result<CohortQuota> {
    if band_population.is_empty() {
        return Err(Error::EmptyInput {
            what: "no age in the band",
        });
    }
    check("events", &[events])?;
    check("band_population", band_population)?;
    let k = band_population.len() as f64;
    Ok(mean_cohort_checked(events, band_population.iter().sum(), k))
}

/// [`mean_cohort`] from the sum of the band's `k` populations (validated input).
pub(crate) fn mean_cohort_checked(events: f64, band_sum: f64, k: f64) -> CohortQuota {
    let mean = band_sum / k;
    let mut flags = Flags::NONE;
    if mean == 0.0 {
        return CohortQuota {
            value: f64::NAN,
            se: f64::NAN,
            events,
            population: mean,
            status: ValueStatus::NotComputable,
            flags,
        };
    }
    if mean < 20.0 {
        flags |= Flags::SMALL_POPULATION;
    }
    CohortQuota {
        value: 100.0 * events / mean,
        se: f64::NAN,
        events,
        population: mean,
        status: ValueStatus::Ok,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// indicators.md 2.4 (constructed example): leavers without HSA by birth year 2008..2005.
    #[test]
    fn indicators_md_2_4() {
        let e = [2.0, 30.0, 25.0, 8.0];
        let p = [1000.0, 1020.0, 1050.0, 1100.0];
        // 100 * (2/1000 + 30/1020 + 25/1050 + 8/1100), written out:
        let hand = 100.0 * (0.002 + 30.0 / 1020.0 + 25.0 / 1050.0 + 8.0 / 1100.0);
        let q = quota_sum(&e, &p).unwrap();
        assert!((q.value - hand).abs() < 1e-12);
        assert!((q.value - 6.25).abs() < 0.005);
        // DJ 15 to under 17: 65 / ((1020 + 1050) / 2) * 100 = 6.28 %.
        let dj = mean_cohort(65.0, &[1020.0, 1050.0]).unwrap();
        assert!((dj.value - 100.0 * 65.0 / 1035.0).abs() < 1e-12);
        assert!((100.0 * dj.value - 628.0).abs() < 0.5, "6.28 %");
    }

    #[test]
    fn edge_cases() {
        let q = quota_sum(&[0.0, 3.0], &[0.0, 10.0]).unwrap();
        assert_eq!(q.status, ValueStatus::Ok);
        assert!((q.value - 30.0).abs() < 1e-12);
        assert!(q.flags.contains(Flags::SMALL_POPULATION));
        let u = quota_sum(&[1.0, 3.0], &[0.0, 10.0]).unwrap();
        assert_eq!(u.status, ValueStatus::Undefined);
        assert!(u.value.is_nan());
        let hi = quota_sum(&[30.0], &[25.0]).unwrap();
        assert!(hi.flags.contains(Flags::RATE_ABOVE_ONE));
        assert!(quota_sum(&[1.0], &[1.0, 2.0]).is_err());
        assert!(quota_sum(&[], &[]).is_err());
        assert!(quota_sum(&[f64::NAN], &[1.0]).is_err());
        assert!(quota_sum(&[-1.0], &[1.0]).is_err());
        assert!(quota_sum(&[1.0], &[f64::INFINITY]).is_err());
        assert_eq!(
            mean_cohort(0.0, &[0.0, 0.0]).unwrap().status,
            ValueStatus::NotComputable
        );
        assert!(mean_cohort(1.0, &[]).is_err());
    }
}
