using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Persistence;

/// <summary>
/// Cursors are base64url(payload + HMAC-SHA256(payload)[..16]). The key is derived (HKDF) from the
/// service's secret, so every instance sharing the secret accepts the others' cursors, and nobody
/// without it can forge or edit one.
/// </summary>
public sealed class HmacCursorProtector : ICursorProtector
{
    private const int TagLength = 16;
    private static readonly byte[] Info = Encoding.UTF8.GetBytes("todochat/cursor/v1");
    private readonly byte[] _key;

    public HmacCursorProtector(byte[] secret)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Info);
    }

    public string Protect(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + TagLength];
        payload.CopyTo(buffer);
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, tag);
        tag[..TagLength].CopyTo(buffer.AsSpan(payload.Length));
        return Base64Url.EncodeToString(buffer);
    }

    public byte[]? Unprotect(string cursor)
    {
        if (cursor.Length is 0 or > 512)
        {
            return null;
        }

        byte[] buffer;
        try
        {
            buffer = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return null;
        }

        if (buffer.Length <= TagLength)
        {
            return null;
        }

        var payload = buffer.AsSpan(0, buffer.Length - TagLength);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected[..TagLength], buffer.AsSpan(payload.Length))
            ? payload.ToArray()
            : null;
    }
}
