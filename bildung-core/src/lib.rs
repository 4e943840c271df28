//! # bildung-core
//!
//! The arithmetic of **bildung**: indicators of municipal education monitoring (kommunales
//! Bildungsmonitoring) and the small-area inequality, segregation and small-area-estimation
//! measures that go with them. Pure Rust, `f64` only, no unsafe code. The Python package
//! `bildung` and the C library `bildung-ffi` are thin layers over this crate.
//!
//! ## Conventions
//!
//! * Inputs are [`ndarray::ArrayView1`] of `f64` (any strides; call `.view()`), weights are
//!   optional frequency weights, group codes are `i64` (negative = missing).
//! * Missing values follow a [`NanPolicy`] (`Raise` by default, `Omit`, `Propagate`); infinity is
//!   always an error; NaN never becomes 0.
//! * Every fallible function returns [`Result`]; an [`Error`] has a stable [`ErrorKind`] code that
//!   the C layer returns as its status and the Python layer maps to an exception class.
//! * A valid input for which a scalar measure does not exist (all values 0, a zero median) is
//!   [`ErrorKind::Undefined`] with the reason.
//! * Long sums are compensated ([`sum::NeumaierSum`]).
//!
//! ## Measures
//!
//! | module | what | status |
//! |---|---|---|
//! | [`inequality`] | Gini, Lorenz, Hoover, GE(alpha)/Theil/MLD, Atkinson, CV, Palma, S80/S20, P90/P10, Wolfson, group decompositions | complete |
//! | [`segregation`] | two-group and multigroup segregation indices, local indices, decomposition by districts, small-unit bias | in progress |
//! | [`funnel`] | funnel plots: exact/normal/arcsine control limits, overdispersion (phi, tau²), per-area classification with p-values and Benjamini-Hochberg | complete |
//! | [`rates`] | intervals for proportions (Wilson, Clopper-Pearson, Agresti-Coull, Jeffreys) and Poisson rates (exact, Byar), Newcombe differences, direct and indirect standardisation, per area | complete |
//! | [`smallarea`] | Marshall global/local and beta-binomial empirical Bayes rates, Fay-Herriot EBLUP with MSE | complete |
//! | [`genesis`] | reader for official GENESIS CSV exports (Regionaldatenbank): header block, key and value columns, table symbols as statuses (never zeros), long form | complete |
//! | [`disclosure`] | statistical disclosure control (Geheimhaltung): cell statuses and official table symbols, primary and secondary cell suppression, LP audit, rounding, cell-key method | complete |
//! | [`publish`] | publishable output: German/English number format, tables with statuses and hierarchy, CSV (symbols in place), JSON, self-contained HTML report with SVG charts (Lorenz, funnel, ranking) | complete (issue 6) |
//! | [`index`] | composite social indices (MSS style): z-scores / min-max / percentile ranks against a reference set, weighted sums, re-standardisation, PCA weights, population-weighted aggregation, classification (thresholds, quantiles, equal-width stages with top-p override, SD classes), status x dynamics | complete (rank uncertainty: issue 7) |
//!
//! ## Example
//! ```
//! use bildung_core::{NanPolicy, inequality};
//! use ndarray::array;
//! let share = array![5.1, 7.3, 6.0, 9.8];        // e.g. % leavers without qualification per Kreis
//! let leavers = array![1200., 800., 1500., 600.]; // weights: leavers per Kreis
//! let g = inequality::gini(share.view(), Some(leavers.view()),
//!                          inequality::GiniCorrection::None, NanPolicy::Raise)?;
//! assert!(g.value > 0.0 && g.value < 1.0);
//! # Ok::<(), bildung_core::Error>(())
//! ```
#![forbid(unsafe_code)]

pub(crate) mod counts;
pub mod csv;
pub mod disclosure;
pub(crate) mod dist;
pub mod error;
pub mod funnel;
pub mod genesis;
pub mod index;
pub mod indicators;
pub mod inequality;
pub mod input;
pub mod publish;
pub mod rates;
pub mod segregation;
pub mod smallarea;
pub mod sum;

pub use error::{Error, ErrorKind, Result};
pub use input::{AreaStatus, Estimate, Flags, NanPolicy};

/// The library version (from Cargo).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust example of the README, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
