namespace TypedMpi.InProcess;

/// <summary>
/// A lock for the in-process backend's short critical sections (a queue operation, a pool pop): one word, spun on,
/// never sleeping and never allocating — <see cref="Lock"/> creates its wait event on first contention, which would
/// show up as an allocation in a steady-state loop. Kept as a field of the object it guards (a mutable struct:
/// never copy it), so taking it brings that object's cache line along.
/// </summary>
internal struct SpinGate
{
    private int _taken;

    public void Enter() => Enter(ref _taken);

    public void Exit() => Exit(ref _taken);

    /// <summary>Takes a gate word that lives elsewhere (native memory laid out by cache line).</summary>
    public static void Enter(ref int taken)
    {
        if (Interlocked.CompareExchange(ref taken, 1, 0) == 0)
        {
            return;
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref taken) != 0 || Interlocked.CompareExchange(ref taken, 1, 0) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1); // yields after a few rounds: the holder may share this core
        }
    }

    public static void Exit(ref int taken) => Volatile.Write(ref taken, 0);
}
