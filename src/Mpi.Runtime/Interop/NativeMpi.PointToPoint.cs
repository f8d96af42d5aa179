namespace TypedMpi.Interop;

/// <summary>Point-to-point: blocking and nonblocking sends and receives, probes, status queries.</summary>
internal sealed unsafe partial class NativeMpi
{
    // In-process, the calls of the hot paths (a ping-pong, a window of nonblocking messages) go straight to the managed
    // implementation: through the exported function pointer, each would cross from managed code to "native" and back
    // (~4 ns a call, measured).
    public int Send(void* buffer, int count, nint type, int dest, int tag, nint comm) => IsInProcess
        ? InProcess.InProcessLibrary.SendDirect(buffer, count, type, dest, tag, comm)
        : SendLike(_send, buffer, count, type, dest, tag, comm);

    public int Ssend(void* buffer, int count, nint type, int dest, int tag, nint comm) => SendLike(_ssend, buffer, count, type, dest, tag, comm);

    public int Rsend(void* buffer, int count, nint type, int dest, int tag, nint comm) => SendLike(_rsend, buffer, count, type, dest, tag, comm);

    public int Bsend(void* buffer, int count, nint type, int dest, int tag, nint comm) => SendLike(_bsend, buffer, count, type, dest, tag, comm);

    public int Recv(void* buffer, int count, nint type, int source, int tag, nint comm, void* status) => IsInProcess
        ? InProcess.InProcessLibrary.RecvDirect(buffer, count, type, source, tag, comm, status)
        : _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, int, void*, int>)_recv)(buffer, count, (int)type, source, tag, (int)comm, status)
        : ((delegate* unmanaged<void*, int, nint, int, int, nint, void*, int>)_recv)(buffer, count, type, source, tag, comm, status);

    public int Isend(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) => IsInProcess
        ? InProcess.InProcessLibrary.IsendDirect(buffer, count, type, dest, tag, comm, request)
        : Immediate(_isend, buffer, count, type, dest, tag, comm, request);

    public int Issend(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) => Immediate(_issend, buffer, count, type, dest, tag, comm, request);

    public int Irecv(void* buffer, int count, nint type, int source, int tag, nint comm, nint* request) => IsInProcess
        ? InProcess.InProcessLibrary.IrecvDirect(buffer, count, type, source, tag, comm, request)
        : Immediate(_irecv, buffer, count, type, source, tag, comm, request);

    public int Sendrecv(
        void* sendBuffer, int sendCount, nint sendType, int dest, int sendTag,
        void* recvBuffer, int recvCount, nint recvType, int source, int recvTag, nint comm, void* status) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, void*, int, int, int, int, int, void*, int>)_sendrecv)(
            sendBuffer, sendCount, (int)sendType, dest, sendTag, recvBuffer, recvCount, (int)recvType, source, recvTag, (int)comm, status)
        : ((delegate* unmanaged<void*, int, nint, int, int, void*, int, nint, int, int, nint, void*, int>)_sendrecv)(
            sendBuffer, sendCount, sendType, dest, sendTag, recvBuffer, recvCount, recvType, source, recvTag, comm, status);

    public int SendrecvReplace(void* buffer, int count, nint type, int dest, int sendTag, int source, int recvTag, nint comm, void* status) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, int, int, int, void*, int>)_sendrecvReplace)(buffer, count, (int)type, dest, sendTag, source, recvTag, (int)comm, status)
        : ((delegate* unmanaged<void*, int, nint, int, int, int, int, nint, void*, int>)_sendrecvReplace)(buffer, count, type, dest, sendTag, source, recvTag, comm, status);

    /// <summary>MPI-4 <c>MPI_Isendrecv</c>; check <see cref="HasIsendrecv"/> first.</summary>
    public int Isendrecv(
        void* sendBuffer, int sendCount, nint sendType, int dest, int sendTag,
        void* recvBuffer, int recvCount, nint recvType, int source, int recvTag, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, void*, int, int, int, int, int, nint*, int>)_isendrecv)(
            sendBuffer, sendCount, (int)sendType, dest, sendTag, recvBuffer, recvCount, (int)recvType, source, recvTag, (int)comm, request)
        : ((delegate* unmanaged<void*, int, nint, int, int, void*, int, nint, int, int, nint, nint*, int>)_isendrecv)(
            sendBuffer, sendCount, sendType, dest, sendTag, recvBuffer, recvCount, recvType, source, recvTag, comm, request);

    public int Probe(int source, int tag, nint comm, void* status) => _intHandles
        ? ((delegate* unmanaged<int, int, int, void*, int>)_probe)(source, tag, (int)comm, status)
        : ((delegate* unmanaged<int, int, nint, void*, int>)_probe)(source, tag, comm, status);

    public int Iprobe(int source, int tag, nint comm, int* flag, void* status) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int*, void*, int>)_iprobe)(source, tag, (int)comm, flag, status)
        : ((delegate* unmanaged<int, int, nint, int*, void*, int>)_iprobe)(source, tag, comm, flag, status);

    public int Mprobe(int source, int tag, nint comm, nint* message, void* status) => _intHandles
        ? ((delegate* unmanaged<int, int, int, nint*, void*, int>)_mprobe)(source, tag, (int)comm, message, status)
        : ((delegate* unmanaged<int, int, nint, nint*, void*, int>)_mprobe)(source, tag, comm, message, status);

    public int Improbe(int source, int tag, nint comm, int* flag, nint* message, void* status) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int*, nint*, void*, int>)_improbe)(source, tag, (int)comm, flag, message, status)
        : ((delegate* unmanaged<int, int, nint, int*, nint*, void*, int>)_improbe)(source, tag, comm, flag, message, status);

    public int Mrecv(void* buffer, int count, nint type, nint* message, void* status) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, nint*, void*, int>)_mrecv)(buffer, count, (int)type, message, status)
        : ((delegate* unmanaged<void*, int, nint, nint*, void*, int>)_mrecv)(buffer, count, type, message, status);

    public int GetCount(void* status, nint type, int* count) => _intHandles
        ? ((delegate* unmanaged<void*, int, int*, int>)_getCount)(status, (int)type, count)
        : ((delegate* unmanaged<void*, nint, int*, int>)_getCount)(status, type, count);

    public int TestCancelled(void* status, int* flag) => ((delegate* unmanaged<void*, int*, int>)_testCancelled)(status, flag);

    private int SendLike(void* function, void* buffer, int count, nint type, int dest, int tag, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, int, int>)function)(buffer, count, (int)type, dest, tag, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, int, int, nint, int>)function)(buffer, count, type, dest, tag, comm);

    private int Immediate(void* function, void* buffer, int count, nint type, int peer, int tag, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, int, nint*, int>)function)(buffer, count, (int)type, peer, tag, (int)comm, request)
        : ((delegate* unmanaged<void*, int, nint, int, int, nint, nint*, int>)function)(buffer, count, type, peer, tag, comm, request);
}
