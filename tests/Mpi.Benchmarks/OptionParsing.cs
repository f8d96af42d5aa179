using System.Globalization;

namespace TypedMpi.Benchmarks;

/// <summary>
/// What both suites' options share with <c>parse_args</c> in the C references: <c>--name value</c> pairs, numbers
/// checked like strtol with a full-string check, comma lists split like strtok, and the default warm-up.
/// </summary>
internal static class OptionParsing
{
    private const int MaxListLength = 64;

    /// <summary>
    /// Feeds each <c>--name value</c> pair to <paramref name="apply"/>. False on <c>--help</c> (<paramref name="error"/>
    /// null) or on a missing or refused value (<paramref name="error"/> says which, prefixed with <paramref name="suite"/>).
    /// </summary>
    public static bool TryParse(string suite, string[] args, Func<string, string, bool> apply, out string? error)
    {
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is "--help" or "-h")
            {
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{suite}: missing value for {option}";
                return false;
            }

            var value = args[++i];
            if (!apply(option, value))
            {
                error = $"{suite}: bad option or value: {option} {value}";
                return false;
            }
        }

        return true;
    }

    /// <summary>A whole number in [<paramref name="min"/>, int.MaxValue].</summary>
    public static bool TryParseInt(string text, int min, out int value)
    {
        var ok = TryParseLong(text, min, int.MaxValue, out var parsed);
        value = (int)parsed;
        return ok;
    }

    /// <summary>"0,8,1024": empty fields are skipped; 1 to 64 numbers, each in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryParseList(string text, long min, long max, out long[] values)
    {
        values = [];
        if (text.Length >= 1024)
        {
            return false;
        }

        var fields = text.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > MaxListLength)
        {
            return false;
        }

        var parsed = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!TryParseLong(fields[i], min, max, out parsed[i]))
            {
                return false;
            }
        }

        values = parsed;
        return true;
    }

    /// <summary>The warm-up iterations: <paramref name="warmup"/> when given (≥ 0), else 10 % of the iterations, at least 10.</summary>
    public static int WarmupFor(int warmup, int iterations) => warmup >= 0 ? warmup : Math.Max(iterations / 10, 10);

    private static bool TryParseLong(string text, long min, long max, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value >= min && value <= max;
}
