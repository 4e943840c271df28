/*
 * The composite-index C API (bildung_index_*): the methods.md 5.5 worked example through the
 * chain zscore -> weighted_sum -> restandardise -> classify (printed values, outside the
 * project), NULL pointers, invalid options, outputs untouched on failure, and the golden reader
 * of <golden dir>/index.json (tests/golden/README.md, section "Composite indices"). Length
 * mismatches cannot be expressed in C (one `rows` per table) and are skipped with a message;
 * fields the C API does not return (correlation matrices, class labels of explicit thresholds,
 * n_areas, n_winsorised) are listed per function and not compared. Last, the Berlin MSS 2021
 * classes of all Planungsräume from the published z-values (data/berlin/).
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

/* methods.md 5.5: 8 Planungsräume, shares of three indicators */
static const double POP[8] = {1200, 800, 2500, 400, 1500, 3000, 900, 650};
static const double CHILDREN[8] = {200, 150, 420, 60, 260, 520, 140, 90};
static const double UNEMPLOYED[8] = {60, 70, 100, 40, 45, 300, 30, 65};
static const double TRANSFERS[8] = {110, 130, 210, 75, 80, 520, 60, 115};
static const double POOR[8] = {40, 55, 80, 25, 30, 210, 15, 38};
static const double SUMS[8] = {-1.7028, 1.9477, -2.2214, 3.1492, -3.6287, 2.8016, -3.3450, 2.9994};
static const double INDEX[8] = {-0.5687, 0.6505, -0.7419, 1.0518, -1.2120, 0.9358, -1.1172, 1.0018};
static const int32_t CLASSES[8] = {1, 1, 1, 2, 0, 1, 0, 2};

static void shares(double *x) {
    size_t i;
    for (i = 0; i < 8; i++) {
        x[3 * i] = UNEMPLOYED[i] / POP[i];
        x[3 * i + 1] = TRANSFERS[i] / POP[i];
        x[3 * i + 2] = POOR[i] / CHILDREN[i];
    }
}

static void test_worked_example(void) {
    double x[24], z[24], sum[8], idx[8], w[3], ev[3], ld[3], pw[3], sd = 0, mean = 0;
    int32_t code[8];
    size_t counts[4], i, nref = 0;
    uint32_t unstable = 99;
    char label[32];
    size_t needed = 0;
    bildung_info info;
    shares(x);
    h_context = "methods.md 5.5 chain";
    CHECK_STATUS(bildung_index_zscore(x, 8, 3, NULL, NULL, NULL, NULL, z, NULL, NULL, NULL, NULL,
                                      NULL, &info),
                 BILDUNG_OK);
    CHECK_NEAR(z[3 * 3 + 0], 1.0098, 5e-5);
    CHECK_NEAR(z[3 * 3 + 1], 1.1324, 5e-5);
    CHECK_NEAR(z[3 * 7 + 2], 1.0473, 5e-5);
    CHECK(info.n_used == 8 && info.n_dropped == 0);
    CHECK_STATUS(bildung_index_weighted_sum(z, 8, 3, BILDUNG_INDEX_WEIGHTS_SUM, NULL,
                                            BILDUNG_INDEX_AGGREGATION_LINEAR, BILDUNG_NAN_RAISE,
                                            sum, w, NULL, NULL),
                 BILDUNG_OK);
    for (i = 0; i < 8; i++) {
        CHECK_NEAR(sum[i], SUMS[i], 5e-5);
    }
    CHECK(w[0] == 1.0 && w[2] == 1.0);
    CHECK_STATUS(bildung_index_restandardise(sum, 8, NULL, NULL, NULL, idx, &mean, &sd, &nref,
                                             NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(sd, 2.993972, 5e-7);
    CHECK(nref == 8);
    for (i = 0; i < 8; i++) {
        CHECK_NEAR(idx[i], INDEX[i], 5e-5);
    }
    CHECK_STATUS(bildung_index_classify_scheme(idx, 8, BILDUNG_INDEX_SCHEME_MSS_STATUS,
                                               BILDUNG_NAN_RAISE, code, counts, NULL, NULL),
                 BILDUNG_OK);
    CHECK(memcmp(code, CLASSES, sizeof code) == 0);
    CHECK(counts[0] == 2 && counts[1] == 4 && counts[2] == 2 && counts[3] == 0);
    CHECK_STATUS(bildung_index_scheme_label(BILDUNG_INDEX_SCHEME_MSS_STATUS, code[3], label,
                                            sizeof label, &needed),
                 BILDUNG_OK);
    CHECK(strcmp(label, "niedrig") == 0 && needed == 8);
    CHECK_STATUS(bildung_index_scheme_label(BILDUNG_INDEX_SCHEME_MSS_STATUS, 3, label, 5,
                                            &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == 13);
    CHECK_STATUS(bildung_index_pca_weights(x, 8, 3, NULL, NULL, NULL, 0.5, 0.1, ev, ld, pw, NULL,
                                           &unstable, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(ev[0], 2.988, 5e-4);
    CHECK_NEAR(ev[1], 0.0069, 5e-5);
    CHECK_NEAR(ev[2], 0.0052, 5e-5);
    CHECK_NEAR(ld[1], 0.577, 5e-4);
    CHECK(unstable == 0);
}

static void test_errors(void) {
    double x[6] = {1, 2, 2, 2, 3, 2}, z[6], c[3];
    int32_t code[3];
    bildung_index_options o = bildung_index_options_default();
    size_t i;
    const double nan_x[6] = {1, 2, NAN, 2, 3, 2};
    h_context = "bildung_index errors";
    for (i = 0; i < 6; i++) {
        z[i] = SENTINEL;
    }
    /* indicator 1 is constant: undefined, outputs untouched, the message names the column */
    CHECK_STATUS(bildung_index_zscore(x, 3, 2, NULL, NULL, NULL, &o, z, NULL, NULL, NULL, NULL,
                                      NULL, NULL),
                 BILDUNG_ERR_UNDEFINED);
    CHECK_MESSAGE("column 1");
    CHECK(z[0] == SENTINEL && z[5] == SENTINEL);
    CHECK_STATUS(bildung_index_zscore(nan_x, 3, 2, NULL, NULL, NULL, NULL, z, NULL, NULL, NULL,
                                      NULL, NULL, NULL),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_MESSAGE("x[2]");
    CHECK_STATUS(bildung_index_zscore(NULL, 3, 2, NULL, NULL, NULL, NULL, z, NULL, NULL, NULL,
                                      NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_index_zscore(x, 3, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                      NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    o.ddof = 7;
    CHECK_STATUS(bildung_index_zscore(x, 3, 1, NULL, NULL, NULL, &o, z, NULL, NULL, NULL, NULL,
                                      NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    o = bildung_index_options_default();
    o.min_population = 300; /* without population */
    CHECK_STATUS(bildung_index_zscore(x, 3, 1, NULL, NULL, NULL, &o, z, NULL, NULL, NULL, NULL,
                                      NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_index_weighted_sum(x, 3, 2, 9, NULL, 0, BILDUNG_NAN_RAISE, c, NULL,
                                            NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_index_weighted_sum(x, 3, 2, BILDUNG_INDEX_WEIGHTS_USER, NULL, 0,
                                            BILDUNG_NAN_RAISE, c, NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_index_classify_scheme(x, 3, 5, BILDUNG_NAN_RAISE, code, NULL, NULL,
                                               NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_index_cross_classify((const int32_t[]){0, 4}, 4,
                                              (const int32_t[]){0, 0}, 3, 2, code, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
}

/* ============================================================================ golden */

enum { F_DOUBLE, F_INT, F_SIZE, F_BOOL, F_STATUS };

typedef struct {
    const char *key;
    int kind;
    const void *data;
    size_t n;
} field;

typedef struct {
    field f[24];
    size_t k;
    const char *skip;             /* why the case cannot be expressed in C, or NULL */
    const char *ignored[8];       /* expected keys the C API does not return */
    /* buffers owned by the case */
    double *d[16];
    size_t nd;
} outputs;

static double *alloc_d(outputs *o, size_t n) {
    double *p = (double *)malloc((n > 0 ? n : 1) * sizeof(double));
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = SENTINEL;
    }
    o->d[o->nd++] = p;
    return p;
}

static void put(outputs *o, const char *key, int kind, const void *data, size_t n) {
    o->f[o->k].key = key;
    o->f[o->k].kind = kind;
    o->f[o->k].data = data;
    o->f[o->k].n = n;
    o->k++;
}

static void ignore(outputs *o, const char *key) {
    size_t i;
    for (i = 0; i < 8; i++) {
        if (o->ignored[i] == NULL) {
            o->ignored[i] = key;
            return;
        }
    }
}

static const char *STATUS_NAMES[] = {"ok", "missing", "empty", "undefined", "no_data"};

static bildung_nan_policy policy_of(const cJSON *params) {
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(params, "nan_policy");
    if (cJSON_IsString(p)) {
        if (strcmp(p->valuestring, "omit") == 0) {
            return BILDUNG_NAN_OMIT;
        }
        if (strcmp(p->valuestring, "propagate") == 0) {
            return BILDUNG_NAN_PROPAGATE;
        }
    }
    return BILDUNG_NAN_RAISE;
}

static double number_or(const cJSON *obj, const char *key, double fallback) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

static int bool_or(const cJSON *obj, const char *key, int fallback) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

static bildung_index_options options_of(const cJSON *params) {
    bildung_index_options o = bildung_index_options_default();
    o.ddof = (uint32_t)number_or(params, "ddof", 1);
    o.weighted = (uint32_t)bool_or(params, "weighted", 0);
    o.min_population = number_or(params, "min_population", NAN);
    o.winsorize = number_or(params, "winsorize", NAN);
    o.centre = (uint32_t)bool_or(params, "centre", 1);
    o.nan_policy = policy_of(params);
    return o;
}

/* A JSON array of numbers (or NULL when absent / null); *n gets its length. */
static double *numbers(outputs *o, const cJSON *obj, const char *key, size_t *n) {
    double *v = h_json_numbers(cJSON_GetObjectItemCaseSensitive(obj, key), n);
    if (v != NULL) {
        o->d[o->nd++] = v;
    }
    return v;
}

static double *table(outputs *o, const cJSON *obj, const char *key, size_t *rows, size_t *cols) {
    double *v = h_json_matrix(cJSON_GetObjectItemCaseSensitive(obj, key), rows, cols);
    if (v != NULL) {
        o->d[o->nd++] = v;
    }
    return v;
}

/* The reference mask as bytes (NULL when absent); stored in a double buffer's memory. */
static const uint8_t *mask(outputs *o, const cJSON *inputs, size_t rows) {
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(inputs, "reference");
    const cJSON *item;
    uint8_t *b;
    size_t i = 0;
    if (!cJSON_IsArray(m)) {
        return NULL;
    }
    b = (uint8_t *)alloc_d(o, rows);
    cJSON_ArrayForEach(item, m) {
        b[i++] = (uint8_t)cJSON_IsTrue(item);
    }
    return b;
}

/* The threshold values and boundary rules of a case (presets resolved by the caller). */
static size_t thresholds_of(outputs *o, const cJSON *params, double **t, uint32_t *b) {
    size_t n = 0, i;
    const cJSON *bd = cJSON_GetObjectItemCaseSensitive(params, "boundary");
    *t = numbers(o, params, "thresholds", &n);
    for (i = 0; i < n && i < 8; i++) {
        const char *name = "lower";
        if (cJSON_IsString(bd)) {
            name = bd->valuestring;
        } else if (cJSON_IsArray(bd)) {
            name = cJSON_GetArrayItem(bd, (int)i)->valuestring;
        }
        b[i] = strcmp(name, "upper") == 0 ? BILDUNG_BOUNDARY_UPPER : BILDUNG_BOUNDARY_LOWER;
    }
    return n;
}

static int scheme_of(const cJSON *params, const char *key, bildung_index_scheme *s) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
    if (!cJSON_IsString(v)) {
        return 0;
    }
    *s = strcmp(v->valuestring, "mss_status") == 0 ? BILDUNG_INDEX_SCHEME_MSS_STATUS
                                                   : BILDUNG_INDEX_SCHEME_MSS_DYNAMICS;
    return 1;
}

/* Run one case; returns its status and fills `o`. */
static bildung_status run_case(const cJSON *c, outputs *o) {
    const char *f = cJSON_GetObjectItemCaseSensitive(c, "function")->valuestring;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "inputs");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "params");
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "expected_error"));
    bildung_index_options opt = options_of(p);
    bildung_nan_policy pol = policy_of(p);
    static bildung_info info;
    size_t rows = 0, cols = 0, n = 0, np = 0;
    double *x, *pop, *v;
    const uint8_t *ref;
    static bildung_area_status st[512];
    static int32_t code[512], code2[512], code3[512];
    static size_t counts[64], sizes[64];
    static uint8_t bytes[512];
    static uint32_t bits;
    memset(&info, 0, sizeof info);
    if (kind != NULL && strcmp(kind, "ShapeMismatch") == 0) {
        o->skip = "inputs of different lengths (one rows / cols per table in C)";
        return BILDUNG_OK;
    }
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(p, "labels"))) {
        o->skip = "class labels are not passed to C (codes only)";
        return BILDUNG_OK;
    }
    pop = numbers(o, in, "population", &np);
    if (strcmp(f, "zscore") == 0 || strcmp(f, "min_max") == 0 ||
        strcmp(f, "percentile_rank") == 0 || strcmp(f, "pca_weights") == 0 ||
        strcmp(f, "weighted_sum") == 0 || strcmp(f, "aggregate_weighted") == 0) {
        x = table(o, in, "x", &rows, &cols);
        ref = mask(o, in, rows);
        if (strcmp(f, "zscore") == 0) {
            double *z = alloc_d(o, rows * cols), *mean = alloc_d(o, cols), *sd = alloc_d(o, cols);
            double *pl = numbers(o, p, "polarity", &n);
            bildung_status s = bildung_index_zscore(x, rows, cols, ref, pop, pl, &opt, z, mean, sd,
                                                    sizes, bytes, st, &info);
            put(o, "values", F_DOUBLE, z, rows * cols);
            put(o, "mean", F_DOUBLE, mean, cols);
            put(o, "sd", F_DOUBLE, sd, cols);
            put(o, "n_reference", F_SIZE, sizes, cols);
            put(o, "in_reference", F_BOOL, bytes, rows);
            put(o, "status", F_STATUS, st, rows);
            put(o, "n_used", F_SIZE, &info.n_used, 1);
            put(o, "n_dropped", F_SIZE, &info.n_dropped, 1);
            ignore(o, "n_winsorised");
            return s;
        }
        if (strcmp(f, "min_max") == 0) {
            double *val = alloc_d(o, rows * cols), *lo = alloc_d(o, cols), *hi = alloc_d(o, cols);
            double *pl = numbers(o, p, "polarity", &n);
            bildung_status s = bildung_index_min_max(x, rows, cols, ref, pop, pl, &opt, val, lo,
                                                     hi, st, &info);
            put(o, "values", F_DOUBLE, val, rows * cols);
            put(o, "min", F_DOUBLE, lo, cols);
            put(o, "max", F_DOUBLE, hi, cols);
            return s;
        }
        if (strcmp(f, "percentile_rank") == 0) {
            double *pct = alloc_d(o, rows * cols), *rk = alloc_d(o, rows * cols);
            double *pl = numbers(o, p, "polarity", &n);
            bildung_status s = bildung_index_percentile_rank(x, rows, cols, ref, pop, pl, &opt, pct,
                                                             rk, st, &info);
            put(o, "percentile", F_DOUBLE, pct, rows * cols);
            put(o, "rank", F_DOUBLE, rk, rows * cols);
            return s;
        }
        if (strcmp(f, "pca_weights") == 0) {
            double *ev = alloc_d(o, cols), *ld = alloc_d(o, cols), *w = alloc_d(o, cols);
            double *ex = alloc_d(o, cols);
            static uint8_t flags3[3];
            bildung_status s = bildung_index_pca_weights(
                x, rows, cols, ref, pop, &opt, number_or(p, "min_share", 0.5),
                number_or(p, "min_gap", 0.1), ev, ld, w, ex, &bits, &info);
            flags3[0] = (bits & BILDUNG_INDEX_PCA_LOW_SHARE) != 0;
            flags3[1] = (bits & BILDUNG_INDEX_PCA_CLOSE_EIGENVALUES) != 0;
            flags3[2] = bits != 0;
            put(o, "eigenvalues", F_DOUBLE, ev, cols);
            put(o, "loadings", F_DOUBLE, ld, cols);
            put(o, "weights", F_DOUBLE, w, cols);
            put(o, "explained", F_DOUBLE, ex, cols);
            put(o, "low_share", F_BOOL, &flags3[0], 1);
            put(o, "close_eigenvalues", F_BOOL, &flags3[1], 1);
            put(o, "unstable", F_BOOL, &flags3[2], 1);
            put(o, "n_used", F_SIZE, &info.n_used, 1);
            ignore(o, "correlation");
            return s;
        }
        if (strcmp(f, "weighted_sum") == 0) {
            const cJSON *w = cJSON_GetObjectItemCaseSensitive(p, "weights");
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(p, "method");
            bildung_index_weights kindw = BILDUNG_INDEX_WEIGHTS_EQUAL;
            double *uw = NULL, *val = alloc_d(o, rows), *wout = alloc_d(o, cols);
            bildung_status s;
            if (cJSON_IsString(w) && strcmp(w->valuestring, "sum") == 0) {
                kindw = BILDUNG_INDEX_WEIGHTS_SUM;
            } else if (cJSON_IsArray(w)) {
                kindw = BILDUNG_INDEX_WEIGHTS_USER;
                uw = numbers(o, p, "weights", &n);
            }
            s = bildung_index_weighted_sum(
                x, rows, cols, kindw, uw,
                cJSON_IsString(m) && strcmp(m->valuestring, "geometric") == 0
                    ? BILDUNG_INDEX_AGGREGATION_GEOMETRIC
                    : BILDUNG_INDEX_AGGREGATION_LINEAR,
                pol, val, wout, st, &info);
            put(o, "values", F_DOUBLE, val, rows);
            put(o, "weights", F_DOUBLE, wout, cols);
            put(o, "status", F_STATUS, st, rows);
            return s;
        }
        {
            /* aggregate_weighted */
            size_t npar = (size_t)number_or(p, "n_parents", 0), k = 0;
            static int64_t parent[512];
            const cJSON *item;
            double *w = numbers(o, in, "weights", &n);
            double *val = alloc_d(o, npar * cols), *tw = alloc_d(o, npar);
            bildung_status s;
            cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(in, "parent")) {
                parent[k++] = (int64_t)item->valuedouble;
            }
            s = bildung_index_aggregate_weighted(x, rows, cols, parent, w, npar, pol, val, tw, st,
                                                 &info);
            put(o, "values", F_DOUBLE, val, npar * cols);
            put(o, "total_weight", F_DOUBLE, tw, npar);
            put(o, "status", F_STATUS, st, npar);
            ignore(o, "n_areas");
            return s;
        }
    }
    if (strcmp(f, "restandardise") == 0) {
        double *out, mean = SENTINEL, sd = SENTINEL;
        static double scalars[2];
        static size_t nref;
        bildung_status s;
        v = numbers(o, in, "values", &n);
        ref = mask(o, in, n);
        out = alloc_d(o, n);
        s = bildung_index_restandardise(v, n, ref, pop, &opt, out, &mean, &sd, &nref, st, &info);
        scalars[0] = mean;
        scalars[1] = sd;
        put(o, "values", F_DOUBLE, out, n);
        put(o, "mean", F_DOUBLE, &scalars[0], 1);
        put(o, "sd", F_DOUBLE, &scalars[1], 1);
        put(o, "n_reference", F_SIZE, &nref, 1);
        return s;
    }
    if (strcmp(f, "classify") == 0 || strcmp(f, "classify_quantiles") == 0 ||
        strcmp(f, "classify_equal_width") == 0 || strcmp(f, "classify_sd") == 0) {
        double *t = NULL, *tout;
        uint32_t bd[8];
        size_t nt = 0, classes;
        bildung_index_scheme sch;
        int preset = scheme_of(p, "scheme", &sch);
        bildung_status s;
        v = numbers(o, in, "values", &n);
        ref = mask(o, in, n);
        tout = alloc_d(o, 16);
        if (strcmp(f, "classify") == 0) {
            if (preset) {
                s = bildung_index_classify_scheme(v, n, sch, pol, code, counts, st, &info);
                classes = sch == BILDUNG_INDEX_SCHEME_MSS_STATUS ? 4 : 3;
            } else {
                nt = thresholds_of(o, p, &t, bd);
                s = bildung_index_classify(v, n, t, nt, bd, pol, code, counts, st, &info);
                classes = nt + 1;
                ignore(o, "labels");
                ignore(o, "thresholds");
            }
        } else if (strcmp(f, "classify_quantiles") == 0) {
            double *pr = numbers(o, p, "probabilities", &nt);
            s = bildung_index_classify_quantiles(v, n, ref, pop, &opt, pr, nt, code, tout, counts,
                                                 st, &info);
            classes = nt + 1;
            put(o, "thresholds", F_DOUBLE, tout, nt);
            ignore(o, "labels");
        } else if (strcmp(f, "classify_equal_width") == 0) {
            size_t stages = (size_t)number_or(p, "stages", 0);
            s = bildung_index_classify_equal_width(v, n, ref, pop, &opt, stages,
                                                   number_or(p, "top_share", NAN), code, tout,
                                                   counts, st, &info);
            classes = stages;
            put(o, "thresholds", F_DOUBLE, tout, stages > 0 ? stages - 1 : 0);
            ignore(o, "labels");
        } else {
            static const double mss_status[3] = {-1.0, 1.0, 1.5};
            static const uint32_t mss_status_b[3] = {BILDUNG_BOUNDARY_UPPER,
                                                     BILDUNG_BOUNDARY_LOWER,
                                                     BILDUNG_BOUNDARY_LOWER};
            if (preset) {
                /* the MSS status scheme in SD units (the only preset the cases use here) */
                CHECK(sch == BILDUNG_INDEX_SCHEME_MSS_STATUS);
                s = bildung_index_classify_sd(v, n, ref, pop, &opt, mss_status, 3, mss_status_b,
                                              code, tout, counts, st, &info);
                nt = 3;
            } else {
                nt = thresholds_of(o, p, &t, bd);
                s = bildung_index_classify_sd(v, n, ref, pop, &opt, t, nt, bd, code, tout, counts,
                                              st, &info);
            }
            classes = nt + 1;
            put(o, "thresholds", F_DOUBLE, tout, nt);
            ignore(o, "labels");
        }
        put(o, "code", F_INT, code, n);
        put(o, "counts", F_SIZE, counts, classes);
        put(o, "status", F_STATUS, st, n);
        if (preset && s == BILDUNG_OK) {
            ignore(o, "labels"); /* checked below through bildung_index_scheme_label */
        }
        return s;
    }
    if (strcmp(f, "cross_classify") == 0) {
        size_t nb = 0;
        bildung_index_scheme sa = 0, sb = 1;
        double *a = numbers(o, in, "a", &n), *b = numbers(o, in, "b", &nb);
        bildung_status s;
        scheme_of(p, "scheme_a", &sa);
        scheme_of(p, "scheme_b", &sb);
        s = bildung_index_classify_scheme(a, n, sa, pol, code2, NULL, NULL, NULL);
        if (s != BILDUNG_OK) {
            return s;
        }
        s = bildung_index_classify_scheme(b, nb, sb, pol, code3, NULL, NULL, NULL);
        if (s != BILDUNG_OK) {
            return s;
        }
        s = bildung_index_cross_classify(code2, 4, code3, 3, n, code, counts, &info);
        put(o, "code", F_INT, code, n);
        put(o, "counts", F_SIZE, counts, 12);
        ignore(o, "labels");
        return s;
    }
    if (strcmp(f, "status_dynamics") == 0) {
        size_t sc = 0, dc = 0, dr = 0;
        double *s_in = table(o, in, "status", &rows, &sc);
        double *d_in = table(o, in, "dynamics", &dr, &dc);
        double *ssum = alloc_d(o, rows), *sidx = alloc_d(o, rows), *dsum = alloc_d(o, rows);
        double *didx = alloc_d(o, rows), *sd = alloc_d(o, 2);
        static int32_t scode[512], dcode[512], gcode[512];
        bildung_status s;
        (void)dr; /* one rows in C: length mismatches are skipped above */
        opt.centre = (uint32_t)bool_or(p, "centre_index", 1);
        ref = mask(o, in, rows);
        s = bildung_index_status_dynamics(s_in, sc, d_in, dc, rows, ref, pop, &opt,
                                          (uint32_t)bool_or(p, "standardise", 1), NULL, NULL, ssum,
                                          sidx, scode, dsum, didx, dcode, gcode, sd, &info);
        put(o, "status_sum", F_DOUBLE, ssum, rows);
        put(o, "status_index", F_DOUBLE, sidx, rows);
        put(o, "status_code", F_INT, scode, rows);
        put(o, "status_sd", F_DOUBLE, &sd[0], 1);
        put(o, "dynamics_sum", F_DOUBLE, dsum, rows);
        put(o, "dynamics_index", F_DOUBLE, didx, rows);
        put(o, "dynamics_code", F_INT, dcode, rows);
        put(o, "dynamics_sd", F_DOUBLE, &sd[1], 1);
        put(o, "group_code", F_INT, gcode, rows);
        return s;
    }
    o->skip = "unknown function";
    return BILDUNG_OK;
}

/* Compare the expected JSON (numbers, nulls = not checked, nested rows) with one output. */
static int compare_field(const cJSON *want, const field *g, double abs_tol, double rel_tol,
                         const char *id) {
    const cJSON *flat[4096];
    size_t n = 0, i;
    int ok = 1;
    /* flatten nested arrays row-major (a scalar is one element) */
    if (cJSON_IsArray(want)) {
        const cJSON *item, *inner;
        cJSON_ArrayForEach(item, want) {
            if (cJSON_IsArray(item)) {
                cJSON_ArrayForEach(inner, item) {
                    if (n < 4096) {
                        flat[n++] = inner;
                    }
                }
            } else if (n < 4096) {
                flat[n++] = item;
            }
        }
    } else {
        flat[n++] = want;
    }
    if (n != g->n) {
        printf("FAIL golden %s.%s: %zu values expected, %zu returned\n", id, g->key, n, g->n);
        return 0;
    }
    for (i = 0; i < n; i++) {
        const cJSON *w = flat[i];
        if (cJSON_IsNull(w)) {
            continue;
        }
        switch (g->kind) {
        case F_DOUBLE: {
            double wv = h_json_number(w), gv = ((const double *)g->data)[i];
            int good = isnan(wv) ? isnan(gv)
                                 : (!isnan(gv) && (fabs(wv - gv) <= abs_tol ||
                                                   fabs(wv - gv) <= rel_tol * fabs(wv)));
            if (!good) {
                printf("FAIL golden %s.%s[%zu]: want %.17g, got %.17g\n", id, g->key, i, wv, gv);
                ok = 0;
            }
            break;
        }
        case F_INT:
            if ((int32_t)w->valuedouble != ((const int32_t *)g->data)[i]) {
                printf("FAIL golden %s.%s[%zu]: want %d, got %d\n", id, g->key, i,
                       (int)w->valuedouble, (int)((const int32_t *)g->data)[i]);
                ok = 0;
            }
            break;
        case F_SIZE:
            if ((size_t)w->valuedouble != ((const size_t *)g->data)[i]) {
                printf("FAIL golden %s.%s[%zu]: want %g, got %zu\n", id, g->key, i,
                       w->valuedouble, ((const size_t *)g->data)[i]);
                ok = 0;
            }
            break;
        case F_BOOL:
            if (cJSON_IsTrue(w) != (((const uint8_t *)g->data)[i] != 0)) {
                printf("FAIL golden %s.%s[%zu]: boolean differs\n", id, g->key, i);
                ok = 0;
            }
            break;
        default: {
            unsigned s = ((const bildung_area_status *)g->data)[i];
            if (s > 4 || !cJSON_IsString(w) || strcmp(w->valuestring, STATUS_NAMES[s]) != 0) {
                printf("FAIL golden %s.%s[%zu]: status differs\n", id, g->key, i);
                ok = 0;
            }
        }
        }
    }
    return ok;
}

static int check_labels(const cJSON *c) {
    /* preset labels through bildung_index_scheme_label */
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "params");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(c, "expected"), "labels");
    const cJSON *item;
    bildung_index_scheme s;
    char buf[32];
    int k = 0, ok = 1;
    if (!cJSON_IsArray(want) || !scheme_of(p, "scheme", &s) ||
        strcmp(cJSON_GetObjectItemCaseSensitive(c, "function")->valuestring, "classify") != 0) {
        return 1;
    }
    cJSON_ArrayForEach(item, want) {
        if (bildung_index_scheme_label(s, k, buf, sizeof buf, NULL) != BILDUNG_OK ||
            strcmp(buf, item->valuestring) != 0) {
            ok = 0;
        }
        k++;
    }
    return ok;
}

static void free_outputs(outputs *o) {
    size_t i;
    for (i = 0; i < o->nd; i++) {
        free(o->d[i]);
    }
}

static void run_golden(const char *dir) {
    char path[1024];
    char *text;
    cJSON *doc;
    const cJSON *c;
    int passed = 0, failed = 0, skipped = 0;
    snprintf(path, sizeof path, "%s/index.json", dir);
    h_context = "golden index.json";
    text = h_read_file(path);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    doc = cJSON_Parse(text);
    free(text);
    CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
        const char *id = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
        const char *kind =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "expected_error"));
        outputs o;
        bildung_status s;
        int ok = 1;
        memset(&o, 0, sizeof o);
        s = run_case(c, &o);
        if (o.skip != NULL) {
            skipped++;
            printf("golden SKIP %s: %s\n", id, o.skip);
            free_outputs(&o);
            continue;
        }
        if (kind != NULL) {
            bildung_status want = 0;
            const cJSON *ei = cJSON_GetObjectItemCaseSensitive(c, "error_index");
            ok = h_status_of_kind(kind, &want) && s == want;
            if (ok && cJSON_IsNumber(ei)) {
                char msg[512], needle[32];
                h_last_error(msg, sizeof msg);
                snprintf(needle, sizeof needle, "[%d]", (int)ei->valuedouble);
                ok = strstr(msg, needle) != NULL;
            }
            if (!ok) {
                printf("FAIL golden %s: want %s, got %s\n", id, kind, h_status_name(s));
            }
        } else if (s != BILDUNG_OK) {
            char msg[512];
            h_last_error(msg, sizeof msg);
            printf("FAIL golden %s: %s (%s)\n", id, h_status_name(s), msg);
            ok = 0;
        } else {
            const cJSON *tol = cJSON_GetObjectItemCaseSensitive(c, "tolerance");
            const cJSON *ftol = cJSON_GetObjectItemCaseSensitive(c, "field_tolerance");
            const cJSON *want;
            cJSON_ArrayForEach(want, cJSON_GetObjectItemCaseSensitive(c, "expected")) {
                size_t k;
                int found = 0;
                const cJSON *t = cJSON_GetObjectItemCaseSensitive(ftol, want->string);
                if (t == NULL) {
                    t = tol;
                }
                for (k = 0; k < o.k; k++) {
                    if (strcmp(o.f[k].key, want->string) == 0) {
                        found = 1;
                        ok &= compare_field(want, &o.f[k], number_or(t, "abs", 0),
                                            number_or(t, "rel", 0), id);
                    }
                }
                for (k = 0; k < 8 && !found; k++) {
                    found = o.ignored[k] != NULL && strcmp(o.ignored[k], want->string) == 0;
                }
                if (!found) {
                    printf("FAIL golden %s.%s: not produced by the C reader\n", id, want->string);
                    ok = 0;
                }
            }
            ok &= check_labels(c);
        }
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        h_record(ok, __FILE__, __LINE__, id);
        free_outputs(&o);
    }
    printf("golden (%s): %d passed, %d failed, %d skipped\n", path, passed, failed, skipped);
    CHECK(passed >= 70);
    cJSON_Delete(doc);
}

/* ====================================================================== Berlin MSS 2021 */

#define PLR 542

static int class_code(const char *label, const char *const *labels, int n) {
    int k;
    for (k = 0; k < n; k++) {
        if (strcmp(label, labels[k]) == 0) {
            return k;
        }
    }
    return -1;
}

/* Split `line` at ';' in place into at most `max` fields; returns the number of fields. */
static int split(char *line, char **fields, int max) {
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        p = strchr(p, ';');
        if (p == NULL) {
            break;
        }
        *p++ = '\0';
    }
    return n;
}

/*
 * The published MSS 2021 classes of all 542 Planungsräume from the published z-values
 * (data/berlin/, see data/README.md; the same test as bildung-core/tests/berlin_mss.rs):
 * sums of zS1, zS3, zS4 (zD1, zD3, zD4), divided by their SD with divisor n over the PLR with at
 * least 300 residents and values, MSS thresholds; every class as published.
 */
static void test_berlin(const char *golden_dir) {
    static const char *const STATUS[4] = {"hoch", "mittel", "niedrig", "sehr niedrig"};
    static const char *const DYNAMICS[3] = {"positiv", "stabil", "negativ"};
    static double status[PLR * 3], dynamics[PLR * 3], residents[PLR];
    static int32_t want_s[PLR], want_d[PLR], got_s[PLR], got_d[PLR], group[PLR];
    char path[1024], *text, *line, *next, *f[16];
    size_t rows = 0, i, mismatches = 0, counts_s[4] = {0}, counts_d[3] = {0};
    double sd[2];
    bildung_index_options o = bildung_index_options_default();
    bildung_info info;
    h_context = "Berlin MSS 2021";
    snprintf(path, sizeof path, "%s/../../data/berlin/mss_2021_index-indikatoren_z-werte_plr.csv",
             golden_dir);
    text = h_read_file(path);
    CHECK(text != NULL);
    if (text == NULL) {
        return;
    }
    line = strstr(text, "\r\n"); /* skip the header */
    while (line != NULL && rows < PLR) {
        int k;
        line += 2;
        next = strstr(line, "\r\n");
        if (next != NULL) {
            *next = '\0';
        }
        if (*line == '\0' || split(line, f, 16) != 15) {
            break;
        }
        residents[rows] = strtod(f[2], NULL);
        for (k = 0; k < 3; k++) {
            status[rows * 3 + k] = *f[3 + k] ? strtod(f[3 + k], NULL) : NAN;
            dynamics[rows * 3 + k] = *f[9 + k] ? strtod(f[9 + k], NULL) : NAN;
        }
        want_s[rows] = class_code(f[8], STATUS, 4);
        want_d[rows] = class_code(f[14], DYNAMICS, 3);
        rows++;
        line = next;
    }
    free(text);
    CHECK(rows == PLR);
    o.ddof = 0;
    o.centre = 0;
    o.min_population = 300;
    o.nan_policy = BILDUNG_NAN_OMIT;
    CHECK_STATUS(bildung_index_status_dynamics(status, 3, dynamics, 3, rows, NULL, residents, &o,
                                               0, NULL, NULL, NULL, NULL, got_s, NULL, NULL, got_d,
                                               group, sd, &info),
                 BILDUNG_OK);
    for (i = 0; i < rows; i++) {
        mismatches += got_s[i] != want_s[i] || got_d[i] != want_d[i];
        if (got_s[i] >= 0) {
            counts_s[got_s[i]]++;
        }
        if (got_d[i] >= 0) {
            counts_d[got_d[i]]++;
        }
    }
    CHECK(mismatches == 0);
    CHECK(counts_s[0] == 75 && counts_s[1] == 366 && counts_s[2] == 46 && counts_s[3] == 49);
    CHECK(counts_d[0] == 48 && counts_d[1] == 436 && counts_d[2] == 52);
    CHECK(info.n_used == 536 && info.n_dropped == 6);
    CHECK_NEAR(sd[0], 2.958, 0.01); /* published sum / published index ~ 2.955 */
    printf("Berlin MSS 2021: %zu PLR, %zu class mismatches\n", rows, mismatches);
}

void run_index_tests(const char *golden_dir) {
    test_worked_example();
    test_errors();
    if (golden_dir != NULL) {
        run_golden(golden_dir);
        test_berlin(golden_dir);
    }
}
