namespace TypedMpi;

/// <summary>How much thread support the MPI library gives (<c>MPI_THREAD_*</c>).</summary>
public enum ThreadLevel
{
    /// <summary>Only one thread in the process.</summary>
    Single,

    /// <summary>Several threads, but only the one that initialized MPI calls it.</summary>
    Funneled,

    /// <summary>Any thread may call MPI, but never two at once.</summary>
    Serialized,

    /// <summary>Any thread may call MPI at any time.</summary>
    Multiple,
}
