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
import bildung._rate_results
import bildung._sa_results
import bildung._seg_results
import bildung.rates
import bildung.segregation
import bildung.smallarea
import bildung.indicators
import bildung.index
import bildung._index_results

MODULES = [
    bildung,
    bildung.inequality,
    bildung.segregation,
    bildung.rates,
    bildung._results,
    bildung._rate_results,
    bildung._seg_results,
    bildung.smallarea,
    bildung._sa_results,
    bildung.exceptions,
    bildung._convert,
    bildung.indicators,
    bildung.index,
    bildung._index_results,
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: types.ModuleType) -> None:
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module.__name__}"


def test_every_public_function_has_a_running_example() -> None:
    finder = doctest.DocTestFinder()
    public = [(bildung.inequality, n) for n in bildung.inequality.__all__]
    public += [(bildung.segregation, n) for n in bildung.segregation.__all__]
    public += [(bildung.rates, n) for n in bildung.rates.__all__]
    public += [(bildung.smallarea, n) for n in bildung.smallarea.__all__]
    public += [(bildung.indicators, n) for n in bildung.indicators.__all__]
    public += [(bildung.index, n) for n in bildung.index.__all__]
    for module, name in public:
        obj = getattr(module, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        tests = finder.find(obj, name, globs={})
        assert any(t.examples for t in tests), f"{name} has no docstring example"
        doc = obj.__doc__ or ""
        for section in ("Parameters", "Returns", "Raises", "Examples"):
            assert f"\n    {section}\n    ---" in doc, f"{name} lacks a {section} section"
        assert "::" in doc, f"{name} lacks a formula block"


def test_readme_python_example_runs() -> None:
    """The README's Python example runs as written, and its numbers are the weighted measures of
    the four Kreise left after omitting the missing share."""
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parents[2] / "README.md"
    block = re.search(r"## Python\n\n```python\n(.*?)```", readme.read_text("utf-8"), re.S)
    assert block is not None, "README has no Python example"
    namespace: dict = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    d = namespace["d"]
    assert d.n_used == 4 and d.n_dropped == 1
    # the further Python blocks of the README run too, one after the other, in the same namespace
    section = readme.read_text("utf-8").split("## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) >= 4, "README: segregation, rates and small-area examples"
    for extra in blocks[1:]:
        exec(compile(extra, "README.md", "exec"), namespace)
    # methods.md 3.5: Marshall global EB of the 3/12 area 0.1084, of the 0/8 area 0.0862 (printed
    # to 4 digits: 0.086147)
    eb = namespace["eb"].to_pandas()["estimate"]
    assert eb["Altstadt"] == pytest.approx(0.1084, abs=5e-5)
    assert eb["Heide"] == pytest.approx(0.086147, abs=5e-6)
    assert d.total == pytest.approx(d.within + d.between, rel=1e-12)
    assert list(d.groups.index) == ["Bayern", "Hessen"]
    # indicators (README "Indicators (Python)"): Nord female, share without HSA 3 of 60 = 5 %,
    # average cohort 3 / ((60 + 62) / 2); Süd male has the secret cell "."
    res = namespace["result"].set_index(["indicator", "unit_id", "sex", "category"])
    assert res.loc[("D-ABS-ANTEIL", "Nord", "female", "ohne_hsa"), "value"] == 5.0
    dj = res.loc[("D-ABS-OHSA-DJ", "Nord", "female", "total"), "value"]
    assert dj == pytest.approx(100.0 * 3 / 61, abs=1e-12)
    assert res.loc[("D-ABS-ANTEIL", "Süd", "male", "ohne_hsa"), "status"] == "missing"
