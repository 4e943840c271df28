//! Concentration profile (Hong & Sadahiro 2014) and the density-corrected dissimilarity index
//! (Allen, Burgess, Davidson & Windmeijer 2015), both as PySAL `segregation` defines them.

use ndarray::ArrayView1;

use super::input::{PreparedTwoGroup, TwoGroup, two_group, two_group_estimate};
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Number of thresholds PySAL's `ConProf` uses (`m = 1000`): the usual `points` for
/// [`concentration_profile`].
pub const CONCENTRATION_PROFILE_POINTS: usize = 1000;

/// Largest number of thresholds [`concentration_profile`] accepts (the result holds two vectors
/// of this length).
pub const MAX_CONCENTRATION_PROFILE_POINTS: usize = 10_000_000;

/// The concentration profile of a group and its summary index R.
#[derive(Debug, Clone, PartialEq)]
pub struct ConcentrationProfile {
    /// The index R (NaN when a missing value was propagated).
    pub value: f64,
    /// The thresholds `g_j = j / (m - 1)`, `j = 0..m-1` (`linspace(0, 1, m)`; the last is exactly 1).
    pub thresholds: Vec<f64>,
    /// `v(g_j)`: the share of the focal group living in areas whose focal-group share `p_i` is at
    /// least `g_j` (all NaN when a missing value was propagated).
    pub shares: Vec<f64>,
    /// Areas used.
    pub n_used: usize,
    /// Areas dropped as missing.
    pub n_dropped: usize,
    /// Areas left out because they have no population.
    pub n_empty: usize,
    /// Warning flags ([`Flags::SINGLE_AREA`], [`Flags::MISSING_PROPAGATED`]).
    pub flags: Flags,
}

/// Concentration profile and index R (Konzentrationsprofil; Hong & Sadahiro 2014; PySAL
/// `ConProf`): for each threshold `g`, the share `v(g)` of the focal group that lives in areas
/// where its share is at least `g`, and a summary index comparing the profile with the one of an
/// even distribution.
///
/// ```text
/// g_j  = j / (m - 1),  j = 0..m-1                  (m = points; numpy linspace(0, 1, m))
/// v(g) = sum_{i: p_i >= g} x_i / X
/// R    = ( P - ( sum_{j: g_j < P} v(g_j) / m  -  sum_{j: g_j >= P} v(g_j) / m ) ) / (1 - P)
/// ```
/// This is PySAL's `_conprof` (segregation/singlegroup/conprof.py) line for line: the same grid
/// (`np.linspace(0, 1, m)`), the same comparison `x / t >= threshold`, the same split of the grid
/// at `threshold = X / T` and the same division of both sums by `m` (not by the grid spacing
/// `m - 1`). The sums are Riemann sums of `R = (P - int_0^P v + int_P^1 v) / (1 - P)`, whose exact
/// value is `sum_i (x_i / X) |p_i - P| / (1 - P)` (the limit as `points` grows; 0 at evenness, where
/// `v = 1` below `P` and 0 above, and 1 under complete segregation, where `v = 1` everywhere).
///
/// Range: `[0, 1]` up to a discretisation error of order `1 / points`; with few points R can leave
/// the interval (methods.md 2.8 with `points = 2` gives -0.3). Use
/// [`CONCENTRATION_PROFILE_POINTS`] (1000, PySAL's fixed value) unless there is a reason not to.
/// With one area R is 0 (methods.md 2.1; the discretised value would be of order `1 / points`)
/// and [`Flags::SINGLE_AREA`] is set; the profile itself is still returned. O(k log k + points).
///
/// Under [`NanPolicy::Propagate`] a missing value gives R = NaN, the thresholds and NaN shares.
///
/// # Errors
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) if `points < 2` or
/// `points > MAX_CONCENTRATION_PROFILE_POINTS`; otherwise as for
/// [`dissimilarity`](super::dissimilarity).
///
/// # Example
/// methods.md 2.8 with PySAL's 1000 thresholds (PySAL `ConProf` gives 0.171688):
/// ```
/// use bildung_core::{NanPolicy, segregation::{concentration_profile, CONCENTRATION_PROFILE_POINTS}};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let c = concentration_profile(x.view(), t.view(), CONCENTRATION_PROFILE_POINTS, NanPolicy::Raise)
///     .unwrap();
/// assert!((c.value - 0.171688).abs() < 1e-12);
/// assert_eq!((c.thresholds.len(), c.shares[0]), (1000, 1.0)); // v(0) = 1
/// // Ten thresholds: v(g) at g = 0, 1/9, ..., 1.
/// let c = concentration_profile(x.view(), t.view(), 10, NanPolicy::Raise).unwrap();
/// assert_eq!(c.shares, vec![1.0, 0.95, 0.7, 0.7, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0]);
/// ```
pub fn concentration_profile(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    points: usize,
    nan: NanPolicy,
) -> Result<ConcentrationProfile> {
    if !(2..=MAX_CONCENTRATION_PROFILE_POINTS).contains(&points) {
        return Err(Error::parameter(
            "points",
            points,
            format!(
                "the profile needs between 2 and {MAX_CONCENTRATION_PROFILE_POINTS} thresholds"
            ),
        ));
    }
    let thresholds = linspace_unit(points);
    match two_group("concentration profile", x, t, nan)? {
        PreparedTwoGroup::Propagate { n } => {
            let e = Estimate::propagated(n);
            Ok(ConcentrationProfile {
                value: e.value,
                shares: vec![f64::NAN; points],
                thresholds,
                n_used: e.n_used,
                n_dropped: e.n_dropped,
                n_empty: e.n_empty,
                flags: e.flags,
            })
        }
        PreparedTwoGroup::Data(d) => {
            let shares = profile_shares(&d, &thresholds);
            let value = if d.len() == 1 {
                0.0
            } else {
                profile_index(&d, &thresholds, &shares)
            };
            let e = d.estimate(value, Flags::NONE);
            Ok(ConcentrationProfile {
                value: e.value,
                thresholds,
                shares,
                n_used: e.n_used,
                n_dropped: e.n_dropped,
                n_empty: e.n_empty,
                flags: e.flags,
            })
        }
    }
}

/// `numpy.linspace(0, 1, m)` bit for bit: `j * (1 / (m - 1))`, the last point exactly 1.
fn linspace_unit(m: usize) -> Vec<f64> {
    let step = 1.0 / (m - 1) as f64;
    (0..m)
        .map(|j| if j + 1 == m { 1.0 } else { j as f64 * step })
        .collect()
}

/// `v(g)` for ascending thresholds: suffix sums of `x` over the areas sorted by `p_i`.
fn profile_shares(d: &TwoGroup, thresholds: &[f64]) -> Vec<f64> {
    let mut areas: Vec<(f64, f64)> =
        d.x.iter()
            .zip(d.t.iter())
            .map(|(&xi, &ti)| (xi / ti, xi))
            .collect();
    areas.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    // above[j] = sum of x over the sorted areas j.. (above[k] = 0), compensated.
    let mut above = vec![0.0; areas.len() + 1];
    let mut acc = NeumaierSum::new();
    for (j, &(_, xi)) in areas.iter().enumerate().rev() {
        acc.add(xi);
        above[j] = acc.value();
    }
    let mut first = 0; // first sorted area with p_i >= g
    thresholds
        .iter()
        .map(|&g| {
            while first < areas.len() && areas[first].0 < g {
                first += 1;
            }
            above[first] / d.total_x
        })
        .collect()
}

/// PySAL's R from the profile.
fn profile_index(d: &TwoGroup, thresholds: &[f64], shares: &[f64]) -> f64 {
    let p = d.share();
    let m = thresholds.len() as f64;
    let mut below = NeumaierSum::new();
    let mut from = NeumaierSum::new();
    for (&g, &v) in thresholds.iter().zip(shares) {
        if g < p {
            below.add(v);
        } else {
            from.add(v);
        }
    }
    (p - (below.value() / m - from.value() / m)) / (d.total_y() / d.total)
}

/// Density-corrected dissimilarity index D_dc (dichtekorrigierter Segregationsindex; Allen,
/// Burgess, Davidson & Windmeijer 2015; PySAL `DensityCorrectedDissim`): D with each area's
/// difference of shares replaced by its maximum-likelihood value under the folded-normal
/// sampling model, which removes most of the small-unit upward bias of D.
///
/// ```text
/// p0_i = x_i / X,   p1_i = y_i / Y
/// sigma_i = sqrt( p1_i (1 - p1_i) / Y + p0_i (1 - p0_i) / X )
/// theta_i = |p1_i - p0_i| / sigma_i                      (so D = 1/2 sum_i sigma_i theta_i)
/// n(theta) = argmax_{m >= 0} [ phi(m - theta) + phi(m + theta) ]
///          = 0                                 if theta <= 1
///          = the root m > 0 of m = theta tanh(theta m)   if theta > 1
/// D_dc = 1/2 sum_i sigma_i n(theta_i)
/// ```
/// `theta_i` is approximately distributed as `|N(mu_i, 1)|` (a folded normal); `n(theta_i)` is
/// the mean `mu` under which the observed `theta_i` is most likely (the folded-normal density
/// `phi(m - theta) + phi(m + theta)` is symmetric in `m` and `theta`). Differences within one
/// standard error (`theta <= 1`) count as 0 and larger ones are shrunk, so `0 <= D_dc <= D`.
///
/// Computation: PySAL maximises the density numerically (scipy Nelder-Mead from 0, `xatol =
/// 1e-5`). Here the maximiser is solved for exactly: with `c = theta^2` and `u = theta m`, the
/// root of `u = c tanh(u)` in `(0, c]` by Newton's method from `u = c` (monotone for this convex
/// function) with a bisection safeguard, to full double precision; for `theta >= 5` `n(theta) =
/// theta` to double precision (`tanh(25) = 1` in f64). Deterministic, no simulation.
///
/// Deviations from PySAL: (1) PySAL returns the *second-best* vertex of the final Nelder-Mead
/// simplex, so each of its `n(theta_i)` is off by up to about 1e-5 (about 7.8e-6 instead of 0 for
/// `theta <= 1`): its D_dc exceeds this one by up to about `1e-5 * sum_i sigma_i / 2`
/// (methods.md 2.8: 0.2997765 there, 0.2997769 here). (2) An area with `sigma_i = 0` (both
/// `p0_i` and `p1_i` are 0 or 1, e.g. complete segregation in two areas) has no sampling noise;
/// PySAL divides by 0 and gives NaN, here it contributes its difference `|p1_i - p0_i|` (the limit
/// of `sigma n(d / sigma)` as `sigma -> 0`). (3) With one area D_dc is 0 and
/// [`Flags::SINGLE_AREA`] is set. The sampling model treats `X` and `Y` as numbers of people, so
/// non-integral (weighted) counts give a value whose correction refers to those totals.
///
/// # Errors
/// As for [`dissimilarity`](super::dissimilarity);
/// [`ErrorKind::DidNotConverge`](crate::ErrorKind::DidNotConverge) if the root finder fails
/// (not expected: the safeguarded iteration converges in well under its 200-step limit).
///
/// # Example
/// methods.md 2.8 (D = 0.3):
/// ```
/// use bildung_core::{NanPolicy, segregation::density_corrected_dissimilarity};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let d = density_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
/// assert!((d.value - 0.2997769160).abs() < 1e-10);
/// // City B of methods.md 2.8 (D = 0.054): every difference is within its standard error.
/// let xb = array![20., 18., 25., 22., 15., 20.];
/// let tb = array![70., 60., 75., 80., 55., 60.];
/// let db = density_corrected_dissimilarity(xb.view(), tb.view(), NanPolicy::Raise).unwrap();
/// assert_eq!(db.value, 0.0);
/// ```
pub fn density_corrected_dissimilarity(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    two_group_estimate("density-corrected dissimilarity", x, t, nan, |d| {
        if d.len() == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let (n0, n1) = (d.total_x, d.total_y());
        let mut acc = NeumaierSum::new();
        for (&xi, &ti) in d.x.iter().zip(d.t.iter()) {
            let (p0, p1) = (xi / n0, (ti - xi) / n1);
            let diff = (p1 - p0).abs();
            let sigma = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0).sqrt();
            acc.add(if sigma > 0.0 {
                sigma * folded_normal_mode(diff / sigma)?
            } else {
                diff
            });
        }
        Ok((0.5 * acc.value(), Flags::NONE))
    })
}

/// `argmax_{m >= 0} phi(m - theta) + phi(m + theta)` for `theta >= 0`: the maximum-likelihood
/// mean of a folded normal `|N(m, 1)|` observed at `theta`.
///
/// `ln` of the density is `-m^2/2 + ln cosh(theta m)` up to a constant, with derivative
/// `-m + theta tanh(theta m)`: `m = 0` is the maximum for `theta <= 1`, otherwise the positive root
/// of `m = theta tanh(theta m)` (unique, since `tanh(u)/u` decreases). In `u = theta m`,
/// `c = theta^2`: `F(u) = u - c tanh(u)` is convex on `u >= 0` with `F(0) = 0`, `F'(0) = 1 - c < 0`
/// and `F(c) >= 0`, so Newton from `u = c` decreases monotonically to the root.
fn folded_normal_mode(theta: f64) -> Result<f64> {
    const MAX_ITER: usize = 200;
    if theta <= 1.0 {
        return Ok(0.0);
    }
    if theta >= 5.0 {
        // The root differs from theta by a factor 1 - O(exp(-2 theta^2)) < 1e-21.
        return Ok(theta);
    }
    let c = theta * theta;
    let (mut lo, mut hi) = (0.0, c);
    let mut u = c;
    for _ in 0..MAX_ITER {
        let th = u.tanh();
        let f = u - c * th;
        if f > 0.0 {
            hi = u;
        } else if f < 0.0 {
            lo = u;
        } else {
            return Ok(u / theta);
        }
        let cosh = u.cosh();
        let slope = 1.0 - c / (cosh * cosh);
        let mut next = u - f / slope;
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        if (next - u).abs() <= 4.0 * f64::EPSILON * u {
            return Ok(next / theta);
        }
        u = next;
    }
    Err(Error::DidNotConverge {
        what: "folded-normal mode (density-corrected dissimilarity)",
        iterations: MAX_ITER,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::segregation::dissimilarity;
    use ndarray::{Array1, array};
    use statrs::distribution::{Continuous, Normal};

    const RAISE: NanPolicy = NanPolicy::Raise;

    fn example() -> (Array1<f64>, Array1<f64>) {
        (
            array![12., 30., 5., 40., 13.],
            array![60., 80., 50., 90., 70.],
        )
    }

    fn m1() -> (Array1<f64>, Array1<f64>) {
        (array![100., 60., 40., 0.], array![100., 100., 100., 100.])
    }

    fn city_b() -> (Array1<f64>, Array1<f64>) {
        (
            array![20., 18., 25., 22., 15., 20.],
            array![70., 60., 75., 80., 55., 60.],
        )
    }

    fn conprof(x: &Array1<f64>, t: &Array1<f64>, m: usize) -> ConcentrationProfile {
        concentration_profile(x.view(), t.view(), m, RAISE).unwrap()
    }

    fn dcd(x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        density_corrected_dissimilarity(x.view(), t.view(), RAISE)
            .unwrap()
            .value
    }

    #[test]
    fn conprof_matches_pysal() {
        // PySAL `_conprof` (numpy 2.4), m = 1000, 2, 3, 10.
        let cases = [
            (
                example(),
                [
                    0.1716879999999999,
                    -0.3,
                    -0.06666666666666667,
                    0.18299999999999997,
                ],
            ),
            (m1(), [0.6000000000000001, 0.5, 1.2000000000000002, 0.6]),
            (
                city_b(),
                [
                    0.032916666666666615,
                    -0.28571428571428575,
                    -0.04761904761904761,
                    0.05357142857142854,
                ],
            ),
        ];
        for ((x, t), want) in cases {
            for (m, w) in [1000, 2, 3, 10].into_iter().zip(want) {
                let c = conprof(&x, &t, m);
                assert!((c.value - w).abs() < 1e-13, "m = {m}: {} vs {w}", c.value);
                assert_eq!((c.thresholds.len(), c.shares.len()), (m, m));
                assert_eq!(c.flags, Flags::NONE);
            }
        }
        let c = conprof(&m1().0, &m1().1, 10);
        assert_eq!(
            c.shares,
            vec![1.0, 1.0, 1.0, 1.0, 0.8, 0.8, 0.5, 0.5, 0.5, 0.5]
        );
        let c = conprof(&city_b().0, &city_b().1, 10);
        assert_eq!(
            c.shares,
            vec![1.0, 1.0, 1.0, 0.375, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        );
    }

    #[test]
    fn thresholds_are_numpy_linspace() {
        let g = linspace_unit(1000);
        assert_eq!((g[0], g[999]), (0.0, 1.0));
        assert_eq!(g[1], 1.0 / 999.0);
        assert_eq!(g[500], 500.0 * (1.0 / 999.0));
        assert_eq!(linspace_unit(2), vec![0.0, 1.0]);
        assert_eq!(linspace_unit(5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    fn conprof_profile_is_a_survival_curve_and_converges_to_its_integral() {
        let (x, t) = example();
        let c = conprof(&x, &t, 1000);
        assert_eq!(c.shares[0], 1.0);
        assert!(c.shares.windows(2).all(|w| w[1] <= w[0]));
        // v(g) by its definition, at every threshold.
        for (&g, &v) in c.thresholds.iter().zip(&c.shares) {
            let direct: f64 = x
                .iter()
                .zip(&t)
                .filter(|&(&xi, &ti)| xi / ti >= g)
                .map(|(xi, _)| xi)
                .sum();
            assert_eq!(v, direct / 100.0);
        }
        // The Riemann sums tend to sum_i (x_i / X) |p_i - P| / (1 - P).
        let p = 100.0 / 350.0;
        let exact: f64 = x
            .iter()
            .zip(&t)
            .map(|(&xi, &ti)| xi / 100.0 * (xi / ti - p).abs())
            .sum::<f64>()
            / (1.0 - p);
        let fine = conprof(&x, &t, 1_000_000).value;
        assert!((fine - exact).abs() < 1e-5, "{fine} vs {exact}");
        assert!((c.value - exact).abs() < 3e-3);
        // Evenness gives about 0 and complete segregation 1.
        let even = conprof(&array![1., 2., 3.], &array![3., 6., 9.], 1000).value;
        assert!(even.abs() < 2e-3, "{even}");
        let full = conprof(&array![5., 0., 2., 0.], &array![5., 4., 2., 9.], 1000).value;
        assert!((full - 1.0).abs() < 1e-12, "{full}");
    }

    #[test]
    fn conprof_edge_cases() {
        let (x, t) = example();
        for m in [0, 1, MAX_CONCENTRATION_PROFILE_POINTS + 1] {
            let r = concentration_profile(x.view(), t.view(), m, RAISE);
            assert_eq!(
                r.unwrap_err().kind(),
                ErrorKind::InvalidParameter,
                "m = {m}"
            );
        }
        // One area: R = 0, flagged; the profile is a step at p_1.
        let c = conprof(&array![2., 0.], &array![7., 0.], 1000);
        assert_eq!((c.value, c.n_used, c.n_empty), (0.0, 1, 1));
        assert!(c.flags.contains(Flags::SINGLE_AREA));
        assert_eq!(c.shares[0], 1.0);
        assert_eq!(c.shares[999], 0.0);
        // Missing values.
        let xm = array![12., 30., 5., 40., 13., f64::NAN];
        let tm = array![60., 80., 50., 90., 70., 5.];
        let r = concentration_profile(xm.view(), tm.view(), 1000, RAISE);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::MissingValue);
        let o = concentration_profile(xm.view(), tm.view(), 1000, NanPolicy::Omit).unwrap();
        assert_eq!((o.n_used, o.n_dropped), (5, 1));
        assert_eq!(
            o,
            ConcentrationProfile {
                n_dropped: 1,
                ..conprof(&x, &t, 1000)
            }
        );
        let p = concentration_profile(xm.view(), tm.view(), 4, NanPolicy::Propagate).unwrap();
        assert!(p.value.is_nan() && p.shares.iter().all(|v| v.is_nan()));
        assert_eq!(p.thresholds.len(), 4);
        assert!(p.flags.contains(Flags::MISSING_PROPAGATED));
        // Empty group.
        let r = concentration_profile(t.view(), t.view(), 1000, RAISE);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::Undefined);
    }

    /// The folded-normal density (up to the factor of phi's normalisation, as PySAL uses it).
    fn fold(m: f64, theta: f64) -> f64 {
        let n = Normal::standard();
        n.pdf(m - theta) + n.pdf(m + theta)
    }

    #[test]
    fn folded_normal_mode_maximises_the_density() {
        for theta in [
            0.0,
            0.3,
            1.0,
            1.0 + 1e-12,
            1.0001,
            1.2,
            1.7584297,
            2.5,
            3.9,
            4.999,
            5.0,
            14.1,
        ] {
            let m = folded_normal_mode(theta).unwrap();
            assert!(m >= 0.0 && m <= theta, "{theta}: {m}");
            // Stationary: m = theta tanh(theta m).
            assert!(
                (m - theta * (theta * m).tanh()).abs() <= 1e-14 * theta.max(1.0),
                "{theta}: {m}"
            );
            // And a maximum on a grid over [0, theta + 3].
            let best = fold(m, theta);
            for j in 0..=4000 {
                let z = j as f64 * (theta + 3.0) / 4000.0;
                assert!(
                    fold(z, theta) <= best * (1.0 + 1e-12),
                    "{theta}: {z} beats {m}"
                );
            }
        }
        assert_eq!(folded_normal_mode(1.0).unwrap(), 0.0);
        // Just above 1 the mode is sqrt(3 (theta^2 - 1)) / theta to first order.
        let th: f64 = 1.0 + 1e-6;
        let approx = (3.0 * (th * th - 1.0)).sqrt() / th;
        assert!((folded_normal_mode(th).unwrap() - approx).abs() < 1e-8);
        // Values of the same root in Python (numpy).
        for (theta, want) in [
            (1.7584297330213203, 1.7510022987447686),
            (2.324952774876385, 2.324858899982914),
            (2.2877073526765015, 2.28757708836159),
        ] {
            assert!((folded_normal_mode(theta).unwrap() - want).abs() < 1e-14);
        }
    }

    #[test]
    fn density_corrected_values() {
        // Exact maximiser (Newton in numpy) and PySAL's Nelder-Mead result.
        let cases = [
            (example(), 0.29977691604994045, 0.2997764803457824),
            (m1(), 0.5999959622881599, 0.59999582351265),
            (city_b(), 0.0, 9.492974956540484e-07),
        ];
        for ((x, t), exact, pysal) in cases {
            let v = dcd(&x, &t);
            assert!((v - exact).abs() < 1e-14, "{v} vs {exact}");
            assert!((v - pysal).abs() < 1e-5, "{v} vs {pysal}");
            assert!(v <= dissimilarity(x.view(), t.view(), RAISE).unwrap().value);
        }
    }

    #[test]
    fn density_corrected_edge_cases() {
        // sigma_i = 0 in every area: complete segregation in two areas, no noise.
        assert_eq!(dcd(&array![3., 0.], &array![3., 4.]), 1.0);
        // Large areas: D_dc tends to D.
        let (x, t) = example();
        let (xl, tl) = (&x * 1e6, &t * 1e6);
        let d = dissimilarity(xl.view(), tl.view(), RAISE).unwrap().value;
        assert!((dcd(&xl, &tl) - d).abs() < 1e-12);
        // One area.
        let one =
            density_corrected_dissimilarity(array![2.].view(), array![5.].view(), RAISE).unwrap();
        assert_eq!(one.value, 0.0);
        assert!(one.flags.contains(Flags::SINGLE_AREA));
        // Missing values and empty areas.
        let xm = array![12., 30., 5., 40., 13., f64::NAN, 0.];
        let tm = array![60., 80., 50., 90., 70., 5., 0.];
        let o = density_corrected_dissimilarity(xm.view(), tm.view(), NanPolicy::Omit).unwrap();
        assert_eq!(
            (o.value, o.n_used, o.n_dropped, o.n_empty),
            (dcd(&x, &t), 5, 1, 1)
        );
        let p =
            density_corrected_dissimilarity(xm.view(), tm.view(), NanPolicy::Propagate).unwrap();
        assert!(p.value.is_nan());
        let r = density_corrected_dissimilarity(xm.view(), tm.view(), RAISE);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::MissingValue);
        let r = density_corrected_dissimilarity(Array1::zeros(5).view(), t.view(), RAISE);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::Undefined);
        let over = array![61., 30., 5., 40., 13.];
        let r = density_corrected_dissimilarity(over.view(), t.view(), RAISE);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidCount);
    }
}
