using System.Diagnostics.CodeAnalysis;
using System.Globalization;

/// <summary>
/// The command line: <c>--max-exponent N</c> (largest message 2^N doubles, default 20: 8 MiB) and <c>--iterations N</c>
/// (timed round trips per size; by default 1000 up to 8 KiB and 100 above, as the OSU benchmarks do, so that small
/// messages are measured over enough rounds to be meaningful and the whole table takes a few seconds).
/// </summary>
internal sealed record Options(int MaxExponent, int? Iterations)
{
    public const string Usage = "usage: Bandwidth [--max-exponent N (0..26, default 20)] [--iterations N (default 1000 up to 8 KiB, 100 above)]";

    /// <summary>Messages up to this many bytes count as small: many more rounds, as each one is short.</summary>
    private const int SmallMessageBytes = 8192;

    /// <summary>Untimed rounds, then timed rounds, for a message of <paramref name="bytes"/>: a tenth of the timed ones as warm-up.</summary>
    public (int Warmup, int Iterations) IterationsFor(int bytes)
    {
        var iterations = Iterations ?? (bytes <= SmallMessageBytes ? 1000 : 100);
        return (Math.Max(1, iterations / 10), iterations);
    }

    public static bool TryParse(string[] args, [NotNullWhen(true)] out Options? options, [NotNullWhen(false)] out string? error)
    {
        var maxExponent = 20;
        int? iterations = null;
        options = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                // 2^26 doubles is 512 MiB, two buffers of it 1 GiB: enough for any shared-memory or network link
                case "--max-exponent" when TryInt(value, 0, 26, out var exponent):
                    maxExponent = exponent;
                    break;
                case "--iterations" when TryInt(value, 1, 10_000_000, out var count):
                    iterations = count;
                    break;
                case "--max-exponent" or "--iterations":
                    error = $"{args[i]} needs a number in range, not '{value}'";
                    return false;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }

        options = new Options(maxExponent, iterations);
        error = null;
        return true;
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
