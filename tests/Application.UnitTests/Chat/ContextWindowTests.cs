using TodoChat.Application.Chat;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.UnitTests.Chat;

public sealed class ContextWindowTests
{
    // A token per word keeps the arithmetic visible; each message costs 4 more (ContextWindow.TokensPerMessage).
    private static readonly Func<string, int> Words = text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [TestCase(new[] { 1, 1, 1 }, 100, 10, 3, TestName = "ShouldKeepEverythingThatFits")]
    [TestCase(new[] { 1, 1, 1 }, 20, 10, 2, TestName = "ShouldKeepTheNewestWhenNotAllFit")]
    [TestCase(new[] { 1, 1, 1 }, 15, 10, 1, TestName = "ShouldKeepExactlyWhatFitsToTheToken")]
    [TestCase(new[] { 1, 1, 1 }, 14, 10, 0, TestName = "ShouldDropAMessageOneTokenOver")]
    [TestCase(new[] { 1, 50, 1 }, 40, 10, 1, TestName = "ShouldNotSkipALongMessageToReachAnOlderShortOne")]
    [TestCase(new[] { 1, 1 }, 5, 10, 0, TestName = "ShouldSendNoHistoryWhenThePromptAndMessageAloneExceedTheBudget")]
    [TestCase(new[] { 100, 100 }, 0, 10, 2, TestName = "ShouldKeepEverythingWhenTheBudgetIsOff")]
    public void ShouldKeepTheNewestMessagesThatFit(int[] wordsPerMessage, int budget, int fixedTokens, int expectedKept)
    {
        var history = wordsPerMessage.Select((words, i) => Message(i + 1, words)).ToList();

        var kept = ContextWindow.Newest(history, fixedTokens, budget, Words);

        Assert.That(kept.Select(m => m.Seq), Is.EqualTo(history.Skip(history.Count - expectedKept).Select(m => m.Seq)), "the newest, oldest first");
    }

    [Test]
    public void ShouldKeepNothingOfAnEmptyHistory() =>
        Assert.That(ContextWindow.Newest([], 10, 100, Words), Is.Empty);

    private static MessageDto Message(int seq, int words) =>
        new(Guid.NewGuid(), seq, seq % 2 == 1 ? MessageRole.User : MessageRole.Assistant, string.Join(' ', Enumerable.Repeat("w", words)), DateTimeOffset.UnixEpoch);
}
