using System.Reflection;
using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// Runs the generated reductions for real: the test compilation is emitted and loaded, and each type's
/// <c>Reduce</c> and <c>SupportedReductions</c> are reached through <see cref="IMpiMessage{TSelf}"/> from generic code
/// in this assembly, as the runtime's MPI user functions reach them.
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

        /// <summary>Complex has no order: Sum and Prod only.</summary>
        [MpiMessage]
        public partial struct Wave
        {
            public Complex Amplitude;
            public double Phase;
        }

        /// <summary>The inputs and initial targets; the test assembly runs the reductions through the interface.</summary>
        public static class Data
        {
            public static Outer[] OuterInput() =>
            [
                Outer.Of(1, 0.5f, 1, -2, 1.5, 2, -3, new Vector3(1, 2, 3), 1.5f, 200, 10),
                Outer.Of(2, 1, 3, 4, 1, 1, 1, new Vector3(0, 0, 0), 0.5f, 1, 100),
            ];

            public static Outer[] OuterTarget() =>
            [
                Outer.Of(4, 2, 10, 20, 0.25, -1, 4, new Vector3(-1, 5, 0.5f), 2, 100, -3),
                Outer.Of(3, 3, 5, -6, 2, 2, 2, new Vector3(1, 1, 1), 0.25f, 2, 200),
            ];

            public static Station[] StationInput() => [new(new Reading(1.5, 2), 7), new(new Reading(-1, 9), 1)];

            public static Station[] StationTarget() => [new(new Reading(2, 5), 3), new(new Reading(4, -3), 2)];

            public static Flagged[] Flags() => [new Flagged { On = true, Value = 1 }];

            public static Wave[] Waves() => [new Wave { Amplitude = new Complex(1, 2), Phase = 3 }];
        }
        """;

    /// <summary>The generated types, loaded from the emitted test compilation.</summary>
    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var (_, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        GeneratorHarness.AssertClean(output);
        return GeneratorHarness.Load(output);
    });

    /// <summary>How the runtime calls a message type's reduction: through the interface, from generic code.</summary>
    private static void Run<T>(MpiReduction reduction, ReadOnlySpan<T> source, Span<T> target) where T : unmanaged, IMpiMessage<T> =>
        T.Reduce(reduction, source, target);

    private static MpiReductions Supported<T>() where T : unmanaged, IMpiMessage<T> => T.SupportedReductions;

    /// <summary>Spans cannot go through reflection: arrays do, and become spans here.</summary>
    private static void RunArrays<T>(MpiReduction reduction, T[] source, T[] target) where T : unmanaged, IMpiMessage<T> =>
        Run<T>(reduction, source, target);

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
    public void ReduceCombinesEveryFieldOfEveryElement(MpiReduction reduction, string expected)
    {
        var source = Data("OuterInput");
        var target = Data("OuterTarget");

        Reduce("Kernels.Outer", reduction, source, target);

        Assert.Equal(expected, Describe(target));
        Assert.Equal(Describe(Data("OuterInput")), Describe(source));
    }

    [Theory]
    [InlineData(MpiReduction.Sum, "Latest=(3.5, 7) Id=10 | Latest=(3, 6) Id=3")]
    [InlineData(MpiReduction.Prod, "Latest=(3, 10) Id=21 | Latest=(-4, -27) Id=2")]
    [InlineData(MpiReduction.Min, "Latest=(1.5, 2) Id=3 | Latest=(-1, -3) Id=1")]
    [InlineData(MpiReduction.Max, "Latest=(2, 5) Id=7 | Latest=(4, 9) Id=2")]
    public void ReadonlyFieldsAndAutoPropertiesAreCombined(MpiReduction reduction, string expected)
    {
        var target = Data("StationTarget");

        Reduce("Kernels.Station", reduction, Data("StationInput"), target);

        Assert.Equal(expected, Describe(target));
    }

    [Theory]
    [InlineData("Kernels.Inner", MpiReductions.Sum | MpiReductions.Prod | MpiReductions.Min | MpiReductions.Max)]
    [InlineData("Kernels.Outer", MpiReductions.Sum | MpiReductions.Prod | MpiReductions.Min | MpiReductions.Max)]
    [InlineData("Kernels.Reading", MpiReductions.Sum | MpiReductions.Prod | MpiReductions.Min | MpiReductions.Max)]
    [InlineData("Kernels.Station", MpiReductions.Sum | MpiReductions.Prod | MpiReductions.Min | MpiReductions.Max)]
    [InlineData("Kernels.Wave", MpiReductions.Sum | MpiReductions.Prod)]
    [InlineData("Kernels.Flagged", MpiReductions.None)]
    public void SupportedReductionsAreThoseOfEveryField(string type, MpiReductions expected)
    {
        Assert.Equal(expected, SupportedReductions(Generated.Value.GetType(type, throwOnError: true)!));
    }

    [Theory]
    [InlineData(MpiReduction.Sum)]
    [InlineData(MpiReduction.Prod)]
    [InlineData(MpiReduction.Min)]
    [InlineData(MpiReduction.Max)]
    public void TypeWithABoolCannotBeReduced(MpiReduction reduction)
    {
        var target = Data("Flags");

        var exception = Assert.Throws<NotSupportedException>(() => Reduce("Kernels.Flagged", reduction, Data("Flags"), target));

        Assert.Equal($"Kernels.Flagged cannot be reduced with {reduction}: it has no field-wise reductions (On (bool) cannot be reduced).", exception.Message);
    }

    [Fact]
    public void UnsupportedReductionThrowsAndNamesTypeAndReduction()
    {
        var target = Data("Waves");

        var exception = Assert.Throws<NotSupportedException>(() => Reduce("Kernels.Wave", MpiReduction.Max, Data("Waves"), target));

        Assert.Equal("Kernels.Wave cannot be reduced with Max: its field-wise reductions are Sum and Prod (no Min or Max: Amplitude (Complex)).", exception.Message);
        Reduce("Kernels.Wave", MpiReduction.Sum, Data("Waves"), target);
        Assert.Equal(6.0, target.GetValue(0)!.GetType().GetField("Phase")!.GetValue(target.GetValue(0)));
    }

    [Fact]
    public void SpansOfDifferentLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Reduce("Kernels.Outer", MpiReduction.Sum, Data("OuterInput"), Array.CreateInstance(Generated.Value.GetType("Kernels.Outer")!, 1)));
    }

    [Fact]
    public void NestedMessageFromAnotherAssemblyIsReducedThroughItsPublicCombineMethods()
    {
        // Inner is compiled into a library of its own, with a fixed buffer (so unsafe code there); Outer, in an
        // application that does not allow unsafe code, calls Inner's public combine methods.
        var (_, library) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Library;

            [MpiMessage]
            public unsafe partial struct Inner
            {
                public int Count;
                public double Weight;
                public fixed short Bins[2];

                public static Inner Of(int count, double weight, short bin)
                {
                    var inner = new Inner { Count = count, Weight = weight };
                    inner.Bins[0] = bin;
                    inner.Bins[1] = (short)-bin;
                    return inner;
                }

                public override readonly string ToString() => System.FormattableString.Invariant($"{Count}, {Weight}, [{Bins[0]}, {Bins[1]}]");
            }
            """).WithAssemblyName("KernelLibrary"));
        var (_, application) = GeneratorHarness.Run(GeneratorHarness.Compile(allowUnsafe: false, """
            using TypedMpi;

            namespace Application;

            [MpiMessage]
            public partial struct Outer
            {
                public Library.Inner Inner;
                public long Id;

                public static Outer[] Of(params (int Count, double Weight, long Id)[] values) =>
                    System.Array.ConvertAll(values, v => new Outer { Inner = Library.Inner.Of(v.Count, v.Weight, (short)v.Count), Id = v.Id });

                public override readonly string ToString() => $"({Inner}, {Id})";
            }
            """).WithAssemblyName("KernelApplication").AddReferences(library.ToMetadataReference()));
        GeneratorHarness.AssertClean(application);
        var outer = GeneratorHarness.Load(library, application).GetType("Application.Outer", throwOnError: true)!;
        var of = outer.GetMethod("Of")!;
        var source = (Array)of.Invoke(null, [new[] { (1, 0.5, 10L), (2, 4.0, -1L) }])!;
        var target = (Array)of.Invoke(null, [new[] { (3, 1.5, 5L), (-4, 2.0, 7L) }])!;

        Assert.Equal(MpiReductions.Sum | MpiReductions.Prod | MpiReductions.Min | MpiReductions.Max, SupportedReductions(outer));
        Reduce(outer, MpiReduction.Sum, source, target);
        Assert.Equal("(4, 2, [4, -4], 15) | (-2, 6, [-2, 2], 6)", Describe(target));
        Reduce(outer, MpiReduction.Max, source, target);
        Assert.Equal("(4, 2, [4, -1], 15) | (2, 6, [2, 2], 6)", Describe(target));
    }

    [Fact]
    public void NestedMessageWithoutCallableCombineMethodsRulesOutReductions()
    {
        // As an older generator made it: the interface implemented, the combine methods internal to the library.
        var library = GeneratorHarness.Compile("""
            using System;
            using TypedMpi;

            namespace Library;

            [MpiMessage]
            public struct Legacy : IMpiMessage<Legacy>
            {
                public int Count;

                static void IMpiMessage<Legacy>.DescribeLayout(ref MpiLayoutBuilder layout)
                {
                    Legacy sample = default;
                    layout.Field(ref sample, ref sample.Count, "Count");
                }

                static MpiReductions IMpiMessage<Legacy>.SupportedReductions => MpiReductions.Sum;

                static void IMpiMessage<Legacy>.Reduce(MpiReduction reduction, ReadOnlySpan<Legacy> source, Span<Legacy> target)
                {
                    for (var i = 0; i < target.Length; i++)
                    {
                        CombineSum(ref target[i], in source[i]);
                    }
                }

                internal static void CombineSum(ref Legacy target, in Legacy source) => target.Count += source.Count;
            }
            """).WithAssemblyName("LegacyLibrary");
        GeneratorHarness.AssertClean(library);
        var (_, application) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Application;

            [MpiMessage]
            public partial struct Holder
            {
                public Library.Legacy Legacy;
                public int Id;
            }
            """).WithAssemblyName("LegacyApplication").AddReferences(library.ToMetadataReference()));
        GeneratorHarness.AssertClean(application);
        var holder = GeneratorHarness.Load(library, application).GetType("Application.Holder", throwOnError: true)!;

        Assert.Equal(MpiReductions.None, SupportedReductions(holder));
        var exception = Assert.Throws<NotSupportedException>(() => Reduce(holder, MpiReduction.Sum, Array.CreateInstance(holder, 1), Array.CreateInstance(holder, 1)));
        Assert.Contains("Legacy (a message type from another assembly without them)", exception.Message);
    }

    private static Array Data(string factory) =>
        (Array)Generated.Value.GetType("Kernels.Data", throwOnError: true)!.GetMethod(factory)!.Invoke(null, null)!;

    private static void Reduce(string type, MpiReduction reduction, Array source, Array target) =>
        Reduce(Generated.Value.GetType(type, throwOnError: true)!, reduction, source, target);

    private static void Reduce(Type type, MpiReduction reduction, Array source, Array target) =>
        typeof(ReductionKernelTests).GetMethod(nameof(RunArrays), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [reduction, source, target], culture: null);

    private static MpiReductions SupportedReductions(Type type) =>
        (MpiReductions)typeof(ReductionKernelTests).GetMethod(nameof(Supported), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, [], culture: null)!;

    private static string Describe(Array values) => string.Join(" | ", values.Cast<object>());
}
