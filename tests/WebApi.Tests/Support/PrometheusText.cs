using System.Globalization;

namespace TodoChat.WebApi.Tests.Support;

/// <summary>
/// The Prometheus text exposition format, read into series: a metric name with its labels in a
/// canonical order (<c>name{a="1",b="2"}</c>) to the sample's value. Comments and the types they
/// declare are kept apart, so a test can also ask which metric families exist.
/// </summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    /// <summary>Families by name (as <c># TYPE</c> declares them) to their type: counter, gauge, histogram.</summary>
    public IReadOnlyDictionary<string, string> Families => _types;

    public IReadOnlyDictionary<string, double> Samples => _samples;

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                parsed._types[parts[0]] = parts[1];
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            var (series, rest) = SplitSeries(line);
            var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (!parsed._samples.TryAdd(series, double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)))
            {
                throw new AssertionException($"The series {series} appears twice in the scrape.");
            }
        }

        return parsed;
    }

    /// <summary>The value of one series, 0 when the scrape does not have it (a counter never incremented).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        _samples.TryGetValue(Key(name, labels), out var value) ? value : 0;

    /// <summary>The sum over every series of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => Matches(s.Key, name, labels)).Sum(s => s.Value);

    private static bool Matches(string series, string name, (string Label, string Value)[] labels)
    {
        var brace = series.IndexOf('{', StringComparison.Ordinal);
        var seriesName = brace < 0 ? series : series[..brace];
        return seriesName == name && labels.All(l => series.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal));
    }

    private static string Key(string name, (string Label, string Value)[] labels) =>
        labels.Length == 0 ? name : name + "{" + string.Join(",", labels.OrderBy(l => l.Label, StringComparer.Ordinal).Select(l => $"{l.Label}=\"{l.Value}\"")) + "}";

    private static (string Series, string Tail) SplitSeries(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            return (line[..space], line[(space + 1)..]);
        }

        // Label values may hold braces (a route template): scan quoted values to the closing brace.
        var name = line[..brace];
        var labels = new List<(string, string)>();
        var i = brace + 1;
        while (line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            var label = line[i..eq];
            var end = eq + 2;
            var value = new System.Text.StringBuilder();
            while (line[end] != '"')
            {
                if (line[end] == '\\')
                {
                    end++;
                }

                value.Append(line[end]);
                end++;
            }

            labels.Add((label, value.ToString()));
            i = end + 1;
            if (line[i] == ',')
            {
                i++;
            }
        }

        var close = i;
        return (Key(name, [.. labels]), line[(close + 2)..]);
    }
}
