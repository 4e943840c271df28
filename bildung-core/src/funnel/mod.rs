//! Funnel plots (Trichterdiagramme) for comparing the proportions of small areas with a target
//! (Spiegelhalter 2005; methods.md 3.7): control limits (Kontrollgrenzen) at chosen levels,
//! overdispersion (Überdispersion), and a per-area classification with p-values and a
//! Benjamini-Hochberg flag.
//!
//! An area `i` has `x_i` events out of `n_i` (leavers without Hauptschulabschluss out of all
//! leavers of an Ortsteil); its proportion `p_i = x_i / n_i` is plotted against `n_i`. The target
//! `theta0` is the pooled `sum x / sum n` (default) or an external benchmark (the Land value).
//! Limits at level `L` (default 95 % "warning" and 99.8 % "alarm") form a funnel around
//! `theta0` that narrows as `n` grows; an area outside is flagged above or below.
//!
//! | item | what | file |
//! |---|---|---|
//! | [`funnel`] | the whole analysis per area: z, limits, class, p-value, BH flag, dispersion | `mod.rs` |
//! | [`funnel_limits`], [`funnel_grid`] | limit curves on a grid of `n` for drawing | `limits.rs` |
//! | [`Dispersion`] | winsorised phi, its chi² test, additive tau² | `overdispersion.rs` |
//! | [`FunnelClass`], [`benjamini_hochberg`] | classification, p-values, FDR | `classify.rs` |
//!
//! # Conventions
//! * Counts: `events` and `population` per area, `0 <= x_i <= n_i`; whole numbers for the exact
//!   method (non-whole counts are accepted by the normal and arcsine methods); violations are
//!   [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) naming the area.
//! * `n_i = 0`: the area is not plotted ([`AreaStatus::Empty`], NaN outputs,
//!   [`FunnelClass::NotPlotted`]). A NaN count follows the [`NanPolicy`]: `Raise` is an error,
//!   `Omit` and `Propagate` give the area [`AreaStatus::Missing`] and NaN outputs and leave it
//!   out of the pooled target and the dispersion (`Propagate` also sets
//!   [`Flags::MISSING_PROPAGATED`]).
//! * A target of 0 or 1 (e.g. no event anywhere) makes every limit degenerate:
//!   [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
//! * Limits are reported clamped to `[0, 1]` and unclamped; an area is classified against the
//!   limits as drawn, and its p-value agrees with that classification.
//!
//! # Example
//! ```
//! use bildung_core::funnel::{funnel, FunnelClass, FunnelOptions, Overdispersion};
//! use ndarray::array;
//! // methods.md 3.7: 12 areas
//! let n = array![40., 55., 80., 120., 150., 60., 35., 200., 90., 70., 110., 45.];
//! let x = array![2., 9., 4., 14., 9., 3., 6., 12., 12., 3., 8., 7.];
//! let f = funnel(x.view(), n.view(), &FunnelOptions::default())?;
//! assert!((f.theta0 - 0.0843602).abs() < 5e-8);
//! assert_eq!(f.class[1], FunnelClass::Above(1)); // area 2: above the 95 % limit
//! let d = f.dispersion.unwrap();
//! assert!((d.phi - 1.7702).abs() < 5e-5);
//! // with the random-effects adjustment no area is flagged
//! let opts = FunnelOptions { overdispersion: Overdispersion::Additive, ..Default::default() };
//! let adjusted = funnel(x.view(), n.view(), &opts)?;
//! assert!(adjusted.class.iter().all(|&c| c == FunnelClass::Within));
//! # Ok::<(), bildung_core::Error>(())
//! ```

mod classify; // per-area classification, p-values, Benjamini-Hochberg
mod input; // validation of events and population
mod limits; // control limits: exact (Spiegelhalter), normal, arcsine; grids
mod overdispersion; // z-scores, winsorised phi, chi² test, additive tau²

pub use classify::{FunnelClass, benjamini_hochberg, level_label};
pub use limits::{Adjustment, FunnelLimits, FunnelMethod, MAX_LEVELS, funnel_grid, funnel_limits};
pub use overdispersion::{Dispersion, FEW_AREAS};

use ndarray::{Array2, ArrayView1};

use crate::error::{Error, Result};
pub use crate::input::AreaStatus;
use crate::input::{Flags, NanPolicy};
use crate::sum::NeumaierSum;

/// Which overdispersion widening a funnel uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Overdispersion {
    /// Plain limits (the default); phi and tau² are still estimated and reported.
    #[default]
    None,
    /// Multiplicative: variance times `max(phi, 1)` (underdispersion never narrows the limits).
    Multiplicative,
    /// Additive random effects: variance plus `tau²`.
    Additive,
}

impl Overdispersion {
    /// Every option.
    pub const ALL: [Overdispersion; 3] = [
        Overdispersion::None,
        Overdispersion::Multiplicative,
        Overdispersion::Additive,
    ];

    /// The name (`"none"`, `"multiplicative"`, `"additive"`).
    pub const fn name(self) -> &'static str {
        match self {
            Overdispersion::None => "none",
            Overdispersion::Multiplicative => "multiplicative",
            Overdispersion::Additive => "additive",
        }
    }

    /// Parse a name.
    ///
    /// ```
    /// use bildung_core::funnel::Overdispersion;
    /// assert_eq!(Overdispersion::from_name("additive").unwrap(), Overdispersion::Additive);
    /// assert!(Overdispersion::from_name("phi").is_err());
    /// ```
    pub fn from_name(name: &str) -> Result<Overdispersion> {
        Self::ALL
            .into_iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| {
                Error::parameter(
                    "overdispersion",
                    format!("{name:?}"),
                    "expected \"none\", \"multiplicative\" or \"additive\"",
                )
            })
    }
}

/// Options of [`funnel`].
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelOptions {
    /// The target `theta0`; `None` (default) for the pooled `sum x / sum n` of the plotted areas.
    pub target: Option<f64>,
    /// Two-sided levels of the limits, default `[0.95, 0.998]` (any order; sorted in the result).
    pub levels: Vec<f64>,
    /// How the limits are computed (default exact).
    pub method: FunnelMethod,
    /// Overdispersion widening (default none).
    pub overdispersion: Overdispersion,
    /// Winsorising share of the z-scores for phi, in `[0, 0.5)` (default 0.1).
    pub winsorize: f64,
    /// False discovery rate of the Benjamini-Hochberg flag; `None` (default) for no flag.
    pub fdr: Option<f64>,
    /// Missing-value policy (default `Raise`).
    pub nan: NanPolicy,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions {
            target: None,
            levels: vec![0.95, 0.998],
            method: FunnelMethod::Exact,
            overdispersion: Overdispersion::None,
            winsorize: 0.1,
            fdr: None,
            nan: NanPolicy::Raise,
        }
    }
}

/// A funnel plot: target, limits and classification of every area (one entry per input area).
///
/// Per-area vectors have the input's length; matrices are areas x levels (levels ascending).
/// Areas that are not plotted (status `Empty` or `Missing`) have NaN numbers, class
/// [`FunnelClass::NotPlotted`] and no BH flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// The target `theta0`.
    pub theta0: f64,
    /// True when `theta0` is the pooled proportion, false for an external target.
    pub pooled: bool,
    /// The method of the limits.
    pub method: FunnelMethod,
    /// The overdispersion widening of the limits, with its parameter.
    pub adjustment: Adjustment,
    /// The levels, ascending.
    pub levels: Vec<f64>,
    /// Overdispersion estimate (`None` with fewer than two plotted areas).
    pub dispersion: Option<Dispersion>,
    /// `p_i = x_i / n_i`.
    pub proportion: Vec<f64>,
    /// Unadjusted z-score `(p_i - theta0)/s_i` (on the arcsine scale for the arcsine method).
    pub z: Vec<f64>,
    /// z-score under the adjustment: `z_i / sqrt(phi)` or `(y_i - c)/sqrt(s_i² + tau²)`; equal
    /// to `z` without adjustment.
    pub z_adjusted: Vec<f64>,
    /// Two-sided p-value that agrees with the classification: for the exact method without
    /// adjustment `2 P(R > x)` above `theta0` and `2 P(R <= x)` below (capped at 1), else
    /// `2 P(Z > |z_adjusted|)`.
    pub p_value: Vec<f64>,
    /// Lower limits at each area's `n`, clamped to `[0, 1]`.
    pub lower: Array2<f64>,
    /// Upper limits at each area's `n`, clamped to `[0, 1]`.
    pub upper: Array2<f64>,
    /// Lower limits before clamping.
    pub lower_unclamped: Array2<f64>,
    /// Upper limits before clamping.
    pub upper_unclamped: Array2<f64>,
    /// Class of every area.
    pub class: Vec<FunnelClass>,
    /// The false discovery rate asked for.
    pub fdr: Option<f64>,
    /// Benjamini-Hochberg flags at `fdr` (`None` without `fdr`).
    pub bh: Option<Vec<bool>>,
    /// Status of every area.
    pub status: Vec<AreaStatus>,
    /// Plotted areas.
    pub n_used: usize,
    /// Areas with a missing count.
    pub n_dropped: usize,
    /// Areas with population 0.
    pub n_empty: usize,
    /// [`Flags::MISSING_PROPAGATED`], [`Flags::FEW_AREAS`] (an overdispersion adjustment rests
    /// on fewer than [`FEW_AREAS`] areas).
    pub flags: Flags,
}

impl Funnel {
    /// The limit curves of this funnel (same target, method, adjustment and levels) on a grid of
    /// denominators, e.g. [`funnel_grid`] from the smallest to the largest plotted `n`.
    ///
    /// # Errors
    /// As [`funnel_limits`] for the grid.
    pub fn limits_at(&self, n: ArrayView1<'_, f64>) -> Result<FunnelLimits> {
        funnel_limits(self.theta0, n, &self.levels, self.method, self.adjustment)
    }

    /// Class labels for reports ([`FunnelClass::label`]).
    pub fn class_labels(&self) -> Vec<String> {
        self.class.iter().map(|c| c.label(&self.levels)).collect()
    }
}

/// Check the winsorising share: `0 <= w < 0.5`.
fn check_winsorize(w: f64) -> Result<()> {
    if (0.0..0.5).contains(&w) {
        Ok(())
    } else {
        Err(Error::parameter(
            "winsorize",
            w,
            "the winsorising share must lie in [0, 0.5) (0.1 winsorises at the 10 % and 90 % quantiles)",
        ))
    }
}

/// Funnel plot of area proportions (Trichterdiagramm; Spiegelhalter 2005): target, control
/// limits at every area's `n`, overdispersion, class, p-value and Benjamini-Hochberg flag.
///
/// ```text
/// theta0 = sum x_i / sum n_i  (plotted areas)   or the given target
/// p_i = x_i / n_i,   z_i = (p_i - theta0) / sqrt(theta0 (1 - theta0) / n_i)
/// limits at level L: exact / normal / arcsine (see funnel_limits), widened by
///   multiplicative max(phi, 1) or additive tau² (see Dispersion)
/// class: above / below the limits of the k lowest levels, or within
/// ```
///
/// # Errors
/// [`ErrorKind::ShapeMismatch`](crate::ErrorKind::ShapeMismatch) (lengths differ),
/// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) (no area; every area missing under
/// `Omit`), [`ErrorKind::MissingValue`](crate::ErrorKind::MissingValue) (NaN under `Raise`),
/// [`ErrorKind::NonFinite`](crate::ErrorKind::NonFinite),
/// [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) (negative count, events above
/// population, non-whole count with the exact method; the message names the area),
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) (target outside
/// `[0, 1]`, a level outside `(0, 1)` or repeated, `fdr` outside `(0, 1)`, `winsorize` outside
/// `[0, 0.5)`), [`ErrorKind::Undefined`](crate::ErrorKind::Undefined) (target 0 or 1, no plotted
/// area with a pooled target, an overdispersion adjustment with fewer than two plotted areas).
///
/// # Example
/// ```
/// use bildung_core::funnel::{funnel, AreaStatus, FunnelClass, FunnelOptions};
/// use ndarray::array;
/// let x = array![3., 0., 20., 9.];
/// let n = array![40., 0., 100., 150.];
/// let opts = FunnelOptions { target: Some(0.07), fdr: Some(0.05), ..Default::default() };
/// let f = funnel(x.view(), n.view(), &opts)?;
/// assert_eq!(f.status[1], AreaStatus::Empty);
/// assert_eq!(f.class[1], FunnelClass::NotPlotted);
/// assert_eq!(f.class[2], FunnelClass::Above(2)); // 20 % of 100 against 7 %
/// assert_eq!(f.bh.as_ref().unwrap()[2], true);
/// assert_eq!(f.class_labels()[2], "above 99.8%");
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn funnel(
    events: ArrayView1<'_, f64>,
    population: ArrayView1<'_, f64>,
    options: &FunnelOptions,
) -> Result<Funnel> {
    let levels = limits::check_levels(&options.levels)?;
    check_winsorize(options.winsorize)?;
    if let Some(q) = options.fdr {
        classify::check_fdr(q)?;
    }
    if let Some(t) = options.target {
        limits::check_theta0(t)?;
    }
    let method = options.method;
    let areas = input::validate(
        events,
        population,
        options.nan,
        method == FunnelMethod::Exact,
    )?;
    let len = areas.status.len();
    let plotted: Vec<usize> = (0..len)
        .filter(|&i| areas.status[i] == AreaStatus::Ok)
        .collect();
    let mut flags = Flags::NONE;
    if options.nan == NanPolicy::Propagate && areas.n_dropped > 0 {
        flags |= Flags::MISSING_PROPAGATED;
    }

    let (theta0, pooled) = match options.target {
        Some(t) => (t, false),
        None if plotted.is_empty() && areas.n_dropped == len => (f64::NAN, true), // all missing, Propagate
        None if plotted.is_empty() => {
            return Err(Error::undefined(
                "funnel",
                "no area has a population, so there is no pooled target",
            ));
        }
        None => {
            let (mut sx, mut sn) = (NeumaierSum::new(), NeumaierSum::new());
            for &i in &plotted {
                sx.add(events[i]);
                sn.add(population[i]);
            }
            (limits::check_theta0(sx.value() / sn.value())?, true)
        }
    };

    let n_levels = levels.len();
    let nan_matrix = || Array2::from_elem((len, n_levels), f64::NAN);
    let mut result = Funnel {
        theta0,
        pooled,
        method,
        adjustment: Adjustment::None,
        levels,
        dispersion: None,
        proportion: vec![f64::NAN; len],
        z: vec![f64::NAN; len],
        z_adjusted: vec![f64::NAN; len],
        p_value: vec![f64::NAN; len],
        lower: nan_matrix(),
        upper: nan_matrix(),
        lower_unclamped: nan_matrix(),
        upper_unclamped: nan_matrix(),
        class: vec![FunnelClass::NotPlotted; len],
        fdr: options.fdr,
        bh: options.fdr.map(|_| vec![false; len]),
        status: areas.status,
        n_used: areas.n_used,
        n_dropped: areas.n_dropped,
        n_empty: areas.n_empty,
        flags,
    };
    if plotted.is_empty() {
        if options.overdispersion != Overdispersion::None && areas.n_dropped < len {
            return Err(too_few_areas());
        }
        return Ok(result);
    }

    // z-scores on the method's scale
    let plain = limits::LimitRule::new(theta0, method, Adjustment::None, &result.levels);
    let centre = if method.is_arcsine() {
        theta0.sqrt().asin()
    } else {
        theta0
    };
    let on_scale = |p: f64| {
        if method.is_arcsine() {
            p.sqrt().asin()
        } else {
            p
        }
    };
    let mut z_plotted = Vec::with_capacity(plotted.len());
    let mut s_plotted = Vec::with_capacity(plotted.len());
    for &i in &plotted {
        let p = events[i] / population[i];
        let s = plain.standard_error(population[i]);
        let z = (on_scale(p) - centre) / s;
        result.proportion[i] = p;
        result.z[i] = z;
        z_plotted.push(z);
        s_plotted.push(s);
    }
    result.dispersion = (plotted.len() >= 2)
        .then(|| overdispersion::estimate(&z_plotted, &s_plotted, options.winsorize));
    result.adjustment = match (options.overdispersion, result.dispersion) {
        (Overdispersion::None, _) => Adjustment::None,
        (_, None) => return Err(too_few_areas()),
        (Overdispersion::Multiplicative, Some(d)) => Adjustment::Multiplicative {
            phi: d.phi.max(1.0),
        },
        (Overdispersion::Additive, Some(d)) => Adjustment::Additive { tau2: d.tau2 },
    };
    if result.adjustment != Adjustment::None && plotted.len() < FEW_AREAS {
        result.flags |= Flags::FEW_AREAS;
    }

    // Limits depend on n only: compute them once per distinct n (areas sorted by n).
    let rule = limits::LimitRule::new(theta0, method, result.adjustment, &result.levels);
    let mut by_n = plotted.clone();
    by_n.sort_by(|&a, &b| population[a].total_cmp(&population[b]));
    let mut lo = vec![0.0; n_levels];
    let mut hi = vec![0.0; n_levels];
    let mut previous = f64::NAN;
    for &i in &by_n {
        let n = population[i];
        if n != previous {
            for k in 0..n_levels {
                (lo[k], hi[k]) = rule.unclamped(n, k);
            }
            previous = n;
        }
        for k in 0..n_levels {
            result.lower_unclamped[(i, k)] = lo[k];
            result.upper_unclamped[(i, k)] = hi[k];
            result.lower[(i, k)] = limits::clamp_unit(lo[k]);
            result.upper[(i, k)] = limits::clamp_unit(hi[k]);
        }
        let p = result.proportion[i];
        result.class[i] = classify::classify(p, theta0, &lo, &hi);
    }
    for (&i, &s) in plotted.iter().zip(&s_plotted) {
        let p = result.proportion[i];
        result.z_adjusted[i] = match result.adjustment {
            Adjustment::None => result.z[i],
            Adjustment::Multiplicative { phi } => result.z[i] / phi.sqrt(),
            Adjustment::Additive { tau2 } => (on_scale(p) - centre) / (s * s + tau2).sqrt(),
        };
        result.p_value[i] = match (method, result.adjustment) {
            (FunnelMethod::Exact, Adjustment::None) => {
                classify::exact_p_value(events[i], population[i], theta0)
            }
            _ => classify::normal_p_value(result.z_adjusted[i]),
        };
    }
    if let Some(q) = options.fdr {
        result.bh = Some(benjamini_hochberg(&result.p_value, q)?);
    }
    Ok(result)
}

fn too_few_areas() -> Error {
    Error::undefined(
        "funnel overdispersion",
        "phi and tau² need at least two plotted areas",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use ndarray::array;

    fn methods_example() -> (ndarray::Array1<f64>, ndarray::Array1<f64>) {
        (
            array![2., 9., 4., 14., 9., 3., 6., 12., 12., 3., 8., 7.],
            array![
                40., 55., 80., 120., 150., 60., 35., 200., 90., 70., 110., 45.
            ],
        )
    }

    #[test]
    fn methods_overdispersion_example() {
        let (x, n) = methods_example();
        let opts = |o: Overdispersion| FunnelOptions {
            method: FunnelMethod::Normal,
            overdispersion: o,
            ..Default::default()
        };
        let plain = funnel(x.view(), n.view(), &opts(Overdispersion::None)).unwrap();
        assert!((plain.z[1] - 2.115).abs() < 5e-4);
        let flagged: Vec<usize> = (0..12)
            .filter(|&i| plain.class[i] != FunnelClass::Within)
            .collect();
        assert_eq!(flagged, vec![1]);
        let re = funnel(x.view(), n.view(), &opts(Overdispersion::Additive)).unwrap();
        assert!((re.z_adjusted[1] - 1.673).abs() < 5e-4);
        assert!(re.class.iter().all(|&c| c == FunnelClass::Within));
        assert!(re.flags.contains(Flags::FEW_AREAS));
        assert!(!plain.flags.contains(Flags::FEW_AREAS));
        // limits at n = 200 (area 8), 95 %
        assert!((re.lower[(7, 0)] - 0.0157).abs() < 5e-5);
        assert!((re.upper[(7, 0)] - 0.1530).abs() < 5e-5);
        let mult = funnel(x.view(), n.view(), &opts(Overdispersion::Multiplicative)).unwrap();
        assert!((mult.lower[(7, 0)] - 0.0331).abs() < 5e-5);
        assert!((mult.upper[(7, 0)] - 0.1356).abs() < 5e-5);
        // the curves of a result agree with its per-area limits
        let curves = re.limits_at(array![200.0].view()).unwrap();
        assert_eq!(curves.lower[(0, 0)], re.lower[(7, 0)]);
    }

    #[test]
    fn p_values_agree_with_classes() {
        let (x, n) = methods_example();
        for method in FunnelMethod::ALL {
            for od in Overdispersion::ALL {
                let opts = FunnelOptions {
                    method,
                    overdispersion: od,
                    target: Some(0.06),
                    ..Default::default()
                };
                let f = funnel(x.view(), n.view(), &opts).unwrap();
                for i in 0..12 {
                    for (k, &level) in f.levels.iter().enumerate() {
                        let outside = match f.class[i] {
                            FunnelClass::Above(c) | FunnelClass::Below(c) => usize::from(c) > k,
                            _ => false,
                        };
                        let p = f.p_value[i];
                        let margin = (p - (1.0 - level)).abs();
                        if margin > 1e-9 {
                            assert_eq!(outside, p < 1.0 - level, "{method:?} {od:?} area {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn edge_cases() {
        let kind = |x: &[f64], n: &[f64], o: &FunnelOptions| {
            funnel(ArrayView1::from(x), ArrayView1::from(n), o)
                .unwrap_err()
                .kind()
        };
        let d = FunnelOptions::default();
        assert_eq!(kind(&[0.0, 0.0], &[5.0, 7.0], &d), ErrorKind::Undefined);
        assert_eq!(kind(&[5.0, 7.0], &[5.0, 7.0], &d), ErrorKind::Undefined);
        assert_eq!(kind(&[0.0], &[0.0], &d), ErrorKind::Undefined);
        assert_eq!(kind(&[3.0], &[2.0], &d), ErrorKind::InvalidCount);
        let target = |t: f64| FunnelOptions {
            target: Some(t),
            ..Default::default()
        };
        assert_eq!(kind(&[1.0], &[5.0], &target(0.0)), ErrorKind::Undefined);
        assert_eq!(
            kind(&[1.0], &[5.0], &target(-0.1)),
            ErrorKind::InvalidParameter
        );
        let bad = [
            FunnelOptions {
                fdr: Some(1.0),
                ..Default::default()
            },
            FunnelOptions {
                winsorize: 0.5,
                ..Default::default()
            },
            FunnelOptions {
                levels: vec![0.95, 1.2],
                ..Default::default()
            },
        ];
        for o in &bad {
            assert_eq!(kind(&[1.0], &[5.0], o), ErrorKind::InvalidParameter);
        }
        let od = FunnelOptions {
            overdispersion: Overdispersion::Multiplicative,
            ..Default::default()
        };
        assert_eq!(kind(&[1.0, 0.0], &[5.0, 0.0], &od), ErrorKind::Undefined);
        // one area: no dispersion, but limits
        let f = funnel(array![1.0].view(), array![5.0].view(), &target(0.1)).unwrap();
        assert!(f.dispersion.is_none());
        assert_eq!(f.class[0], FunnelClass::Within);
        // only empty areas with an external target: all not plotted
        let f = funnel(array![0.0].view(), array![0.0].view(), &target(0.1)).unwrap();
        assert_eq!(f.class[0], FunnelClass::NotPlotted);
        assert_eq!(f.n_empty, 1);
    }

    #[test]
    fn missing_areas() {
        let x = array![2., f64::NAN, 4., 14.];
        let n = array![40., 55., 80., 120.];
        for nan in [NanPolicy::Omit, NanPolicy::Propagate] {
            let f = funnel(
                x.view(),
                n.view(),
                &FunnelOptions {
                    nan,
                    fdr: Some(0.1),
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(f.status[1], AreaStatus::Missing);
            assert!(f.p_value[1].is_nan() && f.lower[(1, 0)].is_nan());
            assert!((f.theta0 - 20.0 / 240.0).abs() < 1e-15);
            assert!(!f.bh.as_ref().unwrap()[1]);
            assert_eq!(
                f.flags.contains(Flags::MISSING_PROPAGATED),
                nan == NanPolicy::Propagate
            );
            assert_eq!((f.n_used, f.n_dropped), (3, 1));
        }
        // every area missing under Propagate: all NaN
        let f = funnel(
            array![f64::NAN].view(),
            array![3.0].view(),
            &FunnelOptions {
                nan: NanPolicy::Propagate,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(f.theta0.is_nan());
        assert_eq!(f.class[0], FunnelClass::NotPlotted);
    }
}
