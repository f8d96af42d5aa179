using System.Runtime.InteropServices;
using TypedMpi.InProcess;
using TypedMpi.Interop;
using TypedMpi.Tool.Cli;
using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Info;

/// <summary>
/// <c>typedmpi info</c>: the MPI library candidates in order (why each is tried, whether it loads, its family, version
/// and MPI standard version), the one TypedMpi would use and why, the launcher, and the backend <c>Mpi.Run</c> would
/// choose. <c>--init</c> also initializes the chosen library (a singleton, or under the launcher) and reports the thread
/// level it provides: that is a side effect, so it is never done unasked.
/// </summary>
internal static class InfoCommand
{
    public static readonly OptionSpec[] Options =
    [
        OptionSpec.Flag("--json", "print the report as one JSON object"),
        OptionSpec.Flag("--init", "initialize the chosen library (MPI_Init_thread, MULTIPLE requested) and report the thread level it provides and the world size"),
        OptionSpec.Flag("--require-library", "exit with code 1 when no usable MPI library is found (otherwise 0: in-process ranks still work)"),
        OptionSpec.Value("--ranks", "N", "the in-process rank count the backend line assumes (as for any TypedMpi program)"),
        OptionSpec.Flag("--help", "show this help", "-h"),
    ];

    public const string Synopsis = "typedmpi info [--json] [--init] [--require-library]";

    public const string Description =
        "Shows every MPI library TypedMpi would try, in order, with why it is tried, whether it loads, its family,\n" +
        "version and MPI standard version; which one would be used and why; the launcher detected from the\n" +
        "environment; and the backend Mpi.Run would choose (in-process ranks or the MPI library). Nothing is\n" +
        "initialized unless --init is given. Under a launcher (mpirun -n 2 typedmpi info --init) rank 0 reports.";

    public static int Run(string[] args)
    {
        var options = ParsedOptions.Parse(args, Options);
        if (options.Has("--help"))
        {
            StandardStreams.Out.Write(ParsedOptions.Usage(Synopsis, Description, Options));
            StandardStreams.Out.Flush();
            return 0;
        }

        var env = LauncherEnvironment.ReadProcessEnvironment();
        var launcher = LauncherEnvironment.Detect(env);
        BackendChoice? backend = null;
        string? backendProblem = null;
        try
        {
            backend = BackendChoice.Decide(args, env, launcher);
        }
        catch (ArgumentException e)
        {
            backendProblem = e.Message; // a bad TYPEDMPI_BACKEND, --ranks or TYPEDMPI_RANKS: Mpi.Run would stop with it
        }

        // The list first, as the runtime computes it in a fresh process ("already loaded" depends on what is mapped).
        var candidateNames = LibraryDiscovery.Candidates(env, launcher);

        // Initialize before probing the other candidates, so that MPI_Init runs exactly as it would in a program.
        MpiEnvironment? mpi = null;
        InitResult? init = null;
        if (options.Has("--init"))
        {
            (mpi, init) = Initialize(env);
        }

        try
        {
            var candidates = LibraryProbe.ProbeAll(candidateNames, env, out var abiProblem);
            var report = new InfoReport(
                ToolVersion: VersionOf(typeof(InfoCommand).Assembly),
                RuntimeVersion: VersionOf(typeof(Mpi).Assembly),
                DotnetVersion: RuntimeInformation.FrameworkDescription,
                Host: Environment.MachineName,
                launcher,
                backend,
                backendProblem,
                Settings(env),
                candidates,
                abiProblem,
                LibraryProbe.Choose(candidates, launcher),
                init);

            // Under a launcher every rank runs the command; one report is enough.
            var reportingRank = init is { Ok: true } ? init.Rank : launcher.Rank ?? 0;
            if (reportingRank == 0)
            {
                StandardStreams.Out.Write(options.Has("--json") ? InfoJson.Render(report) + "\n" : InfoText.Render(report));
                StandardStreams.Out.Flush();
            }

            if (options.Has("--require-library") && !report.LibraryFound)
            {
                return 1;
            }

            // --init failing on a library that is there is an error; with no library at all, in-process ranks still work.
            return init is { Ok: false } && report.LibraryFound ? 1 : 0;
        }
        finally
        {
            mpi?.Dispose();
        }
    }

    private static (MpiEnvironment?, InitResult) Initialize(IReadOnlyDictionary<string, string> env)
    {
        const ThreadLevel requested = ThreadLevel.Multiple;
        try
        {
            var mpi = MpiEnvironment.Start(requested, env);
            return (mpi, new InitResult(null, requested, mpi.ProvidedThreadLevel, mpi.World.Size, mpi.World.Rank, mpi.ProcessorName, mpi.Library, mpi.Wtick));
        }
        catch (MpiLibraryNotFoundException)
        {
            return (null, new InitResult("no usable MPI library was found (see the candidates)", requested, null, 0, 0, null, null, 0));
        }
        catch (Exception e) when (e is MpiException or InvalidOperationException)
        {
            return (null, new InitResult($"{e.GetType().Name}: {e.Message}", requested, null, 0, 0, null, null, 0));
        }
    }

    private static List<KeyValuePair<string, string>> Settings(IReadOnlyDictionary<string, string> env)
    {
        var set = new List<KeyValuePair<string, string>>();
        foreach (var name in InfoReport.SettingNames)
        {
            if (env.TryGetValue(name, out var value) && value.Length > 0)
            {
                set.Add(new(name, value));
            }
        }

        return set;
    }

    internal static string VersionOf(System.Reflection.Assembly assembly) =>
        assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";
}
