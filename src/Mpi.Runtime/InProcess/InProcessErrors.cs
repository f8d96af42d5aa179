namespace TypedMpi.InProcess;

/// <summary>
/// Error codes of the in-process backend. A code is its MPI error class (MPI-5 numbering, below 256) plus, above
/// that, the slot of a detailed message — which rank, which peer, how many bytes — that <c>MPI_Error_string</c>
/// returns. The runtime turns the code into an <see cref="MpiException"/> right after the call that failed, so a
/// ring of recent messages is enough.
/// </summary>
internal static class InProcessErrors
{
    private const int Slots = 4096;
    private static readonly string?[] s_details = new string?[Slots];
    private static int s_next;

    /// <summary>A code of <paramref name="errorClass"/> whose error string is <paramref name="detail"/>.</summary>
    public static int Code(MpiErrorClass errorClass, string detail)
    {
        var slot = (int)((uint)Interlocked.Increment(ref s_next) % Slots);
        Volatile.Write(ref s_details[slot], detail);
        return (int)errorClass + (slot + 1) * 256;
    }

    public static int ClassOf(int code) => code & 0xff;

    public static string Describe(int code)
    {
        var slot = (code >> 8) - 1;
        if ((uint)slot < Slots && Volatile.Read(ref s_details[slot]) is { } detail)
        {
            return detail;
        }

        return MpiNames.ErrorClass((MpiErrorClass)ClassOf(code));
    }
}
