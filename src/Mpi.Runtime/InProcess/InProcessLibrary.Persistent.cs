using System.Globalization;
using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>Persistent requests: <c>MPI_Send_init</c>, <c>MPI_Recv_init</c>, <c>MPI_Start</c>, <c>MPI_Startall</c>.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Send_init(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request)
    {
        try
        {
            var rc = PrepareSend(count, type, dest, tag, comm, out var view, out var datatype);
            if (rc == 0)
            {
                *request = new PersistentOperation(OperationKind.Send, view, (byte*)buffer, count, datatype, dest, tag).Handle;
            }

            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Recv_init(void* buffer, int count, nint type, int source, int tag, nint comm, nint* request)
    {
        try
        {
            var rc = PrepareReceive(count, type, source, tag, comm, out var view, out var datatype);
            if (rc == 0)
            {
                *request = new PersistentOperation(OperationKind.Receive, view, (byte*)buffer, count, datatype, source, tag).Handle;
            }

            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Start(nint* request) => StartDirect(request);

    /// <summary><c>MPI_Start</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int StartDirect(nint* request)
    {
        try
        {
            if (HandleTable.Get<PersistentOperation>(*request) is not { } persistent)
            {
                return InProcessErrors.Code(MpiErrorClass.Request, string.Create(CultureInfo.InvariantCulture,
                    $"0x{*request:x} is not a persistent request (one made by MPI_Send_init or MPI_Recv_init and not freed)"));
            }

            if (persistent.Current is not null)
            {
                return InProcessErrors.Code(MpiErrorClass.Request,
                    $"the persistent request {persistent.Describe()} is still active: complete it (Wait, or Test until it is done) before starting it again");
            }

            return persistent.View.State.Job.IsAborted ? persistent.View.State.Job.AbortedError(persistent.View.Owner.WorldRank) : persistent.Start();
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Startall(int count, nint* requests)
    {
        for (var i = 0; i < count; i++)
        {
            var rc = StartDirect(requests + i);
            if (rc != 0)
            {
                return rc;
            }
        }

        return 0;
    }
}
