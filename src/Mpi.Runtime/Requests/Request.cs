using System.Buffers;
using TypedMpi.Abi;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// A nonblocking operation in flight. It owns the pins of its buffers until it completes: complete it with
/// <see cref="Wait"/>, <see cref="Test(out Status)"/> or one of the set functions (<see cref="WaitAll(ReadOnlySpan{Request})"/>, …).
/// </summary>
/// <remarks>
/// <para>A request is a small value; copies refer to the same operation. Once the operation has completed
/// through any copy, every copy is inactive: waiting on it again returns at once, as MPI does for
/// <c>MPI_REQUEST_NULL</c>.</para>
/// <para>Requests are pooled, so steady-state nonblocking traffic allocates nothing. A request dropped while
/// still pending keeps its buffer pinned and is reported on standard error when MPI is finalized.</para>
/// </remarks>
public readonly unsafe struct Request
{
    /// <summary>Request sets up to 64 handles are laid out on the stack; larger ones in pooled arrays.</summary>
    private const int ScratchBytes = 64 * sizeof(long);

    internal readonly RequestSlot? Slot;
    internal readonly int Generation;

    internal Request(RequestSlot slot)
    {
        Slot = slot;
        Generation = slot.Generation;
    }

    /// <summary>True while the operation has been started and not yet completed.</summary>
    public bool IsPending => LiveSlot() is { Pending: true };

    /// <summary>Blocks until the operation completes (<c>MPI_Wait</c>).</summary>
    /// <returns>The status; meaningful for receives.</returns>
    public Status Wait()
    {
        if (LiveSlot() is not { Pending: true } slot)
        {
            return default;
        }

        var native = slot.Communicator!.Native;
        RawStatus raw = default;
        int rc;
        fixed (nint* handle = &slot.Handle)
        {
            rc = native.Wait(handle, &raw);
        }

        Complete(slot, native);
        return rc != 0 ? throw native.Fail(rc, "MPI_Wait", slot.Describe()) : new Status(native, raw);
    }

    /// <summary>Completes the operation if it has finished (<c>MPI_Test</c>); never blocks.</summary>
    /// <returns>True when the operation is complete (or was already).</returns>
    public bool Test(out Status status)
    {
        status = default;
        if (LiveSlot() is not { Pending: true } slot)
        {
            return true;
        }

        var native = slot.Communicator!.Native;
        RawStatus raw = default;
        int flag = 0, rc;
        fixed (nint* handle = &slot.Handle)
        {
            rc = native.Test(handle, &flag, &raw);
        }

        if (rc != 0)
        {
            Complete(slot, native);
            throw native.Fail(rc, "MPI_Test", slot.Describe());
        }

        if (flag == 0)
        {
            return false;
        }

        Complete(slot, native);
        status = new Status(native, raw);
        return true;
    }

    /// <summary>As <see cref="Test(out Status)"/>, without the status.</summary>
    public bool Test() => Test(out _);

    /// <summary>
    /// Asks MPI to cancel the operation (<c>MPI_Cancel</c>). The request must still be completed with
    /// <see cref="Wait"/> or <see cref="Test(out Status)"/>; <see cref="Status.Cancelled"/> then tells whether it was.
    /// </summary>
    public void Cancel()
    {
        if (LiveSlot() is not { Pending: true } slot)
        {
            return;
        }

        var native = slot.Communicator!.Native;
        int rc;
        fixed (nint* handle = &slot.Handle)
        {
            rc = native.Cancel(handle);
        }

        if (rc != 0)
        {
            throw native.Fail(rc, "MPI_Cancel", slot.Describe());
        }
    }

    /// <summary>Blocks until every request completes (<c>MPI_Waitall</c>).</summary>
    public static void WaitAll(params ReadOnlySpan<Request> requests) => WaitAll(requests, []);

    /// <summary>Blocks until every request completes, writing each status into <paramref name="statuses"/>.</summary>
    public static void WaitAll(ReadOnlySpan<Request> requests, Span<Status> statuses)
    {
        if (!statuses.IsEmpty && statuses.Length < requests.Length)
        {
            throw new ArgumentException($"{requests.Length} requests need room for as many statuses; got {statuses.Length}.", nameof(statuses));
        }

        var native = MpiEnvironment.Require().Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        if (handles.ActiveCount == 0)
        {
            return;
        }

        var statusBytes = statuses.IsEmpty ? 0 : requests.Length * native.Abi.StatusSize;
        byte[]? rented = null;
        Span<byte> statusBuffer = statusBytes == 0 ? default
            : statusBytes <= 1024 ? stackalloc byte[statusBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(statusBytes));
        try
        {
            int rc;
            fixed (byte* rawStatuses = statusBuffer)
            {
                rc = native.Waitall(requests.Length, handles.Pointer, statusBytes == 0 ? (void*)native.Abi.StatusIgnore : rawStatuses);
                if (statusBytes != 0)
                {
                    for (var i = 0; i < requests.Length; i++)
                    {
                        RawStatus raw = default;
                        new ReadOnlySpan<byte>(rawStatuses + i * native.Abi.StatusSize, native.Abi.StatusSize)
                            .CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<RawStatus>(ref raw)));
                        statuses[i] = requests[i].LiveSlot() is { Pending: true } ? new Status(native, raw) : default;
                    }
                }
            }

            handles.CompleteFinished(requests);
            if (rc != 0)
            {
                throw native.Fail(rc, "MPI_Waitall", $"{requests.Length} requests");
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True, completing them all, when every request has finished (<c>MPI_Testall</c>); never blocks.</summary>
    public static bool TestAll(params ReadOnlySpan<Request> requests)
    {
        var native = MpiEnvironment.Require().Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        if (handles.ActiveCount == 0)
        {
            return true;
        }

        int flag = 0;
        var rc = native.Testall(requests.Length, handles.Pointer, &flag, (void*)native.Abi.StatusIgnore);
        if (flag != 0 || rc != 0)
        {
            handles.CompleteFinished(requests);
        }

        return rc != 0 ? throw native.Fail(rc, "MPI_Testall", $"{requests.Length} requests") : flag != 0;
    }

    /// <summary>Blocks until one of the requests completes (<c>MPI_Waitany</c>).</summary>
    /// <returns>The index of the completed request, or -1 when none was pending.</returns>
    public static int WaitAny(ReadOnlySpan<Request> requests, out Status status)
    {
        status = default;
        var native = MpiEnvironment.Require().Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        if (handles.ActiveCount == 0)
        {
            return -1;
        }

        int index = 0;
        RawStatus raw = default;
        var rc = native.Waitany(requests.Length, handles.Pointer, &index, &raw);
        handles.CompleteFinished(requests);
        if (rc != 0)
        {
            throw native.Fail(rc, "MPI_Waitany", $"{requests.Length} requests");
        }

        if (index == native.Abi.Undefined || index < 0)
        {
            return -1;
        }

        status = new Status(native, raw);
        return index;
    }

    /// <summary>As <see cref="WaitAny(ReadOnlySpan{Request}, out Status)"/>, without the status.</summary>
    public static int WaitAny(params ReadOnlySpan<Request> requests) => WaitAny(requests, out _);

    /// <summary>Blocks until at least one request completes and completes all that have (<c>MPI_Waitsome</c>).</summary>
    /// <param name="requests">The requests.</param>
    /// <param name="completed">Receives the indices of the requests that completed; as long as <paramref name="requests"/>.</param>
    /// <returns>How many completed, or 0 when none was pending.</returns>
    public static int WaitSome(ReadOnlySpan<Request> requests, Span<int> completed)
    {
        if (completed.Length < requests.Length)
        {
            throw new ArgumentException($"{nameof(completed)} must have room for {requests.Length} indices; it has {completed.Length}.", nameof(completed));
        }

        var native = MpiEnvironment.Require().Native;
        using var handles = new HandleArray(native, requests, stackalloc byte[ScratchBytes]);
        if (handles.ActiveCount == 0)
        {
            return 0;
        }

        int outCount = 0, rc;
        fixed (int* indices = completed)
        {
            rc = native.Waitsome(requests.Length, handles.Pointer, &outCount, indices, (void*)native.Abi.StatusIgnore);
        }

        handles.CompleteFinished(requests);
        if (rc != 0)
        {
            throw native.Fail(rc, "MPI_Waitsome", $"{requests.Length} requests");
        }

        return outCount == native.Abi.Undefined ? 0 : outCount;
    }

    /// <summary>The slot, when this copy still refers to the operation it was created for.</summary>
    internal RequestSlot? LiveSlot() => Slot is { } slot && slot.Generation == Generation ? slot : null;

    /// <summary>Marks the operation complete: value requests keep their result for pickup, others return to the pool.</summary>
    internal static void Complete(RequestSlot slot, NativeMpi native)
    {
        slot.Handle = native.Handle(PredefinedHandle.RequestNull);
        slot.Pending = false;
        if (slot.ReturnsValue)
        {
            slot.ReleaseResources();
            slot.HoldsResult = true;
        }
        else
        {
            RequestPool.Return(slot);
        }
    }

    /// <summary>
    /// A request set laid out as the library's handle array (4 or 8 bytes an entry). Inactive requests are
    /// passed as <c>MPI_REQUEST_NULL</c>, which every set function ignores.
    /// </summary>
    private ref struct HandleArray
    {
        private readonly NativeMpi _native;
        private readonly byte* _owned;
        private readonly byte* _bytes;

        public HandleArray(NativeMpi native, ReadOnlySpan<Request> requests, Span<byte> scratch)
        {
            _native = native;
            var bytes = requests.Length * native.Abi.HandleSize;
            // The library reads and writes the array during the call: it must not move, so no managed array here.
            _owned = bytes <= scratch.Length ? null : (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)bytes);
            _bytes = _owned != null ? _owned : (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch));
            var requestNull = native.Handle(PredefinedHandle.RequestNull);
            for (var i = 0; i < requests.Length; i++)
            {
                var slot = requests[i].LiveSlot();
                var active = slot is { Pending: true };
                ActiveCount += active ? 1 : 0;
                Write(i, active ? slot!.Handle : requestNull);
            }
        }

        public int ActiveCount { get; }

        public readonly void* Pointer => _bytes;

        /// <summary>Every request the library set to MPI_REQUEST_NULL has completed; the rest keep their (possibly updated) handle.</summary>
        public readonly void CompleteFinished(ReadOnlySpan<Request> requests)
        {
            var requestNull = _native.Handle(PredefinedHandle.RequestNull);
            for (var i = 0; i < requests.Length; i++)
            {
                if (requests[i].LiveSlot() is { Pending: true } slot)
                {
                    var handle = Read(i);
                    if (handle == requestNull)
                    {
                        Complete(slot, _native);
                    }
                    else
                    {
                        slot.Handle = handle;
                    }
                }
            }
        }

        public readonly void Dispose()
        {
            System.Runtime.InteropServices.NativeMemory.Free(_owned);
        }

        private readonly void Write(int index, nint handle)
        {
            if (_native.Abi.HandleSize == 4)
            {
                ((int*)Pointer)[index] = (int)handle;
            }
            else
            {
                ((nint*)Pointer)[index] = handle;
            }
        }

        private readonly nint Read(int index) =>
            _native.Abi.HandleSize == 4 ? (nint)(uint)((int*)Pointer)[index] : ((nint*)Pointer)[index];
    }
}
