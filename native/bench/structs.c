/*
 * structs.c - C reference benchmark for TypedMpi message types (2 ranks).
 *
 * The C# twin (tests/Mpi.Benchmarks with --suite structs: same options, same method, "impl":"csharp") is
 * compared against this program, so the method below is the specification.
 *
 * The message is a 40-byte struct, Sample (the C twin of the [MpiMessage] struct in
 * tests/Mpi.Benchmarks/Structs/Sample.cs). Its datatype is built exactly as TypedMpi builds a message type's:
 * MPI_Type_create_struct with one block of length 1 per field at its offsetof (MPI_DOUBLE x3, MPI_INT32_T,
 * MPI_FLOAT, MPI_INT64_T), MPI_Type_create_resized(0, sizeof(Sample)), free the unresized type, commit. The
 * reduction is a field-wise sum user op (inout[i].f = in[i].f + inout[i].f for every field), created with
 * MPI_Op_create(commute = 1) - what the generator emits as CombineSum for MpiOp.Sum.
 *
 * struct-send       For each count: after a barrier, `warmup` untimed then `iterations` timed round trips of
 *                   an array of `count` Samples (tag 1). Rank 0 times each one with MPI_Wtime around
 *                   MPI_Send + MPI_Recv; rank 1 does MPI_Recv + MPI_Send. One sample = RTT / 2. Reported:
 *                   median, p10, p90 in microseconds (percentiles interpolate linearly between the closest
 *                   ranks of the sorted samples, like numpy's default) and MBps = count * 40 / median_us.
 *
 * struct-allreduce  For each count: after a barrier, `warmup` untimed then `iterations` timed MPI_Allreduce
 *                   calls of `count` Samples with the sum op, back to back, from one send buffer into one
 *                   receive buffer. Every rank times each call with MPI_Wtime around it; rank 0's samples
 *                   are reported (median, p10, p90 in microseconds). With 2 ranks the calls synchronise
 *                   each other, so a sample is the cost of one allreduce in steady state. After the timed
 *                   calls the result is checked (untimed): every field must be twice the input.
 *
 * Iterations by message size (count * 40 bytes) as pingpong.c: 20000 below 1 KiB, 10000 up to 64 KiB,
 * 2000 up to 1 MiB, 300 up to 4 MiB, 100 from 4 MiB on; warm-up 10% of that, at least 10. The order is
 * struct-send for every count, then struct-allreduce for every count; --reps N runs that whole sequence N
 * times, every measurement (barrier, warm-up, iterations) printing its own line with "rep" (0-based).
 *
 * Buffers are allocated once (page-aligned, the largest count), filled with deterministic values before any
 * timing: the ping-pong buffer, and the allreduce send and receive buffers.
 *
 * Output: one JSON object per line on stdout, rank 0 only; diagnostics go to stderr.
 * Build: mpicc.<impl> -O2 -o structs structs.c (native/build.sh)
 */
#define _POSIX_C_SOURCE 200809L /* posix_memalign, sysconf */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "bench_common.h"

#define TAG_DATA 1
#define MAX_COUNTS 64

typedef struct {
    double x, y, z;
    int32_t id;
    float weight;
    int64_t stamp;
} Sample;

_Static_assert(sizeof(Sample) == 40, "Sample must be 40 bytes, like the C# [MpiMessage] struct");
_Static_assert(offsetof(Sample, id) == 24 && offsetof(Sample, weight) == 28 && offsetof(Sample, stamp) == 32,
               "Sample must have the C# struct's sequential layout");

struct options {
    long counts[MAX_COUNTS];
    int ncounts;
    int iterations; /* 0: per-size default (default_iterations) */
    int warmup;     /* -1: 10% of iterations, at least 10 */
    int reps;
    bool send, allreduce;
};

static int rank;
static char library[MPI_MAX_LIBRARY_VERSION_STRING]; /* first line of the version string */
static MPI_Datatype sample_type;
static MPI_Op sample_sum;

/* ------------------------------------------------------------------------ */
/* The message type                                                         */
/* ------------------------------------------------------------------------ */

/* What TypedMpi's CreateStructType does with the generated layout: one block per field. */
static MPI_Datatype create_sample_type(void)
{
    int lengths[6] = {1, 1, 1, 1, 1, 1};
    MPI_Aint offsets[6] = {offsetof(Sample, x), offsetof(Sample, y), offsetof(Sample, z),
                           offsetof(Sample, id), offsetof(Sample, weight), offsetof(Sample, stamp)};
    MPI_Datatype types[6] = {MPI_DOUBLE, MPI_DOUBLE, MPI_DOUBLE, MPI_INT32_T, MPI_FLOAT, MPI_INT64_T};
    MPI_Datatype structured, resized;
    MPI_Aint lb, extent;

    MPI_Type_create_struct(6, lengths, offsets, types, &structured);
    MPI_Type_create_resized(structured, 0, (MPI_Aint)sizeof(Sample), &resized);
    MPI_Type_free(&structured);
    MPI_Type_commit(&resized);
    MPI_Type_get_extent(resized, &lb, &extent);
    if (lb != 0 || extent != (MPI_Aint)sizeof(Sample)) {
        fprintf(stderr, "structs: Sample datatype has lb %ld extent %ld, expected 0 and %zu\n",
                (long)lb, (long)extent, sizeof(Sample));
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return resized;
}

/* The field-wise sum: inout[i] = in[i] + inout[i], field by field (the generated CombineSum). */
static void sample_sum_fn(void *invec, void *inoutvec, int *len, MPI_Datatype *datatype)
{
    (void)datatype;
    const Sample *in = invec;
    Sample *inout = inoutvec;
    for (int i = 0; i < *len; i++) {
        inout[i].x = in[i].x + inout[i].x;
        inout[i].y = in[i].y + inout[i].y;
        inout[i].z = in[i].z + inout[i].z;
        inout[i].id = (int32_t)((uint32_t)in[i].id + (uint32_t)inout[i].id); /* wraps, like C#'s unchecked */
        inout[i].weight = in[i].weight + inout[i].weight;
        inout[i].stamp = (int64_t)((uint64_t)in[i].stamp + (uint64_t)inout[i].stamp);
    }
}

/* Deterministic, exactly representable values (sums are exact); the same as Sample.ValueAt in C#. */
static Sample sample_at(long i)
{
    Sample s;
    memset(&s, 0, sizeof s);
    s.x = (double)(i % 1000) * 0.5;
    s.y = -(double)(i % 7);
    s.z = 1.0;
    s.id = (int32_t)(i % 100000);
    s.weight = 0.25f;
    s.stamp = i;
    return s;
}

/* ------------------------------------------------------------------------ */
/* Helpers (the ones pingpong.c shares are in bench_common.h)              */
/* ------------------------------------------------------------------------ */





/* Sorts samples[0..iterations-1] and prints the line's head and statistics (no closing brace). */
static double print_samples(const char *bench, long count, int iterations, int rep, double *samples)
{
    qsort(samples, (size_t)iterations, sizeof *samples, cmp_double);
    double median = quantile(samples, iterations, 0.5);
    printf("{\"bench\":\"%s\",\"impl\":\"c\",\"library\":", bench);
    json_string(library);
    printf(",\"count\":%ld,\"bytes\":%ld,\"iterations\":%d,\"rep\":%d,"
           "\"median_us\":%.3f,\"p10_us\":%.3f,\"p90_us\":%.3f",
           count, count * (long)sizeof(Sample), iterations, rep, median,
           quantile(samples, iterations, 0.1), quantile(samples, iterations, 0.9));
    return median;
}

/* ------------------------------------------------------------------------ */
/* Option parsing                                                           */
/* ------------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr,
            "usage: structs [--counts N,N,...] [--iterations N] [--warmup N] [--reps N]\n"
            "               [--bench send|allreduce|all]\n"
            "defaults: --counts 1,1000,100000 (40-byte Samples) --reps 1 --bench all;\n"
            "          iterations by message size; warmup 10%% (min 10)\n");
}



/* "1,1000" -> counts[]; each count must be >= 1 and its byte size must fit an int. */
static bool parse_counts(const char *arg, struct options *o)
{
    char copy[1024];
    if (strlen(arg) >= sizeof copy)
        return false;
    strcpy(copy, arg);
    o->ncounts = 0;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        if (o->ncounts == MAX_COUNTS ||
            !parse_long(tok, 1, INT_MAX / (long)sizeof(Sample), &o->counts[o->ncounts]))
            return false;
        o->ncounts++;
    }
    return o->ncounts > 0;
}

static bool parse_args(int argc, char **argv, struct options *o)
{
    static const long default_counts[] = {1, 1000, 100000};
    *o = (struct options){.iterations = 0, .warmup = -1, .reps = 1, .send = true, .allreduce = true};
    o->ncounts = (int)(sizeof default_counts / sizeof default_counts[0]);
    memcpy(o->counts, default_counts, sizeof default_counts);

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok;
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h"))
            return false;
        if (!val) { /* every other option takes a value */
            if (rank == 0)
                fprintf(stderr, "structs: missing value for %s\n", opt);
            return false;
        }
        if (!strcmp(opt, "--counts"))
            ok = parse_counts(val, o);
        else if (!strcmp(opt, "--iterations"))
            ok = parse_int(val, 1, &o->iterations);
        else if (!strcmp(opt, "--warmup"))
            ok = parse_int(val, 0, &o->warmup);
        else if (!strcmp(opt, "--reps"))
            ok = parse_int(val, 1, &o->reps);
        else if (!strcmp(opt, "--bench")) {
            ok = true;
            o->send = !strcmp(val, "send") || !strcmp(val, "all");
            o->allreduce = !strcmp(val, "allreduce") || !strcmp(val, "all");
            if (!o->send && !o->allreduce)
                ok = false;
        } else
            ok = false;
        if (!ok) {
            if (rank == 0)
                fprintf(stderr, "structs: bad option or value: %s %s\n", opt, val);
            return false;
        }
        i++;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* struct-send                                                              */
/* ------------------------------------------------------------------------ */

static void run_send(Sample *buf, long count, int iterations, int warmup, int rep, double *samples)
{
    int n = (int)count;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup + iterations; i++) {
        if (rank == 0) {
            double t0 = MPI_Wtime();
            MPI_Send(buf, n, sample_type, 1, TAG_DATA, MPI_COMM_WORLD);
            MPI_Recv(buf, n, sample_type, 1, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            double t1 = MPI_Wtime();
            if (i >= warmup)
                samples[i - warmup] = (t1 - t0) * 0.5e6; /* one-way, microseconds */
        } else {
            MPI_Recv(buf, n, sample_type, 0, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, n, sample_type, 0, TAG_DATA, MPI_COMM_WORLD);
        }
    }

    if (rank == 0) {
        double median = print_samples("struct-send", count, iterations, rep, samples);
        printf(",\"MBps\":%.1f}\n", median > 0 ? (double)count * sizeof(Sample) / median : 0.0);
        fflush(stdout);
    }
}

/* ------------------------------------------------------------------------ */
/* struct-allreduce                                                         */
/* ------------------------------------------------------------------------ */

static void run_allreduce(const Sample *send, Sample *recv, long count, int iterations, int warmup, int rep,
                          double *samples)
{
    int n = (int)count;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup; i++)
        MPI_Allreduce(send, recv, n, sample_type, sample_sum, MPI_COMM_WORLD);
    for (int i = 0; i < iterations; i++) {
        double t0 = MPI_Wtime();
        MPI_Allreduce(send, recv, n, sample_type, sample_sum, MPI_COMM_WORLD);
        double t1 = MPI_Wtime();
        samples[i] = (t1 - t0) * 1e6;
    }

    /* Untimed: both ranks hold the same input, so every field of the sum is twice it. */
    for (long i = 0; i < count; i++) {
        const Sample *a = &send[i], *s = &recv[i];
        if (s->x != 2 * a->x || s->y != 2 * a->y || s->z != 2 * a->z || s->id != 2 * a->id ||
            s->weight != 2 * a->weight || s->stamp != 2 * a->stamp) {
            fprintf(stderr, "structs: rank %d: struct-allreduce of %ld gave a wrong sum at element %ld\n",
                    rank, count, i);
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
    }

    if (rank == 0) {
        print_samples("struct-allreduce", count, iterations, rep, samples);
        printf("}\n");
        fflush(stdout);
    }
}

/* ------------------------------------------------------------------------ */

static void *page_alloc(size_t bytes)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t len = (bytes + (size_t)page - 1) / (size_t)page * (size_t)page;
    void *p = NULL;
    if (posix_memalign(&p, (size_t)page, len) != 0)
        return NULL;
    memset(p, 0xA5, len);
    return p;
}

int main(int argc, char **argv)
{
    int size, len;
    struct options o;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    if (!parse_args(argc, argv, &o)) {
        if (rank == 0)
            usage();
        MPI_Finalize();
        return 2;
    }
    if (size != 2) {
        if (rank == 0)
            fprintf(stderr, "structs: needs exactly 2 ranks, got %d%s\n", size,
                    size == 1 ? " (a launcher/library mismatch starts singletons)" : "");
        MPI_Finalize();
        return 1;
    }

    MPI_Get_library_version(library, &len);
    library[strcspn(library, "\n")] = '\0';
    sample_type = create_sample_type();
    MPI_Op_create(sample_sum_fn, 1, &sample_sum);

    /* Allocate everything once, page-aligned and filled before any timing. */
    long max_count = 1, max_iters = 0;
    for (int i = 0; i < o.ncounts; i++) {
        long it = o.iterations ? o.iterations : default_iterations(o.counts[i] * (long)sizeof(Sample));
        if (o.counts[i] > max_count) max_count = o.counts[i];
        if (it > max_iters) max_iters = it;
    }
    size_t bytes = (size_t)max_count * sizeof(Sample);
    Sample *buf = page_alloc(bytes), *send = page_alloc(bytes), *recv = page_alloc(bytes);
    double *samples = malloc((size_t)max_iters * sizeof *samples);
    if (!buf || !send || !recv || !samples) {
        fprintf(stderr, "structs: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    for (long i = 0; i < max_count; i++) {
        buf[i] = send[i] = sample_at(i);
        recv[i] = (Sample){0};
    }
    memset(samples, 0, (size_t)max_iters * sizeof *samples);

    for (int r = 0; r < o.reps; r++) {
        if (o.send) {
            for (int i = 0; i < o.ncounts; i++) {
                int iters = o.iterations ? o.iterations : default_iterations(o.counts[i] * (long)sizeof(Sample));
                int warmup = o.warmup >= 0 ? o.warmup : (iters / 10 > 10 ? iters / 10 : 10);
                run_send(buf, o.counts[i], iters, warmup, r, samples);
            }
        }
        if (o.allreduce) {
            for (int i = 0; i < o.ncounts; i++) {
                int iters = o.iterations ? o.iterations : default_iterations(o.counts[i] * (long)sizeof(Sample));
                int warmup = o.warmup >= 0 ? o.warmup : (iters / 10 > 10 ? iters / 10 : 10);
                run_allreduce(send, recv, o.counts[i], iters, warmup, r, samples);
            }
        }
    }

    free(samples);
    free(recv);
    free(send);
    free(buf);
    MPI_Op_free(&sample_sum);
    MPI_Type_free(&sample_type);
    MPI_Finalize();
    return 0;
}
