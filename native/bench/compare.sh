#!/usr/bin/env bash
# Compare a C reference benchmark with its C# twin (tests/Mpi.Benchmarks).
#
#   native/bench/compare.sh <openmpi|mpich> [--suite pingpong|structs] [options of that suite...]
#   e.g. native/bench/compare.sh mpich --iterations 2000 --reps 3
#        RUNS=5 native/bench/compare.sh openmpi --suite structs --counts 1,1000,100000
#
# Suites: pingpong (the default) is native/bench/pingpong.c against Mpi.Benchmarks.dll; structs is
# native/bench/structs.c (a 40-byte message struct: send of an array with the derived datatype, allreduce
# with the field-wise sum op) against Mpi.Benchmarks.dll --suite structs ([MpiMessage] struct, MpiOp.Sum).
#
# Builds both programs, then runs C and C# alternately, RUNS times each (default 3), in this one session,
# under the implementation's launcher with 2 ranks. The pingpong suite also runs the C# twin a third way each
# round: without a launcher, as 2 in-process ranks (threads of one process, no MPI library), so the in-process
# backend is measured against the native shared-memory path of the same session. Every JSON line goes into a results file under
# native/out/<impl>/ (git-ignored). The table gives, per benchmark and size, the median of the runs'
# medians for C and for C#, with the [min-max] of the run medians, and the ratio: times (latency,
# struct-send, struct-allreduce) C#/C (1.00 = same, higher = C# slower), throughputs (bandwidth,
# struct-send MB/s = bytes / median one-way time) C#/C in percent (100% = same, lower = C# slower).
# With --reps N (structs), every rep's line counts as one run in the table.
#
# Environment: RUNS (default 3), RUN_TIMEOUT (seconds per run, default 1200), RESULTS (results file).
set -euo pipefail

usage() {
    echo "usage: $0 <openmpi|mpich> [pingpong options: --sizes --iterations --warmup --window --reps --loops --bench]" >&2
    echo "       $0 <openmpi|mpich> --suite structs [structs options: --counts --iterations --warmup --reps --bench]" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
impl=$1
shift
# --suite NAME may appear anywhere; everything else goes to the benchmark programs.
suite=pingpong
bench_args=()
while [[ $# -gt 0 ]]; do
    if [[ $1 == --suite ]]; then
        [[ $# -ge 2 ]] || usage
        suite=$2
        shift 2
    else
        bench_args+=("$1")
        shift
    fi
done
case "$suite" in
    pingpong) cs_suite_args=() ;;
    structs) cs_suite_args=(--suite structs) ;;
    *) echo "error: unknown suite '$suite' (expected pingpong or structs)" >&2; usage ;;
esac
case "$impl" in
    openmpi)
        export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
        launcher=(mpirun.openmpi --allow-run-as-root -n 2)
        launcher_env="OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
        ;;
    mpich)
        launcher=(mpirun.mpich -n 2)
        launcher_env=""
        ;;
    *) echo "error: unknown implementation '$impl' (expected openmpi or mpich)" >&2; usage ;;
esac
command -v "${launcher[0]}" >/dev/null 2>&1 || { echo "error: ${launcher[0]} not found on PATH" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "error: python3 not found on PATH" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
runs=${RUNS:-3}
run_timeout=${RUN_TIMEOUT:-1200}
outdir=native/out/$impl
mkdir -p "$outdir"
results=${RESULTS:-$outdir/compare-$([[ $suite == pingpong ]] || echo "$suite-")$(date +%Y%m%d-%H%M%S).jsonl}
: >"$results"

# Print a command exactly as it can be pasted into a shell, then run it.
run() {
    printf '+' >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    "$@"
}

# 1. The C reference: rebuilt when missing or older than its source or build script.
c_bin=$outdir/$suite
c_src=native/bench/$suite.c
if [[ ! -x $c_bin || $c_src -nt $c_bin || native/build.sh -nt $c_bin ]]; then
    run native/build.sh "$impl" "$outdir"
else
    echo "# reusing $c_bin (newer than $c_src)" >&2
fi

# 2. The C# twin.
run dotnet build tests/Mpi.Benchmarks -c Release -nologo -v quiet
cs_dll=tests/Mpi.Benchmarks/bin/Release/net10.0/Mpi.Benchmarks.dll

# 3. Alternate C and C# runs; stdout (the JSON lines) is appended to the results file, stderr passes through.
c_cmd=("${launcher[@]}" "$c_bin" ${bench_args[@]+"${bench_args[@]}"})
cs_cmd=("${launcher[@]}" dotnet "$cs_dll" ${cs_suite_args[@]+"${cs_suite_args[@]}"} ${bench_args[@]+"${bench_args[@]}"})
inprocess_cmd=(env TYPEDMPI_BACKEND=inprocess dotnet "$cs_dll" --ranks 2 ${bench_args[@]+"${bench_args[@]}"})
kinds=(c csharp)
[[ $suite == pingpong ]] && kinds+=(inprocess)
echo "# results: $results" >&2
for ((r = 1; r <= runs; r++)); do
    for which in "${kinds[@]}"; do
        case $which in
            c) cmd=("${c_cmd[@]}") ;;
            csharp) cmd=("${cs_cmd[@]}") ;;
            *) cmd=("${inprocess_cmd[@]}") ;;
        esac
        echo "# run $r/$runs ($which):" >&2
        printf '+ %s' "$launcher_env" >&2
        printf '%q ' timeout "$run_timeout" "${cmd[@]}" >&2
        printf '</dev/null >>%q\n' "$results" >&2
        before=$(wc -l <"$results")
        if ! timeout "$run_timeout" "${cmd[@]}" </dev/null >>"$results"; then
            echo "error: run $r ($which) failed; partial results in $results" >&2
            exit 1
        fi
        echo "# $(($(wc -l <"$results") - before)) lines" >&2
    done
done

# 4. The table.
python3 - "$results" <<'PY'
import json, statistics, sys

path = sys.argv[1]
# Per benchmark: the key of a row (pingpong: bytes, structs: count of 40-byte elements) and its metrics:
# (JSON field, unit, format, ratio column, ratio as time "C#/C" or throughput "C#/C %").
BENCHES = {
    "latency": ("bytes", [("median_us", "us", "{:.3f}", "C#/C", "time")]),
    "bandwidth": ("bytes", [("median_MBps", "MB/s", "{:.1f}", "C#/C %", "rate")]),
    "bandwidth-persistent": ("bytes", [("median_MBps", "MB/s", "{:.1f}", "C#/C %", "rate")]),
    "struct-send": ("count", [("median_us", "us", "{:.3f}", "C#/C", "time"),
                              ("MBps", "MB/s", "{:.1f}", "C#/C %", "rate")]),
    "struct-allreduce": ("count", [("median_us", "us", "{:.3f}", "C#/C", "time")]),
}
rows, libraries, alloc, sizes_in_bytes = {}, {}, {}, {}
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        start = line.find("{")  # tolerate stray bytes a launcher may put before the object
        if start < 0:
            continue
        try:
            d = json.loads(line[start:])
        except json.JSONDecodeError:
            print(f"warning: {path}:{n}: not JSON: {line.strip()!r}", file=sys.stderr)
            continue
        bench, impl = d["bench"], d["impl"]
        if bench not in BENCHES:
            print(f"warning: {path}:{n}: unknown bench {bench!r}", file=sys.stderr)
            continue
        key_field, metrics = BENCHES[bench]
        size = d[key_field]
        sizes_in_bytes[(bench, size)] = d["bytes"]
        for field, *_ in metrics:
            rows.setdefault((bench, size, field), {}).setdefault(impl, []).append(d[field])
        libraries.setdefault(impl, d.get("library", "?"))
        if "allocated_bytes" in d:
            alloc[(bench, size)] = max(alloc.get((bench, size), 0), d["allocated_bytes"])

def cell(values, unit_fmt):
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{unit_fmt.format(med)} [{unit_fmt.format(min(values))}-{unit_fmt.format(max(values))}]"

inprocess = any("inprocess" in v for v in rows.values())
print()
print(f"C:  {libraries.get('c', '?')}")
print(f"C#: {libraries.get('csharp', '?')}")
if inprocess:
    print(f"in-process: {libraries.get('inprocess', '?')} (C# ranks as threads, no MPI library)")
print(f"results: {path}")
for bench, (key_field, metrics) in BENCHES.items():
    sizes = sorted({size for (b, size, _) in rows if b == bench})
    if not sizes:
        continue
    head = [key_field] + (["bytes"] if key_field != "bytes" else [])
    for _, unit, _, ratio_name, _ in metrics:
        head += [f"C median {unit} [min-max]", f"C# median {unit} [min-max]", ratio_name]
        if inprocess:
            head += [f"in-process {unit} [min-max]", ratio_name.replace("C#", "in-proc")]
    head += ["runs C/C#", "C# alloc B"]
    table = []
    for size in sizes:
        row = [str(size)] + ([str(sizes_in_bytes[(bench, size)])] if key_field != "bytes" else [])
        runs = "-"
        for field, _, fmt, _, kind in metrics:
            v = rows.get((bench, size, field), {})
            c, cs = v.get("c", []), v.get("csharp", [])
            ratio = "-"
            if c and cs and statistics.median(c) > 0:
                r = statistics.median(cs) / statistics.median(c)
                ratio = f"{r:.2f}" if kind == "time" else f"{100 * r:.1f}%"
            row += [cell(c, fmt), cell(cs, fmt), ratio]
            if inprocess:
                ip = v.get("inprocess", [])
                ip_ratio = "-"
                if c and ip and statistics.median(c) > 0:
                    r = statistics.median(ip) / statistics.median(c)
                    ip_ratio = f"{r:.2f}" if kind == "time" else f"{100 * r:.1f}%"
                row += [cell(ip, fmt), ip_ratio]
            runs = f"{len(c)}/{len(cs)}"
        row += [runs, str(alloc.get((bench, size), "-"))]
        table.append(row)
    widths = [max(len(r[i]) for r in [head] + table) for i in range(len(head))]
    print()
    print(f"{bench} (median of the per-run medians)")
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    for r in table:
        print("  ".join(x.rjust(w) for x, w in zip(r, widths)))
PY
