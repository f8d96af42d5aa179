using System.ComponentModel;

namespace TypedMpi;

/// <summary>
/// What the source generator implements for each <see cref="MpiMessageAttribute"/> struct: the description of its
/// layout and its reduction kernels. User code never implements or calls this interface itself.
/// </summary>
/// <typeparam name="TSelf">The message type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IMpiMessage<TSelf> where TSelf : unmanaged, IMpiMessage<TSelf>
{
    /// <summary>Describes every field to <paramref name="layout"/>: its offset measured on a real instance, its element type and count.</summary>
    static abstract void DescribeLayout(ref MpiLayoutBuilder layout);

    /// <summary>
    /// The field-wise kernel of <paramref name="reduction"/>, an <c>MPI_User_function</c>
    /// (<c>inout[i] = in[i] op inout[i]</c>), or null when the operation is not defined for every field.
    /// </summary>
    static abstract unsafe delegate* unmanaged<void*, void*, int*, void*, void> GetReduction(MpiReduction reduction);
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
