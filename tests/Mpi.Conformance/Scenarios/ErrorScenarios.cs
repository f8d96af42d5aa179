namespace TypedMpi.Conformance.Scenarios;

/// <summary>
/// Errors are exceptions on the rank that made the call and the job stays alive. Every rank takes the same
/// path, so no peer is left waiting for a message or a collective that failed elsewhere; after each error an
/// Allreduce shows every rank is still there.
/// </summary>
public static class ErrorScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("err.truncate", Truncate),
        new("err.invalid-rank", InvalidRank),
        new("err.invalid-tag", InvalidTag),
        new("err.invalid-root", InvalidRoot),
        new("err.buffer-too-small", BufferTooSmall),
        new("err.alltoall-length", AlltoallLength, MinRanks: 2),
        new("err.bad-layout", BadLayout),
        new("err.op-not-defined-for-type", OpNotDefinedForType),
        new("err.half-bitwise", HalfBitwise),
        new("err.type-without-datatype", TypeWithoutDatatype),
        new("err.default-op", DefaultOp),
        new("err.value-taken-twice", ValueTakenTwice),
        new("err.refused-start-keeps-pool", RefusedStartKeepsPool),
    ];

    /// <summary>A struct MPI knows nothing about.</summary>
    private record struct Plain(int A, double B);

    /// <summary>Every rank sends 10 ints to Next and receives into a 5-int buffer from Previous.</summary>
    private static void Truncate(ScenarioContext ctx)
    {
        const int Tag = 600;
        var comm = ctx.Comm;
        var send = comm.Isend(Enumerable.Range(0, 10).ToArray(), comm.Next, Tag);
        var buffer = new int[5];
        var e = ctx.ThrowsMpi(MpiErrorClass.Truncate, () => comm.Recv<int>(buffer, comm.Previous, Tag), "receiving 10 ints into 5");
        send.Wait(); // the send completed normally: the message was matched, only the receiver saw the error
        var worldRank = ctx.Mpi.World.Rank;
        ctx.Equal("MPI_Recv", e.Function, "MpiException.Function");
        ctx.Equal(worldRank, e.Rank, "MpiException.Rank");
        ctx.True(e.Message.Contains("MPI_Recv", StringComparison.Ordinal), $"the message names the function: {e.Message}");
        ctx.True(e.Message.Contains($"rank {worldRank}", StringComparison.Ordinal), $"the message names the rank: {e.Message}");
        ctx.True(e.Advice is { Length: > 0 } && e.Message.Contains(e.Advice, StringComparison.Ordinal), "the message says what to do");
        ctx.True(e.LibraryMessage is { Length: > 0 }, "the library's own description");
        ctx.True(e.ErrorCode != 0, "the library's error code");
        ctx.AllAlive("a truncated receive");

        // The same through a nonblocking receive: the error comes out of Wait.
        send = comm.Isend(Enumerable.Range(0, 10).ToArray(), comm.Next, Tag + 1);
        var receive = comm.Irecv(buffer, comm.Previous, Tag + 1);
        ctx.ThrowsMpi(MpiErrorClass.Truncate, () => receive.Wait(), "a truncated Irecv");
        send.Wait();
        ctx.True(!receive.IsPending, "the failed request is completed");
        ctx.AllAlive("a truncated nonblocking receive");

        // A message survives the probe that sized the buffer too small: Mprobe then receive properly.
        send = comm.Isend(Enumerable.Range(0, 10).ToArray(), comm.Next, Tag + 2);
        ctx.SequenceEqual(Enumerable.Range(0, 10).ToArray(), comm.RecvArray<int>(comm.Previous, Tag + 2), "RecvArray sizes the buffer");
        send.Wait();
    }

    private static void InvalidRank(ScenarioContext ctx)
    {
        const int Tag = 610;
        var comm = ctx.Comm;
        var pending = RequestPool.PendingCount;
        var e = ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Send(1, ctx.Size, Tag), "Send to rank Size");
        ctx.True(e.Message.Contains("MPI_Send", StringComparison.Ordinal), $"the message names MPI_Send: {e.Message}");
        ctx.AllAlive("a send to rank Size");

        // A negative rank that is no sentinel is rejected before MPI sees it.
        e = ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Send(1, -7, Tag), "Send to rank -7");
        ctx.True(e.Message.Contains("-7", StringComparison.Ordinal), $"the message names the rank: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Recv<int>(-7, Tag), "Recv from rank -7");
        ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Isend(1, -7, Tag), "Isend to rank -7");
        ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Recv<int>(ctx.Size + 3, Tag), "Recv from rank Size + 3");
        ctx.ThrowsMpi(MpiErrorClass.Rank, () => comm.Send(1, Mpi.AnySource, Tag), "Send to AnySource");
        ctx.Equal(pending, RequestPool.PendingCount, "no request left pending by a failed start");
        ctx.AllAlive("invalid ranks");
    }

    private static void InvalidTag(ScenarioContext ctx)
    {
        const int Tag = 620;
        var comm = ctx.Comm;
        var e = ctx.ThrowsMpi(MpiErrorClass.Tag, () => comm.Send(1, comm.Next, -5), "Send with tag -5");
        ctx.True(e.Message.Contains("-5", StringComparison.Ordinal), $"the message names the tag: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Tag, () => comm.Recv<int>(comm.Previous, -5), "Recv with tag -5");
        ctx.ThrowsMpi(MpiErrorClass.Tag, () => comm.Irecv<int>(comm.Previous, -5), "Irecv with tag -5");
        // AnyTag is a receive-only wildcard.
        ctx.ThrowsMpi(MpiErrorClass.Tag, () => comm.Send(1, comm.Next, Mpi.AnyTag), "Send with AnyTag");
        ctx.AllAlive("invalid tags");

        // The valid range still works.
        var send = comm.Isend(1, comm.Next, Tag);
        ctx.Equal(1, comm.Recv<int>(comm.Previous, Tag), "a valid tag after the errors");
        send.Wait();
    }

    /// <summary>Every rank passes the same invalid root, so every rank throws before the collective starts.</summary>
    private static void InvalidRoot(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var e = ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Bcast(1, ctx.Size), "Bcast with root Size");
        ctx.True(e.Message.Contains($"Root {ctx.Size}", StringComparison.Ordinal), $"the message names the root: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Bcast(1, -1), "Bcast with root -1");
        ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Bcast(new int[3], ctx.Size + 1), "Bcast(span) with root Size + 1");
        ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Reduce(1, MpiOp.Sum, ctx.Size), "Reduce with root Size");
        ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Gather(1, -2), "Gather with root -2");
        ctx.ThrowsMpi(MpiErrorClass.Root, () => comm.Ibcast(new int[1], ctx.Size), "Ibcast with root Size");
        ctx.AllAlive("invalid roots");
    }

    /// <summary>Buffers too small for what a collective delivers are refused on the calling rank, before any MPI call.</summary>
    private static void BufferTooSmall(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var n = ctx.Size;
        // Only the root can see its receive buffer is too small; the other ranks do not join the failed Gather.
        if (ctx.Rank == 0)
        {
            var e = ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Gather<int>(new int[2], new int[2 * n - 1], root: 0), "Gather into too small a buffer at the root");
            ctx.True(e.Message.Contains($"{2 * n}", StringComparison.Ordinal), $"the message says how much room is needed: {e.Message}");
            ctx.True(e.Function is null, "no MPI function was called");
            ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Reduce<int>(new int[3], new int[2], MpiOp.Sum, root: 0), "Reduce into too small a buffer at the root");
            ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Igather(new int[1], new int[n - 1], root: 0), "Igather into too small a buffer");
        }

        ctx.AllAlive("a refused Gather at the root");
        ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Allgather<int>(new int[3], new int[3 * n - 1]), "Allgather into too small a buffer");
        ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Allreduce<int>(new int[3], new int[2], MpiOp.Sum), "Allreduce into too small a buffer");
        ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Alltoall<int>(new int[2 * n], new int[2 * n - 1]), "Alltoall into too small a buffer");
        ctx.ThrowsMpi(MpiErrorClass.Buffer, () => comm.Iallgather(new int[1], new int[n - 1]), "Iallgather into too small a buffer");
        ctx.AllAlive("refused collectives");
    }

    private static void AlltoallLength(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var e = ctx.ThrowsMpi(MpiErrorClass.Arg, () => ctx.Comm.Alltoall<int>(new int[2 * n + 1], new int[2 * n + 1]), "Alltoall of a length not divisible by Size");
        ctx.True(e.Message.Contains($"{2 * n + 1}", StringComparison.Ordinal), $"the message gives the length: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => ctx.Comm.Ialltoall(new int[n + 1], new int[n + 1]), "Ialltoall of a length not divisible by Size");
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => ctx.Comm.Allgather<int>(new int[n + 1]), "in-place Allgather of a length not divisible by Size");
        ctx.AllAlive("a refused Alltoall");
    }

    /// <summary>Counts and displacements that do not fit the buffers, caught on every rank.</summary>
    private static void BadLayout(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var n = ctx.Size;
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => comm.ReduceScatterBlock<int>(new int[3 * n + 1], new int[3], MpiOp.Sum), "ReduceScatterBlock with a send length ≠ Size × block");
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => comm.Allgatherv<int>(new int[1], new int[n], Enumerable.Repeat(1, n + 1).ToArray()), "Allgatherv with Size + 1 counts");
        var counts = Enumerable.Repeat(2, n).ToArray();
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => comm.Allgatherv<int>(new int[2], new int[2 * n - 1], counts), "Allgatherv blocks past the end of the buffer");
        var displacements = Enumerable.Repeat(-1, n).ToArray();
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => comm.Allgatherv<int>(new int[2], new int[2 * n], counts, displacements), "Allgatherv with negative displacements");
        ctx.ThrowsMpi(MpiErrorClass.Arg, () => comm.Split(-5), "Split with a negative color");
        ctx.AllAlive("refused layouts");
    }

    /// <summary>The library refuses an op it cannot apply to the type; every rank gets the error from its own argument check.</summary>
    private static void OpNotDefinedForType(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var e = ctx.ThrowsMpi(MpiErrorClass.Op, () => comm.Allreduce(true, MpiOp.Sum), "Allreduce(bool, Sum)");
        ctx.Equal("MPI_Allreduce", e.Function, "MpiException.Function");
        ctx.AllAlive("Sum on bool");

        var minLoc = ctx.Throws<MpiException>(() => comm.Allreduce(1, MpiOp.MinLoc), "Allreduce(int, MinLoc)");
        ctx.True(minLoc.ErrorClass is MpiErrorClass.Op or MpiErrorClass.Type, $"MinLoc on int: Op or Type, got {minLoc.ErrorClass}");
        ctx.AllAlive("MinLoc on int");

        ctx.ThrowsMpi(MpiErrorClass.Op, () => comm.Allreduce(1.5, MpiOp.BitwiseAnd), "Allreduce(double, BitwiseAnd)");
        ctx.AllAlive("BitwiseAnd on double");
    }

    private static void HalfBitwise(ScenarioContext ctx)
    {
        var e = ctx.ThrowsMpi(MpiErrorClass.Op, () => ctx.Comm.Allreduce((Half)1, MpiOp.BitwiseAnd), "Allreduce(Half, BitwiseAnd)");
        ctx.True(e.Message.Contains("Half", StringComparison.Ordinal), $"the message names the type: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Op, () => ctx.Comm.Allreduce((Half)1, MpiOp.MaxLoc), "Allreduce(Half, MaxLoc)");
        ctx.AllAlive("bitwise on Half");
        ctx.Equal((Half)ctx.Size, ctx.Comm.Allreduce((Half)1, MpiOp.Sum), "Half Sum still works");
    }

    private static void TypeWithoutDatatype(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var pending = RequestPool.PendingCount;
        var e = ctx.ThrowsMpi(MpiErrorClass.Type, () => comm.Send(new Plain(1, 2.5), comm.Next, 630), "Send of a struct MPI does not know");
        ctx.True(e.Message.Contains(nameof(Plain), StringComparison.Ordinal), $"the message names the type: {e.Message}");
        ctx.ThrowsMpi(MpiErrorClass.Type, () => comm.Allreduce(new Plain(), MpiOp.Sum), "Allreduce of the struct");
        ctx.ThrowsMpi(MpiErrorClass.Type, () => comm.Bcast(new Plain[2], root: 0), "Bcast of the struct");
        ctx.ThrowsMpi(MpiErrorClass.Type, () => comm.Isend(new Plain[2], comm.Next, 630), "Isend of the struct");
        ctx.ThrowsMpi(MpiErrorClass.Type, () => comm.Irecv<Plain>(comm.Previous, 630), "Irecv of the struct");
        ctx.Equal(pending, RequestPool.PendingCount, "no request left pending by a refused start");
        ctx.AllAlive("a type without an MPI datatype");
    }

    private static void DefaultOp(ScenarioContext ctx)
    {
        var pending = RequestPool.PendingCount;
        var e = ctx.Throws<MpiException>(() => ctx.Comm.Allreduce(1, default(MpiOp)), "Allreduce with default(MpiOp)");
        ctx.Equal(MpiErrorClass.Op, e.ErrorClass, "ErrorClass of default(MpiOp)");
        ctx.Throws<MpiException>(() => ctx.Comm.Reduce<double>(new double[1], new double[1], default, root: 0), "Reduce with default(MpiOp)");
        ctx.Throws<MpiException>(() => ctx.Comm.Iallreduce(1, default(MpiOp)), "Iallreduce with default(MpiOp)");
        ctx.Equal(pending, RequestPool.PendingCount, "no request left pending by a refused start");
        ctx.AllAlive("default(MpiOp)");
    }

    /// <summary>
    /// A nonblocking call refused for its arguments (rank, tag, type, op) starts nothing: no request slot is
    /// taken from the pool and no buffer stays pinned.
    /// </summary>
    private static void RefusedStartKeepsPool(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var data = new int[4];
        var rented = RequestPool.RentedCount;
        ctx.Throws<MpiException>(() => comm.Isend(data, -7, 650), "Isend(array) to rank -7");
        ctx.Throws<MpiException>(() => comm.Isend(data, comm.Next, -5), "Isend(array) with tag -5");
        ctx.Throws<MpiException>(() => comm.Isend(1, -7, 650), "Isend(value) to rank -7");
        ctx.Throws<MpiException>(() => comm.Issend(data, comm.Next, -5), "Issend(array) with tag -5");
        ctx.Throws<MpiException>(() => comm.Irecv(data, -7, 650), "Irecv(array) from rank -7");
        ctx.Throws<MpiException>(() => comm.Irecv<int>(comm.Previous, -5), "Irecv<int> with tag -5");
        ctx.Throws<MpiException>(() => comm.Isend(new Plain[1], comm.Next, 650), "Isend of a type without a datatype");
        ctx.Throws<MpiException>(() => comm.Irecv<Plain>(comm.Previous, 650), "Irecv of a type without a datatype");
        ctx.Throws<MpiException>(() => comm.Iallreduce(1, default(MpiOp)), "Iallreduce(value) with default(MpiOp)");
        ctx.Throws<MpiException>(() => comm.Iallreduce(data, new int[4], default), "Iallreduce(arrays) with default(MpiOp)");
        ctx.Throws<MpiException>(() => comm.Iallreduce(new Half[1], new Half[1], MpiOp.BitwiseOr), "Iallreduce(Half, BitwiseOr)");
        ctx.Throws<MpiException>(() => comm.Ireduce(data, new int[4], default, root: 0), "Ireduce with default(MpiOp)");
        ctx.Throws<MpiException>(() => comm.Ibcast(new Plain[1], root: 0), "Ibcast of a type without a datatype");
        ctx.Throws<MpiException>(() => comm.Iallgather(new Plain[1], new Plain[ctx.Size]), "Iallgather of a type without a datatype");
        ctx.Throws<MpiException>(() => comm.Ialltoall(new Plain[ctx.Size], new Plain[ctx.Size]), "Ialltoall of a type without a datatype");
        ctx.Equal(rented, RequestPool.RentedCount, "request slots out of the pool after refused starts");
        ctx.AllAlive("refused nonblocking starts");
    }

    /// <summary>A ValueRequest gives its value once; asking again is a clear error, not garbage.</summary>
    private static void ValueTakenTwice(ScenarioContext ctx)
    {
        const int Tag = 640;
        var comm = ctx.Comm;
        var value = comm.Irecv<int>(comm.Previous, Tag);
        comm.Isend(5, comm.Next, Tag).Wait();
        ctx.Equal(5, value.Wait(), "the first Wait");
        var e = ctx.Throws<InvalidOperationException>(() => value.Wait(), "a second Wait");
        ctx.True(e.Message.Contains("already taken", StringComparison.Ordinal), $"the message explains: {e.Message}");
        ctx.Throws<InvalidOperationException>(() => value.Test(out _), "Test after the value was taken");
        ctx.AllAlive("a value taken twice");
    }
}
