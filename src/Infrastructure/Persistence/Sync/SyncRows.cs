using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Sync;

/// <summary>
/// A row of sync_counters: one per user, bumped (and so row-locked until commit) by every write that
/// changes the user's conversations. Its value stamps what the write changed: writes of one user get
/// their stamps in commit order, which is what lets sync ask for "stamp greater than" safely (ADR-015).
/// </summary>
internal sealed class SyncCounterRow
{
    public required string UserId { get; init; }

    public long Value { get; init; }
}

/// <summary>A deleted conversation, kept so that sync can tell clients to drop it.</summary>
internal sealed class ConversationTombstoneRow
{
    public required Guid ConversationId { get; init; }

    public required string UserId { get; init; }

    public required long SyncStamp { get; init; }

    public required DateTimeOffset DeletedAt { get; init; }
}

/// <summary>The stamp columns of conversations and messages: shadow properties, not part of the domain.</summary>
internal static class SyncStamps
{
    public const string Property = "SyncStamp";
}

internal sealed class SyncCounterRowConfiguration : IEntityTypeConfiguration<SyncCounterRow>
{
    public void Configure(EntityTypeBuilder<SyncCounterRow> builder)
    {
        builder.ToTable("sync_counters");
        builder.HasKey(r => r.UserId);
        builder.Property(r => r.UserId).HasMaxLength(UserIds.MaxLength);
    }
}

internal sealed class ConversationTombstoneRowConfiguration : IEntityTypeConfiguration<ConversationTombstoneRow>
{
    public void Configure(EntityTypeBuilder<ConversationTombstoneRow> builder)
    {
        builder.ToTable("conversation_tombstones");
        builder.HasKey(r => r.ConversationId);
        builder.Property(r => r.ConversationId).ValueGeneratedNever();
        builder.Property(r => r.UserId).HasMaxLength(UserIds.MaxLength).IsRequired();
        builder.HasIndex(r => new { r.UserId, r.SyncStamp });
    }
}
