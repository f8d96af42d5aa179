using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Generators.Model;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// The <c>[MpiOperation]</c> pipeline must not redo work for edits that do not change an operation's signature, name,
/// accessibility or commutativity: not even an edit of the method's body.
/// </summary>
public sealed class OperationIncrementalityTests
{
    private static readonly string[] OperationSteps =
        [MpiMessageGenerator.TrackingNames.OperationModels, MpiMessageGenerator.TrackingNames.SupportedOperationModels];

    private const string Operations = """
        using System;
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        public partial struct Extent
        {
            public double Low, High;

            [MpiOperation]
            public static Extent Merge(in Extent a, in Extent b) => new() { Low = Math.Min(a.Low, b.Low), High = Math.Max(a.High, b.High) };
        }

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }

        public static partial class Maps
        {
            [MpiOperation(Commutative = false)]
            internal static double Then(double first, double second) => first * second + 1;
        }
        """;

    /// <summary>One message file and two operation files.</summary>
    private const int GeneratedFiles = 3;

    [Fact]
    public void AddingAnUnrelatedFileReusesEverything()
    {
        var before = GeneratorHarness.Compile(Operations);
        var after = before.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Value; }", GeneratorHarness.ParseOptions));

        AssertNothingRedone(RunTwice(before, after));
    }

    [Fact]
    public void EditingBodiesCommentsAndUnrelatedCodeDoesNotRegenerate()
    {
        // The operation methods' bodies change, the helper grows and moves, everything is reformatted: no model changes.
        const string edited = """
            using System;
            using TypedMpi;

            namespace Demo;

            public static class Helpers
            {
                public static int Twice(int x) => x + x;

                public static int Thrice(int x) => 3 * x;
            }

            [MpiMessage]
            public partial struct Extent
            {
                public double Low,   High;

                [MpiOperation]
                public static Extent Merge(in Extent a, in Extent b) =>
                    new() { Low = Math.Min(b.Low, a.Low), High = Math.Max(b.High, a.High) };   // order does not matter
            }

            public static partial class Maps
            {
                /// <summary>Now documented, and computed differently.</summary>
                [MpiOperation(Commutative = false)]
                internal static double Then(double first, double second)
                {
                    return (first * second) + 1.0;
                }
            }
            """;
        var before = GeneratorHarness.Compile(Operations);
        var after = before.ReplaceSyntaxTree(before.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: "Source0.cs"));

        AssertNothingRedone(RunTwice(before, after));
    }

    [Fact]
    public void ChangingOneOperationRegeneratesOnlyThatOperation()
    {
        // The check above must be able to fail: making Then commutative changes its file, and only its.
        var before = GeneratorHarness.Compile(Operations);
        var after = before.ReplaceSyntaxTree(
            before.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Operations.Replace("Commutative = false", "Commutative = true"), GeneratorHarness.ParseOptions, path: "Source0.cs"));

        var result = RunTwice(before, after);

        var models = result.TrackedSteps[MpiMessageGenerator.TrackingNames.SupportedOperationModels].SelectMany(step => step.Outputs).ToList();
        Assert.Equal(2, models.Count);
        Assert.Single(models, output => output.Reason == IncrementalStepRunReason.Modified);
        var outputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToList();
        Assert.Equal(GeneratedFiles, outputs.Count);
        Assert.Single(outputs, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(
            "commutative: true",
            Assert.Single(result.GeneratedSources, source => source.HintName == "Demo.Maps.Then.MpiOperation.g.cs").SourceText.ToString());
    }

    [Fact]
    public void SameSourceGivesEqualModels()
    {
        var first = ModelsOf(GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Operations)).GetRunResult().Results.Single());
        var second = ModelsOf(GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Operations)).GetRunResult().Results.Single());

        Assert.Equal(2, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(first.Select(model => model.GetHashCode()), second.Select(model => model.GetHashCode()));
        Assert.NotSame(first[0], second[0]);
    }

    [Fact]
    public void ModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        IncrementalityTests.CheckModelType(typeof(OperationModel), nameof(OperationModel), []);

        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Operations)).GetRunResult().Results.Single();
        Assert.All(ModelsOf(result), model => Assert.IsType<OperationModel>(model));
    }

    private static List<object> ModelsOf(GeneratorRunResult result) =>
        result.TrackedSteps[MpiMessageGenerator.TrackingNames.SupportedOperationModels].SelectMany(step => step.Outputs).Select(output => output.Value).ToList();

    private static GeneratorRunResult RunTwice(Compilation before, Compilation after)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(before);
        Assert.Equal(GeneratedFiles, driver.GetRunResult().GeneratedTrees.Length);
        driver = driver.RunGenerators(after);
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>Every tracked operation step and every output is Cached or Unchanged.</summary>
    private static void AssertNothingRedone(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        Assert.Equal(GeneratedFiles, result.GeneratedSources.Length);
        foreach (var name in OperationSteps)
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {name}: {output.Reason}"));
        }

        var sourceOutputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToList();
        Assert.Equal(GeneratedFiles, sourceOutputs.Count);
        Assert.All(sourceOutputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"source output: {output.Reason}"));
    }
}
