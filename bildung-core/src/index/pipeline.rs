//! The status x dynamics pipeline of the Berlin Monitoring Soziale Stadtentwicklung (MSS;
//! indicators.md 3.2) and of Hamburg's RISE Sozialmonitoring (indicators.md 6.2), built from the
//! pieces of this module.

use ndarray::{ArrayView1, ArrayView2};

use super::aggregate::{Aggregation, Composite, Weighting, restandardise, weighted_sum_named};
use super::classify::{Classes, Scheme, classify, cross_classify};
use super::normalise::{ZOptions, ZScores, zscore_named};
use super::reference::Reference;
use crate::error::{Error, Result};
use crate::inequality::VarianceForm;
use crate::input::NanPolicy;

/// Options of [`status_dynamics`].
#[derive(Debug, Clone)]
pub struct StatusDynamicsOptions<'a> {
    /// The reference set of every standardisation (MSS: PLR with at least 300 residents).
    pub reference: Reference<'a>,
    /// `true` (default): the inputs are the indicators (shares, changes in percentage points)
    /// and are z-standardised first; `false`: the inputs are z-values already (e.g. the
    /// published MSS z-values).
    pub standardise: bool,
    /// Polarity of the status indicators (default all `+1`).
    pub status_polarity: Option<Vec<f64>>,
    /// Polarity of the dynamics indicators (default all `+1`).
    pub dynamics_polarity: Option<Vec<f64>>,
    /// SD divisor of every standardisation (default `n - 1`).
    pub form: VarianceForm,
    /// Subtract the mean of the sums before dividing by their SD (default `true`; the sum of
    /// z-values has mean 0 over the reference set anyway when the reference sets agree).
    pub centre_index: bool,
    /// Classes of the status index (default [`Scheme::mss_status`]).
    pub status_scheme: Scheme,
    /// Classes of the dynamics index (default [`Scheme::mss_dynamics`]).
    pub dynamics_scheme: Scheme,
    /// Missing values (every step).
    pub nan: NanPolicy,
}

impl Default for StatusDynamicsOptions<'_> {
    fn default() -> Self {
        StatusDynamicsOptions {
            reference: Reference::all(),
            standardise: true,
            status_polarity: None,
            dynamics_polarity: None,
            form: VarianceForm::Sample,
            centre_index: true,
            status_scheme: Scheme::mss_status(),
            dynamics_scheme: Scheme::mss_dynamics(),
            nan: NanPolicy::Raise,
        }
    }
}

/// One index of the pipeline (status or dynamics).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPart {
    /// z-values of the indicators (`None` when the inputs were z-values already).
    pub z: Option<ZScores>,
    /// The plain sum of the z-values per area (Statussumme / Dynamiksumme).
    pub sum: Composite,
    /// The re-standardised sum (Status-Index / Dynamik-Index), one column.
    pub index: ZScores,
    /// The classes of the index.
    pub classes: Classes,
}

/// The result of [`status_dynamics`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusDynamics {
    /// Status index and classes.
    pub status: IndexPart,
    /// Dynamics index and classes.
    pub dynamics: IndexPart,
    /// The cross of the status and dynamics classes (MSS: 12 groups, "Gesamtindex").
    pub groups: Classes,
}

fn part(
    what: &'static str,
    x: ArrayView2<'_, f64>,
    polarity: Option<Vec<f64>>,
    scheme: &Scheme,
    options: &StatusDynamicsOptions<'_>,
) -> Result<IndexPart> {
    let z_options = ZOptions {
        form: options.form,
        polarity,
        winsorize: None,
        centre: true,
        nan: options.nan,
    };
    let z = if options.standardise {
        Some(zscore_named(
            "status_dynamics",
            what,
            x,
            &options.reference,
            &z_options,
        )?)
    } else {
        if z_options.polarity.is_some() {
            return Err(Error::parameter(
                "polarity",
                what,
                "a polarity applies to indicators that are standardised here (standardise = true)",
            ));
        }
        None
    };
    let zx = z.as_ref().map_or(x, |z| z.values.view());
    let sum = weighted_sum_named(what, zx, &Weighting::Sum, Aggregation::Linear, options.nan)?;
    let index_options = ZOptions {
        polarity: None,
        centre: options.centre_index,
        ..z_options
    };
    let index = restandardise(
        ArrayView1::from(&sum.values),
        &options.reference,
        &index_options,
    )?;
    let classes = classify(index.column(0), scheme, options.nan)?;
    Ok(IndexPart {
        z,
        sum,
        index,
        classes,
    })
}

/// The MSS pipeline: z-values of the status and dynamics indicators over the reference set,
/// their plain sums, the sums re-standardised to the Status- and Dynamik-Index, the classes of
/// both, and their cross (12 groups with the MSS schemes).
///
/// ```text
/// z_ij = (x_ij - mean_j) / sd_j  (reference set R);  S_i = sum_j z_ij;
/// index_i = (S_i - mean_R(S)) / sd_R(S);  class_i = scheme(index_i);  group = status x dynamics
/// ```
///
/// # Errors
/// `status` and `dynamics` with different numbers of rows: [`Error::ShapeMismatch`]; a polarity
/// with `standardise = false`: [`Error::InvalidParameter`]; otherwise as for
/// [`zscore`](super::zscore), [`restandardise`] and [`classify`] (messages name the table
/// `status` or `dynamics`).
///
/// # Example
/// ```
/// use bildung_core::index::{status_dynamics, StatusDynamicsOptions};
/// use ndarray::array;
/// // 5 areas, two status and two dynamics indicators
/// let status = array![[1.0, 2.0], [2.0, 2.5], [3.0, 3.0], [4.0, 5.0], [9.0, 8.0]];
/// let dynamics = array![[0.1, 0.0], [-0.2, 0.1], [0.0, 0.0], [0.3, 0.2], [-0.9, -1.0]];
/// let r = status_dynamics(status.view(), dynamics.view(), &StatusDynamicsOptions::default())?;
/// assert_eq!(r.status.classes.label_of(4), Some("sehr niedrig"));
/// assert_eq!(r.dynamics.classes.label_of(4), Some("positiv"));
/// assert_eq!(r.groups.label_of(4), Some("sehr niedrig / positiv"));
/// # Ok::<(), bildung_core::Error>(())
/// ```
pub fn status_dynamics(
    status: ArrayView2<'_, f64>,
    dynamics: ArrayView2<'_, f64>,
    options: &StatusDynamicsOptions<'_>,
) -> Result<StatusDynamics> {
    if dynamics.nrows() != status.nrows() {
        return Err(Error::ShapeMismatch {
            what: "dynamics",
            expected: status.nrows(),
            found: dynamics.nrows(),
        });
    }
    let s = part(
        "status",
        status,
        options.status_polarity.clone(),
        &options.status_scheme,
        options,
    )?;
    let d = part(
        "dynamics",
        dynamics,
        options.dynamics_polarity.clone(),
        &options.dynamics_scheme,
        options,
    )?;
    let groups = cross_classify(&s.classes, &d.classes)?;
    Ok(StatusDynamics {
        status: s,
        dynamics: d,
        groups,
    })
}
