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

/// <summary>
/// TMPI0400: completes a discarded request where it is started, <c>comm.Isend(data, 1, 0);</c> becoming
/// <c>comm.Isend(data, 1, 0).Wait();</c> (and <c>_ = comm.Ibarrier();</c> becoming <c>_ = comm.Ibarrier().Wait();</c>).
/// The operation then behaves like its blocking counterpart; to overlap it with other work, keep the request instead.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WaitForRequestCodeFix)), Shared]
public sealed class WaitForRequestCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [RuleIdentifiers.RequestDiscarded];

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
            // The diagnostic covers the name of the nonblocking method; its call is the nearest invocation around it.
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call)
            {
                continue;
            }

            var wait = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("Wait")))
                .WithTrailingTrivia(call.GetTrailingTrivia());
            var newRoot = root.ReplaceNode(call, wait);
            context.RegisterCodeFix(
                CodeAction.Create("Wait for the request", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), nameof(WaitForRequestCodeFix)),
                diagnostic);
        }
    }
}
