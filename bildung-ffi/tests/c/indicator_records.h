/*
 * The records of a bildung_results read into C arrays, shared by the indicator tests
 * (test_indicators.c) and the golden indicator reader (test_golden_indicators.c).
 */
#ifndef BILDUNG_TEST_INDICATOR_RECORDS_H
#define BILDUNG_TEST_INDICATOR_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "bildung.h"

/* Every record of a result: the numbers column by column, the texts as malloc'ed strings. */
typedef struct {
    bildung_results *res; /* owned: freed by records_free */
    size_t n, n_by;
    double *value, *num, *den, *se;
    bildung_value_status *status;
    bildung_flags *flags;
    int64_t *period;
    bildung_symbol *symbol;
    uint32_t *version;
    char **indicator, **unit, **category, **by; /* by: n * n_by, record-major */
} records;

/* Read every record of `res` into `r`, which then owns `res`; returns 1 on success. */
int records_load(bildung_results *res, records *r);
/* Free the arrays, the strings and the results handle (a zeroed `r` is fine). */
void records_free(records *r);
/* The index of the record (id, unit, period, breakdown values `by[0..n_by)`, category), or -1
   (also when n_by differs from the result's number of breakdown columns). */
long records_find(const records *r, const char *id, const char *unit, int64_t period,
                  const char *const *by, size_t n_by, const char *category);

#endif /* BILDUNG_TEST_INDICATOR_RECORDS_H */
