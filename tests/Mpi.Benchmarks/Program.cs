// C# twin of the C reference benchmarks (see the method at the top of each file): --suite pingpong (the
// default) is native/bench/pingpong.c, --suite structs is native/bench/structs.c (Structs/StructSuite.cs).
// The same options, the same method and the same JSON lines, with "impl":"csharp" (or "inprocess" when run
// without a launcher: `dotnet Mpi.Benchmarks.dll --ranks 2`, the ranks as threads) and an extra
// "allocated_bytes" field (managed bytes allocated by both ranks in the timed region; 0 means the timed MPI
// calls allocated nothing).
using TypedMpi;
using TypedMpi.Benchmarks;
using TypedMpi.Benchmarks.Structs;

var benchmarkArgs = Mpi.ProgramArguments(args);
return Mpi.Run(args, world => Benchmark(Mpi.Current!, benchmarkArgs));

static int Benchmark(MpiEnvironment mpi, string[] args)
{
    var world = mpi.World;
    JsonLine.Implementation = mpi.Library.Family == AbiFamily.InProcess ? "inprocess" : "csharp";

    // mpirun binds each of 2 ranks to its own core; in-process ranks are threads the scheduler may stack on one core
    // (then every hand-over waits for a context switch). Bind them the same way, so both sides measure the same thing.
    using var binding = mpi.Library.Family == AbiFamily.InProcess && TypedMpi.Binding.RankBinding.IsSupported
        ? new BoundRank(TypedMpi.Binding.RankBinding.Apply(world))
        : null;

    // Standard error is only touched to report a problem: see JsonLine for why Console is avoided otherwise.
    var suite = Suite.Take(ref args, out var error);
    if (suite is null)
    {
        if (world.Rank == 0)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(Options.Usage);
        }

        return 2;
    }

    if (suite == Suite.Structs)
    {
        return StructSuite.Run(mpi, args);
    }

    var options = Options.Parse(args, out error);
    if (options is null)
    {
        if (world.Rank == 0)
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine(Options.Usage);
        }

        return 2;
    }

    if (world.Size != 2)
    {
        if (world.Rank == 0)
        {
            Console.Error.WriteLine($"pingpong: needs exactly 2 ranks, got {world.Size}" +
                (world.Size == 1 ? " (a launcher/library mismatch starts singletons)" : ""));
        }

        return 1;
    }

    // Allocate everything once: the message buffer (page-aligned, touched), samples, rates, requests.
    long maxBytes = 1;
    var maxIterations = 0;
    foreach (var size in options.Sizes)
    {
        maxBytes = Math.Max(maxBytes, size);
        maxIterations = Math.Max(maxIterations, options.IterationsFor(size));
    }

    var ctx = new BenchContext(
        mpi,
        mpi.Library.VersionLine,
        new MessageBuffer(maxBytes),
        new double[maxIterations],
        new double[options.Reps],
        new Request[options.Window]);

    JitWarmup.Run(ctx, options);

    if (options.Latency)
    {
        foreach (var size in options.Sizes)
        {
            var iterations = options.IterationsFor(size);
            Latency.Run(ctx, (int)size, iterations, options.WarmupFor(iterations));
        }
    }

    if (options.Bandwidth)
    {
        foreach (var size in options.Sizes)
        {
            if (size > 0)
            {
                Bandwidth.Run(ctx, (int)size, options, persistent: false);
            }
        }
    }

    if (options.Persistent)
    {
        foreach (var size in options.Sizes)
        {
            if (size > 0)
            {
                Bandwidth.Run(ctx, (int)size, options, persistent: true);
            }
        }
    }

    return 0;
}

/// <summary>Undoes a rank's binding when the benchmark ends.</summary>
internal sealed class BoundRank(TypedMpi.Binding.RankBindingResult binding) : IDisposable
{
    public void Dispose() => binding.Restore();
}
