namespace TypedMpi.Benchmarks.Structs;

/// <summary>
/// struct-send, as <c>run_send</c> in structs.c: after a barrier, <c>warmup</c> untimed then <c>iterations</c>
/// timed round trips of <c>count</c> <see cref="Sample"/>s (the generated datatype, tag 1). Rank 0 times each with
/// Wtime around Send + Recv; one sample is RTT / 2. Reports median, p10, p90 in microseconds and
/// MBps = count * 40 / median.
/// </summary>
internal static class StructSend
{

    public static void Run(StructContext ctx, int count, int iterations, int warmup, int rep)
    {
        var samples = ctx.Samples.AsSpan(0, iterations);
        var allocated = BenchContext.TotalAllocated(ctx.World, Measure(ctx, count, warmup, samples));
        if (ctx.World.Rank == 0)
        {
            samples.Sort();
            var median = Statistics.Quantile(samples, 0.5);
            var bytes = StructOptions.BytesOf(count);
            new JsonLine("struct-send", ctx.Library)
                .Add("count", count)
                .Add("bytes", bytes)
                .Add("iterations", iterations)
                .Add("rep", rep)
                .Add("median_us", median, "F3")
                .Add("p10_us", Statistics.Quantile(samples, 0.1), "F3")
                .Add("p90_us", Statistics.Quantile(samples, 0.9), "F3")
                .Add("MBps", median > 0 ? bytes / median : 0.0, "F1")
                .Add("allocated_bytes", allocated)
                .Print();
        }
    }

    /// <summary>The ping-pong of <paramref name="count"/> Samples, timed like the byte ping-pong.</summary>
    public static long Measure(StructContext ctx, int count, int warmup, Span<double> samples) =>
        Latency.PingPong(ctx.World, ctx.Mpi, ctx.PingPong(count), warmup, samples);
}
