using TypedMpi.Tool.Output;
using static TypedMpi.Tool.Bench.Statistics;

namespace TypedMpi.Tool.Bench;

/// <summary>
/// Latency of <c>Allreduce(Sum)</c> over all ranks, per payload and message size. After a barrier and the warm-up,
/// every rank times each call with Wtime; the samples are then reduced with Max (outside the timed loop), so a sample
/// is the slowest rank's time for that iteration. Median, p10 and p90 in microseconds. The message payload is
/// reduced by the generated field-wise Sum of <see cref="BenchMessage"/>. Rank 0 checks the first element of the
/// last result (the sum of the ranks' identical inputs).
/// </summary>
internal static class AllreduceBench
{
    public static int Run(BenchContext ctx)
    {
        var o = ctx.Options;
        var table = new TextTable([("bytes", 10), ("count", 9), ("iterations", 10), ("median [us]", 11), ("p10 [us]", 10), ("p90 [us]", 10), ("MB/s", 10), ("alloc [B]", 9)]);
        var steps = o.Payloads.Sum(p => Payloads.Counts(o.Sizes, Payloads.ElementSize(p)).Count);
        var progress = Progress.Create(ctx.IsRoot, steps);
        var points = new List<LatencyPoint>();
        var step = 0;
        var correct = true;
        foreach (var payload in o.Payloads)
        {
            if (ctx.IsRoot && !o.Json)
            {
                BenchContext.Print(ctx.Title($"Allreduce(Sum) over {ctx.World.Size} rank{(ctx.World.Size == 1 ? "" : "s")}, payload {Payloads.Name(payload)} ({Payloads.ElementSize(payload)} B per element)"));
                BenchContext.Print(table.Header());
            }

            correct &= payload == PayloadKind.Double
                ? Measure(ctx, payload, i => i + 0.5, (sum, input, n) => sum == n * input, table, progress, points, ref step)
                : Measure(ctx, payload, BenchMessage.ValueAt, (sum, input, n) => sum.X == n * input.X && sum.Id == n * input.Id && sum.Weight == n * input.Weight, table, progress, points, ref step);
        }

        progress.Clear();
        if (ctx.IsRoot && o.PlotPath is { } path)
        {
            SvgPlot.Write(path, Plots.Allreduce(ctx, points));
        }

        if (ctx.IsRoot && !correct)
        {
            StandardStreams.Error.Write("typedmpi bench allreduce: a result differs from the sum of the inputs\n");
            StandardStreams.Error.Flush();
        }

        return correct ? 0 : 1;
    }

    private static bool Measure<T>(BenchContext ctx, PayloadKind payload, Func<int, T> valueAt, Func<T, T, int, bool> isSum,
        TextTable table, Progress progress, List<LatencyPoint> points, ref int step) where T : unmanaged
    {
        var o = ctx.Options;
        var world = ctx.World;
        var elementSize = Payloads.ElementSize(payload);
        var counts = Payloads.Counts(o.Sizes, elementSize);
        var maxIterations = counts.Max(c => o.Iterations ?? BenchOptions.AllreduceIterations((long)c * elementSize));
        var buffers = new PayloadBuffers<T>(counts.Max(), valueAt);
        var samples = new double[maxIterations];
        var slowest = new double[maxIterations];

        // Untimed: compile the timed loop and the reductions that follow it.
        Calls<T>(world, ctx.Mpi, buffers.Send.AsSpan(0, 1), buffers.Receive.AsSpan(0, 1), 10, samples.AsSpan(0, 10));
        world.Reduce<double>(samples.AsSpan(0, 10), slowest.AsSpan(0, 10), MpiOp.Max, 0);
        BenchContext.TotalAllocated(world, 0);

        var correct = true;
        foreach (var count in counts)
        {
            var bytes = (long)count * elementSize;
            progress.Show(++step, ProgressLabels.Label(bytes, payload));
            var iterations = o.Iterations ?? BenchOptions.AllreduceIterations(bytes);
            var warmup = o.WarmupFor(iterations);
            var mine = Calls<T>(world, ctx.Mpi, buffers.Send.AsSpan(0, count), buffers.Receive.AsSpan(0, count), warmup, samples.AsSpan(0, iterations));
            var timed = slowest.AsSpan(0, iterations);
            world.Reduce<double>(samples.AsSpan(0, iterations), timed, MpiOp.Max, 0);
            var allocated = BenchContext.TotalAllocated(world, mine);
            if (!ctx.IsRoot)
            {
                continue;
            }

            correct &= count == 0 || isSum(buffers.Receive[0], buffers.Send[0], world.Size);
            timed.Sort();
            var point = new LatencyPoint(payload, bytes, count, iterations, warmup,
                Statistics.Quantile(timed, 0.5), Statistics.Quantile(timed, 0.1), Statistics.Quantile(timed, 0.9), allocated);
            points.Add(point);
            progress.Clear();
            BenchContext.Print(o.Json
                ? PingPong.LatencyJson(ctx, "allreduce", point).ToString()
                : table.Row(I(bytes), I(count), I(iterations), F(point.MedianUs, "F3"), F(point.P10Us, "F3"), F(point.P90Us, "F3"), F(point.MBps, "F1"), I(allocated)));
        }

        return correct;
    }

    /// <summary>
    /// A barrier, <paramref name="warmup"/> untimed then <c>samples.Length</c> timed Allreduce calls; fills
    /// <paramref name="samples"/> with this rank's microseconds per call and returns the managed bytes it allocated in
    /// the timed calls.
    /// </summary>
    private static long Calls<T>(Communicator world, MpiEnvironment mpi, ReadOnlySpan<T> send, Span<T> receive, int warmup, Span<double> samples) where T : unmanaged
    {
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
            samples[i] = (mpi.Wtime() - t0) * 1e6;
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
