using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMpi.Generators.Model;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// The pipeline must not redo work for edits that do not change a message type: models compare by value, and
/// nothing in a model refers back to the compilation.
/// </summary>
public sealed class IncrementalityTests
{
    private static readonly string[] MessageSteps = [MpiMessageGenerator.TrackingNames.Models, MpiMessageGenerator.TrackingNames.SupportedModels];

    private const string Messages = """
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        public partial struct Velocity
        {
            public double X, Y;
        }

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }

        [MpiMessage]
        public partial struct Body
        {
            public Velocity Velocity;
            public int Id;
        }
        """;

    [Fact]
    public void AddingAnUnrelatedFileReusesEverything()
    {
        var before = GeneratorHarness.Compile(Messages);
        var after = before.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Value; }", GeneratorHarness.ParseOptions));

        var result = RunTwice(before, after);

        AssertNothingRedone(result);
    }

    [Fact]
    public void WhitespaceCommentsAndMovedCodeDoNotRegenerate()
    {
        const string edited = """
            using TypedMpi;

            namespace Demo;

            // The same message types, reformatted and commented, with the helper moved to the top and grown.
            public static class Helpers
            {
                public static int Twice(int x)
                    => 2 * x;

                public static int Thrice(int x) => 3 * x;
            }

            [MpiMessage]
            public partial struct Velocity
            {
                public double X,   Y;
            }

            /// <summary>Something that moves.</summary>
            [MpiMessage]
            public partial struct Body
            {
                public Velocity Velocity;   // where it is going

                public int Id;
            }
            """;
        var before = GeneratorHarness.Compile(Messages);
        var after = before.ReplaceSyntaxTree(before.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: "Source0.cs"));

        var result = RunTwice(before, after);

        AssertNothingRedone(result);
    }

    [Fact]
    public void ChangingOneTypeRegeneratesOnlyThatType()
    {
        // The check above must be able to fail: renaming Body's field changes Body's file, and only Body's.
        var before = GeneratorHarness.Compile(Messages);
        var after = before.ReplaceSyntaxTree(
            before.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Messages.Replace("public int Id;", "public int Identifier;"), GeneratorHarness.ParseOptions, path: "Source0.cs"));

        var result = RunTwice(before, after);

        var outputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.Single(outputs, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(outputs, output => output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Contains("\"Identifier\"", Assert.Single(result.GeneratedSources, source => source.HintName == "Demo.Body.MpiMessage.g.cs").SourceText.ToString());
    }

    [Fact]
    public void SameSourceGivesEqualModels()
    {
        var first = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Messages)).GetRunResult().Results.Single();
        var second = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Messages)).GetRunResult().Results.Single();

        var firstModels = ModelsOf(first);
        var secondModels = ModelsOf(second);

        Assert.Equal(2, firstModels.Count);
        Assert.Equal(firstModels, secondModels);
        Assert.Equal(firstModels.Select(model => model.GetHashCode()), secondModels.Select(model => model.GetHashCode()));
        Assert.NotSame(firstModels[0], secondModels[0]);
    }

    [Fact]
    public void ModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var checkedTypes = new HashSet<Type>();
        CheckModelType(typeof(MessageTypeModel), nameof(MessageTypeModel), checkedTypes);

        // And the values the pipeline actually carries are those model types.
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Messages)).GetRunResult().Results.Single();
        Assert.All(ModelsOf(result), model => Assert.IsType<MessageTypeModel>(model));
    }

    /// <summary>Walks every property and field: only strings, primitives, enums, equatable arrays and other model records.</summary>
    internal static void CheckModelType(Type type, string path, HashSet<Type> checkedTypes)
    {
        Assert.False(typeof(ISymbol).IsAssignableFrom(type), $"{path} is an ISymbol");
        Assert.False(typeof(Compilation).IsAssignableFrom(type), $"{path} is a Compilation");
        Assert.False(typeof(SemanticModel).IsAssignableFrom(type), $"{path} is a SemanticModel");
        Assert.False(typeof(SyntaxNode).IsAssignableFrom(type), $"{path} is a SyntaxNode");
        Assert.False(type == typeof(SyntaxTree) || type == typeof(Location) || type == typeof(object), $"{path} is a {type.Name}");
        if (!checkedTypes.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            CheckModelType(type.GetGenericArguments()[0], path + "[]", checkedTypes);
            return;
        }

        Assert.True(type.Namespace == typeof(MessageTypeModel).Namespace && type.IsSealed, $"{path}: {type} is not a sealed model type");
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            CheckModelType(field.FieldType, $"{path}.{field.Name}", checkedTypes);
        }
    }

    private static List<object> ModelsOf(GeneratorRunResult result) =>
        result.TrackedSteps[MpiMessageGenerator.TrackingNames.SupportedModels].SelectMany(step => step.Outputs).Select(output => output.Value).ToList();

    private static GeneratorRunResult RunTwice(Compilation before, Compilation after)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(before);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);
        driver = driver.RunGenerators(after);
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>Every tracked message step and every output is Cached or Unchanged.</summary>
    private static void AssertNothingRedone(GeneratorRunResult result)
    {
        Assert.Equal(2, result.GeneratedSources.Length);
        foreach (var name in MessageSteps)
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {name}: {output.Reason}"));
        }

        var sourceOutputs = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToList();
        Assert.Equal(2, sourceOutputs.Count);
        Assert.All(sourceOutputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"source output: {output.Reason}"));
    }
}
