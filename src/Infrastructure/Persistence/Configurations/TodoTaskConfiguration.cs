using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TodoChat.Application.Common;
using TodoChat.Domain.Tasks;

namespace TodoChat.Infrastructure.Persistence.Configurations;

internal sealed class TodoTaskConfiguration : IEntityTypeConfiguration<TodoTask>
{
    public const string VersionProperty = "Version";

    public void Configure(EntityTypeBuilder<TodoTask> builder)
    {
        builder.ToTable("tasks");
        builder.HasKey(t => t.Id);
        // By default, not always: a chat turn reserves an id from the sequence (nextval) when its tool
        // adds a task, and inserts it under that id when the turn commits.
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();

        // PostgreSQL's xmin: which transaction last wrote the row. A unit of work remembers it for every
        // task it reads and checks it when it commits. Read, never written.
        builder.Property<uint>(VersionProperty).HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate();
        builder.Property(t => t.UserId).HasMaxLength(UserIds.MaxLength).IsRequired();
        builder.Property(t => t.Title).HasMaxLength(TodoTask.TitleMaxLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(TodoTask.DescriptionMaxLength);

        // Every read is "this user's tasks", oldest first, a page at a time; by status, one range of its own,
        // so a page of the few pending tasks among many completed ones reads only those.
        builder.HasIndex(t => new { t.UserId, t.Id });
        builder.HasIndex(t => new { t.UserId, t.Completed, t.Id });
    }
}
