using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations", t => t.HasCheckConstraint("ck_conversations_message_count", "message_count >= 0"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.UserId).HasMaxLength(UserIds.MaxLength).IsRequired();
        builder.Property(c => c.Title).HasMaxLength(Conversation.TitleMaxLength).IsRequired();

        // The conversation list: a user's conversations by newest activity, keyset-paged.
        builder.HasIndex(c => new { c.UserId, c.UpdatedAt, c.Id }).IsDescending(false, true, true);

        // Sync (ADR-015): the user's counter value of the last write that changed it; its changes since a token.
        builder.Property<long>(Sync.SyncStamps.Property).HasDefaultValue(0L);
        builder.HasIndex(nameof(Conversation.UserId), Sync.SyncStamps.Property);

        builder.HasMany<Message>()
            .WithOne()
            .HasForeignKey(m => m.ConversationId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
