using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>
/// Call ordering (TMPI0300-0399): collectives that only some ranks call, and neighbour exchanges in which every rank
/// sends before it receives.
/// </summary>
/// <remarks>
/// A collective is a <c>Communicator</c> method with one of the names in <see cref="Collectives"/>. A condition
/// depends on the rank when it reads a communicator's <c>Rank</c>, or a local that the same method assigns from one.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallOrderingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The collective operations (blocking and nonblocking) and the collective communicator constructors.</summary>
    internal static readonly ImmutableHashSet<string> Collectives = ImmutableHashSet.Create(
        "Barrier", "Bcast", "Reduce", "Allreduce", "Scan", "Exscan", "Gather", "Gatherv", "Scatter", "Scatterv",
        "Allgather", "Allgatherv", "Alltoall", "Alltoallv", "ReduceScatterBlock",
        "Ibarrier", "Ibcast", "Ireduce", "Iallreduce", "Iscan", "Iexscan", "Igather", "Igatherv", "Iscatter", "Iscatterv",
        "Iallgather", "Iallgatherv", "Ialltoall", "Ialltoallv", "IreduceScatterBlock",
        "Dup", "Split", "SplitType", "Create", "CreateCartesian");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.CollectiveUnderRankCondition,
        DiagnosticDescriptors.SendBeforeRecvToNeighbours,
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
        if ((!Collectives.Contains(method.Name) && method.Name != "Send") || !symbols.IsCommunicatorMethod(method))
        {
            return;
        }

        if (method.Name == "Send")
        {
            AnalyzeSend(context, invocation, symbols);
            return;
        }

        if (RankCondition(invocation, symbols, exemptSameCallOnOtherBranch: true) is { } condition)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CollectiveUnderRankCondition, OperationHelpers.NameLocation(invocation), method.Name, condition));
        }
    }

    /// <summary>
    /// The innermost rank-dependent condition the call runs under (as text, negated for an <c>else</c>), or null. An
    /// <c>if</c>/<c>else</c> or <c>?:</c> whose other branch calls a method of the same name is not counted. With
    /// <paramref name="includeEarlyExits"/>, so is an earlier guard that leaves the block on a rank condition (the
    /// send-before-receive rule leaves those out: a guard that idles some ranks is not a parity pattern).
    /// </summary>
    private static string? RankCondition(IInvocationOperation call, TypedMpiSymbols symbols, bool exemptSameCallOnOtherBranch, bool includeEarlyExits = true)
    {
        IOperation child = call;
        for (var parent = call.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null; // runs when it is invoked, not where it is written
                case IBlockOperation block when includeEarlyExits && EarlyExitBefore(block, child, call, symbols, exemptSameCallOnOtherBranch) is { } guard:
                    return guard;
                case IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition):
                {
                    var inTrue = ReferenceEquals(child, conditional.WhenTrue);
                    var other = inTrue ? conditional.WhenFalse : conditional.WhenTrue;
                    if (exemptSameCallOnOtherBranch && other is not null && CallsSameMethod(other, call.TargetMethod.Name, symbols))
                    {
                        break;
                    }

                    // if (rank == 0) { Bcast(…); return; } Bcast(…); — the rest of the block is the other branch.
                    if (exemptSameCallOnOtherBranch && other is null && inTrue && Exits(conditional.WhenTrue)
                        && conditional.Parent is IBlockOperation block && CallsSameMethodAfter(block, conditional, call.TargetMethod.Name, symbols))
                    {
                        break;
                    }

                    if (DependsOnRank(conditional.Condition, symbols))
                    {
                        var text = conditional.Condition.Syntax.ToString();
                        return inTrue ? text : $"!({text})";
                    }

                    break;
                }

                case IWhileLoopOperation { Condition: { } condition } loop when !ReferenceEquals(child, condition)
                    && DependsOnRank(condition, symbols):
                    return loop.ConditionIsUntil ? $"!({condition.Syntax})" : condition.Syntax.ToString();
                case IForLoopOperation { Condition: { } condition } when !ReferenceEquals(child, condition) && DependsOnRank(condition, symbols):
                    return condition.Syntax.ToString();
                case ISwitchCaseOperation section when parent.Parent is ISwitchOperation switchStatement
                    && DependsOnRank(switchStatement.Value, symbols):
                    return CaseCondition(switchStatement.Value.Syntax.ToString(), section.Clauses);
                case ISwitchExpressionArmOperation arm when parent.Parent is ISwitchExpressionOperation switchExpression
                    && !ReferenceEquals(child, arm.Pattern) && DependsOnRank(switchExpression.Value, symbols):
                    return $"{switchExpression.Value.Syntax} is {arm.Pattern.Syntax}";
            }
        }

        return null;
    }

    /// <summary>
    /// A guard earlier in the same block that leaves it on a rank-dependent condition — <c>if (world.Rank != 0) return;</c>
    /// — so the statements after it run only when the condition is false: the condition the call runs under, or null.
    /// </summary>
    private static string? EarlyExitBefore(IBlockOperation block, IOperation statement, IInvocationOperation call, TypedMpiSymbols symbols, bool exemptSameCall)
    {
        foreach (var earlier in block.Operations)
        {
            if (ReferenceEquals(earlier, statement))
            {
                break;
            }

            if (earlier is not IConditionalOperation guard || !DependsOnRank(guard.Condition, symbols))
            {
                continue;
            }

            var text = guard.Condition.Syntax.ToString();
            if (Exits(guard.WhenTrue) && !(exemptSameCall && CallsSameMethod(guard.WhenTrue, call.TargetMethod.Name, symbols)))
            {
                return $"!({text})";
            }

            if (guard.WhenFalse is { } otherwise && Exits(otherwise) && !(exemptSameCall && CallsSameMethod(otherwise, call.TargetMethod.Name, symbols)))
            {
                return text;
            }
        }

        return null;
    }

    private static bool CallsSameMethodAfter(IBlockOperation block, IOperation statement, string name, TypedMpiSymbols symbols)
    {
        var after = false;
        foreach (var operation in block.Operations)
        {
            if (after && CallsSameMethod(operation, name, symbols))
            {
                return true;
            }

            after |= ReferenceEquals(operation, statement);
        }

        return false;
    }

    /// <summary>A branch that always leaves the block: it ends in return, throw, break or continue.</summary>
    private static bool Exits(IOperation branch) => branch switch
    {
        IReturnOperation or IThrowOperation or IBranchOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => Exits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>
    /// TMPI0301: a blocking <c>Send</c> to a neighbour whose next statement is a <c>Recv</c> (on the same communicator)
    /// from a neighbour. Not under a rank-dependent condition: then some ranks receive first (the parity pattern).
    /// </summary>
    private static void AnalyzeSend(OperationAnalysisContext context, IInvocationOperation send, TypedMpiSymbols symbols)
    {
        if (send.Parent is not IExpressionStatementOperation { Parent: IBlockOperation block } statement
            || send.Instance is null
            || !IsNeighbour(ArgumentOf(send, "dest"), symbols)
            || RankCondition(send, symbols, exemptSameCallOnOtherBranch: false, includeEarlyExits: false) is not null)
        {
            return;
        }

        var index = block.Operations.IndexOf(statement);
        if (index < 0 || index + 1 >= block.Operations.Length || ReceiveIn(block.Operations[index + 1]) is not { } receive)
        {
            return;
        }

        if (receive.TargetMethod.Name == "Recv"
            && symbols.IsCommunicatorMethod(receive.TargetMethod)
            && receive.Instance is not null
            && receive.Instance.Syntax.ToString() == send.Instance.Syntax.ToString()
            && IsNeighbour(ArgumentOf(receive, "source"), symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SendBeforeRecvToNeighbours, OperationHelpers.NameLocation(send)));
        }
    }

    /// <summary>The call a statement makes: <c>Recv(…);</c>, <c>var x = Recv(…);</c> or <c>x = Recv(…);</c>.</summary>
    private static IInvocationOperation? ReceiveIn(IOperation statement)
    {
        var value = statement switch
        {
            IExpressionStatementOperation { Operation: IAssignmentOperation assignment } => assignment.Value,
            IExpressionStatementOperation expression => expression.Operation,
            IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                when group.Declarations[0].Declarators.Length == 1 => group.Declarations[0].Declarators[0].Initializer?.Value,
            _ => null,
        };
        return OperationHelpers.Unwrap(value) as IInvocationOperation;
    }

    internal static IOperation? ArgumentOf(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>A rank relative to the caller's: <c>Next</c>, <c>Previous</c>, or a sum or difference with <c>Rank</c>.</summary>
    private static bool IsNeighbour(IOperation? value, TypedMpiSymbols symbols) =>
        value is not null && OperationHelpers.Contains(value, operation =>
            symbols.IsCommunicatorProperty(operation, "Next")
            || symbols.IsCommunicatorProperty(operation, "Previous")
            || (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary
                && (symbols.IsCommunicatorProperty(binary.LeftOperand, "Rank") || symbols.IsCommunicatorProperty(binary.RightOperand, "Rank"))));

    private static string CaseCondition(string value, ImmutableArray<ICaseClauseOperation> clauses)
    {
        var parts = new List<string>();
        foreach (var clause in clauses)
        {
            switch (clause)
            {
                case ISingleValueCaseClauseOperation single:
                    parts.Add($"{value} == {single.Value.Syntax}");
                    break;
                case IPatternCaseClauseOperation pattern:
                    parts.Add($"{value} is {pattern.Pattern.Syntax}");
                    break;
                default:
                    return $"{value} matches no other case";
            }
        }

        return string.Join(" || ", parts);
    }

    private static bool CallsSameMethod(IOperation branch, string name, TypedMpiSymbols symbols) =>
        OperationHelpers.Contains(branch, operation =>
            operation is IInvocationOperation other && other.TargetMethod.Name == name && symbols.IsCommunicatorMethod(other.TargetMethod));

    /// <summary>Whether the condition reads a communicator's <c>Rank</c>, or a local the method assigns from one.</summary>
    private static bool DependsOnRank(IOperation condition, TypedMpiSymbols symbols)
    {
        IOperation? root = null;
        return OperationHelpers.Contains(condition, operation =>
            symbols.IsCommunicatorProperty(operation, "Rank")
            || (operation is ILocalReferenceOperation local && IsAssignedFromRank(local.Local, root ??= RootOf(condition), symbols)));
    }

    private static IOperation RootOf(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    private static bool IsAssignedFromRank(ILocalSymbol local, IOperation root, TypedMpiSymbols symbols)
    {
        foreach (var operation in root.Descendants())
        {
            var value = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) =>
                    declarator.Initializer?.Value,
                IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                _ => null,
            };
            if (value is not null && OperationHelpers.Contains(value, candidate => symbols.IsCommunicatorProperty(candidate, "Rank")))
            {
                return true;
            }
        }

        return false;
    }
}
