namespace TypedMpi;

/// <summary>Deriving communicators: duplicate, split, node-local, from a group, Cartesian.</summary>
public partial class Communicator
{
    /// <summary>A new communicator with the same ranks and a separate message space (<c>MPI_Comm_dup</c>). Dispose it.</summary>
    public unsafe Communicator Dup()
    {
        nint result = 0;
        Check(Native.CommDup(Handle, &result), "MPI_Comm_dup");
        return Adopt(result);
    }

    /// <summary>
    /// Splits the ranks by <paramref name="color"/>; within a color, ranks are ordered by <paramref name="key"/>, then by
    /// their rank here (<c>MPI_Comm_split</c>). A rank with color <see cref="Mpi.Undefined"/> gets a communicator whose
    /// <see cref="IsNull"/> is true. Dispose the result.
    /// </summary>
    public unsafe Communicator Split(int color, int key = 0)
    {
        if (color < 0 && color != Mpi.Undefined)
        {
            ThrowBadArgument($"Split color {color} is negative; use a color ≥ 0, or Mpi.Undefined to leave this rank out");
        }

        nint result = 0;
        Check(Native.CommSplit(Handle, color, key, &result), "MPI_Comm_split");
        return Adopt(result);
    }

    /// <summary>
    /// Splits the ranks by a property of where they run (<c>MPI_Comm_split_type</c>);
    /// <see cref="CommunicatorSplitType.Shared"/> gives the ranks of this node. Dispose the result.
    /// </summary>
    public unsafe Communicator SplitType(CommunicatorSplitType type, int key = 0)
    {
        var nativeType = type switch
        {
            CommunicatorSplitType.Shared => Native.Abi.CommTypeShared,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown split type"),
        };
        nint result = 0;
        Check(Native.CommSplitType(Handle, nativeType, key, Native.Handle(Abi.PredefinedHandle.InfoNull), &result), "MPI_Comm_split_type");
        return Adopt(result);
    }

    /// <summary>Compares this communicator with <paramref name="other"/> (<c>MPI_Comm_compare</c>).</summary>
    public unsafe CommunicatorComparison Compare(Communicator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int result = 0;
        Check(Native.CommCompare(Handle, other.Handle, &result), "MPI_Comm_compare");
        return ToComparison(result);
    }

    /// <summary>The group of this communicator's ranks (<c>MPI_Comm_group</c>). Dispose it.</summary>
    public unsafe Group GetGroup()
    {
        nint group = 0;
        Check(Native.CommGroup(Handle, &group), "MPI_Comm_group");
        return new Group(Native, group);
    }

    /// <summary>
    /// A communicator of the ranks in <paramref name="group"/> (a subgroup of this one), collective over this
    /// communicator (<c>MPI_Comm_create</c>). Ranks outside the group get one whose <see cref="IsNull"/> is true.
    /// </summary>
    public unsafe Communicator Create(Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        nint result = 0;
        Check(Native.CommCreate(Handle, group.Handle, &result), "MPI_Comm_create");
        return Adopt(result);
    }

    /// <summary>
    /// Arranges the ranks on a Cartesian grid (<c>MPI_Cart_create</c>). Ranks beyond the grid's size get a
    /// communicator whose <see cref="IsNull"/> is true. Dispose the result.
    /// </summary>
    /// <param name="dimensions">The extent of each dimension; their product must not exceed Size.
    /// <see cref="CartesianCommunicator.ComputeDimensions"/> picks a balanced grid.</param>
    /// <param name="periodic">Per dimension, whether it wraps around.</param>
    /// <param name="reorder">Whether MPI may renumber the ranks to fit the machine.</param>
    public unsafe CartesianCommunicator CreateCartesian(ReadOnlySpan<int> dimensions, ReadOnlySpan<bool> periodic, bool reorder = false)
    {
        if (dimensions.Length != periodic.Length || dimensions.IsEmpty)
        {
            ThrowBadArgument($"CreateCartesian needs one periodicity per dimension; got {dimensions.Length} dimensions and {periodic.Length} periodicities");
        }

        var cells = 1L;
        foreach (var extent in dimensions)
        {
            cells *= extent;
        }

        if (cells > Size || cells <= 0)
        {
            ThrowBadArgument($"A grid of {string.Join(" × ", dimensions.ToArray())} = {cells} cells does not fit {Size} ranks");
        }

        Span<int> periods = stackalloc int[periodic.Length];
        for (var i = 0; i < periodic.Length; i++)
        {
            periods[i] = periodic[i] ? 1 : 0;
        }

        nint result = 0;
        fixed (int* sizes = dimensions)
        fixed (int* wraps = periods)
        {
            Check(Native.CartCreate(Handle, dimensions.Length, sizes, wraps, reorder ? 1 : 0, &result), "MPI_Cart_create");
        }

        return new CartesianCommunicator(Native, result);
    }

    internal CommunicatorComparison ToComparison(int nativeResult)
    {
        var index = Array.IndexOf(Native.Abi.ComparisonResults, nativeResult);
        return index < 0 ? CommunicatorComparison.Unequal : (CommunicatorComparison)index;
    }

    /// <summary>Wraps a communicator this program created: errors return codes, and Dispose frees it.</summary>
    private Communicator Adopt(nint handle)
    {
        var communicator = new Communicator(Native, handle, owned: true);
        if (!communicator.IsNull)
        {
            communicator.UseErrorsReturn();
        }

        return communicator;
    }
}
