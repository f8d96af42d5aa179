using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedMpi.Analyzers;

namespace TypedMpi.CodeFixes;

/// <summary>
/// TMPI0001 and TMPI0032: adds <c>partial</c> to every declaration that lacks it, of the message type (or the type
/// declaring the operation method) and of each type containing it, in whatever files they are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        [RuleIdentifiers.MessageTypeMustBePartial, RuleIdentifiers.OperationContainerMustBePartial];

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
            // The diagnostic is on the message type's identifier, or on the operation method's.
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().FirstOrDefault(
                node => node is TypeDeclarationSyntax or MethodDeclarationSyntax);
            var type = declaration switch
            {
                TypeDeclarationSyntax typeDeclaration => model.GetDeclaredSymbol(typeDeclaration, context.CancellationToken),
                MethodDeclarationSyntax method => model.GetDeclaredSymbol(method, context.CancellationToken)?.ContainingType,
                _ => null,
            };
            if (type is null || FindTypesToFix(type) is not { Count: > 0 } toFix)
            {
                continue;
            }

            var title = $"Make {Names(toFix)} partial";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => MakePartialAsync(context.Document.Project.Solution, type, cancellationToken), nameof(MakePartialCodeFix)),
                diagnostic);
        }
    }

    /// <summary><c>'Outer', 'Middle' and 'Target'</c>: the types to fix, outermost first.</summary>
    private static string Names(List<SyntaxReference> references)
    {
        var names = references
            .Select(reference => reference.GetSyntax())
            .OfType<TypeDeclarationSyntax>()
            .Select(declaration => $"'{declaration.Identifier.ValueText}'")
            .Distinct()
            .Reverse()
            .ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }

    /// <summary>The declarations of <paramref name="type"/> and its containing types that are not partial, innermost first.</summary>
    private static List<SyntaxReference> FindTypesToFix(INamedTypeSymbol type)
    {
        var references = new List<SyntaxReference>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    references.Add(reference);
                }
            }
        }

        return references;
    }

    private static async Task<Solution> MakePartialAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var byTree in FindTypesToFix(type).GroupBy(reference => reference.SyntaxTree))
        {
            var document = solution.GetDocument(byTree.Key);
            if (document is null)
            {
                continue;
            }

            var root = await byTree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var declarations = byTree.Select(reference => reference.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>();
            root = root.ReplaceNodes(declarations, static (_, rewritten) => MakePartial((TypeDeclarationSyntax)rewritten));
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }

        return solution;
    }

    /// <summary>Adds <c>partial</c> as the last modifier, right before <c>struct</c>, <c>class</c> or <c>record</c>, where C# requires it.</summary>
    private static TypeDeclarationSyntax MakePartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return declaration;
        }

        if (declaration.Modifiers.Count == 0)
        {
            // The keyword's indentation moves to the new first token.
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.AddModifiers(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
    }
}
