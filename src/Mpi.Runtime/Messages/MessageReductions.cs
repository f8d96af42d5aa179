using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// The functions MPI calls to reduce message types (<c>MPI_User_function</c>), one per <see cref="MpiReduction"/>.
/// </summary>
/// <remarks>
/// MPI passes no user data to a reduction function, only the datatype of the operation. Each committed message
/// datatype is registered here with its generated <c>Reduce</c>, so one static trampoline per reduction serves every
/// message type: it reads the handle MPI points to — 4 bytes in the MPICH ABI, 8 in Open MPI's and the standard
/// ABI's — and dispatches to the type's safe, generic kernel.
/// </remarks>
internal static unsafe class MessageReductions
{
    /// <summary>Committed datatype handle → the type's untyped reduce entry (a managed function pointer).</summary>
    private static readonly ConcurrentDictionary<nint, nint> s_kernels = new();

    /// <summary>A user operation's private datatype handle → its kernel (a managed function pointer).</summary>
    private static readonly ConcurrentDictionary<nint, nint> s_userKernels = new();
    private static int s_handleSize = 8;

    public static void Register(NativeMpi native, nint datatype, delegate*<MpiReduction, void*, void*, int, void> reduce)
    {
        s_handleSize = native.Abi.HandleSize;
        s_kernels[datatype] = (nint)reduce;
    }

    public static void RegisterUserOperation(NativeMpi native, nint datatype, delegate*<void*, void*, int, void> kernel)
    {
        s_handleSize = native.Abi.HandleSize;
        s_userKernels[datatype] = (nint)kernel;
    }

    public static void Unregister(nint datatype)
    {
        s_kernels.TryRemove(datatype, out _);
        s_userKernels.TryRemove(datatype, out _);
    }

    /// <summary>The one MPI user function behind every user-defined operation.</summary>
    public static delegate* unmanaged<void*, void*, int*, void*, void> UserTrampoline => &User;

    /// <summary>The MPI user function for <paramref name="reduction"/>.</summary>
    public static delegate* unmanaged<void*, void*, int*, void*, void> Trampoline(MpiReduction reduction) => reduction switch
    {
        MpiReduction.Sum => &Sum,
        MpiReduction.Prod => &Prod,
        MpiReduction.Min => &Min,
        _ => &Max,
    };

    [UnmanagedCallersOnly]
    private static void Sum(void* input, void* inout, int* length, void* datatype) => Apply(MpiReduction.Sum, input, inout, *length, datatype);

    [UnmanagedCallersOnly]
    private static void Prod(void* input, void* inout, int* length, void* datatype) => Apply(MpiReduction.Prod, input, inout, *length, datatype);

    [UnmanagedCallersOnly]
    private static void Min(void* input, void* inout, int* length, void* datatype) => Apply(MpiReduction.Min, input, inout, *length, datatype);

    [UnmanagedCallersOnly]
    private static void Max(void* input, void* inout, int* length, void* datatype) => Apply(MpiReduction.Max, input, inout, *length, datatype);

    [UnmanagedCallersOnly]
    private static void User(void* input, void* inout, int* length, void* datatype)
    {
        var handle = HandleAt(datatype);
        if (!s_userKernels.TryGetValue(handle, out var kernel))
        {
            Environment.FailFast($"TypedMpi: MPI called a user operation with datatype 0x{handle:x}, which belongs to no user operation.");
        }

        ((delegate*<void*, void*, int, void>)kernel)(input, inout, *length);
    }

    /// <summary>The datatype handle MPI points to, read with the ABI's width (an <c>int</c> for MPICH).</summary>
    private static nint HandleAt(void* datatype) => s_handleSize == 4 ? (nint)(uint)*(int*)datatype : *(nint*)datatype;

    private static void Apply(MpiReduction reduction, void* input, void* inout, int length, void* datatype)
    {
        var handle = HandleAt(datatype);
        if (!s_kernels.TryGetValue(handle, out var kernel))
        {
            // Unreachable through TypedMpi's API (an op is only ever used with its own type). An exception cannot
            // cross the native frames of MPI, so fail loudly instead of reducing garbage.
            Environment.FailFast($"TypedMpi: MPI called the {reduction} reduction with datatype 0x{handle:x}, which is no registered message type.");
        }

        ((delegate*<MpiReduction, void*, void*, int, void>)kernel)(reduction, input, inout, length);
    }
}
