"""Invariances of the measures (hypothesis): permutation, scale, weights as replication, and the
decomposition identities."""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import bildung
from bildung import inequality as iq

from conftest import CALLS, headline

# values on a "rate" scale with zeros allowed; at least two distinct positives avoid most
# undefined cases (those are asserted to be UndefinedError below, never skipped silently)
values = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=1e4, allow_nan=False)),
    min_size=2,
    max_size=40,
)
positive_values = st.lists(
    st.floats(min_value=0.01, max_value=1e4, allow_nan=False), min_size=2, max_size=40
)


@st.composite
def values_and_int_weights(draw: Any, positive: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    x = np.array(draw(positive_values if positive else values))
    w = np.array(draw(st.lists(st.integers(0, 5), min_size=len(x), max_size=len(x))), dtype=float)
    assume(w.sum() > 0)
    return x, w


def _value(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The headline number, or UndefinedError when the measure does not exist for the input.

    Both sides of every comparison must agree on being undefined, so undefined cases are
    checked too rather than skipped. Warnings (e.g. Atkinson's zero_values) are silenced.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", bildung.BildungWarning)
            return headline(f(*args, **kwargs))
    except bildung.UndefinedError:
        return bildung.UndefinedError


def _same(a: Any, b: Any, rel: float = 1e-9, abs_: float = 1e-12) -> None:
    if a is bildung.UndefinedError or b is bildung.UndefinedError:
        assert a is b, f"one undefined, the other {a!r} / {b!r}"
        return
    if math.isnan(a) or math.isnan(b):
        assert math.isnan(a) and math.isnan(b)
        return
    assert a == pytest.approx(b, rel=rel, abs=abs_)


GROUPED = {"ge_decomposition", "gini_decomposition"}


@pytest.mark.parametrize("name", sorted(CALLS))
@given(data=values_and_int_weights(), seed=st.integers(0, 2**32 - 1))
def test_permutation_invariance(name: str, data: Tuple[np.ndarray, np.ndarray], seed: int) -> None:
    x, w = data
    perm = np.random.default_rng(seed).permutation(len(x))
    if name in GROUPED:
        groups = np.arange(len(x)) % 3
        f = getattr(iq, name)
        _same(_value(f, x, groups, w), _value(f, x[perm], groups[perm], w[perm]))
    else:
        _same(_value(CALLS[name], x, w), _value(CALLS[name], x[perm], w[perm]))


SCALE_FREE: Dict[str, Callable[..., Any]] = {
    "gini": iq.gini,
    "theil": iq.theil,
    "atkinson": iq.atkinson,
    "atkinson_2": lambda x, w=None: iq.atkinson(x, w, epsilon=2.0),
    "coefficient_of_variation": iq.coefficient_of_variation,
    "hoover": iq.hoover,
    "generalized_entropy_2": lambda x, w=None: iq.generalized_entropy(x, w, alpha=2.0),
}


@pytest.mark.parametrize("name", sorted(SCALE_FREE))
@given(data=values_and_int_weights(), c=st.sampled_from([0.001, 0.37, 3.0, 1000.0]))
def test_scale_invariance(name: str, data: Tuple[np.ndarray, np.ndarray], c: float) -> None:
    x, w = data
    f = SCALE_FREE[name]
    _same(_value(f, x, w), _value(f, c * x, w), rel=1e-9, abs_=1e-11)
    _same(_value(f, x), _value(f, c * x), rel=1e-9, abs_=1e-11)


REPLICATION: Dict[str, Tuple[Callable[..., Any], bool]] = {
    # name: (f(x, weights), needs strictly positive x)
    "gini": (iq.gini, False),
    "theil": (iq.theil, False),
    "mean_log_deviation": (iq.mean_log_deviation, True),
    "generalized_entropy_2": (lambda x, w=None: iq.generalized_entropy(x, w, alpha=2.0), False),
    "generalized_entropy_-1": (lambda x, w=None: iq.generalized_entropy(x, w, alpha=-1.0), True),
    "atkinson": (iq.atkinson, False),
    "atkinson_1": (lambda x, w=None: iq.atkinson(x, w, epsilon=1.0), True),
    "coefficient_of_variation": (iq.coefficient_of_variation, False),
    "hoover": (iq.hoover, False),
    "palma": (iq.palma, False),
    "s80_s20": (iq.s80_s20, False),
    "quantile_linear_0.3": (lambda x, w=None: iq.quantile(x, 0.3, w, rule="linear"), False),
    "quantile_linear_0.9": (lambda x, w=None: iq.quantile(x, 0.9, w, rule="linear"), False),
    "quantile_inverted_cdf_0.5": (lambda x, w=None: iq.quantile(x, 0.5, w, rule="inverted_cdf"), False),
}


@pytest.mark.parametrize("name", sorted(REPLICATION))
@given(data=st.data())
def test_integer_weights_equal_replication(name: str, data: st.DataObject) -> None:
    f, positive = REPLICATION[name]
    x, w = data.draw(values_and_int_weights(positive=positive))
    expanded = np.repeat(x, w.astype(int))
    _same(_value(f, x, w), _value(f, expanded), rel=1e-9, abs_=1e-11)


@given(data=values_and_int_weights(), p=st.floats(0.0, 1.0))
def test_lorenz_share_at_replication(data: Tuple[np.ndarray, np.ndarray], p: float) -> None:
    x, w = data
    assume(float(np.dot(x, w)) > 0)
    expanded = np.repeat(x, w.astype(int))
    weighted, replicated = iq.lorenz_curve(x, w), iq.lorenz_curve(expanded)
    assert weighted.share_at(p) == pytest.approx(replicated.share_at(p), rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(weighted.population_share, replicated.population_share, rtol=1e-12)
    np.testing.assert_allclose(weighted.value_share, replicated.value_share, rtol=1e-9, atol=1e-15)


def _labels(draw: Any, n: int) -> List[str]:
    return draw(st.lists(st.sampled_from(["Nord", "Süd", "Ost", "West"]), min_size=n, max_size=n))


@given(data=st.data(), alpha=st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0, 3.0]))
def test_ge_decomposition_adds_up(data: st.DataObject, alpha: float) -> None:
    x, w = data.draw(values_and_int_weights(positive=alpha <= 0))
    assume(float(np.dot(x, w)) > 0)
    groups = _labels(data.draw, len(x))
    d = iq.ge_decomposition(x, groups, w, alpha=alpha)
    assert d.total == pytest.approx(d.within + d.between, rel=0, abs=1e-12 * max(1.0, d.total))
    assert d.total == pytest.approx(iq.generalized_entropy(x, w, alpha=alpha), rel=1e-12, abs=1e-14)
    assert d.within == pytest.approx(d.groups["contribution"].sum(), rel=1e-12, abs=1e-14)
    assert d.groups["population_share"].sum() == pytest.approx(1.0, rel=1e-12)


@given(data=st.data())
def test_gini_decomposition_adds_up(data: st.DataObject) -> None:
    x, w = data.draw(values_and_int_weights())
    assume(float(np.dot(x, w)) > 0)
    groups = _labels(data.draw, len(x))
    d = iq.gini_decomposition(x, groups, w)
    assert d.total == pytest.approx(d.within + d.between + d.overlap, rel=0, abs=1e-12)
    assert d.total == pytest.approx(iq.gini(x, w), rel=1e-12, abs=1e-14)
    assert d.overlap >= -1e-12


@given(x=values)
def test_bounds(x: List[float]) -> None:
    assume(sum(x) > 0)
    n = len(x)
    assert 0.0 <= iq.gini(x) <= (n - 1) / n + 1e-12
    assert 0.0 <= iq.hoover(x) <= 1.0
    assert 0.0 <= iq.atkinson(x) <= 1.0
    assert 0.0 <= iq.theil(x) <= math.log(n) + 1e-12
    assert iq.coefficient_of_variation(x) <= math.sqrt(n - 1) + 1e-9


@given(values_and_int_weights(), st.lists(st.floats(0.0, 1.0), max_size=8))
def test_quantile_of_many_p_equals_one_at_a_time(xw: Tuple[np.ndarray, np.ndarray], ps: List[float]) -> None:
    x, w = xw
    for rule in ("linear", "inverted_cdf", "median_unbiased"):
        many = iq.quantile(x, ps, w, rule=rule)
        assert isinstance(many, np.ndarray) and many.dtype == np.float64 and many.shape == (len(ps),)
        assert many.tolist() == [iq.quantile(x, p, w, rule=rule) for p in ps]
    # numpy agrees on the replicated data (linear rule)
    if ps:
        expanded = np.repeat(x, w.astype(int))
        np.testing.assert_allclose(iq.quantile(x, ps, w), np.quantile(expanded, ps), rtol=1e-12, atol=1e-12)


def test_quantile_of_many_p_rejects_bad_probabilities() -> None:
    with pytest.raises(bildung.ParameterError, match="p"):
        iq.quantile([1.0, 2.0, 3.0], [0.5, 1.5])
    with pytest.raises(TypeError):
        iq.quantile([1.0, 2.0, 3.0], ["a", "b"])  # type: ignore[call-overload]
    nan = iq.quantile([1.0, float("nan")], [0.1, 0.9], nan_policy="propagate")
    assert np.isnan(nan).all()
