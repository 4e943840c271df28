"""pandas in and out for :mod:`bildung.indicators`: long tables to column arrays, results to a
DataFrame.

No Python object per row crosses into Rust: integer key columns go as int64 arrays, text key
columns (object, ``string``, ``category``) as categorical codes plus their categories, counts as
float64 (``pd.NA`` / NaN = missing), the optional ``symbol`` column as codes plus texts. The
results come back as code arrays plus string dictionaries and become pandas Categoricals here.
Nothing is computed here; every check of the rows (negative counts, duplicated keys, unknown
area ids, ...) is the core's.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import _core
from ._convert import _type_name, as_values
from .exceptions import BildungError, MalformedInputError

#: Columns of the result frame besides the breakdown columns, in order.
RESULT_COLUMNS = (
    "indicator",
    "version",
    "unit_id",
    "period",
    "category",
    "value",
    "numerator",
    "denominator",
    "se",
    "status",
    "symbol",
    "flags",
    "unit_of_value",
    "numerator_ref",
    "denominator_ref",
    "population_source",
    "census_basis",
)

_ColumnArg = Tuple[str, np.ndarray, Optional[List[str]]]
_TableArg = Tuple[str, List[_ColumnArg], np.ndarray, Optional[Tuple[np.ndarray, List[str]]]]

_ROW = re.compile(r"^table `([^`]+)`, row (\d+)")


def _where(kind: str, column: str) -> str:
    return f"column `{column}` of table `{kind}`"


def _missing_key(kind: str, row: int, column: str) -> MalformedInputError:
    return MalformedInputError(
        f"table `{kind}`, row {row}, column `{column}`: missing key", index=row
    )


def _texts(values: Any, kind: str, column: str) -> List[str]:
    """Category labels as texts: strings as they are, integers (and integral floats) printed."""
    out: List[str] = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)):
            out.append(str(int(v)))
        elif (
            isinstance(v, numbers.Real)
            and not isinstance(v, (bool, np.bool_))
            and float(v).is_integer()
        ):
            out.append(str(int(float(v))))
        else:
            raise TypeError(
                f"{_where(kind, column)} must hold texts or integers, got "
                f"{_type_name(v)} {v!r}"
            )
    return out


def _coded(series: Any, kind: str, column: str, pd: Any) -> _ColumnArg:
    """Codes (int64, -1 = missing) and category texts of a text or categorical column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes, dtype=np.int64)
        return column, codes, _texts(series.cat.categories, kind, column)
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError as e:
        raise TypeError(f"{_where(kind, column)} must hold texts or integers ({e})") from None
    return column, np.asarray(codes, dtype=np.int64), _texts(uniques, kind, column)


def _integral(values: np.ndarray, kind: str, column: str) -> np.ndarray:
    """A float key column whose values are whole numbers (years read as float) as int64."""
    missing = np.isnan(values)
    if missing.any():
        raise _missing_key(kind, int(np.argmax(missing)), column)
    bad = ~np.isfinite(values) | (values != np.trunc(values)) | (np.abs(values) > 2.0**62)
    if bad.any():
        row = int(np.argmax(bad))
        raise TypeError(
            f"{_where(kind, column)} must hold integers or texts, got the float "
            f"{values[row]!r} at row {row}; key columns cannot be fractional"
        )
    return values.astype(np.int64)


def key_column(series: Any, kind: str, column: str, pd: Any) -> _ColumnArg:
    """One key column: integers as int64, texts and categoricals as codes plus categories."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _coded(series, kind, column, pd)
    api = pd.api.types
    if api.is_bool_dtype(dtype):
        raise TypeError(
            f"{_where(kind, column)} is boolean; key columns hold texts or integers (code yes/no "
            f"columns as the texts \"yes\" / \"no\", e.g. .map({{True: 'yes', False: 'no'}}))"
        )
    if api.is_integer_dtype(dtype):
        if isinstance(dtype, np.dtype):
            values = series.to_numpy()
            if dtype.kind == "u" and values.size and values.max() > np.iinfo(np.int64).max:
                row = int(np.argmax(values > np.iinfo(np.int64).max))
                raise TypeError(
                    f"{_where(kind, column)}: the value at row {row} does not fit in int64"
                )
            return column, values.astype(np.int64, copy=False), None
        missing = np.asarray(series.isna())
        if missing.any():  # nullable Int64 with pd.NA
            raise _missing_key(kind, int(np.argmax(missing)), column)
        return column, series.to_numpy(dtype=np.int64), None
    if api.is_float_dtype(dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return column, _integral(values, kind, column), None
    if api.is_string_dtype(dtype) or api.is_object_dtype(dtype):
        return _coded(series, kind, column, pd)
    raise TypeError(
        f"{_where(kind, column)} must hold texts or integers, got dtype {dtype}"
    )


def _symbols(series: Any, kind: str, pd: Any) -> Tuple[np.ndarray, List[str]]:
    """The `symbol` column as codes (-1 = no symbol) and the symbol texts."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.cat.codes, dtype=np.int64)
        cats = series.cat.categories
    else:
        try:
            codes, cats = pd.factorize(series, use_na_sentinel=True)
        except TypeError as e:
            raise TypeError(f"{_where(kind, 'symbol')} must hold texts ({e})") from None
        codes = np.asarray(codes, dtype=np.int64)
    return codes, [str(s) for s in cats]


def table_args(tables: Mapping[str, Any], pd: Any) -> List[_TableArg]:
    """The tables as the compiled core takes them."""
    if not isinstance(tables, Mapping):
        raise TypeError(
            "tables must be a mapping of table kind names to pandas DataFrames, e.g. "
            f"{{'school_leavers': leavers, 'population': population}}, got {_type_name(tables)}"
        )
    out: List[_TableArg] = []
    for kind, frame in tables.items():
        if not isinstance(kind, str):
            raise TypeError(f"table kind names must be strings, got {_type_name(kind)} {kind!r}")
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(
                f"tables[{kind!r}] must be a pandas DataFrame in long form (key columns and a "
                f"`count` column), got {_type_name(frame)}"
            )
        names = list(frame.columns)
        for name in names:
            if not isinstance(name, str):
                raise TypeError(
                    f"table `{kind}`: column names must be strings, got {_type_name(name)} "
                    f"{name!r}"
                )
        if len(set(names)) != len(names):
            twice = next(n for n in names if names.count(n) > 1)
            raise MalformedInputError(f"table `{kind}`, column `{twice}`: column name used twice")
        if "count" not in names:
            raise MalformedInputError(
                f"table `{kind}`, column `count`: required column missing (the counts of the "
                "long table; missing cells as NaN / pd.NA, their symbols in a `symbol` column)"
            )
        counts = as_values(frame["count"], _where(kind, "count"))
        symbols = _symbols(frame["symbol"], kind, pd) if "symbol" in names else None
        columns = [
            key_column(frame[name], kind, name, pd)
            for name in names
            if name not in ("count", "symbol")
        ]
        out.append((kind, columns, counts, symbols))
    return out


def _is_default_index(index: Any, pd: Any) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1


def add_row_label(error: BildungError, tables: Mapping[str, Any], units: Any, pd: Any) -> None:
    """Name the DataFrame index label of the row an error is about (when it is not 0, 1, ...)."""
    match = _ROW.match(str(error))
    if match is None:
        return
    row = int(match[2])
    source: Any = units if match[1] == "geography" else tables.get(match[1])
    index = source.index if isinstance(source, (pd.Series, pd.DataFrame)) else None
    if index is None or _is_default_index(index, pd) or not 0 <= row < len(index):
        return
    label = index[row]
    error.label = label
    error.args = (f"{error.args[0]} (DataFrame index label {label!r})", *error.args[1:])


def _categorical(codes: np.ndarray, texts: Sequence[str], pd: Any) -> Any:
    """A pandas Categorical of ``texts[codes]`` (code -1: missing), with equal texts merged and
    unused ones dropped."""
    texts = list(texts)
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size and (codes.min() < -1 or codes.max() >= len(texts)):
        raise RuntimeError(
            "bildung internal error: a result code has no text (please report this)"
        )
    if len(set(texts)) != len(texts):
        first: Dict[str, int] = {}
        remap = np.array([first.setdefault(t, len(first)) for t in texts], dtype=np.int64)
        codes, texts = np.where(codes < 0, -1, remap[codes]), list(first)
    return pd.Categorical.from_codes(codes, categories=texts).remove_unused_categories()


def result_frame(r: "_core._IndicatorResults", pd: Any) -> Any:
    """The result dict of the compiled core as a DataFrame (see :func:`bildung.indicators.compute`)."""
    strings = r["strings"]
    indicator = r["indicator"]
    columns: Dict[str, Any] = {
        "indicator": _categorical(indicator, r["ids"], pd),
        "version": np.asarray(r["versions"], dtype=np.int64)[indicator],
        "unit_id": _categorical(r["unit"], strings, pd),
        "period": r["period"],
    }
    for name, codes in zip(r["by"], r["by_codes"]):
        columns[name] = _categorical(codes, strings, pd)
    columns["category"] = _categorical(r["category"], strings, pd)
    for name in ("value", "numerator", "denominator", "se"):
        columns[name] = r[name]  # type: ignore[literal-required]
    columns["status"] = pd.Categorical.from_codes(
        r["status"].astype(np.int64), categories=r["status_names"]
    )
    symbol_of_code = np.array(r["symbol_names"], dtype=object)  # by code; 0 = no symbol
    symbol_of_code[0] = None
    columns["symbol"] = symbol_of_code[r["symbol"]]
    columns["flags"] = _categorical(r["flags"], ["|".join(s) for s in r["flag_sets"]], pd)
    columns["unit_of_value"] = _categorical(indicator, r["units_of_value"], pd)
    for name in ("numerator_ref", "denominator_ref"):
        refs = _categorical(r[name], r["refs"], pd)  # type: ignore[literal-required]
        if "" in refs.categories:  # no such count (a count indicator has no denominator)
            refs = refs.remove_categories([""])
        columns[name] = refs
    for name in ("population_source", "census_basis"):
        codes = r[name].astype(np.int64)  # type: ignore[literal-required]
        codes[codes == r["na_code"]] = -1  # no population rows, or no such column
        codes[codes == r["mixed_code"]] = len(strings)
        columns[name] = _categorical(codes, [*strings, "mixed"], pd)
    frame = pd.DataFrame(columns)
    frame.attrs["skipped"] = [tuple(s) for s in r["skipped"]]
    frame.attrs["warnings"] = [tuple(w) for w in r["warnings"]]
    return frame


def _as_list(values: Any, name: str, what: str) -> List[Any]:
    try:
        return list(values)
    except TypeError:
        raise TypeError(f"{name} must be {what}, got {_type_name(values)}") from None


def text_list(values: Any, name: str) -> List[str]:
    """A list of strings from a string or an iterable of strings (indicator ids, by)."""
    items = [values] if isinstance(values, str) else _as_list(values, name, "a list of strings")
    for v in items:
        if not isinstance(v, str):
            raise TypeError(f"{name} must hold strings, got {_type_name(v)} {v!r}")
    return items


def period_list(values: Any) -> Optional[List[int]]:
    """``None``, one period or an iterable of periods as a list of ints."""
    if values is None:
        return None
    if isinstance(values, numbers.Number):
        values = [values]
    out: List[int] = []
    for v in _as_list(values, "periods", "an integer or a list of integers"):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral):
            raise TypeError(f"periods must hold integers, got {_type_name(v)} {v!r}")
        out.append(int(v))
    return out


def unit_list(units: Any, pd: Any) -> Optional[List[str]]:
    """The declared area ids as strings (``None``, NaN and ``pd.NA`` become "" and are rejected
    by the core as empty ids, naming the row)."""
    if units is None:
        return None
    what = "a list, Series or Index of area ids"
    if isinstance(units, (str, bytes, pd.DataFrame)):
        raise TypeError(f"units must be {what}, got {_type_name(units)}")
    items = _as_list(units, "units", what)
    missing = [v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) for v in items]
    present = [v for v, m in zip(items, missing) if not m]
    texts = iter(_texts(present, "geography", "unit_id"))
    return ["" if m else next(texts) for m in missing]
