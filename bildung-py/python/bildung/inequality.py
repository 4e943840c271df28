"""Inequality of a distribution across units: areas, schools, Kreise (Ungleichheitsmaße).

Values ``x_i >= 0`` for units ``i = 1..n`` (an area rate, an average, a number of places) and
optional non-negative weights ``w_i`` (e.g. the area population). ``W = sum w_i``,
``mu = sum w_i x_i / W``. Weights are *frequency* weights: every weighted measure equals the
unweighted measure of the data with each value repeated ``w_i`` times (for integer weights).

When ``x_i`` are area means or rates and ``w_i`` the area populations, every measure here captures
inequality *between* areas only (each person is assigned the mean of their area): a lower bound of
person-level inequality.

=============================================  =====================================  ==============================
function                                       measure                                German term
=============================================  =====================================  ==============================
:func:`gini`                                   Gini coefficient                       Gini-Koeffizient
:func:`lorenz_curve`                           Lorenz curve                           Lorenzkurve
:func:`hoover`                                 Hoover (Robin Hood) index              Hoover-Index
:func:`generalized_entropy`                    generalised entropy GE(alpha)          verallgemeinertes Entropiemaß
:func:`theil`, :func:`mean_log_deviation`      Theil T = GE(1), MLD = GE(0)           Theil-Index, mittlere log. Abw.
:func:`atkinson`                               Atkinson index                         Atkinson-Maß
:func:`coefficient_of_variation`               coefficient of variation               Variationskoeffizient
:func:`palma`, :func:`s80_s20`                 Palma ratio, quintile share ratio      Palma-Verhältnis, S80/S20
:func:`quantile`, :func:`percentile_ratio`     quantiles, P90/P10                     Quantile, Perzentilverhältnis
:func:`wolfson`                                Wolfson polarisation                   Wolfson-Polarisierungsindex
:func:`ge_decomposition`                       GE(alpha) = within + between groups    Zerlegung nach Gruppen
:func:`gini_decomposition`                     Gini = within + between + overlap      Gini-Zerlegung
=============================================  =====================================  ==============================

Conventions shared by every function:

* ``x`` and ``weights``: numpy arrays (any numeric dtype, any strides; float64 is not copied),
  lists, tuples or pandas Series (nullable ``Int64`` / ``Float64`` with ``pd.NA`` as missing).
  Values are paired by position; two Series with different indexes raise
  :class:`~bildung.ShapeError`.
* ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError` for a missing
  value; ``"omit"`` drops the unit; ``"propagate"`` returns NaN. Infinity is always an error
  (:class:`~bildung.NonFiniteError`); negative values or weights raise
  :class:`~bildung.NegativeValueError`; a unit of weight 0 is left out.
* A measure that does not exist for valid input (all values 0, a zero median) raises
  :class:`~bildung.UndefinedError` with the reason.
* Options are keyword-only. An unknown option name raises :class:`~bildung.ParameterError`; an
  option of the wrong type raises :class:`TypeError`.
* The computation runs in Rust with the GIL released, so threads can compute in parallel.
"""

from __future__ import annotations

import functools
import inspect
import re
import warnings
from typing import (
    Any,
    Callable,
    Hashable,
    List,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
    cast,
    overload,
)

import numpy as np
import numpy.typing as npt

from . import _core
from ._convert import (
    _loaded_pandas,
    as_group_codes,
    as_optional_values,
    as_values,
    check_aligned,
    option,
    real,
)
from ._results import (
    GeDecomposition,
    GiniDecomposition,
    LorenzCurve,
    ge_from_core,
    gini_from_core,
    lorenz_from_core,
)
from .exceptions import BildungWarning, InputError

__all__ = [
    "GeDecomposition",
    "GiniDecomposition",
    "LorenzCurve",
    "atkinson",
    "coefficient_of_variation",
    "ge_decomposition",
    "generalized_entropy",
    "gini",
    "gini_decomposition",
    "hoover",
    "lorenz_curve",
    "mean_log_deviation",
    "palma",
    "percentile_ratio",
    "quantile",
    "s80_s20",
    "theil",
    "wolfson",
]

#: Array-like of group labels: strings, integers, categoricals, any hashable values.
GroupsLike = Union[npt.ArrayLike, Sequence[Hashable]]

_FLAG_MESSAGES = {
    "zero_values": (
        "x contains zero values, so the equally distributed equivalent is 0 and the index "
        "is set to its maximum 1"
    ),
}

#: Flags that do not warn: "missing_propagated" is what nan_policy="propagate" asks for;
#: "clamped" marks a rounding residue (e.g. -2e-17 for equal values) set to the range limit,
#: which is the exact answer and nothing a user can act on.
_SILENT_FLAGS = frozenset({"missing_propagated", "clamped"})


_F = TypeVar("_F", bound=Callable[..., Any])
_POSITION = re.compile(r"\b(x|weights|groups)\[(\d+)\]")


def _labels_in_errors(func: _F) -> _F:
    """Name the pandas index label of the offending element in input errors.

    The core reports positions (``x[4]``); when that argument was a pandas Series, the message
    gains its index label (e.g. the AGS of the Kreis) and the exception a ``label`` attribute.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as error:
            _add_label(error, signature, args, kwargs)
            raise

    return cast(_F, wrapper)


def _add_label(
    error: InputError, signature: inspect.Signature, args: Any, kwargs: Any
) -> None:
    match = _POSITION.search(str(error))
    if error.index is None or match is None:
        return
    labels = getattr(signature.bind_partial(*args, **kwargs).arguments.get(match[1]), "index", None)
    position = int(match[2])
    pd = _loaded_pandas()
    if pd is None or not isinstance(labels, pd.Index) or position >= len(labels):
        return
    label = labels[position]
    error.label = label
    error.args = (f"{error.args[0]} (pandas index label {label!r})", *error.args[1:])


def _warn(measure: str, flags: List[str]) -> None:
    for flag in flags:
        if flag in _SILENT_FLAGS:
            continue
        text = _FLAG_MESSAGES.get(flag, "the result carries a warning flag")
        # frames: warn <- _warn <- _scalar <- measure <- _labels_in_errors wrapper <- caller
        warnings.warn(BildungWarning(f"{measure}: {text} (flag {flag})", flag=flag), stacklevel=5)


def _scalar(measure: str, raw: Tuple[float, int, int, List[str]]) -> float:
    value, _n_used, _n_dropped, flags = raw
    _warn(measure, flags)
    return float(value)


def _inputs(x: Any, weights: Any) -> Tuple[Any, Any]:
    check_aligned(x=x, weights=weights)
    return as_values(x, "x"), as_optional_values(weights, "weights")


@_labels_in_errors
def gini(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
    correction: Union[bool, str] = False,
) -> float:
    """Gini coefficient (Gini-Koeffizient).

    ::

        G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)            (definition)
          = [ sum_i w_i x_(i) (2 C_i - w_i) ] / (W S) - 1           (computed, x sorted ascending)
        C_i = w_(1) + ... + w_(i),  W = sum w,  S = sum w x,  mu = S / W
        corrected:  G * n/(n-1)  (correction="units", n = number of units)
                    G * W/(W-1)  (correction="frequency", weights = frequencies of individuals)

    Range ``[0, 1 - w_min/W]`` (``(n-1)/n`` unweighted); 0 iff all values are equal. The sorted
    form equals the pairwise definition whatever the order of ties. One unit gives 0.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``, one per unit.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0`` (e.g. population), same length as ``x``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.
    correction : bool or {"none", "units", "frequency"}, default False
        Small-sample correction: ``False`` / ``"none"`` for the plug-in estimator (R
        ``ineq::Gini(x)``), ``True`` / ``"units"`` for ``n/(n-1)`` (``ineq::Gini(x, corr=TRUE)``),
        ``"frequency"`` for ``W/(W-1)`` when the weights count individuals.

    Returns
    -------
    float
        The Gini coefficient (NaN under ``nan_policy="propagate"`` with a missing value).

    Raises
    ------
    MissingValueError
        NaN under ``nan_policy="raise"``.
    NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        Infinite or negative values or weights, no unit, lengths that differ.
    UndefinedError
        All values 0, total weight 0, or ``correction="units"`` with one unit.
    ParameterError
        Unknown ``correction`` or ``nan_policy``; ``"frequency"`` without weights or ``W <= 1``.
    TypeError
        Non-numeric input, or ``correction`` neither bool nor str.

    Examples
    --------
    The income example of R ``ineq``:

    >>> from bildung.inequality import gini
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(gini(x), 7)
    0.4620911
    >>> round(gini(x, correction=True), 7)
    0.5134346

    Weighted by class frequencies (grouped US 1968 data):

    >>> n = [482, 825, 722, 690, 661, 760, 745, 2140, 1911, 1024]
    >>> round(gini(x, n), 7)
    0.3889257
    """
    if correction is False or correction is None:
        name = "none"
    elif correction is True:
        name = "units"
    else:
        name = option(correction, "correction")
    xs, ws = _inputs(x, weights)
    raw = _core.gini(xs, ws, correction=name, nan_policy=option(nan_policy, "nan_policy"))
    return _scalar("gini", raw)


@_labels_in_errors
def lorenz_curve(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> LorenzCurve:
    """Lorenz curve (Lorenzkurve): cumulative value share against cumulative population share.

    ::

        sort ascending;  p_k = C_k / W,  L_k = sum_{j<=k} w_j x_j / S,  plus the point (0, 0)
        L(p) between the points: linear interpolation (equality within each unit)

    Tied values are merged into one point, so a weighted curve and the curve of the replicated
    data have the same points.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values; ``"propagate"`` gives an empty curve.

    Returns
    -------
    LorenzCurve
        ``population_share`` and ``value_share`` arrays, ``share_at(p)``, ``n_used``,
        ``n_dropped``, ``to_pandas()``.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0.

    Examples
    --------
    >>> from bildung.inequality import lorenz_curve
    >>> curve = lorenz_curve([2.0, 1.0, 1.0])
    >>> curve.population_share.round(4).tolist(), curve.value_share.tolist()
    ([0.0, 0.6667, 1.0], [0.0, 0.5, 1.0])
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(lorenz_curve(x).share_at(0.5), 6)    # the poorer half holds 18.5 %
    0.185084
    """
    xs, ws = _inputs(x, weights)
    return lorenz_from_core(
        _core.lorenz_curve(xs, ws, nan_policy=option(nan_policy, "nan_policy"))
    )


@_labels_in_errors
def hoover(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> float:
    """Hoover index (Hoover-Index; Robin Hood, Pietra or Schutz index).

    The share of the total that would have to move between units to reach equality::

        H = sum_i w_i |x_i - mu| / (2 W mu)  =  max_k (p_k - L_k)

    Range ``[0, 1 - w_min/W]``.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        The Hoover index.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0.

    Examples
    --------
    >>> from bildung.inequality import hoover
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(hoover(x), 7)
    0.3378067
    """
    xs, ws = _inputs(x, weights)
    return _scalar("hoover", _core.hoover(xs, ws, nan_policy=option(nan_policy, "nan_policy")))


@_labels_in_errors
def generalized_entropy(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    alpha: float = 0.5,
    nan_policy: str = "raise",
) -> float:
    """Generalised entropy index GE(alpha) (verallgemeinertes Entropiemaß).

    ::

        s_i = x_i / mu,  v_i = w_i / W
        GE(alpha) = 1/(alpha(alpha-1)) sum_i v_i (s_i^alpha - 1)    alpha not in {0, 1}
        GE(1) = Theil T = sum_i v_i s_i ln s_i                      (0 ln 0 := 0)
        GE(0) = MLD     = - sum_i v_i ln s_i
        GE(2) = CV^2 / 2

    ``alpha`` is the sensitivity parameter: small alpha weighs the bottom, large alpha the top of
    the distribution. Numerically stable near 0 and 1. Range ``[0, inf)``. The default
    ``alpha=0.5`` is that of R ``ineq::entropy``. (Naming trap: ``ineq::Theil(x, parameter=0)``
    is GE(1).)

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    alpha : float, default 0.5
        Sensitivity parameter, any finite real number.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        GE(alpha).

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or a zero value with ``alpha <= 0`` (the index would be infinite).
    ParameterError
        Non-finite ``alpha``.
    TypeError
        ``alpha`` is not a real number.

    Examples
    --------
    >>> from bildung.inequality import generalized_entropy
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(generalized_entropy(x), 7)
    0.3770931
    >>> round(generalized_entropy(x, alpha=2), 7)
    0.4204062
    """
    xs, ws = _inputs(x, weights)
    raw = _core.generalized_entropy(
        xs, ws, alpha=real(alpha, "alpha"), nan_policy=option(nan_policy, "nan_policy")
    )
    return _scalar("generalized_entropy", raw)


@_labels_in_errors
def theil(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> float:
    """Theil index T = GE(1) (Theil-Index).

    ::

        T = sum_i v_i s_i ln s_i,   s_i = x_i / mu,  v_i = w_i / W,  0 ln 0 := 0

    Range ``[0, ln n]`` for n equally weighted units (``T / ln n`` is a normalised version).
    Zero values are fine.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        Theil's T.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0.

    Examples
    --------
    >>> from bildung.inequality import theil
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(theil(x), 7)
    0.3623412
    """
    xs, ws = _inputs(x, weights)
    return _scalar("theil", _core.theil(xs, ws, nan_policy=option(nan_policy, "nan_policy")))


@_labels_in_errors
def mean_log_deviation(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> float:
    """Mean log deviation MLD = GE(0) (mittlere logarithmische Abweichung, Theil L).

    ::

        MLD = - sum_i v_i ln s_i,   s_i = x_i / mu,  v_i = w_i / W

    Any zero value makes it infinite, which is reported as :class:`~bildung.UndefinedError`.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        The mean log deviation.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or any zero value.

    Examples
    --------
    >>> from bildung.inequality import mean_log_deviation
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(mean_log_deviation(x), 7)
    0.4335946
    """
    xs, ws = _inputs(x, weights)
    raw = _core.mean_log_deviation(xs, ws, nan_policy=option(nan_policy, "nan_policy"))
    return _scalar("mean_log_deviation", raw)


@_labels_in_errors
def atkinson(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    epsilon: float = 0.5,
    nan_policy: str = "raise",
) -> float:
    """Atkinson index A(epsilon) (Atkinson-Maß).

    ::

        s_i = x_i / mu,  v_i = w_i / W,  d = 1 - epsilon
        A(eps) = 1 - [ sum_i v_i s_i^d ]^(1/d)          eps != 1
        A(1)   = 1 - exp( sum_i v_i ln s_i ) = 1 - exp(-MLD)

    ``epsilon >= 0`` is the inequality aversion. Range ``[0, 1]``. Accurate near
    ``epsilon = 1`` and for large ``epsilon``. The default ``epsilon=0.5`` is that of R
    ``ineq::Atkinson``. Zero values with ``epsilon >= 1`` give 1 with a
    :class:`~bildung.BildungWarning` (flag ``zero_values``).

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    epsilon : float, default 0.5
        Inequality aversion, finite and ``>= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        A(epsilon).

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0.
    ParameterError
        ``epsilon < 0`` or not finite.
    TypeError
        ``epsilon`` is not a real number.

    Warns
    -----
    BildungWarning
        Zero values with ``epsilon >= 1`` (the index is 1).

    Examples
    --------
    >>> from bildung.inequality import atkinson
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(atkinson(x), 7)
    0.1796591
    >>> round(atkinson(x, epsilon=1), 7)
    0.3518251
    """
    xs, ws = _inputs(x, weights)
    raw = _core.atkinson(
        xs, ws, epsilon=real(epsilon, "epsilon"), nan_policy=option(nan_policy, "nan_policy")
    )
    return _scalar("atkinson", raw)


@_labels_in_errors
def coefficient_of_variation(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    form: str = "population",
    nan_policy: str = "raise",
) -> float:
    """Coefficient of variation CV = sigma / mu (Variationskoeffizient).

    ::

        mu = sum w_i x_i / W
        sigma^2 = sum_i (w_i / W) (x_i - mu)^2              form="population" (GE(2) = CV^2 / 2)
        sigma^2 = n/(n-1) * sum_i (w_i / W) (x_i - mu)^2    form="sample", n = number of units

    Range ``[0, sqrt(n-1)]`` unweighted (population form).

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    form : {"population", "sample"}, default "population"
        Divisor of the variance.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        The coefficient of variation.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or ``form="sample"`` with one unit.
    ParameterError
        Unknown ``form``.

    Examples
    --------
    >>> from bildung.inequality import coefficient_of_variation
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(coefficient_of_variation(x), 7)
    0.9169582
    >>> round(coefficient_of_variation(x, form="sample"), 7)
    0.9665588
    """
    xs, ws = _inputs(x, weights)
    raw = _core.coefficient_of_variation(
        xs, ws, form=option(form, "form"), nan_policy=option(nan_policy, "nan_policy")
    )
    return _scalar("coefficient_of_variation", raw)


@_labels_in_errors
def palma(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> float:
    """Palma ratio (Palma-Verhältnis): the top 10 % share over the bottom 40 % share.

    ::

        Palma = (1 - L(0.9)) / L(0.4)      L = Lorenz curve, linear interpolation

    Range ``[0.25, inf)`` (0.25 at equality).

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        The Palma ratio.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or the bottom 40 % hold nothing (``L(0.4) = 0``).

    Examples
    --------
    >>> from bildung.inequality import palma
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(palma(x), 4)
    2.8225
    """
    xs, ws = _inputs(x, weights)
    return _scalar("palma", _core.palma(xs, ws, nan_policy=option(nan_policy, "nan_policy")))


@_labels_in_errors
def s80_s20(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> float:
    """Quintile share ratio S80/S20 (Einkommensquintilverhältnis, S80/S20-Verhältnis).

    The top 20 % share over the bottom 20 % share::

        S80/S20 = (1 - L(0.8)) / L(0.2)    L = Lorenz curve, linear interpolation

    Range ``[1, inf)``.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        S80/S20.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or the bottom 20 % hold nothing (``L(0.2) = 0``).

    Examples
    --------
    >>> from bildung.inequality import s80_s20
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(s80_s20(x), 4)
    17.0484
    """
    xs, ws = _inputs(x, weights)
    return _scalar("s80_s20", _core.s80_s20(xs, ws, nan_policy=option(nan_policy, "nan_policy")))


@overload
def quantile(
    x: npt.ArrayLike,
    p: float,
    weights: Optional[npt.ArrayLike] = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> float: ...


@overload
def quantile(
    x: npt.ArrayLike,
    p: Union[Sequence[float], npt.NDArray[Any]],
    weights: Optional[npt.ArrayLike] = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> npt.NDArray[np.float64]: ...


@_labels_in_errors
def quantile(
    x: npt.ArrayLike,
    p: Union[float, Sequence[float], npt.NDArray[Any]],
    weights: Optional[npt.ArrayLike] = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> Union[float, npt.NDArray[np.float64]]:
    """The p-quantile (Quantil) of ``x``, with optional frequency weights.

    ``p`` may be one probability (a float is returned) or a sequence of them (a float64 array
    is returned, like :func:`numpy.quantile`; the data are sorted once for all of them).

    Hyndman & Fan (1996) definitions with numpy's method names; with weights, ``n`` is the total
    weight ``W`` and ``x_(j)`` the value at expanded position ``j``, so for integer weights every
    rule gives the quantile of the data with each value repeated ``w_i`` times::

        types 4-9:  h = n p + m,  j = floor(h),  g = h - j,  Q = (1-g) x_(j) + g x_(j+1)
          m: 4 interpolated_inverted_cdf = 0, 5 hazen = 1/2, 6 weibull = p,
             7 linear = 1 - p, 8 median_unbiased = (p+1)/3, 9 normal_unbiased = p/4 + 3/8
        type 1 inverted_cdf:           x_(ceil(n p))
        type 2 averaged_inverted_cdf:  as type 1, averaging x_(np) and x_(np+1) where n p is integral
        type 3 closest_observation:    x_(k), k = integer nearest to n p - 1/2, ties to even

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    p : float or sequence of float
        Probability in ``[0, 1]``, or several.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    rule : str, default "linear"
        numpy's method name (``"linear"`` = type 7, the default of R and numpy;
        ``"inverted_cdf"``, ``"median_unbiased"``, ...) or ``"type1"`` .. ``"type9"``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float or numpy.ndarray
        The quantile, or one per probability.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini` (negative values are rejected).
    ParameterError
        ``p`` outside ``[0, 1]``, or unknown ``rule``.
    TypeError
        ``p`` is not a real number.

    Examples
    --------
    >>> from bildung.inequality import quantile
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(quantile(x, 0.1), 6), round(quantile(x, 0.9), 6)
    (1370.8, 12939.7)
    >>> quantile([1, 2, 3, 4], 0.5, rule="inverted_cdf")
    2.0
    >>> quantile(x, [0.1, 0.5, 0.9]).round(1).tolist()
    [1370.8, 4919.0, 12939.7]
    """
    xs, ws = _inputs(x, weights)
    if isinstance(p, np.ndarray) and p.ndim == 0:
        p = p.item()
    if np.ndim(p) > 0:  # a sequence of probabilities (strings and None go to `real` below)
        ps = as_values(p, "p")
        values, _n_used, _n_dropped, flags = _core.quantiles(
            xs,
            ps,
            ws,
            rule=option(rule, "rule"),
            nan_policy=option(nan_policy, "nan_policy"),
        )
        _warn("quantile", flags)
        return values
    raw = _core.quantile(
        xs,
        real(p, "p"),
        ws,
        rule=option(rule, "rule"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return _scalar("quantile", raw)


@_labels_in_errors
def percentile_ratio(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    upper: float = 0.9,
    lower: float = 0.1,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> float:
    """Percentile ratio (Perzentilverhältnis) such as P90/P10.

    ::

        P90/P10 = Q(0.9) / Q(0.1),   Q by the chosen quantile rule (default type 7, "linear")

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    upper, lower : float, default 0.9 and 0.1
        Probabilities in ``[0, 1]`` with ``lower < upper``.
    rule : str, default "linear"
        Quantile rule, as for :func:`quantile`.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        ``Q(upper) / Q(lower)``.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        ``Q(lower) = 0``.
    ParameterError
        ``upper`` or ``lower`` outside ``[0, 1]``, ``lower >= upper``, or unknown ``rule``.
    TypeError
        ``upper`` or ``lower`` is not a real number.

    Examples
    --------
    >>> from bildung.inequality import percentile_ratio
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> round(percentile_ratio(x), 4)
    9.4395
    """
    xs, ws = _inputs(x, weights)
    raw = _core.percentile_ratio(
        xs,
        ws,
        upper=real(upper, "upper"),
        lower=real(lower, "lower"),
        rule=option(rule, "rule"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    return _scalar("percentile_ratio", raw)


@_labels_in_errors
def wolfson(
    x: npt.ArrayLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    rule: str = "linear",
    nan_policy: str = "raise",
) -> float:
    """Wolfson polarisation index (Wolfson-Polarisierungsindex).

    How far the distribution is pulled away from the middle (Wolfson 1994)::

        W = 2 (2 T - G) mu / m,   T = 0.5 - L(0.5)
        G = Gini, L = Lorenz curve (linear interpolation), mu = mean, m = median (by rule)

    Range ``[0, 1]``: 0 when all values are equal, 1 when half of the population has nothing and
    the other half shares everything equally. PySAL ``inequality.wolfson`` omits the leading
    factor 2 (its values are half of these).

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    rule : str, default "linear"
        Quantile rule of the median, as for :func:`quantile`.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values.

    Returns
    -------
    float
        The Wolfson index.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`.
    UndefinedError
        All values 0, or a median of 0.
    ParameterError
        Unknown ``rule``.

    Examples
    --------
    Half the units have 0, half have 2 (median 1 by the linear rule):

    >>> from bildung.inequality import wolfson
    >>> wolfson([0.0, 0.0, 2.0, 2.0])
    1.0
    """
    xs, ws = _inputs(x, weights)
    raw = _core.wolfson(
        xs, ws, rule=option(rule, "rule"), nan_policy=option(nan_policy, "nan_policy")
    )
    return _scalar("wolfson", raw)


@_labels_in_errors
def ge_decomposition(
    x: npt.ArrayLike,
    groups: GroupsLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    alpha: float = 1.0,
    nan_policy: str = "raise",
) -> GeDecomposition:
    """Decomposition of GE(alpha) into within-group and between-group inequality
    (Zerlegung nach Gruppen; Shorrocks 1980), e.g. Kreise within Länder.

    ::

        v_g = W_g / W,  s_g = S_g / S,  mu_g = S_g / W_g
        GE(alpha) = sum_g v_g^(1-alpha) s_g^alpha GE_g(alpha)    (within)
                  + GE_between(alpha)                            (between: every unit given
                                                                  its group mean)
        Theil T (alpha = 1): within weights s_g;  MLD (alpha = 0): within weights v_g

    ``total = within + between`` holds exactly (up to rounding).

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    groups : array-like of hashable
        Group label of each unit (strings such as Land names, integers, a categorical).
        ``None``, NaN and ``pd.NA`` mark a missing label, handled by ``nan_policy``.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    alpha : float, default 1.0
        Sensitivity parameter (1 = Theil T, 0 = MLD).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values and missing group labels.

    Returns
    -------
    GeDecomposition
        ``total``, ``within``, ``between``, ``alpha``, ``n_used``, ``n_dropped`` and ``groups``:
        a DataFrame indexed by the group labels with columns ``n``, ``population_share``,
        ``value_share``, ``mean``, ``inequality`` (GE within the group) and ``contribution``.

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`; also ``groups`` of another length.
    UndefinedError
        All values 0; a zero value with ``alpha <= 0``.
    ParameterError
        Non-finite ``alpha``.
    TypeError
        Non-numeric ``x``, unhashable labels, ``alpha`` not a real number.

    Examples
    --------
    >>> from bildung.inequality import ge_decomposition
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> groups = ["low"] * 6 + ["high"] * 4
    >>> d = ge_decomposition(x, groups)
    >>> round(d.total, 6), round(d.within, 6), round(d.between, 6)
    (0.362341, 0.133424, 0.228918)
    >>> d.groups["n"].tolist()      # groups in sorted label order: "high", "low"
    [4, 6]
    """
    check_aligned(x=x, groups=groups, weights=weights)
    xs, ws = as_values(x, "x"), as_optional_values(weights, "weights")
    codes, labels = as_group_codes(groups, "groups")
    raw = _core.ge_decomposition(
        xs, codes, ws, alpha=real(alpha, "alpha"), nan_policy=option(nan_policy, "nan_policy")
    )
    return ge_from_core(raw, labels)


@_labels_in_errors
def gini_decomposition(
    x: npt.ArrayLike,
    groups: GroupsLike,
    weights: Optional[npt.ArrayLike] = None,
    *,
    nan_policy: str = "raise",
) -> GiniDecomposition:
    """Decomposition of the Gini coefficient into within-group, between-group and overlap terms
    (Gini-Zerlegung; Pyatt 1976, Lambert & Aronson 1993).

    ::

        G = sum_g v_g s_g G_g   (within)
          + G_between           (Gini with every unit given its group mean, weights kept)
          + R                   (overlap / re-ranking term, >= 0; 0 iff the group ranges
                                 do not overlap)

    The Gini coefficient is not additively decomposable: never read ``within + between`` as the
    total.

    Parameters
    ----------
    x : array-like of float
        Values ``x_i >= 0``.
    groups : array-like of hashable
        Group label of each unit; ``None``, NaN and ``pd.NA`` mark a missing label.
    weights : array-like of float, optional
        Frequency weights ``w_i >= 0``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with missing values and missing group labels.

    Returns
    -------
    GiniDecomposition
        ``total``, ``within``, ``between``, ``overlap``, ``n_used``, ``n_dropped`` and
        ``groups`` (DataFrame indexed by the group labels).

    Raises
    ------
    MissingValueError, NonFiniteError, NegativeValueError, EmptyInputError, ShapeError
        As for :func:`gini`; also ``groups`` of another length.
    UndefinedError
        All values 0.
    TypeError
        Non-numeric ``x`` or unhashable labels.

    Examples
    --------
    >>> from bildung.inequality import gini_decomposition
    >>> x = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
    >>> d = gini_decomposition(x, ["low"] * 6 + ["high"] * 4)
    >>> round(d.within, 6), round(d.between, 6), abs(d.overlap) < 1e-12
    (0.128288, 0.333803, True)
    """
    check_aligned(x=x, groups=groups, weights=weights)
    xs, ws = as_values(x, "x"), as_optional_values(weights, "weights")
    codes, labels = as_group_codes(groups, "groups")
    raw = _core.gini_decomposition(xs, codes, ws, nan_policy=option(nan_policy, "nan_policy"))
    return gini_from_core(raw, labels)

