/*
 * Golden indicator cases through the C API: reads <golden dir>/indicators.json (format: the
 * "Indicators" section of tests/golden/README.md) with cJSON and runs every case.
 *
 * Engine cases build a catalogue (built-in or empty, plus `definitions_toml`), the tables
 * (`tables`: kind -> columns, `count`, optional `symbol`; text columns are JSON strings, integer
 * columns JSON integers) through bildung_tables_add_columns, the declared `units`, and compute
 * `request`; then every `expected` record must exist (indicator, unit, period, by, category) with
 * its value, numerator, denominator, se (within `tolerance` times max(1, |expected|); null =
 * NaN), status, symbol and flags (exactly), plus `n_records` and `skipped` when given. Error cases
 * (`error`: kind and `contains`) must fail at some step with the status of the kind and a last
 * error message containing every string. Function cases call bildung_quota_sum /
 * bildung_mean_cohort. Cases C cannot express (columns of different lengths, null keys,
 * non-integral integers, quota_sum arrays of different lengths) are reported as skipped.
 *
 * Before the file is read, a few cases of the reader's own (hand calculations: methods.md 6.3,
 * a share with a `.` cell, a duplicated key) check the reader itself on every run.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden_json.h"
#include "harness.h"
#include "indicator_records.h"

#define MSG_LEN 1024

typedef struct {
    int passed, failed, skipped;
} tally;

enum outcome { PASS, FAIL, SKIP };

static const cJSON *get(const cJSON *obj, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Print one failure line for case `name`; returns FAIL. */
static enum outcome fail(const char *name, const char *fmt, ...) {
    va_list ap;
    printf("FAIL golden indicators %s: ", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return FAIL;
}

static int near(double got, double want, double tol) {
    double d;
    if (isnan(want) || isnan(got)) {
        return isnan(want) && isnan(got);
    }
    /* relative to max(1, |want|) (tests/golden/README.md) */
    d = fabs(got - want);
    return d <= tol || d <= tol * fabs(want);
}

/* ---- names to codes ---- */

static const char *const STATUS_NAMES[] = {"ok", "missing", "not_computable", "undefined",
                                           "no_data"};
/* Index = BILDUNG_SYMBOL_* code. */
static const char *const SYMBOL_NAMES[] = {"", "-", ".", "x", "...", "/"};
static const struct {
    const char *name;
    bildung_flags bit;
} FLAG_NAMES[] = {
    {"zero_values", BILDUNG_FLAG_ZERO_VALUES},
    {"missing_propagated", BILDUNG_FLAG_MISSING_PROPAGATED},
    {"clamped", BILDUNG_FLAG_CLAMPED},
    {"single_area", BILDUNG_FLAG_SINGLE_AREA},
    {"empty_groups", BILDUNG_FLAG_EMPTY_GROUPS},
    {"negative_after_correction", BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION},
    {"few_areas", BILDUNG_FLAG_FEW_AREAS},
    {"no_between_variance", BILDUNG_FLAG_NO_BETWEEN_VARIANCE},
    {"boundary_estimate", BILDUNG_FLAG_BOUNDARY_ESTIMATE},
    {"rate_above_one", BILDUNG_FLAG_RATE_ABOVE_ONE},
    {"small_population", BILDUNG_FLAG_SMALL_POPULATION},
    {"outside_validity", BILDUNG_FLAG_OUTSIDE_VALIDITY},
    {"events_outside_ages", BILDUNG_FLAG_EVENTS_OUTSIDE_AGES},
    {"age_gap", BILDUNG_FLAG_AGE_GAP},
    {"mixed_population_basis", BILDUNG_FLAG_MIXED_POPULATION_BASIS},
};

/* Index of `name` in `names`, or -1. */
static int index_of(const char *name, const char *const *names, int count) {
    int i;
    for (i = 0; i < count; i++) {
        if (strcmp(name, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* The flag bits of a JSON list of names; returns 0 if a name is unknown. */
static int flag_bits(const cJSON *list, bildung_flags *bits) {
    const cJSON *item;
    *bits = 0;
    cJSON_ArrayForEach(item, list) {
        size_t k;
        int found = 0;
        for (k = 0; k < sizeof FLAG_NAMES / sizeof FLAG_NAMES[0]; k++) {
            if (cJSON_IsString(item) && strcmp(item->valuestring, FLAG_NAMES[k].name) == 0) {
                *bits |= FLAG_NAMES[k].bit;
                found = 1;
            }
        }
        if (!found) {
            return 0;
        }
    }
    return 1;
}

/* ---- building the tables ---- */

/* Whether a JSON number is an integer that int64_t holds exactly. */
static int is_integer(const cJSON *item) {
    double v = item->valuedouble;
    return cJSON_IsNumber(item) && v == floor(v) && fabs(v) < 9007199254740992.0;
}

/* Add one table of `kind` from its JSON object; *skip = 1 if C cannot express it. */
static bildung_status add_table(bildung_tables *t, const char *kind, const cJSON *obj, int *skip) {
    const cJSON *cols = get(obj, "columns");
    const cJSON *count = get(obj, "count");
    const cJSON *sym = get(obj, "symbol");
    const cJSON *col, *item;
    size_t n_rows = (size_t)cJSON_GetArraySize(count);
    size_t n_cols = (size_t)cJSON_GetArraySize(cols);
    size_t j = 0, i;
    const char **names = (const char **)calloc(n_cols + 1, sizeof(char *));
    bildung_column_type *types = (bildung_column_type *)calloc(n_cols + 1, sizeof *types);
    void **data = (void **)calloc(n_cols + 1, sizeof(void *));
    const char **symbols = NULL;
    double *counts = h_json_numbers(count, &i);
    bildung_status st = BILDUNG_ERR_PANIC;
    *skip = !cJSON_IsArray(count) || !cJSON_IsObject(cols);
    cJSON_ArrayForEach(col, cols) {
        int text = 0;
        if (*skip || (size_t)cJSON_GetArraySize(col) != n_rows) {
            *skip = 1;
            break;
        }
        cJSON_ArrayForEach(item, col) { text |= cJSON_IsString(item); }
        names[j] = col->string;
        types[j] = text ? BILDUNG_COLUMN_TEXT : BILDUNG_COLUMN_INT;
        if (text) {
            const char **v = (const char **)calloc(n_rows + 1, sizeof(char *));
            i = 0;
            cJSON_ArrayForEach(item, col) {
                *skip |= !cJSON_IsString(item);
                v[i++] = cJSON_IsString(item) ? item->valuestring : NULL;
            }
            data[j] = (void *)v;
        } else {
            int64_t *v = (int64_t *)calloc(n_rows + 1, sizeof(int64_t));
            i = 0;
            cJSON_ArrayForEach(item, col) {
                *skip |= !is_integer(item);
                v[i++] = is_integer(item) ? (int64_t)item->valuedouble : 0;
            }
            data[j] = (void *)v;
        }
        j++;
    }
    if (!*skip && cJSON_IsArray(sym)) {
        if ((size_t)cJSON_GetArraySize(sym) != n_rows) {
            *skip = 1;
        } else {
            symbols = (const char **)calloc(n_rows + 1, sizeof(char *));
            i = 0;
            cJSON_ArrayForEach(item, sym) {
                symbols[i++] = cJSON_IsString(item) ? item->valuestring : NULL;
            }
        }
    }
    if (!*skip) {
        st = bildung_tables_add_columns(t, kind, n_rows, n_cols, names, types,
                                        (const void *const *)data, counts, symbols);
    }
    for (i = 0; i < n_cols; i++) {
        free(data[i]);
    }
    free((void *)names);
    free(types);
    free((void *)data);
    free((void *)symbols);
    free(counts);
    return st;
}

/* A JSON list of strings as a malloc'ed array of pointers into the JSON; NULL if not a list. */
static const char **strings(const cJSON *list, size_t *n) {
    const cJSON *item;
    const char **v;
    size_t i = 0;
    *n = 0;
    if (!cJSON_IsArray(list)) {
        return NULL;
    }
    *n = (size_t)cJSON_GetArraySize(list);
    v = (const char **)calloc(*n + 1, sizeof(char *));
    cJSON_ArrayForEach(item, list) { v[i++] = cJSON_IsString(item) ? item->valuestring : ""; }
    return v;
}

/* ---- reading the results ---- */

/* The record matching an expected entry, or -1. */
static long find_record(const records *r, const cJSON *e) {
    const cJSON *by = get(e, "by");
    const char *category = cJSON_GetStringValue(get(e, "category"));
    const char *id = cJSON_GetStringValue(get(e, "indicator"));
    const char *unit = cJSON_GetStringValue(get(e, "unit"));
    size_t n_by;
    const char **values = strings(by, &n_by);
    long i = -1;
    if (id != NULL && unit != NULL && cJSON_IsNumber(get(e, "period"))) {
        i = records_find(r, id, unit, (int64_t)get(e, "period")->valuedouble, values, n_by,
                         category != NULL ? category : "total");
    }
    free((void *)values);
    return i;
}

/* Compare one optional number field of an expected record. */
static int number_field(const char *name, const cJSON *e, const char *key, double got, double tol,
                        long rec) {
    const cJSON *w = get(e, key);
    if (w == NULL) {
        return 1;
    }
    if (!near(got, h_json_number(w), tol)) {
        fail(name, "record %ld: %s = %.17g, expected %.17g", rec, key, got, h_json_number(w));
        return 0;
    }
    return 1;
}

/* Status, symbol and flags of an expected record or function result. */
static int code_fields(const char *name, const cJSON *e, bildung_value_status status,
                       bildung_symbol symbol, bildung_flags flags, long rec) {
    const cJSON *s = get(e, "status");
    const cJSON *y = get(e, "symbol");
    const cJSON *f = get(e, "flags");
    int ok = 1;
    if (cJSON_IsString(s) && index_of(s->valuestring, STATUS_NAMES, 5) != (int)status) {
        ok = 0;
        fail(name, "record %ld: status %s, expected %s", rec,
             status < 5 ? STATUS_NAMES[status] : "?", s->valuestring);
    }
    if (y != NULL) {
        int want = cJSON_IsString(y) ? index_of(y->valuestring, SYMBOL_NAMES, 6) : 0;
        if (want != (int)symbol) {
            ok = 0;
            fail(name, "record %ld: symbol code %u, expected %s", rec, (unsigned)symbol,
                 cJSON_IsString(y) ? y->valuestring : "none");
        }
    }
    if (f != NULL) {
        bildung_flags want = 0;
        if (!flag_bits(f, &want) || want != flags) {
            ok = 0;
            fail(name, "record %ld: flags %u, expected %u (or an unknown flag name)", rec,
                 (unsigned)flags, (unsigned)want);
        }
    }
    return ok;
}

static enum outcome check_expected(const char *name, const cJSON *c, bildung_results *res,
                                   double tol) {
    records r;
    const cJSON *e, *n_records = get(c, "n_records"), *skipped = get(c, "skipped");
    int ok = records_load(res, &r);
    if (!ok) {
        fail(name, "the records cannot be read");
    }
    cJSON_ArrayForEach(e, get(c, "expected")) {
        long i = find_record(&r, e);
        if (i < 0) {
            char *s = cJSON_PrintUnformatted(e);
            ok = 0;
            fail(name, "no record %s", s ? s : "?");
            free(s);
            continue;
        }
        ok &= number_field(name, e, "value", r.value[i], tol, i);
        ok &= number_field(name, e, "numerator", r.num[i], tol, i);
        ok &= number_field(name, e, "denominator", r.den[i], tol, i);
        ok &= number_field(name, e, "se", r.se[i], tol, i);
        ok &= code_fields(name, e, r.status[i], r.symbol[i], r.flags[i], i);
    }
    if (cJSON_IsNumber(n_records) && (double)r.n != n_records->valuedouble) {
        ok = 0;
        fail(name, "%lu records, expected %g", (unsigned long)r.n, n_records->valuedouble);
    }
    if (cJSON_IsArray(skipped)) {
        size_t k = 0, s, m = (size_t)cJSON_GetArraySize(skipped);
        const cJSON *id;
        char buf[256];
        if (bildung_results_skipped_len(res, &k) != BILDUNG_OK || k != m) {
            ok = 0;
            fail(name, "%lu skipped, expected %lu", (unsigned long)k, (unsigned long)m);
        }
        cJSON_ArrayForEach(id, skipped) {
            int found = 0;
            for (s = 0; s < k; s++) {
                found |= bildung_results_skipped_id(res, s, buf, sizeof buf, NULL) == BILDUNG_OK &&
                         cJSON_IsString(id) && strcmp(buf, id->valuestring) == 0;
            }
            if (!found) {
                ok = 0;
                fail(name, "%s not skipped", cJSON_IsString(id) ? id->valuestring : "?");
            }
        }
    }
    r.res = NULL; /* the caller frees it */
    records_free(&r);
    return ok ? PASS : FAIL;
}

/* An expected error: the status of `kind` and every `contains` string in the message. */
static enum outcome check_error(const char *name, bildung_status st, const cJSON *err) {
    const char *kind = cJSON_GetStringValue(get(err, "kind"));
    const cJSON *needle;
    bildung_status want = 0;
    char msg[MSG_LEN];
    enum outcome out = PASS;
    if (kind == NULL || !h_status_of_kind(kind, &want)) {
        return fail(name, "unknown error kind %s", kind ? kind : "(none)");
    }
    if (st != want) {
        h_last_error(msg, sizeof msg);
        return fail(name, "status %s, expected %s (last error: %s)", h_status_name(st),
                    h_status_name(want), st == BILDUNG_OK ? "-" : msg);
    }
    h_last_error(msg, sizeof msg);
    cJSON_ArrayForEach(needle, get(err, "contains")) {
        if (!cJSON_IsString(needle) || strstr(msg, needle->valuestring) == NULL) {
            out = fail(name, "message \"%s\" lacks \"%s\"", msg,
                       cJSON_IsString(needle) ? needle->valuestring : "?");
        }
    }
    return out;
}

/* ---- cases ---- */

static enum outcome engine_case(const cJSON *c, const char *name, double tol) {
    bildung_catalogue *cat = NULL;
    bildung_tables *t = NULL;
    bildung_results *res = NULL;
    const cJSON *defs = get(c, "definitions_toml"), *table, *req = get(c, "request");
    const cJSON *periods = get(req, "periods");
    bildung_status st;
    enum outcome out = PASS;
    int skip = 0;
    st = cJSON_IsTrue(get(c, "builtin")) ? bildung_catalogue_builtin(&cat)
                                         : bildung_catalogue_new_empty(&cat);
    if (st == BILDUNG_OK && cJSON_IsString(defs)) {
        st = bildung_catalogue_add(cat, defs->valuestring, BILDUNG_DEFINITION_TOML);
    }
    if (st == BILDUNG_OK) {
        st = bildung_tables_new(&t);
    }
    cJSON_ArrayForEach(table, get(c, "tables")) {
        if (st != BILDUNG_OK || skip) {
            break;
        }
        st = add_table(t, table->string, table, &skip);
    }
    if (st == BILDUNG_OK && !skip && cJSON_IsArray(get(c, "units"))) {
        size_t n;
        const char **units = strings(get(c, "units"), &n);
        st = bildung_tables_set_units(t, units, n);
        free((void *)units);
    }
    if (st == BILDUNG_OK && !skip) {
        size_t n_ids, n_by, n_p = 0, i = 0;
        const char **ids = strings(get(req, "indicators"), &n_ids);
        const char **by = strings(get(req, "by"), &n_by);
        int64_t *p = NULL;
        const cJSON *item;
        if (cJSON_IsArray(periods)) {
            n_p = (size_t)cJSON_GetArraySize(periods);
            p = (int64_t *)calloc(n_p + 1, sizeof(int64_t));
            cJSON_ArrayForEach(item, periods) { p[i++] = (int64_t)h_json_number(item); }
        }
        st = bildung_indicators_compute(cat, t, ids, n_ids, by, n_by, p, n_p, &res);
        free((void *)ids);
        free((void *)by);
        free(p);
    }
    if (skip) {
        out = SKIP;
    } else if (get(c, "error") != NULL) {
        out = check_error(name, st, get(c, "error"));
    } else if (st != BILDUNG_OK) {
        char msg[MSG_LEN];
        h_last_error(msg, sizeof msg);
        out = fail(name, "%s: %s", h_status_name(st), msg);
    } else {
        out = check_expected(name, c, res, tol);
    }
    bildung_results_free(res);
    bildung_tables_free(t);
    bildung_catalogue_free(cat);
    return out;
}

static enum outcome function_case(const cJSON *c, const char *name, const char *f, double tol) {
    bildung_cohort_quota q;
    bildung_status st;
    const cJSON *exp = get(c, "expected");
    enum outcome out = PASS;
    size_t n = 0, m = 0;
    double *e = NULL, *p = NULL;
    if (strcmp(f, "quota_sum") == 0) {
        e = h_json_numbers(get(c, "events"), &n);
        p = h_json_numbers(get(c, "population"), &m);
        if (n != m) {
            free(e);
            free(p);
            return SKIP; /* one n for both arrays */
        }
        st = bildung_quota_sum(e, p, n, &q);
    } else if (strcmp(f, "mean_cohort") == 0) {
        p = h_json_numbers(get(c, "band_population"), &m);
        st = bildung_mean_cohort(h_json_number(get(c, "events")), p, m, &q);
    } else {
        return fail(name, "unknown function %s", f);
    }
    free(e);
    free(p);
    if (get(c, "error") != NULL) {
        return check_error(name, st, get(c, "error"));
    }
    if (st != BILDUNG_OK) {
        char msg[MSG_LEN];
        h_last_error(msg, sizeof msg);
        return fail(name, "%s: %s", h_status_name(st), msg);
    }
    if (!number_field(name, exp, "value", q.value, tol, 0) ||
        !number_field(name, exp, "se", q.se, tol, 0) ||
        !number_field(name, exp, "events", q.events, tol, 0) ||
        !number_field(name, exp, "population", q.population, tol, 0) ||
        !code_fields(name, exp, q.status, BILDUNG_SYMBOL_NONE, q.flags, 0)) {
        out = FAIL;
    }
    return out;
}

static void run_case(const cJSON *c, tally *t) {
    const char *name = cJSON_GetStringValue(get(c, "name"));
    const char *f = cJSON_GetStringValue(get(c, "function"));
    const cJSON *tol = get(c, "tolerance");
    double tolerance = cJSON_IsNumber(tol) ? tol->valuedouble : 1e-9;
    enum outcome out;
    if (name == NULL) {
        name = "(unnamed)";
    }
    if (cJSON_GetStringValue(get(c, "source")) == NULL) {
        out = fail(name, "no source");
    } else if (f != NULL) {
        out = function_case(c, name, f, tolerance);
    } else {
        out = engine_case(c, name, tolerance);
    }
    if (out == SKIP) {
        printf("skip golden indicators %s: not expressible in C\n", name);
        t->skipped++;
    } else if (out == PASS) {
        t->passed++;
    } else {
        t->failed++;
    }
    h_record(out != FAIL, __FILE__, __LINE__, name);
}

/* The reader's own cases (hand calculations), each a JSON text under 4095 characters. */
static const char *const OWN_CASES[] = {
    /* methods.md 6.3: 100 * (6/410 + 148/395 + 95/360 + 21/340 + 5/300) = 73.1637952083...,
       SE = 100 * sqrt(6/410^2 + 148/395^2 + 95/360^2 + 21/340^2 + 5/300^2) = 4.4209728809... */
    "{\"name\": \"reader_qsv_methods_6_3\", \"source\": \"methods.md 6.3 [hand]\", "
    "\"tolerance\": 1e-12, \"builtin\": true, \"tables\": {"
    "\"school_leavers\": {\"columns\": {\"unit_id\": [\"X\",\"X\",\"X\",\"X\",\"X\"], "
    "\"leaving_year\": [2024,2024,2024,2024,2024], \"abschluss\": [\"ahr\",\"ahr\",\"ahr\",\"ahr\","
    "\"ahr\"], \"externe\": [\"no\",\"no\",\"no\",\"no\",\"no\"], "
    "\"birth_year\": [2006,2005,2004,2003,2002]}, \"count\": [6,148,95,21,5]}, "
    "\"population\": {\"columns\": {\"unit_id\": [\"X\",\"X\",\"X\",\"X\",\"X\"], "
    "\"year\": [2023,2023,2023,2023,2023], \"age\": [17,18,19,20,21]}, "
    "\"count\": [410,395,360,340,300]}}, "
    "\"request\": {\"indicators\": [\"D-SBQ-QSV\"], \"by\": [], \"periods\": null}, "
    "\"expected\": [{\"indicator\": \"D-SBQ-QSV\", \"unit\": \"X\", \"period\": 2024, \"by\": [], "
    "\"category\": \"total\", \"value\": 73.16379520831694, \"se\": 4.420972880906544, "
    "\"numerator\": 275, \"status\": \"ok\"}], \"n_records\": 1}",
    /* a share: A female 2 of 2 + 18 = 10 %; B female has only a `.` cell: missing, never 0 */
    "{\"name\": \"reader_share_symbol\", \"source\": \"hand\", \"tolerance\": 1e-12, "
    "\"builtin\": true, \"tables\": {\"school_leavers\": {\"columns\": {"
    "\"unit_id\": [\"A\",\"A\",\"B\"], \"leaving_year\": [2023,2023,2023], "
    "\"sex\": [\"female\",\"female\",\"female\"], \"abschluss\": [\"ohne_hsa\",\"ahr\",\"ahr\"]}, "
    "\"count\": [2,18,null], \"symbol\": [null,null,\".\"]}}, "
    "\"request\": {\"indicators\": [\"D-ABS-ANTEIL\"], \"by\": [\"sex\"], \"periods\": [2023]}, "
    "\"expected\": [{\"indicator\": \"D-ABS-ANTEIL\", \"unit\": \"A\", \"period\": 2023, "
    "\"by\": [\"female\"], \"category\": \"ohne_hsa\", \"value\": 10.0, \"numerator\": 2, "
    "\"denominator\": 20, \"se\": null, \"status\": \"ok\", \"symbol\": null}, "
    "{\"indicator\": \"D-ABS-ANTEIL\", \"unit\": \"B\", \"period\": 2023, \"by\": [\"female\"], "
    "\"category\": \"ahr\", \"value\": null, \"status\": \"missing\", \"symbol\": \".\"}]}",
    "{\"name\": \"reader_duplicated_key\", \"source\": \"hand\", \"tolerance\": 0, "
    "\"builtin\": true, \"tables\": {\"population\": {\"columns\": {\"unit_id\": [\"A\",\"A\"], "
    "\"year\": [2022,2022], \"age\": [3,3]}, \"count\": [1,2]}}, "
    "\"request\": {\"indicators\": [], \"by\": [], \"periods\": null}, "
    "\"error\": {\"kind\": \"MalformedInput\", \"contains\": [\"row 1\", \"duplicated key\"]}}",
    "{\"name\": \"reader_unknown_indicator\", \"source\": \"hand\", \"tolerance\": 0, "
    "\"builtin\": false, \"tables\": {}, "
    "\"request\": {\"indicators\": [\"NOPE\"], \"by\": [], \"periods\": null}, "
    "\"error\": {\"kind\": \"UnknownIndicator\", \"contains\": [\"NOPE\"]}}",
    "{\"name\": \"reader_quota_sum\", \"source\": \"methods.md 6.3 [hand]\", "
    "\"tolerance\": 1e-12, \"function\": \"quota_sum\", \"events\": [6,148,95,21,5], "
    "\"population\": [410,395,360,340,300], \"expected\": {\"value\": 73.16379520831694, "
    "\"se\": 4.420972880906544, \"status\": \"ok\", \"flags\": []}}",
    /* 100 * 275 / ((395 + 360 + 340) / 3) = 75.342465753... */
    "{\"name\": \"reader_mean_cohort\", \"source\": \"methods.md 6.3 [hand]\", "
    "\"tolerance\": 1e-12, \"function\": \"mean_cohort\", \"events\": 275, "
    "\"band_population\": [395,360,340], \"expected\": {\"value\": 75.34246575342466, "
    "\"se\": null, \"status\": \"ok\", \"flags\": []}}",
    "{\"name\": \"reader_quota_sum_negative\", \"source\": \"hand\", \"tolerance\": 0, "
    "\"function\": \"quota_sum\", \"events\": [-1], \"population\": [1], "
    "\"error\": {\"kind\": \"InvalidCount\"}}",
};

static void report(const char *what, const tally *t) {
    printf("golden indicators (%s): %d passed, %d failed, %d skipped\n", what, t->passed,
           t->failed, t->skipped);
}

void run_golden_indicators_tests(const char *golden_dir) {
    tally own = {0, 0, 0}, file = {0, 0, 0};
    size_t k;
    char path[1024];
    char *text;
    cJSON *root;
    const cJSON *c;
    h_context = "golden indicators";
    for (k = 0; k < sizeof OWN_CASES / sizeof OWN_CASES[0]; k++) {
        cJSON *one = cJSON_Parse(OWN_CASES[k]);
        if (one == NULL) {
            h_record(0, __FILE__, __LINE__, "the reader's own case does not parse");
            continue;
        }
        run_case(one, &own);
        cJSON_Delete(one);
    }
    report("reader's own cases", &own);
    snprintf(path, sizeof path, "%s/indicators.json", golden_dir);
    text = h_read_file(path);
    if (text == NULL) {
        h_record(0, __FILE__, __LINE__, "tests/golden/indicators.json cannot be read");
        h_context = NULL;
        return;
    }
    root = cJSON_Parse(text);
    free(text);
    if (root == NULL) {
        h_record(0, __FILE__, __LINE__, "tests/golden/indicators.json does not parse");
        h_context = NULL;
        return;
    }
    cJSON_ArrayForEach(c, get(root, "cases")) { run_case(c, &file); }
    report("indicators.json", &file);
    h_record(file.passed > 0, __FILE__, __LINE__, "indicators.json has passing cases");
    cJSON_Delete(root);
    h_context = NULL;
}
