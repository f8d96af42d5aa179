namespace TypedMpi.Generators.Model;

/// <summary>One instance field of a message type.</summary>
/// <remarks>Strings, ints and enums only; see <see cref="MessageTypeModel"/>.</remarks>
/// <param name="Name">The field's name (an auto-property's name for its backing field), as reported to the layout builder.</param>
/// <param name="Identifier">The name as written in code (<c>@</c>-escaped if it is a keyword).</param>
/// <param name="FieldTypeName">The field's declared type as written in code, for an auto-property's accessor.</param>
/// <param name="Storage">How generated code reaches it: directly, or through an <c>[UnsafeAccessor]</c> (readonly field, auto-property).</param>
/// <param name="AccessedFieldName">
/// The metadata name of the field the <c>[UnsafeAccessor]</c> returns: a readonly field's own name, an auto-property's
/// backing field (<c>&lt;X&gt;k__BackingField</c>); null for a field assigned directly.
/// </param>
/// <param name="Container">A single value, a fixed-size buffer or an inline array.</param>
/// <param name="Length">Elements in the buffer or inline array; 1 for a single value.</param>
/// <param name="Element">The element type.</param>
/// <param name="ExpectedOffset">Expected byte offset on a 64-bit machine; -1 for auto layout.</param>
internal sealed record FieldModel(
    string Name,
    string Identifier,
    string FieldTypeName,
    FieldStorage Storage,
    string? AccessedFieldName,
    FieldContainer Container,
    int Length,
    ElementModel Element,
    int ExpectedOffset)
{
    /// <summary>MPI elements in the field: <see cref="Length"/> times the element's components.</summary>
    public int Count => Length * Element.Components;
}

/// <summary>One wire element type.</summary>
/// <param name="Kind">What the element is, which decides the reduction code.</param>
/// <param name="TypeName">The type as written in code: a keyword (<c>double</c>) or <c>global::</c>-qualified.</param>
/// <param name="DisplayName">Short name for comments: <c>double</c>, <c>Vector3</c>, <c>Velocity</c>.</param>
/// <param name="MpiName">The MPI datatype, for the layout explanation.</param>
/// <param name="Components">2, 3 or 4 floats for a vector; 1 otherwise.</param>
/// <param name="Reductions">The reductions this element supports.</param>
/// <param name="FromAnotherAssembly">A nested message type declared in a referenced assembly.</param>
internal sealed record ElementModel(
    ElementKind Kind,
    string TypeName,
    string DisplayName,
    string MpiName,
    int Components,
    Reductions Reductions,
    bool FromAnotherAssembly);
