using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// The seed's weak ETag: sha256 over the conversation's id, message count and last message time (plus
/// its update time), all from its own row. Appending a message changes the count, so the tag changes
/// exactly when the conversation does; no message is counted or read to compute it.
/// </summary>
internal sealed class Sha256EtagGenerator : IEtagGenerator
{
    public string ForConversation(ConversationDto conversation)
    {
        var state = string.Create(
            CultureInfo.InvariantCulture,
            $"conversation:{conversation.Id:N}:{conversation.MessageCount}:{conversation.LastMessageAt?.UtcTicks ?? 0}:{conversation.UpdatedAt.UtcTicks}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(state), hash);
        return $"W/\"{Convert.ToHexStringLower(hash)}\"";
    }
}
