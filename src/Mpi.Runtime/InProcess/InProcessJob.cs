namespace TypedMpi.InProcess;

/// <summary>
/// One run of an in-process program: its ranks, its world, and whether it was stopped (an exception on a rank, a
/// call to Abort, a deadlock) — after which every blocked call of every rank returns an error instead of waiting.
/// </summary>
internal sealed class InProcessJob
{
    private readonly Dictionary<int, Stack<CollectiveCall>> _callPool = [];
    private string? _abortReason;
    private int _nextCommunicator;

    public InProcessJob(int size, InProcessOptions options)
    {
        Size = size;
        Options = options;
        SharesCores = size > Environment.ProcessorCount;
        Ranks = new RankState[size];
        for (var rank = 0; rank < size; rank++)
        {
            Ranks[rank] = new RankState(this, rank);
        }

        var world = CommState.Create(this, [.. Enumerable.Range(0, size)], "world", isWorld: true);
        for (var rank = 0; rank < size; rank++)
        {
            Ranks[rank].World = world.Views[rank];
            Ranks[rank].Self = CommState.Create(this, [rank], "self").Views[0];
        }
    }

    public int Size { get; }

    public InProcessOptions Options { get; }

    public RankState[] Ranks { get; }

    /// <summary>
    /// More ranks than CPUs this process may use: some ranks share a core, and a rank waiting for one of them only
    /// delays it by polling (see <see cref="Backoff"/>). Otherwise every rank can have a core, and polling never hurts.
    /// </summary>
    public bool SharesCores { get; }

    public string? AbortReason => Volatile.Read(ref _abortReason);

    public bool IsAborted => Volatile.Read(ref _abortReason) is not null;

    /// <summary>True when the job was stopped because every rank was blocked with no way forward.</summary>
    public bool Deadlocked { get; private set; }

    /// <summary>
    /// A collective call for a communicator of <paramref name="size"/> ranks. Pooled by job, not by communicator, so a
    /// communicator created for one phase of a program starts with calls its predecessors warmed up.
    /// </summary>
    public CollectiveCall RentCall(int size)
    {
        lock (_callPool)
        {
            if (_callPool.TryGetValue(size, out var pool) && pool.Count > 0)
            {
                return pool.Pop();
            }
        }

        return new CollectiveCall(size);
    }

    public void ReturnCall(CollectiveCall call)
    {
        lock (_callPool)
        {
            if (!_callPool.TryGetValue(call.Parts.Length, out var pool))
            {
                _callPool[call.Parts.Length] = pool = new Stack<CollectiveCall>();
            }

            pool.Push(call);
        }
    }

    /// <summary>A number for a new communicator's name.</summary>
    public int NextCommunicatorNumber() => Interlocked.Increment(ref _nextCommunicator);

    /// <summary>Stops the job: the first reason wins; every waiting rank wakes up and fails its call with it.</summary>
    /// <returns>True when this call stopped the job; false when it was stopped already.</returns>
    public bool Abort(string reason, bool deadlock = false)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null)
        {
            return false;
        }

        Deadlocked = deadlock;
        foreach (var rank in Ranks)
        {
            rank.Wake();
        }

        return true;
    }

    /// <summary>The error a call returns once the job is stopped.</summary>
    public int AbortedError(int worldRank) =>
        InProcessErrors.Code(MpiErrorClass.ProcAborted, $"the in-process job was stopped before this call on rank {worldRank} could finish: {AbortReason}");
}
