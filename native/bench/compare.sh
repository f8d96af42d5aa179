#!/usr/bin/env bash
# Compare the C reference benchmark (native/bench/pingpong.c) with its C# twin (tests/Mpi.Benchmarks).
#
#   native/bench/compare.sh <openmpi|mpich> [pingpong options...]
#   e.g. native/bench/compare.sh mpich --iterations 2000 --reps 3
#
# Builds both programs, then runs C and C# alternately, RUNS times each (default 3), in this one session,
# under the implementation's launcher with 2 ranks. Every JSON line goes into a results file under
# native/out/<impl>/ (git-ignored). The table gives, per benchmark and size, the median of the runs'
# medians for C and for C#, with the [min-max] of the run medians, and the ratio: latency C#/C (1.00 =
# same, higher = C# slower), bandwidth C#/C in percent (100% = same, lower = C# slower).
#
# Environment: RUNS (default 3), RUN_TIMEOUT (seconds per run, default 1200), RESULTS (results file).
set -euo pipefail

usage() {
    echo "usage: $0 <openmpi|mpich> [pingpong options: --sizes --iterations --warmup --window --reps --loops --bench]" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
impl=$1
shift
bench_args=("$@")
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
results=${RESULTS:-$outdir/compare-$(date +%Y%m%d-%H%M%S).jsonl}
: >"$results"

# Print a command exactly as it can be pasted into a shell, then run it.
run() {
    printf '+' >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    "$@"
}

# 1. The C reference: rebuilt when missing or older than its source or build script.
c_bin=$outdir/pingpong
if [[ ! -x $c_bin || native/bench/pingpong.c -nt $c_bin || native/build.sh -nt $c_bin ]]; then
    run native/build.sh "$impl" "$outdir"
else
    echo "# reusing $c_bin (newer than native/bench/pingpong.c)" >&2
fi

# 2. The C# twin.
run dotnet build tests/Mpi.Benchmarks -c Release -nologo -v quiet
cs_dll=tests/Mpi.Benchmarks/bin/Release/net10.0/Mpi.Benchmarks.dll

# 3. Alternate C and C# runs; stdout (the JSON lines) is appended to the results file, stderr passes through.
c_cmd=("${launcher[@]}" "$c_bin" "${bench_args[@]}")
cs_cmd=("${launcher[@]}" dotnet "$cs_dll" "${bench_args[@]}")
echo "# results: $results" >&2
for ((r = 1; r <= runs; r++)); do
    for which in c csharp; do
        if [[ $which == c ]]; then cmd=("${c_cmd[@]}"); else cmd=("${cs_cmd[@]}"); fi
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
rows, libraries, alloc = {}, {}, {}
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
        bench, impl, size = d["bench"], d["impl"], d["bytes"]
        value = d["median_us"] if bench == "latency" else d["median_MBps"]
        rows.setdefault((bench, size), {}).setdefault(impl, []).append(value)
        libraries.setdefault(impl, d.get("library", "?"))
        if "allocated_bytes" in d:
            alloc[(bench, size)] = max(alloc.get((bench, size), 0), d["allocated_bytes"])

def cell(values, unit_fmt):
    if not values:
        return "-"
    med = statistics.median(values)
    return f"{unit_fmt.format(med)} [{unit_fmt.format(min(values))}-{unit_fmt.format(max(values))}]"

print()
print(f"C:  {libraries.get('c', '?')}")
print(f"C#: {libraries.get('csharp', '?')}")
print(f"results: {path}")
for bench, unit, fmt, ratio_name in (("latency", "us", "{:.3f}", "C#/C"), ("bandwidth", "MB/s", "{:.1f}", "C#/C %")):
    sizes = sorted(size for (b, size) in rows if b == bench)
    if not sizes:
        continue
    head = ("bytes", f"C median {unit} [min-max]", f"C# median {unit} [min-max]", ratio_name, "runs C/C#", "C# alloc B")
    table = []
    for size in sizes:
        v = rows[(bench, size)]
        c, cs = v.get("c", []), v.get("csharp", [])
        ratio = "-"
        if c and cs and statistics.median(c) > 0:
            r = statistics.median(cs) / statistics.median(c)
            ratio = f"{r:.2f}" if bench == "latency" else f"{100 * r:.1f}%"
        table.append((str(size), cell(c, fmt), cell(cs, fmt), ratio, f"{len(c)}/{len(cs)}",
                      str(alloc.get((bench, size), "-"))))
    widths = [max(len(r[i]) for r in [head] + table) for i in range(len(head))]
    print()
    print(f"{bench} (median of the per-run medians)")
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    for r in table:
        print("  ".join(x.rjust(w) for x, w in zip(r, widths)))
PY
