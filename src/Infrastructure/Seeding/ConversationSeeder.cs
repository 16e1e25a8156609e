using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TodoChat.Application.Common;
using TodoChat.Domain.Conversations;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.Infrastructure.Seeding;

/// <summary>
/// Makes large conversations fast for benchmarks and manual paging: the messages come from the
/// domain's own <see cref="Conversation.Append"/> (so seq, times and counters are exactly what the
/// append use case would write) and go in with one binary COPY, in one transaction.
/// </summary>
public sealed class ConversationSeeder(TodoChatDbContext db, TimeProvider clock)
{
    private const string Filler =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
        "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.";

    /// <summary>A conversation of <paramref name="messages"/> messages, alternating user and assistant, one second apart, ending now.</summary>
    public async Task<Guid> SeedAsync(string userId, int messages, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messages);
        var start = clock.GetUtcNowMicroseconds().AddSeconds(-messages);
        var conversation = new Conversation(Guid.CreateVersion7(), userId, $"Seeded conversation of {messages:N0} messages", start);
        var rows = new List<Message>(messages);
        for (var i = 0; i < messages; i++)
        {
            var role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant;
            rows.Add(conversation.Append(Guid.CreateVersion7(), role, Content(i + 1, role), null, start.AddSeconds(i)));
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteInTransactionAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                db.Conversations.Add(conversation);
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);

                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY messages (id, conversation_id, user_id, seq, role, content, tool_calls, created_at) FROM STDIN (FORMAT BINARY)", ct);
                foreach (var message in rows)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(message.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(message.ConversationId, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(message.UserId, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(message.Seq, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(message.Role == MessageRole.User ? "user" : "assistant", NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(message.Content, NpgsqlDbType.Text, ct);
                    await copy.WriteNullAsync(ct);
                    await copy.WriteAsync(message.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                }

                await copy.CompleteAsync(ct);
            },
            async ct => await db.Conversations.AnyAsync(c => c.Id == conversation.Id, ct),
            cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        return conversation.Id;
    }

    private static string Content(int seq, MessageRole role)
    {
        var head = role == MessageRole.User ? $"Message {seq} from the user. " : $"Message {seq} from the assistant. ";
        return head + Filler[..(200 - head.Length)];
    }
}
