using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>TMPI0401: a request in a local that some path neither completes nor hands on.</summary>
/// <remarks>
/// <para>
/// From each statement that stores a nonblocking call's request in a local, the paths of the control-flow graph are
/// followed until the local is used. Any use completes or hands on the request (Wait, Test, Request.WaitAll, a
/// collection expression, an argument, a return, a copy), except reading <c>IsPending</c> and calling <c>Cancel</c>.
/// A path that reaches the end of the function, or an assignment that overwrites the local, first is reported.
/// </para>
/// <para>
/// The search is path-sensitive in a simple way, so that code which starts and completes a request under the same
/// condition is not reported: a path remembers the outcome of each side-effect-free condition it has taken (and the
/// conditions around the starting statement, and <c>flag = true</c>-style assignments), and does not take the
/// other branch of the same condition later. A write to a local the condition reads forgets it. Paths through
/// exceptions are not followed; a <c>finally</c> that uses the request completes every path through it. When the
/// search grows past a bound the request is not reported.
/// </para>
/// </remarks>
public sealed partial class RequestAnalyzer
{
    /// <summary>How many (block, assumptions) states one request's search may visit before it gives up, silently.</summary>
    private const int MaxSearchStates = 2000;

    private enum PathEnd
    {
        /// <summary>The path goes on.</summary>
        Open,

        /// <summary>The path uses the request (or the search gave up).</summary>
        Completed,

        /// <summary>The path reaches the end of the function with the request pending.</summary>
        FunctionEnd,

        /// <summary>The path assigns the local again with the request pending.</summary>
        Overwritten,
    }

    private static void AnalyzeCompletion(
        OperationBlockAnalysisContext context, ControlFlowGraph graph, string function, HashSet<ILocalSymbol> captured, TypedMpiSymbols symbols)
    {
        foreach (var block in graph.Blocks)
        {
            if (!block.IsReachable)
            {
                continue;
            }

            for (var i = 0; i < block.Operations.Length; i++)
            {
                if (RequestCreation(block.Operations[i], symbols) is not ({ } local, { } call)
                    || captured.Contains(local)
                    || local.RefKind != RefKind.None
                    || HasReferenceUse(graph, local))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                var end = FindUncompletedPath(graph, block, i, local, IsConditionalInLoop(call.Syntax));
                if (end is PathEnd.FunctionEnd or PathEnd.Overwritten)
                {
                    var where = end == PathEnd.Overwritten ? $"before '{local.Name}' is assigned again" : "before " + function;
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.RequestNotCompletedOnSomePath, OperationHelpers.NameLocation(call), call.TargetMethod.Name, local.Name, where));
                }
            }
        }
    }

    /// <summary>A statement of the graph that stores a nonblocking call's request in a local: <c>var r = comm.Isend(…)</c> or <c>r = comm.Isend(…)</c>.</summary>
    private static (ILocalSymbol? Local, IInvocationOperation? Call) RequestCreation(IOperation statement, TypedMpiSymbols symbols)
    {
        var assignment = statement switch
        {
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation inner } => inner,
            ISimpleAssignmentOperation direct => direct,
            _ => null,
        };
        return assignment is { IsRef: false, Target: ILocalReferenceOperation target }
            && symbols.IsAnyRequest(target.Local.Type)
            && OperationHelpers.Unwrap(assignment.Value) is IInvocationOperation call
            && symbols.IsNonblocking(call.TargetMethod)
                ? (target.Local, call)
                : (null, null);
    }

    /// <summary>Whether the call is under an if, switch or ?: inside the body of its innermost loop.</summary>
    private static bool IsConditionalInLoop(SyntaxNode call)
    {
        var conditional = false;
        for (var node = call; node.Parent is { } parent; node = parent)
        {
            switch (parent)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
                case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    return conditional;
                case IfStatementSyntax or ElseClauseSyntax or SwitchSectionSyntax or SwitchExpressionArmSyntax:
                case ConditionalExpressionSyntax conditionalExpression when node != conditionalExpression.Condition:
                    conditional = true;
                    break;
            }
        }

        return false;
    }

    /// <summary>Whether the graph passes <paramref name="local"/> by reference anywhere (then anything may complete it).</summary>
    private static bool HasReferenceUse(ControlFlowGraph graph, ILocalSymbol local)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in OperationsOf(block))
            {
                foreach (var descendant in DescendantsAndSelf(operation))
                {
                    if (descendant is ILocalReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                        && IsReferenceUse(reference))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Follows the paths from the statement after <paramref name="index"/> in <paramref name="start"/>: how the first
    /// path that does not use the request ends, or <see cref="PathEnd.Completed"/> when every path uses it (or the
    /// search gave up).
    /// </summary>
    /// <remarks>
    /// When the request is started under a condition inside a loop (<c>for (…) { if (i == 0) r = comm.Isend(…); }</c>),
    /// a path that comes back to the same statement may not really start it again: such a path is not reported.
    /// </remarks>
    private static PathEnd FindUncompletedPath(ControlFlowGraph graph, BasicBlock start, int index, ILocalSymbol local, bool conditionalInLoop)
    {
        var creation = start.Operations[index].Syntax;
        var usingBlocks = BlocksUsing(graph, local);
        var visited = new HashSet<(int Block, int Index, string Assumptions)>();
        var queue = new Queue<(BasicBlock Block, int Index, Assumptions Assumptions)>();
        queue.Enqueue((start, index + 1, Assumptions.Guarding(start.Operations[index].Syntax)));
        while (queue.Count > 0)
        {
            var (block, first, assumptions) = queue.Dequeue();
            if (!visited.Add((block.Ordinal, first, assumptions.Key)))
            {
                continue;
            }

            if (visited.Count > MaxSearchStates)
            {
                return PathEnd.Completed;
            }

            if (block.Kind == BasicBlockKind.Exit)
            {
                return PathEnd.FunctionEnd;
            }

            var outcome = PathEnd.Open;
            for (var i = first; i < block.Operations.Length && outcome == PathEnd.Open; i++)
            {
                outcome = Walk(block.Operations[i], local, ref assumptions);
                if (outcome == PathEnd.Overwritten && conditionalInLoop && block.Operations[i].Syntax == creation)
                {
                    outcome = PathEnd.Completed; // back at the start, which may not run again
                }
            }

            if (outcome == PathEnd.Open && block.BranchValue is { } branchValue)
            {
                outcome = Walk(branchValue, local, ref assumptions);
            }

            if (outcome == PathEnd.Overwritten)
            {
                return outcome;
            }

            if (outcome == PathEnd.Completed)
            {
                continue;
            }

            if (block.ConditionalSuccessor is { } conditional && block.BranchValue is { } condition)
            {
                var takenWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                var test = Condition.Of(condition);
                foreach (var (branch, value) in new[] { (conditional, takenWhen), (block.FallThroughSuccessor, !takenWhen) })
                {
                    if (test is not null && assumptions.ValueOf(test) is { } known && known != value)
                    {
                        continue; // this path already knows the condition is the other way
                    }

                    Follow(branch, test is null ? assumptions : assumptions.With(test, value));
                }
            }
            else
            {
                Follow(block.FallThroughSuccessor, assumptions);
            }
        }

        return PathEnd.Completed;

        void Follow(ControlFlowBranch? branch, Assumptions assumptions)
        {
            // No destination: a throw, or the end of a finally or catch; exceptional paths are not followed.
            if (branch?.Destination is not { } destination)
            {
                return;
            }

            foreach (var region in branch.FinallyRegions)
            {
                for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
                {
                    if (usingBlocks.Contains(ordinal))
                    {
                        return; // the finally on the way completes (or hands on) the request
                    }
                }
            }

            queue.Enqueue((destination, 0, assumptions));
        }
    }

    /// <summary>The ordinals of the blocks that use <paramref name="local"/> in a way that completes or hands on its request.</summary>
    private static HashSet<int> BlocksUsing(ControlFlowGraph graph, ILocalSymbol local)
    {
        var blocks = new HashSet<int>();
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in OperationsOf(block))
            {
                foreach (var descendant in DescendantsAndSelf(operation))
                {
                    if (descendant is ILocalReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                        && CompletesOrHandsOn(reference))
                    {
                        blocks.Add(block.Ordinal);
                    }
                }
            }
        }

        return blocks;
    }

    /// <summary>
    /// One operation of a path: <see cref="PathEnd.Completed"/> when it uses the request,
    /// <see cref="PathEnd.Overwritten"/> when it assigns the local again, else <see cref="PathEnd.Open"/>, updating
    /// what the path knows about conditions.
    /// </summary>
    private static PathEnd Walk(IOperation operation, ILocalSymbol local, ref Assumptions assumptions)
    {
        var outcome = PathEnd.Open;
        var known = assumptions;
        InEvaluationOrder(operation, current =>
        {
            if (outcome != PathEnd.Open)
            {
                return;
            }

            switch (current)
            {
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    if (CompletesOrHandsOn(reference))
                    {
                        outcome = PathEnd.Completed;
                    }

                    break;
                case ILocalReferenceOperation reference when IsWriteTarget(reference) || IsReferenceUse(reference):
                    known = known.Forget(reference.Local.Name);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    if (SymbolEqualityComparer.Default.Equals(target.Local, local))
                    {
                        outcome = PathEnd.Overwritten;
                    }
                    else if (target.Local.Type?.SpecialType == SpecialType.System_Boolean && assignment.Value.ConstantValue is { HasValue: true, Value: bool value })
                    {
                        known = known.With(Condition.OfLocal(target.Local.Name), value);
                    }

                    break;
            }
        });
        assumptions = known;
        return outcome;
    }

    /// <summary>
    /// Whether this use of a request local completes the request or hands it to code that may: anything but
    /// assigning the local, reading <c>IsPending</c> and calling <c>Cancel</c> (which must still be followed by a
    /// completion).
    /// </summary>
    private static bool CompletesOrHandsOn(ILocalReferenceOperation reference) => reference.Parent switch
    {
        _ when IsWriteTarget(reference) => false,
        IPropertyReferenceOperation { Property.Name: "IsPending" } property => !ReferenceEquals(property.Instance, reference),
        IInvocationOperation { TargetMethod.Name: "Cancel" } invocation => !ReferenceEquals(invocation.Instance, reference),
        _ => true,
    };

    /// <summary>A side-effect-free condition, by its text without parentheses, whitespace or a leading <c>!</c>.</summary>
    private sealed class Condition(string key, ImmutableArray<string> names)
    {
        /// <summary>The condition's text; two conditions with the same text are taken to have the same value.</summary>
        public string Key { get; } = key;

        /// <summary>The identifiers the condition reads; writing a local of one of these names forgets the condition.</summary>
        public ImmutableArray<string> Names { get; } = names;

        /// <summary>The condition that a bool local is true, with the key of <c>if (name)</c>.</summary>
        public static Condition OfLocal(string name) => new(name + " ", [name]);

        /// <summary>The condition a branch tests, and whether the branch value is its negation; null when it has side effects.</summary>
        public static (Condition Condition, bool Negated)? Of(IOperation branchValue)
        {
            foreach (var operation in DescendantsAndSelf(branchValue))
            {
                if (operation is IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation or IAwaitOperation
                    or IFlowCaptureReferenceOperation or IObjectCreationOperation)
                {
                    return null;
                }
            }

            return branchValue.Syntax is ExpressionSyntax expression ? FromSyntax(expression) : null;
        }

        /// <summary>The condition an expression states, without parentheses and leading <c>!</c>; null when it has side effects.</summary>
        public static (Condition Condition, bool Negated)? FromSyntax(ExpressionSyntax expression)
        {
            var negated = false;
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                        expression = not.Operand;
                        negated = !negated;
                        continue;
                }

                break;
            }

            var key = new StringBuilder();
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax or ObjectCreationExpressionSyntax
                        or ImplicitObjectCreationExpressionSyntax or AnonymousFunctionExpressionSyntax:
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                        return null;
                    case IdentifierNameSyntax identifier:
                        names.Add(identifier.Identifier.ValueText);
                        break;
                }
            }

            foreach (var token in expression.DescendantTokens())
            {
                key.Append(token.Text).Append(' '); // as OfLocal: "name "
            }

            return (new Condition(key.ToString(), names.ToImmutable()), negated);
        }
    }

    /// <summary>What one path knows: the values of the conditions it has taken. Immutable; the key identifies it.</summary>
    private sealed class Assumptions
    {
        public static readonly Assumptions None = new(ImmutableDictionary<string, (bool, ImmutableArray<string>)>.Empty);

        private readonly ImmutableDictionary<string, (bool Value, ImmutableArray<string> Names)> _values;

        private Assumptions(ImmutableDictionary<string, (bool Value, ImmutableArray<string> Names)> values)
        {
            _values = values;
            var key = new StringBuilder();
            var keys = new List<string>(values.Keys);
            keys.Sort(System.StringComparer.Ordinal);
            foreach (var condition in keys)
            {
                key.Append(values[condition].Value ? '+' : '-').Append(condition).Append('|');
            }

            Key = key.ToString();
        }

        public string Key { get; }

        /// <summary>What the conditions around a statement say: the if statements and ?: it is in, up to its function.</summary>
        public static Assumptions Guarding(SyntaxNode statement)
        {
            var assumptions = None;
            for (var node = statement; node.Parent is { } parent; node = parent)
            {
                switch (parent)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return assumptions;
                    case IfStatementSyntax ifStatement when node == ifStatement.Statement:
                        assumptions = assumptions.Assume(ifStatement.Condition, true);
                        break;
                    case IfStatementSyntax ifStatement when node == ifStatement.Else:
                        assumptions = assumptions.Assume(ifStatement.Condition, false);
                        break;
                    case ConditionalExpressionSyntax conditional when node == conditional.WhenTrue:
                        assumptions = assumptions.Assume(conditional.Condition, true);
                        break;
                    case ConditionalExpressionSyntax conditional when node == conditional.WhenFalse:
                        assumptions = assumptions.Assume(conditional.Condition, false);
                        break;
                }
            }

            return assumptions;
        }

        /// <summary>The known value of a condition a branch tests, or null.</summary>
        public bool? ValueOf((Condition Condition, bool Negated)? test) =>
            test is { } t && _values.TryGetValue(t.Condition.Key, out var known) ? known.Value != t.Negated : null;

        /// <summary>This path, knowing the branch value of <paramref name="test"/> is <paramref name="branchValue"/>.</summary>
        public Assumptions With((Condition Condition, bool Negated)? test, bool branchValue) =>
            test is { } t ? With(t.Condition, branchValue != t.Negated) : this;

        public Assumptions With(Condition condition, bool value) =>
            new(_values.SetItem(condition.Key, (value, condition.Names)));

        /// <summary>This path without the conditions that read a local named <paramref name="name"/>.</summary>
        public Assumptions Forget(string name)
        {
            var values = _values;
            foreach (var entry in _values)
            {
                if (entry.Value.Names.Contains(name))
                {
                    values = values.Remove(entry.Key);
                }
            }

            return values == _values ? this : new Assumptions(values);
        }

        /// <summary>Also knows that <paramref name="expression"/> is <paramref name="value"/>, and so are its parts of <c>&amp;&amp;</c> (true) or <c>||</c> (false).</summary>
        private Assumptions Assume(ExpressionSyntax expression, bool value)
        {
            if (Condition.FromSyntax(expression) is not { } test)
            {
                return this;
            }

            var result = With(test, value);
            var actual = value != test.Negated;
            var inner = expression;
            while (inner is ParenthesizedExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression })
            {
                inner = inner is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((PrefixUnaryExpressionSyntax)inner).Operand;
            }

            if (inner is BinaryExpressionSyntax binary
                && ((actual && binary.IsKind(SyntaxKind.LogicalAndExpression)) || (!actual && binary.IsKind(SyntaxKind.LogicalOrExpression))))
            {
                result = result.Assume(binary.Left, actual).Assume(binary.Right, actual);
            }

            return result;
        }
    }
}
