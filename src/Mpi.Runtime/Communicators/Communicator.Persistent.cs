using System.Buffers;
using CommunityToolkit.HighPerformance;

namespace TypedMpi;

/// <summary>Persistent point-to-point requests: set up once, started many times.</summary>
public partial class Communicator
{
    /// <summary>
    /// A persistent send of <paramref name="data"/> to <paramref name="dest"/> (<c>MPI_Send_init</c>): each
    /// <see cref="PersistentRequest.Start"/> sends the buffer's contents at that moment, with no copy. The buffer stays
    /// pinned until the request is disposed.
    /// </summary>
    public PersistentRequest SendInit<T>(ReadOnlyMemory<T> data, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag)); // refused before anything is pinned
        return Init(send: true, data.Pin(), data.Length, type, peer, nativeTag, dest, tag);
    }

    /// <summary>A persistent send of an array (<c>MPI_Send_init</c>).</summary>
    public PersistentRequest SendInit<T>(T[] data, int dest, int tag) where T : unmanaged => SendInit((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>A persistent send of <paramref name="data"/> (<c>MPI_Send_init</c>); lets C# infer <typeparamref name="T"/> from a <see cref="Memory{T}"/>.</summary>
    public PersistentRequest SendInit<T>(Memory<T> data, int dest, int tag) where T : unmanaged => SendInit((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>
    /// A persistent receive into <paramref name="buffer"/> from <paramref name="source"/> (<c>MPI_Recv_init</c>): each
    /// <see cref="PersistentRequest.Start"/> receives one message into it; <see cref="PersistentRequest.Wait"/> returns
    /// its status. The buffer stays pinned until the request is disposed.
    /// </summary>
    public PersistentRequest RecvInit<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(source), TagOf(tag));
        return Init(send: false, buffer.Pin(), buffer.Length, type, peer, nativeTag, source, tag);
    }

    /// <summary>A persistent receive into an array (<c>MPI_Recv_init</c>).</summary>
    public PersistentRequest RecvInit<T>(T[] buffer, int source, int tag) where T : unmanaged => RecvInit((Memory<T>)buffer, source, tag);

    /// <summary>
    /// A persistent send of a 2-D view — a block or a column of a matrix — row by row through one vector datatype
    /// (<c>MPI_Send_init</c>): the halo exchange of a stencil code, set up once. See
    /// <see cref="Send{T}(ReadOnlySpan2D{T}, int, int)"/> for the datatype.
    /// </summary>
    public PersistentRequest SendInit<T>(ReadOnlyMemory2D<T> data, int dest, int tag) where T : unmanaged
    {
        var view = data.Span;
        var (type, count) = Native.StridedDatatype<T>(view.Height, view.Width, RowStride(view));
        var (peer, nativeTag) = (Peer(dest), TagOf(tag));
        return Init(send: true, data.Pin(), count, type, peer, nativeTag, dest, tag);
    }

    /// <summary>A persistent send of a 2-D view (<c>MPI_Send_init</c>); lets C# infer <typeparamref name="T"/> from a <see cref="Memory2D{T}"/>.</summary>
    public PersistentRequest SendInit<T>(Memory2D<T> data, int dest, int tag) where T : unmanaged => SendInit((ReadOnlyMemory2D<T>)data, dest, tag);

    /// <summary>A persistent receive into a 2-D view, row by row through one vector datatype (<c>MPI_Recv_init</c>); each message must fill it.</summary>
    public PersistentRequest RecvInit<T>(Memory2D<T> buffer, int source, int tag) where T : unmanaged
    {
        var view = buffer.Span;
        var (type, count) = Native.StridedDatatype<T>(view.Height, view.Width, RowStride<T>(view));
        var (peer, nativeTag) = (Peer(source), TagOf(tag));
        return Init(send: false, buffer.Pin(), count, type, peer, nativeTag, source, tag);
    }

    /// <summary>
    /// <c>MPI_Send_init</c> or <c>MPI_Recv_init</c> on a pinned buffer; the request owns the pin from then on (it is
    /// released here when the library refuses).
    /// </summary>
    private unsafe PersistentRequest Init(bool send, MemoryHandle pin, int count, nint type, int nativePeer, int nativeTag, int peer, int tag)
    {
        nint request = 0;
        var rc = send
            ? Native.SendInit(pin.Pointer, count, type, nativePeer, nativeTag, Handle, &request)
            : Native.RecvInit(pin.Pointer, count, type, nativePeer, nativeTag, Handle, &request);
        if (rc != 0)
        {
            pin.Dispose();
            Check(rc, send ? "MPI_Send_init" : "MPI_Recv_init", peer, tag);
        }

        return new PersistentRequest(this, pin, request, send ? $"SendInit(dest: {peer}, tag: {tag})" : $"RecvInit(source: {peer}, tag: {tag})");
    }
}
