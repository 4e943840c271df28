"""bildung.indicators: the hand examples of bildung-core/tests/indicators_engine.rs recomputed
through Python (expected values written out as hand calculations), bad input, pandas dtypes and
the catalogue API."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pytest

import bildung
from bildung import indicators as ind
from bildung.indicators import Catalogue


def record(df: pd.DataFrame, indicator: str, unit: str, period: int, category: str = "total",
           **by: str) -> pd.Series:
    """The one record of an indicator, area, period, category and breakdown."""
    mask = (
        (df["indicator"] == indicator)
        & (df["unit_id"] == unit)
        & (df["period"] == period)
        & (df["category"] == category)
    )
    for name, value in by.items():
        mask &= df[name] == value
    rows = df[mask]
    assert len(rows) == 1, f"{len(rows)} records for {indicator} {unit} {period} {category} {by}"
    return rows.iloc[0]


# ---------------------------------------------------------------- hand examples (engine tests)


def abitur_tables() -> Dict[str, pd.DataFrame]:
    """methods.md 6.3: Abitur 2024 by age 17..21 on 31.12.2023 (birth year = 2023 - age)."""
    ages = [17, 18, 19, 20, 21]
    leavers = pd.DataFrame({
        "unit_id": "X",
        "leaving_year": 2024,
        "abschluss": "ahr",
        "externe": "no",
        "birth_year": [2023 - a for a in ages],
        "count": [6, 148, 95, 21, 5],
    })
    population = pd.DataFrame({
        "unit_id": "X", "year": 2023, "age": ages, "count": [410, 395, 360, 340, 300],
    })
    return {"school_leavers": leavers, "population": population}


def test_quota_sum_worked_example_methods_6_3() -> None:
    df = ind.compute(abitur_tables(), "D-SBQ-QSV")
    r = record(df, "D-SBQ-QSV", "X", 2024)
    hand = 100.0 * (6 / 410 + 148 / 395 + 95 / 360 + 21 / 340 + 5 / 300)
    assert r["value"] == pytest.approx(hand, abs=1e-12)
    assert round(r["value"], 2) == 73.16  # methods.md 6.3
    se = 100.0 * math.sqrt(6 / 410**2 + 148 / 395**2 + 95 / 360**2 + 21 / 340**2 + 5 / 300**2)
    assert r["se"] == pytest.approx(se, abs=1e-12)
    assert round(r["se"], 2) == 4.42
    assert r["numerator"] == 275.0
    assert r["status"] == "ok"
    # the definition is in force 2009..=2021: 2024 is outside and flagged
    assert "outside_validity" in r["flags"].split("|")
    assert r["denominator_ref"] == "2023-12-31"
    assert r["numerator_ref"] == "leaving year 2024"
    assert r["unit_of_value"] == "percent"
    assert r["symbol"] is None


DJ_TOML = """[[indicator]]
id = "AHR-DJ"
area = "D"
name_de = "Abiturquote DJ"
name_en = "Abitur rate, average cohort"
mode = "mean_cohort"
numerator = { table = "school_leavers", filter = { abschluss = ["ahr"] } }
denominator = { table = "population", period_offset = -1 }
age_band = { from = 18, to = 21 }
source = "methods.md 6.3"
"""


def test_mean_cohort_user_definition_methods_6_3() -> None:
    cat = Catalogue.from_toml(DJ_TOML)
    df = ind.compute(abitur_tables(), "AHR-DJ", catalogue=cat)
    r = record(df, "AHR-DJ", "X", 2024)
    assert r["status"] == "ok"
    # 275 / ((395 + 360 + 340) / 3) = 275 / 365 = 75.34 %
    assert r["value"] == pytest.approx(100.0 * 275 / 365, abs=1e-12)
    assert round(r["value"], 2) == 75.34
    assert r["denominator"] == 395 + 360 + 340  # the band population; its mean is 365


def test_indicators_md_2_4_qsv_and_dj() -> None:
    births = [2008, 2007, 2006, 2005]
    tables = {
        "school_leavers": pd.DataFrame({
            "unit_id": "X", "leaving_year": 2023, "abschluss": "ohne_hsa",
            "birth_year": births, "count": [2, 30, 25, 8],
        }),
        "population": pd.DataFrame({
            "unit_id": "X", "year": 2022, "age": [2022 - b for b in births],
            "count": [1000, 1020, 1050, 1100],
        }),
    }
    df = ind.compute(tables, ["D-ABS-OHSA-QSV", "D-ABS-OHSA-DJ"])
    q = record(df, "D-ABS-OHSA-QSV", "X", 2023)["value"]
    assert q == pytest.approx(100.0 * (2 / 1000 + 30 / 1020 + 25 / 1050 + 8 / 1100), abs=1e-12)
    assert round(q, 2) == 6.25
    dj = record(df, "D-ABS-OHSA-DJ", "X", 2023)
    assert dj["status"] == "ok"
    # DJ 15 to under 17: 65 / ((1020 + 1050) / 2) = 65 / 1035 = 6.28 %
    assert dj["value"] == pytest.approx(100.0 * 65 / 1035, abs=1e-12)
    assert round(dj["value"], 2) == 6.28


def leaver_shares() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_id": ["A", "A", "A", "A", "B", "B", "B"],
        "leaving_year": 2023,
        "sex": ["female", "female", "male", "male", "female", "male", "male"],
        "abschluss": ["ohne_hsa", "ahr", "ohne_hsa", "ahr", "ahr", "ohne_hsa", "ahr"],
        "count": [2, 18, 6, 14, np.nan, 3, 9],
        "symbol": [None, None, None, None, ".", None, None],
    })


def test_share_by_category_with_symbols_and_breakdowns() -> None:
    tables = {"school_leavers": leaver_shares()}
    df = ind.compute(tables, "D-ABS-ANTEIL")
    # A: ohne_hsa (2 + 6) of 40 = 20 %, ahr 32 of 40 = 80 %
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa")["value"] == 20.0
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ahr")["value"] == 80.0
    # B: the `.` cell makes B missing, never 0
    b = record(df, "D-ABS-ANTEIL", "B", 2023, "ohne_hsa")
    assert b["status"] == "missing" and math.isnan(b["value"]) and b["symbol"] == "."
    # by sex: A female 2/20 = 10 %, A male 6/20 = 30 %, B male 3/12 = 25 %
    df = ind.compute(tables, "D-ABS-ANTEIL", by="sex")
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa", sex="female")["value"] == 10.0
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa", sex="male")["value"] == 30.0
    assert record(df, "D-ABS-ANTEIL", "B", 2023, "ohne_hsa", sex="male")["value"] == 25.0
    # B female has ahr missing and no ohne_hsa row: the denominator is missing
    assert record(df, "D-ABS-ANTEIL", "B", 2023, "ohne_hsa", sex="female")["status"] == "missing"
    assert list(df.columns) == [
        "indicator", "version", "unit_id", "period", "sex", "category", "value", "numerator",
        "denominator", "se", "status", "symbol", "flags", "unit_of_value", "numerator_ref",
        "denominator_ref", "population_source", "census_basis",
    ]
    assert list(df["status"].cat.categories) == [
        "ok", "missing", "not_computable", "undefined", "no_data",
    ]
    for column in ("indicator", "unit_id", "sex", "category", "flags", "unit_of_value"):
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    assert df.attrs["skipped"] == []


def kita_tables(pop_counts: List[float]) -> Dict[str, pd.DataFrame]:
    return {
        "kita_children": pd.DataFrame({
            "unit_id": ["A", "A", "A", "B"], "year": 2024, "age": [0, 1, 2, 2],
            "care_type": ["kita", "kita", "tagespflege", "kita"], "count": [3, 40, 20, 5],
        }),
        # population 31.12.2023 (offset -1) by single age 0, 1, 2 for A and B
        "population": pd.DataFrame({
            "unit_id": ["A", "A", "A", "B", "B", "B"], "year": 2023, "age": [0, 1, 2, 0, 1, 2],
            "count": pop_counts,
        }),
    }


def test_rate_with_population_of_previous_year() -> None:
    t = kita_tables([100, 100, 50, 10, 10, 10])
    df = ind.compute(t, ["C-BQ-U3", "C-BQ-2", "C-BQ-U3-ART"])
    a = record(df, "C-BQ-U3", "A", 2024)
    assert a["value"] == pytest.approx(100.0 * (3 + 40 + 20) / 250, abs=1e-12)  # 25.2 %
    assert a["numerator"] == 63.0 and a["denominator"] == 250.0
    assert a["numerator_ref"] == "2024-03-01" and a["denominator_ref"] == "2023-12-31"
    assert record(df, "C-BQ-U3", "B", 2024)["value"] == pytest.approx(100.0 * 5 / 30, abs=1e-12)
    assert record(df, "C-BQ-2", "A", 2024)["value"] == 40.0  # 20 / 50
    art = record(df, "C-BQ-U3-ART", "A", 2024, "kita")["value"]
    assert art == pytest.approx(100.0 * 43 / 250, abs=1e-12)
    assert record(df, "C-BQ-U3-ART", "A", 2024, "tagespflege")["value"] == 8.0  # 20 / 250
    # a denominator of 0 is "not computable", not an error
    df = ind.compute(kita_tables([100, 100, 50, 0, 0, 0]), "C-BQ-U3")
    assert record(df, "C-BQ-U3", "B", 2024)["status"] == "not_computable"


def test_age_gaps_and_classes() -> None:
    tables = {
        "kita_children": pd.DataFrame({
            "unit_id": ["A", "B"], "year": 2024, "age": [1, 1], "count": [3, 4],
        }),
        "population": pd.DataFrame({
            "unit_id": ["A", "A", "A", "B", "B"], "year": 2023, "age": [0, 1, 2, 0, 2],
            "count": 10,
        }),
    }
    df = ind.compute(tables, "C-BQ-U3")
    assert record(df, "C-BQ-U3", "A", 2024)["status"] == "ok"
    b = record(df, "C-BQ-U3", "B", 2024)  # B lacks age 1
    assert b["status"] == "no_data" and "age_gap" in b["flags"].split("|")
    # population in classes: "unter 3" fits the band, "3 bis unter 6" lies outside
    classes = {
        "kita_children": pd.DataFrame({
            "unit_id": ["A"], "year": [2024], "age": [1], "count": [30],
        }),
        "population": pd.DataFrame({
            "unit_id": ["A", "A"], "year": 2023, "age": [0, 3], "age_to": [3, 6],
            "count": [120, 130],
        }),
    }
    assert record(ind.compute(classes, "C-BQ-U3"), "C-BQ-U3", "A", 2024)["value"] == 25.0
    with pytest.raises(bildung.MalformedInputError, match=r"row 0, column `age`.*straddles"):
        ind.compute(classes, "C-BQ-2")


def test_layered_flow_by_hand() -> None:
    rows = [("geloest", 2024, start, n) for start, n in
            [(2024, 10), (2023, 8), (2022, 5), (2021, 2)]]
    rows += [("begonnen", y, y, b) for y, b in [(2024, 100), (2023, 90), (2022, 80), (2021, 85)]]
    contracts = pd.DataFrame(rows, columns=["event", "report_year", "contract_start_year", "count"])
    contracts.insert(0, "unit_id", "A")
    df = ind.compute({"vocational_contracts": contracts}, "E-LQ")
    r = record(df, "E-LQ", "A", 2024)
    assert r["status"] == "ok"
    hand = 100.0 * (10 / 100 + 8 / 90 + 5 / 80 + 2 / 85)
    assert r["value"] == pytest.approx(hand, abs=1e-12)


def test_change_in_percentage_points() -> None:
    population = pd.DataFrame({
        "unit_id": "A", "year": [2018, 2018, 2020, 2020],
        "citizenship": ["de", "nde", "de", "nde"], "count": [90, 10, 85, 15],
    })
    cat = Catalogue.builtin()
    cat.add_toml("""[[indicator]]
id = "A-AUSL-D2"
area = "A"
name_de = "Veränderung des Ausländeranteils in 2 Jahren"
name_en = "two-year change of the share of foreign nationals"
mode = "change_pp"
base = "A-AUSL"
lag = 2
source = "MSS-style Dynamik indicator"
""")
    df = ind.compute({"population": population}, "A-AUSL-D2", catalogue=cat)
    assert len(df) == 1  # only 2020 has a value two years earlier
    r = record(df, "A-AUSL-D2", "A", 2020)
    assert r["value"] == pytest.approx(15.0 - 10.0, abs=1e-12)  # 15/100 - 10/100 in pp
    assert r["unit_of_value"] == "percentage points"


def test_bad_input_is_named_like_the_core() -> None:
    t = kita_tables([1] * 6)
    with pytest.raises(bildung.UnknownIndicatorError, match="NOPE") as info:
        ind.compute(t, "NOPE")
    assert isinstance(info.value, LookupError)
    # an explicitly requested indicator whose table is missing
    with pytest.raises(bildung.MalformedInputError, match="school_leavers.*D-ABS-ANTEIL"):
        ind.compute(t, "D-ABS-ANTEIL")
    # the whole catalogue: indicators without data are skipped and listed
    df = ind.compute(t)
    skipped = dict(df.attrs["skipped"])
    assert "D-ABS-ANTEIL" in skipped and "school_leavers" in skipped["D-ABS-ANTEIL"]
    record(df, "C-BQ-U3", "A", 2024)
    # a breakdown column the table lacks
    with pytest.raises(bildung.MalformedInputError, match="column `sex`"):
        ind.compute(t, "C-BQ-U3", by="sex")
    # unknown area id once the geography is declared
    with pytest.raises(bildung.MalformedInputError, match=r"row 3, column `unit_id`.*`B`"):
        ind.compute(t, "C-BQ-U3", units=["A"])
    # a filter value no row has (a typo) is named, not silently zero
    typo = Catalogue.from_toml("""[[indicator]]
id = "TYPO"
area = "C"
name_de = "x"
name_en = "x"
mode = "share"
numerator = { table = "kita_children", filter = { care_type = ["kiTa"] } }
denominator = { table = "kita_children" }
source = "test"
""")
    with pytest.warns(bildung.BildungWarning, match=r"`TYPO`.*numerator\.filter\.care_type"):
        df = ind.compute(t, "TYPO", catalogue=typo)
    assert record(df, "TYPO", "A", 2024)["numerator"] == 0.0
    assert df.attrs["warnings"][0][0] == "TYPO"


# ---------------------------------------------------------------- more behaviour


def test_units_give_every_area_a_record_and_periods_filter() -> None:
    t = kita_tables([100, 100, 50, 10, 10, 10])
    df = ind.compute(t, "C-BQ-U3", units=pd.Index(["A", "B", "C"]))
    c = record(df, "C-BQ-U3", "C", 2024)
    assert c["status"] == "no_data" and math.isnan(c["value"])
    assert ind.compute(t, "C-BQ-U3", periods=2023).empty
    assert len(ind.compute(t, "C-BQ-U3", periods=[2024])) == 2


def test_count_mode_has_no_denominator_reference() -> None:
    population = pd.DataFrame({"unit_id": ["A", "B"], "year": 2022, "count": [10, 20]})
    df = ind.compute({"population": population}, "A-BEV")
    a = record(df, "A-BEV", "A", 2022)
    assert a["value"] == 10.0 and a["unit_of_value"] == "count"
    assert a["numerator_ref"] == "2022-12-31"
    assert pd.isna(a["denominator_ref"])


def test_population_source_and_census_basis_are_carried() -> None:
    kita = pd.DataFrame({"unit_id": ["A", "B"], "year": 2024, "age": [1, 1], "count": [3, 4]})
    population = pd.DataFrame({
        "unit_id": ["A"] * 3 + ["B"] * 3, "year": 2023, "age": [0, 1, 2] * 2,
        "source": ["fortschreibung"] * 3 + ["register", "register", "fortschreibung"],
        "census_basis": "z2022", "count": 10,
    })
    df = ind.compute({"kita_children": kita, "population": population}, "C-BQ-U3")
    a, b = record(df, "C-BQ-U3", "A", 2024), record(df, "C-BQ-U3", "B", 2024)
    assert (a["population_source"], a["census_basis"]) == ("fortschreibung", "z2022")
    assert a["value"] == pytest.approx(100.0 * 3 / 30, abs=1e-12)
    # B mixes register and Fortschreibung rows: the value is kept but marked
    assert b["population_source"] == "mixed" and b["census_basis"] == "z2022"
    assert b["flags"] == "mixed_population_basis"
    assert b["value"] == pytest.approx(100.0 * 4 / 30, abs=1e-12)
    # without the columns: missing, not a text
    plain = population.drop(columns=["source", "census_basis"])
    df = ind.compute({"kita_children": kita, "population": plain}, "C-BQ-U3")
    assert df["population_source"].isna().all() and df["census_basis"].isna().all()


def test_symbol_dash_is_zero_and_pd_na_is_missing() -> None:
    leavers = leaver_shares()
    leavers.loc[4, "symbol"] = "-"  # B female ahr: nothing there, a true 0
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex")
    r = record(df, "D-ABS-ANTEIL", "B", 2023, "ahr", sex="female")
    assert r["status"] == "not_computable"  # 0 of 0
    leavers.loc[3, "symbol"] = "-"  # `-` on the number 14: a contradiction
    with pytest.raises(bildung.MalformedInputError, match=r"row 3, column `count`.*`-`"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    # the written variants of the symbols are read as in GENESIS files (X for x)
    leavers = leaver_shares()
    leavers.loc[4, "symbol"] = "X"
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    assert record(df, "D-ABS-ANTEIL", "B", 2023, "ahr")["symbol"] == "x"
    # nullable Int64 with pd.NA and no symbol: missing, reported as `.`
    leavers = leaver_shares().drop(columns="symbol").astype({"count": "Int64"})
    assert leavers["count"].isna().sum() == 1
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    b = record(df, "D-ABS-ANTEIL", "B", 2023, "ahr")
    assert b["status"] == "missing" and b["symbol"] == "."


def test_missing_columns_and_rows_are_named() -> None:
    leavers = leaver_shares()
    with pytest.raises(bildung.MalformedInputError, match="column `count`"):
        ind.compute({"school_leavers": leavers.drop(columns="count")}, "D-ABS-ANTEIL")
    with pytest.raises(bildung.MalformedInputError, match="column `leaving_year`"):
        ind.compute({"school_leavers": leavers.drop(columns="leaving_year")}, "D-ABS-ANTEIL")
    bad = leavers.copy()
    bad.loc[2, "count"] = -6
    with pytest.raises(bildung.MalformedInputError, match=r"row 2, column `count`: negative"):
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")
    bad.loc[2, "count"] = 6.5
    with pytest.raises(bildung.MalformedInputError, match=r"row 2.*not integral"):
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")
    bad.loc[2, "count"] = np.inf
    with pytest.raises(bildung.MalformedInputError, match=r"row 2, column `count`"):
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")
    bad.loc[2, "count"] = 6
    bad.loc[2, "symbol"] = "x"  # a symbol on a number
    with pytest.raises(bildung.MalformedInputError, match=r"row 2, column `count`.*symbol"):
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")
    bad.loc[2, "symbol"] = "?"
    with pytest.raises(bildung.MalformedInputError, match=r"row 2, column `symbol`.*`\?`"):
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")
    empty_key = leavers.copy()
    empty_key.loc[3, "sex"] = None
    with pytest.raises(bildung.MalformedInputError, match=r"row 3, column `sex`"):
        ind.compute({"school_leavers": empty_key}, "D-ABS-ANTEIL")


def test_duplicated_key_names_the_row_and_its_index_label() -> None:
    leavers = leaver_shares()
    leavers.loc[5, "abschluss"] = "ahr"  # B male ahr twice (rows 5 and 6)
    with pytest.raises(bildung.MalformedInputError, match=r"row 6: duplicated key") as info:
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    assert info.value.index == 6 and info.value.label is None
    labelled = leavers.set_axis([f"r{i}" for i in range(len(leavers))])
    with pytest.raises(bildung.MalformedInputError, match=r"index label 'r6'") as info:
        ind.compute({"school_leavers": labelled}, "D-ABS-ANTEIL")
    assert info.value.label == "r6"
    # a sliced frame keeps its labels: row position 0 is label 10
    shifted = leaver_shares().set_axis(range(10, 17))
    shifted.loc[10, "count"] = -1
    with pytest.raises(bildung.MalformedInputError, match=r"row 0.*index label 10"):
        ind.compute({"school_leavers": shifted}, "D-ABS-ANTEIL")
    # a missing integer key raised in Python gets the label as well
    years = leaver_shares().astype({"leaving_year": "Int64"}).set_axis(list("abcdefg"))
    years.loc["c", "leaving_year"] = pd.NA
    with pytest.raises(bildung.MalformedInputError, match=r"row 2, column `leaving_year`.*'c'"):
        ind.compute({"school_leavers": years}, "D-ABS-ANTEIL")


def test_unknown_area_with_units_names_the_label() -> None:
    leavers = leaver_shares().set_axis(list("abcdefg"))
    with pytest.raises(bildung.MalformedInputError, match=r"row 4.*unknown area id `B`.*'e'"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", units=["A"])
    with pytest.raises(bildung.MalformedInputError, match=r"geography.*row 1.*duplicated"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", units=["A", "A", "B"])
    with pytest.raises(bildung.MalformedInputError, match=r"geography.*row 1.*empty"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", units=["A", None, "B"])


def test_wrong_types_raise_type_error() -> None:
    leavers = leaver_shares()
    with pytest.raises(TypeError, match="mapping"):
        ind.compute([leavers], "D-ABS-ANTEIL")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DataFrame"):
        ind.compute({"school_leavers": leavers.to_dict()}, "D-ABS-ANTEIL")  # type: ignore[dict-item]
    with pytest.raises(TypeError, match=r"column `leaving_year`.*2023.5"):
        ind.compute({"school_leavers": leavers.assign(leaving_year=2023.5)}, "D-ABS-ANTEIL")
    with pytest.raises(TypeError, match="column `externe`.*boolean"):
        ind.compute({"school_leavers": leavers.assign(externe=False)}, "D-ABS-ANTEIL")
    with pytest.raises(TypeError, match="column `leaving_year`"):
        stamps = leavers.assign(leaving_year=pd.Timestamp("2023-07-31"))
        ind.compute({"school_leavers": stamps}, "D-ABS-ANTEIL")
    with pytest.raises(TypeError, match="column `count`"):
        ind.compute({"school_leavers": leavers.assign(count="12")}, "D-ABS-ANTEIL")
    with pytest.raises(TypeError, match="column `sex`.*tuple"):
        ind.compute({"school_leavers": leavers.assign(sex=[("f",)] * 7)}, "D-ABS-ANTEIL")
    with pytest.raises(TypeError, match="indicators"):
        ind.compute({"school_leavers": leavers}, 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="periods"):
        ind.compute({"school_leavers": leavers}, periods=[2023.0])
    with pytest.raises(TypeError, match="catalogue"):
        ind.compute({"school_leavers": leavers}, catalogue="builtin")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="column names"):
        ind.compute({"school_leavers": leavers.rename(columns={"sex": 5})}, "D-ABS-ANTEIL")
    with pytest.raises(bildung.ParameterError, match="unknown table kind"):
        ind.compute({"leavers": leavers}, "D-ABS-ANTEIL")
    with pytest.raises(bildung.ParameterError, match="`by` = status"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="status")
    with pytest.raises(bildung.ParameterError, match="twice"):
        ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by=["sex", "sex"])
    with pytest.raises(bildung.MalformedInputError, match="integral"):
        bad = leavers.assign(count=[2, 18, 6, 14, np.nan, 3, 9.5])
        ind.compute({"school_leavers": bad}, "D-ABS-ANTEIL")


EXPECTED_A_FEMALE = 10.0  # 2 of 20


@pytest.mark.parametrize(
    "convert",
    [
        pytest.param(lambda s: s.astype("category"), id="category"),
        pytest.param(lambda s: s.astype("string[python]"), id="string[python]"),
        pytest.param(lambda s: s.astype(object), id="object"),
        pytest.param(
            lambda s: s.astype(pd.CategoricalDtype(["male", "female", "diverse"])),
            id="category-with-unused-levels",
        ),
    ],
)
def test_text_dtypes(convert: Any) -> None:
    leavers = leaver_shares()
    for column in ("unit_id", "sex", "abschluss"):
        leavers[column] = convert(leavers[column]) if column == "sex" else leavers[column]
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex")
    r = record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa", sex="female")
    assert r["value"] == EXPECTED_A_FEMALE


def test_string_pyarrow_dtype() -> None:
    pytest.importorskip("pyarrow")
    leavers = leaver_shares().astype({"unit_id": "string[pyarrow]", "sex": "string[pyarrow]"})
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex")
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa", sex="female")["value"] == 10.0


@pytest.mark.parametrize(
    "dtype", ["int64", "int32", "uint16", "Int64", "Int16", "float64", "Float64", "category",
              "object"],
)
def test_integer_key_dtypes(dtype: str) -> None:
    leavers = leaver_shares()
    leavers["leaving_year"] = leavers["leaving_year"].astype(dtype)
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ohne_hsa")["value"] == 20.0


@pytest.mark.parametrize("dtype", ["int64", "float64", "Int64", "Float64", "uint32", "float32"])
def test_count_dtypes(dtype: str) -> None:
    leavers = leaver_shares().iloc[:4].drop(columns="symbol")
    leavers["count"] = leavers["count"].astype(dtype)
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    assert record(df, "D-ABS-ANTEIL", "A", 2023, "ahr")["value"] == 80.0  # 32 of 40


def test_area_ids_given_as_integers_stay_texts() -> None:
    leavers = leaver_shares().assign(unit_id=[5111000] * 4 + [5113000] * 3)
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL")
    assert record(df, "D-ABS-ANTEIL", "5111000", 2023, "ohne_hsa")["value"] == 20.0


def test_breakdown_by_an_integer_column() -> None:
    pupils = pd.DataFrame({
        "unit_id": "A", "school_year": 2023, "grade": [5, 5, 7, 7],
        "schulart": ["gymnasium", "realschule", "gymnasium", "realschule"],
        "count": [30, 70, 25, 75],
    })
    df = ind.compute({"school_pupils": pupils}, "D-SCH-ANTEIL", by="grade")
    # grade 5: 30 of 100; grade 7: 25 of 100; the integers are labelled as texts
    assert record(df, "D-SCH-ANTEIL", "A", 2023, "gymnasium", grade="5")["value"] == 30.0
    assert record(df, "D-SCH-ANTEIL", "A", 2023, "gymnasium", grade="7")["value"] == 25.0
    assert list(df["grade"].cat.categories) == ["5", "7"]
    # an integer category beside a text key "7" of another column: one label "7"
    own = Catalogue.from_toml("""[[indicator]]
id = "BY-GRADE"
area = "D"
name_de = "Schüler nach Klassenstufe"
name_en = "pupils by grade"
mode = "share"
numerator = { table = "school_pupils" }
denominator = { table = "school_pupils" }
category = "grade"
source = "test"
""")
    pupils["traeger"] = ["7", "7", "oeffentlich", "oeffentlich"]
    df = ind.compute({"school_pupils": pupils}, "BY-GRADE", catalogue=own)
    # grade 5: 100 of 200, grade 7: 100 of 200
    assert record(df, "BY-GRADE", "A", 2023, "7")["value"] == 50.0


def test_large_table_goes_through_codes() -> None:
    """4,000 areas x 2 sexes x 2 qualifications: the Python layer sends codes, and the shares
    equal pandas groupby sums."""
    rng = np.random.default_rng(5)
    n_areas = 4_000
    units = np.repeat([f"U{i:05d}" for i in range(n_areas)], 4)
    sex = np.tile(["female", "female", "male", "male"], n_areas)
    abschluss = np.tile(["ohne_hsa", "ahr"], 2 * n_areas)
    counts = rng.integers(0, 50, size=4 * n_areas)
    leavers = pd.DataFrame({
        "unit_id": units, "leaving_year": 2023, "sex": sex, "abschluss": abschluss,
        "count": counts,
    })
    df = ind.compute({"school_leavers": leavers}, "D-ABS-ANTEIL", by="sex")
    assert len(df) == 4 * n_areas
    got = df.set_index(["unit_id", "sex", "category"])["numerator"]
    num = leavers.groupby(["unit_id", "sex", "abschluss"])["count"].sum()
    den = leavers.groupby(["unit_id", "sex"])["count"].sum()
    share = (100.0 * num / den.reindex(num.index.droplevel(2)).to_numpy()).rename("share")
    values = df.set_index(["unit_id", "sex", "category"])["value"]
    values.index = values.index.set_names(["unit_id", "sex", "abschluss"])
    joined = pd.concat([values.astype(float), share], axis=1, join="inner")
    assert len(joined) == 4 * n_areas
    ok = df["status"].to_numpy() == "ok"
    assert np.allclose(joined["value"][ok], joined["share"][ok], rtol=0, atol=1e-12)
    assert got.sum() == counts.sum()


# ---------------------------------------------------------------- catalogue


def test_catalogue_api(tmp_path: Any) -> None:
    cat = Catalogue.builtin()
    assert len(cat) == len(cat.ids) >= 38
    assert "D-ABS-OHSA-QSV" in cat and "NOPE" not in cat and 5 not in cat
    assert list(cat)[:2] == cat.ids[:2]
    assert repr(cat).startswith(f"Catalogue({len(cat)} indicators: A-BEV")
    assert "<table>" in cat._repr_html_() and "D-ABS-OHSA-QSV" in cat._repr_html_()
    assert repr(Catalogue()) == "Catalogue(empty)" and len(Catalogue()) == 0
    d = cat.definition("D-SBQ-QSV")
    assert d["mode"] == "quota_sum" and d["age_band"] == {"from": 17, "to": 22}
    assert d["denominator"] == {"table": "population", "period_offset": -1}
    assert d["cohort"] == {"matching": "birth_year", "open_ends": True}
    assert (d["valid_from"], d["valid_to"]) == (2009, 2021)
    with pytest.raises(bildung.UnknownIndicatorError):
        cat.definition("NOPE")
    frame = cat.to_frame()
    assert list(frame.columns) == [
        "id", "version", "area", "name_de", "name_en", "mode", "unit", "source", "valid_from",
        "valid_to", "notes",
    ]
    assert len(frame) == len(cat)
    qsv = frame.set_index("id").loc["D-ABS-OHSA-QSV"]
    assert qsv["area"] == "D" and qsv["unit"] == "percent" and qsv["mode"] == "quota_sum"
    assert set(frame["area"]) >= {"A", "C", "D", "E"}
    assert frame.set_index("id").loc["A-JQ", "unit"] == "per 100"
    # JSON round trip, files by suffix
    back = Catalogue.from_json(cat.to_json())
    assert back.ids == cat.ids
    assert [back.definition(i) for i in back.ids] == [cat.definition(i) for i in cat.ids]
    (tmp_path / "own.toml").write_text(DJ_TOML, encoding="utf-8")
    (tmp_path / "own.json").write_text(
        json.dumps([{**cat.definition("A-BEV"), "id": "MY-BEV"}]), encoding="utf-8"
    )
    assert Catalogue.from_file(tmp_path / "own.toml").ids == ["AHR-DJ"]
    mine = cat.copy()
    mine.add_file(str(tmp_path / "own.json"))
    assert "MY-BEV" in mine and "MY-BEV" not in cat
    with pytest.raises(bildung.DefinitionError, match="already defined"):
        mine.add_file(tmp_path / "own.json")
    with pytest.raises(bildung.ParameterError, match=".toml or .json"):
        Catalogue.from_file(tmp_path / "own.txt")
    # the built-in catalogue used by compute() is not changed by adding to a copy
    assert "MY-BEV" not in Catalogue.builtin()
    with pytest.raises(TypeError):
        cat.add_toml(b"[[indicator]]")  # type: ignore[arg-type]


def test_invalid_definitions_name_the_field(tmp_path: Any) -> None:
    base = {
        "id": "T1", "area": "D", "name_de": "x", "name_en": "x", "mode": "share",
        "numerator": {"table": "school_leavers"}, "denominator": {"table": "school_leavers"},
        "source": "s",
    }
    Catalogue.from_json(json.dumps([base]))
    cases = [
        ("mode", "ratio", "field `mode`"),
        ("area", "Z", "field `area`"),
        ("colour", 1, "field `colour`"),
        ("numerator", {"table": "pupils"}, "field `numerator.table`: unknown table `pupils`"),
        ("age_band", {"from": 17, "to": 15}, "field `age_band`"),
    ]
    for key, value, message in cases:
        with pytest.raises(bildung.DefinitionError, match=message.replace(".", r"\.")) as info:
            Catalogue.from_json(json.dumps([{**base, key: value}]))
        assert info.value.kind == "InvalidDefinition" and info.value.code == 202
    missing_source = {k: v for k, v in base.items() if k != "source"}
    with pytest.raises(bildung.DefinitionError, match="field `source`: missing"):
        Catalogue.from_json(json.dumps([missing_source]))
    with pytest.raises(bildung.MalformedInputError, match="row 2"):
        Catalogue.from_toml("[[indicator]]\nid = \n")
    path = tmp_path / "bad.toml"
    path.write_text("[[indicator]]\nid = \"X1\"\n", encoding="utf-8")
    with pytest.raises(bildung.DefinitionError, match=r"field `area`.*bad\.toml"):
        Catalogue.from_file(path)


# ---------------------------------------------------------------- cohort functions


def test_quota_sum_and_mean_cohort_functions() -> None:
    q = ind.quota_sum([6, 148, 95, 21, 5], [410, 395, 360, 340, 300])
    hand = 100.0 * (6 / 410 + 148 / 395 + 95 / 360 + 21 / 340 + 5 / 300)
    assert q.value == pytest.approx(hand, abs=1e-12)
    assert q.events == 275.0 and q.population == 1805.0 and q.status == "ok" and q.flags == ()
    assert q.method == "quota_sum"
    assert q.to_dict()["status"] == "ok" and q.to_dict()["flags"] == []
    assert repr(q).startswith("CohortQuota[quota_sum](value=73.16")
    assert "<table>" in q._repr_html_()
    # indicators.md 2.4
    e = pd.Series([2, 30, 25, 8], index=[2008, 2007, 2006, 2005])
    p = pd.Series([1000, 1020, 1050, 1100], index=e.index)
    assert ind.quota_sum(e, p).value == pytest.approx(
        100.0 * (2 / 1000 + 30 / 1020 + 25 / 1050 + 8 / 1100), abs=1e-12
    )
    dj = ind.mean_cohort(65, np.array([1020.0, 1050.0]))
    assert dj.value == pytest.approx(100.0 * 65 / 1035, abs=1e-12) and dj.population == 1035.0
    assert math.isnan(dj.se) and dj.method == "mean_cohort"
    # edge cases: events at an age without population; single rate above 1; band of zeros
    u = ind.quota_sum([1, 3], [0, 10])
    assert u.status == "undefined" and math.isnan(u.value)
    assert "rate_above_one" in ind.quota_sum([30], [25]).flags
    assert ind.quota_sum([0, 3], [0, 10]).flags == ("small_population",)
    assert ind.mean_cohort(0, [0, 0]).status == "not_computable"


def test_cohort_functions_bad_input() -> None:
    with pytest.raises(bildung.ShapeError):
        ind.quota_sum([1], [1, 2])
    with pytest.raises(bildung.EmptyInputError):
        ind.quota_sum([], [])
    with pytest.raises(bildung.InvalidCountError, match=r"events\[0\]"):
        ind.quota_sum([-1], [1])
    with pytest.raises(bildung.NonFiniteError):
        ind.quota_sum([1], [np.inf])
    e = pd.Series([2.0, np.nan], index=["2008", "2007"])
    with pytest.raises(bildung.MissingValueError, match="label '2007'") as info:
        ind.quota_sum(e, pd.Series([10, 10], index=e.index))
    assert info.value.label == "2007"
    with pytest.raises(bildung.ShapeError, match="indexes"):
        ind.quota_sum(e, pd.Series([10, 10], index=["a", "b"]))
    with pytest.raises(TypeError, match="quota_sum"):
        ind.mean_cohort([1, 2], [10, 10])
    with pytest.raises(TypeError):
        ind.mean_cohort(True, [10, 10])
    with pytest.raises(TypeError):
        ind.quota_sum(["a"], [1])
    with pytest.raises(bildung.EmptyInputError):
        ind.mean_cohort(1, [])
    with pytest.raises(bildung.InvalidCountError, match="band_population"):
        ind.mean_cohort(1, [3, -1])
