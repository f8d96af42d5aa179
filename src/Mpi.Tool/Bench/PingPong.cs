using TypedMpi.Tool.Output;
using static TypedMpi.Tool.Bench.Statistics;

namespace TypedMpi.Tool.Bench;

/// <summary>One measured message size of a latency benchmark (pingpong, allreduce).</summary>
internal sealed record LatencyPoint(PayloadKind Payload, long Bytes, int Count, int Iterations, int Warmup, double MedianUs, double P10Us, double P90Us, long Allocated)
{
    /// <summary>Bytes over the median time, in MB/s (10^6 bytes per second).</summary>
    public double MBps => MedianUs > 0 ? Bytes / MedianUs : double.NaN;
}

/// <summary>
/// Ping-pong latency between ranks 0 and 1, the method of <c>run_latency</c> in native/bench/pingpong.c: after a
/// barrier, warm-up then timed round trips (tag 1); rank 0 times each with Wtime around Send + Recv; one sample is half
/// the round trip. Median, p10 and p90 in microseconds. Ranks above 1 take no part.
/// </summary>
internal static class PingPong
{
    private const int TagData = 1;

    public static int Run(BenchContext ctx)
    {
        using var pair = Pair(ctx);
        if (pair is null)
        {
            return ctx.World.Size < 2 ? 1 : 0;
        }

        var o = ctx.Options;
        var table = new TextTable([("bytes", 10), ("count", 9), ("iterations", 10), ("median [us]", 11), ("p10 [us]", 10), ("p90 [us]", 10), ("MB/s", 10), ("alloc [B]", 9)]);
        var steps = o.Payloads.Sum(p => Payloads.Counts(o.Sizes, Payloads.ElementSize(p)).Count);
        var progress = Progress.Create(ctx.IsRoot, steps);
        var points = new List<LatencyPoint>();
        var measurement = new Measurement(ctx, pair, table, progress, points);
        PayloadSweep.Run(ctx, table, "half round-trip latency between ranks 0 and 1", ref measurement);

        progress.Clear();
        if (ctx.IsRoot && o.PlotPath is { } path)
        {
            SvgPlot.Write(path, Plots.PingPong(ctx, points));
        }

        return 0;
    }

    /// <summary>The sweep's measurement: the sizes of one payload, counted for the progress display.</summary>
    private struct Measurement(BenchContext ctx, Communicator pair, TextTable table, Progress progress, List<LatencyPoint> points) : IPayloadMeasurement
    {
        private int _step;

        public void Measure<T>(PayloadKind payload, Func<int, T> valueAt) where T : unmanaged =>
            PingPong.Measure(ctx, pair, payload, valueAt, table, progress, points, ref _step);
    }

    /// <summary>Ranks 0 and 1 in a communicator of their own; null on the others (and when the world has one rank).</summary>
    public static Communicator? Pair(BenchContext ctx)
    {
        var world = ctx.World;
        if (world.Size < 2)
        {
            if (ctx.IsRoot)
            {
                StandardStreams.Error.Write($"typedmpi bench {BenchOptions.NameOf(ctx.Options.Kind)}: needs at least 2 ranks, got 1" +
                    (ctx.Impl == "inprocess" ? " (--ranks 2)" : " (mpirun -n 2 ...; a launcher/library mismatch starts singletons)") + "\n");
                StandardStreams.Error.Flush();
            }

            return null;
        }

        var pair = world.Split(world.Rank < 2 ? 0 : Mpi.Undefined, world.Rank);
        if (pair.IsNull)
        {
            pair.Dispose();
            return null;
        }

        return pair;
    }

    private static void Measure<T>(BenchContext ctx, Communicator pair, PayloadKind payload, Func<int, T> valueAt,
        TextTable table, Progress progress, List<LatencyPoint> points, ref int step) where T : unmanaged
    {
        var o = ctx.Options;
        var elementSize = Payloads.ElementSize(payload);
        var counts = Payloads.Counts(o.Sizes, elementSize);
        var maxIterations = counts.Max(c => o.Iterations ?? BenchOptions.PingPongIterations((long)c * elementSize));
        var buffers = new PayloadBuffers<T>(counts.Max(), valueAt);
        var samples = new double[maxIterations];

        // Untimed: compile every path of the timed loops before the first measurement (tiering is off, see the .csproj).
        RoundTrips<T>(pair, ctx.Mpi, buffers.Send.AsSpan(0, 1), 10, samples.AsSpan(0, 10));
        BenchContext.TotalAllocated(pair, 0);

        foreach (var count in counts)
        {
            var bytes = (long)count * elementSize;
            progress.Show(++step, ProgressLabels.Label(bytes, payload));
            var iterations = o.Iterations ?? BenchOptions.PingPongIterations(bytes);
            var warmup = o.WarmupFor(iterations);
            var timed = samples.AsSpan(0, iterations);
            var allocated = BenchContext.TotalAllocated(pair, RoundTrips<T>(pair, ctx.Mpi, buffers.Send.AsSpan(0, count), warmup, timed));
            if (pair.Rank != 0)
            {
                continue;
            }

            timed.Sort();
            var point = new LatencyPoint(payload, bytes, count, iterations, warmup,
                Statistics.Quantile(timed, 0.5), Statistics.Quantile(timed, 0.1), Statistics.Quantile(timed, 0.9), allocated);
            points.Add(point);
            progress.Clear();
            BenchContext.Print(o.Json
                ? LatencyJson(ctx, "latency", point).ToString()
                : table.Row(I(bytes), I(count), I(iterations), F(point.MedianUs, "F3"), F(point.P10Us, "F3"), F(point.P90Us, "F3"), F(point.MBps, "F1"), I(allocated)));
        }
    }

    /// <summary>The latency line of pingpong.c (bench, impl, library, bytes, iterations, median_us, p10_us, p90_us) and the tool's additions.</summary>
    public static JsonLine LatencyJson(BenchContext ctx, string bench, LatencyPoint p) =>
        JsonLine.Head(bench, ctx.Impl, ctx.Library)
            .Add("bytes", p.Bytes)
            .Add("iterations", p.Iterations)
            .Add("median_us", p.MedianUs, "F3")
            .Add("p10_us", p.P10Us, "F3")
            .Add("p90_us", p.P90Us, "F3")
            .Add("payload", Payloads.Name(p.Payload))
            .Add("count", p.Count)
            .Add("warmup", p.Warmup)
            .Add("ranks", ctx.World.Size)
            .Add("allocated_bytes", p.Allocated);

    /// <summary>
    /// <paramref name="warmup"/> + <c>samples.Length</c> round trips of <paramref name="buffer"/> between ranks 0 and 1;
    /// rank 0 fills <paramref name="samples"/> with one-way microseconds. Returns the managed bytes this rank allocated
    /// during the timed round trips (0: the timed calls allocate nothing).
    /// </summary>
    private static long RoundTrips<T>(Communicator pair, MpiEnvironment mpi, Span<T> buffer, int warmup, Span<double> samples) where T : unmanaged
    {
        pair.Barrier();
        long before, after;
        if (pair.Rank == 0)
        {
            for (var i = 0; i < warmup; i++)
            {
                pair.Send<T>(buffer, 1, TagData);
                pair.Recv(buffer, 1, TagData);
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < samples.Length; i++)
            {
                var t0 = mpi.Wtime();
                pair.Send<T>(buffer, 1, TagData);
                pair.Recv(buffer, 1, TagData);
                var t1 = mpi.Wtime();
                samples[i] = (t1 - t0) * 0.5e6; // one-way, microseconds
            }

            after = GC.GetAllocatedBytesForCurrentThread();
        }
        else
        {
            for (var i = 0; i < warmup; i++)
            {
                pair.Recv(buffer, 0, TagData);
                pair.Send<T>(buffer, 0, TagData);
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < samples.Length; i++)
            {
                pair.Recv(buffer, 0, TagData);
                pair.Send<T>(buffer, 0, TagData);
            }

            after = GC.GetAllocatedBytesForCurrentThread();
        }

        return after - before;
    }
}
