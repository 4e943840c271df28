"""bildung: statistics for municipal education monitoring (kommunales Bildungsmonitoring).

The arithmetic runs in a Rust core (``bildung._core``); this package converts numpy arrays,
lists and pandas objects, raises typed exceptions and wraps results for notebooks.

Modules
-------
inequality
    Gini, Lorenz curve, Hoover, GE(alpha) / Theil / MLD, Atkinson, coefficient of variation,
    Palma, S80/S20, quantiles and P90/P10, Wolfson, decompositions by group.
rates
    Rates and proportions per area with confidence intervals (Wilson, Clopper-Pearson,
    Agresti-Coull, Jeffreys; exact and Byar Poisson), Newcombe differences (an area against the
    rest of the city), direct and indirect standardisation (DSR, SMR).
segregation
    Segregation of groups across areas: D, Gini, H, exposure/isolation, eta², Atkinson,
    multigroup indices (D_m, M, H, NE, ...), diversity, local indices, small-unit bias
    corrections, rank-order indices, decomposition of M by districts.
funnel
    Funnel plots: exact / normal / arcsine control limits, overdispersion (phi, tau²), per-area
    classification with p-values and Benjamini-Hochberg flags, ``plot()`` with matplotlib.
smallarea
    Small-area estimation: Marshall global / local and beta-binomial empirical Bayes rates,
    the Fay-Herriot model (EBLUP with REML / ML / FH / Prasad-Rao and MSE).
genesis
    Official GENESIS CSV exports (Regionaldatenbank, GENESIS-Online) as tidy DataFrames:
    :func:`read_genesis` (table symbols as statuses, never zeros).
indicators
    Official indicators of municipal education monitoring: the indicator catalogue
    (definitions as TOML / JSON), the engine over long count tables (share, rate, cohort
    quotas, layered flow, ...), the Quotensummenverfahren and Durchschnittsjahrgang.
index
    Composite social indices (Berlin MSS style): z-scores, min-max and percentile ranks against
    a reference set, weighted sums, re-standardisation, PCA weights, population-weighted
    aggregation, classes (thresholds, quantiles, equal-width stages, SD), status x dynamics.
disclosure
    Statistical disclosure control (Geheimhaltung): Rundung to a base, the Cell-Key-Verfahren
    (record and cell keys, perturbation tables, perturbation), cell statuses and symbols
    (Sperrung, Zeichenerklärung), publishable CSV / JSON text and a pandas Styler.
exceptions
    The exception tree (:class:`BildungError` and subclasses) and :class:`BildungWarning`.

Examples
--------
>>> import bildung
>>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
>>> round(bildung.inequality.gini(x), 7)
0.4620911
"""

from . import funnel, index, inequality, rates, segregation, smallarea
from . import genesis
from .genesis import read_genesis
from . import indicators
from . import disclosure
from ._core import __version__
from .exceptions import (
    BildungError,
    BildungWarning,
    ComputationError,
    ConvergenceError,
    DefinitionError,
    EmptyInputError,
    InconsistentTableError,
    InputError,
    InvalidCountError,
    MalformedInputError,
    MissingValueError,
    NegativeValueError,
    NonFiniteError,
    ParameterError,
    ProtectionError,
    ShapeError,
    UndefinedError,
    UnknownIndicatorError,
)

__all__ = [
    "BildungError",
    "BildungWarning",
    "ComputationError",
    "ConvergenceError",
    "DefinitionError",
    "EmptyInputError",
    "InconsistentTableError",
    "InputError",
    "InvalidCountError",
    "MalformedInputError",
    "MissingValueError",
    "NegativeValueError",
    "NonFiniteError",
    "ParameterError",
    "ProtectionError",
    "ShapeError",
    "UndefinedError",
    "UnknownIndicatorError",
    "__version__",
    "funnel",
    "index",
    "inequality",
    "rates",
    "segregation",
    "smallarea",
    "genesis",
    "read_genesis",
    "indicators",
    "disclosure",
]
