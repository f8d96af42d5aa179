namespace TypedMpi.Benchmarks;

/// <summary>Command-line options, parsed exactly like <c>parse_args</c> in native/bench/pingpong.c.</summary>
internal sealed class Options
{
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

    /// <summary>Bandwidth again with persistent requests (<c>bandwidth-persistent</c>).</summary>
    public bool Persistent { get; private set; } = true;

    public const string Usage =
        "usage: Mpi.Benchmarks [--suite pingpong] [--sizes B,B,...] [--iterations N] [--warmup N]\n" +
        "                      [--window N] [--reps N] [--loops N]\n" +
        "                      [--bench latency|bandwidth|persistent|all]\n" +
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

    public int WarmupFor(int iterations) => OptionParsing.WarmupFor(Warmup, iterations);

    /// <summary>Parses <paramref name="args"/>; null on --help (<paramref name="error"/> null) or a bad option.</summary>
    public static Options? Parse(string[] args, out string? error)
    {
        var o = new Options();
        return OptionParsing.TryParse("pingpong", args, o.Apply, out error) ? o : null;
    }

    private bool Apply(string option, string value)
    {
        switch (option)
        {
            case "--sizes" when OptionParsing.TryParseList(value, 0, int.MaxValue, out var sizes):
                Sizes = sizes;
                return true;
            case "--iterations" when OptionParsing.TryParseInt(value, 1, out var iterations):
                Iterations = iterations;
                return true;
            case "--warmup" when OptionParsing.TryParseInt(value, 0, out var warmup):
                Warmup = warmup;
                return true;
            case "--window" when OptionParsing.TryParseInt(value, 1, out var window):
                Window = window;
                return true;
            case "--reps" when OptionParsing.TryParseInt(value, 1, out var reps):
                Reps = reps;
                return true;
            case "--loops" when OptionParsing.TryParseInt(value, 1, out var loops):
                Loops = loops;
                return true;
            case "--bench":
                Latency = value is "latency" or "all";
                Bandwidth = value is "bandwidth" or "all";
                Persistent = value is "persistent" or "all";
                return Latency || Bandwidth || Persistent;
            default:
                return false;
        }
    }
}
