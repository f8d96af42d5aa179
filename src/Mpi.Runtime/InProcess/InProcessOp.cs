using System.Collections.Frozen;
using TypedMpi.Abi;

namespace TypedMpi.InProcess;

/// <summary>The predefined reductions of MPI.</summary>
internal enum OpKind
{
    User,
    Max,
    Min,
    Sum,
    Prod,
    LogicalAnd,
    BitwiseAnd,
    LogicalOr,
    BitwiseOr,
    LogicalXor,
    BitwiseXor,
    MaxLoc,
    MinLoc,
    Replace,
    NoOp,
}

/// <summary>An operation of the in-process backend: a predefined reduction or a user function (<c>MPI_Op_create</c>).</summary>
internal sealed unsafe class InProcessOp
{
    private InProcessOp(OpKind kind, string name, void* function, bool commutative)
    {
        Kind = kind;
        Name = name;
        Function = function;
        Commutative = commutative;
    }

    public OpKind Kind { get; }

    public string Name { get; }

    /// <summary>The <c>MPI_User_function</c> of a user operation.</summary>
    public void* Function { get; }

    public bool Commutative { get; }

    public nint Handle { get; set; }

    public static InProcessOp User(void* function, bool commutative) => new(OpKind.User, "user-defined operation", function, commutative);

    /// <summary>Whether the operation reduces elements of <paramref name="type"/>; user functions take any type.</summary>
    public bool Supports(InProcessType type) => ReductionKernels.Supports(Kind, type.Kind);

    /// <summary><c>inout[i] = input[i] op inout[i]</c> for <paramref name="count"/> elements, as MPI's user functions do.</summary>
    public void Apply(byte* input, byte* inout, int count, InProcessType type)
    {
        if (Kind == OpKind.User)
        {
            var handle = type.Handle;
            var length = count;
            ((delegate* unmanaged<void*, void*, int*, void*, void>)Function)(input, inout, &length, &handle);
            return;
        }

        ReductionKernels.Apply(Kind, type.Kind, input, inout, count);
    }

    /// <summary>The predefined operations, by their standard-ABI handle.</summary>
    public static readonly FrozenDictionary<nint, InProcessOp> Predefined = BuildPredefined();

    private static FrozenDictionary<nint, InProcessOp> BuildPredefined()
    {
        var values = StandardAbi.Table.HandleValues!;
        var result = new Dictionary<nint, InProcessOp>();
        foreach (var kind in Enum.GetValues<OpKind>())
        {
            if (kind == OpKind.User)
            {
                continue;
            }

            var handle = (nint)values[Enum.Parse<PredefinedHandle>("Op" + kind)];
            result[handle] = new InProcessOp(kind, CName(kind), null, commutative: true) { Handle = handle };
        }

        return result.ToFrozenDictionary();
    }

    private static string CName(OpKind kind) => kind switch
    {
        OpKind.LogicalAnd => "MPI_LAND",
        OpKind.LogicalOr => "MPI_LOR",
        OpKind.LogicalXor => "MPI_LXOR",
        OpKind.BitwiseAnd => "MPI_BAND",
        OpKind.BitwiseOr => "MPI_BOR",
        OpKind.BitwiseXor => "MPI_BXOR",
        OpKind.NoOp => "MPI_NO_OP",
        _ => "MPI_" + kind.ToString().ToUpperInvariant(),
    };
}
