using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TodoChat.Infrastructure.Persistence;

namespace TodoChat.WebApi.Tests.Database;

/// <summary>The run's database was created empty; the service migrated it when it started.</summary>
public sealed class MigrationTests : TestBase
{
    [Test]
    public async Task ShouldHaveAppliedEveryMigrationToTheEmptyDatabase()
    {
        await using var scope = Testing.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();

        var applied = await db.Database.GetAppliedMigrationsAsync();
        var pending = await db.Database.GetPendingMigrationsAsync();

        Assert.That(applied, Is.EquivalentTo(db.Database.GetMigrations()).And.Not.Empty);
        Assert.That(pending, Is.Empty);
    }

    [Test]
    public async Task ShouldCreateTheTablesAndKeysTheModelNeeds()
    {
        var tables = await Testing.ScalarAsync<string>(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'");
        var seqIndex = await Testing.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_messages_conversation_id_seq'");

        Assert.That(tables, Is.EqualTo("__EFMigrationsHistory,conversation_tombstones,conversations,idempotency_records,messages,sync_counters,tasks"));
        Assert.That(seqIndex, Does.StartWith("CREATE UNIQUE INDEX"));
    }

    [Test]
    public void ShouldHaveNoModelChangesWithoutAMigration()
    {
        using var scope = Testing.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoChatDbContext>();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run 'dotnet dotnet-ef migrations add <Name> --project src/Infrastructure'");
    }
}
