using TypedMpi;
using TypedMpi.Interop;

// The C# ranks of the interop check (see native/interop/peer.c for the C rank 0 and the steps).
//   mpirun -n 1 native/out/<impl>/peer : -n 3 dotnet tests/Mpi.Interop/bin/Release/net10.0/Mpi.Interop.dll
return Mpi.Run(args, world =>
{
    var failures = new List<string>();
    void Expect(bool condition, string what)
    {
        if (!condition)
        {
            failures.Add(what);
        }
    }

    var rank = world.Rank;
    var size = world.Size;

    // 1. ring
    var fromPrevious = world.SendRecv(Particle.Of(rank), dest: world.Next, source: world.Previous, tag: 1);
    Expect(fromPrevious.Equals(Particle.Of(world.Previous)), $"ring: got {fromPrevious} from rank {world.Previous}");

    // 2. gather at rank 0 (the C rank)
    world.Gather(Particle.Of(rank), root: 0);

    // 3. broadcast from rank 1 (a C# rank): the particles of every rank in reverse order
    var all = new Particle[size];
    if (rank == 1)
    {
        for (var i = 0; i < size; i++)
        {
            all[i] = Particle.Of(size - 1 - i);
        }
    }

    world.Bcast(all, root: 1);
    for (var i = 0; i < size; i++)
    {
        Expect(all[i].Equals(Particle.Of(size - 1 - i)), $"bcast: element {i} is {all[i]}");
    }

    // 4. allreduce with the generated field-wise Sum and Max
    var total = world.Allreduce(Stats.Of(rank), MpiOp.Sum);
    var peak = world.Allreduce(Stats.Of(rank), MpiOp.Max);
    var wantTotal = new Stats();
    var wantPeak = Stats.Of(0);
    for (var r = 0; r < size; r++)
    {
        var s = Stats.Of(r);
        wantTotal.Total += s.Total;
        wantTotal.Count += s.Count;
        wantTotal.Peak += s.Peak;
        wantPeak.Total = Math.Max(wantPeak.Total, s.Total);
        wantPeak.Count = Math.Max(wantPeak.Count, s.Count);
        wantPeak.Peak = Math.Max(wantPeak.Peak, s.Peak);
        for (var k = 0; k < 3; k++)
        {
            wantTotal.Ranks[k] += s.Ranks[k];
            wantPeak.Ranks[k] = Math.Max(wantPeak.Ranks[k], s.Ranks[k]);
        }
    }

    Expect(total.ToString() == wantTotal.ToString(), $"allreduce sum: {total}, expected {wantTotal}");
    Expect(peak.ToString() == wantPeak.ToString(), $"allreduce max: {peak}, expected {wantPeak}");

    Console.WriteLine(failures.Count == 0
        ? $"INTEROP OK rank {rank} (C#)"
        : $"INTEROP FAIL rank {rank}: {string.Join("; ", failures)}");
    return failures.Count == 0 ? 0 : 1;
});
