using TypedMpi.Tool.Output;
using static TypedMpi.Tool.Bench.Statistics;

namespace TypedMpi.Tool.Bench;

/// <summary>One measured message size of the bandwidth benchmark.</summary>
internal sealed record BandwidthPoint(PayloadKind Payload, long Bytes, int Count, int Window, int Loops, int Reps, double MedianMBps, double MinMBps, double MaxMBps, long Allocated)
{
    /// <summary>The time one message of a window takes at the median rate, in microseconds.</summary>
    public double MessageUs => MedianMBps > 0 ? Bytes / MedianMBps : double.NaN;
}

/// <summary>
/// Windowed bandwidth, the method of <c>run_bandwidth</c> in native/bench/pingpong.c. One loop: rank 0 starts
/// <c>window</c> Isends of the same buffer, rank 1 <c>window</c> Irecvs into one buffer (as OSU osu_bw), both WaitAll,
/// then rank 1 sends a 1-byte ack (tag 2). A rep is a barrier then <c>loops</c> loops, timed on rank 0;
/// MB/s = bytes * window * loops / time / 1e6. Loops per rep are calibrated to about 20 ms unless --iterations says.
/// Median, min and max over the reps. Sizes of 0 bytes have no bandwidth and are skipped.
/// </summary>
internal static class BandwidthBench
{
    private const int TagData = 1;
    private const int TagAck = 2;
    private const double CalibMinSeconds = 0.005; // a calibration run must last at least this long
    private const double TargetRepSeconds = 0.020; // aim for ~20 ms per rep
    private const int MaxLoops = 100000;

    public static int Run(BenchContext ctx)
    {
        using var pair = PingPong.Pair(ctx);
        if (pair is null)
        {
            return ctx.World.Size < 2 ? 1 : 0;
        }

        var o = ctx.Options;
        var table = new TextTable([("bytes", 10), ("count", 9), ("window", 6), ("loops", 6), ("reps", 4), ("median MB/s", 11), ("min MB/s", 10), ("max MB/s", 10), ("alloc [B]", 9)]);
        var steps = o.Payloads.Sum(p => CountsOf(o, p).Count);
        var progress = Progress.Create(ctx.IsRoot, steps);
        var points = new List<BandwidthPoint>();
        var measurement = new Measurement(ctx, pair, table, progress, points);
        PayloadSweep.Run(ctx, table, "windowed bandwidth from rank 0 to rank 1", ref measurement);

        progress.Clear();
        if (ctx.IsRoot && o.PlotPath is { } path)
        {
            SvgPlot.Write(path, Plots.Bandwidth(ctx, points));
        }

        return 0;
    }

    /// <summary>The sweep's measurement: the sizes of one payload, counted for the progress display.</summary>
    private struct Measurement(BenchContext ctx, Communicator pair, TextTable table, Progress progress, List<BandwidthPoint> points) : IPayloadMeasurement
    {
        private int _step;

        public void Measure<T>(PayloadKind payload, Func<int, T> valueAt) where T : unmanaged =>
            BandwidthBench.Measure(ctx, pair, payload, valueAt, table, progress, points, ref _step);
    }

    private static List<int> CountsOf(BenchOptions o, PayloadKind payload) =>
        Payloads.Counts(o.Sizes, Payloads.ElementSize(payload)).Where(c => c > 0).ToList();

    private static void Measure<T>(BenchContext ctx, Communicator pair, PayloadKind payload, Func<int, T> valueAt,
        TextTable table, Progress progress, List<BandwidthPoint> points, ref int step) where T : unmanaged
    {
        var o = ctx.Options;
        var elementSize = Payloads.ElementSize(payload);
        var counts = CountsOf(o, payload);
        if (counts.Count == 0)
        {
            return;
        }

        var buffers = new PayloadBuffers<T>(counts.Max(), valueAt);
        var requests = new Request[o.Window];
        var rates = new double[o.Reps];
        var message = pair.Rank == 0 ? buffers.Send.AsMemory() : buffers.Receive.AsMemory();

        // Untimed: compile the rep and the calibration's broadcast before the first calibration (which would otherwise
        // time the JIT and pick far too few loops).
        Rep(ctx.Mpi, pair, message[..1], requests, 10);
        pair.Bcast(0, 0);
        BenchContext.TotalAllocated(pair, 0);

        foreach (var count in counts)
        {
            var bytes = (long)count * elementSize;
            progress.Show(++step, ProgressLabels.Label(bytes, payload));
            var slice = message[..count];
            int loops;
            if (o.Iterations is { } given)
            {
                loops = given;
                Rep(ctx.Mpi, pair, slice, requests, o.Warmup ?? 1); // warm-up
            }
            else
            {
                loops = Calibrate(ctx.Mpi, pair, slice, requests);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < rates.Length; r++)
            {
                var t = Rep(ctx.Mpi, pair, slice, requests, loops);
                rates[r] = (double)bytes * o.Window * loops / t / 1e6;
            }

            var allocated = BenchContext.TotalAllocated(pair, GC.GetAllocatedBytesForCurrentThread() - before);
            if (pair.Rank != 0)
            {
                continue;
            }

            Array.Sort(rates);
            var point = new BandwidthPoint(payload, bytes, count, o.Window, loops, o.Reps, Statistics.Quantile(rates, 0.5), rates[0], rates[^1], allocated);
            points.Add(point);
            progress.Clear();
            BenchContext.Print(o.Json
                ? JsonLine.Head("bandwidth", ctx.Impl, ctx.Library)
                    .Add("bytes", bytes)
                    .Add("window", o.Window)
                    .Add("loops", loops)
                    .Add("reps", o.Reps)
                    .Add("median_MBps", point.MedianMBps, "F1")
                    .Add("min_MBps", point.MinMBps, "F1")
                    .Add("max_MBps", point.MaxMBps, "F1")
                    .Add("payload", Payloads.Name(payload))
                    .Add("count", count)
                    .Add("ranks", ctx.World.Size)
                    .Add("allocated_bytes", allocated)
                    .ToString()
                : table.Row(I(bytes), I(count), I(o.Window), I(loops), I(o.Reps), F(point.MedianMBps, "F1"), F(point.MinMBps, "F1"), F(point.MaxMBps, "F1"), I(allocated)));
        }
    }

    /// <summary>One rep: a barrier, then <paramref name="loops"/> windows and acks. Returns seconds (used on rank 0).</summary>
    private static double Rep<T>(MpiEnvironment mpi, Communicator pair, Memory<T> message, Request[] requests, int loops) where T : unmanaged
    {
        var sender = pair.Rank == 0;
        byte ack = 0;
        pair.Barrier();
        var t0 = mpi.Wtime();
        for (var l = 0; l < loops; l++)
        {
            if (sender)
            {
                for (var w = 0; w < requests.Length; w++)
                {
                    requests[w] = pair.Isend(message, 1, TagData);
                }

                Request.WaitAll(requests);
                ack = pair.Recv<byte>(1, TagAck);
            }
            else
            {
                for (var w = 0; w < requests.Length; w++)
                {
                    requests[w] = pair.Irecv(message, 0, TagData);
                }

                Request.WaitAll(requests);
                pair.Send(ack, 0, TagAck);
            }
        }

        return mpi.Wtime() - t0;
    }

    /// <summary>
    /// Loops per rep so that a rep lasts about 20 ms: time n = 1, 2, 4, ... loops until a run takes at least 5 ms, then
    /// ceil(n * 20 ms / t), clamped to [1, 100000]. Rank 0 decides and broadcasts. The calibration is also the warm-up.
    /// </summary>
    private static int Calibrate<T>(MpiEnvironment mpi, Communicator pair, Memory<T> message, Request[] requests) where T : unmanaged
    {
        for (var n = 1; ; n *= 2)
        {
            var t = Rep(mpi, pair, message, requests, n);
            var loops = 0; // 0: keep doubling
            if (pair.Rank == 0 && (t >= CalibMinSeconds || n >= MaxLoops))
            {
                var want = n * TargetRepSeconds / t;
                loops = want >= MaxLoops ? MaxLoops : Math.Max((int)Math.Ceiling(want), 1);
            }

            loops = pair.Bcast(loops, 0);
            if (loops > 0)
            {
                return loops;
            }
        }
    }
}
