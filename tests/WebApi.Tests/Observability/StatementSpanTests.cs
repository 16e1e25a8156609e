using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.WebApi.Tests.Observability;

/// <summary>
/// The service's data sources start a statement span only under a recorded span or none
/// (<see cref="DataSourceExtensions.TraceRecordedStatementsOnly"/>). The listener here samples every
/// span it is offered, whatever its parent, so a statement span under an unrecorded parent appears
/// unless the data source itself declines to start it.
/// </summary>
public sealed class StatementSpanTests : TestBase
{
    [TestCase(null, true, TestName = "ShouldTraceAStatementWithNoSpanAroundIt")]
    [TestCase(true, true, TestName = "ShouldTraceAStatementUnderARecordedSpan")]
    [TestCase(false, false, TestName = "ShouldNotStartAStatementSpanUnderAnUnrecordedSpan")]
    public async Task ShouldStartStatementSpansOnlyWhereATraceRecordsThem(bool? parentRecorded, bool traced)
    {
        // A statement no other test runs, so spans of tests running beside this one are not counted.
        var probe = $"SELECT 1 AS statement_span_probe_{Guid.NewGuid():N}";
        var started = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var dataSource = new NpgsqlDataSourceBuilder(Testing.Database.ConnectionString).TraceRecordedStatementsOnly().Build();

        using (var parent = parentRecorded is null ? null : new Activity("request").Start())
        {
            parent?.IsAllDataRequested = parentRecorded == true;
            await using var command = dataSource.CreateCommand(probe);
            await command.ExecuteScalarAsync();
        }

        var spans = started.Where(s => Equals(s.GetTagItem("db.query.text"), probe)).ToList();
        Assert.That(spans, traced ? Has.Count.EqualTo(1) : Is.Empty);
    }
}
