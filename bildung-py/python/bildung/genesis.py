"""Official GENESIS CSV exports (Regionaldatenbank Deutschland, GENESIS-Online) as tidy tables.

The statistical offices publish their tables (Schulstatistik, Bevölkerungsstand, Kinder- und
Jugendhilfestatistik, ...) as CSV downloads in a layout made for reading, not for computing::

    GENESIS-Tabelle: 21111-01-03-4                         <- table code
    Schulen, Schülerinnen und Schüler nach Schularten -;;;   <- title and meta lines
    ;;;;Allgemeinbildende Schulen;Schülerinnen und ...      <- column header rows (start with
    ;;;;;Geschlecht;Geschlecht;Nationalität;...                 the empty key fields)
    ;;;;;Insgesamt;weiblich;ausländisch;7. Klassenstufe;...
    2023;DG;Deutschland;Grundschulen;15531;3098664;...       <- data lines: keys, then cells
    __________                                               <- footer: footnotes, licence,
    Stand: 13.03.2025 / 16:39:14                                date of the export

:func:`read_genesis` turns such a file into a long DataFrame: one row per data line x value
column, with the key fields, the column's header labels, the value and the table symbol.

Table symbols (Zeichenerklärung) are statuses, never zeros: ``-`` (nichts vorhanden) is a true
zero (``value`` 0.0, ``symbol`` ``"-"``); ``.`` (unknown or secret), ``x`` (not meaningful),
``...`` (not yet available) and ``/`` (not reliable enough) give ``value`` NaN and the symbol in
``symbol``. The parsing runs in Rust (``bildung_core::genesis``; its documentation describes the
format rules); malformed files raise :class:`~bildung.MalformedInputError` naming the line and
the field.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from . import _core
from ._convert import optional_pandas

__all__ = ["read_genesis"]

#: A path (``str`` or ``os.PathLike``), the file's bytes, or a binary file object.
SourceLike = Any


def _read_source(source: SourceLike) -> Tuple[bytes, str]:
    """The bytes of ``source`` and the name used in error messages."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        with open(path, "rb") as f:
            return f.read(), path
    read = getattr(source, "read", None)
    if callable(read):
        data = read()
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(
                "source is a file object opened in text mode; open it in binary mode ('rb') so "
                "that read_genesis can detect the encoding"
            )
        return bytes(data), str(getattr(source, "name", "<stream>"))
    t = type(source)
    name = t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
    raise TypeError(
        f"source must be a path (str or os.PathLike), bytes or a binary file object, got {name}"
    )


def _qualifier_texts(names: List[Tuple[int, str]]) -> np.ndarray:
    """Lookup table: qualifier bits -> comma-separated names (``None`` for no qualifier)."""
    size = 1 << len(names)
    table = np.empty(size, dtype=object)
    for bits in range(size):
        words = [n for b, n in names if bits & b]
        table[bits] = ",".join(words) if words else None
    return table


def read_genesis(source: SourceLike, *, name: Optional[str] = None) -> Any:
    """Read a GENESIS CSV export into a tidy (long) DataFrame.

    Decodes UTF-8 (with or without byte-order mark), else Windows-1252 (ISO-8859-1); splits the
    ``;``-separated, ``"``-quoted lines into the header block (table code, title, column header
    rows), the data lines and the footer (footnotes, licence, ``Stand``), and returns one row per
    data line x value column::

        value  = number (decimal comma read as a decimal point)
               = 0.0   for "-"  (nichts vorhanden: a true zero)
               = NaN   for ".", "x", "...", "/"  (unknown, not meaningful, later, unreliable)

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file object
        Path of the export, its content as bytes, or a file opened in binary mode.
    name : str, optional
        Name of the input in error messages. Default: the path, the file object's ``name``, or
        ``"<bytes>"``.

    Returns
    -------
    pandas.DataFrame
        One row per data line x value column, in file order (line by line), with the columns:

        * the key columns, as text, named from their content: ``year`` (4-digit years),
          ``region_code`` (``DG`` or digits), ``region_name``, ``date`` (``dd.mm.yyyy``), else
          ``key_<n>`` (``n`` = position in the line; e.g. ``key_4`` the school type);
        * ``header_1`` ... ``header_<h>``: the value column's label in each column header row
          (top to bottom; ``""`` where a row leaves it empty) and ``label``: the non-empty
          labels joined with ``" / "``;
        * ``column``: 1-based field number of the value column in the file's lines;
        * ``value`` (float64), ``symbol`` (``"-"``, ``"."``, ``"x"``, ``"..."``, ``"/"`` or
          ``None``), ``qualifiers`` (``None``, or names such as ``"provisional"`` for a number
          written ``1234p``; comma-separated when several);
        * ``line``: 1-based line of the data line in the file.

        ``DataFrame.attrs`` holds ``code``, ``title``, ``title_lines``, ``stand``, ``footer``
        (list of footer lines), ``encoding``, ``source``, ``key_columns`` and ``header_lines``.

    Raises
    ------
    MalformedInputError
        The input is not a GENESIS export or breaks its format; the message names the source,
        the line (``row``) and, where a field is at fault, the field (``column``): no
        ``GENESIS-Tabelle:`` line, no column header rows, no data lines, a data line with the
        wrong number of fields, a cell that is neither a number nor a symbol, an unterminated
        quote.
    TypeError
        ``source`` is not a path, bytes or a binary file object.
    OSError
        The file cannot be read.
    ImportError
        pandas is not installed.

    Examples
    --------
    >>> import bildung
    >>> csv = (
    ...     "GENESIS-Tabelle: 21111-02-06-4\\n"
    ...     "Absolvierende/Abgehende;;;;\\n"
    ...     ";;;Insgesamt;ohne Hauptschulabschluss\\n"
    ...     "2023;DG;Deutschland;782423;55708\\n"
    ...     "2023;01;  Schleswig-Holstein;25152;.\\n"
    ...     "2023;01003;    L\\xfcbeck;1815;-\\n"
    ...     "__________\\n"
    ...     "Stand: 13.03.2025 / 16:40:08\\n"
    ... ).encode("cp1252")
    >>> df = bildung.read_genesis(csv)
    >>> df[["region_code", "region_name", "header_1", "value", "symbol"]]
      region_code         region_name                  header_1     value symbol
    0          DG         Deutschland                 Insgesamt  782423.0   None
    1          DG         Deutschland  ohne Hauptschulabschluss   55708.0   None
    2          01  Schleswig-Holstein                 Insgesamt   25152.0   None
    3          01  Schleswig-Holstein  ohne Hauptschulabschluss       NaN      .
    4       01003              Lübeck                 Insgesamt    1815.0   None
    5       01003              Lübeck  ohne Hauptschulabschluss       0.0      -
    >>> df.attrs["code"], df.attrs["stand"], df.attrs["encoding"]
    ('21111-02-06-4', '13.03.2025 / 16:40:08', 'windows-1252')
    """
    pd = optional_pandas()
    if pd is None:
        raise ImportError("read_genesis returns a pandas DataFrame: install pandas")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    data, default_name = _read_source(source)
    d = _core.read_genesis(data, default_name if name is None else name)
    n_rows = len(d["lines"])
    n_cols = len(d["column_fields"])
    cols: Dict[str, Any] = {}
    for key_name, values in zip(d["key_names"], d["keys"]):
        cols[key_name] = np.repeat(np.array(values, dtype=object), n_cols)
    labels = d["column_labels"]
    for i in range(len(d["header_lines"])):
        row = np.array([col_labels[i] for col_labels in labels], dtype=object)
        cols[f"header_{i + 1}"] = np.tile(row, n_rows)
    cols["label"] = np.tile(np.array(d["column_label"], dtype=object), n_rows)
    cols["column"] = np.tile(d["column_fields"], n_rows)
    cols["value"] = d["values"]
    cols["symbol"] = np.array(d["symbol_texts"], dtype=object)[d["symbols"]]
    cols["qualifiers"] = _qualifier_texts(d["qualifier_names"])[d["qualifiers"]]
    cols["line"] = np.repeat(d["lines"], n_cols)
    df = pd.DataFrame(cols)
    df.attrs.update(
        code=d["code"],
        title=d["title"],
        title_lines=d["title_lines"],
        stand=d["stand"],
        footer=d["footer"],
        encoding=d["encoding"],
        source=d["source"],
        key_columns=d["key_columns"],
        header_lines=d["header_lines"],
    )
    return df
