using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// This file decides which [MpiOperation] methods get an operation. Like MessageTypeRules it depends only on Roslyn, so
// that the generator (which emits nothing for an unsupported method) and the analyzers (which say why) can compile it by
// link.
namespace TypedMpi.Generators;

/// <summary>Why a method cannot be an <c>[MpiOperation]</c>. <see cref="None"/> when it can.</summary>
internal enum OperationProblem
{
    None,

    /// <summary>The language version is older than C# 11: the generated code implements a static abstract member.</summary>
    LanguageVersionTooLow,

    /// <summary>A local function, accessor, operator, constructor or explicit interface implementation.</summary>
    NotAnOrdinaryMethod,

    /// <summary>An instance method.</summary>
    NotStatic,

    /// <summary>The method, or a type containing it, is generic.</summary>
    Generic,

    /// <summary>The method is declared in an interface: the generated members go into a class or struct.</summary>
    NotInClassOrStruct,

    /// <summary>A type containing the method is not declared <c>partial</c>.</summary>
    NotPartial,

    /// <summary>A <c>file</c> type cannot have a generated part in another file.</summary>
    FileLocal,

    /// <summary>The method does not take exactly two parameters.</summary>
    WrongParameterCount,

    /// <summary>A parameter is <c>ref</c> or <c>out</c>; only by value, <c>in</c> and <c>ref readonly</c> are allowed.</summary>
    RefParameter,

    /// <summary>The first parameter's type is not an unmanaged struct (a primitive, an enum, or a struct of those).</summary>
    UnsupportedElementType,

    /// <summary>The two parameters have different types.</summary>
    ParameterTypesDiffer,

    /// <summary>The method returns void, another type than its parameters', or by reference.</summary>
    ReturnTypeMismatch,

    /// <summary>
    /// The containing type (or a base type, or the type's own name) already has a member named like a generated one:
    /// <c>NameOp</c> or <c>NameOperation</c>.
    /// </summary>
    NameTaken,

    /// <summary>Another <c>[MpiOperation]</c> method of the containing type has the same name and would get the same members.</summary>
    DuplicateName,
}

/// <summary>The verdict of <see cref="OperationRules.Analyze"/>: the element type of a supported method, or the problem.</summary>
internal sealed class OperationShape
{
    private OperationShape(OperationProblem problem, ISymbol? culprit, ITypeSymbol? elementType)
    {
        Problem = problem;
        Culprit = culprit;
        ElementType = elementType;
    }

    public OperationProblem Problem { get; }

    /// <summary>The method, parameter, type or member at fault, for the diagnostic's location and message.</summary>
    public ISymbol? Culprit { get; }

    /// <summary>The type the operation combines (<c>T</c>); null when unsupported.</summary>
    public ITypeSymbol? ElementType { get; }

    public bool IsSupported => Problem == OperationProblem.None;

    public static OperationShape Unsupported(OperationProblem problem, ISymbol? culprit) => new(problem, culprit, null);

    public static OperationShape Supported(ITypeSymbol elementType) => new(OperationProblem.None, null, elementType);
}

/// <summary>
/// The rules for <c>[MpiOperation]</c> methods: <c>static T Name(T left, T right)</c>, each parameter by value,
/// <c>in</c> or <c>ref readonly</c>, where <c>T</c> is an unmanaged struct, in a partial class or struct (records
/// included) whose containing types are partial too, none of them generic.
/// </summary>
/// <remarks>
/// <para>Decisions worth knowing:</para>
/// <list type="bullet">
/// <item><c>T</c> only has to satisfy <c>unmanaged</c>: whether MPI has a datatype for it (a primitive, a message type)
/// is the runtime's to check when the operation is used.</item>
/// <item>The generated members are a static <c>MpiOp</c> property <c>NameOp</c>, with the method's own declared
/// accessibility, and a private nested struct <c>NameOperation</c> implementing <c>IMpiOperation&lt;T&gt;</c>. A member
/// of either name already in the type, inherited or the type's own name (a member cannot be named like its type) is
/// <see cref="OperationProblem.NameTaken"/>; members the generator itself emitted (marked
/// <c>[GeneratedCode("TypedMpi.Generators", …)]</c>) do not count, so the analyzers can run on the generated code's
/// compilation.</item>
/// <item>Overloads cannot both be operations: they would get the same members (<see cref="OperationProblem.DuplicateName"/>).</item>
/// </list>
/// </remarks>
internal static class OperationRules
{
    public const string AttributeMetadataName = "TypedMpi.MpiOperationAttribute";

    private const string GeneratorName = "TypedMpi.Generators";

    /// <summary>The generated <c>MpiOp</c> property of <paramref name="method"/>: <c>MergeOp</c> for <c>Merge</c>.</summary>
    public static string PropertyNameOf(IMethodSymbol method) => method.Name + "Op";

    /// <summary>The generated nested struct of <paramref name="method"/>: <c>MergeOperation</c> for <c>Merge</c>.</summary>
    public static string StructNameOf(IMethodSymbol method) => method.Name + "Operation";

    /// <summary>Analyzes <paramref name="method"/> as an <c>[MpiOperation]</c> method declared in <paramref name="compilation"/>.</summary>
    public static OperationShape Analyze(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation is CSharpCompilation { LanguageVersion: < LanguageVersion.CSharp11 })
        {
            return OperationShape.Unsupported(OperationProblem.LanguageVersionTooLow, method);
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            return OperationShape.Unsupported(OperationProblem.NotAnOrdinaryMethod, method);
        }

        if (!method.IsStatic)
        {
            return OperationShape.Unsupported(OperationProblem.NotStatic, method);
        }

        if (method.IsGenericMethod)
        {
            return OperationShape.Unsupported(OperationProblem.Generic, method);
        }

        var container = method.ContainingType;
        if (container is null || container.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return OperationShape.Unsupported(OperationProblem.NotInClassOrStruct, (ISymbol?)container ?? method);
        }

        for (var current = container; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return OperationShape.Unsupported(OperationProblem.Generic, current);
            }

            if (current.IsFileLocal)
            {
                return OperationShape.Unsupported(OperationProblem.FileLocal, current);
            }

            if (!IsPartial(current, cancellationToken))
            {
                return OperationShape.Unsupported(OperationProblem.NotPartial, current);
            }
        }

        if (method.Parameters.Length != 2)
        {
            return OperationShape.Unsupported(OperationProblem.WrongParameterCount, method);
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind is not (RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter))
            {
                return OperationShape.Unsupported(OperationProblem.RefParameter, parameter);
            }
        }

        var elementType = method.Parameters[0].Type;
        if (!IsUnmanagedStruct(elementType))
        {
            return OperationShape.Unsupported(OperationProblem.UnsupportedElementType, method.Parameters[0]);
        }

        if (!SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, elementType))
        {
            return OperationShape.Unsupported(OperationProblem.ParameterTypesDiffer, method.Parameters[1]);
        }

        if (method.ReturnsVoid || method.RefKind != RefKind.None || !SymbolEqualityComparer.Default.Equals(method.ReturnType, elementType))
        {
            return OperationShape.Unsupported(OperationProblem.ReturnTypeMismatch, method);
        }

        cancellationToken.ThrowIfCancellationRequested();

        if (FindNameConflict(method, container, compilation) is { } taken)
        {
            return OperationShape.Unsupported(OperationProblem.NameTaken, taken);
        }

        if (FindOtherOperation(method, container) is { } other)
        {
            return OperationShape.Unsupported(OperationProblem.DuplicateName, other);
        }

        return OperationShape.Supported(elementType);
    }

    /// <summary>
    /// <c>Commutative</c> as set on the attribute (a named argument), or the attribute's default, true.
    /// </summary>
    public static bool ReadCommutative(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named is { Key: "Commutative", Value.Value: bool commutative })
            {
                return commutative;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="type"/> is <c>TypedMpi.MpiOperationAttribute</c>.</summary>
    public static bool IsOperationAttribute(INamedTypeSymbol? type) =>
        type is { Name: "MpiOperationAttribute", ContainingType: null, ContainingNamespace: { Name: "TypedMpi", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// A struct or enum that satisfies <c>unmanaged</c>: what <c>IMpiOperation&lt;T&gt;</c> requires. Not a pointer,
    /// not a ref struct, not an error type.
    /// </summary>
    private static bool IsUnmanagedStruct(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Struct or TypeKind.Enum && type.IsUnmanagedType && !type.IsRefLikeType;

    /// <summary>A member named like a generated one, in the type or inherited, or the type's own name.</summary>
    private static ISymbol? FindNameConflict(IMethodSymbol method, INamedTypeSymbol container, Compilation compilation)
    {
        foreach (var name in new[] { PropertyNameOf(method), StructNameOf(method) })
        {
            if (container.Name == name)
            {
                return container;
            }

            for (var type = container; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(name))
                {
                    var inherited = !SymbolEqualityComparer.Default.Equals(type, container);
                    if (IsGeneratedHere(member) || (inherited && !compilation.IsSymbolAccessibleWithin(member, container)))
                    {
                        continue;
                    }

                    return member;
                }
            }
        }

        return null;
    }

    /// <summary>Another <c>[MpiOperation]</c> method of the same name in the same type (an overload).</summary>
    private static IMethodSymbol? FindOtherOperation(IMethodSymbol method, INamedTypeSymbol container)
    {
        var self = method.PartialDefinitionPart ?? method;
        foreach (var member in container.GetMembers(method.Name))
        {
            if (member is IMethodSymbol other
                && !SymbolEqualityComparer.Default.Equals(other.PartialDefinitionPart ?? other, self)
                && HasOperationAttribute(other))
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="method"/> is marked <c>[MpiOperation]</c> (a partial method's parts share their attributes).</summary>
    public static bool HasOperationAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (IsOperationAttribute(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A member this generator emitted: it carries <c>[GeneratedCode("TypedMpi.Generators", …)]</c>.</summary>
    private static bool IsGeneratedHere(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" }
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value is GeneratorName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }
}
