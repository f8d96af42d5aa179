using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Generators.Model;

namespace TypedMpi.Generators.Parsing;

/// <summary>Turns an <c>[MpiMessage]</c> struct's symbol into a <see cref="MessageTypeModel"/>, or null when it is unsupported.</summary>
/// <remarks>
/// What is supported is decided by <see cref="MessageTypeRules"/>, which the analyzers share; an unsupported type
/// gets no code here and a diagnostic there. This class only translates a supported shape into names and strings.
/// </remarks>
internal static class MessageParser
{
    public static MessageTypeModel? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        if (MessageTypeRules.CheckCompilation(compilation) != MessageProblem.None || HasRepeatedAttribute(type))
        {
            return null;
        }

        var shape = MessageTypeRules.Analyze(type, compilation, cancellationToken);
        if (!shape.IsSupported)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();

        var containingTypes = new List<ContainingTypeModel>();
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            containingTypes.Insert(0, new ContainingTypeModel(KeywordOf(container), Identifier(container.Name)));
        }

        var fields = new List<FieldModel>(shape.Fields.Length);
        for (var i = 0; i < shape.Fields.Length; i++)
        {
            fields.Add(ToModel(shape.Fields[i], shape.ExpectedOffsets[i]));
        }

        var fullyQualifiedName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return new MessageTypeModel(
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } @namespace ? WithoutGlobalPrefix(@namespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)) : null,
            Name: Identifier(type.Name),
            FullyQualifiedName: fullyQualifiedName,
            DisplayName: type.ToDisplayString(),
            DeclarationKeyword: KeywordOf(type),
            HintName: HintNames.ForMessage(type),
            ContainingTypes: EquatableArray.From(containingTypes),
            Layout: new LayoutModel(shape.LayoutKind, shape.Pack, shape.Size),
            Fields: EquatableArray.From(fields),
            Reductions: shape.Reductions,
            Registration: RegistrationOf(type, shape.RegistrationHost, containingTypes.Count));
    }

    /// <summary>
    /// <c>[MpiMessage]</c> on two partial declarations (error CS0579): each would produce the same file, which Roslyn
    /// rejects for the whole generator, so neither does.
    /// </summary>
    private static bool HasRepeatedAttribute(INamedTypeSymbol type)
    {
        var count = 0;
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == MessageTypeRules.AttributeMetadataName)
            {
                count++;
            }
        }

        return count > 1;
    }

    private static FieldModel ToModel(FieldShape field, int expectedOffset) => new(
        Name: field.Member.Name,
        Identifier: Identifier(field.Member.Name),
        FieldTypeName: field.StorageField.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        Storage: field.Storage,
        AccessedFieldName: field.Storage == FieldStorage.Field ? null : field.StorageField.Name,
        Container: field.Container,
        Length: field.Length,
        Element: ToModel(field.Element),
        ExpectedOffset: expectedOffset);

    private static ElementModel ToModel(ElementShape element) => new(
        Kind: element.Kind,
        TypeName: element.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        DisplayName: element.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
        MpiName: element.MpiName,
        Components: element.Components,
        Reductions: element.Reductions,
        FromAnotherAssembly: element.IsFromAnotherAssembly);

    /// <summary>
    /// A file-local class when the type is visible to the whole module, else a member of the containing type that can
    /// see it (a module initializer must itself be visible to the module).
    /// </summary>
    private static RegistrationModel RegistrationOf(INamedTypeSymbol type, INamedTypeSymbol? host, int containingTypeCount)
    {
        var path = new List<string> { type.Name };
        var depth = containingTypeCount - 1;
        for (var container = type.ContainingType; container is not null; container = container.ContainingType, depth--)
        {
            if (SymbolEqualityComparer.Default.Equals(container, host))
            {
                return new RegistrationModel(ClassName: null, HostDepth: depth, MethodName: "Register" + string.Join("_", path) + "MpiMessage");
            }

            path.Insert(0, container.Name);
        }

        return new RegistrationModel(ClassName: string.Join("_", path) + "MpiMessageRegistration", HostDepth: -1, MethodName: "Register");
    }

    internal static string KeywordOf(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
        TypeKind.Interface => "interface",
        _ => type.IsRecord ? "record" : "class",
    };

    internal static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    internal static string WithoutGlobalPrefix(string name) =>
        name.StartsWith("global::", System.StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
}
