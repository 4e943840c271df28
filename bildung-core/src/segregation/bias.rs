//! Small-unit (upward) bias of two-group segregation indices and its corrections (methods.md 2.6).
//!
//! With small areas, even purely random allocation of pupils produces unevenness, so D, H and
//! eta² are positive in expectation when there is no systematic segregation at all. This file
//! offers, all deterministic (no simulation):
//!
//! * [`expected_under_random_allocation`]: exact expectations of D, H, eta² and xPx under random
//!   allocation with both margins fixed (hypergeometric counts per area);
//! * [`carrington_troske`]: the "systematic" index `(I - I*)/(1 - I*)` with that exact `I*`;
//! * [`winship_expected_dissimilarity`]: Winship's binomial benchmark (fixed `P`), exact and
//!   normal approximation;
//! * [`bias_corrected_dissimilarity`]: the Allen et al. (2015) bootstrap correction `2D - E[D*]`
//!   with `E[D*]` computed exactly (the limit of infinitely many bootstrap replicates);
//! * [`self_excluded_separation`]: Fossett's (2017) self-excluded separation index `S_u`.
//!
//! The numeric helpers at the end (log-pmfs after Loader 2000, pmf vectors by a ratio recurrence
//! from the mode, closed-form mean absolute deviations) are private.

use ndarray::ArrayView1;

use super::input::{PreparedTwoGroup, TwoGroup, two_group};
use super::two_group::{correlation_ratio, dissimilarity, entropy_index};
use crate::error::{Error, Result};
use crate::input::{Estimate, Flags, NanPolicy};
use crate::sum::{NeumaierSum, neumaier_sum};

/// Exact expectations of two-group indices under random allocation with both margins fixed,
/// returned by [`expected_under_random_allocation`].
///
/// All values are NaN (with [`Flags::MISSING_PROPAGATED`]) when a missing value was propagated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomAllocationExpectation {
    /// `E[D]`, the expected dissimilarity index.
    pub dissimilarity: f64,
    /// `E[H]`, the expected Theil entropy index.
    pub entropy_index: f64,
    /// `E[eta²] = (k - 1)/(T - 1)`, the expected correlation ratio.
    pub correlation_ratio: f64,
    /// `E[xPx] = P + (1 - P)(k - 1)/(T - 1)`, the expected isolation index.
    pub isolation: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags ([`Flags::SINGLE_AREA`]: every expectation is 0 and the null is degenerate).
    pub flags: Flags,
}

/// The index that [`carrington_troske`] transforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NullIndex {
    /// The dissimilarity index D ([`dissimilarity`](super::dissimilarity)). The default.
    #[default]
    Dissimilarity,
    /// The Theil entropy index H ([`entropy_index`](super::entropy_index)).
    EntropyIndex,
    /// The correlation ratio eta² ([`correlation_ratio`](super::correlation_ratio)).
    CorrelationRatio,
}

impl NullIndex {
    /// The index name (`"dissimilarity"`, `"entropy_index"`, `"correlation_ratio"`), as the
    /// function that computes it.
    pub const fn name(self) -> &'static str {
        match self {
            NullIndex::Dissimilarity => "dissimilarity",
            NullIndex::EntropyIndex => "entropy_index",
            NullIndex::CorrelationRatio => "correlation_ratio",
        }
    }

    /// Parse `"dissimilarity"`, `"entropy_index"` or `"correlation_ratio"`.
    ///
    /// ```
    /// use bildung_core::segregation::NullIndex;
    /// let i = NullIndex::from_name("entropy_index").unwrap();
    /// assert_eq!(i, NullIndex::EntropyIndex);
    /// assert_eq!(i.name(), "entropy_index");
    /// assert!(NullIndex::from_name("gini").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<NullIndex> {
        match name {
            "dissimilarity" => Ok(NullIndex::Dissimilarity),
            "entropy_index" => Ok(NullIndex::EntropyIndex),
            "correlation_ratio" => Ok(NullIndex::CorrelationRatio),
            other => Err(Error::parameter(
                "index",
                format!("{other:?}"),
                "expected \"dissimilarity\", \"entropy_index\" or \"correlation_ratio\"",
            )),
        }
    }
}

/// Winship's (1977) expected dissimilarity under binomial allocation with `P` fixed, returned by
/// [`winship_expected_dissimilarity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WinshipExpectation {
    /// Exact binomial expectation (de Moivre's mean absolute deviation per area).
    pub exact: f64,
    /// Normal approximation `sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))`.
    pub normal_approximation: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags.
    pub flags: Flags,
}

/// The bootstrap bias-corrected dissimilarity index (Allen et al. 2015) with the bootstrap
/// expectation computed exactly, returned by [`bias_corrected_dissimilarity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BiasCorrectedDissimilarity {
    /// The corrected index `2 D - E[D*]` (can be negative).
    pub value: f64,
    /// The observed dissimilarity index D.
    pub observed: f64,
    /// `E[D*]`, the expected D of a bootstrap replicate (B = infinity).
    pub expected_bootstrap: f64,
    /// Areas used (`k`).
    pub n_used: usize,
    /// Areas dropped as missing.
    pub n_dropped: usize,
    /// Areas left out because their total is 0.
    pub n_empty: usize,
    /// Warning flags ([`Flags::NEGATIVE_AFTER_CORRECTION`] when `value < 0`).
    pub flags: Flags,
}

/// Validate, and return the data or the number of input areas when a NaN is propagated.
fn prepare<'a>(
    measure: &'static str,
    x: ArrayView1<'a, f64>,
    t: ArrayView1<'a, f64>,
    nan: NanPolicy,
) -> Result<std::result::Result<TwoGroup<'a>, usize>> {
    Ok(match two_group(measure, x, t, nan)? {
        PreparedTwoGroup::Propagate { n } => Err(n),
        PreparedTwoGroup::Data(d) => {
            d.require_integral()?;
            Ok(d)
        }
    })
}

/// Exact expected values of the dissimilarity index D, the entropy index H, the correlation ratio
/// eta² and the isolation index xPx under random allocation with both margins fixed
/// (methods.md 2.6 (1)): pupils are randomly permuted across areas of the observed sizes, so each
/// area's focal-group count is hypergeometric, `x_i ~ Hyp(T, X, t_i)`.
///
/// ```text
/// E[D]     = sum_i E|x_i - t_i P| / (2 T P (1 - P))
///          = sum_i 2 v_i (Y - t_i + v_i) h_i(v_i) / T / (2 T P (1 - P)),   v_i = floor(t_i P) + 1
/// E[H]     = sum_i t_i (E - E[E_i]) / (E T)  =  sum_i t_i E[KL(p_i || P)] / (E T)
/// E[eta^2] = (k - 1) / (T - 1)
/// E[xPx]   = P + (1 - P) (k - 1) / (T - 1)
/// ```
/// `h_i` is the hypergeometric pmf of area i, `E = -P ln P - (1-P) ln(1-P)`, `E_i` the same with
/// `p_i = x_i / t_i`, `KL(p || P) = p ln(p/P) + (1-p) ln((1-p)/(1-P))`, k the number of areas
/// with population. The closed form for `E|x_i - t_i P|` is the hypergeometric analogue of de
/// Moivre's binomial identity: with `g(x) = x (Y - t + x) h(x) / T` one has
/// `g(x) - g(x+1) = (x - tP) h(x)`, so the upper half-sum telescopes. `E[H]` sums the pmf over
/// each area's support (computed by a ratio recurrence from the mode, normalised; terms below
/// 1e-300 of the mode are dropped), which costs `O(sum_i min(t_i, X, 75 sd_i))`: about 15 ms
/// for 400 areas with `T = 8e5` (release build). The KL form (the two differ by a term with
/// expectation 0) keeps the small expectations free of cancellation. The Gini index involves the
/// joint law of pairs of areas and has no such formula.
///
/// Under this null `E[D]` is the value to report next to D. It is what a permutation test
/// (PySAL `fixed_margins`, R `segregation` with `r2dtable`) simulates.
///
/// # Which correction to use when
/// | question | function |
/// |---|---|
/// | How much D, H or eta² would random allocation alone produce here? | this function |
/// | One number for segregation beyond chance, comparable across cities or years with different area sizes | [`carrington_troske`] (exact `I*` from this function) |
/// | An estimate of the D of the allocation process behind the observed counts, e.g. for trends | [`bias_corrected_dissimilarity`] (can be negative; least reliable when the true D is near 0) |
/// | An index on the eta² scale without the `(k-1)/(T-1)` bias | [`self_excluded_separation`] (null expectation `-1/(T-1)`, needs no correction) |
/// | Comparison with studies that used Winship's binomial benchmark | [`winship_expected_dissimilarity`] (not for reporting: it overstates the expectation) |
///
/// # Errors
/// As for [`dissimilarity`](super::dissimilarity), and
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) if a count is not an integer
/// (the null distribution is one of individuals).
///
/// # Example
/// methods.md 2.8: five Ortsteile with D = 0.3.
/// ```
/// use bildung_core::{NanPolicy, segregation::expected_under_random_allocation};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let e = expected_under_random_allocation(x.view(), t.view(), NanPolicy::Raise)?;
/// assert!((e.dissimilarity - 0.0937234).abs() < 1e-7);
/// assert!((e.entropy_index - 0.0096665).abs() < 1e-7);
/// assert!((e.correlation_ratio - 4.0 / 349.0).abs() < 1e-15);
/// assert!((e.isolation - (100.0 / 350.0 + 250.0 / 350.0 * 4.0 / 349.0)).abs() < 1e-15);
/// assert_eq!(e.n_used, 5);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn expected_under_random_allocation(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<RandomAllocationExpectation> {
    let d = match prepare("expected_under_random_allocation", x, t, nan)? {
        Ok(d) => d,
        Err(n) => {
            return Ok(RandomAllocationExpectation {
                dissimilarity: f64::NAN,
                entropy_index: f64::NAN,
                correlation_ratio: f64::NAN,
                isolation: f64::NAN,
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
    };
    let eta2 = expected_correlation_ratio(&d);
    Ok(RandomAllocationExpectation {
        dissimilarity: expected_dissimilarity(&d),
        entropy_index: expected_entropy_index(&d),
        correlation_ratio: eta2,
        isolation: d.share() + (1.0 - d.share()) * eta2,
        n_used: d.len(),
        n_dropped: d.n_dropped,
        n_empty: d.n_empty,
        flags: d.flags(),
    })
}

/// Carrington & Troske's (1997) "systematic" segregation index: the observed index `I` rescaled
/// by its expectation `I*` under random allocation.
///
/// ```text
/// I_CT = (I - I*) / (1 - I*)    if I >= I*
///      = (I - I*) / I*          if I <  I*
/// ```
/// Range `[-1, 1]`: 0 = no more segregation than random allocation produces, 1 = complete
/// segregation, negative = more even than random allocation (flag
/// [`Flags::NEGATIVE_AFTER_CORRECTION`]). `I` is D, H or eta² (`index`), computed by
/// [`dissimilarity`](super::dissimilarity), [`entropy_index`](super::entropy_index) or
/// [`correlation_ratio`](super::correlation_ratio); `I*` is the *exact* fixed-margin expectation
/// of [`expected_under_random_allocation`] (no simulation, no seed).
///
/// Carrington & Troske, and PySAL's `ModifiedDissim` / `ModifiedGiniSeg`, obtain `D*` instead by
/// simulating binomial draws per area with `p = P` (area totals fixed, group totals free), which
/// gives a slightly different `D*` (0.0946 vs the exact fixed-margin 0.0937 in the example). Note
/// that PySAL's `ModifiedDissim` reseeds NumPy with the same seed in every iteration
/// (`segregation/singlegroup/modified_dissim.py`), so all its "iterations" are the same draw and
/// its `D*` is a single binomial draw, not a mean.
///
/// Use it for one headline number of segregation beyond chance that can be compared between
/// cities or years with different area sizes; see [`expected_under_random_allocation`] for the
/// other corrections.
///
/// # Errors
/// As for [`expected_under_random_allocation`], and
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) when every area has one pupil (then
/// `I = I* = 1` whatever the allocation).
///
/// # Example
/// methods.md 2.8: D = 0.3, exact D* = 0.0937234.
/// ```
/// use bildung_core::{NanPolicy, segregation::{carrington_troske, NullIndex}};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let d = carrington_troske(x.view(), t.view(), NullIndex::Dissimilarity, NanPolicy::Raise)?;
/// assert!((d.value - 0.2276089).abs() < 1e-7);
/// let h = carrington_troske(x.view(), t.view(), NullIndex::EntropyIndex, NanPolicy::Raise)?;
/// assert!((h.value - 0.0614551).abs() < 1e-7);
/// let v = carrington_troske(x.view(), t.view(), NullIndex::CorrelationRatio, NanPolicy::Raise)?;
/// assert!((v.value - 0.0701314).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn carrington_troske(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    index: NullIndex,
    nan: NanPolicy,
) -> Result<Estimate> {
    const MEASURE: &str = "carrington_troske";
    let d = match prepare(MEASURE, x, t, nan)? {
        Ok(d) => d,
        Err(n) => return Ok(Estimate::propagated(n)),
    };
    // I* = 1 exactly when every area has one person (then I = 1 under any allocation); test
    // that directly rather than a rounded I*.
    if d.t.iter().all(|&ti| ti == 1.0) {
        return Err(Error::undefined(
            MEASURE,
            "every area has one person, so the index is 1 under any allocation",
        ));
    }
    let (observed, expected) = match index {
        NullIndex::Dissimilarity => (dissimilarity(x, t, nan)?.value, expected_dissimilarity(&d)),
        NullIndex::EntropyIndex => (entropy_index(x, t, nan)?.value, expected_entropy_index(&d)),
        NullIndex::CorrelationRatio => (
            correlation_ratio(x, t, nan)?.value,
            expected_correlation_ratio(&d),
        ),
    };
    let value = if observed >= expected {
        (observed - expected) / (1.0 - expected)
    } else {
        (observed - expected) / expected
    };
    let flags = if value < 0.0 {
        Flags::NEGATIVE_AFTER_CORRECTION
    } else {
        Flags::NONE
    };
    Ok(d.estimate(value, flags))
}

/// Winship's (1977) expected dissimilarity index under binomial allocation with the focal-group
/// share `P` held fixed: `x_i ~ Bin(t_i, P)` independently, and D computed with the fixed `P`.
///
/// ```text
/// E[D]  = sum_i E|x_i - t_i P| / (2 T P (1 - P))
/// exact:  E|B - n p| = 2 v C(n, v) p^v (1 - p)^(n - v + 1),   v = floor(n p) + 1   (de Moivre)
/// normal: E[D] ≈ sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))
/// ```
/// The exact value costs one binomial probability per area (computed in log space after
/// Loader 2000).
///
/// **Caution** (methods.md 2.6 (3)): both values assume `P` fixed; when the index is recomputed
/// with the realised group totals (as in simulations) the expectation is smaller (0.1050 versus
/// 0.0946 in the example), and the fixed-margin expectation is smaller still (0.0937). Use
/// [`expected_under_random_allocation`] instead for reporting; this function is for comparison
/// with studies that used Winship's benchmark.
///
/// # Errors
/// As for [`expected_under_random_allocation`].
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::winship_expected_dissimilarity};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let w = winship_expected_dissimilarity(x.view(), t.view(), NanPolicy::Raise)?;
/// assert!((w.exact - 0.1049952).abs() < 1e-7);
/// assert!((w.normal_approximation - 0.1049995).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn winship_expected_dissimilarity(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<WinshipExpectation> {
    let d = match prepare("winship_expected_dissimilarity", x, t, nan)? {
        Ok(d) => d,
        Err(n) => {
            return Ok(WinshipExpectation {
                exact: f64::NAN,
                normal_approximation: f64::NAN,
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
    };
    let (big_x, total) = (count(d.total_x), count(d.total));
    let mad = neumaier_sum(d.t.iter().map(|&ti| binomial_mad(count(ti), big_x, total)));
    let (p, q) = (d.share(), d.total_y() / d.total);
    let roots = neumaier_sum(d.t.iter().map(|ti| ti.sqrt()));
    Ok(WinshipExpectation {
        exact: mad / (2.0 * d.total * p * q),
        normal_approximation: roots / (d.total * (std::f64::consts::TAU * p * q).sqrt()),
        n_used: d.len(),
        n_dropped: d.n_dropped,
        n_empty: d.n_empty,
        flags: d.flags(),
    })
}

/// Bootstrap bias-corrected dissimilarity index (Allen, Burgess, Davidson & Windmeijer 2015;
/// PySAL `BiasCorrectedDissim`) with the bootstrap expectation computed exactly instead of by
/// resampling (methods.md 2.6 (4), "analytic version").
///
/// ```text
/// D_bc  = 2 D - E[D*]
/// E[D*] = 1/2 sum_i E| x*_i / X - y*_i / Y |,   x*_i ~ Bin(X, x_i / X),  y*_i ~ Bin(Y, y_i / Y)
/// ```
/// The bootstrap redraws each group's distribution over the areas from a multinomial with its
/// observed shares and its own total (as PySAL does), so area i's replicate counts are independent
/// binomials and the group totals stay fixed. `E|U - V|` of two independent lattice variables is
/// `∫ F_U (1 - F_V) + F_V (1 - F_U)`, evaluated exactly by merging the two sorted supports
/// (binomial pmfs by a ratio recurrence from the mode, terms below 1e-300 of the mode dropped):
/// `O(support)` per area, about 25 ms for 400 areas with `T = 8e5` (release build). This is the
/// `B = infinity` limit of the bootstrap correction; it matched a 40,000-replicate bootstrap to
/// 3e-5 in the methods.md example. Mazza & Punzo (2015) likewise obtain the bootstrap correction
/// analytically, in a multinomial framework.
///
/// Use it for an estimate of the D of the allocation process behind the observed counts (for
/// example to follow a trend when the area sizes change). The corrected value can be negative
/// (flag [`Flags::NEGATIVE_AFTER_CORRECTION`]: the observed D is within what chance produces) and
/// is least reliable when the true D is close to 0; there [`carrington_troske`] or a permutation
/// test is the better summary. See [`expected_under_random_allocation`] for the other corrections.
///
/// # Errors
/// As for [`expected_under_random_allocation`].
///
/// # Example
/// methods.md 2.8, and city B of the two-sample example (D_bc < 0):
/// ```
/// use bildung_core::{Flags, NanPolicy, segregation::bias_corrected_dissimilarity};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let b = bias_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Raise)?;
/// assert!((b.observed - 0.3).abs() < 1e-12);
/// assert!((b.expected_bootstrap - 0.3014619).abs() < 1e-7);
/// assert!((b.value - 0.2985381).abs() < 1e-7);
/// let xb = array![20., 18., 25., 22., 15., 20.];
/// let tb = array![70., 60., 75., 80., 55., 60.];
/// let bb = bias_corrected_dissimilarity(xb.view(), tb.view(), NanPolicy::Raise)?;
/// assert!(bb.value < 0.0 && bb.flags.contains(Flags::NEGATIVE_AFTER_CORRECTION));
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn bias_corrected_dissimilarity(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<BiasCorrectedDissimilarity> {
    let d = match prepare("bias_corrected_dissimilarity", x, t, nan)? {
        Ok(d) => d,
        Err(n) => {
            return Ok(BiasCorrectedDissimilarity {
                value: f64::NAN,
                observed: f64::NAN,
                expected_bootstrap: f64::NAN,
                n_used: n,
                n_dropped: 0,
                n_empty: 0,
                flags: Flags::MISSING_PROPAGATED,
            });
        }
    };
    let observed = dissimilarity(x, t, nan)?.value;
    let expected = expected_bootstrap_dissimilarity(&d);
    let value = 2.0 * observed - expected;
    let mut flags = d.flags();
    if value < 0.0 {
        flags |= Flags::NEGATIVE_AFTER_CORRECTION;
    }
    Ok(BiasCorrectedDissimilarity {
        value,
        observed,
        expected_bootstrap: expected,
        n_used: d.len(),
        n_dropped: d.n_dropped,
        n_empty: d.n_empty,
        flags,
    })
}

/// Fossett's (2017) self-excluded separation index `S_u` ("unbiased eta²", `eta2_unbiased` in
/// methods.md 2.6 (5)): the difference between the focal-group share among the *other* pupils of
/// the area of the average focal-group pupil and that of the average other pupil.
///
/// ```text
/// S_u = sum_i x_i (x_i - 1) / (t_i - 1) / X  -  sum_i y_i x_i / (t_i - 1) / Y
/// E[S_u] = -1 / (T - 1)    under random allocation with fixed margins
/// ```
/// (compare eta² = xPx - yPx, whose expectation is `(k - 1)/(T - 1)`). Areas with a single pupil
/// (`t_i = 1`) are dropped, because that pupil has no one else in the area; they are counted in
/// `n_empty`, and `X`, `Y`, `T` are the totals of the remaining areas. Range `[-1, 1]`.
///
/// Use it when an index on the eta² scale is wanted without the small-unit bias: values near 0
/// mean no segregation beyond chance, and no further correction is needed. A negative value gets
/// [`Flags::NEGATIVE_AFTER_CORRECTION`]. With one area `S_u = -1/(t - 1)` (flag
/// [`Flags::SINGLE_AREA`]). See [`expected_under_random_allocation`] for the other corrections.
///
/// # Errors
/// As for [`expected_under_random_allocation`] (integer counts: pupils are individuals), and
/// [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) if no area has two or more pupils or a
/// group is empty in the areas that have.
///
/// # Example
/// methods.md 2.8:
/// ```
/// use bildung_core::{NanPolicy, segregation::self_excluded_separation};
/// use ndarray::array;
/// let x = array![12., 30., 5., 40., 13.];
/// let t = array![60., 80., 50., 90., 70.];
/// let s = self_excluded_separation(x.view(), t.view(), NanPolicy::Raise)?;
/// assert!((s.value - 0.0682590).abs() < 1e-7);
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn self_excluded_separation(
    x: ArrayView1<'_, f64>,
    t: ArrayView1<'_, f64>,
    nan: NanPolicy,
) -> Result<Estimate> {
    const MEASURE: &str = "self_excluded_separation";
    let d = match prepare(MEASURE, x, t, nan)? {
        Ok(d) => d,
        Err(n) => return Ok(Estimate::propagated(n)),
    };
    let kept: Vec<(f64, f64)> =
        d.x.iter()
            .zip(d.t.iter())
            .filter(|&(_, &ti)| ti >= 2.0)
            .map(|(&xi, &ti)| (xi, ti))
            .collect();
    let singles = d.len() - kept.len();
    if kept.is_empty() {
        return Err(Error::undefined(
            MEASURE,
            "no area has two or more persons, so no one has anyone to be exposed to",
        ));
    }
    let big_x = neumaier_sum(kept.iter().map(|&(xi, _)| xi));
    let total = neumaier_sum(kept.iter().map(|&(_, ti)| ti));
    let big_y = total - big_x;
    if big_x <= 0.0 || big_y <= 0.0 {
        return Err(Error::undefined(
            MEASURE,
            "one of the two groups is empty in the areas with two or more persons",
        ));
    }
    let own = neumaier_sum(kept.iter().map(|&(xi, ti)| xi * (xi - 1.0) / (ti - 1.0)));
    let other = neumaier_sum(kept.iter().map(|&(xi, ti)| (ti - xi) * xi / (ti - 1.0)));
    let value = own / big_x - other / big_y;
    let mut flags = if value < 0.0 {
        Flags::NEGATIVE_AFTER_CORRECTION
    } else {
        Flags::NONE
    };
    if kept.len() == 1 {
        flags |= Flags::SINGLE_AREA;
    }
    Ok(Estimate {
        value,
        n_used: kept.len(),
        n_dropped: d.n_dropped,
        n_empty: d.n_empty + singles,
        flags,
    })
}

// ---------------------------------------------------------------------------------------------
// Expectations on validated integer data.

/// A validated count as an integer (callers checked `require_integral`).
#[inline]
fn count(v: f64) -> u64 {
    v as u64
}

/// `E[D]` under fixed margins: `sum_i MAD_i / (2 T P (1-P))`, `2 T P (1-P) = 2 X Y / T`.
fn expected_dissimilarity(d: &TwoGroup) -> f64 {
    let (big_x, total) = (count(d.total_x), count(d.total));
    let mad = neumaier_sum(
        d.t.iter()
            .map(|&ti| hypergeometric_mad(total, big_x, count(ti))),
    );
    mad * d.total / (2.0 * d.total_x * d.total_y())
}

/// `E[eta²] = (k - 1)/(T - 1)` under fixed margins.
fn expected_correlation_ratio(d: &TwoGroup) -> f64 {
    (d.len() as f64 - 1.0) / (d.total - 1.0)
}

/// `E[H] = sum_i t_i E[KL(p_i || P)] / (E T)` under fixed margins.
fn expected_entropy_index(d: &TwoGroup) -> f64 {
    let (big_x, big_y, total) = (d.total_x, d.total_y(), d.total);
    let (p, q) = (big_x / total, big_y / total);
    let e = -(p * p.ln() + q * q.ln());
    let (nx, nt) = (count(big_x), count(total));
    let mut pmf = Pmf::default();
    let mut acc = NeumaierSum::new();
    for &ti in d.t.iter() {
        hypergeometric_pmf(&mut pmf, nt, nx, count(ti));
        let ekl = neumaier_sum(
            pmf.iter()
                .map(|(k, f)| f * kl_two(k as f64, ti, big_x, big_y, total)),
        );
        acc.add(ti * ekl);
    }
    acc.value() / (e * total)
}

/// `KL(x/t || X/T)` for two groups: `p ln(p/P) + q ln(q/Q)`, with `0 ln 0 := 0`, written with
/// `ln_1p` of the exact relative deviations so that values near 0 keep their precision.
fn kl_two(x: f64, t: f64, big_x: f64, big_y: f64, total: f64) -> f64 {
    let delta = x * total - t * big_x; // exact for integer counts below 2^53 / T
    let mut s = 0.0;
    if x > 0.0 {
        s += (x / t) * (delta / (t * big_x)).ln_1p();
    }
    if x < t {
        s += ((t - x) / t) * (-delta / (t * big_y)).ln_1p();
    }
    s
}

/// `E[D*] = 1/2 sum_i E|x*_i/X - y*_i/Y|`, with `x*_i ~ Bin(X, x_i/X)`, `y*_i ~ Bin(Y, y_i/Y)`.
fn expected_bootstrap_dissimilarity(d: &TwoGroup) -> f64 {
    let (nx, ny) = (count(d.total_x), count(d.total_y()));
    let mut scratch = AbsDiffScratch::default();
    let mut acc = NeumaierSum::new();
    for (&xi, &ti) in d.x.iter().zip(d.t.iter()) {
        let (a, b) = (count(xi), count(ti - xi));
        binomial_pmf(&mut scratch.u, nx, a, nx);
        binomial_pmf(&mut scratch.v, ny, b, ny);
        // On the common scale X Y: x*/X = x* Y / (X Y), y*/Y = y* X / (X Y).
        acc.add(scratch.mean_abs_difference(u128::from(ny), u128::from(nx)));
    }
    0.5 * acc.value() / (d.total_x * d.total_y())
}

// ---------------------------------------------------------------------------------------------
// Numeric helpers: log-pmfs (Loader 2000), pmf vectors, mean absolute deviations.

/// Pmf terms below this fraction of the mode's term are dropped (methods.md 2.6, 7.2).
const PRUNE_RELATIVE: f64 = 1e-300;

/// `ln(2 pi)`.
const LN_2PI: f64 = 1.8378770664093453;

/// `stirlerr(n) = ln(n!) - ln(sqrt(2 pi n) (n/e)^n)` for n = 0..=15 (n = 0 unused), computed to 50
/// digits with exact factorials and rounded to f64.
const STIRLERR_SMALL: [f64; 16] = [
    0.0,
    0.08106146679532726,
    0.0413406959554093,
    0.02767792568499834,
    0.020790672103765093,
    0.016644691189821193,
    0.013876128823070748,
    0.01189670994589177,
    0.010411265261972096,
    0.009255462182712733,
    0.00833056343336287,
    0.007573675487951841,
    0.00694284010720953,
    0.006408994188004207,
    0.0059513701127588475,
    0.005554733551962801,
];

/// The error of Stirling's formula, `ln(n!) - (n + 1/2) ln n + n - ln sqrt(2 pi)`, for integer
/// `n >= 1` (table up to 15, asymptotic series beyond; Loader 2000, as R's `stirlerr`).
fn stirlerr(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        return STIRLERR_SMALL[n as usize];
    }
    let nn = n * n;
    if n > 500.0 {
        (S0 - S1 / nn) / n
    } else if n > 80.0 {
        (S0 - (S1 - S2 / nn) / nn) / n
    } else if n > 35.0 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// The deviance term `bd0(x, m) = x ln(x/m) + m - x`, by a series when `x` is close to `m`
/// (Loader 2000).
fn bd0(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        let mut v = (x - m) / (x + m);
        let mut s = (x - m) * v;
        if s.abs() < f64::MIN_POSITIVE {
            return s;
        }
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let s1 = s + ej / f64::from(2 * j + 1);
            if s1 == s {
                return s1;
            }
            s = s1;
        }
    }
    x * (x / m).ln() + m - x
}

/// `ln P(B = x)`, `B ~ Bin(n, p)`, `q = 1 - p` given separately; accurate to a few ulps of the
/// probability for all sizes (Loader 2000, R's `dbinom_raw`).
fn ln_binomial_pmf_raw(x: f64, n: f64, p: f64, q: f64) -> f64 {
    if p == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q == 0.0 {
        return if x == n { 0.0 } else { f64::NEG_INFINITY };
    }
    if x < 0.0 || x > n {
        return f64::NEG_INFINITY;
    }
    if x == 0.0 {
        if n == 0.0 {
            return 0.0;
        }
        return if p < 0.1 {
            -bd0(n, n * q) - n * p
        } else {
            n * q.ln()
        };
    }
    if x == n {
        return if q < 0.1 {
            -bd0(n, n * p) - n * q
        } else {
            n * p.ln()
        };
    }
    let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    let lf = LN_2PI + x.ln() + (-x / n).ln_1p();
    lc - 0.5 * lf
}

/// `ln P(B = k)`, `B ~ Bin(n, a/b)`, `0 <= a <= b`, `b > 0`.
fn ln_binomial_pmf(k: u64, n: u64, a: u64, b: u64) -> f64 {
    let (p, q) = (a as f64 / b as f64, (b - a) as f64 / b as f64);
    ln_binomial_pmf_raw(k as f64, n as f64, p, q)
}

/// `ln P(H = k)`, `H ~ Hyp(total, successes, draws)` (the number of successes among `draws`
/// drawn without replacement from `total` items of which `successes` are successes), as the
/// product of three binomial probabilities with `p = draws / total` (R's `dhyper`).
fn ln_hypergeometric_pmf(k: u64, total: u64, successes: u64, draws: u64) -> f64 {
    let failures = total - successes;
    if k > draws || k > successes || draws - k > failures {
        return f64::NEG_INFINITY;
    }
    if draws == 0 {
        return 0.0;
    }
    let p = draws as f64 / total as f64;
    let q = (total - draws) as f64 / total as f64;
    ln_binomial_pmf_raw(k as f64, successes as f64, p, q)
        + ln_binomial_pmf_raw((draws - k) as f64, failures as f64, p, q)
        - ln_binomial_pmf_raw(draws as f64, total as f64, p, q)
}

/// De Moivre's mean absolute deviation of `B ~ Bin(n, p)`, `p = a/b`:
/// `E|B - np| = 2 v (1 - p) P(B = v)`, `v = floor(np) + 1`. O(1).
fn binomial_mad(n: u64, a: u64, b: u64) -> f64 {
    if n == 0 || a == 0 || a == b {
        return 0.0;
    }
    let v = (u128::from(n) * u128::from(a) / u128::from(b)) as u64 + 1; // <= n since a < b
    let q = (b - a) as f64 / b as f64;
    2.0 * v as f64 * q * ln_binomial_pmf(v, n, a, b).exp()
}

/// Mean absolute deviation `E|H - m|`, `m = draws successes / total`, of
/// `H ~ Hyp(total, successes, draws)`:
/// `2 v (failures - draws + v) P(H = v) / total`, `v = floor(m) + 1`. O(1).
///
/// With `g(x) = x (failures - draws + x) h(x) / total` the pmf ratio gives
/// `g(x) - g(x + 1) = (x - m) h(x)`, so `sum_{x >= v} (x - m) h(x) = g(v)`.
fn hypergeometric_mad(total: u64, successes: u64, draws: u64) -> f64 {
    let failures = total - successes;
    let v = (u128::from(draws) * u128::from(successes) / u128::from(total)) as u64 + 1;
    if v > draws.min(successes) {
        return 0.0; // degenerate: the mean is the largest value
    }
    let factor = failures as f64 - draws as f64 + v as f64;
    2.0 * v as f64 * factor * ln_hypergeometric_pmf(v, total, successes, draws).exp() / total as f64
}

/// A probability mass function on the consecutive integers `lo, lo + 1, ...`, normalised to 1.
#[derive(Debug, Clone, Default)]
struct Pmf {
    lo: u64,
    p: Vec<f64>,
}

impl Pmf {
    /// `(k, P(k))` over the stored support.
    fn iter(&self) -> impl Iterator<Item = (u64, f64)> + '_ {
        (self.lo..).zip(self.p.iter().copied())
    }

    /// Fill with the pmf on `[lo, hi]` from its mode by the ratios `up(k) = f(k+1)/f(k)` and
    /// `down(k) = f(k-1)/f(k)`, dropping terms below [`PRUNE_RELATIVE`] of the mode's (the pmfs
    /// used here are unimodal, so the walk stops at the first such term), and normalise.
    fn fill(
        &mut self,
        lo: u64,
        hi: u64,
        mode: u64,
        up: impl Fn(f64) -> f64,
        down: impl Fn(f64) -> f64,
    ) {
        self.p.clear();
        self.p.push(1.0);
        let (mut k, mut f) = (mode, 1.0);
        while k > lo {
            f *= down(k as f64);
            if f < PRUNE_RELATIVE {
                break;
            }
            self.p.push(f);
            k -= 1;
        }
        self.lo = k;
        self.p.reverse();
        let (mut k, mut f) = (mode, 1.0);
        while k < hi {
            f *= up(k as f64);
            if f < PRUNE_RELATIVE {
                break;
            }
            self.p.push(f);
            k += 1;
        }
        let s = neumaier_sum(self.p.iter().copied());
        for v in &mut self.p {
            *v /= s;
        }
    }
}

/// The pmf of `Hyp(total, successes, draws)` (support `max(0, draws - failures) ..=
/// min(draws, successes)`, mode `floor((draws + 1)(successes + 1)/(total + 2))`).
fn hypergeometric_pmf(pmf: &mut Pmf, total: u64, successes: u64, draws: u64) {
    let failures = total - successes;
    let lo = draws.saturating_sub(failures);
    let hi = draws.min(successes);
    let mode = (u128::from(draws + 1) * u128::from(successes + 1) / u128::from(total + 2)) as u64;
    let (r, n, f) = (successes as f64, draws as f64, failures as f64);
    pmf.fill(
        lo,
        hi,
        mode.clamp(lo, hi),
        |k| (r - k) * (n - k) / ((k + 1.0) * (f - n + k + 1.0)),
        |k| k * (f - n + k) / ((r - k + 1.0) * (n - k + 1.0)),
    );
}

/// The pmf of `Bin(n, a/b)`, `0 <= a <= b`, `b > 0` (mode `floor((n + 1) a / b)`).
fn binomial_pmf(pmf: &mut Pmf, n: u64, a: u64, b: u64) {
    if a == 0 || a == b {
        pmf.lo = if a == 0 { 0 } else { n };
        pmf.p.clear();
        pmf.p.push(1.0);
        return;
    }
    let mode = ((u128::from(n) + 1) * u128::from(a) / u128::from(b)) as u64;
    let (nf, af, cf) = (n as f64, a as f64, (b - a) as f64);
    pmf.fill(
        0,
        n,
        mode.min(n),
        |k| (nf - k) * af / ((k + 1.0) * cf),
        |k| k * cf / ((nf - k + 1.0) * af),
    );
}

/// Buffers for [`AbsDiffScratch::mean_abs_difference`], reused across areas.
#[derive(Debug, Default)]
struct AbsDiffScratch {
    u: Pmf,
    v: Pmf,
    survival_u: Vec<f64>,
    survival_v: Vec<f64>,
}

/// `out[i] = sum_{l > i} p[l]` (compensated).
fn survival(p: &[f64], out: &mut Vec<f64>) {
    out.clear();
    out.resize(p.len(), 0.0);
    let mut s = NeumaierSum::new();
    for (o, &v) in out.iter_mut().zip(p).rev() {
        *o = s.value();
        s.add(v);
    }
}

impl AbsDiffScratch {
    /// `E|A - B|` for independent `A = U scale_u`, `B = V scale_v`, `U ~ self.u`, `V ~ self.v`:
    /// `∫ F_A (1 - F_B) + F_B (1 - F_A)` over the merged sorted supports (exact integer
    /// positions; survival functions from the upper tail, so nothing cancels). O(|u| + |v|).
    fn mean_abs_difference(&mut self, scale_u: u128, scale_v: u128) -> f64 {
        survival(&self.u.p, &mut self.survival_u);
        survival(&self.v.p, &mut self.survival_v);
        let (u, v) = (&self.u, &self.v);
        let pos_u = |i: usize| u128::from(u.lo + i as u64) * scale_u;
        let pos_v = |j: usize| u128::from(v.lo + j as u64) * scale_v;
        let (mut i, mut j) = (0usize, 0usize);
        let (mut cdf_u, mut cdf_v) = (NeumaierSum::new(), NeumaierSum::new());
        let (mut sf_u, mut sf_v) = (1.0, 1.0);
        let mut prev: Option<u128> = None;
        let mut acc = NeumaierSum::new();
        loop {
            let a = (i < u.p.len()).then(|| pos_u(i));
            let b = (j < v.p.len()).then(|| pos_v(j));
            let next = match (a, b) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            if let Some(prev) = prev {
                let height = cdf_u.value() * sf_v + cdf_v.value() * sf_u;
                acc.add((next - prev) as f64 * height);
            }
            if a == Some(next) {
                cdf_u.add(u.p[i]);
                sf_u = self.survival_u[i];
                i += 1;
            }
            if b == Some(next) {
                cdf_v.add(v.p[j]);
                sf_v = self.survival_v[j];
                j += 1;
            }
            prev = Some(next);
        }
        acc.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::{Array1, array};
    use statrs::function::factorial::ln_binomial;

    fn example() -> (Array1<f64>, Array1<f64>) {
        (
            array![12., 30., 5., 40., 13.],
            array![60., 80., 50., 90., 70.],
        )
    }

    fn city_b() -> (Array1<f64>, Array1<f64>) {
        (
            array![20., 18., 25., 22., 15., 20.],
            array![70., 60., 75., 80., 55., 60.],
        )
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    /// The `k`-th value of a deterministic pseudo-random sequence in [0, 1) (SplitMix64).
    fn unit(k: u64) -> f64 {
        let mut z = k.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// 400 areas with 1,000..3,000 pupils (T ≈ 8e5) and focal shares between 5 % and 55 %.
    fn large_table() -> (Array1<f64>, Array1<f64>) {
        let k = 400;
        let t: Array1<f64> = (0..k)
            .map(|i| (1000.0 + 2000.0 * unit(i)).floor())
            .collect();
        let x: Array1<f64> = (0..k)
            .map(|i| (t[i as usize] * (0.05 + 0.5 * unit(1000 + i))).floor())
            .collect();
        (x, t)
    }

    fn data<'a>(x: &'a Array1<f64>, t: &'a Array1<f64>) -> TwoGroup<'a> {
        match prepare("test", x.view(), t.view(), NanPolicy::Raise) {
            Ok(Ok(d)) => d,
            _ => panic!("expected data"),
        }
    }

    // ---- numeric helpers ----------------------------------------------------------------

    #[test]
    fn stirlerr_table_and_series_agree_with_ln_gamma() {
        for n in 1..=60u64 {
            let reference = statrs::function::gamma::ln_gamma(n as f64 + 1.0)
                - (n as f64 + 0.5) * (n as f64).ln()
                + n as f64
                - 0.5 * LN_2PI;
            assert!(
                (stirlerr(n as f64) - reference).abs() < 1e-12,
                "n = {n}: {} vs {reference}",
                stirlerr(n as f64)
            );
        }
        // continuity at the switch from table to series
        assert!((stirlerr(15.0) - 1.0 / (12.0 * 15.0)).abs() < 1.1e-6);
        assert!((stirlerr(1e6) - 1.0 / 12e6).abs() < 3e-21);
    }

    #[test]
    fn bd0_matches_definition_and_is_accurate_near_equality() {
        for (x, m) in [
            (3.0f64, 7.5f64),
            (100.0, 101.0),
            (5.0, 5.0),
            (1e5, 1e5 + 3.0),
            (40.0, 4.0),
        ] {
            let naive = x * (x / m).ln() + m - x;
            assert!(close(bd0(x, m), naive, 1e-6), "{x} {m}");
        }
        assert_eq!(bd0(7.0, 7.0), 0.0);
        // x = m (1 + e): bd0 ≈ m e^2 / 2, which the naive formula loses to cancellation
        let (m, e) = (1e6f64, 1e-7f64);
        let x = m * (1.0 + e);
        let series = m * ((1.0 + e) * e.ln_1p() - e);
        assert!(close(bd0(x, m), series, 1e-8));
    }

    #[test]
    fn binomial_log_pmf_matches_ln_binomial_and_sums_to_one() {
        for (n, a, b) in [
            (60u64, 2u64, 7u64),
            (10, 1, 2),
            (1, 1, 3),
            (250, 13, 250),
            (7, 6, 7),
        ] {
            let (p, q) = (a as f64 / b as f64, (b - a) as f64 / b as f64);
            let mut total = NeumaierSum::new();
            for k in 0..=n {
                let reference = ln_binomial(n, k) + k as f64 * p.ln() + (n - k) as f64 * q.ln();
                let ours = ln_binomial_pmf(k, n, a, b);
                assert!(
                    (ours - reference).abs() < 1e-10 * reference.abs().max(1.0),
                    "n={n} k={k}: {ours} vs {reference}"
                );
                total.add(ours.exp());
            }
            assert!((total.value() - 1.0).abs() < 1e-14);
        }
        assert_eq!(ln_binomial_pmf(0, 5, 0, 3), 0.0);
        assert_eq!(ln_binomial_pmf(1, 5, 0, 3), f64::NEG_INFINITY);
        assert_eq!(ln_binomial_pmf(5, 5, 3, 3), 0.0);
        assert_eq!(ln_binomial_pmf(6, 5, 1, 3), f64::NEG_INFINITY);
    }

    #[test]
    fn hypergeometric_log_pmf_matches_ln_binomial_and_sums_to_one() {
        for (total, successes, draws) in
            [(7u64, 3u64, 2u64), (350, 100, 60), (20, 15, 12), (5, 5, 2)]
        {
            let mut sum = NeumaierSum::new();
            for k in 0..=draws {
                let ours = ln_hypergeometric_pmf(k, total, successes, draws);
                if k > successes || draws - k > total - successes {
                    assert_eq!(ours, f64::NEG_INFINITY);
                    continue;
                }
                let reference = ln_binomial(successes, k)
                    + ln_binomial(total - successes, draws - k)
                    - ln_binomial(total, draws);
                assert!(
                    (ours - reference).abs() < 1e-10 * reference.abs().max(1.0),
                    "({total}, {successes}, {draws}) k={k}: {ours} vs {reference}"
                );
                sum.add(ours.exp());
            }
            assert!((sum.value() - 1.0).abs() < 1e-14);
        }
        // exact small case: Hyp(7, 3, 2): P(1) = 3 * 4 / 21
        assert!((ln_hypergeometric_pmf(1, 7, 3, 2).exp() - 12.0 / 21.0).abs() < 1e-15);
    }

    #[test]
    fn pmf_vectors_match_log_pmfs_and_moments() {
        let mut pmf = Pmf::default();
        // hypergeometric, Kreis-sized
        for (total, successes, draws) in [
            (350u64, 100u64, 60u64),
            (800_000, 200_000, 100_000),
            (10, 3, 10),
        ] {
            hypergeometric_pmf(&mut pmf, total, successes, draws);
            let (nt, r, n) = (total as f64, successes as f64, draws as f64);
            let mean = n * r / nt;
            let var = n * (r / nt) * (1.0 - r / nt) * (nt - n) / (nt - 1.0);
            let m1 = neumaier_sum(pmf.iter().map(|(k, f)| f * k as f64));
            let m2 = neumaier_sum(pmf.iter().map(|(k, f)| f * (k as f64 - mean).powi(2)));
            assert!(close(m1, mean, 1e-12), "{m1} vs {mean}");
            assert!(close(m2, var, 1e-10), "{m2} vs {var}");
            for (k, f) in pmf.iter() {
                let g = ln_hypergeometric_pmf(k, total, successes, draws).exp();
                if g > 1e-250 {
                    assert!((f - g).abs() <= 1e-11 * g, "k={k}: {f} vs {g}");
                }
            }
        }
        // pruning: Hyp(8e5, 2e5, 1e5) has sd ≈ 129; the stored support is ±37 sd, not 1e5 + 1
        hypergeometric_pmf(&mut pmf, 800_000, 200_000, 100_000);
        assert!(
            pmf.p.len() < 12_000 && pmf.p.len() > 8_000,
            "{}",
            pmf.p.len()
        );
        // binomial, including degenerate ones
        for (n, a, b) in [
            (100u64, 12u64, 100u64),
            (250, 48, 250),
            (100_000, 1, 3),
            (5, 0, 4),
            (5, 4, 4),
        ] {
            binomial_pmf(&mut pmf, n, a, b);
            let p = a as f64 / b as f64;
            let m1 = neumaier_sum(pmf.iter().map(|(k, f)| f * k as f64));
            let m2 = neumaier_sum(
                pmf.iter()
                    .map(|(k, f)| f * (k as f64 - n as f64 * p).powi(2)),
            );
            assert!(close(m1, n as f64 * p, 1e-12), "{m1}");
            assert!(close(m2, n as f64 * p * (1.0 - p), 1e-10), "{m2}");
            for (k, f) in pmf.iter() {
                let g = ln_binomial_pmf(k, n, a, b).exp();
                if g > 1e-250 {
                    assert!((f - g).abs() <= 1e-11 * g, "k={k}: {f} vs {g}");
                }
            }
        }
    }

    #[test]
    fn de_moivre_mean_absolute_deviation() {
        // methods.md 2.6 (3): Bin(60, 2/7) has E|B - np| = 2.790794
        assert!((binomial_mad(60, 2, 7) - 2.790794).abs() < 5e-7);
        let mut pmf = Pmf::default();
        for (n, a, b) in [
            (60u64, 2u64, 7u64),
            (10, 1, 2),
            (9, 1, 3),
            (1, 1, 2),
            (1000, 7, 9),
            (100_000, 1, 7),
        ] {
            binomial_pmf(&mut pmf, n, a, b);
            let np = n as f64 * a as f64 / b as f64;
            let direct = neumaier_sum(pmf.iter().map(|(k, f)| f * (k as f64 - np).abs()));
            assert!(close(binomial_mad(n, a, b), direct, 1e-12), "{n} {a}/{b}");
        }
        assert_eq!(binomial_mad(10, 0, 3), 0.0);
        assert_eq!(binomial_mad(10, 3, 3), 0.0);
    }

    #[test]
    fn hypergeometric_mean_absolute_deviation_closed_form() {
        let mut pmf = Pmf::default();
        // includes an integer mean (Hyp(10, 5, 4): mean 2) and degenerate draws
        for (total, successes, draws) in [
            (350u64, 100u64, 60u64),
            (10, 5, 4),
            (7, 3, 2),
            (7, 3, 7),
            (7, 3, 0),
            (800_000, 200_000, 2_500),
            (100_000, 99_999, 50_000),
        ] {
            hypergeometric_pmf(&mut pmf, total, successes, draws);
            let m = draws as f64 * successes as f64 / total as f64;
            let direct = neumaier_sum(pmf.iter().map(|(k, f)| f * (k as f64 - m).abs()));
            let closed = hypergeometric_mad(total, successes, draws);
            assert!(
                (closed - direct).abs() <= 1e-12 * direct.max(1e-3),
                "({total}, {successes}, {draws}): {closed} vs {direct}"
            );
        }
    }

    #[test]
    fn merged_mean_absolute_difference_matches_double_sum() {
        let mut s = AbsDiffScratch::default();
        for (nu, au, bu, nv, av, bv) in [
            (100u64, 12u64, 100u64, 250u64, 48u64, 250u64),
            (7, 2, 7, 5, 5, 5),
            (30, 0, 30, 20, 7, 20),
            (40, 13, 40, 40, 13, 40),
        ] {
            binomial_pmf(&mut s.u, nu, au, bu);
            binomial_pmf(&mut s.v, nv, av, bv);
            let (su, sv) = (u128::from(nv), u128::from(nu));
            let merged = s.mean_abs_difference(su, sv);
            let mut direct = NeumaierSum::new();
            for (k, f) in s.u.iter() {
                for (j, g) in s.v.iter() {
                    let (a, b) = (u128::from(k) * su, u128::from(j) * sv);
                    direct.add(f * g * a.abs_diff(b) as f64);
                }
            }
            assert!(
                close(merged, direct.value(), 1e-13),
                "{merged} vs {}",
                direct.value()
            );
        }
    }

    // ---- exhaustive enumeration of the fixed-margin null ---------------------------------

    /// All tables with the area totals `t` and focal total `big_x`, with their multivariate
    /// hypergeometric probabilities.
    fn enumerate(t: &[u64], big_x: u64) -> Vec<(Vec<u64>, f64)> {
        fn rec(t: &[u64], left: u64, cur: &mut Vec<u64>, out: &mut Vec<Vec<u64>>) {
            if t.is_empty() {
                if left == 0 {
                    out.push(cur.clone());
                }
                return;
            }
            for xi in 0..=t[0].min(left) {
                cur.push(xi);
                rec(&t[1..], left - xi, cur, out);
                cur.pop();
            }
        }
        let mut tables = Vec::new();
        rec(t, big_x, &mut Vec::new(), &mut tables);
        let total: u64 = t.iter().sum();
        let ln_all = ln_binomial(total, big_x);
        tables
            .into_iter()
            .map(|x| {
                let ln_p: f64 = x.iter().zip(t).map(|(&xi, &ti)| ln_binomial(ti, xi)).sum();
                (x, (ln_p - ln_all).exp())
            })
            .collect()
    }

    #[test]
    fn exact_expectations_equal_exhaustive_enumeration() {
        for (t, big_x) in [
            (vec![2u64, 3, 2], 3u64),
            (vec![1, 2, 3, 2], 4),
            (vec![4, 1, 5], 2),
        ] {
            let tables = enumerate(&t, big_x);
            let total_prob = neumaier_sum(tables.iter().map(|(_, p)| *p));
            assert!((total_prob - 1.0).abs() < 1e-14);
            let tf: Array1<f64> = t.iter().map(|&v| v as f64).collect();
            let (mut ed, mut eh, mut ev, mut ei, mut es) = (
                NeumaierSum::new(),
                NeumaierSum::new(),
                NeumaierSum::new(),
                NeumaierSum::new(),
                NeumaierSum::new(),
            );
            for (x, p) in &tables {
                let xf: Array1<f64> = x.iter().map(|&v| v as f64).collect();
                let nan = NanPolicy::Raise;
                ed.add(p * dissimilarity(xf.view(), tf.view(), nan).unwrap().value);
                eh.add(p * entropy_index(xf.view(), tf.view(), nan).unwrap().value);
                ev.add(p * correlation_ratio(xf.view(), tf.view(), nan).unwrap().value);
                ei.add(
                    p * super::super::isolation(xf.view(), tf.view(), nan)
                        .unwrap()
                        .value,
                );
                es.add(
                    p * self_excluded_separation(xf.view(), tf.view(), nan)
                        .unwrap()
                        .value,
                );
            }
            // any table with these margins gives the same expectations; take the first
            let x0: Array1<f64> = tables[0].0.iter().map(|&v| v as f64).collect();
            let e =
                expected_under_random_allocation(x0.view(), tf.view(), NanPolicy::Raise).unwrap();
            assert!(
                close(e.dissimilarity, ed.value(), 1e-13),
                "{t:?} D {} vs {}",
                e.dissimilarity,
                ed.value()
            );
            assert!(
                close(e.entropy_index, eh.value(), 1e-13),
                "{t:?} H {} vs {}",
                e.entropy_index,
                eh.value()
            );
            assert!(close(e.correlation_ratio, ev.value(), 1e-13), "{t:?} eta2");
            assert!(close(e.isolation, ei.value(), 1e-13), "{t:?} xPx");
            let k = t.len() as f64;
            let total = t.iter().sum::<u64>() as f64;
            assert!(close(e.correlation_ratio, (k - 1.0) / (total - 1.0), 1e-15));
            if t.iter().all(|&ti| ti >= 2) {
                // Fossett: E[S_u] = -1/(T - 1)
                assert!(
                    close(es.value(), -1.0 / (total - 1.0), 1e-13),
                    "{t:?} S_u {}",
                    es.value()
                );
            }
        }
    }

    #[test]
    fn analytic_bootstrap_equals_exhaustive_enumeration() {
        // x = (1, 2), t = (2, 3): X = 3, Y = 2. x* ~ Mult(3; 1/3, 2/3), y* ~ Mult(2; 1/2, 1/2).
        let (x, t) = (array![1.0, 2.0], array![2.0, 3.0]);
        let b = bias_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
        let mut expected = NeumaierSum::new();
        for x1 in 0..=3u64 {
            let px = (ln_binomial(3, x1)
                + x1 as f64 * (1.0f64 / 3.0).ln()
                + (3 - x1) as f64 * (2.0f64 / 3.0).ln())
            .exp();
            for y1 in 0..=2u64 {
                let py = (ln_binomial(2, y1) + 2.0 * 0.5f64.ln()).exp();
                let d = 0.5
                    * ((x1 as f64 / 3.0 - y1 as f64 / 2.0).abs()
                        + ((3 - x1) as f64 / 3.0 - (2 - y1) as f64 / 2.0).abs());
                expected.add(px * py * d);
            }
        }
        assert!(close(b.expected_bootstrap, expected.value(), 1e-14));
        assert!(close(b.observed, 1.0 / 6.0, 1e-15));
    }

    // ---- the public functions on the methods.md example --------------------------------

    #[test]
    fn worked_example_values() {
        let (x, t) = example();
        let nan = NanPolicy::Raise;
        let e = expected_under_random_allocation(x.view(), t.view(), nan).unwrap();
        // exact rational arithmetic (Python fractions) gives 0.09372336733268688
        assert!(close(e.dissimilarity, 0.09372336733268688, 1e-14));
        assert!(close(e.entropy_index, 0.0096664703020388, 1e-12));
        assert_eq!(e.correlation_ratio, 4.0 / 349.0);
        assert_eq!(
            (e.n_used, e.n_dropped, e.n_empty, e.flags),
            (5, 0, 0, Flags::NONE)
        );

        let ct = carrington_troske(x.view(), t.view(), NullIndex::Dissimilarity, nan).unwrap();
        assert!((ct.value - 0.2276).abs() < 5e-5);
        assert!(close(ct.value, 0.22760890574901937, 1e-13));
        assert!(ct.flags.is_empty());

        let w = winship_expected_dissimilarity(x.view(), t.view(), nan).unwrap();
        assert!(close(w.exact, 0.10499522209648636, 1e-13));
        assert!(close(w.normal_approximation, 0.10499950303186448, 1e-13));

        let b = bias_corrected_dissimilarity(x.view(), t.view(), nan).unwrap();
        assert!(close(b.expected_bootstrap, 0.3014619196493863, 1e-13));
        assert!(close(b.value, 0.2985380803506137, 1e-13));
        assert!(b.flags.is_empty());

        let s = self_excluded_separation(x.view(), t.view(), nan).unwrap();
        assert!(close(s.value, 0.06825896714247398, 1e-14));
        assert_eq!((s.n_used, s.n_empty), (5, 0));
    }

    #[test]
    fn winship_exact_equals_direct_binomial_sum() {
        let (x, t) = example();
        let w = winship_expected_dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
        let mut pmf = Pmf::default();
        let p = 100.0 / 350.0;
        let mut s = NeumaierSum::new();
        for &ti in &t {
            binomial_pmf(&mut pmf, ti as u64, 100, 350);
            s.add(neumaier_sum(
                pmf.iter().map(|(k, f)| f * (k as f64 - ti * p).abs()),
            ));
        }
        assert!(close(
            w.exact,
            s.value() / (2.0 * 350.0 * p * (1.0 - p)),
            1e-13
        ));
    }

    #[test]
    fn negative_corrections_are_flagged() {
        let (x, t) = city_b();
        let nan = NanPolicy::Raise;
        let b = bias_corrected_dissimilarity(x.view(), t.view(), nan).unwrap();
        assert!(close(b.observed, 0.05357142857142857, 1e-14));
        assert!(close(b.value, -0.0014445855892017967, 1e-11));
        assert!(b.flags.contains(Flags::NEGATIVE_AFTER_CORRECTION));
        let ct = carrington_troske(x.view(), t.view(), NullIndex::Dissimilarity, nan).unwrap();
        let e = expected_under_random_allocation(x.view(), t.view(), nan).unwrap();
        assert!(e.dissimilarity > b.observed);
        assert!(close(
            ct.value,
            (b.observed - e.dissimilarity) / e.dissimilarity,
            1e-14
        ));
        assert!(ct.value < 0.0 && ct.flags.contains(Flags::NEGATIVE_AFTER_CORRECTION));
    }

    #[test]
    fn carrington_troske_branches_and_undefined() {
        // complete segregation: D = 1 whatever I* is
        let (x, t) = (array![5.0, 0.0, 3.0], array![5.0, 4.0, 3.0]);
        for index in [
            NullIndex::Dissimilarity,
            NullIndex::EntropyIndex,
            NullIndex::CorrelationRatio,
        ] {
            let ct = carrington_troske(x.view(), t.view(), index, NanPolicy::Raise).unwrap();
            assert!(close(ct.value, 1.0, 1e-12), "{index:?}: {}", ct.value);
        }
        // every area has one pupil: the index is 1 under any allocation
        let (x, t) = (array![1.0, 0.0, 1.0, 0.0], array![1.0, 1.0, 1.0, 1.0]);
        let e = expected_under_random_allocation(x.view(), t.view(), NanPolicy::Raise).unwrap();
        assert!(close(e.dissimilarity, 1.0, 1e-14));
        assert!(close(e.correlation_ratio, 1.0, 1e-15));
        let err = carrington_troske(
            x.view(),
            t.view(),
            NullIndex::Dissimilarity,
            NanPolicy::Raise,
        );
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Undefined);
    }

    #[test]
    fn single_area_is_degenerate() {
        let (x, t) = (array![3.0, f64::NAN], array![10.0, 5.0]);
        let e = expected_under_random_allocation(x.view(), t.view(), NanPolicy::Omit).unwrap();
        assert_eq!(
            (e.dissimilarity, e.entropy_index, e.correlation_ratio),
            (0.0, 0.0, 0.0)
        );
        assert!(close(e.isolation, 0.3, 1e-15));
        assert!(e.flags.contains(Flags::SINGLE_AREA));
        assert_eq!((e.n_used, e.n_dropped), (1, 1));
        let ct = carrington_troske(
            x.view(),
            t.view(),
            NullIndex::Dissimilarity,
            NanPolicy::Omit,
        )
        .unwrap();
        assert_eq!(ct.value, 0.0);
        let b = bias_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Omit).unwrap();
        assert_eq!((b.observed, b.expected_bootstrap, b.value), (0.0, 0.0, 0.0));
        let s = self_excluded_separation(x.view(), t.view(), NanPolicy::Omit).unwrap();
        assert!(close(s.value, -1.0 / 9.0, 1e-15));
        assert!(
            s.flags
                .contains(Flags::SINGLE_AREA | Flags::NEGATIVE_AFTER_CORRECTION)
        );
    }

    #[test]
    fn self_excluded_separation_drops_single_pupil_areas() {
        let (x, t) = example();
        let base = self_excluded_separation(x.view(), t.view(), NanPolicy::Raise).unwrap();
        let x2 = array![12., 1., 30., 5., 0., 40., 13., 0.];
        let t2 = array![60., 1., 80., 50., 1., 90., 70., 0.];
        let s = self_excluded_separation(x2.view(), t2.view(), NanPolicy::Raise).unwrap();
        assert_eq!(s.value, base.value);
        assert_eq!((s.n_used, s.n_empty), (5, 3));
        let ones = array![1.0, 0.0];
        let t1 = array![1.0, 1.0];
        let err = self_excluded_separation(ones.view(), t1.view(), NanPolicy::Raise);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Undefined);
        // the focal group lives only in single-pupil areas
        let x3 = array![1.0, 0.0];
        let t3 = array![1.0, 4.0];
        let err = self_excluded_separation(x3.view(), t3.view(), NanPolicy::Raise);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Undefined);
    }

    #[test]
    fn input_rules() {
        let (x, t) = example();
        let nan = NanPolicy::Raise;
        let frac = array![12.5, 30., 5., 40., 13.];
        assert_eq!(
            expected_under_random_allocation(frac.view(), t.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
        assert_eq!(
            carrington_troske(frac.view(), t.view(), NullIndex::EntropyIndex, nan)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
        assert_eq!(
            winship_expected_dissimilarity(frac.view(), t.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
        assert_eq!(
            bias_corrected_dissimilarity(frac.view(), t.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
        assert_eq!(
            self_excluded_separation(frac.view(), t.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidCount
        );
        let short = array![60., 80., 50., 90.];
        let err = expected_under_random_allocation(x.view(), short.view(), nan);
        assert_eq!(err.unwrap_err().kind(), ErrorKind::ShapeMismatch);
        let empty = array![0.0, 0.0];
        let te = array![3.0, 4.0];
        assert_eq!(
            bias_corrected_dissimilarity(empty.view(), te.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::Undefined
        );

        // missing values: raise, omit (same as leaving the area out), propagate
        let xn = array![12., 30., f64::NAN, 40., 13.];
        assert_eq!(
            expected_under_random_allocation(xn.view(), t.view(), nan)
                .unwrap_err()
                .kind(),
            ErrorKind::MissingValue
        );
        let xo = array![12., 30., 40., 13.];
        let to = array![60., 80., 90., 70.];
        let omit = expected_under_random_allocation(xn.view(), t.view(), NanPolicy::Omit).unwrap();
        let kept = expected_under_random_allocation(xo.view(), to.view(), nan).unwrap();
        assert_eq!(omit.dissimilarity, kept.dissimilarity);
        assert_eq!((omit.n_used, omit.n_dropped), (4, 1));
        let b = bias_corrected_dissimilarity(xn.view(), t.view(), NanPolicy::Omit).unwrap();
        assert_eq!(b.n_dropped, 1);
        let p = NanPolicy::Propagate;
        let e = expected_under_random_allocation(xn.view(), t.view(), p).unwrap();
        assert!(e.dissimilarity.is_nan() && e.entropy_index.is_nan() && e.isolation.is_nan());
        assert!(e.flags.contains(Flags::MISSING_PROPAGATED));
        assert!(
            carrington_troske(xn.view(), t.view(), NullIndex::Dissimilarity, p)
                .unwrap()
                .value
                .is_nan()
        );
        assert!(
            winship_expected_dissimilarity(xn.view(), t.view(), p)
                .unwrap()
                .exact
                .is_nan()
        );
        assert!(
            bias_corrected_dissimilarity(xn.view(), t.view(), p)
                .unwrap()
                .value
                .is_nan()
        );
        assert!(
            self_excluded_separation(xn.view(), t.view(), p)
                .unwrap()
                .value
                .is_nan()
        );

        // areas with no population are left out and counted
        let xz = array![12., 30., 0., 5., 40., 13.];
        let tz = array![60., 80., 0., 50., 90., 70.];
        let ez = expected_under_random_allocation(xz.view(), tz.view(), nan).unwrap();
        assert_eq!((ez.n_used, ez.n_empty), (5, 1));
        assert!(close(ez.dissimilarity, 0.09372336733268688, 1e-14));
    }

    #[test]
    fn null_index_names_round_trip() {
        for i in [
            NullIndex::Dissimilarity,
            NullIndex::EntropyIndex,
            NullIndex::CorrelationRatio,
        ] {
            assert_eq!(NullIndex::from_name(i.name()).unwrap(), i);
        }
        assert_eq!(NullIndex::default(), NullIndex::Dissimilarity);
        assert_eq!(
            NullIndex::from_name("D").unwrap_err().kind(),
            ErrorKind::InvalidParameter
        );
    }

    #[test]
    fn large_table_is_consistent() {
        // T ≈ 8e5, 400 areas: the closed-form E[D] equals the pmf sum, E[eta²] equals the
        // second moments of the pmf vectors, and the bootstrap expectation lies above D.
        let (x, t) = large_table();
        let d = data(&x, &t);
        assert!(d.total > 7.5e5 && d.total < 8.5e5, "{}", d.total);
        let (nt, nx) = (count(d.total), count(d.total_x));
        let mut pmf = Pmf::default();
        let (mut mad, mut var) = (NeumaierSum::new(), NeumaierSum::new());
        for &ti in d.t.iter() {
            hypergeometric_pmf(&mut pmf, nt, nx, count(ti));
            let m = ti * d.total_x / d.total;
            mad.add(neumaier_sum(
                pmf.iter().map(|(k, f)| f * (k as f64 - m).abs()),
            ));
            var.add(neumaier_sum(
                pmf.iter().map(|(k, f)| f * (k as f64 - m).powi(2) / ti),
            ));
        }
        let xy = d.total_x * d.total_y();
        let e = expected_under_random_allocation(x.view(), t.view(), NanPolicy::Raise).unwrap();
        assert!(close(
            e.dissimilarity,
            mad.value() * d.total / (2.0 * xy),
            1e-12
        ));
        assert!(close(
            e.correlation_ratio,
            var.value() * d.total / xy,
            1e-11
        ));
        assert!(e.entropy_index > 0.0 && e.entropy_index < e.correlation_ratio);
        let b = bias_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap();
        assert!(b.expected_bootstrap > b.observed);
        assert!(b.value < b.observed);
    }

    /// Timing on 400 areas with T ≈ 8e5. Run with
    /// `cargo test -p bildung-core --release -- --ignored --nocapture large_table_timing`.
    #[test]
    #[ignore = "timing; run in release"]
    fn large_table_timing() {
        let (x, t) = large_table();
        let reps = 20;
        let start = std::time::Instant::now();
        let mut e = None;
        for _ in 0..reps {
            e = Some(
                expected_under_random_allocation(x.view(), t.view(), NanPolicy::Raise).unwrap(),
            );
        }
        let t_e = start.elapsed() / reps;
        let start = std::time::Instant::now();
        let mut b = None;
        for _ in 0..reps {
            b = Some(bias_corrected_dissimilarity(x.view(), t.view(), NanPolicy::Raise).unwrap());
        }
        let t_b = start.elapsed() / reps;
        let start = std::time::Instant::now();
        for _ in 0..reps {
            carrington_troske(
                x.view(),
                t.view(),
                NullIndex::Dissimilarity,
                NanPolicy::Raise,
            )
            .unwrap();
        }
        let t_ct = start.elapsed() / reps;
        println!(
            "T = {}, k = 400: expected_under_random_allocation {t_e:?}, \
             bias_corrected_dissimilarity {t_b:?}, carrington_troske(D) {t_ct:?}; {e:?} {b:?}",
            t.sum()
        );
    }
}
