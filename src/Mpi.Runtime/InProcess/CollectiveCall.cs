using System.Runtime.InteropServices;
using System.Text;

namespace TypedMpi.InProcess;

/// <summary>The collectives, including those that create communicators.</summary>
internal enum CollectiveKind
{
    Barrier,
    Bcast,
    Reduce,
    Allreduce,
    Scan,
    Exscan,
    ReduceScatterBlock,
    Gather,
    Gatherv,
    Scatter,
    Scatterv,
    Allgather,
    Allgatherv,
    Alltoall,
    Alltoallv,
    CommDup,
    CommSplit,
    CommCreate,
    CartCreate,
}

/// <summary>One rank's arguments to a collective call; its buffers stay valid until its request completes.</summary>
internal unsafe struct CollectiveArgs
{
    public CollectiveKind Kind;
    public string Function;
    public byte* Send;
    public byte* Recv;
    public int SendCount;
    public int RecvCount;
    public InProcessType? SendType;
    public InProcessType? RecvType;
    public InProcessOp? Op;
    public int Root;
    public int* SendCounts;
    public int* SendDisplacements;
    public int* RecvCounts;
    public int* RecvDisplacements;
    public int Color;
    public int Key;
    public int[]? Group;
    public int Dimensions;
    public int* Sizes;
    public int* Periodic;
    public nint* NewComm;
    public InProcessRequest Request;

    public readonly bool HasRoot => Kind is CollectiveKind.Bcast or CollectiveKind.Reduce or CollectiveKind.Gather
        or CollectiveKind.Gatherv or CollectiveKind.Scatter or CollectiveKind.Scatterv;
}

/// <summary>
/// A collective in progress on one communicator: the n-th collective each member calls is the same call (MPI matches
/// collectives by order). Each member leaves its arguments; the last to arrive performs the whole operation on
/// everyone's buffers and completes every member's request.
/// </summary>
internal sealed unsafe class CollectiveCall : Completion
{
    private byte* _scratch;
    private long _scratchBytes;
    private int _observers;

    public CollectiveCall(int size)
    {
        Parts = new CollectiveArgs[size];
        Arrived = new bool[size];
        Results = new int[size];
    }

    public CommState Comm { get; private set; } = null!;

    public long Sequence { get; private set; }

    public CollectiveArgs[] Parts { get; }

    public bool[] Arrived { get; }

    public int ArrivedCount { get; set; }

    /// <summary>The error code each member's call returns.</summary>
    public int[] Results { get; }

    /// <summary>Set when the job stopped before the call ran: nobody will run it.</summary>
    public bool IsAbandoned { get; private set; }

    public void Start(CommState comm, long sequence)
    {
        Comm = comm;
        Sequence = sequence;
        ArrivedCount = 0;
        IsAbandoned = false;
        _observers = Parts.Length;
        Array.Clear(Arrived);
        Array.Clear(Results);
        ResetCompletion();
    }

    /// <summary>Runs the collective, unless the job was stopped first, and completes every member's request.</summary>
    public void Execute()
    {
        if (!TryClaim())
        {
            return;
        }

        CollectiveExecutor.Run(this);
        MarkDone();
        for (var rank = 0; rank < Parts.Length; rank++)
        {
            var request = Parts[rank].Request;
            request.StatusError = Results[rank];
            request.Finish();
        }
    }

    /// <summary>Makes sure the call never runs once a member has stopped waiting for it.</summary>
    public void Abandon()
    {
        if (TryClaim())
        {
            IsAbandoned = true;
        }
    }

    /// <summary>A member is done with the call; the last one gives it back to the pool.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _observers) == 0)
        {
            Comm.Collectives.Recycle(this);
        }
    }

    /// <summary>Working memory for reductions: <paramref name="bytes"/> in each of two buffers, kept for the next call.</summary>
    public (nint First, nint Second) Scratch(long bytes)
    {
        if (bytes > _scratchBytes)
        {
            NativeMemory.Free(_scratch);
            _scratchBytes = Math.Max(bytes, 64);
            _scratch = (byte*)NativeMemory.Alloc((nuint)(2 * _scratchBytes));
        }

        return ((nint)_scratch, (nint)(_scratch + _scratchBytes));
    }

    public string Describe()
    {
        var first = Parts[Array.IndexOf(Arrived, true) is var i and >= 0 ? i : 0];
        var call = first.HasRoot ? $"{first.Function}(root: {first.Root})" : first.Function;
        if (ArrivedCount == Parts.Length)
        {
            return call;
        }

        var missing = new StringBuilder();
        for (var rank = 0; rank < Arrived.Length; rank++)
        {
            if (!Arrived[rank])
            {
                missing.Append(missing.Length == 0 ? "" : ", ").Append(rank);
            }
        }

        return $"{call}, waiting for rank{(Parts.Length - ArrivedCount > 1 ? "s" : "")} {missing} of {Comm.Name}";
    }
}

/// <summary>The collective calls of one communicator: each member's next sequence number and the calls still gathering members.</summary>
internal sealed class CollectiveBoard(CommState comm)
{
    /// <summary>Calls gathering members while another one is open too (nonblocking collectives started ahead).</summary>
    private readonly Dictionary<long, CollectiveCall> _open = [];
    private SpinGate _gate;

    /// <summary>The open call when it is the only one, as with blocking collectives: found without a lookup.</summary>
    private CollectiveCall? _single;

    /// <summary>
    /// The last call that finished, kept for the board's next collective: the job's pool takes a process-wide lock,
    /// and one call at a time is what a program of blocking collectives has in flight.
    /// </summary>
    private CollectiveCall? _spare;
    private long[]? _next;

    /// <summary>Adds a member's part; returns the call, and whether this member was the last to arrive.</summary>
    public CollectiveCall Join(CommView view, in CollectiveArgs args, out bool last)
    {
        _gate.Enter();
        try
        {
            _next ??= new long[comm.Size];
            var sequence = _next[view.Rank]++;
            var call = _single is { } single && single.Sequence == sequence ? single
                : _open.Count > 0 && _open.TryGetValue(sequence, out var other) ? other
                : null;
            if (call is null)
            {
                call = Interlocked.Exchange(ref _spare, null) ?? comm.Job.RentCall(comm.Size);
                call.Start(comm, sequence);
                if (_single is null)
                {
                    _single = call;
                }
                else
                {
                    _open[sequence] = call;
                }
            }

            call.Parts[view.Rank] = args;
            call.Arrived[view.Rank] = true;
            args.Request.Call = call;
            last = ++call.ArrivedCount == comm.Size;
            if (last)
            {
                if (_single == call)
                {
                    _single = null;
                }
                else
                {
                    _open.Remove(sequence);
                }
            }

            return call;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>
    /// Gives the kept call back to the job's pool, when a member frees the communicator: the next communicator of this
    /// size then starts with it (a freed communicator holding one would leave that one to allocate again).
    /// </summary>
    public void ReturnSpare()
    {
        if (Interlocked.Exchange(ref _spare, null) is { } call)
        {
            comm.Job.ReturnCall(call);
        }
    }

    public void Recycle(CollectiveCall call)
    {
        Array.Clear(call.Parts);
        if (Interlocked.CompareExchange(ref _spare, call, null) is not null)
        {
            comm.Job.ReturnCall(call);
        }
    }
}
