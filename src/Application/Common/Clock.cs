namespace TodoChat.Application.Common;

public static class TimeProviderExtensions
{
    /// <summary>Now, cut to whole microseconds: what PostgreSQL stores, so a value read back equals the one written.</summary>
    public static DateTimeOffset GetUtcNowMicroseconds(this TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
