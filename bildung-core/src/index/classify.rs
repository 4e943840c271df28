//! Classification of index values (methods.md 5.3; indicators.md 3.2-3.4): fixed thresholds
//! with a boundary rule per threshold (Berlin MSS classes), quantile classes, equal-width stages
//! with a top-p override (NRW Sozialindexstufen), SD classes (Hamburg) and the cross of two
//! classifications (MSS Gesamtindex, status x dynamics).
//!
//! Every classification is a list of increasing thresholds `t_1 <= ... <= t_{m-1}` that cut the
//! line into `m` classes, coded `0..m-1` from the lowest values up; a value equal to a threshold
//! goes to the class below or above it as the threshold's [`Side`] says. Comparisons are on the
//! unrounded values. An area without a value gets code `-1`.

use ndarray::ArrayView1;

use super::input::{Scan, scan_vector};
use super::normalise::{moments, require_members};
use super::reference::Reference;
use crate::error::{Error, Result};
use crate::inequality::VarianceForm;
use crate::input::{AreaStatus, Flags, NanPolicy};

/// Which class a value equal to a threshold belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Side {
    /// The class below: intervals `(a, b]` (right-closed; pandas `cut(right=True)`). The default.
    #[default]
    Lower,
    /// The class above: intervals `[a, b)` (left-closed).
    Upper,
}

impl Side {
    /// Parse `"lower"` or `"upper"`.
    pub fn from_name(name: &str) -> Result<Side> {
        match name {
            "lower" => Ok(Side::Lower),
            "upper" => Ok(Side::Upper),
            other => Err(Error::parameter(
                "boundary",
                format!("{other:?}"),
                "expected \"lower\" (a value on a threshold goes to the class below) or \"upper\"",
            )),
        }
    }

    /// `"lower"` or `"upper"`.
    pub const fn name(self) -> &'static str {
        match self {
            Side::Lower => "lower",
            Side::Upper => "upper",
        }
    }
}

/// A class boundary: values above `value` are in a higher class; a value equal to it goes to
/// the class on `side`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The boundary.
    pub value: f64,
    /// Where a value equal to the boundary goes.
    pub side: Side,
}

impl Threshold {
    /// A threshold whose boundary value belongs to the class below.
    pub const fn lower(value: f64) -> Threshold {
        Threshold {
            value,
            side: Side::Lower,
        }
    }

    /// A threshold whose boundary value belongs to the class above.
    pub const fn upper(value: f64) -> Threshold {
        Threshold {
            value,
            side: Side::Upper,
        }
    }
}

/// A fixed classification scheme: thresholds and one label per class.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Strictly increasing thresholds.
    pub thresholds: Vec<Threshold>,
    /// One label per class (`thresholds.len() + 1`), lowest class first.
    pub labels: Vec<String>,
}

impl Scheme {
    /// A scheme from thresholds and optional labels (default: interval labels such as
    /// `"(-inf, -1)"`, `"[-1, 1]"`).
    ///
    /// # Errors
    /// Thresholds that are not finite or not strictly increasing, or a number of labels other
    /// than `thresholds.len() + 1`: [`Error::InvalidParameter`].
    pub fn new(thresholds: Vec<Threshold>, labels: Option<Vec<String>>) -> Result<Scheme> {
        for (k, t) in thresholds.iter().enumerate() {
            if !t.value.is_finite() {
                return Err(Error::parameter(
                    "thresholds",
                    t.value,
                    "thresholds must be finite",
                ));
            }
            if k > 0 && t.value <= thresholds[k - 1].value {
                return Err(Error::parameter(
                    "thresholds",
                    t.value,
                    "thresholds must be strictly increasing",
                ));
            }
        }
        let labels = labels.unwrap_or_else(|| interval_labels(&thresholds));
        check_labels(&labels, thresholds.len() + 1)?;
        Ok(Scheme { thresholds, labels })
    }

    /// A scheme from threshold values, boundary rule names (`"lower"` / `"upper"`: one for
    /// every threshold, or a single one for all) and optional labels (the form the bindings
    /// pass).
    ///
    /// # Errors
    /// An unknown rule name, a number of rules other than 1 or `thresholds.len()`:
    /// [`Error::InvalidParameter`]; otherwise as for [`Scheme::new`].
    ///
    /// ```
    /// use bildung_core::index::{Scheme, Side};
    /// let s = Scheme::from_names(&[-1.0, 1.0], &["upper".into(), "lower".into()], None)?;
    /// assert_eq!(s.thresholds[0].side, Side::Upper);
    /// assert_eq!(s.labels, vec!["(-inf, -1)", "[-1, 1]", "(1, inf)"]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn from_names(
        thresholds: &[f64],
        boundary: &[String],
        labels: Option<Vec<String>>,
    ) -> Result<Scheme> {
        if boundary.len() != 1 && boundary.len() != thresholds.len() {
            return Err(Error::parameter(
                "boundary",
                boundary.len(),
                format!(
                    "give one boundary rule for all thresholds or one per threshold ({})",
                    thresholds.len()
                ),
            ));
        }
        let thresholds = thresholds
            .iter()
            .enumerate()
            .map(|(k, &value)| {
                let name = &boundary[if boundary.len() == 1 { 0 } else { k }];
                Side::from_name(name).map(|side| Threshold { value, side })
            })
            .collect::<Result<Vec<_>>>()?;
        Scheme::new(thresholds, labels)
    }

    /// A named preset: `"mss_status"` ([`Scheme::mss_status`]) or `"mss_dynamics"`.
    ///
    /// # Errors
    /// Another name: [`Error::InvalidParameter`].
    pub fn preset(name: &str) -> Result<Scheme> {
        match name {
            "mss_status" => Ok(Scheme::mss_status()),
            "mss_dynamics" => Ok(Scheme::mss_dynamics()),
            other => Err(Error::parameter(
                "scheme",
                format!("{other:?}"),
                "expected \"mss_status\" or \"mss_dynamics\"",
            )),
        }
    }

    /// Berlin MSS status classes (indicators.md 3.2, high index = disadvantage): `"hoch"` if
    /// index < -1, `"mittel"` if -1 <= index <= 1, `"niedrig"` if 1 < index <= 1.5,
    /// `"sehr niedrig"` if index > 1.5.
    ///
    /// ```
    /// use bildung_core::index::{classify, Scheme};
    /// use ndarray::array;
    /// let idx = array![-1.0, 1.0, 1.5, 1.5000001, -1.0000001];
    /// let c = classify(idx.view(), &Scheme::mss_status(), bildung_core::NanPolicy::Raise)?;
    /// assert_eq!(c.code, vec![1, 1, 2, 3, 0]);
    /// # Ok::<(), bildung_core::Error>(())
    /// ```
    pub fn mss_status() -> Scheme {
        Scheme {
            thresholds: vec![
                Threshold::upper(-1.0),
                Threshold::lower(1.0),
                Threshold::lower(1.5),
            ],
            labels: ["hoch", "mittel", "niedrig", "sehr niedrig"]
                .map(String::from)
                .to_vec(),
        }
    }

    /// Berlin MSS dynamics classes: `"positiv"` if index < -1, `"stabil"` if
    /// -1 <= index <= 1, `"negativ"` if index > 1.
    pub fn mss_dynamics() -> Scheme {
        Scheme {
            thresholds: vec![Threshold::upper(-1.0), Threshold::lower(1.0)],
            labels: ["positiv", "stabil", "negativ"].map(String::from).to_vec(),
        }
    }
}

/// Interval labels: `"(-inf, -1)"`, `"[-1, 1]"`, `"(1, 1.5]"`, `"(1.5, inf)"`.
fn interval_labels(t: &[Threshold]) -> Vec<String> {
    (0..=t.len())
        .map(|c| {
            let lo = if c == 0 {
                "(-inf".to_string()
            } else {
                let b = if t[c - 1].side == Side::Upper {
                    '['
                } else {
                    '('
                };
                format!("{b}{}", t[c - 1].value)
            };
            let hi = if c == t.len() {
                "inf)".to_string()
            } else {
                let b = if t[c].side == Side::Lower { ']' } else { ')' };
                format!("{}{b}", t[c].value)
            };
            format!("{lo}, {hi}")
        })
        .collect()
}

/// The labels `"1"`, ..., `"m"` (or `"{prefix}1"`, ...).
fn numbered_labels(prefix: &str, m: usize) -> Vec<String> {
    (1..=m).map(|k| format!("{prefix}{k}")).collect()
}

fn check_labels(labels: &[String], m: usize) -> Result<()> {
    if labels.len() != m {
        return Err(Error::parameter(
            "labels",
            labels.len(),
            format!("expected one label per class ({m})"),
        ));
    }
    Ok(())
}

/// Class memberships of every area.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// Class code of every area, `0..m-1` from the lowest values up; `-1` without a value.
    pub code: Vec<i32>,
    /// One label per class.
    pub labels: Vec<String>,
    /// The thresholds between consecutive classes (`m - 1`; empty for a cross-classification).
    pub thresholds: Vec<Threshold>,
    /// Areas per class.
    pub counts: Vec<usize>,
    /// Status of every area (`Missing` without a value).
    pub status: Vec<AreaStatus>,
    /// Areas with a class.
    pub n_used: usize,
    /// Areas without a class (missing value).
    pub n_dropped: usize,
    /// Warning flags.
    pub flags: Flags,
}

impl Classes {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.labels.len()
    }

    /// The label of area `i`'s class (`None` without a class or out of range).
    pub fn label_of(&self, i: usize) -> Option<&str> {
        let c = *self.code.get(i)?;
        usize::try_from(c)
            .ok()
            .and_then(|c| self.labels.get(c))
            .map(String::as_str)
    }
}

/// The class of `v` under increasing thresholds.
#[inline]
fn class_of(v: f64, thresholds: &[Threshold]) -> i32 {
    let above = thresholds
        .iter()
        .filter(|t| v > t.value || (v == t.value && t.side == Side::Upper))
        .count();
    i32::try_from(above).unwrap_or(i32::MAX)
}

/// Assign every area of a validated vector to its class.
fn assign(
    values: ArrayView1<'_, f64>,
    scan: Scan,
    thresholds: Vec<Threshold>,
    labels: Vec<String>,
) -> Classes {
    let mut counts = vec![0; labels.len()];
    let code: Vec<i32> = values
        .iter()
        .map(|&v| {
            if v.is_nan() {
                -1
            } else {
                let c = class_of(v, &thresholds);
                if let Some(n) = usize::try_from(c).ok().and_then(|c| counts.get_mut(c)) {
                    *n += 1;
                }
                c
            }
        })
        .collect();
    Classes {
        code,
        labels,
        thresholds,
        counts,
        n_used: scan.n_used(),
        n_dropped: scan.n_dropped,
        status: scan.status,
        flags: scan.flags,
    }
}

/// Classification by fixed thresholds (feste Schwellenwerte), e.g. the Berlin MSS classes.
///
/// ```text
/// class(v) = #{k : v > t_k, or v = t_k and t_k goes to the upper class}
/// ```
///
/// # Errors
/// Infinity, NaN under `Raise`, no value at all: as in the [module](super) conventions.
///
/// # Example
/// ```
/// use bildung_core::index::{classify, Scheme, Threshold};
/// use ndarray::array;
/// let s = Scheme::new(vec![Threshold::lower(0.0), Threshold::upper(10.0)], None)?;
/// assert_eq!(s.labels, vec!["(-inf, 0]", "(0, 10)", "[10, inf)"]);
/// let c = classify(array![0.0, 5.0, 10.0].view(), &s, bildung_core::NanPolicy::Raise)?;
/// assert_eq!(c.code, vec![0, 1, 2]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn classify(values: ArrayView1<'_, f64>, scheme: &Scheme, nan: NanPolicy) -> Result<Classes> {
    let checked = Scheme::new(scheme.thresholds.clone(), Some(scheme.labels.clone()))?;
    let scan = scan_vector("values", values, nan)?;
    Ok(assign(values, scan, checked.thresholds, checked.labels))
}

/// The present values of the reference areas.
fn reference_values(
    values: ArrayView1<'_, f64>,
    reference: &Reference<'_>,
    nan: NanPolicy,
) -> Result<Vec<f64>> {
    let refs = reference.resolve(values.len(), nan)?;
    require_members(&refs)?;
    let v: Vec<f64> = values
        .iter()
        .enumerate()
        .filter(|&(i, v)| refs.member[i] && !v.is_nan())
        .map(|(_, &v)| v)
        .collect();
    if v.is_empty() {
        return Err(Error::EmptyInput {
            what: "no area of the reference set has a value",
        });
    }
    Ok(v)
}

/// The type-7 quantile (Hyndman-Fan; numpy `quantile(method="linear")`) of ascending values,
/// with numpy's arithmetic, so that a value on a boundary is classified as numpy / pandas would:
///
/// ```text
/// h = (n - 1) p,  j = floor(h),  g = h - j,  Q = x_j + (x_{j+1} - x_j) g   (g < 1/2)
///                                            Q = x_{j+1} - (x_{j+1} - x_j)(1 - g)   (g >= 1/2)
/// ```
/// (0-based `x_j`.) `sorted` is not empty.
fn type7(sorted: &[f64], p: f64) -> f64 {
    let last = sorted.len() - 1;
    let h = last as f64 * p;
    if h >= last as f64 {
        return sorted[last];
    }
    if h <= 0.0 {
        return sorted[0];
    }
    let j = h.floor();
    let g = h - j;
    // 0 <= j < last here
    let j = j as usize;
    let (a, b) = (sorted[j], sorted[j + 1]);
    let d = b - a;
    if g >= 0.5 {
        b - d * (1.0 - g)
    } else {
        a + d * g
    }
}

/// Quantile classes (Quantilsklassen, e.g. quintiles): boundaries are the quantiles of the
/// reference set at the given probabilities; a value on a boundary goes to the lower class
/// (pandas `qcut`).
///
/// ```text
/// t_k = Q_R(p_k)  (type 7 = numpy "linear", same interpolation arithmetic),  class = #{k : v > t_k}
/// ```
/// Equal boundaries (many tied values) leave the classes between them empty. Areas outside the
/// reference set are classified with the same boundaries. `labels` default `"Q1"` .. `"Qm"`.
///
/// # Errors
/// `probabilities` not strictly increasing inside `(0, 1)`, or wrong number of labels:
/// [`Error::InvalidParameter`]; no reference area with a value: [`Error::EmptyInput`]; the
/// vector checks as for [`classify`].
///
/// # Example
/// ```
/// use bildung_core::index::{classify_quantiles, Reference};
/// use ndarray::array;
/// let v = array![1.0, 2.0, 3.0, 4.0, 5.0];
/// let c = classify_quantiles(v.view(), &Reference::all(), &[0.5], None,
///                            bildung_core::NanPolicy::Raise)?;
/// assert_eq!(c.thresholds[0].value, 3.0);
/// assert_eq!(c.code, vec![0, 0, 0, 1, 1]); // 3 is on the boundary: lower class
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn classify_quantiles(
    values: ArrayView1<'_, f64>,
    reference: &Reference<'_>,
    probabilities: &[f64],
    labels: Option<Vec<String>>,
    nan: NanPolicy,
) -> Result<Classes> {
    for (k, &p) in probabilities.iter().enumerate() {
        if !(p > 0.0 && p < 1.0) || (k > 0 && p <= probabilities[k - 1]) {
            return Err(Error::parameter(
                "probabilities",
                p,
                "cut probabilities must be strictly increasing and lie in (0, 1)",
            ));
        }
    }
    let labels = labels.unwrap_or_else(|| numbered_labels("Q", probabilities.len() + 1));
    check_labels(&labels, probabilities.len() + 1)?;
    let scan = scan_vector("values", values, nan)?;
    let mut v = reference_values(values, reference, nan)?;
    v.sort_unstable_by(f64::total_cmp);
    let thresholds = probabilities
        .iter()
        .map(|&p| Threshold::lower(type7(&v, p)))
        .collect();
    Ok(assign(values, scan, thresholds, labels))
}

/// Equal-width stages (gleich breite Stufen; NRW Sozialindex: 9 Stufen), optionally with the
/// top share of the reference set put directly into the highest stage (NRW from 2024/25: the 5 %
/// of schools with the highest index values are Stufe 9, the rest is divided into 8 equal-width
/// Stufen).
///
/// ```text
/// without top share:  edges lo + k (hi - lo) / m,  k = 1..m-1   (lo, hi = min, max over R)
/// with top share p:   c = Q_R(1 - p) (type 7); areas with v > c are stage m;
///                     edges lo + k (c - lo) / (m - 1), k = 1..m-2, and c
/// ```
/// A value on an edge goes to the lower stage (pandas `cut(right=True, include_lowest=True)` on
/// the edges). Areas outside the reference set are staged with the same edges (below `lo`:
/// stage 1, above `hi`: stage m). `labels` default `"1"` .. `"m"`.
///
/// # Errors
/// `stages < 2`, `top_share` outside `(0, 1)`, wrong number of labels:
/// [`Error::InvalidParameter`]; all reference values equal (no width): [`Error::Undefined`];
/// no reference area with a value: [`Error::EmptyInput`].
///
/// # Example
/// ```
/// use bildung_core::index::{classify_equal_width, Reference};
/// use ndarray::Array1;
/// let v = Array1::from_iter((0..20).map(f64::from)); // 0 .. 19
/// let c = classify_equal_width(v.view(), &Reference::all(), 9, Some(0.05), None,
///                              bildung_core::NanPolicy::Raise)?;
/// assert_eq!(c.code[19], 8);       // the top 5 %: one of 20 areas, Stufe 9
/// assert_eq!(c.counts[8], 1);
/// assert_eq!(c.label_of(0), Some("1"));
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn classify_equal_width(
    values: ArrayView1<'_, f64>,
    reference: &Reference<'_>,
    stages: usize,
    top_share: Option<f64>,
    labels: Option<Vec<String>>,
    nan: NanPolicy,
) -> Result<Classes> {
    if stages < 2 {
        return Err(Error::parameter("stages", stages, "need at least 2 stages"));
    }
    if let Some(p) = top_share
        && !(p > 0.0 && p < 1.0)
    {
        return Err(Error::parameter("top_share", p, "must lie in (0, 1)"));
    }
    let labels = labels.unwrap_or_else(|| numbered_labels("", stages));
    check_labels(&labels, stages)?;
    let scan = scan_vector("values", values, nan)?;
    let mut v = reference_values(values, reference, nan)?;
    v.sort_unstable_by(f64::total_cmp);
    let lo = v[0];
    let (hi, equal) = match top_share {
        None => (v[v.len() - 1], stages),
        Some(p) => (type7(&v, 1.0 - p), stages - 1),
    };
    if hi <= lo {
        return Err(Error::undefined(
            "classify_equal_width",
            "the reference values have no spread (the range of the equal-width stages is 0)",
        ));
    }
    // numpy linspace: start + k * step
    let step = (hi - lo) / equal as f64;
    let mut thresholds: Vec<Threshold> = (1..equal)
        .map(|k| Threshold::lower(k as f64 * step + lo))
        .collect();
    if top_share.is_some() {
        thresholds.push(Threshold::lower(hi));
    }
    Ok(assign(values, scan, thresholds, labels))
}

/// SD classes (Standardabweichungsklassen; Hamburg Sozialmonitoring): thresholds at
/// `mean ± c sd` of the reference set, with the multiples `c` and boundary rules of `scheme`.
///
/// ```text
/// t_k = mean_R + c_k sd_R     (weighted if the reference is, SD divisor `form`)
/// ```
/// With `Scheme::mss_status()` and z-values (mean 0, SD 1) this is the MSS classification.
/// Default labels of [`Scheme::new`] are in SD units.
///
/// # Errors
/// As for [`classify`]; an SD of 0 or too few reference values: [`Error::UndefinedColumn`].
///
/// # Example
/// ```
/// use bildung_core::index::{classify_sd, Reference, Scheme, Threshold};
/// use bildung_core::inequality::VarianceForm;
/// use ndarray::array;
/// let v = array![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]; // mean 5, population SD 2
/// let s = Scheme::new(vec![Threshold::upper(-1.0), Threshold::lower(1.0)], None)?;
/// let c = classify_sd(v.view(), &Reference::all(), &s, VarianceForm::Population,
///                     bildung_core::NanPolicy::Raise)?;
/// assert_eq!(c.thresholds[0].value, 3.0);
/// assert_eq!(c.code, vec![0, 1, 1, 1, 1, 1, 1, 2]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn classify_sd(
    values: ArrayView1<'_, f64>,
    reference: &Reference<'_>,
    scheme: &Scheme,
    form: VarianceForm,
    nan: NanPolicy,
) -> Result<Classes> {
    let checked = Scheme::new(scheme.thresholds.clone(), Some(scheme.labels.clone()))?;
    let scan = scan_vector("values", values, nan)?;
    let refs = reference.resolve(values.len(), nan)?;
    require_members(&refs)?;
    let data = values.to_vec();
    let m = moments("classify_sd", "values", 0, &data, &refs, form)?;
    let thresholds = checked
        .thresholds
        .iter()
        .map(|t| Threshold {
            value: m.mean + t.value * m.sd,
            side: t.side,
        })
        .collect();
    Ok(assign(values, scan, thresholds, checked.labels))
}

/// Cross-classification of two classifications of the same areas (Berlin MSS Gesamtindex:
/// 4 status x 3 dynamics classes = 12 groups).
///
/// ```text
/// code = code_a * m_b + code_b,   label = "label_a / label_b"
/// ```
/// An area without a class in either is without a class (`-1`, status `Missing`).
///
/// # Errors
/// As for [`cross_codes`].
///
/// # Example
/// ```
/// use bildung_core::index::{classify, cross_classify, Scheme};
/// use bildung_core::NanPolicy;
/// use ndarray::array;
/// let s = classify(array![-1.2, 0.3].view(), &Scheme::mss_status(), NanPolicy::Raise)?;
/// let d = classify(array![0.0, 1.4].view(), &Scheme::mss_dynamics(), NanPolicy::Raise)?;
/// let g = cross_classify(&s, &d)?;
/// assert_eq!(g.n_classes(), 12);
/// assert_eq!(g.code, vec![1, 5]);
/// assert_eq!(g.label_of(1), Some("mittel / negativ"));
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn cross_classify(a: &Classes, b: &Classes) -> Result<Classes> {
    let mut c = cross_codes(&a.code, &a.labels, &b.code, &b.labels)?;
    c.flags = a.flags | b.flags;
    Ok(c)
}

/// [`cross_classify`] from class codes and labels (as the bindings hold them).
///
/// # Errors
/// Code vectors of different lengths: [`Error::ShapeMismatch`] (`"code_b"`); a code below `-1`
/// or not below its number of labels: [`Error::InvalidParameter`].
///
/// # Example
/// ```
/// use bildung_core::index::cross_codes;
/// let (la, lb) = (vec!["a".to_string(), "b".into()], vec!["x".to_string(), "y".into()]);
/// let g = cross_codes(&[0, 1, -1], &la, &[1, 1, 0], &lb)?;
/// assert_eq!(g.code, vec![1, 3, -1]);
/// assert_eq!(g.labels, vec!["a / x", "a / y", "b / x", "b / y"]);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn cross_codes(
    code_a: &[i32],
    labels_a: &[String],
    code_b: &[i32],
    labels_b: &[String],
) -> Result<Classes> {
    if code_a.len() != code_b.len() {
        return Err(Error::ShapeMismatch {
            what: "code_b",
            expected: code_a.len(),
            found: code_b.len(),
        });
    }
    for (what, code, m) in [
        ("code_a", code_a, labels_a.len()),
        ("code_b", code_b, labels_b.len()),
    ] {
        if let Some((i, &c)) = code
            .iter()
            .enumerate()
            .find(|&(_, &c)| c < -1 || usize::try_from(c).is_ok_and(|c| c >= m))
        {
            return Err(Error::parameter(
                "code",
                format!("{c} at {what}[{i}]"),
                format!("class codes must be -1 (no class) or 0..{m} (one per label)"),
            ));
        }
    }
    let mb = labels_b.len();
    let labels: Vec<String> = labels_a
        .iter()
        .flat_map(|la| labels_b.iter().map(move |lb| format!("{la} / {lb}")))
        .collect();
    let mut counts = vec![0; labels.len()];
    let mut status = Vec::with_capacity(code_a.len());
    let code: Vec<i32> = code_a
        .iter()
        .zip(code_b)
        .map(|(&ca, &cb)| {
            let c = match (usize::try_from(ca), usize::try_from(cb)) {
                (Ok(ca), Ok(cb)) => ca * mb + cb,
                _ => {
                    status.push(AreaStatus::Missing);
                    return -1;
                }
            };
            status.push(AreaStatus::Ok);
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
            i32::try_from(c).unwrap_or(i32::MAX)
        })
        .collect();
    let n_used = code.iter().filter(|&&c| c >= 0).count();
    Ok(Classes {
        n_dropped: code.len() - n_used,
        code,
        labels,
        thresholds: Vec::new(),
        counts,
        status,
        n_used,
        flags: Flags::NONE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    #[test]
    fn mss_boundaries_and_missing() {
        let v = array![-1.0, f64::NAN, 1.0, 1.5, 1.51];
        let e = classify(v.view(), &Scheme::mss_status(), NanPolicy::Raise).unwrap_err();
        assert_eq!((e.kind(), e.index()), (ErrorKind::MissingValue, Some(1)));
        let c = classify(v.view(), &Scheme::mss_status(), NanPolicy::Omit).unwrap();
        assert_eq!(c.code, vec![1, -1, 1, 2, 3]);
        assert_eq!(c.counts, vec![0, 2, 1, 1]);
        assert_eq!(c.status[1], AreaStatus::Missing);
        assert_eq!(c.label_of(1), None);
        let bad = Scheme {
            thresholds: vec![Threshold::lower(1.0), Threshold::lower(1.0)],
            labels: vec!["a".into(), "b".into(), "c".into()],
        };
        let e = classify(v.view(), &bad, NanPolicy::Omit).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidParameter);
        assert_eq!(
            Scheme::new(vec![Threshold::lower(0.0)], Some(vec!["x".into()]))
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidParameter
        );
    }

    #[test]
    fn equal_width_without_and_with_top_share() {
        let v = array![0.0, 1.0, 2.0, 3.0, 4.0, 9.0];
        let c = classify_equal_width(v.view(), &Reference::all(), 3, None, None, NanPolicy::Raise)
            .unwrap();
        assert_eq!(c.thresholds[0].value, 3.0);
        assert_eq!(c.code, vec![0, 0, 0, 0, 1, 2]);
        let c = classify_equal_width(
            v.view(),
            &Reference::all(),
            3,
            Some(0.2),
            None,
            NanPolicy::Raise,
        )
        .unwrap();
        // Q(0.8) of 6 values, type 7: h = 5 * 0.8 = 4 -> x_4 (0-based) = 4
        assert_eq!(
            c.thresholds.iter().map(|t| t.value).collect::<Vec<_>>(),
            vec![2.0, 4.0]
        );
        assert_eq!(c.code, vec![0, 0, 0, 1, 1, 2]);
        let flat = array![1.0, 1.0];
        let e = classify_equal_width(
            flat.view(),
            &Reference::all(),
            3,
            None,
            None,
            NanPolicy::Raise,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Undefined);
    }

    #[test]
    fn cross_of_missing_is_missing() {
        let s = classify(
            array![0.0, f64::NAN].view(),
            &Scheme::mss_status(),
            NanPolicy::Omit,
        )
        .unwrap();
        let d = classify(
            array![0.0, 0.0].view(),
            &Scheme::mss_dynamics(),
            NanPolicy::Raise,
        )
        .unwrap();
        let g = cross_classify(&s, &d).unwrap();
        assert_eq!(g.code, vec![4, -1]);
        assert_eq!((g.n_used, g.n_dropped), (1, 1));
        let short = classify(
            array![0.0].view(),
            &Scheme::mss_dynamics(),
            NanPolicy::Raise,
        )
        .unwrap();
        assert_eq!(
            cross_classify(&s, &short).unwrap_err().kind(),
            ErrorKind::ShapeMismatch
        );
    }
}
