# Hand-written stub of the compiled module bildung._core (bildung-py/src/*.rs), checked against the
# built module by `python -m mypy.stubtest bildung._core`. Private API: use bildung.inequality,
# bildung.segregation, bildung.rates, bildung.funnel and bildung.smallarea.
from typing import TypedDict
from typing import ClassVar, Sequence, final

from .exceptions import BildungError

import numpy as np
import numpy.typing as npt

__version__: str
__all__ = [
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
]

_F64 = npt.NDArray[np.float64]
_I64 = npt.NDArray[np.int64]
# (value, n_used, n_dropped, flag names)
_Scalar = tuple[float, int, int, list[str]]

class _GroupColumns(TypedDict):
    group: _I64
    n: _I64
    population_share: _F64
    value_share: _F64
    mean: _F64
    inequality: _F64
    contribution: _F64

class _GeDecomposition(TypedDict):
    alpha: float
    total: float
    within: float
    between: float
    n_used: int
    n_dropped: int
    flags: list[str]
    groups: _GroupColumns

class _GiniDecomposition(TypedDict):
    total: float
    within: float
    between: float
    overlap: float
    n_used: int
    n_dropped: int
    flags: list[str]
    groups: _GroupColumns

def gini(
    x: _F64, weights: _F64 | None = None, *, correction: str = "none", nan_policy: str = "raise"
) -> _Scalar: ...
def lorenz_curve(
    x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise"
) -> tuple[_F64, _F64, int, int, list[str]]: ...
def lorenz_share_at(population_share: _F64, value_share: _F64, p: _F64) -> _F64: ...
def hoover(x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise") -> _Scalar: ...
def theil(x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise") -> _Scalar: ...
def mean_log_deviation(
    x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise"
) -> _Scalar: ...
def palma(x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise") -> _Scalar: ...
def s80_s20(x: _F64, weights: _F64 | None = None, *, nan_policy: str = "raise") -> _Scalar: ...
def generalized_entropy(
    x: _F64, weights: _F64 | None = None, *, alpha: float = 0.5, nan_policy: str = "raise"
) -> _Scalar: ...
def atkinson(
    x: _F64, weights: _F64 | None = None, *, epsilon: float = 0.5, nan_policy: str = "raise"
) -> _Scalar: ...
def coefficient_of_variation(
    x: _F64, weights: _F64 | None = None, *, form: str = "population", nan_policy: str = "raise"
) -> _Scalar: ...
def quantile(
    x: _F64,
    p: float,
    weights: _F64 | None = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> _Scalar: ...
def quantiles(
    x: _F64,
    p: _F64,
    weights: _F64 | None = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> tuple[_F64, int, int, list[str]]: ...
def percentile_ratio(
    x: _F64,
    weights: _F64 | None = None,
    *,
    upper: float = 0.9,
    lower: float = 0.1,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> _Scalar: ...
def wolfson(
    x: _F64, weights: _F64 | None = None, *, rule: str = "linear", nan_policy: str = "raise"
) -> _Scalar: ...
def ge_decomposition(
    x: _F64,
    groups: _I64,
    weights: _F64 | None = None,
    *,
    alpha: float = 1.0,
    nan_policy: str = "raise",
) -> _GeDecomposition: ...
def gini_decomposition(
    x: _F64, groups: _I64, weights: _F64 | None = None, *, nan_policy: str = "raise"
) -> _GiniDecomposition: ...
def error_classes() -> list[tuple[str, int, type[BildungError]]]: ...

# --- segregation (bildung-py/src/segregation.rs) -------------------------------------------

_F64_2D = npt.NDArray[np.float64]

class _ConcentrationProfile(TypedDict):
    value: float
    thresholds: _F64
    shares: _F64
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _RandomAllocationExpectation(TypedDict):
    dissimilarity: float
    entropy_index: float
    correlation_ratio: float
    isolation: float
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _WinshipExpectation(TypedDict):
    exact: float
    normal_approximation: float
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _BiasCorrectedDissimilarity(TypedDict):
    value: float
    observed: float
    expected_bootstrap: float
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _RankOrder(TypedDict):
    value: float
    thresholds: _F64
    profile: _F64
    degree: int
    coefficients: _F64
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _Local(TypedDict):
    values: _F64
    status: list[str]
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _DistrictColumns(TypedDict):
    district: _I64
    n_areas: _I64
    population_share: _F64
    entropy: _F64
    m: _F64
    h: _F64
    m_contribution: _F64
    h_contribution: _F64

class _MutualInformationDecomposition(TypedDict):
    m_total: float
    m_between: float
    m_within: float
    h_total: float
    h_between: float
    h_within: float
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]
    districts: _DistrictColumns

def dissimilarity(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def gini_segregation(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def entropy_index(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def isolation(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def exposure(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def correlation_ratio(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def hutchens(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def minmax(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def density_corrected_dissimilarity(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def self_excluded_separation(x: _F64, t: _F64, *, nan_policy: str = "raise") -> _Scalar: ...
def atkinson_segregation(
    x: _F64, t: _F64, *, b: float = 0.5, nan_policy: str = "raise"
) -> _Scalar: ...
def carrington_troske(
    x: _F64, t: _F64, *, index: str = "dissimilarity", nan_policy: str = "raise"
) -> _Scalar: ...
def concentration_profile(
    x: _F64, t: _F64, *, points: int = 1000, nan_policy: str = "raise"
) -> _ConcentrationProfile: ...
def expected_under_random_allocation(
    x: _F64, t: _F64, *, nan_policy: str = "raise"
) -> _RandomAllocationExpectation: ...
def winship_expected_dissimilarity(
    x: _F64, t: _F64, *, nan_policy: str = "raise"
) -> _WinshipExpectation: ...
def bias_corrected_dissimilarity(
    x: _F64, t: _F64, *, nan_policy: str = "raise"
) -> _BiasCorrectedDissimilarity: ...
def multi_dissimilarity(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def multi_gini(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def mutual_information(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def multi_information_theory(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def normalized_exposure(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def relative_diversity(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def squared_coefficient_of_variation(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def divergence(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def simpson_concentration(counts: _F64_2D, *, nan_policy: str = "raise") -> _Scalar: ...
def shannon_diversity(
    counts: _F64_2D, *, normalized: bool = False, nan_policy: str = "raise"
) -> _Scalar: ...
def simpson_interaction(
    counts: _F64_2D, *, normalized: bool = False, nan_policy: str = "raise"
) -> _Scalar: ...
def rank_order_information_theory(counts: _F64_2D, *, nan_policy: str = "raise") -> _RankOrder: ...
def rank_order_variance_ratio(counts: _F64_2D, *, nan_policy: str = "raise") -> _RankOrder: ...
def location_quotient(counts: _F64_2D, *, nan_policy: str = "raise") -> _Local: ...
def local_simpson_interaction(counts: _F64_2D, *, nan_policy: str = "raise") -> _Local: ...
def local_simpson_concentration(counts: _F64_2D, *, nan_policy: str = "raise") -> _Local: ...
def local_mutual_information(counts: _F64_2D, *, nan_policy: str = "raise") -> _Local: ...
def local_entropy(
    counts: _F64_2D, *, normalized: bool = False, nan_policy: str = "raise"
) -> _Local: ...
def mutual_information_decomposition(
    counts: _F64_2D, districts: _I64, *, nan_policy: str = "raise"
) -> _MutualInformationDecomposition: ...

# ---- funnel (bildung-py/src/funnel.rs)

_Bool = npt.NDArray[np.bool_]
_I8 = npt.NDArray[np.int8]

class _Dispersion(TypedDict):
    n_areas: int
    winsorize: float
    winsor_lower: float
    winsor_upper: float
    phi: float
    chi2: float
    df: int
    p_value: float
    tau2: float
    few_areas: bool

class _FunnelLimits(TypedDict):
    theta0: float
    method: str
    overdispersion: str
    adjustment_value: float
    levels: list[float]
    level_labels: list[str]
    n: _F64
    lower: _F64_2D
    upper: _F64_2D
    lower_unclamped: _F64_2D
    upper_unclamped: _F64_2D

class _Funnel(TypedDict):
    theta0: float
    pooled: bool
    method: str
    overdispersion: str
    adjustment_value: float
    levels: list[float]
    level_labels: list[str]
    categories: list[tuple[int, str]]
    class_label: list[str]
    class_code: _I8
    dispersion: _Dispersion | None
    proportion: _F64
    z: _F64
    z_adjusted: _F64
    p_value: _F64
    lower: _F64_2D
    upper: _F64_2D
    lower_unclamped: _F64_2D
    upper_unclamped: _F64_2D
    fdr: float | None
    bh: _Bool | None

# --- rates (bildung-py/src/rates.rs) -----------------------------------------------------

class _Intervals(TypedDict):
    method: str
    level: float
    estimate: _F64
    lower: _F64
    upper: _F64
    clamped: _Bool

# --- smallarea (bildung-py/src/smallarea.rs)

class _MarshallEb(TypedDict):
    estimate: _F64
    rate: _F64
    shrinkage: _F64
    prior_mean: _F64
    prior_variance: _F64
    pooled_rate: float
    between_variance: float
    local: bool
    status: list[str]
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _BetaBinomialEb(TypedDict):
    estimate: _F64
    lower: _F64
    upper: _F64
    rate: _F64
    shrinkage: _F64
    alpha: float
    beta: float
    rho: float
    prior_mean: float
    log_likelihood: float
    method: str
    level: float
    iterations: int
    status: list[str]
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

def funnel(
    events: _F64,
    population: _F64,
    *,
    target: float | None = None,
    levels: list[float] = ...,
    method: str = "exact",
    overdispersion: str = "none",
    winsorize: float = 0.1,
    fdr: float | None = None,
    nan_policy: str = "raise",
) -> _Funnel: ...
def funnel_limits(
    theta0: float,
    n: _F64,
    *,
    levels: list[float] = ...,
    method: str = "exact",
    overdispersion: str = "none",
    value: float | None = None,
) -> _FunnelLimits: ...
def funnel_grid(n_min: float, n_max: float, points: int = 200) -> _F64: ...
def benjamini_hochberg(p: _F64, *, fdr: float) -> _Bool: ...

class _DirectStandardised(TypedDict):
    method: str
    level: float
    estimate: _F64
    lower: _F64
    upper: _F64
    standard_error: _F64
    crude_rate: _F64
    observed: _F64
    few_events: _Bool
    status: list[str]
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

class _IndirectStandardised(TypedDict, total=False):
    method: str
    level: float
    smr: _F64
    lower: _F64
    upper: _F64
    observed: _F64
    expected: _F64
    clamped: _Bool
    isr: _F64
    isr_lower: _F64
    isr_upper: _F64
    reference_crude_rate: float | None
    status: list[str]
    n_used: int
    n_dropped: int
    n_empty: int
    flags: list[str]

def proportion_ci(
    events: _F64,
    population: _F64,
    *,
    method: str = "wilson",
    level: float = 0.95,
    nan_policy: str = "raise",
) -> _Intervals: ...
def poisson_ci(
    events: _F64,
    exposure: _F64 | None = None,
    *,
    method: str = "exact",
    level: float = 0.95,
    multiplier: float = 1.0,
    nan_policy: str = "raise",
) -> _Intervals: ...
def proportion_difference_ci(
    events1: _F64,
    population1: _F64,
    events2: _F64,
    population2: _F64,
    *,
    level: float = 0.95,
    nan_policy: str = "raise",
) -> _Intervals: ...
def proportion_difference_versus_rest(
    events: _F64, population: _F64, *, level: float = 0.95, nan_policy: str = "raise"
) -> _Intervals: ...
def direct_standardised_rate(
    events: _F64_2D,
    population: _F64_2D,
    standard_population: _F64,
    *,
    method: str = "dobson",
    level: float = 0.95,
    multiplier: float = 1.0,
    min_events: float = 10.0,
    nan_policy: str = "raise",
) -> _DirectStandardised: ...
def indirect_standardised_ratio(
    events: _F64_2D,
    population: _F64_2D,
    reference_rates: _F64,
    reference_population: _F64 | None = None,
    *,
    method: str = "exact",
    level: float = 0.95,
    multiplier: float = 1.0,
    nan_policy: str = "raise",
) -> _IndirectStandardised: ...

class _FayHerriot(TypedDict):
    estimate: _F64
    mse: _F64
    gamma: _F64
    synthetic: _F64
    g1: _F64
    g2: _F64
    g3: _F64
    beta: _F64
    beta_se: _F64
    variance_component: float
    variance_component_se: float
    log_likelihood: float
    restricted_log_likelihood: float
    method: str
    intercept: bool
    iterations: int
    status: list[str]
    n_used: int
    n_empty: int
    flags: list[str]

def marshall_eb(
    events: _F64,
    population: _F64,
    *,
    neighbours: list[list[int]] | None = None,
    nan_policy: str = "raise",
) -> _MarshallEb: ...
def beta_binomial_eb(
    events: _F64,
    population: _F64,
    *,
    method: str = "ml",
    level: float = 0.95,
    tolerance: float = 1e-10,
    max_iter: int = 100,
    nan_policy: str = "raise",
) -> _BetaBinomialEb: ...
def fay_herriot(
    direct: _F64,
    variance: _F64,
    covariates: _F64_2D | None = None,
    *,
    method: str = "reml",
    intercept: bool = True,
    tolerance: float = 1e-10,
    max_iter: int = 100,
) -> _FayHerriot: ...

# --- genesis (bildung-py/src/genesis.rs) ---------------------------------------------------

class _Genesis(TypedDict):
    code: str
    title: str
    title_lines: list[str]
    header_lines: list[int]
    key_columns: int
    key_names: list[str]
    stand: str | None
    footer: list[str]
    encoding: str
    source: str
    lines: _I64
    keys: list[list[str]]
    column_fields: _I64
    column_labels: list[list[str]]
    column_label: list[str]
    values: _F64
    symbols: npt.NDArray[np.uint8]
    qualifiers: npt.NDArray[np.uint8]
    symbol_texts: list[str | None]
    qualifier_names: list[tuple[int, str]]

def read_genesis(data: bytes, source: str) -> _Genesis: ...
# --- indicators (bildung-py/src/indicators.rs)

_U8 = npt.NDArray[np.uint8]
_U32 = npt.NDArray[np.uint32]

@final
class Catalogue:
    def __init__(self) -> None: ...
    @staticmethod
    def builtin() -> Catalogue: ...
    def add_toml(self, text: str) -> None: ...
    def add_json(self, text: str) -> None: ...
    def ids(self) -> list[str]: ...
    def definition_json(self, id: str) -> str: ...
    def to_json(self) -> str: ...
    def rows(
        self,
    ) -> list[
        tuple[
            str, int, str, str, str, str, str, str, int | None, int | None, str | None
        ]
    ]: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: str, /) -> bool: ...
    def __copy__(self) -> Catalogue: ...

class _IndicatorResults(TypedDict):
    ids: list[str]
    versions: list[int]
    units_of_value: list[str]
    by: list[str]
    strings: list[str]
    indicator: _U32
    unit: _U32
    period: _I64
    by_codes: list[_U32]
    category: _U32
    value: _F64
    numerator: _F64
    denominator: _F64
    se: _F64
    status: _U8
    status_names: list[str]
    symbol: _U8
    symbol_names: list[str]
    flags: _U32
    flag_sets: list[list[str]]
    numerator_ref: _U32
    denominator_ref: _U32
    refs: list[str]
    population_source: _U32
    census_basis: _U32
    na_code: int
    mixed_code: int
    skipped: list[tuple[str, str]]
    warnings: list[tuple[str, str]]

_ColumnArg = tuple[str, _I64, list[str] | None]
_TableArg = tuple[str, Sequence[_ColumnArg], _F64, tuple[_I64, list[str]] | None]

def compute_indicators(
    catalogue: Catalogue,
    tables: Sequence[_TableArg],
    *,
    indicators: list[str] = [],
    by: list[str] = [],
    periods: list[int] | None = None,
    units: list[str] | None = None,
) -> _IndicatorResults: ...
def quota_sum(
    events: _F64, population: _F64
) -> tuple[float, float, float, float, str, list[str]]: ...
def mean_cohort(
    events: float, band_population: _F64
) -> tuple[float, float, float, float, str, list[str]]: ...
# --- index (bildung-py/src/index.rs) ------------------------------------------------------

_I32 = npt.NDArray[np.int32]

class _ZScores(TypedDict):
    values: _F64_2D
    mean: list[float]
    sd: list[float]
    n_reference: list[int]
    n_winsorised: list[int]
    polarity: list[float]
    ddof: int
    weighted: bool
    centred: bool
    winsorize: float | None
    in_reference: _Bool
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _MinMax(TypedDict):
    values: _F64_2D
    min: list[float]
    max: list[float]
    n_reference: list[int]
    polarity: list[float]
    in_reference: _Bool
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _PercentileRank(TypedDict):
    values: _F64_2D
    rank: _F64_2D
    n_reference: list[int]
    polarity: list[float]
    in_reference: _Bool
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _Composite(TypedDict):
    values: _F64
    weights: list[float]
    weighting: str
    method: str
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _Pca(TypedDict):
    eigenvalues: list[float]
    explained: list[float]
    components: _F64_2D
    loadings: list[float]
    weights: list[float]
    correlation: _F64_2D
    low_share: bool
    close_eigenvalues: bool
    unstable: bool
    weighted: bool
    n_used: int
    n_dropped: int
    flags: list[str]

class _Aggregated(TypedDict):
    values: _F64_2D
    total_weight: list[float]
    n_areas: list[int]
    n_empty: int
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _Classes(TypedDict):
    code: _I32
    labels: list[str]
    thresholds: list[float]
    boundary: list[str]
    counts: list[int]
    status: list[str]
    n_used: int
    n_dropped: int
    flags: list[str]

class _IndexPart(TypedDict):
    z: _ZScores | None
    sum: _Composite
    index: _ZScores
    classes: _Classes

class _StatusDynamics(TypedDict):
    status: _IndexPart
    dynamics: _IndexPart
    groups: _Classes

def index_zscore(
    x: _F64_2D,
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    weighted: bool = False,
    ddof: int = 1,
    polarity: list[float] | None = None,
    winsorize: float | None = None,
    centre: bool = True,
    nan_policy: str = "raise",
) -> _ZScores: ...
def index_restandardise(
    values: _F64,
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    weighted: bool = False,
    ddof: int = 1,
    centre: bool = True,
    nan_policy: str = "raise",
) -> _ZScores: ...
def index_min_max(
    x: _F64_2D,
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    polarity: list[float] | None = None,
    nan_policy: str = "raise",
) -> _MinMax: ...
def index_percentile_rank(
    x: _F64_2D,
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    polarity: list[float] | None = None,
    nan_policy: str = "raise",
) -> _PercentileRank: ...
def index_weighted_sum(
    x: _F64_2D,
    *,
    weights: str = "equal",
    user_weights: list[float] | None = None,
    method: str = "linear",
    nan_policy: str = "raise",
) -> _Composite: ...
def index_pca_weights(
    x: _F64_2D,
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    weighted: bool = False,
    min_share: float = 0.5,
    min_gap: float = 0.1,
    nan_policy: str = "raise",
) -> _Pca: ...
def index_aggregate_weighted(
    x: _F64_2D, parent: _I64, weights: _F64, n_parents: int, *, nan_policy: str = "raise"
) -> _Aggregated: ...
def index_scheme(name: str) -> tuple[list[float], list[str], list[str]]: ...
def index_classify(
    values: _F64,
    thresholds: list[float],
    *,
    boundary: list[str],
    labels: list[str] | None = None,
    nan_policy: str = "raise",
) -> _Classes: ...
def index_classify_quantiles(
    values: _F64,
    probabilities: list[float],
    *,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    labels: list[str] | None = None,
    nan_policy: str = "raise",
) -> _Classes: ...
def index_classify_equal_width(
    values: _F64,
    stages: int,
    *,
    top_share: float | None = None,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    labels: list[str] | None = None,
    nan_policy: str = "raise",
) -> _Classes: ...
def index_classify_sd(
    values: _F64,
    multiples: list[float],
    *,
    boundary: list[str],
    labels: list[str] | None = None,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    weighted: bool = False,
    ddof: int = 1,
    nan_policy: str = "raise",
) -> _Classes: ...
def index_cross_classify(
    code_a: _I32, labels_a: list[str], code_b: _I32, labels_b: list[str]
) -> _Classes: ...
def index_status_dynamics(
    status: _F64_2D,
    dynamics: _F64_2D,
    *,
    standardise: bool = True,
    reference: _Bool | None = None,
    population: _F64 | None = None,
    min_population: float | None = None,
    weighted: bool = False,
    ddof: int = 1,
    centre_index: bool = True,
    status_polarity: list[float] | None = None,
    dynamics_polarity: list[float] | None = None,
    status_thresholds: list[float] = ...,
    status_boundary: list[str] = ...,
    status_labels: list[str] | None = None,
    dynamics_thresholds: list[float] = ...,
    dynamics_boundary: list[str] = ...,
    dynamics_labels: list[str] | None = None,
    status_scheme: str | None = None,
    dynamics_scheme: str | None = None,
    nan_policy: str = "raise",
) -> _StatusDynamics: ...

# --------------------------------------------------------------------------- disclosure

_U8_2D = npt.NDArray[np.uint8]
_U16_2D = npt.NDArray[np.uint16]

class _RoundedTable(TypedDict):
    values: _F64
    max_abs_deviation: float
    n_changed: int
    totals_differ: int
    max_total_discrepancy: float

class _PTableColumns(TypedDict):
    i: _I64
    j: _I64
    p: _F64
    v: _I64
    p_int_lb: _F64
    p_int_ub: _F64

class _TableSpec(TypedDict):
    title: str
    row_header: str
    row_labels: list[str]
    row_level: list[int]
    column_labels: list[str]
    decimals: list[int]
    units: list[str | None]
    notes: list[str]
    source: str | None

class _Rendered(TypedDict):
    text: list[list[str]]
    shown_status: _U8_2D
    legend: list[tuple[str, str]]

def disclosure_round_to_base(values: _F64, base: int) -> _F64: ...
def disclosure_round_table_counts(
    values: _F64, base: int, relations: Sequence[tuple[int, Sequence[int]]]
) -> _RoundedTable: ...
def disclosure_record_keys(seed: int, n: int, start: int = 0) -> _F64: ...
def disclosure_cell_key(record_keys: _F64) -> float: ...
def disclosure_cell_keys_by_group(record_keys: _F64, groups: _I64, n_cells: int) -> _F64: ...
def disclosure_cell_keys_from_ids(ids: Sequence[str], secret: int) -> _F64: ...
@final
class PTable:
    @staticmethod
    def generate(max_deviation: int, variance: float, js: int = 0) -> PTable: ...
    @staticmethod
    def from_csv(text: str) -> PTable: ...
    def to_csv(self) -> str: ...
    def max_i(self) -> int: ...
    def max_deviation(self) -> int: ...
    def columns(self) -> _PTableColumns: ...
    def perturbation(self, count: int, cell_key: float) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def disclosure_perturb(counts: _F64, cell_keys: _F64, ptable: PTable) -> _F64: ...
def disclosure_statuses() -> list[tuple[int, str, bool]]: ...
def disclosure_flags() -> list[tuple[int, str]]: ...
def disclosure_render(
    spec: _TableSpec,
    values: _F64_2D,
    status: _U8_2D,
    flags: _U16_2D,
    *,
    number_format: str,
    symbols: str,
    replace: Sequence[tuple[int, str]],
) -> _Rendered: ...
def disclosure_to_csv(
    spec: _TableSpec,
    values: _F64_2D,
    status: _U8_2D,
    flags: _U16_2D,
    *,
    number_format: str,
    symbols: str,
    replace: Sequence[tuple[int, str]],
    group_digits: bool = False,
    status_columns: bool = False,
    level_column: bool = False,
) -> str: ...
def disclosure_to_json(
    spec: _TableSpec,
    values: _F64_2D,
    status: _U8_2D,
    flags: _U16_2D,
    *,
    number_format: str,
    symbols: str,
    replace: Sequence[tuple[int, str]],
) -> str: ...
def disclosure_legend(
    *, number_format: str, symbols: str, replace: Sequence[tuple[int, str]]
) -> list[tuple[str, str]]: ...

_B = npt.NDArray[np.bool_]


class _LayoutSpec(TypedDict):
    layout: str
    relations: list[tuple[int, list[int]]]
    parent: list[int]
    total_column: int | None
    labels: list[str] | None

class _Audit(TypedDict):
    lower: _F64
    upper: _F64
    unsafe: _B
    required_lower: _F64
    required_upper: _F64
    required_sliding: _F64
    n_lp: int
    is_safe: bool

class _AuditWithValues(_Audit):
    values: _F64

class _Protected(TypedDict):
    values: _F64
    status: _U8
    n_primary: int
    n_secondary: int
    audit: _Audit

class _LinearTable(TypedDict):
    values: _F64
    relations: list[tuple[int, list[int]]]

def disclosure_table(values: _F64_2D, layout: _LayoutSpec) -> _LinearTable: ...
def disclosure_protect(
    values: _F64_2D,
    layout: _LayoutSpec,
    *,
    status: _U8 | None = None,
    min_count: float = 3.0,
    protect_zeros: bool = False,
    cost: str = "value",
    must_publish: _B | None = None,
    max_rounds: int = 200,
) -> _Protected: ...
def disclosure_audit(
    values: _F64_2D,
    layout: _LayoutSpec,
    status: _U8,
    *,
    min_count: float = 3.0,
    lower: _F64 | None = None,
    upper: _F64 | None = None,
    sliding: _F64 | None = None,
) -> _AuditWithValues: ...
def disclosure_min_count_rule(values: _F64, threshold: float, protect_zeros: bool = False) -> _B: ...
def disclosure_min_denominator_rule(denominators: _F64, threshold: float) -> _B: ...
def disclosure_dominance_rule(
    values: _F64, offsets: _I64, rule: str, *, n: int = 1, k: float = 85.0, p: float = 10.0
) -> _B: ...
