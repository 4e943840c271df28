"""Bad input for every public function: a clear typed error, never a crash or a silent value."""

from __future__ import annotations

import math
import pickle
import sys

import numpy as np
import pytest

import bildung
from bildung import _core
from bildung import inequality as iq

from conftest import CALLS, INEQ_X, headline

NAMES = sorted(CALLS)
POSITIVE = [2.0, 4.0, 6.0, 3.0, 9.0, 1.0]


def test_every_public_function_is_tested() -> None:
    public = {n for n in iq.__all__ if n[0].islower()}
    assert public == set(CALLS)


# --- exception tree -------------------------------------------------------------------------

def test_exception_hierarchy() -> None:
    assert issubclass(bildung.BildungError, Exception)
    for cls in (
        bildung.ShapeError,
        bildung.EmptyInputError,
        bildung.MissingValueError,
        bildung.NonFiniteError,
        bildung.NegativeValueError,
        bildung.InvalidCountError,
    ):
        assert issubclass(cls, bildung.InputError)
        assert issubclass(cls, ValueError)
    assert issubclass(bildung.ParameterError, ValueError)
    assert issubclass(bildung.UnknownIndicatorError, bildung.ParameterError)
    assert issubclass(bildung.UnknownIndicatorError, LookupError)
    assert issubclass(bildung.UndefinedError, bildung.ComputationError)
    assert issubclass(bildung.ConvergenceError, ArithmeticError)
    assert not issubclass(bildung.UndefinedError, ValueError)
    assert issubclass(bildung.BildungWarning, UserWarning)


def test_exception_attributes_and_pickle() -> None:
    with pytest.raises(bildung.NegativeValueError) as info:
        iq.gini([1.0, 2.0, -3.0])
    e = info.value
    assert (e.kind, e.code, e.index) == ("NegativeValue", 104, 2)
    assert e.kind == type(e).default_kind and e.code == type(e).default_code
    assert str(e) == "negative value -3 at x[2]; x must be >= 0"
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is bildung.NegativeValueError
    assert (back.kind, back.code, back.index, str(back)) == (e.kind, e.code, e.index, str(e))


def test_python_raised_errors_have_default_kind() -> None:
    with pytest.raises(bildung.ShapeError) as info:
        iq.gini(np.ones((2, 2)))
    assert (info.value.kind, info.value.code, info.value.index) == ("ShapeMismatch", 100, None)


# --- missing values under each policy ----------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_nan_raise(name: str) -> None:
    with pytest.raises(bildung.MissingValueError, match=r"x\[2\]") as info:
        CALLS[name]([1.0, 2.0, math.nan, 4.0])
    assert info.value.index == 2
    assert "nan_policy" in str(info.value)
    with pytest.raises(bildung.MissingValueError, match=r"weights\[1\]"):
        CALLS[name]([1.0, 2.0, 3.0, 4.0], [1.0, math.nan, 1.0, 1.0])


@pytest.mark.parametrize("name", NAMES)
def test_nan_omit_equals_dropping(name: str) -> None:
    x = [3.0, math.nan, 5.0, 1.0, 8.0, 2.0, math.nan]
    w = [1.0, 2.0, 3.0, 1.0, 2.0, 1.0, 5.0]
    kept = [0, 2, 3, 4, 5]
    if name.endswith("_decomposition"):
        # the group labels depend on positions: compare with explicit groups instead
        groups = ["a", "b", "a", "b", "a", "b", "a"]
        f = getattr(iq, name)
        got = f(x, groups, w, nan_policy="omit")
        ref = f([x[i] for i in kept], [groups[i] for i in kept], [w[i] for i in kept])
        assert got.n_dropped == 2 and got.n_used == 5
        assert got.total == pytest.approx(ref.total, rel=1e-12)
        return
    got = CALLS[name](x, w, nan_policy="omit")
    ref = CALLS[name]([x[i] for i in kept], [w[i] for i in kept])
    assert headline(got) == pytest.approx(headline(ref), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_nan_propagate(name: str) -> None:
    result = CALLS[name]([1.0, math.nan, 3.0, 4.0], nan_policy="propagate")
    assert math.isnan(headline(result))
    if isinstance(result, iq.LorenzCurve):
        assert len(result) == 0 and result.flags == ("missing_propagated",)
    elif not isinstance(result, float):
        assert result.flags == ("missing_propagated",)
        assert math.isnan(result.within) and math.isnan(result.between)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("policy", ["raise", "omit", "propagate"])
@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_infinity_is_always_an_error(name: str, policy: str, bad: float) -> None:
    with pytest.raises(bildung.NonFiniteError, match=r"x\[1\]") as info:
        CALLS[name]([1.0, bad, 3.0, 4.0], nan_policy=policy)
    assert info.value.index == 1
    with pytest.raises(bildung.NonFiniteError, match=r"weights\[3\]"):
        CALLS[name]([1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, bad], nan_policy=policy)


@pytest.mark.parametrize("name", NAMES)
def test_negative_values_and_weights(name: str) -> None:
    with pytest.raises(bildung.NegativeValueError, match=r"x\[1\]"):
        CALLS[name]([1.0, -2.0, 3.0, 4.0])
    with pytest.raises(bildung.NegativeValueError, match=r"weights\[0\]"):
        CALLS[name]([1.0, 2.0, 3.0, 4.0], [-1.0, 1.0, 1.0, 1.0])


@pytest.mark.parametrize("name", NAMES)
def test_empty_input(name: str) -> None:
    with pytest.raises(bildung.EmptyInputError, match="empty"):
        CALLS[name]([])
    with pytest.raises(bildung.EmptyInputError):
        CALLS[name](np.array([math.nan, math.nan]), nan_policy="omit")


@pytest.mark.parametrize("name", NAMES)
def test_mismatched_lengths(name: str) -> None:
    with pytest.raises(bildung.ShapeError, match="weights"):
        CALLS[name]([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("name", ["ge_decomposition", "gini_decomposition"])
def test_mismatched_group_length(name: str) -> None:
    with pytest.raises(bildung.ShapeError, match="groups"):
        getattr(iq, name)([1.0, 2.0, 3.0], ["a", "b"])


@pytest.mark.parametrize("name", NAMES)
def test_all_zero_weights_are_undefined(name: str) -> None:
    with pytest.raises(bildung.UndefinedError, match="weight") as info:
        CALLS[name]([1.0, 2.0, 3.0], [0.0, 0.0, 0.0])
    assert isinstance(info.value, ArithmeticError)


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"quantile"}))
def test_all_zero_values_are_undefined(name: str) -> None:
    with pytest.raises(bildung.UndefinedError, match="undefined"):
        CALLS[name]([0.0, 0.0, 0.0, 0.0])


def test_quantile_of_zeros_is_zero() -> None:
    assert iq.quantile([0.0, 0.0], 0.5) == 0.0


# --- wrong types and shapes --------------------------------------------------------------------

WRONG_DTYPES = [
    pytest.param(["a", "b"], "strings", id="list-of-str"),
    pytest.param(np.array(["1.0", "2.0"]), "strings", id="str-array"),
    pytest.param(np.array([1.0, 2.0], dtype=object), "Python objects", id="object-array"),
    pytest.param(np.array([1 + 2j, 3 + 0j]), "complex", id="complex-array"),
    pytest.param([1 + 2j, 3.0], "complex", id="list-of-complex"),
    pytest.param(np.array(["2024-01-01", "2024-02-01"], dtype="datetime64[D]"), "datetime", id="datetime"),
    pytest.param([1.0, "2"], "str", id="mixed-list"),
    pytest.param([1.0, {"a": 1}], "dict", id="list-with-dict"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad, word", WRONG_DTYPES)
def test_wrong_dtype_is_type_error(name: str, bad: object, word: str) -> None:
    with pytest.raises(TypeError, match=r"^x must hold real numbers.*" + word):
        CALLS[name](bad)
    if len(bad) == 2:  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^weights must hold real numbers"):
            CALLS[name]([1.0, 2.0], bad)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", [5.0, "12345", {1.0, 2.0}, {"a": 1.0}, None, iter([1.0])])
def test_non_array_like_is_type_error(name: str, bad: object) -> None:
    with pytest.raises(TypeError, match=r"^x must be a one-dimensional array-like"):
        CALLS[name](bad)


@pytest.mark.parametrize("name", NAMES)
def test_two_dimensional_input_is_shape_error(name: str) -> None:
    with pytest.raises(bildung.ShapeError, match=r"x must be one-dimensional.*\(2, 3\)"):
        CALLS[name](np.ones((2, 3)))
    with pytest.raises(bildung.ShapeError, match="x must be"):
        CALLS[name]([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(bildung.ShapeError, match="weights must be one-dimensional"):
        CALLS[name](np.ones(4), np.ones((2, 2)))
    with pytest.raises(bildung.ShapeError):
        CALLS[name](np.float64(3.0).reshape(()))


@pytest.mark.parametrize("name", ["ge_decomposition", "gini_decomposition"])
def test_bad_groups(name: str) -> None:
    f = getattr(iq, name)
    with pytest.raises(TypeError, match="groups must be a one-dimensional array-like"):
        f([1.0, 2.0], "ab")
    with pytest.raises(TypeError, match="groups must be"):
        f([1.0, 2.0], 7)
    with pytest.raises(TypeError, match="groups must hold hashable"):
        f([1.0, 2.0], [[1], [2, 3]])
    with pytest.raises(bildung.ShapeError, match="groups must be one-dimensional"):
        f([1.0, 2.0], np.zeros((2, 2)))
    with pytest.raises(bildung.MissingValueError, match=r"groups\[1\]"):
        f([1.0, 2.0, 3.0], ["a", None, "b"])


# --- options -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_invalid_nan_policy(name: str) -> None:
    with pytest.raises(bildung.ParameterError, match=r"nan_policy.*\"ignore\".*raise") as info:
        CALLS[name](POSITIVE, nan_policy="ignore")
    assert info.value.kind == "InvalidParameter" and info.value.code == 200
    with pytest.raises(TypeError, match="nan_policy must be a string"):
        CALLS[name](POSITIVE, nan_policy=None)


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: iq.gini(POSITIVE, correction="bessel"), bildung.ParameterError, "correction"),
        (lambda: iq.gini(POSITIVE, correction="frequency"), bildung.ParameterError, "weights"),
        (lambda: iq.gini(POSITIVE, [0.1] * 6, correction="frequency"), bildung.ParameterError, "total weight"),
        (lambda: iq.gini(POSITIVE, correction=2), TypeError, "correction must be a string"),
        (lambda: iq.quantile(POSITIVE, 0.5, rule="type10"), bildung.ParameterError, "rule"),
        (lambda: iq.quantile(POSITIVE, 0.5, rule="nearest-ish"), bildung.ParameterError, "rule"),
        (lambda: iq.quantile(POSITIVE, 1.5), bildung.ParameterError, r"`p` = 1.5"),
        (lambda: iq.quantile(POSITIVE, -0.1), bildung.ParameterError, "p"),
        (lambda: iq.quantile(POSITIVE, "0.5"), TypeError, "p must be a real number"),
        (lambda: iq.quantile(POSITIVE, None), TypeError, "p must be a real number"),
        (lambda: iq.percentile_ratio(POSITIVE, upper=0.1, lower=0.9), bildung.ParameterError, "lower"),
        (lambda: iq.percentile_ratio(POSITIVE, upper="0.9"), TypeError, "upper must be a real number"),
        (lambda: iq.wolfson(POSITIVE, rule="middle"), bildung.ParameterError, "rule"),
        (lambda: iq.wolfson(POSITIVE, rule=7), TypeError, "rule must be a string"),
        (lambda: iq.coefficient_of_variation(POSITIVE, form="unbiased"), bildung.ParameterError, "form"),
        (lambda: iq.coefficient_of_variation(POSITIVE, form=None), TypeError, "form must be a string"),
        (lambda: iq.generalized_entropy(POSITIVE, alpha="x"), TypeError, "alpha must be a real number"),
        (lambda: iq.generalized_entropy(POSITIVE, alpha=True), TypeError, "alpha must be a real number"),
        (lambda: iq.generalized_entropy(POSITIVE, alpha=math.nan), bildung.ParameterError, "alpha"),
        (lambda: iq.generalized_entropy(POSITIVE, alpha=math.inf), bildung.ParameterError, "alpha"),
        (lambda: iq.atkinson(POSITIVE, epsilon=-1), bildung.ParameterError, "epsilon"),
        (lambda: iq.atkinson(POSITIVE, epsilon="high"), TypeError, "epsilon must be a real number"),
        (lambda: iq.ge_decomposition(POSITIVE, list("aabbcc"), alpha=math.nan), bildung.ParameterError, "alpha"),
        (lambda: iq.ge_decomposition(POSITIVE, list("aabbcc"), alpha=[1]), TypeError, "alpha must be a real number"),
    ],
)
def test_invalid_options(call: object, error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        call()  # type: ignore[operator]


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        iq.gini(POSITIVE, None, "omit")  # type: ignore[misc]
    with pytest.raises(TypeError):
        iq.generalized_entropy(POSITIVE, None, 2.0)  # type: ignore[misc]


def test_option_values_accepted() -> None:
    x = INEQ_X
    assert iq.gini(x, correction=False) == iq.gini(x, correction="none") == iq.gini(x)
    assert iq.gini(x, correction=True) == iq.gini(x, correction="units")
    assert iq.quantile(x, 0.3, rule="type7") == iq.quantile(x, 0.3, rule="linear")
    assert iq.generalized_entropy(x, alpha=np.float32(2.0)) == iq.generalized_entropy(x, alpha=2)
    assert iq.quantile(x, np.float64(0.5)) == iq.quantile(x, 0.5)


# --- undefined results and warnings ------------------------------------------------------------

def test_undefined_reasons() -> None:
    with pytest.raises(bildung.UndefinedError, match="zero value"):
        iq.mean_log_deviation([0.0, 1.0, 2.0])
    with pytest.raises(bildung.UndefinedError, match="median is 0"):
        iq.wolfson([0.0, 0.0, 0.0, 1.0])
    with pytest.raises(bildung.UndefinedError, match="bottom share"):
        iq.palma([0.0, 0.0, 0.0, 0.0, 1.0])
    with pytest.raises(bildung.UndefinedError, match="2 units"):
        iq.gini([5.0], correction=True)


def test_atkinson_zero_values_warn() -> None:
    with pytest.warns(bildung.BildungWarning, match="zero_values") as record:
        value = iq.atkinson([0.0, 1.0, 3.0], epsilon=1.5)
    assert value == 1.0
    assert record[0].message.flag == "zero_values"  # type: ignore[union-attr]
    assert record[0].filename == __file__  # stacklevel points at the caller


def test_no_warning_for_propagated_nan(recwarn: pytest.WarningsRecorder) -> None:
    assert math.isnan(iq.gini([1.0, math.nan], nan_policy="propagate"))
    assert len(recwarn) == 0


def test_share_at_outside_unit_interval_is_nan() -> None:
    curve = iq.lorenz_curve([1.0, 3.0])
    assert math.isnan(curve.share_at(1.5))
    assert math.isnan(curve.share_at(-0.1))
    with pytest.raises(TypeError, match="p must"):
        curve.share_at("half")


def test_rounding_clamp_does_not_warn(recwarn: pytest.WarningsRecorder) -> None:
    # equal values: the sorted formula leaves a residue of about -1e-16, clamped to 0 by the core
    assert iq.gini([1.01, 1.01, 1.01]) == 0.0
    assert iq.gini([0.0, 1.01], [0.0, 3.0]) == 0.0
    assert len(recwarn) == 0


def test_every_core_error_kind_has_its_class() -> None:
    kinds = _core.error_classes()
    assert len(kinds) == 14
    for name, code, cls in kinds:
        assert issubclass(cls, bildung.BildungError)
        assert (cls.default_kind, cls.default_code) == (name, code)
        e = cls("message")
        assert (e.kind, e.code, e.index, str(e)) == (name, code, None, "message")
        assert cls.__module__ == "bildung.exceptions" and cls.__name__ in bildung.__all__


@pytest.mark.parametrize("name", ["ge_decomposition", "gini_decomposition"])
def test_bad_groups_without_pandas(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    test_bad_groups(name)
    f = getattr(iq, name)
    tuples = [("SN", 1), ("BY", 2), ("SN", 1), ("BY", 2)]
    assert f([1.0, 2.0, 3.0, 4.0], tuples).groups["group"] == [("BY", 2), ("SN", 1)]


def test_compiled_layer_takes_float64_only() -> None:
    with pytest.raises(TypeError):
        _core.gini(np.array([1, 2, 3]))  # int64: converted by bildung.inequality, not here
    with pytest.raises(TypeError):
        _core.ge_decomposition(np.ones(3), np.array([0.0, 1.0, 1.0]))  # codes must be int64
    value, n_used, n_dropped, flags = _core.gini(np.array(INEQ_X)[::2], nan_policy="omit")
    assert (n_used, n_dropped, flags) == (5, 0, [])


def test_hand_made_lorenz_points_of_unequal_length() -> None:
    with pytest.raises(bildung.ShapeError, match="value_share"):
        _core.lorenz_share_at(np.array([0.0, 1.0]), np.array([0.0]), np.array([0.5]))
    empty = np.array([], dtype=np.float64)
    assert math.isnan(_core.lorenz_share_at(empty, empty, np.array([0.5]))[0])
