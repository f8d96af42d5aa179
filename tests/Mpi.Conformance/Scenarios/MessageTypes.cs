using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TypedMpi.Conformance.Scenarios;

// The message types the message scenarios send: each exercises one thing the generator must describe.

[MpiMessage]
public partial struct Vec3d
{
    public double X, Y, Z;

    public static Vec3d Of(int seed) => new() { X = seed, Y = seed * 2, Z = -seed };
}

public enum Species : short
{
    Hydrogen = 1,
    Helium = 2,
    Lithium = 3,
}

/// <summary>Nested message, enum, bool and char: no arithmetic reductions.</summary>
[MpiMessage]
public partial struct Body
{
    public Vec3d Position;
    public Species Species;
    public bool Active;
    public char Label;
    public int Id;

    public static Body Of(int seed) => new()
    {
        Position = Vec3d.Of(seed),
        Species = (Species)(1 + seed % 3),
        Active = seed % 2 == 1,
        Label = (char)('A' + seed % 26),
        Id = 100 + seed,
    };
}

/// <summary>A byte then a double: seven bytes of padding that must not travel or be assumed away.</summary>
[MpiMessage]
public partial struct Padded
{
    public byte Flag;
    public double Value;
    public short Small;

    public static Padded Of(int seed) => new() { Flag = (byte)(seed + 1), Value = seed * 1.5, Small = (short)(-seed) };
}

[InlineArray(4)]
public struct Float4
{
    private float _element;
}

/// <summary>A fixed-size buffer and an inline array: counts above one.</summary>
[MpiMessage]
public unsafe partial struct Samples
{
    public fixed int Counts[5];
    public Float4 Weights;
    public long Total;

    public static Samples Of(int seed)
    {
        var samples = new Samples { Total = seed * 1000L };
        for (var i = 0; i < 5; i++)
        {
            samples.Counts[i] = seed * 10 + i;
        }

        for (var i = 0; i < 4; i++)
        {
            samples.Weights[i] = seed + i * 0.25f;
        }

        return samples;
    }

    public readonly string Describe()
    {
        var counts = new int[5];
        for (var i = 0; i < 5; i++)
        {
            counts[i] = Counts[i];
        }

        return $"Counts [{string.Join(", ", counts)}], Weights [{Weights[0]}, {Weights[1]}, {Weights[2]}, {Weights[3]}], Total {Total}";
    }
}

/// <summary>Complex, Half and Vector3 fields: numbers the generator reduces with their own operators.</summary>
[MpiMessage]
public partial struct Spectrum
{
    public Complex Amplitude;
    public Half Gain;
    public Vector3 Direction;

    public static Spectrum Of(int seed) => new()
    {
        Amplitude = new Complex(seed, -seed),
        Gain = (Half)seed,
        Direction = new Vector3(seed, seed + 1, seed + 2),
    };
}

/// <summary>Explicit layout: the offsets are whatever [FieldOffset] says, measured like any other.</summary>
[MpiMessage]
[StructLayout(LayoutKind.Explicit, Size = 24)]
public partial struct Explicit
{
    [FieldOffset(16)] public int Last;
    [FieldOffset(0)] public double First;
    [FieldOffset(8)] public float Middle;

    public static Explicit Of(int seed) => new() { First = seed, Middle = seed * 0.5f, Last = -seed };
}

/// <summary>A record struct with field-backed positional parameters.</summary>
[MpiMessage]
public partial record struct Cell(int Row, int Column)
{
    public int Row = Row;
    public int Column = Column;
}

/// <summary>Not a message type: the runtime must refuse it clearly.</summary>
public struct NotAMessage
{
    public int Value;
}
