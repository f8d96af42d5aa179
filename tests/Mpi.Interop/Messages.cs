using System.Runtime.CompilerServices;

namespace TypedMpi.Interop;

// The C# twins of the structs in native/interop/peer.c. C lays them out with its own rules and builds
// its datatypes by hand; here the generator measures the offsets. The interop job proves they agree.

[MpiMessage]
public partial struct Vec2
{
    public float X, Y;
}

public enum ParticleKind : byte
{
    Electron,
    Proton,
    Neutron,
}

[MpiMessage]
public partial struct Particle
{
    public double X, Y, Z;
    public int Id;
    public ParticleKind Kind;
    public bool Alive;
    public short Charge;
    public double Mass;
    public Vec2 Velocity;

    /// <summary>The same deterministic values as <c>particle_of</c> in peer.c.</summary>
    public static Particle Of(int rank) => new()
    {
        X = rank + 0.5,
        Y = rank * 2.0,
        Z = -rank,
        Id = 1000 + rank,
        Kind = (ParticleKind)(rank % 3),
        Alive = rank % 2 == 0,
        Charge = (short)(-7 * rank),
        Mass = 1.0 + rank,
        Velocity = new Vec2 { X = rank * 0.25f, Y = -rank * 0.5f },
    };
}

[InlineArray(3)]
public struct Int3
{
    private int _element;
}

[MpiMessage]
public partial struct Stats
{
    public double Total;
    public long Count;
    public float Peak;
    public Int3 Ranks;

    /// <summary>The same values as <c>stats_of</c> in peer.c: integers, so sums are exact in any order.</summary>
    public static Stats Of(int rank)
    {
        var stats = new Stats { Total = rank * 10.0, Count = rank + 1, Peak = rank };
        stats.Ranks[0] = rank;
        stats.Ranks[1] = -rank;
        stats.Ranks[2] = rank * rank;
        return stats;
    }

    public override readonly string ToString() =>
        $"Stats(Total: {Total}, Count: {Count}, Peak: {Peak}, Ranks: [{Ranks[0]}, {Ranks[1]}, {Ranks[2]}])";
}
