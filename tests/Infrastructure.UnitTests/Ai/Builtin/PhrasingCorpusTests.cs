using TodoChat.Infrastructure.Ai.Builtin;

namespace TodoChat.Infrastructure.UnitTests.Ai.Builtin;

/// <summary>
/// The agent's own corpus (<c>phrasings.tsv</c>): each row a message, the intent it means, the tool calls
/// it should make against <see cref="AgentHarness.StandardTitles"/> (task ids written as titles), and
/// optionally words the reply must contain. A new phrasing is a new row.
/// </summary>
public sealed class PhrasingCorpusTests
{
    public static IEnumerable<TestCaseData> Corpus() =>
        File.ReadLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Ai", "Builtin", "phrasings.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(cells => new TestCaseData(cells[0], cells[1], cells.Length > 2 ? cells[2] : string.Empty, cells.Length > 3 ? cells[3] : null)
                .SetName($"ShouldUnderstand \"{cells[0]}\""));

    [TestCaseSource(nameof(Corpus))]
    public async Task ShouldUnderstand(string message, string intent, string expectedCalls, string? expectedReply)
    {
        Assert.That(IntentRecognizer.Recognize(message).Intent.ToString(), Is.EqualTo(intent));

        var (calls, reply) = await new AgentHarness(MiniLmTitleSimilarity.Shared).TurnAsync(message);

        Assert.That(calls, Is.EqualTo(expectedCalls), $"{calls} | {reply}");
        Assert.That(reply, Is.Not.Empty);
        if (!string.IsNullOrEmpty(expectedReply))
        {
            Assert.That(reply, Does.Contain(expectedReply));
        }
    }
}
