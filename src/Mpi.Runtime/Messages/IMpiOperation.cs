namespace TypedMpi;

/// <summary>
/// A user-defined reduction on <typeparamref name="T"/>, usable wherever an <see cref="MpiOp"/> is: Reduce,
/// Allreduce, Scan, Exscan, ReduceScatterBlock and their nonblocking forms.
/// </summary>
/// <remarks>
/// Usually generated: mark a static method <c>[MpiOperation]</c> and the generator implements this interface and
/// exposes the op as a static property. By hand: implement it on a small struct and call
/// <see cref="MpiOp.Create{T, TOperation}(string, bool)"/>.
/// </remarks>
/// <typeparam name="T">The element type the operation combines.</typeparam>
public interface IMpiOperation<T> where T : unmanaged
{
    /// <summary>Combines two elements; for a non-commutative operation <paramref name="left"/> comes from the lower rank.</summary>
    static abstract T Apply(in T left, in T right);
}

/// <summary>
/// Makes a static method <c>static T Name(in T left, in T right)</c> (or with plain <c>T</c> parameters) a reduction
/// operation: the generator adds a static <see cref="MpiOp"/> property named <c>NameOp</c>, with the method's
/// accessibility, to the containing partial type.
/// </summary>
/// <example>
/// <code>
/// [MpiMessage]
/// public partial struct Extent
/// {
///     public double Low, High;
///
///     [MpiOperation]
///     public static Extent Merge(in Extent a, in Extent b) => new() { Low = Math.Min(a.Low, b.Low), High = Math.Max(a.High, b.High) };
/// }
///
/// Extent all = world.Allreduce(mine, Extent.MergeOp);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MpiOperationAttribute : Attribute
{
    /// <summary>Whether <c>a ∘ b == b ∘ a</c>, which lets MPI combine in any order. Default: true.</summary>
    public bool Commutative { get; init; } = true;
}
