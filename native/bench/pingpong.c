/*
 * pingpong.c - C reference benchmark for TypedMpi (2 ranks).
 *
 * The C# twin (same options, same method, "impl":"csharp") is compared
 * against this program, so the method below is the specification:
 *
 * latency   For each size: `warmup` untimed then `iterations` timed round
 *           trips. Rank 0 times each one with MPI_Wtime around
 *           MPI_Send + MPI_Recv (MPI_BYTE, tag 1); rank 1 does MPI_Recv +
 *           MPI_Send. One sample = RTT / 2. Reported: median, p10, p90 in
 *           microseconds (percentiles interpolate linearly between the
 *           closest ranks of the sorted samples, like numpy's default).
 *
 * bandwidth For each size > 0 (0 bytes has no bandwidth): one "loop" =
 *           rank 0 posts `window` MPI_Isend of the same buffer, rank 1 posts
 *           `window` MPI_Irecv (into one buffer, as OSU osu_bw does), both
 *           MPI_Waitall, then rank 1 sends a 1-byte ack (tag 2) that rank 0
 *           receives. A rep = MPI_Barrier, then `loops` loops timed on rank 0.
 *           MB/s = bytes * window * loops / time / 1e6. Reported: median,
 *           min and max over `reps` reps.
 *           Loops per rep: --loops N, or calibrated once per size (the
 *           calibration also serves as warm-up): time n = 1, 2, 4, ... loops
 *           until a run takes >= 5 ms, then loops = ceil(n * 20 ms / t),
 *           clamped to [1, 100000]; rank 0 decides and broadcasts.
 *
 * bandwidth-persistent  As bandwidth, with persistent requests: per size,
 *           rank 0 sets up `window` MPI_Send_init and rank 1 `window`
 *           MPI_Recv_init once (before calibration); each loop is
 *           MPI_Startall + MPI_Waitall + the ack; the requests are freed
 *           after the size.
 *
 * Buffers are allocated once (page-aligned, size of the largest message)
 * and touched before any timing.
 *
 * Output: one JSON object per line on stdout, rank 0 only; diagnostics go
 * to stderr. Build: mpicc.<impl> -O2 -o pingpong pingpong.c
 */
#define _POSIX_C_SOURCE 200809L /* posix_memalign, sysconf */

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "bench_common.h"

#define TAG_DATA 1
#define TAG_ACK 2
#define MAX_SIZES 64

#define CALIB_MIN_S 0.005    /* a calibration run must last at least this long */
#define TARGET_REP_S 0.020   /* aim for ~20 ms per bandwidth rep */
#define MAX_LOOPS 100000

struct options {
    long sizes[MAX_SIZES];
    int nsizes;
    int iterations; /* 0: per-size default (default_iterations) */
    int warmup;     /* -1: 10% of iterations, at least 10 */
    int window;
    int reps;
    int loops;      /* 0: calibrate */
    bool persistent; /* also bandwidth with persistent requests */
    bool latency, bandwidth;
};

static int rank;
static char library[MPI_MAX_LIBRARY_VERSION_STRING]; /* first line of the version string */

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */





/* Common prefix of every output line. */
static void print_head(const char *bench, long bytes)
{
    printf("{\"bench\":\"%s\",\"impl\":\"c\",\"library\":", bench);
    json_string(library);
    printf(",\"bytes\":%ld", bytes);
}

/* ------------------------------------------------------------------------ */
/* Option parsing                                                           */
/* ------------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr,
            "usage: pingpong [--sizes B,B,...] [--iterations N] [--warmup N]\n"
            "                [--window N] [--reps N] [--loops N]\n"
            "                [--bench latency|bandwidth|persistent|all]\n"
            "defaults: --sizes 0,8,1024,65536,1048576,4194304 --window 64 --reps 7\n"
            "          --bench all; iterations by size; warmup 10%% (min 10);\n"
            "          loops calibrated to ~20 ms per rep\n");
}



/* "0,8,1024" -> sizes[]; each size must fit an int count. */
static bool parse_sizes(const char *arg, struct options *o)
{
    char copy[1024];
    if (strlen(arg) >= sizeof copy)
        return false;
    strcpy(copy, arg);
    o->nsizes = 0;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
        if (o->nsizes == MAX_SIZES || !parse_long(tok, 0, INT_MAX, &o->sizes[o->nsizes]))
            return false;
        o->nsizes++;
    }
    return o->nsizes > 0;
}

static bool parse_args(int argc, char **argv, struct options *o)
{
    static const long default_sizes[] = {0, 8, 1024, 65536, 1048576, 4194304};
    *o = (struct options){.iterations = 0, .warmup = -1, .window = 64, .reps = 7,
                          .loops = 0, .latency = true, .bandwidth = true, .persistent = true};
    o->nsizes = (int)(sizeof default_sizes / sizeof default_sizes[0]);
    memcpy(o->sizes, default_sizes, sizeof default_sizes);

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok;
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h"))
            return false;
        if (!val) { /* every other option takes a value */
            if (rank == 0)
                fprintf(stderr, "pingpong: missing value for %s\n", opt);
            return false;
        }
        if (!strcmp(opt, "--sizes"))
            ok = parse_sizes(val, o);
        else if (!strcmp(opt, "--iterations"))
            ok = parse_int(val, 1, &o->iterations);
        else if (!strcmp(opt, "--warmup"))
            ok = parse_int(val, 0, &o->warmup);
        else if (!strcmp(opt, "--window"))
            ok = parse_int(val, 1, &o->window);
        else if (!strcmp(opt, "--reps"))
            ok = parse_int(val, 1, &o->reps);
        else if (!strcmp(opt, "--loops"))
            ok = parse_int(val, 1, &o->loops);
        else if (!strcmp(opt, "--bench")) {
            ok = true;
            o->latency = !strcmp(val, "latency") || !strcmp(val, "all");
            o->bandwidth = !strcmp(val, "bandwidth") || !strcmp(val, "all");
            o->persistent = !strcmp(val, "persistent") || !strcmp(val, "all");
            if (!o->latency && !o->bandwidth && !o->persistent)
                ok = false;
        } else
            ok = false;
        if (!ok) {
            if (rank == 0)
                fprintf(stderr, "pingpong: bad option or value: %s %s\n", opt, val);
            return false;
        }
        i++;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Latency                                                                  */
/* ------------------------------------------------------------------------ */

static void run_latency(char *buf, long bytes, int iterations, int warmup, double *samples)
{
    int n = (int)bytes;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < warmup + iterations; i++) {
        if (rank == 0) {
            double t0 = MPI_Wtime();
            MPI_Send(buf, n, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD);
            MPI_Recv(buf, n, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            double t1 = MPI_Wtime();
            if (i >= warmup)
                samples[i - warmup] = (t1 - t0) * 0.5e6; /* one-way, microseconds */
        } else {
            MPI_Recv(buf, n, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buf, n, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD);
        }
    }

    if (rank == 0) {
        qsort(samples, (size_t)iterations, sizeof *samples, cmp_double);
        print_head("latency", bytes);
        printf(",\"iterations\":%d,\"median_us\":%.3f,\"p10_us\":%.3f,\"p90_us\":%.3f}\n",
               iterations, quantile(samples, iterations, 0.5),
               quantile(samples, iterations, 0.1), quantile(samples, iterations, 0.9));
        fflush(stdout);
    }
}

/* ------------------------------------------------------------------------ */
/* Bandwidth                                                                */
/* ------------------------------------------------------------------------ */

/* GCC 12 -Wstringop-overflow false positive: MPICH declares the statuses
 * parameter as an array and MPI_STATUSES_IGNORE is (MPI_Status *)1. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif

/* One rep: barrier, then `loops` windows + acks. Returns seconds on rank 0.
 * With `persistent`, reqs[] already holds the window's persistent requests. */
static double bw_rep(char *buf, long bytes, int window, int loops, MPI_Request *reqs, bool persistent)
{
    int n = (int)bytes;
    char ack = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int l = 0; l < loops; l++) {
        if (persistent) {
            MPI_Startall(window, reqs);
            MPI_Waitall(window, reqs, MPI_STATUSES_IGNORE);
            if (rank == 0)
                MPI_Recv(&ack, 1, MPI_BYTE, 1, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            else
                MPI_Send(&ack, 1, MPI_BYTE, 0, TAG_ACK, MPI_COMM_WORLD);
        } else if (rank == 0) {
            for (int w = 0; w < window; w++)
                MPI_Isend(buf, n, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD, &reqs[w]);
            MPI_Waitall(window, reqs, MPI_STATUSES_IGNORE);
            MPI_Recv(&ack, 1, MPI_BYTE, 1, TAG_ACK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            for (int w = 0; w < window; w++)
                MPI_Irecv(buf, n, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, &reqs[w]);
            MPI_Waitall(window, reqs, MPI_STATUSES_IGNORE);
            MPI_Send(&ack, 1, MPI_BYTE, 0, TAG_ACK, MPI_COMM_WORLD);
        }
    }
    return MPI_Wtime() - t0;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/* Loops per rep so that a rep lasts about TARGET_REP_S (see file header). */
static int calibrate_loops(char *buf, long bytes, int window, MPI_Request *reqs, bool persistent)
{
    for (int n = 1;; n *= 2) {
        double t = bw_rep(buf, bytes, window, n, reqs, persistent);
        int loops = 0; /* 0: keep doubling */
        if (rank == 0 && (t >= CALIB_MIN_S || n >= MAX_LOOPS)) {
            double want = n * TARGET_REP_S / t; /* rounded up below */
            loops = want >= MAX_LOOPS ? MAX_LOOPS : (int)want + ((int)want < want);
            if (loops < 1)
                loops = 1;
        }
        MPI_Bcast(&loops, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (loops > 0)
            return loops;
    }
}

static void run_bandwidth(char *buf, long bytes, const struct options *o,
                          MPI_Request *reqs, double *rates, bool persistent)
{
    int n = (int)bytes;
    if (persistent) {
        for (int w = 0; w < o->window; w++) {
            if (rank == 0)
                MPI_Send_init(buf, n, MPI_BYTE, 1, TAG_DATA, MPI_COMM_WORLD, &reqs[w]);
            else
                MPI_Recv_init(buf, n, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, &reqs[w]);
        }
    }

    int loops = o->loops;
    if (loops > 0)
        bw_rep(buf, bytes, o->window, 1, reqs, persistent); /* warm-up */
    else
        loops = calibrate_loops(buf, bytes, o->window, reqs, persistent);

    for (int r = 0; r < o->reps; r++) {
        double t = bw_rep(buf, bytes, o->window, loops, reqs, persistent);
        rates[r] = (double)bytes * o->window * loops / t / 1e6;
    }

    if (persistent)
        for (int w = 0; w < o->window; w++)
            MPI_Request_free(&reqs[w]);

    if (rank == 0) {
        qsort(rates, (size_t)o->reps, sizeof *rates, cmp_double);
        print_head(persistent ? "bandwidth-persistent" : "bandwidth", bytes);
        printf(",\"window\":%d,\"loops\":%d,\"reps\":%d,"
               "\"median_MBps\":%.1f,\"min_MBps\":%.1f,\"max_MBps\":%.1f}\n",
               o->window, loops, o->reps, quantile(rates, o->reps, 0.5),
               rates[0], rates[o->reps - 1]);
        fflush(stdout);
    }
}

/* ------------------------------------------------------------------------ */

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
            fprintf(stderr, "pingpong: needs exactly 2 ranks, got %d%s\n", size,
                    size == 1 ? " (a launcher/library mismatch starts singletons)" : "");
        MPI_Finalize();
        return 1;
    }

    MPI_Get_library_version(library, &len);
    library[strcspn(library, "\n")] = '\0';

    /* Allocate everything once: the message buffer (page-aligned, touched
     * so no page faults land in the timed loops), samples, requests. */
    long max_bytes = 1, max_iters = 0;
    for (int i = 0; i < o.nsizes; i++) {
        long it = o.iterations ? o.iterations : default_iterations(o.sizes[i]);
        if (o.sizes[i] > max_bytes) max_bytes = o.sizes[i];
        if (it > max_iters) max_iters = it;
    }
    long page = sysconf(_SC_PAGESIZE);
    size_t buf_len = (size_t)((max_bytes + page - 1) / page * page);
    void *buf = NULL;
    double *samples = malloc((size_t)max_iters * sizeof *samples);
    double *rates = malloc((size_t)o.reps * sizeof *rates);
    MPI_Request *reqs = malloc((size_t)o.window * sizeof *reqs);
    if (posix_memalign(&buf, (size_t)page, buf_len) != 0 || !samples || !rates || !reqs) {
        fprintf(stderr, "pingpong: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    memset(buf, 0xA5, buf_len);
    memset(samples, 0, (size_t)max_iters * sizeof *samples);

    if (o.latency) {
        for (int i = 0; i < o.nsizes; i++) {
            int iters = o.iterations ? o.iterations : default_iterations(o.sizes[i]);
            int warmup = o.warmup >= 0 ? o.warmup : (iters / 10 > 10 ? iters / 10 : 10);
            run_latency(buf, o.sizes[i], iters, warmup, samples);
        }
    }
    if (o.bandwidth) {
        for (int i = 0; i < o.nsizes; i++)
            if (o.sizes[i] > 0)
                run_bandwidth(buf, o.sizes[i], &o, reqs, rates, false);
    }
    if (o.persistent) {
        for (int i = 0; i < o.nsizes; i++)
            if (o.sizes[i] > 0)
                run_bandwidth(buf, o.sizes[i], &o, reqs, rates, true);
    }

    free(reqs);
    free(rates);
    free(samples);
    free(buf);
    MPI_Finalize();
    return 0;
}
