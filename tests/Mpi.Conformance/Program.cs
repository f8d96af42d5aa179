using System.Diagnostics;
using System.Text.Json;
using TypedMpi;
using TypedMpi.Conformance;

// Runs the conformance scenarios inside one MPI job and writes, per rank, one JSON line as each scenario
// starts and one as it ends to <results>/rank-<r>.jsonl. The xunit host reads them back.
//
//   mpirun -n 4 dotnet Mpi.Conformance.dll --results DIR [--filter PREFIX]
//   dotnet Mpi.Conformance.dll --results DIR --ranks 4         (in-process: the ranks are threads)
//   mpirun -n 2 dotnet Mpi.Conformance.dll --throw-on-rank 1     (the unhandled-exception abort check)
//   dotnet Mpi.Conformance.dll --deadlock --ranks 2              (the in-process deadlock report)
var results = Option("--results");
var filter = Option("--filter") ?? "";
if (Option("--throw-on-rank") is { } throwingRank)
{
    return Mpi.Run(args, world =>
    {
        world.Barrier();
        if (world.Rank == int.Parse(throwingRank, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("deliberate failure on one rank");
        }

        world.Barrier(); // the other ranks wait here: only the abort can end them
    });
}

if (args.Contains("--deadlock"))
{
    // Both ranks receive first: the classic deadlock, for the in-process watchdog's report.
    return Mpi.Run(args, world =>
    {
        world.Recv<int>(source: world.Size - 1 - world.Rank, tag: 7);
    });
}

if (results is null)
{
    Console.Error.WriteLine("usage: Mpi.Conformance --results DIR [--filter PREFIX] [--ranks N] | --throw-on-rank R | --deadlock");
    return 2;
}

// Under a launcher: one process per rank. Without one: in-process ranks (--ranks N), each a thread running this body.
return Mpi.Run(args, world =>
{
    var mpi = Mpi.Current!;
    Directory.CreateDirectory(results);
    using var output = new StreamWriter(Path.Combine(results, $"rank-{world.Rank}.jsonl")) { AutoFlush = true };
    foreach (var scenario in ScenarioCatalog.All)
    {
        if (!scenario.Name.StartsWith(filter, StringComparison.Ordinal) || world.Size < scenario.MinRanks)
        {
            continue;
        }

        output.WriteLine(JsonSerializer.Serialize(new { scenario = scenario.Name, rank = world.Rank, phase = "start" }));
        string? error = null;
        var clock = Stopwatch.StartNew();
        using (var comm = world.Dup())
        {
            try
            {
                scenario.Run(new ScenarioContext(comm, mpi));
            }
            catch (Exception e)
            {
                error = e.ToString();
            }
        }

        output.WriteLine(JsonSerializer.Serialize(new { scenario = scenario.Name, rank = world.Rank, phase = "end", ok = error is null, ms = clock.Elapsed.TotalMilliseconds, error }));
        world.Barrier();
    }
}, ThreadLevel.Multiple);

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
