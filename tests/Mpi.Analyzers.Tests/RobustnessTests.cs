using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TypedMpi.Analyzers.Tests.Helpers;
using Xunit.Abstractions;

namespace TypedMpi.Analyzers.Tests;

/// <summary>
/// Analyzers never throw (AD0001): not on the repository's samples and conformance sources, and not on thousands of
/// random syntax mutations of them, the half-typed code an editor shows them on every keystroke.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    /// <summary>How many edited files to analyze.</summary>
    private const int Mutations = 2000;

    /// <summary>
    /// One project of the corpus (each is a console program): its name (the assembly name, so that internals stay
    /// visible) and its sources.
    /// </summary>
    private sealed record Project(string Name, ImmutableArray<SyntaxTree> Trees)
    {
        /// <summary>The project as written.</summary>
        public CSharpCompilation Compilation { get; } = Create(Name, Trees);

        /// <summary>A generator driver that has run on the project as written: later runs are incremental from it.</summary>
        public GeneratorDriver Driver { get; } = AnalyzerHarness.CreateDriver().RunGenerators(Create(Name, Trees));

        private static CSharpCompilation Create(string name, ImmutableArray<SyntaxTree> trees) =>
            CSharpCompilation.Create(name, trees, AnalyzerHarness.References, AnalyzerHarness.CompilationOptions().WithOutputKind(OutputKind.ConsoleApplication));
    }

    private static readonly Lazy<ImmutableArray<Project>> Corpus = new(LoadCorpus);

    /// <summary>Every sample (a project each) and the conformance suite, parsed as their projects compile them.</summary>
    private static ImmutableArray<Project> LoadCorpus()
    {
        var projects = ImmutableArray.CreateBuilder<Project>();
        foreach (var sample in Directory.EnumerateDirectories(Repository.PathOf("samples")).Order(StringComparer.Ordinal))
        {
            projects.Add(Load(Path.GetFileName(sample), Path.Combine("samples", Path.GetFileName(sample))));
        }

        projects.Add(Load("Mpi.Conformance", Path.Combine("tests", "Mpi.Conformance")));
        return projects.ToImmutable();

        static Project Load(string name, string directory)
        {
            // The SDK's implicit usings for a console project, which these projects rely on.
            var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
            trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, AnalyzerHarness.ParseOptions, path: "ImplicitUsings.cs"));
            foreach (var path in Repository.SourcesOf(directory))
            {
                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), AnalyzerHarness.ParseOptions, path: path));
            }

            Assert.True(trees.Count > 1, $"No sources under {directory}.");
            return new Project(name, trees.ToImmutable());
        }
    }

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public async Task RepositorySourcesDoNotThrow()
    {
        foreach (var project in Corpus.Value)
        {
            // The samples must also be clean (their build makes every TypedMpi rule an error); the conformance suite
            // provokes some mistakes on purpose, to check the run-time errors.
            var compilation = AnalyzerHarness.RunGenerator(project.Compilation);
            var failures = await AnalyzeForExceptionsAsync(compilation, [], findings: project.Name != "Mpi.Conformance");
            Assert.True(failures.Count == 0, $"{project.Name}:\n{string.Join("\n", failures)}");
        }
    }

    [Fact]
    public async Task RandomMutationsDoNotThrow()
    {
        // Binding the edited code dominates the cost, and a compilation with analyzers costs about as much to set up
        // as to run, so each round edits up to four files of one project, once each, and analyzes each edited member
        // (what the IDE re-analyzes after an edit). Every fifth round sees the generator's output (generated members,
        // message types); every fiftieth analyzes the whole compilation, so that compilation-end actions see broken
        // code too. Rounds are planned up front from their seeds, so that a failure is reproducible by its seed.
        var rounds = PlanRounds(Corpus.Value);
        var failures = new ConcurrentBag<string>();
        var stopwatch = Stopwatch.StartNew();
        var processorTime = Process.GetCurrentProcess().TotalProcessorTime;

        await Parallel.ForEachAsync(rounds, async (round, cancellationToken) =>
        {
            var random = new Random(round.Seed);
            var compilation = (Compilation)round.Project.Compilation;
            var edits = new List<(SyntaxTree Tree, TextSpan Region, string File)>();
            foreach (var original in round.Files)
            {
                var (text, position) = Mutate(original.GetText(cancellationToken), original, random);
                var mutated = original.WithChangedText(text);
                compilation = compilation.ReplaceSyntaxTree(original, mutated);
                edits.Add((mutated, RegionAround(mutated, position), Path.GetFileName(original.FilePath)));
            }

            if (round.Seed % 5 == 0)
            {
                round.Project.Driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
            }

            var problems = round.Seed % 50 == 0
                ? await AnalyzeForExceptionsAsync(compilation, [])
                : await AnalyzeForExceptionsAsync(compilation, edits.Select(edit => (edit.Tree, edit.Region)));
            foreach (var problem in problems)
            {
                failures.Add($"seed {round.Seed} ({string.Join(", ", edits.Select(edit => edit.File))}): {problem}");
            }
        });

        output.WriteLine(
            $"{rounds.Sum(round => round.Files.Length)} mutations in {rounds.Count} rounds analyzed in {stopwatch.Elapsed.TotalSeconds:F1} s " +
            $"({(Process.GetCurrentProcess().TotalProcessorTime - processorTime).TotalSeconds:F1} s of processor time on {Environment.ProcessorCount} cores)");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order(StringComparer.Ordinal).Take(20)));
    }

    private sealed record Round(int Seed, Project Project, ImmutableArray<SyntaxTree> Files);

    /// <summary>Rounds until <see cref="Mutations"/> files are edited: a random file, and up to three more of its project.</summary>
    private static List<Round> PlanRounds(ImmutableArray<Project> corpus)
    {
        var files = corpus.SelectMany(project => project.Trees.Skip(1).Select(tree => (Project: project, Tree: tree))).ToArray();
        var rounds = new List<Round>();
        for (var (seed, planned) = (0, 0); planned < Mutations; seed++)
        {
            var random = new Random(-1 - seed); // not the round's own seed, which picks the edits
            var (project, first) = files[random.Next(files.Length)];
            var others = project.Trees.Skip(1).Where(tree => tree != first).OrderBy(_ => random.Next()).Take(Math.Min(3, Mutations - planned - 1));
            var round = new Round(seed, project, [first, .. others]);
            rounds.Add(round);
            planned += round.Files.Length;
        }

        return rounds;
    }

    /// <summary>
    /// One random edit, the kind an editor makes on the way to valid code: delete or duplicate a token or a line, or
    /// cut the file short. Returns the new text and where the edit is in it.
    /// </summary>
    private static (SourceText Text, int Position) Mutate(SourceText text, SyntaxTree tree, Random random)
    {
        var tokens = tree.GetRoot().DescendantTokens().Where(token => token.Span.Length > 0).ToArray();
        var token = tokens[random.Next(tokens.Length)].Span;
        var line = text.Lines[random.Next(text.Lines.Count)];
        return random.Next(5) switch
        {
            0 => (text.WithChanges(new TextChange(token, "")), token.Start),
            1 => (text.WithChanges(new TextChange(new TextSpan(token.Start, 0), text.ToString(token) + " ")), token.Start),
            2 => (text.WithChanges(new TextChange(line.SpanIncludingLineBreak, "")), line.Start),
            3 => (text.WithChanges(new TextChange(new TextSpan(line.Start, 0), text.ToString(line.SpanIncludingLineBreak))), line.Start),
            _ => CutShort(random.Next(text.Length)),
        };

        (SourceText, int) CutShort(int at) => (text.WithChanges(new TextChange(TextSpan.FromBounds(at, text.Length), "")), at);
    }

    /// <summary>
    /// What an editor re-analyzes after an edit at <paramref name="position"/>: the innermost member around it (a
    /// method, property, field, … or, between members, the type or the whole file).
    /// </summary>
    private static TextSpan RegionAround(SyntaxTree tree, int position)
    {
        var root = tree.GetRoot();
        var token = root.FindToken(Math.Min(position, Math.Max(root.FullSpan.End - 1, 0)));
        return token.Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault()?.FullSpan ?? root.FullSpan;
    }

    /// <summary>
    /// Analyzer exceptions, from the exception callback and as AD0001 diagnostics (empty when all is well): over the
    /// given regions of trees, or over the whole compilation when there are none. With <paramref name="findings"/>,
    /// every TypedMpi diagnostic is a problem too.
    /// </summary>
    private static async Task<List<string>> AnalyzeForExceptionsAsync(
        Compilation compilation, IEnumerable<(SyntaxTree Tree, TextSpan Region)> regions, bool findings = false)
    {
        var problems = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) => problems.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(AnalyzerHarness.Analyzers, options);
        var diagnostics = new List<Diagnostic>();
        var any = false;
        foreach (var (tree, region) in regions)
        {
            any = true;
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), region, CancellationToken.None));
        }

        if (!any)
        {
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync());
        }

        var list = problems.ToList();
        list.AddRange(diagnostics.Where(d => d.Id == "AD0001" || (findings && d.Id.StartsWith("TMPI", StringComparison.Ordinal))).Select(d => d.ToString()));
        return list;
    }
}
