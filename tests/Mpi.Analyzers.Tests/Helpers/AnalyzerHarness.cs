using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMpi.Generators;

namespace TypedMpi.Analyzers.Tests.Helpers;

/// <summary>One expected diagnostic: its id, the source text it covers, and its exact message.</summary>
internal sealed record Expected(string Id, string Span, string Message)
{
    public override string ToString() => $"{Id} on '{Span}': {Message}";
}

/// <summary>
/// Builds test compilations the way the compiler does for a user project (TypedMpi referenced, the generator run
/// first), runs every TypedMpi analyzer over them with <see cref="CompilationWithAnalyzers"/>, and compares the
/// diagnostics with the expected ones.
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>
    /// C# as the SDK's compiler builds user code: C# 14. This Roslyn (4.14) has C# 14's features, first-class span
    /// conversions included, under <see cref="LanguageVersion.Preview"/>.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    /// <summary>The usings every test source gets, in a file of its own so that the sources stay as written.</summary>
    public const string GlobalUsings = """
        global using System;
        global using TypedMpi;
        """;

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [new MessageTypeAnalyzer(), new TagAnalyzer(), new RankAnalyzer(), new CallOrderingAnalyzer(), new RequestAnalyzer(), new ResourceAnalyzer()];

    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>The running runtime's own assemblies (the reference-assembly packages are not on this feed), TypedMpi and its one dependency.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in trusted)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard")
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        references.Add(MetadataReference.CreateFromFile(typeof(TypedMpi.Mpi).Assembly.Location));

        // Span2D<T>: the strided overloads of the runtime's methods mention it, so overload resolution needs it.
        references.Add(MetadataReference.CreateFromFile(typeof(CommunityToolkit.HighPerformance.Span2D<>).Assembly.Location));
        return references.ToImmutable();
    }

    public static CSharpCompilationOptions CompilationOptions(bool allowUnsafe = true) =>
        new(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>A compilation of <paramref name="sources"/> (Source0.cs, Source1.cs, …) plus the global usings.</summary>
    public static CSharpCompilation Compile(IEnumerable<string> sources, CSharpParseOptions? parseOptions = null, bool allowUnsafe = true)
    {
        parseOptions ??= ParseOptions;
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, path: "Usings.cs") };
        trees.AddRange(sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{i}.cs")));
        return CSharpCompilation.Create("AnalyzerTests", trees, References, CompilationOptions(allowUnsafe));
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create([new MpiMessageGenerator().AsSourceGenerator()], parseOptions: parseOptions ?? ParseOptions);

    /// <summary>Runs the generator as the compiler would before analyzers see the compilation.</summary>
    public static Compilation RunGenerator(Compilation compilation)
    {
        CreateDriver((CSharpParseOptions)compilation.SyntaxTrees.First().Options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    /// <summary>The analyzers' diagnostics, in source order, and any analyzer exception (which must never happen).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? Analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.IsEmpty, "An analyzer threw:\n" + string.Join("\n", exceptions));
        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Compiles <paramref name="source"/>, runs the generator and the analyzers, and asserts that the TypedMpi
    /// diagnostics are exactly <paramref name="expected"/> (in source order) and that the compiler reports no error
    /// other than <paramref name="compilerErrors"/>.
    /// </summary>
    public static Task VerifyAsync(string source, params Expected[] expected) => VerifyAsync([source], ParseOptions, [], expected);

    public static async Task VerifyAsync(string[] sources, CSharpParseOptions parseOptions, string[] compilerErrors, params Expected[] expected)
    {
        var compilation = RunGenerator(Compile(sources, parseOptions));
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !compilerErrors.Contains(d.Id))
            .ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));

        var actual = (await AnalyzeAsync(compilation)).Select(Describe).ToList();
        if (!actual.SequenceEqual(expected))
        {
            var message = new StringBuilder("The diagnostics differ.\nExpected:\n");
            foreach (var e in expected)
            {
                message.Append("  ").AppendLine(e.ToString());
            }

            message.AppendLine("Actual:");
            foreach (var a in actual)
            {
                message.Append("  ").AppendLine(a.ToString());
            }

            Assert.Fail(message.ToString());
        }
    }

    public static Expected Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceTree is { } tree ? tree.GetText().ToString(diagnostic.Location.SourceSpan) : "";
        return new Expected(diagnostic.Id, span, diagnostic.GetMessage());
    }
}
