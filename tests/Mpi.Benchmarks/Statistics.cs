namespace TypedMpi.Benchmarks;

internal static class Statistics
{
    /// <summary>
    /// The p-th quantile (0..1) of sorted <paramref name="v"/>, interpolating linearly between the closest
    /// ranks (numpy's default; the same code as <c>quantile</c> in pingpong.c).
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
}
