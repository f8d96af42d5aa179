namespace TypedMpi;

/// <summary>
/// Nonblocking collectives. As with nonblocking point-to-point, buffers are <see cref="Memory{T}"/> or arrays,
/// pinned by the request until it completes.
/// </summary>
public partial class Communicator
{
    /// <summary>Starts a barrier (<c>MPI_Ibarrier</c>): the request completes once every rank has entered it.</summary>
    public unsafe Request Ibarrier()
    {
        var slot = StartRequest(RequestKind.Ibarrier, Mpi.ProcNull, 0);
        nint request = 0;
        var rc = Native.Ibarrier(Handle, &request);
        return Started(slot, request, rc, "MPI_Ibarrier");
    }

    /// <summary>Starts a broadcast of the root's <paramref name="buffer"/> (<c>MPI_Ibcast</c>).</summary>
    public unsafe Request Ibcast<T>(Memory<T> buffer, int root) where T : unmanaged
    {
        var type = Native.Datatype<T>(); // refused before a slot is taken or anything pinned
        var slot = StartRequest(RequestKind.Ibcast, RootOf(root), 0);
        var firstBuffer = slot.First.Pin<T>(buffer);
        nint request = 0;
        var rc = Native.Ibcast(firstBuffer, buffer.Length, type, root, Handle, &request);
        return Started(slot, request, rc, "MPI_Ibcast");
    }

    /// <summary>Starts a broadcast of an array (<c>MPI_Ibcast</c>).</summary>
    public Request Ibcast<T>(T[] buffer, int root) where T : unmanaged => Ibcast((Memory<T>)buffer, root);

    /// <summary>Starts an element-wise reduction to the root (<c>MPI_Ireduce</c>).</summary>
    public unsafe Request Ireduce<T>(ReadOnlyMemory<T> send, Memory<T> receive, MpiOp op, int root) where T : unmanaged
    {
        if (Rank == RootOf(root) && receive.Length < send.Length)
        {
            ThrowBufferTooSmall("The receive buffer of Ireduce at the root", send.Length, receive.Length);
        }

        var (type, nativeOp) = (Native.ReductionType<T>(op), Native.Op<T>(op));
        var slot = StartRequest(RequestKind.Ireduce, root, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Ireduce(firstBuffer, secondBuffer, send.Length, type, nativeOp, root, Handle, &request);
        return Started(slot, request, rc, "MPI_Ireduce");
    }

    /// <summary>Starts an element-wise reduction to the root over arrays (<c>MPI_Ireduce</c>).</summary>
    public Request Ireduce<T>(T[] send, T[] receive, MpiOp op, int root) where T : unmanaged =>
        Ireduce((ReadOnlyMemory<T>)send, (Memory<T>)receive, op, root);

    /// <summary>Starts reducing one value across all ranks (<c>MPI_Iallreduce</c>); <see cref="ValueRequest{T}.Wait()"/> returns the result.</summary>
    public unsafe ValueRequest<T> Iallreduce<T>(T value, MpiOp op) where T : unmanaged
    {
        var (type, nativeOp) = (Native.ReductionType<T>(op), Native.Op<T>(op));
        var slot = StartRequest(RequestKind.Iallreduce, Mpi.ProcNull, 0);
        slot.ReturnsValue = true;
        // The request's own storage holds the contribution and, right after it, the result.
        var storage = (T*)slot.InlineStorage(2 * sizeof(T));
        storage[0] = value;
        nint request = 0;
        var rc = Native.Iallreduce(storage, storage + 1, 1, type, nativeOp, Handle, &request);
        Started(slot, request, rc, "MPI_Iallreduce");
        return new ValueRequest<T>(slot, resultOffset: sizeof(T));
    }

    /// <summary>Starts an element-wise reduction on every rank (<c>MPI_Iallreduce</c>).</summary>
    public unsafe Request Iallreduce<T>(ReadOnlyMemory<T> send, Memory<T> receive, MpiOp op) where T : unmanaged
    {
        if (receive.Length < send.Length)
        {
            ThrowBufferTooSmall("The receive buffer of Iallreduce", send.Length, receive.Length);
        }

        var (type, nativeOp) = (Native.ReductionType<T>(op), Native.Op<T>(op));
        var slot = StartRequest(RequestKind.Iallreduce, Mpi.ProcNull, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Iallreduce(firstBuffer, secondBuffer, send.Length, type, nativeOp, Handle, &request);
        return Started(slot, request, rc, "MPI_Iallreduce");
    }

    /// <summary>Starts an element-wise reduction on every rank over arrays (<c>MPI_Iallreduce</c>).</summary>
    public Request Iallreduce<T>(T[] send, T[] receive, MpiOp op) where T : unmanaged =>
        Iallreduce((ReadOnlyMemory<T>)send, (Memory<T>)receive, op);

    /// <summary>Starts an allgather (<c>MPI_Iallgather</c>).</summary>
    public unsafe Request Iallgather<T>(ReadOnlyMemory<T> send, Memory<T> receive) where T : unmanaged
    {
        if (receive.Length < send.Length * Size)
        {
            ThrowBufferTooSmall("The receive buffer of Iallgather", send.Length * Size, receive.Length);
        }

        var type = Native.Datatype<T>();
        var slot = StartRequest(RequestKind.Iallgather, Mpi.ProcNull, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Iallgather(firstBuffer, send.Length, type, secondBuffer, send.Length, type, Handle, &request);
        return Started(slot, request, rc, "MPI_Iallgather");
    }

    /// <summary>Starts an allgather over arrays (<c>MPI_Iallgather</c>).</summary>
    public Request Iallgather<T>(T[] send, T[] receive) where T : unmanaged => Iallgather((ReadOnlyMemory<T>)send, (Memory<T>)receive);

    /// <summary>Starts a gather to the root (<c>MPI_Igather</c>).</summary>
    public unsafe Request Igather<T>(ReadOnlyMemory<T> send, Memory<T> receive, int root) where T : unmanaged
    {
        if (Rank == RootOf(root) && receive.Length < send.Length * Size)
        {
            ThrowBufferTooSmall("The receive buffer of Igather at the root", send.Length * Size, receive.Length);
        }

        var type = Native.Datatype<T>();
        var slot = StartRequest(RequestKind.Igather, root, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Igather(firstBuffer, send.Length, type, secondBuffer, send.Length, type, root, Handle, &request);
        return Started(slot, request, rc, "MPI_Igather");
    }

    /// <summary>Starts a gather to the root over arrays (<c>MPI_Igather</c>).</summary>
    public Request Igather<T>(T[] send, T[] receive, int root) where T : unmanaged => Igather((ReadOnlyMemory<T>)send, (Memory<T>)receive, root);

    /// <summary>Starts a scatter from the root (<c>MPI_Iscatter</c>): rank r gets block r of <c>receive.Length</c> elements.</summary>
    public unsafe Request Iscatter<T>(ReadOnlyMemory<T> send, Memory<T> receive, int root) where T : unmanaged
    {
        if (Rank == RootOf(root) && send.Length < receive.Length * Size)
        {
            ThrowBadArgument($"Iscatter at the root needs Size × block = {receive.Length * Size} elements to send, got {send.Length}");
        }

        var type = Native.Datatype<T>();
        var slot = StartRequest(RequestKind.Iscatter, root, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Iscatter(firstBuffer, receive.Length, type, secondBuffer, receive.Length, type, root, Handle, &request);
        return Started(slot, request, rc, "MPI_Iscatter");
    }

    /// <summary>Starts a scatter from the root over arrays (<c>MPI_Iscatter</c>).</summary>
    public Request Iscatter<T>(T[] send, T[] receive, int root) where T : unmanaged => Iscatter((ReadOnlyMemory<T>)send, (Memory<T>)receive, root);

    /// <summary>Starts an all-to-all exchange (<c>MPI_Ialltoall</c>).</summary>
    public unsafe Request Ialltoall<T>(ReadOnlyMemory<T> send, Memory<T> receive) where T : unmanaged
    {
        if (send.Length % Size != 0)
        {
            ThrowBadArgument($"Ialltoall needs Size × block elements to send; {send.Length} is not a multiple of {Size}");
        }

        if (receive.Length < send.Length)
        {
            ThrowBufferTooSmall("The receive buffer of Ialltoall", send.Length, receive.Length);
        }

        var type = Native.Datatype<T>();
        var slot = StartRequest(RequestKind.Ialltoall, Mpi.ProcNull, 0);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        var block = send.Length / Size;
        nint request = 0;
        var rc = Native.Ialltoall(firstBuffer, block, type, secondBuffer, block, type, Handle, &request);
        return Started(slot, request, rc, "MPI_Ialltoall");
    }

    /// <summary>Starts an all-to-all exchange over arrays (<c>MPI_Ialltoall</c>).</summary>
    public Request Ialltoall<T>(T[] send, T[] receive) where T : unmanaged => Ialltoall((ReadOnlyMemory<T>)send, (Memory<T>)receive);
}
