//! Two-group segregation indices over focal-group counts `x_i` and area totals `t_i`.

use ndarray::{Array1, ArrayView1};

use super::input::two_group_estimate;
use crate::error::{Error, Result};
use crate::inequality::{GiniCorrection, gini};
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::{NeumaierSum, neumaier_sum};

/// Dissimilarity index D (Segregationsindex, Duncan & Duncan 1955): the share of either group that
/// would have to move to another area for both groups to be spread evenly.
///
/// ```text
/// D = 1/2 sum_i | x_i / X - y_i / Y |  =  sum_i t_i |p_i - P| / (2 T P (1 - P))
/// ```
/// Range `[0, 1]`. Biased upwards in small areas: see the small-unit functions of this module.
///
/// # Errors
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) (lengths of `x` and `t`),
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative, or `x_i > t_i`),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (a group is empty, or no area has
/// population).
///
/// # Example
/// methods.md 2.8: five Ortsteile.
/// ```
/// use bildung_core::{NanPolicy, segregation::dissimilarity};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let d = dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((d.value - 0.3).abs() < 1e-12);
/// ```
pub fn dissimilarity(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("dissimilarity", x, t, nan, |d| {
        let (big_x, big_y) = (d.total_x, d.total_y());
        let (inv_x, inv_y) = (1.0 / big_x, 1.0 / big_y);
        let s = lane_sum(&d.x, &d.t, |xi, ti| (xi * inv_x - (ti - xi) * inv_y).abs());
        Ok((0.5 * s, Flags::NONE))
    })
}

/// Compensated sum of `f(x_i, t_i)` in four interleaved lanes (independent dependency chains),
/// the lanes then summed compensated.
fn lane_sum(x: &[f64], t: &[f64], f: impl Fn(f64, f64) -> f64) -> f64 {
    const L: usize = 4;
    let mut lanes = [NeumaierSum::new(); L];
    let (xc, tc) = (x.chunks_exact(L), t.chunks_exact(L));
    let (xr, tr) = (xc.remainder(), tc.remainder());
    for (xs, ts) in xc.zip(tc) {
        for ((lane, &xi), &ti) in lanes.iter_mut().zip(xs).zip(ts) {
            lane.add(f(xi, ti));
        }
    }
    for ((lane, &xi), &ti) in lanes.iter_mut().zip(xr).zip(tr) {
        lane.add(f(xi, ti));
    }
    let mut s = NeumaierSum::new();
    for lane in &lanes {
        s.add(lane.value());
    }
    s.value()
}

/// A value that is `>= 0` in exact arithmetic: below 0 by rounding it becomes 0, flagged
/// [`Flags::CLAMPED`].
fn non_negative(v: f64) -> (f64, Flags) {
    if v < 0.0 {
        (0.0, Flags::CLAMPED)
    } else {
        (v, Flags::NONE)
    }
}

/// Gini segregation index G (Gini-Segregationsindex): the mean absolute difference of the focal
/// group's share between all pairs of persons, relative to its maximum.
///
/// ```text
/// G = sum_i sum_l t_i t_l |p_i - p_l| / (2 T^2 P (1 - P))
///   = Gini_w(p; t) / (1 - P)          (computed: weighted Gini of p_i with weights t_i)
/// ```
/// Computed in O(k log k) by [`inequality::gini`](crate::inequality::gini) of the shares `p_i`
/// with weights `t_i`, never by the double sum. Range `[0, 1]`; 1 when every area holds only
/// one group. Like D, biased upwards in small areas.
///
/// # Errors
/// As for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8: five Ortsteile.
/// ```
/// use bildung_core::{NanPolicy, segregation::gini_segregation};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let g = gini_segregation(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((g.value - 0.3464).abs() < 1e-12);
/// ```
pub fn gini_segregation(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("gini segregation", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let p: Array1<f64> =
            d.x.iter()
                .zip(d.t.iter())
                .map(|(&xi, &ti)| xi / ti)
                .collect();
        let g = gini(
            p.view(),
            Some(ArrayView1::from(&*d.t)),
            GiniCorrection::None,
            NanPolicy::Raise,
        )?;
        // 1 - P as Y / T, without cancellation for P near 1.
        Ok((g.value * d.total / d.total_y(), g.flags))
    })
}

/// Theil's entropy index H for two groups (Entropieindex, informationstheoretischer
/// Segregationsindex; Theil & Finizza 1971): the mean loss of diversity of the areas against the
/// whole population, relative to that diversity.
///
/// ```text
/// H = sum_i t_i (E - E_i) / (E T),   E = -P ln P - (1-P) ln(1-P),  E_i the same with p_i
///   = sum_i [ x_i ln(p_i / P) + y_i ln((1 - p_i) / (1 - P)) ] / (E T)      (computed)
/// 0 ln 0 := 0
/// ```
/// The computed form (mutual information M over E) has one non-negative term per area, so it
/// keeps its relative accuracy for small H. Range `[0, 1]`; 1 when every area holds only one
/// group. Equals the multigroup H with two groups.
///
/// # Errors
/// As for [`dissimilarity`] (`E > 0` holds whenever both groups have members).
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::entropy_index};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let h = entropy_index(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((h.value - 0.0705275).abs() < 1e-7);
/// ```
pub fn entropy_index(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("entropy index", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (big_x, big_y, total) = (d.total_x, d.total_y(), d.total);
        let (p, q) = (big_x / total, big_y / total);
        let e = -(p * p.ln() + q * q.ln());
        // x_i ln(p_i / P) = x_i ln(x_i (T / X) / t_i); 0 ln(0) := 0. One division per area.
        let (scale_x, scale_y) = (total / big_x, total / big_y);
        let term = |c: f64, inv_t: f64, scale: f64| {
            if c > 0.0 {
                c * ((c * scale) * inv_t).ln()
            } else {
                0.0
            }
        };
        let m = neumaier_sum(d.x.iter().zip(d.t.iter()).map(|(&xi, &ti)| {
            let inv_t = 1.0 / ti;
            term(xi, inv_t, scale_x) + term(ti - xi, inv_t, scale_y)
        }));
        Ok(non_negative(m / (e * total)))
    })
}

/// Isolation index xPx (Isolationsindex; Bell 1954, Lieberson 1981): the focal-group share in the
/// area of the average focal-group member.
///
/// ```text
/// xPx = sum_i (x_i / X) (x_i / t_i)
/// ```
/// Range `[P, 1]` (`P` at evenness). An exposure index, not an evenness index: it depends on the
/// overall share `P` (see [`correlation_ratio`] for the version adjusted for it).
///
/// # Errors
/// As for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::isolation};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let i = isolation(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((i.value - 0.3434206).abs() < 1e-7);
/// ```
pub fn isolation(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("isolation", x, t, nan, |d| {
        let big_x = d.total_x;
        let s = neumaier_sum(
            d.x.iter()
                .zip(d.t.iter())
                .map(|(&xi, &ti)| (xi / big_x) * (xi / ti)),
        );
        Ok((s, Flags::NONE))
    })
}

/// Exposure (interaction) index xPy (Kontakt- oder Expositionsindex; Bell 1954, Lieberson 1981):
/// the share of the *other* group in the area of the average focal-group member, i.e. the focal
/// group's exposure to the others.
///
/// ```text
/// xPy = sum_i (x_i / X) (y_i / t_i)  =  1 - xPx
/// ```
/// Range `[0, 1 - P]` (`1 - P` at evenness). Asymmetric: `X xPy = Y yPx`; the exposure of the
/// other group to the focal group, yPx, is `exposure(t - x, t)`.
///
/// # Errors
/// As for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::exposure};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let e = exposure(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((e.value - 0.6565794).abs() < 1e-7);
/// let y = &t - &x;
/// let yx = exposure(y.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((yx.value - 0.2626317).abs() < 1e-7);
/// assert!((100.0 * e.value - 250.0 * yx.value).abs() < 1e-10); // X xPy = Y yPx
/// ```
pub fn exposure(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("exposure", x, t, nan, |d| {
        let big_x = d.total_x;
        let s = neumaier_sum(
            d.x.iter()
                .zip(d.t.iter())
                .map(|(&xi, &ti)| (xi / big_x) * ((ti - xi) / ti)),
        );
        Ok((s, Flags::NONE))
    })
}

/// Correlation ratio eta² (Korrelationsverhältnis; separation index S, White 1986; PySAL
/// `CorrelationR`): the isolation index adjusted for the overall share, equal to the share of the
/// variance of group membership that lies between areas.
///
/// ```text
/// eta^2 = (xPx - P) / (1 - P)
///       = sum_i t_i (p_i - P)^2 / (T P (1 - P))  =  Var_w(p; t) / (P (1 - P))     (computed)
/// ```
/// The variance form is a sum of non-negative terms (no cancellation for small values).
/// Range `[0, 1]`. Under random allocation with fixed margins `E[eta^2] = (k - 1)/(T - 1)`
/// (methods.md 2.6).
///
/// # Errors
/// As for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::correlation_ratio};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let v = correlation_ratio(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((v.value - 0.0807889).abs() < 1e-7);
/// ```
pub fn correlation_ratio(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("correlation ratio", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (big_x, big_y, total) = (d.total_x, d.total_y(), d.total);
        let p = big_x / total;
        // t_i (p_i - P)^2 = (x_i - t_i P)^2 / t_i; T P (1 - P) = X Y / T.
        let s = neumaier_sum(d.x.iter().zip(d.t.iter()).map(|(&xi, &ti)| {
            let dev = xi - ti * p;
            dev * dev / ti
        }));
        Ok((s * total / (big_x * big_y), Flags::NONE))
    })
}

/// Atkinson segregation index A(b) (Atkinson-Segregationsindex; Atkinson 1970, as a segregation
/// index James & Taeuber 1985, Massey & Denton 1988; PySAL `_atkinson`), with shape parameter
/// `b`.
///
/// ```text
/// A(b) = 1 - P / (1 - P) * | sum_i (1 - p_i)^(1-b) p_i^b t_i / (P T) |^(1 / (1 - b)),   0 < b < 1
/// ```
/// A(b) is the Atkinson inequality index with `epsilon = b` of the ratio `y_i / x_i` over the
/// focal-group members (weights `x_i`). So `b` sets which areas count more: `b > 0.5` those where
/// the focal group is over-represented (the other group under-represented), `b < 0.5` those where
/// it is under-represented; `b = 0.5` is symmetric in the two groups (PySAL's `Atkinson` class
/// fixes `b = 0.5`). Range `[0, 1]`.
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if `b` is not a finite
/// number strictly between 0 and 1 (at `b = 0` the index is 0 for every input, at `b = 1` it
/// does not exist); otherwise as for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::atkinson_segregation};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let a = atkinson_segregation(x.view(), t.view(), 0.5, NanPolicy::Raise).unwrap();
/// assert!((a.value - 0.1039256).abs() < 1e-7);
/// assert!(atkinson_segregation(x.view(), t.view(), 1.0, NanPolicy::Raise).is_err());
/// ```
pub fn atkinson_segregation(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    b: f64,
    nan: NanPolicy,
) -> Result<Estimate> {
    if !(b > 0.0 && b < 1.0) {
        return Err(Error::parameter(
            "b",
            b,
            "must be a finite number with 0 < b < 1",
        ));
    }
    two_group_estimate("atkinson segregation", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (big_x, big_y) = (d.total_x, d.total_y());
        let s = if b == 0.5 {
            // q^(1/2) p^(1/2) t = sqrt(x y): one square root instead of two powers.
            neumaier_sum(
                d.x.iter()
                    .zip(d.t.iter())
                    .map(|(&xi, &ti)| (xi * (ti - xi)).sqrt()),
            )
        } else {
            neumaier_sum(d.x.iter().zip(d.t.iter()).map(|(&xi, &ti)| {
                let (p, q) = (xi / ti, (ti - xi) / ti);
                q.powf(1.0 - b) * p.powf(b) * ti
            }))
        };
        // P T = X and P / (1 - P) = X / Y.
        let a = 1.0 - (big_x / big_y) * (s / big_x).abs().powf(1.0 / (1.0 - b));
        Ok(non_negative(a))
    })
}

/// Hutchens' square root index (Quadratwurzelindex; Hutchens 2004; PySAL `HutchensSqrt`): one
/// minus the Bhattacharyya coefficient of the two groups' distributions over the areas.
///
/// ```text
/// S = 1 - sum_i sqrt(x_i / X) sqrt(y_i / Y)
///   = 1 - sum_i (t_i / T) sqrt(p_i (1 - p_i)) / sqrt(P (1 - P))
/// ```
/// Range `[0, 1]`; additively decomposable by districts, and the index that Reardon's rank-order
/// square-root index integrates.
///
/// # Errors
/// As for [`dissimilarity`]. (PySAL returns 0 when a group is empty; here that is
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) as for every two-group index.)
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::hutchens};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let s = hutchens(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((s.value - 0.0533879420).abs() < 1e-10);
/// ```
pub fn hutchens(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("hutchens", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (big_x, big_y) = (d.total_x, d.total_y());
        let s = neumaier_sum(
            d.x.iter()
                .zip(d.t.iter())
                .map(|(&xi, &ti)| (xi / big_x).sqrt() * ((ti - xi) / big_y).sqrt()),
        );
        Ok(non_negative(1.0 - s))
    })
}

/// MinMax index (O'Sullivan & Wong 2007; PySAL `MinMax`): one minus the overlap of the two
/// groups' distributions over the areas relative to their union.
///
/// ```text
/// MM = 1 - sum_i min(x_i / X, y_i / Y) / sum_i max(x_i / X, y_i / Y)  =  2 D / (1 + D)
/// ```
/// Range `[0, 1]`; a monotone transformation of the dissimilarity index `D` (the aspatial
/// version; PySAL applies it mostly to kernel-smoothed counts).
///
/// # Errors
/// As for [`dissimilarity`].
///
/// # Example
/// methods.md 2.8 (`D = 0.3`, so `MM = 0.6 / 1.3`):
/// ```
/// use bildung_core::{NanPolicy, segregation::minmax};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let m = minmax(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((m.value - 0.6 / 1.3).abs() < 1e-12);
/// ```
pub fn minmax(x: ArrayView1<'_, f64>, t: ArrayView1<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    two_group_estimate("minmax", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (big_x, big_y) = (d.total_x, d.total_y());
        let mut lo = NeumaierSum::new();
        let mut hi = NeumaierSum::new();
        for (&xi, &ti) in d.x.iter().zip(d.t.iter()) {
            let (a, b) = (xi / big_x, (ti - xi) / big_y);
            lo.add(a.min(b));
            hi.add(a.max(b));
        }
        Ok(non_negative(1.0 - lo.value() / hi.value()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::inequality::{atkinson, hoover};
    use ndarray::{Array1, array};
    use proptest::prelude::*;

    const RAISE: NanPolicy = NanPolicy::Raise;

    type Index = fn(ArrayView1<'_, f64>, ArrayView1<'_, f64>, NanPolicy) -> Result<Estimate>;

    fn atkinson_half(
        x: ArrayView1<'_, f64>,
        t: ArrayView1<'_, f64>,
        nan: NanPolicy,
    ) -> Result<Estimate> {
        atkinson_segregation(x, t, 0.5, nan)
    }

    /// Every evenness index of this file.
    const EVENNESS: [(&str, Index); 7] = [
        ("dissimilarity", dissimilarity),
        ("gini", gini_segregation),
        ("entropy", entropy_index),
        ("eta2", correlation_ratio),
        ("atkinson", atkinson_half),
        ("hutchens", hutchens),
        ("minmax", minmax),
    ];

    /// Every index of this file.
    const ALL: [(&str, Index); 9] = [
        ("dissimilarity", dissimilarity),
        ("gini", gini_segregation),
        ("entropy", entropy_index),
        ("eta2", correlation_ratio),
        ("atkinson", atkinson_half),
        ("hutchens", hutchens),
        ("minmax", minmax),
        ("isolation", isolation),
        ("exposure", exposure),
    ];

    fn example() -> (Array1<f64>, Array1<f64>) {
        (
            array![12., 30., 5., 40., 13.],
            array![60., 80., 50., 90., 70.],
        )
    }

    fn value(f: Index, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        f(x.view(), t.view(), RAISE).unwrap().value
    }

    /// The O(k^2) definition of G (reference only).
    fn gini_double_sum(x: &[f64], t: &[f64]) -> f64 {
        let (big_x, total) = (x.iter().sum::<f64>(), t.iter().sum::<f64>());
        let p = big_x / total;
        let mut s = 0.0;
        for i in 0..x.len() {
            for l in 0..x.len() {
                s += t[i] * t[l] * (x[i] / t[i] - x[l] / t[l]).abs();
            }
        }
        s / (2.0 * total * total * p * (1.0 - p))
    }

    #[test]
    fn worked_example_values() {
        // methods.md 2.8
        let (x, t) = example();
        let cases: [(Index, f64, f64); 6] = [
            (dissimilarity, 0.3, 1e-12),
            (gini_segregation, 0.3464, 1e-12),
            (entropy_index, 0.07052748807781398, 1e-12),
            (isolation, 0.3434206349206349, 1e-12),
            (exposure, 0.6565793650793651, 1e-12),
            (correlation_ratio, 0.08078888888888888, 1e-12),
        ];
        for (f, want, tol) in cases {
            let got = value(f, &x, &t);
            assert!((got - want).abs() < tol, "{got} vs {want}");
        }
        for (b, want) in [(0.1, 0.0225099), (0.5, 0.1039256), (0.9, 0.1710714)] {
            let a = atkinson_segregation(x.view(), t.view(), b, RAISE).unwrap();
            assert!((a.value - want).abs() < 1e-7, "b = {b}: {}", a.value);
            assert_eq!((a.n_used, a.flags), (5, Flags::NONE));
        }
        // Values of PySAL's formulas (evaluated with numpy).
        for (b, want) in [
            (0.1, 0.02250994788628191),
            (0.5, 0.10392561168813919),
            (0.9, 0.17107135017180708),
        ] {
            let a = atkinson_segregation(x.view(), t.view(), b, RAISE).unwrap();
            assert!((a.value - want).abs() < 1e-13);
        }
        assert!((value(hutchens, &x, &t) - 0.053387942020670764).abs() < 1e-13);
        assert!((value(minmax, &x, &t) - 0.46153846153846145).abs() < 1e-13);
    }

    #[test]
    fn package_matrix_m1() {
        // R `segregation` test matrix m1: rows (100, 0), (60, 40), (40, 60), (0, 100).
        let x = array![100., 60., 40., 0.];
        let t = array![100., 100., 100., 100.];
        assert!((value(dissimilarity, &x, &t) - 0.6).abs() < 1e-12);
        assert!((value(gini_segregation, &x, &t) - 0.8).abs() < 1e-12);
        assert!((value(entropy_index, &x, &t) - 0.5145247027726656).abs() < 1e-12);
        assert!((value(isolation, &x, &t) - 0.76).abs() < 1e-12);
        assert!((value(exposure, &x, &t) - 0.24).abs() < 1e-12);
        assert!((value(correlation_ratio, &x, &t) - 0.52).abs() < 1e-12);
        assert!((value(atkinson_half, &x, &t) - 0.76).abs() < 1e-12);
        assert!((value(hutchens, &x, &t) - 0.5101020514433644).abs() < 1e-12);
        assert!((value(minmax, &x, &t) - 0.75).abs() < 1e-12);
    }

    #[test]
    fn identities_with_inequality_measures() {
        // methods.md 2.2: D = Hoover_w(p; t)/(1-P), G = Gini_w(p; t)/(1-P),
        // eta^2 = Var_w(p; t)/(P(1-P)) = (xPx - P)/(1-P), X xPy = Y yPx.
        let (x, t) = example();
        let p = &x / &t;
        let (big_x, total) = (x.sum(), t.sum());
        let big_y = total - big_x;
        let share = big_x / total;
        let h = hoover(p.view(), Some(t.view()), RAISE).unwrap().value;
        assert!((value(dissimilarity, &x, &t) - h / (1.0 - share)).abs() < 1e-14);
        let g = gini(p.view(), Some(t.view()), GiniCorrection::None, RAISE)
            .unwrap()
            .value;
        let gs = value(gini_segregation, &x, &t);
        assert!((gs - g / (1.0 - share)).abs() < 1e-14);
        assert!((gs - gini_double_sum(x.as_slice().unwrap(), t.as_slice().unwrap())).abs() < 1e-14);
        let var = (&t * &(&p - share).mapv(|d| d * d)).sum() / total;
        let eta = value(correlation_ratio, &x, &t);
        assert!((eta - var / (share * (1.0 - share))).abs() < 1e-14);
        let xpx = value(isolation, &x, &t);
        assert!((eta - (xpx - share) / (1.0 - share)).abs() < 1e-14);
        let xpy = value(exposure, &x, &t);
        assert!((xpx + xpy - 1.0).abs() < 1e-15);
        let y = &t - &x;
        let ypx = value(exposure, &y, &t);
        assert!((big_x * xpy - 65.65794).abs() < 1e-5);
        assert!((big_x * xpy - big_y * ypx).abs() < 1e-12);
        // H = sum t_i (E - E_i) / (E T).
        let ent = |q: f64| -(q * q.ln() + (1.0 - q) * (1.0 - q).ln());
        let e = ent(share);
        let direct = (&t * &p.mapv(|q| e - ent(q))).sum() / (e * total);
        assert!((value(entropy_index, &x, &t) - direct).abs() < 1e-14);
        // MinMax = 2D / (1 + D); A(0.5) = 1 - (1 - S)^2 with Hutchens' S.
        let d = value(dissimilarity, &x, &t);
        assert!((value(minmax, &x, &t) - 2.0 * d / (1.0 + d)).abs() < 1e-15);
        let s = value(hutchens, &x, &t);
        assert!((value(atkinson_half, &x, &t) - (1.0 - (1.0 - s) * (1.0 - s))).abs() < 1e-14);
        // A(b) is the Atkinson index (epsilon = b) of y_i / x_i with weights x_i.
        let odds = &y / &x;
        for b in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let a = atkinson_segregation(x.view(), t.view(), b, RAISE)
                .unwrap()
                .value;
            let ai = atkinson(odds.view(), Some(x.view()), b, RAISE)
                .unwrap()
                .value;
            assert!((a - ai).abs() < 1e-13, "b = {b}: {a} vs {ai}");
        }
    }

    #[test]
    fn single_area_is_zero_and_flagged() {
        let x = array![3.0];
        let t = array![7.0];
        for (name, f) in EVENNESS {
            let e = f(x.view(), t.view(), RAISE).unwrap();
            assert_eq!(e.value, 0.0, "{name}");
            assert!(e.flags.contains(Flags::SINGLE_AREA), "{name}");
        }
        let i = isolation(x.view(), t.view(), RAISE).unwrap();
        assert!((i.value - 3.0 / 7.0).abs() < 1e-15);
        assert!(i.flags.contains(Flags::SINGLE_AREA));
        // Another area with no population does not count.
        let x = array![3.0, 0.0];
        let t = array![7.0, 0.0];
        let e = gini_segregation(x.view(), t.view(), RAISE).unwrap();
        assert_eq!((e.value, e.n_used, e.n_empty), (0.0, 1, 1));
        assert!(e.flags.contains(Flags::SINGLE_AREA));
    }

    #[test]
    fn evenness_and_complete_segregation() {
        // Every area has the same share: every evenness index is 0 (up to rounding).
        let x = array![1.0, 2.0, 3.0, 7.0];
        let t = array![3.0, 6.0, 9.0, 21.0];
        for (name, f) in EVENNESS {
            let v = value(f, &x, &t);
            assert!((0.0..1e-14).contains(&v), "{name}: {v}");
        }
        assert!((value(isolation, &x, &t) - 1.0 / 3.0).abs() < 1e-15);
        assert!((value(exposure, &x, &t) - 2.0 / 3.0).abs() < 1e-15);
        // Every area holds one group only: every evenness index is 1, isolation 1, exposure 0.
        let x = array![5.0, 0.0, 2.0, 0.0];
        let t = array![5.0, 4.0, 2.0, 9.0];
        for (name, f) in EVENNESS {
            let v = value(f, &x, &t);
            assert!((v - 1.0).abs() < 1e-14, "{name}: {v}");
        }
        for b in [0.05, 0.95] {
            let a = atkinson_segregation(x.view(), t.view(), b, RAISE).unwrap();
            assert!((a.value - 1.0).abs() < 1e-14);
        }
        assert!((value(isolation, &x, &t) - 1.0).abs() < 1e-15);
        assert_eq!(value(exposure, &x, &t), 0.0);
    }

    #[test]
    fn errors_and_missing_values() {
        let (x, t) = example();
        for (name, f) in ALL {
            // One group empty.
            let zero = Array1::<f64>::zeros(5);
            let r = f(zero.view(), t.view(), RAISE);
            assert_eq!(r.unwrap_err().kind(), ErrorKind::Undefined, "{name}");
            let r = f(t.view(), t.view(), RAISE);
            assert_eq!(r.unwrap_err().kind(), ErrorKind::Undefined, "{name}");
            // x > t, negative counts, lengths, infinity.
            let over = array![61., 30., 5., 40., 13.];
            assert_eq!(
                f(over.view(), t.view(), RAISE).unwrap_err().kind(),
                ErrorKind::InvalidCount
            );
            let neg = array![-1., 30., 5., 40., 13.];
            assert_eq!(
                f(neg.view(), t.view(), RAISE).unwrap_err().kind(),
                ErrorKind::InvalidCount
            );
            let short = array![1.0];
            assert_eq!(
                f(short.view(), t.view(), RAISE).unwrap_err().kind(),
                ErrorKind::ShapeMismatch
            );
            let inf = array![60., 80., 50., 90., f64::INFINITY];
            assert_eq!(
                f(x.view(), inf.view(), NanPolicy::Omit).unwrap_err().kind(),
                ErrorKind::NonFinite
            );
            let empty = Array1::<f64>::zeros(0);
            assert_eq!(
                f(empty.view(), empty.view(), RAISE).unwrap_err().kind(),
                ErrorKind::EmptyInput
            );
            // Missing values: raise, omit, propagate; empty areas are left out.
            let xm = array![12., 30., 5., 40., 13., f64::NAN, 0.];
            let tm = array![60., 80., 50., 90., 70., 10., 0.];
            assert_eq!(
                f(xm.view(), tm.view(), RAISE).unwrap_err().kind(),
                ErrorKind::MissingValue
            );
            let o = f(xm.view(), tm.view(), NanPolicy::Omit).unwrap();
            assert_eq!((o.n_used, o.n_dropped, o.n_empty), (5, 1, 1), "{name}");
            assert_eq!(o.value, value(f, &x, &t), "{name}");
            let p = f(xm.view(), tm.view(), NanPolicy::Propagate).unwrap();
            assert!(p.value.is_nan() && p.flags.contains(Flags::MISSING_PROPAGATED));
        }
    }

    #[test]
    fn atkinson_parameter_must_be_inside_unit_interval() {
        let (x, t) = example();
        for b in [
            0.0,
            1.0,
            -0.5,
            1.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let r = atkinson_segregation(x.view(), t.view(), b, RAISE);
            assert_eq!(
                r.unwrap_err().kind(),
                ErrorKind::InvalidParameter,
                "b = {b}"
            );
        }
        // A(b) increases towards b = 1 here, and tends to 0 as b -> 0.
        let a = |b| {
            atkinson_segregation(x.view(), t.view(), b, RAISE)
                .unwrap()
                .value
        };
        assert!(a(1e-9) < 1e-8);
        assert!(a(0.1) < a(0.5) && a(0.5) < a(0.9));
    }

    #[test]
    fn accepts_strided_views_and_non_integer_counts() {
        let (x, t) = example();
        let big_x = array![12., 0., 30., 0., 5., 0., 40., 0., 13., 0.];
        let strided = big_x.slice_each_axis(|_| ndarray::Slice::new(0, None, 2));
        let g = gini_segregation(strided, t.view(), RAISE).unwrap().value;
        assert_eq!(g, value(gini_segregation, &x, &t));
        // Scale invariance (and non-integer counts).
        let (xs, ts) = (&x * 0.37, &t * 0.37);
        for (name, f) in ALL {
            let (a, b) = (value(f, &x, &t), value(f, &xs, &ts));
            assert!((a - b).abs() < 1e-13, "{name}: {a} vs {b}");
        }
    }

    /// Areas with a focal-group count and a rest count.
    fn areas() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
        prop::collection::vec((0u32..60, 0u32..60), 2..30).prop_map(|v| {
            let x = v.iter().map(|&(a, _)| f64::from(a)).collect();
            let t = v.iter().map(|&(a, b)| f64::from(a + b)).collect();
            (x, t)
        })
    }

    proptest! {
        #[test]
        fn gini_matches_double_sum_and_indices_are_bounded((x, t) in areas()) {
            let (big_x, total): (f64, f64) = (x.iter().sum(), t.iter().sum());
            prop_assume!(big_x > 0.0 && big_x < total);
            let (xa, ta) = (Array1::from(x.clone()), Array1::from(t.clone()));
            let used: (Vec<f64>, Vec<f64>) = x.iter().zip(&t).filter(|(_, ti)| **ti > 0.0).unzip();
            let g = value(gini_segregation, &xa, &ta);
            prop_assert!((g - gini_double_sum(&used.0, &used.1)).abs() < 1e-12);
            for (name, f) in EVENNESS {
                let v = value(f, &xa, &ta);
                prop_assert!((0.0..=1.0 + 1e-12).contains(&v), "{} = {}", name, v);
            }
            let share = big_x / total;
            let xpx = value(isolation, &xa, &ta);
            prop_assert!(xpx >= share - 1e-12 && xpx <= 1.0 + 1e-12);
            let eta = value(correlation_ratio, &xa, &ta);
            prop_assert!((eta - (xpx - share) / (1.0 - share)).abs() < 1e-12);
            let d = value(dissimilarity, &xa, &ta);
            prop_assert!((value(minmax, &xa, &ta) - 2.0 * d / (1.0 + d)).abs() < 1e-12);
        }
    }
}
