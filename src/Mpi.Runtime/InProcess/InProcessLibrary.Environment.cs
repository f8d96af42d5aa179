using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace TypedMpi.InProcess;

/// <summary>Lifecycle, timers, error strings, attributes and the Bsend buffer.</summary>
internal static unsafe partial class InProcessLibrary
{
    /// <summary>The value of MPI_TAG_UB: every non-negative int is a valid tag here.</summary>
    private static readonly int* s_tagUpperBound = AllocateTagUpperBound();

    private static int* AllocateTagUpperBound()
    {
        var value = (int*)NativeMemory.Alloc(sizeof(int));
        *value = int.MaxValue;
        return value;
    }

    /// <summary>Ranks start inside a running job, so initialization has nothing left to do; every thread level is provided.</summary>
    [UnmanagedCallersOnly]
    private static int Init_thread(int* argc, byte*** argv, int required, int* provided)
    {
        *provided = s_abi.ThreadLevels[(int)ThreadLevel.Multiple];
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Finalize() => 0;

    [UnmanagedCallersOnly]
    private static int Initialized(int* flag)
    {
        *flag = 1;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Finalized(int* flag)
    {
        *flag = 0;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Query_thread(int* provided)
    {
        *provided = s_abi.ThreadLevels[(int)ThreadLevel.Multiple];
        return 0;
    }

    /// <summary>Stops the job: every rank's blocked call fails; the launcher reports the code.</summary>
    [UnmanagedCallersOnly]
    private static int Abort(nint comm, int errorCode)
    {
        var view = HandleTable.Get<CommView>(comm);
        view?.State.Job.Abort($"rank {view.Owner.WorldRank} called Abort({errorCode})");
        return 0;
    }

    [UnmanagedCallersOnly]
    private static double Wtime() => WtimeDirect();

    /// <summary><c>MPI_Wtime</c> called from managed code without the transition through its exported entry point.</summary>
    internal static double WtimeDirect() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    [UnmanagedCallersOnly]
    private static double Wtick() => 1.0 / Stopwatch.Frequency;

    [UnmanagedCallersOnly]
    private static int Get_processor_name(byte* name, int* length)
    {
        var bytes = Encoding.UTF8.GetBytes(Environment.MachineName);
        var count = Math.Min(bytes.Length, 255);
        bytes.AsSpan(0, count).CopyTo(new Span<byte>(name, count));
        name[count] = 0;
        *length = count;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Error_class(int code, int* errorClass)
    {
        *errorClass = InProcessErrors.ClassOf(code);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Error_string(int code, byte* text, int* length)
    {
        try
        {
            const int MaxErrorString = 1023;
            var bytes = Encoding.UTF8.GetBytes(InProcessErrors.Describe(code));
            var count = Math.Min(bytes.Length, MaxErrorString);
            bytes.AsSpan(0, count).CopyTo(new Span<byte>(text, count));
            text[count] = 0;
            *length = count;
            return 0;
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    /// <summary>Every call returns its error code: the only handler the backend has is MPI_ERRORS_RETURN's behaviour.</summary>
    [UnmanagedCallersOnly]
    private static int Comm_set_errhandler(nint comm, nint errhandler) => View(comm, out _);

    [UnmanagedCallersOnly]
    private static int Comm_get_attr(nint comm, int keyval, void* value, int* flag)
    {
        var rc = View(comm, out _);
        if (rc != 0)
        {
            return rc;
        }

        *flag = keyval == s_abi.TagUpperBoundKeyval ? 1 : 0;
        if (*flag != 0)
        {
            *(int**)value = s_tagUpperBound;
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Buffer_attach(void* buffer, int size)
    {
        var rank = CurrentRank();
        if (rank is null)
        {
            return InProcessErrors.Code(MpiErrorClass.Other, "Buffer_attach was called outside a rank of an in-process job");
        }

        if (rank.AttachedBufferSize != 0)
        {
            return InProcessErrors.Code(MpiErrorClass.Buffer, $"rank {rank.WorldRank} already has a Bsend buffer attached; detach it first");
        }

        rank.AttachedBuffer = (nint)buffer;
        rank.AttachedBufferSize = size;
        return 0;
    }

    /// <summary>Waits until every buffered message has been received, as MPI_Buffer_detach does, then detaches.</summary>
    [UnmanagedCallersOnly]
    private static int Buffer_detach(void** buffer, int* size)
    {
        var rank = CurrentRank();
        if (rank is null || rank.AttachedBufferSize == 0)
        {
            *buffer = null;
            *size = 0;
            return 0;
        }

        var spinner = new SpinWait();
        rank.Blocked.Set("BsendBuffer.Detach", PeerRole.None, 0, 0, null);
        while (rank.BufferedBytesInUse > 0)
        {
            if (rank.Job.IsAborted)
            {
                return rank.Job.AbortedError(rank.WorldRank);
            }

            spinner.SpinOnce();
        }

        *buffer = (void*)rank.AttachedBuffer;
        *size = (int)rank.AttachedBufferSize;
        rank.AttachedBuffer = 0;
        rank.AttachedBufferSize = 0;
        return 0;
    }

    /// <summary>The rank the calling thread runs (functions without a communicator argument need it).</summary>
    private static RankState? CurrentRank() => InProcessRuntime.CurrentRank;
}
