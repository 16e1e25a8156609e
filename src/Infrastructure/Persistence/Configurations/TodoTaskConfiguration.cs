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

        // Every read is "this user's tasks", oldest first, a page at a time; by status, one range of its own,
        // so a page of the few pending tasks among many completed ones reads only those.
        builder.HasIndex(t => new { t.UserId, t.Id });
        builder.HasIndex(t => new { t.UserId, t.Completed, t.Id });
    }
}
