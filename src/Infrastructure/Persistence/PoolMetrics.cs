using System.Diagnostics.Metrics;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>Live figures of the connection pool, as <c>/health</c> shows them.</summary>
public sealed record PoolSnapshot(int MaxSize, int MinSize, int Total, int Idle, int Busy);

/// <summary>
/// Reads the pool's figures from Npgsql's own metrics (meter <c>Npgsql</c>,
/// <c>db.client.connection.count</c> by state, <c>db.client.connection.max</c>), the public way to see
/// them; observable instruments are read only when a snapshot is asked for, so this costs nothing per query.
/// </summary>
public sealed class PoolMetrics : IDisposable
{
    public const string PoolName = "todochat";

    private const string MeterName = "Npgsql";
    private const string CountInstrument = "db.client.connection.count";
    private const string MaxInstrument = "db.client.connection.max";
    private const string PoolNameTag = "db.client.connection.pool.name";
    private const string StateTag = "db.client.connection.state";

    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly int _minSize;
    private int _idle;
    private int _used;
    private int _max;

    public PoolMetrics(int minSize)
    {
        _minSize = minSize;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is CountInstrument or MaxInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => OnMeasurement(instrument, (int)value, tags, state));
        _listener.Start();
    }

    public PoolSnapshot Snapshot(int configuredMaxSize)
    {
        lock (_gate)
        {
            _idle = 0;
            _used = 0;
            _max = configuredMaxSize;
            _listener.RecordObservableInstruments();
            return new PoolSnapshot(_max, _minSize, _idle + _used, _idle, _used);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, int value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? pool = null;
        string? connectionState = null;
        foreach (var tag in tags)
        {
            if (tag.Key == PoolNameTag)
            {
                pool = tag.Value as string;
            }
            else if (tag.Key == StateTag)
            {
                connectionState = tag.Value as string;
            }
        }

        if (pool != PoolName)
        {
            return;
        }

        // Called back synchronously from RecordObservableInstruments, under the lock.
        if (instrument.Name == MaxInstrument)
        {
            _max = value;
        }
        else if (connectionState == "idle")
        {
            _idle += value;
        }
        else
        {
            _used += value;
        }
    }
}
