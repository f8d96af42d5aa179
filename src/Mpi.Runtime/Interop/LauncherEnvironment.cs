using System.Collections;
using System.Globalization;

namespace TypedMpi.Interop;

/// <summary>
/// What the environment says about the launcher, read before any MPI library is touched: which kind it is,
/// how many ranks it started and which one this process is.
/// </summary>
/// <param name="Kind">The launcher family.</param>
/// <param name="Evidence">The variable that identified it (shown in messages), e.g. <c>OMPI_COMM_WORLD_SIZE=4</c>.</param>
/// <param name="Size">The number of ranks the launcher started, when it says.</param>
/// <param name="Rank">This process's rank, when the launcher says.</param>
internal sealed record LauncherEnvironment(LauncherKind Kind, string Evidence, int? Size, int? Rank)
{
    public static readonly LauncherEnvironment Singleton = new(LauncherKind.None, "no launcher variables", null, null);

    /// <summary>The ABI family whose library belongs to this launcher, when the launcher determines it.</summary>
    public AbiFamily? ExpectedFamily => Kind switch
    {
        LauncherKind.OpenMpi => AbiFamily.OpenMpi,
        LauncherKind.Pmi => AbiFamily.Mpich,
        _ => null,
    };

    /// <summary>A short human name for messages, e.g. "Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=4)".</summary>
    public string Description => Kind switch
    {
        LauncherKind.None => "no launcher (singleton start)",
        LauncherKind.OpenMpi => $"Open MPI's mpirun ({Evidence})",
        LauncherKind.Pmi => $"a PMI launcher such as MPICH's mpiexec/Hydra or srun --mpi=pmi2 ({Evidence})",
        LauncherKind.Pmix => $"a PMIx launcher such as srun --mpi=pmix or prterun ({Evidence})",
        LauncherKind.SlurmWithoutPmi => $"srun without an MPI plugin ({Evidence})",
        LauncherKind.InProcess => $"TypedMpi's in-process launcher ({Evidence})",
        _ => Evidence,
    };

    public static LauncherEnvironment FromProcess() => Detect(ReadProcessEnvironment());

    /// <summary>Classifies an environment. Order matters: Open MPI's mpirun also sets PMIX_* variables.</summary>
    public static LauncherEnvironment Detect(IReadOnlyDictionary<string, string> env)
    {
        if (env.TryGetValue("OMPI_COMM_WORLD_SIZE", out var ompiSize))
        {
            return new(LauncherKind.OpenMpi, $"OMPI_COMM_WORLD_SIZE={ompiSize}", ParseInt(ompiSize), IntOf(env, "OMPI_COMM_WORLD_RANK"));
        }

        if (env.ContainsKey("PRTE_LAUNCHED") || env.Keys.Any(k => k.StartsWith("OMPI_MCA_", StringComparison.Ordinal)))
        {
            return new(LauncherKind.OpenMpi, "OMPI_MCA_*/PRTE_LAUNCHED", null, null);
        }

        foreach (var pmiVariable in (ReadOnlySpan<string>)["PMI_FD", "PMI_PORT", "HYDI_CONTROL_FD", "PMI_RANK"])
        {
            if (env.TryGetValue(pmiVariable, out var value))
            {
                return new(LauncherKind.Pmi, $"{pmiVariable}={value}", IntOf(env, "PMI_SIZE"), IntOf(env, "PMI_RANK"));
            }
        }

        if (env.TryGetValue("PMIX_RANK", out var pmixRank))
        {
            return new(LauncherKind.Pmix, $"PMIX_RANK={pmixRank}", IntOf(env, "SLURM_NTASKS"), ParseInt(pmixRank));
        }

        if (env.TryGetValue("SLURM_PROCID", out var slurmRank) && env.ContainsKey("SLURM_STEP_ID"))
        {
            return new(LauncherKind.SlurmWithoutPmi, $"SLURM_PROCID={slurmRank}", IntOf(env, "SLURM_NTASKS"), ParseInt(slurmRank));
        }

        return Singleton;
    }

    internal static IReadOnlyDictionary<string, string> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static int? IntOf(IReadOnlyDictionary<string, string> env, string name) =>
        env.TryGetValue(name, out var value) ? ParseInt(value) : null;

    private static int? ParseInt(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
