using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// <c>[MpiOperation]</c> methods the generator must leave alone (no code, no exception, the problem the analyzers will
/// report), and supported shapes whose generated code must compile with nothing to report.
/// </summary>
public sealed class OperationInputTests
{
    /// <summary>Each case's method is named <c>Target</c>.</summary>
    public static TheoryData<string, string, string> UnsupportedCases => new()
    {
        {
            "instance method",
            """
            public partial struct Holder
            {
                public int Value;

                [MpiOperation]
                public Holder Target(Holder a, Holder b) => a;
            }
            """,
            nameof(OperationProblem.NotStatic)
        },
        {
            "generic method",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static T Target<T>(T a, T b) where T : unmanaged => a;
            }
            """,
            nameof(OperationProblem.Generic)
        },
        {
            "generic containing type",
            """
            public partial class Holder<T>
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.Generic)
        },
        {
            "no parameters",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target() => 0;
            }
            """,
            nameof(OperationProblem.WrongParameterCount)
        },
        {
            "one parameter",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a) => a;
            }
            """,
            nameof(OperationProblem.WrongParameterCount)
        },
        {
            "three parameters",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b, int c) => a + b + c;
            }
            """,
            nameof(OperationProblem.WrongParameterCount)
        },
        {
            "parameters of different types",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, long b) => a;
            }
            """,
            nameof(OperationProblem.ParameterTypesDiffer)
        },
        {
            "reference type",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static string Target(string a, string b) => a + b;
            }
            """,
            nameof(OperationProblem.UnsupportedElementType)
        },
        {
            "struct holding a reference",
            """
            public struct Named { public string Name; }

            public partial class Holder
            {
                [MpiOperation]
                public static Named Target(Named a, Named b) => a;
            }
            """,
            nameof(OperationProblem.UnsupportedElementType)
        },
        {
            "pointer",
            """
            public unsafe partial class Holder
            {
                [MpiOperation]
                public static int* Target(int* a, int* b) => a;
            }
            """,
            nameof(OperationProblem.UnsupportedElementType)
        },
        {
            "ref struct",
            """
            public ref struct Window { public int Start; }

            public partial class Holder
            {
                [MpiOperation]
                public static Window Target(Window a, Window b) => a;
            }
            """,
            nameof(OperationProblem.UnsupportedElementType)
        },
        {
            "returns void",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static void Target(int a, int b) { }
            }
            """,
            nameof(OperationProblem.ReturnTypeMismatch)
        },
        {
            "returns another type",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static long Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.ReturnTypeMismatch)
        },
        {
            "returns by reference",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static ref readonly int Target(in int a, in int b) => ref a;
            }
            """,
            nameof(OperationProblem.ReturnTypeMismatch)
        },
        {
            "ref parameter",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(ref int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.RefParameter)
        },
        {
            "out parameter",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, out int b) => b = a;
            }
            """,
            nameof(OperationProblem.RefParameter)
        },
        {
            "containing type not partial",
            """
            public class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.NotPartial)
        },
        {
            "outer containing type not partial",
            """
            public class Outer
            {
                public partial struct Holder
                {
                    [MpiOperation]
                    public static int Target(int a, int b) => a + b;
                }
            }
            """,
            nameof(OperationProblem.NotPartial)
        },
        {
            "interface",
            """
            public partial interface IHolder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.NotInClassOrStruct)
        },
        {
            "file-local type",
            """
            file partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.FileLocal)
        },
        {
            "property name taken",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;

                public static int TargetOp => 0;
            }
            """,
            nameof(OperationProblem.NameTaken)
        },
        {
            "struct name taken",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;

                private sealed class TargetOperation;
            }
            """,
            nameof(OperationProblem.NameTaken)
        },
        {
            "name inherited",
            """
            public class Base
            {
                protected static int TargetOp;
            }

            public partial class Holder : Base
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.NameTaken)
        },
        {
            "name of the containing type",
            """
            public partial class TargetOp
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """,
            nameof(OperationProblem.NameTaken)
        },
        {
            "two overloads",
            """
            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;

                [MpiOperation]
                public static long Target(long a, long b) => a + b;
            }
            """,
            nameof(OperationProblem.DuplicateName)
        },
    };

    [Theory]
    [MemberData(nameof(UnsupportedCases))]
    public void UnsupportedGeneratesNothing(string shape, string body, string expectedProblem)
    {
        var compilation = GeneratorHarness.Compile("using TypedMpi;\n\n" + body);

        var (result, _) = GeneratorHarness.Run(compilation);

        Assert.True(result.GeneratedSources.IsEmpty, $"{shape}: expected no generated source, got {string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}");
        Assert.Equal(expectedProblem, OperationRules.Analyze(FindTarget(compilation), compilation, CancellationToken.None).Problem.ToString());
    }

    [Fact]
    public void LocalFunctionGeneratesNothing()
    {
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            public static class Holder
            {
                public static int Sum(int a, int b)
                {
                    return Target(a, b);

                    [MpiOperation]
                    static int Target(int a, int b) => a + b;
                }
            }
            """);

        var (result, _) = GeneratorHarness.Run(compilation);

        Assert.Empty(result.GeneratedSources);
        Assert.Equal(OperationProblem.NotAnOrdinaryMethod, OperationRules.Analyze(FindTarget(compilation), compilation, CancellationToken.None).Problem);
    }

    [Fact]
    public void OldLanguageVersionGeneratesNothing()
    {
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            public partial class Holder
            {
                [MpiOperation]
                public static int Target(int a, int b) => a + b;
            }
            """);
        var tree = Assert.Single(compilation.SyntaxTrees);
        var old = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp10)));

        var result = Assert.Single(GeneratorHarness.CreateDriver().RunGenerators(old).GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal(OperationProblem.LanguageVersionTooLow, OperationRules.Analyze(FindTarget(old), old, CancellationToken.None).Problem);
    }

    [Theory]
    [InlineData("missing type", "public partial class Holder { [MpiOperation] public static Missing Target(Missing a, Missing b) => a; }")]
    [InlineData("unfinished method", "public partial class Holder { [MpiOperation] public static int Target(int a, int")]
    [InlineData("unfinished attribute", "public partial class Holder { [MpiOperation(Commutative = ] public static int Target(int a, int b) => a; }")]
    [InlineData("attribute twice", "public partial class Holder { [MpiOperation, MpiOperation] public static int Target(int a, int b) => a + b; }")]
    [InlineData("no body", "public partial class Holder { [MpiOperation] public static int Target(int a, int b); }")]
    [InlineData("partial method with the attribute on both parts", """
        public partial class Holder
        {
            [MpiOperation] public static partial int Target(int a, int b);
            [MpiOperation] public static partial int Target(int a, int b) => a + b;
        }
        """)]
    public void BrokenSourceDoesNotThrow(string shape, string body)
    {
        var compilation = GeneratorHarness.Compile("using TypedMpi;\n\n" + body);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var result = Assert.Single(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results);

        Assert.True(result.Exception is null, $"{shape}: {result.Exception}");
        Assert.True(result.Diagnostics.IsEmpty, shape);
    }

    [Fact]
    public void NamesDifferingOnlyInCaseGetTheirOwnFiles()
    {
        // Roslyn compares hint names ignoring case, and one clash drops the whole generator's output: methods Merge and
        // merge, types Holder and holder (each a message type too), and namespaces Demo and demo get told apart.
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Demo
            {
                [MpiMessage]
                public partial struct Holder
                {
                    public int Value;

                    [MpiOperation]
                    public static Holder Merge(Holder a, Holder b) => a;

                    [MpiOperation]
                    public static Holder merge(Holder a, Holder b) => b;
                }

                [MpiMessage]
                public partial struct holder
                {
                    public int Value;

                    [MpiOperation]
                    public static holder Merge(holder a, holder b) => a;
                }
            }

            namespace demo
            {
                public partial class Holder
                {
                    [MpiOperation]
                    public static int Merge(int a, int b) => a + b;
                }
            }
            """);

        var (result, output) = GeneratorHarness.Run(compilation);

        GeneratorHarness.AssertClean(output);
        Assert.Equal(6, result.GeneratedSources.Length);
        Assert.Equal(6, result.GeneratedSources.Select(source => source.HintName.ToUpperInvariant()).Distinct().Count());
        Assert.Contains(result.GeneratedSources, source => source.HintName.StartsWith("Demo.Holder.Merge.", StringComparison.Ordinal));
    }

    [Fact]
    public void NamesWithoutCaseTwinsAreNotHashed()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Demo;

            [MpiMessage]
            public partial struct Holder
            {
                public int Value;

                [MpiOperation]
                public static Holder Merge(Holder a, Holder b) => a;

                [MpiOperation]
                public static Holder Mergeable(Holder a, Holder b) => b;
            }
            """));

        Assert.Equal(
            ["Demo.Holder.Merge.MpiOperation.g.cs", "Demo.Holder.Mergeable.MpiOperation.g.cs", "Demo.Holder.MpiMessage.g.cs"],
            result.GeneratedSources.Select(source => source.HintName).Order(StringComparer.Ordinal));
    }

    /// <summary>Each case's method is named <c>Target</c>, and its operation is <c>TargetOp</c>.</summary>
    public static TheoryData<string, string> SupportedCases => new()
    {
        { "readonly struct", "public readonly partial struct Holder { public readonly int Value; [MpiOperation] public static Holder Target(Holder a, Holder b) => a; }" },
        { "ref struct", "public ref partial struct Holder { [MpiOperation] public static int Target(int a, int b) => a + b; }" },
        { "record struct", "public partial record struct Holder(int Value) { [MpiOperation] public static Holder Target(in Holder a, in Holder b) => new(a.Value + b.Value); }" },
        { "record class", "public partial record Holder(int Value) { [MpiOperation] public static long Target(long a, long b) => a + b; }" },
        { "sealed class", "public sealed partial class Holder { [MpiOperation] internal static float Target(float a, float b) => a + b; }" },
        { "abstract class, protected internal", "public abstract partial class Holder { [MpiOperation] protected internal static int Target(int a, int b) => a + b; }" },
        { "private protected", "public partial class Holder { [MpiOperation] private protected static int Target(int a, int b) => a + b; }" },
        { "extension method", "public static partial class Holder { [MpiOperation] public static int Target(this int a, int b) => a + b; }" },
        { "enum", "public enum Color { Red, Green } public partial class Holder { [MpiOperation] public static Color Target(Color a, Color b) => a > b ? a : b; }" },
        { "tuple", "public partial class Holder { [MpiOperation] public static (int, double) Target((int, double) a, (int, double) b) => (a.Item1 + b.Item1, a.Item2 + b.Item2); }" },
        { "bool", "public partial class Holder { [MpiOperation] public static bool Target(bool a, bool b) => a | b; }" },
        { "nint", "public partial class Holder { [MpiOperation] public static nint Target(nint a, nint b) => a + b; }" },
        { "Half", "public partial class Holder { [MpiOperation] public static System.Half Target(System.Half a, System.Half b) => a + b; }" },
        { "struct nested in a private class", "public partial class Outer { private partial class Middle { public partial struct Holder { [MpiOperation] public static int Target(int a, int b) => a + b; } } }" },
        { "private element type", "public partial class Holder { private struct Pair { public int A; public Pair(int a) => A = a; } [MpiOperation] private static Pair Target(Pair a, Pair b) => a; }" },
        { "ref readonly parameters", "public partial class Holder { [MpiOperation] public static int Target(ref readonly int a, ref readonly int b) => a + b; }" },
        { "scoped in parameters", "public partial class Holder { [MpiOperation] public static int Target(scoped in int a, scoped in int b) => a + b; }" },
        { "optional parameters", "public partial class Holder { [MpiOperation] public static int Target(int a = 1, int b = 2) => a + b; }" },
        { "partial method", "public partial class Holder { [MpiOperation] public static partial int Target(int a, int b); public static partial int Target(int a, int b) => a + b; }" },
        { "obsolete method and element type", "[System.Obsolete] public struct Old { public int Value; } public partial class Holder { [System.Obsolete, MpiOperation] public static Old Target(Old a, Old b) => a; }" },
        { "keyword-named containing type", "public partial class @class { [MpiOperation] public static int Target(int a, int b) => a + b; }" },
        { "an unrelated method overload", "public partial class Holder { [MpiOperation] public static int Target(int a, int b) => a + b; public static int Target(int a) => a; }" },
        { "inherited private member of the same name", "public class Base { private static int TargetOp = 0; public static int Read() => TargetOp; } public partial class Holder : Base { [MpiOperation] public static int Target(int a, int b) => a + b; }" },
        { "argument false then true", "public partial class Holder { [MpiOperation(Commutative = false)] public static int Target(int a, int b) => a - b; [MpiOperation(Commutative = true)] public static int Other(int a, int b) => a + b; }" },
    };

    [Theory]
    [MemberData(nameof(SupportedCases))]
    public void SupportedShapeCompilesClean(string shape, string body)
    {
        var compilation = GeneratorHarness.Compile("using TypedMpi;\n\n" + body);
        Assert.True(!compilation.GetDiagnostics().Any(d => d.Severity >= DiagnosticSeverity.Warning), $"{shape}: the input is not clean: {string.Join("; ", compilation.GetDiagnostics())}");

        var (result, output) = GeneratorHarness.Run(compilation);

        Assert.Contains(result.GeneratedSources, source => source.HintName.EndsWith(".Target.MpiOperation.g.cs", StringComparison.Ordinal));
        GeneratorHarness.AssertClean(output);
        // The analyzers run the rules on the compilation with the generated members in it: those do not count as taken names.
        Assert.Equal(OperationProblem.None, OperationRules.Analyze(FindTarget(output), output, CancellationToken.None).Problem);
    }

    [Theory]
    [InlineData("Apply")]
    [InlineData("Equals")]
    [InlineData("ToString")]
    [InlineData("GetHashCode")]
    [InlineData("ReferenceEquals")]
    [InlineData("@checked")]
    public void MethodNamedLikeAMemberOfTheNestedStructIsStillCalled(string name)
    {
        // Inside the generated struct a bare name would find the struct's own member; the call is qualified.
        var compilation = GeneratorHarness.Compile($$"""
            using TypedMpi;

            namespace Demo;

            public partial class Holder
            {
                [MpiOperation]
                public static int {{name}}(int a, int b) => a + b;
            }
            """);

        var (result, output) = GeneratorHarness.Run(compilation);

        Assert.Single(result.GeneratedSources);
        GeneratorHarness.AssertClean(output);
        Assert.Contains($"=> global::Demo.Holder.{name}(left, right);", result.GeneratedSources[0].SourceText.ToString());
    }

    [Fact]
    public void CSharp11IsEnough()
    {
        var parseOptions = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11);
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Demo;

            public partial struct Extent
            {
                public double Low, High;

                [MpiOperation(Commutative = false)]
                internal static Extent Merge(in Extent a, Extent b) => a;
            }
            """);
        var tree = Assert.Single(compilation.SyntaxTrees);
        compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), parseOptions));

        var driver = CSharpGeneratorDriver.Create([new MpiMessageGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Single(driver.GetRunResult().GeneratedTrees);
        Assert.Empty(output.GetDiagnostics());
    }

    [Fact]
    public void GeneratedDocumentationIsValid()
    {
        // With documentation diagnostics on, no cref in the generated files may be unresolved or ambiguous.
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var sources = new[]
        {
            "public partial struct Extent { public double Low; [MpiOperation] public static Extent Merge(in Extent a, in Extent b) => a; }",
            "public static partial class Numbers { [MpiOperation] public static double Max(double a, double b) => a; [MpiOperation] public static nint Native(nint a, nint b) => a; }",
            "public partial class Overloaded { [MpiOperation] public static int Pick(int a, int b) => a; public static int Pick(int a) => a; }",
            "public partial class Generic { [MpiOperation] public static ValueIndex<int> Best(ValueIndex<int> a, ValueIndex<int> b) => a; [MpiOperation] public static (int, int) Pair((int, int) a, (int, int) b) => a; }",
            "namespace Demo { public enum Color { Red } public partial class Holder { public partial struct Inner { [MpiOperation] private static Color Mix(Color a, Color b) => a; } } }",
        };
        var compilation = GeneratorHarness.Compile(sources.Select(source => "using TypedMpi;\n\n" + source).ToArray());
        foreach (var tree in compilation.SyntaxTrees)
        {
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), parseOptions));
        }

        var driver = CSharpGeneratorDriver.Create([new MpiMessageGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(7, driver.GetRunResult().GeneratedTrees.Length);
        var generated = driver.GetRunResult().GeneratedTrees.ToHashSet();
        var problems = output.GetDiagnostics().Where(d => d.Location.SourceTree is { } tree && generated.Contains(tree)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IMethodSymbol FindTarget(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is MethodDeclarationSyntax { Identifier.Text: "Target" } or LocalFunctionStatementSyntax { Identifier.Text: "Target" })
                {
                    return (IMethodSymbol)model.GetDeclaredSymbol(node)!;
                }
            }
        }

        throw new InvalidOperationException("no method named Target");
    }
}
