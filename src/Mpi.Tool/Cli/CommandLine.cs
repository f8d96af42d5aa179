using System.Globalization;
using System.Text;

namespace TypedMpi.Tool.Cli;

/// <summary>A command-line option: its long name, an optional short alias, and whether it takes a value.</summary>
internal sealed record OptionSpec(string Name, string? Alias, string? ValueName, string Help)
{
    public bool TakesValue => ValueName is not null;

    public static OptionSpec Flag(string name, string help, string? alias = null) => new(name, alias, null, help);

    public static OptionSpec Value(string name, string valueName, string help, string? alias = null) => new(name, alias, valueName, help);
}

/// <summary>A command-line mistake: reported with the command's usage and exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The options of one command, parsed strictly: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c> and flags;
/// an unknown option, a missing value or a stray word is a <see cref="UsageException"/>. (System.CommandLine is not
/// used: the tool stays small, trim-friendly and free of dependencies.)
/// </summary>
internal sealed class ParsedOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private ParsedOptions()
    {
    }

    public static ParsedOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var result = new ParsedOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var name = arg;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var equals and > 2)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }

            var spec = Find(specs, name);
            if (spec is null)
            {
                throw new UsageException(arg.StartsWith('-') ? $"unknown option '{arg}'" : $"unexpected argument '{arg}'");
            }

            if (!spec.TakesValue)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{spec.Name} takes no value");
                }

                result._values[spec.Name] = null;
                continue;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{name} needs a value ({spec.ValueName})");
                }

                value = args[++i];
            }

            result._values[spec.Name] = value;
        }

        return result;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} needs a whole number from {min} to {max}, not '{text}'");
    }

    /// <summary>A size in bytes: a number with an optional K, M or G suffix (powers of 1024), e.g. 64K, 4M.</summary>
    public long? Size(string name, long max)
    {
        var text = Value(name);
        return text is null ? null : ParseSize(text, name, max);
    }

    public static long ParseSize(string text, string name, long max)
    {
        var multiplier = 1L;
        var digits = text.Trim();
        if (digits.Length > 0 && char.ToUpperInvariant(digits[^1]) is 'K' or 'M' or 'G' && digits.Length > 1)
        {
            multiplier = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            digits = digits[..^1];
        }

        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max / multiplier)
        {
            return value * multiplier;
        }

        throw new UsageException($"{name} needs a size in bytes from 0 to {max} (a number, optionally with K, M or G), not '{text}'");
    }

    public static string Usage(string synopsis, string description, IReadOnlyList<OptionSpec> specs)
    {
        var text = new StringBuilder();
        text.Append("usage: ").Append(synopsis).Append('\n');
        text.Append(description).Append('\n');
        if (specs.Count > 0)
        {
            text.Append("\noptions:\n");
            var width = specs.Max(Label) + 2;
            foreach (var spec in specs)
            {
                var label = (spec.Alias is null ? "" : spec.Alias + ", ") + spec.Name + (spec.ValueName is null ? "" : " " + spec.ValueName);
                text.Append("  ").Append(label.PadRight(width)).Append(spec.Help).Append('\n');
            }
        }

        return text.ToString();

        static int Label(OptionSpec s) => (s.Alias is null ? 0 : s.Alias.Length + 2) + s.Name.Length + (s.ValueName is null ? 0 : s.ValueName.Length + 1);
    }

    private static OptionSpec? Find(IReadOnlyList<OptionSpec> specs, string name)
    {
        foreach (var spec in specs)
        {
            if (spec.Name == name || spec.Alias == name)
            {
                return spec;
            }
        }

        return null;
    }
}
