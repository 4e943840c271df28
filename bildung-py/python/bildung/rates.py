"""Rates and proportions for small areas with honest confidence intervals (Quoten und Raten
kleiner Gebiete), vectorised over areas.

An Ortsteil with 40 pupils shows 15 % leavers without qualification: is it really worse than the
city's 7 %? These functions give every area's rate with a confidence interval, compare areas with
the rest of the city, and standardise rates over strata (age groups, school types).

==============================================  ================================================
function                                        German term
==============================================  ================================================
:func:`proportion_ci`                           Anteil mit Konfidenzintervall (Wilson, Clopper-
                                                Pearson, Agresti-Coull, Jeffreys, Wald)
:func:`poisson_ci`                              Rate mit Konfidenzintervall (Poisson: exakt,
                                                Byar)
:func:`proportion_difference_ci`                Differenz zweier Anteile (Newcombe)
:func:`proportion_difference_versus_rest`       Gebiet im Vergleich mit dem Rest der Stadt
:func:`direct_standardised_rate`                direkt standardisierte Rate (DSR)
:func:`indirect_standardised_ratio`             standardisiertes Mortalitäts- bzw.
                                                Morbiditätsverhältnis (SMR), indirekt
                                                standardisierte Rate
==============================================  ================================================

Conventions shared by every function (``../shared/reference/methods.md`` section 3):

* Per-area inputs (``events``, ``population``, ``exposure``): numpy arrays (any numeric dtype,
  any strides; float64 is not copied), lists, tuples or pandas Series (nullable dtypes with
  ``pd.NA`` as missing); Series must share one index. Strata tables (standardisation): 2-D
  arrays, lists of rows or DataFrames, rows = areas, columns = strata; a Series of standard
  population or reference rates must be indexed like the table's columns.
* **Counts must be whole numbers** (events always, persons of a proportion): a non-integral
  count raises :class:`~bildung.InvalidCountError`, also for Wilson, so that all methods give
  comparable results. Exposures (person-time) and stratum populations may be non-integral.
* Negative counts and events above the population raise :class:`~bildung.InvalidCountError`;
  infinity :class:`~bildung.NonFiniteError`; different lengths :class:`~bildung.ShapeError`;
  no area :class:`~bildung.EmptyInputError`; ``level`` outside ``(0, 1)``
  :class:`~bildung.ParameterError`. Messages name the pandas index label of the offending area.
* ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError`; ``"omit"``
  gives that area NaN and status ``"missing"`` (and leaves it out of pooled quantities);
  ``"propagate"`` does the same and sets the flag ``"missing_propagated"``.
* An area with denominator 0 is not an error: NaN with status ``"empty"``. An area whose
  quantity does not exist (no other area to compare with, a standard stratum without
  population, ``E = 0``) has status ``"undefined"``.
* Results are objects with one row per area: attributes, ``to_pandas()`` (indexed like the
  input), ``to_dict()``, a readable ``repr`` and an HTML table in notebooks. The computation
  runs in Rust with the GIL released.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy.typing as npt

from . import _core
from ._convert import _loaded_pandas, as_table, as_values, check_aligned, option, real
from ._labels import labels_in_errors
from ._rate_results import (
    DirectStandardisedRates,
    RateIntervals,
    StandardisedRatios,
    from_core,
)
from .exceptions import ShapeError

__all__ = [
    "DirectStandardisedRates",
    "RateIntervals",
    "StandardisedRatios",
    "direct_standardised_rate",
    "indirect_standardised_ratio",
    "poisson_ci",
    "proportion_ci",
    "proportion_difference_ci",
    "proportion_difference_versus_rest",
]

#: A strata table: 2-D array-like or pandas DataFrame (areas x strata).
TableLike = Any

_labels_in_errors = labels_in_errors(
    "events",
    "population",
    "exposure",
    "events1",
    "population1",
    "events2",
    "population2",
    "standard_population",
    "reference_rates",
    "reference_population",
)


def _index(*objs: Any) -> Any:
    """The index of the first pandas Series / DataFrame among ``objs`` (None if there is none)."""
    pd = _loaded_pandas()
    if pd is None:
        return None
    for obj in objs:
        if isinstance(obj, (pd.Series, pd.DataFrame)):
            return obj.index
    return None


def _tables(events: Any, population: Any, per_stratum: Tuple[Tuple[str, Any], ...]) -> None:
    """DataFrames must share their index and columns; per-stratum Series must be indexed like
    the columns (bildung pairs by position)."""
    pd = _loaded_pandas()
    if pd is None:
        return
    frames = [(n, f) for n, f in (("events", events), ("population", population))
              if isinstance(f, pd.DataFrame)]
    if len(frames) == 2:
        if not events.index.equals(population.index):
            raise ShapeError(
                "events and population are DataFrames with different indexes (areas); bildung "
                "pairs rows by position, so align them first, e.g. "
                "population = population.reindex(events.index)"
            )
        if not events.columns.equals(population.columns):
            raise ShapeError(
                "events and population are DataFrames with different columns (strata); align "
                "them first, e.g. population = population[events.columns]"
            )
    if not frames:
        return
    columns = frames[0][1].columns
    for name, values in per_stratum:
        if isinstance(values, pd.Series) and not values.index.equals(columns):
            raise ShapeError(
                f"{name} is a Series whose index differs from the columns (strata) of "
                f"{frames[0][0]}; align it first, e.g. {name} = {name}.reindex({frames[0][0]}.columns)"
            )


def _level(level: Any) -> float:
    return real(level, "level")


def _nan(nan_policy: Any) -> str:
    return option(nan_policy, "nan_policy")


_POLICY = """level : float, default 0.95
        Confidence level in ``(0, 1)``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with an area with a missing value."""

_RAISES = """InvalidCountError
        A negative or non-integral count, or events above the population (the message names
        the area, with its pandas label).
    MissingValueError
        NaN under ``nan_policy="raise"``.
    NonFiniteError, ShapeError, EmptyInputError
        Infinite values; inputs of different lengths or unaligned Series; no area.
    ParameterError
        ``level`` outside ``(0, 1)``, an unknown ``method`` or ``nan_policy``.
    TypeError
        Non-numeric input, or an option of the wrong type."""


def _doc(func: Any) -> Any:
    func.__doc__ = (func.__doc__ or "").replace("@POLICY@", _POLICY).replace("@RAISES@", _RAISES)
    return func


@_labels_in_errors
@_doc
def proportion_ci(
    events: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    method: str = "wilson",
    level: float = 0.95,
    nan_policy: str = "raise",
) -> RateIntervals:
    """Confidence interval of the proportion ``p = x/n`` of every area (Anteil mit
    Konfidenzintervall; Brown, Cai & DasGupta 2001).

    With ``z = z_{1-alpha/2}``, ``alpha = 1 - level``::

        wilson (default)   [2x + z² ∓ z sqrt(z² + 4x(1 - x/n))] / (2(n + z²))
        clopper_pearson    L = Beta^-1(alpha/2; x, n-x+1),  U = Beta^-1(1-alpha/2; x+1, n-x)
                           (L = 0 at x = 0, U = 1 at x = n)
        agresti_coull      n~ = n + z², p~ = (x + z²/2)/n~,  p~ ± z sqrt(p~(1-p~)/n~)
        jeffreys           Beta^-1(alpha/2; x+½, n-x+½), Beta^-1(1-alpha/2; x+½, n-x+½)
                           with L = 0 at x = 0 and U = 1 at x = n
        wald               p ± z sqrt(p(1-p)/n)     (legacy only; not recommended)

    Wilson is the default for small areas: never outside ``[0, 1]``, good coverage.
    Clopper-Pearson ("exact") is conservative: its coverage is at least the level for every
    ``p``. Agresti-Coull and Wald limits outside ``[0, 1]`` are set to the bound and marked in
    ``clamped``. Wald has zero width at ``x = 0`` and ``x = n`` and covers far less than the
    level for small ``n``: use it only to reproduce legacy reports.

    Jeffreys at the boundary: the central interval keeps ``alpha/2`` in each tail, with the lower
    limit set to 0 at ``x = 0`` and the upper limit to 1 at ``x = n`` (Brown, Cai & DasGupta).
    statsmodels' ``proportion_confint(method="jeffreys")`` keeps the plain beta quantile there
    (e.g. 2.4e-5 instead of 0 for 0 of 20); R ``binom.bayes`` puts the whole ``alpha`` in the
    open tail.

    The estimate is ``x/n`` for every method (Agresti-Coull's interval is centred on ``p~``).

    Parameters
    ----------
    events : array-like of float
        Events ``x`` per area (e.g. leavers without Hauptschulabschluss), whole numbers ``>= 0``.
    population : array-like of float
        Persons ``n >= x`` per area, whole numbers.
    method : {"wilson", "clopper_pearson", "agresti_coull", "jeffreys", "wald"}
        The interval.
    @POLICY@

    Returns
    -------
    RateIntervals
        ``estimate``, ``lower``, ``upper``, ``clamped`` and ``status`` per area;
        ``to_pandas()`` gives a DataFrame indexed like ``events``.

    Raises
    ------
    @RAISES@

    Examples
    --------
    >>> from bildung.rates import proportion_ci
    >>> ci = proportion_ci([3, 0, 81], [20, 20, 263])
    >>> ci.lower.round(4).tolist(), ci.upper.round(4).tolist()
    ([0.0524, 0.0, 0.2553], [0.3604, 0.1611, 0.3662])
    >>> proportion_ci([1], [29], method="agresti_coull").clamped.tolist()
    [True]
    """
    check_aligned(events=events, population=population)
    raw = _core.proportion_ci(
        as_values(events, "events"),
        as_values(population, "population"),
        method=option(method, "method"),
        level=_level(level),
        nan_policy=_nan(nan_policy),
    )
    return from_core(RateIntervals, raw, _index(events, population))  # type: ignore[no-any-return]


@_labels_in_errors
@_doc
def poisson_ci(
    events: npt.ArrayLike,
    exposure: Optional[npt.ArrayLike] = None,
    *,
    method: str = "exact",
    level: float = 0.95,
    multiplier: float = 1.0,
    nan_policy: str = "raise",
) -> RateIntervals:
    """Confidence interval of a Poisson count or rate per area (Rate mit Konfidenzintervall).

    The rate is ``r = x / N * multiplier``; the limits ``(L, U)`` of the Poisson mean of ``x`` are
    divided by ``N`` and multiplied by ``multiplier``::

        exact (Garwood, default)   L = chi2^-1(alpha/2; 2x)/2  (0 at x = 0),
                                   U = chi2^-1(1-alpha/2; 2x+2)/2
        byar                       L = x (1 - 1/(9x) - z/(3 sqrt x))³  (0 at x = 0)
                                   U = (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))³

    UKHSA uses the exact limits below 10 events and Byar's above; the exact limits are cheap and
    the default everywhere. For persons among a population (a proportion) prefer
    :func:`proportion_ci`: the Poisson model is only an approximation for small ``p``.

    Parameters
    ----------
    events : array-like of float
        Events ``x`` per area, whole numbers ``>= 0``.
    exposure : array-like of float, optional
        Population or person-time ``N >= 0`` per area (may be non-integral; events may exceed
        it). ``None``: intervals for the counts themselves (``N = 1``).
    method : {"exact", "byar"}
        The interval.
    multiplier : float, default 1.0
        Report rates per ``multiplier`` (e.g. 1000 for a rate per 1,000 pupils).
    @POLICY@

    Returns
    -------
    RateIntervals
        ``estimate``, ``lower``, ``upper``, ``clamped`` (a Byar lower limit below 0, only at
        levels above about 0.99) and ``status`` (``"empty"`` for ``N = 0``) per area.

    Raises
    ------
    @RAISES@
    NegativeValueError
        A negative exposure.

    Examples
    --------
    >>> from bildung.rates import poisson_ci
    >>> r = poisson_ci([5], [2400], multiplier=1000)   # 5 events among 2,400 pupils
    >>> print(f"{r.estimate[0]:.4f} [{r.lower[0]:.4f}, {r.upper[0]:.4f}]")
    2.0833 [0.6765, 4.8618]
    >>> poisson_ci([0, 20]).upper.round(4).tolist()
    [3.6889, 30.8884]
    """
    check_aligned(events=events, exposure=exposure)
    raw = _core.poisson_ci(
        as_values(events, "events"),
        None if exposure is None else as_values(exposure, "exposure"),
        method=option(method, "method"),
        level=_level(level),
        multiplier=real(multiplier, "multiplier"),
        nan_policy=_nan(nan_policy),
    )
    return from_core(RateIntervals, raw, _index(events, exposure))  # type: ignore[no-any-return]


@_labels_in_errors
@_doc
def proportion_difference_ci(
    events1: npt.ArrayLike,
    population1: npt.ArrayLike,
    events2: npt.ArrayLike,
    population2: npt.ArrayLike,
    *,
    level: float = 0.95,
    nan_policy: str = "raise",
) -> RateIntervals:
    """Difference ``p1 - p2`` of two independent proportions per area with Newcombe's
    hybrid-score interval (Differenz zweier Anteile; Newcombe 1998, method 10).

    With the Wilson limits ``(l1, u1)`` of ``p1`` and ``(l2, u2)`` of ``p2``, ``d = p1 - p2``::

        L = d - sqrt((p1 - l1)² + (u2 - p2)²)
        U = d + sqrt((u1 - p1)² + (p2 - l2)²)

    Never outside ``[-1, 1]``, defined at ``x = 0`` and ``x = n``. The samples must be
    independent: to compare an area with the city use :func:`proportion_difference_versus_rest`
    (the city total contains the area).

    Parameters
    ----------
    events1, population1 : array-like of float
        First proportion per area (e.g. this year), whole numbers.
    events2, population2 : array-like of float
        Second proportion per area (e.g. an earlier year), same length.
    @POLICY@

    Returns
    -------
    RateIntervals
        ``estimate`` (``p1 - p2``), ``lower``, ``upper``, ``status`` (``"empty"`` where a
        population is 0) per area.

    Raises
    ------
    @RAISES@

    Examples
    --------
    >>> from bildung.rates import proportion_difference_ci
    >>> r = proportion_difference_ci([56], [70], [48], [80])
    >>> print(f"{r.estimate[0]:.4f} [{r.lower[0]:.4f}, {r.upper[0]:.4f}]")
    0.2000 [0.0524, 0.3339]
    """
    check_aligned(
        events1=events1, population1=population1, events2=events2, population2=population2
    )
    raw = _core.proportion_difference_ci(
        as_values(events1, "events1"),
        as_values(population1, "population1"),
        as_values(events2, "events2"),
        as_values(population2, "population2"),
        level=_level(level),
        nan_policy=_nan(nan_policy),
    )
    index = _index(events1, population1, events2, population2)
    return from_core(RateIntervals, raw, index)  # type: ignore[no-any-return]


@_labels_in_errors
@_doc
def proportion_difference_versus_rest(
    events: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    level: float = 0.95,
    nan_policy: str = "raise",
) -> RateIntervals:
    """Each area against the rest of the city: ``p_i - p_(-i)`` with Newcombe's hybrid-score
    interval (Gebiet im Vergleich mit dem Rest der Stadt).

    With ``X``, ``N`` the totals over the areas with valid counts::

        p_(-i) = (X - x_i) / (N - n_i)        d_i = x_i / n_i - p_(-i)
        interval: proportion_difference_ci(x_i, n_i, X - x_i, N - n_i)

    Area and rest are disjoint, so the two proportions are independent as Newcombe's
    interval requires. An interval that excludes 0 marks an area that differs from the rest of the
    city at the chosen level (no correction for testing many areas).

    Parameters
    ----------
    events, population : array-like of float
        Events and persons per area, whole numbers.
    @POLICY@

    Returns
    -------
    RateIntervals
        ``estimate`` (``p_i - p_(-i)``), ``lower``, ``upper``, ``status`` per area:
        ``"undefined"`` where no other area has population, ``"empty"`` for ``n_i = 0``.

    Raises
    ------
    @RAISES@

    Examples
    --------
    >>> import pandas as pd
    >>> from bildung.rates import proportion_difference_versus_rest
    >>> gym = pd.Series([56, 30, 18], index=["Altstadt", "Nord", "Hafen"])
    >>> pupils = pd.Series([70, 50, 30], index=gym.index)
    >>> df = proportion_difference_versus_rest(gym, pupils).to_pandas()  # as statsmodels "newcomb"
    >>> df.round(4)[["estimate", "lower", "upper"]]
              estimate   lower   upper
    Altstadt    0.2000  0.0524  0.3339
    Nord       -0.1400 -0.2977  0.0154
    Hafen      -0.1167 -0.3079  0.0600
    """
    check_aligned(events=events, population=population)
    raw = _core.proportion_difference_versus_rest(
        as_values(events, "events"),
        as_values(population, "population"),
        level=_level(level),
        nan_policy=_nan(nan_policy),
    )
    return from_core(RateIntervals, raw, _index(events, population))  # type: ignore[no-any-return]


@_labels_in_errors
@_doc
def direct_standardised_rate(
    events: TableLike,
    population: TableLike,
    standard_population: npt.ArrayLike,
    *,
    method: str = "dobson",
    level: float = 0.95,
    multiplier: float = 1.0,
    min_events: float = 10,
    nan_policy: str = "raise",
) -> DirectStandardisedRates:
    """Directly standardised rate per area with its confidence interval (direkt standardisierte
    Rate; Dobson et al. 1991, Fay & Feuer 1997).

    With the area's stratum rates ``r_a = x_a / n_a`` and standard weights
    ``w_a = W_a / sum W``::

        DSR = sum_a w_a r_a      Var = sum_a w_a² x_a / n_a²      O = sum_a x_a
        dobson:       DSR + sqrt(Var/O) (O_L - O),  DSR + sqrt(Var/O) (O_U - O)
                      (O_L, O_U) exact Poisson limits of O ("dobson_byar": Byar's limits)
        fay_feuer:    L = Gamma^-1(alpha/2; DSR²/Var, scale Var/DSR)
                      U = Gamma^-1(1-alpha/2; (DSR+w_M)²/(Var+w_M²), scale (Var+w_M²)/(DSR+w_M))
                      w_M = max_a w_a / n_a

    Strata with standard weight 0 are left out. ``O = 0``: DSR 0; the Dobson interval does not
    exist (status ``"undefined"``, estimate 0, NaN limits), Fay-Feuer gives ``[0, U]``. A stratum
    with population 0 but a positive standard weight makes the DSR undefined. Areas with
    ``O < min_events`` are marked in ``few_events`` (UKHSA suppresses DSRs below 10 events); no
    area is dropped.

    Parameters
    ----------
    events : 2-D array-like or pandas.DataFrame
        Events ``x_a`` per area (rows) and stratum (columns), whole numbers.
    population : 2-D array-like or pandas.DataFrame
        Population or person-time ``n_a`` per area and stratum, same shape.
    standard_population : array-like of float
        Standard population ``W_a`` per stratum (e.g. the city's or the Land's), ``>= 0``.
    method : {"dobson", "dobson_byar", "fay_feuer"}
        The interval.
    multiplier : float, default 1.0
        Report rates per ``multiplier`` persons (e.g. 100000).
    min_events : float, default 10
        Mark areas with fewer events.
    @POLICY@

    Returns
    -------
    DirectStandardisedRates
        ``estimate``, ``lower``, ``upper``, ``standard_error``, ``crude_rate``, ``observed``,
        ``few_events`` and ``status`` per area; ``to_pandas()`` indexed like ``events``.

    Raises
    ------
    @RAISES@
    NegativeValueError
        A negative population or standard population.
    UndefinedError
        The standard population sums to 0.

    Examples
    --------
    >>> from bildung.rates import direct_standardised_rate
    >>> r = direct_standardised_rate([[4, 10, 6]], [[300, 500, 200]], [1000, 1500, 500])
    >>> print(f"{r.estimate[0]:.6f} [{r.lower[0]:.6f}, {r.upper[0]:.6f}]")
    0.019444 [0.011837, 0.030086]
    >>> r.few_events.tolist(), r.observed.tolist()
    ([False], [20.0])
    """
    _tables(events, population, (("standard_population", standard_population),))
    raw = _core.direct_standardised_rate(
        as_table(events, "events"),
        as_table(population, "population"),
        as_values(standard_population, "standard_population"),
        method=option(method, "method"),
        level=_level(level),
        multiplier=real(multiplier, "multiplier"),
        min_events=real(min_events, "min_events"),
        nan_policy=_nan(nan_policy),
    )
    return from_core(  # type: ignore[no-any-return]
        DirectStandardisedRates, raw, _index(events, population)
    )


@_labels_in_errors
@_doc
def indirect_standardised_ratio(
    events: TableLike,
    population: TableLike,
    reference_rates: npt.ArrayLike,
    *,
    reference_population: Optional[npt.ArrayLike] = None,
    method: str = "exact",
    level: float = 0.95,
    multiplier: float = 1.0,
    nan_policy: str = "raise",
) -> StandardisedRatios:
    """Standardised ratio ``SMR = O/E`` per area with exact Poisson interval (indirekte
    Standardisierung: SMR), and the indirectly standardised rate (ISR).

    With the area's stratum populations ``n_a``, reference rates ``R_a`` (e.g. the whole city's
    stratum rates) and events ``x_a``::

        E = sum_a n_a R_a     O = sum_a x_a     SMR = O / E
        CI = (O_L / E, O_U / E)     exact (or Byar) Poisson limits of O, E fixed
        ISR = SMR x sum_a R_a P_a / sum_a P_a     (P_a the reference population)

    ``E = 0`` with population: status ``"undefined"``. The ISR columns are filled only when
    ``reference_population`` is given.

    Parameters
    ----------
    events, population : 2-D array-like or pandas.DataFrame
        Events and population per area (rows) and stratum (columns).
    reference_rates : array-like of float
        Reference rate ``R_a`` per stratum, ``>= 0``.
    reference_population : array-like of float, optional
        Reference population ``P_a`` per stratum, for the ISR.
    method : {"exact", "byar"}
        Poisson limits of ``O``.
    multiplier : float, default 1.0
        ISR per ``multiplier`` persons (the SMR is a ratio).
    @POLICY@

    Returns
    -------
    StandardisedRatios
        ``smr``, ``lower``, ``upper``, ``observed``, ``expected``, ``clamped``, ``isr``,
        ``isr_lower``, ``isr_upper``, ``status`` per area and ``reference_crude_rate``.

    Raises
    ------
    @RAISES@
    NegativeValueError
        A negative population, reference rate or reference population.
    UndefinedError
        The reference population sums to 0.

    Examples
    --------
    >>> from bildung.rates import indirect_standardised_ratio
    >>> r = indirect_standardised_ratio([[4, 10, 6]], [[300, 500, 200]], [0.010, 0.018, 0.035],
    ...                                 reference_population=[1000, 1500, 500])
    >>> print(f"SMR {r.smr[0]:.4f} [{r.lower[0]:.4f}, {r.upper[0]:.4f}], E = {r.expected[0]:.1f}")
    SMR 1.0526 [0.6430, 1.6257], E = 19.0
    >>> print(f"ISR {r.isr[0]:.6f}")
    ISR 0.019123
    """
    _tables(
        events,
        population,
        (("reference_rates", reference_rates), ("reference_population", reference_population)),
    )
    raw = _core.indirect_standardised_ratio(
        as_table(events, "events"),
        as_table(population, "population"),
        as_values(reference_rates, "reference_rates"),
        None if reference_population is None else as_values(
            reference_population, "reference_population"
        ),
        method=option(method, "method"),
        level=_level(level),
        multiplier=real(multiplier, "multiplier"),
        nan_policy=_nan(nan_policy),
    )
    return from_core(  # type: ignore[no-any-return]
        StandardisedRatios, raw, _index(events, population)
    )
