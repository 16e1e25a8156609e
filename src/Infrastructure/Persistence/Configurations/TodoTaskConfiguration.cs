using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Domain.Tasks;

namespace TodoChat.Infrastructure.Persistence.Configurations;

internal sealed class TodoTaskConfiguration : IEntityTypeConfiguration<TodoTask>
{
    public void Configure(EntityTypeBuilder<TodoTask> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityAlwaysColumn();
        builder.Property(t => t.UserId).HasMaxLength(UserIds.MaxLength).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(TodoTask.TitleMaxLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(TodoTask.DescriptionMaxLength);

        // Every read is "this user's tasks", oldest first, sometimes by status.
        builder.HasIndex(t => new { t.UserId, t.Id });
    }
}
