using System.Text;
using TodoChat.Application.Conversations;
using TodoChat.Domain.Conversations;

namespace TodoChat.Application.UnitTests.Conversations;

public sealed class MessageListTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void ShouldWriteRunsOfSeveralBlocksAsOneArrayOldestFirst()
    {
        var list = new MessageList([(Block(1, 5), 2, 5), (Block(6, 5), 0, 2)], descending: false);
        Assert.That(Seqs(list), Is.EqualTo(new[] { 3, 4, 5, 6, 7 }));
        Assert.That(list.Select(m => m.Seq), Is.EqualTo(new[] { 3, 4, 5, 6, 7 }));
    }

    [Test]
    public void ShouldWriteRunsNewestFirstWhenDescending()
    {
        var list = new MessageList([(Block(1, 5), 2, 5), (Block(6, 5), 0, 2)], descending: true);
        Assert.That(Seqs(list), Is.EqualTo(new[] { 7, 6, 5, 4, 3 }));
        Assert.That(list[0].Seq, Is.EqualTo(7));
        Assert.That(list.Last, Is.EqualTo((Start.AddSeconds(3), 3)));
    }

    [Test]
    public void ShouldNameTheLastMessageInPageOrder() =>
        Assert.That(new MessageList([(Block(1, 5), 0, 4)], descending: false).Last, Is.EqualTo((Start.AddSeconds(4), 4)));

    [TestCase(false, new[] { 1, 2, 3 })]
    [TestCase(true, new[] { 10, 9, 8 })]
    public void ShouldTakeTheFirstMessagesInPageOrder(bool descending, int[] expected)
    {
        var list = new MessageList([(Block(1, 5), 0, 5), (Block(6, 5), 0, 5)], descending);
        Assert.That(Seqs(list.Take(3)), Is.EqualTo(expected));
    }

    [Test]
    public void ShouldWriteAnEmptyArrayForNoMessages()
    {
        Assert.That(Json(MessageList.Empty), Is.EqualTo("[]"));
        Assert.That(MessageList.Empty.Last, Is.Null);
    }

    [Test]
    public void ShouldReadBackWhatItHolds()
    {
        using var builder = new MessageBlock.Builder();
        var id = Guid.CreateVersion7();
        builder.Add(id, 1, MessageRole.Assistant, "caf\u00e9 \"quoted\" <b> \ud83d\ude00\n", Start.AddTicks(1234567));
        var message = new MessageList([(builder.Build(), 0, 1)], false)[0];
        Assert.That(message, Is.EqualTo(new MessageDto(id, 1, MessageRole.Assistant, "caf\u00e9 \"quoted\" <b> \ud83d\ude00\n", Start.AddTicks(1234567))));
    }

    [Test]
    public void ShouldSliceABlockIntoOneWithItsOwnBytes()
    {
        var slice = Block(1, 10).Slice(3, 6);
        Assert.That(Seqs(new MessageList([(slice, 0, slice.Count)], false)), Is.EqualTo(new[] { 4, 5, 6 }));
        Assert.That(slice.IndexOfSeqAtLeast(5), Is.EqualTo(1));
        Assert.That(slice.IndexOfSeqAtLeast(7), Is.EqualTo(3));
    }

    private static MessageBlock Block(int firstSeq, int count)
    {
        using var builder = new MessageBlock.Builder();
        for (var seq = firstSeq; seq < firstSeq + count; seq++)
        {
            builder.Add(Guid.CreateVersion7(), seq, seq % 2 == 1 ? MessageRole.User : MessageRole.Assistant, $"message {seq}", Start.AddSeconds(seq));
        }

        return builder.Build();
    }

    private static string Json(MessageList list)
    {
        var buffer = new byte[list.JsonLength];
        Assert.That(list.WriteTo(buffer), Is.EqualTo(buffer.Length));
        return Encoding.UTF8.GetString(buffer);
    }

    private static int[] Seqs(MessageList list) =>
        System.Text.Json.JsonDocument.Parse(Json(list)).RootElement.EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()).ToArray();
}
