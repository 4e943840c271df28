"""Result objects of :mod:`bildung.inequality`: Lorenz curves and group decompositions.

Each result has named fields, a short ``repr``, an HTML table for notebooks (``_repr_html_``),
``to_dict()`` (plain Python values, JSON-serialisable) and ``to_pandas()``. The numbers are the
core's; nothing is computed here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Mapping, Tuple, Union, overload

import numpy as np
import numpy.typing as npt

from . import _core
from ._convert import as_values, optional_pandas

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["GeDecomposition", "GiniDecomposition", "LorenzCurve"]

#: Columns of the per-group table of a decomposition, in order.
GROUP_COLUMNS = ("n", "population_share", "value_share", "mean", "inequality", "contribution")

_MAX_REPR_ROWS = 8
_MAX_HTML_ROWS = 20


def _num(v: Any) -> str:
    """A number for display (6 significant digits; integers as integers)."""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return format(float(v), ".6g")


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _preview(a: np.ndarray, k: int = 3) -> str:
    if len(a) <= 2 * k:
        return "[" + ", ".join(_num(v) for v in a) + "]"
    head = ", ".join(_num(v) for v in a[:k])
    tail = ", ".join(_num(v) for v in a[-k:])
    return f"[{head}, ..., {tail}]"


def _html_table(header: List[str], rows: List[List[str]], caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True, repr=False, eq=False)
class LorenzCurve:
    """Points of a Lorenz curve (Lorenzkurve), from ``(0, 0)`` to ``(1, 1)``.

    Between the points the curve is linear (equality within each unit); tied values are merged
    into one point. Returned by :func:`bildung.inequality.lorenz_curve`.

    Attributes
    ----------
    population_share : numpy.ndarray
        Cumulative population share ``p_k`` of the points (read-only float64 array).
    value_share : numpy.ndarray
        Cumulative value share ``L_k`` of the points (read-only float64 array).
    n_used : int
        Units used (positive weight, not missing).
    n_dropped : int
        Units dropped as missing under ``nan_policy="omit"``.
    flags : tuple of str
        ``("missing_propagated",)`` when a missing value under ``nan_policy="propagate"``
        made the curve empty.
    """

    population_share: np.ndarray
    value_share: np.ndarray
    n_used: int
    n_dropped: int
    flags: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _readonly(self.population_share)
        _readonly(self.value_share)

    @overload
    def share_at(self, p: float) -> float: ...

    @overload
    def share_at(self, p: npt.ArrayLike) -> Union[float, np.ndarray]: ...

    def share_at(self, p: Any) -> Union[float, np.ndarray]:
        """The value share ``L(p)`` held by the poorest share ``p`` of the population.

        Linear interpolation between the points; NaN for ``p`` outside ``[0, 1]`` or an empty
        (propagated) curve.

        Parameters
        ----------
        p : float or array-like of float
            Population share(s) in ``[0, 1]``.

        Returns
        -------
        float or numpy.ndarray
            A float for a scalar ``p``, else an array of the same length.

        Examples
        --------
        >>> from bildung.inequality import lorenz_curve
        >>> curve = lorenz_curve([1.0, 3.0])
        >>> curve.share_at(0.5)
        0.25
        >>> curve.share_at([0.0, 0.75, 1.0]).tolist()
        [0.0, 0.625, 1.0]
        """
        if isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, bool):
            out = _core.lorenz_share_at(
                self.population_share, self.value_share, np.array([p], dtype=np.float64)
            )
            return float(out[0])
        return _core.lorenz_share_at(self.population_share, self.value_share, as_values(p, "p"))

    def to_dict(self) -> Dict[str, Any]:
        """The curve as plain Python values (lists and ints)."""
        return {
            "population_share": self.population_share.tolist(),
            "value_share": self.value_share.tolist(),
            "n_used": self.n_used,
            "n_dropped": self.n_dropped,
            "flags": list(self.flags),
        }

    def to_pandas(self) -> "_pandas.DataFrame":
        """The points as a DataFrame with columns ``population_share`` and ``value_share``."""
        pd = optional_pandas()
        if pd is None:
            raise ImportError("LorenzCurve.to_pandas() needs pandas (pip install pandas)")
        return pd.DataFrame(
            {"population_share": self.population_share, "value_share": self.value_share}
        )

    def __len__(self) -> int:
        return len(self.population_share)

    def __repr__(self) -> str:
        lines = [
            f"LorenzCurve(points={len(self)}, n_used={self.n_used}, n_dropped={self.n_dropped}"
            + (f", flags={list(self.flags)}" if self.flags else "")
            + ")",
            f"  population_share: {_preview(self.population_share)}",
            f"  value_share:      {_preview(self.value_share)}",
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        n = len(self)
        idx = list(range(n)) if n <= _MAX_HTML_ROWS else list(range(10)) + list(range(n - 10, n))
        rows = [[_num(self.population_share[i]), _num(self.value_share[i])] for i in idx]
        if n > _MAX_HTML_ROWS:
            rows.insert(10, ["…", "…"])
        caption = f"Lorenz curve: {n} points, n_used={self.n_used}, n_dropped={self.n_dropped}"
        return _html_table(["population_share", "value_share"], rows, caption)


def _group_table(columns: Dict[str, np.ndarray], labels: Any) -> Any:
    """The per-group table, indexed by the original labels (a dict of arrays without pandas)."""
    codes = columns["group"]
    pd = optional_pandas()
    if pd is None or not hasattr(labels, "take"):
        picked = [labels[int(c)] for c in codes]
        table: Dict[str, Any] = {"group": picked}
        table.update({c: _readonly(columns[c]) for c in GROUP_COLUMNS})
        return table
    index = labels.take(codes)
    index.name = labels.name if labels.name is not None else "group"
    return pd.DataFrame({c: columns[c] for c in GROUP_COLUMNS}, index=index)


def _group_rows(groups: Any) -> Tuple[List[Any], Dict[str, Any]]:
    """(labels, columns) of a group table, pandas or dict."""
    if isinstance(groups, dict):
        return list(groups["group"]), {c: np.asarray(groups[c]) for c in GROUP_COLUMNS}
    return list(groups.index), {c: groups[c].to_numpy() for c in GROUP_COLUMNS}


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


@dataclass(frozen=True, repr=False, eq=False)
class _Decomposition:
    total: float
    within: float
    between: float
    n_used: int
    n_dropped: int
    groups: Any = field(default=None)
    flags: Tuple[str, ...] = ()

    _TITLE: ClassVar[str] = ""
    _SUMMARY: ClassVar[Tuple[str, ...]] = ()

    def _params(self) -> str:
        return ""

    def _summary(self) -> Dict[str, Any]:
        return {k: getattr(self, k) for k in self._SUMMARY}

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values; ``groups`` as a dict of lists with the labels."""
        labels, cols = _group_rows(self.groups)
        out = dict(self._summary())
        out.update({"n_used": self.n_used, "n_dropped": self.n_dropped, "flags": list(self.flags)})
        out["groups"] = {"group": [_plain(v) for v in labels]}
        out["groups"].update({c: cols[c].tolist() for c in GROUP_COLUMNS})
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """The summary as a one-row DataFrame (e.g. to stack results of several years).

        Examples
        --------
        ``pd.concat([d.to_pandas() for d in results], keys=years)`` gives one row per year.
        The per-group table is in :attr:`groups`.
        """
        pd = optional_pandas()
        if pd is None:
            raise ImportError(f"{type(self).__name__}.to_pandas() needs pandas (pip install pandas)")
        row = dict(self._summary())
        row.update({"n_used": self.n_used, "n_dropped": self.n_dropped})
        return pd.DataFrame([row], index=pd.Index([self._TITLE], name="measure"))

    def __repr__(self) -> str:
        head = f"{type(self).__name__}({self._params()}n_used={self.n_used}, n_dropped={self.n_dropped}"
        head += (f", flags={list(self.flags)}" if self.flags else "") + ")"
        lines = [head]
        for k, v in self._summary().items():
            if k != "alpha":
                lines.append(f"  {k:<8} {_num(v)}")
        labels, cols = _group_rows(self.groups)
        lines.append(f"  groups ({len(labels)}):")
        shown = labels[:_MAX_REPR_ROWS]
        names = [str(x) if len(str(x)) <= 20 else str(x)[:19] + "…" for x in shown]
        width = max([len(x) for x in names] + [5])
        widths = [max(len(c), 10) for c in GROUP_COLUMNS]
        header = "  ".join(c.rjust(w) for c, w in zip(GROUP_COLUMNS, widths))
        lines.append(f"    {'group'.ljust(width)}  {header}")
        for i, name in enumerate(names):
            vals = "  ".join(_num(cols[c][i]).rjust(w) for c, w in zip(GROUP_COLUMNS, widths))
            lines.append(f"    {name.ljust(width)}  {vals}")
        if len(labels) > _MAX_REPR_ROWS:
            lines.append(f"    ... and {len(labels) - _MAX_REPR_ROWS} more groups")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        summary = [[k, _num(v)] for k, v in self._summary().items()]
        summary += [["n_used", _num(self.n_used)], ["n_dropped", _num(self.n_dropped)]]
        title = f"{self._TITLE} decomposition"
        parts = [_html_table(["term", "value"], summary, title)]
        labels, cols = _group_rows(self.groups)
        rows = [
            [str(labels[i])] + [_num(cols[c][i]) for c in GROUP_COLUMNS]
            for i in range(min(len(labels), _MAX_HTML_ROWS))
        ]
        if len(labels) > _MAX_HTML_ROWS:
            rows.append([f"… {len(labels) - _MAX_HTML_ROWS} more groups"] + [""] * len(GROUP_COLUMNS))
        parts.append(_html_table(["group", *GROUP_COLUMNS], rows))
        return "<div>" + "".join(parts) + "</div>"


@dataclass(frozen=True, repr=False, eq=False)
class GeDecomposition(_Decomposition):
    """GE(alpha) split into within-group and between-group inequality (Zerlegung nach Gruppen).

    ``total = within + between`` (exact, up to rounding). Returned by
    :func:`bildung.inequality.ge_decomposition`.

    Attributes
    ----------
    total : float
        GE(alpha) of all units.
    within : float
        ``sum_g v_g^(1-alpha) s_g^alpha GE_g(alpha)``: inequality within the groups.
    between : float
        GE(alpha) with every unit given its group mean: inequality between the groups.
    alpha : float
        The sensitivity parameter.
    n_used, n_dropped : int
        Units used, and units dropped as missing (value, weight or group label).
    groups : pandas.DataFrame or dict
        One row per group, indexed by the original group labels (index named like the
        ``groups`` Series, else ``group``), with
        columns ``n`` (units), ``population_share`` (``v_g``), ``value_share`` (``s_g``),
        ``mean`` (group mean), ``inequality`` (GE(alpha) within the group; NaN for a group whose
        values are all 0) and ``contribution`` (its part of ``within``). Without pandas a dict
        of arrays with the labels under ``"group"``.
    flags : tuple of str
        ``("missing_propagated",)`` when every number is NaN because of a missing value.
    """

    alpha: float = 1.0

    _TITLE: ClassVar[str] = "GE"
    _SUMMARY: ClassVar[Tuple[str, ...]] = ("total", "within", "between", "alpha")

    def _params(self) -> str:
        return f"alpha={_num(self.alpha)}, "


@dataclass(frozen=True, repr=False, eq=False)
class GiniDecomposition(_Decomposition):
    """The Gini coefficient split into within-group, between-group and overlap terms.

    ``total = within + between + overlap``. The Gini coefficient is not additively decomposable:
    the overlap (re-ranking) term is 0 only when the value ranges of the groups do not overlap,
    so never read ``within + between`` as the total. Returned by
    :func:`bildung.inequality.gini_decomposition`.

    Attributes
    ----------
    total : float
        Gini coefficient of all units.
    within : float
        ``sum_g v_g s_g G_g``.
    between : float
        Gini coefficient with every unit given its group mean.
    overlap : float
        ``total - within - between`` (>= 0 up to rounding).
    n_used, n_dropped : int
        Units used, and units dropped as missing (value, weight or group label).
    groups : pandas.DataFrame or dict
        One row per group, indexed by the original group labels, with columns ``n``,
        ``population_share``, ``value_share``, ``mean``, ``inequality`` (Gini within the group) and
        ``contribution`` (``v_g s_g G_g``). Without pandas a dict of arrays.
    flags : tuple of str
        ``("missing_propagated",)`` when every number is NaN because of a missing value.
    """

    overlap: float = 0.0

    _TITLE: ClassVar[str] = "Gini"
    _SUMMARY: ClassVar[Tuple[str, ...]] = ("total", "within", "between", "overlap")


def ge_from_core(raw: Mapping[str, Any], labels: Any) -> GeDecomposition:
    """Wrap the dict returned by ``_core.ge_decomposition``."""
    return GeDecomposition(
        total=raw["total"],
        within=raw["within"],
        between=raw["between"],
        alpha=raw["alpha"],
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        groups=_group_table(raw["groups"], labels),
        flags=tuple(raw["flags"]),
    )


def gini_from_core(raw: Mapping[str, Any], labels: Any) -> GiniDecomposition:
    """Wrap the dict returned by ``_core.gini_decomposition``."""
    return GiniDecomposition(
        total=raw["total"],
        within=raw["within"],
        between=raw["between"],
        overlap=raw["overlap"],
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        groups=_group_table(raw["groups"], labels),
        flags=tuple(raw["flags"]),
    )


def lorenz_from_core(raw: Tuple[np.ndarray, np.ndarray, int, int, List[str]]) -> LorenzCurve:
    """Wrap the tuple returned by ``_core.lorenz_curve``."""
    ps, vs, n_used, n_dropped, flags = raw
    return LorenzCurve(ps, vs, n_used, n_dropped, tuple(flags))

