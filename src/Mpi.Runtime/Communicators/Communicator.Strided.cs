using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace TypedMpi;

/// <summary>
/// Strided 2-D data (<see cref="Span2D{T}"/>: a matrix, a block of it, one of its columns) sent and received
/// in place through an MPI vector datatype: no packing into a temporary buffer — the halo-exchange case.
/// </summary>
/// <example>
/// <code>
/// var grid = new double[rows + 2, columns + 2];
/// var span = new Span2D&lt;double&gt;(grid);
/// // send my first inner column to the left neighbour, receive my right halo column from the right one
/// world.SendRecv&lt;double&gt;(span.Slice(1, 1, rows, 1), left, 0, span.Slice(1, columns + 1, rows, 1), right, 0);
/// </code>
/// </example>
public partial class Communicator
{
    /// <summary>Elements from the start of one row to the start of the next (7.x keeps the pitch internal).</summary>
    private static unsafe int RowStride<T>(ReadOnlySpan2D<T> view) where T : unmanaged =>
        view.Height < 2 ? view.Width
            : (int)(Unsafe.ByteOffset(ref view.DangerousGetReference(), ref view.DangerousGetReferenceAt(1, 0)) / sizeof(T));

    /// <summary>Sends the elements of a 2-D view row by row (<c>MPI_Send</c> of one vector datatype).</summary>
    public unsafe void Send<T>(ReadOnlySpan2D<T> data, int dest, int tag) where T : unmanaged
    {
        var (type, count) = Native.StridedDatatype<T>(data.Height, data.Width, RowStride(data));
        fixed (T* buffer = &data.DangerousGetReference())
        {
            Check(Native.Send(buffer, count, type, Peer(dest), TagOf(tag), Handle), "MPI_Send", dest, tag);
        }
    }

    /// <summary>Receives into a 2-D view row by row (<c>MPI_Recv</c> of one vector datatype); the message must fill it.</summary>
    public unsafe Status Recv<T>(Span2D<T> buffer, int source, int tag) where T : unmanaged
    {
        var (type, count) = Native.StridedDatatype<T>(buffer.Height, buffer.Width, RowStride<T>(buffer));
        RawStatus raw;
        fixed (T* target = &buffer.DangerousGetReference())
        {
            Check(Native.Recv(target, count, type, Peer(source), TagOf(tag), Handle, &raw), "MPI_Recv", source, tag);
        }

        return new Status(Native, raw);
    }

    /// <summary>Sends one 2-D view and receives another in one deadlock-free step (<c>MPI_Sendrecv</c>), e.g. a halo exchange.</summary>
    public unsafe Status SendRecv<T>(ReadOnlySpan2D<T> send, int dest, int sendTag, Span2D<T> receive, int source, int recvTag) where T : unmanaged
    {
        var (sendType, sendCount) = Native.StridedDatatype<T>(send.Height, send.Width, RowStride(send));
        var (recvType, recvCount) = Native.StridedDatatype<T>(receive.Height, receive.Width, RowStride<T>(receive));
        RawStatus raw;
        fixed (T* sendBuffer = &send.DangerousGetReference())
        fixed (T* recvBuffer = &receive.DangerousGetReference())
        {
            Check(Native.Sendrecv(sendBuffer, sendCount, sendType, Peer(dest), TagOf(sendTag), recvBuffer, recvCount, recvType, Peer(source), TagOf(recvTag), Handle, &raw),
                "MPI_Sendrecv", dest, sendTag);
        }

        return new Status(Native, raw);
    }

    /// <summary>Broadcasts a 2-D view from the root into the same-shaped view on every rank (<c>MPI_Bcast</c>).</summary>
    public unsafe void Bcast<T>(Span2D<T> buffer, int root) where T : unmanaged
    {
        var (type, count) = Native.StridedDatatype<T>(buffer.Height, buffer.Width, RowStride<T>(buffer));
        fixed (T* data = &buffer.DangerousGetReference())
        {
            Check(Native.Bcast(data, count, type, RootOf(root), Handle), "MPI_Bcast");
        }
    }

    /// <summary>
    /// As <see cref="Send{T}(ReadOnlySpan2D{T}, int, int)"/> for a mutable view: C# does not infer <typeparamref name="T"/>
    /// through the conversion to <see cref="ReadOnlySpan2D{T}"/>, so without this overload a call would need <c>Send&lt;double&gt;</c>.
    /// </summary>
    public void Send<T>(Span2D<T> data, int dest, int tag) where T : unmanaged => Send((ReadOnlySpan2D<T>)data, dest, tag);

    /// <summary>As <see cref="SendRecv{T}(ReadOnlySpan2D{T}, int, int, Span2D{T}, int, int)"/> for a mutable send view.</summary>
    public Status SendRecv<T>(Span2D<T> send, int dest, int sendTag, Span2D<T> receive, int source, int recvTag) where T : unmanaged =>
        SendRecv((ReadOnlySpan2D<T>)send, dest, sendTag, receive, source, recvTag);
}
