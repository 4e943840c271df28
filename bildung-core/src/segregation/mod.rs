//! Segregation of groups across areas (Segregation, Segregationsindizes): how unevenly pupils of
//! different backgrounds, school types or Bildungsempfehlungen are spread over Ortsteile or schools.
//!
//! Inputs (methods.md 2.1):
//! * two-group functions take the focal-group counts `x_i` and the area totals `t_i` (as PySAL
//!   does); `y_i = t_i - x_i`, `X = sum x_i`, `T = sum t_i`, `P = X / T`, `p_i = x_i / t_i`;
//! * multigroup functions take a count table `n_ij`, areas (rows) x groups (columns);
//!   `t_i = sum_j n_ij`, `N_j = sum_i n_ij`, `P_j = N_j / T`, `p_ij = n_ij / t_i`,
//!   `I = sum_j P_j (1 - P_j)` (Simpson interaction), `E = -sum_j P_j ln P_j` (entropy).
//!
//! Conventions: counts are non-negative (non-integral counts are accepted for point estimates);
//! an area with a missing count follows the [`NanPolicy`](crate::NanPolicy); areas with no
//! population are dropped and counted in `n_empty`; a two-group index with an empty group, or a
//! multigroup index with fewer than two non-empty groups, is
//! [`ErrorKind::Undefined`](crate::ErrorKind::Undefined); groups with total 0 are left out of
//! multigroup indices ([`Flags::EMPTY_GROUPS`](crate::Flags::EMPTY_GROUPS)). With one area every
//! evenness index is 0 ([`Flags::SINGLE_AREA`](crate::Flags::SINGLE_AREA)).

mod input;

pub use input::AreaStatus;

// Each file is one formula family; its public items are re-exported here.
mod bias; // small-unit bias: exact null expectations, Carrington-Troske, Winship, bootstrap, Fossett
mod decomposition; // M and H into between- and within-district parts
mod diversity; // Shannon and Simpson diversity of the whole population
mod local; // per-area indices: location quotient, local entropy, local Simpson, local M
mod multigroup; // multigroup D, Gini, M, H, NE, RD, C, divergence
mod profile; // concentration profile, density-corrected D
mod rank_order; // rank-order segregation for ordered groups
mod two_group; // two-group indices

pub use bias::*;
pub use decomposition::*;
pub use diversity::*;
pub use local::*;
pub use multigroup::*;
pub use profile::*;
pub use rank_order::*;
pub use two_group::*;
