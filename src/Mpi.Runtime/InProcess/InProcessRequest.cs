namespace TypedMpi.InProcess;

/// <summary>What an in-process request is doing.</summary>
internal enum OperationKind
{
    Send,
    Receive,
    Collective,
}

/// <summary>
/// A request of the in-process backend: a posted receive waiting in a mailbox, a send waiting for its receiver, or a
/// rank's part in a collective. Pooled per thread with a permanent handle, so steady-state traffic allocates nothing.
/// </summary>
internal sealed unsafe class InProcessRequest : Completion
{
    [ThreadStatic]
    private static Stack<InProcessRequest>? t_pool;

    private InProcessRequest() => Handle = HandleTable.Add(this);

    public nint Handle { get; }

    public OperationKind Kind;

    /// <summary>The API name for reports: "Irecv", "Recv", "Ssend", "Ibcast", …</summary>
    public string Function = "";

    public CommView? Comm;

    /// <summary>A receive: where the data goes and what it matches.</summary>
    public byte* Buffer;
    public long Capacity;
    public InProcessType? Type;
    public int Source;
    public int Tag;

    /// <summary>A send: the rank it goes to.</summary>
    public int Destination;

    /// <summary>The next receive posted to the same mailbox.</summary>
    public InProcessRequest? NextPosted;

    /// <summary>A send waiting for its receiver: its envelope in the destination's queue (for cancel and abort).</summary>
    public Envelope? Waiting;

    /// <summary>The send half of an Isendrecv, whose receive half is this request.</summary>
    public InProcessRequest? Companion;

    /// <summary>A collective: the call and this rank's place in it.</summary>
    public CollectiveCall? Call;

    /// <summary>The status of the completed operation.</summary>
    public int StatusSource;
    public int StatusTag;
    public int StatusError;
    public long StatusBytes;
    public bool Cancelled;

    /// <summary><c>MPI_Request_free</c> was called: recycle on completion, nobody will wait.</summary>
    public bool Detached;

    /// <summary>
    /// The request of every nonblocking send that completed as it started (an eager copy, or its receive was waiting):
    /// one shared object that nothing writes, so such a send takes no request from the pool and gives none back. Its
    /// status is empty: MPI leaves a send's status undefined but for the error and the cancelled flag.
    /// </summary>
    public static InProcessRequest CompletedSend { get; } = CreateCompletedSend();

    public static InProcessRequest Rent(OperationKind kind, string function, CommView? comm)
    {
        var pool = t_pool ??= new Stack<InProcessRequest>();
        var request = pool.Count > 0 ? pool.Pop() : new InProcessRequest();
        request.Kind = kind;
        request.Function = function;
        request.Comm = comm;
        return request;
    }

    public void Return()
    {
        if (ReferenceEquals(this, CompletedSend))
        {
            return;
        }

        Buffer = null;
        Capacity = 0;
        Type = null;
        Comm = null;
        NextPosted = null;
        Waiting = null;
        Companion = null;
        Call = null;
        StatusSource = StatusTag = StatusError = 0;
        StatusBytes = 0;
        Cancelled = false;
        Detached = false;
        ResetCompletion();
        (t_pool ??= new Stack<InProcessRequest>()).Push(this);
    }

    private static InProcessRequest CreateCompletedSend()
    {
        var request = new InProcessRequest { Kind = OperationKind.Send, Function = "Isend", StatusSource = PointToPoint.ProcNull, StatusTag = Mailbox.AnyTag };
        request.MarkDone();
        return request;
    }

    /// <summary>Completes at once with an empty status (a send that was delivered, a receive from MPI_PROC_NULL).</summary>
    public void CompleteEmpty(int source, int tag)
    {
        StatusSource = source;
        StatusTag = tag;
        StatusBytes = 0;
        MarkDone();
    }

    /// <summary>Wakes the owner after another thread completed the request.</summary>
    public void Finish()
    {
        MarkDone();
        Comm?.Owner.Wake();
    }

    public string Describe() => Kind switch
    {
        OperationKind.Receive => BlockedCall.Format(Function, PeerRole.Source, Source, Tag),
        OperationKind.Send => BlockedCall.Format(Function, PeerRole.Destination, Destination, Tag),
        _ => Call?.Describe() ?? Function,
    };
}
