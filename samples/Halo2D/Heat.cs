/// <summary>
/// A rank's share of the global grid: <see cref="Height"/> × <see cref="Width"/> cells starting at interior row
/// <see cref="Row"/> and column <see cref="Column"/> (0-based), held in an array with a one-cell halo all round, so
/// that the local cell [a, b] is the global cell [Row + a, Column + b] of the grid with its boundary ring.
/// </summary>
internal readonly record struct Block(int Row, int Column, int Height, int Width)
{
    /// <summary>The block at <paramref name="coordinates"/> of a <paramref name="dims"/> process grid: near-equal shares, the first ones one larger.</summary>
    public static Block Of(IReadOnlyList<int> coordinates, IReadOnlyList<int> dims, int rows, int columns)
    {
        var (row, height) = Share(rows, dims[0], coordinates[0]);
        var (column, width) = Share(columns, dims[1], coordinates[1]);
        return new Block(row, column, height, width);
    }

    private static (int Start, int Count) Share(int extent, int parts, int index) =>
        (index * (extent / parts) + Math.Min(index, extent % parts), extent / parts + (index < extent % parts ? 1 : 0));

    public override string ToString() => $"rows {Row + 1}..{Row + Height}, columns {Column + 1}..{Column + Width}";
}

/// <summary>The heat equation on a rectangle with a fixed boundary, by Jacobi iterations: the same code for a rank's block and for the serial check.</summary>
internal static class Heat
{
    /// <summary>
    /// The starting temperature of global cell [i, j] of a grid of <paramref name="rows"/> × <paramref name="columns"/>
    /// inner cells: the boundary ring is fixed (the top edge hot at 1, the left edge at 0.5, the others cold), the inside
    /// an uneven pattern, so that a halo cell in the wrong place changes the result.
    /// </summary>
    public static double Initial(int i, int j, int rows, int columns) =>
        i == 0 ? 1.0
        : j == 0 ? 0.5
        : i == rows + 1 || j == columns + 1 ? 0.0
        : (i * 31 + j * 17) % 11 / 10.0;

    /// <summary>The block with its halo, every cell at its starting temperature (the halo too: at the domain's edge it is the boundary).</summary>
    public static double[,] Start(Block block, int rows, int columns)
    {
        var cells = new double[block.Height + 2, block.Width + 2];
        for (var a = 0; a < block.Height + 2; a++)
        {
            for (var b = 0; b < block.Width + 2; b++)
            {
                cells[a, b] = Initial(block.Row + a, block.Column + b, rows, columns);
            }
        }

        return cells;
    }

    /// <summary>One Jacobi step: every inner cell of <paramref name="next"/> becomes the mean of its four neighbours in <paramref name="current"/>.</summary>
    public static void Step(double[,] current, double[,] next)
    {
        for (var a = 1; a < current.GetLength(0) - 1; a++)
        {
            for (var b = 1; b < current.GetLength(1) - 1; b++)
            {
                next[a, b] = 0.25 * (current[a - 1, b] + current[a + 1, b] + current[a, b - 1] + current[a, b + 1]);
            }
        }
    }

    /// <summary>The whole grid on one rank, <paramref name="iterations"/> steps: what the distributed run must reproduce exactly.</summary>
    public static double[,] Serial(int rows, int columns, int iterations)
    {
        var whole = new Block(0, 0, rows, columns);
        var (current, next) = (Start(whole, rows, columns), Start(whole, rows, columns));
        for (var step = 0; step < iterations; step++)
        {
            Step(current, next);
            (current, next) = (next, current);
        }

        return current;
    }
}
