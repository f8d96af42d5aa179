using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// Types the generator must leave alone: no source, no exception, no diagnostic from the generator (the analyzers
/// report these). Each case also checks the verdict of <see cref="MessageTypeRules"/>, which the analyzers share.
/// </summary>
public sealed class UnsupportedInputTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "class",
            """
            [MpiMessage]
            public partial class Target { public int Value; }
            """,
            nameof(MessageProblem.NotAStruct)
        },
        {
            "not partial",
            """
            [MpiMessage]
            public struct Target { public int Value; }
            """,
            nameof(MessageProblem.NotPartial)
        },
        {
            "containing type not partial",
            """
            public class Outer
            {
                [MpiMessage]
                public partial struct Target { public int Value; }
            }
            """,
            nameof(MessageProblem.NotPartial)
        },
        {
            "reference-type field",
            """
            [MpiMessage]
            public partial struct Target { public int Value; public string Name; }
            """,
            nameof(MessageProblem.ReferenceTypeField)
        },
        {
            "array field",
            """
            [MpiMessage]
            public partial struct Target { public int[] Values; }
            """,
            nameof(MessageProblem.ReferenceTypeField)
        },
        {
            "field-like event",
            """
            [MpiMessage]
            public partial struct Target { public int Value; public event System.Action Changed; }
            """,
            nameof(MessageProblem.ReferenceTypeField)
        },
        {
            "open generic",
            """
            [MpiMessage]
            public partial struct Target<T> where T : unmanaged { public T Value; }
            """,
            nameof(MessageProblem.Generic)
        },
        {
            "nested in a generic type",
            """
            public partial class Outer<T>
            {
                [MpiMessage]
                public partial struct Target { public int Value; }
            }
            """,
            nameof(MessageProblem.Generic)
        },
        {
            "field of an unknown struct",
            """
            public struct Unknown { public int Value; }

            [MpiMessage]
            public partial struct Target { public Unknown Inner; }
            """,
            nameof(MessageProblem.UnsupportedFieldType)
        },
        {
            "decimal field",
            """
            [MpiMessage]
            public partial struct Target { public decimal Price; }
            """,
            nameof(MessageProblem.UnsupportedFieldType)
        },
        {
            "nullable field",
            """
            [MpiMessage]
            public partial struct Target { public int? Maybe; }
            """,
            nameof(MessageProblem.UnsupportedFieldType)
        },
        {
            "pointer field",
            """
            [MpiMessage]
            public unsafe partial struct Target { public int* Values; }
            """,
            nameof(MessageProblem.PointerField)
        },
        {
            "function pointer field",
            """
            [MpiMessage]
            public unsafe partial struct Target { public delegate*<int, int> Map; }
            """,
            nameof(MessageProblem.PointerField)
        },
        {
            "nested message that is itself unsupported",
            """
            [MpiMessage]
            public partial struct Inner { public string Name; }

            [MpiMessage]
            public partial struct Target { public Inner Inner; }
            """,
            nameof(MessageProblem.InvalidNestedMessage)
        },
        {
            "overlapping explicit fields",
            """
            using System.Runtime.InteropServices;

            [MpiMessage]
            [StructLayout(LayoutKind.Explicit)]
            public partial struct Target { [FieldOffset(0)] public int Whole; [FieldOffset(2)] public short Half; }
            """,
            nameof(MessageProblem.OverlappingFields)
        },
        {
            "captured primary-constructor parameter",
            """
            [MpiMessage]
            public partial struct Target(int seed) { public int Value; public int Seed() => seed; }
            """,
            nameof(MessageProblem.HiddenField)
        },
        {
            "explicitly implemented auto-property",
            """
            public interface IHasValue { int Value { get; set; } }

            [MpiMessage]
            public partial struct Target : IHasValue { int IHasValue.Value { get; set; } }
            """,
            nameof(MessageProblem.HiddenField)
        },
        {
            "no instance fields",
            """
            [MpiMessage]
            public partial struct Target { public static int Count; public int Twice(int x) => 2 * x; }
            """,
            nameof(MessageProblem.NoFields)
        },
        {
            "[InlineArray] on the message itself",
            """
            [MpiMessage]
            [System.Runtime.CompilerServices.InlineArray(4)]
            public partial struct Target { private int _element; }
            """,
            nameof(MessageProblem.InlineArrayMessage)
        },
        {
            "ref struct",
            """
            [MpiMessage]
            public ref partial struct Target { public int Value; }
            """,
            nameof(MessageProblem.RefStruct)
        },
        {
            "private type nested in a private type",
            """
            public partial class Outer
            {
                private partial class Middle
                {
                    [MpiMessage]
                    private partial struct Target { public int Value; }
                }
            }
            """,
            nameof(MessageProblem.NotAccessible)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratesNothing(string shape, string body, string expectedProblem)
    {
        var compilation = GeneratorHarness.Compile("using TypedMpi;\n\n" + body);

        var (result, _) = GeneratorHarness.Run(compilation);

        Assert.True(result.GeneratedSources.IsEmpty, $"{shape}: expected no generated source, got {string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}");
        var target = FindTarget(compilation);
        Assert.Equal(expectedProblem, MessageTypeRules.Analyze(target, compilation, CancellationToken.None).Problem.ToString());
    }

    [Fact]
    public void PropertyUsingFieldKeywordGeneratesNothing()
    {
        // A C# 14 property whose accessors use `field`: its getter does not return the stored value as is.
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            [MpiMessage]
            public partial struct Target { public int Value { get => field * 2; set => field = value; } }
            """);
        var tree = Assert.Single(compilation.SyntaxTrees);
        // Parsed again: under C# 14 `field` is a keyword, not an identifier.
        compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.GetText(), GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.Preview)));
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
        Assert.Equal(MessageProblem.HiddenField, MessageTypeRules.Analyze(FindTarget(compilation), compilation, CancellationToken.None).Problem);
    }

    [Fact]
    public void FixedBufferWithUnsafeCodeDisabledGeneratesNothing()
    {
        // The declaration is already error CS0227; code reading the buffer would add more errors to it.
        var compilation = GeneratorHarness.Compile(allowUnsafe: false, """
            using TypedMpi;

            [MpiMessage]
            public unsafe partial struct Target { public fixed int Bins[4]; public int Total; }
            """);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal(MessageProblem.None, MessageTypeRules.CheckCompilation(compilation));
        Assert.Equal(MessageProblem.UnsafeBlocksDisabled, MessageTypeRules.Analyze(FindTarget(compilation), compilation, CancellationToken.None).Problem);
    }

    [Fact]
    public void UnsafeCodeDisabledIsSupported()
    {
        // Not unsupported input, but the counterpart of the case above: without a fixed buffer, a project that does
        // not allow unsafe code gets the code, and it is safe code with nothing to report.
        var compilation = GeneratorHarness.Compile(allowUnsafe: false, SafeMessages, InlineArrayMessage);

        var (result, output) = GeneratorHarness.Run(compilation);

        Assert.Equal(4, result.GeneratedSources.Length);
        Assert.All(result.GeneratedSources, source => Assert.DoesNotContain("unsafe", source.SourceText.ToString(), StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics());
        Assert.Equal(MessageProblem.None, MessageTypeRules.CheckCompilation(compilation));
    }

    [Fact]
    public void CSharp11IsEnough()
    {
        // The oldest supported language version compiles the generated code (static abstract members, file-local
        // classes, UnsafeAccessors for readonly fields and auto-properties) with nothing to report.
        var parseOptions = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11);
        var compilation = WithParseOptions(GeneratorHarness.Compile(allowUnsafe: false, SafeMessages), parseOptions);

        var driver = CSharpGeneratorDriver.Create([new MpiMessageGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(3, driver.GetRunResult().GeneratedTrees.Length);
        Assert.Empty(output.GetDiagnostics());
    }

    [Fact]
    public void InlineArrayFieldUnderCSharp11GeneratesNothing()
    {
        // C# 11 can declare a field of an inline array but not index it, as the generated code would.
        var parseOptions = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11);
        var compilation = WithParseOptions(GeneratorHarness.Compile(InlineArrayMessage), parseOptions);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var driver = CSharpGeneratorDriver.Create([new MpiMessageGenerator().AsSourceGenerator()], parseOptions: parseOptions).RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal(MessageProblem.None, MessageTypeRules.CheckCompilation(compilation));
        Assert.Equal(MessageProblem.LanguageVersionTooLow, MessageTypeRules.Analyze(FindTarget(compilation), compilation, CancellationToken.None).Problem);
    }

    /// <summary>Message types without fixed buffers: nested, readonly, an auto-property, Half, Complex, a vector, a bool.</summary>
    private const string SafeMessages = """
        using System;
        using System.Numerics;
        using TypedMpi;

        namespace Safe;

        [MpiMessage]
        public partial struct Inner { public int Count; public Half Gain; }

        [MpiMessage]
        public readonly partial struct Outer
        {
            public readonly Inner Inner;
            public readonly Vector3 Direction;
            private readonly double _weight;
            public long Id { get; init; }
        }

        [MpiMessage]
        public partial record struct Mixed(Complex Amplitude, bool Active);
        """;

    private const string InlineArrayMessage = """
        using System.Runtime.CompilerServices;
        using TypedMpi;

        [InlineArray(3)]
        public struct Three { private double _element; }

        [MpiMessage]
        public partial struct Target { public Three Values; public readonly int Count; }
        """;

    private static Compilation WithParseOptions(Compilation compilation, CSharpParseOptions parseOptions)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), parseOptions));
        }

        return compilation;
    }

    [Fact]
    public void OldLanguageVersionGeneratesNothing()
    {
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            [MpiMessage]
            public partial struct Target { public int Value; }
            """);
        var tree = Assert.Single(compilation.SyntaxTrees);
        var old = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp10)));

        var driver = GeneratorHarness.CreateDriver().RunGenerators(old);
        var result = Assert.Single(driver.GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        Assert.Equal(MessageProblem.LanguageVersionTooLow, MessageTypeRules.CheckCompilation(old));
    }

    [Fact]
    public void BrokenSourceDoesNotThrow()
    {
        // Half-typed code, as in an editor: a field of a type that does not exist, an unfinished member.
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            [MpiMessage]
            public partial struct Target { public Missing Value; public int
            """);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void AttributeOnTwoPartialDeclarationsDoesNotThrow()
    {
        // CS0579 (duplicate attribute): both declarations reach the generator and would ask for the same file, which
        // Roslyn rejects for the whole generator; the compiler error is enough.
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            [MpiMessage]
            public partial struct Target { public int First; }

            [MpiMessage]
            public partial struct Target { public int Second; }
            """);

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = Assert.Single(driver.GetRunResult().Results);

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    private static INamedTypeSymbol FindTarget(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (declaration.Identifier.Text == "Target")
                {
                    return (INamedTypeSymbol)model.GetDeclaredSymbol(declaration)!;
                }
            }
        }

        throw new InvalidOperationException("no type named Target");
    }
}
