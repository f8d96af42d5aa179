using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// One snapshot per shape of <c>[MpiOperation]</c> method: only the operation files are in the snapshot, but each test
/// compiles everything generated with the user's code and fails on any warning or error.
/// </summary>
public sealed class OperationSnapshotTests
{
    [Fact]
    public void CommutativeOperationOnMessageStruct() => Verify("""
        using System;
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        public partial struct Extent
        {
            public double Low, High;

            /// <summary>The smallest extent covering both.</summary>
            [MpiOperation]
            public static Extent Merge(in Extent a, in Extent b) => new() { Low = Math.Min(a.Low, b.Low), High = Math.Max(a.High, b.High) };
        }
        """);

    [Fact]
    public void NonCommutativeOperationInStaticClass() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>An affine map x ↦ Scale·x + Shift.</summary>
        public struct Affine
        {
            public double Scale, Shift;
        }

        public static partial class Maps
        {
            /// <summary>Applies <paramref name="first"/>, then <paramref name="second"/>: composition does not commute.</summary>
            [MpiOperation(Commutative = false)]
            internal static Affine Then(Affine first, Affine second) =>
                new() { Scale = second.Scale * first.Scale, Shift = second.Scale * first.Shift + second.Shift };
        }
        """);

    [Fact]
    public void DoubleOperationInNestedClass() => Verify("""
        using System;
        using TypedMpi;

        namespace Demo.Numerics
        {
            public static partial class Kernels
            {
                public partial class Norms
                {
                    /// <summary>The Euclidean norm of two partial norms; the second parameter is ref readonly.</summary>
                    [MpiOperation(Commutative = true)]
                    public static double Hypot(in double x, ref readonly double y) => Math.Sqrt(x * x + y * y);
                }
            }
        }
        """);

    [Fact]
    public void PrivateMethod() => Verify("""
        using TypedMpi;

        namespace Demo;

        public partial struct Counter
        {
            public long Value;

            /// <summary>Private: the property is private too, for the type's own reductions.</summary>
            [MpiOperation]
            static Counter Add(Counter a, Counter b) => new() { Value = a.Value + b.Value };

            public static TypedMpi.MpiOp Summing => AddOp;
        }
        """);

    [Fact]
    public void GlobalNamespaceOverloadAndGenericElementType() => Verify("""
        using TypedMpi;

        /// <summary>Outside any namespace; the method has a plain overload (no bare cref) and a generic element type.</summary>
        public partial class Best
        {
            [MpiOperation]
            public static ValueIndex<double> Pick(ValueIndex<double> a, in ValueIndex<double> b) => a.Value >= b.Value ? a : b;

            public static int Pick(int a, int b) => a >= b ? a : b;
        }
        """);

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        GeneratorHarness.AssertClean(output);
        var operations = result.GeneratedSources.Where(generated => generated.HintName.EndsWith(".MpiOperation.g.cs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(operations);
        Snapshot.Match(
            string.Join("\n", operations.OrderBy(generated => generated.HintName, StringComparer.Ordinal).Select(generated => $"//HintName: {generated.HintName}\n{generated.SourceText}")),
            method: method);
    }
}
