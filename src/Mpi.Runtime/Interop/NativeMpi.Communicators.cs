namespace TypedMpi.Interop;

/// <summary>Communicators, groups, Cartesian topologies, user ops and datatype queries.</summary>
internal sealed unsafe partial class NativeMpi
{
    public int CommSize(nint comm, int* size) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_commSize)((int)comm, size)
        : ((delegate* unmanaged<nint, int*, int>)_commSize)(comm, size);

    public int CommRank(nint comm, int* rank) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_commRank)((int)comm, rank)
        : ((delegate* unmanaged<nint, int*, int>)_commRank)(comm, rank);

    public int CommDup(nint comm, nint* newComm) => _intHandles
        ? ((delegate* unmanaged<int, nint*, int>)_commDup)((int)comm, newComm)
        : ((delegate* unmanaged<nint, nint*, int>)_commDup)(comm, newComm);

    public int CommSplit(nint comm, int color, int key, nint* newComm) => _intHandles
        ? ((delegate* unmanaged<int, int, int, nint*, int>)_commSplit)((int)comm, color, key, newComm)
        : ((delegate* unmanaged<nint, int, int, nint*, int>)_commSplit)(comm, color, key, newComm);

    public int CommSplitType(nint comm, int splitType, int key, nint info, nint* newComm) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int, nint*, int>)_commSplitType)((int)comm, splitType, key, (int)info, newComm)
        : ((delegate* unmanaged<nint, int, int, nint, nint*, int>)_commSplitType)(comm, splitType, key, info, newComm);

    public int CommCompare(nint first, nint second, int* result) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, int>)_commCompare)((int)first, (int)second, result)
        : ((delegate* unmanaged<nint, nint, int*, int>)_commCompare)(first, second, result);

    public int CommFree(nint* comm) => ((delegate* unmanaged<nint*, int>)_commFree)(comm);

    public int CommGroup(nint comm, nint* group) => _intHandles
        ? ((delegate* unmanaged<int, nint*, int>)_commGroup)((int)comm, group)
        : ((delegate* unmanaged<nint, nint*, int>)_commGroup)(comm, group);

    public int CommCreate(nint comm, nint group, nint* newComm) => _intHandles
        ? ((delegate* unmanaged<int, int, nint*, int>)_commCreate)((int)comm, (int)group, newComm)
        : ((delegate* unmanaged<nint, nint, nint*, int>)_commCreate)(comm, group, newComm);

    public int GroupSize(nint group, int* size) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_groupSize)((int)group, size)
        : ((delegate* unmanaged<nint, int*, int>)_groupSize)(group, size);

    public int GroupRank(nint group, int* rank) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_groupRank)((int)group, rank)
        : ((delegate* unmanaged<nint, int*, int>)_groupRank)(group, rank);

    public int GroupIncl(nint group, int count, int* ranks, nint* newGroup) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, nint*, int>)_groupIncl)((int)group, count, ranks, newGroup)
        : ((delegate* unmanaged<nint, int, int*, nint*, int>)_groupIncl)(group, count, ranks, newGroup);

    public int GroupExcl(nint group, int count, int* ranks, nint* newGroup) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, nint*, int>)_groupExcl)((int)group, count, ranks, newGroup)
        : ((delegate* unmanaged<nint, int, int*, nint*, int>)_groupExcl)(group, count, ranks, newGroup);

    public int GroupTranslateRanks(nint first, int count, int* ranks, nint second, int* translated) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, int, int*, int>)_groupTranslateRanks)((int)first, count, ranks, (int)second, translated)
        : ((delegate* unmanaged<nint, int, int*, nint, int*, int>)_groupTranslateRanks)(first, count, ranks, second, translated);

    public int GroupCompare(nint first, nint second, int* result) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, int>)_groupCompare)((int)first, (int)second, result)
        : ((delegate* unmanaged<nint, nint, int*, int>)_groupCompare)(first, second, result);

    public int GroupFree(nint* group) => ((delegate* unmanaged<nint*, int>)_groupFree)(group);

    public int CartCreate(nint comm, int dimensions, int* sizes, int* periodic, int reorder, nint* newComm) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, int*, int, nint*, int>)_cartCreate)((int)comm, dimensions, sizes, periodic, reorder, newComm)
        : ((delegate* unmanaged<nint, int, int*, int*, int, nint*, int>)_cartCreate)(comm, dimensions, sizes, periodic, reorder, newComm);

    public int CartShift(nint comm, int direction, int displacement, int* source, int* dest) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int*, int*, int>)_cartShift)((int)comm, direction, displacement, source, dest)
        : ((delegate* unmanaged<nint, int, int, int*, int*, int>)_cartShift)(comm, direction, displacement, source, dest);

    public int CartCoords(nint comm, int rank, int maxDimensions, int* coordinates) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int*, int>)_cartCoords)((int)comm, rank, maxDimensions, coordinates)
        : ((delegate* unmanaged<nint, int, int, int*, int>)_cartCoords)(comm, rank, maxDimensions, coordinates);

    public int CartRank(nint comm, int* coordinates, int* rank) => _intHandles
        ? ((delegate* unmanaged<int, int*, int*, int>)_cartRank)((int)comm, coordinates, rank)
        : ((delegate* unmanaged<nint, int*, int*, int>)_cartRank)(comm, coordinates, rank);

    public int CartGet(nint comm, int maxDimensions, int* sizes, int* periodic, int* coordinates) => _intHandles
        ? ((delegate* unmanaged<int, int, int*, int*, int*, int>)_cartGet)((int)comm, maxDimensions, sizes, periodic, coordinates)
        : ((delegate* unmanaged<nint, int, int*, int*, int*, int>)_cartGet)(comm, maxDimensions, sizes, periodic, coordinates);

    public int CartdimGet(nint comm, int* dimensions) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_cartdimGet)((int)comm, dimensions)
        : ((delegate* unmanaged<nint, int*, int>)_cartdimGet)(comm, dimensions);

    public int DimsCreate(int nodes, int dimensions, int* sizes) =>
        ((delegate* unmanaged<int, int, int*, int>)_dimsCreate)(nodes, dimensions, sizes);

    public int TopoTest(nint comm, int* topology) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_topoTest)((int)comm, topology)
        : ((delegate* unmanaged<nint, int*, int>)_topoTest)(comm, topology);

    /// <summary><c>MPI_Op_create</c> with a static <c>[UnmanagedCallersOnly]</c> function.</summary>
    public int OpCreate(void* function, bool commutative, nint* op) =>
        ((delegate* unmanaged<void*, int, nint*, int>)_opCreate)(function, commutative ? 1 : 0, op);

    public int OpFree(nint* op) => ((delegate* unmanaged<nint*, int>)_opFree)(op);

    public int TypeSize(nint type, int* size) => _intHandles
        ? ((delegate* unmanaged<int, int*, int>)_typeSize)((int)type, size)
        : ((delegate* unmanaged<nint, int*, int>)_typeSize)(type, size);
}
