using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;
using TodoChat.Application.Conversations.Queries.GetConversations;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Queries.GetTasks;

namespace TodoChat.Application.UnitTests.Common;

/// <summary>
/// The cursors' payloads: each kind round-trips exactly and refuses another kind's payload. Signing is
/// the protector's job; here it is plain base64.
/// </summary>
public sealed class CursorTests
{
    private static readonly ICursorProtector Plain = PlainCursorProtector.Instance;

    [Test]
    public void ShouldRoundTripAHistoryCursorWithItsFiltersAndPosition()
    {
        var cursor = new HistoryCursor(Guid.CreateVersion7(), true, DateTimeOffset.UnixEpoch.AddDays(1), null, new DateTimeOffset(2026, 11, 29, 5, 0, 0, 123, TimeSpan.Zero).AddTicks(4560), int.MaxValue);

        Assert.That(HistoryCursor.Decode(cursor.Encode(Plain), Plain), Is.EqualTo(cursor));
    }

    [Test]
    public void ShouldRoundTripTheListCursors()
    {
        var tasks = new TaskListCursor(TaskStatusFilter.Completed, 41);
        var conversations = new ConversationListCursor(new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.Zero), Guid.CreateVersion7());

        Assert.That(TaskListCursor.Decode(tasks.Encode(Plain), Plain), Is.EqualTo(tasks));
        Assert.That(ConversationListCursor.Decode(conversations.Encode(Plain), Plain), Is.EqualTo(conversations));
    }

    [Test]
    public void ShouldRefuseAnotherKindsCursor()
    {
        var tasks = new TaskListCursor(TaskStatusFilter.All, 7).Encode(Plain);
        var conversations = new ConversationListCursor(DateTimeOffset.UnixEpoch, Guid.Empty).Encode(Plain);

        Assert.That(HistoryCursor.Decode(tasks, Plain), Is.Null);
        Assert.That(HistoryCursor.Decode(conversations, Plain), Is.Null);
        Assert.That(TaskListCursor.Decode(conversations, Plain), Is.Null);
        Assert.That(ConversationListCursor.Decode(tasks, Plain), Is.Null);
    }

    [TestCase("")]
    [TestCase("not base64 at all!")]
    [TestCase("AAAA")]
    public void ShouldRefuseWhatIsNoCursor(string text) =>
        Assert.That(HistoryCursor.Decode(text, Plain), Is.Null);
}
