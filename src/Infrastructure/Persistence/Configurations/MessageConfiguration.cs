using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Domain.Conversations;

namespace TodoChat.Infrastructure.Persistence.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages", t =>
        {
            t.HasCheckConstraint("ck_messages_seq_positive", "seq >= 1");
            t.HasCheckConstraint("ck_messages_role", "role IN ('user', 'assistant')");
        });
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.UserId).HasMaxLength(UserIds.MaxLength).IsRequired();
        builder.Property(m => m.Role)
            .HasConversion(role => role == MessageRole.User ? "user" : "assistant", value => value == "user" ? MessageRole.User : MessageRole.Assistant)
            .HasMaxLength(16)
            .IsRequired();
        builder.Property(m => m.Content).IsRequired();
        builder.Property(m => m.ToolCallsJson).HasColumnName("tool_calls").HasColumnType("jsonb");

        // A position is taken once; it is also the key for offset paging.
        builder.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();

        // The history order (created_at, then seq) as one index range, for keyset pages and time filters.
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt, m.Seq });

        // Sync (ADR-015): the stamp of the write that added it; a changed conversation's new messages as one range.
        builder.Property<long>(Sync.SyncStamps.Property).HasDefaultValue(0L);
        builder.HasIndex(nameof(Message.ConversationId), Sync.SyncStamps.Property);
    }
}
