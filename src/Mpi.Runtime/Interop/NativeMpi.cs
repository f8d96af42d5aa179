using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TypedMpi.Abi;

namespace TypedMpi.Interop;

/// <summary>
/// The loaded MPI library: its ABI table, its predefined handles and its entry points, resolved once with
/// dlsym and called through <c>delegate* unmanaged</c> function pointers (no marshalling stubs, no
/// allocation per call).
/// </summary>
/// <remarks>
/// <para>Handles are carried as <see cref="nint"/> throughout TypedMpi. A function that takes a handle by
/// value is called with the exact C signature of the library's ABI: <c>int</c> for MPICH, pointer-sized for
/// Open MPI and the standard ABI. Relying on the calling convention to truncate a wider argument would work
/// on x86-64 and Linux AArch64 but not on platforms that pack stack arguments.</para>
/// <para>Handles returned through a pointer are written into a zeroed <see cref="nint"/>: an MPICH library
/// fills its low four bytes, which on a little-endian machine is the zero-extended integer.</para>
/// <para>Every wrapper returns the MPI error code; callers turn a non-zero code into an exception with
/// <see cref="Fail"/>, adding what they know (peer, tag, buffer size).</para>
/// </remarks>
internal sealed unsafe partial class NativeMpi
{
    private readonly nint _library;
    private readonly bool _intHandles;
    private readonly nint[] _predefined;

    /// <summary>The in-process backend's entry points (null for a dlopened library).</summary>
    private readonly FrozenDictionary<string, nint>? _exports;

    public NativeMpi(nint library, MpiLibraryInfo info)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new MpiNotSupportedException("TypedMpi supports little-endian machines only.", "(load)");
        }

        _library = library;
        Library = info;
        Abi = AbiTable.For(info.Family);
        _intHandles = Abi.HandleSize == 4;
        _predefined = ResolvePredefinedHandles();
        ResolveEntryPoints();
    }

    /// <summary>
    /// Binds one rank of an in-process job: the backend's managed entry points in place of <c>dlsym</c>, the standard
    /// ABI's constants, and this rank's own views of the world and self communicators as their predefined handles.
    /// </summary>
    public NativeMpi(InProcess.RankState rank, MpiLibraryInfo info)
    {
        Library = info;
        Abi = AbiTable.For(AbiFamily.InProcess);
        _exports = InProcess.InProcessLibrary.Exports;
        _predefined = ResolvePredefinedHandles();
        _predefined[(int)PredefinedHandle.CommWorld] = rank.World.Handle;
        _predefined[(int)PredefinedHandle.CommSelf] = rank.Self.Handle;
        WorldRank = rank.WorldRank;
        InProcessRank = rank;
        ResolveEntryPoints();
    }

    /// <summary>The rank this binding serves when the library is the in-process backend.</summary>
    public InProcess.RankState? InProcessRank { get; }

    public bool IsInProcess => InProcessRank is not null;

    public MpiLibraryInfo Library { get; }

    public AbiTable Abi { get; }

    /// <summary>This process's rank in MPI_COMM_WORLD once known, for error messages.</summary>
    public int WorldRank { get; set; } = -1;

    /// <summary>The handle of a predefined object (MPI_COMM_WORLD, MPI_SUM, MPI_INT, …).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Handle(PredefinedHandle which) => _predefined[(int)which];

    private nint[] ResolvePredefinedHandles()
    {
        var handles = new nint[Enum.GetValues<PredefinedHandle>().Length];
        foreach (var which in Enum.GetValues<PredefinedHandle>())
        {
            if (Abi.HandleSymbols is { } symbols && symbols.TryGetValue(which, out var symbol))
            {
                // Open MPI: the handle is the address of the exported object itself.
                handles[(int)which] = NativeLibrary.TryGetExport(_library, symbol, out var address)
                    ? address
                    : throw new MpiLibraryNotFoundException(
                        $"{Library.Name} ({Library.VersionLine}) does not export {symbol}, which every Open MPI 4.x/5.x library has; is it really Open MPI?",
                        [$"{Library.Name}: missing {symbol}"]);
            }
            else if (Abi.HandleValues is { } values && values.TryGetValue(which, out var value))
            {
                handles[(int)which] = (nint)value;
            }
        }

        return handles;
    }

    /// <summary>The MPI datatype of the element type <typeparamref name="T"/>.</summary>
    /// <exception cref="MpiException"><typeparamref name="T"/> is not a type MPI can transfer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Datatype<T>() where T : unmanaged
    {
        var index = ElementType<T>.Predefined;
        if (index >= 0)
        {
            return _predefined[index];
        }

        var message = MessageType<T>.Datatype;
        return message != 0 ? message : MessageDatatype<T>();
    }

    /// <summary>The MPI op for reducing <typeparamref name="T"/> with <paramref name="op"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Op<T>(MpiOp op) where T : unmanaged
    {
        if (op.Name is null)
        {
            throw new MpiException(MpiErrorClass.Op, "default(MpiOp) is not an operation; use MpiOp.Sum, MpiOp.Max, …", rank: WorldRank);
        }

        if (op.User is { } user)
        {
            return user.OpHandle != 0 && user.ElementType == typeof(T) ? user.OpHandle : UserOp<T>(user);
        }

        if (ElementType<T>.IsHalf)
        {
            return HalfOps.Get(this, op);
        }

        return ElementType<T>.Predefined >= 0 ? _predefined[(int)op.Predefined] : MessageOp<T>(op);
    }

    /// <summary>
    /// The datatype to reduce <typeparamref name="T"/> with under <paramref name="op"/>: the element type's own, or for
    /// a user-defined operation that operation's private duplicate of it (how its kernel is found).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint ReductionType<T>(MpiOp op) where T : unmanaged =>
        op.User is not { } user ? Datatype<T>()
        : user.Datatype != 0 && user.ElementType == typeof(T) ? user.Datatype
        : UserOpDatatype<T>(user);

    [DoesNotReturn]
    private void ThrowUnsupportedType(Type type) =>
        throw new MpiException(MpiErrorClass.Type,
            $"{type.FullName} cannot be sent with MPI: it is neither a primitive MPI type (sbyte…ulong, float, double, bool, char, Half, Complex, ValueIndex<T>) " +
            "nor a message type. Mark the struct [MpiMessage] (a partial struct of unmanaged fields) so TypedMpi generates its MPI datatype.",
            rank: WorldRank);

    /// <summary>A required entry point: a library without it cannot be used at all.</summary>
    private void* Require(string name) =>
        TryGetExport(name, out var address)
            ? (void*)address
            : throw new MpiLibraryNotFoundException(
                $"{Library.Name} ({Library.VersionLine}) does not export {name}, which TypedMpi needs.",
                [$"{Library.Name}: missing {name}"]);

    /// <summary>An optional entry point (MPI-4 functions, large-count calls): null when the library lacks it.</summary>
    private void* Optional(string name) =>
        TryGetExport(name, out var address) ? (void*)address : null;

    private bool TryGetExport(string name, out nint address) =>
        _exports is not null ? _exports.TryGetValue(name, out address) : NativeLibrary.TryGetExport(_library, name, out address);

    /// <summary>Throws the clear "not supported by this library" error for a missing optional entry point.</summary>
    [DoesNotReturn]
    public void ThrowMissing(string function, string why) =>
        throw new MpiNotSupportedException(
            $"{function} is not available in {Library.VersionLine} (MPI {Library.StandardVersion}): {why}",
            function, WorldRank);

    /// <summary>Builds the exception for a failed call: error class, the library's text, rank and advice.</summary>
    public MpiException Fail(int code, string function, string? context = null)
    {
        var nativeClass = code;
        if (_errorClass != null)
        {
            int queried;
            if (((delegate* unmanaged<int, int*, int>)_errorClass)(code, &queried) == 0)
            {
                nativeClass = queried;
            }
        }

        var errorClass = Abi.TranslateErrorClass(nativeClass);
        var libraryMessage = ErrorString(code);
        var where = WorldRank >= 0 ? $" on rank {WorldRank}" : "";
        var detail = context is null ? "" : $" ({context})";
        var advice = ErrorAdvice.For(errorClass);
        var message = $"{function} failed{where}{detail}: {libraryMessage} [{MpiNames.ErrorClass(errorClass)}]. {advice}";
        return new MpiException(errorClass, message, code, function, libraryMessage, WorldRank, advice);
    }

    private string ErrorString(int code)
    {
        if (_errorString == null)
        {
            return $"error code {code}";
        }

        const int MaxErrorString = 1024; // above every ABI's MPI_MAX_ERROR_STRING
        var buffer = stackalloc byte[MaxErrorString];
        int length = 0;
        if (((delegate* unmanaged<int, byte*, int*, int>)_errorString)(code, buffer, &length) != 0)
        {
            return $"error code {code}";
        }

        return Encoding.UTF8.GetString(buffer, Math.Clamp(length, 0, MaxErrorString)).Trim();
    }
}
