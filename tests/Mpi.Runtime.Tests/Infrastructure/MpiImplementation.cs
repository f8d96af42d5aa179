namespace TypedMpi.Tests.Infrastructure;

/// <summary>An installed MPI implementation and how to launch a job with it.</summary>
public sealed record MpiImplementation(string Name, string Launcher, string CompilerWrapper, string[] LauncherOptions, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Open MPI: root needs the two ALLOW variables; beyond 2 ranks on this 2-core machine, --oversubscribe.</summary>
    public static readonly MpiImplementation OpenMpi = new(
        "openmpi", "mpirun.openmpi", "mpicc.openmpi", ["--oversubscribe"],
        new Dictionary<string, string>
        {
            ["OMPI_ALLOW_RUN_AS_ROOT"] = "1",
            ["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1",
            // Open MPI gives ranks a pty; with a real TERM the .NET console writes terminal control codes into the output
            ["TERM"] = "dumb",
        });

    /// <summary>MPICH with its Hydra launcher.</summary>
    public static readonly MpiImplementation Mpich = new("mpich", "mpirun.mpich", "mpicc.mpich", [], new Dictionary<string, string>());

    public static IReadOnlyList<MpiImplementation> All { get; } = [OpenMpi, Mpich];

    public static MpiImplementation Named(string name) => All.Single(i => i.Name == name);

    public override string ToString() => Name;
}
