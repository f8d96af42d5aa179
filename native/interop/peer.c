/*
 * The C side of the interop check: one C rank in the same MPI job as C# ranks,
 *
 *   mpirun -n 1 ./peer : -n 3 dotnet tests/Mpi.Interop/bin/Release/net10.0/Mpi.Interop.dll
 *
 * Rank 0 is this program. The structs below are the C twins of the [MpiMessage] structs in
 * tests/Mpi.Interop/Messages.cs; C builds its datatypes by hand with offsetof, C# gets them from the
 * source generator. Every rank runs the same steps and checks what it receives byte for byte:
 *   1. ring: send my Particle to the next rank, receive the previous rank's;
 *   2. gather every Particle at rank 0 (this C rank);
 *   3. broadcast an array of Particles from rank 1 (a C# rank);
 *   4. allreduce Stats with field-wise Sum and Max (C user ops here, generated kernels in C#);
 * then prints "INTEROP OK rank <r>" or "INTEROP FAIL rank <r>: <what>".
 */
#include <mpi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float x, y; } Vec2;

typedef struct {
    double x, y, z;
    int32_t id;
    uint8_t kind;   /* enum ParticleKind : byte */
    bool alive;
    int16_t charge;
    double mass;
    Vec2 velocity;
} Particle;

typedef struct {
    double total;
    int64_t count;
    float peak;
    int32_t ranks[3];
} Stats;

static int failures = 0;
static int my_rank = 0;

static void fail(const char *what) {
    printf("INTEROP FAIL rank %d: %s\n", my_rank, what);
    failures++;
}

/* The same deterministic values as Messages.cs: integer-valued doubles so sums are exact in any order. */
static Particle particle_of(int rank) {
    Particle p;
    memset(&p, 0, sizeof p); /* padding is not compared by MPI, but keep it deterministic */
    p.x = rank + 0.5; p.y = rank * 2.0; p.z = -rank;
    p.id = 1000 + rank;
    p.kind = (uint8_t)(rank % 3);
    p.alive = rank % 2 == 0;
    p.charge = (int16_t)(-7 * rank);
    p.mass = 1.0 + rank;
    p.velocity.x = rank * 0.25f; p.velocity.y = -rank * 0.5f;
    return p;
}

static Stats stats_of(int rank) {
    Stats s = { .total = rank * 10.0, .count = rank + 1, .peak = (float)rank, .ranks = { rank, -rank, rank * rank } };
    return s;
}

static bool same_particle(const Particle *a, const Particle *b) {
    return a->x == b->x && a->y == b->y && a->z == b->z && a->id == b->id && a->kind == b->kind &&
           a->alive == b->alive && a->charge == b->charge && a->mass == b->mass &&
           a->velocity.x == b->velocity.x && a->velocity.y == b->velocity.y;
}

static bool same_stats(const Stats *a, const Stats *b) {
    return a->total == b->total && a->count == b->count && a->peak == b->peak &&
           memcmp(a->ranks, b->ranks, sizeof a->ranks) == 0;
}

static MPI_Datatype vec2_type(void) {
    int lengths[] = {1, 1};
    MPI_Aint offsets[] = {offsetof(Vec2, x), offsetof(Vec2, y)};
    MPI_Datatype types[] = {MPI_FLOAT, MPI_FLOAT}, raw, resized;
    MPI_Type_create_struct(2, lengths, offsets, types, &raw);
    MPI_Type_create_resized(raw, 0, sizeof(Vec2), &resized);
    MPI_Type_commit(&resized);
    MPI_Type_free(&raw);
    return resized;
}

static MPI_Datatype particle_type(MPI_Datatype vec2) {
    int lengths[] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    MPI_Aint offsets[] = {offsetof(Particle, x), offsetof(Particle, y), offsetof(Particle, z), offsetof(Particle, id),
                          offsetof(Particle, kind), offsetof(Particle, alive), offsetof(Particle, charge),
                          offsetof(Particle, mass), offsetof(Particle, velocity)};
    MPI_Datatype types[] = {MPI_DOUBLE, MPI_DOUBLE, MPI_DOUBLE, MPI_INT32_T, MPI_UINT8_T, MPI_C_BOOL, MPI_INT16_T,
                            MPI_DOUBLE, vec2}, raw, resized;
    MPI_Type_create_struct(9, lengths, offsets, types, &raw);
    MPI_Type_create_resized(raw, 0, sizeof(Particle), &resized);
    MPI_Type_commit(&resized);
    MPI_Type_free(&raw);
    return resized;
}

static MPI_Datatype stats_type(void) {
    int lengths[] = {1, 1, 1, 3};
    MPI_Aint offsets[] = {offsetof(Stats, total), offsetof(Stats, count), offsetof(Stats, peak), offsetof(Stats, ranks)};
    MPI_Datatype types[] = {MPI_DOUBLE, MPI_INT64_T, MPI_FLOAT, MPI_INT32_T}, raw, resized;
    MPI_Type_create_struct(4, lengths, offsets, types, &raw);
    MPI_Type_create_resized(raw, 0, sizeof(Stats), &resized);
    MPI_Type_commit(&resized);
    MPI_Type_free(&raw);
    return resized;
}

/* inout[i] = in[i] op inout[i], field by field: the C twins of the generated kernels. */
static void stats_sum(void *in, void *inout, int *len, MPI_Datatype *type) {
    (void)type;
    Stats *a = in, *b = inout;
    for (int i = 0; i < *len; i++) {
        b[i].total = a[i].total + b[i].total;
        b[i].count = a[i].count + b[i].count;
        b[i].peak = a[i].peak + b[i].peak;
        for (int k = 0; k < 3; k++) b[i].ranks[k] = a[i].ranks[k] + b[i].ranks[k];
    }
}

static void stats_max(void *in, void *inout, int *len, MPI_Datatype *type) {
    (void)type;
    Stats *a = in, *b = inout;
    for (int i = 0; i < *len; i++) {
        if (a[i].total > b[i].total) b[i].total = a[i].total;
        if (a[i].count > b[i].count) b[i].count = a[i].count;
        if (a[i].peak > b[i].peak) b[i].peak = a[i].peak;
        for (int k = 0; k < 3; k++) if (a[i].ranks[k] > b[i].ranks[k]) b[i].ranks[k] = a[i].ranks[k];
    }
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int size;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Datatype vec2 = vec2_type(), particle = particle_type(vec2), stats = stats_type();

    /* 1. ring */
    Particle mine = particle_of(my_rank), from_previous;
    int next = (my_rank + 1) % size, previous = (my_rank + size - 1) % size;
    MPI_Sendrecv(&mine, 1, particle, next, 1, &from_previous, 1, particle, previous, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    Particle expected = particle_of(previous);
    if (!same_particle(&from_previous, &expected)) fail("ring: the previous rank's Particle differs");

    /* 2. gather at rank 0 (this rank) */
    Particle *all = calloc((size_t)size, sizeof(Particle));
    MPI_Gather(&mine, 1, particle, all, 1, particle, 0, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++) {
        Particle want = particle_of(r);
        if (!same_particle(&all[r], &want)) fail("gather: a Particle differs");
    }

    /* 3. broadcast from rank 1 (C#): particles of ranks 0..size-1 in reverse order */
    memset(all, 0, (size_t)size * sizeof(Particle));
    MPI_Bcast(all, size, particle, 1, MPI_COMM_WORLD);
    for (int i = 0; i < size; i++) {
        Particle want = particle_of(size - 1 - i);
        if (!same_particle(&all[i], &want)) fail("bcast: a Particle from rank 1 differs");
    }

    /* 4. allreduce with field-wise sum and max */
    MPI_Op sum, max;
    MPI_Op_create(stats_sum, 1, &sum);
    MPI_Op_create(stats_max, 1, &max);
    Stats in = stats_of(my_rank), total, peak, want_total = {0}, want_peak = stats_of(0);
    MPI_Allreduce(&in, &total, 1, stats, sum, MPI_COMM_WORLD);
    MPI_Allreduce(&in, &peak, 1, stats, max, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++) {
        Stats s = stats_of(r);
        stats_sum(&s, &want_total, &(int){1}, NULL);
        stats_max(&s, &want_peak, &(int){1}, NULL);
    }
    if (!same_stats(&total, &want_total)) fail("allreduce: the field-wise sum differs");
    if (!same_stats(&peak, &want_peak)) fail("allreduce: the field-wise max differs");

    if (failures == 0) printf("INTEROP OK rank %d (C)\n", my_rank);
    fflush(stdout);
    MPI_Op_free(&sum);
    MPI_Op_free(&max);
    MPI_Type_free(&particle);
    MPI_Type_free(&vec2);
    MPI_Type_free(&stats);
    free(all);
    MPI_Finalize();
    return failures == 0 ? 0 : 1;
}
