using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedMpi.Generators.Tests.Helpers;

/// <summary>Builds test compilations and runs <see cref="MpiMessageGenerator"/> on them, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    /// <summary>The running runtime's own assemblies (the reference-assembly packages are not on this feed) plus TypedMpi.</summary>
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
        return references.ToImmutable();
    }

    public static CSharpCompilation Compile(params string[] sources) => Compile(allowUnsafe: true, sources);

    public static CSharpCompilation Compile(bool allowUnsafe, params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver that records every named step, so tests can see what was cached.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new MpiMessageGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; fails if it threw or reported anything.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        return (result, output);
    }

    /// <summary>Fails with the diagnostics if <paramref name="compilation"/> has any warning or error.</summary>
    public static void AssertClean(Compilation compilation)
    {
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The output compilation is not clean:\n" + string.Join("\n", problems));
    }

    /// <summary>The generated files in hint-name order, each headed by its hint name.</summary>
    public static string Describe(GeneratorRunResult result) =>
        string.Join("\n", result.GeneratedSources
            .OrderBy(source => source.HintName, StringComparer.Ordinal)
            .Select(source => $"//HintName: {source.HintName}\n{source.SourceText}"));

    /// <summary>
    /// Emits <paramref name="compilations"/> and loads them, in order, into one fresh context (where the later ones
    /// find the earlier ones they reference); returns the last. Module initializers run on first use.
    /// </summary>
    public static Assembly Load(params Compilation[] compilations)
    {
        // A fresh, non-collectible context, so that each test's types are its own.
        var context = new AssemblyLoadContext($"GeneratorTests-{Guid.NewGuid():N}");
        Assembly? last = null;
        foreach (var compilation in compilations)
        {
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            image.Position = 0;
            last = context.LoadFromStream(image);
        }

        return last ?? throw new ArgumentException("Nothing to load.", nameof(compilations));
    }
}
