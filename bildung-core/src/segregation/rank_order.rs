//! Rank-order segregation for ordered groups (Rangordnungs-Segregation; Reardon 2011, "Measures
//! of income segregation", CEPA working paper; Reardon & Bischoff 2011): segregation over the
//! whole distribution of an ordered variable — Bildungsabschluss der Eltern, Leistungsstufen,
//! income brackets — rather than of one cut-off.
//!
//! The columns of the count table are the ordered categories, lowest first. Each of the `J - 1`
//! cut-offs between adjacent categories splits the population into "at or below" and "above"; the
//! two-group index `S(p_c)` at the cumulative share `p_c` below the cut-off forms the
//! **segregation profile**. A polynomial in `p` is fitted to the profile by weighted least
//! squares, and the rank-order index is the weighted average of the polynomial over `p` in
//! `(0, 1)`, which reduces to `delta' beta` with closed-form `delta`.
//!
//! The algorithm follows PySAL `segregation` 2.6 (`segregation/rankorder/_utils.py`, classes
//! `RankOrderInfoTheory` and `RankOrderVarianceRatio`), with the following documented choices:
//! * **degree** `= min(4, m - 1)` for `m` thresholds: the PySAL default 4 when there are at least
//!   five thresholds (six categories; then the results agree with PySAL), otherwise the
//!   interpolating polynomial through all thresholds (PySAL raises an error there);
//! * categories with no members are left out ([`Flags::EMPTY_GROUPS`]): their cut-off repeats the
//!   previous one (same split, same `p`). PySAL keeps such a repeated threshold as a second data
//!   point of the fit (double weight) unless it lies at `p = 0` or `1`; we count it once;
//! * the polynomial is fitted by Householder QR on the weighted monomial design (not the normal
//!   equations), which keeps about 12 significant digits for degree 4;
//! * PySAL's delta-method standard error and weighted R² are not computed.

use ndarray::ArrayView2;

use super::input::{PreparedTable, Table, table};
use super::multigroup::kl_row;
use crate::error::{Error, Result};
use crate::input::{Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Highest polynomial degree (Reardon's and PySAL's choice).
const MAX_DEGREE: usize = 4;

/// A rank-order segregation index with its segregation profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RankOrderSegregation {
    /// The rank-order index `delta' beta` (NaN only when a missing value was propagated).
    pub value: f64,
    /// Cumulative population share `p_c` at or below each cut-off (`J - 1` values for `J`
    /// ordered groups with members, strictly increasing in `(0, 1)`).
    pub thresholds: Vec<f64>,
    /// The two-group index at each cut-off (same length as `thresholds`).
    pub profile: Vec<f64>,
    /// Degree of the fitted polynomial, `min(4, thresholds.len() - 1)`.
    pub degree: usize,
    /// Fitted polynomial coefficients `beta_0 .. beta_degree` (monomial basis in `p`, lowest
    /// order first).
    pub coefficients: Vec<f64>,
    /// Areas used.
    pub n_used: usize,
    /// Areas dropped as missing.
    pub n_dropped: usize,
    /// Areas with no population.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// Which two-group index is integrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binary {
    /// Theil's H; weight `E(p) = -2 [p ln p + (1-p) ln(1-p)]`.
    InformationTheory,
    /// Variance ratio (eta^2); weight `I(p) = 4 p (1-p)`.
    VarianceRatio,
}

impl Binary {
    /// The weight function `w(p)` (as PySAL: the entropy weight integrates to 1 over (0, 1),
    /// `4p(1-p)` to 2/3; the scale does not matter for the fit and the deltas are normalised).
    fn weight(self, p: f64) -> f64 {
        match self {
            Binary::InformationTheory => -2.0 * (p * p.ln() + (1.0 - p) * (-p).ln_1p()),
            Binary::VarianceRatio => 4.0 * p * (1.0 - p),
        }
    }

    /// `delta_q = integral_0^1 w(p) p^q dp / integral_0^1 w(p) dp`, `q = 0..=degree`.
    fn deltas(self, degree: usize) -> Vec<f64> {
        (0..=degree)
            .map(|q| {
                let qf = q as f64;
                match self {
                    Binary::InformationTheory => {
                        // 2/(q+2)^2 + 2 sum_{n=0}^{q} (-1)^(q-n) C(q,n) / (q-n+2)^2
                        let mut tail = 0.0;
                        let mut binom = 1.0; // C(q, n)
                        for n in 0..=q {
                            let sign = if (q - n) % 2 == 0 { 1.0 } else { -1.0 };
                            let d = (q - n) as f64 + 2.0;
                            tail += sign * binom / (d * d);
                            binom = binom * (q - n) as f64 / (n + 1) as f64;
                        }
                        2.0 / ((qf + 2.0) * (qf + 2.0)) + 2.0 * tail
                    }
                    Binary::VarianceRatio => 6.0 / ((qf + 2.0) * (qf + 3.0)),
                }
            })
            .collect()
    }

    /// The two-group index of the split `x_i` (at or below) vs `t_i - x_i`, `x_total = sum x_i`.
    fn index(self, t: &Table, x: &[f64], x_total: f64) -> f64 {
        if t.k == 1 {
            return 0.0;
        }
        let p = x_total / t.total;
        match self {
            Binary::InformationTheory => {
                // H = M / E with M in the non-negative Kullback-Leibler form
                let shares = [p, 1.0 - p];
                let mut m = NeumaierSum::new();
                for (&xi, &ti) in x.iter().zip(&t.area_totals) {
                    let yi = (ti - xi).max(0.0);
                    m.add(ti * kl_row(&[xi, yi], ti, &shares));
                }
                let e = -(p * p.ln() + (1.0 - p) * (-p).ln_1p());
                (m.value() / t.total / e).min(1.0)
            }
            Binary::VarianceRatio => {
                // eta^2 = sum_i t_i (p_i - P)^2 / (T P (1 - P))
                let mut s = NeumaierSum::new();
                for (&xi, &ti) in x.iter().zip(&t.area_totals) {
                    let d = xi / ti - p;
                    s.add(ti * d * d);
                }
                (s.value() / (t.total * p * (1.0 - p))).min(1.0)
            }
        }
    }
}

/// Least squares `min |A beta - b|` by Householder QR; `a` is `m x n` row-major, `m >= n`.
/// `None` when `A` is (numerically) rank deficient.
fn least_squares(mut a: Vec<f64>, mut b: Vec<f64>, m: usize, n: usize) -> Option<Vec<f64>> {
    let mut diag = vec![0.0; n];
    let mut max_diag: f64 = 0.0;
    for col in 0..n {
        let norm = (col..m)
            .map(|r| a[r * n + col] * a[r * n + col])
            .sum::<f64>()
            .sqrt();
        if norm == 0.0 {
            return None;
        }
        let alpha = if a[col * n + col] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (col..m).map(|r| a[r * n + col]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|x| x * x).sum();
        if vv > 0.0 {
            for c in col..n {
                let dot: f64 = (col..m).zip(&v).map(|(r, vi)| vi * a[r * n + c]).sum();
                let f = 2.0 * dot / vv;
                for (r, vi) in (col..m).zip(&v) {
                    a[r * n + c] -= f * vi;
                }
            }
            let dot: f64 = (col..m).zip(&v).map(|(r, vi)| vi * b[r]).sum();
            let f = 2.0 * dot / vv;
            for (r, vi) in (col..m).zip(&v) {
                b[r] -= f * vi;
            }
        }
        diag[col] = a[col * n + col];
        max_diag = max_diag.max(diag[col].abs());
    }
    if diag.iter().any(|d| d.abs() <= 1e-13 * max_diag) {
        return None;
    }
    let mut beta = vec![0.0; n];
    for row in (0..n).rev() {
        let mut s = b[row];
        for c in row + 1..n {
            s -= a[row * n + c] * beta[c];
        }
        beta[row] = s / a[row * n + row];
    }
    Some(beta)
}

fn rank_order(
    measure: &'static str,
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
    kind: Binary,
) -> Result<RankOrderSegregation> {
    let t = match table(measure, counts, nan, 2)? {
        PreparedTable::Propagate { n } => {
            return Ok(RankOrderSegregation {
                value: f64::NAN,
                thresholds: Vec::new(),
                profile: Vec::new(),
                degree: 0,
                coefficients: Vec::new(),
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
        PreparedTable::Data(t) => t,
    };
    if t.j < 3 {
        return Err(Error::undefined(
            measure,
            "rank-order segregation needs at least three ordered groups with members \
             (two cut-offs); with two groups use the two-group index",
        ));
    }
    // segregation profile: O(k J)
    let m = t.j - 1;
    let mut below = vec![0.0; t.k];
    let mut thresholds = Vec::with_capacity(m);
    let mut profile = Vec::with_capacity(m);
    for c in 0..m {
        let mut x_total = NeumaierSum::new();
        for (i, x) in below.iter_mut().enumerate() {
            *x += t.count(i, c);
            x_total.add(*x);
        }
        let x_total = x_total.value();
        thresholds.push(x_total / t.total);
        profile.push(kind.index(&t, &below, x_total));
    }
    // weighted least squares with weights w(p)^2: rows scaled by w(p)
    let degree = MAX_DEGREE.min(m - 1);
    let n = degree + 1;
    let mut a = Vec::with_capacity(m * n);
    let mut b = Vec::with_capacity(m);
    for (&p, &y) in thresholds.iter().zip(&profile) {
        let w = kind.weight(p);
        let mut power = 1.0;
        for _ in 0..n {
            a.push(w * power);
            power *= p;
        }
        b.push(w * y);
    }
    let coefficients = least_squares(a, b, m, n).ok_or_else(|| {
        Error::undefined(
            measure,
            "the polynomial fit of the segregation profile is singular",
        )
    })?;
    let value = crate::sum::neumaier_sum(
        kind.deltas(degree)
            .iter()
            .zip(&coefficients)
            .map(|(d, c)| d * c),
    );
    Ok(RankOrderSegregation {
        value,
        thresholds,
        profile,
        degree,
        coefficients,
        n_used: t.k,
        n_dropped: t.n_dropped,
        n_empty: t.n_empty,
        flags: t.flags(),
    })
}

/// Rank-order information theory index H^R (Rangordnungs-Informationsindex; Reardon 2011,
/// PySAL `RankOrderInfoTheory`): Theil's two-group H averaged over all cut-offs of an ordered
/// variable, weighting each cut-off by the entropy of the split.
///
/// ```text
/// profile:  H(p_c) = two-group Theil H of "groups 1..c" vs "groups c+1..J",  c = 1..J-1
///           p_c    = (N_1 + ... + N_c) / T
/// weight:   E(p) = -2 [p ln p + (1 - p) ln(1 - p)]          (integrates to 1 over (0, 1))
/// fit:      H(p) ~ beta_0 + beta_1 p + ... + beta_d p^d,  d = min(4, J - 2),
///           weighted least squares with weights E(p_c)^2
/// index:    H^R = integral_0^1 E(p) H(p) dp = sum_q delta_q beta_q,
///           delta_q = 2/(q+2)^2 + 2 sum_{n=0..q} (-1)^(q-n) C(q,n) / (q-n+2)^2
///                   = 1, 1/2, 11/36, 5/24, 137/900
/// ```
/// Range: `[0, 1]` when the profile is (the fitted polynomial can stray slightly outside for
/// erratic profiles; the value is not clamped, as in PySAL). Columns must be in order, lowest
/// first; reversing the order mirrors the profile (`p -> 1 - p`) and gives the same value.
///
/// # Edge cases
/// Needs at least three ordered groups with members. Empty categories are left out
/// ([`Flags::EMPTY_GROUPS`]); areas with no population are dropped; one area gives 0
/// ([`Flags::SINGLE_AREA`]).
///
/// # Errors
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (a negative count),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (fewer than three ordered groups with
/// members, or no area with population).
///
/// # Example
/// Six ordered categories (e.g. parental education) in five areas.
/// ```
/// use bildung_core::{NanPolicy, segregation::rank_order_information_theory};
/// use ndarray::array;
/// let n = array![
///     [10., 20., 30., 25., 10., 5.],
///     [5., 10., 20., 30., 20., 15.],
///     [30., 25., 20., 10., 10., 5.],
///     [8., 12., 25., 25., 18., 12.],
///     [2., 5., 10., 20., 30., 33.],
/// ];
/// let r = rank_order_information_theory(n.view(), NanPolicy::Raise)?;
/// assert!((r.value - 0.1187557).abs() < 1e-7);
/// assert_eq!((r.thresholds.len(), r.degree), (5, 4));
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn rank_order_information_theory(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<RankOrderSegregation> {
    rank_order(
        "rank_order_information_theory",
        counts,
        nan,
        Binary::InformationTheory,
    )
}

/// Rank-order variance ratio index R^R (Rangordnungs-Varianzquotient; Reardon 2011, PySAL
/// `RankOrderVarianceRatio`): the two-group variance ratio (correlation ratio eta^2) averaged
/// over all cut-offs of an ordered variable, weighting each cut-off by `4 p (1 - p)`.
///
/// ```text
/// profile:  R(p_c) = sum_i t_i (p_ic - p_c)^2 / (T p_c (1 - p_c)),  p_ic = share of area i at or
///           below cut-off c,  c = 1..J-1
/// weight:   I(p) = 4 p (1 - p)
/// fit:      R(p) ~ beta_0 + ... + beta_d p^d,  d = min(4, J - 2),  WLS weights I(p_c)^2
/// index:    R^R = integral_0^1 I(p) R(p) dp / integral_0^1 I(p) dp = sum_q delta_q beta_q,
///           delta_q = 6 / ((q+2)(q+3)) = 1, 1/2, 3/10, 1/5, 1/7
/// ```
/// Of the rank-order indices this one weights the cut-offs most evenly over the distribution.
/// Range as [`rank_order_information_theory`].
///
/// # Edge cases
/// As [`rank_order_information_theory`].
///
/// # Errors
/// As [`rank_order_information_theory`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::rank_order_variance_ratio};
/// use ndarray::array;
/// let n = array![
///     [10., 20., 30., 25., 10., 5.],
///     [5., 10., 20., 30., 20., 15.],
///     [30., 25., 20., 10., 10., 5.],
///     [8., 12., 25., 25., 18., 12.],
///     [2., 5., 10., 20., 30., 33.],
/// ];
/// let r = rank_order_variance_ratio(n.view(), NanPolicy::Raise)?;
/// assert!((r.value - 0.1385263).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn rank_order_variance_ratio(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<RankOrderSegregation> {
    rank_order(
        "rank_order_variance_ratio",
        counts,
        nan,
        Binary::VarianceRatio,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::{Array2, Axis, array};

    fn six() -> Array2<f64> {
        array![
            [10., 20., 30., 25., 10., 5.],
            [5., 10., 20., 30., 20., 15.],
            [30., 25., 20., 10., 10., 5.],
            [8., 12., 25., 25., 18., 12.],
            [2., 5., 10., 20., 30., 33.]
        ]
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} != {b} (tol {tol})");
    }

    // Reference values: an independent plain-Python implementation of PySAL's algorithm
    // (rankorder/_utils.py) that solves the WLS normal equations in exact rational arithmetic.

    #[test]
    fn information_theory_six_categories() {
        let r = rank_order_information_theory(six().view(), NanPolicy::Raise).unwrap();
        close(r.value, 0.118755679063773, 1e-12);
        let p = [0.11, 0.254, 0.464, 0.684, 0.86];
        let h = [
            0.127732112939487,
            0.126236092991267,
            0.123363809553414,
            0.114265088161911,
            0.100737094261640,
        ];
        for c in 0..5 {
            close(r.thresholds[c], p[c], 1e-15);
            close(r.profile[c], h[c], 1e-14);
        }
        assert_eq!(r.degree, 4);
        let beta = [
            0.13050066764764123,
            -0.03656995125510734,
            0.12535586093637485,
            -0.20529914120765203,
            0.07231179239597195,
        ];
        for (c, b) in r.coefficients.iter().zip(beta) {
            close(*c, b, 1e-9);
        }
        assert_eq!((r.n_used, r.n_dropped, r.n_empty), (5, 0, 0));
        assert!(r.flags.is_empty());
    }

    #[test]
    fn variance_ratio_six_categories() {
        let r = rank_order_variance_ratio(six().view(), NanPolicy::Raise).unwrap();
        close(r.value, 0.138526280502338, 1e-12);
        let eta = [
            0.099693564862104,
            0.144940997656794,
            0.160769428718477,
            0.143533940336072,
            0.087707641196013,
        ];
        for (v, x) in r.profile.iter().zip(eta) {
            close(*v, x, 1e-14);
        }
    }

    #[test]
    fn three_groups_interpolate_methods_2_8() {
        // first cut-off is the two-group example of methods.md 2.8: H = 0.0705275, eta^2 = 0.0807889
        let n = array![
            [12., 30., 18.],
            [30., 35., 15.],
            [5., 40., 5.],
            [40., 30., 20.],
            [13., 37., 20.]
        ];
        let h = rank_order_information_theory(n.view(), NanPolicy::Raise).unwrap();
        close(h.profile[0], 0.0705275, 5e-8);
        assert_eq!(h.degree, 1);
        close(h.value, 0.050601723668447, 1e-13);
        let v = rank_order_variance_ratio(n.view(), NanPolicy::Raise).unwrap();
        close(v.profile[0], 0.0807889, 5e-8);
        close(v.value, 0.056267715659236, 1e-13);
        // a straight line through the two points, integrated against the weight
        let (p0, p1) = (h.thresholds[0], h.thresholds[1]);
        let slope = (h.profile[1] - h.profile[0]) / (p1 - p0);
        let line = h.profile[0] + slope * (0.5 - p0); // delta_1 = 1/2
        close(h.value, line, 1e-14);
    }

    #[test]
    fn deltas_closed_form() {
        let d = Binary::InformationTheory.deltas(4);
        let expected = [1.0, 0.5, 11.0 / 36.0, 5.0 / 24.0, 137.0 / 900.0];
        for q in 0..5 {
            close(d[q], expected[q], 1e-15);
        }
        let v = Binary::VarianceRatio.deltas(4);
        let expected_v = [1.0, 0.5, 0.3, 0.2, 1.0 / 7.0];
        for q in 0..5 {
            close(v[q], expected_v[q], 1e-15);
        }
        // delta_q = integral of w(p) p^q / integral of w(p) (midpoint rule check)
        let steps = 200_000;
        for kind in [Binary::InformationTheory, Binary::VarianceRatio] {
            let d = kind.deltas(4);
            let integral = |q: i32| -> f64 {
                (0..steps)
                    .map(|i| {
                        let p = (i as f64 + 0.5) / steps as f64;
                        kind.weight(p) * p.powi(q)
                    })
                    .sum::<f64>()
                    / steps as f64
            };
            let total = integral(0);
            for (q, dq) in d.iter().enumerate() {
                close(integral(q as i32) / total, *dq, 1e-6);
            }
        }
    }

    #[test]
    fn reversed_order_and_constant_profiles() {
        let n = six();
        let rev = n.select(Axis(1), &[5, 4, 3, 2, 1, 0]);
        for f in [rank_order_information_theory, rank_order_variance_ratio] {
            let a = f(n.view(), NanPolicy::Raise).unwrap();
            let b = f(rev.view(), NanPolicy::Raise).unwrap();
            // the profile mirrors: p -> 1 - p, same split; the weights are symmetric
            close(a.value, b.value, 1e-12);
        }
        // complete segregation of every category: profile 1 everywhere, index 1
        let full =
            Array2::from_shape_fn((6, 6), |(i, j)| if i == j { 3.0 + i as f64 } else { 0.0 });
        for f in [rank_order_information_theory, rank_order_variance_ratio] {
            let r = f(full.view(), NanPolicy::Raise).unwrap();
            assert!(r.profile.iter().all(|&v| (v - 1.0).abs() < 1e-14));
            close(r.value, 1.0, 1e-12);
        }
        // identical composition everywhere: 0
        let even = array![[1., 2., 3., 4.], [2., 4., 6., 8.]];
        let r = rank_order_information_theory(even.view(), NanPolicy::Raise).unwrap();
        close(r.value, 0.0, 1e-15);
    }

    #[test]
    fn edge_cases_and_errors() {
        let two = array![[1., 2.], [3., 1.]];
        assert_eq!(
            rank_order_information_theory(two.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        // an empty middle category is dropped: same result as without it
        let n = six();
        let with_gap = Array2::from_shape_fn((5, 7), |(i, c)| match c {
            0..=2 => n[(i, c)],
            3 => 0.0,
            _ => n[(i, c - 1)],
        });
        let a = rank_order_variance_ratio(n.view(), NanPolicy::Raise).unwrap();
        let b = rank_order_variance_ratio(with_gap.view(), NanPolicy::Raise).unwrap();
        close(a.value, b.value, 1e-15);
        assert!(b.flags.contains(Flags::EMPTY_GROUPS));
        // three columns but one empty: fewer than three groups
        let gap3 = array![[1., 0., 2.], [3., 0., 1.]];
        assert_eq!(
            rank_order_variance_ratio(gap3.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );
        // single area
        let one = array![[1., 2., 3., 4.]];
        let r = rank_order_information_theory(one.view(), NanPolicy::Raise).unwrap();
        assert_eq!(r.value, 0.0);
        assert!(r.flags.contains(Flags::SINGLE_AREA));
        // missing values
        let mut m = six();
        m[(0, 3)] = f64::NAN;
        assert_eq!(
            rank_order_information_theory(m.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::MissingValue
        );
        let p = rank_order_information_theory(m.view(), NanPolicy::Propagate).unwrap();
        assert!(p.value.is_nan() && p.flags.contains(Flags::MISSING_PROPAGATED));
        let o = rank_order_information_theory(m.view(), NanPolicy::Omit).unwrap();
        assert_eq!((o.n_used, o.n_dropped), (4, 1));
        let rest = six().select(Axis(0), &[1, 2, 3, 4]);
        close(
            o.value,
            rank_order_information_theory(rest.view(), NanPolicy::Raise)
                .unwrap()
                .value,
            1e-15,
        );
    }

    #[test]
    fn least_squares_recovers_a_polynomial() {
        // y = 1 - 2p + 3p^2 exactly on 7 points, uneven row scaling
        let ps = [0.05, 0.2, 0.3, 0.5, 0.65, 0.8, 0.97];
        let mut a = Vec::new();
        let mut b = Vec::new();
        for (k, &p) in ps.iter().enumerate() {
            let w = 1.0 + k as f64;
            a.extend([w, w * p, w * p * p]);
            b.push(w * (1.0 - 2.0 * p + 3.0 * p * p));
        }
        let beta = least_squares(a, b, 7, 3).unwrap();
        close(beta[0], 1.0, 1e-13);
        close(beta[1], -2.0, 1e-13);
        close(beta[2], 3.0, 1e-13);
        assert!(least_squares(vec![1.0, 1.0, 2.0, 2.0], vec![1.0, 2.0], 2, 2).is_none());
    }
}
