namespace TypedMpi.InProcess;

/// <summary>
/// Wakes a sleeping rank. A waker bumps the generation (a full fence) and takes the lock only when someone sleeps;
/// a sleeper notes the generation before its last look at its condition and sleeps only while it is unchanged, so no
/// wake is lost. Unlike <see cref="ManualResetEventSlim"/>, nothing is allocated on the first sleep.
/// </summary>
internal sealed class WakeSignal
{
    /// <summary>A sleeper looks again this often even without a wake: a safety net, never the mechanism.</summary>
    private const int RecheckMilliseconds = 100;

    private readonly object _gate = new();
    private long _generation;
    private int _sleepers;

    public long Generation => Volatile.Read(ref _generation);

    public void Wake()
    {
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepers) != 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Sleeps until the generation moves past <paramref name="seen"/> (or the safety-net timeout passes).</summary>
    public void Sleep(long seen)
    {
        Interlocked.Increment(ref _sleepers);
        try
        {
            lock (_gate)
            {
                if (Volatile.Read(ref _generation) == seen)
                {
                    Monitor.Wait(_gate, RecheckMilliseconds);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _sleepers);
        }
    }
}
