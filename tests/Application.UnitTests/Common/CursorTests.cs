using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;
using TodoChat.Application.Conversations.Queries.GetConversations;
using TodoChat.Application.Sync.Queries.GetChanges;
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

    /// <summary>Cursors and tokens that clients hold stay valid across a release: the bytes inside do not change.</summary>
    [Test]
    public void ShouldKeepThePayloadLayoutOfCursorsAlreadyIssued()
    {
        var id = Guid.Parse("0193c2a4-5b6e-7c8d-9eaf-b0c1d2e3f405");
        var at = new DateTimeOffset(2026, 11, 29, 5, 0, 0, 123, TimeSpan.Zero).AddTicks(4560);
        var history = new HistoryCursor(id, true, DateTimeOffset.UnixEpoch.AddDays(1), null, at, 42);
        var filtered = new HistoryCursor(id, false, null, at, DateTimeOffset.UnixEpoch, int.MaxValue);
        var tasks = new TaskListCursor(TaskStatusFilter.Completed, 41);
        var conversations = new ConversationListCursor(at, id);
        var sync = new SyncToken(123_456_789_012);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.Encode(Plain), Is.EqualTo("EQOkwpMBbluNfJ6vsMHS4/QFAEAfIr+AnwgAAAAAAAAAAIDeBZ/VTd8IKgAAAA=="));
            Assert.That(filtered.Encode(Plain), Is.EqualTo("EQSkwpMBbluNfJ6vsMHS4/QFAAAAAAAAAACA3gWf1U3fCACAtff1f58I////fw=="));
            Assert.That(tasks.Encode(Plain), Is.EqualTo("MQIpAAAA"));
            Assert.That(conversations.Encode(Plain), Is.EqualTo("IYDeBZ/VTd8IpMKTAW5bjXyer7DB0uP0BQ=="));
            Assert.That(sync.Encode(Plain), Is.EqualTo("MRQamb4cAAAA"));
            Assert.That(HistoryCursor.Decode(filtered.Encode(Plain), Plain), Is.EqualTo(filtered));
            Assert.That(SyncToken.Decode(sync.Encode(Plain), Plain), Is.EqualTo(sync));
        }
    }

    [TestCase("MQMpAAAA")]
    [TestCase("MQAAAAAAAACA")]
    [TestCase("IQAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAA==")]
    public void ShouldRefuseAPayloadWhoseFieldsAreOutOfRange(string cursor)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TaskListCursor.Decode(cursor, Plain), Is.Null);
            Assert.That(SyncToken.Decode(cursor, Plain), Is.Null);
            Assert.That(ConversationListCursor.Decode(cursor, Plain), Is.Null);
        }
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
