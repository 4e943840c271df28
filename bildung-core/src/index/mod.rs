//! Composite social indices (Sozialindex, Berlin MSS style): normalisation against a reference
//! set, weighting and aggregation, PCA weights, classification and cross-classification
//! (methods.md 5.1-5.3; indicators.md 3.2-3.4 and 8.1).
//!
//! | item | what | German term | file |
//! |---|---|---|---|
//! | [`Reference`] | the areas that define means, SDs, ranges and quantiles (mask, minimum population, population weights) | Referenzmenge | `reference.rs` |
//! | [`zscore`], [`min_max`], [`percentile_rank`] | z-standardisation, min-max scaling, average-rank percentiles, per indicator with a polarity | z-Standardisierung | `normalise.rs` |
//! | [`weighted_sum`], [`restandardise`], [`aggregate_weighted`] | linear or geometric aggregation with equal, user or plain-sum weights; re-standardisation of the sum; population-weighted means of sub-areas | Statussumme, Status-Index | `aggregate.rs` |
//! | [`pca_weights`] | weights from the first principal component of the correlation matrix | Hauptkomponentengewichte | `pca.rs` (solver `eigen.rs`) |
//! | [`classify`], [`classify_quantiles`], [`classify_equal_width`], [`classify_sd`], [`cross_classify`] | fixed thresholds, quantile classes, equal-width stages with a top-p override, SD classes, status x dynamics | Klassen, Stufen, Gesamtindex | `classify.rs` |
//! | [`status_dynamics`] | the whole MSS pipeline: z-values, sums, indices, classes, 12 groups | Monitoring Soziale Stadtentwicklung | `pipeline.rs` |
//!
//! # Conventions
//! * Indicator tables are areas (rows) x indicators (columns), [`ndarray::ArrayView2`]; per-area
//!   results keep the input's rows and carry an [`AreaStatus`](crate::AreaStatus).
//! * **Reference set.** Means, SDs, ranges, ranks and quantiles are computed over the areas of
//!   the [`Reference`] only (e.g. Berlin MSS: Planungsräume with at least 300 residents). Areas
//!   outside it are still scored with the reference parameters. Every result echoes the
//!   parameters it used (mean, SD, number of reference areas, weighting, SD divisor).
//! * **Missing values** follow the [`NanPolicy`](crate::NanPolicy): `Raise` is an error naming the
//!   cell (`x[k]`, `k` = row-major position `row * columns + column`); `Omit` leaves the missing
//!   cell out of its indicator's reference parameters and gives the area status `Missing`
//!   (its other values are still computed); `Propagate` does the same and sets
//!   [`Flags::MISSING_PROPAGATED`](crate::Flags::MISSING_PROPAGATED). An aggregate of an area with
//!   a missing indicator is NaN with status `Missing`. Infinity is always an error.
//! * An indicator that is constant over the reference set has no z-value (SD 0) and no min-max
//!   value: [`Error::UndefinedColumn`](crate::Error::UndefinedColumn) naming the column.
//! * Class codes are `0..m-1` from the lowest values up, `-1` for an area without a class.
//! * Rank uncertainty by parametric bootstrap (methods.md 5.4) needs the seeded random engine of
//!   issue 7 and is not here yet.
//!
//! # Example: the worked example of methods.md 5.5
//! ```
//! use bildung_core::index::{self, Reference, Scheme, Weighting, ZOptions};
//! use ndarray::{Array2, array};
//! let pop = array![1200., 800., 2500., 400., 1500., 3000., 900., 650.];
//! let children = array![200., 150., 420., 60., 260., 520., 140., 90.];
//! let unemployed = array![60., 70., 100., 40., 45., 300., 30., 65.];
//! let transfers = array![110., 130., 210., 75., 80., 520., 60., 115.];
//! let poor = array![40., 55., 80., 25., 30., 210., 15., 38.];
//! let mut x = Array2::zeros((8, 3));
//! for i in 0..8 {
//!     x[[i, 0]] = unemployed[i] / pop[i];
//!     x[[i, 1]] = transfers[i] / pop[i];
//!     x[[i, 2]] = poor[i] / children[i];
//! }
//! let all = Reference::all();
//! let z = index::zscore(x.view(), &all, &ZOptions::default())?;
//! assert!((z.values[[3, 1]] - 1.1324).abs() < 5e-5);
//! let sum = index::weighted_sum(z.values.view(), &Weighting::Sum, index::Aggregation::Linear,
//!                               bildung_core::NanPolicy::Raise)?;
//! let idx = index::restandardise(ndarray::ArrayView1::from(&sum.values), &all,
//!                                &ZOptions::default())?;
//! assert!((idx.sd[0] - 2.993972).abs() < 5e-7);
//! let classes = index::classify(idx.column(0).view(), &Scheme::mss_status(),
//!                               bildung_core::NanPolicy::Raise)?;
//! assert_eq!(classes.label_of(3), Some("niedrig"));
//! assert_eq!(classes.label_of(4), Some("hoch"));
//! # Ok::<(), bildung_core::Error>(())
//! ```

mod aggregate; // weighted sum (linear, geometric), re-standardisation, sub-area aggregation
mod classify; // thresholds, quantile classes, equal-width stages, SD classes, cross-classification
mod eigen; // cyclic Jacobi eigen solver for small symmetric matrices
mod input; // validation of indicator tables and per-area vectors
mod normalise; // z-scores, min-max, percentile ranks
mod pca; // PCA weights
mod pipeline; // the MSS status x dynamics pipeline
mod reference; // the reference set

pub use aggregate::{
    Aggregated, Aggregation, Composite, Weighting, aggregate_weighted, restandardise, weighted_sum,
};
pub use classify::{
    Classes, Scheme, Side, Threshold, classify, classify_equal_width, classify_quantiles,
    classify_sd, cross_classify, cross_codes,
};
pub use normalise::{
    MinMax, PercentileRanks, ZOptions, ZScores, min_max, percentile_rank, variance_form, zscore,
};
pub use pca::{PcaOptions, PcaWeights, pca_weights};
pub use pipeline::{IndexPart, StatusDynamics, StatusDynamicsOptions, status_dynamics};
pub use reference::Reference;
