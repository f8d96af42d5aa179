namespace TypedMpi.Interop;

/// <summary>Blocking and nonblocking collectives.</summary>
internal sealed unsafe partial class NativeMpi
{
    public int Barrier(nint comm) => _intHandles
        ? ((delegate* unmanaged<int, int>)_barrier)((int)comm)
        : ((delegate* unmanaged<nint, int>)_barrier)(comm);

    public int Ibarrier(nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<int, nint*, int>)_ibarrier)((int)comm, request)
        : ((delegate* unmanaged<nint, nint*, int>)_ibarrier)(comm, request);

    public int Bcast(void* buffer, int count, nint type, int root, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, int>)_bcast)(buffer, count, (int)type, root, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, int, nint, int>)_bcast)(buffer, count, type, root, comm);

    public int Ibcast(void* buffer, int count, nint type, int root, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, int, int, nint*, int>)_ibcast)(buffer, count, (int)type, root, (int)comm, request)
        : ((delegate* unmanaged<void*, int, nint, int, nint, nint*, int>)_ibcast)(buffer, count, type, root, comm, request);

    public int Reduce(void* send, void* recv, int count, nint type, nint op, int root, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, void*, int, int, int, int, int, int>)_reduce)(send, recv, count, (int)type, (int)op, root, (int)comm)
        : ((delegate* unmanaged<void*, void*, int, nint, nint, int, nint, int>)_reduce)(send, recv, count, type, op, root, comm);

    public int Ireduce(void* send, void* recv, int count, nint type, nint op, int root, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, void*, int, int, int, int, int, nint*, int>)_ireduce)(send, recv, count, (int)type, (int)op, root, (int)comm, request)
        : ((delegate* unmanaged<void*, void*, int, nint, nint, int, nint, nint*, int>)_ireduce)(send, recv, count, type, op, root, comm, request);

    public int Allreduce(void* send, void* recv, int count, nint type, nint op, nint comm) => ReduceLike(_allreduce, send, recv, count, type, op, comm);

    public int Scan(void* send, void* recv, int count, nint type, nint op, nint comm) => ReduceLike(_scan, send, recv, count, type, op, comm);

    public int Exscan(void* send, void* recv, int count, nint type, nint op, nint comm) => ReduceLike(_exscan, send, recv, count, type, op, comm);

    /// <summary><c>MPI_Reduce_scatter_block</c>: <paramref name="count"/> is the block each rank receives.</summary>
    public int ReduceScatterBlock(void* send, void* recv, int count, nint type, nint op, nint comm) => ReduceLike(_reduceScatterBlock, send, recv, count, type, op, comm);

    public int Iallreduce(void* send, void* recv, int count, nint type, nint op, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, void*, int, int, int, int, nint*, int>)_iallreduce)(send, recv, count, (int)type, (int)op, (int)comm, request)
        : ((delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int>)_iallreduce)(send, recv, count, type, op, comm, request);

    public int Gather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) =>
        RootedExchange(_gather, send, sendCount, sendType, recv, recvCount, recvType, root, comm);

    public int Scatter(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) =>
        RootedExchange(_scatter, send, sendCount, sendType, recv, recvCount, recvType, root, comm);

    public int Allgather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm) =>
        Exchange(_allgather, send, sendCount, sendType, recv, recvCount, recvType, comm);

    public int Alltoall(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm) =>
        Exchange(_alltoall, send, sendCount, sendType, recv, recvCount, recvType, comm);

    public int Igather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request) =>
        ImmediateRootedExchange(_igather, send, sendCount, sendType, recv, recvCount, recvType, root, comm, request);

    public int Iscatter(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request) =>
        ImmediateRootedExchange(_iscatter, send, sendCount, sendType, recv, recvCount, recvType, root, comm, request);

    public int Iallgather(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm, nint* request) =>
        ImmediateExchange(_iallgather, send, sendCount, sendType, recv, recvCount, recvType, comm, request);

    public int Ialltoall(void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm, nint* request) =>
        ImmediateExchange(_ialltoall, send, sendCount, sendType, recv, recvCount, recvType, comm, request);

    public int Gatherv(void* send, int sendCount, nint sendType, void* recv, int* recvCounts, int* displacements, nint recvType, int root, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int*, int*, int, int, int, int>)_gatherv)(send, sendCount, (int)sendType, recv, recvCounts, displacements, (int)recvType, root, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, int, nint, int>)_gatherv)(send, sendCount, sendType, recv, recvCounts, displacements, recvType, root, comm);

    public int Scatterv(void* send, int* sendCounts, int* displacements, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int*, int*, int, void*, int, int, int, int, int>)_scatterv)(send, sendCounts, displacements, (int)sendType, recv, recvCount, (int)recvType, root, (int)comm)
        : ((delegate* unmanaged<void*, int*, int*, nint, void*, int, nint, int, nint, int>)_scatterv)(send, sendCounts, displacements, sendType, recv, recvCount, recvType, root, comm);

    public int Allgatherv(void* send, int sendCount, nint sendType, void* recv, int* recvCounts, int* displacements, nint recvType, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int*, int*, int, int, int>)_allgatherv)(send, sendCount, (int)sendType, recv, recvCounts, displacements, (int)recvType, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)_allgatherv)(send, sendCount, sendType, recv, recvCounts, displacements, recvType, comm);

    public int Alltoallv(void* send, int* sendCounts, int* sendDisplacements, nint sendType, void* recv, int* recvCounts, int* recvDisplacements, nint recvType, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int*, int*, int, void*, int*, int*, int, int, int>)_alltoallv)(send, sendCounts, sendDisplacements, (int)sendType, recv, recvCounts, recvDisplacements, (int)recvType, (int)comm)
        : ((delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int>)_alltoallv)(send, sendCounts, sendDisplacements, sendType, recv, recvCounts, recvDisplacements, recvType, comm);

    private int ReduceLike(void* function, void* send, void* recv, int count, nint type, nint op, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, void*, int, int, int, int, int>)function)(send, recv, count, (int)type, (int)op, (int)comm)
        : ((delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)function)(send, recv, count, type, op, comm);

    private int RootedExchange(void* function, void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int, int, int, int, int>)function)(send, sendCount, (int)sendType, recv, recvCount, (int)recvType, root, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int>)function)(send, sendCount, sendType, recv, recvCount, recvType, root, comm);

    private int Exchange(void* function, void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int, int, int, int>)function)(send, sendCount, (int)sendType, recv, recvCount, (int)recvType, (int)comm)
        : ((delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)function)(send, sendCount, sendType, recv, recvCount, recvType, comm);

    private int ImmediateRootedExchange(void* function, void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, int root, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int, int, int, int, nint*, int>)function)(send, sendCount, (int)sendType, recv, recvCount, (int)recvType, root, (int)comm, request)
        : ((delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, nint*, int>)function)(send, sendCount, sendType, recv, recvCount, recvType, root, comm, request);

    private int ImmediateExchange(void* function, void* send, int sendCount, nint sendType, void* recv, int recvCount, nint recvType, nint comm, nint* request) => _intHandles
        ? ((delegate* unmanaged<void*, int, int, void*, int, int, int, nint*, int>)function)(send, sendCount, (int)sendType, recv, recvCount, (int)recvType, (int)comm, request)
        : ((delegate* unmanaged<void*, int, nint, void*, int, nint, nint, nint*, int>)function)(send, sendCount, sendType, recv, recvCount, recvType, comm, request);
}
