/*
 * The funnel-plot C API (bildung_funnel*): the worked values of methods.md 3.7 (outside values),
 * NULL pointers, bad counts, invalid option integers, outputs untouched on failure, the buffer
 * protocols of bildung_funnel_grid and bildung_funnel_class_label; then every case of
 * <golden dir>/funnel.json (tests/golden/README.md "Funnel plots") through the C API.
 *
 * The C API has no proportion output (x/n), so the golden key `proportion` is not checked here
 * (Rust and Python check it).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden_json.h"
#include "harness.h"

#define SENTINEL (-12345.0)
#define K 12
#define ERR_LEN 300
#define INVALID_OPTION 0xFFFFu

/* methods.md 3.7: 12 areas */
static const double OD_N[K] = {40, 55, 80, 120, 150, 60, 35, 200, 90, 70, 110, 45};
static const double OD_X[K] = {2, 9, 4, 14, 9, 3, 6, 12, 12, 3, 8, 7};

/* ============================================================================ unit tests */

static void test_options_default(void) {
    bildung_funnel_options o = bildung_funnel_options_default();
    CHECK(isnan(o.target));
    CHECK(o.levels == NULL && o.n_levels == 0);
    CHECK(o.method == BILDUNG_FUNNEL_METHOD_EXACT);
    CHECK(o.overdispersion == BILDUNG_FUNNEL_OD_NONE);
    CHECK(o.winsorize == 0.1);
    CHECK(isnan(o.fdr));
    CHECK(o.policy == BILDUNG_NAN_RAISE);
}

static void test_methods_table(void) {
    /* methods.md 3.7, theta0 = 0.08, exact and normal limits at n = 20, 200, 1000 */
    const double grid[3] = {20, 200, 1000};
    const double levels[2] = {0.95, 0.998};
    double lo[6], hi[6], lo_u[6], hi_u[6];
    CHECK_STATUS(bildung_funnel_limits(0.08, grid, 3, levels, 2, BILDUNG_FUNNEL_METHOD_EXACT,
                                       BILDUNG_FUNNEL_OD_NONE, NAN, lo, hi, lo_u, hi_u),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.0, 0.0);
    CHECK_NEAR(lo_u[0], -0.0434, 5e-5);
    CHECK_NEAR(hi[0], 0.1936, 5e-5);
    CHECK_NEAR(hi[1], 0.2943, 5e-5);
    CHECK_NEAR(lo[2], 0.0418, 5e-5);
    CHECK_NEAR(hi[2], 0.1172, 5e-5);
    CHECK_NEAR(lo[3], 0.0250, 5e-5);
    CHECK_NEAR(hi[3], 0.1426, 5e-5);
    CHECK_NEAR(lo[4], 0.0631, 5e-5);
    CHECK_NEAR(hi[5], 0.1072, 5e-5);
    CHECK_STATUS(bildung_funnel_limits(0.08, grid, 3, NULL, 0, BILDUNG_FUNNEL_METHOD_NORMAL,
                                       BILDUNG_FUNNEL_OD_NONE, NAN, lo, hi, NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(hi[0], 0.1989, 5e-5);
    CHECK_NEAR(hi[1], 0.2675, 5e-5);
    CHECK_NEAR(lo[2], 0.0424, 5e-5);
    CHECK_NEAR(lo[3], 0.0207, 5e-5);
    CHECK_NEAR(hi[5], 0.1065, 5e-5);
}

static void test_methods_overdispersion(void) {
    bildung_funnel_options o = bildung_funnel_options_default();
    bildung_funnel_summary s;
    double z[K], zadj[K], lo[2 * K], hi[2 * K];
    bildung_funnel_class cls[K];
    bildung_area_status st[K];
    int i, flagged = 0;
    o.method = BILDUNG_FUNNEL_METHOD_NORMAL;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, z, zadj, NULL, lo, hi, NULL, NULL, cls, NULL,
                                st, &s),
                 BILDUNG_OK);
    CHECK_NEAR(s.theta0, 0.0843602, 5e-8);
    CHECK(s.pooled == 1 && s.n_levels == 2 && s.levels[0] == 0.95 && s.levels[1] == 0.998);
    CHECK(isnan(s.levels[2]));
    CHECK(s.has_dispersion == 1);
    CHECK_NEAR(s.winsor_lower, -1.2262, 5e-5);
    CHECK_NEAR(s.winsor_upper, 1.8399, 5e-5);
    CHECK_NEAR(s.phi, 1.7702, 5e-5);
    CHECK_NEAR(s.chi2, 21.24, 5e-3);
    CHECK_NEAR(s.df, 11.0, 0.0);
    CHECK_NEAR(s.dispersion_p_value, 0.031, 5e-4);
    CHECK_NEAR(s.tau2, 0.00084043, 5e-9);
    CHECK_NEAR(z[1], 2.115, 5e-4);
    CHECK(s.adjustment == BILDUNG_FUNNEL_OD_NONE && isnan(s.adjustment_value));
    CHECK(s.info.n_used == K && s.info.flags == 0);
    for (i = 0; i < K; i++) {
        flagged += cls[i] != BILDUNG_FUNNEL_WITHIN;
        CHECK(st[i] == BILDUNG_AREA_OK);
    }
    CHECK(flagged == 1 && cls[1] == BILDUNG_FUNNEL_ABOVE_WARNING);

    o.overdispersion = BILDUNG_FUNNEL_OD_ADDITIVE;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, zadj, NULL, lo, hi, NULL, NULL, cls,
                                NULL, NULL, &s),
                 BILDUNG_OK);
    CHECK_NEAR(zadj[1], 1.673, 5e-4);
    CHECK_NEAR(lo[7 * 2], 0.0157, 5e-5); /* area 8: n = 200, 95 % */
    CHECK_NEAR(hi[7 * 2], 0.1530, 5e-5);
    CHECK(s.info.flags == BILDUNG_FLAG_FEW_AREAS);
    CHECK(s.adjustment == BILDUNG_FUNNEL_OD_ADDITIVE);
    CHECK_NEAR(s.adjustment_value, s.tau2, 0.0);
    for (i = 0; i < K; i++) {
        CHECK(cls[i] == BILDUNG_FUNNEL_WITHIN);
    }
    /* the same limits through bildung_funnel_limits with the summary's adjustment */
    {
        const double n200 = 200.0;
        double l[2], u[2];
        CHECK_STATUS(bildung_funnel_limits(s.theta0, &n200, 1, s.levels, s.n_levels,
                                           BILDUNG_FUNNEL_METHOD_NORMAL, s.adjustment,
                                           s.adjustment_value, l, u, NULL, NULL),
                     BILDUNG_OK);
        CHECK(l[0] == lo[7 * 2] && u[1] == hi[7 * 2 + 1]);
    }
    o.overdispersion = BILDUNG_FUNNEL_OD_MULTIPLICATIVE;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, lo, hi, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[7 * 2], 0.0331, 5e-5);
    CHECK_NEAR(hi[7 * 2], 0.1356, 5e-5);
}

static void test_empty_missing_and_bh(void) {
    const double x[5] = {3, 0, 20, NAN, 9};
    const double n[5] = {40, 0, 100, 50, 150};
    bildung_funnel_options o = bildung_funnel_options_default();
    bildung_funnel_class cls[5];
    bildung_area_status st[5];
    uint8_t bh[5];
    double p[5], lo[10];
    bildung_funnel_summary s;
    o.target = 0.07;
    o.fdr = 0.05;
    o.policy = BILDUNG_NAN_PROPAGATE;
    CHECK_STATUS(bildung_funnel(x, n, 5, &o, NULL, NULL, p, lo, NULL, NULL, NULL, cls, bh, st, &s),
                 BILDUNG_OK);
    CHECK(st[1] == BILDUNG_AREA_EMPTY && st[3] == BILDUNG_AREA_MISSING);
    CHECK(cls[1] == BILDUNG_FUNNEL_NOT_PLOTTED && cls[3] == BILDUNG_FUNNEL_NOT_PLOTTED);
    CHECK(isnan(p[1]) && isnan(lo[2]) && isnan(lo[3]));
    CHECK(cls[2] == BILDUNG_FUNNEL_ABOVE_ALARM);
    CHECK(bh[0] == 0 && bh[1] == 0 && bh[2] == 1 && bh[3] == 0);
    CHECK(s.pooled == 0 && s.theta0 == 0.07);
    CHECK(s.info.n_used == 3 && s.info.n_dropped == 1 && s.info.n_empty == 1);
    CHECK(s.info.flags == BILDUNG_FLAG_MISSING_PROPAGATED);
    /* no fdr: bh_out all 0 */
    o.fdr = NAN;
    memset(bh, 7, sizeof bh);
    CHECK_STATUS(bildung_funnel(x, n, 5, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, bh,
                                NULL, NULL),
                 BILDUNG_OK);
    CHECK(bh[0] == 0 && bh[2] == 0 && bh[4] == 0);
}

static void test_bad_input(void) {
    const double x[3] = {1, 6, 2};
    const double n[3] = {10, 5, 8};
    const double frac[2] = {1, 2.5};
    const double ten[2] = {10, 10};
    const double many[17] = {0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58,
                             0.59, 0.6,  0.61, 0.62, 0.63, 0.64, 0.65, 0.66};
    bildung_funnel_options o = bildung_funnel_options_default();
    bildung_funnel_summary s;
    double z[3] = {SENTINEL, SENTINEL, SENTINEL};
    s.theta0 = SENTINEL;
    CHECK_STATUS(bildung_funnel(x, n, 3, NULL, z, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, &s),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_MESSAGE("events[1]");
    CHECK(z[0] == SENTINEL && s.theta0 == SENTINEL); /* untouched on failure */
    CHECK_STATUS(bildung_funnel(frac, ten, 2, NULL, z, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_MESSAGE("whole numbers");
    o.method = BILDUNG_FUNNEL_METHOD_NORMAL;
    CHECK_STATUS(bildung_funnel(frac, ten, 2, &o, z, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_funnel(NULL, n, 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`events` is NULL");
    CHECK_STATUS(bildung_funnel(NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL, NULL),
                 BILDUNG_ERR_EMPTY_INPUT);
    o = bildung_funnel_options_default();
    o.n_levels = 2; /* levels NULL with n_levels > 0 */
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    o.levels = many;
    o.n_levels = 17;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    o = bildung_funnel_options_default();
    o.method = INVALID_OPTION;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    o = bildung_funnel_options_default();
    o.overdispersion = INVALID_OPTION;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    o = bildung_funnel_options_default();
    o.policy = INVALID_OPTION;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    o = bildung_funnel_options_default();
    o.target = 1.0;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_UNDEFINED);
    o = bildung_funnel_options_default();
    o.fdr = 0.0;
    CHECK_STATUS(bildung_funnel(OD_X, OD_N, K, &o, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    {
        const double inf_n[2] = {10, INFINITY};
        CHECK_STATUS(bildung_funnel(ten, inf_n, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                    NULL, NULL, NULL, NULL, NULL),
                     BILDUNG_ERR_NON_FINITE);
        CHECK_MESSAGE("population[1]");
    }
    {
        const double zero[2] = {0, 0};
        CHECK_STATUS(bildung_funnel(zero, ten, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                    NULL, NULL, NULL, NULL),
                     BILDUNG_ERR_UNDEFINED);
    }
    /* limits: non-whole n for the exact method, bad tau2, NULL grid */
    {
        const double g[2] = {10, 12.5};
        double lo[2] = {SENTINEL, SENTINEL};
        CHECK_STATUS(bildung_funnel_limits(0.1, g, 2, NULL, 0, BILDUNG_FUNNEL_METHOD_EXACT,
                                           BILDUNG_FUNNEL_OD_NONE, NAN, NULL, lo, NULL, NULL),
                     BILDUNG_ERR_INVALID_COUNT);
        CHECK_MESSAGE("n[1]");
        CHECK(lo[0] == SENTINEL);
        CHECK_STATUS(bildung_funnel_limits(0.1, g, 2, NULL, 0, BILDUNG_FUNNEL_METHOD_NORMAL,
                                           BILDUNG_FUNNEL_OD_ADDITIVE, -1.0, NULL, lo, NULL,
                                           NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_STATUS(bildung_funnel_limits(0.1, NULL, 2, NULL, 0, BILDUNG_FUNNEL_METHOD_NORMAL,
                                           BILDUNG_FUNNEL_OD_NONE, NAN, NULL, lo, NULL, NULL),
                     BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_funnel_limits(0.0, g, 2, NULL, 0, BILDUNG_FUNNEL_METHOD_NORMAL,
                                           BILDUNG_FUNNEL_OD_NONE, NAN, NULL, lo, NULL, NULL),
                     BILDUNG_ERR_UNDEFINED);
        CHECK_STATUS(bildung_funnel_limits(0.1, g, 2, NULL, 0, INVALID_OPTION,
                                           BILDUNG_FUNNEL_OD_NONE, NAN, NULL, lo, NULL, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
    }
}

static void test_grid_bh_and_labels(void) {
    double grid[5];
    size_t len = 0;
    char buf[32];
    size_t needed = 0;
    const double levels[2] = {0.95, 0.998};
    const double p[4] = {0.001, NAN, 0.02, 0.3};
    uint8_t flags[4];
    CHECK_STATUS(bildung_funnel_grid(10, 1000, 5, grid, 5, &len), BILDUNG_OK);
    CHECK(len == 5 && grid[0] == 10.0 && grid[1] == 32.0 && grid[4] == 1000.0);
    grid[0] = SENTINEL;
    CHECK_STATUS(bildung_funnel_grid(10, 1000, 5, grid, 3, &len), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(len == 5 && grid[0] == SENTINEL);
    CHECK_STATUS(bildung_funnel_grid(0, 1000, 5, grid, 5, &len), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_funnel_grid(10, 1000, 5, grid, 5, NULL), BILDUNG_ERR_NULL_ARGUMENT);

    CHECK_STATUS(bildung_funnel_benjamini_hochberg(p, 4, 0.05, flags), BILDUNG_OK);
    CHECK(flags[0] == 1 && flags[1] == 0 && flags[2] == 1 && flags[3] == 0);
    CHECK_STATUS(bildung_funnel_benjamini_hochberg(p, 4, 1.0, flags),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_funnel_benjamini_hochberg(p, 4, 0.05, NULL), BILDUNG_ERR_NULL_ARGUMENT);

    CHECK_STATUS(bildung_funnel_class_label(BILDUNG_FUNNEL_ABOVE_ALARM, levels, 2, buf, sizeof buf,
                                            &needed),
                 BILDUNG_OK);
    CHECK(strcmp(buf, "above 99.8%") == 0 && needed == 12);
    CHECK_STATUS(bildung_funnel_class_label(BILDUNG_FUNNEL_BELOW_WARNING, NULL, 0, buf,
                                            sizeof buf, NULL),
                 BILDUNG_OK);
    CHECK(strcmp(buf, "below 95%") == 0);
    CHECK_STATUS(bildung_funnel_class_label(BILDUNG_FUNNEL_NOT_PLOTTED, NULL, 0, buf, sizeof buf,
                                            NULL),
                 BILDUNG_OK);
    CHECK(strcmp(buf, "not plotted") == 0);
    CHECK_STATUS(bildung_funnel_class_label(BILDUNG_FUNNEL_WITHIN, NULL, 0, NULL, 0, &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == 7);
    CHECK_STATUS(bildung_funnel_class_label(BILDUNG_FUNNEL_WITHIN, NULL, 0, buf, 4, &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(strcmp(buf, "wit") == 0);
    CHECK_STATUS(bildung_funnel_class_label(-128, NULL, 0, buf, sizeof buf, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
}

/* ============================================================================ golden cases */

typedef struct {
    double *v;
    size_t n;
} vec;

/* An array of numbers (an empty vec for null). The caller frees v. */
static vec numbers(const cJSON *arr) {
    vec out = {NULL, 0};
    const cJSON *item;
    size_t i = 0;
    if (!cJSON_IsArray(arr)) {
        return out;
    }
    out.n = (size_t)cJSON_GetArraySize(arr);
    out.v = (double *)malloc((out.n > 0 ? out.n : 1) * sizeof(double));
    cJSON_ArrayForEach(item, arr) {
        out.v[i++] = h_json_number(item);
    }
    return out;
}

static const cJSON *get(const cJSON *obj, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static bildung_funnel_method method_of(const cJSON *v) {
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    if (strcmp(s, "exact") == 0) {
        return BILDUNG_FUNNEL_METHOD_EXACT;
    }
    if (strcmp(s, "normal") == 0) {
        return BILDUNG_FUNNEL_METHOD_NORMAL;
    }
    if (strcmp(s, "arcsine") == 0) {
        return BILDUNG_FUNNEL_METHOD_ARCSINE;
    }
    return INVALID_OPTION;
}

static bildung_funnel_overdispersion od_of(const cJSON *v) {
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    if (strcmp(s, "none") == 0) {
        return BILDUNG_FUNNEL_OD_NONE;
    }
    if (strcmp(s, "multiplicative") == 0) {
        return BILDUNG_FUNNEL_OD_MULTIPLICATIVE;
    }
    if (strcmp(s, "additive") == 0) {
        return BILDUNG_FUNNEL_OD_ADDITIVE;
    }
    return INVALID_OPTION;
}

static bildung_nan_policy policy_of(const cJSON *v) {
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    if (strcmp(s, "raise") == 0) {
        return BILDUNG_NAN_RAISE;
    }
    if (strcmp(s, "omit") == 0) {
        return BILDUNG_NAN_OMIT;
    }
    if (strcmp(s, "propagate") == 0) {
        return BILDUNG_NAN_PROPAGATE;
    }
    return INVALID_OPTION;
}

typedef struct {
    double abs, rel;
} tol;

static int near(double want, double got, tol t) {
    double d;
    if (isnan(want)) {
        return isnan(got);
    }
    d = fabs(want - got);
    return d <= t.abs || d <= t.rel * fabs(want);
}

/* Compare a scalar; null in `want` is not checked. */
static int check_scalar(const cJSON *want, double got, tol t, const char *key, char *err) {
    if (want == NULL || cJSON_IsNull(want)) {
        return 1;
    }
    if (!near(h_json_number(want), got, t)) {
        snprintf(err, ERR_LEN, "%s: want %.17g, got %.17g", key, h_json_number(want), got);
        return 0;
    }
    return 1;
}

/* Compare a vector (stride 1) or a matrix (rows of `cols`), nulls not checked. */
static int check_array(const cJSON *want, const double *got, size_t rows, size_t cols, tol t,
                       const char *key, char *err) {
    const cJSON *row;
    size_t i = 0;
    if (want == NULL || cJSON_IsNull(want)) {
        return 1;
    }
    if ((size_t)cJSON_GetArraySize(want) != rows) {
        snprintf(err, ERR_LEN, "%s: want %d rows, got %zu", key, cJSON_GetArraySize(want), rows);
        return 0;
    }
    cJSON_ArrayForEach(row, want) {
        if (cols == 0) {
            if (!cJSON_IsNull(row) && !near(h_json_number(row), got[i], t)) {
                snprintf(err, ERR_LEN, "%s[%zu]: want %.17g, got %.17g", key, i, h_json_number(row),
                         got[i]);
                return 0;
            }
        } else if (!cJSON_IsNull(row)) {
            const cJSON *cell;
            size_t k = 0;
            cJSON_ArrayForEach(cell, row) {
                if (k < cols && !cJSON_IsNull(cell) && !near(h_json_number(cell), got[i * cols + k], t)) {
                    snprintf(err, ERR_LEN, "%s[%zu][%zu]: want %.17g, got %.17g", key, i, k,
                             h_json_number(cell), got[i * cols + k]);
                    return 0;
                }
                k++;
            }
        }
        i++;
    }
    return 1;
}

static const char *status_name(bildung_area_status s) {
    return s == BILDUNG_AREA_OK ? "ok" : s == BILDUNG_AREA_MISSING ? "missing" : "empty";
}

static bildung_flags flag_bits(const cJSON *names) {
    bildung_flags bits = 0;
    const cJSON *n;
    cJSON_ArrayForEach(n, names) {
        if (cJSON_IsString(n) && strcmp(n->valuestring, "few_areas") == 0) {
            bits |= BILDUNG_FLAG_FEW_AREAS;
        } else if (cJSON_IsString(n) && strcmp(n->valuestring, "missing_propagated") == 0) {
            bits |= BILDUNG_FLAG_MISSING_PROPAGATED;
        } else {
            bits |= 0x80000000u; /* unknown name: never matches */
        }
    }
    return bits;
}

/* Check the status (and the named position) of an error case. */
static int check_error(const cJSON *c, bildung_status got, char *err) {
    bildung_status want = 0;
    const cJSON *kind = get(c, "expected_error");
    const cJSON *index = get(c, "error_index");
    if (!h_status_of_kind(kind->valuestring, &want)) {
        snprintf(err, ERR_LEN, "unknown kind %s", kind->valuestring);
        return 0;
    }
    if (got != want) {
        snprintf(err, ERR_LEN, "want %s, got %s", h_status_name(want), h_status_name(got));
        return 0;
    }
    if (cJSON_IsNumber(index)) {
        char msg[200], needle[32];
        h_last_error(msg, sizeof msg);
        snprintf(needle, sizeof needle, "[%d]", index->valueint);
        if (strstr(msg, needle) == NULL) {
            snprintf(err, ERR_LEN, "message does not name %s: %s", needle, msg);
            return 0;
        }
    }
    return 1;
}

static int run_funnel_case(const cJSON *c, tol t, char *err) {
    const cJSON *p = get(c, "params"), *e = get(c, "expected");
    vec x = numbers(get(c, "events")), n = numbers(get(c, "population"));
    vec levels = numbers(get(p, "levels"));
    bildung_funnel_options o = bildung_funnel_options_default();
    bildung_funnel_summary s;
    size_t k = x.n, L = levels.n, i;
    size_t cells = (k > 0 ? k : 1) * (L > 0 ? L : 1);
    double *z = malloc((k + 1) * sizeof(double)), *zadj = malloc((k + 1) * sizeof(double));
    double *pv = malloc((k + 1) * sizeof(double));
    double *lo = malloc(cells * sizeof(double)), *hi = malloc(cells * sizeof(double));
    double *lo_u = malloc(cells * sizeof(double)), *hi_u = malloc(cells * sizeof(double));
    bildung_funnel_class *cls = malloc(k + 1);
    uint8_t *bh = malloc(k + 1);
    bildung_area_status *st = malloc(k + 1);
    bildung_status status;
    int ok = 1;
    o.target = h_json_number(get(p, "target"));
    o.levels = levels.v;
    o.n_levels = L;
    o.method = method_of(get(p, "method"));
    o.overdispersion = od_of(get(p, "overdispersion"));
    o.winsorize = h_json_number(get(p, "winsorize"));
    o.fdr = h_json_number(get(p, "fdr"));
    o.policy = policy_of(get(p, "nan_policy"));
    if (n.n != k) { /* C passes one n for both arrays: mismatched lengths cannot be expressed */
        status = BILDUNG_ERR_SHAPE_MISMATCH;
    } else {
        status = bildung_funnel(x.v, n.v, k, &o, z, zadj, pv, lo, hi, lo_u, hi_u, cls, bh, st, &s);
    }
    if (get(c, "expected_error") != NULL) {
        ok = check_error(c, status, err);
    } else if (status != BILDUNG_OK) {
        char msg[200];
        h_last_error(msg, sizeof msg);
        snprintf(err, ERR_LEN, "unexpected %s: %s", h_status_name(status), msg);
        ok = 0;
    } else {
        double df = s.df;
        ok = check_scalar(get(e, "theta0"), s.theta0, t, "theta0", err) &&
             check_scalar(get(e, "phi"), s.phi, t, "phi", err) &&
             check_scalar(get(e, "chi2"), s.chi2, t, "chi2", err) &&
             check_scalar(get(e, "df"), df, t, "df", err) &&
             check_scalar(get(e, "dispersion_p_value"), s.dispersion_p_value, t,
                          "dispersion_p_value", err) &&
             check_scalar(get(e, "tau2"), s.tau2, t, "tau2", err) &&
             check_scalar(get(e, "winsor_lower"), s.winsor_lower, t, "winsor_lower", err) &&
             check_scalar(get(e, "winsor_upper"), s.winsor_upper, t, "winsor_upper", err) &&
             check_scalar(get(e, "adjustment_value"), s.adjustment_value, t, "adjustment_value",
                          err) &&
             check_array(get(e, "z"), z, k, 0, t, "z", err) &&
             check_array(get(e, "z_adjusted"), zadj, k, 0, t, "z_adjusted", err) &&
             check_array(get(e, "p_value"), pv, k, 0, t, "p_value", err) &&
             check_array(get(e, "lower"), lo, k, L, t, "lower", err) &&
             check_array(get(e, "upper"), hi, k, L, t, "upper", err) &&
             check_array(get(e, "lower_unclamped"), lo_u, k, L, t, "lower_unclamped", err) &&
             check_array(get(e, "upper_unclamped"), hi_u, k, L, t, "upper_unclamped", err);
        if (ok && get(e, "class") != NULL) {
            const cJSON *item;
            i = 0;
            cJSON_ArrayForEach(item, get(e, "class")) {
                if (!cJSON_IsNull(item) && item->valueint != cls[i]) {
                    snprintf(err, ERR_LEN, "class[%zu]: want %d, got %d", i, item->valueint,
                             cls[i]);
                    ok = 0;
                    break;
                }
                i++;
            }
        }
        if (ok && get(e, "bh") != NULL && !cJSON_IsNull(get(e, "bh"))) {
            const cJSON *item;
            i = 0;
            cJSON_ArrayForEach(item, get(e, "bh")) {
                if ((cJSON_IsTrue(item) ? 1 : 0) != bh[i]) {
                    snprintf(err, ERR_LEN, "bh[%zu]: want %d, got %d", i, cJSON_IsTrue(item),
                             bh[i]);
                    ok = 0;
                    break;
                }
                i++;
            }
        }
        if (ok && get(e, "status") != NULL) {
            const cJSON *item;
            i = 0;
            cJSON_ArrayForEach(item, get(e, "status")) {
                if (strcmp(item->valuestring, status_name(st[i])) != 0) {
                    snprintf(err, ERR_LEN, "status[%zu]: want %s, got %s", i, item->valuestring,
                             status_name(st[i]));
                    ok = 0;
                    break;
                }
                i++;
            }
        }
        if (ok && get(e, "n_used") != NULL &&
            ((size_t)get(e, "n_used")->valueint != s.info.n_used ||
             (size_t)get(e, "n_dropped")->valueint != s.info.n_dropped ||
             (size_t)get(e, "n_empty")->valueint != s.info.n_empty)) {
            snprintf(err, ERR_LEN, "counts: got %zu used, %zu dropped, %zu empty", s.info.n_used,
                     s.info.n_dropped, s.info.n_empty);
            ok = 0;
        }
        if (ok && get(e, "flags") != NULL && flag_bits(get(e, "flags")) != s.info.flags) {
            snprintf(err, ERR_LEN, "flags: got %u", (unsigned)s.info.flags);
            ok = 0;
        }
    }
    free(x.v);
    free(n.v);
    free(levels.v);
    free(z);
    free(zadj);
    free(pv);
    free(lo);
    free(hi);
    free(lo_u);
    free(hi_u);
    free(cls);
    free(bh);
    free(st);
    return ok;
}

static int run_limits_case(const cJSON *c, tol t, char *err) {
    const cJSON *p = get(c, "params"), *e = get(c, "expected");
    vec grid = numbers(get(c, "n")), levels = numbers(get(p, "levels"));
    size_t cells = (grid.n > 0 ? grid.n : 1) * (levels.n > 0 ? levels.n : 1);
    double *lo = malloc(cells * sizeof(double)), *hi = malloc(cells * sizeof(double));
    double *lo_u = malloc(cells * sizeof(double)), *hi_u = malloc(cells * sizeof(double));
    bildung_status status = bildung_funnel_limits(
        h_json_number(get(c, "theta0")), grid.v, grid.n, levels.v, levels.n, method_of(get(p, "method")),
        od_of(get(p, "adjustment")), h_json_number(get(p, "adjustment_value")), lo, hi, lo_u, hi_u);
    int ok;
    if (get(c, "expected_error") != NULL) {
        ok = check_error(c, status, err);
    } else if (status != BILDUNG_OK) {
        snprintf(err, ERR_LEN, "unexpected %s", h_status_name(status));
        ok = 0;
    } else {
        ok = check_array(get(e, "lower"), lo, grid.n, levels.n, t, "lower", err) &&
             check_array(get(e, "upper"), hi, grid.n, levels.n, t, "upper", err) &&
             check_array(get(e, "lower_unclamped"), lo_u, grid.n, levels.n, t, "lower_unclamped",
                         err) &&
             check_array(get(e, "upper_unclamped"), hi_u, grid.n, levels.n, t, "upper_unclamped",
                         err);
    }
    free(grid.v);
    free(levels.v);
    free(lo);
    free(hi);
    free(lo_u);
    free(hi_u);
    return ok;
}

static int run_bh_case(const cJSON *c, char *err) {
    vec p = numbers(get(c, "p"));
    uint8_t *flags = malloc(p.n + 1);
    bildung_status status =
        bildung_funnel_benjamini_hochberg(p.v, p.n, h_json_number(get(get(c, "params"), "fdr")), flags);
    int ok = 1;
    if (get(c, "expected_error") != NULL) {
        ok = check_error(c, status, err);
    } else if (status != BILDUNG_OK) {
        snprintf(err, ERR_LEN, "unexpected %s", h_status_name(status));
        ok = 0;
    } else {
        const cJSON *item;
        size_t i = 0;
        cJSON_ArrayForEach(item, get(get(c, "expected"), "flags")) {
            if ((cJSON_IsTrue(item) ? 1 : 0) != flags[i]) {
                snprintf(err, ERR_LEN, "flags[%zu]: want %d, got %d", i, cJSON_IsTrue(item),
                         flags[i]);
                ok = 0;
                break;
            }
            i++;
        }
    }
    free(p.v);
    free(flags);
    return ok;
}

static void run_funnel_golden(const char *golden_dir) {
    char path[1024];
    char *text;
    cJSON *root;
    const cJSON *cases, *c;
    int passed = 0, failed = 0;
    h_context = "golden funnel";
    snprintf(path, sizeof path, "%s/funnel.json", golden_dir);
    text = h_read_file(path);
    if (text == NULL) {
        printf("golden FAIL: cannot read %s\n", path);
        h_failed++;
        h_context = NULL;
        return;
    }
    root = cJSON_Parse(text);
    free(text);
    cases = get(root, "cases");
    if (root == NULL || !cJSON_IsArray(cases) || cJSON_GetArraySize(cases) < 100) {
        printf("golden FAIL: %s is not a funnel golden file with its cases\n", path);
        h_failed++;
        cJSON_Delete(root);
        h_context = NULL;
        return;
    }
    cJSON_ArrayForEach(c, cases) {
        const cJSON *id = get(c, "id"), *fn = get(c, "function"), *tl = get(c, "tolerance");
        const char *f = cJSON_IsString(fn) ? fn->valuestring : "";
        char err[ERR_LEN];
        tol t;
        int ok;
        t.abs = cJSON_IsNumber(get(tl, "abs")) ? get(tl, "abs")->valuedouble : 0.0;
        t.rel = cJSON_IsNumber(get(tl, "rel")) ? get(tl, "rel")->valuedouble : 0.0;
        err[0] = '\0';
        if (strcmp(f, "funnel") == 0) {
            ok = run_funnel_case(c, t, err);
        } else if (strcmp(f, "funnel_limits") == 0) {
            ok = run_limits_case(c, t, err);
        } else if (strcmp(f, "benjamini_hochberg") == 0) {
            ok = run_bh_case(c, err);
        } else {
            snprintf(err, ERR_LEN, "unknown function %s", f);
            ok = 0;
        }
        if (ok) {
            passed++;
        } else {
            failed++;
            printf("golden FAIL %s: %s\n", cJSON_IsString(id) ? id->valuestring : "?", err);
        }
    }
    cJSON_Delete(root);
    h_passed += passed;
    h_failed += failed;
    printf("golden (%s): %d cases, %d passed, %d failed\n", path, passed + failed, passed, failed);
    h_context = NULL;
}

void run_funnel_tests(const char *golden_dir) {
    h_context = "funnel";
    test_options_default();
    test_methods_table();
    test_methods_overdispersion();
    test_empty_missing_and_bh();
    test_bad_input();
    test_grid_bh_and_labels();
    h_context = NULL;
    if (golden_dir != NULL) {
        run_funnel_golden(golden_dir);
    }
}
