using Microsoft.EntityFrameworkCore;
using TodoChat.Domain.Conversations;
using TodoChat.Domain.Tasks;

namespace TodoChat.Infrastructure.Persistence;

public sealed class TodoChatDbContext(DbContextOptions<TodoChatDbContext> options) : DbContext(options)
{
    public DbSet<TodoTask> Tasks => Set<TodoTask>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TodoChatDbContext).Assembly);
}
