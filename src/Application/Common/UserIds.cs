namespace TodoChat.Application.Common;

public static class UserIds
{
    /// <summary>The longest user id (a token's <c>sub</c>) the service accepts.</summary>
    public const int MaxLength = 128;
}
