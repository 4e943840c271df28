//! Small-area estimation (Small-Area-Schätzung): empirical Bayes rates and the Fay-Herriot
//! model, for Ortsteile with few pupils (methods.md 3.5, 3.6).
//!
//! | function | what | German term |
//! |---|---|---|
//! | [`marshall_global`] | Marshall's global empirical Bayes rates (`spdep::EBest`) | globale empirische Bayes-Schätzung |
//! | [`marshall_local`] | Marshall's local empirical Bayes rates over neighbours (`spdep::EBlocal`) | lokale empirische Bayes-Schätzung |
//! | [`beta_binomial_eb`] | beta-binomial EB proportions with EB intervals (moments or ML) | Beta-Binomial-Modell |
//! | [`fay_herriot`] | Fay-Herriot EBLUP with REML, ML, FH or Prasad-Rao fitting and MSE | Fay-Herriot-Modell (EBLUP) |
//!
//! Empirical Bayes values are for display and ranking: the raw rate with its confidence
//! interval stays the official figure. Publish both, and the estimated between-area variance
//! (`A`, `rho`, `sigma2_v`) with every EB output: with few areas it is very imprecise.
//!
//! # Conventions
//! * One entry per **input** area with an [`AreaStatus`](crate::AreaStatus): `Ok`, `Missing`
//!   (a NaN count under `Omit` / `Propagate`: NaN outputs), `NoData` (no data of its own:
//!   population 0, or no direct estimate in the Fay-Herriot model; the value is the prior mean
//!   or the synthetic estimate), `Empty` (local EB: no population in the whole neighbourhood).
//! * Counts: `events` and `population` per area; negative counts and events above the
//!   population are [`ErrorKind::InvalidCount`](crate::ErrorKind::InvalidCount) naming the area;
//!   the beta-binomial model also needs integers. Missing counts follow the
//!   [`NanPolicy`](crate::NanPolicy) area by area: `Raise` is an error, `Omit` and `Propagate`
//!   give the area NaN outputs and leave it out of the pooled quantities (`Propagate` sets
//!   [`Flags::MISSING_PROPAGATED`](crate::Flags::MISSING_PROPAGATED)). Infinity is always an
//!   error.
//! * Fewer than two areas with data: [`ErrorKind::Undefined`](crate::ErrorKind::Undefined).
//! * Iterative fits report their iterations; a fit that does not converge is
//!   [`ErrorKind::DidNotConverge`](crate::ErrorKind::DidNotConverge), never a silent value.
//! * A between-area variance estimated as 0 is a legitimate outcome, flagged
//!   [`Flags::NO_BETWEEN_VARIANCE`](crate::Flags::NO_BETWEEN_VARIANCE) (empirical Bayes) or
//!   [`Flags::BOUNDARY_ESTIMATE`](crate::Flags::BOUNDARY_ESTIMATE) (Fay-Herriot).

// Each file is one formula family; its public items are re-exported here.
mod beta_binomial; // beta-binomial EB: moments, ML, posterior intervals
mod counts; // validation of events and populations
mod fay_herriot; // Fay-Herriot EBLUP: REML, ML, FH, Prasad-Rao; MSE
mod linalg; // Cholesky solves for the small GLS systems
mod marshall; // Marshall global and local EB

pub use beta_binomial::*;
pub use fay_herriot::*;
pub use marshall::*;

use crate::error::{Error, Result};

/// Check the options of an iterative fit: `tolerance` positive and finite, `max_iter >= 1`.
fn check_iteration(tolerance: f64, max_iter: usize) -> Result<()> {
    if !(tolerance > 0.0 && tolerance.is_finite()) {
        return Err(Error::parameter(
            "tolerance",
            tolerance,
            "must be a positive finite number",
        ));
    }
    if max_iter == 0 {
        return Err(Error::parameter("max_iter", 0, "must be at least 1"));
    }
    Ok(())
}
