using System.Globalization;
using System.Text;

namespace TypedMpi.Binding;

/// <summary>
/// The Linux list format for sets of CPU ids (and other small integer sets): comma-separated ids and inclusive
/// ranges, e.g. <c>0-3,8,10-11</c>. It is what <c>/sys</c> and <c>/proc/self/status</c> write and what
/// <see cref="BindingPlan"/> prints.
/// </summary>
public static class CpuList
{
    /// <summary>The largest id a list may hold (Linux allows at most 8192 CPUs; this leaves room and bounds a range's size).</summary>
    public const int MaxId = 65535;

    /// <summary>
    /// Parses a list such as <c>0-3,8,10-11</c> into its ids, ascending and without duplicates. Surrounding white
    /// space and a trailing newline are ignored; an empty string is the empty set.
    /// </summary>
    /// <exception cref="FormatException">The text is not a list of ids and ranges (e.g. <c>3-1</c>, <c>a</c>, <c>0-7:2</c>).</exception>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new SortedSet<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item.Length == 0)
            {
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                throw new FormatException($"The CPU list '{text}' has an empty item.");
            }

            var dash = item.IndexOf('-', 1);
            var first = ParseId(dash < 0 ? item : item[..dash], text);
            var last = dash < 0 ? first : ParseId(item[(dash + 1)..], text);
            if (last < first)
            {
                throw new FormatException($"The CPU list '{text}' has a descending range '{item}'.");
            }

            for (var id = first; id <= last; id++)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>
    /// Formats ids as a compressed list: ascending, duplicates removed, runs of two or more consecutive ids as
    /// ranges, e.g. {0,1,2,3,4,9} → <c>0-4,9</c> and {1,2} → <c>1-2</c>. The empty set is the empty string.
    /// </summary>
    public static string Format(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sorted = new SortedSet<int>(ids);
        var text = new StringBuilder();
        int? start = null;
        var previous = 0;
        foreach (var id in sorted)
        {
            if (start is null)
            {
                start = id;
            }
            else if (id != previous + 1)
            {
                AppendRun(text, start.Value, previous);
                start = id;
            }

            previous = id;
        }

        if (start is not null)
        {
            AppendRun(text, start.Value, previous);
        }

        return text.ToString();
    }

    private static void AppendRun(StringBuilder text, int first, int last)
    {
        if (text.Length > 0)
        {
            text.Append(',');
        }

        text.Append(first.ToString(CultureInfo.InvariantCulture));
        if (last != first)
        {
            text.Append('-').Append(last.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static int ParseId(string digits, string text)
    {
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                throw new FormatException($"The CPU list '{text}' has '{digits}' where an id belongs (the list format is ids and ranges: 0-3,8,10-11).");
            }
        }

        return digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= MaxId
            ? id
            : throw new FormatException($"The CPU list '{text}' has an id that is empty or above {MaxId}: '{digits}'.");
    }
}
