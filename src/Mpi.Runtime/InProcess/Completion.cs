namespace TypedMpi.InProcess;

/// <summary>Something a rank can block on: a request or a collective call. Completed once, by any thread.</summary>
internal abstract class Completion
{
    private const int Pending = 0;
    private const int Claimed = 1;
    private const int Done = 2;

    private volatile int _state;

    public bool IsDone => _state == Done;

    /// <summary>
    /// Takes the right to complete: the thread that wins may write into the owner's buffers until it calls
    /// <see cref="MarkDone"/>. A waiter that gives up (the job was aborted) claims it too, so nobody writes into a
    /// buffer whose owner has stopped waiting.
    /// </summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Pending) == Pending;

    public bool IsClaimed => _state != Pending;

    public void MarkDone() => _state = Done;

    /// <summary>Back to pending, for reuse from a pool.</summary>
    protected void ResetCompletion() => _state = Pending;
}
