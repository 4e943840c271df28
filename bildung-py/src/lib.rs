//! Python bindings of bildung: the compiled module `bildung._core`.
//!
//! This crate is glue only: it borrows numpy arrays as views (any strides, no copies), calls one
//! `bildung_core` function per Python function with the GIL released, and converts the result or
//! the error. Conversion of lists, integer arrays and pandas objects, result classes and
//! docstrings live in the pure-Python package `bildung` (`python/bildung/`); the type stubs are
//! hand-written in `python/bildung/_core.pyi` and checked with `mypy.stubtest`.

mod disclosure;
mod errors;
mod funnel;
mod genesis;
mod index;
mod indicators;
mod inequality;
mod rates;
mod run;
mod segregation;
mod smallarea;

use pyo3::prelude::*;

/// The compiled core of the `bildung` Python package (private: use `bildung.inequality`).
#[pymodule]
mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::disclosure::{
        PTable, disclosure_audit, disclosure_cell_key, disclosure_cell_keys_by_group,
        disclosure_cell_keys_from_ids, disclosure_dominance_rule, disclosure_flags,
        disclosure_legend, disclosure_min_count_rule, disclosure_min_denominator_rule,
        disclosure_perturb, disclosure_protect, disclosure_record_keys, disclosure_render,
        disclosure_round_table_counts, disclosure_round_to_base, disclosure_statuses,
        disclosure_table, disclosure_to_csv, disclosure_to_json,
    };
    #[pymodule_export]
    use crate::errors::error_classes;
    #[pymodule_export]
    use crate::funnel::{benjamini_hochberg, funnel, funnel_grid, funnel_limits};
    #[pymodule_export]
    use crate::genesis::read_genesis;
    #[pymodule_export]
    use crate::index::{
        index_aggregate_weighted, index_classify, index_classify_equal_width,
        index_classify_quantiles, index_classify_sd, index_cross_classify, index_min_max,
        index_pca_weights, index_percentile_rank, index_restandardise, index_scheme,
        index_status_dynamics, index_weighted_sum, index_zscore,
    };
    #[pymodule_export]
    use crate::indicators::{Catalogue, compute_indicators, mean_cohort, quota_sum};
    #[pymodule_export]
    use crate::inequality::{
        atkinson, coefficient_of_variation, ge_decomposition, generalized_entropy, gini,
        gini_decomposition, hoover, lorenz_curve, lorenz_share_at, mean_log_deviation, palma,
        percentile_ratio, quantile, quantiles, s80_s20, theil, wolfson,
    };
    #[pymodule_export]
    use crate::rates::{
        direct_standardised_rate, indirect_standardised_ratio, poisson_ci, proportion_ci,
        proportion_difference_ci, proportion_difference_versus_rest,
    };
    #[pymodule_export]
    use crate::segregation::{
        atkinson_segregation, bias_corrected_dissimilarity, carrington_troske,
        concentration_profile, correlation_ratio, density_corrected_dissimilarity, dissimilarity,
        divergence, entropy_index, expected_under_random_allocation, exposure, gini_segregation,
        hutchens, isolation, local_entropy, local_mutual_information, local_simpson_concentration,
        local_simpson_interaction, location_quotient, minmax, multi_dissimilarity, multi_gini,
        multi_information_theory, mutual_information, mutual_information_decomposition,
        normalized_exposure, rank_order_information_theory, rank_order_variance_ratio,
        relative_diversity, self_excluded_separation, shannon_diversity, simpson_concentration,
        simpson_interaction, squared_coefficient_of_variation, winship_expected_dissimilarity,
    };
    #[pymodule_export]
    use crate::smallarea::{beta_binomial_eb, fay_herriot, marshall_eb};

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", bildung_core::VERSION)?;
        m.add("__all__", super::EXPORTS.to_vec())
    }
}

/// Public names of `_core` (its `__all__`).
const EXPORTS: [&str; 105] = [
    "atkinson",
    "atkinson_segregation",
    "benjamini_hochberg",
    "beta_binomial_eb",
    "bias_corrected_dissimilarity",
    "carrington_troske",
    "coefficient_of_variation",
    "concentration_profile",
    "correlation_ratio",
    "density_corrected_dissimilarity",
    "direct_standardised_rate",
    "dissimilarity",
    "divergence",
    "entropy_index",
    "error_classes",
    "expected_under_random_allocation",
    "exposure",
    "fay_herriot",
    "funnel",
    "funnel_grid",
    "funnel_limits",
    "ge_decomposition",
    "generalized_entropy",
    "gini",
    "gini_decomposition",
    "gini_segregation",
    "hoover",
    "hutchens",
    "indirect_standardised_ratio",
    "isolation",
    "local_entropy",
    "local_mutual_information",
    "local_simpson_concentration",
    "local_simpson_interaction",
    "location_quotient",
    "lorenz_curve",
    "lorenz_share_at",
    "marshall_eb",
    "mean_log_deviation",
    "minmax",
    "multi_dissimilarity",
    "multi_gini",
    "multi_information_theory",
    "mutual_information",
    "mutual_information_decomposition",
    "normalized_exposure",
    "palma",
    "percentile_ratio",
    "poisson_ci",
    "proportion_ci",
    "proportion_difference_ci",
    "proportion_difference_versus_rest",
    "quantile",
    "quantiles",
    "rank_order_information_theory",
    "rank_order_variance_ratio",
    "relative_diversity",
    "s80_s20",
    "self_excluded_separation",
    "shannon_diversity",
    "simpson_concentration",
    "simpson_interaction",
    "squared_coefficient_of_variation",
    "theil",
    "winship_expected_dissimilarity",
    "wolfson",
    "read_genesis",
    "Catalogue",
    "compute_indicators",
    "mean_cohort",
    "quota_sum",
    "index_aggregate_weighted",
    "index_classify",
    "index_classify_equal_width",
    "index_classify_quantiles",
    "index_classify_sd",
    "index_cross_classify",
    "index_min_max",
    "index_pca_weights",
    "index_percentile_rank",
    "index_restandardise",
    "index_scheme",
    "index_status_dynamics",
    "index_weighted_sum",
    "index_zscore",
    "PTable",
    "disclosure_cell_key",
    "disclosure_cell_keys_by_group",
    "disclosure_cell_keys_from_ids",
    "disclosure_flags",
    "disclosure_legend",
    "disclosure_perturb",
    "disclosure_record_keys",
    "disclosure_render",
    "disclosure_round_table_counts",
    "disclosure_round_to_base",
    "disclosure_statuses",
    "disclosure_to_csv",
    "disclosure_to_json",
    "disclosure_audit",
    "disclosure_dominance_rule",
    "disclosure_min_count_rule",
    "disclosure_min_denominator_rule",
    "disclosure_protect",
    "disclosure_table",
];
