/*
 * A tiny test harness for the C tests of bildung: CHECK macros that count passes and failures.
 * All files in this directory are compiled into one program (see .ci/run, stage c); main.c holds
 * the counters and runs the groups.
 */
#ifndef BILDUNG_TEST_HARNESS_H
#define BILDUNG_TEST_HARNESS_H

#include <stddef.h>

#include "bildung.h"

/* Counters of passed and failed checks. */
extern int h_passed;
extern int h_failed;
/* Printed with every failure (e.g. the function under test); may be NULL. */
extern const char *h_context;

/* Record one check; prints the failing expression with its location. */
void h_record(int ok, const char *file, int line, const char *what);
/* Record a status check; on failure prints both status names and the last error message. */
void h_check_status(bildung_status got, bildung_status want, const char *file, int line,
                    const char *what);
/* Record that the thread's last error message contains `needle`. */
void h_check_message(const char *needle, const char *file, int line);
/* Record that `got` is within `tol` of `want` (absolute); NaN matches only NaN. */
void h_check_near(double got, double want, double tol, const char *file, int line,
                  const char *what);

/* The constant name of a status code ("BILDUNG_ERR_MISSING_VALUE"), or "?" if unknown. */
const char *h_status_name(bildung_status code);
/* The status code of a core ErrorKind name ("MissingValue"); returns 0 if the name is unknown. */
int h_status_of_kind(const char *kind, bildung_status *code);
/* Copy the thread's last error message into buf (truncated to len). */
void h_last_error(char *buf, size_t len);

#define CHECK(cond) h_record((cond) ? 1 : 0, __FILE__, __LINE__, #cond)
#define CHECK_STATUS(call, want) h_check_status((call), (want), __FILE__, __LINE__, #call)
#define CHECK_MESSAGE(needle) h_check_message((needle), __FILE__, __LINE__)
#define CHECK_NEAR(got, want, tol) h_check_near((got), (want), (tol), __FILE__, __LINE__, #got)

/* Test groups. */
void run_error_tests(void);
void run_segregation_tests(void);
/* Small-area estimation; with a golden directory also the golden cases of smallarea.json. */
void run_smallarea_tests(const char *golden_dir);
void run_golden_tests(const char *golden_dir);
/* Funnel plots; runs tests/golden/funnel.json too when golden_dir is not NULL. */
void run_funnel_tests(const char *golden_dir);
void run_rates_tests(void);
void run_golden_rates_tests(const char *golden_dir);
/* The indicator engine: catalogue, tables, results, cohort quotas, bad input. */
void run_indicators_tests(void);
/* tests/golden/indicators.json (and the reader's own format cases). */
void run_golden_indicators_tests(const char *golden_dir);
/* Composite indices; runs tests/golden/index.json too when golden_dir is not NULL. */
void run_index_tests(const char *golden_dir);
/* Disclosure control and rendering; runs tests/golden/perturbation.json too when golden_dir is
   not NULL. */
void run_disclosure_tests(const char *golden_dir);
/* Cell suppression and audit; runs tests/golden/suppression.json too when golden_dir is not
   NULL. */
void run_suppression_tests(const char *golden_dir);

#endif /* BILDUNG_TEST_HARNESS_H */
