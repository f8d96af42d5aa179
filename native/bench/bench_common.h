/*
 * What the C reference benchmarks (pingpong.c, structs.c) share: the iteration rule, the statistics, the JSON
 * string writer and strict number parsing. Header-only: each benchmark is one translation unit.
 */
#ifndef TYPEDMPI_BENCH_COMMON_H
#define TYPEDMPI_BENCH_COMMON_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Latency iterations by message size: 20000 below 1 KiB, 10000 up to 64 KiB,
 * 2000 up to 1 MiB, 300 up to 4 MiB, 100 from 4 MiB on. */
static int default_iterations(long bytes)
{
    if (bytes < 1024) return 20000;
    if (bytes < 65536) return 10000;
    if (bytes < 1048576) return 2000;
    if (bytes < 4194304) return 300;
    return 100;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* p-th quantile (0..1) of sorted v[0..n-1], linear interpolation. */
static double quantile(const double *v, int n, double p)
{
    double pos = p * (n - 1);
    int lo = (int)pos;
    if (lo >= n - 1)
        return v[n - 1];
    return v[lo] + (pos - lo) * (v[lo + 1] - v[lo]);
}

/* Write s as a JSON string literal. */
static void json_string(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                putchar(*p);
        }
    }
    putchar('"');
}

/* Parse a non-negative integer in [min, max]; false on garbage. */
static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, int min, int *out)
{
    long v;
    if (!parse_long(s, min, INT_MAX, &v))
        return false;
    *out = (int)v;
    return true;
}

#endif
