using System.Buffers;

namespace TypedMpi;

/// <summary>
/// Nonblocking point-to-point. Buffers are <see cref="Memory{T}"/> or arrays, never spans: a request outlives
/// the call, so its buffer must be something that can be pinned until completion (a span may live on the stack).
/// </summary>
public partial class Communicator
{
    /// <summary>Starts sending a copy of <paramref name="value"/> (<c>MPI_Isend</c>); the request owns the copy.</summary>
    public unsafe Request Isend<T>(T value, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag)); // refused before a slot is taken
        var slot = StartRequest(RequestKind.Isend, dest, tag);
        var payload = (T*)slot.InlineStorage(sizeof(T));
        *payload = value;
        nint request = 0;
        var rc = Native.Isend(payload, 1, type, peer, nativeTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Isend");
    }

    /// <summary>Starts sending <paramref name="data"/> with no copy (<c>MPI_Isend</c>); the request keeps it pinned.</summary>
    public unsafe Request Isend<T>(ReadOnlyMemory<T> data, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag)); // refused before anything is pinned
        var slot = StartRequest(RequestKind.Isend, dest, tag);
        var firstBuffer = slot.First.Pin<T>(data);
        nint request = 0;
        var rc = Native.Isend(firstBuffer, data.Length, type, peer, nativeTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Isend");
    }

    /// <summary>Starts sending an array with no copy (<c>MPI_Isend</c>).</summary>
    public Request Isend<T>(T[] data, int dest, int tag) where T : unmanaged => Isend((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>
    /// Starts sending <paramref name="data"/> with no copy (<c>MPI_Isend</c>). C# does not infer <typeparamref name="T"/>
    /// through the conversion to <see cref="ReadOnlyMemory{T}"/>, so <c>Isend(array.AsMemory(0, n), …)</c> needs this overload.
    /// </summary>
    public Request Isend<T>(Memory<T> data, int dest, int tag) where T : unmanaged => Isend((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>Starts a synchronous send of a copy of <paramref name="value"/> (<c>MPI_Issend</c>): completes once the receive has started.</summary>
    public unsafe Request Issend<T>(T value, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag));
        var slot = StartRequest(RequestKind.Issend, dest, tag);
        var payload = (T*)slot.InlineStorage(sizeof(T));
        *payload = value;
        nint request = 0;
        var rc = Native.Issend(payload, 1, type, peer, nativeTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Issend");
    }

    /// <summary>Starts a synchronous send of <paramref name="data"/> (<c>MPI_Issend</c>).</summary>
    public unsafe Request Issend<T>(ReadOnlyMemory<T> data, int dest, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(dest), TagOf(tag));
        var slot = StartRequest(RequestKind.Issend, dest, tag);
        var firstBuffer = slot.First.Pin<T>(data);
        nint request = 0;
        var rc = Native.Issend(firstBuffer, data.Length, type, peer, nativeTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Issend");
    }

    /// <summary>Starts a synchronous send of an array (<c>MPI_Issend</c>).</summary>
    public Request Issend<T>(T[] data, int dest, int tag) where T : unmanaged => Issend((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>Starts a synchronous send of <paramref name="data"/> (<c>MPI_Issend</c>).</summary>
    public Request Issend<T>(Memory<T> data, int dest, int tag) where T : unmanaged => Issend((ReadOnlyMemory<T>)data, dest, tag);

    /// <summary>Starts receiving one value (<c>MPI_Irecv</c>); <see cref="ValueRequest{T}.Wait()"/> returns it.</summary>
    public unsafe ValueRequest<T> Irecv<T>(int source, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(source), TagOf(tag));
        var slot = StartRequest(RequestKind.Irecv, source, tag);
        slot.ReturnsValue = true;
        var target = slot.InlineStorage(sizeof(T));
        nint request = 0;
        var rc = Native.Irecv(target, 1, type, peer, nativeTag, Handle, &request);
        Started(slot, request, rc, "MPI_Irecv");
        return new ValueRequest<T>(slot);
    }

    /// <summary>Starts receiving into <paramref name="buffer"/> with no copy (<c>MPI_Irecv</c>); the data is there once the request completes.</summary>
    public unsafe Request Irecv<T>(Memory<T> buffer, int source, int tag) where T : unmanaged
    {
        var (type, peer, nativeTag) = (Native.Datatype<T>(), Peer(source), TagOf(tag));
        var slot = StartRequest(RequestKind.Irecv, source, tag);
        var firstBuffer = slot.First.Pin<T>(buffer);
        nint request = 0;
        var rc = Native.Irecv(firstBuffer, buffer.Length, type, peer, nativeTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Irecv");
    }

    /// <summary>Starts receiving into an array (<c>MPI_Irecv</c>).</summary>
    public Request Irecv<T>(T[] buffer, int source, int tag) where T : unmanaged => Irecv((Memory<T>)buffer, source, tag);

    /// <summary>
    /// Starts a send and a receive as one operation (MPI-4 <c>MPI_Isendrecv</c>).
    /// </summary>
    /// <exception cref="MpiNotSupportedException">The library predates MPI-4 (e.g. Open MPI 4.1).</exception>
    public unsafe Request Isendrecv<T>(ReadOnlyMemory<T> send, int dest, int sendTag, Memory<T> receive, int source, int recvTag) where T : unmanaged
    {
        if (!Native.HasIsendrecv)
        {
            Native.ThrowMissing("MPI_Isendrecv", "it is an MPI-4 function; use Isend and Irecv, or SendRecv.");
        }

        var (type, destination, nativeSendTag) = (Native.Datatype<T>(), Peer(dest), TagOf(sendTag));
        var (origin, nativeRecvTag) = (Peer(source), TagOf(recvTag));
        var slot = StartRequest(RequestKind.Isendrecv, dest, sendTag);
        var firstBuffer = slot.First.Pin<T>(send);
        var secondBuffer = slot.Second.Pin<T>(receive);
        nint request = 0;
        var rc = Native.Isendrecv(firstBuffer, send.Length, type, destination, nativeSendTag,
            secondBuffer, receive.Length, type, origin, nativeRecvTag, Handle, &request);
        return Started(slot, request, rc, "MPI_Isendrecv");
    }

    /// <summary>
    /// Takes a slot from the pool for a request about to start. Callers resolve and validate every argument
    /// (datatype, op, peer, tag) before, so a refused call neither leaks the slot nor leaves a buffer pinned.
    /// </summary>
    private RequestSlot StartRequest(RequestKind kind, int peer, int tag)
    {
        _ = Handle; // a disposed communicator fails here, before anything is pinned
        var slot = RequestPool.Rent();
        slot.Kind = kind;
        slot.Peer = peer;
        slot.Tag = tag;
        slot.Communicator = this;
        return slot;
    }

    /// <summary>Marks the slot pending, or on failure releases it and throws.</summary>
    private Request Started(RequestSlot slot, nint request, int rc, string function)
    {
        if (rc != 0)
        {
            var peer = slot.Peer;
            var tag = slot.Tag;
            RequestPool.Return(slot);
            throw Native.Fail(rc, function, $"peer {peer}, tag {tag}, {Describe()}");
        }

        slot.Handle = request;
        slot.Pending = true;
        return new Request(slot);
    }
}
