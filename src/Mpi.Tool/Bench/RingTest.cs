using TypedMpi.Tool.Output;
using static TypedMpi.Tool.Bench.Statistics;

namespace TypedMpi.Tool.Bench;

/// <summary>
/// mpi4py's ringtest: a message of --size bytes goes round the ring — rank 0 sends to rank 1 and receives from the last
/// rank, every other rank receives from its left neighbour and forwards — --skip untimed then --loop timed trips. One
/// rank sends to itself (SendRecv). Rank 0 checks that the message came back unchanged.
/// </summary>
internal static class RingTest
{
    private const int Tag = 0;

    public static int Run(BenchContext ctx)
    {
        var o = ctx.Options;
        var world = ctx.World;
        var size = checked((int)o.RingSize);
        var send = GC.AllocateUninitializedArray<byte>(Math.Max(size, 1), pinned: true).AsSpan(0, size);
        var receive = GC.AllocateUninitializedArray<byte>(Math.Max(size, 1), pinned: true).AsSpan(0, size);
        for (var i = 0; i < send.Length; i++)
        {
            send[i] = (byte)(i * 7 + 1);
        }

        receive.Clear();
        world.Barrier();
        var (seconds, allocated) = Ring(ctx.Mpi, world, send, receive, o.RingLoops, o.RingSkip);
        allocated = BenchContext.TotalAllocated(world, allocated);
        if (!ctx.IsRoot)
        {
            return 0;
        }

        var intact = send.SequenceEqual(receive);
        var perLoop = seconds / o.RingLoops * 1e6;
        var perHop = perLoop / world.Size;
        if (o.Json)
        {
            BenchContext.Print(JsonLine.Head("ringtest", ctx.Impl, ctx.Library)
                .Add("bytes", size)
                .Add("ranks", world.Size)
                .Add("loops", o.RingLoops)
                .Add("skip", o.RingSkip)
                .Add("seconds", seconds, "F9")
                .Add("loop_us", perLoop, "F3")
                .Add("hop_us", perHop, "F3")
                .Add("intact", intact)
                .Add("allocated_bytes", allocated)
                .ToString());
        }
        else
        {
            // mpi4py's line, then what it means per trip and per hop
            BenchContext.Print($"time for {o.RingLoops} loops = {PythonFloat(seconds)} seconds ({world.Size} processes, {size} bytes)");
            BenchContext.Print($"# {F(perLoop, "F3")} us per trip round the ring, {F(perHop, "F3")} us per hop; {ctx.Library} ({ctx.Impl}); " +
                $"{I(allocated)} bytes allocated in the timed loop; {(intact ? "the message came back intact" : "THE MESSAGE CAME BACK CHANGED")}");
        }

        return intact ? 0 : 1;
    }

    private static (double Seconds, long Allocated) Ring(MpiEnvironment mpi, Communicator world, Span<byte> send, Span<byte> receive, int loops, int skip)
    {
        var dest = world.Next;
        var source = world.Previous;
        double tic = 0;
        long before = 0;
        if (world.Size == 1)
        {
            for (var i = 0; i < skip + loops; i++)
            {
                if (i == skip)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                    tic = mpi.Wtime();
                }

                world.SendRecv<byte>(send, dest, Tag, receive, source, Tag);
            }
        }
        else if (world.Rank == 0)
        {
            for (var i = 0; i < skip + loops; i++)
            {
                if (i == skip)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                    tic = mpi.Wtime();
                }

                world.Send<byte>(send, dest, Tag);
                world.Recv(receive, source, Tag);
            }
        }
        else
        {
            for (var i = 0; i < skip + loops; i++)
            {
                if (i == skip)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                    tic = mpi.Wtime();
                }

                world.Recv(receive, source, Tag);
                world.Send<byte>(receive, dest, Tag); // forward what arrived
            }
        }

        var toc = mpi.Wtime();
        return (toc - tic, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A float as mpi4py's ringtest prints it (Python's repr: lower-case exponent, e.g. 9.965e-06).</summary>
    private static string PythonFloat(double seconds) =>
        seconds.ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
