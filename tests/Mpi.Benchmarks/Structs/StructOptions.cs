using System.Runtime.CompilerServices;

namespace TypedMpi.Benchmarks.Structs;

/// <summary>Command-line options of the structs suite, parsed exactly like <c>parse_args</c> in native/bench/structs.c.</summary>
internal sealed class StructOptions
{
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

    public int WarmupFor(int iterations) => OptionParsing.WarmupFor(Warmup, iterations);

    /// <summary>Parses <paramref name="args"/>; null on --help (<paramref name="error"/> null) or a bad option.</summary>
    public static StructOptions? Parse(string[] args, out string? error)
    {
        var o = new StructOptions();
        return OptionParsing.TryParse("structs", args, o.Apply, out error) ? o : null;
    }

    private bool Apply(string option, string value)
    {
        switch (option)
        {
            // each count is at least 1 and its bytes must fit an int
            case "--counts" when OptionParsing.TryParseList(value, 1, int.MaxValue / Unsafe.SizeOf<Sample>(), out var counts):
                Counts = counts;
                return true;
            case "--iterations" when OptionParsing.TryParseInt(value, 1, out var iterations):
                Iterations = iterations;
                return true;
            case "--warmup" when OptionParsing.TryParseInt(value, 0, out var warmup):
                Warmup = warmup;
                return true;
            case "--reps" when OptionParsing.TryParseInt(value, 1, out var reps):
                Reps = reps;
                return true;
            case "--bench":
                Send = value is "send" or "all";
                Allreduce = value is "allreduce" or "all";
                return Send || Allreduce;
            default:
                return false;
        }
    }
}
