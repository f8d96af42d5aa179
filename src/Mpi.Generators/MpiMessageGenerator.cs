using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TypedMpi.Generators.Emitting;
using TypedMpi.Generators.Model;
using TypedMpi.Generators.Parsing;

namespace TypedMpi.Generators;

/// <summary>
/// Emits the MPI datatype description and the field-wise reductions of each <c>[MpiMessage]</c> struct, and a
/// module initializer that registers it with the runtime; and, in a second pipeline, the <c>MpiOp</c> of each
/// <c>[MpiOperation]</c> method (MpiMessageGenerator.Operations.cs).
/// </summary>
/// <remarks>
/// The pipeline: find the attributed struct declarations, turn each into a <see cref="MessageTypeModel"/> (or null
/// when unsupported; the analyzers explain why), drop the nulls, and write one file per model. Models compare by
/// value, so an edit that does not change a message type's shape re-emits nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class MpiMessageGenerator : IIncrementalGenerator
{
    /// <summary>The names of the tracked pipeline steps, for incrementality tests.</summary>
    public static class TrackingNames
    {
        /// <summary>Each <c>[MpiMessage]</c> declaration turned into a model, or null.</summary>
        public const string Models = nameof(Models);

        /// <summary>The models of supported message types.</summary>
        public const string SupportedModels = nameof(SupportedModels);

        /// <summary>Each <c>[MpiOperation]</c> method turned into a model, or null.</summary>
        public const string OperationModels = nameof(OperationModels);

        /// <summary>The models of supported operation methods.</summary>
        public const string SupportedOperationModels = nameof(SupportedOperationModels);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MessageTypeRules.AttributeMetadataName,
                static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword },
                static (context, cancellationToken) => Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Models)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.SupportedModels);

        context.RegisterSourceOutput(models, static (context, model) => Emit(context, model));

        InitializeOperations(context);
    }

    private static MessageTypeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        try
        {
            return MessageParser.Parse(type, context.SemanticModel.Compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug here must not take the user's build down with it (Roslyn would drop every generated file):
            // the type gets no code, and the analyzers still explain what they can.
            return null;
        }
    }

    private static void Emit(SourceProductionContext context, MessageTypeModel model)
    {
        try
        {
            context.AddSource(model.HintName, SourceText.From(MessageEmitter.Emit(model), System.Text.Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As in Parse: no code for this type rather than none for the whole compilation. AddSource itself throws
            // on a repeated hint name, which a broken compilation can cause ([MpiMessage] on two partial declarations).
        }
    }
}
