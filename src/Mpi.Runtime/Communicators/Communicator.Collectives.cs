using TypedMpi.Abi;

namespace TypedMpi;

/// <summary>
/// Blocking collectives. Every rank of the communicator must call the same collective with matching
/// arguments; buffer sizes are checked on the calling rank before MPI sees them, so a buffer too small for
/// what the collective delivers is an exception, never a memory overwrite.
/// </summary>
public partial class Communicator
{
    /// <summary>Blocks until every rank has reached the barrier (<c>MPI_Barrier</c>).</summary>
    public void Barrier() => Check(Native.Barrier(Handle), "MPI_Barrier");

    /// <summary>Returns the root's <paramref name="value"/> on every rank (<c>MPI_Bcast</c>).</summary>
    public unsafe T Bcast<T>(T value, int root) where T : unmanaged
    {
        Check(Native.Bcast(&value, 1, Native.Datatype<T>(), RootOf(root), Handle), "MPI_Bcast");
        return value;
    }

    /// <summary>Overwrites <paramref name="buffer"/> on every rank with the root's contents (<c>MPI_Bcast</c>).</summary>
    public unsafe void Bcast<T>(Span<T> buffer, int root) where T : unmanaged
    {
        fixed (T* data = buffer)
        {
            Check(Native.Bcast(data, buffer.Length, Native.Datatype<T>(), RootOf(root), Handle), "MPI_Bcast");
        }
    }

    /// <summary>Combines every rank's value with <paramref name="op"/>; the result on the root, default elsewhere (<c>MPI_Reduce</c>).</summary>
    public unsafe T Reduce<T>(T value, MpiOp op, int root) where T : unmanaged
    {
        T result = default;
        Check(Native.Reduce(&value, &result, 1, Native.ReductionType<T>(op), Native.Op<T>(op), RootOf(root), Handle), "MPI_Reduce");
        return result;
    }

    /// <summary>Element-wise reduction of <paramref name="send"/> into <paramref name="receive"/> on the root (<c>MPI_Reduce</c>).</summary>
    /// <param name="send">This rank's contribution.</param>
    /// <param name="receive">The result on the root, at least as long as <paramref name="send"/>; ignored elsewhere (may be empty).</param>
    /// <param name="op">The operation.</param>
    /// <param name="root">The rank that gets the result.</param>
    public unsafe void Reduce<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op, int root) where T : unmanaged
    {
        if (Rank == RootOf(root) && receive.Length < send.Length)
        {
            ThrowBufferTooSmall("The receive buffer of Reduce at the root", send.Length, receive.Length);
        }

        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.Reduce(sendBuffer, recvBuffer, send.Length, Native.ReductionType<T>(op), Native.Op<T>(op), root, Handle), "MPI_Reduce");
        }
    }

    /// <summary>In-place reduction: on the root <paramref name="data"/> is replaced by the result (<c>MPI_IN_PLACE</c>); elsewhere it is the contribution.</summary>
    public unsafe void Reduce<T>(Span<T> data, MpiOp op, int root) where T : unmanaged
    {
        var atRoot = Rank == RootOf(root);
        fixed (T* buffer = data)
        {
            Check(Native.Reduce(atRoot ? (void*)Native.Abi.InPlace : buffer, atRoot ? buffer : null, data.Length,
                Native.ReductionType<T>(op), Native.Op<T>(op), root, Handle), "MPI_Reduce");
        }
    }

    /// <summary>Combines every rank's value with <paramref name="op"/> and returns the result on every rank (<c>MPI_Allreduce</c>).</summary>
    public unsafe T Allreduce<T>(T value, MpiOp op) where T : unmanaged
    {
        T result = default;
        Check(Native.Allreduce(&value, &result, 1, Native.ReductionType<T>(op), Native.Op<T>(op), Handle), "MPI_Allreduce");
        return result;
    }

    /// <summary>Element-wise reduction on every rank (<c>MPI_Allreduce</c>).</summary>
    public unsafe void Allreduce<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op) where T : unmanaged =>
        ReduceLike(send, receive, op, ReduceKind.Allreduce);

    /// <summary>In-place element-wise reduction on every rank (<c>MPI_Allreduce</c> with <c>MPI_IN_PLACE</c>).</summary>
    public unsafe void Allreduce<T>(Span<T> data, MpiOp op) where T : unmanaged =>
        ReduceInPlace(data, op, ReduceKind.Allreduce);

    /// <summary>Inclusive prefix reduction: rank r gets the combination of ranks 0..r (<c>MPI_Scan</c>).</summary>
    public unsafe T Scan<T>(T value, MpiOp op) where T : unmanaged
    {
        T result = default;
        Check(Native.Scan(&value, &result, 1, Native.ReductionType<T>(op), Native.Op<T>(op), Handle), "MPI_Scan");
        return result;
    }

    /// <summary>Element-wise inclusive prefix reduction (<c>MPI_Scan</c>).</summary>
    public unsafe void Scan<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op) where T : unmanaged =>
        ReduceLike(send, receive, op, ReduceKind.Scan);

    /// <summary>In-place inclusive prefix reduction (<c>MPI_Scan</c> with <c>MPI_IN_PLACE</c>).</summary>
    public unsafe void Scan<T>(Span<T> data, MpiOp op) where T : unmanaged =>
        ReduceInPlace(data, op, ReduceKind.Scan);

    /// <summary>
    /// Exclusive prefix reduction: rank r gets the combination of ranks 0..r-1 (<c>MPI_Exscan</c>). Rank 0 has
    /// no predecessors and gets <c>default</c>.
    /// </summary>
    public unsafe T Exscan<T>(T value, MpiOp op) where T : unmanaged
    {
        T result = default;
        Check(Native.Exscan(&value, &result, 1, Native.ReductionType<T>(op), Native.Op<T>(op), Handle), "MPI_Exscan");
        return Rank == 0 ? default : result;
    }

    /// <summary>Element-wise exclusive prefix reduction (<c>MPI_Exscan</c>); rank 0's <paramref name="receive"/> is left as it was.</summary>
    public unsafe void Exscan<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op) where T : unmanaged =>
        ReduceLike(send, receive, op, ReduceKind.Exscan);

    /// <summary>In-place exclusive prefix reduction (<c>MPI_Exscan</c> with <c>MPI_IN_PLACE</c>); rank 0's data is left as it was.</summary>
    public unsafe void Exscan<T>(Span<T> data, MpiOp op) where T : unmanaged =>
        ReduceInPlace(data, op, ReduceKind.Exscan);

    /// <summary>
    /// Reduces <paramref name="send"/> (Size blocks of <c>receive.Length</c>) element-wise and scatters block r to
    /// rank r (<c>MPI_Reduce_scatter_block</c>).
    /// </summary>
    public unsafe void ReduceScatterBlock<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op) where T : unmanaged
    {
        if (send.Length != receive.Length * Size)
        {
            ThrowBadArgument($"ReduceScatterBlock needs Size × block = {Size} × {receive.Length} = {receive.Length * Size} elements to send, got {send.Length}");
        }

        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            Check(Native.ReduceScatterBlock(sendBuffer, recvBuffer, receive.Length, Native.ReductionType<T>(op), Native.Op<T>(op), Handle), "MPI_Reduce_scatter_block");
        }
    }

    /// <summary>The reductions that share one shape (send, receive, count, type, op, comm).</summary>
    private enum ReduceKind
    {
        Allreduce,
        Scan,
        Exscan,
    }

    private unsafe void ReduceLike<T>(ReadOnlySpan<T> send, Span<T> receive, MpiOp op, ReduceKind kind) where T : unmanaged
    {
        if (receive.Length < send.Length)
        {
            ThrowBufferTooSmall($"The receive buffer of {kind}", send.Length, receive.Length);
        }

        fixed (T* sendBuffer = send)
        fixed (T* recvBuffer = receive)
        {
            CallReduce(kind, sendBuffer, recvBuffer, send.Length, Native.ReductionType<T>(op), Native.Op<T>(op));
        }
    }

    private unsafe void ReduceInPlace<T>(Span<T> data, MpiOp op, ReduceKind kind) where T : unmanaged
    {
        fixed (T* buffer = data)
        {
            CallReduce(kind, (void*)Native.Abi.InPlace, buffer, data.Length, Native.ReductionType<T>(op), Native.Op<T>(op));
        }
    }

    private unsafe void CallReduce(ReduceKind kind, void* send, void* receive, int count, nint type, nint op)
    {
        switch (kind)
        {
            case ReduceKind.Allreduce:
                Check(Native.Allreduce(send, receive, count, type, op, Handle), "MPI_Allreduce");
                break;
            case ReduceKind.Scan:
                Check(Native.Scan(send, receive, count, type, op, Handle), "MPI_Scan");
                break;
            default:
                Check(Native.Exscan(send, receive, count, type, op, Handle), "MPI_Exscan");
                break;
        }
    }
}
