using System.Globalization;

namespace TypedMpi.Tool.Bench;

internal static class Statistics
{
    /// <summary>
    /// The p-th quantile (0..1) of sorted <paramref name="v"/>, interpolating linearly between the closest ranks
    /// (numpy's default; the same code as <c>quantile</c> in native/bench/bench_common.h).
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> v, double p)
    {
        var n = v.Length;
        var pos = p * (n - 1);
        var lo = (int)pos;
        if (lo >= n - 1)
        {
            return v[n - 1];
        }

        return v[lo] + (pos - lo) * (v[lo + 1] - v[lo]);
    }

    /// <summary>A byte count as people read it: 512, 1K, 64K, 4M, 1G (exact powers of 1024 only; otherwise the number).</summary>
    public static string ShortBytes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => (bytes >> 30).ToString(CultureInfo.InvariantCulture) + "G",
        >= 1L << 20 when bytes % (1L << 20) == 0 => (bytes >> 20).ToString(CultureInfo.InvariantCulture) + "M",
        >= 1L << 10 when bytes % (1L << 10) == 0 => (bytes >> 10).ToString(CultureInfo.InvariantCulture) + "K",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
