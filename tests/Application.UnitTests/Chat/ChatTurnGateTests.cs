using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TodoChat.Application.Chat;
using TodoChat.Application.Common.Exceptions;

namespace TodoChat.Application.UnitTests.Chat;

public sealed class ChatTurnGateTests
{
    private readonly FakeTimeProvider _clock = new();

    [Test]
    public async Task ShouldRefuseAUsersTurnBeyondTheLimitAtOnceAndLetOtherUsersIn()
    {
        using var gate = Gate(perUser: 2, inFlight: 10, queueMilliseconds: 2_000);
        using var first = await gate.EnterAsync("alice", CancellationToken.None);
        var second = await gate.EnterAsync("alice", CancellationToken.None);

        var refused = Assert.ThrowsAsync<TooManyConcurrentTurnsException>(async () => await gate.EnterAsync("alice", CancellationToken.None));
        Assert.That(refused!.RetryAfterSeconds, Is.EqualTo(3));
        using var bob = await gate.EnterAsync("bob", CancellationToken.None);

        second.Dispose();
        using var again = await gate.EnterAsync("alice", CancellationToken.None);
        Assert.That(gate.InFlight, Is.EqualTo(3));
    }

    [Test]
    public async Task ShouldQueueATurnUntilAnotherEnds()
    {
        using var gate = Gate(perUser: 2, inFlight: 1, queueMilliseconds: 2_000);
        var alice = await gate.EnterAsync("alice", CancellationToken.None);

        var bob = gate.EnterAsync("bob", CancellationToken.None).AsTask();
        Assert.That(bob.IsCompleted, Is.False, "queued while the instance is full");

        alice.Dispose();
        using var lease = await bob;
        Assert.That(gate.InFlight, Is.EqualTo(1));
    }

    [Test]
    public async Task ShouldRefuseAQueuedTurnAsBusyWhenItsWaitRunsOutAndForgetIt()
    {
        using var gate = Gate(perUser: 1, inFlight: 1, queueMilliseconds: 2_000);
        var alice = await gate.EnterAsync("alice", CancellationToken.None);
        var bob = gate.EnterAsync("bob", CancellationToken.None).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.That(bob.IsCompleted, Is.False);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var busy = Assert.ThrowsAsync<ChatTurnsBusyException>(async () => await bob);
        Assert.That(busy!.RetryAfterSeconds, Is.EqualTo(3));
        alice.Dispose();
        using var again = await gate.EnterAsync("bob", CancellationToken.None); // bob's refused turn no longer counts as running
        Assert.That(gate.InFlight, Is.EqualTo(1));
    }

    [Test]
    public async Task ShouldRefuseAsBusyAtOnceWithoutAQueue()
    {
        using var gate = Gate(perUser: 2, inFlight: 1, queueMilliseconds: 0);
        using var alice = await gate.EnterAsync("alice", CancellationToken.None);

        Assert.ThrowsAsync<ChatTurnsBusyException>(async () => await gate.EnterAsync("bob", CancellationToken.None));
    }

    [Test]
    public async Task ShouldNotCountAUsersTurnsWhenTheLimitIsOff()
    {
        using var gate = Gate(perUser: 0, inFlight: 5, queueMilliseconds: 0);
        for (var i = 0; i < 5; i++)
        {
            await gate.EnterAsync("alice", CancellationToken.None);
        }

        Assert.That(gate.InFlight, Is.EqualTo(5));
    }

    private ChatTurnGate Gate(int perUser, int inFlight, int queueMilliseconds) =>
        new(
            Options.Create(new ChatTurnOptions
            {
                MaxConcurrentTurnsPerUser = perUser,
                MaxTurnsInFlight = inFlight,
                TurnQueueMilliseconds = queueMilliseconds,
                BusyRetryAfterSeconds = 3,
            }),
            _clock);
}
