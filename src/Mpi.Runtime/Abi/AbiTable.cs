using System.Collections.Frozen;

namespace TypedMpi.Abi;

/// <summary>
/// Everything that differs between MPI binary interfaces, for one family: handle width, status layout,
/// sentinels, thread levels, comparison results, error classes and where each predefined handle lives.
/// </summary>
/// <remarks>
/// Values are the ones measured on the installed libraries and listed in the project's ABI research
/// (Open MPI 4.1.4 and MPICH 4.0.2 headers, the MPI-5.0 standard ABI JSON). The ABI probe in
/// <c>native/abi-probe</c> prints the same facts from C, and a test compares the two.
/// </remarks>
internal sealed class AbiTable
{
    public required AbiFamily Family { get; init; }

    /// <summary>Bytes of a handle passed by value: 8 for pointer handles, 4 for MPICH's integers.</summary>
    public required int HandleSize { get; init; }

    public required int StatusSize { get; init; }
    public required int StatusSourceOffset { get; init; }
    public required int StatusTagOffset { get; init; }
    public required int StatusErrorOffset { get; init; }

    public required int AnySource { get; init; }
    public required int AnyTag { get; init; }
    public required int ProcNull { get; init; }
    public required int Root { get; init; }
    public int Undefined { get; init; } = -32766;

    public required nint InPlace { get; init; }
    public required nint StatusIgnore { get; init; }

    /// <summary>MPI_THREAD_SINGLE, FUNNELED, SERIALIZED, MULTIPLE, in that order.</summary>
    public required int[] ThreadLevels { get; init; }

    /// <summary>MPI_IDENT, CONGRUENT, SIMILAR, UNEQUAL, in that order.</summary>
    public required int[] ComparisonResults { get; init; }

    public required int CommTypeShared { get; init; }
    public required int TopologyCartesian { get; init; }
    public required int BsendOverhead { get; init; }

    /// <summary>The attribute key of MPI_TAG_UB (the largest valid tag).</summary>
    public required int TagUpperBoundKeyval { get; init; }

    /// <summary>Native error class value → portable class.</summary>
    public required FrozenDictionary<int, MpiErrorClass> ErrorClasses { get; init; }

    /// <summary>Open MPI: the exported symbol of each predefined object, whose address is the handle.</summary>
    public FrozenDictionary<PredefinedHandle, string>? HandleSymbols { get; init; }

    /// <summary>MPICH and the standard ABI: the constant value of each predefined handle.</summary>
    public FrozenDictionary<PredefinedHandle, long>? HandleValues { get; init; }

    public MpiErrorClass TranslateErrorClass(int nativeClass) =>
        ErrorClasses.TryGetValue(nativeClass, out var portable) ? portable : MpiErrorClass.Unrecognized;

    public static AbiTable For(AbiFamily family) => family switch
    {
        AbiFamily.OpenMpi => OpenMpiAbi.Table,
        AbiFamily.Mpich => MpichAbi.Table,
        AbiFamily.MpiAbi => StandardAbi.Table,
        AbiFamily.InProcess => StandardAbi.InProcessTable,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown ABI family"),
    };

    /// <summary>Builds an error-class map from the native values listed in <see cref="MpiErrorClass"/> order.</summary>
    internal static FrozenDictionary<int, MpiErrorClass> ErrorClassMap(params (MpiErrorClass Portable, int Native)[] entries)
    {
        var map = new Dictionary<int, MpiErrorClass>(entries.Length);
        foreach (var (portable, native) in entries)
        {
            map.Add(native, portable);
        }

        return map.ToFrozenDictionary();
    }
}
