namespace TypedMpi;

/// <summary>
/// Reuses <see cref="RequestSlot"/>s so that steady-state nonblocking traffic allocates nothing, and remembers
/// every slot so that requests dropped while pending can be reported at finalize instead of leaking silently.
/// </summary>
internal static class RequestPool
{
    private static readonly Lock s_lock = new();
    private static readonly List<RequestSlot> s_all = [];

    /// <summary>
    /// Free slots of the calling thread: renting and returning take no lock. A slot returned on another thread
    /// than it was rented on simply joins that thread's list.
    /// </summary>
    [ThreadStatic]
    private static Stack<RequestSlot>? t_free;

    public static RequestSlot Rent()
    {
        if ((t_free ??= new Stack<RequestSlot>()).TryPop(out var slot))
        {
            slot.Rented = true;
            return slot;
        }

        slot = new RequestSlot { Rented = true };
        lock (s_lock)
        {
            s_all.Add(slot);
        }

        return slot;
    }

    /// <summary>Returns a completed slot; the generation bump makes every copy of its old request stale.</summary>
    public static void Return(RequestSlot slot)
    {
        slot.ReleaseResources();
        slot.Pending = false;
        slot.HoldsResult = false;
        slot.ReturnsValue = false;
        slot.Generation++;
        slot.Rented = false;
        (t_free ??= new Stack<RequestSlot>()).Push(slot);
    }

    /// <summary>Writes one line per request never completed (or whose received value was never read).</summary>
    /// <returns>How many were reported.</returns>
    public static int ReportLeaks(Interop.NativeMpi native, TextWriter output)
    {
        var count = 0;
        var rank = native.WorldRank;
        lock (s_lock)
        {
            foreach (var slot in s_all)
            {
                if ((slot.Pending || slot.HoldsResult) && (!native.IsInProcess || BelongsTo(slot, native)))
                {
                    count++;
                    var state = slot.Pending ? "was never completed (no Wait or Test succeeded)" : "completed, but its received value was never read with Wait()";
                    output.WriteLine($"[TypedMpi] rank {rank}: request {slot.Describe()} {state}; its buffer stayed pinned until finalize.");
                    slot.ReleaseResources();
                    slot.Pending = false;
                    slot.HoldsResult = false;
                }
            }
        }

        return count;
    }

    /// <summary>Slots out of the pool right now: pending, or holding a value not read yet (for tests and diagnostics).</summary>
    public static int RentedCount
    {
        get
        {
            lock (s_lock)
            {
                var count = 0;
                foreach (var slot in s_all)
                {
                    count += slot.Rented && BelongsTo(slot, Current) ? 1 : 0;
                }

                return count;
            }
        }
    }

    /// <summary>Pending requests right now (for tests and diagnostics).</summary>
    public static int PendingCount
    {
        get
        {
            lock (s_lock)
            {
                var count = 0;
                foreach (var slot in s_all)
                {
                    if (slot.Pending && BelongsTo(slot, Current))
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }

    /// <summary>The library of the calling rank: with in-process ranks, each rank counts only its own requests.</summary>
    private static Interop.NativeMpi? Current => MpiEnvironment.Current?.Native;

    /// <remarks>A slot being returned loses its communicator before it stops being pending, so a slot without one is nobody's.</remarks>
    private static bool BelongsTo(RequestSlot slot, Interop.NativeMpi? native) =>
        native is null || slot.Communicator?.Native == native;
}
