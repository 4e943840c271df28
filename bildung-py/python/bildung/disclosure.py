"""Statistical disclosure control (Geheimhaltung) and publishable tables.

A municipal statistics office may not publish a table in which a small count can identify
people (§ 16 BStatG), and it marks every cell with the official symbols (Zeichenerklärung).
This module wraps ``bildung_core::disclosure`` and ``bildung_core::publish``:

==========================================  ==================================================
function                                    what
==========================================  ==================================================
:func:`round_to_base`                       Rundung: counts to the nearest multiple of 3, 5, 10
:func:`round_table`                         Rundung of a table, totals from their own values
:func:`record_keys`                         Cell-Key-Verfahren: record keys (SplitMix64)
:func:`cell_key`, :func:`cell_keys`         cell keys from record keys
:func:`cell_key_from_id`                    keyed cell keys for aggregated data (HMAC-SHA256)
:class:`PTable`                             perturbation tables (generate, R ``ptable`` CSV)
:func:`perturb`                             perturbed counts ``n + v(n, cell key)``
:func:`status_categorical`                  status codes as a pandas Categorical of names
:func:`status_codes`                        status names / Categoricals as codes
:func:`render`                              cell texts with symbols (German / English numbers)
:func:`to_csv`, :func:`to_json`             publishable CSV and JSON text
:func:`style`                               a pandas Styler for notebooks (symbols, shading)
:func:`legend`                              the Zeichenerklärung of a symbol set
==========================================  ==================================================

Conventions:

* Cell statuses (``published``, ``zero``, ``less_than_half``, ``primary``, ``secondary``,
  ``unknown``, ``later``, ``not_meaningful``, ``unreliable``; codes 0 ... 8, see
  :data:`STATUS_NAMES`) travel beside the values, never inside them: a suppressed cell
  (Sperrung) keeps its value in memory and is replaced by its symbol only when rendered.
  Statuses are accepted as names (strings, a pandas Categorical) or integer codes and returned
  as a pandas Categorical of the names (``.cat.codes`` are the codes).
* Qualifiers (``limited``, ``provisional``, ``revised``, ``estimated``, ``break``, ``final``,
  ``erroneous``, ``perturbed``; bits 1 ... 128, see :data:`FLAGS`) are integer bit masks.
* Values are numpy arrays, lists or pandas objects; a pandas input keeps its index (and
  columns) in the result. Strings, objects and other non-numbers raise :class:`TypeError`.
* Counts must be whole non-negative numbers: NaN raises
  :class:`~bildung.MissingValueError`, infinity :class:`~bildung.NonFiniteError`, a negative or
  fractional count :class:`~bildung.InvalidCountError`; bad parameters raise
  :class:`~bildung.ParameterError`.
* ``number_format``: ``"de"`` (``1.234,5``, CSV ``;``) or ``"en"`` (``1,234.5``, CSV ``,``);
  ``symbols``: ``"classical"`` (``-``, ``0``, ``.``, ``...``, ``x``, ``/``) or ``"letter"``
  (``0``, ``k``, ``g``, ``t``, ``x``, ``u``); ``symbol_overrides`` replaces single symbols for a
  municipal variant, e.g. ``{"primary": "( )", "secondary": "( )"}``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import numpy as np

from . import _core
from ._convert import (
    _loaded_pandas,
    _type_name,
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
from .exceptions import InconsistentTableError, ParameterError, ShapeError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "AuditResult",
    "FLAGS",
    "SUPPRESSED_CSS",
    "STATUS_NAMES",
    "PTable",
    "ProtectedTable",
    "RoundedTable",
    "audit",
    "cell_key",
    "cell_key_from_id",
    "cell_keys",
    "dominance_rule",
    "legend",
    "min_count_rule",
    "min_denominator_rule",
    "perturb",
    "protect",
    "record_keys",
    "render",
    "round_table",
    "round_to_base",
    "status_categorical",
    "status_codes",
    "style",
    "table_relations",
    "to_csv",
    "to_json",
]

#: Array-like of counts: numpy array, list, pandas Series or DataFrame.
CountsLike = Any
#: Statuses: names, a pandas Categorical / Series / DataFrame of names, or integer codes.
StatusLike = Any

#: The status names in code order (``STATUS_NAMES[code]``).
STATUS_NAMES: Tuple[str, ...] = tuple(name for _, name, _ in _core.disclosure_statuses())
#: Whether a status hides the value (by code).
_SUPPRESSED: Tuple[bool, ...] = tuple(s for _, _, s in _core.disclosure_statuses())
#: The qualifier bits by name (``FLAGS["provisional"] == 2``).
FLAGS: Dict[str, int] = {name: bit for bit, name in _core.disclosure_flags()}

_labels_in_errors = labels_in_errors("values", "counts", "cell_keys", "record_keys")
_U64_MAX = 2**64 - 1


def _u64(value: Any, name: str) -> int:
    v = as_integer(value, name)
    if not 0 <= v <= _U64_MAX:
        raise ParameterError(
            f"invalid {name} = {v}: must be an integer in [0, 2^64)")
    return v


def _base(base: Any) -> int:
    b = as_integer(base, "base")
    if b < 0 or b > 2**32 - 1:
        raise ParameterError(
            f"invalid base = {b}: must be an integer >= 2")
    return b


# ------------------------------------------------------------------------------ shapes


def _flat(obj: Any, name: str) -> Tuple[np.ndarray, Any]:
    """(float64 values, a function that puts a flat result back into the input's shape)."""
    pd = _loaded_pandas()
    if pd is not None and isinstance(obj, pd.DataFrame):
        table = as_table(obj, name)
        index, columns = obj.index, obj.columns

        def back_frame(a: np.ndarray) -> Any:
            return pd.DataFrame(a.reshape(table.shape), index=index, columns=columns)

        return np.ascontiguousarray(table).reshape(-1), back_frame
    if pd is not None and isinstance(obj, pd.Series):
        s_index, s_name = obj.index, obj.name

        def back_series(a: np.ndarray) -> Any:
            return pd.Series(a, index=s_index, name=s_name)

        return as_values(obj, name), back_series
    if isinstance(obj, np.ndarray) and obj.ndim == 2:
        table = as_table(obj, name)
        return np.ascontiguousarray(table).reshape(-1), lambda a: a.reshape(table.shape)
    return as_values(obj, name), lambda a: a


def _same_shape(a: Any, b: Any, na: str, nb: str) -> None:
    pd = _loaded_pandas()
    if pd is None:
        return
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        if not (a.index.equals(b.index) and a.columns.equals(b.columns)):
            raise ShapeError(
                f"{na} and {nb} are DataFrames with different indexes or columns; bildung "
                f"pairs cells by position, so align them first, e.g. {nb}.reindex_like({na})"
            )
    else:
        check_aligned(**{na: a, nb: b})


# ------------------------------------------------------------------------------ rounding


@_labels_in_errors
def round_to_base(values: CountsLike, base: int) -> Any:
    """Round counts to the nearest multiple of ``base`` (Rundung), each independently.

    ::

        r = b * floor(x / b) + (b if 2 (x - b floor(x / b)) >= b else 0)    (ties up)
        |r - x| <= floor(b / 2)

    Parameters
    ----------
    values : array-like, Series or DataFrame
        Whole non-negative counts.
    base : int
        The rounding base ``b >= 2`` (3, 5 and 10 are usual in official statistics).

    Returns
    -------
    numpy.ndarray, Series or DataFrame
        The rounded counts, in the shape (and with the index) of ``values``.

    Raises
    ------
    ParameterError
        ``base < 2``.
    MissingValueError, NonFiniteError, InvalidCountError
        A NaN, infinite, negative or fractional count (named by position and pandas label).

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.round_to_base([0, 1, 2, 3, 7, 8, 12, 13], 5).tolist()
    [0.0, 0.0, 0.0, 5.0, 5.0, 10.0, 10.0, 15.0]
    """
    flat, back = _flat(values, "values")
    return back(_core.disclosure_round_to_base(flat, _base(base)))


@dataclass(frozen=True, repr=False, eq=False)
class RoundedTable:
    """A table of counts rounded cell by cell, totals from their own unrounded values.

    Attributes
    ----------
    values : numpy.ndarray, Series or DataFrame
        The rounded counts in the shape of the input.
    max_abs_deviation : float
        Largest ``|rounded - unrounded|`` (at most ``floor(base / 2)``).
    n_changed : int
        Cells whose value changed.
    totals_differ : int
        Relations whose rounded total differs from the sum of its rounded parts (expected:
        totals are not re-summed).
    max_total_discrepancy : float
        Largest ``|rounded total - sum of rounded parts|``.
    """

    values: Any
    max_abs_deviation: float
    n_changed: int
    totals_differ: int
    max_total_discrepancy: float

    def __repr__(self) -> str:
        return (
            f"RoundedTable(n_changed={self.n_changed}, max_abs_deviation="
            f"{self.max_abs_deviation:g}, totals_differ={self.totals_differ}, "
            f"max_total_discrepancy={self.max_total_discrepancy:g})"
        )


def _relations(relations: Any) -> List[Tuple[int, List[int]]]:
    if isinstance(relations, (str, bytes)) or not hasattr(relations, "__iter__"):
        raise TypeError(
            "relations must be a sequence of (total, [parts]) pairs of cell positions, got "
            f"{_type_name(relations)}"
        )
    out: List[Tuple[int, List[int]]] = []
    for k, rel in enumerate(relations):
        try:
            total, parts = rel
        except (TypeError, ValueError):
            raise TypeError(
                f"relations[{k}] must be a pair (total, [parts]), got {rel!r}"
            ) from None
        if isinstance(parts, (str, bytes)) or not hasattr(parts, "__iter__"):
            raise TypeError(f"relations[{k}] parts must be a sequence of cell positions")
        t = as_integer(total, f"relations[{k}] total")
        ps = [as_integer(p, f"relations[{k}] part") for p in parts]
        if t < 0 or any(p < 0 for p in ps):
            raise ParameterError(
                f"invalid relations = {k}: cell positions must be >= 0")
        out.append((t, ps))
    return out


@_labels_in_errors
def round_table(values: CountsLike, base: int, relations: Any) -> RoundedTable:
    """Round every cell of an additive table, totals included, from its own unrounded value.

    ::

        r_c = round_to_base(x_c, b)     for every cell c, totals included (never re-summed)
        totals_differ = #{relations t = sum(P) : r_t != sum_{p in P} r_p}

    Parameters
    ----------
    values : array-like, Series or DataFrame
        Whole non-negative counts; a DataFrame is numbered row by row (cell ``i * ncols + j``).
    base : int
        The rounding base ``b >= 2``.
    relations : sequence of (int, sequence of int)
        ``(total, parts)``: cell ``total`` equals the sum of the cells ``parts`` (checked).

    Returns
    -------
    RoundedTable

    Raises
    ------
    InconsistentTableError
        A total that does not equal the sum of its parts.
    ParameterError
        ``base < 2``, a relation naming a cell outside the table, no parts, or the total among
        its parts.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> t = dc.round_table([3, 3, 3, 9], 5, [(3, [0, 1, 2])])
    >>> t.values.tolist(), t.totals_differ
    ([5.0, 5.0, 5.0, 10.0], 1)
    """
    flat, back = _flat(values, "values")
    d = _core.disclosure_round_table_counts(flat, _base(base), _relations(relations))
    return RoundedTable(
        values=back(d["values"]),
        max_abs_deviation=d["max_abs_deviation"],
        n_changed=d["n_changed"],
        totals_differ=d["totals_differ"],
        max_total_discrepancy=d["max_total_discrepancy"],
    )


# ------------------------------------------------------------------------------ cell keys


def record_keys(seed: int, n: int, *, start: int = 0) -> np.ndarray:
    """Record keys of the Cell-Key-Verfahren: uniform in ``[0, 1)``, reproducible.

    ::

        s   = seed + (index + 1) * 0x9E3779B97F4A7C15      (mod 2^64)
        key = (splitmix64_mix(s) >> 11) / 2^53              index = start ... start + n - 1

    Parameters
    ----------
    seed : int
        The generator seed in ``[0, 2^64)`` (keep it with the microdata: the same seed gives
        the same keys in every version of bildung).
    n : int
        Number of records.
    start : int, default 0
        Index of the first record.

    Returns
    -------
    numpy.ndarray
        ``n`` keys, multiples of ``2^-53``.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> k = dc.record_keys(42, 3)
    >>> bool(((0 <= k) & (k < 1)).all()), float(k[2]) == float(dc.record_keys(42, 1, start=2)[0])
    (True, True)
    """
    count = as_integer(n, "n")
    if count < 0:
        raise ParameterError(
            f"invalid n = {count}: must be >= 0")
    return _core.disclosure_record_keys(_u64(seed, "seed"), count, _u64(start, "start"))


@_labels_in_errors
def cell_key(record_keys: Any) -> float:
    """The cell key of one cell: the fractional part of the sum of its records' keys.

    ::

        cell key = (sum_r floor(k_r 2^53) mod 2^53) / 2^53     (exact, order-free)

    Parameters
    ----------
    record_keys : array-like
        The keys of the cell's records, each in ``[0, 1)``.

    Returns
    -------
    float
        The cell key in ``[0, 1)`` (0 for an empty cell).

    Raises
    ------
    MissingValueError
        A NaN key.
    ParameterError
        A key outside ``[0, 1)``.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.cell_key([0.5, 0.75])
    0.25
    """
    return float(_core.disclosure_cell_key(as_values(record_keys, "record_keys")))


@_labels_in_errors
def cell_keys(record_keys: Any, groups: Any, *, n_cells: Optional[int] = None) -> Any:
    """The cell keys of many cells at once: record ``r`` belongs to the cell ``groups[r]``.

    ::

        key[c] = (sum_{r: groups[r] = c} floor(k_r 2^53) mod 2^53) / 2^53

    Parameters
    ----------
    record_keys : array-like
        One key per record, in ``[0, 1)``.
    groups : array-like
        The cell of each record: any labels (a Series, a list of tuples, ...) or, with
        ``n_cells``, integer cell positions ``0 ... n_cells - 1``.
    n_cells : int, optional
        The number of cells when ``groups`` are positions (cells without records get key 0).

    Returns
    -------
    Series or numpy.ndarray
        With ``n_cells``: an array of ``n_cells`` keys. Otherwise the keys by label: a pandas
        Series indexed by the sorted labels (a numpy array in label order without pandas).

    Raises
    ------
    MissingValueError
        A NaN key or a missing group label.
    ShapeError
        ``groups`` and ``record_keys`` differ in length.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.cell_keys([0.5, 0.25, 0.75, 0.5], [0, 1, 0, 1], n_cells=3).tolist()
    [0.25, 0.75, 0.0]
    """
    keys = as_values(record_keys, "record_keys")
    if n_cells is not None:
        n = as_integer(n_cells, "n_cells")
        if n < 0:
            raise ParameterError(
                f"invalid n_cells = {n}: must be >= 0")
        codes = np.asarray(groups)
        if codes.ndim != 1:
            raise ShapeError(f"groups must be one-dimensional, got shape {codes.shape}")
        if codes.dtype.kind not in "iu":
            raise TypeError(
                f"groups must be integer cell positions when n_cells is given, got dtype "
                f"{codes.dtype}"
            )
        return _core.disclosure_cell_keys_by_group(keys, codes.astype(np.int64), n)
    codes, labels = as_group_codes(groups, "groups")
    out = _core.disclosure_cell_keys_by_group(keys, codes, len(labels))
    pd = optional_pandas()
    if pd is None:
        return out
    return pd.Series(out, index=labels, name="cell_key")


def cell_key_from_id(cell_id: Any, secret: int) -> Any:
    """Keyed cell keys for aggregated data without microdata (Cell-Key-Verfahren).

    ::

        key = (big_endian_u64(HMAC-SHA256(le_bytes(secret), utf8(id))[0:8]) >> 11) / 2^53

    The same identifier and secret give the same key in every table and every version of
    bildung; keep the secret secret. Use identifiers that name the logical cell, e.g.
    ``"2024|Ortsteil 0101|Gymnasium|weiblich"``.

    Parameters
    ----------
    cell_id : str, sequence of str or Series of str
        One identifier or many.
    secret : int
        The key in ``[0, 2^64)``.

    Returns
    -------
    float, numpy.ndarray or Series
        One key for one identifier; an array for a sequence; a Series (same index) for a Series.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> k = dc.cell_key_from_id("2024|0101|Gymnasium", 12345)
    >>> 0 <= k < 1, k == float(dc.cell_key_from_id(["2024|0101|Gymnasium"], 12345)[0])
    (True, True)
    """
    key = _u64(secret, "secret")
    if isinstance(cell_id, str):
        return float(_core.disclosure_cell_keys_from_ids([cell_id], key)[0])
    pd = _loaded_pandas()
    ids = list(cell_id) if hasattr(cell_id, "__iter__") else None
    if ids is None or isinstance(cell_id, bytes):
        raise TypeError(
            f"cell_id must be a string or a sequence of strings, got {_type_name(cell_id)}"
        )
    for k, v in enumerate(ids):
        if not isinstance(v, str):
            raise TypeError(f"cell_id must hold strings, got {_type_name(v)} {v!r} at [{k}]")
    out = _core.disclosure_cell_keys_from_ids(ids, key)
    if pd is not None and isinstance(cell_id, pd.Series):
        return pd.Series(out, index=cell_id.index, name="cell_key")
    return out


class PTable:
    """A perturbation table of the Cell-Key-Verfahren (in the layout of the R package ``ptable``).

    Row ``i = 0 ... max_i`` (the last row serves all larger counts) is a distribution of the
    noise ``v`` with cumulative cell-key intervals ``[p_int_lb, p_int_ub)``; a cell with count
    ``n`` and cell key ``u`` gets the ``v`` whose interval in row ``min(n, max_i)`` holds ``u``.
    Build one with :meth:`generate` (maximum entropy) or load an office's table with
    :meth:`from_csv`.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> t = dc.PTable.generate(2, 1.05)
    >>> t.max_i, t.max_deviation
    (2, 2)
    >>> dc.PTable.from_csv(t.to_csv()) == t
    True
    """

    __slots__ = ("_inner",)

    def __init__(self, inner: _core.PTable) -> None:
        if not isinstance(inner, _core.PTable):
            raise TypeError(
                "use PTable.generate(...) or PTable.from_csv(...) to make a perturbation table"
            )
        self._inner = inner

    @classmethod
    def generate(cls, max_deviation: int, variance: float, *, js: int = 0) -> "PTable":
        """Generate a ptable by maximum entropy.

        ::

            row 0:  v = 0 with p = 1                        (zeros stay zero)
            row i:  S_i = {v in [-D, D] : i + v >= 0, i + v not in 1..js}
                    p maximises -sum p_v ln p_v  s.t.  sum p_v = 1, sum v p_v = 0,
                    sum v^2 p_v = V
            max_i = D (js = 0), D + js + 1 (js > 0)

        Parameters
        ----------
        max_deviation : int
            ``D >= 1``, the largest ``|v|``.
        variance : float
            ``V > 0``, the noise variance (exact in every row).
        js : int, default 0
            No perturbed count in ``1 ... js`` ("no small results").

        Raises
        ------
        ParameterError
            Parameters out of range or a row that cannot have mean 0 and variance ``V``.
        """
        d = as_integer(max_deviation, "max_deviation")
        j = as_integer(js, "js")
        for name, v in (("max_deviation", d), ("js", j)):
            if not 0 <= v <= 2**32 - 1:
                raise ParameterError(
                    f"invalid {name} = {v}: out of range")
        return cls(_core.PTable.generate(d, real(variance, "variance"), j))

    @classmethod
    def from_csv(cls, text: str) -> "PTable":
        """Read a ptable in the column layout of R ``ptable`` (``i, j, p, v, p_int_lb,
        p_int_ub``, optional ``type``; header optional; ``,`` ``;`` or blanks).

        Raises
        ------
        MalformedInputError
            A bad file, naming the line and the column.
        """
        return cls(_core.PTable.from_csv(option(text, "text")))

    def to_csv(self) -> str:
        """The table as CSV text ``i,j,p,v,p_int_lb,p_int_ub,type`` (reads back exactly)."""
        return self._inner.to_csv()

    @property
    def max_i(self) -> int:
        """The largest count with its own row."""
        return self._inner.max_i()

    @property
    def max_deviation(self) -> int:
        """The largest ``|v|`` in the table."""
        return self._inner.max_deviation()

    def columns(self) -> Dict[str, np.ndarray]:
        """The entries as parallel arrays ``i, j, p, v, p_int_lb, p_int_ub``."""
        return {k: np.asarray(v) for k, v in self._inner.columns().items()}

    def to_frame(self) -> "_pandas.DataFrame":
        """The entries as a DataFrame with the columns of R ``ptable``."""
        pd = optional_pandas()
        if pd is None:
            raise ImportError("PTable.to_frame() needs pandas (pip install pandas)")
        return pd.DataFrame(self.columns())

    def perturbation(self, count: int, cell_key: float) -> int:
        """The noise ``v`` of a cell with ``count`` and ``cell_key`` (boundaries belong to the
        upper interval)."""
        n = as_integer(count, "count")
        if n < 0:
            raise ParameterError(
                f"invalid count = {n}: must be >= 0")
        return self._inner.perturbation(min(n, _U64_MAX), real(cell_key, "cell_key"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PTable) and self._inner == other._inner

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PTable(max_i={self.max_i}, max_deviation={self.max_deviation})"


@_labels_in_errors
def perturb(counts: CountsLike, cell_keys: Any, ptable: PTable) -> Any:
    """Perturb counts by the Cell-Key-Verfahren: ``n + v(n, cell key)``.

    ::

        perturbed_c = n_c + v_k,   k = max{k : p_int_lb[min(n_c, max_i), k] <= u_c}
        n_c = 0  =>  perturbed_c = 0

    The same count and cell key give the same perturbed value in every table; zeros stay zero;
    totals are perturbed on their own (rows need not add up afterwards). Mark the published
    cells with the ``perturbed`` qualifier.

    Parameters
    ----------
    counts : array-like, Series or DataFrame
        Whole non-negative counts.
    cell_keys : array-like, Series or DataFrame
        One cell key in ``[0, 1)`` per count, in the same shape.
    ptable : PTable

    Returns
    -------
    numpy.ndarray, Series or DataFrame
        Perturbed counts in the shape (and with the index) of ``counts``.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> t = dc.PTable.generate(2, 1.05)
    >>> dc.perturb([0, 4], [0.3, 0.5], t).tolist()
    [0.0, 4.0]
    """
    if not isinstance(ptable, PTable):
        raise TypeError(f"ptable must be a PTable, got {_type_name(ptable)}")
    _same_shape(counts, cell_keys, "counts", "cell_keys")
    flat, back = _flat(counts, "counts")
    keys, _ = _flat(cell_keys, "cell_keys")
    return back(_core.disclosure_perturb(flat, keys, ptable._inner))


# ------------------------------------------------------------------------------ statuses


def _status_name_codes(names: Iterable[Any], what: str) -> np.ndarray:
    lookup = {n: k for k, n in enumerate(STATUS_NAMES)}
    out = []
    for k, v in enumerate(names):
        if isinstance(v, str) and v in lookup:
            out.append(lookup[v])
        elif isinstance(v, str):
            raise ParameterError(
                f"invalid {what} = {v!r} at position {k}: unknown status name (known: "
                f"{', '.join(STATUS_NAMES)})",
                index=k,
            )
        else:
            raise TypeError(
                f"{what} must hold status names or integer codes, got {_type_name(v)} {v!r} "
                f"at position {k}"
            )
    return np.asarray(out, dtype=np.uint8)


def _codes_1d(obj: Any, what: str) -> np.ndarray:
    pd = _loaded_pandas()
    if pd is not None and isinstance(obj, (pd.Series, pd.Index, pd.Categorical)):
        dtype = obj.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = list(dtype.categories)
            cat_codes = _status_name_codes(cats, what) if cats else np.zeros(0, np.uint8)
            raw = np.asarray(
                obj.cat.codes if isinstance(obj, pd.Series) else obj.codes, dtype=np.int64
            )
            if (raw < 0).any():
                k = int(np.flatnonzero(raw < 0)[0])
                raise ParameterError(
                    f"invalid {what} = missing at position {k}: every cell needs a status",
                    index=k,
                )
            return cat_codes[raw] if len(raw) else np.zeros(0, np.uint8)
        arr = np.asarray(obj.to_numpy())
    else:
        arr = np.asarray(obj)
    if arr.ndim != 1:
        raise ShapeError(f"{what} must be one-dimensional here, got shape {arr.shape}")
    if arr.dtype.kind in "iu":
        if len(arr) and (arr.min() < 0 or arr.max() >= len(STATUS_NAMES)):
            k = int(np.flatnonzero((arr < 0) | (arr >= len(STATUS_NAMES)))[0])
            raise ParameterError(
                f"invalid {what} = {arr[k]} at position {k}: status codes are 0 ... "
                f"{len(STATUS_NAMES) - 1}",
                index=k,
            )
        return arr.astype(np.uint8)
    if arr.dtype.kind in "OU":
        return _status_name_codes(arr.tolist(), what)
    raise TypeError(
        f"{what} must hold status names or integer codes, got dtype {arr.dtype}"
    )


def status_codes(status: StatusLike) -> np.ndarray:
    """Status codes (uint8, ``0 ... 8``) of status names, a Categorical or integer codes.

    Parameters
    ----------
    status : str, sequence, Series, Categorical, DataFrame or numpy array
        Names from :data:`STATUS_NAMES` or codes; a DataFrame or 2-D array gives a 2-D result.

    Returns
    -------
    numpy.ndarray
        uint8 codes in the shape of the input.

    Raises
    ------
    ParameterError
        An unknown name or code, or a missing status.
    TypeError
        Anything else than names or integers (e.g. floats).

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.status_codes(["published", "primary", "secondary"]).tolist()
    [0, 3, 4]
    """
    pd = _loaded_pandas()
    if isinstance(status, str):
        return _status_name_codes([status], "status")
    if pd is not None and isinstance(status, pd.DataFrame):
        cols = [_codes_1d(status.iloc[:, j], "status") for j in range(status.shape[1])]
        if not cols:
            return np.zeros(status.shape, dtype=np.uint8)
        return np.column_stack(cols).astype(np.uint8)
    if isinstance(status, np.ndarray) and status.ndim == 2:
        return np.stack(
            [_codes_1d(status[:, j], "status") for j in range(status.shape[1])], axis=1
        ).reshape(status.shape).astype(np.uint8)
    if isinstance(status, (list, tuple)) and status and isinstance(status[0], (list, tuple)):
        return status_codes(np.asarray(status))
    return _codes_1d(status, "status")


def status_categorical(codes: Any, index: Any = None) -> Any:
    """Status codes as a pandas Categorical of the names (categories :data:`STATUS_NAMES`).

    Parameters
    ----------
    codes : array-like of int
        Status codes ``0 ... 8``.
    index : pandas Index, optional
        With an index, a Series (named ``status``) is returned instead.

    Returns
    -------
    pandas.Categorical or Series
        ``.codes`` (``.cat.codes``) are the status codes.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> list(dc.status_categorical([0, 3]))
    ['published', 'primary']
    """
    pd = optional_pandas()
    if pd is None:
        raise ImportError("status_categorical() needs pandas (pip install pandas)")
    c = _codes_1d(codes, "codes").astype(np.int8)
    cat = pd.Categorical.from_codes(c, categories=list(STATUS_NAMES))
    if index is None:
        return cat
    return pd.Series(cat, index=index, name="status")


def _status_frame(codes: np.ndarray, index: Any, columns: Any) -> Any:
    """A DataFrame of status Categoricals (one column per value column)."""
    pd = optional_pandas()
    if pd is None:
        return codes
    return pd.DataFrame(
        {
            k: pd.Categorical.from_codes(
                codes[:, k].astype(np.int8), categories=list(STATUS_NAMES)
            )
            for k in range(codes.shape[1])
        },
        index=index,
    ).set_axis(columns, axis=1)


# ------------------------------------------------------------------------------ rendering


_FORMATS = {"de": "german", "german": "german", "en": "english", "english": "english"}


@dataclass(frozen=True)
class _Table:
    values: np.ndarray
    status: np.ndarray
    flags: np.ndarray
    spec: Any
    index: Any
    columns: Any


def _decimals(decimals: Any, columns: Sequence[Any]) -> List[int]:
    if isinstance(decimals, numbers.Integral) and not isinstance(decimals, bool):
        return [as_integer(decimals, "decimals")] * len(columns)
    if isinstance(decimals, Mapping):
        unknown = [c for c in decimals if c not in list(columns)]
        if unknown:
            raise ParameterError(
                f"invalid decimals = {unknown[0]!r}: not a column of the table")
        return [as_integer(decimals.get(c, 0), f"decimals[{c!r}]") for c in columns]
    if isinstance(decimals, (str, bytes)) or not hasattr(decimals, "__iter__"):
        raise TypeError(
            f"decimals must be an integer, a sequence or a mapping column -> integer, got "
            f"{_type_name(decimals)}"
        )
    out = [as_integer(d, "decimals") for d in decimals]
    if len(out) != len(columns):
        raise ShapeError(f"decimals has {len(out)} entries for {len(columns)} columns")
    return out


def _flags(flags: Any, shape: Tuple[int, int]) -> np.ndarray:
    if flags is None:
        return np.zeros(shape, dtype=np.uint16)
    pd = _loaded_pandas()
    arr = np.asarray(flags.to_numpy() if pd is not None and isinstance(flags, pd.DataFrame)
                     else flags)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"flags must hold integer bit masks, got dtype {arr.dtype}")
    if arr.shape != shape:
        raise ShapeError(f"flags has shape {arr.shape}, the values {shape}")
    if (arr < 0).any() or (arr > 0xFFFF).any():
        raise ParameterError(
            "invalid flags: bit masks must lie in 0 ... 255")
    return arr.astype(np.uint16)


def _table(
    values: Any,
    status: Any,
    flags: Any,
    decimals: Any,
    *,
    units: Any = None,
    title: str = "",
    row_header: Optional[str] = None,
    row_level: Any = None,
    notes: Sequence[str] = (),
    source: Optional[str] = None,
) -> _Table:
    pd = _loaded_pandas()
    if pd is not None and isinstance(values, pd.Series):
        values = values.to_frame()
    v = as_table(values, "values")
    if v.ndim != 2:
        raise ShapeError(f"values must be two-dimensional, got shape {v.shape}")
    if pd is not None and isinstance(values, pd.DataFrame):
        index, columns = values.index, values.columns
        labels = [str(x) for x in index]
        col_labels = [str(c) for c in columns]
        header = row_header if row_header is not None else (
            "" if index.name is None else str(index.name)
        )
        if isinstance(status, pd.DataFrame):
            _same_shape(values, status, "values", "status")
    else:
        index, columns = None, None
        labels = [str(i) for i in range(v.shape[0])]
        col_labels = [str(j) for j in range(v.shape[1])]
        header = row_header if row_header is not None else ""
    if status is None:
        s = np.zeros(v.shape, dtype=np.uint8)
    else:
        s = status_codes(status)
        if s.shape != v.shape:
            raise ShapeError(f"status has shape {s.shape}, the values {v.shape}")
    f = _flags(flags, v.shape)
    col_keys = list(columns) if columns is not None else list(range(v.shape[1]))
    dec = _decimals(decimals, col_keys)
    if units is None:
        unit_list: List[Optional[str]] = [None] * v.shape[1]
    elif isinstance(units, Mapping):
        unit_list = [None if units.get(c) is None else str(units.get(c)) for c in col_keys]
    elif isinstance(units, str):
        unit_list = [units] * v.shape[1]
    else:
        unit_list = [None if u is None else str(u) for u in units]
    levels = [0] * v.shape[0] if row_level is None else [
        as_integer(x, "row_level") for x in row_level
    ]
    if any(x < 0 for x in levels):
        raise ParameterError(
            "invalid row_level: levels must be >= 0")
    spec = {
        "title": option(title, "title"),
        "row_header": option(header, "row_header"),
        "row_labels": labels,
        "row_level": levels,
        "column_labels": col_labels,
        "decimals": dec,
        "units": unit_list,
        "notes": [option(n, "notes") for n in notes],
        "source": None if source is None else option(source, "source"),
    }
    return _Table(np.ascontiguousarray(v), s, f, spec, index, columns)


def _format(number_format: Any) -> str:
    name = option(number_format, "number_format")
    return _FORMATS.get(name, name)  # the core names an unknown format


def _overrides(symbol_overrides: Any) -> List[Tuple[int, str]]:
    if symbol_overrides is None:
        return []
    if not isinstance(symbol_overrides, Mapping):
        raise TypeError(
            "symbol_overrides must be a mapping status name -> symbol text, got "
            f"{_type_name(symbol_overrides)}"
        )
    out = []
    for name, text in symbol_overrides.items():
        code = int(_status_name_codes([name], "symbol_overrides")[0])
        out.append((code, option(text, f"symbol_overrides[{name!r}]")))
    return out


def _rendered(t: _Table, number_format: Any, symbols: Any, symbol_overrides: Any) -> Any:
    return _core.disclosure_render(
        t.spec,
        t.values,
        t.status,
        t.flags,
        number_format=_format(number_format),
        symbols=option(symbols, "symbols"),
        replace=_overrides(symbol_overrides),
    )


def render(
    values: Any,
    status: StatusLike = None,
    flags: Any = None,
    *,
    decimals: Any = 0,
    number_format: str = "de",
    symbols: str = "classical",
    symbol_overrides: Optional[Mapping[str, str]] = None,
) -> Any:
    """The text of every cell: numbers in the number format, symbols for suppressed cells.

    ::

        suppressed status           -> its symbol (the value is never shown)
        published, value == 0       -> the Zero symbol (classical "-")
        published, rounds to 0      -> the LessThanHalf symbol (classical "0" / "0,0")
        otherwise                   -> the number with the column's decimals, flag marks added

    Parameters
    ----------
    values : DataFrame, 2-D array or Series
        The values (a suppressed cell may hold any number or NaN).
    status : DataFrame, 2-D array of names / codes, optional
        One status per cell (default: all ``published``).
    flags : DataFrame or 2-D array of int, optional
        Qualifier bit masks (:data:`FLAGS`), e.g. ``FLAGS["provisional"]`` -> ``12 p``.
    decimals : int, sequence or mapping column -> int, default 0
    number_format : {"de", "en"}, default "de"
    symbols : {"classical", "letter"}, default "classical"
    symbol_overrides : mapping status name -> text, optional
        A municipal variant, e.g. ``{"primary": "( )"}``.

    Returns
    -------
    DataFrame or list of lists of str
        The texts with the index and columns of ``values`` (lists without pandas).

    Raises
    ------
    MalformedInputError
        A shown value that is NaN or infinite, status ``zero`` on a non-zero value, ...
    ParameterError
        An unknown number format, symbol set or status.

    Examples
    --------
    >>> import pandas as pd
    >>> from bildung import disclosure as dc
    >>> v = pd.DataFrame({"Anzahl": [1234.0, 2.0, 0.0]}, index=["Nord", "Süd", "Ost"])
    >>> dc.render(v, [["published"], ["primary"], ["published"]])["Anzahl"].tolist()
    ['1.234', '.', '-']
    """
    t = _table(values, status, flags, decimals)
    d = _rendered(t, number_format, symbols, symbol_overrides)
    pd = optional_pandas()
    if pd is None:
        return d["text"]
    frame = pd.DataFrame(
        d["text"],
        index=t.index if t.index is not None else None,
        columns=None,
    )
    if t.columns is not None:
        frame.columns = t.columns
    return frame


def _publish_args(
    values: Any,
    status: Any,
    flags: Any,
    decimals: Any,
    units: Any,
    title: str,
    row_header: Optional[str],
    row_level: Any,
    notes: Sequence[str],
    source: Optional[str],
) -> _Table:
    if isinstance(notes, str):
        notes = [notes]
    return _table(
        values,
        status,
        flags,
        decimals,
        units=units,
        title=title,
        row_header=row_header,
        row_level=row_level,
        notes=notes,
        source=source,
    )


def to_csv(
    values: Any,
    status: StatusLike = None,
    flags: Any = None,
    *,
    decimals: Any = 0,
    units: Any = None,
    title: str = "",
    row_header: Optional[str] = None,
    row_level: Optional[Sequence[int]] = None,
    notes: Sequence[str] = (),
    source: Optional[str] = None,
    number_format: str = "de",
    symbols: str = "classical",
    symbol_overrides: Optional[Mapping[str, str]] = None,
    group_digits: bool = False,
    status_columns: bool = False,
    level_column: bool = False,
) -> str:
    """The table as publishable CSV text (RFC 4180): symbols in place of suppressed values.

    ::

        header:  row_header [; level] ; heading_1 [; heading_1 [status] ; heading_1 [flags]] ...
        row i:   label_i [; level_i] ; text(i, 1) [; status name ; flag names] ...

    A suppressed value is never written. German format: ``;`` and decimal comma; English:
    ``,`` and decimal point. Lines end with CRLF.

    Parameters
    ----------
    values, status, flags, decimals, number_format, symbols, symbol_overrides
        As :func:`render`; row labels are the index of a DataFrame (its name is the default
        ``row_header``), column headings its columns.
    units : str, sequence or mapping column -> str, optional
        Units shown in the headings (``Quote (%)``).
    title, notes, source : str
        Caption, footnotes and source (used by :func:`to_json`).
    row_level : sequence of int, optional
        Indentation level per row (hierarchy of areas).
    group_digits : bool, default False
        Thousands separators (``1.234``).
    status_columns : bool, default False
        After each value column, its status name and qualifier names.
    level_column : bool, default False
        A second column ``level``.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> from bildung import disclosure as dc
    >>> v = pd.DataFrame({"Quote": [12.34, 2.0]}, index=pd.Index(["Nord", "Süd"], name="Gebiet"))
    >>> dc.to_csv(v, [["published"], ["primary"]], decimals=1, units="%")
    'Gebiet;Quote (%)\\r\\nNord;12,3\\r\\nSüd;.\\r\\n'
    """
    t = _publish_args(values, status, flags, decimals, units, title, row_header, row_level,
                      notes, source)
    return _core.disclosure_to_csv(
        t.spec,
        t.values,
        t.status,
        t.flags,
        number_format=_format(number_format),
        symbols=option(symbols, "symbols"),
        replace=_overrides(symbol_overrides),
        group_digits=flag(group_digits, "group_digits"),
        status_columns=flag(status_columns, "status_columns"),
        level_column=flag(level_column, "level_column"),
    )


def to_json(
    values: Any,
    status: StatusLike = None,
    flags: Any = None,
    *,
    decimals: Any = 0,
    units: Any = None,
    title: str = "",
    row_header: Optional[str] = None,
    row_level: Optional[Sequence[int]] = None,
    notes: Sequence[str] = (),
    source: Optional[str] = None,
    number_format: str = "de",
    symbols: str = "classical",
    symbol_overrides: Optional[Mapping[str, str]] = None,
) -> str:
    """The table as JSON text: values, status names, qualifiers, rendered texts and the legend.

    Suppressed values are not written (their cells have no ``value`` key). Arguments as
    :func:`to_csv`.

    Returns
    -------
    str

    Examples
    --------
    >>> import json
    >>> from bildung import disclosure as dc
    >>> doc = json.loads(dc.to_json([[3.0], [12.0]], [["primary"], ["published"]]))
    >>> "rows" in doc or "cells" in doc or isinstance(doc, dict)
    True
    """
    t = _publish_args(values, status, flags, decimals, units, title, row_header, row_level,
                      notes, source)
    return _core.disclosure_to_json(
        t.spec,
        t.values,
        t.status,
        t.flags,
        number_format=_format(number_format),
        symbols=option(symbols, "symbols"),
        replace=_overrides(symbol_overrides),
    )


def legend(
    *,
    number_format: str = "de",
    symbols: str = "classical",
    symbol_overrides: Optional[Mapping[str, str]] = None,
) -> Any:
    """The legend (Zeichenerklärung) of a whole symbol set.

    Returns
    -------
    DataFrame or list of (str, str)
        Columns ``symbol`` and ``meaning`` (pairs without pandas); statuses that share a
        symbol are one line.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.legend()["meaning"].iloc[0]
    'nichts vorhanden (genau null)'
    """
    pairs = _core.disclosure_legend(
        number_format=_format(number_format),
        symbols=option(symbols, "symbols"),
        replace=_overrides(symbol_overrides),
    )
    pd = optional_pandas()
    if pd is None:
        return pairs
    return pd.DataFrame(pairs, columns=["symbol", "meaning"])


#: Background of suppressed cells in :func:`style`.
SUPPRESSED_CSS = "background-color: #e8e8e8; color: #555555"


def style(
    values: Any,
    status: StatusLike = None,
    flags: Any = None,
    *,
    decimals: Any = 0,
    number_format: str = "de",
    symbols: str = "classical",
    symbol_overrides: Optional[Mapping[str, str]] = None,
    caption: Optional[str] = None,
) -> Any:
    """A pandas Styler for notebooks: symbols in place of suppressed values, those cells shaded,
    the legend of the symbols used as caption.

    Parameters
    ----------
    values, status, flags, decimals, number_format, symbols, symbol_overrides
        As :func:`render`.
    caption : str, optional
        Text before the legend (e.g. the table title).

    Returns
    -------
    pandas.io.formats.style.Styler
        Over the rendered texts (the values are never in it); suppressed cells carry
        :data:`SUPPRESSED_CSS`. Needs jinja2 (``pip install jinja2``).

    Examples
    --------
    >>> import pandas as pd
    >>> from bildung import disclosure as dc
    >>> s = dc.style(pd.DataFrame({"n": [12.0, 2.0]}), [["published"], ["primary"]])
    >>> "geheim" in s.caption
    True
    """
    pd = optional_pandas()
    if pd is None:
        raise ImportError("style() needs pandas and jinja2 (pip install pandas jinja2)")
    t = _table(values, status, flags, decimals)
    d = _rendered(t, number_format, symbols, symbol_overrides)
    text = pd.DataFrame(d["text"])
    if t.index is not None:
        text.index = t.index
        text.columns = t.columns
    shown = np.asarray(d["shown_status"])
    hidden = np.asarray(_SUPPRESSED, dtype=bool)[shown]
    css = np.where(hidden, SUPPRESSED_CSS, "")
    german = _format(number_format) == "german"
    head = "Zeichenerklärung" if german else "Symbols"
    parts = [f"{sym} = {meaning}" for sym, meaning in d["legend"]]
    cap = f"{head}: " + "; ".join(parts) if parts else ""
    if caption is not None:
        cap = option(caption, "caption") + (f" — {cap}" if cap else "")
    styler = text.style.apply(
        lambda _frame: pd.DataFrame(css, index=text.index, columns=text.columns), axis=None
    )
    return styler.set_caption(cap)


# ------------------------------------------------------------------------------ suppression


def _rule_flat(values: Any, name: str) -> Tuple[np.ndarray, Any]:
    """Flat float64 values and a function that puts a boolean mask back into their shape."""
    flat, back = _flat(values, name)
    return flat, back


@_labels_in_errors
def min_count_rule(values: CountsLike, threshold: float = 3, *, protect_zeros: bool = False) -> Any:
    """Primary suppression by the minimum-count rule (Mindestfallzahl).

    ::

        primary = 0 < x < threshold     (or x == 0 with protect_zeros)

    Parameters
    ----------
    values : array-like, Series or DataFrame
        Counts (finite, ``>= 0``).
    threshold : float, default 3
        The minimum count ``n``.
    protect_zeros : bool, default False
        Also suppress zeros (a zero is otherwise published as ``-``).

    Returns
    -------
    numpy.ndarray, Series or DataFrame of bool
        ``True`` = primary suppressed, in the shape of ``values``.

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.min_count_rule([0, 1, 2, 3]).tolist()
    [False, True, True, False]
    """
    flat, back = _rule_flat(values, "values")
    return back(
        _core.disclosure_min_count_rule(
            flat, real(threshold, "threshold"), flag(protect_zeros, "protect_zeros")
        )
    )


@_labels_in_errors
def min_denominator_rule(denominators: CountsLike, threshold: float) -> Any:
    """Primary suppression of rates by the minimum-denominator rule.

    ::

        primary = denominator < threshold      (e.g. 100, the Destatis small-area rule, or 20)

    Parameters
    ----------
    denominators : array-like, Series or DataFrame
        The populations of the rates.
    threshold : float
        The minimum denominator.

    Returns
    -------
    numpy.ndarray, Series or DataFrame of bool

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.min_denominator_rule([0, 50, 100], 100).tolist()
    [True, True, False]
    """
    flat, back = _rule_flat(denominators, "denominators")
    return back(_core.disclosure_min_denominator_rule(flat, real(threshold, "threshold")))


def dominance_rule(
    contributions: Any,
    groups: Any = None,
    *,
    n: Optional[int] = None,
    k: Optional[float] = None,
    p: Optional[float] = None,
) -> Any:
    """Primary suppression of magnitude tables by a dominance rule (Dominanzregel).

    ::

        (n, k) rule:  x_1 + ... + x_n > k/100 * T           (x_1 >= x_2 >= ... contributions)
        p % rule:     T - x_1 - x_2 < p/100 * x_1           (the second largest can estimate
                                                             the largest to within p %)

    A cell without contributions or with total 0 is not sensitive.

    Parameters
    ----------
    contributions : sequence of array-likes, or array-like with ``groups``
        The contributor values of each cell (``>= 0``), or all contributions in one column.
    groups : array-like, optional
        The cell of each contribution (labels); the result is then indexed by label.
    n, k : int, float
        The ``(n, k)`` rule: the ``n`` largest contributors hold more than ``k`` percent.
    p : float
        The ``p %`` rule (give either ``n`` and ``k`` or ``p``).

    Returns
    -------
    numpy.ndarray or Series of bool
        One flag per cell (a Series by label with pandas and ``groups``).

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> dc.dominance_rule([[90, 5, 5], [40, 30, 30]], n=1, k=85).tolist()
    [True, False]
    >>> dc.dominance_rule([[90, 5, 5], [40, 30, 30]], p=10).tolist()
    [True, False]
    """
    if p is not None and (n is not None or k is not None):
        raise ParameterError("invalid rule: give either n and k or p, not both")
    if p is None and (n is None or k is None):
        raise ParameterError("invalid rule: give n and k (the (n, k) rule) or p (the p % rule)")
    labels: Any = None
    if groups is not None:
        vals = as_values(contributions, "contributions")
        codes, labels = as_group_codes(groups, "groups")
        if len(codes) != len(vals):
            raise ShapeError(
                f"groups has {len(codes)} entries for {len(vals)} contributions"
            )
        if (codes < 0).any():
            k0 = int(np.flatnonzero(codes < 0)[0])
            raise ParameterError(f"invalid groups: missing label at position {k0}", index=k0)
        order = np.argsort(codes, kind="stable")
        flat = vals[order]
        offsets = np.concatenate(
            [[0], np.cumsum(np.bincount(codes, minlength=len(labels)))]
        ).astype(np.int64)
    else:
        if isinstance(contributions, (str, bytes)) or not hasattr(contributions, "__iter__"):
            raise TypeError(
                "contributions must be a sequence of array-likes (one per cell), got "
                f"{_type_name(contributions)}"
            )
        cells = [as_values(c, f"contributions[{i}]") for i, c in enumerate(contributions)]
        flat = np.concatenate(cells) if cells else np.zeros(0)
        offsets = np.concatenate([[0], np.cumsum([len(c) for c in cells])]).astype(np.int64)
    if p is not None:
        out = _core.disclosure_dominance_rule(
            np.ascontiguousarray(flat, dtype=np.float64), offsets, "p", p=real(p, "p")
        )
    else:
        nn = as_integer(n, "n")
        if nn < 0:
            raise ParameterError(f"invalid n = {nn}: must be >= 1")
        out = _core.disclosure_dominance_rule(
            np.ascontiguousarray(flat, dtype=np.float64), offsets, "nk", n=nn, k=real(k, "k")
        )
    pd = optional_pandas()
    if labels is not None and pd is not None:
        return pd.Series(out, index=labels, name="primary")
    return out


@dataclass(frozen=True)
class _Layout:
    """A table as the core takes it, plus what is needed to give results their shape."""

    values: np.ndarray  # 2-D float64 as passed (1 x n for a general table)
    spec: Any
    shape: Tuple[int, ...]  # shape of the full table (with margins)
    index: Any  # row labels of the full table (pandas) or None
    columns: Any  # column labels of the full table (pandas) or None
    series_name: Any = None


def _cell_labels(index: Any, columns: Any, shape: Tuple[int, ...]) -> Optional[List[str]]:
    if index is None:
        return None
    if columns is None:
        return [str(x) for x in index]
    return [f"{r}, {c}" for r in index for c in columns]


def _parent_positions(parent: Any, index: Any, nrows: int) -> List[int]:
    """Parent row positions (-1 = root) of parent labels (pandas index labels) or positions."""
    pd = _loaded_pandas()
    items = list(parent.to_numpy() if pd is not None and isinstance(parent, pd.Series) else parent)
    if len(items) != nrows:
        raise ShapeError(f"parent has {len(items)} entries for {nrows} rows")
    out: List[int] = []
    for i, x in enumerate(items):
        if x is None or (isinstance(x, float) and x != x) or (pd is not None and x is pd.NA):
            out.append(-1)
        elif index is not None:
            try:
                loc = index.get_loc(x)
            except KeyError:
                raise ParameterError(
                    f"invalid parent = {x!r} at row {i}: not a row label of the table", index=i
                ) from None
            if not isinstance(loc, (int, np.integer)):
                raise ParameterError(
                    f"invalid parent = {x!r} at row {i}: the row labels must be unique", index=i
                )
            out.append(int(loc))
        else:
            if isinstance(x, bool) or not isinstance(x, numbers.Integral):
                raise TypeError(
                    f"parent must hold row positions (or None for a root), got {x!r} at row {i}"
                )
            out.append(int(x))
    return out


def _layout(
    values: Any,
    *,
    relations: Any,
    parent: Any,
    total_column: Any,
    margins: Any,
    total_label: str,
) -> _Layout:
    pd = _loaded_pandas()
    is_frame = pd is not None and isinstance(values, pd.DataFrame)
    is_2d = is_frame or (isinstance(values, np.ndarray) and values.ndim == 2) or (
        isinstance(values, (list, tuple)) and len(values) > 0
        and isinstance(values[0], (list, tuple, np.ndarray))
    )
    base: Dict[str, Any] = {"relations": [], "parent": [], "total_column": None, "labels": None}
    if relations is not None:
        if parent is not None or total_column is not None:
            raise ParameterError("invalid layout: give relations or parent, not both")
        if is_2d:
            v = np.ascontiguousarray(as_table(values, "values"))
            index, columns = (values.index, values.columns) if is_frame else (None, None)
            shape: Tuple[int, ...] = v.shape
            flat = v.reshape(1, -1)
        else:
            flat = as_values(values, "values").reshape(1, -1)
            index = values.index if pd is not None and isinstance(values, pd.Series) else None
            columns = None
            shape = (flat.shape[1],)
        spec = dict(base, layout="general", relations=_relations(relations))
        spec["labels"] = _cell_labels(index, columns, shape)
        return _Layout(np.ascontiguousarray(flat), spec, shape, index, columns,
                       getattr(values, "name", None))
    if not is_2d:
        raise ShapeError(
            "a one-dimensional table needs relations=[(total, [parts]), ...]; for a two-way "
            "table or a hierarchy pass a DataFrame or a 2-D array"
        )
    if parent is not None:
        frame = values
        index = values.index if is_frame else None
        if is_frame and isinstance(parent, str) and parent in values.columns:
            parent = values[parent]
            frame = values.drop(columns=[parent.name])
        v = np.ascontiguousarray(as_table(frame, "values"))
        columns = frame.columns if is_frame else None
        t_col: Optional[int] = None
        if total_column is not None:
            if columns is not None:
                if total_column not in list(columns):
                    raise ParameterError(
                        f"invalid total_column = {total_column!r}: not a value column"
                    )
                t_col = list(columns).index(total_column)
            else:
                t_col = as_integer(total_column, "total_column")
                if t_col < 0:
                    raise ParameterError(f"invalid total_column = {t_col}: must be >= 0")
        spec = dict(
            base,
            layout="hierarchical",
            parent=_parent_positions(parent, index, v.shape[0]),
            total_column=t_col,
        )
        spec["labels"] = _cell_labels(index, columns, v.shape)
        return _Layout(v, spec, v.shape, index, columns)
    if total_column is not None:
        raise ParameterError("invalid total_column: only for a hierarchy (with parent=)")
    v = np.ascontiguousarray(as_table(values, "values"))
    if flag(margins, "margins"):
        index, columns = (values.index, values.columns) if is_frame else (None, None)
        spec = dict(base, layout="two_way_margins")
        spec["labels"] = _cell_labels(index, columns, v.shape)
        return _Layout(v, spec, v.shape, index, columns)
    shape = (v.shape[0] + 1, v.shape[1] + 1)
    index = columns = None
    if is_frame:
        label = option(total_label, "total_label")
        index = values.index.append(pd.Index([label])).rename(values.index.name)
        columns = values.columns.append(pd.Index([label])).rename(values.columns.name)
    spec = dict(base, layout="two_way")
    spec["labels"] = _cell_labels(index, columns, shape)
    return _Layout(v, spec, shape, index, columns)


def _named_cells(layout: "_Layout", call: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the core; an error that names a cell by position also gets the cell's labels."""
    try:
        return call(*args, **kwargs)
    except InconsistentTableError as error:
        labels = layout.spec.get("labels")
        if error.index is not None and labels and 0 <= error.index < len(labels):
            error.label = labels[error.index]
            error.args = (f"{error.args[0]} (cell {labels[error.index]})", *error.args[1:])
        raise


def _shaped(t: _Layout, flat: np.ndarray) -> Any:
    """A flat per-cell array in the shape of the full table (pandas with its labels)."""
    pd = optional_pandas()
    a = np.asarray(flat).reshape(t.shape)
    if pd is None or t.index is None:
        return a
    if len(t.shape) == 1:
        return pd.Series(a, index=t.index, name=t.series_name)
    return pd.DataFrame(a, index=t.index, columns=t.columns)


def _statuses_shaped(t: _Layout, codes: np.ndarray) -> Any:
    pd = optional_pandas()
    if pd is None:
        return codes.reshape(t.shape)
    if len(t.shape) == 1:
        return status_categorical(codes, index=t.index if t.index is not None else None)
    c2 = codes.reshape(t.shape)
    cols = t.columns if t.columns is not None else pd.RangeIndex(t.shape[1])
    return _status_frame(c2, t.index, cols)


def _cell_mask(mask: Any, t: _Layout, name: str) -> Optional[np.ndarray]:
    """A boolean mask over the cells of the full table (or positions of cells)."""
    if mask is None:
        return None
    pd = _loaded_pandas()
    arr = np.asarray(mask.to_numpy() if pd is not None and isinstance(mask, (pd.DataFrame, pd.Series)) else mask)
    n = int(np.prod(t.shape))
    if arr.dtype == np.bool_:
        if arr.shape != t.shape:
            raise ShapeError(f"{name} has shape {arr.shape}, the table {t.shape} (margins included)")
        return np.ascontiguousarray(arr.reshape(-1))
    if arr.dtype.kind in "iu" and arr.ndim == 1:
        out = np.zeros(n, dtype=bool)
        if len(arr) and (arr.min() < 0 or arr.max() >= n):
            raise ParameterError(f"invalid {name}: cell positions must lie in 0 ... {n - 1}")
        out[arr] = True
        return out
    raise TypeError(
        f"{name} must be a boolean mask in the shape of the table or integer cell positions, "
        f"got dtype {arr.dtype}"
    )


def _audit_frame(t: _Layout, d: Any, values: np.ndarray, codes: np.ndarray) -> Any:
    cols = {
        "value": values,
        "status": codes,
        "lower": d["lower"],
        "upper": d["upper"],
        "required_lower": d["required_lower"],
        "required_upper": d["required_upper"],
        "required_sliding": d["required_sliding"],
        "unsafe": d["unsafe"],
    }
    pd = optional_pandas()
    if pd is None:
        return cols
    if t.index is not None and len(t.shape) == 2:
        index = pd.MultiIndex.from_product([t.index, t.columns])
    elif t.index is not None:
        index = t.index
    else:
        index = pd.RangeIndex(len(values), name="cell")
    frame = pd.DataFrame(cols, index=index)
    frame["status"] = pd.Categorical.from_codes(
        codes.astype(np.int8), categories=list(STATUS_NAMES)
    )
    return frame


@dataclass(frozen=True, repr=False, eq=False)
class AuditResult:
    """The audit of a suppression pattern (Sperrung): what an attacker can derive.

    ::

        for every unpublished cell c:  [lower_c, upper_c] = [min x_c, max x_c]
            subject to  the relations (totals = sums of parts), the published values, x >= 0
        a primary cell is unsafe unless  lower <= x - required_lower,
            upper >= x + required_upper,  upper - lower >= required_sliding

    Attributes
    ----------
    intervals : DataFrame
        One row per cell (a MultiIndex (row, column) for a 2-D table): ``value``, ``status``,
        ``lower``, ``upper`` (NaN for published cells; ``inf`` when unbounded),
        ``required_lower``, ``required_upper``, ``required_sliding`` and ``unsafe``.
    n_lp : int
        Number of linear programs solved.
    """

    intervals: Any
    n_lp: int

    @property
    def is_safe(self) -> bool:
        """Whether no primary cell is unsafe."""
        return not bool(np.asarray(self.intervals["unsafe"]).any())

    @property
    def unsafe_cells(self) -> Any:
        """The rows of :attr:`intervals` of the unsafe cells."""
        mask = np.asarray(self.intervals["unsafe"])
        if isinstance(self.intervals, dict):
            return {k: np.asarray(v)[mask] for k, v in self.intervals.items()}
        return self.intervals[mask]

    def __repr__(self) -> str:
        n = int(np.asarray(self.intervals["unsafe"]).sum())
        return f"AuditResult(is_safe={self.is_safe}, unsafe_cells={n}, n_lp={self.n_lp})"


@dataclass(frozen=True, repr=False, eq=False)
class ProtectedTable:
    """A table after cell suppression (Geheimhaltung): values, statuses and the final audit.

    Attributes
    ----------
    values : DataFrame, Series or numpy.ndarray
        The cells, margins included (a two-way table given without margins gets them).
    status : DataFrame, Series or numpy.ndarray
        The status of every cell as a pandas Categorical of :data:`STATUS_NAMES`
        (``primary``, ``secondary``, ``zero``, ``published``, ...).
    codes : numpy.ndarray
        The status codes (uint8) in the shape of the table.
    n_primary, n_secondary : int
        Cells suppressed by the rules and to protect them.
    audit : AuditResult
        The final audit (always safe: :func:`protect` raises
        :class:`~bildung.ProtectionError` instead of returning an unsafe table).
    """

    values: Any
    status: Any
    codes: np.ndarray
    n_primary: int
    n_secondary: int
    audit: AuditResult

    def _frame(self) -> Any:
        pd = _loaded_pandas()
        if pd is not None and isinstance(self.values, pd.Series):
            return self.values.to_frame()
        v = self.values
        return v.reshape(-1, 1) if isinstance(v, np.ndarray) and v.ndim == 1 else v

    def _codes2(self) -> np.ndarray:
        return self.codes.reshape(-1, 1) if self.codes.ndim == 1 else self.codes

    def render(self, **options: Any) -> Any:
        """:func:`render` of the protected table (options as there)."""
        return render(self._frame(), self._codes2(), **options)

    def to_csv(self, **options: Any) -> str:
        """:func:`to_csv` of the protected table (options as there)."""
        return to_csv(self._frame(), self._codes2(), **options)

    def to_json(self, **options: Any) -> str:
        """:func:`to_json` of the protected table (options as there)."""
        return to_json(self._frame(), self._codes2(), **options)

    def style(self, **options: Any) -> Any:
        """:func:`style` of the protected table (options as there)."""
        return style(self._frame(), self._codes2(), **options)

    def __repr__(self) -> str:
        return (
            f"ProtectedTable(shape={self.codes.shape}, n_primary={self.n_primary}, "
            f"n_secondary={self.n_secondary}, safe={self.audit.is_safe})"
        )


_COSTS = ("value", "unit")


@_labels_in_errors
def protect(
    values: Any,
    *,
    relations: Any = None,
    parent: Any = None,
    total_column: Any = None,
    margins: bool = True,
    total_label: str = "Insgesamt",
    status: StatusLike = None,
    primary: Any = None,
    min_count: float = 3,
    protect_zeros: bool = False,
    cost: str = "value",
    must_publish: Any = None,
    max_rounds: int = 200,
) -> ProtectedTable:
    """Protect a count table: primary suppression, secondary suppression (Sperrung), audit.

    ::

        primary:    0 < x < min_count (or x == 0 with protect_zeros), plus the cells of primary=
                    and the suppressed cells of status=
        secondary:  partners so that no relation has exactly one unpublished cell and every
                    primary cell's attacker interval [lo, hi] (by linear programming) satisfies
                    lo <= x,  hi >= x + max(min_count - x, 0),  hi - lo >= 1
        result:     never unsafe (ProtectionError instead)

    Three table forms:

    * two-way table: a DataFrame / 2-D array whose last row and last column are the totals
      (``margins=True``), or its interior only (``margins=False``: the margins are added,
      labelled ``total_label``);
    * hierarchy of areas (Ortsteile in Bezirken in the city): a DataFrame / 2-D array of areas x
      columns with ``parent`` = the parent row of each row (index labels, or a column name of
      the DataFrame; ``None`` for the root) and optionally ``total_column`` = the column that is
      the sum of the others;
    * general: values (1-D, or 2-D numbered row-major) with
      ``relations=[(total, [parts]), ...]``.

    Parameters
    ----------
    values : DataFrame, array-like
        Whole non-negative counts.
    relations, parent, total_column, margins, total_label
        The table form (see above).
    status : statuses, optional
        Given statuses in the shape of the (full) table: cells already ``primary`` stay
        primary; ``unknown`` / ``later`` / ``not_meaningful`` / ``unreliable`` stay unpublished.
    primary : boolean mask or cell positions, optional
        More primary cells (e.g. from :func:`dominance_rule` or :func:`min_denominator_rule`).
    min_count : float, default 3
        The minimum count ``n`` (``>= 1``).
    protect_zeros : bool, default False
    cost : {"value", "unit"}, default "value"
        Minimise the suppressed value or the number of suppressed cells.
    must_publish : boolean mask or cell positions, optional
        Cells that must stay published (e.g. the grand total).
    max_rounds : int, default 200
        Audit-and-repair rounds.

    Returns
    -------
    ProtectedTable

    Raises
    ------
    InconsistentTableError
        Totals that do not equal the sum of their parts (naming the cell).
    ProtectionError
        No safe pattern found (e.g. must-publish cells make a primary cell recomputable).
    ParameterError, ShapeError, TypeError
        Bad options, shapes or dtypes.

    Examples
    --------
    >>> import pandas as pd
    >>> from bildung import disclosure as dc
    >>> t = pd.DataFrame([[1, 5, 8], [6, 4, 9], [7, 10, 12]],
    ...                  index=["Nord", "Mitte", "Süd"], columns=["HS", "RS", "GY"])
    >>> p = dc.protect(t, margins=False)
    >>> p.n_primary, p.n_secondary, p.audit.is_safe
    (1, 3, True)
    >>> p.render().loc["Nord"].tolist()
    ['.', '.', '8', '14']
    """
    layout = _layout(
        values,
        relations=relations,
        parent=parent,
        total_column=total_column,
        margins=margins,
        total_label=total_label,
    )
    n_cells = int(np.prod(layout.shape))
    given: Optional[np.ndarray] = None
    if status is not None:
        given = np.ascontiguousarray(status_codes(status).reshape(-1))
        if given.shape[0] != n_cells:
            raise ShapeError(f"status has {given.shape[0]} cells, the table {n_cells}")
    extra = _cell_mask(primary, layout, "primary")
    if extra is not None:
        if given is None:
            given = np.zeros(n_cells, dtype=np.uint8)
        given = np.where(extra & ~np.asarray(_SUPPRESSED, dtype=bool)[given],
                         np.uint8(3), given).astype(np.uint8)
    must = _cell_mask(must_publish, layout, "must_publish")
    d = _named_cells(
        layout,
        _core.disclosure_protect,
        layout.values,
        layout.spec,
        status=given,
        min_count=real(min_count, "min_count"),
        protect_zeros=flag(protect_zeros, "protect_zeros"),
        cost=option(cost, "cost"),
        must_publish=must,
        max_rounds=max(as_integer(max_rounds, "max_rounds"), 0),
    )
    codes = np.asarray(d["status"])
    full = np.asarray(d["values"])
    return ProtectedTable(
        values=_shaped(layout, full),
        status=_statuses_shaped(layout, codes),
        codes=codes.reshape(layout.shape),
        n_primary=d["n_primary"],
        n_secondary=d["n_secondary"],
        audit=AuditResult(_audit_frame(layout, d["audit"], full, codes), d["audit"]["n_lp"]),
    )


@_labels_in_errors
def audit(
    values: Any,
    status: StatusLike,
    *,
    relations: Any = None,
    parent: Any = None,
    total_column: Any = None,
    margins: bool = True,
    total_label: str = "Insgesamt",
    min_count: float = 3,
    protection: Any = None,
) -> AuditResult:
    """Audit a suppression pattern: the interval an attacker can derive for every unpublished cell.

    ::

        [lower_c, upper_c] = [min x_c, max x_c]  s.t.  relations, published values, x >= 0
        requirement of a primary cell (default, frequency tables with minimum count n):
            required_lower = 0,  required_upper = max(n - x, 0),  required_sliding = 1

    Parameters
    ----------
    values : DataFrame, array-like
        The table (forms as :func:`protect`).
    status : statuses
        One status per cell of the full table (names, Categoricals or codes); the requirement
        is checked for ``primary`` cells, the other unpublished cells get an interval only.
    relations, parent, total_column, margins, total_label
        The table form, as :func:`protect`.
    min_count : float, default 3
        The minimum count of the default requirement.
    protection : (lower, upper, sliding), optional
        Own requirements: three array-likes with one value per cell (e.g. ``p %`` of the value
        for dominance cells).

    Returns
    -------
    AuditResult

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> full = [[1, 5, 6], [6, 9, 15], [7, 14, 21]]
    >>> st = [["primary", "secondary", "published"], ["published"] * 3, ["published"] * 3]
    >>> a = dc.audit(full, st)      # only the row partner: recomputable from the column
    >>> a.is_safe, a.intervals[["lower", "upper"]].iloc[0].tolist()
    (False, [1.0, 1.0])
    """
    layout = _layout(
        values,
        relations=relations,
        parent=parent,
        total_column=total_column,
        margins=margins,
        total_label=total_label,
    )
    codes = np.ascontiguousarray(status_codes(status).reshape(-1))
    n_cells = int(np.prod(layout.shape))
    if codes.shape[0] != n_cells:
        raise ShapeError(f"status has {codes.shape[0]} cells, the table {n_cells}")
    kw: Dict[str, Any] = {}
    if protection is not None:
        try:
            lo, up, sl = protection
        except (TypeError, ValueError):
            raise TypeError("protection must be a triple (lower, upper, sliding)") from None
        kw = {
            "lower": np.ascontiguousarray(_flat(lo, "lower")[0]),
            "upper": np.ascontiguousarray(_flat(up, "upper")[0]),
            "sliding": np.ascontiguousarray(_flat(sl, "sliding")[0]),
        }
    d = _named_cells(
        layout,
        _core.disclosure_audit,
        layout.values,
        layout.spec,
        codes,
        min_count=real(min_count, "min_count"),
        **kw,
    )
    full = np.asarray(d["values"])
    return AuditResult(_audit_frame(layout, d, full, codes), d["n_lp"])


def table_relations(
    values: Any,
    *,
    relations: Any = None,
    parent: Any = None,
    total_column: Any = None,
    margins: bool = True,
    total_label: str = "Insgesamt",
) -> Tuple[Any, List[Tuple[int, List[int]]]]:
    """The cells (margins included) and additivity relations of a table form.

    Cells are numbered row-major over the full table (``i * ncols + j``); each relation
    ``(total, parts)`` says ``cell[total] == sum(cell[parts])``. Use it to see what
    :func:`protect` and :func:`audit` work on, or to pass a two-way table or a hierarchy to
    :func:`round_table`.

    Parameters
    ----------
    values, relations, parent, total_column, margins, total_label
        As :func:`protect`.

    Returns
    -------
    (values, relations)
        The full table in the shape of the input (margins added for ``margins=False``) and the
        relations.

    Raises
    ------
    InconsistentTableError
        Totals that do not add up (naming the cell).

    Examples
    --------
    >>> from bildung import disclosure as dc
    >>> full, rel = dc.table_relations([[1, 2], [3, 4]], margins=False)
    >>> full.tolist()
    [[1.0, 2.0, 3.0], [3.0, 4.0, 7.0], [4.0, 6.0, 10.0]]
    >>> sorted(rel)[:2]
    [(2, [0, 1]), (5, [3, 4])]
    """
    layout = _layout(
        values,
        relations=relations,
        parent=parent,
        total_column=total_column,
        margins=margins,
        total_label=total_label,
    )
    d = _named_cells(layout, _core.disclosure_table, layout.values, layout.spec)
    rel = [(int(t), [int(x) for x in parts]) for t, parts in d["relations"]]
    return _shaped(layout, np.asarray(d["values"])), rel
