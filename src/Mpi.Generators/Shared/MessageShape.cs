using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

// What MessageTypeRules finds in an [MpiMessage] struct. Like the rules, this depends only on Roslyn, so the analyzers
// can compile it by link.
namespace TypedMpi.Generators;

/// <summary>The field-wise reductions a message type, field or element supports.</summary>
[Flags]
internal enum Reductions
{
    None = 0,
    Sum = 1,
    Prod = 2,
    Min = 4,
    Max = 8,
    Arithmetic = Sum | Prod,
    Ordering = Min | Max,
    All = Sum | Prod | Min | Max,
}

/// <summary>Why a struct cannot be a message type. <see cref="None"/> when it can.</summary>
internal enum MessageProblem
{
    None,

    /// <summary>
    /// A fixed-size buffer in a compilation that does not allow unsafe code (error CS0227 already). Nothing else needs
    /// <c>AllowUnsafeBlocks</c>: the generated code is safe code.
    /// </summary>
    UnsafeBlocksDisabled,

    /// <summary>
    /// The language version is older than C# 11 (static abstract members, file-local types), or older than C# 12 for a
    /// type with an inline-array field (indexing it).
    /// </summary>
    LanguageVersionTooLow,

    /// <summary>The type is a class, record class or interface.</summary>
    NotAStruct,

    /// <summary>The struct, or a type containing it, is not declared <c>partial</c>.</summary>
    NotPartial,

    /// <summary>A <c>ref struct</c> cannot be an element of an array or a span.</summary>
    RefStruct,

    /// <summary>The struct or a type containing it is generic.</summary>
    Generic,

    /// <summary>A <c>file</c> type cannot have a generated part in another file.</summary>
    FileLocal,

    /// <summary>No module initializer can see the type (for example a private type nested in a private type).</summary>
    NotAccessible,

    /// <summary><c>[InlineArray]</c> on the message type itself.</summary>
    InlineArrayMessage,

    /// <summary>The struct has no instance field.</summary>
    NoFields,

    /// <summary>A field (or field-like event) holds a reference.</summary>
    ReferenceTypeField,

    /// <summary>A field is a pointer or function pointer.</summary>
    PointerField,

    /// <summary>A field's type is a struct that is neither a supported element type, an inline array nor a message type.</summary>
    UnsupportedFieldType,

    /// <summary>A field's type is an <c>[MpiMessage]</c> struct that is itself unsupported.</summary>
    InvalidNestedMessage,

    /// <summary>
    /// State the generated code cannot name: a property with a backing field that is not a plain auto-property (an
    /// explicit interface implementation, or accessors using <c>field</c>), or a captured primary-constructor parameter.
    /// </summary>
    HiddenField,

    /// <summary>Fields of an explicit layout overlap (a union).</summary>
    OverlappingFields,
}

/// <summary>How a message type's fields are laid out.</summary>
internal enum MessageLayoutKind
{
    Sequential,
    Explicit,
    Auto,
}

/// <summary>What one wire element of a field is.</summary>
internal enum ElementKind
{
    /// <summary><see cref="sbyte"/>, <see cref="byte"/>, <see cref="short"/>, <see cref="ushort"/>: arithmetic is done in <see cref="int"/>.</summary>
    SmallInteger,

    /// <summary><see cref="int"/>, <see cref="uint"/>, <see cref="long"/>, <see cref="ulong"/>, <c>nint</c>, <c>nuint</c>.</summary>
    Integer,

    /// <summary><see cref="float"/>, <see cref="double"/>.</summary>
    FloatingPoint,

    Half,
    Complex,

    /// <summary><c>System.Numerics.Vector2/3/4</c>: 2, 3 or 4 <see cref="float"/>s on the wire.</summary>
    Vector,

    Boolean,
    Char,
    Enum,

    /// <summary><c>TypedMpi.ValueIndex&lt;T&gt;</c>, one of MPI's pair types.</summary>
    ValueIndex,

    /// <summary>Another message type: its own derived datatype.</summary>
    Message,
}

/// <summary>How a field holds its elements.</summary>
internal enum FieldContainer
{
    Single,
    FixedBuffer,
    InlineArray,
}

/// <summary>Where a field's value lives and how generated code reaches it.</summary>
internal enum FieldStorage
{
    /// <summary>A field the generated code assigns directly.</summary>
    Field,

    /// <summary>
    /// A readonly field (or any field of a readonly struct), reached through an <c>[UnsafeAccessor]</c>: in a reduction
    /// it is part of an element of MPI's buffer, not a protected variable. (<c>Unsafe.AsRef(in …)</c> would need C# 12.)
    /// </summary>
    ReadOnlyField,

    /// <summary>The compiler-generated backing field of an auto-property.</summary>
    AutoProperty,
}

/// <summary>One wire element type, as classified by <see cref="MessageTypeRules"/>.</summary>
internal sealed class ElementShape(ElementKind kind, ITypeSymbol type, int size, int alignment, Reductions reductions, string mpiName)
{
    public ElementKind Kind { get; } = kind;

    /// <summary>The element's type (for a vector, the vector type; its components are <see cref="float"/>).</summary>
    public ITypeSymbol Type { get; } = type;

    /// <summary>Size in bytes on a 64-bit machine.</summary>
    public int Size { get; } = size;

    public int Alignment { get; } = alignment;

    public Reductions Reductions { get; } = reductions;

    /// <summary>The MPI datatype the runtime uses for it, for the layout explanation.</summary>
    public string MpiName { get; } = mpiName;

    /// <summary>How many MPI elements one element is: 2, 3 or 4 for vectors, 1 otherwise.</summary>
    public int Components => Kind == ElementKind.Vector ? Size / 4 : 1;

    /// <summary>For a nested message type: declared in a referenced assembly rather than in this compilation.</summary>
    public bool IsFromAnotherAssembly { get; init; }
}

/// <summary>One instance field of a message type.</summary>
internal sealed class FieldShape(ISymbol member, IFieldSymbol storageField, FieldStorage storage, FieldContainer container, int length, ElementShape element)
{
    /// <summary>The field, or the auto-property whose backing field this is.</summary>
    public ISymbol Member { get; } = member;

    /// <summary>The field that holds the data (an auto-property's backing field).</summary>
    public IFieldSymbol StorageField { get; } = storageField;

    public FieldStorage Storage { get; } = storage;

    public FieldContainer Container { get; } = container;

    /// <summary>Elements in the fixed buffer or inline array; 1 for a single value.</summary>
    public int Length { get; } = length;

    public ElementShape Element { get; } = element;

    public int Size => Element.Size * Length;

    /// <summary>The <c>[FieldOffset]</c> of an explicit layout, or -1.</summary>
    public int ExplicitOffset { get; init; } = -1;
}

/// <summary>The verdict of <see cref="MessageTypeRules.Analyze"/>: the fields of a supported type, or the problem.</summary>
internal sealed class MessageShape
{
    private MessageShape(MessageProblem problem, ISymbol? culprit)
    {
        Problem = problem;
        Culprit = culprit;
    }

    public MessageProblem Problem { get; }

    /// <summary>The member or type at fault, for the diagnostic's location and message.</summary>
    public ISymbol? Culprit { get; }

    public bool IsSupported => Problem == MessageProblem.None;

    public ImmutableArray<FieldShape> Fields { get; private init; } = [];

    /// <summary>Each field's expected offset on a 64-bit machine (-1 under auto layout), parallel to <see cref="Fields"/>.</summary>
    public ImmutableArray<int> ExpectedOffsets { get; private init; } = [];

    public MessageLayoutKind LayoutKind { get; private init; }

    /// <summary><c>[StructLayout(Pack = n)]</c>, 0 for the default.</summary>
    public int Pack { get; private init; }

    /// <summary>The reductions valid for every field.</summary>
    public Reductions Reductions { get; private init; }

    /// <summary>Expected size on a 64-bit machine.</summary>
    public int Size { get; private init; }

    public int Alignment { get; private init; }

    /// <summary>
    /// Where the module initializer that registers the type lives: null for a file-level class, else the innermost
    /// containing type that can see the (private or protected) message type and is itself visible to the module.
    /// </summary>
    public INamedTypeSymbol? RegistrationHost { get; private init; }

    public static MessageShape Unsupported(MessageProblem problem, ISymbol? culprit) => new(problem, culprit);

    public static MessageShape Supported(
        ImmutableArray<FieldShape> fields, ImmutableArray<int> expectedOffsets, MessageLayoutKind layoutKind, int pack, int size, int alignment, Reductions reductions,
        INamedTypeSymbol? registrationHost) =>
        new(MessageProblem.None, null)
        {
            Fields = fields,
            ExpectedOffsets = expectedOffsets,
            LayoutKind = layoutKind,
            Pack = pack,
            Size = size,
            Alignment = alignment,
            Reductions = reductions,
            RegistrationHost = registrationHost,
        };
}
