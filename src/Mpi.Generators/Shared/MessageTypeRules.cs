using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// This file and MessageShape.cs decide what an [MpiMessage] struct may contain. They depend only on Roslyn, so that the
// generator (which emits nothing for an unsupported type) and the analyzers (which say why) can compile them by link.
namespace TypedMpi.Generators;

/// <summary>
/// The rules for <c>[MpiMessage]</c> structs: a partial, non-generic struct whose instance fields are all primitives,
/// enums, <see cref="bool"/>, <see cref="char"/>, <c>Half</c>, <c>Complex</c>, <c>Vector2/3/4</c>,
/// <c>ValueIndex&lt;T&gt;</c>, other message types, fixed-size buffers or inline arrays of those.
/// </summary>
/// <remarks>
/// <para>Decisions worth knowing:</para>
/// <list type="bullet">
/// <item>Every instance field is part of the message, whatever its accessibility: the generated code is inside the
/// struct. Static and const fields are not.</item>
/// <item>Auto-properties (including a record struct's positional parameters) are supported: the generated code reaches
/// their backing fields through <c>[UnsafeAccessor(UnsafeAccessorKind.Field, Name = "&lt;X&gt;k__BackingField")]</c>,
/// which works for readonly and init-only ones and under trimming and AOT. Properties whose backing field C# code
/// could observe differently (<c>field</c> in an accessor, explicit interface implementations) and captured
/// primary-constructor parameters are hidden state and make the type unsupported.</item>
/// <item>Readonly fields (and readonly structs) are fine: the generated code writes them through
/// <c>[UnsafeAccessor(UnsafeAccessorKind.Field)]</c> too, since during a reduction they are elements of MPI's buffers.</item>
/// <item>The generated code compiles as C# 11, except that indexing an inline array needs C# 12: an inline-array field
/// under C# 11 is <see cref="MessageProblem.LanguageVersionTooLow"/>.</item>
/// <item>A nested message type is combined by calling its generated <c>CombineSum</c> (and so on) methods, which are
/// public so that this works across assemblies too. For a message type from another assembly, the reductions are
/// exactly those whose combine method is there and accessible; one built by an older generator (internal methods) or
/// implemented by hand has none.</item>
/// <item>The generated code is safe code: it needs <c>AllowUnsafeBlocks</c> only for a fixed-size buffer, which the
/// struct itself cannot declare without it.</item>
/// <item>Offsets are measured at run time; the offsets computed here only explain the layout in the generated
/// documentation and detect overlapping explicit fields.</item>
/// </list>
/// </remarks>
internal static class MessageTypeRules
{
    public const string AttributeMetadataName = "TypedMpi.MpiMessageAttribute";

    // Deeper nesting than this is treated as a cycle (a struct cannot contain itself, but a broken compilation may say so).
    private const int MaxNestingDepth = 32;

    /// <summary>
    /// Checks the compilation-wide requirement: C# 11 or newer (static abstract interface members, <c>file</c> types).
    /// Unsafe code is not one: only a fixed-size buffer needs it (see <see cref="MessageProblem.UnsafeBlocksDisabled"/>).
    /// </summary>
    public static MessageProblem CheckCompilation(Compilation compilation) => compilation switch
    {
        CSharpCompilation { LanguageVersion: < LanguageVersion.CSharp11 } => MessageProblem.LanguageVersionTooLow,
        _ => MessageProblem.None,
    };

    /// <summary>Analyzes <paramref name="type"/> as a message type declared in <paramref name="compilation"/>.</summary>
    public static MessageShape Analyze(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
        Analyze(type, new Context(compilation, cancellationToken), depth: 0);

    /// <summary>What one analysis carries: nested message types met more than once are analyzed once.</summary>
    private sealed class Context(Compilation compilation, CancellationToken cancellationToken)
    {
        public Compilation Compilation { get; } = compilation;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Dictionary<INamedTypeSymbol, MessageShape> NestedMessages { get; } = new(SymbolEqualityComparer.Default);
    }

    private static MessageShape Analyze(INamedTypeSymbol type, Context context, int depth)
    {
        var compilation = context.Compilation;
        var cancellationToken = context.CancellationToken;
        if (type.TypeKind != TypeKind.Struct)
        {
            return MessageShape.Unsupported(MessageProblem.NotAStruct, type);
        }

        if (type.IsRefLikeType)
        {
            return MessageShape.Unsupported(MessageProblem.RefStruct, type);
        }

        if (type.IsFileLocal)
        {
            return MessageShape.Unsupported(MessageProblem.FileLocal, type);
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return MessageShape.Unsupported(MessageProblem.Generic, current);
            }

            if (!IsPartial(current, cancellationToken))
            {
                return MessageShape.Unsupported(MessageProblem.NotPartial, current);
            }
        }

        if (HasAttribute(type, "System.Runtime.CompilerServices", "InlineArrayAttribute"))
        {
            return MessageShape.Unsupported(MessageProblem.InlineArrayMessage, type);
        }

        var registrationHost = default(INamedTypeSymbol);
        if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            registrationHost = FindRegistrationHost(type, compilation);
            if (registrationHost is null)
            {
                return MessageShape.Unsupported(MessageProblem.NotAccessible, type);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        var (layoutKind, pack, explicitSize) = ReadStructLayout(type);
        var fields = ImmutableArray.CreateBuilder<FieldShape>();
        var reductions = Reductions.All;
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic)
            {
                continue;
            }

            if (member is IEventSymbol @event && IsFieldLikeEvent(@event))
            {
                // A field-like event stores its delegate in a hidden field.
                return MessageShape.Unsupported(MessageProblem.ReferenceTypeField, member);
            }

            if (member is not IFieldSymbol { IsConst: false } field)
            {
                continue;
            }

            var (fieldShape, problem, culprit) = AnalyzeField(type, field, context, depth);
            if (fieldShape is null)
            {
                return MessageShape.Unsupported(problem, culprit);
            }

            fields.Add(fieldShape);
            reductions &= fieldShape.Element.Reductions;
        }

        if (fields.Count == 0)
        {
            return MessageShape.Unsupported(MessageProblem.NoFields, type);
        }

        var (offsets, size, alignment) = LayOut(fields, layoutKind, pack, explicitSize);
        if (layoutKind == MessageLayoutKind.Explicit && FindOverlap(fields, offsets) is { } overlapping)
        {
            return MessageShape.Unsupported(MessageProblem.OverlappingFields, overlapping.Member);
        }

        return MessageShape.Supported(fields.ToImmutable(), [.. offsets], layoutKind, pack, size, alignment, reductions, registrationHost);
    }

    private static (FieldShape? Field, MessageProblem Problem, ISymbol? Culprit) AnalyzeField(
        INamedTypeSymbol owner, IFieldSymbol field, Context context, int depth)
    {
        ISymbol member = field;
        var storage = field.IsReadOnly || owner.IsReadOnly ? FieldStorage.ReadOnlyField : FieldStorage.Field;
        if (field.IsImplicitlyDeclared)
        {
            // Compiler-generated storage: fine for a plain auto-property (reached through an UnsafeAccessor),
            // anything else (a captured primary-constructor parameter, a property using `field`) has no usable name.
            if (field.AssociatedSymbol is not IPropertySymbol property || !IsPlainAutoProperty(property, context.CancellationToken))
            {
                return (null, MessageProblem.HiddenField, field.AssociatedSymbol ?? field);
            }

            member = property;
            storage = FieldStorage.AutoProperty;
        }

        var explicitOffset = ReadFieldOffset(field);
        if (field.IsFixedSizeBuffer)
        {
            if (context.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: false })
            {
                // The declaration is already error CS0227; code reading the buffer would only add more.
                return (null, MessageProblem.UnsafeBlocksDisabled, member);
            }

            var elementType = ((IPointerTypeSymbol)field.Type).PointedAtType;
            var fixedElement = ClassifyElement(elementType, context, depth);
            return fixedElement.Element is { } fixedShape
                ? (new FieldShape(member, field, storage, FieldContainer.FixedBuffer, field.FixedSize, fixedShape) { ExplicitOffset = explicitOffset }, MessageProblem.None, null)
                : (null, fixedElement.Problem, member);
        }

        if (field.Type is INamedTypeSymbol { TypeKind: TypeKind.Struct } inlineArray && ReadInlineArrayLength(inlineArray) is var length and > 0)
        {
            if (context.Compilation is CSharpCompilation { LanguageVersion: < LanguageVersion.CSharp12 })
            {
                // C# 11 can declare the field but not index it, as the generated code does.
                return (null, MessageProblem.LanguageVersionTooLow, member);
            }

            // An inline array: its one instance field is the element, repeated `length` times.
            var elementField = SingleInstanceField(inlineArray);
            if (elementField is null || elementField.IsFixedSizeBuffer)
            {
                return (null, MessageProblem.UnsupportedFieldType, member);
            }

            var arrayElement = ClassifyElement(elementField.Type, context, depth);
            return arrayElement.Element is { } arrayShape
                ? (new FieldShape(member, field, storage, FieldContainer.InlineArray, length, arrayShape) { ExplicitOffset = explicitOffset }, MessageProblem.None, null)
                : (null, arrayElement.Problem, member);
        }

        var single = ClassifyElement(field.Type, context, depth);
        return single.Element is { } singleShape
            ? (new FieldShape(member, field, storage, FieldContainer.Single, 1, singleShape) { ExplicitOffset = explicitOffset }, MessageProblem.None, null)
            : (null, single.Problem, member);
    }

    /// <summary>Classifies one element type, or says why it cannot be one.</summary>
    private static (ElementShape? Element, MessageProblem Problem) ClassifyElement(ITypeSymbol type, Context context, int depth)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte: return (new(ElementKind.SmallInteger, type, 1, 1, Reductions.All, "MPI_INT8_T"), default);
            case SpecialType.System_Byte: return (new(ElementKind.SmallInteger, type, 1, 1, Reductions.All, "MPI_UINT8_T"), default);
            case SpecialType.System_Int16: return (new(ElementKind.SmallInteger, type, 2, 2, Reductions.All, "MPI_INT16_T"), default);
            case SpecialType.System_UInt16: return (new(ElementKind.SmallInteger, type, 2, 2, Reductions.All, "MPI_UINT16_T"), default);
            case SpecialType.System_Int32: return (new(ElementKind.Integer, type, 4, 4, Reductions.All, "MPI_INT32_T"), default);
            case SpecialType.System_UInt32: return (new(ElementKind.Integer, type, 4, 4, Reductions.All, "MPI_UINT32_T"), default);
            case SpecialType.System_Int64: return (new(ElementKind.Integer, type, 8, 8, Reductions.All, "MPI_INT64_T"), default);
            case SpecialType.System_UInt64: return (new(ElementKind.Integer, type, 8, 8, Reductions.All, "MPI_UINT64_T"), default);
            case SpecialType.System_IntPtr: return (new(ElementKind.Integer, type, 8, 8, Reductions.All, "MPI_INT64_T"), default);
            case SpecialType.System_UIntPtr: return (new(ElementKind.Integer, type, 8, 8, Reductions.All, "MPI_UINT64_T"), default);
            case SpecialType.System_Single: return (new(ElementKind.FloatingPoint, type, 4, 4, Reductions.All, "MPI_FLOAT"), default);
            case SpecialType.System_Double: return (new(ElementKind.FloatingPoint, type, 8, 8, Reductions.All, "MPI_DOUBLE"), default);
            case SpecialType.System_Boolean: return (new(ElementKind.Boolean, type, 1, 1, Reductions.None, "MPI_C_BOOL"), default);
            case SpecialType.System_Char: return (new(ElementKind.Char, type, 2, 2, Reductions.None, "MPI_UINT16_T"), default);
        }

        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
        {
            return (null, MessageProblem.PointerField);
        }

        if (type.IsReferenceType || type.TypeKind is TypeKind.TypeParameter or TypeKind.Error || type is not INamedTypeSymbol named)
        {
            return (null, type.IsReferenceType ? MessageProblem.ReferenceTypeField : MessageProblem.UnsupportedFieldType);
        }

        if (named.TypeKind == TypeKind.Enum && named.EnumUnderlyingType is { } underlying)
        {
            // An enum travels as its underlying integer but has no arithmetic.
            var (integer, _) = ClassifyElement(underlying, context, depth);
            return integer is null
                ? (null, MessageProblem.UnsupportedFieldType)
                : (new(ElementKind.Enum, type, integer.Size, integer.Alignment, Reductions.None, integer.MpiName), default);
        }

        if (IsNamed(named, "System", "Half"))
        {
            return (new(ElementKind.Half, type, 2, 2, Reductions.All, "MPI_UINT16_T"), default);
        }

        if (IsNamed(named, "System.Numerics", "Complex"))
        {
            return (new(ElementKind.Complex, type, 16, 8, Reductions.Arithmetic, "MPI_C_DOUBLE_COMPLEX"), default);
        }

        if (IsNamed(named, "System.Numerics", "Vector2") || IsNamed(named, "System.Numerics", "Vector3") || IsNamed(named, "System.Numerics", "Vector4"))
        {
            var components = named.Name[named.Name.Length - 1] - '0';
            return (new(ElementKind.Vector, type, 4 * components, 4, Reductions.All, "MPI_FLOAT"), default);
        }

        if (IsNamed(named.OriginalDefinition, "TypedMpi", "ValueIndex") && named.TypeArguments.Length == 1)
        {
            // MPI's pair types for MinLoc/MaxLoc: (value, int), laid out sequentially.
            var (mpiName, valueSize) = named.TypeArguments[0].SpecialType switch
            {
                SpecialType.System_Int32 => ("MPI_2INT", 4),
                SpecialType.System_Single => ("MPI_FLOAT_INT", 4),
                SpecialType.System_Double => ("MPI_DOUBLE_INT", 8),
                SpecialType.System_Int64 => ("MPI_LONG_INT", 8),
                SpecialType.System_Int16 => ("MPI_SHORT_INT", 2),
                _ => (null, 0),
            };
            if (mpiName is null)
            {
                return (null, MessageProblem.UnsupportedFieldType);
            }

            var alignment = Math.Max(valueSize, 4);
            return (new(ElementKind.ValueIndex, type, Align(Align(valueSize, 4) + 4, alignment), alignment, Reductions.None, mpiName), default);
        }

        if (named.TypeKind == TypeKind.Struct && HasAttribute(named, "TypedMpi", "MpiMessageAttribute"))
        {
            return ClassifyNestedMessage(named, context, depth);
        }

        return (null, MessageProblem.UnsupportedFieldType);
    }

    private static (ElementShape? Element, MessageProblem Problem) ClassifyNestedMessage(INamedTypeSymbol type, Context context, int depth)
    {
        var mpiName = type.Name + " (derived)";
        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, context.Compilation.Assembly))
        {
            // Declared here: valid only if it is itself a valid message type; its reductions come from its own fields.
            if (depth >= MaxNestingDepth)
            {
                return (null, MessageProblem.InvalidNestedMessage);
            }

            if (!context.NestedMessages.TryGetValue(type, out var nested))
            {
                nested = Analyze(type, context, depth + 1);
                context.NestedMessages[type] = nested;
            }

            return nested.IsSupported
                ? (new(ElementKind.Message, type, nested.Size, nested.Alignment, nested.Reductions, mpiName), default)
                : (null, MessageProblem.InvalidNestedMessage);
        }

        // From a referenced assembly: it is a message type if its generator implemented the interface, and it has the
        // reductions whose public combine methods its generator emitted.
        foreach (var @interface in type.AllInterfaces)
        {
            if (IsNamed(@interface.OriginalDefinition, "TypedMpi", "IMpiMessage")
                && @interface.TypeArguments.Length == 1
                && SymbolEqualityComparer.Default.Equals(@interface.TypeArguments[0], type))
            {
                var (size, alignment) = EstimateReferencedStruct(type, depth);
                return (new(ElementKind.Message, type, size, alignment, ReferencedReductions(type, context.Compilation), mpiName) { IsFromAnotherAssembly = true }, default);
            }
        }

        return (null, MessageProblem.InvalidNestedMessage);
    }

    /// <summary>
    /// The reductions of a message type from another assembly: those for which it has a static
    /// <c>void CombineX(ref T target, in T source)</c> that <paramref name="compilation"/> can call. The generator
    /// emits one exactly for each supported reduction, so this reads the type's <c>SupportedReductions</c> from its
    /// metadata, and rules out what could not be called (an older generator's internal methods).
    /// </summary>
    private static Reductions ReferencedReductions(INamedTypeSymbol type, Compilation compilation)
    {
        var reductions = Reductions.None;
        foreach (var reduction in new[] { Reductions.Sum, Reductions.Prod, Reductions.Min, Reductions.Max })
        {
            foreach (var member in type.GetMembers("Combine" + reduction))
            {
                if (member is IMethodSymbol { IsStatic: true, ReturnsVoid: true, IsGenericMethod: false, Parameters: { Length: 2 } parameters } method
                    && parameters[0] is { RefKind: RefKind.Ref } target
                    && parameters[1] is { RefKind: RefKind.In } source
                    && SymbolEqualityComparer.Default.Equals(target.Type, type)
                    && SymbolEqualityComparer.Default.Equals(source.Type, type)
                    && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
                {
                    reductions |= reduction;
                    break;
                }
            }
        }

        return reductions;
    }

    /// <summary>Size and alignment of a message type from another assembly, from its fields as sequential layout.</summary>
    private static (int Size, int Alignment) EstimateReferencedStruct(INamedTypeSymbol type, int depth)
    {
        int offset = 0, alignment = 1;
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }

            var (size, align) = field.Type switch
            {
                { SpecialType: SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte } => (1, 1),
                { SpecialType: SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char } => (2, 2),
                { SpecialType: SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single } => (4, 4),
                INamedTypeSymbol { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } nested when depth < MaxNestingDepth => EstimateReferencedStruct(nested, depth + 1),
                _ => (8, 8),
            };
            offset = Align(offset, align) + size;
            alignment = Math.Max(alignment, align);
        }

        return (Math.Max(Align(offset, alignment), 1), alignment);
    }

    /// <summary>
    /// The offsets the runtime is expected to give the fields on a 64-bit machine: sequential layout aligns each field
    /// to its natural alignment (capped by <c>Pack</c>); explicit layout uses the <c>[FieldOffset]</c>s; auto layout is
    /// unknown (-1).
    /// </summary>
    private static (int[] Offsets, int Size, int Alignment) LayOut(IReadOnlyList<FieldShape> fields, MessageLayoutKind layoutKind, int pack, int explicitSize)
    {
        var offsets = new int[fields.Count];
        int end = 0, alignment = 1;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var fieldAlignment = pack > 0 ? Math.Min(field.Element.Alignment, pack) : field.Element.Alignment;
            alignment = Math.Max(alignment, fieldAlignment);
            switch (layoutKind)
            {
                case MessageLayoutKind.Explicit:
                    offsets[i] = field.ExplicitOffset;
                    end = Math.Max(end, field.ExplicitOffset + field.Size);
                    break;
                case MessageLayoutKind.Sequential:
                    offsets[i] = Align(end, fieldAlignment);
                    end = offsets[i] + field.Size;
                    break;
                default:
                    offsets[i] = -1;
                    end += field.Size;
                    break;
            }
        }

        return (offsets, Math.Max(Math.Max(Align(end, alignment), explicitSize), 1), alignment);
    }

    private static FieldShape? FindOverlap(IReadOnlyList<FieldShape> fields, int[] offsets)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            for (var j = i + 1; j < fields.Count; j++)
            {
                if (offsets[i] < offsets[j] + fields[j].Size && offsets[j] < offsets[i] + fields[i].Size)
                {
                    return fields[j];
                }
            }
        }

        return null;
    }

    private static (MessageLayoutKind Kind, int Pack, int Size) ReadStructLayout(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsNamed(attributeClass, "System.Runtime.InteropServices", "StructLayoutAttribute"))
            {
                var kind = SingleIntArgument(attribute) switch
                {
                    2 => MessageLayoutKind.Explicit, // LayoutKind.Explicit
                    3 => MessageLayoutKind.Auto, // LayoutKind.Auto
                    _ => MessageLayoutKind.Sequential,
                };
                int pack = 0, size = 0;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named is { Key: "Pack", Value.Value: int packValue })
                    {
                        pack = packValue;
                    }
                    else if (named is { Key: "Size", Value.Value: int sizeValue })
                    {
                        size = sizeValue;
                    }
                }

                return (kind, pack, size);
            }
        }

        return (MessageLayoutKind.Sequential, 0, 0);
    }

    private static int ReadFieldOffset(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && IsNamed(attributeClass, "System.Runtime.InteropServices", "FieldOffsetAttribute")
                && SingleIntArgument(attribute) is { } offset)
            {
                return offset;
            }
        }

        return -1;
    }

    private static int ReadInlineArrayLength(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && IsNamed(attributeClass, "System.Runtime.CompilerServices", "InlineArrayAttribute")
                && SingleIntArgument(attribute) is { } length)
            {
                return length;
            }
        }

        return 0;
    }

    private static int? SingleIntArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value ? value : null;

    private static IFieldSymbol? SingleInstanceField(INamedTypeSymbol type)
    {
        IFieldSymbol? single = null;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                if (single is not null)
                {
                    return null;
                }

                single = field;
            }
        }

        return single;
    }

    /// <summary>
    /// The innermost containing type that can see <paramref name="type"/> and that a module initializer can live in,
    /// or null when there is none.
    /// </summary>
    private static INamedTypeSymbol? FindRegistrationHost(INamedTypeSymbol type, Compilation compilation)
    {
        for (var host = type.ContainingType; host is not null; host = host.ContainingType)
        {
            if (compilation.IsSymbolAccessibleWithin(host, compilation.Assembly) && compilation.IsSymbolAccessibleWithin(type, host))
            {
                return host;
            }
        }

        return null;
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An auto-property whose getter returns its backing field unchanged: <c>{ get; set; }</c>, <c>{ get; init; }</c>,
    /// <c>{ get; }</c> or a record's positional parameter. Not an explicit interface implementation.
    /// </summary>
    private static bool IsPlainAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        if (property.ExplicitInterfaceImplementations.Length > 0 || property.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellationToken))
            {
                case ParameterSyntax:
                    // A record's positional parameter.
                    continue;
                case PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }:
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is not null || accessor.ExpressionBody is not null)
                        {
                            return false;
                        }
                    }

                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool IsFieldLikeEvent(IEventSymbol @event)
    {
        foreach (var reference in @event.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(INamedTypeSymbol type, string @namespace, string name)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsNamed(attributeClass, @namespace, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="name"/> in <paramref name="namespace"/> (dotted), without building display strings.</summary>
    private static bool IsNamed(INamedTypeSymbol type, string @namespace, string name)
    {
        if (type.Name != name || type.ContainingType is not null)
        {
            return false;
        }

        var current = type.ContainingNamespace;
        var end = @namespace.Length;
        while (current is { IsGlobalNamespace: false })
        {
            if (end < 0)
            {
                return false;
            }

            var start = @namespace.LastIndexOf('.', end - 1) + 1;
            if (end - start != current.Name.Length || string.CompareOrdinal(@namespace, start, current.Name, 0, current.Name.Length) != 0)
            {
                return false;
            }

            end = start - 1;
            current = current.ContainingNamespace;
        }

        return end == -1;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
