using TypedMpi;

// Ranks work in pairs — 0-1, 2-3, … and, with an odd number of ranks, the last one alone. Split gives each pair a
// communicator of its own, and each pair reduces its measurements to one Summary (count, mean, variance, min, max)
// with a user-defined operation; the pair's lower rank gets the result, prints it and checks it against the same
// statistics computed directly from both ranks' samples (which it can regenerate: they are seeded by rank).
//   mpirun.openmpi -n 4 dotnet samples/PairReduce/bin/Release/net10.0/PairReduce.dll
return Mpi.Run(args, world =>
{
    using var pair = world.Split(color: world.Rank / 2, key: world.Rank); // collective: every rank calls it
    var mine = Summary.Of(Samples(world.Rank));
    var combined = pair.Reduce(mine, Summary.MergeOp, root: 0); // the pair's rank 0 is its lower world rank (key: world.Rank)
    // if (pair.Rank == 0) combined = pair.Reduce(mine, Summary.MergeOp, root: 0); // the classic mistake: only the rank that wants the result calls Reduce, so its partner never does and the pair hangs (TMPI0300)

    var failed = 0;
    if (pair.Rank == 0)
    {
        var members = world.Rank + 1 < world.Size ? $"pair {world.Rank}-{world.Rank + 1}" : $"rank {world.Rank} alone";
        var everything = pair.Size == 2 ? [.. Samples(world.Rank), .. Samples(world.Rank + 1)] : Samples(world.Rank);
        var expected = Summary.Direct(everything);
        var ok = combined.Count == expected.Count && combined.Min == expected.Min && combined.Max == expected.Max
                 && Close(combined.Mean, expected.Mean) && Close(combined.Variance, expected.Variance);
        Console.WriteLine(ok ? $"{members}: {combined}, as computed directly: OK" : $"{members}: {combined}, but directly {expected}: FAILED");
        failed = ok ? 0 : 1;
    }

    // Every rank learns how many pairs failed, so that every rank returns the same exit code.
    var failures = world.Allreduce(failed, MpiOp.Sum);
    if (world.Rank == 0)
    {
        Console.WriteLine(failures == 0 ? $"{(world.Size + 1) / 2} pair(s) reduced with Summary.Merge, every result checked: OK" : $"{failures} pair result(s) wrong: FAILED");
    }

    return failures == 0 ? 0 : 1;
});

// A rank's measurements: 8 + rank of them (pairs are unequal, so the merge's weighting matters), around 10 + rank.
static double[] Samples(int rank)
{
    var random = new Random(1000 + rank);
    var samples = new double[8 + rank];
    for (var i = 0; i < samples.Length; i++)
    {
        samples[i] = 10.0 + rank + 4.0 * (random.NextDouble() - 0.5);
    }

    return samples;
}

// Mean and variance come out of a different formula than the merge's, so they may differ in the last bits.
static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1.0, Math.Abs(b));

/// <summary>
/// Summary statistics of some samples: how many, their mean and spread (M2, the sum of squared deviations from the
/// mean), their smallest and largest. A message type, so MPI can carry it, with its own reduction.
/// </summary>
/// <remarks>
/// Why a user-defined operation: no built-in op combines two summaries. The field-wise Sum the generator offers would
/// add the means, and adding counts and M2s ignores that the two means differ. <see cref="Merge"/> is the pairwise
/// update of Chan, Golub and LeVeque, which stays accurate where the textbook Σx² − n·mean² cancels away most digits
/// (a mean large next to the spread).
/// </remarks>
[MpiMessage]
internal partial struct Summary
{
    public long Count;
    public double Mean;
    public double M2;
    public double Min;
    public double Max;

    /// <summary>The unbiased sample variance.</summary>
    public readonly double Variance => Count > 1 ? M2 / (Count - 1) : 0.0;

    /// <summary>
    /// Combines the summaries of two disjoint sets of samples into the summary of their union. Commutative in exact
    /// arithmetic (MPI may then combine in any order); in floating point the order can change the last bits.
    /// </summary>
    [MpiOperation]
    public static Summary Merge(in Summary a, in Summary b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        var count = a.Count + b.Count;
        var delta = b.Mean - a.Mean;
        return new Summary
        {
            Count = count,
            Mean = a.Mean + delta * b.Count / count,
            M2 = a.M2 + b.M2 + delta * delta * ((double)a.Count * b.Count / count),
            Min = Math.Min(a.Min, b.Min),
            Max = Math.Max(a.Max, b.Max),
        };
    }

    /// <summary>The summary of <paramref name="samples"/>, one sample at a time (Welford: a merge with a single sample).</summary>
    public static Summary Of(ReadOnlySpan<double> samples)
    {
        var summary = default(Summary);
        foreach (var x in samples)
        {
            summary = Merge(summary, new Summary { Count = 1, Mean = x, M2 = 0, Min = x, Max = x });
        }

        return summary;
    }

    /// <summary>The same statistics by the two-pass textbook route (the mean first, then the squared deviations): the check.</summary>
    public static Summary Direct(ReadOnlySpan<double> samples)
    {
        var mean = 0.0;
        foreach (var x in samples)
        {
            mean += x;
        }

        mean /= samples.Length;
        double m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in samples)
        {
            m2 += (x - mean) * (x - mean);
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        return new Summary { Count = samples.Length, Mean = mean, M2 = m2, Min = min, Max = max };
    }

    public override readonly string ToString() =>
        $"n {Count}, mean {Mean:F6}, variance {Variance:F6}, min {Min:F6}, max {Max:F6}";
}
