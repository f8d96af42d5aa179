namespace TypedMpi.Generators.Model;

/// <summary>Everything the emitter needs to write one message type's generated part.</summary>
/// <remarks>
/// A model is a cacheable incremental value: it is immutable and compares by value (strings, ints, enums and
/// <see cref="EquatableArray{T}"/>s of other models). No <c>ISymbol</c>, <c>Compilation</c> or syntax node is ever
/// stored here: holding one would keep a whole compilation alive and make every step look changed. A test reflects
/// over these types to keep it that way.
/// </remarks>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="Name">The type's simple name.</param>
/// <param name="FullyQualifiedName">The name with <c>global::</c> and containing types, for use in code.</param>
/// <param name="DisplayName">The name with namespace and containing types as C# shows it, for messages.</param>
/// <param name="DeclarationKeyword"><c>struct</c> or <c>record struct</c>.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="ContainingTypes">The types the struct is nested in, outermost first.</param>
/// <param name="Layout">Layout kind and expected size.</param>
/// <param name="Fields">The instance fields in declaration order.</param>
/// <param name="Reductions">The reductions valid for every field.</param>
/// <param name="Registration">Where the module initializer that registers the type goes.</param>
internal sealed record MessageTypeModel(
    string? Namespace,
    string Name,
    string FullyQualifiedName,
    string DisplayName,
    string DeclarationKeyword,
    string HintName,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    LayoutModel Layout,
    EquatableArray<FieldModel> Fields,
    Reductions Reductions,
    RegistrationModel Registration);

/// <summary>A type a message struct is nested in, redeclared as <c>partial</c> around the generated part.</summary>
/// <param name="Keyword"><c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
/// <param name="Name">The type's simple name.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>The layout kind and what the compiler is expected to make of it on a 64-bit machine.</summary>
/// <param name="Kind">Sequential, explicit or auto.</param>
/// <param name="Pack"><c>[StructLayout(Pack = n)]</c>, 0 for the default.</param>
/// <param name="ExpectedSize">Expected size in bytes.</param>
internal sealed record LayoutModel(MessageLayoutKind Kind, int Pack, int ExpectedSize);

/// <summary>Where the <c>[ModuleInitializer]</c> that registers the type lives.</summary>
/// <param name="ClassName">
/// The file-local class to declare, or null when the type is not visible at module level and the initializer is a
/// member of a containing type instead.
/// </param>
/// <param name="HostDepth">Index in <see cref="MessageTypeModel.ContainingTypes"/> of that containing type, or -1.</param>
/// <param name="MethodName">The initializer's name.</param>
internal sealed record RegistrationModel(string? ClassName, int HostDepth, string MethodName);
