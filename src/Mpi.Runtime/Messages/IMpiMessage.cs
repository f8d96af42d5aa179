using System.ComponentModel;

namespace TypedMpi;

/// <summary>
/// What the source generator implements for each <see cref="MpiMessageAttribute"/> struct: the description of its
/// layout and its field-wise reductions. User code never implements or calls this interface itself.
/// </summary>
/// <remarks>
/// Everything here is safe code: the runtime owns the <c>[UnmanagedCallersOnly]</c> functions MPI calls back
/// and finds the message type from the datatype handle MPI passes them, so a project needs no
/// <c>AllowUnsafeBlocks</c> to use message types.
/// </remarks>
/// <typeparam name="TSelf">The message type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IMpiMessage<TSelf> where TSelf : unmanaged, IMpiMessage<TSelf>
{
    /// <summary>Describes every field to <paramref name="layout"/>: its offset measured on a real instance, its element type and count.</summary>
    static abstract void DescribeLayout(ref MpiLayoutBuilder layout);

    /// <summary>The built-in reductions defined for every field (none when a field is a bool, char or enum).</summary>
    static abstract MpiReductions SupportedReductions { get; }

    /// <summary><c>target[i] = source[i] op target[i]</c>, field by field; only called with a supported reduction.</summary>
    static abstract void Reduce(MpiReduction reduction, ReadOnlySpan<TSelf> source, Span<TSelf> target);
}

/// <summary>The built-in operations a message type can reduce with, field by field.</summary>
public enum MpiReduction
{
    /// <summary>Field-wise sum.</summary>
    Sum,

    /// <summary>Field-wise product.</summary>
    Prod,

    /// <summary>Field-wise minimum.</summary>
    Min,

    /// <summary>Field-wise maximum.</summary>
    Max,
}

/// <summary>A set of <see cref="MpiReduction"/>s.</summary>
[Flags]
public enum MpiReductions
{
    /// <summary>No reduction is defined for every field.</summary>
    None = 0,

    /// <summary><see cref="MpiReduction.Sum"/>.</summary>
    Sum = 1 << MpiReduction.Sum,

    /// <summary><see cref="MpiReduction.Prod"/>.</summary>
    Prod = 1 << MpiReduction.Prod,

    /// <summary><see cref="MpiReduction.Min"/>.</summary>
    Min = 1 << MpiReduction.Min,

    /// <summary><see cref="MpiReduction.Max"/>.</summary>
    Max = 1 << MpiReduction.Max,
}
