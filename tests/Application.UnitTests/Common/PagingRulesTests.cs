using FluentValidation;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;
using TodoChat.Application.Conversations.Queries.GetConversations;
using TodoChat.Application.Sync.Queries.GetChanges;
using TodoChat.Application.Tasks;
using TodoChat.Application.Tasks.Queries.GetTasks;
using ValidationException = TodoChat.Application.Common.Exceptions.ValidationException;

namespace TodoChat.Application.UnitTests.Common;

/// <summary>
/// The rules the paged queries share, with the texts a client reads in a 400 under each parameter:
/// every list refuses a limit out of its range and a cursor it did not issue in the same words, and
/// each tells in its own words a cursor that belongs to another query.
/// </summary>
public sealed class PagingRulesTests
{
    private const string Forged = "The cursor is not one this service issued, or it was altered.";
    private static readonly ICursorProtector Plain = PlainCursorProtector.Instance;

    [Test]
    public void ShouldRefuseALimitOutOfRangeAndAForgedCursorOnEveryList()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                Errors(new GetConversationsQueryValidator(Plain), new GetConversationsQuery("alice", 0, "forged!")),
                Is.EqualTo(Expected(("Limit", "The limit must be an integer from 1 to 100."), ("Cursor", Forged))));
            Assert.That(
                Errors(new GetTasksQueryValidator(Plain), new GetTasksQuery("alice", null, 1001, "forged!")),
                Is.EqualTo(Expected(("Limit", "The limit must be an integer from 1 to 1000."), ("Cursor", Forged))));
            Assert.That(
                Errors(new GetChangesQueryValidator(Plain), new GetChangesQuery("alice", "forged!", int.MinValue)),
                Is.EqualTo(Expected(("Limit", "The limit must be an integer from 1 to 100."), ("Since", "The token is not one this service issued, or it was altered."))));
            Assert.That(
                Errors(new GetConversationHistoryQueryValidator(Plain), new GetConversationHistoryQuery("alice", Guid.CreateVersion7(), int.MaxValue, Cursor: "forged!")),
                Is.EqualTo(Expected(("Limit", "The limit must be an integer from 1 to 1000."), ("Cursor", Forged))));
        }
    }

    [Test]
    public void ShouldAcceptTheEdgesOfTheLimitWithoutACursor()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Errors(new GetConversationsQueryValidator(Plain), new GetConversationsQuery("alice", 100)), Is.Empty);
            Assert.That(Errors(new GetTasksQueryValidator(Plain), new GetTasksQuery("alice", null, 1)), Is.Empty);
            Assert.That(Errors(new GetChangesQueryValidator(Plain), new GetChangesQuery("alice", null, 1)), Is.Empty);
            Assert.That(Errors(new GetConversationHistoryQueryValidator(Plain), new GetConversationHistoryQuery("alice", Guid.CreateVersion7(), 1000)), Is.Empty);
        }
    }

    [Test]
    public void ShouldRefuseACursorOfAnotherQueryInThatQuerysWords()
    {
        var tasks = new TaskListCursor(TaskStatusFilter.Pending, 3).Encode(Plain);
        var history = new HistoryCursor(Guid.CreateVersion7(), false, null, null, DateTimeOffset.UnixEpoch, 2).Encode(Plain);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                Errors(new GetTasksQueryValidator(Plain), new GetTasksQuery("alice", "completed", Cursor: tasks)),
                Is.EqualTo(Expected(("Cursor", "The cursor belongs to another listing: send it with the same status as the page it came from."))));
            Assert.That(Errors(new GetTasksQueryValidator(Plain), new GetTasksQuery("alice", "pending", Cursor: tasks)), Is.Empty);
            Assert.That(
                Errors(new GetConversationHistoryQueryValidator(Plain), new GetConversationHistoryQuery("alice", Guid.CreateVersion7(), Cursor: history)),
                Is.EqualTo(Expected(("Cursor", "The cursor belongs to another query: send it with the same conversation, order, before and after as the page it came from."))));
            Assert.That(
                Errors(new GetConversationsQueryValidator(Plain), new GetConversationsQuery("alice", Cursor: tasks)),
                Is.EqualTo(Expected(("Cursor", Forged))),
                "another kind's cursor is not one this list issued");
        }
    }

    [Test]
    public void ShouldRefuseTimeFiltersThatAreNotIso8601Instants()
    {
        var query = new GetConversationHistoryQuery("alice", Guid.CreateVersion7(), Before: "yesterday", After: "1700000000");

        Assert.That(
            Errors(new GetConversationHistoryQueryValidator(Plain), query),
            Is.EqualTo(Expected(
                ("Before", "The value must be an ISO 8601 instant, such as 2026-11-28T17:00:00Z."),
                ("After", "The value must be an ISO 8601 instant, such as 2026-11-28T17:00:00Z."))));
    }

    /// <summary>The errors as the service groups them for the problem's <c>errors</c>.</summary>
    private static IReadOnlyDictionary<string, string[]> Errors<T>(IValidator<T> validator, T query) =>
        new ValidationException(validator.Validate(query).Errors).Errors;

    private static Dictionary<string, string[]> Expected(params (string Property, string Message)[] errors) =>
        errors.ToDictionary(e => e.Property, e => new[] { e.Message });
}
