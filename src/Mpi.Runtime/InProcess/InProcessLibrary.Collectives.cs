using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>The blocking and nonblocking collectives: each member joins the call; the last one performs it.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Barrier(nint comm) => Simple(comm, CollectiveKind.Barrier, "Barrier", null);

    [UnmanagedCallersOnly]
    private static int Ibarrier(nint comm, nint* request) => Simple(comm, CollectiveKind.Barrier, "Ibarrier", request);

    [UnmanagedCallersOnly]
    private static int Bcast(void* buffer, int count, nint type, int root, nint comm) => Broadcast(buffer, count, type, root, comm, "Bcast", null);

    [UnmanagedCallersOnly]
    private static int Ibcast(void* buffer, int count, nint type, int root, nint comm, nint* request) => Broadcast(buffer, count, type, root, comm, "Ibcast", request);

    [UnmanagedCallersOnly]
    private static int Reduce(void* send, void* recv, int count, nint type, nint op, int root, nint comm) =>
        Reduction(CollectiveKind.Reduce, "Reduce", send, recv, count, type, op, root, comm, null);

    [UnmanagedCallersOnly]
    private static int Ireduce(void* send, void* recv, int count, nint type, nint op, int root, nint comm, nint* request) =>
        Reduction(CollectiveKind.Reduce, "Ireduce", send, recv, count, type, op, root, comm, request);

    [UnmanagedCallersOnly]
    private static int Allreduce(void* send, void* recv, int count, nint type, nint op, nint comm) =>
        Reduction(CollectiveKind.Allreduce, "Allreduce", send, recv, count, type, op, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Iallreduce(void* send, void* recv, int count, nint type, nint op, nint comm, nint* request) =>
        Reduction(CollectiveKind.Allreduce, "Iallreduce", send, recv, count, type, op, 0, comm, request);

    [UnmanagedCallersOnly]
    private static int Scan(void* send, void* recv, int count, nint type, nint op, nint comm) =>
        Reduction(CollectiveKind.Scan, "Scan", send, recv, count, type, op, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Exscan(void* send, void* recv, int count, nint type, nint op, nint comm) =>
        Reduction(CollectiveKind.Exscan, "Exscan", send, recv, count, type, op, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Reduce_scatter_block(void* send, void* recv, int count, nint type, nint op, nint comm) =>
        Reduction(CollectiveKind.ReduceScatterBlock, "ReduceScatterBlock", send, recv, count, type, op, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Gather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) =>
        Blocks(CollectiveKind.Gather, "Gather", send, sendCount, sendType, recv, recvCount, recvType, root, comm, null);

    [UnmanagedCallersOnly]
    private static int Igather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request) =>
        Blocks(CollectiveKind.Gather, "Igather", send, sendCount, sendType, recv, recvCount, recvType, root, comm, request);

    [UnmanagedCallersOnly]
    private static int Scatter(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) =>
        Blocks(CollectiveKind.Scatter, "Scatter", send, sendCount, sendType, recv, recvCount, recvType, root, comm, null);

    [UnmanagedCallersOnly]
    private static int Iscatter(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request) =>
        Blocks(CollectiveKind.Scatter, "Iscatter", send, sendCount, sendType, recv, recvCount, recvType, root, comm, request);

    [UnmanagedCallersOnly]
    private static int Allgather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm) =>
        Blocks(CollectiveKind.Allgather, "Allgather", send, sendCount, sendType, recv, recvCount, recvType, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Iallgather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm, nint* request) =>
        Blocks(CollectiveKind.Allgather, "Iallgather", send, sendCount, sendType, recv, recvCount, recvType, 0, comm, request);

    [UnmanagedCallersOnly]
    private static int Alltoall(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm) =>
        Blocks(CollectiveKind.Alltoall, "Alltoall", send, sendCount, sendType, recv, recvCount, recvType, 0, comm, null);

    [UnmanagedCallersOnly]
    private static int Ialltoall(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm, nint* request) =>
        Blocks(CollectiveKind.Alltoall, "Ialltoall", send, sendCount, sendType, recv, recvCount, recvType, 0, comm, request);

    [UnmanagedCallersOnly]
    private static int Gatherv(void* send, int sendCount, nint sendType, void* recv, int* recvCounts, int* displacements, nint recvType, int root, nint comm) =>
        VariableBlocks(CollectiveKind.Gatherv, "Gatherv", send, sendCount, null, null, sendType, recv, 0, recvCounts, displacements, recvType, root, comm);

    [UnmanagedCallersOnly]
    private static int Scatterv(void* send, int* sendCounts, int* displacements, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) =>
        VariableBlocks(CollectiveKind.Scatterv, "Scatterv", send, 0, sendCounts, displacements, sendType, recv, recvCount, null, null, recvType, root, comm);

    [UnmanagedCallersOnly]
    private static int Allgatherv(void* send, int sendCount, nint sendType, void* recv, int* recvCounts, int* displacements, nint recvType, nint comm) =>
        VariableBlocks(CollectiveKind.Allgatherv, "Allgatherv", send, sendCount, null, null, sendType, recv, 0, recvCounts, displacements, recvType, 0, comm);

    [UnmanagedCallersOnly]
    private static int Alltoallv(void* send, int* sendCounts, int* sendDisplacements, nint sendType, void* recv, int* recvCounts, int* recvDisplacements, nint recvType, nint comm) =>
        VariableBlocks(CollectiveKind.Alltoallv, "Alltoallv", send, 0, sendCounts, sendDisplacements, sendType, recv, 0, recvCounts, recvDisplacements, recvType, 0, comm);

    private static int Simple(nint comm, CollectiveKind kind, string function, nint* request)
    {
        try
        {
            var rc = View(comm, out var view);
            if (rc != 0)
            {
                return rc;
            }

            var args = new CollectiveArgs { Kind = kind, Function = function };
            return Join(view, ref args, request);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int Broadcast(void* buffer, int count, nint type, int root, nint comm, string function, nint* request)
    {
        try
        {
            InProcessType datatype = null!;
            var rc = View(comm, out var view);
            rc = rc != 0 ? rc : CheckRoot(view, root);
            rc = rc != 0 ? rc : CheckCount(count);
            rc = rc != 0 ? rc : Datatype(type, out datatype);
            if (rc != 0)
            {
                return rc;
            }

            var args = new CollectiveArgs { Kind = CollectiveKind.Bcast, Function = function, Send = (byte*)buffer, SendCount = count, SendType = datatype, Root = root };
            return Join(view, ref args, request);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int Reduction(CollectiveKind kind, string function, void* send, void* recv, int count, nint type, nint op, int root, nint comm, nint* request)
    {
        try
        {
            InProcessType datatype = null!;
            InProcessOp operation = null!;
            var rc = View(comm, out var view);
            rc = rc != 0 ? rc : kind == CollectiveKind.Reduce ? CheckRoot(view, root) : 0;
            rc = rc != 0 ? rc : CheckCount(count);
            rc = rc != 0 ? rc : Datatype(type, out datatype);
            rc = rc != 0 ? rc : Operation(op, out operation);
            if (rc != 0)
            {
                return rc;
            }

            if (!operation.Supports(datatype))
            {
                return InProcessErrors.Code(MpiErrorClass.Op, $"{operation.Name} is not defined for {datatype.Name}");
            }

            var args = new CollectiveArgs
            {
                Kind = kind, Function = function, Send = (byte*)send, Recv = (byte*)recv, SendCount = count, RecvCount = count,
                SendType = datatype, RecvType = datatype, Op = operation, Root = root,
            };
            return Join(view, ref args, request);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int Blocks(CollectiveKind kind, string function, void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request)
    {
        try
        {
            var rooted = kind is CollectiveKind.Gather or CollectiveKind.Scatter;
            var rc = View(comm, out var view);
            rc = rc != 0 ? rc : rooted ? CheckRoot(view, root) : 0;
            rc = rc != 0 ? rc : CheckCount(sendCount);
            rc = rc != 0 ? rc : CheckCount(recvCount);
            InProcessType? sendDatatype = null, recvDatatype = null;
            rc = rc != 0 || send == InPlace ? rc : Datatype(sendType, out sendDatatype);
            rc = rc != 0 || recv == InPlace ? rc : Datatype(recvType, out recvDatatype);
            if (rc != 0)
            {
                return rc;
            }

            var args = new CollectiveArgs
            {
                Kind = kind, Function = function, Send = (byte*)send, Recv = (byte*)recv, SendCount = sendCount, RecvCount = recvCount,
                SendType = sendDatatype, RecvType = recvDatatype, Root = root,
            };
            return Join(view, ref args, request);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int VariableBlocks(
        CollectiveKind kind, string function,
        void* send, int sendCount, int* sendCounts, int* sendDisplacements, nint sendType,
        void* recv, int recvCount, int* recvCounts, int* recvDisplacements, nint recvType, int root, nint comm)
    {
        try
        {
            var rooted = kind is CollectiveKind.Gatherv or CollectiveKind.Scatterv;
            var rc = View(comm, out var view);
            rc = rc != 0 ? rc : rooted ? CheckRoot(view, root) : 0;
            InProcessType? sendDatatype = null, recvDatatype = null;
            rc = rc != 0 || send == InPlace ? rc : Datatype(sendType, out sendDatatype);
            rc = rc != 0 || recv == InPlace ? rc : Datatype(recvType, out recvDatatype);
            if (rc != 0)
            {
                return rc;
            }

            var args = new CollectiveArgs
            {
                Kind = kind, Function = function, Send = (byte*)send, Recv = (byte*)recv, SendCount = sendCount, RecvCount = recvCount,
                SendCounts = sendCounts, SendDisplacements = sendDisplacements, RecvCounts = recvCounts, RecvDisplacements = recvDisplacements,
                SendType = sendDatatype, RecvType = recvDatatype, Root = root,
            };
            return Join(view, ref args, null);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    /// <summary>Adds this member's part; the last member runs the call. Blocking calls then wait for it.</summary>
    private static int Join(CommView view, ref CollectiveArgs args, nint* request)
    {
        var pending = InProcessRequest.Rent(OperationKind.Collective, args.Function, view);
        args.Request = pending;
        var call = view.State.Collectives.Join(view, args, out var last);
        if (last)
        {
            call.Execute();
        }

        if (request is not null)
        {
            *request = pending.Handle;
            return 0;
        }

        return Finish(view.Owner, pending, StatusIgnore, new BlockedCallInfo(args.Function, args.HasRoot ? PeerRole.Root : PeerRole.None, args.Root, 0, view, pending));
    }
}
