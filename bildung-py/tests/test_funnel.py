"""bildung.funnel: pandas in and out, errors naming the area, warnings, plot(), docs.

Numbers are checked against outside values in test_golden_funnel.py; here the Python layer.
"""

from __future__ import annotations

import doctest
import json
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import funnel as fn
from bildung.funnel import FunnelResult, funnel, funnel_grid, funnel_limits

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

N = [40, 55, 80, 120, 150, 60, 35, 200, 90, 70, 110, 45]
X = [2, 9, 4, 14, 9, 3, 6, 12, 12, 3, 8, 7]
NAMES = [f"Ortsteil {c}" for c in "ABCDEFGHIJKL"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"ohne": X, "alle": N}, index=pd.Index(NAMES, name="ortsteil"))


def test_series_in_dataframe_out_same_index() -> None:
    df = frame()
    f = funnel(df["ohne"], df["alle"], method="normal", fdr=0.1)
    out = f.to_pandas()
    assert out.index.equals(df.index)
    assert list(out.columns[:10]) == [
        "events", "n", "proportion", "z", "z_adjusted", "p_value",
        "lower_95", "upper_95", "lower_99.8", "upper_99.8",
    ]
    assert {"class", "class_code", "bh", "status", "lower_95_unclamped"} <= set(out.columns)
    assert out.loc["Ortsteil B", "class"] == "above 95%"
    assert out["class"].cat.ordered
    assert list(out["class"].cat.categories) == [
        "below 99.8%", "below 95%", "within", "above 95%", "above 99.8%", "not plotted",
    ]
    assert out.loc["Ortsteil B", "proportion"] == pytest.approx(9 / 55, rel=1e-15)
    assert out["n"].tolist() == [float(v) for v in N]


def test_data_and_column_names_equal_series() -> None:
    df = frame()
    a = funnel("ohne", "alle", data=df).to_pandas()
    b = funnel(df["ohne"], df["alle"]).to_pandas()
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(KeyError, match="missing"):
        funnel("ohne", "missing", data=df)
    with pytest.raises(TypeError, match="DataFrame"):
        funnel("ohne", "alle", data={"ohne": X})


def test_arrays_and_lists_give_a_range_index() -> None:
    f = funnel(np.array(X), N)
    assert f.index is None
    assert f.to_pandas().index.equals(pd.RangeIndex(12))
    assert len(f) == 12


def test_errors_name_the_pandas_label() -> None:
    df = frame()
    bad = df["ohne"].copy()
    bad["Ortsteil D"] = 500
    with pytest.raises(bildung.InvalidCountError, match="Ortsteil D") as info:
        funnel(bad, df["alle"])
    assert info.value.index == 3 and info.value.label == "Ortsteil D"
    frac = df["ohne"].astype(float)
    frac["Ortsteil C"] = 2.5
    with pytest.raises(bildung.InvalidCountError, match="Ortsteil C"):
        funnel(frac, df["alle"])
    funnel(frac, df["alle"], method="normal")  # weighted counts are fine for the normal method
    with pytest.raises(bildung.InvalidCountError, match="Ortsteil A"):
        funnel("ohne", "alle", data=df.assign(alle=[-1] + N[1:]))
    missing = df["alle"].astype("Float64")
    missing["Ortsteil E"] = pd.NA
    with pytest.raises(bildung.MissingValueError, match="Ortsteil E"):
        funnel(df["ohne"], missing)
    f = funnel(df["ohne"], missing, nan_policy="omit")
    assert f.to_pandas().loc["Ortsteil E", "status"] == "missing"
    assert f.to_pandas().loc["Ortsteil E", "class"] == "not plotted"
    with pytest.raises(bildung.ShapeError, match="different indexes"):
        funnel(df["ohne"], df["alle"].reset_index(drop=True))
    with pytest.raises(bildung.ShapeError):
        funnel(X, N[:-1])
    with pytest.raises(bildung.NonFiniteError):
        funnel([1.0, np.inf], [3, 4])


def test_parameter_errors_and_types() -> None:
    with pytest.raises(bildung.ParameterError, match="method"):
        funnel(X, N, method="poisson")
    with pytest.raises(bildung.ParameterError, match="overdispersion"):
        funnel(X, N, overdispersion="phi")
    with pytest.raises(bildung.ParameterError, match="levels"):
        funnel(X, N, levels=(0.95, 1.0))
    with pytest.raises(bildung.ParameterError, match="fdr"):
        funnel(X, N, fdr=1.5)
    with pytest.raises(bildung.ParameterError, match="target"):
        funnel(X, N, target=2.0)
    with pytest.raises(bildung.UndefinedError, match="0 or 1"):
        funnel([0, 0], [5, 5])
    with pytest.raises(TypeError, match="levels"):
        funnel(X, N, levels="0.95")
    with pytest.raises(TypeError, match="target"):
        funnel(X, N, target="0.1")
    with pytest.raises(TypeError):
        funnel(["a", "b"], [1, 2])


def test_levels_any_order_and_a_single_level() -> None:
    f = funnel(X, N, levels=(0.998, 0.8, 0.95))
    assert f.levels == (0.8, 0.95, 0.998)
    assert f.level_labels == ("80%", "95%", "99.8%")
    g = funnel(X, N, levels=0.9)
    assert g.lower.shape == (12, 1)


def test_few_areas_warns_only_with_an_adjustment() -> None:
    with pytest.warns(bildung.BildungWarning, match="fewer than 15") as rec:
        f = funnel(X, N, overdispersion="additive")
    assert rec[0].message.flag == "few_areas"  # type: ignore[union-attr]
    assert f.flags == ("few_areas",)
    assert all(c == "within" for c in f.class_label)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = funnel(X, N)
    assert plain.dispersion is not None and plain.dispersion.few_areas


def test_empty_area_and_external_target() -> None:
    f = funnel([3, 0, 20, 9], [40, 0, 100, 150], target=0.07, fdr=0.05)
    assert f.status.tolist() == ["ok", "empty", "ok", "ok"]
    assert f.class_label[1] == "not plotted" and f.class_code[1] == 127
    assert np.isnan(f.lower[1]).all()
    assert f.class_label[2] == "above 99.8%"
    assert f.bh is not None and f.bh.tolist() == [False, False, True, False]
    assert not f.pooled and f.theta0 == 0.07


def test_results_are_read_only_and_serialisable() -> None:
    f = funnel(frame()["ohne"], frame()["alle"], fdr=0.05)
    with pytest.raises(ValueError):
        f.lower[0, 0] = 1.0
    d = f.to_dict()
    json.dumps(d, allow_nan=True)
    assert d["index"] == NAMES
    assert d["dispersion"]["df"] == 11
    assert "FunnelResult(areas=12" in repr(f) and "Dispersion(phi=" in repr(f)
    html = f._repr_html_()
    assert html.startswith("<table>") and "Ortsteil B" in html and "above 95%" in html
    assert f.outside.tolist() == [c != 0 for c in f.class_code.tolist()]


def test_curves_and_limits() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bildung.BildungWarning)
        f = funnel(X, N, overdispersion="multiplicative", method="normal")
    c = f.curves(points=50)
    assert c.n[0] == 35.0 and c.n[-1] == 200.0
    # the curve at n = 200 is the limit of the area with n = 200
    k = int(np.flatnonzero(c.n == 200.0)[0])
    assert c.lower[k, 0] == f.lower[7, 0]
    direct = funnel_limits(f.theta0, [200], method="normal", overdispersion="multiplicative",
                           phi=f.adjustment_value)
    assert direct.upper[0, 1] == f.upper[7, 1]
    assert list(c.to_pandas().columns[:2]) == ["lower_95", "upper_95"]
    assert c.to_pandas().index.name == "n"
    assert "FunnelLimits(" in repr(c) and c._repr_html_().startswith("<table>")
    with pytest.raises(bildung.ParameterError, match="phi"):
        funnel_limits(0.1, [10], overdispersion="multiplicative")
    with pytest.raises(bildung.ParameterError, match="phi is used only"):
        funnel_limits(0.1, [10], phi=1.5)
    with pytest.raises(bildung.ParameterError, match="tau2 is used only"):
        funnel_limits(0.1, [10], overdispersion="multiplicative", phi=1.2, tau2=0.1)
    with pytest.raises(bildung.InvalidCountError, match="pandas index label 'b'"):
        funnel_limits(0.1, pd.Series([10, 12.5], index=["a", "b"]))
    assert funnel_grid(3, 6, 100).tolist() == [3.0, 4.0, 5.0, 6.0]
    with pytest.raises(bildung.ParameterError):
        funnel_grid(0, 5)


def test_benjamini_hochberg_keeps_a_series_index() -> None:
    p = pd.Series([0.001, 0.3, 0.02], index=["x", "y", "z"])
    flags = fn.benjamini_hochberg(p, fdr=0.05)
    assert isinstance(flags, pd.Series) and flags.index.equals(p.index)
    assert flags.tolist() == [True, False, True]
    with pytest.raises(bildung.ParameterError):
        fn.benjamini_hochberg([0.1], fdr=0.0)


def test_plot_draws_points_target_and_limits() -> None:
    df = frame()
    f = funnel(df["ohne"], df["alle"], method="normal")
    fig, ax = plt.subplots()
    out = f.plot(ax=ax, labels=True, points=30)
    assert out is ax
    assert len(ax.collections) == 1
    assert len(ax.collections[0].get_offsets()) == 12
    assert len(ax.lines) == 1 + 2 * 2  # target, lower and upper per level
    assert [t.get_text() for t in ax.texts] == ["Ortsteil B"]
    assert ax.lines[0].get_ydata()[0] == pytest.approx(f.theta0)
    plt.close(fig)
    # not plotted areas are left out; annotate every plotted area with own labels
    g = funnel([3, 0, 20, 9], [40, 0, 100, 150], target=0.07)
    ax2 = g.plot(labels=["a", "b", "c", "d"], annotate="all")
    assert len(ax2.collections[0].get_offsets()) == 3
    assert [t.get_text() for t in ax2.texts] == ["a", "c", "d"]
    plt.close(ax2.figure)
    with pytest.raises(bildung.ShapeError):
        g.plot(labels=["a"])
    with pytest.raises(bildung.ParameterError):
        g.plot(annotate="some")
    plt.close("all")


def test_plot_without_matplotlib_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        funnel(X, N).plot()


def test_docstring_examples_run_and_sections_exist() -> None:
    result = doctest.testmod(
        fn, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0 and result.attempted > 0
    finder = doctest.DocTestFinder()
    for name in ("funnel", "funnel_limits", "funnel_grid", "benjamini_hochberg"):
        obj = getattr(fn, name)
        assert any(t.examples for t in finder.find(obj, name, globs={})), name
        doc = obj.__doc__ or ""
        for section in ("Parameters", "Returns", "Raises", "Examples"):
            assert f"\n    {section}\n    ---" in doc, f"{name} lacks {section}"
        assert "::" in doc, f"{name} lacks a formula block"
    plt.close("all")


def test_result_class_is_exported() -> None:
    assert bildung.funnel.FunnelResult is FunnelResult
    assert "funnel" in bildung.__all__
