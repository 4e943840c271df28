/*
 * JSON helpers shared by the C golden-case readers (test_golden*.c, test_funnel.c, test_disclosure.c, test_suppression.c,
 * test_smallarea.c): numbers may be the strings "nan", "inf", "-inf" (tests/golden/README.md).
 */
#ifndef BILDUNG_TEST_GOLDEN_JSON_H
#define BILDUNG_TEST_GOLDEN_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The whole file as a NUL-terminated string (free() it), or NULL if it cannot be read. */
char *h_read_file(const char *path);
/* A JSON number, or "inf" / "-inf"; NaN for "nan", null and anything else. */
double h_json_number(const cJSON *item);
/* A JSON array of numbers as a malloc'ed array (at least one slot); *n gets the length
   (0 and NULL when arr is not an array). */
double *h_json_numbers(const cJSON *arr, size_t *n);
/* Rows of numbers as a row-major malloc'ed array; *rows and *cols get the shape (the length of
   the first row; shorter rows leave their tail unset, longer rows are cut). */
double *h_json_matrix(const cJSON *arr, size_t *rows, size_t *cols);
/* <dir>/<name> read and parsed (cJSON_Delete() it), after a check that it can be read, parsed
   and has "schema": 1 (recorded as failed checks under the context `name`); NULL on failure. */
cJSON *h_golden_open(const char *dir, const char *name);

#endif /* BILDUNG_TEST_GOLDEN_JSON_H */
