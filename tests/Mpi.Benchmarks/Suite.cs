namespace TypedMpi.Benchmarks;

/// <summary>Which C reference the run twins: <c>--suite pingpong</c> (the default) or <c>--suite structs</c>.</summary>
internal static class Suite
{
    public const string PingPong = "pingpong";
    public const string Structs = "structs";

    /// <summary>
    /// Removes <c>--suite NAME</c> (anywhere in <paramref name="args"/>) and returns NAME, or the default when absent;
    /// null with <paramref name="error"/> set on a missing or unknown name. The rest goes to the suite's own parser.
    /// </summary>
    public static string? Take(ref string[] args, out string? error)
    {
        error = null;
        var index = Array.IndexOf(args, "--suite");
        if (index < 0)
        {
            return PingPong;
        }

        if (index + 1 >= args.Length)
        {
            error = "Mpi.Benchmarks: missing value for --suite";
            return null;
        }

        var name = args[index + 1];
        if (name is not (PingPong or Structs))
        {
            error = $"Mpi.Benchmarks: bad option or value: --suite {name} (expected {PingPong} or {Structs})";
            return null;
        }

        args = [.. args[..index], .. args[(index + 2)..]];
        return name;
    }
}
