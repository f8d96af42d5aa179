using System.Globalization;
using System.Text;

namespace TypedMpi.Tool.Output;

/// <summary>A line of a plot: its points, and optionally a shaded band around them (p10–p90, min–max).</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points, IReadOnlyList<(double X, double Low, double High)>? Band = null);

/// <summary>One log-log chart.</summary>
internal sealed record PlotPanel(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series);

/// <summary>A figure: a title, a subtitle and panels side by side.</summary>
internal sealed record PlotDocument(string Title, string Subtitle, IReadOnlyList<PlotPanel> Panels);

/// <summary>
/// Writes a <see cref="PlotDocument"/> as a standalone SVG file, by hand (no dependency): log-log axes (x in powers of
/// two, labelled 1, 4, 16, ..., 1K, ..., 1M; y in decades with minor grid lines), a line with markers per series, an
/// optional shaded band, and a legend in each panel. Points that cannot sit on a log axis (0 bytes, 0 µs) are left out.
/// </summary>
internal static class SvgPlot
{
    private const double PanelWidth = 540, PanelHeight = 420;
    private const double MarginLeft = 72, MarginRight = 18, MarginTop = 44, MarginBottom = 58;
    private const double HeaderHeight = 56;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    public static void Write(string path, PlotDocument document) => File.WriteAllText(path, Render(document), new UTF8Encoding(false));

    public static string Render(PlotDocument document)
    {
        var width = PanelWidth * Math.Max(document.Panels.Count, 1);
        var height = HeaderHeight + PanelHeight;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {width:F0} {height:F0}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{width:F0}\" height=\"{height:F0}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{width / 2:F1}\" y=\"22\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Escape(document.Title)}</text>\n"));
        svg.Append(Inv($"<text x=\"{width / 2:F1}\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">{Escape(document.Subtitle)}</text>\n"));
        for (var i = 0; i < document.Panels.Count; i++)
        {
            RenderPanel(svg, document.Panels[i], i * PanelWidth, HeaderHeight);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void RenderPanel(StringBuilder svg, PlotPanel panel, double left, double top)
    {
        double x0 = left + MarginLeft, x1 = left + PanelWidth - MarginRight;
        double y0 = top + MarginTop, y1 = top + PanelHeight - MarginBottom;
        svg.Append(Inv($"<g class=\"panel\">\n<text x=\"{(x0 + x1) / 2:F1}\" y=\"{top + 24:F1}\" text-anchor=\"middle\" font-size=\"14\">{Escape(panel.Title)}</text>\n"));

        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var series in panel.Series)
        {
            foreach (var (x, y) in series.Points.Where(p => Plottable(p.X) && Plottable(p.Y)))
            {
                xs.Add(x);
                ys.Add(y);
            }

            foreach (var (x, low, high) in series.Band ?? [])
            {
                if (Plottable(x) && Plottable(low) && Plottable(high))
                {
                    ys.Add(low);
                    ys.Add(high);
                }
            }
        }

        if (xs.Count == 0)
        {
            svg.Append(Inv($"<text x=\"{(x0 + x1) / 2:F1}\" y=\"{(y0 + y1) / 2:F1}\" text-anchor=\"middle\" fill=\"#555\">no data to plot</text>\n</g>\n"));
            return;
        }

        // x: powers of two; y: decades
        var xMin = Math.Floor(Math.Log2(xs.Min()));
        var xMax = Math.Ceiling(Math.Log2(xs.Max()));
        if (xMax <= xMin)
        {
            xMin -= 1;
            xMax += 1;
        }

        var yMin = Math.Floor(Math.Log10(ys.Min()));
        var yMax = Math.Ceiling(Math.Log10(ys.Max()));
        if (yMax <= yMin)
        {
            yMax = yMin + 1;
        }

        double X(double v) => x0 + (Math.Log2(v) - xMin) / (xMax - xMin) * (x1 - x0);
        double Y(double v) => y1 - (Math.Log10(v) - yMin) / (yMax - yMin) * (y1 - y0);

        // grid and ticks
        svg.Append("<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">\n");
        for (var e = yMin; e < yMax; e++)
        {
            for (var m = 2; m <= 9; m++)
            {
                var y = Y(m * Math.Pow(10, e));
                svg.Append(Inv($"<line x1=\"{x0:F1}\" y1=\"{y:F1}\" x2=\"{x1:F1}\" y2=\"{y:F1}\" stroke=\"#f2f2f2\"/>\n"));
            }
        }

        for (var e = xMin; e <= xMax; e++)
        {
            var x = X(Math.Pow(2, e));
            svg.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{y0:F1}\" x2=\"{x:F1}\" y2=\"{y1:F1}\"/>\n"));
        }

        var yStep = yMax - yMin > 8 ? 2 : 1;
        for (var e = yMin; e <= yMax; e += yStep)
        {
            var y = Y(Math.Pow(10, e));
            svg.Append(Inv($"<line x1=\"{x0:F1}\" y1=\"{y:F1}\" x2=\"{x1:F1}\" y2=\"{y:F1}\"/>\n"));
        }

        svg.Append("</g>\n");
        svg.Append(Inv($"<rect x=\"{x0:F1}\" y=\"{y0:F1}\" width=\"{x1 - x0:F1}\" height=\"{y1 - y0:F1}\" fill=\"none\" stroke=\"#333\"/>\n"));

        var xStep = 1;
        while ((xMax - xMin) / xStep > 11)
        {
            xStep *= 2;
        }

        svg.Append("<g class=\"x-ticks\" text-anchor=\"middle\">\n");
        for (var e = Math.Ceiling(xMin / xStep) * xStep; e <= xMax; e += xStep)
        {
            var x = X(Math.Pow(2, e));
            svg.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{y1:F1}\" x2=\"{x:F1}\" y2=\"{y1 + 5:F1}\" stroke=\"#333\"/><text x=\"{x:F1}\" y=\"{y1 + 18:F1}\">{PowerOfTwoLabel((int)e)}</text>\n"));
        }

        svg.Append("</g>\n<g class=\"y-ticks\" text-anchor=\"end\">\n");
        for (var e = yMin; e <= yMax; e += yStep)
        {
            var y = Y(Math.Pow(10, e));
            svg.Append(Inv($"<line x1=\"{x0 - 5:F1}\" y1=\"{y:F1}\" x2=\"{x0:F1}\" y2=\"{y:F1}\" stroke=\"#333\"/><text x=\"{x0 - 8:F1}\" y=\"{y + 4:F1}\">{DecadeLabel((int)e)}</text>\n"));
        }

        if (yMax - yMin <= 2)
        {
            // one or two decades: label 2 and 5 times each decade too, so the axis has enough numbers to read
            for (var e = yMin; e < yMax; e++)
            {
                foreach (var m in (ReadOnlySpan<int>)[2, 5])
                {
                    var value = m * Math.Pow(10, e);
                    var y = Y(value);
                    svg.Append(Inv($"<line x1=\"{x0 - 3:F1}\" y1=\"{y:F1}\" x2=\"{x0:F1}\" y2=\"{y:F1}\" stroke=\"#333\"/><text x=\"{x0 - 8:F1}\" y=\"{y + 4:F1}\" fill=\"#555\">{value.ToString("0.###", CultureInfo.InvariantCulture)}</text>\n"));
                }
            }
        }

        svg.Append("</g>\n");
        svg.Append(Inv($"<text x=\"{(x0 + x1) / 2:F1}\" y=\"{y1 + 40:F1}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>\n"));
        var yLabelX = left + 18;
        svg.Append(Inv($"<text x=\"{yLabelX:F1}\" y=\"{(y0 + y1) / 2:F1}\" text-anchor=\"middle\" transform=\"rotate(-90 {yLabelX:F1} {(y0 + y1) / 2:F1})\">{Escape(panel.YLabel)}</text>\n"));

        // bands, then lines and markers
        for (var i = 0; i < panel.Series.Count; i++)
        {
            var band = panel.Series[i].Band?.Where(b => Plottable(b.X) && Plottable(b.Low) && Plottable(b.High)).OrderBy(b => b.X).ToList();
            if (band is { Count: > 0 })
            {
                var outline = band.Select(b => Inv($"{X(b.X):F1},{Y(b.High):F1}"))
                    .Concat(band.AsEnumerable().Reverse().Select(b => Inv($"{X(b.X):F1},{Y(b.Low):F1}")));
                svg.Append(Inv($"<polygon class=\"band\" points=\"{string.Join(' ', outline)}\" fill=\"{Color(i)}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"));
            }
        }

        for (var i = 0; i < panel.Series.Count; i++)
        {
            var points = panel.Series[i].Points.Where(p => Plottable(p.X) && Plottable(p.Y)).OrderBy(p => p.X).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            svg.Append(Inv($"<polyline class=\"series\" points=\"{string.Join(' ', points.Select(p => Inv($"{X(p.X):F1},{Y(p.Y):F1}")))}\" fill=\"none\" stroke=\"{Color(i)}\" stroke-width=\"2\"/>\n"));
            foreach (var (x, y) in points)
            {
                svg.Append(Inv($"<circle cx=\"{X(x):F1}\" cy=\"{Y(y):F1}\" r=\"2.5\" fill=\"{Color(i)}\"/>\n"));
            }
        }

        // legend, top left inside the plot area
        var entries = panel.Series.Select((s, i) => (Text: s.Name, Index: i)).ToList();
        var legendWidth = 34 + 6.6 * entries.Max(e => e.Text.Length);
        var legendHeight = 8 + 18 * entries.Count;
        double lx = x0 + 10, ly = y0 + 10;
        svg.Append(Inv($"<g class=\"legend\">\n<rect x=\"{lx:F1}\" y=\"{ly:F1}\" width=\"{legendWidth:F1}\" height=\"{legendHeight:F1}\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n"));
        foreach (var (text, index) in entries)
        {
            var y = ly + 16 + 18 * index;
            svg.Append(Inv($"<line x1=\"{lx + 8:F1}\" y1=\"{y - 4:F1}\" x2=\"{lx + 26:F1}\" y2=\"{y - 4:F1}\" stroke=\"{Color(index)}\" stroke-width=\"2\"/><text x=\"{lx + 30:F1}\" y=\"{y:F1}\">{Escape(text)}</text>\n"));
        }

        svg.Append("</g>\n</g>\n");
    }

    private static bool Plottable(double v) => double.IsFinite(v) && v > 0;

    private static string Color(int index) => Palette[index % Palette.Length];

    /// <summary>2^e as a size: 1, 2, 4, ..., 512, 1K, ..., 512K, 1M, ..., 1G.</summary>
    internal static string PowerOfTwoLabel(int e) => e switch
    {
        >= 30 => I(1L << (e - 30)) + "G",
        >= 20 => I(1L << (e - 20)) + "M",
        >= 10 => I(1L << (e - 10)) + "K",
        >= 0 => I(1L << e),
        _ => (1.0 / (1L << -e)).ToString("G3", CultureInfo.InvariantCulture),
    };

    /// <summary>10^e: 0.001, 0.01, 0.1, 1, 10, ..., 100000, then 1e6.</summary>
    internal static string DecadeLabel(int e) => e switch
    {
        >= 0 and <= 5 => I((long)Math.Pow(10, e)),
        < 0 and >= -3 => Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture),
        _ => "1e" + I(e),
    };

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => new string(s.Select(c => c < ' ' ? ' ' : c).ToArray()) // XML 1.0 has no control characters
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
