using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMpi.Analyzers.Infrastructure;
using TypedMpi.Generators;

namespace TypedMpi.Analyzers;

/// <summary>
/// Message types (TMPI0001-0099): why an <c>[MpiMessage]</c> struct or an <c>[MpiOperation]</c> method gets no
/// generated code, and element types that MPI cannot carry.
/// </summary>
/// <remarks>
/// <para>
/// The verdicts come from the generator's own rules (<see cref="MessageTypeRules"/>, <see cref="OperationRules"/>,
/// compiled into this assembly by link), so the analyzer reports exactly the types and methods the generator skips,
/// and the first problem it found in each.
/// </para>
/// <para>This file: <c>[MpiMessage]</c> declarations. MessageTypeAnalyzer.Operations.cs: <c>[MpiOperation]</c> methods.
/// MessageTypeAnalyzer.ElementTypes.cs: the type arguments of typed calls.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class MessageTypeAnalyzer : DiagnosticAnalyzer
{
    private const string MessageAttributeName = "MpiMessageAttribute";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.MessageTypeMustBePartial,
        DiagnosticDescriptors.MessageTypeMustBeStruct,
        DiagnosticDescriptors.MessageTypeMustNotBeGeneric,
        DiagnosticDescriptors.MessageTypeKindNotSupported,
        DiagnosticDescriptors.MessageTypeHasNoFields,
        DiagnosticDescriptors.MessageFieldIsReference,
        DiagnosticDescriptors.MessageFieldIsPointer,
        DiagnosticDescriptors.MessageFieldTypeNotSupported,
        DiagnosticDescriptors.MessageFieldIsInvalidMessage,
        DiagnosticDescriptors.MessageTypeHasHiddenState,
        DiagnosticDescriptors.MessageFieldsOverlap,
        DiagnosticDescriptors.LanguageVersionTooLow,
        DiagnosticDescriptors.NotAnElementType,
        DiagnosticDescriptors.OperationSignature,
        DiagnosticDescriptors.OperationElementType,
        DiagnosticDescriptors.OperationContainerMustBePartial,
        DiagnosticDescriptors.OperationContainerNotSupported,
        DiagnosticDescriptors.OperationNameClash,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

        context.RegisterSymbolAction(AnalyzeMessageType, SymbolKind.NamedType);
        context.RegisterSymbolAction(AnalyzeOperationMethod, SymbolKind.Method);
        context.RegisterOperationAction(AnalyzeOperationFunction, OperationKind.LocalFunction, OperationKind.AnonymousFunction);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TypedMpiSymbols.TryCreate(start.Compilation) is { } symbols)
            {
                start.RegisterOperationAction(context => AnalyzeTypedCall(context, symbols), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeMessageType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var (attribute, count) = SymbolHelpers.FindAttribute(type, MessageAttributeName);

        // [MpiMessage] twice is error CS0579: the generator skips the type, and the compiler's error is enough.
        if (attribute is null || count > 1)
        {
            return;
        }

        var compilation = context.Compilation;
        if (SymbolHelpers.DeclarationLocation(type, attribute, compilation, context.CancellationToken) is not { } location)
        {
            return;
        }

        var shape = AnalyzeShape(type, compilation, context.CancellationToken);
        if (shape is null)
        {
            return;
        }

        // A class is a class whatever the language version; otherwise an old C# is the first thing to fix.
        if (shape.Problem != MessageProblem.NotAStruct && MessageTypeRules.CheckCompilation(compilation) == MessageProblem.LanguageVersionTooLow)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LanguageVersionTooLow, location, SymbolHelpers.Display(type), "11.0", LanguageVersionOf(compilation)));
            return;
        }

        if (Describe(type, shape, compilation, location) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>The shared rules' verdict, or null if they failed (the generator then emits nothing, and this says nothing).</summary>
    private static MessageShape? AnalyzeShape(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            return MessageTypeRules.Analyze(type, compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The rules belong to the generator and are tested there; a failure on half-typed code must not become an
            // AD0001 warning (an error under warnings-as-errors) in the user's build.
            return null;
        }
    }

    private static Diagnostic? Describe(INamedTypeSymbol type, MessageShape shape, Compilation compilation, Location location)
    {
        var name = SymbolHelpers.Display(type);
        var culprit = shape.Culprit ?? type;
        var isSelf = SymbolEqualityComparer.Default.Equals(culprit, type);
        switch (shape.Problem)
        {
            case MessageProblem.NotPartial:
                return Diagnostic.Create(
                    DiagnosticDescriptors.MessageTypeMustBePartial,
                    location,
                    AdditionalLocations(culprit, type, compilation),
                    name,
                    isSelf ? "is not partial" : $"is nested in '{SymbolHelpers.Display(culprit)}', which is not partial");

            case MessageProblem.NotAStruct:
                return Diagnostic.Create(DiagnosticDescriptors.MessageTypeMustBeStruct, location, name, KindOf(type));

            case MessageProblem.Generic:
                return Diagnostic.Create(
                    DiagnosticDescriptors.MessageTypeMustNotBeGeneric,
                    location,
                    name,
                    isSelf ? "is generic" : $"is nested in generic type '{SymbolHelpers.Display(culprit)}'");

            case MessageProblem.RefStruct:
                return KindNotSupported("a ref struct cannot be an element of an array or a span");

            case MessageProblem.FileLocal:
                return KindNotSupported("a file-local type cannot have generated members in another file");

            case MessageProblem.InlineArrayMessage:
                return KindNotSupported("an [InlineArray] struct is a buffer, not a message, so make it a field of a message type instead");

            case MessageProblem.NotAccessible:
                return KindNotSupported("no module initializer can see it to register it, because it is private in a private type");

            case MessageProblem.NoFields:
                return Diagnostic.Create(DiagnosticDescriptors.MessageTypeHasNoFields, location, name);

            case MessageProblem.ReferenceTypeField:
                return MemberDiagnostic(DiagnosticDescriptors.MessageFieldIsReference);

            case MessageProblem.PointerField:
                return MemberDiagnostic(DiagnosticDescriptors.MessageFieldIsPointer);

            case MessageProblem.UnsupportedFieldType:
                return MemberDiagnostic(DiagnosticDescriptors.MessageFieldTypeNotSupported);

            case MessageProblem.InvalidNestedMessage:
                return MemberDiagnostic(DiagnosticDescriptors.MessageFieldIsInvalidMessage);

            case MessageProblem.HiddenField:
                return Diagnostic.Create(
                    DiagnosticDescriptors.MessageTypeHasHiddenState, MemberLocation(), name, DescribeHiddenState(culprit));

            case MessageProblem.OverlappingFields:
                return Diagnostic.Create(DiagnosticDescriptors.MessageFieldsOverlap, MemberLocation(), name, culprit.Name);

            case MessageProblem.LanguageVersionTooLow:
                // Only an inline-array field gets here (the compilation-wide C# 11 check came first): indexing it needs C# 12.
                return Diagnostic.Create(
                    DiagnosticDescriptors.LanguageVersionTooLow, MemberLocation(), name, "12.0", LanguageVersionOf(compilation));

            default:
                // None, and UnsafeBlocksDisabled: a fixed buffer without AllowUnsafeBlocks is already error CS0227.
                return null;
        }

        Diagnostic KindNotSupported(string reason) =>
            Diagnostic.Create(DiagnosticDescriptors.MessageTypeKindNotSupported, location, name, reason);

        Location MemberLocation() =>
            isSelf ? location : SymbolHelpers.SourceLocation(culprit, compilation) ?? location;

        Diagnostic MemberDiagnostic(DiagnosticDescriptor descriptor) =>
            Diagnostic.Create(
                descriptor, MemberLocation(), MemberKindOf(culprit), culprit.Name, name, ElementTypeOf(culprit) is { } type ? SymbolHelpers.Display(type) : "?");
    }

    /// <summary>Where the fix applies: every declaration of the type that is not partial.</summary>
    private static Location[] AdditionalLocations(ISymbol culprit, INamedTypeSymbol type, Compilation compilation)
    {
        if (SymbolEqualityComparer.Default.Equals(culprit, type) || SymbolHelpers.SourceLocation(culprit, compilation) is not { } location)
        {
            return [];
        }

        return [location];
    }

    private static string KindOf(INamedTypeSymbol type) => type.TypeKind switch
    {
        TypeKind.Class when type.IsRecord => "a record class",
        TypeKind.Class => "a class",
        TypeKind.Interface => "an interface",
        TypeKind.Enum => "an enum",
        TypeKind.Delegate => "a delegate",
        _ => "not a struct",
    };

    private static string MemberKindOf(ISymbol member) => member switch
    {
        IPropertySymbol => "Property",
        IEventSymbol => "Event",
        _ => "Field",
    };

    /// <summary>
    /// The type a message member stores: the element of a fixed-size buffer or of an inline array, else the member's type.
    /// </summary>
    private static ITypeSymbol? ElementTypeOf(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            IEventSymbol @event => @event.Type,
            _ => null,
        };
        switch (type)
        {
            case IPointerTypeSymbol pointer when member is IFieldSymbol { IsFixedSizeBuffer: true }:
                return pointer.PointedAtType;
            case INamedTypeSymbol { TypeKind: TypeKind.Struct } named when IsInlineArray(named) && SingleInstanceFieldType(named) is { } element:
                return element;
            default:
                return type;
        }
    }

    private static bool IsInlineArray(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InlineArrayAttribute", ContainingNamespace: { Name: "CompilerServices" } })
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? SingleInstanceFieldType(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                return field.Type;
            }
        }

        return null;
    }

    private static string DescribeHiddenState(ISymbol culprit) => culprit switch
    {
        IParameterSymbol parameter => $"the primary-constructor parameter '{parameter.Name}' is captured",
        IFieldSymbol { IsImplicitlyDeclared: true } field when CapturedParameter(field) is { } parameter =>
            $"the primary-constructor parameter '{parameter.Name}' is captured",
        IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 } property =>
            $"'{SymbolHelpers.Display(property)}' is an explicitly implemented auto-property",
        IPropertySymbol property => $"the accessors of property '{property.Name}' use 'field'",
        _ => $"'{culprit.Name}' is stored in a compiler-generated field",
    };

    /// <summary>The primary-constructor parameter a compiler-generated field captures: the one declared where the field is.</summary>
    private static IParameterSymbol? CapturedParameter(IFieldSymbol field)
    {
        if (field.Locations.Length == 0 || field.ContainingType is not { } type)
        {
            return null;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Locations.Length > 0 && parameter.Locations[0] == field.Locations[0])
                {
                    return parameter;
                }
            }
        }

        return null;
    }

    private static string LanguageVersionOf(Compilation compilation) =>
        compilation is CSharpCompilation csharp ? csharp.LanguageVersion.ToDisplayString() : "?";
}
