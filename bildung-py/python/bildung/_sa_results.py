"""Result objects of :mod:`bildung.smallarea`.

Like the other results (:mod:`bildung._results`, :mod:`bildung._seg_results`), each has named
fields, a short ``repr``, an HTML table for notebooks (``_repr_html_``), ``to_dict()`` (plain
Python values, JSON-serialisable) and ``to_pandas()`` (one row per area, indexed like the input).
The numbers are the core's; nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Optional, Tuple

import numpy as np

from ._convert import _loaded_pandas, optional_pandas
from ._results import _html_table, _num, _plain, _preview

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["BetaBinomialResult", "FayHerriotResult", "MarshallResult"]

#: Area status names, in the order of the core's codes.
STATUS_NAMES = ("ok", "missing", "empty", "no_data")

_MAX_HTML_ROWS = 20
_MAX_REPR_ROWS = 6


def _needs_pandas(owner: str) -> Any:
    pd = optional_pandas()
    if pd is None:
        raise ImportError(f"{owner}.to_pandas() needs pandas (pip install pandas)")
    return pd


def _show(v: Any) -> str:
    if isinstance(v, (bool, np.bool_, str)):
        return str(v)
    return _num(v)


@dataclass(frozen=True, repr=False, eq=False)
class _AreaResult:
    """Base: per-area arrays ``_AREA_FIELDS`` and ``status``, scalars ``_SCALARS``, bookkeeping.

    ``index`` holds the pandas index of the input (or ``None`` for plain arrays): ``to_pandas()``
    uses it, so the result lines up with the caller's data.
    """

    status: np.ndarray
    n_used: int
    n_empty: int
    flags: Tuple[str, ...]
    index: Any = field(default=None)

    _TITLE: ClassVar[str] = ""
    _AREA_FIELDS: ClassVar[Tuple[str, ...]] = ()
    _SCALARS: ClassVar[Tuple[str, ...]] = ()
    _COUNTS: ClassVar[Tuple[str, ...]] = ("n_used", "n_empty")

    def __post_init__(self) -> None:
        for name in self._AREA_FIELDS:
            getattr(self, name).setflags(write=False)
        self.status.setflags(write=False)

    def __len__(self) -> int:
        return len(self.status)

    def _scalar_items(self) -> List[Tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self._SCALARS]

    def _count_items(self) -> List[Tuple[str, int]]:
        return [(k, getattr(self, k)) for k in self._COUNTS]

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (floats, ints, strings, lists)."""
        out: Dict[str, Any] = {k: _plain(v) for k, v in self._scalar_items()}
        out.update({k: getattr(self, k).tolist() for k in self._AREA_FIELDS})
        out["status"] = self.status.tolist()
        out.update(dict(self._count_items()))
        out["flags"] = list(self.flags)
        if self.index is not None:
            out["index"] = [_plain(v) for v in self.index]
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """One row per area, indexed like the input (a RangeIndex for arrays): the per-area
        columns and a categorical ``status`` (``ok``, ``missing``, ``empty``, ``no_data``).
        The scalar fields are in ``DataFrame.attrs``."""
        pd = _needs_pandas(type(self).__name__)
        frame = pd.DataFrame(
            {k: getattr(self, k) for k in self._AREA_FIELDS},
            index=self.index if self.index is not None else None,
        )
        frame["status"] = pd.Categorical(list(self.status), categories=list(STATUS_NAMES))
        frame.attrs.update({k: _plain(v) for k, v in self._scalar_items()})
        frame.attrs.update(dict(self._count_items()))
        frame.attrs["flags"] = list(self.flags)
        return frame

    def _head(self) -> str:
        parts = [f"{k}={_show(v)}" for k, v in self._scalar_items()]
        parts += [f"{k}={v}" for k, v in self._count_items()]
        if self.flags:
            parts.append(f"flags={list(self.flags)}")
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def __repr__(self) -> str:
        lines = [self._head()]
        width = max([len(k) for k in self._AREA_FIELDS] + [6])
        for k in self._AREA_FIELDS:
            lines.append(f"  {(k + ':').ljust(width + 1)} {_preview(getattr(self, k))}")
        shown = ", ".join(self.status[:_MAX_REPR_ROWS].tolist())
        more = ", ..." if len(self) > _MAX_REPR_ROWS else ""
        lines.append(f"  {'status:'.ljust(width + 1)} [{shown}{more}]")
        return "\n".join(lines)

    def _extra_html(self) -> str:
        return ""

    def _repr_html_(self) -> str:
        summary = [[k, _show(v)] for k, v in self._scalar_items()]
        summary += [[k, str(v)] for k, v in self._count_items()]
        if self.flags:
            summary.append(["flags", ", ".join(self.flags)])
        parts = [_html_table(["field", "value"], summary, self._TITLE), self._extra_html()]
        n = len(self)
        labels = list(self.index) if self.index is not None else list(range(n))
        rows = [
            [str(labels[i])]
            + [_num(getattr(self, k)[i]) for k in self._AREA_FIELDS]
            + [str(self.status[i])]
            for i in range(min(n, _MAX_HTML_ROWS))
        ]
        if n > _MAX_HTML_ROWS:
            rows.append([f"… {n - _MAX_HTML_ROWS} more areas"] + [""] * (len(self._AREA_FIELDS) + 1))
        parts.append(_html_table(["area", *self._AREA_FIELDS, "status"], rows))
        return "<div>" + "".join(parts) + "</div>"


@dataclass(frozen=True, repr=False, eq=False)
class MarshallResult(_AreaResult):
    """Marshall empirical Bayes rates (empirische Bayes-Schätzung), one entry per area.

    Returned by :func:`bildung.smallarea.marshall_eb`.

    Attributes
    ----------
    estimate : numpy.ndarray
        The EB rate ``theta_i = m_i + C_i (r_i - m_i)`` (read-only float64).
    rate : numpy.ndarray
        The raw rate ``r_i = x_i / n_i`` (NaN for population 0).
    shrinkage : numpy.ndarray
        The shrinkage weight ``C_i = A_i / (A_i + m_i / n_i)``: the weight of the raw rate.
    prior_mean, prior_variance : numpy.ndarray
        ``m_i`` and ``A_i`` (global: the same for every area; local: over the neighbourhood).
    status : numpy.ndarray
        ``"ok"``, ``"missing"`` (missing count: NaN everywhere), ``"no_data"`` (population 0: the
        prior mean), ``"empty"`` (local: no population in the neighbourhood: NaN).
    pooled_rate : float
        The pooled rate ``m`` of all areas with data.
    between_variance : float
        The global between-area variance ``A`` (also reported for the local estimator).
    local : bool
        True for the local estimator.
    n_used, n_dropped, n_empty : int
        Areas with data, with a missing count, with population 0.
    flags : tuple of str
        ``"no_between_variance"``, ``"missing_propagated"``.
    index : pandas.Index or None
        The index of the input Series (``to_pandas()`` uses it).
    """

    estimate: np.ndarray = field(default_factory=lambda: np.empty(0))
    rate: np.ndarray = field(default_factory=lambda: np.empty(0))
    shrinkage: np.ndarray = field(default_factory=lambda: np.empty(0))
    prior_mean: np.ndarray = field(default_factory=lambda: np.empty(0))
    prior_variance: np.ndarray = field(default_factory=lambda: np.empty(0))
    pooled_rate: float = float("nan")
    between_variance: float = float("nan")
    local: bool = False
    n_dropped: int = 0

    _TITLE: ClassVar[str] = "Marshall empirical Bayes rates"
    _AREA_FIELDS: ClassVar[Tuple[str, ...]] = (
        "estimate",
        "rate",
        "shrinkage",
        "prior_mean",
        "prior_variance",
    )
    _SCALARS: ClassVar[Tuple[str, ...]] = ("pooled_rate", "between_variance", "local")
    _COUNTS: ClassVar[Tuple[str, ...]] = ("n_used", "n_dropped", "n_empty")


@dataclass(frozen=True, repr=False, eq=False)
class BetaBinomialResult(_AreaResult):
    """Beta-binomial empirical Bayes proportions with EB intervals, one entry per area.

    Returned by :func:`bildung.smallarea.beta_binomial_eb`.

    Attributes
    ----------
    estimate : numpy.ndarray
        The posterior mean ``(x_i + a) / (n_i + a + b)`` (read-only float64).
    lower, upper : numpy.ndarray
        The EB interval: quantiles of ``Beta(x_i + a, n_i - x_i + b)``. It understates the
        uncertainty because ``a`` and ``b`` are plugged in.
    rate : numpy.ndarray
        The raw proportion ``x_i / n_i`` (NaN for population 0).
    shrinkage : numpy.ndarray
        The weight of the raw proportion, ``n_i / (n_i + a + b)``.
    status : numpy.ndarray
        ``"ok"``, ``"missing"``, ``"no_data"`` (population 0: prior mean and prior interval).
    alpha, beta : float
        The prior ``Beta(a, b)`` (``inf`` when ``rho = 0``).
    rho : float
        The intra-area correlation ``1 / (a + b + 1)``.
    prior_mean : float
        ``a / (a + b)``.
    log_likelihood : float
        The beta-binomial log-likelihood at ``(a, b)``.
    method : str
        ``"ml"`` or ``"moments"``.
    level : float
        The interval level.
    iterations : int
        Newton iterations of the ML fit (0 for moments).
    converged : bool
        Always True: a fit that does not converge raises :class:`~bildung.ConvergenceError`.
    n_used, n_dropped, n_empty : int
        Areas with data, with a missing count, with population 0.
    flags : tuple of str
        ``"no_between_variance"`` (``rho = 0``: complete shrinkage), ``"missing_propagated"``.
    index : pandas.Index or None
        The index of the input Series.
    """

    estimate: np.ndarray = field(default_factory=lambda: np.empty(0))
    lower: np.ndarray = field(default_factory=lambda: np.empty(0))
    upper: np.ndarray = field(default_factory=lambda: np.empty(0))
    rate: np.ndarray = field(default_factory=lambda: np.empty(0))
    shrinkage: np.ndarray = field(default_factory=lambda: np.empty(0))
    alpha: float = float("nan")
    beta: float = float("nan")
    rho: float = float("nan")
    prior_mean: float = float("nan")
    log_likelihood: float = float("nan")
    method: str = "ml"
    level: float = 0.95
    iterations: int = 0
    converged: bool = True
    n_dropped: int = 0

    _TITLE: ClassVar[str] = "beta-binomial empirical Bayes proportions"
    _AREA_FIELDS: ClassVar[Tuple[str, ...]] = ("estimate", "lower", "upper", "rate", "shrinkage")
    _SCALARS: ClassVar[Tuple[str, ...]] = (
        "method",
        "alpha",
        "beta",
        "rho",
        "prior_mean",
        "log_likelihood",
        "level",
        "iterations",
        "converged",
    )
    _COUNTS: ClassVar[Tuple[str, ...]] = ("n_used", "n_dropped", "n_empty")


@dataclass(frozen=True, repr=False, eq=False)
class FayHerriotResult(_AreaResult):
    """A fitted Fay-Herriot model (EBLUP), one entry per area plus the fixed effects.

    Returned by :func:`bildung.smallarea.fay_herriot`.

    Attributes
    ----------
    direct : numpy.ndarray
        The direct estimates as given (NaN = out of sample).
    estimate : numpy.ndarray
        The EBLUP ``gamma_i y_i + (1 - gamma_i) x_i' beta`` (the synthetic estimate for areas
        out of sample).
    mse : numpy.ndarray
        The estimated MSE (Prasad-Rao / Datta-Lahiri).
    gamma : numpy.ndarray
        ``sigma2_v / (sigma2_v + psi_i)``: the weight of the direct estimate (NaN out of sample).
    synthetic : numpy.ndarray
        The regression-synthetic estimate ``x_i' beta``.
    g1, g2, g3 : numpy.ndarray
        The MSE terms (NaN out of sample).
    status : numpy.ndarray
        ``"ok"`` or ``"no_data"`` (out of sample).
    beta, beta_se : numpy.ndarray
        The GLS fixed effects and their standard errors (intercept first).
    coefficient_names : tuple of str
        Names of the fixed effects: ``"intercept"`` and the covariate names.
    variance_component : float
        ``sigma2_v`` (>= 0).
    variance_component_se : float
        Its asymptotic standard error (the one used in ``g3``).
    log_likelihood, restricted_log_likelihood : float
        The (restricted) log-likelihood at the estimate.
    method : str
        ``"reml"``, ``"ml"``, ``"fh"`` or ``"pr"``.
    intercept : bool
        Whether the model has an intercept.
    iterations : int
        Scoring iterations (0 for Prasad-Rao).
    converged : bool
        Always True: a fit that does not converge raises :class:`~bildung.ConvergenceError`.
    n_used, n_empty : int
        Areas with a direct estimate (``m``), and out of sample.
    flags : tuple of str
        ``"boundary_estimate"`` when ``sigma2_v = 0`` (every EBLUP is synthetic).
    index : pandas.Index or None
        The index of the input.
    """

    direct: np.ndarray = field(default_factory=lambda: np.empty(0))
    estimate: np.ndarray = field(default_factory=lambda: np.empty(0))
    mse: np.ndarray = field(default_factory=lambda: np.empty(0))
    gamma: np.ndarray = field(default_factory=lambda: np.empty(0))
    synthetic: np.ndarray = field(default_factory=lambda: np.empty(0))
    g1: np.ndarray = field(default_factory=lambda: np.empty(0))
    g2: np.ndarray = field(default_factory=lambda: np.empty(0))
    g3: np.ndarray = field(default_factory=lambda: np.empty(0))
    beta: np.ndarray = field(default_factory=lambda: np.empty(0))
    beta_se: np.ndarray = field(default_factory=lambda: np.empty(0))
    coefficient_names: Tuple[str, ...] = ()
    variance_component: float = float("nan")
    variance_component_se: float = float("nan")
    log_likelihood: float = float("nan")
    restricted_log_likelihood: float = float("nan")
    method: str = "reml"
    intercept: bool = True
    iterations: int = 0
    converged: bool = True

    _TITLE: ClassVar[str] = "Fay-Herriot model (EBLUP)"
    _AREA_FIELDS: ClassVar[Tuple[str, ...]] = (
        "direct",
        "estimate",
        "mse",
        "gamma",
        "synthetic",
        "g1",
        "g2",
        "g3",
    )
    _SCALARS: ClassVar[Tuple[str, ...]] = (
        "method",
        "variance_component",
        "variance_component_se",
        "log_likelihood",
        "restricted_log_likelihood",
        "intercept",
        "iterations",
        "converged",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        self.beta.setflags(write=False)
        self.beta_se.setflags(write=False)

    @property
    def coefficients(self) -> Any:
        """The fixed effects as a DataFrame (index = ``coefficient_names``, columns ``beta`` and
        ``se``), or a dict of lists without pandas."""
        pd = optional_pandas()
        if pd is None:
            return {
                "name": list(self.coefficient_names),
                "beta": self.beta.tolist(),
                "se": self.beta_se.tolist(),
            }
        return pd.DataFrame(
            {"beta": self.beta, "se": self.beta_se},
            index=pd.Index(list(self.coefficient_names), name="coefficient"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values; the fixed effects under ``coefficients``."""
        out = super().to_dict()
        out["coefficients"] = {
            "name": list(self.coefficient_names),
            "beta": self.beta.tolist(),
            "se": self.beta_se.tolist(),
        }
        return out

    def __repr__(self) -> str:
        coefs = ", ".join(
            f"{n}={_num(b)} (se {_num(s)})"
            for n, b, s in zip(self.coefficient_names, self.beta, self.beta_se)
        )
        return super().__repr__() + f"\n  coefficients: {coefs}"

    def _extra_html(self) -> str:
        rows = [
            [n, _num(b), _num(s)]
            for n, b, s in zip(self.coefficient_names, self.beta, self.beta_se)
        ]
        return _html_table(["coefficient", "beta", "se"], rows)


def area_index(obj: Any) -> Optional[Any]:
    """The pandas index of a Series / DataFrame argument, or None (never imports pandas)."""
    pd = _loaded_pandas()
    if pd is not None and isinstance(obj, (pd.Series, pd.DataFrame)):
        return obj.index
    return None
