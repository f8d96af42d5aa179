using System.Globalization;
using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>Completing requests: Wait, Test and the set functions.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Wait(nint* request, void* status) => WaitDirect(request, status);

    /// <summary><c>MPI_Wait</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int WaitDirect(nint* request, void* status)
    {
        try
        {
            return WaitOne(request, status, "Wait");
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Test(nint* request, int* flag, void* status) => TestDirect(request, flag, status);

    /// <summary><c>MPI_Test</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int TestDirect(nint* request, int* flag, void* status)
    {
        try
        {
            *flag = 1;
            var rc = Resolve(*request, out var pending, out var persistent);
            if (rc != 0)
            {
                return rc;
            }

            if (pending is null)
            {
                WriteEmptyStatus(status);
                return 0;
            }

            if (!IsComplete(pending))
            {
                *flag = 0;
                return pending.Comm?.State.Job is { IsAborted: true } job ? job.AbortedError(pending.Comm.Owner.WorldRank) : 0;
            }

            Retire(request, persistent);
            return Finish(pending.Comm?.Owner, pending, status, default);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Waitall(int count, void* requests, void* statuses) => WaitallDirect(count, requests, statuses);

    /// <summary><c>MPI_Waitall</c> called from managed code without the transition through its exported entry point.</summary>
    internal static int WaitallDirect(int count, void* requests, void* statuses)
    {
        try
        {
            var handles = (nint*)requests;
            var first = 0;
            for (var i = 0; i < count; i++)
            {
                var rc = WaitOne(handles + i, StatusAt(statuses, i), "Waitall");
                first = first != 0 ? first : rc;
            }

            return first;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Testall(int count, void* requests, int* flag, void* statuses)
    {
        try
        {
            var handles = (nint*)requests;
            for (var i = 0; i < count; i++)
            {
                var rc = Resolve(handles[i], out var pending, out _);
                if (rc != 0)
                {
                    return rc;
                }

                if (pending is not null && !IsComplete(pending))
                {
                    *flag = 0;
                    return 0;
                }
            }

            *flag = 1;
            var first = 0;
            for (var i = 0; i < count; i++)
            {
                var rc = WaitOne(handles + i, StatusAt(statuses, i), "Testall");
                first = first != 0 ? first : rc;
            }

            return first;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Waitany(int count, void* requests, int* index, void* status)
    {
        try
        {
            var handles = (nint*)requests;
            var rc = WaitForSome(handles, count, "Waitany", out var any);
            if (rc != 0 || any < 0)
            {
                *index = s_abi.Undefined;
                WriteEmptyStatus(status);
                return rc;
            }

            *index = any;
            return WaitOne(handles + any, status, "Waitany");
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Waitsome(int count, void* requests, int* outCount, int* indices, void* statuses)
    {
        try
        {
            var handles = (nint*)requests;
            var rc = WaitForSome(handles, count, "Waitsome", out var any);
            if (rc != 0 || any < 0)
            {
                *outCount = s_abi.Undefined;
                return rc;
            }

            var completed = 0;
            var first = 0;
            for (var i = 0; i < count; i++)
            {
                if (IsActiveAndComplete(handles[i]))
                {
                    var result = WaitOne(handles + i, StatusAt(statuses, completed), "Waitsome");
                    first = first != 0 ? first : result;
                    indices[completed++] = i;
                }
            }

            *outCount = completed;
            return first;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Cancel(nint* request)
    {
        try
        {
            InProcessRequest? pending = null;
            var rc = *request == RequestNull ? Lookup(*request, out _) : Resolve(*request, out pending, out _);
            if (rc == 0 && pending is not null)
            {
                PointToPoint.Cancel(pending);
            }

            return rc;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    /// <summary>Lets an operation finish on its own: the request is recycled by nobody, so it is simply dropped.</summary>
    [UnmanagedCallersOnly]
    private static int Request_free(nint* request)
    {
        InProcessRequest? pending = null;
        PersistentOperation? persistent = null;
        var rc = *request == RequestNull ? Lookup(*request, out _) : Resolve(*request, out pending, out persistent);
        if (rc == 0)
        {
            if (pending is not null && pending != InProcessRequest.CompletedSend)
            {
                pending.Detached = true;
            }

            if (persistent is not null)
            {
                HandleTable.Remove(persistent.Handle); // an active operation still completes on its own
            }

            *request = RequestNull;
        }

        return rc;
    }

    private static int WaitOne(nint* handle, void* status, string function)
    {
        var rc = Resolve(*handle, out var request, out var persistent);
        if (rc != 0)
        {
            return rc;
        }

        if (request is null)
        {
            WriteEmptyStatus(status);
            return 0;
        }

        var owner = request.Comm?.Owner ?? CurrentRank();
        Retire(handle, persistent);
        return Finish(owner, request, status, new BlockedCallInfo(function, PeerRole.None, 0, 0, request.Comm, request));
    }

    /// <summary>
    /// What a request handle names: the operation to complete, or null when nothing is active (MPI_REQUEST_NULL, or
    /// a persistent request not started since it last completed). <paramref name="persistent"/> is set for a
    /// persistent request, whose handle outlives its operations.
    /// </summary>
    private static int Resolve(nint handle, out InProcessRequest? request, out PersistentOperation? persistent)
    {
        request = null;
        persistent = null;
        switch (handle == RequestNull ? null : HandleTable.Get<object>(handle))
        {
            case null when handle == RequestNull:
                return 0;
            case InProcessRequest operation:
                request = operation;
                return 0;
            case PersistentOperation named:
                persistent = named;
                request = named.Current;
                return 0;
            default:
                return Lookup(handle, out _);
        }
    }

    /// <summary>The handle after its operation completes: MPI_REQUEST_NULL, or for a persistent request the same handle, inactive.</summary>
    private static void Retire(nint* handle, PersistentOperation? persistent)
    {
        if (persistent is null)
        {
            *handle = RequestNull;
        }
        else
        {
            persistent.Current = null;
        }
    }

    private static bool IsActiveAndComplete(nint handle) =>
        Resolve(handle, out var request, out _) == 0 && request is not null && IsComplete(request);

    /// <summary>Blocks until one of the requests is complete; <paramref name="index"/> is -1 when none is active.</summary>
    private static int WaitForSome(nint* handles, int count, string function, out int index)
    {
        index = -1;
        RankState? owner = null;
        InProcessRequest? firstPending = null;
        for (var i = 0; i < count; i++)
        {
            var rc = Resolve(handles[i], out var request, out _);
            if (rc != 0)
            {
                return rc;
            }

            if (request is not null)
            {
                owner ??= request.Comm?.Owner;
                firstPending ??= request;
            }
        }

        if (firstPending is null)
        {
            return 0;
        }

        owner ??= CurrentRank();
        owner?.Blocked.Set(function, PeerRole.None, 0, 0, firstPending.Comm, firstPending);
        var backoff = new Backoff(owner);
        var spinner = new SpinWait();
        try
        {
            while (true)
            {
                var seen = owner?.PrepareToSleep() ?? 0;
                for (var i = 0; i < count; i++)
                {
                    if (IsActiveAndComplete(handles[i]))
                    {
                        index = i;
                        owner?.CountProgress();
                        return 0;
                    }
                }

                if (owner is null)
                {
                    spinner.SpinOnce();
                }
                else if (!owner.SleepUntilWoken(ref backoff, seen))
                {
                    return owner.Job.AbortedError(owner.WorldRank);
                }
            }
        }
        finally
        {
            owner?.EndWait(ref backoff);
        }
    }

    private static bool IsComplete(InProcessRequest request) => request.IsDone && request.Companion is not { IsDone: false };

    /// <summary>Waits for the request (and an Isendrecv's send half), writes the status and recycles the request.</summary>
    private static int Finish(RankState? owner, InProcessRequest request, void* status, in BlockedCallInfo call)
    {
        Complete(owner, request, call);
        if (request.Companion is { } companion)
        {
            Complete(owner, companion, call);
            if (request.StatusError == 0)
            {
                request.StatusError = companion.StatusError;
            }

            companion.Return();
        }

        WriteStatus(status, request);
        var rc = request.StatusError;
        request.Call?.Release();
        request.Return();
        return rc;
    }

    private static void Complete(RankState? owner, InProcessRequest request, in BlockedCallInfo call)
    {
        if (request.IsDone)
        {
            return;
        }

        if (owner is not null)
        {
            if (!owner.WaitFor(request, call))
            {
                PointToPoint.Abandon(request, owner.Job.AbortedError(owner.WorldRank));
            }

            return;
        }

        // A request completed from a thread that is no rank (e.g. a finalizer): wait without sleeping.
        var spinner = new SpinWait();
        while (!request.IsDone)
        {
            spinner.SpinOnce();
        }
    }

    private static int Lookup(nint handle, out InProcessRequest request)
    {
        request = HandleTable.Get<InProcessRequest>(handle)!;
        return request is not null ? 0 : InProcessErrors.Code(MpiErrorClass.Request,
            string.Create(CultureInfo.InvariantCulture, $"0x{handle:x} is not an active request (completed already, or never started)"));
    }

    private static void* StatusAt(void* statuses, int index) =>
        statuses == StatusIgnore ? StatusIgnore : (byte*)statuses + index * s_abi.StatusSize;

    /// <summary>MPI's empty status: any source, any tag, no data.</summary>
    private static void WriteEmptyStatus(void* status) => WriteStatus(status, Mailbox.AnySource, Mailbox.AnyTag, 0, 0, cancelled: false);
}
