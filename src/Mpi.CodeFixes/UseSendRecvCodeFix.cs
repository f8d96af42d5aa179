using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TypedMpi.Analyzers;

namespace TypedMpi.CodeFixes;

/// <summary>
/// TMPI0301: replaces <c>X.Send(value, dest: P, tag: T);</c> followed by <c>var received = X.Recv&lt;U&gt;(source: Q, tag: T);</c>
/// with <c>var received = X.SendRecv(value, dest: P, source: Q, tag: T);</c>. Offered only when the receive is the
/// single-value overload assigned to a new local and both calls pass the same tag.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSendRecvCodeFix)), Shared]
public sealed class UseSendRecvCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [RuleIdentifiers.SendBeforeRecvToNeighbours];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // The diagnostic covers the name of the Send; its statement is followed by the Recv's declaration.
            var sendCall = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (sendCall?.Parent is not ExpressionStatementSyntax sendStatement
                || NextStatement(sendStatement) is not LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
                || declaration.Declaration.Variables[0] is not { Initializer.Value: InvocationExpressionSyntax recvCall }
                || model.GetOperation(sendCall, context.CancellationToken) is not IInvocationOperation { Instance: { } instance } send
                || model.GetOperation(recvCall, context.CancellationToken) is not IInvocationOperation receive
                || receive.TargetMethod.Parameters.Length != 2
                || CallOrderingAnalyzer.ArgumentOf(send, "value") is not { } value
                || CallOrderingAnalyzer.ArgumentOf(send, "dest") is not { } dest
                || CallOrderingAnalyzer.ArgumentOf(send, "tag") is not { } sendTag
                || CallOrderingAnalyzer.ArgumentOf(receive, "source") is not { } source
                || CallOrderingAnalyzer.ArgumentOf(receive, "tag") is not { } receiveTag
                || !SameTag(sendTag, receiveTag))
            {
                continue;
            }

            var replacement = SyntaxFactory.ParseExpression(
                $"{instance.Syntax}.SendRecv({value.Syntax}, dest: {dest.Syntax}, source: {source.Syntax}, tag: {sendTag.Syntax})");
            var newDeclaration = declaration
                .ReplaceNode(recvCall, replacement.WithTriviaFrom(recvCall))
                .WithLeadingTrivia(StatementNode(sendStatement).GetLeadingTrivia());
            var sendNode = StatementNode(sendStatement);
            var declarationNode = StatementNode(declaration);
            var tracked = root.TrackNodes(sendNode, declarationNode);
            var newDeclarationNode = declarationNode is GlobalStatementSyntax global
                ? global.WithStatement(newDeclaration).WithLeadingTrivia(sendNode.GetLeadingTrivia())
                : (SyntaxNode)newDeclaration;
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(declarationNode)!, newDeclarationNode);
            var newRoot = tracked.RemoveNode(tracked.GetCurrentNode(sendNode)!, SyntaxRemoveOptions.KeepNoTrivia);
            if (newRoot is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Use 'SendRecv'", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), nameof(UseSendRecvCodeFix)),
                diagnostic);
        }
    }

    /// <summary>Two tags are the same when both are the same constant or the same expression.</summary>
    private static bool SameTag(IOperation send, IOperation receive) =>
        send.ConstantValue is { HasValue: true } sendValue && receive.ConstantValue is { HasValue: true } receiveValue
            ? Equals(sendValue.Value, receiveValue.Value)
            : send.Syntax.ToString() == receive.Syntax.ToString();

    /// <summary>The statement's node in its list: itself in a block, its global statement at the top level.</summary>
    private static SyntaxNode StatementNode(StatementSyntax statement) => statement.Parent as GlobalStatementSyntax ?? (SyntaxNode)statement;

    private static StatementSyntax? NextStatement(StatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
            {
                var index = block.Statements.IndexOf(statement);
                return index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
            }

            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
            {
                var index = unit.Members.IndexOf(global);
                return index + 1 < unit.Members.Count && unit.Members[index + 1] is GlobalStatementSyntax next ? next.Statement : null;
            }

            default:
                return null;
        }
    }
}
