namespace TypedMpi.Testing;

/// <summary>An exception escaped one rank of an in-process run; the others were stopped.</summary>
public sealed class MpiRankFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="rank"/> of <paramref name="size"/>.</summary>
    public MpiRankFailedException(int rank, int size, Exception inner)
        : base($"rank {rank} of {size} failed: {inner.GetType().Name}: {inner.Message}", inner)
    {
        Rank = rank;
        Size = size;
    }

    /// <summary>The rank that failed first.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks of the run.</summary>
    public int Size { get; }
}
