"""Input conversion for the compiled core: array-likes in, float64 / int64 numpy arrays out.

The compiled functions in :mod:`bildung._core` take float64 (values, weights) and int64 (group
codes) numpy arrays. This module turns what statisticians pass in a notebook into those, without
any arithmetic and without copying float64 data:

* numpy arrays: float64 is passed through as is (any strides, a view is never made contiguous);
  other float, integer and boolean dtypes are converted to float64; masked arrays get NaN for
  masked elements;
* lists, tuples, ranges: numbers, with ``None`` / ``pd.NA`` / ``float("nan")`` as missing;
* pandas ``Series`` / ``Index`` / extension arrays: numpy numeric dtypes as above; nullable
  ``Int64`` / ``Float64`` / ``boolean`` (and other numeric extension dtypes) via
  ``to_numpy(dtype="float64", na_value=np.nan)``, so ``pd.NA`` becomes NaN;
* strings, objects, complex numbers, datetimes, categoricals and non-array-likes raise
  :class:`TypeError` naming the argument; more than one dimension raises
  :class:`~bildung.exceptions.ShapeError`.

Group labels may be any hashable values (Land names, Kreis keys, categoricals); they are
factorised to int64 codes (missing label = -1) and the labels are kept for the result.

pandas is optional: it is imported only when a pandas object is passed or a pandas result is
asked for.
"""

from __future__ import annotations

import importlib
import numbers
import sys
from typing import Any, Dict, Hashable, List, Optional, Sequence, Tuple

import numpy as np

from .exceptions import ShapeError

_DTYPE_WORDS = {
    "O": "Python objects",
    "U": "strings",
    "S": "byte strings",
    "c": "complex numbers",
    "M": "datetimes",
    "m": "timedeltas",
    "V": "structured records",
}

Labels = Any  # pandas.Index (with pandas) or list of labels


def optional_pandas() -> Any:
    """The pandas module, or ``None`` when pandas is not installed."""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        return None


def _loaded_pandas() -> Any:
    """pandas if it is already imported (an object can only be a pandas object then)."""
    return sys.modules.get("pandas")


def _type_name(obj: object) -> str:
    t = type(obj)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _not_array_like(obj: object, name: str) -> TypeError:
    return TypeError(
        f"{name} must be a one-dimensional array-like of numbers (numpy array, list, tuple or "
        f"pandas Series), got {_type_name(obj)}"
    )


def _bad_dtype(dtype: object, name: str, hint: str = "") -> TypeError:
    kind = getattr(dtype, "kind", "")
    words = _DTYPE_WORDS.get(kind, "values that are not real numbers")
    return TypeError(f"{name} must hold real numbers, got {words} (dtype {dtype}){hint}")


def _is_missing_scalar(v: object) -> bool:
    if v is None:
        return True
    pd = _loaded_pandas()
    return pd is not None and v is pd.NA


def _check_ndim(arr: np.ndarray, name: str) -> None:
    if arr.ndim != 1:
        raise ShapeError(
            f"{name} must be one-dimensional, got an array of shape {arr.shape}"
        )


def _numpy_to_float64(arr: np.ndarray, name: str, hint: str = "") -> np.ndarray:
    """float64 unchanged (no copy, any strides); other real dtypes converted."""
    kind = arr.dtype.kind
    if kind == "f":
        return arr if arr.dtype == np.float64 else arr.astype(np.float64)
    if kind in "biu":
        return arr.astype(np.float64)
    raise _bad_dtype(arr.dtype, name, hint)


def _sequence_to_float64(seq: Sequence[Any], name: str) -> np.ndarray:
    try:
        arr = np.asarray(seq)
    except ValueError as e:  # ragged nesting
        raise ShapeError(f"{name} must be a flat sequence of numbers ({e})") from None
    _check_ndim(arr, name)
    if arr.dtype.kind != "O":
        return _numpy_to_float64(arr, name)
    # numbers mixed with None / pd.NA: check every element, then convert
    out = np.empty(len(arr), dtype=np.float64)
    for i, v in enumerate(seq):
        if _is_missing_scalar(v):
            out[i] = np.nan
        elif isinstance(v, numbers.Real):
            out[i] = v
        else:
            raise TypeError(
                f"{name} must hold real numbers, got {_type_name(v)} {v!r} at {name}[{i}]"
            )
    return out


def _pandas_to_float64(obj: Any, name: str, pd: Any) -> np.ndarray:
    dtype = obj.dtype
    hint = ""
    if isinstance(dtype, np.dtype):
        if dtype.kind == "O":
            hint = "; convert it first, e.g. with pd.to_numeric(...)"
        return _numpy_to_float64(np.asarray(obj.to_numpy()), name, hint)
    if isinstance(dtype, pd.CategoricalDtype):
        raise TypeError(
            f"{name} must hold real numbers, got a categorical (dtype {dtype}); its categories "
            "are labels, not values (use .astype(float) if they are numbers)"
        )
    api = pd.api.types
    if api.is_bool_dtype(dtype) or (
        api.is_numeric_dtype(dtype) and not api.is_complex_dtype(dtype)
    ):
        return np.asarray(obj.to_numpy(dtype="float64", na_value=np.nan))
    raise _bad_dtype(dtype, name)


def as_values(obj: Any, name: str) -> np.ndarray:
    """A one-dimensional float64 numpy array for the compiled core.

    float64 numpy input is returned unchanged (same object: no copy, strides kept).

    Raises
    ------
    TypeError
        Not an array-like, or not real numbers (strings, objects, complex, datetimes).
    ShapeError
        Not one-dimensional.
    """
    pd = _loaded_pandas()
    if pd is not None:
        if isinstance(obj, pd.DataFrame):
            raise ShapeError(
                f"{name} must be one-dimensional, got a DataFrame of shape {obj.shape}; "
                f"pass one column, e.g. df[\"column\"]"
            )
        if isinstance(obj, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
            return _pandas_to_float64(obj, name, pd)
    if isinstance(obj, np.ma.MaskedArray):
        _check_ndim(obj, name)
        data = _numpy_to_float64(np.ma.getdata(obj), name)
        if np.ma.getmask(obj) is np.ma.nomask:
            return data
        return np.where(np.ma.getmaskarray(obj), np.nan, data)
    if isinstance(obj, np.ndarray):
        arr = obj
    elif isinstance(obj, (list, tuple, range)):
        return _sequence_to_float64(obj, name)
    elif isinstance(obj, (str, bytes)) or not (
        hasattr(obj, "__array__") or hasattr(obj, "__array_interface__")
    ):
        raise _not_array_like(obj, name)
    else:
        arr = np.asarray(obj)
    _check_ndim(arr, name)
    return _numpy_to_float64(arr, name)


def as_optional_values(obj: Any, name: str) -> Optional[np.ndarray]:
    """:func:`as_values`, with ``None`` passed through."""
    return None if obj is None else as_values(obj, name)


def check_aligned(**named: Any) -> None:
    """Raise :class:`ShapeError` if two pandas Series arguments have different indexes.

    bildung works by position; two Series with different indexes would be paired wrongly,
    so the caller must align them first.
    """
    pd = _loaded_pandas()
    if pd is None:
        return
    series = [(n, s) for n, s in named.items() if isinstance(s, pd.Series)]
    for (n0, s0), (n1, s1) in zip(series, series[1:]):
        if not s0.index.equals(s1.index):
            raise ShapeError(
                f"{n0} and {n1} are pandas Series with different indexes; bildung pairs "
                f"values by position, so align them first, e.g. {n1} = {n1}.reindex({n0}.index)"
            )


def _is_missing_label(v: object) -> bool:
    return _is_missing_scalar(v) or (isinstance(v, float) and v != v)


def _factorize_plain(groups: Any, name: str) -> Tuple[np.ndarray, List[Hashable]]:
    """Factorise without pandas: sorted labels where they can be sorted, else first appearance."""
    if isinstance(groups, (list, tuple, range)):
        values = list(groups)  # not via numpy: tuples stay single labels
    else:
        arr = np.asarray(groups)
        _check_ndim(arr, name)
        if arr.dtype.kind in "biuUS":  # no missing value possible
            uniques, inverse = np.unique(arr, return_inverse=True)
            return inverse.astype(np.int64).reshape(-1), uniques.tolist()
        values = arr.tolist()
    seen: Dict[Hashable, int] = {}
    try:
        for v in values:
            if not _is_missing_label(v):
                seen.setdefault(v, len(seen))
    except TypeError as e:
        raise TypeError(f"{name} must hold hashable group labels ({e})") from None
    labels: List[Hashable] = list(seen)
    try:
        labels = sorted(labels)  # type: ignore[type-var]
    except TypeError:
        pass  # labels of mixed types keep the order of first appearance
    position = {label: k for k, label in enumerate(labels)}
    codes = np.array(
        [-1 if _is_missing_label(v) else position[v] for v in values], dtype=np.int64
    )
    return codes, labels


def as_group_codes(groups: Any, name: str = "groups") -> Tuple[np.ndarray, Labels]:
    """int64 codes (``-1`` = missing label) and the labels, sorted, one per code.

    Missing labels are ``None``, ``NaN`` and ``pd.NA``. Categorical groups keep the order of
    their categories. With pandas the labels are a ``pandas.Index`` named like the groups
    Series (unnamed for other input), without pandas a list.
    """
    pd = optional_pandas()
    is_pandas = pd is not None and isinstance(
        groups, (pd.Series, pd.Index, pd.DataFrame, pd.api.extensions.ExtensionArray)
    )
    if not (
        is_pandas
        or isinstance(groups, (list, tuple, range, np.ndarray))
        or (hasattr(groups, "__array__") and not isinstance(groups, (str, bytes)))
    ):
        raise TypeError(
            f"{name} must be a one-dimensional array-like of group labels (numpy array, list "
            f"or pandas Series), got {_type_name(groups)}"
        )
    if pd is None:
        return _factorize_plain(groups, name)
    if isinstance(groups, pd.DataFrame):
        raise ShapeError(
            f"{name} must be one-dimensional, got a DataFrame of shape {groups.shape}; "
            'pass one column, e.g. df["Land"]'
        )
    if is_pandas:
        obj: Any = groups
    elif isinstance(groups, (list, tuple, range)):
        # a Series infers int/float/str labels and keeps tuples as single labels
        obj = pd.Series(list(groups), dtype=None if len(groups) else object)
    else:
        obj = np.asarray(groups)
        _check_ndim(obj, name)
    try:
        codes, uniques = pd.factorize(obj, sort=True, use_na_sentinel=True)
    except TypeError as e:
        raise TypeError(f"{name} must hold hashable group labels ({e})") from None
    labels = uniques if isinstance(uniques, pd.Index) else pd.Index(uniques)
    # the result table is indexed by the labels, named like the groups Series (e.g. "Land")
    labels = labels.rename(getattr(groups, "name", None) if is_pandas else None)
    return np.asarray(codes, dtype=np.int64), labels


def real(value: Any, name: str) -> float:
    """A real-number option as float; bool, strings and other types raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_type_name(value)} {value!r}")
    return float(value)


def option(value: Any, name: str) -> str:
    """A string option; other types raise TypeError (the core checks the allowed names)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_type_name(value)} {value!r}")
    return value


def _not_a_table(obj: object, name: str) -> TypeError:
    return TypeError(
        f"{name} must be a two-dimensional table of counts, areas (rows) x groups (columns): a "
        f"numpy array, a list of rows or a pandas DataFrame, got {_type_name(obj)}"
    )


def _check_table_ndim(arr: Any, name: str) -> None:
    if getattr(arr, "ndim", 2) != 2:
        raise ShapeError(
            f"{name} must be a two-dimensional table, areas (rows) x groups (columns), got an "
            f"array of shape {arr.shape}"
            + ("; for two groups pass x and t to the two-group functions" if arr.ndim == 1 else "")
        )


def as_table(obj: Any, name: str = "counts") -> np.ndarray:
    """A two-dimensional float64 numpy array (areas x groups) for the compiled core.

    float64 numpy input is returned unchanged (same object: no copy, strides kept); other real
    dtypes are converted. A pandas DataFrame is converted column by column (nullable dtypes with
    ``pd.NA`` become NaN); its index and columns are for the caller to keep.

    Raises
    ------
    TypeError
        Not a table, or not real numbers.
    ShapeError
        Not two-dimensional (a Series or a one-dimensional array).
    """
    pd = _loaded_pandas()
    if pd is not None:
        if isinstance(obj, pd.DataFrame):
            if obj.shape[1] == 0 or obj.shape[0] == 0:
                return np.zeros(obj.shape, dtype=np.float64)
            dtypes = list(obj.dtypes)
            if all(isinstance(d, np.dtype) and d == np.float64 for d in dtypes):
                return np.asarray(obj.to_numpy(dtype=np.float64))
            cols = [
                _pandas_to_float64(obj.iloc[:, k], f"{name} column {obj.columns[k]!r}", pd)
                for k in range(obj.shape[1])
            ]
            return np.column_stack(cols)
        if isinstance(obj, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
            raise ShapeError(
                f"{name} must be a two-dimensional table, areas (rows) x groups (columns), got a "
                f"one-dimensional {_type_name(obj)} of length {len(obj)}; pass a DataFrame"
            )
    if isinstance(obj, np.ma.MaskedArray):
        _check_table_ndim(obj, name)
        data = _numpy_to_float64(np.ma.getdata(obj), name)
        if np.ma.getmask(obj) is np.ma.nomask:
            return data
        return np.where(np.ma.getmaskarray(obj), np.nan, data)
    if isinstance(obj, np.ndarray):
        arr = obj
    elif isinstance(obj, (list, tuple)):
        if len(obj) == 0:  # a table without rows
            return np.zeros((0, 0), dtype=np.float64)
        try:
            arr = np.asarray(obj)
        except ValueError as e:  # ragged rows
            raise ShapeError(f"{name} must be a rectangular table of numbers ({e})") from None
        if arr.dtype.kind == "O":
            _check_table_ndim(arr, name)
            out = np.empty(arr.shape, dtype=np.float64)
            for (i, j), v in np.ndenumerate(arr):
                if _is_missing_scalar(v):
                    out[i, j] = np.nan
                elif isinstance(v, numbers.Real):
                    out[i, j] = v
                else:
                    raise TypeError(
                        f"{name} must hold real numbers, got {_type_name(v)} {v!r} at "
                        f"{name}[{i}, {j}]"
                    )
            return out
    elif isinstance(obj, (str, bytes)) or not (
        hasattr(obj, "__array__") or hasattr(obj, "__array_interface__")
    ):
        raise _not_a_table(obj, name)
    else:
        arr = np.asarray(obj)
    _check_table_ndim(arr, name)
    return _numpy_to_float64(arr, name)


def as_integer(value: Any, name: str) -> int:
    """An integer option as int; bool, floats and other types raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_type_name(value)} {value!r}")
    return int(value)


def flag(value: Any, name: str) -> bool:
    """A boolean option; other types raise TypeError."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_type_name(value)} {value!r}")
    return bool(value)
