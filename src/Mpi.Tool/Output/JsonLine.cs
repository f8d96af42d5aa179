using System.Globalization;
using System.Text;

namespace TypedMpi.Tool.Output;

/// <summary>
/// One JSON object on one line, formatted by hand (no reflection: trim and AOT friendly) with the number formats of
/// native/bench/pingpong.c: <c>%.3f</c> for microseconds, <c>%.1f</c> for MB/s.
/// </summary>
internal sealed class JsonLine
{
    private readonly StringBuilder _text = new("{");

    /// <summary>The head every benchmark line shares: bench, impl, library (the order of pingpong.c).</summary>
    public static JsonLine Head(string bench, string impl, string library) =>
        new JsonLine().Add("bench", bench).Add("impl", impl).Add("library", library);

    public JsonLine Add(string name, string value)
    {
        Name(name);
        Json.AppendString(_text, value);
        return this;
    }

    public JsonLine Add(string name, long value)
    {
        Name(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonLine Add(string name, bool value)
    {
        Name(name);
        _text.Append(value ? "true" : "false");
        return this;
    }

    /// <summary>A number in a fixed-point <paramref name="format"/>: "F3" is printf's %.3f, "F1" its %.1f.</summary>
    public JsonLine Add(string name, double value, string format)
    {
        Name(name);
        _text.Append(double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "null");
        return this;
    }

    public override string ToString() => _text.ToString() + "}";

    private void Name(string name)
    {
        if (_text.Length > 1)
        {
            _text.Append(',');
        }

        Json.AppendString(_text, name);
        _text.Append(':');
    }
}

/// <summary>JSON string escaping, as json_string in native/bench/bench_common.h.</summary>
internal static class Json
{
    public static void AppendString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
