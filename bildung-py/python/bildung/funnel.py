"""Funnel plots (Trichterdiagramme): which small areas truly stand out from a target.

Each area ``i`` has ``x_i`` events out of ``n_i`` (leavers without Hauptschulabschluss out of all
leavers of an Ortsteil). Its proportion ``p_i = x_i / n_i`` is compared with a target
``theta0`` (the pooled ``sum x / sum n``, or an external benchmark such as the Land value)
through control limits (Kontrollgrenzen) that narrow as ``n`` grows (Spiegelhalter 2005;
methods.md 3.7):

==========================================  ==================================================
function                                    what
==========================================  ==================================================
:func:`funnel`                              the whole analysis: limits at every area's ``n``,
                                            z-scores, class, p-values, BH flag, overdispersion
:func:`funnel_limits`                       limit curves on a grid of ``n`` (for drawing)
:func:`funnel_grid`                         a log-spaced grid of whole ``n``
:func:`benjamini_hochberg`                  false-discovery-rate flags of p-values
==========================================  ==================================================

Conventions:

* ``events`` and ``population``: numpy arrays, lists or pandas Series (or column names with
  ``data=`` a DataFrame). Two Series with different indexes raise :class:`~bildung.ShapeError`.
  Events above the population, negative counts and (for the exact method) non-whole counts
  raise :class:`~bildung.InvalidCountError` naming the area (its pandas label for a Series).
* An area with population 0 is not plotted (status ``"empty"``, class ``"not plotted"``).
  ``nan_policy``: ``"raise"`` (default) raises :class:`~bildung.MissingValueError`; ``"omit"``
  and ``"propagate"`` mark the area ``"missing"`` (NaN numbers) and leave it out of the pooled
  target and the overdispersion.
* A target of 0 or 1 (no event anywhere) raises :class:`~bildung.UndefinedError`: every limit
  would degenerate to it.
* Limits are given clamped to ``[0, 1]`` and unclamped (the exact lower limit is negative for
  small ``n``: no area there can be flagged low). The class and the p-value of an area agree
  with the limits as drawn.
* With fewer than 15 areas an overdispersion adjustment warns
  (:class:`~bildung.BildungWarning`, flag ``few_areas``): phi and tau² are poorly determined.
* ``plot()`` needs matplotlib (an optional dependency: ``pip install matplotlib``).
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from . import _core
from ._convert import (
    _loaded_pandas,
    _type_name,
    as_integer,
    as_values,
    check_aligned,
    option,
    optional_pandas,
    real,
)
from ._labels import labels_in_errors
from ._results import _html_table, _num, _preview, _readonly
from .exceptions import BildungWarning, ParameterError, ShapeError

#: Input errors name the pandas labels of the offending area (see :mod:`bildung._labels`).
_labels_in_errors = labels_in_errors("events", "population", "n", "p")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "Dispersion",
    "FunnelLimits",
    "FunnelResult",
    "benjamini_hochberg",
    "funnel",
    "funnel_grid",
    "funnel_limits",
]

#: Array-like of counts: numpy array, list, tuple or pandas Series (or a column name with data=).
CountsLike = Any
#: Levels: one level or a sequence of them.
LevelsLike = Union[float, Sequence[float], npt.ArrayLike]

_MAX_HTML_ROWS = 20
_STATUS = ["ok", "missing", "empty"]


def _needs_pandas(owner: str) -> Any:
    pd = optional_pandas()
    if pd is None:
        raise ImportError(f"{owner}.to_pandas() needs pandas (pip install pandas)")
    return pd


def _levels(levels: Any) -> List[float]:
    if isinstance(levels, numbers.Real) and not isinstance(levels, bool):
        return [float(levels)]
    if isinstance(levels, (str, bytes)) or not hasattr(levels, "__iter__"):
        raise TypeError(
            f"levels must be a number or a sequence of numbers, got {_type_name(levels)} {levels!r}"
        )
    return [real(v, "levels") for v in levels]


def _overdispersion(value: Any) -> str:
    return "none" if value is None else option(value, "overdispersion")


def _column_suffix(label: str) -> str:
    """``"99.8%"`` -> ``"99.8"`` (column names ``lower_99.8``)."""
    return label.rstrip("%")


def _limit_columns(
    lower: np.ndarray,
    upper: np.ndarray,
    lower_u: np.ndarray,
    upper_u: np.ndarray,
    labels: Sequence[str],
) -> Dict[str, np.ndarray]:
    cols: Dict[str, np.ndarray] = {}
    for k, label in enumerate(labels):
        s = _column_suffix(label)
        cols[f"lower_{s}"] = lower[:, k]
        cols[f"upper_{s}"] = upper[:, k]
    for k, label in enumerate(labels):
        s = _column_suffix(label)
        cols[f"lower_{s}_unclamped"] = lower_u[:, k]
        cols[f"upper_{s}_unclamped"] = upper_u[:, k]
    return cols


@dataclass(frozen=True, repr=False, eq=False)
class Dispersion:
    """Overdispersion (Überdispersion) of the areas around the target.

    ::

        z_w  = z winsorised at its 10 % and 90 % quantiles (type 7)
        phi  = sum z_w² / I,   test: I phi ~ chi²(I - 1)
        tau² = max(0, (I phi - (I - 1)) / (sum w - sum w² / sum w)),   w = 1 / s²

    Attributes
    ----------
    n_areas : int
        ``I``, plotted areas.
    winsorize : float
        Winsorising share ``w``.
    winsor_lower, winsor_upper : float
        The winsorising limits of the z-scores.
    phi : float
        Multiplicative dispersion factor (1 without overdispersion).
    chi2 : float
        ``I phi``.
    df : int
        ``I - 1``.
    p_value : float
        ``P(chi²(I - 1) > I phi)``; small values indicate overdispersion.
    tau2 : float
        Additive between-area variance (on the method's scale).
    few_areas : bool
        Fewer than 15 areas: phi and tau² are poorly determined.
    """

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

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def __repr__(self) -> str:
        return (
            f"Dispersion(phi={_num(self.phi)}, chi2={_num(self.chi2)} on {self.df} df, "
            f"p={_num(self.p_value)}, tau2={_num(self.tau2)}, n_areas={self.n_areas}"
            + (", few_areas" if self.few_areas else "")
            + ")"
        )


@dataclass(frozen=True, repr=False, eq=False)
class FunnelLimits:
    """Control limits on a grid of denominators (for drawing a funnel).

    Returned by :func:`funnel_limits` and :meth:`FunnelResult.curves`.

    Attributes
    ----------
    theta0 : float
        The target.
    method : str
        ``"exact"``, ``"normal"`` or ``"arcsine"``.
    overdispersion : str
        ``"none"``, ``"multiplicative"`` or ``"additive"``.
    adjustment_value : float
        phi or tau² used (NaN for none).
    levels : tuple of float
        Ascending.
    level_labels : tuple of str
        ``("95%", "99.8%")``.
    n : numpy.ndarray
        The grid.
    lower, upper, lower_unclamped, upper_unclamped : numpy.ndarray
        ``len(n) x len(levels)``; rows with ``n = 0`` are NaN.
    """

    theta0: float
    method: str
    overdispersion: str
    adjustment_value: float
    levels: Tuple[float, ...]
    level_labels: Tuple[str, ...]
    n: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    lower_unclamped: np.ndarray
    upper_unclamped: np.ndarray

    def __post_init__(self) -> None:
        for a in (self.n, self.lower, self.upper, self.lower_unclamped, self.upper_unclamped):
            _readonly(a)

    @classmethod
    def _from_core(cls, raw: Any) -> "FunnelLimits":
        return cls(
            theta0=float(raw["theta0"]),
            method=raw["method"],
            overdispersion=raw["overdispersion"],
            adjustment_value=float(raw["adjustment_value"]),
            levels=tuple(raw["levels"]),
            level_labels=tuple(raw["level_labels"]),
            n=raw["n"],
            lower=raw["lower"],
            upper=raw["upper"],
            lower_unclamped=raw["lower_unclamped"],
            upper_unclamped=raw["upper_unclamped"],
        )

    def __len__(self) -> int:
        return len(self.n)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (lists)."""
        out: Dict[str, Any] = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            out[k] = v.tolist() if isinstance(v, np.ndarray) else (list(v) if isinstance(v, tuple) else v)
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """A DataFrame indexed by ``n`` with columns ``lower_95``, ``upper_95``, ... (clamped)
        and ``lower_95_unclamped``, ... ."""
        pd = _needs_pandas("FunnelLimits")
        cols = _limit_columns(
            self.lower, self.upper, self.lower_unclamped, self.upper_unclamped, self.level_labels
        )
        return pd.DataFrame(cols, index=pd.Index(self.n, name="n"))

    def __repr__(self) -> str:
        return (
            f"FunnelLimits(theta0={_num(self.theta0)}, method={self.method!r}, "
            f"overdispersion={self.overdispersion!r}, levels={list(self.level_labels)}, "
            f"points={len(self)})\n  n: {_preview(self.n)}"
        )

    def _repr_html_(self) -> str:
        m = len(self)
        rows = []
        for i in range(min(m, _MAX_HTML_ROWS)):
            cells = [_num(self.n[i])]
            for k in range(len(self.levels)):
                cells += [_num(self.lower[i, k]), _num(self.upper[i, k])]
            rows.append(cells)
        if m > _MAX_HTML_ROWS:
            rows.append([f"… {m - _MAX_HTML_ROWS} more"] + [""] * (2 * len(self.levels)))
        header = ["n"]
        for label in self.level_labels:
            header += [f"lower {label}", f"upper {label}"]
        caption = f"Funnel limits: theta0={_num(self.theta0)}, {self.method}, {self.overdispersion}"
        return _html_table(header, rows, caption)


@dataclass(frozen=True, repr=False, eq=False)
class FunnelResult:
    """A funnel plot: target, control limits and classification of every area.

    Returned by :func:`funnel`. Per-area arrays have the input's length (and order); areas that
    are not plotted (status ``"empty"`` or ``"missing"``) have NaN numbers and class
    ``"not plotted"``. Limit matrices are areas x levels (levels ascending).

    Attributes
    ----------
    theta0 : float
        The target.
    pooled : bool
        True when ``theta0`` is the pooled proportion.
    method : str
        ``"exact"``, ``"normal"`` or ``"arcsine"``.
    overdispersion : str
        ``"none"``, ``"multiplicative"`` or ``"additive"``: the widening of the limits.
    adjustment_value : float
        phi used (``max(phi, 1)``) or tau²; NaN without adjustment.
    levels : tuple of float
        Ascending, e.g. ``(0.95, 0.998)``.
    level_labels : tuple of str
        ``("95%", "99.8%")``.
    dispersion : Dispersion or None
        phi, its chi² test, tau² (None with fewer than two plotted areas).
    events, population : numpy.ndarray
        The input counts (float64).
    proportion, z, z_adjusted, p_value : numpy.ndarray
        ``x/n``; z-score on the method's scale; z under the adjustment; two-sided p-value.
    lower, upper, lower_unclamped, upper_unclamped : numpy.ndarray
        Limits at each area's ``n``.
    class_code : numpy.ndarray
        int8: 0 within, ``k`` (``-k``) above (below) the limits of the ``k`` lowest levels,
        127 not plotted.
    class_label : numpy.ndarray
        ``"within"``, ``"above 95%"``, ``"below 99.8%"``, ``"not plotted"``.
    categories : tuple of str
        Every class label in legend order (below highest level ... above highest level, not
        plotted).
    fdr : float or None
        False discovery rate of ``bh``.
    bh : numpy.ndarray or None
        Benjamini-Hochberg flags (bool) at ``fdr``.
    status : numpy.ndarray
        ``"ok"``, ``"missing"``, ``"empty"``.
    n_used, n_dropped, n_empty : int
        Plotted areas, areas with a missing count, areas with population 0.
    flags : tuple of str
        ``"few_areas"``, ``"missing_propagated"``.
    index : pandas.Index or None
        The index of the input Series (None for other input).
    """

    theta0: float
    pooled: bool
    method: str
    overdispersion: str
    adjustment_value: float
    levels: Tuple[float, ...]
    level_labels: Tuple[str, ...]
    dispersion: Optional[Dispersion]
    events: np.ndarray
    population: np.ndarray
    proportion: np.ndarray
    z: np.ndarray
    z_adjusted: np.ndarray
    p_value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    lower_unclamped: np.ndarray
    upper_unclamped: np.ndarray
    class_code: np.ndarray
    class_label: np.ndarray
    categories: Tuple[str, ...]
    fdr: Optional[float]
    bh: Optional[np.ndarray]
    status: np.ndarray
    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...]
    index: Any = None

    _ARRAYS = (
        "events", "population", "proportion", "z", "z_adjusted", "p_value", "lower", "upper",
        "lower_unclamped", "upper_unclamped", "class_code", "class_label", "status",
    )

    def __post_init__(self) -> None:
        for name in self._ARRAYS:
            _readonly(getattr(self, name))
        if self.bh is not None:
            _readonly(self.bh)

    @property
    def phi(self) -> Optional[float]:
        """The dispersion factor phi (None with fewer than two plotted areas)."""
        return None if self.dispersion is None else self.dispersion.phi

    @property
    def tau2(self) -> Optional[float]:
        """The additive between-area variance tau² (None with fewer than two plotted areas)."""
        return None if self.dispersion is None else self.dispersion.tau2

    @property
    def outside(self) -> np.ndarray:
        """True for plotted areas outside the limits of at least the lowest level."""
        code = np.asarray(self.class_code)
        return np.asarray((code != 0) & (code != 127), dtype=bool)

    def __len__(self) -> int:
        return len(self.status)

    def curves(self, n: Optional[npt.ArrayLike] = None, *, points: int = 200) -> FunnelLimits:
        """The limit curves of this funnel on a grid of denominators.

        Parameters
        ----------
        n : array-like, optional
            The grid; default :func:`funnel_grid` from the smallest to the largest plotted
            ``n`` (rounded out to whole numbers) with ``points`` points.
        points : int, default 200
            Grid size when ``n`` is not given.

        Returns
        -------
        FunnelLimits

        Examples
        --------
        >>> from bildung.funnel import funnel
        >>> f = funnel([2, 9, 4, 14], [40, 55, 80, 120])
        >>> c = f.curves(points=5)
        >>> c.n.tolist()
        [40.0, 53.0, 69.0, 91.0, 120.0]
        >>> c.upper.shape
        (5, 2)
        """
        if n is None:
            ok = self.status == "ok"
            if not ok.any():
                raise ParameterError("no area is plotted, so there is no default grid; pass n")
            lo = max(1.0, float(np.floor(self.population[ok].min())))
            hi = max(lo, float(np.ceil(self.population[ok].max())))
            grid = funnel_grid(lo, hi, points)
        else:
            grid = as_values(n, "n")
        value = None if self.overdispersion == "none" else self.adjustment_value
        raw = _core.funnel_limits(
            self.theta0,
            grid,
            levels=list(self.levels),
            method=self.method,
            overdispersion=self.overdispersion,
            value=value,
        )
        return FunnelLimits._from_core(raw)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (lists; the index as a list or None)."""
        out: Dict[str, Any] = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            if isinstance(v, np.ndarray):
                out[k] = v.tolist()
            elif isinstance(v, tuple):
                out[k] = list(v)
            elif isinstance(v, Dispersion):
                out[k] = v.to_dict()
            elif k == "index" and v is not None:
                out[k] = list(v)
            else:
                out[k] = v
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """One row per area, on the input's index (a RangeIndex for arrays and lists).

        Columns: ``events``, ``n``, ``proportion``, ``z``, ``z_adjusted``, ``p_value``,
        ``lower_95``, ``upper_95``, ``lower_99.8``, ``upper_99.8`` (one pair per level, clamped),
        ``class`` (ordered categorical of :attr:`categories`), ``class_code``, ``bh`` (with
        ``fdr``), ``status`` (categorical), then the unclamped limits ``lower_95_unclamped``, ...
        """
        pd = _needs_pandas("FunnelResult")
        cols: Dict[str, Any] = {
            "events": self.events,
            "n": self.population,
            "proportion": self.proportion,
            "z": self.z,
            "z_adjusted": self.z_adjusted,
            "p_value": self.p_value,
        }
        limits = _limit_columns(
            self.lower, self.upper, self.lower_unclamped, self.upper_unclamped, self.level_labels
        )
        clamped = {k: v for k, v in limits.items() if not k.endswith("_unclamped")}
        cols.update(clamped)
        cols["class"] = pd.Categorical(
            list(self.class_label), categories=list(self.categories), ordered=True
        )
        cols["class_code"] = self.class_code
        if self.bh is not None:
            cols["bh"] = self.bh
        cols["status"] = pd.Categorical(list(self.status), categories=_STATUS)
        cols.update({k: v for k, v in limits.items() if k.endswith("_unclamped")})
        index = self.index if self.index is not None else pd.RangeIndex(len(self))
        return pd.DataFrame(cols, index=index)

    def _class_counts(self) -> List[Tuple[str, int]]:
        return [(c, int(np.sum(self.class_label == c))) for c in self.categories]

    def __repr__(self) -> str:
        head = (
            f"FunnelResult(areas={len(self)}, theta0={_num(self.theta0)}"
            f"{' (pooled)' if self.pooled else ''}, method={self.method!r}, "
            f"overdispersion={self.overdispersion!r}, levels={list(self.level_labels)}"
            + (f", flags={list(self.flags)}" if self.flags else "")
            + ")"
        )
        lines = [head]
        if self.dispersion is not None:
            lines.append(f"  {self.dispersion!r}")
        counts = ", ".join(f"{c}: {k}" for c, k in self._class_counts() if k)
        lines.append(f"  classes: {counts}")
        if self.bh is not None:
            lines.append(f"  BH flags at fdr={self.fdr}: {int(self.bh.sum())}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        m = len(self)
        labels = list(self.index) if self.index is not None else list(range(m))
        header = ["area", "events", "n", "proportion", "z", "p_value"]
        for label in self.level_labels:
            header += [f"lower {label}", f"upper {label}"]
        header += ["class"] + (["bh"] if self.bh is not None else [])
        rows = []
        for i in range(min(m, _MAX_HTML_ROWS)):
            cells = [str(labels[i]), _num(self.events[i]), _num(self.population[i]),
                     _num(self.proportion[i]), _num(self.z[i]), _num(self.p_value[i])]
            for k in range(len(self.levels)):
                cells += [_num(self.lower[i, k]), _num(self.upper[i, k])]
            cells.append(str(self.class_label[i]))
            if self.bh is not None:
                cells.append(str(bool(self.bh[i])))
            rows.append(cells)
        if m > _MAX_HTML_ROWS:
            rows.append([f"… {m - _MAX_HTML_ROWS} more areas"] + [""] * (len(header) - 1))
        caption = f"Funnel plot: theta0={_num(self.theta0)}, {self.method}, {self.overdispersion}"
        if self.dispersion is not None:
            caption += f", phi={_num(self.dispersion.phi)}, tau2={_num(self.dispersion.tau2)}"
        return _html_table(header, rows, caption)

    def plot(
        self,
        ax: Any = None,
        *,
        labels: Any = None,
        annotate: str = "outside",
        points: int = 200,
    ) -> Any:
        """Draw the funnel with matplotlib: the areas, the target and the limits of each level.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).
        labels : None, True or array-like, optional
            Annotate areas: ``True`` with their index labels (pandas index, else positions), or
            one label per area (input order). None (default): no annotations.
        annotate : {"outside", "all"}, default "outside"
            Which areas ``labels`` annotates: those outside the lowest level's limits, or every
            plotted area.
        points : int, default 200
            Points of the limit curves (:meth:`curves`).

        Returns
        -------
        matplotlib.axes.Axes
            One scatter of the plotted areas (coloured by class), a horizontal line at
            ``theta0``, a lower and an upper line per level, and one text per annotation.

        Raises
        ------
        ImportError
            matplotlib is not installed.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from bildung.funnel import funnel
        >>> f = funnel([2, 9, 4, 14, 9], [40, 55, 80, 120, 150])
        >>> ax = f.plot(labels=True)
        >>> len(ax.collections[0].get_offsets()), len(ax.lines)
        (5, 5)
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError(
                "FunnelResult.plot() needs matplotlib, an optional dependency of bildung: "
                "pip install matplotlib"
            ) from None
        if annotate not in ("outside", "all"):
            raise ParameterError(f'annotate must be "outside" or "all", got {annotate!r}')
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4.5))
        curves = self.curves(points=points)
        ok = self.status == "ok"
        ax.axhline(self.theta0, color="black", linewidth=1.0, label=f"target {_num(self.theta0)}")
        styles = ["--", "-", ":", "-."]
        for k, label in enumerate(self.level_labels):
            style = styles[k % len(styles)]
            ax.plot(curves.n, curves.lower[:, k], color="0.35", linestyle=style, linewidth=1.0,
                    label=f"{label} limits")
            ax.plot(curves.n, curves.upper[:, k], color="0.35", linestyle=style, linewidth=1.0)
        code = self.class_code[ok]
        colors = np.where(code > 0, "tab:red", np.where(code < 0, "tab:blue", "0.55"))
        ax.scatter(self.population[ok], self.proportion[ok], c=list(colors), s=18, zorder=3)
        if labels is not None and labels is not False:
            if labels is True:
                names = list(self.index) if self.index is not None else list(range(len(self)))
            else:
                names = list(labels)
                if len(names) != len(self):
                    raise ShapeError(
                        f"labels must have one entry per area ({len(self)}), got {len(names)}"
                    )
            chosen = ok if annotate == "all" else self.outside
            for i in np.flatnonzero(chosen):
                ax.annotate(str(names[i]), (self.population[i], self.proportion[i]),
                            textcoords="offset points", xytext=(4, 3), fontsize=8)
        ax.set_xlabel("n (denominator)")
        ax.set_ylabel("proportion")
        ax.set_title(f"Funnel plot ({self.method} limits"
                     + ("" if self.overdispersion == "none" else f", {self.overdispersion}")
                     + ")")
        ax.legend(loc="best", fontsize=8)
        return ax

    @classmethod
    def _from_core(cls, raw: Any, events: np.ndarray, population: np.ndarray,
                   index: Any) -> "FunnelResult":
        d = raw["dispersion"]
        return cls(
            theta0=float(raw["theta0"]),
            pooled=bool(raw["pooled"]),
            method=raw["method"],
            overdispersion=raw["overdispersion"],
            adjustment_value=float(raw["adjustment_value"]),
            levels=tuple(raw["levels"]),
            level_labels=tuple(raw["level_labels"]),
            dispersion=None if d is None else Dispersion(**d),
            events=np.array(events, dtype=np.float64),
            population=np.array(population, dtype=np.float64),
            proportion=raw["proportion"],
            z=raw["z"],
            z_adjusted=raw["z_adjusted"],
            p_value=raw["p_value"],
            lower=raw["lower"],
            upper=raw["upper"],
            lower_unclamped=raw["lower_unclamped"],
            upper_unclamped=raw["upper_unclamped"],
            class_code=raw["class_code"],
            class_label=np.array(raw["class_label"], dtype=object),
            categories=tuple(label for _, label in raw["categories"]),
            fdr=raw["fdr"],
            bh=raw["bh"],
            status=np.array(raw["status"], dtype=object),
            n_used=raw["n_used"],
            n_dropped=raw["n_dropped"],
            n_empty=raw["n_empty"],
            flags=tuple(raw["flags"]),
            index=index,
        )


def _warn(raw: Any) -> None:
    if "few_areas" in raw["flags"]:
        d = raw["dispersion"]
        warnings.warn(
            BildungWarning(
                f"funnel: the overdispersion adjustment rests on {d['n_areas']} areas (fewer than "
                "15), so phi and tau² are poorly determined (flag few_areas)",
                flag="few_areas",
            ),
            stacklevel=4,
        )


@_labels_in_errors
def _funnel(
    events: Any,
    population: Any,
    target: Any,
    levels: Any,
    method: Any,
    overdispersion: Any,
    winsorize: Any,
    fdr: Any,
    nan_policy: Any,
) -> FunnelResult:
    check_aligned(events=events, population=population)
    x = as_values(events, "events")
    n = as_values(population, "population")
    raw = _core.funnel(
        x,
        n,
        target=None if target is None else real(target, "target"),
        levels=_levels(levels),
        method=option(method, "method"),
        overdispersion=_overdispersion(overdispersion),
        winsorize=real(winsorize, "winsorize"),
        fdr=None if fdr is None else real(fdr, "fdr"),
        nan_policy=option(nan_policy, "nan_policy"),
    )
    _warn(raw)
    pd = _loaded_pandas()
    index = None
    if pd is not None:
        for s in (events, population):
            if isinstance(s, pd.Series):
                index = s.index
                break
    return FunnelResult._from_core(raw, x, n, index)


def funnel(
    events: CountsLike,
    population: CountsLike,
    *,
    data: Any = None,
    target: Optional[float] = None,
    levels: LevelsLike = (0.95, 0.998),
    method: str = "exact",
    overdispersion: Optional[str] = None,
    winsorize: float = 0.1,
    fdr: Optional[float] = None,
    nan_policy: str = "raise",
) -> FunnelResult:
    """Funnel plot of area proportions (Trichterdiagramm; Spiegelhalter 2005).

    Control limits around the target at every area's ``n``, the class of every area, two-sided
    p-values, an optional Benjamini-Hochberg flag and the overdispersion::

        theta0 = sum x_i / sum n_i   (plotted areas)   or target
        p_i = x_i / n_i,   z_i = (p_i - theta0) / sqrt(theta0 (1 - theta0) / n_i)
        exact:   r = min{r: F(r) >= q},  limit (r - (F(r) - q) / P(R = r)) / n,  R ~ Bin(n, theta0)
        normal:  theta0 ± z_q sqrt(theta0 (1 - theta0) / n)
        arcsine: sin²(asin(sqrt(theta0)) ± z_q / (2 sqrt(n)))
        overdispersion: multiplicative ± z_q sqrt(max(phi, 1)) s,  additive ± z_q sqrt(s² + tau²)

    Parameters
    ----------
    events, population : array-like or str
        Events ``x_i`` and denominators ``n_i`` per area (numpy arrays, lists or pandas Series;
        column names when ``data`` is given). Whole numbers for the exact method.
    data : pandas.DataFrame, optional
        Take ``events`` and ``population`` as columns of this DataFrame (its index labels the
        areas).
    target : float, optional
        External target ``theta0`` in (0, 1) (e.g. the Land value); default the pooled proportion.
    levels : float or sequence of float, default (0.95, 0.998)
        Two-sided levels of the limits ("warning" and "alarm").
    method : {"exact", "normal", "arcsine"}, default "exact"
        Exact binomial with Spiegelhalter's interpolation, normal approximation, or normal on the
        arcsine scale (as R FunnelPlotR).
    overdispersion : {None, "multiplicative", "additive"}, default None
        Widen the limits by ``max(phi, 1)`` or by the random-effects variance tau². With an
        adjustment the exact method uses the normal forms.
    winsorize : float, default 0.1
        Winsorising share of the z-scores for phi (at the 10 % and 90 % quantiles).
    fdr : float, optional
        False discovery rate for the Benjamini-Hochberg flag (e.g. 0.05).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What a missing count does.

    Returns
    -------
    FunnelResult
        ``to_pandas()`` gives one row per area on the input's index.

    Raises
    ------
    InvalidCountError
        Negative counts, events above the population, non-whole counts (exact method); the
        message names the area (its pandas label for Series input).
    MissingValueError, NonFiniteError, ShapeError, EmptyInputError
        NaN under ``"raise"``, infinity, lengths or indexes that differ, no area.
    ParameterError
        A target outside [0, 1], a level outside (0, 1) or repeated, an fdr outside (0, 1), a
        winsorising share outside [0, 0.5), an unknown method.
    UndefinedError
        A target of 0 or 1 (e.g. no event at all), no plotted area with a pooled target, an
        overdispersion adjustment with fewer than two plotted areas.

    Examples
    --------
    >>> from bildung.funnel import funnel
    >>> n = [40, 55, 80, 120, 150, 60, 35, 200, 90, 70, 110, 45]
    >>> x = [2, 9, 4, 14, 9, 3, 6, 12, 12, 3, 8, 7]
    >>> f = funnel(x, n, method="normal")
    >>> round(f.theta0, 7), round(f.phi, 4), round(f.tau2, 8)
    (0.0843602, 1.7702, 0.00084043)
    >>> f.class_label[1]
    'above 95%'
    >>> df = f.to_pandas()
    >>> [round(float(df.loc[1, c]), 4) for c in ("z", "lower_95", "upper_95")]
    [2.1154, 0.0109, 0.1578]
    """
    if data is not None:
        pd = _loaded_pandas()
        if pd is None or not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame, got {_type_name(data)}")
        for name, col in (("events", events), ("population", population)):
            if not isinstance(col, str) or col not in data.columns:
                raise KeyError(f"{name}={col!r} is not a column of data")
        events, population = data[events], data[population]
    return _funnel(
        events, population, target, levels, method, overdispersion, winsorize, fdr, nan_policy
    )


@_labels_in_errors
def funnel_limits(
    theta0: float,
    n: npt.ArrayLike,
    *,
    levels: LevelsLike = (0.95, 0.998),
    method: str = "exact",
    overdispersion: Optional[str] = None,
    phi: Optional[float] = None,
    tau2: Optional[float] = None,
) -> FunnelLimits:
    """Control limits of a funnel on a grid of denominators (to draw the funnel).

    ::

        exact:   (r - (F(r) - q) / P(R = r)) / n,  r = min{r: F(r) >= q},  R ~ Bin(n, theta0)
        normal:  theta0 ± z_q sqrt(theta0 (1 - theta0) / n)
        arcsine: sin²(asin(sqrt(theta0)) ± z_q / (2 sqrt(n)))
        widened: multiplicative ± z_q sqrt(phi) s,  additive ± z_q sqrt(s² + tau2)

    Parameters
    ----------
    theta0 : float
        The target in (0, 1).
    n : array-like
        Denominators (whole numbers for the exact method; 0 gives NaN rows), e.g.
        :func:`funnel_grid`.
    levels : float or sequence of float, default (0.95, 0.998)
        Two-sided levels.
    method : {"exact", "normal", "arcsine"}, default "exact"
        As :func:`funnel`.
    overdispersion : {None, "multiplicative", "additive"}, default None
        Widening; needs ``phi`` (multiplicative) or ``tau2`` (additive), e.g. from
        :attr:`FunnelResult.dispersion`.
    phi, tau2 : float, optional
        The parameter of the widening.

    Returns
    -------
    FunnelLimits

    Raises
    ------
    ParameterError
        theta0 outside [0, 1], bad levels, a missing or negative phi / tau2, an unknown method.
    UndefinedError
        theta0 0 or 1.
    InvalidCountError, MissingValueError, NonFiniteError
        A negative, non-whole (exact), NaN or infinite denominator; the message names it.

    Examples
    --------
    >>> from bildung.funnel import funnel_limits
    >>> l = funnel_limits(0.08, [20, 50, 200, 1000], levels=0.95)
    >>> l.lower[:, 0].round(4).tolist(), l.upper[:, 0].round(4).tolist()
    ([0.0, 0.0028, 0.0418, 0.0631], [0.1936, 0.1538, 0.1172, 0.0967])
    >>> round(float(l.lower_unclamped[0, 0]), 4)
    -0.0434
    """
    od = _overdispersion(overdispersion)
    if phi is not None and od != "multiplicative":
        raise ParameterError('phi is used only with overdispersion="multiplicative"')
    if tau2 is not None and od != "additive":
        raise ParameterError('tau2 is used only with overdispersion="additive"')
    value = phi if od == "multiplicative" else tau2
    raw = _core.funnel_limits(
        real(theta0, "theta0"),
        as_values(n, "n"),
        levels=_levels(levels),
        method=option(method, "method"),
        overdispersion=od,
        value=None if value is None else real(value, "tau2" if od == "additive" else "phi"),
    )
    return FunnelLimits._from_core(raw)


def funnel_grid(n_min: float, n_max: float, points: int = 200) -> np.ndarray:
    """A grid of whole denominators for drawing a funnel: log-spaced, rounded, no repeats.

    ::

        n_k = round(exp(ln n_min + k (ln n_max - ln n_min) / (points - 1))),  k = 0..points-1

    Every whole number is included when the range holds fewer than ``points`` of them; both
    ends always are.

    Parameters
    ----------
    n_min, n_max : float
        Whole numbers, ``1 <= n_min <= n_max``.
    points : int, default 200
        Grid size before removing repeats (2 to 1,000,000).

    Returns
    -------
    numpy.ndarray
        float64, ascending.

    Raises
    ------
    ParameterError
        Ends not whole, below 1 or in the wrong order; ``points`` out of range.

    Examples
    --------
    >>> from bildung.funnel import funnel_grid
    >>> funnel_grid(10, 1000, 5).tolist()
    [10.0, 32.0, 100.0, 316.0, 1000.0]
    """
    return _core.funnel_grid(
        real(n_min, "n_min"), real(n_max, "n_max"), as_integer(points, "points")
    )


@_labels_in_errors
def benjamini_hochberg(p: npt.ArrayLike, *, fdr: float) -> Any:
    """Benjamini-Hochberg flags (false discovery rate) of p-values.

    ::

        m = number of non-NaN p-values; sort ascending; k = max{j: p_(j) <= j fdr / m}
        flag the k smallest p-values

    As statsmodels ``multipletests(method="fdr_bh")``; NaN is never flagged and not counted.

    Parameters
    ----------
    p : array-like
        p-values (a pandas Series keeps its index).
    fdr : float
        False discovery rate in (0, 1).

    Returns
    -------
    numpy.ndarray or pandas.Series
        bool, one per p-value (a Series for Series input).

    Raises
    ------
    ParameterError
        ``fdr`` outside (0, 1).

    Examples
    --------
    >>> from bildung.funnel import benjamini_hochberg
    >>> benjamini_hochberg([0.001, 0.008, 0.039, 0.041, 0.2], fdr=0.05).tolist()
    [True, True, False, False, False]
    """
    flags = _core.benjamini_hochberg(as_values(p, "p"), fdr=real(fdr, "fdr"))
    pd = _loaded_pandas()
    if pd is not None and isinstance(p, pd.Series):
        return pd.Series(flags, index=p.index, name="bh")
    return flags
