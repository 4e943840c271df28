/*
 * Golden rates cases (tests/golden/README.md, section "Rates") through the C API: reads
 * <golden dir>/rates.json with cJSON, calls bildung_rates_<function> for every case and compares
 * every field of `expected` (numbers within `tolerance`: abs or rel, either suffices; NaN only
 * matches NaN; indicators and statuses exactly) or the status with `expected_error`. Prints one
 * line per failing case with its id; each case counts once. Cases whose arrays differ in length
 * cannot be expressed in C (one `n` for all arrays): they are reported as skipped.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "golden_json.h"
#include "harness.h"

#define MAX_FIELDS 12

typedef struct {
    double *v;
    size_t n;
    int present;
} vec;

/* A table: rows x cols, row-major. */
typedef struct {
    double *v;
    size_t rows, cols;
} table;

/* The computed result: named per-area columns (doubles or bytes) and scalars. */
typedef struct {
    const char *name;
    double *d;
    uint8_t *b;
    size_t n;
} column;

typedef struct {
    column cols[MAX_FIELDS];
    int ncols;
    bildung_area_status *status;
    size_t n;
    double crude;
    int has_crude;
} result;

static vec read_vec(const cJSON *arr) {
    vec out = {NULL, 0, 0};
    const cJSON *item;
    size_t i = 0;
    if (arr == NULL || cJSON_IsNull(arr)) {
        return out;
    }
    out.present = 1;
    out.n = (size_t)cJSON_GetArraySize(arr);
    out.v = (double *)malloc((out.n > 0 ? out.n : 1) * sizeof(double));
    cJSON_ArrayForEach(item, arr) { out.v[i++] = h_json_number(item); }
    return out;
}

static table read_table(const cJSON *arr) {
    table t = {NULL, 0, 0};
    t.v = h_json_matrix(arr, &t.rows, &t.cols);
    return t;
}

static const char *param_str(const cJSON *params, const char *key, const char *fallback) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

static double param_num(const cJSON *params, const char *key, double fallback) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

/* Option names to C constants; unknown names give an invalid value the library must reject. */
static uint32_t code_of(const char *name, const char *const *names, size_t count) {
    size_t i;
    for (i = 0; i < count; i++) {
        if (strcmp(name, names[i]) == 0) {
            return (uint32_t)i;
        }
    }
    return 0xFFFFu;
}

static const char *const PROPORTION[] = {"wilson", "clopper_pearson", "agresti_coull", "jeffreys",
                                         "wald"};
static const char *const POISSON[] = {"exact", "byar"};
static const char *const DSR[] = {"dobson", "dobson_byar", "fay_feuer"};
static const char *const POLICY[] = {"raise", "omit", "propagate"};
static const char *const STATUS[] = {"ok", "missing", "empty", "undefined"};

static column *add_column(result *r, const char *name, int bytes) {
    column *c = &r->cols[r->ncols++];
    c->name = name;
    c->n = r->n;
    c->d = bytes ? NULL : (double *)calloc(r->n > 0 ? r->n : 1, sizeof(double));
    c->b = bytes ? (uint8_t *)calloc(r->n > 0 ? r->n : 1, 1) : NULL;
    return c;
}

static double *col(result *r, const char *name) { return add_column(r, name, 0)->d; }
static uint8_t *bcol(result *r, const char *name) { return add_column(r, name, 1)->b; }

static void free_result(result *r) {
    int i;
    for (i = 0; i < r->ncols; i++) {
        free(r->cols[i].d);
        free(r->cols[i].b);
    }
    free(r->status);
}

/* Run one case; returns the status, fills `r`; *skip = 1 if C cannot express the case. */
static bildung_status run_case(const cJSON *c, result *r, int *skip) {
    const char *f = cJSON_GetObjectItemCaseSensitive(c, "function")->valuestring;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "inputs");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
    double level = param_num(params, "level", 0.95);
    double mult = param_num(params, "multiplier", 1.0);
    bildung_nan_policy policy = code_of(param_str(params, "nan_policy", "raise"), POLICY, 3);
    bildung_status st = BILDUNG_ERR_PANIC;
    memset(r, 0, sizeof *r);
    *skip = 0;
    if (strcmp(f, "proportion_ci") == 0 || strcmp(f, "poisson_ci") == 0 ||
        strcmp(f, "proportion_difference_versus_rest") == 0) {
        int pois = strcmp(f, "poisson_ci") == 0;
        vec x = read_vec(cJSON_GetObjectItemCaseSensitive(in, "events"));
        vec d = read_vec(cJSON_GetObjectItemCaseSensitive(in, pois ? "exposure" : "population"));
        if (d.present && d.n != x.n) {
            *skip = 1;
        } else {
            double *e, *lo, *hi;
            uint8_t *cl = NULL;
            r->n = x.n;
            r->status = (bildung_area_status *)calloc(x.n > 0 ? x.n : 1, 1);
            e = col(r, "estimate");
            lo = col(r, "lower");
            hi = col(r, "upper");
            if (strcmp(f, "proportion_ci") == 0) {
                cl = bcol(r, "clamped");
                st = bildung_rates_proportion_ci(
                    x.v, d.v, x.n, code_of(param_str(params, "method", "wilson"), PROPORTION, 5),
                    level, policy, e, lo, hi, cl, r->status, NULL);
            } else if (pois) {
                cl = bcol(r, "clamped");
                st = bildung_rates_poisson_ci(
                    x.v, d.v, x.n, code_of(param_str(params, "method", "exact"), POISSON, 2), level,
                    mult, policy, e, lo, hi, cl, r->status, NULL);
            } else {
                st = bildung_rates_proportion_difference_versus_rest(x.v, d.v, x.n, level, policy,
                                                                     e, lo, hi, r->status, NULL);
            }
        }
        free(x.v);
        free(d.v);
    } else if (strcmp(f, "proportion_difference_ci") == 0) {
        vec x1 = read_vec(cJSON_GetObjectItemCaseSensitive(in, "events1"));
        vec n1 = read_vec(cJSON_GetObjectItemCaseSensitive(in, "population1"));
        vec x2 = read_vec(cJSON_GetObjectItemCaseSensitive(in, "events2"));
        vec n2 = read_vec(cJSON_GetObjectItemCaseSensitive(in, "population2"));
        if (n1.n != x1.n || x2.n != x1.n || n2.n != x1.n) {
            *skip = 1;
        } else {
            double *e, *lo, *hi;
            r->n = x1.n;
            r->status = (bildung_area_status *)calloc(x1.n > 0 ? x1.n : 1, 1);
            e = col(r, "estimate");
            lo = col(r, "lower");
            hi = col(r, "upper");
            st = bildung_rates_proportion_difference_ci(x1.v, n1.v, x2.v, n2.v, x1.n, level, policy,
                                                        e, lo, hi, r->status, NULL);
        }
        free(x1.v);
        free(n1.v);
        free(x2.v);
        free(n2.v);
    } else {
        int direct = strcmp(f, "direct_standardised_rate") == 0;
        table x = read_table(cJSON_GetObjectItemCaseSensitive(in, "events"));
        table p = read_table(cJSON_GetObjectItemCaseSensitive(in, "population"));
        vec w = read_vec(cJSON_GetObjectItemCaseSensitive(
            in, direct ? "standard_population" : "reference_rates"));
        vec rp = read_vec(cJSON_GetObjectItemCaseSensitive(in, "reference_population"));
        if (p.rows != x.rows || p.cols != x.cols || w.n != x.cols || (rp.present && rp.n != x.cols)) {
            *skip = 1;
        } else if (direct) {
            bildung_dsr_params dp = bildung_dsr_params_default();
            double *e, *lo, *hi, *se, *crude, *obs;
            uint8_t *few;
            dp.method = code_of(param_str(params, "method", "dobson"), DSR, 3);
            dp.level = level;
            dp.multiplier = mult;
            dp.min_events = param_num(params, "min_events", 10.0);
            r->n = x.rows;
            r->status = (bildung_area_status *)calloc(x.rows > 0 ? x.rows : 1, 1);
            e = col(r, "estimate");
            lo = col(r, "lower");
            hi = col(r, "upper");
            se = col(r, "standard_error");
            crude = col(r, "crude_rate");
            obs = col(r, "observed");
            few = bcol(r, "few_events");
            st = bildung_rates_direct_standardised_rate(x.v, p.v, x.rows, x.cols, w.v, &dp, policy,
                                                        e, lo, hi, se, crude, obs, few, r->status,
                                                        NULL);
        } else {
            bildung_smr_params sp = bildung_smr_params_default();
            double *smr, *lo, *hi, *obs, *ex, *isr = NULL, *il = NULL, *iu = NULL;
            uint8_t *cl;
            sp.method = code_of(param_str(params, "method", "exact"), POISSON, 2);
            sp.level = level;
            sp.multiplier = mult;
            r->n = x.rows;
            r->status = (bildung_area_status *)calloc(x.rows > 0 ? x.rows : 1, 1);
            smr = col(r, "smr");
            lo = col(r, "lower");
            hi = col(r, "upper");
            obs = col(r, "observed");
            ex = col(r, "expected");
            cl = bcol(r, "clamped");
            if (rp.present) {
                isr = col(r, "isr");
                il = col(r, "isr_lower");
                iu = col(r, "isr_upper");
                r->has_crude = 1;
            }
            st = bildung_rates_indirect_standardised_ratio(
                x.v, p.v, x.rows, x.cols, w.v, rp.v, &sp, policy, smr, lo, hi, obs, ex, isr, il,
                iu, rp.present ? &r->crude : NULL, cl, r->status, NULL);
        }
        free(x.v);
        free(p.v);
        free(w.v);
        free(rp.v);
    }
    return st;
}

static int close_enough(double got, double want, const cJSON *tol) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(tol, "abs");
    const cJSON *rl = cJSON_GetObjectItemCaseSensitive(tol, "rel");
    double d;
    if (isnan(want)) {
        return isnan(got);
    }
    if (isnan(got)) {
        return 0;
    }
    d = fabs(got - want);
    return d == 0.0 || (cJSON_IsNumber(a) && d <= a->valuedouble) ||
           (cJSON_IsNumber(rl) && d <= rl->valuedouble * fabs(want));
}

/* Compare one expected field; prints and returns 0 on a mismatch. */
static int check_field(const char *id, const cJSON *field, result *r, const cJSON *tol) {
    const char *key = field->string;
    const cJSON *item;
    size_t i = 0;
    int k;
    if (strcmp(key, "status") == 0) {
        cJSON_ArrayForEach(item, field) {
            if (i >= r->n || r->status[i] > 3 || strcmp(STATUS[r->status[i]], item->valuestring)) {
                printf("FAIL golden rates %s: status[%u] = %u, expected %s\n", id, (unsigned)i,
                       i < r->n ? (unsigned)r->status[i] : 99u, item->valuestring);
                return 0;
            }
            i++;
        }
        return i == r->n;
    }
    if (strcmp(key, "reference_crude_rate") == 0) {
        if (!r->has_crude || !close_enough(r->crude, h_json_number(field), tol)) {
            printf("FAIL golden rates %s: reference_crude_rate = %.17g, expected %.17g\n", id,
                   r->crude, h_json_number(field));
            return 0;
        }
        return 1;
    }
    for (k = 0; k < r->ncols; k++) {
        column *c = &r->cols[k];
        if (strcmp(c->name, key) != 0) {
            continue;
        }
        if ((size_t)cJSON_GetArraySize(field) != c->n) {
            printf("FAIL golden rates %s: %s has %u entries, expected %d\n", id, key,
                   (unsigned)c->n, cJSON_GetArraySize(field));
            return 0;
        }
        cJSON_ArrayForEach(item, field) {
            int ok = c->b != NULL ? (c->b[i] == (cJSON_IsTrue(item) ? 1 : 0))
                                  : close_enough(c->d[i], h_json_number(item), tol);
            if (!ok) {
                printf("FAIL golden rates %s: %s[%u] = %.17g, expected %.17g\n", id, key,
                       (unsigned)i, c->b != NULL ? (double)c->b[i] : c->d[i],
                       cJSON_IsBool(item) ? (double)cJSON_IsTrue(item) : h_json_number(item));
                return 0;
            }
            i++;
        }
        return 1;
    }
    printf("FAIL golden rates %s: the C result has no field %s\n", id, key);
    return 0;
}

void run_golden_rates_tests(const char *golden_dir) {
    char path[1024];
    char *text;
    cJSON *doc;
    const cJSON *c;
    int passed = 0, failed = 0, skipped = 0;
    h_context = "golden rates";
    snprintf(path, sizeof path, "%s/rates.json", golden_dir);
    text = h_read_file(path);
    if (text == NULL) {
        h_record(0, __FILE__, __LINE__, "tests/golden/rates.json is missing");
        return;
    }
    doc = cJSON_Parse(text);
    free(text);
    if (doc == NULL) {
        h_record(0, __FILE__, __LINE__, "rates.json is not valid JSON");
        return;
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
        const char *id = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(c, "expected_error");
        result r;
        int skip, ok = 1;
        bildung_status st = run_case(c, &r, &skip);
        if (skip) {
            skipped++;
            free_result(&r);
            continue;
        }
        if (err != NULL) {
            bildung_status want;
            if (!h_status_of_kind(err->valuestring, &want) || st != want) {
                printf("FAIL golden rates %s: status %s, expected %s\n", id, h_status_name(st),
                       err->valuestring);
                ok = 0;
            }
        } else if (st != BILDUNG_OK) {
            char msg[512];
            h_last_error(msg, sizeof msg);
            printf("FAIL golden rates %s: status %s (%s)\n", id, h_status_name(st), msg);
            ok = 0;
        } else {
            const cJSON *field;
            const cJSON *tol = cJSON_GetObjectItemCaseSensitive(c, "tolerance");
            cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(c, "expected")) {
                ok &= check_field(id, field, &r, tol);
            }
        }
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        free_result(&r);
    }
    cJSON_Delete(doc);
    printf("golden rates: %d passed, %d failed, %d skipped (arrays of different lengths)\n",
           passed, failed, skipped);
    h_record(failed == 0, __FILE__, __LINE__, "every golden rates case passes");
    h_record(passed >= 70, __FILE__, __LINE__, "at least 70 golden rates cases ran");
    h_context = NULL;
}
