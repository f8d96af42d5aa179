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
    public unsafe PersistentRequest SendInit<T>(ReadOnlyMemory<T> data, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag)); // refused before anything is pinned
        var pin = data.Pin();
        nint request = 0;
        var rc = Native.SendInit(pin.Pointer, data.Length, type, peer, nativeTag, Handle, &request);
        if (rc != 0)
        {
            pin.Dispose();
            Check(rc, "MPI_Send_init", dest, tag);
        }

        return new PersistentRequest(this, pin, request, $"SendInit(dest: {dest}, tag: {tag})");
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
    public unsafe PersistentRequest RecvInit<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(source), TagOf(tag));
        var pin = buffer.Pin();
        nint request = 0;
        var rc = Native.RecvInit(pin.Pointer, buffer.Length, type, peer, nativeTag, Handle, &request);
        if (rc != 0)
        {
            pin.Dispose();
            Check(rc, "MPI_Recv_init", source, tag);
        }

        return new PersistentRequest(this, pin, request, $"RecvInit(source: {source}, tag: {tag})");
    }

    /// <summary>A persistent receive into an array (<c>MPI_Recv_init</c>).</summary>
    public PersistentRequest RecvInit<T>(T[] buffer, int source, int tag) where T : unmanaged => RecvInit((Memory<T>)buffer, source, tag);

    /// <summary>
    /// A persistent send of a 2-D view — a block or a column of a matrix — row by row through one vector datatype
    /// (<c>MPI_Send_init</c>): the halo exchange of a stencil code, set up once. See
    /// <see cref="Send{T}(ReadOnlySpan2D{T}, int, int)"/> for the datatype.
    /// </summary>
    public unsafe PersistentRequest SendInit<T>(ReadOnlyMemory2D<T> data, int dest, int tag) where T : unmanaged
    {
        var view = data.Span;
        var (type, count) = Native.StridedDatatype<T>(view.Height, view.Width, RowStride(view));
        var (peer, nativeTag) = (Peer(dest), TagOf(tag));
        var pin = data.Pin();
        nint request = 0;
        var rc = Native.SendInit(pin.Pointer, count, type, peer, nativeTag, Handle, &request);
        if (rc != 0)
        {
            pin.Dispose();
            Check(rc, "MPI_Send_init", dest, tag);
        }

        return new PersistentRequest(this, pin, request, $"SendInit(dest: {dest}, tag: {tag})");
    }

    /// <summary>A persistent send of a 2-D view (<c>MPI_Send_init</c>); lets C# infer <typeparamref name="T"/> from a <see cref="Memory2D{T}"/>.</summary>
    public PersistentRequest SendInit<T>(Memory2D<T> data, int dest, int tag) where T : unmanaged => SendInit((ReadOnlyMemory2D<T>)data, dest, tag);

    /// <summary>A persistent receive into a 2-D view, row by row through one vector datatype (<c>MPI_Recv_init</c>); each message must fill it.</summary>
    public unsafe PersistentRequest RecvInit<T>(Memory2D<T> buffer, int source, int tag) where T : unmanaged
    {
        var view = buffer.Span;
        var (type, count) = Native.StridedDatatype<T>(view.Height, view.Width, RowStride<T>(view));
        var (peer, nativeTag) = (Peer(source), TagOf(tag));
        var pin = buffer.Pin();
        nint request = 0;
        var rc = Native.RecvInit(pin.Pointer, count, type, peer, nativeTag, Handle, &request);
        if (rc != 0)
        {
            pin.Dispose();
            Check(rc, "MPI_Recv_init", source, tag);
        }

        return new PersistentRequest(this, pin, request, $"RecvInit(source: {source}, tag: {tag})");
    }
}
