namespace TypedMpi.InProcess;

/// <summary>The grid of a Cartesian communicator: ranks in row-major order, the last dimension varying fastest.</summary>
internal sealed class CartesianTopology(int[] sizes, bool[] periodic)
{
    public int[] Sizes { get; } = sizes;

    public bool[] Periodic { get; } = periodic;

    public int Dimensions => Sizes.Length;

    public void CoordinatesOf(int rank, Span<int> coordinates)
    {
        for (var d = Dimensions - 1; d >= 0; d--)
        {
            coordinates[d] = rank % Sizes[d];
            rank /= Sizes[d];
        }
    }

    /// <summary>The rank at <paramref name="coordinates"/>, wrapping periodic dimensions; -1 when off a non-periodic edge.</summary>
    public int RankOf(ReadOnlySpan<int> coordinates)
    {
        var rank = 0;
        for (var d = 0; d < Dimensions; d++)
        {
            var c = coordinates[d];
            if (c < 0 || c >= Sizes[d])
            {
                if (!Periodic[d])
                {
                    return -1;
                }

                c = ((c % Sizes[d]) + Sizes[d]) % Sizes[d];
            }

            rank = rank * Sizes[d] + c;
        }

        return rank;
    }

    /// <summary>
    /// <c>MPI_Dims_create</c>: fills the zero entries of <paramref name="sizes"/> so that the product is
    /// <paramref name="nodes"/> and the free dimensions are as close to each other as possible, largest first.
    /// </summary>
    public static bool TryCreateDims(int nodes, Span<int> sizes)
    {
        long fixedProduct = 1;
        var free = 0;
        foreach (var size in sizes)
        {
            if (size < 0)
            {
                return false;
            }

            if (size == 0)
            {
                free++;
            }
            else
            {
                fixedProduct *= size;
            }
        }

        if (fixedProduct == 0 || nodes % fixedProduct != 0)
        {
            return false;
        }

        var remaining = (int)(nodes / fixedProduct);
        if (free == 0)
        {
            return remaining == 1;
        }

        // Largest prime factors first, each onto the currently smallest free dimension.
        var factors = new List<int>();
        for (var p = 2; remaining > 1; p++)
        {
            while (remaining % p == 0)
            {
                factors.Add(p);
                remaining /= p;
            }
        }

        var dims = new int[free];
        Array.Fill(dims, 1);
        for (var i = factors.Count - 1; i >= 0; i--)
        {
            var smallest = 0;
            for (var d = 1; d < free; d++)
            {
                if (dims[d] < dims[smallest])
                {
                    smallest = d;
                }
            }

            dims[smallest] *= factors[i];
        }

        Array.Sort(dims, (a, b) => b.CompareTo(a));
        var next = 0;
        for (var d = 0; d < sizes.Length; d++)
        {
            if (sizes[d] == 0)
            {
                sizes[d] = dims[next++];
            }
        }

        return true;
    }
}
