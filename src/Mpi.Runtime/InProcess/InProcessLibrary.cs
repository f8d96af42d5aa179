using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using TypedMpi.Abi;

namespace TypedMpi.InProcess;

/// <summary>
/// The in-process backend as an MPI library: the same C entry points TypedMpi binds in a real library, with the
/// MPI-5 standard ABI's handles, constants and status layout, implemented in managed code as
/// <c>[UnmanagedCallersOnly]</c> functions. <see cref="Interop.NativeMpi"/> binds it exactly like a dlopened
/// library, so every layer above — datatypes of message types, reduction trampolines, requests, statuses, error
/// translation — runs the same code on both backends, and one conformance suite tests both.
/// </summary>
/// <remarks>
/// Every entry point catches everything: an exception must not cross an <c>[UnmanagedCallersOnly]</c> frame. Errors
/// come back as MPI error codes whose error string carries the detail (see <see cref="InProcessErrors"/>).
/// </remarks>
internal static unsafe partial class InProcessLibrary
{
    public const string Name = "TypedMpi in-process";

    private static readonly AbiTable s_abi = StandardAbi.Table;

    public static readonly nint CommNull = Constant(PredefinedHandle.CommNull);
    public static readonly nint RequestNull = Constant(PredefinedHandle.RequestNull);
    public static readonly nint MessageNull = Constant(PredefinedHandle.MessageNull);
    public static readonly nint MessageNoProc = Constant(PredefinedHandle.MessageNoProc);
    public static readonly nint GroupEmpty = Constant(PredefinedHandle.GroupEmpty);
    public static readonly nint GroupNull = Constant(PredefinedHandle.GroupNull);
    public static readonly nint OpNull = Constant(PredefinedHandle.OpNull);
    public static readonly nint DatatypeNull = Constant(PredefinedHandle.DatatypeNull);

    private static readonly byte* InPlace = (byte*)s_abi.InPlace;
    private static readonly void* StatusIgnore = (void*)s_abi.StatusIgnore;

    /// <summary>Entry point name → function pointer, as <c>dlsym</c> would answer for a real library.</summary>
    public static FrozenDictionary<string, nint> Exports { get; } = BuildExports();

    private static nint Constant(PredefinedHandle which) => (nint)s_abi.HandleValues![which];

    /// <summary>Every <c>[UnmanagedCallersOnly]</c> method named after the C function it implements (<c>MPI_Comm_rank</c> → <c>Comm_rank</c>).</summary>
    private static FrozenDictionary<string, nint> BuildExports()
    {
        static string CName(string method) => "MPI_" + method;
        var result = new Dictionary<string, nint>();
        foreach (var method in typeof(InProcessLibrary).GetMethods(BindingFlags.Static | BindingFlags.NonPublic))
        {
            if (method.GetCustomAttribute<UnmanagedCallersOnlyAttribute>() is not null)
            {
                result[CName(method.Name)] = method.MethodHandle.GetFunctionPointer();
            }
        }

        return result.ToFrozenDictionary();
    }

    /// <summary>The caller's view of <paramref name="handle"/>, or the error for a handle that names no live communicator.</summary>
    private static int View(nint handle, out CommView view)
    {
        var found = HandleTable.Get<CommView>(handle);
        if (found is null || found.Freed)
        {
            view = null!;
            return InProcessErrors.Code(MpiErrorClass.Comm, handle == CommNull
                ? "the communicator is MPI_COMM_NULL"
                : string.Create(CultureInfo.InvariantCulture, $"0x{handle:x} is not a communicator of this in-process job (freed, or never created)"));
        }

        view = found;
        return found.State.Job.IsAborted ? found.State.Job.AbortedError(found.Owner.WorldRank) : 0;
    }

    private static int Datatype(nint handle, out InProcessType type)
    {
        if (InProcessType.PredefinedOf(handle) is { } predefined)
        {
            type = predefined;
            return 0;
        }

        var found = HandleTable.Get<InProcessType>(handle);
        if (found is null || !found.Committed)
        {
            type = null!;
            return InProcessErrors.Code(MpiErrorClass.Type, found is null
                ? string.Create(CultureInfo.InvariantCulture, $"0x{handle:x} is not a datatype")
                : $"the datatype {found.Name} has not been committed");
        }

        type = found;
        return 0;
    }

    private static int Operation(nint handle, out InProcessOp op)
    {
        if (InProcessOp.Predefined.TryGetValue(handle, out op!) || (op = HandleTable.Get<InProcessOp>(handle)!) is not null)
        {
            return 0;
        }

        return InProcessErrors.Code(MpiErrorClass.Op, string.Create(CultureInfo.InvariantCulture, $"0x{handle:x} is not an operation"));
    }

    private static int CheckCount(int count) =>
        count >= 0 ? 0 : InProcessErrors.Code(MpiErrorClass.Count, $"the count {count} is negative");

    /// <summary>A peer rank: a member, MPI_PROC_NULL, or for a receive MPI_ANY_SOURCE.</summary>
    private static int CheckPeer(CommView view, int peer, bool receive)
    {
        if ((uint)peer < (uint)view.State.Size || peer == PointToPoint.ProcNull || (receive && peer == Mailbox.AnySource))
        {
            return 0;
        }

        return InProcessErrors.Code(MpiErrorClass.Rank, string.Create(CultureInfo.InvariantCulture,
            $"rank {peer} is not a rank of {view.State.Name} ({view.State.Size} ranks){(peer == Mailbox.AnySource ? "; MPI_ANY_SOURCE is only for receives" : "")}"));
    }

    private static int CheckTag(int tag, bool receive)
    {
        if (tag >= 0 || (receive && tag == Mailbox.AnyTag))
        {
            return 0;
        }

        return InProcessErrors.Code(MpiErrorClass.Tag, string.Create(CultureInfo.InvariantCulture,
            $"the tag {tag} is invalid{(tag == Mailbox.AnyTag ? ": MPI_ANY_TAG is only for receives" : ": tags are non-negative")}"));
    }

    private static int CheckRoot(CommView view, int root) =>
        (uint)root < (uint)view.State.Size ? 0 : InProcessErrors.Code(MpiErrorClass.Root, string.Create(CultureInfo.InvariantCulture,
            $"root {root} is not a rank of {view.State.Name} ({view.State.Size} ranks)"));

    /// <summary>The error code for an exception that escaped the backend (a bug): it must not cross the native frame.</summary>
    private static int Internal(Exception exception) =>
        InProcessErrors.Code(MpiErrorClass.Intern, $"internal error in the in-process backend: {exception}");

    /// <summary>Fills a standard-ABI status: source, tag, error, then TypedMpi's own count and cancelled fields.</summary>
    private static void WriteStatus(void* status, int source, int tag, int error, long bytes, bool cancelled)
    {
        if (status == StatusIgnore)
        {
            return;
        }

        var words = (int*)status;
        words[0] = source;
        words[1] = tag;
        words[2] = error;
        words[3] = cancelled ? 1 : 0;
        *(long*)(words + 4) = bytes;
    }

    private static void WriteStatus(void* status, InProcessRequest request) =>
        WriteStatus(status, request.StatusSource, request.StatusTag, request.StatusError, request.StatusBytes, request.Cancelled);
}
