using TypedMpi.Generators.Tests.Helpers;

namespace TypedMpi.Generators.Tests;

/// <summary>
/// One snapshot per shape of message type. Each test also compiles the generated code with the user's, and fails on
/// any warning or error in the result.
/// </summary>
public sealed class GeneratorSnapshotTests
{
    [Fact]
    public void SimpleNumericStruct() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>Integers of every width, floats and native integers: all four reductions.</summary>
        [MpiMessage]
        public partial struct Particle
        {
            public double X, Y, Z;
            public float Mass;
            public int Id;
            public long Steps;
            public byte Flags;
            public short Charge;
            public nint Handle;
        }
        """);

    [Fact]
    public void NestedMessageEnumAndBool() => Verify("""
        using TypedMpi;

        namespace Demo;

        public enum Species : short { Hydrogen = 1, Helium = 2 }

        [MpiMessage]
        public partial struct Velocity
        {
            public double X, Y;
        }

        /// <summary>The enum, bool and char fields rule out every reduction; the nested message is described as itself.</summary>
        [MpiMessage]
        public partial struct Body
        {
            public Velocity Velocity;
            public Species Species;
            public bool Active;
            public char Label;
        }
        """);

    [Fact]
    public void PaddedStruct() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>A byte then a double: seven bytes of padding that the datatype skips.</summary>
        [MpiMessage]
        public partial struct Padded
        {
            public byte Flag;
            public double Value;
            public ushort Tail;
        }
        """);

    [Fact]
    public void FixedBuffer() => Verify("""
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        public unsafe partial struct Histogram
        {
            public fixed int Bins[8];
            public fixed double Edges[2];
            public int Total;
        }
        """);

    [Fact]
    public void InlineArrayField() => Verify("""
        using System.Numerics;
        using System.Runtime.CompilerServices;
        using TypedMpi;

        namespace Demo;

        [InlineArray(4)]
        public struct Float4
        {
            private float _element;
        }

        [InlineArray(2)]
        public struct TwoVectors
        {
            private Vector2 _element;
        }

        [MpiMessage]
        public partial struct Weights
        {
            public Float4 Values;
            public TwoVectors Corners;
            public long Total;
        }
        """);

    [Fact]
    public void ComplexVectorAndHalf() => Verify("""
        using System;
        using System.Numerics;
        using TypedMpi;

        namespace Demo;

        /// <summary>Complex has no order, so Min and Max are left out.</summary>
        [MpiMessage]
        public partial struct Spectrum
        {
            public Complex Amplitude;
            public Half Gain;
            public Vector3 Direction;
            public Vector4 Color;
        }
        """);

    [Fact]
    public void ExplicitLayout() => Verify("""
        using System.Runtime.InteropServices;
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        [StructLayout(LayoutKind.Explicit, Size = 24)]
        public partial struct Header
        {
            [FieldOffset(16)] public int Last;
            [FieldOffset(0)] public double First;
            [FieldOffset(8)] public float Middle;
        }
        """);

    [Fact]
    public void PackedLayout() => Verify("""
        using System.Runtime.InteropServices;
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public partial struct Packed
        {
            public byte Tag;
            public double Value;
        }
        """);

    [Fact]
    public void RecordStruct() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>Positional parameters are auto-properties: their backing fields are reached through UnsafeAccessor.</summary>
        [MpiMessage]
        public partial record struct Point(double X, double Y)
        {
            public int Weight;
        }

        /// <summary>Field-backed positional parameters: plain fields.</summary>
        [MpiMessage]
        public partial record struct Cell(int Row, int Column)
        {
            public int Row = Row;
            public int Column = Column;
        }
        """);

    [Fact]
    public void ReadonlyStruct() => Verify("""
        using TypedMpi;

        namespace Demo;

        [MpiMessage]
        public partial struct Velocity
        {
            public double X, Y;
        }

        /// <summary>Readonly fields are written through Unsafe.AsRef: in a reduction they live in MPI's buffers.</summary>
        [MpiMessage]
        public readonly partial struct Sample
        {
            public readonly double Value;
            public readonly Velocity Velocity;
            public int Count { get; init; }

            public Sample(double value, Velocity velocity, int count) => (Value, Velocity, Count) = (value, velocity, count);
        }
        """);

    [Fact]
    public void StructNestedInPartialClass() => Verify("""
        using TypedMpi;

        namespace Demo.Physics
        {
            public static partial class Simulation
            {
                public partial record Step
                {
                    [MpiMessage]
                    public partial struct State
                    {
                        public double Time;
                        public int Iteration;
                    }
                }
            }
        }
        """);

    [Fact]
    public void GlobalNamespace() => Verify("""
        using TypedMpi;

        [MpiMessage]
        public partial struct Pair
        {
            public int First;
            public int Second;
        }
        """);

    [Fact]
    public void PrivateFields() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>Private fields are fine: the generated code is part of the struct.</summary>
        [MpiMessage]
        public partial struct Account
        {
            private long _balance;
            private readonly int _owner;

            public Account(long balance, int owner) => (_balance, _owner) = (balance, owner);

            public readonly long Balance => _balance;

            public readonly int Owner => _owner;

            public void Deposit(long amount) => _balance += amount;
        }
        """);

    [Fact]
    public void PrivateNestedType() => Verify("""
        using TypedMpi;

        namespace Demo;

        public partial class Solver
        {
            /// <summary>Private: a module initializer cannot see it from outside, so Solver hosts the registration.</summary>
            [MpiMessage]
            private partial struct Residual
            {
                public double Norm;
                public int Iteration;
            }
        }
        """);

    [Fact]
    public void ValueIndexAndStaticMembers() => Verify("""
        using TypedMpi;

        namespace Demo;

        /// <summary>Statics and constants are not part of the message; ValueIndex has no field-wise arithmetic.</summary>
        [MpiMessage]
        public partial struct Best
        {
            public const int Version = 1;
            public static int Created;
            public ValueIndex<double> Value;
            public ValueIndex<int> Count;
        }
        """);

    [Fact]
    public void NestedMessageFromAnotherAssembly()
    {
        // Velocity comes compiled, with its generated interface: it is described by its own datatype, and Body
        // reduces it through its public combine methods, so Body has every reduction.
        var (_, library) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Shared;

            [MpiMessage]
            public partial struct Velocity
            {
                public double X, Y;
            }
            """));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        var compilation = GeneratorHarness.Compile("""
            using TypedMpi;

            namespace Demo;

            [MpiMessage]
            public partial struct Body
            {
                public Shared.Velocity Velocity;
                public int Id;
            }
            """).AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));

        var (result, output) = GeneratorHarness.Run(compilation);

        GeneratorHarness.AssertClean(output);
        Snapshot.Match(GeneratorHarness.Describe(result));
    }

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        GeneratorHarness.AssertClean(output);
        Snapshot.Match(GeneratorHarness.Describe(result), method: method);
    }
}
