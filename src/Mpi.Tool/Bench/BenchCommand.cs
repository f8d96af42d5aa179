using TypedMpi.Binding;
using TypedMpi.Interop;
using TypedMpi.Tool.Cli;
using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Bench;

/// <summary>
/// <c>typedmpi bench NAME [options]</c>: parses the options (before MPI starts, so a mistake is reported once), then
/// runs the benchmark with <see cref="Mpi.Run(string[], Func{Communicator, int}, ThreadLevel)"/> — on the launcher's MPI
/// library, or on in-process ranks when no launcher started the tool.
/// </summary>
internal static class BenchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            if (args.Length > 0 && args[0] is "--help" or "-h")
            {
                StandardStreams.Out.Write("usage: typedmpi bench helloworld|ringtest|pingpong|bandwidth|allreduce [options]\n" +
                    "`typedmpi bench NAME --help` lists a benchmark's options.\n");
                StandardStreams.Out.Flush();
                return 0;
            }

            throw new UsageException("bench needs a benchmark: helloworld, ringtest, pingpong, bandwidth or allreduce");
        }

        var kind = BenchOptions.ParseKind(args[0]);
        var specs = BenchOptions.SpecsFor(kind);
        var rest = args[1..];
        var parsed = ParsedOptions.Parse(rest, specs);
        if (parsed.Has("--help"))
        {
            StandardStreams.Out.Write(ParsedOptions.Usage(BenchOptions.Synopsis(kind), BenchOptions.Description(kind), specs));
            StandardStreams.Out.Flush();
            return 0;
        }

        var options = BenchOptions.Parse(kind, parsed);
        return Mpi.Run(rest, world => RunOnRank(Mpi.Current!, world, options));
    }

    private static int RunOnRank(MpiEnvironment mpi, Communicator world, BenchOptions options)
    {
        var ctx = new BenchContext(mpi, world, options);

        // mpirun binds each of a few ranks to a core of its own; in-process ranks are threads the scheduler may stack on
        // one core (every hand-over then waits for a context switch: 0.3 µs instead of 0.1 for an 8-byte ping-pong).
        // Bind them alike when every rank can have a core, so the figures compare with a launcher's.
        var binding = ctx.Impl == "inprocess" && RankBinding.IsSupported && world.Size <= Environment.ProcessorCount
            ? RankBinding.Apply(world)
            : null;
        try
        {
            return options.Kind switch
            {
                BenchKind.HelloWorld => HelloWorld.Run(ctx),
                BenchKind.RingTest => RingTest.Run(ctx),
                BenchKind.PingPong => PingPong.Run(ctx),
                BenchKind.Bandwidth => BandwidthBench.Run(ctx),
                _ => AllreduceBench.Run(ctx),
            };
        }
        finally
        {
            binding?.Restore();
        }
    }

    /// <summary>Whether this process should report a usage error: under a launcher, only its rank 0 does.</summary>
    public static bool ReportsErrors => (LauncherEnvironment.FromProcess().Rank ?? 0) == 0;
}
