//! Multigroup segregation indices over a count table `n_ij`, areas (rows) x groups (columns)
//! (methods.md 2.3; Reardon & Firebaugh 2002).
//!
//! Notation: `t_i = sum_j n_ij`, `N_j = sum_i n_ij`, `T = sum_i t_i`, `P_j = N_j / T`,
//! `p_ij = n_ij / t_i`, `I = sum_j P_j (1 - P_j)` (Simpson interaction),
//! `E = -sum_j P_j ln P_j` (entropy), `J` = number of groups with members.
//!
//! | function | index | German term |
//! |---|---|---|
//! | [`multi_dissimilarity`] | multigroup dissimilarity D_m | Dissimilaritätsindex (mehrere Gruppen) |
//! | [`multi_gini`] | multigroup Gini G_m | Gini-Segregationsindex (mehrere Gruppen) |
//! | [`mutual_information`] | mutual information M | Transinformation (wechselseitige Information) |
//! | [`multi_information_theory`] | Theil's information theory index H | Theils Informationsindex H |
//! | [`normalized_exposure`] | normalised exposure P* | normierte Kontaktwahrscheinlichkeit |
//! | [`relative_diversity`] | relative diversity R | relative Diversität |
//! | [`squared_coefficient_of_variation`] | squared coefficient of variation C | quadrierter Variationskoeffizient |
//! | [`divergence`] | Roberto's divergence index (= M) | Divergenzindex |
//!
//! Every function drops areas with no population (`n_empty`) and groups with total 0
//! ([`Flags::EMPTY_GROUPS`]); fewer than two groups with members is
//! [`ErrorKind::Undefined`](crate::ErrorKind::Undefined). With one area every index is exactly 0
//! ([`Flags::SINGLE_AREA`]). Every index is computed in `O(k J)` (the Gini in `O(J k log k)`).

use ndarray::ArrayView2;

use super::input::{Table, table_estimate};
use crate::error::Result;
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// `x ln x` with `0 ln 0 := 0` (methods.md 7.2).
#[inline]
pub(crate) fn xlogx(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x * x.ln() }
}

/// Entropy `-sum_j s_j ln s_j` of shares (`0 ln 0 := 0`), compensated.
pub(crate) fn entropy_of_shares(shares: impl IntoIterator<Item = f64>) -> f64 {
    let mut s = NeumaierSum::new();
    for p in shares {
        s.add(-xlogx(p));
    }
    s.value().max(0.0)
}

/// Simpson interaction `sum_j s_j (1 - s_j)` of shares, compensated.
pub(crate) fn interaction_of_shares(shares: impl IntoIterator<Item = f64>) -> f64 {
    let mut s = NeumaierSum::new();
    for p in shares {
        s.add(p * (1.0 - p));
    }
    s.value()
}

/// One term of a Kullback-Leibler divergence in non-negative form:
///
/// ```text
/// kl_term(x, y) = x ln(x / y) - x + y  =  y [ q ln q - q + 1 ],  q = x / y   (>= 0)
///               = y [ q ln_1p(q - 1) - (q - 1) ]                            (computed)
/// kl_term(0, y) = y
/// ```
/// Summed over the groups of one area the added `- x + y` cancel (both shares sum to 1), so
/// `sum_j kl_term(p_ij, P_j) = sum_j p_ij ln(p_ij / P_j)`. Every term is non-negative, so the
/// sum cannot come out below 0 by rounding, and for `x` close to `y` the `ln_1p` form keeps the
/// small result accurate (the naive form cancels). Needs `y > 0`.
#[inline]
pub(crate) fn kl_term(x: f64, y: f64) -> f64 {
    if x == 0.0 {
        return y;
    }
    let q = x / y;
    // ln q rather than ln_1p(q - 1): for q in [1/2, 2] the difference q - 1 is exact, so both are
    // the logarithm of the same q to within an ulp (a correctly rounded-class `ln` keeps its
    // relative accuracy near 1), and `ln` is the cheaper call.
    let r = q - 1.0;
    (y * (q * q.ln() - r)).max(0.0)
}

/// `sum_j p_j ln(p_j / P_j)` for the counts `row` with total `row_total` against the shares
/// `shares` (the local segregation score `ls_i` of an area).
pub(crate) fn kl_row(row: &[f64], row_total: f64, shares: &[f64]) -> f64 {
    let mut s = NeumaierSum::new();
    for (&n, &p) in row.iter().zip(shares) {
        s.add(kl_term(n / row_total, p));
    }
    s.value()
}

/// Mutual information `M = sum_i (t_i / T) ls_i` of a validated table (0 with one area).
///
/// Each cell adds `P_j [q ln q - (q - 1)] >= 0` with `q = p_ij / P_j` (see [`kl_term`]). All terms
/// are non-negative, so the sum within an area is plain (its relative error is at most `J` ulp, no
/// cancellation can occur); the sum over areas is compensated.
pub(crate) fn mutual_information_of(t: &Table) -> f64 {
    if t.k == 1 || t.j == 0 {
        return 0.0;
    }
    let shares = t.shares();
    // one division per area: q_ij = n_ij (1 / t_i) (1 / P_j)
    let inv_shares: Vec<f64> = shares.iter().map(|p| 1.0 / p).collect();
    let mut s = NeumaierSum::new();
    for (row, &ti) in t.counts.chunks_exact(t.j).zip(&t.area_totals) {
        let inv_t = 1.0 / ti;
        let mut a = 0.0;
        for ((&n, &p), &inv_p) in row.iter().zip(&shares).zip(&inv_shares) {
            a += if n == 0.0 {
                p
            } else {
                let q = (n * inv_t) * inv_p;
                (p * (q * q.ln() - (q - 1.0))).max(0.0)
            };
        }
        s.add(ti * a);
    }
    s.value() / t.total
}

/// Per kept group `sum_i t_i (p_ij - P_j)^2`, the building block of NE, RD and C.
fn squared_deviations(t: &Table, shares: &[f64]) -> Vec<f64> {
    let mut acc = vec![NeumaierSum::new(); t.j];
    if t.j == 0 {
        return Vec::new();
    }
    for (row, &ti) in t.counts.chunks_exact(t.j).zip(&t.area_totals) {
        let inv_t = 1.0 / ti;
        for ((&n, a), &p) in row.iter().zip(acc.iter_mut()).zip(shares) {
            let d = n * inv_t - p;
            a.add(ti * d * d);
        }
    }
    acc.iter().map(NeumaierSum::value).collect()
}

/// Multigroup dissimilarity index D_m (Dissimilaritätsindex für mehrere Gruppen; Morgan 1975,
/// Sakoda 1981): the share of the population that would have to move for every area to have the
/// overall composition, relative to the largest possible value of that share.
///
/// ```text
/// D_m = sum_i sum_j t_i |p_ij - P_j| / (2 T I),   I = sum_j P_j (1 - P_j)
/// ```
/// Range `[0, 1]`; with two groups it equals the two-group dissimilarity index D. Not additively
/// decomposable; biased upwards in small areas (methods.md 2.6).
///
/// # Edge cases
/// Areas with no population are dropped (`n_empty`); groups with total 0 are left out
/// ([`Flags::EMPTY_GROUPS`]); one area gives 0 ([`Flags::SINGLE_AREA`]).
///
/// # Errors
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) (no rows, or none left after
/// omitting missing areas),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (a negative count),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (fewer than two groups with members, or
/// no area with population).
///
/// # Example
/// methods.md 2.8: five Ortsteile, three groups.
/// ```
/// use bildung_core::{NanPolicy, segregation::multi_dissimilarity};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let d = multi_dissimilarity(n.view(), NanPolicy::Raise)?;
/// assert!((d.value - 0.2232143).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn multi_dissimilarity(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("multi_dissimilarity", counts, nan, 2, |t| {
        if t.k == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let shares = t.shares();
        let interaction = interaction_of_shares(shares.iter().copied());
        // One compensated accumulator per group (independent dependency chains), then their sum.
        let mut lanes = vec![NeumaierSum::new(); t.j];
        for (row, &ti) in t.counts.chunks_exact(t.j.max(1)).zip(&t.area_totals) {
            for ((&n, &p), a) in row.iter().zip(&shares).zip(lanes.iter_mut()) {
                a.add((n - ti * p).abs());
            }
        }
        let mut s = NeumaierSum::new();
        for a in &lanes {
            s.add(a.value());
        }
        Ok((s.value() / (2.0 * t.total * interaction), Flags::NONE))
    })
}

/// Multigroup Gini segregation index G_m (Gini-Segregationsindex für mehrere Gruppen; Reardon &
/// Firebaugh 2002): the average absolute difference of the group shares between all pairs of
/// persons, relative to its maximum.
///
/// ```text
/// G_m = sum_j sum_i sum_l t_i t_l |p_ij - p_lj| / (2 T^2 I)                   (definition)
///     = sum_j P_j Gini_w(p_.j; t) / I                                         (computed)
/// sum_i sum_l t_i t_l |p_ij - p_lj| = 2 sum_(l) t_(l) [ p_(l)j W_(l) - S_(l) ]
/// ```
/// where, per group `j`, areas are sorted by `p_ij`, `W_(l)` is the population and `S_(l)` the
/// group-`j` count of the areas before position `l`. This is the population-weighted Gini of the
/// area shares `p_ij` with weights `t_i`: `O(J k log k)` time and `O(k)` extra memory, never the
/// `k x k` matrix of pairwise differences. Range `[0, 1]`; with two groups it equals the two-group
/// Gini segregation index.
///
/// # Edge cases
/// As [`multi_dissimilarity`]: empty areas dropped, empty groups left out, one area gives 0.
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::multi_gini};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let g = multi_gini(n.view(), NanPolicy::Raise)?;
/// assert!((g.value - 0.2894627).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn multi_gini(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("multi_gini", counts, nan, 2, |t| {
        if t.k == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let shares = t.shares();
        let interaction = interaction_of_shares(shares.iter().copied());
        // (key of p_ij, t_i, n_ij) of one group, re-sorted for every group. The shares are
        // >= 0, and for non-negative floats (with -0 made +0) the bit patterns sort as the
        // values do, so the sort compares integers.
        let mut col: Vec<(u64, f64, f64)> = Vec::with_capacity(t.k);
        let mut total = NeumaierSum::new();
        for g in 0..t.j {
            col.clear();
            col.extend(
                t.counts
                    .chunks_exact(t.j)
                    .zip(&t.area_totals)
                    .map(|(row, &ti)| {
                        let n = row[g];
                        ((n / ti + 0.0).to_bits(), ti, n)
                    }),
            );
            col.sort_unstable_by_key(|e| e.0);
            // half of the pairwise sum: sum over ordered pairs i < l of t_i t_l (p_l - p_i)
            let mut w_before = NeumaierSum::new();
            let mut s_before = NeumaierSum::new();
            let mut half = NeumaierSum::new();
            for &(_, tl, nl) in &col {
                half.add((nl * w_before.value() - tl * s_before.value()).max(0.0));
                w_before.add(tl);
                s_before.add(nl);
            }
            total.add(half.value());
        }
        // sum_j sum_i sum_l ... = 2 * total
        Ok((
            total.value() / (t.total * t.total * interaction),
            Flags::NONE,
        ))
    })
}

/// Mutual information index M (Transinformation; Theil & Finizza 1971, Mora & Ruiz-Castillo
/// 2011): the information about a person's group gained by knowing their area, in nats.
///
/// ```text
/// M = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j)  =  sum_i (t_i / T) ls_i  =  E - sum_i (t_i/T) E_i
/// ```
/// with `0 ln 0 := 0`. Each area's score `ls_i` (see
/// [`local_mutual_information`](crate::segregation::local_mutual_information)) is computed as
/// `sum_j p_ij ln(p_ij/P_j) - p_ij + P_j`, whose terms are all non-negative, so `M >= 0` holds
/// exactly in floating point. Range `[0, min(ln J, ln k)]`; not normalised (depends on the group
/// marginal entropy `E`), but additively decomposable by districts
/// ([`mutual_information_decomposition`](crate::segregation::mutual_information_decomposition))
/// and by groups. `2 T M` is the likelihood-ratio statistic G^2 of independence in the table.
///
/// # Edge cases
/// As [`multi_dissimilarity`].
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::mutual_information};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let m = mutual_information(n.view(), NanPolicy::Raise)?;
/// assert!((m.value - 0.0610267).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn mutual_information(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("mutual_information", counts, nan, 2, |t| {
        Ok((mutual_information_of(t), Flags::NONE))
    })
}

/// Theil's information theory index H for several groups (Theils Informationsindex; Theil 1972,
/// Reardon & Firebaugh 2002): the mutual information relative to the group entropy.
///
/// ```text
/// H = M / E  =  sum_i t_i (E - E_i) / (T E),   E = -sum_j P_j ln P_j,   E_i = -sum_j p_ij ln p_ij
/// ```
/// Range `[0, 1]`: 0 when every area has the overall composition, 1 when every area holds one
/// group only. The only index of the family that satisfies all of Reardon & Firebaugh's criteria
/// (incl. additive decomposability); still not margin-free (Elbers 2021).
///
/// # Edge cases
/// As [`multi_dissimilarity`] (`E > 0` whenever two groups have members).
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::multi_information_theory};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let h = multi_information_theory(n.view(), NanPolicy::Raise)?;
/// assert!((h.value - 0.0585882).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn multi_information_theory(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("multi_information_theory", counts, nan, 2, |t| {
        let e = entropy_of_shares(t.shares());
        let h = (mutual_information_of(t) / e).min(1.0);
        Ok((h, Flags::NONE))
    })
}

/// Normalised exposure index P* (normierte Kontaktwahrscheinlichkeit; James 1986): the
/// population-weighted squared deviation of the area shares from the overall shares, each group
/// relative to its maximum.
///
/// ```text
/// NE = sum_i sum_j t_i (p_ij - P_j)^2 / ((1 - P_j) T)
/// ```
/// Range `[0, 1]`; with two groups it equals the correlation ratio eta^2.
///
/// # Edge cases
/// As [`multi_dissimilarity`] (`P_j < 1` whenever two groups have members).
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::normalized_exposure};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let ne = normalized_exposure(n.view(), NanPolicy::Raise)?;
/// assert!((ne.value - 0.0698125).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn normalized_exposure(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("normalized_exposure", counts, nan, 2, |t| {
        if t.k == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let shares = t.shares();
        let dev = squared_deviations(t, &shares);
        let mut s = NeumaierSum::new();
        for (d, p) in dev.iter().zip(&shares) {
            s.add(d / (1.0 - p));
        }
        Ok((s.value() / t.total, Flags::NONE))
    })
}

/// Relative diversity index R (relative Diversität; Carlson 1992): the population-weighted
/// squared deviation of the area shares from the overall shares, relative to the Simpson
/// interaction `I`.
///
/// ```text
/// RD = sum_i sum_j t_i (p_ij - P_j)^2 / (T I),   I = sum_j P_j (1 - P_j)
/// ```
/// Range `[0, 1]`; with two groups it equals eta^2. Equals `1 - sum_i t_i I_i / (T I)`, the
/// proportional reduction of the interaction index within areas.
///
/// # Edge cases
/// As [`multi_dissimilarity`].
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::relative_diversity};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let r = relative_diversity(n.view(), NanPolicy::Raise)?;
/// assert!((r.value - 0.0665221).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn relative_diversity(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("relative_diversity", counts, nan, 2, |t| {
        if t.k == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let shares = t.shares();
        let interaction = interaction_of_shares(shares.iter().copied());
        let dev = squared_deviations(t, &shares);
        let s = crate::sum::neumaier_sum(dev.iter().copied());
        Ok((s / (t.total * interaction), Flags::NONE))
    })
}

/// Squared coefficient of variation C (quadrierter Variationskoeffizient; Reardon & Firebaugh
/// 2002): the population-weighted variance of the area shares of each group relative to its
/// squared mean, averaged over the groups.
///
/// ```text
/// C = sum_i sum_j t_i (p_ij - P_j)^2 / (T (J - 1) P_j)
/// ```
/// `J` is the number of groups **with members**: a group with total 0 is left out of the sum and
/// of `J - 1` ([`Flags::EMPTY_GROUPS`]). (PySAL `MultiSquaredCoefVar` uses the number of columns
/// and returns NaN when a group is empty.) Range `[0, 1]`; with two groups it equals eta^2.
///
/// # Edge cases
/// As [`multi_dissimilarity`].
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::squared_coefficient_of_variation};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let c = squared_coefficient_of_variation(n.view(), NanPolicy::Raise)?;
/// assert!((c.value - 0.0597427).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn squared_coefficient_of_variation(
    counts: ArrayView2<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    table_estimate("squared_coefficient_of_variation", counts, nan, 2, |t| {
        if t.k == 1 {
            return Ok((0.0, Flags::NONE));
        }
        let shares = t.shares();
        let dev = squared_deviations(t, &shares);
        let mut s = NeumaierSum::new();
        for (d, p) in dev.iter().zip(&shares) {
            s.add(d / p);
        }
        Ok((s.value() / (t.total * (t.j as f64 - 1.0)), Flags::NONE))
    })
}

/// Roberto's divergence index (Divergenzindex; Roberto 2015, PySAL `MultiDivergence`).
///
/// ```text
/// D = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j)          (natural logarithm)
/// ```
/// This is **exactly** the mutual information index [`mutual_information`] M: the same formula,
/// and PySAL's implementation (`nansum` of `p_ik ln(p_ik / P_k)` weighted by `t_i / T`) drops the
/// same `0 ln 0` terms. Roberto's name stresses the reading of each area's term as the
/// Kullback-Leibler divergence of its composition from the overall one (the local scores of
/// [`local_mutual_information`](crate::segregation::local_mutual_information)). The function
/// exists so that code written against PySAL finds it; it returns the same bits as
/// [`mutual_information`]. Range `[0, min(ln J, ln k)]`.
///
/// # Edge cases
/// As [`multi_dissimilarity`].
///
/// # Errors
/// As [`multi_dissimilarity`].
///
/// # Example
/// ```
/// use bildung_core::{NanPolicy, segregation::{divergence, mutual_information}};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let d = divergence(n.view(), NanPolicy::Raise)?;
/// assert_eq!(d.value, mutual_information(n.view(), NanPolicy::Raise)?.value);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn divergence(counts: ArrayView2<'_, f64>, nan: NanPolicy) -> Result<Estimate> {
    table_estimate("divergence", counts, nan, 2, |t| {
        Ok((mutual_information_of(t), Flags::NONE))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::{Array2, array};

    pub(crate) fn example() -> Array2<f64> {
        array![
            [12., 30., 18.],
            [30., 35., 15.],
            [5., 40., 5.],
            [40., 30., 20.],
            [13., 37., 20.]
        ]
    }

    type Index = fn(ArrayView2<'_, f64>, NanPolicy) -> Result<Estimate>;

    const ALL: [(&str, Index); 8] = [
        ("D_m", multi_dissimilarity),
        ("G_m", multi_gini),
        ("M", mutual_information),
        ("H", multi_information_theory),
        ("NE", normalized_exposure),
        ("RD", relative_diversity),
        ("C", squared_coefficient_of_variation),
        ("divergence", divergence),
    ];

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} != {b} (tol {tol})");
    }

    #[test]
    fn methods_2_8_values() {
        let n = example();
        let v = |f: Index| f(n.view(), NanPolicy::Raise).unwrap();
        close(v(multi_dissimilarity).value, 0.2232143, 5e-8);
        close(v(multi_gini).value, 0.2894627, 5e-8);
        close(v(mutual_information).value, 0.0610267, 5e-8);
        close(v(multi_information_theory).value, 0.0585882, 5e-8);
        close(v(normalized_exposure).value, 0.0698125, 5e-8);
        close(v(relative_diversity).value, 0.0665221, 5e-8);
        // independent plain-Python evaluation of the definition
        close(v(squared_coefficient_of_variation).value, 0.059742657, 1e-9);
        // more digits (plain Python, direct formulas)
        close(v(multi_dissimilarity).value, 0.223214286, 1e-9);
        close(v(multi_gini).value, 0.289462724, 1e-9);
        close(v(mutual_information).value, 0.061026733, 1e-9);
        close(v(multi_information_theory).value, 0.058588249, 1e-9);
        let m = v(mutual_information);
        assert_eq!((m.n_used, m.n_dropped, m.n_empty), (5, 0, 0));
        assert!(m.flags.is_empty());
    }

    #[test]
    fn divergence_is_mutual_information_bit_for_bit() {
        let n = example();
        let d = divergence(n.view(), NanPolicy::Raise).unwrap();
        let m = mutual_information(n.view(), NanPolicy::Raise).unwrap();
        assert_eq!(d, m);
        // G^2 = 2 T M = 42.7187 (methods.md 2.8)
        close(2.0 * 350.0 * m.value, 42.7187, 5e-5);
    }

    /// Brute-force pairwise multigroup Gini (the dense definition).
    fn gini_pairwise(n: &Array2<f64>) -> f64 {
        let (k, j) = n.dim();
        let t: Vec<f64> = (0..k).map(|i| n.row(i).sum()).collect();
        let total: f64 = t.iter().sum();
        let shares: Vec<f64> = (0..j).map(|g| n.column(g).sum() / total).collect();
        let inter: f64 = shares.iter().map(|p| p * (1.0 - p)).sum();
        let mut s = 0.0;
        for g in 0..j {
            for a in 0..k {
                for b in 0..k {
                    s += t[a] * t[b] * (n[(a, g)] / t[a] - n[(b, g)] / t[b]).abs();
                }
            }
        }
        s / (2.0 * total * total * inter)
    }

    #[test]
    fn gini_matches_pairwise_definition_with_ties() {
        let n = array![
            [1., 2., 3., 0.],
            [2., 4., 6., 0.],
            [5., 0., 1., 2.],
            [0., 0., 7., 1.],
            [3., 3., 3., 3.],
            [10., 1., 0., 0.]
        ];
        let g = multi_gini(n.view(), NanPolicy::Raise).unwrap().value;
        close(g, gini_pairwise(&n), 1e-14);
    }

    #[test]
    fn two_groups_reduce_to_two_group_indices() {
        // methods.md 2.8 two-group example: D = 0.3, Gini = 0.3464, H = 0.0705275, eta^2 = 0.0807889
        let x = [12., 30., 5., 40., 13.];
        let t = [60., 80., 50., 90., 70.];
        let n = Array2::from_shape_fn((5, 2), |(i, g)| if g == 0 { x[i] } else { t[i] - x[i] });
        let v = |f: Index| f(n.view(), NanPolicy::Raise).unwrap().value;
        close(v(multi_dissimilarity), 0.3, 1e-12);
        close(v(multi_gini), 0.3464, 1e-12);
        close(v(multi_information_theory), 0.0705275, 5e-8);
        close(v(normalized_exposure), 0.0807889, 5e-8);
        close(v(relative_diversity), 0.0807889, 5e-8);
        close(v(squared_coefficient_of_variation), 0.0807889, 5e-8);
    }

    #[test]
    fn extremes() {
        // complete segregation: every area holds one group
        let full = array![[10., 0., 0.], [0., 5., 0.], [0., 0., 7.], [3., 0., 0.]];
        for (name, f) in ALL {
            let v = f(full.view(), NanPolicy::Raise).unwrap().value;
            match name {
                "M" | "divergence" => {
                    let total = 25.0;
                    let e = -[13.0, 5.0, 7.0]
                        .iter()
                        .map(|n: &f64| n / total * (n / total).ln())
                        .sum::<f64>();
                    close(v, e, 1e-14);
                }
                _ => close(v, 1.0, 1e-14),
            }
        }
        // evenness: every area has the same composition
        let even = array![[1., 2., 3.], [2., 4., 6.], [10., 20., 30.]];
        for (name, f) in ALL {
            let v = f(even.view(), NanPolicy::Raise).unwrap().value;
            assert!(v.abs() < 1e-15, "{name}: {v}");
            assert!(v >= 0.0, "{name}: {v}");
        }
    }

    #[test]
    fn edge_cases() {
        // one area: 0 and flagged
        let one = array![[3., 4., 5.]];
        for (name, f) in ALL {
            let e = f(one.view(), NanPolicy::Raise).unwrap();
            assert_eq!(e.value, 0.0, "{name}");
            assert!(e.flags.contains(Flags::SINGLE_AREA));
        }
        // an empty group is left out and flagged; an empty area is dropped
        let mut with_empty = Array2::zeros((6, 4));
        let n = example();
        for i in 0..5 {
            for g in 0..3 {
                with_empty[(i, [0, 1, 3][g])] = n[(i, g)];
            }
        }
        for (name, f) in ALL {
            let a = f(n.view(), NanPolicy::Raise).unwrap();
            let b = f(with_empty.view(), NanPolicy::Raise).unwrap();
            close(a.value, b.value, 1e-15);
            assert!(b.flags.contains(Flags::EMPTY_GROUPS), "{name}");
            assert_eq!(b.n_empty, 1);
        }
        // fewer than two groups with members
        let single = array![[1., 0.], [4., 0.]];
        for (_, f) in ALL {
            assert_eq!(
                f(single.view(), NanPolicy::Raise).unwrap_err().kind(),
                ErrorKind::Undefined
            );
        }
    }

    #[test]
    fn missing_values() {
        let mut n = example();
        n[(2, 1)] = f64::NAN;
        for (_, f) in ALL {
            assert_eq!(
                f(n.view(), NanPolicy::Raise).unwrap_err().kind(),
                ErrorKind::MissingValue
            );
            let p = f(n.view(), NanPolicy::Propagate).unwrap();
            assert!(p.value.is_nan());
            assert!(p.flags.contains(Flags::MISSING_PROPAGATED));
            let o = f(n.view(), NanPolicy::Omit).unwrap();
            assert_eq!((o.n_used, o.n_dropped), (4, 1));
            let mut rest = example();
            rest.remove_index(ndarray::Axis(0), 2);
            close(
                o.value,
                f(rest.view(), NanPolicy::Raise).unwrap().value,
                1e-15,
            );
        }
        let bad = array![[1., -1.], [2., 3.]];
        assert_eq!(
            multi_gini(bad.view(), NanPolicy::Omit).unwrap_err().kind(),
            ErrorKind::InvalidCount
        );
        let inf = array![[1., f64::INFINITY], [2., 3.]];
        assert_eq!(
            mutual_information(inf.view(), NanPolicy::Omit)
                .unwrap_err()
                .kind(),
            ErrorKind::NonFinite
        );
    }

    #[test]
    fn kl_term_is_accurate_near_evenness() {
        // sum_j p ln(p/P) for p = P (1 + eps_j) with sum eps_j P_j = 0 is ~ sum P eps^2 / 2
        let shares = [0.25, 0.75];
        let e = 1e-6;
        let row = [0.25 * (1.0 + 3.0 * e), 0.75 * (1.0 - e)];
        let v = kl_row(&row, 1.0, &shares);
        let expected = 0.5 * (0.25 * 9.0 * e * e + 0.75 * e * e);
        assert!(
            ((v - expected) / expected).abs() < 1e-5,
            "{v} vs {expected}"
        );
        assert_eq!(kl_term(0.0, 0.3), 0.3);
        assert_eq!(xlogx(0.0), 0.0);
    }

    #[test]
    fn scales_linearly_not_quadratically() {
        // 20,000 areas: the dense pairwise Gini would need 4e8 pairs per group
        let k = 20_000;
        let n = Array2::from_shape_fn((k, 3), |(i, g)| ((i * 7 + g * 13) % 17) as f64 + 1.0);
        let g = multi_gini(n.view(), NanPolicy::Raise).unwrap();
        assert!(g.value > 0.0 && g.value < 1.0);
    }
}
