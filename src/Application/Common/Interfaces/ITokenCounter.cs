namespace TodoChat.Application.Common.Interfaces;

/// <summary>Counts the tokens of a text as the model's encoding splits it.</summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
