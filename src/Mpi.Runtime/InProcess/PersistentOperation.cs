namespace TypedMpi.InProcess;

/// <summary>
/// A persistent request of the in-process backend (<c>MPI_Send_init</c>, <c>MPI_Recv_init</c>): the arguments of one
/// send or receive, fixed once, and the operation the latest <c>MPI_Start</c> began. Its handle stays valid across
/// completions — a completed persistent request is inactive, not freed — until <c>MPI_Request_free</c>.
/// </summary>
internal sealed unsafe class PersistentOperation
{
    public PersistentOperation(OperationKind kind, CommView view, byte* buffer, int count, InProcessType type, int peer, int tag)
    {
        Kind = kind;
        View = view;
        Buffer = buffer;
        Count = count;
        Type = type;
        Peer = peer;
        Tag = tag;
        Handle = HandleTable.Add(this);
    }

    public nint Handle { get; }

    public OperationKind Kind { get; }

    public CommView View { get; }

    public byte* Buffer { get; }

    public int Count { get; }

    public InProcessType Type { get; }

    /// <summary>The destination of a send, the source of a receive.</summary>
    public int Peer { get; }

    public int Tag { get; }

    /// <summary>The operation of the latest start; null while the request is inactive.</summary>
    public InProcessRequest? Current { get; set; }

    /// <summary>The API name for reports (a deadlock shows "Wait(RecvInit(source: 1, tag: 7))").</summary>
    public string Function => Kind == OperationKind.Receive ? "RecvInit" : "SendInit";

    /// <summary>Begins one more transfer; the caller has checked the request is inactive.</summary>
    public int Start()
    {
        if (Kind == OperationKind.Receive)
        {
            Current = PointToPoint.StartReceive(View, Buffer, Count, Type, Peer, Tag, Function);
            return 0;
        }

        var rc = PointToPoint.StartSend(View, Buffer, Count, Type, Peer, Tag, SendMode.Standard, Function, out var pending);
        Current = pending ?? InProcessRequest.CompletedSend;
        return rc;
    }

    public string Describe() => BlockedCall.Format(Function, Kind == OperationKind.Receive ? PeerRole.Source : PeerRole.Destination, Peer, Tag);
}
