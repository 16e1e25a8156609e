using static TodoChat.WebApi.Tests.Support.Conversations;

namespace TodoChat.WebApi.Tests.Conversations;

/// <summary>The bulk seeder writes exactly what the append use case would.</summary>
public sealed class SeedingTests : TestBase
{
    [Test]
    public async Task ShouldSeedGaplessAlternatingMessagesOneSecondApart()
    {
        var id = await SeedAsync("alice", 1_001);

        var summary = await Testing.ScalarAsync<string>($"""
            SELECT count(*) || ' ' || min(seq) || ' ' || max(seq)
                || ' ' || bool_and(role = CASE WHEN seq % 2 = 1 THEN 'user' ELSE 'assistant' END)
                || ' ' || bool_and(length(content) BETWEEN 150 AND 250)
                || ' ' || (max(created_at) - min(created_at) = interval '1000 seconds')
                || ' ' || count(DISTINCT created_at)
            FROM messages WHERE conversation_id = '{id}'
            """);
        var counters = await Testing.ScalarAsync<string>($"""
            SELECT c.message_count || ' ' || (c.last_message_at = max(m.created_at)) || ' ' || (c.updated_at = c.last_message_at) || ' ' || bool_and(m.user_id = c.user_id)
            FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.id = '{id}' GROUP BY c.id
            """);

        Assert.That(summary, Is.EqualTo("1001 1 1001 true true true 1001"));
        Assert.That(counters, Is.EqualTo("1001 true true true"));
    }

    [Test]
    public async Task ShouldContinueWithAppendsAfterASeed()
    {
        var id = await SeedAsync("alice", 10);

        await AppendAsync("alice", id, "after the seed");

        Assert.That(await Testing.ScalarAsync<int>($"SELECT max(seq) FROM messages WHERE conversation_id = '{id}'"), Is.EqualTo(11));
    }
}
