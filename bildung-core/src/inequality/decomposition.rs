//! Decomposition of inequality by groups (Zerlegung nach Gruppen): exact within/between for
//! GE(alpha), within/between/overlap for the Gini coefficient.

use std::collections::BTreeMap;

use ndarray::ArrayView1;

use super::entropy::GeAccumulator;
use crate::error::{Error, Result};
use crate::input::{Flags, NanPolicy, Prepared, Sign, Units, check_finite, prepare};
use crate::sum::NeumaierSum;

/// One group's part in a decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTerm {
    /// The group code as given (>= 0).
    pub group: i64,
    /// Units of the group used.
    pub n: usize,
    /// Population share `v_g = W_g / W`.
    pub population_share: f64,
    /// Share of the total `s_g = S_g / S`.
    pub value_share: f64,
    /// Group mean `mu_g = S_g / W_g`.
    pub mean: f64,
    /// The inequality within the group (GE_g or Gini_g); NaN when the group total is 0.
    pub inequality: f64,
    /// The group's contribution to the within term.
    pub contribution: f64,
}

/// GE(alpha) split into within-group and between-group inequality.
///
/// `total = within + between` holds exactly in exact arithmetic (and to rounding here).
#[derive(Debug, Clone, PartialEq)]
pub struct GeDecomposition {
    /// The sensitivity parameter.
    pub alpha: f64,
    /// GE(alpha) of all units.
    pub total: f64,
    /// `sum_g v_g^(1-alpha) s_g^alpha GE_g(alpha)`.
    pub within: f64,
    /// GE(alpha) with every unit given its group mean.
    pub between: f64,
    /// Per group, ordered by group code.
    pub groups: Vec<GroupTerm>,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing.
    pub n_dropped: usize,
    /// Units left out for weight 0.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`] when every number is NaN because of a missing value.
    pub flags: Flags,
}

/// The Gini coefficient split into within-group, between-group and overlap terms.
///
/// `total = within + between + overlap`; the overlap (re-ranking) term is 0 only when the group
/// ranges do not overlap. The Gini coefficient is not additively decomposable: never read
/// `within + between` as the total.
#[derive(Debug, Clone, PartialEq)]
pub struct GiniDecomposition {
    /// Gini of all units.
    pub total: f64,
    /// `sum_g v_g s_g G_g`.
    pub within: f64,
    /// Gini with every unit given its group mean.
    pub between: f64,
    /// `total - within - between` (>= 0 up to rounding).
    pub overlap: f64,
    /// Per group, ordered by group code.
    pub groups: Vec<GroupTerm>,
    /// Units used.
    pub n_used: usize,
    /// Units dropped as missing.
    pub n_dropped: usize,
    /// Units left out for weight 0.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`] when every number is NaN because of a missing value.
    pub flags: Flags,
}

/// Dense indices for the group codes of the used units.
struct GroupIndex {
    codes: Vec<i64>,
    lookup: Lookup,
}

enum Lookup {
    Direct(Vec<u32>),
    Map(BTreeMap<i64, u32>),
}

impl GroupIndex {
    fn new(u: &Units<'_>) -> GroupIndex {
        let max = u
            .iter_indexed()
            .map(|(i, _, _)| u.group(i))
            .max()
            .unwrap_or(0);
        let n = u.n_used();
        if max >= 0 && (max as u64) < (4 * n as u64 + 1024) {
            let mut table = vec![u32::MAX; max as usize + 1];
            for (i, _, _) in u.iter_indexed() {
                table[u.group(i) as usize] = 0;
            }
            let mut codes = Vec::new();
            for (code, slot) in table.iter_mut().enumerate() {
                if *slot == 0 {
                    *slot = codes.len() as u32;
                    codes.push(code as i64);
                }
            }
            GroupIndex {
                codes,
                lookup: Lookup::Direct(table),
            }
        } else {
            let mut map = BTreeMap::new();
            for (i, _, _) in u.iter_indexed() {
                map.insert(u.group(i), 0u32);
            }
            let mut codes = Vec::with_capacity(map.len());
            for (k, (code, slot)) in map.iter_mut().enumerate() {
                *slot = k as u32;
                codes.push(*code);
            }
            GroupIndex {
                codes,
                lookup: Lookup::Map(map),
            }
        }
    }

    #[inline]
    fn of(&self, code: i64) -> usize {
        match &self.lookup {
            Lookup::Direct(t) => t[code as usize] as usize,
            Lookup::Map(m) => m.get(&code).copied().unwrap_or(0) as usize,
        }
    }
}

/// Per-group sums and the grand totals.
struct GroupSums {
    index: GroupIndex,
    n: Vec<usize>,
    w: Vec<f64>,
    s: Vec<f64>,
    total_w: f64,
    total_s: f64,
}

impl GroupSums {
    fn new(measure: &'static str, u: &Units<'_>) -> Result<GroupSums> {
        let index = GroupIndex::new(u);
        let k = index.codes.len();
        let mut n = vec![0usize; k];
        let mut w = vec![NeumaierSum::new(); k];
        let mut s = vec![NeumaierSum::new(); k];
        let mut tw = NeumaierSum::new();
        let mut ts = NeumaierSum::new();
        for (i, xi, wi) in u.iter_indexed() {
            let g = index.of(u.group(i));
            n[g] += 1;
            w[g].add(wi);
            s[g].add(wi * xi);
            tw.add(wi);
            ts.add(wi * xi);
        }
        let (total_w, total_s) = (tw.value(), ts.value());
        if total_s <= 0.0 {
            return Err(Error::undefined(measure, "zero total (all values are 0)"));
        }
        Ok(GroupSums {
            index,
            n,
            w: w.iter().map(NeumaierSum::value).collect(),
            s: s.iter().map(NeumaierSum::value).collect(),
            total_w,
            total_s,
        })
    }

    fn term(&self, g: usize, inequality: f64, contribution: f64) -> GroupTerm {
        GroupTerm {
            group: self.index.codes[g],
            n: self.n[g],
            population_share: self.w[g] / self.total_w,
            value_share: self.s[g] / self.total_s,
            mean: self.s[g] / self.w[g],
            inequality,
            contribution,
        }
    }
}

/// Exact decomposition of GE(alpha) into within-group and between-group inequality
/// (Shorrocks 1980), e.g. Kreise within Länder, Ortsteile within Stadtbezirke.
///
/// ```text
/// v_g = W_g / W,  s_g = S_g / S,  mu_g = S_g / W_g
/// GE(alpha) = sum_g v_g^(1-alpha) s_g^alpha GE_g(alpha)   (within)
///           + GE_between(alpha)                           (between: GE of the group means,
///                                                          each unit given its group mean)
/// Theil T (alpha = 1): within weights s_g;  MLD (alpha = 0): within weights v_g
/// ```
/// `groups[i] >= 0` is the group code of unit `i`; a negative code marks a missing group and is
/// treated like a NaN under `nan`. O(n), two passes, no sort.
///
/// # Edge cases
/// A group whose values are all 0 has `index = NaN` and contributes 0 (alpha > 0). One group:
/// between = 0.
///
/// # Errors
/// As for [`generalized_entropy`](super::generalized_entropy); `groups` of another length is
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch).
///
/// # Example
/// methods.md 1.8: the ten `ineq` incomes, group 0 = the six smallest, group 1 = the four largest.
/// ```
/// use bildung_core::{NanPolicy, inequality::ge_decomposition};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let g = array![0_i64, 0, 0, 0, 0, 0, 1, 1, 1, 1];
/// let d = ge_decomposition(x.view(), None, g.view(), 1.0, NanPolicy::Raise).unwrap();
/// assert!((d.within - 0.133424).abs() < 1e-6);
/// assert!((d.between - 0.228918).abs() < 1e-6);
/// assert!((d.total - d.within - d.between).abs() < 1e-12);
/// ```
pub fn ge_decomposition(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    groups: ArrayView1<'_, i64>,
    alpha: f64,
    nan: NanPolicy,
) -> Result<GeDecomposition> {
    const M: &str = "generalized entropy decomposition";
    check_finite("alpha", alpha)?;
    let u = match prepare(x, weights, Some(groups), nan, Sign::NonNegative, M)? {
        Prepared::Propagate { n } => {
            return Ok(GeDecomposition {
                alpha,
                total: f64::NAN,
                within: f64::NAN,
                between: f64::NAN,
                groups: Vec::new(),
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
        Prepared::Units(u) => u,
    };
    let sums = GroupSums::new(M, &u)?;
    let k = sums.index.codes.len();
    let mu = sums.total_s / sums.total_w;
    let mut total = GeAccumulator::new(M, alpha);
    let mut per_group = vec![GeAccumulator::new(M, alpha); k];
    for (i, xi, wi) in u.iter_indexed() {
        let g = sums.index.of(u.group(i));
        total.add(xi / mu, wi / sums.total_w)?;
        if sums.s[g] > 0.0 {
            per_group[g].add(xi / (sums.s[g] / sums.w[g]), wi / sums.w[g])?;
        }
    }
    let mut between = GeAccumulator::new(M, alpha);
    let mut within = NeumaierSum::new();
    let mut terms = Vec::with_capacity(k);
    for (g, acc) in per_group.iter().enumerate() {
        let v = sums.w[g] / sums.total_w;
        let s = sums.s[g] / sums.total_s;
        between.add((sums.s[g] / sums.w[g]) / mu, v)?;
        let (index, contribution) = if sums.s[g] > 0.0 {
            let ge = acc.finish()?;
            let c = v.powf(1.0 - alpha) * s.powf(alpha) * ge;
            (ge, c)
        } else {
            (f64::NAN, 0.0)
        };
        within.add(contribution);
        terms.push(sums.term(g, index, contribution));
    }
    Ok(GeDecomposition {
        alpha,
        total: total.finish()?,
        within: within.value(),
        between: between.finish()?,
        groups: terms,
        n_used: u.n_used(),
        n_dropped: u.n_dropped(),
        n_empty: u.n_empty(),
        flags: Flags::NONE,
    })
}

/// Decomposition of the Gini coefficient into within-group, between-group and overlap terms
/// (Pyatt 1976; Lambert & Aronson 1993).
///
/// ```text
/// G = sum_g v_g s_g G_g   (within)
///   + G_between           (Gini with every unit given its group mean, weights kept)
///   + R                   (overlap / re-ranking residual, >= 0; 0 iff group ranges do not overlap)
/// ```
/// One sort of all units by value gives the total and, in the same pass, every group's Gini.
/// O(n log n).
///
/// # Errors
/// As for [`gini`](super::gini); `groups` of another length is
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch).
///
/// # Example
/// methods.md 1.8, non-overlapping split: within 0.128288, between 0.333803, overlap 0.
/// ```
/// use bildung_core::{NanPolicy, inequality::gini_decomposition};
/// use ndarray::array;
/// let x = array![541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.];
/// let g = array![0_i64, 0, 0, 0, 0, 0, 1, 1, 1, 1];
/// let d = gini_decomposition(x.view(), None, g.view(), NanPolicy::Raise).unwrap();
/// assert!((d.within - 0.128288).abs() < 1e-6);
/// assert!((d.between - 0.333803).abs() < 1e-6);
/// assert!(d.overlap.abs() < 1e-12);
/// ```
pub fn gini_decomposition(
    x: ArrayView1<'_, f64>,
    weights: Option<ArrayView1<'_, f64>>,
    groups: ArrayView1<'_, i64>,
    nan: NanPolicy,
) -> Result<GiniDecomposition> {
    const M: &str = "gini decomposition";
    let u = match prepare(x, weights, Some(groups), nan, Sign::NonNegative, M)? {
        Prepared::Propagate { n } => {
            return Ok(GiniDecomposition {
                total: f64::NAN,
                within: f64::NAN,
                between: f64::NAN,
                overlap: f64::NAN,
                groups: Vec::new(),
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
        Prepared::Units(u) => u,
    };
    let sums = GroupSums::new(M, &u)?;
    let k = sums.index.codes.len();

    // (x, w, group) sorted by x
    let mut units: Vec<(f64, f64, u32)> = u
        .iter_indexed()
        .map(|(i, xi, wi)| (xi, wi, sums.index.of(u.group(i)) as u32))
        .collect();
    units.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));

    let mut c = NeumaierSum::new();
    let mut acc = NeumaierSum::new();
    let mut cg = vec![NeumaierSum::new(); k];
    let mut accg = vec![NeumaierSum::new(); k];
    for &(xi, wi, g) in &units {
        let g = g as usize;
        c.add(wi);
        cg[g].add(wi);
        acc.add(wi * xi * (2.0 * c.value() - wi));
        accg[g].add(wi * xi * (2.0 * cg[g].value() - wi));
    }
    drop(units);
    let total = (acc.value() / sums.total_w / sums.total_s - 1.0).max(0.0);

    let mut within = NeumaierSum::new();
    let mut terms = Vec::with_capacity(k);
    let mut means: Vec<(f64, f64)> = Vec::with_capacity(k);
    for (g, acc) in accg.iter().enumerate() {
        let v = sums.w[g] / sums.total_w;
        let s = sums.s[g] / sums.total_s;
        let (index, contribution) = if sums.s[g] > 0.0 {
            let gg = (acc.value() / sums.w[g] / sums.s[g] - 1.0).max(0.0);
            (gg, v * s * gg)
        } else {
            (f64::NAN, 0.0)
        };
        within.add(contribution);
        terms.push(sums.term(g, index, contribution));
        means.push((sums.s[g] / sums.w[g], sums.w[g]));
    }

    // between: Gini of the group means weighted by W_g
    means.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut cb = NeumaierSum::new();
    let mut accb = NeumaierSum::new();
    for &(m, w) in &means {
        cb.add(w);
        accb.add(w * m * (2.0 * cb.value() - w));
    }
    let between = (accb.value() / sums.total_w / sums.total_s - 1.0).max(0.0);
    let within = within.value();
    Ok(GiniDecomposition {
        total,
        within,
        between,
        overlap: total - within - between,
        groups: terms,
        n_used: u.n_used(),
        n_dropped: u.n_dropped(),
        n_empty: u.n_empty(),
        flags: Flags::NONE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn overlapping_groups_from_methods() {
        // methods.md 1.8: alternating ranks -> within 0.219671, between 0.113748, residual 0.128673
        let x = array![
            541., 1463., 2445., 3438., 4437., 5401., 6392., 8304., 11904., 22261.
        ];
        let g = array![0_i64, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        let d = gini_decomposition(x.view(), None, g.view(), NanPolicy::Raise).unwrap();
        assert!((d.total - 0.4620911).abs() < 1e-7);
        assert!((d.within - 0.219671).abs() < 1e-6);
        assert!((d.between - 0.113748).abs() < 1e-6);
        assert!((d.overlap - 0.128673).abs() < 1e-6);
    }

    #[test]
    fn sparse_codes_use_the_map() {
        let x = array![1.0, 2.0, 3.0, 4.0];
        let g = array![5_000_000_000_i64, 7, 5_000_000_000, 7];
        let d = ge_decomposition(x.view(), None, g.view(), 1.0, NanPolicy::Raise).unwrap();
        assert_eq!(d.groups.len(), 2);
        assert_eq!(d.groups[0].group, 7);
        assert_eq!(d.groups[0].n, 2);
        assert!((d.total - d.within - d.between).abs() < 1e-15);
    }
}
