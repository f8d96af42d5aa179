namespace TypedMpi.InProcess;

/// <summary>
/// Wakes a sleeping rank. The waker's side is a plain read of the sleeper count (no fence, no write): it runs on the
/// critical path of every message, right after the waker wrote the receiver's cache lines, and a locked instruction
/// there waits for those writes to reach the other core (~20 ns a message, measured). The sleeper pays instead, once
/// per sleep, with a process-wide barrier (see <see cref="Register"/>). Unlike <see cref="ManualResetEventSlim"/>,
/// nothing is allocated on the first sleep.
/// </summary>
/// <remarks>
/// A sleeper <see cref="Register"/>s, then looks at its condition again, then <see cref="Sleep"/>s (as often as it
/// likes), then <see cref="Unregister"/>s. A waker makes the condition true, then calls <see cref="Wake"/>. Either the
/// waker's write was issued before the sleeper's barrier — then the barrier made it visible, and the sleeper's second
/// look sees it — or after it — then the waker's read of the count comes later still and sees the sleeper.
/// </remarks>
internal sealed class WakeSignal
{
    /// <summary>A sleeper looks again this often even without a wake: a safety net, never the mechanism.</summary>
    private const int RecheckMilliseconds = 100;

    private readonly object _gate = new();
    private long _generation; // bumped under the gate, by wakes that found a sleeper
    private int _sleepers;

    /// <summary>What <see cref="Sleep"/> compares with: read it before looking at the condition.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public void Wake()
    {
        if (Volatile.Read(ref _sleepers) != 0)
        {
            lock (_gate)
            {
                _generation++;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Announces a sleeper; look at the condition again afterwards, before sleeping.</summary>
    public void Register()
    {
        Interlocked.Increment(ref _sleepers);

        // Drains the store buffer of every core running this process: a waker's write to the condition issued before
        // this point is visible to the look that follows (the asymmetric half of the waker's fence-free read).
        Interlocked.MemoryBarrierProcessWide();
    }

    public void Unregister() => Interlocked.Decrement(ref _sleepers);

    /// <summary>
    /// Sleeps until a wake after <paramref name="seen"/> (or the safety-net timeout); only between
    /// <see cref="Register"/> and <see cref="Unregister"/>.
    /// </summary>
    public void Sleep(long seen)
    {
        lock (_gate)
        {
            if (_generation == seen)
            {
                Monitor.Wait(_gate, RecheckMilliseconds);
            }
        }
    }
}
