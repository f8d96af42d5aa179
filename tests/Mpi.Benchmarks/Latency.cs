namespace TypedMpi.Benchmarks;

/// <summary>
/// Ping-pong latency, as <c>run_latency</c> in pingpong.c: after a barrier, <c>warmup</c> untimed then
/// <c>iterations</c> timed round trips (byte messages, tag 1). Rank 0 times each with Wtime around Send + Recv;
/// one sample is RTT / 2. Reports median, p10 and p90 in microseconds.
/// </summary>
internal static class Latency
{
    private const int TagData = 1;

    public static void Run(BenchContext ctx, int bytes, int iterations, int warmup)
    {
        var samples = ctx.Samples.AsSpan(0, iterations);
        var allocated = ctx.TotalAllocated(Measure(ctx, bytes, warmup, samples));
        if (ctx.World.Rank == 0)
        {
            samples.Sort();
            new JsonLine("latency", ctx.Library, bytes)
                .Add("iterations", iterations)
                .Add("median_us", Statistics.Quantile(samples, 0.5), "F3")
                .Add("p10_us", Statistics.Quantile(samples, 0.1), "F3")
                .Add("p90_us", Statistics.Quantile(samples, 0.9), "F3")
                .Add("allocated_bytes", allocated)
                .Print();
        }
    }

    /// <summary>The byte ping-pong of the pingpong suite; see <see cref="PingPong{T}"/>.</summary>
    public static long Measure(BenchContext ctx, int bytes, int warmup, Span<double> samples) =>
        PingPong(ctx.World, ctx.Mpi, ctx.Buffer.Memory.Span[..bytes], warmup, samples);

    /// <summary>
    /// <paramref name="warmup"/> + <c>samples.Length</c> round trips of <paramref name="buffer"/> between ranks 0 and 1
    /// (the method of pingpong.c and structs.c); rank 0 fills <paramref name="samples"/> with one-way microseconds.
    /// Returns the managed bytes this rank allocated during the timed round trips.
    /// </summary>
    public static long PingPong<T>(Communicator world, MpiEnvironment mpi, Span<T> buffer, int warmup, Span<double> samples) where T : unmanaged
    {
        world.Barrier();
        long before, after;
        if (world.Rank == 0)
        {
            for (var i = 0; i < warmup; i++)
            {
                world.Send<T>(buffer, 1, TagData);
                world.Recv(buffer, 1, TagData);
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < samples.Length; i++)
            {
                var t0 = mpi.Wtime();
                world.Send<T>(buffer, 1, TagData);
                world.Recv(buffer, 1, TagData);
                var t1 = mpi.Wtime();
                samples[i] = (t1 - t0) * 0.5e6; // one-way, microseconds
            }

            after = GC.GetAllocatedBytesForCurrentThread();
        }
        else
        {
            for (var i = 0; i < warmup; i++)
            {
                world.Recv(buffer, 0, TagData);
                world.Send<T>(buffer, 0, TagData);
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < samples.Length; i++)
            {
                world.Recv(buffer, 0, TagData);
                world.Send<T>(buffer, 0, TagData);
            }

            after = GC.GetAllocatedBytesForCurrentThread();
        }

        return after - before;
    }
}
