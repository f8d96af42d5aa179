using System.Numerics;
using CommunityToolkit.HighPerformance;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>
/// Blocking point-to-point. Messages go around the ring (to Next, from Previous), so every pattern also works
/// with one rank; a blocking send never waits on a receive its own rank has yet to post, so nothing depends
/// on eager buffering.
/// </summary>
public static class PointToPointScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("p2p.ring-value", RingValue),
        new("p2p.ring-span", RingSpan),
        TypeScenario("sbyte", (r, i) => i switch { 0 => sbyte.MinValue, 1 => sbyte.MaxValue, _ => (sbyte)(r * 7 - i) }),
        TypeScenario("byte", (r, i) => i switch { 0 => byte.MinValue, 1 => byte.MaxValue, _ => (byte)(r * 7 + i) }),
        TypeScenario("short", (r, i) => i switch { 0 => short.MinValue, 1 => short.MaxValue, _ => (short)(r * 1000 - i) }),
        TypeScenario("ushort", (r, i) => i switch { 0 => ushort.MinValue, 1 => ushort.MaxValue, _ => (ushort)(r * 1000 + i) }),
        TypeScenario("int", (r, i) => i switch { 0 => int.MinValue, 1 => int.MaxValue, _ => r * 1_000_000 - i }),
        TypeScenario("uint", (r, i) => i switch { 0 => uint.MinValue, 1 => uint.MaxValue, _ => (uint)(r * 1_000_000 + i) }),
        TypeScenario("long", (r, i) => i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => r * 10_000_000_000L - i }),
        TypeScenario("ulong", (r, i) => i switch { 0 => ulong.MinValue, 1 => ulong.MaxValue, _ => (ulong)r * 10_000_000_000UL + (ulong)i }),
        TypeScenario("float", (r, i) => i switch { 0 => float.MinValue, 1 => float.Epsilon, _ => r + i / 4f }),
        TypeScenario("double", (r, i) => i switch { 0 => double.MaxValue, 1 => -double.Epsilon, _ => r + i / 3.0 }),
        TypeScenario("bool", (r, i) => (r + i) % 3 == 0),
        TypeScenario("char", (r, i) => i switch { 0 => '\uFFFF', 1 => 'é', _ => (char)('a' + r + i) }),
        TypeScenario("half", (r, i) => i switch { 0 => Half.MaxValue, 1 => Half.Epsilon, _ => (Half)(r + i / 8f) }),
        TypeScenario("complex", (r, i) => new Complex(r + i / 2.0, -r - i)),
        TypeScenario("nint", (r, i) => i switch { 0 => nint.MinValue, 1 => nint.MaxValue, _ => (nint)(r * 1000 - i) }),
        TypeScenario("nuint", (r, i) => i switch { 0 => nuint.MinValue, 1 => nuint.MaxValue, _ => (nuint)(r * 1000 + i) }),
        TypeScenario("value-index-double", (r, i) => new ValueIndex<double>(r + i / 2.0, r * 10 + i)),
        TypeScenario("value-index-short", (r, i) => new ValueIndex<short>((short)(r - i), -r - i)),
        new("p2p.ssend", Ssend),
        new("p2p.rsend", Rsend),
        new("p2p.bsend", Bsend),
        new("p2p.sendrecv-value", SendRecvValue),
        new("p2p.sendrecv-span", SendRecvSpan),
        new("p2p.sendrecv-replace", SendRecvReplace),
        new("p2p.any-source", AnySource),
        new("p2p.any-tag", AnyTag),
        new("p2p.non-overtaking", NonOvertaking),
        new("p2p.non-overtaking-any-tag", NonOvertakingAnyTag),
        new("p2p.zero-length", ZeroLength),
        new("p2p.waiting-receive-sizes", WaitingReceiveSizes),
        new("p2p.large-64mib", Large64MiB, MinRanks: 2),
        new("p2p.proc-null", ProcNull),
        new("p2p.probe", Probe),
        new("p2p.iprobe", Iprobe),
        new("p2p.mprobe", Mprobe),
        new("p2p.improbe", Improbe),
        new("p2p.recv-array", RecvArray),
        new("p2p.short-receive-count", ShortReceiveCount),
        new("p2p.concurrent-threads", ConcurrentThreads),
    ];

    private static void RingValue(ScenarioContext ctx)
    {
        const int Tag = 100;
        var comm = ctx.Comm;
        var send = comm.Isend(1000 + ctx.Rank, comm.Next, Tag);
        var received = comm.Recv<int>(comm.Previous, Tag, out var status);
        send.Wait();
        ctx.Equal(1000 + comm.Previous, received, "the value from Previous");
        ctx.Equal(comm.Previous, status.Source, "Status.Source");
        ctx.Equal(Tag, status.Tag, "Status.Tag");
        ctx.Equal(1, status.Count<int>(), "Status.Count<int>");
    }

    private static void RingSpan(ScenarioContext ctx)
    {
        const int Tag = 101, Length = 1000;
        var comm = ctx.Comm;
        var data = Enumerable.Range(0, Length).Select(i => ctx.Rank * 100_000 + i).ToArray();
        var expected = Enumerable.Range(0, Length).Select(i => comm.Previous * 100_000 + i).ToArray();

        // Blocking Send of a span into a posted Irecv.
        var buffer = new int[Length];
        var receive = comm.Irecv(buffer, comm.Previous, Tag);
        comm.Send<int>(data, comm.Next, Tag);
        receive.Wait();
        ctx.SequenceEqual(expected, buffer, "Send(span) → Irecv");

        // Blocking Recv into a span from an Isend; the span is a slice, the rest stays untouched.
        var larger = new int[Length + 2];
        larger[0] = larger[^1] = -1;
        var send = comm.Isend(data, comm.Next, Tag);
        var status = comm.Recv(larger.AsSpan(1, Length), comm.Previous, Tag);
        send.Wait();
        ctx.SequenceEqual(expected, larger.AsSpan(1, Length), "Isend → Recv(span)");
        ctx.True(larger[0] == -1 && larger[^1] == -1, "the receive wrote only its slice");
        ctx.Equal(Length, status.Count<int>(), "Status.Count<int>");
    }

    /// <summary>
    /// One element type: an array of it with extremes and rank-dependent values goes Isend → Recv(span), and
    /// one value goes SendRecv; each rank checks what Previous sent.
    /// </summary>
    private static Scenario TypeScenario<T>(string name, Func<int, int, T> make) where T : unmanaged =>
        new($"p2p.type-{name}", ctx =>
        {
            const int Tag = 102, Length = 9;
            var comm = ctx.Comm;
            var data = Enumerable.Range(0, Length).Select(i => make(ctx.Rank, i)).ToArray();
            var expected = Enumerable.Range(0, Length).Select(i => make(comm.Previous, i)).ToArray();

            var buffer = new T[Length];
            var send = comm.Isend(data, comm.Next, Tag);
            var status = comm.Recv<T>(buffer, comm.Previous, Tag);
            send.Wait();
            ctx.SequenceEqual(expected, buffer, $"{typeof(T).Name}[] from Previous");
            ctx.Equal(Length, status.Count<T>(), "Status.Count");

            var value = comm.SendRecv(make(ctx.Rank, Length), comm.Next, comm.Previous, Tag);
            ctx.Equal(make(comm.Previous, Length), value, $"one {typeof(T).Name} from Previous");
        });

    private static void Ssend(ScenarioContext ctx)
    {
        const int Tag = 103;
        var comm = ctx.Comm;
        var value = comm.Irecv<long>(comm.Previous, Tag);
        comm.Ssend(10L * ctx.Rank, comm.Next, Tag);
        ctx.Equal(10L * comm.Previous, value.Wait(), "Ssend(value)");

        var buffer = new short[3];
        var receive = comm.Irecv(buffer, comm.Previous, Tag);
        comm.Ssend<short>([(short)ctx.Rank, 2, 3], comm.Next, Tag);
        receive.Wait();
        ctx.SequenceEqual<short>([(short)comm.Previous, 2, 3], buffer, "Ssend(span)");
    }

    /// <summary>A ready send is only legal once the receive is posted: Irecv, Barrier, then Rsend.</summary>
    private static void Rsend(ScenarioContext ctx)
    {
        const int Tag = 104;
        var comm = ctx.Comm;
        var value = comm.Irecv<double>(comm.Previous, Tag);
        var buffer = new double[4];
        var receive = comm.Irecv(buffer, comm.Previous, Tag + 1);
        comm.Barrier();
        comm.Rsend(ctx.Rank + 0.5, comm.Next, Tag);
        comm.Rsend<double>([ctx.Rank, 1, 2, 3], comm.Next, Tag + 1);
        ctx.Equal(comm.Previous + 0.5, value.Wait(), "Rsend(value)");
        receive.Wait();
        ctx.SequenceEqual([comm.Previous, 1.0, 2, 3], buffer, "Rsend(span)");
    }

    /// <summary>Buffered sends complete locally, so sending before the receive is posted is fine even to oneself.</summary>
    private static void Bsend(ScenarioContext ctx)
    {
        const int Tag = 105, Length = 100;
        var comm = ctx.Comm;
        var data = Enumerable.Range(ctx.Rank, Length).ToArray();
        // SizeFor is exact enough: two messages of Length ints fit a buffer sized for two.
        using (var attached = BsendBuffer.Attach(BsendBuffer.SizeFor<int>(Length, messages: 2)))
        {
            ctx.True(attached.Bytes >= 2 * Length * sizeof(int), "SizeFor covers the payload");
            comm.Bsend<int>(data, comm.Next, Tag);
            comm.Bsend<int>(data, comm.Next, Tag + 1);
            ctx.SequenceEqual(Enumerable.Range(comm.Previous, Length).ToArray(), comm.RecvArray<int>(comm.Previous, Tag), "Bsend(span)");
            ctx.SequenceEqual(Enumerable.Range(comm.Previous, Length).ToArray(), comm.RecvArray<int>(comm.Previous, Tag + 1), "the second Bsend(span)");
        }

        // Detached: a new buffer can be attached.
        using (BsendBuffer.Attach(BsendBuffer.SizeFor<long>(1)))
        {
            comm.Bsend(7L * ctx.Rank, comm.Next, Tag + 2);
            ctx.Equal(7L * comm.Previous, comm.Recv<long>(comm.Previous, Tag + 2), "Bsend(value) through a second buffer");
        }
    }

    private static void SendRecvValue(ScenarioContext ctx)
    {
        const int Tag = 106;
        var comm = ctx.Comm;
        ctx.Equal(comm.Previous * 2.5, comm.SendRecv(ctx.Rank * 2.5, comm.Next, comm.Previous, Tag), "SendRecv with one tag");
        // Different tags each way: send with Tag + 1, receive with Tag + 1 from the rank that sent with it.
        ctx.Equal((long)comm.Next, comm.SendRecv((long)ctx.Rank, comm.Previous, comm.Next, Tag + 1, Tag + 1), "SendRecv the other way round");
    }

    private static void SendRecvSpan(ScenarioContext ctx)
    {
        const int Tag = 107;
        var comm = ctx.Comm;
        float[] send = [ctx.Rank, ctx.Rank + 0.25f, ctx.Rank + 0.5f];
        var receive = new float[5];
        var status = comm.SendRecv<float>(send, comm.Next, Tag, receive, comm.Previous, Tag);
        ctx.SequenceEqual([comm.Previous, comm.Previous + 0.25f, comm.Previous + 0.5f, 0, 0], receive, "SendRecv spans");
        ctx.Equal(comm.Previous, status.Source, "Status.Source");
        ctx.Equal(Tag, status.Tag, "Status.Tag");
        ctx.Equal(3, status.Count<float>(), "Status.Count<float>");

        // Separate send and receive tags.
        status = comm.SendRecv<float>(send, comm.Next, Tag + 1, receive, comm.Previous, Mpi.AnyTag);
        ctx.Equal(Tag + 1, status.Tag, "the send tag seen by the receiver");
    }

    private static void SendRecvReplace(ScenarioContext ctx)
    {
        const int Tag = 108;
        var comm = ctx.Comm;
        int[] buffer = [ctx.Rank, ctx.Rank * 2, ctx.Rank * 3, -1];
        var status = comm.SendRecvReplace<int>(buffer, comm.Next, Tag, comm.Previous, Tag);
        ctx.SequenceEqual([comm.Previous, comm.Previous * 2, comm.Previous * 3, -1], buffer, "the buffer now holds Previous's data");
        ctx.Equal(comm.Previous, status.Source, "Status.Source");
        ctx.Equal(4, status.Count<int>(), "Status.Count<int>");
    }

    /// <summary>Every rank (rank 0 too) sends its rank to rank 0, which receives them all with AnySource and AnyTag.</summary>
    private static void AnySource(ScenarioContext ctx)
    {
        const int Tag = 110;
        var comm = ctx.Comm;
        var send = comm.Isend(ctx.Rank, dest: 0, Tag + ctx.Rank);
        if (ctx.Rank == 0)
        {
            var sources = new List<int>();
            for (var i = 0; i < ctx.Size; i++)
            {
                var value = comm.Recv<int>(Mpi.AnySource, Mpi.AnyTag, out var status);
                ctx.Equal(value, status.Source, "Status.Source is the sender");
                ctx.Equal(Tag + value, status.Tag, "Status.Tag is the sender's tag");
                sources.Add(status.Source);
            }

            ctx.SequenceEqual(Enumerable.Range(0, ctx.Size).ToArray(), sources.Order().ToArray(), "one message from every rank");
        }

        send.Wait();
        comm.Barrier(); // rank 0's AnyTag receives must not see the ring messages below

        // AnySource on a ring: the only message on this tag comes from Previous.
        send = comm.Isend(ctx.Rank, comm.Next, Tag - 1);
        var fromAnyone = comm.Recv<int>(Mpi.AnySource, Tag - 1, out var ringStatus);
        send.Wait();
        ctx.Equal(comm.Previous, fromAnyone, "the value received from AnySource");
        ctx.Equal(comm.Previous, ringStatus.Source, "Status.Source of an AnySource receive");
    }

    private static void AnyTag(ScenarioContext ctx)
    {
        const int Tag = 120;
        var comm = ctx.Comm;
        var send = comm.Isend(ctx.Rank, comm.Next, Tag + ctx.Rank % 5);
        var value = comm.Recv<int>(comm.Previous, Mpi.AnyTag, out var status);
        send.Wait();
        ctx.Equal(comm.Previous, value, "value");
        ctx.Equal(Tag + comm.Previous % 5, status.Tag, "Status.Tag of an AnyTag receive");
        ctx.Equal(comm.Previous, status.Source, "Status.Source");
    }

    /// <summary>Messages from one source on one tag arrive in the order they were sent.</summary>
    private static void NonOvertaking(ScenarioContext ctx)
    {
        const int Tag = 130, Count = 200;
        var comm = ctx.Comm;
        var sends = new Request[Count];
        for (var i = 0; i < Count; i++)
        {
            sends[i] = comm.Isend(ctx.Rank * 1000 + i, comm.Next, Tag);
        }

        for (var i = 0; i < Count; i++)
        {
            ctx.Equal(comm.Previous * 1000 + i, comm.Recv<int>(comm.Previous, Tag), $"message {i} in send order");
        }

        Request.WaitAll(sends);
    }

    /// <summary>With AnyTag, messages of different tags from one source still arrive in send order.</summary>
    private static void NonOvertakingAnyTag(ScenarioContext ctx)
    {
        const int Tag = 140, Count = 200;
        var comm = ctx.Comm;
        var sends = new Request[Count];
        for (var i = 0; i < Count; i++)
        {
            // Mix sizes too: a longer message must not be overtaken by a shorter one sent after it.
            sends[i] = comm.Isend(Enumerable.Repeat(i, 1 + i % 3 * 500).ToArray(), comm.Next, Tag + i % 7);
        }

        for (var i = 0; i < Count; i++)
        {
            var data = comm.RecvArray<int>(comm.Previous, Mpi.AnyTag, out var status);
            ctx.Equal(Tag + i % 7, status.Tag, $"the tag of message {i}");
            ctx.Equal(1 + i % 3 * 500, data.Length, $"the length of message {i}");
            ctx.True(data.All(x => x == i), $"message {i} in send order");
        }

        Request.WaitAll(sends);
    }

    /// <summary>
    /// Blocking receives that are already waiting when their message comes (rank 0 sends late), over the sizes where
    /// the in-process backend changes how a message travels: with the receive's control data (up to 16 bytes), spilling
    /// into a second cache line (up to 80), straight into the buffer (more). Then a strided column into a waiting
    /// contiguous receive, and a small message too long for a waiting receive.
    /// </summary>
    private static void WaitingReceiveSizes(ScenarioContext ctx)
    {
        const int Tag = 155;
        var comm = ctx.Comm;
        int[] sizes = [0, 1, 7, 8, 15, 16, 17, 48, 63, 64, 79, 80, 81, 500];
        for (var k = 0; k < sizes.Length; k++)
        {
            var size = sizes[k];
            var data = Enumerable.Range(0, size).Select(i => (byte)(ctx.Rank * 31 + i * 7 + size)).ToArray();
            var expected = Enumerable.Range(0, size).Select(i => (byte)(comm.Previous * 31 + i * 7 + size)).ToArray();
            var buffer = Enumerable.Repeat((byte)0xEE, size + 3).ToArray(); // room to spare: only the message is written
            var send = SendLateFromRankZero(ctx, data, Tag + k);
            var status = comm.Recv<byte>(buffer, comm.Previous, Tag + k);
            send.Wait();
            ctx.Equal(size, status.Count<byte>(), $"Status.Count of {size} bytes");
            ctx.Equal(comm.Previous, status.Source, $"Status.Source of {size} bytes");
            ctx.Equal(Tag + k, status.Tag, $"Status.Tag of {size} bytes");
            ctx.SequenceEqual<byte>(expected, buffer.AsSpan(0, size), $"{size} bytes received");
            ctx.SequenceEqual<byte>([0xEE, 0xEE, 0xEE], buffer.AsSpan(size), $"the spare room after {size} bytes");
        }

        // Six doubles of a strided column (a derived vector type) from rank 0 into a waiting contiguous receive on rank 1.
        if (comm.Size >= 2 && ctx.Rank < 2)
        {
            var grid = new double[6, 3];
            for (var row = 0; row < 6; row++)
            {
                grid[row, 1] = 100 + row;
            }

            if (ctx.Rank == 0)
            {
                Thread.Sleep(LateSend);
                comm.Send<double>(new Span2D<double>(grid).Slice(0, 1, 6, 1), 1, Tag + 50);
            }
            else
            {
                var received = new double[6];
                comm.Recv<double>(received, 0, Tag + 50);
                ctx.SequenceEqual([100.0, 101, 102, 103, 104, 105], received, "a strided column into a waiting receive");
            }
        }

        // 40 bytes into a waiting 20-byte receive: the receive reports the truncation, the send completes normally.
        var small = new int[5];
        var truncatedSend = SendLateFromRankZero(ctx, Enumerable.Range(ctx.Rank * 10, 10).ToArray(), Tag + 51);
        ctx.ThrowsMpi(MpiErrorClass.Truncate, () => comm.Recv<int>(small, comm.Previous, Tag + 51), "10 ints into a waiting receive of 5");
        truncatedSend.Wait(); // what lands in a truncated buffer is the library's business (MPICH leaves it untouched)
        ctx.AllAlive("a truncated waiting receive");
    }

    /// <summary>How late rank 0 sends, so that rank 1 is most likely waiting in its receive by then.</summary>
    private static readonly TimeSpan LateSend = TimeSpan.FromMilliseconds(3);

    private static Request SendLateFromRankZero<T>(ScenarioContext ctx, T[] data, int tag) where T : unmanaged
    {
        if (ctx.Rank == 0)
        {
            Thread.Sleep(LateSend);
        }

        return ctx.Comm.Isend(data, ctx.Comm.Next, tag);
    }

    private static void ZeroLength(ScenarioContext ctx)
    {
        const int Tag = 150;
        var comm = ctx.Comm;
        var buffer = new int[] { -1, -1, -1, -1 };
        var send = comm.Isend(Array.Empty<int>(), comm.Next, Tag);
        var status = comm.Recv<int>(buffer, comm.Previous, Tag);
        send.Wait();
        ctx.Equal(0, status.Count<int>(), "Status.Count of an empty message");
        ctx.Equal(comm.Previous, status.Source, "Status.Source of an empty message");
        ctx.SequenceEqual([-1, -1, -1, -1], buffer, "an empty message writes nothing");

        var receive = comm.Irecv(buffer, comm.Previous, Tag + 1);
        comm.Send(ReadOnlySpan<int>.Empty, comm.Next, Tag + 1);
        var statuses = new Status[1];
        Request.WaitAll([receive], statuses);
        ctx.Equal(0, statuses[0].Count<int>(), "Status.Count of an empty blocking send");

        ctx.Equal(0, RecvArrayAfterIsend(comm, Array.Empty<double>(), Tag + 2).Length, "RecvArray of an empty message");
    }

    /// <summary>A message above 64 MiB (past any 2^26 or eager limit) arrives intact between ranks 0 and 1.</summary>
    private static void Large64MiB(ScenarioContext ctx)
    {
        const int Tag = 160, Length = 64 * 1024 * 1024 + 1;
        var comm = ctx.Comm;
        ulong checksum = 0;
        if (ctx.Rank == 0)
        {
            var data = new byte[Length];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = Pattern(i);
            }

            checksum = Checksum(data);
            comm.Send<byte>(data, dest: 1, Tag);
        }
        else if (ctx.Rank == 1)
        {
            var data = new byte[Length];
            var status = comm.Recv<byte>(data, source: 0, Tag);
            ctx.Equal(Length, status.Count<byte>(), "the received length");
            ctx.Equal(Pattern(Length - 1), data[^1], "the last byte");
            checksum = Checksum(data);
        }

        var sent = comm.Bcast(checksum, root: 0);
        if (ctx.Rank == 1)
        {
            ctx.Equal(sent, checksum, "the checksum of what rank 1 received");
        }
    }

    private static void ProcNull(ScenarioContext ctx)
    {
        const int Tag = 170;
        var comm = ctx.Comm;
        comm.Send(1, Mpi.ProcNull, Tag);
        comm.Send<int>([1, 2, 3], Mpi.ProcNull, Tag);
        comm.Ssend(1, Mpi.ProcNull, Tag);

        var value = comm.Recv<int>(Mpi.ProcNull, Tag, out var status);
        ctx.Equal(0, value, "a receive from ProcNull leaves the default");
        ctx.Equal(Mpi.ProcNull, status.Source, "Status.Source of a ProcNull receive");
        ctx.Equal(Mpi.AnyTag, status.Tag, "Status.Tag of a ProcNull receive");
        ctx.Equal(0, status.Count<int>(), "Status.Count of a ProcNull receive");

        int[] buffer = [5, 6];
        status = comm.Recv<int>(buffer, Mpi.ProcNull, Mpi.AnyTag);
        ctx.SequenceEqual([5, 6], buffer, "a span receive from ProcNull writes nothing");
        ctx.Equal(Mpi.ProcNull, status.Source, "Status.Source");

        ctx.Equal(0, comm.SendRecv(9, Mpi.ProcNull, Mpi.ProcNull, Tag), "SendRecv with ProcNull both ways");
        var request = comm.Irecv(buffer, Mpi.ProcNull, Tag);
        ctx.Equal(Mpi.ProcNull, request.Wait().Source, "Irecv from ProcNull");

        // A matched probe of ProcNull finds the "no process" message at once; receiving it moves nothing.
        var message = comm.Mprobe(Mpi.ProcNull, Tag, out status);
        ctx.Equal(Mpi.ProcNull, status.Source, "Status.Source of Mprobe(ProcNull)");
        ctx.Equal(Mpi.ProcNull, message.Recv<int>(buffer).Source, "Message.Recv of the ProcNull message");
        ctx.SequenceEqual([5, 6], buffer, "the ProcNull message writes nothing");
        ctx.True(comm.Iprobe(Mpi.ProcNull, Tag, out status) && status.Source == Mpi.ProcNull, "Iprobe(ProcNull) succeeds at once");
    }

    private static void Probe(ScenarioContext ctx)
    {
        const int Tag = 180;
        var comm = ctx.Comm;
        var send = comm.Isend(Enumerable.Range(0, 3 + ctx.Rank).Select(i => (long)i).ToArray(), comm.Next, Tag);
        var status = comm.Probe(comm.Previous, Tag);
        ctx.Equal(comm.Previous, status.Source, "Status.Source of Probe");
        ctx.Equal(Tag, status.Tag, "Status.Tag of Probe");
        ctx.Equal(3 + comm.Previous, status.Count<long>(), "Count<long> before receiving");
        ctx.Equal((3 + comm.Previous) * 8, status.Count<byte>(), "Count<byte> before receiving");

        // Probing again finds the same message; AnySource/AnyTag too.
        ctx.Equal(comm.Previous, comm.Probe(Mpi.AnySource, Mpi.AnyTag).Source, "Probe(AnySource, AnyTag)");
        var data = new long[status.Count<long>()];
        comm.Recv<long>(data, comm.Previous, Tag);
        send.Wait();
        ctx.SequenceEqual(Enumerable.Range(0, 3 + comm.Previous).Select(i => (long)i).ToArray(), data, "the probed message");
    }

    private static void Iprobe(ScenarioContext ctx)
    {
        const int Tag = 190;
        var comm = ctx.Comm;
        // Nothing is ever sent with Tag + 1.
        ctx.True(!comm.Iprobe(Mpi.AnySource, Tag + 1, out _), "Iprobe finds no message on an unused tag");

        var send = comm.Isend(new short[] { 1, 2, (short)ctx.Rank }, comm.Next, Tag);
        Status status;
        while (!comm.Iprobe(comm.Previous, Tag, out status))
        {
            Thread.Yield();
        }

        ctx.Equal(3, status.Count<short>(), "Count<short> from Iprobe");
        ctx.Equal(comm.Previous, status.Source, "Status.Source from Iprobe");
        var data = new short[3];
        comm.Recv<short>(data, comm.Previous, Tag);
        send.Wait();
        ctx.SequenceEqual<short>([1, 2, (short)comm.Previous], data, "the message found by Iprobe");
    }

    private static void Mprobe(ScenarioContext ctx)
    {
        const int Tag = 200;
        var comm = ctx.Comm;
        var send = comm.Isend(Enumerable.Range(ctx.Rank, 5).ToArray(), comm.Next, Tag);
        var message = comm.Mprobe(comm.Previous, Tag, out var status);
        ctx.Equal(5, status.Count<int>(), "Count<int> from Mprobe");
        ctx.Equal(comm.Previous, message.Status.Source, "Message.Status.Source");
        ctx.True(!comm.Iprobe(comm.Previous, Tag, out _), "a matched message is out of the queue");
        var data = new int[status.Count<int>()];
        var received = message.Recv<int>(data);
        send.Wait();
        ctx.SequenceEqual(Enumerable.Range(comm.Previous, 5).ToArray(), data, "Message.Recv(span)");
        ctx.Equal(5, received.Count<int>(), "the status of Message.Recv");

        // A one-value message through Message.Recv<T>().
        send = comm.Isend(3.5 * ctx.Rank, comm.Next, Tag + 1);
        var single = comm.Mprobe(comm.Previous, Tag + 1, out _);
        ctx.Equal(3.5 * comm.Previous, single.Recv<double>(), "Message.Recv<T>()");
        send.Wait();
    }

    private static void Improbe(ScenarioContext ctx)
    {
        const int Tag = 210;
        var comm = ctx.Comm;
        ctx.True(!comm.Improbe(Mpi.AnySource, Tag + 1, out _, out _), "Improbe finds no message on an unused tag");
        var send = comm.Isend(new[] { 'h', 'i', (char)('0' + ctx.Rank) }, comm.Next, Tag);
        Message message;
        Status status;
        while (!comm.Improbe(comm.Previous, Tag, out message, out status))
        {
            Thread.Yield();
        }

        ctx.Equal(3, status.Count<char>(), "Count<char> from Improbe");
        var data = new char[3];
        message.Recv<char>(data);
        send.Wait();
        ctx.Equal($"hi{comm.Previous}", new string(data), "the message found by Improbe");
    }

    private static void RecvArray(ScenarioContext ctx)
    {
        const int Tag = 220;
        var comm = ctx.Comm;
        var length = 10 * ctx.Rank + 7;
        var send = comm.Isend(Enumerable.Range(0, length).Select(i => i * 0.5).ToArray(), comm.Next, Tag);
        var data = comm.RecvArray<double>(comm.Previous, Tag, out var status);
        send.Wait();
        ctx.Equal(10 * comm.Previous + 7, data.Length, "RecvArray's length is the message's");
        ctx.SequenceEqual(Enumerable.Range(0, data.Length).Select(i => i * 0.5).ToArray(), data, "RecvArray's contents");
        ctx.Equal(comm.Previous, status.Source, "Status.Source");

        // With wildcards.
        send = comm.Isend(new byte[ctx.Rank + 1], comm.Next, Tag + 1);
        ctx.Equal(comm.Previous + 1, comm.RecvArray<byte>(Mpi.AnySource, Mpi.AnyTag).Length, "RecvArray(AnySource, AnyTag)");
        send.Wait();
    }

    /// <summary>A message shorter than the buffer: the count says how much arrived, in any element type it divides into.</summary>
    private static void ShortReceiveCount(ScenarioContext ctx)
    {
        const int Tag = 230;
        var comm = ctx.Comm;
        var buffer = Enumerable.Repeat(-1, 10).ToArray();
        var send = comm.Isend(new[] { 1, 2, 3 }, comm.Next, Tag);
        var status = comm.Recv<int>(buffer, comm.Previous, Tag);
        send.Wait();
        ctx.Equal(3, status.Count<int>(), "Count<int> of 3 ints in a 10-int buffer");
        ctx.Equal(12, status.Count<byte>(), "Count<byte>");
        ctx.SequenceEqual([1, 2, 3, -1, -1, -1, -1, -1, -1, -1], buffer, "only the message's elements are written");
        // 12 bytes are not a whole number of longs.
        ctx.ThrowsMpi(MpiErrorClass.Count, () => status.Count<long>(), "Count<long> of 12 bytes");
    }

    /// <summary>
    /// The runner asks for ThreadLevel.Multiple: several threads exchange around the ring at once, each on its
    /// own tag, through blocking and nonblocking calls (the request pool is shared between them).
    /// </summary>
    private static void ConcurrentThreads(ScenarioContext ctx)
    {
        const int Tag = 240, Threads = 4, Rounds = 50;
        var comm = ctx.Comm;
        var errors = new string?[Threads];
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                for (var i = 0; i < Rounds; i++)
                {
                    var value = ctx.Rank * 1_000_000 + t * 1000 + i;
                    var receive = comm.Irecv<int>(comm.Previous, Tag + t);
                    var send = comm.Isend(new[] { value }, comm.Next, Tag + t);
                    var got = receive.Wait();
                    send.Wait();
                    var viaSendRecv = comm.SendRecv(value, comm.Next, comm.Previous, Tag + Threads + t);
                    var expected = comm.Previous * 1_000_000 + t * 1000 + i;
                    if (got != expected || viaSendRecv != expected)
                    {
                        errors[t] = $"thread {t} round {i}: expected {expected}, got {got} and {viaSendRecv}";
                        return;
                    }
                }
            }
            catch (Exception e)
            {
                errors[t] = $"thread {t}: {e}";
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        ctx.Equal(null, errors.FirstOrDefault(e => e is not null), "errors in the threads");
    }

    /// <summary>Sends <paramref name="data"/> to Next and receives Previous's with RecvArray.</summary>
    private static T[] RecvArrayAfterIsend<T>(Communicator comm, T[] data, int tag) where T : unmanaged
    {
        var send = comm.Isend(data, comm.Next, tag);
        var received = comm.RecvArray<T>(comm.Previous, tag);
        send.Wait();
        return received;
    }

    private static byte Pattern(int i) => unchecked((byte)(i ^ (i >> 8) ^ (i >> 17)));

    private static ulong Checksum(ReadOnlySpan<byte> data)
    {
        // Fletcher-style: position-sensitive, so a shifted or reordered block changes it.
        ulong a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 4294967291UL;
            b = (b + a) % 4294967291UL;
        }

        return (b << 32) | a;
    }
}
