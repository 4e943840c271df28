//! Marshall's (1991) empirical Bayes rates, global and local (empirische Bayes-Schätzung nach
//! Marshall; R `spdep::EBest`, `spdep::EBlocal`; methods.md 3.5).
//!
//! The moment estimator of a Poisson-gamma model: the true rate of area `i` has prior mean `m`
//! and prior (between-area) variance `A`; the observed rate `r_i = x_i / n_i` has sampling
//! variance `m / n_i`. The estimate pulls `r_i` towards `m` by the shrinkage weight `C_i`.

use ndarray::ArrayView1;

use super::counts::{Areas, validate};
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Marshall empirical Bayes rates, one entry per input area.
///
/// Areas with a missing count (status [`AreaStatus::Missing`]) have NaN everywhere; areas with
/// population 0 ([`AreaStatus::NoData`]) have the prior mean as estimate, shrinkage 0 and a NaN
/// raw rate; in the local estimator an area whose neighbourhood has no population at all
/// ([`AreaStatus::Empty`]) has NaN everywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct MarshallEb {
    /// The empirical Bayes rate `theta_i = m_i + C_i (r_i - m_i)`.
    pub estimate: Vec<f64>,
    /// The raw rate `r_i = x_i / n_i` (NaN for population 0).
    pub rate: Vec<f64>,
    /// The shrinkage weight `C_i = A_i / (A_i + m_i / n_i)` in `[0, 1]`: the weight of the raw
    /// rate (0 = complete shrinkage to the prior mean).
    pub shrinkage: Vec<f64>,
    /// The prior mean `m_i` (global: the pooled rate `m` for every area; local: the pooled rate
    /// of the area and its neighbours).
    pub prior_mean: Vec<f64>,
    /// The prior (between-area) variance `A_i` (global: `A` for every area).
    pub prior_variance: Vec<f64>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// The pooled rate `m = sum x_i / sum n_i` over the areas with data.
    pub pooled_rate: f64,
    /// The global between-area variance `A = max(0, s2 - m / nbar)` (also reported for the
    /// local estimator, as a summary).
    pub between_variance: f64,
    /// True for the local estimator.
    pub local: bool,
    /// Areas with data (population above 0, not missing): the `k` of the formulas.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with population 0 (status `NoData`).
    pub n_empty: usize,
    /// [`Flags::NO_BETWEEN_VARIANCE`] (global: `A = 0`; local: every `A_i = 0`),
    /// [`Flags::MISSING_PROPAGATED`].
    pub flags: Flags,
}

/// Pooled moments of a set of areas: `(m, s2, nbar)`, or `None` without population.
///
/// `m = sum x / sum n`, `s2 = sum n (r - m)^2 / sum n`, `nbar = sum n / k` over the areas
/// `idx` (which all have population > 0).
fn moments(areas: &Areas<'_>, idx: impl Iterator<Item = usize> + Clone) -> Option<(f64, f64, f64)> {
    let (mut x_sum, mut n_sum, mut k) = (NeumaierSum::new(), NeumaierSum::new(), 0usize);
    for i in idx.clone() {
        let (x, n) = areas.area(i);
        x_sum.add(x);
        n_sum.add(n);
        k += 1;
    }
    let total = n_sum.value();
    if k == 0 || total <= 0.0 {
        return None;
    }
    let m = x_sum.value() / total;
    let mut ss = NeumaierSum::new();
    for i in idx {
        let (x, n) = areas.area(i);
        let d = x / n - m;
        ss.add(n * d * d);
    }
    Some((m, ss.value() / total, total / k as f64))
}

/// `A = max(0, s2 - m / nbar)`.
fn between(m: f64, s2: f64, nbar: f64) -> f64 {
    (s2 - m / nbar).max(0.0)
}

/// `C = A / (A + m / n)`, with `C = 0` when both are 0 (no events: `m = 0`).
fn weight(a: f64, m: f64, n: f64) -> f64 {
    let d = a + m / n;
    if d > 0.0 { a / d } else { 0.0 }
}

/// Fill the outputs of area `i` from its prior `(m_i, A_i)`.
fn fill(out: &mut MarshallEb, areas: &Areas<'_>, i: usize, m: f64, a: f64) {
    if areas.status[i] == AreaStatus::Missing {
        return;
    }
    out.prior_mean[i] = m;
    out.prior_variance[i] = a;
    match areas.status[i] {
        AreaStatus::Ok => {
            let (x, n) = areas.area(i);
            let r = x / n;
            let c = weight(a, m, n);
            out.rate[i] = r;
            out.shrinkage[i] = c;
            out.estimate[i] = m + c * (r - m);
        }
        AreaStatus::NoData => {
            out.shrinkage[i] = 0.0;
            out.estimate[i] = m;
        }
        _ => {}
    }
}

fn empty_result(areas: &Areas<'_>, local: bool) -> MarshallEb {
    let k = areas.status.len();
    MarshallEb {
        estimate: vec![f64::NAN; k],
        rate: vec![f64::NAN; k],
        shrinkage: vec![f64::NAN; k],
        prior_mean: vec![f64::NAN; k],
        prior_variance: vec![f64::NAN; k],
        status: areas.status.clone(),
        pooled_rate: f64::NAN,
        between_variance: f64::NAN,
        local,
        n_used: areas.used.len(),
        n_dropped: areas.n_dropped,
        n_empty: areas.n_empty,
        flags: areas.flags,
    }
}

/// Marshall's global empirical Bayes rates (globale empirische Bayes-Schätzung; R
/// `spdep::EBest`, methods.md 3.5).
///
/// ```text
/// r_i = x_i / n_i;  m = sum x_i / sum n_i;  s2 = sum n_i (r_i - m)^2 / sum n_i;  nbar = sum n_i / k
/// A = max(0, s2 - m / nbar)          (between-area variance of the true rates)
/// C_i = A / (A + m / n_i)            (shrinkage weight, 0..1)
/// theta_i = m + C_i (r_i - m)
/// ```
/// Sums run over the `k` areas with data (population above 0, not missing). EB rates are for
/// display and ranking: publish them beside the raw rate, its interval and `A`.
///
/// # Edge cases
/// * Population 0: estimate `m`, shrinkage 0, status [`AreaStatus::NoData`].
/// * No events anywhere (`m = 0`): every estimate is 0 and every `C_i = 0`.
/// * `A = 0`: complete shrinkage to `m` ([`Flags::NO_BETWEEN_VARIANCE`]), a common and
///   legitimate outcome with few areas.
/// * Missing counts follow the [`NanPolicy`] (see [`crate::smallarea`]).
///
/// # Errors
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) with fewer than 2 areas with population
/// (`k = 1`); [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative counts,
/// events above the population), [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch),
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput).
///
/// # Example
/// The 8 Ortsteile of methods.md 3.5:
/// ```
/// use bildung_core::{NanPolicy, smallarea::marshall_global};
/// use ndarray::array;
/// let x = array![3., 6., 9., 12., 7., 15., 0., 4.];
/// let n = array![12., 45., 80., 150., 30., 220., 8., 60.];
/// let eb = marshall_global(x.view(), n.view(), NanPolicy::Raise)?;
/// assert!((eb.pooled_rate - 0.0925620).abs() < 5e-8);
/// assert!((eb.between_variance - 0.00086159).abs() < 5e-9);
/// assert!((eb.shrinkage[0] - 0.1005).abs() < 5e-5);
/// assert!((eb.estimate[0] - 0.1084).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn marshall_global(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<MarshallEb> {
    let areas = validate("marshall_global", events, population, nan, false)?;
    let mut out = empty_result(&areas, false);
    let Some((m, s2, nbar)) = moments(&areas, areas.used.iter().copied()) else {
        return Err(Error::undefined(
            "marshall_global",
            "no area has population",
        ));
    };
    let a = between(m, s2, nbar);
    out.pooled_rate = m;
    out.between_variance = a;
    if a == 0.0 {
        out.flags |= Flags::NO_BETWEEN_VARIANCE;
    }
    for i in 0..areas.status.len() {
        fill(&mut out, &areas, i, m, a);
    }
    Ok(out)
}

/// Marshall's local empirical Bayes rates (lokale empirische Bayes-Schätzung; R
/// `spdep::EBlocal`, methods.md 3.5): the global estimator with the prior of area `i` estimated
/// from area `i` and its neighbours only.
///
/// ```text
/// J_i = {i} ∪ neighbours(i), restricted to areas with data;  k_i = |J_i|
/// m_i = sum_J x_j / sum_J n_j;  s2_i = sum_J n_j (r_j - m_i)^2 / sum_J n_j;  nbar_i = sum_J n_j / k_i
/// A_i = max(0, s2_i - m_i / nbar_i);  C_i = A_i / (A_i + m_i / n_i);  theta_i = m_i + C_i (r_i - m_i)
/// ```
///
/// `neighbours[i]` lists the areas adjacent to area `i` (0-based positions; the area itself is
/// always included, whether listed or not; repeated entries count once). The lists need not be
/// symmetric. The global `m` and `A` are reported too ([`MarshallEb::pooled_rate`],
/// [`MarshallEb::between_variance`]).
///
/// # Edge cases
/// As [`marshall_global`], per neighbourhood: an area with population 0 gets `m_i`
/// ([`AreaStatus::NoData`]); an area whose neighbourhood has no population gets NaN
/// ([`AreaStatus::Empty`]); an isolated area (no neighbours) has `A_i = 0` and keeps its raw
/// rate (`m_i = r_i`). [`Flags::NO_BETWEEN_VARIANCE`] when every `A_i` is 0.
///
/// # Errors
/// As [`marshall_global`]; also [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch)
/// when `neighbours` does not have one list per area, and
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) for an entry that names an
/// area that does not exist (the message names the area and the entry).
///
/// # Example
/// methods.md 3.5 with a chain adjacency (area `i` borders `i - 1` and `i + 1`):
/// ```
/// use bildung_core::{NanPolicy, smallarea::marshall_local};
/// use ndarray::array;
/// let x = array![3., 6., 9., 12., 7., 15., 0., 4.];
/// let n = array![12., 45., 80., 150., 30., 220., 8., 60.];
/// let chain: Vec<Vec<usize>> = (0..8)
///     .map(|i: usize| [i.wrapping_sub(1), i + 1].into_iter().filter(|&j| j < 8).collect())
///     .collect();
/// let eb = marshall_local(x.view(), n.view(), &chain, NanPolicy::Raise)?;
/// assert!((eb.estimate[0] - 0.1579).abs() < 5e-5);
/// assert!((eb.estimate[7] - 0.0588).abs() < 5e-5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn marshall_local(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    neighbours: &[Vec<usize>],
    nan: NanPolicy,
) -> Result<MarshallEb> {
    let k = events.len();
    if neighbours.len() != k {
        return Err(Error::ShapeMismatch {
            what: "neighbours",
            expected: k,
            found: neighbours.len(),
        });
    }
    for (i, list) in neighbours.iter().enumerate() {
        if let Some(&j) = list.iter().find(|&&j| j >= k) {
            return Err(Error::parameter(
                "neighbours",
                format!("neighbours[{i}] = {j}"),
                format!(
                    "area {i} names neighbour {j}, but there is no area {j} (there are {k} areas, numbered 0..{})",
                    k.saturating_sub(1)
                ),
            ));
        }
    }
    let areas = validate("marshall_local", events, population, nan, false)?;
    let mut out = empty_result(&areas, true);
    if let Some((m, s2, nbar)) = moments(&areas, areas.used.iter().copied()) {
        out.pooled_rate = m;
        out.between_variance = between(m, s2, nbar);
    }
    // neighbourhood of i: itself and its listed neighbours, each once, with data
    let mut mark = vec![usize::MAX; k];
    let mut hood: Vec<usize> = Vec::new();
    let mut every_a_zero = true;
    for (i, listed) in neighbours.iter().enumerate() {
        if areas.status[i] == AreaStatus::Missing {
            continue;
        }
        hood.clear();
        for j in std::iter::once(i).chain(listed.iter().copied()) {
            if mark[j] != i {
                mark[j] = i;
                if areas.status[j] == AreaStatus::Ok {
                    hood.push(j);
                }
            }
        }
        match moments(&areas, hood.iter().copied()) {
            Some((m, s2, nbar)) => {
                let a = between(m, s2, nbar);
                every_a_zero &= a == 0.0;
                fill(&mut out, &areas, i, m, a);
            }
            None => out.status[i] = AreaStatus::Empty,
        }
    }
    if every_a_zero {
        out.flags |= Flags::NO_BETWEEN_VARIANCE;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use ndarray::array;

    const X: [f64; 8] = [3., 6., 9., 12., 7., 15., 0., 4.];
    const N: [f64; 8] = [12., 45., 80., 150., 30., 220., 8., 60.];

    fn chain(k: usize) -> Vec<Vec<usize>> {
        (0..k)
            .map(|i: usize| {
                [i.wrapping_sub(1), i + 1]
                    .into_iter()
                    .filter(|&j| j < k)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn global_matches_a_hand_calculation() {
        // two areas: x = (1, 9), n = (10, 30): m = 10/40 = 0.25,
        // s2 = (10 (0.1 - 0.25)^2 + 30 (0.3 - 0.25)^2) / 40 = (0.225 + 0.075) / 40 = 0.0075,
        // nbar = 20, A = max(0, 0.0075 - 0.0125) = 0 -> complete shrinkage
        let eb = marshall_global(
            array![1.0, 9.0].view(),
            array![10.0, 30.0].view(),
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((eb.pooled_rate - 0.25).abs() < 1e-15);
        assert_eq!(eb.between_variance, 0.0);
        assert!(eb.flags.contains(Flags::NO_BETWEEN_VARIANCE));
        assert_eq!(eb.estimate, vec![0.25, 0.25]);
        assert_eq!(eb.shrinkage, vec![0.0, 0.0]);
        // x = (1, 18), n = (10, 30): m = 19/40 = 0.475, r = (0.1, 0.6),
        // s2 = (10 * 0.140625 + 30 * 0.015625) / 40 = 1.875 / 40 = 0.046875,
        // A = 0.046875 - 0.475 / 20 = 0.023125; C_1 = 0.023125 / (0.023125 + 0.0475)
        let eb = marshall_global(
            array![1.0, 18.0].view(),
            array![10.0, 30.0].view(),
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((eb.between_variance - 0.023125).abs() < 1e-15);
        let c = 0.023125 / (0.023125 + 0.0475);
        assert!((eb.shrinkage[0] - c).abs() < 1e-15);
        assert!((eb.estimate[0] - (0.475 + c * (0.1 - 0.475))).abs() < 1e-15);
    }

    #[test]
    fn no_events_and_no_data() {
        let eb = marshall_global(
            array![0.0, 0.0, 0.0].view(),
            array![10.0, 0.0, 5.0].view(),
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(eb.estimate, vec![0.0, 0.0, 0.0]);
        assert_eq!(eb.shrinkage, vec![0.0, 0.0, 0.0]);
        assert_eq!(eb.status[1], AreaStatus::NoData);
        assert!(eb.rate[1].is_nan());
        assert_eq!((eb.n_used, eb.n_empty), (2, 1));
    }

    #[test]
    fn local_with_all_neighbours_is_global() {
        let x = array![3., 6., 9., 12., 7., 15., 0., 4.];
        let n = array![12., 45., 80., 150., 30., 220., 8., 60.];
        let all: Vec<Vec<usize>> = (0..8).map(|_| (0..8).collect()).collect();
        let g = marshall_global(x.view(), n.view(), NanPolicy::Raise).unwrap();
        let l = marshall_local(x.view(), n.view(), &all, NanPolicy::Raise).unwrap();
        for i in 0..8 {
            assert!((g.estimate[i] - l.estimate[i]).abs() < 1e-15);
            assert!((g.shrinkage[i] - l.shrinkage[i]).abs() < 1e-15);
        }
    }

    #[test]
    fn local_handles_isolated_empty_and_missing_areas() {
        let x = array![1.0, 0.0, 5.0, f64::NAN, 2.0];
        let n = array![10.0, 0.0, 20.0, 7.0, 8.0];
        // 0 - 1 (pop 0) - 2; 3 missing; 4 isolated; 1's only neighbour with data is 0 and 2
        let nb = vec![vec![1], vec![0, 2, 2], vec![1], vec![4], vec![]];
        let eb = marshall_local(x.view(), n.view(), &nb, NanPolicy::Omit).unwrap();
        assert_eq!(eb.status[1], AreaStatus::NoData);
        assert!(
            (eb.estimate[1] - 6.0 / 30.0).abs() < 1e-15,
            "prior of 0 and 2"
        );
        assert_eq!(eb.status[3], AreaStatus::Missing);
        assert!(eb.estimate[3].is_nan());
        assert_eq!(eb.prior_variance[4], 0.0);
        assert!((eb.estimate[4] - 0.25).abs() < 1e-15, "isolated: own rate");
        // area 0's neighbourhood is {0} (1 has no population): own rate
        assert!((eb.estimate[0] - 0.1).abs() < 1e-15);
        let only_empty: Vec<Vec<usize>> = vec![Vec::new(); 3];
        let x2 = array![1.0, 0.0, 2.0];
        let n2 = array![4.0, 0.0, 5.0];
        let eb = marshall_local(x2.view(), n2.view(), &only_empty, NanPolicy::Raise).unwrap();
        assert_eq!(eb.status[1], AreaStatus::Empty);
        assert!(eb.estimate[1].is_nan());
    }

    #[test]
    fn local_errors_name_the_area() {
        let x = array![X[0], X[1], X[2]];
        let n = array![N[0], N[1], N[2]];
        let bad = vec![vec![1], vec![0, 7], vec![1]];
        let e = marshall_local(x.view(), n.view(), &bad, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        assert!(e.to_string().contains("area 1 names neighbour 7"), "{e}");
        let short = chain(2);
        assert_eq!(
            marshall_local(x.view(), n.view(), &short, NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::ShapeMismatch
        );
    }

    #[test]
    fn errors() {
        let one = marshall_global(array![1.0].view(), array![5.0].view(), NanPolicy::Raise);
        assert_eq!(one.unwrap_err().kind(), ErrorKind::Undefined);
        let above = marshall_global(
            array![1.0, 6.0].view(),
            array![5.0, 5.0].view(),
            NanPolicy::Raise,
        );
        let e = above.unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::InvalidCount, Some(1)));
    }
}
