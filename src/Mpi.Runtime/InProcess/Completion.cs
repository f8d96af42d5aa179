namespace TypedMpi.InProcess;

/// <summary>Something a rank can block on: a request or a collective call. Completed once, by any thread.</summary>
internal abstract unsafe class Completion
{
    private const int Pending = 0;
    private const int Claimed = 1;
    private const int Done = 2;

    private int _state;

    /// <summary>Where the state lives when a subclass keeps it in memory of its own (see <see cref="UseExternalState"/>).</summary>
    private int* _external;

    private ref int State => ref _external == null ? ref _state : ref *_external;

    public bool IsDone => Volatile.Read(ref State) == Done;

    /// <summary>
    /// Takes the right to complete: the thread that wins may write into the owner's buffers until it calls
    /// <see cref="MarkDone"/>. A waiter that gives up (the job was aborted) claims it too, so nobody writes into a
    /// buffer whose owner has stopped waiting.
    /// </summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref State, Claimed, Pending) == Pending;

    /// <summary>
    /// Claims without the compare-and-swap of <see cref="TryClaim"/>, for a completion whose claimers already take
    /// a lock that decides who wins (a locked instruction right after writing another core's line waits for it).
    /// </summary>
    protected void MarkClaimed() => Volatile.Write(ref State, Claimed);

    public bool IsClaimed => Volatile.Read(ref State) != Pending;

    public void MarkDone() => Volatile.Write(ref State, Done);

    /// <summary>Back to pending, for reuse from a pool.</summary>
    protected void ResetCompletion() => Volatile.Write(ref State, Pending);

    /// <summary>Keeps the state in <paramref name="state"/> from now on: in the same cache line as what it completes.</summary>
    protected void UseExternalState(int* state)
    {
        *state = _state;
        _external = state;
    }
}
