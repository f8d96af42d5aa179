using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

namespace TypedMpi.InProcess;

/// <summary>
/// How a rank waits before it sleeps: it polls its condition with one pause instruction between checks for up to two
/// microseconds (a partner on another core answers well within that), then yields its core between checks for a
/// while (a partner on the same core needs it to run at all), then sleeps until woken.
/// </summary>
/// <remarks>
/// <para>When the job has more ranks than CPUs, the busy phase adapts per rank: a wait that lasted longer than the
/// longest busy phase halves the next busy phase (polling would not have caught it: the partner is sharing this core,
/// and polling only delays it), any shorter wait doubles it back — also one that ended after yielding, which only
/// means the busy phase had become too short for the partner's round trip (halving on every yield would trap two
/// ranks in yielding for good once a few slow waits had shortened it). With a core for every rank it stays at its
/// longest. With a core each, two ranks hand a message over in a fraction of a microsecond; sharing one, in about a
/// context switch.</para>
/// <para>Measured on a 2-vCPU VM, a flag handed between two threads takes ~0.1 µs with one <c>pause</c> between polls
/// and 0.6–2 µs with <see cref="Thread.SpinWait(int)"/> (normalized to many pauses); <see cref="SpinWait"/> is worse
/// still: its busy rounds double in length. Polling with no pause for the first few hundred nanoseconds (a
/// <c>pause</c> takes ~26 ns on the AMD EPYC of that VM) made the mailbox's 8-byte hand-over ~10 ns slower: back-to-back
/// polls keep pulling away the line the sender is writing.</para>
/// </remarks>
internal struct Backoff(RankState? rank)
{
    public static readonly long MaxBusyTicks = Stopwatch.Frequency / 500_000;   // 2 µs
    public static readonly long MinBusyTicks = Stopwatch.Frequency / 20_000_000; // 50 ns
    private static readonly long YieldTicks = Stopwatch.Frequency / 2_000;       // 500 µs

    private readonly long _busyTicks = rank?.BusyTicks ?? MaxBusyTicks;
    private long _start;
    private int _polls;

    /// <summary>True once this wait went past yielding into sleeping (the rank is registered as a sleeper).</summary>
    public bool Sleeping { get; set; }

    /// <summary>True once this wait went past polling into yielding.</summary>
    public bool Yielded { get; private set; }

    /// <summary>Pauses once; false when it is time to sleep instead.</summary>
    public bool Pause()
    {
        // Reading the clock costs as much as a few polls: look at it every 16th while polling.
        if (Yielded || (_polls++ & 15) == 0)
        {
            var now = Stopwatch.GetTimestamp();
            if (_start == 0)
            {
                _start = now;
            }
            else if (now - _start >= YieldTicks)
            {
                return false;
            }
            else if (now - _start >= _busyTicks)
            {
                Yielded = true;
                Thread.Yield();
                return true;
            }
        }

        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else
        {
            Thread.SpinWait(1);
        }

        return true;
    }

    /// <summary>Tells the rank how this wait went, for the length of its next busy phase.</summary>
    public readonly void Done()
    {
        // With a core for every rank, waits longer than polling are the partner's work or the VM's hiccups, not a
        // partner waiting for this core: shortening the busy phase then only turns short waits into yields, which
        // make the partner's waits longer in turn (an 8-byte Allreduce on two ranks spent 15 % of its time in
        // sched_yield that way).
        if (rank is not null && rank.Job.SharesCores)
        {
            var longerThanPolling = Yielded && Stopwatch.GetTimestamp() - _start > MaxBusyTicks;
            var next = longerThanPolling
                ? Math.Max(MinBusyTicks, _busyTicks / 2)
                : Math.Min(MaxBusyTicks, _busyTicks * 2);
            if (next != _busyTicks)
            {
                // Written only when it changes: other ranks read the rank's state object (to wake it) on every send.
                rank.BusyTicks = next;
            }
        }
    }
}
