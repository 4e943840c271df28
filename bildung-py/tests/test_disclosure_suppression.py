"""bildung.disclosure cell suppression: primary rules, protect, audit and the table forms.

Expected patterns and intervals are worked out by hand in the comments (a 3 x 3 table with one
small cell needs a rectangle of four interior cells; a cell whose only partner is in its row is
recomputable from its column; ...).
"""

from __future__ import annotations

from typing import List

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bildung
from bildung import disclosure as dc

INTERIOR = [[1, 5, 8], [6, 4, 9], [7, 10, 12]]


def _frame_with_margins() -> pd.DataFrame:
    # 1 5 8 | 14 / 6 4 9 | 19 / 7 10 12 | 29 / 14 19 29 | 62
    return pd.DataFrame(
        [[1, 5, 8, 14], [6, 4, 9, 19], [7, 10, 12, 29], [14, 19, 29, 62]],
        index=pd.Index(["Nord", "Mitte", "Süd", "Stadt"], name="Bezirk"),
        columns=["HS", "RS", "GY", "Summe"],
    )


# ------------------------------------------------------------------------------ primary rules


def test_min_count_rule_shapes() -> None:
    assert dc.min_count_rule([0, 1, 2, 3]).tolist() == [False, True, True, False]
    assert dc.min_count_rule([0, 4], protect_zeros=True).tolist() == [True, False]
    s = dc.min_count_rule(pd.Series([1, 9], index=["a", "b"]), 5)
    assert isinstance(s, pd.Series) and s.to_dict() == {"a": True, "b": False}
    f = dc.min_count_rule(_frame_with_margins())
    assert isinstance(f, pd.DataFrame) and f.loc["Nord", "HS"] and not f.loc["Nord", "RS"]
    with pytest.raises(bildung.NegativeValueError):
        dc.min_count_rule([-1])
    with pytest.raises(TypeError):
        dc.min_count_rule(["a"])


def test_min_denominator_rule() -> None:
    # Destatis small-area rule: rates on fewer than 100 people are not published
    assert dc.min_denominator_rule([0, 50, 99, 100], 100).tolist() == [True, True, True, False]
    with pytest.raises(bildung.ParameterError):
        dc.min_denominator_rule([10], 0)


def test_dominance_rules() -> None:
    cells = [[90, 5, 5], [40, 30, 30], []]
    # (1, 85): 90 > 85 % of 100; 40 < 85 %; an empty cell is not sensitive
    assert dc.dominance_rule(cells, n=1, k=85).tolist() == [True, False, False]
    # (2, 60): 40 + 30 = 70 > 60 % of 100
    assert dc.dominance_rule(cells, n=2, k=60).tolist() == [True, True, False]
    # p % rule, p = 10: 100 - 90 - 5 = 5 < 9 (sensitive); 100 - 40 - 30 = 30 >= 4
    assert dc.dominance_rule(cells, p=10).tolist() == [True, False, False]
    long = pd.Series([90, 40, 5, 30, 5, 30])
    firms = pd.Series(["A", "B", "A", "B", "A", "B"], name="Schulträger")
    s = dc.dominance_rule(long, firms, n=1, k=85)
    assert s.to_dict() == {"A": True, "B": False} and s.index.name == "Schulträger"
    with pytest.raises(bildung.ParameterError):
        dc.dominance_rule(cells, n=1, k=85, p=10)
    with pytest.raises(bildung.ParameterError):
        dc.dominance_rule(cells, n=1)
    with pytest.raises(bildung.ParameterError):
        dc.dominance_rule(cells, n=0, k=85)
    with pytest.raises(bildung.ParameterError):
        dc.dominance_rule(cells, p=-1)
    with pytest.raises(bildung.ShapeError):
        dc.dominance_rule([1, 2], ["a"], p=10)
    with pytest.raises(TypeError):
        dc.dominance_rule(5, p=10)


# ------------------------------------------------------------------------------ protect


def test_protect_two_way_with_margins_is_a_rectangle() -> None:
    t = _frame_with_margins()
    p = dc.protect(t)
    # the 1 (Nord, HS) is primary; the cheapest safe partners are RS/Nord, HS/Mitte, RS/Mitte
    # (cost 5 + 6 + 4 = 15; brute force in tests/golden/suppression.json)
    hidden = [(r, c) for r in t.index for c in t.columns if p.status.loc[r, c] != "published"]
    assert hidden == [("Nord", "HS"), ("Nord", "RS"), ("Mitte", "HS"), ("Mitte", "RS")]
    assert p.status.loc["Nord", "HS"] == "primary" and p.status.loc["Mitte", "RS"] == "secondary"
    assert isinstance(p.status["HS"].dtype, pd.CategoricalDtype)
    assert list(p.status["HS"].cat.categories) == list(dc.STATUS_NAMES)
    assert p.codes.shape == (4, 4) and p.codes[0, 0] == 3
    assert (p.n_primary, p.n_secondary) == (1, 3)
    assert p.values.equals(t.astype(float))
    assert p.audit.is_safe and "safe=True" in repr(p)
    # the interval of the 1: [0, 6] (1 + min(5, 6)); upper 6 >= 1 + (3 - 1)
    iv = p.audit.intervals.loc[("Nord", "HS")]
    assert (iv["lower"], iv["upper"], iv["required_upper"]) == (0.0, 6.0, 2.0)
    assert np.isnan(p.audit.intervals.loc[("Süd", "GY"), "lower"])
    assert np.isnan(p.audit.intervals.loc[("Nord", "RS"), "required_upper"])  # not primary
    # publishable output of the result
    assert p.render().loc["Nord"].tolist() == [".", ".", "8", "14"]
    csv = p.to_csv(symbols="letter")
    assert csv.split("\r\n")[1] == "Nord;g;g;8;14"
    assert "Zeichenerklärung" in p.style().caption


def test_protect_interior_gets_margins() -> None:
    t = pd.DataFrame(INTERIOR, index=["a", "b", "c"], columns=["x", "y", "z"])
    p = dc.protect(t, margins=False, total_label="Summe")
    assert list(p.values.index) == ["a", "b", "c", "Summe"]
    assert list(p.values.columns) == ["x", "y", "z", "Summe"]
    assert p.values.loc["Summe", "Summe"] == 62
    assert p.status.loc["a", "x"] == "primary"
    # numpy in, numpy out
    pa = dc.protect(np.array(INTERIOR, dtype=float), margins=False)
    assert isinstance(pa.values, pd.DataFrame) or pa.values.shape == (4, 4)
    assert pa.codes.tolist() == p.codes.tolist()


def test_protect_hierarchy_with_parent_column() -> None:
    # city = Bezirk 1 + Bezirk 2; each Bezirk = two Ortsteile; columns m, w
    t = pd.DataFrame(
        {
            "m": [22, 2, 20, 1, 1, 9, 11],
            "w": [49, 22, 27, 10, 12, 14, 13],
            "Bezirk": [None, "Stadt", "Stadt", "B1", "B1", "B2", "B2"],
        },
        index=["Stadt", "B1", "B2", "OT11", "OT12", "OT21", "OT22"],
    )
    p = dc.protect(t, parent="Bezirk", must_publish=[0, 1])
    assert list(p.values.columns) == ["m", "w"]
    # primary: 2 (B1, m), 1 (OT11, m), 1 (OT12, m); B1's m must get a partner in the Bezirk row
    # level (B2, m), and B2's Ortsteile one more (OT21, m): cost 20 + 9 = 29 (brute force)
    assert p.status.loc["B1", "m"] == "primary"
    assert p.status.loc["B2", "m"] == "secondary" and p.status.loc["OT21", "m"] == "secondary"
    assert p.status.loc["Stadt", "m"] == "published"
    assert p.audit.is_safe
    # the same with parent labels given separately and a total column
    t2 = t.drop(columns=["Bezirk"]).assign(zus=lambda d: d["m"] + d["w"])
    p2 = dc.protect(t2, parent=t["Bezirk"], total_column="zus")
    assert p2.audit.is_safe and p2.status.loc["OT11", "m"] == "primary"
    # no row relation is left with exactly one hidden cell
    hidden = p2.codes != 0
    assert all(hidden[i].sum() != 1 for i in range(hidden.shape[0]))


def test_protect_general_series_with_relations() -> None:
    s = pd.Series([2.0, 7.0, 4.0, 13.0], index=["Gym", "RS", "HS", "Summe"], name="Abgänger")
    p = dc.protect(s, relations=[(3, [0, 1, 2])])
    assert isinstance(p.status, pd.Series) and list(p.status.index) == list(s.index)
    assert p.status["Gym"] == "primary"
    # one partner is needed in the single relation; the cheapest is the 4 (HS): the 2 then
    # lies in [0, 6] (2 + 4 = 13 - 7), above 2 + (3 - 2)
    assert list(p.status) == ["primary", "published", "secondary", "published"]
    assert p.render().iloc[:, 0].tolist() == [".", "7", ".", "13"]


def test_protect_with_given_statuses_and_extra_primaries() -> None:
    t = _frame_with_margins() * 10  # no cell below 3
    assert dc.protect(t).n_primary == 0
    extra = np.zeros((4, 4), dtype=bool)
    extra[2, 2] = True  # e.g. by a dominance rule
    p = dc.protect(t, primary=extra)
    assert p.status.loc["Süd", "GY"] == "primary" and p.n_secondary >= 3 and p.audit.is_safe
    st = np.zeros((4, 4), dtype=np.int64)
    st[0, 1] = 5  # unknown: stays unpublished, not protected
    p2 = dc.protect(t, status=st)
    assert p2.status.loc["Nord", "RS"] == "unknown" and p2.n_primary == 0
    p3 = dc.protect(t, primary=[10])  # cell positions work too
    assert p3.codes.reshape(-1)[10] == 3


def test_protect_errors() -> None:
    t = _frame_with_margins()
    bad = t.copy()
    bad.loc["Stadt", "HS"] = 15  # column total does not add up
    with pytest.raises(bildung.InconsistentTableError) as e:
        dc.protect(bad)
    assert "Stadt" in str(e.value)
    with pytest.raises(bildung.ProtectionError):
        # 1 + 5 = 6 with the partner and the total published: the 1 is recomputable
        dc.protect([1.0, 5.0, 6.0], relations=[(2, [0, 1])], must_publish=[1, 2])
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, min_count=0.5)
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, cost="cheap")
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, max_rounds=0)
    with pytest.raises(bildung.ShapeError):
        dc.protect([1.0, 2.0, 3.0])  # 1-D needs relations
    with pytest.raises(bildung.ShapeError):
        dc.protect(t, must_publish=np.zeros((3, 3), dtype=bool))
    with pytest.raises(TypeError):
        dc.protect(t, must_publish=np.zeros((4, 4)))
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, relations=[(3, [0, 1, 2])], parent=[None] * 4)
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, total_column="Summe")  # only with a hierarchy
    with pytest.raises(bildung.ParameterError):
        dc.protect(t, parent=["Stadt", "Stadt", "Stadt", "Berlin"])  # unknown label
    with pytest.raises(bildung.ParameterError):
        dc.protect(np.ones((2, 1)), parent=[1, 0])  # a cycle
    with pytest.raises(bildung.ShapeError):
        dc.protect(t, parent=[None, "Stadt"])
    with pytest.raises(TypeError):
        dc.protect(t.astype(str))
    with pytest.raises(bildung.NegativeValueError):
        dc.protect([-1.0, 1.0, 0.0], relations=[(2, [0, 1])])


# ------------------------------------------------------------------------------ audit


def test_audit_flags_a_row_partner_only() -> None:
    # 1 5 | 6 / 6 9 | 15 / 7 14 | 21 with the 1 and its row partner hidden: the column
    # 1 + 6 = 7 gives the 1 back exactly (interval [1, 1])
    full = [[1, 5, 6], [6, 9, 15], [7, 14, 21]]
    st = [["primary", "secondary", "published"], ["published"] * 3, ["published"] * 3]
    a = dc.audit(full, st)
    assert not a.is_safe and "is_safe=False" in repr(a)
    u = a.unsafe_cells
    assert len(u) == 1 and (u["lower"].iloc[0], u["upper"].iloc[0]) == (1.0, 1.0)
    assert u["status"].iloc[0] == "primary"
    # with the rectangle hidden the 1 lies in [0, 6]
    st[1][0] = st[1][1] = "secondary"
    a = dc.audit(full, st)
    assert a.is_safe and (a.intervals["lower"].iloc[0], a.intervals["upper"].iloc[0]) == (0, 6)
    assert a.n_lp >= 1


def test_audit_own_protection_requirement() -> None:
    full = np.array([[1, 5, 6], [6, 9, 15], [7, 14, 21]], dtype=float)
    st = np.zeros((3, 3), dtype=np.int64)
    st[0, 0] = 3
    st[0, 1] = st[1, 0] = st[1, 1] = 4
    # [0, 6] around 1: required upper 6 is met, 6 + 1 is not
    ok = dc.audit(full, st, protection=(np.zeros(9), np.full(9, 5.0), np.ones(9)))
    assert ok.is_safe
    no = dc.audit(full, st, protection=(np.zeros(9), np.full(9, 6.0), np.ones(9)))
    assert not no.is_safe
    with pytest.raises(TypeError):
        dc.audit(full, st, protection=np.zeros(9))
    with pytest.raises(bildung.ShapeError):
        dc.audit(full, st, protection=(np.zeros(8), np.zeros(8), np.zeros(8)))
    with pytest.raises(bildung.ShapeError):
        dc.audit(full, st[:2])
    with pytest.raises(bildung.ParameterError):
        dc.audit(full, np.full((3, 3), 12))


def test_table_relations_feeds_round_table() -> None:
    full, rel = dc.table_relations(pd.DataFrame(INTERIOR), margins=False)
    assert full.shape == (4, 4) and full.iloc[3, 3] == 62
    assert len(rel) == 8  # 4 row and 4 column relations
    r = dc.round_table(full, 5, rel)
    assert r.values.shape == (4, 4) and r.values.iloc[3, 3] == 60


# ------------------------------------------------------------------------------ properties


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=4),
        min_size=2,
        max_size=4,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_protect_is_always_safe(rows: List[List[int]]) -> None:
    try:
        p = dc.protect(np.array(rows, dtype=float), margins=False)
    except bildung.ProtectionError:
        return  # documented outcome when no safe pattern exists
    assert p.audit.is_safe
    hidden = np.asarray(p.codes) >= 3
    _, rel = dc.table_relations(np.array(rows, dtype=float), margins=False)
    flat = hidden.reshape(-1)
    for total, parts in rel:
        assert int(flat[[total, *parts]].sum()) != 1, (rows, total, parts)
    # every primary cell really is below the minimum count
    v = np.asarray(p.values).reshape(-1)
    prim = np.asarray(p.codes).reshape(-1) == 3
    assert ((v[prim] > 0) & (v[prim] < 3)).all()

