namespace TypedMpi.Analyzers;

/// <summary>
/// Every TypedMpi diagnostic id, in one place. Ranges per area: TMPI0001-0099 message types, 0100-0199 tags,
/// 0200-0299 ranks, 0300-0399 call ordering, 0400-0499 requests, 0500-0599 resources.
/// </summary>
/// <remarks>
/// An id is never reused: a retired rule keeps its number. Each id has a page docs/rules/TMPIxxxx.md, and a test fails
/// when one is missing.
/// </remarks>
internal static class RuleIdentifiers
{
    // Message types: [MpiMessage] declarations (0001-0019).

    /// <summary>A message type, or a type containing it, is not partial.</summary>
    public const string MessageTypeMustBePartial = "TMPI0001";

    /// <summary>[MpiMessage] on a class, record class, interface or other non-struct.</summary>
    public const string MessageTypeMustBeStruct = "TMPI0002";

    /// <summary>A message type, or a type containing it, is generic.</summary>
    public const string MessageTypeMustNotBeGeneric = "TMPI0003";

    /// <summary>A ref struct, file-local type, [InlineArray] type or a type no module initializer can see.</summary>
    public const string MessageTypeKindNotSupported = "TMPI0004";

    /// <summary>A message type without instance fields.</summary>
    public const string MessageTypeHasNoFields = "TMPI0005";

    /// <summary>A field (or field-like event) of a message type holds a reference.</summary>
    public const string MessageFieldIsReference = "TMPI0006";

    /// <summary>A field of a message type is a pointer or function pointer.</summary>
    public const string MessageFieldIsPointer = "TMPI0007";

    /// <summary>A field's type is a struct MPI cannot describe.</summary>
    public const string MessageFieldTypeNotSupported = "TMPI0008";

    /// <summary>A field's type is an [MpiMessage] struct that is itself invalid.</summary>
    public const string MessageFieldIsInvalidMessage = "TMPI0009";

    /// <summary>State the generated code cannot name (captured primary-constructor parameter, explicit or `field` property).</summary>
    public const string MessageTypeHasHiddenState = "TMPI0010";

    /// <summary>Fields of an explicit layout overlap.</summary>
    public const string MessageFieldsOverlap = "TMPI0011";

    /// <summary>The project's C# version is too old for the generated code.</summary>
    public const string LanguageVersionTooLow = "TMPI0012";

    // Message types: where they are used (0020-0029).

    /// <summary>A typed operation's element type is neither a supported primitive nor a message type.</summary>
    public const string NotAnElementType = "TMPI0020";

    // Message types: [MpiOperation] methods (0030-0039).

    /// <summary>An [MpiOperation] method does not have the form static T Name(T left, T right).</summary>
    public const string OperationSignature = "TMPI0030";

    /// <summary>An [MpiOperation] method's element type is not an unmanaged struct.</summary>
    public const string OperationElementType = "TMPI0031";

    /// <summary>A type containing an [MpiOperation] method is not partial.</summary>
    public const string OperationContainerMustBePartial = "TMPI0032";

    /// <summary>An [MpiOperation] method in an interface, a generic type or a file-local type.</summary>
    public const string OperationContainerNotSupported = "TMPI0033";

    /// <summary>The members an [MpiOperation] method generates clash with existing ones.</summary>
    public const string OperationNameClash = "TMPI0034";

    // Tags (0100-0199).

    /// <summary>A constant negative tag other than Mpi.AnyTag on a receive.</summary>
    public const string NegativeTag = "TMPI0100";

    /// <summary>Mpi.AnyTag on a send.</summary>
    public const string AnyTagOnSend = "TMPI0101";

    /// <summary>A constant tag above 32767, the smallest MPI_TAG_UB the standard allows.</summary>
    public const string TagAboveGuaranteedBound = "TMPI0102";

    /// <summary>Two Tag&lt;T&gt; declarations with the same value and different message types.</summary>
    public const string TagValueBoundToTwoTypes = "TMPI0103";

    /// <summary>The number of a Tag&lt;T&gt; (its Value) passed to a call that sends or receives another type.</summary>
    public const string TypedTagUsedWithOtherType = "TMPI0104";

    // Ranks (0200-0299).

    /// <summary>A constant negative rank other than Mpi.AnySource (receives) and Mpi.ProcNull (point-to-point).</summary>
    public const string NegativeRank = "TMPI0200";

    /// <summary>Mpi.AnySource as the destination of a send.</summary>
    public const string AnySourceOnSend = "TMPI0201";

    /// <summary>comm.Size as a peer or root: one past the last rank.</summary>
    public const string SizeAsRank = "TMPI0202";

    /// <summary>comm.Rank + 1 or comm.Rank - 1 as a peer, without wrap-around.</summary>
    public const string NeighbourWithoutWrap = "TMPI0203";

    /// <summary>A root argument that depends on the calling rank.</summary>
    public const string RankDependentRoot = "TMPI0204";

    // Call ordering (0300-0399).

    /// <summary>A collective under an if, else, switch, ?: or loop whose condition depends on the rank.</summary>
    public const string CollectiveUnderRankCondition = "TMPI0300";

    /// <summary>A blocking Send to a neighbour directly followed by a Recv from a neighbour.</summary>
    public const string SendBeforeRecvToNeighbours = "TMPI0301";

    // Requests (0400-0499).

    /// <summary>The request a nonblocking call returns is dropped: an expression statement or an assignment to <c>_</c>.</summary>
    public const string RequestDiscarded = "TMPI0400";

    /// <summary>A request in a local is neither completed nor handed on along some path to the end of the method.</summary>
    public const string RequestNotCompletedOnSomePath = "TMPI0401";

    /// <summary>The buffer of a pending nonblocking operation is used (a receive buffer) or written (a send buffer).</summary>
    public const string BufferUsedWhilePending = "TMPI0402";

    /// <summary>The value of a ValueRequest&lt;T&gt; is taken a second time, through the same local or a copy.</summary>
    public const string ValueTakenTwice = "TMPI0403";

    // Resources (0500-0599).

    /// <summary>A communicator from Dup, Split, SplitType, Create or CreateCartesian in a local that is never disposed.</summary>
    public const string CommunicatorNeverDisposed = "TMPI0500";

    /// <summary>A persistent request from SendInit or RecvInit in a local that is never disposed.</summary>
    public const string PersistentRequestNeverDisposed = "TMPI0501";
}
