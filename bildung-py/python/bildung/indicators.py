"""Official indicators of municipal education monitoring (kommunales Bildungsmonitoring).

The standard indicators of a Bildungsreport (Betreuungsquote, Abgänger nach Abschlussart,
Quotensummenverfahren, Vertragslösungsquote, ...) computed from tidy long count tables, one
record per indicator x area x breakdown x category x period, each with its numerator,
denominator, reference dates, status and definition version.

=================================  ====================================================
name                               what
=================================  ====================================================
:class:`Catalogue`                 indicator definitions (built-in set, own TOML / JSON)
:func:`compute`                    the engine: long DataFrames in, a long DataFrame out
:func:`quota_sum`                  Quotensummenverfahren on plain arrays
:func:`mean_cohort`                Durchschnittsjahrgang on plain arrays
:class:`CohortQuota`               result of the two cohort functions
=================================  ====================================================

Input tables (``tables`` of :func:`compute`) are pandas DataFrames in long form, one per table
kind (``population``, ``kita_children``, ``school_pupils``, ``school_transitions``,
``school_leavers``, ``vocational_contracts``, ``sgb2``; the columns of each kind are listed in
the built-in catalogue file ``catalogue.toml`` and in indicators.md 8.4):

* key columns: integers (years, ages, grades: any integer dtype, nullable ``Int64`` without
  ``pd.NA``, or floats holding whole numbers) or texts (area ids and categories: ``object``,
  ``string``, ``category``); text values are passed as categorical codes, never one Python
  string per row. Codes the built-in definitions use: ``sex`` ``male|female``, ``citizenship``
  ``de|nde``, yes/no columns ``yes|no``, ``abschluss`` ``ohne_hsa|hsa|msa|fhr|ahr``, ... (see
  the head of ``catalogue.toml``).
* ``count``: the counts (any numeric dtype). A missing cell is NaN or ``pd.NA``; its official
  symbol (``.`` unknown or secret, ``x`` not meaningful, ``...`` later, ``/`` unreliable) goes in
  an optional ``symbol`` column. A missing cell never becomes 0: every value that depends on it
  gets the status ``missing`` and the symbol. ``-`` ("nichts vorhanden") is a true 0.

The arithmetic runs in Rust (``bildung_core::indicators``) with the GIL released; errors are the
typed exceptions of :mod:`bildung.exceptions`, naming the table, row and column (and the
DataFrame index label of the row when the index is not ``0, 1, ...``).
"""

from __future__ import annotations

import json
import numbers
import os
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

import numpy as np

from . import _core
from ._convert import _type_name, as_values, check_aligned, optional_pandas
from ._ind_frames import (
    RESULT_COLUMNS,
    add_row_label,
    period_list,
    result_frame,
    table_args,
    text_list,
    unit_list,
)
from ._labels import labels_in_errors
from ._results import _html_table, _num
from .exceptions import BildungError, BildungWarning, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as _pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = ["Catalogue", "CohortQuota", "compute", "mean_cohort", "quota_sum"]

#: Columns of :meth:`Catalogue.to_frame`, in order.
CATALOGUE_COLUMNS = (
    "id",
    "version",
    "area",
    "name_de",
    "name_en",
    "mode",
    "unit",
    "source",
    "valid_from",
    "valid_to",
    "notes",
)

_MAX_REPR_IDS = 8
_MAX_HTML_ROWS = 60


def _needs_pandas(what: str) -> Any:
    pd = optional_pandas()
    if pd is None:
        raise ImportError(f"{what} needs pandas (pip install pandas)")
    return pd


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_type_name(value)}")
    return value


class Catalogue:
    """A set of indicator definitions (Indikatorenkatalog) with unique ids.

    Start from the built-in catalogue (:meth:`builtin`: the minimal indicator set of a municipal
    Bildungsreport, areas A, C, D, E, each definition with its official source) and add your
    own definitions from TOML or JSON; every definition is checked field by field and an
    invalid one raises :class:`~bildung.DefinitionError` naming the field. ``Catalogue()`` is
    empty.

    Examples
    --------
    >>> from bildung.indicators import Catalogue
    >>> cat = Catalogue.builtin()
    >>> "D-ABS-OHSA-QSV" in cat
    True
    >>> cat.definition("D-ABS-OHSA-QSV")["mode"]
    'quota_sum'
    >>> cat.add_toml('''
    ... [[indicator]]
    ... id = "MY-FQ"
    ... area = "D"
    ... name_de = "Förderquote (eigene Abgrenzung)"
    ... name_en = "special-needs rate (own delimitation)"
    ... mode = "share"
    ... numerator = { table = "school_pupils", filter = { spf = ["yes"] } }
    ... denominator = { table = "school_pupils" }
    ... source = "own definition"
    ... ''')
    >>> cat.ids[-1], len(cat) - len(Catalogue.builtin())
    ('MY-FQ', 1)
    """

    __slots__ = ("_core",)

    def __init__(self) -> None:
        self._core = _core.Catalogue()

    @classmethod
    def _wrap(cls, core: "_core.Catalogue") -> "Catalogue":
        cat = cls.__new__(cls)
        cat._core = core
        return cat

    @classmethod
    def builtin(cls) -> "Catalogue":
        """The built-in catalogue (indicators.md 8.2), a fresh copy each call.

        Returns
        -------
        Catalogue
        """
        return cls._wrap(_core.Catalogue.builtin())

    @classmethod
    def from_toml(cls, text: str) -> "Catalogue":
        """A catalogue from a TOML text of ``[[indicator]]`` tables.

        Raises
        ------
        DefinitionError
            An invalid definition (the message names the id and the field).
        MalformedInputError
            TOML syntax (the message names the line and character).
        """
        cat = cls()
        cat.add_toml(text)
        return cat

    @classmethod
    def from_json(cls, text: str) -> "Catalogue":
        """A catalogue from a JSON text (a list of definitions, or ``{"indicator": [...]}``)."""
        cat = cls()
        cat.add_json(text)
        return cat

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Catalogue":
        """A catalogue from a ``.toml`` or ``.json`` file (UTF-8)."""
        cat = cls()
        cat.add_file(path)
        return cat

    def add_toml(self, text: str) -> None:
        """Add the definitions of a TOML text; an id already in the catalogue is an error.

        Nothing is added when any definition of the text is invalid.
        """
        self._core.add_toml(_text(text, "text"))

    def add_json(self, text: str) -> None:
        """Add the definitions of a JSON text; an id already in the catalogue is an error."""
        self._core.add_json(_text(text, "text"))

    def add_file(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Add the definitions of a ``.toml`` or ``.json`` file (chosen by the suffix).

        Errors in the file name the file besides the field, line or character.
        """
        name = os.fspath(path)
        suffix = os.path.splitext(name)[1].lower()
        if suffix not in (".toml", ".json"):
            raise ParameterError(
                f"invalid parameter `path` = {name}: a definition file ends in .toml or .json"
            )
        with open(name, encoding="utf-8") as f:
            text = f.read()
        try:
            if suffix == ".toml":
                self._core.add_toml(text)
            else:
                self._core.add_json(text)
        except BildungError as error:
            error.args = (f"{error.args[0]} (file {name})", *error.args[1:])
            raise

    @property
    def ids(self) -> List[str]:
        """The indicator ids, in the order added."""
        return self._core.ids()

    def definition(self, id: str) -> Dict[str, Any]:
        """One definition as a dict (the fields of the definition file; absent optional fields
        are left out).

        Raises
        ------
        UnknownIndicatorError
            No definition has this id.
        """
        definitions: List[Dict[str, Any]] = json.loads(
            self._core.definition_json(_text(id, "id"))
        )
        return definitions[0]

    def to_json(self) -> str:
        """Every definition as JSON (a list), e.g. to document or export the catalogue."""
        return self._core.to_json()

    def to_frame(self) -> "_pandas.DataFrame":
        """One row per definition: ``id, version, area, name_de, name_en, mode, unit, source,
        valid_from, valid_to, notes`` (``unit`` is the unit of the value: ``percent``,
        ``per 100``, ``count`` or ``percentage points``; missing validity bounds are ``<NA>``)."""
        pd = _needs_pandas("Catalogue.to_frame()")
        frame = pd.DataFrame(self._core.rows(), columns=list(CATALOGUE_COLUMNS))
        return frame.astype({"valid_from": "Int64", "valid_to": "Int64"})

    def copy(self) -> "Catalogue":
        """An independent copy (adding to it leaves this one unchanged)."""
        return self._wrap(self._core.__copy__())

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._core

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __repr__(self) -> str:
        ids = self.ids
        shown = ", ".join(ids[:_MAX_REPR_IDS]) + (", ..." if len(ids) > _MAX_REPR_IDS else "")
        return f"Catalogue({len(ids)} indicators: {shown})" if ids else "Catalogue(empty)"

    def _repr_html_(self) -> str:
        rows = [
            [r[0], str(r[1]), r[2], r[3], r[4], r[5], r[6]]
            for r in self._core.rows()[:_MAX_HTML_ROWS]
        ]
        more = len(self) - len(rows)
        caption = f"Catalogue: {len(self)} indicators" + (f" ({more} not shown)" if more > 0 else "")
        header = ["id", "version", "area", "name_de", "name_en", "mode", "unit"]
        return _html_table(header, rows, caption)


_BUILTIN: List["_core.Catalogue"] = []


def _builtin_core() -> "_core.Catalogue":
    """The built-in catalogue, parsed once (private: never handed out, so never changed)."""
    if not _BUILTIN:
        _BUILTIN.append(_core.Catalogue.builtin())
    return _BUILTIN[0]


def compute(
    tables: Mapping[str, "_pandas.DataFrame"],
    indicators: Union[str, List[str], Tuple[str, ...], None] = None,
    *,
    by: Union[str, List[str], Tuple[str, ...]] = (),
    periods: Any = None,
    catalogue: Optional[Catalogue] = None,
    units: Any = None,
) -> "_pandas.DataFrame":
    """Compute indicators (Indikatoren) from long count tables.

    For each indicator the engine selects the numerator and denominator rows (the definition's
    filters, age band and population source), sums them per area, breakdown and period (the
    denominator's period shifted by its offset, e.g. the population of 31.12. of the previous
    year) and applies the definition's mode ``v`` with numerator ``N`` and denominator ``D``::

        share, rate, grade_rate, transition   v = 100 N / D
        ratio_per_100                         v = 100 P(A) / P(B)
        count                                 v = N
        mean_cohort  (Durchschnittsjahrgang)  v = 100 N / ((1/K) sum_{a in band} P_a)
        quota_sum    (Quotensummenverfahren)  v = 100 sum_a N_a / P_a,  se = 100 sqrt(sum_a N_a / P_a^2)
        layered_flow (Schichtenmodell)        v = 100 sum_{i<L} N(t, t-i) / B(t-i)
        change_pp                             v = x(t) - x(t - lag)  (percentage points)

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Table kind name -> long DataFrame (key columns, ``count``, optional ``symbol``; see the
        module docs). Only the tables the indicators need must be given.
    indicators : str or list of str, optional
        Indicator ids; ``None`` (default) or ``[]`` computes every indicator of the catalogue,
        skipping (and listing in ``attrs["skipped"]``) those whose tables or columns are not
        given.
    by : str or list of str, optional
        Breakdown columns (``"sex"``, ``"citizenship"``, ...). Each indicator is broken down by
        those its definition allows (``disaggregations``); its other breakdown columns read
        ``total``. Values of integer columns (``grade``) are labelled as texts (``"7"``).
    periods : int or list of int, optional
        Periods to report (the numerator table's period: leaving year, school year start, ...);
        default every period with numerator data.
    catalogue : Catalogue, optional
        The definitions; default the built-in catalogue.
    units : list, pandas Series or Index of str, optional
        The area ids of the geography. Then a table row with another ``unit_id`` is an error,
        and every area gets a record (status ``no_data`` where there are no data).

    Returns
    -------
    pandas.DataFrame
        One row per indicator x area x breakdown x category x period, columns ``indicator``,
        ``version``, ``unit_id``, ``period``, one column per ``by`` name, ``category``
        (``total`` where the indicator has none), ``value``, ``numerator``, ``denominator``
        (for cohort quotas the population of the band), ``se`` (Quotensummenverfahren: Poisson
        standard error, else NaN), ``status`` (categorical: ``ok``, ``missing``,
        ``not_computable``, ``undefined``, ``no_data``), ``symbol`` (the table symbol of the
        first missing input cell, or ``None``), ``flags`` (categorical: the flag names joined
        with ``|``, ``""`` when none; test with ``df.flags.str.contains("outside_validity")``),
        ``unit_of_value`` (``percent``, ``per 100``, ``count``, ``percentage points``),
        ``numerator_ref`` and ``denominator_ref`` (reference dates, e.g. ``"2023-12-31"``),
        ``population_source`` and ``census_basis`` (of the population rows used, from the
        population table's ``source`` and ``census_basis`` columns; missing when the indicator
        uses no population or the table lacks the column; ``mixed`` when a value mixes them,
        flagged ``mixed_population_basis``). Text columns are categoricals.
        ``attrs["skipped"]`` lists ``(id, reason)`` of the indicators left out of a
        whole-catalogue run, ``attrs["warnings"]`` ``(id, text)`` of the notes below. A value
        is NaN unless its status is ``ok``; a denominator of 0 gives ``not_computable``, never
        an error.

    Raises
    ------
    UnknownIndicatorError
        An indicator id that is not in the catalogue.
    MalformedInputError
        A table breaks its form: a required column is missing, a negative, fractional or
        infinite count, a duplicated key, an unknown table symbol, an empty key, an area id not
        in ``units``, a table an explicitly requested indicator needs is not given. The
        message names the table, the row and the column.
    DefinitionError
        A definition that does not fit the tables (a range over a text column).
    ParameterError
        An unknown table kind, a breakdown named twice or named like a result column.
    TypeError
        A table that is not a DataFrame, a key column of a type other than integer or text
        (booleans, datetimes, fractional floats), counts that are not numbers.

    Warns
    -----
    BildungWarning
        A filter value of a definition that no row has (every count is then 0: right for a
        category that did not occur, wrong for a misspelling); the text names the field.

    Examples
    --------
    Leavers by qualification in two Kreise, as shares (Anteil) by sex:

    >>> import pandas as pd
    >>> from bildung import indicators
    >>> leavers = pd.DataFrame({
    ...     "unit_id": ["K1", "K1", "K1", "K1"],
    ...     "leaving_year": 2023,
    ...     "sex": ["female", "female", "male", "male"],
    ...     "abschluss": ["ohne_hsa", "ahr", "ohne_hsa", "ahr"],
    ...     "count": [2, 18, 6, 14],
    ... })
    >>> df = indicators.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex")
    >>> df[["sex", "category", "value", "numerator", "denominator"]].head(2)
          sex  category  value  numerator  denominator
    0  female  ohne_hsa   10.0        2.0         20.0
    1  female       ahr   90.0       18.0         20.0
    """
    pd = _needs_pandas("bildung.indicators.compute")
    ids = [] if indicators is None else text_list(indicators, "indicators")
    by_names = text_list(by, "by")
    for name in by_names:
        if name in RESULT_COLUMNS and name != "unit_id":  # the core explains unit_id
            raise ParameterError(
                f"invalid parameter `by` = {name}: a breakdown column cannot be named like a "
                "result column; rename it in the tables"
            )
    period_values = period_list(periods)
    if catalogue is None:
        core_catalogue = _builtin_core()
    elif isinstance(catalogue, Catalogue):
        core_catalogue = catalogue._core
    else:
        raise TypeError(
            f"catalogue must be a bildung.indicators.Catalogue, got {_type_name(catalogue)}"
        )
    unit_ids = unit_list(units, pd)
    try:
        args = table_args(tables, pd)
        result = _core.compute_indicators(
            core_catalogue,
            args,
            indicators=ids,
            by=by_names,
            periods=period_values,
            units=unit_ids,
        )
    except BildungError as error:
        add_row_label(error, tables, units, pd)
        raise
    frame = result_frame(result, pd)
    for indicator, text in frame.attrs["warnings"]:
        warnings.warn(BildungWarning(f"indicator `{indicator}`: {text}"), stacklevel=2)
    return frame


@dataclass(frozen=True, repr=False)
class CohortQuota:
    """A cohort quota (Quotensummenverfahren or Durchschnittsjahrgang) with its parts.

    Attributes
    ----------
    value : float
        The quota in percent (NaN unless ``status`` is ``"ok"``). It may exceed 100.
    se : float
        Poisson standard error in percentage points (quota sum: events random, population
        fixed); NaN for the average cohort.
    events : float
        All events counted.
    population : float
        Quota sum: the population summed over the ages; average cohort: the mean cohort
        ``(1/K) sum P_a``.
    status : str
        ``"ok"``, ``"undefined"`` (events at an age without population) or
        ``"not_computable"`` (average cohort with a population of 0).
    flags : tuple of str
        ``rate_above_one`` (some single-age rate above 1: different attributions of events and
        population, or a wrong age matching), ``small_population`` (some population below 20).
    method : str
        ``"quota_sum"`` or ``"mean_cohort"``.
    """

    value: float
    se: float
    events: float
    population: float
    status: str
    flags: Tuple[str, ...]
    method: str

    def to_dict(self) -> Dict[str, Any]:
        """Every field as plain Python values (JSON-serialisable but for NaN)."""
        return {
            "value": self.value,
            "se": self.se,
            "events": self.events,
            "population": self.population,
            "status": self.status,
            "flags": list(self.flags),
            "method": self.method,
        }

    def __repr__(self) -> str:
        parts = [f"{k}={_num(getattr(self, k))}" for k in ("value", "se", "events", "population")]
        parts.append(f"status={self.status!r}")
        if self.flags:
            parts.append(f"flags={list(self.flags)}")
        return f"CohortQuota[{self.method}](" + ", ".join(parts) + ")"

    def _repr_html_(self) -> str:
        rows = [[k, _num(v) if isinstance(v, float) else str(v)] for k, v in self.to_dict().items()]
        rows[-2][1] = ", ".join(self.flags) or "none"
        return _html_table(["field", "value"], rows, f"cohort quota ({self.method})")


def _quota(raw: Tuple[float, float, float, float, str, List[str]], method: str) -> CohortQuota:
    value, se, events, population, status, flags = raw
    return CohortQuota(value, se, events, population, status, tuple(flags), method)


@labels_in_errors("events", "population")
def quota_sum(events: Any, population: Any) -> CohortQuota:
    """Quotensummenverfahren (quota-sum method, QSV), the current KMK / Destatis cohort quota.

    ::

        Q = 100 * sum_a E_a / P_a             SE = 100 * sqrt( sum_a E_a / P_a^2 )

    ``events[a]`` and ``population[a]`` are the events (graduates, new trainees) and the
    population of the same single age or birth cohort ``a``. A term with ``P_a = 0`` and
    ``E_a = 0`` is 0; ``P_a = 0`` with ``E_a > 0`` makes the quota ``"undefined"``.

    Parameters
    ----------
    events : array-like or pandas Series
        Events per single age.
    population : array-like or pandas Series
        Population of the same ages (same length; two Series must share their index).

    Returns
    -------
    CohortQuota
        ``value`` in percent, its ``se``, ``events``, ``population`` (summed), ``status``,
        ``flags``.

    Raises
    ------
    ShapeError
        Different lengths, or two Series with different indexes.
    EmptyInputError
        No age.
    MissingValueError, NonFiniteError, InvalidCountError
        NaN, infinity or a negative count (naming the element and its pandas label).

    Examples
    --------
    Abitur by age 17 to 21 (methods.md 6.3):

    >>> from bildung.indicators import quota_sum
    >>> q = quota_sum([6, 148, 95, 21, 5], [410, 395, 360, 340, 300])
    >>> round(q.value, 2), round(q.se, 2), q.status
    (73.16, 4.42, 'ok')
    """
    check_aligned(events=events, population=population)
    e, p = as_values(events, "events"), as_values(population, "population")
    return _quota(_core.quota_sum(e, p), "quota_sum")


@labels_in_errors("band_population")
def mean_cohort(events: Any, band_population: Any) -> CohortQuota:
    """Durchschnittsjahrgang (average cohort, DJ), the older cohort-quota method.

    ::

        Q = 100 * E / ( (1/K) * sum_{a in band} P_a )

    ``events`` counts every event whatever the age; ``band_population`` holds the K single-age
    populations of the typical band (15 to under 17 for leavers without Hauptschulabschluss,
    18 to under 21 for Studienberechtigte). A band population of 0 gives ``"not_computable"``.

    Parameters
    ----------
    events : int or float
        All events (a number, not per age).
    band_population : array-like or pandas Series
        Population of each age of the band.

    Returns
    -------
    CohortQuota
        ``value`` in percent, ``se`` NaN, ``events``, ``population`` (the mean cohort),
        ``status``, ``flags``.

    Raises
    ------
    EmptyInputError
        An empty band.
    MissingValueError, NonFiniteError, InvalidCountError
        NaN, infinity or a negative count.
    TypeError
        ``events`` is not a number.

    Examples
    --------
    275 Abitur graduates, populations 395, 360, 340 at ages 18, 19, 20 (methods.md 6.3):

    >>> from bildung.indicators import mean_cohort
    >>> q = mean_cohort(275, [395, 360, 340])
    >>> round(q.value, 2), q.population
    (75.34, 365.0)
    """
    if isinstance(events, (bool, np.bool_)) or not isinstance(events, numbers.Real):
        raise TypeError(
            f"events must be a number (all events of the band), got {_type_name(events)}; "
            "for events per age use quota_sum"
        )
    e = float(events)
    return _quota(
        _core.mean_cohort(e, as_values(band_population, "band_population")), "mean_cohort"
    )
