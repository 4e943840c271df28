"""Segregation of groups across areas (Segregation, Segregationsindizes).

How unevenly pupils of different backgrounds, school types or Bildungsempfehlungen are spread
over Ortsteile or schools. Notation (methods.md 2.1):

* **two-group** functions take the focal-group counts ``x_i`` and the area totals ``t_i``;
  ``y_i = t_i - x_i``, ``X = sum x_i``, ``T = sum t_i``, ``P = X / T``, ``p_i = x_i / t_i``;
* **multigroup** functions take a count table ``counts`` ``n_ij``, areas (rows) x groups
  (columns); ``t_i = sum_j n_ij``, ``N_j = sum_i n_ij``, ``P_j = N_j / T``,
  ``p_ij = n_ij / t_i``, ``I = sum_j P_j (1 - P_j)``, ``E = -sum_j P_j ln P_j``.

==================================================  ==========================================
function                                            German term
==================================================  ==========================================
:func:`dissimilarity`                               Segregationsindex (Dissimilaritätsindex) D
:func:`gini_segregation`                            Gini-Segregationsindex
:func:`entropy_index`                               Entropieindex H (Theil)
:func:`isolation`, :func:`exposure`                 Isolations-, Kontaktindex
:func:`correlation_ratio`                           Korrelationsverhältnis eta²
:func:`atkinson_segregation`                        Atkinson-Segregationsindex
:func:`hutchens`, :func:`minmax`                    Quadratwurzelindex, MinMax-Index
:func:`concentration_profile`                       Konzentrationsprofil
:func:`density_corrected_dissimilarity`             dichtekorrigierter Dissimilaritätsindex
:func:`expected_under_random_allocation`            Erwartungswerte bei Zufallsverteilung
:func:`carrington_troske`                           systematische Segregation (Carrington-Troske)
:func:`winship_expected_dissimilarity`              Winships Erwartungswert von D
:func:`bias_corrected_dissimilarity`                biaskorrigiertes D (Bootstrap, exakt)
:func:`self_excluded_separation`                    Separationsindex ohne Selbstkontakt
:func:`multi_dissimilarity`, :func:`multi_gini`     D und Gini für mehrere Gruppen
:func:`mutual_information`, :func:`divergence`      Transinformation M, Divergenzindex
:func:`multi_information_theory`                    Theils Informationsindex H
:func:`normalized_exposure`                         normierte Kontaktwahrscheinlichkeit
:func:`relative_diversity`                          relative Diversität
:func:`squared_coefficient_of_variation`            quadrierter Variationskoeffizient
:func:`shannon_diversity`, :func:`simpson_*`        Shannon-, Simpson-Index (Diversität)
:func:`rank_order_information_theory`, ...          Rangordnungs-Segregation
:func:`location_quotient`, :func:`local_*`          Standortquotient, lokale Indizes
:func:`mutual_information_decomposition`            Zerlegung von M und H nach Bezirken
==================================================  ==========================================

Conventions shared by every function:

* ``x`` and ``t``: numpy arrays (any numeric dtype, any strides; float64 is not copied), lists,
  tuples or pandas Series (nullable dtypes with ``pd.NA`` as missing). Two Series with
  different indexes raise :class:`~bildung.ShapeError`.
* ``counts``: a two-dimensional numpy array (any numeric dtype, any strides; float64 is not
  copied), a list of rows, or a pandas DataFrame (columns = groups, index = areas; nullable
  dtypes with ``pd.NA`` as missing). A one-dimensional array or a Series raises
  :class:`~bildung.ShapeError`.
* ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError`; ``"omit"``
  drops the area; ``"propagate"`` returns NaN (local indices: NaN for that area only).
  Infinity raises :class:`~bildung.NonFiniteError`; a negative count or ``x_i > t_i`` raises
  :class:`~bildung.InvalidCountError`. Areas with no population are left out (``n_empty``).
* An index that does not exist for valid input (an empty group, fewer than two groups with
  members) raises :class:`~bildung.UndefinedError`.
* Warnings (:class:`~bildung.BildungWarning`) for flags: ``single_area`` (one area: evenness
  indices are 0), ``empty_groups`` (groups with total 0 left out), ``negative_after_correction``.
* Local indices return a pandas DataFrame (the input's index, a value column per group or one
  column named like the function, and a categorical ``status`` column ``ok`` / ``missing`` /
  ``empty``) when ``counts`` is a DataFrame, else a :class:`LocalResult`.
* Options are keyword-only; an unknown option name raises :class:`~bildung.ParameterError`, an
  option of the wrong type :class:`TypeError`. The computation runs in Rust with the GIL
  released.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Hashable, List, Sequence, Tuple, TypeVar, Union

import numpy as np
import numpy.typing as npt

from . import _core
from ._convert import (
    _loaded_pandas,
    as_group_codes,
    as_integer,
    as_table,
    as_values,
    check_aligned,
    flag,
    option,
    optional_pandas,
    real,
)
from ._labels import labels_in_errors
from ._seg_results import (
    BiasCorrectedDissimilarity,
    ConcentrationProfile,
    LocalResult,
    MutualInformationDecomposition,
    RandomAllocationExpectation,
    RankOrderSegregation,
    WinshipExpectation,
    decomposition_from_core,
    local_frame,
)
from .exceptions import BildungWarning, ParameterError

__all__ = [
    "BiasCorrectedDissimilarity",
    "ConcentrationProfile",
    "LocalResult",
    "MutualInformationDecomposition",
    "RandomAllocationExpectation",
    "RankOrderSegregation",
    "WinshipExpectation",
    "atkinson_segregation",
    "bias_corrected_dissimilarity",
    "carrington_troske",
    "concentration_profile",
    "correlation_ratio",
    "density_corrected_dissimilarity",
    "dissimilarity",
    "divergence",
    "entropy_index",
    "expected_under_random_allocation",
    "exposure",
    "gini_segregation",
    "hutchens",
    "isolation",
    "local_entropy",
    "local_mutual_information",
    "local_simpson_concentration",
    "local_simpson_interaction",
    "location_quotient",
    "minmax",
    "multi_dissimilarity",
    "multi_gini",
    "multi_information_theory",
    "mutual_information",
    "mutual_information_decomposition",
    "normalized_exposure",
    "rank_order_information_theory",
    "rank_order_variance_ratio",
    "relative_diversity",
    "self_excluded_separation",
    "shannon_diversity",
    "simpson_concentration",
    "simpson_interaction",
    "squared_coefficient_of_variation",
    "winship_expected_dissimilarity",
]

#: Table of counts: 2-D array-like or pandas DataFrame (areas x groups).
TableLike = Any
#: Array-like of district labels: strings, integers, categoricals, any hashable values.
LabelsLike = Union[npt.ArrayLike, Sequence[Hashable]]
#: Result of a local index: a DataFrame for DataFrame input, else a LocalResult.
LocalLike = Any

#: Largest number of thresholds of :func:`concentration_profile`.
MAX_CONCENTRATION_PROFILE_POINTS = 10_000_000

_FLAG_MESSAGES = {
    "single_area": "only one area has population, so the evenness index is 0 by construction",
    "empty_groups": "groups with a total of 0 were left out",
    "negative_after_correction": (
        "the corrected value is negative: the observed index is within what random allocation "
        "produces"
    ),
}
_SILENT_FLAGS = frozenset({"missing_propagated", "clamped"})

_F = TypeVar("_F", bound=Callable[..., Any])
#: Input errors name the pandas labels of the offending area (see :mod:`bildung._labels`).
_labels_in_errors = labels_in_errors("x", "t", "counts", "districts")


def _warn(measure: str, flags: Sequence[str], stacklevel: int = 5) -> None:
    for name in flags:
        if name in _SILENT_FLAGS:
            continue
        text = _FLAG_MESSAGES.get(name, "the result carries a warning flag")
        # frames: warn <- _warn <- _scalar <- measure <- _labels_in_errors wrapper <- caller
        warnings.warn(
            BildungWarning(f"{measure}: {text} (flag {name})", flag=name), stacklevel=stacklevel
        )


def _scalar(measure: str, raw: Tuple[float, int, int, List[str]]) -> float:
    value, _n_used, _n_dropped, flags = raw
    _warn(measure, flags)
    return float(value)


def _xt(x: Any, t: Any) -> Tuple[np.ndarray, np.ndarray]:
    check_aligned(x=x, t=t)
    return as_values(x, "x"), as_values(t, "t")


def _nan(nan_policy: Any) -> str:
    return option(nan_policy, "nan_policy")


def _bookkeeping(raw: Any) -> Any:
    return {
        "n_used": raw["n_used"],
        "n_dropped": raw["n_dropped"],
        "n_empty": raw["n_empty"],
        "flags": tuple(raw["flags"]),
    }


def _local(measure: str, raw: Any, counts: Any) -> LocalLike:
    """A DataFrame on the input's index for DataFrame input, else a :class:`LocalResult`."""
    _warn(measure, raw["flags"], stacklevel=4)
    values = raw["values"]
    status = np.array(raw["status"], dtype=object)
    pd = _loaded_pandas()
    if pd is not None and isinstance(counts, pd.DataFrame):
        frame = local_frame(pd, values, status, measure, counts.index, counts.columns)
        frame.attrs.update(_bookkeeping(raw))
        frame.attrs["flags"] = list(raw["flags"])
        return frame
    return LocalResult(values=values, status=status, measure=measure, **_bookkeeping(raw))


# --- two-group indices ---------------------------------------------------------------------


_XT = """x : array-like of float
        Focal-group counts ``x_i >= 0``, one per area.
    t : array-like of float
        Area totals ``t_i >= x_i``, same length as ``x``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with an area with a missing count."""

_XT_RAISES = """MissingValueError
        NaN under ``nan_policy="raise"``.
    InvalidCountError
        A negative count, or ``x_i > t_i``.
    NonFiniteError, EmptyInputError, ShapeError
        Infinite counts, no area, ``x`` and ``t`` of different lengths.
    UndefinedError
        One of the two groups is empty, or no area has population.
    TypeError
        Non-numeric input."""

_TABLE = """counts : array-like or pandas.DataFrame
        Counts ``n_ij >= 0``, areas (rows) x groups (columns).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with an area with a missing count."""

_TABLE_RAISES = """MissingValueError
        NaN under ``nan_policy="raise"``.
    InvalidCountError
        A negative count.
    NonFiniteError, EmptyInputError
        Infinite counts; no rows (or none left after omitting).
    ShapeError
        ``counts`` is not two-dimensional.
    UndefinedError
        Fewer than two groups with members, or no area with population.
    TypeError
        Non-numeric input."""

_EXAMPLE_XT = """>>> x = [12, 30, 5, 40, 13]
    >>> t = [60, 80, 50, 90, 70]"""

_EXAMPLE_TABLE = """>>> counts = [[12, 30, 18], [30, 35, 15], [5, 40, 5], [40, 30, 20], [13, 37, 20]]"""


_DIVERSITY_RAISES = """MissingValueError, InvalidCountError, NonFiniteError, EmptyInputError, ShapeError
        As for :func:`multi_dissimilarity`.
    UndefinedError
        Total 0; or ``normalized`` with a single column.
    TypeError
        Non-numeric input, or ``normalized`` not a bool."""


_RANK_EXAMPLE = """>>> counts = [
    ...     [10, 20, 30, 25, 10, 5],
    ...     [5, 10, 20, 30, 20, 15],
    ...     [30, 25, 20, 10, 10, 5],
    ...     [8, 12, 25, 25, 18, 12],
    ...     [2, 5, 10, 20, 30, 33],
    ... ]"""


def _doc(func: _F) -> _F:
    """Fill the shared parts of a docstring (``@XT@``, ``@XT_RAISES@``, ...)."""
    doc = func.__doc__ or ""
    for key, text in (
        ("@XT@", _XT),
        ("@XT_RAISES@", _XT_RAISES),
        ("@TABLE@", _TABLE),
        ("@TABLE_RAISES@", _TABLE_RAISES),
        ("@EXAMPLE_XT@", _EXAMPLE_XT),
        ("@EXAMPLE_TABLE@", _EXAMPLE_TABLE),
        ("@DIVERSITY_RAISES@", _DIVERSITY_RAISES),
        ("@RANK_EXAMPLE@", _RANK_EXAMPLE),
    ):
        doc = doc.replace(key, text)
    func.__doc__ = doc
    return func


@_labels_in_errors
@_doc
def dissimilarity(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Dissimilarity index D (Segregationsindex, Dissimilaritätsindex; Duncan & Duncan 1955).

    The share of either group that would have to move to another area for both groups to be
    spread evenly::

        D = 1/2 sum_i | x_i / X - y_i / Y |  =  sum_i t_i |p_i - P| / (2 T P (1 - P))

    Range ``[0, 1]``. Biased upwards in small areas: see :func:`expected_under_random_allocation`.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        D (NaN under ``nan_policy="propagate"`` with a missing count).

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    Five Ortsteile (methods.md 2.8):

    >>> from bildung.segregation import dissimilarity
    @EXAMPLE_XT@
    >>> round(dissimilarity(x, t), 7)
    0.3
    """
    xs, ts = _xt(x, t)
    return _scalar("dissimilarity", _core.dissimilarity(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def gini_segregation(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Gini segregation index G (Gini-Segregationsindex).

    The mean absolute difference of the focal group's share between all pairs of persons,
    relative to its maximum::

        G = sum_i sum_l t_i t_l |p_i - p_l| / (2 T^2 P (1 - P))  =  Gini_w(p; t) / (1 - P)

    Computed in ``O(k log k)``. Range ``[0, 1]``.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        G.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import gini_segregation
    @EXAMPLE_XT@
    >>> round(gini_segregation(x, t), 7)
    0.3464
    """
    xs, ts = _xt(x, t)
    raw = _core.gini_segregation(xs, ts, nan_policy=_nan(nan_policy))
    return _scalar("gini_segregation", raw)


@_labels_in_errors
@_doc
def entropy_index(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Theil's entropy index H for two groups (Entropieindex, informationstheoretischer Index).

    ::

        H = sum_i t_i (E - E_i) / (E T),   E = -P ln P - (1-P) ln(1-P),  E_i the same with p_i

    Range ``[0, 1]``; equals the multigroup H (:func:`multi_information_theory`) with two groups.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        H.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import entropy_index
    @EXAMPLE_XT@
    >>> round(entropy_index(x, t), 7)
    0.0705275
    """
    xs, ts = _xt(x, t)
    return _scalar("entropy_index", _core.entropy_index(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def isolation(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Isolation index xPx (Isolationsindex; Bell 1954, Lieberson 1981).

    The focal-group share in the area of the average focal-group member::

        xPx = sum_i (x_i / X) (x_i / t_i)

    Range ``[P, 1]``; depends on the overall share ``P`` (see :func:`correlation_ratio`).

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        xPx.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import isolation
    @EXAMPLE_XT@
    >>> round(isolation(x, t), 7)
    0.3434206
    """
    xs, ts = _xt(x, t)
    return _scalar("isolation", _core.isolation(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def exposure(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Exposure (interaction) index xPy (Kontakt- oder Expositionsindex; Bell 1954).

    The share of the *other* group in the area of the average focal-group member::

        xPy = sum_i (x_i / X) (y_i / t_i)  =  1 - xPx

    Range ``[0, 1 - P]``. Asymmetric: ``X xPy = Y yPx``; yPx is ``exposure(t - x, t)``.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        xPy.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import exposure
    @EXAMPLE_XT@
    >>> round(exposure(x, t), 7)
    0.6565794
    >>> y = [ti - xi for xi, ti in zip(x, t)]
    >>> round(exposure(y, t), 7)
    0.2626317
    """
    xs, ts = _xt(x, t)
    return _scalar("exposure", _core.exposure(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def correlation_ratio(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Correlation ratio eta² (Korrelationsverhältnis; separation index, White 1986).

    The isolation index adjusted for the overall share::

        eta^2 = (xPx - P) / (1 - P)  =  sum_i t_i (p_i - P)^2 / (T P (1 - P))

    Range ``[0, 1]``; under random allocation ``E[eta^2] = (k - 1) / (T - 1)``.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        eta².

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import correlation_ratio
    @EXAMPLE_XT@
    >>> round(correlation_ratio(x, t), 7)
    0.0807889
    """
    xs, ts = _xt(x, t)
    raw = _core.correlation_ratio(xs, ts, nan_policy=_nan(nan_policy))
    return _scalar("correlation_ratio", raw)


@_labels_in_errors
@_doc
def atkinson_segregation(
    x: npt.ArrayLike, t: npt.ArrayLike, *, b: float = 0.5, nan_policy: str = "raise"
) -> float:
    """Atkinson segregation index A(b) (Atkinson-Segregationsindex; James & Taeuber 1985).

    ::

        A(b) = 1 - P/(1-P) * | sum_i (1 - p_i)^(1-b) p_i^b t_i / (P T) |^(1/(1-b)),   0 < b < 1

    ``b > 0.5`` weighs areas where the focal group is over-represented, ``b < 0.5`` those where
    it is under-represented; ``b = 0.5`` is symmetric (PySAL ``Atkinson``). Range ``[0, 1]``.

    Parameters
    ----------
    @XT@
    b : float, default 0.5
        Shape parameter, strictly between 0 and 1.

    Returns
    -------
    float
        A(b).

    Raises
    ------
    @XT_RAISES@
    ParameterError
        ``b`` not strictly between 0 and 1.

    Examples
    --------
    >>> from bildung.segregation import atkinson_segregation
    @EXAMPLE_XT@
    >>> round(atkinson_segregation(x, t), 7)
    0.1039256
    >>> round(atkinson_segregation(x, t, b=0.1), 7)
    0.0225099
    """
    xs, ts = _xt(x, t)
    raw = _core.atkinson_segregation(xs, ts, b=real(b, "b"), nan_policy=_nan(nan_policy))
    return _scalar("atkinson_segregation", raw)


@_labels_in_errors
@_doc
def hutchens(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """Hutchens' square root index S (Quadratwurzelindex; Hutchens 2004).

    One minus the Bhattacharyya coefficient of the two groups' distributions over the areas::

        S = 1 - sum_i sqrt(x_i / X) sqrt(y_i / Y)

    Range ``[0, 1]``; additively decomposable by districts.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        S.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import hutchens
    @EXAMPLE_XT@
    >>> round(hutchens(x, t), 10)
    0.053387942
    """
    xs, ts = _xt(x, t)
    return _scalar("hutchens", _core.hutchens(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def minmax(x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise") -> float:
    """MinMax index (MinMax-Index; O'Sullivan & Wong 2007).

    ::

        MM = 1 - sum_i min(x_i / X, y_i / Y) / sum_i max(x_i / X, y_i / Y)  =  2 D / (1 + D)

    Range ``[0, 1]``; a monotone transformation of :func:`dissimilarity`.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        MM.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import minmax
    @EXAMPLE_XT@
    >>> round(minmax(x, t), 7)     # D = 0.3, so 0.6 / 1.3
    0.4615385
    """
    xs, ts = _xt(x, t)
    return _scalar("minmax", _core.minmax(xs, ts, nan_policy=_nan(nan_policy)))


@_labels_in_errors
@_doc
def density_corrected_dissimilarity(
    x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise"
) -> float:
    """Density-corrected dissimilarity index (dichtekorrigiertes D; Allen et al. 2015).

    ::

        p0_i = x_i / X,   p1_i = y_i / Y
        sigma_i = sqrt( p1_i (1 - p1_i) / Y + p0_i (1 - p0_i) / X )
        theta_i = |p1_i - p0_i| / sigma_i                  (so D = 1/2 sum_i sigma_i theta_i)
        n(theta) = 0 if theta <= 1, else the root m > 0 of m = theta tanh(theta m)
        D_dc = 1/2 sum_i sigma_i n(theta_i)

    Each area's difference of shares is replaced by its maximum-likelihood value under the
    folded-normal sampling model (PySAL ``DensityCorrectedDissim``, solved exactly), so
    ``0 <= D_dc <= D``; one area gives 0.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        The density-corrected D.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import density_corrected_dissimilarity
    @EXAMPLE_XT@
    >>> round(density_corrected_dissimilarity(x, t), 7)
    0.2997769
    """
    xs, ts = _xt(x, t)
    raw = _core.density_corrected_dissimilarity(xs, ts, nan_policy=_nan(nan_policy))
    return _scalar("density_corrected_dissimilarity", raw)


@_labels_in_errors
@_doc
def self_excluded_separation(
    x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise"
) -> float:
    """Self-excluded separation index S_u (Separationsindex ohne Selbstkontakt; Fossett 2017).

    The focal-group share among the *other* pupils of the area of the average focal-group pupil
    minus that of the average other pupil ("unbiased eta²")::

        S_u = sum_i (x_i/X) (x_i - 1)/(t_i - 1)  -  sum_i (y_i/Y) x_i/(t_i - 1)

    Its expectation under random allocation is ``-1/(T - 1)``: no small-unit correction needed.

    Parameters
    ----------
    @XT@

    Returns
    -------
    float
        S_u.

    Raises
    ------
    @XT_RAISES@

    Examples
    --------
    >>> from bildung.segregation import self_excluded_separation
    @EXAMPLE_XT@
    >>> round(self_excluded_separation(x, t), 7)
    0.068259
    """
    xs, ts = _xt(x, t)
    raw = _core.self_excluded_separation(xs, ts, nan_policy=_nan(nan_policy))
    return _scalar("self_excluded_separation", raw)


@_labels_in_errors
@_doc
def carrington_troske(
    x: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    index: str = "dissimilarity",
    nan_policy: str = "raise",
) -> float:
    """Carrington & Troske's systematic segregation index (Segregation über den Zufall hinaus).

    The observed index ``I`` rescaled by its exact expectation ``I*`` under random allocation
    with fixed margins (:func:`expected_under_random_allocation`; no simulation)::

        I_CT = (I - I*) / (1 - I*)    if I >= I*
             = (I - I*) / I*          if I <  I*

    Range ``[-1, 1]``; negative = more even than random allocation (warning
    ``negative_after_correction``).

    Parameters
    ----------
    @XT@
    index : {"dissimilarity", "entropy_index", "correlation_ratio"}, default "dissimilarity"
        The index ``I``.

    Returns
    -------
    float
        I_CT.

    Raises
    ------
    @XT_RAISES@
        Also every area having one pupil.
    InvalidCountError
        Also a count that is not an integer.
    ParameterError
        Unknown ``index``.

    Examples
    --------
    >>> from bildung.segregation import carrington_troske
    @EXAMPLE_XT@
    >>> round(carrington_troske(x, t), 7)
    0.2276089
    >>> round(carrington_troske(x, t, index="entropy_index"), 7)
    0.0614551
    """
    xs, ts = _xt(x, t)
    raw = _core.carrington_troske(
        xs, ts, index=option(index, "index"), nan_policy=_nan(nan_policy)
    )
    return _scalar("carrington_troske", raw)


@_labels_in_errors
@_doc
def concentration_profile(
    x: npt.ArrayLike, t: npt.ArrayLike, *, points: int = 1000, nan_policy: str = "raise"
) -> ConcentrationProfile:
    """Concentration profile and index R (Konzentrationsprofil; Hong & Sadahiro 2014).

    For each threshold ``g`` the share ``v(g)`` of the focal group living in areas where its
    share is at least ``g``, and the summary index R (PySAL ``ConProf`` line for line)::

        g_j  = j / (m - 1),  j = 0..m-1                  (m = points)
        v(g) = sum_{i: p_i >= g} x_i / X
        R    = ( P - ( sum_{g_j < P} v(g_j) / m  -  sum_{g_j >= P} v(g_j) / m ) ) / (1 - P)

    Range ``[0, 1]`` up to a discretisation error of order ``1 / points``.

    Parameters
    ----------
    @XT@
    points : int, default 1000
        Number of thresholds ``m`` (PySAL's fixed 1000), from 2 to 10,000,000.

    Returns
    -------
    ConcentrationProfile
        ``value`` (R), ``thresholds``, ``shares``, ``n_used``, ``n_dropped``, ``n_empty``.

    Raises
    ------
    @XT_RAISES@
    ParameterError
        ``points`` out of range.

    Examples
    --------
    >>> from bildung.segregation import concentration_profile
    @EXAMPLE_XT@
    >>> c = concentration_profile(x, t)
    >>> round(c.value, 6), len(c.thresholds), float(c.shares[0])
    (0.171688, 1000, 1.0)
    """
    xs, ts = _xt(x, t)
    m = as_integer(points, "points")
    if not 2 <= m <= MAX_CONCENTRATION_PROFILE_POINTS:
        raise ParameterError(
            f"invalid parameter points = {m}: the profile needs between 2 and "
            f"{MAX_CONCENTRATION_PROFILE_POINTS} thresholds"
        )
    raw = _core.concentration_profile(xs, ts, points=m, nan_policy=_nan(nan_policy))
    _warn("concentration_profile", raw["flags"], stacklevel=4)
    return ConcentrationProfile(
        value=raw["value"], thresholds=raw["thresholds"], shares=raw["shares"], **_bookkeeping(raw)
    )


@_labels_in_errors
@_doc
def expected_under_random_allocation(
    x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise"
) -> RandomAllocationExpectation:
    """Exact expectations of D, H, eta² and xPx under random allocation (Erwartungswerte bei
    Zufallsverteilung; methods.md 2.6).

    Pupils randomly permuted across areas of the observed sizes (both margins fixed), so
    ``x_i ~ Hyp(T, X, t_i)``::

        E[D]     = sum_i E|x_i - t_i P| / (2 T P (1 - P))      (closed form per area)
        E[H]     = sum_i t_i E[KL(p_i || P)] / (E T)
        E[eta^2] = (k - 1) / (T - 1)
        E[xPx]   = P + (1 - P) (k - 1) / (T - 1)

    The value to report next to an observed index; what a permutation test simulates.

    Parameters
    ----------
    @XT@

    Returns
    -------
    RandomAllocationExpectation
        ``dissimilarity``, ``entropy_index``, ``correlation_ratio``, ``isolation`` and the
        bookkeeping.

    Raises
    ------
    @XT_RAISES@
    InvalidCountError
        Also a count that is not an integer.

    Examples
    --------
    >>> from bildung.segregation import expected_under_random_allocation
    @EXAMPLE_XT@
    >>> e = expected_under_random_allocation(x, t)
    >>> round(e.dissimilarity, 7), round(e.entropy_index, 7), round(e.correlation_ratio, 7)
    (0.0937234, 0.0096665, 0.0114613)
    """
    xs, ts = _xt(x, t)
    raw = _core.expected_under_random_allocation(xs, ts, nan_policy=_nan(nan_policy))
    _warn("expected_under_random_allocation", raw["flags"], stacklevel=4)
    return RandomAllocationExpectation(
        dissimilarity=raw["dissimilarity"],
        entropy_index=raw["entropy_index"],
        correlation_ratio=raw["correlation_ratio"],
        isolation=raw["isolation"],
        **_bookkeeping(raw),
    )


@_labels_in_errors
@_doc
def winship_expected_dissimilarity(
    x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise"
) -> WinshipExpectation:
    """Winship's (1977) expected dissimilarity under binomial allocation with ``P`` fixed
    (Winships Erwartungswert von D).

    ::

        E[D]  = sum_i E|x_i - t_i P| / (2 T P (1 - P)),   x_i ~ Bin(t_i, P)
        exact:  E|B - n p| = 2 v C(n, v) p^v (1 - p)^(n - v + 1),  v = floor(n p) + 1
        normal: E[D] ~ sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))

    For comparison with studies that used this benchmark; it overstates the expectation (report
    :func:`expected_under_random_allocation` instead).

    Parameters
    ----------
    @XT@

    Returns
    -------
    WinshipExpectation
        ``exact``, ``normal_approximation`` and the bookkeeping.

    Raises
    ------
    @XT_RAISES@
    InvalidCountError
        Also a count that is not an integer.

    Examples
    --------
    >>> from bildung.segregation import winship_expected_dissimilarity
    @EXAMPLE_XT@
    >>> w = winship_expected_dissimilarity(x, t)
    >>> round(w.exact, 7), round(w.normal_approximation, 7)
    (0.1049952, 0.1049995)
    """
    xs, ts = _xt(x, t)
    raw = _core.winship_expected_dissimilarity(xs, ts, nan_policy=_nan(nan_policy))
    _warn("winship_expected_dissimilarity", raw["flags"], stacklevel=4)
    return WinshipExpectation(
        exact=raw["exact"],
        normal_approximation=raw["normal_approximation"],
        **_bookkeeping(raw),
    )


@_labels_in_errors
@_doc
def bias_corrected_dissimilarity(
    x: npt.ArrayLike, t: npt.ArrayLike, *, nan_policy: str = "raise"
) -> BiasCorrectedDissimilarity:
    """Bootstrap bias-corrected dissimilarity index (biaskorrigiertes D; Allen et al. 2015),
    with the bootstrap expectation computed exactly (``B = infinity``, no random numbers).

    ::

        D_bc  = 2 D - E[D*]
        E[D*] = 1/2 sum_i E| x*_i / X - y*_i / Y |,   x*_i ~ Bin(X, x_i/X),  y*_i ~ Bin(Y, y_i/Y)

    Can be negative (warning ``negative_after_correction``): the observed D is within what
    chance produces.

    Parameters
    ----------
    @XT@

    Returns
    -------
    BiasCorrectedDissimilarity
        ``value`` (D_bc), ``observed`` (D), ``expected_bootstrap`` (E[D*]) and the bookkeeping.

    Raises
    ------
    @XT_RAISES@
    InvalidCountError
        Also a count that is not an integer.

    Examples
    --------
    >>> from bildung.segregation import bias_corrected_dissimilarity
    @EXAMPLE_XT@
    >>> b = bias_corrected_dissimilarity(x, t)
    >>> round(b.observed, 7), round(b.expected_bootstrap, 7), round(b.value, 7)
    (0.3, 0.3014619, 0.2985381)
    """
    xs, ts = _xt(x, t)
    raw = _core.bias_corrected_dissimilarity(xs, ts, nan_policy=_nan(nan_policy))
    _warn("bias_corrected_dissimilarity", raw["flags"], stacklevel=4)
    return BiasCorrectedDissimilarity(
        value=raw["value"],
        observed=raw["observed"],
        expected_bootstrap=raw["expected_bootstrap"],
        **_bookkeeping(raw),
    )


# --- multigroup indices --------------------------------------------------------------------


def _table_scalar(measure: str, counts: Any, nan_policy: Any, **options: Any) -> float:
    table = as_table(counts, "counts")
    raw = getattr(_core, measure)(table, nan_policy=_nan(nan_policy), **options)
    value, _n_used, _n_dropped, flags = raw
    # frames: warn <- _warn <- _table_scalar <- measure <- wrapper <- caller
    _warn(measure, flags)
    return float(value)


@_labels_in_errors
@_doc
def multi_dissimilarity(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Multigroup dissimilarity index D_m (Dissimilaritätsindex für mehrere Gruppen; Morgan
    1975, Sakoda 1981).

    ::

        D_m = sum_i sum_j t_i |p_ij - P_j| / (2 T I),   I = sum_j P_j (1 - P_j)

    Range ``[0, 1]``; equals :func:`dissimilarity` with two groups. Groups with total 0 are left
    out (warning ``empty_groups``); one area gives 0 (warning ``single_area``).

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        D_m.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    Five Ortsteile, three groups (methods.md 2.8):

    >>> from bildung.segregation import multi_dissimilarity
    @EXAMPLE_TABLE@
    >>> round(multi_dissimilarity(counts), 7)
    0.2232143
    """
    return _table_scalar("multi_dissimilarity", counts, nan_policy)


@_labels_in_errors
@_doc
def multi_gini(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Multigroup Gini segregation index G_m (Gini-Segregationsindex für mehrere Gruppen;
    Reardon & Firebaugh 2002).

    ::

        G_m = sum_j sum_i sum_l t_i t_l |p_ij - p_lj| / (2 T^2 I)  =  sum_j P_j Gini_w(p_.j; t) / I

    Computed in ``O(J k log k)``. Range ``[0, 1]``; equals :func:`gini_segregation` with two
    groups.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        G_m.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import multi_gini
    @EXAMPLE_TABLE@
    >>> round(multi_gini(counts), 7)
    0.2894627
    """
    return _table_scalar("multi_gini", counts, nan_policy)


@_labels_in_errors
@_doc
def mutual_information(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Mutual information index M (Transinformation; Theil & Finizza 1971, Mora &
    Ruiz-Castillo 2011), in nats.

    ::

        M = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j)  =  E - sum_i (t_i / T) E_i

    Range ``[0, min(ln J, ln k)]``; additively decomposable by districts
    (:func:`mutual_information_decomposition`). ``2 T M`` is the G² statistic of independence.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        M.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import mutual_information
    @EXAMPLE_TABLE@
    >>> round(mutual_information(counts), 7)
    0.0610267
    """
    return _table_scalar("mutual_information", counts, nan_policy)


@_labels_in_errors
@_doc
def multi_information_theory(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Theil's information theory index H for several groups (Theils Informationsindex; Theil
    1972, Reardon & Firebaugh 2002).

    ::

        H = M / E  =  sum_i t_i (E - E_i) / (T E),   E = -sum_j P_j ln P_j

    Range ``[0, 1]``; equals :func:`entropy_index` with two groups.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        H.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import multi_information_theory
    @EXAMPLE_TABLE@
    >>> round(multi_information_theory(counts), 7)
    0.0585882
    """
    return _table_scalar("multi_information_theory", counts, nan_policy)


@_labels_in_errors
@_doc
def normalized_exposure(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Normalised exposure index P* (normierte Kontaktwahrscheinlichkeit; James 1986).

    ::

        NE = sum_i sum_j t_i (p_ij - P_j)^2 / ((1 - P_j) T)

    Range ``[0, 1]``; equals :func:`correlation_ratio` with two groups.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        NE.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import normalized_exposure
    @EXAMPLE_TABLE@
    >>> round(normalized_exposure(counts), 7)
    0.0698125
    """
    return _table_scalar("normalized_exposure", counts, nan_policy)


@_labels_in_errors
@_doc
def relative_diversity(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Relative diversity index RD (relative Diversität; Carlson 1992).

    ::

        RD = sum_i sum_j t_i (p_ij - P_j)^2 / (T I)  =  1 - sum_i t_i I_i / (T I)

    Range ``[0, 1]``; equals :func:`correlation_ratio` with two groups.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        RD.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import relative_diversity
    @EXAMPLE_TABLE@
    >>> round(relative_diversity(counts), 7)
    0.0665221
    """
    return _table_scalar("relative_diversity", counts, nan_policy)


@_labels_in_errors
@_doc
def squared_coefficient_of_variation(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Squared coefficient of variation C (quadrierter Variationskoeffizient; Reardon &
    Firebaugh 2002).

    ::

        C = sum_i sum_j t_i (p_ij - P_j)^2 / (T (J - 1) P_j)

    ``J`` counts the groups with members (PySAL uses the number of columns). Range ``[0, 1]``.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        C.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import squared_coefficient_of_variation
    @EXAMPLE_TABLE@
    >>> round(squared_coefficient_of_variation(counts), 7)
    0.0597427
    """
    return _table_scalar("squared_coefficient_of_variation", counts, nan_policy)


@_labels_in_errors
@_doc
def divergence(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Roberto's divergence index (Divergenzindex; Roberto 2015, PySAL ``MultiDivergence``).

    ::

        D = sum_i (t_i / T) sum_j p_ij ln(p_ij / P_j)

    Exactly :func:`mutual_information` (same bits); here for code written against PySAL.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        The divergence index.

    Raises
    ------
    @TABLE_RAISES@

    Examples
    --------
    >>> from bildung.segregation import divergence, mutual_information
    @EXAMPLE_TABLE@
    >>> divergence(counts) == mutual_information(counts)
    True
    """
    return _table_scalar("divergence", counts, nan_policy)


@_labels_in_errors
@_doc
def shannon_diversity(
    counts: TableLike, *, normalized: bool = False, nan_policy: str = "raise"
) -> float:
    """Shannon diversity (entropy) E of the group shares (Shannon-Index, Entropie).

    Diversity of the whole population, not a segregation index::

        E = -sum_j P_j ln P_j          (normalized=False; nats)
        E / ln J                       (normalized=True; J = number of columns)

    Empty columns count in ``J``. Range ``[0, ln J]``, normalised ``[0, 1]``.

    Parameters
    ----------
    @TABLE@
    normalized : bool, default False
        Divide by ``ln J``.

    Returns
    -------
    float
        E (or E / ln J).

    Raises
    ------
    @DIVERSITY_RAISES@

    Examples
    --------
    >>> from bildung.segregation import shannon_diversity
    @EXAMPLE_TABLE@
    >>> round(shannon_diversity(counts), 7)
    1.0416207
    >>> round(shannon_diversity(counts, normalized=True), 7)
    0.948124
    """
    return _table_scalar(
        "shannon_diversity", counts, nan_policy, normalized=flag(normalized, "normalized")
    )


@_labels_in_errors
@_doc
def simpson_interaction(
    counts: TableLike, *, normalized: bool = False, nan_policy: str = "raise"
) -> float:
    """Simpson interaction index I (Simpson-Index, Gini-Simpson-Index).

    The probability that two persons drawn at random (with replacement) belong to different
    groups::

        I = sum_j P_j (1 - P_j)  =  1 - sum_j P_j^2      (normalized=False)
        I / (1 - 1/J)                                    (normalized=True; J = number of columns)

    Parameters
    ----------
    @TABLE@
    normalized : bool, default False
        Divide by the maximum ``1 - 1/J``.

    Returns
    -------
    float
        I (or its normalised value).

    Raises
    ------
    @DIVERSITY_RAISES@

    Examples
    --------
    >>> from bildung.segregation import simpson_interaction
    @EXAMPLE_TABLE@
    >>> round(simpson_interaction(counts), 7)
    0.6272
    """
    return _table_scalar(
        "simpson_interaction", counts, nan_policy, normalized=flag(normalized, "normalized")
    )


@_labels_in_errors
@_doc
def simpson_concentration(counts: TableLike, *, nan_policy: str = "raise") -> float:
    """Simpson concentration (Simpson-Konzentration, Herfindahl-Index) of the group shares.

    ::

        S = sum_j P_j^2  =  1 - I

    Range ``[1/J, 1]``.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    float
        The concentration.

    Raises
    ------
    @DIVERSITY_RAISES@

    Examples
    --------
    >>> from bildung.segregation import simpson_concentration
    @EXAMPLE_TABLE@
    >>> round(simpson_concentration(counts), 7)
    0.3728
    """
    return _table_scalar("simpson_concentration", counts, nan_policy)


def _rank_order(measure: str, counts: Any, nan_policy: Any) -> RankOrderSegregation:
    raw = getattr(_core, measure)(as_table(counts, "counts"), nan_policy=_nan(nan_policy))
    _warn(measure, raw["flags"])
    return RankOrderSegregation(
        value=raw["value"],
        thresholds=raw["thresholds"],
        profile=raw["profile"],
        degree=raw["degree"],
        coefficients=raw["coefficients"],
        **_bookkeeping(raw),
    )


@_labels_in_errors
@_doc
def rank_order_information_theory(
    counts: TableLike, *, nan_policy: str = "raise"
) -> RankOrderSegregation:
    """Rank-order information theory index H^R (Rangordnungs-Informationsindex; Reardon 2011).

    Theil's two-group H averaged over all cut-offs of an ordered variable (columns in order,
    lowest first)::

        profile:  H(p_c) = two-group H of "groups 1..c" vs "groups c+1..J",  p_c = cumulative share
        fit:      H(p) ~ beta_0 + ... + beta_d p^d,  d = min(4, J - 2),  WLS weights E(p_c)^2
        index:    H^R = integral_0^1 E(p) H(p) dp,   E(p) = -2 [p ln p + (1-p) ln(1-p)]

    Follows PySAL ``RankOrderInfoTheory``.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    RankOrderSegregation
        ``value``, ``thresholds``, ``profile``, ``degree``, ``coefficients`` and the bookkeeping.

    Raises
    ------
    @TABLE_RAISES@
        (Here: fewer than three ordered groups with members.)

    Examples
    --------
    Six ordered categories (e.g. parental education) in five areas:

    >>> from bildung.segregation import rank_order_information_theory
    @RANK_EXAMPLE@
    >>> r = rank_order_information_theory(counts)
    >>> round(r.value, 7), len(r.thresholds), r.degree
    (0.1187557, 5, 4)
    """
    return _rank_order("rank_order_information_theory", counts, nan_policy)


@_labels_in_errors
@_doc
def rank_order_variance_ratio(
    counts: TableLike, *, nan_policy: str = "raise"
) -> RankOrderSegregation:
    """Rank-order variance ratio index R^R (Rangordnungs-Varianzquotient; Reardon 2011).

    The two-group variance ratio eta² averaged over all cut-offs of an ordered variable::

        profile:  R(p_c) = sum_i t_i (p_ic - p_c)^2 / (T p_c (1 - p_c))
        fit:      R(p) ~ beta_0 + ... + beta_d p^d,  d = min(4, J - 2),  WLS weights I(p_c)^2
        index:    R^R = integral_0^1 I(p) R(p) dp / integral_0^1 I(p) dp,   I(p) = 4 p (1 - p)

    Follows PySAL ``RankOrderVarianceRatio``.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    RankOrderSegregation
        ``value``, ``thresholds``, ``profile``, ``degree``, ``coefficients`` and the bookkeeping.

    Raises
    ------
    @TABLE_RAISES@
        (Here: fewer than three ordered groups with members.)

    Examples
    --------
    >>> from bildung.segregation import rank_order_variance_ratio
    @RANK_EXAMPLE@
    >>> round(rank_order_variance_ratio(counts).value, 7)
    0.1385263
    """
    return _rank_order("rank_order_variance_ratio", counts, nan_policy)


# --- local indices -------------------------------------------------------------------------

_LOCAL_RETURNS = """pandas.DataFrame or LocalResult
        For a DataFrame ``counts``: a DataFrame with the same index, _VALUE_COLUMNS_ and a
        categorical ``status`` column (``"ok"``, ``"missing"``, ``"empty"``); ``attrs`` holds
        ``n_used``, ``n_dropped``, ``n_empty`` and ``flags``. Otherwise a :class:`LocalResult`
        (``values``, ``status``, ``to_pandas()``). Areas with a missing count or no population
        are NaN."""

_LOCAL_RAISES = """MissingValueError
        NaN under ``nan_policy="raise"`` (``"propagate"`` gives NaN for that area only).
    InvalidCountError, NonFiniteError, EmptyInputError, ShapeError
        As for :func:`multi_dissimilarity`.
    UndefinedError
        No area with population, or no group with members.
    TypeError
        Non-numeric input."""


def _local_doc(value_columns: str) -> Callable[[_F], _F]:
    def deco(func: _F) -> _F:
        doc = (func.__doc__ or "").replace("@LOCAL_RETURNS@", _LOCAL_RETURNS)
        doc = doc.replace("@LOCAL_RAISES@", _LOCAL_RAISES).replace("_VALUE_COLUMNS_", value_columns)
        func.__doc__ = doc
        return _doc(func)

    return deco


@_labels_in_errors
@_local_doc("one column per group (the input's columns)")
def location_quotient(counts: TableLike, *, nan_policy: str = "raise") -> LocalLike:
    """Location quotient (Standortquotient; PySAL ``MultiLocationQuotient``).

    The share of group ``j`` in area ``i`` relative to its share in the whole population::

        LQ_ij = p_ij / P_j = (n_ij / t_i) / (N_j / T)

    1 where the area has the overall share, above 1 where the group is over-represented. The
    reference shares ``P_j`` are those of the areas with complete counts. Columns of groups
    with total 0 are NaN.

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    @LOCAL_RETURNS@

    Raises
    ------
    @LOCAL_RAISES@

    Examples
    --------
    >>> from bildung.segregation import location_quotient
    @EXAMPLE_TABLE@
    >>> lq = location_quotient(counts)
    >>> lq.values[2].round(4).tolist(), lq.status[2]
    ([0.35, 1.6279, 0.4487], 'ok')
    """
    table = as_table(counts, "counts")
    raw = _core.location_quotient(table, nan_policy=_nan(nan_policy))
    return _local("location_quotient", raw, counts)


@_labels_in_errors
@_local_doc("a column ``local_entropy``")
def local_entropy(
    counts: TableLike, *, normalized: bool = False, nan_policy: str = "raise"
) -> LocalLike:
    """Local entropy (lokale Entropie): the diversity of each area (Reardon & O'Sullivan 2004).

    ::

        E_i = -sum_j p_ij ln p_ij          (normalized=False)
        E_i / ln J                         (normalized=True; J = number of columns)

    Parameters
    ----------
    @TABLE@
    normalized : bool, default False
        Divide by ``ln J``.

    Returns
    -------
    @LOCAL_RETURNS@

    Raises
    ------
    @LOCAL_RAISES@
        Also ``normalized`` with a single column.

    Examples
    --------
    >>> from bildung.segregation import local_entropy
    >>> e = local_entropy([[10, 10, 0], [0, 0, 0], [5, 5, 5]], normalized=True)
    >>> e.values.round(6).tolist(), e.status.tolist()
    ([0.63093, nan, 1.0], ['ok', 'empty', 'ok'])
    """
    table = as_table(counts, "counts")
    raw = _core.local_entropy(
        table, normalized=flag(normalized, "normalized"), nan_policy=_nan(nan_policy)
    )
    return _local("local_entropy", raw, counts)


@_labels_in_errors
@_local_doc("a column ``local_simpson_interaction``")
def local_simpson_interaction(counts: TableLike, *, nan_policy: str = "raise") -> LocalLike:
    """Local Simpson interaction (lokaler Simpson-Index; PySAL ``MultiLocalSimpsonInteraction``).

    The probability that two persons drawn at random from the area belong to different
    groups::

        I_i = sum_j p_ij (1 - p_ij)  =  1 - sum_j p_ij^2

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    @LOCAL_RETURNS@

    Raises
    ------
    @LOCAL_RAISES@

    Examples
    --------
    >>> from bildung.segregation import local_simpson_interaction
    @EXAMPLE_TABLE@
    >>> local_simpson_interaction(counts).values.round(4).tolist()
    [0.62, 0.6328, 0.34, 0.642, 0.6045]
    """
    table = as_table(counts, "counts")
    raw = _core.local_simpson_interaction(table, nan_policy=_nan(nan_policy))
    return _local("local_simpson_interaction", raw, counts)


@_labels_in_errors
@_local_doc("a column ``local_simpson_concentration``")
def local_simpson_concentration(counts: TableLike, *, nan_policy: str = "raise") -> LocalLike:
    """Local Simpson concentration (lokale Simpson-Konzentration; PySAL
    ``MultiLocalSimpsonConcentration``).

    ::

        C_i = sum_j p_ij^2  =  1 - I_i

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    @LOCAL_RETURNS@

    Raises
    ------
    @LOCAL_RAISES@

    Examples
    --------
    >>> from bildung.segregation import local_simpson_concentration
    @EXAMPLE_TABLE@
    >>> local_simpson_concentration(counts).values.round(4).tolist()
    [0.38, 0.3672, 0.66, 0.358, 0.3955]
    """
    table = as_table(counts, "counts")
    raw = _core.local_simpson_concentration(table, nan_policy=_nan(nan_policy))
    return _local("local_simpson_concentration", raw, counts)


@_labels_in_errors
@_local_doc("a column ``local_mutual_information``")
def local_mutual_information(counts: TableLike, *, nan_policy: str = "raise") -> LocalLike:
    """Local segregation scores ls_i of M (lokaler Segregationsbeitrag; Elbers' ``mutual_local``).

    The Kullback-Leibler divergence of each area's composition from the overall one::

        ls_i = sum_j p_ij ln(p_ij / P_j)  >= 0,        M = sum_i (t_i / T) ls_i

    Parameters
    ----------
    @TABLE@

    Returns
    -------
    @LOCAL_RETURNS@

    Raises
    ------
    @LOCAL_RAISES@
        Also fewer than two groups with members.

    Examples
    --------
    >>> from bildung.segregation import local_mutual_information
    @EXAMPLE_TABLE@
    >>> local_mutual_information(counts).values.round(6).tolist()
    [0.026486, 0.018729, 0.204718, 0.066345, 0.029499]
    """
    table = as_table(counts, "counts")
    raw = _core.local_mutual_information(table, nan_policy=_nan(nan_policy))
    return _local("local_mutual_information", raw, counts)


# --- decomposition -------------------------------------------------------------------------


@_labels_in_errors
@_doc
def mutual_information_decomposition(
    counts: TableLike, districts: LabelsLike, *, nan_policy: str = "raise"
) -> MutualInformationDecomposition:
    """Decomposition of M and Theil's H into between- and within-district parts (Zerlegung der
    Segregation nach Bezirken; Mora & Ruiz-Castillo 2011, methods.md 2.3).

    Areas (Ortsteile, schools) nest in districts (Bezirke, Schulträger)::

        M = M_between + M_within,   M_between = M of the district x group table
                                    M_within  = sum_s (T_s / T) M_s
        H = H_between + H_within,   H_between = M_between / E,  H_within = M_within / E

    Both identities are exact.

    Parameters
    ----------
    @TABLE@
        A missing district label is treated like a missing count.
    districts : array-like of hashable
        District label of each area (row): strings, integers, categoricals; ``None``, NaN and
        ``pd.NA`` mark a missing label.

    Returns
    -------
    MutualInformationDecomposition
        ``m_total``, ``m_between``, ``m_within``, ``h_*``, the bookkeeping and ``districts``
        (a DataFrame indexed by the district labels).

    Raises
    ------
    @TABLE_RAISES@
    ShapeError
        Also ``districts`` of another length than the rows, or a Series not aligned with the
        DataFrame ``counts``.

    Examples
    --------
    Ortsteile 1-2 in district "Nord", 3-5 in "Süd":

    >>> from bildung.segregation import mutual_information_decomposition
    @EXAMPLE_TABLE@
    >>> d = mutual_information_decomposition(counts, ["Nord", "Nord", "Süd", "Süd", "Süd"])
    >>> round(d.m_between, 7), round(d.m_within, 7), round(d.h_between, 7), round(d.h_within, 7)
    (0.0009856, 0.0600411, 0.0009462, 0.057642)
    """
    pd = _loaded_pandas()
    if (
        pd is not None
        and isinstance(counts, pd.DataFrame)
        and isinstance(districts, pd.Series)
        and not counts.index.equals(districts.index)
    ):
        raise _misaligned()
    table = as_table(counts, "counts")
    codes, labels = as_group_codes(districts, "districts")
    raw = _core.mutual_information_decomposition(table, codes, nan_policy=_nan(nan_policy))
    _warn("mutual_information_decomposition", raw["flags"], stacklevel=4)
    return decomposition_from_core(raw, labels)


def _misaligned() -> Exception:
    from .exceptions import ShapeError

    return ShapeError(
        "counts and districts are a DataFrame and a Series with different indexes; bildung "
        "pairs rows by position, so align them first, e.g. "
        "districts = districts.reindex(counts.index)"
    )
