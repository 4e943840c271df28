/*
 * The segregation C API (bildung_seg_*): the worked values of methods.md 2.8 (outside values),
 * and every function with NULL pointers, NaN under each policy, infinity, negative counts,
 * x > t, empty input, invalid option integers and table-shape overflow; outputs stay untouched
 * on failure; the buffer-size protocols of the decomposition, the rank-order profile and the
 * concentration profile.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define SENTINEL (-12345.0)
#define INFO_SENTINEL 777u
#define STATUS_SENTINEL 99u
#define N 5
#define COLS 3

/* methods.md 2.8: five Ortsteile, two groups ... */
static const double X[N] = {12.0, 30.0, 5.0, 40.0, 13.0};
static const double T[N] = {60.0, 80.0, 50.0, 90.0, 70.0};
/* ... and the same areas with three groups (row-major 5 x 3). */
static const double COUNTS[N * COLS] = {12.0, 30.0, 18.0, 30.0, 35.0, 15.0, 5.0, 40.0,
                                        5.0,  40.0, 30.0, 20.0, 13.0, 37.0, 20.0};
static const int64_t DISTRICTS[N] = {1, 1, 2, 2, 2};

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

/* ======================================================================= two-group functions */

/* Every two-group function behind one signature: `out` is the headline value. Struct results
 * carry the caller's out/info in and out, so "untouched on failure" stays visible. */
typedef bildung_status (*two_group_call)(const double *x, const double *t, size_t n,
                                         bildung_nan_policy policy, double *out,
                                         bildung_info *info);

typedef struct {
    const char *name;
    two_group_call call;
    double worked;    /* methods.md 2.8 value */
    double tolerance; /* half a unit of the last printed digit */
    int integral;     /* needs integer counts */
} two_group;

static bildung_status tg_atkinson(const double *x, const double *t, size_t n,
                                  bildung_nan_policy policy, double *out, bildung_info *info) {
    return bildung_seg_atkinson_segregation(x, t, n, policy, 0.5, out, info);
}

static bildung_status tg_carrington_troske(const double *x, const double *t, size_t n,
                                           bildung_nan_policy policy, double *out,
                                           bildung_info *info) {
    return bildung_seg_carrington_troske(x, t, n, policy, BILDUNG_NULL_INDEX_DISSIMILARITY, out,
                                         info);
}

static bildung_status tg_concentration_profile(const double *x, const double *t, size_t n,
                                               bildung_nan_policy policy, double *out,
                                               bildung_info *info) {
    return bildung_seg_concentration_profile(x, t, n, policy, 1000, out, NULL, NULL, info);
}

#define CARRY_IN(s, field)                                                                         \
    do {                                                                                           \
        (s).field = out != NULL ? *out : SENTINEL;                                                 \
        (s).n_used = info != NULL ? info->n_used : 999;                                            \
        (s).n_dropped = info != NULL ? info->n_dropped : 999;                                      \
        (s).n_empty = info != NULL ? info->n_empty : 999;                                          \
        (s).flags = info != NULL ? info->flags : 999;                                              \
    } while (0)

#define CARRY_OUT(s, field)                                                                        \
    do {                                                                                           \
        if (out != NULL) {                                                                         \
            *out = (s).field;                                                                      \
        }                                                                                          \
        if (info != NULL) {                                                                        \
            info->n_used = (s).n_used;                                                             \
            info->n_dropped = (s).n_dropped;                                                       \
            info->n_empty = (s).n_empty;                                                           \
            info->flags = (s).flags;                                                               \
        }                                                                                          \
    } while (0)

static bildung_status tg_expected(const double *x, const double *t, size_t n,
                                  bildung_nan_policy policy, double *out, bildung_info *info) {
    bildung_seg_expectation e;
    bildung_status st;
    e.entropy_index = e.correlation_ratio = e.isolation = SENTINEL;
    CARRY_IN(e, dissimilarity);
    st = bildung_seg_expected_under_random_allocation(x, t, n, policy, out != NULL ? &e : NULL);
    CARRY_OUT(e, dissimilarity);
    return st;
}

static bildung_status tg_winship(const double *x, const double *t, size_t n,
                                 bildung_nan_policy policy, double *out, bildung_info *info) {
    bildung_seg_winship w;
    bildung_status st;
    w.normal_approximation = SENTINEL;
    CARRY_IN(w, exact);
    st = bildung_seg_winship_expected_dissimilarity(x, t, n, policy, out != NULL ? &w : NULL);
    CARRY_OUT(w, exact);
    return st;
}

static bildung_status tg_bias_corrected(const double *x, const double *t, size_t n,
                                        bildung_nan_policy policy, double *out,
                                        bildung_info *info) {
    bildung_seg_bias_corrected b;
    bildung_status st;
    b.observed = b.expected_bootstrap = SENTINEL;
    CARRY_IN(b, value);
    st = bildung_seg_bias_corrected_dissimilarity(x, t, n, policy, out != NULL ? &b : NULL);
    CARRY_OUT(b, value);
    return st;
}

static const two_group TWO_GROUP[] = {
    {"bildung_seg_dissimilarity", bildung_seg_dissimilarity, 0.3000000, 5e-8, 0},
    {"bildung_seg_gini_segregation", bildung_seg_gini_segregation, 0.3464000, 5e-8, 0},
    {"bildung_seg_entropy_index", bildung_seg_entropy_index, 0.0705275, 5e-8, 0},
    {"bildung_seg_isolation", bildung_seg_isolation, 0.3434206, 5e-8, 0},
    {"bildung_seg_exposure", bildung_seg_exposure, 0.6565794, 5e-8, 0},
    {"bildung_seg_correlation_ratio", bildung_seg_correlation_ratio, 0.0807889, 5e-8, 0},
    {"bildung_seg_atkinson_segregation", tg_atkinson, 0.1039256, 5e-8, 0},
    /* no methods.md value for these two: NAN skips the value check (the Rust tests and the
     * golden file cover them) */
    {"bildung_seg_hutchens", bildung_seg_hutchens, NAN, 0.0, 0},
    {"bildung_seg_minmax", bildung_seg_minmax, 0.6 / 1.3, 1e-12, 0},
    {"bildung_seg_density_corrected_dissimilarity", bildung_seg_density_corrected_dissimilarity,
     NAN, 0.0, 0},
    {"bildung_seg_self_excluded_separation", bildung_seg_self_excluded_separation, 0.0682590,
     5e-8, 1},
    {"bildung_seg_carrington_troske", tg_carrington_troske, 0.2276, 5e-5, 1},
    {"bildung_seg_expected_under_random_allocation", tg_expected, 0.0937234, 5e-8, 1},
    {"bildung_seg_winship_expected_dissimilarity", tg_winship, 0.1049952, 5e-8, 1},
    {"bildung_seg_bias_corrected_dissimilarity", tg_bias_corrected, 0.2985381, 5e-8, 1},
    {"bildung_seg_concentration_profile", tg_concentration_profile, NAN, 0.0, 0},
};

/* Call `m` expecting failure `want`: outputs untouched, message names the function and
 * contains `needle` (if not NULL). */
static void tg_expect_failure(const two_group *m, const double *x, const double *t, size_t n,
                              bildung_nan_policy policy, bildung_status want,
                              const char *needle) {
    double out = SENTINEL;
    bildung_info info = info_sentinel();
    CHECK_STATUS(m->call(x, t, n, policy, &out, &info), want);
    CHECK(out == SENTINEL);
    CHECK(info_untouched(&info));
    CHECK_MESSAGE(m->name);
    if (needle != NULL) {
        CHECK_MESSAGE(needle);
    }
}

static void test_two_group(const two_group *m) {
    double out = SENTINEL, reduced = SENTINEL;
    bildung_info info = info_sentinel();
    double x[N], t[N];
    const double x_nan[N] = {12.0, 30.0, NAN, 40.0, 13.0};
    const double t_nan[N] = {60.0, 80.0, 50.0, NAN, 70.0};
    const double x_dropped[N - 1] = {12.0, 30.0, 40.0, 13.0};
    const double t_dropped[N - 1] = {60.0, 80.0, 90.0, 70.0};
    const double x_t_dropped[N - 1] = {12.0, 30.0, 5.0, 13.0};
    const double t_t_dropped[N - 1] = {60.0, 80.0, 50.0, 70.0};
    bildung_nan_policy policy;
    h_context = m->name;

    /* the worked example, with and without info */
    CHECK_STATUS(m->call(X, T, N, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
    CHECK_NEAR(out, isnan(m->worked) ? out : m->worked, m->tolerance);
    CHECK(isfinite(out));
    CHECK(info.n_used == N && info.n_dropped == 0 && info.n_empty == 0);
    CHECK_STATUS(m->call(X, T, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    /* an area with total 0 is left out and counted as empty */
    memcpy(x, X, sizeof x);
    memcpy(t, T, sizeof t);
    x[1] = 0.0;
    t[1] = 0.0;
    info = info_sentinel();
    CHECK_STATUS(m->call(x, t, N, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_empty == 1 && info.n_dropped == 0);

    /* NULL pointers */
    tg_expect_failure(m, NULL, T, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_NULL_ARGUMENT, "`x`");
    CHECK_MESSAGE("length is 5");
    tg_expect_failure(m, X, NULL, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_NULL_ARGUMENT, "`t`");
    info = info_sentinel();
    CHECK_STATUS(m->call(X, T, N, BILDUNG_NAN_RAISE, NULL, &info), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(info_untouched(&info));

    /* empty input, with or without pointers */
    tg_expect_failure(m, X, T, 0, BILDUNG_NAN_RAISE, BILDUNG_ERR_EMPTY_INPUT, NULL);
    tg_expect_failure(m, NULL, NULL, 0, BILDUNG_NAN_OMIT, BILDUNG_ERR_EMPTY_INPUT, NULL);

    /* NaN in x under each policy */
    tg_expect_failure(m, x_nan, T, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE, "x[2]");
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(x_nan, T, N, BILDUNG_NAN_OMIT, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_dropped == 1);
    CHECK_STATUS(m->call(x_dropped, t_dropped, N - 1, BILDUNG_NAN_RAISE, &reduced, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(out, reduced, 0.0);
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(x_nan, T, N, BILDUNG_NAN_PROPAGATE, &out, &info), BILDUNG_OK);
    CHECK(isnan(out));
    CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    /* NaN in t */
    tg_expect_failure(m, X, t_nan, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE, "t[3]");
    out = SENTINEL;
    CHECK_STATUS(m->call(X, t_nan, N, BILDUNG_NAN_OMIT, &out, NULL), BILDUNG_OK);
    CHECK_STATUS(m->call(x_t_dropped, t_t_dropped, N - 1, BILDUNG_NAN_RAISE, &reduced, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(out, reduced, 0.0);
    /* every area missing */
    {
        const double all_nan[2] = {NAN, NAN};
        const double two[2] = {1.0, 2.0};
        tg_expect_failure(m, all_nan, two, 2, BILDUNG_NAN_OMIT, BILDUNG_ERR_EMPTY_INPUT, NULL);
    }

    /* infinity under every policy; negative counts; x > t */
    for (policy = BILDUNG_NAN_RAISE; policy <= BILDUNG_NAN_PROPAGATE; policy++) {
        memcpy(x, X, sizeof x);
        memcpy(t, T, sizeof t);
        x[3] = INFINITY;
        tg_expect_failure(m, x, T, N, policy, BILDUNG_ERR_NON_FINITE, "x[3]");
        t[4] = -INFINITY;
        tg_expect_failure(m, X, t, N, policy, BILDUNG_ERR_NON_FINITE, "t[4]");
        x[3] = -1.0;
        tg_expect_failure(m, x, T, N, policy, BILDUNG_ERR_INVALID_COUNT, "x[3]");
        t[4] = -70.0;
        tg_expect_failure(m, X, t, N, policy, BILDUNG_ERR_INVALID_COUNT, "t[4]");
        x[3] = 91.0; /* above t[3] = 90 */
        tg_expect_failure(m, x, T, N, policy, BILDUNG_ERR_INVALID_COUNT, "x[3]");
    }
    /* non-integral counts: fine for point estimates, an error for the null expectations */
    memcpy(x, X, sizeof x);
    x[0] = 12.5;
    if (m->integral) {
        tg_expect_failure(m, x, T, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_INVALID_COUNT, "integer");
    } else {
        CHECK_STATUS(m->call(x, T, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    }

    /* an empty group (x all 0, or x == t) and no population at all */
    memset(x, 0, sizeof x);
    tg_expect_failure(m, x, T, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    tg_expect_failure(m, T, T, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    tg_expect_failure(m, x, x, N, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);

    /* invalid policy integers */
    tg_expect_failure(m, X, T, N, 3, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    tg_expect_failure(m, X, T, N, UINT32_MAX, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    h_context = NULL;
}

/* The other values of methods.md 2.8 that the headline wrappers do not see. */
static void test_two_group_worked_values(void) {
    const double b[3] = {0.1, 0.5, 0.9};
    const double atkinson[3] = {0.0225099, 0.1039256, 0.1710714};
    double y[N], out = SENTINEL;
    bildung_seg_expectation e;
    bildung_seg_winship w;
    bildung_seg_bias_corrected bc;
    size_t i;
    h_context = "methods.md 2.8";
    for (i = 0; i < 3; i++) {
        CHECK_STATUS(bildung_seg_atkinson_segregation(X, T, N, BILDUNG_NAN_RAISE, b[i], &out,
                                                      NULL),
                     BILDUNG_OK);
        CHECK_NEAR(out, atkinson[i], 5e-8);
    }
    /* yPx and yPy: the other group is t - x */
    for (i = 0; i < N; i++) {
        y[i] = T[i] - X[i];
    }
    CHECK_STATUS(bildung_seg_exposure(y, T, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    CHECK_NEAR(out, 0.2626317, 5e-8);
    CHECK_STATUS(bildung_seg_isolation(y, T, N, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    CHECK_NEAR(out, 0.7373683, 5e-8);
    CHECK_STATUS(bildung_seg_expected_under_random_allocation(X, T, N, BILDUNG_NAN_RAISE, &e),
                 BILDUNG_OK);
    CHECK_NEAR(e.dissimilarity, 0.0937234, 5e-8);
    CHECK_NEAR(e.entropy_index, 0.0096665, 5e-8);
    CHECK_NEAR(e.correlation_ratio, 4.0 / 349.0, 1e-12);
    CHECK(e.n_used == N && e.n_dropped == 0 && e.n_empty == 0);
    CHECK_STATUS(bildung_seg_winship_expected_dissimilarity(X, T, N, BILDUNG_NAN_RAISE, &w),
                 BILDUNG_OK);
    CHECK_NEAR(w.exact, 0.1049952, 5e-8);
    CHECK_NEAR(w.normal_approximation, 0.1049995, 5e-8);
    CHECK_STATUS(bildung_seg_bias_corrected_dissimilarity(X, T, N, BILDUNG_NAN_RAISE, &bc),
                 BILDUNG_OK);
    CHECK_NEAR(bc.value, 0.2985381, 5e-8);
    CHECK_NEAR(bc.observed, 0.3, 5e-8);
    CHECK_NEAR(bc.expected_bootstrap, 0.3014619, 5e-8);
    CHECK((bc.flags & BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION) == 0);
    /* city B: D = 0.0535714, D_bc negative and flagged, D_dc = 0 */
    {
        const double xb[6] = {20.0, 18.0, 25.0, 22.0, 15.0, 20.0};
        const double tb[6] = {70.0, 60.0, 75.0, 80.0, 55.0, 60.0};
        CHECK_STATUS(bildung_seg_dissimilarity(xb, tb, 6, BILDUNG_NAN_RAISE, &out, NULL),
                     BILDUNG_OK);
        CHECK_NEAR(out, 0.0535714, 5e-8);
        CHECK_STATUS(bildung_seg_bias_corrected_dissimilarity(xb, tb, 6, BILDUNG_NAN_RAISE, &bc),
                     BILDUNG_OK);
        CHECK(bc.value < 0.0);
        CHECK((bc.flags & BILDUNG_FLAG_NEGATIVE_AFTER_CORRECTION) != 0);
        CHECK_STATUS(bildung_seg_density_corrected_dissimilarity(xb, tb, 6, BILDUNG_NAN_RAISE,
                                                                 &out, NULL),
                     BILDUNG_OK);
        CHECK(out == 0.0);
    }
    /* the `segregation` package's test matrix m1 gives D = 0.6 */
    {
        const double xm[4] = {100.0, 60.0, 40.0, 0.0};
        const double tm[4] = {100.0, 100.0, 100.0, 100.0};
        CHECK_STATUS(bildung_seg_dissimilarity(xm, tm, 4, BILDUNG_NAN_RAISE, &out, NULL),
                     BILDUNG_OK);
        CHECK_NEAR(out, 0.6, 1e-12);
    }
    /* one area: flagged */
    {
        const double x1[1] = {3.0}, t1[1] = {10.0};
        bildung_info info = info_sentinel();
        CHECK_STATUS(bildung_seg_dissimilarity(x1, t1, 1, BILDUNG_NAN_RAISE, &out, &info),
                     BILDUNG_OK);
        CHECK(out == 0.0);
        CHECK((info.flags & BILDUNG_FLAG_SINGLE_AREA) != 0);
    }
    h_context = NULL;
}

static void test_two_group_options(void) {
    double out = SENTINEL;
    const double bad_b[5] = {0.0, 1.0, -0.5, 1.5, NAN};
    size_t i;
    h_context = "two-group options";
    for (i = 0; i < 5; i++) {
        CHECK_STATUS(bildung_seg_atkinson_segregation(X, T, N, BILDUNG_NAN_RAISE, bad_b[i], &out,
                                                      NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_MESSAGE("`b`");
    }
    CHECK_STATUS(bildung_seg_carrington_troske(X, T, N, BILDUNG_NAN_RAISE, 3, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("index");
    CHECK_STATUS(bildung_seg_carrington_troske(X, T, N, BILDUNG_NAN_RAISE, UINT32_MAX, &out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(out == SENTINEL);
    CHECK_STATUS(bildung_seg_carrington_troske(X, T, N, BILDUNG_NAN_RAISE,
                                               BILDUNG_NULL_INDEX_ENTROPY_INDEX, &out, NULL),
                 BILDUNG_OK);
    CHECK(out > 0.0 && out < 1.0);
    CHECK_STATUS(bildung_seg_carrington_troske(X, T, N, BILDUNG_NAN_RAISE,
                                               BILDUNG_NULL_INDEX_CORRELATION_RATIO, &out, NULL),
                 BILDUNG_OK);
    CHECK(out > 0.0 && out < 1.0);
    /* every area with one pupil: I = I* = 1 */
    {
        const double x1[3] = {1.0, 0.0, 1.0}, t1[3] = {1.0, 1.0, 1.0};
        out = SENTINEL;
        CHECK_STATUS(bildung_seg_carrington_troske(x1, t1, 3, BILDUNG_NAN_RAISE,
                                                   BILDUNG_NULL_INDEX_DISSIMILARITY, &out, NULL),
                     BILDUNG_ERR_UNDEFINED);
        CHECK(out == SENTINEL);
    }
    h_context = NULL;
}

static void test_concentration_profile(void) {
    double r = SENTINEL, r2 = SENTINEL;
    double g[11], v[11];
    size_t i;
    bildung_info info = info_sentinel();
    h_context = "bildung_seg_concentration_profile";
    for (i = 0; i < 11; i++) {
        g[i] = v[i] = SENTINEL;
    }
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 11, &r, g, v,
                                                   &info),
                 BILDUNG_OK);
    CHECK(g[0] == 0.0 && g[10] == 1.0);
    CHECK_NEAR(g[5], 0.5, 1e-15);
    CHECK(v[0] == 1.0);
    for (i = 1; i < 11; i++) {
        CHECK(v[i] <= v[i - 1] && v[i] >= 0.0);
    }
    CHECK(info.n_used == N);
    /* one of the arrays only */
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 11, &r2, NULL, v,
                                                   NULL),
                 BILDUNG_OK);
    CHECK(r2 == r);
    /* methods.md 2.8 with two points: R = -0.3 (core docs) */
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 2, &r, NULL, NULL,
                                                   NULL),
                 BILDUNG_OK);
    CHECK_NEAR(r, -0.3, 1e-12);
    /* bad point counts: nothing written */
    r = SENTINEL;
    g[0] = SENTINEL;
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 1, &r, g, v, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("points");
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 0, &r, NULL, NULL,
                                                   NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 10000001, &r, NULL,
                                                   NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(r == SENTINEL && g[0] == SENTINEL);
    CHECK_STATUS(bildung_seg_concentration_profile(X, T, N, BILDUNG_NAN_RAISE, 11, NULL, g, v,
                                                   NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`value_out`");
    CHECK(g[0] == SENTINEL);
    /* propagate: NaN value and NaN shares, thresholds still written */
    {
        const double x_nan[N] = {12.0, NAN, 5.0, 40.0, 13.0};
        info = info_sentinel();
        CHECK_STATUS(bildung_seg_concentration_profile(x_nan, T, N, BILDUNG_NAN_PROPAGATE, 11, &r,
                                                       g, v, &info),
                     BILDUNG_OK);
        CHECK(isnan(r) && isnan(v[3]) && g[10] == 1.0);
        CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    }
    h_context = NULL;
}

/* ====================================================================== multigroup functions */

typedef bildung_status (*table_call)(const double *counts, size_t rows, size_t cols,
                                     bildung_nan_policy policy, double *out, bildung_info *info);

typedef struct {
    const char *name;
    table_call call;
    double worked; /* methods.md 2.8; NAN = no published value */
    double tolerance;
    int min_groups; /* groups with members the measure needs */
} multigroup;

static bildung_status mg_shannon(const double *c, size_t rows, size_t cols,
                                 bildung_nan_policy policy, double *out, bildung_info *info) {
    return bildung_seg_shannon_diversity(c, rows, cols, policy, 0, out, info);
}

static bildung_status mg_shannon_normalized(const double *c, size_t rows, size_t cols,
                                            bildung_nan_policy policy, double *out,
                                            bildung_info *info) {
    return bildung_seg_shannon_diversity(c, rows, cols, policy, 1, out, info);
}

static bildung_status mg_simpson(const double *c, size_t rows, size_t cols,
                                 bildung_nan_policy policy, double *out, bildung_info *info) {
    return bildung_seg_simpson_interaction(c, rows, cols, policy, 0, out, info);
}

static bildung_status mg_simpson_normalized(const double *c, size_t rows, size_t cols,
                                            bildung_nan_policy policy, double *out,
                                            bildung_info *info) {
    return bildung_seg_simpson_interaction(c, rows, cols, policy, 1, out, info);
}

static bildung_status mg_rank_h(const double *c, size_t rows, size_t cols,
                                bildung_nan_policy policy, double *out, bildung_info *info) {
    return bildung_seg_rank_order_information_theory(c, rows, cols, policy, out, NULL, NULL, 0,
                                                     NULL, info);
}

static bildung_status mg_rank_r(const double *c, size_t rows, size_t cols,
                                bildung_nan_policy policy, double *out, bildung_info *info) {
    return bildung_seg_rank_order_variance_ratio(c, rows, cols, policy, out, NULL, NULL, 0, NULL,
                                                 info);
}

/* The decomposition behind the scalar signature: `out` is m_total. */
static bildung_status mg_decomposition(const double *c, size_t rows, size_t cols,
                                       bildung_nan_policy policy, double *out,
                                       bildung_info *info) {
    static const int64_t many[64] = {0};
    bildung_seg_decomposition d;
    bildung_status st;
    d.m_between = d.m_within = d.h_total = d.h_between = d.h_within = SENTINEL;
    d.n_districts = 999;
    CARRY_IN(d, m_total);
    st = bildung_seg_mutual_information_decomposition(c, rows, cols, rows <= 64 ? many : NULL,
                                                      policy, out != NULL ? &d : NULL, NULL, 0);
    CARRY_OUT(d, m_total);
    return st;
}

static const multigroup MULTIGROUP[] = {
    {"bildung_seg_multi_dissimilarity", bildung_seg_multi_dissimilarity, 0.2232143, 5e-8, 2},
    {"bildung_seg_multi_gini", bildung_seg_multi_gini, 0.2894627, 5e-8, 2},
    {"bildung_seg_mutual_information", bildung_seg_mutual_information, 0.0610267, 5e-8, 2},
    {"bildung_seg_multi_information_theory", bildung_seg_multi_information_theory, 0.0585882,
     5e-8, 2},
    {"bildung_seg_normalized_exposure", bildung_seg_normalized_exposure, 0.0698125, 5e-8, 2},
    {"bildung_seg_relative_diversity", bildung_seg_relative_diversity, 0.0665221, 5e-8, 2},
    {"bildung_seg_squared_coefficient_of_variation", bildung_seg_squared_coefficient_of_variation,
     NAN, 0.0, 2},
    {"bildung_seg_divergence", bildung_seg_divergence, 0.0610267, 5e-8, 2},
    {"bildung_seg_shannon_diversity", mg_shannon, 1.0416207, 5e-8, 1},
    {"bildung_seg_shannon_diversity", mg_shannon_normalized, 1.0416207 / 1.0986122886681098, 1e-7,
     1},
    {"bildung_seg_simpson_interaction", mg_simpson, 0.6272, 1e-12, 1},
    {"bildung_seg_simpson_interaction", mg_simpson_normalized, 0.6272 * 1.5, 1e-12, 1},
    {"bildung_seg_simpson_concentration", bildung_seg_simpson_concentration, 1.0 - 0.6272, 1e-12,
     1},
    {"bildung_seg_rank_order_information_theory", mg_rank_h, NAN, 0.0, 3},
    {"bildung_seg_rank_order_variance_ratio", mg_rank_r, NAN, 0.0, 3},
    {"bildung_seg_mutual_information_decomposition", mg_decomposition, 0.0610267, 5e-8, 2},
};

static void mg_expect_failure(const multigroup *m, const double *c, size_t rows, size_t cols,
                              bildung_nan_policy policy, bildung_status want,
                              const char *needle) {
    double out = SENTINEL;
    bildung_info info = info_sentinel();
    CHECK_STATUS(m->call(c, rows, cols, policy, &out, &info), want);
    CHECK(out == SENTINEL);
    CHECK(info_untouched(&info));
    CHECK_MESSAGE(m->name);
    if (needle != NULL) {
        CHECK_MESSAGE(needle);
    }
}

static void test_multigroup(const multigroup *m) {
    double out = SENTINEL, reduced = SENTINEL;
    bildung_info info = info_sentinel();
    double c[N * COLS];
    double c_nan[N * COLS];
    const double *c_dropped = COUNTS + COLS; /* rows 1..4 */
    const double zeros[4] = {0.0, 0.0, 0.0, 0.0};
    bildung_nan_policy policy;
    h_context = m->name;

    /* the worked example */
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
    CHECK_NEAR(out, isnan(m->worked) ? out : m->worked, m->tolerance);
    CHECK(isfinite(out));
    CHECK(info.n_used == N && info.n_dropped == 0 && info.n_empty == 0);
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, &out, NULL), BILDUNG_OK);
    /* an area with no population is left out and counted as empty */
    memcpy(c, COUNTS, sizeof c);
    c[3] = c[4] = c[5] = 0.0;
    info = info_sentinel();
    CHECK_STATUS(m->call(c, N, COLS, BILDUNG_NAN_RAISE, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_empty == 1 && info.n_dropped == 0);

    /* NULL pointers, empty tables, shape overflow */
    mg_expect_failure(m, NULL, N, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_NULL_ARGUMENT, "`counts`");
    CHECK_MESSAGE("length is 15");
    info = info_sentinel();
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, NULL, &info),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(info_untouched(&info));
    mg_expect_failure(m, NULL, 0, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_EMPTY_INPUT, NULL);
    mg_expect_failure(m, COUNTS, 0, 0, BILDUNG_NAN_RAISE, BILDUNG_ERR_EMPTY_INPUT, NULL);
    mg_expect_failure(m, NULL, N, 0, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    mg_expect_failure(m, COUNTS, SIZE_MAX, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_INVALID_PARAMETER,
                      "rows * cols");
    mg_expect_failure(m, COUNTS, 2, SIZE_MAX / 2 + 1, BILDUNG_NAN_RAISE,
                      BILDUNG_ERR_INVALID_PARAMETER, "rows * cols");
    mg_expect_failure(m, COUNTS, SIZE_MAX / 16, 2, BILDUNG_NAN_RAISE,
                      BILDUNG_ERR_INVALID_PARAMETER, "rows * cols");

    /* NaN under each policy (row 0 missing) */
    memcpy(c_nan, COUNTS, sizeof c_nan);
    c_nan[1] = NAN;
    mg_expect_failure(m, c_nan, N, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE,
                      "counts[1]");
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(c_nan, N, COLS, BILDUNG_NAN_OMIT, &out, &info), BILDUNG_OK);
    CHECK(info.n_used == N - 1 && info.n_dropped == 1);
    CHECK_STATUS(m->call(c_dropped, N - 1, COLS, BILDUNG_NAN_RAISE, &reduced, NULL), BILDUNG_OK);
    CHECK_NEAR(out, reduced, 0.0);
    out = SENTINEL;
    info = info_sentinel();
    CHECK_STATUS(m->call(c_nan, N, COLS, BILDUNG_NAN_PROPAGATE, &out, &info), BILDUNG_OK);
    CHECK(isnan(out));
    CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    {
        const double all_nan[2] = {NAN, NAN};
        mg_expect_failure(m, all_nan, 1, 2, BILDUNG_NAN_OMIT, BILDUNG_ERR_EMPTY_INPUT, NULL);
    }

    /* infinity under every policy; negative counts */
    for (policy = BILDUNG_NAN_RAISE; policy <= BILDUNG_NAN_PROPAGATE; policy++) {
        memcpy(c, COUNTS, sizeof c);
        c[7] = INFINITY;
        mg_expect_failure(m, c, N, COLS, policy, BILDUNG_ERR_NON_FINITE, "counts[7]");
        c[7] = -INFINITY;
        mg_expect_failure(m, c, N, COLS, policy, BILDUNG_ERR_NON_FINITE, "counts[7]");
        c[7] = -1.0;
        mg_expect_failure(m, c, N, COLS, policy, BILDUNG_ERR_INVALID_COUNT, "counts[7]");
    }

    /* no population at all; too few groups with members */
    mg_expect_failure(m, zeros, 2, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    if (m->min_groups >= 2) {
        const double one_group[4] = {3.0, 0.0, 5.0, 0.0};
        mg_expect_failure(m, one_group, 2, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    }
    if (m->min_groups >= 3) {
        const double two_groups[4] = {3.0, 1.0, 5.0, 2.0};
        mg_expect_failure(m, two_groups, 2, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    }

    /* invalid policy integers */
    mg_expect_failure(m, COUNTS, N, COLS, 3, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    mg_expect_failure(m, COUNTS, N, COLS, UINT32_MAX, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    h_context = NULL;
}

static void test_multigroup_options(void) {
    double out = SENTINEL;
    const int bad[3] = {2, -1, 100};
    size_t i;
    h_context = "normalized";
    for (i = 0; i < 3; i++) {
        CHECK_STATUS(bildung_seg_shannon_diversity(COUNTS, N, COLS, BILDUNG_NAN_RAISE, bad[i],
                                                   &out, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_MESSAGE("normalized");
        CHECK_STATUS(bildung_seg_simpson_interaction(COUNTS, N, COLS, BILDUNG_NAN_RAISE, bad[i],
                                                     &out, NULL),
                     BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_MESSAGE("normalized");
    }
    CHECK(out == SENTINEL);
    /* normalised with one column is undefined; plain is fine */
    {
        const double one_col[2] = {3.0, 4.0};
        CHECK_STATUS(bildung_seg_shannon_diversity(one_col, 2, 1, BILDUNG_NAN_RAISE, 1, &out,
                                                   NULL),
                     BILDUNG_ERR_UNDEFINED);
        CHECK_STATUS(bildung_seg_shannon_diversity(one_col, 2, 1, BILDUNG_NAN_RAISE, 0, &out,
                                                   NULL),
                     BILDUNG_OK);
        CHECK(out == 0.0);
    }
    /* an empty group is left out and flagged */
    {
        const double c[6] = {1.0, 2.0, 0.0, 3.0, 4.0, 0.0};
        bildung_info info = info_sentinel();
        CHECK_STATUS(bildung_seg_multi_dissimilarity(c, 2, 3, BILDUNG_NAN_RAISE, &out, &info),
                     BILDUNG_OK);
        CHECK((info.flags & BILDUNG_FLAG_EMPTY_GROUPS) != 0);
    }
    /* G^2 = 2 T M = 42.7187 (methods.md 2.8) */
    CHECK_STATUS(bildung_seg_mutual_information(COUNTS, N, COLS, BILDUNG_NAN_RAISE, &out, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(2.0 * 350.0 * out, 42.7187, 5e-5);
    h_context = NULL;
}

static void test_rank_order_profile(void) {
    /* 4 areas x 4 ordered groups */
    const double c[16] = {10.0, 20.0, 30.0, 40.0, 40.0, 30.0, 20.0, 10.0,
                          25.0, 25.0, 25.0, 25.0, 5.0,  15.0, 30.0, 50.0};
    double value = SENTINEL, v2 = SENTINEL, p[3], q[3];
    size_t len = 999, i;
    bildung_info info = info_sentinel();
    h_context = "bildung_seg_rank_order_information_theory";
    for (i = 0; i < 3; i++) {
        p[i] = q[i] = SENTINEL;
    }
    CHECK_STATUS(bildung_seg_rank_order_information_theory(c, 4, 4, BILDUNG_NAN_RAISE, &value,
                                                           NULL, NULL, 0, &len, NULL),
                 BILDUNG_OK);
    CHECK(len == 3);
    /* too small: only *len_out */
    len = 0;
    CHECK_STATUS(bildung_seg_rank_order_information_theory(c, 4, 4, BILDUNG_NAN_RAISE, &v2, p, q, 2,
                                                           &len, &info),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(len == 3);
    CHECK(v2 == SENTINEL && p[0] == SENTINEL && q[0] == SENTINEL && info_untouched(&info));
    CHECK_MESSAGE("thresholds_out");
    /* enough room */
    CHECK_STATUS(bildung_seg_rank_order_information_theory(c, 4, 4, BILDUNG_NAN_RAISE, &v2, p, q, 3,
                                                           &len, &info),
                 BILDUNG_OK);
    CHECK(v2 == value && len == 3 && info.n_used == 4);
    CHECK_NEAR(p[0], 80.0 / 400.0, 1e-15);
    CHECK_NEAR(p[1], 170.0 / 400.0, 1e-15);
    CHECK_NEAR(p[2], 275.0 / 400.0, 1e-15);
    /* the profile at each cut-off is the two-group H of "groups <= c" vs the rest */
    for (i = 0; i < 3; i++) {
        double x2[4], t2[4], h;
        size_t a, j;
        for (a = 0; a < 4; a++) {
            x2[a] = 0.0;
            t2[a] = 0.0;
            for (j = 0; j < 4; j++) {
                t2[a] += c[a * 4 + j];
                if (j <= i) {
                    x2[a] += c[a * 4 + j];
                }
            }
        }
        CHECK_STATUS(bildung_seg_entropy_index(x2, t2, 4, BILDUNG_NAN_RAISE, &h, NULL),
                     BILDUNG_OK);
        CHECK_NEAR(q[i], h, 1e-12);
    }
    /* NULL array with capacity > 0 */
    CHECK_STATUS(bildung_seg_rank_order_information_theory(c, 4, 4, BILDUNG_NAN_RAISE, &v2, NULL,
                                                           q, 3, &len, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    h_context = "bildung_seg_rank_order_variance_ratio";
    len = 0;
    /* non-NULL arrays with capacity 0: a size query */
    CHECK_STATUS(bildung_seg_rank_order_variance_ratio(c, 4, 4, BILDUNG_NAN_RAISE, &v2, p, q, 0,
                                                       &len, NULL),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(len == 3);
    CHECK_STATUS(bildung_seg_rank_order_variance_ratio(c, 4, 4, BILDUNG_NAN_RAISE, &v2, p, q, 3,
                                                       &len, NULL),
                 BILDUNG_OK);
    CHECK(len == 3 && isfinite(v2));
    /* the profile at each cut-off is eta^2 of "groups <= c" vs the rest */
    for (i = 0; i < 3; i++) {
        double x2[4], t2[4], e;
        size_t a, j;
        for (a = 0; a < 4; a++) {
            x2[a] = 0.0;
            t2[a] = 0.0;
            for (j = 0; j < 4; j++) {
                t2[a] += c[a * 4 + j];
                if (j <= i) {
                    x2[a] += c[a * 4 + j];
                }
            }
        }
        CHECK_STATUS(bildung_seg_correlation_ratio(x2, t2, 4, BILDUNG_NAN_RAISE, &e, NULL),
                     BILDUNG_OK);
        CHECK_NEAR(q[i], e, 1e-12);
    }
    h_context = NULL;
}

/* ========================================================================== local functions */

typedef bildung_status (*local_call)(const double *counts, size_t rows, size_t cols,
                                     bildung_nan_policy policy, double *values,
                                     uint8_t *status, bildung_info *info);

typedef struct {
    const char *name;
    local_call call;
    size_t per_row; /* values per row: 1, or the number of columns */
    int row_wise;   /* 1 if an area's value depends on its own row only */
} local;

static bildung_status lc_entropy(const double *c, size_t rows, size_t cols,
                                 bildung_nan_policy policy, double *v, uint8_t *s,
                                 bildung_info *info) {
    return bildung_seg_local_entropy(c, rows, cols, policy, 0, v, s, info);
}

static bildung_status lc_entropy_normalized(const double *c, size_t rows, size_t cols,
                                            bildung_nan_policy policy, double *v, uint8_t *s,
                                            bildung_info *info) {
    return bildung_seg_local_entropy(c, rows, cols, policy, 1, v, s, info);
}

static const local LOCAL[] = {
    {"bildung_seg_local_entropy", lc_entropy, 1, 1},
    {"bildung_seg_local_entropy", lc_entropy_normalized, 1, 1},
    {"bildung_seg_local_simpson_interaction", bildung_seg_local_simpson_interaction, 1, 1},
    {"bildung_seg_local_simpson_concentration", bildung_seg_local_simpson_concentration, 1, 1},
    {"bildung_seg_local_mutual_information", bildung_seg_local_mutual_information, 1, 0},
    {"bildung_seg_location_quotient", bildung_seg_location_quotient, COLS, 0},
};

#define LOCAL_MAX (N * COLS)

static void fill(double *v, size_t n, double with) {
    size_t i;
    for (i = 0; i < n; i++) {
        v[i] = with;
    }
}

static int all_equal(const double *v, size_t n, double to) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (!(v[i] == to)) {
            return 0;
        }
    }
    return 1;
}

static void lc_expect_failure(const local *m, const double *c, size_t rows, size_t cols,
                              bildung_nan_policy policy, bildung_status want,
                              const char *needle) {
    double v[LOCAL_MAX];
    uint8_t s[N];
    bildung_info info = info_sentinel();
    fill(v, LOCAL_MAX, SENTINEL);
    memset(s, STATUS_SENTINEL, sizeof s);
    CHECK_STATUS(m->call(c, rows, cols, policy, v, s, &info), want);
    CHECK(all_equal(v, LOCAL_MAX, SENTINEL));
    CHECK(s[0] == STATUS_SENTINEL && s[N - 1] == STATUS_SENTINEL);
    CHECK(info_untouched(&info));
    CHECK_MESSAGE(m->name);
    if (needle != NULL) {
        CHECK_MESSAGE(needle);
    }
}

static void test_local(const local *m) {
    double v[LOCAL_MAX], full[LOCAL_MAX], reduced[LOCAL_MAX];
    uint8_t s[N];
    double c[N * COLS];
    bildung_info info = info_sentinel();
    size_t i, k = m->per_row;
    bildung_nan_policy policy;
    h_context = m->name;

    /* valid call; status_out and info optional */
    fill(full, LOCAL_MAX, SENTINEL);
    memset(s, STATUS_SENTINEL, sizeof s);
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, full, s, &info), BILDUNG_OK);
    for (i = 0; i < N * k; i++) {
        CHECK(isfinite(full[i]));
    }
    for (i = 0; i < N; i++) {
        CHECK(s[i] == BILDUNG_AREA_OK);
    }
    CHECK(info.n_used == N && info.n_dropped == 0 && info.n_empty == 0);
    fill(v, LOCAL_MAX, SENTINEL);
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, v, NULL, NULL), BILDUNG_OK);
    CHECK(memcmp(v, full, N * k * sizeof(double)) == 0);
    CHECK(k == COLS || v[N] == SENTINEL); /* nothing written past rows values */

    /* NULL pointers, empty table, shape overflow */
    lc_expect_failure(m, NULL, N, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_NULL_ARGUMENT, "`counts`");
    memset(s, STATUS_SENTINEL, sizeof s);
    CHECK_STATUS(m->call(COUNTS, N, COLS, BILDUNG_NAN_RAISE, NULL, s, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`values_out`");
    CHECK(s[0] == STATUS_SENTINEL);
    lc_expect_failure(m, NULL, 0, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_EMPTY_INPUT, NULL);
    lc_expect_failure(m, COUNTS, SIZE_MAX, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_INVALID_PARAMETER,
                      "rows * cols");
    lc_expect_failure(m, COUNTS, SIZE_MAX / 16, 2, BILDUNG_NAN_RAISE,
                      BILDUNG_ERR_INVALID_PARAMETER, "rows * cols");

    /* NaN in row 2, under each policy: area by area */
    memcpy(c, COUNTS, sizeof c);
    c[2 * COLS + 1] = NAN;
    lc_expect_failure(m, c, N, COLS, BILDUNG_NAN_RAISE, BILDUNG_ERR_MISSING_VALUE, "counts[7]");
    {
        /* the same table without row 2 */
        double c_red[(N - 1) * COLS];
        memcpy(c_red, COUNTS, 2 * COLS * sizeof(double));
        memcpy(c_red + 2 * COLS, COUNTS + 3 * COLS, 2 * COLS * sizeof(double));
        CHECK_STATUS(m->call(c_red, N - 1, COLS, BILDUNG_NAN_RAISE, reduced, NULL, NULL),
                     BILDUNG_OK);
    }
    for (policy = BILDUNG_NAN_OMIT; policy <= BILDUNG_NAN_PROPAGATE; policy++) {
        size_t row, j, r = 0;
        fill(v, LOCAL_MAX, SENTINEL);
        memset(s, STATUS_SENTINEL, sizeof s);
        info = info_sentinel();
        CHECK_STATUS(m->call(c, N, COLS, policy, v, s, &info), BILDUNG_OK);
        CHECK(info.n_used == N - 1 && info.n_dropped == 1 && info.n_empty == 0);
        CHECK(((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0) ==
              (policy == BILDUNG_NAN_PROPAGATE));
        for (row = 0; row < N; row++) {
            CHECK(s[row] == (row == 2 ? BILDUNG_AREA_MISSING : BILDUNG_AREA_OK));
            for (j = 0; j < k; j++) {
                if (row == 2) {
                    CHECK(isnan(v[row * k + j]));
                } else {
                    CHECK_NEAR(v[row * k + j], reduced[r * k + j], 0.0);
                    if (m->row_wise) {
                        CHECK_NEAR(v[row * k + j], full[row * k + j], 0.0);
                    }
                }
            }
            if (row != 2) {
                r++;
            }
        }
    }
    /* every area missing: PROPAGATE gives all NaN, OMIT is empty input */
    {
        const double all_nan[4] = {NAN, 1.0, 2.0, NAN};
        fill(v, LOCAL_MAX, SENTINEL);
        memset(s, STATUS_SENTINEL, sizeof s);
        CHECK_STATUS(m->call(all_nan, 2, 2, BILDUNG_NAN_PROPAGATE, v, s, &info), BILDUNG_OK);
        CHECK(isnan(v[0]) && isnan(v[1]) && s[0] == BILDUNG_AREA_MISSING &&
              s[1] == BILDUNG_AREA_MISSING);
        lc_expect_failure(m, all_nan, 2, 2, BILDUNG_NAN_OMIT, BILDUNG_ERR_EMPTY_INPUT, NULL);
    }
    /* an area without population */
    memcpy(c, COUNTS, sizeof c);
    c[3] = c[4] = c[5] = 0.0;
    fill(v, LOCAL_MAX, SENTINEL);
    info = info_sentinel();
    CHECK_STATUS(m->call(c, N, COLS, BILDUNG_NAN_RAISE, v, s, &info), BILDUNG_OK);
    CHECK(s[1] == BILDUNG_AREA_EMPTY && isnan(v[k]) && s[0] == BILDUNG_AREA_OK);
    CHECK(info.n_used == N - 1 && info.n_empty == 1);

    /* infinity under every policy; negative counts */
    for (policy = BILDUNG_NAN_RAISE; policy <= BILDUNG_NAN_PROPAGATE; policy++) {
        memcpy(c, COUNTS, sizeof c);
        c[4] = INFINITY;
        lc_expect_failure(m, c, N, COLS, policy, BILDUNG_ERR_NON_FINITE, "counts[4]");
        c[4] = -3.0;
        lc_expect_failure(m, c, N, COLS, policy, BILDUNG_ERR_INVALID_COUNT, "counts[4]");
    }
    /* no population at all */
    {
        const double zeros[4] = {0.0, 0.0, 0.0, 0.0};
        lc_expect_failure(m, zeros, 2, 2, BILDUNG_NAN_RAISE, BILDUNG_ERR_UNDEFINED, NULL);
    }
    /* invalid policy integers */
    lc_expect_failure(m, COUNTS, N, COLS, 3, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    lc_expect_failure(m, COUNTS, N, COLS, UINT32_MAX, BILDUNG_ERR_INVALID_PARAMETER, "policy");
    h_context = NULL;
}

static void test_local_worked_values(void) {
    const double ls[N] = {0.026486, 0.018729, 0.204718, 0.066345, 0.029499};
    double v[LOCAL_MAX], m = SENTINEL, weighted = 0.0, t;
    uint8_t s[N];
    size_t i, j;
    h_context = "local, methods.md 2.8";
    CHECK_STATUS(bildung_seg_local_mutual_information(COUNTS, N, COLS, BILDUNG_NAN_RAISE, v, s,
                                                      NULL),
                 BILDUNG_OK);
    for (i = 0; i < N; i++) {
        CHECK_NEAR(v[i], ls[i], 5e-7);
        weighted += T[i] / 350.0 * v[i];
    }
    /* sum_i (t_i / T) ls_i = M */
    CHECK_STATUS(bildung_seg_mutual_information(COUNTS, N, COLS, BILDUNG_NAN_RAISE, &m, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(weighted, m, 1e-15);
    /* location quotients: row-major; sum_i (t_i / T) LQ_ij = 1 */
    CHECK_STATUS(bildung_seg_location_quotient(COUNTS, N, COLS, BILDUNG_NAN_RAISE, v, s, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(v[0], 0.7, 1e-12);
    CHECK_NEAR(v[3], 1.3125, 1e-12);
    CHECK_NEAR(v[1], 1.0174418604651163, 1e-12);
    for (j = 0; j < COLS; j++) {
        t = 0.0;
        for (i = 0; i < N; i++) {
            t += T[i] / 350.0 * v[i * COLS + j];
        }
        CHECK_NEAR(t, 1.0, 1e-12);
    }
    /* local Simpson: interaction + concentration = 1 */
    {
        double inter[N], conc[N];
        CHECK_STATUS(bildung_seg_local_simpson_interaction(COUNTS, N, COLS, BILDUNG_NAN_RAISE,
                                                           inter, NULL, NULL),
                     BILDUNG_OK);
        CHECK_STATUS(bildung_seg_local_simpson_concentration(COUNTS, N, COLS, BILDUNG_NAN_RAISE,
                                                             conc, NULL, NULL),
                     BILDUNG_OK);
        for (i = 0; i < N; i++) {
            CHECK_NEAR(inter[i] + conc[i], 1.0, 1e-15);
        }
        /* area 0 (12, 30, 18) of 60 */
        CHECK_NEAR(conc[0], (144.0 + 900.0 + 324.0) / 3600.0, 1e-15);
    }
    /* invalid `normalized` */
    fill(v, LOCAL_MAX, SENTINEL);
    CHECK_STATUS(bildung_seg_local_entropy(COUNTS, N, COLS, BILDUNG_NAN_RAISE, 2, v, s, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("normalized");
    CHECK(v[0] == SENTINEL);
    CHECK_STATUS(bildung_seg_local_entropy(COUNTS, N, 1, BILDUNG_NAN_RAISE, 1, v, s, NULL),
                 BILDUNG_ERR_UNDEFINED);
    h_context = NULL;
}

/* ============================================================================ decomposition */

static bildung_seg_decomposition decomposition_sentinel(void) {
    bildung_seg_decomposition d;
    d.m_total = d.m_between = d.m_within = SENTINEL;
    d.h_total = d.h_between = d.h_within = SENTINEL;
    d.n_districts = 999;
    d.n_used = d.n_dropped = d.n_empty = 999;
    d.flags = 999;
    return d;
}

static int decomposition_untouched(const bildung_seg_decomposition *d) {
    return d->m_total == SENTINEL && d->m_between == SENTINEL && d->m_within == SENTINEL &&
           d->h_total == SENTINEL && d->h_between == SENTINEL && d->h_within == SENTINEL &&
           d->n_districts == 999 && d->n_used == 999 && d->flags == 999;
}

static void test_decomposition(void) {
    bildung_seg_decomposition d = decomposition_sentinel();
    bildung_seg_district_term terms[N];
    int64_t districts[N];
    size_t i;
    h_context = "bildung_seg_mutual_information_decomposition";
    for (i = 0; i < N; i++) {
        terms[i].district = -7;
    }
    /* methods.md 2.8: districts {1, 2} vs {3, 4, 5} */
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, DISTRICTS,
                                                              BILDUNG_NAN_RAISE, &d, NULL, 0),
                 BILDUNG_OK);
    CHECK(d.n_districts == 2 && d.n_used == N);
    CHECK_NEAR(d.m_total, 0.0610267, 5e-8);
    CHECK_NEAR(d.m_between, 0.0009856, 5e-8);
    CHECK_NEAR(d.m_within, 0.0600411, 5e-8);
    CHECK_NEAR(d.h_total, 0.0585882, 5e-8);
    CHECK_NEAR(d.h_between, 0.0009462, 5e-8);
    CHECK_NEAR(d.h_within, 0.0576420, 5e-8);
    CHECK_NEAR(d.m_between + d.m_within, d.m_total, 1e-15);
    /* buffer too small: only n_districts */
    d = decomposition_sentinel();
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, DISTRICTS,
                                                              BILDUNG_NAN_RAISE, &d, terms, 1),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(d.n_districts == 2);
    CHECK(d.m_total == SENTINEL && d.n_used == 999);
    CHECK(terms[0].district == -7);
    CHECK_MESSAGE("terms_out");
    /* retry with the size reported */
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(
                     COUNTS, N, COLS, DISTRICTS, BILDUNG_NAN_RAISE, &d, terms, d.n_districts),
                 BILDUNG_OK);
    CHECK(terms[0].district == 1 && terms[1].district == 2 && terms[2].district == -7);
    CHECK(terms[0].n_areas == 2 && terms[1].n_areas == 3);
    CHECK_NEAR(terms[0].population_share, 140.0 / 350.0, 1e-15);
    CHECK_NEAR(terms[0].m_contribution + terms[1].m_contribution, d.m_within, 1e-15);
    CHECK_NEAR(terms[0].h_contribution + terms[1].h_contribution, d.h_within, 1e-15);
    /* NULL pointers */
    d = decomposition_sentinel();
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, NULL,
                                                              BILDUNG_NAN_RAISE, &d, NULL, 0),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`districts`");
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, DISTRICTS,
                                                              BILDUNG_NAN_RAISE, &d, NULL, 2),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`terms_out`");
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, DISTRICTS,
                                                              BILDUNG_NAN_RAISE, NULL, terms, N),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(decomposition_untouched(&d));
    /* a negative district code is a missing value */
    memcpy(districts, DISTRICTS, sizeof districts);
    districts[3] = -1;
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, districts,
                                                              BILDUNG_NAN_RAISE, &d, terms, N),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_MESSAGE("districts");
    CHECK(decomposition_untouched(&d));
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, districts,
                                                              BILDUNG_NAN_OMIT, &d, terms, N),
                 BILDUNG_OK);
    CHECK(d.n_used == N - 1 && d.n_dropped == 1);
    d = decomposition_sentinel();
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, districts,
                                                              BILDUNG_NAN_PROPAGATE, &d, terms, N),
                 BILDUNG_OK);
    CHECK(isnan(d.m_total) && isnan(d.h_within) && d.n_districts == 0);
    CHECK((d.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    /* one district: no between part */
    memset(districts, 0, sizeof districts);
    CHECK_STATUS(bildung_seg_mutual_information_decomposition(COUNTS, N, COLS, districts,
                                                              BILDUNG_NAN_RAISE, &d, terms, N),
                 BILDUNG_OK);
    CHECK(d.n_districts == 1 && d.m_between == 0.0);
    CHECK_NEAR(d.m_within, d.m_total, 1e-15);
    h_context = NULL;
}

void run_segregation_tests(void) {
    size_t i;
    int before_p = h_passed, before_f = h_failed;
    for (i = 0; i < sizeof TWO_GROUP / sizeof TWO_GROUP[0]; i++) {
        test_two_group(&TWO_GROUP[i]);
    }
    test_two_group_worked_values();
    test_two_group_options();
    test_concentration_profile();
    for (i = 0; i < sizeof MULTIGROUP / sizeof MULTIGROUP[0]; i++) {
        test_multigroup(&MULTIGROUP[i]);
    }
    test_multigroup_options();
    test_rank_order_profile();
    for (i = 0; i < sizeof LOCAL / sizeof LOCAL[0]; i++) {
        test_local(&LOCAL[i]);
    }
    test_local_worked_values();
    test_decomposition();
    printf("segregation: %d passed, %d failed\n", h_passed - before_p, h_failed - before_f);
}
