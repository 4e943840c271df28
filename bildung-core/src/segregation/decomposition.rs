//! Decomposition of the mutual information index M and Theil's H into a part between districts
//! and a part within districts (Zerlegung nach Bezirken; Theil & Finizza 1971, Mora &
//! Ruiz-Castillo 2011, Elbers' `mutual_total(..., within = )`; methods.md 2.3).
//!
//! Areas (Ortsteile, schools) nest in districts (Bezirke, Schulträger). With district totals
//! `T_s`, `N_sj` and shares `P_sj = N_sj / T_s`:
//!
//! ```text
//! M = M_between + M_within,   M_between = sum_s (T_s/T) sum_j P_sj ln(P_sj / P_j)
//!                             M_within  = sum_s (T_s/T) M_s,   M_s = M of the areas of s
//! H = H_between + H_within,   H_between = M_between / E
//!                             H_within  = sum_s (T_s E_s / (T E)) H_s,   H_s = M_s / E_s
//! ```
//! Both identities are exact (the chain rule of mutual information).

use std::collections::BTreeMap;

use ndarray::{Array2, ArrayView1, ArrayView2};

use super::input::{PreparedTable, Table, table};
use super::multigroup::{entropy_of_shares, kl_row, mutual_information_of};
use crate::error::{Error, Result};
use crate::input::{Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// The terms of one district in a [`MutualInformationDecomposition`].
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictTerm {
    /// District code.
    pub district: i64,
    /// Areas of the district that were used (with population, not missing).
    pub n_areas: usize,
    /// Population share `T_s / T`.
    pub population_share: f64,
    /// Entropy `E_s = -sum_j P_sj ln P_sj` of the district's group composition.
    pub entropy: f64,
    /// Mutual information `M_s` among the district's areas.
    pub m: f64,
    /// Theil's `H_s = M_s / E_s`; NaN when `E_s = 0` (only one group lives in the district, so
    /// there is nothing to segregate; its contribution is 0).
    pub h: f64,
    /// Contribution `(T_s / T) M_s` to `M_within`.
    pub m_contribution: f64,
    /// Contribution `(T_s E_s / (T E)) H_s = (T_s / T) M_s / E` to `H_within`.
    pub h_contribution: f64,
}

/// M and H split into between- and within-district parts; see
/// [`mutual_information_decomposition`].
#[derive(Debug, Clone, PartialEq)]
pub struct MutualInformationDecomposition {
    /// M of the whole table (areas x groups).
    pub m_total: f64,
    /// M of the district x group table.
    pub m_between: f64,
    /// `sum_s (T_s / T) M_s`.
    pub m_within: f64,
    /// H of the whole table, `m_total / E`.
    pub h_total: f64,
    /// `m_between / E`.
    pub h_between: f64,
    /// `sum_s (T_s E_s / (T E)) H_s = m_within / E`.
    pub h_within: f64,
    /// One entry per district with used areas, ordered by district code.
    pub districts: Vec<DistrictTerm>,
    /// Areas used.
    pub n_used: usize,
    /// Areas dropped for a missing count or a missing (negative) district code.
    pub n_dropped: usize,
    /// Areas with no population.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

impl MutualInformationDecomposition {
    fn propagated(n: usize) -> Self {
        MutualInformationDecomposition {
            m_total: f64::NAN,
            m_between: f64::NAN,
            m_within: f64::NAN,
            h_total: f64::NAN,
            h_between: f64::NAN,
            h_within: f64::NAN,
            districts: Vec::new(),
            n_used: n,
            n_dropped: 0,
            n_empty: 0,
            flags: Flags::MISSING_PROPAGATED,
        }
    }
}

/// Decompose the mutual information index M and Theil's H by districts (Zerlegung der
/// Segregation in einen Anteil zwischen und innerhalb von Bezirken).
///
/// `counts` is the areas x groups table, `districts[i]` the district code of area (row) `i`.
///
/// ```text
/// M = M_between + sum_s (T_s / T) M_s
/// H = H_between + sum_s (T_s E_s / (T E)) H_s,    H = M / E,  H_between = M_between / E,
///                                                  H_s = M_s / E_s
/// ```
/// `M_between` is M of the district x group table (segregation between districts, as if every
/// district were one area); `M_s` is M among the areas of district `s` (with the district's own
/// group shares as reference). Both identities are exact; the fields `m_total`/`h_total` are
/// computed directly from the table, so `m_between + m_within` equals `m_total` up to rounding
/// (about 1e-16). Each district's terms are in `districts`, ordered by code. Cost
/// `O(k J + k log S)` for `S` districts.
///
/// # Edge cases
/// A negative district code is a missing value, like a NaN count: under
/// [`NanPolicy::Raise`] an error (`what = "districts"`), under `Omit` the area is dropped
/// (`n_dropped`), under `Propagate` every value is NaN ([`Flags::MISSING_PROPAGATED`]).
/// Areas with no population are dropped (`n_empty`); a district with no used area does not appear.
/// A district whose population belongs to one group only has `E_s = 0`, `M_s = 0`, `h = NaN` and
/// contributes 0. With one district `M_between = 0`; with one area per district `M_within = 0`.
/// Groups with total 0 are left out ([`Flags::EMPTY_GROUPS`]).
///
/// # Errors
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) (`districts` length is not the
/// number of rows),
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) (no rows, or none left after omitting),
/// [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN count or negative district
/// code under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (a negative count),
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (fewer than two groups with members, or
/// no area with population).
///
/// # Example
/// methods.md 2.8: Ortsteile 1-2 in district 1, 3-5 in district 2.
/// ```
/// use bildung_core::{NanPolicy, segregation::mutual_information_decomposition};
/// use ndarray::array;
/// let n = array![[12., 30., 18.], [30., 35., 15.], [5., 40., 5.], [40., 30., 20.], [13., 37., 20.]];
/// let d = array![1, 1, 2, 2, 2];
/// let dec = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise)?;
/// assert!((dec.m_between - 0.0009856).abs() < 1e-7);
/// assert!((dec.m_within - 0.0600411).abs() < 1e-7);
/// assert!((dec.h_between - 0.0009462).abs() < 1e-7);
/// assert!((dec.h_within - 0.0576420).abs() < 1e-7);
/// assert!((dec.m_between + dec.m_within - dec.m_total).abs() < 1e-15);
/// assert_eq!(dec.districts.len(), 2);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn mutual_information_decomposition(
    counts: ArrayView2<'_, f64>,
    districts: ArrayView1<'_, i64>,
    nan: NanPolicy,
) -> Result<MutualInformationDecomposition> {
    const MEASURE: &str = "mutual_information_decomposition";
    let rows = counts.nrows();
    if districts.len() != rows {
        return Err(Error::ShapeMismatch {
            what: "districts",
            expected: rows,
            found: districts.len(),
        });
    }
    // Validate the counts as given first: infinity, negative counts and NaN counts are reported
    // as such, before any missing district code.
    let prepared = table(MEASURE, counts, nan, 2)?;
    let first_missing_district = districts.iter().position(|&d| d < 0);
    let t = match (prepared, first_missing_district) {
        (PreparedTable::Propagate { n }, _) => {
            return Ok(MutualInformationDecomposition::propagated(n));
        }
        (PreparedTable::Data(t), None) => t,
        (PreparedTable::Data(_), Some(index)) => match nan {
            NanPolicy::Raise => {
                return Err(Error::MissingValue {
                    what: "districts",
                    index,
                });
            }
            NanPolicy::Propagate => {
                return Ok(MutualInformationDecomposition::propagated(rows));
            }
            NanPolicy::Omit => {
                // areas with a missing district become missing areas
                let mut masked: Array2<f64> = counts.to_owned();
                for (i, &d) in districts.iter().enumerate() {
                    if d < 0 {
                        masked.row_mut(i).fill(f64::NAN);
                    }
                }
                match table(MEASURE, masked.view(), NanPolicy::Omit, 2)? {
                    PreparedTable::Data(t) => t.into_owned(),
                    PreparedTable::Propagate { n } => {
                        return Ok(MutualInformationDecomposition::propagated(n));
                    }
                }
            }
        },
    };
    Ok(decompose(&t, districts))
}

/// Per-district accumulators.
struct District {
    code: i64,
    areas: Vec<usize>,
    total: f64,
    group_totals: Vec<f64>,
}

fn decompose(t: &Table, districts: ArrayView1<'_, i64>) -> MutualInformationDecomposition {
    // districts ordered by code, each with its used areas (indices into the table)
    let mut by_code: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, &row) in t.areas.iter().enumerate() {
        by_code.entry(districts[row]).or_default().push(i);
    }
    let parts: Vec<District> = by_code
        .into_iter()
        .map(|(code, areas)| {
            let mut acc = vec![NeumaierSum::new(); t.j];
            let mut total = NeumaierSum::new();
            for &i in &areas {
                for (a, &n) in acc.iter_mut().zip(t.row(i)) {
                    a.add(n);
                }
                total.add(t.area_totals[i]);
            }
            District {
                code,
                areas,
                total: total.value(),
                group_totals: acc.iter().map(NeumaierSum::value).collect(),
            }
        })
        .collect();

    let shares = t.shares();
    let e = entropy_of_shares(shares.iter().copied());
    let m_total = mutual_information_of(t);

    let mut between = NeumaierSum::new();
    let mut within = NeumaierSum::new();
    let mut terms = Vec::with_capacity(parts.len());
    for d in &parts {
        let weight = d.total / t.total;
        between.add(d.total * kl_row(&d.group_totals, d.total, &shares));
        let own: Vec<f64> = d.group_totals.iter().map(|n| n / d.total).collect();
        let e_s = entropy_of_shares(own.iter().copied());
        let m_s = if d.areas.len() < 2 {
            0.0
        } else {
            let mut s = NeumaierSum::new();
            for &i in &d.areas {
                let ti = t.area_totals[i];
                s.add(ti * kl_row(t.row(i), ti, &own));
            }
            s.value() / d.total
        };
        let m_contribution = weight * m_s;
        within.add(m_contribution);
        terms.push(DistrictTerm {
            district: d.code,
            n_areas: d.areas.len(),
            population_share: weight,
            entropy: e_s,
            m: m_s,
            h: if e_s > 0.0 { m_s / e_s } else { f64::NAN },
            m_contribution,
            h_contribution: m_contribution / e,
        });
    }
    let m_between = if parts.len() < 2 {
        0.0
    } else {
        between.value() / t.total
    };
    let m_within = within.value();
    MutualInformationDecomposition {
        m_total,
        m_between,
        m_within,
        h_total: m_total / e,
        h_between: m_between / e,
        h_within: m_within / e,
        districts: terms,
        n_used: t.k,
        n_dropped: t.n_dropped,
        n_empty: t.n_empty,
        flags: t.flags(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::segregation::{multi_information_theory, mutual_information};
    use ndarray::array;

    fn example() -> Array2<f64> {
        array![
            [12., 30., 18.],
            [30., 35., 15.],
            [5., 40., 5.],
            [40., 30., 20.],
            [13., 37., 20.]
        ]
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} != {b} (tol {tol})");
    }

    #[test]
    fn methods_2_8_districts() {
        let n = example();
        let d = array![1, 1, 2, 2, 2];
        let r = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise).unwrap();
        close(r.m_between, 0.0009856, 5e-8);
        close(r.m_within, 0.0600411, 5e-8);
        close(r.h_between, 0.0009462, 5e-8);
        close(r.h_within, 0.0576420, 5e-8);
        // more digits from an independent plain-Python evaluation
        close(r.m_between, 0.000985612, 1e-9);
        close(r.m_within, 0.060041121, 1e-9);
        close(r.h_within, 0.057642019, 1e-9);
        let m = mutual_information(n.view(), NanPolicy::Raise)
            .unwrap()
            .value;
        let h = multi_information_theory(n.view(), NanPolicy::Raise)
            .unwrap()
            .value;
        assert_eq!(r.m_total, m);
        close(r.h_total, h, 1e-16);
        // the identities
        close(r.m_between + r.m_within, r.m_total, 1e-16);
        close(r.h_between + r.h_within, r.h_total, 1e-16);
        let e = 1.041620706;
        let sum_m: f64 = r.districts.iter().map(|s| s.population_share * s.m).sum();
        let sum_h: f64 = r
            .districts
            .iter()
            .map(|s| s.population_share * s.entropy / e * s.h)
            .sum();
        close(sum_m, r.m_within, 1e-16);
        close(sum_h, r.h_within, 1e-9);
        let hc: f64 = r.districts.iter().map(|s| s.h_contribution).sum();
        close(hc, r.h_within, 1e-16);
        // district terms
        assert_eq!(r.districts[0].district, 1);
        assert_eq!(r.districts[0].n_areas, 2);
        close(r.districts[0].population_share, 0.4, 1e-15);
        close(r.districts[0].entropy, 1.0580563794699347, 1e-14);
        close(r.districts[0].m, 0.020574558046665848, 1e-14);
        close(r.districts[0].h, 0.01944561598595842, 1e-14);
        close(r.districts[1].m, 0.08635216298865689, 1e-14);
        close(r.districts[1].h, 0.08391682111034338, 1e-14);
        assert_eq!((r.n_used, r.n_dropped, r.n_empty), (5, 0, 0));
    }

    #[test]
    fn districts_are_ordered_by_code_and_trivial_partitions() {
        let n = example();
        let d = array![7, 3, 7, 3, 3];
        let r = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise).unwrap();
        assert_eq!(
            r.districts.iter().map(|s| s.district).collect::<Vec<_>>(),
            vec![3, 7]
        );
        close(r.m_between + r.m_within, r.m_total, 1e-16);
        // one district: everything within
        let one = array![0, 0, 0, 0, 0];
        let r1 = mutual_information_decomposition(n.view(), one.view(), NanPolicy::Raise).unwrap();
        assert_eq!(r1.m_between, 0.0);
        close(r1.m_within, r1.m_total, 1e-16);
        // every area its own district: everything between
        let own = array![0, 1, 2, 3, 4];
        let r2 = mutual_information_decomposition(n.view(), own.view(), NanPolicy::Raise).unwrap();
        assert_eq!(r2.m_within, 0.0);
        close(r2.m_between, r2.m_total, 1e-16);
    }

    #[test]
    fn single_group_district_has_nan_h_and_no_contribution() {
        let n = array![[5., 0.], [3., 0.], [2., 4.], [1., 6.]];
        let d = array![0, 0, 1, 1];
        let r = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise).unwrap();
        assert_eq!(r.districts[0].entropy, 0.0);
        assert_eq!(r.districts[0].m, 0.0);
        assert!(r.districts[0].h.is_nan());
        assert_eq!(r.districts[0].h_contribution, 0.0);
        close(r.m_between + r.m_within, r.m_total, 1e-15);
        close(r.h_between + r.h_within, r.h_total, 1e-15);
    }

    #[test]
    fn missing_districts_and_counts() {
        let n = example();
        let d = array![1, -1, 2, 2, 2];
        let e = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingValue);
        assert_eq!(e.index(), Some(1));
        let p = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Propagate).unwrap();
        assert!(p.m_total.is_nan() && p.flags.contains(Flags::MISSING_PROPAGATED));
        let o = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Omit).unwrap();
        assert_eq!((o.n_used, o.n_dropped), (4, 1));
        let mut rest = example();
        rest.remove_index(ndarray::Axis(0), 1);
        let m = mutual_information(rest.view(), NanPolicy::Raise)
            .unwrap()
            .value;
        close(o.m_total, m, 1e-16);
        assert_eq!(o.districts[0].n_areas, 1);
        assert_eq!(o.districts[0].m, 0.0);
        close(o.m_between + o.m_within, o.m_total, 1e-16);

        let mut nn = example();
        nn[(3, 0)] = f64::NAN;
        let ok = array![1, 1, 2, 2, 2];
        assert_eq!(
            mutual_information_decomposition(nn.view(), ok.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::MissingValue
        );
        let o2 = mutual_information_decomposition(nn.view(), d.view(), NanPolicy::Omit).unwrap();
        assert_eq!((o2.n_used, o2.n_dropped), (3, 2));
        let short = array![1, 2];
        assert_eq!(
            mutual_information_decomposition(n.view(), short.view(), NanPolicy::Raise)
                .unwrap_err()
                .kind(),
            ErrorKind::ShapeMismatch
        );
        let all = array![-1, -1, -1, -1, -1];
        assert_eq!(
            mutual_information_decomposition(n.view(), all.view(), NanPolicy::Omit)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
    }

    #[test]
    fn larger_random_nesting_identities() {
        // deterministic pseudo-random table: 300 areas, 5 groups, 17 districts
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % 50
        };
        let n = Array2::from_shape_fn((300, 5), |_| next() as f64);
        let d = ndarray::Array1::from_shape_fn(300, |i| ((i * 7) % 17) as i64);
        let r = mutual_information_decomposition(n.view(), d.view(), NanPolicy::Raise).unwrap();
        close(r.m_between + r.m_within, r.m_total, 1e-15);
        close(r.h_between + r.h_within, r.h_total, 1e-15);
        assert_eq!(r.districts.len(), 17);
        assert!(r.m_between >= 0.0 && r.m_within >= 0.0);
    }
}
