using System.Reflection;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// Runs the generated kernels for real: the test compilation is emitted and loaded, and each kernel is called through
/// the function pointer <c>GetReduction</c> returns, exactly as MPI would call it.
/// </summary>
public sealed class ReductionKernelTests
{
    private const string Source = """
        using System;
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using TypedMpi;

        namespace Kernels;

        [MpiMessage]
        public partial struct Inner
        {
            public int Count;
            public float Weight;
        }

        [InlineArray(3)]
        public struct Three
        {
            private double _element;
        }

        /// <summary>A nested message, a fixed buffer, an inline array, a vector, a Half and small and large integers.</summary>
        [MpiMessage]
        public unsafe partial struct Outer
        {
            public Inner Inner;
            public fixed short Bins[2];
            public Three Values;
            public Vector3 Direction;
            public Half Gain;
            public byte Small;
            public long Big;

            public static Outer Of(int count, float weight, short bin0, short bin1, double value0, double value1, double value2, Vector3 direction, float gain, byte small, long big)
            {
                var outer = new Outer { Inner = new Inner { Count = count, Weight = weight }, Direction = direction, Gain = (Half)gain, Small = small, Big = big };
                outer.Bins[0] = bin0;
                outer.Bins[1] = bin1;
                outer.Values[0] = value0;
                outer.Values[1] = value1;
                outer.Values[2] = value2;
                return outer;
            }

            public override readonly string ToString() => FormattableString.Invariant(
                $"Inner=({Inner.Count}, {Inner.Weight}) Bins=[{Bins[0]}, {Bins[1]}] Values=[{Values[0]}, {Values[1]}, {Values[2]}] Direction=({Direction.X}, {Direction.Y}, {Direction.Z}) Gain={Gain} Small={Small} Big={Big}");
        }

        /// <summary>Positional parameters of a readonly record struct: init-only auto-properties.</summary>
        [MpiMessage]
        public readonly partial record struct Reading(double Value, int Count);

        /// <summary>A readonly field (written through Unsafe.AsRef) and an auto-property (through its backing field).</summary>
        [MpiMessage]
        public partial struct Station
        {
            public readonly Reading Latest;

            public Station(Reading latest, long id) => (Latest, Id) = (latest, id);

            public long Id { get; set; }

            public override readonly string ToString() => FormattableString.Invariant($"Latest=({Latest.Value}, {Latest.Count}) Id={Id}");
        }

        /// <summary>A bool rules out every reduction.</summary>
        [MpiMessage]
        public partial struct Flagged
        {
            public bool On;
            public int Value;
        }

        public static class Harness
        {
            /// <summary>Calls the kernel as MPI does: inout[i] = input[i] op inout[i] for every element.</summary>
            public static unsafe bool Reduce<T>(MpiReduction reduction, T[] input, T[] inout) where T : unmanaged, IMpiMessage<T>
            {
                var kernel = T.GetReduction(reduction);
                if (kernel == null)
                {
                    return false;
                }

                var length = input.Length;
                fixed (T* source = input)
                fixed (T* target = inout)
                {
                    kernel(source, target, &length, null);
                }

                return true;
            }

            public static string Run(MpiReduction reduction)
            {
                Outer[] input =
                [
                    Outer.Of(1, 0.5f, 1, -2, 1.5, 2, -3, new Vector3(1, 2, 3), 1.5f, 200, 10),
                    Outer.Of(2, 1, 3, 4, 1, 1, 1, new Vector3(0, 0, 0), 0.5f, 1, 100),
                ];
                Outer[] inout =
                [
                    Outer.Of(4, 2, 10, 20, 0.25, -1, 4, new Vector3(-1, 5, 0.5f), 2, 100, -3),
                    Outer.Of(3, 3, 5, -6, 2, 2, 2, new Vector3(1, 1, 1), 0.25f, 2, 200),
                ];
                return Reduce(reduction, input, inout) ? $"{inout[0]} | {inout[1]}" : "no kernel";
            }

            public static string RunStations(MpiReduction reduction)
            {
                Station[] input = [new(new Reading(1.5, 2), 7), new(new Reading(-1, 9), 1)];
                Station[] inout = [new(new Reading(2, 5), 3), new(new Reading(4, -3), 2)];
                return Reduce(reduction, input, inout) ? $"{inout[0]} | {inout[1]}" : "no kernel";
            }

            public static bool HasKernel(MpiReduction reduction) => Reduce(reduction, new Flagged[1], new Flagged[1]);
        }
        """;

    private static readonly Lazy<Type> Harness = new(() =>
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        GeneratorHarness.AssertClean(output);
        return GeneratorHarness.Load(output).GetType("Kernels.Harness", throwOnError: true)!;
    });

    [Theory]
    [InlineData(
        MpiReduction.Sum,
        // 200 + 100 wraps around in a byte: 44.
        "Inner=(5, 2.5) Bins=[11, 18] Values=[1.75, 1, 1] Direction=(0, 7, 3.5) Gain=3.5 Small=44 Big=7 | " +
        "Inner=(5, 4) Bins=[8, -2] Values=[3, 3, 3] Direction=(1, 1, 1) Gain=0.75 Small=3 Big=300")]
    [InlineData(
        MpiReduction.Prod,
        // 200 × 100 = 20000 wraps around to 32.
        "Inner=(4, 1) Bins=[10, -40] Values=[0.375, -2, -12] Direction=(-1, 10, 1.5) Gain=3 Small=32 Big=-30 | " +
        "Inner=(6, 3) Bins=[15, -24] Values=[2, 2, 2] Direction=(0, 0, 0) Gain=0.125 Small=2 Big=20000")]
    [InlineData(
        MpiReduction.Min,
        "Inner=(1, 0.5) Bins=[1, -2] Values=[0.25, -1, -3] Direction=(-1, 2, 0.5) Gain=1.5 Small=100 Big=-3 | " +
        "Inner=(2, 1) Bins=[3, -6] Values=[1, 1, 1] Direction=(0, 0, 0) Gain=0.25 Small=1 Big=100")]
    [InlineData(
        MpiReduction.Max,
        "Inner=(4, 2) Bins=[10, 20] Values=[1.5, 2, 4] Direction=(1, 5, 3) Gain=2 Small=200 Big=10 | " +
        "Inner=(3, 3) Bins=[5, 4] Values=[2, 2, 2] Direction=(1, 1, 1) Gain=0.5 Small=2 Big=200")]
    public void KernelCombinesEveryFieldOfEveryElement(MpiReduction reduction, string expected)
    {
        var run = Harness.Value.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;

        Assert.Equal(expected, run.Invoke(null, [reduction]));
    }

    [Theory]
    [InlineData(MpiReduction.Sum, "Latest=(3.5, 7) Id=10 | Latest=(3, 6) Id=3")]
    [InlineData(MpiReduction.Prod, "Latest=(3, 10) Id=21 | Latest=(-4, -27) Id=2")]
    [InlineData(MpiReduction.Min, "Latest=(1.5, 2) Id=3 | Latest=(-1, -3) Id=1")]
    [InlineData(MpiReduction.Max, "Latest=(2, 5) Id=7 | Latest=(4, 9) Id=2")]
    public void ReadonlyFieldsAndAutoPropertiesAreCombined(MpiReduction reduction, string expected)
    {
        var run = Harness.Value.GetMethod("RunStations", BindingFlags.Public | BindingFlags.Static)!;

        Assert.Equal(expected, run.Invoke(null, [reduction]));
    }

    [Theory]
    [InlineData(MpiReduction.Sum)]
    [InlineData(MpiReduction.Prod)]
    [InlineData(MpiReduction.Min)]
    [InlineData(MpiReduction.Max)]
    public void TypeWithABoolHasNoKernel(MpiReduction reduction)
    {
        var hasKernel = Harness.Value.GetMethod("HasKernel", BindingFlags.Public | BindingFlags.Static)!;

        Assert.Equal(false, hasKernel.Invoke(null, [reduction]));
    }
}
