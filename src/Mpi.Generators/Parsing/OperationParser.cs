using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedMpi.Generators.Model;

namespace TypedMpi.Generators.Parsing;

/// <summary>Turns an <c>[MpiOperation]</c> method's symbol into an <see cref="OperationModel"/>, or null when it is unsupported.</summary>
/// <remarks>
/// What is supported is decided by <see cref="OperationRules"/>, which the analyzers share; this class only translates a
/// supported method into names and strings.
/// </remarks>
internal static class OperationParser
{
    /// <param name="method">The attributed method.</param>
    /// <param name="attributes">The method's <c>[MpiOperation]</c> attributes, as the pipeline found them.</param>
    /// <param name="compilation">The compilation the method is declared in.</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    public static OperationModel? Parse(IMethodSymbol method, ImmutableArray<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
    {
        // [MpiOperation] twice (error CS0579, e.g. on both parts of a partial method): no code, the compiler error is enough.
        if (attributes.Length != 1 || CountOperationAttributes(method) > 1)
        {
            return null;
        }

        var shape = OperationRules.Analyze(method, compilation, cancellationToken);
        if (!shape.IsSupported || shape.ElementType is not { } elementType)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();

        var type = method.ContainingType;
        var containingTypes = new List<ContainingTypeModel>();
        for (var container = type; container is not null; container = container.ContainingType)
        {
            containingTypes.Insert(0, new ContainingTypeModel(MessageParser.KeywordOf(container), MessageParser.Identifier(container.Name)));
        }

        var elementTypeName = elementType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return new OperationModel(
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } @namespace ? MessageParser.WithoutGlobalPrefix(@namespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)) : null,
            ContainingTypes: EquatableArray.From(containingTypes),
            ContainingTypeName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            MethodName: method.Name,
            MethodIdentifier: MessageParser.Identifier(method.Name),
            MethodDocReference: IsOverloaded(method) ? $"<c>{method.Name}</c>" : $"<see cref=\"{MessageParser.Identifier(method.Name)}\"/>",
            ElementTypeName: elementTypeName,
            ElementDocReference: IsCrefFriendly(elementType)
                ? $"<see cref=\"{elementTypeName}\"/>"
                : $"<c>{Xml(elementType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))}</c>",
            Accessibility: AccessibilityOf(method),
            LeftByReference: method.Parameters[0].RefKind != RefKind.None,
            RightByReference: method.Parameters[1].RefKind != RefKind.None,
            Commutative: OperationRules.ReadCommutative(attributes[0]),
            HintName: HintNames.ForOperation(method, OperationRules.HasOperationAttribute));
    }

    /// <summary>The method's <c>[MpiOperation]</c> attributes; a partial method's parts share theirs.</summary>
    private static int CountOperationAttributes(IMethodSymbol method)
    {
        var count = 0;
        foreach (var attribute in method.GetAttributes())
        {
            if (OperationRules.IsOperationAttribute(attribute.AttributeClass))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Another member of the same name: a bare <c>cref</c> to the method would be ambiguous (warning CS0419).</summary>
    private static bool IsOverloaded(IMethodSymbol method)
    {
        var self = method.PartialDefinitionPart ?? method;
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (!SymbolEqualityComparer.Default.Equals(member, self))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type a <c>cref</c> names as it is written in code: not generic, a tuple, a pointer or nullable.</summary>
    private static bool IsCrefFriendly(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None)
        {
            return true;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.ContainingType)
        {
            if (current.IsTupleType || current.TypeArguments.Length > 0)
            {
                return false;
            }
        }

        return type is INamedTypeSymbol;
    }

    private static string AccessibilityOf(IMethodSymbol method) => method.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
