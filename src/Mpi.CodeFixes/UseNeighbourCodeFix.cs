using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedMpi.Analyzers;

namespace TypedMpi.CodeFixes;

/// <summary>TMPI0203: replaces <c>comm.Rank + 1</c> with <c>comm.Next</c> and <c>comm.Rank - 1</c> with <c>comm.Previous</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseNeighbourCodeFix)), Shared]
public sealed class UseNeighbourCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [RuleIdentifiers.NeighbourWithoutWrap];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RankAnalyzer.NeighbourPropertyKey, out var property) || property is not ("Next" or "Previous"))
            {
                continue;
            }

            // The diagnostic covers the argument (with its name, if any); the communicator is an additional location.
            var expression = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
            {
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax bare => bare,
                _ => null,
            };
            if (expression is null)
            {
                continue;
            }

            ExpressionSyntax replacement = SyntaxFactory.IdentifierName(property);
            if (diagnostic.AdditionalLocations.Count > 0)
            {
                if (root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax instance)
                {
                    continue;
                }

                replacement = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, instance.WithoutTrivia(), (SimpleNameSyntax)replacement);
            }

            replacement = replacement.WithTriviaFrom(expression);
            var newRoot = root.ReplaceNode(expression, replacement);
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{replacement.WithoutTrivia()}'", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), nameof(UseNeighbourCodeFix) + property),
                diagnostic);
        }
    }
}
