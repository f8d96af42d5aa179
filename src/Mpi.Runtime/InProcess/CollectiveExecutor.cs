using System.Globalization;

namespace TypedMpi.InProcess;

/// <summary>
/// Performs a collective once every member has arrived, on the members' own buffers: one copy per block, no
/// intermediate messages. Reductions combine the contributions in rank order (<c>r0 op (r1 op (… op rn-1))</c>), so
/// non-commutative user operations get the order MPI promises and every run gives bit-identical floating-point sums.
/// </summary>
internal static unsafe class CollectiveExecutor
{
    private static readonly byte* InPlace = (byte*)1;

    public static void Run(CollectiveCall call)
    {
        if (!Consistent(call))
        {
            return;
        }

        var parts = call.Parts;
        switch (parts[0].Kind)
        {
            case CollectiveKind.Barrier:
                break;
            case CollectiveKind.Bcast:
                Bcast(call);
                break;
            case CollectiveKind.Reduce:
            case CollectiveKind.Allreduce:
                Reduce(call);
                break;
            case CollectiveKind.Scan:
            case CollectiveKind.Exscan:
                Scan(call, exclusive: parts[0].Kind == CollectiveKind.Exscan);
                break;
            case CollectiveKind.ReduceScatterBlock:
                ReduceScatterBlock(call);
                break;
            case CollectiveKind.Gather:
            case CollectiveKind.Gatherv:
                Gather(call);
                break;
            case CollectiveKind.Scatter:
            case CollectiveKind.Scatterv:
                Scatter(call);
                break;
            case CollectiveKind.Allgather:
            case CollectiveKind.Allgatherv:
                Allgather(call);
                break;
            case CollectiveKind.Alltoall:
            case CollectiveKind.Alltoallv:
                Alltoall(call);
                break;
            default:
                CommunicatorFactory.Run(call);
                break;
        }
    }

    /// <summary>
    /// MPI matches collectives by order only; a member that called a different collective, another root or another
    /// operation is a bug real MPI libraries turn into a hang or garbage. Here every member gets MPI_ERR_NOT_SAME
    /// saying who called what.
    /// </summary>
    private static bool Consistent(CollectiveCall call)
    {
        var parts = call.Parts;
        var first = parts[0];
        for (var rank = 1; rank < parts.Length; rank++)
        {
            var other = parts[rank];
            var sameCall = other.Kind == first.Kind && (!first.HasRoot || other.Root == first.Root) && other.Op == first.Op;
            if (!sameCall)
            {
                var error = InProcessErrors.Code(MpiErrorClass.NotSame, string.Create(CultureInfo.InvariantCulture,
                    $"the ranks of {call.Comm.Name} called different collectives as their collective #{call.Sequence + 1} on it: " +
                    $"rank 0 called {Describe(first)}, rank {rank} called {Describe(other)}"));
                Array.Fill(call.Results, error);
                return false;
            }
        }

        return true;
    }

    private static string Describe(in CollectiveArgs args) =>
        (args.HasRoot ? $"{args.Function}(root: {args.Root})" : args.Function) + (args.Op is { } op ? $" with {op.Name}" : "");

    private static void Bcast(CollectiveCall call)
    {
        var parts = call.Parts;
        ref var root = ref parts[parts[0].Root];
        for (var rank = 0; rank < parts.Length; rank++)
        {
            if (rank != root.Root)
            {
                ref var member = ref parts[rank];
                Copy(call, rank, root.Send, root.SendCount, root.SendType!, member.Send, member.SendCount, member.SendType!);
            }
        }
    }

    private static byte* Contribution(in CollectiveArgs args) => args.Send == InPlace ? args.Recv : args.Send;

    /// <summary>Combines every member's contribution of <paramref name="count"/> elements into <paramref name="result"/>.</summary>
    private static void Combine(CollectiveCall call, byte* result, long offset, int count)
    {
        var parts = call.Parts;
        var type = parts[0].SendType!;
        var op = parts[0].Op!;
        var last = parts.Length - 1;
        var bytes = TypedCopy.Span(count, type);
        Buffer.MemoryCopy(Contribution(parts[last]) + offset, result, bytes, bytes);
        for (var rank = last - 1; rank >= 0; rank--)
        {
            op.Apply(Contribution(parts[rank]) + offset, result, count, type);
        }
    }

    private static void Reduce(CollectiveCall call)
    {
        var parts = call.Parts;
        var first = parts[0];
        var bytes = TypedCopy.Span(first.SendCount, first.SendType!);
        var (result, _) = call.Scratch(bytes);
        Combine(call, (byte*)result, 0, first.SendCount);
        for (var rank = 0; rank < parts.Length; rank++)
        {
            if (first.Kind == CollectiveKind.Allreduce || rank == first.Root)
            {
                Buffer.MemoryCopy((byte*)result, parts[rank].Recv, bytes, bytes);
            }
        }
    }

    /// <summary>Prefix reductions: rank r gets r0 op … op r (inclusive) or r0 op … op r-1 (exclusive; rank 0's buffer is left alone).</summary>
    private static void Scan(CollectiveCall call, bool exclusive)
    {
        var parts = call.Parts;
        var type = parts[0].SendType!;
        var op = parts[0].Op!;
        var count = parts[0].SendCount;
        var bytes = TypedCopy.Span(count, type);
        var (first, second) = call.Scratch(bytes);
        byte* prefix = (byte*)first, next = (byte*)second;
        Buffer.MemoryCopy(Contribution(parts[0]), prefix, bytes, bytes);
        if (!exclusive && parts[0].Send != InPlace)
        {
            Buffer.MemoryCopy(prefix, parts[0].Recv, bytes, bytes);
        }

        for (var rank = 1; rank < parts.Length; rank++)
        {
            // Read the contribution first: with MPI_IN_PLACE it lives in the buffer the result goes to.
            Buffer.MemoryCopy(Contribution(parts[rank]), next, bytes, bytes);
            if (exclusive)
            {
                Buffer.MemoryCopy(prefix, parts[rank].Recv, bytes, bytes);
            }

            op.Apply(prefix, next, count, type);
            if (!exclusive)
            {
                Buffer.MemoryCopy(next, parts[rank].Recv, bytes, bytes);
            }

            var swap = prefix;
            prefix = next;
            next = swap;
        }
    }

    private static void ReduceScatterBlock(CollectiveCall call)
    {
        var parts = call.Parts;
        var type = parts[0].SendType!;
        var block = parts[0].RecvCount;
        var blockBytes = TypedCopy.Span(block, type);
        var (result, _) = call.Scratch(blockBytes * parts.Length);
        for (var rank = 0; rank < parts.Length; rank++)
        {
            Combine(call, (byte*)result + rank * blockBytes, rank * blockBytes, block);
            Buffer.MemoryCopy((byte*)result + rank * blockBytes, parts[rank].Recv, blockBytes, blockBytes);
        }
    }

    private static void Gather(CollectiveCall call)
    {
        var parts = call.Parts;
        var rootRank = parts[0].Root;
        ref var root = ref parts[rootRank];
        var variable = root.Kind == CollectiveKind.Gatherv;
        for (var rank = 0; rank < parts.Length; rank++)
        {
            ref var member = ref parts[rank];
            if (rank == rootRank && member.Send == InPlace)
            {
                continue;
            }

            var (offset, capacity) = variable ? (root.RecvDisplacements[rank], root.RecvCounts[rank]) : ((long)rank * root.RecvCount, root.RecvCount);
            Copy(call, rootRank, member.Send, member.SendCount, member.SendType!, root.Recv + offset * root.RecvType!.Extent, capacity, root.RecvType);
        }
    }

    private static void Scatter(CollectiveCall call)
    {
        var parts = call.Parts;
        var rootRank = parts[0].Root;
        ref var root = ref parts[rootRank];
        var variable = root.Kind == CollectiveKind.Scatterv;
        for (var rank = 0; rank < parts.Length; rank++)
        {
            ref var member = ref parts[rank];
            if (rank == rootRank && member.Recv == InPlace)
            {
                continue;
            }

            var (offset, count) = variable ? (root.SendDisplacements[rank], root.SendCounts[rank]) : ((long)rank * root.SendCount, root.SendCount);
            Copy(call, rank, root.Send + offset * root.SendType!.Extent, count, root.SendType, member.Recv, member.RecvCount, member.RecvType!);
        }
    }

    private static void Allgather(CollectiveCall call)
    {
        var parts = call.Parts;
        var variable = parts[0].Kind == CollectiveKind.Allgatherv;
        for (var source = 0; source < parts.Length; source++)
        {
            ref var sender = ref parts[source];
            var inPlace = sender.Send == InPlace;
            byte* data;
            long count;
            InProcessType type;
            if (inPlace)
            {
                var (offset, own) = variable ? (sender.RecvDisplacements[source], sender.RecvCounts[source]) : ((long)source * sender.RecvCount, sender.RecvCount);
                data = sender.Recv + offset * sender.RecvType!.Extent;
                count = own;
                type = sender.RecvType;
            }
            else
            {
                data = sender.Send;
                count = sender.SendCount;
                type = sender.SendType!;
            }

            for (var target = 0; target < parts.Length; target++)
            {
                if (target == source && inPlace)
                {
                    continue;
                }

                ref var receiver = ref parts[target];
                var (offset, capacity) = variable ? (receiver.RecvDisplacements[source], receiver.RecvCounts[source]) : ((long)source * receiver.RecvCount, receiver.RecvCount);
                Copy(call, target, data, count, type, receiver.Recv + offset * receiver.RecvType!.Extent, capacity, receiver.RecvType);
            }
        }
    }

    private static void Alltoall(CollectiveCall call)
    {
        var parts = call.Parts;
        var variable = parts[0].Kind == CollectiveKind.Alltoallv;
        for (var source = 0; source < parts.Length; source++)
        {
            ref var sender = ref parts[source];
            for (var target = 0; target < parts.Length; target++)
            {
                ref var receiver = ref parts[target];
                var (sendOffset, count) = variable ? (sender.SendDisplacements[target], sender.SendCounts[target]) : ((long)target * sender.SendCount, sender.SendCount);
                var (recvOffset, capacity) = variable ? (receiver.RecvDisplacements[source], receiver.RecvCounts[source]) : ((long)source * receiver.RecvCount, receiver.RecvCount);
                Copy(call, target, sender.Send + sendOffset * sender.SendType!.Extent, count, sender.SendType,
                    receiver.Recv + recvOffset * receiver.RecvType!.Extent, capacity, receiver.RecvType);
            }
        }
    }

    /// <summary>Copies one block; a block larger than its place is truncated and fails the receiving member's call.</summary>
    private static void Copy(CollectiveCall call, int receiver, byte* from, long count, InProcessType fromType, byte* to, long capacity, InProcessType toType)
    {
        TypedCopy.Copy(from, count, fromType, to, capacity, toType, out var truncated);
        if (truncated && call.Results[receiver] == 0)
        {
            call.Results[receiver] = InProcessErrors.Code(MpiErrorClass.Truncate, string.Create(CultureInfo.InvariantCulture,
                $"{call.Parts[receiver].Function} on {call.Comm.Name}: rank {receiver} was sent {count * fromType.Size} bytes for a place of {capacity * toType.Size} bytes " +
                $"({capacity} elements of {toType.Name})"));
        }
    }
}
