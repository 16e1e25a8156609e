using System.Buffers.Binary;
using System.Security.Cryptography;
using TodoChat.Application.Common.Interfaces;
using TodoChat.Application.Conversations;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// The seed's weak ETag: sha256 over the conversation's id, message count, last message time, update
/// time and message revision, all from its own row. Appending a message changes the count, an
/// operator's change to stored messages the revision, so the tag changes exactly when what a client
/// can read does; no message is counted or read to compute it.
/// </summary>
internal sealed class Sha256EtagGenerator : IEtagGenerator
{
    public string ForConversation(ConversationState state)
    {
        Span<byte> input = stackalloc byte[16 + 4 + 8 + 8 + 8];
        state.Id.TryWriteBytes(input[..16]);
        BinaryPrimitives.WriteInt32LittleEndian(input[16..], state.MessageCount);
        BinaryPrimitives.WriteInt64LittleEndian(input[20..], state.LastMessageAt?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(input[28..], state.UpdatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(input[36..], state.Revision);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return string.Create(4 + (hash.Length * 2), hash, static (chars, digest) =>
        {
            "W/\"".CopyTo(chars);
            Convert.TryToHexStringLower(digest, chars[3..], out _);
            chars[^1] = '"';
        });
    }
}
