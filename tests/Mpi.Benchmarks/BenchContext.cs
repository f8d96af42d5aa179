namespace TypedMpi.Benchmarks;

/// <summary>What every measurement shares; everything here is allocated once, before any timing.</summary>
internal sealed record BenchContext(
    MpiEnvironment Mpi,
    string Library,
    MessageBuffer Buffer,
    double[] Samples,
    double[] Rates,
    Request[] Requests)
{
    public Communicator World => Mpi.World;
}
