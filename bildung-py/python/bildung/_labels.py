"""Name the pandas labels of the offending element in input errors.

The core reports positions (``x[4]``, ``counts[7]`` row-major); when that argument was a pandas
Series (DataFrame), the message gains its index label (row label and column) and the exception a
``label`` attribute. Used by :mod:`bildung.segregation` and :mod:`bildung.rates`.
"""

from __future__ import annotations

import functools
import inspect
import re
from typing import Any, Callable, TypeVar, cast

from ._convert import _loaded_pandas
from .exceptions import InputError

_F = TypeVar("_F", bound=Callable[..., Any])


def labels_in_errors(*names: str) -> Callable[[_F], _F]:
    """A decorator that adds pandas labels to :class:`InputError` messages about ``names``.

    ``names`` are the function's array arguments as the core names them in its messages
    (``"x"``, ``"counts"``, ``"events"``, ...).
    """
    position = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\[(\d+)\]")

    def decorate(func: _F) -> _F:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except InputError as error:
                _add_label(error, position, signature, args, kwargs)
                raise

        return cast(_F, wrapper)

    return decorate


def _add_label(
    error: InputError,
    position: "re.Pattern[str]",
    signature: inspect.Signature,
    args: Any,
    kwargs: Any,
) -> None:
    match = position.search(str(error))
    pd = _loaded_pandas()
    if error.index is None or match is None or pd is None:
        return
    arg = signature.bind_partial(*args, **kwargs).arguments.get(match[1])
    at = int(match[2])
    label: Any
    if isinstance(arg, pd.DataFrame):
        ncols = arg.shape[1]
        if ncols == 0 or at >= arg.size:
            return
        label = (arg.index[at // ncols], arg.columns[at % ncols])
        text = f"row {label[0]!r}, column {label[1]!r}"
    elif isinstance(arg, pd.Series) and at < len(arg):
        label = arg.index[at]
        text = f"pandas index label {label!r}"
    else:
        return
    error.label = label
    error.args = (f"{error.args[0]} ({text})", *error.args[1:])
