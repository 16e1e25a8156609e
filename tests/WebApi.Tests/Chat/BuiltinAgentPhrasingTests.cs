using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TodoChat.WebApi.Tests.Support;

namespace TodoChat.WebApi.Tests.Chat;

/// <summary>
/// The offline agent understands natural phrasing: many wordings per intent, through the real chat
/// endpoint. Each case starts from the same list and names the tool calls it expects, with task ids
/// written as the task's title so that the table reads as prose.
/// </summary>
public sealed partial class BuiltinAgentPhrasingTests : TestBase
{
    // Pending: Buy groceries, Team meeting notes, Call mom, Write report, Read report. Completed: Pay rent.
    private static readonly string[] Titles = ["Buy groceries", "Team meeting notes", "Call mom", "Pay rent", "Write report", "Read report"];

    private static IEnumerable<TestCaseData> Phrasings()
    {
        // add
        yield return Case("remind me to call mom tomorrow", "add_task(title=Call mom tomorrow)");
        yield return Case("add buy milk", "add_task(title=Buy milk)");
        yield return Case("Add a task to water the plants", "add_task(title=Water the plants)");
        yield return Case("please add \"Renew passport\" to my list", "add_task(title=Renew passport)");
        yield return Case("create a new task called Finish slides", "add_task(title=Finish slides)");
        yield return Case("I need to renew my passport", "add_task(title=Renew my passport)");
        yield return Case("don't let me forget to pay the electricity bill", "add_task(title=Pay the electricity bill)");
        yield return Case("remember to book flights", "add_task(title=Book flights)");
        yield return Case("put dentist appointment on my list", "add_task(title=Dentist appointment)");
        yield return Case("new task: file taxes", "add_task(title=File taxes)");
        yield return Case("can you add buy paint with description white, 2 litres", "add_task(description=white, 2 litres,title=Buy paint)");
        yield return Case("add milk, eggs and bread", "add_task(title=Milk) ; add_task(title=Eggs) ; add_task(title=Bread)");
        yield return Case("add call mom and dad", "add_task(title=Call mom and dad)");

        // list
        yield return Case("what's left on my list?", "list_tasks(status=pending)");
        yield return Case("show completed", "list_tasks(status=completed)");
        yield return Case("show my tasks", "list_tasks(status=all)");
        yield return Case("list everything", "list_tasks(status=all)");
        yield return Case("what do I still have to do?", "list_tasks(status=pending)");
        yield return Case("which tasks are done?", "list_tasks(status=completed)");
        yield return Case("anything pending?", "list_tasks(status=pending)");
        yield return Case("how many tasks do I have", "list_tasks(status=all)");
        yield return Case("what's on my plate today", "list_tasks(status=all)");

        // complete
        yield return Case("I finished the groceries one", "list_tasks(status=pending) ; complete_task(task_id=Buy groceries)");
        yield return Case("mark task {Call mom} as done", "complete_task(task_id=Call mom)");
        yield return Case("done with {Call mom}", "complete_task(task_id=Call mom)");
        yield return Case("complete tasks {Call mom} and {Buy groceries}", "complete_task(task_id=Call mom) ; complete_task(task_id=Buy groceries)");
        yield return Case("the meeting notes are done", "list_tasks(status=pending) ; complete_task(task_id=Team meeting notes)");
        yield return Case("check off groceries", "list_tasks(status=pending) ; complete_task(task_id=Buy groceries)");
        yield return Case("I've completed #{Write report}", "complete_task(task_id=Write report)");
        yield return Case("I have finished the call mom task", "list_tasks(status=pending) ; complete_task(task_id=Call mom)");
        yield return Case("mark the first one as complete", "list_tasks(status=pending) ; complete_task(task_id=Buy groceries)");

        // delete
        yield return Case("scratch task {Call mom}", "delete_task(task_id=Call mom)");
        yield return Case("delete the meeting task", "list_tasks(status=all) ; delete_task(task_id=Team meeting notes)");
        yield return Case("remove groceries", "list_tasks(status=all) ; delete_task(task_id=Buy groceries)");
        yield return Case("cancel #{Pay rent}", "delete_task(task_id=Pay rent)");
        yield return Case("get rid of the write report task", "list_tasks(status=all) ; delete_task(task_id=Write report)");
        yield return Case("delete all completed tasks", "list_tasks(status=completed) ; delete_task(task_id=Pay rent)");
        yield return Case("remove groceries and the meeting notes", "list_tasks(status=all) ; delete_task(task_id=Buy groceries) ; delete_task(task_id=Team meeting notes)");

        // update
        yield return Case("rename {Pay rent} to Pay the rent", "update_task(task_id=Pay rent,title=Pay the rent)");
        yield return Case("change task {Call mom} to Call grandma", "update_task(task_id=Call mom,title=Call grandma)");
        yield return Case("rename the groceries task to weekly groceries", "list_tasks(status=all) ; update_task(task_id=Buy groceries,title=Weekly groceries)");
        yield return Case("change the description of {Call mom} to ask about Sunday", "update_task(description=ask about Sunday,task_id=Call mom)");
        yield return Case("update {Write report}'s title to Write the Q3 report", "update_task(task_id=Write report,title=Write the Q3 report)");

        // quoted titles, past tense, paraphrase and meaning (the full corpus is in Infrastructure.UnitTests)
        yield return Case("remove 'Call mom' from my list", "list_tasks(status=all) ; delete_task(task_id=Call mom)");
        yield return Case("rename 'Write report' to 'Write the Q4 report'", "list_tasks(status=all) ; update_task(task_id=Write report,title=Write the Q4 report)");
        yield return Case("I bought the groceries", "list_tasks(status=pending) ; complete_task(task_id=Buy groceries)");
        yield return Case("forget about calling mom", "list_tasks(status=all) ; delete_task(task_id=Call mom)");
        yield return Case("I phoned my mother", "list_tasks(status=pending) ; complete_task(task_id=Call mom)");

        // asks instead of guessing, or says what it did not understand
        yield return Case("delete the report task", "list_tasks(status=all)", "More than one task matches");
        yield return Case("I'm done with it? complete", "", "Which task");
        yield return Case("complete task 99999", "complete_task(task_id=99999)", "couldn't find task 99999");
        yield return Case("delete the unicorn task", "list_tasks(status=all)", "couldn't find a task matching \"unicorn\"");
        yield return Case("blorp the flux capacitor", "", "didn't understand");
        yield return Case("hello", "", "Hi!");
        yield return Case("what can you do", "", "I can add tasks");
        yield return Case("thanks!", "", "welcome");
    }

    [TestCaseSource(nameof(Phrasings))]
    public async Task ShouldUnderstand(string message, string expectedCalls, string? expectedReply)
    {
        using var client = ClientFor("alice");
        var ids = await CreateStandardListAsync(client);
        var text = Placeholder().Replace(message, m => ids[m.Groups[1].Value].ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await client.PostJsonAsync("api/alice/chat", new { conversation_id = (Guid?)null, message = text });

        var turn = await response.ReadJsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), turn.ToJsonString());
        var titles = ids.ToDictionary(p => p.Value, p => p.Key);
        var calls = string.Join(" ; ", turn["tool_calls"]!.AsArray().Select(c => Describe(c!, titles)));
        Assert.That(calls, Is.EqualTo(expectedCalls), (string?)turn["response"]);
        var reply = (string?)turn["response"];
        Assert.That(reply, Is.Not.Null.And.Not.Empty);
        if (expectedReply is not null)
        {
            Assert.That(reply, Does.Contain(expectedReply));
        }
    }

    private static TestCaseData Case(string message, string calls, string? reply = null) =>
        new TestCaseData(message, calls, reply).SetName($"ShouldUnderstand \"{message}\"");

    private static string Describe(JsonNode call, Dictionary<int, string> titles)
    {
        var arguments = call["arguments"]!.AsObject()
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Key == "task_id" && titles.TryGetValue((int)a.Value!, out var title)
                ? $"task_id={title}"
                : $"{a.Key}={(a.Value is JsonValue v ? v.ToString() : a.Value?.ToJsonString())}");
        return $"{call["tool"]}({string.Join(",", arguments)})";
    }

    private static async Task<Dictionary<string, int>> CreateStandardListAsync(HttpClient client)
    {
        var ids = new Dictionary<string, int>();
        foreach (var title in Titles)
        {
            using var created = await client.PostJsonAsync("api/alice/tasks", new { title });
            ids[title] = (int)(await created.ReadJsonAsync())["id"]!;
        }

        (await client.PatchAsync($"api/alice/tasks/{ids["Pay rent"]}/complete", null)).EnsureSuccessStatusCode();
        return ids;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Placeholder();
}
