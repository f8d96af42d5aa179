using System.ComponentModel;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// Where generated code registers each message type when its assembly loads (a module initializer), so that the
/// runtime's generic operations — constrained only to <c>unmanaged</c> — can find the type's description.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MpiMessageRegistry
{
    /// <summary>Makes <typeparamref name="T"/> usable in every typed operation.</summary>
    public static unsafe void Register<T>() where T : unmanaged, IMpiMessage<T>
    {
        MessageType<T>.Describe = &Describe<T>;
        MessageType<T>.SupportedReductions = T.SupportedReductions;
        MessageType<T>.Reduce = &Reduce<T>;
    }

    private static void Describe<T>(ref MpiLayoutBuilder layout) where T : unmanaged, IMpiMessage<T> => T.DescribeLayout(ref layout);

    /// <summary>The untyped entry the runtime's MPI callbacks use: <paramref name="count"/> elements at each address.</summary>
    private static unsafe void Reduce<T>(MpiReduction reduction, void* source, void* target, int count) where T : unmanaged, IMpiMessage<T> =>
        T.Reduce(reduction, new ReadOnlySpan<T>(source, count), new Span<T>(target, count));
}

/// <summary>Per message type: its registered description and, once a library is loaded, its committed datatype and ops.</summary>
internal static unsafe class MessageType<T> where T : unmanaged
{
    public static delegate*<ref MpiLayoutBuilder, void> Describe;
    public static MpiReductions SupportedReductions;
    public static delegate*<MpiReduction, void*, void*, int, void> Reduce;

    /// <summary>The committed MPI datatype, 0 until the first operation on <typeparamref name="T"/>.</summary>
    public static nint Datatype;

    /// <summary>The MPI user op of each <see cref="MpiReduction"/>, 0 until first used.</summary>
    public static readonly nint[] Ops = new nint[4];

    public static bool IsRegistered => Describe != null;

    /// <summary>The fields, in the order the description gave them.</summary>
    public static List<MessageField> Fields()
    {
        var fields = new List<MessageField>();
        var layout = new MpiLayoutBuilder(fields);
        Describe(ref layout);
        return fields;
    }
}

/// <summary>Non-generic helpers the layout builder needs.</summary>
internal static class MessageTypes
{
    /// <summary>How to find the MPI datatype of a field's element type once a library is loaded.</summary>
    public static Func<NativeMpi, nint> ResolverOf<TField>() where TField : unmanaged => static native => native.Datatype<TField>();
}
