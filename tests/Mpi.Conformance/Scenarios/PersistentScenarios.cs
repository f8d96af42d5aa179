using CommunityToolkit.HighPerformance;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>Persistent requests (MPI_Send_init, MPI_Recv_init, MPI_Start, MPI_Startall): set up once, started many times.</summary>
public static class PersistentScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("persistent.ring", Ring),
        new("persistent.startall-waitall", StartAllWaitAll),
        new("persistent.test-loop", TestLoop),
        new("persistent.misuse", Misuse),
        new("persistent.proc-null", ProcNull),
        new("persistent.zero-alloc", ZeroAlloc),
        new("persistent.strided-columns", StridedColumns),
    ];

    /// <summary>Twenty rounds round the ring through the same two requests; each start sends the buffer's contents of that moment.</summary>
    private static void Ring(ScenarioContext ctx)
    {
        const int Tag = 700;
        var comm = ctx.Comm;
        var send = new int[4];
        var receive = new int[4];
        using var sending = comm.SendInit(send, comm.Next, Tag);
        using var receiving = comm.RecvInit(receive, comm.Previous, Tag);
        for (var round = 0; round < 20; round++)
        {
            Fill(send, ctx.Rank, round);
            receiving.Start();
            sending.Start();
            var status = receiving.Wait();
            sending.Wait();
            ctx.SequenceEqual(Expected(comm.Previous, round, 4), receive, $"round {round}");
            ctx.Equal(comm.Previous, status.Source, $"round {round}: Status.Source");
            ctx.Equal(Tag, status.Tag, $"round {round}: Status.Tag");
            ctx.Equal(4, status.Count<int>(), $"round {round}: Status.Count<int>");
            ctx.True(!receiving.IsActive && !sending.IsActive, $"round {round}: both inactive after Wait");
        }
    }

    private static void StartAllWaitAll(ScenarioContext ctx)
    {
        const int Tag = 710;
        var comm = ctx.Comm;
        var send = new double[3];
        var fromPrevious = new double[3];
        var fromNext = new double[3];
        PersistentRequest[] exchange =
        [
            comm.RecvInit(fromPrevious, comm.Previous, Tag),
            comm.RecvInit(fromNext.AsMemory(), comm.Next, Tag + 1),
            comm.SendInit(send, comm.Next, Tag),
            comm.SendInit(send.AsMemory(), comm.Previous, Tag + 1),
        ];
        try
        {
            for (var round = 0; round < 10; round++)
            {
                send[0] = ctx.Rank;
                send[1] = round;
                send[2] = ctx.Rank * 100 + round;
                PersistentRequest.StartAll(exchange);
                ctx.True(exchange.All(request => request.IsActive), $"round {round}: StartAll starts every request");
                PersistentRequest.WaitAll(exchange);
                ctx.SequenceEqual([comm.Previous, round, comm.Previous * 100 + round], fromPrevious, $"round {round}: from Previous");
                ctx.SequenceEqual([comm.Next, round, comm.Next * 100 + round], fromNext, $"round {round}: from Next");
                ctx.True(exchange.All(request => !request.IsActive), $"round {round}: WaitAll completes every request");
            }

            PersistentRequest.WaitAll(exchange); // all inactive: returns at once
        }
        finally
        {
            foreach (var request in exchange)
            {
                request.Dispose();
            }
        }
    }

    private static void TestLoop(ScenarioContext ctx)
    {
        const int Tag = 720;
        var comm = ctx.Comm;
        var send = new long[1];
        var receive = new long[1];
        using var sending = comm.SendInit(send, comm.Next, Tag);
        using var receiving = comm.RecvInit(receive, comm.Previous, Tag);
        for (var round = 0; round < 5; round++)
        {
            send[0] = ctx.Rank * 10L + round;
            receiving.Start();
            sending.Start();
            Status status;
            while (!receiving.Test(out status))
            {
                Thread.Yield();
            }

            while (!sending.Test())
            {
                Thread.Yield();
            }

            ctx.Equal(comm.Previous * 10L + round, receive[0], $"round {round}: the value");
            ctx.Equal(comm.Previous, status.Source, $"round {round}: Status.Source from Test");
            ctx.True(receiving.Test() && receiving.Wait().Count<long>() == 0, $"round {round}: an inactive request tests true and waits at once");
        }
    }

    /// <summary>Starting an active request or a disposed one is a clear error, and the requests still work afterwards.</summary>
    private static void Misuse(ScenarioContext ctx)
    {
        const int Tag = 730;
        var comm = ctx.Comm;
        var send = new[] { ctx.Rank };
        var receive = new int[1];
        var sending = comm.SendInit(send, comm.Next, Tag);
        using var receiving = comm.RecvInit(receive, comm.Previous, Tag);
        receiving.Start();
        var twice = ctx.Throws<InvalidOperationException>(receiving.Start, "starting an active request");
        ctx.True(twice.Message.Contains($"RecvInit(source: {comm.Previous}, tag: {Tag})", StringComparison.Ordinal)
                 && twice.Message.Contains("still active", StringComparison.Ordinal)
                 && twice.Message.Contains($"rank {ctx.Mpi.World.Rank}", StringComparison.Ordinal), $"the message names the request and the rank: {twice.Message}");
        sending.Start();
        receiving.Wait();
        sending.Dispose(); // completes the send first
        ctx.Equal(comm.Previous, receive[0], "the exchange after the refused start");
        ctx.Throws<ObjectDisposedException>(sending.Start, "starting a disposed request");
        sending.Dispose(); // twice is harmless
        ctx.Equal("PersistentRequest(RecvInit(source: " + comm.Previous + ", tag: " + Tag + "))", receiving.ToString(), "ToString");
        ctx.AllAlive("refused starts");
    }

    private static void ProcNull(ScenarioContext ctx)
    {
        var buffer = new[] { 5, 6 };
        using var sending = ctx.Comm.SendInit(buffer, Mpi.ProcNull, 740);
        using var receiving = ctx.Comm.RecvInit(buffer, Mpi.ProcNull, 740);
        PersistentRequest.StartAll(sending, receiving);
        PersistentRequest.WaitAll(sending, receiving);
        receiving.Start();
        var status = receiving.Wait();
        // MPI says MPI_PROC_NULL; MPICH 4.0 reports the empty status of an inactive request (MPI_ANY_SOURCE) for persistent receives.
        ctx.True(status.Source is Mpi.ProcNull or Mpi.AnySource, $"Status.Source of a receive from ProcNull: {status.Source}");
        ctx.Equal(0, status.Count<int>(), "nothing received from ProcNull");
        ctx.SequenceEqual([5, 6], buffer, "the buffer is untouched");
    }

    /// <summary>A loop of persistent exchanges allocates nothing: no pin and no pooled request per start.</summary>
    private static void ZeroAlloc(ScenarioContext ctx)
    {
        const int Tag = 750;
        var comm = ctx.Comm;
        var send = new double[16];
        var receive = new double[16];
        using var sending = comm.SendInit(send, comm.Next, Tag);
        using var receiving = comm.RecvInit(receive, comm.Previous, Tag);
        Exchange(receiving, sending, 10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exchange(receiving, sending, 1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ctx.Equal(0L, allocated, "bytes allocated by 1000 persistent exchanges");
    }

    private static void Exchange(PersistentRequest receiving, PersistentRequest sending, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            receiving.Start();
            sending.Start();
            receiving.Wait();
            sending.Wait();
        }
    }

    /// <summary>A column of a matrix (a vector datatype) sent into a column of another, through persistent requests set up once.</summary>
    private static void StridedColumns(ScenarioContext ctx)
    {
        const int Tag = 760, Rows = 5, Columns = 4;
        var comm = ctx.Comm;
        var mine = new double[Rows, Columns];
        var received = new double[Rows, Columns];
        using var send = comm.SendInit(new Memory2D<double>(mine).Slice(0, 2, Rows, 1), comm.Next, Tag);
        using var receive = comm.RecvInit(new Memory2D<double>(received).Slice(0, 3, Rows, 1), comm.Previous, Tag);
        for (var round = 0; round < 3; round++)
        {
            for (var r = 0; r < Rows; r++)
            {
                for (var c = 0; c < Columns; c++)
                {
                    mine[r, c] = ctx.Rank * 1000 + round * 100 + r * 10 + c;
                }
            }

            PersistentRequest.StartAll(receive, send);
            PersistentRequest.WaitAll(receive, send);
            for (var r = 0; r < Rows; r++)
            {
                ctx.Equal(comm.Previous * 1000 + round * 100 + r * 10 + 2.0, received[r, 3], $"round {round}, row {r} of the received column");
                ctx.Equal(0.0, received[r, 2], $"round {round}, row {r} next to it is untouched");
            }
        }
    }

    private static void Fill(int[] buffer, int rank, int round)
    {
        for (var j = 0; j < buffer.Length; j++)
        {
            buffer[j] = rank * 1000 + round * 10 + j;
        }
    }

    private static int[] Expected(int rank, int round, int length)
    {
        var expected = new int[length];
        Fill(expected, rank, round);
        return expected;
    }
}
