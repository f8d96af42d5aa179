using System.Globalization;
using TypedMpi.Interop;

namespace TypedMpi.InProcess;

/// <summary>Where a program's ranks run.</summary>
internal enum Backend
{
    /// <summary>The MPI library of the launcher (or a native singleton).</summary>
    Native,

    /// <summary>Threads of this process.</summary>
    InProcess,
}

/// <summary>
/// Chooses the backend of <see cref="Mpi.Run(string[], Func{Communicator, int}, ThreadLevel)"/>: under an MPI launcher
/// the library; with no launcher, in-process ranks — unless <c>TYPEDMPI_LIBRARY</c> names a library (a native
/// singleton). <c>TYPEDMPI_BACKEND=native|inprocess</c> overrides both; the number of in-process ranks comes from
/// <c>--ranks N</c>, then <c>TYPEDMPI_RANKS</c>, then <see cref="DefaultRanks"/>.
/// </summary>
internal sealed record BackendChoice(Backend Backend, int Ranks, string Reason)
{
    /// <summary>True when the number of ranks was asked for (<c>--ranks</c>, <c>TYPEDMPI_RANKS</c>), not the default.</summary>
    public bool RanksRequested { get; init; }

    /// <summary>Enough ranks to show a program really is parallel (and what mpi4py tutorials use), few enough for a laptop.</summary>
    public const int DefaultRanks = 4;

    public static BackendChoice Decide(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, LauncherEnvironment launcher)
    {
        var ranks = RanksOf(args, env, out var ranksSource, out var requested);
        if (env.TryGetValue("TYPEDMPI_BACKEND", out var forced) && forced.Length > 0)
        {
            return forced.ToLowerInvariant() switch
            {
                "native" => new(Backend.Native, 1, "TYPEDMPI_BACKEND=native"),
                "inprocess" or "in-process" => new(Backend.InProcess, ranks, $"TYPEDMPI_BACKEND={forced}; {ranksSource}") { RanksRequested = requested },
                _ => throw new ArgumentException($"TYPEDMPI_BACKEND={forced} is not a backend: use 'native' (the MPI library) or 'inprocess' (ranks as threads)."),
            };
        }

        if (launcher.Kind != LauncherKind.None)
        {
            return new(Backend.Native, 1, $"started by {launcher.Description}");
        }

        // Naming a library asks for it: a native singleton, as before there was an in-process backend.
        return env.TryGetValue("TYPEDMPI_LIBRARY", out var library) && library.Length > 0
            ? new(Backend.Native, 1, "TYPEDMPI_LIBRARY names an MPI library")
            : new(Backend.InProcess, ranks, $"no MPI launcher in the environment; {ranksSource}") { RanksRequested = requested };
    }

    private static int RanksOf(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, out string source, out bool requested)
    {
        requested = true;
        for (var i = 0; i < args.Count; i++)
        {
            string? value = args[i] == "--ranks" && i + 1 < args.Count ? args[i + 1]
                : args[i].StartsWith("--ranks=", StringComparison.Ordinal) ? args[i]["--ranks=".Length..]
                : null;
            if (value is not null)
            {
                source = $"{Parse(value, "--ranks")} ranks from --ranks";
                return Parse(value, "--ranks");
            }
        }

        if (env.TryGetValue("TYPEDMPI_RANKS", out var fromEnvironment) && fromEnvironment.Length > 0)
        {
            source = $"{Parse(fromEnvironment, "TYPEDMPI_RANKS")} ranks from TYPEDMPI_RANKS";
            return Parse(fromEnvironment, "TYPEDMPI_RANKS");
        }

        requested = false;
        source = $"{DefaultRanks} ranks by default (set --ranks N or TYPEDMPI_RANKS)";
        return DefaultRanks;
    }

    private static int Parse(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ranks) && ranks is >= 1 and <= 4096
            ? ranks
            : throw new ArgumentException($"{name} {value} is not a number of ranks between 1 and 4096.");

    /// <summary>The in-process settings from the environment: TYPEDMPI_EAGER_LIMIT (bytes), TYPEDMPI_DEADLOCK_TIMEOUT (seconds).</summary>
    public static InProcessOptions OptionsFrom(IReadOnlyDictionary<string, string> env)
    {
        var options = InProcessOptions.Default;
        if (env.TryGetValue("TYPEDMPI_EAGER_LIMIT", out var eager) && eager.Length > 0)
        {
            options = options with
            {
                EagerLimit = long.TryParse(eager, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                    ? bytes
                    : throw new ArgumentException($"TYPEDMPI_EAGER_LIMIT={eager} is not a number of bytes."),
            };
        }

        if (env.TryGetValue("TYPEDMPI_DEADLOCK_TIMEOUT", out var timeout) && timeout.Length > 0)
        {
            options = options with
            {
                DeadlockTimeout = double.TryParse(timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ArgumentException($"TYPEDMPI_DEADLOCK_TIMEOUT={timeout} is not a positive number of seconds."),
            };
        }

        return options;
    }
}
