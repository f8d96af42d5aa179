using System.Numerics;
using TypedMpi.Abi;

namespace TypedMpi;

/// <summary>A reduction operation for Reduce, Allreduce, Scan, Exscan and ReduceScatterBlock.</summary>
/// <remarks>
/// Which element types an operation accepts follows MPI: arithmetic ops on numbers (Sum and Prod also on
/// <see cref="Complex"/>), logical ops on integers and <see cref="bool"/>, bitwise ops on
/// integers, MinLoc/MaxLoc on <see cref="ValueIndex{T}"/>. <see cref="Half"/> is reduced by TypedMpi's own
/// kernels because MPI-3 has no 16-bit float type. An op the library cannot apply to a type is an
/// <see cref="MpiException"/> with <see cref="MpiErrorClass.Op"/>.
/// </remarks>
public readonly record struct MpiOp
{
    private MpiOp(PredefinedHandle handle, string name)
    {
        Predefined = handle;
        Name = name;
    }

    private MpiOp(UserOperation user)
    {
        Predefined = PredefinedHandle.OpNull;
        Name = user.Name;
        User = user;
    }

    internal PredefinedHandle Predefined { get; }

    /// <summary>The user-defined operation, or null for a built-in one.</summary>
    internal UserOperation? User { get; }

    /// <summary>True for an operation defined by user code (<see cref="IMpiOperation{T}"/>).</summary>
    public bool IsUserDefined => User is not null;

    /// <summary>Whether the operation is commutative (every built-in one is).</summary>
    public bool IsCommutative => User?.Commutative ?? true;

    /// <summary>
    /// An operation that combines <typeparamref name="T"/> elements with <typeparamref name="TOperation"/>.Apply.
    /// Create it once (e.g. in a static readonly field) and use it with any reduction on <typeparamref name="T"/>.
    /// </summary>
    /// <param name="name">A name for messages, e.g. <c>Merge</c>.</param>
    /// <param name="commutative">Whether the order of operands does not matter.</param>
    public static MpiOp Create<T, TOperation>(string name, bool commutative = true)
        where T : unmanaged
        where TOperation : IMpiOperation<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        unsafe
        {
            return new MpiOp(new UserOperation(name, commutative, typeof(T), &UserOperation.ApplyAll<T, TOperation>));
        }
    }

    /// <summary>The operation's name, e.g. <c>Sum</c>.</summary>
    public string Name { get; }

    /// <summary>Sum (<c>MPI_SUM</c>).</summary>
    public static MpiOp Sum { get; } = new(PredefinedHandle.OpSum, nameof(Sum));

    /// <summary>Product (<c>MPI_PROD</c>).</summary>
    public static MpiOp Prod { get; } = new(PredefinedHandle.OpProd, nameof(Prod));

    /// <summary>Minimum (<c>MPI_MIN</c>).</summary>
    public static MpiOp Min { get; } = new(PredefinedHandle.OpMin, nameof(Min));

    /// <summary>Maximum (<c>MPI_MAX</c>).</summary>
    public static MpiOp Max { get; } = new(PredefinedHandle.OpMax, nameof(Max));

    /// <summary>Logical and (<c>MPI_LAND</c>).</summary>
    public static MpiOp LogicalAnd { get; } = new(PredefinedHandle.OpLogicalAnd, nameof(LogicalAnd));

    /// <summary>Logical or (<c>MPI_LOR</c>).</summary>
    public static MpiOp LogicalOr { get; } = new(PredefinedHandle.OpLogicalOr, nameof(LogicalOr));

    /// <summary>Logical exclusive or (<c>MPI_LXOR</c>).</summary>
    public static MpiOp LogicalXor { get; } = new(PredefinedHandle.OpLogicalXor, nameof(LogicalXor));

    /// <summary>Bitwise and (<c>MPI_BAND</c>).</summary>
    public static MpiOp BitwiseAnd { get; } = new(PredefinedHandle.OpBitwiseAnd, nameof(BitwiseAnd));

    /// <summary>Bitwise or (<c>MPI_BOR</c>).</summary>
    public static MpiOp BitwiseOr { get; } = new(PredefinedHandle.OpBitwiseOr, nameof(BitwiseOr));

    /// <summary>Bitwise exclusive or (<c>MPI_BXOR</c>).</summary>
    public static MpiOp BitwiseXor { get; } = new(PredefinedHandle.OpBitwiseXor, nameof(BitwiseXor));

    /// <summary>Minimum value and the smallest index holding it (<c>MPI_MINLOC</c>), on <see cref="ValueIndex{T}"/>.</summary>
    public static MpiOp MinLoc { get; } = new(PredefinedHandle.OpMinLoc, nameof(MinLoc));

    /// <summary>Maximum value and the smallest index holding it (<c>MPI_MAXLOC</c>), on <see cref="ValueIndex{T}"/>.</summary>
    public static MpiOp MaxLoc { get; } = new(PredefinedHandle.OpMaxLoc, nameof(MaxLoc));

    /// <inheritdoc />
    public override string ToString() => Name;
}
