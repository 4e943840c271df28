"""Result objects of :mod:`bildung.segregation`.

Like the inequality results (:mod:`bildung._results`), each has named fields, a short ``repr``,
an HTML table for notebooks (``_repr_html_``), ``to_dict()`` (plain Python values,
JSON-serialisable) and ``to_pandas()``. The numbers are the core's; nothing is computed here.
Every result carries the bookkeeping of the core: ``n_used`` (areas used), ``n_dropped`` (areas
dropped as missing), ``n_empty`` (areas without population) and ``flags``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Mapping, Tuple

import numpy as np

from ._convert import optional_pandas
from ._results import _html_table, _num, _plain, _preview, _readonly

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "BiasCorrectedDissimilarity",
    "ConcentrationProfile",
    "LocalResult",
    "MutualInformationDecomposition",
    "RandomAllocationExpectation",
    "RankOrderSegregation",
    "WinshipExpectation",
]

_MAX_HTML_ROWS = 20
_BOOKKEEPING = ("n_used", "n_dropped", "n_empty")


def _needs_pandas(owner: str) -> Any:
    pd = optional_pandas()
    if pd is None:
        raise ImportError(f"{owner}.to_pandas() needs pandas (pip install pandas)")
    return pd


@dataclass(frozen=True, repr=False, eq=False)
class _Result:
    """Base: scalar fields ``_SCALARS``, equally long array fields ``_ARRAYS``, bookkeeping."""

    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...]

    _TITLE: ClassVar[str] = ""
    _SCALARS: ClassVar[Tuple[str, ...]] = ()
    _ARRAYS: ClassVar[Tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        for name in self._ARRAYS:
            _readonly(getattr(self, name))

    def _scalar_items(self) -> List[Tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self._SCALARS]

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (floats, ints, lists)."""
        out: Dict[str, Any] = {k: _plain(v) for k, v in self._scalar_items()}
        out.update({k: getattr(self, k).tolist() for k in self._ARRAYS})
        out.update({k: getattr(self, k) for k in _BOOKKEEPING})
        out["flags"] = list(self.flags)
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """The scalar fields and the bookkeeping as a one-row DataFrame (to stack results of
        several years or cities with ``pd.concat``); arrays stay on the object."""
        pd = _needs_pandas(type(self).__name__)
        row = dict(self._scalar_items())
        row.update({k: getattr(self, k) for k in _BOOKKEEPING})
        return pd.DataFrame([row], index=pd.Index([self._TITLE], name="measure"))

    def _head(self) -> str:
        parts = [f"{k}={_num(v)}" for k, v in self._scalar_items()]
        parts += [f"{k}={getattr(self, k)}" for k in _BOOKKEEPING]
        if self.flags:
            parts.append(f"flags={list(self.flags)}")
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def __repr__(self) -> str:
        lines = [self._head()]
        width = max([len(k) for k in self._ARRAYS] + [0])
        for k in self._ARRAYS:
            lines.append(f"  {(k + ':').ljust(width + 1)} {_preview(getattr(self, k))}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        summary = [[k, _num(v)] for k, v in self._scalar_items()]
        summary += [[k, _num(getattr(self, k))] for k in _BOOKKEEPING]
        if self.flags:
            summary.append(["flags", ", ".join(self.flags)])
        parts = [_html_table(["field", "value"], summary, self._TITLE)]
        if self._ARRAYS:
            arrays = [getattr(self, k) for k in self._ARRAYS]
            n = len(arrays[0])
            idx = list(range(n)) if n <= _MAX_HTML_ROWS else list(range(10)) + list(range(n - 10, n))
            rows = [[_num(a[i]) for a in arrays] for i in idx]
            if n > _MAX_HTML_ROWS:
                rows.insert(10, ["…"] * len(arrays))
            parts.append(_html_table(list(self._ARRAYS), rows))
        return "<div>" + "".join(parts) + "</div>"


@dataclass(frozen=True, repr=False, eq=False)
class ConcentrationProfile(_Result):
    """Concentration profile (Konzentrationsprofil) and its summary index R.

    Returned by :func:`bildung.segregation.concentration_profile`.

    Attributes
    ----------
    value : float
        The index R (NaN when a missing value was propagated).
    thresholds : numpy.ndarray
        The thresholds ``g_j = j / (m - 1)``, ``j = 0..m-1`` (read-only float64).
    shares : numpy.ndarray
        ``v(g_j)``: the share of the focal group living in areas whose focal-group share is at
        least ``g_j`` (read-only float64; NaN when a missing value was propagated).
    n_used, n_dropped, n_empty : int
        Areas used, dropped as missing, without population.
    flags : tuple of str
        ``"single_area"``, ``"missing_propagated"``.
    """

    value: float = float("nan")
    thresholds: np.ndarray = field(default_factory=lambda: np.empty(0))
    shares: np.ndarray = field(default_factory=lambda: np.empty(0))

    _TITLE: ClassVar[str] = "concentration profile"
    _SCALARS: ClassVar[Tuple[str, ...]] = ("value",)
    _ARRAYS: ClassVar[Tuple[str, ...]] = ("thresholds", "shares")

    def __len__(self) -> int:
        return len(self.thresholds)

    def to_pandas(self) -> "_pandas.DataFrame":
        """The profile as a DataFrame with columns ``threshold`` and ``share``."""
        pd = _needs_pandas("ConcentrationProfile")
        return pd.DataFrame({"threshold": self.thresholds, "share": self.shares})


@dataclass(frozen=True, repr=False, eq=False)
class RandomAllocationExpectation(_Result):
    """Exact expectations of two-group indices under random allocation with both margins fixed.

    Returned by :func:`bildung.segregation.expected_under_random_allocation`.

    Attributes
    ----------
    dissimilarity : float
        ``E[D]``.
    entropy_index : float
        ``E[H]``.
    correlation_ratio : float
        ``E[eta^2] = (k - 1) / (T - 1)``.
    isolation : float
        ``E[xPx] = P + (1 - P) (k - 1) / (T - 1)``.
    n_used, n_dropped, n_empty : int
        Areas used, dropped as missing, without population.
    flags : tuple of str
        ``"single_area"`` (every expectation 0), ``"missing_propagated"`` (all NaN).
    """

    dissimilarity: float = float("nan")
    entropy_index: float = float("nan")
    correlation_ratio: float = float("nan")
    isolation: float = float("nan")

    _TITLE: ClassVar[str] = "expectation under random allocation"
    _SCALARS: ClassVar[Tuple[str, ...]] = (
        "dissimilarity",
        "entropy_index",
        "correlation_ratio",
        "isolation",
    )


@dataclass(frozen=True, repr=False, eq=False)
class WinshipExpectation(_Result):
    """Winship's expected dissimilarity under binomial allocation with ``P`` fixed.

    Returned by :func:`bildung.segregation.winship_expected_dissimilarity`.

    Attributes
    ----------
    exact : float
        Exact binomial expectation.
    normal_approximation : float
        ``sum_i sqrt(t_i) / (T sqrt(2 pi P (1 - P)))``.
    n_used, n_dropped, n_empty : int
        Areas used, dropped as missing, without population.
    flags : tuple of str
        Warning flags.
    """

    exact: float = float("nan")
    normal_approximation: float = float("nan")

    _TITLE: ClassVar[str] = "Winship expected D"
    _SCALARS: ClassVar[Tuple[str, ...]] = ("exact", "normal_approximation")


@dataclass(frozen=True, repr=False, eq=False)
class BiasCorrectedDissimilarity(_Result):
    """Bootstrap bias-corrected dissimilarity ``2 D - E[D*]`` with ``E[D*]`` computed exactly.

    Returned by :func:`bildung.segregation.bias_corrected_dissimilarity`.

    Attributes
    ----------
    value : float
        The corrected index ``2 D - E[D*]`` (can be negative).
    observed : float
        The observed dissimilarity index D.
    expected_bootstrap : float
        ``E[D*]``, the expected D of a bootstrap replicate.
    n_used, n_dropped, n_empty : int
        Areas used, dropped as missing, without population.
    flags : tuple of str
        ``"negative_after_correction"`` when ``value < 0``.
    """

    value: float = float("nan")
    observed: float = float("nan")
    expected_bootstrap: float = float("nan")

    _TITLE: ClassVar[str] = "bias-corrected D"
    _SCALARS: ClassVar[Tuple[str, ...]] = ("value", "observed", "expected_bootstrap")


@dataclass(frozen=True, repr=False, eq=False)
class RankOrderSegregation(_Result):
    """A rank-order segregation index with its segregation profile (Rangordnungs-Segregation).

    Returned by :func:`bildung.segregation.rank_order_information_theory` and
    :func:`bildung.segregation.rank_order_variance_ratio`.

    Attributes
    ----------
    value : float
        The rank-order index.
    thresholds : numpy.ndarray
        Cumulative population share ``p_c`` at or below each cut-off (read-only float64).
    profile : numpy.ndarray
        The two-group index at each cut-off (read-only float64).
    degree : int
        Degree of the fitted polynomial, ``min(4, len(thresholds) - 1)``.
    coefficients : numpy.ndarray
        Polynomial coefficients ``beta_0 .. beta_degree`` (lowest order first).
    n_used, n_dropped, n_empty : int
        Areas used, dropped as missing, without population.
    flags : tuple of str
        ``"single_area"``, ``"empty_groups"``, ``"missing_propagated"``.
    """

    value: float = float("nan")
    thresholds: np.ndarray = field(default_factory=lambda: np.empty(0))
    profile: np.ndarray = field(default_factory=lambda: np.empty(0))
    degree: int = 0
    coefficients: np.ndarray = field(default_factory=lambda: np.empty(0))

    _TITLE: ClassVar[str] = "rank-order segregation"
    _SCALARS: ClassVar[Tuple[str, ...]] = ("value", "degree")
    _ARRAYS: ClassVar[Tuple[str, ...]] = ("thresholds", "profile")

    def __post_init__(self) -> None:
        super().__post_init__()
        _readonly(self.coefficients)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (floats, ints, lists)."""
        out = super().to_dict()
        out["coefficients"] = self.coefficients.tolist()
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """The profile as a DataFrame with columns ``threshold`` and ``profile``."""
        pd = _needs_pandas("RankOrderSegregation")
        return pd.DataFrame({"threshold": self.thresholds, "profile": self.profile})

    def __repr__(self) -> str:
        return super().__repr__() + f"\n  coefficients: {_preview(self.coefficients)}"


@dataclass(frozen=True, repr=False, eq=False)
class LocalResult:
    """Per-area values of a local index, for input that was not a pandas DataFrame.

    (For a DataFrame the local functions return a DataFrame.) Returned by the local functions of
    :mod:`bildung.segregation`.

    Attributes
    ----------
    values : numpy.ndarray
        One value per input row (areas); for :func:`~bildung.segregation.location_quotient`
        rows x groups. NaN where ``status`` is not ``"ok"``. Read-only float64.
    status : numpy.ndarray
        ``"ok"``, ``"missing"`` (a missing count) or ``"empty"`` (no population) per row.
    measure : str
        The name of the index (column name in :meth:`to_pandas`).
    n_used, n_dropped, n_empty : int
        Areas with a value, with a missing count, without population.
    flags : tuple of str
        ``"single_area"``, ``"empty_groups"``, ``"missing_propagated"``.
    """

    values: np.ndarray
    status: np.ndarray
    measure: str
    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _readonly(self.values)
        _readonly(self.status)

    def __len__(self) -> int:
        return len(self.status)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (lists, ints)."""
        return {
            "values": self.values.tolist(),
            "status": self.status.tolist(),
            "measure": self.measure,
            "n_used": self.n_used,
            "n_dropped": self.n_dropped,
            "n_empty": self.n_empty,
            "flags": list(self.flags),
        }

    def to_pandas(self) -> "_pandas.DataFrame":
        """A DataFrame with the value column(s) and a ``status`` column (one row per area)."""
        pd = _needs_pandas("LocalResult")
        return local_frame(pd, self.values, self.status, self.measure, None, None)

    def __repr__(self) -> str:
        head = (
            f"LocalResult({self.measure}, areas={len(self)}, n_used={self.n_used}, "
            f"n_dropped={self.n_dropped}, n_empty={self.n_empty}"
            + (f", flags={list(self.flags)}" if self.flags else "")
            + ")"
        )
        if self.values.ndim == 1:
            body = [f"  values: {_preview(self.values)}"]
        else:
            body = [f"  values: array of shape {self.values.shape}"]
        status = ", ".join(self.status[:6].tolist()) + (", ..." if len(self) > 6 else "")
        return "\n".join([head, *body, f"  status: [{status}]"])

    def _repr_html_(self) -> str:
        n = len(self)
        cols = [self.measure] if self.values.ndim == 1 else [
            f"{self.measure}[{j}]" for j in range(self.values.shape[1])
        ]
        rows = []
        for i in range(min(n, _MAX_HTML_ROWS)):
            vals = [self.values[i]] if self.values.ndim == 1 else list(self.values[i])
            rows.append([str(i)] + [_num(v) for v in vals] + [str(self.status[i])])
        if n > _MAX_HTML_ROWS:
            rows.append([f"… {n - _MAX_HTML_ROWS} more areas"] + [""] * (len(cols) + 1))
        caption = (
            f"{self.measure}: n_used={self.n_used}, n_dropped={self.n_dropped}, "
            f"n_empty={self.n_empty}"
        )
        return _html_table(["area", *cols, "status"], rows, caption)


def local_frame(
    pd: Any, values: np.ndarray, status: np.ndarray, measure: str, index: Any, columns: Any
) -> "_pandas.DataFrame":
    """Values (one column, or one per group) plus a ``status`` column, on the given index."""
    if values.ndim == 1:
        frame = pd.DataFrame({measure: values}, index=index)
    else:
        frame = pd.DataFrame(values, index=index, columns=columns)
    frame["status"] = pd.Categorical(list(status), categories=["ok", "missing", "empty"])
    return frame


#: Columns of the per-district table of a decomposition, in order.
DISTRICT_COLUMNS = (
    "n_areas",
    "population_share",
    "entropy",
    "m",
    "h",
    "m_contribution",
    "h_contribution",
)


@dataclass(frozen=True, repr=False, eq=False)
class MutualInformationDecomposition:
    """M and Theil's H split into between- and within-district parts (Zerlegung nach Bezirken).

    ``m_total = m_between + m_within`` and ``h_total = h_between + h_within`` (exact up to
    rounding). Returned by :func:`bildung.segregation.mutual_information_decomposition`.

    Attributes
    ----------
    m_total, m_between, m_within : float
        M of the whole table, of the district x group table, and ``sum_s (T_s / T) M_s``.
    h_total, h_between, h_within : float
        The same divided by the group entropy ``E``.
    districts : pandas.DataFrame or dict
        One row per district with used areas, indexed by the original district labels (index
        named like the ``districts`` Series, else ``district``), with columns ``n_areas``,
        ``population_share`` (``T_s / T``), ``entropy`` (``E_s``), ``m`` (``M_s``), ``h``
        (``H_s``; NaN when ``E_s = 0``), ``m_contribution`` and ``h_contribution``. Without
        pandas a dict of arrays with the labels under ``"district"``.
    n_used, n_dropped, n_empty : int
        Areas used, dropped (missing count or district label), without population.
    flags : tuple of str
        ``"empty_groups"``, ``"missing_propagated"``.
    """

    m_total: float
    m_between: float
    m_within: float
    h_total: float
    h_between: float
    h_within: float
    districts: Any
    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...] = ()

    _SUMMARY: ClassVar[Tuple[str, ...]] = (
        "m_total",
        "m_between",
        "m_within",
        "h_total",
        "h_between",
        "h_within",
    )

    def _rows(self) -> Tuple[List[Any], Dict[str, np.ndarray]]:
        if isinstance(self.districts, dict):
            return list(self.districts["district"]), {
                c: np.asarray(self.districts[c]) for c in DISTRICT_COLUMNS
            }
        return list(self.districts.index), {
            c: self.districts[c].to_numpy() for c in DISTRICT_COLUMNS
        }

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values; ``districts`` as a dict of lists with the labels."""
        labels, cols = self._rows()
        out: Dict[str, Any] = {k: getattr(self, k) for k in self._SUMMARY}
        out.update(
            {
                "n_used": self.n_used,
                "n_dropped": self.n_dropped,
                "n_empty": self.n_empty,
                "flags": list(self.flags),
            }
        )
        out["districts"] = {"district": [_plain(v) for v in labels]}
        out["districts"].update({c: cols[c].tolist() for c in DISTRICT_COLUMNS})
        return out

    def to_pandas(self) -> "_pandas.DataFrame":
        """The summary as a one-row DataFrame; the per-district table is :attr:`districts`."""
        pd = _needs_pandas("MutualInformationDecomposition")
        row: Dict[str, Any] = {k: getattr(self, k) for k in self._SUMMARY}
        row.update({"n_used": self.n_used, "n_dropped": self.n_dropped, "n_empty": self.n_empty})
        return pd.DataFrame([row], index=pd.Index(["M"], name="measure"))

    def __repr__(self) -> str:
        head = (
            f"MutualInformationDecomposition(n_used={self.n_used}, n_dropped={self.n_dropped}, "
            f"n_empty={self.n_empty}" + (f", flags={list(self.flags)}" if self.flags else "") + ")"
        )
        lines = [head]
        for k in self._SUMMARY:
            lines.append(f"  {k:<10} {_num(getattr(self, k))}")
        labels, cols = self._rows()
        lines.append(f"  districts ({len(labels)}):")
        shown = [str(x) if len(str(x)) <= 20 else str(x)[:19] + "…" for x in labels[:8]]
        width = max([len(x) for x in shown] + [8])
        widths = [max(len(c), 10) for c in DISTRICT_COLUMNS]
        lines.append(
            f"    {'district'.ljust(width)}  "
            + "  ".join(c.rjust(w) for c, w in zip(DISTRICT_COLUMNS, widths))
        )
        for i, name in enumerate(shown):
            vals = "  ".join(_num(cols[c][i]).rjust(w) for c, w in zip(DISTRICT_COLUMNS, widths))
            lines.append(f"    {name.ljust(width)}  {vals}")
        if len(labels) > 8:
            lines.append(f"    ... and {len(labels) - 8} more districts")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        summary = [[k, _num(getattr(self, k))] for k in self._SUMMARY]
        summary += [[k, _num(getattr(self, k))] for k in _BOOKKEEPING]
        parts = [_html_table(["term", "value"], summary, "M / H decomposition by district")]
        labels, cols = self._rows()
        rows = [
            [str(labels[i])] + [_num(cols[c][i]) for c in DISTRICT_COLUMNS]
            for i in range(min(len(labels), _MAX_HTML_ROWS))
        ]
        if len(labels) > _MAX_HTML_ROWS:
            rows.append(
                [f"… {len(labels) - _MAX_HTML_ROWS} more districts"] + [""] * len(DISTRICT_COLUMNS)
            )
        parts.append(_html_table(["district", *DISTRICT_COLUMNS], rows))
        return "<div>" + "".join(parts) + "</div>"


def decomposition_from_core(raw: Mapping[str, Any], labels: Any) -> MutualInformationDecomposition:
    """Wrap the dict returned by ``_core.mutual_information_decomposition``."""
    columns = raw["districts"]
    codes = columns["district"]
    pd = optional_pandas()
    table: Any
    if pd is None or not hasattr(labels, "take"):
        table = {"district": [labels[int(c)] for c in codes]}
        table.update({c: _readonly(columns[c]) for c in DISTRICT_COLUMNS})
    else:
        index = labels.take(codes)
        index.name = labels.name if labels.name is not None else "district"
        table = pd.DataFrame({c: columns[c] for c in DISTRICT_COLUMNS}, index=index)
    return MutualInformationDecomposition(
        m_total=raw["m_total"],
        m_between=raw["m_between"],
        m_within=raw["m_within"],
        h_total=raw["h_total"],
        h_between=raw["h_between"],
        h_within=raw["h_within"],
        districts=table,
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        n_empty=raw["n_empty"],
        flags=tuple(raw["flags"]),
    )
