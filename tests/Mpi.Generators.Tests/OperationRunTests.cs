using System.Reflection;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// Runs the generated operations for real: the test compilation is emitted and loaded, and each operation's
/// <c>Apply</c> is reached through <see cref="IMpiOperation{T}"/> from generic code in this assembly, as the runtime's
/// kernel reaches it; the generated <see cref="MpiOp"/> properties are read too.
/// </summary>
public sealed class OperationRunTests
{
    private const string Source = """
        using System;
        using TypedMpi;

        namespace Ops;

        [MpiMessage]
        public partial struct Extent
        {
            public double Low, High;

            public Extent(double low, double high) => (Low, High) = (low, high);

            [MpiOperation]
            public static Extent Merge(in Extent a, in Extent b) => new(Math.Min(a.Low, b.Low), Math.Max(a.High, b.High));

            public override readonly string ToString() => FormattableString.Invariant($"[{Low}, {High}]");
        }

        /// <summary>An affine map x ↦ Scale·x + Shift; composition does not commute.</summary>
        public struct Affine
        {
            public double Scale, Shift;

            public Affine(double scale, double shift) => (Scale, Shift) = (scale, shift);

            public override readonly string ToString() => FormattableString.Invariant($"{Scale}x + {Shift}");
        }

        public static partial class Maps
        {
            /// <summary>Applies <paramref name="first"/>, then <paramref name="second"/>.</summary>
            [MpiOperation(Commutative = false)]
            internal static Affine Then(Affine first, Affine second) => new(second.Scale * first.Scale, second.Scale * first.Shift + second.Shift);

            public partial class Numbers
            {
                [MpiOperation]
                private static double Hypot(in double x, ref readonly double y) => Math.Sqrt(x * x + y * y);

                /// <summary>Named like the generated struct's own method: the call must still reach this one.</summary>
                [MpiOperation]
                public static long Apply(long a, long b) => a * 10 + b;
            }
        }
        """;

    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        GeneratorHarness.AssertClean(output);
        return GeneratorHarness.Load(output);
    });

    /// <summary>How the runtime calls an operation: through the interface, from generic code.</summary>
    private static T Run<T, TOperation>(T left, T right) where T : unmanaged where TOperation : IMpiOperation<T> =>
        TOperation.Apply(in left, in right);

    [Fact]
    public void CommutativeOperationOnMessageStruct()
    {
        var extent = Type("Ops.Extent");
        var a = Activator.CreateInstance(extent, 1.0, 4.0)!;
        var b = Activator.CreateInstance(extent, -2.0, 3.0)!;

        Assert.Equal("[-2, 4]", Apply(extent, "MergeOperation", extent, a, b).ToString());
        AssertOp(extent, "MergeOp", "Merge", commutative: true);
    }

    [Fact]
    public void NonCommutativeOperationKeepsTheOrder()
    {
        var maps = Type("Ops.Maps");
        var affine = Type("Ops.Affine");
        var doubleIt = Activator.CreateInstance(affine, 2.0, 0.0)!;
        var addOne = Activator.CreateInstance(affine, 1.0, 1.0)!;

        // 2x, then +1: 2x + 1; +1, then 2x: 2x + 2.
        Assert.Equal("2x + 1", Apply(maps, "ThenOperation", affine, doubleIt, addOne).ToString());
        Assert.Equal("2x + 2", Apply(maps, "ThenOperation", affine, addOne, doubleIt).ToString());
        AssertOp(maps, "ThenOp", "Then", commutative: false);
    }

    [Fact]
    public void PrivateOperationOnDoubleInNestedClass()
    {
        var numbers = Type("Ops.Maps+Numbers");

        Assert.Equal(5.0, Apply(numbers, "HypotOperation", typeof(double), 3.0, 4.0));
        AssertOp(numbers, "HypotOp", "Hypot", commutative: true);
    }

    [Fact]
    public void MethodNamedApplyIsCalledNotTheStructsOwn()
    {
        var numbers = Type("Ops.Maps+Numbers");

        Assert.Equal(12L, Apply(numbers, "ApplyOperation", typeof(long), 1L, 2L));
        AssertOp(numbers, "ApplyOp", "Apply", commutative: true);
    }

    private static Type Type(string name) => Generated.Value.GetType(name, throwOnError: true)!;

    /// <summary>Calls <see cref="Run{T, TOperation}"/> with the generated private struct as <c>TOperation</c>.</summary>
    private static object Apply(Type container, string structName, Type element, object left, object right)
    {
        var operation = container.GetNestedType(structName, BindingFlags.NonPublic);
        Assert.NotNull(operation);
        Assert.True(operation.IsValueType);
        var run = typeof(OperationRunTests).GetMethod(nameof(Run), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element, operation);
        return run.Invoke(null, [left, right])!;
    }

    /// <summary>The generated property: a user-defined op with the method's name and the attribute's commutativity.</summary>
    private static void AssertOp(Type container, string propertyName, string name, bool commutative)
    {
        var property = container.GetProperty(propertyName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        Assert.NotNull(property);
        var op = Assert.IsType<MpiOp>(property.GetValue(null));
        Assert.True(op.IsUserDefined);
        Assert.Equal(name, op.Name);
        Assert.Equal(commutative, op.IsCommutative);
        Assert.Same(op.ToString(), property.GetValue(null) is MpiOp again ? again.ToString() : null);
    }
}
