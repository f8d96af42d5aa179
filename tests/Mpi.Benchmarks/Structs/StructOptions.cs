using System.Globalization;
using System.Runtime.CompilerServices;

namespace TypedMpi.Benchmarks.Structs;

/// <summary>Command-line options of the structs suite, parsed exactly like <c>parse_args</c> in native/bench/structs.c.</summary>
internal sealed class StructOptions
{
    private const int MaxCounts = 64;
    private static readonly long[] s_defaultCounts = [1, 1000, 100000];

    /// <summary>Message sizes in <see cref="Sample"/>s (40 bytes each).</summary>
    public long[] Counts { get; private set; } = s_defaultCounts;

    /// <summary>0: per-size default (<see cref="Options.DefaultIterations"/> of the message's bytes).</summary>
    public int Iterations { get; private set; }

    /// <summary>-1: 10 % of the iterations, at least 10.</summary>
    public int Warmup { get; private set; } = -1;

    /// <summary>How many times the whole sequence (send for every count, then allreduce for every count) runs.</summary>
    public int Reps { get; private set; } = 1;

    public bool Send { get; private set; } = true;

    public bool Allreduce { get; private set; } = true;

    public const string Usage =
        "usage: Mpi.Benchmarks --suite structs [--counts N,N,...] [--iterations N] [--warmup N] [--reps N]\n" +
        "                      [--bench send|allreduce|all]\n" +
        "defaults: --counts 1,1000,100000 (40-byte Samples) --reps 1 --bench all;\n" +
        "          iterations by message size; warmup 10% (min 10)";

    public static long BytesOf(long count) => count * Unsafe.SizeOf<Sample>();

    public int IterationsFor(long count) => Iterations != 0 ? Iterations : Options.DefaultIterations(BytesOf(count));

    public int WarmupFor(int iterations) => Warmup >= 0 ? Warmup : Math.Max(iterations / 10, 10);

    /// <summary>Parses <paramref name="args"/>; null on --help (<paramref name="error"/> null) or a bad option.</summary>
    public static StructOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new StructOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var opt = args[i];
            if (opt is "--help" or "-h")
            {
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"structs: missing value for {opt}";
                return null;
            }

            var val = args[++i];
            var ok = opt switch
            {
                "--counts" => o.ParseCounts(val),
                "--iterations" => ParseInt(val, 1, v => o.Iterations = v),
                "--warmup" => ParseInt(val, 0, v => o.Warmup = v),
                "--reps" => ParseInt(val, 1, v => o.Reps = v),
                "--bench" => o.ParseBench(val),
                _ => false,
            };
            if (!ok)
            {
                error = $"structs: bad option or value: {opt} {val}";
                return null;
            }
        }

        return o;
    }

    /// <summary>A whole number in [min, max], like strtol with a full-string check.</summary>
    private static bool TryParseLong(string s, long min, long max, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value >= min && value <= max;

    private static bool ParseInt(string s, int min, Action<int> set)
    {
        if (!TryParseLong(s, min, int.MaxValue, out var v))
        {
            return false;
        }

        set((int)v);
        return true;
    }

    /// <summary>"1,1000": empty fields are skipped (strtok); each count is at least 1 and its bytes must fit an int.</summary>
    private bool ParseCounts(string arg)
    {
        if (arg.Length >= 1024)
        {
            return false;
        }

        var fields = arg.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > MaxCounts)
        {
            return false;
        }

        var counts = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!TryParseLong(fields[i], 1, int.MaxValue / Unsafe.SizeOf<Sample>(), out counts[i]))
            {
                return false;
            }
        }

        Counts = counts;
        return true;
    }

    private bool ParseBench(string val)
    {
        Send = val is "send" or "all";
        Allreduce = val is "allreduce" or "all";
        return Send || Allreduce;
    }
}
