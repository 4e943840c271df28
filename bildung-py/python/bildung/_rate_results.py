"""Result objects of :mod:`bildung.rates`: one row per area.

Each has the per-area columns as read-only numpy arrays, ``status`` (``"ok"``, ``"missing"``,
``"empty"``, ``"undefined"``), the method and level, the bookkeeping of the core (``n_used``,
``n_dropped``, ``n_empty``, ``flags``), a short ``repr``, an HTML table for notebooks
(``_repr_html_``), ``to_dict()`` (plain Python values, JSON-serialisable) and ``to_pandas()``
(a DataFrame indexed like the input Series / DataFrame, a RangeIndex for arrays). The numbers are
the core's; nothing is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Mapping, Optional, Tuple

import numpy as np

from ._convert import optional_pandas
from ._results import _html_table, _num, _readonly

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["DirectStandardisedRates", "RateIntervals", "StandardisedRatios"]

#: The area statuses, in code order (the categories of the ``status`` column).
STATUSES = ("ok", "missing", "empty", "undefined")

_MAX_REPR_ROWS = 8
_MAX_HTML_ROWS = 20


@dataclass(frozen=True, repr=False, eq=False)
class _AreaResult:
    """Base: per-area columns ``_COLUMNS`` (arrays of equal length), status, bookkeeping."""

    status: np.ndarray
    method: str
    level: float
    n_used: int
    n_dropped: int
    n_empty: int
    flags: Tuple[str, ...]
    index: Any

    _TITLE: ClassVar[str] = ""
    #: per-area columns, in table order
    _COLUMNS: ClassVar[Tuple[str, ...]] = ()
    #: the columns shown by repr / _repr_html_
    _SHOWN: ClassVar[Tuple[str, ...]] = ("estimate", "lower", "upper")

    def __post_init__(self) -> None:
        _readonly(self.status)
        for name in self._columns():
            _readonly(getattr(self, name))

    def _columns(self) -> List[str]:
        """The per-area columns present (optional ones may be None)."""
        return [c for c in self._COLUMNS if getattr(self, c) is not None]

    def __len__(self) -> int:
        return len(self.status)

    def _labels(self) -> List[Any]:
        if self.index is None:
            return list(range(len(self)))
        return list(self.index)

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (lists, floats, ints); the index as ``"index"``."""
        out: Dict[str, Any] = {c: getattr(self, c).tolist() for c in self._columns()}
        out["status"] = self.status.tolist()
        out.update(
            {
                "method": self.method,
                "level": self.level,
                "n_used": self.n_used,
                "n_dropped": self.n_dropped,
                "n_empty": self.n_empty,
                "flags": list(self.flags),
                "index": [v.item() if isinstance(v, np.generic) else v for v in self._labels()],
            }
        )
        out.update(self._scalars())
        return out

    def _scalars(self) -> Dict[str, Any]:
        return {}

    def to_pandas(self) -> "_pandas.DataFrame":
        """One row per area, indexed like the input (RangeIndex for arrays): the per-area
        columns and a categorical ``status`` column. ``attrs`` holds the method, level and
        bookkeeping."""
        pd = optional_pandas()
        if pd is None:
            raise ImportError(f"{type(self).__name__}.to_pandas() needs pandas (pip install pandas)")
        frame = pd.DataFrame(
            {c: getattr(self, c) for c in self._columns()},
            index=self.index if self.index is not None else pd.RangeIndex(len(self)),
        )
        frame["status"] = pd.Categorical(list(self.status), categories=list(STATUSES))
        frame.attrs.update(
            {
                "method": self.method,
                "level": self.level,
                "n_used": self.n_used,
                "n_dropped": self.n_dropped,
                "n_empty": self.n_empty,
                "flags": list(self.flags),
            }
        )
        frame.attrs.update(self._scalars())
        return frame

    def _head(self) -> str:
        parts = [
            f"method={self.method!r}",
            f"level={_num(self.level)}",
            f"areas={len(self)}",
            f"n_used={self.n_used}",
            f"n_dropped={self.n_dropped}",
            f"n_empty={self.n_empty}",
        ]
        parts += [f"{k}={_num(v)}" for k, v in self._scalars().items() if v is not None]
        if self.flags:
            parts.append(f"flags={list(self.flags)}")
        return f"{type(self).__name__}(" + ", ".join(parts) + ")"

    def _rows(self, limit: int) -> Tuple[List[str], List[List[str]]]:
        shown = [c for c in self._SHOWN if getattr(self, c, None) is not None]
        labels = self._labels()
        rows = [
            [str(labels[i])] + [_num(getattr(self, c)[i]) for c in shown] + [str(self.status[i])]
            for i in range(min(len(self), limit))
        ]
        return ["area", *shown, "status"], rows

    def __repr__(self) -> str:
        header, rows = self._rows(_MAX_REPR_ROWS)
        table = [header] + rows
        widths = [max(len(r[k]) for r in table) for k in range(len(header))]
        lines = [self._head()]
        for r in table:
            lines.append("  " + "  ".join(c.rjust(w) for c, w in zip(r, widths)))
        if len(self) > _MAX_REPR_ROWS:
            lines.append(f"  ... and {len(self) - _MAX_REPR_ROWS} more areas")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        header, rows = self._rows(_MAX_HTML_ROWS)
        if len(self) > _MAX_HTML_ROWS:
            rows.append([f"… {len(self) - _MAX_HTML_ROWS} more areas"] + [""] * (len(header) - 1))
        caption = (
            f"{self._TITLE} ({self.method}, level {_num(self.level)}): n_used={self.n_used}, "
            f"n_dropped={self.n_dropped}, n_empty={self.n_empty}"
        )
        return _html_table(header, rows, caption)


@dataclass(frozen=True, repr=False, eq=False)
class RateIntervals(_AreaResult):
    """Per-area estimates with confidence intervals (Konfidenzintervalle je Gebiet).

    Returned by :func:`bildung.rates.proportion_ci`, :func:`~bildung.rates.poisson_ci`,
    :func:`~bildung.rates.proportion_difference_ci` and
    :func:`~bildung.rates.proportion_difference_versus_rest`.

    Attributes
    ----------
    estimate, lower, upper : numpy.ndarray
        Estimate and limits per area (read-only float64); NaN where ``status`` is not ``"ok"``.
    clamped : numpy.ndarray
        True where a limit was set to its bound (Agresti-Coull and Wald outside ``[0, 1]``, a
        Byar lower limit below 0). Read-only bool.
    status : numpy.ndarray
        ``"ok"``, ``"missing"`` (a missing count), ``"empty"`` (denominator 0) or
        ``"undefined"`` (no other area to compare with) per area.
    method : str
        The interval method.
    level : float
        The confidence level.
    n_used, n_dropped, n_empty : int
        Areas with a value, with a missing count, with denominator 0.
    flags : tuple of str
        ``"clamped"`` (some area clamped), ``"missing_propagated"``.
    index : pandas.Index or None
        The index of the input Series (the index of :meth:`to_pandas`).
    """

    estimate: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    clamped: np.ndarray

    _TITLE: ClassVar[str] = "confidence intervals"
    _COLUMNS: ClassVar[Tuple[str, ...]] = ("estimate", "lower", "upper", "clamped")


@dataclass(frozen=True, repr=False, eq=False)
class DirectStandardisedRates(_AreaResult):
    """Directly standardised rates per area (direkt standardisierte Raten).

    Returned by :func:`bildung.rates.direct_standardised_rate`.

    Attributes
    ----------
    estimate, lower, upper : numpy.ndarray
        DSR and its limits (times the multiplier; read-only float64). NaN where ``status`` is
        not ``"ok"``, except an estimate of 0 for an area without events under Dobson (status
        ``"undefined"``: the Dobson interval does not exist there).
    standard_error : numpy.ndarray
        ``sqrt(Var(DSR))`` (times the multiplier).
    crude_rate : numpy.ndarray
        ``sum x / sum n`` (times the multiplier).
    observed : numpy.ndarray
        ``O``: events in the strata with a positive standard weight.
    few_events : numpy.ndarray
        True where ``O < min_events`` (UKHSA suppresses such DSRs; bildung only marks them).
    status : numpy.ndarray
        ``"ok"``, ``"missing"``, ``"empty"`` (no population) or ``"undefined"`` (a stratum with
        a standard weight but no population; Dobson with no events).
    method, level, n_used, n_dropped, n_empty, flags, index
        As in :class:`RateIntervals`.
    """

    estimate: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    standard_error: np.ndarray
    crude_rate: np.ndarray
    observed: np.ndarray
    few_events: np.ndarray

    _TITLE: ClassVar[str] = "directly standardised rates"
    _COLUMNS: ClassVar[Tuple[str, ...]] = (
        "estimate",
        "lower",
        "upper",
        "standard_error",
        "crude_rate",
        "observed",
        "few_events",
    )
    _SHOWN: ClassVar[Tuple[str, ...]] = ("estimate", "lower", "upper", "observed")


@dataclass(frozen=True, repr=False, eq=False)
class StandardisedRatios(_AreaResult):
    """Standardised ratios SMR = O/E per area and indirectly standardised rates.

    (Standardisiertes Mortalitäts-/Morbiditätsverhältnis, indirekt standardisierte Rate.)
    Returned by :func:`bildung.rates.indirect_standardised_ratio`.

    Attributes
    ----------
    smr, lower, upper : numpy.ndarray
        ``O / E`` and its limits ``O_L / E``, ``O_U / E`` (read-only float64).
    observed, expected : numpy.ndarray
        ``O`` and ``E = sum_a n_a R_a``.
    clamped : numpy.ndarray
        True where a Byar lower limit was set to 0.
    isr, isr_lower, isr_upper : numpy.ndarray or None
        Indirectly standardised rate and limits (times the multiplier); None without
        ``reference_population``.
    reference_crude_rate : float or None
        The crude rate of the reference population (times the multiplier).
    status : numpy.ndarray
        ``"ok"``, ``"missing"``, ``"empty"`` (no population) or ``"undefined"`` (``E = 0``).
    method, level, n_used, n_dropped, n_empty, flags, index
        As in :class:`RateIntervals`.
    """

    smr: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    clamped: np.ndarray
    isr: Optional[np.ndarray]
    isr_lower: Optional[np.ndarray]
    isr_upper: Optional[np.ndarray]
    reference_crude_rate: Optional[float]

    _TITLE: ClassVar[str] = "standardised ratios"
    _COLUMNS: ClassVar[Tuple[str, ...]] = (
        "smr",
        "lower",
        "upper",
        "observed",
        "expected",
        "clamped",
        "isr",
        "isr_lower",
        "isr_upper",
    )
    _SHOWN: ClassVar[Tuple[str, ...]] = ("smr", "lower", "upper", "observed", "expected")

    def _scalars(self) -> Dict[str, Any]:
        return {"reference_crude_rate": self.reference_crude_rate}


def from_core(cls: Any, raw: Mapping[str, Any], index: Any) -> Any:
    """Wrap the dict returned by a ``bildung._core`` rates function in ``cls``."""
    names = {f.name for f in fields(cls)}
    kwargs: Dict[str, Any] = {
        "status": np.array(raw["status"], dtype=object),
        "method": raw["method"],
        "level": raw["level"],
        "n_used": raw["n_used"],
        "n_dropped": raw["n_dropped"],
        "n_empty": raw["n_empty"],
        "flags": tuple(raw["flags"]),
        "index": index,
    }
    for name in names - kwargs.keys():
        kwargs[name] = raw.get(name)
    return cls(**kwargs)
