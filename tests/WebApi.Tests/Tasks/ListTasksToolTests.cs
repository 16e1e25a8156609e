using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.Application.Tasks.Tools;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Tasks;

/// <summary><c>list_tasks</c> answers at most 25 tasks with the user's counts, however long the list; the agent says how many more.</summary>
public sealed class ListTasksToolTests : TestBase
{
    [Test]
    public async Task ShouldListTheOldestTwentyFiveWithTheCounts()
    {
        await TaskRows.InsertAsync("alice", 40, completedEvery: 4);
        await TaskRows.InsertAsync("bob", 3);

        var all = await ListAsync("alice", "all");
        var completed = await ListAsync("alice", "completed");
        var unknown = await ListAsync("alice", "whatever");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Tasks.Select(t => t.Id), Is.EqualTo((await TaskRows.IdsAsync("alice"))[..TaskToolbox.ListLimit]));
            Assert.That((all.Total, all.Pending, all.Completed, all.More), Is.EqualTo((40, 30, 10, 15)));
            Assert.That(completed.Tasks.Select(t => t.Id), Is.EqualTo(await TaskRows.IdsAsync("alice", "completed")));
            Assert.That(completed.More, Is.Zero);
            Assert.That(unknown.Tasks, Has.Count.EqualTo(TaskToolbox.ListLimit), "an unknown status lists everything");
        }
    }

    [Test]
    public async Task ShouldTellHowManyMoreThereAreInTheAgentsReply()
    {
        await TaskRows.InsertAsync("alice", 40);
        using var client = ClientFor("alice");

        var turn = await ChatTurns.AnswerAsync(client, "alice", "show my tasks");

        var reply = (string)turn["response"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply, Does.StartWith("You have 40 tasks; the oldest 25:"));
            Assert.That(reply, Does.EndWith("…and 15 more."));
            Assert.That(reply, Does.Contain("Task 25").And.Not.Contain("Task 26"));
            Assert.That(turn["tool_calls"]![0]!["result"]!["tasks"]!.AsArray(), Has.Count.EqualTo(25));
        }
    }

    [Test]
    public async Task ShouldNotMistakeTheTwentyFifthTaskForTheLastOne()
    {
        await TaskRows.InsertAsync("alice", 40);
        using var client = ClientFor("alice");

        var turn = await ChatTurns.AnswerAsync(client, "alice", "delete the last one");

        Assert.That((string)turn["response"]!, Does.Contain("Tell me its number"));
        Assert.That(await Testing.ScalarAsync<long>("SELECT count(*) FROM tasks"), Is.EqualTo(40));
    }

    private static async Task<TaskListResult> ListAsync(string userId, string status)
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        var tasks = scope.ServiceProvider.GetRequiredService<TaskWorkspaces>().Open(userId);
        return await scope.ServiceProvider.GetRequiredService<TaskToolbox>().ListTasksAsync(tasks, status, CancellationToken.None);
    }
}
