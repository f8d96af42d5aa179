using System.Buffers;
using TypedMpi.Abi;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// A persistent send or receive (<c>MPI_Send_init</c>, <c>MPI_Recv_init</c>): buffer, peer, tag and communicator are
/// fixed once, and the buffer stays pinned until <see cref="Dispose"/>. Each <see cref="Start"/> begins one more
/// transfer of the buffer's current contents, completed by <see cref="Wait"/> or <see cref="Test(out Status)"/>; the
/// request then is inactive, ready for the next start. For loops that repeat the same exchange (a halo exchange, a
/// pipeline stage): a start costs the transfer alone — no pin and no pooled request per message.
/// </summary>
/// <remarks>
/// Created by <see cref="Communicator.SendInit{T}(ReadOnlyMemory{T}, int, int)"/> and
/// <see cref="Communicator.RecvInit{T}(Memory{T}, int, int)"/>. Not thread-safe: one thread starts and completes it.
/// A request never disposed is reported on standard error and freed when MPI is finalized.
/// </remarks>
public sealed unsafe class PersistentRequest : IDisposable
{
    /// <summary>Sets up to 64 requests lay out their handles on the stack; larger ones in a pooled array.</summary>
    private const int ScratchBytes = 64 * sizeof(long);

    private static readonly Lock s_liveLock = new();
    private static readonly HashSet<PersistentRequest> s_live = [];

    private readonly Communicator _comm;
    private readonly string _description;
    private MemoryHandle _pin;
    private nint _handle; // the library's request, zero-extended; it outlives each transfer
    private bool _disposed;

    internal PersistentRequest(Communicator comm, MemoryHandle pin, nint handle, string description)
    {
        _comm = comm;
        _pin = pin;
        _handle = handle;
        _description = description;
        lock (s_liveLock)
        {
            s_live.Add(this);
        }
    }

    /// <summary>True between <see cref="Start"/> and the <see cref="Wait"/> or <see cref="Test(out Status)"/> that completes the transfer.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Begins one transfer (<c>MPI_Start</c>).</summary>
    /// <exception cref="InvalidOperationException">The request is still active, or disposed.</exception>
    public void Start()
    {
        ThrowIfNotStartable();
        int rc;
        fixed (nint* handle = &_handle)
        {
            rc = _comm.Native.Start(handle);
        }

        if (rc != 0)
        {
            throw _comm.Native.Fail(rc, "MPI_Start", _description);
        }

        IsActive = true;
    }

    /// <summary>Blocks until the started transfer completes (<c>MPI_Wait</c>); returns at once when none is active.</summary>
    /// <returns>The status; meaningful for receives.</returns>
    public Status Wait()
    {
        if (!IsActive)
        {
            return default;
        }

        var native = _comm.Native;
        RawStatus raw = default;
        int rc;
        fixed (nint* handle = &_handle)
        {
            rc = native.Wait(handle, &raw);
        }

        IsActive = false;
        return rc != 0 ? throw native.Fail(rc, "MPI_Wait", _description) : new Status(native, raw);
    }

    /// <summary>Completes the started transfer if it has finished (<c>MPI_Test</c>); never blocks.</summary>
    /// <returns>True when no transfer is active any more.</returns>
    public bool Test(out Status status)
    {
        status = default;
        if (!IsActive)
        {
            return true;
        }

        var native = _comm.Native;
        RawStatus raw = default;
        int flag = 0, rc;
        fixed (nint* handle = &_handle)
        {
            rc = native.Test(handle, &flag, &raw);
        }

        if (rc != 0)
        {
            IsActive = false;
            throw native.Fail(rc, "MPI_Test", _description);
        }

        if (flag == 0)
        {
            return false;
        }

        IsActive = false;
        status = new Status(native, raw);
        return true;
    }

    /// <summary>As <see cref="Test(out Status)"/>, without the status.</summary>
    public bool Test() => Test(out _);

    /// <summary>Starts every request in one call (<c>MPI_Startall</c>); all must be inactive and of one MPI environment.</summary>
    public static void StartAll(params ReadOnlySpan<PersistentRequest> requests)
    {
        if (requests.IsEmpty)
        {
            return;
        }

        foreach (var request in requests)
        {
            request.ThrowIfNotStartable();
        }

        var native = requests[0]._comm.Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        var rc = native.Startall(requests.Length, handles.Pointer);
        if (rc != 0)
        {
            throw native.Fail(rc, "MPI_Startall", $"{requests.Length} persistent requests");
        }

        foreach (var request in requests)
        {
            request.IsActive = true;
        }
    }

    /// <summary>Blocks until every active request's transfer completes (<c>MPI_Waitall</c>); inactive ones are skipped.</summary>
    public static void WaitAll(params ReadOnlySpan<PersistentRequest> requests)
    {
        if (requests.IsEmpty)
        {
            return;
        }

        var native = requests[0]._comm.Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        var rc = native.Waitall(requests.Length, handles.Pointer, (void*)native.Abi.StatusIgnore);
        foreach (var request in requests)
        {
            request.IsActive = false;
        }

        if (rc != 0)
        {
            throw native.Fail(rc, "MPI_Waitall", $"{requests.Length} persistent requests");
        }
    }

    /// <summary>
    /// Completes an active transfer, frees the request (<c>MPI_Request_free</c>) and unpins the buffer. After MPI was
    /// finalized, only unpins (finalization freed the request).
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!MpiEnvironment.IsFinalized)
        {
            Wait();
            Free();
        }

        Release();
    }

    /// <inheritdoc />
    public override string ToString() => $"PersistentRequest({_description}{(IsActive ? ", active" : "")})";

    /// <summary>Frees every request not disposed yet, with a line on <paramref name="output"/> for each; before MPI_Finalize.</summary>
    /// <returns>How many were reported.</returns>
    internal static int ReportLeaks(NativeMpi native, TextWriter output)
    {
        PersistentRequest[] leaked;
        lock (s_liveLock)
        {
            leaked = [.. s_live.Where(request => request._comm.Native == native)];
        }

        foreach (var request in leaked)
        {
            output.WriteLine($"[TypedMpi] rank {native.WorldRank}: persistent request {request._description} was never disposed; " +
                             $"its buffer stayed pinned until finalize{(request.IsActive ? " and its last transfer was never completed" : "")}.");
            if (!request.IsActive)
            {
                request.Free();
            }

            request.Release();
        }

        return leaked.Length;
    }

    private void Free()
    {
        int rc;
        fixed (nint* handle = &_handle)
        {
            rc = _comm.Native.RequestFree(handle);
        }

        if (rc != 0)
        {
            Release();
            throw _comm.Native.Fail(rc, "MPI_Request_free", _description);
        }
    }

    private void Release()
    {
        _disposed = true;
        _pin.Dispose();
        _pin = default;
        lock (s_liveLock)
        {
            s_live.Remove(this);
        }
    }

    private void ThrowIfNotStartable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsActive)
        {
            throw new InvalidOperationException(
                $"The persistent request {_description} on rank {_comm.Native.WorldRank} is still active: complete it with Wait (or Test until it returns true) before starting it again.");
        }
    }

    /// <summary>The handles of a request set at the library's width, for MPI_Startall and MPI_Waitall.</summary>
    private readonly ref struct HandleArray
    {
        private readonly byte* _owned;

        public HandleArray(NativeMpi native, ReadOnlySpan<PersistentRequest> requests, Span<byte> scratch)
        {
            var size = native.Abi.HandleSize;
            var bytes = requests.Length * size;
            // The library reads the array during the call: it must not move, so no managed array here.
            _owned = bytes <= scratch.Length ? null : (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)bytes);
            Pointer = _owned != null ? _owned : System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch));
            var requestNull = native.Handle(PredefinedHandle.RequestNull);
            for (var i = 0; i < requests.Length; i++)
            {
                var handle = requests[i]._disposed ? requestNull : requests[i]._handle;
                if (size == 4)
                {
                    ((int*)Pointer)[i] = (int)handle;
                }
                else
                {
                    ((nint*)Pointer)[i] = handle;
                }
            }
        }

        public void* Pointer { get; }

        public void Dispose() => System.Runtime.InteropServices.NativeMemory.Free(_owned);
    }
}
