#!/usr/bin/env bash
# Build the native helper programs against one MPI implementation.
#
#   native/build.sh <openmpi|mpich> <outdir>
#
# Produces <outdir>/probe (ABI probe), <outdir>/pingpong and <outdir>/structs
# (C reference benchmarks) and <outdir>/peer (the C rank of the interop check),
# compiled with mpicc.<impl>. Extra compiler flags can be passed
# through CFLAGS_EXTRA (e.g. CFLAGS_EXTRA=-Werror).
set -euo pipefail

usage() {
    echo "usage: $0 <openmpi|mpich> <outdir>" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
impl=$1
outdir=$2
case "$impl" in
    openmpi) pkg=libopenmpi-dev ;;
    mpich) pkg=libmpich-dev ;;
    *) echo "error: unknown implementation '$impl' (expected openmpi or mpich)" >&2; usage ;;
esac

mpicc="mpicc.$impl"
if ! command -v "$mpicc" >/dev/null 2>&1; then
    echo "error: $mpicc not found on PATH (Debian/Ubuntu: apt-get install $pkg)" >&2
    exit 1
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$outdir"
warn=(-std=c11 -Wall -Wextra ${CFLAGS_EXTRA:-})

# -fPIC: no copy relocations, so Open MPI's predefined handles keep the
# library's own addresses (what dlsym sees). -ldl for dladdr/dlsym.
set -x
"$mpicc" "${warn[@]}" -O1 -fPIC -o "$outdir/probe" "$here/abi-probe/probe.c" -ldl
"$mpicc" "${warn[@]}" -O2 -o "$outdir/pingpong" "$here/bench/pingpong.c"
"$mpicc" "${warn[@]}" -O2 -o "$outdir/structs" "$here/bench/structs.c"
"$mpicc" "${warn[@]}" -O2 -o "$outdir/peer" "$here/interop/peer.c"
