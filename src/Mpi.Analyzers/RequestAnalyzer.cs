using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>
/// Request lifecycle (TMPI0400-0499): requests that are dropped or not completed on some path, buffers touched while
/// their operation is pending, and ValueRequest values taken twice.
/// </summary>
/// <remarks>
/// <para>
/// A nonblocking call is a communicator method that returns <c>Request</c> or <c>ValueRequest&lt;T&gt;</c>. Which of
/// its arguments are buffers, and in which direction, comes from the runtime's parameter names: <c>buffer</c> and
/// <c>receive</c> are written by MPI, <c>data</c> and <c>send</c> are read.
/// </para>
/// <para>
/// Every rule is conservative: it reports only what it can see in one method, and a request or buffer that leaves
/// the method's locals (returned, stored, passed on, captured by a lambda, taken by reference) ends the analysis of
/// that local. TMPI0401 and TMPI0403 follow the control-flow graph of the method (and of each lambda and local
/// function on its own); TMPI0402 follows the statements of one block.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class RequestAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.RequestDiscarded,
        DiagnosticDescriptors.RequestNotCompletedOnSomePath,
        DiagnosticDescriptors.BufferUsedWhilePending,
        DiagnosticDescriptors.ValueTakenTwice,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TypedMpiSymbols.TryCreate(start.Compilation) is not { Request: not null } symbols)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeNonblockingCall(context, symbols), OperationKind.Invocation);
            start.RegisterOperationBlockAction(context => AnalyzeBody(context, symbols));
        });
    }

    private static void AnalyzeNonblockingCall(OperationAnalysisContext context, TypedMpiSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!symbols.IsNonblocking(invocation.TargetMethod))
        {
            return;
        }

        AnalyzeDiscarded(context, invocation, symbols);
        AnalyzeBuffers(context, invocation, symbols);
    }

    /// <summary>
    /// TMPI0400: the call is a statement of its own (<c>comm.Isend(…);</c>, <c>comm?.Isend(…);</c>) or assigned to the
    /// discard (<c>_ = comm.Isend(…);</c>). A lambda whose body is only the call, passed to a method whose name has
    /// "Throw" in it (<c>Assert.Throws(() =&gt; comm.Isend(…))</c>), expects the call to fail and is not reported.
    /// </summary>
    private static void AnalyzeDiscarded(OperationAnalysisContext context, IInvocationOperation invocation, TypedMpiSymbols symbols)
    {
        IOperation value = invocation;
        while (value.Parent is IConversionOperation or IParenthesizedOperation
            || (value.Parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, value)))
        {
            value = value.Parent;
        }

        var discarded = value.Parent switch
        {
            IExpressionStatementOperation statement => !ExpectedToThrow(statement),
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => ReferenceEquals(assignment.Value, value),
            _ => false,
        };
        if (!discarded)
        {
            return;
        }

        var method = invocation.TargetMethod;
        var lost = symbols.IsValueRequest(method.ReturnType) ? " and its value is lost"
            : HasBufferArgument(invocation) ? " and its buffers stay pinned until MPI is finalized"
            : "";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.RequestDiscarded, OperationHelpers.NameLocation(invocation), method.Name, lost));
    }

    /// <summary>Whether the call passes an array or a Memory that the request keeps pinned.</summary>
    private static bool HasBufferArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (BufferRoleOf(argument.Parameter) != BufferRole.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An implicit statement that is the whole body of an expression-bodied lambda passed to a method whose name
    /// contains "Throw": a test that expects the call to fail.
    /// </summary>
    private static bool ExpectedToThrow(IExpressionStatementOperation statement)
    {
        if (!statement.IsImplicit
            || statement.Parent is not IBlockOperation { Parent: IAnonymousFunctionOperation lambda }
            || lambda.Syntax is not LambdaExpressionSyntax { ExpressionBody: not null })
        {
            return false;
        }

        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IArgumentOperation { Parent: IInvocationOperation outer }
            && outer.TargetMethod.Name.IndexOf("Throw", System.StringComparison.Ordinal) >= 0;
    }

    /// <summary>
    /// TMPI0401 and TMPI0403 over the control-flow graph of each executable body that uses requests, and of the
    /// lambdas and local functions inside it.
    /// </summary>
    private static void AnalyzeBody(OperationBlockAnalysisContext context, TypedMpiSymbols symbols)
    {
        var analyzed = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            // A method's blocks hang under its body, whose graph GetControlFlowGraph builds; analyze each body once.
            var root = block;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation
                    or IFieldInitializerOperation or IPropertyInitializerOperation or IParameterInitializerOperation)
                || !analyzed.Add(root)
                || !UsesRequestLocals(root, symbols))
            {
                continue;
            }

            var graph = context.GetControlFlowGraph(block);
            AnalyzeGraph(context, graph, FunctionDescription(root), CapturedLocals(root), symbols);
        }
    }

    private static void AnalyzeGraph(
        OperationBlockAnalysisContext context, ControlFlowGraph graph, string function, HashSet<ILocalSymbol> captured, TypedMpiSymbols symbols)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        AnalyzeCompletion(context, graph, function, captured, symbols);
        AnalyzeValueTaken(context, graph, captured, symbols);

        foreach (var localFunction in graph.LocalFunctions)
        {
            AnalyzeGraph(context, graph.GetLocalFunctionControlFlowGraph(localFunction, context.CancellationToken), "the local function returns", captured, symbols);
        }

        foreach (var block in graph.Blocks)
        {
            foreach (var operation in OperationsOf(block))
            {
                foreach (var lambda in DescendantsAndSelf(operation))
                {
                    if (lambda is IFlowAnonymousFunctionOperation flowLambda)
                    {
                        AnalyzeGraph(context, graph.GetAnonymousFunctionControlFlowGraph(flowLambda, context.CancellationToken), "the lambda returns", captured, symbols);
                    }
                }
            }
        }
    }

    private static string FunctionDescription(IOperation block) =>
        block.Syntax is CompilationUnitSyntax ? "the top-level statements end" : "the method returns";

    /// <summary>Whether the body declares or uses a local of type Request or ValueRequest&lt;T&gt;: nothing to follow otherwise.</summary>
    private static bool UsesRequestLocals(IOperation block, TypedMpiSymbols symbols)
    {
        foreach (var operation in block.Descendants())
        {
            if ((operation is ILocalReferenceOperation reference && symbols.IsAnyRequest(reference.Local.Type))
                || (operation is IVariableDeclaratorOperation declarator && symbols.IsAnyRequest(declarator.Symbol.Type)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Locals of the body that a lambda or local function other than their own uses: the function may run at any
    /// time, so what happens to them cannot be followed.
    /// </summary>
    private static HashSet<ILocalSymbol> CapturedLocals(IOperation block)
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in block.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && EnclosingFunction(reference) is { } function
                && !SymbolEqualityComparer.Default.Equals(reference.Local.ContainingSymbol, function))
            {
                captured.Add(reference.Local);
            }
        }

        return captured;
    }

    private static IMethodSymbol? EnclosingFunction(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
            }
        }

        return null;
    }

    /// <summary>The operations of a basic block in order, its branch value last.</summary>
    private static IEnumerable<IOperation> OperationsOf(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branchValue)
        {
            yield return branchValue;
        }
    }

    private static IEnumerable<IOperation> DescendantsAndSelf(IOperation operation)
    {
        yield return operation;
        foreach (var descendant in operation.Descendants())
        {
            yield return descendant;
        }
    }

    /// <summary>
    /// Calls <paramref name="visit"/> on <paramref name="operation"/> and everything inside it in evaluation order:
    /// children before their parent (the value of an assignment before the assignment, a receiver and the arguments
    /// before the call). Lambda bodies are not entered: they run when invoked.
    /// </summary>
    private static void InEvaluationOrder(IOperation operation, System.Action<IOperation> visit)
    {
        if (operation is not (IFlowAnonymousFunctionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            foreach (var child in operation.ChildOperations)
            {
                InEvaluationOrder(child, visit);
            }
        }

        visit(operation);
    }

    /// <summary>Whether the reference passes the local by reference or aliases it: then its value cannot be followed.</summary>
    private static bool IsReferenceUse(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out or RefKind.In or RefKind.RefReadOnlyParameter,
        ISimpleAssignmentOperation { IsRef: true } => true,
        IAddressOfOperation => true,
        IReturnOperation => reference.Local.RefKind != RefKind.None,
        _ => false,
    };

    /// <summary>Whether the operation is the target of an assignment (it is written, not read).</summary>
    private static bool IsWriteTarget(IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, operation),
        IIncrementOrDecrementOperation => true,
        ITupleOperation tuple => IsWriteTarget(tuple),
        IDeclarationExpressionOperation declaration => IsWriteTarget(declaration),
        _ => false,
    };
}
