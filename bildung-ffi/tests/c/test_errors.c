/*
 * Bad input through the C API: every measure with NULL pointers, NaN under each policy, infinity,
 * negative values and weights, empty input, zero weights, invalid option integers; outputs stay
 * untouched on failure; the last error message names the problem; the buffer-size protocols;
 * status texts; versions.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define SENTINEL (-12345.0)
#define INFO_SENTINEL 777u
#define N 5

/* Every measure behind one signature; `g` is used by the decompositions only, whose `out` is
 * the total and whose info fields are copied from the summary. */
typedef bildung_status (*measure_call)(const double *x, const double *w, const int64_t *g,
                                       size_t n, bildung_nan_policy policy, double *out,
                                       bildung_info *info);

typedef struct {
    const char *name;
    measure_call call;
    int allows_zero; /* whether one zero value in X is fine (MLD, S80/S20: undefined) */
} measure;

static bildung_status m_gini(const double *x, const double *w, const int64_t *g, size_t n,
                             bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_gini(x, w, n, policy, BILDUNG_GINI_CORRECTION_NONE, out, info);
}

static bildung_status m_hoover(const double *x, const double *w, const int64_t *g, size_t n,
                               bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_hoover(x, w, n, policy, out, info);
}

static bildung_status m_theil(const double *x, const double *w, const int64_t *g, size_t n,
                              bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_theil(x, w, n, policy, out, info);
}

static bildung_status m_mld(const double *x, const double *w, const int64_t *g, size_t n,
                            bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_mean_log_deviation(x, w, n, policy, out, info);
}

static bildung_status m_ge(const double *x, const double *w, const int64_t *g, size_t n,
                           bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_generalized_entropy(x, w, n, policy, 2.0, out, info);
}

static bildung_status m_atkinson(const double *x, const double *w, const int64_t *g, size_t n,
                                 bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_atkinson(x, w, n, policy, 0.5, out, info);
}

static bildung_status m_cv(const double *x, const double *w, const int64_t *g, size_t n,
                           bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_coefficient_of_variation(x, w, n, policy, BILDUNG_VARIANCE_POPULATION, out,
                                            info);
}

static bildung_status m_palma(const double *x, const double *w, const int64_t *g, size_t n,
                              bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_palma(x, w, n, policy, out, info);
}

static bildung_status m_s80_s20(const double *x, const double *w, const int64_t *g, size_t n,
                                bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_s80_s20(x, w, n, policy, out, info);
}

static bildung_status m_quantile(const double *x, const double *w, const int64_t *g, size_t n,
                                 bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_quantile(x, w, n, policy, 0.5, BILDUNG_QUANTILE_LINEAR, out, info);
}

static bildung_status m_quantiles(const double *x, const double *w, const int64_t *g, size_t n,
                                  bildung_nan_policy policy, double *out, bildung_info *info) {
    static const double p[1] = {0.5};
    (void)g;
    return bildung_quantiles(x, w, n, policy, p, 1, BILDUNG_QUANTILE_LINEAR, out, info);
}

static bildung_status m_percentile_ratio(const double *x, const double *w, const int64_t *g,
                                         size_t n, bildung_nan_policy policy, double *out,
                                         bildung_info *info) {
    (void)g;
    return bildung_percentile_ratio(x, w, n, policy, 0.9, 0.1, BILDUNG_QUANTILE_LINEAR, out,
                                    info);
}

static bildung_status m_wolfson(const double *x, const double *w, const int64_t *g, size_t n,
                                bildung_nan_policy policy, double *out, bildung_info *info) {
    (void)g;
    return bildung_wolfson(x, w, n, policy, BILDUNG_QUANTILE_LINEAR, out, info);
}

/* A summary that carries the caller's current out/info values, so "untouched" stays visible. */
static bildung_decomposition carry_in(const double *out, const bildung_info *info) {
    bildung_decomposition d;
    d.total = out != NULL ? *out : SENTINEL;
    d.within = SENTINEL;
    d.between = SENTINEL;
    d.overlap = SENTINEL;
    d.n_groups = 999;
    d.n_used = info != NULL ? info->n_used : 999;
    d.n_dropped = info != NULL ? info->n_dropped : 999;
    d.n_empty = info != NULL ? info->n_empty : 999;
    d.flags = info != NULL ? info->flags : 999;
    return d;
}

static void carry_out(const bildung_decomposition *d, double *out, bildung_info *info) {
    if (out != NULL) {
        *out = d->total;
    }
    if (info != NULL) {
        info->n_used = d->n_used;
        info->n_dropped = d->n_dropped;
        info->n_empty = d->n_empty;
        info->flags = d->flags;
    }
}

static bildung_status m_ge_decomposition(const double *x, const double *w, const int64_t *g,
                                         size_t n, bildung_nan_policy policy, double *out,
                                         bildung_info *info) {
    bildung_decomposition d = carry_in(out, info);
    bildung_status st =
        bildung_ge_decomposition(x, w, g, n, policy, 1.0, out != NULL ? &d : NULL, NULL, 0);
    carry_out(&d, out, info);
    return st;
}

static bildung_status m_gini_decomposition(const double *x, const double *w, const int64_t *g,
                                           size_t n, bildung_nan_policy policy, double *out,
                                           bildung_info *info) {
    bildung_decomposition d = carry_in(out, info);
    bildung_status st =
        bildung_gini_decomposition(x, w, g, n, policy, out != NULL ? &d : NULL, NULL, 0);
    carry_out(&d, out, info);
    return st;
}

static const measure MEASURES[] = {
    {"bildung_gini", m_gini, 1},
    {"bildung_hoover", m_hoover, 1},
    {"bildung_theil", m_theil, 1},
    {"bildung_mean_log_deviation", m_mld, 0},
    {"bildung_generalized_entropy", m_ge, 1},
    {"bildung_atkinson", m_atkinson, 1},
    {"bildung_coefficient_of_variation", m_cv, 1},
    {"bildung_palma", m_palma, 1},
    {"bildung_s80_s20", m_s80_s20, 0},
    {"bildung_quantile", m_quantile, 1},
    {"bildung_quantiles", m_quantiles, 1},
    {"bildung_percentile_ratio", m_percentile_ratio, 1},
    {"bildung_wolfson", m_wolfson, 1},
    {"bildung_ge_decomposition", m_ge_decomposition, 1},
    {"bildung_gini_decomposition", m_gini_decomposition, 1},
};

static const double X[N] = {1.0, 2.0, 3.0, 4.0, 10.0};
static const double W[N] = {1.0, 2.0, 1.0, 3.0, 1.0};
static const int64_t G[N] = {0, 0, 1, 1, 1};

static bildung_info info_sentinel(void) {
    bildung_info info;
    info.n_used = INFO_SENTINEL;
    info.n_dropped = INFO_SENTINEL;
    info.n_empty = INFO_SENTINEL;
    info.flags = INFO_SENTINEL;
    return info;
}

static int info_untouched(const bildung_info *info) {
    return info->n_used == INFO_SENTINEL && info->n_dropped == INFO_SENTINEL &&
           info->n_empty == INFO_SENTINEL && info->flags == INFO_SENTINEL;
}

/* Call `m` expecting failure `want`: the outputs must stay untouched and the message must name
 * the function and contain `needle` (if not NULL). */
static void expect_failure(const measure *m, const double *x, const double *w, const int64_t *g,
                           size_t n, bildung_nan_policy policy, bildung_status want,
                           const char *needle) {
    double out = SENTINEL;
    bildung_info info = info_sentinel();
    CHECK_STATUS(m->call(x, w, g, n, policy, &out, &info), want);
    CHECK(out == SENTINEL);
    CHECK(info_untouched(&info));
    CHECK_MESSAGE(m->name);
    if (needle != NULL) {
        CHECK_MESSAGE(needle);
    }
}

static void test_measure(const measure *m) {
    double out = SENTINEL, reduced = SENTINEL;
    bildung_info info = info_sentinel();
    double x[N], w[N];
    const double x_nan[N] = {1.0, 2.0, NAN, 4.0, 10.0};
    const double x_dropped[N - 1] = {1.0, 2.0, 4.0, 10.0};
    const int64_t g_dropped[N - 1] = {0, 0, 1, 1};
    const double w_nan[N] = {1.0, NAN, 1.0, 3.0, 1.0};
    const double x_w_dropped[N - 1] = {1.0, 3.0, 4.0, 10.0};
    const double w_dropped[N - 1] = {1.0, 1.0, 3.0, 1.0};
    const int64_t g_w_dropped[N - 1] = {0, 1, 1, 1};
    const double zero_w[N] = {0.0, 0.0, 0.0, 0.0, 0.0};
    bildung_nan_policy policy;
    h_context = m->name;

    /* a valid call, with and without info */
    CHECK_STATUS(m->call(X, W, G, N, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
    CHECK(isfinite(out));
    CHECK(info.n_used == N && info.n_dropped == 0);
    CHECK_STATUS(m->call(X, NULL, G, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    /* a unit of weight 0 is left out and counted as empty, not as dropped */
    {
        double w0[N];
        memcpy(w0, W, sizeof w0);
        w0[1] = 0.0;
        info = info_sentinel();
        CHECK_STATUS(m->call(X, w0, G, N, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
        CHECK(info.n_used == N - 1 && info.n_empty == 1 && info.n_dropped == 0);
    }

    /* NULL pointers */
    expect_failure(m, NULL, NULL, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_NULL_ARGUMENT, "`x`");
    CHECK_MESSAGE("length is 5");
    CHECK_STATUS(m->call(X, NULL, G, N, BILDUNG_NAN_RAISE, NULL, &info), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`out`");

    /* n == 0: empty, with or without a pointer */
    expect_failure(m, X, NULL, G, 0, BILDUNG_NAN_RAISE, BILDUNG_ERR_EMPTY_INPUT, "empty");
    expect_failure(m, NULL, NULL, NULL, 0, BILDUNG_NAN_OMIT, BILDUNG_ERR_EMPTY_INPUT, NULL);

    /* NaN in x under each policy */
    expect_failure(m, x_nan, NULL, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE, "x[2]");
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(x_nan, NULL, G, N, BILDUNG_NAN_OMIT, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_dropped == 1);
    CHECK_STATUS(m->call(x_dropped, NULL, g_dropped, N - 1, BILDUNG_NAN_RAISE, &reduced, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(out, reduced, 1e-12);
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(x_nan, NULL, G, N, BILDUNG_NAN_PROPAGATE, &out, &info), BILDUNG_OK);
    CHECK(isnan(out));
    CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);

    /* NaN in the weights */
    expect_failure(m, X, w_nan, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE, "weights[1]");
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(X, w_nan, G, N, BILDUNG_NAN_OMIT, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_dropped == 1);
    CHECK_STATUS(m->call(x_w_dropped, w_dropped, g_w_dropped, N - 1, BILDUNG_NAN_RAISE, &reduced,
                         NULL),
                 BILDUNG_OK);
    CHECK_NEAR(out, reduced, 1e-12);

    /* infinity is an error under every policy; so are negative values and weights */
    for (policy = BILDUNG_NAN_RAISE; policy <= BILDUNG_NAN_PROPAGATE; policy++) {
        memcpy(x, X, sizeof x);
        x[3] = INFINITY;
        expect_failure(m, x, NULL, G, N, policy, BILDUNG_ERR_NON_FINITE, "x[3]");
        x[3] = -INFINITY;
        expect_failure(m, x, NULL, G, N, policy, BILDUNG_ERR_NON_FINITE, "x[3]");
        memcpy(w, W, sizeof w);
        w[4] = INFINITY;
        expect_failure(m, X, w, G, N, policy, BILDUNG_ERR_NON_FINITE, "weights[4]");
        x[3] = -1.0;
        expect_failure(m, x, NULL, G, N, policy, BILDUNG_ERR_NEGATIVE_VALUE, "x[3]");
        w[4] = -2.0;
        expect_failure(m, X, w, G, N, policy, BILDUNG_ERR_NEGATIVE_VALUE, "weights[4]");
    }

    /* all weights zero: the total weight is 0 */
    expect_failure(m, X, zero_w, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, "weight");
    /* all values zero (a quantile of zeros is 0: test_quantile_of_zeros) */
    memset(x, 0, sizeof x);
    if (m->call != m_quantile && m->call != m_quantiles) {
        expect_failure(m, x, NULL, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, "undefined");
    }
    /* a zero value */
    memcpy(x, X, sizeof x);
    x[0] = 0.0;
    out = SENTINEL;
    if (m->allows_zero) {
        CHECK_STATUS(m->call(x, NULL, G, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    } else {
        expect_failure(m, x, NULL, G, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, "undefined");
    }

    /* invalid policy integers */
    expect_failure(m, X, NULL, G, N, 3, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    expect_failure(m, X, NULL, G, N, UINT32_MAX, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    h_context = NULL;
}

/* All values 0 is fine for a quantile (it is 0): expect_failure cannot be used for it. */
static void test_quantile_of_zeros(void) {
    const double zeros[3] = {0.0, 0.0, 0.0};
    double out = SENTINEL;
    CHECK_STATUS(bildung_quantile(zeros, NULL, 3, BILDUNG_NAN_RAISE, 0.5, BILDUNG_QUANTILE_LINEAR,
                                  &out, NULL),
                 BILDUNG_OK);
    CHECK(out == 0.0);
}

/* bildung_quantiles equals bildung_quantile at every p, for every rule; bad p fails cleanly. */
static void test_quantiles(void) {
    const double x[6] = {4.0, 1.0, 10.0, 3.0, 2.0, 7.5};
    const double w[6] = {1.0, 2.0, 1.0, 3.0, 1.0, 0.5};
    const double p[5] = {0.0, 0.3, 0.4, 0.9, 1.0};
    const double bad[2] = {0.5, 1.5};
    double out[5];
    double single;
    bildung_info info;
    uint32_t rule;
    size_t k;
    h_context = "bildung_quantiles";
    for (rule = 1; rule <= 9; rule++) {
        CHECK_STATUS(bildung_quantiles(x, w, 6, BILDUNG_NAN_RAISE, p, 5, rule, out, &info),
                     BILDUNG_OK);
        CHECK(info.n_used == 6);
        for (k = 0; k < 5; k++) {
            CHECK_STATUS(bildung_quantile(x, w, 6, BILDUNG_NAN_RAISE, p[k], rule, &single, NULL),
                         BILDUNG_OK);
            CHECK(out[k] == single);
        }
    }
    /* no probabilities: nothing to write, NULL is fine */
    CHECK_STATUS(bildung_quantiles(x, NULL, 6, BILDUNG_NAN_RAISE, NULL, 0,
                                   BILDUNG_QUANTILE_LINEAR, NULL, NULL),
                 BILDUNG_OK);
    CHECK_STATUS(bildung_quantiles(x, NULL, 6, BILDUNG_NAN_RAISE, NULL, 2,
                                   BILDUNG_QUANTILE_LINEAR, out, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_quantiles(x, NULL, 6, BILDUNG_NAN_RAISE, p, 2,
                                   BILDUNG_QUANTILE_LINEAR, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    out[0] = SENTINEL;
    out[1] = SENTINEL;
    CHECK_STATUS(bildung_quantiles(x, NULL, 6, BILDUNG_NAN_RAISE, bad, 2,
                                   BILDUNG_QUANTILE_LINEAR, out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("p");
    CHECK(out[0] == SENTINEL && out[1] == SENTINEL);
    h_context = NULL;
}

static void test_option_integers(void) {
    double out = SENTINEL;
    h_context = "option integers";
    CHECK_STATUS(bildung_gini(X, W, N, BILDUNG_NAN_RAISE, 3, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("correction");
    CHECK_STATUS(bildung_gini(X, NULL, N, BILDUNG_NAN_RAISE, BILDUNG_GINI_CORRECTION_FREQUENCY,
                              &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("needs weights");
    CHECK_STATUS(bildung_coefficient_of_variation(X, NULL, N, BILDUNG_NAN_RAISE, 2, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("form");
    CHECK_STATUS(bildung_quantile(X, NULL, N, BILDUNG_NAN_RAISE, 0.5, 0, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("rule");
    CHECK_STATUS(bildung_quantile(X, NULL, N, BILDUNG_NAN_RAISE, 0.5, 10, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_quantile(X, NULL, N, BILDUNG_NAN_RAISE, 1.5, BILDUNG_QUANTILE_LINEAR, &out,
                                  NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("`p`");
    CHECK_STATUS(bildung_quantile(X, NULL, N, BILDUNG_NAN_RAISE, NAN, BILDUNG_QUANTILE_LINEAR, &out,
                                  NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_percentile_ratio(X, NULL, N, BILDUNG_NAN_RAISE, 0.9, 0.1, 42, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_percentile_ratio(X, NULL, N, BILDUNG_NAN_RAISE, 0.1, 0.9,
                                          BILDUNG_QUANTILE_LINEAR, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("lower");
    CHECK_STATUS(bildung_wolfson(X, NULL, N, BILDUNG_NAN_RAISE, 0, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_atkinson(X, NULL, N, BILDUNG_NAN_RAISE, -0.5, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("epsilon");
    CHECK_STATUS(bildung_atkinson(X, NULL, N, BILDUNG_NAN_RAISE, INFINITY, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_generalized_entropy(X, NULL, N, BILDUNG_NAN_RAISE, NAN, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("alpha");
    CHECK_STATUS(bildung_ge_decomposition(X, NULL, G, N, BILDUNG_NAN_RAISE, INFINITY, NULL, NULL,
                                          0),
                 BILDUNG_ERR_NULL_ARGUMENT);
    {
        bildung_decomposition d;
        d.total = SENTINEL;
        CHECK_STATUS(bildung_ge_decomposition(X, NULL, G, N, BILDUNG_NAN_RAISE, INFINITY, &d,
                                              NULL, 0),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK(d.total == SENTINEL);
        CHECK_STATUS(bildung_gini_decomposition(X, NULL, G, N, 7, &d, NULL, 0),
                     BILDUNG_ERR_INVALID_PARAMETER);
    }
    /* every valid option value works */
    {
        bildung_quantile_rule r;
        bildung_gini_correction c;
        for (r = BILDUNG_QUANTILE_INVERTED_CDF; r <= BILDUNG_QUANTILE_NORMAL_UNBIASED; r++) {
            CHECK_STATUS(bildung_quantile(X, W, N, BILDUNG_NAN_RAISE, 0.3, r, &out, NULL),
                         BILDUNG_OK);
            CHECK_STATUS(bildung_wolfson(X, W, N, BILDUNG_NAN_RAISE, r, &out, NULL), BILDUNG_OK);
        }
        for (c = BILDUNG_GINI_CORRECTION_NONE; c <= BILDUNG_GINI_CORRECTION_FREQUENCY; c++) {
            CHECK_STATUS(bildung_gini(X, W, N, BILDUNG_NAN_RAISE, c, &out, NULL), BILDUNG_OK);
        }
        CHECK_STATUS(bildung_coefficient_of_variation(X, W, N, BILDUNG_NAN_RAISE,
                                                      BILDUNG_VARIANCE_SAMPLE, &out, NULL),
                     BILDUNG_OK);
    }
    h_context = NULL;
}

static void test_lorenz(void) {
    const double x[3] = {2.0, 1.0, 1.0};
    const double x_nan[4] = {2.0, NAN, 1.0, 1.0};
    const double x_inf[3] = {2.0, INFINITY, 1.0};
    const double x_neg[3] = {2.0, -1.0, 1.0};
    const double w_neg[3] = {1.0, 1.0, -1.0};
    double p[5], l[5];
    size_t len = 999, i;
    bildung_info info = info_sentinel();
    h_context = "bildung_lorenz_curve";
    for (i = 0; i < 5; i++) {
        p[i] = SENTINEL;
        l[i] = SENTINEL;
    }
    /* size query, then a buffer that is too small, then n + 1 */
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, NULL, NULL, 0, &len, &info),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(len == 3);
    CHECK(info_untouched(&info));
    CHECK_MESSAGE("buffer too small");
    len = 999;
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, p, l, 2, &len, &info),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(len == 3);
    CHECK(p[0] == SENTINEL && l[0] == SENTINEL && p[1] == SENTINEL);
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, p, l, 4, &len, &info),
                 BILDUNG_OK);
    CHECK(len == 3);
    CHECK_NEAR(p[1], 2.0 / 3.0, 1e-15);
    CHECK_NEAR(l[1], 0.5, 1e-15);
    CHECK(p[0] == 0.0 && l[0] == 0.0 && p[2] == 1.0 && l[2] == 1.0);
    CHECK(p[3] == SENTINEL && l[3] == SENTINEL);
    CHECK(info.n_used == 3 && info.n_dropped == 0 && info.flags == 0);
    /* exact capacity */
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, p, l, 3, &len, NULL),
                 BILDUNG_OK);

    /* NULL pointers */
    CHECK_STATUS(bildung_lorenz_curve(NULL, NULL, 3, BILDUNG_NAN_RAISE, p, l, 4, &len, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`x`");
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, NULL, l, 4, &len, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("population_share_out");
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, p, NULL, 4, &len, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("value_share_out");
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, BILDUNG_NAN_RAISE, p, l, 4, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("len_out");

    /* bad input */
    for (i = 0; i < 5; i++) {
        p[i] = SENTINEL;
        l[i] = SENTINEL;
    }
    len = 999;
    info = info_sentinel();
    CHECK_STATUS(bildung_lorenz_curve(NULL, NULL, 0, BILDUNG_NAN_RAISE, p, l, 5, &len, &info),
                 BILDUNG_ERR_EMPTY_INPUT);
    CHECK_STATUS(bildung_lorenz_curve(x_nan, NULL, 4, BILDUNG_NAN_RAISE, p, l, 5, &len, &info),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_MESSAGE("x[1]");
    CHECK_STATUS(bildung_lorenz_curve(x_inf, NULL, 3, BILDUNG_NAN_OMIT, p, l, 5, &len, &info),
                 BILDUNG_ERR_NON_FINITE);
    CHECK_STATUS(bildung_lorenz_curve(x_neg, NULL, 3, BILDUNG_NAN_RAISE, p, l, 5, &len, &info),
                 BILDUNG_ERR_NEGATIVE_VALUE);
    CHECK_STATUS(bildung_lorenz_curve(x, w_neg, 3, BILDUNG_NAN_RAISE, p, l, 5, &len, &info),
                 BILDUNG_ERR_NEGATIVE_VALUE);
    CHECK_MESSAGE("weights[2]");
    CHECK_STATUS(bildung_lorenz_curve(x, NULL, 3, 9, p, l, 5, &len, &info),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(len == 999 && p[0] == SENTINEL && l[4] == SENTINEL && info_untouched(&info));

    /* NaN omitted and propagated */
    CHECK_STATUS(bildung_lorenz_curve(x_nan, NULL, 4, BILDUNG_NAN_OMIT, p, l, 5, &len, &info),
                 BILDUNG_OK);
    CHECK(len == 3 && info.n_used == 3 && info.n_dropped == 1);
    CHECK_NEAR(l[1], 0.5, 1e-15);
    CHECK_STATUS(bildung_lorenz_curve(x_nan, NULL, 4, BILDUNG_NAN_PROPAGATE, p, l, 5, &len, &info),
                 BILDUNG_OK);
    CHECK(len == 0);
    CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    h_context = NULL;
}

static void test_decomposition_buffers(void) {
    bildung_decomposition d;
    bildung_group_term terms[N];
    const int64_t g_missing[N] = {0, -1, 1, 1, 1};
    size_t i;
    h_context = "decomposition terms";
    for (i = 0; i < N; i++) {
        terms[i].group = -7;
        terms[i].inequality = SENTINEL;
    }
    d.total = SENTINEL;
    d.n_groups = 999;
    /* too small: only n_groups is written */
    CHECK_STATUS(bildung_gini_decomposition(X, W, G, N, BILDUNG_NAN_RAISE, &d, terms, 1),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(d.n_groups == 2);
    CHECK(d.total == SENTINEL);
    CHECK(terms[0].group == -7);
    CHECK_MESSAGE("terms_out");
    /* retry with the reported size */
    CHECK_STATUS(bildung_gini_decomposition(X, W, G, N, BILDUNG_NAN_RAISE, &d, terms, d.n_groups),
                 BILDUNG_OK);
    CHECK(d.n_groups == 2 && d.n_used == N && d.n_dropped == 0);
    CHECK(terms[0].group == 0 && terms[0].n == 2);
    CHECK(terms[1].group == 1 && terms[1].n == 3);
    CHECK(terms[2].group == -7);
    CHECK_NEAR(terms[0].contribution + terms[1].contribution, d.within, 1e-12);
    CHECK_NEAR(d.total, d.within + d.between + d.overlap, 1e-12);
    /* GE: overlap is NaN; capacity n is always enough */
    CHECK_STATUS(bildung_ge_decomposition(X, W, G, N, BILDUNG_NAN_RAISE, 0.5, &d, terms, N),
                 BILDUNG_OK);
    CHECK(isnan(d.overlap));
    CHECK_NEAR(d.total, d.within + d.between, 1e-12);
    /* NULL terms with capacity > 0 */
    CHECK_STATUS(bildung_ge_decomposition(X, W, G, N, BILDUNG_NAN_RAISE, 0.5, &d, NULL, 3),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("terms_out");
    /* groups NULL with n > 0; negative group code = missing */
    CHECK_STATUS(bildung_ge_decomposition(X, W, NULL, N, BILDUNG_NAN_RAISE, 0.5, &d, NULL, 0),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`groups`");
    CHECK_STATUS(bildung_gini_decomposition(X, W, g_missing, N, BILDUNG_NAN_RAISE, &d, NULL, 0),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_MESSAGE("groups[1]");
    CHECK_STATUS(bildung_gini_decomposition(X, W, g_missing, N, BILDUNG_NAN_OMIT, &d, terms, N),
                 BILDUNG_OK);
    CHECK(d.n_used == N - 1 && d.n_dropped == 1 && terms[0].n == 1);
    CHECK_STATUS(bildung_gini_decomposition(X, W, g_missing, N, BILDUNG_NAN_PROPAGATE, &d, terms,
                                            N),
                 BILDUNG_OK);
    CHECK(isnan(d.total) && isnan(d.within) && d.n_groups == 0);
    CHECK((d.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    h_context = NULL;
}

static void test_last_error_message(void) {
    char small[8], big[512];
    size_t needed = 0, full;
    double out;
    h_context = "bildung_last_error_message";
    CHECK_STATUS(bildung_hoover(NULL, NULL, 4, BILDUNG_NAN_RAISE, &out, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    /* size query */
    CHECK_STATUS(bildung_last_error_message(NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    full = needed;
    CHECK(full > 10);
    /* the whole message */
    CHECK_STATUS(bildung_last_error_message(big, sizeof big, &needed), BILDUNG_OK);
    CHECK(needed == full && strlen(big) + 1 == full);
    CHECK(strncmp(big, "bildung_hoover: ", 16) == 0);
    /* truncated: NUL-terminated, needed still the full size */
    memset(small, 'x', sizeof small);
    CHECK_STATUS(bildung_last_error_message(small, sizeof small, &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == full);
    CHECK(small[7] == '\0' && strlen(small) == 7 && strncmp(small, big, 7) == 0);
    /* needed may be NULL; buf NULL with len > 0 is an error that keeps the message */
    CHECK_STATUS(bildung_last_error_message(big, sizeof big, NULL), BILDUNG_OK);
    CHECK_STATUS(bildung_last_error_message(NULL, 4, &needed), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_last_error_message(NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == full);
    /* success leaves the message as is */
    CHECK_STATUS(bildung_hoover(X, NULL, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    CHECK_STATUS(bildung_last_error_message(NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == full);
    h_context = NULL;
}

static void test_status_texts_and_versions(void) {
    static const bildung_status KNOWN[] = {
        BILDUNG_OK,
        BILDUNG_ERR_NULL_ARGUMENT,
        BILDUNG_ERR_BUFFER_SIZE,
        BILDUNG_ERR_INVALID_UTF8,
        BILDUNG_ERR_PANIC,
        BILDUNG_ERR_SHAPE_MISMATCH,
        BILDUNG_ERR_EMPTY_INPUT,
        BILDUNG_ERR_MISSING_VALUE,
        BILDUNG_ERR_NON_FINITE,
        BILDUNG_ERR_NEGATIVE_VALUE,
        BILDUNG_ERR_INVALID_COUNT,
        BILDUNG_ERR_MALFORMED_INPUT,
        BILDUNG_ERR_INVALID_PARAMETER,
        BILDUNG_ERR_UNKNOWN_INDICATOR,
        BILDUNG_ERR_INVALID_DEFINITION,
        BILDUNG_ERR_UNDEFINED,
        BILDUNG_ERR_DID_NOT_CONVERGE,
        BILDUNG_ERR_INCONSISTENT_TABLE,
        BILDUNG_ERR_PROTECTION_FAILED,
    };
    static const bildung_status UNKNOWN[] = {4, 98, 108, 199, 203, 303, 1000, UINT32_MAX};
    const char *unknown_text = bildung_status_str(UINT32_MAX);
    const char *version = bildung_version();
    size_t i, j;
    h_context = "bildung_status_str";
    CHECK(unknown_text != NULL && strcmp(unknown_text, "unknown status code") == 0);
    for (i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++) {
        const char *t = bildung_status_str(KNOWN[i]);
        CHECK(t != NULL && strlen(t) > 0 && strcmp(t, unknown_text) != 0);
        CHECK(strcmp(h_status_name(KNOWN[i]), "?") != 0);
        for (j = 0; j < i; j++) {
            CHECK(strcmp(t, bildung_status_str(KNOWN[j])) != 0);
        }
    }
    for (i = 0; i < sizeof UNKNOWN / sizeof UNKNOWN[0]; i++) {
        CHECK(strcmp(bildung_status_str(UNKNOWN[i]), unknown_text) == 0);
    }
    CHECK(strcmp(bildung_status_str(BILDUNG_OK), "success") == 0);
    CHECK(strcmp(bildung_status_str(BILDUNG_ERR_MISSING_VALUE),
                 "input contains a missing value (NaN)") == 0);

    h_context = "versions";
    CHECK(bildung_abi_version() == BILDUNG_ABI_VERSION);
    CHECK(version != NULL && strlen(version) >= 5 && version[0] >= '0' && version[0] <= '9');
    CHECK(strchr(version, '.') != NULL);
    h_context = NULL;
}

void run_error_tests(void) {
    size_t i;
    int before = h_failed;
    for (i = 0; i < sizeof MEASURES / sizeof MEASURES[0]; i++) {
        test_measure(&MEASURES[i]);
    }
    test_quantile_of_zeros();
    test_quantiles();
    test_option_integers();
    test_lorenz();
    test_decomposition_buffers();
    test_last_error_message();
    test_status_texts_and_versions();
    printf("error tests: %d failed\n", h_failed - before);
}
