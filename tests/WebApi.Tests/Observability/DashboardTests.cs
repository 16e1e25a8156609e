using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.WebApi.Telemetry;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>
/// docs/observability/grafana-dashboard.json imports into Grafana and asks only for metrics the
/// service exports; every panel is explained in docs/observability/README.md.
/// </summary>
public sealed partial class DashboardTests : TestBase
{
    private static readonly string Docs = Path.Combine(Repository.Root, "docs", "observability");

    private static readonly HashSet<string> PromQlWords =
    [
        "sum", "rate", "irate", "increase", "histogram_quantile", "avg", "max", "min", "count", "by", "without",
        "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "clamp_min", "clamp_max", "abs", "topk",
    ];

    [Test]
    public void ShouldBeAnImportableGrafanaDashboardWhosePanelsAllQueryPrometheus()
    {
        var dashboard = Dashboard();

        Assert.That((string?)dashboard["title"], Is.EqualTo("TodoChat"));
        Assert.That((string?)dashboard["uid"], Is.Not.Empty);
        Assert.That(dashboard["__inputs"]!.AsArray().Select(i => (string?)i!["pluginId"]), Is.EqualTo(new[] { "prometheus" }));
        var panels = Panels(dashboard).ToList();
        Assert.That(panels, Has.Count.GreaterThanOrEqualTo(20));
        Assert.That(panels.Select(p => (int)p["id"]!), Is.Unique);
        Assert.That(panels.SelectMany(p => p["targets"]!.AsArray()).Select(t => (string?)t!["datasource"]!["uid"]), Has.All.EqualTo("${DS_PROMETHEUS}"));
    }

    [Test]
    public async Task ShouldReferenceOnlyMetricsTheServiceExports()
    {
        var exported = await ExportedFamiliesAsync();
        var referenced = Panels(Dashboard())
            .SelectMany(p => p["targets"]!.AsArray().Select(t => (Panel: (string)p["title"]!, Expr: (string)t!["expr"]!)))
            .SelectMany(t => MetricsIn(t.Expr).Select(m => (t.Panel, Metric: m)))
            .ToList();

        Assert.That(referenced, Is.Not.Empty);
        Assert.That(referenced.Where(r => !exported.Contains(r.Metric)).Select(r => $"{r.Panel}: {r.Metric}"), Is.Empty);
    }

    [Test]
    public void ShouldExplainEveryPanelOnTheDocsPage()
    {
        var page = File.ReadAllText(Path.Combine(Docs, "README.md"));

        Assert.That(Panels(Dashboard()).Select(p => (string)p["title"]!).Where(t => !page.Contains($"**{t}**", StringComparison.Ordinal)), Is.Empty);
    }

    /// <summary>
    /// The series names a scrape may show: every instrument of the exported meters (whether or not it
    /// has recorded yet), named as the Prometheus exporter names them. The naming is checked against
    /// a real scrape, so the rule cannot drift from the exporter.
    /// </summary>
    private static async Task<HashSet<string>> ExportedFamiliesAsync()
    {
        await using var app = new TodoChatApp(Testing.Database.ConnectionString);

        // The model client's resilience pipeline (and its Polly meter) exists once its HttpClient does.
        using var model = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("todochat-ai");
        var names = new HashSet<string>(StringComparer.Ordinal);

        // Listening through the scrape: some instruments (authentication's) appear at their first use.
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (TelemetrySetup.Meters.Contains(instrument.Meter.Name) || instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
            {
                lock (names)
                {
                    names.UnionWith(PrometheusNames(instrument));
                }
            }
        };
        listener.Start();

        using var client = app.CreateHttpClient(Tokens.For("alice"));
        (await client.GetAsync("api/alice/tasks")).Dispose();
        var scrape = PrometheusText.Parse(await client.GetStringAsync("metrics"));
        lock (names)
        {
            Assert.That(
                scrape.Samples.Keys.Select(k => k.Split('{')[0]).Where(n => n != "target_info" && !names.Contains(n)).Distinct(),
                Is.Empty,
                "the naming rule covers every series the exporter writes");
        }

        return names;
    }

    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        var unit = instrument.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Histogram<>))
        {
            return [name + "_bucket", name + "_sum", name + "_count"];
        }

        return type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? [name + "_total"] : [name];
    }

    private static IEnumerable<string> MetricsIn(string expr)
    {
        var bare = Labels().Replace(expr, string.Empty);
        bare = Ranges().Replace(bare, string.Empty);
        bare = Grouping().Replace(bare, string.Empty);
        return Identifiers().Matches(bare).Select(m => m.Value).Where(w => !PromQlWords.Contains(w)).Distinct();
    }

    private static JsonNode Dashboard() => JsonNode.Parse(File.ReadAllText(Path.Combine(Docs, "grafana-dashboard.json")))!;

    private static IEnumerable<JsonNode> Panels(JsonNode dashboard) =>
        dashboard["panels"]!.AsArray().Select(p => p!).Where(p => (string?)p["type"] != "row");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Labels();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b")]
    private static partial Regex Identifiers();
}
