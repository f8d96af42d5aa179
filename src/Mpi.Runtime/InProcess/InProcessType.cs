using System.Collections.Frozen;
using TypedMpi.Abi;

namespace TypedMpi.InProcess;

/// <summary>What the predefined reductions need to know about an element: its C type.</summary>
internal enum ElementKind
{
    /// <summary>A derived type: only user-defined operations reduce it.</summary>
    Derived,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float,
    Double,
    Bool,
    FloatComplex,
    DoubleComplex,
    FloatInt,
    DoubleInt,
    LongInt,
    TwoInt,
    ShortInt,
    Byte,
}

/// <summary>
/// A datatype of the in-process backend: how many bytes of data one element holds, how far apart elements are,
/// and where the data bytes of one element lie.
/// </summary>
/// <remarks>
/// The backend serves TypedMpi's own datatypes: predefined types, struct types over a .NET struct's fields resized to
/// its size, duplicates of those, and vectors for strided views. For every kind but the vector, the bytes between
/// fields are the struct's own padding, so two buffers of the same type can be copied extent for extent
/// (<see cref="CopiesWholeExtent"/>); a vector's gaps are other elements and are never written.
/// </remarks>
internal sealed class InProcessType
{
    private InProcessType(string name, long size, long extent, (long Offset, long Length)[] blocks, bool copiesWholeExtent, ElementKind kind)
    {
        Name = name;
        Size = size;
        Extent = extent;
        Blocks = blocks;
        CopiesWholeExtent = copiesWholeExtent;
        Kind = kind;
        IsContiguous = size == extent && blocks.Length == 1 && blocks[0].Offset == 0;
    }

    public string Name { get; }

    /// <summary>Bytes of data in one element (<c>MPI_Type_size</c>).</summary>
    public long Size { get; }

    /// <summary>The stride between consecutive elements (<c>MPI_Type_get_extent</c>).</summary>
    public long Extent { get; }

    /// <summary>The data bytes of one element, sorted by offset and merged where adjacent.</summary>
    public (long Offset, long Length)[] Blocks { get; }

    /// <summary>Element bytes between the data blocks belong to the element and may be copied with it.</summary>
    public bool CopiesWholeExtent { get; }

    /// <summary>One dense run of bytes per element with no gaps.</summary>
    public bool IsContiguous { get; }

    public ElementKind Kind { get; }

    public bool Committed { get; set; }

    public bool IsPredefined { get; private init; }

    public nint Handle { get; set; }

    public override string ToString() => Name;

    public static InProcessType Struct(int count, ReadOnlySpan<int> blockLengths, ReadOnlySpan<nint> displacements, ReadOnlySpan<InProcessType> types)
    {
        var blocks = new List<(long, long)>();
        long size = 0, upper = 0;
        for (var i = 0; i < count; i++)
        {
            var field = types[i];
            for (var element = 0; element < blockLengths[i]; element++)
            {
                var start = displacements[i] + element * field.Extent;
                foreach (var (offset, length) in field.Blocks)
                {
                    blocks.Add((start + offset, length));
                }

                upper = Math.Max(upper, start + field.Extent);
            }

            size += blockLengths[i] * field.Size;
        }

        return new InProcessType($"struct of {count} fields", size, upper, Merge(blocks), copiesWholeExtent: true, ElementKind.Derived);
    }

    public InProcessType Resized(long extent) =>
        new($"{Name} resized to {extent} bytes", Size, extent, Blocks, CopiesWholeExtent, Kind == ElementKind.Derived ? ElementKind.Derived : Kind);

    public InProcessType Duplicate() =>
        new(Name, Size, Extent, Blocks, CopiesWholeExtent, Kind) { Committed = Committed };

    /// <summary><c>MPI_Type_vector</c>: <paramref name="count"/> blocks of <paramref name="blockLength"/> elements, <paramref name="stride"/> elements apart.</summary>
    public InProcessType Vector(int count, int blockLength, int stride)
    {
        var blocks = new List<(long, long)>();
        for (var row = 0; row < count; row++)
        {
            for (var element = 0; element < blockLength; element++)
            {
                var start = ((long)row * stride + element) * Extent;
                foreach (var (offset, length) in Blocks)
                {
                    blocks.Add((start + offset, length));
                }
            }
        }

        var extent = count == 0 ? 0 : ((long)(count - 1) * stride + blockLength) * Extent;
        return new InProcessType($"vector of {count}×{blockLength} {Name}", count * blockLength * Size, extent, Merge(blocks), copiesWholeExtent: false, ElementKind.Derived);
    }

    private static (long Offset, long Length)[] Merge(List<(long Offset, long Length)> blocks)
    {
        blocks.Sort();
        var merged = new List<(long Offset, long Length)>(blocks.Count);
        foreach (var block in blocks)
        {
            if (block.Length == 0)
            {
                continue;
            }

            if (merged.Count > 0 && merged[^1].Offset + merged[^1].Length == block.Offset)
            {
                merged[^1] = (merged[^1].Offset, merged[^1].Length + block.Length);
            }
            else
            {
                merged.Add(block);
            }
        }

        return merged.Count == 0 ? [(0, 0)] : [.. merged];
    }

    /// <summary>The predefined datatypes, by their standard-ABI handle.</summary>
    public static readonly FrozenDictionary<nint, InProcessType> Predefined = BuildPredefined();

    /// <summary>The standard ABI numbers the predefined datatypes from 0x200; this table answers the hot path with one index.</summary>
    private const int FirstPredefined = 0x200;
    private static readonly InProcessType?[] s_byHandle = BuildTable();

    /// <summary>The predefined datatype behind <paramref name="handle"/>, or null.</summary>
    public static InProcessType? PredefinedOf(nint handle)
    {
        var index = (ulong)(handle - FirstPredefined);
        var table = s_byHandle;
        return index < (ulong)table.Length ? table[index] : null;
    }

    private static InProcessType?[] BuildTable()
    {
        var table = new InProcessType?[Predefined.Keys.Max(handle => (int)handle) - FirstPredefined + 1];
        foreach (var (handle, type) in Predefined)
        {
            table[handle - FirstPredefined] = type;
        }

        return table;
    }

    /// <summary>MPI_BYTE: what packed bytes travel as (a field: small messages use it on every hand-over).</summary>
    public static readonly InProcessType Bytes = Predefined[(nint)StandardAbi.Table.HandleValues![PredefinedHandle.TypeByte]];

    private static FrozenDictionary<nint, InProcessType> BuildPredefined()
    {
        var values = StandardAbi.Table.HandleValues!;
        var result = new Dictionary<nint, InProcessType>();
        void Add(PredefinedHandle which, long size, ElementKind kind, long extent = 0, (long, long)[]? blocks = null)
        {
            var handle = (nint)values[which];
            var name = "MPI_" + MpiNames.UpperSnake(which.ToString().Replace("Type", "", StringComparison.Ordinal));
            result[handle] = new InProcessType(name, size, extent == 0 ? size : extent, blocks ?? [(0, size)], copiesWholeExtent: true, kind)
            {
                Committed = true,
                IsPredefined = true,
                Handle = handle,
            };
        }

        Add(PredefinedHandle.TypeByte, 1, ElementKind.Byte);
        Add(PredefinedHandle.TypePacked, 1, ElementKind.Byte);
        Add(PredefinedHandle.TypeChar, 1, ElementKind.Int8);
        Add(PredefinedHandle.TypeSignedChar, 1, ElementKind.Int8);
        Add(PredefinedHandle.TypeUnsignedChar, 1, ElementKind.UInt8);
        Add(PredefinedHandle.TypeShort, 2, ElementKind.Int16);
        Add(PredefinedHandle.TypeUnsignedShort, 2, ElementKind.UInt16);
        Add(PredefinedHandle.TypeInt, 4, ElementKind.Int32);
        Add(PredefinedHandle.TypeUnsigned, 4, ElementKind.UInt32);
        Add(PredefinedHandle.TypeLong, 8, ElementKind.Int64);
        Add(PredefinedHandle.TypeUnsignedLong, 8, ElementKind.UInt64);
        Add(PredefinedHandle.TypeLongLong, 8, ElementKind.Int64);
        Add(PredefinedHandle.TypeUnsignedLongLong, 8, ElementKind.UInt64);
        Add(PredefinedHandle.TypeFloat, 4, ElementKind.Float);
        Add(PredefinedHandle.TypeDouble, 8, ElementKind.Double);
        Add(PredefinedHandle.TypeWChar, 4, ElementKind.Int32);
        Add(PredefinedHandle.TypeCBool, 1, ElementKind.Bool);
        Add(PredefinedHandle.TypeInt8, 1, ElementKind.Int8);
        Add(PredefinedHandle.TypeUInt8, 1, ElementKind.UInt8);
        Add(PredefinedHandle.TypeInt16, 2, ElementKind.Int16);
        Add(PredefinedHandle.TypeUInt16, 2, ElementKind.UInt16);
        Add(PredefinedHandle.TypeInt32, 4, ElementKind.Int32);
        Add(PredefinedHandle.TypeUInt32, 4, ElementKind.UInt32);
        Add(PredefinedHandle.TypeInt64, 8, ElementKind.Int64);
        Add(PredefinedHandle.TypeUInt64, 8, ElementKind.UInt64);
        Add(PredefinedHandle.TypeCFloatComplex, 8, ElementKind.FloatComplex);
        Add(PredefinedHandle.TypeCDoubleComplex, 16, ElementKind.DoubleComplex);
        Add(PredefinedHandle.TypeAint, 8, ElementKind.Int64);
        Add(PredefinedHandle.TypeCount, 8, ElementKind.Int64);
        Add(PredefinedHandle.TypeOffset, 8, ElementKind.Int64);
        // The pair types of MINLOC/MAXLOC: { value; int index } with C alignment.
        Add(PredefinedHandle.TypeTwoInt, 8, ElementKind.TwoInt);
        Add(PredefinedHandle.TypeFloatInt, 8, ElementKind.FloatInt);
        Add(PredefinedHandle.TypeShortInt, 6, ElementKind.ShortInt, extent: 8, blocks: [(0, 2), (4, 4)]);
        Add(PredefinedHandle.TypeLongInt, 12, ElementKind.LongInt, extent: 16, blocks: [(0, 12)]);
        Add(PredefinedHandle.TypeDoubleInt, 12, ElementKind.DoubleInt, extent: 16, blocks: [(0, 12)]);
        return result.ToFrozenDictionary();
    }
}
