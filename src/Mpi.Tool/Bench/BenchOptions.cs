using TypedMpi.Tool.Cli;

namespace TypedMpi.Tool.Bench;

/// <summary>The benchmarks of <c>typedmpi bench</c>, after mpi4py's <c>python -m mpi4py.bench</c>.</summary>
internal enum BenchKind
{
    HelloWorld,
    RingTest,
    PingPong,
    Bandwidth,
    Allreduce,
}

/// <summary>The parsed options of one benchmark run; parsed before MPI starts, so a mistake is reported once.</summary>
internal sealed record BenchOptions(
    BenchKind Kind,
    bool Json,
    string? PlotPath,
    IReadOnlyList<long> Sizes,
    int? Iterations,
    int? Warmup,
    IReadOnlyList<PayloadKind> Payloads,
    int Window,
    int Reps,
    long RingSize,
    int RingLoops,
    int RingSkip)
{
    /// <summary>The largest message: 1 GiB (counts stay within int for every payload).</summary>
    public const long MaxMessageBytes = 1L << 30;

    private static readonly OptionSpec Help = OptionSpec.Flag("--help", "show this help", "-h");
    private static readonly OptionSpec JsonOption = OptionSpec.Flag("--json", "print JSON lines (the schema of native/bench/pingpong.c; docs/tool.md) instead of a table");
    private static readonly OptionSpec Ranks = OptionSpec.Value("--ranks", "N", "in-process ranks when no launcher started the program (default: TYPEDMPI_RANKS, else 4)");
    private static readonly OptionSpec Plot = OptionSpec.Value("--plot", "FILE.svg", "also write an SVG plot of latency and bandwidth against message size (log-log)");
    private static readonly OptionSpec MinSize = OptionSpec.Value("--min-size", "BYTES", "smallest message; sizes are the powers of two from --min-size to --max-size", "-m");
    private static readonly OptionSpec SizesOption = OptionSpec.Value("--sizes", "B,B,...", "an explicit list of message sizes instead (e.g. 0,8,1K,64K,1M)");
    private static readonly OptionSpec WarmupOption = OptionSpec.Value("--warmup", "N", "untimed iterations before the timed ones (default: 10% of the iterations, at least 10)", "-s");

    public static OptionSpec[] SpecsFor(BenchKind kind) => kind switch
    {
        BenchKind.HelloWorld => [JsonOption, Ranks, Help],
        BenchKind.RingTest =>
        [
            OptionSpec.Value("--size", "BYTES", "the message passed round the ring (default 1)", "-n"),
            OptionSpec.Value("--loop", "N", "timed trips round the ring (default 100)", "-l"),
            OptionSpec.Value("--skip", "N", "untimed trips first (default 10)", "-s"),
            JsonOption, Ranks, Help,
        ],
        BenchKind.PingPong =>
        [
            MinSize,
            OptionSpec.Value("--max-size", "BYTES", "largest message (default 4M)", "-n"),
            SizesOption,
            OptionSpec.Value("--iterations", "N", "timed round trips per size (default by size as pingpong.c: 20000 below 1 KiB ... 100 from 4 MiB)", "-l"),
            WarmupOption,
            OptionSpec.Value("--payload", "KIND", "bytes (default), double or message (an [MpiMessage] struct of 32 bytes); a comma-separated list or all"),
            JsonOption, Plot, Ranks, Help,
        ],
        BenchKind.Bandwidth =>
        [
            MinSize,
            OptionSpec.Value("--max-size", "BYTES", "largest message (default 4M)", "-n"),
            SizesOption,
            OptionSpec.Value("--iterations", "N", "windows per rep (default: calibrated to ~20 ms per rep, as pingpong.c)", "-l"),
            OptionSpec.Value("--warmup", "N", "untimed windows before the reps when --iterations is given (default 1)", "-s"),
            OptionSpec.Value("--window", "N", "nonblocking sends in flight per window (default 64)", "-w"),
            OptionSpec.Value("--reps", "N", "timed reps per size; the median, min and max are reported (default 7)"),
            OptionSpec.Value("--payload", "KIND", "bytes (default), double or message; a comma-separated list or all"),
            JsonOption, Plot, Ranks, Help,
        ],
        _ =>
        [
            MinSize,
            OptionSpec.Value("--max-size", "BYTES", "largest message (default 1M)", "-n"),
            SizesOption,
            OptionSpec.Value("--iterations", "N", "timed Allreduce calls per size (default 2000 below 1 KiB, 1000 below 64 KiB, 200 below 1 MiB, 50 above)", "-l"),
            WarmupOption,
            OptionSpec.Value("--payload", "KIND", "double or message (an [MpiMessage] struct reduced by its generated field-wise Sum); default both"),
            JsonOption, Plot, Ranks, Help,
        ],
    };

    public static string Synopsis(BenchKind kind) => kind switch
    {
        BenchKind.HelloWorld => "typedmpi bench helloworld [--json]",
        BenchKind.RingTest => "typedmpi bench ringtest [-n BYTES] [-l LOOPS] [-s SKIP] [--json]",
        BenchKind.PingPong => "typedmpi bench pingpong [--min-size B] [--max-size B | --sizes B,B,...] [--iterations N] [--warmup N] [--payload bytes|double|message] [--json] [--plot FILE.svg]",
        BenchKind.Bandwidth => "typedmpi bench bandwidth [--min-size B] [--max-size B | --sizes B,B,...] [--window N] [--reps N] [--iterations N] [--payload bytes|double|message] [--json] [--plot FILE.svg]",
        _ => "typedmpi bench allreduce [--min-size B] [--max-size B | --sizes B,B,...] [--iterations N] [--warmup N] [--payload double,message] [--json] [--plot FILE.svg]",
    };

    public static string Description(BenchKind kind) => (kind switch
    {
        BenchKind.HelloWorld => "Every rank says \"Hello, World! I am process R of N on HOST.\"; rank 0 gathers and prints the lines in rank order.",
        BenchKind.RingTest => "A message of --size bytes goes round the ring of ranks (rank 0 sends to 1, ..., the last back to 0) --loop times;\nthe time is reported as mpi4py's ringtest does, with the time per trip and per hop.",
        BenchKind.PingPong => "Half round-trip latency between ranks 0 and 1 (Send + Recv, the method of native/bench/pingpong.c): median,\np10 and p90 over the iterations, per message size. Other ranks idle.",
        BenchKind.Bandwidth => "Windowed bandwidth from rank 0 to rank 1 (window Isends, window Irecvs, WaitAll, a 1-byte ack; the method of\nnative/bench/pingpong.c): median, min and max MB/s over the reps, per message size. Other ranks idle.",
        _ => "Latency of Allreduce(Sum) over all ranks, per message size and payload: each iteration is timed on every rank,\nthe slowest rank's time counts; median, p10 and p90 over the iterations.",
    }) + "\nRuns under any MPI launcher (mpirun -n 2 typedmpi bench ...) or, without one, on in-process ranks (--ranks N).";

    public static BenchKind ParseKind(string name) => name switch
    {
        "helloworld" => BenchKind.HelloWorld,
        "ringtest" => BenchKind.RingTest,
        "pingpong" => BenchKind.PingPong,
        "bandwidth" => BenchKind.Bandwidth,
        "allreduce" => BenchKind.Allreduce,
        _ => throw new UsageException($"unknown benchmark '{name}': use helloworld, ringtest, pingpong, bandwidth or allreduce"),
    };

    public static string NameOf(BenchKind kind) => kind.ToString().ToLowerInvariant();

    public static BenchOptions Parse(BenchKind kind, ParsedOptions o)
    {
        var plot = o.Value("--plot");
        if (plot is not null && !plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--plot writes SVG: give a file name ending in .svg, not '{plot}'");
        }

        IReadOnlyList<PayloadKind> allowed = kind == BenchKind.Allreduce
            ? [PayloadKind.Double, PayloadKind.Message]
            : [PayloadKind.Bytes, PayloadKind.Double, PayloadKind.Message];
        IReadOnlyList<PayloadKind> defaultPayloads = kind == BenchKind.Allreduce ? allowed : [PayloadKind.Bytes];
        var payloads = o.Value("--payload") is { } payloadText ? Bench.Payloads.Parse(payloadText, allowed) : defaultPayloads;

        var sizes = kind is BenchKind.PingPong or BenchKind.Bandwidth or BenchKind.Allreduce ? ParseSizes(kind, o) : [];
        if (kind == BenchKind.Bandwidth && sizes.All(size => size == 0))
        {
            throw new UsageException("bench bandwidth needs a message size above 0 bytes (0 bytes has no bandwidth)");
        }

        foreach (var payload in sizes.Count > 0 ? payloads : [])
        {
            var counts = Bench.Payloads.Counts(sizes, Bench.Payloads.ElementSize(payload));
            if (counts.Count == 0 || (kind == BenchKind.Bandwidth && counts.All(c => c == 0)))
            {
                throw new UsageException($"no message size holds one {Bench.Payloads.Name(payload)} element ({Bench.Payloads.ElementSize(payload)} bytes): raise --max-size or --sizes");
            }
        }

        return new BenchOptions(
            kind,
            o.Has("--json"),
            plot,
            sizes,
            o.Has("--iterations") ? o.Int("--iterations", 0, 1, 100_000_000) : null,
            o.Has("--warmup") ? o.Int("--warmup", 0, 0, 100_000_000) : null,
            payloads,
            Window: o.Int("--window", 64, 1, 1 << 16),
            Reps: o.Int("--reps", 7, 1, 1_000_000),
            RingSize: o.Size("--size", MaxMessageBytes) ?? 1,
            RingLoops: o.Int("--loop", 100, 1, 100_000_000),
            RingSkip: o.Int("--skip", 10, 0, 100_000_000));
    }

    private static List<long> ParseSizes(BenchKind kind, ParsedOptions o)
    {
        if (o.Value("--sizes") is { } list)
        {
            if (o.Has("--min-size") || o.Has("--max-size"))
            {
                throw new UsageException("--sizes and --min-size/--max-size exclude each other");
            }

            var sizes = new List<long>();
            foreach (var word in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var size = ParsedOptions.ParseSize(word, "--sizes", MaxMessageBytes);
                if (!sizes.Contains(size))
                {
                    sizes.Add(size);
                }
            }

            return sizes.Count > 0 ? sizes : throw new UsageException("--sizes needs at least one size");
        }

        var min = o.Size("--min-size", MaxMessageBytes) ?? (kind == BenchKind.Allreduce ? 8 : 1);
        var max = o.Size("--max-size", MaxMessageBytes) ?? (kind == BenchKind.Allreduce ? 1L << 20 : 4L << 20);
        if (max < min)
        {
            throw new UsageException($"--max-size {max} is below --min-size {min}");
        }

        var result = new List<long>();
        if (min == 0)
        {
            result.Add(0);
            min = 1;
        }

        // min, then the powers of two above it, then max itself when it is not one of them
        for (var size = min; size <= max; size = size < 1 ? 1 : NextPowerOfTwo(size))
        {
            result.Add(size);
            if (size == max)
            {
                break;
            }
        }

        if (result[^1] != max)
        {
            result.Add(max);
        }

        return result;
    }

    private static long NextPowerOfTwo(long size)
    {
        var power = 1L;
        while (power <= size)
        {
            power <<= 1;
        }

        return power;
    }

    /// <summary>Latency iterations by size, as default_iterations in native/bench/bench_common.h.</summary>
    public static int PingPongIterations(long bytes) => bytes switch
    {
        < 1024 => 20000,
        < 65536 => 10000,
        < 1048576 => 2000,
        < 4194304 => 300,
        _ => 100,
    };

    /// <summary>Allreduce iterations by size: a collective costs several point-to-point latencies.</summary>
    public static int AllreduceIterations(long bytes) => bytes switch
    {
        < 1024 => 2000,
        < 65536 => 1000,
        < 1048576 => 200,
        _ => 50,
    };

    /// <summary>Warm-up as pingpong.c: 10% of the iterations, at least 10, unless --warmup says.</summary>
    public int WarmupFor(int iterations) => Warmup ?? Math.Max(iterations / 10, 10);
}
