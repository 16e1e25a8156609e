using TodoChat.Application.Conversations.Queries.GetConversationHistory;

namespace TodoChat.Application.UnitTests.Conversations;

public sealed class SeqWindowTests
{
    [TestCase(0, 50, 100, 1, 50, true)]
    [TestCase(50, 50, 100, 51, 100, false)]
    [TestCase(99, 50, 100, 100, 100, false)]
    [TestCase(0, 1000, 3, 1, 3, false)]
    public void ShouldCoverTheOffsetsPositionsOldestFirst(int offset, int limit, int count, int first, int last, bool hasMore) =>
        Assert.That(SeqWindow.Ascending(1L + offset, limit).Resolve(count), Is.EqualTo(new SeqRange(first, last, hasMore)));

    [TestCase(0, 50, 100, 51, 100, true)]
    [TestCase(50, 50, 100, 1, 50, false)]
    [TestCase(99, 50, 100, 1, 1, false)]
    [TestCase(10, 1000, 30, 1, 20, false)]
    public void ShouldCoverTheOffsetsPositionsNewestFirst(int offset, int limit, int count, int first, int last, bool hasMore) =>
        Assert.That(SeqWindow.NewestFirstSkipping(offset, limit).Resolve(count), Is.EqualTo(new SeqRange(first, last, hasMore)));

    [TestCase(100, 100)]
    [TestCase(int.MaxValue, 5)]
    [TestCase(int.MaxValue, int.MaxValue)]
    public void ShouldCoverNothingPastTheEndOldestFirst(int offset, int count) =>
        Assert.That(SeqWindow.Ascending(1L + offset, 1000).Resolve(count), Is.Null);

    [TestCase(100, 100)]
    [TestCase(int.MaxValue, 5)]
    [TestCase(int.MaxValue, int.MaxValue)]
    public void ShouldCoverNothingPastTheStartNewestFirst(int offset, int count) =>
        Assert.That(SeqWindow.NewestFirstSkipping(offset, 1000).Resolve(count), Is.Null);

    [Test]
    public void ShouldContinueAfterACursorAtTheLastPositionWithNothing() =>
        Assert.That(SeqWindow.Ascending(int.MaxValue + 1L, 1000).Resolve(int.MaxValue), Is.Null);

    [Test]
    public void ShouldContinueBelowACursorAtTheFirstPositionWithNothing() =>
        Assert.That(SeqWindow.DescendingFrom(0, 1000).Resolve(10), Is.Null);

    [Test]
    public void ShouldContinueBelowACursorNewestFirst() =>
        Assert.That(SeqWindow.DescendingFrom(60, 50).Resolve(100), Is.EqualTo(new SeqRange(11, 60, true)));

    [Test]
    public void ShouldCoverOnlyPositionsTheCountHoldsBelowACursor() =>
        Assert.That(SeqWindow.DescendingFrom(120, 50).Resolve(100), Is.EqualTo(new SeqRange(71, 100, true)));

    [Test]
    public void ShouldCoverTheLastPositionsOfTheLargestConversation() =>
        Assert.That(SeqWindow.NewestFirstSkipping(0, 1000).Resolve(int.MaxValue), Is.EqualTo(new SeqRange(int.MaxValue - 999, int.MaxValue, true)));

    [Test]
    public void ShouldCoverNothingInAnEmptyConversation() =>
        Assert.That(SeqWindow.Ascending(1, 50).Resolve(0), Is.Null);
}
