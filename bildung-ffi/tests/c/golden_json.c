/* JSON helpers shared by the C golden-case readers; see golden_json.h. */
#include "golden_json.h"
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *h_read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = (char *)malloc((size_t)size + 1);
        if (buf != NULL) {
            size_t got = fread(buf, 1, (size_t)size, f);
            buf[got] = '\0';
        }
    }
    fclose(f);
    return buf;
}

double h_json_number(const cJSON *item) {
    if (cJSON_IsNumber(item)) {
        return item->valuedouble;
    }
    if (cJSON_IsString(item)) {
        if (strcmp(item->valuestring, "inf") == 0) {
            return INFINITY;
        }
        if (strcmp(item->valuestring, "-inf") == 0) {
            return -INFINITY;
        }
    }
    return NAN;
}

double *h_json_numbers(const cJSON *arr, size_t *n) {
    const cJSON *item;
    double *v;
    size_t i = 0;
    *n = 0;
    if (!cJSON_IsArray(arr)) {
        return NULL;
    }
    *n = (size_t)cJSON_GetArraySize(arr);
    v = (double *)malloc((*n > 0 ? *n : 1) * sizeof(double));
    if (v == NULL) {
        *n = 0;
        return NULL;
    }
    cJSON_ArrayForEach(item, arr) {
        v[i++] = h_json_number(item);
    }
    return v;
}

double *h_json_matrix(const cJSON *arr, size_t *rows, size_t *cols) {
    const cJSON *row, *item;
    double *v;
    size_t r = 0;
    *rows = 0;
    *cols = 0;
    if (!cJSON_IsArray(arr)) {
        return NULL;
    }
    *rows = (size_t)cJSON_GetArraySize(arr);
    *cols = *rows > 0 ? (size_t)cJSON_GetArraySize(cJSON_GetArrayItem(arr, 0)) : 0;
    v = (double *)malloc((*rows * *cols > 0 ? *rows * *cols : 1) * sizeof(double));
    if (v == NULL) {
        *rows = *cols = 0;
        return NULL;
    }
    cJSON_ArrayForEach(row, arr) {
        size_t c = 0;
        cJSON_ArrayForEach(item, row) {
            if (c < *cols) {
                v[r * *cols + c] = h_json_number(item);
            }
            c++;
        }
        r++;
    }
    return v;
}

cJSON *h_golden_open(const char *dir, const char *name) {
    char path[1024];
    char *text;
    cJSON *doc;
    h_context = name;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    text = h_read_file(path);
    CHECK(text != NULL);
    if (text == NULL) {
        return NULL;
    }
    doc = cJSON_Parse(text);
    free(text);
    CHECK(doc != NULL && h_json_number(cJSON_GetObjectItemCaseSensitive(doc, "schema")) == 1.0);
    if (doc == NULL || h_json_number(cJSON_GetObjectItemCaseSensitive(doc, "schema")) != 1.0) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}
