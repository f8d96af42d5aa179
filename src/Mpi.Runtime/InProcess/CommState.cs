namespace TypedMpi.InProcess;

/// <summary>
/// A communicator of an in-process job, shared by its members: who they are (world ranks in rank order), one
/// mailbox per member, the collective calls in progress and, for a Cartesian communicator, its grid. Each member
/// sees it through its own <see cref="CommView"/>, whose handle tells the backend which rank is calling.
/// </summary>
internal sealed class CommState
{
    private CommState(InProcessJob job, int[] members, string name, bool isWorld, CartesianTopology? topology)
    {
        Job = job;
        Members = members;
        Name = name;
        IsWorld = isWorld;
        Topology = topology;
        Collectives = new CollectiveBoard(this);
        Views = new CommView[members.Length];
        for (var rank = 0; rank < members.Length; rank++)
        {
            var owner = job.Ranks[members[rank]];
            Views[rank] = new CommView(this, rank, owner, new Mailbox(owner));
        }
    }

    public InProcessJob Job { get; }

    /// <summary>World rank of each member, by rank in this communicator.</summary>
    public int[] Members { get; }

    public string Name { get; }

    public bool IsWorld { get; }

    public int Size => Members.Length;

    public CommView[] Views { get; }

    public CartesianTopology? Topology { get; }

    public CollectiveBoard Collectives { get; }

    public static CommState Create(InProcessJob job, int[] members, string? name = null, bool isWorld = false, CartesianTopology? topology = null) =>
        new(job, members, name ?? $"communicator #{job.NextCommunicatorNumber()} of {members.Length} ranks", isWorld, topology);
}

/// <summary>One member's handle on a communicator.</summary>
internal sealed class CommView
{
    public CommView(CommState state, int rank, RankState owner, Mailbox box)
    {
        State = state;
        Rank = rank;
        Owner = owner;
        Box = box;
        Handle = HandleTable.Add(this);
    }

    public CommState State { get; }

    /// <summary>The member's rank in the communicator.</summary>
    public int Rank { get; }

    public RankState Owner { get; }

    /// <summary>Where messages to this member on this communicator arrive.</summary>
    public Mailbox Box { get; }

    public nint Handle { get; }

    public bool Freed { get; set; }

    public override string ToString() => $"rank {Rank} of {State.Name}";
}
