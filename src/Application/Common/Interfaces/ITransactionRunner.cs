namespace TodoChat.Application.Common.Interfaces;

/// <summary>Runs work as one database transaction: everything it writes is kept, or nothing is.</summary>
public interface ITransactionRunner
{
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
