namespace TypedMpi.Interop;

/// <summary>
/// Vector datatypes for strided 2-D views: <c>MPI_Type_vector(rows, width, stride)</c>, so that a view travels as
/// one element of that type straight from (or into) the matrix it is part of. Types are committed once per shape
/// and element type and kept (a halo exchange sends the same few shapes every step), then freed at finalize.
/// </summary>
internal sealed unsafe partial class NativeMpi
{
    private readonly Dictionary<(nint Element, int Rows, int Width, int Stride), nint> _vectorTypes = [];

    /// <summary>
    /// The datatype and count that describe <paramref name="rows"/> rows of <paramref name="width"/> elements,
    /// <paramref name="stride"/> elements apart. A contiguous view needs no derived type at all.
    /// </summary>
    public (nint Type, int Count) StridedDatatype<T>(int rows, int width, int stride) where T : unmanaged
    {
        var element = Datatype<T>();
        if (rows <= 1 || width == stride)
        {
            return (element, checked(rows * width));
        }

        lock (_vectorTypes)
        {
            if (_vectorTypes.TryGetValue((element, rows, width, stride), out var cached))
            {
                return (cached, 1);
            }

            nint vector = 0;
            var rc = TypeVector(rows, width, stride, element, &vector);
            if (rc == 0)
            {
                rc = TypeCommit(&vector);
            }

            if (rc != 0)
            {
                throw Fail(rc, "MPI_Type_vector", $"{rows} rows of {width} {typeof(T).Name}, stride {stride}");
            }

            _vectorTypes[(element, rows, width, stride)] = vector;
            return (vector, 1);
        }
    }

    /// <summary>Frees the cached vector types; called before <c>MPI_Finalize</c>.</summary>
    public void FreeStridedTypes()
    {
        lock (_vectorTypes)
        {
            foreach (var type in _vectorTypes.Values)
            {
                var handle = type;
                TypeFree(&handle);
            }

            _vectorTypes.Clear();
        }
    }

    public int TypeVector(int count, int blockLength, int stride, nint oldType, nint* newType) => _intHandles
        ? ((delegate* unmanaged<int, int, int, int, nint*, int>)_typeVector)(count, blockLength, stride, (int)oldType, newType)
        : ((delegate* unmanaged<int, int, int, nint, nint*, int>)_typeVector)(count, blockLength, stride, oldType, newType);
}
