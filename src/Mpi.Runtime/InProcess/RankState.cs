namespace TypedMpi.InProcess;

/// <summary>
/// One rank of an in-process job: its thread's wake-up signal, the blocking call it is in (for the deadlock
/// report), its progress counter, its world and self communicators and its attached Bsend buffer.
/// </summary>
internal sealed class RankState(InProcessJob job, int worldRank)
{
    private readonly WakeSignal _wake = new();
    private long _progress;
    private long _bufferedBytes;

    public InProcessJob Job { get; } = job;

    public int WorldRank { get; } = worldRank;

    public BlockedCall Blocked { get; } = new();

    /// <summary>How long this rank polls before it yields (see <see cref="Backoff"/>); only its own thread uses it.</summary>
    public long BusyTicks { get; set; } = Backoff.MaxBusyTicks;

    /// <summary>Envelopes of the messages this rank receives.</summary>
    public EnvelopePool Envelopes { get; } = new();

    /// <summary>Blocking calls completed so far; the watchdog sees a job stand still when no rank's count moves.</summary>
    public long Progress => Volatile.Read(ref _progress);

    public volatile bool Finished;

    public CommView World { get; set; } = null!;

    public CommView Self { get; set; } = null!;

    /// <summary>The size of the buffer attached with <c>MPI_Buffer_attach</c> (0: none).</summary>
    public long AttachedBufferSize { get; set; }

    public nint AttachedBuffer { get; set; }

    public void Wake() => _wake.Wake();

    /// <summary>Blocks until <paramref name="completion"/> is done; false when the job was aborted first.</summary>
    public bool WaitFor(Completion completion, in BlockedCallInfo call)
    {
        var backoff = new Backoff(this);
        while (!completion.IsDone)
        {
            if (backoff.Pause())
            {
                continue;
            }

            Blocked.Set(call);
            if (!Sleep(completion))
            {
                return false;
            }

            // Only sleepers matter to the watchdog: a rank that never slept was never blocked.
            Interlocked.Increment(ref _progress);
        }

        backoff.Done();
        return true;
    }

    /// <summary>
    /// One round of waiting for something other than a completion (a probe's message): note
    /// <see cref="PrepareToSleep"/>'s generation, check the condition, then <see cref="SleepUntilWoken"/> with it;
    /// once the condition holds (or the wait gives up), <see cref="EndWait"/>. A wake between the two is not lost.
    /// </summary>
    public long PrepareToSleep() => _wake.Generation;

    public bool SleepUntilWoken(ref Backoff backoff, long seen)
    {
        if (Job.IsAborted)
        {
            return false;
        }

        if (backoff.Pause())
        {
            return true;
        }

        if (!backoff.Sleeping)
        {
            // A waker that ran before this registration did not see it: look at the condition once more first.
            backoff.Sleeping = true;
            Blocked.Active = true;
            _wake.Register();
            return true;
        }

        _wake.Sleep(seen);
        return !Job.IsAborted;
    }

    /// <summary>Ends a wait of <see cref="SleepUntilWoken"/> rounds.</summary>
    public void EndWait(ref Backoff backoff)
    {
        if (backoff.Sleeping)
        {
            backoff.Sleeping = false;
            Blocked.Active = false;
            _wake.Unregister();
        }
    }

    public void CountProgress() => Interlocked.Increment(ref _progress);

    /// <summary>Reserves room in the attached buffer for a buffered send; false when it does not fit.</summary>
    public bool TryReserveBuffered(long bytes, int overhead)
    {
        var needed = bytes + overhead;
        while (true)
        {
            var used = Volatile.Read(ref _bufferedBytes);
            if (used + needed > AttachedBufferSize)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _bufferedBytes, used + needed, used) == used)
            {
                return true;
            }
        }
    }

    public void ReleaseBuffered(long bytes, int overhead) => Interlocked.Add(ref _bufferedBytes, -(bytes + overhead));

    public long BufferedBytesInUse => Volatile.Read(ref _bufferedBytes);

    private bool Sleep(Completion completion)
    {
        Blocked.Active = true;
        _wake.Register();
        try
        {
            while (!completion.IsDone)
            {
                var seen = _wake.Generation;
                if (Job.IsAborted)
                {
                    return false;
                }

                if (!completion.IsDone)
                {
                    _wake.Sleep(seen);
                }
            }

            return true;
        }
        finally
        {
            _wake.Unregister();
            Blocked.Active = false;
        }
    }
}
