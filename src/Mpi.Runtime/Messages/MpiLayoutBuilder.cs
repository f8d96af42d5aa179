using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace TypedMpi;

/// <summary>
/// Receives the layout of a message type from its generated <see cref="IMpiMessage{TSelf}.DescribeLayout"/>:
/// one call per field, with the offset measured on an instance so that padding, explicit layout and packing
/// are whatever the compiler and runtime actually chose.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MpiLayoutBuilder
{
    private readonly List<MessageField> _fields;

    internal MpiLayoutBuilder(List<MessageField> fields) => _fields = fields;

    /// <summary>Adds <paramref name="field"/> of <paramref name="sample"/>: <paramref name="count"/> consecutive <typeparamref name="TField"/> elements.</summary>
    /// <param name="sample">An instance of the message type (a local of the describing method).</param>
    /// <param name="field">The field, or the first element of a fixed-size buffer or inline array.</param>
    /// <param name="name">The field's name, for messages and the layout explanation.</param>
    /// <param name="count">How many elements of <typeparamref name="TField"/> the field holds.</param>
    public readonly void Field<TSelf, TField>(ref TSelf sample, ref TField field, string name, int count = 1)
        where TSelf : unmanaged
        where TField : unmanaged
    {
        var offset = Unsafe.ByteOffset(ref Unsafe.As<TSelf, byte>(ref sample), ref Unsafe.As<TField, byte>(ref field));
        if (offset < 0 || offset + (nint)Unsafe.SizeOf<TField>() * count > Unsafe.SizeOf<TSelf>())
        {
            throw new InvalidOperationException(
                $"Field {typeof(TSelf).Name}.{name} at offset {offset} with {count} × {typeof(TField).Name} lies outside the struct; regenerate the message type.");
        }

        _fields.Add(new MessageField(name, (int)offset, count, typeof(TField), Unsafe.SizeOf<TField>(), MessageTypes.ResolverOf<TField>()));
    }
}
