using System.Runtime.CompilerServices;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// What a receive or probe learned about a message: who sent it, with which tag, and how many elements it holds.
/// </summary>
/// <remarks>
/// The library's own <c>MPI_Status</c> is kept as raw bytes (20, 24 or 32 of them, depending on the ABI) so that
/// <see cref="Count{T}"/> and <see cref="Cancelled"/> can ask the library itself; <see cref="Source"/> and
/// <see cref="Tag"/> are read at the ABI's offsets and translated to TypedMpi's sentinels when asked for, so a
/// receive whose status is never looked at pays only for the copy. A default <see cref="Status"/> is MPI's
/// "empty" status (what waiting on an already completed request gives): any source, any tag, zero elements.
/// </remarks>
public readonly struct Status
{
    private readonly RawStatus _raw;
    private readonly NativeMpi? _native;

    internal Status(NativeMpi native, in RawStatus raw)
    {
        _native = native;
        _raw = raw;
    }

    /// <summary>The rank that sent the message (<see cref="Mpi.ProcNull"/> for a receive from the null process).</summary>
    public int Source
    {
        get
        {
            if (_native is null)
            {
                return Mpi.AnySource;
            }

            var abi = _native.Abi;
            var source = _raw.ReadInt32(abi.StatusSourceOffset);
            return source == abi.ProcNull ? Mpi.ProcNull : source == abi.AnySource ? Mpi.AnySource : source;
        }
    }

    /// <summary>The message's tag (<see cref="Mpi.AnyTag"/> for a receive from the null process).</summary>
    public int Tag
    {
        get
        {
            if (_native is null)
            {
                return Mpi.AnyTag;
            }

            var abi = _native.Abi;
            var tag = _raw.ReadInt32(abi.StatusTagOffset);
            return tag == abi.AnyTag ? Mpi.AnyTag : tag;
        }
    }

    /// <summary>True when the operation was cancelled (<c>MPI_Test_cancelled</c>).</summary>
    public unsafe bool Cancelled
    {
        get
        {
            if (_native is null)
            {
                return false;
            }

            int flag = 0;
            var raw = _raw;
            var rc = _native.TestCancelled(&raw, &flag);
            return rc != 0 ? throw _native.Fail(rc, "MPI_Test_cancelled") : flag != 0;
        }
    }

    /// <summary>
    /// The number of whole <typeparamref name="T"/> elements in the message (<c>MPI_Get_count</c>).
    /// </summary>
    /// <exception cref="MpiException">The message is not a whole number of <typeparamref name="T"/>.</exception>
    public unsafe int Count<T>() where T : unmanaged
    {
        if (_native is null)
        {
            return 0;
        }

        int count = 0;
        var raw = _raw;
        var rc = _native.GetCount(&raw, _native.Datatype<T>(), &count);
        if (rc != 0)
        {
            throw _native.Fail(rc, "MPI_Get_count");
        }

        if (count == _native.Abi.Undefined)
        {
            throw new MpiException(MpiErrorClass.Count,
                $"The message from rank {Source} (tag {Tag}) is not a whole number of {typeof(T).Name} elements; " +
                "receive it with the element type it was sent with.", rank: _native.WorldRank);
        }

        return count;
    }

    /// <inheritdoc />
    public override string ToString() => $"Status(Source: {Source}, Tag: {Tag})";
}

/// <summary>Room for the largest <c>MPI_Status</c> of any ABI (the standard ABI's 32 bytes).</summary>
[InlineArray(8)]
internal struct RawStatus
{
    private int _word;

    public readonly int ReadInt32(int offset) => this[offset / sizeof(int)];
}
