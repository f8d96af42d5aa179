namespace TypedMpi.Benchmarks;

/// <summary>What every measurement shares; everything here is allocated once, before any timing.</summary>
internal sealed record BenchContext(
    MpiEnvironment Mpi,
    string Library,
    MessageBuffer Buffer,
    double[] Samples,
    double[] Rates,
    Request[] Requests)
{
    private const int TagAllocated = 3;

    public Communicator World => Mpi.World;

    /// <summary>
    /// Managed bytes both ranks allocated in their timed regions: each rank passes its own count
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> after minus before); rank 0 gets the sum.
    /// Called after the timing, so the extra message costs nothing measured.
    /// </summary>
    public long TotalAllocated(long mine) => TotalAllocated(World, mine);

    /// <summary>The same for any suite: rank 0 gets the sum of both ranks' <paramref name="mine"/>.</summary>
    public static long TotalAllocated(Communicator world, long mine)
    {
        if (world.Rank == 0)
        {
            return mine + world.Recv<long>(1, TagAllocated);
        }

        world.Send(mine, 0, TagAllocated);
        return mine;
    }
}
