using System.Globalization;

namespace TypedMpi.InProcess;

/// <summary>
/// The collectives that create communicators (Dup, Split, SplitType, Create, Cart_create), run by the last member
/// to arrive: it builds every new communicator and hands each member its own view, or MPI_COMM_NULL.
/// </summary>
internal static unsafe class CommunicatorFactory
{
    private static nint NullHandle => InProcessLibrary.CommNull;

    public static void Run(CollectiveCall call)
    {
        var parts = call.Parts;
        var comm = call.Comm;
        switch (parts[0].Kind)
        {
            case CollectiveKind.CommDup:
                Deliver(call, CommState.Create(comm.Job, [.. comm.Members], topology: comm.Topology), Enumerable.Range(0, comm.Size));
                break;
            case CollectiveKind.CommSplit:
                Split(call);
                break;
            case CollectiveKind.CommCreate:
                Create(call);
                break;
            case CollectiveKind.CartCreate:
                CreateCartesian(call);
                break;
        }
    }

    /// <summary>One communicator per color, members ordered by (key, old rank); color MPI_UNDEFINED gets MPI_COMM_NULL.</summary>
    private static void Split(CollectiveCall call)
    {
        var parts = call.Parts;
        var groups = Enumerable.Range(0, parts.Length)
            .Where(rank => parts[rank].Color != Mpi.Undefined)
            .GroupBy(rank => parts[rank].Color);
        for (var rank = 0; rank < parts.Length; rank++)
        {
            if (parts[rank].Color == Mpi.Undefined)
            {
                *parts[rank].NewComm = NullHandle;
            }
        }

        foreach (var color in groups)
        {
            var oldRanks = color.OrderBy(rank => parts[rank].Key).ThenBy(rank => rank).ToArray();
            var members = oldRanks.Select(rank => call.Comm.Members[rank]).ToArray();
            Deliver(call, CommState.Create(call.Comm.Job, members), oldRanks);
        }
    }

    private static void Create(CollectiveCall call)
    {
        var parts = call.Parts;
        var group = parts[0].Group!;
        for (var rank = 1; rank < parts.Length; rank++)
        {
            if (!parts[rank].Group!.AsSpan().SequenceEqual(group))
            {
                Array.Fill(call.Results, InProcessErrors.Code(MpiErrorClass.Group,
                    $"Comm_create on {call.Comm.Name}: rank {rank} passed a different group than rank 0; every rank must pass the same group"));
                return;
            }
        }

        var oldRanks = group.Select(worldRank => Array.IndexOf(call.Comm.Members, worldRank)).ToArray();
        if (oldRanks.Contains(-1))
        {
            Array.Fill(call.Results, InProcessErrors.Code(MpiErrorClass.Group,
                $"Comm_create on {call.Comm.Name}: the group has a rank that is not a member of the communicator"));
            return;
        }

        for (var rank = 0; rank < parts.Length; rank++)
        {
            *parts[rank].NewComm = NullHandle;
        }

        if (group.Length > 0)
        {
            Deliver(call, CommState.Create(call.Comm.Job, group), oldRanks);
        }
    }

    private static void CreateCartesian(CollectiveCall call)
    {
        var parts = call.Parts;
        var first = parts[0];
        var sizes = new int[first.Dimensions];
        var periodic = new bool[first.Dimensions];
        long cells = 1;
        for (var d = 0; d < sizes.Length; d++)
        {
            sizes[d] = first.Sizes[d];
            periodic[d] = first.Periodic[d] != 0;
            cells *= sizes[d];
        }

        if (sizes.Any(size => size <= 0) || cells > call.Comm.Size)
        {
            Array.Fill(call.Results, InProcessErrors.Code(MpiErrorClass.Dims, string.Create(CultureInfo.InvariantCulture,
                $"Cart_create on {call.Comm.Name}: a grid of {string.Join(" × ", sizes)} = {cells} cells needs positive sizes and at most {call.Comm.Size} ranks")));
            return;
        }

        for (var rank = 0; rank < parts.Length; rank++)
        {
            *parts[rank].NewComm = NullHandle;
        }

        var oldRanks = Enumerable.Range(0, (int)cells).ToArray();
        var members = oldRanks.Select(rank => call.Comm.Members[rank]).ToArray();
        Deliver(call, CommState.Create(call.Comm.Job, members, topology: new CartesianTopology(sizes, periodic)), oldRanks);
    }

    /// <summary>Gives each member (by its rank in the old communicator) its view of the new one.</summary>
    private static void Deliver(CollectiveCall call, CommState created, IEnumerable<int> oldRanks)
    {
        var newRank = 0;
        foreach (var oldRank in oldRanks)
        {
            *call.Parts[oldRank].NewComm = created.Views[newRank++].Handle;
        }
    }
}
