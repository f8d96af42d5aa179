using Microsoft.CodeAnalysis;

namespace TypedMpi.Analyzers;

/// <summary>The stable categories, one per area; an .editorconfig can set a whole area's severity with them.</summary>
internal static class RuleCategories
{
    public const string MessageTypes = "TypedMpi.MessageTypes";
    public const string Tags = "TypedMpi.Tags";
    public const string Ranks = "TypedMpi.Ranks";
    public const string CallOrdering = "TypedMpi.CallOrdering";
    public const string Requests = "TypedMpi.Requests";
    public const string Resources = "TypedMpi.Resources";
}

/// <summary>
/// Every TypedMpi diagnostic descriptor, in one place. Each links to its page, docs/rules/TMPIxxxx.md.
/// </summary>
/// <remarks>
/// Messages name the type, member, argument or method at fault and say what to do, in one sentence without a final
/// period (RS1032). Where one rule covers several causes, the cause is an argument; the rule's page lists them all.
/// </remarks>
internal static class DiagnosticDescriptors
{
    /// <summary>Where the rule pages live; each rule's help link is this plus <c>TMPIxxxx.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/typedmpi/typedmpi/blob/main/docs/rules/";

    // ---- Message types: [MpiMessage] declarations ----

    /// <summary>{0} message type, {1} "is not partial" or "is nested in 'Outer', which is not partial".</summary>
    public static readonly DiagnosticDescriptor MessageTypeMustBePartial = Create(
        RuleIdentifiers.MessageTypeMustBePartial,
        "A message type and the types containing it must be partial",
        "Message type '{0}' {1}, so the generator cannot add its MPI description",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generator describes an [MpiMessage] struct's layout to MPI in a generated part of the struct, which needs every declaration of the struct and of each type containing it to be partial.");

    /// <summary>{0} type, {1} "a class", "a record class", "an interface", ….</summary>
    public static readonly DiagnosticDescriptor MessageTypeMustBeStruct = Create(
        RuleIdentifiers.MessageTypeMustBeStruct,
        "[MpiMessage] applies only to structs",
        "[MpiMessage] applies only to structs, and '{0}' is {1}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "A message travels as the bytes of a value; a class, record class or interface is a reference to an object on the heap, which MPI cannot send.");

    /// <summary>{0} message type, {1} "is generic" or "is nested in generic type 'Outer&lt;T&gt;'".</summary>
    public static readonly DiagnosticDescriptor MessageTypeMustNotBeGeneric = Create(
        RuleIdentifiers.MessageTypeMustNotBeGeneric,
        "A message type cannot be generic",
        "Message type '{0}' {1}, and MPI needs one fixed layout per message type",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generator registers one MPI datatype per message type; an open generic struct, or one nested in a generic type, has no single layout to register.");

    /// <summary>{0} type, {1} the reason.</summary>
    public static readonly DiagnosticDescriptor MessageTypeKindNotSupported = Create(
        RuleIdentifiers.MessageTypeKindNotSupported,
        "This kind of struct cannot be a message type",
        "'{0}' cannot be a message type: {1}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "A ref struct cannot be an element of an array or span, a file-local type cannot have generated members in another file, an [InlineArray] type is a buffer rather than a message, and a type no module initializer can see cannot be registered.");

    /// <summary>{0} message type.</summary>
    public static readonly DiagnosticDescriptor MessageTypeHasNoFields = Create(
        RuleIdentifiers.MessageTypeHasNoFields,
        "A message type needs at least one instance field",
        "Message type '{0}' has no instance field, so there is nothing to send",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "MPI cannot describe an empty struct; static and const fields are not part of a message.");

    /// <summary>{0} "Field", "Property" or "Event", {1} member, {2} message type, {3} the member's type.</summary>
    public static readonly DiagnosticDescriptor MessageFieldIsReference = Create(
        RuleIdentifiers.MessageFieldIsReference,
        "A message type cannot hold references",
        "{0} '{1}' of message type '{2}' holds a reference of type '{3}', and a message can carry only values",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "Strings, arrays, delegates and other objects live on this process's heap; only their address would travel, and it means nothing in another process.");

    /// <summary>{0} "Field" or "Property", {1} member, {2} message type, {3} the pointer type.</summary>
    public static readonly DiagnosticDescriptor MessageFieldIsPointer = Create(
        RuleIdentifiers.MessageFieldIsPointer,
        "A message type cannot hold pointers",
        "{0} '{1}' of message type '{2}' is a pointer of type '{3}', and an address means nothing in another process",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "A pointer or function pointer is an address in this process; send the data it points to instead.");

    /// <summary>{0} "Field" or "Property", {1} member, {2} message type, {3} the member's type.</summary>
    public static readonly DiagnosticDescriptor MessageFieldTypeNotSupported = Create(
        RuleIdentifiers.MessageFieldTypeNotSupported,
        "A message type's field must have a type MPI can describe",
        "{0} '{1}' of message type '{2}' has type '{3}', which MPI cannot describe",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "Fields may be primitives, enums, bool, char, Half, Complex, Vector2/3/4, ValueIndex<T> of int, float, double, long or short, other [MpiMessage] structs, and fixed-size buffers or [InlineArray] structs of those.");

    /// <summary>{0} "Field" or "Property", {1} member, {2} message type, {3} the nested type.</summary>
    public static readonly DiagnosticDescriptor MessageFieldIsInvalidMessage = Create(
        RuleIdentifiers.MessageFieldIsInvalidMessage,
        "A nested message type must itself be valid",
        "{0} '{1}' of message type '{2}' has type '{3}', which is not a valid message type",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "A field of an [MpiMessage] type is described by that type's own datatype; fix the nested type first (its own diagnostic says how), or, for a type from another assembly, build that assembly with the TypedMpi generator.");

    /// <summary>{0} message type, {1} what the hidden state is.</summary>
    public static readonly DiagnosticDescriptor MessageTypeHasHiddenState = Create(
        RuleIdentifiers.MessageTypeHasHiddenState,
        "A message type cannot keep state the generated code cannot reach",
        "Message type '{0}' keeps state the generated code cannot reach: {1}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generated code names every stored field; a captured primary-constructor parameter, an explicitly implemented auto-property or a property whose accessors use 'field' is stored in a compiler-generated field it cannot name reliably.");

    /// <summary>{0} message type, {1} the overlapping member.</summary>
    public static readonly DiagnosticDescriptor MessageFieldsOverlap = Create(
        RuleIdentifiers.MessageFieldsOverlap,
        "The fields of a message type cannot overlap",
        "Field '{1}' of message type '{0}' overlaps another field, and MPI cannot describe a union",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "An explicit layout whose fields share bytes is a union: which field is live is known only at run time, so no datatype describes it.");

    /// <summary>{0} message type or operation method, {1} the version needed, {2} the project's version.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        RuleIdentifiers.LanguageVersionTooLow,
        "TypedMpi's generated code needs a newer C# version",
        "'{0}' needs C# {1} or newer for its generated code, and the project uses C# {2}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generated code implements static abstract interface members and uses file-local types (C# 11); indexing an inline-array field needs C# 12.");

    // ---- Message types: where they are used ----

    /// <summary>{0} the type argument, {1} the method.</summary>
    public static readonly DiagnosticDescriptor NotAnElementType = Create(
        RuleIdentifiers.NotAnElementType,
        "A typed operation needs an MPI element type",
        "'{0}' is not an MPI element type, so '{1}' cannot send or receive it",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "Typed operations take primitives (sbyte to ulong, nint, nuint, float, double, bool, char), enums, Half, Complex, ValueIndex<T> of int, float, double, long or short, and [MpiMessage] structs; any other struct fails at run time. Mark the struct [MpiMessage] and partial.");

    // ---- Message types: [MpiOperation] methods ----

    /// <summary>{0} method, {1} what is wrong with its shape.</summary>
    public static readonly DiagnosticDescriptor OperationSignature = Create(
        RuleIdentifiers.OperationSignature,
        "An [MpiOperation] method must have the form static T Name(T left, T right)",
        "[MpiOperation] method '{0}' {1}, and an operation has the form 'static T Name(T left, T right)'",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "An operation is an ordinary static, non-generic method of two parameters of one type, each by value, in or ref readonly, returning that type by value.");

    /// <summary>{0} method, {1} the element type.</summary>
    public static readonly DiagnosticDescriptor OperationElementType = Create(
        RuleIdentifiers.OperationElementType,
        "An [MpiOperation] method must combine an unmanaged struct",
        "[MpiOperation] method '{0}' combines '{1}', which is not an unmanaged struct",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "MPI applies the operation to elements in its own buffers, so the element type must be a primitive, an enum or a struct of those.");

    /// <summary>{0} method, {1} the containing type that is not partial.</summary>
    public static readonly DiagnosticDescriptor OperationContainerMustBePartial = Create(
        RuleIdentifiers.OperationContainerMustBePartial,
        "A type containing an [MpiOperation] method must be partial",
        "[MpiOperation] method '{0}' is in '{1}', which is not partial, so the generator cannot add its operation",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generator adds the operation's MpiOp property and implementation struct to the type declaring the method, which needs that type and every type containing it to be partial.");

    /// <summary>{0} method, {1} the containing type, {2} "an interface", "generic" or "file-local".</summary>
    public static readonly DiagnosticDescriptor OperationContainerNotSupported = Create(
        RuleIdentifiers.OperationContainerNotSupported,
        "An [MpiOperation] method must be in a non-generic class or struct",
        "[MpiOperation] method '{0}' cannot get an operation, because '{1}' is {2}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "The generated members go into the class or struct declaring the method; an interface cannot hold them, a generic type has no single operation, and a file-local type cannot be extended from another file.");

    /// <summary>{0} method, {1} generated member name, {2} what already has the name.</summary>
    public static readonly DiagnosticDescriptor OperationNameClash = Create(
        RuleIdentifiers.OperationNameClash,
        "The members an [MpiOperation] method generates must have free names",
        "[MpiOperation] method '{0}' would generate a member named '{1}', which {2}",
        RuleCategories.MessageTypes,
        DiagnosticSeverity.Error,
        "An operation method Name generates a property NameOp and a nested struct NameOperation; another member with either name, the type's own name, or an [MpiOperation] overload of the same name would clash.");

    // ---- Tags ----

    /// <summary>{0} the tag, {1} the method or type, {2} advice ("" or "; receive any tag with Mpi.AnyTag").</summary>
    public static readonly DiagnosticDescriptor NegativeTag = Create(
        RuleIdentifiers.NegativeTag,
        "A tag cannot be negative",
        "Tag {0} passed to '{1}' is negative, and tags go from 0 to the tag upper bound{2}",
        RuleCategories.Tags,
        DiagnosticSeverity.Warning,
        "MPI tags are 0 or more; the only negative value allowed is Mpi.AnyTag, on a receive or probe. The call fails at run time.");

    /// <summary>{0} the method.</summary>
    public static readonly DiagnosticDescriptor AnyTagOnSend = Create(
        RuleIdentifiers.AnyTagOnSend,
        "A send cannot use Mpi.AnyTag",
        "'{0}' sends with Mpi.AnyTag, which only a receive can use, so give the message a tag",
        RuleCategories.Tags,
        DiagnosticSeverity.Warning,
        "Mpi.AnyTag is a wildcard that matches any incoming tag; a message must carry one real tag. The call fails at run time.");

    /// <summary>{0} the tag, {1} the method or type.</summary>
    public static readonly DiagnosticDescriptor TagAboveGuaranteedBound = Create(
        RuleIdentifiers.TagAboveGuaranteedBound,
        "A tag above 32767 is not portable",
        "Tag {0} passed to '{1}' is above 32767, the largest tag every MPI library must accept",
        RuleCategories.Tags,
        DiagnosticSeverity.Warning,
        "The MPI standard guarantees MPI_TAG_UB (Communicator.TagUpperBound) is at least 32767; some libraries accept more, others fail at run time.");

    /// <summary>{0} the value, {1} this declaration, {2} its tag type, {3} the other declaration, {4} its tag type.</summary>
    public static readonly DiagnosticDescriptor TagValueBoundToTwoTypes = Create(
        RuleIdentifiers.TagValueBoundToTwoTypes,
        "One tag value should be bound to one message type",
        "Tag value {0} of '{1}' ({2}) is also the value of '{3}' ({4}), so a receive with one can match a send with the other",
        RuleCategories.Tags,
        DiagnosticSeverity.Warning,
        "MPI matches messages by tag number, not by type: two Tag<T> with the same value and different T let a receive take the other type's message, and the data is reinterpreted or the count does not fit.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>{0} the tag expression, {1} its type T, {2} the method, {3} "sends" or "receives", {4} the element type, {5} "send" or "receive".</summary>
    public static readonly DiagnosticDescriptor TypedTagUsedWithOtherType = Create(
        RuleIdentifiers.TypedTagUsedWithOtherType,
        "A tag bound to one type cannot carry another",
        "'{0}' is bound to {1}, but '{2}' {3} {4} with its number, so the other side of this tag reads the bytes as the wrong type; use a Tag<{4}>, or {5} a {1} with the typed overload",
        RuleCategories.Tags,
        DiagnosticSeverity.Error,
        "A Tag<T> promises that everything sent under its number is a T: the receive with the same tag returns a T. Passing its Value to a call of another element type breaks that promise where the compiler cannot see it.");

    // ---- Ranks ----

    /// <summary>{0} the value, {1} the parameter, {2} the method, {3} what is allowed.</summary>
    public static readonly DiagnosticDescriptor NegativeRank = Create(
        RuleIdentifiers.NegativeRank,
        "A rank cannot be negative",
        "Rank {0} passed as '{1}' to '{2}' is not a rank, and {3}",
        RuleCategories.Ranks,
        DiagnosticSeverity.Warning,
        "Ranks go from 0 to Size - 1; a destination or source may also be Mpi.ProcNull, and a source Mpi.AnySource. Any other negative value fails at run time.");

    /// <summary>{0} the method.</summary>
    public static readonly DiagnosticDescriptor AnySourceOnSend = Create(
        RuleIdentifiers.AnySourceOnSend,
        "A send cannot go to Mpi.AnySource",
        "'{0}' sends to Mpi.AnySource, which only a receive can use, so give a destination rank",
        RuleCategories.Ranks,
        DiagnosticSeverity.Warning,
        "Mpi.AnySource is a wildcard that matches a message from any rank; a message goes to one rank. The call fails at run time.");

    /// <summary>{0} the argument, {1} the parameter, {2} the method.</summary>
    public static readonly DiagnosticDescriptor SizeAsRank = Create(
        RuleIdentifiers.SizeAsRank,
        "Size is not a rank",
        "'{0}' passed as '{1}' to '{2}' is one past the last rank, and ranks go from 0 to Size - 1",
        RuleCategories.Ranks,
        DiagnosticSeverity.Warning,
        "The ranks of a communicator of Size processes are 0 to Size - 1; the last rank is Size - 1.");

    /// <summary>{0} the argument, {1} the parameter, {2} the method, {3} "last" or "first", {4} the wrapped form.</summary>
    public static readonly DiagnosticDescriptor NeighbourWithoutWrap = Create(
        RuleIdentifiers.NeighbourWithoutWrap,
        "A neighbour rank must wrap around",
        "'{0}' passed as '{1}' to '{2}' is not a rank on the {3} rank, so use '{4}', which wraps around",
        RuleCategories.Ranks,
        DiagnosticSeverity.Warning,
        "Rank + 1 is Size on the last rank and Rank - 1 is -1 on the first; Next and Previous are (Rank + 1) % Size and (Rank - 1 + Size) % Size. A call under a condition that tests the rank against a constant or Size is taken to be a deliberate chain and is not reported.");

    /// <summary>{0} the method, {1} the argument.</summary>
    public static readonly DiagnosticDescriptor RankDependentRoot = Create(
        RuleIdentifiers.RankDependentRoot,
        "Every rank must pass the same root",
        "The root passed to '{0}' depends on the calling rank ('{1}'), and every rank must pass the same root",
        RuleCategories.Ranks,
        DiagnosticSeverity.Warning,
        "A collective's root must be the same on every rank; a root computed from the rank differs between ranks, and the collective mismatches or hangs.");

    // ---- Call ordering ----

    /// <summary>{0} the collective, {1} the rank-dependent condition it runs under.</summary>
    public static readonly DiagnosticDescriptor CollectiveUnderRankCondition = Create(
        RuleIdentifiers.CollectiveUnderRankCondition,
        "Every rank must call a collective",
        "'{0}' is called only when '{1}' holds, and a collective must be called by every rank of the communicator",
        RuleCategories.CallOrdering,
        DiagnosticSeverity.Warning,
        "A collective (Barrier, Bcast, Reduce, Allreduce, Gather, Split, Dup, …) completes only when every rank of the communicator calls it. Called under an if, else, switch, ?: or loop whose condition reads the rank, it is called by some ranks only, and the program hangs or mismatches collectives.");

    /// <summary>No arguments: the message names the two calls.</summary>
    public static readonly DiagnosticDescriptor SendBeforeRecvToNeighbours = Create(
        RuleIdentifiers.SendBeforeRecvToNeighbours,
        "Neighbours must not all send before they receive",
        "Every rank calls 'Send' before 'Recv', which deadlocks when the message is too large to be buffered; use SendRecv",
        RuleCategories.CallOrdering,
        DiagnosticSeverity.Warning,
        "A blocking Send returns once the message is buffered or received. When every rank sends to a neighbour and only then receives, each Send waits for a Recv that is never reached as soon as the message exceeds the library's eager limit. SendRecv sends and receives at once. Calls under a rank-dependent condition are not reported.");

    // ---- Requests ----

    /// <summary>{0} the method, {1} what else is lost: "", " and its value is lost" or " and its buffers stay pinned until MPI is finalized".</summary>
    public static readonly DiagnosticDescriptor RequestDiscarded = Create(
        RuleIdentifiers.RequestDiscarded,
        "The request a nonblocking call returns must not be discarded",
        "The request returned by '{0}' is discarded, so the operation is never completed{1}; call Wait() on it, or keep it and complete it later",
        RuleCategories.Requests,
        DiagnosticSeverity.Warning,
        "A nonblocking call starts an operation and returns the request that completes it (MPI_Wait, MPI_Test). Without the request nothing can complete the operation: its buffers stay pinned and must not be touched, a ValueRequest's value is lost, and TypedMpi reports the request as leaked when MPI is finalized.");

    /// <summary>{0} the method that started the request, {1} the local, {2} where the path ends ("before the method returns", "before 'r' is assigned again").</summary>
    public static readonly DiagnosticDescriptor RequestNotCompletedOnSomePath = Create(
        RuleIdentifiers.RequestNotCompletedOnSomePath,
        "A request must be completed on every path",
        "The request from '{0}' in '{1}' is not completed on some path {2}; complete it on every path (Wait, a Test loop, Request.WaitAll) or hand it on",
        RuleCategories.Requests,
        DiagnosticSeverity.Warning,
        "Every nonblocking operation must be completed with Wait, Test or a set function such as Request.WaitAll. A request that some path forgets (an early return, a branch without Wait, a loop that overwrites it) leaves the operation pending: its buffer stays pinned, a receive's data may never be looked at, and the request is reported as leaked when MPI is finalized. A request returned, stored, passed to a method or captured by a lambda is taken to be completed there.");

    /// <summary>{0} the buffer, {1} "read", "written" or "used", {2} the method, {3} "into" or "of", {4} "writing" or "reading", {5} what holds the request.</summary>
    public static readonly DiagnosticDescriptor BufferUsedWhilePending = Create(
        RuleIdentifiers.BufferUsedWhilePending,
        "A buffer must not be used while a nonblocking operation on it is pending",
        "'{0}' is {1} while the '{2}' {3} it is pending, and MPI may still be {4} it; complete '{5}' first",
        RuleCategories.Requests,
        DiagnosticSeverity.Warning,
        "Until a nonblocking operation completes, MPI owns its buffers: it may write a receive buffer at any moment, so reading it gives partial data and writing it is overwritten, and it may still be reading a send buffer, so writing it sends a mix of old and new data (reading a send buffer is allowed since MPI-3). Complete the request (Wait, Test, Request.WaitAll) before touching the buffer.");

    /// <summary>{0} the local, {1} "" or " on 'a', which holds the same request", {2} "Wait" or "Test".</summary>
    public static readonly DiagnosticDescriptor ValueTakenTwice = Create(
        RuleIdentifiers.ValueTakenTwice,
        "The value of a ValueRequest can be taken only once",
        "The value of '{0}' was already taken by an earlier Wait{1}, so '{2}' throws InvalidOperationException; use the value the first Wait returned",
        RuleCategories.Requests,
        DiagnosticSeverity.Error,
        "A ValueRequest<T> (Irecv<T>(source, tag), Iallreduce(value, op)) holds its received value until Wait or a successful Test takes it, then returns its storage to the pool. Copies of a ValueRequest refer to the same operation, so after one Wait has taken the value, a Wait or Test through the same local or any copy of it finds nothing to return and throws InvalidOperationException.");

    // ---- Resources ----

    /// <summary>{0} the method that created the communicator, {1} the local.</summary>
    public static readonly DiagnosticDescriptor CommunicatorNeverDisposed = Create(
        RuleIdentifiers.CommunicatorNeverDisposed,
        "A communicator the program creates should be disposed",
        "The communicator from '{0}' in '{1}' is never disposed; dispose it (a using declaration) to free it with MPI_Comm_free",
        RuleCategories.Resources,
        DiagnosticSeverity.Info,
        "Dup, Split, SplitType, Create and CreateCartesian create a communicator that the program owns; until it is disposed (MPI_Comm_free) it holds a context id, and MPI libraries have a few thousand of them.");

    /// <summary>{0} the method that created the request, {1} the local.</summary>
    public static readonly DiagnosticDescriptor PersistentRequestNeverDisposed = Create(
        RuleIdentifiers.PersistentRequestNeverDisposed,
        "A persistent request should be disposed",
        "The persistent request from '{0}' in '{1}' is never disposed; dispose it (a using declaration) to unpin its buffer and free it with MPI_Request_free",
        RuleCategories.Resources,
        DiagnosticSeverity.Info,
        "SendInit and RecvInit pin their buffer for the life of the request; until it is disposed the buffer cannot move or be collected, and MPI keeps the request.");

    private static DiagnosticDescriptor Create(
        string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description, params string[] customTags) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", customTags);
}
