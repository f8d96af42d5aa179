using CommunityToolkit.HighPerformance;
using TypedMpi;

// Heat diffusion on a 50 × 36 grid with a fixed boundary, split into blocks over a 2-D Cartesian grid of ranks.
// Each rank keeps its block with a one-cell halo; before every Jacobi step it swaps halo rows with its north and
// south neighbours and halo columns with its west and east ones. A column is not contiguous in memory (one element
// every Width + 2): a Span2D view describes it, and the runtime sends it as an MPI vector datatype straight from the
// array — no packing into a buffer and unpacking at the other end. At the end rank 0 gathers the blocks and compares
// them with the same iterations run serially on the whole grid: the arithmetic is identical, so the difference is 0
// (and the printed sum is the same for any number of ranks).
//   mpirun.openmpi -n 4 dotnet samples/Halo2D/bin/Release/net10.0/Halo2D.dll
const int Rows = 50;
const int Columns = 36;
const int Iterations = 50;

return Mpi.Run(args, world =>
{
    // A balanced process grid for this many ranks (MPI_Dims_create): 4 → 2 × 2, 6 → 3 × 2, 5 → 5 × 1.
    var dims = CartesianCommunicator.ComputeDimensions(world.Size, 2);
    if (dims[0] > Rows || dims[1] > Columns)
    {
        Console.Error.WriteLine($"rank {world.Rank}: a {Rows} x {Columns} grid cannot be cut into {dims[0]} x {dims[1]} blocks; use fewer ranks");
        return 1;
    }

    using var grid = world.CreateCartesian(dims, [false, false]); // not periodic: off the edge, a neighbour is Mpi.ProcNull
    // var leaked = world.CreateCartesian(dims, [false, false]); // the classic mistake: a communicator never disposed is never freed (MPI_Comm_free), and MPI has only a few thousand (TMPI0500)

    var block = Block.Of(grid.Coordinates, dims, Rows, Columns);
    var (north, south) = grid.Shift(direction: 0, displacement: 1);
    var (west, east) = grid.Shift(direction: 1, displacement: 1);
    Console.WriteLine($"rank {grid.Rank} at ({grid.Coordinates[0]}, {grid.Coordinates[1]}) of {dims[0]} x {dims[1]}: {block}");

    var current = Heat.Start(block, Rows, Columns);
    var next = Heat.Start(block, Rows, Columns); // its halo holds the boundary too, where there is no neighbour
    for (var step = 0; step < Iterations; step++)
    {
        ExchangeHalo(grid, new Span2D<double>(current), north, south, west, east);
        Heat.Step(current, next);
        (current, next) = (next, current);
    }

    var inner = new Span2D<double>(current).Slice(1, 1, block.Height, block.Width); // strided: each row without its halo ends
    var failed = 0;
    if (grid.Rank == 0)
    {
        var gathered = Gather(grid, inner, dims);
        var serial = Heat.Serial(Rows, Columns, Iterations);
        var (difference, sum) = (0.0, 0.0);
        for (var i = 1; i <= Rows; i++)
        {
            for (var j = 1; j <= Columns; j++)
            {
                difference = Math.Max(difference, Math.Abs(gathered[i, j] - serial[i, j]));
                sum += gathered[i, j];
            }
        }

        Console.WriteLine($"{Rows} x {Columns} grid, {Iterations} Jacobi iterations on {dims[0]} x {dims[1]} ranks: sum of the inner cells {sum:F9}");
        Console.WriteLine($"distributed vs serial: max difference {difference} {(difference == 0 ? "OK" : "FAILED")}");
        failed = difference == 0 ? 0 : 1;
    }
    else
    {
        grid.Send(inner, dest: 0, Tags.Gather);
    }

    return grid.Bcast(failed, root: 0); // every rank returns rank 0's verdict
});

// Rows are contiguous, columns strided; both are Span2D slices of the block, sent and received in place. Each call
// is a SendRecv, so no rank waits for a neighbour that is itself waiting; at the edge of the domain the neighbour is
// Mpi.ProcNull and that half of the call does nothing, leaving the boundary values in the halo.
static void ExchangeHalo(Communicator grid, Span2D<double> field, int north, int south, int west, int east)
{
    int height = field.Height - 2, width = field.Width - 2;
    // my last inner row goes south, my top halo row comes from the north; then the mirror image
    grid.SendRecv(field.Slice(height, 1, 1, width), south, Tags.Southward, field.Slice(0, 1, 1, width), north, Tags.Southward);
    grid.SendRecv(field.Slice(1, 1, 1, width), north, Tags.Northward, field.Slice(height + 1, 1, 1, width), south, Tags.Northward);
    // my last inner column goes east, my left halo column comes from the west; then the mirror image
    grid.SendRecv(field.Slice(1, width, height, 1), east, Tags.Eastward, field.Slice(1, 0, height, 1), west, Tags.Eastward);
    grid.SendRecv(field.Slice(1, 1, height, 1), west, Tags.Westward, field.Slice(1, width + 1, height, 1), east, Tags.Westward);
}

// Rank 0 receives every other rank's block straight into its place in the global grid (a strided view on both
// sides) and copies its own: the whole grid, boundary ring included.
static double[,] Gather(CartesianCommunicator grid, Span2D<double> mine, int[] dims)
{
    var whole = Heat.Start(new Block(0, 0, Rows, Columns), Rows, Columns);
    var view = new Span2D<double>(whole);
    for (var rank = 0; rank < grid.Size; rank++)
    {
        var block = Block.Of(grid.CoordinatesOf(rank), dims, Rows, Columns);
        var target = view.Slice(block.Row + 1, block.Column + 1, block.Height, block.Width);
        if (rank == grid.Rank)
        {
            mine.CopyTo(target);
        }
        else
        {
            grid.Recv<double>(target, source: rank, Tags.Gather);
        }
    }

    return whole;
}

/// <summary>The tags of this program. Span2D messages take plain int tags: a tag per direction, one for the gather.</summary>
internal static class Tags
{
    public const int Southward = 1;
    public const int Northward = 2;
    public const int Eastward = 3;
    public const int Westward = 4;
    public const int Gather = 5;
}
