using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedMpi.Analyzers.Infrastructure;

/// <summary>What a rank argument of a communicator method is, read from the runtime's parameter names.</summary>
internal enum PeerRole
{
    None,

    /// <summary><c>dest</c>: where a message goes.</summary>
    Destination,

    /// <summary><c>source</c>: where a message comes from (a receive or probe).</summary>
    Source,

    /// <summary><c>root</c>: the root of a collective.</summary>
    Root,
}

/// <summary>What an <see cref="int"/> tag argument of a communicator method is, read from the runtime's parameter names.</summary>
internal enum TagRole
{
    None,

    /// <summary><c>sendTag</c>, or <c>tag</c> of a method with a <c>dest</c> (Send, Isend, SendRecv with one tag, …).</summary>
    Send,

    /// <summary><c>recvTag</c>, or <c>tag</c> of a method without a <c>dest</c> (Recv, Irecv, Probe, RecvArray, …).</summary>
    Receive,
}

/// <summary>Small helpers over <see cref="IOperation"/> and the runtime's parameter names.</summary>
internal static class OperationHelpers
{
    /// <summary>The operation under implicit and explicit conversions (a <c>short</c> constant passed as an <c>int</c>).</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static PeerRole PeerRoleOf(IParameterSymbol? parameter) =>
        parameter is not { Type.SpecialType: SpecialType.System_Int32 } ? PeerRole.None : parameter.Name switch
        {
            "dest" => PeerRole.Destination,
            "source" => PeerRole.Source,
            "root" => PeerRole.Root,
            _ => PeerRole.None,
        };

    public static TagRole TagRoleOf(IParameterSymbol? parameter)
    {
        if (parameter is not { Type.SpecialType: SpecialType.System_Int32 })
        {
            return TagRole.None;
        }

        switch (parameter.Name)
        {
            case "sendTag":
                return TagRole.Send;
            case "recvTag":
                return TagRole.Receive;
            case "tag":
                if (parameter.ContainingSymbol is IMethodSymbol method)
                {
                    foreach (var other in method.Parameters)
                    {
                        if (other.Name == "dest")
                        {
                            return TagRole.Send;
                        }
                    }
                }

                return TagRole.Receive;
            default:
                return TagRole.None;
        }
    }

    /// <summary>The constant <see cref="int"/> an argument passes, if it is one.</summary>
    public static int? ConstantInt32(IArgumentOperation argument) =>
        argument.ArgumentKind == ArgumentKind.Explicit && argument.Value.ConstantValue is { HasValue: true, Value: int value } ? value : null;

    /// <summary>Whether <paramref name="operation"/> or any operation inside it satisfies <paramref name="predicate"/>.</summary>
    public static bool Contains(IOperation operation, System.Func<IOperation, bool> predicate)
    {
        if (predicate(operation))
        {
            return true;
        }

        foreach (var descendant in operation.Descendants())
        {
            if (predicate(descendant))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of the invoked method in the call's syntax (<c>Send</c> in <c>world.Send(…)</c>), for a precise location.</summary>
    public static Location NameLocation(IInvocationOperation invocation)
    {
        var name = invocation.Syntax is InvocationExpressionSyntax { Expression: var expression }
            ? expression switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
                MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
                SimpleNameSyntax simpleName => simpleName,
                _ => null,
            }
            : null;
        return (name ?? invocation.Syntax).GetLocation();
    }
}
