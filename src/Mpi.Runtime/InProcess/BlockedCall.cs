namespace TypedMpi.InProcess;

/// <summary>
/// The blocking call a rank is in, kept for the deadlock report. Written by the rank before it sleeps, read by the
/// watchdog only after the whole job has stood still for the quiet period; nothing is formatted on the hot path.
/// </summary>
internal sealed class BlockedCall
{
    public volatile bool Active;

    public string Function = "";

    /// <summary>What <see cref="Peer"/> is: the source of a receive, the destination of a send, a collective's root.</summary>
    public PeerRole Role;

    public int Peer;

    public int Tag;

    public CommView? Communicator;

    /// <summary>The request a Wait is for, described in its place.</summary>
    public InProcessRequest? Request;

    public void Set(in BlockedCallInfo call) => Set(call.Function, call.Role, call.Peer, call.Tag, call.Communicator, call.Request);

    public void Set(string function, PeerRole role, int peer, int tag, CommView? communicator, InProcessRequest? request = null)
    {
        Function = function;
        Role = role;
        Peer = peer;
        Tag = tag;
        Communicator = communicator;
        Request = request;
    }

    public string Describe()
    {
        var call = Request is not { } request ? Format(Function, Role, Peer, Tag)
            : request.Function == Function ? request.Describe()
            : $"{Function}({request.Describe()})";
        // A collective names its communicator in its own description ("waiting for rank 1 of …").
        return Communicator is { } comm && !comm.State.IsWorld && Request?.Kind != OperationKind.Collective ? $"{call} on {comm.State.Name}" : call;
    }

    public static string Format(string function, PeerRole role, int peer, int tag) => role switch
    {
        PeerRole.Source => $"{function}(source: {RankName(peer)}, tag: {TagName(tag)})",
        PeerRole.Destination => $"{function}(dest: {peer}, tag: {tag})",
        PeerRole.Root => $"{function}(root: {peer})",
        _ => function,
    };

    private static string RankName(int rank) => rank == -1 ? "any" : rank.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TagName(int tag) => tag == -2 ? "any" : tag.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal enum PeerRole
{
    None,
    Source,
    Destination,
    Root,
}

/// <summary>
/// What a rank would be blocked in, kept on the caller's stack and copied into its <see cref="BlockedCall"/> only when
/// the rank actually goes to sleep: a call that completes while polling never writes it.
/// </summary>
internal readonly record struct BlockedCallInfo(string Function, PeerRole Role, int Peer, int Tag, CommView? Communicator, InProcessRequest? Request = null);
