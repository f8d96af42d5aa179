using System.Globalization;

namespace TypedMpi.Benchmarks;

/// <summary>Command-line options, parsed exactly like <c>parse_args</c> in native/bench/pingpong.c.</summary>
internal sealed class Options
{
    private const int MaxSizes = 64;
    private static readonly long[] s_defaultSizes = [0, 8, 1024, 65536, 1048576, 4194304];

    public long[] Sizes { get; private set; } = s_defaultSizes;

    /// <summary>0: per-size default (<see cref="DefaultIterations"/>).</summary>
    public int Iterations { get; private set; }

    /// <summary>-1: 10 % of the iterations, at least 10.</summary>
    public int Warmup { get; private set; } = -1;

    public int Window { get; private set; } = 64;

    public int Reps { get; private set; } = 7;

    /// <summary>0: calibrate per size.</summary>
    public int Loops { get; private set; }

    public bool Latency { get; private set; } = true;

    public bool Bandwidth { get; private set; } = true;

    public const string Usage =
        "usage: Mpi.Benchmarks [--suite pingpong] [--sizes B,B,...] [--iterations N] [--warmup N]\n" +
        "                      [--window N] [--reps N] [--loops N]\n" +
        "                      [--bench latency|bandwidth|all]\n" +
        "       Mpi.Benchmarks --suite structs [options: --suite structs --help]\n" +
        "defaults: --sizes 0,8,1024,65536,1048576,4194304 --window 64 --reps 7\n" +
        "          --bench all; iterations by size; warmup 10% (min 10);\n" +
        "          loops calibrated to ~20 ms per rep";

    /// <summary>Latency iterations by size: 20000 below 1 KiB, 10000 up to 64 KiB, 2000 up to 1 MiB, 300 up to 4 MiB, then 100.</summary>
    public static int DefaultIterations(long bytes) => bytes switch
    {
        < 1024 => 20000,
        < 65536 => 10000,
        < 1048576 => 2000,
        < 4194304 => 300,
        _ => 100,
    };

    public int IterationsFor(long bytes) => Iterations != 0 ? Iterations : DefaultIterations(bytes);

    public int WarmupFor(int iterations) => Warmup >= 0 ? Warmup : Math.Max(iterations / 10, 10);

    /// <summary>Parses <paramref name="args"/>; null on --help (<paramref name="error"/> null) or a bad option.</summary>
    public static Options? Parse(string[] args, out string? error)
    {
        error = null;
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var opt = args[i];
            if (opt is "--help" or "-h")
            {
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"pingpong: missing value for {opt}";
                return null;
            }

            var val = args[++i];
            var ok = opt switch
            {
                "--sizes" => o.ParseSizes(val),
                "--iterations" => ParseInt(val, 1, v => o.Iterations = v),
                "--warmup" => ParseInt(val, 0, v => o.Warmup = v),
                "--window" => ParseInt(val, 1, v => o.Window = v),
                "--reps" => ParseInt(val, 1, v => o.Reps = v),
                "--loops" => ParseInt(val, 1, v => o.Loops = v),
                "--bench" => o.ParseBench(val),
                _ => false,
            };
            if (!ok)
            {
                error = $"pingpong: bad option or value: {opt} {val}";
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

    /// <summary>"0,8,1024": empty fields are skipped (strtok); each size must fit an int count.</summary>
    private bool ParseSizes(string arg)
    {
        if (arg.Length >= 1024)
        {
            return false;
        }

        var fields = arg.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > MaxSizes)
        {
            return false;
        }

        var sizes = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!TryParseLong(fields[i], 0, int.MaxValue, out sizes[i]))
            {
                return false;
            }
        }

        Sizes = sizes;
        return true;
    }

    private bool ParseBench(string val)
    {
        Latency = val is "latency" or "all";
        Bandwidth = val is "bandwidth" or "all";
        return Latency || Bandwidth;
    }
}
