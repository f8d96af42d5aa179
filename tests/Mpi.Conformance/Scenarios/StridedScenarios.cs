using CommunityToolkit.HighPerformance;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>Span2D views — columns, blocks, halos — sent and received in place through vector datatypes.</summary>
public static class StridedScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("strided.column-to-column", ColumnToColumn),
        new("strided.block-to-contiguous", BlockToContiguous),
        new("strided.halo-exchange-ring", HaloExchange),
        new("strided.bcast-block", BcastBlock),
        new("strided.message-type-column", MessageTypeColumn),
    ];

    private static double[,] Grid(int rows, int columns, int seed)
    {
        var grid = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                grid[r, c] = seed * 1000 + r * 10 + c;
            }
        }

        return grid;
    }

    private static void ColumnToColumn(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var mine = new Span2D<double>(Grid(5, 4, ctx.Rank));
        var received = new double[5, 4];
        var target = new Span2D<double>(received);
        comm.SendRecv<double>(mine.Slice(0, 2, 5, 1), comm.Next, 1, target.Slice(0, 3, 5, 1), comm.Previous, 1);
        for (var r = 0; r < 5; r++)
        {
            ctx.Equal(comm.Previous * 1000 + r * 10 + 2.0, received[r, 3], $"row {r} of the received column");
            ctx.Equal(0.0, received[r, 2], $"row {r} next to it is untouched");
        }
    }

    private static void BlockToContiguous(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var grid = new Span2D<double>(Grid(6, 6, ctx.Rank));
        var block = grid.Slice(1, 2, 3, 3); // rows 1..3, columns 2..4
        var flat = new double[9];
        var status = comm.SendRecv<double>(block, comm.Next, 2, new Span2D<double>(flat, 3, 3), comm.Previous, 2);
        ctx.Equal(9, status.Count<double>(), "elements received");
        for (var i = 0; i < 9; i++)
        {
            ctx.Equal(comm.Previous * 1000 + (1 + i / 3) * 10 + (2 + i % 3), flat[i], $"element {i}");
        }
    }

    private static void HaloExchange(ScenarioContext ctx)
    {
        // A 1-D decomposition along columns: each rank owns 4 inner columns plus a halo column on each side.
        const int Rows = 3, Inner = 4;
        var comm = ctx.Comm;
        var storage = new double[Rows, Inner + 2];
        var grid = new Span2D<double>(storage);
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 1; c <= Inner; c++)
            {
                storage[r, c] = ctx.Rank * 100 + r * 10 + c;
            }
        }

        // send my first inner column left and receive my right halo from the right, then the mirror image
        comm.SendRecv(grid.Slice(0, 1, Rows, 1), comm.Previous, 3, grid.Slice(0, Inner + 1, Rows, 1), comm.Next, 3);
        comm.SendRecv(grid.Slice(0, Inner, Rows, 1), comm.Next, 4, grid.Slice(0, 0, Rows, 1), comm.Previous, 4);
        for (var r = 0; r < Rows; r++)
        {
            ctx.Equal(comm.Next * 100 + r * 10 + 1.0, storage[r, Inner + 1], $"right halo row {r}");
            ctx.Equal(comm.Previous * 100 + r * 10 + Inner, storage[r, 0], $"left halo row {r}");
        }
    }

    private static void BcastBlock(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var storage = ctx.Rank == 0 ? Grid(4, 5, 7) : new double[4, 5];
        comm.Bcast(new Span2D<double>(storage).Slice(1, 1, 2, 3), root: 0);
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 5; c++)
            {
                var inBlock = r is >= 1 and <= 2 && c is >= 1 and <= 3;
                var expected = inBlock || ctx.Rank == 0 ? 7000 + r * 10 + c : 0.0;
                ctx.Equal(expected, storage[r, c], $"[{r}, {c}]");
            }
        }
    }

    private static void MessageTypeColumn(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var cells = new Cell[3, 3];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                cells[r, c] = new Cell(ctx.Rank * 10 + r, c);
            }
        }

        var received = new Cell[3];
        comm.SendRecv<Cell>(new Span2D<Cell>(cells).Slice(0, 1, 3, 1), comm.Next, 5, new Span2D<Cell>(received, 3, 1), comm.Previous, 5);
        for (var r = 0; r < 3; r++)
        {
            ctx.Equal(new Cell(comm.Previous * 10 + r, 1), received[r], $"row {r}");
        }
    }
}
