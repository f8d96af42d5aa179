namespace TypedMpi;

/// <summary>
/// A communicator whose ranks sit on a Cartesian grid (<c>MPI_Cart_create</c>): coordinates, neighbours by shift.
/// </summary>
/// <example>
/// <code>
/// var dims = CartesianCommunicator.ComputeDimensions(world.Size, 2);
/// using var grid = world.CreateCartesian(dims, [true, false]);
/// var (up, down) = grid.Shift(direction: 0, displacement: 1);
/// </code>
/// </example>
public sealed class CartesianCommunicator : Communicator
{
    internal unsafe CartesianCommunicator(Interop.NativeMpi native, nint handle)
        : base(native, handle, owned: true)
    {
        if (IsNull)
        {
            Dimensions = [];
            Periodic = [];
            Coordinates = [];
            return;
        }

        UseErrorsReturn();
        int count = 0;
        Check(native.CartdimGet(Handle, &count), "MPI_Cartdim_get");
        var dims = new int[count];
        var periods = new int[count];
        var coords = new int[count];
        fixed (int* sizes = dims)
        fixed (int* wraps = periods)
        fixed (int* position = coords)
        {
            Check(native.CartGet(Handle, count, sizes, wraps, position), "MPI_Cart_get");
        }

        Dimensions = dims;
        Periodic = Array.ConvertAll(periods, p => p != 0);
        Coordinates = coords;
    }

    /// <summary>The extent of each dimension.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Per dimension, whether it wraps around.</summary>
    public IReadOnlyList<bool> Periodic { get; }

    /// <summary>This rank's coordinates.</summary>
    public IReadOnlyList<int> Coordinates { get; }

    /// <summary>
    /// A balanced grid of <paramref name="dimensions"/> extents for <paramref name="ranks"/> ranks (<c>MPI_Dims_create</c>),
    /// e.g. 12 ranks in 2 dimensions → [4, 3].
    /// </summary>
    public static unsafe int[] ComputeDimensions(int ranks, int dimensions)
    {
        var native = MpiEnvironment.Require().Native;
        var result = new int[dimensions];
        fixed (int* sizes = result)
        {
            var rc = native.DimsCreate(ranks, dimensions, sizes);
            if (rc != 0)
            {
                throw native.Fail(rc, "MPI_Dims_create", $"{ranks} ranks in {dimensions} dimensions");
            }
        }

        return result;
    }

    /// <summary>The coordinates of <paramref name="rank"/> (<c>MPI_Cart_coords</c>).</summary>
    public unsafe int[] CoordinatesOf(int rank)
    {
        var coords = new int[Dimensions.Count];
        fixed (int* position = coords)
        {
            Check(Native.CartCoords(Handle, rank, coords.Length, position), "MPI_Cart_coords");
        }

        return coords;
    }

    /// <summary>The rank at <paramref name="coordinates"/>; periodic dimensions wrap (<c>MPI_Cart_rank</c>).</summary>
    public unsafe int RankOf(ReadOnlySpan<int> coordinates)
    {
        if (coordinates.Length != Dimensions.Count)
        {
            ThrowBadArgument($"RankOf needs {Dimensions.Count} coordinates, got {coordinates.Length}");
        }

        int rank = 0;
        fixed (int* position = coordinates)
        {
            Check(Native.CartRank(Handle, position, &rank), "MPI_Cart_rank");
        }

        return rank;
    }

    /// <summary>
    /// The neighbours <paramref name="displacement"/> steps along <paramref name="direction"/> (<c>MPI_Cart_shift</c>):
    /// receive from <c>Source</c>, send to <c>Destination</c>. Off the edge of a non-periodic dimension, a
    /// neighbour is <see cref="Mpi.ProcNull"/>, so the same exchange code works at the boundary.
    /// </summary>
    public unsafe (int Source, int Destination) Shift(int direction, int displacement)
    {
        int source = 0, destination = 0;
        Check(Native.CartShift(Handle, direction, displacement, &source, &destination), "MPI_Cart_shift");
        return (FromNativeRank(source), FromNativeRank(destination));
    }

    private int FromNativeRank(int rank) => rank == Native.Abi.ProcNull ? Mpi.ProcNull : rank;
}
