using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers.Infrastructure;

namespace TypedMpi.Analyzers;

/// <summary>
/// Tags (TMPI0100-0199): constant tags MPI refuses or does not guarantee, the any-tag wildcard on a send, one tag
/// value bound to two message types, and a typed tag's number carrying another type.
/// </summary>
/// <remarks>
/// <para>
/// Which arguments are tags, and whether they send or receive, comes from the runtime's parameter names:
/// <c>sendTag</c> sends, <c>recvTag</c> receives, and <c>tag</c> sends when the method also takes a <c>dest</c>
/// (Send, Isend, the one-tag SendRecv) and receives otherwise (Recv, Irecv, Probe, RecvArray, …). Only constants are
/// checked. <c>new Tag&lt;T&gt;(n)</c> is checked too: its constructor throws on a negative value.
/// </para>
/// <para>
/// The tag-value rule collects each compilation's static <c>Tag&lt;T&gt;</c> fields and properties initialized with a
/// constant, in state created by that compilation's start action, and compares them when the compilation ends.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TagAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.NegativeTag,
        DiagnosticDescriptors.AnyTagOnSend,
        DiagnosticDescriptors.TagAboveGuaranteedBound,
        DiagnosticDescriptors.TagValueBoundToTwoTypes,
        DiagnosticDescriptors.TypedTagUsedWithOtherType,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TypedMpiSymbols.TryCreate(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeCall(context, symbols), OperationKind.Invocation);
            if (symbols.Tag is null)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeTagCreation(context, symbols), OperationKind.ObjectCreation);

            var declarations = new ConcurrentQueue<TagDeclaration>();
            start.RegisterOperationAction(
                context => CollectDeclaration(context, symbols, declarations), OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            start.RegisterCompilationEndAction(context => ReportSharedValues(context, declarations));
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
            var role = OperationHelpers.TagRoleOf(argument.Parameter);
            if (role == TagRole.None)
            {
                continue;
            }

            CheckTypedTagValue(context, symbols, invocation, argument, role);
            if (OperationHelpers.ConstantInt32(argument) is not { } tag)
            {
                continue;
            }

            if (tag == TypedMpiSymbols.AnyTag)
            {
                if (role == TagRole.Send)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AnyTagOnSend, argument.Syntax.GetLocation(), method.Name));
                }
            }
            else
            {
                CheckValue(context, tag, method.Name, argument.Syntax.GetLocation(), role == TagRole.Receive ? " (or Mpi.AnyTag, to receive any tag)" : "");
            }
        }
    }

    /// <summary>
    /// <c>Tags.Particles.Value</c> as the tag of <c>Send&lt;double&gt;</c>: the typed tag's number carries another type.
    /// Only generic calls have an element type to compare (Probe and Barrier-like calls carry none).
    /// </summary>
    private static void CheckTypedTagValue(OperationAnalysisContext context, TypedMpiSymbols symbols, IInvocationOperation invocation, IArgumentOperation argument, TagRole role)
    {
        if (OperationHelpers.Unwrap(argument.Value) is not IPropertyReferenceOperation { Property.Name: "Value", Instance: { Type: INamedTypeSymbol tagType } instance }
            || !symbols.IsTag(tagType)
            || tagType.TypeArguments.Length != 1
            || invocation.TargetMethod.TypeArguments.Length != 1)
        {
            return;
        }

        var bound = tagType.TypeArguments[0];
        var carried = invocation.TargetMethod.TypeArguments[0];
        if (SymbolEqualityComparer.Default.Equals(bound, carried) || carried.TypeKind == TypeKind.TypeParameter)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.TypedTagUsedWithOtherType,
            argument.Syntax.GetLocation(),
            instance.Syntax.ToString(),
            SymbolHelpers.Display(bound),
            invocation.TargetMethod.Name,
            role == TagRole.Receive ? "receives" : "sends",
            SymbolHelpers.Display(carried),
            role == TagRole.Receive ? "receive" : "send"));
    }

    /// <summary><c>new Tag&lt;T&gt;(n)</c> or <c>new(n)</c> with a constant: the constructor throws on a negative value.</summary>
    private static void AnalyzeTagCreation(OperationAnalysisContext context, TypedMpiSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!symbols.IsTag(creation.Type) || creation.Arguments.Length != 1 || OperationHelpers.ConstantInt32(creation.Arguments[0]) is not { } tag)
        {
            return;
        }

        CheckValue(context, tag, SymbolHelpers.Display(creation.Type!), creation.Arguments[0].Syntax.GetLocation(), "");
    }

    private static void CheckValue(OperationAnalysisContext context, int tag, string target, Location location, string advice)
    {
        if (tag < 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NegativeTag, location, tag, target, advice));
        }
        else if (tag > TypedMpiSymbols.GuaranteedTagUpperBound)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TagAboveGuaranteedBound, location, tag, target));
        }
    }

    /// <summary>A static <c>Tag&lt;T&gt;</c> field or property initialized with a constant value.</summary>
    private sealed class TagDeclaration(ISymbol member, ITypeSymbol tagType, int value, Location location)
    {
        public ISymbol Member { get; } = member;

        /// <summary><c>Tag&lt;T&gt;</c> with its <c>T</c>.</summary>
        public ITypeSymbol TagType { get; } = tagType;

        public int Value { get; } = value;

        public Location Location { get; } = location;

        public string Display => $"{Member.ContainingType?.Name}.{Member.Name}";
    }

    private static void CollectDeclaration(OperationAnalysisContext context, TypedMpiSymbols symbols, ConcurrentQueue<TagDeclaration> declarations)
    {
        var (members, value) = context.Operation switch
        {
            IFieldInitializerOperation field => (field.InitializedFields.CastArray<ISymbol>(), field.Value),
            IPropertyInitializerOperation property => (property.InitializedProperties.CastArray<ISymbol>(), property.Value),
            _ => (ImmutableArray<ISymbol>.Empty, null),
        };
        if (OperationHelpers.Unwrap(value) is not IObjectCreationOperation { Arguments.Length: 1 } creation
            || !symbols.IsTag(creation.Type)
            || OperationHelpers.ConstantInt32(creation.Arguments[0]) is not { } tag)
        {
            return;
        }

        foreach (var member in members)
        {
            var type = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (member.IsStatic && symbols.IsTag(type) && SymbolHelpers.SourceLocation(member, context.Compilation) is { } location)
            {
                declarations.Enqueue(new TagDeclaration(member, type!, tag, location));
            }
        }
    }

    private static void ReportSharedValues(CompilationAnalysisContext context, ConcurrentQueue<TagDeclaration> declarations)
    {
        // In source order, so that each declaration names the same partner from one build to the next.
        var ordered = new List<TagDeclaration>(declarations);
        ordered.Sort(static (a, b) =>
        {
            var byPath = string.CompareOrdinal(a.Location.SourceTree?.FilePath, b.Location.SourceTree?.FilePath);
            return byPath != 0 ? byPath : a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start);
        });

        var byValue = new Dictionary<int, List<TagDeclaration>>();
        foreach (var declaration in ordered)
        {
            if (!byValue.TryGetValue(declaration.Value, out var group))
            {
                byValue[declaration.Value] = group = [];
            }

            group.Add(declaration);
        }

        foreach (var group in byValue.Values)
        {
            if (group.Count < 2)
            {
                continue;
            }

            foreach (var declaration in group)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var other = group.Find(candidate => !SymbolEqualityComparer.Default.Equals(candidate.TagType, declaration.TagType));
                if (other is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.TagValueBoundToTwoTypes,
                        declaration.Location,
                        [other.Location],
                        declaration.Value,
                        declaration.Display,
                        SymbolHelpers.Display(declaration.TagType),
                        other.Display,
                        SymbolHelpers.Display(other.TagType)));
                }
            }
        }
    }
}
