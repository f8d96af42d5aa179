namespace TypedMpi.Testing;

/// <summary>
/// Every rank of an in-process run was blocked with no way forward. The message lists each rank's blocked call,
/// peer and tag, e.g. "rank 0 blocked in Recv(source: 1, tag: 7); rank 1 blocked in Recv(source: 0, tag: 7)".
/// </summary>
public sealed class MpiDeadlockException : Exception
{
    /// <summary>Creates the exception with the watchdog's report.</summary>
    public MpiDeadlockException(string report)
        : base(report)
    {
    }
}
