using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Application.UnitTests.Common;

/// <summary>
/// Cursors as plain base64, for tests of what is inside them: signing is the real protector's job,
/// tested with the HMAC protector in the functional tests.
/// </summary>
public sealed class PlainCursorProtector : ICursorProtector
{
    public static readonly ICursorProtector Instance = new PlainCursorProtector();

    public string Protect(ReadOnlySpan<byte> payload) => Convert.ToBase64String(payload);

    public byte[]? Unprotect(string cursor)
    {
        var buffer = new byte[cursor.Length];
        return Convert.TryFromBase64String(cursor, buffer, out var written) ? buffer[..written] : null;
    }
}
