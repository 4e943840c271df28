"""Invariances of the segregation indices through the Python API (hypothesis): order of areas,
unit of counting, symmetry in the two groups, DataFrame and array inputs giving the same values."""

from __future__ import annotations

from typing import List, Tuple

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bildung import segregation as seg

pairs = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=2, max_size=30)
TWO_GROUP = ["dissimilarity", "gini_segregation", "entropy_index", "isolation", "exposure",
             "correlation_ratio", "hutchens", "minmax"]
MULTI = ["multi_dissimilarity", "multi_gini", "mutual_information", "multi_information_theory",
         "normalized_exposure", "relative_diversity", "squared_coefficient_of_variation"]


def _xt(v: List[Tuple[int, int]]) -> Tuple[np.ndarray, np.ndarray]:
    x = np.array([a for a, _ in v], dtype=float)
    t = np.array([a + b for a, b in v], dtype=float)
    return x, t


@given(pairs, st.integers(2, 6), st.randoms(use_true_random=False))
def test_two_group_invariances(v: List[Tuple[int, int]], c: int, rnd: object) -> None:
    assume(any(a > 0 for a, _ in v) and any(b > 0 for _, b in v))
    assume(sum(1 for a, b in v if a + b > 0) >= 2)
    x, t = _xt(v)
    perm = list(range(len(v)))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    for name in TWO_GROUP:
        f = getattr(seg, name)
        base = f(x, t)
        assert f(x[perm], t[perm]) == pytest.approx(base, rel=1e-10, abs=1e-13)
        assert f(c * x, c * t) == pytest.approx(base, rel=1e-10, abs=1e-13)
        assert f(pd.Series(x, index=[f"A{i}" for i in range(len(x))]),
                 pd.Series(t, index=[f"A{i}" for i in range(len(x))])) == base
    for name in ["dissimilarity", "gini_segregation", "entropy_index", "correlation_ratio"]:
        f = getattr(seg, name)
        assert f(t - x, t) == pytest.approx(f(x, t), rel=1e-10, abs=1e-13)


@given(st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), min_size=2, max_size=25),
       st.randoms(use_true_random=False))
def test_multigroup_invariances_and_dataframe(rows: List[List[int]], rnd: object) -> None:
    m = np.array(rows, dtype=float)
    assume((m.sum(axis=0) > 0).all() and (m.sum(axis=1) > 0).sum() >= 2)
    perm = list(range(len(rows)))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    df = pd.DataFrame(m, columns=["a", "b", "c"], index=[f"O{i}" for i in range(len(rows))])
    for name in MULTI:
        f = getattr(seg, name)
        base = f(m)
        assert f(m[perm]) == pytest.approx(base, rel=1e-10, abs=1e-13)
        assert f(np.asfortranarray(m)) == base
        assert f(df) == base
    local = seg.local_mutual_information(df)
    assert list(local.index) == list(df.index)
    t = m.sum(axis=1)
    ok = t > 0
    weighted = float(np.sum(local["local_mutual_information"].to_numpy()[ok] * t[ok]) / t.sum())
    assert weighted == pytest.approx(seg.mutual_information(m), rel=1e-10, abs=1e-13)
