namespace TypedMpi;

/// <summary>How two communicators or groups relate (<c>MPI_Comm_compare</c>, <c>MPI_Group_compare</c>).</summary>
public enum CommunicatorComparison
{
    /// <summary>The very same object (<c>MPI_IDENT</c>).</summary>
    Identical,

    /// <summary>Same members in the same order, different contexts, e.g. a Dup (<c>MPI_CONGRUENT</c>).</summary>
    Congruent,

    /// <summary>Same members in a different order (<c>MPI_SIMILAR</c>).</summary>
    Similar,

    /// <summary>Different members (<c>MPI_UNEQUAL</c>).</summary>
    Unequal,
}

/// <summary>How <see cref="Communicator.SplitType"/> groups ranks.</summary>
public enum CommunicatorSplitType
{
    /// <summary>Ranks that can share memory: the ranks of one node (<c>MPI_COMM_TYPE_SHARED</c>).</summary>
    Shared,
}
