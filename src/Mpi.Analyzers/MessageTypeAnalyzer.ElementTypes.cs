using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>Typed calls whose element type MPI cannot carry (TMPI0020).</summary>
/// <remarks>
/// The runtime finds a datatype for <c>T</c> when the call runs: a predefined one for the types in its
/// <c>ElementType&lt;T&gt;</c> table, the registered one for a message type, and otherwise it throws. This rule makes
/// that check at compile time, for the <c>T</c> of every generic method of the typed API (Communicator and the types
/// derived from it, Message, Status, BsendBuffer and MpiOp), whether the type argument is written or inferred.
/// </remarks>
public sealed partial class MessageTypeAnalyzer
{
    private static void AnalyzeTypedCall(OperationAnalysisContext context, TypedMpiSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsGenericMethod || !IsTypedApi(method.ContainingType, symbols))
        {
            return;
        }

        var typeParameters = method.OriginalDefinition.TypeParameters;
        var typeArguments = method.TypeArguments;
        for (var i = 0; i < typeParameters.Length && i < typeArguments.Length; i++)
        {
            // T is the element type in every typed method (TOperation in MpiOp.Create is not one).
            if (typeParameters[i] is { Name: "T", HasUnmanagedTypeConstraint: true } && !IsElementType(typeArguments[i], context.Compilation, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NotAnElementType,
                    OperationHelpers.NameLocation(invocation),
                    SymbolHelpers.Display(typeArguments[i]),
                    method.Name));
            }
        }
    }

    private static bool IsTypedApi(INamedTypeSymbol? type, TypedMpiSymbols symbols) =>
        type is not null
        && (symbols.IsCommunicator(type)
            || SymbolEqualityComparer.Default.Equals(type, symbols.Message)
            || SymbolEqualityComparer.Default.Equals(type, symbols.Status)
            || SymbolEqualityComparer.Default.Equals(type, symbols.BsendBuffer)
            || SymbolEqualityComparer.Default.Equals(type, symbols.MpiOp));

    /// <summary>
    /// Whether the runtime has a datatype for <paramref name="type"/>: the runtime's <c>ElementType&lt;T&gt;</c> table,
    /// or a message type (<c>[MpiMessage]</c> here, whose own diagnostics cover its validity; from another assembly, one
    /// the generator implemented <c>IMpiMessage&lt;T&gt;</c> for). Type parameters and error types are given the benefit
    /// of the doubt.
    /// </summary>
    internal static bool IsElementType(ITypeSymbol type, Compilation compilation, TypedMpiSymbols symbols)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
                return true;
        }

        // A type that is not unmanaged is already a compiler error (CS8377) at the call.
        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Error or TypeKind.Enum || !type.IsUnmanagedType || type is not INamedTypeSymbol named)
        {
            return true;
        }

        if (SymbolEqualityComparer.Default.Equals(named, symbols.Half) || SymbolEqualityComparer.Default.Equals(named, symbols.Complex))
        {
            return true;
        }

        if (symbols.ValueIndex is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.ValueIndex))
        {
            // MPI's pair types for MinLoc/MaxLoc: MPI_2INT, MPI_FLOAT_INT, MPI_DOUBLE_INT, MPI_LONG_INT, MPI_SHORT_INT.
            return named.TypeArguments.Length == 1 && named.TypeArguments[0].SpecialType is
                SpecialType.System_Int32 or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int64 or SpecialType.System_Int16;
        }

        if (SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly))
        {
            return SymbolHelpers.FindAttribute(named, MessageAttributeName).Count > 0;
        }

        foreach (var @interface in named.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, symbols.MpiMessageInterface)
                && @interface.TypeArguments.Length == 1
                && SymbolEqualityComparer.Default.Equals(@interface.TypeArguments[0], named))
            {
                return true;
            }
        }

        return false;
    }
}
