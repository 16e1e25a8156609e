namespace TodoChat.Application.Common.Interfaces;

/// <summary>Makes paging cursors opaque and tamper-evident: a cursor the service did not issue does not open.</summary>
public interface ICursorProtector
{
    string Protect(ReadOnlySpan<byte> payload);

    /// <summary>The payload of a cursor this service issued, or null when it is forged, edited or malformed.</summary>
    byte[]? Unprotect(string cursor);
}
