using System.Runtime.CompilerServices;

// Locals and stackalloc buffers are filled by MPI or by the code before use; zeroing them on every call
// (a 32-byte status per receive, request-handle scratch) is wasted work on the hot paths.
[module: SkipLocalsInit]
