namespace TypedMpi.Interop;

/// <summary>Lifecycle, timers, attributes and the attached Bsend buffer.</summary>
internal sealed unsafe partial class NativeMpi
{
    public int InitThread(int required, int* provided) =>
        ((delegate* unmanaged<int*, byte***, int, int*, int>)_initThread)(null, null, required, provided);

    public int Finalize() => ((delegate* unmanaged<int>)_finalize)();

    public int Initialized(int* flag) => ((delegate* unmanaged<int*, int>)_initialized)(flag);

    public int Finalized(int* flag) => ((delegate* unmanaged<int*, int>)_finalized)(flag);

    public int QueryThread(int* provided) => ((delegate* unmanaged<int*, int>)_queryThread)(provided);

    public int Abort(nint comm, int errorCode) => _intHandles
        ? ((delegate* unmanaged<int, int, int>)_abort)((int)comm, errorCode)
        : ((delegate* unmanaged<nint, int, int>)_abort)(comm, errorCode);

    // In-process, a direct call: a ping-pong's timer brackets every sample (see Send).
    public double Wtime() => IsInProcess ? InProcess.InProcessLibrary.WtimeDirect() : ((delegate* unmanaged<double>)_wtime)();

    public double Wtick() => ((delegate* unmanaged<double>)_wtick)();

    public int GetProcessorName(byte* name, int* length) =>
        ((delegate* unmanaged<byte*, int*, int>)_getProcessorName)(name, length);

    public int CommSetErrhandler(nint comm, nint errhandler) => _intHandles
        ? ((delegate* unmanaged<int, int, int>)_commSetErrhandler)((int)comm, (int)errhandler)
        : ((delegate* unmanaged<nint, nint, int>)_commSetErrhandler)(comm, errhandler);

    /// <summary><c>MPI_Comm_get_attr</c>: <paramref name="value"/> receives a pointer to the attribute.</summary>
    public int CommGetAttr(nint comm, int keyval, void* value, int* flag) => _intHandles
        ? ((delegate* unmanaged<int, int, void*, int*, int>)_commGetAttr)((int)comm, keyval, value, flag)
        : ((delegate* unmanaged<nint, int, void*, int*, int>)_commGetAttr)(comm, keyval, value, flag);

    public int BufferAttach(void* buffer, int size) =>
        ((delegate* unmanaged<void*, int, int>)_bufferAttach)(buffer, size);

    /// <summary><c>MPI_Buffer_detach</c>: the C prototype says <c>void*</c>, the library writes a <c>void*</c> through it.</summary>
    public int BufferDetach(void** buffer, int* size) =>
        ((delegate* unmanaged<void**, int*, int>)_bufferDetach)(buffer, size);
}
