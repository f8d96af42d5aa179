using System;
using Microsoft.CodeAnalysis;

namespace TypedMpi.Generators.Parsing;

/// <summary>Names of generated files: readable, and unique even though Roslyn compares them ignoring case.</summary>
/// <remarks>
/// A hint name is the type's full name as in reflection's <c>Type.FullName</c> (namespace and types joined by dots,
/// nesting marked with '+'), then what the file holds. Two files whose names differ only in case make Roslyn drop the
/// whole generator's output (warning CS8785), so when a namespace, type or method on the path has a sibling of the same
/// name in another case (<c>Demo.Point</c> and <c>Demo.point</c>), a hash of the exact name tells the files apart.
/// </remarks>
internal static class HintNames
{
    /// <summary><c>Demo.Outer+Point.MpiMessage.g.cs</c>.</summary>
    public static string ForMessage(INamedTypeSymbol type)
    {
        var name = FullNameOf(type);
        return HasCaseTwin(type) ? $"{name}.{Hash(name)}.MpiMessage.g.cs" : $"{name}.MpiMessage.g.cs";
    }

    /// <summary><c>Demo.Extent.Merge.MpiOperation.g.cs</c>.</summary>
    public static string ForOperation(IMethodSymbol method, Func<IMethodSymbol, bool> isOperation)
    {
        var name = FullNameOf(method.ContainingType) + "." + method.Name;
        return HasCaseTwin(method.ContainingType) || HasCaseTwinOperation(method, isOperation)
            ? $"{name}.{Hash(name)}.MpiOperation.g.cs"
            : $"{name}.MpiOperation.g.cs";
    }

    private static string FullNameOf(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            name = container.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } @namespace ? @namespace.ToDisplayString() + "." + name : name;
    }

    /// <summary>Whether the type, a type containing it or a namespace containing those has a sibling named the same in another case.</summary>
    private static bool HasCaseTwin(INamedTypeSymbol type)
    {
        ISymbol current = type;
        while (true)
        {
            if (current.ContainingType is { } containingType)
            {
                if (HasTwin(current, containingType.GetTypeMembers()))
                {
                    return true;
                }

                current = containingType;
            }
            else if (current.ContainingNamespace is { } @namespace)
            {
                if (HasTwin(current, @namespace.GetMembers()))
                {
                    return true;
                }

                if (@namespace.IsGlobalNamespace)
                {
                    return false;
                }

                current = @namespace;
            }
            else
            {
                return false;
            }
        }

        static bool HasTwin(ISymbol symbol, System.Collections.Generic.IEnumerable<ISymbol> siblings)
        {
            foreach (var sibling in siblings)
            {
                if (string.Equals(sibling.MetadataName, symbol.MetadataName, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(sibling.MetadataName, symbol.MetadataName, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Another operation method of the type named the same in another case (<c>Merge</c> and <c>merge</c>).</summary>
    private static bool HasCaseTwinOperation(IMethodSymbol method, Func<IMethodSymbol, bool> isOperation)
    {
        foreach (var member in method.ContainingType.GetMembers())
        {
            if (member is IMethodSymbol other
                && string.Equals(other.Name, method.Name, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(other.Name, method.Name, StringComparison.Ordinal)
                && isOperation(other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>FNV-1a of the exact name, as 8 hex digits: stable across runs and machines, unlike string.GetHashCode.</summary>
    private static string Hash(string name)
    {
        var hash = 2166136261u;
        foreach (var character in name)
        {
            hash = unchecked((hash ^ character) * 16777619u);
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
