"""Berlin MSS 2021: the published status and dynamics classes of all Planungsräume, recomputed
from the published z-values (data/berlin/, Senatsverwaltung für Stadtentwicklung, Bauen und
Wohnen Berlin, Monitoring Soziale Stadtentwicklung 2021; see data/README.md).

Same checks as bildung-core/tests/berlin_mss.rs, through the pandas API: the z-values have SD 1
with divisor n (ddof=0) over the 536 PLR with values; index = sum / SD of the sums; every class
equals the published one; the PLR within the rounding bound of a threshold (the z-values are
rounded to 2 decimals) are exactly the listed ones, and for them the index computed from the
published sums (rounded only once) gives the published class too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bildung import index as ix

CSV = Path(__file__).resolve().parents[2] / "data" / "berlin" / \
    "mss_2021_index-indikatoren_z-werte_plr.csv"

NEAR_STATUS = ["01100415", "05100316", "06300631", "07300515", "07601546", "08100417",
               "09100409", "09501838", "12100204"]
NEAR_DYNAMICS = ["04200310", "04300414", "04300518", "07601341", "10100207", "12500825"]


def _read() -> pd.DataFrame:
    df = pd.read_csv(CSV, sep=";", encoding="utf-8-sig", dtype={"PLR-ID": str})
    df.columns = [c.strip() for c in df.columns]
    return df.set_index("PLR-ID")


def test_berlin_mss_2021_classes() -> None:
    df = _read()
    assert len(df) == 542
    status = df[["zS1", "zS3", "zS4"]]
    dynamics = df[["zD1", "zD3", "zD4"]]
    r = ix.status_dynamics(status, dynamics, standardise=False, population=df["EW 31.12.2020"],
                           min_population=300, ddof=0, centre_index=False, nan_policy="omit")
    out = r.to_pandas()
    assert out.index.equals(df.index)
    published_s = df["Zuordnung Klasse Status-Index"]
    published_d = df["Zuordnung Klasse Dynamik-Index"]
    have = published_s.notna()
    assert have.sum() == 536
    assert (out.loc[have, "status_class"].astype(str) == published_s[have]).all()
    assert (out.loc[have, "dynamics_class"].astype(str) == published_d[have]).all()
    assert out.loc[~have, "status_class"].isna().all()
    assert sorted(df.index[~have]) == ["03300515", "03400831", "04400725", "05300838",
                                       "06200418", "10100205"]
    assert r.status.classes.counts == (75, 366, 46, 49)
    assert r.dynamics.classes.counts == (48, 436, 52)
    assert int(r.status.index.parameters["n_reference"][0]) == 536
    assert r.groups.n_used == 536 and len(r.groups.labels) == 12

    # the divisor: population SD (ddof 0) of the published z-values is 1
    z0 = ix.zscore(status, ddof=0, nan_policy="omit").parameters["sd"]
    z1 = ix.zscore(status, ddof=1, nan_policy="omit").parameters["sd"]
    assert np.all(np.abs(z0 - 1) < 2e-4) and np.all(z1 - 1 > 8e-4)

    # published index ~ published sum / SD of the published sums, within the two roundings
    for name, part, near, sums, idx, classes, preset in (
        ("status", r.status, NEAR_STATUS, df["Status-summe"],
         df["Status-Index (standardisierte Statussumme)"], published_s, "mss_status"),
        ("dynamics", r.dynamics, NEAR_DYNAMICS, df["Dynamik-summe"],
         df["Dynamik-Index (standardisierte Dynamik-summe)"], published_d, "mss_dynamics"),
    ):
        from_sums = ix.restandardise(sums, population=df["EW 31.12.2020"], min_population=300,
                                     ddof=0, centre=False, nan_policy="omit").to_pandas()
        sd_s = float(sums[have].std(ddof=0))
        bound_s = 0.005 / sd_s * (1 + from_sums.abs() + 0.01)
        assert ((from_sums - idx).abs()[have] <= 0.005 + bound_s[have]).all(), name
        rec = pd.Series(part.values, index=df.index)
        bound = 0.015 / part.sd * (1 + rec.abs() + 0.02)
        assert ((rec - from_sums).abs()[have] <= bound[have]).all(), name
        thresholds = np.array(part.classes.thresholds)
        close = [i for i in df.index[have]
                 if np.any(np.abs(rec[i] - thresholds) <= bound[i])]
        assert sorted(close) == near, name
        by_sums = ix.classify(from_sums, preset, nan_policy="omit").to_pandas()["class"]
        assert (by_sums[close].astype(str) == classes[close]).all(), name
