"""Shared helpers for the bildung tests."""

from __future__ import annotations

from typing import Any, Callable, Dict

import numpy as np
from hypothesis import settings

from bildung import inequality as iq

settings.register_profile("bildung", deadline=None, database=None, max_examples=80)
settings.load_profile("bildung")

INEQ_X = [541.0, 1463.0, 2445.0, 3438.0, 4437.0, 5401.0, 6392.0, 8304.0, 11904.0, 22261.0]


def _groups(x: Any) -> Any:
    """Two alternating group labels, as long as x (for calls that need groups)."""
    try:
        n = len(x)
    except TypeError:
        n = 2
    return ["a" if i % 2 == 0 else "b" for i in range(n)]


#: Every public function of bildung.inequality as f(x, weights=None, **options).
CALLS: Dict[str, Callable[..., Any]] = {
    "gini": lambda x, weights=None, **kw: iq.gini(x, weights, **kw),
    "lorenz_curve": lambda x, weights=None, **kw: iq.lorenz_curve(x, weights, **kw),
    "hoover": lambda x, weights=None, **kw: iq.hoover(x, weights, **kw),
    "theil": lambda x, weights=None, **kw: iq.theil(x, weights, **kw),
    "mean_log_deviation": lambda x, weights=None, **kw: iq.mean_log_deviation(x, weights, **kw),
    "palma": lambda x, weights=None, **kw: iq.palma(x, weights, **kw),
    "s80_s20": lambda x, weights=None, **kw: iq.s80_s20(x, weights, **kw),
    "generalized_entropy": lambda x, weights=None, **kw: iq.generalized_entropy(
        x, weights, **kw
    ),
    "atkinson": lambda x, weights=None, **kw: iq.atkinson(x, weights, **kw),
    "coefficient_of_variation": lambda x, weights=None, **kw: iq.coefficient_of_variation(
        x, weights, **kw
    ),
    "quantile": lambda x, weights=None, **kw: iq.quantile(x, 0.5, weights, **kw),
    "percentile_ratio": lambda x, weights=None, **kw: iq.percentile_ratio(x, weights, **kw),
    "wolfson": lambda x, weights=None, **kw: iq.wolfson(x, weights, **kw),
    "ge_decomposition": lambda x, weights=None, **kw: iq.ge_decomposition(
        x, _groups(x), weights, **kw
    ),
    "gini_decomposition": lambda x, weights=None, **kw: iq.gini_decomposition(
        x, _groups(x), weights, **kw
    ),
}


def headline(result: Any) -> float:
    """The main number of any result: the float, a decomposition's total, L(0.5) of a curve."""
    if isinstance(result, float):
        return result
    if isinstance(result, iq.LorenzCurve):
        return float(result.share_at(0.5))
    return float(result.total)


def as_f64(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def golden_compare(want: Any, got: Any, tol: Dict[str, float], path: str, out: list) -> None:
    """Compare a golden ``expected`` value with a result (``None`` in ``want`` = not checked):
    numbers within ``tol`` (``abs`` or ``rel``; ``"nan"`` matches only NaN), booleans and
    strings equal, lists element by element. Differences are appended to ``out``."""
    import math

    if want is None:
        return
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            out.append(f"{path}: want {want}, got {got}")
            return
        for k, (w, g) in enumerate(zip(want, got)):
            golden_compare(w, g, tol, f"{path}[{k}]", out)
        return
    if isinstance(want, bool) or (isinstance(want, str) and want not in ("nan", "inf", "-inf")):
        if want != got:
            out.append(f"{path}: want {want!r}, got {got!r}")
        return
    w, g = float(want), float(got)
    if math.isnan(w):
        ok = math.isnan(g)
    else:
        d = abs(w - g)
        ok = d <= tol.get("abs", 0.0) or d <= tol.get("rel", 0.0) * abs(w)
    if not ok:
        out.append(f"{path}: want {w!r}, got {g!r}")
