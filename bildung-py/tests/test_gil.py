"""The compiled functions release the GIL and are safe to call from several threads at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from bildung import inequality as iq


def test_concurrent_gini_on_a_million_values_is_identical() -> None:
    rng = np.random.default_rng(20240101)
    x = rng.lognormal(mean=3.0, sigma=0.8, size=1_000_000)
    w = rng.integers(1, 50, size=1_000_000).astype(np.float64)
    x_view = x[::-1]  # a strided view, shared read-only by every thread
    expected = iq.gini(x_view, w)
    expected_unweighted = iq.gini(x)
    start = threading.Barrier(4)

    def work(i: int) -> tuple[float, float]:
        start.wait()  # all threads enter the core at about the same time
        return iq.gini(x_view, w), iq.gini(x)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(4)))
    assert all(r == (expected, expected_unweighted) for r in results)
    # the input is untouched
    assert x_view[0] == x[-1]


def test_concurrent_mixed_measures() -> None:
    rng = np.random.default_rng(7)
    x = rng.gamma(2.0, 10.0, size=200_000)
    groups = rng.integers(0, 40, size=x.size)
    serial = (iq.theil(x), iq.ge_decomposition(x, groups).within, iq.quantile(x, 0.9))

    def work(_: int) -> tuple[float, float, float]:
        return iq.theil(x), iq.ge_decomposition(x, groups).within, iq.quantile(x, 0.9)

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert all(r == serial for r in pool.map(work, range(6)))


def test_concurrent_indicator_computations_are_identical() -> None:
    import pandas as pd

    from bildung import indicators as ind

    rng = np.random.default_rng(11)
    n_areas = 2_000
    leavers = pd.DataFrame({
        "unit_id": np.repeat([f"U{i}" for i in range(n_areas)], 4),
        "leaving_year": 2023,
        "sex": np.tile(["female", "female", "male", "male"], n_areas),
        "abschluss": np.tile(["ohne_hsa", "ahr"], 2 * n_areas),
        "count": rng.integers(0, 40, size=4 * n_areas),
    })
    cat = ind.Catalogue.builtin()
    serial = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex", catalogue=cat)

    def work(i: int) -> pd.DataFrame:
        if i == 0:  # adding to the catalogue while others compute with it is fine
            cat.add_json(f'[{{"id": "T{i}", "area": "D", "name_de": "x", "name_en": "x", '
                         '"mode": "count", "numerator": {"table": "school_leavers"}, '
                         '"source": "test"}]')
        return ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex", catalogue=cat)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(4)))
    for r in results:
        pd.testing.assert_frame_equal(r, serial)
    assert "T0" in cat
