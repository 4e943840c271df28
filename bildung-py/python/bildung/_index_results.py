"""Result objects of :mod:`bildung.index`.

Each result keeps the numbers of the core as read-only numpy arrays together with the labels of
the input (the area index and the indicator columns of a DataFrame), and has a short ``repr``, an
HTML table for notebooks (``_repr_html_``), ``to_dict()`` and ``to_pandas()`` (on the input's
index). Nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ._convert import optional_pandas
from ._results import _html_table, _num, _preview, _readonly

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "AggregateResult",
    "ClassResult",
    "CompositeResult",
    "IndexPart",
    "NormalisedResult",
    "PcaResult",
    "StatusDynamicsResult",
]

_MAX_HTML_ROWS = 20
_STATUS = ["ok", "missing", "empty", "undefined", "no_data"]


def _needs_pandas(owner: str) -> Any:
    pd = optional_pandas()
    if pd is None:
        raise ImportError(f"{owner}.to_pandas() needs pandas (pip install pandas)")
    return pd


def _labels(index: Any, n: int) -> List[Any]:
    return list(index) if index is not None else list(range(n))


def _area_index(pd: Any, index: Any, n: int) -> Any:
    return index if index is not None else pd.RangeIndex(n)


def _column_names(columns: Any, k: int) -> List[Any]:
    return list(columns) if columns is not None else list(range(k))


def _flags_text(flags: Tuple[str, ...]) -> str:
    return f", flags={list(flags)}" if flags else ""


def _rows_shown(n: int) -> List[int]:
    return list(range(n)) if n <= _MAX_HTML_ROWS else list(range(10)) + list(range(n - 10, n))


def _plain_list(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, tuple):
        return list(v)
    return v


#: Fields that hold labels (a pandas Index or a list), returned as lists.
_LABEL_FIELDS = ("index", "columns", "parents")


def _to_dict(obj: Any) -> Dict[str, Any]:
    """Every dataclass field of a result as plain Python values (lists, floats, ints)."""
    out: Dict[str, Any] = {}
    for k in obj.__dataclass_fields__:
        v = getattr(obj, k)
        if k in _LABEL_FIELDS:
            out[k] = None if v is None else list(v)
        elif isinstance(v, dict):
            out[k] = {a: _plain_list(b) for a, b in v.items()}
        else:
            out[k] = _plain_list(v)
    return out


@dataclass(frozen=True, repr=False, eq=False)
class NormalisedResult:
    """Normalised indicators (z-values, min-max values or percentiles) with their parameters.

    Returned by :func:`bildung.index.zscore`, :func:`~bildung.index.restandardise`,
    :func:`~bildung.index.min_max` and :func:`~bildung.index.percentile_rank`.

    Attributes
    ----------
    method : str
        ``"zscore"``, ``"restandardise"``, ``"min_max"`` or ``"percentile_rank"``.
    values : numpy.ndarray
        Areas x indicators (one column for :func:`~bildung.index.restandardise`); NaN for a
        missing cell. ``to_pandas()`` puts them on the input's index and columns.
    parameters : dict of str to numpy.ndarray
        Per indicator: ``mean``, ``sd``, ``n_reference``, ``n_winsorised``, ``polarity``
        (z-scores); ``min``, ``max``, ``n_reference``, ``polarity`` (min-max);
        ``n_reference``, ``polarity`` (percentile ranks).
    options : dict
        The choices used: ``ddof``, ``weighted``, ``centred``, ``winsorize`` (z-scores).
    rank : numpy.ndarray or None
        Average ranks (percentile ranks only).
    in_reference : numpy.ndarray
        Whether each area belongs to the reference set (bool).
    status : numpy.ndarray
        ``"ok"`` or ``"missing"`` per area.
    n_used, n_dropped : int
        Areas without / with a missing cell.
    flags : tuple of str
        ``"missing_propagated"``.
    index, columns : pandas.Index or None
        Area labels and indicator names of a pandas input.
    """

    method: str
    values: np.ndarray
    parameters: Dict[str, np.ndarray]
    options: Dict[str, Any]
    rank: Optional[np.ndarray]
    in_reference: np.ndarray
    status: np.ndarray
    n_used: int
    n_dropped: int
    flags: Tuple[str, ...]
    index: Any = None
    columns: Any = None
    one_dimensional: bool = False

    def __post_init__(self) -> None:
        for a in (self.values, self.in_reference, self.status, *self.parameters.values()):
            _readonly(a)
        if self.rank is not None:
            _readonly(self.rank)

    def __len__(self) -> int:
        return len(self.status)

    def column(self, j: Any = 0) -> np.ndarray:
        """The values of one indicator, by position or by column label."""
        if self.columns is not None and not isinstance(j, (int, np.integer)):
            j = list(self.columns).index(j)
        return np.asarray(self.values[:, int(j)])

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return _to_dict(self)


    def to_pandas(self) -> Any:
        """The values on the input's index: a DataFrame (indicators as columns), or a Series for
        a one-dimensional input (:func:`~bildung.index.restandardise`)."""
        pd = _needs_pandas("NormalisedResult")
        index = _area_index(pd, self.index, len(self))
        if self.one_dimensional:
            name = self.columns[0] if self.columns is not None else self.method
            return pd.Series(self.values[:, 0], index=index, name=name)
        columns = _column_names(self.columns, self.values.shape[1])
        return pd.DataFrame(self.values, index=index, columns=columns)

    def parameters_to_pandas(self) -> "_pandas.DataFrame":
        """The per-indicator parameters as a DataFrame indexed by indicator."""
        pd = _needs_pandas("NormalisedResult")
        names = _column_names(self.columns, self.values.shape[1])
        return pd.DataFrame(dict(self.parameters), index=pd.Index(names, name="indicator"))

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        head = (
            f"NormalisedResult(method={self.method!r}, areas={len(self)}, "
            f"indicators={self.values.shape[1]}, n_reference="
            f"{self.parameters['n_reference'].tolist()}"
            + (f", {opts}" if opts else "")
            + f", n_dropped={self.n_dropped}{_flags_text(self.flags)})"
        )
        lines = [head]
        names = _column_names(self.columns, self.values.shape[1])
        for k, name in enumerate(names[:6]):
            params = ", ".join(
                f"{p}={_num(v[k])}" for p, v in self.parameters.items() if p != "polarity"
            )
            lines.append(f"  {name}: {params}; values {_preview(self.values[:, k])}")
        if len(names) > 6:
            lines.append(f"  ... {len(names) - 6} more indicators")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        names = _column_names(self.columns, self.values.shape[1])
        params = [
            [str(n)] + [_num(v[k]) for v in self.parameters.values()] for k, n in enumerate(names)
        ]
        parts = [_html_table(["indicator", *self.parameters], params, f"{self.method}")]
        labels = _labels(self.index, len(self))
        rows = [
            [str(labels[i])]
            + [_num(v) for v in self.values[i]]
            + [str(bool(self.in_reference[i])), str(self.status[i])]
            for i in _rows_shown(len(self))
        ]
        if len(self) > _MAX_HTML_ROWS:
            rows.insert(10, ["…"] * (len(names) + 3))
        header = ["area", *map(str, names), "in_reference", "status"]
        parts.append(_html_table(header, rows))
        return "<div>" + "".join(parts) + "</div>"


@dataclass(frozen=True, repr=False, eq=False)
class CompositeResult:
    """A composite per area (Statussumme) with the weights used.

    Returned by :func:`bildung.index.weighted_sum`.

    Attributes
    ----------
    values : numpy.ndarray
        The composite of every area (NaN with a missing indicator).
    weights : numpy.ndarray
        The weight of every indicator as used (user weights normalised to sum 1).
    weighting : str
        ``"equal"``, ``"sum"`` or ``"user"``.
    method : str
        ``"linear"`` or ``"geometric"``.
    status : numpy.ndarray
        ``"ok"`` or ``"missing"`` per area.
    n_used, n_dropped : int
        Areas with / without a composite.
    flags : tuple of str
        ``"missing_propagated"``.
    index, columns : pandas.Index or None
        Area labels and indicator names of a pandas input.
    """

    values: np.ndarray
    weights: np.ndarray
    weighting: str
    method: str
    status: np.ndarray
    n_used: int
    n_dropped: int
    flags: Tuple[str, ...]
    index: Any = None
    columns: Any = None

    def __post_init__(self) -> None:
        for a in (self.values, self.weights, self.status):
            _readonly(a)

    def __len__(self) -> int:
        return len(self.values)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return _to_dict(self)


    def to_pandas(self) -> "_pandas.Series":
        """The composite as a Series on the input's index (named ``"composite"``)."""
        pd = _needs_pandas("CompositeResult")
        return pd.Series(self.values, index=_area_index(pd, self.index, len(self)),
                         name="composite")

    def weights_to_pandas(self) -> "_pandas.Series":
        """The weights as a Series indexed by indicator."""
        pd = _needs_pandas("CompositeResult")
        names = _column_names(self.columns, len(self.weights))
        return pd.Series(self.weights, index=pd.Index(names, name="indicator"), name="weight")

    def __repr__(self) -> str:
        names = _column_names(self.columns, len(self.weights))
        w = ", ".join(f"{n}={_num(v)}" for n, v in zip(names, self.weights))
        return (
            f"CompositeResult(areas={len(self)}, method={self.method!r}, "
            f"weighting={self.weighting!r}, n_dropped={self.n_dropped}"
            f"{_flags_text(self.flags)})\n  weights: {w}\n  values:  {_preview(self.values)}"
        )

    def _repr_html_(self) -> str:
        labels = _labels(self.index, len(self))
        rows = [[str(labels[i]), _num(self.values[i]), str(self.status[i])]
                for i in _rows_shown(len(self))]
        if len(self) > _MAX_HTML_ROWS:
            rows.insert(10, ["…"] * 3)
        caption = f"composite ({self.method}, {self.weighting} weights)"
        return _html_table(["area", "composite", "status"], rows, caption)


@dataclass(frozen=True, repr=False, eq=False)
class PcaResult:
    """PCA weights: eigen-decomposition of the correlation matrix of the indicators.

    Returned by :func:`bildung.index.pca_weights`.

    Attributes
    ----------
    eigenvalues, explained : numpy.ndarray
        Eigenvalues (descending) and their shares of the trace.
    loadings, weights : numpy.ndarray
        First-component loadings (sign: sum > 0) and the weights ``loading ** 2`` (sum 1).
    components, correlation : numpy.ndarray
        Eigenvectors (indicators x components) and the correlation matrix.
    low_share, close_eigenvalues, unstable : bool
        The first component explains less than ``min_share``; the first two eigenvalues are
        closer than ``min_gap``; either of them.
    weighted : bool
        Population-weighted correlations.
    n_used, n_dropped : int
        Reference areas used / left out for a missing indicator.
    flags : tuple of str
        ``"missing_propagated"``.
    columns : pandas.Index or None
        Indicator names of a pandas input.
    """

    eigenvalues: np.ndarray
    explained: np.ndarray
    loadings: np.ndarray
    weights: np.ndarray
    components: np.ndarray
    correlation: np.ndarray
    low_share: bool
    close_eigenvalues: bool
    unstable: bool
    weighted: bool
    n_used: int
    n_dropped: int
    flags: Tuple[str, ...]
    columns: Any = None

    def __post_init__(self) -> None:
        for a in (self.eigenvalues, self.explained, self.loadings, self.weights,
                  self.components, self.correlation):
            _readonly(a)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return _to_dict(self)


    def to_pandas(self) -> "_pandas.DataFrame":
        """Loadings and weights of the first component, indexed by indicator."""
        pd = _needs_pandas("PcaResult")
        names = _column_names(self.columns, len(self.weights))
        return pd.DataFrame({"loading": self.loadings, "weight": self.weights},
                            index=pd.Index(names, name="indicator"))

    def __repr__(self) -> str:
        names = _column_names(self.columns, len(self.weights))
        w = ", ".join(f"{n}={_num(v)}" for n, v in zip(names, self.weights))
        return (
            f"PcaResult(indicators={len(self.weights)}, explained={_num(self.explained[0])}, "
            f"unstable={self.unstable}, n_used={self.n_used}{_flags_text(self.flags)})\n"
            f"  eigenvalues: {_preview(self.eigenvalues)}\n  weights: {w}"
        )

    def _repr_html_(self) -> str:
        names = _column_names(self.columns, len(self.weights))
        rows = [[str(n), _num(self.loadings[k]), _num(self.weights[k]),
                 _num(self.eigenvalues[k]), _num(self.explained[k])] for k, n in enumerate(names)]
        caption = f"PCA weights (first component explains {_num(self.explained[0])})"
        if self.unstable:
            caption += " — unstable"
        return _html_table(["indicator", "loading", "weight", "eigenvalue", "explained"], rows,
                           caption)


@dataclass(frozen=True, repr=False, eq=False)
class AggregateResult:
    """Population-weighted means of sub-areas per parent area.

    Returned by :func:`bildung.index.aggregate_weighted`.

    Attributes
    ----------
    values : numpy.ndarray
        Parents x indicators (NaN for a parent without weight or with a propagated missing
        value).
    total_weight, n_areas : numpy.ndarray
        Sum of the weights and number of sub-areas (with weight > 0) per parent.
    status : numpy.ndarray
        ``"ok"``, ``"empty"`` (no weight) or ``"missing"`` per parent.
    n_used, n_dropped, n_empty : int
        Sub-areas used, dropped (missing parent or weight), with weight 0.
    flags : tuple of str
        ``"missing_propagated"``.
    parents, columns : pandas.Index, list or None
        The parent labels and the indicator names.
    """

    values: np.ndarray
    total_weight: np.ndarray
    n_areas: np.ndarray
    status: np.ndarray
    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...]
    parents: Any = None
    columns: Any = None
    one_dimensional: bool = False

    def __post_init__(self) -> None:
        for a in (self.values, self.total_weight, self.n_areas, self.status):
            _readonly(a)

    def __len__(self) -> int:
        return len(self.status)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return _to_dict(self)


    def to_pandas(self) -> Any:
        """The means indexed by parent (a DataFrame, or a Series for a one-dimensional input)."""
        pd = _needs_pandas("AggregateResult")
        index = pd.Index(_labels(self.parents, len(self)))
        if self.parents is not None and hasattr(self.parents, "name"):
            index.name = self.parents.name
        if self.one_dimensional:
            name = self.columns[0] if self.columns is not None else None
            return pd.Series(self.values[:, 0], index=index, name=name)
        return pd.DataFrame(self.values, index=index,
                            columns=_column_names(self.columns, self.values.shape[1]))

    def __repr__(self) -> str:
        return (
            f"AggregateResult(parents={len(self)}, indicators={self.values.shape[1]}, "
            f"n_used={self.n_used}, n_dropped={self.n_dropped}, n_empty={self.n_empty}"
            f"{_flags_text(self.flags)})"
        )

    def _repr_html_(self) -> str:
        names = _column_names(self.columns, self.values.shape[1])
        labels = _labels(self.parents, len(self))
        rows = [[str(labels[i])] + [_num(v) for v in self.values[i]]
                + [_num(self.total_weight[i]), str(self.status[i])] for i in _rows_shown(len(self))]
        if len(self) > _MAX_HTML_ROWS:
            rows.insert(10, ["…"] * (len(names) + 3))
        return _html_table(["parent", *map(str, names), "total_weight", "status"], rows,
                           "population-weighted means")


@dataclass(frozen=True, repr=False, eq=False)
class ClassResult:
    """Class memberships of every area.

    Returned by :func:`bildung.index.classify`, :func:`~bildung.index.classify_quantiles`,
    :func:`~bildung.index.classify_equal_width`, :func:`~bildung.index.classify_sd` and
    :func:`~bildung.index.cross_classify`.

    Attributes
    ----------
    code : numpy.ndarray
        int32 class code per area, ``0 .. m-1`` from the lowest values up; ``-1`` without a
        class.
    label : numpy.ndarray
        The class label per area (``None`` without a class).
    labels : tuple of str
        One label per class, lowest first.
    thresholds : tuple of float
        The ``m - 1`` boundaries between consecutive classes (empty for a cross-classification).
    boundary : tuple of str
        Per threshold: ``"lower"`` (a value on it goes to the class below) or ``"upper"``.
    counts : tuple of int
        Areas per class.
    status : numpy.ndarray
        ``"ok"`` or ``"missing"`` per area.
    n_used, n_dropped : int
        Areas with / without a class.
    flags : tuple of str
        ``"missing_propagated"``.
    index : pandas.Index or None
        Area labels of a pandas input.
    """

    code: np.ndarray
    label: np.ndarray
    labels: Tuple[str, ...]
    thresholds: Tuple[float, ...]
    boundary: Tuple[str, ...]
    counts: Tuple[int, ...]
    status: np.ndarray
    n_used: int
    n_dropped: int
    flags: Tuple[str, ...]
    index: Any = None

    def __post_init__(self) -> None:
        for a in (self.code, self.label, self.status):
            _readonly(a)

    def __len__(self) -> int:
        return len(self.code)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values."""
        return _to_dict(self)


    def to_pandas(self) -> "_pandas.DataFrame":
        """One row per area on the input's index: ``class`` (ordered categorical of
        :attr:`labels`), ``class_code``, ``status``."""
        pd = _needs_pandas("ClassResult")
        return pd.DataFrame(
            {
                "class": pd.Categorical(list(self.label), categories=list(self.labels),
                                        ordered=True),
                "class_code": self.code,
                "status": pd.Categorical(list(self.status), categories=_STATUS),
            },
            index=_area_index(pd, self.index, len(self)),
        )

    def counts_to_pandas(self) -> "_pandas.Series":
        """Areas per class as a Series indexed by the labels."""
        pd = _needs_pandas("ClassResult")
        return pd.Series(list(self.counts), index=pd.Index(list(self.labels), name="class"),
                         name="areas")

    def __repr__(self) -> str:
        counts = ", ".join(f"{lab}: {n}" for lab, n in zip(self.labels, self.counts))
        th = ", ".join(f"{_num(t)} ({b})" for t, b in zip(self.thresholds, self.boundary))
        lines = [
            f"ClassResult(areas={len(self)}, classes={len(self.labels)}, "
            f"n_dropped={self.n_dropped}{_flags_text(self.flags)})",
            f"  counts: {counts}",
        ]
        if th:
            lines.append(f"  thresholds: {th}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [[str(lab), str(n)] for lab, n in zip(self.labels, self.counts)]
        if self.n_dropped:
            rows.append(["(no class)", str(self.n_dropped)])
        return _html_table(["class", "areas"], rows, f"{len(self.labels)} classes")


@dataclass(frozen=True, repr=False, eq=False)
class IndexPart:
    """One index of :func:`bildung.index.status_dynamics` (status or dynamics).

    Attributes
    ----------
    z : NormalisedResult or None
        z-values of the indicators (None when the inputs were z-values already).
    sum : CompositeResult
        The plain sum of the z-values (Statussumme).
    index : NormalisedResult
        The re-standardised sum (Status-Index), one column.
    classes : ClassResult
        The classes of the index.
    """

    z: Optional[NormalisedResult]
    sum: CompositeResult
    index: NormalisedResult
    classes: ClassResult

    @property
    def values(self) -> np.ndarray:
        """The index of every area."""
        return np.asarray(self.index.values[:, 0])

    @property
    def sd(self) -> float:
        """The SD of the sums over the reference set (the divisor of the index)."""
        return float(self.index.parameters["sd"][0])

    def __repr__(self) -> str:
        counts = ", ".join(f"{lab}: {n}" for lab, n in zip(self.classes.labels,
                                                           self.classes.counts))
        return f"IndexPart(sd of sums={_num(self.sd)}; {counts})"


@dataclass(frozen=True, repr=False, eq=False)
class StatusDynamicsResult:
    """The MSS pipeline: status and dynamics indices, their classes and the 12 groups.

    Returned by :func:`bildung.index.status_dynamics`.

    Attributes
    ----------
    status, dynamics : IndexPart
        z-values, sums, index and classes of each.
    groups : ClassResult
        The cross of the status and dynamics classes (``"hoch / positiv"``, ...).
    index : pandas.Index or None
        Area labels of a pandas input.
    """

    status: IndexPart
    dynamics: IndexPart
    groups: ClassResult
    index: Any = None

    def __len__(self) -> int:
        return len(self.groups)

    def to_pandas(self) -> "_pandas.DataFrame":
        """One row per area: ``status_sum``, ``status_index``, ``status_class``,
        ``dynamics_sum``, ``dynamics_index``, ``dynamics_class``, ``group`` (ordered
        categoricals), ``in_reference``."""
        pd = _needs_pandas("StatusDynamicsResult")
        cols: Dict[str, Any] = {}
        for name, part in (("status", self.status), ("dynamics", self.dynamics)):
            cols[f"{name}_sum"] = part.sum.values
            cols[f"{name}_index"] = part.values
            cols[f"{name}_class"] = pd.Categorical(
                list(part.classes.label), categories=list(part.classes.labels), ordered=True
            )
        cols["group"] = pd.Categorical(list(self.groups.label),
                                       categories=list(self.groups.labels), ordered=True)
        cols["in_reference"] = self.status.index.in_reference
        return pd.DataFrame(cols, index=_area_index(pd, self.index, len(self)))

    def to_dict(self) -> Dict[str, Any]:
        """The per-area columns as plain Python values."""
        out: Dict[str, Any] = {}
        for name, part in (("status", self.status), ("dynamics", self.dynamics)):
            out[f"{name}_sum"] = part.sum.values.tolist()
            out[f"{name}_index"] = part.values.tolist()
            out[f"{name}_sd"] = part.sd
            out[f"{name}_class"] = part.classes.label.tolist()
        out["group"] = self.groups.label.tolist()
        return out

    def __repr__(self) -> str:
        lines = [f"StatusDynamicsResult(areas={len(self)}, "
                 f"n_classified={self.groups.n_used})"]
        for name, part in (("status", self.status), ("dynamics", self.dynamics)):
            lines.append(f"  {name}: {part!r}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        labels = self.status.classes.labels
        dlabels = self.dynamics.classes.labels
        table = np.zeros((len(labels), len(dlabels)), dtype=int)
        for c in self.groups.code:
            if c >= 0:
                table[c // len(dlabels), c % len(dlabels)] += 1
        rows = [[lab] + [str(v) for v in table[k]] for k, lab in enumerate(labels)]
        return _html_table(["status \\ dynamics", *dlabels], rows,
                           f"status x dynamics: {self.groups.n_used} areas classified")


def classes_from_core(raw: Any, index: Any) -> ClassResult:
    """A :class:`ClassResult` from the core's dict."""
    labels: Sequence[str] = raw["labels"]
    code = np.asarray(raw["code"], dtype=np.int32)
    label = np.array([labels[c] if c >= 0 else None for c in code], dtype=object)
    return ClassResult(
        code=code,
        label=label,
        labels=tuple(labels),
        thresholds=tuple(raw["thresholds"]),
        boundary=tuple(raw["boundary"]),
        counts=tuple(raw["counts"]),
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        flags=tuple(raw["flags"]),
        index=index,
    )


def normalised_from_core(raw: Any, method: str, parameters: Sequence[str], index: Any,
                         columns: Any, one_dimensional: bool = False,
                         options: Optional[Dict[str, Any]] = None,
                         rank: Optional[np.ndarray] = None) -> NormalisedResult:
    """A :class:`NormalisedResult` from the core's dict (``parameters``: the per-indicator
    entries to keep)."""
    return NormalisedResult(
        method=method,
        values=np.asarray(raw["values"]),
        parameters={k: np.asarray(raw[k]) for k in parameters},
        options={} if options is None else options,
        rank=rank,
        in_reference=np.asarray(raw["in_reference"], dtype=bool),
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        flags=tuple(raw["flags"]),
        index=index,
        columns=columns,
        one_dimensional=one_dimensional,
    )


def z_from_core(raw: Any, method: str, index: Any, columns: Any,
                one_dimensional: bool = False) -> NormalisedResult:
    """A :class:`NormalisedResult` from the core's z-score dict."""
    return normalised_from_core(
        raw, method, ("mean", "sd", "n_reference", "n_winsorised", "polarity"), index, columns,
        one_dimensional,
        options={"ddof": raw["ddof"], "weighted": raw["weighted"], "centred": raw["centred"],
                 "winsorize": raw["winsorize"]},
    )


def composite_from_core(raw: Any, index: Any, columns: Any) -> CompositeResult:
    """A :class:`CompositeResult` from the core's dict."""
    return CompositeResult(
        values=np.asarray(raw["values"]),
        weights=np.asarray(raw["weights"], dtype=np.float64),
        weighting=raw["weighting"],
        method=raw["method"],
        status=np.array(raw["status"], dtype=object),
        n_used=raw["n_used"],
        n_dropped=raw["n_dropped"],
        flags=tuple(raw["flags"]),
        index=index,
        columns=columns,
    )
