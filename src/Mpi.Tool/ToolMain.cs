using TypedMpi.Tool.Bench;
using TypedMpi.Tool.Cli;
using TypedMpi.Tool.Info;
using TypedMpi.Tool.Output;

namespace TypedMpi.Tool;

/// <summary>Dispatches the command line to a command; usage errors exit with code 2.</summary>
internal static class ToolMain
{
    private const string Usage =
        "usage: typedmpi <command> [options]\n" +
        "\n" +
        "commands:\n" +
        "  info                 the MPI libraries TypedMpi finds, the one it would use and why, the launcher and the backend\n" +
        "  bench helloworld     every rank says hello, in rank order\n" +
        "  bench ringtest       a message passed round the ring of ranks, timed\n" +
        "  bench pingpong       latency between ranks 0 and 1 over message sizes\n" +
        "  bench bandwidth      windowed bandwidth between ranks 0 and 1 over message sizes\n" +
        "  bench allreduce      latency of Allreduce(Sum) over sizes, primitive and message-type payloads\n" +
        "\n" +
        "Benchmarks run under any MPI launcher (mpirun -n 4 typedmpi bench ringtest) or, without one, on in-process\n" +
        "ranks (typedmpi bench ringtest --ranks 4). `typedmpi <command> --help` lists a command's options.\n";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            StandardStreams.Out.Write(Usage);
            StandardStreams.Out.Flush();
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "--version")
        {
            StandardStreams.Out.Write($"typedmpi {InfoCommand.VersionOf(typeof(ToolMain).Assembly)}\n");
            StandardStreams.Out.Flush();
            return 0;
        }

        try
        {
            return args[0] switch
            {
                "info" => InfoCommand.Run(args[1..]),
                "bench" => BenchCommand.Run(args[1..]),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e) when (!BenchCommand.ReportsErrors)
        {
            _ = e;
            return 2; // under a launcher, rank 0 reports the mistake
        }
        catch (UsageException e)
        {
            StandardStreams.Error.Write($"typedmpi: {e.Message}\n");
            StandardStreams.Error.Write(args[0] switch
            {
                "info" => "`typedmpi info --help` lists the options.\n",
                "bench" when args.Length > 1 && args[1] is "helloworld" or "ringtest" or "pingpong" or "bandwidth" or "allreduce" =>
                    $"`typedmpi bench {args[1]} --help` lists the options.\n",
                "bench" => "`typedmpi bench NAME --help` lists a benchmark's options.\n",
                _ => Usage,
            });
            StandardStreams.Error.Flush();
            return 2;
        }
    }
}
