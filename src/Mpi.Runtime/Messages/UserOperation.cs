namespace TypedMpi;

/// <summary>
/// A user-defined reduction: its element type, its kernel and, once used with a library, the MPI op and the
/// private datatype that identify it.
/// </summary>
/// <remarks>
/// MPI hands a reduction function no user data, only the datatype of the operation. Each user operation therefore
/// reduces through its own duplicate of the element type's datatype (<c>MPI_Type_dup</c>: same layout, same type
/// signature, so peers — even C ranks using the original type — still match), and the runtime's one trampoline
/// finds the kernel from that handle.
/// </remarks>
internal sealed unsafe class UserOperation(string name, bool commutative, Type elementType, delegate*<void*, void*, int, void> kernel)
{
    public string Name { get; } = name;

    public bool Commutative { get; } = commutative;

    public Type ElementType { get; } = elementType;

    /// <summary><c>inout[i] = in[i] ∘ inout[i]</c> over <c>count</c> elements.</summary>
    public delegate*<void*, void*, int, void> Kernel { get; } = kernel;

    /// <summary>The MPI op, 0 until first used.</summary>
    public nint OpHandle;

    /// <summary>The operation's own duplicate of the element datatype, 0 until first used.</summary>
    public nint Datatype;

    public static void ApplyAll<T, TOperation>(void* input, void* inout, int count)
        where T : unmanaged
        where TOperation : IMpiOperation<T>
    {
        var source = new ReadOnlySpan<T>(input, count);
        var target = new Span<T>(inout, count);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = TOperation.Apply(in source[i], in target[i]);
        }
    }
}
