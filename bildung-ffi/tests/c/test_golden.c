/*
 * Golden cases (tests/golden/README.md, schema 1) through the C API: reads
 * <golden dir>/inequality.json with cJSON, calls bildung_<function> for every case and compares
 * the result with `expected` (within `tolerance`: abs or rel, either suffices) or the status with
 * `expected_error`. Prints one line per failing case with its id; each case counts once.
 *
 * Cases whose `weights` or `groups` differ in length from `x` cannot be expressed in C (one `n`
 * for all arrays): they are reported as skipped and not counted.
 *
 * Then <golden dir>/segregation.json (README "Segregation") if it exists: bildung_seg_<function>
 * for every case; inline `x`/`t`/`counts` or a `counts_file` (CSV columns relative to the golden
 * directory); x/t or districts of different lengths are skipped the same way.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden_json.h"
#include "harness.h"

#define ERR_LEN 256
/* An option name the library does not know: passed as an integer it must be rejected. */
#define INVALID_OPTION 0xFFFFu

typedef struct {
    double *v;
    size_t n;
    int present;
} darray;

typedef struct {
    int64_t *v;
    size_t n;
    int present;
} iarray;

typedef struct {
    bildung_nan_policy policy;
    bildung_gini_correction correction;
    bildung_variance_form form;
    bildung_quantile_rule rule;
    double alpha, epsilon, p, upper, lower;
    int has_alpha, has_epsilon, has_p;
} params;

enum result_kind { SCALAR, LORENZ, DECOMPOSITION };

typedef struct {
    enum result_kind kind;
    bildung_status status;
    double value;
    bildung_decomposition d;
    double *pop, *val;
    size_t len;
} result;

typedef struct {
    int passed, failed, skipped;
} tally;

/* ---- reading JSON ---- */

/* A JSON number, or one of the strings "nan", "inf", "-inf". */
static int parse_number(const cJSON *item, double *out) {
    if (cJSON_IsNumber(item)) {
        *out = item->valuedouble;
        return 1;
    }
    if (cJSON_IsString(item)) {
        if (strcmp(item->valuestring, "nan") == 0) {
            *out = NAN;
            return 1;
        }
        if (strcmp(item->valuestring, "inf") == 0) {
            *out = INFINITY;
            return 1;
        }
        if (strcmp(item->valuestring, "-inf") == 0) {
            *out = -INFINITY;
            return 1;
        }
    }
    return 0;
}

/* An array of numbers; absent or null gives present = 0. */
static int parse_doubles(const cJSON *arr, darray *out) {
    size_t i = 0;
    const cJSON *item;
    out->v = NULL;
    out->n = 0;
    out->present = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return 1;
    }
    if (!cJSON_IsArray(arr)) {
        return 0;
    }
    out->present = 1;
    out->n = (size_t)cJSON_GetArraySize(arr);
    out->v = (double *)malloc((out->n > 0 ? out->n : 1) * sizeof(double));
    if (out->v == NULL) {
        return 0;
    }
    cJSON_ArrayForEach(item, arr) {
        if (!parse_number(item, &out->v[i++])) {
            return 0;
        }
    }
    return 1;
}

static int parse_groups(const cJSON *arr, iarray *out) {
    size_t i = 0;
    const cJSON *item;
    out->v = NULL;
    out->n = 0;
    out->present = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return 1;
    }
    if (!cJSON_IsArray(arr)) {
        return 0;
    }
    out->present = 1;
    out->n = (size_t)cJSON_GetArraySize(arr);
    out->v = (int64_t *)malloc((out->n > 0 ? out->n : 1) * sizeof(int64_t));
    if (out->v == NULL) {
        return 0;
    }
    cJSON_ArrayForEach(item, arr) {
        if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble)) {
            return 0;
        }
        out->v[i++] = (int64_t)item->valuedouble;
    }
    return 1;
}

/* ---- params ---- */

typedef struct {
    const char *name;
    uint32_t value;
} named;

static const named POLICIES[] = {
    {"raise", BILDUNG_NAN_RAISE}, {"omit", BILDUNG_NAN_OMIT}, {"propagate", BILDUNG_NAN_PROPAGATE}};
static const named CORRECTIONS[] = {{"none", BILDUNG_GINI_CORRECTION_NONE},
                                    {"units", BILDUNG_GINI_CORRECTION_UNITS},
                                    {"frequency", BILDUNG_GINI_CORRECTION_FREQUENCY}};
static const named FORMS[] = {{"population", BILDUNG_VARIANCE_POPULATION},
                              {"sample", BILDUNG_VARIANCE_SAMPLE}};
static const named RULES[] = {
    {"inverted_cdf", BILDUNG_QUANTILE_INVERTED_CDF},
    {"averaged_inverted_cdf", BILDUNG_QUANTILE_AVERAGED_INVERTED_CDF},
    {"closest_observation", BILDUNG_QUANTILE_CLOSEST_OBSERVATION},
    {"interpolated_inverted_cdf", BILDUNG_QUANTILE_INTERPOLATED_INVERTED_CDF},
    {"hazen", BILDUNG_QUANTILE_HAZEN},
    {"weibull", BILDUNG_QUANTILE_WEIBULL},
    {"linear", BILDUNG_QUANTILE_LINEAR},
    {"median_unbiased", BILDUNG_QUANTILE_MEDIAN_UNBIASED},
    {"normal_unbiased", BILDUNG_QUANTILE_NORMAL_UNBIASED},
    {"type1", 1}, {"type2", 2}, {"type3", 3}, {"type4", 4}, {"type5", 5},
    {"type6", 6}, {"type7", 7}, {"type8", 8}, {"type9", 9},
};

/* The integer of an option name; an unknown name becomes an invalid integer, which the library
 * must reject with BILDUNG_ERR_INVALID_PARAMETER (as Python rejects the unknown string). */
static int parse_option(const cJSON *item, const named *table, size_t len, uint32_t *out) {
    size_t i;
    if (item == NULL) {
        return 1; /* keep the default */
    }
    if (!cJSON_IsString(item)) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (strcmp(table[i].name, item->valuestring) == 0) {
            *out = table[i].value;
            return 1;
        }
    }
    *out = INVALID_OPTION;
    return 1;
}

static int parse_real(const cJSON *obj, const char *key, double *out, int *has) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL) {
        return 1;
    }
    if (has != NULL) {
        *has = 1;
    }
    return parse_number(item, out);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int parse_params(const cJSON *obj, params *p, char *err) {
    p->policy = BILDUNG_NAN_RAISE;
    p->correction = BILDUNG_GINI_CORRECTION_NONE;
    p->form = BILDUNG_VARIANCE_POPULATION;
    p->rule = BILDUNG_QUANTILE_LINEAR;
    p->alpha = NAN;
    p->epsilon = NAN;
    p->p = NAN;
    p->upper = 0.9;
    p->lower = 0.1;
    p->has_alpha = p->has_epsilon = p->has_p = 0;
    if (obj == NULL || cJSON_IsNull(obj)) {
        return 1;
    }
    if (!cJSON_IsObject(obj)) {
        snprintf(err, ERR_LEN, "params is not an object");
        return 0;
    }
    if (!parse_option(cJSON_GetObjectItemCaseSensitive(obj, "nan_policy"), POLICIES,
                      COUNT(POLICIES), &p->policy) ||
        !parse_option(cJSON_GetObjectItemCaseSensitive(obj, "correction"), CORRECTIONS,
                      COUNT(CORRECTIONS), &p->correction) ||
        !parse_option(cJSON_GetObjectItemCaseSensitive(obj, "form"), FORMS, COUNT(FORMS),
                      &p->form) ||
        !parse_option(cJSON_GetObjectItemCaseSensitive(obj, "rule"), RULES, COUNT(RULES),
                      &p->rule) ||
        !parse_real(obj, "alpha", &p->alpha, &p->has_alpha) ||
        !parse_real(obj, "epsilon", &p->epsilon, &p->has_epsilon) ||
        !parse_real(obj, "p", &p->p, &p->has_p) || !parse_real(obj, "upper", &p->upper, NULL) ||
        !parse_real(obj, "lower", &p->lower, NULL)) {
        snprintf(err, ERR_LEN, "a parameter has the wrong type");
        return 0;
    }
    return 1;
}

/* ---- calling the library ---- */

typedef struct {
    const double *x, *w;
    const int64_t *g;
    size_t n;
    const params *p;
} call_args;

typedef int (*runner)(const call_args *a, result *r, char *err);

static int need(int has, const char *what, char *err) {
    if (!has) {
        snprintf(err, ERR_LEN, "missing parameter `%s`", what);
    }
    return has;
}

static int r_gini(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_gini(a->x, a->w, a->n, a->p->policy, a->p->correction, &r->value, NULL);
    return 1;
}
static int r_hoover(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_hoover(a->x, a->w, a->n, a->p->policy, &r->value, NULL);
    return 1;
}
static int r_theil(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_theil(a->x, a->w, a->n, a->p->policy, &r->value, NULL);
    return 1;
}
static int r_mld(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_mean_log_deviation(a->x, a->w, a->n, a->p->policy, &r->value, NULL);
    return 1;
}
static int r_ge(const call_args *a, result *r, char *err) {
    if (!need(a->p->has_alpha, "alpha", err)) {
        return 0;
    }
    r->status = bildung_generalized_entropy(a->x, a->w, a->n, a->p->policy, a->p->alpha,
                                            &r->value, NULL);
    return 1;
}
static int r_atkinson(const call_args *a, result *r, char *err) {
    if (!need(a->p->has_epsilon, "epsilon", err)) {
        return 0;
    }
    r->status =
        bildung_atkinson(a->x, a->w, a->n, a->p->policy, a->p->epsilon, &r->value, NULL);
    return 1;
}
static int r_cv(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_coefficient_of_variation(a->x, a->w, a->n, a->p->policy, a->p->form,
                                                 &r->value, NULL);
    return 1;
}
static int r_palma(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_palma(a->x, a->w, a->n, a->p->policy, &r->value, NULL);
    return 1;
}
static int r_s80_s20(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_s80_s20(a->x, a->w, a->n, a->p->policy, &r->value, NULL);
    return 1;
}
static int r_quantile(const call_args *a, result *r, char *err) {
    if (!need(a->p->has_p, "p", err)) {
        return 0;
    }
    r->status = bildung_quantile(a->x, a->w, a->n, a->p->policy, a->p->p, a->p->rule, &r->value,
                                 NULL);
    return 1;
}
static int r_percentile_ratio(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_percentile_ratio(a->x, a->w, a->n, a->p->policy, a->p->upper,
                                         a->p->lower, a->p->rule, &r->value, NULL);
    return 1;
}
static int r_wolfson(const call_args *a, result *r, char *err) {
    (void)err;
    r->status = bildung_wolfson(a->x, a->w, a->n, a->p->policy, a->p->rule, &r->value, NULL);
    return 1;
}
static int r_lorenz(const call_args *a, result *r, char *err) {
    size_t cap = a->n + 1;
    r->pop = (double *)malloc(cap * sizeof(double));
    r->val = (double *)malloc(cap * sizeof(double));
    if (r->pop == NULL || r->val == NULL) {
        snprintf(err, ERR_LEN, "out of memory");
        return 0;
    }
    r->status = bildung_lorenz_curve(a->x, a->w, a->n, a->p->policy, r->pop, r->val, cap,
                                     &r->len, NULL);
    return 1;
}
static int r_ge_decomposition(const call_args *a, result *r, char *err) {
    if (!need(a->g != NULL, "groups", err) || !need(a->p->has_alpha, "alpha", err)) {
        return 0;
    }
    r->status = bildung_ge_decomposition(a->x, a->w, a->g, a->n, a->p->policy, a->p->alpha, &r->d,
                                         NULL, 0);
    return 1;
}
static int r_gini_decomposition(const call_args *a, result *r, char *err) {
    if (!need(a->g != NULL, "groups", err)) {
        return 0;
    }
    r->status =
        bildung_gini_decomposition(a->x, a->w, a->g, a->n, a->p->policy, &r->d, NULL, 0);
    return 1;
}

static const struct {
    const char *function;
    enum result_kind kind;
    runner run;
} FUNCTIONS[] = {
    {"gini", SCALAR, r_gini},
    {"hoover", SCALAR, r_hoover},
    {"theil", SCALAR, r_theil},
    {"mean_log_deviation", SCALAR, r_mld},
    {"generalized_entropy", SCALAR, r_ge},
    {"atkinson", SCALAR, r_atkinson},
    {"coefficient_of_variation", SCALAR, r_cv},
    {"palma", SCALAR, r_palma},
    {"s80_s20", SCALAR, r_s80_s20},
    {"quantile", SCALAR, r_quantile},
    {"percentile_ratio", SCALAR, r_percentile_ratio},
    {"wolfson", SCALAR, r_wolfson},
    {"lorenz_curve", LORENZ, r_lorenz},
    {"ge_decomposition", DECOMPOSITION, r_ge_decomposition},
    {"gini_decomposition", DECOMPOSITION, r_gini_decomposition},
};

/* ---- comparing ---- */

typedef struct {
    double abs, rel;
    int has_abs, has_rel;
} tolerance;

static int close_enough(double got, double want, const tolerance *t) {
    double diff;
    if (isnan(want)) {
        return isnan(got);
    }
    if (isnan(got)) {
        return 0;
    }
    if (isinf(want) || isinf(got)) {
        return got == want;
    }
    diff = fabs(got - want);
    if (!t->has_abs && !t->has_rel) {
        return diff == 0.0;
    }
    return (t->has_abs && diff <= t->abs) || (t->has_rel && diff <= t->rel * fabs(want));
}

/* Compare `got` with the expected item `want` (a number or "nan"). */
static int compare_number(const char *what, double got, const cJSON *want, const tolerance *t,
                          char *err) {
    double w;
    if (!parse_number(want, &w)) {
        snprintf(err, ERR_LEN, "expected %s is not a number", what);
        return 0;
    }
    if (!close_enough(got, w, t)) {
        snprintf(err, ERR_LEN, "%s = %.17g, expected %.17g", what, got, w);
        return 0;
    }
    return 1;
}

/* L(p) by linear interpolation between the curve points (the definition in the core docs). */
static double share_at(const result *r, double p) {
    size_t k = 0;
    if (r->len == 0 || p < 0.0 || p > 1.0) {
        return NAN;
    }
    while (k < r->len && r->pop[k] < p) {
        k++;
    }
    if (k == 0) {
        return r->val[0];
    }
    if (k >= r->len) {
        return r->val[r->len - 1];
    }
    if (r->pop[k] == r->pop[k - 1]) {
        return r->val[k];
    }
    return r->val[k - 1] +
           (r->val[k] - r->val[k - 1]) * (p - r->pop[k - 1]) / (r->pop[k] - r->pop[k - 1]);
}

static int compare_points(const char *what, const double *got, size_t len, const cJSON *want,
                          const tolerance *t, char *err) {
    size_t i = 0;
    const cJSON *item;
    char label[64];
    if (!cJSON_IsArray(want)) {
        snprintf(err, ERR_LEN, "expected %s is not an array", what);
        return 0;
    }
    if ((size_t)cJSON_GetArraySize(want) != len) {
        snprintf(err, ERR_LEN, "%s has %lu points, expected %d", what, (unsigned long)len,
                 cJSON_GetArraySize(want));
        return 0;
    }
    cJSON_ArrayForEach(item, want) {
        snprintf(label, sizeof label, "%s[%lu]", what, (unsigned long)i);
        if (!compare_number(label, got[i], item, t, err)) {
            return 0;
        }
        i++;
    }
    return 1;
}

static int compare_lorenz(const result *r, const cJSON *want, const tolerance *t, char *err) {
    const cJSON *share = cJSON_GetObjectItemCaseSensitive(want, "share_at");
    const cJSON *pop = cJSON_GetObjectItemCaseSensitive(want, "population_share");
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(want, "value_share");
    const cJSON *pair;
    int checked = 0;
    if (share != NULL) {
        cJSON_ArrayForEach(pair, share) {
            double p;
            char label[64];
            if (!cJSON_IsArray(pair) || cJSON_GetArraySize(pair) != 2 ||
                !parse_number(cJSON_GetArrayItem(pair, 0), &p)) {
                snprintf(err, ERR_LEN, "share_at entries must be [p, L(p)]");
                return 0;
            }
            snprintf(label, sizeof label, "L(%g)", p);
            if (!compare_number(label, share_at(r, p), cJSON_GetArrayItem(pair, 1), t, err)) {
                return 0;
            }
        }
        checked = 1;
    }
    if (pop != NULL) {
        if (!compare_points("population_share", r->pop, r->len, pop, t, err)) {
            return 0;
        }
        checked = 1;
    }
    if (val != NULL) {
        if (!compare_points("value_share", r->val, r->len, val, t, err)) {
            return 0;
        }
        checked = 1;
    }
    if (!checked) {
        snprintf(err, ERR_LEN, "expected has none of share_at, population_share, value_share");
    }
    return checked;
}

static int compare_decomposition(const result *r, const cJSON *want, const tolerance *t,
                                 char *err) {
    const char *keys[4] = {"total", "within", "between", "overlap"};
    const double got[4] = {r->d.total, r->d.within, r->d.between, r->d.overlap};
    int i, checked = 0;
    if (!cJSON_IsObject(want)) {
        snprintf(err, ERR_LEN, "expected is not an object");
        return 0;
    }
    for (i = 0; i < 4; i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(want, keys[i]);
        if (item != NULL) {
            if (!compare_number(keys[i], got[i], item, t, err)) {
                return 0;
            }
            checked = 1;
        }
    }
    if (!checked) {
        snprintf(err, ERR_LEN, "expected has none of total, within, between, overlap");
    }
    return checked;
}

static int parse_tolerance(const cJSON *obj, tolerance *t) {
    t->has_abs = t->has_rel = 0;
    t->abs = t->rel = 0.0;
    if (obj == NULL || cJSON_IsNull(obj)) {
        return 1;
    }
    return cJSON_IsObject(obj) && parse_real(obj, "abs", &t->abs, &t->has_abs) &&
           parse_real(obj, "rel", &t->rel, &t->has_rel);
}

/* ---- one case ---- */

/* Returns 1 pass, 0 fail (err says why), -1 skipped (err says why). */
static int run_case(const cJSON *c, char *err) {
    const cJSON *function = cJSON_GetObjectItemCaseSensitive(c, "function");
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(c, "expected");
    const cJSON *expected_error = cJSON_GetObjectItemCaseSensitive(c, "expected_error");
    darray x = {NULL, 0, 0}, w = {NULL, 0, 0};
    iarray g = {NULL, 0, 0};
    params p;
    tolerance t;
    result r;
    call_args args;
    size_t i;
    int outcome = 0;
    int found = -1;

    memset(&r, 0, sizeof r);
    r.value = NAN;
    if (!cJSON_IsString(function)) {
        snprintf(err, ERR_LEN, "no `function`");
        return 0;
    }
    for (i = 0; i < COUNT(FUNCTIONS); i++) {
        if (strcmp(FUNCTIONS[i].function, function->valuestring) == 0) {
            found = (int)i;
        }
    }
    if (found < 0) {
        snprintf(err, ERR_LEN, "unknown function `%s`", function->valuestring);
        return 0;
    }
    r.kind = FUNCTIONS[found].kind;
    if (!parse_doubles(cJSON_GetObjectItemCaseSensitive(c, "x"), &x) ||
        !parse_doubles(cJSON_GetObjectItemCaseSensitive(c, "weights"), &w) ||
        !parse_groups(cJSON_GetObjectItemCaseSensitive(c, "groups"), &g)) {
        snprintf(err, ERR_LEN, "x, weights or groups malformed");
        goto done;
    }
    if (!x.present) {
        snprintf(err, ERR_LEN, "no `x`");
        goto done;
    }
    if (!parse_params(cJSON_GetObjectItemCaseSensitive(c, "params"), &p, err)) {
        goto done;
    }
    if (!parse_tolerance(cJSON_GetObjectItemCaseSensitive(c, "tolerance"), &t)) {
        snprintf(err, ERR_LEN, "tolerance malformed");
        goto done;
    }
    if ((w.present && w.n != x.n) || (g.present && g.n != x.n)) {
        snprintf(err, ERR_LEN, "arrays of different lengths cannot be passed to C (one n)");
        outcome = -1;
        goto done;
    }
    args.x = x.v;
    args.w = w.present ? w.v : NULL;
    args.g = g.present ? g.v : NULL;
    args.n = x.n;
    args.p = &p;
    if (!FUNCTIONS[found].run(&args, &r, err)) {
        goto done;
    }

    if (expected_error != NULL) {
        bildung_status want;
        if (!cJSON_IsString(expected_error) || !h_status_of_kind(expected_error->valuestring, &want)) {
            snprintf(err, ERR_LEN, "unknown expected_error");
            goto done;
        }
        if (r.status != want) {
            char msg[160];
            h_last_error(msg, sizeof msg);
            snprintf(err, ERR_LEN, "status %s, expected %s (%s)", h_status_name(r.status),
                     h_status_name(want), r.status == BILDUNG_OK ? "no error" : msg);
            goto done;
        }
        outcome = 1;
        goto done;
    }
    if (expected == NULL) {
        snprintf(err, ERR_LEN, "neither `expected` nor `expected_error`");
        goto done;
    }
    if (r.status != BILDUNG_OK) {
        char msg[160];
        h_last_error(msg, sizeof msg);
        snprintf(err, ERR_LEN, "status %s: %s", h_status_name(r.status), msg);
        goto done;
    }
    switch (r.kind) {
    case SCALAR:
        outcome = compare_number("value", r.value, expected, &t, err);
        break;
    case LORENZ:
        outcome = compare_lorenz(&r, expected, &t, err);
        break;
    case DECOMPOSITION:
        outcome = compare_decomposition(&r, expected, &t, err);
        break;
    }
done:
    free(x.v);
    free(w.v);
    free(g.v);
    free(r.pop);
    free(r.val);
    return outcome;
}

/* ==== segregation.json (README "Segregation"): run if the file exists ==== */

/* A count table, row-major. */
typedef struct {
    double *v;
    size_t rows, cols;
    int present;
} table;

typedef struct {
    bildung_nan_policy policy;
    double b;
    size_t points;
    bildung_null_index index;
    int normalized;
    int has_b;
} seg_params;

enum seg_kind { SEG_SCALAR, SEG_STRUCT, SEG_LOCAL };

#define SEG_FIELDS 6

typedef struct {
    bildung_status status;
    double value;
    const char *names[SEG_FIELDS];
    double fields[SEG_FIELDS];
    double *values; /* local results, rows * per_row */
    size_t n_values;
} seg_result;

typedef struct {
    const double *x, *t; /* two-group */
    size_t n;
    const table *counts; /* multigroup */
    const int64_t *districts;
    const seg_params *p;
} seg_args;

typedef int (*seg_runner)(const seg_args *a, seg_result *r, char *err);

static const named NULL_INDICES[] = {
    {"dissimilarity", BILDUNG_NULL_INDEX_DISSIMILARITY},
    {"entropy_index", BILDUNG_NULL_INDEX_ENTROPY_INDEX},
    {"correlation_ratio", BILDUNG_NULL_INDEX_CORRELATION_RATIO},
};

static int parse_seg_params(const cJSON *obj, seg_params *p, char *err) {
    const cJSON *item;
    p->policy = BILDUNG_NAN_RAISE;
    p->b = NAN;
    p->has_b = 0;
    p->points = 1000;
    p->index = BILDUNG_NULL_INDEX_DISSIMILARITY;
    p->normalized = 0;
    if (obj == NULL || cJSON_IsNull(obj)) {
        return 1;
    }
    if (!cJSON_IsObject(obj) ||
        !parse_option(cJSON_GetObjectItemCaseSensitive(obj, "nan_policy"), POLICIES,
                      COUNT(POLICIES), &p->policy) ||
        !parse_option(cJSON_GetObjectItemCaseSensitive(obj, "index"), NULL_INDICES,
                      COUNT(NULL_INDICES), &p->index) ||
        !parse_real(obj, "b", &p->b, &p->has_b)) {
        snprintf(err, ERR_LEN, "params malformed");
        return 0;
    }
    item = cJSON_GetObjectItemCaseSensitive(obj, "points");
    if (item != NULL) {
        if (!cJSON_IsNumber(item) || item->valuedouble < 0 ||
            item->valuedouble != floor(item->valuedouble)) {
            snprintf(err, ERR_LEN, "points is not a count");
            return 0;
        }
        p->points = (size_t)item->valuedouble;
    }
    item = cJSON_GetObjectItemCaseSensitive(obj, "normalized");
    if (item != NULL) {
        if (!cJSON_IsBool(item)) {
            snprintf(err, ERR_LEN, "normalized is not a boolean");
            return 0;
        }
        p->normalized = cJSON_IsTrue(item) ? 1 : 0;
    }
    return 1;
}

/* An inline table: a list of rows of numbers (or "nan"/"inf"/"-inf"), all of one length. */
static int parse_table(const cJSON *arr, table *out, char *err) {
    const cJSON *row, *item;
    size_t i = 0;
    out->v = NULL;
    out->rows = out->cols = 0;
    out->present = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return 1;
    }
    if (!cJSON_IsArray(arr)) {
        snprintf(err, ERR_LEN, "counts is not a list of rows");
        return 0;
    }
    out->present = 1;
    out->rows = (size_t)cJSON_GetArraySize(arr);
    row = cJSON_GetArrayItem(arr, 0);
    out->cols = row != NULL && cJSON_IsArray(row) ? (size_t)cJSON_GetArraySize(row) : 0;
    out->v = (double *)malloc((out->rows * out->cols > 0 ? out->rows * out->cols : 1) *
                              sizeof(double));
    if (out->v == NULL) {
        snprintf(err, ERR_LEN, "out of memory");
        return 0;
    }
    cJSON_ArrayForEach(row, arr) {
        if (!cJSON_IsArray(row) || (size_t)cJSON_GetArraySize(row) != out->cols) {
            snprintf(err, ERR_LEN, "counts rows differ in length");
            return 0;
        }
        cJSON_ArrayForEach(item, row) {
            if (!parse_number(item, &out->v[i++])) {
                snprintf(err, ERR_LEN, "a count is not a number");
                return 0;
            }
        }
    }
    return 1;
}

/* `counts_file`: columns of a CSV file (one header line, no quoting) relative to `dir`. */
static int read_counts_file(const char *dir, const cJSON *spec, table *out, char *err) {
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(spec, "path");
    const cJSON *columns = cJSON_GetObjectItemCaseSensitive(spec, "columns");
    char full[1024];
    char *text, *line, *next;
    size_t want[16], ncols, i, cap = 0, lineno = 0;
    int header = 1;
    out->v = NULL;
    out->rows = out->cols = 0;
    out->present = 1;
    if (!cJSON_IsString(path) || !cJSON_IsArray(columns) || cJSON_GetArraySize(columns) < 1 ||
        cJSON_GetArraySize(columns) > 16) {
        snprintf(err, ERR_LEN, "counts_file needs a path and 1..16 columns");
        return 0;
    }
    ncols = (size_t)cJSON_GetArraySize(columns);
    out->cols = ncols;
    snprintf(full, sizeof full, "%s/%s", dir, path->valuestring);
    text = h_read_file(full);
    if (text == NULL) {
        snprintf(err, ERR_LEN, "cannot read %.200s", path->valuestring);
        return 0;
    }
    for (line = text; line != NULL && *line != '\0'; line = next) {
        char *cell, *end;
        size_t col = 0, found = 0;
        double row[16];
        next = strchr(line, '\n');
        if (next != NULL) {
            *next++ = '\0';
        }
        end = line + strlen(line);
        if (end > line && end[-1] == '\r') {
            end[-1] = '\0';
        }
        if (*line == '\0') {
            continue;
        }
        lineno++;
        for (cell = line; cell != NULL; col++) {
            char *comma = strchr(cell, ',');
            if (comma != NULL) {
                *comma = '\0';
            }
            for (i = 0; i < ncols; i++) {
                const char *name = cJSON_GetArrayItem(columns, (int)i)->valuestring;
                if (header) {
                    if (name != NULL && strcmp(name, cell) == 0) {
                        want[i] = col;
                        found++;
                    }
                } else if (want[i] == col) {
                    char *stop;
                    row[i] = strtod(cell, &stop);
                    if (stop == cell || *stop != '\0') {
                        snprintf(err, ERR_LEN, "%.120s line %lu: `%.40s` is not a number",
                                 path->valuestring,
                                 (unsigned long)lineno, cell);
                        free(text);
                        return 0;
                    }
                    found++;
                }
            }
            cell = comma != NULL ? comma + 1 : NULL;
        }
        if (found != ncols) {
            snprintf(err, ERR_LEN, "%.120s line %lu: %s", path->valuestring, (unsigned long)lineno,
                     header ? "a column is not in the header" : "a cell is missing");
            free(text);
            return 0;
        }
        if (!header) {
            if (out->rows == cap) {
                double *grown;
                cap = cap == 0 ? 256 : 2 * cap;
                grown = (double *)realloc(out->v, cap * ncols * sizeof(double));
                if (grown == NULL) {
                    snprintf(err, ERR_LEN, "out of memory");
                    free(text);
                    return 0;
                }
                out->v = grown;
            }
            memcpy(out->v + out->rows * ncols, row, ncols * sizeof(double));
            out->rows++;
        }
        header = 0;
    }
    free(text);
    return 1;
}

/* ---- runners ---- */

#define SEG_TWO_GROUP(fname)                                                                       \
    static int sr_##fname(const seg_args *a, seg_result *r, char *err) {                           \
        (void)err;                                                                                 \
        r->status = bildung_seg_##fname(a->x, a->t, a->n, a->p->policy, &r->value, NULL);           \
        return 1;                                                                                  \
    }
SEG_TWO_GROUP(dissimilarity)
SEG_TWO_GROUP(gini_segregation)
SEG_TWO_GROUP(entropy_index)
SEG_TWO_GROUP(isolation)
SEG_TWO_GROUP(exposure)
SEG_TWO_GROUP(correlation_ratio)
SEG_TWO_GROUP(hutchens)
SEG_TWO_GROUP(minmax)
SEG_TWO_GROUP(density_corrected_dissimilarity)
SEG_TWO_GROUP(self_excluded_separation)

static int sr_atkinson_segregation(const seg_args *a, seg_result *r, char *err) {
    if (!need(a->p->has_b, "b", err)) {
        return 0;
    }
    r->status = bildung_seg_atkinson_segregation(a->x, a->t, a->n, a->p->policy, a->p->b,
                                                 &r->value, NULL);
    return 1;
}
static int sr_carrington_troske(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_carrington_troske(a->x, a->t, a->n, a->p->policy, a->p->index,
                                              &r->value, NULL);
    return 1;
}
static int sr_concentration_profile(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_concentration_profile(a->x, a->t, a->n, a->p->policy, a->p->points,
                                                  &r->value, NULL, NULL, NULL);
    return 1;
}
static int sr_expected_under_random_allocation(const seg_args *a, seg_result *r, char *err) {
    bildung_seg_expectation e;
    (void)err;
    r->status = bildung_seg_expected_under_random_allocation(a->x, a->t, a->n, a->p->policy, &e);
    r->names[0] = "dissimilarity";
    r->fields[0] = e.dissimilarity;
    r->names[1] = "entropy_index";
    r->fields[1] = e.entropy_index;
    r->names[2] = "correlation_ratio";
    r->fields[2] = e.correlation_ratio;
    r->names[3] = "isolation";
    r->fields[3] = e.isolation;
    return 1;
}
static int sr_winship_expected_dissimilarity(const seg_args *a, seg_result *r, char *err) {
    bildung_seg_winship w;
    (void)err;
    r->status = bildung_seg_winship_expected_dissimilarity(a->x, a->t, a->n, a->p->policy, &w);
    r->names[0] = "exact";
    r->fields[0] = w.exact;
    r->names[1] = "normal_approximation";
    r->fields[1] = w.normal_approximation;
    return 1;
}
static int sr_bias_corrected_dissimilarity(const seg_args *a, seg_result *r, char *err) {
    bildung_seg_bias_corrected b;
    (void)err;
    r->status = bildung_seg_bias_corrected_dissimilarity(a->x, a->t, a->n, a->p->policy, &b);
    r->names[0] = "value";
    r->fields[0] = b.value;
    r->names[1] = "observed";
    r->fields[1] = b.observed;
    r->names[2] = "expected_bootstrap";
    r->fields[2] = b.expected_bootstrap;
    return 1;
}

#define SEG_TABLE(fname)                                                                           \
    static int sr_##fname(const seg_args *a, seg_result *r, char *err) {                           \
        (void)err;                                                                                 \
        r->status = bildung_seg_##fname(a->counts->v, a->counts->rows, a->counts->cols,             \
                                        a->p->policy, &r->value, NULL);                            \
        return 1;                                                                                  \
    }
SEG_TABLE(multi_dissimilarity)
SEG_TABLE(multi_gini)
SEG_TABLE(mutual_information)
SEG_TABLE(multi_information_theory)
SEG_TABLE(normalized_exposure)
SEG_TABLE(relative_diversity)
SEG_TABLE(squared_coefficient_of_variation)
SEG_TABLE(divergence)
SEG_TABLE(simpson_concentration)

static int sr_shannon_diversity(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_shannon_diversity(a->counts->v, a->counts->rows, a->counts->cols,
                                              a->p->policy, a->p->normalized, &r->value, NULL);
    return 1;
}
static int sr_simpson_interaction(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_simpson_interaction(a->counts->v, a->counts->rows, a->counts->cols,
                                                a->p->policy, a->p->normalized, &r->value, NULL);
    return 1;
}
static int sr_rank_order_information_theory(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_rank_order_information_theory(a->counts->v, a->counts->rows,
                                                          a->counts->cols, a->p->policy,
                                                          &r->value, NULL, NULL, 0, NULL, NULL);
    return 1;
}
static int sr_rank_order_variance_ratio(const seg_args *a, seg_result *r, char *err) {
    (void)err;
    r->status = bildung_seg_rank_order_variance_ratio(a->counts->v, a->counts->rows,
                                                      a->counts->cols, a->p->policy, &r->value,
                                                      NULL, NULL, 0, NULL, NULL);
    return 1;
}

/* Local results: room for `per_row` values per row. */
static int seg_values(const seg_args *a, seg_result *r, size_t per_row, char *err) {
    r->n_values = a->counts->rows * per_row;
    r->values = (double *)malloc((r->n_values > 0 ? r->n_values : 1) * sizeof(double));
    if (r->values == NULL) {
        snprintf(err, ERR_LEN, "out of memory");
        return 0;
    }
    return 1;
}

#define SEG_LOCAL(fname)                                                                           \
    static int sr_##fname(const seg_args *a, seg_result *r, char *err) {                           \
        if (!seg_values(a, r, 1, err)) {                                                           \
            return 0;                                                                              \
        }                                                                                          \
        r->status = bildung_seg_##fname(a->counts->v, a->counts->rows, a->counts->cols,             \
                                        a->p->policy, r->values, NULL, NULL);                      \
        return 1;                                                                                  \
    }
SEG_LOCAL(local_simpson_interaction)
SEG_LOCAL(local_simpson_concentration)
SEG_LOCAL(local_mutual_information)

static int sr_local_entropy(const seg_args *a, seg_result *r, char *err) {
    if (!seg_values(a, r, 1, err)) {
        return 0;
    }
    r->status = bildung_seg_local_entropy(a->counts->v, a->counts->rows, a->counts->cols,
                                          a->p->policy, a->p->normalized, r->values, NULL, NULL);
    return 1;
}
static int sr_location_quotient(const seg_args *a, seg_result *r, char *err) {
    if (!seg_values(a, r, a->counts->cols, err)) {
        return 0;
    }
    r->status = bildung_seg_location_quotient(a->counts->v, a->counts->rows, a->counts->cols,
                                              a->p->policy, r->values, NULL, NULL);
    return 1;
}
static int sr_mutual_information_decomposition(const seg_args *a, seg_result *r, char *err) {
    bildung_seg_decomposition d;
    if (!need(a->districts != NULL, "districts", err)) {
        return 0;
    }
    r->status = bildung_seg_mutual_information_decomposition(a->counts->v, a->counts->rows,
                                                             a->counts->cols, a->districts,
                                                             a->p->policy, &d, NULL, 0);
    r->names[0] = "m_total";
    r->fields[0] = d.m_total;
    r->names[1] = "m_between";
    r->fields[1] = d.m_between;
    r->names[2] = "m_within";
    r->fields[2] = d.m_within;
    r->names[3] = "h_total";
    r->fields[3] = d.h_total;
    r->names[4] = "h_between";
    r->fields[4] = d.h_between;
    r->names[5] = "h_within";
    r->fields[5] = d.h_within;
    return 1;
}

static const struct {
    const char *function;
    enum seg_kind kind;
    int two_group;
    seg_runner run;
} SEG_FUNCTIONS[] = {
    {"dissimilarity", SEG_SCALAR, 1, sr_dissimilarity},
    {"gini_segregation", SEG_SCALAR, 1, sr_gini_segregation},
    {"entropy_index", SEG_SCALAR, 1, sr_entropy_index},
    {"isolation", SEG_SCALAR, 1, sr_isolation},
    {"exposure", SEG_SCALAR, 1, sr_exposure},
    {"correlation_ratio", SEG_SCALAR, 1, sr_correlation_ratio},
    {"atkinson_segregation", SEG_SCALAR, 1, sr_atkinson_segregation},
    {"hutchens", SEG_SCALAR, 1, sr_hutchens},
    {"minmax", SEG_SCALAR, 1, sr_minmax},
    {"density_corrected_dissimilarity", SEG_SCALAR, 1, sr_density_corrected_dissimilarity},
    {"self_excluded_separation", SEG_SCALAR, 1, sr_self_excluded_separation},
    {"carrington_troske", SEG_SCALAR, 1, sr_carrington_troske},
    {"concentration_profile", SEG_SCALAR, 1, sr_concentration_profile},
    {"expected_under_random_allocation", SEG_STRUCT, 1, sr_expected_under_random_allocation},
    {"winship_expected_dissimilarity", SEG_STRUCT, 1, sr_winship_expected_dissimilarity},
    {"bias_corrected_dissimilarity", SEG_STRUCT, 1, sr_bias_corrected_dissimilarity},
    {"multi_dissimilarity", SEG_SCALAR, 0, sr_multi_dissimilarity},
    {"multi_gini", SEG_SCALAR, 0, sr_multi_gini},
    {"mutual_information", SEG_SCALAR, 0, sr_mutual_information},
    {"multi_information_theory", SEG_SCALAR, 0, sr_multi_information_theory},
    {"normalized_exposure", SEG_SCALAR, 0, sr_normalized_exposure},
    {"relative_diversity", SEG_SCALAR, 0, sr_relative_diversity},
    {"squared_coefficient_of_variation", SEG_SCALAR, 0, sr_squared_coefficient_of_variation},
    {"divergence", SEG_SCALAR, 0, sr_divergence},
    {"shannon_diversity", SEG_SCALAR, 0, sr_shannon_diversity},
    {"simpson_interaction", SEG_SCALAR, 0, sr_simpson_interaction},
    {"simpson_concentration", SEG_SCALAR, 0, sr_simpson_concentration},
    {"rank_order_information_theory", SEG_SCALAR, 0, sr_rank_order_information_theory},
    {"rank_order_variance_ratio", SEG_SCALAR, 0, sr_rank_order_variance_ratio},
    {"location_quotient", SEG_LOCAL, 0, sr_location_quotient},
    {"local_entropy", SEG_LOCAL, 0, sr_local_entropy},
    {"local_simpson_interaction", SEG_LOCAL, 0, sr_local_simpson_interaction},
    {"local_simpson_concentration", SEG_LOCAL, 0, sr_local_simpson_concentration},
    {"local_mutual_information", SEG_LOCAL, 0, sr_local_mutual_information},
    {"mutual_information_decomposition", SEG_STRUCT, 0, sr_mutual_information_decomposition},
};

static int compare_seg_struct(const seg_result *r, const cJSON *want, const tolerance *t,
                              char *err) {
    const cJSON *item;
    int checked = 0;
    if (!cJSON_IsObject(want)) {
        snprintf(err, ERR_LEN, "expected is not an object");
        return 0;
    }
    cJSON_ArrayForEach(item, want) {
        size_t i;
        int found = 0;
        for (i = 0; i < SEG_FIELDS; i++) {
            if (r->names[i] != NULL && strcmp(r->names[i], item->string) == 0) {
                if (!compare_number(item->string, r->fields[i], item, t, err)) {
                    return 0;
                }
                found = checked = 1;
            }
        }
        if (!found) {
            snprintf(err, ERR_LEN, "expected has an unknown field `%s`", item->string);
            return 0;
        }
    }
    if (!checked) {
        snprintf(err, ERR_LEN, "expected has no field");
    }
    return checked;
}

/* `{"values": [...]}`: one number per row, or one row of numbers per row (location_quotient). */
static int compare_seg_values(const seg_result *r, const cJSON *want, const tolerance *t,
                              char *err) {
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(want, "values");
    const cJSON *row, *item;
    size_t i = 0;
    char label[64];
    if (!cJSON_IsArray(values)) {
        snprintf(err, ERR_LEN, "expected has no `values` list");
        return 0;
    }
    cJSON_ArrayForEach(row, values) {
        if (cJSON_IsArray(row)) {
            cJSON_ArrayForEach(item, row) {
                if (i >= r->n_values) {
                    snprintf(err, ERR_LEN, "more expected values than the %lu computed",
                             (unsigned long)r->n_values);
                    return 0;
                }
                snprintf(label, sizeof label, "values[%lu]", (unsigned long)i);
                if (!compare_number(label, r->values[i], item, t, err)) {
                    return 0;
                }
                i++;
            }
        } else {
            if (i >= r->n_values) {
                snprintf(err, ERR_LEN, "more expected values than the %lu computed",
                         (unsigned long)r->n_values);
                return 0;
            }
            snprintf(label, sizeof label, "values[%lu]", (unsigned long)i);
            if (!compare_number(label, r->values[i], row, t, err)) {
                return 0;
            }
            i++;
        }
    }
    if (i != r->n_values) {
        snprintf(err, ERR_LEN, "%lu values computed, %lu expected", (unsigned long)r->n_values,
                 (unsigned long)i);
        return 0;
    }
    return 1;
}

/* Returns 1 pass, 0 fail (err says why), -1 skipped (err says why). */
static int run_seg_case(const cJSON *c, const char *dir, char *err) {
    const cJSON *function = cJSON_GetObjectItemCaseSensitive(c, "function");
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(c, "expected");
    const cJSON *expected_error = cJSON_GetObjectItemCaseSensitive(c, "expected_error");
    const cJSON *counts_file = cJSON_GetObjectItemCaseSensitive(c, "counts_file");
    darray x = {NULL, 0, 0}, t = {NULL, 0, 0};
    iarray districts = {NULL, 0, 0};
    table counts = {NULL, 0, 0, 0};
    double *xt = NULL;
    seg_params p;
    tolerance tol;
    seg_result r;
    seg_args args;
    size_t i;
    int outcome = 0, found = -1;

    memset(&r, 0, sizeof r);
    r.value = NAN;
    if (!cJSON_IsString(function)) {
        snprintf(err, ERR_LEN, "no `function`");
        return 0;
    }
    for (i = 0; i < COUNT(SEG_FUNCTIONS); i++) {
        if (strcmp(SEG_FUNCTIONS[i].function, function->valuestring) == 0) {
            found = (int)i;
        }
    }
    if (found < 0) {
        snprintf(err, ERR_LEN, "unknown function `%s`", function->valuestring);
        return 0;
    }
    if (!parse_seg_params(cJSON_GetObjectItemCaseSensitive(c, "params"), &p, err)) {
        goto done;
    }
    if (!parse_tolerance(cJSON_GetObjectItemCaseSensitive(c, "tolerance"), &tol)) {
        snprintf(err, ERR_LEN, "tolerance malformed");
        goto done;
    }
    if (!parse_doubles(cJSON_GetObjectItemCaseSensitive(c, "x"), &x) ||
        !parse_doubles(cJSON_GetObjectItemCaseSensitive(c, "t"), &t) ||
        !parse_groups(cJSON_GetObjectItemCaseSensitive(c, "districts"), &districts)) {
        snprintf(err, ERR_LEN, "x, t or districts malformed");
        goto done;
    }
    if (counts_file != NULL && !cJSON_IsNull(counts_file)) {
        if (!read_counts_file(dir, counts_file, &counts, err)) {
            goto done;
        }
    } else if (!parse_table(cJSON_GetObjectItemCaseSensitive(c, "counts"), &counts, err)) {
        goto done;
    }
    memset(&args, 0, sizeof args);
    args.p = &p;
    if (SEG_FUNCTIONS[found].two_group) {
        if (counts.present) {
            /* a two-group counts_file has exactly two columns: x, then t */
            if (counts.cols != 2) {
                snprintf(err, ERR_LEN, "a two-group counts_file needs two columns (x, t)");
                goto done;
            }
            xt = (double *)malloc((2 * counts.rows > 0 ? 2 * counts.rows : 1) * sizeof(double));
            if (xt == NULL) {
                snprintf(err, ERR_LEN, "out of memory");
                goto done;
            }
            for (i = 0; i < counts.rows; i++) {
                xt[i] = counts.v[2 * i];
                xt[counts.rows + i] = counts.v[2 * i + 1];
            }
            args.x = xt;
            args.t = xt + counts.rows;
            args.n = counts.rows;
        } else {
            if (!x.present || !t.present) {
                snprintf(err, ERR_LEN, "a two-group case needs x and t");
                goto done;
            }
            if (x.n != t.n) {
                snprintf(err, ERR_LEN, "x and t of different lengths cannot be passed to C (one n)");
                outcome = -1;
                goto done;
            }
            args.x = x.v;
            args.t = t.v;
            args.n = x.n;
        }
    } else {
        if (!counts.present) {
            snprintf(err, ERR_LEN, "a multigroup case needs counts or counts_file");
            goto done;
        }
        if (districts.present && districts.n != counts.rows) {
            snprintf(err, ERR_LEN,
                     "districts of another length than the rows cannot be passed to C (one rows)");
            outcome = -1;
            goto done;
        }
        args.counts = &counts;
        args.districts = districts.present ? districts.v : NULL;
    }
    if (!SEG_FUNCTIONS[found].run(&args, &r, err)) {
        goto done;
    }

    if (expected_error != NULL) {
        bildung_status want;
        if (!cJSON_IsString(expected_error) ||
            !h_status_of_kind(expected_error->valuestring, &want)) {
            snprintf(err, ERR_LEN, "unknown expected_error");
            goto done;
        }
        if (r.status != want) {
            char msg[160];
            h_last_error(msg, sizeof msg);
            snprintf(err, ERR_LEN, "status %s, expected %s (%s)", h_status_name(r.status),
                     h_status_name(want), r.status == BILDUNG_OK ? "no error" : msg);
            goto done;
        }
        outcome = 1;
        goto done;
    }
    if (expected == NULL) {
        snprintf(err, ERR_LEN, "neither `expected` nor `expected_error`");
        goto done;
    }
    if (r.status != BILDUNG_OK) {
        char msg[160];
        h_last_error(msg, sizeof msg);
        snprintf(err, ERR_LEN, "status %s: %s", h_status_name(r.status), msg);
        goto done;
    }
    switch (SEG_FUNCTIONS[found].kind) {
    case SEG_SCALAR:
        outcome = compare_number("value", r.value, expected, &tol, err);
        break;
    case SEG_STRUCT:
        outcome = compare_seg_struct(&r, expected, &tol, err);
        break;
    case SEG_LOCAL:
        outcome = compare_seg_values(&r, expected, &tol, err);
        break;
    }
done:
    free(x.v);
    free(t.v);
    free(districts.v);
    free(counts.v);
    free(xt);
    free(r.values);
    return outcome;
}

/* Run <golden dir>/segregation.json if it exists (it is optional here: a missing file is
 * reported, not counted). */
static void run_segregation_golden(const char *golden_dir) {
    char path[1024];
    char *text;
    cJSON *root;
    const cJSON *cases, *c;
    tally tl = {0, 0, 0};
    h_context = "golden segregation";
    snprintf(path, sizeof path, "%s/segregation.json", golden_dir);
    text = h_read_file(path);
    if (text == NULL) {
        printf("golden (%s): not found, segregation cases not run\n", path);
        h_context = NULL;
        return;
    }
    root = cJSON_Parse(text);
    free(text);
    cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
    if (root == NULL || !cJSON_IsArray(cases)) {
        printf("golden FAIL: %s is not a golden file with a `cases` array\n", path);
        h_failed++;
        cJSON_Delete(root);
        h_context = NULL;
        return;
    }
    cJSON_ArrayForEach(c, cases) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        const char *name = cJSON_IsString(id) ? id->valuestring : "(no id)";
        char err[ERR_LEN];
        int outcome;
        err[0] = '\0';
        outcome = run_seg_case(c, golden_dir, err);
        if (outcome > 0) {
            tl.passed++;
        } else if (outcome < 0) {
            tl.skipped++;
            printf("golden SKIP %s: %s\n", name, err);
        } else {
            tl.failed++;
            printf("golden FAIL %s: %s\n", name, err);
        }
    }
    cJSON_Delete(root);
    h_passed += tl.passed;
    h_failed += tl.failed;
    printf("golden (%s): %d cases, %d passed, %d failed, %d skipped\n", path,
           tl.passed + tl.failed + tl.skipped, tl.passed, tl.failed, tl.skipped);
    h_context = NULL;
}

void run_golden_tests(const char *golden_dir) {
    char path[1024];
    char *text;
    cJSON *root;
    const cJSON *cases, *c;
    tally tl = {0, 0, 0};
    h_context = "golden";
    snprintf(path, sizeof path, "%s/inequality.json", golden_dir);
    text = h_read_file(path);
    if (text == NULL) {
        printf("golden FAIL: cannot read %s\n", path);
        h_failed++;
        h_context = NULL;
        return;
    }
    root = cJSON_Parse(text);
    free(text);
    cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
    if (root == NULL || !cJSON_IsArray(cases)) {
        printf("golden FAIL: %s is not a golden file with a `cases` array\n", path);
        h_failed++;
        cJSON_Delete(root);
        h_context = NULL;
        return;
    }
    cJSON_ArrayForEach(c, cases) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        const char *name = cJSON_IsString(id) ? id->valuestring : "(no id)";
        char err[ERR_LEN];
        int outcome;
        err[0] = '\0';
        outcome = run_case(c, err);
        if (outcome > 0) {
            tl.passed++;
        } else if (outcome < 0) {
            tl.skipped++;
            printf("golden SKIP %s: %s\n", name, err);
        } else {
            tl.failed++;
            printf("golden FAIL %s: %s\n", name, err);
        }
    }
    cJSON_Delete(root);
    h_passed += tl.passed;
    h_failed += tl.failed;
    printf("golden (%s): %d cases, %d passed, %d failed, %d skipped\n", path,
           tl.passed + tl.failed + tl.skipped, tl.passed, tl.failed, tl.skipped);
    h_context = NULL;
    run_segregation_golden(golden_dir);
}
