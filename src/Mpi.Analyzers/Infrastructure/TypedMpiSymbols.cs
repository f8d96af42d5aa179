using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TypedMpi.Analyzers.Infrastructure;

/// <summary>
/// The runtime's types, resolved once per compilation. Created in a compilation-start action and captured by that
/// compilation's actions only, so nothing is shared across compilations.
/// </summary>
internal sealed class TypedMpiSymbols
{
    /// <summary>Mpi.AnySource.</summary>
    public const int AnySource = -1;

    /// <summary>Mpi.AnyTag.</summary>
    public const int AnyTag = -2;

    /// <summary>Mpi.ProcNull.</summary>
    public const int ProcNull = -3;

    /// <summary>The smallest MPI_TAG_UB the standard allows: a tag up to this works on every library.</summary>
    public const int GuaranteedTagUpperBound = 32767;

    private TypedMpiSymbols(Compilation compilation, INamedTypeSymbol communicator)
    {
        Communicator = communicator;
        Tag = compilation.GetTypeByMetadataName("TypedMpi.Tag`1");
        ValueIndex = compilation.GetTypeByMetadataName("TypedMpi.ValueIndex`1");
        MpiMessageInterface = compilation.GetTypeByMetadataName("TypedMpi.IMpiMessage`1");
        Message = compilation.GetTypeByMetadataName("TypedMpi.Message");
        Status = compilation.GetTypeByMetadataName("TypedMpi.Status");
        BsendBuffer = compilation.GetTypeByMetadataName("TypedMpi.BsendBuffer");
        MpiOp = compilation.GetTypeByMetadataName("TypedMpi.MpiOp");
        Request = compilation.GetTypeByMetadataName("TypedMpi.Request");
        ValueRequest = compilation.GetTypeByMetadataName("TypedMpi.ValueRequest`1");
        PersistentRequest = compilation.GetTypeByMetadataName("TypedMpi.PersistentRequest");
        Half = compilation.GetTypeByMetadataName("System.Half");
        Complex = compilation.GetTypeByMetadataName("System.Numerics.Complex");
    }

    public INamedTypeSymbol Communicator { get; }

    public INamedTypeSymbol? Tag { get; }

    public INamedTypeSymbol? ValueIndex { get; }

    public INamedTypeSymbol? MpiMessageInterface { get; }

    public INamedTypeSymbol? Message { get; }

    public INamedTypeSymbol? Status { get; }

    public INamedTypeSymbol? BsendBuffer { get; }

    public INamedTypeSymbol? MpiOp { get; }

    public INamedTypeSymbol? Request { get; }

    public INamedTypeSymbol? ValueRequest { get; }

    public INamedTypeSymbol? PersistentRequest { get; }

    public INamedTypeSymbol? Half { get; }

    public INamedTypeSymbol? Complex { get; }

    /// <summary>The runtime's symbols, or null when the compilation does not reference TypedMpi (nothing to analyze).</summary>
    public static TypedMpiSymbols? TryCreate(Compilation compilation) =>
        compilation.GetTypeByMetadataName("TypedMpi.Communicator") is { } communicator ? new TypedMpiSymbols(compilation, communicator) : null;

    /// <summary>Whether <paramref name="type"/> is <see cref="Communicator"/> or derives from it (CartesianCommunicator).</summary>
    public bool IsCommunicator(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Communicator))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="method"/> is declared by <see cref="Communicator"/> or a type derived from it.</summary>
    public bool IsCommunicatorMethod(IMethodSymbol method) => IsCommunicator(method.ContainingType);

    /// <summary>
    /// Whether <paramref name="operation"/> reads <c>Rank</c>, <c>Size</c> or another property <paramref name="name"/>
    /// of a communicator.
    /// </summary>
    public bool IsCommunicatorProperty(IOperation? operation, string name) =>
        OperationHelpers.Unwrap(operation) is IPropertyReferenceOperation { Property: { } property }
        && property.Name == name
        && IsCommunicator(property.ContainingType);

    /// <summary>Whether <paramref name="type"/> is <c>Request</c>.</summary>
    public bool IsRequest(ITypeSymbol? type) => Request is not null && SymbolEqualityComparer.Default.Equals(type, Request);

    /// <summary>Whether <paramref name="type"/> is <c>ValueRequest&lt;T&gt;</c> (constructed or not).</summary>
    public bool IsValueRequest(ITypeSymbol? type) =>
        ValueRequest is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueRequest);

    /// <summary>Whether <paramref name="type"/> is <c>Request</c> or <c>ValueRequest&lt;T&gt;</c>.</summary>
    public bool IsAnyRequest(ITypeSymbol? type) => IsRequest(type) || IsValueRequest(type);

    /// <summary>
    /// Whether <paramref name="method"/> starts a nonblocking operation: a communicator method that returns a
    /// <c>Request</c> or <c>ValueRequest&lt;T&gt;</c> (Isend, Irecv, Ibarrier, Iallreduce, …).
    /// </summary>
    public bool IsNonblocking(IMethodSymbol method) => IsAnyRequest(method.ReturnType) && IsCommunicatorMethod(method);

    /// <summary>Whether <paramref name="type"/> is <c>Tag&lt;T&gt;</c> (constructed or not).</summary>
    public bool IsTag(ITypeSymbol? type) =>
        Tag is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Tag);
}
