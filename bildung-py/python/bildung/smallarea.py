"""Small-area estimation (Small-Area-Schätzung): empirical Bayes rates and the Fay-Herriot model.

An Ortsteil with 40 pupils and 6 leavers without qualification shows 15 %; the city shows 7 %.
Empirical Bayes pulls such unstable rates towards a reference by as much as their sampling noise
warrants; the Fay-Herriot model borrows strength from covariates (methods.md 3.5, 3.6).

======================================  ================================================
function                                German term
======================================  ================================================
:func:`marshall_eb`                     empirische Bayes-Schätzung (Marshall), global / lokal
:func:`beta_binomial_eb`                empirische Bayes-Schätzung im Beta-Binomial-Modell
:func:`fay_herriot`                     Fay-Herriot-Modell (EBLUP) mit MSE
======================================  ================================================

EB values are for display and ranking: the raw rate with its confidence interval stays the
official figure. Publish both, and the estimated between-area variance (``between_variance``,
``rho``, ``variance_component``) with every EB output: with few areas it is very imprecise.

Conventions shared by every function:

* ``events``, ``population``, ``direct``, ``variance``: numpy arrays (any numeric dtype; float64
  is not copied), lists, tuples or pandas Series (nullable dtypes with ``pd.NA`` as missing). Two
  Series with different indexes raise :class:`~bildung.ShapeError`. Results have one entry per
  input area and ``to_pandas()`` returns a DataFrame on the input's index.
* Counts: a negative count or ``events > population`` raises
  :class:`~bildung.InvalidCountError`; the beta-binomial model also needs integers. An area with
  population 0 gets the prior mean (status ``"no_data"``).
* ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError`; ``"omit"``
  and ``"propagate"`` give the area NaN (status ``"missing"``) and leave it out of the pooled
  quantities. Infinity raises :class:`~bildung.NonFiniteError`. Input errors name the pandas
  label of the offending area (and the column of a covariate).
* Fewer than two areas with data raise :class:`~bildung.UndefinedError`; an iteration that does
  not converge raises :class:`~bildung.ConvergenceError` (never a silent value).
* Warnings (:class:`~bildung.BildungWarning`) for flags: ``no_between_variance`` (EB: complete
  shrinkage), ``boundary_estimate`` (Fay-Herriot ``sigma2_v = 0``: every EBLUP is synthetic).
* Options are keyword-only; an unknown option name raises :class:`~bildung.ParameterError`, an
  option of the wrong type :class:`TypeError`. The computation runs in Rust with the GIL
  released.
"""

from __future__ import annotations

import numbers
import re
import warnings
from typing import Any, Callable, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple, TypeVar

import numpy as np
import numpy.typing as npt

from . import _core
from ._convert import _loaded_pandas, as_integer, as_table, as_values, check_aligned, flag, option, real
from ._sa_results import BetaBinomialResult, FayHerriotResult, MarshallResult, area_index
from .exceptions import BildungError, BildungWarning, ParameterError, ShapeError

__all__ = [
    "BetaBinomialResult",
    "FayHerriotResult",
    "MarshallResult",
    "beta_binomial_eb",
    "fay_herriot",
    "marshall_eb",
]

#: Neighbour lists: a dict ``{area label: [neighbour labels]}`` or one list of positions per area.
NeighboursLike = Any
#: Covariates: a DataFrame, a 2-D array (areas x covariates), a Series or 1-D array (one
#: covariate), or with ``data=`` a column name or a list of column names.
CovariatesLike = Any

_F = TypeVar("_F", bound=Callable[..., Any])

_FLAG_MESSAGES = {
    "no_between_variance": (
        "the between-area variance is estimated as 0, so every estimate is shrunk completely to "
        "the prior mean (a common outcome with few areas; report it)"
    ),
    "boundary_estimate": (
        "the variance of the area effects is estimated as 0 (boundary), so every EBLUP equals "
        "its regression-synthetic estimate"
    ),
}
_SILENT_FLAGS = frozenset({"missing_propagated"})
_POSITION = re.compile(r"\b(events|population|direct|variance|covariates)\[(\d+)\]")
_COLUMN = re.compile(r"column (\d+) of `covariates`")


def _warn(function: str, flags: Sequence[str]) -> None:
    for name in flags:
        if name in _SILENT_FLAGS:
            continue
        text = _FLAG_MESSAGES.get(name, "the result carries a warning flag")
        # frames: warn <- _warn <- function <- caller
        warnings.warn(BildungWarning(f"{function}: {text} (flag {name})", flag=name), stacklevel=3)


def _relabel(error: BildungError, sources: Mapping[str, Any], names: Sequence[str]) -> None:
    """Add the pandas label (row label, covariate column) of the offending element."""
    pd = _loaded_pandas()
    text: Optional[str] = None
    label: Any = None
    match = _POSITION.search(str(error))
    if match is not None and error.index is not None and pd is not None:
        obj = sources.get(match[1])
        position = int(match[2])
        if isinstance(obj, pd.DataFrame) and obj.shape[1] > 0 and position < obj.size:
            ncols = obj.shape[1]
            label = (obj.index[position // ncols], obj.columns[position % ncols])
            text = f"row {label[0]!r}, column {label[1]!r}"
        elif isinstance(obj, pd.Series) and position < len(obj):
            label = obj.index[position]
            text = f"pandas index label {label!r}"
    column = _COLUMN.search(str(error))
    if column is not None and int(column[1]) < len(names):
        label = names[int(column[1])]
        text = f"covariate {label!r}"
    if text is not None:
        error.label = label
        error.args = (f"{error.args[0]} ({text})", *error.args[1:])


def _nan(nan_policy: Any) -> str:
    return option(nan_policy, "nan_policy")


def _integer_option(value: Any, name: str) -> int:
    v = as_integer(value, name)
    if v < 1:
        raise ParameterError(f"invalid parameter `{name}` = {v}: must be at least 1")
    return v


def _counts(events: Any, population: Any) -> Tuple[np.ndarray, np.ndarray, Any]:
    check_aligned(events=events, population=population)
    index = area_index(events)
    if index is None:
        index = area_index(population)
    return as_values(events, "events"), as_values(population, "population"), index


def _is_int(v: Any) -> bool:
    return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_))


def _neighbour_lists(neighbours: NeighboursLike, k: int, index: Any) -> Optional[List[List[int]]]:
    """Neighbour positions per area from labels (dict) or positions (list of lists)."""
    if neighbours is None:
        return None
    if isinstance(neighbours, Mapping):
        if index is not None:
            if not index.is_unique:
                raise ParameterError(
                    "neighbours by label need unique area labels, but the index of events has "
                    "duplicates"
                )
            position: Dict[Hashable, int] = {label: i for i, label in enumerate(index)}
            where = "the index of events"
        else:
            position = {i: i for i in range(k)}
            where = f"the area positions 0..{k - 1}"
        lists: List[List[int]] = [[] for _ in range(k)]
        for area, listed in neighbours.items():
            if area not in position:
                raise ParameterError(
                    f"invalid parameter `neighbours`: area {area!r} is not in {where}"
                )
            if isinstance(listed, (str, bytes)) or not hasattr(listed, "__iter__"):
                raise TypeError(
                    f"neighbours[{area!r}] must be a list of area labels, got {type(listed).__name__}"
                )
            row = []
            for other in listed:
                if other not in position:
                    raise ParameterError(
                        f"invalid parameter `neighbours`: area {area!r} names neighbour "
                        f"{other!r}, which is not in {where}"
                    )
                row.append(position[other])
            lists[position[area]] = row
        return lists
    if isinstance(neighbours, (list, tuple)):
        out = []
        for i, listed in enumerate(neighbours):
            if isinstance(listed, (str, bytes)) or not hasattr(listed, "__iter__"):
                raise TypeError(
                    f"neighbours[{i}] must be a list of area positions, got {type(listed).__name__}"
                )
            row = []
            for j in listed:
                if not _is_int(j) or int(j) < 0:
                    raise ParameterError(
                        f"invalid parameter `neighbours`: neighbours[{i}] contains {j!r}; areas "
                        f"are given by their positions 0..{k - 1} (or pass a dict of labels)"
                    )
                row.append(int(j))
            out.append(row)
        return out
    raise TypeError(
        "neighbours must be a dict {area label: [neighbour labels]} or a list with one list of "
        f"area positions per area, got {type(neighbours).__name__}"
    )


def _with_labels(sources: Mapping[str, Any], names: Sequence[str], call: Callable[[], Any]) -> Any:
    try:
        return call()
    except BildungError as error:
        _relabel(error, sources, names)
        raise


def _doc(func: _F) -> _F:
    """Fill the shared parts of a docstring."""
    func.__doc__ = (func.__doc__ or "").replace(
        "@COUNTS@",
        """events : array-like of float
        Event counts ``x_i >= 0`` per area (e.g. leavers without qualification).
    population : array-like of float
        Populations ``n_i >= x_i`` per area (e.g. leavers), same length.""",
    )
    return func


@_doc
def marshall_eb(
    events: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    neighbours: NeighboursLike = None,
    nan_policy: str = "raise",
) -> MarshallResult:
    """Marshall's empirical Bayes rates, global or local (empirische Bayes-Schätzung; R
    ``spdep::EBest`` / ``EBlocal``).

    The moment estimator of a Poisson-gamma model (Marshall 1991)::

        r_i = x_i / n_i;  m = sum x_i / sum n_i;  s2 = sum n_i (r_i - m)^2 / sum n_i
        nbar = sum n_i / k;  A = max(0, s2 - m / nbar)
        C_i = A / (A + m / n_i);  theta_i = m + C_i (r_i - m)

    With ``neighbours`` (local EB) ``m_i``, ``s2_i``, ``nbar_i`` and ``A_i`` are computed over
    area ``i`` and its neighbours (the area itself always included). Sums run over the areas
    with data (population above 0, not missing).

    Parameters
    ----------
    @COUNTS@
    neighbours : dict or list of lists, optional
        ``None`` (default): global EB. A dict ``{area: [neighbouring areas]}`` with the labels of
        the ``events`` Series (positions for arrays; areas left out have no neighbours), or a list
        with one list of area positions per area. Lists need not be symmetric; repeated entries
        count once.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with an area with a missing count.

    Returns
    -------
    MarshallResult
        ``estimate``, ``rate``, ``shrinkage`` (``C_i``), ``prior_mean``, ``prior_variance``
        and ``status`` per area; ``pooled_rate`` (``m``) and ``between_variance`` (``A``);
        ``to_pandas()`` on the input's index.

    Raises
    ------
    InvalidCountError
        A negative count or ``events > population`` (naming the area).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError
        NaN under ``nan_policy="raise"``, infinity, lengths that differ, no area.
    UndefinedError
        Fewer than two areas with population.
    ParameterError
        A neighbour that is not an area (naming it), an unknown ``nan_policy``.
    TypeError
        Non-numeric input, neighbours of the wrong type.

    Warns
    -----
    BildungWarning
        ``no_between_variance``: ``A = 0``, every estimate is the prior mean.

    Examples
    --------
    The 8 Ortsteile of methods.md 3.5:

    >>> from bildung.smallarea import marshall_eb
    >>> x = [3, 6, 9, 12, 7, 15, 0, 4]
    >>> n = [12, 45, 80, 150, 30, 220, 8, 60]
    >>> eb = marshall_eb(x, n)
    >>> round(eb.pooled_rate, 7), round(eb.between_variance, 8)
    (0.092562, 0.00086159)
    >>> eb.estimate.round(4).tolist()
    [0.1084, 0.1046, 0.1011, 0.0852, 0.1233, 0.0762, 0.0861, 0.0833]

    Local EB along a chain of Ortsteile, neighbours given by label:

    >>> import pandas as pd
    >>> names = list("ABCDEFGH")
    >>> chain = {a: [b for b in (names[i - 1] if i else None, names[i + 1] if i < 7 else None) if b]
    ...          for i, a in enumerate(names)}
    >>> local = marshall_eb(pd.Series(x, index=names), pd.Series(n, index=names), neighbours=chain)
    >>> local.to_pandas()["estimate"].round(4).tolist()
    [0.1579, 0.1314, 0.0982, 0.0914, 0.1286, 0.0709, 0.066, 0.0588]
    """
    xs, ns, index = _counts(events, population)
    nb = _neighbour_lists(neighbours, len(xs), index)
    policy = _nan(nan_policy)
    raw = _with_labels(
        {"events": events, "population": population},
        (),
        lambda: _core.marshall_eb(xs, ns, neighbours=nb, nan_policy=policy),
    )
    _warn("marshall_eb", raw["flags"])
    return MarshallResult(
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_empty=raw["n_empty"],
        flags=tuple(raw["flags"]),
        index=index,
        estimate=raw["estimate"],
        rate=raw["rate"],
        shrinkage=raw["shrinkage"],
        prior_mean=raw["prior_mean"],
        prior_variance=raw["prior_variance"],
        pooled_rate=raw["pooled_rate"],
        between_variance=raw["between_variance"],
        local=raw["local"],
        n_dropped=raw["n_dropped"],
    )


@_doc
def beta_binomial_eb(
    events: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    method: str = "ml",
    level: float = 0.95,
    nan_policy: str = "raise",
    tolerance: float = 1e-10,
    max_iter: int = 100,
) -> BetaBinomialResult:
    """Beta-binomial empirical Bayes proportions with EB intervals (Beta-Binomial-Modell).

    The true proportions follow a beta prior estimated from all areas; each area's estimate is
    its posterior mean, its interval the posterior interval::

        theta_i ~ Beta(a, b),  x_i ~ Bin(n_i, theta_i)
        moments: rho = [S/(p(1-p)) - (k-1)] / [N - sum n_i^2/N - (k-1)],  S = sum n_i (r_i - p)^2,
                 a + b = (1 - rho)/rho,  a = p (a + b)
        ML:      maximise sum ln BetaBin(x_i; n_i, a, b), started at the moments
        estimate_i = (x_i + a) / (n_i + a + b)
        interval_i = Beta quantiles (1 -/+ level)/2 of Beta(x_i + a, n_i - x_i + b)

    The interval ("EB interval") understates the uncertainty because ``a`` and ``b`` are
    plugged in. With few areas the two estimators of ``rho`` can differ strongly: report ``rho``.

    Parameters
    ----------
    @COUNTS@
        Both must be integers.
    method : {"ml", "moments"}, default "ml"
        Estimator of the prior.
    level : float, default 0.95
        Level of the EB intervals, in ``(0, 1)``.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What to do with an area with a missing count.
    tolerance : float, default 1e-10
        Convergence tolerance of the ML iteration (relative change of the parameters).
    max_iter : int, default 100
        Largest number of ML iterations.

    Returns
    -------
    BetaBinomialResult
        ``estimate``, ``lower``, ``upper``, ``rate``, ``shrinkage`` and ``status`` per area;
        ``alpha``, ``beta``, ``rho``, ``prior_mean``, ``log_likelihood``, ``iterations``.

    Raises
    ------
    InvalidCountError
        Negative or non-integral counts, ``events > population``.
    UndefinedError
        Fewer than two areas with population; moments: ``rho >= 1`` (every area all or nothing).
    ConvergenceError
        The ML iteration did not converge (or ``a + b -> 0``).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError, ParameterError, TypeError
        As for :func:`marshall_eb`; also an invalid ``method``, ``level`` or ``tolerance``.

    Warns
    -----
    BildungWarning
        ``no_between_variance``: ``rho = 0``, every estimate and interval is the prior mean.

    Examples
    --------
    >>> from bildung.smallarea import beta_binomial_eb
    >>> x = [3, 6, 9, 12, 7, 15, 0, 4]
    >>> n = [12, 45, 80, 150, 30, 220, 8, 60]
    >>> ml = beta_binomial_eb(x, n)
    >>> round(ml.alpha, 3), round(ml.beta, 3), round(ml.rho, 6)
    (22.575, 206.026, 0.004355)
    >>> round(float(ml.lower[6]), 4), round(float(ml.upper[6]), 4)     # the 0/8 area
    (0.0614, 0.1359)
    >>> round(beta_binomial_eb(x, n, method="moments").rho, 6)
    0.017473
    """
    xs, ns, index = _counts(events, population)
    args = dict(
        method=option(method, "method"),
        level=real(level, "level"),
        tolerance=real(tolerance, "tolerance"),
        max_iter=_integer_option(max_iter, "max_iter"),
        nan_policy=_nan(nan_policy),
    )
    raw = _with_labels(
        {"events": events, "population": population},
        (),
        lambda: _core.beta_binomial_eb(xs, ns, **args),  # type: ignore[arg-type]
    )
    _warn("beta_binomial_eb", raw["flags"])
    return BetaBinomialResult(
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_empty=raw["n_empty"],
        flags=tuple(raw["flags"]),
        index=index,
        estimate=raw["estimate"],
        lower=raw["lower"],
        upper=raw["upper"],
        rate=raw["rate"],
        shrinkage=raw["shrinkage"],
        alpha=raw["alpha"],
        beta=raw["beta"],
        rho=raw["rho"],
        prior_mean=raw["prior_mean"],
        log_likelihood=raw["log_likelihood"],
        method=raw["method"],
        level=raw["level"],
        iterations=raw["iterations"],
        n_dropped=raw["n_dropped"],
    )


def _covariates(covariates: CovariatesLike) -> Tuple[Optional[np.ndarray], List[str], Any]:
    """(areas x covariates float64 array or None, names, the pandas object for labels)."""
    if covariates is None:
        return None, [], None
    pd = _loaded_pandas()
    if pd is not None and isinstance(covariates, pd.DataFrame):
        return as_table(covariates, "covariates"), [str(c) for c in covariates.columns], covariates
    if pd is not None and isinstance(covariates, pd.Series):
        values = as_values(covariates, "covariates")
        name = str(covariates.name) if covariates.name is not None else "x0"
        return values.reshape(-1, 1), [name], covariates.to_frame(name)
    ndim = np.ndim(covariates) if not isinstance(covariates, (str, bytes)) else -1
    if ndim == 1:
        values = as_values(covariates, "covariates")
        return values.reshape(-1, 1), ["x0"], None
    table = as_table(covariates, "covariates")
    return table, [f"x{j}" for j in range(table.shape[1])], None


def fay_herriot(
    direct: Any,
    variance: Any,
    covariates: CovariatesLike = None,
    *,
    data: Any = None,
    method: str = "reml",
    intercept: bool = True,
    tolerance: float = 1e-10,
    max_iter: int = 100,
) -> FayHerriotResult:
    """The Fay-Herriot area-level model: EBLUP with its MSE (Fay-Herriot-Modell; R
    ``sae::eblupFH`` / ``mseFH``).

    For the ``m`` areas with a direct estimate ``y_i`` and known sampling variance ``psi_i``::

        y_i = x_i' beta + v_i + e_i,  v_i ~ N(0, s2v),  e_i ~ N(0, psi_i)
        gamma_i = s2v / (s2v + psi_i),  beta = (X'V^-1X)^-1 X'V^-1 y,  V = diag(s2v + psi_i)
        EBLUP_i = gamma_i y_i + (1 - gamma_i) x_i' beta
        MSE_i = g1 + g2 + 2 g3 (- b B_i^2 for ML / FH),  g1 = gamma_i psi_i,
                g2 = B_i^2 x_i'(X'V^-1X)^-1 x_i,  g3 = B_i^2 Var(s2v) / (s2v + psi_i),  B_i = 1 - gamma_i

    ``s2v`` by REML (default) or ML Fisher scoring from ``median(psi)`` (tolerance 1e-10 on the
    relative change), the Fay-Herriot moment equation, or the Prasad-Rao closed form (methods.md
    3.6). An area whose direct estimate is NaN is out of sample: it gets the synthetic
    ``x_i' beta`` with MSE ``x_i'(X'V^-1X)^-1 x_i + s2v`` and status ``"no_data"``.

    Parameters
    ----------
    direct : array-like of float, or a column name with ``data``
        Direct estimates ``y_i`` (NaN = no direct estimate).
    variance : array-like of float, or a column name with ``data``
        Sampling variances ``psi_i > 0`` of the direct estimates (not used where ``direct`` is
        NaN). For a proportion ``p_i`` from ``n_i`` pupils e.g. ``p~ (1 - p~) / n_i`` with a
        smoothed ``p~`` (never 0).
    covariates : DataFrame, 2-D array, Series or 1-D array, or column name(s) with ``data``
        Area covariates without the intercept column (``None``: intercept only).
    data : pandas.DataFrame, optional
        Take ``direct``, ``variance`` and ``covariates`` as column names of this frame.
    method : {"reml", "ml", "fh", "pr"}, default "reml"
        Estimator of ``s2v``.
    intercept : bool, default True
        Add an intercept column.
    tolerance : float, default 1e-10
        Convergence tolerance of the scoring (relative change of ``s2v``).
    max_iter : int, default 100
        Largest number of scoring iterations.

    Returns
    -------
    FayHerriotResult
        ``estimate``, ``mse``, ``gamma``, ``synthetic``, ``g1``-``g3``, ``status`` per area;
        ``coefficients`` (beta with standard errors), ``variance_component``, ``iterations``;
        ``to_pandas()`` on the input's index.

    Raises
    ------
    ParameterError
        ``m <= p``; a rank-deficient design (naming the covariate); no fixed effect at all; an
        unknown ``method``; a bad option value.
    NegativeValueError
        A sampling variance ``<= 0`` of an area with a direct estimate (naming the area).
    MissingValueError
        NaN in a covariate, or in the variance of an area with a direct estimate.
    ConvergenceError
        The scoring did not converge within ``max_iter``.
    NonFiniteError, ShapeError, EmptyInputError, TypeError
        Infinity, lengths that differ, no area, non-numeric input or an unknown column.

    Warns
    -----
    BildungWarning
        ``boundary_estimate``: ``s2v = 0``, every EBLUP is the synthetic estimate.

    Examples
    --------
    Eight Ortsteile, the share of leavers without qualification as direct estimate, its
    sampling variance, and the share of low-income households as covariate (made-up numbers):

    >>> from bildung.smallarea import fay_herriot
    >>> y = [0.12, 0.05, 0.19, 0.10, 0.24, 0.04, 0.09, 0.16]
    >>> psi = [0.0002, 0.0001, 0.0004, 0.0002, 0.0005, 0.0001, 0.0002, 0.0004]
    >>> low_income = [0.20, 0.10, 0.30, 0.15, 0.40, 0.05, 0.22, 0.33]
    >>> fit = fay_herriot(y, psi, low_income)
    >>> fit.coefficient_names
    ('intercept', 'x0')
    >>> round(fit.variance_component, 7)
    0.0001957
    >>> fit.estimate.round(3).tolist()
    [0.116, 0.053, 0.174, 0.093, 0.226, 0.037, 0.107, 0.175]

    With a DataFrame, by column names (the result keeps the index):

    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": y, "psi": psi, "low": low_income},
    ...                   index=[f"OT{i}" for i in range(1, 9)])
    >>> fit = fay_herriot("y", "psi", ["low"], data=df)
    >>> table = fit.to_pandas()
    >>> float(table.loc["OT5", "direct"]), round(float(table.loc["OT5", "estimate"]), 3)
    (0.24, 0.226)
    """
    pd = _loaded_pandas()
    if data is not None:
        if pd is None or not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
        for name, col in (("direct", direct), ("variance", variance)):
            if not isinstance(col, str):
                raise TypeError(f"with data=, {name} must be a column name, got {col!r}")
        cols = [covariates] if isinstance(covariates, str) else covariates
        if cols is not None and not (
            isinstance(cols, (list, tuple)) and all(isinstance(c, str) for c in cols)
        ):
            raise TypeError("with data=, covariates must be a column name or a list of column names")
        for c in [direct, variance, *(cols or [])]:
            if c not in data.columns:
                raise ShapeError(f"data has no column {c!r} (columns: {list(data.columns)})")
        direct, variance = data[direct], data[variance]
        covariates = data[list(cols)] if cols else None
    if variance is None:
        raise TypeError("fay_herriot() needs the sampling variances: variance=...")
    check_aligned(direct=direct, variance=variance)
    ys, psis = as_values(direct, "direct"), as_values(variance, "variance")
    xs, names, frame = _covariates(covariates)
    index = area_index(direct)
    if index is None:
        index = area_index(variance)
    if index is None and frame is not None:
        index = frame.index
    if pd is not None and frame is not None and index is not None and len(frame) == len(index):
        if not frame.index.equals(index):
            raise ShapeError(
                "covariates and direct have different indexes; bildung pairs rows by position, "
                "so align them first, e.g. covariates = covariates.reindex(direct.index)"
            )
    args = dict(
        method=option(method, "method"),
        intercept=flag(intercept, "intercept"),
        tolerance=real(tolerance, "tolerance"),
        max_iter=_integer_option(max_iter, "max_iter"),
    )
    raw = _with_labels(
        {"direct": direct, "variance": variance, "covariates": frame},
        names,
        lambda: _core.fay_herriot(ys, psis, xs, **args),  # type: ignore[arg-type]
    )
    _warn("fay_herriot", raw["flags"])
    coefficient_names = (["intercept"] if raw["intercept"] else []) + names
    return FayHerriotResult(
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_empty=raw["n_empty"],
        flags=tuple(raw["flags"]),
        index=index,
        direct=np.array(ys, dtype=np.float64, copy=True),
        estimate=raw["estimate"],
        mse=raw["mse"],
        gamma=raw["gamma"],
        synthetic=raw["synthetic"],
        g1=raw["g1"],
        g2=raw["g2"],
        g3=raw["g3"],
        beta=raw["beta"],
        beta_se=raw["beta_se"],
        coefficient_names=tuple(coefficient_names),
        variance_component=raw["variance_component"],
        variance_component_se=raw["variance_component_se"],
        log_likelihood=raw["log_likelihood"],
        restricted_log_likelihood=raw["restricted_log_likelihood"],
        method=raw["method"],
        intercept=raw["intercept"],
        iterations=raw["iterations"],
    )
