using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>
/// Ranks (TMPI0200-0299): peers and roots that are not ranks of the communicator, neighbours that fall off the ends,
/// and roots that differ between ranks.
/// </summary>
/// <remarks>
/// Rank arguments are found by the runtime's parameter names on <c>Communicator</c> methods: <c>dest</c> (sends),
/// <c>source</c> (receives and probes) and <c>root</c> (collectives).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RankAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property the TMPI0203 fix uses: <c>Next</c> or <c>Previous</c>.</summary>
    internal const string NeighbourPropertyKey = "NeighbourProperty";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.NegativeRank,
        DiagnosticDescriptors.AnySourceOnSend,
        DiagnosticDescriptors.SizeAsRank,
        DiagnosticDescriptors.NeighbourWithoutWrap,
        DiagnosticDescriptors.RankDependentRoot,
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
        if (!symbols.IsCommunicatorMethod(method))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            var role = OperationHelpers.PeerRoleOf(argument.Parameter);
            if (role == PeerRole.None || argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            var parameter = argument.Parameter!.Name;
            var location = argument.Syntax.GetLocation();
            if (OperationHelpers.ConstantInt32(argument) is { } rank)
            {
                CheckConstant(context, role, rank, parameter, method.Name, location);
                continue;
            }

            var value = OperationHelpers.Unwrap(argument.Value);
            var text = argument.Value.Syntax.ToString();
            if (symbols.IsCommunicatorProperty(value, "Size"))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SizeAsRank, location, text, parameter, method.Name));
            }
            else if (role == PeerRole.Root)
            {
                if (value is not null && OperationHelpers.Contains(value, operation => IsRankDependent(operation, symbols)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RankDependentRoot, location, method.Name, text));
                }
            }
            else if (Neighbour(value, symbols) is var (rankReference, offset) && !IsGuarded(invocation, offset, symbols))
            {
                var property = offset > 0 ? "Next" : "Previous";
                var instance = rankReference.Instance is { IsImplicit: false } explicitInstance ? explicitInstance.Syntax : null;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NeighbourWithoutWrap,
                    location,
                    instance is null ? [] : [instance.GetLocation()],
                    ImmutableDictionary<string, string?>.Empty.Add(NeighbourPropertyKey, property),
                    text,
                    parameter,
                    method.Name,
                    offset > 0 ? "last" : "first",
                    instance is null ? property : $"{instance}.{property}"));
            }
        }
    }

    private static void CheckConstant(OperationAnalysisContext context, PeerRole role, int rank, string parameter, string method, Location location)
    {
        if (rank >= 0)
        {
            return; // whether it is below Size is known only at run time
        }

        string allowed;
        switch (role)
        {
            case PeerRole.Destination when rank == TypedMpiSymbols.AnySource:
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AnySourceOnSend, location, method));
                return;
            case PeerRole.Destination when rank == TypedMpiSymbols.ProcNull:
            case PeerRole.Source when rank is TypedMpiSymbols.AnySource or TypedMpiSymbols.ProcNull:
                return;
            case PeerRole.Destination:
                allowed = "a destination is a rank from 0 to Size - 1 or Mpi.ProcNull";
                break;
            case PeerRole.Source:
                allowed = "a source is a rank from 0 to Size - 1, Mpi.AnySource or Mpi.ProcNull";
                break;
            default:
                allowed = "a root is a rank from 0 to Size - 1";
                break;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NegativeRank, location, rank, parameter, method, allowed));
    }

    /// <summary>A communicator's <c>Rank</c>, <c>Next</c> or <c>Previous</c>: different on every rank.</summary>
    private static bool IsRankDependent(IOperation operation, TypedMpiSymbols symbols) =>
        operation is IPropertyReferenceOperation { Property.Name: "Rank" or "Next" or "Previous" } property
        && symbols.IsCommunicator(property.Property.ContainingType);

    /// <summary><c>comm.Rank + 1</c>, <c>1 + comm.Rank</c> or <c>comm.Rank - 1</c>: the rank reference and +1 or -1.</summary>
    private static (IPropertyReferenceOperation Rank, int Offset)? Neighbour(IOperation? value, TypedMpiSymbols symbols)
    {
        if (value is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary)
        {
            return null;
        }

        var left = OperationHelpers.Unwrap(binary.LeftOperand);
        var right = OperationHelpers.Unwrap(binary.RightOperand);
        var sign = binary.OperatorKind == BinaryOperatorKind.Add ? 1 : -1;
        int offset;
        IOperation? rank;
        if (symbols.IsCommunicatorProperty(left, "Rank") && binary.RightOperand.ConstantValue is { HasValue: true, Value: int rightValue })
        {
            (rank, offset) = (left, sign * rightValue);
        }
        else if (sign > 0 && symbols.IsCommunicatorProperty(right, "Rank") && binary.LeftOperand.ConstantValue is { HasValue: true, Value: int leftValue })
        {
            (rank, offset) = (right, leftValue);
        }
        else
        {
            return null;
        }

        return offset is 1 or -1 && rank is IPropertyReferenceOperation reference ? (reference, offset) : null;
    }

    /// <summary>
    /// Whether the call runs only under a condition that bounds the rank: an enclosing <c>if</c>, <c>?:</c>, loop or
    /// <c>&amp;&amp;</c>/<c>||</c>, or an earlier <c>if (…) return;</c> in an enclosing block. For <c>Rank + 1</c> the
    /// condition must involve <c>Size</c> (an upper bound); for <c>Rank - 1</c>, <c>Size</c> or a comparison of
    /// <c>Rank</c> with a constant (<c>Rank &gt; 0</c>, the else of <c>Rank == 0</c>). Such a call is a deliberate
    /// chain, not a ring.
    /// </summary>
    private static bool IsGuarded(IOperation call, int offset, TypedMpiSymbols symbols)
    {
        var child = call;
        for (var parent = call.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            var condition = parent switch
            {
                IConditionalOperation conditional when !ReferenceEquals(child, conditional.Condition) => conditional.Condition,
                IWhileLoopOperation loop when !ReferenceEquals(child, loop.Condition) => loop.Condition,
                IForLoopOperation loop when !ReferenceEquals(child, loop.Condition) => loop.Condition,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical
                    when ReferenceEquals(child, logical.RightOperand) => logical.LeftOperand,
                _ => null,
            };
            if (condition is not null && IsBound(condition, offset, symbols))
            {
                return true;
            }

            if (parent is IBlockOperation block)
            {
                foreach (var statement in block.Operations)
                {
                    if (ReferenceEquals(statement, child))
                    {
                        break;
                    }

                    if (statement is IConditionalOperation { WhenFalse: null } early && AlwaysExits(early.WhenTrue) && IsBound(early.Condition, offset, symbols))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsBound(IOperation condition, int offset, TypedMpiSymbols symbols) =>
        OperationHelpers.Contains(condition, operation =>
            symbols.IsCommunicatorProperty(operation, "Size")
            || (offset < 0 && IsRankComparedToConstant(operation, symbols)));

    private static bool IsRankComparedToConstant(IOperation operation, TypedMpiSymbols symbols) => operation switch
    {
        IBinaryOperation
        {
            OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual,
        } comparison =>
            (symbols.IsCommunicatorProperty(comparison.LeftOperand, "Rank") && comparison.RightOperand.ConstantValue.HasValue)
            || (symbols.IsCommunicatorProperty(comparison.RightOperand, "Rank") && comparison.LeftOperand.ConstantValue.HasValue),
        IIsPatternOperation pattern => symbols.IsCommunicatorProperty(pattern.Value, "Rank"),
        _ => false,
    };

    /// <summary>A statement after which control never reaches the next one: return, throw, break, continue, goto.</summary>
    private static bool AlwaysExits(IOperation? statement) => statement switch
    {
        IReturnOperation or IBranchOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations: { Length: > 0 } operations } => AlwaysExits(operations[operations.Length - 1]),
        _ => false,
    };
}
