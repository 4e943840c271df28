/*
 * The disclosure-control C API, part 1 (bildung_round_*, bildung_record_keys, bildung_cell_key*,
 * bildung_ptable_*, bildung_perturb, bildung_render_cell, bildung_table_to_csv / _json): hand
 * calculations written out below, NULL pointers, short buffers, bad parameters, outputs untouched
 * on failure; then every case of <golden dir>/perturbation.json (tests/golden/README.md,
 * "Rounding and cell key perturbation") through the C API.
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
#define TWO_53 9007199254740992.0

/* A hand-made ptable with binary-fraction intervals: row 1 [0,.25) -1, [.25,.75) 0, [.75,1) +1;
   row 2 (every count >= 2) [0,1/8) -2, [1/8,1/4) -1, [1/4,3/4) 0, [3/4,7/8) +1, [7/8,1) +2. */
static const char *const HAND_PTABLE =
    "i,j,p,v,p_int_lb,p_int_ub,type\n"
    "0,0,1,0,0,1,all\n"
    "1,0,0.25,-1,0,0.25,all\n"
    "1,1,0.5,0,0.25,0.75,all\n"
    "1,2,0.25,1,0.75,1,all\n"
    "2,0,0.125,-2,0,0.125,all\n"
    "2,1,0.125,-1,0.125,0.25,all\n"
    "2,2,0.5,0,0.25,0.75,all\n"
    "2,3,0.125,1,0.75,0.875,all\n"
    "2,4,0.125,2,0.875,1,all\n";

/* ============================================================================ statuses */

static void test_statuses(void) {
    h_context = "cell statuses";
    CHECK(strcmp(bildung_cell_status_name(BILDUNG_CELL_PUBLISHED), "published") == 0);
    CHECK(strcmp(bildung_cell_status_name(BILDUNG_CELL_LESS_THAN_HALF), "less_than_half") == 0);
    CHECK(strcmp(bildung_cell_status_name(BILDUNG_CELL_SECONDARY), "secondary") == 0);
    CHECK(strcmp(bildung_cell_status_name(BILDUNG_CELL_UNRELIABLE), "unreliable") == 0);
    CHECK(bildung_cell_status_name(9) == NULL);
    CHECK(strcmp(bildung_cell_status_public_name(BILDUNG_CELL_PRIMARY), "confidential") == 0);
    CHECK(strcmp(bildung_cell_status_public_name(BILDUNG_CELL_SECONDARY), "confidential") == 0);
    CHECK(strcmp(bildung_cell_status_public_name(BILDUNG_CELL_UNKNOWN), "unknown") == 0);
    CHECK(bildung_cell_status_public_name(9) == NULL);
    CHECK(bildung_cell_status_is_suppressed(BILDUNG_CELL_PUBLISHED) == 0);
    CHECK(bildung_cell_status_is_suppressed(BILDUNG_CELL_ZERO) == 0);
    CHECK(bildung_cell_status_is_suppressed(BILDUNG_CELL_LESS_THAN_HALF) == 0);
    CHECK(bildung_cell_status_is_suppressed(BILDUNG_CELL_PRIMARY) == 1);
    CHECK(bildung_cell_status_is_suppressed(BILDUNG_CELL_LATER) == 1);
    CHECK(bildung_cell_status_is_suppressed(255) == -1);
}

/* ============================================================================ rounding */

static void test_rounding(void) {
    /* 5er-Rundung: 0,1,2 -> 0; 3..7 -> 5; 8..12 -> 10; 13 -> 15 */
    const double x[8] = {0, 1, 2, 3, 7, 8, 12, 13};
    const double want[8] = {0, 0, 0, 5, 5, 10, 10, 15};
    const double ties[3] = {14, 15, 25}; /* base 10: 15 and 25 are ties and round up */
    const double bad[3] = {1, 2.5, 3};
    double out[8];
    int i;
    h_context = "bildung_round_to_base";
    CHECK_STATUS(bildung_round_to_base(x, 8, 5, out), BILDUNG_OK);
    for (i = 0; i < 8; i++) {
        CHECK_NEAR(out[i], want[i], 0.0);
    }
    CHECK_STATUS(bildung_round_to_base(ties, 3, 10, out), BILDUNG_OK);
    CHECK(out[0] == 10 && out[1] == 20 && out[2] == 30);
    /* 3er-Rundung: 1 -> 0, 2 -> 3, 4 -> 3, 5 -> 6 */
    {
        const double y[4] = {1, 2, 4, 5};
        CHECK_STATUS(bildung_round_to_base(y, 4, 3, out), BILDUNG_OK);
        CHECK(out[0] == 0 && out[1] == 3 && out[2] == 3 && out[3] == 6);
    }
    CHECK_STATUS(bildung_round_to_base(NULL, 0, 5, NULL), BILDUNG_OK);
    out[0] = SENTINEL;
    CHECK_STATUS(bildung_round_to_base(x, 8, 1, out), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("base");
    CHECK(out[0] == SENTINEL);
    CHECK_STATUS(bildung_round_to_base(bad, 3, 5, out), BILDUNG_ERR_INVALID_COUNT);
    CHECK_MESSAGE("values[1]");
    CHECK(out[0] == SENTINEL);
    CHECK_STATUS(bildung_round_to_base(NULL, 3, 5, out), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("`values` is NULL");
    CHECK_STATUS(bildung_round_to_base(x, 3, 5, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    {
        const double nan_in[2] = {3, NAN}, inf_in[1] = {INFINITY};
        CHECK_STATUS(bildung_round_to_base(nan_in, 2, 5, out), BILDUNG_ERR_MISSING_VALUE);
        CHECK_STATUS(bildung_round_to_base(inf_in, 1, 5, out), BILDUNG_ERR_NON_FINITE);
    }
}

static void test_round_table(void) {
    /* cells 3 + 3 + 3 = 9 (cell 3 the total), base 5: every cell 5, the total 10 != 15 */
    const double x[4] = {3, 3, 3, 9};
    const size_t totals[1] = {3}, offsets[2] = {0, 3}, parts[3] = {0, 1, 2};
    const double wrong[4] = {3, 3, 3, 10};
    const size_t bad_parts[3] = {0, 1, 7};
    const size_t bad_offsets[2] = {2, 1};
    double out[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    bildung_rounding_report rep;
    h_context = "bildung_round_table_counts";
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, totals, 1, offsets, parts, out, &rep),
                 BILDUNG_OK);
    CHECK(out[0] == 5 && out[1] == 5 && out[2] == 5 && out[3] == 10);
    CHECK(rep.totals_differ == 1 && rep.n_changed == 4);
    CHECK_NEAR(rep.max_abs_deviation, 2.0, 0.0);
    CHECK_NEAR(rep.max_total_discrepancy, 5.0, 0.0);
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, NULL, 0, NULL, NULL, out, NULL), BILDUNG_OK);
    out[0] = SENTINEL;
    CHECK_STATUS(bildung_round_table_counts(wrong, 4, 5, totals, 1, offsets, parts, out, &rep),
                 BILDUNG_ERR_INCONSISTENT_TABLE);
    CHECK(out[0] == SENTINEL);
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, totals, 1, offsets, bad_parts, out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, totals, 1, bad_offsets, parts, out, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("part_offsets");
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, totals, 1, NULL, parts, out, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("part_offsets");
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, totals, 1, offsets, NULL, out, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_round_table_counts(x, 4, 5, NULL, 1, offsets, parts, out, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
    CHECK(out[0] == SENTINEL);
}

/* ============================================================================ cell keys */

static void test_cell_keys(void) {
    const double k[2] = {0.5, 0.75};
    const double rk[4] = {0.5, 0.25, 0.75, 0.5};
    const size_t groups[4] = {0, 1, 0, 1};
    const size_t bad_groups[4] = {0, 1, 3, 1};
    const double bad_key[2] = {0.2, 1.0};
    double key = SENTINEL, keys[3], first[5], later[2];
    int i;
    h_context = "cell keys";
    CHECK_STATUS(bildung_cell_key(k, 2, &key), BILDUNG_OK);
    CHECK_NEAR(key, 0.25, 0.0); /* frac(0.5 + 0.75) */
    CHECK_STATUS(bildung_cell_key(NULL, 0, &key), BILDUNG_OK);
    CHECK_NEAR(key, 0.0, 0.0); /* an empty cell */
    key = SENTINEL;
    CHECK_STATUS(bildung_cell_key(bad_key, 2, &key), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK(key == SENTINEL);
    CHECK_STATUS(bildung_cell_key(k, 2, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_cell_keys_by_group(rk, groups, 4, 3, keys), BILDUNG_OK);
    CHECK(keys[0] == 0.25 && keys[1] == 0.75 && keys[2] == 0.0);
    CHECK_STATUS(bildung_cell_keys_by_group(rk, bad_groups, 4, 3, keys),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_cell_keys_by_group(rk, NULL, 4, 3, keys), BILDUNG_ERR_NULL_ARGUMENT);

    /* record keys: the keys from index 3 on are the tail of the keys from index 0 */
    CHECK_STATUS(bildung_record_keys(42, 0, 5, first), BILDUNG_OK);
    CHECK_STATUS(bildung_record_keys(42, 3, 2, later), BILDUNG_OK);
    CHECK(later[0] == first[3] && later[1] == first[4]);
    for (i = 0; i < 5; i++) {
        CHECK(first[i] >= 0.0 && first[i] < 1.0 && first[i] * TWO_53 == floor(first[i] * TWO_53));
    }
    CHECK_STATUS(bildung_record_keys(42, UINT64_MAX, 2, later), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_record_keys(42, 0, 2, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_record_keys(42, 0, 0, NULL), BILDUNG_OK);

    /* keyed cell keys: deterministic, secret-dependent, in [0, 1) */
    {
        double a, b, c;
        const char bad_utf8[3] = {'\xc3', '(', '\0'};
        CHECK_STATUS(bildung_cell_key_from_id("2024|0101|Gymnasium", 12345, &a), BILDUNG_OK);
        CHECK_STATUS(bildung_cell_key_from_id("2024|0101|Gymnasium", 12345, &b), BILDUNG_OK);
        CHECK_STATUS(bildung_cell_key_from_id("2024|0101|Gymnasium", 12346, &c), BILDUNG_OK);
        CHECK(a == b && a != c && a >= 0.0 && a < 1.0);
        CHECK_STATUS(bildung_cell_key_from_id(NULL, 1, &a), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_cell_key_from_id("x", 1, NULL), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_cell_key_from_id(bad_utf8, 1, &a), BILDUNG_ERR_INVALID_UTF8);
    }
}

/* ============================================================================ ptables */

static void test_ptable_csv(void) {
    bildung_ptable *t = NULL, *back = NULL;
    /* counts 0 0 1 1 1 1 2 2 7 100 with keys on and between the interval boundaries */
    const double counts[10] = {0, 0, 1, 1, 1, 1, 2, 2, 7, 100};
    const double keys[10] = {0.0, 0.999, 0.2, 0.25, 0.7499, 0.75, 0.124, 0.125, 0.875, 0.5};
    const double want[10] = {0, 0, 0, 1, 1, 2, 0, 1, 9, 100};
    double out[10];
    char *csv, *csv2, small[8];
    size_t needed = 0, needed2 = 0;
    int i;
    h_context = "bildung_ptable_from_csv";
    CHECK_STATUS(bildung_ptable_from_csv(HAND_PTABLE, &t), BILDUNG_OK);
    CHECK_STATUS(bildung_perturb(counts, keys, 10, t, out), BILDUNG_OK);
    for (i = 0; i < 10; i++) {
        CHECK_NEAR(out[i], want[i], 0.0);
    }
    /* the entries: 1 + 3 + 5 */
    {
        int64_t ri[9], v[9];
        double p[9], lo[9], hi[9];
        size_t len = 0, max_i = 0;
        CHECK_STATUS(bildung_ptable_entries(t, NULL, NULL, NULL, NULL, NULL, 0, &len, &max_i),
                     BILDUNG_ERR_BUFFER_SIZE);
        CHECK(len == 9 && max_i == 2);
        CHECK_STATUS(bildung_ptable_entries(t, ri, v, p, lo, hi, 9, &len, NULL), BILDUNG_OK);
        CHECK(ri[0] == 0 && v[0] == 0 && p[0] == 1.0);
        CHECK(ri[1] == 1 && v[1] == -1 && p[1] == 0.25 && lo[1] == 0.0 && hi[1] == 0.25);
        CHECK(ri[8] == 2 && v[8] == 2 && lo[8] == 0.875 && hi[8] == 1.0);
        CHECK_STATUS(bildung_ptable_entries(t, ri, v, p, lo, hi, 9, NULL, NULL),
                     BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_ptable_entries(t, ri, NULL, NULL, NULL, NULL, 8, &len, NULL),
                     BILDUNG_ERR_BUFFER_SIZE);
        CHECK(len == 9);
    }
    /* to CSV with the size query, and back to the same text */
    h_context = "bildung_ptable_to_csv";
    CHECK_STATUS(bildung_ptable_to_csv(t, NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed > 40);
    csv = (char *)malloc(needed);
    CHECK_STATUS(bildung_ptable_to_csv(t, csv, needed, NULL), BILDUNG_OK);
    CHECK(strncmp(csv, "i,j,p,v,p_int_lb,p_int_ub,type\n0,0,1,0,0,1,all\n", 47) == 0);
    CHECK(strlen(csv) + 1 == needed);
    CHECK_STATUS(bildung_ptable_from_csv(csv, &back), BILDUNG_OK);
    CHECK_STATUS(bildung_ptable_to_csv(back, NULL, 0, &needed2), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed2 == needed);
    csv2 = (char *)malloc(needed2);
    CHECK_STATUS(bildung_ptable_to_csv(back, csv2, needed2, NULL), BILDUNG_OK);
    CHECK(strcmp(csv, csv2) == 0);
    CHECK_STATUS(bildung_ptable_to_csv(t, small, sizeof small, &needed), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(strcmp(small, "i,j,p,v") == 0); /* truncated and NUL-terminated */
    CHECK_STATUS(bildung_ptable_to_csv(t, NULL, 5, &needed), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_ptable_to_csv(NULL, small, sizeof small, &needed),
                 BILDUNG_ERR_NULL_ARGUMENT);
    free(csv);
    free(csv2);

    /* perturb: bad input */
    h_context = "bildung_perturb";
    {
        const double c_bad[2] = {1, 2.5}, k_ok[2] = {0.5, 0.5}, k_one[2] = {0.5, 1.0};
        const double c_nan[1] = {NAN};
        out[0] = SENTINEL;
        CHECK_STATUS(bildung_perturb(c_bad, k_ok, 2, t, out), BILDUNG_ERR_INVALID_COUNT);
        CHECK_MESSAGE("counts[1]");
        CHECK_STATUS(bildung_perturb(counts, k_one, 2, t, out), BILDUNG_ERR_INVALID_PARAMETER);
        CHECK_STATUS(bildung_perturb(c_nan, k_ok, 1, t, out), BILDUNG_ERR_MISSING_VALUE);
        CHECK_STATUS(bildung_perturb(counts, keys, 2, NULL, out), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_perturb(counts, NULL, 2, t, out), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK_STATUS(bildung_perturb(counts, keys, 2, t, NULL), BILDUNG_ERR_NULL_ARGUMENT);
        CHECK(out[0] == SENTINEL);
        CHECK_STATUS(bildung_perturb(NULL, NULL, 0, t, NULL), BILDUNG_OK);
    }
    bildung_ptable_free(t);
    bildung_ptable_free(back);
    bildung_ptable_free(NULL);

    /* malformed files leave *out alone */
    h_context = "bildung_ptable_from_csv errors";
    t = (bildung_ptable *)&needed; /* a non-NULL marker that must not be overwritten */
    CHECK_STATUS(bildung_ptable_from_csv("i,j,p,v,p_int_lb,p_int_ub\n1,1,1,0,0,1\n", &t),
                 BILDUNG_ERR_MALFORMED_INPUT);
    CHECK(t == (bildung_ptable *)&needed);
    CHECK_STATUS(bildung_ptable_from_csv(NULL, &t), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_ptable_from_csv(HAND_PTABLE, NULL), BILDUNG_ERR_NULL_ARGUMENT);
}

static void test_ptable_generate(void) {
    bildung_ptable_params p = bildung_ptable_params_default();
    bildung_ptable *t = NULL;
    int64_t ri[4], v[4];
    double pr[4], lo[4], hi[4];
    size_t len = 0, max_i = 0;
    h_context = "bildung_ptable_generate";
    CHECK(p.max_deviation == 0 && isnan(p.variance) && p.js == 0);
    /* the default has no D and V: the caller must choose them */
    CHECK_STATUS(bildung_ptable_generate(&p, &t), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("max_deviation");
    CHECK(t == NULL);
    /* D = 1, V = 0.5: support {-1, 0, 1}, mean 0 and E v^2 = 0.5 force p = 1/4, 1/2, 1/4 */
    p.max_deviation = 1;
    p.variance = 0.5;
    CHECK_STATUS(bildung_ptable_generate(&p, &t), BILDUNG_OK);
    CHECK_STATUS(bildung_ptable_entries(t, ri, v, pr, lo, hi, 4, &len, &max_i), BILDUNG_OK);
    CHECK(len == 4 && max_i == 1);
    CHECK(ri[0] == 0 && v[0] == 0 && pr[0] == 1.0);
    CHECK(ri[1] == 1 && ri[2] == 1 && ri[3] == 1 && v[1] == -1 && v[2] == 0 && v[3] == 1);
    CHECK_NEAR(pr[1], 0.25, 1e-12);
    CHECK_NEAR(pr[2], 0.5, 1e-12);
    CHECK_NEAR(pr[3], 0.25, 1e-12);
    CHECK_NEAR(lo[2], 0.25, 1e-12);
    CHECK_NEAR(hi[2], 0.75, 1e-12);
    CHECK(hi[3] == 1.0);
    bildung_ptable_free(t);
    /* D = 2: row 1 has support {-1, 0, 1, 2}; a mean-0 variance must be below 1 * 2 = 2 */
    t = NULL;
    p.max_deviation = 2;
    p.variance = 2.0;
    CHECK_STATUS(bildung_ptable_generate(&p, &t), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("row 1");
    CHECK(t == NULL);
    p.max_deviation = 1001;
    p.variance = 1.0;
    CHECK_STATUS(bildung_ptable_generate(&p, &t), BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_STATUS(bildung_ptable_generate(NULL, &t), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_STATUS(bildung_ptable_generate(&p, NULL), BILDUNG_ERR_NULL_ARGUMENT);
}

/* ============================================================================ rendering */

static int render_is(double value, bildung_cell_status s, bildung_cell_flags f, uint32_t dec,
                     const bildung_render_options *o, const char *want) {
    char buf[64];
    size_t needed = 0;
    if (bildung_render_cell(value, s, f, dec, o, buf, sizeof buf, &needed) != BILDUNG_OK) {
        return 0;
    }
    return strcmp(buf, want) == 0 && needed == strlen(want) + 1;
}

static void test_render_cell(void) {
    bildung_render_options en = bildung_render_options_default();
    bildung_render_options letter = bildung_render_options_default();
    bildung_render_options zh = bildung_render_options_default();
    const char *zurich[9] = {NULL, NULL, NULL, "( )", NULL, NULL, NULL, NULL, NULL};
    const char *bad_published[9] = {"p", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    const char *blank[9] = {NULL, NULL, NULL, " ", NULL, NULL, NULL, NULL, NULL};
    char buf[8];
    size_t needed = 0;
    h_context = "bildung_render_cell";
    CHECK(en.number_format == BILDUNG_NUMBER_FORMAT_GERMAN);
    CHECK(en.symbols == BILDUNG_SYMBOLS_CLASSICAL && en.status_symbols == NULL);
    CHECK(en.group_digits == 0 && en.status_columns == 0 && en.level_column == 0);
    en.number_format = BILDUNG_NUMBER_FORMAT_ENGLISH;
    letter.symbols = BILDUNG_SYMBOLS_LETTER;
    zh.status_symbols = zurich;
    /* numbers: German 1.234,5, English 1,234.5; commercial rounding */
    CHECK(render_is(1234.5, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, "1.234,5"));
    CHECK(render_is(1234.5, BILDUNG_CELL_PUBLISHED, 0, 1, &en, "1,234.5"));
    CHECK(render_is(-1234567.0, BILDUNG_CELL_PUBLISHED, 0, 0, NULL, "-1.234.567"));
    CHECK(render_is(12.34, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, "12,3"));
    /* exact zero and values that round to zero */
    CHECK(render_is(0.0, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, "-"));
    CHECK(render_is(0.04, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, "0,0"));
    CHECK(render_is(0.3, BILDUNG_CELL_PUBLISHED, 0, 0, &letter, "k"));
    CHECK(render_is(0.0, BILDUNG_CELL_PUBLISHED, 0, 0, &letter, "0"));
    /* suppressed: the symbol, never the value (NaN allowed) */
    CHECK(render_is(7.0, BILDUNG_CELL_PRIMARY, 0, 0, NULL, "."));
    CHECK(render_is(NAN, BILDUNG_CELL_SECONDARY, 0, 0, NULL, "."));
    CHECK(render_is(7.0, BILDUNG_CELL_PRIMARY, 0, 0, &letter, "g"));
    CHECK(render_is(7.0, BILDUNG_CELL_LATER, 0, 0, NULL, "..."));
    CHECK(render_is(7.0, BILDUNG_CELL_NOT_MEANINGFUL, 0, 0, NULL, "x"));
    CHECK(render_is(7.0, BILDUNG_CELL_UNRELIABLE, 0, 0, NULL, "/"));
    CHECK(render_is(7.0, BILDUNG_CELL_PRIMARY, 0, 0, &zh, "( )"));
    CHECK(render_is(7.0, BILDUNG_CELL_SECONDARY, 0, 0, &zh, "."));
    /* qualifiers: provisional p, limited reliability in parentheses */
    CHECK(render_is(12.0, BILDUNG_CELL_PUBLISHED, BILDUNG_CELL_FLAG_PROVISIONAL, 0, NULL, "12 p"));
    CHECK(render_is(12.0, BILDUNG_CELL_PUBLISHED, BILDUNG_CELL_FLAG_LIMITED, 0, NULL, "(12)"));
    /* a short buffer: truncated, NUL-terminated, needed length reported */
    CHECK_STATUS(bildung_render_cell(1234.5, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, buf, 3, &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == 8 && strcmp(buf, "1.") == 0);
    CHECK_STATUS(bildung_render_cell(1234.5, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, NULL, 0, &needed),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == 8);
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 1, NULL, NULL, 4, &needed),
                 BILDUNG_ERR_NULL_ARGUMENT);
    /* bad input */
    CHECK_STATUS(bildung_render_cell(1.0, 9, 0, 0, NULL, buf, sizeof buf, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("status");
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 256, 0, NULL, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("flags");
    CHECK_STATUS(bildung_render_cell(NAN, BILDUNG_CELL_PUBLISHED, 0, 0, NULL, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_MISSING_VALUE);
    CHECK_STATUS(bildung_render_cell(INFINITY, BILDUNG_CELL_PUBLISHED, 0, 0, NULL, buf,
                                     sizeof buf, NULL),
                 BILDUNG_ERR_NON_FINITE);
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 13, NULL, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    en.number_format = 7;
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 0, &en, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("number_format");
    letter.symbols = 2;
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 0, &letter, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    zh.status_symbols = bad_published;
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 0, &zh, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    zh.status_symbols = blank;
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 0, &zh, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    zh.status_symbols = NULL;
    zh.group_digits = 2;
    CHECK_STATUS(bildung_render_cell(1.0, BILDUNG_CELL_PUBLISHED, 0, 0, &zh, buf, sizeof buf,
                                     NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("group_digits");
}

/* A 3 x 2 table: city with two districts; the Süd cells of column 2 are suppressed. */
static const char *const ROWS[3] = {"Stadt", "Nord; Ost", "S\xc3\xbc" "d"};
static const size_t LEVELS[3] = {0, 1, 1};
static const char *const COLS[2] = {"Abg\xc3\xa4nger", "Quote"};
static const uint32_t DECIMALS[2] = {0, 1};
static const char *const UNITS[2] = {NULL, "%"};
static const double VALUES[6] = {1234, 12.34, 1000, 0.0, 234, 4711.5};
static const bildung_cell_status STATUS[6] = {BILDUNG_CELL_PUBLISHED, BILDUNG_CELL_PUBLISHED,
                                              BILDUNG_CELL_PUBLISHED, BILDUNG_CELL_PUBLISHED,
                                              BILDUNG_CELL_PUBLISHED, BILDUNG_CELL_PRIMARY};
static const bildung_cell_flags FLAGS[6] = {0, BILDUNG_CELL_FLAG_PROVISIONAL, 0, 0, 0, 0};

static bildung_publish_table make_table(void) {
    bildung_publish_table t;
    memset(&t, 0, sizeof t);
    t.title = "Schulabg\xc3\xa4nger 2023";
    t.row_header = "Gebiet";
    t.row_labels = ROWS;
    t.row_levels = LEVELS;
    t.rows = 3;
    t.column_labels = COLS;
    t.column_decimals = DECIMALS;
    t.column_units = UNITS;
    t.cols = 2;
    t.values = VALUES;
    t.status = STATUS;
    t.flags = FLAGS;
    return t;
}

static void test_table_csv(void) {
    bildung_publish_table t = make_table();
    bildung_render_options o = bildung_render_options_default();
    char buf[1024], small[10];
    size_t needed = 0;
    bildung_cell_status bad_status[6];
    /* RFC 4180 with ';', CRLF, the field with ';' quoted, "-" for 0, "." for the secret cell,
       "12,3 p" for the provisional value; without thousands separators */
    const char *want = "Gebiet;Abg\xc3\xa4nger;Quote (%)\r\n"
                       "Stadt;1234;12,3 p\r\n"
                       "\"Nord; Ost\";1000;-\r\n"
                       "S\xc3\xbc" "d;234;.\r\n";
    const char *want_en = "Gebiet,level,Abg\xc3\xa4nger,Abg\xc3\xa4nger [status],"
                          "Abg\xc3\xa4nger [flags],Quote (%),Quote (%) [status],Quote (%) [flags]\r\n"
                          "Stadt,0,\"1,234\",published,,12.3 p,published,provisional\r\n"
                          "Nord; Ost,1,\"1,000\",published,,-,zero,\r\n" /* no ',' */
                          "S\xc3\xbc" "d,1,234,published,,.,confidential,\r\n";
    h_context = "bildung_table_to_csv";
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, &needed), BILDUNG_OK);
    CHECK(strcmp(buf, want) == 0);
    CHECK(needed == strlen(want) + 1);
    if (strcmp(buf, want) != 0) {
        printf("     got: %s\n", buf);
    }
    CHECK(strstr(buf, "4711") == NULL); /* the suppressed value is never written */
    o.number_format = BILDUNG_NUMBER_FORMAT_ENGLISH;
    o.group_digits = 1;
    o.status_columns = 1;
    o.level_column = 1;
    CHECK_STATUS(bildung_table_to_csv(&t, &o, buf, sizeof buf, &needed), BILDUNG_OK);
    CHECK(strcmp(buf, want_en) == 0);
    if (strcmp(buf, want_en) != 0) {
        printf("     got: %s\n", buf);
    }
    CHECK(strstr(buf, "4711") == NULL);
    /* size query and truncation */
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    CHECK(needed == strlen(want) + 1);
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, small, sizeof small, NULL),
                 BILDUNG_ERR_BUFFER_SIZE);
    CHECK(strcmp(small, "Gebiet;Ab") == 0);
    /* optional arrays: all published, level 0, 0 decimals, no units */
    t.status = NULL;
    t.flags = NULL;
    t.row_levels = NULL;
    t.column_decimals = NULL;
    t.column_units = NULL;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL), BILDUNG_OK);
    CHECK(strstr(buf, "S\xc3\xbc" "d;234;4712\r\n") != NULL); /* 4711.5 rounds up */
    CHECK(strstr(buf, "Stadt;1234;12\r\n") != NULL);
    /* errors */
    t = make_table();
    memcpy(bad_status, STATUS, sizeof bad_status);
    bad_status[3] = BILDUNG_CELL_LESS_THAN_HALF; /* value 0 cannot be "less than half" */
    t.status = bad_status;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL),
                 BILDUNG_ERR_MALFORMED_INPUT);
    bad_status[3] = 12;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("table->status");
    t = make_table();
    t.rows = 0;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL), BILDUNG_ERR_EMPTY_INPUT);
    t = make_table();
    t.row_labels = NULL;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("table->row_labels");
    t = make_table();
    t.row_header = NULL;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    t = make_table();
    t.values = NULL;
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL), BILDUNG_ERR_NULL_ARGUMENT);
    t = make_table();
    {
        const size_t jump[3] = {0, 2, 1};
        t.row_levels = jump;
        CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL),
                     BILDUNG_ERR_MALFORMED_INPUT);
    }
    t = make_table();
    t.rows = SIZE_MAX / 2; /* rows * cols overflows: rejected before any array is read */
    CHECK_STATUS(bildung_table_to_csv(&t, NULL, buf, sizeof buf, NULL),
                 BILDUNG_ERR_INVALID_PARAMETER);
    CHECK_MESSAGE("rows * cols");
    CHECK_STATUS(bildung_table_to_csv(NULL, NULL, buf, sizeof buf, NULL),
                 BILDUNG_ERR_NULL_ARGUMENT);
}

static void test_table_json(void) {
    bildung_publish_table t = make_table();
    const char *notes[1] = {"Ohne Schulen in freier Tr\xc3\xa4gerschaft."};
    char *buf;
    size_t needed = 0;
    cJSON *doc;
    h_context = "bildung_table_to_json";
    t.notes = notes;
    t.n_notes = 1;
    t.source = "Amt f\xc3\xbcr Statistik";
    CHECK_STATUS(bildung_table_to_json(&t, NULL, NULL, 0, &needed), BILDUNG_ERR_BUFFER_SIZE);
    buf = (char *)malloc(needed);
    CHECK_STATUS(bildung_table_to_json(&t, NULL, buf, needed, NULL), BILDUNG_OK);
    doc = cJSON_Parse(buf);
    CHECK(doc != NULL);
    CHECK(strstr(buf, "4711") == NULL);
    CHECK(strstr(buf, "Schulabg\xc3\xa4nger 2023") != NULL);
    /* published files do not tell primary from secondary suppression */
    CHECK(strstr(buf, "\"confidential\"") != NULL);
    CHECK(strstr(buf, "primary") == NULL);
    CHECK(strstr(buf, "freier Tr\xc3\xa4gerschaft") != NULL);
    CHECK(strstr(buf, "Amt f\xc3\xbcr Statistik") != NULL);
    cJSON_Delete(doc);
    free(buf);
    t.n_notes = 2;
    t.notes = NULL;
    CHECK_STATUS(bildung_table_to_json(&t, NULL, NULL, 0, &needed), BILDUNG_ERR_NULL_ARGUMENT);
    CHECK_MESSAGE("table->notes");
}

/* ============================================================================ golden cases */

static const cJSON *get(const cJSON *o, const char *k) {
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static uint64_t u64_of(const cJSON *item) {
    if (cJSON_IsString(item)) {
        return (uint64_t)strtoull(item->valuestring, NULL, 10);
    }
    return cJSON_IsNumber(item) ? (uint64_t)item->valuedouble : 0;
}

/* Compare `got[0..n]` with the JSON array `want` to `tol`; 0 on any difference. */
static int same_numbers(const double *got, size_t n, const cJSON *want, double tol) {
    size_t m = 0, i;
    double *w = h_json_numbers(want, &m);
    int ok = w != NULL && m == n;
    for (i = 0; ok && i < n; i++) {
        ok = fabs(got[i] - w[i]) <= tol;
    }
    free(w);
    return ok;
}

/* key_bits: the keys times 2^53, exact integers below 2^53. */
static int same_bits(const double *got, size_t n, const cJSON *want) {
    size_t m = 0, i;
    double *w = h_json_numbers(want, &m);
    int ok = w != NULL && m == n;
    for (i = 0; ok && i < n; i++) {
        ok = got[i] * TWO_53 == w[i];
    }
    free(w);
    return ok;
}

static double tol_of(const cJSON *c, const char *field) {
    const cJSON *ft = get(get(c, "field_tolerance"), field);
    const cJSON *t = ft != NULL ? ft : get(c, "tolerance");
    const cJSON *a = get(t, "abs");
    return cJSON_IsNumber(a) ? a->valuedouble : 0.0;
}

/* The ptable of a case: ptable_csv or ptable_params / params. */
static bildung_status case_ptable(const cJSON *c, bildung_ptable **t) {
    const cJSON *text = get(c, "ptable_csv");
    const cJSON *pp = get(c, "ptable_params");
    bildung_ptable_params p = bildung_ptable_params_default();
    if (cJSON_IsString(text)) {
        return bildung_ptable_from_csv(text->valuestring, t);
    }
    if (pp == NULL) {
        pp = get(c, "params");
    }
    p.max_deviation = (uint32_t)h_json_number(get(pp, "max_deviation"));
    p.variance = h_json_number(get(pp, "variance"));
    p.js = (uint32_t)h_json_number(get(pp, "js"));
    return bildung_ptable_generate(&p, t);
}

/* Run one case; returns the status; *ok = 1 when every expected field matched. */
static bildung_status run_case(const cJSON *c, int *ok) {
    const char *f = get(c, "function")->valuestring;
    const cJSON *exp = get(c, "expected");
    bildung_status st = BILDUNG_ERR_PANIC;
    *ok = 0;
    if (strcmp(f, "round_to_base") == 0 || strcmp(f, "round_table_counts") == 0) {
        size_t n = 0, r, k, n_rel = 0, n_parts = 0;
        double *x = h_json_numbers(get(c, "values"), &n);
        double *out = (double *)calloc(n > 0 ? n : 1, sizeof(double));
        uint32_t base = (uint32_t)h_json_number(get(get(c, "params"), "base"));
        if (strcmp(f, "round_to_base") == 0) {
            st = bildung_round_to_base(x, n, base, out);
            *ok = st == BILDUNG_OK && same_numbers(out, n, get(exp, "rounded"), 0.0);
        } else {
            const cJSON *rels = get(c, "relations"), *rel, *p;
            size_t *totals, *offsets, *parts;
            bildung_rounding_report rep;
            n_rel = (size_t)cJSON_GetArraySize(rels);
            cJSON_ArrayForEach(rel, rels) {
                n_parts += (size_t)cJSON_GetArraySize(cJSON_GetArrayItem(rel, 1));
            }
            totals = (size_t *)calloc(n_rel + 1, sizeof(size_t));
            offsets = (size_t *)calloc(n_rel + 1, sizeof(size_t));
            parts = (size_t *)calloc(n_parts + 1, sizeof(size_t));
            r = 0;
            k = 0;
            cJSON_ArrayForEach(rel, rels) {
                totals[r] = (size_t)h_json_number(cJSON_GetArrayItem(rel, 0));
                cJSON_ArrayForEach(p, cJSON_GetArrayItem(rel, 1)) {
                    parts[k++] = (size_t)h_json_number(p);
                }
                offsets[++r] = k;
            }
            st = bildung_round_table_counts(x, n, base, totals, n_rel, offsets, parts, out, &rep);
            *ok = st == BILDUNG_OK && same_numbers(out, n, get(exp, "rounded"), 0.0) &&
                  rep.max_abs_deviation == h_json_number(get(exp, "max_abs_deviation")) &&
                  (double)rep.n_changed == h_json_number(get(exp, "n_changed")) &&
                  (double)rep.totals_differ == h_json_number(get(exp, "totals_differ")) &&
                  rep.max_total_discrepancy == h_json_number(get(exp, "max_total_discrepancy"));
            free(totals);
            free(offsets);
            free(parts);
        }
        free(x);
        free(out);
    } else if (strcmp(f, "record_keys") == 0) {
        size_t n = (size_t)h_json_number(get(c, "n"));
        double *out = (double *)calloc(n > 0 ? n : 1, sizeof(double));
        st = bildung_record_keys(u64_of(get(c, "seed")), u64_of(get(c, "start")), n, out);
        *ok = st == BILDUNG_OK && same_bits(out, n, get(exp, "key_bits")) &&
              same_numbers(out, n, get(exp, "keys"), tol_of(c, "keys"));
        free(out);
    } else if (strcmp(f, "cell_key") == 0 || strcmp(f, "cell_keys_by_group") == 0) {
        size_t n = 0, m = 0, i;
        const cJSON *bits = get(c, "record_key_bits");
        double *k = h_json_numbers(bits != NULL ? bits : get(c, "record_keys"), &n);
        if (bits != NULL) {
            for (i = 0; i < n; i++) {
                k[i] /= TWO_53; /* exact: the keys are multiples of 2^-53 */
            }
        }
        if (strcmp(f, "cell_key") == 0) {
            double key = SENTINEL;
            st = bildung_cell_key(k, n, &key);
            *ok = st == BILDUNG_OK && key * TWO_53 == h_json_number(get(exp, "key_bits")) &&
                  fabs(key - h_json_number(get(exp, "key"))) <= tol_of(c, "key");
        } else {
            double *g = h_json_numbers(get(c, "groups"), &m);
            size_t n_cells = (size_t)h_json_number(get(c, "n_cells"));
            size_t *groups = (size_t *)calloc(m > 0 ? m : 1, sizeof(size_t));
            double *out = (double *)calloc(n_cells > 0 ? n_cells : 1, sizeof(double));
            for (i = 0; i < m; i++) {
                groups[i] = (size_t)g[i];
            }
            if (m != n) {
                /* C passes one n for both arrays: a length mismatch cannot be expressed */
                st = BILDUNG_ERR_SHAPE_MISMATCH;
            } else {
                st = bildung_cell_keys_by_group(k, groups, n, n_cells, out);
            }
            *ok = st == BILDUNG_OK && same_bits(out, n_cells, get(exp, "key_bits")) &&
                  same_numbers(out, n_cells, get(exp, "keys"), tol_of(c, "keys"));
            free(g);
            free(groups);
            free(out);
        }
        free(k);
    } else if (strcmp(f, "cell_key_from_id") == 0) {
        double key = SENTINEL;
        st = bildung_cell_key_from_id(get(c, "cell_id")->valuestring, u64_of(get(c, "secret")),
                                      &key);
        *ok = st == BILDUNG_OK && key * TWO_53 == h_json_number(get(exp, "key_bits")) &&
              fabs(key - h_json_number(get(exp, "key"))) <= tol_of(c, "key");
    } else if (strcmp(f, "ptable_generate") == 0) {
        bildung_ptable *t = NULL;
        st = case_ptable(c, &t);
        if (st == BILDUNG_OK) {
            size_t len = 0, max_i = 0, i;
            int64_t *ri, *v;
            double *p, *lo, *hi, *di, *dj, *dv, tol = tol_of(c, "p");
            st = bildung_ptable_entries(t, NULL, NULL, NULL, NULL, NULL, 0, &len, &max_i);
            ri = (int64_t *)calloc(len + 1, sizeof(int64_t));
            v = (int64_t *)calloc(len + 1, sizeof(int64_t));
            p = (double *)calloc(len + 1, sizeof(double));
            lo = (double *)calloc(len + 1, sizeof(double));
            hi = (double *)calloc(len + 1, sizeof(double));
            di = (double *)calloc(len + 1, sizeof(double));
            dj = (double *)calloc(len + 1, sizeof(double));
            dv = (double *)calloc(len + 1, sizeof(double));
            if (st == BILDUNG_ERR_BUFFER_SIZE) {
                st = bildung_ptable_entries(t, ri, v, p, lo, hi, len, &len, NULL);
            }
            for (i = 0; i < len; i++) {
                di[i] = (double)ri[i];
                dv[i] = (double)v[i];
                dj[i] = (double)(ri[i] + v[i]);
            }
            *ok = st == BILDUNG_OK && (double)max_i == h_json_number(get(exp, "max_i")) &&
                  same_numbers(di, len, get(exp, "i"), 0.0) &&
                  same_numbers(dj, len, get(exp, "j"), 0.0) &&
                  same_numbers(dv, len, get(exp, "v"), 0.0) &&
                  same_numbers(p, len, get(exp, "p"), tol) &&
                  same_numbers(lo, len, get(exp, "p_int_lb"), tol) &&
                  same_numbers(hi, len, get(exp, "p_int_ub"), tol);
            free(ri);
            free(v);
            free(p);
            free(lo);
            free(hi);
            free(di);
            free(dj);
            free(dv);
        }
        bildung_ptable_free(t);
    } else if (strcmp(f, "perturb") == 0 || strcmp(f, "perturb_ids") == 0) {
        bildung_ptable *t = NULL;
        size_t n = 0, m = 0, i;
        double *counts = h_json_numbers(get(c, "counts"), &n);
        double *keys = NULL, *out = (double *)calloc(n > 0 ? n : 1, sizeof(double));
        int keys_ok = 1;
        if (strcmp(f, "perturb_ids") == 0) {
            const cJSON *ids = get(c, "cell_ids");
            uint64_t secret = u64_of(get(c, "secret"));
            m = (size_t)cJSON_GetArraySize(ids);
            keys = (double *)calloc(m > 0 ? m : 1, sizeof(double));
            for (i = 0; i < m; i++) {
                if (bildung_cell_key_from_id(cJSON_GetArrayItem(ids, (int)i)->valuestring, secret,
                                             &keys[i]) != BILDUNG_OK) {
                    keys_ok = 0;
                }
            }
            keys_ok = keys_ok && same_numbers(keys, m, get(exp, "cell_keys"),
                                              tol_of(c, "cell_keys"));
        } else {
            keys = h_json_numbers(get(c, "cell_keys"), &m);
        }
        st = case_ptable(c, &t);
        if (st == BILDUNG_OK) {
            /* one n for both arrays in C: a length mismatch is the caller's ShapeMismatch */
            st = m != n ? BILDUNG_ERR_SHAPE_MISMATCH : bildung_perturb(counts, keys, n, t, out);
        }
        *ok = st == BILDUNG_OK && keys_ok && same_numbers(out, n, get(exp, "perturbed"), 0.0);
        bildung_ptable_free(t);
        free(counts);
        free(keys);
        free(out);
    } else {
        st = BILDUNG_ERR_PANIC;
    }
    return st;
}

static void run_golden_perturbation(const char *dir) {
    char msg[512], where[64];
    cJSON *doc;
    const cJSON *c;
    int n = 0, bad = 0;
    doc = h_golden_open(dir, "perturbation.json");
    if (doc == NULL) {
        return;
    }
    cJSON_ArrayForEach(c, get(doc, "cases")) {
        const char *id = get(c, "id")->valuestring;
        const cJSON *want_err = get(c, "expected_error");
        const cJSON *err_index = get(c, "error_index");
        int ok = 0, before = h_failed;
        bildung_status st = run_case(c, &ok);
        n++;
        h_context = id;
        if (cJSON_IsString(want_err)) {
            bildung_status want = BILDUNG_OK;
            int known = h_status_of_kind(want_err->valuestring, &want);
            CHECK(known);
            CHECK_STATUS(st, want);
            /* the message names the position: `what[k]` or "position k" */
            if (cJSON_IsNumber(err_index) && st == want && want != BILDUNG_ERR_SHAPE_MISMATCH &&
                want != BILDUNG_ERR_INCONSISTENT_TABLE) {
                h_last_error(msg, sizeof msg);
                snprintf(where, sizeof where, "[%d]", err_index->valueint);
                if (strstr(msg, where) == NULL) {
                    snprintf(where, sizeof where, "position %d", err_index->valueint);
                }
                CHECK_MESSAGE(where);
            }
        } else {
            CHECK_STATUS(st, BILDUNG_OK);
            if (!ok) {
                printf("FAIL golden case %s: results differ from `expected`\n", id);
            }
            CHECK(ok);
        }
        bad += h_failed > before;
    }
    h_context = "perturbation.json";
    CHECK(n >= 60);
    printf("golden (%s/%s): %d cases, %d passed, %d failed\n", dir, "perturbation.json", n, n - bad, bad);
    cJSON_Delete(doc);
    h_context = NULL;
}

void run_disclosure_tests(const char *golden_dir) {
    test_statuses();
    test_rounding();
    test_round_table();
    test_cell_keys();
    test_ptable_csv();
    test_ptable_generate();
    test_render_cell();
    test_table_csv();
    test_table_json();
    h_context = NULL;
    if (golden_dir != NULL) {
        run_golden_perturbation(golden_dir);
    }
}
