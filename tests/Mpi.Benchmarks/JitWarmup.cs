namespace TypedMpi.Benchmarks;

/// <summary>
/// C# only, untimed, before the first measurement: runs every code path the measurements use (latency round
/// trips, bandwidth loops, the calibration broadcast) on a 1-byte message so that the JIT has compiled them.
/// Without it, compilation lands in the first latency warm-up and in the first bandwidth calibration (which
/// then picks far too few loops). The C program has nothing to compile; its method is unchanged by this.
/// </summary>
internal static class JitWarmup
{
    private const int Rounds = 100;

    public static void Run(BenchContext ctx, Options o)
    {
        if (o.Latency)
        {
            Latency.Measure(ctx, 1, Rounds, ctx.Samples.AsSpan(0, Math.Min(Rounds, ctx.Samples.Length)));
            ctx.TotalAllocated(0);
        }

        if (o.Bandwidth)
        {
            Bandwidth.Rep(ctx, ctx.Buffer.Memory[..1], Rounds, null);
            ctx.World.Bcast(0, 0);
            ctx.TotalAllocated(0);
        }

        if (o.Persistent)
        {
            var window = Bandwidth.SetUpPersistent(ctx, ctx.Buffer.Memory[..1]);
            Bandwidth.Rep(ctx, ctx.Buffer.Memory[..1], Rounds, window);
            Bandwidth.Free(window);
            ctx.World.Bcast(0, 0);
            ctx.TotalAllocated(0);
        }
    }
}
