using System.Collections.Frozen;
using E = TypedMpi.MpiErrorClass;
using H = TypedMpi.Abi.PredefinedHandle;

namespace TypedMpi.Abi;

/// <summary>
/// The MPI-5.0 standard ABI, version 1.0 (<c>libmpi_abi.so.1</c>: MPICH ≥ 5.0 with <c>--enable-mpi-abi</c>,
/// Open MPI ≥ 6.0). Handles are pointer-sized; predefined handles are small integer constants.
/// </summary>
/// <remarks>
/// Values are the <c>abi_value</c> fields of the normative <c>mpi-standard-5.0-abi.json</c>. The error
/// classes are the numbering <see cref="MpiErrorClass"/> itself uses. No such library is installed on the
/// build machines, so the table is covered by tests against the JSON rather than by a live run.
/// </remarks>
internal static class StandardAbi
{
    public static readonly AbiTable Table = Build(AbiFamily.MpiAbi);

    /// <summary>The same values for the in-process backend, which implements this ABI in managed code.</summary>
    public static readonly AbiTable InProcessTable = Build(AbiFamily.InProcess);

    private static AbiTable Build(AbiFamily family) => new()
    {
        Family = family,
        HandleSize = 8,
        // { int MPI_SOURCE; int MPI_TAG; int MPI_ERROR; int MPI_internal[5]; }
        StatusSize = 32,
        StatusSourceOffset = 0,
        StatusTagOffset = 4,
        StatusErrorOffset = 8,
        AnySource = -1,
        AnyTag = -2,
        ProcNull = -3,
        Root = -4,
        InPlace = 1,
        StatusIgnore = 0,
        ThreadLevels = [0, 1024, 2048, 4096],
        ComparisonResults = [201, 202, 203, 204],
        CommTypeShared = 221,
        TopologyCartesian = 0xd3,
        BsendOverhead = 512,
        TagUpperBoundKeyval = 501,
        ErrorClasses = StandardErrorClasses(),
        HandleValues = new Dictionary<H, long>
        {
            [H.CommWorld] = 0x101,
            [H.CommSelf] = 0x102,
            [H.CommNull] = 0x100,
            [H.GroupNull] = 0x108,
            [H.GroupEmpty] = 0x109,
            [H.RequestNull] = 0x180,
            [H.MessageNull] = 0x128,
            [H.MessageNoProc] = 0x129,
            [H.ErrhandlerNull] = 0x140,
            [H.ErrorsAreFatal] = 0x141,
            [H.ErrorsReturn] = 0x143,
            [H.InfoNull] = 0x130,
            [H.OpNull] = 0x20,
            [H.DatatypeNull] = 0x200,
            [H.OpSum] = 0x21,
            [H.OpMin] = 0x22,
            [H.OpMax] = 0x23,
            [H.OpProd] = 0x24,
            [H.OpBitwiseAnd] = 0x28,
            [H.OpBitwiseOr] = 0x29,
            [H.OpBitwiseXor] = 0x2a,
            [H.OpLogicalAnd] = 0x30,
            [H.OpLogicalOr] = 0x31,
            [H.OpLogicalXor] = 0x32,
            [H.OpMinLoc] = 0x38,
            [H.OpMaxLoc] = 0x39,
            [H.OpReplace] = 0x3c,
            [H.OpNoOp] = 0x3d,
            [H.TypeAint] = 0x201,
            [H.TypeCount] = 0x202,
            [H.TypeOffset] = 0x203,
            [H.TypePacked] = 0x207,
            [H.TypeShort] = 0x208,
            [H.TypeInt] = 0x209,
            [H.TypeLong] = 0x20a,
            [H.TypeLongLong] = 0x20b,
            [H.TypeUnsignedShort] = 0x20c,
            [H.TypeUnsigned] = 0x20d,
            [H.TypeUnsignedLong] = 0x20e,
            [H.TypeUnsignedLongLong] = 0x20f,
            [H.TypeFloat] = 0x210,
            [H.TypeCFloatComplex] = 0x212,
            [H.TypeDouble] = 0x214,
            [H.TypeCDoubleComplex] = 0x216,
            [H.TypeFloatInt] = 0x228,
            [H.TypeDoubleInt] = 0x229,
            [H.TypeLongInt] = 0x22a,
            [H.TypeTwoInt] = 0x22b,
            [H.TypeShortInt] = 0x22c,
            [H.TypeCBool] = 0x238,
            [H.TypeWChar] = 0x23c,
            [H.TypeInt8] = 0x240,
            [H.TypeUInt8] = 0x241,
            [H.TypeChar] = 0x243,
            [H.TypeSignedChar] = 0x244,
            [H.TypeUnsignedChar] = 0x245,
            [H.TypeByte] = 0x247,
            [H.TypeInt16] = 0x248,
            [H.TypeUInt16] = 0x249,
            [H.TypeInt32] = 0x250,
            [H.TypeUInt32] = 0x251,
            [H.TypeInt64] = 0x258,
            [H.TypeUInt64] = 0x259,
        }.ToFrozenDictionary(),
    };

    /// <summary>The standard ABI's error classes are <see cref="MpiErrorClass"/>'s own values.</summary>
    private static FrozenDictionary<int, MpiErrorClass> StandardErrorClasses()
    {
        var map = new Dictionary<int, MpiErrorClass>();
        foreach (var portable in Enum.GetValues<E>())
        {
            if (portable >= E.Success)
            {
                map.Add((int)portable, portable);
            }
        }

        return map.ToFrozenDictionary();
    }
}
