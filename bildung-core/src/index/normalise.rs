//! Normalisation of indicators against a reference set (methods.md 5.1): z-scores
//! (z-Standardisierung), min-max scaling and average-rank percentiles, each per indicator
//! (column) with a polarity sign.

use ndarray::{Array2, ArrayView1, ArrayView2};

use super::input::{Scan, polarity, scan_table};
use super::reference::{Reference, Resolved};
use crate::error::{Error, Result};
use crate::inequality::VarianceForm;
use crate::input::{AreaStatus, Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Options of [`zscore`] and [`restandardise`](super::restandardise).
#[derive(Debug, Clone, PartialEq)]
pub struct ZOptions {
    /// SD divisor: [`VarianceForm::Sample`] (`n - 1`, the default here) or
    /// [`VarianceForm::Population`] (`n`). With population weights the sample form is the
    /// weighted population variance times `n / (n - 1)`, `n` = number of reference areas
    /// (methods.md 0.3).
    pub form: VarianceForm,
    /// Sign per indicator (`+1` or `-1`) so that higher values mean the same direction (e.g.
    /// more disadvantage) for every indicator; `None` = all `+1`.
    pub polarity: Option<Vec<f64>>,
    /// Winsorise at `±k` SD: values outside `mean ± k sd` of the reference set are set to that
    /// bound, and the z-values are computed from the capped values (mean and SD recomputed).
    /// `None` (the default) leaves the values as they are.
    pub winsorize: Option<f64>,
    /// Subtract the mean (`true`, the default); `false` only divides by the SD (Berlin MSS:
    /// Status-Index = Statussumme / SD).
    pub centre: bool,
    /// Missing values.
    pub nan: NanPolicy,
}

impl Default for ZOptions {
    fn default() -> ZOptions {
        ZOptions {
            form: VarianceForm::Sample,
            polarity: None,
            winsorize: None,
            centre: true,
            nan: NanPolicy::Raise,
        }
    }
}

/// z-values of every area and indicator, with the parameters used.
#[derive(Debug, Clone, PartialEq)]
pub struct ZScores {
    /// `z_ij`, areas x indicators (NaN for a missing cell).
    pub values: Array2<f64>,
    /// Mean of each indicator over the reference set (after winsorising); subtracted only when
    /// `centred`.
    pub mean: Vec<f64>,
    /// SD of each indicator over the reference set (after winsorising).
    pub sd: Vec<f64>,
    /// Reference areas with a value, per indicator.
    pub n_reference: Vec<usize>,
    /// Cells capped by winsorising, per indicator (all areas; 0 without winsorising).
    pub n_winsorised: Vec<usize>,
    /// The polarity used, per indicator.
    pub polarity: Vec<f64>,
    /// The SD divisor used.
    pub form: VarianceForm,
    /// Whether mean and SD were population-weighted.
    pub weighted: bool,
    /// Whether the mean was subtracted.
    pub centred: bool,
    /// The winsorising bound `k` used, if any.
    pub winsorize: Option<f64>,
    /// Whether each area belongs to the reference set.
    pub in_reference: Vec<bool>,
    /// Status of every area (`Missing` if one of its cells is NaN).
    pub status: Vec<AreaStatus>,
    /// Areas without a missing cell.
    pub n_used: usize,
    /// Areas with a missing cell.
    pub n_dropped: usize,
    /// [`Flags::MISSING_PROPAGATED`] under `Propagate` with a missing cell.
    pub flags: Flags,
}

impl ZScores {
    /// The z-values of indicator `j` (panics if `j` is out of range, like indexing).
    pub fn column(&self, j: usize) -> ArrayView1<'_, f64> {
        self.values.column(j)
    }

    /// The SD divisor as numpy's `ddof` (1 for `n - 1`, 0 for `n`).
    pub fn ddof(&self) -> u32 {
        ddof(self.form)
    }
}

/// The SD divisor of numpy's `ddof`: 1 = `n - 1` ([`VarianceForm::Sample`]), 0 = `n`
/// ([`VarianceForm::Population`]).
///
/// # Errors
/// Another value: [`Error::InvalidParameter`].
///
/// ```
/// use bildung_core::index::variance_form;
/// use bildung_core::inequality::VarianceForm;
/// assert_eq!(variance_form(0).unwrap(), VarianceForm::Population);
/// assert!(variance_form(2).is_err());
/// ```
pub fn variance_form(ddof: u32) -> Result<VarianceForm> {
    match ddof {
        0 => Ok(VarianceForm::Population),
        1 => Ok(VarianceForm::Sample),
        other => Err(Error::parameter(
            "ddof",
            other,
            "the SD divisor is n - ddof with ddof 0 or 1",
        )),
    }
}

/// numpy's `ddof` of a variance form.
pub(crate) fn ddof(form: VarianceForm) -> u32 {
    match form {
        VarianceForm::Sample => 1,
        VarianceForm::Population => 0,
    }
}

/// Mean and SD of one indicator over the reference set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moments {
    pub(crate) n: usize,
    pub(crate) mean: f64,
    pub(crate) sd: f64,
}

/// Mean and SD of the present values of the reference areas (two passes, compensated):
///
/// ```text
/// mean = sum w_i x_i / W,  var = sum w_i (x_i - mean)^2 / W  (x n/(n-1) in the sample form)
/// ```
pub(crate) fn moments(
    measure: &'static str,
    what: &'static str,
    column: usize,
    values: &[f64],
    refs: &Resolved,
    form: VarianceForm,
) -> Result<Moments> {
    let undefined = |reason| Error::UndefinedColumn {
        measure,
        what,
        column,
        reason,
    };
    let used = || {
        values
            .iter()
            .enumerate()
            .filter(|&(i, v)| refs.member[i] && !v.is_nan())
            .map(|(i, &v)| (v, refs.weight(i)))
    };
    let (mut w, mut s, mut n) = (NeumaierSum::new(), NeumaierSum::new(), 0usize);
    for (v, wi) in used() {
        w.add(wi);
        s.add(wi * v);
        n += 1;
    }
    if n == 0 {
        return Err(undefined("no area of the reference set has a value"));
    }
    if form == VarianceForm::Sample && n < 2 {
        return Err(undefined(
            "an SD with divisor n-1 needs at least two reference areas with a value",
        ));
    }
    let mean = s.value() / w.value();
    let mut ss = NeumaierSum::new();
    for (v, wi) in used() {
        let d = v - mean;
        ss.add(wi * d * d);
    }
    let mut var = ss.value() / w.value();
    if form == VarianceForm::Sample {
        var *= n as f64 / (n as f64 - 1.0);
    }
    let sd = var.sqrt();
    if !sd.is_finite() {
        return Err(undefined("the SD overflows"));
    }
    if sd == 0.0 {
        return Err(undefined(
            "constant indicator (SD 0 over the reference set)",
        ));
    }
    Ok(Moments { n, mean, sd })
}

/// Check that the reference set has at least one area.
pub(crate) fn require_members(refs: &Resolved) -> Result<()> {
    if refs.member.iter().any(|&m| m) {
        Ok(())
    } else {
        Err(Error::EmptyInput {
            what: "the reference set is empty (no area selected, or none with enough population)",
        })
    }
}

/// z-standardisation against a reference set (z-Standardisierung), per indicator.
///
/// ```text
/// z_ij = s_j (x_ij - mean_j) / sd_j        (s_j = polarity, +1 or -1)
/// mean_j = sum_{i in R} w_i x_ij / W,  sd_j^2 = sum_{i in R} w_i (x_ij - mean_j)^2 / W  [x n/(n-1)]
/// ```
/// `R` = the reference set, `w_i` = 1 or the population, `n` = number of reference areas with a
/// value. Areas outside `R` are scored with the same `mean_j`, `sd_j`. With
/// `winsorize = Some(k)` the values are first capped at `mean_j ± k sd_j` (all areas) and mean
/// and SD are recomputed from the capped values of `R`.
///
/// # Errors
/// See the [module conventions](super); an indicator with SD 0 (or no value, or one value with
/// divisor `n - 1`) over `R`: [`Error::UndefinedColumn`]; an empty reference set:
/// [`Error::EmptyInput`]; `k <= 0`: [`Error::InvalidParameter`]; polarity not `±1` or of the wrong
/// length: [`Error::InvalidParameter`] / [`Error::ShapeMismatch`]; reference errors as in
/// [`Reference::members`].
///
/// # Example
/// ```
/// use bildung_core::index::{zscore, Reference, ZOptions};
/// use bildung_core::inequality::VarianceForm;
/// use ndarray::array;
/// let x = array![[1.0], [2.0], [3.0], [10.0]];
/// let first3 = array![true, true, true, false];
/// let z = zscore(x.view(), &Reference::all().include(first3.view()), &ZOptions::default())?;
/// assert_eq!((z.mean[0], z.sd[0]), (2.0, 1.0));
/// assert_eq!(z.values[[3, 0]], 8.0); // scored with the reference parameters
/// let pop = ZOptions { form: VarianceForm::Population, ..ZOptions::default() };
/// let z0 = zscore(x.view(), &Reference::all(), &pop)?;
/// assert_eq!(z0.ddof(), 0);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn zscore(
    x: ArrayView2<'_, f64>,
    reference: &Reference<'_>,
    options: &ZOptions,
) -> Result<ZScores> {
    zscore_named("zscore", "x", x, reference, options)
}

/// [`zscore`] with the measure and argument names used in messages.
pub(crate) fn zscore_named(
    measure: &'static str,
    what: &'static str,
    x: ArrayView2<'_, f64>,
    reference: &Reference<'_>,
    options: &ZOptions,
) -> Result<ZScores> {
    let (rows, cols) = x.dim();
    let scan = scan_table(what, x, options.nan)?;
    let pol = polarity(options.polarity.as_deref(), cols)?;
    if let Some(k) = options.winsorize
        && !(k.is_finite() && k > 0.0)
    {
        return Err(Error::parameter(
            "winsorize",
            k,
            "the winsorising bound k (in SDs) must be a finite number > 0",
        ));
    }
    let refs = reference.resolve(rows, options.nan)?;
    require_members(&refs)?;
    let mut values = Array2::from_elem((rows, cols), f64::NAN);
    let (mut mean, mut sd) = (Vec::with_capacity(cols), Vec::with_capacity(cols));
    let (mut n_reference, mut n_winsorised) = (Vec::with_capacity(cols), Vec::with_capacity(cols));
    for j in 0..cols {
        let mut data = x.column(j).to_vec();
        let mut m = moments(measure, what, j, &data, &refs, options.form)?;
        let mut capped = 0;
        if let Some(k) = options.winsorize {
            let (lo, hi) = (m.mean - k * m.sd, m.mean + k * m.sd);
            for v in data.iter_mut().filter(|v| !v.is_nan()) {
                let c = v.clamp(lo, hi);
                if c != *v {
                    capped += 1;
                    *v = c;
                }
            }
            m = moments(measure, what, j, &data, &refs, options.form)?;
        }
        let location = if options.centre { m.mean } else { 0.0 };
        for (i, &v) in data.iter().enumerate() {
            values[[i, j]] = pol[j] * (v - location) / m.sd;
        }
        mean.push(m.mean);
        sd.push(m.sd);
        n_reference.push(m.n);
        n_winsorised.push(capped);
    }
    Ok(ZScores {
        values,
        mean,
        sd,
        n_reference,
        n_winsorised,
        polarity: pol,
        form: options.form,
        weighted: refs.weights.is_some(),
        centred: options.centre,
        winsorize: options.winsorize,
        in_reference: refs.member,
        n_used: scan.n_used(),
        n_dropped: scan.n_dropped,
        status: scan.status,
        flags: scan.flags,
    })
}

/// Min-max scaled values of every area and indicator, with the reference range.
#[derive(Debug, Clone, PartialEq)]
pub struct MinMax {
    /// `(x - min) / (max - min)` (polarity `+1`) or `(max - x) / (max - min)` (`-1`); in
    /// `[0, 1]` for reference areas, possibly outside for the others; NaN for a missing cell.
    pub values: Array2<f64>,
    /// Smallest value of each indicator over the reference set.
    pub min: Vec<f64>,
    /// Largest value of each indicator over the reference set.
    pub max: Vec<f64>,
    /// Reference areas with a value, per indicator.
    pub n_reference: Vec<usize>,
    /// The polarity used, per indicator.
    pub polarity: Vec<f64>,
    /// Whether each area belongs to the reference set.
    pub in_reference: Vec<bool>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Areas without a missing cell.
    pub n_used: usize,
    /// Areas with a missing cell.
    pub n_dropped: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// The present values of the reference areas in column `j`, or `UndefinedColumn`.
fn reference_values(
    measure: &'static str,
    j: usize,
    col: ArrayView1<'_, f64>,
    refs: &Resolved,
) -> Result<Vec<f64>> {
    let v: Vec<f64> = col
        .iter()
        .enumerate()
        .filter(|&(i, v)| refs.member[i] && !v.is_nan())
        .map(|(_, &v)| v)
        .collect();
    if v.is_empty() {
        return Err(Error::UndefinedColumn {
            measure,
            what: "x",
            column: j,
            reason: "no area of the reference set has a value",
        });
    }
    Ok(v)
}

/// The validated input of [`min_max`] and [`percentile_rank`].
fn prepare_columns<'r>(
    x: ArrayView2<'_, f64>,
    reference: &Reference<'r>,
    polarity_in: Option<&[f64]>,
    nan: NanPolicy,
) -> Result<(Scan, Vec<f64>, Resolved)> {
    let scan = scan_table("x", x, nan)?;
    let pol = polarity(polarity_in, x.ncols())?;
    let refs = reference.resolve(x.nrows(), nan)?;
    require_members(&refs)?;
    Ok((scan, pol, refs))
}

/// Min-max scaling against a reference set (Min-Max-Normierung), per indicator.
///
/// ```text
/// polarity +1:  (x_ij - min_j) / (max_j - min_j)      polarity -1:  (max_j - x_ij) / (max_j - min_j)
/// ```
/// `min_j`, `max_j` over the reference set; population weights (`Reference::weighted`) do not
/// change a range. Sensitive to outliers: one new extreme area changes every value.
///
/// # Errors
/// As for [`zscore`]; `max_j = min_j` over the reference set: [`Error::UndefinedColumn`].
///
/// # Example
/// ```
/// use bildung_core::index::{min_max, Reference};
/// use bildung_core::NanPolicy;
/// use ndarray::array;
/// let x = array![[2.0, 5.0], [4.0, 1.0], [6.0, 3.0]];
/// let m = min_max(x.view(), &Reference::all(), Some(&[1.0, -1.0]), NanPolicy::Raise)?;
/// assert_eq!(m.values.column(0).to_vec(), vec![0.0, 0.5, 1.0]);
/// assert_eq!(m.values.column(1).to_vec(), vec![0.0, 1.0, 0.5]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn min_max(
    x: ArrayView2<'_, f64>,
    reference: &Reference<'_>,
    polarity: Option<&[f64]>,
    nan: NanPolicy,
) -> Result<MinMax> {
    let (scan, pol, refs) = prepare_columns(x, reference, polarity, nan)?;
    let (rows, cols) = x.dim();
    let mut values = Array2::from_elem((rows, cols), f64::NAN);
    let (mut min, mut max, mut n_reference) = (vec![], vec![], vec![]);
    for j in 0..cols {
        let col = x.column(j);
        let v = reference_values("min_max", j, col, &refs)?;
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let range = hi - lo;
        if range <= 0.0 || !range.is_finite() {
            return Err(Error::UndefinedColumn {
                measure: "min_max",
                what: "x",
                column: j,
                reason: if range <= 0.0 {
                    "constant indicator (max = min over the reference set)"
                } else {
                    "the range overflows"
                },
            });
        }
        for (i, &xi) in col.iter().enumerate() {
            values[[i, j]] = if pol[j] > 0.0 {
                (xi - lo) / range
            } else {
                (hi - xi) / range
            };
        }
        min.push(lo);
        max.push(hi);
        n_reference.push(v.len());
    }
    Ok(MinMax {
        values,
        min,
        max,
        n_reference,
        polarity: pol,
        in_reference: refs.member,
        n_used: scan.n_used(),
        n_dropped: scan.n_dropped,
        status: scan.status,
        flags: scan.flags,
    })
}

/// Average-rank percentiles of every area and indicator against a reference set.
#[derive(Debug, Clone, PartialEq)]
pub struct PercentileRanks {
    /// Rank among the reference values (1 = smallest signed value; ties get the average rank);
    /// for an area outside the reference set, the average rank it would have among them.
    pub rank: Array2<f64>,
    /// `(rank - 1/2) / n` in `[0, 1]` (SciPy `percentileofscore(kind="mean") / 100`).
    pub percentile: Array2<f64>,
    /// Reference areas with a value, per indicator (`n`).
    pub n_reference: Vec<usize>,
    /// The polarity used, per indicator.
    pub polarity: Vec<f64>,
    /// Whether each area belongs to the reference set.
    pub in_reference: Vec<bool>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Areas without a missing cell.
    pub n_used: usize,
    /// Areas with a missing cell.
    pub n_dropped: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// Percentile-rank normalisation (Rangnormierung) with average ranks for ties, per indicator.
///
/// ```text
/// v = s_j x_ij,   L = #{r in R: s_j x_rj < v},   E = #{r in R: s_j x_rj <= v}
/// rank_ij = (L + E) / 2 + 1/2,   percentile_ij = (L + E) / (2 n_j)
/// ```
/// For a reference area this is its average rank among the `n_j` reference values (SciPy
/// `rankdata(method="average")`). Robust to outliers, but distances are lost. Weights do not
/// enter.
///
/// # Errors
/// As for [`min_max`] (a constant indicator is fine here: every area gets the middle rank).
///
/// # Example
/// ```
/// use bildung_core::index::{percentile_rank, Reference};
/// use bildung_core::NanPolicy;
/// use ndarray::array;
/// let x = array![[10.0], [20.0], [20.0], [40.0]];
/// let r = percentile_rank(x.view(), &Reference::all(), None, NanPolicy::Raise)?;
/// assert_eq!(r.rank.column(0).to_vec(), vec![1.0, 2.5, 2.5, 4.0]);
/// assert_eq!(r.percentile[[0, 0]], 0.125);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn percentile_rank(
    x: ArrayView2<'_, f64>,
    reference: &Reference<'_>,
    polarity: Option<&[f64]>,
    nan: NanPolicy,
) -> Result<PercentileRanks> {
    let (scan, pol, refs) = prepare_columns(x, reference, polarity, nan)?;
    let (rows, cols) = x.dim();
    let mut rank = Array2::from_elem((rows, cols), f64::NAN);
    let mut percentile = Array2::from_elem((rows, cols), f64::NAN);
    let mut n_reference = Vec::with_capacity(cols);
    for j in 0..cols {
        let col = x.column(j);
        let mut v = reference_values("percentile_rank", j, col, &refs)?;
        for s in v.iter_mut() {
            *s *= pol[j];
        }
        v.sort_unstable_by(f64::total_cmp);
        let n = v.len() as f64;
        for (i, &xi) in col.iter().enumerate() {
            if xi.is_nan() {
                continue;
            }
            let s = pol[j] * xi;
            let below = v.partition_point(|&r| r < s) as f64;
            let at_most = v.partition_point(|&r| r <= s) as f64;
            rank[[i, j]] = (below + at_most) / 2.0 + 0.5;
            percentile[[i, j]] = (below + at_most) / (2.0 * n);
        }
        n_reference.push(v.len());
    }
    Ok(PercentileRanks {
        rank,
        percentile,
        n_reference,
        polarity: pol,
        in_reference: refs.member,
        n_used: scan.n_used(),
        n_dropped: scan.n_dropped,
        status: scan.status,
        flags: scan.flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn weighted_moments_equal_expanded_data() {
        // weights 2, 1, 1 == the data (1, 1, 2, 4) unweighted, population form
        let x = array![[1.0], [2.0], [4.0]];
        let pop = array![2.0, 1.0, 1.0];
        let o = ZOptions {
            form: VarianceForm::Population,
            ..ZOptions::default()
        };
        let w = zscore(
            x.view(),
            &Reference::all().population(pop.view()).weighted(true),
            &o,
        )
        .unwrap();
        let expanded = array![[1.0], [1.0], [2.0], [4.0]];
        let u = zscore(expanded.view(), &Reference::all(), &o).unwrap();
        assert!((w.mean[0] - u.mean[0]).abs() < 1e-15);
        assert!((w.sd[0] - u.sd[0]).abs() < 1e-15);
        assert!(w.weighted && !u.weighted);
    }

    #[test]
    fn missing_cells_and_constant_columns() {
        let x = array![[1.0, 5.0], [f64::NAN, 6.0], [3.0, 7.0]];
        let o = ZOptions {
            nan: NanPolicy::Omit,
            ..ZOptions::default()
        };
        let z = zscore(x.view(), &Reference::all(), &o).unwrap();
        assert_eq!(z.n_reference, vec![2, 3]);
        assert!(z.values[[1, 0]].is_nan());
        assert_eq!(z.values[[1, 1]], 0.0);
        assert_eq!(z.status[1], AreaStatus::Missing);
        assert_eq!((z.n_used, z.n_dropped), (2, 1));
        let c = array![[1.0, 2.0], [1.0, 3.0]];
        let e = zscore(c.view(), &Reference::all(), &ZOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        assert!(e.to_string().contains("column 0"), "{e}");
        assert!(e.to_string().contains("constant indicator"), "{e}");
        let e = min_max(c.view(), &Reference::all(), None, NanPolicy::Raise).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
        let none = array![false, false];
        let e = zscore(
            c.view(),
            &Reference::all().include(none.view()),
            &ZOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::EmptyInput);
    }

    #[test]
    fn winsorising_caps_and_counts() {
        let x = array![
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [0.0],
            [10.0]
        ];
        let o = ZOptions {
            winsorize: Some(2.0),
            ..ZOptions::default()
        };
        let z = zscore(x.view(), &Reference::all(), &o).unwrap();
        assert_eq!(z.n_winsorised, vec![1]);
        // first pass: mean 1, sd sqrt(10); cap at 1 + 2 sqrt(10)
        let cap: f64 = 1.0 + 2.0 * 10f64.sqrt();
        let v: Vec<f64> = [0.0; 9].iter().copied().chain([cap.min(10.0)]).collect();
        let m = v.iter().sum::<f64>() / 10.0;
        let sd = (v.iter().map(|a| (a - m) * (a - m)).sum::<f64>() / 9.0).sqrt();
        assert!((z.mean[0] - m).abs() < 1e-14 && (z.sd[0] - sd).abs() < 1e-14);
        let bad = ZOptions {
            winsorize: Some(0.0),
            ..ZOptions::default()
        };
        assert_eq!(
            zscore(x.view(), &Reference::all(), &bad)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
    }

    #[test]
    fn ranks_outside_the_reference_set() {
        let x = array![[1.0], [3.0], [5.0], [3.0], [9.0]];
        let r = array![true, true, true, false, false];
        let p = percentile_rank(
            x.view(),
            &Reference::all().include(r.view()),
            None,
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(p.rank.column(0).to_vec(), vec![1.0, 2.0, 3.0, 2.0, 3.5]);
        assert_eq!(p.percentile[[4, 0]], 1.0);
        let neg = percentile_rank(
            x.view(),
            &Reference::all().include(r.view()),
            Some(&[-1.0]),
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(neg.rank[[0, 0]], 3.0);
    }
}
