/*
 * C tests of bildung_rates_*: values against the worked values of methods.md 3.1-3.4 (written
 * out below), per-area statuses and indicators, optional buffers, and bad input: NULL pointers,
 * unknown option constants, invalid counts, outputs untouched on failure.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"

#define SENTINEL (-12345.0)
#define TOL4 5e-5
#define TOL6 5e-7

static void fill(double *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        v[i] = SENTINEL;
    }
}

static void proportion_values(void) {
    /* methods.md 3.1: 81/263, 3/20, 1/29, 0/20, 20/20 */
    const double x[5] = {81, 3, 1, 0, 20};
    const double n[5] = {263, 20, 29, 20, 20};
    double est[5], lo[5], hi[5];
    uint8_t cl[5];
    bildung_area_status st[5];
    bildung_info info;
    h_context = "bildung_rates_proportion_ci";
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 5, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, cl, st, &info),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.2553, TOL4);
    CHECK_NEAR(hi[0], 0.3662, TOL4);
    CHECK_NEAR(lo[1], 0.0524, TOL4);
    CHECK_NEAR(hi[1], 0.3604, TOL4);
    CHECK(lo[3] == 0.0 && hi[4] == 1.0);
    CHECK_NEAR(est[1], 0.15, 1e-15);
    CHECK(info.n_used == 5 && info.n_dropped == 0 && info.flags == 0);
    CHECK(st[0] == BILDUNG_AREA_OK && cl[2] == 0);
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 5, BILDUNG_PROPORTION_CLOPPER_PEARSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.2527, TOL4);
    CHECK_NEAR(hi[2], 0.1776, TOL4);
    CHECK_NEAR(hi[3], 0.1684, TOL4);
    CHECK_NEAR(lo[4], 0.8316, TOL4);
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 5, BILDUNG_PROPORTION_JEFFREYS, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK(lo[3] == 0.0); /* Brown-Cai-DasGupta boundary limit */
    CHECK_NEAR(hi[3], 0.1166, TOL4);
    CHECK_NEAR(lo[2], 0.0037, TOL4);
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 5, BILDUNG_PROPORTION_AGRESTI_COULL, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, cl, NULL, &info),
                 BILDUNG_OK);
    CHECK(cl[0] == 0 && cl[2] == 1 && cl[3] == 1 && cl[4] == 1);
    CHECK(lo[2] == 0.0 && hi[4] == 1.0);
    CHECK_NEAR(hi[2], 0.1863, TOL4);
    CHECK((info.flags & BILDUNG_FLAG_CLAMPED) != 0);
    CHECK_STATUS(bildung_rates_proportion_ci(x + 1, n + 1, 1, BILDUNG_PROPORTION_WALD, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, cl, NULL, NULL),
                 BILDUNG_OK);
    CHECK(lo[0] == 0.0 && cl[0] == 1); /* Wald 3/20 would be [-0.0065, 0.3065] */
    CHECK_NEAR(hi[0], 0.3065, TOL4);
}

static void proportion_statuses_and_errors(void) {
    const double x[3] = {2, NAN, 0};
    const double n[3] = {10, 5, 0};
    const double bad_x[2] = {1, 6};
    const double frac[1] = {1.5};
    const double five[2] = {5, 5};
    double est[3], lo[3], hi[3];
    bildung_area_status st[3];
    bildung_info info;
    char msg[256];
    h_context = "bildung_rates_proportion_ci errors";
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 3, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_PROPAGATE, est, lo, hi, NULL, st, &info),
                 BILDUNG_OK);
    CHECK(st[0] == BILDUNG_AREA_OK && st[1] == BILDUNG_AREA_MISSING && st[2] == BILDUNG_AREA_EMPTY);
    CHECK(isnan(lo[1]) && isnan(est[2]));
    CHECK(info.n_used == 1 && info.n_dropped == 1 && info.n_empty == 1);
    CHECK((info.flags & BILDUNG_FLAG_MISSING_PROPAGATED) != 0);
    fill(lo, 3);
    CHECK_STATUS(bildung_rates_proportion_ci(x, n, 3, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, st, NULL),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK(lo[0] == SENTINEL); /* outputs only on success */
    CHECK_STATUS(bildung_rates_proportion_ci(bad_x, five, 2, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_MESSAGE("events[1]");
    h_last_error(msg, sizeof msg);
    CHECK(strstr(msg, "bildung_rates_proportion_ci") != NULL);
    CHECK_STATUS(bildung_rates_proportion_ci(frac, five, 1, BILDUNG_PROPORTION_CLOPPER_PEARSON,
                                             0.95, BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL,
                                             NULL),
                 BILDUNG_ERR_INVALID_COUNT);
    CHECK_STATUS(bildung_rates_proportion_ci(NULL, five, 2, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`events` is NULL");
    CHECK_STATUS(bildung_rates_proportion_ci(five, five, 2, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, est, NULL, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("lower_out");
    CHECK_STATUS(bildung_rates_proportion_ci(NULL, NULL, 0, BILDUNG_PROPORTION_WILSON, 0.95,
                                             BILDUNG_NAN_RAISE, NULL, NULL, NULL, NULL, NULL,
                                             NULL),
                 BILDUNG_ERR_EMPTY_INPUT);
    CHECK_STATUS(bildung_rates_proportion_ci(five, five, 2, 99u, 0.95, BILDUNG_NAN_RAISE, est, lo,
                                             hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("BILDUNG_PROPORTION_WILSON");
    CHECK_STATUS(bildung_rates_proportion_ci(five, five, 2, BILDUNG_PROPORTION_WILSON, 95.0,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_proportion_ci(five, five, 2, BILDUNG_PROPORTION_WILSON, NAN,
                                             BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_proportion_ci(five, five, 2, BILDUNG_PROPORTION_WILSON, 0.95, 7u,
                                             est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
}

static void poisson(void) {
    const double x[5] = {0, 1, 5, 20, 100};
    const double e[1] = {2400};
    const double five[1] = {5};
    const double byar_x[2] = {1, 50};
    const double neg[1] = {-1};
    double est[5], lo[5], hi[5];
    uint8_t cl[5];
    bildung_info info;
    h_context = "bildung_rates_poisson_ci";
    CHECK_STATUS(bildung_rates_poisson_ci(x, NULL, 5, BILDUNG_POISSON_EXACT, 0.95, 1.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK(lo[0] == 0.0);
    CHECK_NEAR(hi[0], 3.6889, TOL4);
    CHECK_NEAR(lo[1], 0.0253, TOL4);
    CHECK_NEAR(hi[2], 11.6683, TOL4);
    CHECK_NEAR(lo[3], 12.2165, TOL4);
    CHECK_NEAR(hi[4], 121.6268, TOL4);
    CHECK_STATUS(bildung_rates_poisson_ci(five, e, 1, BILDUNG_POISSON_EXACT, 0.95, 1000.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(est[0], 2.0833, TOL4);
    CHECK_NEAR(lo[0], 0.6765, TOL4);
    CHECK_NEAR(hi[0], 4.8618, TOL4);
    CHECK_STATUS(bildung_rates_poisson_ci(x + 1, NULL, 2, BILDUNG_POISSON_BYAR, 0.95, 1.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.0131, TOL4);
    CHECK_NEAR(hi[1], 11.6682, TOL4);
    CHECK_STATUS(bildung_rates_poisson_ci(byar_x, NULL, 2, BILDUNG_POISSON_BYAR, 0.999, 1.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, cl, NULL, &info),
                 BILDUNG_OK);
    CHECK(cl[0] == 1 && cl[1] == 0 && lo[0] == 0.0 && (info.flags & BILDUNG_FLAG_CLAMPED));
    CHECK_STATUS(bildung_rates_poisson_ci(five, neg, 1, BILDUNG_POISSON_EXACT, 0.95, 1.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_NEGATIVE_VALUE);
    CHECK_STATUS(bildung_rates_poisson_ci(five, NULL, 1, BILDUNG_POISSON_EXACT, 0.95, 0.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_poisson_ci(five, NULL, 1, 2u, 0.95, 1.0, BILDUNG_NAN_RAISE, est,
                                          lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_poisson_ci(NULL, NULL, 1, BILDUNG_POISSON_EXACT, 0.95, 1.0,
                                          BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
}

static void differences(void) {
    /* methods.md 3.3: 56/70 - 48/80 = 0.2000 [0.0524, 0.3339]; 5/56 - 0/29 */
    const double x1[2] = {56, 5}, n1[2] = {70, 56}, x2[2] = {48, 0}, n2[2] = {80, 29};
    const double x[3] = {56, 48, 0}, n[3] = {70, 80, 0};
    const double one_x[2] = {3, 0}, one_n[2] = {10, 0};
    double est[3], lo[3], hi[3];
    bildung_area_status st[3];
    h_context = "bildung_rates_proportion_difference_ci";
    CHECK_STATUS(bildung_rates_proportion_difference_ci(x1, n1, x2, n2, 2, 0.95, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, st, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(est[0], 0.2, 1e-12);
    CHECK_NEAR(lo[0], 0.0524, TOL4);
    CHECK_NEAR(hi[0], 0.3339, TOL4);
    CHECK_NEAR(lo[1], -0.0381, TOL4);
    CHECK_NEAR(hi[1], 0.1926, TOL4);
    CHECK_STATUS(bildung_rates_proportion_difference_ci(x1, n1, NULL, n2, 2, 0.95,
                                                        BILDUNG_NAN_RAISE, est, lo, hi, st, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("events2");
    h_context = "bildung_rates_proportion_difference_versus_rest";
    /* two areas with population: each against the other one */
    CHECK_STATUS(bildung_rates_proportion_difference_versus_rest(x, n, 3, 0.95, BILDUNG_NAN_RAISE,
                                                                 est, lo, hi, st, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.0524, TOL4);
    CHECK_NEAR(hi[0], 0.3339, TOL4);
    CHECK(st[2] == BILDUNG_AREA_EMPTY);
    CHECK_STATUS(bildung_rates_proportion_difference_versus_rest(
                     one_x, one_n, 2, 0.95, BILDUNG_NAN_RAISE, est, lo, hi, st, NULL),
                 BILDUNG_OK);
    CHECK(st[0] == BILDUNG_AREA_UNDEFINED && isnan(est[0]));
}

static void standardisation(void) {
    /* methods.md 3.4: x = (4, 10, 6), n = (300, 500, 200), standard (1000, 1500, 500) */
    const double x[6] = {4, 10, 6, 0, 0, 0};
    const double n[6] = {300, 500, 200, 10, 20, 30};
    const double w[3] = {1000, 1500, 500};
    const double ref[3] = {0.010, 0.018, 0.035};
    const double bad_w[2] = {1, 1};
    double est[2], lo[2], hi[2], se[2], crude[2], obs[2], ex[2], isr[2], crude_ref = 0;
    uint8_t few[2];
    bildung_area_status st[2];
    bildung_dsr_params dp = bildung_dsr_params_default();
    bildung_smr_params sp = bildung_smr_params_default();
    bildung_info info;
    h_context = "bildung_rates_direct_standardised_rate";
    CHECK(dp.method == BILDUNG_DSR_DOBSON && dp.level == 0.95 && dp.min_events == 10.0);
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 2, 3, w, NULL, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, se, crude, obs, few, st,
                                                        &info),
                 BILDUNG_OK);
    CHECK_NEAR(est[0], 0.019444, TOL6);
    CHECK_NEAR(lo[0], 0.011837, TOL6);
    CHECK_NEAR(hi[0], 0.030086, TOL6);
    CHECK_NEAR(se[0], 0.004371, TOL6);
    CHECK_NEAR(crude[0], 0.02, 1e-15);
    CHECK(obs[0] == 20.0 && few[0] == 0 && few[1] == 1);
    CHECK(st[0] == BILDUNG_AREA_OK && st[1] == BILDUNG_AREA_UNDEFINED);
    CHECK(est[1] == 0.0 && isnan(lo[1]));
    CHECK(info.n_used == 1);
    dp.method = BILDUNG_DSR_FAY_FEUER;
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 2, 3, w, &dp, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, st,
                                                        NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.011842, TOL6);
    CHECK_NEAR(hi[0], 0.030292, TOL6);
    CHECK(st[1] == BILDUNG_AREA_OK && lo[1] == 0.0 && hi[1] > 0.0);
    dp.method = BILDUNG_DSR_DOBSON_BYAR;
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 1, 3, w, &dp, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, NULL,
                                                        NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.011832, TOL6);
    CHECK_NEAR(hi[0], 0.030088, TOL6);
    dp.method = 9u;
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 1, 3, w, &dp, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, NULL,
                                                        NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    dp = bildung_dsr_params_default();
    dp.min_events = -1.0;
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 1, 3, w, &dp, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, NULL,
                                                        NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 1, 2, bad_w, NULL,
                                                        BILDUNG_NAN_RAISE, est, lo, hi, NULL,
                                                        NULL, NULL, NULL, NULL, NULL),
                 BILDUNG_OK); /* the first two strata only: a 1 x 2 table */
    CHECK_STATUS(bildung_rates_direct_standardised_rate(NULL, n, 1, 3, w, NULL, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, NULL,
                                                        NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, SIZE_MAX, 3, w, NULL,
                                                        BILDUNG_NAN_RAISE, est, lo, hi, NULL, NULL,
                                                        NULL, NULL, NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_rates_direct_standardised_rate(x, n, 0, 3, w, NULL, BILDUNG_NAN_RAISE,
                                                        est, lo, hi, NULL, NULL, NULL, NULL, NULL,
                                                        NULL),
                 BILDUNG_ERR_EMPTY_INPUT);

    h_context = "bildung_rates_indirect_standardised_ratio";
    CHECK(sp.method == BILDUNG_POISSON_EXACT && sp.multiplier == 1.0);
    CHECK_STATUS(bildung_rates_indirect_standardised_ratio(
                     x, n, 1, 3, ref, w, NULL, BILDUNG_NAN_RAISE, est, lo, hi, obs, ex, isr, NULL,
                     NULL, &crude_ref, NULL, st, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(est[0], 1.0526, TOL4);
    CHECK_NEAR(lo[0], 0.6430, TOL4);
    CHECK_NEAR(hi[0], 1.6257, TOL4);
    CHECK(obs[0] == 20.0);
    CHECK_NEAR(ex[0], 19.0, 1e-12);
    CHECK_NEAR(crude_ref, 0.018167, TOL6);
    CHECK_NEAR(isr[0], 0.019123, TOL6);
    sp.method = BILDUNG_POISSON_BYAR;
    CHECK_STATUS(bildung_rates_indirect_standardised_ratio(x, n, 1, 3, ref, NULL, &sp,
                                                           BILDUNG_NAN_RAISE, est, lo, hi, NULL,
                                                           NULL, NULL, NULL, NULL, NULL, NULL,
                                                           NULL, NULL),
                 BILDUNG_OK);
    CHECK_NEAR(lo[0], 0.6427, TOL4);
    CHECK_NEAR(hi[0], 1.6258, TOL4);
    fill(est, 2);
    CHECK_STATUS(bildung_rates_indirect_standardised_ratio(x, n, 1, 3, ref, NULL, NULL,
                                                           BILDUNG_NAN_RAISE, est, lo, hi, NULL,
                                                           NULL, isr, NULL, NULL, NULL, NULL,
                                                           NULL, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("reference_population");
    CHECK(est[0] == SENTINEL);
    CHECK_STATUS(bildung_rates_indirect_standardised_ratio(x, n, 1, 3, NULL, NULL, NULL,
                                                           BILDUNG_NAN_RAISE, est, lo, hi, NULL,
                                                           NULL, NULL, NULL, NULL, NULL, NULL,
                                                           NULL, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("reference_rates");
}

void run_rates_tests(void) {
    proportion_values();
    proportion_statuses_and_errors();
    poisson();
    differences();
    standardisation();
    h_context = NULL;
}
