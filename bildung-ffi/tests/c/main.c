/*
 * C tests of the bildung C API. Usage: prog <golden directory> (tests/golden).
 * Runs every group, then prints "N passed, M failed" alone on the last line;
 * exits 1 if any check failed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

int h_passed = 0;
int h_failed = 0;
const char *h_context = NULL;

static void print_context(void) {
    if (h_context != NULL) {
        printf(" [%s]", h_context);
    }
}

void h_record(int ok, const char *file, int line, const char *what) {
    if (ok) {
        h_passed++;
        return;
    }
    h_failed++;
    printf("FAIL %s:%d: %s", file, line, what);
    print_context();
    printf("\n");
}

void h_last_error(char *buf, size_t len) {
    size_t needed = 0;
    bildung_status st = bildung_last_error_message(buf, len, &needed);
    if (st != BILDUNG_OK && st != BILDUNG_ERR_BUFFER_SIZE && len > 0) {
        buf[0] = '\0';
    }
}

void h_check_status(bildung_status got, bildung_status want, const char *file, int line,
                    const char *what) {
    char msg[512];
    if (got == want) {
        h_passed++;
        return;
    }
    h_failed++;
    h_last_error(msg, sizeof msg);
    printf("FAIL %s:%d: %s returned %s (%u), expected %s (%u)", file, line, what,
           h_status_name(got), (unsigned)got, h_status_name(want), (unsigned)want);
    print_context();
    printf("\n     last error: %s\n", msg);
}

void h_check_message(const char *needle, const char *file, int line) {
    char msg[512];
    h_last_error(msg, sizeof msg);
    if (strstr(msg, needle) != NULL) {
        h_passed++;
        return;
    }
    h_failed++;
    printf("FAIL %s:%d: last error message does not contain \"%s\"", file, line, needle);
    print_context();
    printf("\n     last error: %s\n", msg);
}

void h_check_near(double got, double want, double tol, const char *file, int line,
                  const char *what) {
    int ok = isnan(want) ? isnan(got) : (!isnan(got) && fabs(got - want) <= tol);
    if (ok) {
        h_passed++;
        return;
    }
    h_failed++;
    printf("FAIL %s:%d: %s = %.17g, expected %.17g (tolerance %g)", file, line, what, got, want,
           tol);
    print_context();
    printf("\n");
}

static const struct {
    bildung_status code;
    const char *name;
    const char *kind;
} STATUSES[] = {
    {BILDUNG_OK, "BILDUNG_OK", NULL},
    {BILDUNG_ERR_NULL_ARGUMENT, "BILDUNG_ERR_NULL_ARGUMENT", NULL},
    {BILDUNG_ERR_BUFFER_SIZE, "BILDUNG_ERR_BUFFER_SIZE", NULL},
    {BILDUNG_ERR_INVALID_UTF8, "BILDUNG_ERR_INVALID_UTF8", NULL},
    {BILDUNG_ERR_PANIC, "BILDUNG_ERR_PANIC", NULL},
    {BILDUNG_ERR_SHAPE_MISMATCH, "BILDUNG_ERR_SHAPE_MISMATCH", "ShapeMismatch"},
    {BILDUNG_ERR_EMPTY_INPUT, "BILDUNG_ERR_EMPTY_INPUT", "EmptyInput"},
    {BILDUNG_ERR_MISSING_VALUE, "BILDUNG_ERR_MISSING_VALUE", "MissingValue"},
    {BILDUNG_ERR_NON_FINITE, "BILDUNG_ERR_NON_FINITE", "NonFinite"},
    {BILDUNG_ERR_NEGATIVE_VALUE, "BILDUNG_ERR_NEGATIVE_VALUE", "NegativeValue"},
    {BILDUNG_ERR_INVALID_COUNT, "BILDUNG_ERR_INVALID_COUNT", "InvalidCount"},
    {BILDUNG_ERR_MALFORMED_INPUT, "BILDUNG_ERR_MALFORMED_INPUT", "MalformedInput"},
    {BILDUNG_ERR_INCONSISTENT_TABLE, "BILDUNG_ERR_INCONSISTENT_TABLE", "InconsistentTable"},
    {BILDUNG_ERR_INVALID_PARAMETER, "BILDUNG_ERR_INVALID_PARAMETER", "InvalidParameter"},
    {BILDUNG_ERR_UNKNOWN_INDICATOR, "BILDUNG_ERR_UNKNOWN_INDICATOR", "UnknownIndicator"},
    {BILDUNG_ERR_INVALID_DEFINITION, "BILDUNG_ERR_INVALID_DEFINITION", "InvalidDefinition"},
    {BILDUNG_ERR_UNDEFINED, "BILDUNG_ERR_UNDEFINED", "Undefined"},
    {BILDUNG_ERR_DID_NOT_CONVERGE, "BILDUNG_ERR_DID_NOT_CONVERGE", "DidNotConverge"},
    {BILDUNG_ERR_PROTECTION_FAILED, "BILDUNG_ERR_PROTECTION_FAILED", "ProtectionFailed"},
};

const char *h_status_name(bildung_status code) {
    size_t i;
    for (i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++) {
        if (STATUSES[i].code == code) {
            return STATUSES[i].name;
        }
    }
    return "?";
}

int h_status_of_kind(const char *kind, bildung_status *code) {
    size_t i;
    for (i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++) {
        if (STATUSES[i].kind != NULL && strcmp(STATUSES[i].kind, kind) == 0) {
            *code = STATUSES[i].code;
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    printf("bildung %s, ABI %u (header ABI %d)\n", bildung_version(),
           (unsigned)bildung_abi_version(), BILDUNG_ABI_VERSION);
    run_error_tests();
    run_segregation_tests();
    run_funnel_tests(argc > 1 ? argv[1] : NULL);
    run_rates_tests();
    run_smallarea_tests(argc > 1 ? argv[1] : NULL);
    run_indicators_tests();
    run_index_tests(argc > 1 ? argv[1] : NULL);
    run_disclosure_tests(argc > 1 ? argv[1] : NULL);
    run_suppression_tests(argc > 1 ? argv[1] : NULL);
    if (argc > 1) {
        run_golden_tests(argv[1]);
        run_golden_rates_tests(argv[1]);
        run_golden_indicators_tests(argv[1]);
    } else {
        h_context = NULL;
        h_record(0, __FILE__, __LINE__, "usage: prog <golden directory> (no golden directory given)");
    }
    printf("%d passed, %d failed\n", h_passed, h_failed);
    return h_failed > 0 ? 1 : 0;
}
