/*
 * The indicator engine through the C API (bildung_catalogue_*, bildung_tables_*,
 * bildung_indicators_compute, bildung_results_*, bildung_quota_sum, bildung_mean_cohort): the hand
 * examples of bildung-core/tests/indicators_engine.rs with their expected values written out as
 * hand calculations, tidy CSV files written to a temporary path and read back, results written as
 * CSV, and bad input (NULL pointers, unknown kind and id, duplicated keys, invalid definitions,
 * invalid UTF-8, buffers too small, missing files).
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "golden_json.h"
#include "harness.h"
#include "indicator_records.h"

#define TEXT BILDUNG_COLUMN_TEXT
#define INT BILDUNG_COLUMN_INT
#define TOL 1e-12
#define BUF 256

/* ---- helpers ---- */

/* Whether a text accessor of record i gives `want`. */
typedef bildung_status (*text_fn)(const bildung_results *, size_t, char *, size_t, size_t *);

static int text_is(text_fn f, const bildung_results *res, size_t i, const char *want) {
    char buf[BUF];
    return f(res, i, buf, sizeof buf, NULL) == BILDUNG_OK && strcmp(buf, want) == 0;
}

/* The index of the record (id, unit, period, first breakdown or NULL, category); a missing
   record is a failed check (and -1). */
static long find(const records *r, const char *id, const char *unit, int64_t period,
                 const char *by, const char *category) {
    long i = records_find(r, id, unit, period, by != NULL ? &by : NULL, by != NULL, category);
    if (i < 0) {
        h_record(0, __FILE__, __LINE__, "record not found");
        printf("     no record %s %s %ld %s %s\n", id, unit, (long)period, by ? by : "-",
               category);
    }
    return i;
}

/* Compute `ids` (by `by`, every period) into `r`; returns 1 on success. */
static int run(const bildung_catalogue *cat, const bildung_tables *t, const char *const *ids,
               size_t n_ids, const char *const *by, size_t n_by, records *r) {
    bildung_results *res = NULL;
    bildung_status st = bildung_indicators_compute(cat, t, ids, n_ids, by, n_by, NULL, 0, &res);
    CHECK_STATUS(st, BILDUNG_OK);
    memset(r, 0, sizeof *r);
    if (st != BILDUNG_OK) {
        return 0;
    }
    CHECK(records_load(res, r));
    return 1;
}

static bildung_catalogue *builtin(void) {
    bildung_catalogue *cat = NULL;
    CHECK_STATUS(bildung_catalogue_builtin(&cat), BILDUNG_OK);
    return cat;
}

static bildung_tables *new_tables(void) {
    bildung_tables *t = NULL;
    CHECK_STATUS(bildung_tables_new(&t), BILDUNG_OK);
    return t;
}

/* A temporary file path (created empty); returns 1 on success. */
static int temp_path(char *buf, size_t len) {
    const char *dir = getenv("TMPDIR");
    int fd;
    if (dir == NULL || dir[0] == '\0') {
        dir = "/tmp";
    }
    if ((size_t)snprintf(buf, len, "%s/bildung_ind_XXXXXX", dir) >= len) {
        return 0;
    }
    fd = mkstemp(buf);
    if (fd < 0) {
        return 0;
    }
    close(fd);
    return 1;
}

static int starts_with(const char *text, const char *prefix) {
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    size_t n = strlen(text);
    int ok;
    if (f == NULL) {
        return 0;
    }
    ok = fwrite(text, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

/* ---- methods.md 6.3: Abitur 2024 by age 17..21 (birth years 2006..2002) ---- */

static const char *const X5[] = {"X", "X", "X", "X", "X"};
static const int64_t Y2024[] = {2024, 2024, 2024, 2024, 2024};
static const int64_t Y2023[] = {2023, 2023, 2023, 2023, 2023};
static const char *const AHR5[] = {"ahr", "ahr", "ahr", "ahr", "ahr"};
static const char *const NO5[] = {"no", "no", "no", "no", "no"};
/* age a on 31.12.2023 = 2023 - birth year */
static const int64_t BIRTH_17_21[] = {2006, 2005, 2004, 2003, 2002};
static const int64_t AGE_17_21[] = {17, 18, 19, 20, 21};

static bildung_tables *abitur_tables(void) {
    bildung_tables *t = new_tables();
    const char *const l_names[] = {"unit_id", "leaving_year", "abschluss", "externe", "birth_year"};
    const bildung_column_type l_types[] = {TEXT, INT, TEXT, TEXT, INT};
    const void *const l_cols[] = {X5, Y2024, AHR5, NO5, BIRTH_17_21};
    const double events[] = {6, 148, 95, 21, 5};
    const char *const p_names[] = {"unit_id", "year", "age"};
    const bildung_column_type p_types[] = {TEXT, INT, INT};
    const void *const p_cols[] = {X5, Y2023, AGE_17_21};
    const double pop[] = {410, 395, 360, 340, 300};
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 5, 5, l_names, l_types, l_cols,
                                            events, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 5, 3, p_names, p_types, p_cols, pop,
                                            NULL),
                 BILDUNG_OK);
    return t;
}

static void test_quota_sum_methods_6_3(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = abitur_tables();
    const char *const ids[] = {"D-SBQ-QSV"};
    records r;
    long i;
    h_context = "D-SBQ-QSV, methods.md 6.3";
    if (run(cat, t, ids, 1, NULL, 0, &r) && (i = find(&r, "D-SBQ-QSV", "X", 2024, NULL, "total")) >= 0) {
        double hand = 100.0 * (6.0 / 410 + 148.0 / 395 + 95.0 / 360 + 21.0 / 340 + 5.0 / 300);
        double se = 100.0 * sqrt(6.0 / (410.0 * 410) + 148.0 / (395.0 * 395) + 95.0 / (360.0 * 360) +
                                 21.0 / (340.0 * 340) + 5.0 / (300.0 * 300));
        CHECK_NEAR(r.value[i], hand, TOL);
        CHECK_NEAR(r.value[i], 73.16, 0.005); /* as printed in methods.md 6.3 */
        CHECK_NEAR(r.se[i], se, TOL);
        CHECK_NEAR(r.se[i], 4.42, 0.005);
        CHECK_NEAR(r.num[i], 6 + 148 + 95 + 21 + 5, 0);
        CHECK(r.status[i] == BILDUNG_VALUE_OK);
        CHECK(r.symbol[i] == BILDUNG_SYMBOL_NONE);
        /* valid 2009..2021: 2024 lies outside */
        CHECK((r.flags[i] & BILDUNG_FLAG_OUTSIDE_VALIDITY) != 0);
        CHECK(text_is(bildung_results_denominator_ref, r.res, (size_t)i, "2023-12-31"));
        CHECK(text_is(bildung_results_numerator_ref, r.res, (size_t)i, "leaving year 2024"));
        CHECK(text_is(bildung_results_value_unit, r.res, (size_t)i, "percent"));
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

static const char AHR_DJ_TOML[] =
    "[[indicator]]\n"
    "id = \"AHR-DJ\"\n"
    "area = \"D\"\n"
    "name_de = \"Abiturquote DJ\"\n"
    "name_en = \"Abitur rate, average cohort\"\n"
    "mode = \"mean_cohort\"\n"
    "numerator = { table = \"school_leavers\", filter = { abschluss = [\"ahr\"] } }\n"
    "denominator = { table = \"population\", period_offset = -1 }\n"
    "age_band = { from = 18, to = 21 }\n"
    "source = \"methods.md 6.3\"\n";

static void test_mean_cohort_own_definition(void) {
    bildung_catalogue *cat = NULL;
    bildung_tables *t = abitur_tables();
    const char *const ids[] = {"AHR-DJ"};
    size_t n = 99;
    char id[16];
    records r;
    long i;
    h_context = "AHR-DJ, methods.md 6.3";
    CHECK_STATUS(bildung_catalogue_new_empty(&cat), BILDUNG_OK);
    CHECK_STATUS(bildung_catalogue_add(cat, AHR_DJ_TOML, BILDUNG_DEFINITION_TOML), BILDUNG_OK);
    CHECK_STATUS(bildung_catalogue_len(cat, &n), BILDUNG_OK);
    CHECK(n == 1);
    CHECK_STATUS(bildung_catalogue_id(cat, 0, id, sizeof id, NULL), BILDUNG_OK);
    CHECK(strcmp(id, "AHR-DJ") == 0);
    if (run(cat, t, ids, 1, NULL, 0, &r) && (i = find(&r, "AHR-DJ", "X", 2024, NULL, "total")) >= 0) {
        /* 275 events over the mean cohort (395 + 360 + 340) / 3 = 365 */
        CHECK(r.status[i] == BILDUNG_VALUE_OK);
        CHECK_NEAR(r.value[i], 100.0 * 275 / ((395.0 + 360 + 340) / 3), TOL);
        CHECK_NEAR(r.value[i], 75.34, 0.005);
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- indicators.md 2.4: leavers without HSA 2023 by birth year 2008..2005 ---- */

static void test_indicators_md_2_4(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const int64_t births[] = {2008, 2007, 2006, 2005};
    const int64_t ages[] = {14, 15, 16, 17}; /* 2022 - birth year */
    const int64_t y23[] = {2023, 2023, 2023, 2023};
    const int64_t y22[] = {2022, 2022, 2022, 2022};
    const char *const ohsa[] = {"ohne_hsa", "ohne_hsa", "ohne_hsa", "ohne_hsa"};
    const char *const l_names[] = {"unit_id", "leaving_year", "abschluss", "birth_year"};
    const bildung_column_type l_types[] = {TEXT, INT, TEXT, INT};
    const void *const l_cols[] = {X5, y23, ohsa, births};
    const double events[] = {2, 30, 25, 8};
    const char *const p_names[] = {"unit_id", "year", "age"};
    const bildung_column_type p_types[] = {TEXT, INT, INT};
    const void *const p_cols[] = {X5, y22, ages};
    const double pop[] = {1000, 1020, 1050, 1100};
    const char *const ids[] = {"D-ABS-OHSA-QSV", "D-ABS-OHSA-DJ"};
    records r;
    long i;
    h_context = "indicators.md 2.4";
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 4, 4, l_names, l_types, l_cols,
                                            events, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 4, 3, p_names, p_types, p_cols, pop,
                                            NULL),
                 BILDUNG_OK);
    if (run(cat, t, ids, 2, NULL, 0, &r)) {
        if ((i = find(&r, "D-ABS-OHSA-QSV", "X", 2023, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * (2.0 / 1000 + 30.0 / 1020 + 25.0 / 1050 + 8.0 / 1100),
                       TOL);
            CHECK_NEAR(r.value[i], 6.25, 0.005);
        }
        if ((i = find(&r, "D-ABS-OHSA-DJ", "X", 2023, NULL, "total")) >= 0) {
            /* band 15 to under 17: 65 events over (1020 + 1050) / 2 = 1035 */
            CHECK(r.status[i] == BILDUNG_VALUE_OK);
            CHECK_NEAR(r.value[i], 100.0 * 65 / 1035, TOL);
            CHECK_NEAR(r.value[i], 6.28, 0.005);
        }
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- shares by category, a `.` cell, breakdown by sex ---- */

static bildung_status add_leavers_by_sex(bildung_tables *t) {
    const char *const unit[] = {"A", "A", "A", "A", "B", "B", "B"};
    const int64_t year[] = {2023, 2023, 2023, 2023, 2023, 2023, 2023};
    const char *const sex[] = {"female", "female", "male", "male", "female", "male", "male"};
    const char *const abschluss[] = {"ohne_hsa", "ahr", "ohne_hsa", "ahr", "ahr", "ohne_hsa", "ahr"};
    const char *const names[] = {"unit_id", "leaving_year", "sex", "abschluss"};
    const bildung_column_type types[] = {TEXT, INT, TEXT, TEXT};
    const void *const cols[] = {unit, year, sex, abschluss};
    const double counts[] = {2, 18, 6, 14, NAN, 3, 9};
    const char *const symbols[] = {NULL, NULL, NULL, "", ".", NULL, NULL};
    return bildung_tables_add_columns(t, "school_leavers", 7, 4, names, types, cols, counts,
                                      symbols);
}

static void test_share_with_symbols_and_breakdowns(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const ids[] = {"D-ABS-ANTEIL"};
    const char *const by[] = {"sex"};
    records r;
    long i;
    h_context = "D-ABS-ANTEIL";
    CHECK_STATUS(add_leavers_by_sex(t), BILDUNG_OK);
    if (run(cat, t, ids, 1, NULL, 0, &r)) {
        /* A: ohne_hsa 2 + 6 = 8 of 40 = 20 %, ahr 32 of 40 = 80 % */
        if ((i = find(&r, "D-ABS-ANTEIL", "A", 2023, NULL, "ohne_hsa")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 8 / 40, TOL);
            CHECK_NEAR(r.num[i], 8, 0);
            CHECK_NEAR(r.den[i], 40, 0);
        }
        if ((i = find(&r, "D-ABS-ANTEIL", "A", 2023, NULL, "ahr")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 32 / 40, TOL);
        }
        /* B: the `.` cell makes B missing, never 0 */
        if ((i = find(&r, "D-ABS-ANTEIL", "B", 2023, NULL, "ohne_hsa")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_MISSING);
            CHECK(isnan(r.value[i]));
            CHECK(r.symbol[i] == BILDUNG_SYMBOL_UNKNOWN);
        }
    }
    records_free(&r);
    if (run(cat, t, ids, 1, by, 1, &r)) {
        size_t nb = 0;
        char name[8];
        CHECK_STATUS(bildung_results_by_len(r.res, &nb), BILDUNG_OK);
        CHECK(nb == 1);
        CHECK_STATUS(bildung_results_by_name(r.res, 0, name, sizeof name, NULL), BILDUNG_OK);
        CHECK(strcmp(name, "sex") == 0);
        /* A female 2 of 20 = 10 %, A male 6 of 20 = 30 %, B male 3 of 12 = 25 % */
        if ((i = find(&r, "D-ABS-ANTEIL", "A", 2023, "female", "ohne_hsa")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 2 / 20, TOL);
        }
        if ((i = find(&r, "D-ABS-ANTEIL", "A", 2023, "male", "ohne_hsa")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 6 / 20, TOL);
        }
        if ((i = find(&r, "D-ABS-ANTEIL", "B", 2023, "male", "ohne_hsa")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 3 / 12, TOL);
        }
        /* B female: ahr missing and no ohne_hsa row: the denominator is missing */
        if ((i = find(&r, "D-ABS-ANTEIL", "B", 2023, "female", "ohne_hsa")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_MISSING);
        }
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- Kita rates with the population of the previous year ---- */

static void add_kita(bildung_tables *t, const double *pop_counts) {
    const char *const k_unit[] = {"A", "A", "A", "B"};
    const int64_t k_year[] = {2024, 2024, 2024, 2024};
    const int64_t k_age[] = {0, 1, 2, 2};
    const char *const care[] = {"kita", "kita", "tagespflege", "kita"};
    const char *const k_names[] = {"unit_id", "year", "age", "care_type"};
    const bildung_column_type k_types[] = {TEXT, INT, INT, TEXT};
    const void *const k_cols[] = {k_unit, k_year, k_age, care};
    const double children[] = {3, 40, 20, 5};
    const char *const p_unit[] = {"A", "A", "A", "B", "B", "B"};
    const int64_t p_year[] = {2023, 2023, 2023, 2023, 2023, 2023};
    const int64_t p_age[] = {0, 1, 2, 0, 1, 2};
    const char *const p_names[] = {"unit_id", "year", "age"};
    const bildung_column_type p_types[] = {TEXT, INT, INT};
    const void *const p_cols[] = {p_unit, p_year, p_age};
    CHECK_STATUS(bildung_tables_add_columns(t, "kita_children", 4, 4, k_names, k_types, k_cols,
                                            children, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 6, 3, p_names, p_types, p_cols,
                                            pop_counts, NULL),
                 BILDUNG_OK);
}

static void test_kita_rates(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const double pop[] = {100, 100, 50, 10, 10, 10};
    const double zero_b[] = {100, 100, 50, 0, 0, 0};
    const char *const ids[] = {"C-BQ-U3", "C-BQ-2", "C-BQ-U3-ART"};
    records r;
    long i;
    h_context = "C-BQ-*";
    add_kita(t, pop);
    if (run(cat, t, ids, 3, NULL, 0, &r)) {
        /* A: (3 + 40 + 20) / (100 + 100 + 50) = 25.2 %; B: 5 / 30 */
        if ((i = find(&r, "C-BQ-U3", "A", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 63 / 250, TOL);
            CHECK_NEAR(r.num[i], 63, 0);
            CHECK_NEAR(r.den[i], 250, 0);
            CHECK(text_is(bildung_results_numerator_ref, r.res, (size_t)i, "2024-03-01"));
            CHECK(text_is(bildung_results_denominator_ref, r.res, (size_t)i, "2023-12-31"));
        }
        if ((i = find(&r, "C-BQ-U3", "B", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 5 / 30, TOL);
        }
        /* 2-year-olds in A: 20 of 50 = 40 % */
        if ((i = find(&r, "C-BQ-2", "A", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 20 / 50, TOL);
        }
        /* by care type: kita 43 of 250, tagespflege 20 of 250 = 8 % */
        if ((i = find(&r, "C-BQ-U3-ART", "A", 2024, NULL, "kita")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 43 / 250, TOL);
        }
        if ((i = find(&r, "C-BQ-U3-ART", "A", 2024, NULL, "tagespflege")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 20 / 250, TOL);
        }
    }
    records_free(&r);
    bildung_tables_free(t);
    /* a denominator of 0 is "not computable", not an error */
    t = new_tables();
    add_kita(t, zero_b);
    if (run(cat, t, ids, 1, NULL, 0, &r) && (i = find(&r, "C-BQ-U3", "B", 2024, NULL, "total")) >= 0) {
        CHECK(r.status[i] == BILDUNG_VALUE_NOT_COMPUTABLE);
        CHECK(isnan(r.value[i]));
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- age gaps and population age classes ---- */

static void test_age_gaps_and_classes(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const ab[] = {"A", "B"};
    const int64_t y2[] = {2024, 2024};
    const int64_t one2[] = {1, 1};
    const char *const k_names[] = {"unit_id", "year", "age"};
    const bildung_column_type k_types[] = {TEXT, INT, INT};
    const void *const k_cols[] = {ab, y2, one2};
    const double kids[] = {3, 4};
    const char *const p_unit[] = {"A", "A", "A", "B", "B"};
    const int64_t p_year[] = {2023, 2023, 2023, 2023, 2023};
    const int64_t p_age[] = {0, 1, 2, 0, 2}; /* B lacks age 1 */
    const void *const p_cols[] = {p_unit, p_year, p_age};
    const double pop[] = {10, 10, 10, 10, 10};
    const char *const ids[] = {"C-BQ-U3"};
    const char *const ids2[] = {"C-BQ-2"};
    records r;
    long i;
    h_context = "age gaps and classes";
    CHECK_STATUS(bildung_tables_add_columns(t, "kita_children", 2, 3, k_names, k_types, k_cols,
                                            kids, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 5, 3, k_names, k_types, p_cols, pop,
                                            NULL),
                 BILDUNG_OK);
    if (run(cat, t, ids, 1, NULL, 0, &r)) {
        if ((i = find(&r, "C-BQ-U3", "A", 2024, NULL, "total")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_OK);
        }
        if ((i = find(&r, "C-BQ-U3", "B", 2024, NULL, "total")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_NO_DATA);
            CHECK((r.flags[i] & BILDUNG_FLAG_AGE_GAP) != 0);
        }
    }
    records_free(&r);
    bildung_tables_free(t);
    {
        /* "unter 3" (0 to 3) fits the band of C-BQ-U3; "3 bis unter 6" lies outside it */
        const char *const a1[] = {"A"};
        const int64_t y1[] = {2024};
        const int64_t age1[] = {1};
        const void *const c_cols[] = {a1, y1, age1};
        const double c30[] = {30};
        const char *const aa[] = {"A", "A"};
        const int64_t y23[] = {2023, 2023};
        const int64_t from[] = {0, 3};
        const int64_t to[] = {3, 6};
        const char *const pc_names[] = {"unit_id", "year", "age", "age_to"};
        const bildung_column_type pc_types[] = {TEXT, INT, INT, INT};
        const void *const pc_cols[] = {aa, y23, from, to};
        const double pc[] = {120, 130};
        bildung_results *res = (bildung_results *)&h_passed; /* must stay untouched */
        t = new_tables();
        CHECK_STATUS(bildung_tables_add_columns(t, "kita_children", 1, 3, k_names, k_types, c_cols,
                                                c30, NULL),
                     BILDUNG_OK);
        CHECK_STATUS(bildung_tables_add_columns(t, "population", 2, 4, pc_names, pc_types, pc_cols,
                                                pc, NULL),
                     BILDUNG_OK);
        if (run(cat, t, ids, 1, NULL, 0, &r) &&
            (i = find(&r, "C-BQ-U3", "A", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * 30 / 120, TOL);
        }
        records_free(&r);
        /* the class 0-3 straddles the band of 2-year-olds: an error naming row and column */
        CHECK_STATUS(bildung_indicators_compute(cat, t, ids2, 1, NULL, 0, NULL, 0, &res),
                     BILDUNG_ERR_MALFORMED_INPUT);
        CHECK_MESSAGE("row 0, column `age`");
        CHECK_MESSAGE("straddles");
        CHECK(res == (bildung_results *)&h_passed);
        bildung_tables_free(t);
    }
    bildung_catalogue_free(cat);
}

/* ---- layered flow (Vertragslösungsquote, Schichtenmodell) ---- */

static void test_layered_flow(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const unit[] = {"A", "A", "A", "A", "A", "A", "A", "A"};
    const int64_t report[] = {2024, 2024, 2024, 2024, 2024, 2023, 2022, 2021};
    const int64_t start[] = {2024, 2023, 2022, 2021, 2024, 2023, 2022, 2021};
    const char *const event[] = {"geloest", "geloest", "geloest",  "geloest",
                                 "begonnen", "begonnen", "begonnen", "begonnen"};
    const char *const names[] = {"unit_id", "report_year", "contract_start_year", "event"};
    const bildung_column_type types[] = {TEXT, INT, INT, TEXT};
    const void *const cols[] = {unit, report, start, event};
    const double counts[] = {10, 8, 5, 2, 100, 90, 80, 85};
    const char *const ids[] = {"E-LQ"};
    records r;
    long i;
    h_context = "E-LQ";
    CHECK_STATUS(bildung_tables_add_columns(t, "vocational_contracts", 8, 4, names, types, cols,
                                            counts, NULL),
                 BILDUNG_OK);
    if (run(cat, t, ids, 1, NULL, 0, &r) && (i = find(&r, "E-LQ", "A", 2024, NULL, "total")) >= 0) {
        CHECK(r.status[i] == BILDUNG_VALUE_OK);
        CHECK_NEAR(r.value[i], 100.0 * (10.0 / 100 + 8.0 / 90 + 5.0 / 80 + 2.0 / 85), TOL);
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- change in percentage points ---- */

static const char CHANGE_TOML[] = "[[indicator]]\n"
                                  "id = \"A-AUSL-D2\"\n"
                                  "area = \"A\"\n"
                                  "name_de = \"Veränderung des Ausländeranteils in 2 Jahren\"\n"
                                  "name_en = \"two-year change of the share of foreign nationals\"\n"
                                  "mode = \"change_pp\"\n"
                                  "base = \"A-AUSL\"\n"
                                  "lag = 2\n"
                                  "source = \"MSS-style Dynamik indicator\"\n";

static void test_change_pp(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const unit[] = {"A", "A", "A", "A"};
    const int64_t year[] = {2018, 2018, 2020, 2020};
    const char *const cit[] = {"de", "nde", "de", "nde"};
    const char *const names[] = {"unit_id", "year", "citizenship"};
    const bildung_column_type types[] = {TEXT, INT, TEXT};
    const void *const cols[] = {unit, year, cit};
    const double counts[] = {90, 10, 85, 15};
    const char *const ids[] = {"A-AUSL-D2"};
    records r;
    long i;
    h_context = "A-AUSL-D2";
    CHECK_STATUS(bildung_catalogue_add(cat, CHANGE_TOML, BILDUNG_DEFINITION_TOML), BILDUNG_OK);
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 4, 3, names, types, cols, counts, NULL),
                 BILDUNG_OK);
    if (run(cat, t, ids, 1, NULL, 0, &r)) {
        CHECK(r.n == 1); /* only 2020 has a value two years earlier */
        if ((i = find(&r, "A-AUSL-D2", "A", 2020, NULL, "total")) >= 0) {
            /* 15/100 - 10/100 = 5 percentage points */
            CHECK_NEAR(r.value[i], 100.0 * 15 / 100 - 100.0 * 10 / 100, TOL);
            CHECK(text_is(bildung_results_value_unit, r.res, (size_t)i, "percentage points"));
        }
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- population source and census basis travel with the value; warnings ---- */

static const char TYPO_TOML[] = "[[indicator]]\n"
                                "id = \"TYPO\"\n"
                                "area = \"C\"\n"
                                "name_de = \"x\"\n"
                                "name_en = \"x\"\n"
                                "mode = \"share\"\n"
                                "numerator = { table = \"kita_children\", filter = { care_type = "
                                "[\"kiTa\"] } }\n"
                                "denominator = { table = \"kita_children\" }\n"
                                "source = \"test\"\n";

static void test_population_basis_and_warnings(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const unit[] = {"A", "A", "B", "B"};
    const int64_t year[] = {2022, 2022, 2022, 2022};
    const char *const cit[] = {"de", "nde", "de", "nde"};
    const char *const source[] = {"fortschreibung", "fortschreibung", "fortschreibung",
                                  "fortschreibung"};
    const char *const basis[] = {"z2022", "z2022", "z2011", "z2022"};
    const char *const names[] = {"unit_id", "year", "citizenship", "source", "census_basis"};
    const bildung_column_type types[] = {TEXT, INT, TEXT, TEXT, TEXT};
    const void *const cols[] = {unit, year, cit, source, basis};
    const double counts[] = {90, 10, 80, 20};
    const double pop[] = {1, 1, 1, 1, 1, 1};
    const char *const ids[] = {"A-AUSL"};
    const char *const typo[] = {"TYPO"};
    bildung_catalogue *own = NULL;
    char buf[BUF];
    size_t k = 0;
    records r;
    long i;
    h_context = "population source, census basis, warnings";
    CHECK_STATUS(bildung_tables_add_columns(t, "population", 4, 5, names, types, cols, counts,
                                            NULL),
                 BILDUNG_OK);
    if (run(cat, t, ids, 1, NULL, 0, &r)) {
        if ((i = find(&r, "A-AUSL", "A", 2022, NULL, "total")) >= 0) {
            CHECK(text_is(bildung_results_population_source, r.res, (size_t)i, "fortschreibung"));
            CHECK(text_is(bildung_results_census_basis, r.res, (size_t)i, "z2022"));
            CHECK(r.flags[i] == 0);
        }
        if ((i = find(&r, "A-AUSL", "B", 2022, NULL, "total")) >= 0) {
            /* 20 of 80 + 20 = 20 %, but the two rows have different census bases */
            CHECK_NEAR(r.value[i], 100.0 * 20 / 100, TOL);
            CHECK(text_is(bildung_results_census_basis, r.res, (size_t)i, "mixed"));
            CHECK((r.flags[i] & BILDUNG_FLAG_MIXED_POPULATION_BASIS) != 0);
        }
        CHECK_STATUS(bildung_results_warnings_len(r.res, &k), BILDUNG_OK);
        CHECK(k == 0);
    }
    records_free(&r);
    bildung_tables_free(t);
    /* a filter value that no row has: counts of 0 and a warning naming the field */
    t = new_tables();
    add_kita(t, pop);
    CHECK_STATUS(bildung_catalogue_new_empty(&own), BILDUNG_OK);
    CHECK_STATUS(bildung_catalogue_add(own, TYPO_TOML, BILDUNG_DEFINITION_TOML), BILDUNG_OK);
    if (run(own, t, typo, 1, NULL, 0, &r)) {
        if ((i = find(&r, "TYPO", "A", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 0.0, 0);
        }
        CHECK_STATUS(bildung_results_warnings_len(r.res, &k), BILDUNG_OK);
        CHECK(k == 1);
        CHECK_STATUS(bildung_results_warning_id(r.res, 0, buf, sizeof buf, NULL), BILDUNG_OK);
        CHECK(strcmp(buf, "TYPO") == 0);
        CHECK_STATUS(bildung_results_warning_text(r.res, 0, buf, sizeof buf, NULL), BILDUNG_OK);
        CHECK(strstr(buf, "numerator.filter.care_type") != NULL && strstr(buf, "kita") != NULL);
        CHECK_STATUS(bildung_results_warning_text(r.res, 1, buf, sizeof buf, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
    }
    records_free(&r);
    bildung_tables_free(t);
    bildung_catalogue_free(own);
    bildung_catalogue_free(cat);
}

/* ---- tidy CSV files in, results as CSV out ---- */

static void test_csv_files(void) {
    char kita[BUF], pop[BUF], out[BUF];
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    const char *const ids[] = {"C-BQ-U3"};
    const int64_t periods[] = {2024};
    bildung_results *res = NULL;
    records r;
    long i;
    char *text;
    h_context = "tidy CSV files";
    memset(&r, 0, sizeof r);
    if (!temp_path(kita, sizeof kita) || !temp_path(pop, sizeof pop) ||
        !temp_path(out, sizeof out)) {
        h_record(0, __FILE__, __LINE__, "temporary files");
        bildung_tables_free(t);
        bildung_catalogue_free(cat);
        return;
    }
    /* ';' separated; `-` is a true zero, `x` a missing cell kept missing */
    CHECK(write_file(kita, "unit_id;year;age;care_type;count\n"
                           "A;2024;0;kita;3\nA;2024;1;kita;40\nA;2024;2;tagespflege;20\n"
                           "B;2024;2;kita;-\nC;2024;1;kita;x\n"));
    CHECK(write_file(pop, "unit_id,year,age,count\n"
                          "A,2023,0,100\nA,2023,1,100\nA,2023,2,50\n"
                          "B,2023,0,10\nB,2023,1,10\nB,2023,2,10\n"
                          "C,2023,0,10\nC,2023,1,10\nC,2023,2,10\n"));
    CHECK_STATUS(bildung_tables_read_csv(t, "kita_children", kita), BILDUNG_OK);
    CHECK_STATUS(bildung_tables_read_csv(t, "population", pop), BILDUNG_OK);
    CHECK_STATUS(bildung_indicators_compute(cat, t, ids, 1, NULL, 0, periods, 1, &res), BILDUNG_OK);
    if (res != NULL) {
        CHECK(records_load(res, &r));
        if ((i = find(&r, "C-BQ-U3", "A", 2024, NULL, "total")) >= 0) {
            CHECK_NEAR(r.value[i], 100.0 * (3 + 40 + 20) / (100 + 100 + 50), TOL);
        }
        if ((i = find(&r, "C-BQ-U3", "B", 2024, NULL, "total")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_OK);
            CHECK_NEAR(r.value[i], 0.0, 0); /* `-` = 0 of 30 */
        }
        if ((i = find(&r, "C-BQ-U3", "C", 2024, NULL, "total")) >= 0) {
            CHECK(r.status[i] == BILDUNG_VALUE_MISSING);
            CHECK(r.symbol[i] == BILDUNG_SYMBOL_NOT_MEANINGFUL);
        }
        CHECK_STATUS(bildung_results_write_csv(res, out), BILDUNG_OK);
        text = h_read_file(out);
        CHECK(text != NULL && starts_with(text, "indicator,version,unit_id,period,category,value,"
                                                "numerator,denominator,se,status,symbol,flags,"
                                                "unit,numerator_ref,denominator_ref,"));
        CHECK(text != NULL && strstr(text, "\nC-BQ-U3,1,C,2024,total,") != NULL);
        CHECK(text != NULL && strstr(text, ",missing,x,") != NULL);
        free(text);
    }
    records_free(&r);
    /* a malformed file names the file, the line and the column */
    CHECK(write_file(kita, "unit_id,year,age,count\nA,2024,1,3\nA,2024,2,-3\n"));
    CHECK_STATUS(bildung_tables_read_csv(t, "kita_children", kita), BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE(kita);
    CHECK_MESSAGE("negative count");
    CHECK(write_file(kita, "unit_id,year,age,count\nA,2024,1,3\nA,2024,1,4\n"));
    CHECK_STATUS(bildung_tables_read_csv(t, "kita_children", kita), BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("duplicated key");
    CHECK(write_file(kita, "unit_id,year,age,count\nK\xf6ln,2024,1,3\n")); /* Windows-1252 */
    CHECK_STATUS(bildung_tables_read_csv(t, "kita_children", kita), BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("UTF-8");
    remove(kita);
    remove(pop);
    remove(out);
    /* the file is gone now */
    CHECK_STATUS(bildung_tables_read_csv(t, "kita_children", kita), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE(kita);
    CHECK_MESSAGE("cannot read the file");
    CHECK_STATUS(bildung_results_write_csv(NULL, out), BILDUNG_ERR_NULL_ARGUMENT);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

/* ---- bad input ---- */

static void test_bad_input(void) {
    bildung_catalogue *cat = builtin();
    bildung_tables *t = new_tables();
    bildung_results *res = NULL;
    const char *const unit[] = {"A", "A"};
    const int64_t year[] = {2023, 2023};
    const char *const ahr[] = {"ahr", "ahr"};
    const char *const names[] = {"unit_id", "leaving_year", "abschluss"};
    const bildung_column_type types[] = {TEXT, INT, TEXT};
    const bildung_column_type bad_types[] = {TEXT, INT, 7};
    const void *const cols[] = {unit, year, ahr};
    const void *const null_col[] = {unit, NULL, ahr};
    const char *const bad_utf8[] = {"A", "K\xf6ln"};
    const void *const utf8_cols[] = {bad_utf8, year, ahr};
    const double counts[] = {1, 2};
    const char *const nope[] = {"NOPE"};
    const char *const anteil[] = {"D-ABS-ANTEIL"};
    const char *const bqu3[] = {"C-BQ-U3"};
    const char *const sex[] = {"sex"};
    const char *const units_a[] = {"A"};
    const char *const bad_id[] = {"D-ABS-\xff"};
    const double kita_pop[] = {1, 1, 1, 1, 1, 1};
    char buf[BUF];
    size_t needed = 0, n = 0, k = 0;
    records r;
    h_context = "bad input";

    /* NULL pointers with a length above 0 */
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, names, types, cols, NULL,
                                            NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`counts` is NULL");
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, NULL, types, cols, counts,
                                            NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, names, types, null_col,
                                            counts, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("leaving_year");
    CHECK_STATUS(bildung_tables_add_columns(NULL, "school_leavers", 2, 3, names, types, cols,
                                            counts, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_tables_set_units(t, NULL, 2), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_indicators_compute(cat, t, NULL, 1, NULL, 0, NULL, 0, &res),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_indicators_compute(cat, t, NULL, 0, NULL, 0, NULL, 3, &res),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_indicators_compute(NULL, t, NULL, 0, NULL, 0, NULL, 0, &res),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_indicators_compute(cat, t, NULL, 0, NULL, 0, NULL, 0, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_catalogue_add(cat, NULL, BILDUNG_DEFINITION_TOML),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_catalogue_builtin(NULL), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_tables_new(NULL), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_catalogue_len(NULL, &n), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_results_len(NULL, &n), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(res == NULL);
    bildung_catalogue_free(NULL);
    bildung_tables_free(NULL);
    bildung_results_free(NULL);

    /* unknown kind and column type */
    CHECK_STATUS(bildung_tables_add_columns(t, "pupils", 2, 3, names, types, cols, counts, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("unknown table kind");
    CHECK_STATUS(bildung_tables_read_csv(t, "pupils", "x.csv"), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, names, bad_types, cols,
                                            counts, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);

    /* duplicated key: rows 0 and 1 share unit, year and abschluss */
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, names, types, cols, counts,
                                            NULL),
                 BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("table `school_leavers`, row 1");
    CHECK_MESSAGE("duplicated key");

    /* `-` is a true 0: with NaN (or 0) the count 0, with a number an error naming the row */
    {
        const char *const ab[] = {"A", "B"};
        const void *const ab_cols[] = {ab, year, ahr};
        const double nan_two[] = {NAN, 2};
        const double five_two[] = {5, 2};
        const char *const dash[] = {"-", NULL};
        const char *const bad_sym[] = {NULL, "q"};
        bildung_tables *t2 = new_tables(); /* t must stay without school leavers */
        CHECK_STATUS(bildung_tables_add_columns(t2, "school_leavers", 2, 3, names, types, ab_cols,
                                                nan_two, dash),
                     BILDUNG_OK);
        CHECK_STATUS(bildung_tables_add_columns(t2, "school_leavers", 2, 3, names, types, ab_cols,
                                                five_two, dash),
                     BILDUNG_ERR_MALFORMED_INPUT);
        CHECK_MESSAGE("row 0, column `count`");
        CHECK_STATUS(bildung_tables_add_columns(t2, "school_leavers", 2, 3, names, types, ab_cols,
                                                nan_two, bad_sym),
                     BILDUNG_ERR_MALFORMED_INPUT);
        CHECK_MESSAGE("row 1, column `symbol`");
        bildung_tables_free(t2);
    }

    /* invalid UTF-8 in a string argument and in a text column */
    CHECK_STATUS(bildung_tables_add_columns(t, "school_leavers", 2, 3, names, types, utf8_cols,
                                            counts, NULL),
                 BILDUNG_ERR_INVALID_UTF8);
    CHECK_MESSAGE("unit_id");
    CHECK_STATUS(bildung_tables_add_columns(t, "school\xff", 2, 3, names, types, cols, counts,
                                            NULL),
                 BILDUNG_ERR_INVALID_UTF8);
    CHECK_MESSAGE("`kind`");
    CHECK_STATUS(bildung_indicators_compute(cat, t, bad_id, 1, NULL, 0, NULL, 0, &res),
                 BILDUNG_ERR_INVALID_UTF8);
    CHECK_MESSAGE("`ids[0]`");

    /* invalid definition: unknown mode, named by field */
    CHECK_STATUS(bildung_catalogue_len(cat, &n), BILDUNG_OK);
    CHECK_STATUS(bildung_catalogue_add(cat,
                                       "[{\"id\": \"T1\", \"area\": \"D\", \"name_de\": \"x\", "
                                       "\"name_en\": \"x\", \"mode\": \"ratio\", \"source\": \"s\"}]",
                                       BILDUNG_DEFINITION_JSON),
                 BILDUNG_ERR_INVALID_DEFINITION);
    CHECK_MESSAGE("field `mode`");
    CHECK_STATUS(bildung_catalogue_add(cat, "[[indicator]]\nid = \n", BILDUNG_DEFINITION_TOML),
                 BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("row 2");
    CHECK_STATUS(bildung_catalogue_add(cat, "[]", 9), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_catalogue_len(cat, &k), BILDUNG_OK);
    CHECK(k == n); /* nothing added */

    /* unknown indicator id; a table the indicator needs is not loaded */
    add_kita(t, kita_pop);
    CHECK_STATUS(bildung_indicators_compute(cat, t, nope, 1, NULL, 0, NULL, 0, &res),
                 BILDUNG_ERR_UNKNOWN_INDICATOR);
    CHECK_MESSAGE("NOPE");
    CHECK_STATUS(bildung_indicators_compute(cat, t, anteil, 1, NULL, 0, NULL, 0, &res),
                 BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("school_leavers");
    CHECK_MESSAGE("D-ABS-ANTEIL");
    /* a breakdown column the table lacks */
    CHECK_STATUS(bildung_indicators_compute(cat, t, bqu3, 1, sex, 1, NULL, 0, &res),
                 BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("column `sex`");
    CHECK(res == NULL);

    /* the whole catalogue: indicators without data are skipped and listed */
    if (run(cat, t, NULL, 0, NULL, 0, &r)) {
        size_t s, found = 0;
        (void)find(&r, "C-BQ-U3", "A", 2024, NULL, "total");
        CHECK_STATUS(bildung_results_skipped_len(r.res, &k), BILDUNG_OK);
        for (s = 0; s < k; s++) {
            CHECK_STATUS(bildung_results_skipped_id(r.res, s, buf, sizeof buf, NULL), BILDUNG_OK);
            found += strcmp(buf, "D-ABS-ANTEIL") == 0;
        }
        CHECK(found == 1);
        CHECK_STATUS(bildung_results_skipped_reason(r.res, 0, buf, sizeof buf, NULL), BILDUNG_OK);
        CHECK(strlen(buf) > 0);
        CHECK_STATUS(bildung_results_skipped_id(r.res, k, buf, sizeof buf, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);

        /* buffer too small: the needed length is reported, a truncated text written */
        CHECK_STATUS(bildung_results_indicator(r.res, 0, buf, 3, &needed), BILDUNG_ERR_BUFFER_SIZE);
        CHECK_STATUS(bildung_results_indicator(r.res, 0, NULL, 0, &k), BILDUNG_ERR_BUFFER_SIZE);
        CHECK(needed == k && needed > 3);
        CHECK(strlen(buf) == 2);
        {
            char *full = (char *)malloc(needed);
            CHECK_STATUS(bildung_results_indicator(r.res, 0, full, needed, NULL), BILDUNG_OK);
            CHECK(strlen(full) + 1 == needed && strncmp(full, buf, 2) == 0);
            free(full);
        }
        CHECK_STATUS(bildung_results_indicator(r.res, 0, NULL, 5, NULL), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_results_unit(r.res, r.n, buf, sizeof buf, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_STATUS(bildung_results_by(r.res, 0, 0, buf, sizeof buf, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_STATUS(bildung_results_values(r.res, r.value, NULL, NULL, NULL, NULL, NULL, NULL,
                                            NULL, NULL, r.n - 1),
                     BILDUNG_ERR_BUFFER_SIZE);
        snprintf(buf, sizeof buf, "but %lu are needed", (unsigned long)r.n);
        CHECK_MESSAGE(buf);
        CHECK_STATUS(bildung_results_values(r.res, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                            NULL, 0),
                     BILDUNG_OK);
        CHECK_STATUS(bildung_catalogue_id(cat, 0, NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
        CHECK(needed > 1);
    }
    records_free(&r);

    /* unknown area id once the geography is declared */
    CHECK_STATUS(bildung_tables_set_units(t, units_a, 1), BILDUNG_ERR_MALFORMED_INPUT);
    CHECK_MESSAGE("unknown area id `B`");

    /* cohort functions */
    {
        const double e[] = {1, -2};
        const double p[] = {10, 10};
        bildung_cohort_quota q;
        q.value = -1;
        CHECK_STATUS(bildung_quota_sum(NULL, p, 2, &q), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_quota_sum(e, p, 2, &q), BILDUNG_ERR_INVALID_COUNT);
        CHECK_STATUS(bildung_quota_sum(e, p, 0, &q), BILDUNG_ERR_EMPTY_INPUT);
        CHECK_STATUS(bildung_quota_sum(e, p, 1, NULL), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_mean_cohort(NAN, p, 2, &q), BILDUNG_ERR_MISSING_VALUE);
        CHECK_STATUS(bildung_mean_cohort(1, NULL, 0, &q), BILDUNG_ERR_EMPTY_INPUT);
        CHECK(q.value == -1); /* untouched on failure */
    }
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
}

static void test_cohort_functions(void) {
    const double e[] = {6, 148, 95, 21, 5};
    const double p[] = {410, 395, 360, 340, 300};
    const double band[] = {395, 360, 340};
    const double zero[] = {0, 0};
    bildung_cohort_quota q;
    h_context = "bildung_quota_sum / bildung_mean_cohort";
    CHECK_STATUS(bildung_quota_sum(e, p, 5, &q), BILDUNG_OK);
    CHECK_NEAR(q.value, 100.0 * (6.0 / 410 + 148.0 / 395 + 95.0 / 360 + 21.0 / 340 + 5.0 / 300),
               TOL);
    CHECK_NEAR(q.se, 4.42, 0.005);
    CHECK_NEAR(q.events, 275, 0);
    CHECK_NEAR(q.population, 410 + 395 + 360 + 340 + 300, 0);
    CHECK(q.status == BILDUNG_VALUE_OK && q.flags == 0);
    CHECK_STATUS(bildung_mean_cohort(275, band, 3, &q), BILDUNG_OK);
    CHECK_NEAR(q.value, 100.0 * 275 / 365, TOL);
    CHECK_NEAR(q.population, 365, 0);
    CHECK(isnan(q.se));
    CHECK_STATUS(bildung_mean_cohort(0, zero, 2, &q), BILDUNG_OK);
    CHECK(q.status == BILDUNG_VALUE_NOT_COMPUTABLE);
    {
        /* 1 event at an age without population: undefined; 30 of 25: rate above one */
        const double e2[] = {1, 3};
        const double p2[] = {0, 10};
        const double e3[] = {30};
        const double p3[] = {25};
        CHECK_STATUS(bildung_quota_sum(e2, p2, 2, &q), BILDUNG_OK);
        CHECK(q.status == BILDUNG_VALUE_UNDEFINED && isnan(q.value));
        CHECK_STATUS(bildung_quota_sum(e3, p3, 1, &q), BILDUNG_OK);
        CHECK(q.flags == BILDUNG_FLAG_RATE_ABOVE_ONE);
        CHECK_NEAR(q.value, 120.0, TOL);
    }
}

void run_indicators_tests(void) {
    int passed = h_passed, failed = h_failed;
    test_quota_sum_methods_6_3();
    test_mean_cohort_own_definition();
    test_indicators_md_2_4();
    test_share_with_symbols_and_breakdowns();
    test_kita_rates();
    test_age_gaps_and_classes();
    test_layered_flow();
    test_change_pp();
    test_population_basis_and_warnings();
    test_csv_files();
    test_bad_input();
    test_cohort_functions();
    h_context = NULL;
    printf("indicators: %d passed, %d failed\n", h_passed - passed, h_failed - failed);
}
