using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>TMPI0402: a buffer of a pending nonblocking operation used before the operation completes.</summary>
/// <remarks>
/// <para>
/// Followed: a buffer argument that is a local or parameter (an array or a Memory, possibly through
/// <c>AsMemory()</c> or a conversion) of a nonblocking call whose request is stored in a local (<c>var r = …</c>),
/// an array element (<c>requests[i] = …</c>), a list (<c>requests.Add(…)</c>) or a collection expression
/// (<c>Request[] set = [comm.Irecv(…), …]</c>). A buffer passed as a slice (<c>AsMemory(offset, length)</c>,
/// <c>Slice</c>) is not followed: the rest of the array is free to use.
/// </para>
/// <para>
/// The statements after the call in the same block are read, inside loops and branches too but not inside lambdas,
/// up to the first statement that mentions what holds the request (it may complete it there), a label, or a jump. In
/// them, any use of a receive buffer (<c>buffer</c>, <c>receive</c>) is reported except its <c>Length</c> and a null
/// check; for a send
/// buffer (<c>data</c>, <c>send</c>) only writes are: an element assigned or passed by reference, the buffer passed
/// as the target of Array.Clear, Fill, Copy, …, a <c>CopyTo</c>, or a TypedMpi receive. One diagnostic per buffer.
/// </para>
/// </remarks>
public sealed partial class RequestAnalyzer
{
    internal enum BufferRole
    {
        None,

        /// <summary>MPI writes the buffer (<c>buffer</c>, <c>receive</c>): it must not be used at all.</summary>
        Receive,

        /// <summary>MPI reads the buffer (<c>data</c>, <c>send</c>): it must not be written.</summary>
        Send,
    }

    /// <summary>The direction of a buffer parameter of a communicator method, from its name; None for values and spans of a blocking call.</summary>
    internal static BufferRole BufferRoleOf(IParameterSymbol? parameter) => parameter switch
    {
        { Name: "buffer" or "receive", Type: var type } when IsPinnableBuffer(type) => BufferRole.Receive,
        { Name: "data" or "send", Type: var type } when IsPinnableBuffer(type) => BufferRole.Send,
        _ => BufferRole.None,
    };

    private static bool IsPinnableBuffer(ITypeSymbol type) =>
        type is IArrayTypeSymbol
        || (type is INamedTypeSymbol { Name: "Memory" or "ReadOnlyMemory", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    private static void AnalyzeBuffers(OperationAnalysisContext context, IInvocationOperation invocation, TypedMpiSymbols symbols)
    {
        var buffers = new Dictionary<ISymbol, BufferRole>(SymbolEqualityComparer.Default);
        foreach (var argument in invocation.Arguments)
        {
            var role = BufferRoleOf(argument.Parameter);
            if (role != BufferRole.None && WholeBuffer(argument.Value) is { } buffer)
            {
                buffers[buffer] = buffers.TryGetValue(buffer, out var other) && other == BufferRole.Receive ? other : role;
            }
        }

        if (buffers.Count == 0
            || RequestHolder(invocation) is not ({ } statement, { } block, { } holder)
            || IsCapturedAnywhere(statement, holder))
        {
            return;
        }

        var method = invocation.TargetMethod.Name;
        for (var i = block.Operations.IndexOf(statement) + 1; i < block.Operations.Length && buffers.Count > 0; i++)
        {
            var next = block.Operations[i];
            if (next is ILabeledOperation || MentionsHolder(next, holder))
            {
                return;
            }

            InEvaluationOrder(next, operation =>
            {
                var reference = operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (reference is null || !buffers.TryGetValue(reference, out var role))
                {
                    return;
                }

                if (IsWriteTarget(operation))
                {
                    buffers.Remove(reference); // the variable now names another buffer
                    return;
                }

                if (Access(operation) is not { } access || (role == BufferRole.Send && access != "written"))
                {
                    return;
                }

                buffers.Remove(reference);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.BufferUsedWhilePending,
                    operation.Syntax.GetLocation(),
                    reference.Name,
                    access,
                    method,
                    role == BufferRole.Receive ? "into" : "of",
                    role == BufferRole.Receive ? "writing" : "reading",
                    holder.Name));
            });

            if (next is IReturnOperation or IBranchOperation or IExpressionStatementOperation { Operation: IThrowOperation } or IThrowOperation)
            {
                return;
            }
        }
    }

    /// <summary>The local or parameter a buffer argument passes whole (<c>buffer</c>, <c>buffer.AsMemory()</c>, <c>(Memory&lt;T&gt;)buffer</c>), or null.</summary>
    private static ISymbol? WholeBuffer(IOperation value)
    {
        while (true)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "AsMemory", Instance: null, Arguments.Length: 1 } asMemory:
                    value = asMemory.Arguments[0].Value;
                    continue;
                case ILocalReferenceOperation { Local.RefKind: RefKind.None } local:
                    return local.Local;
                case IParameterReferenceOperation { Parameter.RefKind: RefKind.None or RefKind.In } parameter:
                    return parameter.Parameter;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The statement of a block that starts the operation, with the local, parameter or collection its request is
    /// stored in; nothing when the request goes elsewhere (it is waited on at once, returned, passed on, …).
    /// </summary>
    private static (IOperation? Statement, IBlockOperation? Block, ISymbol? Holder) RequestHolder(IInvocationOperation invocation)
    {
        IOperation value = invocation;
        while (value.Parent is IConversionOperation or ICollectionExpressionOperation or IArrayInitializerOperation or IArrayCreationOperation)
        {
            value = value.Parent;
        }

        IOperation? statement = null;
        ISymbol? holder = null;
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group }:
                statement = group;
                holder = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, value)
                && assignment.Parent is IExpressionStatementOperation expressionStatement:
                statement = expressionStatement;
                holder = assignment.Target switch
                {
                    IArrayElementReferenceOperation element => Variable(element.ArrayReference),
                    IPropertyReferenceOperation { Property.IsIndexer: true } indexer => Variable(indexer.Instance),
                    var target => Variable(target),
                };
                break;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" } add }
                when add.Parent is IExpressionStatementOperation expressionStatement:
                statement = expressionStatement;
                holder = Variable(add.Instance);
                break;
        }

        return statement?.Parent is IBlockOperation block && holder is not null ? (statement, block, holder) : (null, null, null);
    }

    private static ISymbol? Variable(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>
    /// Whether the statement mentions what holds the request, other than to store another request in the same
    /// collection (<c>requests[i] = …</c>, <c>requests.Add(…)</c>).
    /// </summary>
    private static bool MentionsHolder(IOperation statement, ISymbol holder)
    {
        foreach (var operation in DescendantsAndSelf(statement))
        {
            if (SymbolEqualityComparer.Default.Equals(Variable(operation), holder)
                && !(operation.Parent is IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } && IsWriteTarget(operation.Parent))
                && operation.Parent is not IInvocationOperation { TargetMethod.Name: "Add" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a lambda or local function mentions the variable: it may complete the request at any time.</summary>
    private static bool IsCapturedAnywhere(IOperation statement, ISymbol variable)
    {
        var root = statement;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (SymbolEqualityComparer.Default.Equals(Variable(operation), variable)
                && EnclosingFunction(operation) is { } function
                && !SymbolEqualityComparer.Default.Equals(variable.ContainingSymbol, function))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How a reference to a buffer touches its contents: "written", "read" or "used" (passed on, copied, …); null
    /// for what does not touch them (<c>Length</c>, <c>buffer == null</c>, <c>nameof</c>).
    /// </summary>
    private static string? Access(IOperation reference)
    {
        // The buffer, or a view of it: AsSpan(), AsMemory(), Span, a conversion.
        var view = reference;
        while (true)
        {
            switch (view.Parent)
            {
                case IConversionOperation conversion when ReferenceEquals(conversion.Operand, view):
                case IPropertyReferenceOperation { Property.Name: "Span" } span when ReferenceEquals(span.Instance, view):
                case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" } call when ReferenceEquals(call.Instance, view):
                    view = view.Parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory", Instance: null } call } argument
                    when ReferenceEquals(call.Arguments[0], argument):
                    view = call; // an extension: array.AsSpan() is MemoryExtensions.AsSpan(array)
                    continue;
            }

            break;
        }

        for (var ancestor = reference.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is INameOfOperation)
            {
                return null;
            }
        }

        switch (view.Parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength" or "IsEmpty" } property when ReferenceEquals(property.Instance, view):
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
            case IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation { Pattern: IConstantPatternOperation } }:
                return null; // the size, or a comparison of the reference: not the contents
            case IArrayElementReferenceOperation element when ReferenceEquals(element.ArrayReference, view):
                return ElementAccess(element);
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when ReferenceEquals(indexer.Instance, view):
                return ElementAccess(indexer);
            case IInvocationOperation call when ReferenceEquals(call.Instance, view):
                return call.TargetMethod.Name is "Clear" or "Fill" or "Reverse" or "Sort" ? "written" : call.TargetMethod.Name == "CopyTo" ? "read" : "used";
            case IArgumentOperation argument:
                return argument.Parameter switch
                {
                    { RefKind: RefKind.Ref or RefKind.Out } => "written",
                    { Name: "destination" or "destinationArray" } => "written",
                    { Name: "array", ContainingSymbol: IMethodSymbol { Name: "Clear" or "Fill" or "Reverse" or "Sort", ContainingType.SpecialType: SpecialType.System_Array } } => "written",
                    { Name: "buffer" or "receive", ContainingSymbol: IMethodSymbol { ContainingType.ContainingNamespace.Name: "TypedMpi" } } => "written",
                    _ => "used",
                };
            case IForEachLoopOperation loop when ReferenceEquals(loop.Collection, view):
                return "read";
            default:
                return "used";
        }
    }

    /// <summary>An element of the buffer: written when assigned, incremented or passed by reference, else read.</summary>
    private static string ElementAccess(IOperation element) =>
        IsWriteTarget(element) || element.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } ? "written" : "read";
}
