using System.Runtime.InteropServices;

namespace TypedMpi;

/// <summary>What a pending request was started by; kept for the leak report, never formatted on the hot path.</summary>
internal enum RequestKind
{
    Isend,
    Issend,
    Irecv,
    Isendrecv,
    Ibarrier,
    Ibcast,
    Ireduce,
    Iallreduce,
    Igather,
    Iscatter,
    Iallgather,
    Ialltoall,
}

/// <summary>
/// The state behind a <see cref="Request"/>: the native handle, the pins that keep its buffers in place until
/// completion, and inline storage for values sent or received by value. Slots are pooled and reused; a
/// generation number tells a live <see cref="Request"/> from a stale copy.
/// </summary>
internal sealed unsafe class RequestSlot
{
    private const int InitialInlineBytes = 64;

    /// <summary>The native request, zero-extended; written by the library through its address.</summary>
    public nint Handle;

    public int Generation;

    /// <summary>Out of the pool: between <see cref="RequestPool.Rent"/> and <see cref="RequestPool.Return"/>.</summary>
    public bool Rented;

    /// <summary>Started and not yet completed.</summary>
    public bool Pending;

    /// <summary>Completed, with a received value the owner has not read yet.</summary>
    public bool HoldsResult;

    /// <summary>The request delivers a value into <see cref="Inline"/> (a <see cref="ValueRequest{T}"/>).</summary>
    public bool ReturnsValue;

    /// <summary>The send (or only) buffer of the request.</summary>
    public BufferPin First;

    /// <summary>The receive buffer of a request with two (Isendrecv, the reductions and exchanges).</summary>
    public BufferPin Second;

    /// <summary>Native memory for by-value payloads; it never moves, so MPI may keep its address.</summary>
    public byte* Inline;
    public int InlineCapacity;

    public RequestKind Kind;
    public int Peer;
    public int Tag;

    /// <summary>The communicator, kept reachable while the request is pending.</summary>
    public Communicator? Communicator;

    /// <summary>Native memory of at least <paramref name="bytes"/> for a by-value payload.</summary>
    public byte* InlineStorage(int bytes)
    {
        if (bytes > InlineCapacity)
        {
            NativeMemory.AlignedFree(Inline);
            InlineCapacity = Math.Max(bytes, InitialInlineBytes);
            Inline = (byte*)NativeMemory.AlignedAlloc((nuint)InlineCapacity, 16);
        }

        return Inline;
    }

    /// <summary>Releases the pins and the communicator; the slot may then be reused.</summary>
    public void ReleaseResources()
    {
        First.Release();
        Second.Release();
        Communicator = null;
    }

    public string Describe() => Kind switch
    {
        RequestKind.Isend or RequestKind.Issend => $"{Kind}(dest: {Peer}, tag: {Tag})",
        RequestKind.Irecv => $"{Kind}(source: {Peer}, tag: {Tag})",
        RequestKind.Ibcast or RequestKind.Ireduce or RequestKind.Igather or RequestKind.Iscatter => $"{Kind}(root: {Peer})",
        _ => $"{Kind}()",
    };
}
