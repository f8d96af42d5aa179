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
            if (*request == RequestNull)
            {
                WriteEmptyStatus(status);
                return 0;
            }

            var rc = Lookup(*request, out var pending);
            if (rc != 0)
            {
                return rc;
            }

            if (!IsComplete(pending))
            {
                *flag = 0;
                return pending.Comm?.State.Job is { IsAborted: true } job ? job.AbortedError(pending.Comm.Owner.WorldRank) : 0;
            }

            *request = RequestNull;
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
                if (handles[i] != RequestNull && (HandleTable.Get<InProcessRequest>(handles[i]) is not { } pending || !IsComplete(pending)))
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
                if (handles[i] != RequestNull && HandleTable.Get<InProcessRequest>(handles[i]) is { } pending && IsComplete(pending))
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
            var rc = Lookup(*request, out var pending);
            if (rc == 0)
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
        var rc = Lookup(*request, out var pending);
        if (rc == 0)
        {
            if (pending != InProcessRequest.CompletedSend)
            {
                pending.Detached = true;
            }

            *request = RequestNull;
        }

        return rc;
    }

    private static int WaitOne(nint* handle, void* status, string function)
    {
        if (*handle == RequestNull)
        {
            WriteEmptyStatus(status);
            return 0;
        }

        var rc = Lookup(*handle, out var request);
        if (rc != 0)
        {
            return rc;
        }

        var owner = request.Comm?.Owner ?? CurrentRank();
        *handle = RequestNull;
        return Finish(owner, request, status, new BlockedCallInfo(function, PeerRole.None, 0, 0, request.Comm, request));
    }

    /// <summary>Blocks until one of the requests is complete; <paramref name="index"/> is -1 when none is active.</summary>
    private static int WaitForSome(nint* handles, int count, string function, out int index)
    {
        index = -1;
        RankState? owner = null;
        InProcessRequest? firstPending = null;
        for (var i = 0; i < count; i++)
        {
            if (handles[i] != RequestNull)
            {
                var rc = Lookup(handles[i], out var request);
                if (rc != 0)
                {
                    return rc;
                }

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
                    if (handles[i] != RequestNull && HandleTable.Get<InProcessRequest>(handles[i]) is { } request && IsComplete(request))
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
