using Npgsql;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.Infrastructure.UnitTests.Persistence;

/// <summary>Which failures count as a broken connection (retried, then 503) rather than a bug (500).</summary>
public sealed class DatabaseFailureTests
{
    [Test]
    public void ShouldTakeANullReferenceThrownInsideNpgsqlForABrokenConnection()
    {
        var fromNpgsql = Assert.Catch<NullReferenceException>(() => NpgsqlConnection.ClearPool(null!));

        Assert.That(DatabaseFailure.IsBrokenConnection(fromNpgsql!), Is.True);
        Assert.That(DatabaseFailure.IsUnavailable(fromNpgsql!), Is.True);
    }

    [Test]
    public void ShouldNotTakeANullReferenceOfOursForABrokenConnection()
    {
        var ours = Assert.Catch<NullReferenceException>(() => _ = ((string)null!).Length);

        Assert.That(DatabaseFailure.IsBrokenConnection(ours!), Is.False);
        Assert.That(DatabaseFailure.IsUnavailable(ours!), Is.False);
    }
}
