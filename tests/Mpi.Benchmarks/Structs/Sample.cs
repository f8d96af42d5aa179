namespace TypedMpi.Benchmarks.Structs;

/// <summary>
/// The 40-byte message of the structs suite; its C twin is <c>Sample</c> in native/bench/structs.c. The generator
/// describes it to MPI (one block per field at its measured offset, resized to 40 bytes) and emits the field-wise
/// <c>CombineSum</c> behind <see cref="MpiOp.Sum"/>.
/// </summary>
[MpiMessage]
internal partial struct Sample
{
    public double X, Y, Z;
    public int Id;
    public float Weight;
    public long Stamp;

    /// <summary>Deterministic, exactly representable values (sums are exact); the same as <c>sample_at</c> in structs.c.</summary>
    public static Sample ValueAt(long i) => new()
    {
        X = i % 1000 * 0.5,
        Y = -(double)(i % 7),
        Z = 1.0,
        Id = (int)(i % 100000),
        Weight = 0.25f,
        Stamp = i,
    };

    /// <summary>Whether every field of <paramref name="sum"/> is twice <paramref name="input"/>'s (2 ranks, same input).</summary>
    public static bool IsDouble(in Sample sum, in Sample input) =>
        sum.X == 2 * input.X && sum.Y == 2 * input.Y && sum.Z == 2 * input.Z && sum.Id == 2 * input.Id &&
        sum.Weight == 2 * input.Weight && sum.Stamp == 2 * input.Stamp;
}
