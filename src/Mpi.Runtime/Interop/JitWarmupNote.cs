namespace TypedMpi.Interop;

/// <summary>
/// The note <c>TYPEDMPI_VERBOSE=1</c> prints when the process may run on one CPU only (a launcher's core binding,
/// <c>taskset</c>, a one-CPU container): .NET then waits ten times longer than usual before it optimizes hot methods,
/// about two seconds of slow code at the start of every rank (measured: docs/performance.md, "Caveats").
/// </summary>
internal static class JitWarmupNote
{
    private const string DelayMultiplier = "DOTNET_TC_DelaySingleProcMultiplier";

    /// <summary>The note, or null when it does not apply.</summary>
    public static string? For(IReadOnlyDictionary<string, string> env, int processorCount)
    {
        var tieringOff = env.TryGetValue("DOTNET_TieredCompilation", out var tiered) && tiered == "0"
            || AppContext.GetData("System.Runtime.TieredCompilation") is string setting && setting.Equals("false", StringComparison.OrdinalIgnoreCase);
        if (processorCount != 1 || tieringOff || env.ContainsKey(DelayMultiplier) || env.ContainsKey("COMPlus_TC_DelaySingleProcMultiplier"))
        {
            return null;
        }

        return $"this process may use one CPU (core binding), so .NET optimizes hot code only ~2 s into the run; " +
               $"{DelayMultiplier}=1 in the environment removes that delay (docs/performance.md#caveats)";
    }
}
