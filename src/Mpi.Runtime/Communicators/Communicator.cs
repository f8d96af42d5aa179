using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using TypedMpi.Abi;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// A group of ranks that communicate: point-to-point messages, collectives and derived communicators.
/// </summary>
/// <remarks>
/// <para>Every typed operation takes values, <see cref="Span{T}"/>/<see cref="ReadOnlySpan{T}"/> (arrays convert
/// implicitly) of an unmanaged element type MPI knows; spans go straight to MPI with no copy.</para>
/// <para>Ranks and tags use TypedMpi's sentinels (<see cref="Mpi.AnySource"/>, <see cref="Mpi.AnyTag"/>,
/// <see cref="Mpi.ProcNull"/>), translated to the library's own values at each call.</para>
/// <para>Communicators created by <see cref="Dup"/>, <see cref="Split"/> and the like must be disposed
/// (<c>MPI_Comm_free</c>); <see cref="MpiEnvironment.World"/> and <see cref="MpiEnvironment.Self"/> need not be.</para>
/// </remarks>
public partial class Communicator : IDisposable
{
    private readonly bool _owned;
    private nint _handle;
    private int _tagUpperBound;

    internal Communicator(NativeMpi native, nint handle, bool owned)
    {
        Native = native;
        _handle = handle;
        _owned = owned;
        if (handle == native.Handle(PredefinedHandle.CommNull))
        {
            IsNull = true;
            Rank = Mpi.Undefined;
            _handle = 0;
            return;
        }

        unsafe
        {
            int rank = 0, size = 0;
            Check(native.CommRank(handle, &rank), "MPI_Comm_rank");
            Check(native.CommSize(handle, &size), "MPI_Comm_size");
            Rank = rank;
            Size = size;
        }
    }

    internal NativeMpi Native { get; }

    internal nint Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _handle != 0 ? _handle : ThrowDisposed();
    }

    /// <summary>This process's rank in the communicator.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks in the communicator.</summary>
    public int Size { get; }

    /// <summary>The next rank around the ring: <c>(Rank + 1) % Size</c>.</summary>
    public int Next => IsNull ? Mpi.ProcNull : (Rank + 1) % Size;

    /// <summary>The previous rank around the ring: <c>(Rank - 1 + Size) % Size</c>.</summary>
    public int Previous => IsNull ? Mpi.ProcNull : (Rank - 1 + Size) % Size;

    /// <summary>
    /// True for the result of a split or create this rank is not part of (MPI_COMM_NULL, e.g. color
    /// <see cref="Mpi.Undefined"/>). Such a communicator has no rank and every operation on it throws.
    /// </summary>
    public bool IsNull { get; }

    /// <summary>The largest tag the library accepts (<c>MPI_TAG_UB</c>; at least 32767).</summary>
    public unsafe int TagUpperBound
    {
        get
        {
            if (_tagUpperBound == 0)
            {
                int* value = null;
                int flag = 0;
                Check(Native.CommGetAttr(Handle, Native.Abi.TagUpperBoundKeyval, &value, &flag), "MPI_Comm_get_attr");
                _tagUpperBound = flag != 0 && value != null ? *value : 32767;
            }

            return _tagUpperBound;
        }
    }

    /// <summary>Frees a communicator this program created (<c>MPI_Comm_free</c>); does nothing for World and Self.</summary>
    public unsafe void Dispose()
    {
        if (!_owned)
        {
            return; // World and Self stay usable until finalize
        }

        if (_handle != 0 && !IsNull && !MpiEnvironment.IsFinalized)
        {
            var handle = _handle;
            Check(Native.CommFree(&handle), "MPI_Comm_free");
        }

        _handle = 0;
    }

    /// <inheritdoc />
    public override string ToString() => IsNull ? "Communicator(null)" : $"Communicator(rank {Rank} of {Size})";

    /// <summary>Installs MPI_ERRORS_RETURN so failures come back as codes TypedMpi turns into exceptions.</summary>
    internal void UseErrorsReturn() =>
        Check(Native.CommSetErrhandler(Handle, Native.Handle(PredefinedHandle.ErrorsReturn)), "MPI_Comm_set_errhandler");

    /// <summary>A rank argument in the library's encoding: sentinels translated, other negatives rejected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Peer(int rank) => rank >= 0 ? rank : TranslateSentinelRank(rank);

    /// <summary>A tag argument in the library's encoding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TagOf(int tag) => tag >= 0 ? tag : TranslateSentinelTag(tag);

    /// <summary>A root argument: any rank of the communicator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int RootOf(int root) => (uint)root < (uint)Size ? root : ThrowBadRoot(root);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(int rc, string function)
    {
        if (rc != 0)
        {
            throw Native.Fail(rc, function, Describe());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(int rc, string function, int peer, int tag)
    {
        if (rc != 0)
        {
            ThrowFailure(rc, function, peer, tag);
        }
    }

    [DoesNotReturn]
    private void ThrowFailure(int rc, string function, int peer, int tag) =>
        throw Native.Fail(rc, function, $"peer {peer}, tag {tag}, {Describe()}");

    private string Describe() => IsNull ? "null communicator" : $"communicator of {Size} ranks";

    private int TranslateSentinelRank(int rank) => rank switch
    {
        Mpi.AnySource => Native.Abi.AnySource,
        Mpi.ProcNull => Native.Abi.ProcNull,
        _ => throw new MpiException(MpiErrorClass.Rank,
            $"Rank {rank} is invalid on rank {Native.WorldRank}: a rank is in [0, {Size}), or Mpi.AnySource (receives), or Mpi.ProcNull.",
            rank: Native.WorldRank, advice: ErrorAdvice.For(MpiErrorClass.Rank)),
    };

    private int TranslateSentinelTag(int tag) => tag == Mpi.AnyTag
        ? Native.Abi.AnyTag
        : throw new MpiException(MpiErrorClass.Tag,
            $"Tag {tag} is invalid on rank {Native.WorldRank}: a tag is in [0, {TagUpperBound}], or Mpi.AnyTag on a receive.",
            rank: Native.WorldRank, advice: ErrorAdvice.For(MpiErrorClass.Tag));

    private int ThrowBadRoot(int root) =>
        throw new MpiException(MpiErrorClass.Root,
            $"Root {root} is not a rank of this communicator of {Size} ranks (on rank {Native.WorldRank}).",
            rank: Native.WorldRank, advice: ErrorAdvice.For(MpiErrorClass.Root));

    private nint ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(Communicator), IsNull
            ? "This rank is not a member of the communicator (it was created with color Mpi.Undefined or a group without this rank)."
            : "The communicator has been disposed.");

    /// <summary>Throws the clear error for a buffer too small for what MPI would write into it.</summary>
    [DoesNotReturn]
    internal void ThrowBufferTooSmall(string what, int needed, int actual) =>
        throw new MpiException(MpiErrorClass.Buffer,
            $"{what} on rank {Rank} needs room for {needed} elements but has {actual}.",
            rank: Native.WorldRank, advice: "Size the buffer to the total the collective delivers (e.g. Size × count for Gather/Allgather).");

    /// <summary>Throws for an argument that breaks a collective's contract.</summary>
    [DoesNotReturn]
    internal void ThrowBadArgument(string message) =>
        throw new MpiException(MpiErrorClass.Arg, $"{message} (on rank {Rank} of {Size}).", rank: Native.WorldRank);
}
