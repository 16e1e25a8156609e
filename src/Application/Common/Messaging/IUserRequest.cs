namespace TodoChat.Application.Common.Messaging;

/// <summary>A use case performed on behalf of one user; the id comes from the bearer token, never from input.</summary>
public interface IUserRequest
{
    string UserId { get; }
}
