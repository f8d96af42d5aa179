using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TypedMpi.Generators.Emitting;
using TypedMpi.Generators.Model;
using TypedMpi.Generators.Parsing;

namespace TypedMpi.Generators;

/// <summary>The <c>[MpiOperation]</c> pipeline.</summary>
/// <remarks>
/// Like the message pipeline: find the attributed methods, turn each into an <see cref="OperationModel"/> (or null when
/// unsupported; the analyzers explain why), drop the nulls, and write one file per method with its <c>MpiOp</c>
/// property and the struct implementing <c>IMpiOperation&lt;T&gt;</c>. It lives in the same generator so that a project
/// runs one generator, and the two pipelines share nothing but helpers.
/// </remarks>
public sealed partial class MpiMessageGenerator
{
    private static void InitializeOperations(IncrementalGeneratorInitializationContext context)
    {
        var operations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OperationRules.AttributeMetadataName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (context, cancellationToken) => ParseOperation(context, cancellationToken))
            .WithTrackingName(TrackingNames.OperationModels)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.SupportedOperationModels);

        context.RegisterSourceOutput(operations, static (context, model) => EmitOperation(context, model));
    }

    private static OperationModel? ParseOperation(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        try
        {
            return OperationParser.Parse(method, context.Attributes, context.SemanticModel.Compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As for message types: a bug here costs this method its code, not the build all generated files.
            return null;
        }
    }

    private static void EmitOperation(SourceProductionContext context, OperationModel model)
    {
        try
        {
            context.AddSource(model.HintName, SourceText.From(OperationEmitter.Emit(model), System.Text.Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // AddSource throws on a repeated hint name (hint names ignore case: methods Merge and merge in one type).
        }
    }
}
