namespace TypedMpi.Interop;

/// <summary>
/// Request completion. Single requests are passed by address (a zero-extended <see cref="nint"/> works for
/// both handle widths); arrays must have the library's exact element size, which the callers build.
/// </summary>
internal sealed unsafe partial class NativeMpi
{
    // In-process, direct calls as for Send and Recv (see NativeMpi.PointToPoint).
    public int Wait(nint* request, void* status) => IsInProcess
        ? InProcess.InProcessLibrary.WaitDirect(request, status)
        : ((delegate* unmanaged<nint*, void*, int>)_wait)(request, status);

    public int Test(nint* request, int* flag, void* status) => IsInProcess
        ? InProcess.InProcessLibrary.TestDirect(request, flag, status)
        : ((delegate* unmanaged<nint*, int*, void*, int>)_test)(request, flag, status);

    public int Cancel(nint* request) => ((delegate* unmanaged<nint*, int>)_cancel)(request);

    public int RequestFree(nint* request) => ((delegate* unmanaged<nint*, int>)_requestFree)(request);

    /// <summary><c>MPI_Waitall</c>: <c>requests</c> is an array of handles of the library's width.</summary>
    public int Waitall(int count, void* requests, void* statuses) => IsInProcess
        ? InProcess.InProcessLibrary.WaitallDirect(count, requests, statuses)
        : ((delegate* unmanaged<int, void*, void*, int>)_waitall)(count, requests, statuses);

    public int Testall(int count, void* requests, int* flag, void* statuses) =>
        ((delegate* unmanaged<int, void*, int*, void*, int>)_testall)(count, requests, flag, statuses);

    public int Waitany(int count, void* requests, int* index, void* status) =>
        ((delegate* unmanaged<int, void*, int*, void*, int>)_waitany)(count, requests, index, status);

    public int Waitsome(int count, void* requests, int* outCount, int* indices, void* statuses) =>
        ((delegate* unmanaged<int, void*, int*, int*, void*, int>)_waitsome)(count, requests, outCount, indices, statuses);
}
