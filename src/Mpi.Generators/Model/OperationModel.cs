namespace TypedMpi.Generators.Model;

/// <summary>Everything the emitter needs to write one <c>[MpiOperation]</c> method's generated members.</summary>
/// <remarks>
/// Like <see cref="MessageTypeModel"/>, a cacheable incremental value: immutable, compared by value, and holding no
/// symbol, syntax or compilation.
/// </remarks>
/// <param name="Namespace">The containing type's namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The method's containing type and the types it is nested in, outermost first.</param>
/// <param name="ContainingTypeName">The method's containing type with <c>global::</c>, for calling the method.</param>
/// <param name="MethodName">The method's name, as in <c>MpiOp.Name</c>; the generated names append <c>Op</c> and <c>Operation</c>.</param>
/// <param name="MethodIdentifier">The name as written in code (<c>@</c>-escaped if it is a keyword).</param>
/// <param name="MethodDocReference">The method in documentation: a <c>see</c>, or a <c>c</c> when its name is overloaded.</param>
/// <param name="ElementTypeName">The element type <c>T</c> as written in code: a keyword or <c>global::</c>-qualified.</param>
/// <param name="ElementDocReference">The element type in documentation: a <c>see</c>, or a <c>c</c> for a type a <c>cref</c> cannot name simply.</param>
/// <param name="Accessibility">The method's declared accessibility, which the generated property gets: <c>public</c>, <c>private</c>…</param>
/// <param name="LeftByReference">The first parameter is <c>in</c> or <c>ref readonly</c>, so the argument is passed with <c>in</c>.</param>
/// <param name="RightByReference">The same for the second parameter.</param>
/// <param name="Commutative"><c>[MpiOperation(Commutative = …)]</c>; true by default.</param>
/// <param name="HintName">The generated file's name.</param>
internal sealed record OperationModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ContainingTypeName,
    string MethodName,
    string MethodIdentifier,
    string MethodDocReference,
    string ElementTypeName,
    string ElementDocReference,
    string Accessibility,
    bool LeftByReference,
    bool RightByReference,
    bool Commutative,
    string HintName)
{
    /// <summary>The generated <c>MpiOp</c> property: <c>MergeOp</c>.</summary>
    public string PropertyName => MethodName + "Op";

    /// <summary>The generated nested struct implementing <c>IMpiOperation&lt;T&gt;</c>: <c>MergeOperation</c>.</summary>
    public string StructName => MethodName + "Operation";
}
