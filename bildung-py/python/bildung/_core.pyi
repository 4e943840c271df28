# Hand-written stub of the compiled module bildung._core (bildung-py/src/*.rs), checked against the
# built module by `python -m mypy.stubtest bildung._core`. Private API: use bildung.inequality.
from typing import TypedDict

from .exceptions import BildungError

import numpy as np
import numpy.typing as npt

__version__: str
__all__ = [
    "atkinson",
    "coefficient_of_variation",
    "error_classes",
    "ge_decomposition",
    "generalized_entropy",
    "gini",
    "gini_decomposition",
    "hoover",
    "lorenz_curve",
    "lorenz_share_at",
    "mean_log_deviation",
    "palma",
    "percentile_ratio",
    "quantile",
    "quantiles",
    "s80_s20",
    "theil",
    "wolfson",
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
