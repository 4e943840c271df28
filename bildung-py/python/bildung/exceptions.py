"""Exceptions and warnings of :mod:`bildung`.

Every error raised by bildung derives from :class:`BildungError` and also from the builtin class
that Python code already catches for that situation:

.. code-block:: text

    BildungError(Exception)
    ├── InputError(BildungError, ValueError)          the data break the contract
    │   ├── ShapeError                                lengths differ, or input is not 1-D
    │   ├── EmptyInputError                           no observation (left)
    │   ├── MissingValueError                         NaN under nan_policy="raise"
    │   ├── NonFiniteError                            +inf or -inf (always an error)
    │   ├── NegativeValueError                        negative value or weight (variance <= 0)
    │   ├── InvalidCountError                         negative or non-integral count
    │   ├── MalformedInputError                       a table or file breaks its format
    │   └── InconsistentTableError                    totals that do not add up
    ├── ParameterError(BildungError, ValueError)      an option outside its allowed values
    │   ├── UnknownIndicatorError(ParameterError, LookupError)
    │   └── DefinitionError                           an invalid indicator definition
    └── ComputationError(BildungError, ArithmeticError)
        ├── UndefinedError                            valid input, but the measure does not exist
        ├── ConvergenceError                          an iteration did not converge
        └── ProtectionError                           disclosure control failed: do not publish

    BildungWarning(UserWarning)                       a result that needs a second look

Input of the wrong *type* (strings, objects, complex numbers, a dict instead of an array) raises
the builtin :class:`TypeError`, as numpy and pandas do.

Each exception carries three attributes:

``kind``
    the name of the core error kind (``"MissingValue"``), stable across the Python, Rust and C
    interfaces and used in the golden test files;
``code``
    its stable number (the status code of the C library, e.g. ``102``);
``index``
    the position of the first offending element in the input, or ``None``.

Examples
--------
>>> import bildung
>>> try:
...     bildung.inequality.gini([1.0, float("nan"), 3.0])
... except bildung.MissingValueError as e:
...     print(e.kind, e.code, e.index)
MissingValue 102 1
>>> issubclass(bildung.MissingValueError, ValueError)
True
"""

from __future__ import annotations

from typing import ClassVar, Hashable, Optional

__all__ = [
    "BildungError",
    "BildungWarning",
    "ComputationError",
    "ConvergenceError",
    "DefinitionError",
    "EmptyInputError",
    "InconsistentTableError",
    "InputError",
    "InvalidCountError",
    "MalformedInputError",
    "MissingValueError",
    "NegativeValueError",
    "NonFiniteError",
    "ParameterError",
    "ProtectionError",
    "ShapeError",
    "UndefinedError",
    "UnknownIndicatorError",
]


class BildungError(Exception):
    """Base class of every error raised by bildung.

    Parameters
    ----------
    message : str
        What went wrong, naming the argument and element where there is one.
    kind : str, optional
        Core error kind name; defaults to the class's own kind.
    code : int, optional
        Stable numeric code of the kind; defaults to the class's own code.
    index : int, optional
        Position of the first offending element of the input.

    Attributes
    ----------
    kind : str or None
        Core error kind name, e.g. ``"MissingValue"`` (``None`` for the abstract base classes).
    code : int or None
        Stable numeric code of the kind, e.g. ``102``; the same number the C library returns.
    index : int or None
        Position of the first offending element, where the error has one.
    label : hashable or None
        The pandas index label of that element, when the argument was a pandas Series (the
        message names it too); ``None`` otherwise.
    """

    default_kind: ClassVar[Optional[str]] = None
    default_code: ClassVar[Optional[int]] = None

    kind: Optional[str]
    code: Optional[int]
    index: Optional[int]
    label: Optional[Hashable]

    def __init__(
        self,
        message: str = "",
        *,
        kind: Optional[str] = None,
        code: Optional[int] = None,
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind if kind is not None else self.default_kind
        self.code = code if code is not None else self.default_code
        self.index = index
        self.label = None


class InputError(BildungError, ValueError):
    """The input data break the contract of the function (also a :class:`ValueError`)."""


class ShapeError(InputError):
    """Inputs that must have the same length do not, or an input is not one-dimensional.

    Kind ``"ShapeMismatch"``, code 100.
    """

    default_kind = "ShapeMismatch"
    default_code = 100


class EmptyInputError(InputError):
    """No observation where at least one is needed (also: none left after omitting NaN).

    Kind ``"EmptyInput"``, code 101.
    """

    default_kind = "EmptyInput"
    default_code = 101


class MissingValueError(InputError):
    """A missing value (NaN, ``None``, ``pd.NA``) under ``nan_policy="raise"``.

    Pass ``nan_policy="omit"`` to drop such units (the result reports how many) or
    ``nan_policy="propagate"`` to get NaN. Kind ``"MissingValue"``, code 102.
    """

    default_kind = "MissingValue"
    default_code = 102


class NonFiniteError(InputError):
    """An infinite value; infinity is an error under every ``nan_policy``.

    Kind ``"NonFinite"``, code 103.
    """

    default_kind = "NonFinite"
    default_code = 103


class NegativeValueError(InputError):
    """A negative value or weight where only non-negative numbers are allowed, or a value of 0
    or below where only positive numbers are allowed (a sampling variance).

    Kind ``"NegativeValue"``, code 104.
    """

    default_kind = "NegativeValue"
    default_code = 104


class InvalidCountError(InputError):
    """A count that is negative, not integral, or above its total.

    Kind ``"InvalidCount"``, code 105.
    """

    default_kind = "InvalidCount"
    default_code = 105


class MalformedInputError(InputError):
    """A table or file that breaks its format: a malformed CSV line, a missing column, a
    duplicated key, an unknown area id. The message names the table, row and column.

    Kind ``"MalformedInput"``, code 106.
    """

    default_kind = "MalformedInput"
    default_code = 106


class InconsistentTableError(InputError):
    """A table whose totals do not add up: a margin or an aggregate row differs from the sum of
    its parts. The message names the total, its value and the sum of its parts.

    Kind ``"InconsistentTable"``, code 107.
    """

    default_kind = "InconsistentTable"
    default_code = 107


class ParameterError(BildungError, ValueError):
    """An option or parameter outside its allowed values, e.g. ``nan_policy="ignore"``.

    Also a :class:`ValueError`. Kind ``"InvalidParameter"``, code 200.
    """

    default_kind = "InvalidParameter"
    default_code = 200


class UnknownIndicatorError(ParameterError, LookupError):
    """An indicator identifier that is not in the registry (also a :class:`LookupError`).

    Kind ``"UnknownIndicator"``, code 201.
    """

    default_kind = "UnknownIndicator"
    default_code = 201


class DefinitionError(ParameterError):
    """An invalid indicator definition; the message names the indicator and the field.

    Kind ``"InvalidDefinition"``, code 202.
    """

    default_kind = "InvalidDefinition"
    default_code = 202


class ComputationError(BildungError, ArithmeticError):
    """The input is valid but the result cannot be computed (also an :class:`ArithmeticError`)."""


class UndefinedError(ComputationError):
    """The measure does not exist for this (valid) input: all values 0, a zero median, ...

    The message gives the reason. Reports usually show such a value as "–".
    Kind ``"Undefined"``, code 300.
    """

    default_kind = "Undefined"
    default_code = 300


class ConvergenceError(ComputationError):
    """An iterative estimation did not converge. Kind ``"DidNotConverge"``, code 301."""

    default_kind = "DidNotConverge"
    default_code = 301


class ProtectionError(ComputationError):
    """Disclosure control could not protect the table (a suppressed cell stays recomputable or
    its interval stays narrower than required). Nothing may be published.

    Kind ``"ProtectionFailed"``, code 302.
    """

    default_kind = "ProtectionFailed"
    default_code = 302


class BildungWarning(UserWarning):
    """A result was computed but needs a second look.

    Example: an Atkinson index set to 1 because of zero values with ``epsilon >= 1``
    (flag ``zero_values``). The flag name is in the message and in the ``flag`` attribute.

    Parameters
    ----------
    message : str
        What happened.
    flag : str, optional
        The core's flag name (``"zero_values"``).
    """

    flag: Optional[str]

    def __init__(self, message: str = "", *, flag: Optional[str] = None) -> None:
        super().__init__(message)
        self.flag = flag
