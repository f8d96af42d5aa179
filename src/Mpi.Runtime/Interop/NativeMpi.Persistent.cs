namespace TypedMpi.Interop;

/// <summary>Persistent requests: <c>MPI_Send_init</c>, <c>MPI_Recv_init</c>, <c>MPI_Start</c>, <c>MPI_Startall</c> (MPI-1, in every library).</summary>
internal sealed unsafe partial class NativeMpi
{
    private void* _sendInit;
    private void* _recvInit;
    private void* _start;
    private void* _startall;

    public int SendInit(void* buffer, int count, nint type, int dest, int tag, nint comm, nint* request) =>
        Immediate(_sendInit, buffer, count, type, dest, tag, comm, request);

    public int RecvInit(void* buffer, int count, nint type, int source, int tag, nint comm, nint* request) =>
        Immediate(_recvInit, buffer, count, type, source, tag, comm, request);

    // A request by address: a zero-extended nint works for both handle widths (see NativeMpi.Requests). In-process, a
    // direct call: a loop of persistent exchanges starts one per message.
    public int Start(nint* request) => IsInProcess
        ? InProcess.InProcessLibrary.StartDirect(request)
        : ((delegate* unmanaged<nint*, int>)_start)(request);

    /// <summary><paramref name="requests"/> holds the library's handles at their exact width.</summary>
    public int Startall(int count, void* requests) => ((delegate* unmanaged<int, void*, int>)_startall)(count, requests);

    private void ResolvePersistentEntryPoints()
    {
        _sendInit = Require("MPI_Send_init");
        _recvInit = Require("MPI_Recv_init");
        _start = Require("MPI_Start");
        _startall = Require("MPI_Startall");
    }
}
