namespace TypedMpi.Interop;

/// <summary>Derived datatypes: the struct type of a message, resized to its .NET size, committed and freed.</summary>
internal sealed unsafe partial class NativeMpi
{
    /// <param name="count">The number of fields.</param>
    /// <param name="blockLengths">Elements per field.</param>
    /// <param name="displacements">Byte offset of each field (<c>MPI_Aint</c>, pointer-sized in every ABI).</param>
    /// <param name="types">An array of <paramref name="count"/> handles of the library's width.</param>
    /// <param name="newType">Receives the new type.</param>
    public int TypeCreateStruct(int count, int* blockLengths, nint* displacements, void* types, nint* newType) =>
        ((delegate* unmanaged<int, int*, nint*, void*, nint*, int>)_typeCreateStruct)(count, blockLengths, displacements, types, newType);

    public int TypeCreateResized(nint type, nint lowerBound, nint extent, nint* newType) => _intHandles
        ? ((delegate* unmanaged<int, nint, nint, nint*, int>)_typeCreateResized)((int)type, lowerBound, extent, newType)
        : ((delegate* unmanaged<nint, nint, nint, nint*, int>)_typeCreateResized)(type, lowerBound, extent, newType);

    public int TypeCommit(nint* type) => ((delegate* unmanaged<nint*, int>)_typeCommit)(type);

    public int TypeFree(nint* type) => ((delegate* unmanaged<nint*, int>)_typeFree)(type);

    public int TypeGetExtent(nint type, nint* lowerBound, nint* extent) => _intHandles
        ? ((delegate* unmanaged<int, nint*, nint*, int>)_typeGetExtent)((int)type, lowerBound, extent)
        : ((delegate* unmanaged<nint, nint*, nint*, int>)_typeGetExtent)(type, lowerBound, extent);

    public int TypeDup(nint type, nint* newType) => _intHandles
        ? ((delegate* unmanaged<int, nint*, int>)_typeDup)((int)type, newType)
        : ((delegate* unmanaged<nint, nint*, int>)_typeDup)(type, newType);
}
