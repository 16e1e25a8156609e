using Microsoft.Extensions.Options;
using TodoChat.Application.Common.Exceptions;

namespace TodoChat.Application.Chat;

/// <summary>
/// How many chat turns run at once on this instance: at most
/// <see cref="ChatTurnOptions.MaxConcurrentTurnsPerUser"/> of one user (more is a 429 at once, so one
/// user cannot take every slot), and at most <see cref="ChatTurnOptions.MaxTurnsInFlight"/> in all,
/// the rest waiting up to <see cref="ChatTurnOptions.TurnQueueMilliseconds"/> before a 503. Both
/// answers carry <c>Retry-After</c>. Time comes from the <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class ChatTurnGate : IDisposable
{
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly ChatTurnOptions _options;
    private readonly TimeProvider _clock;

    public ChatTurnGate(IOptions<ChatTurnOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        _inFlight = new SemaphoreSlim(_options.MaxTurnsInFlight, _options.MaxTurnsInFlight);
    }

    /// <summary>Turns running now on this instance (for tests and metrics).</summary>
    public int InFlight => _options.MaxTurnsInFlight - _inFlight.CurrentCount;

    /// <summary>Waits for room for one turn of the user; dispose the lease when the turn is over.</summary>
    public async ValueTask<IDisposable> EnterAsync(string userId, CancellationToken cancellationToken)
    {
        EnterUser(userId);
        try
        {
            await EnterInstanceAsync(cancellationToken);
        }
        catch
        {
            LeaveUser(userId);
            throw;
        }

        return new Lease(this, userId);
    }

    public void Dispose() => _inFlight.Dispose();

    private void EnterUser(string userId)
    {
        var limit = _options.MaxConcurrentTurnsPerUser;
        if (limit <= 0)
        {
            return;
        }

        lock (_lock)
        {
            var running = _perUser.GetValueOrDefault(userId);
            if (running >= limit)
            {
                throw new TooManyConcurrentTurnsException(limit, _options.BusyRetryAfterSeconds);
            }

            _perUser[userId] = running + 1;
        }
    }

    private void LeaveUser(string userId)
    {
        if (_options.MaxConcurrentTurnsPerUser <= 0)
        {
            return;
        }

        lock (_lock)
        {
            var running = _perUser.GetValueOrDefault(userId) - 1;
            if (running <= 0)
            {
                _perUser.Remove(userId);
            }
            else
            {
                _perUser[userId] = running;
            }
        }
    }

    private async ValueTask EnterInstanceAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.Wait(0, CancellationToken.None))
        {
            return;
        }

        if (_options.TurnQueueMilliseconds > 0)
        {
            using var queued = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.TurnQueueMilliseconds), _clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, queued.Token);
            try
            {
                await _inFlight.WaitAsync(either.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Waited as long as a turn may queue.
            }
        }

        throw new ChatTurnsBusyException(_options.MaxTurnsInFlight, _options.BusyRetryAfterSeconds);
    }

    private sealed class Lease(ChatTurnGate gate, string userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate._inFlight.Release();
                gate.LeaveUser(userId);
            }
        }
    }
}
