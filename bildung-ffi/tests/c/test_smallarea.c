/*
 * The small-area C API (bildung_smallarea_*): the worked values of methods.md 3.5 / 3.6 (outside
 * values), a hand-checked Fay-Herriot fit, every function with NULL pointers, bad counts, NaN
 * under each policy, invalid options, bad CSR adjacency, small buffers (outputs untouched on
 * failure), and the golden reader of <golden dir>/smallarea.json (tests/golden/README.md,
 * section "Small-area estimation"). Fields the C API does not return (`rate`, `g1`..`g3`) are
 * not compared.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden_json.h"
#include "harness.h"

#define K 8
#define SENTINEL (-12345.0)
#define INVALID_OPTION 0xFFFFu

/* methods.md 3.5: 8 Ortsteile */
static const double X8[K] = {3, 6, 9, 12, 7, 15, 0, 4};
static const double N8[K] = {12, 45, 80, 150, 30, 220, 8, 60};
static const double GLOBAL_EB[K] = {0.1084, 0.1046, 0.1011, 0.0852, 0.1233, 0.0762, 0.0861, 0.0833};
static const double LOCAL_EB[K] = {0.1579, 0.1314, 0.0982, 0.0914, 0.1286, 0.0709, 0.0660, 0.0588};
/* chain adjacency: area i borders i - 1 and i + 1, in compressed sparse rows */
static const size_t CHAIN_OFFSETS[K + 1] = {0, 1, 3, 5, 7, 9, 11, 13, 14};
static const size_t CHAIN[14] = {1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6};

static void fill(double *a, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        a[i] = SENTINEL;
    }
}

static int untouched(const double *a, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (a[i] != SENTINEL) {
            return 0;
        }
    }
    return 1;
}

/* ===================================================================== worked values */

static void test_marshall(void) {
    double est[K], shrink[K], pm[K], pv[K];
    bildung_area_status st[K];
    bildung_eb_summary s;
    size_t i;
    h_context = "marshall_global";
    CHECK_STATUS(bildung_smallarea_marshall_global(X8, N8, K, BILDUNG_NAN_RAISE, est, shrink, pm, pv,
                                                   st, &s),
                 BILDUNG_OK);
    CHECK_NEAR(s.pooled_rate, 0.0925620, 5e-8);
    CHECK_NEAR(s.between_variance, 0.00086159, 5e-9);
    CHECK(s.n_used == K && s.n_dropped == 0 && s.n_empty == 0 && s.flags == 0);
    for (i = 0; i < K; i++) {
        CHECK_NEAR(est[i], GLOBAL_EB[i], 5e-5);
        CHECK(st[i] == BILDUNG_AREA_OK);
        CHECK_NEAR(pm[i], s.pooled_rate, 0.0);
    }
    CHECK_NEAR(shrink[2], 0.4268, 5e-5);
    /* optional outputs may be NULL */
    CHECK_STATUS(bildung_smallarea_marshall_global(X8, N8, K, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, NULL),
                 BILDUNG_OK);
    h_context = "marshall_local";
    CHECK_STATUS(bildung_smallarea_marshall_local(X8, N8, K, CHAIN_OFFSETS, CHAIN, 14,
                                                  BILDUNG_NAN_RAISE, est, shrink, pm, pv, st, &s),
                 BILDUNG_OK);
    for (i = 0; i < K; i++) {
        CHECK_NEAR(est[i], LOCAL_EB[i], 5e-5);
    }
    h_context = NULL;
}

static void test_marshall_edge_cases(void) {
    /* population 0 -> prior mean with status NO_DATA; a NaN area under omit -> NaN, MISSING */
    const double x[4] = {1, 0, NAN, 9};
    const double n[4] = {10, 0, 5, 30};
    const double x2[2] = {1, 9}, n2[2] = {10, 30};
    double est[4], shrink[4];
    bildung_area_status st[4];
    bildung_eb_summary s;
    h_context = "marshall edge cases";
    CHECK_STATUS(bildung_smallarea_marshall_global(x, n, 4, BILDUNG_NAN_OMIT, est, shrink, NULL,
                                                   NULL, st, &s),
                 BILDUNG_OK);
    CHECK(st[0] == BILDUNG_AREA_OK && st[1] == BILDUNG_AREA_NO_DATA && st[2] == BILDUNG_AREA_MISSING);
    CHECK_NEAR(est[1], s.pooled_rate, 0.0);
    CHECK(isnan(est[2]) && shrink[1] == 0.0);
    CHECK(s.n_used == 2 && s.n_dropped == 1 && s.n_empty == 1);
    /* hand: m = 10/40, s2 = 0.0075, A = max(0, 0.0075 - 0.25/20) = 0 -> complete shrinkage */
    CHECK_STATUS(bildung_smallarea_marshall_global(x2, n2, 2, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, &s),
                 BILDUNG_OK);
    CHECK(s.flags == BILDUNG_FLAG_NO_BETWEEN_VARIANCE);
    CHECK_NEAR(est[0], 0.25, 1e-15);
    h_context = NULL;
}

static void test_beta_binomial(void) {
    double est[K], lo[K], hi[K], w[K];
    bildung_area_status st[K];
    bildung_beta_binomial_summary s;
    bildung_beta_binomial_options o = bildung_beta_binomial_options_default();
    h_context = "beta_binomial ML";
    CHECK(o.method == BILDUNG_BETA_BINOMIAL_ML && o.level == 0.95 && o.max_iter == 100);
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, NULL, est, lo, hi, w,
                                                 st, &s),
                 BILDUNG_OK);
    CHECK_NEAR(s.alpha, 22.575, 5e-4);
    CHECK_NEAR(s.beta, 206.026, 5e-4);
    CHECK_NEAR(s.rho, 0.004355, 5e-7);
    CHECK(s.iterations > 0);
    CHECK_NEAR(lo[6], 0.0614, 5e-5);
    CHECK_NEAR(hi[6], 0.1359, 5e-5);
    CHECK_NEAR(lo[0], 0.0707, 5e-5);
    CHECK_NEAR(hi[0], 0.1481, 5e-5);
    CHECK_NEAR(est[4], 0.1144, 5e-5);
    h_context = "beta_binomial moments";
    o.method = BILDUNG_BETA_BINOMIAL_MOMENTS;
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, &o, est, lo, hi, NULL,
                                                 NULL, &s),
                 BILDUNG_OK);
    CHECK_NEAR(s.rho, 0.017473, 5e-7);
    CHECK_NEAR(s.alpha, 5.2048, 5e-5);
    CHECK_NEAR(est[0], 0.1203, 5e-5);
    CHECK(s.iterations == 0);
    h_context = NULL;
}

static void test_fay_herriot(void) {
    /* intercept only, equal psi = 0.5: beta = mean(y) = 3, REML s2v = sample variance - psi
     * = 14/3 - 0.5, gamma = s2v / (s2v + psi), beta_se^2 = (s2v + psi) / m */
    const double y[5] = {1, 3, 2, 6, NAN};
    const double psi[5] = {0.5, 0.5, 0.5, 0.5, NAN};
    const double s2v = 14.0 / 3.0 - 0.5;
    const double g = s2v / (s2v + 0.5);
    double est[5], mse[5], gamma[5], syn[5], beta[1], se[1];
    bildung_area_status st[5];
    bildung_fay_herriot_summary s;
    bildung_fay_herriot_options o = bildung_fay_herriot_options_default();
    h_context = "fay_herriot intercept only";
    CHECK(o.method == BILDUNG_FAY_HERRIOT_REML && o.intercept == 1 && o.tolerance == 1e-10);
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, psi, 5, NULL, 0, &o, est, mse, gamma, syn, beta,
                                               se, 1, st, &s),
                 BILDUNG_OK);
    CHECK_NEAR(beta[0], 3.0, 1e-12);
    CHECK_NEAR(s.variance_component, s2v, 1e-9);
    CHECK_NEAR(se[0], sqrt((s2v + 0.5) / 4.0), 1e-9);
    CHECK_NEAR(est[0], g * 1.0 + (1.0 - g) * 3.0, 1e-9);
    CHECK_NEAR(gamma[0], g, 1e-9);
    CHECK(s.n_fixed == 1 && s.n_used == 4 && s.n_empty == 1 && s.iterations > 0);
    /* the out-of-sample area: synthetic estimate, MSE x'(X'V^-1X)^-1 x + s2v */
    CHECK(st[4] == BILDUNG_AREA_NO_DATA && isnan(gamma[4]));
    CHECK_NEAR(est[4], 3.0, 1e-12);
    CHECK_NEAR(mse[4], (s2v + 0.5) / 4.0 + s2v, 1e-9);
    h_context = NULL;
}

/* ===================================================================== bad input */

static void test_bad_input(void) {
    double est[K], lo[K], hi[K], mse[K], beta[4];
    bildung_area_status st[K];
    bildung_eb_summary s;
    bildung_beta_binomial_options bo = bildung_beta_binomial_options_default();
    bildung_fay_herriot_options fo = bildung_fay_herriot_options_default();
    const double nan_x[3] = {1, NAN, 2}, n3[3] = {5, 5, 5};
    const double frac[2] = {1.5, 2}, n2[2] = {5, 6};
    const size_t bad_offsets[K + 1] = {0, 1, 3, 5, 7, 9, 11, 13, 15};
    const size_t decreasing[K + 1] = {0, 3, 2, 5, 7, 9, 11, 13, 14};
    const size_t unknown[14] = {1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 6, 5, 9, 6};
    const double y[6] = {1.0, 2.0, 1.5, 3.0, 2.5, 2.0};
    const double psi[6] = {0.1, 0.2, 0.1, 0.3, 0.2, 0.0};
    const double good_psi[6] = {0.1, 0.2, 0.1, 0.3, 0.2, 0.1};
    const double twice[12] = {1, 2, 2, 4, 1.5, 3, 3, 6, 0.5, 1, 2, 4};
    const double xcov[6] = {1.0, 2.0, 1.2, 3.1, 0.5, 1.7};
    const double nan_cov[6] = {1.0, 2.0, NAN, 3.1, 0.5, 1.7};

    h_context = "smallarea NULL arguments";
    fill(est, K);
    CHECK_STATUS(bildung_smallarea_marshall_global(NULL, N8, K, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`events` is NULL");
    CHECK_STATUS(bildung_smallarea_marshall_global(X8, N8, K, BILDUNG_NAN_RAISE, NULL, NULL, NULL,
                                                   NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_smallarea_marshall_local(X8, N8, K, NULL, CHAIN, 14, BILDUNG_NAN_RAISE,
                                                  est, NULL, NULL, NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, NULL, est, NULL, hi,
                                                 NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, NULL, 6, NULL, 0, NULL, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, NULL, 1, NULL, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(untouched(est, K));
    /* empty input: NULL with n == 0 */
    CHECK_STATUS(bildung_smallarea_marshall_global(NULL, NULL, 0, BILDUNG_NAN_RAISE, NULL, NULL,
                                                   NULL, NULL, NULL, NULL),
                 BILDUNG_ERR_EMPTY_INPUT);
    CHECK_STATUS(bildung_smallarea_marshall_local(NULL, NULL, 0, NULL, NULL, 0, BILDUNG_NAN_RAISE,
                                                  NULL, NULL, NULL, NULL, NULL, NULL),
                 BILDUNG_ERR_EMPTY_INPUT);
    CHECK_STATUS(bildung_smallarea_fay_herriot(NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, NULL,
                                               NULL, NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_EMPTY_INPUT);

    h_context = "smallarea bad counts and policies";
    fill(est, K);
    s.n_used = 777;
    CHECK_STATUS(bildung_smallarea_marshall_global(nan_x, n3, 3, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, &s),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_STATUS(bildung_smallarea_marshall_global(X8, N8, K, 7u, est, NULL, NULL, NULL, NULL, &s),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(untouched(est, K) && s.n_used == 777);
    CHECK_STATUS(bildung_smallarea_marshall_global(N8, X8, K, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_MESSAGE("events[0]");
    CHECK_STATUS(bildung_smallarea_beta_binomial(frac, n2, 2, BILDUNG_NAN_RAISE, NULL, est, lo, hi,
                                                 NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_STATUS(bildung_smallarea_marshall_global(X8, N8, 1, BILDUNG_NAN_RAISE, est, NULL, NULL,
                                                   NULL, NULL, NULL),
                 BILDUNG_ERR_UNDEFINED);

    h_context = "smallarea bad adjacency";
    CHECK_STATUS(bildung_smallarea_marshall_local(X8, N8, K, bad_offsets, CHAIN, 14,
                                                  BILDUNG_NAN_RAISE, est, NULL, NULL, NULL, st, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("n_neighbours");
    CHECK_STATUS(bildung_smallarea_marshall_local(X8, N8, K, decreasing, CHAIN, 14,
                                                  BILDUNG_NAN_RAISE, est, NULL, NULL, NULL, st, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("must not decrease");
    CHECK_STATUS(bildung_smallarea_marshall_local(X8, N8, K, CHAIN_OFFSETS, unknown, 14,
                                                  BILDUNG_NAN_RAISE, est, NULL, NULL, NULL, st, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("area 6 names neighbour 9");
    CHECK(untouched(est, K));

    h_context = "smallarea bad options";
    bo.level = 1.0;
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, &bo, est, lo, hi,
                                                 NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    bo = bildung_beta_binomial_options_default();
    bo.method = INVALID_OPTION;
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, &bo, est, lo, hi,
                                                 NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    bo = bildung_beta_binomial_options_default();
    bo.max_iter = 1;
    CHECK_STATUS(bildung_smallarea_beta_binomial(X8, N8, K, BILDUNG_NAN_RAISE, &bo, est, lo, hi,
                                                 NULL, NULL, NULL),
                 BILDUNG_ERR_DID_NOT_CONVERGE);
    fo.method = INVALID_OPTION;
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, xcov, 1, &fo, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    fo = bildung_fay_herriot_options_default();
    fo.intercept = 2;
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, xcov, 1, &fo, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(untouched(est, K));

    h_context = "fay_herriot bad input";
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, psi, 6, xcov, 1, NULL, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_NEGATIVE_VALUE);
    CHECK_MESSAGE("variance[5]");
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, twice, 2, NULL, est, mse, NULL,
                                               NULL, NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("column 1 of `covariates`");
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, nan_cov, 1, NULL, est, mse, NULL,
                                               NULL, NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 2, xcov, 1, NULL, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("m > p");
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, xcov, 1, NULL, est, mse, NULL, NULL,
                                               beta, NULL, 1, NULL, NULL),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK_MESSAGE("`beta_out` has room for 1 but 2 are needed");
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, xcov, SIZE_MAX, NULL, est, mse, NULL,
                                               NULL, NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    fo = bildung_fay_herriot_options_default();
    fo.max_iter = 1;
    CHECK_STATUS(bildung_smallarea_fay_herriot(y, good_psi, 6, xcov, 1, &fo, est, mse, NULL, NULL,
                                               NULL, NULL, 0, NULL, NULL),
                 BILDUNG_ERR_DID_NOT_CONVERGE);
    CHECK(untouched(est, K));
    h_context = NULL;
}

/* ===================================================================== golden reader */

typedef struct {
    double *v;
    size_t n;
} vec;

typedef struct {
    const char *name;
    const double *v;
    size_t n;
} field;

#define MAX_FIELDS 24

typedef struct {
    bildung_status status;
    field fields[MAX_FIELDS];
    size_t n_fields;
    bildung_area_status *area_status;
    size_t n_areas;
    bildung_flags flags;
    size_t counts[3]; /* n_used, n_dropped, n_empty */
    int has_dropped;
    const char *skip; /* why the case cannot be expressed in C, or NULL */
    double scalars[8];
    double *buffers[10];
} outcome;

static vec numbers(const cJSON *arr) {
    vec out;
    out.v = h_json_numbers(arr, &out.n);
    return out;
}

/* rows of numbers -> row-major matrix; *cols gets the row length */
static vec matrix(const cJSON *rows, size_t *cols) {
    vec out;
    size_t nrows;
    out.v = h_json_matrix(rows, &nrows, cols);
    out.n = nrows * *cols;
    return out;
}

static const char *param_string(const cJSON *params, const char *key, const char *fallback) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

static bildung_nan_policy policy_of(const char *name) {
    if (strcmp(name, "raise") == 0) {
        return BILDUNG_NAN_RAISE;
    }
    if (strcmp(name, "omit") == 0) {
        return BILDUNG_NAN_OMIT;
    }
    if (strcmp(name, "propagate") == 0) {
        return BILDUNG_NAN_PROPAGATE;
    }
    return INVALID_OPTION;
}

static void add_field(outcome *o, const char *name, const double *v, size_t n) {
    if (o->n_fields < MAX_FIELDS) {
        o->fields[o->n_fields].name = name;
        o->fields[o->n_fields].v = v;
        o->fields[o->n_fields].n = n;
        o->n_fields++;
    }
}

static double *area_buffer(outcome *o, size_t slot, size_t n) {
    o->buffers[slot] = (double *)malloc((n > 0 ? n : 1) * sizeof(double));
    return o->buffers[slot];
}

static void run_marshall(const cJSON *c, const cJSON *params, outcome *o) {
    vec x = numbers(cJSON_GetObjectItemCaseSensitive(c, "events"));
    vec n = numbers(cJSON_GetObjectItemCaseSensitive(c, "population"));
    const cJSON *nb = cJSON_GetObjectItemCaseSensitive(c, "neighbours");
    bildung_nan_policy policy = policy_of(param_string(params, "nan_policy", "raise"));
    size_t k = x.n;
    double *est = area_buffer(o, 0, k), *shrink = area_buffer(o, 1, k);
    double *pm = area_buffer(o, 2, k), *pv = area_buffer(o, 3, k);
    bildung_eb_summary s;
    o->area_status = (bildung_area_status *)malloc(k > 0 ? k : 1);
    o->n_areas = k;
    if (cJSON_IsArray(nb)) {
        size_t total = 0, i = 0, j = 0, rows = (size_t)cJSON_GetArraySize(nb);
        size_t *offsets = (size_t *)malloc((rows + 1) * sizeof(size_t));
        size_t *flat;
        const cJSON *row, *item;
        cJSON_ArrayForEach(row, nb) {
            total += (size_t)cJSON_GetArraySize(row);
        }
        flat = (size_t *)malloc((total > 0 ? total : 1) * sizeof(size_t));
        offsets[0] = 0;
        cJSON_ArrayForEach(row, nb) {
            cJSON_ArrayForEach(item, row) {
                flat[j++] = (size_t)item->valuedouble;
            }
            offsets[++i] = j;
        }
        if (rows == k) {
            o->status = bildung_smallarea_marshall_local(x.v, n.v, k, offsets, flat, total, policy,
                                                         est, shrink, pm, pv, o->area_status, &s);
        } else {
            o->skip = "CSR offsets always give one neighbour list per area";
        }
        free(offsets);
        free(flat);
    } else {
        o->status = bildung_smallarea_marshall_global(x.v, n.v, k, policy, est, shrink, pm, pv,
                                                      o->area_status, &s);
    }
    if (x.n != n.n) {
        o->skip = "events and population of different lengths (one n in C)";
    }
    add_field(o, "estimate", est, k);
    add_field(o, "shrinkage", shrink, k);
    add_field(o, "prior_mean", pm, k);
    add_field(o, "prior_variance", pv, k);
    if (o->status == BILDUNG_OK) {
        o->scalars[0] = s.pooled_rate;
        o->scalars[1] = s.between_variance;
        add_field(o, "pooled_rate", &o->scalars[0], 1);
        add_field(o, "between_variance", &o->scalars[1], 1);
        o->flags = s.flags;
        o->counts[0] = s.n_used;
        o->counts[1] = s.n_dropped;
        o->counts[2] = s.n_empty;
        o->has_dropped = 1;
    }
    free(x.v);
    free(n.v);
}

static void run_beta_binomial(const cJSON *c, const cJSON *params, outcome *o) {
    vec x = numbers(cJSON_GetObjectItemCaseSensitive(c, "events"));
    vec n = numbers(cJSON_GetObjectItemCaseSensitive(c, "population"));
    bildung_beta_binomial_options opt = bildung_beta_binomial_options_default();
    const char *method = param_string(params, "method", "ml");
    const cJSON *level = cJSON_GetObjectItemCaseSensitive(params, "level");
    size_t k = x.n;
    double *est = area_buffer(o, 0, k), *lo = area_buffer(o, 1, k);
    double *hi = area_buffer(o, 2, k), *w = area_buffer(o, 3, k);
    bildung_beta_binomial_summary s;
    opt.method = strcmp(method, "ml") == 0        ? BILDUNG_BETA_BINOMIAL_ML
                 : strcmp(method, "moments") == 0 ? BILDUNG_BETA_BINOMIAL_MOMENTS
                                                  : INVALID_OPTION;
    if (cJSON_IsNumber(level)) {
        opt.level = level->valuedouble;
    }
    o->area_status = (bildung_area_status *)malloc(k > 0 ? k : 1);
    o->n_areas = k;
    if (x.n != n.n) {
        o->skip = "events and population of different lengths (one n in C)";
    } else {
        o->status = bildung_smallarea_beta_binomial(
            x.v, n.v, k, policy_of(param_string(params, "nan_policy", "raise")), &opt, est, lo, hi,
            w, o->area_status, &s);
    }
    add_field(o, "estimate", est, k);
    add_field(o, "lower", lo, k);
    add_field(o, "upper", hi, k);
    add_field(o, "shrinkage", w, k);
    if (o->status == BILDUNG_OK) {
        o->scalars[0] = s.alpha;
        o->scalars[1] = s.beta;
        o->scalars[2] = s.rho;
        o->scalars[3] = s.prior_mean;
        o->scalars[4] = s.log_likelihood;
        add_field(o, "alpha", &o->scalars[0], 1);
        add_field(o, "beta", &o->scalars[1], 1);
        add_field(o, "rho", &o->scalars[2], 1);
        add_field(o, "prior_mean", &o->scalars[3], 1);
        add_field(o, "log_likelihood", &o->scalars[4], 1);
        o->flags = s.flags;
        o->counts[0] = s.n_used;
        o->counts[1] = s.n_dropped;
        o->counts[2] = s.n_empty;
        o->has_dropped = 1;
    }
    free(x.v);
    free(n.v);
}

static void run_fay_herriot(const cJSON *c, const cJSON *params, outcome *o) {
    vec y = numbers(cJSON_GetObjectItemCaseSensitive(c, "direct"));
    vec psi = numbers(cJSON_GetObjectItemCaseSensitive(c, "variance"));
    size_t cols = 0;
    vec x = matrix(cJSON_GetObjectItemCaseSensitive(c, "covariates"), &cols);
    bildung_fay_herriot_options opt = bildung_fay_herriot_options_default();
    const char *method = param_string(params, "method", "reml");
    const cJSON *intercept = cJSON_GetObjectItemCaseSensitive(params, "intercept");
    const cJSON *max_iter = cJSON_GetObjectItemCaseSensitive(params, "max_iter");
    size_t k = y.n, p;
    double *est = area_buffer(o, 0, k), *mse = area_buffer(o, 1, k);
    double *gamma = area_buffer(o, 2, k), *syn = area_buffer(o, 3, k);
    double *beta, *se;
    bildung_fay_herriot_summary s;
    opt.method = strcmp(method, "reml") == 0 ? BILDUNG_FAY_HERRIOT_REML
                 : strcmp(method, "ml") == 0 ? BILDUNG_FAY_HERRIOT_ML
                 : strcmp(method, "fh") == 0 ? BILDUNG_FAY_HERRIOT_FH
                 : strcmp(method, "pr") == 0 ? BILDUNG_FAY_HERRIOT_PRASAD_RAO
                                             : INVALID_OPTION;
    if (cJSON_IsBool(intercept)) {
        opt.intercept = cJSON_IsTrue(intercept) ? 1 : 0;
    }
    if (cJSON_IsNumber(max_iter)) {
        opt.max_iter = (size_t)max_iter->valuedouble;
    }
    p = (opt.intercept ? 1 : 0) + cols;
    beta = area_buffer(o, 4, p);
    se = area_buffer(o, 5, p);
    o->area_status = (bildung_area_status *)malloc(k > 0 ? k : 1);
    o->n_areas = k;
    if (y.n != psi.n || (cols > 0 && x.n / cols != k)) {
        o->skip = "inputs of different lengths (one n in C)";
    } else {
        o->status = bildung_smallarea_fay_herriot(y.v, psi.v, k, cols > 0 ? x.v : NULL, cols, &opt,
                                                  est, mse, gamma, syn, beta, se, p,
                                                  o->area_status, &s);
    }
    add_field(o, "estimate", est, k);
    add_field(o, "mse", mse, k);
    add_field(o, "gamma", gamma, k);
    add_field(o, "synthetic", syn, k);
    add_field(o, "beta", beta, p);
    add_field(o, "beta_se", se, p);
    if (o->status == BILDUNG_OK) {
        o->scalars[0] = s.variance_component;
        o->scalars[1] = s.variance_component_se;
        o->scalars[2] = s.log_likelihood;
        o->scalars[3] = s.restricted_log_likelihood;
        add_field(o, "variance_component", &o->scalars[0], 1);
        add_field(o, "variance_component_se", &o->scalars[1], 1);
        add_field(o, "log_likelihood", &o->scalars[2], 1);
        add_field(o, "restricted_log_likelihood", &o->scalars[3], 1);
        o->flags = s.flags;
        o->counts[0] = s.n_used;
        o->counts[2] = s.n_empty;
        o->has_dropped = 0;
    }
    free(y.v);
    free(psi.v);
    free(x.v);
}

static const struct {
    const char *name;
    bildung_area_status code;
} STATUS_NAMES[] = {{"ok", BILDUNG_AREA_OK},
                    {"missing", BILDUNG_AREA_MISSING},
                    {"empty", BILDUNG_AREA_EMPTY},
                    {"no_data", BILDUNG_AREA_NO_DATA}};

static const struct {
    const char *name;
    bildung_flags bit;
} FLAG_NAMES[] = {{"missing_propagated", BILDUNG_FLAG_MISSING_PROPAGATED},
                  {"no_between_variance", BILDUNG_FLAG_NO_BETWEEN_VARIANCE},
                  {"boundary_estimate", BILDUNG_FLAG_BOUNDARY_ESTIMATE}};

typedef struct {
    double abs, rel;
    int has_abs, has_rel;
} sa_tolerance;

static sa_tolerance tolerance_of(const cJSON *t) {
    sa_tolerance out = {0, 0, 0, 0};
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(t, "abs");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(t, "rel");
    if (cJSON_IsNumber(a)) {
        out.abs = a->valuedouble;
        out.has_abs = 1;
    }
    if (cJSON_IsNumber(r)) {
        out.rel = r->valuedouble;
        out.has_rel = 1;
    }
    return out;
}

static int near(double got, double want, const sa_tolerance *t) {
    double diff;
    if (isnan(want)) {
        return isnan(got);
    }
    if (isinf(want) || isnan(got)) {
        return got == want;
    }
    diff = fabs(got - want);
    return diff == 0.0 || (t->has_abs && diff <= t->abs) || (t->has_rel && diff <= t->rel * fabs(want));
}

static int compare_values(const char *key, const field *f, const cJSON *want, const sa_tolerance *t,
                          char *err, size_t len) {
    const cJSON *item;
    size_t i = 0;
    if (cJSON_IsArray(want)) {
        if ((size_t)cJSON_GetArraySize(want) != f->n) {
            snprintf(err, len, "%s: %zu values, expected %d", key, f->n, cJSON_GetArraySize(want));
            return 0;
        }
        cJSON_ArrayForEach(item, want) {
            if (!near(f->v[i], h_json_number(item), t)) {
                snprintf(err, len, "%s[%zu] = %.17g, expected %.17g", key, i, f->v[i], h_json_number(item));
                return 0;
            }
            i++;
        }
        return 1;
    }
    if (cJSON_IsObject(want)) {
        cJSON_ArrayForEach(item, want) {
            size_t idx = (size_t)strtoul(item->string, NULL, 10);
            if (idx >= f->n || !near(f->v[idx], h_json_number(item), t)) {
                snprintf(err, len, "%s[%zu] = %.17g, expected %.17g", key, idx,
                         idx < f->n ? f->v[idx] : NAN, h_json_number(item));
                return 0;
            }
        }
        return 1;
    }
    if (f->n < 1 || !near(f->v[0], h_json_number(want), t)) {
        snprintf(err, len, "%s = %.17g, expected %.17g", key, f->n ? f->v[0] : NAN, h_json_number(want));
        return 0;
    }
    return 1;
}

/* 1 pass, 0 fail */
static int compare(const cJSON *c, const outcome *o, char *err, size_t len) {
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(c, "expected");
    const cJSON *ftol = cJSON_GetObjectItemCaseSensitive(c, "field_tolerance");
    sa_tolerance base = tolerance_of(cJSON_GetObjectItemCaseSensitive(c, "tolerance"));
    const cJSON *item;
    cJSON_ArrayForEach(item, expected) {
        const char *key = item->string;
        sa_tolerance t = base;
        size_t i;
        const cJSON *ft = cJSON_GetObjectItemCaseSensitive(ftol, key);
        if (ft != NULL) {
            t = tolerance_of(ft);
        }
        if (strcmp(key, "status") == 0) {
            const cJSON *s;
            size_t j = 0;
            cJSON_ArrayForEach(s, item) {
                bildung_area_status want = 255;
                for (i = 0; i < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]; i++) {
                    if (strcmp(STATUS_NAMES[i].name, s->valuestring) == 0) {
                        want = STATUS_NAMES[i].code;
                    }
                }
                if (j >= o->n_areas || o->area_status[j] != want) {
                    snprintf(err, len, "status[%zu] is %u, expected %s", j,
                             j < o->n_areas ? (unsigned)o->area_status[j] : 999u, s->valuestring);
                    return 0;
                }
                j++;
            }
            continue;
        }
        if (strcmp(key, "flags") == 0) {
            const cJSON *f;
            bildung_flags want = 0;
            cJSON_ArrayForEach(f, item) {
                for (i = 0; i < sizeof FLAG_NAMES / sizeof FLAG_NAMES[0]; i++) {
                    if (strcmp(FLAG_NAMES[i].name, f->valuestring) == 0) {
                        want |= FLAG_NAMES[i].bit;
                    }
                }
            }
            if (o->flags != want) {
                snprintf(err, len, "flags %u, expected %u", (unsigned)o->flags, (unsigned)want);
                return 0;
            }
            continue;
        }
        if (strcmp(key, "n_used") == 0 || strcmp(key, "n_dropped") == 0 ||
            strcmp(key, "n_empty") == 0) {
            size_t slot = key[2] == 'u' ? 0 : key[2] == 'd' ? 1 : 2;
            if (slot == 1 && !o->has_dropped) {
                continue;
            }
            if ((double)o->counts[slot] != item->valuedouble) {
                snprintf(err, len, "%s = %zu, expected %g", key, o->counts[slot], item->valuedouble);
                return 0;
            }
            continue;
        }
        for (i = 0; i < o->n_fields; i++) {
            if (strcmp(o->fields[i].name, key) == 0) {
                if (!compare_values(key, &o->fields[i], item, &t, err, len)) {
                    return 0;
                }
                break;
            }
        }
        /* a field the C API does not return (rate, g1..g3): not compared */
    }
    return 1;
}

static void run_smallarea_golden(const char *dir) {
    char path[1024], err[512];
    char *text;
    cJSON *root;
    const cJSON *cases, *c;
    int passed = 0, failed = 0, skipped = 0;
    h_context = "smallarea golden";
    snprintf(path, sizeof path, "%s/smallarea.json", dir);
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
    if (root == NULL || !cJSON_IsArray(cases) || cJSON_GetArraySize(cases) == 0) {
        printf("golden FAIL: %s has no `cases`\n", path);
        h_failed++;
        cJSON_Delete(root);
        h_context = NULL;
        return;
    }
    cJSON_ArrayForEach(c, cases) {
        const char *id = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
        const char *fn = cJSON_GetObjectItemCaseSensitive(c, "function")->valuestring;
        const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
        const cJSON *want_error = cJSON_GetObjectItemCaseSensitive(c, "expected_error");
        outcome o;
        int ok;
        size_t i;
        memset(&o, 0, sizeof o);
        err[0] = '\0';
        if (strcmp(fn, "marshall_eb") == 0) {
            run_marshall(c, params, &o);
        } else if (strcmp(fn, "beta_binomial_eb") == 0) {
            run_beta_binomial(c, params, &o);
        } else {
            run_fay_herriot(c, params, &o);
        }
        if (o.skip != NULL) {
            skipped++;
            printf("golden SKIP %s: %s\n", id, o.skip);
            ok = -1;
        } else if (cJSON_IsString(want_error)) {
            bildung_status want = 0;
            ok = h_status_of_kind(want_error->valuestring, &want) && o.status == want;
            if (!ok) {
                snprintf(err, sizeof err, "status %s, expected %s", h_status_name(o.status),
                         want_error->valuestring);
            }
        } else if (o.status != BILDUNG_OK) {
            char msg[256];
            h_last_error(msg, sizeof msg);
            snprintf(err, sizeof err, "status %s: %s", h_status_name(o.status), msg);
            ok = 0;
        } else {
            ok = compare(c, &o, err, sizeof err);
        }
        if (ok > 0) {
            passed++;
        } else if (ok == 0) {
            failed++;
            printf("golden FAIL %s: %s\n", id, err);
        }
        for (i = 0; i < sizeof o.buffers / sizeof o.buffers[0]; i++) {
            free(o.buffers[i]);
        }
        free(o.area_status);
    }
    cJSON_Delete(root);
    h_passed += passed;
    h_failed += failed;
    printf("golden (%s): %d cases, %d passed, %d failed, %d skipped\n", path,
           passed + failed + skipped, passed, failed, skipped);
    h_context = NULL;
}

void run_smallarea_tests(const char *golden_dir) {
    test_marshall();
    test_marshall_edge_cases();
    test_beta_binomial();
    test_fay_herriot();
    test_bad_input();
    if (golden_dir != NULL) {
        run_smallarea_golden(golden_dir);
    }
}
