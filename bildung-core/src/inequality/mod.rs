//! Inequality of a distribution across units (areas, schools, Kreise).
//!
//! Values `x_i >= 0` for units `i = 1..n` (an area rate, an average, a number of places) and
//! optional non-negative weights `w_i` (e.g. the area population). `W = sum w_i`,
//! `mu = sum w_i x_i / W`. Weights are frequency weights: every weighted measure equals the
//! unweighted measure of the data with each value repeated `w_i` times (for integer weights).
//!
//! When `x_i` are area means or rates and `w_i` the area populations, every measure here captures
//! inequality *between* areas only (each person is assigned the mean of their area): a lower bound
//! of person-level inequality.
//!
//! | function | measure | German term |
//! |---|---|---|
//! | [`gini`] | Gini coefficient | Gini-Koeffizient |
//! | [`lorenz_curve`] | Lorenz curve points | Lorenzkurve |
//! | [`hoover`] | Hoover (Robin Hood, Pietra) index | Hoover-Index |
//! | [`generalized_entropy`], [`theil`], [`mean_log_deviation`] | GE(alpha), Theil T, MLD | Theil-Index |
//! | [`atkinson`] | Atkinson index | Atkinson-Maß |
//! | [`coefficient_of_variation`] | coefficient of variation | Variationskoeffizient |
//! | [`palma`], [`s80_s20`] | Palma ratio, quintile share ratio | Palma-Verhältnis, S80/S20 |
//! | [`quantile`], [`quantiles`], [`percentile_ratio`] | quantiles, P90/P10 | Quantile, Perzentilverhältnis |
//! | [`wolfson`] | Wolfson polarisation | Wolfson-Polarisierungsindex |
//! | [`ge_decomposition`] | GE(alpha) = within + between groups | Zerlegung nach Gruppen |
//! | [`gini_decomposition`] | Gini = within + between + overlap | Gini-Zerlegung |
//!
//! Conventions (methods.md sections 0 and 1): missing values follow the [`NanPolicy`]; negative
//! values, negative weights and infinity are errors; a unit of weight 0 is removed; a zero mean
//! (all values 0) makes every ratio-scale measure [`ErrorKind::Undefined`].
//!
//! [`NanPolicy`]: crate::NanPolicy
//! [`ErrorKind::Undefined`]: crate::ErrorKind::Undefined

mod atkinson;
mod decomposition;
mod dispersion;
mod entropy;
mod gini;
mod lorenz;
mod quantile;
mod sorted;
mod wolfson;

pub use atkinson::atkinson;
pub use decomposition::{
    GeDecomposition, GiniDecomposition, GroupTerm, ge_decomposition, gini_decomposition,
};
pub use dispersion::{VarianceForm, coefficient_of_variation};
pub use entropy::{generalized_entropy, mean_log_deviation, theil};
pub use gini::{GiniCorrection, gini};
pub use lorenz::{LorenzCurve, hoover, lorenz_curve, palma, s80_s20};
pub(crate) use quantile::quantiles_of_sorted_values;
pub use quantile::{QuantileRule, Quantiles, percentile_ratio, quantile, quantiles};
pub use wolfson::wolfson;
