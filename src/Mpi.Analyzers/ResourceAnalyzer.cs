using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>
/// Resources (TMPI0500-0599): MPI objects that are created and never freed.
/// </summary>
/// <remarks>
/// A communicator (TMPI0500) or persistent request (TMPI0501) created into a local is taken care of when the local is
/// declared with <c>using</c>, is disposed, or is used in any way other than as the receiver of a member (returned,
/// stored, passed on, captured by a <c>?.</c>): then someone else may dispose it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResourceAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The <c>Communicator</c> methods that create a communicator the caller owns.</summary>
    internal static readonly ImmutableHashSet<string> CommunicatorConstructors =
        ImmutableHashSet.Create("Dup", "Split", "SplitType", "Create", "CreateCartesian");

    /// <summary>The <c>Communicator</c> methods that create a persistent request the caller owns.</summary>
    internal static readonly ImmutableHashSet<string> PersistentRequestConstructors = ImmutableHashSet.Create("SendInit", "RecvInit");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.CommunicatorNeverDisposed,
        DiagnosticDescriptors.PersistentRequestNeverDisposed,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TypedMpiSymbols.TryCreate(start.Compilation) is { } symbols)
            {
                start.RegisterOperationAction(context => AnalyzeCall(context, symbols), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, TypedMpiSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (OwnedResource(method, symbols) is not { } rule)
        {
            return;
        }

        IOperation value = invocation;
        while (value.Parent is IConversionOperation conversion)
        {
            value = conversion;
        }

        if (value.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            || declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group }
            || group.Parent is IUsingDeclarationOperation or IUsingOperation
            || declarator.Syntax is not VariableDeclaratorSyntax syntax)
        {
            return;
        }

        var local = declarator.Symbol;
        var root = declarator;
        IOperation top = root;
        while (top.Parent is { } parent)
        {
            top = parent;
        }

        foreach (var operation in top.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && IsTakenCareOf(reference))
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(rule, syntax.Identifier.GetLocation(), method.Name, local.Name));
    }

    /// <summary>The rule for what <paramref name="method"/> creates, when it is a resource the caller owns; else null.</summary>
    private static DiagnosticDescriptor? OwnedResource(IMethodSymbol method, TypedMpiSymbols symbols)
    {
        if (!symbols.IsCommunicatorMethod(method))
        {
            return null;
        }

        if (CommunicatorConstructors.Contains(method.Name) && symbols.IsCommunicator(method.ReturnType))
        {
            return DiagnosticDescriptors.CommunicatorNeverDisposed;
        }

        return PersistentRequestConstructors.Contains(method.Name) && symbols.PersistentRequest is { } persistent
            && SymbolEqualityComparer.Default.Equals(method.ReturnType, persistent)
            ? DiagnosticDescriptors.PersistentRequestNeverDisposed
            : null;
    }

    /// <summary>Whether this use disposes the resource or hands it to code that may: anything but a member access on it.</summary>
    private static bool IsTakenCareOf(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IInvocationOperation invocation when ReferenceEquals(invocation.Instance, reference) => invocation.TargetMethod.Name is "Dispose" or "DisposeAsync",
        IPropertyReferenceOperation property when ReferenceEquals(property.Instance, reference) => false,
        IAssignmentOperation assignment when ReferenceEquals(assignment.Target, reference) => false,
        _ => true,
    };
}
