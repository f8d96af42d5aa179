using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedMpi.Analyzers.Infrastructure;

/// <summary>Locations and display names of symbols, for diagnostics.</summary>
internal static class SymbolHelpers
{
    /// <summary>How types and members appear in messages: short, with type arguments (<c>Outer&lt;T&gt;.Target</c>).</summary>
    public static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    public static string Display(ISymbol symbol) => symbol.ToDisplayString(MessageFormat);

    /// <summary>
    /// The symbol's first location in a syntax tree of <paramref name="compilation"/>, or null (metadata, or a tree the
    /// compilation does not contain: a diagnostic there would make the compiler throw).
    /// </summary>
    public static Location? SourceLocation(ISymbol symbol, Compilation compilation)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource && location.SourceTree is { } tree && compilation.ContainsSyntaxTree(tree))
            {
                return location;
            }
        }

        return null;
    }

    /// <summary>The identifier of the declaration that carries <paramref name="attribute"/>, else the type's first location.</summary>
    public static Location? DeclarationLocation(INamedTypeSymbol type, AttributeData attribute, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference is { } reference && compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            switch (reference.GetSyntax(cancellationToken).FirstAncestorOrSelf<MemberDeclarationSyntax>())
            {
                case BaseTypeDeclarationSyntax declaration:
                    return declaration.Identifier.GetLocation();
                case DelegateDeclarationSyntax declaration:
                    return declaration.Identifier.GetLocation();
            }
        }

        return SourceLocation(type, compilation);
    }

    /// <summary>Whether <paramref name="type"/> is the attribute class <c>TypedMpi.{name}</c>.</summary>
    public static bool IsTypedMpiAttribute(INamedTypeSymbol? type, string name) =>
        type is { ContainingType: null, ContainingNamespace: { Name: "TypedMpi", ContainingNamespace.IsGlobalNamespace: true } } && type.Name == name;

    /// <summary>The <c>[TypedMpi.{name}]</c> attributes of <paramref name="symbol"/>: the first, and how many there are.</summary>
    public static (AttributeData? First, int Count) FindAttribute(ISymbol symbol, string name)
    {
        AttributeData? first = null;
        var count = 0;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsTypedMpiAttribute(attribute.AttributeClass, name))
            {
                first ??= attribute;
                count++;
            }
        }

        return (first, count);
    }
}
