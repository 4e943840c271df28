"""Run the examples in the docstrings (numpydoc ``Examples`` sections) with doctest."""

from __future__ import annotations

import doctest
import types

import pytest

import bildung
import bildung._convert
import bildung._results
import bildung.exceptions
import bildung.inequality

MODULES = [bildung, bildung.inequality, bildung._results, bildung.exceptions, bildung._convert]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: types.ModuleType) -> None:
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module.__name__}"


def test_every_public_function_has_a_running_example() -> None:
    finder = doctest.DocTestFinder()
    for name in bildung.inequality.__all__:
        obj = getattr(bildung.inequality, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        tests = finder.find(obj, name, globs={})
        assert any(t.examples for t in tests), f"{name} has no docstring example"
        doc = obj.__doc__ or ""
        for section in ("Parameters", "Returns", "Raises", "Examples"):
            assert f"\n    {section}\n    ---" in doc, f"{name} lacks a {section} section"
        assert "::" in doc, f"{name} lacks a formula block"
