using TypedMpi;

// Rank 0 draws 1000 random parameter sets (from a fixed seed, so every run prints the same numbers), picks the 100
// with the highest Alpha and sends them to rank 1 under tag 11, then their checksum under tag 12. Rank 1 does not
// know how many are coming: RecvArray asks MPI for the size of the matched message (MPI_Mprobe), allocates exactly
// that many and receives them. Both ranks print the count and the checksum, for a reader to compare.
//   mpirun.openmpi -n 2 dotnet samples/Parameters/bin/Release/net10.0/Parameters.dll [--count 100]
const int Seed = 2024;
const int Total = 1000;

var options = Mpi.ProgramArguments(args); // without --ranks N, the in-process launcher's option
return Mpi.Run(args, world =>
{
    var count = 100;
    if (options is ["--count", var text] && int.TryParse(text, out var n) && n is >= 0 and <= Total)
    {
        count = n;
    }
    else if (options.Length != 0)
    {
        if (world.Rank == 0)
        {
            Console.Error.WriteLine($"usage: Parameters [--count N (0..{Total}, default 100)]");
        }

        return 2;
    }

    if (world.Size < 2)
    {
        Console.WriteLine("Parameters sends from rank 0 to rank 1, so it needs at least 2 ranks: mpirun -n 2 dotnet Parameters.dll");
        return 0;
    }

    switch (world.Rank)
    {
        case 0:
        {
            var random = new Random(Seed);
            var all = new Parameter[Total];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = new Parameter { Id = i, Alpha = random.NextDouble(), Beta = 10.0 * random.NextDouble() - 5.0 };
            }

            var best = all.OrderByDescending(p => p.Alpha).Take(count).ToArray();
            world.Send(best, dest: 1, Tags.Parameters); // one message, the array as it is in memory: no copy
            world.Send(Parameter.Checksum(best), dest: 1, Tags.Checksum);
            Console.WriteLine($"rank 0: drew {Total} parameters (seed {Seed}), sent the {best.Length} with the highest alpha to rank 1 " +
                              $"with tag {Tags.Parameters.Value}: {Parameter.Describe(best)}");
            return 0;
        }

        case 1:
        {
            // var received = new Parameter[100]; world.Recv<Parameter>(received, 0, Tags.Parameters); — the mpi4py habit of a
            // buffer sized in advance: a longer message fails with a truncation error, a shorter one leaves stale elements.
            var received = world.RecvArray(source: 0, Tags.Parameters);
            var expected = world.Recv(source: 0, Tags.Checksum);
            var ok = Parameter.Checksum(received) == expected;
            Console.WriteLine($"rank 1: received {received.Length} parameters from rank 0 with tag {Tags.Parameters.Value}, " +
                              $"sized by a matched probe: {Parameter.Describe(received)}");
            Console.WriteLine(ok ? "rank 1: the checksum matches rank 0's: OK" : $"rank 1: rank 0 sent checksum {expected:x16}: FAILED");
            return ok ? 0 : 1;
        }

        default:
            return 0; // ranks beyond 1 have nothing to do
    }
});

/// <summary>One parameter set: the generator describes its layout (an int, padding, two doubles) to MPI.</summary>
[MpiMessage]
internal partial struct Parameter
{
    public int Id;
    public double Alpha;
    public double Beta;

    /// <summary>
    /// FNV-1a over the field values in order. Not over the struct's bytes: the 4 padding bytes after Id are not part
    /// of the message (MPI's datatype skips them), so nothing says they are equal on both sides.
    /// </summary>
    public static ulong Checksum(ReadOnlySpan<Parameter> parameters)
    {
        var hash = 14695981039346656037UL;
        foreach (var p in parameters)
        {
            foreach (var word in (ReadOnlySpan<ulong>)[(ulong)p.Id, (ulong)BitConverter.DoubleToInt64Bits(p.Alpha), (ulong)BitConverter.DoubleToInt64Bits(p.Beta)])
            {
                hash = (hash ^ word) * 1099511628211UL;
            }
        }

        return hash;
    }

    public static string Describe(ReadOnlySpan<Parameter> parameters) => parameters.IsEmpty
        ? "none"
        : $"count {parameters.Length}, first id {parameters[0].Id} (alpha {parameters[0].Alpha:F6}), " +
          $"last id {parameters[^1].Id} (alpha {parameters[^1].Alpha:F6}), checksum {Checksum(parameters):x16}";
}

/// <summary>The tags of this program, each bound to the one message type it carries.</summary>
internal static class Tags
{
    public static readonly Tag<Parameter> Parameters = new(11);
    public static readonly Tag<ulong> Checksum = new(12);
}
