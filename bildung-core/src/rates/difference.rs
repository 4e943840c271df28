//! Difference of two independent proportions per area: Newcombe's hybrid-score interval
//! (Newcombe 1998b, method 10; methods.md 3.3), and each area against the rest of the city.

use ndarray::ArrayView1;

use super::input::{Checked, Denominator, check_pairs};
use super::proportion::wilson_limits;
use super::{Intervals, Level};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, NanPolicy};

/// The method name reported by the difference intervals.
const NEWCOMBE: &str = "newcombe";

/// `(d, L, U)`: Newcombe's hybrid-score interval for `p1 - p2` (`n1, n2 > 0`).
pub(crate) fn newcombe_limits(x1: f64, n1: f64, x2: f64, n2: f64, z: f64) -> (f64, f64, f64) {
    let (p1, p2) = (x1 / n1, x2 / n2);
    let (l1, u1) = wilson_limits(x1, n1, z);
    let (l2, u2) = wilson_limits(x2, n2, z);
    let d = p1 - p2;
    let lower = d - (p1 - l1).hypot(u2 - p2);
    let upper = d + (u1 - p1).hypot(p2 - l2);
    (d, lower.max(-1.0), upper.min(1.0))
}

/// Difference `p1_i - p2_i` of two independent proportions per area with Newcombe's
/// hybrid-score interval (Differenz zweier Anteile; Newcombe 1998b, method 10).
///
/// With the Wilson limits `(l1, u1)` of `p1 = x1/n1` and `(l2, u2)` of `p2 = x2/n2`
/// ([`proportion_ci`](super::proportion_ci)) and `d = p1 - p2`:
/// ```text
/// L = d - sqrt((p1 - l1)² + (u2 - p2)²)
/// U = d + sqrt((u1 - p1)² + (p2 - l2)²)
/// ```
/// The interval never leaves `[-1, 1]` and is defined at `x = 0` and `x = n`. The two samples
/// must be independent: to compare an area with the city, compare it with the *rest* of the city
/// ([`proportion_difference_versus_rest`]), not with the city total that contains it.
///
/// # Edge cases
/// `n1_i = 0` or `n2_i = 0`: NaN, status [`AreaStatus::Empty`]. Missing values: area by area
/// (module docs).
///
/// # Errors
/// As [`proportion_ci`](super::proportion_ci), for each of the two samples (arguments named
/// `events1`, `population1`, `events2`, `population2`); all four must have the same length
/// ([`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch)).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, rates::proportion_difference_ci};
/// use ndarray::array;
/// // Newcombe (1998b): 56/70 - 48/80 = 0.2000, 95 % CI [0.0524, 0.3339]
/// let r = proportion_difference_ci(array![56.0].view(), array![70.0].view(),
///                                  array![48.0].view(), array![80.0].view(),
///                                  0.95, NanPolicy::Raise)?;
/// assert!((r.estimate[0] - 0.2).abs() < 1e-12);
/// assert!((r.lower[0] - 0.0524).abs() < 5e-5 && (r.upper[0] - 0.3339).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn proportion_difference_ci(
    events1: ArrayView1<'_, f64>,
    population1: ArrayView1<'_, f64>,
    events2: ArrayView1<'_, f64>,
    population2: ArrayView1<'_, f64>,
    level: f64,
    nan: NanPolicy,
) -> Result<Intervals> {
    let lv = Level::new(level)?;
    let n = events1.len();
    if events2.len() != n {
        return Err(Error::ShapeMismatch {
            what: "events2",
            expected: n,
            found: events2.len(),
        });
    }
    let pop = Denominator::Population;
    let first = check_pairs(
        events1,
        Some(population1),
        ("events1", "population1"),
        pop,
        true,
        nan,
    )?;
    let second = check_pairs(
        events2,
        Some(population2),
        ("events2", "population2"),
        pop,
        true,
        nan,
    )?;
    let status = first
        .status
        .iter()
        .zip(&second.status)
        .map(|(&a, &b)| match (a, b) {
            (AreaStatus::Missing, _) | (_, AreaStatus::Missing) => AreaStatus::Missing,
            (AreaStatus::Ok, AreaStatus::Ok) => AreaStatus::Ok,
            _ => AreaStatus::Empty,
        })
        .collect();
    let mut out = Intervals::blank(NEWCOMBE, level, status);
    for i in 0..n {
        if out.status[i] == AreaStatus::Ok {
            let (d, l, u) =
                newcombe_limits(events1[i], population1[i], events2[i], population2[i], lv.z);
            (out.estimate[i], out.lower[i], out.upper[i]) = (d, l, u);
        }
    }
    Ok(out.finish(first.flags | second.flags))
}

/// Each area against the rest of the city: `p_i - p_(-i)` with Newcombe's hybrid-score interval
/// (Vergleich eines Gebiets mit dem Rest der Stadt).
///
/// `p_(-i) = (X - x_i) / (N - n_i)` with `X`, `N` the totals over the areas with valid counts
/// (missing areas are left out of the pool under `Omit` and `Propagate`). The area and the rest
/// are disjoint, hence independent samples, as [`proportion_difference_ci`] requires; comparing
/// an area with the city total (which contains it) would understate the difference and its
/// uncertainty. An interval that excludes 0 marks an area whose proportion differs from the rest
/// of the city at the chosen level (no correction for testing many areas).
///
/// # Edge cases
/// `n_i = 0`: NaN, status [`AreaStatus::Empty`]. No population outside area `i` (`N = n_i`,
/// e.g. a single area): NaN, status [`AreaStatus::Undefined`].
///
/// # Errors
/// As [`proportion_ci`](super::proportion_ci).
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, AreaStatus, rates::proportion_difference_versus_rest};
/// use ndarray::array;
/// // transitions to Gymnasium per Ortsteil
/// let x = array![56.0, 30.0, 18.0];
/// let n = array![70.0, 50.0, 30.0];
/// let r = proportion_difference_versus_rest(x.view(), n.view(), 0.95, NanPolicy::Raise)?;
/// // area 0: 56/70 - 48/80
/// assert!((r.estimate[0] - (0.8 - 0.6)).abs() < 1e-12);
/// assert!(r.lower[0] > 0.0); // the first Ortsteil lies above the rest of the city
/// assert_eq!(r.status[2], AreaStatus::Ok);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn proportion_difference_versus_rest(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    level: f64,
    nan: NanPolicy,
) -> Result<Intervals> {
    let lv = Level::new(level)?;
    let Checked { status, flags } = check_pairs(
        events,
        Some(population),
        ("events", "population"),
        Denominator::Population,
        true,
        nan,
    )?;
    // integer counts: the f64 sums are exact up to 2^53
    let (mut total_x, mut total_n) = (0.0, 0.0);
    for (i, s) in status.iter().enumerate() {
        if *s == AreaStatus::Ok {
            total_x += events[i];
            total_n += population[i];
        }
    }
    let mut out = Intervals::blank(NEWCOMBE, level, status);
    for i in 0..out.len() {
        if out.status[i] != AreaStatus::Ok {
            continue;
        }
        let (x, n) = (events[i], population[i]);
        let (rest_x, rest_n) = (total_x - x, total_n - n);
        if rest_n <= 0.0 {
            out.status[i] = AreaStatus::Undefined;
            continue;
        }
        let (d, l, u) = newcombe_limits(x, n, rest_x, rest_n, lv.z);
        (out.estimate[i], out.lower[i], out.upper[i]) = (d, l, u);
    }
    Ok(out.finish(flags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    /// methods.md 3.3 worked values (4 decimals; the first, second and fourth are Newcombe's
    /// published values).
    #[test]
    fn worked_values_of_methods_md() {
        let z = Level::new(0.95).unwrap().z;
        let cases = [
            (56.0, 70.0, 48.0, 80.0, 0.2000, 0.0524, 0.3339),
            (9.0, 10.0, 3.0, 10.0, 0.6000, 0.1705, 0.8090),
            (6.0, 7.0, 2.0, 7.0, 0.5714, 0.0582, 0.8062),
            (5.0, 56.0, 0.0, 29.0, 0.0893, -0.0381, 0.1926),
            (0.0, 10.0, 0.0, 20.0, 0.0, -0.1611, 0.2775),
            (10.0, 10.0, 0.0, 20.0, 1.0, 0.6791, 1.0),
        ];
        for (x1, n1, x2, n2, d, l, u) in cases {
            let (gd, gl, gu) = newcombe_limits(x1, n1, x2, n2, z);
            assert!(
                (gd - d).abs() < 5e-5 && (gl - l).abs() < 5e-5 && (gu - u).abs() < 5e-5,
                "{x1}/{n1} - {x2}/{n2}: {gd} [{gl}, {gu}]"
            );
        }
    }

    #[test]
    fn versus_rest_pools_the_other_areas() {
        let x = array![5.0, f64::NAN, 0.0, 3.0];
        let n = array![56.0, 10.0, 0.0, 29.0];
        let r =
            proportion_difference_versus_rest(x.view(), n.view(), 0.95, NanPolicy::Omit).unwrap();
        use AreaStatus::*;
        assert_eq!(r.status, vec![Ok, Missing, Empty, Ok]);
        let z = Level::new(0.95).unwrap().z;
        let (d, l, u) = newcombe_limits(5.0, 56.0, 3.0, 29.0, z);
        assert_eq!((r.estimate[0], r.lower[0], r.upper[0]), (d, l, u));
        let one = proportion_difference_versus_rest(
            array![2.0, 0.0].view(),
            array![9.0, 0.0].view(),
            0.95,
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(one.status, vec![Undefined, Empty]);
        assert_eq!(one.n_used, 0);
    }

    #[test]
    fn two_samples_statuses_and_errors() {
        let r = proportion_difference_ci(
            array![1.0, 2.0, f64::NAN].view(),
            array![5.0, 0.0, 4.0].view(),
            array![1.0, 1.0, 1.0].view(),
            array![3.0, 3.0, 0.0].view(),
            0.95,
            NanPolicy::Propagate,
        );
        // 2 events among 0 persons is an invalid count
        assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidCount);
        let r = proportion_difference_ci(
            array![1.0, 0.0, f64::NAN].view(),
            array![5.0, 0.0, 4.0].view(),
            array![1.0, 1.0, 0.0].view(),
            array![3.0, 3.0, 0.0].view(),
            0.95,
            NanPolicy::Propagate,
        )
        .unwrap();
        use AreaStatus::*;
        assert_eq!(r.status, vec![Ok, Empty, Missing]);
        let e = proportion_difference_ci(
            array![1.0].view(),
            array![5.0].view(),
            array![1.0, 2.0].view(),
            array![3.0, 3.0].view(),
            0.95,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let e = proportion_difference_ci(
            array![1.0].view(),
            array![5.0].view(),
            array![4.0].view(),
            array![3.0].view(),
            0.95,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert!(e.to_string().contains("events2[0]"), "{e}");
    }
}
