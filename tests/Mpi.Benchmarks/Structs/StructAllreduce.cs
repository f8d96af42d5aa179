namespace TypedMpi.Benchmarks.Structs;

/// <summary>
/// struct-allreduce, as <c>run_allreduce</c> in structs.c: after a barrier, <c>warmup</c> untimed then
/// <c>iterations</c> timed Allreduce calls of <c>count</c> <see cref="Sample"/>s with <see cref="MpiOp.Sum"/> (the
/// generated field-wise kernel), back to back, from one send buffer into one receive buffer. Every rank times each
/// call with Wtime; rank 0's samples are reported (median, p10, p90 in microseconds). The result is then checked,
/// untimed: every field must be twice the input.
/// </summary>
internal static class StructAllreduce
{
    public static void Run(StructContext ctx, int count, int iterations, int warmup, int rep)
    {
        var samples = ctx.Samples.AsSpan(0, iterations);
        var allocated = BenchContext.TotalAllocated(ctx.World, Measure(ctx, count, warmup, samples));
        if (ctx.World.Rank == 0)
        {
            samples.Sort();
            new JsonLine("struct-allreduce", ctx.Library)
                .Add("count", count)
                .Add("bytes", StructOptions.BytesOf(count))
                .Add("iterations", iterations)
                .Add("rep", rep)
                .Add("median_us", Statistics.Quantile(samples, 0.5), "F3")
                .Add("p10_us", Statistics.Quantile(samples, 0.1), "F3")
                .Add("p90_us", Statistics.Quantile(samples, 0.9), "F3")
                .Add("allocated_bytes", allocated)
                .Print();
        }
    }

    /// <summary>
    /// <paramref name="warmup"/> + <c>samples.Length</c> allreduces; every rank fills <paramref name="samples"/>
    /// (microseconds per call). Returns the managed bytes this rank allocated during the timed calls.
    /// </summary>
    public static long Measure(StructContext ctx, int count, int warmup, Span<double> samples)
    {
        var world = ctx.World;
        var mpi = ctx.Mpi;
        ReadOnlySpan<Sample> send = ctx.Send(count);
        var receive = ctx.Receive(count);

        world.Barrier();
        for (var i = 0; i < warmup; i++)
        {
            world.Allreduce(send, receive, MpiOp.Sum);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < samples.Length; i++)
        {
            var t0 = mpi.Wtime();
            world.Allreduce(send, receive, MpiOp.Sum);
            var t1 = mpi.Wtime();
            samples[i] = (t1 - t0) * 1e6;
        }

        var after = GC.GetAllocatedBytesForCurrentThread();

        // Untimed: both ranks hold the same input, so every field of the sum is twice it.
        for (var i = 0; i < count; i++)
        {
            if (!Sample.IsDouble(receive[i], send[i]))
            {
                throw new InvalidOperationException(
                    $"structs: rank {world.Rank}: struct-allreduce of {count} gave a wrong sum at element {i}");
            }
        }

        return after - before;
    }
}
