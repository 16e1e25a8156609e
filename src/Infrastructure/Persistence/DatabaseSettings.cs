namespace TodoChat.Infrastructure.Persistence;

/// <summary>The effective connection string (pool options merged with the configured string), secrets included.</summary>
internal sealed record DatabaseSettings(string ConnectionString);
