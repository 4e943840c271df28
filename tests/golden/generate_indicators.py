"""Generate tests/golden/indicators.json: golden cases for the indicator engine.

Sources of the expected values:
* [hand]      worked examples of methods.md 6.3 and indicators.md 2.4, the Förderquote of Klemm
              (indicators.md 1.2: 567,908 / 7,334,983), a layered flow written out by hand;
* [peer]      pandas 2.3.3 / numpy 2.4.6 groupby computations on seeded random tidy tables,
              written below independently of bildung (no bildung import); the semantics follow
              the definitions in bildung-core/src/indicators/catalogue.toml and the status rules
              of methods.md 6.1 / indicators.md 8.1;
* error cases: the expected error kind and words of the message.

Run with the peer venv:  /tmp/peers/bin/python tests/golden/generate_indicators.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).with_name("indicators.json")
TOL = 1e-9


def num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def table(df: pd.DataFrame, symbols: dict[int, str] | None = None) -> dict:
    cols = {}
    for c in df.columns:
        if c == "count":
            continue
        v = df[c].tolist()
        cols[c] = [int(x) for x in v] if pd.api.types.is_integer_dtype(df[c]) else [str(x) for x in v]
    counts = [None if (isinstance(x, float) and math.isnan(x)) else int(x) for x in df["count"].tolist()]
    out = {"columns": cols, "count": counts}
    if symbols:
        out["symbol"] = [symbols.get(i) for i in range(len(df))]
    return out


cases: list[dict] = []

# ------------------------------------------------------------------ hand cases

abitur_ages = [17, 18, 19, 20, 21]
cases.append({
    "name": "qsv_methods_6_3_birth_year",
    "source": "methods.md 6.3 worked example (Abitur 2024, ages 17..21 on 31.12.2023): QSV 73.16 %, "
              "Poisson SE 4.42 pp [hand]; built-in D-SBQ-QSV matches birth years b to age 2023 - b",
    "derivation": "100*(6/410+148/395+95/360+21/340+5/300) = 73.1607; SE = 100*sqrt(6/410^2+148/395^2+95/360^2+21/340^2+5/300^2)",
    "tolerance": TOL,
    "builtin": True,
    "tables": {
        "school_leavers": table(pd.DataFrame({
            "unit_id": ["X"] * 5, "leaving_year": [2024] * 5, "abschluss": ["ahr"] * 5,
            "externe": ["no"] * 5, "birth_year": [2023 - a for a in abitur_ages],
            "count": [6, 148, 95, 21, 5]})),
        "population": table(pd.DataFrame({
            "unit_id": ["X"] * 5, "year": [2023] * 5, "age": abitur_ages,
            "count": [410, 395, 360, 340, 300]})),
    },
    "request": {"indicators": ["D-SBQ-QSV"], "by": [], "periods": None},
    "expected": [{
        "indicator": "D-SBQ-QSV", "unit": "X", "period": 2024, "by": [], "category": "total",
        "value": 100 * (6 / 410 + 148 / 395 + 95 / 360 + 21 / 340 + 5 / 300),
        "se": 100 * math.sqrt(6 / 410**2 + 148 / 395**2 + 95 / 360**2 + 21 / 340**2 + 5 / 300**2),
        "numerator": 275, "denominator": 410 + 395 + 360 + 340 + 300,
        "status": "ok", "flags": ["outside_validity"]}],
    "n_records": 1,
})
cases.append({
    "name": "dj_methods_6_3_user_definition",
    "source": "methods.md 6.3: DJ with typical ages 18, 19, 20: 275 / 365 = 75.34 % [hand]",
    "tolerance": TOL,
    "builtin": False,
    "definitions_toml": (
        '[[indicator]]\nid = "AHR-DJ"\narea = "D"\nname_de = "Abiturquote (Durchschnittsjahrgang)"\n'
        'name_en = "Abitur rate, average cohort"\nmode = "mean_cohort"\n'
        'numerator = { table = "school_leavers", filter = { abschluss = ["ahr"] } }\n'
        'denominator = { table = "population", period_offset = -1 }\n'
        'age_band = { from = 18, to = 21 }\nsource = "methods.md 6.3"\n'),
    "tables": cases[0]["tables"],
    "request": {"indicators": ["AHR-DJ"], "by": [], "periods": None},
    "expected": [{"indicator": "AHR-DJ", "unit": "X", "period": 2024, "by": [], "category": "total",
                  "value": 100 * 275 / ((395 + 360 + 340) / 3), "numerator": 275,
                  "denominator": 395 + 360 + 340, "status": "ok"}],
})
births = [2008, 2007, 2006, 2005]
cases.append({
    "name": "qsv_and_dj_indicators_md_2_4",
    "source": "indicators.md 2.4 (constructed example): leavers without HSA 2023 by birth year, population "
              "31.12.2022: QSV 6.25 %, DJ (15 to under 17) 6.28 % [hand]",
    "derivation": "QSV = 100*(2/1000+30/1020+25/1050+8/1100); DJ = 100*65/((1020+1050)/2)",
    "tolerance": TOL,
    "builtin": True,
    "tables": {
        "school_leavers": table(pd.DataFrame({
            "unit_id": ["X"] * 4, "leaving_year": [2023] * 4, "abschluss": ["ohne_hsa"] * 4,
            "birth_year": births, "count": [2, 30, 25, 8]})),
        "population": table(pd.DataFrame({
            "unit_id": ["X"] * 4, "year": [2022] * 4, "age": [2022 - b for b in births],
            "count": [1000, 1020, 1050, 1100]})),
    },
    "request": {"indicators": ["D-ABS-OHSA-QSV", "D-ABS-OHSA-DJ"], "by": [], "periods": None},
    "expected": [
        {"indicator": "D-ABS-OHSA-QSV", "unit": "X", "period": 2023, "by": [], "category": "total",
         "value": 100 * (2 / 1000 + 30 / 1020 + 25 / 1050 + 8 / 1100), "status": "ok"},
        {"indicator": "D-ABS-OHSA-DJ", "unit": "X", "period": 2023, "by": [], "category": "total",
         "value": 100 * 65 / ((1020 + 1050) / 2), "numerator": 65, "denominator": 2070, "status": "ok"},
    ],
})
cases.append({
    "name": "foerderquote_klemm_2020_21",
    "source": "Klemm 2022 via indicators.md 1.2 D-FQ: 567,908 SPF pupils / 7,334,983 pupils of grades 1-10 "
              "= 7.74 % (Germany 2020/21) [published]",
    "tolerance": TOL,
    "builtin": True,
    "tables": {"school_pupils": table(pd.DataFrame({
        "unit_id": ["DE", "DE"], "school_year": [2020, 2020], "spf": ["yes", "no"], "grade": [5, 5],
        "count": [567908, 7334983 - 567908]}))},
    "request": {"indicators": ["D-FQ"], "by": [], "periods": None},
    "expected": [{"indicator": "D-FQ", "unit": "DE", "period": 2020, "by": [], "category": "total",
                  "value": 100 * 567908 / 7334983, "numerator": 567908, "denominator": 7334983,
                  "status": "ok"}],
})
lq_rows = [(2024, s, "geloest", n) for s, n in [(2024, 10), (2023, 8), (2022, 5), (2021, 2)]]
lq_rows += [(y, y, "begonnen", n) for y, n in [(2024, 100), (2023, 90), (2022, 80), (2021, 85)]]
cases.append({
    "name": "layered_flow_by_hand",
    "source": "Schichtenmodell (Destatis Glossar Vertragslösungsquote, indicators.md 2.5): "
              "100*(10/100 + 8/90 + 5/80 + 2/85) [hand]",
    "tolerance": TOL,
    "builtin": True,
    "tables": {"vocational_contracts": table(pd.DataFrame({
        "unit_id": ["A"] * 8, "report_year": [r[0] for r in lq_rows],
        "contract_start_year": [r[1] for r in lq_rows], "event": [r[2] for r in lq_rows],
        "count": [r[3] for r in lq_rows]}))},
    "request": {"indicators": ["E-LQ"], "by": [], "periods": [2024]},
    "expected": [{"indicator": "E-LQ", "unit": "A", "period": 2024, "by": [], "category": "total",
                  "value": 100 * (10 / 100 + 8 / 90 + 5 / 80 + 2 / 85), "numerator": 25,
                  "denominator": 355, "status": "ok"}],
    "n_records": 1,
})

# ------------------------------------------------------------------ peer cases (pandas)

rng = np.random.default_rng(20261123)
AREAS = [f"{i:05d}" for i in range(1001, 1007)]  # text ids with leading zeros
SEXES = ["female", "male"]
CITS = ["de", "nde"]
YEARS = [2022, 2023]

# population 31.12. of 2021..2023, single ages 0..24 and classes 25-<65, 65+ (age_to 0 = open)
rows = []
for u in AREAS:
    for y in [2021, 2022, 2023]:
        for s in SEXES:
            for c in CITS:
                base = 60 if c == "de" else 15
                for a in range(25):
                    rows.append((u, y, a, a + 1, s, c, int(rng.integers(base // 2, base * 2))))
                rows.append((u, y, 25, 65, s, c, int(rng.integers(base * 20, base * 40))))
                rows.append((u, y, 65, 0, s, c, int(rng.integers(base * 5, base * 10))))
pop = pd.DataFrame(rows, columns=["unit_id", "year", "age", "age_to", "sex", "citizenship", "count"])
# one area with no population of age 2 in 2023 (gap) and one with all zero under-3s in 2023
gap_idx = pop.index[(pop.unit_id == AREAS[3]) & (pop.year == 2023) & (pop.age == 2)]
pop = pop.drop(gap_idx).reset_index(drop=True)
zero_mask = (pop.unit_id == AREAS[4]) & (pop.year == 2023) & (pop.age < 3)
pop.loc[zero_mask, "count"] = 0

# kita children 1 March 2022/2023, ages 0..5, care type
rows = []
for u in AREAS:
    for y in YEARS:
        for s in SEXES:
            for a in range(6):
                for ct in ["kita", "tagespflege"]:
                    n = int(rng.integers(0, 40 if ct == "kita" else 8))
                    if a < 3 or ct == "kita":
                        rows.append((u, y, a, ct, s, n))
kita = pd.DataFrame(rows, columns=["unit_id", "year", "age", "care_type", "sex", "count"])
kita["count"] = kita["count"].astype(float)
kita_sym = {}
i_missing = kita.index[(kita.unit_id == AREAS[5]) & (kita.year == 2023) & (kita.age == 1)
                       & (kita.sex == "female") & (kita.care_type == "kita")][0]
kita.loc[i_missing, "count"] = np.nan
kita_sym[int(i_missing)] = "."

# school leavers, leaving years 2022/2023, abschluss x birth year (age 14..19 on 31.12. of t-1)
rows = []
for u in AREAS:
    for y in YEARS:
        for s in SEXES:
            for c in CITS:
                for ab, lam in [("ohne_hsa", 3), ("hsa", 8), ("msa", 20), ("fhr", 4), ("ahr", 15)]:
                    for age in range(13, 21):
                        n = int(rng.poisson(lam * (1.0 if 15 <= age <= 18 else 0.15)))
                        if n:
                            rows.append((u, y, ab, y - 1 - age, s, c, "no", n))
lv = pd.DataFrame(rows, columns=["unit_id", "leaving_year", "abschluss", "birth_year", "sex",
                                 "citizenship", "externe", "count"])

peer_tables = {"population": table(pop), "kita_children": table(kita, kita_sym),
               "school_leavers": table(lv)}


def rec(ind, unit, period, by, cat, value, numer, denom, status, se=None):
    return {"indicator": ind, "unit": unit, "period": int(period), "by": list(by), "category": cat,
            "value": num(value), "numerator": num(numer), "denominator": num(denom), "status": status,
            **({"se": num(se)} if se is not None else {})}


expected = []


def pop_band(lo, hi, year, keys):
    """Population of ages [lo, hi) on 31.12.year summed by keys; classes must fit (they do)."""
    p = pop[(pop.year == year)]
    top = p.age_to.where(p.age_to > p.age, 10**6)
    inside = (p.age >= lo) & (top <= hi)
    g = p[inside].groupby(keys)["count"].sum()
    ages = p[inside].groupby(keys)["age"].apply(lambda s: set(s))
    return g, ages


# C-BQ-U3 by sex: kita ages 0..2 (1 March t) / population 0..2 on 31.12.(t-1)
for t in YEARS:
    k = kita[(kita.year == t) & (kita.age < 3)]
    for u in AREAS:
        for s in SEXES:
            kk = k[(k.unit_id == u) & (k.sex == s)]
            numer = kk["count"].sum(min_count=1) if not kk["count"].isna().any() else np.nan
            missing = kk["count"].isna().any()
            pp = pop[(pop.unit_id == u) & (pop.sex == s) & (pop.year == t - 1) & (pop.age < 3)]
            den = pp["count"].sum()
            have = set(pp.age)
            if missing:
                expected.append(rec("C-BQ-U3", u, t, [s, "total"], "total", np.nan, np.nan, den, "missing"))
            elif have != {0, 1, 2}:
                expected.append(rec("C-BQ-U3", u, t, [s, "total"], "total", np.nan, numer, den, "no_data"))
            elif den == 0:
                expected.append(rec("C-BQ-U3", u, t, [s, "total"], "total", np.nan, numer, den, "not_computable"))
            else:
                expected.append(rec("C-BQ-U3", u, t, [s, "total"], "total", 100 * numer / den, numer, den, "ok"))

# A-JQ by sex and citizenship: population < 20 / population 20..<65, same year (every population year)
for t in [2021, 2022, 2023]:
    p = pop[pop.year == t]
    for u in AREAS:
        for sx in SEXES:
            for c in CITS:
                pu = p[(p.unit_id == u) & (p.sex == sx) & (p.citizenship == c)]
                n = pu[(pu.age < 20) & (pu.age_to > pu.age) & (pu.age_to <= 20)]["count"].sum()
                d = pu[(pu.age >= 20) & (pu.age_to <= 65) & (pu.age_to > pu.age)]["count"].sum()
                expected.append(rec("A-JQ", u, t, [sx, c], "total", 100 * n / d, n, d, "ok"))

# A-AUSL by sex: nde / all (every population year)
for t in [2021, 2022, 2023]:
    g = pop[pop.year == t].groupby(["unit_id", "sex", "citizenship"])["count"].sum()
    for u in AREAS:
        for s in SEXES:
            n, d = g[(u, s, "nde")], g[(u, s, "de")] + g[(u, s, "nde")]
            expected.append(rec("A-AUSL", u, t, [s, "total"], "total", 100 * n / d, n, d, "ok"))

# D-ABS-ANTEIL by sex and citizenship, category abschluss (no fhr_schulisch rows here)
for t in YEARS:
    g = lv[lv.leaving_year == t].groupby(["unit_id", "sex", "citizenship", "abschluss"])["count"].sum()
    tot = lv[lv.leaving_year == t].groupby(["unit_id", "sex", "citizenship"])["count"].sum()
    cats = sorted(lv.abschluss.unique())
    for u in AREAS:
        for sx in SEXES:
            for c in CITS:
                for cat in cats:
                    n = g.get((u, sx, c, cat), 0)
                    d = tot[(u, sx, c)]
                    expected.append(rec("D-ABS-ANTEIL", u, t, [sx, c], cat, 100 * n / d, n, d, "ok"))

# D-ABS-OHSA-DJ by sex and citizenship: all ohne_hsa / mean population 15,16 on 31.12.(t-1)
# D-ABS-OHSA-QSV by sex and citizenship: age = (t-1) - birth_year, ages 14..18, open ends
for t in YEARS:
    e = lv[(lv.leaving_year == t) & (lv.abschluss == "ohne_hsa")].copy()
    e["age"] = (t - 1) - e["birth_year"]
    e["age_c"] = e["age"].clip(14, 18)
    p = pop[(pop.year == t - 1) & (pop.age_to == pop.age + 1)]
    for u in AREAS:
        for sx in SEXES:
            for c in CITS:
                eu = e[(e.unit_id == u) & (e.sex == sx) & (e.citizenship == c)]
                pu = p[(p.unit_id == u) & (p.sex == sx) & (p.citizenship == c)].groupby("age")["count"].sum()
                dj_den = pu.loc[[15, 16]].sum()
                expected.append(rec("D-ABS-OHSA-DJ", u, t, [sx, c], "total",
                                    100 * eu["count"].sum() / (dj_den / 2), eu["count"].sum(), dj_den, "ok"))
                ea = eu.groupby("age_c")["count"].sum().reindex(range(14, 19), fill_value=0)
                pa = pu.reindex(range(14, 19))
                q = 100 * (ea / pa).sum()
                se = 100 * math.sqrt((ea / pa**2).sum())
                expected.append(rec("D-ABS-OHSA-QSV", u, t, [sx, c], "total", q, ea.sum(), pa.sum(), "ok",
                                    se=se))

cases.append({
    "name": "peer_pandas_random_tables",
    "source": "pandas 2.3.3 groupby on seeded random tables (generate_indicators.py, seed 20261123) "
              "[peer]: C-BQ-U3 by sex (one missing cell '.', one area with an age gap, one with zero "
              "population), A-JQ by sex and citizenship, A-AUSL by sex, D-ABS-ANTEIL by sex, citizenship and "
              "qualification, D-ABS-OHSA-DJ and D-ABS-OHSA-QSV by sex and citizenship (birth-year matching, "
              "open ends); request by = [sex, citizenship]: indicators that do not allow a breakdown carry "
              "'total' for it",
    "tolerance": TOL,
    "builtin": True,
    "tables": peer_tables,
    "request": {"indicators": ["C-BQ-U3", "A-JQ", "A-AUSL", "D-ABS-ANTEIL", "D-ABS-OHSA-DJ",
                               "D-ABS-OHSA-QSV"], "by": ["sex", "citizenship"], "periods": None},
    "expected": expected,
    "n_records": len(expected),
})

# ------------------------------------------------------------------ error cases

leavers_small = pd.DataFrame({"unit_id": ["A", "A"], "leaving_year": [2023, 2023],
                              "abschluss": ["ahr", "ahr"], "count": [1, 2]})
cases.append({"name": "error_duplicated_key", "source": "bad input: two rows with the same key",
              "builtin": True, "tables": {"school_leavers": table(leavers_small)},
              "request": {"indicators": ["D-ABS-ANTEIL"], "by": [], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["duplicated key", "row 1"]}})
neg = leavers_small.assign(abschluss=["ahr", "msa"], count=[1, -2])
cases.append({"name": "error_negative_count", "source": "bad input: a negative count",
              "builtin": True, "tables": {"school_leavers": table(neg)},
              "request": {"indicators": ["D-ABS-ANTEIL"], "by": [], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["row 1", "count", "negative"]}})
ok_leavers = leavers_small.assign(abschluss=["ahr", "msa"])
cases.append({"name": "error_unknown_indicator", "source": "bad input: an id not in the catalogue",
              "builtin": True, "tables": {"school_leavers": table(ok_leavers)},
              "request": {"indicators": ["D-NOPE"], "by": [], "periods": None},
              "error": {"kind": "UnknownIndicator", "contains": ["D-NOPE"]}})
cases.append({"name": "error_missing_table", "source": "bad input: the denominator table is not loaded",
              "builtin": True, "tables": {"school_leavers": table(ok_leavers.assign(abschluss=["ohne_hsa", "msa"]))},
              "request": {"indicators": ["D-ABS-OHSA-DJ"], "by": [], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["population", "D-ABS-OHSA-DJ"]}})
cases.append({"name": "error_missing_breakdown_column", "source": "bad input: breakdown column absent",
              "builtin": True, "tables": {"school_leavers": table(ok_leavers)},
              "request": {"indicators": ["D-ABS-ANTEIL"], "by": ["sex"], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["column `sex`"]}})
cases.append({"name": "error_unknown_area", "source": "bad input: an area id not in the geography",
              "builtin": True, "tables": {"school_leavers": table(ok_leavers)}, "units": ["B"],
              "request": {"indicators": ["D-ABS-ANTEIL"], "by": [], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["unknown area id `A`"]}})
cases.append({"name": "error_invalid_definition", "source": "bad input: a mode that does not exist",
              "builtin": False,
              "definitions_toml": ('[[indicator]]\nid = "BAD"\narea = "D"\nname_de = "x"\nname_en = "x"\n'
                                   'mode = "ratio"\nnumerator = { table = "school_leavers" }\n'
                                   'denominator = { table = "school_leavers" }\nsource = "test"\n'),
              "tables": {"school_leavers": table(ok_leavers)},
              "request": {"indicators": ["BAD"], "by": [], "periods": None},
              "error": {"kind": "InvalidDefinition", "contains": ["BAD", "field `mode`"]}})
straddle_pop = pd.DataFrame({"unit_id": ["A", "A"], "year": [2022, 2022], "age": [0, 3],
                             "age_to": [3, 6], "count": [30, 31]})
straddle_kita = pd.DataFrame({"unit_id": ["A"], "year": [2023], "age": [2], "count": [5]})
cases.append({"name": "error_age_class_straddles_band",
              "source": "bad input: population class 0-<3 cannot give the 2-year-olds of C-BQ-2",
              "builtin": True,
              "tables": {"population": table(straddle_pop), "kita_children": table(straddle_kita)},
              "request": {"indicators": ["C-BQ-2"], "by": [], "periods": None},
              "error": {"kind": "MalformedInput", "contains": ["row 0", "straddles"]}})

# ------------------------------------------------------------------ function cases

ev, pp = [6, 148, 95, 21, 5], [410, 395, 360, 340, 300]
cases.append({"name": "fn_quota_sum_methods_6_3", "function": "quota_sum",
              "source": "methods.md 6.3 [hand]", "tolerance": TOL, "events": ev, "population": pp,
              "expected": {"value": 100 * sum(e / p for e, p in zip(ev, pp)),
                           "se": 100 * math.sqrt(sum(e / p**2 for e, p in zip(ev, pp))),
                           "status": "ok", "flags": []}})
cases.append({"name": "fn_quota_sum_events_without_population", "function": "quota_sum",
              "source": "methods.md 6.1: P_a = 0 with E_a > 0 is undefined [hand]", "tolerance": TOL,
              "events": [1, 3], "population": [0, 10],
              "expected": {"value": None, "status": "undefined"}})
cases.append({"name": "fn_mean_cohort_methods_6_3", "function": "mean_cohort",
              "source": "methods.md 6.3 [hand]", "tolerance": TOL, "events": 275,
              "band_population": [395, 360, 340],
              "expected": {"value": 100 * 275 / 365, "status": "ok"}})
cases.append({"name": "fn_quota_sum_negative", "function": "quota_sum", "source": "bad input",
              "events": [1, -1], "population": [10, 10], "error": {"kind": "InvalidCount"}})
cases.append({"name": "fn_quota_sum_lengths", "function": "quota_sum", "source": "bad input",
              "events": [1], "population": [10, 10], "error": {"kind": "ShapeMismatch"}})

doc = {"description": "Golden cases of the indicator engine; format: tests/golden/README.md "
                      "section Indicators; generator: generate_indicators.py", "cases": cases}
# One case per line: readable diffs, small file.
lines = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases)
OUT.write_text('{"description":' + json.dumps(doc["description"]) + ',\n"cases":[\n' + lines + "\n]}\n")
n_exp = sum(len(c.get("expected", [])) if isinstance(c.get("expected"), list) else 0 for c in cases)
print(f"wrote {OUT} with {len(cases)} cases, {n_exp} expected records")
