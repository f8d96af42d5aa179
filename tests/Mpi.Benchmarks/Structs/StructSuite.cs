namespace TypedMpi.Benchmarks.Structs;

/// <summary>
/// <c>--suite structs</c>: the C# twin of native/bench/structs.c (see the method at the top of that file) — the
/// same options, the same two benchmarks (struct-send, struct-allreduce) on the same 40-byte <see cref="Sample"/>
/// and the same JSON lines, with "impl":"csharp" and "allocated_bytes".
/// </summary>
internal static class StructSuite
{
    /// <summary>Untimed JIT warm-up rounds (see <see cref="JitWarmup"/>).</summary>
    private const int WarmupRounds = 100;

    public static int Run(MpiEnvironment mpi, string[] args)
    {
        var world = mpi.World;
        var options = StructOptions.Parse(args, out var error);
        if (options is null)
        {
            if (world.Rank == 0)
            {
                if (error is not null)
                {
                    Console.Error.WriteLine(error);
                }

                Console.Error.WriteLine(StructOptions.Usage);
            }

            return 2;
        }

        if (world.Size != 2)
        {
            if (world.Rank == 0)
            {
                Console.Error.WriteLine($"structs: needs exactly 2 ranks, got {world.Size}" +
                    (world.Size == 1 ? " (a launcher/library mismatch starts singletons)" : ""));
            }

            return 1;
        }

        // Allocate everything once: the three buffers (page-aligned, filled) and the samples.
        long maxCount = 1;
        var maxIterations = WarmupRounds;
        foreach (var count in options.Counts)
        {
            maxCount = Math.Max(maxCount, count);
            maxIterations = Math.Max(maxIterations, options.IterationsFor(count));
        }

        var ctx = new StructContext(mpi, maxCount, maxIterations);

        // C# only, untimed: compile every path the measurements use (and create the datatype and the op, which
        // structs.c also does before timing) on a 1-element message; see JitWarmup for why.
        var rounds = ctx.Samples.AsSpan(0, WarmupRounds);
        if (options.Send)
        {
            StructSend.Measure(ctx, 1, WarmupRounds, rounds);
            BenchContext.TotalAllocated(world, 0);
        }

        if (options.Allreduce)
        {
            StructAllreduce.Measure(ctx, 1, WarmupRounds, rounds);
            BenchContext.TotalAllocated(world, 0);
        }

        for (var rep = 0; rep < options.Reps; rep++)
        {
            if (options.Send)
            {
                foreach (var count in options.Counts)
                {
                    var iterations = options.IterationsFor(count);
                    StructSend.Run(ctx, (int)count, iterations, options.WarmupFor(iterations), rep);
                }
            }

            if (options.Allreduce)
            {
                foreach (var count in options.Counts)
                {
                    var iterations = options.IterationsFor(count);
                    StructAllreduce.Run(ctx, (int)count, iterations, options.WarmupFor(iterations), rep);
                }
            }
        }

        return 0;
    }
}
