using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>TMPI0403: a Wait or Test on a ValueRequest&lt;T&gt; whose value an earlier Wait already took.</summary>
/// <remarks>
/// <para>
/// A forward must-analysis over the control-flow graph. Each ValueRequest local holds a request, named by the
/// assignment that stored it; a copy (<c>var b = a;</c>) holds the same one. A <c>Wait</c> takes the request's
/// value; a <c>Wait</c> or <c>Test</c> on a request whose value was taken on every path that reaches it throws
/// <c>InvalidOperationException</c> and is reported. Where paths meet, a request counts as taken only when it is
/// taken on all of them, so a Wait on one branch followed by a Wait after the branch is not reported.
/// </para>
/// <para>
/// A successful <c>Test(out value)</c> also takes the value, but whether it succeeds is known only at run time, so
/// it takes nothing here. Locals captured by a lambda or passed by reference are not followed, and neither are
/// fields or values passed to other methods.
/// </para>
/// </remarks>
public sealed partial class RequestAnalyzer
{
    /// <summary>How many passes over the graph the analysis may make before it gives up, silently.</summary>
    private const int MaxValueTakenPasses = 50;

    private static void AnalyzeValueTaken(
        OperationBlockAnalysisContext context, ControlFlowGraph graph, HashSet<ILocalSymbol> captured, TypedMpiSymbols symbols)
    {
        var tracked = TrackedValueRequests(graph, captured, symbols);
        if (tracked.Count == 0)
        {
            return;
        }

        var requestIds = new Dictionary<IOperation, int>();
        var blocks = graph.Blocks;
        var exits = new TakenState?[blocks.Length];
        var changed = true;
        for (var pass = 0; changed; pass++)
        {
            if (pass == MaxValueTakenPasses)
            {
                return;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var block in blocks)
            {
                if (!block.IsReachable || EntryState(block) is not { } state)
                {
                    continue;
                }

                state = Transfer(block, state, report: null);
                if (exits[block.Ordinal] is not { } previous || !previous.SameAs(state))
                {
                    exits[block.Ordinal] = state;
                    changed = true;
                }
            }
        }

        foreach (var block in blocks)
        {
            if (block.IsReachable && EntryState(block) is { } state)
            {
                Transfer(block, state, context.ReportDiagnostic);
            }
        }

        // What holds at the start of a block: what holds at the end of each predecessor computed so far, merged.
        TakenState? EntryState(BasicBlock block)
        {
            if (block.Predecessors.IsEmpty)
            {
                return TakenState.Empty; // the entry, or the start of a catch or finally: nothing known
            }

            TakenState? merged = null;
            foreach (var branch in block.Predecessors)
            {
                if (exits[branch.Source.Ordinal] is not { } state)
                {
                    continue;
                }

                foreach (var region in branch.FinallyRegions)
                {
                    state = state.Forget(LocalsWrittenIn(graph, region, tracked));
                }

                merged = merged is null ? state : merged.Merge(state);
            }

            return merged;
        }

        TakenState Transfer(BasicBlock block, TakenState state, System.Action<Diagnostic>? report)
        {
            foreach (var operation in OperationsOf(block))
            {
                InEvaluationOrder(operation, current =>
                {
                    switch (current)
                    {
                        case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target } assignment
                            when tracked.Contains(target.Local):
                            if (OperationHelpers.Unwrap(assignment.Value) is ILocalReferenceOperation source
                                && tracked.Contains(source.Local)
                                && state.RequestOf(source.Local) is { } copied)
                            {
                                state = state.Assign(target.Local, copied, fresh: false);
                            }
                            else
                            {
                                if (!requestIds.TryGetValue(assignment, out var id))
                                {
                                    requestIds[assignment] = id = requestIds.Count;
                                }

                                state = state.Assign(target.Local, id, fresh: true);
                            }

                            break;
                        case ILocalReferenceOperation reference when tracked.Contains(reference.Local)
                            && IsWriteTarget(reference)
                            && reference.Parent is not ISimpleAssignmentOperation:
                            state = state.Forget([reference.Local]);
                            break;
                        case IInvocationOperation { Instance: ILocalReferenceOperation receiver, TargetMethod: { Name: "Wait" or "Test" } method } invocation
                            when tracked.Contains(receiver.Local) && symbols.IsValueRequest(method.ContainingType):
                            if (state.RequestOf(receiver.Local) is { } request)
                            {
                                if (report is not null && state.TakenThrough(request, out var through))
                                {
                                    var copy = through is not null && !SymbolEqualityComparer.Default.Equals(through, receiver.Local)
                                        ? $" on '{through.Name}', which holds the same request"
                                        : "";
                                    report(Diagnostic.Create(
                                        DiagnosticDescriptors.ValueTakenTwice, OperationHelpers.NameLocation(invocation), receiver.Local.Name, copy, method.Name));
                                }

                                if (method.Name == "Wait")
                                {
                                    state = state.Take(request, receiver.Local);
                                }
                            }

                            break;
                    }
                });
            }

            return state;
        }
    }

    /// <summary>The ValueRequest locals whose requests can be followed: not captured, not by reference.</summary>
    private static HashSet<ILocalSymbol> TrackedValueRequests(ControlFlowGraph graph, HashSet<ILocalSymbol> captured, TypedMpiSymbols symbols)
    {
        var tracked = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var excluded = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in OperationsOf(block))
            {
                foreach (var descendant in DescendantsAndSelf(operation))
                {
                    if (descendant is ILocalReferenceOperation reference && symbols.IsValueRequest(reference.Local.Type))
                    {
                        if (captured.Contains(reference.Local) || reference.Local.RefKind != RefKind.None || IsReferenceUse(reference))
                        {
                            excluded.Add(reference.Local);
                        }
                        else
                        {
                            tracked.Add(reference.Local);
                        }
                    }
                }
            }
        }

        tracked.ExceptWith(excluded);
        return tracked;
    }

    /// <summary>The tracked locals a region (a finally) assigns.</summary>
    private static List<ILocalSymbol> LocalsWrittenIn(ControlFlowGraph graph, ControlFlowRegion region, HashSet<ILocalSymbol> tracked)
    {
        var written = new List<ILocalSymbol>();
        for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
        {
            foreach (var operation in OperationsOf(graph.Blocks[ordinal]))
            {
                foreach (var descendant in DescendantsAndSelf(operation))
                {
                    if (descendant is ILocalReferenceOperation reference && tracked.Contains(reference.Local) && IsWriteTarget(reference))
                    {
                        written.Add(reference.Local);
                    }
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Which request each ValueRequest local holds (by the id of the assignment that stored it), and which requests
    /// have had their value taken on every path so far, with the local that took it (null when paths disagree).
    /// Immutable.
    /// </summary>
    private sealed class TakenState
    {
        public static readonly TakenState Empty = new(
            ImmutableDictionary.Create<ILocalSymbol, int>(SymbolEqualityComparer.Default),
            ImmutableDictionary<int, ILocalSymbol?>.Empty);

        private readonly ImmutableDictionary<ILocalSymbol, int> _requests;
        private readonly ImmutableDictionary<int, ILocalSymbol?> _taken;

        private TakenState(ImmutableDictionary<ILocalSymbol, int> requests, ImmutableDictionary<int, ILocalSymbol?> taken)
        {
            _requests = requests;
            _taken = taken;
        }

        public int? RequestOf(ILocalSymbol local) => _requests.TryGetValue(local, out var request) ? request : null;

        public bool TakenThrough(int request, out ILocalSymbol? through) => _taken.TryGetValue(request, out through);

        /// <summary>The local now holds <paramref name="request"/>; a fresh one (a new assignment) has its value.</summary>
        public TakenState Assign(ILocalSymbol local, int request, bool fresh) =>
            new(_requests.SetItem(local, request), fresh ? _taken.Remove(request) : _taken);

        public TakenState Take(int request, ILocalSymbol through) => new(_requests, _taken.SetItem(request, through));

        /// <summary>The locals hold requests that cannot be followed.</summary>
        public TakenState Forget(IEnumerable<ILocalSymbol> locals)
        {
            var requests = _requests;
            foreach (var local in locals)
            {
                requests = requests.Remove(local);
            }

            return requests == _requests ? this : new(requests, _taken);
        }

        /// <summary>What holds on both paths.</summary>
        public TakenState Merge(TakenState other)
        {
            var requests = _requests;
            foreach (var entry in _requests)
            {
                if (!other._requests.TryGetValue(entry.Key, out var request) || request != entry.Value)
                {
                    requests = requests.Remove(entry.Key);
                }
            }

            var taken = _taken;
            foreach (var entry in _taken)
            {
                if (!other._taken.TryGetValue(entry.Key, out var through))
                {
                    taken = taken.Remove(entry.Key);
                }
                else if (!SymbolEqualityComparer.Default.Equals(through, entry.Value))
                {
                    taken = taken.SetItem(entry.Key, null);
                }
            }

            return new(requests, taken);
        }

        public bool SameAs(TakenState other)
        {
            if (_requests.Count != other._requests.Count || _taken.Count != other._taken.Count)
            {
                return false;
            }

            foreach (var entry in _requests)
            {
                if (!other._requests.TryGetValue(entry.Key, out var request) || request != entry.Value)
                {
                    return false;
                }
            }

            foreach (var entry in _taken)
            {
                if (!other._taken.TryGetValue(entry.Key, out var through) || !SymbolEqualityComparer.Default.Equals(through, entry.Value))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
