//! Weighting and aggregation (methods.md 5.2; indicators.md 8.1 `weighted_sum`,
//! `restandardise`, `aggregate_weighted`): the composite of several normalised indicators
//! (Statussumme), its re-standardisation (Status-Index), and population-weighted means of
//! sub-areas for their parent areas.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use super::input::scan_table;
use super::normalise::{ZOptions, ZScores, zscore_named};
use super::reference::Reference;
use crate::counts::check_nonnegative;
use crate::error::{Error, Result};
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// The weights of a composite.
#[derive(Debug, Clone, PartialEq)]
pub enum Weighting {
    /// `w_j = 1 / k`: the mean of the `k` indicators.
    Equal,
    /// `w_j = 1`: the plain sum (Berlin MSS Statussumme).
    Sum,
    /// User (expert) weights, one per indicator, `>= 0`, normalised to sum 1.
    User(Vec<f64>),
}

impl Weighting {
    /// Parse `"equal"` or `"sum"` (user weights are given as numbers).
    pub fn from_name(name: &str) -> Result<Weighting> {
        match name {
            "equal" => Ok(Weighting::Equal),
            "sum" => Ok(Weighting::Sum),
            other => Err(Error::parameter(
                "weights",
                format!("{other:?}"),
                "expected \"equal\", \"sum\" or one weight per indicator",
            )),
        }
    }

    /// `"equal"`, `"sum"` or `"user"`.
    pub const fn name(&self) -> &'static str {
        match self {
            Weighting::Equal => "equal",
            Weighting::Sum => "sum",
            Weighting::User(_) => "user",
        }
    }

    /// The weight of every one of `k` indicators.
    fn resolve(&self, k: usize) -> Result<Vec<f64>> {
        match self {
            Weighting::Equal => Ok(vec![1.0 / k as f64; k]),
            Weighting::Sum => Ok(vec![1.0; k]),
            Weighting::User(w) => {
                if w.len() != k {
                    return Err(Error::ShapeMismatch {
                        what: "weights",
                        expected: k,
                        found: w.len(),
                    });
                }
                for (j, &v) in w.iter().enumerate() {
                    if v.is_nan() {
                        return Err(Error::MissingValue {
                            what: "weights",
                            index: j,
                        });
                    }
                    check_nonnegative("weights", j, v)?;
                }
                let total = crate::sum::neumaier_sum(w.iter().copied());
                if total <= 0.0 {
                    return Err(Error::parameter(
                        "weights",
                        "all 0",
                        "at least one indicator weight must be > 0",
                    ));
                }
                Ok(w.iter().map(|v| v / total).collect())
            }
        }
    }
}

/// How the weighted indicators are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Aggregation {
    /// `sum_j w_j x_ij` (compensatory; the default).
    #[default]
    Linear,
    /// `prod_j x_ij^w_j` (less compensatory; positive values only).
    Geometric,
}

impl Aggregation {
    /// Parse `"linear"` or `"geometric"`.
    pub fn from_name(name: &str) -> Result<Aggregation> {
        match name {
            "linear" => Ok(Aggregation::Linear),
            "geometric" => Ok(Aggregation::Geometric),
            other => Err(Error::parameter(
                "method",
                format!("{other:?}"),
                "expected \"linear\" or \"geometric\"",
            )),
        }
    }

    /// `"linear"` or `"geometric"`.
    pub const fn name(self) -> &'static str {
        match self {
            Aggregation::Linear => "linear",
            Aggregation::Geometric => "geometric",
        }
    }
}

/// A composite value per area, with the weights used.
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    /// The composite of every area (NaN for an area with a missing indicator).
    pub values: Vec<f64>,
    /// The weight of every indicator as used (user weights normalised to sum 1).
    pub weights: Vec<f64>,
    /// `"equal"`, `"sum"` or `"user"`.
    pub weighting: &'static str,
    /// Linear or geometric.
    pub aggregation: Aggregation,
    /// Status of every area (`Missing` with a missing indicator).
    pub status: Vec<AreaStatus>,
    /// Areas with a value.
    pub n_used: usize,
    /// Areas with a missing indicator.
    pub n_dropped: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// Weighted sum (or weighted geometric mean) of normalised indicators per area
/// (Statussumme, gewichtete Summe).
///
/// ```text
/// linear:    c_i = sum_j w_j x_ij          geometric:  c_i = prod_j x_ij^w_j   (x_ij > 0)
/// w_j = 1/k (equal), 1 (sum), u_j / sum u (user)
/// ```
/// An area with a missing indicator has no composite (NaN, status `Missing`) under `Omit` and
/// `Propagate`; `Raise` is an error naming the cell.
///
/// # Errors
/// The table checks of the [module](super); user weights of the wrong length, negative, NaN,
/// infinite or all 0; a value `<= 0` with the geometric aggregation: [`Error::NotPositive`]
/// naming the cell.
///
/// # Example
/// ```
/// use bildung_core::index::{weighted_sum, Aggregation, Weighting};
/// use bildung_core::NanPolicy;
/// use ndarray::array;
/// let z = array![[1.0, 2.0], [-1.0, 0.5]];
/// let s = weighted_sum(z.view(), &Weighting::Sum, Aggregation::Linear, NanPolicy::Raise)?;
/// assert_eq!(s.values, vec![3.0, -0.5]);
/// let u = weighted_sum(z.view(), &Weighting::User(vec![3.0, 1.0]), Aggregation::Linear,
///                      NanPolicy::Raise)?;
/// assert_eq!(u.weights, vec![0.75, 0.25]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn weighted_sum(
    x: ArrayView2<'_, f64>,
    weighting: &Weighting,
    aggregation: Aggregation,
    nan: NanPolicy,
) -> Result<Composite> {
    weighted_sum_named("x", x, weighting, aggregation, nan)
}

/// [`weighted_sum`] with the argument name used in messages.
pub(crate) fn weighted_sum_named(
    what: &'static str,
    x: ArrayView2<'_, f64>,
    weighting: &Weighting,
    aggregation: Aggregation,
    nan: NanPolicy,
) -> Result<Composite> {
    let scan = scan_table(what, x, nan)?;
    let cols = x.ncols();
    let weights = weighting.resolve(cols)?;
    let mut values = Vec::with_capacity(x.nrows());
    for (i, row) in x.axis_iter(Axis(0)).enumerate() {
        if scan.status[i] != AreaStatus::Ok {
            values.push(f64::NAN);
            continue;
        }
        let mut s = NeumaierSum::new();
        for (j, (&v, &w)) in row.iter().zip(&weights).enumerate() {
            match aggregation {
                Aggregation::Linear => s.add(w * v),
                Aggregation::Geometric => {
                    if v <= 0.0 {
                        return Err(Error::NotPositive {
                            what,
                            index: i * cols + j,
                            value: v,
                        });
                    }
                    s.add(w * v.ln());
                }
            }
        }
        values.push(match aggregation {
            Aggregation::Linear => s.value(),
            Aggregation::Geometric => s.value().exp(),
        });
    }
    Ok(Composite {
        values,
        weights,
        weighting: weighting.name(),
        aggregation,
        n_used: scan.n_used(),
        n_dropped: scan.n_dropped,
        status: scan.status,
        flags: scan.flags,
    })
}

/// Re-standardisation of a composite against the reference set (Berlin MSS: Status-Index =
/// standardisierte Statussumme).
///
/// ```text
/// index_i = (c_i - mean_R(c)) / sd_R(c)      (centre = true)
/// index_i = c_i / sd_R(c)                    (centre = false, "Statussumme / SD")
/// ```
/// The same computation as [`zscore`](super::zscore) on one column (the result has one
/// column; messages name the argument `values`).
///
/// # Errors
/// As for [`zscore`](super::zscore).
///
/// # Example
/// ```
/// use bildung_core::index::{restandardise, Reference, ZOptions};
/// use ndarray::array;
/// let sums = array![-3.0, 0.0, 3.0];
/// let idx = restandardise(sums.view(), &Reference::all(), &ZOptions::default())?;
/// assert_eq!(idx.sd[0], 3.0);
/// assert_eq!(idx.column(0).to_vec(), vec![-1.0, 0.0, 1.0]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn restandardise(
    values: ArrayView1<'_, f64>,
    reference: &Reference<'_>,
    options: &ZOptions,
) -> Result<ZScores> {
    zscore_named(
        "restandardise",
        "values",
        values.insert_axis(Axis(1)),
        reference,
        options,
    )
}

/// Population-weighted means of sub-areas for their parent areas.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregated {
    /// The weighted mean of every parent and indicator (parents x indicators); NaN for a parent
    /// without weight (status `Empty`) or with a missing value under `Propagate`.
    pub values: Array2<f64>,
    /// Sum of the weights of each parent's sub-areas used.
    pub total_weight: Vec<f64>,
    /// Sub-areas with positive weight per parent.
    pub n_areas: Vec<usize>,
    /// Status of every parent.
    pub status: Vec<AreaStatus>,
    /// Sub-areas used (known parent, positive weight).
    pub n_used: usize,
    /// Sub-areas dropped for a missing parent code or weight.
    pub n_dropped: usize,
    /// Sub-areas with weight 0.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// Population-weighted aggregation of sub-area values to parent areas (indicators.md 8.1
/// `aggregate_weighted`; e.g. Hamburg: Statistische Gebiete to Sozialräume, residence areas to a
/// school).
///
/// ```text
/// y_pj = sum_{i: parent(i) = p} w_i x_ij / sum_{i: parent(i) = p} w_i
/// ```
/// `parent` holds codes `0..n_parents-1` (a negative code is a missing parent). Missing values:
/// under `Omit` a missing cell is left out of its parent's mean for that indicator; under
/// `Propagate` it makes that mean NaN (parent status `Missing`); a missing parent code or weight
/// drops the sub-area (`Propagate`: a missing weight makes its parent's means NaN).
///
/// # Errors
/// Lengths of `parent`, `weights` and the rows of `values` differ: [`Error::ShapeMismatch`];
/// a code `>= n_parents`: [`Error::InvalidParameter`]; negative or infinite weights; the table
/// checks of the [module](super); missing values under `Raise`.
///
/// # Example
/// ```
/// use bildung_core::index::aggregate_weighted;
/// use bildung_core::NanPolicy;
/// use ndarray::array;
/// let share = array![[10.0], [20.0], [40.0]];
/// let parent = array![0_i64, 0, 1];
/// let residents = array![300.0, 100.0, 50.0];
/// let a = aggregate_weighted(share.view(), parent.view(), residents.view(), 2, NanPolicy::Raise)?;
/// assert_eq!(a.values.column(0).to_vec(), vec![12.5, 40.0]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn aggregate_weighted(
    values: ArrayView2<'_, f64>,
    parent: ArrayView1<'_, i64>,
    weights: ArrayView1<'_, f64>,
    n_parents: usize,
    nan: NanPolicy,
) -> Result<Aggregated> {
    let (rows, cols) = values.dim();
    for (what, len) in [("parent", parent.len()), ("weights", weights.len())] {
        if len != rows {
            return Err(Error::ShapeMismatch {
                what,
                expected: rows,
                found: len,
            });
        }
    }
    let scan = scan_table("values", values, nan)?;
    let mut flags = scan.flags;
    let mut first_missing = None;
    // per sub-area: its parent when used
    let mut used = vec![None; rows];
    let (mut n_dropped, mut n_empty) = (0, 0);
    let mut poisoned = vec![false; n_parents];
    for i in 0..rows {
        let (p, w) = (parent[i], weights[i]);
        check_nonnegative("weights", i, w)?;
        if p >= 0 && p as u64 >= n_parents as u64 {
            return Err(Error::parameter(
                "parent",
                format!("{p} at parent[{i}]"),
                format!("parent codes must be < n_parents = {n_parents} (negative = missing)"),
            ));
        }
        if p < 0 || w.is_nan() {
            first_missing.get_or_insert((if p < 0 { "parent" } else { "weights" }, i));
            n_dropped += 1;
            if p >= 0 && nan == NanPolicy::Propagate {
                poisoned[p as usize] = true;
            }
            continue;
        }
        if w == 0.0 {
            n_empty += 1;
            continue;
        }
        used[i] = Some(p as usize);
    }
    flags |= crate::counts::resolve_missing(first_missing, nan)?;
    let mut total = vec![NeumaierSum::new(); n_parents];
    let mut n_areas = vec![0usize; n_parents];
    let mut num = vec![NeumaierSum::new(); n_parents * cols];
    let mut den = vec![NeumaierSum::new(); n_parents * cols];
    let mut missing = vec![false; n_parents * cols];
    for (i, p) in used.iter().enumerate() {
        let Some(p) = *p else { continue };
        let w = weights[i];
        total[p].add(w);
        n_areas[p] += 1;
        for j in 0..cols {
            let v = values[[i, j]];
            if v.is_nan() {
                missing[p * cols + j] = true;
                continue;
            }
            num[p * cols + j].add(w * v);
            den[p * cols + j].add(w);
        }
    }
    let mut out = Array2::from_elem((n_parents, cols), f64::NAN);
    let mut status = vec![AreaStatus::Ok; n_parents];
    for p in 0..n_parents {
        if n_areas[p] == 0 {
            status[p] = AreaStatus::Empty;
            continue;
        }
        for j in 0..cols {
            let k = p * cols + j;
            let propagate = nan == NanPolicy::Propagate && (missing[k] || poisoned[p]);
            let d = den[k].value();
            if propagate || d <= 0.0 {
                status[p] = AreaStatus::Missing;
                continue;
            }
            out[[p, j]] = num[k].value() / d;
        }
    }
    Ok(Aggregated {
        values: out,
        total_weight: total.iter().map(NeumaierSum::value).collect(),
        n_areas,
        status,
        n_used: rows - n_dropped - n_empty,
        n_dropped,
        n_empty,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn geometric_and_errors() {
        let x = array![[1.0, 4.0], [2.0, 8.0]];
        let g = weighted_sum(
            x.view(),
            &Weighting::Equal,
            Aggregation::Geometric,
            NanPolicy::Raise,
        )
        .unwrap();
        assert!((g.values[0] - 2.0).abs() < 1e-15 && (g.values[1] - 4.0).abs() < 1e-14);
        let z = array![[1.0, 0.0]];
        let e = weighted_sum(
            z.view(),
            &Weighting::Equal,
            Aggregation::Geometric,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::NegativeValue, Some(1)));
        let e = weighted_sum(
            x.view(),
            &Weighting::User(vec![1.0, -1.0]),
            Aggregation::Linear,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::NegativeValue, Some(1)));
        let e = weighted_sum(
            x.view(),
            &Weighting::User(vec![1.0]),
            Aggregation::Linear,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ShapeMismatch);
        let m = array![[1.0, f64::NAN], [2.0, 3.0]];
        let s = weighted_sum(
            m.view(),
            &Weighting::Sum,
            Aggregation::Linear,
            NanPolicy::Omit,
        )
        .unwrap();
        assert!(s.values[0].is_nan());
        assert_eq!(s.values[1], 5.0);
        assert_eq!(s.status[0], AreaStatus::Missing);
    }

    #[test]
    fn aggregation_policies() {
        let v = array![[1.0, f64::NAN], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]];
        let parent = array![0_i64, 0, -1, 2];
        let w = array![1.0, 1.0, 1.0, 0.0];
        let e =
            aggregate_weighted(v.view(), parent.view(), w.view(), 3, NanPolicy::Raise).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(1)));
        let a = aggregate_weighted(v.view(), parent.view(), w.view(), 3, NanPolicy::Omit).unwrap();
        assert_eq!(a.values[[0, 0]], 2.0);
        assert_eq!(a.values[[0, 1]], 4.0);
        assert_eq!(
            a.status,
            vec![AreaStatus::Ok, AreaStatus::Empty, AreaStatus::Empty]
        );
        assert_eq!((a.n_used, a.n_dropped, a.n_empty), (2, 1, 1));
        let p =
            aggregate_weighted(v.view(), parent.view(), w.view(), 3, NanPolicy::Propagate).unwrap();
        assert!(p.values[[0, 1]].is_nan());
        assert_eq!(p.values[[0, 0]], 2.0);
        assert_eq!(p.status[0], AreaStatus::Missing);
        let e =
            aggregate_weighted(v.view(), parent.view(), w.view(), 2, NanPolicy::Omit).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
    }
}
