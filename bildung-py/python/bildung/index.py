"""Composite social indices (Sozialindex, Berlin MSS style): normalisation against a reference
set, weighted sums, re-standardisation, PCA weights, aggregation of sub-areas, classification.

Indicators come as a table of areas (rows) x indicators (columns): a pandas DataFrame (its index
labels the areas, its columns name the indicators; both are kept in the results), a
two-dimensional numpy array or a list of rows. Per-area values (an index to classify) come as a
Series, an array or a list (methods.md section 5; indicators.md 3.2-3.4 and 8.1).

==========================================  ==================================================
function                                    what
==========================================  ==================================================
:func:`zscore`                              z-standardisation against a reference set
:func:`min_max`, :func:`percentile_rank`    min-max scaling, average-rank percentiles
:func:`weighted_sum`                        equal, user or plain-sum weights; linear or
                                            geometric (Statussumme)
:func:`restandardise`                       the composite standardised again (Status-Index)
:func:`pca_weights`                         weights from the first principal component
:func:`aggregate_weighted`                  population-weighted means of sub-areas per parent
:func:`classify`                            fixed thresholds (MSS classes: ``"mss_status"``,
                                            ``"mss_dynamics"``)
:func:`classify_quantiles`                  quantile classes (type 7, ties to the lower class)
:func:`classify_equal_width`                equal-width stages, optional top share (NRW)
:func:`classify_sd`                         classes at mean ± k SD (Hamburg)
:func:`cross_classify`                      status x dynamics (12 MSS groups)
:func:`status_dynamics`                     the whole MSS pipeline
==========================================  ==================================================

Conventions:

* **Reference set.** Means, SDs, ranges, ranks and quantiles are computed over the reference
  set: ``reference`` (booleans, True = in), ``population`` with ``min_population`` (Berlin MSS:
  300 residents), and for weighted statistics ``weighted=True`` (population weights). Areas
  outside it are still scored with its parameters; results say which areas were in it
  (``in_reference``) and echo every parameter used.
* ``ddof``: SD divisor ``n - ddof``, 1 (default) or 0. ``polarity``: +1 or -1 per indicator (a
  list, or a dict by column name; default +1).
* ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError` naming the
  cell (row and column labels of a DataFrame); ``"omit"`` leaves a missing cell out of its
  indicator's parameters and marks the area ``"missing"``; ``"propagate"`` does the same and
  sets the flag ``missing_propagated``. Infinity always raises.
* An indicator that is constant over the reference set raises
  :class:`~bildung.UndefinedError` naming the column.
* Rank uncertainty (methods.md 5.4, parametric bootstrap) needs the seeded random engine of a
  later release and is not here yet.

Examples
--------
>>> import pandas as pd
>>> from bildung import index
>>> z = pd.DataFrame({"S1": [0.3, -1.2, 1.5, 0.1], "S3": [0.5, -1.0, 1.8, -0.2]},
...                  index=["A", "B", "C", "D"])
>>> r = index.status_dynamics(z, z, standardise=False)
>>> r.to_pandas()["status_class"].tolist()
['mittel', 'hoch', 'niedrig', 'mittel']
"""

from __future__ import annotations

import functools
import inspect
import numbers
import re
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union, cast

import numpy as np

from . import _core
from ._convert import (
    _loaded_pandas,
    _type_name,
    as_integer,
    as_table,
    as_values,
    flag,
    option,
    real,
)
from ._index_results import (
    AggregateResult,
    ClassResult,
    CompositeResult,
    IndexPart,
    NormalisedResult,
    PcaResult,
    StatusDynamicsResult,
    classes_from_core,
    composite_from_core,
    normalised_from_core,
    z_from_core,
)
from ._labels import labels_in_errors
from .exceptions import BildungError, BildungWarning, ParameterError, ShapeError

__all__ = [
    "AggregateResult",
    "ClassResult",
    "CompositeResult",
    "IndexPart",
    "NormalisedResult",
    "PcaResult",
    "StatusDynamicsResult",
    "aggregate_weighted",
    "classify",
    "classify_equal_width",
    "classify_quantiles",
    "classify_sd",
    "cross_classify",
    "min_max",
    "pca_weights",
    "percentile_rank",
    "restandardise",
    "status_dynamics",
    "weighted_sum",
    "zscore",
]

#: A table of areas x indicators: DataFrame, 2-D array or list of rows (a Series = one column).
TableLike = Any
#: One value per area: Series, array or list.
ValuesLike = Any

_F = TypeVar("_F", bound=Callable[..., Any])

_labels_in_errors = labels_in_errors(
    "x", "values", "population", "weights", "status", "dynamics", "parent"
)
_COLUMN = re.compile(r"`(\w+)` column (\d+)")


def _columns_in_errors(func: _F) -> _F:
    """Add the DataFrame column label to core messages that name a column (``x column 2``)."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BildungError as error:
            match = _COLUMN.search(str(error))
            pd = _loaded_pandas()
            if match is not None and pd is not None:
                arg = signature.bind_partial(*args, **kwargs).arguments.get(match[1])
                j = int(match[2])
                if isinstance(arg, pd.DataFrame) and j < arg.shape[1]:
                    error.args = (f"{error.args[0]} (column {arg.columns[j]!r})",
                                  *error.args[1:])
            raise

    return cast(_F, wrapper)


def _named(func: _F) -> _F:
    """Both label decorators."""
    return _labels_in_errors(_columns_in_errors(func))


# ------------------------------------------------------------------------------ conversion


def _table(x: Any, name: str) -> Tuple[np.ndarray, Any, Any, bool]:
    """(float64 areas x indicators, area index, indicator names, one-dimensional input)."""
    pd = _loaded_pandas()
    if pd is not None and isinstance(x, pd.Series):
        return as_table(x.to_frame(), name), x.index, pd.Index([x.name]), True
    if pd is not None and isinstance(x, pd.DataFrame):
        return as_table(x, name), x.index, x.columns, False
    if (isinstance(x, np.ndarray) and x.ndim == 1) or (
        isinstance(x, (list, tuple)) and len(x) > 0
        and not isinstance(x[0], (list, tuple, np.ndarray))
    ):
        return as_values(x, name).reshape(-1, 1), None, None, True
    return as_table(x, name), None, None, False


def _vector(values: Any, name: str) -> Tuple[np.ndarray, Any]:
    pd = _loaded_pandas()
    index = values.index if pd is not None and isinstance(values, pd.Series) else None
    return as_values(values, name), index


def _check_index(index: Any, **named: Any) -> None:
    """Series arguments must have the index of the table (bildung pairs by position)."""
    pd = _loaded_pandas()
    if pd is None or index is None:
        return
    for name, obj in named.items():
        if isinstance(obj, pd.Series) and not obj.index.equals(index):
            raise ShapeError(
                f"{name} is a pandas Series with another index than the areas; bildung pairs "
                f"values by position, so align it first, e.g. {name}.reindex(x.index)"
            )


def _mask(obj: Any) -> Optional[np.ndarray]:
    """The reference mask as a bool array (True = in the reference set)."""
    if obj is None:
        return None
    pd = _loaded_pandas()
    if pd is not None and isinstance(obj, (pd.Series, pd.Index)):
        if obj.isna().any():
            raise TypeError("reference must not hold missing values (pd.NA)")
        arr = np.asarray(obj.to_numpy())
        if str(obj.dtype) == "boolean":
            arr = arr.astype(bool)
    else:
        arr = np.asarray(obj)
    if arr.dtype != np.bool_:
        raise TypeError(
            f"reference must hold booleans (True = the area is in the reference set), got "
            f"dtype {arr.dtype}; for a minimum population pass population= and min_population="
        )
    if arr.ndim != 1:
        raise ShapeError(f"reference must be one-dimensional, got shape {arr.shape}")
    return arr


def _per_indicator(obj: Any, name: str, columns: Any, default: Optional[float]) -> Optional[
        List[float]]:
    """A number per indicator: a sequence, or a dict / Series by column name."""
    if obj is None:
        return None
    pd = _loaded_pandas()
    if isinstance(obj, dict) or (pd is not None and isinstance(obj, pd.Series)):
        if columns is None:
            raise TypeError(f"{name} given by indicator name needs a DataFrame input")
        mapping = dict(obj.items())
        names = list(columns)
        unknown = [k for k in mapping if k not in names]
        if unknown:
            raise KeyError(f"{name}: {unknown!r} are not columns of the indicator table")
        if default is None:
            missing = [c for c in names if c not in mapping]
            if missing:
                raise KeyError(f"{name}: no value for the columns {missing!r}")
        return [real(mapping.get(c, default), name) for c in names]
    return [float(v) for v in as_values(obj, name)]


def _optional_real(v: Any, name: str) -> Optional[float]:
    return None if v is None else real(v, name)


def _reference_args(
    reference: Any, population: Any, min_population: Any, n: int, index: Any
) -> Tuple[Optional[np.ndarray], Optional[np.ndarray], Optional[float]]:
    _check_index(index, reference=reference, population=population)
    mask = _mask(reference)
    pop = None if population is None else as_values(population, "population")
    return mask, pop, _optional_real(min_population, "min_population")


def _ddof(ddof: Any) -> int:
    return as_integer(ddof, "ddof")


# ---------------------------------------------------------------------------- normalisation


@_named
def zscore(
    x: TableLike,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    weighted: bool = False,
    ddof: int = 1,
    polarity: Any = None,
    winsorize: Optional[float] = None,
    centre: bool = True,
    nan_policy: str = "raise",
) -> NormalisedResult:
    """z-standardisation against a reference set (z-Standardisierung).

    ::

        z_ij = s_j (x_ij - mean_j) / sd_j      (s_j = polarity, +1 or -1)
        mean_j = sum_R w_i x_ij / W,   sd_j^2 = sum_R w_i (x_ij - mean_j)^2 / W  [x n/(n-1)]

    over the reference set ``R`` (``w_i`` = 1, or the population with ``weighted=True``; ``n`` =
    number of reference areas with a value). Areas outside ``R`` are scored with the same mean
    and SD.

    Parameters
    ----------
    x : DataFrame, array or list of rows
        Indicators, areas x indicators (a Series is one indicator).
    reference : array-like of bool, optional
        Areas in the reference set (default all).
    population : array-like, optional
        Population per area, for ``min_population`` and ``weighted``.
    min_population : float, optional
        Leave areas with a smaller population out of the reference set (MSS: 300).
    weighted : bool, default False
        Population-weighted mean and SD.
    ddof : {1, 0}, default 1
        SD divisor ``n - ddof`` (weighted: population variance times ``n / (n - ddof)``).
    polarity : sequence or dict, optional
        +1 or -1 per indicator (dict by column name, missing names +1).
    winsorize : float, optional
        Cap values at mean ± ``winsorize`` SD of the reference set first (mean and SD are then
        recomputed from the capped values).
    centre : bool, default True
        Subtract the mean (False: divide by the SD only).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What a missing cell does.

    Returns
    -------
    NormalisedResult
        ``to_pandas()`` gives the z-values on the input's index and columns;
        ``parameters_to_pandas()`` the mean, SD and number of reference areas per indicator.

    Raises
    ------
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, NegativeValueError
        NaN under ``"raise"`` (the message names row and column), infinity, lengths that differ,
        no area or an empty reference set, a negative population.
    UndefinedError
        An indicator constant over the reference set (named), or one reference area with
        ``ddof=1``.
    ParameterError
        ``min_population`` / ``weighted`` without ``population``, polarity not ±1, ``ddof`` not 0
        or 1, ``winsorize <= 0``.

    Examples
    --------
    >>> from bildung.index import zscore
    >>> r = zscore([[1.0], [2.0], [3.0], [10.0]], reference=[True, True, True, False])
    >>> r.parameters["mean"].tolist(), r.parameters["sd"].tolist()
    ([2.0], [1.0])
    >>> r.values[:, 0].tolist()
    [-1.0, 0.0, 1.0, 8.0]
    """
    arr, index, columns, one_d = _table(x, "x")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_zscore(
        arr,
        reference=mask,
        population=pop,
        min_population=minp,
        weighted=flag(weighted, "weighted"),
        ddof=_ddof(ddof),
        polarity=_per_indicator(polarity, "polarity", columns, 1.0),
        winsorize=_optional_real(winsorize, "winsorize"),
        centre=flag(centre, "centre"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return z_from_core(raw, "zscore", index, columns, one_d)


@_named
def restandardise(
    values: ValuesLike,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    weighted: bool = False,
    ddof: int = 1,
    centre: bool = True,
    nan_policy: str = "raise",
) -> NormalisedResult:
    """Standardise a composite again against the reference set (Berlin MSS: Status-Index =
    standardisierte Statussumme).

    ::

        index_i = (c_i - mean_R(c)) / sd_R(c)       (centre=True)
        index_i = c_i / sd_R(c)                     (centre=False: "Statussumme / SD")

    Parameters
    ----------
    values : Series, array or list
        The composite per area (e.g. :attr:`CompositeResult.values`).
    reference, population, min_population, weighted, ddof, nan_policy
        As for :func:`zscore`.
    centre : bool, default True
        Subtract the mean of the reference set.

    Returns
    -------
    NormalisedResult
        One column; ``to_pandas()`` is a Series; ``parameters["sd"]`` the SD of the composite.

    Raises
    ------
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, UndefinedError, ParameterError
        As for :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import restandardise
    >>> r = restandardise([-3.0, 0.0, 3.0])
    >>> float(r.parameters["sd"][0]), r.values[:, 0].tolist()
    (3.0, [-1.0, 0.0, 1.0])
    """
    arr, index = _vector(values, "values")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_restandardise(
        arr,
        reference=mask,
        population=pop,
        min_population=minp,
        weighted=flag(weighted, "weighted"),
        ddof=_ddof(ddof),
        centre=flag(centre, "centre"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    pd = _loaded_pandas()
    name = getattr(values, "name", None) if pd is not None and isinstance(
        values, pd.Series) else None
    columns = None if name is None else pd.Index([name])
    return z_from_core(raw, "restandardise", index, columns, True)


@_named
def min_max(
    x: TableLike,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    polarity: Any = None,
    nan_policy: str = "raise",
) -> NormalisedResult:
    """Min-max scaling against a reference set (Min-Max-Normierung).

    ::

        polarity +1: (x - min_R) / (max_R - min_R)      polarity -1: (max_R - x) / (max_R - min_R)

    Reference areas get values in [0, 1], others may fall outside. Sensitive to outliers: one
    new extreme area changes every value.

    Parameters
    ----------
    x, reference, population, min_population, polarity, nan_policy
        As for :func:`zscore` (weights do not change a range).

    Returns
    -------
    NormalisedResult
        ``parameters``: ``min``, ``max``, ``n_reference``, ``polarity`` per indicator.

    Raises
    ------
    UndefinedError
        An indicator with max = min over the reference set (named).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, ParameterError
        As for :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import min_max
    >>> min_max([[2.0, 5.0], [4.0, 1.0], [6.0, 3.0]], polarity=[1, -1]).values.tolist()
    [[0.0, 0.0], [0.5, 1.0], [1.0, 0.5]]
    """
    arr, index, columns, one_d = _table(x, "x")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_min_max(
        arr, reference=mask, population=pop, min_population=minp,
        polarity=_per_indicator(polarity, "polarity", columns, 1.0),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return normalised_from_core(raw, "min_max", ("min", "max", "n_reference", "polarity"),
                                index, columns, one_d)


@_named
def percentile_rank(
    x: TableLike,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    polarity: Any = None,
    nan_policy: str = "raise",
) -> NormalisedResult:
    """Percentile-rank normalisation with average ranks for ties (Rangnormierung).

    ::

        L = #{reference values < v},  E = #{reference values <= v}   (v = polarity x value)
        rank = (L + E) / 2 + 1/2,     percentile = (L + E) / (2 n)

    For a reference area ``rank`` is its average rank (SciPy ``rankdata(method="average")``);
    ``percentile`` equals SciPy ``percentileofscore(kind="mean") / 100``.

    Parameters
    ----------
    x, reference, population, min_population, polarity, nan_policy
        As for :func:`zscore` (weights do not enter).

    Returns
    -------
    NormalisedResult
        ``values`` are the percentiles, ``rank`` the average ranks.

    Raises
    ------
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, UndefinedError, ParameterError
        As for :func:`zscore` (a constant indicator is fine: every area gets the middle rank).

    Examples
    --------
    >>> from bildung.index import percentile_rank
    >>> r = percentile_rank([10.0, 20.0, 20.0, 40.0])
    >>> r.rank[:, 0].tolist(), r.values[:, 0].tolist()
    ([1.0, 2.5, 2.5, 4.0], [0.125, 0.5, 0.5, 0.875])
    """
    arr, index, columns, one_d = _table(x, "x")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_percentile_rank(
        arr, reference=mask, population=pop, min_population=minp,
        polarity=_per_indicator(polarity, "polarity", columns, 1.0),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return normalised_from_core(raw, "percentile_rank", ("n_reference", "polarity"), index,
                                columns, one_d, rank=np.asarray(raw["rank"]))


# ------------------------------------------------------------------ weighting and aggregation


@_named
def weighted_sum(
    x: TableLike,
    *,
    weights: Any = "equal",
    method: str = "linear",
    nan_policy: str = "raise",
) -> CompositeResult:
    """Weighted sum (or weighted geometric mean) of normalised indicators per area
    (Statussumme).

    ::

        linear:    c_i = sum_j w_j x_ij          geometric:  c_i = prod_j x_ij ** w_j  (x > 0)
        w_j = 1/k ("equal"), 1 ("sum", Berlin MSS), or user weights / their sum

    Parameters
    ----------
    x : DataFrame, array or list of rows
        Normalised indicators, areas x indicators (e.g. :func:`zscore` ``.to_pandas()``).
    weights : "equal", "sum", sequence or dict, default "equal"
        Equal weights, the plain sum, or user (expert) weights ``>= 0`` per indicator (a dict by
        column name), normalised to sum 1 and echoed in the result.
    method : {"linear", "geometric"}, default "linear"
        Compensatory sum, or the less compensatory weighted geometric mean (positive values).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        An area with a missing indicator has no composite (NaN, status ``"missing"``) under
        ``"omit"`` / ``"propagate"``.

    Returns
    -------
    CompositeResult

    Raises
    ------
    NegativeValueError
        A negative user weight, or a value ``<= 0`` with ``method="geometric"`` (named).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, ParameterError
        NaN under ``"raise"``, infinity, a wrong number of weights, all weights 0.

    Examples
    --------
    >>> from bildung.index import weighted_sum
    >>> weighted_sum([[1.0, 2.0], [-1.0, 0.5]], weights="sum").values.tolist()
    [3.0, -0.5]
    >>> weighted_sum([[1.0, 2.0]], weights=[3, 1]).weights.tolist()
    [0.75, 0.25]
    """
    arr, index, columns, _ = _table(x, "x")
    if isinstance(weights, str):
        name, user = weights, None
    else:
        name, user = "equal", _per_indicator(weights, "weights", columns, None)
    raw = _core.index_weighted_sum(
        arr, weights=name, user_weights=user, method=option(method, "method"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return composite_from_core(raw, index, columns)


@_named
def pca_weights(
    x: TableLike,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    weighted: bool = False,
    min_share: float = 0.5,
    min_gap: float = 0.1,
    nan_policy: str = "raise",
) -> PcaResult:
    """PCA weights: eigen-decomposition of the correlation matrix of the indicators over the
    reference set; first-component loadings (sign: sum > 0) and weights ``loading ** 2``.

    ::

        R = V diag(lambda) V',  weights_j = V_j1 ** 2,  explained = lambda_1 / k
        unstable if explained < min_share or (lambda_1 - lambda_2) / lambda_1 < min_gap

    An unstable first component (its sign and composition can flip between years) warns with
    :class:`~bildung.BildungWarning` (flag ``unstable_pca``).

    Parameters
    ----------
    x, reference, population, min_population, weighted, nan_policy
        As for :func:`zscore` (raw or normalised indicators: correlations are the same). Areas
        with a missing indicator are left out under ``"omit"`` / ``"propagate"``.
    min_share : float, default 0.5
        Share of the first component below which it is unstable.
    min_gap : float, default 0.1
        Relative gap of the first two eigenvalues below which it is unstable.

    Returns
    -------
    PcaResult

    Raises
    ------
    UndefinedError
        An indicator constant over the used areas (named).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, ParameterError
        As for :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import pca_weights
    >>> p = pca_weights([[1.0, 2.0, 1.1], [2.0, 3.9, 2.2], [3.0, 6.2, 2.9], [4.0, 8.0, 4.2]])
    >>> p.weights.round(3).tolist(), p.unstable
    ([0.335, 0.333, 0.332], False)
    """
    arr, index, columns, _ = _table(x, "x")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_pca_weights(
        arr, reference=mask, population=pop, min_population=minp,
        weighted=flag(weighted, "weighted"), min_share=real(min_share, "min_share"),
        min_gap=real(min_gap, "min_gap"), nan_policy=option(nan_policy, "nan_policy"),
    )
    result = PcaResult(
        eigenvalues=np.asarray(raw["eigenvalues"], dtype=np.float64),
        explained=np.asarray(raw["explained"], dtype=np.float64),
        loadings=np.asarray(raw["loadings"], dtype=np.float64),
        weights=np.asarray(raw["weights"], dtype=np.float64),
        components=np.asarray(raw["components"]),
        correlation=np.asarray(raw["correlation"]),
        low_share=raw["low_share"],
        close_eigenvalues=raw["close_eigenvalues"],
        unstable=raw["unstable"],
        weighted=raw["weighted"],
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        flags=tuple(raw["flags"]),
        columns=columns,
    )
    if result.unstable:
        why = []
        if result.low_share:
            why.append(f"the first component explains only {result.explained[0]:.3f}")
        if result.close_eigenvalues:
            why.append("the first two eigenvalues are close "
                       f"({result.eigenvalues[0]:.4g}, {result.eigenvalues[1]:.4g})")
        warnings.warn(
            BildungWarning(
                "pca_weights: the first principal component is unstable (" + "; ".join(why)
                + "), so its weights can change a lot between years (flag unstable_pca)",
                flag="unstable_pca",
            ),
            stacklevel=4,
        )
    return result


@_named
def aggregate_weighted(
    x: TableLike,
    parent: Any,
    weights: Any,
    *,
    nan_policy: str = "raise",
) -> AggregateResult:
    """Population-weighted means of sub-area values for their parent areas (e.g. Statistische
    Gebiete -> Sozialräume; residence areas -> a school).

    ::

        y_pj = sum_{i in p} w_i x_ij / sum_{i in p} w_i

    Parameters
    ----------
    x : DataFrame, Series, array or list of rows
        Sub-area values, sub-areas x indicators.
    parent : array-like of labels
        The parent of each sub-area (any hashable labels; None / NaN = unknown parent).
    weights : array-like
        Weight of each sub-area (population, pupils), ``>= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        ``"omit"``: a missing value is left out of its parent's mean for that indicator, a
        missing parent or weight drops the sub-area; ``"propagate"``: the parent's mean is NaN.

    Returns
    -------
    AggregateResult
        ``to_pandas()`` is indexed by the parent labels (sorted).

    Raises
    ------
    NegativeValueError, NonFiniteError, MissingValueError, ShapeError, EmptyInputError
        Negative or infinite weights, NaN under ``"raise"``, lengths that differ, no sub-area.

    Examples
    --------
    >>> from bildung.index import aggregate_weighted
    >>> a = aggregate_weighted([10.0, 20.0, 40.0], ["Nord", "Nord", "Süd"], [300, 100, 50])
    >>> a.values[:, 0].tolist(), list(a.parents)
    ([12.5, 40.0], ['Nord', 'Süd'])
    """
    from ._convert import as_group_codes

    arr, index, columns, one_d = _table(x, "x")
    _check_index(index, parent=parent, weights=weights)
    codes, parents = as_group_codes(parent, "parent")
    w = as_values(weights, "weights")
    raw = _core.index_aggregate_weighted(
        arr, codes, w, len(parents), nan_policy=option(nan_policy, "nan_policy")
    )
    return AggregateResult(
        values=np.asarray(raw["values"]),
        total_weight=np.asarray(raw["total_weight"], dtype=np.float64),
        n_areas=np.asarray(raw["n_areas"], dtype=np.int64),
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        n_empty=raw["n_empty"],
        flags=tuple(raw["flags"]),
        parents=parents,
        columns=columns,
        one_dimensional=one_d,
    )


# ---------------------------------------------------------------------------- classification


def _scheme(thresholds: Any, boundary: Any, labels: Any) -> Tuple[List[float], List[str],
                                                                   Optional[List[str]]]:
    """(thresholds, boundary rules, labels) of a preset name or explicit thresholds."""
    if isinstance(thresholds, str):
        t, b, lab = _core.index_scheme(thresholds)
        if boundary is not None:
            b = _boundary(boundary)
        return t, b, lab if labels is None else _label_list(labels)
    t = [real(v, "thresholds") for v in _iterable(thresholds, "thresholds")]
    return t, _boundary("lower" if boundary is None else boundary), (
        None if labels is None else _label_list(labels))


def _iterable(obj: Any, name: str) -> Sequence[Any]:
    if isinstance(obj, (str, bytes)) or not hasattr(obj, "__iter__"):
        raise TypeError(f"{name} must be a sequence, got {_type_name(obj)} {obj!r}")
    return list(obj)


def _boundary(boundary: Any) -> List[str]:
    if isinstance(boundary, str):
        return [boundary]
    return [option(b, "boundary") for b in _iterable(boundary, "boundary")]


def _label_list(labels: Any) -> List[str]:
    return [str(v) for v in _iterable(labels, "labels")]


def _classes(raw: Any, index: Any) -> ClassResult:
    return classes_from_core(raw, index)


@_named
def classify(
    values: ValuesLike,
    thresholds: Union[str, Sequence[float]],
    *,
    boundary: Union[None, str, Sequence[str]] = None,
    labels: Optional[Sequence[str]] = None,
    nan_policy: str = "raise",
) -> ClassResult:
    """Classification by fixed thresholds (feste Schwellenwerte), on the unrounded values.

    ::

        class(v) = #{k : v > t_k, or v = t_k with boundary "upper"}

    Presets: ``"mss_status"`` (Berlin MSS status classes: ``hoch`` if v < -1, ``mittel`` if
    -1 <= v <= 1, ``niedrig`` if 1 < v <= 1.5, ``sehr niedrig`` if v > 1.5; indicators.md 3.2)
    and ``"mss_dynamics"`` (``positiv`` < -1 <= ``stabil`` <= 1 < ``negativ``).

    Parameters
    ----------
    values : Series, array or list
        One value per area (an index).
    thresholds : "mss_status", "mss_dynamics" or sequence of float
        A preset, or strictly increasing thresholds.
    boundary : "lower", "upper" or sequence of them, optional
        Where a value equal to a threshold goes: ``"lower"`` (the class below, intervals
        ``(a, b]``; the default for explicit thresholds) or ``"upper"``; one rule for all
        thresholds or one per threshold. Presets bring their own rules.
    labels : sequence of str, optional
        One label per class (default: the preset's labels, or intervals such as ``"(0, 1]"``).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        A missing value has no class (code -1) under ``"omit"`` / ``"propagate"``.

    Returns
    -------
    ClassResult

    Raises
    ------
    ParameterError
        Thresholds not increasing, wrong number of labels or rules, an unknown preset or rule.
    MissingValueError, NonFiniteError, EmptyInputError
        NaN under ``"raise"``, infinity, no value.

    Examples
    --------
    >>> from bildung.index import classify
    >>> c = classify([-1.0, 1.0, 1.5, 1.6, -1.01], "mss_status")
    >>> list(c.label)
    ['mittel', 'mittel', 'niedrig', 'sehr niedrig', 'hoch']
    >>> classify([0.0, 5.0, 10.0], [0.0, 10.0], boundary=["lower", "upper"]).labels
    ('(-inf, 0]', '(0, 10)', '[10, inf)')
    """
    arr, index = _vector(values, "values")
    t, b, lab = _scheme(thresholds, boundary, labels)
    raw = _core.index_classify(arr, t, boundary=b, labels=lab,
                               nan_policy=option(nan_policy, "nan_policy"))
    return _classes(raw, index)


@_named
def classify_quantiles(
    values: ValuesLike,
    q: Union[int, Sequence[float]] = 5,
    *,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    labels: Optional[Sequence[str]] = None,
    nan_policy: str = "raise",
) -> ClassResult:
    """Quantile classes (Quantilsklassen): boundaries are type-7 quantiles (numpy ``"linear"``)
    of the reference set; a value on a boundary goes to the lower class (pandas ``qcut``).

    ::

        t_k = Q_R(p_k),  h = (n - 1) p_k,  Q = x_(floor h) + (h - floor h)(x_(floor h + 1) - x_(floor h))
        class(v) = #{k : v > t_k}

    Parameters
    ----------
    values : Series, array or list
        One value per area.
    q : int or sequence of float, default 5
        Number of equally likely classes (5 = quintiles), or the cut probabilities (strictly
        increasing in (0, 1), e.g. ``[0.2, 0.8]``).
    reference, population, min_population, nan_policy
        As for :func:`zscore`.
    labels : sequence of str, optional
        One per class (default ``"Q1"``, ``"Q2"``, ...).

    Returns
    -------
    ClassResult
        ``thresholds`` are the quantiles; tied boundaries leave the classes between empty.

    Raises
    ------
    ParameterError
        ``q < 1``, probabilities not increasing in (0, 1), wrong number of labels.
    MissingValueError, NonFiniteError, EmptyInputError, ShapeError
        As for :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import classify_quantiles
    >>> c = classify_quantiles([1.0, 2.0, 3.0, 4.0, 5.0], 2)
    >>> c.thresholds, c.code.tolist()
    ((3.0,), [0, 0, 0, 1, 1])
    """
    arr, index = _vector(values, "values")
    if isinstance(q, numbers.Integral) and not isinstance(q, bool):
        if q < 1:
            raise ParameterError(f"q must be at least 1 class, got {q}")
        probs = [k / int(q) for k in range(1, int(q))]
    else:
        probs = [real(v, "q") for v in _iterable(q, "q")]
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_classify_quantiles(
        arr, probs, reference=mask, population=pop, min_population=minp,
        labels=None if labels is None else _label_list(labels),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return _classes(raw, index)


@_named
def classify_equal_width(
    values: ValuesLike,
    stages: int,
    *,
    top_share: Optional[float] = None,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    labels: Optional[Sequence[str]] = None,
    nan_policy: str = "raise",
) -> ClassResult:
    """Equal-width stages (NRW Sozialindex: 9 Stufen), optionally with the top share of the
    reference set in the highest stage (NRW from 2024/25: top 5 % -> Stufe 9, the rest in 8
    equal-width Stufen).

    ::

        no top share: edges min_R + k (max_R - min_R) / m,  k = 1 .. m-1
        top share p:  cut c = Q_R(1 - p) (type 7); v > c -> stage m;
                      edges min_R + k (c - min_R) / (m - 1), k = 1 .. m-2, and c

    A value on an edge goes to the lower stage. Areas outside the reference set are staged with
    the same edges.

    Parameters
    ----------
    values : Series, array or list
        One value per area (e.g. a school's index value).
    stages : int
        Number of stages ``m >= 2``.
    top_share : float, optional
        Share ``p`` in (0, 1) of the reference set put into the top stage (0.05 for NRW 2024).
    reference, population, min_population, nan_policy
        As for :func:`zscore`.
    labels : sequence of str, optional
        One per stage (default ``"1"`` .. ``"m"``).

    Returns
    -------
    ClassResult

    Raises
    ------
    ParameterError
        ``stages < 2``, ``top_share`` outside (0, 1), wrong number of labels.
    UndefinedError
        All reference values equal (stages of width 0).
    MissingValueError, NonFiniteError, EmptyInputError, ShapeError
        As for :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import classify_equal_width
    >>> c = classify_equal_width(list(range(20)), 9, top_share=0.05)
    >>> c.counts
    (3, 2, 2, 3, 2, 2, 2, 3, 1)
    """
    arr, index = _vector(values, "values")
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_classify_equal_width(
        arr, as_integer(stages, "stages"), top_share=_optional_real(top_share, "top_share"),
        reference=mask, population=pop, min_population=minp,
        labels=None if labels is None else _label_list(labels),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return _classes(raw, index)


@_named
def classify_sd(
    values: ValuesLike,
    multiples: Union[str, Sequence[float]] = (-1.0, 1.0),
    *,
    boundary: Union[None, str, Sequence[str]] = None,
    labels: Optional[Sequence[str]] = None,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    weighted: bool = False,
    ddof: int = 1,
    nan_policy: str = "raise",
) -> ClassResult:
    """SD classes (Hamburg Sozialmonitoring): thresholds at ``mean + c sd`` of the reference set.

    ::

        t_k = mean_R + c_k sd_R      (weighted with ``weighted=True``; divisor n - ddof)

    Parameters
    ----------
    values : Series, array or list
        One value per area.
    multiples : sequence of float or a preset name, default (-1, 1)
        The multiples ``c_k`` of the SD, strictly increasing; ``"mss_status"`` /
        ``"mss_dynamics"`` use the MSS thresholds, rules and labels in SD units.
    boundary, labels
        As for :func:`classify` (default labels are intervals in SD units).
    reference, population, min_population, weighted, ddof, nan_policy
        As for :func:`zscore`.

    Returns
    -------
    ClassResult
        ``thresholds`` on the scale of the values.

    Raises
    ------
    UndefinedError
        SD 0 over the reference set.
    ParameterError, MissingValueError, NonFiniteError, EmptyInputError, ShapeError
        As for :func:`classify` and :func:`zscore`.

    Examples
    --------
    >>> from bildung.index import classify_sd
    >>> c = classify_sd([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], [-1.0, 1.0], ddof=0)
    >>> c.thresholds, c.code.tolist()
    ((3.0, 7.0), [0, 1, 1, 1, 1, 1, 1, 2])
    """
    arr, index = _vector(values, "values")
    t, b, lab = _scheme(multiples, boundary, labels)
    mask, pop, minp = _reference_args(reference, population, min_population, len(arr), index)
    raw = _core.index_classify_sd(
        arr, t, boundary=b, labels=lab, reference=mask, population=pop,
        min_population=minp, weighted=flag(weighted, "weighted"), ddof=_ddof(ddof),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return _classes(raw, index)


def cross_classify(a: ClassResult, b: ClassResult) -> ClassResult:
    """Cross-classification of two classifications of the same areas (Berlin MSS
    Gesamtindex: 4 status x 3 dynamics classes = 12 groups).

    ::

        code = code_a * m_b + code_b,   label = "label_a / label_b"

    Parameters
    ----------
    a, b : ClassResult
        Classes of the same areas (e.g. status and dynamics).

    Returns
    -------
    ClassResult
        An area without a class in either has none (code -1, status ``"missing"``).

    Raises
    ------
    ShapeError
        Different numbers of areas (or different pandas indexes).

    Examples
    --------
    >>> from bildung.index import classify, cross_classify
    >>> g = cross_classify(classify([-1.2, 0.3], "mss_status"),
    ...                    classify([0.0, 1.4], "mss_dynamics"))
    >>> list(g.label), len(g.labels)
    (['hoch / stabil', 'mittel / negativ'], 12)
    """
    for name, c in (("a", a), ("b", b)):
        if not isinstance(c, ClassResult):
            raise TypeError(f"{name} must be a ClassResult (from bildung.index.classify...), "
                            f"got {_type_name(c)}")
    if a.index is not None and b.index is not None and not a.index.equals(b.index):
        raise ShapeError("a and b classify areas with different pandas indexes")
    raw = _core.index_cross_classify(
        np.asarray(a.code, dtype=np.int32), list(a.labels),
        np.asarray(b.code, dtype=np.int32), list(b.labels),
    )
    flags = tuple(dict.fromkeys(a.flags + b.flags))
    raw["flags"] = list(flags)
    return _classes(raw, a.index if a.index is not None else b.index)


@_named
def status_dynamics(
    status: TableLike,
    dynamics: TableLike,
    *,
    standardise: bool = True,
    reference: Any = None,
    population: Any = None,
    min_population: Optional[float] = None,
    weighted: bool = False,
    ddof: int = 1,
    centre_index: bool = True,
    status_polarity: Any = None,
    dynamics_polarity: Any = None,
    status_thresholds: Union[str, Sequence[float]] = "mss_status",
    status_boundary: Union[None, str, Sequence[str]] = None,
    status_labels: Optional[Sequence[str]] = None,
    dynamics_thresholds: Union[str, Sequence[float]] = "mss_dynamics",
    dynamics_boundary: Union[None, str, Sequence[str]] = None,
    dynamics_labels: Optional[Sequence[str]] = None,
    nan_policy: str = "raise",
) -> StatusDynamicsResult:
    """The Berlin MSS pipeline (Monitoring Soziale Stadtentwicklung): z-values of the status and
    dynamics indicators, their sums, the re-standardised Status- and Dynamik-Index, their
    classes and the 12 groups of status x dynamics.

    ::

        z_ij = (x_ij - mean_j) / sd_j  (reference set R);   S_i = sum_j z_ij
        index_i = (S_i - mean_R(S)) / sd_R(S);   class = thresholds(index);   group = status x dyn.

    Parameters
    ----------
    status, dynamics : DataFrame, array or list of rows
        The status indicators (shares) and dynamics indicators (changes in percentage points),
        areas x indicators, same areas in the same order; or their z-values with
        ``standardise=False``.
    standardise : bool, default True
        z-standardise the inputs first (False: they are z-values already, e.g. published ones).
    reference, population, min_population, weighted, ddof, nan_policy
        As for :func:`zscore`, for every standardisation (MSS: ``population`` with
        ``min_population=300``; the published MSS 2021 z-values have SD 1 with ``ddof=0``).
    centre_index : bool, default True
        Subtract the mean of the sums (False: "Statussumme / SD", as the MSS describes it).
    status_polarity, dynamics_polarity : sequence or dict, optional
        Polarity per indicator (only with ``standardise=True``).
    status_thresholds, dynamics_thresholds : preset name or sequence of float
        Default ``"mss_status"`` and ``"mss_dynamics"``; see :func:`classify`.
    status_boundary, status_labels, dynamics_boundary, dynamics_labels
        As ``boundary`` and ``labels`` of :func:`classify`.

    Returns
    -------
    StatusDynamicsResult
        ``to_pandas()``: sums, indices, classes and group per area on the input's index.

    Raises
    ------
    ShapeError
        ``status`` and ``dynamics`` with different numbers of areas or different indexes.
    MissingValueError, NonFiniteError, EmptyInputError, UndefinedError, ParameterError
        As for :func:`zscore` and :func:`classify`.

    Examples
    --------
    >>> import numpy as np
    >>> from bildung.index import status_dynamics
    >>> s = np.array([[1.0, 2.0], [2.0, 2.5], [3.0, 3.0], [4.0, 5.0], [9.0, 8.0]])
    >>> d = np.array([[0.1, 0.0], [-0.2, 0.1], [0.0, 0.0], [0.3, 0.2], [-0.9, -1.0]])
    >>> r = status_dynamics(s, d)
    >>> r.groups.label[4]
    'sehr niedrig / positiv'
    """
    s_arr, index, s_cols, _ = _table(status, "status")
    d_arr, d_index, d_cols, _ = _table(dynamics, "dynamics")
    if index is not None and d_index is not None and not index.equals(d_index):
        raise ShapeError("status and dynamics are DataFrames with different indexes; align them")
    index = index if index is not None else d_index
    mask, pop, minp = _reference_args(reference, population, min_population, len(s_arr), index)
    kwargs: Dict[str, Any] = {}
    for name, thresholds, boundary, labels in (
        ("status", status_thresholds, status_boundary, status_labels),
        ("dynamics", dynamics_thresholds, dynamics_boundary, dynamics_labels),
    ):
        if isinstance(thresholds, str) and boundary is None and labels is None:
            kwargs[f"{name}_scheme"] = thresholds
        else:
            t, b, lab = _scheme(thresholds, boundary, labels)
            kwargs.update({f"{name}_thresholds": t, f"{name}_boundary": b,
                           f"{name}_labels": lab})
    raw = _core.index_status_dynamics(
        s_arr, d_arr, standardise=flag(standardise, "standardise"), reference=mask,
        population=pop, min_population=minp, weighted=flag(weighted, "weighted"),
        ddof=_ddof(ddof), centre_index=flag(centre_index, "centre_index"),
        status_polarity=_per_indicator(status_polarity, "status_polarity", s_cols, 1.0),
        dynamics_polarity=_per_indicator(dynamics_polarity, "dynamics_polarity", d_cols, 1.0),
        nan_policy=option(nan_policy, "nan_policy"), **kwargs,
    )

    def part(p: Any, columns: Any) -> IndexPart:
        return IndexPart(
            z=None if p["z"] is None else z_from_core(p["z"], "zscore", index, columns),
            sum=composite_from_core(p["sum"], index, columns),
            index=z_from_core(p["index"], "restandardise", index, None, True),
            classes=_classes(p["classes"], index),
        )

    return StatusDynamicsResult(
        status=part(raw["status"], s_cols),
        dynamics=part(raw["dynamics"], d_cols),
        groups=_classes(raw["groups"], index),
        index=index,
    )
