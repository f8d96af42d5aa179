/*
 * probe.c - dump the ABI facts of the MPI library this program is built with.
 *
 * TypedMpi never links MPI: it dlopens the library and must know, per
 * implementation family, the sizes of the handle types, the MPI_Status
 * layout, the integer/pointer constants and the values of the predefined
 * handles.  This probe is the ground truth for those tables: it is compiled
 * with the implementation's own mpicc and prints what the C headers say.
 *
 * Build (-fPIC matters for Open MPI: without it the linker uses copy
 * relocations, the predefined objects then live in the executable and
 * dladdr()/dlsym() disagree with what a dlopen-only client sees):
 *
 *     mpicc.openmpi -O1 -fPIC -o probe probe.c -ldl
 *     mpicc.mpich   -O1 -fPIC -o probe probe.c -ldl
 *
 * Run with one rank under the matching launcher; rank 0 prints one JSON
 * object on stdout.  See native/README.md.
 */
#define _GNU_SOURCE /* dladdr(), RTLD_DEFAULT, RTLD_NOLOAD */

#include <dlfcn.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mpi.h>

#if defined(OMPI_MAJOR_VERSION)
#define FAMILY "openmpi"
/* Open MPI handles are pointers to exported global objects. */
#define POINTER_HANDLES 1
#define HANDLE_BITS(h) ((uint64_t)(uintptr_t)(const void *)(h))
#elif defined(MPICH_VERSION)
#define FAMILY "mpich"
/* MPICH handles are 32-bit ints; print the unsigned bit pattern. */
#define POINTER_HANDLES 0
#define HANDLE_BITS(h) ((uint64_t)(uint32_t)(h))
_Static_assert(sizeof(MPI_Comm) == 4, "MPICH handles are expected to be int");
#else
#error "unknown MPI implementation (neither OMPI_MAJOR_VERSION nor MPICH_VERSION defined)"
#endif

/* ------------------------------------------------------------------------ */
/* Minimal JSON writer: nested objects, one member per line.                */
/* ------------------------------------------------------------------------ */

#define MAX_DEPTH 8
static int depth;                      /* current object nesting level */
static bool has_members[MAX_DEPTH];    /* per level: a member was written */

/* Write s as a JSON string literal (quotes, backslash and control chars escaped). */
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
                putchar(*p); /* bytes >= 0x80 pass through (UTF-8 assumed) */
        }
    }
    putchar('"');
}

/* Start a member: separator, newline + indent, and "key": (key may be NULL at top level). */
static void json_key(const char *key)
{
    if (has_members[depth])
        putchar(',');
    has_members[depth] = true;
    if (depth > 0)
        printf("\n%*s", 2 * depth, "");
    if (key) {
        json_string(key);
        fputs(": ", stdout);
    }
}

static void json_begin(const char *key)
{
    json_key(key);
    putchar('{');
    has_members[++depth] = false;
}

static void json_end(void)
{
    depth--;
    printf("\n%*s}", 2 * depth, "");
}

static void json_int(const char *key, long long v)
{
    json_key(key);
    printf("%lld", v);
}

static void json_str(const char *key, const char *v)
{
    json_key(key);
    json_string(v);
}

static void json_hex(const char *key, uint64_t v)
{
    json_key(key);
    printf("\"0x%" PRIx64 "\"", v);
}

/* ------------------------------------------------------------------------ */
/* Handles                                                                  */
/* ------------------------------------------------------------------------ */

#if POINTER_HANDLES
/* dlopen handle of the shared object that defines MPI_Init (libmpi.so.40),
 * i.e. what a dlopen-only client would use for dlsym(). */
static void *mpi_lib;

static void open_mpi_lib(void)
{
    Dl_info info;
    void *fn = dlsym(RTLD_DEFAULT, "MPI_Init");
    if (fn && dladdr(fn, &info) && info.dli_fname)
        mpi_lib = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
}
#endif

/*
 * One handle as an inline object:
 *   {"value": "0x...", "symbol": "ompi_mpi_comm_world" | null, "dlsym_matches": true | false | null}
 * For pointer handles "symbol" is the exported symbol dladdr() finds exactly
 * at the handle's address, and "dlsym_matches" says whether dlsym() on the MPI
 * library for that name yields the same address.
 */
static void emit_handle(const char *name, uint64_t bits)
{
    const char *symbol = NULL;
    const char *matches = "null";
#if POINTER_HANDLES
    void *addr = (void *)(uintptr_t)bits;
    Dl_info info;
    matches = "false";
    if (dladdr(addr, &info) && info.dli_sname && info.dli_saddr == addr) {
        symbol = info.dli_sname;
        if (mpi_lib && dlsym(mpi_lib, symbol) == addr)
            matches = "true";
    }
#endif
    json_key(name);
    printf("{\"value\": \"0x%" PRIx64 "\", \"symbol\": ", bits);
    if (symbol)
        json_string(symbol);
    else
        fputs("null", stdout);
    printf(", \"dlsym_matches\": %s}", matches);
}

/* Helpers so each constant is named once: the macro stringizes it. */
#define INT_CONST(c) json_int(#c, (long long)(c))
#define PTR_CONST(c) json_hex(#c, (uint64_t)(uintptr_t)(c))
#define HANDLE(h) emit_handle(#h, HANDLE_BITS(h))
#define SIZE(t) json_int(#t, (long long)sizeof(t))
#define OFFSET(f) json_int(#f, (long long)offsetof(MPI_Status, f))

static void emit_handles(void)
{
    json_begin("handles");
    /* communicators, groups, requests, messages, errhandlers, info */
    HANDLE(MPI_COMM_WORLD);
    HANDLE(MPI_COMM_SELF);
    HANDLE(MPI_COMM_NULL);
    HANDLE(MPI_GROUP_NULL);
    HANDLE(MPI_GROUP_EMPTY);
    HANDLE(MPI_REQUEST_NULL);
    HANDLE(MPI_MESSAGE_NULL);
    HANDLE(MPI_MESSAGE_NO_PROC);
    HANDLE(MPI_OP_NULL);
    HANDLE(MPI_ERRHANDLER_NULL);
    HANDLE(MPI_ERRORS_ARE_FATAL);
    HANDLE(MPI_ERRORS_RETURN);
    HANDLE(MPI_INFO_NULL);
    HANDLE(MPI_DATATYPE_NULL);
    /* reduction operations */
    HANDLE(MPI_MAX);
    HANDLE(MPI_MIN);
    HANDLE(MPI_SUM);
    HANDLE(MPI_PROD);
    HANDLE(MPI_LAND);
    HANDLE(MPI_BAND);
    HANDLE(MPI_LOR);
    HANDLE(MPI_BOR);
    HANDLE(MPI_LXOR);
    HANDLE(MPI_BXOR);
    HANDLE(MPI_MAXLOC);
    HANDLE(MPI_MINLOC);
    HANDLE(MPI_REPLACE);
    HANDLE(MPI_NO_OP);
    /* datatypes */
    HANDLE(MPI_BYTE);
    HANDLE(MPI_CHAR);
    HANDLE(MPI_SIGNED_CHAR);
    HANDLE(MPI_UNSIGNED_CHAR);
    HANDLE(MPI_SHORT);
    HANDLE(MPI_UNSIGNED_SHORT);
    HANDLE(MPI_INT);
    HANDLE(MPI_UNSIGNED);
    HANDLE(MPI_LONG);
    HANDLE(MPI_UNSIGNED_LONG);
    HANDLE(MPI_LONG_LONG);
    HANDLE(MPI_UNSIGNED_LONG_LONG);
    HANDLE(MPI_FLOAT);
    HANDLE(MPI_DOUBLE);
    HANDLE(MPI_C_BOOL);
    HANDLE(MPI_INT8_T);
    HANDLE(MPI_UINT8_T);
    HANDLE(MPI_INT16_T);
    HANDLE(MPI_UINT16_T);
    HANDLE(MPI_INT32_T);
    HANDLE(MPI_UINT32_T);
    HANDLE(MPI_INT64_T);
    HANDLE(MPI_UINT64_T);
    HANDLE(MPI_C_FLOAT_COMPLEX);
    HANDLE(MPI_C_DOUBLE_COMPLEX);
    HANDLE(MPI_AINT);
    HANDLE(MPI_COUNT);
    HANDLE(MPI_OFFSET);
    HANDLE(MPI_PACKED);
    HANDLE(MPI_2INT);
    HANDLE(MPI_SHORT_INT);
    HANDLE(MPI_LONG_INT);
    HANDLE(MPI_FLOAT_INT);
    HANDLE(MPI_DOUBLE_INT);
    HANDLE(MPI_WCHAR);
    json_end();
}

/* ------------------------------------------------------------------------ */
/* Constants                                                                */
/* ------------------------------------------------------------------------ */

static void emit_sizes(void)
{
    json_begin("sizes");
    SIZE(MPI_Comm);
    SIZE(MPI_Datatype);
    SIZE(MPI_Op);
    SIZE(MPI_Request);
    SIZE(MPI_Group);
    SIZE(MPI_Message);
    SIZE(MPI_Errhandler);
    SIZE(MPI_Aint);
    SIZE(MPI_Count);
    SIZE(MPI_Status);
    json_end();

    json_begin("status_offsets");
    OFFSET(MPI_SOURCE);
    OFFSET(MPI_TAG);
    OFFSET(MPI_ERROR);
    json_end();
}

static void emit_int_constants(void)
{
    json_begin("int_constants");
    INT_CONST(MPI_ANY_SOURCE);
    INT_CONST(MPI_ANY_TAG);
    INT_CONST(MPI_PROC_NULL);
    INT_CONST(MPI_ROOT);
    INT_CONST(MPI_UNDEFINED);
    INT_CONST(MPI_THREAD_SINGLE);
    INT_CONST(MPI_THREAD_FUNNELED);
    INT_CONST(MPI_THREAD_SERIALIZED);
    INT_CONST(MPI_THREAD_MULTIPLE);
    INT_CONST(MPI_IDENT);
    INT_CONST(MPI_CONGRUENT);
    INT_CONST(MPI_SIMILAR);
    INT_CONST(MPI_UNEQUAL);
    INT_CONST(MPI_COMM_TYPE_SHARED);
    INT_CONST(MPI_MAX_PROCESSOR_NAME);
    INT_CONST(MPI_MAX_ERROR_STRING);
    INT_CONST(MPI_MAX_LIBRARY_VERSION_STRING);
    INT_CONST(MPI_BSEND_OVERHEAD);
    INT_CONST(MPI_CART);
    INT_CONST(MPI_GRAPH);
    INT_CONST(MPI_DIST_GRAPH);
    json_end();
}

/* Every MPI-3.1 error class; both Open MPI 4.1 and MPICH 4.0 define all of them. */
static void emit_error_classes(void)
{
    json_begin("error_classes");
    INT_CONST(MPI_SUCCESS);
    INT_CONST(MPI_ERR_BUFFER);
    INT_CONST(MPI_ERR_COUNT);
    INT_CONST(MPI_ERR_TYPE);
    INT_CONST(MPI_ERR_TAG);
    INT_CONST(MPI_ERR_COMM);
    INT_CONST(MPI_ERR_RANK);
    INT_CONST(MPI_ERR_REQUEST);
    INT_CONST(MPI_ERR_ROOT);
    INT_CONST(MPI_ERR_GROUP);
    INT_CONST(MPI_ERR_OP);
    INT_CONST(MPI_ERR_TOPOLOGY);
    INT_CONST(MPI_ERR_DIMS);
    INT_CONST(MPI_ERR_ARG);
    INT_CONST(MPI_ERR_UNKNOWN);
    INT_CONST(MPI_ERR_TRUNCATE);
    INT_CONST(MPI_ERR_OTHER);
    INT_CONST(MPI_ERR_INTERN);
    INT_CONST(MPI_ERR_IN_STATUS);
    INT_CONST(MPI_ERR_PENDING);
    INT_CONST(MPI_ERR_KEYVAL);
    INT_CONST(MPI_ERR_NO_MEM);
    INT_CONST(MPI_ERR_BASE);
    INT_CONST(MPI_ERR_INFO_KEY);
    INT_CONST(MPI_ERR_INFO_VALUE);
    INT_CONST(MPI_ERR_INFO_NOKEY);
    INT_CONST(MPI_ERR_SPAWN);
    INT_CONST(MPI_ERR_PORT);
    INT_CONST(MPI_ERR_SERVICE);
    INT_CONST(MPI_ERR_NAME);
    INT_CONST(MPI_ERR_WIN);
    INT_CONST(MPI_ERR_SIZE);
    INT_CONST(MPI_ERR_DISP);
    INT_CONST(MPI_ERR_INFO);
    INT_CONST(MPI_ERR_LOCKTYPE);
    INT_CONST(MPI_ERR_ASSERT);
    INT_CONST(MPI_ERR_RMA_CONFLICT);
    INT_CONST(MPI_ERR_RMA_SYNC);
    INT_CONST(MPI_ERR_RMA_RANGE);
    INT_CONST(MPI_ERR_RMA_ATTACH);
    INT_CONST(MPI_ERR_RMA_SHARED);
    INT_CONST(MPI_ERR_RMA_FLAVOR);
    INT_CONST(MPI_ERR_FILE);
    INT_CONST(MPI_ERR_NOT_SAME);
    INT_CONST(MPI_ERR_AMODE);
    INT_CONST(MPI_ERR_UNSUPPORTED_DATAREP);
    INT_CONST(MPI_ERR_UNSUPPORTED_OPERATION);
    INT_CONST(MPI_ERR_NO_SUCH_FILE);
    INT_CONST(MPI_ERR_FILE_EXISTS);
    INT_CONST(MPI_ERR_BAD_FILE);
    INT_CONST(MPI_ERR_ACCESS);
    INT_CONST(MPI_ERR_NO_SPACE);
    INT_CONST(MPI_ERR_QUOTA);
    INT_CONST(MPI_ERR_READ_ONLY);
    INT_CONST(MPI_ERR_FILE_IN_USE);
    INT_CONST(MPI_ERR_DUP_DATAREP);
    INT_CONST(MPI_ERR_CONVERSION);
    INT_CONST(MPI_ERR_IO);
    INT_CONST(MPI_ERR_LASTCODE);
    json_end();
}

/* Sentinel pointers, printed as unsigned 64-bit hex ((void *)-1 -> 0xffffffffffffffff). */
static void emit_pointer_constants(void)
{
    json_begin("pointer_constants");
    PTR_CONST(MPI_IN_PLACE);
    PTR_CONST(MPI_BOTTOM);
    PTR_CONST(MPI_STATUS_IGNORE);
    PTR_CONST(MPI_STATUSES_IGNORE);
    json_end();
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    /* Both queries are allowed before MPI_Init (MPI-3.1 §8.1.1). */
    static char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0, major = 0, minor = 0;
    MPI_Get_library_version(version, &len);
    version[strcspn(version, "\n")] = '\0'; /* keep the first line only */
    MPI_Get_version(&major, &minor);

    int rank = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    if (rank == 0) {
#if POINTER_HANDLES
        open_mpi_lib();
#endif
        json_begin(NULL);
        json_str("family", FAMILY);
        json_str("library_version", version);
        json_key("mpi_version");
        printf("[%d, %d]", major, minor);
        emit_sizes();
        emit_int_constants();
        emit_error_classes();
        emit_pointer_constants();
        emit_handles();
        json_end();
        putchar('\n');
        fflush(stdout);
#if POINTER_HANDLES
        if (mpi_lib)
            dlclose(mpi_lib);
#endif
    }

    MPI_Finalize();
    return 0;
}
