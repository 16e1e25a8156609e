using Microsoft.ML.Tokenizers;
using TodoChat.Application.Common.Interfaces;

namespace TodoChat.Infrastructure.Ai;

/// <summary>
/// Tokens as GPT-4o and later count them (o200k_base, shipped in a package, so nothing is downloaded).
/// Other models' encodings differ by a few percent, which the budget's margin absorbs.
/// </summary>
internal sealed class O200kTokenCounter : ITokenCounter
{
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public int CountTokens(string text) => _tokenizer.CountTokens(text);
}
