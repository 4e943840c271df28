/* The records of a bildung_results read into C arrays; see indicator_records.h. */
#include "indicator_records.h"

#include <stdlib.h>
#include <string.h>

typedef bildung_status (*text_fn)(const bildung_results *, size_t, char *, size_t, size_t *);

/* A malloc'ed copy of a text of record i (the j-th breakdown value when f is NULL), asking for
   the size first (buf = NULL, len = 0), or NULL on failure. */
static char *text_of(const bildung_results *res, text_fn f, size_t i, size_t j) {
    size_t needed = 0;
    char *buf;
    bildung_status st =
        f ? f(res, i, NULL, 0, &needed) : bildung_results_by(res, i, j, NULL, 0, &needed);
    if (st != BILDUNG_ERR_BUFFER_SIZE || needed == 0) {
        return NULL;
    }
    buf = (char *)malloc(needed);
    if (buf == NULL) {
        return NULL;
    }
    st = f ? f(res, i, buf, needed, NULL) : bildung_results_by(res, i, j, buf, needed, NULL);
    if (st != BILDUNG_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

int records_load(bildung_results *res, records *r) {
    size_t i, j;
    int ok = 1;
    memset(r, 0, sizeof *r);
    r->res = res;
    if (bildung_results_len(res, &r->n) != BILDUNG_OK ||
        bildung_results_by_len(res, &r->n_by) != BILDUNG_OK) {
        r->n = r->n_by = 0;
        ok = 0;
    }
    r->value = (double *)calloc(r->n + 1, sizeof(double));
    r->num = (double *)calloc(r->n + 1, sizeof(double));
    r->den = (double *)calloc(r->n + 1, sizeof(double));
    r->se = (double *)calloc(r->n + 1, sizeof(double));
    r->status = (bildung_value_status *)calloc(r->n + 1, sizeof(bildung_value_status));
    r->flags = (bildung_flags *)calloc(r->n + 1, sizeof(bildung_flags));
    r->period = (int64_t *)calloc(r->n + 1, sizeof(int64_t));
    r->symbol = (bildung_symbol *)calloc(r->n + 1, sizeof(bildung_symbol));
    r->version = (uint32_t *)calloc(r->n + 1, sizeof(uint32_t));
    r->indicator = (char **)calloc(r->n + 1, sizeof(char *));
    r->unit = (char **)calloc(r->n + 1, sizeof(char *));
    r->category = (char **)calloc(r->n + 1, sizeof(char *));
    r->by = (char **)calloc(r->n * r->n_by + 1, sizeof(char *));
    if (bildung_results_values(res, r->value, r->num, r->den, r->se, r->status, r->flags,
                               r->period, r->symbol, r->version, r->n) != BILDUNG_OK) {
        return 0;
    }
    for (i = 0; i < r->n; i++) {
        r->indicator[i] = text_of(res, bildung_results_indicator, i, 0);
        r->unit[i] = text_of(res, bildung_results_unit, i, 0);
        r->category[i] = text_of(res, bildung_results_category, i, 0);
        ok &= r->indicator[i] != NULL && r->unit[i] != NULL && r->category[i] != NULL;
        for (j = 0; j < r->n_by; j++) {
            r->by[i * r->n_by + j] = text_of(res, NULL, i, j);
            ok &= r->by[i * r->n_by + j] != NULL;
        }
    }
    return ok;
}

void records_free(records *r) {
    size_t i;
    for (i = 0; r->indicator != NULL && i < r->n; i++) {
        free(r->indicator[i]);
        free(r->unit[i]);
        free(r->category[i]);
    }
    for (i = 0; r->by != NULL && i < r->n * r->n_by; i++) {
        free(r->by[i]);
    }
    free(r->value);
    free(r->num);
    free(r->den);
    free(r->se);
    free(r->status);
    free(r->flags);
    free(r->period);
    free(r->symbol);
    free(r->version);
    free((void *)r->indicator);
    free((void *)r->unit);
    free((void *)r->category);
    free((void *)r->by);
    bildung_results_free(r->res);
    memset(r, 0, sizeof *r);
}

static int same(const char *got, const char *want) {
    return got != NULL && want != NULL && strcmp(got, want) == 0;
}

long records_find(const records *r, const char *id, const char *unit, int64_t period,
                  const char *const *by, size_t n_by, const char *category) {
    size_t i, j;
    if (n_by != r->n_by) {
        return -1;
    }
    for (i = 0; i < r->n; i++) {
        int ok = r->period[i] == period && same(r->indicator[i], id) && same(r->unit[i], unit) &&
                 same(r->category[i], category);
        for (j = 0; ok && j < n_by; j++) {
            ok = same(r->by[i * n_by + j], by[j]);
        }
        if (ok) {
            return (long)i;
        }
    }
    return -1;
}
