using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>An ordered set of ranks (<c>MPI_Group</c>): subsets, rank translation, communicator creation. Dispose it.</summary>
public sealed class Group : IDisposable
{
    private readonly NativeMpi _native;
    private nint _handle;

    internal unsafe Group(NativeMpi native, nint handle)
    {
        _native = native;
        _handle = handle;
        int size = 0, rank = 0;
        Check(native.GroupSize(handle, &size), "MPI_Group_size");
        Check(native.GroupRank(handle, &rank), "MPI_Group_rank");
        Size = size;
        Rank = rank == native.Abi.Undefined ? Mpi.Undefined : rank;
    }

    /// <summary>The number of ranks in the group.</summary>
    public int Size { get; }

    /// <summary>This process's rank in the group, or <see cref="Mpi.Undefined"/> when it is not a member.</summary>
    public int Rank { get; }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(Group));

    /// <summary>The group of the listed ranks, in that order (<c>MPI_Group_incl</c>).</summary>
    public unsafe Group Include(ReadOnlySpan<int> ranks)
    {
        nint result = 0;
        fixed (int* list = ranks)
        {
            Check(_native.GroupIncl(Handle, ranks.Length, list, &result), "MPI_Group_incl");
        }

        return new Group(_native, result);
    }

    /// <summary>The group without the listed ranks (<c>MPI_Group_excl</c>).</summary>
    public unsafe Group Exclude(ReadOnlySpan<int> ranks)
    {
        nint result = 0;
        fixed (int* list = ranks)
        {
            Check(_native.GroupExcl(Handle, ranks.Length, list, &result), "MPI_Group_excl");
        }

        return new Group(_native, result);
    }

    /// <summary>
    /// The ranks in <paramref name="other"/> of the processes that have <paramref name="ranks"/> in this group
    /// (<c>MPI_Group_translate_ranks</c>); <see cref="Mpi.Undefined"/> for a process not in <paramref name="other"/>.
    /// </summary>
    public unsafe int[] TranslateRanks(ReadOnlySpan<int> ranks, Group other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new int[ranks.Length];
        fixed (int* list = ranks)
        fixed (int* translated = result)
        {
            Check(_native.GroupTranslateRanks(Handle, ranks.Length, list, other.Handle, translated), "MPI_Group_translate_ranks");
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = result[i] == _native.Abi.Undefined ? Mpi.Undefined : result[i];
        }

        return result;
    }

    /// <summary>Compares two groups (<c>MPI_Group_compare</c>): identical, similar (other order) or unequal.</summary>
    public unsafe CommunicatorComparison Compare(Group other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int result = 0;
        Check(_native.GroupCompare(Handle, other.Handle, &result), "MPI_Group_compare");
        var index = Array.IndexOf(_native.Abi.ComparisonResults, result);
        return index < 0 ? CommunicatorComparison.Unequal : (CommunicatorComparison)index;
    }

    /// <summary>Frees the group (<c>MPI_Group_free</c>).</summary>
    public unsafe void Dispose()
    {
        if (_handle != 0 && !MpiEnvironment.IsFinalized)
        {
            var handle = _handle;
            _native.GroupFree(&handle);
        }

        _handle = 0;
    }

    private void Check(int rc, string function)
    {
        if (rc != 0)
        {
            throw _native.Fail(rc, function);
        }
    }
}
