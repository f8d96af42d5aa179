using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// Reductions on <see cref="Half"/>. MPI-3 has no 16-bit float type, so Half travels as 16-bit words and
/// Sum/Prod/Min/Max run as user operations whose kernels are these static trampolines.
/// </summary>
internal static unsafe class HalfOps
{
    private static readonly Lock s_lock = new();
    private static readonly nint[] s_ops = new nint[4];

    public static nint Get(NativeMpi native, MpiOp op)
    {
        var slot = op.Name switch
        {
            nameof(MpiOp.Sum) => 0,
            nameof(MpiOp.Prod) => 1,
            nameof(MpiOp.Min) => 2,
            nameof(MpiOp.Max) => 3,
            _ => throw new MpiException(MpiErrorClass.Op,
                $"MpiOp.{op.Name} is not defined for Half; Half supports Sum, Prod, Min and Max.", rank: native.WorldRank),
        };

        lock (s_lock)
        {
            if (s_ops[slot] == 0)
            {
                delegate* unmanaged<void*, void*, int*, void*, void> kernel = slot switch
                {
                    0 => &Sum,
                    1 => &Prod,
                    2 => &Min,
                    _ => &Max,
                };
                nint handle = 0;
                var rc = native.OpCreate(kernel, commutative: true, &handle);
                if (rc != 0)
                {
                    throw native.Fail(rc, "MPI_Op_create", $"Half {op.Name}");
                }

                s_ops[slot] = handle;
            }

            return s_ops[slot];
        }
    }

    public static void Free(NativeMpi native)
    {
        lock (s_lock)
        {
            for (var i = 0; i < s_ops.Length; i++)
            {
                if (s_ops[i] != 0)
                {
                    var handle = s_ops[i];
                    native.OpFree(&handle);
                    s_ops[i] = 0;
                }
            }
        }
    }

    // MPI_User_function(void* invec, void* inoutvec, int* len, MPI_Datatype* type): inout[i] = in[i] op inout[i].
    // The datatype pointer is not read, so the 4- vs 8-byte handle width does not matter here.

    [UnmanagedCallersOnly]
    private static void Sum(void* input, void* inout, int* length, void* type) => Apply(input, inout, *length, static (a, b) => a + b);

    [UnmanagedCallersOnly]
    private static void Prod(void* input, void* inout, int* length, void* type) => Apply(input, inout, *length, static (a, b) => a * b);

    [UnmanagedCallersOnly]
    private static void Min(void* input, void* inout, int* length, void* type) => Apply(input, inout, *length, Half.Min);

    [UnmanagedCallersOnly]
    private static void Max(void* input, void* inout, int* length, void* type) => Apply(input, inout, *length, Half.Max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply(void* input, void* inout, int length, Func<Half, Half, Half> combine)
    {
        var source = new ReadOnlySpan<Half>(input, length);
        var target = new Span<Half>(inout, length);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = combine(source[i], target[i]);
        }
    }
}
