namespace TypedMpi.Benchmarks;

/// <summary>
/// Windowed bandwidth, as <c>run_bandwidth</c> in pingpong.c. One loop: rank 0 starts <c>window</c> Isends of
/// the same buffer, rank 1 <c>window</c> Irecvs into one buffer (as OSU osu_bw), both WaitAll, then rank 1
/// sends a 1-byte ack (tag 2). A rep is a barrier then <c>loops</c> loops, timed on rank 0;
/// MB/s = bytes * window * loops / time / 1e6. Reports median, min and max over the reps.
/// With persistent requests (<c>bandwidth-persistent</c>): the window's SendInit/RecvInit are set up once per size,
/// and each loop is StartAll + WaitAll + the ack.
/// </summary>
internal static class Bandwidth
{
    private const int TagData = 1;
    private const int TagAck = 2;
    private const double CalibMinSeconds = 0.005; // a calibration run must last at least this long
    private const double TargetRepSeconds = 0.020; // aim for ~20 ms per rep
    private const int MaxLoops = 100000;

    public static void Run(BenchContext ctx, int bytes, Options o, bool persistent)
    {
        var world = ctx.World;
        var message = ctx.Buffer.Memory[..bytes];
        var window = persistent ? SetUpPersistent(ctx, message) : null;
        var loops = o.Loops;
        if (loops > 0)
        {
            Rep(ctx, message, 1, window); // warm-up
        }
        else
        {
            loops = Calibrate(ctx, message, window);
        }

        var rates = ctx.Rates.AsSpan(0, o.Reps);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < rates.Length; r++)
        {
            var t = Rep(ctx, message, loops, window);
            rates[r] = (double)bytes * o.Window * loops / t / 1e6;
        }

        var allocated = ctx.TotalAllocated(GC.GetAllocatedBytesForCurrentThread() - before);
        Free(window);
        if (world.Rank == 0)
        {
            rates.Sort();
            new JsonLine(persistent ? "bandwidth-persistent" : "bandwidth", ctx.Library, bytes)
                .Add("window", o.Window)
                .Add("loops", loops)
                .Add("reps", o.Reps)
                .Add("median_MBps", Statistics.Quantile(rates, 0.5), "F1")
                .Add("min_MBps", rates[0], "F1")
                .Add("max_MBps", rates[^1], "F1")
                .Add("allocated_bytes", allocated)
                .Print();
        }
    }

    /// <summary>The window's persistent requests for <paramref name="message"/>: sends on rank 0, receives on rank 1.</summary>
    public static PersistentRequest[] SetUpPersistent(BenchContext ctx, Memory<byte> message)
    {
        var world = ctx.World;
        var window = new PersistentRequest[ctx.Requests.Length];
        for (var w = 0; w < window.Length; w++)
        {
            window[w] = world.Rank == 0 ? world.SendInit(message, 1, TagData) : world.RecvInit(message, 0, TagData);
        }

        return window;
    }

    public static void Free(PersistentRequest[]? window)
    {
        foreach (var request in window ?? [])
        {
            request.Dispose();
        }
    }

    /// <summary>
    /// One rep: barrier, then <paramref name="loops"/> windows + acks, with <paramref name="window"/>'s persistent
    /// requests when given. Returns seconds (used on rank 0).
    /// </summary>
    public static double Rep(BenchContext ctx, Memory<byte> message, int loops, PersistentRequest[]? window)
    {
        var world = ctx.World;
        var requests = ctx.Requests;
        var sender = world.Rank == 0;
        byte ack = 0;
        world.Barrier();
        var t0 = ctx.Mpi.Wtime();
        for (var l = 0; l < loops; l++)
        {
            if (window is not null)
            {
                PersistentRequest.StartAll(window);
                PersistentRequest.WaitAll(window);
                if (sender)
                {
                    ack = world.Recv<byte>(1, TagAck);
                }
                else
                {
                    world.Send(ack, 0, TagAck);
                }
            }
            else if (sender)
            {
                for (var w = 0; w < requests.Length; w++)
                {
                    requests[w] = world.Isend<byte>(message, 1, TagData);
                }

                Request.WaitAll(requests);
                ack = world.Recv<byte>(1, TagAck);
            }
            else
            {
                for (var w = 0; w < requests.Length; w++)
                {
                    requests[w] = world.Irecv(message, 0, TagData);
                }

                Request.WaitAll(requests);
                world.Send(ack, 0, TagAck);
            }
        }

        return ctx.Mpi.Wtime() - t0;
    }

    /// <summary>
    /// Loops per rep so that a rep lasts about 20 ms: time n = 1, 2, 4, ... loops until a run takes at least
    /// 5 ms, then ceil(n * 20 ms / t), clamped to [1, 100000]. Rank 0 decides and broadcasts.
    /// </summary>
    private static int Calibrate(BenchContext ctx, Memory<byte> message, PersistentRequest[]? window)
    {
        for (var n = 1; ; n *= 2)
        {
            var t = Rep(ctx, message, n, window);
            var loops = 0; // 0: keep doubling
            if (ctx.World.Rank == 0 && (t >= CalibMinSeconds || n >= MaxLoops))
            {
                var want = n * TargetRepSeconds / t;
                loops = want >= MaxLoops ? MaxLoops : (int)Math.Ceiling(want);
                loops = Math.Max(loops, 1);
            }

            loops = ctx.World.Bcast(loops, 0);
            if (loops > 0)
            {
                return loops;
            }
        }
    }
}
