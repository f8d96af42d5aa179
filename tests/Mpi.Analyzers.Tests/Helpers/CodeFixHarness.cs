using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace TypedMpi.Analyzers.Tests.Helpers;

/// <summary>
/// Applies a code fix the way the IDE does, in an <see cref="AdhocWorkspace"/> (the Microsoft.CodeAnalysis.Testing
/// packages are not obtainable here): analyze, ask the provider for its actions, apply the chosen one's changes.
/// </summary>
internal static class CodeFixHarness
{
    /// <summary>
    /// Finds the first <paramref name="diagnosticId"/> diagnostic in <paramref name="sources"/>, applies
    /// <paramref name="fix"/>'s only action to it, and returns the action's title and every source afterwards.
    /// </summary>
    public static async Task<(string Title, string[] Sources)> ApplyAsync(CodeFixProvider fix, string diagnosticId, params string[] sources)
    {
        var (actions, documentIds) = await ActionsAsync(fix, diagnosticId, sources);
        var chosen = Assert.Single(actions);

        var operations = await chosen.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;

        var results = new string[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            results[i] = (await changed.GetDocument(documentIds[i])!.GetTextAsync()).ToString();
        }

        return (chosen.Title, results);
    }

    /// <summary>The actions <paramref name="fix"/> offers for the first <paramref name="diagnosticId"/> diagnostic in <paramref name="sources"/>.</summary>
    public static async Task<(List<CodeAction> Actions, List<DocumentId> DocumentIds)> ActionsAsync(CodeFixProvider fix, string diagnosticId, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "CodeFixTests",
            "CodeFixTests",
            LanguageNames.CSharp,
            compilationOptions: AnalyzerHarness.CompilationOptions(),
            parseOptions: AnalyzerHarness.ParseOptions,
            metadataReferences: AnalyzerHarness.References));
        project = project.AddDocument("Usings.cs", SourceText.From(AnalyzerHarness.GlobalUsings)).Project;
        var documentIds = new List<DocumentId>();
        for (var i = 0; i < sources.Length; i++)
        {
            var document = project.AddDocument($"Source{i}.cs", SourceText.From(sources[i]));
            documentIds.Add(document.Id);
            project = document.Project;
        }

        Assert.True(workspace.TryApplyChanges(project.Solution));
        project = workspace.CurrentSolution.GetProject(project.Id)!;

        var compilation = AnalyzerHarness.RunGenerator((await project.GetCompilationAsync())!);
        var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation);
        var diagnostic = diagnostics.First(d => d.Id == diagnosticId);
        var target = project.GetDocument(diagnostic.Location.SourceTree!)!;

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(target, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        return (actions, documentIds);
    }

    /// <summary>Asserts that fixing one diagnostic leaves the sources compiling with no TypedMpi diagnostic of that id.</summary>
    public static async Task AssertFixedAsync(string diagnosticId, params string[] sources)
    {
        var compilation = AnalyzerHarness.RunGenerator(AnalyzerHarness.Compile(sources));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The fixed source does not compile:\n" + string.Join("\n", errors));
        var remaining = (await AnalyzerHarness.AnalyzeAsync(compilation)).Where(d => d.Id == diagnosticId).ToList();
        Assert.True(remaining.Count == 0, "The fix left:\n" + string.Join("\n", remaining));
    }
}
